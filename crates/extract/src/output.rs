//! The JSON of `dossier extract`: one object per document in the gold
//! annotation schema (`gold/SCHEMA.md`), every item with `span: [start,
//! end]` in characters of the text as read (the file itself for plain
//! text, the reader's text for markup) and its `quote`, and, with
//! `--explain`, the rules behind it.

use std::cell::{Cell, OnceCell};

use dossier_model::{Document, PartialDate, Span};
use serde::Serialize;
use serde_json::Value;

use crate::Extraction;
use crate::facts::{FactValue, Predicate};
use crate::gazetteer::Gazetteer;
use crate::lexicon::ActorKind;

/// Maps canonical byte offsets to character offsets of the original text
/// (what Python counts when it reads the file as UTF-8).
pub struct CharOffsets<'a> {
    doc: &'a Document,
    original: Option<&'a str>,
    /// Characters before every [`CHECKPOINT`] bytes of the counted text
    /// (see [`CharOffsets::count`]), built on first use.
    checkpoints: OnceCell<Vec<(usize, usize)>>,
    /// The last offset counted, as (byte, characters): output asks for
    /// offsets mostly in text order, so counting on from the last answer
    /// reads each stretch of text about once instead of once per span.
    last: Cell<(usize, usize)>,
}

/// Bytes between two checkpoints of [`CharOffsets`]: a span's offset is
/// counted from the checkpoint before it, not from the start of the text
/// (which made output quadratic in the size of a document).
const CHECKPOINT: usize = 4096;

impl<'a> CharOffsets<'a> {
    /// `original` is the file's text when it is valid UTF-8.
    pub fn new(doc: &'a Document, original: Option<&'a str>) -> Self {
        CharOffsets { doc, original, checkpoints: OnceCell::new(), last: Cell::new((0, 0)) }
    }

    /// The character offset of canonical byte `b`.
    pub fn chars(&self, b: usize) -> usize {
        match self.original {
            Some(orig) => self.original_chars(orig, self.doc.offsets.to_original(b)),
            None => {
                let mut o = b.min(self.doc.text.len());
                // Slicing below a boundary would panic; the old code did too,
                // but no span ends inside a character.
                while !self.doc.text.is_char_boundary(o) {
                    o -= 1;
                }
                self.count(&self.doc.text, o)
            }
        }
    }

    /// A span as `[start, end]` in characters.
    pub fn span(&self, span: Span) -> [usize; 2] {
        [self.chars(span.start), self.chars(span.end)]
    }

    /// The character offset of original byte `o` (mapped from a
    /// canonical one): at the character it falls in.
    fn original_chars(&self, orig: &str, o: usize) -> usize {
        let mut o = o.min(orig.len());
        while !orig.is_char_boundary(o) {
            o -= 1;
        }
        self.count(orig, o)
    }

    /// [`CharOffsets::span`] and [`CharOffsets::quote`] of one span, each
    /// end mapped to the original once for both.
    pub fn span_quote(&self, span: Span) -> ([usize; 2], &'a str) {
        let Some(orig) = self.original else {
            return (self.span(span), self.quote(span));
        };
        let (s, e) = (self.doc.offsets.to_original(span.start), self.doc.offsets.to_original(span.end));
        ([self.original_chars(orig, s), self.original_chars(orig, e)], original_quote(orig, s, e))
    }

    /// `text[..o].chars().count()` (`o` on a character boundary of
    /// `text`, the original or the canonical text, whichever this maps to),
    /// counted on from the last offset asked for when it lies less than a
    /// checkpoint below `o`, else from the nearest checkpoint.
    fn count(&self, text: &str, o: usize) -> usize {
        let (last_b, last_n) = self.last.get();
        let mut from = if last_b <= o { (last_b, last_n) } else { (0, 0) };
        if o - from.0 >= CHECKPOINT {
            let points = self.checkpoints.get_or_init(|| {
                let mut points = Vec::with_capacity(text.len() / CHECKPOINT + 1);
                let (mut at, mut before) = (0, 0);
                for k in 0..=text.len() / CHECKPOINT {
                    let mut b = (k * CHECKPOINT).min(text.len());
                    while !text.is_char_boundary(b) {
                        b += 1;
                    }
                    before += text.get(at..b).map_or(0, |t| t.chars().count());
                    at = b;
                    points.push((b, before));
                }
                points
            });
            // A checkpoint moved up to a character boundary may pass `o`.
            let k = o / CHECKPOINT;
            let point = points.get(k).filter(|p| p.0 <= o).or_else(|| k.checked_sub(1).and_then(|k| points.get(k)));
            if let Some(&(b, before)) = point.filter(|p| p.0 > from.0 && p.0 <= o) {
                from = (b, before);
            }
        }
        let n = from.1 + text.get(from.0..o).map_or(0, |t| t.chars().count());
        self.last.set((o, n));
        n
    }

