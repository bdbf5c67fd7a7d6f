//! A fresh knowledge base built from the repository's bundled corpus.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dossier_store::Store;

/// The repository's `corpus/` folder, relative to the crate (tests run in
/// the crate's folder), so stored paths read `../../corpus/…`.
pub fn corpus_dir() -> PathBuf {
    let relative = Path::new("../../corpus");
    if relative.is_dir() { relative.to_path_buf() } else { Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus") }
}

/// A store in memory holding every `corpus/0*.txt`, derived layer built.
pub fn corpus_store() -> Store {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("the corpus folder")
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with('0') && name.ends_with(".txt")
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "the bundled corpus has four texts: {files:?}");
    let mut store = Store::open_in_memory().expect("an in-memory store");
    for path in &files {
        let doc = dossier_read::read_file(path).expect("a corpus text reads");
        let seg = dossier_segment::segment(&doc);
        let claims = dossier_extract::records::records(&dossier_extract::extract(&doc, &seg));
        store.ingest_with(&doc, &seg, &claims).expect("ingest");
    }
    store.refresh().expect("refresh");
    store
}

/// Plain form for matching: curly quotes and dashes folded, fixed spaces
/// as spaces, lower case.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{a0}' | '\u{2009}' | '\u{202f}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

const WORDS: [(&str, u64); 28] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
];

/// The numbers a text writes: digit grouping by comma, point or any space
/// removed (`4 000`, `4,000` → 4000), and number words up to 99 (`seventy-two`).
pub fn numbers_in(text: &str) -> Vec<u64> {
    let folded = fold(text);
    // Digits, joining groups of three after a separator.
    let mut out = Vec::new();
    let chars: Vec<char> = folded.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            digits.push(chars[i]);
            i += 1;
        }
        // Groups of three join a first group of at most three digits.
        if digits.len() <= 3 {
            loop {
                let sep = chars.get(i).is_some_and(|c| matches!(c, ',' | '.' | ' '));
                let group: String = chars.iter().skip(i + 1).take(3).collect();
                let after = chars.get(i + 4).is_some_and(|c| c.is_ascii_digit());
                if sep && group.len() == 3 && group.chars().all(|c| c.is_ascii_digit()) && !after {
                    digits.push_str(&group);
                    i += 4;
                } else {
                    break;
                }
            }
        }
        out.push(digits.parse().unwrap_or(0));
    }
    // Words: tens, then an optional unit joined by a hyphen or space.
    let words: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).collect();
    let value = |w: &str| WORDS.iter().find(|(x, _)| *x == w).map(|(_, v)| *v);
    let mut k = 0;
    while k < words.len() {
        if let Some(v) = value(words[k]) {
            let next = words.get(k + 1).and_then(|w| value(w));
            match next {
                Some(u) if v >= 20 && v % 10 == 0 && u < 10 => {
                    out.push(v + u);
                    k += 2;
                    continue;
                }
                _ => out.push(v),
            }
        }
        k += 1;
    }
    out
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether `text` states the ISO date `iso` (`2015`, `2015-01`,
/// `2015-01-26`): as ISO, or with its year, its month by name and its day.
pub fn states_date(text: &str, iso: &str) -> bool {
    let t = fold(text);
    if t.contains(iso) {
        return true;
    }
    let parts: Vec<u64> = iso.split('-').map(|x| x.parse().unwrap_or(0)).collect();
    let nums = numbers_in(text);
    let year_ok = parts.first().is_some_and(|y| nums.contains(y));
    let month_ok = match parts.get(1) {
        Some(m) => {
            let name = MONTHS[(*m as usize).clamp(1, 12) - 1];
            t.contains(name) || t.contains(&name[..3])
        }
        None => true,
    };
    let day_ok = parts.get(2).is_none_or(|d| nums.contains(d));
    year_ok && month_ok && day_ok
}
