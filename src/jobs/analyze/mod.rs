//! The main job: reads a corpus, analyses every article in parallel and feeds
//! each result, in corpus order, to the reports (each a [`Report`]), which
//! write their files at the end. Articles are processed in chunks, so memory
//! stays bounded and the output is the same whatever the thread count;
//! everything per outlet or per event is computed from the per-article
//! results.

mod article;
mod manifest;
mod reports;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

pub use article::{ArticleOutput, Context, HEDGE_CATEGORIES, HitRow, WordCounts, analyze_article};
pub use manifest::{from_epoch, utc_now};
pub use reports::Report;
pub use reports::html::PageLimits;

use super::pipeline::{Workers, for_each_chunk};
use super::stories::{self, Grouping};
use crate::choice::Choice;
use crate::claims::Cues;
use crate::digest::Running;
use crate::error::{Diagnostic, Error, Location, Result, Severity};
use crate::input::{Corpus, FileDigest, Ignored, Item, ReadOptions};
use crate::jobs::output::{OutputFolder, Prepared};
use crate::lexicon::Lexicon;
use crate::report::{Output, ReportFormat, Tables, Tapped};
use crate::score::measures::{Bootstrap, Measures};
use crate::text::Tokenizer;

/// Keyness settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    /// Words used fewer times than this in the whole event are left out.
    pub min_count: u64,
    /// The prior's size as a share of the event's words (1 = the event's own counts).
    pub prior_scale: f64,
    /// Rows per outlet in `keyness.csv`: this many most over-used and most under-used words.
    pub top: usize,
    /// Suggestions per outlet in `lexicon-suggestions.csv`.
    pub suggestions: usize,
    /// Only words with at least this z are suggested.
    pub suggest_z: f64,
}

impl Default for Keyness {
    fn default() -> Self {
        Keyness { min_count: 3, prior_scale: 0.1, top: 50, suggestions: 20, suggest_z: 1.96 }
    }
}

/// Options of a run of `framelens analyze`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Corpus folders and exports.
    pub inputs: Vec<PathBuf>,
    /// How to read them.
    pub read: ReadOptions,
    /// Where the reports go.
    pub out: PathBuf,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Articles read and analysed per batch.
    pub chunk: usize,
    /// Which reports to write.
    pub reports: ReportSet,
    /// The reports' file format.
    pub format: ReportFormat,
    /// Reporting verbs and their stances, for claims.
    pub cues: Cues,
    /// Where the cues came from, for run.json.
    pub cues_name: String,
    /// Bootstrap settings for the outlets' intervals.
    pub bootstrap: Bootstrap,
    /// Keyness settings.
    pub keyness: Keyness,
    /// What `coverage.csv` lists.
    pub coverage: crate::claims::report::Coverage,
    /// The command line, for run.json.
    pub command: Vec<String>,
    /// The time to record in run.json (ISO 8601, UTC), with the thread
    /// count; `None` leaves both out, so that the same input gives the same
    /// run.json.
    pub time: Option<String>,
    /// Write into an output folder that holds files framelens did not
    /// write, or that lies inside an input folder.
    pub force: bool,
    /// Whether to write `report.html`, the page a class can look at.
    pub page: bool,
    /// How much of a large corpus the page shows.
    pub page_limits: PageLimits,
    /// Whether to write `framelens.xlsx` (only with the `workbook` feature).
    pub workbook: bool,
    /// Whether to write `run.json` (it needs the clock, which the browser version has not).
    pub manifest: bool,
}

/// Which reports a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportSet {
    /// Everything: framing, keyness and claims.
    #[default]
    All,
    /// Only the framing reports and keyness (no claim alignment; for very large corpora).
    Framing,
    /// Only the claim reports.
    Claims,
}

impl Choice for ReportSet {
    const CHOICES: &'static [(Self, &'static str, &'static str)] = &[
        (ReportSet::All, "all", "everything: framing, keyness and claims"),
        (
            ReportSet::Framing,
            "framing",
            "only the framing reports and keyness (no claim alignment; for very large corpora)",
        ),
        (ReportSet::Claims, "claims", "only the claim reports"),
    ];
}

impl ReportSet {
    /// Whether the framing reports (hits, articles, outlets, keyness) are written.
    pub fn framing(self) -> bool {
        self != ReportSet::Claims
    }

    /// Whether the claim reports are written.
    pub fn claims(self) -> bool {
        self != ReportSet::Framing
    }
}

