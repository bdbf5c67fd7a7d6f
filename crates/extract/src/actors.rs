//! Actors of one document: lexicon aliases, aliases the document teaches
//! (`Name (ABBR)`, `ABBR (Name)`, `(X or Y)`), people named with a role
//! (`leader X`, `Emir X`, a list under "Known leader:"), and governments
//! (`Pakistan government`). Every mention keeps its span.

use dossier_model::Span;

use crate::lexicon::{ActorKind, Lexicon, key};
use crate::tokens::{CueMask, Cues, Lowered, TokKind, Token, cues, tokenize};

/// An actor as one document names it.
#[derive(Debug, Clone)]
pub struct DocActor {
    /// The lexicon entry, when the actor is a known one.
    pub lex: Option<usize>,
    /// Its kind.
    pub kind: ActorKind,
    /// Every distinct surface form, in order of first appearance.
    pub names: Vec<String>,
    /// The forms used in the body (not only in footnotes), for the
    /// canonical name.
    pub body_names: Vec<String>,
    /// How the actor came in: `lexicon`, `learned: Name (ABBR)`, `role cue`.
    pub rule: String,
}

/// One mention of a document actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorMention {
    /// Where.
    pub span: Span,
    /// Index into the document's actors.
    pub actor: usize,
    /// True when in the body (not in a footnote).
    pub in_body: bool,
}

/// The actors of a document and all their mentions, in text order.
#[derive(Debug, Clone, Default)]
pub struct ActorTable {
    /// The actors.
    pub actors: Vec<DocActor>,
    /// Their mentions, sorted by start.
    pub mentions: Vec<ActorMention>,
}

impl ActorTable {
    /// Adds an actor the lexicon does not know, found by `rule`; its index.
    fn add(&mut self, kind: ActorKind, rule: String) -> usize {
        self.actors.push(DocActor { lex: None, kind, names: vec![], body_names: vec![], rule });
        self.actors.len() - 1
    }
}

/// Words that make a capitalized name an organisation rather than a person
/// or a place.
const ORG_WORDS: &Cues = cues![
    "group",
    "groups",
    "army",
    "front",
    "movement",
    "party",
    "province",
    "state",
    "taliban",
    "jamaat",
    "jamiat",
    "jamiat-e",
    "lashkar",
    "lashkar-e",
    "tehreek",
    "tehrik",
    "tehreek-e",
    "tehrik-e",
    "tehreek-i",
    "tehrik-i",
    "harakat",
    "jaish",
    "jaish-e",
    "ansar",
    "ansarullah",
    "brigade",
    "brigades",
    "battalion",
    "council",
    "network",
    "organisation",
    "organization",
    "force",
    "forces",
    "corps",
    "league",
    "union",
    "alliance",
    "coalition",
    "emirate",
    "caliphate",
    "mujahideen",
    "militia",
    "liberation",
    "resistance",
    "committee",
    "sipah",
    "sipah-e",
    "hizb",
    "hezb",
    "ittehad",
    "ulema",
    "ullema",
    "ulama",
    "islam",
    "islami",
    "islamic",
    "jihad",
    "fazl",
    "fazal",
];

/// Role words that introduce a person's name (`leader X`, `Emir X`).
const ROLE_WORDS: &Cues = cues![
    "leader",
    "leaders",
    "emir",
    "amir",
    "commander",
    "commanders",
    "chief",
    "founder",
    "spokesman",
    "spokesperson",
    "deputy",
    "wali",
    "governor",
    "head",
    "late",
];

/// Lowercase particles inside personal names (`Habib ur Rahman`, `Shahab
/// al-Muhajir`).
const NAME_PARTICLES: &Cues = cues!["al", "ul", "ur", "ud", "bin", "ibn", "e", "i", "de", "van", "von", "abu"];

/// Connectors allowed inside organisation names (`Islamic State of Iraq and
/// the Levant`).
const ORG_CONNECTORS: &Cues = cues!["of", "the", "in", "for", "and", "e", "i", "ul", "al"];

/// A spot where the document states that two names are one (`X (Y)`).
#[derive(Debug, Clone)]
struct Apposition {
    left: Span,
    rights: Vec<Span>,
}

/// The passages actors are looked for in: the body passages, then the
/// notes, each with its tokens and their cue mask.
#[derive(Debug, Clone, Copy)]
pub struct Scan<'a> {
    /// Where each passage is.
    pub spans: &'a [Span],
    /// Each passage's tokens.
    pub toks: &'a [&'a [Token<'a>]],
    /// Each passage's [`CueMask::of_tokens`].
    pub masks: &'a [CueMask],
    /// How many of them (the first ones) are body passages.
    pub body: usize,
}

