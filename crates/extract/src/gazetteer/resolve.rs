//! Choosing one place per mention from the whole document.

use super::matcher::kind_hint;
use super::{Gazetteer, PlaceId, PlaceKind, PlaceMention, Resolved};

/// Why a candidate's kind ranks where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RankWhy<'t> {
    /// The default order: country > region > admin-1 > city > admin-2.
    Kind,
    /// A city named like the admin-1 unit it lies in (Kabul, Kerman,
    /// Islamabad): the city is meant unless the text says "province".
    CityOverProvince,
    /// The mention's last word or the next word names the kind
    /// (`Kerman province`, `Achin District`).
    Hint(&'t str),
}

/// The evidence for one candidate, compared field by field in this order
/// (the rules' order of weight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Features {
    /// Rule 1: a container is named right after ("Kerman, Iran"), or it
    /// contains the place named right before ("Savannah, Georgia").
    near: bool,
    /// Rule 2a: mentions elsewhere of an admin-1 or admin-2 unit that
    /// contains it ("Sindh" for Hyderabad, PK).
    admin_support: u32,
    /// Rule 2b: a city of a million or more, a hundred times larger than
    /// any namesake (Moscow is Russia's even when only the US is named), or
    /// the only country among the candidates (Georgia).
    prominent: bool,
    /// Rule 2c: mentions elsewhere of a country that contains it.
    country_support: u32,
    /// Rule 3: it lies in the document's dominant country.
    dominant: bool,
    /// Rule 4: kind rank.
    rank: u8,
    /// Rule 5: population.
    population: u64,
}

/// The rule that separated two candidates, strongest first.
#[derive(Debug, Clone, PartialEq)]
enum Decider<'t> {
    Near {
        container: PlaceId,
        surface: &'t str,
    },
    /// `admin`: the container is an admin-1 or admin-2 unit (rule 2a), not
    /// a country (rule 2c).
    Elsewhere {
        container: PlaceId,
        surface: &'t str,
        count: u32,
        admin: bool,
    },
    Contains {
        inner: PlaceId,
        surface: &'t str,
    },
    Prominent(PlaceKind),
    Dominant(&'t str),
    Kind(RankWhy<'t>, PlaceKind),
    Population,
    Tie,
}

impl Decider<'_> {
    fn order(&self) -> u8 {
        match self {
            Decider::Near { .. } | Decider::Contains { .. } => 0,
            Decider::Elsewhere { admin: true, .. } => 1,
            Decider::Prominent(_) => 2,
            Decider::Elsewhere { admin: false, .. } => 3,
            Decider::Dominant(_) => 4,
            Decider::Kind(..) => 5,
            Decider::Population => 6,
            Decider::Tie => 7,
        }
    }

    fn score(&self) -> f32 {
        match self {
            Decider::Near { .. } | Decider::Contains { .. } => 0.95,
            Decider::Elsewhere { .. } => 0.85,
            Decider::Prominent(_) | Decider::Kind(RankWhy::Hint(_), _) => 0.8,
            Decider::Dominant(_) => 0.75,
            Decider::Kind(RankWhy::CityOverProvince, _) => 0.7,
            Decider::Kind(RankWhy::Kind, _) => 0.6,
            Decider::Population => 0.5,
            Decider::Tie => 0.3,
        }
    }

    fn explain(&self, g: &Gazetteer) -> String {
        match self {
            Decider::Near { container, surface } => format!("{} named nearby ({surface})", kind_word(g, *container)),
            Decider::Elsewhere { container, surface, count, .. } => {
                let times = if *count > 1 { format!(" ×{count}") } else { String::new() };
                format!("{} named elsewhere ({surface}{times})", kind_word(g, *container))
            }
            Decider::Contains { inner, surface } => {
                format!("contains the {} named before it ({surface})", kind_word(g, *inner))
            }
            Decider::Prominent(PlaceKind::Country) => "a country's own name".into(),
            Decider::Prominent(_) => "far larger than its namesakes".into(),
            Decider::Dominant(code) => format!("document's dominant country {code}"),
            Decider::Kind(RankWhy::Hint(word), _) => format!("followed by '{word}'"),
            Decider::Kind(RankWhy::CityOverProvince, _) => "city preferred over its province of the same name".into(),
            Decider::Kind(RankWhy::Kind, kind) => format!("kind priority ({})", kind.as_str()),
            Decider::Population => "largest population".into(),
            Decider::Tie => "first in gazetteer order".into(),
        }
    }
}