    /// The text of a canonical span as the original writes it.
    pub fn quote(&self, span: Span) -> &'a str {
        match self.original {
            Some(orig) => {
                original_quote(orig, self.doc.offsets.to_original(span.start), self.doc.offsets.to_original(span.end))
            }
            None => span.slice(&self.doc.text),
        }
    }
}

/// The original text from byte `s` to byte `e` (mapped from canonical
/// ones), widened to whole characters.
fn original_quote(orig: &str, s: usize, e: usize) -> &str {
    let s = s.min(orig.len());
    let (mut s, mut e) = (s, e.clamp(s, orig.len()));
    while !orig.is_char_boundary(s) {
        s -= 1;
    }
    while !orig.is_char_boundary(e) {
        e += 1;
    }
    &orig[s..e]
}

/// The name a document gives an actor: its fullest body form.
///
/// The lexicon's own name wins when the document uses it (a document that
/// once glosses ISKP as "The Islamic State of Iraq and the Levant" still
/// calls it Islamic State Khorasan Province); otherwise the longest full
/// name the body gives, else the first name at all.
pub fn canonical(x: &Extraction, actor: usize) -> String {
    canonical_name(x, actor).to_string()
}

/// [`canonical`], borrowed from the extraction.
fn canonical_name(x: &Extraction, actor: usize) -> &str {
    let a = &x.actors.actors[actor];
    if let Some(lex) = a.lex {
        let wanted = crate::lexicon::key(&crate::lexicon::Lexicon::bundled().actor(lex).canonical);
        if let Some(n) = a.body_names.iter().find(|n| key_is(n, &wanted)) {
            return n;
        }
    }
    let is_abbrev = |n: &str| !n.contains(' ') && n.chars().filter(|c| c.is_uppercase()).count() >= 2;
    a.body_names
        .iter()
        .filter(|n| !is_abbrev(n))
        .max_by_key(|n| n.chars().count())
        .or_else(|| a.names.first())
        .map_or("", String::as_str)
}

/// `lexicon::key(name) == key`, without building the key of an ASCII name
/// (most are): folding leaves ASCII alone and lowercasing it is ASCII
/// lowercasing, while `key` holds no ASCII capital, so comparing bytes
/// ASCII-case-insensitively is the same test.
fn key_is(name: &str, key: &str) -> bool {
    if name.is_ascii() { name.eq_ignore_ascii_case(key) } else { crate::lexicon::key(name) == key }
}

fn kind_str(k: ActorKind) -> &'static str {
    match k {
        ActorKind::ArmedGroup => "armed_group",
        ActorKind::StateActor | ActorKind::Organisation => "state_actor",
        ActorKind::PoliticalParty => "political_party",
        ActorKind::Person => "person",
    }
}

/// One document's extraction in the gold schema, borrowing from the
/// extraction, ready to serialize with no intermediate `serde_json::Value`.
///
/// The fields of these structs are declared in alphabetical order: the
/// output used to be built as a `Value`, whose maps sort their keys, and
/// files written since must not change.
#[derive(Serialize)]
pub struct DocJson<'a> {
    /// The actors with at least one mention.
    pub actors: Vec<ActorJson<'a>>,
    /// The file name.
    pub doc: &'a str,
    /// The incidents.
    pub events: Vec<EventJson<'a>>,
    /// The facts about actors.
    pub facts: Vec<FactJson<'a>>,
}

/// An actor of [`DocJson`].
#[derive(Serialize)]
pub struct ActorJson<'a> {
    /// Its name in this document ([`canonical`]).
    pub canonical: &'a str,
    /// `armed_group`, `state_actor`, `political_party` or `person`.
    pub kind: &'static str,
    /// Every surface form.
    pub mentions: &'a [String],
    /// How it came in (`--explain` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'a str>,
    /// Its mentions, in text order (`--explain` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spans: Option<Vec<[usize; 2]>>,
}

