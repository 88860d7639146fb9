//! `outlets.csv`: one row per outlet for all events together (`event` is
//! `*`) and one per outlet × event, each the sum of its articles' rows, with
//! 95% bootstrap intervals over the articles (see [`crate::score::stats`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::articles::check_columns;
use super::score_columns::{self, Scored};
use super::{Finish, Report};
use crate::error::Result;
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::report::{Columns, Output, TableWriter, Value};
use crate::score::Scores;
use crate::score::measures::{Bootstrap, MIN_ARTICLES, MIN_WORDS, Measures};
use crate::score::stats::article_key;
use crate::spill::{Codec, ExternalSort, text_bytes};

/// The marker in `outlets.csv`'s `event` column for an outlet's all-events row.
pub const ALL_EVENTS: &str = "*";

/// One outlet's (or outlet × event's) row.
struct Line {
    event: String,
    outlet: String,
    scores: Scores,
    values: Vec<f64>,
    intervals: Vec<Option<(f64, f64)>>,
    small: bool,
    note: String,
    replicates: usize,
}

impl Scored for Line {
    fn scores(&self) -> &Scores {
        &self.scores
    }
    fn values(&self) -> &[f64] {
        &self.values
    }
    fn interval(&self, k: usize) -> Option<(f64, f64)> {
        self.intervals.get(k).copied().flatten()
    }
}

fn columns(ctx: &Context, measures: &Arc<Measures>) -> Columns<Line> {
    let mut cols = Columns::new()
        .col("event", |r: &Line| Value::text(&r.event))
        .col("outlet", |r| Value::text(&r.outlet))
        .col("articles", |r| Value::Int(r.scores.articles))
        .col("small_sample", |r| Value::Bool(r.small));
    score_columns::lead(&mut cols, &ctx.scheme, measures);
    cols.push("interval_note", |r: &Line| Value::text(&r.note));
    cols.push("replicates", |r: &Line| Value::Int(r.replicates as u64));
    score_columns::append(&mut cols, &ctx.scheme, measures, true, true);
    cols
}

/// A group's totals and its members' keys and measure values (kept only
/// when there are intervals to draw).
type Group = (Scores, Vec<(u64, Vec<f64>)>);

/// One article's part: its place in this report's order (outlet first),
/// and its counts.
type Part = ((String, String, String, String, usize), Scores);

fn codec() -> Codec<Part> {
    Codec {
        compare: |a, b| a.0.cmp(&b.0),
        encode: |p, out| serde_json::to_writer(out, p).map_err(|e| e.to_string()),
        decode: |bytes| serde_json::from_slice(bytes).map_err(|e| e.to_string()),
    }
}

/// Most articles a batch of outlets gathers (their groups' totals and, for
/// the intervals, their measure values) before it is written: outlets are
/// worked on in batches of about this many, each batch's groups in
/// parallel.
const BATCH_ARTICLES: usize = 20_000;

/// Sums articles per outlet and per outlet × event. The articles' counts are
/// sorted by outlet (on disk beyond a memory budget), so that at the end one
/// outlet at a time is summed: memory holds a batch of outlets, not the
/// corpus.
pub struct Outlets {
    measures: Arc<Measures>,
    parts: ExternalSort<Part>,
    zero: Scores,
}

impl Outlets {
    pub fn new(ctx: &Context, memory: usize) -> Outlets {
        Outlets {
            measures: Arc::new(Measures::new(&ctx.scheme)),
            parts: ExternalSort::with_limit(codec(), memory),
            zero: Scores::zero(&ctx.scheme),
        }
    }
}

/// Gathers the sorted parts into groups, an outlet at a time, and hands
/// them on in batches in report order ((outlet, event), `*` among the
/// events as a string).
struct Batches<'a> {
    measures: &'a Measures,
    zero: &'a Scores,
    keep_members: bool,
    /// The outlet being gathered, and its groups by event.
    outlet: Option<String>,
    groups: BTreeMap<String, Group>,
    batch: Vec<((String, String), Group)>,
    articles: usize,
    /// Articles a batch gathers before it is handed on.
    limit: usize,
}

impl<'a> Batches<'a> {
    /// Batches of about `limit` articles; the members' measure values are
    /// kept only when `keep_members` (there are intervals to draw).
    fn new(measures: &'a Measures, zero: &'a Scores, keep_members: bool, limit: usize) -> Batches<'a> {
        Batches {
            measures,
            zero,
            keep_members,
            outlet: None,
            groups: BTreeMap::new(),
            batch: Vec::new(),
            articles: 0,
            limit,
        }
    }

    /// Adds one article (parts come sorted by outlet, then as in the
    /// report order), so every sum adds in the same order whatever the
    /// input order. Returns a full batch when one is ready.
    fn add(&mut self, part: Part) -> Option<Vec<((String, String), Group)>> {
        let ((outlet, event, id, path, _), scores) = part;
        let mut ready = None;
        if self.outlet.as_deref() != Some(outlet.as_str()) {
            ready = self.end_outlet(false);
            self.outlet = Some(outlet.clone());
        }
        let v = self.keep_members.then(|| (article_key(&[&event, &outlet, &id, &path]), self.measures.values(&scores)));
        for e in [ALL_EVENTS, event.as_str()] {
            let g = match self.groups.get_mut(e) {
                Some(g) => g,
                None => self.groups.entry(e.to_string()).or_insert_with(|| (self.zero.clone(), Vec::new())),
            };
            g.0.add(&scores);
            if let Some(v) = &v {
                g.1.push(v.clone());
            }
        }
        // Counted whether or not the members are kept: a batch also holds
        // each group's totals, and without intervals every outlet × event
        // would otherwise wait for the end.
        self.articles += 1;
        ready
    }

    /// Ends the outlet being gathered; returns the batch when it is full
    /// (or `last`).
    fn end_outlet(&mut self, last: bool) -> Option<Vec<((String, String), Group)>> {
        if let Some(outlet) = self.outlet.take() {
            let groups = std::mem::take(&mut self.groups);
            self.batch.extend(groups.into_iter().map(|(event, g)| ((outlet.clone(), event), g)));
        }
        let full = self.articles >= self.limit || (last && !self.batch.is_empty());
        full.then(|| {
            self.articles = 0;
            std::mem::take(&mut self.batch)
        })
    }
}

