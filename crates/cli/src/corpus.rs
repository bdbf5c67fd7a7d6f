//! The demo corpus, compiled into the binary so that `dossier demo` and
//! `dossier bench` work from any directory.

/// `(path, bytes)` of each bundled dataset sample: hand-written rows under
/// the real ACLED and UCDP GED headers (never GTD data, whose licence
/// forbids redistribution).
pub const DATASETS: &[(&str, &[u8])] = &[
    ("samples/acled.csv", include_bytes!("../../import/tests/fixtures/acled_current.csv")),
    ("samples/ucdp_ged.csv", include_bytes!("../../import/tests/fixtures/ucdp_ged.csv")),
];

/// `(path, bytes)` of each bundled document.
pub const CORPUS: &[(&str, &[u8])] = &[
    ("corpus/000_29adca9be820ab4a.txt", include_bytes!("../../../corpus/000_29adca9be820ab4a.txt")),
    ("corpus/001_dce01329566ea4d4.txt", include_bytes!("../../../corpus/001_dce01329566ea4d4.txt")),
    ("corpus/002_a0dd040568ab9a18.txt", include_bytes!("../../../corpus/002_a0dd040568ab9a18.txt")),
    ("corpus/003_3eca4994eb5a6ec5.txt", include_bytes!("../../../corpus/003_3eca4994eb5a6ec5.txt")),
];
