//! Fact frames about groups: founded, size estimate, leader, split from,
//! part of, ally, opponent, ideology, areas of activity, headquarters and
//! attack counts. Each comes from a cue in a sentence (or a flattened
//! infobox line such as `Foundation26 January 2015`) and keeps its span.

use dossier_model::{PartialDate, Passage, PassageKind, Span};

use crate::actors::{ActorMention, ActorTable, person, person_name_at};
use crate::dates::{DateMention, Temporal};
use crate::events::ATTACK_NOUNS;
use crate::lexicon::ActorKind;
use crate::tokens::{CueMask, Cues, Lowered, TokKind, Token, cues, tokenize};
use crate::{ANAPHORS, Analysed, Sentence};

pub use dossier_model::Predicate;

/// The value of a fact.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FactValue {
    /// A date (founded).
    Date(PartialDate),
    /// A range (size estimate).
    Range {
        /// Lower bound.
        min: Option<u64>,
        /// Upper bound.
        max: Option<u64>,
    },
    /// A count (attack count).
    Count(u64),
    /// Another actor of the document.
    Actor(usize),
    /// A place, as the text writes it.
    Place(String),
    /// Free text (ideology).
    Text(String),
}

/// One fact, as one document states it.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The actor it is about.
    pub subject: usize,
    /// What it says.
    pub predicate: Predicate,
    /// The value.
    pub value: FactValue,
    /// The date the text gives for the statement.
    pub as_of: Option<PartialDate>,
    /// Extra detail: a leader's role, a split's date, a count's period and place.
    pub role: Option<String>,
    /// Until when (a former leader).
    pub until: Option<PartialDate>,
    /// When a split happened.
    pub date: Option<PartialDate>,
    /// The period an attack count covers (`2019/2022`, `2019/..`).
    pub period: Option<String>,
    /// The place an attack count covers.
    pub place: Option<String>,
    /// The passage it comes from.
    pub span: Span,
    /// The rule that made it.
    pub rule: &'static str,
}

impl Fact {
    fn new(subject: usize, predicate: Predicate, value: FactValue, span: Span, rule: &'static str) -> Fact {
        Fact {
            subject,
            predicate,
            value,
            as_of: None,
            role: None,
            until: None,
            date: None,
            period: None,
            place: None,
            span,
            rule,
        }
    }
}

/// Labels that announce a list of leaders.
const LEADER_LABELS: &Cues =
    cues!["leader", "leaders", "emir", "emirs", "wali", "commander", "commanders", "chief", "head"];

/// Role words that name a leader (`Emir X`, `Quds Force leader X`).
const LEADER_ROLES: &Cues = cues!["leader", "emir", "amir", "commander", "chief", "founder", "head", "wali"];

/// Nouns for a group's members (`4,000 fighters`).
const MEMBER_NOUNS: &[&str] = &[
    "fighters",
    "members",
    "militants",
    "combatants",
    "cadres",
    "men",
    "troops",
    "recruits",
    "operatives",
    "followers",
    "strong",
];

/// Nouns that make a group part of another (`a regional affiliate of`).
const PART_NOUNS: &Cues = cues![
    "affiliate",
    "branch",
    "chapter",
    "wing",
    "province",
    "faction",
    "franchise",
    "arm",
    "subsidiary",
    "division"
];

/// Words naming a doctrine.
const IDEOLOGY_NOUNS: &Cues = cues!["ideology", "philosophy", "doctrine", "worldview", "creed"];

/// Adjectives that describe a doctrine.
const IDEOLOGY_TERMS: &Cues = cues![
    "salafi",
    "salafist",
    "salafi-jihadist",
    "salafist-jihadist",
    "jihadist",
    "jihadi",
    "takfiri",
    "takfeeri",
    "deobandi",
    "wahhabi",
    "islamist",
    "sunni",
    "shia",
    "marxist",
    "maoist",
    "marxist-leninist",
    "nationalist",
    "separatist",
    "ethno-nationalist",
    "pan-islamist",
    "sectarian",
    "statism",
    "islamism",
    "jihadism",
    "salafism",
    "isis",
    "baloch",
];

/// Adjectives too generic to be a doctrine (`its radical ideology`).
const GENERIC_ADJECTIVES: &Cues = cues![
    "radical",
    "extremist",
    "violent",
    "its",
    "their",
    "the",
    "a",
    "an",
    "this",
    "same",
    "own",
    "different",
    "rival"
];

/// Direction words kept with a place (`eastern Afghanistan`).
const DIRECTIONS: &Cues = cues![
    "eastern",
    "western",
    "northern",
    "southern",
    "central",
    "north-western",
    "north-eastern",
    "south-western",
    "south-eastern",
    "northwestern",
    "northeastern",
    "southwestern",
    "southeastern",
    "northwest",
    "northeast",
    "southwest",
    "southeast",
    "downtown",
];

/// The first words of [`ACTIVE_CUES`], to skip tokens that start none.
const ACTIVE_FIRSTS: CueMask = CueMask::of_firsts(ACTIVE_CUES);

/// Cues after which places are where a group is active.
const ACTIVE_CUES: &[&[&str]] = &[
    &["active", "in"],
    &["operates", "in"],
    &["operates", "only", "in"],
    &["operate", "in"],
    &["operating", "in"],
    &["operating", "from"],
    &["operates", "from"],
    &["operations", "in"],
    &["presence", "in"],
    &["present", "in"],
    &["foothold", "in"],
    &["footprint", "across"],
    &["footprint", "in"],
    &["chapters", "throughout"],
    &["chapters", "in"],
    &["strongholds", "in"],
    &["stronghold", "in"],
    &["occur", "in"],
    &["focuses", "on"],
    &["underground", "in", "the", "region", "of"],
    &["expanded", "into"],
    &["expanded", "to"],
    &["based", "in"],
    &["based", "across", "the", "border", "in"],
    &["controls"],
    &["control", "of"],
    &["carried", "out", "attacks", "in"],
    // "operating from bases in X", "incursions into X", "fighters remained in X".
    &["bases", "in"],
    &["incursions", "into"],
    &["remained", "in"],
    &["remain", "in"],
];

/// Every word a token loop of the rules below acts on: each loop skips
/// the tokens outside its own cue lists (a stateless `continue`), so it can
/// run over the sentence's [`candidates`] instead of all its tokens, in the
/// same order, with the same result.
const RULE_WORDS: CueMask = FOUNDING
    .mask()
    .union(*LEADER_ROLES.mask())
    .union(SPLIT_OPENERS)
    .union(*PART_NOUNS.mask())
    .union(*cues!["part"].mask())
    .union(IDEOLOGY_OPENERS)
    .union(ACTIVE_OPENERS)
    .union(ACTIVE_ATTACKED)
    .union(OPPONENT_OPENERS)
    .union(*SPLIT_WORDS.mask())
    .union(*TOLL_WORDS.mask())
    .union(*cues!["number"].mask())
    .union(*ATTACK_NOUNS.mask());

/// The indices of the tokens of `s` that may be one of [`RULE_WORDS`], in order.
fn candidates(s: &Sentence, out: &mut Vec<usize>) {
    // Without a branch per token: each index is written, and kept when its
    // bit is set (a candidate is a hit on a nearly random bit).
    out.clear();
    out.resize(s.toks.len(), 0);
    let mut n = 0;
    for (k, t) in s.toks.iter().enumerate() {
        out[n] = k;
        n += usize::from(RULE_WORDS.may_hold(t));
    }
    out.truncate(n);
}

