//! Matching: finds lexicon entries in tokenized text. Entries are compiled per
//! language into patterns indexed by their first word; at each token the
//! candidate patterns are checked word by word, never across a sentence end
//! or into or out of a full quotation. Before overlaps are resolved, a
//! candidate is dropped when its entry's context condition (`requires`) fails,
//! when its first word is the inner part of a compound whose prefix inverts it
//! ("anti-terrorist" does not fire `terrorist`), or when a common word is
//! written like a name in mid-sentence ("Senator Jane Massacre"). Overlaps
//! resolve to the longest match, once; ties go to exact over stem over glob,
//! then the longer literal glob prefix, then the word as written over its
//! possessive-less base, then lexicon order. Entries of the `exception`
//! category win like any other and are then dropped, which is how they shield
//! neutral phrases. Topic words (`scope`) are matched apart, every
//! occurrence, so that they never compete with the entries that frame.

use std::cmp::Reverse;
use std::collections::HashMap;

use crate::glob::{glob_match, glob_words};
use crate::hash::FastMap;
use crate::lang::Lang;
use crate::lexicon::{Case, Entry, Lexicon, MatchKind, Require, pattern_words};
use crate::normal::{fold_keep_case, is_hyphen, is_titlecase};
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

/// Entries that share the same words, match kind and conditions: a match of
/// the pattern is a hit for each of them.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    words: Vec<WordPat>,
    /// The words as written, for a case-sensitive pattern.
    cased: Option<Vec<Box<str>>>,
    pub kind: MatchKind,
    /// Indices into the lexicon's entries, in lexicon order.
    pub entries: Vec<usize>,
    pub exception: bool,
    /// Literal characters of a glob (more is more specific).
    literal: usize,
    requires: Vec<Require>,
    /// A single common word (written in lower case in the lexicon): it does
    /// not fire on a capitalised word in mid-sentence, which is a name.
    common_word: bool,
    /// Whether a negator before a match turns it around (evaluative entries).
    negatable: bool,
    /// The family of its name entries, for dual naming.
    naming_family: Option<Box<str>>,
}

/// The patterns of one language, indexed by their first word.
#[derive(Debug, Default)]
struct LangIndex {
    exact: FastMap<Box<str>, FirstWord>,
    stem: FastMap<Box<str>, Vec<u32>>,
    /// Globs by the literal text before their first wildcard: a token walks
    /// its own bytes down the trie and meets only the globs whose literal
    /// start it has, however many globs share its first letter.
    glob_prefix: ByteTrie,
    /// Globs that start with a wildcard and end with literal text, by that
    /// text read backwards.
    glob_suffix: ByteTrie,
    /// Patterns whose first word starts and ends with a wildcard (or is one).
    glob_any: Vec<u32>,
}

/// The patterns whose first word is an exact word. Those whose second word
/// is exact too are kept by that word, so that a token starting many
/// phrases ("armenian", "the") tries only those its next token can continue.
#[derive(Debug, Default)]
struct FirstWord {
    ids: Vec<u32>,
    by_second: FastMap<Box<str>, Vec<u32>>,
}

/// A set of compiled patterns with their per-language index.
#[derive(Debug, Default)]
struct Compiled {
    patterns: Vec<Pattern>,
    langs: FastMap<Lang, LangIndex>,
}

/// A compiled lexicon.
#[derive(Debug, Default)]
pub struct Matcher {
    /// Every framing pattern, of every language; a hit names its pattern by
    /// its index here, so looking up what a hit stands for needs no language.
    main: Compiled,
    /// The axes' topic words.
    scope: Compiled,
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
    /// The voice of the first word, or scare quote when part of the hit is in one.
    pub voice: Voice,
    /// A negator stands in the three tokens before the hit, same sentence
    /// (evaluative entries only; "not only" is no negation).
    pub negated: bool,
    /// A name given together with its other name ("Stepanakert (Khankendi)",
    /// "Stepanakert/Khankendi"): the neutral practice, which takes no side.
    pub dual: bool,
    pattern: u32,
}

/// How many preceding tokens are searched for a negator.
pub const NEGATION_WINDOW: usize = 3;

