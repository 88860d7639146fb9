//! Reporting verbs and phrases ("said", "claimed", "according to") with the
//! stance each one carries. The list is data: the bundled `lexicons/cues.csv`,
//! or a file in the same format given with `--cues`.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::{Serialize, Serializer};

use crate::error::{Diagnostic, Location, Severity};
use crate::hash::FastMap;
use crate::lang::Lang;
use crate::normal::normalize_words;

/// What a reporting verb says about the reported content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    pub const ALL: [Stance; 7] = [
        Stance::Neutral,
        Stance::Distancing,
        Stance::Endorsing,
        Stance::Concession,
        Stance::Emphasis,
        Stance::Tentative,
        Stance::Denial,
    ];

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
pub const BUILTIN: &str = include_str!("../../lexicons/cues.csv");

/// Cue phrases by language, indexed by their first word.
/// A cue phrase as normalized words, with its stance.
type Phrase = (Vec<String>, Stance);

#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// Per language, phrases by their first word (looked up for every word).
    by_first: HashMap<Lang, FastMap<Box<str>, Vec<Phrase>>>,
}

impl Cues {
    pub fn builtin() -> Cues {
        let (cues, diags) = Cues::parse("builtin:cues.csv", BUILTIN);
        debug_assert!(diags.is_empty(), "{diags:?}");
        cues
    }

    /// Reads a cue list (`cue,stance,language,note`); bad rows are reported
    /// with their line and skipped.
    pub fn parse(name: &str, text: &str) -> (Cues, Vec<Diagnostic>) {
        let mut cues = Cues::default();
        let mut diags = Vec::new();
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        for record in reader.records() {
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
            let words = normalize_words(record.get(0).unwrap_or(""));
            let Some(stance) = Stance::parse(record.get(1).unwrap_or("")) else {
                diags.push(Diagnostic::new(
                    Location::at(name, line, 2),
                    Severity::Error,
                    format!("unknown stance {:?}; use one of neutral, distancing, endorsing, concession, emphasis, tentative, denial", record.get(1).unwrap_or("")),
                ));
                continue;
            };
            let lang = match record.get(2).unwrap_or("").trim() {
                "" => Lang::EN,
                l => match l.parse() {
                    Ok(l) => l,
                    Err(e) => {
                        diags.push(Diagnostic::new(Location::at(name, line, 3), Severity::Error, format!("{e}")));
                        continue;
                    }
                },
            };
            if words.is_empty() {
                continue;
            }
            cues.by_first.entry(lang).or_default().entry(words[0].as_str().into()).or_default().push((words, stance));
        }
        for v in cues.by_first.values_mut().flat_map(|m| m.values_mut()) {
            // Longest phrase first, so "pointed out" wins over "pointed".
            v.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
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

    /// The cue starting at word `i` of `words`: its length in words and stance.
    pub fn at(&self, lang: Lang, words: &[&str], i: usize) -> Option<(usize, Stance)> {
        let list = self.by_first.get(&lang)?.get(words[i])?;
        list.iter()
            .find(|(phrase, _)| words.len() >= i + phrase.len() && phrase.iter().zip(&words[i..]).all(|(p, w)| p == w))
            .map(|(phrase, stance)| (phrase.len(), *stance))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_finds_phrases() {
        let (c, diags) = Cues::parse("c", BUILTIN);
        assert!(diags.is_empty(), "{diags:?}");
        let words = ["he", "pointed", "out", "that", "x"];
        assert_eq!(c.at(Lang::EN, &words, 1), Some((2, Stance::Endorsing)));
        let words = ["analysts", "point", "to", "x"];
        assert_eq!(c.at(Lang::EN, &words, 1), Some((2, Stance::Neutral)));
        assert_eq!(c.at(Lang::EN, &["claimed"], 0), Some((1, Stance::Distancing)));
        assert_eq!(c.at(Lang::EN, &["pointed"], 0), None);
        assert_eq!(c.at(Lang::RU, &["заявил"], 0), Some((1, Stance::Neutral)));
    }

    #[test]
    fn bad_rows_are_reported() {
        let (c, diags) =
            Cues::parse("c.csv", "cue,stance,language\nsaid,neutral,en\nbarked,angry,en\nsagte,neutral,xx\n");
        assert_eq!(c.at(Lang::EN, &["said"], 0), Some((1, Stance::Neutral)));
        let msgs: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].starts_with("c.csv:3:2") && msgs[0].contains("unknown stance"));
        assert!(msgs[1].starts_with("c.csv:4:3"));
    }
}