/// Extracts the facts of a document.
pub(crate) fn extract(a: &Analysed<'_>) -> Vec<Fact> {
    let mut out = Vec::new();
    infobox(a, &mut out);
    listed_leaders(a, &mut out);
    // Room for the longest sentence's tokens, so that it never grows.
    let mut cands = Vec::with_capacity(a.sentences.iter().map(|s| s.toks.len()).max().unwrap_or(0));
    for s in &a.sentences {
        if s.kind == PassageKind::Heading {
            continue;
        }
        candidates(s, &mut cands);
        let c = &cands[..];
        founded(a, s, c, &mut out);
        size(a, s, &mut out);
        leaders(a, s, c, &mut out);
        split_from(a, s, c, &mut out);
        part_of(a, s, c, &mut out);
        ideology(a, s, c, &mut out);
        active_in(a, s, c, &mut out);
        opponents(a, s, c, &mut out);
        attack_counts(a, s, c, &mut out);
        new_group(a, s, c, &mut out);
    }
    // One fact per (subject, predicate, value) and passage.
    let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(out.len(), Default::default());
    let keep: Vec<bool> = out.iter().map(|f| seen.insert((f.subject, f.predicate, &f.value, f.span))).collect();
    drop(seen);
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(true));
    out
}

/// People listed under a leader label become person actors with mentions.
pub(crate) fn add_listed_people(src: &Lowered<'_>, body: &[&Passage], actors: &mut ActorTable) {
    let text = src.text();
    let runs = leader_lists(src, body);
    if runs.is_empty() {
        return;
    }
    // An index of the mentions, and the new ones merged in at the end by
    // position (each placed before any mention starting where it does):
    // a scan and an insertion per name were quadratic in a long document.
    let room = actors.mentions.len() + runs.iter().map(Vec::len).sum::<usize>();
    let mut taken = crate::actors::SpanIndex::with_capacity(room);
    for m in &actors.mentions {
        taken.insert(m.span);
    }
    let mut added = Vec::with_capacity(room);
    for span in runs.into_iter().flatten() {
        if taken.overlaps(span) {
            continue;
        }
        let a = person(actors, span.slice(text));
        taken.insert(span);
        added.push(ActorMention { span, actor: a, in_body: true });
    }
    added.append(&mut actors.mentions);
    added.sort_by_key(|m| m.span.start);
    actors.mentions = added;
}

/// Runs of list items that follow a label such as `Known leader:` or
/// `Leaders`, as the spans of the names (bullets stripped).
fn leader_lists(src: &Lowered<'_>, body: &[&Passage]) -> Vec<Vec<Span>> {
    let text = src.text();
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        // Only a short line ending in a colon can be a label: tokenize no
        // other (and trim the start of none that does not end so).
        let line = body[i].span.slice(text).trim_end();
        let is_label = line.ends_with(':') && line.trim_start().len() < 60 && {
            let toks = tokenize(src, body[i].span);
            toks.len() <= 6 && toks.iter().any(|t| t.is_in(LEADER_LABELS))
        };
        if !is_label {
            i += 1;
            continue;
        }
        let mut run = Vec::new();
        let mut j = i + 1;
        // The run keeps the first item's bullet: "• Name" lines end where
        // unbulleted infobox lines ("IdeologyIslamic Statism") begin.
        let bullet = |p: &Passage| p.span.slice(text).trim_start().starts_with(['•', '-', '*', '·', '◦', '▪']);
        let bulleted = body.get(i + 1).is_some_and(|p| bullet(p));
        while j < body.len() && body[j].kind == PassageKind::ListItem && bullet(body[j]) == bulleted {
            let item = body[j].span;
            let t = tokenize(src, item);
            let words: Vec<&Token> = t.iter().filter(|t| t.kind == TokKind::Word).collect();
            if let (Some(first), Some(last)) = (words.first(), words.last()) {
                let span = Span::new(first.span.start, last.span.end);
                if (2..=5).contains(&words.len()) && words.iter().all(|w| w.is_capitalized() || w.lower.len() <= 3) {
                    run.push(span);
                }
            }
            j += 1;
        }
        if !run.is_empty() {
            out.push(run);
        }
        i = j;
    }
    out
}

fn listed_leaders(a: &Analysed<'_>, out: &mut Vec<Fact>) {
    let Some(main) = a.main_actor else { return };
    for s in a.sentences.iter().filter(|s| s.kind == PassageKind::ListItem) {
        for m in &s.actors {
            if a.kind(m.actor) == ActorKind::Person
                && a.actors.actors[m.actor].rule == "person named with a role"
                && listed(a, s)
            {
                out.push(Fact::new(
                    main,
                    Predicate::Leader,
                    FactValue::Actor(m.actor),
                    s.span,
                    "listed under a leader label",
                ));
            }
        }
    }
}

/// True when a list item belongs to a run under a leader label.
fn listed(a: &Analysed<'_>, s: &Sentence) -> bool {
    let idx = a.sentence_at(s.span).unwrap_or(0);
    for prev in a.sentences[..idx].iter().rev() {
        if prev.kind == PassageKind::ListItem {
            continue;
        }
        let t = prev.span.slice(a.text).trim();
        return t.ends_with(':') && prev.toks.iter().any(|t| t.is_in(LEADER_LABELS));
    }
    false
}

/// The flattened infobox's entries, about the document's main actor.
fn infobox(a: &Analysed<'_>, out: &mut Vec<Fact>) {
    use crate::infobox::InfoValue;
    let Some(main) = a.main_actor else { return };
    for e in &a.infobox {
        for v in &e.values {
            let value = match v {
                InfoValue::Date(d) => FactValue::Date(*d),
                InfoValue::Actor(x) if *x != main => FactValue::Actor(*x),
                InfoValue::Actor(_) => continue,
                InfoValue::Place(p) => FactValue::Place(p.clone()),
                InfoValue::Range(min, max) => FactValue::Range { min: *min, max: *max },
                InfoValue::Text(t) => FactValue::Text(t.clone()),
            };
            out.push(Fact::new(main, e.predicate, value, e.span, "infobox line"));
        }
    }
}

fn point(d: &DateMention) -> Option<PartialDate> {
    match d.value {
        Temporal::Date(p) => Some(p),
        Temporal::Interval { .. } => None,
    }
}

/// Index of the first token at or after byte `pos`.
fn tok_at(s: &Sentence, pos: usize) -> usize {
    s.toks.partition_point(|t| t.span.start < pos)
}

/// The actor a cue at token `k` is about: the sentence's own subject; else
/// the nearest group before the cue in its clause; else the topic.
fn subject_for(a: &Analysed<'_>, s: &Sentence, k: usize) -> Option<usize> {
    let cue = s.toks.get(k).map_or(s.span.end, |t| t.span.start);
    let toks = &s.toks[..k.min(s.toks.len())];
    let clause_start = toks
        .iter()
        .enumerate()
        .rposition(|(i, t)| {
            t.is_punct(';')
                || t.is_punct('(')
                || t.is_in(cues!["while", "but", "whereas", "when"])
                || (t.is_in(cues!["as", "because", "although", "since", "which", "who"])
                    && i > 0
                    && toks[i - 1].is_punct(','))
        })
        .map_or(s.span.start, |i| s.toks[i].span.end);
    let non_person = |m: &&ActorMention| a.kind(m.actor) != ActorKind::Person;
    // The first actor at the clause start is its subject.
    let first = s.actors.iter().filter(non_person).find(|m| m.span.start >= clause_start && m.span.end <= cue);
    if let Some(m) = first {
        // The tokens from the clause start to the actor: tokens are in text
        // order and never overlap, so those starting at or after one offset
        // and ending by another are one run.
        let from = s.toks.partition_point(|t| t.span.start < clause_start);
        let to = s.toks.partition_point(|t| t.span.end <= m.span.start).max(from);
        let before = &s.toks[from..to];
        let starts_clause = before.len() <= 3 || before.iter().rev().take(2).any(|t| t.is_punct(','));
        if starts_clause && !before.iter().any(|t| t.is_in(ANAPHORS)) {
            return Some(m.actor);
        }
    }
    let anaphor = s.toks[..k.min(s.toks.len())].iter().any(|t| t.is_in(ANAPHORS));
    if anaphor || first.is_none() {
        return s.topic.or(a.main_actor);
    }
    first.map(|m| m.actor)
}

