//! Command-line interface (clap derive). The doc comments are the help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  canhgiac letter.txt                       classify one transcribed letter
  pbpaste | canhgiac                        classify what is on stdin
  canhgiac --input lines sms.txt            one message per line
  canhgiac --input jsonl --format jsonl dump.jsonl > verdicts.jsonl
  canhgiac --input csv --text-field body --only-flagged --summary sms.csv.gz
  canhgiac --explain --lang en mail.txt     show the reasoning, in English
  canhgiac rules check my-rules/            check your own rules and their examples
  canhgiac advice postal_usdt_letter        the advisory's advice for a scheme

Exit status:
  0  no document reached --fail-on (default: medium)
  1  at least one document reached --fail-on
  2  an error: bad usage, unreadable file, bad rule file, or a record that could not be processed
  130  interrupted (Ctrl-C): the records written so far are whole";

/// canhgiac ("cảnh giác", stay vigilant): classify Vietnamese scam and extortion messages and
/// letters against the three schemes of the Lạng Sơn police advisory of 4 December 2024
/// (social-media sextortion, deepfake extortion, postal letters demanding USDT).
///
/// Reads files or standard input, prints a risk verdict (none, low, medium, high), the schemes
/// recognised, the evidence in the original text and the advisory's advice. Nothing is sent
/// anywhere and nothing is written but the requested output.
#[derive(Debug, Parser)]
#[command(name = "canhgiac", version, about, long_about, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do (default: scan).
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify documents or records (the default: `canhgiac FILE` is `canhgiac scan FILE`).
    #[command(after_help = AFTER_HELP)]
    Scan(ScanArgs),
    /// List or check rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Print the advisory's advice, for one scheme or for all.
    Advice(AdviceArgs),
    /// Print only the indicators (wallets, e-mails, phones, URLs, handles, amounts,
    /// deadlines) of documents or records: one JSON object per indicator (`--format jsonl`,
    /// the default here) or CSV `id,kind,value,normalized,valid` (`--format csv`), for
    /// blocklists and case files.
    Extract(ScanArgs),
    /// Measure the rules on labelled JSONL corpora (id, text, scam, risk, patterns, variant).
    ///
    /// Prints flagged precision/recall/F1 (flagged = medium or high; records of expected risk
    /// low left out), per-scheme and per-variant figures, a confusion table, and with
    /// --errors the misclassified records with the elements present and missing. The --min-*
    /// and --max-false-high options make it a gate: exit 1 below a floor.
    Eval(EvalArgs),
}

/// `eval` options.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled JSONL corpora, scored together.
    #[arg(value_name = "CORPUS", required = true)]
    pub corpora: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// List the misclassified records with the elements present and missing.
    #[arg(long)]
    pub errors: bool,
    /// Per-signal hit statistics: positives, negatives, S/O ratio, records right and wrong.
    #[arg(long)]
    pub rules_report: bool,
    /// Exit 1 when flagged precision is below this.
    #[arg(long, value_name = "X")]
    pub min_precision: Option<f64>,
    /// Exit 1 when flagged recall is below this.
    #[arg(long, value_name = "X")]
    pub min_recall: Option<f64>,
    /// Exit 1 when the macro F1 over the three schemes is below this.
    #[arg(long, value_name = "X")]
    pub min_scheme_f1: Option<f64>,
    /// Exit 1 when the worst variant recall is below this.
    #[arg(long, value_name = "X")]
    pub min_variant_recall: Option<f64>,
    /// Exit 1 when more non-scams than this are rated high.
    #[arg(long, value_name = "N")]
    pub max_false_high: Option<u64>,
    /// Rules to load.
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// Options for loading rules.
#[derive(Debug, Args, Clone)]
pub struct RuleArgs {
    /// Add rules from a TOML file or a folder of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rules (use only --rules).
    #[arg(long)]
    pub no_builtin_rules: bool,
}

/// Options for output language and color.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Language of labels, explanations and advice.
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    pub lang: LangArg,
    /// When to color human output (NO_COLOR is honoured).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// `scan` options.
