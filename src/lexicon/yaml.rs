//! quanteda YAML dictionaries: nested mapping keys are categories (joined as
//! `parent/child`), leaves are lists of glob values, lowercased as quanteda
//! does by default.

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

use crate::error::{Diagnostic, Location, Severity};
use crate::lang::Lang;

use super::{Entry, Lexicon, MatchKind};

pub(super) fn parse(text: &str, path: &Path, lang: Lang, lex: &mut Lexicon) {
    let docs = match YamlLoader::load_from_str(text) {
        Ok(d) => d,
        Err(e) => {
            let m = e.marker();
            lex.diagnostics.push(Diagnostic::new(
                Location::at(path, m.line(), m.col() + 1),
                Severity::Error,
                format!("not valid YAML: {}", e.info()),
            ));
            return;
        }
    };
    let mut walker = Walker { lines: text.lines().collect(), cursor: 0, path, lang, lex };
    for doc in &docs {
        walker.walk(doc, "");
    }
}

struct Walker<'a> {
    lines: Vec<&'a str>,
    /// Values are found in document order, so the line search moves forward.
    cursor: usize,
    path: &'a Path,
    lang: Lang,
    lex: &'a mut Lexicon,
}

impl Walker<'_> {
    fn walk(&mut self, node: &Yaml, category: &str) {
        match node {
            Yaml::Hash(map) => {
                for (k, v) in map {
                    let key = scalar(k).unwrap_or_default();
                    let cat = if category.is_empty() { key } else { format!("{category}/{key}") };
                    self.walk(v, &cat);
                }
            }
            Yaml::Array(items) => {
                for item in items {
                    match scalar(item) {
                        Some(v) if !category.is_empty() => self.value(&v, category),
                        _ => self.walk(item, category),
                    }
                }
            }
            Yaml::Null => {}
            other => match scalar(other) {
                Some(v) if !category.is_empty() => self.value(&v, category),
                _ => self.warn(format!("value {other:?} is not under a category key; skipped")),
            },
        }
    }

    fn value(&mut self, value: &str, category: &str) {
        let line = self.find_line(value);
        let term = value.trim().to_lowercase();
        if term.is_empty() {
            return;
        }
        let kind = if term.contains(['*', '?']) { MatchKind::Glob } else { MatchKind::Exact };
        let mut e = Entry::new(&term, kind, category);
        // quanteda dictionaries ignore capitals.
        e.case = super::Case::Insensitive;
        e.language = self.lang;
        e.line = line;
        self.lex.entries.push(e);
    }

    fn find_line(&mut self, value: &str) -> usize {
        match self.lines[self.cursor..].iter().position(|l| l.contains(value)) {
            Some(p) => {
                self.cursor += p;
                self.cursor + 1
            }
            None => 0,
        }
    }

    fn warn(&mut self, msg: String) {
        let line = self.cursor + 1;
        self.lex.diagnostics.push(Diagnostic::new(Location::line(self.path, line), Severity::Warning, msg));
    }
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}
