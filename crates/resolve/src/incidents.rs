//! Incident merge: reports of the same incident from different sources
//! become one event.
//!
//! A pair of reports is first checked against hard rules that forbid a
//! merge whatever else agrees: the same source (a source's own frames are
//! already one per incident), different countries, dates that cannot be the
//! same day at the precision both give (`2023-07-30` and `2023-07-31` are two
//! days unless one report speaks of a night), different provinces. Pairs
//! that pass are scored on date, place, perpetrator, toll and target; a pair
//! scoring at least [`THRESHOLD`] (one more when neither date pins the month)
//! is a link. Links are applied best first, and two groups are joined only
//! when *every* pair across them passes the hard rules, so a vague report
//! cannot chain two distinct incidents together.

use std::collections::HashMap;

use dossier_model::{DatePrecision, PartialDate, PlaceRecord, Toll};

/// Score a pair needs to be linked.
pub const THRESHOLD: i32 = 5;

/// One incident report, as the merge sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportIn {
    /// The source it comes from; reports of one source are never merged.
    pub source: u32,
    /// When.
    pub date: Option<PartialDate>,
    /// Where, resolved.
    pub place: Option<PlaceRecord>,
    /// The resolved perpetrator (an actor index of the caller's choosing).
    pub perpetrator: Option<usize>,
    /// The target as written.
    pub target: Option<String>,
    /// People killed.
    pub fatalities: Option<Toll>,
    /// The organisation the perpetrator belongs to (Islamic State for ISKP),
    /// in the same numbering: a report naming the parent may be the same
    /// incident as one naming the branch.
    pub perpetrator_parent: Option<usize>,
    /// The report says the attack came at night (`night of`, `overnight`):
    /// its date may be the day before or after another report's.
    pub night: bool,
}

/// A link between two reports of one event, and why it was made.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Link {
    /// Index into the input.
    pub a: usize,
    /// Index into the input.
    pub b: usize,
    /// The pair's score.
    pub score: i32,
    /// Why, in words: `same month (2023-07); Khar lies in Bajaur; same perpetrator`.
    pub rule: String,
}

/// One event: its reports in input order, and the links that joined them
/// (a spanning tree: one fewer than the reports).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Cluster {
    /// Indexes into the input.
    pub reports: Vec<usize>,
    /// How they were joined, in the order the links were applied.
    pub links: Vec<Link>,
}

/// The outcome of comparing two reports.
#[derive(Debug, Clone, PartialEq)]
pub enum PairVerdict {
    /// They cannot be one incident.
    Forbidden(String),
    /// They may be; the score and its reasons.
    Scored(i32, Vec<String>),
}

/// Groups reports into events. Deterministic: ties break by input order.
pub fn merge_incidents(reports: &[ReportIn]) -> Vec<Cluster> {
    let n = reports.len();
    // Candidate pairs: same country (or one unknown), dates that may agree.
    // Blocking by country keeps this from being quadratic over everything.
    let mut by_country: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut unplaced = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        match r.place.as_ref().map(|p| p.country.as_str()).filter(|c| !c.is_empty()) {
            Some(c) => by_country.entry(c).or_default().push(i),
            None => unplaced.push(i),
        }
    }
    let mut links: Vec<(i32, usize, usize, String)> = Vec::new();
    let consider = |a: usize, b: usize, links: &mut Vec<(i32, usize, usize, String)>| {
        if let PairVerdict::Scored(score, reasons) = compare(&reports[a], &reports[b])
            && score >= threshold(&reports[a], &reports[b])
        {
            links.push((score, a.min(b), a.max(b), reasons.join("; ")));
        }
    };
    let mut countries: Vec<&&str> = by_country.keys().collect();
    countries.sort();
    for c in countries {
        let members = &by_country[*c];
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                consider(a, b, &mut links);
            }
            for &b in &unplaced {
                consider(a, b, &mut links);
            }
        }
    }
    for (x, &a) in unplaced.iter().enumerate() {
        for &b in &unplaced[x + 1..] {
            consider(a, b, &mut links);
        }
    }
    links.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));

    // Greedy complete-linkage on the hard rules.
    let mut group: Vec<usize> = (0..n).collect();
    let mut clusters: Vec<Cluster> = (0..n).map(|i| Cluster { reports: vec![i], links: Vec::new() }).collect();
    for (score, a, b, rule) in links {
        let (ga, gb) = (group[a], group[b]);
        if ga == gb {
            continue;
        }
        let compatible = clusters[ga].reports.iter().all(|&x| {
            clusters[gb].reports.iter().all(|&y| matches!(compare(&reports[x], &reports[y]), PairVerdict::Scored(..)))
        });
        if !compatible {
            continue;
        }
        let (keep, gone) = if ga < gb { (ga, gb) } else { (gb, ga) };
        let moved = std::mem::replace(&mut clusters[gone], Cluster { reports: Vec::new(), links: Vec::new() });
        for &r in &moved.reports {
            group[r] = keep;
        }
        let k = &mut clusters[keep];
        k.reports.extend(moved.reports);
        k.reports.sort_unstable();
        k.links.extend(moved.links);
        k.links.push(Link { a, b, score, rule });
    }
    let mut clusters: Vec<Cluster> = clusters.into_iter().filter(|c| !c.reports.is_empty()).collect();
    clusters.sort_by_key(|c| c.reports[0]);
    clusters
}

