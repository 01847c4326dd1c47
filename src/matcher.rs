//! Compile a rule set once into one Aho-Corasick automaton for every keyword of every signal
//! and a set of regexes, then find signal hits in a match view.
//!
//! Keywords match whole tokens of the view (the automaton's patterns carry the surrounding
//! spaces); a keyword ending in `*` matches a token prefix; a multi-word keyword also matches
//! with its spaces removed inside a token that was joined from spaced letters ("c h u y e n
//! t i e n"); those joined forms live in a second automaton, built for the first text that
//! has such a token. Regexes match whole tokens too: each is compiled as ` (?:REGEX) ` against
//! the space-padded view. A regex runs only when the automaton saw one of the literal prefixes
//! every match of it must start with (extracted with `regex-syntax`); a regex without such a
//! finite prefix set runs on every text.

use crate::normalize::MatchView;
use crate::rules::{RuleSet, accent_key};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::hybrid;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind as RegexMatchKind, meta::Regex};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatKind {
    /// " kw ": whole tokens.
    Exact,
    /// " kw": a token prefix.
    Prefix,
    /// "kw": inside a joined token only.
    Joined,
    /// A literal prefix of regex number `.0`: the regex may match here.
    Prefilter(u32),
}

#[derive(Debug, Clone)]
struct PatInfo {
    signal: u32,
    kind: PatKind,
    /// For accented keywords: the accent-preserving form the source must equal.
    accented: Option<String>,
}

/// One signal hit: a span of the match view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the signal in the rule set.
    pub signal: usize,
    /// Start in the view (first byte of the first token).
    pub start: usize,
    /// End in the view (after the last token).
    pub end: usize,
}

/// The compiled matcher.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Vec<PatInfo>>,
    /// The [`PatKind::Joined`] patterns. They can only match inside tokens joined from
    /// spaced letters, which few texts have, so their automaton is built on first use and
    /// start-up builds a smaller one. Should that build fail (only past the automaton's
    /// size limits, with a huge user lexicon), joined forms never match.
    joined: Vec<String>,
    joined_patterns: Vec<Vec<PatInfo>>,
    joined_ac: OnceLock<Option<AhoCorasick>>,
    /// Each regex with its signal, compiled on first use: a short message needs few of them,
    /// and start-up stays short.
    regexes: Vec<(LazyRegex, u32)>,
    /// Regexes with no finite prefix set: run on every text.
    always: Vec<u32>,
}

/// Errors compiling the matcher (the automaton or a regex grew past its limits).
#[derive(Debug, Clone)]
pub struct CompileError(pub String);

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CompileError {}

impl Matcher {
    /// Compile every keyword and regex of `rules`.
    ///
    /// # Errors
    /// When the automaton or a regex exceeds its size limit.
    pub fn new(rules: &RuleSet) -> Result<Matcher, CompileError> {
        let mut main = PatternSet::default();
        let mut joined = PatternSet::default();
        for (si, sig) in rules.signals.iter().enumerate() {
            let si = si as u32;
            let kws = sig.keywords.iter().map(|k| (k.as_str(), None));
            let acc = sig
                .accented
                .iter()
                .map(|(k, a)| (k.as_str(), Some(a.clone())));
            for (kw, accented) in kws.chain(acc) {
                if let Some(p) = kw.strip_suffix('*') {
                    main.add(
                        padded(p, false),
                        PatInfo {
                            signal: si,
                            kind: PatKind::Prefix,
                            accented,
                        },
                    );
                    continue;
                }
                main.add(
                    padded(kw, true),
                    PatInfo {
                        signal: si,
                        kind: PatKind::Exact,
                        accented: accented.clone(),
                    },
                );
                let compact: String = kw.chars().filter(|&c| c != ' ').collect();
                if compact.len() >= 4 {
                    joined.add(
                        compact,
                        PatInfo {
                            signal: si,
                            kind: PatKind::Joined,
                            accented,
                        },
                    );
                }
            }
        }
        let mut regexes = Vec::new();
        let mut always = Vec::new();
        for (si, sig) in rules.signals.iter().enumerate() {
            for r in &sig.regex {
                let src = format!(" (?:{r}) ");
                let Analysis { prefixes, min_len } = match regex_cache().get(src.as_str()) {
                    Some(&(min_len, cached)) => Analysis {
                        prefixes: (!cached.is_empty())
                            .then(|| cached.iter().map(|l| (*l).to_string()).collect()),
                        min_len,
                    },
                    None => analyze(&src),
                };
                let re = LazyRegex::new(src, min_len);
                let ri = regexes.len() as u32;
                match prefixes {
                    Some(lits) => {
                        for lit in lits {
                            main.add(
                                lit,
                                PatInfo {
                                    signal: si as u32,
                                    kind: PatKind::Prefilter(ri),
                                    accented: None,
                                },
                            );
                        }
                    }
                    None => always.push(ri),
                }
                regexes.push((re, si as u32));
            }
        }
        let (main_strings, main_infos) = main.finish();
        let (joined_strings, joined_infos) = joined.finish();
        Ok(Matcher {
            ac: build_automaton(&main_strings)?,
            patterns: main_infos,
            joined: joined_strings,
            joined_patterns: joined_infos,
            joined_ac: OnceLock::new(),
            regexes,
            always,
        })
    }

