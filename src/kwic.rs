//! Keyword in context: every occurrence of one lexicon-style pattern (a word,
//! a phrase, a glob such as `occup*` or `armenian * attacked`, or a stem) with
//! the text on either side, its voice and whether it is negated. Matching goes
//! through the same [`Matcher`] as the main job, so a pattern finds exactly
//! what the same lexicon entry would: same normalization, voice regions and
//! sentence limits.
//!
//! [`Search`] reads a corpus in chunks and searches each chunk in parallel;
//! it hands back rows in corpus order, then text order, whatever the thread
//! count. The library never prints: the caller writes the rows.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::article::Article;
use crate::corpus::{Corpus, Ignored, ReadOptions};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::lang::Lang;
use crate::lexicon::MatchKind;
use crate::matcher::{Hit, Matcher, single_pattern};
use crate::report::Text;
use crate::text::{Tokenizer, Tokens};
use crate::voice::Voice;

/// How much text to show on each side of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Up to this many words on each side, across sentence and paragraph
    /// ends, with the punctuation attached to the outermost words shown (to
    /// the match itself when the count is 0).
    Tokens(usize),
    /// The rest of the match's sentence on each side.
    Sentence,
}

/// One match: a row of `framelens kwic --csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KwicRow {
    pub event: Text,
    pub outlet: Text,
    pub article: Text,
    /// 1-based sentence number within the article.
    pub sentence: u32,
    /// Byte offsets of the match in the article body.
    pub start: usize,
    pub end: usize,
    /// The voice of the match's first word.
    pub voice: Voice,
    pub negated: bool,
    /// Context before the match, on one line (newlines become spaces).
    pub left: Text,
    /// The match as written, on one line.
    #[serde(rename = "match")]
    pub text: Text,
    /// Context after the match, on one line.
    pub right: Text,
    /// Whether whitespace separates `left` from the match in the text (not
    /// written to CSV; lets a display put a space only where the text has one).
    #[serde(skip)]
    pub left_gap: bool,
    /// Whether whitespace separates the match from `right` in the text.
    #[serde(skip)]
    pub right_gap: bool,
}

/// The CSV header, in the order of [`KwicRow`]'s fields.
pub const HEADER: [&str; 11] =
    ["event", "outlet", "article", "sentence", "start", "end", "voice", "negated", "left", "match", "right"];

/// Compiles a search pattern for `lang`: `kind` is the match kind, or `None`
/// to take `glob` when the pattern has `*` or `?` and `exact` otherwise.
/// Returns `None` when the pattern has no words to look for (only
/// punctuation, say).
pub fn compile(pattern: &str, kind: Option<MatchKind>, lang: Lang) -> Option<Matcher> {
    let (matcher, _) = single_pattern(pattern, kind, lang);
    matcher.has_language(lang).then_some(matcher)
}

/// The matches of `matcher` in one article, in text order. Articles whose
/// language is not `lang` (the language the pattern was compiled for) have
/// none.
pub fn kwic_article(
    article: &Article,
    matcher: &Matcher,
    lang: Lang,
    window: Window,
    tokenizer: &mut Tokenizer,
) -> Vec<KwicRow> {
    if article.meta.language != lang {
        return Vec::new();
    }
    let body = &article.body;
    let tokens = tokenizer.tokenize(body, lang);
    let meta = &article.meta;
    let event = meta.event.as_deref().unwrap_or_default();
    matcher
        .find(&tokens, lang)
        .iter()
        .map(|h| {
            let (left, right) = context_ranges(body, &tokens, h, window);
            let (left, right) = (&body[left], &body[right]);
            KwicRow {
                event: event.into(),
                outlet: meta.outlet.as_str().into(),
                article: meta.id.as_str().into(),
                sentence: h.sentence + 1,
                start: h.start,
                end: h.end,
                voice: h.voice,
                negated: h.negated,
                left: one_line(left.trim()).into(),
                text: one_line(&body[h.start..h.end]).into(),
                right: one_line(right.trim()).into(),
                left_gap: !left.trim().is_empty() && left.ends_with(char::is_whitespace),
                right_gap: !right.trim().is_empty() && right.starts_with(char::is_whitespace),
            }
        })
        .collect()
}

