//! Tokenization: splits an article body into paragraphs, sentences and words
//! (Unicode UAX #29), gives every word its voice, a normalized form for
//! matching and a Snowball stem, and keeps byte offsets into the body that no
//! later stage changes, so `&body[token.start..token.end]` is always the word
//! as written.

pub mod sentences;
pub mod snippet;
pub mod voice;
pub mod words;

use std::ops::Range;

use rust_stemmers::Stemmer;

use crate::hash::FastMap;
use crate::lang::Lang;
use crate::normal::push_norm;
use voice::{QuoteSpan, Voice};

/// One word of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets into the body.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// Index into [`Tokens::sentences`].
    pub sentence: u32,
    /// Who is speaking: the narrator, a quotation, a scare quote.
    pub voice: Voice,
    /// Index into [`Tokens::quotes`] of the quotation holding this word, or
    /// `u32::MAX` for the narrator's words.
    pub quote: u32,
    /// Whether the word has a letter (numbers such as "2020" or "6,500" do not).
    pub alphabetic: bool,
    norm: (u32, u32),
    base_len: u32,
    stem: (u32, u32),
}

/// A sentence: never crosses a paragraph, never breaks inside a quotation or
/// after a listed abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offsets into the body, without trailing whitespace.
    pub start: usize,
    /// End offset (exclusive), without trailing whitespace.
    pub end: usize,
    /// Index into [`Tokens::paragraphs`].
    pub paragraph: u32,
    /// Range into [`Tokens::tokens`].
    pub tokens: Range<usize>,
}

/// The tokenized body of one article.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// Every word, in text order.
    pub tokens: Vec<Token>,
    /// Every sentence, in text order.
    pub sentences: Vec<Sentence>,
    /// Paragraph byte ranges.
    pub paragraphs: Vec<Range<usize>>,
    /// Outermost quotation spans, sorted.
    pub quotes: Vec<QuoteSpan>,
    /// Normalized forms and stems of all tokens, back to back.
    buf: String,
}

impl Tokens {
    /// The matching form: lowercased, apostrophes unified to `'`, invisible
    /// format characters dropped, `ё` folded to `е`.
    pub fn norm(&self, t: &Token) -> &str {
        &self.buf[t.norm.0 as usize..t.norm.1 as usize]
    }

    /// The matching form without a possessive `'s` (equal to `norm` otherwise).
    pub fn base(&self, t: &Token) -> &str {
        &self.buf[t.norm.0 as usize..(t.norm.0 + t.base_len) as usize]
    }

    /// The Snowball stem of `base` (equal to it for languages without a stemmer).
    pub fn stem(&self, t: &Token) -> &str {
        &self.buf[t.stem.0 as usize..t.stem.1 as usize]
    }

    /// The words of a sentence.
    pub fn sentence_tokens(&self, s: &Sentence) -> &[Token] {
        &self.tokens[s.tokens.clone()]
    }

    /// How many words are in `voice`.
    pub fn words_in(&self, voice: Voice) -> usize {
        self.tokens.iter().filter(|t| t.voice == voice).count()
    }
}

/// Abbreviations after which a sentence does not end, even before a capital.
const ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Sgt.", "Adm.", "Sen.", "Rep.",
    "Gov.", "Pres.", "Amb.", "Rev.", "St.", "Mt.", "Jr.", "Sr.", "No.", "Nos.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.",
    "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "U.S.", "U.K.", "U.N.", "E.U.", "U.S.S.R.", "vs.", "v.",
    "e.g.", "i.e.", "approx.", "ca.", "Fig.", "Art.", "Vol.", "pp.", "p.",
];

