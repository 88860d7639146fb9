//! `framelens analyze`: the main job.

use std::path::PathBuf;
use std::process::ExitCode;

use framelens::claims::report::Coverage;
use framelens::error::{Severity, shown};
use framelens::input::{EventSource, ReadOptions, Shard};
use framelens::jobs::analyze::{self, Emit, Keyness, Options, PageLimits, ReportSet};
use framelens::jobs::output::Prepared;
use framelens::lang::Lang;
use framelens::lexicon::{Format, LoadOptions};
use framelens::report::ReportFormat;
use framelens::score::measures::{Bootstrap, MIN_ARTICLES, MIN_WORDS};

use super::{EXIT_SKIPPED, InputArgs, OutputArgs, choice, load_lexicon, thousands};

/// Analyse a corpus: tag loaded terms by voice, score each article and
/// outlet, and write CSV reports, a page (report.html) and a workbook
/// (framelens.xlsx).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Corpus folders (`<outlet>/<article>.txt`), CSV or JSON Lines exports;
    /// `-` reads an export from standard input.
    #[arg(default_value = "corpus")]
    pub inputs: Vec<PathBuf>,

    /// A lexicon file (framelens CSV, LIWC .dic/.dicx, quanteda YAML,
    /// Lexicoder .lc3); repeat to merge several. `builtin` is the bundled
    /// lexicon, used when no --lexicon is given.
    #[arg(short, long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<String>,

    /// The format of the --lexicon files, when their extension does not say.
    #[arg(long, value_parser = choice::<Format>())]
    pub lexicon_format: Option<Format>,

    /// The language of lexicon entries whose file does not give one.
    #[arg(long, default_value = "en")]
    pub lexicon_language: String,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Worker threads (default: every core). The reports do not depend on it.
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,

    /// Memory the reports that sort or keep rows (hits, articles, the
    /// articles' counts per outlet, keyness counts, the outlet rows
    /// scores.csv is made from) share, each a fifth, before they move rows
    /// to temporary files in TMPDIR (default 32MB). The reports do not
    /// depend on it.
    #[arg(long, value_parser = super::size, value_name = "SIZE")]
    pub sort_memory: Option<u64>,

    #[command(flatten)]
    pub input: InputArgs,

    /// Where an article's event comes from when its metadata has none.
    #[arg(long, value_parser = choice::<EventSource>(), default_value = "folder")]
    pub events: EventSource,

    /// Which reports to write.
    #[arg(long, value_parser = choice::<ReportSet>(), default_value = "all")]
    pub reports: ReportSet,

    /// A list of reporting verbs and their stances (`cue,stance,language,note`)
    /// to use instead of the bundled lexicons/cues.csv.
    #[arg(long, value_name = "FILE")]
    pub cues: Option<PathBuf>,

    /// The file format of the reports.
    #[arg(long, value_parser = choice::<ReportFormat>(), default_value = "csv")]
    pub format: ReportFormat,

    /// What coverage.csv lists: `main` (the whole matrix for stories of up
    /// to 12 articles; in larger ones every claim with the outlets that carry
    /// or contradict it, and who leaves out what other outlets carry) or
    /// `all` (every claim × every outlet).
    #[arg(long, value_parser = choice::<Coverage>(), default_value = "main")]
    pub coverage: Coverage,

    /// Bootstrap replicates for the outlets' 95% intervals (0 turns them off).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub bootstrap: usize,

    /// Seed of the bootstrap's random draws (the intervals are the same for the same seed).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Keyness leaves out words used fewer times than this in an event.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub keyness_min_count: u64,

    /// Size of the keyness prior as a share of the event's words (1: the event's own counts).
    #[arg(long, default_value_t = 0.1, value_name = "SCALE")]
    pub keyness_prior: f64,

    /// What to write: the reports, or a partial result (into --out) that
    /// `framelens merge` combines with the partials of other machines into
    /// the reports of the whole corpus.
    #[arg(long, value_parser = choice::<Emit>(), default_value = "reports")]
    pub emit: Emit,

    /// Analyse only part K of N of the inputs (e.g. 3/7): every article
    /// belongs to exactly one part, so N machines given the same inputs and
    /// K = 1..N, each with --emit partial, share the work.
    #[arg(long, value_name = "K/N", value_parser = shard)]
    pub shard: Option<Shard>,

    /// Do not write report.html, the page a class can look at.
    #[arg(long)]
    pub no_page: bool,

    /// Articles report.html shows in full per outlet (the first in report
    /// order), and at most 6 times as many (or 60) in all. Every article is in
    /// the CSV files whatever this is.
    #[arg(long, default_value_t = PageLimits::default().articles_per_outlet, value_name = "N")]
    pub page_articles: usize,

    /// Do not write framelens.xlsx, the reports as one workbook.
    #[arg(long)]
    pub no_workbook: bool,

    /// Print nothing but errors and the articles that were skipped.
    #[arg(short, long)]
    pub quiet: bool,
}

