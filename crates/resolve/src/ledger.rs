//! The figure ledger: every source's value for one field, side by side.
//!
//! Event datasets keep one number per field, each by its own rule (ACLED the
//! most conservative, GTD the most recent credible source, UCDP a best
//! estimate between low and high) and drop the rest. A ledger keeps every
//! statement, groups those that agree (a date and a more precise date inside
//! it are one value, refined; overlapping ranges are one value), shows low
//! and high over all of them, and picks the displayed figure by a named
//! [`Policy`], saying why.

use std::fmt;

use dossier_model::PartialDate;

/// How the displayed figure is chosen among the sources' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// The lowest figure any source gives (ACLED's rule for fatalities).
    Conservative,
    /// The figure of the most recently dated statement (GTD's rule).
    Recent,
    /// The middle of the sources' figures; with an even count the lower of
    /// the two middle ones, so the figure is always one a source gives. The
    /// default: it uses every source and no single outlier moves it.
    #[default]
    Median,
}

impl Policy {
    /// The policy's name as the CLI spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Conservative => "conservative",
            Policy::Recent => "recent",
            Policy::Median => "median",
        }
    }

    /// Parses [`Policy::as_str`].
    pub fn parse(s: &str) -> Option<Policy> {
        [Policy::Conservative, Policy::Recent, Policy::Median].into_iter().find(|p| p.as_str() == s)
    }

    fn rule(self) -> &'static str {
        match self {
            Policy::Conservative => "the lowest figure any source gives",
            Policy::Recent => "the figure of the most recently dated statement",
            Policy::Median => "the middle figure of the sources (the lower one of two)",
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value as a statement gives it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case", untagged)]
pub enum Figure {
    /// A date at its precision.
    Date(PartialDate),
    /// A number or a range (`min == max` for one number; an open end for
    /// `at least`).
    Range {
        /// Lower bound.
        min: Option<u64>,
        /// Upper bound.
        max: Option<u64>,
    },
    /// A name, place or text, compared by its key.
    Label(String),
}

impl Figure {
    /// One exact number.
    pub fn number(n: u64) -> Figure {
        Figure::Range { min: Some(n), max: Some(n) }
    }

    /// `[lo, hi]` of a number or range (an open end is the other bound).
    fn interval(&self) -> Option<(u64, u64)> {
        match *self {
            Figure::Range { min, max } => {
                let lo = min.or(max)?;
                Some((lo, max.unwrap_or(lo).max(lo)))
            }
            _ => None,
        }
    }

    /// A number standing for the figure, to order figures: the middle of a
    /// range.
    fn point(&self) -> Option<u64> {
        self.interval().map(|(lo, hi)| lo + (hi - lo) / 2)
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Date(d) => write!(f, "{d}"),
            Figure::Range { min: Some(a), max: Some(b) } if a == b => write!(f, "{}", thousands(*a)),
            Figure::Range { min: Some(a), max: Some(b) } => write!(f, "{}–{}", thousands(*a), thousands(*b)),
            Figure::Range { min: Some(a), max: None } => write!(f, "at least {}", thousands(*a)),
            Figure::Range { min: None, max: Some(b) } => write!(f, "at most {}", thousands(*b)),
            Figure::Range { min: None, max: None } => f.write_str("unknown"),
            Figure::Label(s) => f.write_str(s),
        }
    }
}

/// `6000` → `6,000`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One source's statement of the value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Statement {
    /// Which source (sources are counted by it).
    pub source: u32,
    /// The date the statement is for, else its source's date: what
    /// [`Policy::Recent`] orders by.
    pub dated: Option<PartialDate>,
    /// The value.
    pub value: Figure,
}

/// One value of the ledger and the statements that give it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LedgerValue {
    /// The value, at the most precise form any of its statements gives.
    pub value: Figure,
    /// Indexes of the statements that give it or a less precise form of it.
    pub statements: Vec<usize>,
    /// Distinct sources among them.
    pub sources: usize,
    /// Statements that give it less precisely (`2015` for `2015-01-26`).
    pub refined: Vec<usize>,
}