/// Adverbs that may stand inside a cue ("operates mainly in").
const CUE_ADVERBS: &Cues =
    cues!["mainly", "mostly", "primarily", "only", "largely", "chiefly", "predominantly", "still", "also", "now"];

/// Does the token sequence `words` start at token `k`? Adverbs may stand
/// between its words; [`seq_len`] says how many tokens it took.
fn seq_at(s: &Sentence, k: usize, words: &[&str]) -> bool {
    seq_len(s, k, words).is_some()
}

/// [`seq_len`] of a cue, first testing its first word here: most cues of a
/// list fail on it, and `seq_len` tests the first word the same way (no
/// adverb may stand before it).
#[inline]
fn cue_len(s: &Sentence, k: usize, words: &[&str]) -> Option<usize> {
    if !words.first().is_none_or(|w| s.toks.get(k).is_some_and(|t| t.is_word(w))) {
        return None;
    }
    seq_len(s, k, words)
}

fn seq_len(s: &Sentence, k: usize, words: &[&str]) -> Option<usize> {
    let mut j = k;
    for (i, w) in words.iter().enumerate() {
        while i > 0 && s.toks.get(j).is_some_and(|t| t.is_in(CUE_ADVERBS) && !t.is_word(w)) {
            j += 1;
        }
        if !s.toks.get(j).is_some_and(|t| t.is_word(w)) {
            return None;
        }
        j += 1;
    }
    Some(j - k)
}

/// Actors named in a coordinated list starting at token `k` (`al-Qaeda,
/// Tehrik-e-Taliban (TTP) and former Taliban fighters`).
fn actors_listed_from(a: &Analysed<'_>, s: &Sentence, k: usize, limit: usize) -> Vec<usize> {
    let start = s.toks.get(k).map_or(s.span.end, |t| t.span.start);
    let end = s.toks.get(k + limit).map_or(s.span.end, |t| t.span.start);
    let mut out: Vec<usize> = Vec::new();
    for m in s.actors.iter().filter(|m| m.span.start >= start && m.span.end <= end) {
        if a.kind(m.actor) != ActorKind::Person && !out.contains(&m.actor) {
            out.push(m.actor);
        }
    }
    out
}

/// Words of a founding.
const FOUNDING: &Cues =
    cues!["formed", "founded", "established", "created", "formation", "founding", "foundation", "emerged"];

/// `cands`: the sentence's [`candidates`].
fn founded(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    for &k in cands {
        let t = &s.toks[k];
        if !t.is_in(FOUNDING) {
            continue;
        }
        // "formed in Mocimboa district around 2007": a place may come first.
        let window_end = s.toks.get(k + 8).map_or(s.span.end, |t| t.span.end);
        // "1995 – The group is formed …": a chronology's entry dates its line.
        let entry_date = || {
            let first = s.dates.first().filter(|d| d.span.start == s.span.start)?;
            let after = s.toks.iter().find(|t| t.span.start >= first.span.end)?;
            (after.is_punct('–') || after.is_punct('-') || after.is_punct(':')).then(|| point(first)).flatten()
        };
        let Some(d) = s
            .dates
            .iter()
            .filter(|d| d.span.start > t.span.end && d.span.end <= window_end)
            .find_map(point)
            .or_else(entry_date)
        else {
            continue;
        };
        if let Some(subject) = subject_for(a, s, k) {
            out.push(Fact::new(subject, Predicate::Founded, FactValue::Date(d), s.span, "'formed/founded in DATE'"));
        }
    }
}

fn size(a: &Analysed<'_>, s: &Sentence, out: &mut Vec<Fact>) {
    let Some(first_members) =
        s.quantities.iter().find(|q| q.head.as_deref().is_some_and(|h| MEMBER_NOUNS.contains(&h)))
    else {
        return;
    };
    // Tolls mention people too: a kill word in the sentence rules it out.
    const KILLS: &Cues = cues!["killed", "killing", "dead", "died", "wounded", "injured", "arrested"];
    if s.may_have(KILLS) && s.toks.iter().any(|t| t.is_in(KILLS)) {
        return;
    }
    let k = tok_at(s, first_members.span.start);
    // "the TTP's strength", "its strength": whose size it is.
    let strength =
        s.toks.iter().position(|t| t.is_in(cues!["strength", "size", "membership", "numbers", "ranks", "manpower"]));
    let owner = strength.and_then(|j| {
        let at = s.toks[j].span.start;
        if j > 0 && s.toks[j - 1].is_in(cues!["its", "their"]) {
            return s.topic.or(a.main_actor);
        }
        s.actors
            .iter()
            .find(|m| m.span.end <= at && at - m.span.end <= 3 && a.kind(m.actor) == ActorKind::ArmedGroup)
            .map(|m| m.actor)
    });
    let Some(subject) = owner.or_else(|| subject_for(a, s, k)) else { return };
    // Every estimate in the sentence: "from around 2 000 to 4 000–6 000 fighters".
    for q in s.quantities.iter().filter(|q| q.head.as_deref().is_none_or(|h| MEMBER_NOUNS.contains(&h) || h == "to")) {
        if q.min.is_none() && q.max.is_none() {
            continue;
        }
        let (min, max) = match q.qualifier {
            Some(crate::numbers::Qualifier::About) | None => (q.min, q.max.or(q.min)),
            _ => (q.min, q.max),
        };
        out.push(Fact::new(
            subject,
            Predicate::SizeEstimate,
            FactValue::Range { min, max },
            s.span,
            "members or fighters counted",
        ));
    }
}

