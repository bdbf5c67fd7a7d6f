//! The importers' fuzz targets as ordinary tests (see `fuzz/` and
//! `docs/robustness.md`): every input kept under `tests/fixtures/fuzz/`
//! (the minimised corpora of `import_acled`, `import_gtd` and
//! `import_ucdp`, and every input that once crashed) plus damaged copies of
//! the real fixture rows go after a real header through `open` to the end
//! of the file and the linker. Rows or errors, never a panic; a bad row is
//! an error with its line that does not stop the file; nothing follows a
//! fatal error; coordinates stay on the globe.

use std::io::Cursor;
use std::path::PathBuf;

use dossier_import::link::Linker;
use dossier_import::{ImportError, open};
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn header(name: &str) -> String {
    format!("{}\n", fixture(name).lines().next().unwrap_or_default())
}

fn rows_of(name: &str) -> String {
    fixture(name).split_once('\n').map(|(_, rest)| rest.to_string()).unwrap_or_default()
}

/// The checks of `fuzz/src/lib.rs::import`.
fn drain(header: &str, data: &[u8]) {
    let mut input = header.as_bytes().to_vec();
    input.extend_from_slice(data);
    let rows = match open(Cursor::new(input)) {
        Ok(rows) => rows,
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty() && !msg.contains('\n'), "refusal on more than one line: {msg}");
            return;
        }
    };
    let mut linker = Linker::default();
    let mut fatal = false;
    for row in rows {
        assert!(!fatal, "a row after a fatal error");
        match row {
            Ok(row) => {
                assert!(row.line >= 1);
                if let Some(c) = row.coordinates {
                    assert!(c.lat.abs() <= 90.0 && c.lon.abs() <= 180.0, "coordinates {c:?}");
                }
                let _ = linker.event(&row);
            }
            Err(e @ ImportError::Row { .. }) => {
                assert!(!e.to_string().contains('\n'), "row error on more than one line: {e}");
                assert!(!e.is_fatal());
            }
            Err(e) => {
                assert!(!e.to_string().contains('\n'), "fatal error on more than one line: {e}");
                fatal = e.is_fatal();
            }
        }
    }
}

/// The targets' inputs: the first byte picks the layout where a target
/// has two.
fn acled(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let file = if first % 2 == 0 { "acled_current.csv" } else { "acled_legacy.csv" };
    drain(&header(file), rest);
}

fn gtd(data: &[u8]) {
    drain(&header("gtd.csv"), data);
}

fn ucdp(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let header = if first % 2 == 0 { header("ucdp_ged.csv") } else { String::new() };
    drain(&header, rest);
}

fn kept(target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs kept in {}", dir.display());
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    for path in kept(target) {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{} fails (replay it with `cargo fuzz run {target} FILE`)", path.display());
    }
}

#[test]
fn kept_acled_inputs_import_or_fail_row_by_row() {
    replay("import_acled", acled);
}

#[test]
fn kept_gtd_inputs_import_or_fail_row_by_row() {
    replay("import_gtd", gtd);
}

#[test]
fn kept_ucdp_inputs_import_or_fail_row_by_row() {
    replay("import_ucdp", ucdp);
}

/// What damage does to a CSV file: bytes replaced by the characters that
/// matter to CSV and to the field parsers, bytes dropped, bytes doubled.
#[derive(Debug, Clone)]
enum Damage {
    Set(prop::sample::Index, u8),
    Drop(prop::sample::Index),
    Double(prop::sample::Index),
}

fn damage() -> impl Strategy<Value = Damage> {
    let byte = prop_oneof![
        Just(b','),
        Just(b'"'),
        Just(b'\n'),
        Just(b'\r'),
        Just(b'-'),
        Just(b'0'),
        Just(b'9'),
        Just(b'.'),
        Just(b' '),
        Just(0xff),
        any::<u8>(),
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), byte).prop_map(|(i, b)| Damage::Set(i, b)),
        any::<prop::sample::Index>().prop_map(Damage::Drop),
        any::<prop::sample::Index>().prop_map(Damage::Double),
    ]
}

fn damaged(rows: &str, damage: &[Damage]) -> Vec<u8> {
    let mut data = rows.as_bytes().to_vec();
    for d in damage {
        if data.is_empty() {
            break;
        }
        match d {
            Damage::Set(i, b) => {
                let i = i.index(data.len());
                data[i] = *b;
            }
            Damage::Drop(i) => {
                data.remove(i.index(data.len()));
            }
            Damage::Double(i) => {
                let i = i.index(data.len());
                data.insert(i, data[i]);
            }
        }
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn damaged_real_rows_import_or_fail_row_by_row(
        which in 0usize..6,
        damage in prop::collection::vec(damage(), 1..12),
    ) {
        let (header, rows) = match which {
            0 => (header("acled_current.csv"), rows_of("acled_current.csv")),
            1 => (header("acled_current.csv"), rows_of("acled_bad_rows.csv")),
            2 => (header("acled_legacy.csv"), rows_of("acled_legacy.csv")),
            3 => (header("gtd.csv"), rows_of("gtd.csv")),
            4 => (header("ucdp_ged.csv"), rows_of("ucdp_ged.csv")),
            _ => (String::new(), fixture("ucdp_candidate_noheader.csv")),
        };
        drain(&header, &damaged(&rows, &damage));
    }

    #[test]
    fn arbitrary_bytes_through_each_target(which in 0usize..3, bytes in prop::collection::vec(any::<u8>(), 0..1200)) {
        [acled, gtd, ucdp][which](&bytes);
    }
}

/// Found by `damaged_real_rows_import_or_fail_row_by_row`: a row id with a
/// line break (a quoted field) printed raw, so one bad row took several
/// lines of `dossier import`'s warnings; and a header-less file whose first
/// field held one did the same to the refusal.
#[test]
fn messages_quote_ids_and_names_with_line_breaks() {
    let mut row = "\"PAK1\nPAK2\",".to_string();
    row.push_str(&",".repeat(3));
    row.push('\n');
    let mut rows = open(Cursor::new(format!("{}{row}", header("acled_current.csv")))).unwrap();
    let e = rows.next().unwrap().unwrap_err();
    assert_eq!(e.to_string(), r#"line 2 ("PAK1\nPAK2"): 5 fields where the header has 31 (a stray comma or quote?)"#);
    let Err(e) = open(Cursor::new("\"a\nb\",c\n")) else { panic!("not a header") };
    assert!(!e.to_string().contains('\n'), "{e}");
    assert!(e.to_string().contains(r#"2 column(s): "a\nb", c"#), "{e}");
}