/// The byte ranges of the left and right context of a hit.
fn context_ranges(
    body: &str,
    tokens: &Tokens,
    h: &Hit,
    window: Window,
) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    match window {
        Window::Sentence => {
            let s = &tokens.sentences[h.sentence as usize];
            (s.start..h.start, h.end..s.end)
        }
        Window::Tokens(n) => {
            let t = &tokens.tokens;
            let lo = h.first.saturating_sub(n);
            let hi = (h.first + h.len).saturating_add(n).min(t.len());
            // The outermost words shown (the match itself when the window is
            // empty) keep the punctuation attached to them.
            let left_start = extend_back(body, t[lo].start, if lo > 0 { t[lo - 1].end } else { 0 });
            let right_end = extend_forward(body, t[hi - 1].end, t.get(hi).map_or(body.len(), |k| k.start));
            (left_start..h.start, h.end..right_end)
        }
    }
}

/// Moves `pos` back over punctuation attached to the word starting there
/// (an opening quotation mark or bracket), never past `limit`.
fn extend_back(body: &str, mut pos: usize, limit: usize) -> usize {
    while pos > limit {
        match body[..pos].chars().next_back() {
            Some(c) if !c.is_whitespace() => pos -= c.len_utf8(),
            _ => break,
        }
    }
    pos
}

/// Moves `pos` forward over punctuation attached to the word ending there
/// (a full stop, a closing quotation mark), never past `limit`.
fn extend_forward(body: &str, mut pos: usize, limit: usize) -> usize {
    while pos < limit {
        match body[pos..].chars().next() {
            Some(c) if !c.is_whitespace() => pos += c.len_utf8(),
            _ => break,
        }
    }
    pos
}

/// `s` with each line break (`\r\n`, `\n`, `\r`, U+2028, U+2029) turned into
/// one space.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push(' ');
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Options of a search.
#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub read: ReadOptions,
    /// The language the pattern is compiled for; only articles in it are searched.
    pub language: Lang,
    pub window: Window,
    /// Worker threads; `None` uses every core. The rows do not depend on it.
    pub threads: Option<usize>,
    /// Articles read and searched per batch.
    pub chunk: usize,
}

impl Options {
    pub fn new(inputs: Vec<PathBuf>) -> Options {
        Options {
            inputs,
            read: ReadOptions::default(),
            language: Lang::EN,
            window: Window::Tokens(8),
            threads: None,
            chunk: 1024,
        }
    }
}

/// What a search has done so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Articles searched (read, and in the pattern's language).
    pub articles: usize,
    /// Articles read but not searched because they are in another language.
    pub other_language: usize,
    /// Articles with at least one match.
    pub matched_articles: usize,
    pub matches: u64,
    /// Articles that could not be read, in corpus order.
    pub skipped: Vec<Diagnostic>,
    /// Files seen that are not articles.
    pub ignored: Ignored,
}

/// A search over a corpus, run chunk by chunk.
pub struct Search {
    corpus: Corpus,
    pool: rayon::ThreadPool,
    matcher: Matcher,
    options: Options,
    summary: Summary,
}

/// The outcome for one corpus item.
enum Found {
    Rows(Vec<KwicRow>),
    OtherLanguage,
}

