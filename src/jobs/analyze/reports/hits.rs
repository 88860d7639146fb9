//! `hits.csv`: one row per hit and lexicon entry, streamed as articles come.

use super::{Finish, Report};
use crate::error::Result;
use crate::jobs::analyze::{ArticleOutput, Context, HitRow, Summary};
use crate::lexicon::Lexicon;
use crate::report::{Columns, Output, ReportFormat, TableWriter, Value};

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
        .col_with("neutral", |l, r| Value::text(&l.entries[r.entry].neutral))
        .col("context", |r| Value::text(&r.context))
        .col_with("lexicon", |l, r| Value::owned(l.location(&l.entries[r.entry]).to_string()))
}

/// Writes each article's hit rows as soon as the article arrives.
pub struct Hits {
    writer: TableWriter<HitRow, Lexicon>,
}

impl Hits {
    pub fn create(out: &mut dyn Output, format: ReportFormat, _ctx: &Context) -> Result<Hits> {
        Ok(Hits { writer: TableWriter::create(out, "hits", format, columns())? })
    }
}

impl Report for Hits {
    fn article(&mut self, article: &ArticleOutput, ctx: &Context) -> Result<()> {
        article.hits.iter().try_for_each(|h| self.writer.row_with(ctx.lexicon, h))
    }

    fn finish(self: Box<Self>, _at: &Finish, _out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        summary.reports.push(self.writer.finish()?);
        Ok(())
    }
}
