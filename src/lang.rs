//! Languages: validating ISO 639-1 codes from metadata, choosing the Snowball
//! stemmer and the negation words for a language, and guessing the language
//! of an article that does not say.

use std::fmt;
use std::str::FromStr;

use rust_stemmers::Algorithm;
use serde::{Deserialize, Serialize, Serializer};

/// Every ISO 639-1 code, sorted, so a typo in metadata is caught instead of
/// silently giving an article no stemmer.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh", "bi", "bm", "bn",
    "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en",
    "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he",
    "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv",
    "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li",
    "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne",
    "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm",
    "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st",
    "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk",
    "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// An ISO 639-1 language code such as `en` or `ru`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Lang([u8; 2]);

impl Lang {
    /// English.
    pub const EN: Lang = Lang(*b"en");
    /// Russian.
    pub const RU: Lang = Lang(*b"ru");

    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        // Only ever built from ASCII codes in ISO_639_1.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The Snowball algorithm for this language, when rust-stemmers has one.
    pub fn stemmer(self) -> Option<Algorithm> {
        Some(match self.as_str() {
            "ar" => Algorithm::Arabic,
            "da" => Algorithm::Danish,
            "nl" => Algorithm::Dutch,
            "en" => Algorithm::English,
            "fi" => Algorithm::Finnish,
            "fr" => Algorithm::French,
            "de" => Algorithm::German,
            "el" => Algorithm::Greek,
            "hu" => Algorithm::Hungarian,
            "it" => Algorithm::Italian,
            "no" | "nb" | "nn" => Algorithm::Norwegian,
            "pt" => Algorithm::Portuguese,
            "ro" => Algorithm::Romanian,
            "ru" => Algorithm::Russian,
            "es" => Algorithm::Spanish,
            "sv" => Algorithm::Swedish,
            "ta" => Algorithm::Tamil,
            "tr" => Algorithm::Turkish,
            _ => return None,
        })
    }

    /// Words that negate a loaded term when they come just before it.
    /// English contractions ending in "n't" are recognised separately.
    pub fn negators(self) -> &'static [&'static str] {
        match self.as_str() {
            "en" => &[
                "not", "no", "never", "neither", "nor", "none", "nobody", "nothing", "nowhere", "without", "cannot",
                "hardly",
            ],
            "ru" => &["не", "нет", "ни", "никогда", "никакой", "никакие", "без", "вовсе"],
            "uk" => &["не", "ні", "ніколи", "без", "жоден"],
            "de" => &["nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne"],
            "fr" => &["ne", "pas", "jamais", "aucun", "aucune", "sans", "ni"],
            "es" => &["no", "nunca", "jamás", "ningún", "ninguna", "sin", "ni"],
            "it" => &["non", "mai", "nessun", "nessuna", "senza", "né"],
            "pt" => &["não", "nunca", "jamais", "nenhum", "nenhuma", "sem", "nem"],
            "tr" => &["değil", "yok", "hiç", "asla"],
            _ => &[],
        }
    }

    /// Whether `norm` (a lowercased token) negates what follows.
    pub fn is_negator(self, norm: &str) -> bool {
        (self == Lang::EN && (norm.ends_with("n't") && norm.len() > 3)) || self.negators().contains(&norm)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.as_str())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl TryFrom<String> for Lang {
    type Error = UnknownLanguage;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// The reason a language code was refused; the text is meant for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLanguage(pub String);

impl fmt::Display for UnknownLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown language {:?}: use an ISO 639-1 code such as en, ru, hy, az, uk, fr", self.0)
    }
}

impl FromStr for Lang {
    type Err = UnknownLanguage;

    /// Accepts `en`, `EN`, and tags with a region such as `en-US` or `pt_BR`
    /// (the region is dropped: stemmers and lexicons are per language).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or("");
        let lower = primary.to_ascii_lowercase();
        match ISO_639_1.binary_search(&lower.as_str()) {
            Ok(i) => {
                let b = ISO_639_1[i].as_bytes();
                Ok(Lang([b[0], b[1]]))
            }
            Err(_) => Err(UnknownLanguage(s.trim().to_string())),
        }
    }
}

/// A language guessed from the text, with the detector's confidence (0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detected {
    /// The language.
    pub lang: Lang,
    /// The detector's confidence, 0..1.
    pub confidence: f64,
}