/// Builds the actor table of a document from its lexicon matches (see
/// [`Lexicon::find`]) and its passages (`scanned`); `places` are spans the gazetteer resolved, which are never taken as
/// actor names.
pub fn build(
    text: &str,
    lexicon_matches: Vec<crate::lexicon::LexMention>,
    scanned: Scan<'_>,
    places: &[Span],
    countries: &[(Span, String)],
) -> ActorTable {
    let Scan { spans: scan, toks: scan_toks, masks, body } = scanned;
    let lex = Lexicon::bundled();
    let mut t = ActorTable::default();
    // Sized for a document's distinct lexicon actors (a dozen or so), so
    // that it seldom grows.
    let mut by_lex: rustc_hash::FxHashMap<usize, usize> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(lexicon_matches.len().min(32), Default::default());
    // Room for the lexicon's mentions and some the rules add.
    let mut raw = Mentions::with_capacity(lexicon_matches.len() + 16); // (span, doc actor, in body)
    // The resolved places, for the same questions about them.
    // Sorted for binary search: they come nearly sorted, and a few dozen
    // sort faster than they hash into a set.
    let mut sorted_places: Vec<Span> = places.to_vec();
    sorted_places.sort_unstable();
    let mut place_ends: Vec<usize> = places.iter().map(|p| p.end).collect();
    place_ends.sort_unstable();
    let is_place = |s: &Span| sorted_places.binary_search(s).is_ok();
    // Its state does not depend on the order of insertion: in order, each
    // insertion appends.
    let mut place_index = SpanIndex::with_capacity(sorted_places.len());
    for &p in &sorted_places {
        place_index.insert(p);
    }

    // 1. Lexicon aliases: one pass over the whole text, each match kept
    // when it lies in a passage or a note.
    let all = lexicon_matches;
    for (i, &span) in scan.iter().enumerate() {
        let from = all.partition_point(|m| m.span.start < span.start);
        for m in all[from..].iter().take_while(|m| m.span.start < span.end).filter(|m| m.span.end <= span.end).cloned()
        {
            let a = *by_lex.entry(m.actor).or_insert_with(|| {
                t.actors.push(DocActor {
                    lex: Some(m.actor),
                    kind: lex.actor(m.actor).kind,
                    names: vec![],
                    body_names: vec![],
                    rule: "lexicon alias".into(),
                });
                t.actors.len() - 1
            });
            raw.push((m.span, a, i < body));
        }
    }

    // 2. Appositions the document states: the names on both sides are one actor.
    let mut learned: Vec<(&str, usize)> = Vec::new(); // (exact surface, doc actor)
    // Every apposition has an opening parenthesis.
    const PAREN: u16 = crate::tokens::cue_bit("(");
    // Buffers reused by every passage and apposition.
    let (mut apps, mut parts, mut right_actors) = (Vec::new(), Vec::new(), Vec::new());
    for (i, toks) in scan_toks.iter().enumerate() {
        if !masks[i].has(PAREN) {
            continue;
        }
        appositions(text, toks, &mut parts, &mut apps);
        for app in apps.drain(..) {
            let left_actor = raw.first_ending(app.left.end, app.left.start).map(|r| (r.0, r.1));
            right_actors.clear();
            right_actors.extend(app.rights.iter().map(|r| raw.first(*r).map(|m| m.1)));
            let known_right = right_actors.iter().flatten().next().copied();
            // "Khyber Pakhtunkhwa (KP)" glosses a place, not an actor.
            let place_left =
                is_place(&app.left) || left_actor.is_none() && place_ends.binary_search(&app.left.end).is_ok();
            if known_right.is_none() && left_actor.is_none() && place_left || app.rights.iter().any(is_place) {
                continue;
            }
            let target = match (left_actor, known_right) {
                // The document glosses a known name with another known
                // abbreviation: trust the document for this mention.
                (Some((lspan, la)), Some(ra)) if la != ra => {
                    if let Some(r) = raw.first_mut(lspan) {
                        r.1 = ra;
                    }
                    ra
                }
                (Some((_, la)), _) => la,
                (None, Some(ra)) => {
                    raw.push((app.left, ra, i < body));
                    learned.push((app.left.slice(text), ra));
                    ra
                }
                (None, None) => {
                    let name = app.left.slice(text);
                    // "the Kurdistan Freedom Hawks (TAK)": a capitalized name
                    // glossed with an acronym names a body, unless its head
                    // says it is a thing ("China-Pakistan Economic Corridor
                    // (CPEC)").
                    let head = name.rsplit([' ', '-']).next().unwrap_or("").to_lowercase();
                    if !looks_like_org(name)
                        && (NOT_ACTOR_HEADS.contains(&head.as_str()) || name.split_whitespace().count() < 2)
                    {
                        continue;
                    }
                    let a = t.add(guess_kind(name), "learned: Name (ABBR)".into());
                    raw.push((app.left, a, i < body));
                    learned.push((name, a));
                    a
                }
            };
            for (r, known) in app.rights.iter().zip(&right_actors) {
                if known.is_none() {
                    raw.push((*r, target, i < body));
                    learned.push((r.slice(text), target));
                }
            }
        }
    }
    // Learned names apply everywhere in the document.
    apply_learned(text, scan, body, &learned, &mut raw);

    // 3. People named with a role or in a role's place ("X was killed",
    // "founded by X", "X, the group's emir"), and organisations named by
    // their head word ("the Majeed Brigade").
    // Reused by every passage: (name, found by a role word), organisations.
    let (mut names, mut orgs): (Vec<(Span, bool)>, Vec<Span>) = (Vec::new(), Vec::new());
    for (toks, words) in scan_toks.iter().zip(masks).take(body) {
        let toks: &[Token] = toks;
        // Each rule below needs one of its cue words in the passage.
        names.clear();
        role_names(text, toks, words, &mut names);
        person_contexts(text, toks, words, &mut names);
        names.sort_by_key(|(n, _)| (n.start, std::cmp::Reverse(n.end)));
        for &(name, role) in &names {
            // A role word names a person even when part of the name is also
            // a place ("Its founder, Riaz Basra"); a name found only by its
            // verb ("Kunduz City was captured") defers to any place in it.
            let place_clash = if role { is_place(&name) } else { place_index.overlaps(name) };
            if raw.overlaps(name) || place_clash {
                continue;
            }
            // "Ahal Government": a body, whatever the words before its head.
            let last = name.slice(text).rsplit(' ').next().unwrap_or("");
            if looks_like_org(name.slice(text)) || ORG_HEADS.words().iter().any(|h| last.eq_ignore_ascii_case(h)) {
                continue;
            }
            let a = person(&mut t, name.slice(text));
            raw.push((name, a, true));
        }
        orgs.clear();
        organisations(toks, words, &mut orgs);
        for &name in &orgs {
            if raw.overlaps(name) || is_place(&name) {
                continue;
            }
            let surface = name.slice(text);
            let existing = t.actors.iter().position(|a| a.lex.is_none() && a.names.iter().any(|n| n == surface));
            let a =
                existing.unwrap_or_else(|| t.add(guess_kind(surface), "organisation named by its head word".into()));
            raw.push((name, a, true));
        }
    }

    // Names the two rules below learn, applied everywhere in the document
    // afterwards as the appositions' are: "a faction known as X … X claimed it".
    let mut named: Vec<(&str, usize)> = Vec::new();
    // "a rival faction known as BLA–Jeeyand": a group named by description.
    const NAMING: &Cues = cues!["known", "called", "named"];
    for (i, toks) in scan_toks.iter().enumerate().take(body) {
        if !masks[i].intersects(NAMING.mask()) {
            continue;
        }
        for k in 1..toks.len() {
            if !toks[k].is_in(NAMING) {
                continue;
            }
            let Some(len) = seq_len(toks, k, &["known", "as"])
                .or_else(|| seq_len(toks, k, &["called"]))
                .or_else(|| seq_len(toks, k, &["named"]))
            else {
                continue;
            };
            if !toks[k - 1].is_in(cues![
                "faction",
                "group",
                "wing",
                "offshoot",
                "splinter",
                "outfit",
                "organisation",
                "organization",
                "movement",
            ]) {
                continue;
            }
            let j = k + len + usize::from(toks.get(k + len).is_some_and(|t| t.is_in(cues!["the"])));
            let Some(first) = toks.get(j).filter(|t| t.is_capitalized() || is_acronym(t.text(text))) else {
                continue;
            };
            let mut end = j;
            while toks.get(end + 1).is_some_and(|t| t.is_capitalized()) {
                end += 1;
            }
            let name = Span::new(first.span.start, toks[end].span.end);
            if raw.overlaps(name) || is_place(&name) {
                continue;
            }
            let a = t.add(ActorKind::ArmedGroup, "faction known as NAME".into());
            raw.push((name, a, i < body));
            named.push((name.slice(text), a));
        }
    }

    // "X, also known as Y", "X, often called the Y": Y is X too.
    for (i, toks) in scan_toks.iter().enumerate() {
        if !masks[i].intersects(&AKA_FIRSTS) {
            continue;
        }
        for (k, _) in toks.iter().enumerate() {
            if !AKA_FIRSTS.may_hold(&toks[k]) {
                continue;
            }
            let Some(len) = AKA.iter().find_map(|cue| seq_len(toks, k, cue)) else { continue };
            let at = toks[k].span.start;
            let mut j = k + len;
            // "meaning \"Army of Muhammad\"", "also known as the …".
            while toks.get(j).is_some_and(|t| t.is_in(cues!["the"]) || t.is_punct('"') || t.is_punct('“')) {
                j += 1;
            }
            let actor = match raw.iter().rfind(|(r, _, _)| r.end <= at && at - r.end <= 3) {
                Some(&(_, actor, _)) => actor,
                // "the Tehrik-e-Azadi Sindh, also known as TAS": a name no
                // rule knew, which the acronym abbreviates, names a group.
                None => {
                    let Some(abbr) = toks.get(j).filter(|t| is_acronym(t.text(text))) else { continue };
                    let Some(name) = name_before_comma(toks, k)
                        .filter(|n| abbreviates(abbr.text(text), n.slice(text)) && !raw.overlaps(*n) && !is_place(n))
                    else {
                        continue;
                    };
                    let a = t.add(guess_kind(name.slice(text)), "learned: Name, also known as ABBR".into());
                    raw.push((name, a, i < body));
                    named.push((name.slice(text), a));
                    a
                }
            };
            // A name that is already a mention keeps its own actor, unless
            // only its head word made it one ("Army of Muhammad"): then the
            // text says it is the actor before the cue.
            if let Some(r) = raw.iter_mut().find(|(r, _, _)| toks.get(j).is_some_and(|t| r.start == t.span.start)) {
                if t.actors[r.1].rule == "organisation named by its head word" {
                    r.1 = actor;
                }
                continue;
            }
            let name = person_name_at(text, toks, j)
                .or_else(|| toks.get(j).filter(|t| is_acronym(t.text(text))).map(|t| t.span));
            if let Some(name) = name {
                raw.push((name, actor, i < body));
                named.push((name.slice(text), actor));
            }
        }
    }
    // "Juma Namangani … Namangani was killed": a person's last name alone,
    // when no other person of the document shares it.
    // The full names first, wherever they recur, so that a last name is
    // never taken out of a full name no rule had found.
    let mut surnames: Vec<(&str, usize)> = Vec::new();
    let mut full_names: Vec<(&str, usize)> = Vec::new();
    for &(span, a, _) in raw.iter() {
        if t.actors[a].kind != ActorKind::Person {
            continue;
        }
        let name = span.slice(text);
        if name.contains(' ') && !full_names.iter().any(|&(n, _)| n == name) {
            full_names.push((name, a));
        }
        let Some((_, last)) = name.rsplit_once(' ') else { continue };
        // Short last names are often given names too ("Ahmad Umar").
        if last.chars().count() < 5 || !last.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        match surnames.iter_mut().find(|(s, _)| *s == last) {
            Some(e) if e.1 != a => e.1 = usize::MAX,
            Some(_) => {}
            None => surnames.push((last, a)),
        }
    }
    named.extend(full_names);
    named.extend(surnames.into_iter().filter(|&(_, a)| a != usize::MAX));
    apply_learned(text, scan, body, &named, &mut raw);

    // 4. Countries acting as states: "US officials", "the U.S. withdrawal",
    // "U.S.-Taliban negotiations" make the country an actor wherever it is
    // named; "Pakistan government" names the government itself.
    let mut acting: Vec<&str> = Vec::new();
    for (span, country) in countries {
        let rest = &text[span.end..];
        let word = rest.trim_start();
        let word = &word[..word.find(|c: char| !c.is_alphanumeric()).unwrap_or(word.len())];
        // An ASCII word lowercases byte for byte, without a copy.
        let lowered;
        let next_word = if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
            word
        } else {
            lowered = word.to_lowercase();
            lowered.as_str()
        };
        let joined_to_actor = rest.starts_with(['-', '–'])
            && raw.iter().any(|(r, _, _)| r.start == span.end + rest.chars().next().map_or(1, char::len_utf8));
        if ["government", "authorities", "administration"].contains(&next_word) {
            let end = span.end + (rest.len() - rest.trim_start().len()) + next_word.len();
            let name = Span::new(span.start, end);
            if !raw.overlaps(name) {
                let i = state(&mut t, name.slice(text));
                raw.push((name, i, true));
            }
        } else if STATE_NOUNS.contains(&next_word) || STATE_VERBS.contains(&next_word) || joined_to_actor {
            acting.push(country.as_str());
        }
    }
    // "the Pakistani state", "the Afghan government": a demonym and a state noun.
    const GOVERNMENT_NOUNS: &Cues =
        cues!["state", "government", "army", "military", "authorities", "regime", "administration"];
    // "an Iranian strike", "Indian air strikes": the state that struck,
    // named by the demonym alone.
    const STRIKE_NOUNS: &Cues =
        cues!["strike", "strikes", "airstrike", "airstrikes", "air", "drone", "drones", "missile", "missiles"];
    const STATE_OR_STRIKE: CueMask = GOVERNMENT_NOUNS.mask().union(*STRIKE_NOUNS.mask());
    for (toks, words) in scan_toks.iter().zip(masks).take(body) {
        if !words.intersects(&STATE_OR_STRIKE) {
            continue;
        }
        for w in toks.windows(2) {
            // The state noun first: one bit test rules out most pairs.
            let strike = w[1].is_in(STRIKE_NOUNS);
            if !strike && !w[1].is_in(GOVERNMENT_NOUNS) {
                continue;
            }
            let word = w[0].text(text);
            let Some(&(_, country)) = DEMONYMS.iter().find(|(d, _)| word == *d) else { continue };
            let name = if strike { w[0].span } else { Span::new(w[0].span.start, w[1].span.end) };
            if raw.overlaps(name) {
                continue;
            }
            let i = state(&mut t, country);
            raw.push((name, i, true));
        }
    }
    for (span, country) in countries {
        if acting.contains(&country.as_str()) && !raw.overlaps(*span) {
            let i = state(&mut t, country);
            raw.push((*span, i, true));
        }
    }

    // One person under a shorter and a longer name ("Ahmad Umar" and "Ahmad
    // Umar Abu Ubaidah"): the longer name's actor takes the shorter's mentions.
    // Each person mention's words, borrowed from the text, in one vector:
    // `(mention, actor, range of its words)`.
    let mut words: Vec<&str> = Vec::new();
    let mut person_names: Vec<(usize, usize, std::ops::Range<usize>)> = Vec::new();
    for (i, (r, a, _)) in raw.iter().enumerate() {
        if t.actors[*a].kind == ActorKind::Person {
            let from = words.len();
            words.extend(r.slice(text).split_whitespace());
            person_names.push((i, *a, from..words.len()));
        }
    }
    for (i, _, own) in &person_names {
        let w = &words[own.clone()];
        if w.len() < 2 {
            continue;
        }
        let a = raw.list[*i].1;
        let longer = person_names.iter().find(|(_, b, other)| {
            let o = &words[other.clone()];
            *b != a && o.len() > w.len() && (o.starts_with(w) || o.ends_with(w))
        });
        if let Some((_, b, _)) = longer {
            raw.list[*i].1 = *b;
        }
    }
    // Keep the longest of overlapping mentions, then record names.
    let sorted = raw.into_sorted();
    t.mentions.reserve(sorted.len());
    let mut last_end = 0;
    let mut keys = KeyCache::default();
    for (span, actor, in_body) in sorted {
        if span.start < last_end {
            continue;
        }
        last_end = span.end;
        t.mentions.push(ActorMention { span, actor, in_body });
        let a = &mut t.actors[actor];
        // A surface the actor already has (most mentions repeat one) has its
        // key there too: nothing to add.
        let surface = span.slice(text);
        if a.names.iter().any(|n| n == surface) && (!in_body || a.body_names.iter().any(|n| n == surface)) {
            continue;
        }
        if in_body && !a.body_names.iter().any(|n| keys.same(n, surface)) {
            a.body_names.push(surface.to_string());
        }
        if !a.names.iter().any(|n| keys.same(n, surface)) {
            a.names.push(surface.to_string());
        }
    }
    t
}