/// Words that, joined to the next word by a hyphen, turn it into something
/// else: "anti-terrorist" is not "terrorist".
const PREFIXES: &[&str] =
    &["anti", "counter", "contra", "contre", "non", "ex", "pro", "post", "de", "анти", "контр", "лже", "пост", "экс"];

/// Words after a negator that make it no negation: "not only", "not just".
const NOT_NEGATING: &[&str] = &["only", "just", "merely", "simply", "least", "solely", "только", "лишь"];

#[derive(Debug, Clone, Copy)]
struct Candidate {
    first: usize,
    len: usize,
    pattern: u32,
    via_base: bool,
}

impl Compiled {
    fn add(&mut self, tokenizer: &mut Tokenizer, keys: &mut HashMap<PatternKey, u32>, i: usize, e: &Entry) {
        let words = pattern_words(e, tokenizer);
        if words.is_empty() {
            return;
        }
        let mut requires = e.requires.clone();
        requires.sort();
        let sensitive = e.case == Case::Sensitive;
        let key = (e.language, e.kind, words.clone(), requires.clone(), sensitive.then(|| e.term.clone()));
        let common = e.term.chars().all(|c| !c.is_uppercase()) && e.case == Case::Names;
        let family = (e.is_naming() && !e.family.is_empty()).then(|| e.family.as_str().into());
        if let Some(&p) = keys.get(&key) {
            let pat = &mut self.patterns[p as usize];
            pat.entries.push(i);
            pat.exception &= e.is_exception();
            pat.common_word &= common;
            pat.negatable |= e.is_negatable();
            if pat.naming_family.is_none() {
                pat.naming_family = family;
            }
            return;
        }
        let id = self.patterns.len() as u32;
        keys.insert(key, id);
        let index = self.langs.entry(e.language).or_default();
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
        let cased = sensitive.then(|| {
            let raw = if e.kind == MatchKind::Glob { glob_words_keep_case(&e.term) } else { words_keep_case(&e.term) };
            raw.into_iter().map(Box::from).collect()
        });
        match &compiled[0] {
            WordPat::Exact(w) => {
                let first = index.exact.entry(w.clone()).or_default();
                match compiled.get(1) {
                    Some(WordPat::Exact(x)) => first.by_second.entry(x.clone()).or_default().push(id),
                    _ => first.ids.push(id),
                }
            }
            WordPat::Stem(w) => index.stem.entry(w.clone()).or_default().push(id),
            WordPat::Glob(g) => {
                let prefix = &g[..g.find(['*', '?']).unwrap_or(g.len())];
                let suffix = &g[g.rfind(['*', '?']).map_or(0, |k| k + 1)..];
                if !prefix.is_empty() {
                    index.glob_prefix.insert(prefix.bytes(), id);
                } else if !suffix.is_empty() {
                    index.glob_suffix.insert(suffix.bytes().rev(), id);
                } else {
                    index.glob_any.push(id);
                }
            }
            WordPat::Any => index.glob_any.push(id),
        }
        self.patterns.push(Pattern {
            common_word: common && compiled.len() == 1,
            words: compiled,
            cased,
            kind: e.kind,
            entries: vec![i],
            exception: e.is_exception(),
            literal,
            requires,
            negatable: e.is_negatable(),
            naming_family: family,
        });
    }
}

/// What makes two entries one pattern: language, match kind, words, the
/// context condition, and the written term when case matters.
type PatternKey = (Lang, MatchKind, Vec<String>, Vec<Require>, Option<String>);

/// The words of a term split like text, folded but keeping their capitals.
fn words_keep_case(term: &str) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation;
    term.unicode_words().map(fold_keep_case).collect()
}

