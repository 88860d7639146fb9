//! Speakers: the people and bodies an article names, remembered mention by
//! mention, so that a later short form resolves to the fullest mention: a
//! surname ("Pashinyan"), a role ("the prime minister", "the committee"), a
//! pronoun ("he", "According to her", "сказала она").
//!
//! A pronoun means the most recent person whose gender does not rule it out.
//! A person's gender comes from role words in the mention or its appositive
//! ("spokeswoman", "Mr"), from a first name on the short lists below, from a
//! Russian verb's past-tense ending ("сказала"), or from a pronoun later in
//! the sentence that named them when nobody else was named there ("Anahit
//! Grigoryan has lived in Tegh all her life"). When nothing says, both "he"
//! and "she" may mean the person. People named without speaking ("met the
//! envoy, Thomas Berger") are remembered too, so that "he" after them skips
//! a woman named earlier.

/// A person's grammatical gender, as far as the text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gender {
    /// Nothing in the text says.
    #[default]
    Unknown,
    /// She.
    Female,
    /// He.
    Male,
}

/// Words that cannot start a name: articles and quantifiers.
pub(crate) const DETERMINERS: &[&str] =
    &["the", "a", "an", "this", "that", "these", "those", "such", "some", "many", "several", "other", "another"];

/// Last words that make a capitalized mention an institution, not a person.
pub(crate) const INSTITUTIONS: &[&str] = &[
    "alliance",
    "ministry",
    "council",
    "organization",
    "organisation",
    "union",
    "office",
    "committee",
    "kremlin",
    "government",
    "authorities",
    "parliament",
    "army",
    "forces",
    "agency",
    "service",
    "court",
    "assembly",
    "bank",
    "party",
    "treaty",
    "commission",
    "department",
    "news",
    "times",
    "post",
    "press",
    "tass",
    "ria",
    "afp",
    "reuters",
    "house",
    "state",
    "states",
    "nations",
    "cross",
    "csto",
    "nato",
    "un",
    "eu",
    "federation",
    "association",
    "institute",
    "foundation",
    "corporation",
    "company",
    "group",
    "network",
    "energy",
    "university",
    "league",
    "movement",
    "front",
    "bureau",
    "center",
    "centre",
    "board",
    "authority",
    "police",
    "navy",
    "embassy",
    "mission",
    "society",
    "fund",
    "delegation",
    "media",
    "television",
    "statistics",
];

/// Words in a mention or its appositive that say a person is a woman.
const FEMALE_WORDS: &[&str] = &[
    "spokeswoman",
    "chairwoman",
    "businesswoman",
    "congresswoman",
    "policewoman",
    "mrs",
    "ms",
    "miss",
    "madam",
    "lady",
    "queen",
    "princess",
    "mother",
    "wife",
    "daughter",
    "sister",
    "grandmother",
    "widow",
    "actress",
    "woman",
    "girl",
    "представительница",
    "жительница",
];
/// Words in a mention or its appositive that say a person is a man.
const MALE_WORDS: &[&str] = &[
    "spokesman",
    "chairman",
    "businessman",
    "congressman",
    "policeman",
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "father",
    "husband",
    "son",
    "brother",
    "grandfather",
    "widower",
    "man",
    "boy",
];

