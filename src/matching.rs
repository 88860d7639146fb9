//! Matching: finds lexicon entries in tokenized text. Entries are compiled per
//! language into patterns indexed by their first word; at each token the
//! candidate patterns are checked word by word, never across a sentence end
//! or into or out of a full quotation. Overlaps resolve to the longest match,
//! once; ties go to exact over stem over glob, then the longer literal glob
//! prefix, then the word as written over its possessive-less base, then
//! lexicon order. Entries of the `exception` category win like any other and
//! are then dropped, which is how they shield neutral phrases.

use std::cmp::Reverse;
use std::collections::HashMap;

use crate::glob::{glob_match, glob_words};
use crate::hash::FastMap;
use crate::lang::Lang;
use crate::lexicon::{Entry, Lexicon, MatchKind, pattern_words};
use crate::text::voice::Voice;
use crate::text::{Token, Tokenizer, Tokens};

/// One word of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum WordPat {
    Exact(Box<str>),
    Stem(Box<str>),
    Glob(Box<str>),
    /// A glob word that is only `*`: any one word.
    Any,
}

/// Entries that share the same words and match kind: a match of the pattern
/// is a hit for each of them.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    words: Vec<WordPat>,
    pub kind: MatchKind,
    /// Indices into the lexicon's entries, in lexicon order.
    pub entries: Vec<usize>,
    pub exception: bool,
    /// Literal characters of a glob (more is more specific).
    literal: usize,
}

/// The patterns of one language, indexed by their first word.
#[derive(Debug, Default)]
struct LangIndex {
    exact: FastMap<Box<str>, Vec<u32>>,
    stem: FastMap<Box<str>, Vec<u32>>,
    /// Globs by the first character of the literal text before their first
    /// wildcard, with that text: a token checks only the few globs that
    /// start like it.
    glob_prefix: FastMap<char, Vec<(Box<str>, u32)>>,
    /// Patterns whose first word starts with a wildcard.
    glob_any: Vec<u32>,
}

/// A compiled lexicon.
#[derive(Debug, Default)]
pub struct Matcher {
    /// Every pattern, of every language; a hit names its pattern by its
    /// index here, so looking up what a hit stands for needs no language.
    patterns: Vec<Pattern>,
    langs: FastMap<Lang, LangIndex>,
}

/// One match of a lexicon pattern in an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the first token and number of tokens.
    pub first: usize,
    /// Number of tokens.
    pub len: usize,
    /// Byte offsets into the body.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// The sentence (index into `Tokens::sentences`).
    pub sentence: u32,
    /// The voice of the first word.
    pub voice: Voice,
    /// A negator stands in the three tokens before the hit, same sentence.
    pub negated: bool,
    pattern: u32,
}

/// How many preceding tokens are searched for a negator.
pub const NEGATION_WINDOW: usize = 3;

#[derive(Debug, Clone, Copy)]
struct Candidate {
    first: usize,
    len: usize,
    pattern: u32,
    via_base: bool,
}

