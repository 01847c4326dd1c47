//! The rule model: story elements, signals that detect them, schemes that combine them, caps
//! that keep warnings about scams from being rated as scams, and the advice. Rules are TOML
//! data (`rules/*.toml`, embedded in the binary; more with `--rules`); the format is
//! documented in `docs/RULES.md`.
//!
//! Loading validates everything it can without running text: unknown fields, duplicate ids,
//! unknown elements and lexicons, regexes that do not compile, conditions that do not parse.
//! Every error names `path:line:col`, shows the line with a caret and says what to fix.

pub mod check;
pub mod expr;

use crate::normalize::{fold_keyword_variants, fold_regex_source};
use crate::score::Verdict;
use expr::Expr;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// The built-in rule files, embedded at compile time.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/elements.toml",
        include_str!("../../rules/elements.toml"),
    ),
    (
        "rules/lexicons.toml",
        include_str!("../../rules/lexicons.toml"),
    ),
    (
        "rules/sextortion.toml",
        include_str!("../../rules/sextortion.toml"),
    ),
    (
        "rules/deepfake.toml",
        include_str!("../../rules/deepfake.toml"),
    ),
    ("rules/postal.toml", include_str!("../../rules/postal.toml")),
    ("rules/threat.toml", include_str!("../../rules/threat.toml")),
    (
        "rules/other_scams.toml",
        include_str!("../../rules/other_scams.toml"),
    ),
    (
        "rules/counter.toml",
        include_str!("../../rules/counter.toml"),
    ),
    (
        "rules/schemes.toml",
        include_str!("../../rules/schemes.toml"),
    ),
    ("rules/advice.toml", include_str!("../../rules/advice.toml")),
];

/// Upper bound on the compiled size of one regex (the regex crate's `size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 2 << 20;