/// First names that are usually a woman's, lowercased (a short list of names
/// common in news from the regions framelens is used on; names not listed
/// leave the gender unknown).
const FEMALE_NAMES: &[&str] = &[
    "anna",
    "ani",
    "anahit",
    "armine",
    "gohar",
    "karine",
    "lilit",
    "lusine",
    "mariam",
    "nune",
    "siranush",
    "zara",
    "aysel",
    "aygun",
    "gunel",
    "leyla",
    "nigar",
    "sevda",
    "ayse",
    "elif",
    "emine",
    "fatma",
    "zeynep",
    "nino",
    "tamar",
    "ketevan",
    "maia",
    "salome",
    "elena",
    "irina",
    "natalia",
    "natalya",
    "olga",
    "svetlana",
    "tatiana",
    "tatyana",
    "ekaterina",
    "yekaterina",
    "yulia",
    "maria",
    "marina",
    "nina",
    "daria",
    "sofia",
    "sophia",
    "sophie",
    "oksana",
    "olena",
    "iryna",
    "viktoria",
    "victoria",
    "alexandra",
    "aleksandra",
    "kristina",
    "katarzyna",
    "agnieszka",
    "magdalena",
    "aigerim",
    "gulnara",
    "maryam",
    "fatima",
    "sarah",
    "laura",
    "claire",
    "marie",
    "julia",
    "lena",
    "catherine",
    "katherine",
    "kate",
    "margaret",
    "jane",
    "mary",
    "elizabeth",
    "emma",
    "olivia",
    "hannah",
    "anne",
    "susan",
    "karen",
    "lisa",
    "helen",
    "rachel",
    "rebecca",
    "samantha",
    "jennifer",
    "angela",
    "ursula",
    "alice",
    "eva",
    "ingrid",
    "astrid",
    "lotte",
    "marion",
    "nadia",
    "alison",
    "michelle",
    "nicole",
    "christine",
    "theresa",
    "ines",
    "isabel",
    "isabelle",
    "lucia",
    "marta",
    "martina",
    "margaret",
    "kaja",
    "kaya",
    "annalena",
    "hillary",
    "kamala",
    "анна",
    "анаит",
    "лусине",
    "карине",
    "лилит",
    "гоар",
    "мария",
    "елена",
    "ирина",
    "наталья",
    "ольга",
    "светлана",
    "татьяна",
    "екатерина",
    "юлия",
    "марина",
    "нина",
    "дарья",
    "софия",
];
/// First names that are usually a man's, lowercased.
const MALE_NAMES: &[&str] = &[
    "aram",
    "armen",
    "arman",
    "artur",
    "davit",
    "gevorg",
    "grigor",
    "hayk",
    "hovhannes",
    "levon",
    "narek",
    "nikol",
    "ruben",
    "samvel",
    "serzh",
    "tigran",
    "vardan",
    "ilham",
    "elchin",
    "rauf",
    "tural",
    "kamran",
    "rashad",
    "farid",
    "ramiz",
    "vusal",
    "hikmet",
    "jeyhun",
    "hikmat",
    "mehmet",
    "recep",
    "ahmet",
    "mustafa",
    "ali",
    "hasan",
    "hakan",
    "dmitry",
    "dmitri",
    "sergei",
    "sergey",
    "vladimir",
    "andrei",
    "andrey",
    "alexei",
    "alexey",
    "alexander",
    "mikhail",
    "ivan",
    "pavel",
    "viktor",
    "nikolai",
    "oleg",
    "igor",
    "yuri",
    "boris",
    "konstantin",
    "maxim",
    "levan",
    "giorgi",
    "irakli",
    "zurab",
    "george",
    "thomas",
    "michael",
    "john",
    "james",
    "david",
    "peter",
    "paul",
    "mark",
    "tom",
    "nick",
    "gareth",
    "gordon",
    "carl",
    "dirk",
    "jonas",
    "pieter",
    "hans",
    "klaus",
    "emmanuel",
    "olaf",
    "joe",
    "donald",
    "barack",
    "antony",
    "anthony",
    "josep",
    "charles",
    "william",
    "richard",
    "daniel",
    "matthew",
    "andrew",
    "stephen",
    "steven",
    "frank",
    "henry",
    "pierre",
    "marco",
    "carlos",
    "jose",
    "juan",
    "tomas",
    "piotr",
    "taras",
    "volodymyr",
    "ruslan",
    "nurlan",
    "kassym",
    "reza",
    "hossein",
    "ebrahim",
    "emomali",
    "shavkat",
    "recep",
    "арам",
    "армен",
    "тигран",
    "самвел",
    "рубен",
    "левон",
    "никол",
    "ильхам",
    "дмитрий",
    "сергей",
    "владимир",
    "андрей",
    "алексей",
    "михаил",
    "иван",
    "павел",
    "виктор",
];

