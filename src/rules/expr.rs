//! Boolean conditions over story elements, as in SpamAssassin meta rules and Rspamd
//! composites: `(recording | material) & threat & !about_scam`, `2 of (demand, crypto,
//! deadline)`.
//!
//! Grammar: `or := and ('|' and)*`, `and := unary ('&' unary)*`,
//! `unary := '!' unary | N 'of' '(' id (',' id)* ')' | '(' or ')' | id | id '>=' N`.
//! `id` holds when the element's strength is at least 1; `id >= 2` asks for more evidence
//! (two distinct cues of weight 1, four of weight 0.5).

use std::collections::HashSet;

/// Strength at which an element counts as present.
pub const PRESENT: f64 = 0.999;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// An element is present.
    Element(String),
    /// An element's strength is at least this.
    AtLeastStrength(String, f64),
    /// Negation.
    Not(Box<Expr>),
    /// All hold.
    And(Vec<Expr>),
    /// One holds.
    Or(Vec<Expr>),
    /// At least `n` of the listed conditions hold.
    AtLeast(usize, Vec<Expr>),
}

/// A syntax error at a byte column of the condition string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// Byte offset in the condition.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl Expr {
    /// Parse a condition.
    pub fn parse(src: &str) -> Result<Expr, ExprError> {
        let mut p = Parser { src, pos: 0 };
        let e = p.or()?;
        p.skip_ws();
        if p.pos < src.len() {
            return Err(p.err(format!("unexpected `{}`", &src[p.pos..])));
        }
        Ok(e)
    }

    /// Evaluate with `strength` giving each element's strength (present at 1).
    pub fn eval(&self, strength: &dyn Fn(&str) -> f64) -> bool {
        match self {
            Expr::Element(id) => strength(id) >= PRESENT,
            Expr::AtLeastStrength(id, min) => strength(id) >= min - 0.001,
            Expr::Not(e) => !e.eval(strength),
            Expr::And(v) => v.iter().all(|e| e.eval(strength)),
            Expr::Or(v) => v.iter().any(|e| e.eval(strength)),
            Expr::AtLeast(n, v) => v.iter().filter(|e| e.eval(strength)).count() >= *n,
        }
    }

    /// Every element the condition names, with whether it is named under a negation.
    pub fn elements(&self, out: &mut Vec<(String, bool)>) {
        fn walk(e: &Expr, neg: bool, out: &mut Vec<(String, bool)>) {
            match e {
                Expr::Element(id) | Expr::AtLeastStrength(id, _) => out.push((id.clone(), neg)),
                Expr::Not(x) => walk(x, !neg, out),
                Expr::And(v) | Expr::Or(v) | Expr::AtLeast(_, v) => {
                    v.iter().for_each(|x| walk(x, neg, out))
                }
            }
        }
        walk(self, false, out)
    }

    /// Whether some set of elements makes the condition true (used to check that every scheme
    /// can fire). Tries the positive elements all present and negated ones absent.
    pub fn satisfiable(&self) -> bool {
        let mut els = Vec::new();
        self.elements(&mut els);
        let pos: HashSet<&str> = els
            .iter()
            .filter(|(_, neg)| !neg)
            .map(|(id, _)| id.as_str())
            .collect();
        self.eval(&|id| if pos.contains(id) { f64::MAX } else { 0.0 })
    }
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn err(&self, message: String) -> ExprError {
        ExprError {
            at: self.pos,
            message,
        }
    }
    fn skip_ws(&mut self) {
        while self.src[self.pos..].starts_with(char::is_whitespace) {
            self.pos += 1;
        }
    }
    fn eat(&mut self, tok: &str) -> bool {
        self.skip_ws();
        if self.src[self.pos..].starts_with(tok) {
            self.pos += tok.len();
            true
        } else {
            false
        }
    }
    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut v = vec![self.and()?];
        while self.eat("|") {
            v.push(self.and()?);
        }
        Ok(if v.len() == 1 {
            v.pop().unwrap()
        } else {
            Expr::Or(v)
        })
    }
    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut v = vec![self.unary()?];
        while self.eat("&") {
            v.push(self.unary()?);
        }
        Ok(if v.len() == 1 {
            v.pop().unwrap()
        } else {
            Expr::And(v)
        })
    }
    fn ident(&mut self) -> Option<&str> {
        self.skip_ws();
        let rest = &self.src[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        self.pos += len;
        Some(&rest[..len])
    }
    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.eat("!") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat("(") {
            let e = self.or()?;
            if !self.eat(")") {
                return Err(self.err("expected `)`".into()));
            }
            return Ok(e);
        }
        let start = self.pos;
        let Some(id) = self.ident() else {
            self.skip_ws();
            return Err(self.err("expected an element id, `!`, `(` or `N of (…)`".into()));
        };
        if let Ok(n) = id.parse::<usize>() {
            if !self.eat("of") || !self.eat("(") {
                self.pos = start;
                return Err(self.err(format!("expected `{n} of (a, b, …)`")));
            }
            let mut v = vec![self.or()?];
            while self.eat(",") {
                v.push(self.or()?);
            }
            if !self.eat(")") {
                return Err(self.err("expected `)` or `,`".into()));
            }
            if n == 0 || n > v.len() {
                self.pos = start;
                return Err(self.err(format!("`{n} of` needs between 1 and {} items", v.len())));
            }
            return Ok(Expr::AtLeast(n, v));
        }
        let id = id.to_string();
        if self.eat(">=") {
            self.skip_ws();
            let rest = &self.src[self.pos..];
            let len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let Ok(min) = rest[..len].parse::<f64>() else {
                return Err(self.err("expected a number after `>=`".into()));
            };
            self.pos += len;
            return Ok(Expr::AtLeastStrength(id, min));
        }
        Ok(Expr::Element(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(src: &str, present: &[&str]) -> bool {
        Expr::parse(src)
            .unwrap()
            .eval(&|id| if present.contains(&id) { 1.0 } else { 0.0 })
    }

    #[test]
    fn parses_and_evaluates() {
        assert!(holds("a & (b | c)", &["a", "c"]));
        assert!(!holds("a & (b | c)", &["a"]));
        assert!(holds("a & !d", &["a"]));
        assert!(!holds("a & !d", &["a", "d"]));
        assert!(holds("2 of (a, b, c)", &["a", "c"]));
        assert!(!holds("2 of (a, b, c)", &["c"]));
        assert!(holds("a | b & c", &["a"]));
    }

    #[test]
    fn strength_thresholds() {
        let e = Expr::parse("a >= 2 & !b").unwrap();
        assert!(e.eval(&|id| if id == "a" { 2.0 } else { 0.0 }));
        assert!(!e.eval(&|id| if id == "a" { 1.5 } else { 0.0 }));
        assert!(Expr::parse("a >= x").is_err());
    }

    #[test]
    fn reports_error_columns() {
        let e = Expr::parse("a & (b | c").unwrap_err();
        assert_eq!(e.at, 10);
        let e = Expr::parse("a & & b").unwrap_err();
        assert_eq!(e.at, 4);
        assert!(Expr::parse("4 of (a, b)").is_err());
        assert!(Expr::parse("a b").is_err());
    }

    #[test]
    fn satisfiability() {
        assert!(Expr::parse("a & !b").unwrap().satisfiable());
        assert!(!Expr::parse("a & !a").unwrap().satisfiable());
    }
}
