//! Scores: per-article counts of hits by category and voice, summed weights
//! per side of each axis, and the leans computed from them. Per-outlet scores
//! are sums of per-article scores, so they can be recomputed from
//! `articles.csv` or merged across shards of a corpus.
//!
//! Lean on an axis `A-B` is `ln(a + 0.5) − ln(b + 0.5)`, where `a` and `b`
//! are the summed weights of the hits that count for each pole: positive
//! leans toward the first-named pole, 0 is balance, and swapping the poles
//! flips the sign. Two leans are kept apart: loaded language, and the naming
//! measure (names of places and groups that depart from the international
//! wire agencies' usage). A sided hit counts only when the article is on the
//! axis's topic (its topic words weigh at least [`MIN_SCOPE_WEIGHT`] and one
//! is specific, and one is in the hit's paragraph or the next or previous
//! one); off topic, the lean is empty rather than 0. A hit does not count either when
//! it is negated, a name given with its other name (dual naming), quoted or
//! in reported speech ("Aliyev said that …": it counts only in the
//! all-voices lean), or distanced ("so-called X").

pub mod measures;
pub mod stats;

use crate::lexicon::{Axis, Lexicon, split_axis};
use crate::matching::{Hit, Matcher};
use crate::text::Tokens;
use crate::text::voice::Voice;

/// The added constant of the lean's log-ratio: keeps it finite for zero counts.
pub const LEAN_PRIOR: f64 = 0.5;

/// Summed weight of topic words an article needs to be on an axis's topic;
/// one of them must be a specific one (weight 1 or more: Karabakh, Lachin,
/// Donbas), not only the names of countries, capitals or peoples (weight 0.5
/// in the bundled lexicons), which stories on other subjects name too.
pub const MIN_SCOPE_WEIGHT: f64 = 2.0;

/// `ln(a + 0.5) − ln(b + 0.5)`: the lean towards the pole with summed weight `a`.
pub fn lean(a: f64, b: f64) -> f64 {
    (a + LEAN_PRIOR).ln() - (b + LEAN_PRIOR).ln()
}

/// Hits per 1,000 words (0 when there are no words).
pub fn per_1k(count: f64, words: f64) -> f64 {
    if words > 0.0 { count * 1000.0 / words } else { 0.0 }
}

/// The categories and axes of a lexicon, in report column order, and where
/// each entry counts.
#[derive(Debug, Clone)]
pub struct Scheme {
    /// The categories that produce hits, sorted.
    pub categories: Vec<String>,
    /// The axes, sorted by name.
    pub axes: Vec<Axis>,
    /// Per axis: whether it has topic words (an axis without them is always on topic).
    pub scoped: Vec<bool>,
    entry_category: Vec<Option<usize>>,
    entry_pole: Vec<Option<(usize, usize)>>,
    entry_naming: Vec<bool>,
    entry_scope: Vec<Option<(usize, f64)>>,
}

impl Scheme {
    /// The scheme of a lexicon.
    pub fn new(lexicon: &Lexicon) -> Scheme {
        let categories = lexicon.categories();
        let axes = lexicon.axes();
        let axis_of = |name: &str| axes.iter().position(|a| a.name == name);
        let entry_category = lexicon
            .entries
            .iter()
            .map(|e| if e.is_exception() || e.is_scope() { None } else { categories.binary_search(&e.category).ok() })
            .collect();
        let entry_pole = lexicon
            .entries
            .iter()
            .map(|e| {
                if e.is_scope() {
                    return None;
                }
                let a = axis_of(&e.axis)?;
                let poles = split_axis(&e.axis, &e.side)?;
                let p = poles.iter().position(|p| *p == e.side)?;
                Some((a, p))
            })
            .collect();
        let entry_scope: Vec<Option<(usize, f64)>> = lexicon
            .entries
            .iter()
            .map(|e| if e.is_scope() { axis_of(&e.axis).map(|a| (a, e.weight)) } else { None })
            .collect();
        let mut scoped = vec![false; axes.len()];
        for (a, _) in entry_scope.iter().flatten() {
            scoped[*a] = true;
        }
        let entry_naming = lexicon.entries.iter().map(|e| e.is_naming()).collect();
        Scheme { categories, axes, scoped, entry_category, entry_pole, entry_naming, entry_scope }
    }

