//! The UI in a real browser: the server on 127.0.0.1:0 and headless
//! Chromium. Screenshots of the ISKP profile, its timeline and the map at
//! desktop and phone widths go to `target/artifacts/` (CI keeps them); the
//! profile's DOM shows the founding conflict with footnotes that open the
//! source viewer on the cited sentence; the map's DOM after its script
//! ran; and documents full of script, event handlers and `javascript:`
//! links (HTML, Markdown, plain text) run nothing on any page that shows
//! their text. Chromium is required (scripts/test installs it): a missing
//! browser fails the test with a message, it is never skipped.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dossier_serve::{ServeOptions, router};
use dossier_store::{EventFilter, Store};

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.is_file(),
        "Chromium not found at {} (set CHROMIUM, or install it: `apt-get install chromium`, as scripts/test does)",
        path.display()
    );
    path
}

/// Starts the server on a free port in a thread of its own; returns the
/// base URL.
fn start(db: PathBuf) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            axum::serve(listener, router(db, ServeOptions::default())).await.expect("serve");
        });
    });
    format!("http://{addr}")
}

/// Runs Chromium headless with the given extra arguments and URL; returns
/// stdout and stderr. Fails after two minutes.
fn run_chromium(args: &[String], url: &str) -> (String, String) {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(args)
    .arg(url)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start Chromium: {e}"));
    // Read the pipes on threads so a chatty browser cannot block on them.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium did not finish within 120 s for {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (out_t.join().unwrap_or_default(), err_t.join().unwrap_or_default())
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

/// Lines where the browser reports a blocked resource or a script error.
fn complaints(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains("Content Security Policy")
                || l.contains("Refused to")
                || (l.contains("CONSOLE") && (l.contains("Error") || l.contains("Uncaught")))
        })
        .collect()
}

/// The workspace's target directory (`CARGO_TARGET_DIR` when set).
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

/// `target/artifacts/`, which CI keeps.
fn artifacts() -> PathBuf {
    let dir = target_dir().join("artifacts");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// The DOM after the page's scripts ran.
fn dump(url: &str) -> (String, String) {
    run_chromium(&["--dump-dom".into(), "--window-size=1280,900".into()], url)
}

/// One GET over a fresh connection: status line and body, as served.
fn http_get(base: &str, path: &str) -> (String, String) {
    let host = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(host).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("response");
    let raw = String::from_utf8(raw).expect("utf-8 response");
    let (head, body) = raw.split_once("\r\n\r\n").expect("headers and body");
    (head.lines().next().unwrap_or("").to_string(), body.to_string())
}

/// A start tag: its name and attributes (name, value as written).
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Every start tag of an HTML text, quotes respected (a `>` or `<` inside
/// an attribute value does not end or start a tag). Only what this
/// server and Chromium's serializer write: no comments, no raw-text
/// elements with content.
fn start_tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let mut j = i + off + 1;
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i = j;
            continue;
        }
        let s = j;
        while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        let name = html[s..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < n && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= n {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let a = j;
            while j < n && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let attr = html[a..j].to_ascii_lowercase();
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < n && b[j] == b'=' {
                j += 1;
                while j < n && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < n && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let v = j + 1;
                    j = v;
                    while j < n && b[j] != q {
                        j += 1;
                    }
                    value = html[v..j.min(n)].to_string();
                    j = (j + 1).min(n);
                } else {
                    let v = j;
                    while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[v..j].to_string();
                }
            }
            if attr.is_empty() {
                // A stray `=`: step over it.
                j += 1;
                continue;
            }
            attrs.push((attr, value));
        }
        out.push(Tag { name, attrs });
        i = j.min(n);
    }
    out
}

