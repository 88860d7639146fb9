//! Lexicon diagnostics on a corpus: entries that never match, globs that
//! reach too many different words, entries found mostly inside quotations,
//! the most frequent words no entry covers, and how much of the text each
//! category covers. Run by `framelens lexicon check --corpus`.

use std::collections::{BTreeMap, HashMap};

use super::pipeline::{Workers, for_each_chunk};
use crate::error::{Diagnostic, Result};
use crate::input::{Corpus, ReadOptions};
use crate::lexicon::{Lexicon, MatchKind};
use crate::matching::Matcher;
use crate::stopwords::is_stopword;

/// Per-entry and per-corpus counts gathered from the matches.
#[derive(Debug, Default, Clone)]
pub struct CorpusCheck {
    /// Articles read.
    pub articles: usize,
    /// Their words.
    pub words: u64,
    /// Per entry: matches, matches inside quotations (full or scare).
    pub matches: Vec<(u64, u64)>,
    /// Per glob entry: the distinct words (lowercased) it matched, with counts.
    pub glob_words: BTreeMap<usize, BTreeMap<String, u64>>,
    /// Words (lowercased) that no hit covers, with counts (stopwords and numbers left out).
    pub unmatched: HashMap<String, u64>,
    /// Per category: tokens covered by its hits.
    pub category_tokens: BTreeMap<String, u64>,
    /// Articles that could not be read.
    pub skipped: Vec<Diagnostic>,
}

impl CorpusCheck {
    fn merge(mut self, o: CorpusCheck) -> CorpusCheck {
        self.articles += o.articles;
        self.words += o.words;
        if self.matches.len() < o.matches.len() {
            self.matches.resize(o.matches.len(), (0, 0));
        }
        for (a, b) in self.matches.iter_mut().zip(&o.matches) {
            a.0 += b.0;
            a.1 += b.1;
        }
        for (e, words) in o.glob_words {
            let mine = self.glob_words.entry(e).or_default();
            for (w, n) in words {
                *mine.entry(w).or_default() += n;
            }
        }
        for (w, n) in o.unmatched {
            *self.unmatched.entry(w).or_default() += n;
        }
        for (c, n) in o.category_tokens {
            *self.category_tokens.entry(c).or_default() += n;
        }
        self.skipped.extend(o.skipped);
        self
    }

    /// Entries that matched nothing (exceptions included: an exception that
    /// never fires shields nothing).
    pub fn dead(&self) -> Vec<usize> {
        self.matches.iter().enumerate().filter(|(_, m)| m.0 == 0).map(|(i, _)| i).collect()
    }

    /// Glob entries that matched more than `limit` distinct words.
    pub fn wide_globs(&self, limit: usize) -> Vec<(usize, &BTreeMap<String, u64>)> {
        self.glob_words.iter().filter(|(_, w)| w.len() > limit).map(|(e, w)| (*e, w)).collect()
    }

    /// Entries with at least `min` matches of which more than half are quoted.
    pub fn mostly_quoted(&self, min: u64) -> Vec<(usize, u64, u64)> {
        self.matches
            .iter()
            .enumerate()
            .filter(|(_, (n, q))| *n >= min && 2 * q > *n)
            .map(|(i, (n, q))| (i, *q, *n))
            .collect()
    }