/// Whether names have the same [`key`], without building the key of an
/// ASCII name (nearly all: its key is its ASCII lowercase, compared in
/// place) and building each other name's key once.
#[derive(Default)]
struct KeyCache {
    /// The names that are not ASCII (a few per document) and their keys.
    folded: Vec<(String, String)>,
}

impl KeyCache {
    /// The index in `folded` of the key of `name`, which is not ASCII.
    fn folded(&mut self, name: &str) -> usize {
        if let Some(i) = self.folded.iter().position(|(n, _)| n == name) {
            return i;
        }
        self.folded.push((name.to_string(), key(name)));
        self.folded.len() - 1
    }

    /// Whether `key(a) == key(b)`. A key built by lowercasing has no ASCII
    /// capital, so an ASCII name has that key exactly when it equals it up
    /// to ASCII case.
    fn same(&mut self, a: &str, b: &str) -> bool {
        match (a.is_ascii(), b.is_ascii()) {
            (true, true) => a.eq_ignore_ascii_case(b),
            (true, false) => {
                let i = self.folded(b);
                a.eq_ignore_ascii_case(&self.folded[i].1)
            }
            (false, true) => {
                let i = self.folded(a);
                b.eq_ignore_ascii_case(&self.folded[i].1)
            }
            (false, false) => {
                let (i, j) = (self.folded(a), self.folded(b));
                self.folded[i].1 == self.folded[j].1
            }
        }
    }
}