/// An attribute value as a browser reads a URL from it: character
/// references decoded, ASCII whitespace and control characters dropped
/// (`java\tscript:` is `javascript:`), lowercase.
fn url_of(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let entity = &after[..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "colon" => Some(':'),
            "Tab" | "NewLine" => Some(' '),
            e if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_lowercase()
}

const URL_ATTRS: &[&str] =
    &["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc", "srcset"];

/// Nothing in the page can run script: scripts only from `/assets/`, no
/// event-handler attributes, no `javascript:` (or `vbscript:`, `data:`)
/// URL in any link or resource, no frames, plugins, `<base>` or refresh.
fn assert_inert(html: &str, what: &str) {
    for tag in start_tags(html) {
        let t = &tag.name;
        assert!(
            !matches!(t.as_str(), "iframe" | "frame" | "object" | "embed" | "base" | "applet"),
            "{what}: a <{t}> element"
        );
        for (attr, value) in &tag.attrs {
            assert!(!attr.starts_with("on"), "{what}: event handler {attr}={value:?} on <{t}>");
            assert!(!(t == "meta" && attr == "http-equiv"), "{what}: <meta http-equiv={value:?}>");
            if URL_ATTRS.contains(&attr.as_str()) {
                let url = url_of(value);
                for scheme in ["javascript:", "vbscript:", "livescript:"] {
                    assert!(!url.contains(scheme), "{what}: {scheme} URL in <{t} {attr}={value:?}>");
                }
                if attr != "href" || t == "link" {
                    // Resources come from this server (or are inline images).
                    assert!(
                        url.starts_with('/') || (t == "img" && url.starts_with("data:image/")),
                        "{what}: <{t} {attr}={value:?}> loads from elsewhere"
                    );
                } else {
                    assert!(!url.starts_with("data:"), "{what}: data: link <{t} {attr}={value:?}>");
                }
            }
        }
        if t == "script" {
            let src = tag.attrs.iter().find(|(a, _)| a == "src").map(|(_, v)| v.as_str());
            assert!(src.is_some_and(|s| s.starts_with("/assets/")), "{what}: inline or foreign <script>");
        }
    }
}

fn screenshot(out_dir: &Path, base: &str, page: &str, name: &str, width: u32, height: u32) {
    let file = out_dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&file);
    let (_, stderr) = run_chromium(
        &[format!("--screenshot={}", file.display()), format!("--window-size={width},{height}")],
        &format!("{base}{page}"),
    );
    let bytes = std::fs::read(&file)
        .unwrap_or_else(|e| panic!("no screenshot {} ({e}); Chromium said:\n{stderr}", file.display()));
    assert_eq!(png_size(&bytes), (width, height), "{name}");
    // A blank or error page compresses to a few kilobytes.
    assert!(bytes.len() > 20_000, "{name}: screenshot is only {} bytes, likely blank", bytes.len());
    let bad = complaints(&stderr);
    assert!(bad.is_empty(), "{name}: the browser complained:\n{}", bad.join("\n"));
}