fn leaders(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    // A role word opens the first rule; the second starts from people.
    for &k in cands {
        let t = &s.toks[k];
        if !t.is_in(LEADER_ROLES) {
            continue;
        }
        // "its leader, Samir Hijazi", "Its leader is Samir Hijazi": the
        // name may follow a comma or a copula.
        let at = if s.toks.get(k + 1).is_some_and(|x| x.is_punct(',') || x.is_in(cues!["is", "was"])) {
            k + 2
        } else {
            k + 1
        };
        let Some(name) = person_name_at(a.text, s.toks, at) else { continue };
        let Some(person) = s.actors.iter().find(|m| m.span == name || (m.span.start == name.start)).map(|m| m.actor)
        else {
            continue;
        };
        // "Quds Force leader X": the actor right before the role word;
        // "Jundallah, whose leader, X": the actor before "whose".
        let whose = k >= 2 && s.toks[k - 1].is_in(cues!["whose"]) && s.toks[k - 2].is_punct(',');
        let owner_end = if whose { s.toks[k - 2].span.start } else { t.span.start };
        let right_before = s
            .actors
            .iter()
            .find(|m| m.span.end <= owner_end && owner_end - m.span.end <= 1 && a.kind(m.actor) != ActorKind::Person);
        let subject = match right_before {
            Some(m) => Some(m.actor),
            None => subject_for(a, s, k),
        };
        let Some(subject) = subject else { continue };
        let mut f = Fact::new(subject, Predicate::Leader, FactValue::Actor(person), s.span, "'leader NAME'");
        if t.is_in(cues!["emir", "amir", "wali", "commander", "chief", "founder"]) {
            f.role = Some(t.text(a.text).to_string());
        }
        let former = k > 0
            && s.toks[k.saturating_sub(2)..k].iter().any(|w| w.is_in(cues!["former", "late", "slain", "previous"]));
        if former {
            f.until = s.dates.iter().find_map(point);
        } else {
            f.as_of = s.dates.iter().find_map(point);
        }
        out.push(f);
    }
    // "under the leadership of (new) Emir X" is covered by the role word.
    // People in a leader's position: "founded … by X", "X has led the
    // group", "X, the group's emir", "succeeded by X", "His successors, X
    // and Y".
    // "founded by X and Y": where the next name of a founder list starts.
    let mut listed_next = None;
    for m in s.actors.iter().filter(|m| a.kind(m.actor) == ActorKind::Person) {
        let k = tok_at(s, m.span.start);
        let after = s.toks.partition_point(|t| t.span.start < m.span.end);
        let before = |n: usize, words: &Cues| s.toks[k.saturating_sub(n)..k].iter().any(|t| t.is_in(words));
        let by_cue = listed_next == Some(k)
            || k >= 2
                && s.toks[k - 1].is_in(cues!["by"])
                && before(8, cues!["founded", "succeeded", "replaced", "headed", "formed", "established"]);
        listed_next = (by_cue && s.toks.get(after).is_some_and(|t| t.is_in(cues!["and"]) || t.is_punct(',')))
            .then_some(after + 1);
        let successors = before(5, cues!["successors", "successor"]);
        // "X becomes its leader", "X became the group's emir".
        let becomes = s.toks.get(after).is_some_and(|t| t.is_in(cues!["becomes", "became", "remains"]))
            && s.toks[after + 1..].iter().take(4).any(|t| t.is_in(LEADER_ROLES))
            && s.toks[after + 1..].iter().take(2).any(|t| t.is_in(cues!["its", "their", "the"]));
        let has_led = s.toks.get(after).is_some_and(|t| t.is_in(cues!["has", "had"]))
            && s.toks.get(after + 1).is_some_and(|t| t.is_in(cues!["led", "headed", "commanded"]))
            || s.toks.get(after).is_some_and(|t| t.is_in(cues!["leads", "heads", "led"]))
                && s.toks.get(after + 1).is_some_and(|t| t.is_in(cues!["the", "it", "them"]));
        let appositive = s.toks.get(after).is_some_and(|t| t.is_punct(','))
            && s.toks[after + 1..].iter().take(5).any(|t| t.is_in(LEADER_ROLES))
            && s.toks[after + 1..].iter().take(3).any(|t| t.is_in(cues!["the", "its", "their"]));
        if !(by_cue || successors || has_led || appositive || becomes) {
            continue;
        }
        // "has led the faction": a faction named just before, else the topic.
        let object_is_faction =
            s.toks.get(after + 3).is_some_and(|t| t.is_in(cues!["faction", "splinter", "offshoot"]));
        let subject = if object_is_faction {
            a.sentences
                .iter()
                .rev()
                .filter(|x| x.span.end <= s.span.start)
                .take(2)
                .flat_map(|x| x.actors.iter().rev())
                .find(|x| a.kind(x.actor) == ActorKind::ArmedGroup && Some(x.actor) != s.topic)
                .map(|x| x.actor)
        } else {
            None
        }
        .or(s.topic)
        .or(a.main_actor);
        let Some(subject) = subject else { continue };
        let mut f =
            Fact::new(subject, Predicate::Leader, FactValue::Actor(m.actor), s.span, "person in a leader's position");
        if by_cue && before(8, cues!["founded", "formed", "established"]) {
            f.role = Some("founder".into());
        }
        out.push(f);
    }
}

/// Cues of a split: the group named after them is the one split from.
const SPLIT_CUES: &[&[&str]] = &[
    &["split", "from"],
    &["splintered", "from"],
    &["broke", "away", "from"],
    &["broke", "off", "from"],
    &["defected", "from"],
    &["breakaway", "faction", "of"],
    &["splinter", "group", "of"],
    &["splinter", "faction", "of"],
    &["defectors", "from"],
    // "founded in 1996 as an offshoot of X": it branched off X.
    &["offshoot", "of"],
    &["breakaway", "from"],
    // "set up by former members of X", "formed by defectors from X".
    &["former", "members", "of"],
    &["former", "commanders", "of"],
    &["former", "fighters", "of"],
    &["defectors", "from"],
];

/// The first words of [`SPLIT_CUES`].
const SPLIT_FIRSTS: CueMask = CueMask::of_firsts(SPLIT_CUES);

/// The cues' first words, and "broke" of "broke off to become".
const SPLIT_OPENERS: CueMask = SPLIT_FIRSTS.union(*cues!["broke"].mask());

fn split_from(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    let date = s.dates.iter().find_map(point);
    for &k in cands {
        let cue_len = SPLIT_CUES
            .iter()
            .filter(|_| SPLIT_FIRSTS.may_hold(&s.toks[k]))
            .find(|c| cue_len(s, k, c).is_some())
            .map(|c| c.len());
        if let Some(n) = cue_len {
            // A group's own claim ("claims to be an offshoot of") is not a
            // fact about it.
            if s.toks[k.saturating_sub(5)..k].iter().any(|w| w.is_in(cues!["claims", "claimed", "claim", "claiming"])) {
                continue;
            }
            let objects = actors_listed_from(a, s, k + n, 16);
            let Some(subject) = subject_for(a, s, k) else { continue };
            for o in objects.into_iter().filter(|&o| o != subject) {
                let mut f = Fact::new(subject, Predicate::SplitFrom, FactValue::Actor(o), s.span, "'split from X'");
                f.date = date;
                out.push(f);
            }
            continue;
        }
        // "X broke off to become Y": Y split from X.
        if s.toks[k].is_in(cues!["broke"])
            && (seq_at(s, k, &["broke", "off"]) || seq_at(s, k, &["broke", "away"]))
            && s.toks[k + 2..].iter().take(3).any(|t| t.is_in(cues!["become", "form"]))
        {
            let at = s.toks[k].span.start;
            let old = s
                .actors
                .iter()
                .rev()
                .find(|m| m.span.end <= at && a.kind(m.actor) != ActorKind::Person)
                .map(|m| m.actor);
            let new = s
                .actors
                .iter()
                .find(|m| m.span.start > at && a.kind(m.actor) != ActorKind::Person && Some(m.actor) != old)
                .map(|m| m.actor);
            if let (Some(old), Some(new)) = (old, new) {
                let mut f =
                    Fact::new(new, Predicate::SplitFrom, FactValue::Actor(old), s.span, "'X broke off to become Y'");
                f.date = date;
                out.push(f);
            }
        }
    }
}

