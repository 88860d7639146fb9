//! Claim extraction: turns each sentence of an article into a claim record.
//! A reporting cue ("said", "according to", "denied") in the narrator's
//! words, with a plausible subject before it (or after it, in "…,” said X"),
//! makes the sentence attributed; a sentence that is mostly a direct
//! quotation is `direct`; anything else the narrator asserts. Pronouns,
//! surnames and roles ("he", "Pashinyan", "the prime minister") resolve to the
//! last full mention of a speaker in the same article.

use std::ops::Range;

use crate::claims::numbers::{self, Number};
use crate::claims::speakers::{DETERMINERS, Gender, Registry};
use crate::claims::{Cues, Form, Stance};
use crate::features;
use crate::lang::Lang;
use crate::stopwords::is_stopword;
use crate::text::voice::Voice;
use crate::text::{Token, Tokens};

/// One sentence as a claim.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    /// 1-based sentence and paragraph numbers in the article.
    pub sentence: u32,
    /// 1-based paragraph number.
    pub paragraph: u32,
    /// Byte offsets into the article body.
    pub start: usize,
    /// End of the sentence (exclusive).
    pub end: usize,
    /// The sentence as written.
    pub text: String,
    /// Who the claim is attributed to, resolved to the fullest mention in the
    /// article ("Kremlin spokesman Dmitry Peskov"); empty when asserted.
    pub speaker: String,
    /// A short key that groups mentions of one speaker across outlets
    /// ("peskov", "analysts", "armenian authorities").
    pub speaker_key: String,
    /// The speaker as written in this sentence ("he").
    pub mention: String,
    /// What an appositive says the speaker is ("a spokesman for the State
    /// Revenue Committee"), given here or where the speaker was first named.
    pub speaker_role: String,
    /// The reporting cue as written, lowercased ("said", "according to").
    pub cue: String,
    /// The cue's stance; `None` when the sentence has no cue.
    pub stance: Option<Stance>,
    /// Asserted, indirect or direct.
    pub form: Form,
    /// Hedge and distancing terms from the lexicon hits in the sentence.
    pub hedges: Vec<String>,
    /// Other loaded terms from the lexicon hits in the sentence.
    pub loaded: Vec<String>,
    /// Numbers and dates, normalised so versions can be compared.
    pub numbers: Vec<Number>,
    /// Hashed alignment features: light stems of content words, numbers and
    /// the facts counted ("killed"), sorted and without repeats.
    pub features: Vec<u64>,
    /// Hashed runs of three words inside one quotation, sorted and without
    /// repeats (kept apart: they make copies of a quotation alike, but would
    /// drown the words a paraphrase shares).
    pub quoted: Vec<u64>,
    /// Bytes at the start of the text that are a dateline ("YEREVAN, April
    /// 11 (Northbridge) -"), left out of features and comparisons; the
    /// whole text for a byline, a dateline or a sign-off standing alone.
    pub lead: usize,
    /// What the sentence negates or denies.
    pub negations: Vec<Negation>,
}

/// A negation in a sentence ("has not received", "no ceasefire", "denied
/// reports that Azerbaijani forces withdrew"): what another version must
/// affirm for the two to contradict each other.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Negation {
    /// The words as written, from the negator to the last word negated.
    pub phrase: String,
    /// Features (as in [`Claim::features`]) of the words negated.
    pub targets: Vec<u64>,
    /// Those words, lowercased.
    pub words: Vec<String>,
    /// How many of `targets` the other version must contain.
    pub need: u8,
}

/// Share of a sentence's words inside a full quotation from which it counts as a direct quote.
pub const DIRECT_SHARE: f64 = 0.4;
/// Longest subject (in words) accepted before a cue.
const MAX_SUBJECT: usize = 8;

const LEADING_SKIP: &[&str] = &[
    "but",
    "and",
    "however",
    "meanwhile",
    "also",
    "earlier",
    "later",
    "then",
    "so",
    "yet",
    "still",
    "now",
    "separately",
    "instead",
    "moreover",
    "furthermore",
    "thus",
    "indeed",
    "while",
    "as",
];
const TRAILING_SKIP: &[&str] = &[
    "also",
    "repeatedly",
    "earlier",
    "later",
    "again",
    "previously",
    "recently",
    "then",
    "today",
    "yesterday",
    "tonight",
    "reportedly",
    "allegedly",
    "has",
    "had",
    "have",
    "was",
    "were",
    "is",
    "are",
    "would",
    "will",
    "did",
    "does",
    "do",
    "once",
    "publicly",
    "openly",
    "separately",
    "last",
    "this",
    "on",
    "in",
    "week",
    "month",
    "year",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "himself",
    "herself",
    "itself",
    "themselves",
    "who",
    "which",
    "not",
    "never",
    "firmly",
    "flatly",
    "strongly",
    "immediately",
    "quickly",
    "swiftly",
    "further",
    "first",
];
const RELATIVE: &[&str] =
    &["which", "that", "who", "whom", "what", "where", "when", "whose", "whether", "if", "because"];
const PRONOUNS: &[&str] =
    &["he", "she", "they", "it", "we", "i", "him", "her", "them", "он", "она", "они", "его", "её", "ее", "них"];