/// Guesses the language of `text` with whatlang's trigram model. Returns
/// `None` when the detector is not confident or the language has no ISO
/// 639-1 code, so callers fall back to a default and say so. In a script
/// other than Latin an unsure guess is still taken: falling back to English
/// there would surely be wrong, while the guess (say, Russian rather than
/// Ukrainian for a short Cyrillic text) usually is not.
pub fn detect(text: &str) -> Option<Detected> {
    // The first few kilobytes are plenty and keep detection cheap on long texts.
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() && info.script() == whatlang::Script::Latin {
        return None;
    }
    let lang = from_whatlang(info.lang())?;
    Some(Detected { lang, confidence: info.confidence() })
}

fn from_whatlang(l: whatlang::Lang) -> Option<Lang> {
    use whatlang::Lang as W;
    let code = match l {
        W::Epo => "eo",
        W::Eng => "en",
        W::Rus => "ru",
        W::Cmn => "zh",
        W::Spa => "es",
        W::Por => "pt",
        W::Ita => "it",
        W::Ben => "bn",
        W::Fra => "fr",
        W::Deu => "de",
        W::Ukr => "uk",
        W::Kat => "ka",
        W::Ara => "ar",
        W::Hin => "hi",
        W::Jpn => "ja",
        W::Heb => "he",
        W::Yid => "yi",
        W::Pol => "pl",
        W::Amh => "am",
        W::Jav => "jv",
        W::Kor => "ko",
        W::Nob => "nb",
        W::Dan => "da",
        W::Swe => "sv",
        W::Fin => "fi",
        W::Tur => "tr",
        W::Nld => "nl",
        W::Hun => "hu",
        W::Ces => "cs",
        W::Ell => "el",
        W::Bul => "bg",
        W::Bel => "be",
        W::Mar => "mr",
        W::Kan => "kn",
        W::Ron => "ro",
        W::Slv => "sl",
        W::Hrv => "hr",
        W::Srp => "sr",
        W::Mkd => "mk",
        W::Lit => "lt",
        W::Lav => "lv",
        W::Est => "et",
        W::Tam => "ta",
        W::Vie => "vi",
        W::Urd => "ur",
        W::Tha => "th",
        W::Guj => "gu",
        W::Uzb => "uz",
        W::Pan => "pa",
        W::Aze => "az",
        W::Ind => "id",
        W::Tel => "te",
        W::Pes => "fa",
        W::Mal => "ml",
        W::Ori => "or",
        W::Mya => "my",
        W::Nep => "ne",
        W::Sin => "si",
        W::Khm => "km",
        W::Tuk => "tk",
        W::Aka => "ak",
        W::Zul => "zu",
        W::Sna => "sn",
        W::Afr => "af",
        W::Lat => "la",
        W::Slk => "sk",
        W::Cat => "ca",
        W::Tgl => "tl",
        W::Hye => "hy",
        W::Cym => "cy",
    };
    code.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_for_binary_search() {
        assert!(ISO_639_1.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn parse_codes() {
        let cases = [
            ("en", Some("en")),
            ("EN", Some("en")),
            ("en-US", Some("en")),
            ("pt_BR", Some("pt")),
            (" hy ", Some("hy")),
            ("xx", None),
            ("english", None),
            ("", None),
        ];
        for (input, want) in cases {
            let got = input.parse::<Lang>().ok().map(|l| l.to_string());
            assert_eq!(got.as_deref(), want, "input {input:?}");
        }
    }

    #[test]
    fn stemmer_per_language() {
        let cases = [("en", true), ("ru", true), ("nb", true), ("hy", false), ("az", false)];
        for (code, has) in cases {
            let lang: Lang = code.parse().unwrap();
            assert_eq!(lang.stemmer().is_some(), has, "{code}");
        }
    }

    #[test]
    fn negators() {
        let en = Lang::EN;
        for (w, neg) in [("not", true), ("don't", true), ("n't", false), ("note", false)] {
            assert_eq!(en.is_negator(w), neg, "{w}");
        }
        assert!(Lang::RU.is_negator("не"));
    }

    #[test]
    fn detects_long_english_and_russian() {
        let en = "Armenian Prime Minister Nikol Pashinyan said his country would not hold joint \
                  exercises with Russia this year, saying they were inappropriate.";
        assert_eq!(detect(en).map(|d| d.lang), Some(Lang::EN));
        let ru = "Премьер-министр Армении Никол Пашинян заявил, что его страна не будет проводить \
                  совместные учения с Россией в этом году.";
        assert_eq!(detect(ru).map(|d| d.lang), Some(Lang::RU));
        // Short and unsure, but clearly not English.
        assert_eq!(detect("Ситуация остается напряженной.").map(|d| d.lang), Some(Lang::RU));
        // Short Latin text that the detector is unsure of is left to the default.
        assert_eq!(detect("Talks resume.").map(|d| d.lang), None);
    }
}