fn shard(s: &str) -> Result<Shard, String> {
    s.parse()
}

impl Args {
    pub fn options(&self) -> anyhow::Result<Options> {
        let out = super::output_folder(self.output.out.as_deref(), &self.inputs, self.quiet);
        let mut o = Options::new(self.inputs.clone(), out);
        o.threads = self.threads;
        if let Some(bytes) = self.sort_memory {
            o.sort_bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
        }
        o.force = self.output.force;
        o.time = super::run_time(self.output.record_time)?;
        o.read = ReadOptions { events: self.events, shard: self.shard, ..self.input.read_options() };
        o.emit = self.emit;
        o.part = self.shard;
        o.reports = self.reports;
        if let Some(path) = &self.cues {
            o.cues = super::load_cues(path)?;
            o.cues_name = path.display().to_string();
        }
        o.format = self.format;
        o.coverage = self.coverage;
        o.bootstrap = Bootstrap { replicates: self.bootstrap, seed: self.seed, ..Bootstrap::default() };
        if !(self.keyness_prior.is_finite() && self.keyness_prior > 0.0) {
            anyhow::bail!("--keyness-prior must be a positive number");
        }
        o.keyness =
            Keyness { min_count: self.keyness_min_count, prior_scale: self.keyness_prior, ..Keyness::default() };
        o.command = std::env::args().skip(1).collect();
        o.page = !self.no_page;
        let shown = PageLimits::default();
        o.page_limits = PageLimits {
            articles_per_outlet: self.page_articles,
            articles: shown.articles.max(self.page_articles.saturating_mul(6)),
            ..shown
        };
        o.workbook = !self.no_workbook && o.workbook;
        Ok(o)
    }

    pub fn load_options(&self) -> anyhow::Result<LoadOptions> {
        let language: Lang = self.lexicon_language.parse().map_err(|e| anyhow::anyhow!("--lexicon-language: {e}"))?;
        Ok(LoadOptions { format: self.lexicon_format, language, ..LoadOptions::default() })
    }
}

/// Diagnostics printed one per line before the rest go to problems.csv only.
const SHOWN: usize = 20;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.quiet && !args.lexicons.is_empty() && !args.lexicons.iter().any(|l| l == "builtin") {
        // A lexicon of one's own replaces the bundled one, general loaded
        // language included; say so, since hits disappear silently otherwise.
        eprintln!(
            "framelens: using only {}; the bundled lexicon (general loaded language, the South Caucasus) is not \
             used: add --lexicon builtin to use both",
            args.lexicons.join(", ")
        );
    }
    let lexicon = load_lexicon(&args.lexicons, &args.load_options()?)?;
    let options = args.options()?;
    execute(&options, &lexicon, args.quiet)
}

/// Runs the analysis, prints what happened and picks the exit code. Files
/// that were skipped are listed even when `quiet`.
pub fn execute(options: &Options, lexicon: &framelens::lexicon::Lexicon, quiet: bool) -> anyhow::Result<ExitCode> {
    if let Some(note) = super::threads_note(options.threads)
        && !quiet
    {
        eprintln!("{note}");
    }
    let bar = super::progress::Bar::on_terminal(quiet);
    let mut options = options.clone();
    if let Some(bar) = &bar {
        options.progress = bar.hook();
    }
    let options = &options;
    let outcome = analyze::run(options, lexicon);
    if let Some(bar) = bar {
        bar.finish();
    }
    let summary = match outcome {
        Ok(s) => s,
        // A run that found no article says so on its own; the rest say
        // that the analysis stopped.
        Err(e @ framelens::error::Error::NoArticles(_)) => return Err(anyhow::Error::new(e)),
        Err(e) => return Err(anyhow::Error::new(e).context("analysis stopped")),
    };
    if quiet {
        for d in summary.diagnostics.iter().filter(|d| d.severity == Severity::Skipped) {
            eprintln!("{d}");
        }
    } else {
        print_summary(&summary, &options.out);
        if options.emit == Emit::Partial {
            eprintln!(
                "framelens: this is a partial result: `framelens merge` it with the other parts to write the reports"
            );
        }
    }
    Ok(exit_code(&summary))
}

