//! quanteda YAML dictionaries: nested mapping keys are categories (joined as
//! `parent/child`), leaves are lists of glob values, lowercased as quanteda
//! does by default. The file is read from the parser's events rather than
//! as a loaded document, so every value keeps the line it is on, and
//! aliases are expanded against a budget: a kilobyte of nested aliases (a
//! "billion laughs" file) would otherwise expand to gigabytes.

use std::collections::HashMap;
use std::path::Path;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::error::{Diagnostic, Location, Severity};
use crate::lang::Lang;

use super::{Entry, Lexicon, MatchKind};

/// A node of the document as far as a dictionary needs it.
#[derive(Debug, Clone)]
enum Node {
    /// A value with its line.
    Scalar(String, usize),
    /// A null value (`~`, `null` or nothing).
    Null,
    List(Vec<Node>),
    /// Keys with their values, in file order.
    Map(Vec<(Node, Node)>),
}

/// Nodes an alias may add in all, at least: far more than any real
/// dictionary reuses, far less than an expansion attack needs.
const MIN_ALIAS_BUDGET: usize = 100_000;

/// Builds nodes from parser events.
struct Builder {
    /// Open lists and maps, innermost last, with their anchor.
    stack: Vec<(Node, usize)>,
    anchors: HashMap<usize, Node>,
    docs: Vec<Node>,
    /// Nodes aliases may still add.
    budget: usize,
    /// The first problem, which stops the file.
    error: Option<(usize, String)>,
}

fn size(node: &Node) -> usize {
    match node {
        Node::Scalar(..) | Node::Null => 1,
        Node::List(items) => 1 + items.iter().map(size).sum::<usize>(),
        Node::Map(pairs) => 1 + pairs.iter().map(|(k, v)| size(k) + size(v)).sum::<usize>(),
    }
}

/// Pairs are pushed as (key, Null) and completed by the next node: a map
/// keeps a flag of whether its last pair waits for a value.
struct Receiver {
    builder: Builder,
    /// For each open map: whether its last pair still waits for its value.
    waiting: Vec<bool>,
}

impl Receiver {
    fn add(&mut self, node: Node, anchor: usize) {
        let b = &mut self.builder;
        if anchor > 0 {
            b.anchors.insert(anchor, node.clone());
        }
        match b.stack.last_mut() {
            Some((Node::List(items), _)) => items.push(node),
            Some((Node::Map(pairs), _)) => {
                let waiting = self.waiting.last_mut().expect("a map has a flag");
                if *waiting {
                    if let Some(last) = pairs.last_mut() {
                        last.1 = node;
                    }
                    *waiting = false;
                } else {
                    pairs.push((node, Node::Null));
                    *waiting = true;
                }
            }
            _ => b.docs.push(node),
        }
    }
}

impl MarkedEventReceiver for Receiver {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.builder.error.is_some() {
            return;
        }
        let line = mark.line();
        match ev {
            Event::Scalar(value, style, anchor, _) => {
                let plain = style == TScalarStyle::Plain;
                let null = plain && matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL");
                let node = if null { Node::Null } else { Node::Scalar(value, line) };
                self.add(node, anchor);
            }
            Event::SequenceStart(anchor, _) => self.builder.stack.push((Node::List(Vec::new()), anchor)),
            Event::MappingStart(anchor, _) => {
                self.builder.stack.push((Node::Map(Vec::new()), anchor));
                self.waiting.push(false);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, anchor)) = self.builder.stack.pop() {
                    if matches!(node, Node::Map(_)) {
                        self.waiting.pop();
                    }
                    self.add(node, anchor);
                }
            }
            Event::Alias(id) => {
                let Some(node) = self.builder.anchors.get(&id).cloned() else {
                    self.builder.error = Some((line, "an alias refers to no anchor".to_string()));
                    return;
                };
                let n = size(&node);
                if n > self.builder.budget {
                    self.builder.error = Some((
                        line,
                        "aliases here would expand the dictionary far beyond its size (nested aliases?); write the \
                         values out instead of reusing them"
                            .to_string(),
                    ));
                    return;
                }
                self.builder.budget -= n;
                self.add(node, 0);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
}

