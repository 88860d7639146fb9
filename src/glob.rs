//! Wildcard patterns inside words, as lexicon entries and search patterns
//! write them: `*` is any run of characters and `?` one character; a word
//! that is only `*` stands for any one word. Matching works on bytes without
//! allocating, because it runs for every word of every article.

use crate::normal::{is_hyphen, push_norm};

/// Whether `word` (a matching form) matches `pattern` as a whole word.
/// `?` stands for exactly one character and `*` for any run of characters.
///
/// The pattern is cut at its stars into segments: the first must match at
/// the start of the word, the last at its end, and each one between at the
/// leftmost place after the one before. Taking the leftmost place is never
/// wrong (a segment matched earlier leaves more room for the rest), so no
/// backtracking is needed: segments without `?` are found with the
/// standard library's linear substring search, and the cost grows with the
/// word's length times the longest segment with a `?` in it, instead of
/// with the word's length times the pattern's.
pub fn glob_match(pattern: &str, word: &str) -> bool {
    let Some(star) = pattern.find('*') else {
        return match_at(pattern, word, 0) == Some(word.len());
    };
    let first = &pattern[..star];
    let last_star = pattern.rfind('*').unwrap_or(star);
    let last = &pattern[last_star + 1..];
    let Some(mut at) = match_at(first, word, 0) else { return false };
    let Some(tail) = match_end(last, word) else { return false };
    if tail < at {
        return false;
    }
    let middle = if last_star > star { &pattern[star + 1..last_star] } else { "" };
    for seg in middle.split('*').filter(|s| !s.is_empty()) {
        match find(seg, &word[..tail], at) {
            Some(end) => at = end,
            None => return false,
        }
    }
    true
}

/// Where a match of `seg` (literal characters and `?`) starting at byte
/// `at` of `word` ends, if it matches there.
fn match_at(seg: &str, word: &str, at: usize) -> Option<usize> {
    let mut rest = word[at..].chars();
    let mut end = at;
    for p in seg.chars() {
        let c = rest.next()?;
        if p != '?' && p != c {
            return None;
        }
        end += c.len_utf8();
    }
    Some(end)
}

/// Where a match of `seg` that ends at the end of `word` starts, if any.
fn match_end(seg: &str, word: &str) -> Option<usize> {
    let mut rest = word.chars().rev();
    let mut start = word.len();
    for p in seg.chars().rev() {
        let c = rest.next()?;
        if p != '?' && p != c {
            return None;
        }
        start -= c.len_utf8();
    }
    Some(start)
}

/// The end of the leftmost match of `seg` in `hay` at or after byte `from`.
fn find(seg: &str, hay: &str, from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    if !seg.contains('?') {
        return hay[from..].find(seg).map(|i| from + i + seg.len());
    }
    // Candidates are where the literal text before the first `?` occurs.
    let lead = &seg[..seg.find('?').unwrap_or(0)];
    let mut at = from;
    while at <= hay.len() {
        let start = if lead.is_empty() { at } else { at + hay[at..].find(lead)? };
        if let Some(end) = match_at(seg, hay, start) {
            return Some(end);
        }
        at = start + hay[start..].chars().next()?.len_utf8();
    }
    None
}

/// Many one-word globs, looked up by word: a word is compared only with
/// the globs that can match it, those whose literal first character is the
/// word's first, or (for globs that start with a wildcard) whose literal
/// last character is the word's last; only globs with wildcards at both
/// ends are compared with every word. A hundred thousand `*ism` globs then
/// cost a word a hash lookup, not a hundred thousand comparisons.
#[derive(Debug, Clone, Default)]
pub struct GlobSet {
    patterns: Vec<String>,
    by_first: std::collections::HashMap<char, Vec<usize>>,
    by_last: std::collections::HashMap<char, Vec<usize>>,
    anywhere: Vec<usize>,
}

