//! Incident frames: from a trigger (`attack`, `suicide bombing`, `raided`,
//! `launched rockets`, `was killed`) gather date, place, perpetrator,
//! target, toll and claim across the sentence, split lists of incidents
//! into one frame each, and tell counts of attacks (facts) from attacks.

use dossier_model::{PartialDate, Span};

use crate::dates::{DateMention, Temporal};
use crate::lexicon::ActorKind;
use crate::tokens::{CueMask, Cues, TokKind, cues};
use crate::{ANAPHORS, Analysed, PlaceRef, Sentence};

/// A toll as the text gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toll {
    /// Lowest figure the text allows.
    pub min: Option<u64>,
    /// Highest, `None` when open (`at least 131`).
    pub max: Option<u64>,
    /// Where the figures stand.
    pub span: Span,
}

/// One incident as one document reports it.
#[derive(Debug, Clone)]
pub struct Event {
    /// The passage(s) it comes from.
    pub span: Span,
    /// The trigger word(s).
    pub trigger: Span,
    /// When, at the precision the text gives.
    pub date: Option<PartialDate>,
    /// Where: the most specific place named.
    pub place: Option<PlaceRef>,
    /// Who did it (a document actor).
    pub perpetrator: Option<usize>,
    /// Whom or what it hit, as written.
    pub target: Option<String>,
    /// People killed, attackers apart.
    pub fatalities: Option<Toll>,
    /// Whether the text says the perpetrator claimed it.
    pub claimed: bool,
    /// The rules that built it, for `--explain`.
    pub rules: Vec<String>,
}

/// Nouns naming a violent incident.
const NOUN_TRIGGERS: &Cues = cues![
    "attack",
    "attacks",
    "bombing",
    "bombings",
    "blast",
    "blasts",
    "explosion",
    "explosions",
    "raid",
    "raids",
    "shooting",
    "shootings",
    "assault",
    "assaults",
    "massacre",
    "massacres",
    "ambush",
    "ambushes",
    "strike",
    "strikes",
    "assassination",
    "assassinations",
    "kidnapping",
    "kidnappings",
    "abduction",
    "abductions",
    "beheading",
    "beheadings",
    "siege",
    "murder",
    "killings",
    "hostage-taking",
    "airstrike",
    "airstrikes",
    "bomb",
    "ied",
];

/// Verbs naming a violent incident.
const VERB_TRIGGERS: &Cues = cues![
    "attacked",
    "attacking",
    "bombed",
    "raided",
    "struck",
    "stormed",
    "ambushed",
    "assassinated",
    "kidnapped",
    "abducted",
    "beheaded",
    "massacred",
    "shelled",
];

/// Nouns that count attacks (`68 assaults`) rather than name one.
pub(crate) const ATTACK_NOUNS: &Cues =
    cues!["attacks", "assaults", "strikes", "bombings", "operations", "incidents", "raids", "explosions", "blasts"];

/// Words before a trigger that make it an aggregate, a habit or a
/// hypothesis, not one incident.
const AGGREGATE_CUES: &Cues = cues![
    "number",
    "rise",
    "increase",
    "decline",
    "decrease",
    "wave",
    "series",
    "spate",
    "uptick",
    "percent",
    "%",
    "majority",
    "most",
    "share",
    "history",
    "types",
    "kind",
    "such",
    "future",
    "possible",
    "potential",
    "planned",
    "plot",
    "threat",
    "risk",
    "numerous",
    "many",
    "frequent",
    "string",
    "campaign",
    "pattern",
];

/// Verbs that make a plural trigger a trend ("attacks rose").
const CHANGE_VERBS: &Cues = cues![
    "rose",
    "increased",
    "decreased",
    "fell",
    "declined",
    "continued",
    "doubled",
    "tripled",
    "surged",
    "dropped",
    "grew",
    "rise",
    "increase",
    "decline",
    "continue",
];

/// Words before a plural trigger that make it a set of incidents.
const PLURAL_DETERMINERS: &Cues = cues![
    "the",
    "these",
    "those",
    "its",
    "their",
    "several",
    "two",
    "three",
    "four",
    "five",
    "twin",
    "double",
    "triple",
    "coordinated",
    "simultaneous",
    "multiple",
    "both",
    "some",
    "major",
    "deadly",
    "notable",
    "his",
    "her",
];

const MODALS: &Cues = cues!["would", "could", "may", "might", "can", "should", "will", "shall"];

/// Singular nouns for one person ("their Pakistani driver").
const PERSON_NOUNS: &Cues = cues![
    "driver",
    "guard",
    "policeman",
    "soldier",
    "officer",
    "civilian",
    "child",
    "woman",
    "man",
    "teacher",
    "student",
    "worker",
    "journalist",
    "official",
    "passenger",
    "interpreter",
    "colleague",
    "bodyguard",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
];

/// Heads that count attackers, not victims.
const ATTACKER_HEADS: &[&str] = &[
    "attackers",
    "attacker",
    "gunmen",
    "gunman",
    "militants",
    "bombers",
    "bomber",
    "assailants",
    "assailant",
    "fighters",
];

/// Time anaphors that point to the previous sentence's date.
const TIME_ANAPHORS: &Cues = cues!["during", "at", "that", "the", "same"];

