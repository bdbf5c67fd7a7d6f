//! Actor resolution across sources.
//!
//! Each source names its actors on its own (`ISIS–K` here, `ISKP` there);
//! extraction already ties a source's names to the reviewed lexicon where it
//! can. Here, doc-level actors are joined into one when they share the
//! lexicon id, or when they share a name (compared by [`name_key`]): so an
//! alias one source teaches (`Khorasan branch (ISKB)`) applies to every
//! source. Two rules keep it safe: a person is never joined with a group,
//! and two different lexicon actors are never joined through a shared name.

use std::collections::{BTreeMap, HashMap};

use dossier_model::ActorKind;

/// One actor as one source names it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocActor {
    /// Which source (any caller-chosen number; sources are counted by it).
    pub source: u32,
    /// Its kind.
    pub kind: ActorKind,
    /// The reviewed lexicon's id, when extraction matched one.
    pub lexicon_id: Option<String>,
    /// The name the source gives it (the lexicon's for known actors).
    pub name: String,
    /// Every form the source uses.
    pub aliases: Vec<String>,
}

/// An alias of a resolved actor and how many sources use it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Alias {
    /// The form as first seen.
    pub name: String,
    /// Distinct sources that use it.
    pub sources: usize,
}

/// One actor across all sources.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ResolvedActor {
    /// Stable key: the lexicon id (`iskp`), else a slug of the name.
    pub key: String,
    /// Its kind.
    pub kind: ActorKind,
    /// Display name: the lexicon's, else the name most sources use.
    pub name: String,
    /// The lexicon id, when it is a reviewed actor.
    pub lexicon_id: Option<String>,
    /// Every alias, most used first.
    pub aliases: Vec<Alias>,
    /// Distinct sources that name it.
    pub sources: usize,
}

/// The result: the actors, and for each input doc-actor the index of the
/// actor it joined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActorResolution {
    /// Resolved actors, sorted by key.
    pub actors: Vec<ResolvedActor>,
    /// `assignment[i]` is the actor of input `i`.
    pub assignment: Vec<usize>,
}

/// The comparison form of a name: lowercase, dashes, quotes and other
/// punctuation as spaces, a possessive `'s` and a leading `the` dropped
/// (`The Islamic State’s Pakistan Province` → `islamic state pakistan province`).
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '\'' | '’' | '`' | '´') {
            // `State’s` → `State`: a possessive is not part of a name.
            if chars.peek().is_some_and(|n| *n == 's' || *n == 'S') {
                let mut rest = chars.clone();
                rest.next();
                if rest.peek().is_none_or(|n| !n.is_alphanumeric()) {
                    chars.next();
                }
            }
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else {
            out.push(' ');
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// Joins doc-level actors into actors; see the module docs for the rules.
pub fn resolve_actors(input: &[DocActor]) -> ActorResolution {
    let n = input.len();
    let mut uf = UnionFind::new(input);
    // Same lexicon id: one actor.
    let mut by_lex: HashMap<&str, usize> = HashMap::new();
    for (i, a) in input.iter().enumerate() {
        if let Some(id) = a.lexicon_id.as_deref() {
            match by_lex.get(id) {
                Some(&j) => uf.union(i, j),
                None => {
                    by_lex.insert(id, i);
                }
            }
        }
    }
    // Shared names, in a fixed order so the result never depends on hashing.
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, a) in input.iter().enumerate() {
        for name in std::iter::once(&a.name).chain(&a.aliases) {
            let k = name_key(name);
            if !k.is_empty() {
                by_name.entry(k).or_default().push(i);
            }
        }
    }
    for members in by_name.values() {
        for w in members.windows(2) {
            uf.union(w[0], w[1]);
        }
    }

    // Collect the groups.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut actors: Vec<(ResolvedActor, Vec<usize>)> =
        groups.into_values().map(|members| (summarise(input, &members), members)).collect();
    actors.sort_by(|a, b| a.0.key.cmp(&b.0.key));
    // Slugs of unreviewed actors may collide: number them.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (a, _) in &mut actors {
        let count = seen.entry(a.key.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            a.key = format!("{}-{}", a.key, count);
        }
    }
    let mut assignment = vec![0; n];
    for (idx, (_, members)) in actors.iter().enumerate() {
        for &m in members {
            assignment[m] = idx;
        }
    }
    ActorResolution { actors: actors.into_iter().map(|(a, _)| a).collect(), assignment }
}

fn summarise(input: &[DocActor], members: &[usize]) -> ResolvedActor {
    let first = &input[members[0]];
    let lexicon_id = members.iter().find_map(|&m| input[m].lexicon_id.clone());
    let kind = lexicon_id
        .as_ref()
        .and_then(|_| members.iter().map(|&m| &input[m]).find(|a| a.lexicon_id.is_some()).map(|a| a.kind))
        .unwrap_or(first.kind);
    // Aliases by comparison key, each counted once per source.
    let mut aliases: BTreeMap<String, (String, Vec<u32>)> = BTreeMap::new();
    for &m in members {
        let a = &input[m];
        for name in std::iter::once(&a.name).chain(&a.aliases) {
            let e = aliases.entry(name_key(name)).or_insert_with(|| (name.clone(), Vec::new()));
            if !e.1.contains(&a.source) {
                e.1.push(a.source);
            }
        }
    }
    aliases.remove("");
    let mut sources: Vec<u32> = members.iter().map(|&m| input[m].source).collect();
    sources.sort_unstable();
    sources.dedup();
    let mut aliases: Vec<Alias> =
        aliases.into_values().map(|(name, s)| Alias { name, sources: s.len() }).collect::<Vec<_>>();
    aliases.sort_by(|a, b| b.sources.cmp(&a.sources).then_with(|| a.name.cmp(&b.name)));
    let name = match &lexicon_id {
        Some(_) => members.iter().map(|&m| &input[m]).find(|a| a.lexicon_id.is_some()).map(|a| a.name.clone()),
        None => aliases.iter().filter(|a| !is_abbreviation(&a.name)).map(|a| a.name.clone()).next(),
    }
    .unwrap_or_else(|| first.name.clone());
    let key = lexicon_id.clone().unwrap_or_else(|| slug(&name));
    ResolvedActor { key, kind, name, lexicon_id, aliases, sources: sources.len() }
}