impl GlobSet {
    /// Adds a pattern; its number is the count added before it.
    pub fn add(&mut self, pattern: &str) -> usize {
        let n = self.patterns.len();
        let literal = |c: Option<char>| c.filter(|c| *c != '*' && *c != '?');
        if let Some(c) = literal(pattern.chars().next()) {
            self.by_first.entry(c).or_default().push(n);
        } else if let Some(c) = literal(pattern.chars().next_back()) {
            self.by_last.entry(c).or_default().push(n);
        } else {
            self.anywhere.push(n);
        }
        self.patterns.push(pattern.to_string());
        n
    }

    /// The numbers of the patterns `word` matches, in no particular order.
    pub fn matches<'a>(&'a self, word: &'a str) -> impl Iterator<Item = usize> + 'a {
        let first = word.chars().next().and_then(|c| self.by_first.get(&c));
        let last = word.chars().next_back().and_then(|c| self.by_last.get(&c));
        first
            .into_iter()
            .flatten()
            .chain(last.into_iter().flatten())
            .chain(self.anywhere.iter())
            .copied()
            .filter(move |&n| glob_match(&self.patterns[n], word))
    }
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
            ("", "", true),
            ("", "a", false),
            ("**", "abc", true),
            ("a**c", "ac", true),
            ("*a*a*", "aa", true),
            ("*a*a*", "a", false),
            ("*ab?d*", "xxabcabxdyy", true),
            ("*ab?d", "xxabcabxd", true),
            ("*ab?d", "xxabcabxdy", false),
            ("a*?", "a", false),
            ("a*?", "ab", true),
            ("*?ё", "ёё", true),
            ("?*?", "ж", false),
            ("occup*ion", "occupation", true),
            ("occup*ion*", "occupations", true),
            ("*tion", "ion", false),
        ];
        for (p, w, want) in cases {
            assert_eq!(glob_match(p, w), want, "{p} ~ {w}");
        }
    }

    /// The backtracking definition, for comparison.
    fn reference(p: &[char], w: &[char]) -> bool {
        match p.split_first() {
            None => w.is_empty(),
            Some(('*', rest)) => (0..=w.len()).any(|i| reference(rest, &w[i..])),
            Some(('?', rest)) => !w.is_empty() && reference(rest, &w[1..]),
            Some((c, rest)) => w.first() == Some(c) && reference(rest, &w[1..]),
        }
    }

    #[test]
    fn agrees_with_the_backtracking_definition() {
        let alphabet = ['a', 'b', 'ж', '*', '?'];
        // Every pattern of up to 4 symbols against every word of up to 4 letters.
        let mut patterns = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> =
                patterns.iter().flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}"))).collect();
            patterns.extend(next);
        }
        patterns.sort();
        patterns.dedup();
        let words: Vec<String> = patterns.iter().filter(|p| !p.contains(['*', '?'])).cloned().collect();
        for p in &patterns {
            let pc: Vec<char> = p.chars().collect();
            for w in &words {
                let wc: Vec<char> = w.chars().collect();
                assert_eq!(glob_match(p, w), reference(&pc, &wc), "{p:?} ~ {w:?}");
            }
        }
    }

    #[test]
    fn glob_set_finds_what_each_glob_would() {
        let patterns = ["occup*", "*ism", "*ab*", "?ation", "liberat*", "*", "regime"];
        let mut set = GlobSet::default();
        for p in patterns {
            set.add(p);
        }
        for word in ["occupation", "separatism", "abba", "nation", "liberated", "regime", "", "x"] {
            let mut got: Vec<usize> = set.matches(word).collect();
            got.sort();
            let want: Vec<usize> = (0..patterns.len()).filter(|&i| glob_match(patterns[i], word)).collect();
            assert_eq!(got, want, "{word}");
        }
    }

    #[test]
    fn glob_words_split_like_text() {
        assert_eq!(glob_words("Occupied Armenian territor*"), ["occupied", "armenian", "territor*"]);
        assert_eq!(glob_words("eco-activist?"), ["eco", "activist?"]);
        assert_eq!(glob_words("armenian * attacked"), ["armenian", "*", "attacked"]);
    }
}