    /// Find every hit in `view`; `decoded` is the text the view was built from (accented
    /// keywords are checked against it).
    pub fn find(&self, view: &MatchView, decoded: &str) -> Vec<Hit> {
        let text = view.text.as_str();
        let mut hits = Vec::new();
        // (regex, position) where a literal prefix of the regex occurred.
        let mut starts: Vec<(u32, usize)> = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                let infos = &self.patterns[m.pattern().as_usize()];
                visit(
                    view,
                    decoded,
                    m.start(),
                    m.end(),
                    infos,
                    &mut hits,
                    &mut starts,
                );
            }
        }
        let mut runs = view.joined_runs().peekable();
        if runs.peek().is_some()
            && let Some(ac) = self
                .joined_ac
                .get_or_init(|| build_automaton(&self.joined).ok().flatten())
        {
            // Searching each joined token alone finds exactly the occurrences the combined
            // automaton found there: the joined forms hold no space, so none crosses a token.
            for (a, b) in runs {
                for m in ac.find_overlapping_iter(&text.as_bytes()[a..b]) {
                    let infos = &self.joined_patterns[m.pattern().as_usize()];
                    let (s, e) = (a + m.start(), a + m.end());
                    visit(view, decoded, s, e, infos, &mut hits, &mut starts);
                }
            }
        }
        let mut push = |m: regex_automata::Match, si: u32| {
            let (s, e) = (m.start() + 1, m.end() - 1);
            if s < e {
                hits.push(Hit {
                    signal: si as usize,
                    start: s,
                    end: e,
                });
            }
        };
        for &ri in &self.always {
            let (re, si) = &self.regexes[ri as usize];
            // Too short a text cannot hold a match: the regex need not even be compiled.
            if text.len() < re.min_len {
                continue;
            }
            let Some(re) = re.get() else { continue };
            for m in re.find_iter(text) {
                push(m, *si);
            }
        }
        // A prefiltered regex only needs an anchored search where its prefix occurred: the
        // cost is the length of the candidate match, not of the text.
        starts.sort_unstable();
        starts.dedup();
        for (ri, at) in starts {
            let (re, si) = &self.regexes[ri as usize];
            // A short message then compiles none of the regexes whose prefix it merely holds.
            if text.len() - at < re.min_len {
                continue;
            }
            if let Some(end) = re.anchored_end(text, at) {
                push(regex_automata::Match::must(0, at..end), *si);
            }
        }
        hits.sort_by_key(|h| (h.start, h.end, h.signal));
        hits.dedup();
        hits
    }
}

