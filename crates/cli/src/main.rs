//! The `dossier` binary: parses the command line, wires the stages
//! together, and maps errors to exit codes (0 success, 1 failure, 2 usage).
//! It holds no domain logic of its own.

mod bench;
mod cmd;
mod corpus;
mod eval;
mod extract;
mod ingest;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Ingest the bundled corpus into a fresh knowledge base and show what it holds.
    Demo,
    /// Measure read + segment + store throughput on the bundled corpus repeated.
    Bench {
        /// Megabytes of text to process.
        #[arg(long, default_value_t = 10)]
        mb: usize,
    },
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
        Command::Demo => cmd::demo(&cli.db),
        Command::Bench { mb } => bench::run(mb),
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
