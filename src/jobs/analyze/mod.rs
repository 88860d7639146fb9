//! The main job: reads a corpus, analyses every article in parallel and feeds
//! each result, in corpus order, to the reports (each a [`Report`]), which
//! write their files at the end. Articles are processed in chunks, so memory
//! stays bounded and the output is the same whatever the thread count;
//! everything per outlet or per event is computed from the per-article
//! results.

mod article;
pub(crate) mod manifest;
pub(crate) mod reports;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;

pub use article::{ArticleOutput, Context, HEDGE_CATEGORIES, HitRow, WordCounts, analyze_article};
pub use manifest::{from_epoch, utc_now};
pub use reports::html::PageLimits;
pub use reports::{Finish, Report};

use super::pipeline::{Workers, for_each_chunk};
use super::stories::{self, Grouping};
use crate::choice::Choice;
use crate::claims::Cues;
use crate::digest::Running;
use crate::error::{Diagnostic, Error, Location, Result, Severity};
use crate::input::{Corpus, FileDigest, Ignored, Item, MemoryInput, ReadOptions, Shard};
use crate::jobs::output::{OutputFolder, Prepared};
use crate::lexicon::Lexicon;
use crate::report::{Output, ReportFormat, Tables, Tapped};
use crate::score::measures::{Bootstrap, Measures};
use crate::spill::{Codec, ExternalSort, text_bytes};
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
    /// Exports held in memory, read after `inputs` (rows from Python).
    pub memory: Vec<MemoryInput>,
    /// Reports, or a partial result to merge later.
    pub emit: Emit,
    /// Which part of the whole this run is, as recorded in a partial (the
    /// corpus is cut with `read.shard`; a slice handed over in memory is
    /// already cut).
    pub part: Option<Shard>,
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
    /// Told what the run has done so far (for a progress line).
    pub progress: ProgressHook,
    /// Memory each report that sorts its rows (hits, articles, keyness
    /// counts) holds before it moves them to temporary files. The reports
    /// do not depend on it.
    pub sort_bytes: usize,
}

/// The stage a run is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading articles without an event to group them into stories.
    Grouping,
    /// Reading and analysing the articles.
    Analysing,
    /// Computing and writing the reports.
    Writing,
}

/// What a run has done so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Where the run is.
    pub stage: Stage,
    /// Articles read (analysed or skipped).
    pub articles: u64,
    /// Bytes of article text read.
    pub bytes: u64,
}

/// A function told about a run's progress: at each stage and after every
/// article, on the thread that collects results, so it must be cheap.
#[derive(Clone, Default)]
pub struct ProgressHook(Option<std::sync::Arc<Tell>>);

/// What a [`ProgressHook`] calls.
type Tell = dyn Fn(&Progress) + Send + Sync;

impl ProgressHook {
    /// A hook that calls `f`.
    pub fn new(f: impl Fn(&Progress) + Send + Sync + 'static) -> ProgressHook {
        ProgressHook(Some(std::sync::Arc::new(f)))
    }

    fn tell(&self, progress: Progress) {
        if let Some(f) = &self.0 {
            f(&progress);
        }
    }
}

impl std::fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "ProgressHook(set)" } else { "ProgressHook(none)" })
    }
}

/// What a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Emit {
    /// The reports.
    #[default]
    Reports,
    /// A partial result (`framelens-partial.jsonl`) that `framelens merge`
    /// combines with others into the reports of the whole corpus.
    Partial,
}

