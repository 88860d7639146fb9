//! `framelens claims`: the claim comparison alone.

use std::path::PathBuf;
use std::process::ExitCode;

use framelens::claims::report::Coverage;
use framelens::input::{EventSource, ReadOptions};
use framelens::jobs::analyze::{Options, ReportSet};
use framelens::lexicon::{Format, LoadOptions};

use super::{InputArgs, OutputArgs, analyze, choice, load_lexicon};

/// Compare the claims of several outlets on one event: who is quoted, with
/// which reporting verb, asserted or attributed, in which words, and what each
/// outlet leaves out. Writes claims.csv, coverage.csv, differences.csv and
/// sources.csv (and events.csv when stories were grouped automatically).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Corpus folders (`<outlet>/<article>.txt`), CSV or JSON Lines exports;
    /// `-` reads an export from standard input.
    #[arg(default_value = "corpus")]
    pub inputs: Vec<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// A lexicon whose hedges and loaded terms are listed with each claim;
    /// repeat to merge several (`builtin`, the default, is the bundled one).
    #[arg(short, long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<String>,

    /// The format of the --lexicon files, when their extension does not say.
    #[arg(long, value_parser = choice::<Format>())]
    pub lexicon_format: Option<Format>,

    /// A list of reporting verbs and their stances (`cue,stance,language,note`)
    /// to use instead of the bundled lexicons/cues.csv.
    #[arg(long, value_name = "FILE")]
    pub cues: Option<PathBuf>,

    /// Where an article's event comes from when its metadata has none.
    #[arg(long, value_parser = choice::<EventSource>(), default_value = "folder")]
    pub events: EventSource,

    /// What coverage.csv lists: `main` (the whole matrix for stories of up
    /// to 12 articles; in larger ones every claim with the outlets that carry
    /// or contradict it, and who leaves out what other outlets carry) or
    /// `all` (every claim × every outlet).
    #[arg(long, value_parser = choice::<Coverage>(), default_value = "main")]
    pub coverage: Coverage,

    /// Worker threads (default: every core). The reports do not depend on it.
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub input: InputArgs,

    /// Print nothing but errors and the articles that were skipped.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lexicon = load_lexicon(&args.lexicons, &LoadOptions { format: args.lexicon_format, ..LoadOptions::default() })?;
    let out = super::output_folder(args.output.out.as_deref(), &args.inputs, args.quiet);
    let mut options = Options::new(args.inputs.clone(), out);
    options.threads = args.threads;
    options.force = args.output.force;
    options.time = super::run_time(args.output.record_time)?;
    options.read = ReadOptions { events: args.events, ..args.input.read_options() };
    options.reports = ReportSet::Claims;
    options.coverage = args.coverage;
    options.page = false;
    options.workbook = false;
    if let Some(path) = &args.cues {
        options.cues = super::load_cues(path)?;
        options.cues_name = path.display().to_string();
    }
    options.command = std::env::args().skip(1).collect();
    analyze::execute(&options, &lexicon, args.quiet)
}