/// Glob words (see [`glob_words`]) keeping their capitals.
fn glob_words_keep_case(term: &str) -> Vec<String> {
    term.split(|c: char| c.is_whitespace() || is_hyphen(c))
        .map(|w| {
            fold_keep_case(w)
                .trim_matches(|c: char| !(c.is_alphanumeric() || c == '*' || c == '?' || c == '\''))
                .to_string()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

impl Matcher {
    /// Compiles all entries of `lexicon`.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        Matcher::from_entries(&lexicon.entries)
    }

    /// Compiles entries (indices in hits refer to this slice).
    pub fn from_entries(entries: &[Entry]) -> Matcher {
        let mut tokenizer = Tokenizer::new();
        let mut m = Matcher::default();
        let (mut keys, mut scope_keys) = (HashMap::new(), HashMap::new());
        for (i, e) in entries.iter().enumerate() {
            if e.is_scope() {
                m.scope.add(&mut tokenizer, &mut scope_keys, i, e);
            } else {
                m.main.add(&mut tokenizer, &mut keys, i, e);
            }
        }
        m
    }

    /// The entries (indices into the lexicon) a hit stands for.
    pub fn entries(&self, hit: &Hit) -> &[usize] {
        &self.main.patterns[hit.pattern as usize].entries
    }

    /// Whether any entry is in `lang`.
    pub fn has_language(&self, lang: Lang) -> bool {
        self.main.langs.contains_key(&lang)
    }

    /// Finds the hits in one article (`body`, tokenized), in text order.
    /// Exception matches are resolved and then left out.
    pub fn find(&self, body: &str, tokens: &Tokens, lang: Lang) -> Vec<Hit> {
        self.find_impl(body, tokens, lang, false)
    }

    /// Like [`Matcher::find`], but keeps the matches of exception entries (for
    /// lexicon diagnostics).
    pub fn find_all(&self, body: &str, tokens: &Tokens, lang: Lang) -> Vec<Hit> {
        self.find_impl(body, tokens, lang, true)
    }

    /// Every occurrence of a topic (`scope`) word: the token where it starts
    /// and the scope entries it stands for.
    pub fn scope_words(&self, body: &str, tokens: &Tokens, lang: Lang) -> Vec<(usize, &[usize])> {
        let Some(index) = self.scope.langs.get(&lang) else { return Vec::new() };
        let mut out = Vec::new();
        let mut candidates = Vec::new();
        for sentence in &tokens.sentences {
            candidates.clear();
            let range = sentence.tokens.clone();
            for i in range.clone() {
                index.candidates_at(&self.scope.patterns, body, tokens, i, range.clone(), &mut candidates);
            }
            for c in &candidates {
                out.push((c.first, self.scope.patterns[c.pattern as usize].entries.as_slice()));
            }
        }
        out.sort_by_key(|o| o.0);
        out.dedup_by(|a, b| a.0 == b.0 && std::ptr::eq(a.1, b.1));
        out
    }

    fn find_impl(&self, body: &str, tokens: &Tokens, lang: Lang, keep_exceptions: bool) -> Vec<Hit> {
        let mut hits = Vec::new();
        let patterns = &self.main.patterns;
        let Some(index) = self.main.langs.get(&lang) else { return hits };
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut taken: Vec<bool> = Vec::new();
        let mut names: Option<crate::hash::FastMap<&str, bool>> = None;
        for sentence in &tokens.sentences {
            candidates.clear();
            let range = sentence.tokens.clone();
            for i in range.clone() {
                index.candidates_at(patterns, body, tokens, i, range.clone(), &mut candidates);
            }
            if candidates.is_empty() {
                continue;
            }
            candidates.retain(|c| {
                let p = &patterns[c.pattern as usize];
                let name = p.common_word
                    && (reads_as_name(body, tokens, c.first, range.clone(), lang) || {
                        let names = names.get_or_insert_with(|| names_of(body, tokens, lang));
                        let t = &tokens.tokens[c.first];
                        is_titlecase(&body[t.start..t.end]) && names.get(tokens.norm(t)).copied().unwrap_or(false)
                    });
                !name
                    && !blocked_by_prefix(body, tokens, c.first, range.start, lang)
                    && requires_hold(p, tokens, c, range.clone(), paragraph_tokens(tokens, sentence.paragraph))
            });
            candidates.sort_by_key(|c| {
                let p = &patterns[c.pattern as usize];
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
                let p = &patterns[c.pattern as usize];
                if p.exception && !keep_exceptions {
                    continue;
                }
                let first = &tokens.tokens[c.first];
                let last = &tokens.tokens[c.first + c.len - 1];
                let window = c.first.saturating_sub(NEGATION_WINDOW).max(range.start)..c.first;
                let negated = p.negatable
                    && window.clone().any(|k| {
                        lang.is_negator(tokens.norm(&tokens.tokens[k]))
                            && !(k + 1 < c.first && NOT_NEGATING.contains(&tokens.norm(&tokens.tokens[k + 1])))
                    });
                // A phrase that runs into a scare quote (Armenian “saboteurs”)
                // is held at a distance as a whole.
                let scare = tokens.tokens[c.first..c.first + c.len].iter().any(|t| t.voice == Voice::ScareQuote);
                hits.push(Hit {
                    first: c.first,
                    len: c.len,
                    start: first.start,
                    end: last.end,
                    sentence: first.sentence,
                    voice: if scare { Voice::ScareQuote } else { first.voice },
                    negated,
                    dual: false,
                    pattern: c.pattern,
                });
            }
            hits[before..].sort_by_key(|h| h.first);
            mark_dual_names(patterns, body, tokens, &mut hits[before..]);
        }
        hits
    }
}

/// Whether the word at `i` is the inner part of a hyphenated compound whose
/// first part inverts or changes it ("anti-terrorist", "counter-terrorism",
/// "ex-separatist"). An entry that names the compound starts at the prefix
/// and is not blocked.
fn blocked_by_prefix(body: &str, tokens: &Tokens, i: usize, sentence_start: usize, lang: Lang) -> bool {
    let _ = lang;
    if i == sentence_start {
        return false;
    }
    let (prev, t) = (&tokens.tokens[i - 1], &tokens.tokens[i]);
    let gap = &body[prev.end..t.start];
    !gap.is_empty() && gap.chars().all(is_hyphen) && PREFIXES.contains(&tokens.norm(prev))
}

/// Whether the word at `i` is written like a name in mid-sentence: with a
/// capital and small letters, not first in its sentence or quotation, in a
/// sentence that is not written in title case, in a language that does not
/// capitalise its nouns.
fn reads_as_name(body: &str, tokens: &Tokens, i: usize, sentence: std::ops::Range<usize>, lang: Lang) -> bool {
    if matches!(lang.as_str(), "de" | "lb") || i == sentence.start {
        return false;
    }
    let t = &tokens.tokens[i];
    if !is_titlecase(&body[t.start..t.end]) {
        return false;
    }
    let gap = &body[tokens.tokens[i - 1].end..t.start];
    if gap.chars().any(|c| matches!(c, '“' | '«' | '„' | '‘' | '"' | '\'' | '(' | ':' | '—' | '–' | '\n')) {
        return false; // the first word of a quotation or a clause after a colon
    }
    !is_headline(body, tokens, sentence, lang)
}

/// Whether a sentence is written in title case, as headlines are ("They
/// Called It A Massacre", "Occupation Forces Slaughter Hundreds"): small words
/// capitalised in mid-sentence, or nearly every word capitalised. Names
/// cannot be told from words there.
fn is_headline(body: &str, tokens: &Tokens, sentence: std::ops::Range<usize>, lang: Lang) -> bool {
    let words = &tokens.tokens[sentence.clone()];
    let titled = |w: &Token| is_titlecase(&body[w.start..w.end]);
    let small_titled =
        words.iter().skip(1).filter(|w| titled(w) && crate::stopwords::is_stopword(lang, tokens.norm(w)));
    let mut small: Vec<&str> = small_titled.map(|w| tokens.norm(w)).collect();
    small.dedup();
    let alphabetic = words.iter().filter(|w| w.alphabetic).count();
    let capitalised = words.iter().filter(|w| w.alphabetic && titled(w)).count();
    // A sentence of the body ends with a full stop; a headline does not.
    let last = words.last().map_or(0, |w| w.end);
    let ends = body[last..].trim_start().starts_with(['.', '!', '?', ';']);
    small.len() >= 2 || (!ends && alphabetic >= 3 && 4 * capitalised >= 3 * alphabetic)
}

/// The words an article writes as names: capitalised in mid-sentence
/// somewhere and never in lower case ("Senator Jane Massacre" makes
/// "Massacre:" at the start of a transcript line a name too). Maps each word
/// (matching form) to whether it is one.
fn names_of<'a>(body: &str, tokens: &'a Tokens, lang: Lang) -> crate::hash::FastMap<&'a str, bool> {
    let mut names: crate::hash::FastMap<&'a str, bool> = crate::hash::FastMap::default();
    for s in &tokens.sentences {
        for i in s.tokens.clone() {
            let t = &tokens.tokens[i];
            let written = &body[t.start..t.end];
            let norm = tokens.norm(t);
            if !written.chars().next().is_some_and(char::is_uppercase) {
                names.insert(norm, false);
            } else if reads_as_name(body, tokens, i, s.tokens.clone(), lang) {
                names.entry(norm).or_insert(true);
            }
        }
    }
    names
}

/// Whether a match meets its pattern's context condition: one of its
/// required words (if it has any) in the sentence, and none of its excluded
/// words in the paragraph, outside the match. Exclusions look wider because
/// they name a kind of story ("!club" for a football report), which a
/// paragraph shows better than one sentence: "Qarabag, whose home city was
/// destroyed in the war, played in Baku. The club hopes to return."
fn requires_hold(
    p: &Pattern,
    tokens: &Tokens,
    c: &Candidate,
    sentence: std::ops::Range<usize>,
    paragraph: impl FnOnce() -> std::ops::Range<usize>,
) -> bool {
    if p.requires.is_empty() {
        return true;
    }
    let present = |within: std::ops::Range<usize>, word: &str| {
        within.filter(|&k| k < c.first || k >= c.first + c.len).any(|k| {
            let t = &tokens.tokens[k];
            glob_match(word, tokens.norm(t)) || glob_match(word, tokens.base(t))
        })
    };
    let mut wanted = p.requires.iter().filter(|r| !r.absent).peekable();
    let any_wanted = wanted.peek().is_none() || wanted.any(|r| present(sentence.clone(), &r.word));
    if !any_wanted {
        return false;
    }
    let mut excluded = p.requires.iter().filter(|r| r.absent).peekable();
    if excluded.peek().is_none() {
        return true;
    }
    let paragraph = paragraph();
    !excluded.any(|r| present(paragraph.clone(), &r.word))
}

/// The token range of a paragraph (a closure, so that only matches with an
/// exclusion pay for the search).
fn paragraph_tokens(tokens: &Tokens, paragraph: u32) -> impl FnOnce() -> std::ops::Range<usize> + '_ {
    move || {
        let first = tokens.sentences.partition_point(|s| s.paragraph < paragraph);
        let last = tokens.sentences.partition_point(|s| s.paragraph <= paragraph);
        match (tokens.sentences.get(first), last.checked_sub(1).and_then(|l| tokens.sentences.get(l))) {
            (Some(a), Some(b)) if first < last => a.tokens.start..b.tokens.end,
            _ => 0..0,
        }
    }
}

