//! `framelens merge`: partial results into the reports of the whole corpus.

use std::path::PathBuf;
use std::process::ExitCode;

use framelens::error::Severity;
use framelens::jobs::merge::{self, MergeOptions};

use super::analyze::{exit_code, print_summary};

/// Combine partial results (from `framelens analyze --emit partial`, one per
/// machine or part) into the reports one run over all their inputs writes.
///
/// The partials must come from the same framelens, lexicon, cues and
/// options; every part of a cut corpus must be there once. Their order does
/// not matter. Exit status: 0 done, 1 when some articles had been skipped,
/// 2 when the partials cannot be merged (the message says which and why).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Partial folders (the --out of `framelens analyze --emit partial`) or
    /// their framelens-partial.jsonl files.
    #[arg(required = true, value_name = "PARTIAL")]
    pub partials: Vec<PathBuf>,

    /// Where to write the reports. The folder is replaced whole when the
    /// merge has finished; a folder framelens did not write is refused.
    #[arg(short, long, default_value = "reports")]
    pub out: PathBuf,

    /// Write the reports into an --out folder that holds files framelens did
    /// not write (files with a report's name are replaced, the rest are kept).
    #[arg(long)]
    pub force: bool,

    /// Record the time of the merge and the thread count in run.json (left
    /// out by default; SOURCE_DATE_EPOCH records that time instead).
    #[arg(long)]
    pub record_time: bool,

    /// Worker threads (default: every core). The reports do not depend on it.
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,

    /// Print nothing but errors and the articles that were skipped.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = MergeOptions {
        partials: merge::find_partials(&args.partials)?,
        out: args.out.clone(),
        threads: args.threads,
        command: std::env::args().skip(1).collect(),
        time: super::run_time(args.record_time)?,
        force: args.force,
    };
    let summary = match merge::run(&options) {
        Ok(s) => s,
        // Partials without a single article say so on their own.
        Err(e @ framelens::error::Error::NoArticles(_)) => return Err(anyhow::Error::new(e)),
        Err(e) => return Err(anyhow::Error::new(e).context("merge stopped")),
    };
    if args.quiet {
        for d in summary.diagnostics.iter().filter(|d| d.severity == Severity::Skipped) {
            eprintln!("{d}");
        }
    } else {
        eprintln!("framelens: merged {} partial(s)", options.partials.len());
        print_summary(&summary, &args.out);
    }
    Ok(exit_code(&summary))
}
