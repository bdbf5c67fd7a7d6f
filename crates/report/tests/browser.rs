//! The HTML report rendered by headless Chromium: printed to PDF and
//! captured as a PNG of its first page, which is kept at
//! `target/artifacts/report-iskp.png` for CI. Chromium is required: the
//! test fails (it does not skip) when it is missing; `scripts/test`
//! installs it and `CHROMIUM` may name another binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dossier_report::{ReportOptions, build};

/// The Chromium binary: `$CHROMIUM`, else `/usr/bin/chromium` or a
/// Chromium or Chrome on the `PATH`.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(p.is_file(), "CHROMIUM={} is not a file; point it at a Chromium binary", p.display());
        return p;
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
    let mut dirs = vec![PathBuf::from("/usr/bin")];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    for d in &dirs {
        for n in names {
            let p = d.join(n);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "Chromium is missing: this test prints the HTML report with headless Chromium. Install the Debian package \
         `chromium` (scripts/test does so) or set CHROMIUM to the path of a Chromium binary."
    );
}

/// Runs headless Chromium on `page` with `extra` flags, in a fresh profile,
/// failing the test on a non-zero exit or after three minutes.
fn headless(bin: &Path, work: &Path, page: &Path, extra: &[String]) {
    let profile = tempfile::tempdir_in(work).unwrap();
    let log = work.join(format!("chromium-{}.log", extra.len()));
    let log_file = std::fs::File::create(&log).unwrap();
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--no-pdf-header-footer",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    args.extend(extra.iter().cloned());
    args.push(format!("file://{}", page.display()));
    let mut child = Command::new(bin)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().unwrap())
        .stderr(log_file)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "Chromium did not finish within 3 minutes; log:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "Chromium failed ({status}); log:\n{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
}

/// The workspace's `target/` folder.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

#[test]
fn the_html_report_prints_to_pdf_and_png() {
    let bin = chromium();
    let store = common::corpus_store();
    let report = build(&store, "ISKP", &ReportOptions::default()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("report-iskp.html");
    std::fs::write(&page, report.to_html()).unwrap();

    let pdf = work.path().join("report-iskp.pdf");
    headless(&bin, work.path(), &page, &[format!("--print-to-pdf={}", pdf.display())]);
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF at {}: {e}", pdf.display()));
    assert!(bytes.starts_with(b"%PDF"), "a PDF file");
    assert!(bytes.len() > 20_000, "a PDF of a few pages, not an empty one: {} bytes", bytes.len());
    let pages = bytes.windows(10).filter(|w| w == b"/Type /Pag" || w == b"/Type/Page").count();
    assert!(pages >= 2, "the report runs over several A4 pages ({pages} page objects)");

    let png = work.path().join("report-iskp.png");
    headless(
        &bin,
        work.path(),
        &page,
        &[format!("--screenshot={}", png.display()), "--window-size=1240,1754".to_string()],
    );
    let image = std::fs::read(&png).unwrap_or_else(|e| panic!("no PNG at {}: {e}", png.display()));
    assert!(image.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
    let (w, h) =
        (u32::from_be_bytes(image[16..20].try_into().unwrap()), u32::from_be_bytes(image[20..24].try_into().unwrap()));
    assert_eq!((w, h), (1240, 1754), "the first page at the window size");
    assert!(image.len() > 30_000, "a rendered page, not a blank one: {} bytes", image.len());

    let artifacts = target_dir().join("artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    std::fs::copy(&png, artifacts.join("report-iskp.png")).unwrap();
    std::fs::copy(&pdf, artifacts.join("report-iskp.pdf")).unwrap();
    std::fs::copy(&page, artifacts.join("report-iskp.html")).unwrap();
}
