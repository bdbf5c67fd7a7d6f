//! Incidents in the period: a table by date (place, toll, perpetrator,
//! claim of responsibility, each cell footnoted to the reports that state
//! it), totals by province and by year, and the map.

use std::collections::BTreeMap;

use dossier_model::PartialDate;
use dossier_resolve::ledger::{Figure, Policy, Statement, ledger};
use dossier_store::{ActorRow, Citation, EventFilter, EventRow, ReportRow, TollColumn};

use crate::build::{Ctx, P};
use crate::notes::{Origin, Target, cited_notes};
use crate::text::{find_folded, long_date, mentions_date, numbers};
use crate::{Backed, Block, MapPoint, Period, Phrase, ReportError, Table};

/// What a report's span should show for each cell it backs.
enum Needle {
    Date(PartialDate),
    /// Any of these names, at word boundaries.
    Names(Vec<String>),
    /// A number, or else the toll's own words.
    Number(u64, Option<String>),
    /// Any of these word stems.
    Stems(&'static [&'static str]),
}

fn shows(text: &str, n: &Needle) -> bool {
    match n {
        Needle::Date(d) => mentions_date(text, d),
        Needle::Names(v) => v.iter().any(|a| find_folded(text, a, true).is_some()),
        Needle::Number(x, words) => {
            numbers(text).iter().any(|(_, y)| y == x) || words.as_deref().is_some_and(|w| text.contains(w))
        }
        Needle::Stems(v) => {
            let low = text.to_lowercase();
            v.iter().any(|s| low.contains(s))
        }
    }
}

/// The span a report's footnote points at: its evidence, widened back over
/// up to three passages when what it backs (a date taken from the sentence
/// before, the group a pronoun stands for) is stated there.
fn report_span(ctx: &mut Ctx<'_>, r: &ReportRow) -> (usize, usize, String) {
    let ev = &r.evidence;
    if let Some(s) = ctx.spans.get(&r.id) {
        return s.clone();
    }
    let mut needles = Vec::new();
    if let Some(d) = r.date.as_deref().and_then(PartialDate::parse_iso) {
        needles.push(Needle::Date(d));
    }
    if let Some(p) = &r.place {
        needles.push(Needle::Names(vec![p.surface.clone()]));
    }
    if let Some(n) = r.fatalities_min.or(r.fatalities_max) {
        needles.push(Needle::Number(n, r.fatalities_quote.clone()));
    }
    if let Some(p) = &r.perpetrator {
        needles.push(Needle::Names(ctx.aliases_of(&p.key)));
    }
    if r.claimed {
        needles.push(Needle::Stems(&["claim", "responsib"]));
    }
    let mut span = (ev.start, ev.end, ev.quote.clone());
    if let Some(d) = ctx.detail(&ev.source.id) {
        // Starts of the passages before the evidence, nearest first.
        let mut starts: Vec<usize> = d.passages.iter().map(|p| p.start).filter(|s| *s < ev.start).collect();
        starts.sort_unstable();
        starts.reverse();
        starts.truncate(3);
        let mut candidates = vec![ev.start];
        candidates.extend(starts);
        let mut widest = 0;
        for n in &needles {
            if let Some(k) = candidates.iter().position(|s| d.text.get(*s..ev.end).is_some_and(|t| shows(t, n))) {
                widest = widest.max(k);
            }
        }
        if let Some(start) = candidates.get(widest).copied()
            && let Some(q) = d.text.get(start..ev.end)
        {
            span = (start, ev.end, q.to_string());
        }
    }
    ctx.spans.insert(r.id, span.clone());
    span
}

/// The footnote for an incident report: it states `value` for `field`,
/// shown in the report as `shown`.
pub(crate) fn report_note(ctx: &mut Ctx<'_>, r: &ReportRow, field: &str, value: &str, shown: &str) -> u32 {
    let (start, end, quote) = report_span(ctx, r);
    let src = r.evidence.source.id.clone();
    let notes: Vec<(String, String)> = ctx
        .detail(&src)
        .map(|d| d.notes.iter().map(|n| (n.label.clone(), n.text.clone())).collect())
        .unwrap_or_default();
    let note_text = |l: &str| notes.iter().find(|(x, _)| x == l).map(|(_, t)| t.clone());
    let cits: Vec<&Citation> = r.evidence.citations.iter().collect();
    let citing = cited_notes(&cits, &note_text);
    let meta = ctx.meta(&r.evidence.source);
    let own = (start != r.evidence.start).then_some((r.evidence.start, r.evidence.end));
    let target = Target { source_id: &src, meta: &meta, start, end, quote: &quote, own, citations: citing };
    ctx.notes.add(
        target,
        Origin::Report(r.id),
        Backed { field: field.into(), value: value.into(), shown: shown.into() },
    )
}