impl Choice for Emit {
    const CHOICES: &'static [(Self, &'static str, &'static str)] = &[
        (Emit::Reports, "reports", "the reports"),
        (
            Emit::Partial,
            "partial",
            "a partial result that `framelens merge` combines with others into the reports of the whole corpus",
        ),
    ];
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
            memory: Vec::new(),
            emit: Emit::Reports,
            part: None,
            time: None,
            force: false,
            page: true,
            page_limits: PageLimits::default(),
            workbook: cfg!(feature = "workbook"),
            manifest: true,
            progress: ProgressHook::default(),
            sort_bytes: crate::spill::SORT_BYTES,
        }
    }

    /// Opens the corpus: the inputs, then the exports held in memory.
    fn corpus(&self) -> Result<Corpus> {
        Ok(Corpus::open(&self.inputs, self.read.clone())?.with_memory(&self.memory))
    }

    /// Whether some input may hold articles without an event.
    fn may_need_grouping(&self) -> bool {
        !self.memory.is_empty() || Corpus::may_need_grouping(&self.inputs, &self.read)
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

impl Summary {
    /// Takes what a report added to `part`, a copy of `base` it finished
    /// with, except the files it wrote (the caller lists them in report
    /// order). A report that fills another field of the summary at its
    /// finish must be taken here too.
    fn absorb(&mut self, base: &Summary, part: Summary) {
        self.clusters += part.clusters - base.clusters;
        self.small_outlets += part.small_outlets - base.small_outlets;
        self.suggestions += part.suggestions - base.suggestions;
    }
}

/// The event of an article that has none and could not be grouped.
pub const UNGROUPED: &str = "(ungrouped)";

/// The event automatic grouping gave an article that has none.
pub(crate) fn grouped_event(grouping: &Grouping, path: &str, line: usize) -> String {
    grouping.event_of.get(&(path.to_string(), line)).cloned().unwrap_or_else(|| UNGROUPED.to_string())
}

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
    options.corpus()?;
    let mut read_too: Vec<PathBuf> = options.inputs.clone();
    read_too.extend(lexicon.sources.iter().map(|s| PathBuf::from(&s.name)));
    read_too.push(PathBuf::from(&options.cues_name));
    let folder = OutputFolder::prepare(&options.out, &read_too, options.force)?;
    let mut options = options.clone();
    if options.emit == Emit::Reports && Corpus::may_need_grouping(&options.inputs, &options.read) {
        // Grouping reads the corpus once more: inputs that cannot be read
        // twice (standard input, pipes) are copied once.
        options.read.spool_unrereadable(&options.inputs)?;
    }
    let mut out = folder.output();
    let mut summary = run_into(&options, lexicon, &workers, &mut out)?;
    // One part of a cut corpus may hold nothing; the merge says so when
    // all of them do.
    if summary.articles == 0 && summary.skipped == 0 && options.part.is_none() {
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

pub(crate) fn inputs_shown(inputs: &[PathBuf]) -> String {
    inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ")
}

/// Runs the analysis, writing the reports (or the partial result) into `out`.
pub fn run_into(options: &Options, lexicon: &Lexicon, workers: &Workers, out: &mut dyn Output) -> Result<Summary> {
    check_settings(options, lexicon)?;
    let partial = options.emit == Emit::Partial;
    // A partial keeps the grouping features of each article without an
    // event instead: stories that span partials are found when they are
    // merged.
    let grouping = if !partial && options.may_need_grouping() {
        options.progress.tell(Progress { stage: Stage::Grouping, articles: 0, bytes: 0 });
        // An input read only once (standard input not spooled) is left out:
        // its rows without an event share the event `stdin`.
        let inputs: Vec<PathBuf> = options.inputs.iter().filter(|p| options.read.rereadable(p)).cloned().collect();
        let corpus = Corpus::open(&inputs, options.read.clone())?.with_memory(&options.memory);
        stories::group_corpus(corpus, &options.read, options.chunk, workers)?
    } else {
        Grouping::default()
    };
    run_corpus(options, lexicon, workers, options.corpus()?, &grouping, out)
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
    let partial = options.emit == Emit::Partial;
    let mut ctx = Context::new(lexicon);
    ctx.cues = options.reports.claims().then_some(&options.cues);
    ctx.keyness = options.reports.framing();
    // The page shows articles' text; a partial keeps it for the page the
    // merge writes.
    ctx.keep_body = options.page;
    ctx.story_features = partial;
    let inputs = if options.manifest || partial { manifest::inputs(options)? } else { Vec::new() };
    let (mut reports, tables) = if partial {
        (vec![crate::jobs::partial::sink(options, &ctx, &inputs, out)?], Tables::default())
    } else {
        reports_for(options, &ctx)?
    };
    let mut run = Run::new(workers, grouping, &ctx);
    let fallback = options.read.fallback;
    let analyse = |tz: &mut Tokenizer, item: Item| {
        let (digest, loaded) = item.load_hashed(fallback);
        let bytes = loaded.as_ref().map_or(0, |a| a.body.len() as u64);
        let analysed = loaded.map(|mut a| {
            if a.meta.event.is_none() && !partial {
                a.meta.event = Some(grouped_event(grouping, &a.meta.path, a.meta.line));
            }
            analyze_article(&a, &ctx, tz)
        });
        (digest, analysed, bytes)
    };
    let mut done = Progress { stage: Stage::Analysing, articles: 0, bytes: 0 };
    options.progress.tell(done);
    run.summary.ignored = for_each_chunk(corpus, workers, options.chunk, analyse, |chunk| {
        chunk.into_iter().try_for_each(|(digest, analysed, bytes)| {
            run.take(digest, analysed, &mut reports, &ctx)?;
            done.articles += 1;
            done.bytes += bytes;
            options.progress.tell(done);
            Ok(())
        })
    })?;
    options.progress.tell(Progress { stage: Stage::Writing, ..done });
    let at = Finish { options, ctx: &ctx, workers, grouping };
    run.finish(reports, &at, &inputs, out, &tables, options.manifest)
}

/// The reports a run writes, and the tables they share: reports that read
/// other reports' tables (the page, the workbook) ask for them when they
/// are made, and the tables are kept as they are written.
pub(crate) fn reports_for(options: &Options, ctx: &Context) -> Result<(Vec<Box<dyn Report>>, Tables)> {
    let tables = Tables::default();
    let reports = reports::for_run(options, ctx, &tables)?;
    Ok((reports, tables))
}

/// An article's (event, outlet, id) and its (path, line).
type Identity = ((String, String, String), (String, usize));

/// Memory the article identities may take before they go to disk.
const IDENTITY_BYTES: usize = 4 << 20;

/// Memory the list of files read may take before it goes to disk.
const FILE_BYTES: usize = 4 << 20;

/// Records sorted in their natural order, written as JSON.
fn json_codec<T: Ord + serde::Serialize + serde::de::DeserializeOwned>() -> Codec<T> {
    Codec {
        compare: |a, b| a.cmp(b),
        encode: |r, out| serde_json::to_writer(out, r).map_err(|e| e.to_string()),
        decode: |bytes| serde_json::from_slice(bytes).map_err(|e| e.to_string()),
    }
}

/// What the orchestrator itself keeps while articles arrive.
#[derive(Default)]
pub(crate) struct Run {
    pub(crate) summary: Summary,
    /// The files read with their digests, for the manifest's corpus digest,
    /// which hashes them sorted (on disk beyond a small budget).
    files: Option<ExternalSort<FileDigest>>,
    /// Each article's (event, outlet, article id) and where it is, sorted
    /// (on disk beyond a small budget) so that two articles with one
    /// identity meet at the end without a map of every article.
    identities: Option<ExternalSort<Identity>>,
    /// Each outlet with the first place (path, line) that names it.
    outlets: BTreeMap<String, (String, usize)>,
    events: BTreeSet<String>,
}

impl Run {
    /// Starts a run on `workers`, whose stories were grouped into `grouping`.
    pub(crate) fn new(workers: &Workers, grouping: &Grouping, ctx: &Context) -> Run {
        let mut run = Run {
            summary: Summary { threads: workers.threads(), ..Summary::default() },
            identities: Some(ExternalSort::with_limit(json_codec(), IDENTITY_BYTES)),
            ..Run::default()
        };
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
        run
    }

    /// Takes one analysed (or skipped) article and offers it to every report.
    pub(crate) fn take(
        &mut self,
        digest: Option<FileDigest>,
        analysed: std::result::Result<ArticleOutput, Diagnostic>,
        reports: &mut [Box<dyn Report>],
        ctx: &Context,
    ) -> Result<()> {
        if let Some(digest) = digest {
            self.take_file(digest, reports)?;
        }
        let a = match analysed {
            Ok(a) => a,
            Err(d) => {
                reports.iter_mut().try_for_each(|r| r.skipped(&d))?;
                self.summary.skipped += 1;
                self.summary.diagnostics.push(d);
                return Ok(());
            }
        };
        let m = &a.meta;
        let event = m.event.clone().unwrap_or_default();
        if let Some(ids) = &mut self.identities {
            let size = std::mem::size_of::<Identity>() + text_bytes([event.as_str(), &m.outlet, &m.id, &m.path]);
            ids.push(((event.clone(), m.outlet.clone(), m.id.clone()), (m.path.clone(), m.line)), size)?;
        }
        // The first place in report order (not in reading order, which a
        // merge does not keep) names the outlet in a warning.
        match self.outlets.get_mut(&m.outlet) {
            Some(first) => {
                if (m.path.as_str(), m.line) < (first.0.as_str(), first.1) {
                    *first = (m.path.clone(), m.line);
                }
            }
            None => {
                self.outlets.insert(m.outlet.clone(), (m.path.clone(), m.line));
            }
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

    /// Takes a file of the corpus that was read.
    pub(crate) fn take_file(&mut self, digest: FileDigest, reports: &mut [Box<dyn Report>]) -> Result<()> {
        reports.iter_mut().try_for_each(|r| r.file(&digest))?;
        let size = std::mem::size_of::<FileDigest>() + text_bytes([digest.0.as_str(), &digest.1]);
        self.files.get_or_insert_with(|| ExternalSort::with_limit(json_codec(), FILE_BYTES)).push(digest, size)?;
        Ok(())
    }

    /// Lets every report finish (those that read others' tables find them
    /// in `tables`), then writes `run.json` (when `manifest`). A run and
    /// `framelens merge` end here the same way.
    pub(crate) fn finish(
        mut self,
        reports: Vec<Box<dyn Report>>,
        at: &Finish,
        inputs: &[manifest::Input],
        out: &mut dyn Output,
        tables: &Tables,
        manifest: bool,
    ) -> Result<Summary> {
        self.summary.events = self.events.len();
        self.summary.outlets = self.outlets.len();
        self.finish_diagnostics()?;
        let mut out = Tapped::new(out, tables.clone());
        finish_reports(reports, at, &mut out, &mut self.summary)?;
        if manifest {
            manifest::write(&mut out, at.options, at.ctx.lexicon, inputs, &self.summary)?;
        }
        Ok(self.summary)
    }

    /// Adds the warnings that need the whole corpus, and puts every
    /// diagnostic (and the file list) in an order that does not depend on
    /// the order of the inputs.
    fn finish_diagnostics(&mut self) -> Result<()> {
        // Rows are keyed by event, outlet and article id; two articles
        // sharing all three cannot be told apart in the reports.
        if let Some(ids) = self.identities.take() {
            let mut same: Vec<Identity> = Vec::new();
            for next in ids.finish()? {
                let next = next?;
                if same.first().is_some_and(|first| first.0 != next.0) {
                    self.warn_same_identity(&same);
                    same.clear();
                }
                same.push(next);
            }
            self.warn_same_identity(&same);
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
        let mut h = Running::default();
        let mut files = 0;
        for file in self.files.take().map(ExternalSort::finish).transpose()?.into_iter().flatten() {
            let (path, sha) = file?;
            h.line(&format!("{path}\t{sha}"));
            files += 1;
        }
        self.summary.corpus_digest = h.finish();
        self.summary.files = files;
        Ok(())
    }

    /// Warns at each of several articles (sorted by place) that share an
    /// event, outlet and article id: the reports cannot tell them apart.
    /// One article alone is fine.
    fn warn_same_identity(&mut self, same: &[Identity]) {
        let [((_, outlet, id), _), _, ..] = same else { return };
        let all: Vec<String> =
            same.iter().map(|(_, (p, l))| if *l > 1 { format!("{p}:{l}") } else { p.clone() }).collect();
        for (_, (path, line)) in same {
            self.summary.diagnostics.push(Diagnostic::new(
                Location::line(path, *line),
                Severity::Warning,
                format!(
                    "article id {id:?} of outlet {outlet:?} is used by {} articles ({}); give each an `id:` in its front matter",
                    same.len(),
                    all.join(", ")
                ),
            ));
        }
    }
}

/// Finishes every report. Those that write only their own files finish side
/// by side on the job's threads (each with a copy of the summary, merged
/// back in report order); those that read other reports' tables then
/// finish one at a time, in order. The files are listed in report order
/// whatever finished first.
fn finish_reports(
    reports: Vec<Box<dyn Report>>,
    at: &Finish,
    out: &mut dyn Output,
    summary: &mut Summary,
) -> Result<()> {
    let (readers, writers): (Vec<_>, Vec<_>) = reports.into_iter().enumerate().partition(|(_, r)| r.reads_tables());
    let shared = Mutex::new(out);
    let base = summary.clone();
    let parts: Vec<(usize, Summary)> = at.workers.install(|| {
        writers
            .into_par_iter()
            // One report a task: a thread that is done takes the next
            // report left, instead of idling beside a half that another
            // thread works through alone (keyness often finished seconds
            // before hits, articles and outlets, written one after another).
            .with_max_len(1)
            .map(|(i, report)| {
                let mut part = base.clone();
                report.finish(at, &mut SharedOutput(&shared), &mut part).map(|()| (i, part))
            })
            .collect::<Result<_>>()
    })?;
    let out = shared.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut files: Vec<(usize, Vec<PathBuf>)> = Vec::new();
    for (i, part) in parts {
        files.push((i, part.reports[base.reports.len()..].to_vec()));
        summary.absorb(&base, part);
    }
    for (i, report) in readers {
        let before = summary.reports.len();
        report.finish(at, out, summary)?;
        files.push((i, summary.reports.split_off(before)));
    }
    files.sort_by_key(|(i, _)| *i);
    summary.reports.extend(files.into_iter().flat_map(|(_, f)| f));
    Ok(())
}

/// One output shared by reports finishing on several threads.
struct SharedOutput<'a, 'o>(&'a Mutex<&'o mut dyn Output>);

impl<'o> SharedOutput<'_, 'o> {
    fn lock(&self) -> std::sync::MutexGuard<'_, &'o mut dyn Output> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Output for SharedOutput<'_, '_> {
    fn create(&mut self, name: &str) -> Result<Box<dyn std::io::Write + Send>> {
        self.lock().create(name)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.lock().path(name)
    }
    fn tables(&self) -> Option<Tables> {
        self.lock().tables()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::report::MemOutput;

    #[test]
    fn progress_is_told_every_article_then_the_writing() {
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut options = Options::new(vec![corpus.clone()], PathBuf::from("unused"));
        options.manifest = false;
        let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
        let log = seen.clone();
        options.progress = ProgressHook::new(move |p| log.lock().unwrap().push(*p));
        let mut out = MemOutput::default();
        let summary = run_into(&options, &Lexicon::builtin(), &Workers::new(Some(2)).unwrap(), &mut out).unwrap();
        let seen = seen.lock().unwrap();
        let stages: Vec<Stage> = seen.iter().map(|p| p.stage).collect();
        assert_eq!(stages.first(), Some(&Stage::Analysing));
        assert_eq!(stages.last(), Some(&Stage::Writing));
        let last = seen.last().unwrap();
        assert_eq!(last.articles, summary.articles as u64 + summary.skipped as u64);
        let bodies: u64 = std::fs::read_dir(&corpus)
            .unwrap()
            .flatten()
            .filter(|d| d.path().is_dir())
            .flat_map(|d| std::fs::read_dir(d.path()).unwrap().flatten())
            .map(|f| {
                crate::input::article::from_bytes(
                    std::fs::read(f.path()).unwrap(),
                    "x",
                    "o",
                    "i",
                    None,
                    Default::default(),
                )
                .unwrap()
                .body
                .len() as u64
            })
            .sum();
        assert_eq!(last.bytes, bodies, "bytes are the article bodies read");
        assert!(seen.windows(2).all(|w| w[0].articles <= w[1].articles), "counts only grow");
    }
}
