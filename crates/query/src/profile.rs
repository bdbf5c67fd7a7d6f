//! Actor profiles and conflicts.

use std::collections::BTreeMap;

use dossier_model::{ClaimValue, PartialDate, Predicate};
use dossier_resolve::ledger::{Figure, Ledger, Policy, Statement, Verdict, ledger, set_ledger};
use dossier_store::{ActorRef, ActorRow, ClaimRow, EventFilter, Result, SourceRef, Store};
use serde::Serialize;

/// One claim behind a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimEntry {
    /// What this claim itself states (`2015`, `4,000–6,000`).
    pub stated: String,
    /// It states the value less precisely than another source (a
    /// refinement, not a conflict).
    pub less_precise: bool,
    /// The claim with its evidence and citations.
    pub claim: ClaimRow,
}

/// One value of a field and the claims that give it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldValue {
    /// The value as displayed (the most precise form its claims give).
    pub value: String,
    /// Distinct sources that give it.
    pub sources: usize,
    /// Only one source gives it.
    pub uncorroborated: bool,
    /// The claims, by source.
    pub claims: Vec<ClaimEntry>,
    /// For a split: how the sources date it (`May 2019` and `2019`
    /// agree as a refinement).
    pub dated: Option<Ledger>,
}

/// One field of a profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The predicate.
    pub predicate: Predicate,
    /// What narrows it (an attack count's period and place).
    pub qualifier: Option<String>,
    /// What the values amount to.
    pub verdict: Verdict,
    /// Lowest figure (numbers and dates).
    pub low: Option<String>,
    /// Highest figure.
    pub high: Option<String>,
    /// The displayed figure under the policy.
    pub best: Option<String>,
    /// Why this figure.
    pub why: String,
    /// Every value, most supported first.
    pub values: Vec<FieldValue>,
}

impl Field {
    /// Whether sources disagree here, in the value or in a value's date.
    pub fn is_conflict(&self) -> bool {
        self.verdict == Verdict::Conflict
            || self.values.iter().any(|v| v.dated.as_ref().is_some_and(|d| d.verdict == Verdict::Conflict))
    }
}

/// Everything the knowledge base holds about one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The actor with its aliases.
    pub actor: ActorRow,
    /// The policy that chose displayed figures.
    pub policy: Policy,
    /// Fields in profile order.
    pub fields: Vec<Field>,
    /// Events it is the perpetrator of.
    pub events: usize,
    /// Every source cited, by id.
    pub sources: Vec<SourceRef>,
}

/// Predicates with one true value at a time: several values conflict.
fn single_valued(p: Predicate) -> bool {
    matches!(p, Predicate::Founded | Predicate::SizeEstimate | Predicate::AttackCount)
}

/// The profile of the actor `name` names (key, name or any alias).
pub fn profile(store: &Store, name: &str, policy: Policy) -> Result<Profile> {
    let actor = store.actor(name)?;
    let claims = store.claims(&actor.key)?;
    let mut sources: Vec<SourceRef> = claims.iter().map(|c| c.evidence.source.clone()).collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    sources.dedup_by(|a, b| a.id == b.id);
    let source_no = |id: &str| sources.iter().position(|s| s.id == id).unwrap_or(usize::MAX) as u32;

    // Group claims into fields: by predicate, and for attack counts also by
    // what they count.
    let mut groups: BTreeMap<(usize, Option<String>), Vec<ClaimRow>> = BTreeMap::new();
    for c in claims {
        let order = Predicate::ALL.iter().position(|p| *p == c.predicate).unwrap_or(usize::MAX);
        let qualifier = (c.predicate == Predicate::AttackCount).then(|| count_scope(&c));
        groups.entry((order, qualifier)).or_default().push(c);
    }
    let fields =
        groups.into_iter().map(|((_, qualifier), claims)| field(claims, qualifier, policy, &source_no)).collect();
    let events = store.events(&EventFilter { actor: Some(actor.key.clone()), ..Default::default() })?.len();
    Ok(Profile { actor, policy, fields, events, sources })
}

/// `2019/2022 in KP`: what an attack count covers.
fn count_scope(c: &ClaimRow) -> String {
    let period = c.period.clone().unwrap_or_else(|| "all time".into());
    match &c.place {
        Some(p) => format!("{period} in {p}"),
        None => period,
    }
}

