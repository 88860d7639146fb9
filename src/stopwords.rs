//! Stopwords: words that carry no content for keyness, claim alignment and
//! story grouping ("the", "und", "le", "и"). The lists come from the
//! `stop-words` crate: NLTK's lists of function words where NLTK has one
//! (English, Russian, German, French and 29 more), stopwords-iso's for the
//! languages NLTK lacks (Armenian, Ukrainian, …). NLTK's lists leave out
//! some words every news story repeats — reporting verbs ("said", "sagte"),
//! and in German, French, Spanish and Italian common function words its
//! lists happen to miss ("wurde", "seit", "selon", "según") — so framelens
//! adds those, listed below; nothing else is changed.

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
        "de" => &[
            "wurde", "wurden", "worden", "sei", "seien", "seit", "mehr", "bereits", "sowie", "etwa", "rund", "laut",
            "beim", "zwei", "drei", "sagte", "sagt", "sagten", "teilte", "hieß", "heißt", "dabei", "daher", "deshalb",
            "jedoch", "schon", "immer", "heute", "gestern", "sollen", "konnte", "müssen", "wegen", "neben", "seitdem",
            "ab",
        ],
        "fr" => &[
            "a", "selon", "dont", "plus", "aussi", "après", "depuis", "entre", "lors", "sans", "sous", "vers", "chez",
            "cette", "ainsi", "alors", "donc", "car", "ni", "déjà", "encore", "très", "tout", "tous", "toute",
            "toutes", "deux", "trois", "fait", "faire", "dit", "peut", "doit", "être", "avoir",
        ],
        "es" => &["según", "después", "tras", "hacia", "dos", "tres", "dijo", "sido", "ser", "así"],
        "it" => &[
            "secondo", "dopo", "durante", "senza", "sopra", "fra", "verso", "già", "molto", "due", "tre", "detto",
            "stato", "essere", "così",
        ],
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
            ("de", "wurde", true),
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