/// An incident of [`DocJson`].
#[derive(Serialize)]
pub struct EventJson<'a> {
    /// The province of the place.
    pub admin1: Option<&'a str>,
    /// Whether the perpetrator claimed it.
    pub claimed: bool,
    /// The country of the place.
    pub country: Option<&'a str>,
    /// When.
    pub date: Option<PartialDate>,
    /// People killed.
    pub fatalities: Option<TollJson<'a>>,
    /// The place as written.
    pub location: Option<&'a str>,
    /// The perpetrator's canonical name.
    pub perpetrator: Option<&'a str>,
    /// The passage.
    pub quote: &'a str,
    /// The rules behind it (`--explain` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<&'a [String]>,
    /// The passage's span in characters.
    pub span: [usize; 2],
    /// Whom or what it hit.
    pub target: Option<&'a str>,
}

/// The fatalities of an [`EventJson`].
#[derive(Serialize)]
pub struct TollJson<'a> {
    /// Highest figure, `None` when open.
    pub max: Option<u64>,
    /// Lowest figure.
    pub min: Option<u64>,
    /// Where the figures stand.
    pub text: &'a str,
}

/// A fact of [`DocJson`]. Keys the gold schema gives only some facts are
/// left out (not `null`) when absent: `Some(None)` writes `null`.
#[derive(Serialize)]
pub struct FactJson<'a> {
    /// The date the text gives for the statement.
    pub as_of: Option<PartialDate>,
    /// When a split happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Another actor's canonical name, or a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<&'a str>,
    /// The period of an attack count (present, maybe `null`, on those only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Option<&'a str>>,
    /// The place of an attack count (present, maybe `null`, on those only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Option<&'a str>>,
    /// What it says.
    pub predicate: &'static str,
    /// The passage.
    pub quote: &'a str,
    /// A leader's role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'a str>,
    /// The rule that made it (`--explain` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// The passage's span in characters.
    pub span: [usize; 2],
    /// The actor's canonical name.
    pub subject: &'a str,
    /// Until when (a former leader).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
    /// The value, unless the fact has an `object`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<ValueJson<'a>>,
}

/// The `value` of a [`FactJson`].
#[derive(Serialize)]
#[serde(untagged)]
pub enum ValueJson<'a> {
    /// A date, as a string.
    Date(PartialDate),
    /// A range (keys in alphabetical order, as above).
    Range {
        /// Upper bound.
        max: Option<u64>,
        /// Lower bound.
        min: Option<u64>,
    },
    /// A count.
    Count(u64),
    /// Free text.
    Text(&'a str),
}