fn kind_word(g: &Gazetteer, id: PlaceId) -> &'static str {
    match g.kind(id) {
        PlaceKind::Country => "country",
        PlaceKind::Admin1 => "admin-1",
        PlaceKind::Admin2 => "district",
        PlaceKind::City => "city",
        PlaceKind::Region => "region",
    }
}

/// Population from which a city that dwarfs its namesakes wins over
/// country-level context (rule 2b).
const PROMINENT_POPULATION: u64 = 1_000_000;

/// Words allowed between a place and its container: "Kerman, Iran",
/// "Bajaur area of Khyber Pakhtunkhwa", "Khar (Bajaur district)".
pub(super) const GAP_WORDS: &[&str] = &[
    ",",
    "(",
    "in",
    "of",
    "the",
    "a",
    "area",
    "areas",
    "district",
    "province",
    "region",
    "city",
    "town",
    "village",
    "agency",
    "tehsil",
    "county",
    "state",
    "capital",
    "near",
    "outskirts",
    "part",
    "parts",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northwest",
    "northeast",
    "southwest",
    "southeast",
    "-",
];

/// True when `gap` (the text between two mentions) reads as "X, Y" or
/// "X in/of Y".
///
/// The words are the gap's whitespace-separated words with `,` and `(`
/// standing apart, lowercased; read one by one, so that a long gap (the
/// text between two distant mentions) is given up at its seventh word or
/// first other word instead of being copied and lowercased whole. A gap
/// with a line break never reads so: it is searched for one only once its
/// words pass, as most gaps fail at their first words.
fn locative_gap(gap: &str) -> bool {
    let (mut words, mut locative) = (0usize, false);
    let mut at = 0;
    while let Some(piece) = next_piece(gap, &mut at) {
        let mut rest = piece;
        while !rest.is_empty() {
            // Bytes, not characters: both marks are ASCII.
            let cut = rest.bytes().position(|b| matches!(b, b',' | b'(')).unwrap_or(rest.len()).max(1);
            let cut = if rest.is_char_boundary(cut) { cut } else { rest.len() };
            let (word, after) = rest.split_at(cut);
            rest = after;
            words += 1;
            if words > 6 {
                return false;
            }
            let Some(locates) = gap_word(word) else { return false };
            locative |= locates;
        }
    }
    words > 0 && locative && !gap.contains('\n')
}

/// The next run of non-whitespace in `s` from byte `*at`, moving `*at`
/// past it: `s.split_whitespace()` one piece at a time, with ASCII bytes
/// tested as bytes (only other characters are decoded).
pub(super) fn next_piece<'s>(s: &'s str, at: &mut usize) -> Option<&'s str> {
    let space = |i: usize| -> (bool, usize) {
        match s.as_bytes().get(i) {
            Some(b) if b.is_ascii() => (matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '), 1),
            _ => s.get(i..).and_then(|r| r.chars().next()).map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        }
    };
    let mut i = *at;
    while i < s.len() {
        let (white, len) = space(i);
        if !white {
            break;
        }
        i += len;
    }
    let start = i;
    while i < s.len() {
        let (white, len) = space(i);
        if white {
            break;
        }
        i += len;
    }
    *at = i;
    s.get(start..i).filter(|p| !p.is_empty())
}

/// Whether `word` (any case) is one of [`GAP_WORDS`], and if so whether it
/// says where ("," "(" "in" "of").
///
/// An ASCII word is lowercased on the stack and matched against the list
/// written out (a test checks it against [`GAP_WORDS`]): every gap between
/// two mentions asks.
pub(super) fn gap_word(word: &str) -> Option<bool> {
    let locates = |g: &str| matches!(g, "," | "(" | "in" | "of");
    if !word.is_ascii() {
        let lower = word.to_lowercase();
        return GAP_WORDS.iter().copied().find(|g| *g == lower).map(locates);
    }
    // No gap word is longer than nine bytes.
    if word.len() > 9 {
        return None;
    }
    let mut buf = [0u8; 9];
    for (to, b) in buf.iter_mut().zip(word.bytes()) {
        *to = b.to_ascii_lowercase();
    }
    match buf.get(..word.len())? {
        b"," | b"(" | b"in" | b"of" => Some(true),
        b"the" | b"a" | b"area" | b"areas" | b"district" | b"province" | b"region" | b"city" | b"town" | b"village"
        | b"agency" | b"tehsil" | b"county" | b"state" | b"capital" | b"near" | b"outskirts" | b"part" | b"parts"
        | b"northern" | b"southern" | b"eastern" | b"western" | b"central" | b"north" | b"south" | b"east"
        | b"west" | b"northwest" | b"northeast" | b"southwest" | b"southeast" | b"-" => Some(false),
        _ => None,
    }
}

