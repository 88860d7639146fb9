//! The claim reports: `claims.csv`, `coverage.csv`, `differences.csv` and
//! `sources.csv` (see [`crate::claims::report`]).
//!
//! Each article's claims go to a spill store as they arrive (see
//! [`crate::claims::store`]: memory for a small corpus, a temporary file for
//! a large one); only where they are is kept in memory. At the
//! end, articles are put in report order and each event is cut into
//! stories: an event of up to [`STORY_SPLIT`] articles is one story, a
//! larger one (a whole unlabelled corpus is one event) is grouped into
//! stories like `--events auto` does. Stories are aligned in parallel, in
//! batches of at most [`BATCH_CLAIMS`] claims, each read back from the
//! spill store, so memory is bounded by the largest story, not by the corpus.
//! Coverage and difference rows are written story by story; `claims.csv` and
//! `sources.csv` are then written article by article in report order.

use rayon::prelude::*;

use super::{Finish, Report};
use crate::claims::report::{
    ArticleClaims, ClaimInfo, ClaimRow, CoverageRow, DifferenceRow, SourceRow, Sources, StoryRows, claim_rows,
    story_rows,
};
use crate::claims::store::{ClaimReader, ClaimStore, Spilled};
use crate::error::Result;
use crate::hash::FastMap;
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::jobs::stories::{group_tops, top_features};
use crate::report::{Output, Row, TableWriter};

/// Events with more articles than this are grouped into stories before
/// their claims are aligned.
pub const STORY_SPLIT: usize = 200;
/// Claims aligned at once (several stories in parallel); a larger story is
/// aligned alone.
pub const BATCH_CLAIMS: usize = 20_000;

/// One article, its claims spilled.
struct Entry {
    event: String,
    outlet: String,
    article: String,
    path: String,
    line: usize,
    date: String,
    at: Spilled,
    claims: usize,
}

impl Entry {
    fn load(&self, reader: &ClaimReader) -> Result<ArticleClaims> {
        Ok(ArticleClaims {
            event: self.event.clone(),
            outlet: self.outlet.clone(),
            article: self.article.clone(),
            path: self.path.clone(),
            line: self.line,
            date: self.date.clone(),
            claims: reader.get(self.at)?,
        })
    }
}

/// Spills every article's claims until the end.
pub struct Claims {
    store: Option<ClaimStore>,
    entries: Vec<Entry>,
}

impl Claims {
    /// A sink with its spill store.
    pub fn new() -> Claims {
        Claims { store: Some(ClaimStore::new()), entries: Vec::new() }
    }
}

impl Default for Claims {
    fn default() -> Self {
        Claims::new()
    }
}

/// A story: its event and its articles (indices into the sorted entries).
struct Story {
    event: usize,
    articles: Vec<usize>,
    claims: usize,
}

/// An article's feature counts (in how many of its sentences each is), for
/// grouping an event's articles into stories.
fn feature_counts(mut features: Vec<u64>) -> Vec<(u64, u32)> {
    features.sort_unstable();
    features.chunk_by(|a, b| a == b).map(|g| (g[0], g.len() as u32)).collect()
}

/// The stories of one event (entries `span`), each a list of entries in report order.
fn stories_of(span: std::ops::Range<usize>, entries: &[Entry], reader: &ClaimReader) -> Result<Vec<Vec<usize>>> {
    if span.len() <= STORY_SPLIT {
        return Ok(vec![span.collect()]);
    }
    // Two reads of the event: document frequencies first, then each
    // article's most distinctive features, so that only those stay in memory.
    let mut df: FastMap<u64, u32> = FastMap::default();
    for e in &entries[span.clone()] {
        for (f, _) in feature_counts(reader.features(e.at)?) {
            *df.entry(f).or_default() += 1;
        }
    }
    let tops: Vec<Vec<(u64, f64)>> = entries[span.clone()]
        .par_iter()
        .map(|e| Ok(top_features(&feature_counts(reader.features(e.at)?), &df, span.len())))
        .collect::<Result<_>>()?;
    drop(df);
    let story = group_tops(&tops);
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); story.iter().max().map_or(0, |m| m + 1)];
    for (i, s) in story.into_iter().enumerate() {
        out[s].push(span.start + i);
    }
    Ok(out)
}