fn part_of(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    for &k in cands {
        let t = &s.toks[k];
        // "declared the group part of X": the group named right after "of"
        // ("part of a wave of attacks by X" is not); "as part of X" says
        // what an act belonged to, not what a group is.
        if t.is_in(cues!["part"]) && s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["of"])) {
            if k > 0 && s.toks[k - 1].is_in(cues!["as"]) {
                continue;
            }
            let j = k + 2 + usize::from(s.toks.get(k + 2).is_some_and(|n| n.is_in(cues!["the", "its", "their"])));
            let object = s.toks.get(j).and_then(|n| {
                s.actors.iter().find(|m| m.span.start == n.span.start && a.kind(m.actor) == ActorKind::ArmedGroup)
            });
            if let (Some(m), Some(subject)) = (object, subject_for(a, s, k))
                && m.actor != subject
            {
                out.push(Fact::new(subject, Predicate::PartOf, FactValue::Actor(m.actor), s.span, "'part of X'"));
            }
            continue;
        }
        if !t.is_in(PART_NOUNS) {
            continue;
        }
        // A group's own claim is not a fact about it ("claims to be an offshoot of").
        if s.toks[..k].iter().rev().take(5).any(|w| w.is_in(cues!["claims", "claimed", "claim"])) {
            continue;
        }
        // "a regional affiliate of the Islamic State (IS) group".
        if s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["of"])) {
            let objects = actors_listed_from(a, s, k + 2, 7);
            if let (Some(&object), Some(subject)) = (objects.first(), subject_for(a, s, k))
                && object != subject
            {
                out.push(Fact::new(subject, Predicate::PartOf, FactValue::Actor(object), s.span, "'a branch of X'"));
            }
            continue;
        }
        // "a separate regional Islamic State affiliate", "ISCAP's Congolese
        // branch" (a possessive and up to two words between).
        // Not a past tie: "formerly X's affiliate", "once X's branch".
        let possessive_owner = || {
            let j = (k.saturating_sub(4)..k)
                .find(|&j| s.toks[j].is_punct('\'') && s.toks.get(j + 1).is_some_and(|n| n.is_in(cues!["s"])))?;
            let m = s.actors.iter().find(|m| m.span.end == s.toks[j].span.start)?;
            let first = tok_at(s, m.span.start);
            let past = s.toks[first.saturating_sub(3)..first]
                .iter()
                .any(|w| w.is_in(cues!["formerly", "former", "once", "previously", "until"]));
            (!past).then_some(m)
        };
        let before = s
            .actors
            .iter()
            .find(|m| m.span.end <= t.span.start && t.span.start - m.span.end <= 1)
            .or_else(possessive_owner);
        if let (Some(m), Some(subject)) = (before, subject_for(a, s, k))
            && m.actor != subject
            && a.kind(m.actor) == ActorKind::ArmedGroup
            && t.is_in(cues!["affiliate", "branch", "chapter", "wing", "franchise", "province"])
        {
            out.push(Fact::new(subject, Predicate::PartOf, FactValue::Actor(m.actor), s.span, "'an X affiliate'"));
        }
    }
}

/// One ideology fact per sentence and subject: a doctrine and a stated aim
/// in one sentence are one statement ("general ISIS doctrine; establish a
/// transnational caliphate"), and of several aims the last, most specific
/// one stands.
fn ideology(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    let mut found = Vec::new();
    ideology_parts(a, s, cands, &mut found);
    if found.is_empty() {
        return;
    }
    let last_aim = found.iter().rposition(|f: &Fact| f.rule == "stated aim");
    // This sentence's facts, merged at the end of `out`.
    let base = out.len();
    for (i, f) in found.into_iter().enumerate() {
        if f.rule == "stated aim" && Some(i) != last_aim {
            continue;
        }
        match out[base..].iter_mut().find(|m| m.subject == f.subject) {
            Some(m) => {
                if let (FactValue::Text(a), FactValue::Text(b)) = (&mut m.value, &f.value) {
                    a.push_str("; ");
                    a.push_str(b);
                }
            }
            None => out.push(f),
        }
    }
}

/// Every rule of [`ideology_parts`] starts at one of these words.
const IDEOLOGY_OPENERS: CueMask = IDEOLOGY_NOUNS
    .mask()
    .union(*cues!["group", "organisation", "organization", "movement"].mask())
    .union(*cues!["seeks", "aims", "goal", "wants", "want", "seek", "demands", "demand"].mask());

fn ideology_parts(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    let text = a.text;
    for &k in cands {
        let t = &s.toks[k];
        if !IDEOLOGY_OPENERS.may_hold(t) {
            continue;
        }
        // "follows a Salafist-jihadist ideology", "Salafi Takfeeri philosophy".
        if t.is_in(IDEOLOGY_NOUNS) {
            let mut j = k;
            while j > 0
                && s.toks[j - 1].kind == TokKind::Word
                && !s.toks[j - 1].is_in(GENERIC_ADJECTIVES)
                && !s.toks[j - 1].is_in(cues!["general"])
                && k - j < 4
            {
                j -= 1;
            }
            if j > 0 && s.toks[j - 1].is_in(cues!["general"]) {
                j -= 1;
            }
            if j < k && s.toks[j..k].iter().any(|w| w.is_in(IDEOLOGY_TERMS) || w.is_capitalized()) {
                let value = text[s.toks[j].span.start..s.toks[k - 1].span.end].to_string();
                let subject = s
                    .actors
                    .iter()
                    .find(|m| {
                        m.span.start >= t.span.end
                            && a.kind(m.actor) != ActorKind::Person
                            && preceded_within(s, m.span, cues!["of", "at", "behind"], 6)
                    })
                    .map(|m| m.actor)
                    .or_else(|| subject_for(a, s, k));
                if let Some(subject) = subject {
                    out.push(Fact::new(subject, Predicate::Ideology, FactValue::Text(value), s.span, "'X ideology'"));
                }
            }
            continue;
        }
        // "is a separatist armed group": the doctrine of the sentence's subject.
        if t.is_in(cues!["group", "organisation", "organization", "movement"]) && k >= 2 {
            let mut j = k;
            while j > 0 && (s.toks[j - 1].is_in(IDEOLOGY_TERMS) || s.toks[j - 1].is_in(cues!["armed", "militant"])) {
                j -= 1;
            }
            let terms = s.toks[j..k].iter().any(|w| w.is_in(IDEOLOGY_TERMS));
            if terms
                && j > 0
                && s.toks[j - 1].is_in(cues!["a", "an"])
                && s.toks[..j].iter().rev().take(3).any(|w| w.is_in(cues!["is", "was", "are"]))
            {
                let value: Vec<&str> =
                    s.toks[j..k].iter().filter(|w| w.is_in(IDEOLOGY_TERMS)).map(|w| w.text(text)).collect();
                if let Some(subject) = subject_for(a, s, k) {
                    out.push(Fact::new(
                        subject,
                        Predicate::Ideology,
                        FactValue::Text(value.join(" ")),
                        s.span,
                        "'is a IDEOLOGY group'",
                    ));
                }
                continue;
            }
        }
        // "the Salafi jihadist group Islamic State (IS)".
        if t.is_in(cues!["group", "organisation", "organization", "movement"])
            && k > 0
            && s.toks[k - 1].is_in(IDEOLOGY_TERMS)
        {
            let mut j = k;
            while j > 0 && s.toks[j - 1].is_in(IDEOLOGY_TERMS) {
                j -= 1;
            }
            let value = text[s.toks[j].span.start..s.toks[k - 1].span.end].to_string();
            if let Some(m) = s.actors.iter().find(|m| m.span.start >= t.span.end && m.span.start - t.span.end <= 1) {
                out.push(Fact::new(
                    m.actor,
                    Predicate::Ideology,
                    FactValue::Text(value),
                    s.span,
                    "'the IDEOLOGY group X'",
                ));
            }
            continue;
        }
        // Aims: "seeks to build …", "with the goal of establishing …", "wants an even stricter version of …".
        // Each sequence below starts with one of these words.
        let aim_cue = t.is_in(cues!["seeks", "aims", "goal"]);
        let aim = if aim_cue
            && (seq_at(s, k, &["seeks", "to"]) || seq_at(s, k, &["aims", "to"]) || seq_at(s, k, &["goal", "is", "to"]))
        {
            Some(if t.is_in(cues!["goal"]) { k + 3 } else { k + 2 })
        } else if aim_cue && seq_at(s, k, &["goal", "of"]) {
            Some(k + 2)
        } else if t.is_in(cues!["wants", "want", "seeks", "seek", "demands", "demand"])
            && s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["a", "an", "the"]))
        {
            Some(k + 1)
        } else {
            None
        };
        if let Some(mut from) = aim {
            let end = clause_end(s, from);
            // "to overthrow X and to impose Y": the last aim is the doctrine's.
            if let Some(j) = (from..end)
                .rev()
                .find(|&j| s.toks[j].is_in(cues!["to"]) && j > from && s.toks[j - 1].is_in(cues!["and"]))
            {
                from = j + 1;
            }
            if end > from + 1 {
                let value = text[s.toks[from].span.start..s.toks[end - 1].span.end]
                    .trim_matches(['“', '”', '"', ','])
                    .to_string();
                if let Some(subject) = subject_for(a, s, k) {
                    out.push(Fact::new(subject, Predicate::Ideology, FactValue::Text(value), s.span, "stated aim"));
                }
            }
        }
    }
}

