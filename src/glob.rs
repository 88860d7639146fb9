//! Wildcard patterns inside words, as lexicon entries and search patterns
//! write them: `*` is any run of characters and `?` one character; a word
//! that is only `*` stands for any one word. Matching works on bytes without
//! allocating, because it runs for every word of every article.

use crate::normal::{is_hyphen, push_norm};

/// Whether `word` (a matching form) matches `pattern` as a whole word.
/// `?` and the backtracking after `*` step over whole UTF-8 characters.
pub fn glob_match(pattern: &str, word: &str) -> bool {
    let (p, w) = (pattern.as_bytes(), word.as_bytes());
    let char_len = |s: &[u8], i: usize| match s[i] {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    };
    let (mut pi, mut wi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while wi < w.len() {
        if pi < p.len() && p[pi] == b'?' {
            pi += 1;
            wi += char_len(w, wi);
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, wi));
            pi += 1;
        } else if pi < p.len() && p[pi] == w[wi] {
            pi += 1;
            wi += 1;
        } else if let Some((sp, sw)) = star {
            // Let the star take one more character and try again.
            let next = sw + char_len(w, sw);
            pi = sp + 1;
            wi = next;
            star = Some((sp, next));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// Whether a word of a pattern has a wildcard.
pub fn has_wildcard(word: &str) -> bool {
    word.contains(['*', '?'])
}

/// Splits a glob term into words the way text is split (spaces and hyphens),
/// keeping `*` and `?` inside words, each in its matching form.
pub fn glob_words(term: &str) -> Vec<String> {
    term.split(|c: char| c.is_whitespace() || is_hyphen(c))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut s = String::new();
            push_norm(&mut s, w);
            s.trim_matches(|c: char| !(c.is_alphanumeric() || c == '*' || c == '?' || c == '\'')).to_string()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_table() {
        let cases = [
            ("occup*", "occupation", true),
            ("occup*", "occup", true),
            ("occup*", "preoccupied", false),
            ("*ism", "separatism", true),
            ("defen?e", "defence", true),
            ("defen?e", "defense", true),
            ("defen?e", "defene", false),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
            ("территор*", "территории", true),
            ("?ерритории", "территории", true),
            ("т*и", "территории", true),
            ("т?рр*", "тёрритории", true),
            ("*", "", true),
            ("?", "", false),
        ];
        for (p, w, want) in cases {
            assert_eq!(glob_match(p, w), want, "{p} ~ {w}");
        }
    }

    #[test]
    fn glob_words_split_like_text() {
        assert_eq!(glob_words("Occupied Armenian territor*"), ["occupied", "armenian", "territor*"]);
        assert_eq!(glob_words("eco-activist?"), ["eco", "activist?"]);
        assert_eq!(glob_words("armenian * attacked"), ["armenian", "*", "attacked"]);
    }
}