/// The score a pair needs: one more when either date is vaguer than a month.
pub fn threshold(a: &ReportIn, b: &ReportIn) -> i32 {
    let month_known = |r: &ReportIn| r.date.is_some_and(|d| d.precision() >= DatePrecision::Month);
    if month_known(a) && month_known(b) { THRESHOLD } else { THRESHOLD + 1 }
}

/// Compares two reports: the hard rules first, then the score.
pub fn compare(a: &ReportIn, b: &ReportIn) -> PairVerdict {
    let forbid = |why: String| PairVerdict::Forbidden(why);
    if a.source == b.source {
        return forbid("same source".into());
    }
    let mut score = 0;
    let mut why = Vec::new();

    // Dates.
    match (a.date, b.date) {
        (Some(x), Some(y)) => match date_agreement(x, y, a.night || b.night) {
            Err(e) => return forbid(e),
            Ok((s, w)) => {
                score += s;
                why.push(w);
            }
        },
        _ => why.push("date given by one report only".into()),
    }

    // Places.
    if let (Some(p), Some(q)) = (&a.place, &b.place) {
        if !p.country.is_empty() && !q.country.is_empty() && p.country != q.country {
            return forbid(format!("different countries ({} and {})", p.country, q.country));
        }
        match place_agreement(p, q) {
            Err(e) => return forbid(e),
            Ok((s, w)) => {
                score += s;
                if !w.is_empty() {
                    why.push(w);
                }
            }
        }
    }

    // Perpetrators.
    match (a.perpetrator, b.perpetrator) {
        (Some(x), Some(y)) if x == y => {
            score += 2;
            why.push("same perpetrator".into());
        }
        (Some(x), Some(y)) if a.perpetrator_parent == Some(y) || b.perpetrator_parent == Some(x) => {
            score += 1;
            why.push("perpetrator named by its parent organisation".into());
        }
        (Some(_), Some(_)) => {
            score -= 3;
            why.push("different perpetrators".into());
        }
        _ => {}
    }

    // Tolls.
    if let (Some(x), Some(y)) = (a.fatalities, b.fatalities) {
        match toll_agreement(&x, &y) {
            TollAgreement::Compatible => {
                score += 2;
                why.push(format!("tolls agree ({} and {})", toll_text(&x), toll_text(&y)));
            }
            TollAgreement::Apart => {
                score -= 2;
                why.push(format!("tolls far apart ({} and {})", toll_text(&x), toll_text(&y)));
            }
            TollAgreement::Unclear => {}
        }
    }

    // Targets.
    if let (Some(x), Some(y)) = (&a.target, &b.target)
        && let Some(w) = shared_word(x, y)
    {
        score += 1;
        why.push(format!("same target ({w})"));
    }
    PairVerdict::Scored(score, why)
}

/// How well two dates agree: `Err` when they cannot be the same day.
fn date_agreement(x: PartialDate, y: PartialDate, night: bool) -> Result<(i32, String), String> {
    if x.year != y.year {
        // A night from 31 December to 1 January is too rare to special-case.
        return Err(format!("different years ({x} and {y})"));
    }
    match (x.month, y.month) {
        (Some(m), Some(n)) if m != n => {
            let adjacent = night && x.day.is_some() && y.day.is_some() && days_apart(x, y) == Some(1);
            if adjacent {
                return Ok((2, format!("the night of {x} and {y}")));
            }
            return Err(format!("different months ({x} and {y})"));
        }
        (Some(_), Some(_)) => {}
        _ => return Ok((1, format!("same year ({})", x.year))),
    }
    match (x.day, y.day) {
        (Some(d), Some(e)) if d == e => Ok((3, format!("same day ({x})"))),
        (Some(_), Some(_)) => {
            if night && days_apart(x, y) == Some(1) {
                Ok((2, format!("the night of {x} and {y}")))
            } else {
                Err(format!("different days ({x} and {y})"))
            }
        }
        _ => Ok((2, format!("same month ({}-{:02})", x.year, x.month.unwrap_or(0)))),
    }
}

