//! Incidents per month or year.

use dossier_resolve::ledger::Policy;
use dossier_store::{ActorRow, EventFilter, Result, Store};
use serde::Serialize;

/// Bucket width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// One bucket per calendar month.
    #[default]
    Month,
    /// One bucket per year.
    Year,
}

/// Incidents of one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// `2023-07` or `2023`.
    pub period: String,
    /// Events dated in it.
    pub events: usize,
    /// Their tolls summed (under the policy; events without one add 0).
    pub fatalities: u64,
}

/// An actor's incidents over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The actor.
    pub actor: ActorRow,
    /// The bucket width.
    pub by: Granularity,
    /// The policy behind the tolls.
    pub policy: Policy,
    /// Every period from the first to the last dated event, empty ones
    /// included, so a chart shows gaps.
    pub buckets: Vec<Bucket>,
    /// Events too vaguely dated for the buckets (a year, by month).
    pub vague: usize,
    /// Events with no date at all.
    pub undated: usize,
}

/// The timeline of the actor `name` names.
pub fn timeline(store: &Store, name: &str, by: Granularity, policy: Policy) -> Result<Timeline> {
    timeline_between(store, name, by, policy, None, None)
}

/// [`timeline`] for the events that may fall between `from` and `to` (ISO
/// days, either open); the periods then run over the whole range asked for,
/// not only from the first event to the last.
pub fn timeline_between(
    store: &Store,
    name: &str,
    by: Granularity,
    policy: Policy,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Timeline> {
    let actor = store.actor(name)?;
    let filter = EventFilter {
        actor: Some(actor.key.clone()),
        from: from.map(str::to_string),
        to: to.map(str::to_string),
        ..Default::default()
    };
    let events = store.events(&filter)?;
    let period_of = |d: &str| match by {
        Granularity::Year => d.get(..4).map(str::to_string),
        Granularity::Month => d.get(..7).filter(|m| m.len() == 7).map(str::to_string),
    };
    let (mut dated, mut vague, mut undated) = (Vec::new(), 0, 0);
    for e in &events {
        let Some(d) = e.date.as_deref() else {
            undated += 1;
            continue;
        };
        let key = period_of(d);
        let toll = match policy {
            Policy::Conservative => e.fatalities_low,
            Policy::Recent => e.fatalities_recent,
            Policy::Median => e.fatalities_median,
        };
        match key {
            Some(k) => dated.push((k, toll.unwrap_or(0))),
            None => vague += 1,
        }
    }
    dated.sort();
    let first = from.and_then(period_of).or_else(|| dated.first().map(|d| d.0.clone()));
    let last = to.and_then(period_of).or_else(|| dated.last().map(|d| d.0.clone()));
    let mut buckets: Vec<Bucket> = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        for period in periods(&first, &last, by) {
            let inside = dated.iter().filter(|(k, _)| *k == period);
            let (n, f) = inside.fold((0, 0), |(n, f), (_, t)| (n + 1, f + t));
            buckets.push(Bucket { period, events: n, fatalities: f });
        }
    }
    Ok(Timeline { actor, by, policy, buckets, vague, undated })
}

/// Every period from `first` to `last` inclusive.
fn periods(first: &str, last: &str, by: Granularity) -> Vec<String> {
    let parse = |s: &str| -> Option<(i32, u32)> {
        let y = s.get(..4)?.parse().ok()?;
        let m = if by == Granularity::Month { s.get(5..7)?.parse().ok()? } else { 1 };
        Some((y, m))
    };
    let (Some((mut y, mut m)), Some(end)) = (parse(first), parse(last)) else { return Vec::new() };
    let mut out = Vec::new();
    while (y, m) <= end && out.len() < 10_000 {
        out.push(match by {
            Granularity::Year => format!("{y:04}"),
            Granularity::Month => format!("{y:04}-{m:02}"),
        });
        match by {
            Granularity::Year => y += 1,
            Granularity::Month if m == 12 => {
                y += 1;
                m = 1;
            }
            Granularity::Month => m += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_fill_gaps() {
        assert_eq!(periods("2023-11", "2024-02", Granularity::Month), ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert_eq!(periods("2016", "2018", Granularity::Year), ["2016", "2017", "2018"]);
        assert!(periods("x", "2018", Granularity::Year).is_empty());
    }
}
