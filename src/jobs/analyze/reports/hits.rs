//! `hits.csv`: one row per hit and lexicon entry, in report order (by
//! article, then position in the text, then lexicon order), sorted through
//! [`ExternalSort`] so that a large corpus's hits need not fit in memory.

use super::{Finish, Report};
use crate::error::Result;
use crate::jobs::analyze::{ArticleOutput, Context, HitRow, Summary};
use crate::lexicon::Lexicon;
use crate::report::{Columns, Output, TableWriter, Value};
use crate::score::Counts;
use crate::spill::{Codec, ExternalSort, text_bytes};

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

/// A hit with the names it is sorted by, as it is written to a sort run.
type Keyed = (String, String, String, String, HitRow);

fn codec() -> Codec<HitRow> {
    Codec {
        compare: |a, b| {
            (&a.event, &a.outlet, &a.article, &a.path, a.line, a.start, a.end, a.entry)
                .cmp(&(&b.event, &b.outlet, &b.article, &b.path, b.line, b.start, b.end, b.entry))
        },
        // The names are left out of a hit's own encoding (a partial stores
        // them once per article); here they travel with each hit.
        encode: |h, out| {
            serde_json::to_writer(out, &(&*h.event, &*h.outlet, &*h.article, &*h.path, h)).map_err(|e| e.to_string())
        },
        decode: |bytes| {
            let (event, outlet, article, path, mut h): Keyed =
                serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
            (h.event, h.outlet, h.article, h.path) = (event.into(), outlet.into(), article.into(), path.into());
            Ok(h)
        },
    }
}

/// Sorts the hit rows into report order as they come (on disk beyond a
/// memory budget), and writes them at the end.
pub struct Hits {
    rows: ExternalSort<HitRow>,
}

impl Hits {
    /// Hits that move to disk beyond about `memory` bytes.
    pub fn new(memory: usize) -> Hits {
        Hits { rows: ExternalSort::with_limit(codec(), memory) }
    }
}

impl Report for Hits {
    fn article(&mut self, article: &ArticleOutput, _ctx: &Context) -> Result<()> {
        for h in &article.hits {
            // The names are shared with the article; the texts are the hit's own.
            self.rows.push(h.clone(), std::mem::size_of_val(h) + text_bytes([h.text.as_str(), &h.context]))?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let mut w = TableWriter::create(out, "hits", at.options.format, columns())?;
        for h in self.rows.finish()? {
            w.row_with(at.ctx.lexicon, &h?)?;
        }
        summary.reports.push(w.finish()?);
        Ok(())
    }
}