/// Days between two day-precision dates of the same year.
fn days_apart(x: PartialDate, y: PartialDate) -> Option<i64> {
    let ordinal = |d: PartialDate| -> Option<i64> {
        let mut days = 0i64;
        for m in 1..d.month? {
            days += i64::from(PartialDate::day(d.year, m, 1).map(|_| month_len(d.year, m)).unwrap_or(30));
        }
        Some(days + i64::from(d.day?))
    };
    Some((ordinal(x)? - ordinal(y)?).abs())
}

fn month_len(year: i32, month: u8) -> u8 {
    (28..=31).rev().find(|&d| PartialDate::day(year, month, d).is_some()).unwrap_or(30)
}

fn rank(kind: &str) -> u8 {
    match kind {
        "country" => 0,
        "admin1" => 1,
        "admin2" => 2,
        "city" => 3,
        _ => 0,
    }
}

/// How well two places agree: `Err` when they lie in different provinces.
fn place_agreement(p: &PlaceRecord, q: &PlaceRecord) -> Result<(i32, String), String> {
    if p.id == q.id {
        return Ok((3, format!("same place ({})", p.name)));
    }
    if let (Some(a), Some(b)) = (&p.admin1, &q.admin1)
        && a != b
    {
        return Err(format!("different provinces ({} and {})", a, b));
    }
    // Containment through the hierarchy: Khar (city) lies in Bajaur (admin-2).
    let (outer, inner) = if rank(&p.kind) <= rank(&q.kind) { (p, q) } else { (q, p) };
    if outer.kind == "admin2" && inner.admin2.as_deref() == Some(outer.id.as_str()) {
        return Ok((2, format!("{} lies in {}", inner.name, outer.name)));
    }
    if let (Some(a), Some(b)) = (&p.admin2, &q.admin2) {
        if a == b {
            return Ok((2, format!("same district ({})", p.admin2_name.as_deref().unwrap_or(a))));
        }
        if p.kind != "admin1" && q.kind != "admin1" {
            return Err(format!("different districts ({} and {})", p.name, q.name));
        }
    }
    if outer.kind == "admin1" && inner.admin1.as_deref() == outer.admin1.as_deref() && inner.admin1.is_some() {
        return Ok((1, format!("{} lies in {}", inner.name, outer.name)));
    }
    if p.admin1.is_some() && p.admin1 == q.admin1 {
        return Ok((1, format!("same province ({})", p.admin1_name.as_deref().unwrap_or_default())));
    }
    if p.kind == "city" && q.kind == "city" && !p.country.is_empty() {
        // Two named towns with no shared district known: likely apart.
        return Ok((-1, format!("different towns ({} and {})", p.name, q.name)));
    }
    Ok((0, String::new()))
}

enum TollAgreement {
    Compatible,
    Apart,
    Unclear,
}

/// Tolls agree when their ranges overlap within 15 %; they are apart when
/// one is more than twice the other.
fn toll_agreement(x: &Toll, y: &Toll) -> TollAgreement {
    let range = |t: &Toll| -> Option<(f64, f64)> {
        let lo = t.min.or(t.max)? as f64;
        let hi = t.max.map(|m| m as f64).unwrap_or(f64::INFINITY);
        Some((lo, hi))
    };
    let (Some((xl, xh)), Some((yl, yh))) = (range(x), range(y)) else { return TollAgreement::Unclear };
    if xl <= yh * 1.15 && yl <= xh * 1.15 {
        return TollAgreement::Compatible;
    }
    let (small, big) = if xh < yl { (xh, yl) } else { (yh, xl) };
    if big > 2.0 * small.max(1.0) { TollAgreement::Apart } else { TollAgreement::Unclear }
}

fn toll_text(t: &Toll) -> String {
    match (t.min, t.max) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "?".into(),
    }
}