/// Extracts the incidents of a document.
pub(crate) fn extract(a: &Analysed<'_>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    // Each sentence's triggers, found once: the passes below ask about the
    // sentences around an incident too.
    let found: Vec<Vec<usize>> = a.sentences.iter().map(|s| triggers(a, s)).collect();
    // One sentence's frames, emptied at the end of each sentence.
    let mut pending: Vec<Event> = Vec::new();
    for (si, s) in a.sentences.iter().enumerate() {
        let triggers = &found[si];
        if triggers.is_empty() {
            continue;
        }
        // A definite "the assault" with nothing new refers to the incident of
        // the sentence before: it adds to it, it is not another.
        if let Some(prev) = out.last_mut() {
            let follows = si > 0 && prev.span.end <= s.span.start && a.sentences[si - 1].span.end == prev.span.end;
            let definite = triggers.iter().all(|&k| k > 0 && s.toks[k - 1].is_in(cues!["the", "this", "that"]));
            if follows && definite && s.dates.is_empty() && s.places.is_empty() {
                prev.span = Span::new(prev.span.start, s.span.end);
                // "The bombing killed at least 587 people": its toll.
                if prev.fatalities.is_none()
                    && let Some(toll) = quantities_for_toll(a, s, 0, s.toks.len())
                {
                    prev.fatalities = Some(toll);
                    prev.rules.push("toll from the next sentence".into());
                }
                if claims(s, 0, s.toks.len()) {
                    // "JeM claimed responsibility for the attack": the claimant
                    // is the perpetrator the incident lacked.
                    let claimant = s.actors.iter().find(|m| a.kind(m.actor) == ActorKind::ArmedGroup).map(|m| m.actor);
                    if prev.perpetrator.is_none() {
                        prev.perpetrator = claimant;
                    }
                    prev.claimed = prev.perpetrator.is_some() && prev.perpetrator == claimant || claimant.is_none();
                    prev.rules.push("claim stated in the next sentence".into());
                }
                continue;
            }
        }
        let regions = regions(s, triggers);
        let sentence_perp = regions.iter().find_map(|r| perpetrator(a, s, r.0, r.1, r.2));
        for &(from, to, trig) in &regions {
            let had = pending.len();
            frames(a, s, from, to, trig, sentence_perp, &mut pending);
            // A region with no date of its own elaborates the one before it
            // ("…, resulting in the mass murder of …"): its first frame is
            // merged into that one, and its others dropped.
            if had > 0 && pending.len() > had && !has_own_date(s, from, to) {
                let f = pending.swap_remove(had);
                pending.truncate(had);
                let Some(last) = pending.last_mut() else { continue };
                if better_place(a, f.place.as_ref(), last.place.as_ref()) {
                    last.place = f.place;
                }
                if last.fatalities.is_none() {
                    last.fatalities = f.fatalities;
                }
                last.claimed |= f.claimed;
                last.rules.push("merged with the clause that elaborates it".into());
            }
        }
        // Inherit a date from the sentence before when this one opens with
        // a time anaphor ("During the evacuation, …").
        for e in &mut pending {
            if e.date.is_none()
                && si > 0
                && s.toks.first().is_some_and(|t| t.is_in(TIME_ANAPHORS))
                && s.toks.get(1).is_some_and(|t| t.is_in(cues!["the", "this", "that", "time", "same"]))
                && let Some(d) = a.sentences[si - 1].dates.iter().rev().find_map(point)
            {
                e.date = Some(d);
                e.rules.push("date from the sentence before (time anaphor)".into());
            }
        }
        if s.kind == dossier_model::PassageKind::TableRow {
            for e in &mut pending {
                table_columns(a, si, e);
            }
        }
        for e in pending.drain(..).filter(accept) {
            // An undated incident right after a dated one at the same place
            // ("… after a siege lasting more than three hours") tells more
            // of it.
            if let Some(prev) = out.last_mut() {
                let adjacent = si > 0 && a.sentences[si - 1].span.end == prev.span.end;
                let same_place = match (&e.place, &prev.place) {
                    (Some(x), Some(y)) => x.place == y.place,
                    (None, _) => true,
                    _ => false,
                };
                if adjacent && e.date.is_none() && prev.date.is_some() && same_place {
                    prev.span = Span::new(prev.span.start, e.span.end);
                    if prev.fatalities.is_none() {
                        prev.fatalities = e.fatalities;
                    }
                    prev.claimed |= e.claimed;
                    prev.rules.push("told more of in the next sentence".into());
                    continue;
                }
            }
            out.push(e);
        }
    }
    // "The Baloch Liberation Front (BLF) claimed responsibility." right
    // after an incident: who claimed it.
    for e in &mut out {
        let Some(si) = a.sentence_ending_at(e.span.end) else { continue };
        let Some(next) = a.sentences.get(si + 1) else { continue };
        if !found[si + 1].is_empty()
            || next.dates.iter().any(|d| point(d).is_some())
            || !claims(next, 0, next.toks.len())
        {
            continue;
        }
        let claimant = next.actors.iter().find(|m| matches!(a.kind(m.actor), ActorKind::ArmedGroup)).map(|m| m.actor);
        if let Some(c) = claimant {
            if e.perpetrator.is_none() {
                e.perpetrator = Some(c);
            }
            if e.perpetrator == Some(c) {
                e.claimed = true;
                e.span = Span::new(e.span.start, next.span.end);
                e.rules.push("claimed in the next sentence".into());
            }
        }
    }
    // "The UN attributes it to the ADF." right after an incident that names
    // no perpetrator: the group the source holds responsible.
    for e in out.iter_mut().filter(|e| e.perpetrator.is_none()) {
        let Some(si) = a.sentence_ending_at(e.span.end) else { continue };
        let Some(next) = a.sentences.get(si + 1) else { continue };
        if !found[si + 1].is_empty() || next.dates.iter().any(|d| point(d).is_some()) {
            continue;
        }
        let Some(k) = next.toks.iter().position(|t| t.is_in(cues!["attributes", "attributed", "attribute"])) else {
            continue;
        };
        let Some(to) = next.toks[k + 1..].iter().take(4).position(|t| t.is_in(cues!["to"])).map(|j| k + 1 + j) else {
            continue;
        };
        let at = next.toks.get(to + 1).map(|t| if t.is_in(cues!["the"]) { to + 2 } else { to + 1 });
        let group = at.and_then(|j| next.toks.get(j)).and_then(|t| {
            next.actors.iter().find(|m| m.span.start == t.span.start && a.kind(m.actor) == ActorKind::ArmedGroup)
        });
        if let Some(m) = group {
            e.perpetrator = Some(m.actor);
            e.span = Span::new(e.span.start, next.span.end);
            e.rules.push("attributed in the next sentence".into());
        }
    }
    // The toll often follows in the next sentence ("At least four people …
    // were killed"): it belongs to the incident before when that sentence
    // names no incident, time or place of its own.
    for e in &mut out {
        if e.fatalities.is_some() {
            continue;
        }
        let Some(si) = a.sentence_ending_at(e.span.end) else { continue };
        let Some(next) = a.sentences.get(si + 1) else { continue };
        if !found[si + 1].is_empty() || next.dates.iter().any(|d| point(d).is_some()) || !next.places.is_empty() {
            continue;
        }
        if let Some(toll) = quantities_for_toll(a, next, 0, next.toks.len()) {
            e.fatalities = Some(toll);
            e.span = Span::new(e.span.start, next.span.end);
            e.rules.push("toll from the next sentence".into());
        }
    }
    // Other figures for the same toll ("Health officials had earlier put the
    // death toll at 101"): the range runs from the lowest to the highest.
    for e in &mut out {
        let Some(toll) = e.fatalities.as_mut() else { continue };
        let Some(si) = a.sentences_containing(e.trigger).next() else { continue };
        for (sj, s) in a.sentences.iter().enumerate().skip(si).take(2) {
            if s.span.start > e.span.end && (!found[sj].is_empty() || s.dates.iter().any(|d| point(d).is_some())) {
                break;
            }
            let mut figures: Vec<Option<u64>> = alternative_tolls(s).iter().map(|q| q.min.or(q.max)).collect();
            // "The Taliban authorities said 25 had been killed": the next
            // sentence, naming no incident, time or place, gives another
            // figure for the same toll.
            let next = s.span.start >= e.span.end;
            if next
                && s.places.is_empty()
                && found[sj].is_empty()
                && let Some(other) = quantities_for_toll(a, s, 0, s.toks.len())
            {
                figures.push(other.min.or(other.max));
            }
            for v in figures.into_iter().flatten() {
                toll.min = Some(toll.min.map_or(v, |m| m.min(v)));
                toll.max = toll.max.map(|m| m.max(v));
                if !e.rules.iter().any(|r| r.starts_with("other figure")) {
                    e.rules.push("other figure for the same toll".into());
                }
            }
        }
    }
    drop_headlines(a, &mut out);
    out
}

