//! Scores: per-article counts of hits by category and voice, summed weights
//! per side of each axis, and the lean computed from them. Per-outlet scores
//! are sums of per-article scores, so they can be recomputed from
//! `articles.csv` or merged across shards of a corpus.
//!
//! Lean on an axis `A-B` is `ln(a + 0.5) − ln(b + 0.5)`, where `a` and `b`
//! are the summed weights of non-negated hits favouring each pole: positive
//! leans toward the first-named pole, 0 is balance (including no hits at all),
//! and swapping the poles flips the sign.

pub mod measures;
pub mod stats;

use crate::lexicon::{Axis, Lexicon, split_axis};
use crate::matching::{Hit, Matcher};
use crate::text::Tokens;
use crate::text::voice::Voice;

/// The added constant of the lean's log-ratio: keeps it finite for zero counts.
pub const LEAN_PRIOR: f64 = 0.5;

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
    entry_category: Vec<Option<usize>>,
    entry_pole: Vec<Option<(usize, usize)>>,
}

impl Scheme {
    /// The scheme of a lexicon.
    pub fn new(lexicon: &Lexicon) -> Scheme {
        let categories = lexicon.categories();
        let axes = lexicon.axes();
        let entry_category = lexicon
            .entries
            .iter()
            .map(|e| if e.is_exception() { None } else { categories.binary_search(&e.category).ok() })
            .collect();
        let entry_pole = lexicon
            .entries
            .iter()
            .map(|e| {
                let a = axes.iter().position(|a| a.name == e.axis)?;
                let poles = split_axis(&e.axis, &e.side)?;
                let p = poles.iter().position(|p| *p == e.side)?;
                Some((a, p))
            })
            .collect();
        Scheme { categories, axes, entry_category, entry_pole }
    }

    /// The category an entry counts in (none for exceptions).
    pub fn category_of(&self, entry: usize) -> Option<usize> {
        self.entry_category[entry]
    }

    /// The axis and pole an entry counts for, if it takes a side.
    pub fn pole_of(&self, entry: usize) -> Option<(usize, usize)> {
        self.entry_pole[entry]
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
    /// Words in the outlet's own voice.
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
    /// Summed weights per axis and pole, non-negated hits only.
    pub pole_narrator: Vec<[f64; 2]>,
    /// Summed weights per axis and pole, any voice.
    pub pole_all: Vec<[f64; 2]>,
}

impl Scores {
    /// Nothing counted yet, shaped for `scheme`.
    pub fn zero(scheme: &Scheme) -> Scores {
        Scores {
            category_narrator: vec![0; scheme.categories.len()],
            category_all: vec![0; scheme.categories.len()],
            pole_narrator: vec![[0.0; 2]; scheme.axes.len()],
            pole_all: vec![[0.0; 2]; scheme.axes.len()],
            ..Scores::default()
        }
    }

    /// Scores one article's tokens and hits.
    pub fn of_article(scheme: &Scheme, matcher: &Matcher, lexicon: &Lexicon, tokens: &Tokens, hits: &[Hit]) -> Scores {
        let mut s = Scores::zero(scheme);
        s.articles = 1;
        s.words = tokens.tokens.len() as u64;
        for t in &tokens.tokens {
            match t.voice {
                Voice::Narrator => s.narrator_words += 1,
                Voice::Quote => s.quoted_words += 1,
                Voice::ScareQuote => s.scare_quoted_words += 1,
            }
        }
        s.sentences = tokens.sentences.len() as u64;
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
            let mut poles: Vec<((usize, usize), f64)> = Vec::new();
            for &e in matcher.entries(h) {
                if let Some(c) = scheme.category_of(e)
                    && !seen_cats.contains(&c)
                {
                    seen_cats.push(c);
                    s.category_all[c] += 1;
                    s.category_narrator[c] += narrator as u64;
                }
                if let Some(p) = scheme.pole_of(e) {
                    let w = lexicon.entries[e].weight;
                    match poles.iter_mut().find(|(k, _)| *k == p) {
                        Some((_, old)) => *old = old.max(w),
                        None => poles.push((p, w)),
                    }
                }
            }
            if !h.negated {
                for ((axis, pole), w) in poles {
                    s.pole_all[axis][pole] += w;
                    if narrator {
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
        for (a, b) in self.category_narrator.iter_mut().zip(&o.category_narrator) {
            *a += b;
        }
        for (a, b) in self.category_all.iter_mut().zip(&o.category_all) {
            *a += b;
        }
        for (a, b) in self.pole_narrator.iter_mut().zip(&o.pole_narrator) {
            a[0] += b[0];
            a[1] += b[1];
        }
        for (a, b) in self.pole_all.iter_mut().zip(&o.pole_all) {
            a[0] += b[0];
            a[1] += b[1];
        }
    }

    /// The narrator's lean on an axis.
    pub fn lean_narrator(&self, axis: usize) -> f64 {
        let [a, b] = self.pole_narrator[axis];
        lean(a, b)
    }

    /// The lean on an axis over all voices.
    pub fn lean_all(&self, axis: usize) -> f64 {
        let [a, b] = self.pole_all[axis];
        lean(a, b)
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

    #[test]
    fn article_scores_split_voices_and_skip_negated_in_lean() {
        let csv = "term,match,category,axis,side,weight,neutral,language,note\n\
                   occupation,exact,loaded,armenia-azerbaijan,azerbaijan,2,,,\n\
                   artsakh,exact,toponym,armenia-azerbaijan,armenia,1,,,\n\
                   regime,exact,label,,,1,,,\n";
        let lex = Lexicon::parse("t.csv", csv, &LoadOptions::default());
        let scheme = Scheme::new(&lex);
        assert_eq!(scheme.categories, ["label", "loaded", "toponym"]);
        let m = Matcher::new(&lex);
        let text = "The occupation ended. “Artsakh is ours,” he said. It is not an occupation. A regime.";
        let tokens = Tokenizer::new().tokenize(text, Lang::EN);
        let hits = m.find(&tokens, Lang::EN);
        let s = Scores::of_article(&scheme, &m, &lex, &tokens, &hits);
        assert_eq!((s.hits_all, s.hits_narrator, s.negated), (4, 3, 1));
        assert_eq!(s.category_all, [1, 2, 1]);
        assert_eq!(s.category_narrator, [1, 2, 0]);
        // poles: [armenia, azerbaijan]; the negated occupation adds nothing.
        assert_eq!(s.pole_narrator, [[0.0, 2.0]]);
        assert_eq!(s.pole_all, [[1.0, 2.0]]);
        assert!((s.lean_narrator(0) - (0.5f64.ln() - 2.5f64.ln())).abs() < 1e-12);
        assert_eq!(s.quoted_words, 3);
        // 4 hits of one word each over 15 words (The occupation ended / Artsakh
        // is ours / he said / It is not an occupation / A regime): 4/15.
        assert_eq!((s.matched_tokens, s.words), (4, 15));
        assert_eq!(s.coverage(), 4.0 / 15.0);
        let mut total = Scores::zero(&scheme);
        total.add(&s);
        total.add(&s);
        assert_eq!((total.articles, total.hits_all, total.pole_all[0]), (2, 8, [2.0, 4.0]));
    }
}