impl Matcher {
    /// Compiles all entries of `lexicon`.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        Matcher::from_entries(&lexicon.entries)
    }

    /// Compiles entries (indices in hits refer to this slice).
    pub fn from_entries(entries: &[Entry]) -> Matcher {
        let mut tokenizer = Tokenizer::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut langs: FastMap<Lang, LangIndex> = FastMap::default();
        let mut keys: HashMap<(Lang, MatchKind, Vec<String>), u32> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let words = pattern_words(e, &mut tokenizer);
            if words.is_empty() {
                continue;
            }
            let index = langs.entry(e.language).or_default();
            let key = (e.language, e.kind, words.clone());
            if let Some(&p) = keys.get(&key) {
                let pat = &mut patterns[p as usize];
                pat.entries.push(i);
                pat.exception &= e.is_exception();
                continue;
            }
            let id = patterns.len() as u32;
            keys.insert(key, id);
            let literal = words.iter().map(|w| w.chars().filter(|c| *c != '*' && *c != '?').count()).sum();
            let compiled: Vec<WordPat> = words
                .iter()
                .map(|w| match e.kind {
                    MatchKind::Exact => WordPat::Exact(w.as_str().into()),
                    MatchKind::Stem => WordPat::Stem(w.as_str().into()),
                    MatchKind::Glob if w == "*" => WordPat::Any,
                    MatchKind::Glob if w.contains(['*', '?']) => WordPat::Glob(w.as_str().into()),
                    MatchKind::Glob => WordPat::Exact(w.as_str().into()),
                })
                .collect();
            match &compiled[0] {
                WordPat::Exact(w) => index.exact.entry(w.clone()).or_default().push(id),
                WordPat::Stem(w) => index.stem.entry(w.clone()).or_default().push(id),
                WordPat::Glob(g) => {
                    let prefix = &g[..g.find(['*', '?']).unwrap_or(g.len())];
                    match prefix.chars().next() {
                        None => index.glob_any.push(id),
                        Some(c) => index.glob_prefix.entry(c).or_default().push((prefix.into(), id)),
                    }
                }
                WordPat::Any => index.glob_any.push(id),
            }
            patterns.push(Pattern {
                words: compiled,
                kind: e.kind,
                entries: vec![i],
                exception: e.is_exception(),
                literal,
            });
        }
        Matcher { patterns, langs }
    }

    /// The entries (indices into the lexicon) a hit stands for.
    pub fn entries(&self, hit: &Hit) -> &[usize] {
        &self.patterns[hit.pattern as usize].entries
    }

    /// Whether any entry is in `lang`.
    pub fn has_language(&self, lang: Lang) -> bool {
        self.langs.contains_key(&lang)
    }

    /// Finds the hits in one article, in text order. Exception matches are
    /// resolved and then left out.
    pub fn find(&self, tokens: &Tokens, lang: Lang) -> Vec<Hit> {
        self.find_impl(tokens, lang, false)
    }

    /// Like [`Matcher::find`], but keeps the matches of exception entries (for
    /// lexicon diagnostics).
    pub fn find_all(&self, tokens: &Tokens, lang: Lang) -> Vec<Hit> {
        self.find_impl(tokens, lang, true)
    }

    fn find_impl(&self, tokens: &Tokens, lang: Lang, keep_exceptions: bool) -> Vec<Hit> {
        let mut hits = Vec::new();
        let Some(index) = self.langs.get(&lang) else { return hits };
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut taken: Vec<bool> = Vec::new();
        for sentence in &tokens.sentences {
            candidates.clear();
            let range = sentence.tokens.clone();
            for i in range.clone() {
                index.candidates_at(&self.patterns, tokens, i, range.end, &mut candidates);
            }
            if candidates.is_empty() {
                continue;
            }
            candidates.sort_by_key(|c| {
                let p = &self.patterns[c.pattern as usize];
                (Reverse(c.len), c.first, p.kind, Reverse(p.literal), c.via_base, p.entries[0])
            });
            taken.clear();
            taken.resize(range.len(), false);
            let before = hits.len();
            for c in &candidates {
                let local = c.first - range.start..c.first - range.start + c.len;
                if taken[local.clone()].iter().any(|&t| t) {
                    continue;
                }
                taken[local].iter_mut().for_each(|t| *t = true);
                if self.patterns[c.pattern as usize].exception && !keep_exceptions {
                    continue;
                }
                let first = &tokens.tokens[c.first];
                let last = &tokens.tokens[c.first + c.len - 1];
                let window = c.first.saturating_sub(NEGATION_WINDOW).max(range.start)..c.first;
                let negated = tokens.tokens[window].iter().any(|t| lang.is_negator(tokens.norm(t)));
                hits.push(Hit {
                    first: c.first,
                    len: c.len,
                    start: first.start,
                    end: last.end,
                    sentence: first.sentence,
                    voice: first.voice,
                    negated,
                    pattern: c.pattern,
                });
            }
            hits[before..].sort_by_key(|h| h.first);
        }
        hits
    }
}