/// The context place that vouches most for a candidate: (place, surface,
/// mentions).
type Backer<'t> = (PlaceId, &'t str, u32);

/// What `choose` needs to know about the document.
#[derive(Clone, Copy)]
struct Doc<'a> {
    text: &'a str,
    mentions: &'a [PlaceMention],
    /// Each mention's valid candidates.
    cands: &'a [&'a [PlaceId]],
    /// The mention right after each one, when the gap reads "X, Y".
    next: &'a [Option<usize>],
    /// The inverse of `next`.
    prev: &'a [Option<usize>],
    dominant: Option<&'a str>,
    dominant_id: Option<PlaceId>,
}

/// The place chosen for a mention, and why (made text only for the final
/// pass: the first pass only needs the place).
struct Choice<'t> {
    place: PlaceId,
    score: f32,
    why: Why<'t>,
}

/// Why a place was chosen.
enum Why<'t> {
    /// It was the only candidate.
    Only,
    /// The rule that beat the runner-up, and a stronger one that ruled out
    /// other candidates.
    Rules { runner_up: Decider<'t>, stronger: Option<Decider<'t>> },
}

/// A context place and the mentions that name it.
struct Evidence<'t> {
    place: PlaceId,
    surface: &'t str,
    mentions: Vec<usize>,
}

impl Gazetteer {
    /// The rank of a candidate's kind among a mention's candidates, and why:
    /// country > region > admin-1 > city > admin-2 (a bare `Sahel` or
    /// `Kashmir` is the region more often than the province), except that a city named
    /// like its own admin-1 unit (Kabul, Kerman, Islamabad) ranks above that
    /// unit, and a kind the text names (`province`, `District`) ranks first.
    pub(super) fn kind_rank<'t>(
        &self,
        id: PlaceId,
        all: &[PlaceId],
        hint: Option<(PlaceKind, &'t str)>,
    ) -> (u8, RankWhy<'t>) {
        let kind = self.kind(id);
        if let Some((hinted, word)) = hint
            && hinted == kind
        {
            return (100, RankWhy::Hint(word));
        }
        if kind == PlaceKind::City && self.admin1(id).is_some_and(|a| all.contains(&a)) {
            return (45, RankWhy::CityOverProvince);
        }
        let rank = match kind {
            PlaceKind::Country => 60,
            PlaceKind::Region => 50,
            PlaceKind::Admin1 => 40,
            PlaceKind::City => 30,
            PlaceKind::Admin2 => 20,
        };
        (rank, RankWhy::Kind)
    }

    /// True when context place `e` speaks for candidate `c`: `e` contains
    /// it, or `c` is a region that overlaps `e` (Pakistan for Khorasan and
    /// for Kashmir).
    fn related(&self, e: PlaceId, c: PlaceId) -> bool {
        self.contains(e, c) || (self.kind(c) == PlaceKind::Region && self.overlaps(c, e))
    }

