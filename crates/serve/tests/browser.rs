//! The UI in a real browser: the server on 127.0.0.1:0, headless Chromium
//! taking screenshots of the ISKP profile and the map at desktop and phone
//! widths, and dumping the map's DOM after its script ran. Chromium is
//! required (scripts/test installs it): a missing browser fails the test
//! with a message, it is never skipped.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dossier_serve::{ServeOptions, router};

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
    let base = start(db);
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-screenshots");
    std::fs::create_dir_all(&out_dir).expect("screenshot dir");

    for (page, name) in [("/actors/iskp", "profile"), ("/map", "map")] {
        screenshot(&out_dir, &base, page, &format!("{name}-1280"), 1280, 900);
        screenshot(&out_dir, &base, page, &format!("{name}-390"), 390, 844);
    }

    // The map page after its script ran: markers, areas and the legend.
    let (dom, stderr) = run_chromium(&["--dump-dom".into(), "--window-size=1280,900".into()], &format!("{base}/map"));
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

    // The profile page's DOM: the infobox and a conflict with its range.
    let (dom, _) = run_chromium(&["--dump-dom".into()], &format!("{base}/actors/iskp"));
    assert!(dom.contains("class=\"infobox\""), "no infobox");
    assert!(dom.contains("conflict-tag"), "no conflict marked");

    // A fragment-only link to a span gets the highlight (app.js adds ?span=).
    let v: serde_json::Value = {
        let (dom, _) = run_chromium(&["--dump-dom".into()], &format!("{base}/api/sources"));
        let start = dom.find('[').expect("JSON array in the page");
        let end = dom.rfind(']').expect("end of the array");
        serde_json::from_str(&dom[start..=end].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
            .expect("sources JSON")
    };
    let id = v[0]["id"].as_str().expect("a source id").to_string();
    let (dom, _) = run_chromium(&["--dump-dom".into()], &format!("{base}/sources/{id}#s-0-10"));
    assert!(dom.contains("<mark class=\"target\""), "the fragment did not lead to a highlight");
}
