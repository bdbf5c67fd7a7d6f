//! Flattened infoboxes: `Foundation26 January 2015`, `Split fromTehreek-i-Taliban
//! Pakistan`, `OpponentsFederal Government of Somalia` followed by more
//! values on their own lines. Encyclopedia pages lose their table layout
//! when copied as text; the labels are a small fixed vocabulary, so the
//! values can be read back one line at a time.

use dossier_model::{PartialDate, Passage, PassageKind, Span};

use crate::actors::{ActorMention, ActorTable, person, state_actor};
use crate::dates::find_dates;
use crate::facts::Predicate;
use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::lexicon::{ActorKind, Lexicon};
use crate::numbers::find_quantities;

/// Labels and what their values are.
const LABELS: &[(&str, Predicate)] = &[
    ("Foundation", Predicate::Founded),
    ("Founded", Predicate::Founded),
    ("Formation", Predicate::Founded),
    ("Established", Predicate::Founded),
    ("Split from", Predicate::SplitFrom),
    ("Headquarters", Predicate::Headquarters),
    ("Ideology", Predicate::Ideology),
    ("Ideologies", Predicate::Ideology),
    ("Part of", Predicate::PartOf),
    ("Allies", Predicate::Ally),
    ("Opponents", Predicate::Opponent),
    ("Active regions", Predicate::ActiveIn),
    ("Area of operations", Predicate::ActiveIn),
    ("Size", Predicate::SizeEstimate),
    ("Strength", Predicate::SizeEstimate),
    ("Leaders", Predicate::Leader),
    ("Leader", Predicate::Leader),
    ("Founders", Predicate::Leader),
    ("Founder", Predicate::Leader),
    ("Emir", Predicate::Leader),
];

/// Labels that end an entry without being read ("Battles and wars").
const OTHER_LABELS: &[&str] = &[
    "Battles and wars",
    "Dates of operation",
    "Flag",
    "Motives",
    "Designated as",
    "Groups",
    "Subgroups",
    "Succeeded by",
    "Preceded by",
];

/// A heading inside an entry ("Non-state opponents", "Subgroups"), not a value.
/// The first bytes of the labels (none is empty).
const LABEL_FIRSTS: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < LABELS.len() {
        t[LABELS[i].0.as_bytes()[0] as usize] = true;
        i += 1;
    }
    let mut i = 0;
    while i < OTHER_LABELS.len() {
        t[OTHER_LABELS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    t
};

fn is_sub_label(v: &str) -> bool {
    const WORDS: &[&str] = &["non", "state", "opponents", "allies", "subgroups", "groups", "other"];
    // ASCII words (nearly all) compare without a lowercased copy.
    let sub_word = |w: &str| {
        if w.is_ascii() {
            WORDS.iter().any(|x| x.eq_ignore_ascii_case(w))
        } else {
            WORDS.contains(&w.to_lowercase().as_str())
        }
    };
    let mut words = v.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).peekable();
    words.peek().is_some() && words.all(sub_word)
}

/// One value of an infobox entry.
#[derive(Debug, Clone)]
pub enum InfoValue {
    /// A date (founded).
    Date(PartialDate),
    /// A document actor (allies, opponents, split from, part of, leaders).
    Actor(usize),
    /// A place as written.
    Place(String),
    /// A figure range (size).
    Range(Option<u64>, Option<u64>),
    /// Free text (ideology).
    Text(String),
}

/// One labelled entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What the label says.
    pub predicate: Predicate,
    /// The passages it spans.
    pub span: Span,
    /// Its values, in order.
    pub values: Vec<InfoValue>,
}

/// The label a line starts with, glued or followed by a colon.
fn label_of(line: &str, list_item: bool) -> Option<(&'static str, Option<Predicate>)> {
    // Most lines are prose: their first byte starts no label, and they are
    // rejected before comparing with each label.
    let first = *line.as_bytes().first()?;
    if !LABEL_FIRSTS[usize::from(first)] {
        return None;
    }
    // The first label that fits, in order: each list in a plain loop, the
    // first byte ruling out most labels without a call to compare.
    for &(label, predicate) in LABELS {
        if label.as_bytes()[0] == first && label_fits(line, label, list_item) {
            return Some((label, Some(predicate)));
        }
    }
    for &label in OTHER_LABELS {
        if label.as_bytes()[0] == first && label_fits(line, label, list_item) {
            return Some((label, None));
        }
    }
    None
}

/// Whether `line` starts with `label`, glued to its value or alone.
fn label_fits(line: &str, label: &str, list_item: bool) -> bool {
    let Some(rest) = line.strip_prefix(label) else { return false };
    let glued = rest.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == ':')
        || (rest.starts_with(char::is_lowercase) && rest.len() > 2 && label.ends_with(" of"))
        || rest.starts_with("al-")
        || (list_item && rest.starts_with(' ') && rest.trim_start().starts_with(char::is_uppercase));
    glued || rest.trim().is_empty()
}