/// Adds a mention for every whole-word occurrence of a learned name in a
/// passage or note that no mention overlaps yet, name by name in the order
/// they were learned and, per name, passage by passage.
///
/// One substring search per name over the whole text finds its every
/// occurrence (overlapping ones too; a handful of names per document, so
/// no automaton is built); each passage then takes its occurrences left
/// to right without overlap, as `match_indices` over the passage would. A name learned twice adds nothing the second time (its
/// occurrences were taken or refused the first time, and `raw` only grows),
/// so each distinct name is applied once. Overlap with existing mentions is
/// checked in an index by position, not against every mention found so far.
fn apply_learned(text: &str, scan: &[Span], body: usize, learned: &[(&str, usize)], raw: &mut Mentions) {
    let mut names: Vec<&str> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let mut firsts: Vec<(usize, usize)> = Vec::new(); // (pattern, actor) per distinct name, in order
    for &(name, actor) in learned {
        if !seen.insert(name) {
            continue;
        }
        names.push(name);
        firsts.push((names.len() - 1, actor));
    }
    if names.is_empty() {
        return;
    }
    let mut occupied = SpanIndex::default();
    for (r, _, _) in raw.iter() {
        occupied.insert(*r);
    }
    if names.iter().any(|n| n.is_empty()) {
        // Not expected (names are never empty): the plain scan.
        for &(p, actor) in &firsts {
            let name = names[p];
            for (i, &span) in scan.iter().enumerate() {
                for (s, _) in span.slice(text).match_indices(name) {
                    let at = Span::new(span.start + s, span.start + s + name.len());
                    if word_bounded(text, at) && !occupied.overlaps(at) {
                        raw.push((at, actor, i < body));
                        occupied.insert(at);
                    }
                }
            }
        }
        return;
    }
    for &(p, actor) in &firsts {
        let name = names[p];
        let at_starts = &occurrences(text, name);
        if at_starts.is_empty() {
            continue;
        }
        for (i, &span) in scan.iter().enumerate() {
            let mut pos = span.start;
            let from = at_starts.partition_point(|&s| s < pos);
            for &s in &at_starts[from..] {
                if s < pos {
                    continue;
                }
                let at = Span::new(s, s + name.len());
                if at.end > span.end {
                    break;
                }
                pos = at.end;
                if word_bounded(text, at) && !occupied.overlaps(at) {
                    raw.push((at, actor, i < body));
                    occupied.insert(at);
                }
            }
        }
    }
}

/// The start of every occurrence of a non-empty `name` in `text`,
/// overlapping ones too, in order: each search resumes one character after
/// the last occurrence's start.
fn occurrences(text: &str, name: &str) -> Vec<usize> {
    let step = name.chars().next().map_or(1, char::len_utf8);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(name)) {
        out.push(from + i);
        from += i + step;
    }
    out
}

/// The actor mentions found so far, `(span, doc actor, in body)`, with an
/// index of their spans: rules ask "is this name already a mention?" for
/// every candidate, which over a long document was a scan of all of them.
#[derive(Default)]
struct Mentions {
    list: Vec<(Span, usize, bool)>,
    index: SpanIndex,
    /// `(end, index into list)` of every mention, in that order: the
    /// mentions ending at an offset, in list order, are one run of it. A
    /// sorted vector rather than a map of ends: mentions come mostly in
    /// text order, so nearly every push appends, with no hashing and no
    /// rehash as the document's mentions grow.
    by_end: Vec<(usize, usize)>,
}

impl Mentions {
    /// Room for about `n` mentions.
    fn with_capacity(n: usize) -> Mentions {
        Mentions { list: Vec::with_capacity(n), index: SpanIndex::with_capacity(n), by_end: Vec::with_capacity(n) }
    }

    fn push(&mut self, m: (Span, usize, bool)) {
        self.index.insert(m.0);
        // After every mention ending where this one does (their indices are
        // smaller): the run stays in list order.
        let e = (m.0.end, self.list.len());
        if self.by_end.last().is_none_or(|last| last.0 <= e.0) {
            self.by_end.push(e);
        } else {
            let at = self.by_end.partition_point(|x| x.0 <= e.0);
            self.by_end.insert(at, e);
        }
        self.list.push(m);
    }

    /// Indices of the mentions ending at `end`, in list order.
    fn ending(&self, end: usize) -> impl Iterator<Item = usize> + '_ {
        let from = self.by_end.partition_point(|e| e.0 < end);
        self.by_end[from..].iter().take_while(move |e| e.0 == end).map(|e| e.1)
    }

    /// The first mention (in list order) whose span is `s`.
    fn first(&self, s: Span) -> Option<&(Span, usize, bool)> {
        self.ending(s.end).map(|i| &self.list[i]).find(|m| m.0 == s)
    }

    /// [`Mentions::first`], to change its actor.
    fn first_mut(&mut self, s: Span) -> Option<&mut (Span, usize, bool)> {
        let i = self.ending(s.end).find(|&i| self.list[i].0 == s)?;
        self.list.get_mut(i)
    }

    /// The first mention (in list order) ending at `end` and starting at
    /// or after `start`.
    fn first_ending(&self, end: usize, start: usize) -> Option<&(Span, usize, bool)> {
        self.ending(end).map(|i| &self.list[i]).find(|m| m.0.start >= start)
    }

    /// The mentions, to change their actors (never their spans, which the
    /// indexes hold).
    fn iter_mut(&mut self) -> std::slice::IterMut<'_, (Span, usize, bool)> {
        self.list.iter_mut()
    }

    /// The mentions sorted by start, longest first.
    fn into_sorted(self) -> Vec<(Span, usize, bool)> {
        let mut list = self.list;
        list.sort_by_key(|(s, _, _)| (s.start, std::cmp::Reverse(s.end)));
        list
    }

    /// Whether a mention overlaps `s` (each starts before the other ends).
    fn overlaps(&self, s: Span) -> bool {
        self.index.overlaps(s)
    }
}

impl std::ops::Deref for Mentions {
    type Target = [(Span, usize, bool)];
    fn deref(&self) -> &Self::Target {
        &self.list
    }
}

/// Spans by start, for "does anything overlap this span?" in logarithmic
/// time: the ends of the spans starting at each offset (the longest kept),
/// and the longest span, which bounds how far back an overlapping span may
/// start. A sorted vector, not a tree: a document has some dozens of
/// mentions, mostly inserted in text order (at the end).
#[derive(Default)]
pub(crate) struct SpanIndex {
    /// `(start, longest end)`, by start.
    ends: Vec<(usize, usize)>,
    longest: usize,
}

impl SpanIndex {
    /// Room for `n` spans.
    pub(crate) fn with_capacity(n: usize) -> SpanIndex {
        SpanIndex { ends: Vec::with_capacity(n), longest: 0 }
    }

    pub(crate) fn insert(&mut self, s: Span) {
        self.longest = self.longest.max(s.end.saturating_sub(s.start));
        // Spans come mostly in text order: then the last entry is the place.
        if self.ends.last().is_none_or(|e| e.0 < s.start) {
            self.ends.push((s.start, s.end));
            return;
        }
        let at = self.ends.partition_point(|e| e.0 < s.start);
        match self.ends.get_mut(at) {
            Some(e) if e.0 == s.start => e.1 = e.1.max(s.end),
            _ => self.ends.insert(at, (s.start, s.end)),
        }
    }