/// Marks names given together with another name of the same place as dual:
/// "Stepanakert (Khankendi)", "Khankendi/Stepanakert", "Stepanakert, or
/// Khankendi". `hits` are one sentence's, in text order.
fn mark_dual_names(patterns: &[Pattern], body: &str, tokens: &Tokens, hits: &mut [Hit]) {
    for a in 0..hits.len() {
        let Some(family) = &patterns[hits[a].pattern as usize].naming_family else { continue };
        for b in a + 1..hits.len() {
            let between = hits[b].first.saturating_sub(hits[a].first + hits[a].len);
            if between > 3 {
                break;
            }
            if hits[b].pattern == hits[a].pattern
                || patterns[hits[b].pattern as usize].naming_family.as_ref() != Some(family)
            {
                continue;
            }
            let gap = body[hits[a].end..hits[b].start].to_lowercase();
            let joined = gap.contains(['(', '/'])
                || [" or ", "known as", "aka", "also called", " или ", "также"].iter().any(|w| gap.contains(w));
            if joined {
                hits[a].dual = true;
                hits[b].dual = true;
            }
        }
    }
    let _ = tokens;
}

/// A trie over bytes whose nodes hold pattern ids: `walk` visits the ids of
/// every key that is a prefix of the given bytes, in time proportional to
/// the longest such key, not to the number of keys.
#[derive(Debug, Default)]
struct ByteTrie {
    /// Node 0 is the root; each node's children sorted by byte.
    nodes: Vec<TrieNode>,
}