/// A headline ("Kabul mosque bombing kills 21") announces the incident the
/// body then reports: when the first incident after it is at the same
/// place (or either names none) with a toll that does not contradict it,
/// the headline is the same incident and is folded into it.
fn drop_headlines(a: &Analysed<'_>, out: &mut Vec<Event>) {
    let is_heading = |e: &Event| {
        a.sentences_containing(e.trigger).any(|i| a.sentences[i].kind == dossier_model::PassageKind::Heading)
    };
    let mut i = 0;
    while i + 1 < out.len() {
        if !is_heading(&out[i]) || is_heading(&out[i + 1]) {
            i += 1;
            continue;
        }
        let (head, body) = (&out[i], &out[i + 1]);
        let same_place = match (&head.place, &body.place) {
            (Some(x), Some(y)) => x.place == y.place,
            _ => true,
        };
        let tolls_agree = match (&head.fatalities, &body.fatalities) {
            (Some(x), Some(y)) => {
                let (lo, hi) = (y.min.or(y.max).unwrap_or(0), y.max.or(y.min).unwrap_or(u64::MAX));
                x.min.or(x.max).is_some_and(|v| v >= lo && (y.max.is_none() || v <= hi))
            }
            _ => true,
        };
        let dates_agree = head.date.is_none() || head.date == body.date;
        if same_place && tolls_agree && dates_agree {
            let head = out.remove(i);
            let body = &mut out[i];
            if body.fatalities.is_none() {
                body.fatalities = head.fatalities;
            }
            body.rules.push("announced by the headline".into());
        } else {
            i += 1;
        }
    }
}

/// A row of a table of incidents: the toll and the perpetrator stand in the
/// columns its header names ("Killed", "Deaths", "Perpetrator"); a list
/// titled after a group ("attacks attributed to the Islamic State") names
/// the perpetrator of every row.
fn table_columns(a: &Analysed<'_>, si: usize, e: &mut Event) {
    let row = &a.sentences[si];
    let header_index =
        (0..si).rev().take_while(|&j| a.sentences[j].kind == dossier_model::PassageKind::TableRow).last();
    let Some(h) = header_index else { return };
    let header: Vec<String> = a.sentences[h]
        .span
        .slice(a.text)
        .split('|')
        .map(|c| c.trim().to_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    let cells: Vec<(usize, &str)> = {
        let text = row.span.slice(a.text);
        let mut at = row.span.start;
        let mut out = Vec::new();
        for c in text.split('|') {
            let lead = c.len() - c.trim_start().len();
            if !c.trim().is_empty() {
                out.push((at + lead, c.trim()));
            }
            at += c.len() + 1;
        }
        out
    };
    let column = |names: &[&str]| {
        header.iter().position(|h| {
            names.iter().any(|n| h.split_whitespace().any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == *n))
        })
    };
    let toll_cell = column(&["killed", "deaths", "dead", "fatalities", "toll"]).and_then(|c| cells.get(c));
    if e.fatalities.is_none()
        && let Some((start, cell)) = toll_cell
        && let Some(q) =
            crate::numbers::find_quantities(a.text, Span::new(*start, start + cell.len())).into_iter().next()
    {
        e.fatalities = Some(Toll { min: q.min, max: q.max, span: q.span });
        e.rules.push("toll from the table's column".into());
    }
    if e.perpetrator.is_none() {
        let by_column = column(&["perpetrator", "perpetrators", "group", "attacker", "attackers", "responsible"])
            .and_then(|c| cells.get(c))
            .and_then(|(start, cell)| {
                row.actors.iter().find(|m| m.span.start >= *start && m.span.end <= start + cell.len())
            })
            .map(|m| m.actor);
        let titled = a.main_actor.filter(|&m| {
            a.kind(m) == ActorKind::ArmedGroup
                && a.sentences.first().is_some_and(|t| t.actors.iter().any(|x| x.actor == m))
        });
        e.perpetrator = by_column.or(titled);
        if e.perpetrator.is_some() {
            e.rules.push("perpetrator from the table".into());
        }
    }
}

/// An incident needs a time and a place, or a place and a toll, or a time
/// and a named victim.
fn accept(e: &Event) -> bool {
    let victim = e.rules.iter().any(|r| r.starts_with("named victim"));
    (e.date.is_some() && (e.place.is_some() || victim)) || (e.place.is_some() && e.fatalities.is_some())
}