    /// Whether an inserted span overlaps `s` (each starts before the other ends).
    pub(crate) fn overlaps(&self, s: Span) -> bool {
        let from = s.start.saturating_sub(self.longest);
        if from >= s.end {
            return false;
        }
        let at = self.ends.partition_point(|e| e.0 < from);
        self.ends[at..].iter().take_while(|e| e.0 < s.end).any(|&(_, end)| s.start < end)
    }
}

/// Demonyms of the states that reports in this domain name most.
const DEMONYMS: &[(&str, &str)] = &[
    ("Pakistani", "Pakistan"),
    ("Afghan", "Afghanistan"),
    ("Iranian", "Iran"),
    ("Indian", "India"),
    ("American", "United States"),
    ("Somali", "Somalia"),
    ("Kenyan", "Kenya"),
    ("Ethiopian", "Ethiopia"),
    ("Russian", "Russia"),
    ("Chinese", "China"),
    ("Syrian", "Syria"),
    ("Iraqi", "Iraq"),
    ("Tajik", "Tajikistan"),
    ("Uzbek", "Uzbekistan"),
    ("Turkmen", "Turkmenistan"),
    ("Kyrgyz", "Kyrgyzstan"),
    ("Kazakh", "Kazakhstan"),
    ("Nigerian", "Nigeria"),
    ("Yemeni", "Yemen"),
    ("Saudi", "Saudi Arabia"),
    ("Turkish", "Türkiye"),
    ("British", "United Kingdom"),
    ("French", "France"),
    ("German", "Germany"),
    ("Malian", "Mali"),
    ("Burkinabe", "Burkina Faso"),
    ("Nigerien", "Niger"),
    ("Mozambican", "Mozambique"),
    ("Congolese", "DR Congo"),
    ("Egyptian", "Egypt"),
    ("Libyan", "Libya"),
    ("Israeli", "Israel"),
    ("Palestinian", "Palestine"),
    ("Lebanese", "Lebanon"),
    ("Bangladeshi", "Bangladesh"),
    ("Sri Lankan", "Sri Lanka"),
    ("Filipino", "Philippines"),
    ("Indonesian", "Indonesia"),
];

/// Nouns after a country name that make it an actor (`US officials`).
const STATE_NOUNS: &[&str] = &[
    "officials",
    "official",
    "forces",
    "troops",
    "military",
    "withdrawal",
    "exit",
    "assassination",
    "airstrike",
    "airstrikes",
    "drone",
    "negotiators",
    "personnel",
    "servicemen",
    "soldiers",
    "army",
    "intelligence",
    "diplomats",
    "invasion",
    "occupation",
    "sanctions",
    // "a United States air strike".
    "air",
];

/// Verbs after a country name that make it an actor ("The United States
/// designated the BLA …", "Pakistan accuses the Afghan Taliban …").
const STATE_VERBS: &[&str] = &[
    "designated",
    "designates",
    "sanctioned",
    "sanctions",
    "accused",
    "accuses",
    "banned",
    "bans",
    "proscribed",
    "deployed",
    "deploys",
    "struck",
    "strikes",
    "bombed",
    "invaded",
    "demanded",
    "demands",
    "denied",
    "denies",
    "condemned",
    "condemns",
    "listed",
    "declared",
    "declares",
    "carried",
    "conducted",
    "launched",
];

/// Adds (or finds) a state actor by its key name.
pub(crate) fn state_actor(t: &mut ActorTable, name: &str) -> usize {
    state(t, name)
}

fn state(t: &mut ActorTable, name: &str) -> usize {
    // The rule names the state: compared in place, formatted only for a new actor.
    let is_it =
        |rule: &str| rule.strip_prefix("state acting in the text (").and_then(|r| r.strip_suffix(')')) == Some(name);
    if let Some(i) = t.actors.iter().position(|a| is_it(&a.rule)) {
        return i;
    }
    let rule = format!("state acting in the text ({name})");
    t.add(ActorKind::StateActor, rule)
}

/// Heads of capitalized names that are things, not actors.
const NOT_ACTOR_HEADS: &[&str] = &[
    "corridor",
    "project",
    "projects",
    "programme",
    "program",
    "agreement",
    "accord",
    "act",
    "law",
    "report",
    "index",
    "map",
    "plan",
    "initiative",
    "zone",
    "area",
    "route",
    "highway",
    "airport",
    "university",
    "school",
    "hospital",
    "conference",
    "summit",
    "treaty",
    "fund",
    "bank",
    "database",
    "dataset",
    "survey",
    "system",
    "operation",
    "convention",
    "court",
    "code",
    "resolution",
    "mission",
    "station",
    "company",
    "corporation",
    "limited",
    "ltd",
];

/// The first words of [`AKA`].
const AKA_FIRSTS: CueMask = CueMask::of_firsts(AKA);

/// Phrases that give another name for what precedes them.
const AKA: &[&[&str]] = &[
    &["also", "known", "as"],
    &["better", "known", "as"],
    &["commonly", "known", "as"],
    &["also", "spelled"],
    &["also", "spelt"],
    &["often", "called"],
    &["also", "called"],
    &["a.k.a"],
    &["aka"],
    &["meaning"],
];

/// Word heads of organisation names ("the Majeed Brigade", "Federal
/// Government of Somalia").
const ORG_HEADS: &Cues = cues![
    "army",
    "brigade",
    "brigades",
    "front",
    "movement",
    "group",
    "organisation",
    "organization",
    "party",
    "union",
    "council",
    "mission",
    "government",
    "forces",
    "force",
    "corps",
    "network",
    "league",
    "alliance",
    "committee",
    "rangers",
    "militia",
    "battalion",
    "jamaat",
    "emirate",
    "caliphate",
];

/// Token length of `words` at `k`, if they stand there.
fn seq_len(toks: &[Token], k: usize, words: &[&str]) -> Option<usize> {
    let mut j = k;
    for w in words {
        if toks.get(j).is_some_and(|t| t.is_word(w)) {
            j += 1;
        } else {
            return None;
        }
        // "a.k.a." tokenizes with dots between letters.
        while toks.get(j).is_some_and(|t| t.is_punct('.')) {
            j += 1;
        }
    }
    Some(j - k)
}