fn preceded_within(s: &Sentence, span: Span, words: &Cues, n: usize) -> bool {
    let k = tok_at(s, span.start);
    s.toks[k.saturating_sub(n)..k].iter().any(|t| t.is_in(words))
}

/// The token index where the clause starting at `from` ends.
fn clause_end(s: &Sentence, from: usize) -> usize {
    let mut j = from;
    while j < s.toks.len() {
        let t = &s.toks[j];
        if (t.kind == TokKind::Punct && !t.is_punct('“') && !t.is_punct('"') && !t.is_punct('-') && !t.is_punct('\''))
            || t.is_in(cues!["which", "while", "whereas", "but"])
        {
            break;
        }
        j += 1;
    }
    j
}

const ACTIVE_PRESENT: &Cues = cues!["active", "present"];
/// The first rules of [`active_in`] need a cue's first word or "active"/"present".
const ACTIVE_OPENERS: CueMask = ACTIVE_FIRSTS.union(*ACTIVE_PRESENT.mask());
const HIT: &Cues = cues!["attacked", "targeted", "hit"];
/// The last rules of [`active_in`] need a verb of attack or "attacks"/"operations".
const ACTIVE_ATTACKED: CueMask = HIT.mask().union(*cues!["attacks", "operations"].mask());

fn active_in(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    let as_of = s.dates.first().map(|d| d.value.start());
    for &k in cands {
        // Every rule below starts at a cue's first word or "active"/"present".
        if !ACTIVE_FIRSTS.may_hold(&s.toks[k]) && !s.toks[k].is_in(ACTIVE_PRESENT) {
            continue;
        }
        // "less present in KP", "not active in": not where the group is active.
        if s.toks[k.saturating_sub(2)..k]
            .iter()
            .any(|t| t.is_in(cues!["less", "not", "no", "never", "barely", "hardly", "longer"]))
        {
            continue;
        }
        // "while ISPP was still active there", "a foothold in the province":
        // the place named last before the cue.
        let anaphoric = |j: usize| {
            s.toks.get(j).is_some_and(|t| t.is_in(cues!["there"]))
                || (s.toks.get(j).is_some_and(|t| t.is_in(cues!["the"]))
                    && s.toks
                        .get(j + 1)
                        .is_some_and(|t| t.is_in(cues!["province", "region", "country", "district", "area"])))
        };
        // Only a token that may start a cue is tried against each cue.
        let cue_len =
            if ACTIVE_FIRSTS.may_hold(&s.toks[k]) { ACTIVE_CUES.iter().find_map(|c| cue_len(s, k, c)) } else { None };
        let cue_end =
            cue_len.map(|n| k + n).or_else(|| (s.toks[k].is_in(ACTIVE_PRESENT) && anaphoric(k + 1)).then_some(k + 1));
        if let Some(j) = cue_end.filter(|&j| anaphoric(j)) {
            let at = s.toks[k].span.start;
            if let (Some(p), Some(subject)) = (s.places.iter().rev().find(|p| p.span.end <= at), subject_for(a, s, k)) {
                let mut f = Fact::new(
                    subject,
                    Predicate::ActiveIn,
                    FactValue::Place(p.surface.clone()),
                    s.span,
                    "'active there' (place named before)",
                );
                f.as_of = s
                    .dates
                    .iter()
                    .filter(|d| d.span.end <= s.toks.get(j).map_or(s.span.end, |t| t.span.start))
                    .filter_map(point)
                    .next_back()
                    .or(as_of);
                out.push(f);
            }
            continue;
        }
        let Some(cue_len) = cue_len else {
            // "active … in" with a few words between ("the most active terrorist group in Afghanistan").
            if s.toks[k].is_in(cues!["active"])
                && let Some(j) = (k + 1..(k + 5).min(s.toks.len())).find(|&j| s.toks[j].is_in(cues!["in"]))
            {
                push_places(a, s, k, j + 1, as_of, out);
            }
            continue;
        };
        push_places(a, s, k, k + cue_len, as_of, out);
    }
    // "Baluchistan and Sindh were also attacked": the places a group hit.
    for &k in cands {
        let t = &s.toks[k];
        if t.is_in(HIT) && k >= 2 && s.toks[k - 1].is_in(cues!["were", "was", "also"]) && s.dates.is_empty() {
            let cut = t.span.start;
            let places: Vec<_> = s.places.iter().filter(|p| p.span.end <= cut).collect();
            if !places.is_empty()
                && s.places.iter().all(|p| p.span.end <= cut)
                && let Some(subject) = s.topic.or(a.main_actor)
            {
                for p in places {
                    out.push(Fact::new(
                        subject,
                        Predicate::ActiveIn,
                        FactValue::Place(p.surface.clone()),
                        s.span,
                        "'PLACE was attacked'",
                    ));
                }
            }
        }
        // "claiming responsibility for the deadly attacks in Pakistan and
        // Iran", "stepped up attacks on police …, mainly in Khyber
        // Pakhtunkhwa": where its attacks happen, when no date after them
        // makes them incidents.
        // Whose attacks must be said: a group or "it" in the sentence, or a
        // paragraph about the group ("attacks on several villages in the
        // Tahoua region", in a paragraph naming no one, are nobody's here).
        let said_whose = || {
            s.actors.iter().any(|m| a.kind(m.actor) == ActorKind::ArmedGroup)
                || s.toks.iter().any(|w| w.is_in(ANAPHORS))
                || s.topic_in_paragraph
        };
        if t.is_in(cues!["attacks", "operations"])
            && said_whose()
            && !s.dates.iter().any(|d| d.span.start > t.span.end)
            && let Some(j) = (k + 1..(k + 10).min(s.toks.len())).find(|&j| s.toks[j].is_in(cues!["in"]))
            && s.places.iter().any(|p| s.toks.get(j + 1).is_some_and(|n| n.span.start <= p.span.start))
        {
            push_places(a, s, k, j + 1, None, out);
        }
    }
}