/// A content word the two targets share (`airport`).
fn shared_word(x: &str, y: &str) -> Option<String> {
    const STOP: &[&str] = &["the", "a", "an", "of", "in", "on", "at", "and", "its", "their", "local", "there"];
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_lowercase)
            .filter(|w| !STOP.contains(&w.as_str()))
            .collect()
    };
    let b = words(y);
    words(x).into_iter().find(|w| b.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::Span;

    fn place(
        id: &str,
        name: &str,
        kind: &str,
        country: &str,
        admin1: Option<&str>,
        admin2: Option<&str>,
    ) -> PlaceRecord {
        PlaceRecord {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            country: country.into(),
            admin1: admin1.map(Into::into),
            admin1_name: None,
            admin2: admin2.map(Into::into),
            admin2_name: None,
            lat: None,
            lon: None,
        }
    }

    fn toll(min: Option<u64>, max: Option<u64>) -> Option<Toll> {
        Some(Toll { min, max, span: Span::default() })
    }

    fn report(source: u32, date: &str, place: Option<PlaceRecord>, perp: Option<usize>, t: Option<Toll>) -> ReportIn {
        ReportIn {
            source,
            date: PartialDate::parse_iso(date),
            place,
            perpetrator: perp,
            target: None,
            fatalities: t,
            perpetrator_parent: None,
            night: false,
        }
    }

    fn bajaur() -> PlaceRecord {
        place("gn:bajaur", "Bajaur", "admin2", "PK", Some("PK-KP"), Some("gn:bajaur"))
    }
    fn khar() -> PlaceRecord {
        place("gn:khar", "Khar", "city", "PK", Some("PK-KP"), Some("gn:bajaur"))
    }
    fn kabul() -> PlaceRecord {
        place("gn:kabul", "Kabul", "city", "AF", Some("AF-KAB"), Some("gn:kabul-d"))
    }

    #[test]
    fn a_day_and_its_month_in_a_contained_place_merge() {
        let reports = [
            report(0, "2023-07-30", Some(bajaur()), Some(1), toll(Some(54), None)),
            report(1, "2023-07", Some(khar()), Some(1), toll(Some(63), Some(63))),
        ];
        let c = merge_incidents(&reports);
        assert_eq!(c.len(), 1, "{c:?}");
        let rule = &c[0].links[0].rule;
        assert!(rule.contains("Khar lies in Bajaur") && rule.contains("same month"), "{rule}");
    }

    #[test]
    fn different_days_months_countries_and_sources_never_merge() {
        let near = |s, d: &str| report(s, d, Some(kabul()), Some(1), toll(Some(10), Some(10)));
        for (a, b) in [
            (near(0, "2023-07-30"), near(1, "2023-07-31")),
            (near(0, "2023-07"), near(1, "2023-08")),
            (near(0, "2023-07-30"), near(0, "2023-07-30")),
            (near(0, "2023"), report(1, "2023", Some(bajaur()), Some(1), toll(Some(10), Some(10)))),
        ] {
            assert!(matches!(compare(&a, &b), PairVerdict::Forbidden(_)), "{a:?} {b:?}");
            assert_eq!(merge_incidents(&[a, b]).len(), 2);
        }
    }

    #[test]
    fn the_night_of_allows_the_next_day() {
        let mut a = report(0, "2024-03-22", Some(kabul()), Some(1), None);
        let b = report(1, "2024-03-23", Some(kabul()), Some(1), None);
        assert!(matches!(compare(&a, &b), PairVerdict::Forbidden(_)));
        a.night = true;
        assert_eq!(merge_incidents(&[a, b]).len(), 1);
    }

    #[test]
    fn a_vague_report_does_not_chain_two_incidents() {
        // Two Kabul attacks years apart, and an undated report of one of them.
        let mut undated = report(2, "", Some(kabul()), Some(1), toll(Some(183), Some(183)));
        undated.date = None;
        undated.target = Some("Kabul airport".into());
        let mut airport = report(0, "2021-08", Some(kabul()), Some(1), None);
        airport.target = Some("the Kabul airport".into());
        let reports = [
            airport,
            report(1, "2021", Some(kabul()), Some(1), toll(Some(182), None)),
            report(1, "2016-07", Some(kabul()), Some(1), toll(Some(97), Some(97))),
            undated,
        ];
        let c = merge_incidents(&reports);
        let sets: Vec<Vec<usize>> = c.iter().map(|c| c.reports.clone()).collect();
        assert_eq!(sets, vec![vec![0, 1, 3], vec![2]]);
    }

    #[test]
    fn undated_reports_need_more_than_place_and_perpetrator() {
        let mut a = report(0, "", Some(kabul()), Some(1), None);
        a.date = None;
        let b = report(1, "2016-07", Some(kabul()), Some(1), None);
        assert_eq!(merge_incidents(&[a, b]).len(), 2);
    }
}
