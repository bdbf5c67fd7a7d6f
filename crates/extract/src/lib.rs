//! Extraction: from a segmented report to actors, incidents and facts, each
//! tied to the span it comes from.
//!
//! [`extract`] is a pure function of one document and the bundled lexicons
//! (actors, places): no global mutable state, so documents extract in
//! parallel and anywhere. Every item carries the name of the rule that made
//! it, so `dossier extract --explain` can say why.
//!
//! The stages, in order: tokens, actor mentions (lexicon, aliases the text
//! teaches, people named with a role), places (gazetteer, disambiguated on
//! the whole document), dates, quantities; then incident frames
//! ([`events`]) and fact frames ([`facts`]).

pub mod actors;
pub mod dates;
pub mod events;
pub mod facts;
pub mod gazetteer;
pub mod infobox;
pub mod lexicon;
pub mod numbers;
pub mod output;
pub mod records;
pub mod tokens;

use dossier_model::{Document, PassageKind, Segmented, Span};
use dossier_read::normalize::fold;

use crate::actors::{ActorMention, ActorTable};
use crate::dates::DateMention;
use crate::gazetteer::{Gazetteer, PlaceId, PlaceKind};
use crate::lexicon::{ActorKind, Lexicon};
use crate::numbers::Quantity;
use crate::tokens::{CueMask, Cues, Lowered, TokKind, Token, cues, tokenize_all};

pub use crate::events::Event;
pub use crate::facts::{Fact, FactValue, Predicate};

/// Everything extracted from one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The document's actors and their mentions.
    pub actors: ActorTable,
    /// Incidents.
    pub events: Vec<Event>,
    /// Facts about groups.
    pub facts: Vec<Fact>,
}

/// A place named in a sentence, resolved in the gazetteer.
#[derive(Debug, Clone)]
pub struct PlaceRef {
    /// Where it is named.
    pub span: Span,
    /// The place.
    pub place: PlaceId,
    /// How the text writes it (`Sar-e Pol Province`).
    pub surface: String,
    /// A locality the gazetteer lacks, placed by the container the text
    /// names right after it ("in Kasindi, North Kivu"): `place` is that
    /// container, `surface` the locality.
    pub locality: bool,
}

impl PlaceRef {
    /// How specific the place named is: a locality as a town.
    pub(crate) fn specificity(&self, gazetteer: &Gazetteer) -> u8 {
        if self.locality { specificity(PlaceKind::City) } else { specificity(gazetteer.place(self.place).kind) }
    }
}

/// One body passage with everything found in it.
#[derive(Debug, Clone)]
pub(crate) struct Sentence<'a> {
    pub span: Span,
    pub kind: PassageKind,
    pub toks: &'a [Token<'a>],
    /// The cue bits of all its tokens (see [`Sentence::may_have`]).
    pub words: CueMask,
    pub actors: Vec<ActorMention>,
    pub places: Vec<PlaceRef>,
    pub dates: Vec<DateMention>,
    pub quantities: Vec<Quantity>,
    /// The actor the sentence is about: its subject, or the one carried
    /// over from earlier sentences when it says "it" or "the group".
    pub topic: Option<usize>,
    /// Whether this paragraph, up to this sentence, names its topic or
    /// refers to it ("the group", "it").
    pub topic_in_paragraph: bool,
}

impl Sentence<'_> {
    /// False when no token of the sentence is one of `cues`: rules that
    /// need a cue word skip the sentence on this test alone.
    pub fn may_have(&self, cues: &Cues) -> bool {
        self.words.intersects(cues.mask())
    }

    /// [`Sentence::may_have`] for a mask of first words.
    pub fn may_have_any(&self, mask: &CueMask) -> bool {
        self.words.intersects(mask)
    }
}

/// The analysed document that the frame builders read.
pub(crate) struct Analysed<'a> {
    pub text: &'a str,
    pub sentences: Vec<Sentence<'a>>,
    pub actors: ActorTable,
    pub main_actor: Option<usize>,
    pub gazetteer: &'static Gazetteer,
    pub infobox: Vec<infobox::Entry>,
    /// Whether the sentences are in text order (see `Analysed::ordered`),
    /// worked out on first use.
    ordered_cache: std::cell::OnceCell<bool>,
}