/// People named where only a person can stand: "X was killed", "founded by
/// X", "X has led", "X, the group's emir", "successors, X and Y"; pushed
/// to `out` as `(name, false)`.
fn person_contexts(text: &str, toks: &[Token], words: &CueMask, out: &mut Vec<(Span, bool)>) {
    const SUCCESSORS: &Cues = cues!["successors", "successor", "predecessor", "predecessors"];
    const AUXILIARIES: &Cues = cues!["was", "were", "has", "had"];
    const APPOSITIVE_ROLES: &Cues =
        cues!["emir", "leader", "commander", "chief", "founder", "spokesman", "spokesperson", "head", "deputy",];
    // Each rule needs one of these words: most passages have none.
    let needed =
        cues!["by"].mask().union(*SUCCESSORS.mask()).union(*AUXILIARIES.mask()).union(*APPOSITIVE_ROLES.mask());
    if !words.intersects(&needed) {
        return;
    }
    const ROLE_VERBS: &Cues =
        cues!["killed", "assassinated", "arrested", "captured", "detained", "led", "succeeded", "appointed", "named"];
    // The rules that start at a name need an auxiliary and its verb, or a
    // role word, somewhere in the passage: without them no name is tried.
    let before_rules = words.intersects(APPOSITIVE_ROLES.mask())
        || toks.windows(2).any(|w| w[0].is_in(AUXILIARIES) && w[1].is_in(ROLE_VERBS));
    for k in 0..toks.len() {
        // After: "founded by X", "led by X", "succeeded by X", "successors, X".
        let after_cue = (toks[k].is_in(cues!["by"])
            && k > 0
            && toks[k.saturating_sub(6)..k].iter().any(|x| {
                x.is_in(cues![
                    "founded",
                    "led",
                    "succeeded",
                    "replaced",
                    "headed",
                    "commanded",
                    "established",
                    "formed"
                ])
            }))
            || (toks[k].is_punct(',') && k > 0 && toks[k - 1].is_in(SUCCESSORS));
        if after_cue {
            let mut j = k + 1;
            while let Some(name) = person_name_at(text, toks, j) {
                // "founded by X" gives X a role, as a role word does.
                out.push((name, true));
                // Coordinated names: "X and Y", "X, Y".
                let next = toks.partition_point(|t| t.span.start < name.end);
                if toks.get(next).is_some_and(|t| t.is_in(cues!["and"]) || t.is_punct(',')) {
                    j = next + 1;
                } else {
                    break;
                }
            }
            continue;
        }
        // Before: "X was killed", "X has led", "X, the group's emir".
        if !before_rules || !toks[k].is_capitalized() || (k > 0 && toks[k - 1].is_capitalized()) {
            continue;
        }
        let Some(name) = person_name_at(text, toks, k) else { continue };
        let next = toks.partition_point(|t| t.span.start < name.end);
        let verb = toks.get(next).is_some_and(|t| t.is_in(AUXILIARIES))
            && toks.get(next + 1).is_some_and(|t| t.is_in(ROLE_VERBS));
        let appositive = toks.get(next).is_some_and(|t| t.is_punct(','))
            && toks[next + 1..].iter().take(5).any(|t| t.is_in(APPOSITIVE_ROLES))
            && toks[next + 1..].iter().take(2).any(|t| t.is_in(cues!["the", "its", "their", "a", "his"]));
        // "X becomes its leader", "X became the group's emir".
        let becomes = toks.get(next).is_some_and(|t| t.is_in(cues!["becomes", "became"]))
            && toks.get(next + 1..).is_some_and(|r| r.iter().take(4).any(|t| t.is_in(APPOSITIVE_ROLES)))
            && toks.get(next + 1).is_some_and(|t| t.is_in(cues!["the", "its", "their"]));
        if verb || appositive || becomes {
            out.push((name, false));
        }
    }
}

/// Organisations named by a head word at the end of a capitalized run
/// ("the Majeed Brigade") or before "of"/"in" and a place ("Federal
/// Government of Somalia", "Islamic State in Somalia"), pushed to `out`.
fn organisations(toks: &[Token], words: &CueMask, out: &mut Vec<Span>) {
    // Every name found ends in (or runs through) a head word.
    if !words.intersects(ORG_HEADS.mask()) {
        return;
    }
    let mut k = 0;
    while k < toks.len() {
        if !toks[k].is_capitalized() {
            k += 1;
            continue;
        }
        // A capitalized run with inner connectors.
        let start = k;
        let mut end = k + 1;
        while end < toks.len() {
            let t = &toks[end];
            let connector = t.is_in(cues!["of", "in", "for", "and", "the"])
                && toks.get(end + 1).is_some_and(|n| n.is_capitalized());
            if t.is_capitalized()
                || connector
                || (t.is_punct('-') && toks.get(end + 1).is_some_and(|n| n.is_capitalized()))
            {
                end += 1;
            } else {
                break;
            }
        }
        let run = &toks[start..end];
        // "The" at a sentence start is not part of the name.
        let first = if run[0].is_in(cues!["the"]) { 1 } else { 0 };
        let head = run[first..].iter().rposition(|t| t.is_in(ORG_HEADS)).map(|p| p + first);
        if let Some(h) = head {
            let last = if run.get(h + 1).is_some_and(|t| t.is_in(cues!["of", "in"])) { run.len() - 1 } else { h };
            let words = run[first..=last].iter().filter(|t| t.kind == TokKind::Word).count();
            if words >= 2 && (last == run.len() - 1 || last == h) {
                out.push(Span::new(run[first].span.start, run[last].span.end));
            }
        }
        k = end;
    }
}

/// Adds (or finds) a person actor by name.
pub(crate) fn person(t: &mut ActorTable, name: &str) -> usize {
    if let Some(i) = t.actors.iter().position(|a| a.kind == ActorKind::Person && a.names.iter().any(|n| n == name)) {
        return i;
    }
    t.actors.push(DocActor {
        lex: None,
        kind: ActorKind::Person,
        names: vec![name.to_string()],
        body_names: vec![name.to_string()],
        rule: "person named with a role".into(),
    });
    t.actors.len() - 1
}

fn word_bounded(text: &str, s: Span) -> bool {
    let before = text[..s.start].chars().next_back();
    let after = text[s.end..].chars().next();
    let word = |c: char| c.is_alphanumeric() && !matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹');
    !before.is_some_and(word) && !after.is_some_and(word)
}

/// An acronym-like name: 2–12 characters, at least two capitals, no spaces
/// (`ISKP`, `ISIS–K`, `JUI-F`, `HGB/IMP`, `TSKP`).
fn is_acronym(s: &str) -> bool {
    // ASCII words (nearly all) in one pass over the bytes, same answer.
    if s.is_ascii() {
        let b = s.as_bytes();
        return (2..=12).contains(&b.len())
            && b.iter().filter(|c| c.is_ascii_uppercase()).count() >= 2
            && b.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'/' | b'\''));
    }
    let caps = s.chars().filter(|c| c.is_uppercase()).count();
    (2..=12).contains(&s.chars().count())
        && caps >= 2
        && !s.contains(' ')
        && s.chars().all(|c| c.is_alphanumeric() || "-–/'’".contains(c))
}

fn looks_like_org(name: &str) -> bool {
    let lowered = Lowered::new(name);
    let toks = tokenize(&lowered, Span::new(0, name.len()));
    toks.iter().filter(|t| t.kind == TokKind::Word).count() >= 2 && toks.iter().any(|t| t.is_in(ORG_WORDS))
}

fn guess_kind(name: &str) -> ActorKind {
    let lowered = Lowered::new(name);
    let toks = tokenize(&lowered, Span::new(0, name.len()));
    if toks
        .iter()
        .any(|t| t.is_in(cues!["party", "jamiat", "jamiat-e", "ulema", "ullema", "ulama", "league", "fazl", "fazal"]))
    {
        ActorKind::PoliticalParty
    } else if toks.iter().any(|t| t.is_in(cues!["government", "ministry", "police", "corps"])) {
        ActorKind::StateActor
    } else if toks.last().is_some_and(|t| {
        t.is_in(cues!["council", "committee", "commission", "association", "institute", "foundation", "agency"])
    }) {
        // "the Islamic Council", "a relief agency": bodies, not armed groups.
        ActorKind::Organisation
    } else {
        ActorKind::ArmedGroup
    }
}

