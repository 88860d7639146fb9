//! Automatic events: when articles carry no event, a first pass reads them,
//! reduces each to its most distinctive word stems (tf-idf over the corpus),
//! and groups them into stories: articles are taken in corpus order and each
//! joins the most similar story (weighted Jaccard against the story's first
//! article) at or above [`THRESHOLD`], or starts a new one. Candidate stories
//! come from an inverted index ([`LeaderIndex`]), so the cost stays
//! near-linear in the number of articles.

use std::collections::{BTreeSet, HashMap};

use super::pipeline::{Workers, for_each_chunk};
use crate::error::Result;
use crate::features;
use crate::hash::FastMap;
use crate::input::{Corpus, Meta, ReadOptions};
use crate::lang::Lang;
use crate::report::{Columns, Row, Value};
use crate::similarity::{LeaderIndex, minmax_jaccard};
use crate::stopwords::is_stopword;
use crate::text::Tokens;

/// Similarity from which an article joins a story.
pub const THRESHOLD: f64 = 0.12;
/// Features kept per article: its most distinctive ones.
pub const FEATURES_PER_ARTICLE: usize = 40;

/// Stories compared with one article at most: those whose first article
/// shares the most of its features.
pub const CANDIDATES: usize = 32;

/// Groups articles (given as their feature lists with counts) into stories.
/// Returns the story index of every article, stories numbered in order of
/// their first article.
pub fn group(articles: &[Vec<(u64, u32)>]) -> Vec<usize> {
    let mut df: FastMap<u64, u32> = FastMap::default();
    for a in articles {
        for (f, _) in a {
            *df.entry(*f).or_default() += 1;
        }
    }
    let tops: Vec<Vec<(u64, f64)>> = articles.iter().map(|a| top_features(a, &df, articles.len())).collect();
    group_tops(&tops)
}

/// An article's most distinctive features by tf-idf over a collection of `n`
/// articles with document frequencies `df` (features of this article alone
/// are left out: they cannot link it to anything), sorted by feature.
pub fn top_features(counts: &[(u64, u32)], df: &FastMap<u64, u32>, n: usize) -> Vec<(u64, f64)> {
    let n = n as f64;
    let idf = |d: u32| (1.0 + n / d.max(1) as f64).ln();
    let mut v: Vec<(u64, f64)> = counts
        .iter()
        .filter_map(|(f, c)| {
            let d = df.get(f).copied().unwrap_or(1);
            (d > 1).then(|| (*f, (1.0 + (*c as f64).ln()) * idf(d)))
        })
        .collect();
    v.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    v.truncate(FEATURES_PER_ARTICLE);
    v.sort_by_key(|x| x.0);
    v
}

/// Groups articles given as their [`top_features`]: articles are taken in
/// order and each joins the most similar story (weighted Jaccard against the
/// story's first article) at or above [`THRESHOLD`], or starts a new one.
/// At most [`CANDIDATES`] stories are compared with each article, so the
/// cost stays near-linear whatever the corpus.
pub fn group_tops(tops: &[Vec<(u64, f64)>]) -> Vec<usize> {
    let mut leaders: Vec<usize> = Vec::new();
    let mut index = LeaderIndex::default();
    let mut story = Vec::with_capacity(tops.len());
    for (k, top) in tops.iter().enumerate() {
        let best = index
            .best(top.iter().map(|(f, _)| *f), CANDIDATES)
            .into_iter()
            .map(|s| (minmax_jaccard(top, &tops[leaders[s]]), s))
            .filter(|(v, _)| *v >= THRESHOLD)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        match best {
            Some((_, s)) => story.push(s),
            None => {
                let s = leaders.len();
                leaders.push(k);
                index.add(s, top.iter().map(|(f, _)| *f));
                story.push(s);
            }
        }
    }
    story
}

/// Events found by automatic grouping, by article path (as in `Meta::path`).
#[derive(Debug, Default)]
pub struct Grouping {
    /// The story of each grouped article, by its path and line.
    pub event_of: HashMap<(String, usize), String>,
    /// The stories, in order.
    pub stories: Vec<StoryRow>,
}

