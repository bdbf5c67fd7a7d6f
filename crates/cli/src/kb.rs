//! The knowledge-base commands: actors, profile, events, conflicts,
//! timeline, explain. Each opens the store, brings the derived layer up to
//! date, asks the query layer and prints a table (or `--json`).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use dossier_query::{Field, Granularity, Profile};
use dossier_resolve::ledger::{Policy, Verdict};
use dossier_store::{Citation, EventFilter, EventRow, Evidence, Store, TollColumn};

/// Opens the knowledge base and rebuilds its derived layer if stale.
pub fn open(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!("no knowledge base at {} (run `dossier ingest FILES…` first)", db.display());
    }
    let mut store = Store::open(db).with_context(|| format!("cannot open database {}", db.display()))?;
    store.refresh().context("building the knowledge base")?;
    Ok(store)
}

fn json(out: &mut impl Write, v: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)?;
    Ok(())
}

pub fn actors(db: &Path, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let actors = store.actors()?;
    let out = &mut std::io::stdout().lock();
    if as_json {
        json(out, &actors)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{:<32} {:<15} {:>7}  NAME / ALIASES (sources)", "KEY", "KIND", "SOURCES")?;
    for a in &actors {
        let aliases: Vec<String> = a
            .aliases
            .iter()
            .filter(|al| al.alias != a.name)
            .take(8)
            .map(|al| format!("{} ({})", al.alias, al.sources))
            .collect();
        let more = a.aliases.len().saturating_sub(aliases.len() + 1);
        let tail = if more > 0 { format!(" +{more}") } else { String::new() };
        writeln!(out, "{:<32} {:<15} {:>7}  {}", a.key, a.kind, a.sources, a.name)?;
        if !aliases.is_empty() {
            writeln!(out, "{:<57}  aka {}{tail}", "", aliases.join(", "))?;
        }
    }
    writeln!(out, "{} actors", actors.len())?;
    Ok(ExitCode::SUCCESS)
}

/// `[396: US, CRS, Terrorist and Other…]`: a note label with its first reference.
fn cite(c: &Citation) -> String {
    match c.references.first() {
        Some(r) => {
            let who = r.author.as_deref().or(r.publisher.as_deref()).unwrap_or("");
            let title = r.title.as_deref().unwrap_or(&r.raw);
            let title: String = if title.chars().count() > 60 {
                format!("{}…", title.chars().take(60).collect::<String>())
            } else {
                title.to_string()
            };
            let date = r.date.as_deref().map(|d| format!(", {d}")).unwrap_or_default();
            let pages = r.pages.as_deref().map(|p| format!(", {p}")).unwrap_or_default();
            format!("[{}: {who}{}{title}{date}{pages}]", c.label, if who.is_empty() { "" } else { ", " })
        }
        None => format!("[{}]", c.label),
    }
}

fn short(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > n { format!("{}…", s.chars().take(n).collect::<String>()) } else { s }
}

fn evidence_line(e: &Evidence, source_no: usize) -> String {
    let mut line = format!("[{source_no}] “{}”", short(&e.quote, 160));
    for c in &e.citations {
        line.push(' ');
        line.push_str(&cite(c));
    }
    line
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Uncorroborated => "uncorroborated",
        Verdict::Agreement => "agreed",
        Verdict::Refinement => "agreed (refined)",
        Verdict::Conflict => "CONFLICT",
        Verdict::Several => "",
    }
}

