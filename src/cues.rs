//! Reporting verbs and phrases ("said", "claimed", "according to") with the
//! stance each one carries. The list is data — the bundled `lexicons/cues.csv`,
//! or a file in the same format given with `--cues` — and the one place such
//! verbs are listed: claim extraction finds attributions with it, and voice
//! uses it to tell an attributed short quotation (`“Never,” he said`) from a
//! scare quote.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize, Serializer};

use crate::error::{Diagnostic, Location, Severity};
use crate::hash::FastMap;
use crate::lang::Lang;
use crate::normal::normalize_words;

/// What a reporting verb says about the reported content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// said, told, added, noted, stated.
    Neutral,
    /// claimed, alleged, insisted, purported.
    Distancing,
    /// revealed, confirmed, acknowledged, pointed out: the content is taken as true.
    Endorsing,
    /// admitted, conceded.
    Concession,
    /// stressed, warned, slammed.
    Emphasis,
    /// hinted, suggested: the outlet reads a meaning into the words.
    Tentative,
    /// denied, dismissed, rejected.
    Denial,
}

impl Stance {
    /// Every stance, in the order reports list them.
    pub const ALL: [Stance; 7] = [
        Stance::Neutral,
        Stance::Distancing,
        Stance::Endorsing,
        Stance::Concession,
        Stance::Emphasis,
        Stance::Tentative,
        Stance::Denial,
    ];

    /// The name written in reports and in `cues.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Neutral => "neutral",
            Stance::Distancing => "distancing",
            Stance::Endorsing => "endorsing",
            Stance::Concession => "concession",
            Stance::Emphasis => "emphasis",
            Stance::Tentative => "tentative",
            Stance::Denial => "denial",
        }
    }

    fn parse(s: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|k| k.as_str() == s.trim().to_ascii_lowercase())
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Stance {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The bundled cue list.
pub const BUILTIN: &str = include_str!("../lexicons/cues.csv");

/// A cue phrase as normalized words, with its stance, and whether it counts
/// only in the clause right after a closing quotation mark ("continued" is a
/// reporting verb in “…,” he continued, not in "the fighting continued").
#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<String>,
    stance: Stance,
    after_quote: bool,
}

/// The columns of a cue list, found by name.
const COLUMNS: [&str; 5] = ["cue", "stance", "language", "note", "position"];

#[derive(Debug, Clone, Default)]
/// Reporting cues per language, looked up word by word in a sentence.
pub struct Cues {
    /// Per language, phrases by their first word (looked up for every word).
    by_first: HashMap<Lang, FastMap<Box<str>, Vec<Phrase>>>,
}

impl Cues {
    /// SHA-256 of what the list says (every phrase with its language,
    /// stance and position, in lookup order), whatever file it came from:
    /// results made with the same digest used the same cues.
    pub fn digest(&self) -> String {
        let mut h = crate::digest::Running::default();
        let mut langs: Vec<&Lang> = self.by_first.keys().collect();
        langs.sort();
        for lang in langs {
            let by_first = &self.by_first[lang];
            let mut firsts: Vec<&Box<str>> = by_first.keys().collect();
            firsts.sort();
            for first in firsts {
                for p in &by_first[first] {
                    h.line(&format!("{lang}\t{}\t{}\t{}", p.words.join(" "), p.stance.as_str(), p.after_quote));
                }
            }
        }
        h.finish()
    }

    /// The bundled `lexicons/cues.csv`.
    pub fn builtin() -> Cues {
        let (cues, diags) = Cues::parse("builtin:cues.csv", BUILTIN);
        debug_assert!(diags.is_empty(), "{diags:?}");
        cues
    }

    /// Reads a cue list (`cue,stance,language,note,position`, columns found
    /// by name; `position` is empty or `after-quote`); bad rows are reported
    /// with their line and skipped.
    pub fn parse(name: &str, text: &str) -> (Cues, Vec<Diagnostic>) {
        let mut cues = Cues::default();
        let mut diags = Vec::new();
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut records = reader.records();
        let header: Vec<String> = match records.next() {
            Some(Ok(h)) => h.iter().map(|c| c.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()).collect(),
            _ => {
                let msg =
                    format!("empty or unreadable cue list; the first line must be the header {}", COLUMNS.join(","));
                return (cues, vec![Diagnostic::new(Location::line(name, 1), Severity::Error, msg)]);
            }
        };
        let index: Vec<Option<usize>> = COLUMNS.iter().map(|c| header.iter().position(|h| h == c)).collect();
        if index[0].is_none() || index[1].is_none() {
            let msg =
                format!("the header needs at least the columns cue and stance (full header: {})", COLUMNS.join(","));
            return (cues, vec![Diagnostic::new(Location::line(name, 1), Severity::Error, msg)]);
        }
        for record in records {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    diags.push(Diagnostic::new(
                        Location::line(name, line),
                        Severity::Error,
                        format!("malformed CSV: {e}"),
                    ));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line() as usize);
            let field = |k: usize| index[k].and_then(|c| record.get(c)).unwrap_or("").trim();
            let column = |k: usize| index[k].map_or(0, |c| c + 1);
            let words = normalize_words(field(0));
            let Some(stance) = Stance::parse(field(1)) else {
                diags.push(Diagnostic::new(
                    Location::at(name, line, column(1)),
                    Severity::Error,
                    format!(
                        "unknown stance {:?}; use one of neutral, distancing, endorsing, concession, emphasis, tentative, denial",
                        field(1)
                    ),
                ));
                continue;
            };
            let lang = match field(2) {
                "" => Lang::EN,
                l => match l.parse() {
                    Ok(l) => l,
                    Err(e) => {
                        diags.push(Diagnostic::new(
                            Location::at(name, line, column(2)),
                            Severity::Error,
                            format!("{e}"),
                        ));
                        continue;
                    }
                },
            };
            let after_quote = match field(4) {
                "" | "anywhere" => false,
                "after-quote" => true,
                other => {
                    diags.push(Diagnostic::new(
                        Location::at(name, line, column(4)),
                        Severity::Error,
                        format!("unknown position {other:?}; leave it empty, or write after-quote"),
                    ));
                    continue;
                }
            };
            if words.is_empty() {
                continue;
            }
            let first: Box<str> = words[0].as_str().into();
            cues.by_first.entry(lang).or_default().entry(first).or_default().push(Phrase {
                words,
                stance,
                after_quote,
            });
        }
        for v in cues.by_first.values_mut().flat_map(|m| m.values_mut()) {
            // Longest phrase first, so "pointed out" wins over "pointed".
            v.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        (cues, diags)
    }

