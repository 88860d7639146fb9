//! Lexicons: the loaded terms framelens looks for, each with a category, the
//! side of an axis it favours, a weight and a neutral alternative. Reads the
//! framelens CSV format and researchers' dictionary formats, merges several
//! files, and checks them (errors with file, line and column; duplicates and
//! shadowed entries as warnings; a summary per category, side and language).

mod csv_format;
mod dic;
mod dicx;
mod lc3;
mod yaml;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::choice::Choice;
use crate::digest::sha256_hex;
use crate::error::{Diagnostic, Location, Severity};
use crate::glob::glob_words;
use crate::lang::Lang;
use crate::normal::normalize_words;
use crate::text::Tokenizer;

pub use csv_format::write_csv;

/// How a term is compared with the words of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// Every word equal after lowercasing.
    Exact,
    /// Every word's Snowball stem equal.
    Stem,
    /// `*` and `?` wildcards inside words; a word that is just `*` is any word.
    Glob,
}

impl Choice for MatchKind {
    const CHOICES: &'static [(Self, &'static str, &'static str)] = &[
        (MatchKind::Exact, "exact", "every word equal after lowercasing"),
        (MatchKind::Stem, "stem", "every word's Snowball stem equal"),
        (MatchKind::Glob, "glob", "* and ? wildcards inside words; a word that is just * is any word"),
    ];
}

impl MatchKind {
    /// The name written in lexicon files and reports.
    pub fn as_str(self) -> &'static str {
        self.name()
    }
}

impl fmt::Display for MatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A dictionary file format framelens reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// framelens CSV (`term,match,category,axis,side,weight,neutral,language,note`).
    Csv,
    /// LIWC `.dic` (category legend between `%` lines, then `word<TAB>codes`).
    Dic,
    /// LIWC-22 `.dicx` (CSV, one column per category, `X` or a weight marks membership).
    Dicx,
    /// quanteda YAML dictionary (nested keys become `parent/child` categories).
    Yaml,
    /// Lexicoder `.lc3` (`+category` lines, then one term per line).
    Lc3,
}

impl Choice for Format {
    const CHOICES: &'static [(Self, &'static str, &'static str)] = &[
        (Format::Csv, "csv", "framelens CSV (term,match,category,axis,side,weight,neutral,language,note)"),
        (Format::Dic, "dic", "LIWC .dic (category legend between % lines, then word<TAB>codes)"),
        (Format::Dicx, "dicx", "LIWC-22 .dicx (CSV, one column per category, X or a weight marks membership)"),
        (Format::Yaml, "yaml", "quanteda YAML dictionary (nested keys become parent/child categories)"),
        (Format::Lc3, "lc3", "Lexicoder .lc3 (+category lines, then one term per line)"),
    ];
}

impl Format {
    /// The format a file name implies, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" | "tsv" => Format::Csv,
            "dic" => Format::Dic,
            "dicx" => Format::Dicx,
            "yml" | "yaml" => Format::Yaml,
            "lc3" | "lcd" => Format::Lc3,
            _ => return None,
        })
    }
}

/// The category whose entries only stop shorter entries from matching inside
/// a neutral phrase ("ceasefire regime"); their matches are never reported.
pub const EXCEPTION: &str = "exception";

/// The category of an axis's topic words (Karabakh, Stepanakert, Pashinyan):
/// an article is on the axis's topic only when it has enough of them, and
/// sided entries count only on topic. Scope words are not hits.
pub const SCOPE: &str = "scope";

/// Categories of names (of places, groups, states): their sides make the
/// naming measure, reported beside the loaded-language lean, not inside it.
pub const NAMING: &[&str] = &["toponym", "name"];

/// How capitals matter for an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Case {
    /// Capitals do not matter, except that a single word written in lower
    /// case in the lexicon does not fire on a capitalised word in
    /// mid-sentence, which is a name ("Senator Jane Massacre"). The default
    /// of framelens lexicons.
    Names,
    /// The term matches only with the capitals written (acronyms, names that
    /// are also words).
    Sensitive,
    /// Capitals never matter (the semantics of LIWC, quanteda and Lexicoder
    /// dictionaries, which are read this way).
    Insensitive,
}

impl Case {
    /// The name written in the `case` column (empty for the default).
    pub fn as_str(self) -> &'static str {
        match self {
            Case::Names => "",
            Case::Sensitive => "sensitive",
            Case::Insensitive => "insensitive",
        }
    }
}

