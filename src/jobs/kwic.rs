//! Keyword in context: every occurrence of one lexicon-style pattern (a word,
//! a phrase, a glob such as `occup*` or `armenian * attacked`, or a stem) with
//! the text on either side, its voice and whether it is negated. Matching goes
//! through the same [`Matcher`] as the main job, so a pattern finds exactly
//! what the same lexicon entry would: same normalization, voice regions and
//! sentence limits.
//!
//! [`search`] reads a corpus in chunks and searches each chunk in parallel;
//! it hands back rows in corpus order, then text order, whatever the thread
//! count. The library never prints: the caller writes the rows.

use std::path::PathBuf;

use super::pipeline::{Workers, for_each_chunk};
use crate::error::{Diagnostic, Result};
use crate::input::{Article, Corpus, Ignored, ReadOptions};
use crate::lang::Lang;
use crate::lexicon::MatchKind;
use crate::matching::{Hit, Matcher, single_pattern};
use crate::report::{Columns, Row, Value};
use crate::text::snippet::one_line;
use crate::text::voice::Voice;
use crate::text::{Tokenizer, Tokens};

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
#[derive(Debug, Clone, PartialEq)]
pub struct KwicRow {
    /// The article's event.
    pub event: String,
    /// The outlet.
    pub outlet: String,
    /// The article id.
    pub article: String,
    /// 1-based sentence number within the article.
    pub sentence: u32,
    /// Byte offsets of the match in the article body.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// The voice of the match's first word.
    pub voice: Voice,
    /// Whether a negator comes just before it.
    pub negated: bool,
    /// Context before the match, on one line (newlines become spaces).
    pub left: String,
    /// The match as written, on one line.
    pub text: String,
    /// Context after the match, on one line.
    pub right: String,
    /// Whether whitespace separates `left` from the match in the text (not
    /// written to CSV; lets a display put a space only where the text has one).
    pub left_gap: bool,
    /// Whether whitespace separates the match from `right` in the text.
    pub right_gap: bool,
}

impl Row for KwicRow {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("event", |r: &KwicRow| Value::text(&r.event))
            .col("outlet", |r| Value::text(&r.outlet))
            .col("article", |r| Value::text(&r.article))
            .col("sentence", |r| Value::int(r.sentence))
            .col("start", |r| Value::Int(r.start as u64))
            .col("end", |r| Value::Int(r.end as u64))
            .col("voice", |r| Value::text(r.voice.as_str()))
            .col("negated", |r| Value::Bool(r.negated))
            .col("left", |r| Value::text(&r.left))
            .col("match", |r| Value::text(&r.text))
            .col("right", |r| Value::text(&r.right))
    }
}

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
        .find(body, &tokens, lang)
        .iter()
        .map(|h| {
            let (left, right) = context_ranges(body, &tokens, h, window);
            let (left, right) = (&body[left], &body[right]);
            KwicRow {
                event: event.to_string(),
                outlet: meta.outlet.clone(),
                article: meta.id.clone(),
                sentence: h.sentence + 1,
                start: h.start,
                end: h.end,
                voice: h.voice,
                negated: h.negated,
                left: one_line(left.trim()),
                text: one_line(&body[h.start..h.end]),
                right: one_line(right.trim()),
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

/// Options of a search.
#[derive(Debug, Clone)]
pub struct Options {
    /// Corpus folders and exports.
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    pub read: ReadOptions,
    /// The language the pattern is compiled for; only articles in it are searched.
    pub language: Lang,
    /// How much context to show.
    pub window: Window,
    /// Worker threads; `None` uses every core. The rows do not depend on it.
    pub threads: Option<usize>,
    /// Articles read and searched per batch.
    pub chunk: usize,
}

impl Options {
    /// The defaults: English, 8 words of context, every core.
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
    /// Matches in all.
    pub matches: u64,
    /// Articles that could not be read, in corpus order.
    pub skipped: Vec<Diagnostic>,
    /// Files seen that are not articles.
    pub ignored: Ignored,
}

/// The outcome for one corpus item.
enum Found {
    Rows(Vec<KwicRow>),
    OtherLanguage,
}

/// Searches a corpus for `matcher`'s pattern and hands the rows of each chunk
/// of articles to `each`, in corpus order then text order, whatever the
/// thread count. Returns what the search did.
pub fn search(
    matcher: &Matcher,
    options: &Options,
    mut each: impl FnMut(Vec<KwicRow>) -> Result<()>,
) -> Result<Summary> {
    let workers = Workers::new(options.threads)?;
    let corpus = Corpus::open(&options.inputs, options.read.clone())?;
    let (fallback, lang, window) = (options.read.fallback, options.language, options.window);
    let mut summary = Summary::default();
    summary.ignored = for_each_chunk(
        corpus,
        &workers,
        options.chunk,
        |tz, item| {
            let article = item.load(fallback)?;
            Ok(if article.meta.language == lang {
                Found::Rows(kwic_article(&article, matcher, lang, window, tz))
            } else {
                Found::OtherLanguage
            })
        },
        |results: Vec<std::result::Result<Found, Diagnostic>>| {
            let mut rows = Vec::new();
            for r in results {
                match r {
                    Ok(Found::Rows(found)) => {
                        summary.articles += 1;
                        if !found.is_empty() {
                            summary.matched_articles += 1;
                            summary.matches += found.len() as u64;
                        }
                        rows.extend(found);
                    }
                    Ok(Found::OtherLanguage) => summary.other_language += 1,
                    Err(d) => summary.skipped.push(d),
                }
            }
            each(rows)
        },
    )?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{LangSource, Meta};

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
        rows.iter().map(|r| (r.left.as_str(), r.text.as_str(), r.right.as_str())).collect()
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
            let got: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
            assert_eq!(got, *want, "{pattern:?} {kind:?}");
            for r in &rows {
                assert_eq!(&body[r.start..r.end], r.text, "offsets of {pattern:?}");
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
        assert_eq!((first.event.as_str(), first.outlet.as_str(), first.article.as_str()), ("ev", "Outlet", "a1"));
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
    fn csv_columns_and_neutralised_cells() {
        let rows = search("cmd", None, "=a cmd now", Window::Tokens(1));
        let mut out = crate::report::MemOutput::default();
        let mut w = crate::report::TableWriter::create(
            &mut out,
            "k",
            crate::report::ReportFormat::Csv,
            <KwicRow as crate::report::Row>::columns(),
        )
        .unwrap();
        w.row(&rows[0]).unwrap();
        w.finish().unwrap();
        let text = String::from_utf8(out.files()["k.csv"].clone()).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next().unwrap(), "event,outlet,article,sentence,start,end,voice,negated,left,match,right");
        // A cell that a spreadsheet would run as a formula is neutralised.
        assert_eq!(lines.next().unwrap(), "ev,Outlet,a1,1,3,6,narrator,false,'=a,cmd,now");
    }
}