impl Options {
    /// The defaults for reading `inputs` and writing into `out`.
    pub fn new(inputs: Vec<PathBuf>, out: PathBuf) -> Options {
        Options {
            inputs,
            read: ReadOptions::default(),
            out,
            threads: None,
            chunk: 1024,
            reports: ReportSet::All,
            format: ReportFormat::Csv,
            cues: Cues::builtin(),
            cues_name: "builtin:cues.csv".to_string(),
            bootstrap: Bootstrap::default(),
            keyness: Keyness::default(),
            coverage: crate::claims::report::Coverage::default(),
            command: Vec::new(),
            time: None,
            force: false,
            page: true,
            page_limits: PageLimits::default(),
            workbook: cfg!(feature = "workbook"),
            manifest: true,
        }
    }
}

/// What a run did, for the summary the binary prints.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Articles analysed.
    pub articles: usize,
    /// Articles skipped (each has a diagnostic).
    pub skipped: usize,
    /// Files seen that are not articles.
    pub ignored: Ignored,
    /// Distinct outlets.
    pub outlets: usize,
    /// Distinct events.
    pub events: usize,
    /// Words of all articles.
    pub words: u64,
    /// Hits of all articles.
    pub hits: u64,
    /// Warnings and skipped articles, in corpus order.
    pub diagnostics: Vec<Diagnostic>,
    /// The report files written, in order.
    pub reports: Vec<PathBuf>,
    /// Worker threads used.
    pub threads: usize,
    /// Stories found by automatic grouping (0 when every article had an event).
    pub grouped_stories: usize,
    /// Articles placed in those stories.
    pub grouped_articles: usize,
    /// Claim clusters.
    pub clusters: usize,
    /// Outlets with too few articles or words for firm intervals.
    pub small_outlets: usize,
    /// Rows of `lexicon-suggestions.csv`.
    pub suggestions: usize,
    /// SHA-256 over one line `path<TAB>sha256` per file read, in report
    /// order (`run.json` and the page show it).
    pub corpus_digest: String,
    /// Files read (each in `corpus_digest`).
    pub files: usize,
    /// The axes that have topic words, with the number of articles on each
    /// one's topic (an empty lean needs saying when no article is).
    pub topics: Vec<(String, usize)>,
    /// What the output folder was before the run.
    pub output: Option<Prepared>,
    /// Outlet names that differ only by case, each group sorted.
    pub case_variants: Vec<Vec<String>>,
}

/// The event of an article that has none and could not be grouped.
pub const UNGROUPED: &str = "(ungrouped)";

/// Most memory the bootstrap sums of one outlet may take (replicates ×
/// measures × 8 bytes, computed for several outlets at once).
const BOOTSTRAP_BYTES: usize = 256 << 20;

/// Refuses settings that cannot work before any article is read.
fn check_settings(options: &Options, lexicon: &Lexicon) -> Result<()> {
    let scheme = crate::score::Scheme::new(lexicon);
    let width = Measures::new(&scheme).values(&crate::score::Scores::zero(&scheme)).len();
    let replicates = options.bootstrap.replicates;
    if replicates.saturating_mul(width).saturating_mul(8) > BOOTSTRAP_BYTES || replicates > u32::MAX as usize {
        let most = BOOTSTRAP_BYTES / (8 * width.max(1));
        return Err(Error::Config(format!(
            "--bootstrap {replicates} would need {} MB per outlet for this lexicon's {width} measures; \
             use at most {most} replicates (1000 gives stable 95% intervals)",
            replicates.saturating_mul(width).saturating_mul(8) >> 20
        )));
    }
    Ok(())
}

/// Runs the whole analysis and writes the reports into `options.out`: into
/// a temporary folder first, swapped in whole when the run has succeeded
/// (see [`crate::jobs::output`]). A run that finds no article at all is an
/// error that says what the inputs held.
pub fn run(options: &Options, lexicon: &Lexicon) -> Result<Summary> {
    check_settings(options, lexicon)?;
    let workers = Workers::new(options.threads)?;
    // Inputs that do not exist stop the run before anything is written.
    Corpus::open(&options.inputs, options.read.clone())?;
    let mut read_too: Vec<PathBuf> = options.inputs.clone();
    read_too.extend(lexicon.sources.iter().map(|s| PathBuf::from(&s.name)));
    read_too.push(PathBuf::from(&options.cues_name));
    let folder = OutputFolder::prepare(&options.out, &read_too, options.force)?;
    let mut options = options.clone();
    if Corpus::may_need_grouping(&options.inputs, &options.read) {
        // Grouping reads the corpus once more: inputs that cannot be read
        // twice (standard input, pipes) are copied once.
        options.read.spool_unrereadable(&options.inputs)?;
    }
    let mut out = folder.output();
    let mut summary = run_into(&options, lexicon, &workers, &mut out)?;
    if summary.articles == 0 && summary.skipped == 0 {
        return Err(Error::NoArticles(format!(
            "{}: {}",
            inputs_shown(&options.inputs),
            summary.ignored.nothing_found()
        )));
    }
    summary.output = Some(folder.prepared());
    folder.commit()?;
    Ok(summary)
}

