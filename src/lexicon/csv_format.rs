//! The framelens lexicon CSV: one entry per row, columns found by header name
//! so a spreadsheet user may reorder them or add their own.

use std::io::Write;
use std::path::Path;

use crate::error::{Diagnostic, Location, Severity};
use crate::lang::Lang;

use super::{Entry, Lexicon, MatchKind, split_axis};

/// The columns framelens reads, in the order it writes them.
pub const COLUMNS: [&str; 12] = [
    "term", "match", "category", "axis", "side", "weight", "neutral", "language", "note", "family", "requires", "case",
];

pub(super) fn parse(text: &str, path: &Path, default_lang: Lang, lex: &mut Lexicon) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let error = |lex: &mut Lexicon, line: usize, col: usize, msg: String| {
        lex.diagnostics.push(Diagnostic::new(Location::at(path, line, col), Severity::Error, msg));
    };
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return error(lex, 1, 0, format!("cannot read the header: {e}")),
        None => {
            return error(lex, 1, 0, format!("empty lexicon; the first line must be the header {}", COLUMNS.join(",")));
        }
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let mut index = [None; 12];
    for (slot, col) in index.iter_mut().zip(COLUMNS) {
        *slot = names.iter().position(|n| n == col);
    }
    for required in 0..3 {
        if index[required].is_none() {
            return error(
                lex,
                1,
                0,
                format!(
                    "the header has no `{}` column; it must name at least term, match and category (full header: {})",
                    COLUMNS[required],
                    COLUMNS.join(",")
                ),
            );
        }
    }
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                error(lex, line, 0, format!("malformed CSV: {e}; check the quoting of this row"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| index[i].and_then(|c| record.get(c)).unwrap_or("").trim();
        let col = |i: usize| index[i].map_or(0, |c| c + 1);
        let term = field(0);
        if term.starts_with('#') {
            continue; // a comment row
        }
        if term.is_empty() {
            error(lex, line, col(0), "empty term; write the word, phrase or glob to look for".into());
            continue;
        }
        let kind = match field(1).to_ascii_lowercase().as_str() {
            "" | "exact" => MatchKind::Exact,
            "stem" => MatchKind::Stem,
            "glob" => MatchKind::Glob,
            other => {
                error(lex, line, col(1), format!("unknown match {other:?}; use exact, stem or glob"));
                continue;
            }
        };
        let category = field(2);
        if category.is_empty() {
            error(lex, line, col(2), "empty category; every entry needs one (e.g. loaded, label, hedge)".into());
            continue;
        }
        let axis = field(3).to_lowercase();
        let side = field(4).to_lowercase();
        let scope = category == super::SCOPE;
        if scope && (axis.is_empty() || !side.is_empty()) {
            error(
                lex,
                line,
                col(3),
                "a scope row names the axis whose topic it marks and no side (e.g. axis armenia-azerbaijan, side empty)"
                    .into(),
            );
            continue;
        }
        if !scope && axis.is_empty() != side.is_empty() {
            let (c, what) = if axis.is_empty() {
                (col(3), "side is set but axis is empty")
            } else {
                (col(4), "axis is set but side is empty")
            };
            error(lex, line, c, format!("{what}; give both (e.g. axis armenia-azerbaijan, side armenia) or neither"));
            continue;
        }
        if !scope && !axis.is_empty() && split_axis(&axis, &side).is_none() {
            error(
                lex,
                line,
                col(4),
                format!("side {side:?} is not one of the two poles of axis {axis:?}; name the axis `<pole>-<pole>`"),
            );
            continue;
        }
        // Lean is a log-ratio of summed weights, so sided weights must be positive;
        // unsided entries may carry any weight (signed sentiment dictionaries).
        let weight = match field(5) {
            "" => 1.0,
            w => match w.parse::<f64>() {
                Ok(v) if v.is_finite() && (v > 0.0 || axis.is_empty()) => v,
                Ok(v) if v.is_finite() => {
                    error(
                        lex,
                        line,
                        col(5),
                        format!(
                            "weight {w} of a sided entry must be positive (lean adds the weights of each side); leave it empty for 1"
                        ),
                    );
                    continue;
                }
                _ => {
                    error(lex, line, col(5), format!("weight {w:?} is not a number; leave it empty for 1"));
                    continue;
                }
            },
        };
        let language = match field(7) {
            "" => default_lang,
            l => match l.parse::<Lang>() {
                Ok(l) => l,
                Err(e) => {
                    error(lex, line, col(7), e.to_string());
                    continue;
                }
            },
        };
        let words =
            if kind == MatchKind::Glob { crate::glob::glob_words(term) } else { crate::normal::normalize_words(term) };
        if words.is_empty() {
            error(lex, line, col(0), format!("term {term:?} has no words (only punctuation?); it could never match"));
            continue;
        }
        if kind != MatchKind::Glob && term.contains(['*', '?']) {
            lex.diagnostics.push(Diagnostic::new(
                Location::at(path, line, col(1)),
                Severity::Warning,
                format!("term {term:?} has a wildcard but match is {kind}; set match to glob if it is meant as one"),
            ));
        }
        let requires = match parse_requires(field(10)) {
            Ok(r) => r,
            Err(msg) => {
                error(lex, line, col(10), msg);
                continue;
            }
        };
        let case = match field(11).to_ascii_lowercase().as_str() {
            "" => super::Case::Names,
            "sensitive" => super::Case::Sensitive,
            "insensitive" => super::Case::Insensitive,
            other => {
                error(
                    lex,
                    line,
                    col(11),
                    format!("unknown case {other:?}; write sensitive or insensitive, or leave it empty"),
                );
                continue;
            }
        };
        lex.entries.push(Entry {
            term: term.to_string(),
            kind,
            category: category.to_string(),
            axis,
            side,
            weight,
            neutral: field(6).to_string(),
            language,
            note: field(8).to_string(),
            family: field(9).to_lowercase(),
            requires,
            case,
            source: 0,
            line,
        });
    }
}

