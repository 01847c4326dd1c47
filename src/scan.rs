//! The `scan` command: read documents or records, classify them in parallel batches, and
//! print the results in input order.
//!
//! Records are gathered into a batch until the batch is full (512 records, or 4 MiB of text
//! once it holds two records per thread) or the input has nothing more buffered (so an
//! interactive pipe is answered at once), the batch is classified on the thread pool, and
//! its results are written and flushed in order.
//! Reading, classifying and writing run on three threads, with at most one batch waiting
//! between two of them, so about five batches are held at once: memory is bounded by that,
//! plus what classifying one record of at most `--max-record-bytes` takes on each thread.

use crate::cli::{ColorArg, FormatArg, InputKind, LevelArg, ScanArgs};
use crate::{Exit, classifier, lang};
use anyhow::{Result, bail};
use canhgiac::batch::{self, Item, Layout};
use canhgiac::report::{self, Record, Summary, human};
use canhgiac::{Classifier, Encoding, Options, Verdict};
use rayon::prelude::*;
use serde_json::Value;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Instant;

/// Records classified together on the thread pool.
const BATCH: usize = 512;

/// A batch also ends once its texts reach this many bytes, so that long records do not
/// multiply the memory a batch holds (512 records of 1 MiB would be 512 MiB).
const BATCH_BYTES: usize = 4 << 20;

/// A source of items that can tell whether more input is already buffered.
trait Stream {
    fn next_item(&mut self) -> Option<Item>;
    /// True when the next item would wait on the operating system.
    fn drained(&self) -> bool;
}

struct LineStream(batch::Records<batch::Input>);

impl Stream for LineStream {
    fn next_item(&mut self) -> Option<Item> {
        self.0.next()
    }
    fn drained(&self) -> bool {
        self.0.reader().buffer().is_empty()
    }
}

struct CsvStream(batch::CsvRecords<batch::Input>);

impl Stream for CsvStream {
    fn next_item(&mut self) -> Option<Item> {
        self.0.next()
    }
    fn drained(&self) -> bool {
        false
    }
}

/// One item, then nothing: a whole document or an error.
struct OneItem(Option<Item>);

impl Stream for OneItem {
    fn next_item(&mut self) -> Option<Item> {
        self.0.take()
    }
    fn drained(&self) -> bool {
        true
    }
}

/// Open one input as a stream of items; an unreadable input is one error item.
fn stream_for(path: &Path, args: &ScanArgs) -> Box<dyn Stream + Send> {
    let name = if path.as_os_str() == "-" {
        "-".to_string()
    } else {
        path.display().to_string()
    };
    let error_item = |msg: String| Item {
        id: Value::from(name.clone()),
        source: report::Source {
            path: name.clone(),
            line: None,
        },
        body: Err(msg),
        truncated_from: None,
        raw_bytes: 0,
    };
    let input = match batch::open(path) {
        Ok(i) => i,
        Err(e) => return Box::new(OneItem(Some(error_item(format!("{name}: {e}"))))),
    };
    match args.input {
        InputKind::Text => {
            let item = match batch::read_document(input, args.max_record_bytes) {
                Ok((bytes, cut)) => Item {
                    id: Value::from(name.clone()),
                    source: report::Source {
                        path: name.clone(),
                        line: None,
                    },
                    raw_bytes: cut.unwrap_or(bytes.len() as u64),
                    body: Ok(bytes),
                    truncated_from: cut,
                },
                Err(e) => error_item(format!("{name}: {e}")),
            };
            Box::new(OneItem(Some(item)))
        }
        InputKind::Lines => Box::new(LineStream(
            batch::records(input, name, Layout::Lines).max_record_bytes(args.max_record_bytes),
        )),
        InputKind::Jsonl => {
            let layout = Layout::Jsonl {
                text_field: args.text_field.clone(),
                id_field: args.id_field.clone(),
            };
            Box::new(LineStream(
                batch::records(input, name, layout).max_record_bytes(args.max_record_bytes),
            ))
        }
        InputKind::Csv => Box::new(CsvStream(batch::csv_records(
            input,
            name,
            &args.text_field,
            &args.id_field,
            args.max_record_bytes,
        ))),
    }
}