fn inputs_shown(inputs: &[PathBuf]) -> String {
    inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ")
}

/// Runs the analysis, writing the reports into `out`.
pub fn run_into(options: &Options, lexicon: &Lexicon, workers: &Workers, out: &mut dyn Output) -> Result<Summary> {
    let grouping = if Corpus::may_need_grouping(&options.inputs, &options.read) {
        stories::group_corpus(&options.inputs, &options.read, options.chunk, workers)?
    } else {
        Grouping::default()
    };
    let corpus = Corpus::open(&options.inputs, options.read.clone())?;
    run_corpus(options, lexicon, workers, corpus, &grouping, out)
}

/// An article handed over as text, as a file would hold it (front matter
/// with `title:`, `outlet:`, `date:` … allowed): what the browser version
/// gets when articles are pasted or dropped.
#[derive(Debug, Clone, Default)]
pub struct Text {
    /// The outlet, unless the text's front matter names one.
    pub outlet: String,
    /// What to call the article (a dropped file's name, say); also its id
    /// unless the front matter gives one.
    pub name: String,
    /// The text.
    pub text: String,
}

/// Runs the analysis of articles given as text (one story, `event`, unless
/// their front matter says otherwise), on the calling thread, writing the
/// reports into `out`. Nothing is read from disk, so this is what the
/// browser version runs; `options.inputs` is not used.
pub fn run_texts(
    options: &Options,
    lexicon: &Lexicon,
    event: &str,
    texts: Vec<Text>,
    out: &mut dyn Output,
) -> Result<Summary> {
    let items = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let name = if t.name.trim().is_empty() { format!("article-{}", i + 1) } else { t.name.trim().to_string() };
            Item::Text {
                display: name.clone(),
                outlet: t.outlet.trim().to_string(),
                id: name,
                event: Some(event.to_string()),
                text: t.text,
            }
        })
        .collect();
    let workers = Workers::new(Some(1))?;
    run_corpus(options, lexicon, &workers, Corpus::from_items(items), &Grouping::default(), out)
}

/// Runs the analysis of `corpus`, writing the reports into `out`.
fn run_corpus(
    options: &Options,
    lexicon: &Lexicon,
    workers: &Workers,
    corpus: Corpus,
    grouping: &Grouping,
    out: &mut dyn Output,
) -> Result<Summary> {
    let mut ctx = Context::new(lexicon);
    ctx.cues = options.reports.claims().then_some(&options.cues);
    ctx.keyness = options.reports.framing();
    ctx.keep_body = options.page;
    // Reports that read other reports' tables (the page, the workbook) ask
    // for them here; the tables are kept as they are written.
    let tables = Tables::default();
    let mut out = Tapped::new(out, tables.clone());
    let out = &mut out;
    let mut reports = reports::for_run(options, &ctx, &tables)?;
    let mut run = Run { summary: Summary { threads: workers.threads(), ..Summary::default() }, ..Run::default() };
    run.summary.topics = ctx
        .scheme
        .axes
        .iter()
        .zip(&ctx.scheme.scoped)
        .filter(|(_, scoped)| **scoped)
        .map(|(a, _)| (a.name.clone(), 0))
        .collect();
    run.summary.grouped_stories = grouping.stories.len();
    run.summary.grouped_articles = grouping.event_of.len();
    let fallback = options.read.fallback;
    let analyse = |tz: &mut Tokenizer, item: Item| {
        let (digest, loaded) = item.load_hashed(fallback);
        let analysed = loaded.map(|mut a| {
            if a.meta.event.is_none() {
                let found = grouping.event_of.get(&(a.meta.path.clone(), a.meta.line)).cloned();
                a.meta.event = Some(found.unwrap_or_else(|| UNGROUPED.to_string()));
            }
            analyze_article(&a, &ctx, tz)
        });
        (digest, analysed)
    };
    run.summary.ignored = for_each_chunk(corpus, workers, options.chunk, analyse, |chunk| {
        chunk.into_iter().try_for_each(|(digest, analysed)| run.take(digest, analysed, &mut reports, &ctx))
    })?;
    run.summary.events = run.events.len();
    run.summary.outlets = run.outlets.len();
    run.finish_diagnostics();
    let at = reports::Finish { options, ctx: &ctx, workers, grouping };
    for report in reports {
        report.finish(&at, out, &mut run.summary)?;
    }
    if options.manifest {
        manifest::write(out, options, lexicon, &run.summary)?;
    }
    Ok(run.summary)
}

