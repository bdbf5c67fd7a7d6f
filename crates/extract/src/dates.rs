//! Date expressions: "30 July 2023", "late 2019", "between 2019 and 2022",
//! "2015–present", "last year".
//!
//! A small hand tokenizer ([`lex`]) and a recursive-descent parser over its
//! tokens rather than regexes: every rule looks at a bounded number of
//! tokens, so a scan is linear in the text and cannot blow up. Values are
//! [`PartialDate`]s at the precision the text gives, and each span covers
//! only the date words ("August of 2016" in "in August of 2016"), so
//! callers can quote it.
//!
//! Rules worth knowing:
//! - A bare year is four ASCII digits 1900–2100 standing as a word: not part
//!   of `12019`, `2,019`, `S/2025/482`, `1990s`, not a reference number
//!   (`resolution 2001`, `page 2019`; a year in parentheses after one,
//!   `1267 (1999)`, still counts), and not a count (`killed 2000 people`:
//!   a counted noun follows and no "in"/"the"/"since"… precedes). Next to a
//!   month or day any year 1000–2100 is taken.
//! - Month names must be capitalised ("may" is a verb), abbreviations may
//!   take a period (`Jul. 30, 2023`, `12 Jan 2024`, `Sept`).
//! - A day that does not exist drops the day: `31 February 2023` gives
//!   `February 2023`; `February 31, 2023` and `2023-02-31` give nothing.
//! - Shared parts are inherited from the right: `April and May 2022` is two
//!   month dates, `30–31 July 2023` and `April–June 2022` are intervals.
//! - `early`/`mid`/`late`, `the beginning/middle/end of`, `first/second half
//!   of` set [`Part`]; on an interval it describes the start.
//! - Relative dates (`this year`, `last month`, `earlier this month`) are
//!   resolved against the document date and skipped without one.
//! - A word glued to a number usually makes it something else (`A10`), but a
//!   label of four or more letters ending in lower case before a day or year
//!   is a flattened infobox field (`Foundation26 January 2015`,
//!   `operation2015–present`) and is allowed.
//! - Not read: numeric `30/07/2023` (day/month order is ambiguous),
//!   `2019/2022`, decades, `pre-`/`post-2021`.

use std::fmt;

use dossier_model::{PartialDate, Span};

use lex::{Kind, Lexed};

/// What a date mention denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Temporal {
    /// A single day, month or year.
    Date(PartialDate),
    /// A period. `end: None` means open-ended ("since 2021",
    /// "2015–present").
    Interval {
        /// First day, month or year of the period.
        start: PartialDate,
        /// Last one, or `None` when the period is still running.
        end: Option<PartialDate>,
    },
}

impl Temporal {
    /// The date itself, or where the interval starts.
    pub fn start(&self) -> PartialDate {
        match *self {
            Temporal::Date(d) => d,
            Temporal::Interval { start, .. } => start,
        }
    }
}

/// ISO 8601, as the gold annotations write periods: `2019`, `2019/2022`,
/// `2019/..` for an open end.
impl fmt::Display for Temporal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Temporal::Date(d) => write!(f, "{d}"),
            Temporal::Interval { start, end: Some(end) } => write!(f, "{start}/{end}"),
            Temporal::Interval { start, end: None } => write!(f, "{start}/.."),
        }
    }
}

impl serde::Serialize for Temporal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Which part of a year or month the text narrows a date to ("early 2020",
/// "mid-2019", "towards the end of 2019"), kept apart from the value so the
/// date keeps the precision the text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// "early", "the beginning of", "the start of", "the first half of".
    Early,
    /// "mid-", "the middle of".
    Mid,
    /// "late", "the end of", "towards the end of", "the second half of".
    Late,
}

/// One date expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct DateMention {
    /// The date words, as byte offsets into the text.
    pub span: Span,
    /// What they denote.
    pub value: Temporal,
    /// The part of the period the text narrows to, if any (for an interval,
    /// of its start).
    pub part: Option<Part>,
    /// True when the value was resolved from the document date ("last
    /// year"), so it is only as good as that date.
    pub relative: bool,
}

/// The month a word names: full English names and their three-letter
/// abbreviations plus "Sept", any case, one trailing period allowed.
///
/// Case-insensitive so callers can decide; [`find_dates`] itself only takes
/// capitalised months, since "may" and "march" are also verbs.
pub fn parse_month(word: &str) -> Option<u8> {
    let w = word.strip_suffix('.').unwrap_or(word);
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    if let Some(k) = dossier_model::MONTH_NAMES.iter().position(|m| m.eq_ignore_ascii_case(w)) {
        return u8::try_from(k + 1).ok();
    }
    abbreviation(w)
}

/// Month of a three-letter (or "Sept") abbreviation.
fn abbreviation(w: &str) -> Option<u8> {
    ABBR.iter().find(|(a, _)| a.eq_ignore_ascii_case(w)).map(|&(_, m)| m)
}

/// The month abbreviations [`parse_month`] reads.
pub(crate) const ABBR: [(&str, u8); 12] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Every date expression in `text[within]`, in order and without overlaps;
/// where readings compete, the longest wins ("between 2019 and 2022" is one
/// interval, not two years).
///
/// `doc_date` resolves relative expressions ("this year"); without it they
/// are skipped rather than guessed. Returns nothing when `within` is not a
/// valid range of `text` on character boundaries.
pub fn find_dates(text: &str, within: Span, doc_date: Option<PartialDate>) -> Vec<DateMention> {
    let Some(lx) = Lexed::new(text, within) else { return Vec::new() };
    let refs = lx.ref_numbers();
    dates_in(&lx, &refs, doc_date, None)
}