/// A text in both output languages.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese.
    #[default]
    Vi,
    /// English.
    En,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    #[serde(default)]
    element: Vec<ElementDef>,
    #[serde(default)]
    lexicon: Vec<LexiconDef>,
    #[serde(default)]
    signal: Vec<SignalDef>,
    #[serde(default)]
    scheme: Vec<SchemeDef>,
    #[serde(default)]
    cap: Vec<CapDef>,
    #[serde(default)]
    advice: Vec<AdviceDef>,
    #[serde(default)]
    source: Option<Source>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ElementDef {
    id: Spanned<String>,
    name: Text,
    description: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconDef {
    id: Spanned<String>,
    description: Option<String>,
    words: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalDef {
    id: Spanned<String>,
    element: Spanned<String>,
    #[serde(default = "one")]
    weight: f64,
    #[serde(default = "one_count")]
    max_count: usize,
    description: Text,
    #[serde(default)]
    keywords: Vec<Spanned<String>>,
    #[serde(default)]
    accented: Vec<Spanned<String>>,
    #[serde(default)]
    regex: Vec<Spanned<String>>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    negative_examples: Vec<String>,
}

fn one() -> f64 {
    1.0
}

fn one_count() -> usize {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemeDef {
    id: Spanned<String>,
    name: Text,
    #[serde(default = "yes")]
    listed: bool,
    points: BTreeMap<String, f64>,
    level: Vec<LevelDef>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelDef {
    verdict: Spanned<String>,
    when: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CapDef {
    id: Spanned<String>,
    description: Text,
    when: Spanned<String>,
    max: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdviceDef {
    id: Spanned<String>,
    text: Text,
    #[serde(default)]
    schemes: Vec<Spanned<String>>,
    #[serde(default = "low")]
    min_verdict: Spanned<String>,
}

fn low() -> Spanned<String> {
    Spanned::new(0..0, "low".to_string())
}

/// Where the advice comes from, cited in the output.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Who issued it.
    pub issuer: Text,
    /// ISO date.
    pub date: String,
    /// The document's title.
    pub title: String,
}

/// A story element: one role in the attack narrative (befriending, recording claim, …).
#[derive(Debug, Clone)]
pub struct Element {
    /// Identifier used in conditions.
    pub id: String,
    /// Short label.
    pub name: Text,
    /// What the element means.
    pub description: Text,
}

/// A signal: keywords and regexes that detect one element.
#[derive(Debug, Clone)]
pub struct Signal {
    /// Unique id.
    pub id: String,
    /// The element it is evidence of.
    pub element: String,
    /// How much one hit contributes to the element (an element is present at 1.0).
    pub weight: f64,
    /// How many distinct matched texts count (each adds `weight`); 1 by default.
    pub max_count: usize,
    /// What it detects.
    pub description: Text,
    /// Keywords folded to the match view (`*` at the end: prefix).
    pub keywords: Vec<String>,
    /// Keywords that must also match with their diacritics (folded form, accented form).
    pub accented: Vec<(String, String)>,
    /// Regex sources after lexicon expansion and folding, matched against the view.
    pub regex: Vec<String>,
    /// Texts the signal must hit.
    pub examples: Vec<String>,
    /// Texts the signal must not hit.
    pub negative_examples: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// One verdict level of a scheme: it applies when its condition holds.
#[derive(Debug, Clone)]
pub struct Level {
    /// The verdict given.
    pub verdict: Verdict,
    /// The condition.
    pub when: Expr,
    /// The condition as written.
    pub source: String,
}

/// An attack scheme (or, with `listed = false`, a generic scam pattern that rates a text
/// without naming one of the advisory's schemes).
#[derive(Debug, Clone)]
pub struct Scheme {
    /// Id reported in `schemes`.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Whether it is reported in `schemes` (the advisory's three are).
    pub listed: bool,
    /// Points per element present.
    pub points: BTreeMap<String, f64>,
    /// Levels, highest first.
    pub levels: Vec<Level>,
}

/// A cap: when its condition holds, no verdict above `max` is given. Used for texts that
/// talk *about* scams (advisories, news, victims' reports).
#[derive(Debug, Clone)]
pub struct Cap {
    /// Id reported in explanations.
    pub id: String,
    /// What it recognises.
    pub description: Text,
    /// The condition.
    pub when: Expr,
    /// The highest verdict allowed.
    pub max: Verdict,
}

/// One piece of advice.
#[derive(Debug, Clone)]
pub struct Advice {
    /// Id.
    pub id: String,
    /// The advice.
    pub text: Text,
    /// Schemes it applies to (empty: any flagged text).
    pub schemes: Vec<String>,
    /// Lowest verdict at which it is given.
    pub min_verdict: Verdict,
}

/// Where a rule item was defined.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The rule file.
    pub path: String,
    /// Line (1-based).
    pub line: usize,
}

/// A validated rule set, ready to compile into a classifier.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Story elements.
    pub elements: Vec<Element>,
    /// Signals.
    pub signals: Vec<Signal>,
    /// Schemes and generic patterns.
    pub schemes: Vec<Scheme>,
    /// Caps.
    pub caps: Vec<Cap>,
    /// Advice.
    pub advice: Vec<Advice>,
    /// The advice's source.
    pub source: Option<Source>,
}

/// An error in a rule file, located at `path:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// File path.
    pub path: String,
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based, in characters).
    pub col: usize,
    /// The offending line.
    pub line_text: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.col, self.message
        )?;
        let num = self.line.to_string();
        writeln!(f, "{} |", " ".repeat(num.len()))?;
        writeln!(f, "{num} | {}", self.line_text)?;
        write!(
            f,
            "{} | {}^",
            " ".repeat(num.len()),
            " ".repeat(self.col.saturating_sub(1))
        )?;
        if let Some(h) = &self.help {
            write!(f, "\n{} = help: {h}", " ".repeat(num.len()))?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleError {}

/// Compute 1-based line and column (in characters) of byte `at` in `src`.
fn line_col(src: &str, at: usize) -> (usize, usize, String) {
    let at = at.min(src.len());
    let at = (0..=at)
        .rev()
        .find(|&i| src.is_char_boundary(i))
        .unwrap_or(0);
    let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[at..].find('\n').map_or(src.len(), |i| at + i);
    let line = src[..at].matches('\n').count() + 1;
    let col = src[line_start..at].chars().count() + 1;
    (
        line,
        col,
        src[line_start..line_end].trim_end_matches('\r').to_string(),
    )
}

struct FileCtx<'a> {
    path: &'a str,
    src: &'a str,
    /// Byte offsets of the newlines of `src`: every rule records its line, and counting
    /// from the top each time was a seventh of start-up.
    newlines: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> FileCtx<'a> {
    fn new(path: &'a str, src: &'a str) -> FileCtx<'a> {
        FileCtx {
            path,
            src,
            newlines: std::cell::OnceCell::new(),
        }
    }

    /// The 1-based line of byte offset `at`.
    fn line(&self, at: usize) -> usize {
        let newlines = self
            .newlines
            .get_or_init(|| self.src.match_indices('\n').map(|(i, _)| i).collect());
        newlines.partition_point(|&nl| nl < at) + 1
    }

    fn error(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> RuleError {
        let (line, col, line_text) = line_col(self.src, span.start);
        RuleError {
            path: self.path.to_string(),
            line,
            col,
            line_text,
            message: message.into(),
            help,
        }
    }
    fn origin(&self, span: &Range<usize>) -> Origin {
        Origin {
            path: self.path.to_string(),
            line: self.line(span.start),
        }
    }
}

fn parse_verdict(ctx: &FileCtx, s: &Spanned<String>) -> Result<Verdict, RuleError> {
    s.get_ref().parse::<Verdict>().map_err(|_| {
        ctx.error(
            s.span(),
            format!("unknown verdict `{}`", s.get_ref()),
            Some("use one of none, low, medium, high".into()),
        )
    })
}

fn parse_expr(ctx: &FileCtx, s: &Spanned<String>) -> Result<Expr, RuleError> {
    Expr::parse(s.get_ref()).map_err(|e| {
        // +1 skips the opening quote of the TOML string.
        let span = s.span();
        ctx.error(
            span.start + 1 + e.at..span.end,
            format!("bad condition: {}", e.message),
            None,
        )
    })
}

/// Builder that merges rule files in order and validates cross references at the end.
#[derive(Default)]
pub struct Loader {
    set: RuleSet,
    /// Each lexicon as the regex alternation it expands to, built once per lexicon rather
    /// than at each of its references.
    lexicons: HashMap<String, String>,
    // Items whose references are checked once every file is in: (file index, …).
    files: Vec<(String, String)>,
    /// Files whose regexes `cargo test` already compiles (the built-ins): they are not
    /// checked again at load, which keeps start-up short.
    trusted: Vec<bool>,
    pending_signals: Vec<(usize, SignalDef)>,
    pending_schemes: Vec<(usize, SchemeDef)>,
    pending_caps: Vec<(usize, CapDef)>,
    pending_advice: Vec<(usize, AdviceDef)>,
    ids: HashMap<String, (String, usize)>,
}

impl Loader {
    /// A loader with no rules.
    pub fn new() -> Self {
        Self::default()
    }

    /// A loader holding the built-in rules.
    pub fn with_builtin() -> Result<Self, RuleError> {
        let mut l = Self::new();
        for (path, src) in BUILTIN {
            l.add_source(path, src)?;
            if let Some(t) = l.trusted.last_mut() {
                *t = true;
            }
        }
        Ok(l)
    }

    /// Add rules from a file, or from every `*.toml` file in a folder (sorted by name).
    pub fn add_path(&mut self, path: &Path) -> Result<(), crate::Error> {
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .map_err(|e| crate::Error::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            for f in files {
                self.add_file(&f)?;
            }
            Ok(())
        } else {
            self.add_file(path)
        }
    }

    fn add_file(&mut self, path: &Path) -> Result<(), crate::Error> {
        let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
        let src = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let src = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let shown = path.display().to_string();
            let ctx = FileCtx::new(&shown, &src);
            crate::Error::Rule(Box::new(ctx.error(
                at..at,
                "rule file is not valid UTF-8",
                None,
            )))
        })?;
        self.add_source(&path.display().to_string(), &src)
            .map_err(|e| crate::Error::Rule(Box::new(e)))
    }

    /// Add rules from TOML source text; `path` is used in messages.
    pub fn add_source(&mut self, path: &str, src: &str) -> Result<(), RuleError> {
        let file_idx = self.files.len();
        self.files.push((path.to_string(), src.to_string()));
        self.trusted.push(false);
        let ctx = FileCtx::new(path, src);
        let def: FileDef = toml::from_str(src).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().to_string();
            let help = if msg.contains("unknown field") {
                Some("see docs/RULES.md for the fields each table accepts".to_string())
            } else {
                None
            };
            ctx.error(span, msg, help)
        })?;
        for el in def.element {
            self.claim_id(&ctx, "element", &el.id)?;
            self.set.elements.push(Element {
                id: el.id.into_inner(),
                name: el.name,
                description: el.description,
            });
        }
        for lex in def.lexicon {
            self.claim_id(&ctx, "lexicon", &lex.id)?;
            let mut words = Vec::new();
            for w in &lex.words {
                let prefix = w.get_ref().ends_with('*');
                let mut forms = fold_keyword_variants(w.get_ref().trim_end_matches('*'));
                if forms[0].is_empty() {
                    return Err(ctx.error(w.span(), "empty word in lexicon", None));
                }
                // A one-letter word of a lexicon is meant literally (the `k` of "500 k"),
                // not as the chat abbreviation it also is (k = không).
                if w.get_ref().trim_end_matches('*').chars().count() == 1 {
                    forms.drain(..forms.len() - 1);
                }
                words.extend(forms.into_iter().map(|mut f| {
                    if prefix {
                        f.push('*');
                    }
                    f
                }));
            }
            self.lexicons
                .insert(lex.id.into_inner(), lexicon_alternation(words));
            let _ = lex.description;
        }
        if let Some(s) = def.source {
            self.set.source = Some(s);
        }
        self.pending_signals
            .extend(def.signal.into_iter().map(|s| (file_idx, s)));
        self.pending_schemes
            .extend(def.scheme.into_iter().map(|s| (file_idx, s)));
        self.pending_caps
            .extend(def.cap.into_iter().map(|s| (file_idx, s)));
        self.pending_advice
            .extend(def.advice.into_iter().map(|s| (file_idx, s)));
        Ok(())
    }

    fn claim_id(
        &mut self,
        ctx: &FileCtx,
        kind: &str,
        id: &Spanned<String>,
    ) -> Result<(), RuleError> {
        let name = id.get_ref();
        // Elements and lexicons are named inside conditions and regexes, where `-` cannot
        // appear; signals, schemes, caps and advice may use it.
        let dash_ok = !matches!(kind, "element" | "lexicon");
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || (dash_ok && c == '-'))
        {
            let allowed = if dash_ok {
                "ASCII letters, digits, `_` and `-`"
            } else {
                "ASCII letters, digits and `_`"
            };
            return Err(ctx.error(
                id.span(),
                format!("invalid {kind} id `{name}`"),
                Some(format!("{kind} ids use {allowed}")),
            ));
        }
        let key = format!("{kind}:{name}");
        if let Some((path, line)) = self.ids.get(&key) {
            return Err(ctx.error(
                id.span(),
                format!("duplicate {kind} id `{name}`"),
                Some(format!("first defined at {path}:{line}")),
            ));
        }
        self.ids
            .insert(key, (ctx.path.to_string(), ctx.line(id.span().start)));
        Ok(())
    }

    /// Expand `{lexicon}` and `{gap:N}` references in a regex, then fold it.
    fn expand_regex(&self, src: &str) -> Result<String, (usize, String)> {
        let mut out = String::new();
        let mut rest = src;
        let mut consumed = 0;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(after.len());
            let name = &after[..name_len];
            let is_ref = after[name_len..].starts_with('}')
                && name.starts_with(|c: char| c.is_ascii_alphabetic());
            out.push_str(&fold_regex_source(&rest[..i]));
            if !is_ref {
                out.push('{');
                consumed += i + 1;
                rest = &rest[i + 1..];
                continue;
            }
            if let Some(n) = name.strip_prefix("gap:") {
                let n: usize = n
                    .parse()
                    .map_err(|_| (consumed + i, format!("bad gap `{{{name}}}`")))?;
                // Byte classes keep the automata small: the view is ASCII but for rare
                // letters, and matches start and end at spaces, so spans stay on chars.
                out.push_str(&format!("(?:(?-u:[^ ])+ ){{0,{n}}}"));
            } else if let Some(alternation) = self.lexicons.get(name) {
                out.push_str(alternation);
            } else {
                return Err((consumed + i, format!("unknown lexicon `{name}`")));
            }
            consumed += i + 2 + name_len;
            rest = &after[name_len + 1..];
        }
        out.push_str(&fold_regex_source(rest));
        Ok(out)
    }

    /// Validate cross references and return the rule set.
    pub fn finish(mut self) -> Result<RuleSet, RuleError> {
        let element_ids: HashSet<String> = self.set.elements.iter().map(|e| e.id.clone()).collect();
        let files = std::mem::take(&mut self.files);
        let ctxs: Vec<FileCtx> = files.iter().map(|(p, s)| FileCtx::new(p, s)).collect();
        let ctx_of = |i: usize| &ctxs[i];
        let check_expr_ids = |ctx: &FileCtx,
                              s: &Spanned<String>,
                              e: &Expr|
         -> Result<(), RuleError> {
            let mut els = Vec::new();
            e.elements(&mut els);
            for (id, _) in els {
                if !element_ids.contains(&id) {
                    let at = s.get_ref().find(id.as_str()).unwrap_or(0);
                    return Err(ctx.error(
                        s.span().start + 1 + at..s.span().end,
                        format!("unknown element `{id}`"),
                        Some("elements are declared with [[element]] (rules/elements.toml)".into()),
                    ));
                }
            }
            Ok(())
        };

        for (fi, sd) in std::mem::take(&mut self.pending_signals) {
            let ctx = ctx_of(fi);
            self.claim_id(ctx, "signal", &sd.id)?;
            if !element_ids.contains(sd.element.get_ref()) {
                return Err(ctx.error(
                    sd.element.span(),
                    format!("unknown element `{}`", sd.element.get_ref()),
                    Some("elements are declared with [[element]] (rules/elements.toml)".into()),
                ));
            }
            if !(sd.weight > 0.0 && sd.weight <= 10.0) {
                return Err(ctx.error(sd.id.span(), "weight must be in (0, 10]", None));
            }
            if !(1..=10).contains(&sd.max_count) {
                return Err(ctx.error(sd.id.span(), "max_count must be between 1 and 10", None));
            }
            if sd.keywords.is_empty() && sd.regex.is_empty() && sd.accented.is_empty() {
                return Err(ctx.error(
                    sd.id.span(),
                    format!(
                        "signal `{}` has no keywords, accented keywords or regex",
                        sd.id.get_ref()
                    ),
                    None,
                ));
            }
            let mut keywords = Vec::new();
            for k in &sd.keywords {
                let prefix = k.get_ref().ends_with('*');
                let forms = fold_keyword_variants(k.get_ref().trim_end_matches('*'));
                if forms[0].is_empty() {
                    return Err(ctx.error(
                        k.span(),
                        "keyword is empty after normalization",
                        Some("a keyword needs at least one letter or digit".into()),
                    ));
                }
                keywords.extend(forms.into_iter().map(|mut f| {
                    if prefix {
                        f.push('*');
                    }
                    f
                }));
            }
            let mut accented = Vec::new();
            for k in &sd.accented {
                let forms = fold_keyword_variants(k.get_ref());
                if forms[0].is_empty() {
                    return Err(ctx.error(k.span(), "keyword is empty after normalization", None));
                }
                accented.extend(forms.into_iter().map(|f| (f, accent_key(k.get_ref()))));
            }
            let mut regexes = Vec::new();
            for r in &sd.regex {
                let expanded = self.expand_regex(r.get_ref()).map_err(|(at, msg)| {
                    ctx.error(r.span().start + 1 + at..r.span().end, msg, None)
                })?;
                // Built-in regexes are compiled in full by `builtin_rules_pass_the_checker`
                // (`cargo test`); even a syntax-only parse here cost start-up ~5 ms.
                let trusted = self.trusted.get(fi).copied().unwrap_or(false);
                if !trusted
                    && let Err(e) = regex::bytes::RegexBuilder::new(&expanded)
                        .size_limit(REGEX_SIZE_LIMIT)
                        .build()
                {
                    let msg = match e {
                        regex::Error::CompiledTooBig(n) => {
                            format!("regex is too large once compiled (limit {n} bytes)")
                        }
                        regex::Error::Syntax(text) => {
                            // The regex crate's report spans several lines and quotes the folded
                            // pattern; keep only its reason.
                            let reason = text
                                .lines()
                                .find_map(|l| l.trim().strip_prefix("error: "))
                                .unwrap_or(text.as_str());
                            format!("regex does not compile: {reason}")
                        }
                        other => format!("regex does not compile: {other}"),
                    };
                    return Err(ctx.error(
                        r.span(),
                        msg,
                        Some(format!(
                            "the pattern after expansion and folding is `{expanded}`"
                        )),
                    ));
                }
                regexes.push(expanded);
            }
            self.set.signals.push(Signal {
                id: sd.id.get_ref().clone(),
                element: sd.element.into_inner(),
                weight: sd.weight,
                max_count: sd.max_count,
                description: sd.description,
                keywords,
                accented,
                regex: regexes,
                examples: sd.examples,
                negative_examples: sd.negative_examples,
                origin: ctx.origin(&sd.id.span()),
            });
        }

        for (fi, sd) in std::mem::take(&mut self.pending_schemes) {
            let ctx = ctx_of(fi);
            self.claim_id(ctx, "scheme", &sd.id)?;
            for el in sd.points.keys() {
                if !element_ids.contains(el) {
                    return Err(ctx.error(
                        sd.id.span(),
                        format!(
                            "scheme `{}` gives points to unknown element `{el}`",
                            sd.id.get_ref()
                        ),
                        None,
                    ));
                }
            }
            let mut levels = Vec::new();
            for lv in &sd.level {
                let when = parse_expr(ctx, &lv.when)?;
                check_expr_ids(ctx, &lv.when, &when)?;
                levels.push(Level {
                    verdict: parse_verdict(ctx, &lv.verdict)?,
                    when,
                    source: lv.when.get_ref().clone(),
                });
            }
            levels.sort_by_key(|l| std::cmp::Reverse(l.verdict));
            self.set.schemes.push(Scheme {
                id: sd.id.into_inner(),
                name: sd.name,
                listed: sd.listed,
                points: sd.points,
                levels,
            });
        }

        for (fi, cd) in std::mem::take(&mut self.pending_caps) {
            let ctx = ctx_of(fi);
            self.claim_id(ctx, "cap", &cd.id)?;
            let when = parse_expr(ctx, &cd.when)?;
            check_expr_ids(ctx, &cd.when, &when)?;
            self.set.caps.push(Cap {
                id: cd.id.into_inner(),
                description: cd.description,
                when,
                max: parse_verdict(ctx, &cd.max)?,
            });
        }

        let scheme_ids: HashSet<String> = self.set.schemes.iter().map(|s| s.id.clone()).collect();
        for (fi, ad) in std::mem::take(&mut self.pending_advice) {
            let ctx = ctx_of(fi);
            self.claim_id(ctx, "advice", &ad.id)?;
            for s in &ad.schemes {
                if !scheme_ids.contains(s.get_ref()) {
                    return Err(ctx.error(
                        s.span(),
                        format!("unknown scheme `{}`", s.get_ref()),
                        None,
                    ));
                }
            }
            let min_verdict = if ad.min_verdict.span() == (0..0) {
                Verdict::Low
            } else {
                parse_verdict(ctx, &ad.min_verdict)?
            };
            self.set.advice.push(Advice {
                id: ad.id.into_inner(),
                text: ad.text,
                schemes: ad.schemes.into_iter().map(Spanned::into_inner).collect(),
                min_verdict,
            });
        }
        Ok(self.set)
    }
}