/// The gender a first name or a role word says, if any.
pub fn word_gender(word: &str) -> Gender {
    static MAP: std::sync::OnceLock<crate::hash::FastMap<&'static str, Gender>> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| {
        let female = FEMALE_WORDS.iter().chain(FEMALE_NAMES).map(|w| (*w, Gender::Female));
        let male = MALE_WORDS.iter().chain(MALE_NAMES).map(|w| (*w, Gender::Male));
        male.chain(female).collect()
    });
    let w = word.trim_end_matches('.').to_lowercase();
    map.get(w.as_str()).copied().unwrap_or_default()
}

/// Whether a capitalised run of words names a person: it holds a first name
/// or a title the lists know ("Thomas Berger", "Mr Tate"). Runs of unknown
/// names ("Greyline Buses") are left to the attribution that may name them.
pub fn names_a_person(words: &[&str]) -> bool {
    words.len() >= 2
        && !words.last().is_some_and(|w| INSTITUTIONS.contains(&w.to_lowercase().as_str()))
        && words.iter().any(|w| word_gender(w) != Gender::Unknown)
}

fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

#[derive(Debug, Clone)]
struct Mention {
    text: String,
    /// Lowercased words without determiners.
    words: Vec<String>,
    person: bool,
    gender: Gender,
    role: String,
}

impl Mention {
    fn key(&self) -> String {
        let strip = |w: &str| w.strip_suffix("'s").unwrap_or(w).to_string();
        if self.person {
            self.words.last().map(|w| strip(w)).unwrap_or_default()
        } else {
            self.words.iter().map(|w| strip(w)).collect::<Vec<_>>().join(" ")
        }
    }
}

/// Who a subject resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolved {
    /// The fullest mention ("Kremlin spokesman Dmitry Peskov").
    pub speaker: String,
    /// The grouping key ("peskov", "armenian authorities").
    pub key: String,
    /// What an appositive says the speaker is ("a spokesman for the State
    /// Revenue Committee"), from this mention or an earlier one.
    pub role: String,
}

/// Mentions a registry remembers: the most recently named or quoted. A
/// pronoun or a surname points back a few sentences, not hundreds of names;
/// without a bound, an article with thousands of names (a 50 MB article, a
/// long transcript) took time that grew with its square.
const MENTIONS: usize = 64;

/// The mentions of one article, least recently used first.
#[derive(Debug, Default)]
pub struct Registry {
    mentions: Vec<Mention>,
}

fn content_words(mention: &str) -> Vec<String> {
    mention
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’').to_lowercase().replace('’', "'")
        })
        .filter(|w| !w.is_empty() && !DETERMINERS.contains(&w.as_str()))
        .collect()
}

fn mention_gender(text: &str, role: &str) -> Gender {
    let mut found = Gender::Unknown;
    for w in text.split_whitespace().chain(role.split_whitespace()) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match word_gender(w) {
            Gender::Unknown => {}
            g if found == Gender::Unknown => found = g,
            g if g != found => return Gender::Unknown,
            _ => {}
        }
    }
    found
}

impl Registry {
    /// Moves a mention to the end: the most recent one is whom a pronoun means.
    fn touch(&mut self, i: usize) -> &Mention {
        let m = self.mentions.remove(i);
        self.mentions.push(m);
        self.mentions.last().unwrap_or_else(|| unreachable!())
    }

    /// Adds a mention as the most recent, forgetting the least recently
    /// used beyond [`MENTIONS`].
    fn remember(&mut self, m: Mention) {
        if self.mentions.len() >= MENTIONS {
            self.mentions.remove(0);
        }
        self.mentions.push(m);
    }

    fn resolved(m: &Mention) -> Resolved {
        Resolved { speaker: m.text.clone(), key: m.key(), role: m.role.clone() }
    }

