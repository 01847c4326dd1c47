//! The canhgiac binary: parse the command line, call the library, print, map to an exit code.

mod cli;
mod scan;

use anyhow::{Context, Result, bail};
use canhgiac::Classifier;
use canhgiac::rules::{Lang, Loader, check};
use clap::Parser;
use cli::{Cli, Command, LangArg, RuleArgs, RulesCommand};
use serde_json::Value;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes, as documented in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Exit {
    /// Nothing reached --fail-on.
    Clean = 0,
    /// Something reached --fail-on.
    Flagged = 1,
    /// An error.
    Error = 2,
    /// Stopped by SIGINT (Ctrl-C) after writing whole records: 128 + 2, as shells report it.
    Interrupted = 130,
}

fn main() -> ExitCode {
    let args = cli::with_default_subcommand(std::env::args_os().collect());
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                Exit::Error as u8
            } else {
                Exit::Clean as u8
            });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::from(Exit::Clean as u8);
            }
            eprintln!("canhgiac: error: {err:#}");
            ExitCode::from(Exit::Error as u8)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}

fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Rules(RulesCommand::List {
            format,
            rules,
            output,
        }) => {
            let c = classifier(&rules, &[])?;
            list_rules(&c, format == cli::ListFormat::Json, lang(output.lang))?;
            Ok(Exit::Clean)
        }
        Command::Rules(RulesCommand::Check {
            files,
            rules,
            corpus,
        }) => check_rules(&rules, &files, &corpus),
        Command::Eval(args) => eval(args),
        Command::Extract(args) => scan::extract(args),
        Command::Advice(args) => {
            let c = classifier(&args.rules, &[])?;
            advice(&c, args.scheme.as_deref(), lang(args.output.lang))?;
            Ok(Exit::Clean)
        }
    }
}

pub(crate) fn lang(l: LangArg) -> Lang {
    match l {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    }
}

/// Load the built-in rules (unless told not to) and the user's, and compile them.
pub(crate) fn classifier(args: &RuleArgs, extra: &[PathBuf]) -> Result<Classifier> {
    let mut loader = if args.no_builtin_rules {
        Loader::new()
    } else {
        Loader::with_builtin()?
    };
    for p in args.rules.iter().chain(extra) {
        loader.add_path(p)?;
    }
    let rules = loader.finish()?;
    Ok(Classifier::new(rules)?)
}

fn check_rules(args: &RuleArgs, files: &[PathBuf], corpora: &[PathBuf]) -> Result<Exit> {
    let c = classifier(args, files)?;
    let mut findings = check::check(&c);
    if !corpora.is_empty() {
        let mut records = Vec::new();
        for p in corpora {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            records.extend(
                canhgiac::eval::parse_corpus(&p.display().to_string(), &text)
                    .map_err(anyhow::Error::msg)?,
            );
        }
        let rep = canhgiac::eval::evaluate(&c, &records, true);
        findings.extend(check::corpus_findings(&c, &rep.signals));
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut errors = 0;
    let mut warnings = 0;
    for f in &findings {
        match f.severity {
            check::Severity::Error => errors += 1,
            check::Severity::Warning => warnings += 1,
        }
        writeln!(out, "{f}")?;
    }
    let rules = c.rules();
    let examples: usize = rules
        .signals
        .iter()
        .map(|s| s.examples.len() + s.negative_examples.len())
        .sum();
    writeln!(
        out,
        "checked {} signals, {} examples, {} schemes: {errors} errors, {warnings} warnings",
        rules.signals.len(),
        examples,
        rules.schemes.len()
    )?;
    Ok(if errors > 0 { Exit::Error } else { Exit::Clean })
}

fn list_rules(c: &Classifier, json: bool, lang: Lang) -> Result<()> {
    let rules = c.rules();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if json {
        let signals: Vec<Value> = rules
            .signals
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id, "element": s.element, "weight": s.weight,
                    "description": s.description.get(lang), "keywords": s.keywords.len(),
                    "regexes": s.regex.len(), "origin": format!("{}:{}", s.origin.path, s.origin.line),
                })
            })
            .collect();
        let schemes: Vec<Value> = rules
            .schemes
            .iter()
            .map(|s| serde_json::json!({"id": s.id, "name": s.name.get(lang), "listed": s.listed, "elements": s.points}))
            .collect();
        let caps: Vec<Value> = rules
            .caps
            .iter()
            .map(|c| serde_json::json!({"id": c.id, "description": c.description.get(lang), "max": c.max}))
            .collect();
        let elements: Vec<Value> = rules
            .elements
            .iter()
            .map(|e| serde_json::json!({"id": e.id, "name": e.name.get(lang), "description": e.description.get(lang)}))
            .collect();
        let doc = serde_json::json!({"elements": elements, "signals": signals, "schemes": schemes, "caps": caps});
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<32} {:<18} {:>6} {:>8} {:>6}",
        "signal", "element", "weight", "keywords", "regex"
    )?;
    for s in &rules.signals {
        writeln!(
            out,
            "{:<32} {:<18} {:>6.2} {:>8} {:>6}",
            s.id,
            s.element,
            s.weight,
            s.keywords.len() + s.accented.len(),
            s.regex.len()
        )?;
    }
    writeln!(out)?;
    for s in &rules.schemes {
        writeln!(
            out,
            "scheme {}{}: {}",
            s.id,
            if s.listed { "" } else { " (not listed)" },
            s.name.get(lang)
        )?;
        for l in &s.levels {
            writeln!(out, "  {} when {}", l.verdict, l.source)?;
        }
    }
    for cap in &rules.caps {
        writeln!(
            out,
            "cap {} (at most {}): {}",
            cap.id,
            cap.max,
            cap.description.get(lang)
        )?;
    }
    Ok(())
}