/// Where `bytes` hold a NUL character once decoded (UTF-16 text holds NUL *bytes* but no NUL
/// characters): the input offset of the first, or `None` for text.
fn binary_offset(bytes: &[u8], encoding: Encoding) -> Option<usize> {
    // The memchr keeps ordinary text to one cheap pass; only NUL-holding input is decoded here.
    bytes.contains(&0).then_some(())?;
    let d = canhgiac::decode::decode(bytes, encoding);
    let at = d.text.find('\0')?;
    Some(d.to_input(at))
}

/// A classified record and, with `--redact`, the masked text for human output.
type Classified = (Record, Option<Vec<u8>>);

/// The batches of every input in turn: a batch ends when it is full or when the input has
/// nothing more buffered (so an interactive pipe is answered at once).
struct Batches {
    files: std::vec::IntoIter<PathBuf>,
    args: ScanArgs,
    stream: Option<Box<dyn Stream + Send>>,
    /// A batch ends at [`BATCH_BYTES`] only once it holds this many records, so that long
    /// records still keep every thread busy.
    min_records: usize,
}

impl Batches {
    fn new(files: Vec<PathBuf>, args: ScanArgs, threads: usize) -> Batches {
        Batches {
            files: files.into_iter(),
            args,
            stream: None,
            min_records: 2 * threads,
        }
    }

    /// No batch is left: the last input has ended.
    fn done(&self) -> bool {
        self.stream.is_none() && self.files.len() == 0
    }
}

impl Iterator for Batches {
    type Item = Vec<Item>;

    fn next(&mut self) -> Option<Vec<Item>> {
        let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
        let mut bytes = 0;
        loop {
            let stream = match &mut self.stream {
                Some(s) => s,
                None => {
                    let path = self.files.next()?;
                    self.stream.insert(stream_for(&path, &self.args))
                }
            };
            let Some(item) = stream.next_item() else {
                self.stream = None;
                if batch.is_empty() {
                    continue;
                }
                return Some(batch);
            };
            bytes += item.body.as_ref().map_or(0, Vec::len);
            batch.push(item);
            let heavy = bytes >= BATCH_BYTES && batch.len() >= self.min_records;
            if batch.len() >= BATCH || heavy || stream.drained() {
                return Some(batch);
            }
        }
    }
}

/// What classifying a batch needs; shared with the classifier thread.
struct Job {
    classifier: &'static Classifier,
    threads: usize,
    /// Started for the first batch of more than one record (a single document needs no
    /// threads: starting them took about 0.3 ms of its 9). `None` if they could not start:
    /// batches are then classified on the calling thread.
    pool: std::sync::OnceLock<Option<rayon::ThreadPool>>,
    opts: Options,
    max: usize,
    allow_binary: bool,
    redact: bool,
}

impl Job {
    /// Classify `batch` on the pool, results in order.
    fn run(&self, batch: &[Item]) -> Vec<Classified> {
        let pool = (batch.len() > 1)
            .then(|| {
                self.pool.get_or_init(|| {
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(self.threads)
                        .build()
                        .ok()
                })
            })
            .and_then(Option::as_ref);
        match pool {
            Some(pool) => pool.install(|| batch.par_iter().map(|i| self.one(i)).collect()),
            None => batch.iter().map(|i| self.one(i)).collect(),
        }
    }

    fn one(&self, item: &Item) -> Classified {
        let mut r = classify(
            self.classifier,
            item,
            &self.opts,
            self.max,
            self.allow_binary,
        );
        let masked = match (&item.body, self.redact) {
            (Ok(b), true) => Some(canhgiac::redact::redact(&mut r, b)),
            _ => None,
        };
        (r, masked)
    }
}

/// Classify one item into its output record.
fn classify(c: &Classifier, item: &Item, opts: &Options, max: usize, binary: bool) -> Record {
    match &item.body {
        Ok(bytes) if !binary && let Some(at) = binary_offset(bytes, opts.encoding) => {
            Record::error(
                item.id.clone(),
                item.source.clone(),
                format!(
                    "{}: binary data (NUL byte at offset {at}); not classified (--binary classifies it anyway)",
                    location(&item.source)
                ),
            )
        }
        Ok(bytes) => {
            let mut r = c.record(item.id.clone(), item.source.clone(), bytes, opts);
            if let Some(full) = item.truncated_from {
                r.truncated_from = Some(full);
                r.error = Some(format!(
                    "{}: record of {full} bytes exceeds --max-record-bytes ({max}); classified on its first {} bytes",
                    location(&item.source),
                    bytes.len()
                ));
            }
            r
        }
        Err(msg) => Record::error(item.id.clone(), item.source.clone(), msg.clone()),
    }
}