impl Analysed<'_> {
    pub fn kind(&self, actor: usize) -> ActorKind {
        self.actors.actors[actor].kind
    }

    /// Whether the sentences' starts and ends never decrease (passages come
    /// in text order, disjoint), so that they can be searched by position.
    fn ordered(&self) -> bool {
        self.sentences.windows(2).all(|w| w[0].span.start <= w[1].span.start && w[0].span.end <= w[1].span.end)
    }

    /// The indexes of the sentences that contain `span`, in order: a binary
    /// search when the sentences are ordered (a scan of every sentence per
    /// item made big documents quadratic), else a scan.
    pub(crate) fn sentences_containing(&self, span: Span) -> impl Iterator<Item = usize> + '_ {
        let ordered = self.ordered_cache.get_or_init(|| self.ordered());
        let from = if *ordered { self.sentences.partition_point(|s| s.span.end < span.end) } else { 0 };
        self.sentences[from..]
            .iter()
            .enumerate()
            .take_while(move |(_, s)| !*ordered || s.span.start <= span.start)
            .filter(move |(_, s)| s.span.contains(span))
            .map(move |(i, _)| from + i)
    }

    /// The index of the first sentence whose span is `span`: a binary
    /// search when the sentences are ordered, else a scan.
    pub(crate) fn sentence_at(&self, span: Span) -> Option<usize> {
        if *self.ordered_cache.get_or_init(|| self.ordered()) {
            let from = self.sentences.partition_point(|s| s.span.start < span.start);
            return self.sentences[from..]
                .iter()
                .take_while(|s| s.span.start == span.start)
                .position(|s| s.span == span)
                .map(|i| from + i);
        }
        self.sentences.iter().position(|s| s.span == span)
    }

    /// The index of the first sentence ending at `end`.
    pub(crate) fn sentence_ending_at(&self, end: usize) -> Option<usize> {
        if *self.ordered_cache.get_or_init(|| self.ordered()) {
            let i = self.sentences.partition_point(|s| s.span.end < end);
            return self.sentences.get(i).filter(|s| s.span.end == end).map(|_| i);
        }
        self.sentences.iter().position(|s| s.span.end == end)
    }
}

/// Extracts actors, events and facts from a segmented document.
pub fn extract(doc: &Document, seg: &Segmented) -> Extraction {
    extract_scanned(doc, seg, Scanned::new(doc, seg))
}

/// The table-driven scans of a document: its actor-lexicon matches and
/// its place names, the two stages whose big tables (the lexicon's DFA,
/// the gazetteer's name table) miss the caches when one document's scan
/// follows another's other stages. Made apart from [`extract_scanned`] so
/// that a caller with many documents can scan them all, then extract
/// them all, with each table warm through its run.
pub struct Scanned<'d> {
    /// The text with footnote markers blanked (see [`mask_markers`]).
    text: std::borrow::Cow<'d, str>,
    lexicon: Vec<lexicon::LexMention>,
    places: Vec<gazetteer::PlaceMention>,
}

