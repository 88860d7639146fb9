//! Report rows and CSV writing. Rows are `#[derive(Serialize)]` structs;
//! text cells go through [`Text`], which neutralises spreadsheet formula
//! injection, and numbers are written with a fixed number of decimals so that
//! reports are byte-identical from run to run.

use std::borrow::Cow;

use serde::{Serialize, Serializer};

/// Prefixes a cell that a spreadsheet would run as a formula (it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) with an apostrophe.
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// A text cell, written through [`safe_cell`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Text(pub String);

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&safe_cell(&self.0))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.to_string())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(s)
    }
}

/// A number written with `DECIMALS` decimals (and `-0` as `0`), or an empty
/// cell when it is not defined.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Num(pub Option<f64>);

/// Decimals of every non-integer number in the reports.
pub const DECIMALS: usize = 4;

impl Num {
    pub fn of(v: f64) -> Num {
        Num(v.is_finite().then_some(v))
    }
    pub fn none() -> Num {
        Num(None)
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(v) => {
                let text = format!("{v:.DECIMALS$}");
                let zero = format!("-{:.DECIMALS$}", 0.0);
                if text == zero { s.serialize_str(&text[1..]) } else { s.serialize_str(&text) }
            }
            None => s.serialize_str(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_cell_table() {
        let cases = [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("normal", "normal"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (input, want) in cases {
            assert_eq!(safe_cell(input), want, "{input:?}");
        }
    }

    #[test]
    fn numbers_are_fixed_and_never_negative_zero() {
        #[derive(Serialize)]
        struct Row {
            a: Num,
            b: Num,
            c: Num,
            d: Num,
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(Row { a: Num::of(1.0 / 3.0), b: Num::of(-0.00001), c: Num::none(), d: Num::of(f64::NAN) }).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out, "a,b,c,d\n0.3333,0.0000,,\n");
    }
}

/// A cell of a table whose columns depend on the lexicon: counts are written
/// as integers, measures with [`DECIMALS`] decimals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Int(u64),
    Num(Num),
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Int(i) => s.serialize_u64(*i),
            Cell::Num(n) => n.serialize(s),
        }
    }
}

impl From<u64> for Cell {
    fn from(v: u64) -> Self {
        Cell::Int(v)
    }
}

impl From<f64> for Cell {
    fn from(v: f64) -> Self {
        Cell::Num(Num::of(v))
    }
}

/// The sentence around a hit, on one line, at most `max` bytes on each side
/// of the hit (cut at word boundaries, marked with `…`).
pub fn context(body: &str, sentence: std::ops::Range<usize>, hit: std::ops::Range<usize>, max: usize) -> String {
    let mut start = sentence.start.max(hit.start.saturating_sub(max));
    let mut end = sentence.end.min(hit.end + max).max(hit.end);
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    while !body.is_char_boundary(end) {
        end += 1;
    }
    // Never cut a word in half: move inward to the nearest space.
    let mid_word = |i: usize| {
        body[..i].chars().next_back().is_some_and(|c| !c.is_whitespace())
            && body[i..].chars().next().is_some_and(|c| !c.is_whitespace())
    };
    if start > sentence.start
        && mid_word(start)
        && let Some(p) = body[start..hit.start].find(' ')
    {
        start += p + 1;
    }
    if end < sentence.end
        && mid_word(end)
        && let Some(p) = body[hit.end..end].rfind(' ')
    {
        end = hit.end + p;
    }
    let start_trimmed = body[start..end].len() - body[start..end].trim_start().len();
    start += start_trimmed;
    end = start + body[start..end].trim_end().len();
    let mut s = String::with_capacity(end - start + 8);
    if start > sentence.start {
        s.push('…');
    }
    s.extend(body[start..end].chars().map(|c| if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c }));
    if end < sentence.end {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod context_tests {
    use super::*;

    #[test]
    fn context_table() {
        let body = "alpha beta gamma delta epsilon\nzeta";
        let sent = 0..body.len();
        let cases = [
            (12..16, 100, "alpha beta gamma delta epsilon zeta"),
            (11..16, 6, "…beta gamma delta…"),
            (0..5, 3, "alpha…"),
        ];
        for (hit, max, want) in cases {
            assert_eq!(context(body, sent.clone(), hit.clone(), max), want, "{hit:?} {max}");
        }
    }
}
