//! The JSON of `dossier extract`: one object per document in the gold
//! annotation schema (`gold/SCHEMA.md`), every item with `span: [start,
//! end]` in characters of the text as read (the file itself for plain
//! text, the reader's text for markup) and its `quote`, and, with
//! `--explain`, the rules behind it.

use dossier_model::{Document, Span};
use serde_json::{Map, Value, json};

use crate::facts::{FactValue, Predicate};
use crate::gazetteer::Gazetteer;
use crate::lexicon::ActorKind;
use crate::{Extraction, PlaceRef};

/// Maps canonical byte offsets to character offsets of the original text
/// (what Python counts when it reads the file as UTF-8).
pub struct CharOffsets<'a> {
    doc: &'a Document,
    original: Option<&'a str>,
    /// Characters before every [`CHECKPOINT`] bytes of the counted text
    /// (see [`CharOffsets::count`]), built on first use.
    checkpoints: std::cell::OnceCell<Vec<(usize, usize)>>,
}

/// Bytes between two checkpoints of [`CharOffsets`]: a span's offset is
/// counted from the checkpoint before it, not from the start of the text
/// (which made output quadratic in the size of a document).
const CHECKPOINT: usize = 4096;

impl<'a> CharOffsets<'a> {
    /// `original` is the file's text when it is valid UTF-8.
    pub fn new(doc: &'a Document, original: Option<&'a str>) -> Self {
        CharOffsets { doc, original, checkpoints: std::cell::OnceCell::new() }
    }