/// One condition of an entry's `requires` column: a word or glob that must
/// (or, negated, must not) occur in the sentence for the entry to count.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Require {
    /// `true` for an item written `!word`: the entry does not count when it occurs.
    pub absent: bool,
    /// The word or glob, in matching form.
    pub word: String,
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The word, phrase or glob as written.
    pub term: String,
    #[serde(rename = "match")]
    /// How it is compared with text.
    pub kind: MatchKind,
    /// Its category (`label`, `loaded`, `toponym`, `exception`, …).
    pub category: String,
    /// The axis it takes a side on (`armenia-azerbaijan`); empty when unsided.
    pub axis: String,
    /// The pole it favours; empty when unsided.
    pub side: String,
    /// Its weight in sums and leans.
    pub weight: f64,
    /// A neutral alternative a writer could use.
    pub neutral: String,
    /// The language of text it applies to.
    pub language: Lang,
    /// Why it frames, for teachers.
    pub note: String,
    /// The synonym family or referent it belongs to (`occupation`,
    /// `stepanakert`): all names of one place share one, which is how dual
    /// naming ("Stepanakert (Khankendi)") is recognised.
    pub family: String,
    /// Context words the sentence must (or must not) have for the entry to count.
    pub requires: Vec<Require>,
    /// How capitals matter when the term is compared with text.
    pub case: Case,
    /// Which file (index into [`Lexicon::sources`]) it came from.
    #[serde(skip)]
    pub source: usize,
    /// The line of that file.
    #[serde(skip)]
    pub line: usize,
}

impl Entry {
    /// An entry with no side, weight 1, in English.
    pub fn new(term: &str, kind: MatchKind, category: &str) -> Self {
        Entry {
            term: term.to_string(),
            kind,
            category: category.to_string(),
            axis: String::new(),
            side: String::new(),
            weight: 1.0,
            neutral: String::new(),
            language: Lang::EN,
            note: String::new(),
            family: String::new(),
            requires: Vec::new(),
            case: Case::Names,
            source: 0,
            line: 0,
        }
    }

    /// Whether it only shields neutral phrases from shorter entries.
    pub fn is_exception(&self) -> bool {
        self.category == EXCEPTION
    }

    /// Whether it is a topic word of its axis.
    pub fn is_scope(&self) -> bool {
        self.category == SCOPE
    }

    /// Whether it is a name, counted in the naming measure.
    pub fn is_naming(&self) -> bool {
        NAMING.contains(&self.category.as_str())
    }

    /// Whether a negator before it turns it around: evaluative entries only
    /// ("not a massacre"); a name or a topic word stays what it is.
    pub fn is_negatable(&self) -> bool {
        !(self.is_naming() || self.is_scope() || self.is_exception())
    }
}

/// A file a lexicon was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// As the user gave it, or `builtin:<file>` for the bundled lexicon.
    pub name: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Its format.
    pub format: Format,
}

/// An axis of framing with its two poles, e.g. `armenia-azerbaijan`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Axis {
    /// Its name.
    pub name: String,
    /// Its two poles; a positive lean favours the first.
    pub poles: [String; 2],
}

/// Splits an axis name into its two poles so that `side` is one of them; a
/// pole may itself contain hyphens (`north-korea-south-korea`).
pub fn split_axis(axis: &str, side: &str) -> Option<[String; 2]> {
    let candidates: Vec<usize> = axis.match_indices('-').map(|(i, _)| i).collect();
    let splits: Vec<[&str; 2]> = candidates.iter().map(|&i| [&axis[..i], &axis[i + 1..]]).collect();
    let pick = if side.is_empty() {
        // No side to guide us: only unambiguous names split.
        (splits.len() == 1).then(|| splits[0])
    } else {
        splits.iter().copied().find(|[a, b]| *a == side || *b == side)
    };
    pick.filter(|[a, b]| !a.is_empty() && !b.is_empty() && a != b).map(|[a, b]| [a.to_string(), b.to_string()])
}