const SPEAKER_NOUNS: &[&str] = &[
    "analysts",
    "officials",
    "experts",
    "observers",
    "critics",
    "residents",
    "sources",
    "diplomats",
    "witnesses",
    "authorities",
    "government",
    "ministry",
    "police",
    "army",
    "military",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "people",
    "locals",
    "protesters",
    "activists",
    "lawmakers",
    "deputies",
    "leaders",
    "commentators",
    "media",
    "reports",
    "statement",
    "officers",
    "minister",
    "president",
    "leader",
    "observer",
    "expert",
    "analyst",
    "official",
    "lawyers",
    "lawyer",
    "doctors",
    "doctor",
    "medics",
    "rescuers",
    "prosecutors",
    "prosecutor",
    "investigators",
    "villagers",
    "farmers",
    "drivers",
    "workers",
    "teachers",
    "relatives",
    "families",
    "survivors",
    "volunteers",
    "organisers",
    "organizers",
    "campaigners",
    "researchers",
    "economists",
    "statistics",
    "figures",
    "television",
    "newspaper",
    "agency",
    "union",
    "diplomat",
    "source",
    "spokesperson",
    "head",
    "chief",
    "director",
    "chair",
    "chairman",
    "chairwoman",
    "commander",
    "governor",
    "mayor",
    "ambassador",
    "envoy",
    "representative",
    "office",
    "council",
    "committee",
    "commission",
    "company",
    "operator",
];
/// Cue words that are also nouns ("media reports said"): not a cue when
/// another cue follows soon without "that" or a comma between.
const CUE_NOUNS: &[&str] = &["reports", "report", "claims", "claim"];
/// English cues that may come before their subject at the end of a
/// sentence ("…, said the ministry"); others take an object there ("…,
/// welcomed the news").
const INVERTIBLE: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "asked",
    "noted",
    "explained",
    "continued",
    "wrote",
    "reported",
    "replied",
    "answered",
    "insisted",
    "claimed",
    "stressed",
    "argued",
    "admitted",
    "warned",
    "observed",
    "recalled",
    "concluded",
    "declared",
    "announced",
    "confirmed",
    "told",
];
/// Words that start an aside between a speaker and the cue ("The justice
/// minister, speaking to reporters, said"; "The office, for its part, said").
const ASIDE: &[&str] = &[
    "who",
    "which",
    "whose",
    "whom",
    "for",
    "in",
    "at",
    "on",
    "with",
    "after",
    "before",
    "however",
    "meanwhile",
    "though",
    "too",
    "also",
    "then",
    "now",
    "according",
    "citing",
    "speaking",
    "writing",
    "asked",
];
/// Words that cannot be inside a speaker's name or description: a subject
/// holding one is really a clause ("traffic was blocked by activists").
const NOT_IN_SUBJECT: &[&str] =
    &["was", "were", "is", "are", "been", "being", "be", "has", "have", "had", "who", "which", "that", "whose", "by"];
/// Words that end a subject found after its cue ("said Dmitry Peskov in a
/// statement", "сказал Песков журналистам").
const AFTER_SUBJECT: &[&str] = &[
    "in",
    "at",
    "on",
    "to",
    "during",
    "after",
    "before",
    "from",
    "with",
    "for",
    "when",
    "while",
    "as",
    "on",
    "adding",
    "в",
    "на",
    "во",
    "по",
    "с",
    "со",
    "для",
    "журналистам",
    "репортерам",
    "агентству",
];
/// The alignment features of some tokens: light stems of content words,
/// numbers, and the facts numbers count; and, apart, every run of three
/// words inside one quotation (shared quoted words are the strongest sign
/// that two sentences report the same thing).
pub fn features(tokens: &Tokens, toks: &[Token], nums: &[Number], lang: Lang) -> (Vec<u64>, Vec<u64>) {
    let mut f: Vec<u64> = toks
        .iter()
        .filter(|t| t.alphabetic && !is_stopword(lang, tokens.base(t)))
        .flat_map(|t| {
            // "died" and "were killed", "injured" and "wounded" say the same.
            let fact = numbers::fact_of(tokens.norm(t)).map(features::fact_word);
            std::iter::once(features::stem(tokens.stem(t))).chain(features::metonym(tokens.base(t))).chain(fact)
        })
        .chain(nums.iter().map(|n| features::number(&n.value)))
        .chain(nums.iter().filter(|n| !n.fact.is_empty()).map(|n| features::fact(&n.fact)))
        .collect();
    f.sort_unstable();
    f.dedup();
    let mut q: Vec<u64> = toks
        .windows(3)
        .filter(|w| w[0].quote != u32::MAX && w[0].quote == w[2].quote)
        .map(|w| features::quoted([tokens.norm(&w[0]), tokens.norm(&w[1]), tokens.norm(&w[2])]))
        .collect();
    q.sort_unstable();
    q.dedup();
    (f, q)
}

/// Words that negate what follows them.
const NEGATORS: &[&str] = &[
    "not",
    "no",
    "never",
    "none",
    "nothing",
    "nobody",
    "neither",
    "nor",
    "cannot",
    "не",
    "нет",
    "ни",
    "никто",
    "ничего",
    "никогда",
];
/// Words after a negator that are not what it negates.
const NEGATION_SKIP: &[&str] =
    &["any", "longer", "yet", "even", "been", "be", "single", "such", "further", "more", "ever"];
/// Nouns a denial names rather than denies ("denied reports that …").
const REPORT_NOUNS: &[&str] = &[
    "report",
    "reports",
    "claim",
    "claims",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "suggestion",
    "suggestions",
    "charge",
    "charges",
    "rumour",
    "rumours",
    "rumor",
    "rumors",
    "statement",
    "statements",
    "media",
];

fn is_negator(w: &str) -> bool {
    // Every word is checked: the lengths rule most out at once.
    (w.len() <= 16 && NEGATORS.contains(&w)) || (w.len() > 3 && w.ends_with("n't"))
}