pub fn profile(db: &Path, name: &str, policy: Policy, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let p = dossier_query::profile(&store, name, policy)?;
    let out = &mut std::io::stdout().lock();
    if as_json {
        json(out, &p)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_profile(out, &p)?;
    Ok(ExitCode::SUCCESS)
}

pub fn print_profile(out: &mut impl Write, p: &Profile) -> anyhow::Result<()> {
    let a = &p.actor;
    writeln!(out, "{} ({}) — {}, named by {} source(s)", a.name, a.key, a.kind.replace('_', " "), a.sources)?;
    let aliases: Vec<String> = a.aliases.iter().map(|al| format!("{} ({})", al.alias, al.sources)).collect();
    writeln!(out, "Aliases: {}", aliases.join(", "))?;
    writeln!(out, "Events as perpetrator: {}   (dossier events --actor {})", p.events, a.key)?;
    writeln!(out, "Figures shown by policy `{}`; [n] numbers the sources listed at the end.", p.policy)?;
    let no = |id: &str| p.sources.iter().position(|s| s.id == id).map(|i| i + 1).unwrap_or(0);
    for f in &p.fields {
        writeln!(out)?;
        print_field(out, f, &no)?;
    }
    writeln!(out, "\nSources")?;
    for (i, s) in p.sources.iter().enumerate() {
        let meta: Vec<&str> = [s.publisher.as_deref(), s.date.as_deref()].into_iter().flatten().collect();
        let meta = if meta.is_empty() { String::new() } else { format!(" — {}", meta.join(", ")) };
        writeln!(out, "[{}] {}{meta} ({})", i + 1, s.title, s.path)?;
    }
    Ok(())
}

fn print_field(out: &mut impl Write, f: &Field, no: &dyn Fn(&str) -> usize) -> anyhow::Result<()> {
    let name = match &f.qualifier {
        Some(q) => format!("{} ({q})", f.predicate.as_str()),
        None => f.predicate.as_str().to_string(),
    };
    let mut head = format!("{name}: {}", verdict_word(f.verdict));
    if let (Some(lo), Some(hi)) = (&f.low, &f.high) {
        if lo != hi {
            head += &format!("  low {lo} · high {hi}");
        }
        if let Some(b) = &f.best {
            head += &format!(" · shown {b}");
        }
    }
    writeln!(out, "{}", head.trim_end_matches([':', ' ']))?;
    if !f.why.is_empty() && f.values.len() + f.values.iter().map(|v| v.claims.len()).sum::<usize>() > 2 {
        writeln!(out, "  why: {}", f.why)?;
    }
    for v in &f.values {
        let support =
            if v.uncorroborated { "1 source, uncorroborated".to_string() } else { format!("{} sources", v.sources) };
        writeln!(out, "  • {} — {support}", v.value)?;
        if let Some(d) = &v.dated {
            let dates: Vec<String> = d.values.iter().map(|x| x.value.to_string()).collect();
            writeln!(out, "    dated {} ({})", dates.join(" / "), verdict_word(d.verdict))?;
        }
        for c in &v.claims {
            let mut detail = Vec::new();
            if c.stated != v.value {
                detail.push(format!("says {}", c.stated));
            }
            if c.less_precise {
                detail.push("less precise".into());
            }
            for (k, x) in
                [("role", &c.claim.role), ("until", &c.claim.until), ("date", &c.claim.date), ("as of", &c.claim.as_of)]
            {
                if let Some(x) = x {
                    detail.push(format!("{k} {x}"));
                }
            }
            let detail = if detail.is_empty() { String::new() } else { format!(" ({})", detail.join(", ")) };
            writeln!(out, "      {}{detail}", evidence_line(&c.claim.evidence, no(&c.claim.evidence.source.id)))?;
        }
    }
    Ok(())
}

/// How `dossier events` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EventFormat {
    /// Aligned columns.
    Table,
    /// A JSON array of events.
    Json,
    /// CSV with a header row.
    Csv,
    /// A GeoJSON FeatureCollection (events without coordinates have a null geometry).
    Geojson,
}

pub fn toll_column(p: Policy) -> TollColumn {
    p.into()
}

fn toll_of(e: &EventRow, p: Policy) -> Option<u64> {
    e.toll(p)
}

fn place_text(e: &EventRow) -> String {
    e.place_text()
}

