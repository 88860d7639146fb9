//! The main job: reads a corpus, analyses every article in parallel and
//! writes the reports. Articles are processed in chunks, in corpus order, so
//! memory stays bounded and the output is the same whatever the thread count;
//! everything per outlet or per event is computed from the per-article
//! results afterwards.

mod article;
mod claims;
mod events;
mod keyness;
mod manifest;
mod tables;

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

pub use article::{ArticleOutput, Context, HEDGE_CATEGORIES, HitRow, analyze_article};
pub use keyness::Keyness;
pub use manifest::utc_now;
pub use tables::{ALL_EVENTS, ArticleRow, Bootstrap, MIN_ARTICLES, MIN_WORDS, Totals};

use crate::claims::Cues;
use crate::claims::report::ArticleClaims;
use crate::corpus::{Corpus, FileDigest, Ignored, ReadOptions};
use crate::error::{Diagnostic, Error, Location, Result, Severity};
use crate::lexicon::Lexicon;
use crate::report::{ReportFormat, TableWriter, Text, header_of};
use crate::score::Scores;
use crate::text::Tokenizer;

/// Options of a run of `framelens analyze`.
#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub read: ReadOptions,
    pub out: PathBuf,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Articles read and analysed per batch.
    pub chunk: usize,
    /// Which reports to write.
    pub reports: ReportSet,
    pub format: ReportFormat,
    /// Reporting verbs and their stances, for claims.
    pub cues: Cues,
    /// Where the cues came from, for run.json.
    pub cues_name: String,
    pub bootstrap: Bootstrap,
    pub keyness: Keyness,
    /// The command line, for run.json.
    pub command: Vec<String>,
}

/// Which reports a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportSet {
    /// Everything: framing, keyness and claims.
    #[default]
    All,
    /// Only the framing reports and keyness (no claim alignment; for very large corpora).
    Framing,
    /// Only the claim reports.
    Claims,
}

impl ReportSet {
    fn framing(self) -> bool {
        self != ReportSet::Claims
    }
    fn claims(self) -> bool {
        self != ReportSet::Framing
    }
}

impl Options {
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
            command: Vec::new(),
        }
    }
}

/// What a run did, for the summary the binary prints.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub articles: usize,
    pub skipped: usize,
    pub ignored: Ignored,
    pub outlets: usize,
    pub events: usize,
    pub words: u64,
    pub hits: u64,
    /// Warnings and skipped articles, in corpus order.
    pub diagnostics: Vec<Diagnostic>,
    pub reports: Vec<PathBuf>,
    pub threads: usize,
    /// Stories found by automatic grouping (0 when every article had an event).
    pub grouped_stories: usize,
    /// Articles placed in those stories.
    pub grouped_articles: usize,
    pub clusters: usize,
    /// Outlets with too few articles or words for firm intervals.
    pub small_outlets: usize,
    pub suggestions: usize,
}

/// The event of an article that has none and could not be grouped.
pub const UNGROUPED: &str = "(ungrouped)";

/// One row of `problems.csv`.
#[derive(Debug, Clone, Serialize)]
struct ProblemRow {
    path: Text,
    line: usize,
    column: usize,
    severity: Severity,
    message: Text,
}

const HIT_COLUMNS: [&str; 18] = [
    "event", "outlet", "article", "sentence", "start", "end", "text", "term", "match", "category", "axis", "side",
    "weight", "voice", "negated", "neutral", "context", "lexicon",
];