/// The negations of a sentence: each negator with the first content word it
/// negates, and a denial cue with the first content words of what is denied.
fn negations(
    body: &str,
    tokens: &Tokens,
    toks: &[Token],
    words: &[&str],
    from: usize,
    denials: &[(usize, usize)],
    lang: Lang,
) -> Vec<Negation> {
    let content = |k: usize| {
        toks[k].alphabetic
            && !is_stopword(lang, tokens.base(&toks[k]))
            && !is_negator(words[k])
            && !NEGATION_SKIP.contains(&words[k])
    };
    let phrase = |a: usize, b: usize| body[toks[a].start..toks[b].end].to_string();
    let mut out = Vec::new();
    for i in from..toks.len() {
        if !is_negator(words[i]) {
            continue;
        }
        // Set phrases that do not negate the claim.
        let next = words.get(i + 1).copied().unwrap_or("");
        if matches!(next, "only" | "least") || (i > 0 && words[i - 1] == "or" && words[i] == "not") {
            continue;
        }
        if let Some(t) = (i + 1..toks.len().min(i + 5)).find(|&k| content(k)) {
            let aux = i > from
                && matches!(
                    words[i - 1],
                    "has" | "have" | "had" | "is" | "are" | "was" | "were" | "did" | "does" | "do" | "will" | "would"
                );
            out.push(Negation {
                phrase: phrase(if aux { i - 1 } else { i }, t),
                targets: vec![features::stem(tokens.stem(&toks[t]))],
                words: vec![words[t].to_string()],
                need: 1,
            });
        }
    }
    for &(cue, n) in denials {
        let targets: Vec<usize> =
            (cue + n..toks.len()).filter(|&k| content(k) && !REPORT_NOUNS.contains(&words[k])).take(3).collect();
        if let Some(&last) = targets.last() {
            out.push(Negation {
                phrase: phrase(cue, last),
                targets: targets.iter().map(|&k| features::stem(tokens.stem(&toks[k]))).collect(),
                words: targets.iter().map(|&k| words[k].to_string()).collect(),
                need: targets.len().min(2) as u8,
            });
        }
    }
    out
}

/// Words a byline or sign-off starts with.
const SIGN_OFF: &[&str] = &["reporting", "writing", "editing", "additional", "compiled", "by"];