/// Reads a `requires` cell: `;`-separated words or globs, `!` before one
/// that must not occur.
fn parse_requires(cell: &str) -> Result<Vec<super::Require>, String> {
    let mut out = Vec::new();
    for item in cell.split(';').map(str::trim).filter(|i| !i.is_empty()) {
        let (absent, word) = match item.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, item),
        };
        let words = crate::glob::glob_words(word);
        match words.as_slice() {
            [w] => out.push(super::Require { absent, word: w.clone() }),
            _ => {
                return Err(format!(
                    "requires item {item:?} must be one word or glob; separate items with `;` and put `!` before a word that must not occur"
                ));
            }
        }
    }
    out.dedup();
    Ok(out)
}

/// Writes entries as framelens CSV (used by `lexicon convert`). Cells are
/// written as they are, not guarded against spreadsheet formulas as reports
/// are: a lexicon is read back, and `=cat` must stay `=cat`.
pub fn write_csv<W: Write>(entries: &[Entry], out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for e in entries {
        let weight = e.weight.to_string();
        let requires: Vec<String> =
            e.requires.iter().map(|r| if r.absent { format!("!{}", r.word) } else { r.word.clone() }).collect();
        let requires = requires.join(";");
        w.write_record([
            e.term.as_str(),
            e.kind.as_str(),
            &e.category,
            &e.axis,
            &e.side,
            &weight,
            &e.neutral,
            e.language.as_str(),
            &e.note,
            &e.family,
            &requires,
            e.case.as_str(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Lexicon, LoadOptions};
    use crate::error::Severity;

    #[test]
    fn errors_name_line_and_column() {
        let cases = [
            ("a,exakt,label,,,1,,en,\n", 2, 2, "unknown match"),
            (",exact,label,,,1,,en,\n", 2, 1, "empty term"),
            ("a,exact,,,,1,,en,\n", 2, 3, "empty category"),
            ("a,exact,label,x-y,,1,,en,\n", 2, 5, "side is empty"),
            ("a,exact,label,,x,1,,en,\n", 2, 4, "axis is empty"),
            ("a,exact,label,x-y,z,1,,en,\n", 2, 5, "not one of the two poles"),
            ("a,exact,label,x-y,x,-1,,en,\n", 2, 6, "must be positive"),
            ("a,exact,label,,,heavy,,en,\n", 2, 6, "not a number"),
            ("a,exact,label,,,1,,english,\n", 2, 8, "unknown language"),
            ("!!!,exact,label,,,1,,en,\n", 2, 1, "has no words"),
        ];
        let header = "term,match,category,axis,side,weight,neutral,language,note\n";
        for (row, line, col, msg) in cases {
            let lex = Lexicon::parse("l.csv", &format!("{header}{row}"), &LoadOptions::default());
            let errs: Vec<String> =
                lex.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
            assert_eq!(errs.len(), 1, "{row}: {errs:?}");
            assert!(
                errs[0].starts_with(&format!("l.csv:{line}:{col}: error")) && errs[0].contains(msg),
                "{row}: {errs:?}"
            );
            assert!(lex.entries.is_empty());
        }
    }

    #[test]
    fn columns_by_name_with_defaults() {
        let text = "category,term,extra,match\nlabel,regime,whatever,\n,# comment,,\n";
        let lex = Lexicon::parse("l.csv", text, &LoadOptions::default());
        assert!(lex.diagnostics.is_empty(), "{:?}", lex.diagnostics);
        assert_eq!(lex.entries.len(), 1);
        let e = &lex.entries[0];
        assert_eq!((e.term.as_str(), e.category.as_str(), e.weight, e.line), ("regime", "label", 1.0, 2));
    }

    #[test]
    fn missing_required_column() {
        let lex = Lexicon::parse("l.csv", "term,category\nx,y\n", &LoadOptions::default());
        assert!(lex.has_errors());
        assert!(lex.diagnostics[0].message.contains("`match`"));
    }

    #[test]
    fn v2_columns() {
        let text = "term,match,category,axis,side,family,requires,case\n\
                    massacre,exact,loaded,,,massacre,!court;!Trial*;!verdict,\n\
                    regime,exact,label,,,regime,assad;kiev,\n\
                    NKR,exact,name,a-b,b,nkr,,sensitive\n\
                    Karabakh,exact,scope,a-b,,,,\n";
        let lex = Lexicon::parse("l.csv", text, &LoadOptions::default());
        assert!(lex.diagnostics.is_empty(), "{:?}", lex.diagnostics);
        let e = &lex.entries;
        assert_eq!(e[0].family, "massacre");
        let req: Vec<(bool, &str)> = e[0].requires.iter().map(|r| (r.absent, r.word.as_str())).collect();
        assert_eq!(req, [(true, "court"), (true, "trial*"), (true, "verdict")]);
        assert_eq!(e[1].requires.len(), 2);
        assert!(e[2].case == super::super::Case::Sensitive && e[0].case == super::super::Case::Names);
        assert!(e[3].is_scope() && e[2].is_naming() && !e[2].is_negatable() && e[0].is_negatable());
        assert_eq!(lex.categories(), ["label", "loaded", "name"]);
        let bad = [
            ("x,exact,label,,,,a b,\n", 7, "one word or glob"),
            ("x,exact,label,,,,,upper\n", 8, "unknown case"),
            ("x,exact,scope,,,,,\n", 4, "scope row"),
            ("x,exact,scope,a-b,a,,,\n", 4, "scope row"),
        ];
        for (row, col, msg) in bad {
            let lex = Lexicon::parse(
                "l.csv",
                &format!("term,match,category,axis,side,family,requires,case\n{row}"),
                &LoadOptions::default(),
            );
            let errs: Vec<String> = lex.diagnostics.iter().map(|d| d.to_string()).collect();
            assert!(
                errs.len() == 1 && errs[0].starts_with(&format!("l.csv:2:{col}")) && errs[0].contains(msg),
                "{row}: {errs:?}"
            );
        }
    }

    #[test]
    fn round_trip() {
        let text = "term,match,category,axis,side,weight,neutral,language,note,family,requires,case\n\
                    \"so-called, x\",glob,distancing,a-b,a,0.5,\"n, y\",ru,note,fam,!court;trial*,sensitive\n";
        let lex = Lexicon::parse("l.csv", text, &LoadOptions::default());
        let mut out = Vec::new();
        super::write_csv(&lex.entries, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }
}