pub fn events(db: &Path, filter: EventFilter, policy: Policy, format: EventFormat) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let events = store.events(&EventFilter { toll: toll_column(policy), ..filter })?;
    let out = &mut std::io::stdout().lock();
    match format {
        // The full event: its fields, every report (text passages and
        // dataset rows) with its evidence, and the merge links.
        EventFormat::Json => {
            let full = events.iter().map(|e| store.event(e.id)).collect::<Result<Vec<_>, _>>()?;
            json(out, &full)?
        }
        EventFormat::Csv => write_acled_csv(out, &events, policy)?,
        EventFormat::Geojson => {
            let features: Vec<serde_json::Value> = events
                .iter()
                .map(|e| {
                    let geometry = match (e.lat, e.lon, e.place_kind.as_deref()) {
                        // A point only for a place that is one; a province is not a point.
                        (Some(lat), Some(lon), Some("city")) => {
                            serde_json::json!({"type": "Point", "coordinates": [lon, lat]})
                        }
                        _ => serde_json::Value::Null,
                    };
                    let mut props = serde_json::to_value(e).unwrap_or_default();
                    if let Some(o) = props.as_object_mut() {
                        o.insert("fatalities_best".into(), serde_json::json!(toll_of(e, policy)));
                        o.insert("policy".into(), serde_json::json!(policy.as_str()));
                    }
                    serde_json::json!({"type": "Feature", "id": e.id, "geometry": geometry, "properties": props})
                })
                .collect();
            json(out, &serde_json::json!({"type": "FeatureCollection", "features": features}))?;
        }
        EventFormat::Table => print_events(out, &events)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The events table.
pub fn print_events(out: &mut impl Write, events: &[EventRow]) -> anyhow::Result<()> {
    {
        {
            writeln!(
                out,
                "{:>6}  {:<10}  {:<40}  {:<34}  {:>11}  {:>4}",
                "ID", "DATE", "PLACE", "PERPETRATOR", "KILLED", "SRC"
            )?;
            for e in events {
                let toll = match (e.fatalities_low, e.fatalities_high) {
                    (Some(lo), Some(hi)) if lo != hi => format!("{lo}–{hi}"),
                    (Some(lo), _) => lo.to_string(),
                    _ => "?".into(),
                };
                writeln!(
                    out,
                    "{:>6}  {:<10}  {:<40}  {:<34}  {:>11}  {:>4}",
                    e.id,
                    e.date.as_deref().unwrap_or("undated"),
                    short(&place_text(e), 40),
                    short(e.perpetrator.as_ref().map(|p| p.name.as_str()).unwrap_or("unknown"), 34),
                    toll,
                    e.sources
                )?;
            }
            writeln!(out, "{} events (dossier explain ID shows the reports behind one)", events.len())?;
        }
    }
    Ok(())
}

/// Events as CSV in ACLED's column order (the 2023 layout), so tools made
/// for ACLED exports read it. What ACLED has no column for goes into
/// `tags` as `dossier_*=` pairs: the low and high tolls, the policy behind
/// `fatalities`, the number of reports and sources. A date known only to
/// the month or year is written as its first day with `time_precision` 3.
fn write_acled_csv(out: &mut impl Write, events: &[EventRow], policy: Policy) -> anyhow::Result<()> {
    let g = dossier_extract::gazetteer::Gazetteer::bundled();
    let mut w = csv::WriterBuilder::new().from_writer(out);
    w.write_record(dossier_import::ACLED_HEADER)?;
    let s = |v: Option<&str>| v.unwrap_or("").to_string();
    for e in events {
        let (day, precision) = match e.date.as_deref() {
            Some(d) if d.len() == 10 => (d.to_string(), "1"),
            Some(d) if d.len() == 7 => (format!("{d}-01"), "3"),
            Some(d) => (format!("{d}-01-01"), "3"),
            None => (String::new(), ""),
        };
        let country = e
            .country
            .as_deref()
            .and_then(|cc| g.by_key(&format!("iso:{cc}")))
            .map(|id| g.place(id).name.clone())
            .or_else(|| e.country.clone());
        let geo = match e.place_kind.as_deref() {
            Some("city") => "1",
            Some("admin2") => "2",
            Some(_) => "3",
            None => "",
        };
        let tags = format!(
            "dossier_low={};dossier_high={};dossier_policy={policy};dossier_reports={};dossier_sources={}",
            e.fatalities_low.map(|v| v.to_string()).unwrap_or_default(),
            e.fatalities_high.map(|v| v.to_string()).unwrap_or_default(),
            e.reports,
            e.sources
        );
        let record: Vec<String> = dossier_import::ACLED_HEADER
            .iter()
            .map(|col| match *col {
                "event_id_cnty" => format!("DOSSIER{}", e.id),
                "event_date" => day.clone(),
                "year" => e.date.as_deref().and_then(|d| d.get(..4)).unwrap_or("").to_string(),
                "time_precision" => precision.to_string(),
                "actor1" => s(e.perpetrator.as_ref().map(|p| p.name.as_str())),
                "country" => s(country.as_deref()),
                "admin1" => s(e.admin1_name.as_deref()),
                "admin2" => s(e.admin2_name.as_deref()),
                "location" => s(e.place.as_deref()),
                "latitude" => e.lat.map(|v| v.to_string()).unwrap_or_default(),
                "longitude" => e.lon.map(|v| v.to_string()).unwrap_or_default(),
                "geo_precision" => geo.to_string(),
                "source" => format!("Dossier ({} sources)", e.sources),
                "fatalities" => toll_of(e, policy).map(|v| v.to_string()).unwrap_or_default(),
                "tags" => tags.clone(),
                _ => String::new(),
            })
            .collect();
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}

pub fn conflicts(db: &Path, actor: Option<&str>, policy: Policy, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let conflicts = dossier_query::conflicts(&store, actor, policy)?;
    let out = &mut std::io::stdout().lock();
    if as_json {
        json(out, &conflicts)?;
        return Ok(ExitCode::SUCCESS);
    }
    for c in &conflicts {
        let whose = c.actor.as_ref().map(|a| a.name.as_str()).unwrap_or("?");
        let what = match c.event {
            Some(id) => format!("event {id} ({whose}): {}", c.field),
            None => format!("{whose}: {}", c.field),
        };
        writeln!(
            out,
            "{what} — low {} · high {} · shown {}",
            c.low.as_deref().unwrap_or("?"),
            c.high.as_deref().unwrap_or("?"),
            c.best.as_deref().unwrap_or("?")
        )?;
        for s in &c.sides {
            writeln!(out, "  • {}", s.value)?;
            for (src, quote) in &s.sources {
                writeln!(out, "      {} — “{}”", src.title, short(quote, 140))?;
            }
        }
        if !c.why.is_empty() {
            writeln!(out, "  why: {}", c.why)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{} conflicts", conflicts.len())?;
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(db: &Path, actor: &str, by: Granularity, policy: Policy, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let t = dossier_query::timeline(&store, actor, by, policy)?;
    let out = &mut std::io::stdout().lock();
    if as_json {
        json(out, &t)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{} — incidents per {}", t.actor.name, if by == Granularity::Year { "year" } else { "month" })?;
    let max = t.buckets.iter().map(|b| b.events).max().unwrap_or(0).max(1);
    const WIDTH: usize = 40;
    for b in &t.buckets {
        let bar = "█".repeat((b.events * WIDTH).div_ceil(max));
        let toll = if b.fatalities > 0 { format!("  {} killed", b.fatalities) } else { String::new() };
        writeln!(out, "{:<8} {:>3} {bar}{toll}", b.period, b.events)?;
    }
    if t.vague > 0 {
        writeln!(out, "{} event(s) dated only to the year", t.vague)?;
    }
    if t.undated > 0 {
        writeln!(out, "{} event(s) without a date", t.undated)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(db: &Path, id: i64, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let d = store.event(id)?;
    let out = &mut std::io::stdout().lock();
    if as_json {
        json(out, &d)?;
        return Ok(ExitCode::SUCCESS);
    }
    let e = &d.event;
    writeln!(out, "Event {}: {} — {}", e.id, e.date.as_deref().unwrap_or("undated"), place_text(e))?;
    writeln!(out, "Perpetrator: {}", e.perpetrator.as_ref().map(|p| p.name.as_str()).unwrap_or("unknown"))?;
    if let (Some(lo), Some(hi)) = (e.fatalities_low, e.fatalities_high) {
        writeln!(
            out,
            "Killed: low {lo} · high {hi} · median {} · most recent {}",
            e.fatalities_median.map(|v| v.to_string()).unwrap_or_default(),
            e.fatalities_recent.map(|v| v.to_string()).unwrap_or_default()
        )?;
    }
    let tolls: Vec<String> = d
        .report_list
        .iter()
        .filter_map(|r| {
            let t = match (r.fatalities_min, r.fatalities_max) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}–{b}"),
                (Some(a), None) => format!("at least {a}"),
                (None, Some(b)) => format!("at most {b}"),
                _ => return None,
            };
            let s = &r.evidence.source;
            let when =
                s.date.as_deref().map(|d| format!("published {d}")).unwrap_or_else(|| "publication undated".into());
            Some(format!("{t} — {} ({when})", s.publisher.as_deref().unwrap_or(&s.title)))
        })
        .collect();
    if !tolls.is_empty() {
        writeln!(
            out,
            "Why these numbers: low is the lowest figure any report gives, high the highest; median is the middle \
             figure (the lower of two), most recent that of the latest-published report. Figures: {}",
            tolls.join("; ")
        )?;
    }
    writeln!(out, "\n{} report(s) from {} source(s):", e.reports, e.sources)?;
    for r in &d.report_list {
        let toll = match (r.fatalities_min, r.fatalities_max) {
            (Some(a), Some(b)) if a == b => format!("{a} killed"),
            (Some(a), Some(b)) => format!("{a}–{b} killed"),
            (Some(a), None) => format!("at least {a} killed"),
            (None, Some(b)) => format!("at most {b} killed"),
            _ => "toll not given".into(),
        };
        let place = r.place.as_ref().map(|p| p.surface.as_str()).unwrap_or("place not given");
        writeln!(
            out,
            "  report {} — {} · {} · {} · {}",
            r.id,
            r.evidence.source.title,
            r.date.as_deref().unwrap_or("undated"),
            place,
            toll
        )?;
        writeln!(out, "    “{}”", short(&r.evidence.quote, 300))?;
    }
    if d.links.is_empty() {
        writeln!(out, "\nNo merge: one report.")?;
    } else {
        writeln!(out, "\nMerged because:")?;
        for l in &d.links {
            writeln!(out, "  reports {} + {} (score {}): {}", l.a, l.b, l.score, l.rule)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How `dossier report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// A standalone HTML page (prints to PDF).
    Html,
    /// The report's structure, with every footnote's source span.
    Json,
}

pub fn report(
    db: &Path,
    actor: &str,
    from: Option<String>,
    to: Option<String>,
    format: ReportFormat,
    out: Option<&Path>,
    policy: Policy,
) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let options = dossier_report::ReportOptions { from, to, policy };
    let r = dossier_report::build(&store, actor, &options)?;
    let text = match format {
        ReportFormat::Md => r.to_markdown(),
        ReportFormat::Html => r.to_html(),
        ReportFormat::Json => r.to_json(),
    };
    match out {
        Some(p) => std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))?,
        None => {
            let o = &mut std::io::stdout().lock();
            o.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                writeln!(o)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
