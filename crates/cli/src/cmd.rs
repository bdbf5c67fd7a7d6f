//! The read-only commands and the demo: open the store, ask it, print.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use dossier_store::{Hit, ReferenceRow, SourceDetail, SourceSummary, Store};

use crate::corpus::CORPUS;

fn open(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!("no database at {} (run `dossier ingest PATH` first, or pass --db)", db.display());
    }
    Store::open(db).with_context(|| format!("cannot open database {}", db.display()))
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

pub fn sources(db: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let sources = open(db)?.sources()?;
    if json {
        print_json(&sources)?;
    } else {
        print_sources(&mut std::io::stdout().lock(), &sources)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_sources(out: &mut impl Write, sources: &[SourceSummary]) -> std::io::Result<()> {
    writeln!(out, "{:<12}  {:<8}  {:>8}  {:>5}  {:<10}  title", "id", "format", "passages", "notes", "date")?;
    for s in sources {
        writeln!(
            out,
            "{:<12}  {:<8}  {:>8}  {:>5}  {:<10}  {}",
            &s.id[..12],
            s.format.as_str(),
            s.passages,
            s.notes,
            s.date.as_deref().unwrap_or("-"),
            s.title
        )?;
    }
    writeln!(out, "{} sources", sources.len())
}

pub fn search(db: &Path, query: &str, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let hits = open(db)?.search(query, limit)?;
    if json {
        print_json(&hits)?;
    } else {
        print_hits(&mut std::io::stdout().lock(), &hits)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_hits(out: &mut impl Write, hits: &[Hit]) -> std::io::Result<()> {
    for h in hits {
        writeln!(out, "{} ({}) bytes {}..{}", h.source_title, &h.source_id[..12], h.start, h.end)?;
        writeln!(out, "  {}", h.snippet.replace('\n', " "))?;
        for c in &h.citations {
            for r in &c.references {
                writeln!(out, "  [{}] {}", c.label, describe(r))?;
            }
            if c.references.is_empty() {
                writeln!(out, "  [{}]", c.label)?;
            }
        }
    }
    writeln!(out, "{} hits", hits.len())
}

/// A reference in EUAA order: author or publisher, title, date, pages.
pub fn describe(r: &ReferenceRow) -> String {
    let parts: Vec<&str> = [
        r.author.as_deref(),
        r.publisher.as_deref(),
        r.title.as_deref(),
        r.date.as_deref(),
        r.pages.as_deref(),
        r.address.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() { r.raw.clone() } else { parts.join(", ") }
}

pub fn show(db: &Path, key: &str, json: bool) -> anyhow::Result<ExitCode> {
    let detail = open(db)?.source(key)?;
    if json {
        print_json(&detail)?;
    } else {
        print_detail(&mut std::io::stdout().lock(), &detail)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_detail(out: &mut impl Write, d: &SourceDetail) -> std::io::Result<()> {
    let s = &d.summary;
    writeln!(out, "id:        {}", s.id)?;
    writeln!(out, "path:      {}", s.path)?;
    writeln!(out, "title:     {}", s.title)?;
    writeln!(out, "publisher: {}", s.publisher.as_deref().unwrap_or("-"))?;
    writeln!(out, "date:      {}", s.date.as_deref().unwrap_or("-"))?;
    writeln!(out, "address:   {}", s.address.as_deref().unwrap_or("-"))?;
    writeln!(out, "format:    {} ({} bytes)", s.format.as_str(), s.bytes)?;
    for w in &d.warnings {
        writeln!(out, "warning:   {w}")?;
    }
    writeln!(out, "\npassages ({}):", d.passages.len())?;
    for p in &d.passages {
        let cites = if p.citations.is_empty() { String::new() } else { format!(" [{}]", p.citations.join(", ")) };
        writeln!(
            out,
            "{:>4} {:<9} {}..{}{}  {}",
            p.ordinal,
            p.kind.as_str(),
            p.start,
            p.end,
            cites,
            p.text.replace('\n', " ")
        )?;
    }
    if !d.notes.is_empty() {
        writeln!(out, "\nreferences ({} notes):", d.notes.len())?;
        for n in &d.notes {
            for r in &n.references {
                writeln!(out, "{:>4}  {}", n.label, describe(r))?;
            }
        }
    }
    Ok(())
}

/// Builds a fresh knowledge base from the bundled corpus and shows what it
/// holds. Uses `dossier-demo.db` unless `--db` names another file, and
/// replaces it, so the demo always starts from nothing.
/// `dossier serve`: brings the derived layer up to date, then serves.
pub fn serve(
    db: &Path,
    addr: std::net::SocketAddr,
    token: Option<String>,
    max_upload: usize,
) -> anyhow::Result<ExitCode> {
    let store = crate::kb::open(db)?;
    drop(store);
    let options = dossier_serve::ServeOptions { token, max_upload_bytes: max_upload };
    dossier_serve::run(db.to_path_buf(), addr, options)?;
    Ok(ExitCode::SUCCESS)
}

/// Binds `addr`, prints the URL on standard output (so a script or test can
/// read the port back when it is 0), and serves until Ctrl-C.
fn serve_demo(db: &Path, addr: std::net::SocketAddr) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        println!("\nServing the knowledge base: http://{local}/actors/iskp   (map: http://{local}/map; Ctrl-C stops)");
        std::io::stdout().flush()?;
        dossier_serve::serve_listener(listener, db.to_path_buf(), dossier_serve::ServeOptions::default()).await?;
        anyhow::Ok(())
    })
}

pub fn demo(db: &Path, serve: Option<std::net::SocketAddr>) -> anyhow::Result<ExitCode> {
    let db = if db == Path::new("dossier.db") { Path::new("dossier-demo.db") } else { db };
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{}{suffix}", db.display());
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("removing {p}"));
            }
            _ => {}
        }
    }
    let mut store = Store::open(db).with_context(|| format!("cannot create {}", db.display()))?;
    let mut added = 0;
    for (path, bytes) in CORPUS {
        let doc = dossier_read::read_bytes(Path::new(path), bytes)?;
        let seg = dossier_segment::segment(&doc);
        let claims = dossier_extract::records::records(&dossier_extract::extract(&doc, &seg));
        if store.ingest_with(&doc, &seg, &claims)? == dossier_store::IngestOutcome::Added {
            added += 1;
        }
    }
    let mut imported = Vec::new();
    for (path, bytes) in crate::corpus::DATASETS {
        imported.push(crate::import::import_bytes(&mut store, Path::new(path), bytes)?);
    }
    let rebuilt = store.refresh()?.unwrap_or_default();
    let mut lock = std::io::stdout().lock();
    let out = &mut lock;
    writeln!(
        out,
        "Built {} from the bundled corpus: {added} sources, {} actors, {} events from {} incident reports.\n",
        db.display(),
        rebuilt.actors,
        rebuilt.events,
        rebuilt.reports
    )?;
    print_sources(out, &store.sources()?)?;
    for line in &imported {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "\n$ dossier --db {} search \"fighters\"", db.display())?;
    print_hits(out, &store.search("fighters", 3)?)?;
    writeln!(out, "\n$ dossier --db {} profile ISIS-K   (founding and size: every source's value)", db.display())?;
    let policy = dossier_resolve::ledger::Policy::default();
    let mut profile = dossier_query::profile(&store, "ISIS-K", policy)?;
    profile
        .fields
        .retain(|f| matches!(f.predicate, dossier_model::Predicate::Founded | dossier_model::Predicate::SizeEstimate));
    crate::kb::print_profile(out, &profile)?;
    writeln!(out, "\n$ dossier --db {} events --country PK --from 2023", db.display())?;
    out.flush()?;
    let filter = dossier_store::EventFilter {
        country: Some("PK".into()),
        from: Some("2023-01-01".into()),
        ..Default::default()
    };
    crate::kb::print_events(out, &store.events(&filter)?)?;
    writeln!(
        out,
        "\nTry: dossier --db {db} profile ISKP   |   dossier --db {db} conflicts   |   dossier --db {db} explain 7   |   dossier --db {db} timeline ISKP --by year",
        db = db.display()
    )?;
    out.flush()?;
    drop(lock);
    drop(store);
    if let Some(addr) = serve {
        serve_demo(db, addr)?;
    }
    Ok(ExitCode::SUCCESS)
}