/// Builds the [`DocJson`] of one document and hands it to `f` (it borrows
/// canonical names worked out here, once per actor).
pub fn with_doc_json<R>(
    doc_name: &str,
    offsets: &CharOffsets<'_>,
    x: &Extraction,
    explain: bool,
    f: impl FnOnce(&DocJson<'_>) -> R,
) -> R {
    let g = Gazetteer::bundled();
    let n = x.actors.actors.len();
    // Which actors have a mention and, with --explain, the spans of those
    // mentions, counted in text order (the order CharOffsets is fastest in).
    let mut mentioned = vec![false; n];
    let mut spans: Vec<Vec<[usize; 2]>> = if explain { vec![Vec::new(); n] } else { Vec::new() };
    for m in &x.actors.mentions {
        if let Some(seen) = mentioned.get_mut(m.actor) {
            *seen = true;
            if let Some(v) = spans.get_mut(m.actor) {
                v.push(offsets.span(m.span));
            }
        }
    }
    // Canonical names of the actors the output names, worked out once each.
    let mut needed = mentioned.clone();
    let events_refs = x.events.iter().filter_map(|e| e.perpetrator);
    let fact_refs = x.facts.iter().flat_map(|f| {
        let object = if let FactValue::Actor(a) = f.value { Some(a) } else { None };
        std::iter::once(f.subject).chain(object)
    });
    for i in events_refs.chain(fact_refs) {
        if let Some(need) = needed.get_mut(i) {
            *need = true;
        }
    }
    let names: Vec<&str> =
        needed.iter().enumerate().map(|(i, &need)| if need { canonical_name(x, i) } else { "" }).collect();
    let canon = |i: usize| -> &str { names.get(i).copied().unwrap_or("") };
    let mut spans = spans.into_iter();
    let actors = x
        .actors
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (i, a, spans.next()))
        .filter(|(i, _, _)| mentioned[*i])
        .map(|(i, a, spans)| ActorJson {
            canonical: canon(i),
            kind: kind_str(a.kind),
            mentions: &a.names,
            rule: explain.then_some(a.rule.as_str()),
            spans,
        })
        .collect();
    let events = x
        .events
        .iter()
        .map(|e| {
            let place = e.place.as_ref().map(|p| (p, g.place(p.place)));
            let fatalities =
                e.fatalities.as_ref().map(|t| TollJson { max: t.max, min: t.min, text: offsets.quote(t.span) });
            let (span, quote) = offsets.span_quote(e.span);
            EventJson {
                admin1: place.and_then(|(p, _)| g.admin1(p.place)).map(|a| g.place(a).name.as_str()),
                claimed: e.claimed,
                country: place.map(|(_, pl)| pl.country.as_str()).filter(|c| !c.is_empty()),
                date: e.date,
                fatalities,
                location: place.map(|(p, _)| p.surface.as_str()),
                perpetrator: e.perpetrator.map(canon),
                quote,
                rules: explain.then_some(e.rules.as_slice()),
                span,
                target: e.target.as_deref(),
            }
        })
        .collect();
    let facts = x
        .facts
        .iter()
        .map(|f| {
            let (value, object) = match &f.value {
                FactValue::Date(d) => (Some(ValueJson::Date(*d)), None),
                FactValue::Range { min, max } => (Some(ValueJson::Range { max: *max, min: *min }), None),
                FactValue::Count(n) => (Some(ValueJson::Count(*n)), None),
                FactValue::Text(t) => (Some(ValueJson::Text(t)), None),
                FactValue::Actor(a) => (None, Some(canon(*a))),
                FactValue::Place(p) => (None, Some(p.as_str())),
            };
            let attack_count = f.predicate == Predicate::AttackCount;
            let (span, quote) = offsets.span_quote(f.span);
            FactJson {
                as_of: f.as_of,
                date: f.date,
                object,
                period: attack_count.then_some(f.period.as_deref()),
                place: attack_count.then_some(f.place.as_deref()),
                predicate: f.predicate.as_str(),
                quote,
                role: f.role.as_deref(),
                rule: explain.then_some(f.rule),
                span,
                subject: canon(f.subject),
                until: f.until,
                value,
            }
        })
        .collect();
    f(&DocJson { actors, doc: doc_name, events, facts })
}

/// Appends the extraction of one document to `out` as gold-schema JSON,
/// one item per line (see [`write_lines`]), and a newline: the text of
/// `dossier extract --out`.
pub fn write_json(
    out: &mut Vec<u8>,
    doc_name: &str,
    offsets: &CharOffsets<'_>,
    x: &Extraction,
    explain: bool,
) -> serde_json::Result<()> {
    with_doc_json(doc_name, offsets, x, explain, |d| write_lines(out, d))
}

/// Appends `d` to `out` with one item (actor, event, fact) per line, and a
/// newline.
///
/// An item on one line reads as a record: `grep` finds a predicate or a
/// place with the whole item around it, and a diff of two runs shows the
/// items that changed. Indenting every field too (`to_string_pretty`) made
/// the files 30% larger for no more information, and on this project's VM
/// a fresh page of output costs tens of microseconds: one line per item
/// took 5-10% off `dossier extract` on one thread (BENCHMARKS.md).
pub fn write_lines(out: &mut Vec<u8>, d: &DocJson<'_>) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, ItemLines::default());
    d.serialize(&mut ser)?;
    out.push(b'\n');
    Ok(())
}

/// Containers nested this deep or less (the document object, its lists)
/// put each value on a line of its own; deeper ones (an item and its
/// fields) stay on their item's line.
const LINE_LEVELS: usize = 2;

