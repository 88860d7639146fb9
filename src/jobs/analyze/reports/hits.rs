//! `hits.csv`: one row per hit and lexicon entry, in report order (by
//! article, then position in the text, then lexicon order).

use super::{Finish, Report};
use crate::error::Result;
use crate::jobs::analyze::{ArticleOutput, Context, HitRow, Summary};
use crate::lexicon::Lexicon;
use crate::report::{Columns, Output, TableWriter, Value};
use crate::score::Counts;

fn columns() -> Columns<HitRow, Lexicon> {
    Columns::new()
        .col("event", |r: &HitRow| Value::text(&r.event))
        .col("outlet", |r| Value::text(&r.outlet))
        .col("article", |r| Value::text(&r.article))
        .col("sentence", |r| Value::int(r.sentence))
        .col("start", |r| Value::Int(r.start as u64))
        .col("end", |r| Value::Int(r.end as u64))
        .col("text", |r| Value::text(&r.text))
        .col_with("term", |l: &Lexicon, r: &HitRow| Value::text(&l.entries[r.entry].term))
        .col_with("match", |l, r| Value::text(l.entries[r.entry].kind.as_str()))
        .col_with("category", |l, r| Value::text(&l.entries[r.entry].category))
        .col_with("axis", |l, r| Value::text(&l.entries[r.entry].axis))
        .col_with("side", |l, r| Value::text(&l.entries[r.entry].side))
        .col_with("weight", |l, r| Value::Float(l.entries[r.entry].weight))
        .col("voice", |r| Value::text(r.voice.as_str()))
        .col("negated", |r| Value::Bool(r.negated))
        .col_with("measure", |l, r| {
            let e = &l.entries[r.entry];
            Value::text(if e.is_naming() {
                "naming"
            } else if e.category == "hedge" {
                "hedge"
            } else {
                "loaded"
            })
        })
        .col_with("counts_for", |l, r| match r.counts {
            Counts::Narrator { .. } | Counts::Quoted { .. } => Value::text(&l.entries[r.entry].side),
            Counts::Unsided | Counts::Not(_) => Value::text(""),
        })
        .col("counted_in", |r| {
            Value::text(match r.counts {
                Counts::Narrator { .. } => "narrator",
                Counts::Quoted { .. } => "all voices",
                Counts::Unsided | Counts::Not(_) => "",
            })
        })
        .col("not_counted", |r| {
            Value::text(match r.counts {
                Counts::Quoted { .. } if r.voice == crate::text::voice::Voice::Narrator => "reported speech",
                Counts::Quoted { .. } if r.voice == crate::text::voice::Voice::ScareQuote => "scare quote",
                Counts::Quoted { .. } => "quoted",
                Counts::Not(why) => why,
                Counts::Unsided | Counts::Narrator { .. } => "",
            })
        })
        .col_with("neutral", |l, r| Value::text(&l.entries[r.entry].neutral))
        .col("context", |r| Value::text(&r.context))
        .col_with("lexicon", |l, r| Value::owned(l.location(&l.entries[r.entry]).to_string()))
}

/// Keeps the hit rows until the end, when they are sorted and written.
#[derive(Default)]
pub struct Hits {
    rows: Vec<HitRow>,
}

impl Report for Hits {
    fn article(&mut self, article: &ArticleOutput, _ctx: &Context) -> Result<()> {
        self.rows.extend(article.hits.iter().cloned());
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let mut rows = self.rows;
        rows.sort_by(|a, b| {
            (&a.event, &a.outlet, &a.article, &a.path, a.line, a.start, a.end, a.entry)
                .cmp(&(&b.event, &b.outlet, &b.article, &b.path, b.line, b.start, b.end, b.entry))
        });
        let mut w = TableWriter::create(out, "hits", at.options.format, columns())?;
        rows.iter().try_for_each(|h| w.row_with(at.ctx.lexicon, h))?;
        summary.reports.push(w.finish()?);
        Ok(())
    }
}