fn point(d: &DateMention) -> Option<PartialDate> {
    match d.value {
        Temporal::Date(p) => Some(p),
        Temporal::Interval { .. } => None,
    }
}

fn has_own_date(s: &Sentence, from: usize, to: usize) -> bool {
    let (start, end) = bounds(s, from, to);
    s.dates.iter().any(|d| d.span.start >= start && d.span.end <= end && point(d).is_some())
}

fn bounds(s: &Sentence, from: usize, to: usize) -> (usize, usize) {
    let start = s.toks.get(from).map_or(s.span.end, |t| t.span.start);
    let end = if to == 0 { start } else { s.toks.get(to - 1).map_or(s.span.end, |t| t.span.end) };
    (start, end.max(start))
}

/// Token indices of the triggers of a sentence.
fn triggers(a: &Analysed<'_>, s: &Sentence) -> Vec<usize> {
    // Every word that can be a trigger below: most words and many
    // sentences are rejected on this mask alone.
    const TRIGGER_WORDS: CueMask = NOUN_TRIGGERS
        .mask()
        .union(*VERB_TRIGGERS.mask())
        .union(*cues!["fire", "rockets", "rocket", "missiles", "mortars", "killing"].mask())
        .union(*cues!["killed", "assassinated", "shot"].mask());
    let toks = &s.toks;
    let mut out = Vec::new();
    let scan: &[crate::tokens::Token] = if s.may_have_any(&TRIGGER_WORDS) { toks } else { &[] };
    for (k, t) in scan.iter().enumerate() {
        if t.kind != TokKind::Word || !TRIGGER_WORDS.may_hold(t) {
            continue;
        }
        let prev = |n: usize| k.checked_sub(n).and_then(|i| toks.get(i));
        let is_trigger = if t.is_in(NOUN_TRIGGERS) {
            // "mass murder", "the direct killing of": murder and killings only as such.
            !t.is_in(cues!["murder"]) || prev(1).is_some_and(|p| p.is_in(cues!["mass"]))
        } else if t.is_in(VERB_TRIGGERS) {
            true
        } else if t.is_in(cues!["fire"]) {
            // "gunmen opened fire on a bus".
            prev(1).is_some_and(|p| p.is_in(cues!["opened"]))
        } else if t.is_in(cues!["rockets", "rocket", "missiles", "mortars"]) {
            prev(1).is_some_and(|p| p.is_in(cues!["launched", "fired"]))
        } else if t.is_in(cues!["killing"]) {
            // "the killing of X" names an incident; "killing 94" gives a toll.
            toks.get(k + 1).is_some_and(|n| n.is_in(cues!["of"]))
                || prev(1).is_some_and(|p| p.is_in(cues!["mass", "targeted"]))
        } else if t.is_in(cues!["killed", "assassinated", "shot"]) {
            named_victim(a, s, k).is_some()
        } else {
            false
        };
        if !is_trigger {
            continue;
        }
        // Aggregates, counts and hypotheses are not incidents.
        let window = (k.saturating_sub(4)..k).filter_map(|i| toks.get(i));
        if window.clone().any(|w| w.is_in(AGGREGATE_CUES)) {
            continue;
        }
        if (k.saturating_sub(3)..k)
            .any(|i| s.quantities.iter().any(|q| q.span.contains(toks[i].span) || toks[i].span.contains(q.span)))
            && t.is_in(ATTACK_NOUNS)
        {
            continue;
        }
        // A modal verb ("could carry out assaults"), not the month May.
        let in_date = |w: &crate::tokens::Token| s.dates.iter().any(|d| d.span.contains(w.span));
        if toks[..k].iter().any(|w| w.is_in(MODALS) && w.text(a.text).chars().all(char::is_lowercase) && !in_date(w)) {
            continue;
        }
        // "TTP attacks in Pakistan rose from 573 …", "attacks continued
        // through 2024": a trend, not an incident.
        if t.lower.ends_with('s') && toks[k + 1..].iter().take(5).any(|w| w.is_in(CHANGE_VERBS)) {
            continue;
        }
        // A bare plural ("stepped up attacks on police") is a habit; a listed
        // or counted plural ("several attacks", "twin bombings") is not.
        if t.is_in(NOUN_TRIGGERS) && t.lower.ends_with('s') && !t.is_in(cues!["siege"]) {
            let det = (k.saturating_sub(3)..k)
                .filter_map(|i| toks.get(i))
                .any(|w| w.is_in(PLURAL_DETERMINERS) || w.kind == TokKind::Punct && w.lower == "'");
            let actor_before = s.actors.iter().any(|m| m.span.end <= t.span.start && t.span.start - m.span.end <= 1);
            // A day-precise date makes even a bare plural one incident ("India
            // carried out air strikes on … on 26 February 2019").
            let dated_day = s.dates.iter().any(|d| point(d).is_some_and(|p| p.day.is_some()));
            if !det && !actor_before && !dated_day {
                continue;
            }
        }
        // "attacks of the same kind" and adjectives like "attacker" never get here;
        // a trigger right after another is the same incident ("suicide bombing attack").
        if out.last().is_some_and(|&p: &usize| p + 1 == k) {
            continue;
        }
        // "killed in a US drone strike": the means of the incident just
        // named, not another one.
        if let Some(&p) = out.last() {
            let gap = &toks[p + 1..k];
            if gap.len() <= 5
                && gap.first().is_some_and(|g| g.is_in(cues!["in", "by", "during", "with", "after"]))
                && gap.iter().all(|g| g.kind == TokKind::Word)
            {
                continue;
            }
        }
        out.push(k);
    }
    // No trigger word, but people were killed at a stated time and place
    // ("A suicide bomber killed at least 59 people at a mosque in Mastung on
    // 29 September 2023"): the kill verb is the trigger.
    if out.is_empty()
        && !s.dates.is_empty()
        && !s.places.is_empty()
        && let Some(k) = toks.iter().position(|t| t.is_in(cues!["killed", "killing", "dead", "died"]))
        && quantities_for_toll(a, s, 0, toks.len()).is_some()
        && !toks[..k].iter().any(|w| w.is_in(AGGREGATE_CUES))
    {
        out.push(k);
    }
    out
}

