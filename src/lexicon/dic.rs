//! LIWC `.dic` dictionaries: a category legend between two `%` lines, then
//! `term<TAB>id<TAB>id…`. Real files are messy, so whitespace noise is
//! tolerated, odd lines are skipped with a warning naming the line, and one
//! bad line never aborts the file.
//!
//! Matching follows the reference semantics of the Python `liwc` package: a
//! word is looked up in a character trie where the shortest wildcard prefix
//! wins, so an entry that such a wildcard covers (`abandoned` under
//! `abandon*`, or `abandon*` under `aband*`) can never match. Those entries
//! are dropped here with a warning, which makes framelens's own tie rules give
//! the same per-word categories as the reference.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::error::{Diagnostic, Location, Severity};
use crate::lang::Lang;

use super::{Entry, Lexicon, MatchKind};

struct RawEntry {
    term: String,
    categories: Vec<String>,
    line: usize,
}

pub(super) fn parse(text: &str, path: &Path, lang: Lang, lex: &mut Lexicon) {
    let warn = |lex: &mut Lexicon, line: usize, msg: String| {
        lex.diagnostics.push(Diagnostic::new(Location::line(path, line), Severity::Warning, msg));
    };
    let mut legend: HashMap<String, String> = HashMap::new();
    let mut by_number: HashMap<u64, String> = HashMap::new();
    let mut percent_lines = 0;
    let mut raw: Vec<RawEntry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let lineno = i + 1;
        let content = line.trim();
        if content.is_empty() {
            continue;
        }
        if content == "%" && percent_lines < 2 {
            percent_lines += 1;
            continue;
        }
        if percent_lines == 1 {
            let mut parts = content.splitn(2, char::is_whitespace);
            let (id, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or("").trim());
            if name.is_empty() {
                warn(lex, lineno, format!("legend line {content:?} has no category name; skipped"));
                continue;
            }
            if let Ok(n) = id.parse::<u64>() {
                by_number.insert(n, name.to_string());
            }
            legend.insert(id.to_string(), name.to_string());
            continue;
        }
        if percent_lines == 0 {
            lex.diagnostics.push(Diagnostic::new(
                Location::line(path, lineno),
                Severity::Error,
                "a LIWC .dic file starts with a `%` line, then the category legend, then another `%`".to_string(),
            ));
            return;
        }
        // Fields are tab-separated because terms may hold spaces (phrases); a
        // line without tabs may still end in space-separated numeric ids.
        let (term, ids): (String, Vec<&str>) = if content.contains('\t') {
            let mut fields = content.split('\t').map(str::trim).filter(|f| !f.is_empty());
            let term = fields.next().unwrap_or("").to_string();
            (term, fields.collect())
        } else {
            let words: Vec<&str> = content.split_whitespace().collect();
            let n_ids = words.iter().rev().take_while(|w| w.chars().all(|c| c.is_ascii_digit())).count();
            let n_ids = n_ids.min(words.len() - 1);
            (words[..words.len() - n_ids].join(" "), words[words.len() - n_ids..].to_vec())
        };
        if ids.iter().any(|f| f.contains('(') || f.contains('/')) {
            warn(lex, lineno, format!("conditional entry {term:?} ({}) is not supported; skipped", ids.join(" ")));
            continue;
        }
        if ids.is_empty() {
            warn(lex, lineno, format!("entry {term:?} has no category id; skipped"));
            continue;
        }
        let mut categories = Vec::new();
        for id in &ids {
            let name = legend.get(*id).or_else(|| id.parse::<u64>().ok().and_then(|n| by_number.get(&n)));
            match name {
                Some(n) => categories.push(n.clone()),
                None => warn(lex, lineno, format!("category id {id} of {term:?} is not in the legend; ignored")),
            }
        }
        if categories.is_empty() {
            warn(lex, lineno, format!("entry {term:?} has no known category left; skipped"));
            continue;
        }
        categories.dedup();
        // As in the reference, a repeated term keeps its later line.
        if let Some(&prev) = index.get(&term) {
            let old = raw[prev].line;
            warn(lex, lineno, format!("{term:?} repeats line {old}; the later line wins, as in LIWC"));
            raw[prev] = RawEntry { term, categories, line: lineno };
            continue;
        }
        index.insert(term.clone(), raw.len());
        raw.push(RawEntry { term, categories, line: lineno });
    }
    if percent_lines < 2 {
        lex.diagnostics.push(Diagnostic::new(
            Location::line(path, 1),
            Severity::Error,
            "the category legend is not closed by a second `%` line".to_string(),
        ));
        return;
    }
    let shadowed = shadowed_by_wildcards(&raw);
    for (k, e) in raw.into_iter().enumerate() {
        if let Some(by) = shadowed.get(&k) {
            warn(
                lex,
                e.line,
                format!(
                    "{:?} can never match: the wildcard {:?} (line {}) takes every word it would, \
                     as in LIWC where the shortest wildcard wins; dropped",
                    e.term, by.0, by.1
                ),
            );
            continue;
        }
        let kind = if e.term.contains(['*', '?']) { MatchKind::Glob } else { MatchKind::Exact };
        for category in e.categories {
            let mut entry = Entry::new(&e.term, kind, &category);
            // Dictionaries of these formats ignore capitals.
            entry.case = super::Case::Insensitive;
            entry.language = lang;
            entry.line = e.line;
            lex.entries.push(entry);
        }
    }
}