    /// The category an entry counts in (none for exceptions and topic words).
    pub fn category_of(&self, entry: usize) -> Option<usize> {
        self.entry_category[entry]
    }

    /// The axis and pole an entry counts for, if it takes a side.
    pub fn pole_of(&self, entry: usize) -> Option<(usize, usize)> {
        self.entry_pole[entry]
    }

    /// Whether an entry is a name (naming measure) rather than loaded language.
    pub fn is_naming(&self, entry: usize) -> bool {
        self.entry_naming[entry]
    }

    /// Which axis an entry is a topic word of, and how much it weighs.
    pub fn scope_of(&self, entry: usize) -> Option<(usize, f64)> {
        self.entry_scope[entry]
    }
}

/// Where an article is on each axis's topic.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Topic {
    /// Per axis: topic words found (any voice).
    pub words: Vec<u64>,
    /// Per axis: their summed weight.
    pub weight: Vec<f64>,
    /// Per axis: the weight of the most specific one.
    strongest: Vec<f64>,
    /// Per axis: the paragraphs that have a topic word.
    paragraphs: Vec<Vec<u32>>,
    /// Per axis: whether the article is on topic.
    pub on: Vec<bool>,
    /// Per sentence: whether the outlet attributes it to someone else
    /// (reported speech, "Aliyev said that …"); its words are the speaker's.
    pub reported: Vec<bool>,
}

impl Topic {
    /// The topic of an article from its topic-word occurrences (token index,
    /// scope entries).
    pub fn of(scheme: &Scheme, tokens: &Tokens, scope_words: &[(usize, &[usize])]) -> Topic {
        let n = scheme.axes.len();
        let mut t = Topic {
            words: vec![0; n],
            weight: vec![0.0; n],
            strongest: vec![0.0; n],
            paragraphs: vec![Vec::new(); n],
            on: vec![false; n],
            reported: Vec::new(),
        };
        for &(k, entries) in scope_words {
            let paragraph = tokens.sentences[tokens.tokens[k].sentence as usize].paragraph;
            // One word counts once per axis, with the largest weight of its entries.
            let mut axes: Vec<(usize, f64)> = Vec::new();
            for (a, w) in entries.iter().filter_map(|&e| scheme.scope_of(e)) {
                match axes.iter_mut().find(|x| x.0 == a) {
                    Some(x) => x.1 = x.1.max(w),
                    None => axes.push((a, w)),
                }
            }
            for (a, w) in axes {
                t.words[a] += 1;
                t.weight[a] += w;
                t.strongest[a] = t.strongest[a].max(w);
                if t.paragraphs[a].last() != Some(&paragraph) {
                    t.paragraphs[a].push(paragraph);
                }
            }
        }
        for a in 0..n {
            t.on[a] = !scheme.scoped[a] || (t.weight[a] >= MIN_SCOPE_WEIGHT && t.strongest[a] >= 1.0);
        }
        t
    }

    /// Whether a hit in `paragraph` is near the axis's topic: the article is
    /// on topic and a topic word is in that paragraph or the one before or after.
    fn near(&self, scheme: &Scheme, axis: usize, paragraph: u32) -> bool {
        self.on[axis] && (!scheme.scoped[axis] || self.paragraphs[axis].iter().any(|&p| p.abs_diff(paragraph) <= 1))
    }
}

/// What one hit of one entry counts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Counts {
    /// The entry takes no side.
    Unsided,
    /// It counts for a pole of an axis, in the narrator's lean (and the all-voices one).
    Narrator {
        /// The axis.
        axis: usize,
        /// The pole.
        pole: usize,
        /// Whether in the naming measure rather than loaded language.
        naming: bool,
    },
    /// Quoted, or in a sentence the outlet attributes to someone (reported
    /// speech): it counts only in the all-voices lean.
    Quoted {
        /// The axis.
        axis: usize,
        /// The pole.
        pole: usize,
        /// Whether in the naming measure.
        naming: bool,
    },
    /// It takes a side but counts for none, for this reason.
    Not(&'static str),
}