    /// The most recent person a pronoun of this gender can mean.
    fn pronoun(&self, g: Gender) -> Option<&Mention> {
        self.mentions.iter().rev().find(|m| m.person && (g == Gender::Unknown || m.gender != opposite(g)))
    }

    /// Resolves the subject of an attribution (`mention`, with the role an
    /// appositive gives it and the gender its verb shows) and remembers it
    /// when it is a full mention.
    pub fn resolve(&mut self, mention: &str, role: &str, hint: Gender) -> Resolved {
        let content = content_words(mention);
        if content.len() == 1 {
            let g = match content[0].as_str() {
                "he" | "him" | "он" | "его" => Some(Gender::Male),
                "she" | "her" | "она" | "её" | "ее" => Some(Gender::Female),
                _ => None,
            };
            if let Some(g) = g {
                return match self.pronoun(g) {
                    Some(m) => Self::resolved(m),
                    None => Resolved { speaker: mention.to_string(), key: content[0].clone(), role: String::new() },
                };
            }
            if content[0] == "it"
                && let Some(m) = self.mentions.iter().rev().find(|m| !m.person)
            {
                return Self::resolved(m);
            }
        }
        // A surname alone, or a role such as "the prime minister".
        let found = self.mentions.iter().rposition(|m| {
            m.words.len() > content.len()
                && ((content.len() == 1 && m.words.last() == content.last())
                    || m.words.windows(content.len()).any(|w| w == content.as_slice()))
        });
        if let Some(i) = found {
            let m = &mut self.mentions[i];
            if m.role.is_empty() {
                m.role = role.to_string();
            }
            if m.gender == Gender::Unknown {
                m.gender = hint;
            }
            return Self::resolved(self.touch(i));
        }
        let raw: Vec<&str> = mention.split_whitespace().collect();
        let trailing_caps = raw.iter().rev().take_while(|w| is_capitalized(w)).count();
        let last = content.last().map(String::as_str).unwrap_or("");
        // An organisation's name often ends in a capitalised run too ("National
        // Farmers’ Federation"); a possessive inside it, or a last word that names
        // a kind of body, tells it from a person's name.
        let possessive = raw.iter().any(|w| w.contains('’') || w.contains('\''));
        let person = trailing_caps >= 2
            && !possessive
            && !INSTITUTIONS.contains(&last)
            && !mention.chars().all(|c| !c.is_lowercase());
        let mut gender = mention_gender(mention, role);
        if gender == Gender::Unknown {
            gender = hint;
        }
        let m = Mention { text: mention.to_string(), words: content, person, gender, role: role.to_string() };
        let out = Self::resolved(&m);
        if m.words.len() >= 2 || m.person || !self.mentions.iter().any(|r| r.words == m.words) {
            self.remember(m);
        }
        out
    }

    /// Remembers a person named in the text without speaking ("met the
    /// envoy, Thomas Berger"), or makes an earlier one the most recent again
    /// when only the surname is written ("Later Avetyan met …").
    pub fn note(&mut self, words: &[&str], role: &str) {
        let content = content_words(&words.join(" "));
        if content.is_empty() {
            return;
        }
        if let Some(i) = self.mentions.iter().rposition(|m| {
            m.person
                && (m.words == content || (content.len() == 1 && m.words.len() > 1 && m.words.last() == content.last()))
        }) {
            self.touch(i);
            return;
        }
        if names_a_person(words) {
            let text = words.join(" ");
            let gender = mention_gender(&text, role);
            self.remember(Mention { text, words: content, person: true, gender, role: role.to_string() });
        }
    }

    /// Gives the most recent person a gender the text shows, when nothing
    /// said it before.
    pub fn evidence(&mut self, g: Gender) {
        if let Some(m) = self.mentions.iter_mut().rev().find(|m| m.person)
            && m.gender == Gender::Unknown
        {
            m.gender = g;
        }
    }
}

