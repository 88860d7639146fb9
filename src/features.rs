//! Features for comparing texts: light stems of content words, numbers, and
//! runs of quoted words, each hashed to 64 bits. Story grouping compares
//! articles by them and claim alignment compares sentences by them, so both
//! cut stems and hash alike. The hash is framelens's own (see
//! [`crate::hash::FastHasher`]): clusters, and so reports, depend on it, and
//! it does not change between Rust releases.

use std::hash::Hasher;

use crate::hash::FastHasher;

/// Stems are cut to this many characters, so that "Armenia" and "Armenian"
/// (or "Russia" and "Russian") count as the same feature.
pub const STEM_CHARS: usize = 6;

/// A 64-bit hash of a feature made of one or more parts, without building a
/// string.
pub fn hash_parts(parts: &[&str]) -> u64 {
    let mut h = FastHasher::default();
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xFF); // never in UTF-8: ("ab", "c") and ("a", "bc") differ
    }
    h.finish()
}

/// The feature of a content word, from its stem cut to [`STEM_CHARS`] characters.
pub fn stem(stem: &str) -> u64 {
    let cut = stem.char_indices().nth(STEM_CHARS).map_or(stem.len(), |(i, _)| i);
    hash_parts(&[&stem[..cut]])
}

/// The feature of a normalised number (`2000`, `2020-09-27`).
pub fn number(value: &str) -> u64 {
    hash_parts(&["#", value])
}

/// Capitals and seats of power that news names instead of their country
/// ("Moscow called the shooting alarming" for "Russia's foreign ministry
/// called …"), with the words for the country (name, adjective) whose
/// features they also count as.
const METONYMS: &[(&str, &[&str])] = &[
    ("moscow", &["russia"]),
    ("kremlin", &["russia"]),
    ("baku", &["azerbaijan"]),
    ("yerevan", &["armenia"]),
    ("tbilisi", &["georgia"]),
    ("ankara", &["turkey", "turkish"]),
    ("tehran", &["iran", "iranian"]),
    ("kyiv", &["ukraine"]),
    ("kiev", &["ukraine"]),
    ("minsk", &["belarus"]),
    ("chisinau", &["moldova"]),
    ("astana", &["kazakhstan"]),
    ("tashkent", &["uzbekistan"]),
    ("beijing", &["china", "chinese"]),
    ("tokyo", &["japan", "japanese"]),
    ("seoul", &["korea"]),
    ("pyongyang", &["korea"]),
    ("delhi", &["india", "indian"]),
    ("islamabad", &["pakistan"]),
    ("kabul", &["afghanistan"]),
    ("baghdad", &["iraq", "iraqi"]),
    ("damascus", &["syria"]),
    ("cairo", &["egypt"]),
    ("riyadh", &["saudi"]),
    ("paris", &["france", "french"]),
    ("berlin", &["germany"]),
    ("london", &["britain", "british"]),
    ("rome", &["italy", "italian"]),
    ("madrid", &["spain", "spanish"]),
    ("warsaw", &["poland", "polish"]),
    ("budapest", &["hungary", "hungarian"]),
    ("bucharest", &["romania"]),
    ("washington", &["american", "united"]),
    ("ottawa", &["canada", "canadian"]),
    ("brussels", &["european", "eu"]),
];

/// The features a capital also counts as (see [`METONYMS`]); empty for other words.
pub fn metonym(word: &str) -> impl Iterator<Item = u64> {
    // Looked up for every word of every sentence: a map built once.
    static MAP: std::sync::OnceLock<crate::hash::FastMap<&'static str, Vec<u64>>> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| METONYMS.iter().map(|(w, c)| (*w, c.iter().map(|c| stem(c)).collect())).collect());
    map.get(word).into_iter().flatten().copied()
}

/// The feature of a counted fact ("killed" for "three civilians were killed"
/// and "at least 12 people died").
pub fn fact(fact: &str) -> u64 {
    hash_parts(&["!", fact])
}

/// The feature of a word that names a fact ("died", "killed" and "dead" are
/// all `killed`).
pub fn fact_word(fact: &str) -> u64 {
    hash_parts(&["!w", fact])
}

/// The feature of three consecutive words inside one quotation.
pub fn quoted(words: [&str; 3]) -> u64 {
    hash_parts(&["q", words[0], words[1], words[2]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_stable_and_distinct() {
        // Reports depend on these values: they must not change between runs,
        // machines or Rust releases.
        assert_eq!(stem("armenia"), stem("armeni"));
        assert_eq!(stem("armenian"), stem("armeni"));
        assert_ne!(stem("armenia"), stem("azerbaijan"));
        assert_ne!(number("2000"), stem("2000"));
        assert_ne!(hash_parts(&["ab", "c"]), hash_parts(&["a", "bc"]));
        assert_eq!(hash_parts(&["regime"]), 0xD20E_FC51_3A4F_9774, "{:#X}", hash_parts(&["regime"]));
        assert_eq!(metonym("moscow").collect::<Vec<_>>(), [stem("russian")], "Moscow counts as Russia");
        assert_eq!(metonym("yerevan").collect::<Vec<_>>(), [stem("armenian")]);
        assert_eq!(metonym("bridge").count(), 0);
    }
}