#[derive(Debug, Args, Clone)]
pub struct ScanArgs {
    /// Files to read; `-` or none (with stdin not a terminal) reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// How input is split into documents.
    #[arg(long, value_enum, default_value_t = InputKind::Text)]
    pub input: InputKind,
    /// JSONL/CSV: the field holding the message (JSONL: a dotted path such as `message.body`;
    /// CSV: a column name).
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSONL/CSV: the field holding the id (default `id`; else the line number).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Exit 1 when a document reaches this verdict.
    #[arg(long, value_enum, default_value_t = LevelArg::Medium)]
    pub fail_on: LevelArg,
    /// Add, per scheme, the elements present and missing and the points of each signal.
    #[arg(long)]
    pub explain: bool,
    /// Classify records on N threads (default: all cores); output stays in input order.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Replace the victim's personal data (names after salutations, the victim's phone and
    /// e-mail) in printed evidence with [redacted]; the attacker's indicators stay.
    #[arg(long)]
    pub redact: bool,
    /// Print only records at or above --fail-on (and error records), for triage.
    #[arg(long)]
    pub only_flagged: bool,
    /// Print counts per verdict and scheme, errors, MB/s and records/s to stderr at the end.
    #[arg(long)]
    pub summary: bool,
    /// Show a progress bar on stderr even when it is not a terminal.
    #[arg(long)]
    pub progress: bool,
    /// Longest record (or document) classified, in bytes; a longer one is classified on its
    /// first part and reported with an error.
    #[arg(long, value_name = "BYTES", default_value_t = canhgiac::batch::DEFAULT_MAX_RECORD_BYTES)]
    pub max_record_bytes: usize,
    /// Input encoding (auto detects UTF-8, UTF-16 and legacy Vietnamese encodings).
    #[arg(long, default_value = "auto", value_name = "ENCODING")]
    pub encoding: String,
    /// Classify records that hold NUL bytes (binary data) instead of reporting them as errors.
    #[arg(long)]
    pub binary: bool,
    /// Rules to load.
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Language and color.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `rules` subcommands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List signals, schemes and caps.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
        /// Rules to load.
        #[command(flatten)]
        rules: RuleArgs,
        /// Language.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check rules: syntax, ids, regexes, examples and negative examples, schemes.
    ///
    /// With FILEs, checks those files on top of the built-in rules (or alone with
    /// --no-builtin-rules); without, checks the built-in rules and any --rules.
    Check {
        /// Rule files or folders to check.
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Labelled JSONL corpora: warn about signals that fire on more non-scams than scams
        /// (and about signals that never fire there).
        #[arg(long, value_name = "CORPUS")]
        corpus: Vec<PathBuf>,
        /// Rules to load.
        #[command(flatten)]
        rules: RuleArgs,
    },
}

/// `advice` options.
#[derive(Debug, Args)]
pub struct AdviceArgs {
    /// `sextortion_social`, `deepfake_extortion` or `postal_usdt_letter` (default: all).
    pub scheme: Option<String>,
    /// Language and color.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Rules to load.
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// How input is split into documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// Each file is one document.
    Text,
    /// One message per non-empty line (id = line number).
    Lines,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row (--text-field and --id-field name columns).
    Csv,
}

/// Output format of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// For people.
    Human,
    /// One JSON document with `results` and `summary`.
    Json,
    /// One JSON result per line, in input order.
    Jsonl,
    /// CSV rows (`extract` only).
    Csv,
}

/// Output format of `rules list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// For people.
    Human,
    /// JSON.
    Json,
}

/// Verdict levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// Any weak signal.
    Low,
    /// Grooming, other scams, demands.
    Medium,
    /// Threats with demands or material.
    High,
}

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Vietnamese.
    Vi,
    /// English.
    En,
}

/// Color choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Color when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Insert the default subcommand: `canhgiac FILE` means `canhgiac scan FILE`.
pub fn with_default_subcommand(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    const KNOWN: &[&str] = &[
        "scan",
        "rules",
        "advice",
        "eval",
        "extract",
        "help",
        "-h",
        "--help",
        "-V",
        "--version",
    ];
    let first = args.get(1).and_then(|a| a.to_str()).unwrap_or("");
    if !KNOWN.contains(&first) {
        args.insert(1.min(args.len()), "scan".into());
    }
    args
}