#[test]
fn pages_render_in_chromium() {
    chromium();
    let db = common::build_db("browser", &[]);
    let store = Store::open(&db).expect("open");
    let base = start(db);
    let out_dir = artifacts();

    for (page, name) in [("/actors/iskp", "profile"), ("/actors/iskp/timeline", "timeline"), ("/map", "map")] {
        screenshot(&out_dir, &base, page, &format!("serve-{name}-1280"), 1280, 900);
        screenshot(&out_dir, &base, page, &format!("serve-{name}-390"), 390, 844);
    }

    // The map page after its script ran: markers, areas and the legend.
    let (dom, stderr) = dump(&format!("{base}/map"));
    let bad = complaints(&stderr);
    assert!(bad.is_empty(), "map: the browser complained:\n{}", bad.join("\n"));
    assert!(dom.contains("leaflet-container"), "Leaflet did not start:\n{stderr}");
    let rendered: usize = dom
        .split("data-rendered=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the map script did not finish (no data-rendered):\n{stderr}"));
    assert!(rendered >= 5, "only {rendered} incidents drawn");
    assert!(dom.contains("event-marker"), "no point markers in the DOM");
    assert!(dom.contains("area-event"), "no incident drawn as an area");
    assert!(dom.contains("class=\"legend"), "no legend");
    assert!(dom.contains("Incidents with at least one death, per province"), "no choropleth legend");
    assert!(dom.contains("class=\"province"), "no province boundaries");
    assert!(dom.contains("drawn as points"), "the status line was not updated");

    // The profile's DOM: the founding year is disputed (EUAA: 2015, ICCT:
    // 2014), marked as a conflict with both values, each footnoted to the
    // sentence that states it.
    let (dom, stderr) = dump(&format!("{base}/actors/iskp"));
    let bad = complaints(&stderr);
    assert!(bad.is_empty(), "profile: the browser complained:\n{}", bad.join("\n"));
    assert!(dom.contains("class=\"infobox\""), "no infobox");
    let founded = dom
        .split_once("<th scope=\"row\">Founded</th>")
        .and_then(|(_, rest)| rest.split_once("</tr>"))
        .map(|(row, _)| row)
        .unwrap_or_else(|| panic!("no Founded row in the infobox:\n{dom}"));
    assert!(founded.contains("conflict-tag") && founded.contains(">Conflict<"), "founding not marked as a conflict");
    assert!(founded.contains("low 2014"), "the low end 2014 is not shown: {founded}");
    assert!(founded.contains("best 2015"), "the best value 2015 is not shown: {founded}");
    assert!(founded.contains("<span>2014</span>"), "the value 2014 is not listed: {founded}");
    assert!(founded.contains("<span>2015"), "the value 2015 is not listed: {founded}");

    // Footnote links in the row: (source id, start, end).
    let links: Vec<(String, usize, usize)> = founded
        .split("href=\"/sources/")
        .skip(1)
        .filter_map(|s| {
            let href = s.split('"').next()?;
            let (id, rest) = href.split_once("?span=")?;
            let (span, fragment) = rest.split_once('#')?;
            assert_eq!(fragment, format!("s-{span}"), "the fragment names the span");
            let (a, b) = span.split_once('-')?;
            Some((id.to_string(), a.parse().ok()?, b.parse().ok()?))
        })
        .collect();
    let euaa = store.source("corpus/000_29adca9be820ab4a.txt").expect("the EUAA source");
    let cites = |id: &str, text: &str, phrase: &str| {
        let at = text.find(phrase).unwrap_or_else(|| panic!("{phrase:?} not in the source"));
        links.iter().find(|(l, a, b)| l == id && *a <= at && at + phrase.len() <= *b).cloned()
    };
    let (id, a, b) = cites(&euaa.summary.id, &euaa.text, "formed in 2015").unwrap_or_else(|| {
        panic!(
            "no footnote to the EUAA sentence \"formed in 2015\" ({}) in the Founded row: {links:?}",
            euaa.summary.id
        )
    });
    let icct = store
        .sources()
        .unwrap()
        .into_iter()
        .map(|s| store.source(&s.id).unwrap())
        .find(|s| s.text.contains("formed in 2014"))
        .expect("the source that says 2014");
    assert!(
        cites(&icct.summary.id, &icct.text, "formed in 2014").is_some(),
        "no footnote to the sentence \"formed in 2014\" in the Founded row: {links:?}"
    );

    // Following the EUAA footnote opens the source viewer with the
    // sentence highlighted.
    let (dom, _) = dump(&format!("{base}/sources/{id}?span={a}-{b}#s-{a}-{b}"));
    assert!(dom.contains(&format!("id=\"s-{a}-{b}\"")), "no anchor for the span");
    let marked: String = dom
        .split("<mark class=\"target\"")
        .skip(1)
        .filter_map(|m| m.split_once('>').and_then(|(_, rest)| rest.split("</mark>").next()))
        .collect::<Vec<_>>()
        .join("");
    assert!(marked.contains("formed in 2015"), "the highlighted span is not the sentence: {marked:?}");

    // A fragment-only link to a span gets the highlight (app.js adds ?span=).
    let (dom, _) = dump(&format!("{base}/sources/{}#s-0-10", euaa.summary.id));
    assert!(dom.contains("<mark class=\"target\""), "the fragment did not lead to a highlight");
}