fn toll_column(p: Policy) -> TollColumn {
    p.into()
}

fn toll_of(e: &EventRow, p: Policy) -> Option<u64> {
    e.toll(p)
}

/// `Khar, Bājaur Agency, Khyber Pakhtunkhwa, PK`.
fn place_text(e: &EventRow) -> String {
    let text = e.place_text();
    if text.is_empty() { "place not stated".into() } else { text }
}

fn cell(text: impl AsRef<str>) -> Phrase {
    let mut p = P::default();
    p.t(text);
    p.done()
}

/// `54 (range 54–63)` under the policy, from the reports' own figures.
fn toll_words(reports: &[ReportRow], policy: Policy) -> Option<String> {
    let mut ids: Vec<&str> = Vec::new();
    let statements: Vec<Statement> = reports
        .iter()
        .filter(|r| r.fatalities_min.is_some() || r.fatalities_max.is_some())
        .map(|r| {
            let id = r.evidence.source.id.as_str();
            if !ids.contains(&id) {
                ids.push(id);
            }
            Statement {
                source: ids.iter().position(|x| *x == id).unwrap_or(0) as u32,
                dated: r.evidence.source.date.as_deref().and_then(PartialDate::parse_iso),
                value: Figure::Range { min: r.fatalities_min, max: r.fatalities_max },
            }
        })
        .collect();
    if statements.is_empty() {
        return None;
    }
    let l = ledger(&statements, policy);
    let best = l.best?.to_string();
    Some(match (l.low, l.high) {
        (Some(lo), Some(hi)) if lo != hi => format!("{best} (range {lo}–{hi})"),
        _ => best,
    })
}

/// The events a table lists: id → (row, `date, place`).
pub(crate) type Listed = BTreeMap<i64, (usize, String)>;