impl<'d> Scanned<'d> {
    /// Scans `doc`, segmented as `seg`.
    pub fn new(doc: &'d Document, seg: &Segmented) -> Scanned<'d> {
        // Footnote markers that markup turned into plain digits ("on 30 July
        // 2023.1 The group …") are citations, not text: blank them, keeping
        // every offset, so that no rule reads "2023.1" as a number.
        let masked = mask_markers(&doc.text, &doc.layout.markers);
        let lexicon = Lexicon::bundled().find(&fold(&masked), Span::new(0, masked.len()));
        let gazetteer = Gazetteer::bundled();
        let places = seg.passages.iter().flat_map(|p| gazetteer.find(&masked, p.span)).collect();
        Scanned { text: masked, lexicon, places }
    }
}

/// [`extract`] of a document already [`Scanned`].
pub fn extract_scanned(doc: &Document, seg: &Segmented, scanned: Scanned<'_>) -> Extraction {
    debug_assert_eq!(scanned.text.len(), doc.text.len(), "scanned another document");
    let Scanned { text: masked, lexicon: lexicon_matches, places: mentions } = scanned;
    let text = masked.as_ref();
    let gazetteer = Gazetteer::bundled();
    let body: Vec<&dossier_model::Passage> = seg.passages.iter().collect();
    let mut scan: Vec<Span> = body.iter().map(|p| p.span).collect();
    scan.extend(seg.notes.iter().map(|n| n.span));

    // Places over the body, resolved on the whole document.
    let resolved = gazetteer.resolve(text, &mentions);
    let place_spans: Vec<Span> = resolved.iter().map(|r| r.span).collect();
    let countries: Vec<(Span, String)> = resolved
        .iter()
        .filter(|r| gazetteer.place(r.place).kind == PlaceKind::Country)
        .map(|r| (r.span, gazetteer.place(r.place).name.clone()))
        .collect();

    // Tokens once per passage and note: every stage below reads them.
    let lowered = Lowered::new(text);
    let (all_toks, ranges) = tokenize_all(&lowered, &scan);
    let mut scan_toks: Vec<&[Token]> = ranges.into_iter().map(|r| &all_toks[r]).collect();
    // Each passage's cue bits, so that rules skip passages without their words.
    let masks: Vec<CueMask> = scan_toks.iter().map(|t| CueMask::of_tokens(t)).collect();
    let scanned = actors::Scan { spans: &scan, toks: &scan_toks, masks: &masks, body: body.len() };
    let mut actors = actors::build(text, lexicon_matches, scanned, &place_spans, &countries);
    facts::add_listed_people(&lowered, &body, &mut actors);
    let infobox = infobox::read(text, &body, &mut actors, gazetteer);

    let (doc_date, dateline) = document_date(text, seg);
    let mut sentences = Vec::with_capacity(body.len());
    let mut topic: Option<usize> = None;
    let (mut paragraph, mut topic_in_paragraph) = (usize::MAX, false);
    let mut section_date: Option<dossier_model::PartialDate> = None;
    let mut narrative: Option<dossier_model::PartialDate> = None;
    scan_toks.truncate(body.len());
    // Mentions and places by start, so each passage looks only at its own
    // range (a scan of the whole document per passage is quadratic).
    let mut mentions_by_start = actors.mentions.clone();
    mentions_by_start.sort_by_key(|m| m.span.start);
    let mut number_scratch = numbers::Scratch::default();
    let mut resolved_by_start: Vec<&gazetteer::Resolved> = resolved.iter().collect();
    resolved_by_start.sort_by_key(|r| r.span.start);
    for ((p, toks), words) in body.iter().zip(scan_toks).zip(masks) {
        let first = mentions_by_start.partition_point(|m| m.span.start < p.span.start);
        let in_span: Vec<ActorMention> = mentions_by_start[first..]
            .iter()
            .take_while(|m| m.span.start < p.span.end)
            .filter(|m| p.span.contains(m.span))
            .copied()
            .collect();
        let first = resolved_by_start.partition_point(|r| r.span.start < p.span.start);
        let places: Vec<PlaceRef> = resolved_by_start[first..]
            .iter()
            .take_while(|r| r.span.start < p.span.end)
            .filter(|r| {
                p.span.contains(r.span)
                    && !in_span.iter().any(|m| m.span.start <= r.span.start && r.span.end <= m.span.end)
            })
            .filter(|r| !inside_proper_name(text, p.span, r.span) && !INSTITUTION_WORDS.contains(&r.span.slice(text)))
            .filter(|r| !dateline.is_some_and(|l| l.contains(r.span)))
            .map(|r| PlaceRef {
                span: r.span,
                place: r.place,
                surface: r.span.slice(text).to_string(),
                locality: false,
            })
            .collect();
        // A heading's date ("Weekly overview, 10–16 February 2024") dates
        // the yearless days below it when the document itself has no date.
        let (dates, quantities) = numbers::find_dates_and_quantities_of(
            text,
            p.span,
            doc_date.or(section_date),
            narrative,
            toks,
            &mut number_scratch,
        );
        // The last full date so far ("16 January 2024"), for the yearless
        // days after it in a text with no date of its own.
        if let Some(full) = dates.iter().rev().find_map(|d| match d.value {
            dates::Temporal::Date(x) if x.day.is_some() && !d.relative => Some(x),
            _ => None,
        }) {
            narrative = Some(full);
        }
        if p.kind == PassageKind::Heading
            && let Some(d) = dates.last()
        {
            section_date = Some(match d.value {
                dates::Temporal::Interval { end: Some(e), .. } => e,
                dates::Temporal::Interval { start, end: None } => start,
                dates::Temporal::Date(x) => x,
            });
        }
        let dates: Vec<DateMention> =
            dates.into_iter().filter(|d| !dateline.is_some_and(|l| l.contains(d.span))).collect();
        let quantities: Vec<Quantity> =
            quantities.into_iter().filter(|q| !dates.iter().any(|d| d.span.overlaps(q.span))).collect();
        let mut places = places;
        add_localities(text, toks, &in_span, &dates, &mut places);
        if p.paragraph != paragraph {
            paragraph = p.paragraph;
            topic_in_paragraph = false;
        }
        if let Some(subject) = subject_actor(toks, &in_span, &actors) {
            topic = Some(subject);
        }
        // The paragraph names its group, or says "the group": a bare "them"
        // ("most of them girls") says nothing about who acted.
        topic_in_paragraph |= in_span.iter().any(|m| Some(m.actor) == topic)
            || toks.windows(2).any(|w| {
                w[0].is_in(cues!["the", "this"])
                    && w[1].is_in(cues!["group", "organisation", "organization", "movement"])
            });
        sentences.push(Sentence {
            span: p.span,
            kind: p.kind,
            topic_in_paragraph,
            words,
            toks,
            actors: in_span,
            places,
            dates,
            quantities,
            topic,
        });
    }
    let main_actor = main_actor(seg, &actors);
    let analysed =
        Analysed { text, sentences, actors, main_actor, gazetteer, infobox, ordered_cache: std::cell::OnceCell::new() };
    let events = events::extract(&analysed);
    let facts = facts::extract(&analysed);
    Extraction { actors: analysed.actors, events, facts }
}

/// The text with the ASCII characters of footnote markers made spaces.
fn mask_markers<'t>(text: &'t str, markers: &[dossier_model::Marker]) -> std::borrow::Cow<'t, str> {
    if markers.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for m in markers {
        for b in bytes.get_mut(m.span.start..m.span.end).into_iter().flatten() {
            if b.is_ascii() {
                *b = b' ';
            }
        }
    }
    // Only ASCII bytes changed, to ASCII: still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