/// 0 when every article was used, 1 when some were skipped.
pub fn exit_code(summary: &analyze::Summary) -> ExitCode {
    if summary.skipped > 0 { ExitCode::from(EXIT_SKIPPED) } else { ExitCode::SUCCESS }
}

/// Prints what a run (or a merge) did, and the warnings.
pub fn print_summary(s: &analyze::Summary, out: &std::path::Path) {
    let skipped: Vec<_> = s.diagnostics.iter().filter(|d| d.severity == Severity::Skipped).collect();
    let warnings: Vec<_> = s.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
    for d in skipped.iter().chain(warnings.iter()).take(SHOWN) {
        eprintln!("{d}");
    }
    let listed = (skipped.len() + warnings.len()).min(SHOWN);
    let problems = out.join("problems.csv");
    if skipped.len() + warnings.len() > listed {
        eprintln!("… and {} more in {}", skipped.len() + warnings.len() - listed, shown(&problems));
    }
    eprintln!(
        "framelens: {} articles from {} outlets ({} event{}), {} words, {} hits",
        thousands(s.articles as u64),
        thousands(s.outlets as u64),
        s.events,
        if s.events == 1 { "" } else { "s" },
        thousands(s.words),
        thousands(s.hits)
    );
    if s.grouped_stories > 0 {
        eprintln!(
            "framelens: events: {} article(s) without an event were grouped automatically into {} (see events.csv)",
            thousands(s.grouped_articles as u64),
            if s.grouped_stories == 1 { "1 story".to_string() } else { format!("{} stories", s.grouped_stories) }
        );
    } else {
        eprintln!("framelens: events: from the articles' metadata and their corpus folders");
    }
    if !s.topics.is_empty() && s.topics.iter().all(|(_, n)| *n == 0) && s.articles > 0 {
        let axes: Vec<&str> = s.topics.iter().map(|(a, _)| a.as_str()).collect();
        eprintln!(
            "framelens: the lexicons cover {}; nothing here is on those topics, so the lean columns are empty \
             (loaded-language rates are still counted); see docs/lexicon-format.md (\"Write a lexicon for your topic\") to measure yours",
            axes.join(" and ")
        );
    } else {
        for (axis, n) in s.topics.iter().filter(|(_, n)| *n > 0) {
            eprintln!(
                "framelens: {} of {} articles are on the topic of {axis}",
                thousands(*n as u64),
                thousands(s.articles as u64)
            );
        }
    }
    if s.small_outlets > 0 {
        eprintln!(
            "framelens: {} outlet(s) have fewer than {} articles or {} words: their intervals are rough or missing (see interval_note in outlets)",
            s.small_outlets,
            MIN_ARTICLES,
            thousands(MIN_WORDS)
        );
    }
    if s.suggestions > 0 {
        eprintln!("framelens: {} lexicon suggestions to review in lexicon-suggestions", s.suggestions);
    }
    if s.clusters > 0 {
        eprintln!("framelens: {} claim clusters", thousands(s.clusters as u64));
    }
    super::print_ignored(&s.ignored);
    if !skipped.is_empty() {
        eprintln!("framelens: skipped {} article(s) (listed above and in {})", skipped.len(), shown(&problems));
    }
    if !warnings.is_empty() {
        eprintln!("framelens: {} warning(s) (in {})", warnings.len(), shown(&problems));
    }
    let names: Vec<String> =
        s.reports.iter().map(|p| p.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned())).collect();
    let how = match s.output {
        Some(Prepared::Replaces) => " (replacing the reports of the previous run)",
        _ => "",
    };
    eprintln!("framelens: wrote {} in {}{how}", names.join(", "), shown(out));
}