/// Splits a sentence into one region per trigger: the boundary between two
/// triggers is the last comma, semicolon or "and" between them.
fn regions(s: &Sentence, triggers: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &k) in triggers.iter().enumerate() {
        let end = match triggers.get(i + 1) {
            Some(&next) => {
                let gap = (k + 1)..next;
                let sep = gap.clone().rev().find(|&j| s.toks[j].is_punct(',') || s.toks[j].is_punct(';'));
                let sep = sep.or_else(|| gap.clone().rev().find(|&j| s.toks[j].is_in(cues!["and"])));
                sep.map_or(k + 1, |j| j + 1)
            }
            None => s.toks.len(),
        };
        out.push((start, end, k));
        start = end;
    }
    out
}

/// The frames of one region, added to `out`: usually one; several when the
/// region lists dates and places for a plural trigger ("attacks in
/// Balochistan in 2024 and 2025 and Islamabad in February 2026"), or pairs
/// them "respectively".
fn frames(
    a: &Analysed<'_>,
    s: &Sentence,
    from: usize,
    to: usize,
    trig: usize,
    sentence_perp: Option<usize>,
    out: &mut Vec<Event>,
) {
    let (start, end) = bounds(s, from, to);
    // The region's places and dates, read where needed rather than
    // collected (most regions read them once or twice).
    let places = || {
        s.places
            .iter()
            .filter(move |p| p.span.start >= start && p.span.end <= end)
            .filter(|p| !preceded_by(s, p.span, cues!["from"]))
    };
    let dates = || {
        s.dates
            .iter()
            .filter(move |d| d.span.start >= start && d.span.end <= end)
            .filter_map(|d| point(d).map(|p| (d.span, p)))
    };
    let several_dates = dates().nth(1).is_some();
    // "11 police officers had been killed when gunmen stormed …": the toll
    // in the clause the trigger's "when" or "after" clause hangs on.
    let toll = quantities_for_toll(a, s, from, to).or_else(|| {
        let w = s.toks[..trig].iter().rposition(|t| t.is_in(cues!["when", "after"]))?;
        quantities_for_toll(a, s, 0, w)
    });
    let claimed = claims(s, 0, s.toks.len());
    // "…; X claimed responsibility": the claimant, where nothing before the
    // trigger named who did it.
    let perp =
        perpetrator(a, s, from, to, trig).or(sentence_perp).or_else(|| claimed.then(|| claimant(a, s)).flatten());
    let target = target(a.text, s, trig, to);
    let trigger = s.toks[trig].span;
    let plural = s.toks[trig].lower.ends_with('s')
        && !(trig > 0
            && s.toks[trig.saturating_sub(2)..trig]
                .iter()
                .any(|t| t.is_in(cues!["twin", "double", "triple", "coordinated", "simultaneous", "multiple"])));
    const RESPECTIVELY: &Cues = cues!["respectively"];
    let respectively = s.may_have(RESPECTIVELY) && s.toks.iter().any(|t| t.is_in(RESPECTIVELY));
    // Room for the rules later steps add.
    let mut rules = Vec::with_capacity(4);
    rules.push(format!("trigger '{}'", s.toks[trig].text(a.text)));
    let mut toll = toll;
    let mut perp = perp;
    if let Some(v) = named_victim(a, s, trig) {
        rules.push("named victim killed".into());
        // A group's own leader is not killed by that group: the topic only
        // stands in for a perpetrator the sentence names.
        if perp.is_some() && perp == s.topic && !s.actors.iter().any(|m| Some(m.actor) == perp) {
            perp = None;
        }
        // One named person killed: at least one death.
        if toll.is_none() {
            let at = s.actors.iter().find(|m| m.actor == v).map_or(s.toks[trig].span, |m| m.span);
            toll = Some(Toll { min: Some(1), max: None, span: Span::new(at.start, s.toks[trig].span.end) });
        }
    }
    let base = Event {
        span: s.span,
        trigger,
        date: None,
        place: None,
        perpetrator: perp,
        target,
        fatalities: toll,
        claimed,
        rules,
    };
    // Pairs: N dates with N places "respectively".
    if respectively && several_dates && dates().count() == places().count() {
        out.extend(dates().zip(places()).map(|((_, d), p)| Event {
            date: Some(d),
            place: Some(p.clone()),
            rules: [base.rules.clone(), vec!["dates and places paired 'respectively'".into()]].concat(),
            ..base.clone()
        }));
        return;
    }
    // A plural trigger with several dates: one frame per (place, date).
    if plural && several_dates {
        let mut current: Option<&PlaceRef> = None;
        let mut events: Vec<(Span, &PlaceRef)> = places().map(|p| (p.span, p)).collect();
        events.sort_by_key(|e| e.0.start);
        let mut pi = 0;
        for (dspan, d) in dates() {
            while pi < events.len() && events[pi].0.start < dspan.start {
                current = Some(events[pi].1);
                pi += 1;
            }
            out.push(Event {
                date: Some(d),
                place: current.cloned(),
                rules: [base.rules.clone(), vec!["one incident per listed place and date".into()]].concat(),
                ..base.clone()
            });
        }
        return;
    }
    // "the group's emir from 2008, was killed … in September 2014": a date
    // after "from", "since" or "until" dates a role, not the incident.
    let role_dates = |sp: &Span| preceded_by(s, *sp, cues!["from", "since", "until", "till"]);
    // The nearest incident date; the nearest date when all are roles'.
    let nearest = |pool: &mut dyn Iterator<Item = (Span, PartialDate)>| {
        pool.min_by_key(|(sp, _)| distance(*sp, trigger)).map(|(_, d)| d)
    };
    let date = nearest(&mut dates().filter(|(sp, _)| !role_dates(sp))).or_else(|| nearest(&mut dates()));
    let place = best_place(a, places(), trigger).cloned().or_else(|| anaphoric_place(a, s));
    out.push(Event { date, place, ..base });
}

