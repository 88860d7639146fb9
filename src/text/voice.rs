//! Voice: whether a stretch of an article is the outlet speaking or someone it
//! quotes. Finds quotation spans in each paragraph from the quotation marks
//! (straight and curly double quotes, « », „ “), keeps apostrophes out of it,
//! bounds an unclosed quote to its paragraph, and tells full quotations from
//! short "scare quotes" with which the narrator distances itself from a word.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize, Serializer};
use unicode_segmentation::UnicodeSegmentation;

use crate::lang::Lang;
use crate::normal::norm;

/// Who is speaking at a point of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Voice {
    /// The outlet's own words.
    Narrator,
    /// Inside a direct quotation.
    Quote,
    /// A short quoted word or phrase the narrator holds at a distance.
    ScareQuote,
}

impl Voice {
    /// The name written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Narrator => "narrator",
            Voice::Quote => "quote",
            Voice::ScareQuote => "scare-quote",
        }
    }
}

impl fmt::Display for Voice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Voice {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// How a quotation span ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closure {
    /// By its closing mark.
    Closed,
    /// At the end of its paragraph, and the next paragraph opens with a
    /// quotation mark: the usual way to run a quote over several paragraphs.
    Continued,
    /// At the end of its paragraph with no closing mark and no continuation:
    /// probably a typo; the quote is not allowed to run further.
    Unclosed,
}

/// One outermost quotation, in byte offsets of the text it was found in.
/// `start..end` includes the marks; `inner` excludes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSpan {
    /// Offset of the opening mark.
    pub start: usize,
    /// Offset after the closing mark (or the end of the paragraph).
    pub end: usize,
    /// The quoted text, without the marks.
    pub inner: Range<usize>,
    /// A full quotation or a scare quote.
    pub voice: Voice,
    /// How it ended.
    pub closure: Closure,
}

/// Short quotes of at most this many words can be scare quotes.
pub const SCARE_QUOTE_MAX_WORDS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Opened by “, closed by ” (or a second “ in sloppy text).
    Curly,
    /// Opened by „, closed by “ or ”.
    Low,
    /// Opened by «, closed by ».
    Guillemet,
    /// Opened by ", closed by " or ”.
    Straight,
}

fn is_opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | ':' | '/' | '«' | '„' | '“'),
    }
}

fn is_closing_context(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace() || (c.is_ascii_punctuation() && c != '"') || matches!(c, '—' | '–' | '…' | '»' | '”')
        }
    }
}

/// Whether a paragraph's first visible character opens a quotation.
pub fn opens_with_quote(paragraph: &str) -> bool {
    matches!(paragraph.trim_start().chars().next(), Some('“' | '„' | '«' | '"'))
}

/// Finds the outermost quotation spans of one paragraph. `offset` is added to
/// every position so spans are in the coordinates of the whole text;
/// `next_opens` says whether the following paragraph opens with a quotation
/// mark (the multi-paragraph convention).
pub fn quote_spans(paragraph: &str, offset: usize, next_opens: bool, lang: Lang, out: &mut Vec<QuoteSpan>) {
    let mut stack: Vec<(Mark, usize, usize)> = Vec::new(); // (mark, open start, open end)
    let mut prev: Option<char> = None;
    let mut iter = paragraph.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let len = c.len_utf8();
        let top = stack.last().map(|s| s.0);
        // The action for this character: open a quote, close down to a stack level, or nothing.
        let mut close_at: Option<usize> = None;
        let mut open: Option<Mark> = None;
        match c {
            '“' => {
                if let Some(pos) = stack.iter().rposition(|s| s.0 == Mark::Low) {
                    close_at = Some(pos);
                } else if top == Some(Mark::Curly) && !is_opening_context(prev) && is_closing_context(next) {
                    close_at = Some(stack.len() - 1);
                } else {
                    open = Some(Mark::Curly);
                }
            }
            '”' => {
                if let Some(pos) = stack.iter().rposition(|s| matches!(s.0, Mark::Curly | Mark::Low | Mark::Straight)) {
                    close_at = Some(pos);
                }
                // A stray ” with nothing open is ignored rather than guessed at.
            }
            '„' => open = Some(Mark::Low),
            '«' => open = Some(Mark::Guillemet),
            '»' => close_at = stack.iter().rposition(|s| s.0 == Mark::Guillemet),
            '"' => {
                if top == Some(Mark::Straight) {
                    close_at = Some(stack.len() - 1);
                } else if is_opening_context(prev) && !next.is_none_or(char::is_whitespace) {
                    open = Some(Mark::Straight);
                } else if let Some(pos) = stack.iter().rposition(|s| s.0 == Mark::Straight) {
                    close_at = Some(pos);
                }
            }
            _ => {}
        }
        if let Some(mark) = open {
            stack.push((mark, offset + i, offset + i + len));
        } else if let Some(pos) = close_at {
            let (_, start, open_end) = stack[pos];
            stack.truncate(pos);
            if stack.is_empty() {
                let end = offset + i + len;
                let inner = open_end..offset + i;
                let voice = classify(paragraph, offset, start, inner.clone(), end, lang);
                out.push(QuoteSpan { start, end, inner, voice, closure: Closure::Closed });
            }
        }
        prev = Some(c);
    }
    if let Some(&(_, start, open_end)) = stack.first() {
        let end = offset + paragraph.trim_end().len();
        let closure = if next_opens { Closure::Continued } else { Closure::Unclosed };
        out.push(QuoteSpan { start, end, inner: open_end..end, voice: Voice::Quote, closure });
    }
}