/// The document's own date, for "this year" and "on 30 January": the
/// segmenter's (a dateline or a "Last updated" line), else a news dateline
/// ("PESHAWAR, Pakistan, 18 February 2023 (Newswire) – …"), whose span is
/// returned so that it is not taken for the date of an incident.
fn document_date(text: &str, seg: &Segmented) -> (Option<dossier_model::PartialDate>, Option<Span>) {
    let Some(first) = seg.passages.iter().find(|p| p.kind == PassageKind::Sentence) else {
        return (seg.meta.date, None);
    };
    let head = first.span.slice(text);
    let caps = head
        .split(|c: char| !c.is_alphabetic())
        .next()
        .is_some_and(|w| w.len() >= 3 && w.chars().all(char::is_uppercase));
    let cut = [" – ", " — ", " - "].iter().filter_map(|sep| head.find(sep)).min().unwrap_or(0);
    if caps && cut > 0 && cut < 120 {
        let within = Span::new(first.span.start, first.span.start + cut);
        if let Some(d) = dates::find_dates(text, within, None).into_iter().next()
            && let dates::Temporal::Date(p) = d.value
        {
            // The whole dateline ("KARACHI, Pakistan, 20 March 2024 (Wire)")
            // is where and when the report was filed, not an incident's.
            return (seg.meta.date.or(Some(p)), Some(within));
        }
    }
    (seg.meta.date, None)
}

/// Words that open a sentence with an adverbial before its subject.
const OPENERS: &Cues = cues![
    "in",
    "on",
    "during",
    "since",
    "after",
    "before",
    "when",
    "while",
    "despite",
    "following",
    "given",
    "however",
    "meanwhile",
    "similarly",
    "comparatively",
    "although",
    "as",
    "due",
    "to",
    "second",
    "first",
    "moreover",
    "thus",
    "then",
    "by",
    "at",
    "from",
    "with",
    "over",
    "under",
    "until",
    "whenever",
    "if",
    "once",
    "unlike",
    "like",
];

/// Pronouns and descriptions that refer back to the current topic.
pub(crate) const ANAPHORS: &Cues = cues!["it", "its", "they", "their", "them", "group", "organization", "organisation"];

/// The actor a sentence is about: the first non-person actor named at the
/// start of its main clause.
fn subject_actor(toks: &[Token], mentions: &[ActorMention], actors: &ActorTable) -> Option<usize> {
    let mut start = 0;
    if toks.first().is_some_and(|t| t.is_in(OPENERS))
        && let Some(comma) = toks.iter().position(|t| t.is_punct(','))
    {
        start = comma + 1;
    }
    let window_start = toks.get(start)?.span.start;
    // The subject heads the clause: only determiners may stand before it
    // ("The conflict between the Taliban and ISKP" is about a conflict).
    // Only a group carries the discourse: "it" and "the group" refer to one.
    let m =
        mentions.iter().find(|m| m.span.start >= window_start && actors.actors[m.actor].kind != ActorKind::Person)?;
    if actors.actors[m.actor].kind != ActorKind::ArmedGroup {
        return None;
    }
    let before = toks[start..].iter().take_while(|t| t.span.end <= m.span.start);
    before.clone().all(|t| t.is_in(DETERMINERS)).then_some(m.actor)
}

/// Words that may stand before a clause's subject.
pub(crate) const DETERMINERS: &Cues =
    cues!["the", "a", "an", "its", "their", "this", "that", "these", "those", "new", "former", "central"];