/// The regex a lexicon's folded `words` expand to: longest first, so that the leftmost-first
/// alternation prefers "anh em" to "anh"; a `*` word matches as a token prefix.
fn lexicon_alternation(mut words: Vec<String>) -> String {
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    let alts: Vec<String> = words
        .iter()
        .map(|w| match w.strip_suffix('*') {
            Some(p) => format!("{}(?-u:[^ ])*", regex::escape(p)),
            None => regex::escape(w),
        })
        .collect();
    format!("(?:{})", alts.join("|"))
}

/// The accent-preserving form of a keyword or text: NFC, lowercase, words joined by one space.
pub fn accent_key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower: String = s.nfc().flat_map(char::to_lowercase).collect();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl RuleSet {
    /// The built-in rules.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        Loader::with_builtin()?.finish()
    }

    /// Look up an element by id.
    pub fn element(&self, id: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ELEMENTS: &str = r#"
[[element]]
id = "threat"
name = { vi = "đe dọa", en = "threat" }
description = { vi = "x", en = "x" }
"#;

    fn load(extra: &str) -> Result<RuleSet, RuleError> {
        let mut l = Loader::new();
        l.add_source("elements.toml", ELEMENTS)?;
        l.add_source("user.toml", extra)?;
        l.finish()
    }

    #[test]
    fn builtin_rules_load() {
        let rs = RuleSet::builtin().unwrap();
        assert!(rs.signals.len() > 20);
        assert!(rs.schemes.iter().filter(|s| s.listed).count() == 3);
    }

    #[test]
    fn unknown_field_is_located() {
        let e = load("[[signal]]\nid = \"a\"\nelemnt = \"threat\"\n").unwrap_err();
        assert_eq!((e.path.as_str(), e.line, e.col), ("user.toml", 3, 1));
        assert!(e.message.contains("unknown field"), "{e}");
    }

    #[test]
    fn unknown_element_is_located() {
        let src = "[[signal]]\nid = \"a\"\nelement = \"thret\"\ndescription = { vi = \"x\", en = \"x\" }\nkeywords = [\"x\"]\n";
        let e = load(src).unwrap_err();
        assert_eq!((e.line, e.col), (3, 11));
        assert!(
            e.to_string()
                .contains("3 | element = \"thret\"\n  |           ^"),
            "{e}"
        );
    }

    #[test]
    fn bad_regex_is_located() {
        let src = "[[signal]]\nid = \"a\"\nelement = \"threat\"\ndescription = { vi = \"x\", en = \"x\" }\nregex = [\"(unclosed\"]\n";
        let e = load(src).unwrap_err();
        assert_eq!(e.line, 5);
        assert!(e.message.contains("does not compile"));
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let sig = "[[signal]]\nid = \"a\"\nelement = \"threat\"\ndescription = { vi = \"x\", en = \"x\" }\nkeywords = [\"x\"]\n";
        let e = load(&format!("{sig}{sig}")).unwrap_err();
        assert!(e.message.contains("duplicate signal id"));
        assert_eq!(e.line, 7);
    }

    #[test]
    fn lexicons_expand_in_regexes() {
        let src = "[[lexicon]]\nid = \"who\"\nwords = [\"vợ\", \"đồng nghiệp\"]\n[[signal]]\nid = \"a\"\nelement = \"threat\"\ndescription = { vi = \"x\", en = \"x\" }\nregex = [\"gửi {gap:2}{who}\"]\n";
        let rs = load(src).unwrap();
        assert_eq!(
            rs.signals[0].regex[0],
            "gui (?:(?-u:[^ ])+ ){0,2}(?:dong nghiep|vo)"
        );
    }

    #[test]
    fn bad_condition_points_at_column() {
        let src = "[[scheme]]\nid = \"s\"\nname = { vi = \"x\", en = \"x\" }\npoints = { threat = 1.0 }\n[[scheme.level]]\nverdict = \"high\"\nwhen = \"threat & \"\n";
        let e = load(src).unwrap_err();
        assert_eq!((e.line, e.col), (7, 18));
    }
}