/// Reads the infobox lines of a document, adding the people, groups and
/// states its values name to `actors`.
pub fn read(text: &str, body: &[&Passage], actors: &mut ActorTable, gazetteer: &Gazetteer) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut open: Option<usize> = None; // index into entries of the entry taking more lines
    for p in body {
        let raw = p.span.slice(text);
        let lead = raw.len() - raw.trim_start_matches(['•', ' ', '\t']).len();
        let line = &raw[lead..];
        if p.kind == PassageKind::Sentence && !line.starts_with(|c: char| c.is_uppercase()) {
            open = None;
            continue;
        }
        let (value_start, predicate) = match label_of(line, p.kind == PassageKind::ListItem) {
            Some((label, predicate)) => {
                let rest = &line[label.len()..];
                let skip = rest.len() - rest.trim_start_matches([':', ' ']).len();
                open = None;
                let Some(predicate) = predicate else { continue };
                entries.push(Entry { predicate, span: p.span, values: Vec::new() });
                open = Some(entries.len() - 1);
                (p.span.start + lead + label.len() + skip, predicate)
            }
            // A short unlabelled line continues the entry above it.
            None => match open {
                Some(i) if p.kind == PassageKind::ListItem && line.split_whitespace().count() <= 8 => {
                    entries[i].span.end = p.span.end;
                    (p.span.start + lead, entries[i].predicate)
                }
                _ => {
                    open = None;
                    continue;
                }
            },
        };
        let value = Span::new(value_start, p.span.end);
        if value.is_empty() || is_sub_label(value.slice(text)) {
            continue;
        }
        let i = open.unwrap_or(entries.len() - 1);
        let values = read_value(text, value, predicate, actors, gazetteer);
        entries[i].values.extend(values);
    }
    entries.retain(|e| !e.values.is_empty());
    entries
}

/// Reads one value line on its own (it is glued to its label).
fn read_value(
    text: &str,
    value: Span,
    predicate: Predicate,
    actors: &mut ActorTable,
    gazetteer: &Gazetteer,
) -> Vec<InfoValue> {
    let v = value.slice(text);
    let own = Span::new(0, v.len());
    // "(2014–present)", "(de facto, originally)": notes, not the value.
    let bare = v.split(" (").next().unwrap_or(v).trim();
    let bare_span = Span::new(value.start, value.start + bare.len());
    match predicate {
        Predicate::Founded => find_dates(v, own, None)
            .into_iter()
            .map(|d| d.value.start())
            .next()
            .map(InfoValue::Date)
            .into_iter()
            .collect(),
        Predicate::SizeEstimate => {
            find_quantities(v, own).into_iter().map(|q| InfoValue::Range(q.min, q.max.or(q.min))).take(1).collect()
        }
        Predicate::Ideology => vec![InfoValue::Text(bare.to_string())],
        Predicate::Headquarters | Predicate::ActiveIn => {
            let found = gazetteer.find(v, own);
            gazetteer.resolve(v, &found).iter().map(|r| InfoValue::Place(r.span.slice(v).to_string())).take(1).collect()
        }
        Predicate::Leader => {
            if bare.split_whitespace().count() < 2 || bare.split_whitespace().count() > 6 {
                return Vec::new();
            }
            let a = person(actors, bare);
            mention(actors, bare_span, bare, a);
            vec![InfoValue::Actor(a)]
        }
        _ => {
            // A group, a state or another body, named on its own line.
            let a = lexicon_actor(bare, actors).unwrap_or_else(|| {
                let found = gazetteer.find(bare, Span::new(0, bare.len()));
                let country = gazetteer.resolve(bare, &found).into_iter().find(|r| {
                    r.span == Span::new(0, bare.len()) && gazetteer.place(r.place).kind == PlaceKind::Country
                });
                match country {
                    Some(_) => state_actor(actors, bare),
                    None => new_actor(actors, bare),
                }
            });
            mention(actors, bare_span, bare, a);
            vec![InfoValue::Actor(a)]
        }
    }
}

/// The document actor for a lexicon name, added when the text has not named it yet.
fn lexicon_actor(name: &str, actors: &mut ActorTable) -> Option<usize> {
    let lex = Lexicon::bundled();
    let i = lex.by_name(name)?;
    if let Some(a) = actors.actors.iter().position(|a| a.lex == Some(i)) {
        return Some(a);
    }
    actors.actors.push(crate::actors::DocActor {
        lex: Some(i),
        kind: lex.actor(i).kind,
        names: vec![],
        body_names: vec![],
        rule: "lexicon alias (infobox)".into(),
    });
    Some(actors.actors.len() - 1)
}

fn new_actor(actors: &mut ActorTable, name: &str) -> usize {
    if let Some(a) = actors.actors.iter().position(|a| a.names.iter().any(|n| n == name)) {
        return a;
    }
    let kind = if name.split_whitespace().any(|w| matches!(w, "Government" | "Mission" | "Forces" | "Army" | "Police"))
    {
        ActorKind::StateActor
    } else {
        ActorKind::ArmedGroup
    };
    actors.actors.push(crate::actors::DocActor {
        lex: None,
        kind,
        names: vec![],
        body_names: vec![],
        rule: "named in an infobox".into(),
    });
    actors.actors.len() - 1
}

/// Records a mention and its name unless a mention is there already.
fn mention(actors: &mut ActorTable, span: Span, surface: &str, actor: usize) {
    if actors.mentions.iter().any(|m| m.span.overlaps(span)) {
        return;
    }
    let at = actors.mentions.partition_point(|m| m.span.start < span.start);
    actors.mentions.insert(at, ActorMention { span, actor, in_body: true });
    let a = &mut actors.actors[actor];
    for list in [&mut a.names, &mut a.body_names] {
        if !list.iter().any(|n| n == surface) {
            list.push(surface.to_string());
        }
    }
}