    /// The `n` most frequent unmatched words (ties alphabetical).
    pub fn top_unmatched(&self, n: usize) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self.unmatched.iter().map(|(w, c)| (w.as_str(), *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }
}

/// Runs the lexicon over a corpus and gathers the counts.
pub fn check_corpus(lexicon: &Lexicon, inputs: &[std::path::PathBuf], read: ReadOptions) -> Result<CorpusCheck> {
    let matcher = Matcher::new(lexicon);
    let workers = Workers::new(None)?;
    let corpus = Corpus::open(inputs, read.clone())?;
    let mut total = CorpusCheck { matches: vec![(0, 0); lexicon.entries.len()], ..CorpusCheck::default() };
    let one = |tz: &mut crate::text::Tokenizer, item: crate::input::Item| {
        let mut c = CorpusCheck { matches: vec![(0, 0); lexicon.entries.len()], ..CorpusCheck::default() };
        let article = match item.load(read.fallback) {
            Ok(a) => a,
            Err(d) => {
                c.skipped.push(d);
                return c;
            }
        };
        let lang = article.meta.language;
        let tokens = tz.tokenize(&article.body, lang);
        let hits = matcher.find_all(&article.body, &tokens, lang);
        c.articles = 1;
        c.words = tokens.tokens.len() as u64;
        let mut covered = vec![false; tokens.tokens.len()];
        for h in &hits {
            covered[h.first..h.first + h.len].iter_mut().for_each(|x| *x = true);
            let quoted = !h.voice.is_outlets();
            let written = article.body[h.start..h.end].to_lowercase();
            let mut cats: Vec<&str> = Vec::new();
            for &e in matcher.entries(h) {
                let entry = &lexicon.entries[e];
                c.matches[e].0 += 1;
                c.matches[e].1 += quoted as u64;
                if entry.kind == MatchKind::Glob {
                    *c.glob_words.entry(e).or_default().entry(written.clone()).or_default() += 1;
                }
                if !entry.is_exception() && !cats.contains(&entry.category.as_str()) {
                    cats.push(&entry.category);
                    *c.category_tokens.entry(entry.category.clone()).or_default() += h.len as u64;
                }
            }
        }
        // Topic words are matched apart from the framing entries; they are
        // counted here so that a topic word that puts articles on topic is
        // not listed as never matching.
        for (first, entries) in matcher.scope_words(&article.body, &tokens, lang) {
            covered[first] = true;
            for &e in entries {
                c.matches[e].0 += 1;
            }
        }
        for (t, is_covered) in tokens.tokens.iter().zip(covered) {
            let w = tokens.base(t);
            if !is_covered && t.alphabetic && w.chars().count() > 2 && !is_stopword(lang, w) {
                *c.unmatched.entry(w.to_string()).or_default() += 1;
            }
        }
        c
    };
    for_each_chunk(corpus, &workers, 512, one, |chunk| {
        for c in chunk {
            total = std::mem::take(&mut total).merge(c);
        }
        Ok(())
    })?;
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LoadOptions;

    #[test]
    fn finds_dead_wide_and_quoted_entries() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::create_dir_all(dir.join("o")).unwrap();
        std::fs::write(
            dir.join("o/a.txt"),
            "Thanks to the thankful crowd, he thanked them. “The regime is gone,” he said. The regime fell. Thanksgiving came.",
        )
        .unwrap();
        let lex = Lexicon::parse(
            "l.csv",
            "term,match,category\nthank*,glob,emotion\nregime,exact,label\nunicorn,exact,label\nthe regime fell,exact,exception\n",
            &LoadOptions::default(),
        );
        let check = check_corpus(&lex, std::slice::from_ref(&dir), ReadOptions::default()).unwrap();
        assert_eq!(check.dead(), [2]);
        let wide = check.wide_globs(3);
        assert_eq!(wide.len(), 1);
        assert_eq!(wide[0].1.keys().cloned().collect::<Vec<_>>(), ["thanked", "thankful", "thanks", "thanksgiving"]);
        assert_eq!(check.mostly_quoted(1), [(1, 1, 1)], "regime: its one match is quoted");
        assert_eq!(check.matches[1], (1, 1), "the narrator's regime is shielded by the exception");
        assert_eq!(check.matches[3], (1, 0), "exceptions are counted too");
        assert_eq!(check.top_unmatched(2), [("came", 1), ("crowd", 1)]);
        assert_eq!(check.category_tokens["label"], 1);
    }

    #[test]
    fn topic_words_that_put_articles_on_topic_are_not_dead() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::create_dir_all(dir.join("o")).unwrap();
        std::fs::write(dir.join("o/a.txt"), "Talks on Karabakh resumed in Vienna on Monday.").unwrap();
        let lex = Lexicon::parse(
            "l.csv",
            "term,match,category,axis,side\nKarabakh,exact,scope,a-b,\nAtlantis,exact,scope,a-b,\nfoe,exact,label,a-b,a\n",
            &LoadOptions::default(),
        );
        let check = check_corpus(&lex, std::slice::from_ref(&dir), ReadOptions::default()).unwrap();
        assert_eq!(check.matches[0].0, 1, "Karabakh is counted");
        assert_eq!(check.dead(), [1, 2], "Atlantis and foe never match");
        assert!(!check.top_unmatched(10).iter().any(|(w, _)| *w == "karabakh"), "a topic word is not unmatched");
    }
}