impl LangIndex {
    /// Adds every pattern that matches starting at token `i` (and ends before `end`).
    fn candidates_at(&self, patterns: &[Pattern], tokens: &Tokens, i: usize, end: usize, out: &mut Vec<Candidate>) {
        let t = &tokens.tokens[i];
        let norm = tokens.norm(t);
        let base = tokens.base(t);
        let has_base = base.len() != norm.len();
        let consider = |ids: &[u32], via_base: bool, out: &mut Vec<Candidate>| {
            for &id in ids {
                if out.iter().any(|c| c.first == i && c.pattern == id) {
                    continue;
                }
                if let Some(len) = match_len(&patterns[id as usize], tokens, i, end, via_base) {
                    out.push(Candidate { first: i, len, pattern: id, via_base });
                }
            }
        };
        for (form, via_base) in [(norm, false), (base, true)] {
            if via_base && !has_base {
                break;
            }
            if let Some(ids) = self.exact.get(form) {
                consider(ids, via_base, out);
            }
            if let Some(globs) = form.chars().next().and_then(|c| self.glob_prefix.get(&c)) {
                for (prefix, id) in globs {
                    if form.starts_with(&**prefix) {
                        consider(std::slice::from_ref(id), via_base, out);
                    }
                }
            }
        }
        if let Some(ids) = self.stem.get(tokens.stem(t)) {
            consider(ids, false, out);
        }
        if !self.glob_any.is_empty() {
            consider(&self.glob_any, false, out);
            if has_base {
                consider(&self.glob_any, true, out);
            }
        }
    }
}

/// The number of tokens `pattern` covers from token `i`, if it matches.
fn match_len(pattern: &Pattern, tokens: &Tokens, i: usize, end: usize, first_via_base: bool) -> Option<usize> {
    let words = &pattern.words;
    if i + words.len() > end {
        return None;
    }
    let first = &tokens.tokens[i];
    for (j, w) in words.iter().enumerate() {
        let t = &tokens.tokens[i + j];
        if j > 0 && !same_voice_region(first, t) {
            return None;
        }
        let ok = match w {
            WordPat::Any => true,
            WordPat::Stem(s) => tokens.stem(t) == &**s,
            WordPat::Exact(x) => {
                if j == 0 {
                    (if first_via_base { tokens.base(t) } else { tokens.norm(t) }) == &**x
                } else {
                    tokens.norm(t) == &**x || tokens.base(t) == &**x
                }
            }
            WordPat::Glob(g) => {
                if j == 0 {
                    glob_match(g, if first_via_base { tokens.base(t) } else { tokens.norm(t) })
                } else {
                    glob_match(g, tokens.norm(t)) || glob_match(g, tokens.base(t))
                }
            }
        };
        if !ok {
            return None;
        }
    }
    Some(words.len())
}

/// A phrase may run from the narrator's words into a scare quote (so-called
/// “eco-activists”), but not into or out of a full quotation.
fn same_voice_region(a: &Token, b: &Token) -> bool {
    a.quote == b.quote || (a.voice != Voice::Quote && b.voice != Voice::Quote)
}

/// Compiles a single search pattern (for `kwic`): the match kind is given,
/// or guessed (`glob` when the pattern has a wildcard, else `exact`).
pub fn single_pattern(pattern: &str, kind: Option<MatchKind>, lang: Lang) -> (Matcher, Entry) {
    let kind = kind.unwrap_or(if pattern.contains(['*', '?']) { MatchKind::Glob } else { MatchKind::Exact });
    let mut e = Entry::new(pattern, kind, "pattern");
    e.language = lang;
    let m = Matcher::from_entries(std::slice::from_ref(&e));
    (m, e)
}