impl Search {
    /// Opens the corpus and starts the worker threads.
    pub fn new(matcher: Matcher, options: Options) -> Result<Search> {
        let threads = options.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| {
            Error::input(
                Location::file(options.inputs.first().cloned().unwrap_or_default()),
                format!("cannot start {threads} threads: {e}"),
            )
        })?;
        let corpus = Corpus::open(&options.inputs, options.read.clone())?;
        Ok(Search { corpus, pool, matcher, options, summary: Summary::default() })
    }

    /// The rows of the next chunk of articles, in corpus order then text
    /// order; `None` when the corpus is exhausted. A chunk may have no rows.
    pub fn next_rows(&mut self) -> Result<Option<Vec<KwicRow>>> {
        let chunk = self.corpus.next_chunk(self.options.chunk.max(1))?;
        if chunk.is_empty() {
            self.summary.ignored = self.corpus.ignored.clone();
            return Ok(None);
        }
        let fallback = self.options.read.fallback;
        let (matcher, lang, window) = (&self.matcher, self.options.language, self.options.window);
        let results: Vec<std::result::Result<Found, Diagnostic>> = self.pool.install(|| {
            chunk
                .into_par_iter()
                .map_init(Tokenizer::new, |tz, item| {
                    let article = item.load(fallback)?;
                    Ok(if article.meta.language == lang {
                        Found::Rows(kwic_article(&article, matcher, lang, window, tz))
                    } else {
                        Found::OtherLanguage
                    })
                })
                .collect()
        });
        let mut rows = Vec::new();
        for r in results {
            match r {
                Ok(Found::Rows(found)) => {
                    self.summary.articles += 1;
                    if !found.is_empty() {
                        self.summary.matched_articles += 1;
                        self.summary.matches += found.len() as u64;
                    }
                    rows.extend(found);
                }
                Ok(Found::OtherLanguage) => self.summary.other_language += 1,
                Err(d) => self.summary.skipped.push(d),
            }
        }
        Ok(Some(rows))
    }

    /// What the search has done so far (complete once [`Search::next_rows`]
    /// has returned `None`).
    pub fn summary(&self) -> &Summary {
        &self.summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{LangSource, Meta};

    fn article(body: &str, language: Lang) -> Article {
        Article {
            meta: Meta {
                id: "a1".into(),
                outlet: "Outlet".into(),
                event: Some("ev".into()),
                title: String::new(),
                date: String::new(),
                url: String::new(),
                language,
                language_source: LangSource::Metadata,
                path: "outlet/a1.txt".into(),
                line: 1,
            },
            body: body.into(),
            notes: Vec::new(),
        }
    }

    fn search(pattern: &str, kind: Option<MatchKind>, body: &str, window: Window) -> Vec<KwicRow> {
        let m = compile(pattern, kind, Lang::EN).expect("pattern compiles");
        kwic_article(&article(body, Lang::EN), &m, Lang::EN, window, &mut Tokenizer::new())
    }

    type Row<'a> = (&'a str, &'a str, &'a str);

    fn cells(rows: &[KwicRow]) -> Vec<(&str, &str, &str)> {
        rows.iter().map(|r| (r.left.0.as_str(), r.text.0.as_str(), r.right.0.as_str())).collect()
    }

    #[test]
    fn windows_table() {
        let text = "One two three four five six seven.";
        let rest = "The second sentence is here.";
        let both = format!("{text} {rest}");
        let cases: &[(&str, &str, Window, &[Row])] = &[
            // At the start of the text the left side is short.
            ("one", text, Window::Tokens(2), &[("", "One", "two three")]),
            ("two", text, Window::Tokens(3), &[("One", "two", "three four five")]),
            // At the end the right side is short and keeps the full stop.
            ("six", text, Window::Tokens(3), &[("three four five", "six", "seven.")]),
            ("seven", text, Window::Tokens(8), &[("One two three four five six", "seven", ".")]),
            ("four", text, Window::Tokens(0), &[("", "four", "")]),
            ("seven", text, Window::Tokens(0), &[("", "seven", ".")]),
            ("b", "x (a “b” c)", Window::Tokens(0), &[("“", "b", "”")]),
            // Token windows run across sentence ends.
            ("seven", &both, Window::Tokens(2), &[("five six", "seven", ". The second")]),
            // Sentence windows stop at them.
            ("seven", &both, Window::Sentence, &[("One two three four five six", "seven", ".")]),
            ("second", &both, Window::Sentence, &[("The", "second", "sentence is here.")]),
            // Attached punctuation stays with the outermost words; line breaks become spaces.
            ("b", "x (a “b” c)\nd e", Window::Tokens(1), &[("(a “", "b", "” c)")]),
            ("c", "a b\nc d\r\ne", Window::Tokens(2), &[("a b", "c", "d e")]),
        ];
        for (pattern, body, window, want) in cases {
            let rows = search(pattern, None, body, *window);
            assert_eq!(cells(&rows), *want, "{pattern:?} in {body:?} with {window:?}");
        }
    }

    #[test]
    fn gaps_table() {
        let cases = [
            ("b", "a b c", Window::Tokens(1), (true, true)),
            ("b", "a “b”. c", Window::Tokens(1), (false, false)),
            ("b", "a “b”. c", Window::Tokens(0), (false, false)),
            ("a", "a b", Window::Tokens(3), (false, true)),
            ("b", "a b", Window::Sentence, (true, false)),
            ("b", "a\nb", Window::Tokens(1), (true, false)),
        ];
        for (pattern, body, window, want) in cases {
            let rows = search(pattern, None, body, window);
            assert_eq!((rows[0].left_gap, rows[0].right_gap), want, "{pattern:?} in {body:?} with {window:?}");
        }
    }

    #[test]
    fn patterns_table() {
        let body = "The Armenian army attacked civilians. Occupation, occupied land and preoccupied minds. \
                    It is not the occupiers’ fault.";
        let cases: &[(&str, Option<MatchKind>, &[&str])] = &[
            ("occup*", None, &["Occupation", "occupied", "occupiers"]),
            ("armenian * attacked", None, &["Armenian army attacked"]),
            ("occupied land", None, &["occupied land"]),
            ("occupation", Some(MatchKind::Stem), &["Occupation"]),
            ("occupier", Some(MatchKind::Stem), &["occupied", "occupiers"]),
            ("army attacked civilians occupation", None, &[]),
        ];
        for (pattern, kind, want) in cases {
            let rows = search(pattern, *kind, body, Window::Tokens(3));
            let got: Vec<&str> = rows.iter().map(|r| r.text.0.as_str()).collect();
            assert_eq!(got, *want, "{pattern:?} {kind:?}");
            for r in &rows {
                assert_eq!(&body[r.start..r.end], r.text.0, "offsets of {pattern:?}");
            }
        }
    }

    #[test]
    fn voice_sentence_and_negation() {
        let body = "The occupation went on. He said: “This occupation must end now.” \
                    Its “occupation” was denied. There was no occupation here.";
        let rows = search("occupation", None, body, Window::Sentence);
        let got: Vec<(u32, Voice, bool)> = rows.iter().map(|r| (r.sentence, r.voice, r.negated)).collect();
        assert_eq!(
            got,
            [
                (1, Voice::Narrator, false),
                (2, Voice::Quote, false),
                (3, Voice::ScareQuote, false),
                (4, Voice::Narrator, true)
            ]
        );
        assert_eq!(cells(&rows[1..2]), [("He said: “This", "occupation", "must end now.”")]);
        let first = &rows[0];
        assert_eq!((first.event.0.as_str(), first.outlet.0.as_str(), first.article.0.as_str()), ("ev", "Outlet", "a1"));
    }

    #[test]
    fn other_languages_are_not_searched() {
        let m = compile("occupation", None, Lang::EN).unwrap();
        let ru = article("The occupation.", Lang::RU);
        assert!(kwic_article(&ru, &m, Lang::EN, Window::Sentence, &mut Tokenizer::new()).is_empty());
        let m = compile("оккупац*", None, Lang::RU).unwrap();
        let rows =
            kwic_article(&article("Это оккупация.", Lang::RU), &m, Lang::RU, Window::Sentence, &mut Tokenizer::new());
        assert_eq!(cells(&rows), [("Это", "оккупация", ".")]);
    }

    #[test]
    fn patterns_without_words_do_not_compile() {
        assert!(compile("…", None, Lang::EN).is_none());
        assert!(compile(" - ", Some(MatchKind::Exact), Lang::EN).is_none());
        assert!(compile("occup*", None, Lang::EN).is_some());
    }

    #[test]
    fn csv_header_matches_the_row() {
        let mut w = csv::Writer::from_writer(Vec::new());
        let rows = search("cmd", None, "=a cmd now", Window::Tokens(1));
        w.serialize(&rows[0]).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let mut lines = out.lines();
        assert_eq!(lines.next().unwrap(), HEADER.join(","));
        // A cell that a spreadsheet would run as a formula is neutralised.
        assert_eq!(lines.next().unwrap(), "ev,Outlet,a1,1,3,6,narrator,false,'=a,cmd,now");
    }
}