    /// Chooses one place for each mention with candidates, using the whole
    /// document (`mentions` should be all of its mentions). Candidates are
    /// compared rule by rule, the first difference deciding:
    ///
    /// 1. a country, admin-1 or district named right after it contains it
    ///    ("Kerman, Iran", "Bajaur area of Khyber Pakhtunkhwa"), or it
    ///    contains the place named right before ("Savannah, Georgia");
    /// 2. places named elsewhere in the document contain it (more mentions
    ///    weigh more), first from unambiguous mentions, then again from
    ///    every mention's first-pass choice, so that "Punjab" resolved to
    ///    Pakistan's helps its towns. In three steps: (a) admin-1 units and
    ///    districts, (b) a city of a million or more that is a hundred
    ///    times larger than its namesakes, or the only country among the
    ///    candidates, wins over (c) countries, so that a "Moscow" or a
    ///    "Georgia" in a text that names the US is not Idaho's or the
    ///    state;
    /// 3. it lies in the document's dominant country (the most named among
    ///    mentions whose candidates all share one country);
    /// 4. kind rank: country > region > admin-1 > city > admin-2, except
    ///    that a city named like its own admin-1 unit (Kabul, Kerman,
    ///    Islamabad) ranks above that unit unless the text says
    ///    "province", and a kind the text names (`Kerman province`, `Achin
    ///    District`) ranks first;
    /// 5. population.
    ///
    /// `why` names the rule that beat the runner-up, prefixed by a stronger
    /// rule when one ruled out other candidates ("country named elsewhere
    /// (Afghanistan); kind priority (city)"). Results are in the order of
    /// `mentions`; mentions without valid candidates are skipped.
    pub fn resolve(&self, text: &str, mentions: &[PlaceMention]) -> Vec<Resolved> {
        // Each mention's valid candidates, once each: as `find` gives them
        // (nearly always), borrowed; else a filtered copy.
        let valid = |p: &PlaceId| p.index() < self.places.len();
        let fixed: Vec<Option<Vec<PlaceId>>> = mentions
            .iter()
            .map(|m| {
                let c = &m.candidates;
                if c.iter().enumerate().all(|(k, p)| valid(p) && !c[..k].contains(p)) {
                    return None;
                }
                let mut out: Vec<PlaceId> = Vec::with_capacity(c.len());
                for p in c {
                    if valid(p) && !out.contains(p) {
                        out.push(*p);
                    }
                }
                Some(out)
            })
            .collect();
        let cands: Vec<&[PlaceId]> =
            mentions.iter().zip(&fixed).map(|(m, f)| f.as_deref().unwrap_or(&m.candidates)).collect();
        let surface = |i: usize| mentions.get(i).map_or("", |m| m.surface.as_str());

        // Rule 1: the mention right after, when the gap reads "X, Y".
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_key(|&i| (mentions[i].span.start, mentions[i].span.end));
        let mut next: Vec<Option<usize>> = vec![None; mentions.len()];
        let mut prev: Vec<Option<usize>> = vec![None; mentions.len()];
        for (k, &i) in order.iter().enumerate() {
            let end = mentions[i].span.end;
            let j = order.get(k + 1..).unwrap_or_default().iter().copied().find(|&j| mentions[j].span.start >= end);
            next[i] = j.filter(|&j| text.get(end..mentions[j].span.start).is_some_and(locative_gap));
            if let Some(j) = next[i] {
                prev[j] = Some(i);
            }
        }

        // Rule 3: the dominant country.
        // A document names a few countries: a list beats hashing.
        let mut counts: Vec<(&str, u32)> = Vec::new();
        for c in &cands {
            let Some(first) = c.first() else { continue };
            let code = self.country_code(*first);
            if !code.is_empty() && c.iter().all(|&p| self.country_code(p) == code) {
                match counts.iter_mut().find(|(k, _)| *k == code) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((code, 1)),
                }
            }
        }
        let max = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
        let mut top = counts.iter().filter(|(_, n)| *n == max).map(|(code, _)| *code);
        let dominant = match (top.next(), top.next()) {
            (Some(code), None) => Some(code),
            _ => None,
        };
        let dominant_id = dominant.and_then(|code| self.by_key(&format!("iso:{code}")));
        let doc = Doc { text, mentions, cands: &cands, next: &next, prev: &prev, dominant, dominant_id };

