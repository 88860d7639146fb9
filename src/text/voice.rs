//! Voice: whether a stretch of an article is the outlet speaking or someone it
//! quotes. Finds quotation spans in each paragraph from the quotation marks
//! (straight and curly double quotes, « », „ “, and single marks ‘ ’ and '
//! as British and agency house styles use them), keeps apostrophes out of it
//! (O’Brien, rock ’n’ roll, the ’90s, the outlets’ words), bounds an unclosed
//! quote to its paragraph, and tells full quotations from short "scare
//! quotes" with which the narrator distances itself from a word. It also
//! finds distancing constructions ("so-called X", "what the ministry calls
//! X", "who claim to be X"): X is the narrator naming someone else's word.
//! Every mark is looked at once and every stack operation is amortised
//! constant, so the cost is linear in the paragraph even with hundreds of
//! thousands of quotation marks.

use std::fmt;
use std::ops::Range;

use serde::{Serialize, Serializer};
use unicode_segmentation::UnicodeSegmentation;

use crate::lang::Lang;
use crate::normal::norm;

/// Who is speaking at a point of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Voice {
    /// The outlet's own words.
    Narrator,
    /// Inside a direct quotation.
    Quote,
    /// A short quoted word or phrase the narrator holds at a distance.
    ScareQuote,
    /// Words the narrator attributes to others in order to reject or
    /// distance them: X in "so-called X", "what the ministry calls X", "who
    /// claim to be X". They count for no side.
    Distanced,
}

impl Voice {
    /// The name written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Narrator => "narrator",
            Voice::Quote => "quote",
            Voice::ScareQuote => "scare-quote",
            Voice::Distanced => "distanced",
        }
    }

    /// Whether these are the outlet's own words (the narrator's, or the
    /// narrator's distancing mention of someone else's word), as opposed to
    /// words inside a quotation.
    pub fn is_outlets(self) -> bool {
        matches!(self, Voice::Narrator | Voice::Distanced)
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
    /// Opened by ‘, closed by ’ (British and agency style).
    Single,
    /// Opened by ', closed by ' or ’.
    StraightSingle,
}

impl Mark {
    const ALL: [Mark; 6] =
        [Mark::Curly, Mark::Low, Mark::Guillemet, Mark::Straight, Mark::Single, Mark::StraightSingle];

    fn slot(self) -> usize {
        Mark::ALL.iter().position(|m| *m == self).unwrap_or(0)
    }
}

/// The open quotation marks of a paragraph: a stack, plus for each kind of
/// mark the stack positions where that kind is open, so that "the innermost
/// open mark of these kinds" is found without scanning the stack.
#[derive(Default)]
struct Open {
    stack: Vec<(Mark, usize, usize)>, // (mark, open start, open end)
    by_kind: [Vec<usize>; 6],
    /// For a single mark left open: where the last possessive-looking mark
    /// after it was (offset of the mark and its length), in case it closed it.
    fallback: Option<(usize, usize, usize)>, // (stack position, mark offset, mark length)
}

impl Open {
    fn push(&mut self, mark: Mark, start: usize, end: usize) {
        self.by_kind[mark.slot()].push(self.stack.len());
        self.stack.push((mark, start, end));
    }

    /// The stack position of the innermost open mark of one of `kinds`.
    fn innermost(&self, kinds: &[Mark]) -> Option<usize> {
        kinds.iter().filter_map(|k| self.by_kind[k.slot()].last().copied()).max()
    }

    fn top(&self) -> Option<Mark> {
        self.stack.last().map(|s| s.0)
    }

    /// Closes the mark at `pos` and every mark opened after it; returns it.
    fn close(&mut self, pos: usize) -> (Mark, usize, usize) {
        let closed = self.stack[pos];
        for (mark, ..) in self.stack.drain(pos..) {
            self.by_kind[mark.slot()].pop();
        }
        if self.fallback.is_some_and(|f| f.0 >= pos) {
            self.fallback = None;
        }
        closed
    }

    fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }
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
    let mut chars = paragraph.trim_start().chars();
    match chars.next() {
        Some('“' | '„' | '«' | '"' | '‘') => true,
        // A straight single mark opens only before a letter ('90s is an elision).
        Some('\'') => chars.next().is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// What a right single mark (’ or ') is, when it may be an apostrophe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Apostrophe {
    /// Surely one: inside a word (O’Brien, don’t), before a digit (’90s), or
    /// as in rock ’n’ roll.
    Sure,
    /// Probably a plural possessive (the outlets’ words: after an s, before a
    /// lower-case word that is not a reporting verb); if the quotation it
    /// might close is never closed later, it closed it after all (the
    /// ‘eco-activists’ camp).
    Possessive,
}

