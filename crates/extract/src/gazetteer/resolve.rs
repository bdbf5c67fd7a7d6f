//! Choosing one place per mention from the whole document.

use dossier_model::Span;

use super::matcher::kind_hint;
use super::{Gazetteer, PlaceId, PlaceKind, PlaceMention, Resolved};

/// Why a candidate's kind ranks where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RankWhy {
    /// The default order: country > region > admin-1 > city > admin-2.
    Kind,
    /// A city named like the admin-1 unit it lies in (Kabul, Kerman,
    /// Islamabad): the city is meant unless the text says "province".
    CityOverProvince,
    /// The mention's last word or the next word names the kind
    /// (`Kerman province`, `Achin District`): where that word is.
    Hint(Span),
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

/// The rule that separated two candidates, strongest first. Surfaces are
/// the spans of the mentions that name them, so that a decision is plain
/// data until `--explain` asks for its words (see [`Why::text`]).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Decider {
    Near {
        container: PlaceId,
        surface: Span,
    },
    /// `admin`: the container is an admin-1 or admin-2 unit (rule 2a), not
    /// a country (rule 2c).
    Elsewhere {
        container: PlaceId,
        surface: Span,
        count: u32,
        admin: bool,
    },
    Contains {
        inner: PlaceId,
        surface: Span,
    },
    Prominent(PlaceKind),
    /// A place of the dominant country, whose code is the country's.
    Dominant(Option<PlaceId>),
    Kind(RankWhy, PlaceKind),
    Population,
    Tie,
}

impl Decider {
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

    /// The rule in words; `text` is the text the mentions are spans of.
    fn explain(&self, g: &Gazetteer, text: &str) -> String {
        let words = |span: &Span| text.get(span.start..span.end).unwrap_or_default();
        match self {
            Decider::Near { container, surface } => {
                format!("{} named nearby ({})", kind_word(g, *container), words(surface))
            }
            Decider::Elsewhere { container, surface, count, .. } => {
                let times = if *count > 1 { format!(" ×{count}") } else { String::new() };
                format!("{} named elsewhere ({}{times})", kind_word(g, *container), words(surface))
            }
            Decider::Contains { inner, surface } => {
                format!("contains the {} named before it ({})", kind_word(g, *inner), words(surface))
            }
            Decider::Prominent(PlaceKind::Country) => "a country's own name".into(),
            Decider::Prominent(_) => "far larger than its namesakes".into(),
            Decider::Dominant(place) => {
                format!("document's dominant country {}", place.map_or("", |p| g.country_code(p)))
            }
            Decider::Kind(RankWhy::Hint(word), _) => format!("followed by '{}'", words(word)),
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
type Backer = (PlaceId, Span, u32);

/// What `choose` needs to know about the document.
#[derive(Clone, Copy)]
struct Doc<'a> {
    mentions: &'a [PlaceMention],
    /// Each mention's valid candidates.
    cands: &'a [&'a [PlaceId]],
    /// Each mention's neighbours and kind hint.
    links: &'a [Links],
    /// The distinct candidate lists (see `list_ids`), and each mention's.
    lists: &'a [&'a [PlaceId]],
    list_of: &'a [u32],
    dominant: Option<&'a str>,
    dominant_id: Option<PlaceId>,
    /// A place of the dominant country, for `--explain` to name it.
    dominant_place: Option<PlaceId>,
}

/// A mention's neighbours for rule 1 and the kind its words name.
#[derive(Clone, Copy, Default)]
struct Links {
    /// The mention right after, when the gap reads "X, Y".
    next: Option<usize>,
    /// The mention whose `next` this one is.
    prev: Option<usize>,
    /// `kind_hint`, for mentions with two or more candidates (the only
    /// ones whose candidates are ranked).
    hint: Option<(PlaceKind, Span)>,
}

/// The place chosen for a mention, and why.
struct Choice {
    place: PlaceId,
    score: f32,
    why: Why,
}