        // Regions are too wide to vouch for anything ("South Asia" would
        // pick a Delhi district called South East).
        let context =
            |place: PlaceId| matches!(self.kind(place), PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Admin2);
        // Pass 1: evidence from unambiguous mentions.
        let first: Vec<(usize, PlaceId)> = cands
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match *c {
                [only] if context(*only) => Some((i, *only)),
                _ => None,
            })
            .collect();
        let evidence = group(&first, &surface);
        let kinds = candidate_kinds(&evidence, &doc);
        let pass1: Vec<Option<Choice<'_>>> =
            (0..mentions.len()).map(|i| self.choose(&doc, i, &evidence, &kinds)).collect();
        // Pass 2: evidence from every first-pass choice.
        let chosen: Vec<(usize, PlaceId)> = pass1
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().map(|r| (i, r.place)))
            .filter(|&(_, p)| context(p))
            .collect();
        let evidence = group(&chosen, &surface);
        let kinds = candidate_kinds(&evidence, &doc);
        (0..mentions.len())
            .filter_map(|i| {
                let Choice { place, score, why } = self.choose(&doc, i, &evidence, &kinds)?;
                Some(Resolved { span: mentions[i].span, place, score, why: self.explain(&why) })
            })
            .collect()
    }

    /// The text of a choice's [`Why`].
    fn explain(&self, why: &Why<'_>) -> String {
        match why {
            Why::Only => "only candidate".into(),
            Why::Rules { runner_up, stronger: None } => runner_up.explain(self),
            Why::Rules { runner_up, stronger: Some(s) } => format!("{}; {}", s.explain(self), runner_up.explain(self)),
        }
    }

    /// Picks the best candidate of mention `i`.
    fn choose<'a>(
        &self,
        doc: &Doc<'a>,
        i: usize,
        evidence: &[Evidence<'a>],
        kinds: &[Vec<(&[PlaceId], u32)>],
    ) -> Option<Choice<'a>> {
        let Doc { text, mentions, cands, dominant, dominant_id, .. } = *doc;
        let own: &[PlaceId] = cands.get(i)?;
        let mention = mentions.get(i)?;
        match own {
            [] => return None,
            [only] => return Some(Choice { place: *only, score: 1.0, why: Why::Only }),
            _ => {}
        }
        let hint = kind_hint(text, mention.span.start, mention.span.end);
        let next = doc.next.get(i).copied().flatten();
        let prev = doc.prev.get(i).copied().flatten();
        let after: &[PlaceId] = next.and_then(|j| cands.get(j)).copied().unwrap_or_default();
        let after_surface = next.and_then(|j| mentions.get(j)).map_or("", |m| m.surface.as_str());
        let before: &[PlaceId] = prev.and_then(|j| cands.get(j)).copied().unwrap_or_default();
        let before_surface = prev.and_then(|j| mentions.get(j)).map_or("", |m| m.surface.as_str());
        // Evidence from mentions that share no candidate with this one (the
        // other "Kabul"s do not vouch for Kabul).
        // Counted per distinct candidate list (see `candidate_kinds`); `i`
        // itself never counts, as it shares all its (two or more)
        // candidates with itself.
        let usable: Vec<(&Evidence<'_>, u32)> = evidence
            .iter()
            .zip(kinds)
            .map(|(e, lists)| {
                let n: u32 = lists.iter().filter(|(c, _)| !c.iter().any(|p| own.contains(p))).map(|(_, n)| n).sum();
                (e, n)
            })
            .filter(|(_, n)| *n > 0)
            .collect();

        struct Scored<'t> {
            id: PlaceId,
            f: Features,
            near: Option<(PlaceId, bool)>,
            admin_best: Option<Backer<'t>>,
            country_best: Option<Backer<'t>>,
            rank_why: RankWhy<'t>,
        }
        // The largest city population among the candidates, and the next.
        let mut city_pops: Vec<u64> = own
            .iter()
            .filter(|&&c| self.kind(c) == PlaceKind::City)
            .map(|&c| self.population(c).unwrap_or(0))
            .collect();
        city_pops.sort_unstable_by(|a, b| b.cmp(a));
        let countries = own.iter().filter(|&&c| self.kind(c) == PlaceKind::Country).count();
        let prominent_pop = match city_pops.as_slice() {
            [first, second, ..] if *first >= PROMINENT_POPULATION && *first >= second.saturating_mul(100) => {
                Some(*first)
            }
            _ => None,
        };
        let mut scored: Vec<Scored<'_>> = own
            .iter()
            .map(|&c| {
                // "X, Y": Y contains this X (or restates it: "Washington,
                // D.C."), or this Y contains the X before.
                let near = after
                    .iter()
                    .copied()
                    .find(|&y| y == c || (self.kind(y) != PlaceKind::City && self.contains(y, c)))
                    .map(|y| (y, false))
                    .or_else(|| before.iter().copied().find(|&x| self.contains(c, x)).map(|x| (x, true)));
                let (mut admin_support, mut country_support) = (0, 0);
                let (mut admin_best, mut country_best): (Option<Backer<'_>>, Option<Backer<'_>>) = (None, None);
                for (e, n) in &usable {
                    if !self.related(e.place, c) {
                        continue;
                    }
                    let (total, best) = if self.kind(e.place) == PlaceKind::Country {
                        (&mut country_support, &mut country_best)
                    } else {
                        (&mut admin_support, &mut admin_best)
                    };
                    *total += n;
                    if best.is_none_or(|b| *n > b.2) {
                        *best = Some((e.place, e.surface, *n));
                    }
                }
                let (kind, population) = (self.kind(c), self.population(c));
                let prominent = (kind == PlaceKind::City && prominent_pop.is_some_and(|p| population == Some(p)))
                    || (kind == PlaceKind::Country && countries == 1);
                let in_dominant = dominant.is_some_and(|d| self.country_code(c) == d)
                    || (kind == PlaceKind::Region && dominant_id.is_some_and(|d| self.overlaps(c, d)));
                let (rank, rank_why) = self.kind_rank(c, own, hint);
                Scored {
                    id: c,
                    f: Features {
                        near: near.is_some(),
                        admin_support,
                        prominent,
                        country_support,
                        dominant: in_dominant,
                        rank,
                        population: population.unwrap_or(0),
                    },
                    near,
                    admin_best,
                    country_best,
                    rank_why,
                }
            })
            .collect();
        // Best first; ties keep the prior order `find` gave.
        scored.sort_by_key(|s| std::cmp::Reverse(s.f));
        let (winner, losers) = scored.split_first()?;
        let decide = |l: &Scored<'_>| -> Decider<'_> {
            let (w, lf) = (&winner.f, &l.f);
            if w.near != lf.near {
                match winner.near {
                    Some((x, true)) => Decider::Contains { inner: x, surface: before_surface },
                    Some((y, false)) => Decider::Near { container: y, surface: after_surface },
                    None => Decider::Tie,
                }
            } else if w.admin_support != lf.admin_support {
                let (container, surface, count) = winner.admin_best.unwrap_or((winner.id, "", 0));
                Decider::Elsewhere { container, surface, count, admin: true }
            } else if w.prominent != lf.prominent {
                Decider::Prominent(self.kind(winner.id))
            } else if w.country_support != lf.country_support {
                let (container, surface, count) = winner.country_best.unwrap_or((winner.id, "", 0));
                Decider::Elsewhere { container, surface, count, admin: false }
            } else if w.dominant != lf.dominant {
                Decider::Dominant(dominant.unwrap_or(""))
            } else if w.rank != lf.rank {
                Decider::Kind(winner.rank_why, self.kind(winner.id))
            } else if w.population != lf.population {
                Decider::Population
            } else {
                Decider::Tie
            }
        };
        let runner_up = losers.first().map(decide).unwrap_or(Decider::Tie);
        let strongest = losers.iter().map(decide).min_by_key(Decider::order).unwrap_or(Decider::Tie);
        let score = runner_up.score();
        let stronger = (strongest.order() < runner_up.order()).then_some(strongest);
        Some(Choice { place: winner.id, score, why: Why::Rules { runner_up, stronger } })
    }
}

