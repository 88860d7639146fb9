//! Automatic events: when articles carry no event, a first pass reads them,
//! reduces each to its distinctive words, and groups them into stories (see
//! [`crate::claims::events`]); `events.csv` lists the stories found.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::corpus::Corpus;
use crate::error::Result;
use crate::report::{ReportFormat, TableWriter, Text, header_of};
use crate::text::Tokenizer;

use super::Options;

/// Events found by automatic grouping, by article path (as in `Meta::path`).
#[derive(Debug, Default)]
pub struct Grouping {
    pub event_of: std::collections::HashMap<String, String>,
    pub stories: Vec<StoryRow>,
}

/// One row of `events.csv`: a story found by automatic grouping.
#[derive(Debug, Clone, Serialize)]
pub struct StoryRow {
    event: Text,
    articles: usize,
    outlets: usize,
    first_date: Text,
    last_date: Text,
    first_title: Text,
}

/// Reads the corpus once to group articles that have no event into stories.
pub fn group(options: &Options, pool: &rayon::ThreadPool) -> Result<Grouping> {
    let inputs: Vec<PathBuf> = options.inputs.iter().filter(|p| p.as_os_str() != "-").cloned().collect();
    let mut corpus = Corpus::open(&inputs, options.read.clone())?;
    let fallback = options.read.fallback;
    type Found = (crate::article::Meta, Vec<(u64, u32)>);
    let mut found: Vec<Found> = Vec::new();
    loop {
        let chunk = corpus.next_chunk(options.chunk.max(1))?;
        if chunk.is_empty() {
            break;
        }
        let part: Vec<Option<Found>> = pool.install(|| {
            chunk
                .into_par_iter()
                .map_init(Tokenizer::new, |tz, item| {
                    let a = item.load(fallback).ok()?;
                    if a.meta.event.is_some() {
                        return None;
                    }
                    let tokens = tz.tokenize(&a.body, a.meta.language);
                    let mut counts: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
                    let lang = a.meta.language;
                    for t in tokens
                        .tokens
                        .iter()
                        .filter(|t| t.alphabetic && !crate::claims::extract::is_stopword(lang, tokens.base(t)))
                    {
                        let stem = tokens.stem(t);
                        let cut = stem
                            .char_indices()
                            .nth(crate::claims::extract::FEATURE_CHARS)
                            .map_or(stem.len(), |(i, _)| i);
                        *counts.entry(crate::claims::extract::feature_hash(&stem[..cut])).or_default() += 1;
                    }
                    let mut v: Vec<(u64, u32)> = counts.into_iter().collect();
                    v.sort_unstable();
                    Some((a.meta, v))
                })
                .collect()
        });
        found.extend(part.into_iter().flatten());
    }
    let mut grouping = Grouping::default();
    if found.is_empty() {
        return Ok(grouping);
    }
    let features: Vec<Vec<(u64, u32)>> = found.iter().map(|f| f.1.clone()).collect();
    let story = crate::claims::events::group(&features);
    let n = story.iter().max().map_or(0, |m| m + 1);
    let width = n.to_string().len().max(3);
    let name = |s: usize| format!("story-{:0width$}", s + 1);
    let mut rows: Vec<(usize, std::collections::BTreeSet<String>, Vec<String>, String)> =
        vec![(0, Default::default(), Vec::new(), String::new()); n];
    for ((meta, _), &s) in found.iter().zip(&story) {
        grouping.event_of.insert(meta.path.clone(), name(s));
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
                event: name(s).into(),
                articles,
                outlets: outlets.len(),
                first_date: dates.first().cloned().unwrap_or_default().into(),
                last_date: dates.last().cloned().unwrap_or_default().into(),
                first_title: title.into(),
            }
        })
        .collect();
    Ok(grouping)
}

impl Grouping {
    /// Writes `events.csv` when stories were found; returns its path.
    pub fn write(&self, out: &std::path::Path, format: ReportFormat) -> Result<Option<PathBuf>> {
        let Some(first) = self.stories.first() else { return Ok(None) };
        let mut w = TableWriter::create(out, "events", format, header_of(first))?;
        for row in &self.stories {
            w.row(row)?;
        }
        w.finish().map(Some)
    }
}
