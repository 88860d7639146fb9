//! `articles.csv`: one row per article, in report order: its metadata, its
//! totals, and per category and axis its counts, rates and leans.

use std::sync::Arc;

use super::score_columns::{self, Scored};
use super::{Finish, Report};
use crate::error::{Error, Result};
use crate::input::Meta;
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::report::{Columns, Output, TableWriter, Value};
use crate::score::Scores;
use crate::score::measures::Measures;
use crate::spill::{Codec, ExternalSort, text_bytes};

/// One article's row.
struct Line {
    meta: Meta,
    scores: Scores,
    values: Vec<f64>,
}

impl Scored for Line {
    fn scores(&self) -> &Scores {
        &self.scores
    }
    fn values(&self) -> &[f64] {
        &self.values
    }
}

fn columns(ctx: &Context, measures: &Arc<Measures>) -> Columns<Line> {
    let mut cols = Columns::new()
        .col("event", |r: &Line| Value::text(r.meta.event.as_deref().unwrap_or_default()))
        .col("outlet", |r| Value::text(&r.meta.outlet))
        .col("article", |r| Value::text(&r.meta.id))
        .col("title", |r| Value::text(&r.meta.title))
        .col("date", |r| Value::text(&r.meta.date))
        .col("url", |r| Value::text(&r.meta.url))
        .col("language", |r| Value::text(r.meta.language.as_str()))
        .col("language_source", |r| Value::text(r.meta.language_source.as_str()))
        .col("path", |r| Value::text(&r.meta.path));
    score_columns::append(&mut cols, &ctx.scheme, measures, false, false);
    cols
}

/// Fails when a lexicon category or axis would make a column name that
/// another column already has (a category named `hits` makes `hits_all`):
/// JSON reports would silently keep only one of them.
pub(super) fn check_columns<R>(cols: &Columns<R>) -> Result<()> {
    match cols.repeated() {
        None => Ok(()),
        Some(dup) => Err(Error::Lexicon(format!(
            "a category or axis name makes the report column {dup:?} twice; rename it in the lexicon \
             (columns are <category>_narrator, <category>_all, …, <axis>_<side>_narrator, <axis>_lean_narrator, …)"
        ))),
    }
}

fn codec() -> Codec<Line> {
    Codec {
        compare: |a, b| a.meta.order_key().cmp(&b.meta.order_key()),
        // The values are worked out when the row is written.
        encode: |l, out| serde_json::to_writer(out, &(&l.meta, &l.scores)).map_err(|e| e.to_string()),
        decode: |bytes| {
            let (meta, scores) = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
            Ok(Line { meta, scores, values: Vec::new() })
        },
    }
}

/// Sorts every article's counts into report order as they come (on disk
/// beyond a memory budget), and writes the rows at the end.
pub struct Articles {
    lines: ExternalSort<Line>,
    measures: Arc<Measures>,
}

impl Articles {
    pub fn new(ctx: &Context, memory: usize) -> Result<Articles> {
        let measures = Arc::new(Measures::new(&ctx.scheme));
        check_columns(&columns(ctx, &measures))?;
        Ok(Articles { lines: ExternalSort::with_limit(codec(), memory), measures })
    }
}

impl Report for Articles {
    fn article(&mut self, a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        let m = &a.meta;
        // The row as held in memory: its texts (each a block the allocator
        // rounds up) and its counts.
        let texts = text_bytes([&m.outlet, &m.id, &m.title, &m.url, &m.path, &m.date].map(String::as_str))
            + text_bytes(m.event.as_deref());
        let size = std::mem::size_of::<Line>() + texts + a.scores.heap_bytes();
        self.lines.push(Line { meta: a.meta.clone(), scores: a.scores.clone(), values: Vec::new() }, size)
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let mut w = TableWriter::create(out, "articles", at.options.format, columns(at.ctx, &self.measures))?;
        for line in self.lines.finish()? {
            let mut line = line?;
            line.values = self.measures.values(&line.scores);
            w.row(&line)?;
        }
        summary.reports.push(w.finish()?);
        Ok(())
    }
}