/// Line breaks and indents for [`ItemLines`]: the comma before a line
/// break, the break, then the indent of [`LINE_LEVELS`] levels.
const BREAKS: &[u8; 2 + 2 * LINE_LEVELS] = &{
    let mut b = [b' '; 2 + 2 * LINE_LEVELS];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// A JSON formatter that breaks lines and indents by two spaces down to
/// [`LINE_LEVELS`] levels and writes deeper values inline, separated by
/// `, ` and `: ` as on the lines above.
#[derive(Default)]
struct ItemLines {
    /// Levels of nesting.
    level: usize,
    /// Whether the innermost array or object opened so far has a value
    /// (one flag for all levels, as in `serde_json`'s `PrettyFormatter`).
    has_value: bool,
}

impl ItemLines {
    /// Opens an array or object: one level deeper, no value yet.
    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or object; one that breaks lines closes on a line
    /// of its own when it had values.
    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        let breaks = self.level <= LINE_LEVELS;
        self.level -= 1;
        if breaks && self.has_value {
            w.write_all(&BREAKS[1..2 + 2 * self.level])?;
        }
        w.write_all(bracket)
    }

    /// Before a value or key: a comma unless `first`, then a line break
    /// and the indent, or, inline, a space.
    fn next<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        if self.level <= LINE_LEVELS {
            w.write_all(&BREAKS[usize::from(first)..2 + 2 * self.level])
        } else if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }
}