/// How to read a dictionary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// The format; `None` means "from the file extension" (CSV for `parse`).
    pub format: Option<Format>,
    /// The language of entries whose format does not say (all but CSV, and
    /// CSV rows with an empty `language`).
    pub language: Lang,
    /// The command-line option that names the format, for messages
    /// (`--lexicon-format` where `--format` means the reports' format).
    pub format_option: &'static str,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { format: None, language: Lang::EN, format_option: "--lexicon-format" }
    }
}

/// Largest dictionary file read: 256 MB.
pub const MAX_LEXICON_BYTES: u64 = 256 << 20;

/// A set of entries from one or more files, with what was found wrong in them.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Every entry, files in the order given, rows in file order.
    pub entries: Vec<Entry>,
    /// The files read.
    pub sources: Vec<Source>,
    /// Errors and warnings found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// The files of the bundled lexicon, built into the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    ("general.csv", include_str!("../../lexicons/general.csv")),
    ("south-caucasus.csv", include_str!("../../lexicons/south-caucasus.csv")),
    ("south-caucasus-ru.csv", include_str!("../../lexicons/south-caucasus-ru.csv")),
];

/// The `--lexicon` value that names the bundled lexicon.
pub const BUILTIN_NAME: &str = "builtin";

impl Lexicon {
    /// The bundled lexicon (general news language plus the South Caucasus).
    pub fn builtin() -> Lexicon {
        let mut lex = Lexicon::default();
        for (name, text) in BUILTIN {
            lex.merge(Lexicon::parse(&format!("builtin:{name}"), text, &LoadOptions::default()));
        }
        lex
    }

