//! Sentence boundaries (Unicode UAX #29, as `unicode-segmentation`'s
//! `split_sentence_bound_indices` finds them) with a fast path for text made
//! of the characters news in Latin script is mostly made of.
//!
//! The general segmenter looks every character up in Unicode tables, which
//! made it a tenth of the framing pass. A paragraph whose characters are all
//! ASCII, Latin-1 letters, a no-break space, curly and angle quotation
//! marks, en and em dashes or an ellipsis is segmented here instead, by the
//! rules of UAX #29 that apply to those characters (none of them is a
//! format or extending character, so rule SB5 never applies); any other
//! paragraph goes to `unicode-segmentation`. The result is the same
//! boundaries, which a property test checks against the crate on random
//! and real text.

use unicode_segmentation::UnicodeSegmentation;

/// The UAX #29 Sentence_Break values of the characters the fast path takes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    /// `.`
    ATerm,
    /// `!` and `?`
    STerm,
    /// `,`, `-`, `:`, `;` and the dashes: a sentence goes on after a
    /// terminator followed by one of these.
    SContinue,
    /// Quotation marks and brackets.
    Close,
    Other,
}

/// The class of `c`, if the fast path knows it.
fn class(c: char) -> Option<Class> {
    Some(match c {
        '\r' => Class::Cr,
        '\n' => Class::Lf,
        '\t' | '\u{b}' | '\u{c}' | ' ' | '\u{a0}' => Class::Sp,
        'a'..='z' | 'ß'..='ö' | 'ø'..='ÿ' => Class::Lower,
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => Class::Upper,
        '0'..='9' => Class::Numeric,
        '.' => Class::ATerm,
        '!' | '?' => Class::STerm,
        ',' | '-' | ':' | ';' | '–' | '—' => Class::SContinue,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '«' | '»' | '‘' | '’' | '“' | '”' => Class::Close,
        '…' => Class::Other,
        c if c.is_ascii() => Class::Other,
        _ => return None,
    })
}

fn known(text: &str) -> bool {
    text.is_ascii() || text.chars().all(|c| class(c).is_some())
}

/// Sets `out` to the byte offsets where the sentences of `text` start (the
/// first is 0 unless `text` is empty): exactly the offsets
/// `text.split_sentence_bound_indices()` yields.
pub fn sentence_starts(text: &str, out: &mut Vec<usize>) {
    out.clear();
    if known(text) {
        starts_by_rules(text, out);
    } else {
        out.extend(text.split_sentence_bound_indices().map(|(i, _)| i));
    }
}

/// What the text so far ends with when it ends with SATerm Close* Sp*.
#[derive(Clone, Copy)]
struct Term {
    /// The terminator is `.` (ATerm), not `!` or `?`.
    aterm: bool,
    /// Spaces came after it (no Close can follow any more).
    spaced: bool,
}

fn starts_by_rules(text: &str, out: &mut Vec<usize>) {
    let mut prev = Class::Other;
    let mut before_prev = Class::Other;
    let mut term: Option<Term> = None;
    for (i, c) in text.char_indices() {
        let k = class(c).unwrap_or(Class::Other);
        if i == 0 {
            out.push(0);
        } else if breaks(text, i, k, prev, before_prev, term) {
            out.push(i);
        }
        term = match (k, term) {
            (Class::ATerm, _) => Some(Term { aterm: true, spaced: false }),
            (Class::STerm, _) => Some(Term { aterm: false, spaced: false }),
            (Class::Close, Some(t)) if !t.spaced => Some(t),
            (Class::Sp, Some(t)) => Some(Term { spaced: true, ..t }),
            _ => None,
        };
        before_prev = prev;
        prev = k;
    }
}

/// Whether a sentence ends before the character of class `k` at `i`.
fn breaks(text: &str, i: usize, k: Class, prev: Class, before_prev: Class, term: Option<Term>) -> bool {
    let para_sep = |c: Class| matches!(c, Class::Cr | Class::Lf);
    match prev {
        // SB3: CR × LF; SB4: a paragraph separator ends a sentence.
        Class::Cr if k == Class::Lf => return false,
        Class::Cr | Class::Lf => return true,
        _ => {}
    }
    let Some(t) = term else { return false }; // SB998
    // SB6: ATerm × Numeric; SB7: (Upper | Lower) ATerm × Upper.
    if prev == Class::ATerm
        && (k == Class::Numeric || (k == Class::Upper && matches!(before_prev, Class::Upper | Class::Lower)))
    {
        return false;
    }
    // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower.
    if t.aterm && lower_follows(&text[i..]) {
        return false;
    }
    // SB8a: SATerm Close* Sp* × (SContinue | SATerm).
    if matches!(k, Class::SContinue | Class::ATerm | Class::STerm) {
        return false;
    }
    // SB9: SATerm Close* × (Close | Sp | ParaSep); SB10: SATerm Close* Sp* × (Sp | ParaSep).
    if (!t.spaced && k == Class::Close) || k == Class::Sp || para_sep(k) {
        return false;
    }
    true // SB11
}

/// Whether the first letter, terminator or paragraph separator of `rest` is
/// a lower-case letter. A scan stops at the next terminator, so the scans
/// of a paragraph cover each character at most about once.
fn lower_follows(rest: &str) -> bool {
    for c in rest.chars() {
        match class(c).unwrap_or(Class::Other) {
            Class::Lower => return true,
            Class::Upper | Class::Cr | Class::Lf | Class::ATerm | Class::STerm => return false,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        starts_by_rules(text, &mut out);
        out
    }

    fn reference(text: &str) -> Vec<usize> {
        text.split_sentence_bound_indices().map(|(i, _)| i).collect()
    }

    #[test]
    fn sentences_table() {
        // (text, the sentences UAX #29 finds)
        let cases: &[(&str, &[&str])] = &[
            ("He left. She stayed.", &["He left. ", "She stayed."]),
            ("Mr. Smith arrived. the end", &["Mr. ", "Smith arrived. the end"]),
            ("It rose 2.5 percent. U.S. troops left.", &["It rose 2.5 percent. ", "U.S. troops left."]),
            // Only `.` waits for a lower-case letter (SB8); `!` and `?` do not.
            ("“Leave now!” he said. Then—silence.", &["“Leave now!” ", "he said. ", "Then—silence."]),
            ("Why? (Nobody knows.) Fine.", &["Why? ", "(Nobody knows.) ", "Fine."]),
            ("Wait... 12 died, etc. and more", &["Wait... 12 died, etc. and more"]),
            ("Done.\r\nNext", &["Done.\r\n", "Next"]),
            ("Évian. Über alles. «Oui.» Non", &["Évian. ", "Über alles. ", "«Oui.» ", "Non"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            let got = fast(text);
            let pieces: Vec<&str> =
                got.iter().enumerate().map(|(k, &s)| &text[s..got.get(k + 1).copied().unwrap_or(text.len())]).collect();
            assert_eq!(pieces, *want, "{text:?}");
            assert_eq!(got, reference(text), "{text:?}");
        }
    }

    #[test]
    fn unknown_characters_go_to_the_general_segmenter() {
        for text in ["Сказал. Ушёл.", "A\u{2029}B", "x.\u{301} Y", "日本。東京"] {
            assert!(!known(text), "{text:?}");
            let mut out = Vec::new();
            sentence_starts(text, &mut out);
            assert_eq!(out, reference(text), "{text:?}");
        }
    }
}