impl LedgerValue {
    /// Only one source says it.
    pub fn uncorroborated(&self) -> bool {
        self.sources < 2
    }
}

/// What the statements amount to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Only one source states it.
    Uncorroborated,
    /// Several sources state the same value.
    Agreement,
    /// Several sources agree at different precision (`2015` and
    /// `26 January 2015`).
    Refinement,
    /// Sources give values that disagree beyond their precision.
    Conflict,
    /// Several values that do not exclude each other (a group has several
    /// leaders, allies, areas).
    Several,
}

/// The ledger of one field.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ledger {
    /// The values, most supported first.
    pub values: Vec<LedgerValue>,
    /// What they amount to.
    pub verdict: Verdict,
    /// Lowest figure (numbers and dates).
    pub low: Option<Figure>,
    /// Highest figure.
    pub high: Option<Figure>,
    /// The displayed figure under [`Ledger::policy`].
    pub best: Option<Figure>,
    /// The policy that chose it.
    pub policy: Policy,
    /// Why this figure, in words.
    pub why: String,
}

/// Builds the ledger of a single-valued field (founded, size, a count, a
/// toll): values that cannot both hold are a conflict.
pub fn ledger(statements: &[Statement], policy: Policy) -> Ledger {
    let values = group(statements);
    let sources = {
        let mut s: Vec<u32> = statements.iter().map(|s| s.source).collect();
        s.sort_unstable();
        s.dedup();
        s.len()
    };
    let verdict = if values.len() > 1 {
        Verdict::Conflict
    } else if sources < 2 {
        Verdict::Uncorroborated
    } else if values.iter().any(|v| !v.refined.is_empty()) {
        Verdict::Refinement
    } else {
        Verdict::Agreement
    };
    let (low, high, best, why) = choose(statements, &values, policy);
    Ledger { values, verdict, low, high, best, policy, why }
}

/// Builds the ledger of a multi-valued field (leaders, allies, areas): each
/// distinct value with its sources; several values are not a conflict.
pub fn set_ledger(statements: &[Statement]) -> Ledger {
    let values = group(statements);
    let verdict = match values.as_slice() {
        [only] if only.uncorroborated() => Verdict::Uncorroborated,
        [only] if !only.refined.is_empty() => Verdict::Refinement,
        [_] => Verdict::Agreement,
        _ => Verdict::Several,
    };
    Ledger { values, verdict, low: None, high: None, best: None, policy: Policy::default(), why: String::new() }
}

/// Groups statements into values: a date joins the most precise value it is
/// a prefix of; overlapping ranges join; labels join by key.
fn group(statements: &[Statement]) -> Vec<LedgerValue> {
    let mut order: Vec<usize> = (0..statements.len()).collect();
    // Most precise dates and narrowest ranges first, so that vaguer
    // statements join them rather than the other way round.
    order.sort_by(|&a, &b| {
        precision_rank(&statements[b].value).cmp(&precision_rank(&statements[a].value)).then(a.cmp(&b))
    });
    let mut values: Vec<LedgerValue> = Vec::new();
    for i in order {
        let v = &statements[i].value;
        match values.iter_mut().find(|g| agrees(&g.value, v)) {
            Some(g) => {
                g.statements.push(i);
                if is_vaguer(v, &g.value) {
                    g.refined.push(i);
                }
                if let (Some((glo, ghi)), Some((lo, hi))) = (g.value.interval(), v.interval()) {
                    // Overlapping ranges: the value is their union.
                    g.value = Figure::Range { min: Some(glo.min(lo)), max: Some(ghi.max(hi)) };
                }
            }
            None => values.push(LedgerValue { value: v.clone(), statements: vec![i], sources: 0, refined: Vec::new() }),
        }
    }
    for g in &mut values {
        g.statements.sort_unstable();
        g.refined.sort_unstable();
        let mut s: Vec<u32> = g.statements.iter().map(|&i| statements[i].source).collect();
        s.sort_unstable();
        s.dedup();
        g.sources = s.len();
    }
    values.sort_by(|a, b| b.sources.cmp(&a.sources).then(b.statements.len().cmp(&a.statements.len())));
    values
}