fn advice(c: &Classifier, scheme: Option<&str>, lang: Lang) -> Result<()> {
    let rules = c.rules();
    if let Some(s) = scheme
        && !rules.schemes.iter().any(|x| x.id == s)
    {
        let known: Vec<&str> = rules
            .schemes
            .iter()
            .filter(|x| x.listed)
            .map(|x| x.id.as_str())
            .collect();
        bail!("unknown scheme `{s}` (known: {})", known.join(", "));
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for a in &rules.advice {
        if scheme.is_none_or(|s| a.schemes.is_empty() || a.schemes.iter().any(|x| x == s)) {
            writeln!(out, "- {}", a.text.get(lang))?;
        }
    }
    if let Some(cite) = canhgiac::advice::citation(rules, lang) {
        writeln!(out, "\n{cite}").context("writing advice")?;
    }
    Ok(())
}

fn eval(args: cli::EvalArgs) -> Result<Exit> {
    use canhgiac::eval::{evaluate, parse_corpus};
    let c = classifier(&args.rules, &[])?;
    let mut records = Vec::new();
    for p in &args.corpora {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        records.extend(parse_corpus(&p.display().to_string(), &text).map_err(anyhow::Error::msg)?);
    }
    let rep = evaluate(&c, &records, args.rules_report);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.format == cli::ListFormat::Json {
        serde_json::to_writer_pretty(&mut out, &rep)?;
        writeln!(out)?;
    } else {
        print_eval(&mut out, &rep, &args)?;
    }
    let mut below = Vec::new();
    let checks = [
        ("precision", rep.flagged.precision, args.min_precision),
        ("recall", rep.flagged.recall, args.min_recall),
        ("scheme macro-F1", rep.scheme_macro_f1, args.min_scheme_f1),
        (
            "worst variant recall",
            rep.worst_variant_recall,
            args.min_variant_recall,
        ),
    ];
    for (name, got, floor) in checks {
        if let Some(f) = floor
            && got < f
        {
            below.push(format!("{name} {got:.3} < {f}"));
        }
    }
    if let Some(m) = args.max_false_high
        && rep.false_high > m
    {
        below.push(format!("non-scams rated high {} > {m}", rep.false_high));
    }
    if below.is_empty() {
        Ok(Exit::Clean)
    } else {
        eprintln!("canhgiac: below the bar: {}", below.join("; "));
        Ok(Exit::Flagged)
    }
}

fn print_eval(
    out: &mut dyn Write,
    rep: &canhgiac::eval::EvalReport,
    args: &cli::EvalArgs,
) -> io::Result<()> {
    let f = &rep.flagged;
    writeln!(
        out,
        "{} records ({} borderline left out): precision {:.3} recall {:.3} F1 {:.3} (TP {} FP {} FN {}); non-scams rated high: {}",
        rep.records, rep.borderline, f.precision, f.recall, f.f1, f.tp, f.fp, f.fn_, rep.false_high
    )?;
    for (s, p) in &rep.schemes {
        writeln!(
            out,
            "  scheme {s:<20} precision {:.3} recall {:.3} F1 {:.3}",
            p.precision, p.recall, p.f1
        )?;
    }
    writeln!(out, "  scheme macro-F1 {:.3}", rep.scheme_macro_f1)?;
    writeln!(
        out,
        "  {:<15} {:>18} {:>20}",
        "variant", "recall (med|high)", "flagged among none"
    )?;
    for (v, x) in &rep.variants {
        let recall = format!("{}/{} {:.3}", x.scams_flagged, x.scams, x.recall);
        writeln!(
            out,
            "  {v:<15} {recall:>18} {:>20}",
            format!("{}/{}", x.benign_flagged, x.benign)
        )?;
    }
    writeln!(out, "  expected \\ got      none    low medium   high")?;
    for exp in ["none", "low", "medium", "high"] {
        let row = rep.confusion.get(exp);
        let cell = |v: &str| row.and_then(|r| r.get(v)).copied().unwrap_or(0);
        writeln!(
            out,
            "  {exp:<15} {:>6} {:>6} {:>6} {:>6}",
            cell("none"),
            cell("low"),
            cell("medium"),
            cell("high")
        )?;
    }
    if args.errors {
        for m in &rep.misses {
            write!(
                out,
                "- {} [{}] expected {} {:?}, got {} {:?}",
                m.id, m.variant, m.expected, m.expected_schemes, m.got, m.got_schemes
            )?;
            if let Some((s, present, missing)) = &m.closest {
                write!(
                    out,
                    "; closest {s}: {} of {} elements, missing: {}",
                    present.len(),
                    present.len() + missing.len(),
                    missing.join(", ")
                )?;
            }
            if !m.caps.is_empty() {
                write!(out, "; caps: {}", m.caps.join(", "))?;
            }
            writeln!(out)?;
        }
    }
    if args.rules_report {
        writeln!(
            out,
            "{:<32} {:<18} {:>5} {:>5} {:>6} {:>7} {:>5} {:>8} {:>8}",
            "signal", "element", "pos", "neg", "S/O", "correct", "wrong", "pts ok", "pts bad"
        )?;
        for s in &rep.signals {
            writeln!(
                out,
                "{:<32} {:<18} {:>5} {:>5} {:>6.3} {:>7} {:>5} {:>8.1} {:>8.1}",
                s.signal,
                s.element,
                s.positives,
                s.negatives,
                s.s_o,
                s.in_correct,
                s.in_wrong,
                s.points_correct,
                s.points_wrong
            )?;
        }
    }
    Ok(())
}