/// The words a glob pattern would be split into (exposed for diagnostics).
pub fn pattern_word_count(term: &str) -> usize {
    glob_words(term).len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Lexicon, LoadOptions};

    const HEADER: &str = "term,match,category,axis,side,weight,neutral,language,note\n";

    fn run(rows: &str, text: &str) -> Vec<(String, String, bool, Voice)> {
        let lex = Lexicon::parse("t.csv", &format!("{HEADER}{rows}"), &LoadOptions::default());
        assert!(!lex.has_errors(), "{:?}", lex.diagnostics);
        let m = Matcher::new(&lex);
        let tokens = Tokenizer::new().tokenize(text, Lang::EN);
        m.find(&tokens, Lang::EN)
            .iter()
            .map(|h| {
                let cats: Vec<&str> = m.entries(h).iter().map(|&i| lex.entries[i].term.as_str()).collect();
                (text[h.start..h.end].to_string(), cats.join("+"), h.negated, h.voice)
            })
            .collect()
    }

    fn texts(hits: &[(String, String, bool, Voice)]) -> Vec<(&str, &str)> {
        hits.iter().map(|h| (h.0.as_str(), h.1.as_str())).collect()
    }

    #[test]
    fn longest_match_wins_once() {
        let rows = "illegally occupied,exact,loaded,a-b,b,1,,,\n\
                    occupied armenian territory,exact,loaded,a-b,a,1,,,\n\
                    occupied,exact,loaded,a-b,b,1,,,\n";
        let got = run(rows, "the illegally occupied Armenian territory and the occupied land");
        assert_eq!(
            texts(&got),
            [("occupied Armenian territory", "occupied armenian territory"), ("occupied", "occupied")]
        );
    }

    #[test]
    fn tie_priority_exact_stem_glob() {
        let rows = "liberat*,glob,loaded,,,1,,,\n\
                    liber*,glob,loaded,,,1,,,\n\
                    liberated,exact,label,,,1,,,\n";
        let got = run(rows, "liberated liberation liberal");
        assert_eq!(texts(&got), [("liberated", "liberated"), ("liberation", "liberat*"), ("liberal", "liber*")]);
        let rows = "occup*,glob,loaded,,,1,,,\noccupation,stem,loaded,,,1,,,\noccupations,exact,loaded,,,1,,,\n";
        let got = run(rows, "occupations occupation occupy");
        assert_eq!(texts(&got), [("occupations", "occupations"), ("occupation", "occupation"), ("occupy", "occup*")]);
    }

    #[test]
    fn phrases_stop_at_sentence_ends_and_quotes() {
        let rows = "so-called blockade,exact,distancing,,,1,,,\nblockade,exact,loaded,,,1,,,\n";
        let got = run(rows, "It was so called. Blockade followed.");
        assert_eq!(texts(&got), [("Blockade", "blockade")]);
        let got = run(rows, "the “so-called” blockade");
        assert_eq!(texts(&got), [("so-called” blockade", "so-called blockade")]);
        let got = run(rows, "He said “this is so called.” blockade");
        assert_eq!(texts(&got), [("blockade", "blockade")]);
    }

    #[test]
    fn scare_quote_inside_phrase_takes_first_voice() {
        let rows = "so-called eco-activists,exact,distancing,a-b,a,1,,,\n";
        let got = run(rows, "the so-called “eco-activists” stayed");
        assert_eq!(
            got,
            [("so-called “eco-activists".to_string(), "so-called eco-activists".into(), false, Voice::Narrator)]
        );
    }

    #[test]
    fn hyphen_variants_and_possessives() {
        let rows = "eco-activists,exact,loaded,,,1,,,\nazerbaijan,exact,toponym,,,1,,,\n";
        for text in ["eco-activists", "eco activists", "eco\u{2011}activists"] {
            assert_eq!(texts(&run(rows, text)), [(text, "eco-activists")], "{text:?}");
        }
        assert_eq!(texts(&run(rows, "Azerbaijan’s army")), [("Azerbaijan’s", "azerbaijan")]);
    }

    #[test]
    fn any_word_and_negation() {
        let rows = "armenian * attacked civilians,glob,loaded,a-b,b,1,,,\nregime,exact,label,,,1,,,\n";
        let got = run(rows, "the Armenian army attacked civilians. It is not a regime. A regime.");
        assert_eq!(
            got.iter().map(|h| (h.0.as_str(), h.2)).collect::<Vec<_>>(),
            [("Armenian army attacked civilians", false), ("regime", true), ("regime", false)]
        );
    }

    #[test]
    fn exceptions_shield_and_vanish() {
        let rows = "regime,exact,label,,,1,,,\nceasefire regime,exact,exception,,,1,,,\n";
        let got = run(rows, "the ceasefire regime and the regime");
        assert_eq!(texts(&got), [("regime", "regime")]);
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn co_entries_share_a_hit() {
        let rows = "regime,exact,label,,,1,,,\nregime,exact,loaded,,,1,,,\n";
        let got = run(rows, "a regime");
        assert_eq!(texts(&got), [("regime", "regime+regime")]);
    }
}