fn dated(c: &ClaimRow, source: &SourceRef) -> Option<PartialDate> {
    c.as_of.as_deref().or(source.date.as_deref()).and_then(PartialDate::parse_iso)
}

/// The figure a claim states.
fn figure(c: &ClaimRow) -> Figure {
    match &c.value {
        ClaimValue::Date { date } => Figure::Date(*date),
        ClaimValue::Range { min, max } => Figure::Range { min: *min, max: *max },
        ClaimValue::Count { count } => Figure::number(*count),
        ClaimValue::Actor { .. } => Figure::Label(c.object.as_ref().map(|o| o.name.clone()).unwrap_or_default()),
        // Countries and provinces by the gazetteer's name, so spellings
        // (`Baluchistan`, `KP`) meet; smaller places as the source writes
        // them (`Achin District`, not `Achīn`).
        ClaimValue::Place { place } => Figure::Label(match &place.place {
            Some(p) if matches!(p.kind.as_str(), "country" | "admin1") => p.name.clone(),
            _ => place.surface.clone(),
        }),
        ClaimValue::Text { text } => Figure::Label(text.clone()),
    }
}

fn field(claims: Vec<ClaimRow>, qualifier: Option<String>, policy: Policy, source_no: &dyn Fn(&str) -> u32) -> Field {
    let predicate = claims[0].predicate;
    let statements: Vec<Statement> = claims
        .iter()
        .map(|c| Statement {
            source: source_no(&c.evidence.source.id),
            dated: dated(c, &c.evidence.source),
            value: figure(c),
        })
        .collect();
    let l = if single_valued(predicate) { ledger(&statements, policy) } else { set_ledger(&statements) };
    let values = l
        .values
        .iter()
        .map(|v| {
            let entries: Vec<ClaimEntry> = v
                .statements
                .iter()
                .map(|&i| ClaimEntry {
                    stated: statements[i].value.to_string(),
                    less_precise: v.refined.contains(&i),
                    claim: claims[i].clone(),
                })
                .collect();
            // A split's date, compared across the sources that give one.
            let dates: Vec<Statement> = v
                .statements
                .iter()
                .filter_map(|&i| {
                    let d = claims[i].date.as_deref().and_then(PartialDate::parse_iso)?;
                    Some(Statement { source: statements[i].source, dated: None, value: Figure::Date(d) })
                })
                .collect();
            FieldValue {
                value: v.value.to_string(),
                sources: v.sources,
                uncorroborated: v.uncorroborated(),
                claims: entries,
                dated: (!dates.is_empty()).then(|| ledger(&dates, policy)),
            }
        })
        .collect();
    // "Why this number": the rule, then every statement with its source
    // and date.
    let why = if single_valued(predicate) && !l.why.is_empty() {
        let each: Vec<String> = claims
            .iter()
            .zip(&statements)
            .map(|(c, st)| {
                let s = &c.evidence.source;
                let when = st.dated.map(|d| d.to_string()).unwrap_or_else(|| "undated".into());
                format!("{} — {} ({when})", st.value, s.publisher.as_deref().unwrap_or(&s.title))
            })
            .collect();
        format!("{}. Statements: {}", l.why, each.join("; "))
    } else {
        l.why
    };
    Field {
        predicate,
        qualifier,
        verdict: l.verdict,
        low: l.low.map(|f| f.to_string()),
        high: l.high.map(|f| f.to_string()),
        best: l.best.map(|f| f.to_string()),
        why,
        values,
    }
}

/// One side of a conflict: a value and who gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictSide {
    /// The value.
    pub value: String,
    /// The sources, with the quote each gives.
    pub sources: Vec<(SourceRef, String)>,
}

/// Sources disagreeing about one thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// The actor the field belongs to (for an event, its perpetrator).
    pub actor: Option<ActorRef>,
    /// The event, for a toll conflict.
    pub event: Option<i64>,
    /// What is disputed: `founded`, `size_estimate`, `split_from ISKP: date`,
    /// `fatalities`.
    pub field: String,
    /// Lowest value.
    pub low: Option<String>,
    /// Highest value.
    pub high: Option<String>,
    /// The displayed value under the policy.
    pub best: Option<String>,
    /// Why that value.
    pub why: String,
    /// The values side by side.
    pub sides: Vec<ConflictSide>,
}