#[derive(Debug, Default)]
struct TrieNode {
    children: Vec<(u8, u32)>,
    ids: Vec<u32>,
}

impl ByteTrie {
    fn insert(&mut self, key: impl Iterator<Item = u8>, id: u32) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut node = 0usize;
        for b in key {
            node = match self.nodes[node].children.binary_search_by_key(&b, |c| c.0) {
                Ok(k) => self.nodes[node].children[k].1 as usize,
                Err(k) => {
                    let next = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    self.nodes[node].children.insert(k, (b, next as u32));
                    next
                }
            };
        }
        self.nodes[node].ids.push(id);
    }

    fn walk(&self, key: impl Iterator<Item = u8>, mut visit: impl FnMut(u32)) {
        let Some(root) = self.nodes.first() else { return };
        let mut node = root;
        for b in key {
            match node.children.binary_search_by_key(&b, |c| c.0) {
                Ok(k) => node = &self.nodes[node.children[k].1 as usize],
                Err(_) => return,
            }
            node.ids.iter().for_each(|&id| visit(id));
        }
    }
}

impl LangIndex {
    /// Adds every pattern that matches starting at token `i` (and ends
    /// inside `sentence`).
    fn candidates_at(
        &self,
        patterns: &[Pattern],
        body: &str,
        tokens: &Tokens,
        i: usize,
        sentence: std::ops::Range<usize>,
        out: &mut Vec<Candidate>,
    ) {
        let t = &tokens.tokens[i];
        let norm = tokens.norm(t);
        let base = tokens.base(t);
        let has_base = base.len() != norm.len();
        // Candidates of this token are at the end of `out`: looking for a
        // repeat among them only keeps the cost per token bounded.
        let from = out.len();
        let consider = |id: u32, via_base: bool, out: &mut Vec<Candidate>| {
            if out[from..].iter().any(|c| c.pattern == id) {
                return;
            }
            if let Some(len) = match_len(&patterns[id as usize], body, tokens, i, sentence.end, via_base) {
                out.push(Candidate { first: i, len, pattern: id, via_base });
            }
        };
        for (form, via_base) in [(norm, false), (base, true)] {
            if via_base && !has_base {
                break;
            }
            if let Some(first) = self.exact.get(form) {
                first.ids.iter().for_each(|&id| consider(id, via_base, out));
                // A second exact word matches the next token's form or base
                // (see `match_len`); no other pattern there can match.
                if !first.by_second.is_empty() && i + 1 < sentence.end {
                    let next = &tokens.tokens[i + 1];
                    let (n, b) = (tokens.norm(next), tokens.base(next));
                    for second in if n == b { [n, ""] } else { [n, b] } {
                        if let Some(ids) = first.by_second.get(second) {
                            ids.iter().for_each(|&id| consider(id, via_base, out));
                        }
                    }
                }
            }
            self.glob_prefix.walk(form.bytes(), |id| consider(id, via_base, out));
            self.glob_suffix.walk(form.bytes().rev(), |id| consider(id, via_base, out));
        }
        if let Some(ids) = self.stem.get(tokens.stem(t)) {
            ids.iter().for_each(|&id| consider(id, false, out));
        }
        for &id in &self.glob_any {
            consider(id, false, out);
            if has_base {
                consider(id, true, out);
            }
        }
    }
}