impl Report for Claims {
    fn article(&mut self, a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        let m = &a.meta;
        let Some(store) = self.store.as_mut() else { return Ok(()) };
        let at = store.put(&a.claims)?;
        self.entries.push(Entry {
            event: m.event.clone().unwrap_or_default(),
            outlet: m.outlet.clone(),
            article: m.id.clone(),
            path: m.path.clone(),
            line: m.line,
            date: m.date.clone(),
            at,
            claims: a.claims.len(),
        });
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let Claims { store, mut entries } = *self;
        let Some(store) = store else { return Ok(()) };
        let reader = store.into_reader()?;
        // Alignment takes articles one by one: give them in report order,
        // which does not depend on the order of the inputs.
        entries.sort_by(|a, b| {
            (&a.event, &a.outlet, &a.article, &a.path, a.line).cmp(&(&b.event, &b.outlet, &b.article, &b.path, b.line))
        });
        let events: Vec<std::ops::Range<usize>> = entries
            .chunk_by(|a, b| a.event == b.event)
            .scan(0, |start, group| {
                let r = *start..*start + group.len();
                *start = r.end;
                Some(r)
            })
            .collect();
        let mut stories: Vec<Story> = Vec::new();
        for (ev, span) in events.iter().enumerate() {
            let found = at.workers.install(|| stories_of(span.clone(), &entries, &reader))?;
            for articles in found {
                let claims = articles.iter().map(|&i| entries[i].claims).sum();
                stories.push(Story { event: ev, articles, claims });
            }
        }

        let format = at.options.format;
        let mode = at.options.coverage;
        let mut claims = TableWriter::create(out, "claims", format, ClaimRow::columns())?;
        let mut coverage = TableWriter::create(out, "coverage", format, CoverageRow::columns())?;
        let mut differences = TableWriter::create(out, "differences", format, DifferenceRow::columns())?;
        let mut sources = TableWriter::create(out, "sources", format, SourceRow::columns())?;

        // What each article's claims were aligned with, and the event's
        // number of the first cluster of its story.
        let mut infos: Vec<(Vec<ClaimInfo>, usize)> = (0..entries.len()).map(|_| (Vec::new(), 0)).collect();
        let mut next_cluster: Vec<usize> = vec![1; events.len()];
        let mut start = 0;
        while start < stories.len() {
            let mut end = start + 1;
            let mut size = stories[start].claims;
            while end < stories.len() && size + stories[end].claims <= BATCH_CLAIMS {
                size += stories[end].claims;
                end += 1;
            }
            let batch = &stories[start..end];
            let done: Vec<StoryRows> = at.workers.install(|| {
                batch
                    .par_iter()
                    .map(|s| {
                        let articles: Vec<ArticleClaims> =
                            s.articles.iter().map(|&i| entries[i].load(&reader)).collect::<Result<_>>()?;
                        Ok(story_rows(&entries[s.articles[0]].event, &articles, mode))
                    })
                    .collect::<Result<_>>()
            })?;
            for (story, mut rows) in batch.iter().zip(done) {
                let first = next_cluster[story.event];
                next_cluster[story.event] += rows.clusters;
                summary.clusters += rows.clusters;
                for r in &mut rows.coverage {
                    r.cluster += first;
                }
                for r in &mut rows.differences {
                    r.cluster += first;
                }
                coverage.rows(&rows.coverage)?;
                differences.rows(&rows.differences)?;
                for (&i, info) in story.articles.iter().zip(rows.info) {
                    infos[i] = (info, first);
                }
            }
            start = end;
        }

        for span in &events {
            let mut counted = Sources::default();
            let event = &entries[span.start].event;
            for i in span.clone() {
                let a = entries[i].load(&reader)?;
                let (info, first) = std::mem::take(&mut infos[i]);
                claims.rows(&claim_rows(event, &a, &info, first))?;
                counted.add(&a);
            }
            sources.rows(&counted.rows(event))?;
        }
        for w in [claims.finish()?, coverage.finish()?, differences.finish()?, sources.finish()?] {
            summary.reports.push(w);
        }
        Ok(())
    }
}