/// Turn one automaton match `[start, end)` of the view into hits (or regex candidates) for
/// each pattern `infos` stands for.
fn visit(
    view: &MatchView,
    decoded: &str,
    start: usize,
    end: usize,
    infos: &[PatInfo],
    hits: &mut Vec<Hit>,
    starts: &mut Vec<(u32, usize)>,
) {
    let text = view.text.as_str();
    for info in infos {
        let (mut s, mut e) = (start, end);
        match info.kind {
            PatKind::Prefilter(ri) => {
                starts.push((ri, s));
                continue;
            }
            PatKind::Exact => {
                s += 1;
                e -= 1;
            }
            PatKind::Prefix => {
                s += 1;
                // Extend to the end of the token for the evidence span.
                e += text[e..].find(' ').unwrap_or(text.len() - e);
            }
            PatKind::Joined => {
                if !(view.in_joined_token(s) && view.in_joined_token(e - 1)) {
                    continue;
                }
            }
        }
        if s >= e {
            continue;
        }
        if let Some(want) = &info.accented {
            // Written with other diacritics, it is another word ("bí thư" is not
            // "bì thư"); a phrase written without any may be either, so it counts.
            let (a, b) = view.source_span(s, e);
            let key = accent_key(&decoded[a..b]);
            // A one-word keyword typed without diacritics is too ambiguous
            // ("cung" is far more often "cùng" than "cưng").
            if key != *want && (!key.is_ascii() || !want.contains(' ')) {
                continue;
            }
        }
        hits.push(Hit {
            signal: info.signal as usize,
            start: s,
            end: e,
        });
    }
}

/// `" kw"`, or `" kw "` with `trailing`. (Not `format!`: for thousands of keywords at
/// start-up, its machinery cost more than the copying.)
fn padded(kw: &str, trailing: bool) -> String {
    let mut s = String::with_capacity(kw.len() + 2);
    s.push(' ');
    s.push_str(kw);
    if trailing {
        s.push(' ');
    }
    s
}

/// Automaton patterns being collected: each distinct string once, with what it stands for.
#[derive(Debug, Clone, Default)]
struct PatternSet {
    pairs: Vec<(String, PatInfo)>,
}

impl PatternSet {
    fn add(&mut self, pat: String, info: PatInfo) {
        self.pairs.push((pat, info));
    }

    /// The distinct patterns, each with every info added for it, in the order first added.
    /// Strings are told apart by a map of borrowed keys, so no string is copied or sorted
    /// (sorting them was a seventh of start-up). Pattern ids carry no meaning (hits are
    /// sorted).
    fn finish(self) -> (Vec<String>, Vec<Vec<PatInfo>>) {
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        first.reserve(self.pairs.len());
        let ids: Vec<usize> = self
            .pairs
            .iter()
            .map(|(p, _)| {
                let next = first.len();
                *first.entry(p.as_str()).or_insert(next)
            })
            .collect();
        let n = first.len();
        drop(first);
        let mut strings: Vec<String> = Vec::with_capacity(n);
        let mut infos: Vec<Vec<PatInfo>> = vec![Vec::new(); n];
        for ((pat, info), id) in self.pairs.into_iter().zip(ids) {
            // Ids are handed out in order of first occurrence.
            if id == strings.len() {
                strings.push(pat);
            }
            infos[id].push(info);
        }
        (strings, infos)
    }
}

/// The automaton of `strings` (`None` when there are none).
fn build_automaton(strings: &[String]) -> Result<Option<AhoCorasick>, CompileError> {
    if strings.is_empty() {
        return Ok(None);
    }
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::Standard)
        .build(strings)
        .or_else(|_| {
            // A huge user lexicon can outgrow a limit; fall back to the default.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(strings)
        })
        .map(Some)
        .map_err(|e| CompileError(format!("keyword automaton: {e}")))
}

/// A regex compiled on first use (thread-safe). The rule loader has already checked that it
/// compiles (`cargo test` has, for the built-ins), so a failure here (only a size limit)
/// makes the regex never match.
#[derive(Debug, Clone)]
struct LazyRegex {
    src: String,
    /// The fewest bytes any match spans.
    min_len: usize,
    cell: OnceLock<Option<Regex>>,
    /// For anchored searches: a forward lazy DFA alone, which compiles in about two thirds
    /// of the time of the full regex (no reverse automaton, captures or fallback engines).
    anchored: OnceLock<Option<AnchoredDfa>>,
}