    /// Reads one file; the format comes from `options.format` or the
    /// extension. Problems, including unreadable files, are in `diagnostics`.
    pub fn load(path: &Path, options: &LoadOptions) -> Lexicon {
        let name = path.display().to_string();
        let fail = |msg: String| Lexicon {
            diagnostics: vec![Diagnostic::new(Location::file(path), Severity::Error, msg)],
            ..Lexicon::default()
        };
        let Some(format) = options.format.or_else(|| Format::from_path(path)) else {
            return fail(format!(
                "cannot tell the dictionary format from the file name; name it with {} (csv, dic, dicx, yaml, lc3)",
                options.format_option
            ));
        };
        let limit = crate::input::FileLimit {
            bytes: MAX_LEXICON_BYTES,
            too_big: "split the dictionary into several files",
            special: false,
            special_hint: "",
        };
        let bytes = match crate::input::read_file(path, path, limit) {
            Ok(b) => b,
            Err(crate::error::Error::Io(_, e)) => return fail(format!("cannot read: {e}")),
            Err(e) => return fail(crate::error::Diagnostic::skipped(&e).message),
        };
        let sha = sha256_hex(&bytes);
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes).to_vec();
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                return Lexicon {
                    diagnostics: vec![Diagnostic::new(
                        Location::line(path, line),
                        Severity::Error,
                        format!("not valid UTF-8 (byte offset {at}); re-save the dictionary as UTF-8"),
                    )],
                    ..Lexicon::default()
                };
            }
        };
        let mut lex = Lexicon::parse(&name, &text, &LoadOptions { format: Some(format), ..*options });
        lex.sources[0].sha256 = sha;
        lex
    }

    /// Parses dictionary text; `name` is used in messages and the format
    /// defaults to framelens CSV.
    pub fn parse(name: &str, text: &str, options: &LoadOptions) -> Lexicon {
        let format = options.format.unwrap_or(Format::Csv);
        let lang = options.language;
        let mut lex = Lexicon {
            sources: vec![Source { name: name.to_string(), sha256: sha256_hex(text.as_bytes()), format }],
            ..Lexicon::default()
        };
        let path = Path::new(name);
        match format {
            Format::Csv => csv_format::parse(text, path, lang, &mut lex),
            Format::Dic => dic::parse(text, path, lang, &mut lex),
            Format::Dicx => dicx::parse(text, path, lang, &mut lex),
            Format::Yaml => yaml::parse(text, path, lang, &mut lex),
            Format::Lc3 => lc3::parse(text, path, lang, &mut lex),
        }
        lex
    }

    /// Loads and merges the lexicons named on the command line, in order:
    /// file paths, or [`BUILTIN_NAME`] for the bundled lexicon. No names
    /// means the bundled lexicon alone.
    pub fn from_specs(specs: &[String], options: &LoadOptions) -> Lexicon {
        if specs.is_empty() {
            return Lexicon::builtin();
        }
        let mut lex = Lexicon::default();
        for spec in specs {
            if spec == BUILTIN_NAME && !Path::new(spec).exists() {
                lex.merge(Lexicon::builtin());
            } else {
                lex.merge(Lexicon::load(Path::new(spec), options));
            }
        }
        lex
    }

    /// Adds another lexicon's entries after this one's (order sets tie priority).
    pub fn merge(&mut self, other: Lexicon) {
        let offset = self.sources.len();
        self.sources.extend(other.sources);
        self.entries.extend(other.entries.into_iter().map(|mut e| {
            e.source += offset;
            e
        }));
        self.diagnostics.extend(other.diagnostics);
    }

    /// Whether any file had an error (the lexicon must not be used).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The file and line an entry came from.
    pub fn location(&self, e: &Entry) -> Location {
        Location::line(self.sources.get(e.source).map_or("?", |s| s.name.as_str()), e.line)
    }

    /// The axes used by entries, sorted by name.
    pub fn axes(&self) -> Vec<Axis> {
        let mut axes: BTreeMap<&str, [String; 2]> = BTreeMap::new();
        for e in &self.entries {
            if e.axis.is_empty() || axes.contains_key(e.axis.as_str()) {
                continue;
            }
            if let Some(poles) = split_axis(&e.axis, &e.side) {
                axes.insert(&e.axis, poles);
            }
        }
        axes.into_iter().map(|(name, poles)| Axis { name: name.to_string(), poles }).collect()
    }

    /// The categories that produce hits, sorted.
    pub fn categories(&self) -> Vec<String> {
        let mut cats: Vec<String> =
            self.entries.iter().filter(|e| !e.is_exception() && !e.is_scope()).map(|e| e.category.clone()).collect();
        cats.sort();
        cats.dedup();
        cats
    }

    /// Warnings about entries that duplicate, contradict or can never beat
    /// another entry. Pure: the caller decides where they go.
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut tokenizer = Tokenizer::new();
        // The key under which the matcher treats two entries as the same
        // pattern (topic words are matched apart, and entries with other
        // conditions or capitals are other patterns).
        let mut seen: HashMap<CheckKey, Vec<usize>> = HashMap::new();
        let mut keys = Vec::with_capacity(self.entries.len());
        for (i, e) in self.entries.iter().enumerate() {
            let mut requires = e.requires.clone();
            requires.sort();
            let cased = (e.case == Case::Sensitive).then(|| e.term.clone());
            let key = (e.language, e.kind, pattern_words(e, &mut tokenizer), e.is_scope(), requires, cased);
            keys.push(key.clone());
            seen.entry(key).or_default().push(i);
            if e.kind == MatchKind::Glob && !e.term.contains(['*', '?']) {
                out.push(self.warn(e, "glob term has no * or ?: it works exactly like `exact`".into()));
            }
            if keys[i].2.is_empty() {
                out.push(self.warn(e, format!("{:?} has no words (only punctuation?): it can never match", e.term)));
            } else if e.kind == MatchKind::Glob && keys[i].2.iter().all(|w| w.chars().all(|c| c == '*')) {
                out.push(self.warn(e, format!("{:?} is only wildcards: it matches every word", e.term)));
            }
        }
        // The axes' poles are taken from the first entry of each axis; a later
        // entry that splits the same axis name differently would count nowhere.
        let axes: HashMap<String, Axis> = self.axes().into_iter().map(|a| (a.name.clone(), a)).collect();
        for e in self.entries.iter().filter(|e| !e.axis.is_empty() && !e.is_scope()) {
            if let Some(a) = axes.get(&e.axis)
                && !a.poles.contains(&e.side)
            {
                out.push(self.warn(
                    e,
                    format!(
                        "side {:?} is not a pole of axis {:?} as its first entry splits it ({} / {}): the entry counts on no side",
                        e.side, e.axis, a.poles[0], a.poles[1]
                    ),
                ));
            }
        }
        for (i, e) in self.entries.iter().enumerate() {
            let same = &seen[&keys[i]];
            let Some(&first) = same.first() else { continue };
            if first == i {
                continue;
            }
            let f = &self.entries[first];
            let at = self.location(f);
            let what = if e.kind == MatchKind::Stem && e.term != f.term {
                format!("{:?} has the same stem as {:?} ({at})", e.term, f.term)
            } else {
                format!("{:?} repeats {:?} ({at})", e.term, f.term)
            };
            if e.is_exception() != f.is_exception() {
                out.push(self.warn(
                    e,
                    format!("{what}, one as an exception and one not: the exception shields nothing and is ignored"),
                ));
            } else if (&e.category, &e.axis, &e.side) == (&f.category, &f.axis, &f.side) {
                out.push(self.warn(e, format!("duplicate: {what} with the same category and side; remove one")));
            } else if (&e.axis, &e.side) != (&f.axis, &f.side) {
                // One term in several categories is how LIWC-style dictionaries
                // work; one term on two sides is a contradiction worth a look.
                out.push(self.warn(
                    e,
                    format!(
                        "{what} with side {} where that one has side {}: a match counts for both",
                        display_side(e),
                        display_side(f)
                    ),
                ));
            }
        }
        self.check_redundant(&keys, &mut out);
        out.sort();
        out
    }

    /// Single exact words that a glob or stem entry with the same category and
    /// side already matches: harmless, but one of them can go. Stem and glob
    /// entries are indexed by their category and side (and globs by their
    /// literal ends), so the check grows with the lexicon, not its square.
    fn check_redundant(&self, keys: &[CheckKey], out: &mut Vec<Diagnostic>) {
        type Group<'a> = (Lang, &'a str, &'a str, &'a str);
        fn group(e: &Entry) -> Group<'_> {
            (e.language, e.category.as_str(), e.axis.as_str(), e.side.as_str())
        }
        let mut stems: HashMap<(Group, &str), usize> = HashMap::new();
        let mut globs: HashMap<Group, (crate::glob::GlobSet, Vec<usize>)> = HashMap::new();
        for (j, o) in self.entries.iter().enumerate() {
            if keys[j].2.len() != 1 {
                continue;
            }
            match o.kind {
                MatchKind::Exact => {}
                MatchKind::Stem => {
                    stems.entry((group(o), keys[j].2[0].as_str())).or_insert(j);
                }
                MatchKind::Glob => {
                    let (set, ids) = globs.entry(group(o)).or_default();
                    set.add(&keys[j].2[0]);
                    ids.push(j);
                }
            }
        }
        let mut tokenizer = Tokenizer::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.kind != MatchKind::Exact || keys[i].2.len() != 1 {
                continue;
            }
            let word = &keys[i].2[0];
            let stem = tokenizer.stem_word(e.language, word);
            let by_stem = stems.get(&(group(e), stem.as_str())).copied();
            let by_glob = globs.get(&group(e)).and_then(|(set, ids)| set.matches(word).map(|n| ids[n]).min());
            // The first covering entry in file order, as a reader would find it.
            let covered = match (by_stem, by_glob) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(j) = covered {
                let o = &self.entries[j];
                out.push(self.warn(
                    e,
                    format!(
                        "redundant: {:?} is already matched by {} entry {:?} ({}) with the same category and side",
                        e.term,
                        o.kind,
                        o.term,
                        self.location(o)
                    ),
                ));
            }
        }
    }

    fn warn(&self, e: &Entry, msg: String) -> Diagnostic {
        Diagnostic::new(self.location(e), Severity::Warning, msg)
    }

    /// Entry counts per category, per axis and side, and per language.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for e in &self.entries {
            *s.categories.entry(e.category.clone()).or_default() += 1;
            *s.languages.entry(e.language.to_string()).or_default() += 1;
            let side = if e.axis.is_empty() {
                "(no side)".to_string()
            } else if e.is_scope() {
                format!("{}: (topic words)", e.axis)
            } else {
                format!("{}: {}", e.axis, e.side)
            };
            let w = s.sides.entry(side).or_default();
            w.0 += 1;
            w.1 += e.weight;
        }
        s.entries = self.entries.len();
        s
    }
}