/// Single-word entries that a shorter wildcard prefix always wins over:
/// entry index → (wildcard term, its line).
fn shadowed_by_wildcards(raw: &[RawEntry]) -> BTreeMap<usize, (String, usize)> {
    // The reference trie stops at the first `*`, so `a*b` acts as `a*`.
    let prefix_of = |t: &str| t.find('*').map(|i| t[..i].to_string());
    let mut prefixes: HashMap<String, usize> = HashMap::new();
    for (k, e) in raw.iter().enumerate() {
        if e.term.contains(' ') {
            continue;
        }
        if let Some(p) = prefix_of(&e.term) {
            prefixes.entry(p).or_insert(k);
        }
    }
    let lengths: HashSet<usize> = prefixes.keys().map(String::len).collect();
    let mut out = BTreeMap::new();
    for (k, e) in raw.iter().enumerate() {
        if e.term.contains(' ') {
            continue;
        }
        let own = prefix_of(&e.term);
        // A wildcard is shadowed only by a strictly shorter prefix; a word by any.
        let limit = own.as_ref().map_or(e.term.len(), |p| p.len().saturating_sub(1));
        let hit = (0..=limit)
            .filter(|l| lengths.contains(l) && e.term.is_char_boundary(*l))
            .find_map(|l| prefixes.get(&e.term[..l]).filter(|&&j| j != k));
        if let Some(&j) = hit {
            out.insert(k, (raw[j].term.clone(), raw[j].line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Lexicon, LoadOptions};
    use crate::error::Severity;

    fn parse(text: &str) -> Lexicon {
        Lexicon::parse("d.dic", text, &LoadOptions { format: Some(Format::Dic), ..LoadOptions::default() })
    }

    fn terms(lex: &Lexicon) -> Vec<(String, String)> {
        lex.entries.iter().map(|e| (e.term.clone(), e.category.clone())).collect()
    }

    #[test]
    fn wildcards_shadow_like_the_reference_trie() {
        let lex =
            parse("%\n1\ta\n2\tb\n%\nabandon*\t1\nabandoned\t2\naband*\t2\nabandonment\t1\nab\t1\nzz*\t1\nzz\t2\n");
        // aband* shadows abandon* and both words under it; zz* shadows zz; ab survives.
        assert_eq!(terms(&lex), [("aband*".into(), "b".into()), ("ab".into(), "a".into()), ("zz*".into(), "a".into())]);
        let warned: Vec<usize> =
            lex.diagnostics.iter().filter(|d| d.message.contains("never match")).map(|d| d.location.line).collect();
        assert_eq!(warned, [5, 6, 8, 11]);
    }

    #[test]
    fn repeated_term_keeps_later_line() {
        let lex = parse("%\n1\ta\n2\tb\n%\ndeal\t1\ndeal\t2\n");
        assert_eq!(terms(&lex), [("deal".into(), "b".into())]);
        assert_eq!(lex.entries[0].line, 6);
    }

    #[test]
    fn missing_legend_is_an_error() {
        let lex = parse("word\t1\n");
        assert!(lex.has_errors());
        let lex = parse("%\n1\ta\nword\t1\n");
        assert!(lex.diagnostics.iter().any(|d| d.severity == Severity::Error && d.message.contains("second `%`")));
    }

    #[test]
    fn space_separated_ids_without_tabs() {
        let lex = parse("%\n1 a\n2 b\n%\nkind of 1 2\n");
        assert_eq!(terms(&lex), [("kind of".into(), "a".into()), ("kind of".into(), "b".into())]);
    }
}