fn is_abbreviation(name: &str) -> bool {
    !name.contains(' ') && name.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// `Sanaullah Ghafari` → `sanaullah-ghafari`; non-Latin names keep their
/// letters.
pub fn slug(name: &str) -> String {
    let k = name_key(name).replace(' ', "-");
    if k.is_empty() { "actor".to_string() } else { k }
}

/// Union-find that refuses joins the rules forbid: a person with a
/// non-person, or two different lexicon ids.
struct UnionFind {
    parent: Vec<usize>,
    person: Vec<bool>,
    lex: Vec<Option<String>>,
}

impl UnionFind {
    fn new(input: &[DocActor]) -> Self {
        UnionFind {
            parent: (0..input.len()).collect(),
            person: input.iter().map(|a| a.kind == ActorKind::Person).collect(),
            lex: input.iter().map(|a| a.lexicon_id.clone()).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb || self.person[ra] != self.person[rb] {
            return;
        }
        match (&self.lex[ra], &self.lex[rb]) {
            (Some(x), Some(y)) if x != y => return,
            _ => {}
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep;
        if self.lex[keep].is_none() {
            self.lex[keep] = self.lex[gone].take();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(source: u32, kind: ActorKind, lex: Option<&str>, name: &str, aliases: &[&str]) -> DocActor {
        DocActor {
            source,
            kind,
            lexicon_id: lex.map(str::to_string),
            name: name.to_string(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn keys_ignore_dashes_case_possessives_and_the() {
        assert_eq!(name_key("ISIS–K"), name_key("isis-k"));
        assert_eq!(name_key("The Islamic State’s Pakistan Province"), "islamic state pakistan province");
        assert_eq!(name_key("Da'esh"), "daesh");
        assert_eq!(name_key("the"), "the");
    }

    #[test]
    fn the_lexicon_and_learned_names_join_sources() {
        use ActorKind::*;
        let input = vec![
            actor(0, ArmedGroup, Some("iskp"), "Islamic State Khorasan Province", &["ISIS–K", "Khorasan branch"]),
            actor(1, ArmedGroup, Some("iskp"), "Islamic State Khorasan Province", &["ISKP"]),
            // Source 2 does not know the lexicon name but uses one a source taught.
            actor(2, ArmedGroup, None, "Khorasan branch", &["Khorasan branch"]),
            actor(2, Person, None, "Sanaullah Ghafari", &["Sanaullah Ghafari"]),
        ];
        let r = resolve_actors(&input);
        assert_eq!(r.actors.len(), 2);
        let iskp = &r.actors[r.assignment[0]];
        assert_eq!(iskp.key, "iskp");
        assert_eq!(iskp.sources, 3);
        assert_eq!(r.assignment[1], r.assignment[0]);
        assert_eq!(r.assignment[2], r.assignment[0]);
        assert_ne!(r.assignment[3], r.assignment[0]);
        assert_eq!(r.actors[r.assignment[3]].key, "sanaullah-ghafari");
    }

    #[test]
    fn a_person_never_joins_a_group_even_by_name() {
        use ActorKind::*;
        // A group named after its founder shares his name.
        let input = vec![
            actor(0, Person, None, "Hafiz Gul Bahadur", &["Hafiz Gul Bahadur"]),
            actor(1, ArmedGroup, Some("hgb"), "Hafiz Gul Bahadur Group", &["Hafiz Gul Bahadur"]),
        ];
        let r = resolve_actors(&input);
        assert_eq!(r.actors.len(), 2);
        assert_ne!(r.assignment[0], r.assignment[1]);
    }

    #[test]
    fn two_lexicon_actors_never_join_through_a_shared_name() {
        use ActorKind::*;
        let input = vec![
            actor(0, ArmedGroup, Some("ttp"), "Tehrik-i-Taliban Pakistan", &["Taliban"]),
            actor(1, ArmedGroup, Some("afghan-taliban"), "Afghan Taliban", &["Taliban"]),
            actor(2, ArmedGroup, None, "Taliban", &["Taliban"]),
        ];
        let r = resolve_actors(&input);
        assert_ne!(r.assignment[0], r.assignment[1]);
        assert_eq!(r.actors.len(), 2, "the unreviewed one joins the first, never both: {:?}", r.actors);
    }

    #[test]
    fn colliding_slugs_are_numbered() {
        use ActorKind::*;
        let input = vec![
            actor(0, Person, None, "Abu Omar", &["Abu Omar"]),
            actor(1, ArmedGroup, None, "Abu Omar", &["Abu Omar"]),
        ];
        let r = resolve_actors(&input);
        let keys: Vec<&str> = r.actors.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["abu-omar", "abu-omar-2"]);
    }
}