/// Places in coordination from token `from` (`Central and South Asia,
/// primarily Afghanistan, Pakistan, Tajikistan and Uzbekistan`).
fn push_places(
    a: &Analysed<'_>,
    s: &Sentence,
    cue: usize,
    from: usize,
    as_of: Option<PartialDate>,
    out: &mut Vec<Fact>,
) {
    // "a conflict analyst based in Sweden": a place of residence only says
    // where a group is when the group (or its people) is what is based.
    if s.toks[cue].is_in(cues!["based"]) {
        let owners = [
            "leadership",
            "fighters",
            "members",
            "group",
            "it",
            "they",
            "militants",
            "cadres",
            "headquarters",
            "leaders",
        ];
        let by_actor = s.actors.iter().any(|m| {
            m.span.end <= s.toks[cue].span.start
                && s.toks[cue].span.start - m.span.end <= 2
                && a.kind(m.actor) == ActorKind::ArmedGroup
        });
        if !by_actor && !s.toks[cue.saturating_sub(5)..cue].iter().any(|t| t.is(&owners)) {
            return;
        }
    }
    // Whose places they are is asked once a place follows the cue (after
    // most cues none does); without a group nothing is pushed, so returning
    // then is returning before the loop.
    let group =
        || subject_for(a, s, cue).filter(|&x| matches!(a.kind(x), ActorKind::ArmedGroup | ActorKind::PoliticalParty));
    let mut known_subject = None;
    let mut k = from;
    while k < s.toks.len() {
        let t = &s.toks[k];
        let skip = t.is_in(cues![
            "and",
            "or",
            "primarily",
            "mainly",
            "mostly",
            "especially",
            "particularly",
            "notably",
            "including",
            "in",
            "the",
            "of",
            "region",
            "regions",
            "province",
            "provinces",
            "surrounding",
            "parts",
            "areas",
            "districts",
            "former",
            "large",
            "rural",
            "urban",
            "its",
        ]);
        if skip || t.is_punct(',') || t.is_in(DIRECTIONS) || t.is_in(cues!["central", "south", "north", "east", "west"])
        {
            k += 1;
            continue;
        }
        let Some(p) = s.places.iter().find(|p| p.span.start == t.span.start) else { break };
        // "Pakistan's Khyber Pakhtunkhwa Province": the possessive only locates the next place.
        let end_tok = tok_at(s, p.span.end);
        let possessive = s.toks.get(end_tok).is_some_and(|n| n.is_punct('\''))
            && s.toks.get(end_tok + 1).is_some_and(|n| n.is_in(cues!["s"]));
        if !possessive {
            let subject = match known_subject {
                Some(x) => x,
                None => match group() {
                    Some(x) => *known_subject.insert(x),
                    None => return,
                },
            };
            let mut surface = p.surface.clone();
            if k > 0 && s.toks[k - 1].is_in(DIRECTIONS) {
                // "southern and central Somalia": the whole coordinated modifier.
                let mut first = k - 1;
                while first >= 2 && s.toks[first - 1].is_in(cues!["and", "or"]) && s.toks[first - 2].is_in(DIRECTIONS) {
                    first -= 2;
                }
                surface = format!("{} {}", &a.text[s.toks[first].span.start..s.toks[k - 1].span.end], surface);
            }
            // "Central and South Asia": the ellipted "Central Asia" too.
            if k >= 2
                && s.toks[k - 1].is_in(cues!["and", "or"])
                && s.toks[k - 2].is_capitalized()
                && surface.contains(' ')
            {
                let rest = surface.split_once(' ').map_or("", |x| x.1);
                let other = format!("{} {rest}", s.toks[k - 2].text(a.text));
                let probe = a.gazetteer.find(&other, Span::new(0, other.len()));
                if probe.iter().any(|m| m.span == Span::new(0, other.len())) {
                    let mut f = Fact::new(
                        subject,
                        Predicate::ActiveIn,
                        FactValue::Place(other),
                        s.span,
                        "active in (ellipted)",
                    );
                    f.as_of = as_of;
                    out.push(f);
                }
            }
            let mut f = Fact::new(subject, Predicate::ActiveIn, FactValue::Place(surface), s.span, "'active in PLACE'");
            f.as_of = as_of;
            out.push(f);
        }
        k = end_tok.max(k + 1);
        if possessive {
            k += 2;
        }
    }
}

const CONFLICTS: &Cues = cues!["conflict", "war", "fighting", "clashes", "rivalry", "feud"];
const ENEMIES: &Cues = cues!["opponent", "opponents", "enemy", "enemies", "adversary"];
const STRUGGLES: &Cues = cues!["insurgency", "war", "campaign", "struggle", "jihad", "fight"];
const OVERTHROW: &Cues = cues!["overthrow", "topple"];
const TRUCES: &Cues = cues!["ceasefire", "truce"];
const ALLIED: &Cues = cues!["allied", "aligned", "affiliated"];
const COOPERATES: &Cues = cues!["cooperates", "cooperate", "collaborates", "allies"];
const COUNTERING: &Cues =
    cues!["countering", "fighting", "fought", "fights", "targeting", "opposes", "opposed", "battling", "battled"];
/// Every rule of [`opponents`] starts at one of these words.
const OPPONENT_OPENERS: CueMask = CONFLICTS
    .mask()
    .union(*ENEMIES.mask())
    .union(*STRUGGLES.mask())
    .union(*OVERTHROW.mask())
    .union(*TRUCES.mask())
    .union(*ALLIED.mask())
    .union(*COOPERATES.mask())
    .union(*cues!["closely", "alongside"].mask())
    .union(*COUNTERING.mask());

fn opponents(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    for &k in cands {
        let t = &s.toks[k];
        if !OPPONENT_OPENERS.may_hold(t) {
            continue;
        }
        // "the conflict between the Taliban and ISKP".
        if t.is_in(CONFLICTS) && s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["between"])) {
            let pair = actors_listed_from(a, s, k + 2, 8);
            if pair.len() >= 2 {
                let main = a.main_actor.filter(|m| pair.contains(m)).unwrap_or(pair[0]);
                for &o in pair.iter().filter(|&&o| o != main) {
                    out.push(Fact::new(
                        main,
                        Predicate::Opponent,
                        FactValue::Actor(o),
                        s.span,
                        "'conflict between X and Y'",
                    ));
                }
            }
            continue;
        }
        // "Its main opponent is X", "an insurgency against X", "seeks to
        // overthrow X", "allied with X", "cooperates with X".
        let opposed = (t.is_in(ENEMIES) && s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["is", "are", "was"])))
            || (t.is_in(STRUGGLES) && s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["against"])))
            || t.is_in(OVERTHROW)
            || (t.is_in(TRUCES) && s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["with"])));
        let allied = (t.is_in(ALLIED) && s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["with", "to"])))
            || (t.is_in(COOPERATES) && s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["with"])));
        // "worked closely with X", "fight alongside X".
        let closely = t.is_in(cues!["closely"])
            && k > 0
            && s.toks[k - 1].is_in(cues!["worked", "works", "work", "working", "cooperated", "cooperates"])
            && s.toks.get(k + 1).is_some_and(|n| n.is_in(cues!["with"]));
        let alongside = t.is_in(cues!["alongside"])
            && k > 0
            && s.toks[k - 1].is_in(cues!["fight", "fights", "fought", "fighting", "operate", "operates", "operated"]);
        let allied = allied || closely || alongside;
        if opposed || allied {
            let from = if t.is_in(OVERTHROW) || alongside { k + 1 } else { k + 2 };
            let mut objects = actors_listed_from(a, s, from, 6);
            // "allied with them": the group named last before.
            if objects.is_empty() && s.toks.get(from).is_some_and(|n| n.is_in(cues!["them", "it"])) {
                let at = t.span.start;
                objects.extend(
                    s.actors
                        .iter()
                        .rev()
                        .find(|m| m.span.end <= at && a.kind(m.actor) != ActorKind::Person && Some(m.actor) != s.topic)
                        .map(|m| m.actor),
                );
            }
            let predicate = if allied { Predicate::Ally } else { Predicate::Opponent };
            if let Some(subject) = subject_for(a, s, k) {
                for o in objects.into_iter().filter(|&o| o != subject && a.kind(o) != ActorKind::Person).take(1) {
                    out.push(Fact::new(subject, predicate, FactValue::Actor(o), s.span, "'opponent/ally of X'"));
                }
            }
            continue;
        }
        // "countering the Afghan Taliban’s advance", "fighting X", "targeting X".
        if t.is_in(COUNTERING) {
            let objects = actors_listed_from(a, s, k + 1, 4);
            if let (Some(&o), Some(subject)) = (objects.first(), subject_for(a, s, k))
                && o != subject
                && a.kind(o) != ActorKind::Person
            {
                out.push(Fact::new(subject, Predicate::Opponent, FactValue::Actor(o), s.span, "'countering X'"));
            }
        }
    }
}