/// Why a mention was resolved to its place, kept as data (places and
/// spans of the text) and worded only when asked (see [`Why::text`]):
/// `--explain` is the only reader, and most runs never ask.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Why(WhyKind);

#[derive(Debug, Clone, Copy, PartialEq)]
enum WhyKind {
    /// It was the only candidate.
    Only,
    /// The rule that beat the runner-up, and a stronger one that ruled out
    /// other candidates.
    Rules { runner_up: Decider, stronger: Option<Decider> },
}

impl Why {
    /// Which rule decided, in words: "only candidate", "country named
    /// nearby (Iran)", "document's dominant country PK", "largest
    /// population". `text` is the text the place was resolved in.
    pub fn text(&self, g: &Gazetteer, text: &str) -> String {
        match &self.0 {
            WhyKind::Only => "only candidate".into(),
            WhyKind::Rules { runner_up, stronger: None } => runner_up.explain(g, text),
            WhyKind::Rules { runner_up, stronger: Some(s) } => {
                format!("{}; {}", s.explain(g, text), runner_up.explain(g, text))
            }
        }
    }
}

/// A context place and, through `Groups::weights`, the mentions that name
/// it.
struct Evidence {
    place: PlaceId,
    /// Its first mention's span.
    surface: Span,
    /// Its range of `Groups::weights`.
    weights: std::ops::Range<usize>,
}

/// Context mentions grouped by place, first named first.
///
/// A mention is weighed against a group by the group's mentions whose
/// candidates it shares nothing with; a long document repeats the same few
/// names, so each group keeps each distinct candidate list (by its
/// `list_ids` number) once with how many mentions have it (weighing every
/// mention of the group made resolution quadratic).
#[derive(Default)]
struct Groups {
    evidence: Vec<Evidence>,
    /// (list, mentions) for each group in turn.
    weights: Vec<(u32, u32)>,
    /// Scratch: (group, list) per context mention, packed as
    /// `group << 32 | list` (so that sorting compares one number).
    keyed: Vec<u64>,
}

impl Groups {
    /// Regroups `pairs` (mention, place), in mention order.
    fn group(&mut self, pairs: &[(usize, PlaceId)], mentions: &[PlaceMention], list_of: &[u32]) {
        self.evidence.clear();
        self.keyed.clear();
        // At most one group and one weight per mention.
        self.keyed.reserve(pairs.len());
        self.weights.clear();
        self.weights.reserve(pairs.len());
        for &(i, place) in pairs {
            let g = match self.evidence.iter().position(|e| e.place == place) {
                Some(g) => g,
                None => {
                    let surface = mentions.get(i).map_or(Span::default(), |m| m.span);
                    self.evidence.push(Evidence { place, surface, weights: 0..0 });
                    self.evidence.len() - 1
                }
            };
            self.keyed.push((g as u64) << 32 | u64::from(list_of.get(i).copied().unwrap_or(u32::MAX)));
        }
        // Counted by sorting: each group's lists end up together.
        self.keyed.sort_unstable();
        for &key in &self.keyed {
            let (g, list) = ((key >> 32) as u32, key as u32);
            let Some(e) = self.evidence.get_mut(g as usize) else { continue };
            // The last weight is this group's, for the same list.
            let at = self.weights.len();
            match self.weights.last_mut() {
                Some((l, n)) if *l == list && e.weights.end == at => *n += 1,
                _ => {
                    if e.weights.is_empty() {
                        e.weights = at..at;
                    }
                    self.weights.push((list, 1));
                    e.weights.end = at + 1;
                }
            }
        }
    }
}

/// Buffers `choose` reuses from one mention to the next.
#[derive(Default)]
struct Scratch {
    /// (evidence group, mentions that count) for the mention at hand.
    usable: Vec<(usize, u32)>,
    scored: Vec<Scored>,
    /// Where each candidate list's supports start in `supports`, once
    /// worked out in this pass.
    support_of: Vec<Option<usize>>,
    supports: Vec<Support>,
}