fn ends_with_abbreviation(sentence: &str) -> bool {
    let last = sentence.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    let last = last.trim_start_matches(|c: char| !c.is_alphanumeric());
    if ABBREVIATIONS.contains(&last) {
        return true;
    }
    // A single capital initial: "John F. Kennedy", "Dmitry S. Peskov".
    let mut chars = last.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

/// Splits a body into paragraphs. When the text has blank lines, they separate
/// paragraphs and single newlines are soft line wraps; otherwise every line is
/// a paragraph (the usual shape of news text exported one paragraph a line).
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    // Blank lines before the first or after the last paragraph say nothing
    // about the layout; only blank lines between paragraphs do.
    let inner = text.trim();
    let blank_line_mode = inner.lines().any(|l| l.trim().is_empty());
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let is_blank = content.trim().is_empty();
        if (is_blank || !blank_line_mode)
            && let Some(s) = start.take()
        {
            out.push(s..end);
        }
        if !is_blank {
            if start.is_none() {
                start = Some(pos + (content.len() - content.trim_start().len()));
            }
            end = pos + content.trim_end().len();
            if !blank_line_mode {
                out.push(start.take().unwrap_or(pos)..end);
            }
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// Turns text into [`Tokens`]. Holds the stemmers and a per-language stem
/// cache, so keep one per thread and reuse it across articles.
pub struct Tokenizer {
    stemmers: FastMap<Lang, StemCache>,
}

struct StemCache {
    stemmer: Option<Stemmer>,
    cache: FastMap<Box<str>, Box<str>>,
}

/// Past this many distinct words a cache is emptied, bounding memory on
/// corpora with huge vocabularies (names, typos, numbers).
const STEM_CACHE_LIMIT: usize = 250_000;

impl Default for Tokenizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Tokenizer {
    /// A tokenizer with empty caches.
    pub fn new() -> Self {
        Tokenizer { stemmers: FastMap::default() }
    }

    /// The stem of one normalized word, as the tokenizer would compute it.
    pub fn stem_word(&mut self, lang: Lang, word: &str) -> String {
        let mut buf = word.to_string();
        let (s, e) = self.push_stem(lang, &mut buf, 0..word.len());
        buf[s..e].to_string()
    }

    /// Stems the word at `base` in `buf`, appending the stem to `buf` when it
    /// differs from the word; returns where the stem is. Only a word seen for
    /// the first time allocates (its cache entry).
    fn push_stem(&mut self, lang: Lang, buf: &mut String, base: Range<usize>) -> (usize, usize) {
        let entry = self
            .stemmers
            .entry(lang)
            .or_insert_with(|| StemCache { stemmer: lang.stemmer().map(Stemmer::create), cache: FastMap::default() });
        let Some(stemmer) = &entry.stemmer else { return (base.start, base.end) };
        let push = |buf: &mut String, stem: &str| {
            if *stem == buf[base.clone()] {
                return (base.start, base.end);
            }
            let s = buf.len();
            buf.push_str(stem);
            (s, buf.len())
        };
        if let Some(stem) = entry.cache.get(&buf[base.clone()]) {
            return push(buf, stem);
        }
        let stem: Box<str> = stemmer.stem(&buf[base.clone()]).into();
        let at = push(buf, &stem);
        if entry.cache.len() >= STEM_CACHE_LIMIT {
            entry.cache.clear();
        }
        entry.cache.insert(buf[base.clone()].into(), stem);
        at
    }

    /// Tokenizes `text` (an article body) in language `lang`.
    pub fn tokenize(&mut self, text: &str, lang: Lang) -> Tokens {
        let mut out = Tokens {
            buf: String::with_capacity(text.len() * 2),
            tokens: Vec::with_capacity(text.len() / 5),
            ..Tokens::default()
        };
        out.paragraphs = paragraphs(text);
        for (i, p) in out.paragraphs.iter().enumerate() {
            let next_opens = out.paragraphs.get(i + 1).is_some_and(|n| voice::opens_with_quote(&text[n.clone()]));
            voice::quote_spans(&text[p.clone()], p.start, next_opens, lang, &mut out.quotes);
        }
        let mut work = String::new();
        let mut starts: Vec<usize> = Vec::new();
        for (pi, p) in out.paragraphs.clone().into_iter().enumerate() {
            let para = &text[p.clone()];
            // Soft line breaks inside a paragraph would end sentences under UAX #29;
            // segment a copy with them turned into spaces (same byte lengths).
            let seg_text = if para.contains(['\n', '\r']) {
                work.clear();
                work.extend(para.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
                work.as_str()
            } else {
                para
            };
            let mut bounds: Vec<usize> = Vec::new();
            sentences::sentence_starts(seg_text, &mut starts);
            for &off in &starts {
                let b = p.start + off;
                if off > 0 {
                    let prev_start = *bounds.last().unwrap_or(&p.start);
                    let prev = &text[prev_start..b];
                    // Spans are sorted and disjoint: only the last one starting before b can hold it.
                    let k = out.quotes.partition_point(|q| q.start < b);
                    let inside_quote = k > 0 && b < out.quotes[k - 1].end;
                    if inside_quote || ends_with_abbreviation(prev) || prev.trim().is_empty() {
                        continue;
                    }
                }
                bounds.push(b);
            }
            if bounds.is_empty() {
                bounds.push(p.start);
            }
            for (k, &b) in bounds.iter().enumerate() {
                let e = bounds.get(k + 1).copied().unwrap_or(p.end);
                let end = b + text[b..e].trim_end().len();
                self.push_sentence(text, lang, b..end, pi as u32, &mut out);
            }
        }
        mark_distanced(text, lang, &mut out);
        out
    }

    fn push_sentence(&mut self, text: &str, lang: Lang, range: Range<usize>, paragraph: u32, out: &mut Tokens) {
        let first = out.tokens.len();
        let index = out.sentences.len() as u32;
        words::for_each_word(&text[range.clone()], |off, word| {
            let start = range.start + off;
            let end = start + word.len();
            let quote = out.quotes.partition_point(|q| q.end <= start).min(out.quotes.len());
            let (voice, quote) = match out.quotes.get(quote) {
                Some(q) if q.inner.start <= start && start < q.inner.end => (q.voice, quote as u32),
                _ => (Voice::Narrator, u32::MAX),
            };
            let n0 = out.buf.len();
            push_norm(&mut out.buf, word);
            let n1 = out.buf.len();
            let norm = &out.buf[n0..n1];
            let base_len = match norm.strip_suffix("'s") {
                Some(b) if !b.is_empty() => b.len(),
                _ => norm.len(),
            };
            let base_end = n0 + base_len;
            // Stemming reads the base from the buffer it appends to, so copy it
            // into a small stack-free slice first only when needed.
            let stem = self.push_stem(lang, &mut out.buf, n0..base_end);
            out.tokens.push(Token {
                start,
                end,
                sentence: index,
                voice,
                quote,
                alphabetic: word.chars().any(char::is_alphabetic),
                norm: (n0 as u32, n1 as u32),
                base_len: base_len as u32,
                stem: (stem.0 as u32, stem.1 as u32),
            });
        });
        if out.tokens.len() > first {
            out.sentences.push(Sentence {
                start: range.start,
                end: range.end,
                paragraph,
                tokens: first..out.tokens.len(),
            });
        }
    }
}

/// How far a distancing construction reaches after its marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// One word, with what a hyphen joins to it and a name's capitalised
    /// words: "so-called republic", "so-called Nagorno-Karabakh Republic".
    Word,
    /// A short noun phrase, up to a function word: "what they call the Kyiv regime".
    Phrase,
    /// A reported clause, up to punctuation: "who say they are environmental
    /// activists angered by illegal mining".
    Clause,
}

impl Reach {
    fn most_words(self) -> usize {
        match self {
            Reach::Word | Reach::Phrase => 3,
            Reach::Clause => 12,
        }
    }
}

/// Where the distanced words start after a marker at tokens `i..`, and how
/// far they reach, or `None` when there is no marker there. Markers are per
/// language: "so-called", "self-styled", "self-proclaimed", "pseudo-", "what
/// (or which) … call(s|ed)", "what … describe(s|d) as", "what … say(s) is",
/// "who claim(s|ed) to be", "claiming to be", "who call themselves", "who say
/// (that)", "known (to …) as", "posing as", "pretending to be"; «так
/// называемый», «самопровозглашённый»; "sogenannte", "selbsternannte";
/// "soi-disant", "prétendu".
fn distancing_marker(words: &[&str], i: usize, lang: Lang) -> Option<(usize, Reach)> {
    let w = |k: usize| words.get(k).copied().unwrap_or("");
    match lang.as_str() {
        "en" => {
            if (w(i) == "so" && w(i + 1) == "called") || (w(i) == "self" && matches!(w(i + 1), "styled" | "proclaimed"))
            {
                return Some((i + 2, Reach::Word));
            }
            if w(i) == "pseudo" {
                return Some((i + 1, Reach::Word));
            }
            // A mention's first word is enough for a phrase entry that starts
            // there (a hit takes its first word's voice).
            if matches!(w(i), "posing" | "masquerading" | "disguised") && w(i + 1) == "as" {
                return Some((i + 2, Reach::Word));
            }
            if matches!(w(i), "pretending" | "claiming") && w(i + 1) == "to" && w(i + 2) == "be" {
                return Some((i + 3, Reach::Word));
            }
            if matches!(w(i), "presenting" | "describing" | "styling" | "passing")
                && matches!(w(i + 1), "themselves" | "itself" | "himself" | "herself")
                && w(i + 2) == "as"
            {
                return Some((i + 3, Reach::Word));
            }
            if w(i) == "calling" && matches!(w(i + 1), "themselves" | "itself" | "himself" | "herself") {
                return Some((i + 2, Reach::Word));
            }
            // known to Azerbaijanis as Shusha and to Armenians as Shushi
            if w(i) == "and"
                && matches!(w(i + 1), "to" | "by")
                && words[..i].iter().rev().take(8).any(|x| *x == "known")
            {
                for k in i + 2..(i + 5).min(words.len()) {
                    if w(k) == "as" {
                        return Some((k + 1, Reach::Word));
                    }
                }
            }
            if w(i) == "known" {
                // known as X; known to Azerbaijanis as X
                for k in i + 1..(i + 5).min(words.len()) {
                    if w(k) == "as" {
                        return Some((k + 1, Reach::Word));
                    }
                }
            }
            let relative = matches!(w(i), "who" | "which" | "that");
            if relative && matches!(w(i + 1), "say" | "says" | "said") {
                let start = if w(i + 2) == "that" { i + 3 } else { i + 2 };
                return Some((start, Reach::Clause));
            }
            if relative && matches!(w(i + 1), "claim" | "claims" | "claimed") && w(i + 2) == "to" && w(i + 3) == "be" {
                return Some((i + 4, Reach::Phrase));
            }
            if relative
                && matches!(w(i + 1), "call" | "calls" | "called")
                && matches!(w(i + 2), "themselves" | "itself" | "himself" | "herself")
            {
                return Some((i + 3, Reach::Phrase));
            }
            if w(i) == "what" || (matches!(w(i), "which" | "whom") && i + 2 < words.len()) {
                // what the foreign ministry calls X / which Azerbaijan calls X /
                // what Baku described as X / what they say is X
                let from = if w(i) == "what" { i + 1 } else { i + 2 };
                for k in from..(i + 6).min(words.len()) {
                    match w(k) {
                        "call" | "calls" | "called" | "calling" | "terms" | "termed" | "dubbed" | "dubs" | "brands"
                        | "branded"
                            if !matches!(w(k + 1), "for" | "on" | "off" | "up" | "out") =>
                        {
                            return Some((k + 1, Reach::Phrase));
                        }
                        "describe" | "describes" | "described" if w(k + 1) == "as" => {
                            return Some((k + 2, Reach::Phrase));
                        }
                        // what they say is X (present tense: "what he said was true" is no distancing)
                        "say" | "says" | "claim" | "claims" | "insist" | "insists"
                            if matches!(w(k + 1), "is" | "are") =>
                        {
                            return Some((k + 2, Reach::Phrase));
                        }
                        // what they are calling X; but "what he is" is no distancing
                        "is" | "was" | "are" | "were" | "has" | "have" | "had"
                            if !matches!(w(k + 1), "calling" | "describing" | "terming" | "dubbing" | "branding") =>
                        {
                            return None;
                        }
                        _ => {}
                    }
                }
            }
            None
        }
        "ru" | "uk" | "be" => {
            if w(i) == "так" && (w(i + 1).starts_with("называем") || w(i + 1).starts_with("зван")) {
                return Some((i + 2, Reach::Word));
            }
            (w(i).starts_with("самопровозглаш") || w(i).starts_with("самозван") || w(i).starts_with("лже"))
                .then_some((i + 1, Reach::Word))
        }
        "de" => (w(i).starts_with("sogenannt") || w(i).starts_with("selbsternannt")).then_some((i + 1, Reach::Word)),
        "fr" => {
            if w(i) == "soi" && w(i + 1) == "disant" {
                return Some((i + 2, Reach::Word));
            }
            (w(i).starts_with("prétendu") || w(i).starts_with("autoproclam")).then_some((i + 1, Reach::Word))
        }
        _ => None,
    }
}

/// Gives the words of distancing constructions ("so-called “eco-activists”",
/// "what the ministry calls a counter-terror step", "protesters who say they
/// are environmental activists") the voice [`Voice::Distanced`]: the narrator
/// mentions someone else's word, or reports someone else's claim, in order
/// to keep a distance from it. The marker itself keeps the narrator's voice.
/// The distanced words are a quotation right after the marker, or else as
/// many words as the marker reaches (see [`Reach`]), never past punctuation.
fn mark_distanced(text: &str, lang: Lang, out: &mut Tokens) {
    let mut changes: Vec<usize> = Vec::new();
    for s in &out.sentences {
        let toks = &out.tokens[s.tokens.clone()];
        let words: Vec<&str> = toks.iter().map(|t| out.norm(t)).collect();
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].voice.is_outlets() {
                i += 1;
                continue;
            }
            let Some((first, reach)) = distancing_marker(&words, i, lang).filter(|&(f, _)| f < toks.len()) else {
                i += 1;
                continue;
            };
            let target = &toks[first];
            let mut end = first;
            if target.voice == Voice::ScareQuote {
                // so-called “eco-activists”: the whole scare quote.
                while end < toks.len() && toks[end].quote == target.quote {
                    end += 1;
                }
            } else if target.voice == Voice::Narrator {
                while end < toks.len() && end - first < reach.most_words() && toks[end].voice == Voice::Narrator {
                    if end > first {
                        let gap = &text[toks[end - 1].end..toks[end].start];
                        let hyphen = !gap.is_empty() && gap.chars().all(crate::normal::is_hyphen);
                        let space = !gap.is_empty() && gap.chars().all(char::is_whitespace);
                        let capital = text[toks[end].start..].chars().next().is_some_and(char::is_uppercase);
                        let more = match reach {
                            Reach::Word => hyphen || (space && capital),
                            Reach::Phrase => (hyphen || space) && !crate::stopwords::is_stopword(lang, words[end]),
                            Reach::Clause => hyphen || space,
                        };
                        if !more {
                            break;
                        }
                    }
                    end += 1;
                }
            }
            changes.extend(s.tokens.start + first..s.tokens.start + end);
            i = end.max(i + 1);
        }
    }
    for k in changes {
        out.tokens[k].voice = Voice::Distanced;
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Tokens {
        Tokenizer::new().tokenize(text, Lang::EN)
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        let t = toks(text);
        t.sentences.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn sentences_table() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            ("Mr. Smith met Dr. Jones in the U.S. Army base.", &["Mr. Smith met Dr. Jones in the U.S. Army base."]),
            ("It began on Jan. 10. No. 5 followed.", &["It began on Jan. 10.", "No. 5 followed."]),
            ("He said “Go. Now.” Then left.", &["He said “Go. Now.”", "Then left."]),
            ("John F. Kennedy spoke.", &["John F. Kennedy spoke."]),
            ("Line one\nLine two", &["Line one", "Line two"]),
            ("Soft\nwrapped line.\n\nNext para.", &["Soft\nwrapped line.", "Next para."]),
            ("December 2020. peace agreement", &["December 2020. peace agreement"]),
        ];
        for (text, want) in cases {
            assert_eq!(sentence_texts(text), *want, "text {text:?}");
        }
    }

    #[test]
    fn normalization_table() {
        let cases = [
            ("Azerbaijan’s", "azerbaijan's", "azerbaijan"),
            ("DON'T", "don't", "don't"),
            ("eco\u{00AD}activists", "ecoactivists", "ecoactivists"),
            ("Ёлка", "елка", "елка"),
            ("’s", "s", "s"),
        ];
        for (word, norm, base) in cases {
            let t = toks(word);
            assert_eq!(t.tokens.len(), 1, "{word}");
            assert_eq!(t.norm(&t.tokens[0]), norm, "{word}");
            assert_eq!(t.base(&t.tokens[0]), base, "{word}");
        }
    }

    #[test]
    fn hyphen_variants_give_the_same_words() {
        for text in ["eco-activists", "eco activists", "eco\u{2011}activists", "eco\u{2010}activists", "eco–activists"]
        {
            let t = toks(text);
            let words: Vec<&str> = t.tokens.iter().map(|k| t.norm(k)).collect();
            assert_eq!(words, ["eco", "activists"], "{text:?}");
        }
    }

    #[test]
    fn stems_use_the_language() {
        let mut tz = Tokenizer::new();
        let en = tz.tokenize("occupations", Lang::EN);
        assert_eq!(en.stem(&en.tokens[0]), "occup");
        let ru = tz.tokenize("оккупации", Lang::RU);
        assert_eq!(ru.stem(&ru.tokens[0]), "оккупац");
        let hy: Lang = "hy".parse().unwrap();
        let t = tz.tokenize("Արցախ", hy);
        assert_eq!(t.stem(&t.tokens[0]), "արցախ");
    }

    #[test]
    fn voice_of_tokens() {
        let text = "Russia, its “number one ally”, left. He said: “We go.” Then narrator.";
        let t = toks(text);
        let voices: Vec<(&str, Voice)> = t.tokens.iter().map(|k| (&text[k.start..k.end], k.voice)).collect();
        assert_eq!(
            voices,
            [
                ("Russia", Voice::Narrator),
                ("its", Voice::Narrator),
                ("number", Voice::ScareQuote),
                ("one", Voice::ScareQuote),
                ("ally", Voice::ScareQuote),
                ("left", Voice::Narrator),
                ("He", Voice::Narrator),
                ("said", Voice::Narrator),
                ("We", Voice::Quote),
                ("go", Voice::Quote),
                ("Then", Voice::Narrator),
                ("narrator", Voice::Narrator),
            ]
        );
    }

    #[test]
    fn distancing_constructions_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("en", "The so-called republic held a vote.", &["republic"]),
            ("en", "The so-called Nagorno-Karabakh Republic held a vote.", &["nagorno", "karabakh", "republic"]),
            ("en", "Police removed the so-called “eco-activists” from the road.", &["eco", "activists"]),
            ("en", "It began what the ministry calls a counter-terror step.", &["a", "counter", "terror"]),
            (
                "en",
                "Azerbaijan launched what it called anti-terrorist measures on Tuesday.",
                &["anti", "terrorist", "measures"],
            ),
            ("en", "They blocked the road with activists who claim to be ecologists.", &["ecologists"]),
            ("en", "A self-styled commander spoke.", &["commander"]),
            ("en", "What he said was true.", &[]),
            ("en", "He said: “the so-called republic is ours.”", &[]),
            ("ru", "Так называемые экоактивисты перекрыли дорогу.", &["экоактивисты"]),
            ("de", "Die sogenannte Friedenstruppe blieb.", &["friedenstruppe"]),
            (
                "en",
                "Azerbaijanis who say they are environmental activists angered by illegal mining, set up tents.",
                &["they", "are", "environmental", "activists", "angered", "by", "illegal", "mining"],
            ),
            ("en", "near the town known to Azerbaijanis as Shusha and to Armenians as Shushi.", &["shusha", "shushi"]),
            ("en", "in Stepanakert, which Azerbaijan calls Khankendi, today", &["khankendi"]),
            ("en", "protesters posing as environmentalists closed it", &["environmentalists"]),
            ("en", "over what they say is illegal mining.", &["illegal", "mining"]),
            ("en", "The council, which called for calm, met.", &[]),
            (
                "en",
                "in response to what leaders are calling the ethnic cleansing of Artsakh",
                &["the", "ethnic", "cleansing"],
            ),
            ("en", "by Azerbaijanis presenting themselves as environmental activists", &["environmental"]),
        ];
        for (lang, text, want) in cases {
            let t = Tokenizer::new().tokenize(text, lang.parse().unwrap());
            let got: Vec<&str> = t.tokens.iter().filter(|k| k.voice == Voice::Distanced).map(|k| t.norm(k)).collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn unclosed_quote_stops_at_its_paragraph() {
        let text = "He said “this never ends.\nThe narrator speaks again.";
        let t = toks(text);
        let last = t.tokens.last().unwrap();
        assert_eq!(last.voice, Voice::Narrator);
        assert_eq!(t.quotes[0].closure, voice::Closure::Unclosed);
    }

    #[test]
    fn multi_paragraph_quote() {
        let text = "“We will stay here,\n“and we will not leave,” she said.\nNarrator.";
        let t = toks(text);
        let v: Vec<Voice> = t.tokens.iter().map(|k| k.voice).collect();
        assert_eq!(&v[..9], &[Voice::Quote; 9]);
        assert_eq!(v[9..], [Voice::Narrator, Voice::Narrator, Voice::Narrator]);
        assert_eq!(t.quotes[0].closure, voice::Closure::Continued);
    }

    #[test]
    fn paragraphs_table() {
        let cases: &[(&str, &[&str])] = &[
            ("a\nb\n", &["a", "b"]),
            ("a\n\n\nb", &["a", "b"]),
            ("a\nb\n\nc", &["a\nb", "c"]),
            ("  a  \r\n b\r\n", &["a", "b"]),
            ("\na\nb\n\n", &["a", "b"]),
            ("a\nb\n\n\n", &["a", "b"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn line_col_table() {
        let text = "ab\ncд\ne";
        for (off, want) in [(0, (1, 1)), (1, (1, 2)), (3, (2, 1)), (4, (2, 2)), (7, (3, 1))] {
            assert_eq!(line_col(text, off), want, "offset {off}");
        }
    }
}