fn precision_rank(f: &Figure) -> (u8, u64) {
    match f {
        Figure::Date(d) => (d.precision() as u8, 0),
        Figure::Range { .. } => (0, u64::MAX - f.interval().map(|(lo, hi)| hi - lo).unwrap_or(u64::MAX - 1)),
        Figure::Label(_) => (0, 0),
    }
}

/// Whether two values can both be true of one field.
fn agrees(a: &Figure, b: &Figure) -> bool {
    match (a, b) {
        (Figure::Date(x), Figure::Date(y)) => date_prefix(x, y) || date_prefix(y, x),
        (Figure::Label(x), Figure::Label(y)) => crate::actors::name_key(x) == crate::actors::name_key(y),
        _ => match (a.interval(), b.interval()) {
            (Some((alo, ahi)), Some((blo, bhi))) => {
                // An open end (`at least 54`) reaches any higher figure.
                let ahi = if matches!(a, Figure::Range { max: None, .. }) { u64::MAX } else { ahi };
                let bhi = if matches!(b, Figure::Range { max: None, .. }) { u64::MAX } else { bhi };
                alo <= bhi && blo <= ahi
            }
            _ => false,
        },
    }
}

/// `outer` states `inner` less precisely (2015 ⊇ 2015-01-26).
fn date_prefix(outer: &PartialDate, inner: &PartialDate) -> bool {
    outer.year == inner.year
        && (outer.month.is_none() || outer.month == inner.month)
        && (outer.day.is_none() || outer.day == inner.day)
}

fn is_vaguer(v: &Figure, than: &Figure) -> bool {
    match (v, than) {
        (Figure::Date(a), Figure::Date(b)) => a.precision() < b.precision(),
        _ => false,
    }
}