/// `Name (ABBR)`, `Name (ABBR or ABBR2)` and `ABBR (Name)` inside `span`,
/// pushed to `out`. Most parentheses hold no acronyms ("(2019)"): their
/// parts are split into the buffer `parts`, copied only for an apposition.
fn appositions(text: &str, toks: &[Token], parts: &mut Vec<Span>, out: &mut Vec<Apposition>) {
    for (k, tok) in toks.iter().enumerate() {
        if !tok.is_punct('(') {
            continue;
        }
        let Some(close) = toks[k + 1..].iter().position(|t| t.is_punct(')')).map(|c| k + 1 + c) else { continue };
        if close - k > 12 {
            continue;
        }
        let inner = Span::new(tok.span.end, toks[close].span.start);
        let inner_text = inner.slice(text).trim();
        // Right side: acronyms separated by "or" / ",".
        split_alternatives(text, inner, parts);
        if !parts.is_empty() && parts.iter().all(|p| is_acronym(p.slice(text))) {
            if let Some(left) = name_before(text, &toks[..k]) {
                out.push(Apposition { left, rights: parts.clone() });
            }
        } else if k > 0
            && is_acronym(toks[k - 1].text(text))
            && inner_text.split_whitespace().count() >= 2
            && looks_like_org(inner_text)
        {
            // ABBR (Full Name)
            out.push(Apposition { left: inner_trim(text, inner), rights: vec![toks[k - 1].span] });
        }
    }
}

fn inner_trim(text: &str, s: Span) -> Span {
    let t = s.slice(text);
    let rest = t.trim_start();
    let start = s.start + (t.len() - rest.len());
    Span::new(start, start + rest.trim_end().len())
}

