//! Title, publisher and date read off the text when the format gave none:
//! the first real heading, a dateline near the top, a copyright line.

use dossier_model::{DocMeta, PartialDate, Passage, PassageKind};

use crate::refdate::{find_date, parse_date_field};

/// Page furniture that is never a title.
const BOILERPLATE: &[&str] = &["back to", "skip to", "menu", "home", "search", "share", "print", "imported image"];

/// How far into the document a title or dateline may stand.
const HEAD_PASSAGES: usize = 12;

pub(crate) fn infer(text: &str, passages: &[Passage]) -> DocMeta {
    let mut meta = DocMeta::default();
    let head = &passages[..passages.len().min(HEAD_PASSAGES)];
    meta.title = head
        .iter()
        .filter(|p| p.kind == PassageKind::Heading)
        .map(|p| p.span.slice(text).trim_start_matches('#').trim())
        .find(|t| {
            let lower = t.to_lowercase();
            !BOILERPLATE.iter().any(|b| lower.starts_with(b)) && parse_date_field(t).is_none()
        })
        .map(str::to_string);
    meta.date =
        head.iter().filter(|p| p.kind != PassageKind::Sentence).find_map(|p| parse_date_field(p.span.slice(text)));
    if let Some((publisher, year)) =
        passages.iter().rev().take(HEAD_PASSAGES).find_map(|p| copyright(p.span.slice(text)))
    {
        meta.publisher = Some(publisher);
        meta.date = meta.date.or(year);
    }
    meta
}

/// `© European Union Agency for Asylum 2026 | Email: …` → the holder and
/// the year.
fn copyright(line: &str) -> Option<(String, Option<PartialDate>)> {
    let rest = line.trim().strip_prefix('©').or_else(|| line.trim().strip_prefix("Copyright"))?;
    let rest = rest.split('|').next()?.trim().trim_start_matches('©').trim();
    let found = find_date(rest);
    let holder: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| !w.trim_end_matches(['.', ',']).chars().all(|c| c.is_ascii_digit()))
        .collect();
    let holder = holder.join(" ").trim_end_matches(['.', ',']).to_string();
    (!holder.is_empty()).then(|| (holder, found.map(|(d, _, _)| d)))
}