    /// Reads a cue file from disk.
    pub fn load(path: &Path) -> (Cues, Vec<Diagnostic>) {
        match std::fs::read_to_string(path) {
            Ok(t) => Cues::parse(&path.display().to_string(), &t),
            Err(e) => (
                Cues::default(),
                vec![Diagnostic::new(Location::file(path), Severity::Error, format!("cannot read: {e}"))],
            ),
        }
    }

    /// The cue starting at word `i` of `words`: its length in words and
    /// stance. `after_quote` says whether the word is in the clause right
    /// after a closing quotation mark, where cues marked `after-quote` count too.
    pub fn at(&self, lang: Lang, words: &[&str], i: usize, after_quote: bool) -> Option<(usize, Stance)> {
        let list = self.by_first.get(&lang)?.get(words[i])?;
        list.iter()
            .filter(|p| after_quote || !p.after_quote)
            .find(|p| words.len() >= i + p.words.len() && p.words.iter().zip(&words[i..]).all(|(a, b)| a == b))
            .map(|p| (p.words.len(), p.stance))
    }

    /// Whether `word` (a matching form), in the clause right after a short
    /// quotation, shows that the quotation was attributed (`“Never,” he
    /// said`): it starts a cue of `lang`. An English participle ("adding
    /// that", "saying") continues the narrator's sentence instead, and
    /// attributes nothing.
    pub fn attributes_quote(&self, lang: Lang, word: &str) -> bool {
        let Some(phrases) = self.by_first.get(&lang).and_then(|m| m.get(word)) else { return false };
        // "according to" is a phrase, not a participle.
        let participle = lang == Lang::EN && word.ends_with("ing") && phrases.iter().all(|p| p.words.len() == 1);
        !participle
    }
}

/// The bundled cue list, parsed once.
pub fn builtin() -> &'static Cues {
    static BUILTIN_CUES: std::sync::OnceLock<Cues> = std::sync::OnceLock::new();
    BUILTIN_CUES.get_or_init(Cues::builtin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_finds_phrases() {
        let (c, diags) = Cues::parse("c", BUILTIN);
        assert!(diags.is_empty(), "{diags:?}");
        let words = ["he", "pointed", "out", "that", "x"];
        assert_eq!(c.at(Lang::EN, &words, 1, false), Some((2, Stance::Endorsing)));
        let words = ["analysts", "point", "to", "x"];
        assert_eq!(c.at(Lang::EN, &words, 1, false), Some((2, Stance::Neutral)));
        assert_eq!(c.at(Lang::EN, &["claimed"], 0, false), Some((1, Stance::Distancing)));
        assert_eq!(c.at(Lang::EN, &["pointed"], 0, false), None);
        assert_eq!(c.at(Lang::RU, &["заявил"], 0, false), Some((1, Stance::Neutral)));
        // "continued" is a cue only after a quotation.
        assert_eq!(c.at(Lang::EN, &["continued"], 0, false), None);
        assert_eq!(c.at(Lang::EN, &["continued"], 0, true), Some((1, Stance::Neutral)));
        let de: Lang = "de".parse().unwrap();
        assert_eq!(c.at(de, &["sagte"], 0, false), Some((1, Stance::Neutral)));
        assert!(c.attributes_quote(Lang::EN, "according") && c.attributes_quote(Lang::EN, "said"));
        assert!(!c.attributes_quote(Lang::EN, "fighting") && !c.attributes_quote(Lang::EN, "adding"));
    }

    #[test]
    fn bad_rows_are_reported() {
        let (c, diags) = Cues::parse(
            "c.csv",
            "stance,cue,language,position\nneutral,said,en,\nangry,barked,en,\nneutral,sagte,xx,\nneutral,went,en,later\n",
        );
        assert_eq!(c.at(Lang::EN, &["said"], 0, false), Some((1, Stance::Neutral)));
        let msgs: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].starts_with("c.csv:3:1") && msgs[0].contains("unknown stance"), "{msgs:?}");
        assert!(msgs[1].starts_with("c.csv:4:3"), "{msgs:?}");
        assert!(msgs[2].starts_with("c.csv:5:4") && msgs[2].contains("after-quote"), "{msgs:?}");
    }
}