impl Scheme {
    /// What the hit `h` of entry `e` counts for in an article with `topic`.
    pub fn counts(&self, e: usize, h: &Hit, tokens: &Tokens, topic: &Topic) -> Counts {
        let Some((axis, pole)) = self.pole_of(e) else { return Counts::Unsided };
        let naming = self.is_naming(e);
        let paragraph = tokens.sentences[h.sentence as usize].paragraph;
        if !topic.on[axis] {
            Counts::Not("off-topic")
        } else if !topic.near(self, axis, paragraph) {
            Counts::Not("not near the topic")
        } else if h.negated {
            Counts::Not("negated")
        } else if h.dual {
            Counts::Not("dual name")
        } else {
            let reported = topic.reported.get(h.sentence as usize).copied().unwrap_or(false);
            match h.voice {
                Voice::Narrator if reported => Counts::Quoted { axis, pole, naming },
                Voice::Narrator => Counts::Narrator { axis, pole, naming },
                Voice::Quote | Voice::ScareQuote => Counts::Quoted { axis, pole, naming },
                Voice::Distanced => Counts::Not("distanced"),
            }
        }
    }
}

/// Counts for one article (or, summed, for an outlet). Vectors follow the
/// scheme's category and axis order.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scores {
    /// Articles summed.
    pub articles: u64,
    /// Words.
    pub words: u64,
    /// Words in the outlet's own voice (distanced mentions included).
    pub narrator_words: u64,
    /// Words inside full quotations.
    pub quoted_words: u64,
    /// Words inside scare quotes.
    pub scare_quoted_words: u64,
    /// Sentences.
    pub sentences: u64,
    /// Hits in the narrator's voice.
    pub hits_narrator: u64,
    /// Hits in any voice.
    pub hits_all: u64,
    /// Hits with a negator just before them.
    pub negated: u64,
    /// Tokens covered by at least one hit (each counted once).
    pub matched_tokens: u64,
    /// Narrator hits per category.
    pub category_narrator: Vec<u64>,
    /// Hits per category, any voice.
    pub category_all: Vec<u64>,
    /// Loaded language: summed weights per axis and pole of the narrator's hits that count.
    pub pole_narrator: Vec<[f64; 2]>,
    /// Loaded language: the same over all voices.
    pub pole_all: Vec<[f64; 2]>,
    /// Names: summed weights per axis and pole of the narrator's name hits that count.
    pub naming_narrator: Vec<[f64; 2]>,
    /// Per axis: topic words.
    pub topic_words: Vec<u64>,
    /// Per axis: articles on the topic.
    pub on_topic: Vec<u64>,
}

impl Scores {
    /// About the memory the counts take, the struct itself included (for
    /// the sorts that move rows to disk beyond a budget).
    pub fn heap_bytes(&self) -> usize {
        // Each of the seven vectors' blocks also costs the allocator about
        // 16 bytes.
        std::mem::size_of::<Scores>()
            + 16 * 7
            + 8 * (self.category_narrator.len()
                + self.category_all.len()
                + self.topic_words.len()
                + self.on_topic.len())
            + 16 * (self.pole_narrator.len() + self.pole_all.len() + self.naming_narrator.len())
    }

    /// Nothing counted yet, shaped for `scheme`.
    pub fn zero(scheme: &Scheme) -> Scores {
        let (nc, na) = (scheme.categories.len(), scheme.axes.len());
        Scores {
            category_narrator: vec![0; nc],
            category_all: vec![0; nc],
            pole_narrator: vec![[0.0; 2]; na],
            pole_all: vec![[0.0; 2]; na],
            naming_narrator: vec![[0.0; 2]; na],
            topic_words: vec![0; na],
            on_topic: vec![0; na],
            ..Scores::default()
        }
    }