impl serde_json::ser::Formatter for ItemLines {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.next(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.next(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The extraction of one document as a gold-schema JSON value (for code
/// that reads it back; writing goes through [`write_json`]).
pub fn to_json(doc_name: &str, offsets: &CharOffsets<'_>, x: &Extraction, explain: bool) -> Value {
    // Cannot fail: every map key is a string.
    with_doc_json(doc_name, offsets, x, explain, |d| serde_json::to_value(d)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn corpus(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus").join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Prints `v` as [`write_lines`] prints a document.
    fn lines(v: &Value) -> String {
        let mut ser = serde_json::Serializer::with_formatter(Vec::new(), ItemLines::default());
        v.serialize(&mut ser).expect("writes");
        String::from_utf8(ser.into_inner()).expect("UTF-8")
    }

    /// The typed output writes exactly what the JSON value of the same
    /// extraction prints as: the value's maps sort their keys, so this
    /// holds only while every struct declares its fields in that order.
    /// Each item is one line that reads alone as JSON.
    #[test]
    fn typed_output_prints_like_the_sorted_value() {
        for name in ["000_29adca9be820ab4a.txt", "001_dce01329566ea4d4.txt", "003_3eca4994eb5a6ec5.txt"] {
            let text = corpus(name);
            let doc = dossier_read::read_bytes(Path::new(name), text.as_bytes()).expect("reads");
            let seg = dossier_segment::segment(&doc);
            let x = crate::extract(&doc, &seg);
            for explain in [false, true] {
                let offsets = CharOffsets::new(&doc, Some(&text));
                let mut typed = Vec::new();
                write_json(&mut typed, name, &offsets, &x, explain).expect("writes");
                let typed = String::from_utf8(typed).expect("UTF-8");
                let value = to_json(name, &CharOffsets::new(&doc, Some(&text)), &x, explain);
                assert!(value["facts"].as_array().is_some_and(|f| !f.is_empty()), "{name}: has facts");
                assert_eq!(typed, lines(&value) + "\n", "{name}, explain: {explain}");
                let items: Vec<Value> = typed
                    .lines()
                    .filter_map(|l| l.strip_prefix("    "))
                    .map(|l| serde_json::from_str(l.strip_suffix(',').unwrap_or(l)).expect("an item reads alone"))
                    .collect();
                let listed: Vec<&Value> =
                    ["actors", "events", "facts"].iter().flat_map(|k| value[k].as_array().expect("a list")).collect();
                assert_eq!(items.iter().collect::<Vec<_>>(), listed, "{name}: one line per item");
            }
        }
    }

    /// Lines and indents down to the document's lists, everything deeper
    /// inline; any value reads back as itself.
    #[test]
    fn item_lines_break_down_to_the_lists() {
        let doc = serde_json::json!({
            "actors": [{"canonical": "A", "mentions": ["A", "B"]}, {"canonical": "C", "mentions": []}],
            "doc": "d.txt",
            "events": [],
            "facts": [{"span": [1, 2], "value": {"min": 3, "max": null}, "explain": {}}],
        });
        let want = r#"{
  "actors": [
    {"canonical": "A", "mentions": ["A", "B"]},
    {"canonical": "C", "mentions": []}
  ],
  "doc": "d.txt",
  "events": [],
  "facts": [
    {"explain": {}, "span": [1, 2], "value": {"max": null, "min": 3}}
  ]
}"#;
        assert_eq!(lines(&doc), want);
        let mut deep = serde_json::json!([1, {}, [], {"a": []}]);
        for i in 0..8 {
            deep = serde_json::json!({ "level": i, "inner": [deep, [], {}, "x\n\"y\u{1}"], "empty": {} });
        }
        let values = [
            serde_json::json!(null),
            serde_json::json!(3),
            serde_json::json!("s"),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!([[]]),
            serde_json::json!([{}]),
            serde_json::json!({"a": {}, "b": [[], [1, [2, []]]], "c": {"d": null, "e": [true, false, -1.5]}}),
            deep,
            doc,
        ];
        for v in &values {
            let printed = lines(v);
            assert_eq!(&serde_json::from_str::<Value>(&printed).expect("reads"), v, "{printed}");
        }
        assert_eq!(lines(&values[5]), "[\n  []\n]");
        assert_eq!(
            lines(&values[7]),
            "{\n  \"a\": {},\n  \"b\": [\n    [],\n    [1, [2, []]]\n  ],\n  \"c\": {\n    \"d\": null,\n    \"e\": [true, false, -1.5]\n  }\n}"
        );
    }

    /// The byte comparison of ASCII names agrees with comparing keys.
    #[test]
    fn key_is_compares_like_keys() {
        let names = "ISKP|iskp|Islamic State|islamic state|ISLAMIC STATE|Islamic  State|TTP|Da’esh|Da'esh|DA'ESH|\
            Ünïcödé|ünïcödé|ÜNÏCÖDÉ|İstanbul|istanbul|Al‐Qaeda|al-qaeda||K";
        let names: Vec<&str> = names.split('|').collect();
        for &a in &names {
            for &b in &names {
                let wanted = crate::lexicon::key(b);
                assert_eq!(key_is(a, &wanted), crate::lexicon::key(a) == wanted, "{a:?} vs key of {b:?}");
            }
        }
    }

    /// `span_quote` gives what `span` and `quote` give, where the reader
    /// changed the text (line ends, spaces, dropped characters).
    #[test]
    fn span_quote_is_span_and_quote() {
        let text = "Kabul\r\n— 12\u{a0}killed;\u{200b} Ünïcödé “quotes” 🙂\r\nand plain ASCII.\r\n".repeat(300);
        let doc = dossier_read::read_bytes(Path::new("t.txt"), text.as_bytes()).expect("reads");
        let canonical = &doc.text;
        assert!(canonical.len() < text.len());
        let bounds: Vec<usize> = (0..=canonical.len()).filter(|&b| canonical.is_char_boundary(b)).collect();
        let (both, apart) = (CharOffsets::new(&doc, Some(&text)), CharOffsets::new(&doc, Some(&text)));
        for (i, &start) in bounds.iter().enumerate().step_by(3) {
            let end = bounds[(i + i % 40).min(bounds.len() - 1)];
            let span = Span::new(start, end);
            assert_eq!(both.span_quote(span), (apart.span(span), apart.quote(span)), "{span:?}");
        }
    }

    /// Character offsets come out the same whatever order they are asked
    /// for in (counting goes on from the last answer or a checkpoint).
    #[test]
    fn char_offsets_in_any_order() {
        let text = "Kabul — 12 killed; Ünïcödé “quotes” 🙂 and plain ASCII words. ".repeat(400);
        let doc = dossier_read::read_bytes(Path::new("t.txt"), text.as_bytes()).expect("reads");
        let canonical = &doc.text;
        assert!(canonical.len() > 4 * CHECKPOINT);
        let bounds: Vec<usize> = (0..=canonical.len()).filter(|&b| canonical.is_char_boundary(b)).collect();
        let expected = |b: usize| canonical[..b].chars().count();
        let offsets = CharOffsets::new(&doc, None);
        let forward = bounds.iter().step_by(7);
        let backward = bounds.iter().rev().step_by(5);
        // A walk that jumps both ways by varying distances.
        let scrambled = (0..bounds.len()).map(|i| &bounds[(i * 7919) % bounds.len()]).take(2000);
        for &b in forward.chain(backward).chain(scrambled) {
            assert_eq!(offsets.chars(b), expected(b), "byte {b}");
        }
    }
}