/// A forward lazy DFA with a pool of per-thread caches.
struct AnchoredDfa {
    dfa: hybrid::dfa::DFA,
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
}

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync>;

impl std::fmt::Debug for AnchoredDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnchoredDfa").finish_non_exhaustive()
    }
}

impl Clone for AnchoredDfa {
    fn clone(&self) -> Self {
        AnchoredDfa::new(self.dfa.clone())
    }
}

impl AnchoredDfa {
    fn new(dfa: hybrid::dfa::DFA) -> AnchoredDfa {
        let d = dfa.clone();
        AnchoredDfa {
            dfa,
            caches: Pool::new(Box::new(move || d.create_cache())),
        }
    }
}

impl LazyRegex {
    fn new(src: String, min_len: usize) -> LazyRegex {
        LazyRegex {
            src,
            min_len,
            cell: OnceLock::new(),
            anchored: OnceLock::new(),
        }
    }

    fn get(&self) -> Option<&Regex> {
        self.cell
            .get_or_init(|| {
                Regex::builder()
                    .syntax(regex_automata::util::syntax::Config::new().utf8(false))
                    .configure(
                        Regex::config()
                            .utf8_empty(false)
                            .nfa_size_limit(Some(crate::rules::REGEX_SIZE_LIMIT)),
                    )
                    .build(&self.src)
                    .ok()
            })
            .as_ref()
    }

    /// The end of the leftmost-first match that starts exactly at `at`, as
    /// `Regex::search` with `Anchored::Yes` gives it.
    fn anchored_end(&self, text: &str, at: usize) -> Option<usize> {
        let a = self
            .anchored
            .get_or_init(|| {
                let nfa = thompson::Compiler::new()
                    .syntax(regex_automata::util::syntax::Config::new().utf8(false))
                    .configure(
                        thompson::Config::new()
                            .utf8(false)
                            .which_captures(WhichCaptures::None)
                            .nfa_size_limit(Some(crate::rules::REGEX_SIZE_LIMIT)),
                    )
                    .build(&self.src)
                    .ok()?;
                let dfa = hybrid::dfa::DFA::builder()
                    .configure(hybrid::dfa::Config::new().match_kind(RegexMatchKind::LeftmostFirst))
                    .build_from_nfa(nfa)
                    .ok()?;
                Some(AnchoredDfa::new(dfa))
            })
            .as_ref();
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        if let Some(a) = a {
            let mut cache = a.caches.get();
            // On an error the lazy DFA gave up (its cache thrashed): the full regex decides.
            if let Ok(m) = a.dfa.try_search_fwd(&mut cache, &input) {
                return m.map(|h| h.offset());
            }
        }
        self.get()?.search(&input).map(|m| m.end())
    }
}

/// What the matcher needs to know of a regex before (or instead of) compiling it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Analysis {
    /// The literal prefixes of every match ([`literals`]); `None`: the regex runs on every
    /// text.
    prefixes: Option<Vec<String>>,
    /// The fewest bytes any match spans (0 when unknown).
    min_len: usize,
}

/// [`analyze`] of each built-in regex as `(padded source, min_len, prefixes)`, so start-up
/// need not parse 63 KB of regex (~9 ms). Generated by the test `regex_cache_is_fresh`,
/// which fails when it is stale; a source that is not in it (a user rule, or an edited
/// built-in) is simply parsed. An empty prefix list stands for `None`.
static REGEX_CACHE: &[(&str, usize, &[&str])] = include!("matcher/regex_cache.in");

type CacheMap = FxHashMap<&'static str, (usize, &'static [&'static str])>;

fn regex_cache() -> &'static CacheMap {
    static MAP: OnceLock<CacheMap> = OnceLock::new();
    MAP.get_or_init(|| {
        REGEX_CACHE
            .iter()
            .map(|&(src, min_len, lits)| (src, (min_len, lits)))
            .collect()
    })
}