    /// Scores one article's tokens and hits.
    pub fn of_article(
        scheme: &Scheme,
        matcher: &Matcher,
        lexicon: &Lexicon,
        tokens: &Tokens,
        hits: &[Hit],
        topic: &Topic,
    ) -> Scores {
        let mut s = Scores::zero(scheme);
        s.articles = 1;
        s.words = tokens.tokens.len() as u64;
        for t in &tokens.tokens {
            match t.voice {
                Voice::Narrator | Voice::Distanced => s.narrator_words += 1,
                Voice::Quote => s.quoted_words += 1,
                Voice::ScareQuote => s.scare_quoted_words += 1,
            }
        }
        s.sentences = tokens.sentences.len() as u64;
        for (a, n) in topic.words.iter().enumerate() {
            s.topic_words[a] = *n;
            s.on_topic[a] = u64::from(topic.on[a]);
        }
        let mut seen_cats: Vec<usize> = Vec::new();
        for h in hits {
            let narrator = h.voice == Voice::Narrator;
            s.hits_all += 1;
            s.hits_narrator += narrator as u64;
            s.negated += h.negated as u64;
            s.matched_tokens += h.len as u64;
            seen_cats.clear();
            // Co-entries of one hit count once per category, and once per pole
            // with the largest weight, so a repeated entry never doubles a hit.
            let mut poles: Vec<((usize, usize, bool), bool, f64)> = Vec::new();
            for &e in matcher.entries(h) {
                if let Some(c) = scheme.category_of(e)
                    && !seen_cats.contains(&c)
                {
                    seen_cats.push(c);
                    s.category_all[c] += 1;
                    s.category_narrator[c] += narrator as u64;
                }
                let (key, in_narrator) = match scheme.counts(e, h, tokens, topic) {
                    Counts::Narrator { axis, pole, naming } => ((axis, pole, naming), true),
                    Counts::Quoted { axis, pole, naming } => ((axis, pole, naming), false),
                    Counts::Unsided | Counts::Not(_) => continue,
                };
                let w = lexicon.entries[e].weight;
                match poles.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, old)) => *old = old.max(w),
                    None => poles.push((key, in_narrator, w)),
                }
            }
            for ((axis, pole, naming), in_narrator, w) in poles {
                if naming {
                    if in_narrator {
                        s.naming_narrator[axis][pole] += w;
                    }
                } else {
                    s.pole_all[axis][pole] += w;
                    if in_narrator {
                        s.pole_narrator[axis][pole] += w;
                    }
                }
            }
        }
        s
    }

    /// Adds another article's or shard's scores.
    pub fn add(&mut self, o: &Scores) {
        self.articles += o.articles;
        self.words += o.words;
        self.narrator_words += o.narrator_words;
        self.quoted_words += o.quoted_words;
        self.scare_quoted_words += o.scare_quoted_words;
        self.sentences += o.sentences;
        self.hits_narrator += o.hits_narrator;
        self.hits_all += o.hits_all;
        self.negated += o.negated;
        self.matched_tokens += o.matched_tokens;
        let add = |a: &mut Vec<u64>, b: &[u64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        add(&mut self.category_narrator, &o.category_narrator);
        add(&mut self.category_all, &o.category_all);
        add(&mut self.topic_words, &o.topic_words);
        add(&mut self.on_topic, &o.on_topic);
        let add2 = |a: &mut Vec<[f64; 2]>, b: &[[f64; 2]]| {
            a.iter_mut().zip(b).for_each(|(x, y)| {
                x[0] += y[0];
                x[1] += y[1];
            })
        };
        add2(&mut self.pole_narrator, &o.pole_narrator);
        add2(&mut self.pole_all, &o.pole_all);
        add2(&mut self.naming_narrator, &o.naming_narrator);
    }

    /// The narrator's loaded-language lean on an axis; `None` when no article is on its topic.
    pub fn lean_narrator(&self, axis: usize) -> Option<f64> {
        let [a, b] = self.pole_narrator[axis];
        (self.on_topic[axis] > 0).then(|| lean(a, b))
    }

    /// The loaded-language lean on an axis over all voices; `None` off topic.
    pub fn lean_all(&self, axis: usize) -> Option<f64> {
        let [a, b] = self.pole_all[axis];
        (self.on_topic[axis] > 0).then(|| lean(a, b))
    }

    /// The narrator's naming lean on an axis; `None` off topic.
    pub fn naming_lean(&self, axis: usize) -> Option<f64> {
        let [a, b] = self.naming_narrator[axis];
        (self.on_topic[axis] > 0).then(|| lean(a, b))
    }

    /// Share of tokens matched by any entry, 0..=1.
    pub fn coverage(&self) -> f64 {
        if self.words == 0 { 0.0 } else { (self.matched_tokens as f64 / self.words as f64).min(1.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::lexicon::LoadOptions;
    use crate::text::Tokenizer;

    #[test]
    fn lean_is_symmetric_and_defined_at_zero() {
        let cases = [(0.0, 0.0, 0.0), (1.0, 0.0, 3.0f64.ln()), (0.0, 1.0, -(3.0f64.ln())), (2.5, 2.5, 0.0)];
        for (a, b, want) in cases {
            assert!((lean(a, b) - want).abs() < 1e-12, "{a} {b}");
            assert!((lean(a, b) + lean(b, a)).abs() < 1e-12);
        }
    }

    fn score(csv: &str, text: &str) -> (Scheme, Scores) {
        let lex = Lexicon::parse("t.csv", csv, &LoadOptions::default());
        assert!(!lex.has_errors(), "{:?}", lex.diagnostics);
        let scheme = Scheme::new(&lex);
        let m = Matcher::new(&lex);
        let tokens = Tokenizer::new().tokenize(text, Lang::EN);
        let hits = m.find(text, &tokens, Lang::EN);
        let topic = Topic::of(&scheme, &tokens, &m.scope_words(text, &tokens, Lang::EN));
        let s = Scores::of_article(&scheme, &m, &lex, &tokens, &hits, &topic);
        (scheme, s)
    }

    #[test]
    fn article_scores_split_voices_and_skip_negated_in_lean() {
        let csv = "term,match,category,axis,side,weight,neutral,language,note\n\
                   occupation,exact,loaded,armenia-azerbaijan,azerbaijan,2,,,\n\
                   Artsakh,exact,toponym,armenia-azerbaijan,armenia,1,,,\n\
                   Khankendi,exact,toponym,armenia-azerbaijan,azerbaijan,1,,,\n\
                   regime,exact,label,,,1,,,\n";
        let text = "The occupation ended in Khankendi. “Artsakh is ours,” he said. It is not an occupation. A regime.";
        let (scheme, s) = score(csv, text);
        assert_eq!(scheme.categories, ["label", "loaded", "toponym"]);
        assert_eq!((s.hits_all, s.hits_narrator, s.negated), (5, 4, 1));
        assert_eq!(s.category_all, [1, 2, 2]);
        assert_eq!(s.category_narrator, [1, 2, 1]);
        // poles: [armenia, azerbaijan]; the negated occupation adds nothing,
        // names count in the naming measure, not in loaded language.
        assert_eq!(s.pole_narrator, [[0.0, 2.0]]);
        assert_eq!(s.pole_all, [[0.0, 2.0]]);
        assert_eq!(s.naming_narrator, [[0.0, 1.0]]);
        assert!((s.lean_narrator(0).unwrap() - (0.5f64.ln() - 2.5f64.ln())).abs() < 1e-12);
        assert!((s.naming_lean(0).unwrap() - (0.5f64.ln() - 1.5f64.ln())).abs() < 1e-12);
        assert_eq!(s.quoted_words, 3);
        // 5 hits of one word each over 17 words.
        assert_eq!((s.matched_tokens, s.words), (5, 17));
        let mut total = Scores::zero(&scheme);
        total.add(&s);
        total.add(&s);
        assert_eq!((total.articles, total.hits_all, total.pole_all[0], total.on_topic[0]), (2, 10, [0.0, 4.0], 2));
    }

    #[test]
    fn sided_words_count_only_on_topic() {
        let csv = "term,match,category,axis,side,weight\n\
                   occupation,exact,loaded,armenia-azerbaijan,azerbaijan,1\n\
                   liberation,exact,loaded,armenia-azerbaijan,azerbaijan,1\n\
                   Karabakh,exact,scope,armenia-azerbaijan,,\n\
                   Armenia*,glob,scope,armenia-azerbaijan,,\n";
        let cases: &[(&str, Option<f64>, u64)] = &[
            // A student sit-in and a war anniversary: off topic, the lean is empty.
            ("Students began an occupation of the library on Monday.", None, 0),
            ("Veterans marked the liberation of the camp in 1945.", None, 0),
            // One topic word is not enough.
            ("The occupation of Karabakh ended.", None, 1),
            ("The occupation of Karabakh ended, Armenian officials said.", Some(0.5f64.ln() - 1.5f64.ln()), 2),
            // On topic, but this paragraph is far from any topic word.
            (
                "Karabakh and Armenia talked.\n\nWeather.\n\nMore weather.\n\nThe occupation of the library.",
                Some(0.0),
                2,
            ),
        ];
        for (text, want, words) in cases {
            let (_, s) = score(csv, text);
            assert_eq!(s.topic_words[0], *words, "{text}");
            let got = s.lean_narrator(0);
            assert_eq!(got.map(|v| (v * 1e9).round()), want.map(|v| (v * 1e9).round()), "{text}");
        }
    }
}