    /// The character offset of canonical byte `b`.
    pub fn chars(&self, b: usize) -> usize {
        match self.original {
            Some(orig) => {
                let mut o = self.doc.offsets.to_original(b).min(orig.len());
                while !orig.is_char_boundary(o) {
                    o -= 1;
                }
                self.count(orig, o)
            }
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

    /// `text[..o].chars().count()` (`o` on a character boundary of
    /// `text`, the original or the canonical text, whichever this maps to),
    /// counted from the nearest checkpoint.
    fn count(&self, text: &str, o: usize) -> usize {
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
        match points.get(o / CHECKPOINT) {
            Some(&(b, before)) if b <= o => before + text.get(b..o).map_or(0, |t| t.chars().count()),
            _ => text.get(..o).map_or(0, |t| t.chars().count()),
        }
    }

    /// The text of a canonical span as the original writes it.
    pub fn quote(&self, span: Span) -> String {
        match self.original {
            Some(orig) => {
                let (mut s, mut e) = (self.doc.offsets.to_original(span.start), self.doc.offsets.to_original(span.end));
                s = s.min(orig.len());
                e = e.clamp(s, orig.len());
                while !orig.is_char_boundary(s) {
                    s -= 1;
                }
                while !orig.is_char_boundary(e) {
                    e += 1;
                }
                orig[s..e].to_string()
            }
            None => span.slice(&self.doc.text).to_string(),
        }
    }

    fn span_json(&self, span: Span) -> Value {
        json!([self.chars(span.start), self.chars(span.end)])
    }
}

/// The name a document gives an actor: its fullest body form.
///
/// The lexicon's own name wins when the document uses it (a document that
/// once glosses ISKP as "The Islamic State of Iraq and the Levant" still
/// calls it Islamic State Khorasan Province); otherwise the longest full
/// name the body gives, else the first name at all.
pub fn canonical(x: &Extraction, actor: usize) -> String {
    let a = &x.actors.actors[actor];
    if let Some(lex) = a.lex {
        let wanted = crate::lexicon::key(&crate::lexicon::Lexicon::bundled().actor(lex).canonical);
        if let Some(n) = a.body_names.iter().find(|n| crate::lexicon::key(n) == wanted) {
            return n.clone();
        }
    }
    let is_abbrev = |n: &str| !n.contains(' ') && n.chars().filter(|c| c.is_uppercase()).count() >= 2;
    a.body_names
        .iter()
        .filter(|n| !is_abbrev(n))
        .max_by_key(|n| n.chars().count())
        .or_else(|| a.names.first())
        .cloned()
        .unwrap_or_default()
}

fn kind_str(k: ActorKind) -> &'static str {
    match k {
        ActorKind::ArmedGroup => "armed_group",
        ActorKind::StateActor | ActorKind::Organisation => "state_actor",
        ActorKind::PoliticalParty => "political_party",
        ActorKind::Person => "person",
    }
}

fn place_fields(g: &Gazetteer, p: Option<&PlaceRef>) -> (Value, Value, Value) {
    let Some(p) = p else { return (Value::Null, Value::Null, Value::Null) };
    let place = g.place(p.place);
    let admin1 = g.admin1(p.place).map(|a| g.place(a).name.clone());
    let country = (!place.country.is_empty()).then(|| place.country.clone());
    (json!(p.surface), json!(admin1), json!(country))
}

/// The extraction of one document as gold-schema JSON.
pub fn to_json(doc_name: &str, offsets: &CharOffsets<'_>, x: &Extraction, explain: bool) -> Value {
    let g = Gazetteer::bundled();
    // Each actor's mentions, in text order, and its canonical name, worked
    // out once per actor rather than once per item that names it.
    let mut spans_of: Vec<Vec<dossier_model::Span>> = vec![Vec::new(); x.actors.actors.len()];
    for m in &x.actors.mentions {
        if let Some(v) = spans_of.get_mut(m.actor) {
            v.push(m.span);
        }
    }
    let names: Vec<std::cell::OnceCell<String>> =
        (0..x.actors.actors.len()).map(|_| std::cell::OnceCell::new()).collect();
    let canon = |i: usize| -> String {
        match names.get(i) {
            Some(cell) => cell.get_or_init(|| canonical(x, i)).clone(),
            None => canonical(x, i),
        }
    };
    let actors: Vec<Value> = x
        .actors
        .actors
        .iter()
        .enumerate()
        .filter(|(i, _)| spans_of.get(*i).is_some_and(|v| !v.is_empty()))
        .map(|(i, a)| {
            let mut o = Map::new();
            o.insert("canonical".into(), json!(canon(i)));
            o.insert("mentions".into(), json!(a.names));
            o.insert("kind".into(), json!(kind_str(a.kind)));
            if explain {
                o.insert("rule".into(), json!(a.rule));
                let spans: Vec<Value> = spans_of.get(i).into_iter().flatten().map(|&s| offsets.span_json(s)).collect();
                o.insert("spans".into(), json!(spans));
            }
            Value::Object(o)
        })
        .collect();
    let events: Vec<Value> = x
        .events
        .iter()
        .map(|e| {
            let (location, admin1, country) = place_fields(g, e.place.as_ref());
            let fatalities =
                e.fatalities.as_ref().map(|t| json!({"min": t.min, "max": t.max, "text": offsets.quote(t.span)}));
            let mut o = Map::new();
            o.insert("quote".into(), json!(offsets.quote(e.span)));
            o.insert("span".into(), offsets.span_json(e.span));
            o.insert("date".into(), json!(e.date.map(|d| d.to_string())));
            o.insert("location".into(), location);
            o.insert("admin1".into(), admin1);
            o.insert("country".into(), country);
            o.insert("fatalities".into(), json!(fatalities));
            o.insert("perpetrator".into(), json!(e.perpetrator.map(canon)));
            o.insert("target".into(), json!(e.target));
            o.insert("claimed".into(), json!(e.claimed));
            if explain {
                o.insert("rules".into(), json!(e.rules));
            }
            Value::Object(o)
        })
        .collect();
    let facts: Vec<Value> = x
        .facts
        .iter()
        .map(|f| {
            let mut o = Map::new();
            o.insert("subject".into(), json!(canon(f.subject)));
            o.insert("predicate".into(), json!(f.predicate.as_str()));
            match &f.value {
                FactValue::Date(d) => o.insert("value".into(), json!(d.to_string())),
                FactValue::Range { min, max } => o.insert("value".into(), json!({"min": min, "max": max})),
                FactValue::Count(n) => o.insert("value".into(), json!(n)),
                FactValue::Text(t) => o.insert("value".into(), json!(t)),
                FactValue::Actor(a) => o.insert("object".into(), json!(canon(*a))),
                FactValue::Place(p) => o.insert("object".into(), json!(p)),
            };
            if let Some(r) = &f.role {
                o.insert("role".into(), json!(r));
            }
            if let Some(u) = f.until {
                o.insert("until".into(), json!(u.to_string()));
            }
            if let Some(d) = f.date {
                o.insert("date".into(), json!(d.to_string()));
            }
            if f.predicate == Predicate::AttackCount {
                o.insert("period".into(), json!(f.period));
                o.insert("place".into(), json!(f.place));
            }
            o.insert("as_of".into(), json!(f.as_of.map(|d| d.to_string())));
            o.insert("quote".into(), json!(offsets.quote(f.span)));
            o.insert("span".into(), offsets.span_json(f.span));
            if explain {
                o.insert("rule".into(), json!(f.rule));
            }
            Value::Object(o)
        })
        .collect();
    json!({"doc": doc_name, "actors": actors, "events": events, "facts": facts})
}