fn sides(values: &[FieldValue]) -> Vec<ConflictSide> {
    values
        .iter()
        .map(|v| ConflictSide {
            value: v.value.clone(),
            sources: v
                .claims
                .iter()
                .map(|c| (c.claim.evidence.source.clone(), c.claim.evidence.quote.clone()))
                .collect(),
        })
        .collect()
}

/// Conflicts about one actor (its fields and the tolls of its events), or
/// about every actor when `actor` is `None`.
pub fn conflicts(store: &Store, actor: Option<&str>, policy: Policy) -> Result<Vec<Conflict>> {
    let actors: Vec<ActorRow> = match actor {
        Some(a) => vec![store.actor(a)?],
        None => store.actors()?,
    };
    let mut out = Vec::new();
    for a in &actors {
        let p = profile(store, &a.key, policy)?;
        let me = ActorRef { key: a.key.clone(), name: a.name.clone(), kind: a.kind.clone() };
        for f in &p.fields {
            let name = match &f.qualifier {
                Some(q) => format!("{} ({q})", f.predicate.as_str()),
                None => f.predicate.as_str().to_string(),
            };
            if f.verdict == Verdict::Conflict {
                out.push(Conflict {
                    actor: Some(me.clone()),
                    event: None,
                    field: name.clone(),
                    low: f.low.clone(),
                    high: f.high.clone(),
                    best: f.best.clone(),
                    why: f.why.clone(),
                    sides: sides(&f.values),
                });
            }
            for v in &f.values {
                let Some(d) = v.dated.as_ref().filter(|d| d.verdict == Verdict::Conflict) else { continue };
                let dsides = d
                    .values
                    .iter()
                    .map(|dv| ConflictSide {
                        value: dv.value.to_string(),
                        sources: v
                            .claims
                            .iter()
                            .filter(|c| {
                                c.claim.date.as_deref().and_then(PartialDate::parse_iso).is_some_and(|cd| {
                                    matches!(&dv.value, Figure::Date(x) if x.year == cd.year && (cd.month.is_none() || x.month == cd.month))
                                })
                            })
                            .map(|c| (c.claim.evidence.source.clone(), c.claim.evidence.quote.clone()))
                            .collect(),
                    })
                    .collect();
                out.push(Conflict {
                    actor: Some(me.clone()),
                    event: None,
                    field: format!("{name} {}: date", v.value),
                    low: d.low.as_ref().map(|f| f.to_string()),
                    high: d.high.as_ref().map(|f| f.to_string()),
                    best: d.best.as_ref().map(|f| f.to_string()),
                    why: d.why.clone(),
                    sides: dsides,
                });
            }
        }
        let filter = EventFilter { actor: Some(a.key.clone()), ..Default::default() };
        for e in store.events(&filter)? {
            if e.reports < 2 || e.fatalities_low == e.fatalities_high {
                continue;
            }
            let detail = store.event(e.id)?;
            let statements: Vec<Statement> = detail
                .report_list
                .iter()
                .filter(|r| r.fatalities_min.is_some() || r.fatalities_max.is_some())
                .map(|r| Statement {
                    source: 0,
                    dated: r.date.as_deref().and_then(PartialDate::parse_iso),
                    value: Figure::Range { min: r.fatalities_min, max: r.fatalities_max },
                })
                .collect();
            let l = ledger(&statements, policy);
            if l.verdict != Verdict::Conflict {
                continue;
            }
            let reports: Vec<_> = detail
                .report_list
                .iter()
                .filter(|r| r.fatalities_min.is_some() || r.fatalities_max.is_some())
                .collect();
            out.push(Conflict {
                actor: Some(me.clone()),
                event: Some(e.id),
                field: "fatalities".into(),
                low: l.low.as_ref().map(|f| f.to_string()),
                high: l.high.as_ref().map(|f| f.to_string()),
                best: l.best.as_ref().map(|f| f.to_string()),
                why: l.why.clone(),
                sides: l
                    .values
                    .iter()
                    .map(|v| ConflictSide {
                        value: v.value.to_string(),
                        sources: v
                            .statements
                            .iter()
                            .map(|&i| (reports[i].evidence.source.clone(), reports[i].evidence.quote.clone()))
                            .collect(),
                    })
                    .collect(),
            });
        }
    }
    Ok(out)
}
