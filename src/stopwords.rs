//! Stopwords: words that carry no content for keyness, claim alignment and
//! story grouping ("the", "und", "le", "и"). The lists come from the
//! `stop-words` crate, which packages NLTK's lists (preferred: short,
//! function words only) and, for languages NLTK lacks (Armenian, Ukrainian,
//! …), the stopwords-iso collection. A few words that every news story
//! repeats (reporting verbs such as "said") are added for English and
//! Russian, the languages of the bundled lexicon.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::hash::FastHasher;
use crate::lang::Lang;

/// Words added to the maintained lists: what news prose repeats in every
/// article, which would otherwise top every outlet's keyness table.
fn news_words(lang: Lang) -> &'static [&'static str] {
    match lang.as_str() {
        "en" => &["added", "also", "could", "even", "ever", "however", "said", "say", "says", "since", "told", "would"],
        "ru" => &["заявил", "также", "это"],
        _ => &[],
    }
}

type Set = HashSet<&'static str, BuildHasherDefault<FastHasher>>;

/// The stopword set of a language (empty when no list exists for it). Built
/// once per language and kept for the whole run; looking it up takes no lock,
/// because it happens for every word of every article.
pub fn set(lang: Lang) -> &'static Set {
    const CODES: usize = 26 * 26;
    static SETS: [OnceLock<Set>; CODES] = [const { OnceLock::new() }; CODES];
    let b = lang.as_str().as_bytes();
    let slot = usize::from(b[0].wrapping_sub(b'a')) * 26 + usize::from(b[1].wrapping_sub(b'a'));
    SETS[slot.min(CODES - 1)].get_or_init(|| {
        let mut s: Set = stop_words::lookup(lang.as_str()).unwrap_or(&[]).iter().copied().collect();
        s.extend(news_words(lang));
        s
    })
}

/// Whether `word` (a matching form: lowercase, `'` apostrophes) is a
/// stopword in `lang`.
pub fn is_stopword(lang: Lang, word: &str) -> bool {
    set(lang).contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_per_language() {
        let lang = |s: &str| s.parse::<Lang>().unwrap();
        let cases = [
            ("en", "the", true),
            ("en", "said", true),
            ("en", "occupation", false),
            ("de", "und", true),
            ("de", "der", true),
            ("de", "besetzung", false),
            ("fr", "le", true),
            ("fr", "occupation", false),
            ("ru", "и", true),
            ("ru", "заявил", true),
            ("hy", "այս", true),
            // German "die" is a stopword in German, not in English.
            ("en", "die", false),
        ];
        for (l, w, want) in cases {
            assert_eq!(is_stopword(lang(l), w), want, "{l} {w}");
        }
    }
}