impl Scratch {
    /// Forgets the supports: the evidence changed.
    fn new_pass(&mut self, lists: usize) {
        self.support_of.clear();
        self.support_of.resize(lists, None);
        self.supports.clear();
    }
}

/// A candidate's support from places named elsewhere (rule 2), which
/// depends only on the mention's candidate list and the evidence: worked
/// out once per list and pass, as a document names the same ambiguous
/// place again and again.
#[derive(Clone, Copy, Default)]
struct Support {
    admin: u32,
    country: u32,
    admin_best: Option<Backer>,
    country_best: Option<Backer>,
}

/// One candidate with its evidence.
struct Scored {
    id: PlaceId,
    f: Features,
    near: Option<(PlaceId, bool)>,
    admin_best: Option<Backer>,
    country_best: Option<Backer>,
    rank_why: RankWhy,
}

impl Gazetteer {
    /// The rank of a candidate's kind among a mention's candidates, and why:
    /// country > region > admin-1 > city > admin-2 (a bare `Sahel` or
    /// `Kashmir` is the region more often than the province), except that a city named
    /// like its own admin-1 unit (Kabul, Kerman, Islamabad) ranks above that
    /// unit, and a kind the text names (`province`, `District`) ranks first.
    pub(super) fn kind_rank(&self, id: PlaceId, all: &[PlaceId], hint: Option<(PlaceKind, Span)>) -> (u8, RankWhy) {
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

        // Rule 1: the mention right after, when the gap reads "X, Y".
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_key(|&i| (mentions[i].span.start, mentions[i].span.end));
        let mut links: Vec<Links> = vec![Links::default(); mentions.len()];
        for (k, &i) in order.iter().enumerate() {
            let end = mentions[i].span.end;
            let j = order.get(k + 1..).unwrap_or_default().iter().copied().find(|&j| mentions[j].span.start >= end);
            links[i].next = j.filter(|&j| text.get(end..mentions[j].span.start).is_some_and(locative_gap));
            if let Some(j) = links[i].next {
                links[j].prev = Some(i);
            }
        }
        // Rule 4's hint, once per mention that has candidates to rank.
        for ((l, m), c) in links.iter_mut().zip(mentions).zip(&cands) {
            if c.len() > 1 {
                l.hint = kind_hint(text, m.span.start, m.span.end);
            }
        }

        // Rule 3: the dominant country.
        // A document names a few countries: a list beats hashing.
        let mut counts: Vec<(&str, u32, PlaceId)> = Vec::new();
        for c in &cands {
            let Some(first) = c.first() else { continue };
            let code = self.country_code(*first);
            if !code.is_empty() && c.iter().all(|&p| self.country_code(p) == code) {
                match counts.iter_mut().find(|(k, _, _)| *k == code) {
                    Some((_, n, _)) => *n += 1,
                    None => counts.push((code, 1, *first)),
                }
            }
        }
        let max = counts.iter().map(|&(_, n, _)| n).max().unwrap_or(0);
        let mut top = counts.iter().filter(|(_, n, _)| *n == max).map(|&(code, _, place)| (code, place));
        let (dominant, dominant_place) = match (top.next(), top.next()) {
            (Some((code, place)), None) => (Some(code), Some(place)),
            _ => (None, None),
        };
        let dominant_id = dominant.and_then(|code| self.by_key_parts("iso:", code));
        let (list_of, lists) = list_ids(&cands);
        let doc = Doc {
            mentions,
            cands: &cands,
            links: &links,
            lists: &lists,
            list_of: &list_of,
            dominant,
            dominant_id,
            dominant_place,
        };

        // Regions are too wide to vouch for anything ("South Asia" would
        // pick a Delhi district called South East).
        let context =
            |place: PlaceId| matches!(self.kind(place), PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Admin2);
        let mut scratch = Scratch::default();
        let mut groups = Groups::default();
        // Pass 1: evidence from unambiguous mentions.
        let mut pairs: Vec<(usize, PlaceId)> = Vec::with_capacity(mentions.len());
        pairs.extend(cands.iter().enumerate().filter_map(|(i, c)| match *c {
            [only] if context(*only) => Some((i, *only)),
            _ => None,
        }));
        groups.group(&pairs, mentions, &list_of);
        scratch.new_pass(lists.len());
        // Pass 2: evidence from every first-pass choice.
        pairs.clear();
        for i in 0..mentions.len() {
            if let Some(c) = self.choose(&doc, i, &groups, &mut scratch)
                && context(c.place)
            {
                pairs.push((i, c.place));
            }
        }
        groups.group(&pairs, mentions, &list_of);
        scratch.new_pass(lists.len());
        let mut out = Vec::with_capacity(mentions.len());
        for (i, m) in mentions.iter().enumerate() {
            if let Some(Choice { place, score, why }) = self.choose(&doc, i, &groups, &mut scratch) {
                out.push(Resolved { span: m.span, place, score, why });
            }
        }
        out
    }