/// How many leading words of a sentence are not its content: a dateline
/// ("YEREVAN/BAKU, April 11 (Northbridge) -", "Baku (AMP) -"), or the whole
/// sentence when it is a dateline, a byline ("By Catherine Ellwood") or a
/// sign-off ("(Reporting by …)", "— Northbridge") standing alone.
fn lead_words(body: &str, toks: &[Token], words: &[&str], sentence_start: usize, first_in_paragraph: bool) -> usize {
    let n = toks.len();
    if n == 0 {
        return 0;
    }
    let written = |k: usize| &body[toks[k].start..toks[k].end];
    let capital = |k: usize| written(k).chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let all_caps = |k: usize| {
        let w = written(k);
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    let before = &body[sentence_start..toks[0].start];
    let after = &body[toks[n - 1].end..];
    let after = &after[..after.find('\n').unwrap_or(after.len())];
    let names = (1..n).all(|k| capital(k) || matches!(words[k], "and" | "in" | "at" | "by" | "of" | "de" | "von"));
    // "(Reporting by …; Editing by …)", "— Northbridge", "By Catherine Ellwood".
    if before.contains('(') && SIGN_OFF.contains(&words[0]) && after.trim_start().starts_with(')')
        || before.chars().any(|c| matches!(c, '—' | '–' | '-')) && n <= 3 && (0..n).all(capital)
        || words[0] == "by" && (2..=5).contains(&n) && names && !after.trim_start().starts_with('.')
    {
        return n;
    }
    if !first_in_paragraph {
        return 0;
    }
    let datelike = |k: usize| capital(k) || super::numbers::is_month(words[k]);
    // A dateline standing alone: "Baku, September 13, CSN.", "MOSCOW, September 13.", "BAKU".
    if n <= 6 && (0..n).all(datelike) && (0..n).any(|k| all_caps(k) || super::numbers::is_month(words[k])) {
        return n;
    }
    for j in 1..n.min(12) {
        let gap = &body[toks[j - 1].end..toks[j].start];
        if gap.contains(['—', '–']) || gap.contains(" - ") || gap.contains("--") {
            let parenthesised = body[toks[0].start..toks[j - 1].end].contains('(') || gap.contains(')');
            let looks = (0..j).all(datelike) && ((0..j).any(all_caps) || parenthesised);
            return if looks { j } else { 0 };
        }
        if gap.contains(['"', '“', '”', '«', ';', ':']) || gap.contains('.') && !super::numbers::is_month(words[j - 1])
        {
            return 0;
        }
    }
    0
}

fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Hit terms of a sentence, split into hedges (hedge, distancing) and other
/// loaded terms, as written in the text.
pub type SentenceTerms = (Vec<String>, Vec<String>);

/// A speaker found for a cue: the words naming them, and an appositive that
/// says what they are.
#[derive(Debug, Clone, PartialEq)]
struct Subject {
    name: Range<usize>,
    role: Option<Range<usize>>,
}

/// Extracts one claim per sentence of an article. `terms[s]` holds the lexicon
/// hits of sentence `s` (see [`SentenceTerms`]).
pub fn extract(body: &str, tokens: &Tokens, terms: &[SentenceTerms], cues: &Cues, lang: Lang) -> Vec<Claim> {
    let mut out = Vec::with_capacity(tokens.sentences.len());
    // Words written with a capital inside a sentence somewhere in the article
    // are names; a capital at the start of a sentence alone proves nothing.
    let names: std::collections::HashSet<&str> = tokens
        .sentences
        .iter()
        .flat_map(|s| tokens.sentence_tokens(s).iter().skip(1))
        .filter(|t| is_capitalized(&body[t.start..t.end]))
        .map(|t| tokens.base(t))
        .collect();
    let mut registry = Registry::default();
    let mut previous: Option<(String, String, String, u32, Form)> = None; // speaker, key, role, paragraph, form
    for (si, s) in tokens.sentences.iter().enumerate() {
        let toks = tokens.sentence_tokens(s);
        let words: Vec<&str> = toks.iter().map(|t| tokens.norm(t)).collect();
        // The text before each word, and after the last.
        let gaps: Vec<&str> = toks
            .iter()
            .scan(s.start, |prev, t| {
                let g = &body[(*prev).min(t.start)..t.start];
                *prev = t.end;
                Some(g)
            })
            .chain(toks.last().map(|t| &body[t.end..s.end.max(t.end)]))
            .collect();
        let first_in_paragraph = si == 0 || tokens.sentences[si - 1].paragraph != s.paragraph;
        let lead = lead_words(body, toks, &words, s.start, first_in_paragraph);
        let dash = dash_quote(body, s.start, toks, lead);
        let quoted = toks.iter().enumerate().filter(|(k, t)| t.voice == Voice::Quote || *k < dash).count();
        let share = quoted as f64 / toks.len().max(1) as f64;
        let nums = numbers::extract(&words[lead..], &gaps[lead..], lang);
        let paragraph = s.paragraph + 1;

        let sentence = Sentence { body, tokens, toks, words: &words, names: &names, cues, lang, lead, dash };
        // The cue starting at each word in the narrator's voice, looked up once.
        let cue_at: Vec<Option<(usize, Stance)>> = (0..toks.len())
            .map(|i| if toks[i].voice.is_outlets() && i >= lead { cues.at(lang, &words, i, false) } else { None })
            .collect();
        let mut found: Option<(usize, usize, Stance, Subject)> = None;
        for i in lead.max(dash)..toks.len() {
            if !toks[i].voice.is_outlets() {
                continue;
            }
            // Within three words after a quotation ("…,” he continued) the
            // cues that count only there count too.
            let after_quote = (i.saturating_sub(3)..i).any(|j| toks[j].quote != u32::MAX || (j < dash && j + 3 >= i));
            let found_here = cue_at[i].or_else(|| if after_quote { cues.at(lang, &words, i, true) } else { None });
            let Some((n, stance)) = found_here else { continue };
            // "so-called" is no cue, nor any word joined to the one before by a hyphen.
            let joined = i > 0 && {
                let g = sentence.gap(i);
                !g.is_empty() && g.chars().all(crate::normal::is_hyphen)
            };
            if !toks[i + n - 1].voice.is_outlets() || joined || sentence.noun_not_cue(i) {
                continue;
            }
            if let Some(subject) = sentence.subject(i, n) {
                found = Some((i, n, stance, subject));
                break;
            }
        }

        let (feats, quoted_feats) = features(tokens, &toks[lead..], &nums, lang);
        // Every denial in the narrator's words, not only the attribution's
        // cue: "Yerevan has accused Azerbaijan of closing the road, while Baku
        // denies blocking the corridor" denies too.
        let denials: Vec<(usize, usize)> =
            (lead..toks.len()).filter_map(|i| cue_at[i].filter(|c| c.1 == Stance::Denial).map(|c| (i, c.0))).collect();
        let mut claim = Claim {
            sentence: si as u32 + 1,
            paragraph,
            start: s.start,
            end: s.end,
            text: body[s.start..s.end].to_string(),
            speaker: String::new(),
            speaker_key: String::new(),
            mention: String::new(),
            speaker_role: String::new(),
            cue: String::new(),
            stance: None,
            form: Form::Asserted,
            hedges: terms.get(si).map(|t| t.0.clone()).unwrap_or_default(),
            loaded: terms.get(si).map(|t| t.1.clone()).unwrap_or_default(),
            negations: negations(body, tokens, toks, &words, lead, &denials, lang),
            numbers: nums,
            features: feats,
            quoted: quoted_feats,
            lead: toks.get(lead).map_or(s.end, |t| t.start) - s.start,
        };
        let text = |r: &Range<usize>| body[toks[r.start].start..toks[r.end - 1].end].to_string();
        // People named in the sentence, in text order, the speaker among them.
        let subject_range = found.as_ref().map(|f| f.3.name.clone());
        let mut named_people = 0;
        for (r, is_subject) in sentence.name_runs(subject_range.as_ref()) {
            if is_subject {
                let Some((i, n, stance, subject)) = &found else { continue };
                let role = subject.role.as_ref().map(text).unwrap_or_default();
                // A Russian verb in the past tense shows the speaker's gender.
                let hint = if lang == Lang::RU && words[*i].ends_with("ла") {
                    Gender::Female
                } else if lang == Lang::RU && words[*i].ends_with('л') {
                    Gender::Male
                } else {
                    Gender::Unknown
                };
                let mention = text(&r);
                let who = registry.resolve(&mention, &role, hint);
                claim.cue = words[*i..*i + *n].join(" ");
                claim.stance = Some(*stance);
                // A quotation that opens the sentence with its cue right after
                // it is quoted speech however short ("“Finally,” said X").
                let opens_quoted = toks.get(lead).is_some_and(|t| t.quote != u32::MAX) || dash > lead;
                let quote_end = (lead..*i).rev().find(|&j| toks[j].quote != u32::MAX || j < dash);
                let right_after = quote_end.is_some_and(|q| *i <= q + 3 || r.end <= *i && r.start <= q + 2);
                claim.form =
                    if share >= DIRECT_SHARE || (opens_quoted && right_after) { Form::Direct } else { Form::Indirect };
                claim.mention = mention;
                claim.speaker = who.speaker;
                claim.speaker_key = who.key;
                claim.speaker_role = who.role;
                named_people += usize::from(!PRONOUNS.contains(&words[r.start]) || r.len() > 1);
            } else {
                let run: Vec<&str> = r.clone().map(|k| sentence.written(k)).collect();
                registry.note(&run, "");
                named_people += usize::from(run.len() > 1);
            }
        }
        // "Anahit Grigoryan has lived in Tegh all her life": a pronoun after
        // the only person the sentence names can only mean that person.
        if named_people == 1 {
            let first = subject_range.map_or(lead, |r| r.end);
            let (mut she, mut he) = (false, false);
            for w in &words[first.min(words.len())..] {
                she |= matches!(*w, "she" | "her" | "herself" | "она" | "её" | "ее");
                he |= matches!(*w, "he" | "his" | "him" | "himself" | "он" | "его");
            }
            if she != he {
                registry.evidence(if she { Gender::Female } else { Gender::Male });
            }
        }
        if found.is_none() && share >= DIRECT_SHARE {
            claim.form = Form::Direct;
            // A quotation standing (almost) alone continues the speaker of the
            // sentence before it, in the same or the previous paragraph.
            if let Some((sp, key, role, p, form)) = &previous
                && share >= 0.8
                && *form != Form::Asserted
                && paragraph.saturating_sub(*p) <= 1
            {
                claim.speaker = sp.clone();
                claim.speaker_key = key.clone();
                claim.speaker_role = role.clone();
            }
        }
        previous =
            Some((claim.speaker.clone(), claim.speaker_key.clone(), claim.speaker_role.clone(), paragraph, claim.form));
        out.push(claim);
    }
    out
}

/// How many leading words of a sentence are a quotation led by a dash, in
/// the style of Russian and translated copy ("— We will not leave, — she
/// said."): the words up to the next dash, or all of them. 0 when the
/// sentence does not open with a dash.
fn dash_quote(body: &str, sentence_start: usize, toks: &[Token], lead: usize) -> usize {
    // After a dateline the dash is the dateline's ("YEREVAN — The government said").
    let Some(first) = toks.first().filter(|_| lead == 0) else { return 0 };
    let before = body[sentence_start.min(first.start)..first.start].trim();
    if !matches!(before, "—" | "–") {
        return 0;
    }
    let is_dash = |k: usize| body[toks[k - 1].end..toks[k].start].contains(['—', '–']);
    (lead + 1..toks.len()).find(|&k| is_dash(k)).unwrap_or(toks.len())
}

/// True when the text between two tokens holds punctuation that ends a phrase.
fn boundary(body: &str, a: &Token, b: &Token) -> bool {
    body[a.end..b.start]
        .chars()
        .any(|c| matches!(c, ',' | ';' | ':' | '(' | ')' | '“' | '”' | '«' | '»' | '"' | '—' | '–' | '„' | '.'))
}

/// What subject finding needs to know about a sentence.
struct Sentence<'a> {
    body: &'a str,
    tokens: &'a Tokens,
    toks: &'a [Token],
    words: &'a [&'a str],
    names: &'a Names<'a>,
    cues: &'a Cues,
    lang: Lang,
    /// Words of a dateline at the start.
    lead: usize,
    /// Words of a dash-led quotation at the start (see [`dash_quote`]).
    dash: usize,
}