/// "across the province", "in the city": the place of that kind named last
/// before the sentence (a heading included), when the sentence names none.
fn anaphoric_place(a: &Analysed<'_>, s: &Sentence) -> Option<PlaceRef> {
    use crate::gazetteer::PlaceKind;
    // The phrase ends with one of these words (as a token's `lower`).
    if !s.may_have(cues!["province", "district"]) {
        return None;
    }
    // Only a locative phrase naming a subdivision ("across the province",
    // "in the district"): "the country" and "the city" are too often generic.
    let kind = s.toks.windows(3).find_map(|w| {
        if !w[0].is_in(cues!["across", "in", "throughout", "of"]) || !w[1].is_in(cues!["the", "this"]) {
            return None;
        }
        match w[2].lower {
            "province" => Some(PlaceKind::Admin1),
            "district" => Some(PlaceKind::Admin2),
            _ => None,
        }
    })?;
    let before = a.sentences.iter().rev().filter(|x| x.span.end <= s.span.start);
    before.flat_map(|x| x.places.iter().rev()).find(|p| a.gazetteer.place(p.place).kind == kind).cloned()
}

fn distance(a: Span, b: Span) -> usize {
    if a.end <= b.start { b.start - a.end } else { a.start.saturating_sub(b.end) }
}

/// The most specific place; among equals, the nearest to the trigger.
fn best_place<'p>(a: &Analysed<'_>, places: impl Iterator<Item = &'p PlaceRef>, trigger: Span) -> Option<&'p PlaceRef> {
    places.max_by_key(|p| (p.specificity(a.gazetteer), std::cmp::Reverse(distance(p.span, trigger))))
}

fn better_place(a: &Analysed<'_>, new: Option<&PlaceRef>, old: Option<&PlaceRef>) -> bool {
    match (new, old) {
        (Some(n), Some(o)) => n.specificity(a.gazetteer) > o.specificity(a.gazetteer),
        (Some(_), None) => true,
        _ => false,
    }
}

fn preceded_by(s: &Sentence, span: Span, words: &Cues) -> bool {
    let k = s.toks.iter().position(|t| t.span.start >= span.start);
    k.and_then(|k| k.checked_sub(1)).and_then(|i| s.toks.get(i)).is_some_and(|t| t.is_in(words))
}

/// A person named as the one killed: "X was killed", "killed X".
fn named_victim(a: &Analysed<'_>, s: &Sentence, k: usize) -> Option<usize> {
    let toks = &s.toks;
    if !toks.get(k).is_some_and(|t| t.is_in(cues!["killed", "assassinated", "shot", "killing"])) {
        return None;
    }
    // "…, killing X", "gunmen killed X": a person right after the verb.
    if let Some(next) = toks.get(k + 1)
        && let Some(m) =
            s.actors.iter().find(|m| m.span.start == next.span.start && a.kind(m.actor) == ActorKind::Person)
    {
        return Some(m.actor);
    }
    if toks[k].is_in(cues!["killing"]) {
        return None;
    }
    // "X was killed", "X was reportedly killed", "X, the group's emir from
    // 2008, was killed": a person right before "was", or before an
    // appositive that ends there.
    let adverb = k
        .checked_sub(1)
        .and_then(|i| toks.get(i))
        .is_some_and(|t| t.is_in(cues!["reported", "reportedly", "later", "allegedly", "subsequently"]));
    // "X and Y were later killed" are several incidents: one person only then.
    let aux = k
        .checked_sub(1 + usize::from(adverb))
        .and_then(|i| toks.get(i))
        .filter(|t| t.is_in(cues!["was"]) || !adverb && t.is_in(cues!["were"]))?;
    let person =
        |m: &&crate::actors::ActorMention| a.kind(m.actor) == ActorKind::Person && m.span.end <= aux.span.start;
    if let Some(m) = s.actors.iter().filter(person).find(|m| {
        // "X was killed", "X, was killed" (the end of an appositive begun before X).
        let gap = &a.text[m.span.end..aux.span.start];
        gap.len() <= 3 && gap.chars().all(|c| c == ',' || c.is_whitespace())
    }) {
        return Some(m.actor);
    }
    let before_aux = k - 1 - usize::from(adverb);
    let comma = before_aux.checked_sub(1).and_then(|i| toks.get(i)).filter(|t| t.is_punct(','))?;
    let m = s.actors.iter().rfind(person)?;
    let opening = toks.iter().find(|t| t.span.start >= m.span.end)?;
    (opening.is_punct(',') && opening.span.start < comma.span.start).then_some(m.actor)
}

/// Who did it: `by X`, `X's attack`, the subject before the trigger, or the
/// topic when the text says "it" or "the group".
fn perpetrator(a: &Analysed<'_>, s: &Sentence, from: usize, to: usize, trig: usize) -> Option<usize> {
    let (start, end) = bounds(s, from, to);
    let trig_span = s.toks[trig].span;
    let is_group = |m: usize| matches!(a.kind(m), ActorKind::ArmedGroup);
    let non_person = |m: usize| !matches!(a.kind(m), ActorKind::Person);
    // "by X" after the trigger.
    for (k, t) in s.toks.iter().enumerate().skip(trig + 1).take_while(|(_, t)| t.span.end <= end) {
        if t.is_in(cues!["by"]) {
            let next = s.toks.get(k + 1).map(|n| if n.is_in(cues!["the"]) { k + 2 } else { k + 1 });
            if let Some(n) = next.and_then(|n| s.toks.get(n))
                && let Some(m) = s.actors.iter().find(|m| m.span.start == n.span.start && non_person(m.actor))
            {
                return Some(m.actor);
            }
        }
    }
    // "killed in a US drone strike": an actor that modifies a strike noun.
    for m in s.actors.iter().filter(|m| m.span.start > trig_span.end && m.span.end <= end && non_person(m.actor)) {
        let k = s.toks.partition_point(|t| t.span.start < m.span.end);
        if s.toks[k..]
            .iter()
            .take(3)
            .any(|t| t.is_in(cues!["strike", "airstrike", "raid", "attack", "operation", "bombing", "drone", "ambush"]))
        {
            return Some(m.actor);
        }
    }
    // The nearest group before the trigger, not one that is the target.
    let before = s
        .actors
        .iter()
        .rev()
        .filter(|m| m.span.end <= trig_span.start && m.span.start >= start)
        .filter(|m| is_group(m.actor))
        .find(|m| !preceded_by(s, m.span, cues!["on", "against", "for", "at", "targeting", "of"]));
    if let Some(m) = before {
        return Some(m.actor);
    }
    // The nearest group before the trigger in the sentence's own start.
    if let Some(m) = s
        .actors
        .iter()
        .rev()
        .filter(|m| m.span.end <= trig_span.start && is_group(m.actor))
        .find(|m| !preceded_by(s, m.span, cues!["on", "against", "for", "at", "targeting", "of"]))
    {
        return Some(m.actor);
    }
    // The actor right before the trigger, whatever its kind: "the army said
    // it had struck …" (the actor that says it did it), "a US drone
    // strike", "a United States airstrike".
    if let Some(m) = s.actors.iter().rev().find(|m| m.span.end <= trig_span.start && non_person(m.actor)) {
        let words: Vec<_> =
            s.toks.iter().filter(|t| t.span.start >= m.span.end && t.span.end <= trig_span.start).collect();
        if (2..=3).contains(&words.len())
            && words[0].is_in(cues!["said", "says", "stated", "announced", "confirmed"])
            && words[1].is_in(cues!["it", "they"])
            && words[2..].iter().all(|t| t.is_in(cues!["had", "has", "have"]))
        {
            return Some(m.actor);
        }
        let between = words.len();
        // "India carried out air strikes": the sentence's own subject, a
        // few words before.
        let subject = s.toks.first().is_some_and(|t| t.span.start == m.span.start);
        if between <= 2 || (subject && between <= 4) {
            return Some(m.actor);
        }
    }
    // "it", "its", "the group", or no actor at all in a text about one
    // group: the topic.
    let anaphor = s.toks[..trig].iter().any(|t| t.is_in(ANAPHORS));
    // With no actor named, the paragraph's own group did it, if the
    // paragraph names one or refers to one ("The group has also attacked
    // …. Notable attacks include …"); news items in other paragraphs are
    // not attributed to it.
    let no_group = !s.actors.iter().any(|m| is_group(m.actor)) && s.topic_in_paragraph;
    if anaphor || no_group {
        // "The group" before any sentence named one: the document's group.
        s.topic.or(if anaphor { a.main_actor } else { None }).filter(|&t| is_group(t))
    } else {
        None
    }
}

