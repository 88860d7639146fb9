//! The claim reports: `claims.csv`, `coverage.csv`, `differences.csv` and
//! `sources.csv` (see [`crate::claims::report`]). Each article's claims are
//! kept until the end, then every event is aligned, events in parallel, its
//! articles in report order.

use rayon::prelude::*;

use super::{Finish, Report};
use crate::claims::report::{ArticleClaims, ClaimRow, CoverageRow, DifferenceRow, EventRows, SourceRow, event_rows};
use crate::error::Result;
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::report::{Output, Row, TableWriter};

/// Events aligned at once; only one batch's rows are held in memory.
const EVENT_BATCH: usize = 16;

/// Keeps every article's claims until the end.
#[derive(Default)]
pub struct Claims {
    per_article: Vec<ArticleClaims>,
}

impl Report for Claims {
    fn article(&mut self, a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        let m = &a.meta;
        self.per_article.push(ArticleClaims {
            event: m.event.clone().unwrap_or_default(),
            outlet: m.outlet.clone(),
            article: m.id.clone(),
            path: m.path.clone(),
            line: m.line,
            date: m.date.clone(),
            claims: a.claims.clone(),
        });
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let mut per_article = self.per_article;
        // Alignment takes sentences one by one: give them in report order,
        // which does not depend on the order of the inputs.
        per_article.sort_by(|a, b| {
            (&a.event, &a.outlet, &a.article, &a.path, a.line).cmp(&(&b.event, &b.outlet, &b.article, &b.path, b.line))
        });
        let spans: Vec<std::ops::Range<usize>> = per_article
            .chunk_by(|a, b| a.event == b.event)
            .scan(0, |start, group| {
                let r = *start..*start + group.len();
                *start = r.end;
                Some(r)
            })
            .collect();
        let format = at.options.format;
        let mut claims = TableWriter::create(out, "claims", format, ClaimRow::columns())?;
        let mut coverage = TableWriter::create(out, "coverage", format, CoverageRow::columns())?;
        let mut differences = TableWriter::create(out, "differences", format, DifferenceRow::columns())?;
        let mut sources = TableWriter::create(out, "sources", format, SourceRow::columns())?;
        for batch in spans.chunks(EVENT_BATCH) {
            let events: Vec<EventRows> = at.workers.install(|| {
                batch.par_iter().map(|r| event_rows(&per_article[r.start].event, &per_article[r.clone()])).collect()
            });
            for rows in &events {
                summary.clusters += rows.clusters;
                claims.rows(&rows.claims)?;
                coverage.rows(&rows.coverage)?;
                differences.rows(&rows.differences)?;
                sources.rows(&rows.sources)?;
            }
        }
        for w in [claims.finish()?, coverage.finish()?, differences.finish()?, sources.finish()?] {
            summary.reports.push(w);
        }
        Ok(())
    }
}