type Names<'a> = std::collections::HashSet<&'a str>;

impl Sentence<'_> {
    fn gap(&self, k: usize) -> &str {
        &self.body[self.toks[k - 1].end..self.toks[k].start]
    }

    /// Whether a cue word at `i` is a noun here: "media reports said",
    /// "Unconfirmed reports on social media said".
    fn noun_not_cue(&self, i: usize) -> bool {
        if !CUE_NOUNS.contains(&self.words[i]) {
            return false;
        }
        for j in i + 1..self.toks.len().min(i + 7) {
            if self.words[j] == "that" || self.gap(j).contains(',') {
                return false;
            }
            if self.toks[j].voice.is_outlets() && self.cues.at(self.lang, self.words, j, false).is_some() {
                return true;
            }
        }
        false
    }

    /// The speaker of the cue at `i` (`n` words long), if the sentence names one.
    fn subject(&self, i: usize, n: usize) -> Option<Subject> {
        let w = self.words[i];
        // "According to X", "По словам X", "Как сообщает X, …".
        let leads = matches!(w, "according" | "по") || (i == self.lead + 1 && self.words[self.lead] == "как");
        if leads {
            return self.subject_after(i + n, i);
        }
        match self.subject_before(i) {
            Some(r) if r.is_empty() => self.appositive_before(i).or_else(|| self.subject_after(i + n, i)),
            Some(r) => Some(Subject { name: r, role: None }),
            None => self.name_of_body(i),
        }
    }

    /// The subject before the cue at token `i`: `Some(empty)` when a
    /// boundary sits right before the cue, `None` when no acceptable subject
    /// is there.
    fn subject_before(&self, i: usize) -> Option<Range<usize>> {
        let mut j = i;
        while j > self.lead.max(self.dash) {
            let t = &self.toks[j - 1];
            if !t.voice.is_outlets() || boundary(self.body, t, &self.toks[j]) {
                break;
            }
            j -= 1;
            if i - j > MAX_SUBJECT + 4 {
                return None;
            }
        }
        if j == i {
            return Some(i..i);
        }
        self.trim(j..i)
    }

    /// "Narek Tonoyan of the Caucasus Policy Centre in Yerevan said": a name
    /// followed by the body it speaks for, too long for a subject as a whole.
    fn name_of_body(&self, i: usize) -> Option<Subject> {
        let seg = self.segment_before(i)?;
        let of =
            (seg.start + 1..seg.end.min(seg.start + 5)).find(|&k| matches!(self.words[k], "of" | "from" | "at"))?;
        let name = seg.start..of;
        let role = of..i;
        (self.name_like(&name)
            && name.len() >= 2
            && role.len() <= 10
            && !role.clone().any(|k| NOT_IN_SUBJECT.contains(&self.words[k])))
        .then_some(Subject { name, role: Some(role) })
    }

    /// The words between the previous boundary and token `end` (exclusive),
    /// in the narrator's voice.
    fn segment_before(&self, end: usize) -> Option<Range<usize>> {
        let floor = self.lead.max(self.dash);
        let mut s = end;
        while s > floor && self.toks[s - 1].voice.is_outlets() {
            s -= 1;
            if s > floor && boundary(self.body, &self.toks[s - 1], &self.toks[s]) {
                break;
            }
        }
        (s < end && s >= floor).then_some(s..end)
    }

    /// The words from token `start` to the next boundary or the end.
    fn segment_after(&self, start: usize) -> Option<Range<usize>> {
        let mut e = start;
        while e < self.toks.len() && self.toks[e].voice.is_outlets() {
            e += 1;
            if e < self.toks.len() && boundary(self.body, &self.toks[e - 1], &self.toks[e]) {
                break;
            }
        }
        (e > start).then_some(start..e)
    }

    /// A run of capitalised words that names someone ("Aram Vardanyan",
    /// "Nune Harutyunyan"), or a surname the article uses as a name.
    fn name_like(&self, r: &Range<usize>) -> bool {
        const PARTICLES: &[&str] = &["de", "van", "von", "der", "al", "bin", "da", "di", "la", "le", "du", "of"];
        r.len() <= 5
            && !r.is_empty()
            && is_capitalized(self.written(r.start))
            && r.clone().all(|k| is_capitalized(self.written(k)) || PARTICLES.contains(&self.words[k]))
            && !DETERMINERS.contains(&self.words[r.start])
            && (r.len() > 1 || r.start > 0 || self.names.contains(self.tokens.base(&self.toks[r.start])))
    }

    /// A phrase that says what someone is ("a spokesman for the State
    /// Revenue Committee", "the head of the community", "Russia’s foreign
    /// ministry spokesman").
    fn role_like(&self, r: &Range<usize>) -> bool {
        const OPENERS: &[&str] = &["a", "an", "the", "its", "his", "her", "their", "our", "my", "one"];
        r.len() <= 14
            && (OPENERS.contains(&self.words[r.start]) || self.words[r.start].ends_with("'s"))
            && !r.clone().any(|k| matches!(self.words[k], "was" | "were" | "is" | "are"))
    }

    /// An aside between a speaker and the cue ("speaking to reporters after
    /// a cabinet meeting", "for its part", "who asked not to be named").
    fn aside(&self, r: &Range<usize>) -> bool {
        let first = self.words[r.start];
        ASIDE.contains(&first)
            || (first.ends_with("ing") && first.len() > 5 && !is_capitalized(self.written(r.start)))
            || r.clone().all(|k| self.words[k].chars().all(|c| c.is_ascii_digit()))
    }

    /// The speaker when a comma stands right before the cue at `i`: "Aram
    /// Vardanyan, a spokesman for the State Revenue Committee, said"; "The
    /// ombudsman, Nune Harutyunyan, said"; "The justice minister, speaking to
    /// reporters, said".
    fn appositive_before(&self, i: usize) -> Option<Subject> {
        if i == 0 || !self.gap(i).contains(',') || self.gap(i).contains(['”', '"', '»', '“', '—', '–']) {
            return None;
        }
        let mut segs: Vec<Range<usize>> = Vec::new();
        let mut end = i;
        while segs.len() < 3 {
            let Some(seg) = self.segment_before(end) else { break };
            let comma = seg.start > 0 && self.gap(seg.start).contains(',');
            end = seg.start;
            segs.push(seg);
            if !comma {
                break;
            }
        }
        let mut idx = 0;
        while idx + 1 < segs.len() && self.aside(&segs[idx]) {
            idx += 1;
        }
        let c = segs.get(idx)?.clone();
        let next = segs.get(idx + 1).cloned();
        if self.name_like(&c) {
            return Some(Subject { name: c, role: next.filter(|r| self.role_like(r)) });
        }
        if self.role_like(&c)
            && let Some(n) = next.filter(|n| self.name_like(n) || self.trim(n.clone()).is_some())
        {
            return Some(Subject { name: n, role: Some(c) });
        }
        // Past an aside, only a phrase that names a speaker ("The justice
        // minister, speaking to reporters, said"), not any noun phrase ("The
        // first war, in the early 1990s, claimed 30,000 lives").
        let speaker = |r: &Range<usize>| {
            r.clone()
                .any(|k| SPEAKER_NOUNS.contains(&self.words[k]) || (k > r.start && is_capitalized(self.written(k))))
                || self.name_like(r)
        };
        if idx > 0 && speaker(&c) {
            return self.trim(c).map(|name| Subject { name, role: None });
        }
        None
    }

    /// The subject after a cue: right after a closing quotation mark or a
    /// dash ("…,” said Peskov"; "— asked Grigoryan"), after "according to",
    /// or at the end of a sentence whose cue follows a comma ("…, said the
    /// ministry."). It ends at punctuation or at a relative clause ("said an
    /// analyst who asked not to be named"); an appositive after it gives the
    /// role ("said Maria Lindqvist, a researcher at …") or the name ("said
    /// the committee’s deputy head, Rauf Aliyev").
    fn subject_after(&self, k: usize, cue_start: usize) -> Option<Subject> {
        let leads = matches!(self.words[cue_start], "according" | "по") || self.words.get(self.lead) == Some(&"как");
        let after_quote = cue_start > 0
            && (self.gap(cue_start).contains(['”', '"', '»', '“'])
                || (self.dash > self.lead && cue_start == self.dash && self.gap(cue_start).contains(['—', '–'])));
        let inverted = cue_start > self.lead + 2
            && self.gap(cue_start).contains(',')
            && (self.lang != Lang::EN || INVERTIBLE.contains(&self.words[cue_start]));
        if !leads && !after_quote && !inverted {
            return None;
        }
        let mut e = k;
        while e < self.toks.len()
            && self.toks[e].voice.is_outlets()
            && e - k < MAX_SUBJECT
            && !RELATIVE.contains(&self.words[e])
            && !NOT_IN_SUBJECT.contains(&self.words[e])
            && !(e > k && AFTER_SUBJECT.contains(&self.words[e]))
        {
            e += 1;
            if e < self.toks.len() && boundary(self.body, &self.toks[e - 1], &self.toks[e]) {
                break;
            }
        }
        if e == k {
            return None;
        }
        // "…, said the ministry." names the speaker only at the end of the sentence.
        let ends = e == self.toks.len()
            || AFTER_SUBJECT.contains(&self.words[e])
            || RELATIVE.contains(&self.words[e])
            || self.gap(e).contains(',');
        if inverted && !leads && !after_quote && !ends {
            return None;
        }
        let name = self.trim(k..e)?;
        // "…, claimed some 30,000 lives": after a comma only a speaker may follow.
        if inverted && !leads && !after_quote {
            let speaker = name.clone().any(|j| SPEAKER_NOUNS.contains(&self.words[j]))
                || self.name_like(&name)
                || (name.len() <= 5 && matches!(self.words[name.start], "the" | "a" | "an" | "its" | "their"));
            let count = name.clone().any(|j| !self.toks[j].alphabetic || numbers::is_count_word(self.words[j]));
            if !speaker || count || name.len() > 6 {
                return None;
            }
        }
        // After "according to X," comes the claim, not an appositive.
        let rest =
            (!leads && e < self.toks.len() && self.gap(e).contains(',')).then(|| self.segment_after(e)).flatten();
        if let Some(rest) = rest {
            if self.name_like(&rest) && self.role_like(&name) && rest.end == self.toks.len() {
                return Some(Subject { name: rest, role: Some(name) });
            }
            if self.role_like(&rest) {
                return Some(Subject { name, role: Some(rest) });
            }
        }
        Some(Subject { name, role: None })
    }

    fn trim(&self, mut r: Range<usize>) -> Option<Range<usize>> {
        let words = self.words;
        while r.start < r.end && LEADING_SKIP.contains(&words[r.start]) {
            r.start += 1;
        }
        while r.start < r.end {
            let last = words[r.end - 1];
            let adverb = last.len() > 4 && last.ends_with("ly") && !is_capitalized(self.written(r.end - 1));
            if TRAILING_SKIP.contains(&last) || adverb || last.chars().all(|c| c.is_ascii_digit()) {
                r.end -= 1;
            } else {
                break;
            }
        }
        if r.is_empty()
            || r.len() > MAX_SUBJECT
            || RELATIVE.contains(&words[r.start])
            || r.clone().any(|k| {
                NOT_IN_SUBJECT.contains(&words[k])
                    || (!CUE_NOUNS.contains(&words[k]) && self.cues.at(self.lang, words, k, false).is_some())
            })
            || r.clone().all(|k| DETERMINERS.contains(&words[k]))
        {
            return None;
        }
        let pronoun = r.len() == 1 && PRONOUNS.contains(&words[r.start]);
        // A capital at the start of a sentence is a name if the article uses
        // the word as one elsewhere, or if the subject is short ("Pashinyan said").
        let named = r.clone().any(|k| {
            is_capitalized(self.written(k))
                && !DETERMINERS.contains(&words[k])
                && (k > 0 || r.len() <= 3 || self.names.contains(self.tokens.base(&self.toks[k])))
        });
        let noun = r.clone().any(|k| SPEAKER_NOUNS.contains(&words[k]));
        // A short noun phrase led by a determiner ("the commission", "the
        // plant's operator", "the national statistics office") names a source
        // even without a capital; the checks above keep clauses out.
        let described =
            r.len() <= 5 && matches!(words[r.start], "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our");
        (pronoun || named || noun || described).then_some(r)
    }

    fn written(&self, k: usize) -> &str {
        &self.body[self.toks[k].start..self.toks[k].end]
    }

    /// Runs of capitalised words in the narrator's voice that may name a
    /// person, in text order, with the speaker's subject (`subject`) among
    /// them as one run flagged `true`.
    fn name_runs(&self, subject: Option<&Range<usize>>) -> Vec<(Range<usize>, bool)> {
        let mut out: Vec<(Range<usize>, bool)> = Vec::new();
        let mut k = self.lead;
        while k < self.toks.len() {
            if let Some(r) = subject.filter(|r| r.start == k) {
                out.push((r.clone(), true));
                k = r.end;
                continue;
            }
            let starts = self.toks[k].voice.is_outlets() && is_capitalized(self.written(k));
            if !starts || subject.is_some_and(|r| r.contains(&k)) {
                k += 1;
                continue;
            }
            let mut e = k + 1;
            while e < self.toks.len()
                && self.toks[e].voice.is_outlets()
                && is_capitalized(self.written(e))
                && !boundary(self.body, &self.toks[e - 1], &self.toks[e])
                && subject.is_none_or(|r| !r.contains(&e))
            {
                e += 1;
            }
            out.push((k..e, false));
            k = e;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::claims::claims_of as claims;

    type Row = (String, String, String, Form);

    fn summary(text: &str) -> Vec<Row> {
        claims(text)
            .into_iter()
            .map(|c| (c.speaker, c.cue, c.stance.map_or(String::new(), |s| s.to_string()), c.form))
            .collect()
    }

    #[test]
    fn attribution_patterns() {
        use Form::*;
        let s = |a: &str, b: &str, c: &str, f: Form| (a.to_string(), b.to_string(), c.to_string(), f);
        let cases: Vec<(&str, Vec<Row>)> = vec![
            (
                "Armenian Prime Minister Nikol Pashinyan said his country would not hold drills. “These exercises will not take place,” he told reporters. “Armenia does not consider it expedient.”",
                vec![
                    s("Armenian Prime Minister Nikol Pashinyan", "said", "neutral", Indirect),
                    s("Armenian Prime Minister Nikol Pashinyan", "told", "neutral", Direct),
                    s("Armenian Prime Minister Nikol Pashinyan", "", "", Direct),
                ],
            ),
            (
                "Azerbaijani President Ilham Aliyev on Tuesday accused Armenia of failing to keep its promise.",
                vec![s("Azerbaijani President Ilham Aliyev", "accused", "emphasis", Indirect)],
            ),
            ("But Azerbaijan denied Armenia’s accusations.", vec![s("Azerbaijan", "denied", "denial", Indirect)]),
            ("Analysts say Russia is losing influence.", vec![s("Analysts", "say", "neutral", Indirect)]),
            (
                "“We will continue the dialogue on very difficult issues,” said Kremlin spokesman Dmitry Peskov.",
                vec![s("Kremlin spokesman Dmitry Peskov", "said", "neutral", Direct)],
            ),
            (
                "“We will continue the dialogue,” said Dmitry Peskov in a statement.",
                vec![s("Dmitry Peskov", "said", "neutral", Direct)],
            ),
            (
                "The statement read “we will never surrender our land to anyone at all” yesterday in the capital.",
                vec![s("", "", "", Direct)],
            ),
            (
                "The road is closed, according to local officials in the region.",
                vec![s("local officials", "according to", "neutral", Indirect)],
            ),
            (
                "Traffic was blocked by activists who demanded access to what Azerbaijan called illegal mines in the region.",
                vec![s("", "", "", Asserted)],
            ),
            ("The Armenian military illegally occupied Karabakh in 1991.", vec![s("", "", "", Asserted)]),
            (
                "Pashinyan hinted that Russia, which Armenia considered its “number one ally”, had let his country down.",
                vec![s("Pashinyan", "hinted", "tentative", Indirect)],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(summary(text), want, "{text}");
        }
    }

    #[test]
    fn surname_and_role_resolve_to_full_mention() {
        let text = "Armenian Prime Minister Nikol Pashinyan said no. Kremlin spokesman Dmitry Peskov said yes. \
                    Pashinyan noted that it was over. “It is,” the prime minister said.";
        let got: Vec<(String, String)> = claims(text).into_iter().map(|c| (c.speaker, c.speaker_key)).collect();
        let p = ("Armenian Prime Minister Nikol Pashinyan".to_string(), "pashinyan".to_string());
        assert_eq!(got[2], p);
        assert_eq!(got[3], p);
        assert_eq!(got[1].1, "peskov");
        // A surname named again makes "he" mean that person, not the last full mention.
        let text = "Armenian Prime Minister Nikol Pashinyan said no. Azerbaijani President Ilham Aliyev said yes. \
                    Pashinyan said that it was over. He added: “It is.”";
        let keys: Vec<String> = claims(text).into_iter().map(|c| c.speaker_key).collect();
        assert_eq!(keys, ["pashinyan", "aliyev", "pashinyan", "pashinyan"]);
    }

    #[test]
    fn keys_for_groups_and_institutions() {
        let text = "The Armenian authorities said no. The Security Alliance said on Tuesday that it looks elsewhere.";
        let keys: Vec<String> = claims(text).into_iter().map(|c| c.speaker_key).collect();
        assert_eq!(keys, ["armenian authorities", "security alliance"]);
    }

    #[test]
    fn features_ignore_stopwords_and_merge_demonyms() {
        let a = claims("Armenia refused the drills.");
        let b = claims("The Armenian side refused drills.");
        let shared = a[0].features.iter().filter(|f| b[0].features.contains(f)).count();
        assert_eq!(shared, 3, "armenia/armenian, refused, drills");
    }
}