/// One row of `events.csv`: a story found by automatic grouping.
#[derive(Debug, Clone)]
pub struct StoryRow {
    /// Its name, `story-001`.
    pub event: String,
    /// Articles in it.
    pub articles: usize,
    /// Distinct outlets in it.
    pub outlets: usize,
    /// Earliest and latest publication dates (empty when none is known).
    pub first_date: String,
    /// Latest publication date.
    pub last_date: String,
    /// The title of its first article.
    pub first_title: String,
}

impl Row for StoryRow {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("event", |r: &StoryRow| Value::text(&r.event))
            .col("articles", |r| Value::Int(r.articles as u64))
            .col("outlets", |r| Value::Int(r.outlets as u64))
            .col("first_date", |r| Value::text(&r.first_date))
            .col("last_date", |r| Value::text(&r.last_date))
            .col("first_title", |r| Value::text(&r.first_title))
    }
}

/// An article's grouping features: the hashed stems of its content words
/// with their counts, sorted by feature.
pub fn story_features(tokens: &Tokens, lang: Lang) -> Vec<(u64, u32)> {
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for t in tokens.tokens.iter().filter(|t| t.alphabetic && !is_stopword(lang, tokens.base(t))) {
        *counts.entry(features::stem(tokens.stem(t))).or_default() += 1;
    }
    let mut v: Vec<(u64, u32)> = counts.into_iter().collect();
    v.sort_unstable();
    v
}

/// An article without an event, as grouping needs it: its metadata and its
/// [`story_features`].
pub type Found = (Meta, Vec<(u64, u32)>);

/// Reads the corpus once to group articles that have no event into stories.
/// An input that cannot be read twice and was not copied (standard input
/// when the caller did not spool it) is left out by the caller: its rows
/// without an event share the event `stdin`.
pub fn group_corpus(corpus: Corpus, read: &ReadOptions, chunk: usize, workers: &Workers) -> Result<Grouping> {
    let fallback = read.fallback;
    let mut found: Vec<Found> = Vec::new();
    for_each_chunk(
        corpus,
        workers,
        chunk,
        |tz, item| {
            let a = item.load(fallback).ok()?;
            if a.meta.event.is_some() {
                return None;
            }
            let tokens = tz.tokenize(&a.body, a.meta.language);
            let features = story_features(&tokens, a.meta.language);
            Some((a.meta, features))
        },
        |chunk| {
            found.extend(chunk.into_iter().flatten());
            Ok(())
        },
    )?;
    Ok(group_found(found))
}

/// Groups articles without an event into stories, whatever order they come
/// in (a run's first pass, or the partials of a merge).
pub fn group_found(mut found: Vec<Found>) -> Grouping {
    let mut grouping = Grouping::default();
    if found.is_empty() {
        return grouping;
    }
    // Grouping takes articles one by one, so give them in an order that does
    // not depend on the order of the inputs.
    found.sort_by(|a, b| a.0.order_key().cmp(&b.0.order_key()));
    let feats: Vec<Vec<(u64, u32)>> = found.iter().map(|f| f.1.clone()).collect();
    let story = group(&feats);
    let n = story.iter().max().map_or(0, |m| m + 1);
    let width = n.to_string().len().max(3);
    let name = |s: usize| format!("story-{:0width$}", s + 1);
    let mut rows: Vec<(usize, BTreeSet<String>, Vec<String>, String)> =
        vec![(0, Default::default(), Vec::new(), String::new()); n];
    for ((meta, _), &s) in found.iter().zip(&story) {
        grouping.event_of.insert((meta.path.clone(), meta.line), name(s));
        let r = &mut rows[s];
        if r.0 == 0 {
            r.3 = meta.title.clone();
        }
        r.0 += 1;
        r.1.insert(meta.outlet.clone());
        if !meta.date.is_empty() {
            r.2.push(meta.date.clone());
        }
    }
    grouping.stories = rows
        .into_iter()
        .enumerate()
        .map(|(s, (articles, outlets, mut dates, title))| {
            dates.sort();
            StoryRow {
                event: name(s),
                articles,
                outlets: outlets.len(),
                first_date: dates.first().cloned().unwrap_or_default(),
                last_date: dates.last().cloned().unwrap_or_default(),
                first_title: title,
            }
        })
        .collect();
    grouping
}
