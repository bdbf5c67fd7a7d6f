//! No input makes the importer panic: arbitrary bytes, arbitrary fields
//! under each real header, and any generated file reads back cleanly.

use std::io::Cursor;

use dossier_import::{ACLED_HEADER, ImportError, generate_acled, open};
use proptest::prelude::*;

/// Real first lines (see `HEADERS.md`): every layout the importer knows.
fn headers() -> Vec<String> {
    let fixtures = ["acled_current.csv", "acled_legacy.csv", "gtd.csv", "ucdp_ged.csv"];
    let mut headers: Vec<String> = fixtures
        .iter()
        .map(|name| {
            let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            text.lines().next().unwrap_or_default().to_string()
        })
        .collect();
    headers.push(ACLED_HEADER.join(","));
    headers
}

/// Reads everything; checks what can be checked about any outcome.
fn drain(bytes: Vec<u8>) {
    let Ok(rows) = open(Cursor::new(bytes)) else { return };
    let mut after_fatal = false;
    for row in rows {
        assert!(!after_fatal, "nothing may follow a fatal error");
        match row {
            Ok(row) => {
                assert!(!row.id.is_empty());
                if let Some(c) = row.coordinates {
                    assert!(c.lat.abs() <= 90.0 && c.lon.abs() <= 180.0);
                }
            }
            Err(ImportError::Row { line, .. }) => assert!(line >= 1),
            Err(e) => after_fatal = e.is_fatal(),
        }
    }
}

/// Field values that look like what the columns hold, plus noise.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "-?[0-9]{1,4}(\\.[0-9]{1,3})?",
        "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}( 00:00:00\\.000)?",
        "[0-9]{1,2} (January|February|March|Smarch) [0-9]{4}",
        "[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}",
        "[ -~]{0,12}",
        "\\PC{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        drain(bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_real_header_never_panic(
        which in 0usize..5,
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let header = &headers()[which];
        let mut input = format!("{header}\n").into_bytes();
        input.extend(bytes);
        drain(input);
    }

    #[test]
    fn arbitrary_fields_under_a_real_header_never_panic(
        which in 0usize..5,
        rows in proptest::collection::vec(proptest::collection::vec(field(), 28..140), 1..6),
    ) {
        let header = &headers()[which];
        let width = header.split(',').count();
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        writer.write_record(header.split(',')).unwrap();
        for mut row in rows {
            // Mostly the right width, sometimes not.
            if row.len() > width && row.len() % 7 != 0 {
                row.truncate(width);
            }
            writer.write_record(&row).unwrap();
        }
        drain(writer.into_inner().unwrap());
    }

    #[test]
    fn every_generated_file_reads_back_without_error(rows in 0usize..300, seed in any::<u64>()) {
        let mut bytes = Vec::new();
        generate_acled(rows, seed, &mut bytes).unwrap();
        let read: Result<Vec<_>, _> = open(Cursor::new(bytes)).unwrap().collect();
        let read = read.map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(read.len(), rows);
    }
}