/// Parse regex `src` once for its literal prefixes and minimum match length.
fn analyze(src: &str) -> Analysis {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(src)
    else {
        return Analysis {
            prefixes: None,
            min_len: 0,
        };
    };
    Analysis {
        prefixes: literals(&hir, regex_syntax::hir::literal::ExtractKind::Prefix),
        min_len: hir.properties().minimum_len().unwrap_or(0),
    }
}

/// The literal prefixes (or suffixes) every match of `hir` starts (or ends) with, when they
/// form a finite set of useful length; `None` when there is no such set.
fn literals(
    hir: &regex_syntax::hir::Hir,
    kind: regex_syntax::hir::literal::ExtractKind,
) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::Extractor;
    let mut ex = Extractor::new();
    ex.kind(kind)
        .limit_class(16)
        .limit_repeat(4)
        .limit_literal_len(24)
        .limit_total(4000);
    let seq = ex.extract(hir);
    let lits = seq.literals()?;
    let mut out = Vec::with_capacity(lits.len());
    for lit in lits {
        // A bare space would fire everywhere: then the regex simply runs on every text.
        let s = std::str::from_utf8(lit.as_bytes()).ok()?;
        if s.trim().is_empty() {
            return None;
        }
        out.push(s.to_string());
    }
    (!out.is_empty()).then_some(out)
}

impl Matcher {
    /// Heap taken by the keyword automaton and its pattern table (regexes, compiled on first
    /// use, are bounded one by one; see [`crate::limits`]).
    pub fn heap_bytes(&self) -> usize {
        let table: usize = self
            .patterns
            .iter()
            .map(|p| p.capacity() * std::mem::size_of::<PatInfo>())
            .sum();
        let joined: usize = self.joined.iter().map(|j| j.capacity()).sum::<usize>()
            + self
                .joined_patterns
                .iter()
                .map(|p| p.capacity() * std::mem::size_of::<PatInfo>())
                .sum::<usize>();
        self.ac.as_ref().map_or(0, |ac| ac.memory_usage())
            + table
            + self.patterns.capacity() * std::mem::size_of::<Vec<PatInfo>>()
            + joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The forward-only lazy DFA finds the same anchored match end as the full regex, for
    /// every built-in regex at every token start of every signal example.
    #[test]
    fn anchored_dfa_agrees_with_the_full_regex() {
        let rules = RuleSet::builtin().unwrap();
        let m = Matcher::new(&rules).unwrap();
        let mut texts = Vec::new();
        for sig in &rules.signals {
            for ex in sig.examples.iter().chain(&sig.negative_examples) {
                let mut r = crate::normalize::NormalizationReport::default();
                texts.push(crate::normalize::match_view(ex, &[], &mut r).text);
            }
        }
        let mut ends = 0;
        for (re, _) in &m.regexes {
            let full = re.get().expect("built-in regexes compile");
            for t in &texts {
                for (at, _) in t.match_indices(' ') {
                    let input = Input::new(t.as_str()).range(at..).anchored(Anchored::Yes);
                    let want = full.search(&input).map(|m| m.end());
                    assert_eq!(re.anchored_end(t, at), want, "{} at {at} of {t:?}", re.src);
                    ends += usize::from(want.is_some());
                }
            }
        }
        // The comparison means something only if many searches matched.
        assert!(ends > 100, "{ends}");
    }

    /// The text of `matcher/regex_cache.in` for the built-in rules.
    fn render_regex_cache() -> String {
        let rules = RuleSet::builtin().unwrap();
        let mut out = String::from(
            "// Generated by `CANHGIAC_BLESS=1 cargo test --lib cache_is_fresh`; do not edit.\n\
             // (padded source, minimum match length, literal prefixes) of each built-in regex\n\
             // (see `REGEX_CACHE` in matcher.rs).\n&[\n",
        );
        let mut seen = std::collections::HashSet::new();
        for r in rules.signals.iter().flat_map(|s| &s.regex) {
            let src = format!(" (?:{r}) ");
            if seen.insert(src.clone()) {
                let a = analyze(&src);
                let lits = a.prefixes.unwrap_or_default();
                out.push_str(&format!("    ({src:?}, {}, &{lits:?}),\n", a.min_len));
            }
        }
        out.push_str("]\n");
        out
    }

    /// The cache holds exactly what parsing would give for every built-in regex, so it never
    /// changes a result; regenerate it with `CANHGIAC_BLESS=1` after editing the rules.
    #[test]
    fn regex_cache_is_fresh() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/matcher/regex_cache.in");
        let want = render_regex_cache();
        crate::assert_generated_file_fresh(path, &want);
        for &(src, min_len, lits) in REGEX_CACHE {
            let a = analyze(src);
            assert_eq!(a.prefixes.unwrap_or_default(), lits, "{src}");
            assert_eq!(a.min_len, min_len, "{src}");
        }
    }

