//! Test data built by hand from model types, and a dump of every table.
#![allow(dead_code, missing_docs)]

use std::path::Path;

use dossier_model::{
    DocMeta, Document, Format, Layout, Note, OffsetMap, PartialDate, Passage, PassageKind, Reference, Segmented,
    SourceId, Span,
};

/// An excerpt in the shape of an EUAA country report: headings, sentences
/// with superscript footnote markers, and the reference list.
pub const REPORT: &str = "Pakistan – Security situation\n\
\n\
1.2.3 Tehreek-e Taliban Pakistan (TTP)\n\
\n\
Estimates of the size of the group ranged from around 2 000³⁹⁶ to 4 000–6 000 fighters.³⁹⁷ \
The group has been active in Khyber Pakhtunkhwa since 2007. \
ISIS-K claimed an attack near the U.S. embassy in Kabul.³⁹⁸\n\
\n\
- Ahmadi community in Rabwah (Chenāb Nagar)\n\
\n\
396 Jadoon, A., The Evolution of the Tehrik-i-Taliban Pakistan, The Diplomat, 12 January 2024, url\n\
397 US, CRS, Terrorist and Other Militant Groups in Pakistan, 25 March 2026, p. 2, url\n\
398 UN Security Council, Fifteenth report of the Analytical Support and Sanctions Monitoring Team, 2025, para. 86; \
Basit, A., ISKP in Pakistan, RSIS, 2025, p. 4\n";

/// The span of the first occurrence of `needle` in `text`.
pub fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    Span::new(start, start + needle.len())
}

/// The span of the line that starts with `prefix` (without its `\n`).
fn line_of(text: &str, prefix: &str) -> Span {
    let start = text.find(prefix).unwrap_or_else(|| panic!("{prefix:?} not in text"));
    let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
    Span::new(start, end)
}

/// Canonical `text` read from an original with CRLF line ends: the bytes
/// and the offset map a reader would produce.
pub fn crlf_original(text: &str) -> (Vec<u8>, OffsetMap) {
    let original = text.replace('\n', "\r\n").into_bytes();
    let mut map = OffsetMap::new(original.len());
    // The k-th canonical '\n' (from 0), at c, is the original '\n' at
    // c + k + 1: after k earlier '\r' and its own.
    for (k, (c, _)) in text.match_indices('\n').enumerate() {
        map.anchor(c, c + k + 1);
    }
    (original, map)
}

fn reference(text: &str, raw: &str) -> Reference {
    Reference { span: span_of(text, raw), raw: raw.to_owned(), ..Reference::default() }
}

/// The report as a reader and segmenter would hand it over.
pub fn report(path: &str) -> (Document, Segmented) {
    let text = REPORT;
    let (original, offsets) = crlf_original(text);
    let doc = Document {
        id: SourceId::of_bytes(&original),
        path: path.to_owned(),
        format: Format::Text,
        byte_len: original.len(),
        text: text.to_owned(),
        offsets,
        layout: Layout::default(),
        meta: DocMeta::default(),
        warnings: vec!["decoded as Windows-1252".to_owned()],
    };
    let sentence = |s: &str, paragraph, citations: &[&str]| Passage {
        kind: PassageKind::Sentence,
        paragraph,
        span: span_of(text, s),
        citations: citations.iter().map(|c| c.to_string()).collect(),
    };
    let passages = vec![
        Passage { kind: PassageKind::Heading, paragraph: 0, span: line_of(text, "Pakistan –"), citations: vec![] },
        Passage { kind: PassageKind::Heading, paragraph: 1, span: line_of(text, "1.2.3"), citations: vec![] },
        sentence(
            "Estimates of the size of the group ranged from around 2 000³⁹⁶ to 4 000–6 000 fighters.³⁹⁷",
            2,
            &["396", "397"],
        ),
        sentence("The group has been active in Khyber Pakhtunkhwa since 2007.", 2, &[]),
        sentence("ISIS-K claimed an attack near the U.S. embassy in Kabul.³⁹⁸", 2, &["398"]),
        Passage { kind: PassageKind::ListItem, paragraph: 3, span: line_of(text, "- Ahmadi"), citations: vec![] },
    ];

    let note = |label: &str, references: Vec<Reference>| {
        let line = line_of(text, &format!("{label} "));
        Note { label: label.to_owned(), span: Span::new(line.start + label.len() + 1, line.end), references }
    };
    let mut jadoon = reference(
        text,
        "Jadoon, A., The Evolution of the Tehrik-i-Taliban Pakistan, The Diplomat, 12 January 2024, url",
    );
    jadoon.author = Some("Jadoon, A.".into());
    jadoon.publisher = Some("The Diplomat".into());
    jadoon.title = Some("The Evolution of the Tehrik-i-Taliban Pakistan".into());
    jadoon.date = PartialDate::day(2024, 1, 12);

    let mut crs = reference(text, "US, CRS, Terrorist and Other Militant Groups in Pakistan, 25 March 2026, p. 2, url");
    crs.publisher = Some("US, CRS".into());
    crs.title = Some("Terrorist and Other Militant Groups in Pakistan".into());
    crs.date = PartialDate::day(2026, 3, 25);
    crs.pages = Some("p. 2".into());

    let mut un = reference(
        text,
        "UN Security Council, Fifteenth report of the Analytical Support and Sanctions Monitoring Team, 2025, para. 86",
    );
    un.publisher = Some("UN Security Council".into());
    un.title = Some("Fifteenth report of the Analytical Support and Sanctions Monitoring Team".into());
    un.date = Some(PartialDate::year(2025));
    un.pages = Some("para. 86".into());
    let mut basit = reference(text, "Basit, A., ISKP in Pakistan, RSIS, 2025, p. 4");
    basit.author = Some("Basit, A.".into());
    basit.publisher = Some("RSIS".into());
    basit.title = Some("ISKP in Pakistan".into());
    basit.date = Some(PartialDate::year(2025));
    basit.pages = Some("p. 4".into());

    let seg = Segmented {
        passages,
        notes: vec![note("396", vec![jadoon]), note("397", vec![crs]), note("398", vec![un, basit])],
        meta: DocMeta {
            title: Some("Pakistan – Security situation".into()),
            publisher: Some("EUAA".into()),
            date: PartialDate::month(2026, 5),
            address: None,
        },
    };
    (doc, seg)
}

