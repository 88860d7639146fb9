//! Word boundaries (Unicode UAX #29, as `unicode-segmentation`'s
//! `unicode_word_indices` finds them) with a fast path for ASCII text.
//!
//! Most news text is ASCII between its curly quotes and dashes, and the
//! general segmenter looks every character up in Unicode tables. Here the
//! text is cut at spaces that are followed by an ASCII byte: UAX #29 always
//! breaks on both sides of such a space (only a run of spaces stays
//! together, and only a combining mark or format character after it would
//! join it, which is not ASCII), and no rule looks across it (WB6, WB7, WB11
//! and WB12 look one character past a letter or digit, and a space is
//! neither). Each piece between those spaces that is all ASCII is split by
//! the few rules that apply to ASCII; any other piece goes to
//! `unicode-segmentation`. The result is the same words at the same offsets,
//! which a property test checks against `unicode_word_indices` on random
//! and real text.

use unicode_segmentation::UnicodeSegmentation;

/// The UAX #29 word-break classes of the ASCII characters that matter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter (ALetter).
    Letter,
    /// A digit (Numeric).
    Digit,
    /// `_` (ExtendNumLet).
    Underscore,
    /// `:` (MidLetter): joins letters only.
    MidLetter,
    /// `.` and `'` (MidNumLet, Single_Quote): join letters, or digits.
    MidNumLet,
    /// `,` and `;` (MidNum): join digits only.
    MidNum,
    /// Everything else: never part of a word.
    Other,
}

fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'_' => Class::Underscore,
        b':' => Class::MidLetter,
        b'.' | b'\'' => Class::MidNumLet,
        b',' | b';' => Class::MidNum,
        _ => Class::Other,
    }
}

fn is_word_char(c: Class) -> bool {
    matches!(c, Class::Letter | Class::Digit | Class::Underscore)
}

/// Calls `f(offset, word)` for every word of `text` (the segments that hold
/// a letter or a digit), in order: exactly what `text.unicode_word_indices()`
/// yields.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(usize, &'a str)) {
    let bytes = text.as_bytes();
    let mut piece = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' && bytes.get(i + 1).is_some_and(u8::is_ascii) {
            if piece < i {
                segment_piece(text, piece, i, &mut f);
            }
            piece = i + 1;
        }
        i += 1;
    }
    if piece < bytes.len() {
        segment_piece(text, piece, bytes.len(), &mut f);
    }
}

fn segment_piece<'a>(text: &'a str, start: usize, end: usize, f: &mut impl FnMut(usize, &'a str)) {
    let piece = &text[start..end];
    if !piece.is_ascii() {
        for (off, w) in piece.unicode_word_indices() {
            f(start + off, w);
        }
        return;
    }
    let b = piece.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !is_word_char(class(b[i])) {
            i += 1;
            continue;
        }
        let s = i;
        let mut alnum = class(b[i]) != Class::Underscore;
        i += 1;
        while i < b.len() {
            let c = class(b[i]);
            if is_word_char(c) {
                // WB5, WB8-WB10, WB13a-b: letters, digits and `_` join each other.
                alnum |= c != Class::Underscore;
                i += 1;
                continue;
            }
            // WB6-WB7 (letter mid letter) and WB11-WB12 (digit mid digit).
            let (prev, next) = (class(b[i - 1]), b.get(i + 1).map_or(Class::Other, |&n| class(n)));
            let joins = match c {
                Class::MidLetter => prev == Class::Letter && next == Class::Letter,
                Class::MidNumLet => (prev == Class::Letter || prev == Class::Digit) && next == prev,
                Class::MidNum => prev == Class::Digit && next == Class::Digit,
                _ => false,
            };
            if !joins {
                break;
            }
            i += 2;
        }
        if alnum {
            f(start + s, &piece[s..i]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        for_each_word(text, |o, w| out.push((o, w)));
        out
    }

    fn reference(text: &str) -> Vec<(usize, &str)> {
        text.unicode_word_indices().collect()
    }

    #[test]
    fn words_table() {
        let cases: &[(&str, &[&str])] = &[
            ("The U.S. said 6,500 troops.", &["The", "U.S", "said", "6,500", "troops"]),
            ("don't stop: a:b 1.5 1:2 a.1 1.a", &["don't", "stop", "a:b", "1.5", "1", "2", "a", "1", "1", "a"]),
            ("snake_case __init__ _ __", &["snake_case", "__init__"]),
            ("“Quoted,” she said—twice.", &["Quoted", "she", "said", "twice"]),
            ("Azerbaijan’s eco\u{00AD}activists", &["Azerbaijan’s", "eco\u{00AD}activists"]),
            ("x  \u{0301}y z", &["x", "y", "z"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = fast(text).into_iter().map(|(_, w)| w).collect();
            assert_eq!(got, *want, "{text:?}");
            assert_eq!(fast(text), reference(text), "{text:?}");
        }
    }
}