/// Quantities of people killed in the region, summed across "X and Y".
fn quantities_for_toll(a: &Analysed<'_>, s: &Sentence, from: usize, to: usize) -> Option<Toll> {
    let (start, end) = bounds(s, from, to);
    let toks = &s.toks;
    let qs: Vec<&crate::numbers::Quantity> =
        s.quantities.iter().filter(|q| q.span.start >= start && q.span.end <= end).collect();
    let tok_at = |pos: usize| toks.iter().position(|t| t.span.start >= pos);
    let victim = |q: &crate::numbers::Quantity| !q.head.as_deref().is_some_and(|h| ATTACKER_HEADS.contains(&h));
    // "killed 13 … and at least 169 …": quantities after a kill verb.
    for (k, t) in toks.iter().enumerate() {
        if t.span.start < start || t.span.end > end || !t.is_in(cues!["killed", "killing", "kills", "kill"]) {
            continue;
        }
        let mut picked: Vec<&crate::numbers::Quantity> = Vec::new();
        let mut extra = 0;
        let mut cursor = toks.get(k + 1).map(|n| n.span.start);
        while let Some(pos) = cursor {
            let Some(q) = qs.iter().find(|q| q.span.start == pos).copied() else { break };
            if !victim(q) {
                break;
            }
            picked.push(q);
            // Continue over "<noun words> and" to the next quantity.
            let after = q.head_span.map_or(q.span.end, |h| h.end.max(q.span.end));
            let Some(j) = tok_at(after) else { break };
            let mut j = j;
            while j < toks.len()
                && toks[j].kind == TokKind::Word
                && !toks[j].is_in(cues!["and", "in", "at", "on", "during", "within", "near", "when", "while"])
                && !qs.iter().any(|q| q.span.start == toks[j].span.start)
            {
                j += 1;
            }
            cursor = if toks.get(j).is_some_and(|t| t.is_in(cues!["and"])) {
                toks.get(j + 1).map(|n| n.span.start)
            } else {
                None
            };
            // "… and their Pakistani driver": one more person, named by a
            // singular noun.
            if let Some(pos) = cursor
                && !qs.iter().any(|q| q.span.start == pos)
            {
                let start = toks.iter().position(|t| t.span.start == pos).unwrap_or(toks.len());
                let np: Vec<&crate::tokens::Token> = toks[start..]
                    .iter()
                    .take_while(|t| t.kind == TokKind::Word && !t.is_in(cues!["in", "at", "on", "during", "and"]))
                    .collect();
                let det = np.first().is_some_and(|t| t.is_in(cues!["a", "an", "their", "his", "her", "its", "one"]));
                if det && np.len() >= 2 && np.last().is_some_and(|t| !t.lower.ends_with('s') && t.is_in(PERSON_NOUNS)) {
                    extra += 1;
                }
                cursor = None;
            }
        }
        if !picked.is_empty() {
            let mut toll = sum(&picked, a);
            toll.min = toll.min.map(|m| m + extra);
            toll.max = toll.max.map(|m| m + extra);
            return Some(toll);
        }
    }
    // "21 passengers and four soldiers had been killed": figures joined by
    // "and" before the verb.
    for (i, q) in qs.iter().enumerate() {
        let Some(next) = qs.get(i + 1) else { break };
        let between = || toks.iter().filter(|t| t.span.start >= q.span.end && t.span.end <= next.span.start);
        let joined = between().any(|t| t.is_in(cues!["and"]))
            && between().count() <= 4
            && between().all(|t| t.kind == TokKind::Word);
        if !joined || !(victim(q) || victim(next)) {
            continue;
        }
        let Some(k) = tok_at(next.span.end) else { continue };
        if toks[k..(k + 6).min(toks.len())]
            .iter()
            .take_while(|w| w.kind == TokKind::Word)
            .any(|w| w.is_in(cues!["killed", "dead", "died"]))
        {
            // "three policemen and two attackers were killed": victims only.
            let victims: Vec<&crate::numbers::Quantity> = [*q, *next].into_iter().filter(|x| victim(x)).collect();
            return Some(sum(&victims, a));
        }
    }
    // "At least 54 persons were killed", "63 dead", "At least four people,
    // including two policemen …, were killed".
    for q in &qs {
        let Some(mut k) = tok_at(q.span.end) else { continue };
        if let Some(inc) = (k..(k + 3).min(toks.len()))
            .find(|&i| toks[i].is_in(cues!["including"]) && i > 0 && toks[i - 1].is_punct(','))
        {
            // The list may hold commas of its own: it ends at the comma
            // before the verb.
            let verb = (inc + 1..(inc + 30).min(toks.len()))
                .find(|&i| toks[i].is_in(cues!["were", "was", "had", "have"]) && toks[i - 1].is_punct(','));
            if let Some(v) = verb {
                k = v;
            }
        }
        let window = toks[k..(k + 6).min(toks.len())].iter();
        // The counted noun may be two words ("11 police officers had been killed").
        let mut nouns = 0;
        for w in window {
            // "80 students die": a chronology's present tense too.
            if w.is_in(cues!["killed", "dead", "died", "die"]) {
                if victim(q) {
                    return Some(sum(&[*q], a));
                }
                break;
            }
            let verbal = w.is_in(cues!["were", "was", "have", "had", "been", "reportedly", "people", "persons"]);
            if w.kind == TokKind::Punct || (nouns >= 2 && !verbal) {
                break;
            }
            if !verbal {
                nouns += 1;
            }
        }
    }
    None
}

