//! The reports of `framelens analyze`, each a sink fed by the one pipeline:
//! every analysed article is offered to every report in corpus order, and at
//! the end each report computes what it needs and writes its files. A new
//! report is a new file here implementing [`Report`], plus one line in
//! [`for_run`]; the orchestrator does not change.

mod articles;
mod claims;
mod events;
mod hits;
pub mod html;
mod keyness;
mod outlets;
mod problems;
mod score_columns;
mod scores;
#[cfg(feature = "workbook")]
mod workbook;

use super::{ArticleOutput, Context, Options, Summary};
use crate::error::{Diagnostic, Result};
use crate::input::FileDigest;
use crate::jobs::pipeline::Workers;
use crate::jobs::stories::Grouping;
use crate::report::{Output, Tables};

/// What every report may read at the end of a run.
pub struct Finish<'a> {
    /// The run's settings.
    pub options: &'a Options,
    /// The lexicon and what was compiled from it.
    pub ctx: &'a Context<'a>,
    /// The job's threads, for reports that compute in parallel.
    pub workers: &'a Workers,
    /// Stories found by automatic grouping.
    pub grouping: &'a Grouping,
}

/// A report: takes each analysed article, then writes its files.
pub trait Report: Send {
    /// Takes one analysed article (in corpus order).
    fn article(&mut self, article: &ArticleOutput, ctx: &Context) -> Result<()>;

    /// Takes an article that was skipped (most reports read the skipped
    /// ones from the summary at the end).
    fn skipped(&mut self, _diagnostic: &Diagnostic) -> Result<()> {
        Ok(())
    }

    /// Takes a file of the corpus that was read, with its digest.
    fn file(&mut self, _file: &FileDigest) -> Result<()> {
        Ok(())
    }

    /// Whether the report reads the tables other reports write (through
    /// [`Tables`]): it then finishes after every report that does not, one
    /// at a time, while those finish side by side.
    fn reads_tables(&self) -> bool {
        false
    }

    /// Computes and writes the report into `out`, adding the files written
    /// (and anything the summary should say) to `summary`.
    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()>;
}

/// How many reports share `--sort-memory` (hits, articles, outlets, scores,
/// keyness).
const SORTING_REPORTS: usize = 5;

/// The reports a run writes, in the order their files are listed (and
/// finished: a report that reads others' tables through `tables` comes after
/// them).
pub fn for_run(options: &Options, ctx: &Context, tables: &Tables) -> Result<Vec<Box<dyn Report>>> {
    let mut reports: Vec<Box<dyn Report>> = Vec::new();
    if options.reports.framing() {
        // The reports that sort or keep rows share the memory budget.
        let memory = options.sort_bytes / SORTING_REPORTS;
        reports.push(Box::new(hits::Hits::new(memory)));
        reports.push(Box::new(articles::Articles::new(ctx, memory)?));
        reports.push(Box::new(outlets::Outlets::new(ctx, memory)));
        reports.push(Box::new(scores::Scores::new(tables, memory)));
        reports.push(Box::new(keyness::KeynessReport::new(memory)));
    }
    if options.reports.claims() {
        reports.push(Box::new(claims::Claims::new()));
    }
    reports.push(Box::new(events::Events));
    reports.push(Box::new(problems::Problems));
    if options.page {
        reports.push(Box::new(html::Html::new(options.page_limits, tables)));
    }
    #[cfg(feature = "workbook")]
    if options.workbook {
        reports.push(Box::new(workbook::WorkbookReport::new(tables)));
    }
    Ok(reports)
}
