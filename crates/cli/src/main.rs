//! The `dossier` binary: parses the command line, wires the stages
//! together, and maps errors to exit codes (0 success, 1 failure, 2 usage).
//! It holds no domain logic of its own.

mod bench;
mod cmd;
mod corpus;
mod eval;
mod extract;
mod import;
mod ingest;
mod kb;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: extraction makes many small,
/// short-lived allocations per passage (tokens, mentions, candidate lists),
/// and glibc's malloc/free took 13–17% of `dossier extract` (see
/// BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Dossier: reports and event datasets about armed groups, turned into a
/// knowledge base in which every claim keeps its source.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, long_about = None)]
struct Cli {
    /// The knowledge base (SQLite file); created when missing.
    #[arg(long, global = true, default_value = "dossier.db", env = "DOSSIER_DB")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read, segment and store reports (files and folders, recursively).
    Ingest {
        /// Files or folders. Folders are walked recursively for .txt, .md,
        /// .html, .htm and .pdf files, skipping hidden files and README/LICENSE.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print one line per file (added, unchanged, failed).
        #[arg(short, long)]
        verbose: bool,
    },
    /// List the stored sources.
    Sources {
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over passages, best first.
    Search {
        /// Words to find; all must occur. Quote a phrase: '"Kabul airport"'.
        query: String,
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
        /// At most this many hits.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Show one source: metadata, passages and references.
    Show {
        /// Source id, a unique prefix of it (4+ hex digits), its path or file name.
        source: String,
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Extract actors, incidents and facts; per file, JSON in the gold schema.
    Extract {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the JSON of each file (default: a short summary).
        #[arg(long)]
        json: bool,
        /// Write DIR/<file stem>.json for each file instead of printing.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Add the rule and evidence behind each item.
        #[arg(long)]
        explain: bool,
    },
    /// Score extraction against gold annotations (the reference metrics).
    Eval {
        /// Folder of the documents.
        #[arg(long)]
        docs: PathBuf,
        /// Folder of gold annotations (one JSON per document).
        #[arg(long)]
        gold: PathBuf,
        /// Folder of predictions; without it, Dossier extracts the documents itself.
        #[arg(long)]
        pred: Option<PathBuf>,
        /// List every error per document.
        #[arg(short, long)]
        verbose: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import event dataset files (ACLED, GTD, UCDP GED CSV exports), detected by their header.
    Import {
        /// CSV files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the imported dataset files with their row counts.
    Datasets {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Generate a synthetic dataset file for tests and benchmarks.
    Gen {
        #[command(subcommand)]
        what: GenWhat,
    },
    /// List actors across all sources with their aliases and how many sources name each.
    Actors {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// An actor's profile: every field with every source's value, its citations and conflicts.
    Profile {
        /// Actor key, name or any alias (`ISKP`, `ISIS-K`, `iskp`).
        actor: String,
        #[command(flatten)]
        policy: PolicyArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Incidents merged across sources, filtered.
    Events {
        /// Perpetrator: key, name or alias.
        #[arg(long)]
        actor: Option<String>,
        /// Country, ISO 3166-1 alpha-2 (`PK`).
        #[arg(long)]
        country: Option<String>,
        /// Province: name or ISO 3166-2 code (`Khyber Pakhtunkhwa`, `PK-KP`).
        #[arg(long)]
        admin1: Option<String>,
        /// Events that may have happened on or after this date (`2023`, `2023-07`, `2023-07-30`).
        #[arg(long, value_parser = day_first)]
        from: Option<String>,
        /// Events that may have happened on or before this date.
        #[arg(long, value_parser = day_last)]
        to: Option<String>,
        /// Only events whose toll (under the policy) is at least this.
        #[arg(long)]
        min_fatalities: Option<u64>,
        #[command(flatten)]
        policy: PolicyArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = kb::EventFormat::Table)]
        format: kb::EventFormat,
        /// Same as `--format json`.
        #[arg(long)]
        json: bool,
    },
    /// Where sources disagree: an actor's fields (or every actor's) and its events' tolls.
    Conflicts {
        /// Actor key, name or alias; all actors when omitted.
        actor: Option<String>,
        #[command(flatten)]
        policy: PolicyArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// An actor's incidents over time, as a chart in the terminal.
    Timeline {
        /// Actor key, name or alias.
        actor: String,
        /// Bucket width.
        #[arg(long, value_enum, default_value_t = By::Month)]
        by: By,
        #[command(flatten)]
        policy: PolicyArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Why an event is what it is: its reports, and the rule and score of each merge.
    Explain {
        /// Event id (from `dossier events`).
        event: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write an actor section in the style of a COI report, every sentence footnoted to its source.
    Report {
        /// Actor key, name or alias.
        actor: String,
        /// Incidents from this date (`2023`, `2023-07`, `2023-07-30`).
        #[arg(long)]
        from: Option<String>,
        /// Incidents up to this date.
        #[arg(long)]
        to: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = kb::ReportFormat::Md)]
        format: kb::ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        policy: PolicyArg,
    },
    /// Serve the knowledge base: a JSON API (/api, OpenAPI at /api/openapi.json) and a web UI.
    Serve {
        /// Address to listen on; loopback unless you say otherwise.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Enable uploads (POST /api/sources), with this bearer token.
        #[arg(long, env = "DOSSIER_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Largest upload accepted, in bytes.
        #[arg(long, default_value_t = dossier_serve::DEFAULT_MAX_UPLOAD_BYTES)]
        max_upload: usize,
    },
    /// Build a fresh knowledge base from the bundled corpus and dataset samples, show it, and serve it.
    Demo {
        /// Address to serve on (port 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Build and show, but do not serve.
        #[arg(long)]
        no_serve: bool,
    },
    /// Measure read + segment + store throughput on the bundled corpus repeated.
    Bench {
        /// Megabytes of text to process.
        #[arg(long, default_value_t = 10)]
        mb: usize,
        /// Benchmark the knowledge base instead: ingest the corpus `--copies`
        /// times through the whole pipeline, then time profile, events and
        /// conflicts queries.
        #[arg(long)]
        kb: bool,
        /// Copies of the corpus for `--kb`.
        #[arg(long, default_value_t = 100)]
        copies: usize,
        /// Timed runs of each query for `--kb` and `--import`.
        #[arg(long, default_value_t = 50)]
        rounds: usize,
        /// Benchmark dataset import instead: this many generated ACLED rows,
        /// against a bare rusqlite loop, then a monthly events query.
        #[arg(long, value_name = "ROWS")]
        import: Option<usize>,
    },
}

#[derive(Debug, Subcommand)]
enum GenWhat {
    /// An ACLED-shaped CSV (the real 2023 column set), deterministic for a seed.
    Acled {
        /// Rows to write.
        #[arg(long, default_value_t = 1000)]
        rows: usize,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// How the displayed figure is chosen where sources disagree.
#[derive(Debug, clap::Args)]
struct PolicyArg {
    /// `median` (default): the middle figure of the sources, always one a
    /// source gives; `conservative`: the lowest; `recent`: that of the most
    /// recently dated statement.
    #[arg(long, default_value = "median", value_parser = parse_policy)]
    policy: dossier_resolve::ledger::Policy,
}

fn parse_policy(s: &str) -> Result<dossier_resolve::ledger::Policy, String> {
    dossier_resolve::ledger::Policy::parse(s)
        .ok_or_else(|| format!("unknown policy {s:?}; use conservative, recent or median"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum By {
    Month,
    Year,
}

/// A date at any precision, as its first possible day.
fn day_first(s: &str) -> Result<String, String> {
    let d = dossier_model::PartialDate::parse_iso(s.trim())
        .ok_or_else(|| format!("{s:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))?;
    Ok(day_bounds(d).0)
}

/// A date at any precision, as its last possible day.
fn day_last(s: &str) -> Result<String, String> {
    let d = dossier_model::PartialDate::parse_iso(s.trim())
        .ok_or_else(|| format!("{s:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))?;
    Ok(day_bounds(d).1)
}

fn day_bounds(d: dossier_model::PartialDate) -> (String, String) {
    let y = d.year;
    match (d.month, d.day) {
        (Some(m), Some(day)) => (format!("{y:04}-{m:02}-{day:02}"), format!("{y:04}-{m:02}-{day:02}")),
        (Some(m), None) => {
            let last = (28..=31).rev().find(|&x| dossier_model::PartialDate::day(y, m, x).is_some()).unwrap_or(28);
            (format!("{y:04}-{m:02}-01"), format!("{y:04}-{m:02}-{last:02}"))
        }
        _ => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest { paths, verbose } => ingest::run(&cli.db, &paths, verbose),
        Command::Sources { json } => cmd::sources(&cli.db, json),
        Command::Search { query, json, limit } => cmd::search(&cli.db, &query, limit, json),
        Command::Show { source, json } => cmd::show(&cli.db, &source, json),
        Command::Extract { paths, json, out, explain } => {
            extract::run(&paths, &extract::Options { json, out, explain })
        }
        Command::Eval { docs, gold, pred, verbose, json } => eval::run(&docs, &gold, pred.as_deref(), verbose, json),
        Command::Import { files } => import::run(&cli.db, &files),
        Command::Datasets { json } => import::datasets(&cli.db, json),
        Command::Gen { what: GenWhat::Acled { rows, seed, out } } => import::gen_acled(rows, seed, out.as_deref()),
        Command::Actors { json } => kb::actors(&cli.db, json),
        Command::Profile { actor, policy, json } => kb::profile(&cli.db, &actor, policy.policy, json),
        Command::Events { actor, country, admin1, from, to, min_fatalities, policy, format, json } => {
            let filter =
                dossier_store::EventFilter { actor, country, admin1, from, to, min_fatalities, ..Default::default() };
            kb::events(&cli.db, filter, policy.policy, if json { kb::EventFormat::Json } else { format })
        }
        Command::Conflicts { actor, policy, json } => kb::conflicts(&cli.db, actor.as_deref(), policy.policy, json),
        Command::Timeline { actor, by, policy, json } => {
            let by = match by {
                By::Month => dossier_query::Granularity::Month,
                By::Year => dossier_query::Granularity::Year,
            };
            kb::timeline(&cli.db, &actor, by, policy.policy, json)
        }
        Command::Explain { event, json } => kb::explain(&cli.db, event, json),
        Command::Report { actor, from, to, format, out, policy } => {
            kb::report(&cli.db, &actor, from, to, format, out.as_deref(), policy.policy)
        }
        Command::Serve { addr, token, max_upload } => cmd::serve(&cli.db, addr, token, max_upload),
        Command::Demo { addr, no_serve } => cmd::demo(&cli.db, (!no_serve).then_some(addr)),
        Command::Bench { import: Some(rows), rounds, .. } => bench::run_import(rows, rounds),
        Command::Bench { kb: true, copies, rounds, .. } => bench::run_kb(copies, rounds),
        Command::Bench { mb, .. } => bench::run(mb),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`dossier sources | head`) is the reader's choice, not a failure.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