/// What makes two entries one pattern, for the checks: language, match kind,
/// words, whether a topic word, the context condition, the written term when
/// capitals matter.
type CheckKey = (Lang, MatchKind, Vec<String>, bool, Vec<Require>, Option<String>);

fn display_side(e: &Entry) -> &str {
    if e.side.is_empty() { "no side" } else { &e.side }
}

/// The words of an entry as the matcher compares them: normalized words, or
/// their stems for `stem` entries. Glob words keep their wildcards.
pub fn pattern_words(e: &Entry, tokenizer: &mut Tokenizer) -> Vec<String> {
    let words = if e.kind == MatchKind::Glob { glob_words(&e.term) } else { normalize_words(&e.term) };
    if e.kind == MatchKind::Stem {
        words.iter().map(|w| tokenizer.stem_word(e.language, w.strip_suffix("'s").unwrap_or(w))).collect()
    } else {
        words
    }
}

/// Entry counts, for `framelens lexicon check` and the lexicon README.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Entries in all.
    pub entries: usize,
    /// Entries per category.
    pub categories: BTreeMap<String, usize>,
    /// "axis: side" (or "(no side)") → (entries, summed weight).
    pub sides: BTreeMap<String, (usize, f64)>,
    /// Entries per language.
    pub languages: BTreeMap<String, usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_axis_table() {
        let cases = [
            ("armenia-azerbaijan", "armenia", Some(["armenia", "azerbaijan"])),
            ("armenia-azerbaijan", "azerbaijan", Some(["armenia", "azerbaijan"])),
            ("armenia-azerbaijan", "russia", None),
            ("north-korea-south-korea", "south-korea", Some(["north-korea", "south-korea"])),
            ("left-right", "", Some(["left", "right"])),
            ("a-b-c", "", None),
            ("noaxis", "x", None),
            ("same-same", "same", None),
        ];
        for (axis, side, want) in cases {
            let want = want.map(|[a, b]| [a.to_string(), b.to_string()]);
            assert_eq!(split_axis(axis, side), want, "{axis} / {side}");
        }
    }

    #[test]
    fn builtin_lexicon_has_no_errors() {
        let lex = Lexicon::builtin();
        let errors: Vec<String> =
            lex.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(lex.entries.len() >= 200);
    }

    #[test]
    fn check_warns_on_wildcards_shadowless_exceptions_and_pole_clashes() {
        let csv = "term,match,category,axis,side\n\
                   *,glob,label,,\n\
                   the regime,exact,label,,\n\
                   the regime,exact,exception,,\n\
                   red,exact,label,a-b-c,a\n\
                   blue,exact,label,a-b-c,c\n";
        let lex = Lexicon::parse("t.csv", csv, &LoadOptions::default());
        assert!(!lex.has_errors(), "{:?}", lex.diagnostics);
        let msgs: Vec<String> = lex.check().iter().map(|d| d.to_string()).collect();
        for (at, what) in [("t.csv:2:", "only wildcards"), ("t.csv:4:", "shields nothing"), ("t.csv:6:", "not a pole")]
        {
            assert!(msgs.iter().any(|m| m.starts_with(at) && m.contains(what)), "{at} {what}: {msgs:#?}");
        }
    }

    #[test]
    fn check_finds_duplicates_conflicts_and_redundancy() {
        let csv = "term,match,category,axis,side,weight,neutral,language,note\n\
                   regime,exact,label,,,1,government,en,x\n\
                   regime,exact,label,,,1,government,en,dup\n\
                   occupation,stem,loaded,armenia-azerbaijan,azerbaijan,1,control,en,x\n\
                   occupations,stem,loaded,armenia-azerbaijan,armenia,1,control,en,x\n\
                   regime,exact,loaded,,,1,government,en,another category is fine\n\
                   liberat*,glob,loaded,armenia-azerbaijan,azerbaijan,1,retook,en,x\n\
                   liberated,exact,loaded,armenia-azerbaijan,azerbaijan,1,retook,en,x\n\
                   junta,glob,label,,,1,military government,en,x\n";
        let lex = Lexicon::parse("t.csv", csv, &LoadOptions::default());
        assert!(!lex.has_errors(), "{:?}", lex.diagnostics);
        let msgs: Vec<String> = lex.check().iter().map(|d| d.to_string()).collect();
        let expect = [
            ("t.csv:3:", "duplicate"),
            ("t.csv:5:", "same stem"),
            ("t.csv:5:", "counts for both"),
            ("t.csv:8:", "redundant"),
            ("t.csv:9:", "no * or ?"),
        ];
        for (at, what) in expect {
            assert!(msgs.iter().any(|m| m.starts_with(at) && m.contains(what)), "{at} {what}: {msgs:#?}");
        }
        assert_eq!(msgs.len(), 4, "{msgs:#?}");
    }
}