/// The number of tokens `pattern` covers from token `i`, if it matches.
fn match_len(
    pattern: &Pattern,
    body: &str,
    tokens: &Tokens,
    i: usize,
    end: usize,
    first_via_base: bool,
) -> Option<usize> {
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
        if let Some(cased) = &pattern.cased
            && let Some(want) = cased.get(j)
        {
            let written = fold_keep_case(&body[t.start..t.end]);
            let written = written.strip_suffix("'s").filter(|_| !want.ends_with("'s")).unwrap_or(&written);
            let same = if want.contains(['*', '?']) { glob_match(want, written) } else { **want == *written };
            if !same {
                return None;
            }
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

    #[test]
    fn byte_trie_visits_every_key_that_starts_the_word() {
        let mut trie = ByteTrie::default();
        for (id, key) in ["terror", "ter", "te", "occup", "x"].iter().enumerate() {
            trie.insert(key.bytes(), id as u32);
        }
        trie.insert("ter".bytes(), 9);
        let cases: &[(&str, &[u32])] = &[
            ("terrorists", &[2, 1, 9, 0]),
            ("tea", &[2]),
            ("t", &[]),
            ("occupation", &[3]),
            ("occu", &[]),
            ("", &[]),
            ("xylophone", &[4]),
        ];
        for (word, want) in cases {
            let mut got = Vec::new();
            trie.walk(word.bytes(), |id| got.push(id));
            assert_eq!(got, *want, "{word}");
        }
        let mut none = Vec::new();
        ByteTrie::default().walk("abc".bytes(), |id| none.push(id));
        assert!(none.is_empty());
    }

    fn run(rows: &str, text: &str) -> Vec<(String, String, bool, Voice)> {
        let lex = Lexicon::parse("t.csv", &format!("{HEADER}{rows}"), &LoadOptions::default());
        assert!(!lex.has_errors(), "{:?}", lex.diagnostics);
        let m = Matcher::new(&lex);
        let tokens = Tokenizer::new().tokenize(text, Lang::EN);
        m.find(text, &tokens, Lang::EN)
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

    const V2: &str = "term,match,category,axis,side,weight,family,requires,case\n";

    /// Hits of v2 rows in `text`: (text, terms, negated, dual).
    fn run2(rows: &str, text: &str) -> Vec<(String, String, bool, bool)> {
        let lex = Lexicon::parse("t.csv", &format!("{V2}{rows}"), &LoadOptions::default());
        assert!(!lex.has_errors(), "{:?}", lex.diagnostics);
        let m = Matcher::new(&lex);
        let tokens = Tokenizer::new().tokenize(text, Lang::EN);
        m.find(text, &tokens, Lang::EN)
            .iter()
            .map(|h| {
                let terms: Vec<&str> = m.entries(h).iter().map(|&i| lex.entries[i].term.as_str()).collect();
                (text[h.start..h.end].to_string(), terms.join("+"), h.negated, h.dual)
            })
            .collect()
    }

    fn found(hits: &[(String, String, bool, bool)]) -> Vec<&str> {
        hits.iter().map(|h| h.0.as_str()).collect()
    }

    #[test]
    fn prefixes_stop_the_inner_word() {
        let rows = "terrorist,exact,label,,,2,,,\nanti-terrorist operation,exact,loaded,a-b,b,1,,,\n";
        let cases: &[(&str, &[&str])] = &[
            ("an anti-terrorist step", &[]),
            ("a counter-terrorist unit and a terrorist", &["terrorist"]),
            ("the anti-terrorist operation began", &["anti-terrorist operation"]),
            ("an ex-terrorist spoke", &[]),
            ("the anti terrorist step", &["terrorist"]),
        ];
        for (text, want) in cases {
            assert_eq!(found(&run2(rows, text)), *want, "{text}");
        }
    }

    #[test]
    fn names_in_mid_sentence_do_not_fire_common_words() {
        let rows =
            "massacre,exact,loaded,,,1,,,\nNKR,exact,name,a-b,b,1,,,sensitive\nKarabakh massacre,exact,loaded,,,1,,,\n";
        let cases: &[(&str, &[&str])] = &[
            ("Senator Jane Massacre said no.", &[]),
            ("Massacre is the word they used.", &["Massacre"]),
            ("It was a massacre, he said.", &["massacre"]),
            ("He called it “Massacre of the innocents”.", &["Massacre"]),
            ("THE MASSACRE WAS DENIED.", &["MASSACRE"]),
            ("They Called It A Massacre In The Valley.", &["Massacre"]),
            ("Occupation Forces Massacre Hundreds", &["Massacre"]),
            ("He received the Order of the Most Massacre Star.", &[]),
            ("the Karabakh Massacre trial", &["Karabakh Massacre"]),
            ("the NKR and the nkr", &["NKR"]),
            // Named in mid-sentence once, the surname is a name at the start of a line too.
            ("Senator Jane Massacre spoke.\n\nMassacre: We will vote.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(found(&run2(rows, text)), *want, "{text}");
        }
    }

    #[test]
    fn requires_and_negation() {
        let rows = "massacre,exact,loaded,,,1,,!court;!trial*,\n\
                    regime,exact,label,,,1,,assad*;kremlin,\n\
                    Stepanakert,exact,toponym,a-b,a,1,,,\n";
        let cases: &[(&str, &[(&str, bool)])] = &[
            ("The court heard about the massacre.", &[]),
            // Exclusions hold in the whole paragraph, requirements in the sentence.
            ("It was a massacre. The trial opened.", &[]),
            ("It was a massacre.\n\nThe trial opened.", &[("massacre", false)]),
            ("The regime fell. Assad fled.", &[]),
            ("It was a massacre.", &[("massacre", false)]),
            ("It was not a massacre.", &[("massacre", true)]),
            ("It was not only a massacre.", &[("massacre", false)]),
            ("The regime fell.", &[]),
            ("The Assad regime fell.", &[("regime", false)]),
            ("Not only Stepanakert but the region.", &[("Stepanakert", false)]),
            ("He never reached Stepanakert.", &[("Stepanakert", false)]),
        ];
        for (text, want) in cases {
            let got: Vec<(String, bool)> = run2(rows, text).iter().map(|h| (h.0.clone(), h.2)).collect();
            let want: Vec<(String, bool)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn dual_naming_is_marked() {
        let rows = "Stepanakert,exact,toponym,,,1,stepanakert,,\nKhankendi,exact,toponym,a-b,b,1,stepanakert,,\nShushi,exact,toponym,a-b,a,1,shusha,,\n";
        let cases: &[(&str, &[(&str, bool)])] = &[
            ("in Stepanakert (Khankendi) today", &[("Stepanakert", true), ("Khankendi", true)]),
            ("in Khankendi/Stepanakert today", &[("Khankendi", true), ("Stepanakert", true)]),
            ("in Khankendi today", &[("Khankendi", false)]),
            ("from Khankendi to Shushi", &[("Khankendi", false), ("Shushi", false)]),
            ("Stepanakert, or Khankendi, is", &[("Stepanakert", true), ("Khankendi", true)]),
        ];
        for (text, want) in cases {
            let got: Vec<(String, bool)> = run2(rows, text).iter().map(|h| (h.0.clone(), h.3)).collect();
            let want: Vec<(String, bool)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn scope_words_are_found_apart() {
        let rows = "Karabakh,exact,scope,a-b,,,,,\nNagorno-Karabakh,exact,toponym,,,1,karabakh,,\nArmenia*,glob,scope,a-b,,,,,\n";
        let lex = Lexicon::parse("t.csv", &format!("{V2}{rows}"), &LoadOptions::default());
        assert!(!lex.has_errors(), "{:?}", lex.diagnostics);
        let m = Matcher::new(&lex);
        let text = "In Nagorno-Karabakh, Armenians and Karabakh residents.";
        let tokens = Tokenizer::new().tokenize(text, Lang::EN);
        let scope: Vec<&str> = m
            .scope_words(text, &tokens, Lang::EN)
            .iter()
            .map(|(k, _)| {
                let t = &tokens.tokens[*k];
                &text[t.start..t.end]
            })
            .collect();
        assert_eq!(scope, ["Karabakh", "Armenians", "Karabakh"]);
        assert_eq!(found(&run2(rows, text)), ["Nagorno-Karabakh"], "the toponym is found whole");
    }

    #[test]
    fn globs_with_a_leading_wildcard() {
        let rows = "*ism,glob,label,,,1,,,\n*activ*,glob,label,,,1,,,\n";
        assert_eq!(found(&run2(rows, "separatism and eco-activists and a tourist")), ["separatism", "activists"]);
    }

    #[test]
    fn co_entries_share_a_hit() {
        let rows = "regime,exact,label,,,1,,,\nregime,exact,loaded,,,1,,,\n";
        let got = run(rows, "a regime");
        assert_eq!(texts(&got), [("regime", "regime+regime")]);
    }
}