/// A closed quotation is a scare quote when it is short, is not a sentence of
/// its own (no final . ! ? inside the marks), is not introduced by a colon and
/// is not followed by an attribution such as "he said".
fn classify(paragraph: &str, offset: usize, start: usize, inner: Range<usize>, end: usize, lang: Lang) -> Voice {
    let text = &paragraph[inner.start - offset..inner.end - offset];
    if text.unicode_words().count() > SCARE_QUOTE_MAX_WORDS {
        return Voice::Quote;
    }
    let trimmed = text.trim_end();
    if trimmed.ends_with(['.', '!', '?', '…']) {
        return Voice::Quote;
    }
    let before = paragraph[..start - offset].trim_end();
    if before.ends_with(':') {
        return Voice::Quote;
    }
    let after = &paragraph[end - offset..];
    // Only the clause right after the quote can attribute it.
    let clause = &after[..after.find(['.', '!', '?', ';', '“', '"', '«']).unwrap_or(after.len())];
    let cues = crate::cues::builtin();
    let attributed = clause.unicode_words().take(4).any(|w| cues.attributes_quote(lang, &norm(w)));
    if attributed && trimmed.ends_with(',') {
        return Voice::Quote;
    }
    if attributed && after.trim_start().starts_with([',', '—', '–']) {
        return Voice::Quote;
    }
    Voice::ScareQuote
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spans of a paragraph; its language from its script and a few
    /// words (the attribution check looks for that language's cues).
    fn spans(p: &str) -> Vec<(String, Voice, Closure)> {
        let lang = if p.chars().any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))) {
            "ru"
        } else if p.starts_with("Er ") {
            "de"
        } else if p.starts_with("Il ") {
            "fr"
        } else {
            "en"
        };
        let mut out = Vec::new();
        quote_spans(p, 0, false, lang.parse().unwrap(), &mut out);
        out.into_iter().map(|s| (p[s.inner.clone()].to_string(), s.voice, s.closure)).collect()
    }

    #[test]
    fn quotation_marks_table() {
        use Closure::*;
        use Voice::*;
        type Case<'a> = (&'a str, &'a [(&'a str, Voice, Closure)]);
        let cases: &[Case] = &[
            (
                "“These exercises will not take place,” he told reporters.",
                &[("These exercises will not take place,", Quote, Closed)],
            ),
            ("Russia, its “number one ally”, let it down.", &[("number one ally", ScareQuote, Closed)]),
            ("Peskov called it “a fairly new statement.”", &[("a fairly new statement.", Quote, Closed)]),
            ("“Never,” he said.", &[("Never,", Quote, Closed)]),
            ("He said: “No”.", &[("No", Quote, Closed)]),
            ("Il a dit « non merci » hier.", &[(" non merci ", ScareQuote, Closed)]),
            (
                "Er sagte „Wir kommen nicht, auf keinen Fall“ dazu.",
                &[("Wir kommen nicht, auf keinen Fall", Quote, Closed)],
            ),
            (
                "Он сказал: «Это „наш“ выбор и наше право навсегда».",
                &[("Это „наш“ выбор и наше право навсегда", Quote, Closed)],
            ),
            ("the \"so-called\" blockade", &[("so-called", ScareQuote, Closed)]),
            ("Azerbaijan’s leader didn’t say it in the ’90s.", &[]),
            (
                "“We will never accept this, ‘whatever’ they say,” she said.",
                &[("We will never accept this, ‘whatever’ they say,", Quote, Closed)],
            ),
            ("He said “this goes on and on without end", &[("this goes on and on without end", Quote, Unclosed)]),
            ("A stray ” mark and 5\" of rain.", &[]),
            ("«Нет», — сказал Песков.", &[("Нет", Quote, Closed)]),
            ("«Нет» — заявил он.", &[("Нет", Quote, Closed)]),
            // Attribution verbs come from the cue list of the article's language.
            ("Er sagte „Nein“, sagte er.", &[("Nein", Quote, Closed)]),
            ("“Enough,” he continued.", &[("Enough,", Quote, Closed)]),
            ("“Enough,” and the war went on.", &[("Enough,", ScareQuote, Closed)]),
        ];
        for (text, want) in cases {
            let got = spans(text);
            let want: Vec<_> = want.iter().map(|(s, v, c)| (s.to_string(), *v, *c)).collect();
            assert_eq!(got, want, "text: {text}");
        }
    }

    #[test]
    fn continued_quote_is_not_a_warning() {
        let mut out = Vec::new();
        quote_spans("“First paragraph of a long quote.", 10, true, Lang::EN, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].closure, Closure::Continued);
        assert_eq!(out[0].start, 10);
        assert_eq!(out[0].voice, Voice::Quote);
    }

    #[test]
    fn opens_with_quote_table() {
        for (p, want) in [("“Yes", true), ("  «Да", true), ("\"x", true), ("He said", false), ("", false)] {
            assert_eq!(opens_with_quote(p), want, "{p:?}");
        }
    }
}