pub(super) fn parse(text: &str, path: &Path, lang: Lang, lex: &mut Lexicon) {
    // Nodes of the file itself, roughly: an alias may add many times that.
    let events = text.len() / 2 + 1;
    let builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        docs: Vec::new(),
        budget: MIN_ALIAS_BUDGET.max(events.saturating_mul(10)),
        error: None,
    };
    let mut receiver = Receiver { builder, waiting: Vec::new() };
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut receiver, true) {
        let m = e.marker();
        lex.diagnostics.push(Diagnostic::new(
            Location::at(path, m.line(), m.col() + 1),
            Severity::Error,
            format!("not valid YAML: {}", e.info()),
        ));
        return;
    }
    if let Some((line, msg)) = receiver.builder.error {
        lex.diagnostics.push(Diagnostic::new(Location::line(path, line), Severity::Error, msg));
        return;
    }
    let mut walker = Walker { path, lang, lex };
    for doc in &receiver.builder.docs {
        walker.walk(doc, "");
    }
}

struct Walker<'a> {
    path: &'a Path,
    lang: Lang,
    lex: &'a mut Lexicon,
}

impl Walker<'_> {
    fn walk(&mut self, node: &Node, category: &str) {
        match node {
            Node::Map(pairs) => {
                for (k, v) in pairs {
                    let key = match k {
                        Node::Scalar(s, _) => s.clone(),
                        _ => String::new(),
                    };
                    let cat = if category.is_empty() { key } else { format!("{category}/{key}") };
                    self.walk(v, &cat);
                }
            }
            Node::List(items) => {
                for item in items {
                    match item {
                        Node::Scalar(v, line) if !category.is_empty() => self.value(v, *line, category),
                        _ => self.walk(item, category),
                    }
                }
            }
            Node::Null => {}
            Node::Scalar(v, line) => {
                if category.is_empty() {
                    self.lex.diagnostics.push(Diagnostic::new(
                        Location::line(self.path, *line),
                        Severity::Warning,
                        format!("value {v:?} is not under a category key; skipped"),
                    ));
                } else {
                    self.value(v, *line, category);
                }
            }
        }
    }

    fn value(&mut self, value: &str, line: usize, category: &str) {
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
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Lexicon, LoadOptions};
    use crate::error::Severity;

    fn load(text: &str) -> Lexicon {
        Lexicon::parse("d.yml", text, &LoadOptions { format: Some(Format::Yaml), ..LoadOptions::default() })
    }

    #[test]
    fn nested_categories_values_and_lines() {
        let lex = load("economy:\n  positive: [growth, Recover*]\n  negative:\n    - recession\n    - 3\nempty:\n");
        let got: Vec<(&str, &str, usize)> =
            lex.entries.iter().map(|e| (e.term.as_str(), e.category.as_str(), e.line)).collect();
        assert_eq!(
            got,
            [
                ("growth", "economy/positive", 2),
                ("recover*", "economy/positive", 2),
                ("recession", "economy/negative", 4),
                ("3", "economy/negative", 5)
            ]
        );
        assert!(lex.diagnostics.is_empty(), "{:?}", lex.diagnostics);
    }

    #[test]
    fn a_reused_list_is_fine_but_an_alias_bomb_is_refused() {
        let lex = load("neg: &n [bad, awful]\nalso: *n\n");
        assert_eq!(lex.entries.len(), 4);
        let mut bomb =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
            bomb.push_str(&format!(
                "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        let started = std::time::Instant::now();
        let lex = load(&bomb);
        assert!(started.elapsed().as_secs() < 5);
        assert!(lex.entries.is_empty());
        let err = &lex.diagnostics[0];
        assert_eq!(err.severity, Severity::Error);
        assert!(err.message.contains("aliases"), "{err}");
    }

    #[test]
    fn bad_yaml_names_line_and_column() {
        let lex = load("a: [b\n");
        assert!(lex.diagnostics[0].message.contains("not valid YAML"), "{:?}", lex.diagnostics);
    }
}
