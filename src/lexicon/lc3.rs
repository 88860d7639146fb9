//! Lexicoder `.lc3` dictionaries: `+category` lines (a `#RRGGBB` display
//! colour after the name is dropped), then one term per line, `*` wildcards,
//! phrases with spaces.

use std::path::Path;

use crate::error::{Diagnostic, Location, Severity};
use crate::lang::Lang;

use super::{Entry, Lexicon, MatchKind};

pub(super) fn parse(text: &str, path: &Path, lang: Lang, lex: &mut Lexicon) {
    let mut category: Option<String> = None;
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let content = line.trim();
        if content.is_empty() {
            continue;
        }
        if let Some(name) = content.strip_prefix('+') {
            let name = match name.rfind('#') {
                Some(p) if name[p + 1..].len() == 6 && name[p + 1..].chars().all(|c| c.is_ascii_hexdigit()) => {
                    &name[..p]
                }
                _ => name,
            };
            category = Some(name.trim().to_string());
            continue;
        }
        let Some(cat) = &category else {
            lex.diagnostics.push(Diagnostic::new(
                Location::line(path, i + 1),
                Severity::Warning,
                format!("entry {content:?} comes before any `+category` line; skipped"),
            ));
            continue;
        };
        let term = content.to_lowercase();
        let kind = if term.contains(['*', '?']) { MatchKind::Glob } else { MatchKind::Exact };
        let mut e = Entry::new(&term, kind, cat);
        // Dictionaries of these formats ignore capitals.
        e.case = super::Case::Insensitive;
        e.language = lang;
        e.line = i + 1;
        lex.entries.push(e);
    }
}