fn location(s: &report::Source) -> String {
    match s.line {
        Some(l) => format!("{}:{l}", s.path),
        None => s.path.clone(),
    }
}

/// Catch SIGINT (Ctrl-C): the first one lets the batch in hand be written whole and ends the
/// run; a second one ends it at once. Without this, a kill between two writes of a buffered
/// batch could leave half a JSON line for a triage script to choke on.
fn on_interrupt() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let seen = flag.clone();
    // Failing to install (a handler already set, as in tests) leaves the default behaviour.
    let _ = ctrlc::set_handler(move || {
        if seen.swap(true, Ordering::SeqCst) {
            std::process::exit(Exit::Interrupted as i32);
        }
        eprintln!("canhgiac: interrupted; writing the records in hand (Ctrl-C again stops now)");
    });
    flag
}

/// Run `scan`.
pub fn run(args: ScanArgs) -> Result<Exit> {
    let encoding: Encoding = args
        .encoding
        .parse()
        .map_err(|e: String| anyhow::anyhow!(e))?;
    // Never dropped (leaked, to be shared with the classifier thread): freeing its thousands
    // of allocations one by one at exit took ~0.3 ms of a short scan, and the process is
    // about to end anyway.
    let classifier: &'static Classifier = Box::leak(Box::new(classifier(&args.rules, &[])?));
    let opts = Options {
        lang: lang(args.output.lang),
        explain: args.explain,
        encoding,
    };
    let fail_on = match args.fail_on {
        LevelArg::Low => Verdict::Low,
        LevelArg::Medium => Verdict::Medium,
        LevelArg::High => Verdict::High,
    };
    let mut files = args.files.clone();
    if files.is_empty() {
        if io::stdin().is_terminal() {
            bail!("no input: give a FILE, or pipe text to standard input (see canhgiac --help)");
        }
        files.push(PathBuf::from("-"));
    }
    let color = match args.output.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let style = human::Style {
        color,
        lang: opts.lang,
    };
    let citation = canhgiac::advice::citation(classifier.rules(), opts.lang);
    let progress = Progress::new(
        &files,
        args.progress || io::stderr().is_terminal() && args.format != FormatArg::Human,
    );

    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut summary = Summary::default();
    let mut results: Vec<Record> = Vec::new();
    let mut exit = Exit::Clean;
    let mut first = true;
    let started = Instant::now();
    let mut bytes_in: u64 = 0;

    // A NUL in a JSON or CSV field was written there on purpose (an escape); only raw text and
    // lines are checked for binary data.
    let allow_binary = args.binary || matches!(args.input, InputKind::Jsonl | InputKind::Csv);
    let mut interrupted = Arc::new(AtomicBool::new(false));
    let job = Job {
        classifier,
        threads: threads.max(1),
        pool: std::sync::OnceLock::new(),
        opts,
        max: args.max_record_bytes,
        allow_binary,
        redact: args.redact,
    };
    let mut batches = Batches::new(files, args.clone(), threads.max(1));
    let first_batch = batches.next();
    let classified: Box<dyn Iterator<Item = (Vec<Item>, Vec<Classified>)>> = if batches.done() {
        // A single batch (a document, a short pipe): no threads to start and wait on.
        Box::new(
            first_batch
                .map(|b| {
                    let r = job.run(&b);
                    (b, r)
                })
                .into_iter(),
        )
    } else {
        // Ctrl-C lets the batch in hand be written whole. (A single batch is written at
        // once at the end, and needs no handler thread.)
        interrupted = on_interrupt();
        // Three stages, so that reading and writing overlap classification: a reader thread
        // parses records into batches, a classifier thread runs each batch on the pool, and
        // this thread writes the results. Channels of one batch bound memory and keep the
        // order. The threads are detached: after an interrupt or a write error this thread
        // returns at once and the process ends with them (the reader may be blocked on a
        // terminal).
        let (batch_tx, batch_rx) = mpsc::sync_channel::<Vec<Item>>(1);
        let (done_tx, done_rx) = mpsc::sync_channel::<(Vec<Item>, Vec<Classified>)>(1);
        std::thread::spawn(move || {
            for b in first_batch.into_iter().chain(batches) {
                if batch_tx.send(b).is_err() {
                    return;
                }
            }
        });
        std::thread::spawn(move || {
            for batch in batch_rx {
                let records = job.run(&batch);
                if done_tx.send((batch, records)).is_err() {
                    return;
                }
            }
        });
        Box::new(done_rx.into_iter())
    };
    for (batch, records) in classified {
        for (item, (record, masked)) in batch.iter().zip(records) {
            bytes_in += item.raw_bytes;
            if let Some(e) = &record.error {
                eprintln!("canhgiac: {e}");
                exit = Exit::Error;
            } else if record.verdict >= fail_on && exit == Exit::Clean {
                exit = Exit::Flagged;
            }
            summary.add(&record, fail_on);
            let shown = !args.only_flagged || record.verdict >= fail_on || record.error.is_some();
            if !shown {
                continue;
            }
            match args.format {
                FormatArg::Jsonl => {
                    serde_json::to_writer(&mut out, &record)?;
                    out.write_all(b"\n")?;
                }
                FormatArg::Json => results.push(record),
                FormatArg::Human | FormatArg::Csv => {
                    if !first {
                        writeln!(out)?;
                    }
                    first = false;
                    let shown = masked.as_deref().or(item.body.as_deref().ok());
                    human::print(&mut out, &record, shown, &style, citation.as_deref())?;
                }
            }
        }
        out.flush()?;
        progress.update(summary.records, bytes_in);
        if interrupted.load(Ordering::SeqCst) {
            break;
        }
    }
    progress.finish();
    summary.set_throughput(bytes_in, started.elapsed());
    if args.format == FormatArg::Json {
        let doc = serde_json::json!({ "results": results, "summary": summary });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    if args.summary {
        eprintln!("{}", summary.to_human());
    }
    if interrupted.load(Ordering::SeqCst) {
        eprintln!(
            "canhgiac: interrupted after {} records; the output holds whole records only",
            summary.records
        );
        return Ok(Exit::Interrupted);
    }
    if summary.errors > 0 {
        eprintln!(
            "canhgiac: {} of {} records could not be processed",
            summary.errors, summary.records
        );
    }
    Ok(exit)
}

/// A progress bar on stderr, when asked for or when stderr is a terminal.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(files: &[PathBuf], enabled: bool) -> Progress {
        if !enabled {
            return Progress(None);
        }
        // The total is known when every input is a plain, uncompressed file.
        let total: Option<u64> = files
            .iter()
            .map(|p| {
                let name = p.to_string_lossy();
                (p.as_os_str() != "-" && !name.ends_with(".gz") && !name.ends_with(".zst"))
                    .then(|| std::fs::metadata(p).ok().map(|m| m.len()))
                    .flatten()
            })
            .sum();
        let bar = match total {
            Some(t) => indicatif::ProgressBar::new(t).with_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {msg} ETA {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            ),
            None => indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {bytes} {binary_bytes_per_sec} {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            ),
        };
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
        Progress(Some(bar))
    }

    fn update(&self, records: u64, bytes: u64) {
        if let Some(b) = &self.0 {
            b.set_position(bytes);
            let secs = b.elapsed().as_secs_f64().max(1e-9);
            b.set_message(format!(
                "{records} records, {:.0} records/s",
                records as f64 / secs
            ));
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// Run `extract`: indicators only, one JSON object per indicator or one CSV row.
pub fn extract(args: ScanArgs) -> Result<Exit> {
    let encoding: Encoding = args
        .encoding
        .parse()
        .map_err(|e: String| anyhow::anyhow!(e))?;
    let csv_out = match args.format {
        FormatArg::Csv => true,
        FormatArg::Jsonl | FormatArg::Human => false,
        FormatArg::Json => bail!("extract prints jsonl (default) or csv"),
    };
    let mut files = args.files.clone();
    if files.is_empty() {
        if io::stdin().is_terminal() {
            bail!("no input: give a FILE, or pipe text to standard input (see canhgiac --help)");
        }
        files.push(PathBuf::from("-"));
    }
    let out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut csv_w = None;
    let mut json_w = None;
    if csv_out {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(["id", "kind", "value", "normalized", "valid"])?;
        csv_w = Some(w);
    } else {
        json_w = Some(out);
    }
    let mut exit = Exit::Clean;
    for path in &files {
        let mut stream = stream_for(path, &args);
        while let Some(item) = stream.next_item() {
            let bytes = match &item.body {
                Ok(b) => b,
                Err(msg) => {
                    eprintln!("canhgiac: {msg}");
                    exit = Exit::Error;
                    continue;
                }
            };
            let found = canhgiac::extract_indicators(bytes, encoding);
            let id = match &item.id {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            for (kind, list) in found.by_kind() {
                for ind in list {
                    if let Some(w) = csv_w.as_mut() {
                        let valid = ind.valid.map_or(String::new(), |v| v.to_string());
                        w.write_record([id.as_str(), kind, &ind.value, &ind.normalized, &valid])?;
                    } else if let Some(w) = json_w.as_mut() {
                        let mut obj = serde_json::to_value(ind)?;
                        if let Value::Object(m) = &mut obj {
                            m.insert("id".into(), item.id.clone());
                            m.insert("kind".into(), Value::from(kind));
                            m.insert("source".into(), serde_json::to_value(&item.source)?);
                        }
                        serde_json::to_writer(&mut *w, &obj)?;
                        w.write_all(b"\n")?;
                    }
                }
            }
            if stream.drained() {
                if let Some(w) = csv_w.as_mut() {
                    w.flush()?;
                }
                if let Some(w) = json_w.as_mut() {
                    w.flush()?;
                }
            }
        }
    }
    if let Some(w) = csv_w.as_mut() {
        w.flush()?;
    }
    if let Some(w) = json_w.as_mut() {
        w.flush()?;
    }
    Ok(exit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn scan_args(argv: &[&str]) -> ScanArgs {
        match crate::cli::Cli::try_parse_from(argv).unwrap().command {
            crate::cli::Command::Scan(a) => a,
            other => panic!("{other:?}"),
        }
    }

    /// Long records end a batch early: 20 records of 900 kB make batches of 5 with two
    /// threads, not one of 20 (in flight, five such batches then bound the memory).
    #[test]
    fn batches_are_bounded_by_bytes_and_keep_every_record_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let text = "a".repeat(900_000);
        let body: String = (0..20)
            .map(|i| format!("{{\"id\":{i},\"text\":\"{text}\"}}\n"))
            .collect();
        std::fs::write(&path, body).unwrap();
        let p = path.to_str().unwrap();
        let args = scan_args(&["canhgiac", "scan", "--input", "jsonl", p]);
        let batches: Vec<Vec<Item>> = Batches::new(vec![path.clone()], args, 2).collect();
        assert!(
            batches.iter().all(|b| b.len() <= 5),
            "{:?}",
            batches.iter().map(Vec::len).collect::<Vec<_>>()
        );
        let ids: Vec<String> = batches.iter().flatten().map(|i| i.id.to_string()).collect();
        let want: Vec<String> = (0..20).map(|i| i.to_string()).collect();
        assert_eq!(ids, want);
        // With 8 threads a batch waits for 16 records, so that each thread has two.
        let args = scan_args(&["canhgiac", "scan", "--input", "jsonl", p]);
        let sizes: Vec<usize> = Batches::new(vec![path.clone()], args, 8)
            .map(|b| b.len())
            .collect();
        assert_eq!(sizes, [16, 4]);
        // Short records fill a batch to its count.
        std::fs::write(&path, "{\"text\":\"x\"}\n".repeat(1000)).unwrap();
        let args = scan_args(&["canhgiac", "scan", "--input", "jsonl", p]);
        let sizes: Vec<usize> = Batches::new(vec![path.clone()], args, 2)
            .map(|b| b.len())
            .collect();
        assert_eq!(sizes, [BATCH, 1000 - BATCH]);
    }
}