/// Why an outlet's intervals are missing or weak; empty when they are fine.
fn interval_note(s: &Scores, small: bool, boot: &Bootstrap) -> String {
    if boot.replicates == 0 {
        "intervals turned off".to_string()
    } else if s.articles < 2 {
        "one article: no interval".to_string()
    } else if small {
        format!(
            "little data ({} articles, {} words; want {MIN_ARTICLES}+ and {MIN_WORDS}+): intervals are rough",
            s.articles, s.words
        )
    } else {
        String::new()
    }
}

impl Report for Outlets {
    fn article(&mut self, a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        let (event, outlet, id, path, line) = a.meta.order_key();
        let key = (outlet.to_string(), event.to_string(), id.to_string(), path.to_string(), line);
        let size = std::mem::size_of::<Part>() + text_bytes([outlet, event, id, path]) + a.scores.heap_bytes();
        self.parts.push((key, a.scores.clone()), size)
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let boot = &at.options.bootstrap;
        let cols = columns(at.ctx, &self.measures);
        check_columns(&cols)?;
        // With one event the outlet's `*` row repeats its event row; keep both so
        // the table has the same shape whatever the corpus.
        let Outlets { measures, parts, zero } = *self;
        let measures = &measures;
        let mut w = TableWriter::create(out, "outlets", at.options.format, cols)?;
        let mut write = |batch: Vec<((String, String), Group)>| -> Result<()> {
            let intervals: Vec<Vec<Option<(f64, f64)>>> = at
                .workers
                .install(|| batch.par_iter().map(|(_, (_, members))| measures.intervals(members, boot)).collect());
            for (((outlet, event), (scores, _)), intervals) in batch.into_iter().zip(intervals) {
                let small = scores.articles < MIN_ARTICLES || scores.words < MIN_WORDS;
                if small && event == ALL_EVENTS {
                    summary.small_outlets += 1;
                }
                let line = Line {
                    note: interval_note(&scores, small, boot),
                    replicates: if scores.articles < 2 { 0 } else { boot.replicates },
                    values: measures.values(&scores),
                    event,
                    outlet,
                    scores,
                    intervals,
                    small,
                };
                w.row(&line)?;
            }
            Ok(())
        };
        let mut batches = Batches::new(measures, &zero, boot.replicates > 0, BATCH_ARTICLES);
        for part in parts.finish()? {
            if let Some(batch) = batches.add(part?) {
                write(batch)?;
            }
        }
        if let Some(batch) = batches.end_outlet(true) {
            write(batch)?;
        }
        summary.reports.push(w.finish()?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Lexicon, LoadOptions};
    use crate::score::Scheme;

    /// Every group, in the order written, with its totals and members,
    /// whatever the batch size.
    #[test]
    fn batches_give_every_group_once_in_report_order() {
        let csv = "term,match,category,axis,side\nx,exact,label,a-b,a\n";
        let scheme = Scheme::new(&Lexicon::parse("t.csv", csv, &LoadOptions::default()));
        let measures = Measures::new(&scheme);
        let zero = Scores::zero(&scheme);
        // Sorted by outlet, then event: an event that sorts before `*`.
        let parts: Vec<Part> = [("A", "(none)", 3), ("A", "e1", 5), ("A", "e1", 7), ("B", "e2", 11)]
            .iter()
            .enumerate()
            .map(|(i, (o, e, words))| {
                let mut s = zero.clone();
                s.articles = 1;
                s.words = *words;
                ((o.to_string(), e.to_string(), format!("id{i}"), "p".to_string(), 1), s)
            })
            .collect();
        let run = |limit: usize, keep_members: bool| {
            let mut b = Batches::new(&measures, &zero, keep_members, limit);
            let mut got = Vec::new();
            let mut handed = 0;
            for p in parts.clone() {
                let batch = b.add(p);
                handed += usize::from(batch.is_some());
                got.extend(batch.into_iter().flatten());
            }
            // Batches are handed on as they fill, not all at the end.
            assert!(limit > 3 || handed > 0, "nothing handed on before the end with batches of {limit}");
            got.extend(b.end_outlet(true).into_iter().flatten());
            got.into_iter().map(|((o, e), (s, m))| (o, e, s.articles, s.words, m.len())).collect::<Vec<_>>()
        };
        let want = vec![
            ("A".to_string(), "(none)".to_string(), 1, 3, 1),
            ("A".to_string(), "*".to_string(), 3, 15, 3),
            ("A".to_string(), "e1".to_string(), 2, 12, 2),
            ("B".to_string(), "*".to_string(), 1, 11, 1),
            ("B".to_string(), "e2".to_string(), 1, 11, 1),
        ];
        for limit in [1, 2, 1000] {
            assert_eq!(run(limit, true), want, "batches of {limit} articles");
            let totals: Vec<_> = want.iter().map(|(o, e, a, w, _)| (o.clone(), e.clone(), *a, *w, 0)).collect();
            assert_eq!(run(limit, false), totals, "batches of {limit} articles, no intervals");
        }
    }
}