    /// Adds to `supports` each candidate's support in `own`'s order.
    fn support(
        &self,
        own: &[PlaceId],
        groups: &Groups,
        lists: &[&[PlaceId]],
        usable: &mut Vec<(usize, u32)>,
        supports: &mut Vec<Support>,
    ) {
        // Evidence from mentions that share no candidate with this one (the
        // other "Kabul"s do not vouch for Kabul).
        // Counted per distinct candidate list (see `Groups`); a mention
        // never counts for itself, as it shares all its (two or more)
        // candidates with itself.
        usable.clear();
        for (g, e) in groups.evidence.iter().enumerate() {
            let weights = groups.weights.get(e.weights.clone()).unwrap_or_default();
            let shares = |list: u32| lists.get(list as usize).is_some_and(|c| c.iter().any(|p| own.contains(p)));
            let n: u32 = weights.iter().filter(|&&(list, _)| !shares(list)).map(|&(_, n)| n).sum();
            if n > 0 {
                usable.push((g, n));
            }
        }
        for &c in own {
            let mut s = Support::default();
            for &(g, n) in usable.iter() {
                let Some(e) = groups.evidence.get(g) else { continue };
                if !self.related(e.place, c) {
                    continue;
                }
                let (total, best) = if self.kind(e.place) == PlaceKind::Country {
                    (&mut s.country, &mut s.country_best)
                } else {
                    (&mut s.admin, &mut s.admin_best)
                };
                *total += n;
                if best.is_none_or(|b| n > b.2) {
                    *best = Some((e.place, e.surface, n));
                }
            }
            supports.push(s);
        }
    }