fn sum(qs: &[&crate::numbers::Quantity], _a: &Analysed<'_>) -> Toll {
    let min = qs.iter().map(|q| q.min).sum::<Option<u64>>();
    let max = qs.iter().map(|q| q.max).sum::<Option<u64>>();
    let span = Span::new(
        qs.first().map_or(0, |q| q.span.start),
        qs.last().map_or(0, |q| q.head_span.map_or(q.span.end, |h| h.end.max(q.span.end))),
    );
    Toll { min, max, span }
}

/// Figures given as the toll itself: "put the death toll at 101", "raised
/// the toll to 90", "the number of hostages killed at 26".
fn alternative_tolls<'s>(s: &'s Sentence<'_>) -> Vec<&'s crate::numbers::Quantity> {
    let toks = &s.toks;
    let mut out = Vec::new();
    // Every figure follows "toll" or "killed".
    if !s.may_have(cues!["toll", "killed"]) {
        return out;
    }
    for (k, t) in toks.iter().enumerate() {
        let toll_word = t.is_in(cues!["toll"])
            || (t.is_in(cues!["killed"])
                && k >= 2
                && toks[k.saturating_sub(4)..k].iter().any(|w| w.is_in(cues!["number"])));
        if !toll_word {
            continue;
        }
        let Some(prep) = toks.get(k + 1).filter(|p| p.is_in(cues!["at", "to", "of", "stood", "rose"])) else {
            continue;
        };
        let after = if prep.is_in(cues!["stood", "rose"]) {
            toks.get(k + 2).map(|n| n.span.end).unwrap_or(prep.span.end)
        } else {
            prep.span.end
        };
        if let Some(q) = s.quantities.iter().find(|q| q.span.start >= after && q.span.start - after <= 2) {
            out.push(q);
        }
    }
    out
}

/// Does the text say the incident was claimed?
fn claims(s: &Sentence, from: usize, to: usize) -> bool {
    // Both tests start at one of these words.
    const OPENERS: CueMask =
        cues!["claimed", "claims", "claim", "claiming"].mask().union(*cues!["responsible", "responsibility"].mask());
    if !s.may_have_any(&OPENERS) {
        return false;
    }
    let toks = &s.toks[from..to.min(s.toks.len())];
    // "No group claimed the blast", "did not claim it".
    let negated = |k: usize| toks[k.saturating_sub(3)..k].iter().any(|w| w.is_in(NEGATIONS));
    toks.iter().enumerate().any(|(k, t)| {
        (t.is_in(cues!["claimed", "claims", "claim", "claiming"])
            && !toks.get(k + 1).is_some_and(|n| n.is_in(cues!["to", "that"]))
            && !negated(k))
            || (t.is_in(cues!["responsible", "responsibility"])
                && toks[..k].iter().any(|w| w.is_in(cues!["was", "were", "took", "claimed", "claiming", "said", "declared"]))
                // "No group has claimed responsibility".
                && !toks[k.saturating_sub(5)..k].iter().any(|w| w.is_in(NEGATIONS)))
    })
}

/// The armed group that is the subject of a claim in `s`: named at most
/// three words before "claimed" or "claims" ("X later claimed", "X has
/// claimed"), the claim not negated.
fn claimant(a: &Analysed<'_>, s: &Sentence) -> Option<usize> {
    let toks = &s.toks;
    toks.iter().enumerate().find_map(|(k, t)| {
        if !t.is_in(cues!["claimed", "claims"]) || toks[k.saturating_sub(3)..k].iter().any(|w| w.is_in(NEGATIONS)) {
            return None;
        }
        let m = s.actors.iter().rev().find(|m| m.span.end <= t.span.start)?;
        let between = toks[..k].iter().rev().take_while(|w| w.span.start >= m.span.end).count();
        (between <= 3 && matches!(a.kind(m.actor), ActorKind::ArmedGroup)).then_some(m.actor)
    })
}

/// Words that deny a claim: "no group claimed", "did not claim".
const NEGATIONS: &Cues = cues!["no", "not", "never", "nobody", "none", "denied"];

/// The object of the trigger, as written: "on a concert hall", "attacked
/// several villages …".
fn target(text: &str, s: &Sentence, trig: usize, to: usize) -> Option<String> {
    let toks = &s.toks;
    let mut k = trig + 1;
    if toks.get(k).is_some_and(|t| t.is_in(cues!["on", "against", "at", "targeting"])) {
        k += 1;
    } else if !toks[trig].lower.ends_with("ed") {
        return None;
    }
    let start = toks.get(k)?;
    let mut end = k;
    while end < to.min(toks.len())
        && toks[end].kind == TokKind::Word
        && !toks[end].is_in(cues![
            "in", "on", "at", "during", "with", "that", "which", "when", "killing", "from", "into", "near"
        ])
        && end - k < 10
    {
        end += 1;
    }
    (end > k).then(|| text[start.span.start..toks[end - 1].span.end].to_string())
}