/// Low, high, the displayed figure and why.
fn choose(
    statements: &[Statement],
    values: &[LedgerValue],
    policy: Policy,
) -> (Option<Figure>, Option<Figure>, Option<Figure>, String) {
    if statements.is_empty() {
        return (None, None, None, String::new());
    }
    let dates: Vec<PartialDate> =
        statements.iter().filter_map(|s| if let Figure::Date(d) = s.value { Some(d) } else { None }).collect();
    if !dates.is_empty() {
        // Dates: the value most sources support (most precise form); the
        // policy applies to numbers only.
        let best = values.first().map(|v| v.value.clone());
        let why = match values.first() {
            Some(v) if values.len() > 1 => format!(
                "{} sources give {}, {} other value(s) disagree: the value most sources support is shown",
                v.sources,
                v.value,
                values.len() - 1
            ),
            Some(v) => format!("{} source(s) give {}", v.sources, v.value),
            None => String::new(),
        };
        let low = dates.iter().min().copied().map(Figure::Date);
        let high = dates.iter().max().copied().map(Figure::Date);
        return (low, high, best, why);
    }
    let mut numeric: Vec<(u64, u64, usize)> =
        statements.iter().enumerate().filter_map(|(i, s)| s.value.interval().map(|(lo, hi)| (lo, hi, i))).collect();
    if numeric.is_empty() {
        return (None, None, values.first().map(|v| v.value.clone()), String::new());
    }
    let low = numeric.iter().map(|x| x.0).min().map(Figure::number);
    let high = numeric.iter().map(|x| x.1).max().map(Figure::number);
    let (best, why) = match policy {
        Policy::Conservative => {
            let i = numeric.iter().min_by_key(|x| (x.0, x.2)).map(|x| x.2).unwrap_or(0);
            (statements[i].value.clone(), format!("{}: {}", policy.rule(), statements[i].value))
        }
        Policy::Recent => {
            let i = (0..statements.len())
                .filter(|&i| statements[i].value.interval().is_some())
                .max_by(|&a, &b| statements[a].dated.cmp(&statements[b].dated).then(b.cmp(&a)))
                .unwrap_or(0);
            let when = statements[i].dated.map(|d| d.to_string()).unwrap_or_else(|| "undated".into());
            (statements[i].value.clone(), format!("{} ({when}): {}", policy.rule(), statements[i].value))
        }
        Policy::Median => {
            numeric.sort_by_key(|x| (statements[x.2].value.point(), x.2));
            let i = numeric[(numeric.len() - 1) / 2].2;
            (
                statements[i].value.clone(),
                format!("{} of {} figures: {}", policy.rule(), numeric.len(), statements[i].value),
            )
        }
    };
    (low, high, Some(best), why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(source: u32, d: &str) -> Statement {
        Statement { source, dated: None, value: Figure::Date(PartialDate::parse_iso(d).unwrap()) }
    }

    fn range(source: u32, min: u64, max: Option<u64>, dated: &str) -> Statement {
        Statement { source, dated: PartialDate::parse_iso(dated), value: Figure::Range { min: Some(min), max } }
    }

    #[test]
    fn a_year_and_a_day_in_it_are_a_refinement_another_year_a_conflict() {
        let l = ledger(&[date(0, "2015"), date(1, "2015-01-26")], Policy::Median);
        assert_eq!(l.verdict, Verdict::Refinement);
        assert_eq!(l.values.len(), 1);
        assert_eq!(l.values[0].value.to_string(), "2015-01-26");
        assert_eq!(l.values[0].refined, vec![0]);

        let l = ledger(&[date(0, "2015"), date(1, "2015-01-26"), date(2, "2014")], Policy::Median);
        assert_eq!(l.verdict, Verdict::Conflict);
        assert_eq!(l.best.unwrap().to_string(), "2015-01-26");
        assert_eq!((l.low.unwrap().to_string(), l.high.unwrap().to_string()), ("2014".into(), "2015-01-26".into()));
        assert_eq!(l.values[1].sources, 1);
        assert!(l.values[1].uncorroborated());
    }

    #[test]
    fn policies_pick_among_the_figures_and_say_why() {
        let s = [
            range(0, 2000, Some(2000), "2026-03"),
            range(0, 4000, Some(6000), "2026-03"),
            range(1, 4000, Some(6000), "2025-05"),
        ];
        let l = ledger(&s, Policy::Conservative);
        assert_eq!(l.verdict, Verdict::Conflict);
        assert_eq!(
            (l.low.clone().unwrap().to_string(), l.high.clone().unwrap().to_string()),
            ("2,000".into(), "6,000".into())
        );
        assert_eq!(l.best.unwrap().to_string(), "2,000");
        let l = ledger(&s, Policy::Median);
        assert_eq!(l.best.unwrap().to_string(), "4,000–6,000");
        assert!(l.why.contains("of 3 figures"), "{}", l.why);
        let l = ledger(&s[1..], Policy::Recent);
        assert_eq!(l.verdict, Verdict::Agreement);
        assert!(l.why.contains("2026-03"), "{}", l.why);
    }

    #[test]
    fn at_least_agrees_with_any_higher_figure() {
        let l = ledger(&[range(0, 54, None, ""), range(1, 63, Some(63), "")], Policy::Conservative);
        assert_eq!(l.verdict, Verdict::Agreement);
        assert_eq!(l.low.unwrap().to_string(), "54");
        assert_eq!(l.high.unwrap().to_string(), "63");
        assert_eq!(l.best.unwrap().to_string(), "at least 54");
        let single = ledger(&[range(0, 7, Some(7), "")], Policy::Median);
        assert_eq!(single.verdict, Verdict::Uncorroborated);
    }

    #[test]
    fn several_labels_are_not_a_conflict() {
        let l = |s: u32, v: &str| Statement { source: s, dated: None, value: Figure::Label(v.into()) };
        let led = set_ledger(&[l(0, "Afghanistan"), l(1, "afghanistan"), l(1, "Pakistan")]);
        assert_eq!(led.verdict, Verdict::Several);
        assert_eq!(led.values[0].sources, 2);
        assert!(led.values[1].uncorroborated());
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(6000), "6,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