fn opposite(g: Gender) -> Gender {
    match g {
        Gender::Female => Gender::Male,
        Gender::Male => Gender::Female,
        Gender::Unknown => Gender::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pronouns_skip_a_person_of_the_other_gender() {
        let mut r = Registry::default();
        r.note(&["Deputy", "Foreign", "Minister", "Lusine", "Avetyan"], "");
        r.note(&["Thomas", "Berger"], "");
        assert_eq!(r.resolve("She", "", Gender::Unknown).key, "avetyan");
        assert_eq!(r.resolve("he", "", Gender::Unknown).key, "berger");
        assert_eq!(r.resolve("Berger", "", Gender::Unknown).speaker, "Thomas Berger");
        // A person whose gender is unknown can be either.
        let known = r.mentions.len();
        r.note(&["Xor", "Qlyp"], "");
        assert_eq!(r.mentions.len(), known, "unknown names are not taken for people");
        r.resolve("Xor Qlyp", "a spokeswoman for the port", Gender::Unknown);
        assert_eq!(r.resolve("she", "", Gender::Unknown).key, "qlyp", "the appositive says she is a woman");
        assert_eq!(r.resolve("he", "", Gender::Unknown).key, "berger");
    }

    #[test]
    fn roles_and_bodies_resolve_to_their_full_mention() {
        let mut r = Registry::default();
        let full = r.resolve("the State Customs Committee", "", Gender::Unknown);
        assert_eq!(full.key, "state customs committee");
        assert_eq!(r.resolve("the committee", "", Gender::Unknown).speaker, "the State Customs Committee");
        let aliyev = r.resolve("Rauf Aliyev", "the committee’s deputy head", Gender::Unknown);
        assert_eq!((aliyev.key.as_str(), aliyev.role.as_str()), ("aliyev", "the committee’s deputy head"));
        assert_eq!(r.resolve("Aliyev", "", Gender::Unknown).role, "the committee’s deputy head");
        assert_eq!(r.resolve("it", "", Gender::Unknown).key, "state customs committee");
    }

    #[test]
    fn a_registry_remembers_the_most_recently_used_names_only() {
        let mut r = Registry::default();
        // An early speaker who keeps being quoted stays; names mentioned
        // once, long ago, are forgotten, and the registry stays small.
        r.resolve("Thomas Berger", "", Gender::Unknown);
        for i in 0..1000 {
            r.resolve(&format!("Officer Number{i} Smith{i}"), "", Gender::Unknown);
            if i % 10 == 0 {
                assert_eq!(r.resolve("Berger", "", Gender::Unknown).speaker, "Thomas Berger");
            }
        }
        assert!(r.mentions.len() <= MENTIONS, "{} mentions kept", r.mentions.len());
        assert_eq!(r.resolve("Smith999", "", Gender::Unknown).speaker, "Officer Number999 Smith999");
        assert_eq!(r.resolve("Smith3", "", Gender::Unknown).speaker, "Smith3", "forgotten, so taken as given");
    }

    #[test]
    fn gender_from_words_names_and_hints() {
        let cases = [
            ("Spokeswoman", Gender::Female),
            ("Mr.", Gender::Male),
            ("Anahit", Gender::Female),
            ("Samvel", Gender::Male),
            ("Greyline", Gender::Unknown),
        ];
        for (w, g) in cases {
            assert_eq!(word_gender(w), g, "{w}");
        }
        let mut r = Registry::default();
        r.resolve("Анна Оганесян", "", Gender::Unknown);
        r.resolve("Самвел Авагян", "", Gender::Unknown);
        assert_eq!(r.resolve("она", "", Gender::Unknown).key, "оганесян");
        let mut r = Registry::default();
        r.resolve("Xor Qlyp", "", Gender::Female);
        r.note(&["Thomas", "Berger"], "");
        assert_eq!(r.resolve("she", "", Gender::Unknown).key, "qlyp", "a verb's ending told");
    }
}