/// A second, unrelated source: plain text, one paragraph, no notes.
pub fn bulletin(path: &str, body: &str) -> (Document, Segmented) {
    let text = format!("{body}\n");
    let doc = Document {
        id: SourceId::of_bytes(text.as_bytes()),
        path: path.to_owned(),
        format: Format::Markdown,
        byte_len: text.len(),
        offsets: OffsetMap::identity(text.len()),
        text: text.clone(),
        layout: Layout::default(),
        meta: DocMeta { title: Some(format!("Bulletin {path}")), ..DocMeta::default() },
        warnings: vec![],
    };
    let mut passages = Vec::new();
    let mut start = 0;
    for s in body.split_inclusive(". ") {
        let t = s.trim_end();
        passages.push(Passage {
            kind: PassageKind::Sentence,
            paragraph: 0,
            span: Span::new(start, start + t.len()),
            citations: vec![],
        });
        start += s.len();
    }
    (doc, Segmented { passages, ..Segmented::default() })
}

/// A second, raw connection to the store's file, to inspect or sabotage
/// it from outside (the store's own tests are the one place allowed to).
#[allow(clippy::disallowed_methods, reason = "the store's tests inspect its file directly")]
pub fn raw(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

/// Every row of every table (FTS5 shadow tables included), ordered, plus
/// the schema version: equal dumps mean the database content is the same.
pub fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut out = String::new();
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    out.push_str(&format!("user_version {version}\n"));
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() >= 5, "{tables:?}");
    for t in tables {
        let n = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap().column_count();
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY {}", order.join(", "))).unwrap();
        let mut rows = st.query([]).unwrap();
        out.push_str(&format!("== {t}\n"));
        while let Some(r) = rows.next().unwrap() {
            let vals: Vec<String> =
                (0..n).map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap())).collect();
            out.push_str(&vals.join(" | "));
            out.push('\n');
        }
    }
    out
}

/// Rows that belong to source `id` (through their parents), plus index
/// entries whose passage no longer exists.
pub fn rows_of_source(db: &Path, id: &str) -> u64 {
    let conn = raw(db);
    conn.query_row(
        "SELECT (SELECT count(*) FROM sources WHERE id = ?1)
              + (SELECT count(*) FROM passages WHERE source_id = ?1)
              + (SELECT count(*) FROM notes WHERE source_id = ?1)
              + (SELECT count(*) FROM refs r JOIN notes n ON n.id = r.note_id WHERE n.source_id = ?1)
              + (SELECT count(*) FROM citations c JOIN passages p ON p.id = c.passage_id WHERE p.source_id = ?1)
              + (SELECT count(*) FROM passages_fts_docsize d LEFT JOIN passages p ON p.id = d.id WHERE p.id IS NULL)",
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

/// FTS5's own consistency check of the index against `passages`.
pub fn fts_integrity(db: &Path) {
    let conn = raw(db);
    conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
}