/// A sentence that tells of a new group splitting off ("a faction in
/// Puntland led by X broke away and pledged allegiance to Y, forming what
/// became known as Z", "… went on to lead a rival faction known as Z"):
/// its facts are Z's.
const SPLIT_WORDS: &Cues = cues!["broke", "split", "splintered", "seceded", "rival", "breakaway", "dissident"];

fn new_group(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    let toks = &s.toks;
    let split = cands.iter().copied().find(|&k| toks[k].is_in(SPLIT_WORDS));
    let Some(split) = split else { return };
    let naming = (split..toks.len()).find(|&k| {
        toks[k].is_in(cues!["forming", "form", "formed"])
            || (toks[k].is_in(cues!["as", "called", "named"]) && k > 0 && toks[k - 1].is_in(cues!["known", "as"])
                || toks[k].is_in(cues!["called", "named"]))
    });
    let Some(naming) = naming else { return };
    let at = toks[naming].span.end;
    let Some(new) =
        s.actors.iter().find(|m| m.span.start >= at && a.kind(m.actor) == ActorKind::ArmedGroup).map(|m| m.actor)
    else {
        return;
    };
    let before = toks[split].span.start;
    let old = s
        .actors
        .iter()
        .rev()
        .find(|m| m.span.end <= before && a.kind(m.actor) == ActorKind::ArmedGroup && m.actor != new)
        .map(|m| m.actor)
        .or(s.topic);
    let date = s.dates.iter().find_map(point);
    if let Some(old) = old.filter(|&o| o != new) {
        let mut f = Fact::new(new, Predicate::SplitFrom, FactValue::Actor(old), s.span, "a new group splits off");
        f.date = date;
        out.push(f);
    }
    for (k, t) in toks.iter().enumerate() {
        // "pledged allegiance to the Islamic State": what it joined.
        if t.is_in(cues!["allegiance"])
            && toks.get(k + 1).is_some_and(|n| n.is_in(cues!["to"]))
            && let Some(&y) = actors_listed_from(a, s, k + 2, 5).first()
            && y != new
        {
            out.push(Fact::new(new, Predicate::PartOf, FactValue::Actor(y), s.span, "a new group pledges allegiance"));
        }
        // "led by X", "went on to lead": its leaders.
        if t.is_in(cues!["led"]) && toks.get(k + 1).is_some_and(|n| n.is_in(cues!["by"])) {
            for m in
                s.actors.iter().filter(|m| m.span.start > t.span.end && a.kind(m.actor) == ActorKind::Person).take(1)
            {
                out.push(Fact::new(new, Predicate::Leader, FactValue::Actor(m.actor), s.span, "a new group's leader"));
            }
        }
        if t.is_in(cues!["lead"]) && k > 0 && toks[k - 1].is_in(cues!["to"]) {
            for m in s.actors.iter().filter(|m| m.span.end <= t.span.start && a.kind(m.actor) == ActorKind::Person) {
                out.push(Fact::new(new, Predicate::Leader, FactValue::Actor(m.actor), s.span, "a new group's leader"));
            }
        }
    }
    // "a faction in Puntland": where it is.
    let faction_in = |p: &&crate::PlaceRef| {
        let k = tok_at(s, p.span.start);
        k >= 2
            && toks[k - 1].is_in(cues!["in"])
            && toks[k - 2].is_in(cues!["faction", "group", "cell", "wing", "branch", "chapter"])
    };
    if let Some(p) = s.places.iter().filter(|p| p.span.end <= before).find(faction_in) {
        out.push(Fact::new(
            new,
            Predicate::ActiveIn,
            FactValue::Place(p.surface.clone()),
            s.span,
            "a new group's area",
        ));
    }
}

/// Words of a toll, which [`attack_counts`] tells from a count.
const TOLL_WORDS: &Cues = cues!["killed", "killing", "dead", "died"];

fn attack_counts(a: &Analysed<'_>, s: &Sentence, cands: &[usize], out: &mut Vec<Fact>) {
    // Every count is one of the sentence's quantities.
    if s.quantities.is_empty() {
        return;
    }
    // The words each test below starts from are among the candidates.
    let toks = &s.toks;
    // "claimed two bombings … that killed at least 92": one incident told in
    // parts, not a count of attacks ("at least 13 attacks …, killing …" is).
    let toll = cands.iter().any(|&k| toks[k].is_in(TOLL_WORDS));
    // "the number of attacks" (three tokens: a window of `toks.windows(3)`).
    let number_of = cands.iter().any(|&k| k + 3 <= toks.len() && toks[k].is_in(cues!["number"]) && toks[k + 1].is_in(cues!["of"]) && toks[k + 2].is_in(ATTACK_NOUNS))
        // "TTP attacks in Pakistan rose from 573 in 2021 to more than 1,200".
        || cands.iter().map(|&k| (k, &toks[k])).any(|(k, t)| {
            t.is_in(ATTACK_NOUNS) && s.toks[k + 1..].iter().take(6).any(|w| w.is_in(cues!["rose", "increased", "fell", "declined", "dropped", "grew", "doubled", "surged"]))
        });
    let interval = s.dates.iter().find_map(|d| match d.value {
        Temporal::Interval { start, end } => {
            Some(format!("{}/{}", start.year, end.map_or("..".to_string(), |e| e.year.to_string())))
        }
        Temporal::Date(_) => None,
    });
    for q in &s.quantities {
        let counted = q.head.as_deref().is_some_and(|h| ATTACK_NOUNS.contains(h));
        let bare = number_of && q.head.as_deref().is_none_or(|h| !MEMBER_NOUNS.contains(&h));
        let Some(value) = q.min.or(q.max) else { continue };
        if toll && value <= 3 {
            continue;
        }
        if !(counted || bare) {
            continue;
        }
        let k = tok_at(s, q.span.start);
        // The actor nearest the figure: in parentheses right after, else before it.
        let after = s.actors.iter().find(|m| {
            m.span.start >= q.span.end && m.span.start - q.span.end <= 40 && a.kind(m.actor) == ActorKind::ArmedGroup
        });
        let near_before =
            s.actors.iter().rev().find(|m| m.span.end <= q.span.start && a.kind(m.actor) == ActorKind::ArmedGroup);
        let subject = if bare {
            after.or(near_before).map(|m| m.actor)
        } else {
            near_before.map(|m| m.actor).or_else(|| subject_for(a, s, k))
        };
        let Some(subject) = subject else { continue };
        let mut f = Fact::new(subject, Predicate::AttackCount, FactValue::Count(value), s.span, "count of attacks");
        // The date right after the figure ("seven in 2019"), else the sentence's period.
        let own_date =
            s.dates.iter().find(|d| d.span.start >= q.span.end && d.span.start - q.span.end <= 12).and_then(point);
        f.period = own_date
            .map(|d| d.year.to_string())
            .or_else(|| interval.clone())
            .or_else(|| s.dates.iter().find_map(point).map(|d| d.year.to_string()));
        f.as_of = own_date;
        // "an analyst based in Sweden": where a speaker lives is not where
        // the attacks were.
        let residence = |p: &crate::PlaceRef| {
            let k = tok_at(s, p.span.start);
            k >= 2 && s.toks[k - 1].is_in(cues!["in"]) && s.toks[k - 2].is_in(cues!["based"])
        };
        f.place = s.places.iter().find(|p| p.span.end <= q.span.start && !residence(p)).map(|p| p.surface.clone());
        out.push(f);
    }
}