/// Groups context mentions by place.
/// Per evidence group, its mentions' candidate lists, each distinct list
/// once with how many mentions have it: a mention is weighed against a
/// group by the lists it shares nothing with, and a long document repeats
/// the same few names (weighing it against every mention of the group made
/// resolution quadratic).
fn candidate_kinds<'c>(evidence: &[Evidence<'_>], doc: &'c Doc<'_>) -> Vec<Vec<(&'c [PlaceId], u32)>> {
    evidence
        .iter()
        .map(|e| {
            let mut lists: Vec<(&'c [PlaceId], u32)> = Vec::new();
            let mut index: rustc_hash::FxHashMap<&'c [PlaceId], usize> = rustc_hash::FxHashMap::default();
            for &j in &e.mentions {
                let c: &[PlaceId] = doc.cands.get(j).copied().unwrap_or_default();
                match index.get(c) {
                    Some(&k) => lists[k].1 += 1,
                    None => {
                        index.insert(c, lists.len());
                        lists.push((c, 1));
                    }
                }
            }
            lists
        })
        .collect()
}

fn group<'t>(pairs: &[(usize, PlaceId)], surface: &impl Fn(usize) -> &'t str) -> Vec<Evidence<'t>> {
    let mut out: Vec<Evidence<'t>> = Vec::new();
    for &(i, place) in pairs {
        match out.iter_mut().find(|e| e.place == place) {
            Some(e) => e.mentions.push(i),
            None => out.push(Evidence { place, surface: surface(i), mentions: vec![i] }),
        }
    }
    out
}