/// What the hostile documents' script does if it ever runs: a title and
/// an element that appear nowhere in the documents' own text (the strings
/// are put together at run time).
const PAYLOAD: &str = concat!(
    "document.title='XSS'+'-EXECUTED';",
    "document.documentElement.appendChild(document.createElement('p')).id='xss'+'-executed'"
);

fn hostile_html() -> String {
    format!(
        "<!DOCTYPE html>\n<html><head>\n<title>Hostile HTML <script>{PAYLOAD}</script></title>\n\
         <link rel=\"canonical\" href=\"javascript:{PAYLOAD}\">\n\
         <meta name=\"author\" content=\"&lt;img src=x onerror=&quot;{PAYLOAD}&quot;&gt;\">\n</head><body>\n\
         <h1>Field report &lt;img src=x onerror=\"{PAYLOAD}\"&gt;</h1>\n\
         <p>On 4 April 2024 the Islamic State Khorasan Province (ISKP) attacked a checkpoint in Jalalabad \
         &lt;script&gt;{PAYLOAD}&lt;/script&gt;, killing 9 people. ISKP claimed responsibility.\
         <sup><a href=\"#fn1\">1</a></sup></p>\n\
         <p>Read <a href=\"javascript:{PAYLOAD}\">the hostile link</a> and \
         <a href=\"JaVaScRiPt:alert(2)\" onclick=\"{PAYLOAD}\">another one</a>. \
         <script>{PAYLOAD}</script><img src=x onerror=\"{PAYLOAD}\"></p>\n\
         <p>ISKP was founded in 2013 &lt;svg onload=\"{PAYLOAD}\"&gt; according to this hostile page.</p>\n\
         <div id=\"fn1\"><p>1 Hostile Press, <a href=\"javascript:{PAYLOAD}\">javascript:alert(5)</a>, 2024-04-05</p></div>\n\
         </body></html>\n"
    )
}

fn hostile_md() -> String {
    format!(
        "# Hostile Markdown `<img src=x onerror=\"{PAYLOAD}\">`\n\n\
         On 5 May 2024 the Islamic State Khorasan Province (ISKP) attacked a bus in Peshawar \
         `<img src=x onerror=\"{PAYLOAD}\">`, killing 6 people.[^1]\n\n\
         Click [x](javascript:alert(1)) or [this](javascript:{PAYLOAD}) or <a href=\"javascript:{PAYLOAD}\">raw</a>.\n\n\
         <script>{PAYLOAD}</script>\n\n\
         The group had about 1,500 fighters \\<script>{PAYLOAD}\\</script> in 2024.\n\n\
         [^1]: Hostile Wire, [link](javascript:{PAYLOAD}), https://x.example/a\"onmouseover=\"{PAYLOAD}\"x=\", 2024-05-06\n"
    )
}

fn hostile_txt() -> String {
    format!(
        "Hostile plain text <script>{PAYLOAD}</script>\n\n\
         On 6 June 2024 the Islamic State Khorasan Province (ISKP) attacked a mosque in Quetta \
         <script>{PAYLOAD}</script>, killing 11 people. ISKP claimed responsibility.\n\n\
         Links: javascript:{PAYLOAD} <a href=\"javascript:{PAYLOAD}\">a</a> <img src=x onerror=\"{PAYLOAD}\">\n"
    )
}

/// The payload's traces in a DOM, if it ran.
fn ran(dom: &str) -> bool {
    dom.contains("XSS-EXECUTED") || dom.contains("xss-executed")
}