/// Runs the whole analysis and writes the reports into `options.out`.
pub fn run(options: &Options, lexicon: &Lexicon) -> Result<Summary> {
    let threads = options.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::input(Location::file(&options.out), format!("cannot start {threads} threads: {e}")))?;
    let mut corpus = Corpus::open(&options.inputs, options.read.clone())?;
    std::fs::create_dir_all(&options.out).map_err(|e| Error::io(&options.out, e))?;
    let mut ctx = Context::new(lexicon);
    if options.reports.framing() {
        tables::check_columns(&ctx.scheme)?;
    }
    ctx.cues = options.reports.claims().then_some(&options.cues);
    ctx.keyness = options.reports.framing();
    let mut summary = Summary { threads, ..Summary::default() };
    let grouping = if Corpus::may_need_grouping(&options.inputs, &options.read) {
        events::group(options, &pool)?
    } else {
        events::Grouping::default()
    };
    summary.grouped_stories = grouping.stories.len();
    summary.grouped_articles = grouping.event_of.len();

    let out = &options.out;
    let mut hits_w = if options.reports.framing() {
        Some(TableWriter::create(out, "hits", options.format, HIT_COLUMNS.map(String::from).to_vec())?)
    } else {
        None
    };
    let mut articles: Vec<(ArticleRow, Scores)> = Vec::new();
    let mut claims: Vec<ArticleClaims> = Vec::new();
    let mut words = keyness::Counts::default();
    let mut files: Vec<FileDigest> = Vec::new();
    // Reading and analysing the next chunk (on the pool) overlaps with
    // writing the results of this one (here): a producer thread hands
    // chunks over in corpus order through a channel of one.
    type Analysed = (Option<FileDigest>, std::result::Result<ArticleOutput, Diagnostic>);
    let fallback = options.read.fallback;
    let chunk_size = options.chunk.max(1);
    let (ctx_ref, grouping_ref, pool_ref) = (&ctx, &grouping, &pool);
    let ignored = std::thread::scope(|scope| -> Result<Ignored> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Analysed>>>(1);
        let producer = scope.spawn(move || {
            loop {
                let chunk = match corpus.next_chunk(chunk_size) {
                    Ok(c) if c.is_empty() => break,
                    Ok(c) => c,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        break;
                    }
                };
                let results: Vec<Analysed> = pool_ref.install(|| {
                    chunk
                        .into_par_iter()
                        .map_init(Tokenizer::new, |tz, item| {
                            let (digest, loaded) = item.load_hashed(fallback);
                            let analysed = loaded.map(|mut a| {
                                if a.meta.event.is_none() {
                                    let found = grouping_ref.event_of.get(&a.meta.path).cloned();
                                    a.meta.event = Some(found.unwrap_or_else(|| UNGROUPED.to_string()));
                                }
                                analyze_article(&a, ctx_ref, tz)
                            });
                            (digest, analysed)
                        })
                        .collect()
                });
                if tx.send(Ok(results)).is_err() {
                    break; // the writer stopped on an error
                }
            }
            corpus.ignored
        });
        // (event, outlet, article) → path of its first occurrence.
        let mut identities: std::collections::HashMap<(String, String, String), String> =
            std::collections::HashMap::new();
        for results in rx {
            for (digest, r) in results? {
                files.extend(digest);
                let o = match r {
                    Ok(o) => o,
                    Err(d) => {
                        summary.skipped += 1;
                        summary.diagnostics.push(d);
                        continue;
                    }
                };
                if let Some(w) = hits_w.as_mut() {
                    o.hits.iter().try_for_each(|row| w.row(row))?;
                }
                let m = o.meta;
                let event = m.event.clone().unwrap_or_default();
                // Rows are keyed by event, outlet and article id; two articles
                // sharing all three cannot be told apart in the reports.
                match identities.entry((event.clone(), m.outlet.clone(), m.id.clone())) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        summary.diagnostics.push(Diagnostic::new(
                            Location::line(&m.path, m.line),
                            Severity::Warning,
                            format!(
                                "article id {:?} of outlet {:?} is used already by {}; give one an `id:` in its front matter",
                                m.id,
                                m.outlet,
                                first.get()
                            ),
                        ));
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(m.path.clone());
                    }
                }
                if ctx_ref.cues.is_some() {
                    claims.push(ArticleClaims {
                        event: event.clone(),
                        outlet: m.outlet.clone(),
                        article: m.id.clone(),
                        date: m.date.clone(),
                        claims: o.claims,
                    });
                }
                if ctx_ref.keyness {
                    words.add(&event, &m.outlet, m.language, &o.words);
                }
                summary.hits += o.scores.hits_all;
                summary.words += o.scores.words;
                summary.diagnostics.extend(o.notes);
                let row = ArticleRow {
                    event: event.into(),
                    outlet: m.outlet.into(),
                    article: m.id.into(),
                    title: m.title.into(),
                    date: m.date.into(),
                    url: m.url.into(),
                    language: m.language,
                    language_source: m.language_source,
                    path: m.path.into(),
                };
                articles.push((row, o.scores));
            }
        }
        producer.join().map_err(|_| Error::input(Location::file(&options.out), "a worker thread panicked"))
    })?;
    if let Some(w) = hits_w {
        summary.reports.push(w.finish()?);
    }
    summary.articles = articles.len();
    summary.ignored = ignored;

    if options.reports.framing() {
        tables::write_articles(out, options.format, &ctx.scheme, &articles, &mut summary)?;
        pool.install(|| {
            tables::write_outlets(out, options.format, &ctx.scheme, &articles, &options.bootstrap, &mut summary)
        })?;
        keyness::write(out, options.format, &words, lexicon, &options.keyness, &mut summary)?;
    } else {
        count_outlets(&articles, &mut summary);
    }
    if ctx.cues.is_some() {
        pool.install(|| claims::write(out, options.format, claims, &mut summary))?;
    }
    if let Some(p) = grouping.write(out, options.format)? {
        summary.reports.push(p);
    }
    write_problems(out, options.format, &mut summary)?;
    manifest::write(out, options, lexicon, &files, &summary)?;
    Ok(summary)
}

fn count_outlets(articles: &[(ArticleRow, Scores)], summary: &mut Summary) {
    let outlets: std::collections::BTreeSet<&str> = articles.iter().map(|a| a.0.outlet.0.as_str()).collect();
    let events: std::collections::BTreeSet<&str> = articles.iter().map(|a| a.0.event.0.as_str()).collect();
    summary.outlets = outlets.len();
    summary.events = events.len();
}

fn write_problems(out: &std::path::Path, format: ReportFormat, summary: &mut Summary) -> Result<()> {
    let sample =
        ProblemRow { path: Text::default(), line: 0, column: 0, severity: Severity::Note, message: Text::default() };
    let mut w = TableWriter::create(out, "problems", format, header_of(&sample))?;
    for d in &summary.diagnostics {
        w.row(&ProblemRow {
            path: d.location.path.display().to_string().into(),
            line: d.location.line,
            column: d.location.column,
            severity: d.severity,
            message: d.message.as_str().into(),
        })?;
    }
    summary.reports.push(w.finish()?);
    Ok(())
}
