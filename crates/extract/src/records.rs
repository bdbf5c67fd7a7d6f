//! An [`Extraction`] turned into the records the knowledge base stores
//! ([`SourceClaims`]): actors with the names the source uses, incidents
//! with their places resolved into the gazetteer's hierarchy, and claims.
//! Spans stay canonical byte offsets; nothing refers to the gazetteer's
//! in-memory ids any more.

use dossier_model::{
    ActorRecord, Claim, ClaimValue, IncidentReport, PlaceClaim, PlaceRecord, SourceClaims, Span, Toll,
};

use crate::facts::FactValue;
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::lexicon::Lexicon;
use crate::output::canonical;
use crate::{Extraction, PlaceRef};

/// The storable form of one document's extraction. Actors without a single
/// mention are left out, and indexes are renumbered accordingly.
pub fn records(x: &Extraction) -> SourceClaims {
    let g = Gazetteer::bundled();
    let lex = Lexicon::bundled();
    let mut index = vec![None; x.actors.actors.len()];
    let mut actors = Vec::new();
    for (i, a) in x.actors.actors.iter().enumerate() {
        if !x.actors.mentions.iter().any(|m| m.actor == i) {
            continue;
        }
        index[i] = Some(actors.len());
        let entry = a.lex.map(|l| lex.actor(l));
        // A name the lexicon gives another actor is a gloss of this
        // document ("The Islamic State of Iraq and the Levant (ISKP)"), not
        // an alias to spread to other sources.
        let aliases = a
            .names
            .iter()
            .filter(|n| match (a.lex, lex.by_name(n)) {
                (Some(mine), Some(other)) => mine == other,
                _ => true,
            })
            .cloned()
            .collect();
        actors.push(ActorRecord {
            kind: a.kind,
            lexicon_id: entry.map(|e| e.id.clone()),
            parent: entry.and_then(|e| e.parent.clone()),
            name: entry.map(|e| e.canonical.clone()).unwrap_or_else(|| canonical(x, i)),
            aliases,
            rule: a.rule.clone(),
        });
    }
    let local = |i: usize| index.get(i).copied().flatten();
    let mentions = x.actors.mentions.iter().filter_map(|m| Some((local(m.actor)?, m.span))).collect();
    let incidents = x
        .events
        .iter()
        .map(|e| IncidentReport {
            span: e.span,
            trigger: e.trigger,
            date: e.date,
            place: e.place.as_ref().map(|p| place_claim(g, p)),
            perpetrator: e.perpetrator.and_then(local),
            target: e.target.clone(),
            fatalities: e.fatalities.as_ref().map(|t| Toll { min: t.min, max: t.max, span: t.span }),
            claimed: e.claimed,
            rule: e.rules.join("; "),
        })
        .collect();
    let claims = x
        .facts
        .iter()
        .filter_map(|f| {
            let value = match &f.value {
                FactValue::Date(d) => ClaimValue::Date { date: *d },
                FactValue::Range { min, max } => ClaimValue::Range { min: *min, max: *max },
                FactValue::Count(n) => ClaimValue::Count { count: *n },
                FactValue::Actor(a) => ClaimValue::Actor { actor: local(*a)? },
                FactValue::Place(name) => ClaimValue::Place { place: Box::new(named_place(g, name, f.span)) },
                FactValue::Text(t) => ClaimValue::Text { text: t.clone() },
            };
            Some(Claim {
                subject: local(f.subject)?,
                predicate: f.predicate,
                value,
                span: f.span,
                as_of: f.as_of,
                role: f.role.clone(),
                until: f.until,
                date: f.date,
                period: f.period.clone(),
                place: f.place.clone(),
                rule: f.rule.to_string(),
            })
        })
        .collect();
    SourceClaims { actors, mentions, incidents, claims }
}

fn place_claim(g: &Gazetteer, p: &PlaceRef) -> PlaceClaim {
    PlaceClaim { surface: p.surface.clone(), span: p.span, place: Some(place_record(g, p.place)) }
}

/// A place a fact names by its words: resolved when the gazetteer has
/// exactly one best reading of the whole name.
fn named_place(g: &Gazetteer, name: &str, span: Span) -> PlaceClaim {
    let found = g.find(name, Span::new(0, name.len()));
    let whole = found.iter().find(|m| m.span.start == 0 && m.span.end == name.len()).or_else(|| found.first());
    let place = whole.and_then(|m| m.candidates.first()).map(|&id| place_record(g, id));
    PlaceClaim { surface: name.to_string(), span, place }
}

/// The gazetteer row and its hierarchy as a record.
pub fn place_record(g: &Gazetteer, id: PlaceId) -> PlaceRecord {
    let p = g.place(id);
    let a1 = g.admin1(id).map(|a| g.place(a));
    let a2 = g.admin2(id).map(|a| g.place(a));
    PlaceRecord {
        id: p.id.clone(),
        name: p.name.clone(),
        kind: p.kind.as_str().to_string(),
        country: p.country.clone(),
        admin1: p.admin1.clone(),
        admin1_name: a1.map(|a| a.name.clone()),
        admin2: a2.map(|a| a.id.clone()),
        admin2_name: a2.map(|a| a.name.clone()),
        lat: p.lat,
        lon: p.lon,
    }
}