    /// Picks the best candidate of mention `i`.
    fn choose(&self, doc: &Doc<'_>, i: usize, groups: &Groups, scratch: &mut Scratch) -> Option<Choice> {
        let Doc { mentions, cands, dominant, dominant_id, .. } = *doc;
        let own: &[PlaceId] = cands.get(i)?;
        match own {
            [] => return None,
            [only] => return Some(Choice { place: *only, score: 1.0, why: Why(WhyKind::Only) }),
            _ => {}
        }
        let links = doc.links.get(i).copied().unwrap_or_default();
        let hint = links.hint;
        let after: &[PlaceId] = links.next.and_then(|j| cands.get(j)).copied().unwrap_or_default();
        let after_surface = links.next.and_then(|j| mentions.get(j)).map_or(Span::default(), |m| m.span);
        let before: &[PlaceId] = links.prev.and_then(|j| cands.get(j)).copied().unwrap_or_default();
        let before_surface = links.prev.and_then(|j| mentions.get(j)).map_or(Span::default(), |m| m.span);
        // Rule 2's evidence, once per candidate list.
        let Scratch { usable, scored, support_of, supports } = scratch;
        let slot = doc.list_of.get(i).and_then(|&l| support_of.get_mut(l as usize));
        let from = match slot {
            Some(Some(from)) => *from,
            slot => {
                let from = supports.len();
                self.support(own, groups, doc.lists, usable, supports);
                if let Some(slot) = slot {
                    *slot = Some(from);
                }
                from
            }
        };
        let support = supports.get(from..from + own.len()).unwrap_or_default();

        // The largest city population among the candidates, and the next.
        let (mut largest, mut second): (Option<u64>, Option<u64>) = (None, None);
        for &c in own.iter().filter(|&&c| self.kind(c) == PlaceKind::City) {
            let pop = self.population(c).unwrap_or(0);
            if largest.is_none_or(|l| pop > l) {
                second = largest;
                largest = Some(pop);
            } else if second.is_none_or(|s| pop > s) {
                second = Some(pop);
            }
        }
        let countries = own.iter().filter(|&&c| self.kind(c) == PlaceKind::Country).count();
        let prominent_pop = match (largest, second) {
            (Some(first), Some(second)) if first >= PROMINENT_POPULATION && first >= second.saturating_mul(100) => {
                Some(first)
            }
            _ => None,
        };
        scored.clear();
        scored.extend(own.iter().zip(support).map(|(&c, &support)| {
            // "X, Y": Y contains this X (or restates it: "Washington,
            // D.C."), or this Y contains the X before.
            let near = after
                .iter()
                .copied()
                .find(|&y| y == c || (self.kind(y) != PlaceKind::City && self.contains(y, c)))
                .map(|y| (y, false))
                .or_else(|| before.iter().copied().find(|&x| self.contains(c, x)).map(|x| (x, true)));
            let Support { admin: admin_support, country: country_support, admin_best, country_best } = support;
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
        }));
        // Best first; ties keep the prior order `find` gave.
        scored.sort_by_key(|s| std::cmp::Reverse(s.f));
        let (winner, losers) = scored.split_first()?;
        let decide = |l: &Scored| -> Decider {
            let (w, lf) = (&winner.f, &l.f);
            if w.near != lf.near {
                match winner.near {
                    Some((x, true)) => Decider::Contains { inner: x, surface: before_surface },
                    Some((y, false)) => Decider::Near { container: y, surface: after_surface },
                    None => Decider::Tie,
                }
            } else if w.admin_support != lf.admin_support {
                let (container, surface, count) = winner.admin_best.unwrap_or((winner.id, Span::default(), 0));
                Decider::Elsewhere { container, surface, count, admin: true }
            } else if w.prominent != lf.prominent {
                Decider::Prominent(self.kind(winner.id))
            } else if w.country_support != lf.country_support {
                let (container, surface, count) = winner.country_best.unwrap_or((winner.id, Span::default(), 0));
                Decider::Elsewhere { container, surface, count, admin: false }
            } else if w.dominant != lf.dominant {
                Decider::Dominant(doc.dominant_place)
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
        Some(Choice { place: winner.id, score, why: Why(WhyKind::Rules { runner_up, stronger }) })
    }
}

/// Numbers each distinct candidate list: (each mention's list number, the
/// lists), so that evidence groups count mentions per list without
/// comparing lists again.
fn list_ids<'c>(cands: &[&'c [PlaceId]]) -> (Vec<u32>, Vec<&'c [PlaceId]>) {
    let mut lists: Vec<&'c [PlaceId]> = Vec::with_capacity(cands.len());
    let mut index: rustc_hash::FxHashMap<&'c [PlaceId], u32> = rustc_hash::FxHashMap::default();
    index.reserve(cands.len());
    let list_of = cands
        .iter()
        .map(|&c| {
            *index.entry(c).or_insert_with(|| {
                lists.push(c);
                (lists.len() - 1) as u32
            })
        })
        .collect();
    (list_of, lists)
}