/// The dates of an already lexed text, with its reference-number marks;
/// shared with the number finder so a passage is lexed once.
///
/// `narrative`, the last full date the text gave before this passage,
/// gives a day and month without a year its year when the document has no
/// date of its own ("On 16 January 2024 … On 18 January …").
pub(crate) fn dates_in(
    lx: &Lexed<'_>,
    refs: &[bool],
    doc_date: Option<PartialDate>,
    narrative: Option<PartialDate>,
) -> Vec<DateMention> {
    let parser = Parser { refs, lx, doc: doc_date, narrative };
    let mut out = Vec::new();
    let mut i = 0;
    // `mention_at` finds nothing at a token off the lexer's candidates
    // (see `Lexed::candidates`): go to the next candidate at once.
    let cands = lx.candidates();
    let mut c = 0;
    while i < lx.len() {
        while cands.get(c).is_some_and(|&k| k < i) {
            c += 1;
        }
        let Some(&k) = cands.get(c) else { break };
        i = k;
        match parser.mention_at(i) {
            Some((end, found)) => {
                found.add_to(&mut out);
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// The first token off [`Lexed::candidates`] at which the parser finds a
/// mention: `None` when [`dates_in`] may skip them all, as it does.
#[cfg(test)]
pub(crate) fn off_candidate_mention(lx: &Lexed<'_>, doc_date: Option<PartialDate>) -> Option<usize> {
    let refs = lx.ref_numbers();
    let parser = Parser { refs: &refs, lx, doc: doc_date, narrative: None };
    (0..lx.len()).find(|i| !lx.candidates().contains(i) && parser.mention_at(*i).is_some())
}

/// What a rule found at a token: one mention (by far the most common),
/// the several of a list, or none for a malformed date it swallows. Not a
/// `Vec`, so that a single mention costs no allocation.
enum Found {
    Nothing,
    One(DateMention),
    List(Vec<DateMention>),
}

impl Found {
    fn add_to(self, out: &mut Vec<DateMention>) {
        match self {
            Found::Nothing => {}
            Found::One(m) => out.push(m),
            Found::List(list) => out.extend(list),
        }
    }
}

/// How complete a parsed date is; partial ones only count where a
/// neighbour supplies what they lack ("April" in "April and May 2022").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Has a year.
    Full,
    /// "April".
    Month,
    /// "30 July".
    DayMonth,
    /// "July 30".
    MonthDay,
    /// "30" (only before a dash, "and", "to").
    Day,
}

/// A parsed date over tokens `start..end`.
#[derive(Debug, Clone, Copy)]
struct Point {
    start: usize,
    end: usize,
    year: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
    shape: Shape,
    part: Option<Part>,
    relative: bool,
    /// A year standing alone (may take a two-digit range end: "2019–20").
    bare_year: bool,
    /// Reads as a date but names no real day ("February 31, 2023"):
    /// swallowed without a mention.
    invalid: bool,
}

impl Point {
    fn new(start: usize, end: usize, shape: Shape) -> Self {
        Point {
            start,
            end,
            year: None,
            month: None,
            day: None,
            shape,
            part: None,
            relative: false,
            bare_year: false,
            invalid: false,
        }
    }

    fn complete(&self) -> bool {
        self.shape == Shape::Full && !self.invalid
    }

    /// The date, once the year (and for a day, the month) is known.
    fn date(&self) -> Option<PartialDate> {
        let year = self.year?;
        match (self.month, self.day) {
            (Some(m), Some(d)) => PartialDate::day(year, m, d),
            (Some(m), None) => PartialDate::month(year, m),
            (None, None) => Some(PartialDate::year(year)),
            (None, Some(_)) => None,
        }
    }
}

/// The weekdays [`Parser::weekday`] reads, as written.
pub(crate) const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// The units of a relative date ("last year", "this month").
pub(crate) const RELATIVE_UNITS: [&str; 2] = ["year", "month"];

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// The words a part prefix or a relative date starts with
/// ([`Parser::part_prefix`], [`Parser::relative`]).
const POINT_STARTS: &crate::tokens::Cues = crate::tokens::cues![
    "early",
    "mid",
    "late",
    "towards",
    "toward",
    "the",
    "end",
    "beginning",
    "start",
    "middle",
    "first",
    "second",
    "earlier",
    "later",
    "this",
    "current",
    "last",
    "next",
];

struct Parser<'a, 't> {
    lx: &'a Lexed<'t>,
    /// Number tokens that are reference numbers (`resolution 2253`).
    refs: &'a [bool],
    doc: Option<PartialDate>,
    /// The last full date of the text before (see [`dates_in`]).
    narrative: Option<PartialDate>,
}

/// The words that open a range ([`Parser::mention_at`]).
const OPENERS: &crate::tokens::Cues = crate::tokens::cues!["since", "between", "from"];
/// The words of `OPENERS` and `POINT_STARTS`, for one bit test.
pub(crate) const OPENING: crate::tokens::CueMask = OPENERS.mask().union(*POINT_STARTS.mask());

impl Parser<'_, '_> {
    /// The mention(s) starting at token `i` and the token after them; an
    /// empty list consumes a malformed date without reporting it.
    fn mention_at(&self, i: usize) -> Option<(usize, Found)> {
        match self.lx.kind(i)? {
            // Most words open nothing: no range, and no date (see
            // `date_first`, which needs a point or a day number). First
            // without a string comparison: the tests below fail for a word
            // off `OPENING` that names no month or weekday.
            Kind::Word if !self.lx.may_be_in(i, &OPENING) && self.lx.month(i).is_none() && !self.lx.is_weekday(i) => {
                return None;
            }
            Kind::Word if !self.lx.word_in(i, OPENERS) && !self.may_start_point(i) => return None,
            Kind::Word => {
                let found = if self.lx.is_word(i, "since") {
                    self.since(i)
                } else if self.lx.is_word(i, "between") {
                    self.between(i)
                } else if self.lx.is_word(i, "from") {
                    self.from(i)
                } else {
                    None
                };
                if found.is_some() {
                    return found;
                }
            }
            Kind::Num => {}
            _ => return None,
        }
        self.date_first(i)
    }

    fn mention(&self, start: usize, end: usize, value: Temporal, p: &Point) -> DateMention {
        DateMention { span: self.lx.span(start, end), value, part: p.part, relative: p.relative }
    }

    /// "since 2021", "since April 2022": open interval.
    fn since(&self, i: usize) -> Option<(usize, Found)> {
        let p = self.point(self.lx.after_space(i + 1)?, false)?;
        if !p.complete() {
            return None;
        }
        let value = Temporal::Interval { start: p.date()?, end: None };
        Some((p.end, Found::One(self.mention(i, p.end, value, &p))))
    }

    /// "between 2019 and 2022", "between 1 November 2024 and 21 April 2026".
    fn between(&self, i: usize) -> Option<(usize, Found)> {
        let p1 = self.point_or_day(self.lx.after_space(i + 1)?)?;
        let j = self.lx.after_space(p1.end)?;
        if !self.lx.is_word(j, "and") {
            return None;
        }
        let p2 = self.point(self.lx.after_space(j + 1)?, false)?;
        let (start, end) = self.resolve(&p1, &p2)?;
        let value = Temporal::Interval { start, end: Some(end) };
        let p = Point { relative: p1.relative || p2.relative, ..p1 };
        Some((p2.end, Found::One(self.mention(i, p2.end, value, &p))))
    }

    /// "from 2019 to 2022", "from 2015 until now", "from 2019 onwards".
    fn from(&self, i: usize) -> Option<(usize, Found)> {
        let p1 = self.point_or_day(self.lx.after_space(i + 1)?)?;
        let (end, value, relative) = self.range_tail(&p1).or_else(|| self.onwards(&p1))?;
        let p = Point { relative, ..p1 };
        Some((end, Found::One(self.mention(i, end, value, &p))))
    }

    /// Everything that starts with a date itself: a single date, a range
    /// ("2001–2021", "2015–present", "30–31 July 2023") or a list sharing
    /// its year ("April and May 2022").
    fn date_first(&self, i: usize) -> Option<(usize, Found)> {
        let p1 = self.point_or_day(i)?;
        if p1.invalid {
            return Some((p1.end, Found::Nothing));
        }
        if let Some((end, value, relative)) = self.range_tail(&p1).or_else(|| self.onwards(&p1)) {
            let p = Point { relative, ..p1 };
            return Some((end, Found::One(self.mention(p1.start, end, value, &p))));
        }
        if p1.bare_year && lx_glued_number(self.lx, p1.end) {
            // "2019-123": a code, not a year.
            return Some((p1.end + 2, Found::Nothing));
        }
        if p1.complete() {
            let value = Temporal::Date(p1.date()?);
            return Some((p1.end, Found::One(self.mention(p1.start, p1.end, value, &p1))));
        }
        self.list(p1)
    }

    /// "2019 onwards".
    fn onwards(&self, p1: &Point) -> Option<(usize, Temporal, bool)> {
        let w = self.lx.after_space(p1.end)?;
        if !(self.lx.is_word(w, "onwards") || self.lx.is_word(w, "onward")) || !p1.complete() {
            return None;
        }
        Some((w + 1, Temporal::Interval { start: p1.date()?, end: None }, p1.relative))
    }

    /// After a first date: a dash or "to"/"until"/"through" and a second
    /// date or "present". Returns the token after it, the interval and
    /// whether either end is relative.
    fn range_tail(&self, p1: &Point) -> Option<(usize, Temporal, bool)> {
        let lx = self.lx;
        let j = p1.end;
        let (k, dash) = if let Some(k) = lx.dash_after(j) {
            (k, true)
        } else {
            let w = lx.after_space(j)?;
            let linking = ["to", "until", "till", "through", "thru"];
            if !linking.iter().any(|l| lx.is_word(w, l)) {
                return None;
            }
            (lx.after_space(w + 1)?, false)
        };
        // "2015–present", "2015 to the present", "2015 to date".
        if let Some(end) = self.present(k, dash) {
            if !p1.complete() || p1.shape == Shape::Day {
                return None;
            }
            return Some((end, Temporal::Interval { start: p1.date()?, end: None }, p1.relative));
        }
        // "2019–20": a two-digit year after a dash, later than the start.
        if dash && p1.bare_year && lx.kind(k) == Some(Kind::Num) && lx.str(k).len() == 2 {
            let year = p1.year?;
            let yy = i32::try_from(lx.num(k)?).ok()?;
            let end_year = year - year.rem_euclid(100) + yy;
            if end_year > year && lx.free_right(k + 1) {
                let value =
                    Temporal::Interval { start: PartialDate::year(year), end: Some(PartialDate::year(end_year)) };
                return Some((k + 1, value, false));
            }
        }
        let p2 = match self.point(k, true) {
            Some(p2) => p2,
            // "July 30–31, 2023": the day range of a US-style date.
            None if p1.shape == Shape::MonthDay => self.day_year_tail(k, p1.month?)?,
            None => return None,
        };
        if p2.invalid {
            return None;
        }
        let (start, end) = self.resolve(p1, &p2)?;
        Some((p2.end, Temporal::Interval { start, end: Some(end) }, p1.relative || p2.relative))
    }

    /// "31, 2023" after "July 30–".
    fn day_year_tail(&self, k: usize, month: u8) -> Option<Point> {
        let (day, j) = self.day_at(k, true)?;
        let j = if self.lx.punct(j) == Some(',') { j + 1 } else { j };
        let (year, end) = self.year_at(self.lx.after_space(j)?, false, true)?;
        let mut p = Point::new(k, end, Shape::Full);
        (p.year, p.month, p.day) = (Some(year), Some(month), Some(day));
        Some(p)
    }

    /// "present" after a dash; also "the present", "date", "now", "today"
    /// after "to"/"until".
    fn present(&self, k: usize, dash: bool) -> Option<usize> {
        let lx = self.lx;
        if lx.is_word(k, "present") {
            return Some(k + 1);
        }
        if dash {
            return None;
        }
        if lx.is_word(k, "the") {
            let w = lx.after_space(k + 1)?;
            return lx.is_word(w, "present").then_some(w + 1);
        }
        ["date", "now", "today"].iter().any(|w| lx.is_word(k, w)).then_some(k + 1)
    }

    /// The two ends of an interval, each taking from the other what it
    /// lacks ("30–31 July 2023", "April–June 2022", "May 2022 to June").
    fn resolve(&self, p1: &Point, p2: &Point) -> Option<(PartialDate, PartialDate)> {
        let (mut a, mut b) = (*p1, *p2);
        let mut inherited = false;
        if !a.complete() && b.complete() {
            if a.shape == Shape::Day {
                b.day?;
                a.month = b.month;
            }
            a.year = b.year;
            inherited = true;
        } else if a.complete() && !b.complete() {
            // Only after a month or day: "2019 to May" is too loose.
            a.month?;
            if b.shape == Shape::Day {
                a.day?;
                b.month = a.month;
            }
            b.year = a.year;
        } else if !(a.complete() && b.complete()) {
            return None;
        }
        let end = b.date()?;
        let mut start = a.date()?;
        if start > end && inherited && a.month.is_some() && a.shape != Shape::Day {
            // "November–February 2020" runs across the new year.
            a.year = a.year.map(|y| y - 1);
            start = a.date()?;
        }
        (start <= end).then_some((start, end))
    }

    /// Months, days or day-months in a list closed by a complete date that
    /// gives them their year: "April and May 2022", "30 and 31 July 2023".
    fn list(&self, first: Point) -> Option<(usize, Found)> {
        let lx = self.lx;
        // Bounded so that a long run of month names stays linear; on the
        // stack, as most lists end at their first item.
        let mut items = [first; 13];
        let mut len = 1;
        let mut j = first.end;
        while len < items.len() {
            let after_comma = if lx.punct(j) == Some(',') { j + 1 } else { j };
            let w = lx.after_space(after_comma);
            let conj = |&w: &usize| lx.is_word(w, "and") || lx.is_word(w, "or") || lx.punct(w) == Some('&');
            if let Some(w) = w.filter(conj) {
                let last = self.point(lx.after_space(w + 1)?, false)?;
                return self.close_list(&items[..len], &last);
            }
            if after_comma == j {
                return None;
            }
            let next = self.point_or_day(w?)?;
            if next.shape != first.shape {
                return None;
            }
            items[len] = next;
            len += 1;
            j = next.end;
        }
        None
    }

    fn close_list(&self, items: &[Point], last: &Point) -> Option<(usize, Found)> {
        if !last.complete() {
            return None;
        }
        let mut out = Vec::with_capacity(items.len() + 1);
        for item in items {
            let mut p = *item;
            match p.shape {
                Shape::Month => {
                    last.month?;
                }
                Shape::Day => {
                    last.day?;
                    p.month = last.month;
                }
                _ => {}
            }
            p.year = last.year;
            let value = Temporal::Date(p.date()?);
            out.push(self.mention(p.start, p.end, value, &p));
        }
        out.push(self.mention(last.start, last.end, Temporal::Date(last.date()?), last));
        Some((last.end, Found::List(out)))
    }

    /// A date, or a bare day number ("30" in "30–31 July 2023").
    fn point_or_day(&self, i: usize) -> Option<Point> {
        self.point(i, false).or_else(|| {
            let (day, end) = self.day_at(i, false)?;
            let mut p = Point::new(i, end, Shape::Day);
            p.day = Some(day);
            Some(p)
        })
    }

    /// A date with an optional part prefix, or a relative date.
    /// `lenient` skips the left-context check (the caller consumed a dash).
    fn point(&self, i: usize, lenient: bool) -> Option<Point> {
        if !self.may_start_point(i) {
            return None;
        }
        // Every part prefix starts with a word of `POINT_STARTS`: numbers,
        // most of the tokens here, skip its dozen word tests.
        if let Some((part, j, hyphen)) =
            self.lx.may_be_in(i, POINT_STARTS.mask()).then(|| self.part_prefix(i)).flatten()
        {
            let p = self.relative(j).or_else(|| self.atom(j, hyphen))?;
            if p.day.is_some() || p.invalid {
                return None;
            }
            return Some(Point { start: i, part: Some(part), ..p });
        }
        self.relative(i).or_else(|| self.atom(i, lenient))
    }

    /// Whether [`Parser::point`] can find anything at token `i`: a number,
    /// a month name (`Parser::month_at`), a weekday with a document date
    /// to count back from (`Parser::weekday`), or a word that begins a part
    /// prefix or a relative date. Most tokens are none, and the full tests
    /// compare each with some twenty words.
    fn may_start_point(&self, i: usize) -> bool {
        match self.lx.kind(i) {
            Some(Kind::Num) => true,
            Some(Kind::Word) => {
                self.lx.month(i).is_some()
                    || self.lx.word_in(i, POINT_STARTS)
                    || (self.doc.is_some() && self.lx.is_weekday(i))
            }
            _ => false,
        }
    }

    /// "late ", "mid-", "towards the end of ", "the first half of ":
    /// the part and where the date starts; the flag is set after a hyphen.
    fn part_prefix(&self, i: usize) -> Option<(Part, usize, bool)> {
        let lx = self.lx;
        for (w, part) in [("early", Part::Early), ("mid", Part::Mid), ("late", Part::Late)] {
            if lx.is_word(i, w) {
                if lx.punct(i + 1) == Some('-') {
                    return Some((part, i + 2, true));
                }
                return Some((part, lx.after_space(i + 1)?, false));
            }
        }
        let mut j = i;
        if lx.is_word(j, "towards") || lx.is_word(j, "toward") {
            j = lx.after_space(j + 1)?;
        }
        if lx.is_word(j, "the") {
            j = lx.after_space(j + 1)?;
        }
        let part = if lx.is_word(j, "end") {
            Part::Late
        } else if lx.is_word(j, "beginning") || lx.is_word(j, "start") {
            Part::Early
        } else if lx.is_word(j, "middle") {
            Part::Mid
        } else if lx.is_word(j, "first") || lx.is_word(j, "second") {
            let half = lx.after_space(j + 1)?;
            if !lx.is_word(half, "half") {
                return None;
            }
            let part = if lx.is_word(j, "first") { Part::Early } else { Part::Late };
            j = half;
            part
        } else {
            return None;
        };
        let of = lx.after_space(j + 1)?;
        if !lx.is_word(of, "of") {
            return None;
        }
        Some((part, lx.after_space(of + 1)?, false))
    }

    /// "this year", "last month", "earlier this month", "next year",
    /// resolved against the document date.
    fn relative(&self, i: usize) -> Option<Point> {
        let lx = self.lx;
        let doc = self.doc?;
        lx.kind(i).filter(|&k| k == Kind::Word)?;
        // "on Saturday" in a dispatch dated Sunday 5 May 2024: the last such
        // day on or before the document's date.
        if let Some(p) = self.weekday(i, doc) {
            return Some(p);
        }
        // "in the last year" is a duration, not last year.
        if lx.word_before(i).is_some_and(|p| lx.is_word(p, "the")) {
            return None;
        }
        let mut j = i;
        if lx.is_word(j, "earlier") || lx.is_word(j, "later") {
            j = lx.after_space(j + 1)?;
        }
        let shift: i32 = if lx.is_word(j, "this") || lx.is_word(j, "current") {
            0
        } else if lx.is_word(j, "last") {
            -1
        } else if lx.is_word(j, "next") {
            1
        } else {
            return None;
        };
        let unit = lx.after_space(j + 1)?;
        let mut p = Point::new(i, unit + 1, Shape::Full);
        p.relative = true;
        let [year, month] = RELATIVE_UNITS;
        if lx.is_word(unit, year) {
            p.year = Some(doc.year.checked_add(shift)?);
        } else if lx.is_word(unit, month) {
            let m = i32::from(doc.month?) - 1 + shift;
            p.year = Some(doc.year.checked_add(m.div_euclid(12))?);
            p.month = u8::try_from(m.rem_euclid(12) + 1).ok();
        } else {
            return None;
        }
        Some(p)
    }

    /// A weekday after "on" ("on Saturday"), dated from a day-precision
    /// document date.
    fn weekday(&self, i: usize, doc: PartialDate) -> Option<Point> {
        let lx = self.lx;
        let target = WEEKDAYS.iter().position(|d| lx.str(i) == *d)?;
        if !lx.word_before(i).is_some_and(|p| lx.is_word(p, "on")) {
            return None;
        }
        let (month, day) = (doc.month?, doc.day?);
        let doc_days = days_from_civil(doc.year, month, day);
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let doc_weekday = (doc_days + 3).rem_euclid(7) as usize;
        let back = (doc_weekday + 7 - target) % 7;
        let (y, m, d) = civil_from_days(doc_days - back as i64);
        let mut p = Point::new(i, i + 1, Shape::Full);
        (p.year, p.month, p.day) = (Some(y), Some(m), Some(d));
        p.relative = true;
        Some(p)
    }

    /// The longest calendar date at token `i`: ISO, day-month-year,
    /// month-day-year, month-year or a bare year; partial forms included.
    fn atom(&self, i: usize, lenient: bool) -> Option<Point> {
        let lx = self.lx;
        match lx.kind(i)? {
            Kind::Num => {
                let found = [self.iso(i, lenient), self.day_month_year(i, lenient), self.bare_year(i, lenient)];
                found.into_iter().flatten().max_by_key(|p| p.end)
            }
            Kind::Word => {
                let found = [self.month_day_year(i), self.month_year(i)];
                found.into_iter().flatten().max_by_key(|p| p.end)
            }
            _ => None,
        }
    }

    /// `2023-07-30`, and `2023-07` where it cannot be a year range.
    fn iso(&self, i: usize, lenient: bool) -> Option<Point> {
        let lx = self.lx;
        if lx.str(i).len() != 4 || !(lenient || lx.free_left(i, false)) {
            return None;
        }
        if lx.punct(i + 1) != Some('-') || lx.kind(i + 2) != Some(Kind::Num) || lx.str(i + 2).len() != 2 {
            return None;
        }
        let year = i32::try_from(lx.num(i)?).ok().filter(|y| (1000..=2100).contains(y))?;
        let month = u8::try_from(lx.num(i + 2)?).ok().filter(|m| (1..=12).contains(m))?;
        if lx.punct(i + 3) == Some('-') && lx.kind(i + 4) == Some(Kind::Num) && lx.str(i + 4).len() == 2 {
            let day = u8::try_from(lx.num(i + 4)?).ok()?;
            // "2023-07-30T12:00" keeps its date.
            let time = lx.is_word(i + 5, "T") && lx.kind(i + 6) == Some(Kind::Num);
            if !(time || lx.free_right(i + 5)) {
                return None;
            }
            let mut p = Point::new(i, i + 5, Shape::Full);
            (p.year, p.month, p.day) = (Some(year), Some(month), Some(day));
            p.invalid = p.date().is_none();
            return Some(p);
        }
        let leading_zero = lx.str(i + 2).starts_with('0');
        let not_a_range = i32::from(month) <= year.rem_euclid(100);
        let tail_free = lx.free_right(i + 3) && !(lx.punct(i + 3) == Some('-') && lx.kind(i + 4) == Some(Kind::Num));
        if (leading_zero || not_a_range) && tail_free {
            let mut p = Point::new(i, i + 3, Shape::Full);
            (p.year, p.month) = (Some(year), Some(month));
            return Some(p);
        }
        None
    }

    /// `30 July 2023`, `30th of July, 2023`, `12 Jan 2024`; `30 July`
    /// partial. An impossible day falls back to the month (`31 February
    /// 2023` → `February 2023`).
    fn day_month_year(&self, i: usize, lenient: bool) -> Option<Point> {
        let lx = self.lx;
        let (day, j) = self.day_at(i, lenient)?;
        let mut k = lx.after_space(j)?;
        if lx.is_word(k, "of") {
            k = lx.after_space(k + 1)?;
        }
        let month_tok = k;
        let (month, l) = self.month_at(k)?;
        let comma = if lx.punct(l) == Some(',') { l + 1 } else { l };
        let year = lx.after_space(comma).and_then(|y| self.year_at(y, false, true));
        let Some((year, end)) = year else {
            // A partial "30 July": the day must exist in some year.
            PartialDate::day(2000, month, day)?;
            if let Some(p) = self.in_document_year(i, l, month, day) {
                return Some(p);
            }
            let mut p = Point::new(i, l, Shape::DayMonth);
            (p.month, p.day) = (Some(month), Some(day));
            return Some(p);
        };
        let mut p = Point::new(i, end, Shape::Full);
        (p.year, p.month, p.day) = (Some(year), Some(month), Some(day));
        if p.date().is_none() {
            p.start = month_tok;
            p.day = None;
        }
        Some(p)
    }

    /// `July 30, 2023`, `Jul. 30 2023`, `July 30th, 2023`; `July 30`
    /// partial. An impossible day makes the whole date invalid.
    fn month_day_year(&self, i: usize) -> Option<Point> {
        let lx = self.lx;
        let (month, j) = self.month_at(i)?;
        let (day, k) = self.day_at(lx.after_space(j)?, true)?;
        let comma = if lx.punct(k) == Some(',') { k + 1 } else { k };
        let year = lx.after_space(comma).and_then(|y| self.year_at(y, false, true));
        let Some((year, end)) = year else {
            PartialDate::day(2000, month, day)?;
            if let Some(p) = self.in_document_year(i, k, month, day) {
                return Some(p);
            }
            let mut p = Point::new(i, k, Shape::MonthDay);
            (p.month, p.day) = (Some(month), Some(day));
            return Some(p);
        };
        let mut p = Point::new(i, end, Shape::Full);
        (p.year, p.month, p.day) = (Some(year), Some(month), Some(day));
        p.invalid = p.date().is_none();
        Some(p)
    }

    /// A day and month with no year ("on 30 January" in a dispatch dated 18
    /// February 2023): the document's year, or the year before when the
    /// month lies after the document's. Needs a dated document and a range
    /// that does not continue ("30–31 July 2023" keeps its own year).
    fn in_document_year(&self, start: usize, end: usize, month: u8, day: u8) -> Option<Point> {
        // Without a document date, the year of the last full date before.
        let doc = self.doc.or(self.narrative.map(|n| PartialDate { month: None, day: None, ..n }))?;
        let lx = self.lx;
        if matches!(lx.punct(end), Some('-' | '–' | '—'))
            || lx.after_space(end).is_some_and(|n| lx.is_word(n, "and") || lx.is_word(n, "to"))
        {
            return None;
        }
        let year = if doc.month.is_some_and(|m| month > m) { doc.year - 1 } else { doc.year };
        let mut p = Point::new(start, end, Shape::Full);
        (p.year, p.month, p.day) = (Some(year), Some(month), Some(day));
        p.relative = true;
        p.date()?;
        Some(p)
    }

    /// `January 2015`, `August of 2016`; `April` partial.
    fn month_year(&self, i: usize) -> Option<Point> {
        let lx = self.lx;
        let (month, j) = self.month_at(i)?;
        let year = lx.after_space(j).and_then(|k| {
            let k = if lx.is_word(k, "of") { lx.after_space(k + 1)? } else { k };
            self.year_at(k, false, true)
        });
        let Some((year, end)) = year else {
            let mut p = Point::new(i, j, Shape::Month);
            p.month = Some(month);
            return Some(p);
        };
        let mut p = Point::new(i, end, Shape::Full);
        (p.year, p.month) = (Some(year), Some(month));
        Some(p)
    }

    /// A year standing alone, unless it is a reference number, a decade
    /// ("1990's") or a count ("2000 people").
    fn bare_year(&self, i: usize, lenient: bool) -> Option<Point> {
        let lx = self.lx;
        let (year, end) = self.year_at(i, lenient, false)?;
        if self.refs.get(i).copied().unwrap_or(false) || lx.year_is_count(i, end) {
            return None;
        }
        let apostrophe = matches!(lx.punct(end), Some('\'' | '’'));
        if apostrophe && year % 10 == 0 && lx.is_word(end + 1, "s") {
            return None;
        }
        let mut p = Point::new(i, end, Shape::Full);
        p.year = Some(year);
        p.bare_year = true;
        Some(p)
    }

    /// A capitalised month name, with its abbreviation period.
    fn month_at(&self, i: usize) -> Option<(u8, usize)> {
        let lx = self.lx;
        let (month, abbreviated) = lx.month(i)?;
        if abbreviated && lx.punct(i + 1) == Some('.') {
            return Some((month, i + 2));
        }
        Some((month, i + 1))
    }

    /// A day number 1–31, with an ordinal suffix ("30th") if any.
    fn day_at(&self, i: usize, lenient: bool) -> Option<(u8, usize)> {
        let lx = self.lx;
        if lx.kind(i) != Some(Kind::Num) || lx.str(i).len() > 2 || !(lenient || lx.free_left(i, true)) {
            return None;
        }
        let day = u8::try_from(lx.num(i)?).ok().filter(|d| (1..=31).contains(d))?;
        let ordinal = ["st", "nd", "rd", "th"].iter().any(|s| lx.is_word(i + 1, s));
        let end = if ordinal { i + 2 } else { i + 1 };
        lx.free_right(end).then_some((day, end))
    }

    /// A four-digit year: 1900–2100 alone, 1000–2100 next to a month.
    fn year_at(&self, i: usize, lenient: bool, explicit: bool) -> Option<(i32, usize)> {
        let lx = self.lx;
        if lx.kind(i) != Some(Kind::Num) || lx.str(i).len() != 4 {
            return None;
        }
        let year = i32::try_from(lx.num(i)?).ok()?;
        let range = if explicit { 1000..=2100 } else { 1900..=2100 };
        if !range.contains(&year) || !(lenient || lx.free_left(i, true)) || !lx.free_right(i + 1) {
            return None;
        }
        Some((year, i + 1))
    }
}

/// A hyphen and digits glued after position `j` ("2019-123").
fn lx_glued_number(lx: &Lexed<'_>, j: usize) -> bool {
    lx.punct(j) == Some('-') && lx.kind(j + 1) == Some(Kind::Num)
}

/// The tokenizer shared by [`find_dates`] and
/// [`find_quantities`](crate::numbers::find_quantities), with the context
/// tests both need: is a number glued to something, is it a reference
/// number, is a year-like number really a count.
pub(crate) mod lex {
    use dossier_model::Span;

    use crate::tokens::{CueMask, Cues, TokKind, cues};

    /// What a token is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum Kind {
        /// A run of letters.
        Word,
        /// A run of ASCII digits.
        Num,
        /// A run of superscript digits: a footnote marker.
        Sup,
        /// Whitespace with at most one line break.
        Space,
        /// Whitespace with a blank line: nothing reads across it.
        Break,
        /// Any other single character.
        Punct(char),
    }

    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Tok {
        pub(crate) kind: Kind,
        pub(crate) start: usize,
        pub(crate) end: usize,
        /// A word's [`cue_bit`](crate::tokens::cue_bit) (0 for other
        /// tokens), so that cue lists reject most words without hashing
        /// them again.
        pub(crate) bit: u16,
        /// The month a capitalised word names ([`Lexed::month`]), 0 for
        /// none: read once here rather than at every rule that asks.
        month: u8,
        /// Whether that name is an abbreviation, which may take a period.
        abbreviated: bool,
        /// A word of [`WEEKDAYS`](super::WEEKDAYS), as written.
        weekday: bool,
    }

    /// A text cut into tokens with absolute byte offsets.
    pub(crate) struct Lexed<'t> {
        text: &'t str,
        toks: Vec<Tok>,
        /// See [`Lexed::candidates`].
        cands: Vec<usize>,
        /// The first word that may be a reference word ([`REFS`]), if any:
        /// no reference number comes before it.
        first_ref: Option<usize>,
    }

    /// The memory of a [`Lexed`], handed back by [`Lexed::into_buffers`] so
    /// that the next passage's lexing ([`Lexed::reusing`]) need not
    /// allocate its vectors anew.
    #[derive(Default)]
    pub(crate) struct LexBuffers {
        toks: Vec<Tok>,
        cands: Vec<usize>,
    }

    impl LexBuffers {
        pub(crate) const fn new() -> Self {
            LexBuffers { toks: Vec::new(), cands: Vec::new() }
        }
    }

    /// The words a date or a quantity may start at, besides numbers, month
    /// names and weekdays: the date parser's openers and the number words.
    const CANDIDATE_WORDS: crate::tokens::CueMask = super::OPENING.union(crate::numbers::QUANTITY_WORDS);

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Class {
        Word,
        Digit,
        Sup,
        Space,
        Punct,
    }

    /// [`class`] of every ASCII character, computed at compile time.
    const ASCII_CLASS: [Class; 128] = {
        let mut t = [Class::Punct; 128];
        let mut i = 0;
        while i < 128 {
            let c = i as u8;
            t[i] = if c.is_ascii_digit() {
                Class::Digit
            } else if c.is_ascii_alphabetic() {
                Class::Word
            } else if matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
                Class::Space
            } else {
                Class::Punct
            };
            i += 1;
        }
        t
    };

    #[cfg(test)]
    #[test]
    fn ascii_class_table_agrees_with_class() {
        for i in 0u8..128 {
            assert!(ASCII_CLASS[usize::from(i)] == class(char::from(i)), "byte {i}");
        }
    }

    /// The class of a character. General Punctuation (U+2000–U+206F)
    /// holds no letter, so curly quotes and dashes skip the slow Unicode
    /// lookup of `is_alphabetic`.
    fn class(c: char) -> Class {
        if c.is_ascii_digit() {
            Class::Digit
        } else if !matches!(c, '\u{2000}'..='\u{206f}') && c.is_alphabetic() {
            Class::Word
        } else if matches!(c, '⁰' | '¹' | '²' | '³' | '⁴'..='⁹') {
            Class::Sup
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Punct
        }
    }

    /// Nouns that make a number a count: after "one" (which is otherwise
    /// rarely a number: "one of the most") and after a year-like number
    /// ("2000 people").
    pub(crate) const COUNTED: &[&str] = &[
        "people",
        "person",
        "persons",
        "individual",
        "individuals",
        "civilian",
        "civilians",
        "fighter",
        "fighters",
        "member",
        "members",
        "militant",
        "militants",
        "soldier",
        "soldiers",
        "troops",
        "attacker",
        "attackers",
        "combatant",
        "combatants",
        "man",
        "men",
        "woman",
        "women",
        "child",
        "children",
        "officer",
        "officers",
        "policeman",
        "policemen",
        "police",
        "personnel",
        "servicemen",
        "serviceman",
        "killed",
        "dead",
        "death",
        "deaths",
        "casualty",
        "casualties",
        "victim",
        "victims",
        "injured",
        "wounded",
        "attack",
        "attacks",
        "assault",
        "assaults",
        "incident",
        "incidents",
        "bombing",
        "bombings",
        "family",
        "families",
        "refugee",
        "refugees",
        "insurgent",
        "insurgents",
        "gunman",
        "gunmen",
        "terrorist",
        "terrorists",
        "recruit",
        "recruits",
        "hostage",
        "hostages",
        "prisoner",
        "prisoners",
        "detainee",
        "detainees",
        "worshipper",
        "worshippers",
        "student",
        "students",
        "pilgrim",
        "pilgrims",
        "protester",
        "protesters",
        "protestor",
        "protestors",
        "operative",
        "operatives",
        "guard",
        "guards",
        "cadre",
        "cadres",
    ];

    /// [`COUNTED`] as a mask, for [`Lexed::word_in_list`].
    pub(crate) const COUNTED_MASK: CueMask = CueMask::of(COUNTED);

    /// Words before a number that make it a year even before a counted noun
    /// ("in 2019 people", "the 2021 attacks", "ISKP’s 2021 attacks").
    const YEAR_CONTEXT: &[&str] = &[
        "in",
        "since",
        "of",
        "by",
        "during",
        "until",
        "till",
        "from",
        "to",
        "between",
        "and",
        "or",
        "before",
        "after",
        "throughout",
        "early",
        "mid",
        "late",
        "the",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "s",
    ];

    /// [`YEAR_CONTEXT`] as a mask, for [`Lexed::word_in_list`].
    const YEAR_CONTEXT_MASK: CueMask = CueMask::of(YEAR_CONTEXT);

    /// Words after which numbers are references: always when followed by a
    /// period ("p. 2", "para. 86", "No. 5"), the long ones also without.
    const REF_ABBR: &Cues = cues![
        "p", "pp", "no", "nos", "nr", "art", "arts", "sec", "ch", "vol", "vols", "fig", "figs", "ed", "para", "paras",
        "res",
    ];
    const REF_WORDS: &Cues = cues![
        "page",
        "pages",
        "para",
        "paras",
        "paragraph",
        "paragraphs",
        "article",
        "articles",
        "section",
        "sections",
        "chapter",
        "chapters",
        "volume",
        "volumes",
        "figure",
        "figures",
        "table",
        "tables",
        "map",
        "maps",
        "annex",
        "annexes",
        "appendix",
        "item",
        "items",
        "resolution",
        "resolutions",
        "footnote",
        "footnotes",
        "note",
        "notes",
        "line",
        "lines",
        "rule",
        "rules",
        "clause",
        "clauses",
        "issue",
        "unscr",
    ];

    /// The words of both reference lists, for one bit test.
    const REFS: crate::tokens::CueMask = REF_ABBR.mask().union(*REF_WORDS.mask());

    /// What the lexer notes of a word for the rules (see [`Tok`]).
    #[derive(Default)]
    struct Marks {
        bit: u16,
        month: u8,
        abbreviated: bool,
        weekday: bool,
    }

    /// A word's cue bit, the month it names as [`Lexed::month`] says, and
    /// whether it is a weekday. Month names and weekdays are ASCII and
    /// capitalised, so only a word starting with an ASCII capital can be
    /// one (`char::is_uppercase` of anything else cannot lead to a match),
    /// and they all start with one of a few letters.
    fn word_marks(w: &str) -> Marks {
        word_marks_with_bit(w, crate::tokens::cue_bit(w))
    }

    /// [`word_marks`] of a word whose cue bit is known.
    #[inline]
    fn word_marks_with_bit(w: &str, bit: u16) -> Marks {
        let first = w.as_bytes().first().copied().unwrap_or(0);
        if !matches!(first, b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D' | b'T' | b'W') {
            return Marks { bit, ..Marks::default() };
        }
        let weekday = super::WEEKDAYS.contains(&w);
        match super::parse_month(w) {
            Some(month) => Marks { bit, month, abbreviated: super::abbreviation(w).is_some(), weekday },
            None => Marks { bit, weekday, ..Marks::default() },
        }
    }

    /// [`Lexed::word_in_list`] rejects on the mask: no word of a list fails
    /// its mask, in any ASCII case.
    #[cfg(test)]
    #[test]
    fn word_list_masks_hold_their_words() {
        for (list, mask) in [(COUNTED, &COUNTED_MASK), (YEAR_CONTEXT, &YEAR_CONTEXT_MASK)] {
            for w in list {
                assert!(mask.has(crate::tokens::cue_bit(w)), "{w}");
                assert!(mask.has(crate::tokens::cue_bit(&w.to_uppercase())), "{w}");
            }
        }
    }

    #[cfg(test)]
    #[test]
    fn month_names_and_weekdays_start_with_the_letters_word_marks_checks() {
        let names = dossier_model::MONTH_NAMES.iter().chain(super::ABBR.iter().map(|(a, _)| a));
        for name in names {
            let cap = format!("{}{}", name[..1].to_ascii_uppercase(), &name[1..]);
            assert_eq!(word_marks(&cap).month, super::parse_month(name).unwrap_or(0), "{cap}");
            assert!(word_marks(&cap).month != 0, "{cap}");
        }
        for day in super::WEEKDAYS {
            assert!(word_marks(day).weekday, "{day}");
        }
    }

    /// The cue bits taken from tokens are the bits the lexer computes.
    #[cfg(test)]
    #[test]
    fn tokens_give_the_same_lexing() {
        use crate::tokens::{Lowered, tokenize};
        let mut reused = 0;
        for text in crate::fixture_texts(&["extract_text"]) {
            let lowered = Lowered::new(&text);
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let within = Span::new(start, start + line.len());
                start += line.len();
                let toks = tokenize(&lowered, within);
                let (Some(plain), Some(with)) = (Lexed::new(&text, within), Lexed::with_tokens(&text, within, &toks))
                else {
                    panic!("{within:?}");
                };
                assert_eq!(format!("{:?}", plain.toks), format!("{:?}", with.toks), "{line:?}");
                assert_eq!(plain.cands, with.cands);
                assert_eq!(plain.first_ref, with.first_ref);
                reused += toks.len();
            }
        }
        assert!(reused > 10_000, "only {reused} tokens");
    }

    pub(crate) fn in_list(word: &str, list: &[&str]) -> bool {
        list.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    impl<'t> Lexed<'t> {
        /// Tokens of `text[within]`; `None` when `within` is not a range of
        /// `text` on character boundaries.
        pub(crate) fn new(text: &'t str, within: Span) -> Option<Self> {
            Self::with_tokens(text, within, &[])
        }

        /// [`Lexed::new`], taking each ASCII word's cue bit from the token
        /// of `known` over the same bytes, if any, rather than hashing the
        /// word again. `known` must be tokens of `text` (any, in order):
        /// an ASCII token's bit is [`cue_bit`](crate::tokens::cue_bit) of
        /// its ASCII-lowercased bytes, which is the bit of the word.
        pub(crate) fn with_tokens(text: &'t str, within: Span, known: &[crate::tokens::Token]) -> Option<Self> {
            Self::reusing(text, within, known, LexBuffers::new())
        }

        /// [`Lexed::with_tokens`] in the memory of `buffers`.
        pub(crate) fn reusing(
            text: &'t str,
            within: Span,
            mut known: &[crate::tokens::Token],
            buffers: LexBuffers,
        ) -> Option<Self> {
            let slice = text.get(within.start..within.end)?;
            let LexBuffers { mut toks, mut cands } = buffers;
            toks.clear();
            cands.clear();
            toks.reserve(slice.len() / 3 + 1);
            let mut first_ref = None;
            let b = slice.as_bytes();
            // The character at byte `i` and its class: ASCII bytes (nearly
            // all) without decoding.
            #[inline(always)]
            fn at(slice: &str, i: usize) -> (char, usize, Class) {
                match slice.as_bytes()[i] {
                    x if x.is_ascii() => (char::from(x), 1, ASCII_CLASS[usize::from(x)]),
                    _ => decode(slice, i),
                }
            }
            #[cold]
            #[inline(never)]
            fn decode(slice: &str, i: usize) -> (char, usize, Class) {
                let c = slice[i..].chars().next().unwrap_or('\0');
                (c, c.len_utf8(), class(c))
            }
            // The end of the run of class `cls` going on at byte `end`, and
            // whether it is all ASCII: a run of ASCII characters of the
            // class, then at most one non-ASCII one before looking again.
            #[inline(always)]
            fn run_end(slice: &str, mut end: usize, cls: Class) -> (usize, bool) {
                let b = slice.as_bytes();
                let mut ascii = true;
                loop {
                    while let Some(&x) = b.get(end) {
                        if !x.is_ascii() || ASCII_CLASS[usize::from(x)] != cls {
                            break;
                        }
                        end += 1;
                    }
                    if end >= b.len() || b[end].is_ascii() {
                        break;
                    }
                    let (_, len2, cls2) = at(slice, end);
                    if cls2 != cls {
                        break;
                    }
                    end += len2;
                    ascii = false;
                }
                (end, ascii)
            }
            let mut off = 0;
            while off < b.len() {
                let (c, len, cls) = at(slice, off);
                let mut end = off + len;
                let mut marks = Marks::default();
                // One arm per class, each doing only what its tokens need.
                let kind = match cls {
                    Class::Punct => Kind::Punct(c),
                    Class::Space => {
                        end = run_end(slice, end, cls).0;
                        // Only ASCII bytes can be line breaks.
                        let newlines = b[off..end].iter().filter(|&&x| x == b'\n').count();
                        if newlines >= 2 { Kind::Break } else { Kind::Space }
                    }
                    Class::Sup => {
                        end = run_end(slice, end, cls).0;
                        Kind::Sup
                    }
                    Class::Digit => {
                        end = run_end(slice, end, cls).0;
                        cands.push(toks.len());
                        Kind::Num
                    }
                    Class::Word => {
                        let (stop, ascii_rest) = run_end(slice, end, cls);
                        end = stop;
                        let (start, stop) = (within.start + off, within.start + end);
                        while known.first().is_some_and(|t| t.span.start < start) {
                            known = &known[1..];
                        }
                        let w = &slice[off..end];
                        let ascii = len == 1 && ascii_rest;
                        marks = match known.first() {
                            Some(t)
                                if ascii && t.kind == TokKind::Word && t.span.start == start && t.span.end == stop =>
                            {
                                word_marks_with_bit(w, t.bit)
                            }
                            _ => word_marks(w),
                        };
                        if CANDIDATE_WORDS.has(marks.bit) || marks.month != 0 || marks.weekday {
                            cands.push(toks.len());
                        }
                        if first_ref.is_none() && REFS.has(marks.bit) {
                            first_ref = Some(toks.len());
                        }
                        Kind::Word
                    }
                };
                toks.push(Tok {
                    kind,
                    start: within.start + off,
                    end: within.start + end,
                    bit: marks.bit,
                    month: marks.month,
                    abbreviated: marks.abbreviated,
                    weekday: marks.weekday,
                });
                off = end;
            }
            Some(Lexed { text, toks, cands, first_ref })
        }

        /// The vectors of this lexing, for [`Lexed::reusing`].
        pub(crate) fn into_buffers(self) -> LexBuffers {
            LexBuffers { toks: self.toks, cands: self.cands }
        }

        /// The tokens a date or a quantity may start at, in order: every
        /// number, and every word that names a month or a weekday or whose
        /// cue bit is one of [`CANDIDATE_WORDS`]. The date parser and the
        /// number scanner step over any other token without a match
        /// (`Parser::mention_at`, `Scanner::at`).
        pub(crate) fn candidates(&self) -> &[usize] {
            &self.cands
        }

        /// The month named by token `i`, a word starting with a capital
        /// that [`parse_month`](super::parse_month) reads (months are
        /// capitalised: "may" is a verb), and whether it is abbreviated.
        #[inline]
        pub(crate) fn month(&self, i: usize) -> Option<(u8, bool)> {
            self.toks.get(i).filter(|t| t.month != 0).map(|t| (t.month, t.abbreviated))
        }

        /// Whether token `i` is a weekday name, as written ("Monday").
        #[inline]
        pub(crate) fn is_weekday(&self, i: usize) -> bool {
            self.toks.get(i).is_some_and(|t| t.weekday)
        }

        /// The text of a span built from these tokens.
        pub(crate) fn text_of(&self, span: Span) -> &'t str {
            self.text.get(span.start..span.end).unwrap_or("")
        }

        pub(crate) fn len(&self) -> usize {
            self.toks.len()
        }

        #[inline]
        pub(crate) fn kind(&self, i: usize) -> Option<Kind> {
            self.toks.get(i).map(|t| t.kind)
        }

        #[inline]
        pub(crate) fn str(&self, i: usize) -> &'t str {
            self.toks.get(i).and_then(|t| self.text.get(t.start..t.end)).unwrap_or("")
        }

        /// How many tokens start before byte offset `at`: the index of the
        /// first token starting at or after it.
        pub(crate) fn tokens_before(&self, at: usize) -> usize {
            self.toks.partition_point(|t| t.start < at)
        }

        /// The span from token `a` up to (not including) token `b`.
        pub(crate) fn span(&self, a: usize, b: usize) -> Span {
            let start = self.toks.get(a).map_or(0, |t| t.start);
            let end = b.checked_sub(1).and_then(|l| self.toks.get(l)).map_or(start, |t| t.end);
            Span { start, end: end.max(start) }
        }

        /// Whether token `i` is a word equal to one of `cues` up to ASCII
        /// case, mostly decided by its stored bit.
        #[inline]
        pub(crate) fn word_in(&self, i: usize, cues: &crate::tokens::Cues) -> bool {
            self.toks.get(i).is_some_and(|t| {
                t.kind == Kind::Word
                    && cues.mask().has(t.bit)
                    && cues.contains_ignore_ascii_case_with_bit(self.str(i), t.bit)
            })
        }

        /// False when token `i` is certainly no word of `mask` (up to
        /// ASCII case); true proves nothing.
        #[inline]
        pub(crate) fn may_be_in(&self, i: usize, mask: &crate::tokens::CueMask) -> bool {
            self.toks.get(i).is_some_and(|t| t.kind == Kind::Word && mask.has(t.bit))
        }

        /// Whether token `i` is a word of `list` up to ASCII case. `mask` is
        /// `CueMask::of(list)`: most words fail on their bit, without a
        /// comparison with every word of the list.
        #[inline]
        pub(crate) fn word_in_list(&self, i: usize, list: &[&str], mask: &CueMask) -> bool {
            self.may_be_in(i, mask) && in_list(self.str(i), list)
        }

        #[inline]
        pub(crate) fn is_word(&self, i: usize, w: &str) -> bool {
            // The length first: most words differ in it, and it needs no slicing.
            self.toks.get(i).is_some_and(|t| t.kind == Kind::Word && t.end - t.start == w.len())
                && self.str(i).eq_ignore_ascii_case(w)
        }

        #[inline]
        pub(crate) fn punct(&self, i: usize) -> Option<char> {
            match self.kind(i)? {
                Kind::Punct(c) => Some(c),
                _ => None,
            }
        }

        /// Value of a digit token (`None` past `u64`).
        pub(crate) fn num(&self, i: usize) -> Option<u64> {
            if self.kind(i) != Some(Kind::Num) {
                return None;
            }
            self.str(i).parse().ok()
        }

        /// The token after a single space at `i`.
        pub(crate) fn after_space(&self, i: usize) -> Option<usize> {
            (self.kind(i) == Some(Kind::Space)).then_some(i + 1)
        }

        /// The word one space before token `i`.
        pub(crate) fn word_before(&self, i: usize) -> Option<usize> {
            let w = i.checked_sub(2)?;
            (self.kind(i - 1) == Some(Kind::Space) && self.kind(w) == Some(Kind::Word)).then_some(w)
        }

        /// The word one space after position `i` (the token after a number).
        pub(crate) fn word_after(&self, i: usize) -> Option<usize> {
            let w = self.after_space(i)?;
            (self.kind(w) == Some(Kind::Word)).then_some(w)
        }

        /// A dash (`-`, `–`, `—`) at `i`, optionally spaced: the token after.
        pub(crate) fn dash_after(&self, i: usize) -> Option<usize> {
            let d = if self.kind(i) == Some(Kind::Space) { i + 1 } else { i };
            if !matches!(self.punct(d)?, '-' | '–' | '—') {
                return None;
            }
            Some(if self.kind(d + 1) == Some(Kind::Space) { d + 2 } else { d + 1 })
        }

        /// Whether the number at `i` stands as a word on its left: not after
        /// a letter (`A10`), slash (`S/2025`), `$`, `#`, a hyphenated word
        /// (`A-10`), a digit group (`2,019`), or `p.`/`WR:` glued to it.
        /// With `label_ok`, a preceding word of four or more letters ending
        /// in lower case is a flattened label (`Foundation26`).
        pub(crate) fn free_left(&self, i: usize, label_ok: bool) -> bool {
            let Some(p) = i.checked_sub(1) else { return true };
            let before = p.checked_sub(1).and_then(|pp| self.kind(pp));
            match self.kind(p) {
                None | Some(Kind::Space | Kind::Break | Kind::Sup) => true,
                Some(Kind::Word) => label_ok && self.is_label(p),
                Some(Kind::Num) => false,
                Some(Kind::Punct(c)) => match c {
                    '/' | '\\' | '_' | '#' | '$' | '€' | '£' | '¥' | '@' | '+' | '\'' | '’' | '=' | '^' | '~' => {
                        false
                    }
                    '.' | ':' | ',' | '-' => !matches!(before, Some(Kind::Word | Kind::Num)),
                    _ => true,
                },
            }
        }

        fn is_label(&self, w: usize) -> bool {
            let s = self.str(w);
            s.chars().count() >= 4 && s.chars().last().is_some_and(char::is_lowercase)
        }

        /// Whether what follows a number (at `j`) lets it stand as a word:
        /// not a letter (`1990s`, `36th`), slash, `%`, or a decimal, time or
        /// digit group (`12.5`, `10:30`, `1,5`). Dashes and "’s" are fine.
        pub(crate) fn free_right(&self, j: usize) -> bool {
            match self.kind(j) {
                None | Some(Kind::Space | Kind::Break | Kind::Sup) => true,
                Some(Kind::Word | Kind::Num) => false,
                Some(Kind::Punct(c)) => match c {
                    '/' | '\\' | '_' | '%' | '‰' | '@' | '#' | '°' => false,
                    '.' => !matches!(self.kind(j + 1), Some(Kind::Num | Kind::Word)),
                    ':' | ',' => self.kind(j + 1) != Some(Kind::Num),
                    _ => true,
                },
            }
        }

        /// Marks the numbers that follow a reference word (`p. 2`,
        /// `resolutions 1267 (1999), 1989 (2011) and 2253 (2015)`, `pp.
        /// 8-9`) through commas, dashes, "and", "to" and parenthesised
        /// years, which stay unmarked. One pass.
        pub(crate) fn ref_numbers(&self) -> Vec<bool> {
            let mut out = Vec::new();
            self.ref_numbers_into(&mut out);
            out
        }

        /// [`Lexed::ref_numbers`] into `out`, whose memory it reuses.
        pub(crate) fn ref_numbers_into(&self, out: &mut Vec<bool>) {
            let n = self.len();
            out.clear();
            out.resize(n, false);
            // Every mark follows a reference word (`ref_word_end`).
            let Some(mut i) = self.first_ref else { return };
            while i < n {
                let Some(mut k) = self.ref_word_end(i) else {
                    i += 1;
                    continue;
                };
                if self.kind(k) == Some(Kind::Space) {
                    k += 1;
                }
                if self.kind(k) != Some(Kind::Num) {
                    i = k.max(i + 1);
                    continue;
                }
                let mut in_parens = false;
                while k < n {
                    match self.toks[k].kind {
                        Kind::Num => out[k] = !in_parens,
                        Kind::Space => {}
                        Kind::Punct('(') if !in_parens => in_parens = true,
                        Kind::Punct(')') if in_parens => in_parens = false,
                        Kind::Punct(',' | '-' | '–' | '—' | '&') if !in_parens => {}
                        Kind::Word if !in_parens && (self.is_word(k, "and") || self.is_word(k, "to")) => {}
                        _ => break,
                    }
                    k += 1;
                }
                i = k.max(i + 1);
            }
        }

        /// The token after a reference word (and its period) at `i`.
        fn ref_word_end(&self, i: usize) -> Option<usize> {
            // Both lists at once on the bit: most words are in neither.
            if !self.may_be_in(i, &REFS) {
                return None;
            }
            if self.punct(i + 1) == Some('.') && self.word_in(i, REF_ABBR) {
                return Some(i + 2);
            }
            self.word_in(i, REF_WORDS).then_some(i + 1)
        }

        /// Whether the year-like number over tokens `i..end` is a count:
        /// a counted noun follows and no year context word precedes.
        pub(crate) fn year_is_count(&self, i: usize, end: usize) -> bool {
            let Some(noun) = self.word_after(end) else { return false };
            if !self.word_in_list(noun, COUNTED, &COUNTED_MASK) {
                return false;
            }
            !self.word_before(i).is_some_and(|p| self.word_in_list(p, YEAR_CONTEXT, &YEAR_CONTEXT_MASK))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    /// Every mention as `"span"=value [part] [rel]`, joined by ` | `.
    fn render(text: &str, doc: Option<&str>) -> String {
        let doc = doc.and_then(PartialDate::parse_iso);
        let found = find_dates(text, Span::new(0, text.len()), doc);
        let parts: Vec<String> = found
            .iter()
            .map(|m| {
                let mut s = format!("{:?}={}", m.span.slice(text), m.value);
                if let Some(p) = m.part {
                    s.push_str(&format!(" {p:?}").to_lowercase());
                }
                if m.relative {
                    s.push_str(" rel");
                }
                s
            })
            .collect();
        parts.join(" | ")
    }

    fn check(input: &str, expect: Expect) {
        expect.assert_eq(&render(input, None));
    }

    /// With a document date for relative expressions.
    fn check_on(doc: &str, input: &str, expect: Expect) {
        expect.assert_eq(&render(input, Some(doc)));
    }

    #[test]
    fn days() {
        check("on July 30, 2023.", expect![[r#""July 30, 2023"=2023-07-30"#]]);
        check("on 30 July 2023.", expect![[r#""30 July 2023"=2023-07-30"#]]);
        check("on 30th July 2023", expect![[r#""30th July 2023"=2023-07-30"#]]);
        check("the 30th of July, 2023", expect![[r#""30th of July, 2023"=2023-07-30"#]]);
        check("Jul. 30, 2023", expect![[r#""Jul. 30, 2023"=2023-07-30"#]]);
        check("July 30th, 2023", expect![[r#""July 30th, 2023"=2023-07-30"#]]);
        check("July 30 2023", expect![[r#""July 30 2023"=2023-07-30"#]]);
        check("12 Jan 2024", expect![[r#""12 Jan 2024"=2024-01-12"#]]);
        check("Sept. 11, 2001", expect![[r#""Sept. 11, 2001"=2001-09-11"#]]);
        check("the night of 30 July 2023", expect![[r#""30 July 2023"=2023-07-30"#]]);
        check("ISO 2023-07-30 and 2023-07-30T12:00", expect![[r#""2023-07-30"=2023-07-30 | "2023-07-30"=2023-07-30"#]]);
        check("Foundation26 January 2015", expect![[r#""26 January 2015"=2015-01-26"#]]);
        check("29 February 2024", expect![[r#""29 February 2024"=2024-02-29"#]]);
    }

    #[test]
    fn months_and_years() {
        check("in August of 2016, when", expect![[r#""August of 2016"=2016-08"#]]);
        check("In May of 2019, ISKP", expect![[r#""May of 2019"=2019-05"#]]);
        check("in January 2015 the", expect![[r#""January 2015"=2015-01"#]]);
        check("January 2015's expansion", expect![[r#""January 2015"=2015-01"#]]);
        check("in 2022.", expect![[r#""2022"=2022"#]]);
        check("the 2021 Kabul airport attack", expect![[r#""2021"=2021"#]]);
        check("so far in 2023", expect![[r#""2023"=2023"#]]);
        check(
            "in 2024⁴⁰⁵ and 2025⁴⁰⁶ and Islamabad in February 2026.",
            expect![[r#""2024"=2024 | "2025"=2025 | "February 2026"=2026-02"#]],
        );
        check("ISO month 2023-07, and 2019-12", expect![[r#""2023-07"=2023-07 | "2019-12"=2019-12"#]]);
        check("in March 1857", expect![[r#""March 1857"=1857-03"#]]);
    }

    #[test]
    fn intervals() {
        check("2015–present", expect![[r#""2015–present"=2015/.."#]]);
        check("2015-present", expect![[r#""2015-present"=2015/.."#]]);
        check("2015 - Present", expect![[r#""2015 - Present"=2015/.."#]]);
        check("2015 to present", expect![[r#""2015 to present"=2015/.."#]]);
        check("from 2015 to the present", expect![[r#""from 2015 to the present"=2015/.."#]]);
        check("2015 to date", expect![[r#""2015 to date"=2015/.."#]]);
        check("War in Afghanistan (2001–2021)", expect![[r#""2001–2021"=2001/2021"#]]);
        check("2001-2021", expect![[r#""2001-2021"=2001/2021"#]]);
        check("the 2019–20 season", expect![[r#""2019–20"=2019/2020"#]]);
        check("between 2019 and 2022.", expect![[r#""between 2019 and 2022"=2019/2022"#]]);
        check("from 2019 to 2022", expect![[r#""from 2019 to 2022"=2019/2022"#]]);
        check("from 2019 until 2022", expect![[r#""from 2019 until 2022"=2019/2022"#]]);
        check("from 2019 onwards", expect![[r#""from 2019 onwards"=2019/.."#]]);
        check("since 2021", expect![[r#""since 2021"=2021/.."#]]);
        check("since April 2022, ISIS–K", expect![[r#""since April 2022"=2022-04/.."#]]);
        check(
            "between 1 November 2024 and 21 April 2026⁴⁰⁸",
            expect![[r#""between 1 November 2024 and 21 April 2026"=2024-11-01/2026-04-21"#]],
        );
        check("30–31 July 2023", expect![[r#""30–31 July 2023"=2023-07-30/2023-07-31"#]]);
        check("July 30–31, 2023", expect![[r#""July 30–31, 2023"=2023-07-30/2023-07-31"#]]);
        check("29 August–4 September 2025", expect![[r#""29 August–4 September 2025"=2025-08-29/2025-09-04"#]]);
        check("April–June 2022", expect![[r#""April–June 2022"=2022-04/2022-06"#]]);
        check("between April and June 2022", expect![[r#""between April and June 2022"=2022-04/2022-06"#]]);
        check("November–February 2020", expect![[r#""November–February 2020"=2019-11/2020-02"#]]);
        check("May 2022 to June", expect![[r#""May 2022 to June"=2022-05/2022-06"#]]);
        check("since late 2019", expect![[r#""since late 2019"=2019/.. late"#]]);
    }

    #[test]
    fn parts() {
        check("late 2019", expect![[r#""late 2019"=2019 late"#]]);
        check("in early 2020", expect![[r#""early 2020"=2020 early"#]]);
        check("mid-2019", expect![[r#""mid-2019"=2019 mid"#]]);
        check("Mid-July 2023", expect![[r#""Mid-July 2023"=2023-07 mid"#]]);
        check("towards the end of 2019, when", expect![[r#""towards the end of 2019"=2019 late"#]]);
        check("at the end of 2019", expect![[r#""the end of 2019"=2019 late"#]]);
        check("end of 2019", expect![[r#""end of 2019"=2019 late"#]]);
        check("the beginning of 2020", expect![[r#""the beginning of 2020"=2020 early"#]]);
        check("the first half of 2021", expect![[r#""the first half of 2021"=2021 early"#]]);
        check("in late 2019 and 2020", expect![[r#""late 2019"=2019 late | "2020"=2020"#]]);
        check("the late Abu Bakar", expect![[""]]);
        check("late 30 July 2023", expect![[r#""30 July 2023"=2023-07-30"#]]);
    }

    #[test]
    fn lists_share_the_year() {
        check("In April and May 2022, respectively", expect![[r#""April"=2022-04 | "May 2022"=2022-05"#]]);
        check("April, May and June 2022", expect![[r#""April"=2022-04 | "May"=2022-05 | "June 2022"=2022-06"#]]);
        check("April, May, and June 2022", expect![[r#""April"=2022-04 | "May"=2022-05 | "June 2022"=2022-06"#]]);
        check("30 and 31 July 2023", expect![[r#""30"=2023-07-30 | "31 July 2023"=2023-07-31"#]]);
        check("April and May", expect![[""]]);
        check("in 2024 and 2025", expect![[r#""2024"=2024 | "2025"=2025"#]]);
    }

    #[test]
    fn weekdays_count_back_from_the_document_date() {
        // 5 May 2024 was a Sunday.
        check_on("2024-05-05", "on Saturday", expect![[r#""Saturday"=2024-05-04 rel"#]]);
        check_on("2024-05-05", "on Sunday", expect![[r#""Sunday"=2024-05-05 rel"#]]);
        check_on("2024-05-05", "on Monday", expect![[r#""Monday"=2024-04-29 rel"#]]);
        check_on("2024-05", "on Monday", expect![[""]]);
        check_on("2024-05-05", "Monday", expect![[""]]);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn relative() {
        check_on("2024-01-12", "earlier this year", expect![[r#""earlier this year"=2024 rel"#]]);
        check_on("2024-01-12", "last year's attack", expect![[r#""last year"=2023 rel"#]]);
        check_on("2024-01-12", "next year", expect![[r#""next year"=2025 rel"#]]);
        check_on("2024-01-12", "this month", expect![[r#""this month"=2024-01 rel"#]]);
        check_on("2024-01-12", "Earlier this month", expect![[r#""Earlier this month"=2024-01 rel"#]]);
        check_on("2024-01-12", "last month", expect![[r#""last month"=2023-12 rel"#]]);
        check_on("2024-01-12", "since last year", expect![[r#""since last year"=2023/.. rel"#]]);
        check_on("2024-01-12", "late last year", expect![[r#""late last year"=2023 late rel"#]]);
        check_on("2024-01-12", "in the last year", expect![[""]]);
        check_on("2024", "this month", expect![[""]]);
        check("this year and last month", expect![[""]]);
        let far = Some(PartialDate::year(i32::MAX));
        assert!(find_dates("next year", Span::new(0, 9), far).is_empty());
    }

    #[test]
    fn impossible_days() {
        check("31 February 2023", expect![[r#""February 2023"=2023-02"#]]);
        check("February 31, 2023", expect![[""]]);
        check("2023-02-31", expect![[""]]);
        check("30–31 February 2023", expect![[r#""February 2023"=2023-02"#]]);
        check("29 February 2023", expect![[r#""February 2023"=2023-02"#]]);
    }

    #[test]
    fn not_years() {
        check(
            "resolutions 1267 (1999), 1989 (2011) and 2253 (2015)",
            expect![[r#""1999"=1999 | "2011"=2011 | "2015"=2015"#]],
        );
        check("resolution 2734 (2024)", expect![[r#""2024"=2024"#]]);
        check("S/2025/482, pre-9/11 and Quds Force", expect![[""]]);
        check("see page 2019 and p. 2020", expect![[""]]);
        check("12019 or 2,019 or 2 000 or 1.2019", expect![[""]]);
        check("the 1990s and the 1990's", expect![[""]]);
        check("killed 2000 people", expect![[""]]);
        check("in 2000 people fled", expect![[r#""2000"=2000"#]]);
        check("the 2021 attacks", expect![[r#""2021"=2021"#]]);
        check("A2019 and 2019x and 2019/20", expect![[""]]);
        check("in 1850 and 2150", expect![[""]]);
        check("may 2022 and march 2022", expect![[r#""2022"=2022 | "2022"=2022"#]]);
        check("(WR:29 August-4 September)", expect![[""]]);
        check("Maulawi Rajab", expect![[""]]);
        check("between 5 and 10 people, from 4,000 to 6,000", expect![[""]]);
        check("In July 30 people died", expect![[""]]);
        check("2019-123 and 12-2019", expect![[""]]);
    }

    #[test]
    fn realistic_sentences() {
        check(
            "Some of its most notable attacks include the 2021 Kabul airport attack that killed 13 American \
             military personnel and at least 169 Afghans in Kabul",
            expect![[r#""2021"=2021"#]],
        );
        check(
            "twin suicide bombings in July 2018 that killed at least 131 at election rallies",
            expect![[r#""July 2018"=2018-07"#]],
        );
        check("ISPP claimed 68 assaults between 2019 and 2022.", expect![[r#""between 2019 and 2022"=2019/2022"#]]);
        check(
            "The number of assaults in KP rose from seven in 2019 (while ISPP was still active there) to \
             forty-seven in 2022",
            expect![[r#""2019"=2019 | "2022"=2022"#]],
        );
        check(
            "reemerged in late 2019 and 2020 under the leadership",
            expect![[r#""late 2019"=2019 late | "2020"=2020"#]],
        );
        check("Dates of operation2015–present\nSplit from", expect![[r#""2015–present"=2015/.."#]]);
        check("US, CRS, last updated 25 March 2026, [url](#), p. 2", expect![[r#""25 March 2026"=2026-03-25"#]]);
    }

    #[test]
    fn spans_are_absolute_and_stay_within() {
        let text = "In 2019 and 2020, since 2021.";
        let within = Span::new(8, text.len());
        let found = find_dates(text, within, None);
        let spans: Vec<&str> = found.iter().map(|m| m.span.slice(text)).collect();
        assert_eq!(spans, ["2020", "since 2021"]);
        assert!(find_dates(text, Span { start: 5, end: 100 }, None).is_empty());
        assert!(find_dates("é2019", Span::new(1, 6), None).is_empty());
    }

    #[test]
    fn parse_month_names() {
        let got: Vec<Option<u8>> =
            ["January", "jan", "Jan.", "SEPT", "Sep", "may", "December", "Dec", "Janu", "", "Mayday", "é"]
                .iter()
                .map(|w| parse_month(w))
                .collect();
        expect!["[Some(1), Some(1), Some(1), Some(9), Some(9), Some(5), Some(12), Some(12), None, None, None, None]"]
            .assert_eq(&format!("{got:?}"));
    }

    #[test]
    fn display_is_iso_8601() {
        let d = |s| PartialDate::parse_iso(s).unwrap_or(PartialDate::year(0));
        assert_eq!(Temporal::Date(d("2016-08")).to_string(), "2016-08");
        assert_eq!(Temporal::Interval { start: d("2019"), end: Some(d("2022")) }.to_string(), "2019/2022");
        assert_eq!(Temporal::Interval { start: d("2019"), end: None }.to_string(), "2019/..");
    }

    #[test]
    fn long_inputs_stay_linear() {
        let text = "April, May, June, 2019–2020 since between 30 and 31 July ".repeat(20_000);
        let start = std::time::Instant::now();
        let found = find_dates(&text, Span::new(0, text.len()), None);
        assert!(!found.is_empty());
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }

    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("2019".to_owned()),
            Just("30".to_owned()),
            Just("July".to_owned()),
            Just("May".to_owned()),
            Just("of".to_owned()),
            Just("and".to_owned()),
            Just("since".to_owned()),
            Just("between".to_owned()),
            Just("from".to_owned()),
            Just("to".to_owned()),
            Just("present".to_owned()),
            Just("late".to_owned()),
            Just("mid".to_owned()),
            Just("the end of".to_owned()),
            Just("this year".to_owned()),
            Just("last month".to_owned()),
            Just("-".to_owned()),
            Just("–".to_owned()),
            Just(",".to_owned()),
            Just(".".to_owned()),
            Just("/".to_owned()),
            Just("³⁹⁷".to_owned()),
            Just("é".to_owned()),
            Just("\n\n".to_owned()),
            Just("(".to_owned()),
            Just(")".to_owned()),
            "[0-9]{1,5}",
            ".{0,3}",
        ]
    }

    fn text_and_within() -> impl Strategy<Value = (String, usize, usize)> {
        (prop::collection::vec((fragment(), prop::bool::ANY), 0..30), any::<usize>(), any::<usize>()).prop_map(
            |(parts, a, b)| {
                let mut text = String::new();
                for (p, space) in parts {
                    text.push_str(&p);
                    if space {
                        text.push(' ');
                    }
                }
                (text, a, b)
            },
        )
    }

    /// Snaps `n` into `0..=text.len()` and down to a character boundary.
    fn boundary(text: &str, n: usize) -> usize {
        let mut n = n % (text.len() + 1);
        while !text.is_char_boundary(n) {
            n -= 1;
        }
        n
    }

    proptest! {
        #[test]
        fn mentions_are_ordered_and_inside_within((text, a, b) in text_and_within()) {
            let (a, b) = (boundary(&text, a), boundary(&text, b));
            let within = Span::new(a.min(b), a.max(b));
            let doc = PartialDate::month(2024, 1);
            let found = find_dates(&text, within, doc);
            let mut last = within.start;
            for m in &found {
                prop_assert!(within.contains(m.span));
                prop_assert!(m.span.start >= last && !m.span.is_empty());
                prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
                last = m.span.end;
            }
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".{0,200}", a in any::<usize>(), b in any::<usize>()) {
            let _ = find_dates(&text, Span { start: a % (text.len() + 2), end: b % (text.len() + 2) }, None);
        }
    }
}