    /// Texts too short for a regex skip it without compiling it, and find what they did.
    #[test]
    fn short_texts_compile_no_regex() {
        let rules = RuleSet::builtin().unwrap();
        let m = Matcher::new(&rules).unwrap();
        let mut r = crate::normalize::NormalizationReport::default();
        let text = "Chào anh";
        let view = crate::normalize::match_view(text, &[], &mut r);
        assert!(m.find(&view, text).is_empty());
        assert!(m.regexes.iter().all(|(re, _)| re.cell.get().is_none()));
        let text = "anh đẹp trai quá";
        let view = crate::normalize::match_view(text, &[], &mut r);
        let compliment = rules.signals.iter().position(|s| {
            s.regex
                .first()
                .is_some_and(|r| r.starts_with("(?:anh|chi|you) "))
        });
        let hits = m.find(&view, text);
        assert!(
            compliment.is_some_and(|c| hits.iter().any(|h| h.signal == c)),
            "{hits:?}"
        );
    }
    /// Joined forms match inside tokens joined from spaced letters, and their automaton is
    /// built only for the first text that has such a token.
    #[test]
    fn joined_forms_need_a_joined_token() {
        let rules = RuleSet::builtin().unwrap();
        let m = Matcher::new(&rules).unwrap();
        let find = |text: &str| {
            let mut r = crate::normalize::NormalizationReport::default();
            let view = crate::normalize::match_view(text, &[], &mut r);
            m.find(&view, text)
        };
        let quen = rules
            .signals
            .iter()
            .position(|s| s.keywords.iter().any(|k| k == "iam quen"))
            .unwrap();
        assert!(find("muốn làm quen").iter().any(|h| h.signal == quen));
        assert!(m.joined_ac.get().is_none());
        assert!(!find("tôi làmquen").iter().any(|h| h.signal == quen));
        assert!(m.joined_ac.get().is_none());
        assert!(find("muốn l à m q u e n").iter().any(|h| h.signal == quen));
        assert!(m.joined_ac.get().is_some_and(Option::is_some));
    }

    /// A regex missing from the cache (a user rule) is parsed and prefiltered as before.
    #[test]
    fn uncached_regexes_are_parsed() {
        let mut l = crate::rules::Loader::with_builtin().unwrap();
        l.add_source(
            "mine.toml",
            "[[signal]]\nid = \"mine\"\nelement = \"threat_spread\"\n\
             description = { vi = \"x\", en = \"x\" }\nregex = [\"qua (?:den|trang)\"]\n",
        )
        .unwrap();
        let rules = l.finish().unwrap();
        let src = format!(" (?:{}) ", rules.signals.last().unwrap().regex[0]);
        assert!(!regex_cache().contains_key(src.as_str()));
        let m = Matcher::new(&rules).unwrap();
        let ri = m.regexes.len() as u32 - 1;
        assert!(!m.always.contains(&ri));
        let mut r = crate::normalize::NormalizationReport::default();
        let text = "con qua trang bay";
        let view = crate::normalize::match_view(text, &[], &mut r);
        let mine = rules.signals.len() - 1;
        assert!(m.find(&view, text).iter().any(|h| h.signal == mine));
    }
}
