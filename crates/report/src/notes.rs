//! Footnotes: one per distinct (source, span, cited notes), numbered in
//! order of first use; the reference entry of each in the EUAA style
//! (author or publisher, title, date, pages, address), followed by the
//! works the passage itself cites.

use std::collections::BTreeMap;

use dossier_store::{Citation, ReferenceRow};

use crate::text::collapse;
use crate::{Backed, CitedNote, Footnote, SourceMeta};

/// What a footnote points at.
pub(crate) struct Target<'a> {
    pub source_id: &'a str,
    pub meta: &'a SourceMeta,
    pub start: usize,
    pub end: usize,
    pub quote: &'a str,
    /// The claim's or report's own span, when `start..end` is wider.
    pub own: Option<(usize, usize)>,
    /// The passage's notes that back this value (already narrowed).
    pub citations: Vec<CitedNote>,
}

/// What the footnote stands for.
pub(crate) enum Origin {
    Claim(i64),
    Report(i64),
    Text,
}

type Key = (String, usize, usize, Option<(usize, usize)>, Vec<String>);

/// The footnote registry.
#[derive(Default)]
pub(crate) struct Notes {
    pub list: Vec<Footnote>,
    index: BTreeMap<Key, usize>,
}

impl Notes {
    /// The number of the footnote for `target`, adding it (or the value to
    /// an existing one) as needed.
    pub fn add(&mut self, target: Target<'_>, origin: Origin, backed: Backed) -> u32 {
        let labels: Vec<String> = target.citations.iter().map(|c| c.label.clone()).collect();
        let key = (target.source_id.to_string(), target.start, target.end, target.own, labels);
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                let number = self.list.len() as u32 + 1;
                let reference = reference_entry(target.meta, target.start, target.end, &target.citations);
                self.list.push(Footnote {
                    number,
                    source_id: target.source_id.to_string(),
                    start: target.start,
                    end: target.end,
                    quote: target.quote.to_string(),
                    own_span: target.own,
                    source: target.meta.clone(),
                    claims: Vec::new(),
                    reports: Vec::new(),
                    backs: Vec::new(),
                    citing: target.citations,
                    reference,
                });
                self.index.insert(key, self.list.len() - 1);
                self.list.len() - 1
            }
        };
        let f = &mut self.list[i];
        match origin {
            Origin::Claim(id) if !f.claims.contains(&id) => f.claims.push(id),
            Origin::Report(id) if !f.reports.contains(&id) => f.reports.push(id),
            _ => {}
        }
        if !f.backs.contains(&backed) {
            f.backs.push(backed);
        }
        f.number
    }
}

/// `US, CRS, Terrorist and Other Militant Groups in Pakistan, 2026-03-25, p. 2`:
/// author (else publisher), title, publisher when an author leads, date,
/// pages, address.
pub(crate) fn cited_reference(r: &ReferenceRow) -> String {
    let mut parts: Vec<String> = Vec::new();
    let who = r.author.as_deref().or(r.publisher.as_deref());
    if let Some(w) = who {
        parts.push(w.to_string());
    }
    match r.title.as_deref() {
        Some(t) => parts.push(t.to_string()),
        None if who.is_none() => return collapse(&r.raw),
        None => {}
    }
    if r.author.is_some()
        && let Some(p) = &r.publisher
    {
        parts.push(p.clone());
    }
    parts.extend([r.date.clone(), r.pages.clone(), r.address.clone()].into_iter().flatten());
    collapse(&parts.join(", "))
}

/// The cited notes of a passage, formatted; a note with no parsed
/// reference is shown by its own text.
pub(crate) fn cited_notes(citations: &[&Citation], note_text: &dyn Fn(&str) -> Option<String>) -> Vec<CitedNote> {
    citations
        .iter()
        .map(|c| {
            let mut references: Vec<String> = c.references.iter().map(cited_reference).collect();
            if references.is_empty()
                && let Some(t) = note_text(&c.label)
            {
                references.push(collapse(&t));
            }
            CitedNote { label: c.label.clone(), references, rows: c.references.clone() }
        })
        .collect()
}