/// The actor the document is about: the one its title names, else the most
/// mentioned armed group.
fn main_actor(seg: &Segmented, actors: &ActorTable) -> Option<usize> {
    let first = seg.passages.iter().find(|p| p.kind == PassageKind::Heading || p.kind == PassageKind::Sentence);
    if let Some(first) = first
        && let Some(m) = actors
            .mentions
            .iter()
            .find(|m| first.span.contains(m.span) && actors.actors[m.actor].kind == ActorKind::ArmedGroup)
    {
        return Some(m.actor);
    }
    let mut counts = vec![0usize; actors.actors.len()];
    for m in actors.mentions.iter().filter(|m| m.in_body) {
        counts[m.actor] += 1;
    }
    (0..counts.len())
        .filter(|&a| actors.actors[a].kind == ActorKind::ArmedGroup)
        .max_by_key(|&a| (counts[a], std::cmp::Reverse(a)))
}

/// Words that name a kind of building or body and are also the names of
/// small towns somewhere ("the University of Karachi" is not University,
/// Florida).
const INSTITUTION_WORDS: &[&str] = &[
    "University",
    "College",
    "Airport",
    "Hospital",
    "Station",
    "Mall",
    "Market",
    "Park",
    "School",
    "Stadium",
    "Centre",
    "Center",
    "Hotel",
    "Bridge",
    "Port",
    "Harbour",
    "Harbor",
    "Mosque",
    "Church",
    "Temple",
    "Lines",
    "Express",
    "Police",
    "Army",
    "Parliament",
    "Assembly",
    "Court",
    "Embassy",
    "Camp",
    "Prison",
    "Jail",
];

/// A place word wedged between two capitalized words is part of a longer
/// proper name ("Garissa University College"), not a place of its own.
fn inside_proper_name(text: &str, within: Span, span: Span) -> bool {
    let before = text[within.start..span.start].split_whitespace().next_back();
    let after = text[span.end..within.end].split_whitespace().next();
    let capitalized = |w: Option<&str>| {
        w.is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphanumeric))
    };
    capitalized(before) && capitalized(after)
}

/// How specific a place kind is: a city is more specific than a country.
/// Localities the gazetteer lacks, named before a place it knows: "in
/// Kasindi, North Kivu", "at Semuliki, Beni territory" (one to three
/// capitalized words after "in", "at", "near" or "on", then a comma and
/// the known place), added to `places` in order. Words that are already
/// a place, an actor or a date ("On Monday, Kabul …") are not.
fn add_localities(
    text: &str,
    toks: &[Token],
    actors: &[ActorMention],
    dates: &[DateMention],
    places: &mut Vec<PlaceRef>,
) {
    let mut found = Vec::new();
    for r in places.iter() {
        let k = toks.partition_point(|t| t.span.start < r.span.start);
        if k < 3 || toks.get(k).map(|t| t.span.start) != Some(r.span.start) || !toks[k - 1].is_punct(',') {
            continue;
        }
        let end = k - 2;
        let name_word = |t: &Token| t.kind == TokKind::Word && t.is_capitalized();
        let mut start = end;
        while start > 0 && end - start < 2 && name_word(&toks[start - 1]) {
            start -= 1;
        }
        // The run must follow the cue word directly.
        if !name_word(&toks[end]) || start == 0 || !toks[start - 1].is_in(cues!["in", "at", "near", "on"]) {
            continue;
        }
        let span = Span::new(toks[start].span.start, toks[end].span.end);
        if places.iter().any(|p| p.span.overlaps(span))
            || actors.iter().any(|m| m.span.overlaps(span))
            || dates.iter().any(|d| d.span.overlaps(span))
        {
            continue;
        }
        found.push(PlaceRef { span, place: r.place, surface: span.slice(text).to_string(), locality: true });
    }
    if !found.is_empty() {
        places.extend(found);
        places.sort_by_key(|p| p.span.start);
    }
}

pub(crate) fn specificity(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::City => 4,
        PlaceKind::Admin2 => 3,
        PlaceKind::Admin1 => 2,
        PlaceKind::Country => 1,
        PlaceKind::Region => 0,
    }
}

/// The texts of the corpus and of the fixture folders `fuzz` names (under
/// `tests/fixtures/fuzz/`), read as UTF-8 lossily: the real inputs on
/// which tests compare a fast path with the plain one.
#[cfg(test)]
pub(crate) fn fixture_texts(fuzz: &[&str]) -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let dirs = std::iter::once(format!("{root}/../../corpus"))
        .chain(fuzz.iter().map(|d| format!("{root}/tests/fixtures/fuzz/{d}")));
    let mut texts = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("fixture");
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    texts
}
