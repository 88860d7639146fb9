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

/// A group's totals and its members' keys and measure values.
type Group = (Scores, Vec<(u64, Vec<f64>)>);

/// One article's part: its place in the report order, its event and
/// outlet, and its counts.
type Part = ((String, String, String, String, usize), Scores);

/// Sums articles per outlet and per outlet × event.
pub struct Outlets {
    measures: Arc<Measures>,
    parts: Vec<Part>,
    zero: Scores,
}

impl Outlets {
    pub fn new(ctx: &Context) -> Outlets {
        Outlets { measures: Arc::new(Measures::new(&ctx.scheme)), parts: Vec::new(), zero: Scores::zero(&ctx.scheme) }
    }

    /// (outlet, event) → group; `*` is every event of the outlet. Articles
    /// are summed in report order, so that sums of weights that are not
    /// exact binary fractions round the same way whatever the input order.
    fn groups(&self) -> BTreeMap<(String, String), Group> {
        let mut parts: Vec<&Part> = self.parts.iter().collect();
        parts.sort_by(|a, b| a.0.cmp(&b.0));
        let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
        for ((event, outlet, id, path, _), scores) in parts {
            let key = article_key(&[event, outlet, id, path]);
            let v = self.measures.values(scores);
            for e in [ALL_EVENTS, event.as_str()] {
                let g =
                    groups.entry((outlet.clone(), e.to_string())).or_insert_with(|| (self.zero.clone(), Vec::new()));
                g.0.add(scores);
                g.1.push((key, v.clone()));
            }
        }
        groups
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
        let key = (event.to_string(), outlet.to_string(), id.to_string(), path.to_string(), line);
        self.parts.push((key, a.scores.clone()));
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let boot = &at.options.bootstrap;
        let cols = columns(at.ctx, &self.measures);
        check_columns(&cols)?;
        // With one event the outlet's `*` row repeats its event row; keep both so
        // the table has the same shape whatever the corpus.
        let groups: Vec<((String, String), Group)> = self.groups().into_iter().collect();
        let measures = &self.measures;
        let intervals: Vec<Vec<Option<(f64, f64)>>> = at
            .workers
            .install(|| groups.par_iter().map(|(_, (_, members))| measures.intervals(members, boot)).collect());
        let mut w = TableWriter::create(out, "outlets", at.options.format, cols)?;
        for (((outlet, event), (scores, _)), intervals) in groups.into_iter().zip(intervals) {
            let small = scores.articles < MIN_ARTICLES || scores.words < MIN_WORDS;
            if small && event == ALL_EVENTS {
                summary.small_outlets += 1;
            }
            let line = Line {
                note: interval_note(&scores, small, boot),
                replicates: if scores.articles < 2 { 0 } else { boot.replicates },
                values: self.measures.values(&scores),
                event,
                outlet,
                scores,
                intervals,
                small,
            };
            w.row(&line)?;
        }
        summary.reports.push(w.finish()?);
        Ok(())
    }
}