/// The incidents section, and the events it lists.
pub(crate) fn section(
    ctx: &mut Ctx<'_>,
    actor: &ActorRow,
    short: Option<&str>,
    period: &Period,
) -> Result<(Vec<Block>, Listed), ReportError> {
    let policy = ctx.policy;
    let filter = EventFilter {
        actor: Some(actor.key.clone()),
        from: period.from.clone(),
        to: period.to.clone(),
        toll: toll_column(policy),
        ..Default::default()
    };
    let mut events = ctx.store.events(&filter)?;
    events.sort_by(|a, b| (a.date.is_none(), &a.date, a.id).cmp(&(b.date.is_none(), &b.date, b.id)));
    let mut listed = BTreeMap::new();
    let mut blocks = Vec::new();
    if events.is_empty() {
        blocks.push(Block::Remark {
            text: format!("The knowledge base holds no incident attributed to it for the period ({}).", period.words()),
        });
        return Ok((blocks, listed));
    }
    let sources: usize = {
        let mut s: Vec<String> = Vec::new();
        for e in &events {
            for r in ctx.store.event(e.id)?.report_list {
                if !s.contains(&r.evidence.source.id) {
                    s.push(r.evidence.source.id);
                }
            }
        }
        s.len()
    };
    blocks.push(Block::Remark {
        text: format!(
            "The knowledge base holds {} incident(s) attributed to it for the period ({}), from {} source(s); \
             reports of one incident in several sources are merged. Each cell is footnoted to the reports that \
             state it.",
            events.len(),
            period.words(),
            sources
        ),
    });
    let mut rows = Vec::new();
    let mut points: Vec<MapPoint> = Vec::new();
    let mut unplaced = 0;
    for (i, e) in events.iter().enumerate() {
        let row = i + 1;
        let d = ctx.store.event(e.id)?;
        let reports = d.report_list;
        let date_words = e.date.as_deref().map(long_date).unwrap_or_else(|| "date not stated".into());
        let place = place_text(e);
        listed.insert(e.id, (row, format!("{date_words}, {place}")));

        let mut date = P::default();
        date.t(&date_words);
        for r in reports.iter().filter(|r| r.date.is_some()) {
            let n = report_note(ctx, r, "incident_date", r.date.as_deref().unwrap_or_default(), &date_words);
            date.note(n);
        }
        let mut where_ = P::default();
        where_.t(&place);
        for r in &reports {
            if let Some(p) = &r.place {
                let n = report_note(ctx, r, "incident_place", &p.surface, &place);
                where_.note(n);
            }
        }
        let mut toll = P::default();
        let toll_text = toll_words(&reports, policy).unwrap_or_else(|| "not stated".into());
        toll.t(&toll_text);
        for r in &reports {
            if r.fatalities_min.is_some() || r.fatalities_max.is_some() {
                let fig = Figure::Range { min: r.fatalities_min, max: r.fatalities_max }.to_string();
                let n = report_note(ctx, r, "incident_toll", &fig, &toll_text);
                toll.note(n);
            }
        }
        let mut perp = P::default();
        match &e.perpetrator {
            Some(a) => {
                // The report's own actor by its short name, to keep the column narrow.
                let shown = match short {
                    Some(s) if a.key == actor.key => s.to_string(),
                    _ => a.name.clone(),
                };
                perp.t(&shown);
                for r in reports.iter().filter(|r| r.perpetrator.as_ref().is_some_and(|p| p.key == a.key)) {
                    let n = report_note(ctx, r, "perpetrator", &a.name, &shown);
                    perp.note(n);
                }
            }
            None => {
                perp.t("not stated");
            }
        }
        let mut claim = P::default();
        if reports.iter().any(|r| r.claimed) {
            claim.t("claimed");
            for r in reports.iter().filter(|r| r.claimed) {
                let n = report_note(ctx, r, "claimed", "claimed", "claimed");
                claim.note(n);
            }
        } else {
            claim.t("—");
        }
        let support = if e.sources == 1 { "single source".to_string() } else { format!("{} sources", e.sources) };
        rows.push(vec![
            cell(row.to_string()),
            date.done(),
            where_.done(),
            toll.done(),
            perp.done(),
            claim.done(),
            cell(support),
        ]);

        match (e.lat, e.lon) {
            (Some(lat), Some(lon)) => {
                let country = e.country.clone().unwrap_or_default();
                match points.iter_mut().find(|p| p.lat == lat && p.lon == lon) {
                    Some(p) => {
                        p.rows.push(row);
                        p.events.push(e.id);
                    }
                    None => points.push(MapPoint {
                        rows: vec![row],
                        events: vec![e.id],
                        place: e.place.clone().unwrap_or_default(),
                        country,
                        lat,
                        lon,
                    }),
                }
            }
            _ => unplaced += 1,
        }
    }
    blocks.push(Block::Table(Table {
        caption: format!("Table 1: Incidents attributed to it, {}", period.words()),
        columns: ["No.", "Date", "Place", "Killed", "Perpetrator", "Claim of responsibility", "Sources"]
            .map(String::from)
            .to_vec(),
        numeric: vec![true, false, false, true, false, false, false],
        rows,
        note: Some(format!(
            "Killed: the figure under the {policy} policy from the reports' own figures, with their range when they \
             differ. Claim of responsibility: “claimed” where a report says responsibility was claimed; “—” where \
             no report says so."
        )),
    }));

    // Totals by province and by year.
    let mut by_province: BTreeMap<(String, String), (usize, u64)> = BTreeMap::new();
    let mut by_year: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for e in &events {
        let toll = toll_of(e, policy).unwrap_or(0);
        let key = (
            e.country.clone().unwrap_or_else(|| "—".into()),
            e.admin1_name.clone().unwrap_or_else(|| "province not stated".into()),
        );
        let x = by_province.entry(key).or_default();
        x.0 += 1;
        x.1 += toll;
        let year = e.date.as_deref().and_then(|d| d.get(..4)).unwrap_or("undated").to_string();
        let y = by_year.entry(year).or_default();
        y.0 += 1;
        y.1 += toll;
    }
    let total_note = format!(
        "Computed from Table 1; fatalities summed under the {policy} policy; incidents without a stated toll add none."
    );
    blocks.push(Block::Table(Table {
        caption: "Table 2: Incidents and fatalities by province".into(),
        columns: ["Country", "Province", "Incidents", "Killed"].map(String::from).to_vec(),
        numeric: vec![false, false, true, true],
        rows: by_province
            .iter()
            .map(|((c, p), (n, f))| vec![cell(c), cell(p), cell(n.to_string()), cell(f.to_string())])
            .collect(),
        note: Some(total_note.clone()),
    }));
    blocks.push(Block::Table(Table {
        caption: "Table 3: Incidents and fatalities by year".into(),
        columns: ["Year", "Incidents", "Killed"].map(String::from).to_vec(),
        numeric: vec![false, true, true],
        rows: by_year.iter().map(|(y, (n, f))| vec![cell(y), cell(n.to_string()), cell(f.to_string())]).collect(),
        note: Some(total_note),
    }));
    let caption = format!(
        "Map 1: Incidents attributed to it with point coordinates, {}; labels give Table 1 row numbers, colours \
         countries; below the overview, each country with several places at its own scale (equirectangular; \
         gazetteer points, no boundaries drawn){}",
        period.words(),
        if unplaced > 0 {
            format!("; {unplaced} incident(s) known only to a province or country are not drawn")
        } else {
            String::new()
        }
    );
    blocks.push(Block::Map(crate::map::draw(points, unplaced, caption)));
    Ok((blocks, listed))
}
