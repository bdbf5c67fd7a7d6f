//! `dossier import`: event dataset files (ACLED, GTD, UCDP GED) into the
//! knowledge base, streamed row by row; and `dossier gen acled`.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dossier_import::link::Linker;
use dossier_store::{DatasetFile, Store};
use sha2::{Digest, Sha256};

/// Bad rows listed one by one before the rest are only counted.
const SHOWN_ERRORS: u64 = 20;

fn file_hash(path: &Path) -> anyhow::Result<(String, u64)> {
    let mut f = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = f.read(&mut buf).with_context(|| format!("{}", path.display()))?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex::encode(hasher.finalize()), bytes))
}

pub fn run(db: &Path, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    // The bundled gazetteer and lexicon (about half a second to load) are
    // process-wide, loaded once: start loading them while the first file
    // is hashed; the linker made after the hash waits for the rest.
    std::thread::spawn(|| drop(Linker::default()));
    let mut store = Store::open(db).with_context(|| format!("cannot open database {}", db.display()))?;
    let mut failed = 0;
    let mut linker = None;
    for path in paths {
        match import_file(&mut store, &mut linker, path) {
            Ok(line) => println!("{line}"),
            Err(e) => {
                eprintln!("error: {}: {e:#}", path.display());
                failed += 1;
            }
        }
    }
    if let Some(r) = store.refresh().context("building the knowledge base")? {
        println!("knowledge base: {} actors, {} events from {} incident reports", r.actors, r.events, r.reports);
    }
    Ok(if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Imports one file; the summary line, or why the file was refused.
fn import_file(store: &mut Store, linker: &mut Option<Linker>, path: &Path) -> anyhow::Result<String> {
    let (id, bytes) = file_hash(path)?;
    if store.dataset_complete(&id)? {
        return Ok(format!("{}: unchanged (imported before)", path.display()));
    }
    let file = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let linker = linker.get_or_insert_with(Linker::default);
    import_reader(store, linker, path, id, bytes, BufReader::with_capacity(1 << 20, file))
}

/// Imports bytes held in memory (the demo's bundled samples).
pub fn import_bytes(store: &mut Store, path: &Path, data: &[u8]) -> anyhow::Result<String> {
    let id = hex::encode(Sha256::digest(data));
    if store.dataset_complete(&id)? {
        return Ok(format!("{}: unchanged (imported before)", path.display()));
    }
    import_reader(store, &mut Linker::default(), path, id, data.len() as u64, data)
}

/// Rows handed from the reading thread to the storing one at a time.
const CHUNK: usize = 2048;

/// What the reading thread sends: linked rows and the rows it refused,
/// or the error that ended the file.
enum Chunk {
    Rows(Vec<dossier_model::DatasetEvent>, Vec<dossier_import::ImportError>),
    Fatal(dossier_import::ImportError),
}

/// Reads and links rows on one thread while this one stores them: parsing
/// and linking cost about as much as the inserts, so on two cores they
/// overlap. Chunks go through a short bounded queue, so memory stays flat
/// whatever the file's size, and arrive in file order.
fn import_reader(
    store: &mut Store,
    linker: &mut Linker,
    path: &Path,
    id: String,
    bytes: u64,
    reader: impl Read + Send,
) -> anyhow::Result<String> {
    let rows = dossier_import::open(reader)?;
    let (kind, layout) = (rows.kind(), rows.layout());
    let mut import = store.import(DatasetFile {
        id,
        name: kind.name().to_string(),
        layout: layout.to_string(),
        path: path.display().to_string(),
        bytes,
    })?;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
        // Stored chunks go back to the reading thread to be freed there:
        // with glibc's allocator, memory allocated on one thread and freed
        // on another made both threads spend most of their time in malloc.
        let (back, stored) = std::sync::mpsc::channel::<Vec<dossier_model::DatasetEvent>>();
        scope.spawn(move || {
            let (mut events, mut bad) = (Vec::with_capacity(CHUNK), Vec::new());
            for row in rows {
                while let Ok(done) = stored.try_recv() {
                    drop(done);
                }
                match row {
                    Ok(row) => events.push(linker.link(row)),
                    Err(e) if e.is_fatal() => {
                        let _ = tx.send(Chunk::Rows(std::mem::take(&mut events), std::mem::take(&mut bad)));
                        let _ = tx.send(Chunk::Fatal(e));
                        return;
                    }
                    Err(e) => bad.push(e),
                }
                if events.len() + bad.len() >= CHUNK {
                    let full = std::mem::replace(&mut events, Vec::with_capacity(CHUNK));
                    // The storing side hung up (it failed): stop reading.
                    if tx.send(Chunk::Rows(full, std::mem::take(&mut bad))).is_err() {
                        return;
                    }
                }
            }
            let _ = tx.send(Chunk::Rows(events, bad));
        });
        for chunk in rx {
            match chunk {
                Chunk::Rows(events, bad) => {
                    for e in bad {
                        import.bad_row();
                        let n = import.counts().bad_rows;
                        if n <= SHOWN_ERRORS {
                            eprintln!("warning: {}: skipped {e}", path.display());
                        } else if n == SHOWN_ERRORS + 1 {
                            eprintln!("warning: {}: more bad rows; only counting them from here", path.display());
                        }
                    }
                    import.add_all(&events)?;
                    let _ = back.send(events);
                }
                Chunk::Fatal(e) => return Err(e.into()),
            }
        }
        anyhow::Ok(())
    })?;
    let c = import.finish()?;
    Ok(format!(
        "{}: {layout}: {} rows added, {} already stored, {} bad rows skipped",
        path.display(),
        c.added,
        c.duplicates,
        c.bad_rows
    ))
}

pub fn datasets(db: &Path, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = crate::kb::open(db)?;
    let list = store.datasets()?;
    let running = store.import_running();
    let out = &mut std::io::stdout().lock();
    if as_json {
        serde_json::to_writer_pretty(&mut *out, &list)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:<12}  {:<10}  {:>9}  {:>9}  {:>6}  {:<10}  PATH",
        "ID", "DATASET", "ROWS", "DUPL.", "BAD", "IMPORTED"
    )?;
    for d in &list {
        writeln!(
            out,
            "{:<12}  {:<10}  {:>9}  {:>9}  {:>6}  {:<10}  {}{}",
            &d.id[..12.min(d.id.len())],
            d.name,
            d.rows,
            d.duplicates,
            d.bad_rows,
            d.imported_at.get(..10).unwrap_or(""),
            d.path,
            match (d.complete, running) {
                (true, _) => "",
                (false, true) => "  (being imported now)",
                (false, false) => "  (incomplete: run the import again)",
            }
        )?;
    }
    writeln!(out, "{} dataset files", list.len())?;
    Ok(ExitCode::SUCCESS)
}

pub fn gen_acled(rows: usize, seed: u64, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    match out {
        Some(p) => {
            let f = std::fs::File::create(p).with_context(|| format!("{}", p.display()))?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
            dossier_import::generate_acled(rows, seed, &mut w)?;
            w.flush()?;
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            dossier_import::generate_acled(rows, seed, &mut w)?;
            w.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