/// The alternatives inside parentheses (`ABBR or ABBR2`, `A, B`), trimmed,
/// into `out` (cleared first: one buffer serves every parenthesis).
fn split_alternatives(text: &str, inner: Span, out: &mut Vec<Span>) {
    out.clear();
    let s = inner.slice(text);
    let mut start = 0;
    let push = |a: usize, b: usize, out: &mut Vec<Span>| {
        let sp = inner_trim(text, Span::new(inner.start + a, inner.start + b));
        if !sp.is_empty() {
            out.push(sp);
        }
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(" or ") {
            push(start, i, out);
            i += 4;
            start = i;
        } else if bytes[i] == b',' || bytes[i] == b';' {
            push(start, i, out);
            i += 1;
            start = i;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    push(start, s.len(), out);
}

/// The capitalized name that ends right before a `(`: capitalized words and
/// connectors, at least two words, not starting with a connector.
fn name_before(text: &str, toks: &[Token]) -> Option<Span> {
    let end = toks.last()?;
    // Arabic names capitalize after the article: "Hurras al-Din".
    let name_word = |t: &Token| {
        t.is_capitalized()
            || (t.lower.starts_with("al-") && t.text(text).chars().nth(3).is_some_and(char::is_uppercase))
    };
    // "Ahlu Sunnah Wal Jama'a": a lowercase piece glued after an apostrophe
    // ends the word before it.
    let n = toks.len();
    let glued_tail = n >= 3
        && end.kind == TokKind::Word
        && toks[n - 2].is_punct('\'')
        && toks[n - 3].kind == TokKind::Word
        && toks[n - 3].span.end == toks[n - 2].span.start
        && toks[n - 2].span.end == end.span.start;
    if !(name_word(end) || glued_tail || end.kind == TokKind::Word && is_acronym(end.text(text))) {
        return None;
    }
    let mut first = toks.len() - 1;
    let mut k = toks.len() - 1;
    while k > 0 {
        let prev = &toks[k - 1];
        // "Jama'at": a lowercase piece right after an apostrophe is the same word.
        let after_apostrophe = k >= 2 && toks[k - 2].is_punct('\'') && prev.kind == TokKind::Word;
        let joins = name_word(prev)
            || prev.is_in(ORG_CONNECTORS)
            || prev.is_punct('-')
            || prev.is_punct('\'')
            || after_apostrophe;
        if !joins {
            break;
        }
        k -= 1;
        if name_word(&toks[k]) {
            first = k;
        }
    }
    // "the" and other connectors never start a name, nor does a
    // sentence's capitalized "The".
    while first + 1 < toks.len() && toks[first].is_in(cues!["the"]) {
        first += 1;
    }
    let words = toks[first..].iter().filter(|t| t.kind == TokKind::Word).count();
    (words >= 2).then(|| Span::new(toks[first].span.start, end.span.end))
}

/// Person names that follow a role word (`new Emir Shahab al-Muhajir`,
/// `former leader Sanaullah Ghafari`, `the late Abu Bakar Al Baghdadi`),
/// pushed to `out` as `(name, true)`.
fn role_names(text: &str, toks: &[Token], words: &CueMask, out: &mut Vec<(Span, bool)>) {
    if !words.intersects(ROLE_WORDS.mask()) {
        return;
    }
    for (k, t) in toks.iter().enumerate() {
        if !t.is_in(ROLE_WORDS) {
            continue;
        }
        if t.lower == "late" && !(k > 0 && toks[k - 1].is_in(cues!["the"])) {
            continue;
        }
        // "its leader, Samir Hijazi,": fine; "commanders Aslam Baloch and Bashir Zeb": a plural role lists names;
        // "the group's spokesman, Mohammad Khurasani," puts a comma first.
        let mut j =
            if toks.get(k + 1).is_some_and(|x| x.is_punct(',') || x.is_in(cues!["is", "was"])) { k + 2 } else { k + 1 };
        while let Some(name) = person_name_at(text, toks, j) {
            out.push((name, true));
            let next = toks.partition_point(|x| x.span.start < name.end);
            if t.lower.ends_with('s') && toks.get(next).is_some_and(|x| x.is_in(cues!["and"]) || x.is_punct(',')) {
                j = next + 1;
            } else {
                break;
            }
        }
    }
}

/// A personal name starting at token `k`: 2–5 capitalized words, with
/// particles inside.
pub(crate) fn person_name_at(text: &str, toks: &[Token], k: usize) -> Option<Span> {
    let mut end = k;
    let mut words = 0;
    while end < toks.len() {
        let t = &toks[end];
        // Asked only of a word that is not a name word itself.
        let particle = || {
            (t.is_in(NAME_PARTICLES) || t.kind == TokKind::Word && t.lower.starts_with("al-"))
                && toks.get(end + 1).is_some_and(|n| n.is_capitalized())
                || t.lower.starts_with("al-") && t.text(text).chars().nth(3).is_some_and(char::is_uppercase)
        };
        // A role word may be part of a name once it has begun ("Noor Wali Mehsud").
        if t.is_capitalized() && !(end == k && t.is_in(ROLE_WORDS)) && !is_acronym(t.text(text)) || particle() {
            words += 1;
            end += 1;
        } else {
            break;
        }
    }
    let first_ok = toks.get(k).is_some_and(|t| t.is_capitalized());
    (first_ok && (2..=5).contains(&words)).then(|| Span::new(toks[k].span.start, toks[end - 1].span.end))
}

/// The name that ends just before the comma at `toks[k - 1]`: capitalized
/// words, with the particles of names between them ("Harakat ul
/// Mujahideen", "Army of the Righteous"), at most eight words back.
fn name_before_comma(toks: &[Token], k: usize) -> Option<Span> {
    let end = k.checked_sub(2).filter(|_| toks[k - 1].is_punct(','))?;
    if !toks[end].is_capitalized() {
        return None;
    }
    let mut start = end;
    while start > 0 && end - start < 8 {
        let t = &toks[start - 1];
        if t.kind != TokKind::Word || !(t.is_capitalized() || t.is_in(NAME_LINKS)) {
            break;
        }
        start -= 1;
    }
    // A name begins with a capital: drop particles before the first one,
    // and a sentence's "The".
    while start < end && (!toks[start].is_capitalized() || toks[start].is_in(NAME_LINKS)) {
        start += 1;
    }
    (start < end).then(|| Span::new(toks[start].span.start, toks[end].span.end))
}

/// Lowercase words that join the parts of an organisation's name.
const NAME_LINKS: &Cues = cues!["of", "in", "the", "and", "for", "e", "i", "ul", "ud", "al", "wal", "wa"];

/// Whether the letters of `abbr` are the initials of `name`'s words and
/// hyphenated parts, in order: every part that is not a [`NAME_LINKS`]
/// word gives its initial, a link word may ("Lashkar-e-Taiba", "LeT";
/// "Tehrik-i-Taliban Pakistan", "TTP"). Case is ignored.
fn abbreviates(abbr: &str, name: &str) -> bool {
    let letters: Vec<char> = abbr.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let parts: Vec<(char, bool)> = name
        .split(|c: char| c.is_whitespace() || dossier_read::normalize::fold_char(c) == '-')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let lower = p.to_lowercase();
            let first = lower.chars().next()?;
            Some((first, NAME_LINKS.words().contains(&lower.as_str())))
        })
        .collect();
    // Whether letters[l..] are the initials of parts[p..].
    fn matches(letters: &[char], parts: &[(char, bool)]) -> bool {
        match (letters.first(), parts.first()) {
            (None, _) => parts.iter().all(|&(_, link)| link),
            (Some(_), None) => false,
            (Some(&l), Some(&(first, link))) => {
                (l == first && matches(&letters[1..], &parts[1..])) || (link && matches(letters, &parts[1..]))
            }
        }
    }
    letters.len() >= 2 && matches(&letters, &parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bodies named by their head word are organisations, not armed groups.
    #[test]
    fn kinds_guessed_from_names() {
        assert_eq!(guess_kind("Islamic Council"), ActorKind::Organisation);
        assert_eq!(guess_kind("Norwegian Refugee Council"), ActorKind::Organisation);
        assert_eq!(guess_kind("Islamic Jihad Union"), ActorKind::ArmedGroup);
        assert_eq!(guess_kind("Council of Mujahideen Shura"), ActorKind::ArmedGroup);
        assert_eq!(guess_kind("Pakistan Muslim League"), ActorKind::PoliticalParty);
    }

    /// A name before the comma never reaches past it, whatever precedes.
    #[test]
    fn names_before_a_comma_stay_before_it() {
        for text in ["of The, also known as abc", "The, also known as ABC", "The Sindh Front, also known as TSF"] {
            let lowered = Lowered::new(text);
            let toks = tokenize(&lowered, Span::new(0, text.len()));
            let k = toks.iter().position(|t| t.is_in(cues!["also"])).expect("a cue");
            if let Some(name) = name_before_comma(&toks, k) {
                assert!(name.end <= toks[k - 1].span.start, "{text}: {name:?}");
                assert_eq!(name.slice(text), "Sindh Front", "{text}");
            }
        }
    }

    /// Acronyms match the initials of names, link words optional.
    #[test]
    fn abbreviations_are_initials() {
        for (abbr, name) in [
            ("TAS", "Tehrik-e-Azadi Sindh"),
            ("TTP", "Tehrik-i-Taliban Pakistan"),
            ("LeT", "Lashkar-e-Taiba"),
            ("ISKP", "Islamic State Khorasan Province"),
            ("JuD", "Jamaat-ud-Dawa"),
            ("AQIS", "al-Qaeda in the Indian Subcontinent"),
            ("ULFA", "United Liberation Front of Asom"),
        ] {
            assert!(abbreviates(abbr, name), "{abbr} abbreviates {name}");
        }
        for (abbr, name) in
            [("TAS", "Tehrik-e-Azadi"), ("TAS", "Azadi Tehrik Sindh"), ("BLA", "Balochistan"), ("K", "Khorasan")]
        {
            assert!(!abbreviates(abbr, name), "{abbr} does not abbreviate {name}");
        }
    }

    /// The ASCII fast path of `is_acronym` answers as the character rule.
    #[test]
    fn acronyms_by_bytes_and_by_characters_agree() {
        fn by_chars(s: &str) -> bool {
            let caps = s.chars().filter(|c| c.is_uppercase()).count();
            (2..=12).contains(&s.chars().count())
                && caps >= 2
                && !s.contains(' ')
                && s.chars().all(|c| c.is_alphanumeric() || "-–/'’".contains(c))
        }
        let parts = ["I", "S", "K", "P", "k", "-", "/", "'", " ", "1", ".", "–", "’", "Ü", "ABCDEFGHIJ", "x"];
        let mut seed = 0x9e37_79b9_u64;
        for _ in 0..20_000 {
            let mut w = String::new();
            for _ in 0..(seed % 7) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                w.push_str(parts[usize::try_from(seed % parts.len() as u64).unwrap_or(0)]);
            }
            seed = seed.wrapping_add(0x632b_e59b);
            assert_eq!(is_acronym(&w), by_chars(&w), "{w:?}");
        }
        for w in ["ISKP", "ISIS–K", "JUI-F", "HGB/IMP", "TSKP", "IS", "I", "Kabul", "U.S.", "ISIS-K's"] {
            assert_eq!(is_acronym(w), by_chars(w), "{w:?}");
        }
    }

    /// Every occurrence of a name, overlapping ones too, as a check of
    /// every character boundary finds them.
    #[test]
    fn occurrences_are_every_start() {
        let texts = ["aaaa", "abab abab", "ISKP–ISKP ISKP’s", "", "xyz", "ééé é"];
        let names = ["a", "aa", "aba", "ISKP", "’", "é", "éé", "xyz", "zz"];
        for text in texts {
            for name in names {
                let every: Vec<usize> =
                    text.char_indices().map(|(i, _)| i).filter(|&i| text[i..].starts_with(name)).collect();
                assert_eq!(occurrences(text, name), every, "{name:?} in {text:?}");
            }
        }
        assert_eq!(occurrences("aaaa", "aa"), vec![0, 1, 2]);
    }

    /// Pseudo-random numbers below `n` (xorshift), the same on every run.
    fn xorshift(mut seed: u64) -> impl FnMut(u64) -> usize {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n).unwrap_or(0)
        }
    }

    /// The mentions' index by end finds, for every span, the first mention
    /// in list order that a scan of the list finds, spans pushed in and out
    /// of text order alike.
    #[test]
    fn mentions_by_end_find_like_a_scan() {
        let mut next = xorshift(0x9e37_79b9);
        for _ in 0..200 {
            let mut raw = Mentions::with_capacity(4);
            for i in 0..next(40) {
                // Mostly increasing starts, as a document's rules push them.
                let start = if next(4) == 0 { next(200) } else { i * 5 + next(5) };
                raw.push((Span::new(start, start + 1 + next(12)), i, next(2) == 0));
            }
            for _ in 0..60 {
                let start = next(220);
                let q = Span::new(start, start + 1 + next(12));
                assert_eq!(raw.first(q), raw.list.iter().find(|m| m.0 == q));
                let from = next(220);
                assert_eq!(
                    raw.first_ending(q.end, from),
                    raw.list.iter().find(|m| m.0.end == q.end && m.0.start >= from)
                );
            }
        }
    }

    /// The span index answers "does anything overlap?" as a scan of every
    /// span does, for spans of every length, empty ones included.
    #[test]
    fn span_index_overlaps_like_a_scan() {
        let mut next = xorshift(0x2545_f491);
        for _ in 0..200 {
            let mut index = SpanIndex::default();
            let mut spans = Vec::new();
            for _ in 0..next(30) {
                let start = next(200);
                let s = Span::new(start, start + next(25));
                index.insert(s);
                spans.push(s);
            }
            for _ in 0..50 {
                let start = next(220);
                let q = Span::new(start, start + next(25));
                let scan = spans.iter().any(|s| s.start < q.end && q.start < s.end);
                assert_eq!(index.overlaps(q), scan, "{q:?} in {spans:?}");
            }
        }
    }
}
