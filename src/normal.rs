//! The matching form of a word: what text and lexicon terms are compared on.
//! Lowercase, apostrophes unified to `'`, invisible format characters dropped,
//! `ё` folded to `е`; byte offsets into the text never change, only the copy
//! that is compared does. Shared by the tokenizer, lexicon terms, search
//! patterns and the claim diff, so that all of them split and fold alike.

use unicode_segmentation::UnicodeSegmentation;

/// Hyphens and dashes that join words ("eco-activists", "eco‑activists").
pub fn is_hyphen(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// Appends the matching form of `word` to `buf`.
pub fn push_norm(buf: &mut String, word: &str) {
    if word.is_ascii() {
        buf.extend(word.bytes().map(|b| match b {
            b'`' => '\'',
            b => b.to_ascii_lowercase() as char,
        }));
        return;
    }
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => buf.push('\''),
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            'ё' | 'Ё' => buf.push('е'),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// A word folded like [`push_norm`] but keeping its capitals, for entries
/// that match only as capitalised (acronyms, names that are also words).
pub fn fold_keep_case(word: &str) -> String {
    let mut buf = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => buf.push('\''),
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            'ё' => buf.push('е'),
            'Ё' => buf.push('Е'),
            c => buf.push(c),
        }
    }
    buf
}

/// Whether a word is written with a capital and then small letters
/// ("Massacre", "Kiev"), as names are, rather than in lower case or all in
/// capitals.
pub fn is_titlecase(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// The matching form of one word, as a new string.
pub fn norm(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    push_norm(&mut s, word);
    s
}

/// The matching forms of the words of a lexicon term or search pattern,
/// split exactly as article text is (UAX #29 words).
pub fn normalize_words(term: &str) -> Vec<String> {
    term.unicode_words().map(norm).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_table() {
        let cases = [
            ("Azerbaijan’s", "azerbaijan's"),
            ("DON'T", "don't"),
            ("eco\u{00AD}activists", "ecoactivists"),
            ("Ёлка", "елка"),
            ("`quoted`", "'quoted'"),
        ];
        for (word, want) in cases {
            assert_eq!(norm(word), want, "{word}");
        }
    }

    #[test]
    fn case_table() {
        assert_eq!(fold_keep_case("NKR’s"), "NKR's");
        assert_eq!(fold_keep_case("Ёлка"), "Елка");
        for (w, t) in [("Massacre", true), ("massacre", false), ("NATO", false), ("Ёлка", true), ("", false)] {
            assert_eq!(is_titlecase(w), t, "{w}");
        }
    }

    #[test]
    fn words_split_like_text() {
        assert_eq!(normalize_words("So-called “eco-activists”"), ["so", "called", "eco", "activists"]);
        assert!(normalize_words("—, …").is_empty());
    }
}