#[test]
fn document_markup_never_runs_in_chromium() {
    chromium();
    let (html, md, txt) = (hostile_html(), hostile_md(), hostile_txt());
    let db = common::build_db(
        "browser-xss",
        &[
            ("hostile/report.html", html.as_bytes()),
            ("hostile/notes.md", md.as_bytes()),
            ("hostile/raw.txt", txt.as_bytes()),
        ],
    );

    // The control: the same payload, as markup in a page without our CSP,
    // does run in this browser, so its absence below means something.
    let control = tempfile::tempdir().unwrap();
    let file = control.path().join("control.html");
    std::fs::write(
        &file,
        format!(
            "<!DOCTYPE html><html><head><title>control</title></head><body><script>{PAYLOAD}</script></body></html>"
        ),
    )
    .unwrap();
    let (dom, stderr) = dump(&format!("file://{}", file.display()));
    assert!(ran(&dom), "the control payload did not run, so the test cannot see a run:\n{dom}\n{stderr}");

    // What the knowledge base took from the documents: their text reaches
    // the source viewer, search, the ISKP profile and three incidents.
    let store = Store::open(&db).unwrap();
    let hostile: Vec<String> =
        store.sources().unwrap().into_iter().filter(|s| s.path.starts_with("hostile/")).map(|s| s.id).collect();
    assert_eq!(hostile.len(), 3, "the three hostile documents are stored");
    let events: Vec<i64> = store
        .events(&EventFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| store.event(e.id).unwrap().report_list.iter().any(|r| hostile.contains(&r.evidence.source.id)))
        .map(|e| e.id)
        .collect();
    assert_eq!(events.len(), 3, "one incident from each hostile document");
    let claims: Vec<String> = store
        .claims("iskp")
        .unwrap()
        .into_iter()
        .filter(|c| hostile.contains(&c.evidence.source.id))
        .map(|c| c.evidence.quote)
        .collect();
    assert!(
        claims.iter().any(|q| q.contains("<script>")) && claims.iter().any(|q| q.contains("<svg")),
        "the hostile claims' quotes carry the markup: {claims:?}"
    );
    drop(store);

    let base = start(db);
    let mut pages: Vec<String> = vec![
        "/".into(),
        "/actors".into(),
        "/actors?q=%3Cscript%3E".into(),
        "/actors/iskp".into(),
        "/actors/iskp?policy=recent".into(),
        "/actors/iskp/timeline".into(),
        "/events".into(),
        "/events?actor=iskp&from=2024".into(),
        "/map".into(),
        "/map?actor=iskp&from=2024".into(),
        "/conflicts".into(),
        "/conflicts?actor=iskp".into(),
        "/sources".into(),
        "/search?q=EXECUTED".into(),
        "/search?q=onerror".into(),
        "/search?q=javascript".into(),
        "/search?q=%3Cscript%3E".into(),
        "/search?q=Hostile".into(),
    ];
    for id in &hostile {
        pages.push(format!("/sources/{id}"));
        pages.push(format!("/sources/{id}?find=onerror#found"));
        pages.push(format!("/sources/{id}?find=%3Cscript%3E"));
    }
    for e in &events {
        pages.push(format!("/events/{e}"));
    }

    // As served: no `javascript:` link, no handler, no inline script.
    let mut served = String::new();
    for page in &pages {
        let (status, body) = http_get(&base, page);
        assert!(status.contains(" 200 "), "{page}: {status}");
        assert_inert(&body, &format!("{page} as served"));
        served.push_str(&body);
    }
    // The hostile text is there, as text: the views do show it.
    for shown in [
        "&lt;script&gt;document.title=",
        "&lt;img src=x onerror=",
        "&lt;svg onload=",
        "javascript:document.title=", // the HTML's canonical address, as text
        "href=\"https://x.example/a&quot;onmouseover=&quot;", // a reference's address, quotes escaped
    ] {
        assert!(served.contains(shown), "no page shows {shown:?}");
    }
    // Links in the documents were dropped: their words are plain text.
    for text in ["the hostile link</a>", "another one</a>", ">raw</a>"] {
        assert!(!served.contains(text), "a document link survived: {text}");
    }

    // In the browser, after every script of the page ran.
    for page in &pages {
        let (dom, stderr) = dump(&format!("{base}{page}"));
        assert!(dom.contains("</main>"), "{page}: the page did not load:\n{stderr}");
        assert!(!ran(&dom), "{page}: the document's script ran:\n{dom}");
        assert_inert(&dom, &format!("{page} in Chromium"));
        let bad = complaints(&stderr);
        assert!(bad.is_empty(), "{page}: the browser blocked or failed something:\n{}", bad.join("\n"));
    }
}