/// What the orchestrator itself keeps while articles arrive.
#[derive(Default)]
struct Run {
    summary: Summary,
    /// The files read, for the manifest.
    files: Vec<FileDigest>,
    /// (event, outlet, article) → where each article with that identity is.
    identities: HashMap<(String, String, String), Vec<(String, usize)>>,
    /// Each outlet with the first article that names it.
    outlets: BTreeMap<String, (String, usize)>,
    events: BTreeSet<String>,
}

impl Run {
    /// Takes one analysed (or skipped) article and offers it to every report.
    fn take(
        &mut self,
        digest: Option<FileDigest>,
        analysed: std::result::Result<ArticleOutput, Diagnostic>,
        reports: &mut [Box<dyn Report>],
        ctx: &Context,
    ) -> Result<()> {
        self.files.extend(digest);
        let a = match analysed {
            Ok(a) => a,
            Err(d) => {
                self.summary.skipped += 1;
                self.summary.diagnostics.push(d);
                return Ok(());
            }
        };
        let m = &a.meta;
        let event = m.event.clone().unwrap_or_default();
        self.identities
            .entry((event.clone(), m.outlet.clone(), m.id.clone()))
            .or_default()
            .push((m.path.clone(), m.line));
        if !self.outlets.contains_key(&m.outlet) {
            self.outlets.insert(m.outlet.clone(), (m.path.clone(), m.line));
        }
        if !self.events.contains(&event) {
            self.events.insert(event);
        }
        reports.iter_mut().try_for_each(|r| r.article(&a, ctx))?;
        let scoped = ctx.scheme.axes.iter().zip(&ctx.scheme.scoped).enumerate().filter(|(_, (_, s))| **s);
        for ((axis, _), topic) in scoped.zip(self.summary.topics.iter_mut()) {
            topic.1 += usize::from(a.scores.on_topic[axis] > 0);
        }
        self.summary.articles += 1;
        self.summary.hits += a.scores.hits_all;
        self.summary.words += a.scores.words;
        self.summary.diagnostics.extend(a.notes);
        Ok(())
    }

    /// Adds the warnings that need the whole corpus, and puts every
    /// diagnostic (and the file list) in an order that does not depend on
    /// the order of the inputs.
    fn finish_diagnostics(&mut self) {
        // Rows are keyed by event, outlet and article id; two articles
        // sharing all three cannot be told apart in the reports.
        for ((_, outlet, id), mut places) in std::mem::take(&mut self.identities) {
            if places.len() < 2 {
                continue;
            }
            places.sort();
            let all: Vec<String> =
                places.iter().map(|(p, l)| if *l > 1 { format!("{p}:{l}") } else { p.clone() }).collect();
            for (path, line) in &places {
                self.summary.diagnostics.push(Diagnostic::new(
                    Location::line(path, *line),
                    Severity::Warning,
                    format!(
                        "article id {id:?} of outlet {outlet:?} is used by {} articles ({}); give each an `id:` in its front matter",
                        places.len(),
                        all.join(", ")
                    ),
                ));
            }
        }
        // Outlets whose names differ only by case are counted apart; that
        // is rarely meant ("BBC News" and "BBC news").
        type Spelling<'a> = (&'a String, &'a (String, usize));
        let mut by_lower: BTreeMap<String, Vec<Spelling>> = BTreeMap::new();
        for (name, first) in &self.outlets {
            by_lower.entry(name.to_lowercase()).or_default().push((name, first));
        }
        for spellings in by_lower.values().filter(|v| v.len() > 1) {
            let names: Vec<String> = spellings.iter().map(|(n, _)| format!("{n:?}")).collect();
            for (name, (path, line)) in spellings {
                self.summary.diagnostics.push(Diagnostic::new(
                    Location::line(path, *line),
                    Severity::Warning,
                    format!(
                        "outlet {name:?} differs from {} only by case; they are counted as separate outlets: spell \
                         the outlet one way in the metadata",
                        names.iter().filter(|n| **n != format!("{name:?}")).cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            self.summary.case_variants.push(spellings.iter().map(|(n, _)| (*n).clone()).collect());
        }
        self.summary.diagnostics.sort();
        self.files.sort();
        let mut h = Running::default();
        for (path, sha) in &self.files {
            h.line(&format!("{path}\t{sha}"));
        }
        self.summary.corpus_digest = h.finish();
        self.summary.files = self.files.len();
    }
}
