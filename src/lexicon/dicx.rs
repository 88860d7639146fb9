//! LIWC-22 `.dicx` dictionaries: CSV whose first column is the term and whose
//! other columns are categories; a cell of `X` marks membership, or in the
//! weighted variant a number gives the weight. An empty cell means "not in
//! this category".

use std::path::Path;

use crate::error::{Diagnostic, Location, Severity};
use crate::lang::Lang;

use super::{Entry, Lexicon, MatchKind};

pub(super) fn parse(text: &str, path: &Path, lang: Lang, lex: &mut Lexicon) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let error = |lex: &mut Lexicon, line: usize, col: usize, msg: String| {
        lex.diagnostics.push(Diagnostic::new(Location::at(path, line, col), Severity::Error, msg));
    };
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => return error(lex, 1, 0, "no header row; a .dicx file starts with `DicTerm,<category>,…`".into()),
    };
    let categories: Vec<String> = header.iter().skip(1).map(|c| c.trim().to_string()).collect();
    if categories.is_empty() {
        return error(lex, 1, 0, "the header names no category columns".into());
    }
    // Whether the file marks membership with X (binary) or numbers (weighted),
    // decided by the first non-empty cell; the two may not mix.
    let mut weighted: Option<bool> = None;
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                error(lex, line, 0, format!("malformed CSV: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let term = record.get(0).unwrap_or("").trim().to_lowercase();
        if term.is_empty() {
            continue;
        }
        let kind = if term.contains(['*', '?']) { MatchKind::Glob } else { MatchKind::Exact };
        let mut added = 0;
        for (c, cell) in record.iter().enumerate().skip(1) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let Some(category) = categories.get(c - 1) else {
                error(lex, line, c + 1, "a value in a column with no category header".into());
                continue;
            };
            let (is_weighted, weight) = if cell.eq_ignore_ascii_case("x") {
                (false, 1.0)
            } else {
                match cell.parse::<f64>() {
                    Ok(w) if w.is_finite() => (true, w),
                    _ => {
                        error(lex, line, c + 1, format!("cell {cell:?} is neither X nor a number"));
                        continue;
                    }
                }
            };
            if *weighted.get_or_insert(is_weighted) != is_weighted {
                error(lex, line, c + 1, "this file mixes X marks and numeric weights; use one or the other".into());
                continue;
            }
            let mut e = Entry::new(&term, kind, category);
            // Dictionaries of these formats ignore capitals.
            e.case = super::Case::Insensitive;
            e.weight = weight;
            e.language = lang;
            e.line = line;
            lex.entries.push(e);
            added += 1;
        }
        if added == 0 && !lex.has_errors() {
            lex.diagnostics.push(Diagnostic::new(
                Location::line(path, line),
                Severity::Warning,
                format!("{term:?} is in no category; skipped"),
            ));
        }
    }
}