fn apostrophe(before: &str, after: &str, lang: Lang) -> Option<Apostrophe> {
    let prev = before.chars().next_back();
    let next = after.chars().next();
    if prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric) {
        return Some(Apostrophe::Sure);
    }
    if next.is_some_and(|c| c.is_ascii_digit()) {
        return Some(Apostrophe::Sure);
    }
    // ’n’: a single letter between two marks.
    let mut back = before.chars().rev();
    if back.next().is_some_and(char::is_alphabetic) && back.next().is_some_and(|c| c == '’' || c == '\'') {
        return Some(Apostrophe::Sure);
    }
    if prev.is_some_and(|c| c == 's' || c == 'S') && next.is_some_and(char::is_whitespace) {
        let word: String = after.trim_start().chars().take_while(|c| c.is_alphabetic()).collect();
        let lower = word.chars().next().is_some_and(char::is_lowercase);
        if lower && !crate::cues::builtin().attributes_quote(lang, &norm(&word)) {
            return Some(Apostrophe::Possessive);
        }
    }
    None
}

/// Finds the outermost quotation spans of one paragraph. `offset` is added to
/// every position so spans are in the coordinates of the whole text;
/// `next_opens` says whether the following paragraph opens with a quotation
/// mark (the multi-paragraph convention).
pub fn quote_spans(paragraph: &str, offset: usize, next_opens: bool, lang: Lang, out: &mut Vec<QuoteSpan>) {
    let mut open = Open::default();
    let mut prev: Option<char> = None;
    let mut iter = paragraph.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let len = c.len_utf8();
        // The action for this character: open a quote, close down to a stack level, or nothing.
        let mut close_at: Option<usize> = None;
        let mut opens: Option<Mark> = None;
        match c {
            '“' => {
                if let Some(pos) = open.innermost(&[Mark::Low]) {
                    close_at = Some(pos);
                } else if open.top() == Some(Mark::Curly) && !is_opening_context(prev) && is_closing_context(next) {
                    close_at = Some(open.stack.len() - 1);
                } else {
                    opens = Some(Mark::Curly);
                }
            }
            '”' => {
                // A stray ” with nothing open is ignored rather than guessed at.
                close_at = open.innermost(&[Mark::Curly, Mark::Low, Mark::Straight]);
            }
            '„' => opens = Some(Mark::Low),
            '«' => opens = Some(Mark::Guillemet),
            '»' => close_at = open.innermost(&[Mark::Guillemet]),
            '"' => {
                if open.top() == Some(Mark::Straight) {
                    close_at = Some(open.stack.len() - 1);
                } else if is_opening_context(prev) && !next.is_none_or(char::is_whitespace) {
                    opens = Some(Mark::Straight);
                } else {
                    close_at = open.innermost(&[Mark::Straight]);
                }
            }
            // A left single mark opens a quotation; one inside a word is a typo for ’.
            '‘' if is_opening_context(prev) && next.is_some_and(|n| !n.is_whitespace() && !n.is_ascii_digit()) => {
                opens = Some(Mark::Single);
            }
            '’' | '\'' => {
                let kinds: &[Mark] = if c == '’' {
                    &[Mark::Single, Mark::StraightSingle]
                } else {
                    &[Mark::StraightSingle, Mark::Single]
                };
                let candidate = open.innermost(kinds);
                let kind = apostrophe(&paragraph[..i], &paragraph[i + len..], lang);
                if let (Some(pos), Some(Apostrophe::Possessive)) = (candidate, kind) {
                    open.fallback = Some((pos, offset + i, len));
                }
                if candidate.is_some() && kind.is_none() && !is_opening_context(prev) && is_closing_context(next) {
                    close_at = candidate;
                } else if c == '\''
                    && candidate.is_none()
                    && is_opening_context(prev)
                    && next.is_some_and(char::is_alphabetic)
                {
                    opens = Some(Mark::StraightSingle);
                }
            }
            _ => {}
        }
        if let Some(mark) = opens {
            open.push(mark, offset + i, offset + i + len);
        } else if let Some(pos) = close_at {
            let (_, start, open_end) = open.close(pos);
            if open.is_empty() {
                let end = offset + i + len;
                let inner = open_end..offset + i;
                // A lone letter between straight marks ('n') is an elision, not a quotation.
                if paragraph[inner.start - offset..inner.end - offset].chars().count() > 1 {
                    let voice = classify(paragraph, offset, start, inner.clone(), end, lang);
                    out.push(QuoteSpan { start, end, inner, voice, closure: Closure::Closed });
                }
            }
        }
        prev = Some(c);
    }
    // A single mark left open whose quotation ended at a possessive-looking
    // mark ("the ‘eco-activists’ camp") is closed there.
    if let Some((0, at, len)) = open.fallback
        && open.stack.len() == 1
    {
        let (_, start, open_end) = open.stack[0];
        let inner = open_end..at;
        let voice = classify(paragraph, offset, start, inner.clone(), at + len, lang);
        out.push(QuoteSpan { start, end: at + len, inner, voice, closure: Closure::Closed });
        return;
    }
    // A straight single mark never closed was an apostrophe after all; any
    // other open mark quotes the rest of the paragraph.
    if let Some(&(_, start, open_end)) = open.stack.iter().find(|s| s.0 != Mark::StraightSingle) {
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
    // A fragment attributed right before it is a partial quotation, not a
    // scare quote: Lavrov called the deal “a capitulation”. (“so-called” is
    // the narrator's own distance, not an attribution.)
    // The clause starts after the last sentence end, comma or closing mark:
    // "'We stay,' she said, in the 'eco-activists' camp" has no cue there.
    let cut = before
        .rfind(['.', '!', '?', ';', ',', '”', '»', '’', '"', '\''])
        .map_or(0, |k| k + before[k..].chars().next().map_or(1, char::len_utf8));
    let clause = &before[cut..];
    let last: Vec<String> = clause.unicode_words().map(norm).collect();
    let tail = &last[last.len().saturating_sub(4)..];
    let cues = crate::cues::builtin();
    let attributed_before = tail.iter().enumerate().any(|(k, w)| {
        let so_called = w == "called" && k > 0 && tail[k - 1] == "so";
        !so_called && cues.attributes_quote(lang, w)
    });
    if attributed_before {
        return Voice::Quote;
    }
    let after = &paragraph[end - offset..];
    // Only the clause right after the quote can attribute it.
    let clause = &after[..after.find(['.', '!', '?', ';', '“', '"', '«']).unwrap_or(after.len())];
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
            // Attributed before it ("a dit"), a short quotation is a quotation.
            ("Il a dit « non merci » hier.", &[(" non merci ", Quote, Closed)]),
            ("Il parle d’une « paix » fragile.", &[(" paix ", ScareQuote, Closed)]),
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
            ("Lavrov called the deal “a capitulation” on Monday.", &[("a capitulation", Quote, Closed)]),
            ("the so-called “eco-activists” stayed", &[("eco-activists", ScareQuote, Closed)]),
            // Single marks, British and agency house style.
            ("‘We will not leave our homes,’ Mr O’Brien said.", &[("We will not leave our homes,", Quote, Closed)]),
            ("The council’s ‘regretted’ closure", &[("regretted", ScareQuote, Closed)]),
            ("He said: ‘The outlets’ words were unfair.’", &[("The outlets’ words were unfair.", Quote, Closed)]),
            (
                "‘We love rock ’n’ roll and the ’90s,’ she said.",
                &[("We love rock ’n’ roll and the ’90s,", Quote, Closed)],
            ),
            ("Azerbaijan’s leader didn’t say it in the ’90s or ’94.", &[]),
            ("The protesters’ demands were read out.", &[]),
            (
                "'We stay,' she said, in the 'eco-activists' camp.",
                &[("We stay,", Quote, Closed), ("eco-activists", ScareQuote, Closed)],
            ),
            ("They played rock 'n' roll all night.", &[]),
            ("It's the Beatles' best album, don't you think?", &[]),
            ("‘The road is closed,’ said the Beatles’ manager.", &[("The road is closed,", Quote, Closed)]),
            ("Police cleared the ‘eco-activists’ camp at dawn.", &[("eco-activists", ScareQuote, Closed)]),
            ("He said ‘this never ends", &[("this never ends", Quote, Unclosed)]),
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
    fn many_unclosed_marks_stay_linear() {
        // 200,000 opening marks: each is looked at once (this took 32 s when
        // every mark scanned the stack of open ones).
        let p = "“a ".repeat(200_000);
        let mut out = Vec::new();
        quote_spans(&p, 0, false, Lang::EN, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].closure, Closure::Unclosed);
    }

    #[test]
    fn opens_with_quote_table() {
        for (p, want) in [
            ("“Yes", true),
            ("  «Да", true),
            ("\"x", true),
            ("‘Yes", true),
            ("'Yes", true),
            ("'90s", false),
            ("He said", false),
            ("", false),
        ] {
            assert_eq!(opens_with_quote(p), want, "{p:?}");
        }
    }
}