/// `European Union Agency for Asylum, 3.2.7. …, 2026, bytes 395–525,
/// corpus/000_….txt; citing: UN Security Council, …, para. 86 (note 396)`.
pub(crate) fn reference_entry(meta: &SourceMeta, start: usize, end: usize, citing: &[CitedNote]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = &meta.publisher {
        parts.push(p.clone());
    }
    parts.push(meta.title.clone());
    parts.push(meta.date.clone().unwrap_or_else(|| "n.d.".into()));
    parts.push(format!("bytes {start}–{end}"));
    parts.push(meta.address.clone().unwrap_or_else(|| meta.path.clone()));
    let mut out = collapse(&parts.join(", "));
    let cited: Vec<String> = citing
        .iter()
        .map(|c| {
            if c.references.is_empty() {
                format!("note {} (no reference parsed)", c.label)
            } else {
                format!("{} (note {})", c.references.join("; "), c.label)
            }
        })
        .collect();
    if !cited.is_empty() {
        out.push_str("; citing: ");
        out.push_str(&cited.join("; "));
    }
    out
}

/// Superscript form of a label (`397` → `³⁹⁷`), when it has one.
fn superscript(label: &str) -> Option<String> {
    label
        .chars()
        .map(|c| match c {
            '0' => Some('⁰'),
            '1' => Some('¹'),
            '2' => Some('²'),
            '3' => Some('³'),
            '4' => Some('⁴'),
            '5' => Some('⁵'),
            '6' => Some('⁶'),
            '7' => Some('⁷'),
            '8' => Some('⁸'),
            '9' => Some('⁹'),
            _ => None,
        })
        .collect()
}

/// Where the marker of note `label` stands in `quote`.
fn marker_at(quote: &str, label: &str) -> Option<usize> {
    let sup = |c: char| "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c);
    let forms: Vec<String> =
        [superscript(label), Some(format!("[^{label}]")), Some(format!("[{label}]"))].into_iter().flatten().collect();
    forms
        .iter()
        .filter_map(|f| {
            quote.match_indices(f.as_str()).find(|(i, _)| {
                // A superscript run must not be part of a longer one (³⁹ in ³⁹⁷).
                !quote[i + f.len()..].chars().next().is_some_and(sup)
                    && !quote[..*i].chars().next_back().is_some_and(sup)
            })
        })
        .map(|(i, _)| i)
        .min()
}

/// The citations that back a value at `value_at` (a byte offset into the
/// quote): the first marker after the value. When the value or the markers
/// cannot be placed, every citation of the passage.
pub(crate) fn narrow<'a>(quote: &str, value_at: Option<usize>, citations: &'a [Citation]) -> Vec<&'a Citation> {
    let all = || citations.iter().collect();
    if citations.len() < 2 {
        return all();
    }
    let Some(at) = value_at else { return all() };
    let mut placed: Vec<(usize, &Citation)> =
        citations.iter().filter_map(|c| marker_at(quote, &c.label).map(|i| (i, c))).collect();
    placed.sort_by_key(|(i, _)| *i);
    match placed.iter().find(|(i, _)| *i >= at) {
        Some((_, c)) => vec![*c],
        None => all(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(label: &str) -> Citation {
        Citation { label: label.into(), references: Vec::new() }
    }

    #[test]
    fn the_marker_after_the_value_backs_it() {
        let q = "ranged from around 2 000³⁹⁶ to 4 000–6 000 fighters.³⁹⁷";
        let cs = [cite("396"), cite("397")];
        let at2000 = q.find("2 000");
        let at4000 = q.find("4 000");
        assert_eq!(narrow(q, at2000, &cs)[0].label, "396");
        assert_eq!(narrow(q, at4000, &cs)[0].label, "397");
        assert_eq!(narrow(q, None, &cs).len(), 2);
        assert_eq!(marker_at("a³⁹⁷ b³⁹", "39"), Some("a³⁹⁷ b".len()));
    }

    #[test]
    fn references_in_euaa_order() {
        let r = ReferenceRow {
            ordinal: 0,
            raw: "US, CRS, Terrorist …".into(),
            author: None,
            publisher: Some("US, CRS".into()),
            title: Some("Terrorist and Other Militant Groups in Pakistan".into()),
            date: Some("2026-03-25".into()),
            pages: Some("p. 2".into()),
            address: None,
        };
        assert_eq!(cited_reference(&r), "US, CRS, Terrorist and Other Militant Groups in Pakistan, 2026-03-25, p. 2");
        let meta = SourceMeta {
            title: "T".into(),
            publisher: Some("EUAA".into()),
            date: Some("2026".into()),
            path: "a.txt".into(),
            address: None,
        };
        let c = CitedNote { label: "397".into(), references: vec![cited_reference(&r)], rows: vec![r] };
        assert_eq!(
            reference_entry(&meta, 1, 9, &[c]),
            "EUAA, T, 2026, bytes 1–9, a.txt; citing: US, CRS, Terrorist and Other Militant Groups in Pakistan, \
             2026-03-25, p. 2 (note 397)"
        );
    }
}
