//! The main job: reads a corpus, analyses every article in parallel and
//! writes the reports. Articles are processed in chunks, in corpus order, so
//! memory stays bounded and the output is the same whatever the thread count.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::article::{Article, LangSource};
use crate::claims::report::{ArticleClaims, EventRows, event_rows};
use crate::claims::{Cues, extract::SentenceTerms};
use crate::corpus::{Corpus, Ignored, ReadOptions};
use crate::error::{Diagnostic, Error, Location, Result, Severity};
use crate::lexicon::{Lexicon, MatchKind};
use crate::matcher::Matcher;
use crate::report::{Cell, Num, Text, context};
use crate::score::{Scheme, Scores, per_1k};
use crate::text::{Tokenizer, Tokens, line_col};
use crate::voice::{Closure, Voice};

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
    /// Reporting verbs and their stances, for claims.
    pub cues: Cues,
}

/// Which reports a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportSet {
    /// Everything: hits, articles, outlets, claims, coverage, differences, sources.
    #[default]
    All,
    /// Only the framing reports (no claim alignment; for very large corpora).
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
            cues: Cues::builtin(),
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
}

/// Everything an article needs from the lexicon, shared by all threads.
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    pub matcher: Matcher,
    pub scheme: Scheme,
    /// Cues for claim extraction; `None` skips claims.
    pub cues: Option<&'a Cues>,
}

impl<'a> Context<'a> {
    pub fn new(lexicon: &'a Lexicon) -> Context<'a> {
        Context { lexicon, matcher: Matcher::new(lexicon), scheme: Scheme::new(lexicon), cues: None }
    }
}

/// Categories whose hits are listed as hedges in claims; the rest are loaded terms.
pub const HEDGE_CATEGORIES: &[&str] = &["hedge", "distancing"];

/// One row of `hits.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct HitRow {
    pub event: Text,
    pub outlet: Text,
    pub article: Text,
    pub sentence: u32,
    pub start: usize,
    pub end: usize,
    pub text: Text,
    pub term: Text,
    #[serde(rename = "match")]
    pub kind: MatchKind,
    pub category: Text,
    pub axis: Text,
    pub side: Text,
    pub weight: f64,
    pub voice: Voice,
    pub negated: bool,
    pub neutral: Text,
    pub context: Text,
    pub lexicon: Text,
}

/// The result of analysing one article.
#[derive(Debug, Clone)]
pub struct ArticleOutput {
    pub meta: crate::article::Meta,
    pub scores: Scores,
    pub hits: Vec<HitRow>,
    pub notes: Vec<Diagnostic>,
    pub claims: Vec<crate::claims::Claim>,
}

/// Longest context kept on each side of a hit, in bytes.
const CONTEXT_BYTES: usize = 160;

/// Analyses one article: tokens, voice, hits, scores and hit rows.
pub fn analyze_article(article: &Article, ctx: &Context, tokenizer: &mut Tokenizer) -> ArticleOutput {
    let lang = article.meta.language;
    let tokens = tokenizer.tokenize(&article.body, lang);
    let hits = ctx.matcher.find(&tokens, lang);
    let scores = Scores::of_article(&ctx.scheme, &ctx.matcher, ctx.lexicon, lang, &tokens, &hits);
    let meta = &article.meta;
    let event = meta.event.clone().unwrap_or_default();
    let mut rows = Vec::with_capacity(hits.len());
    for h in &hits {
        let sentence = &tokens.sentences[h.sentence as usize];
        let text = &article.body[h.start..h.end];
        let ctx_text = context(&article.body, sentence.start..sentence.end, h.start..h.end, CONTEXT_BYTES);
        for &e in ctx.matcher.entries(lang, h) {
            let entry = &ctx.lexicon.entries[e];
            rows.push(HitRow {
                event: event.as_str().into(),
                outlet: meta.outlet.as_str().into(),
                article: meta.id.as_str().into(),
                sentence: h.sentence + 1,
                start: h.start,
                end: h.end,
                text: text.into(),
                term: entry.term.as_str().into(),
                kind: entry.kind,
                category: entry.category.as_str().into(),
                axis: entry.axis.as_str().into(),
                side: entry.side.as_str().into(),
                weight: entry.weight,
                voice: h.voice,
                negated: h.negated,
                neutral: entry.neutral.as_str().into(),
                context: ctx_text.as_str().into(),
                lexicon: ctx.lexicon.location(entry).to_string().into(),
            });
        }
    }
    let notes = article_notes(article, &tokens, ctx);
    let claims = match ctx.cues {
        Some(cues) => {
            let mut terms: Vec<SentenceTerms> = vec![(Vec::new(), Vec::new()); tokens.sentences.len()];
            for h in &hits {
                let written = article.body[h.start..h.end].to_lowercase();
                let entries = ctx.matcher.entries(lang, h);
                let hedge =
                    entries.iter().any(|&e| HEDGE_CATEGORIES.contains(&ctx.lexicon.entries[e].category.as_str()));
                let list = if hedge { &mut terms[h.sentence as usize].0 } else { &mut terms[h.sentence as usize].1 };
                if !list.contains(&written) {
                    list.push(written);
                }
            }
            crate::claims::extract(&article.body, &tokens, &terms, cues, lang)
        }
        None => Vec::new(),
    };
    ArticleOutput { meta: meta.clone(), scores, hits: rows, notes, claims }
}

/// Warnings about an article that was used: notes from reading it, unclosed
/// quotation marks, a language the lexicon has no entries for.
fn article_notes(article: &Article, tokens: &Tokens, ctx: &Context) -> Vec<Diagnostic> {
    let meta = &article.meta;
    let body_line = meta.line.saturating_sub(1);
    let at = |line: usize, col: usize| Location::at(&meta.path, line, col);
    let mut out: Vec<Diagnostic> =
        article.notes.iter().map(|n| Diagnostic::new(at(meta.line, 0), Severity::Warning, n.clone())).collect();
    for q in tokens.quotes.iter().filter(|q| q.closure == Closure::Unclosed) {
        let (l, c) = line_col(&article.body, q.start);
        out.push(Diagnostic::new(
            at(body_line + l, c),
            Severity::Warning,
            "quotation mark never closed: its paragraph counts as quoted; add the closing mark if that is wrong",
        ));
    }
    if !ctx.matcher.has_language(meta.language) {
        let how = match meta.language_source {
            LangSource::Metadata => "given",
            LangSource::Detected => "detected",
            LangSource::Default => "assumed",
        };
        out.push(Diagnostic::new(
            at(meta.line, 0),
            Severity::Warning,
            format!(
                "language {} ({how}) has no lexicon entries, so no terms can be found; add entries with language {} or set the article's language",
                meta.language, meta.language
            ),
        ));
    }
    if meta.language.stemmer().is_none() {
        out.push(Diagnostic::new(
            at(meta.line, 0),
            Severity::Note,
            format!("no Snowball stemmer for language {}: stem entries match whole words only", meta.language),
        ));
    }
    out
}

/// Column names of the lexicon-dependent part of `articles.csv` and `outlets.csv`.
pub fn score_header(scheme: &Scheme) -> Vec<String> {
    let mut h = Vec::new();
    for c in &scheme.categories {
        for suffix in ["narrator", "all", "narrator_per_1k", "all_per_1k"] {
            h.push(format!("{c}_{suffix}"));
        }
    }
    for a in &scheme.axes {
        for voice in ["narrator", "all"] {
            h.push(format!("{}_{}_{voice}", a.name, a.poles[0]));
            h.push(format!("{}_{}_{voice}", a.name, a.poles[1]));
            h.push(format!("{}_lean_{voice}", a.name));
        }
    }
    h
}

/// The values under [`score_header`].
pub fn score_cells(scheme: &Scheme, s: &Scores) -> Vec<Cell> {
    let words = s.words as f64;
    let mut v = Vec::new();
    for c in 0..scheme.categories.len() {
        v.push(Cell::from(s.category_narrator[c]));
        v.push(Cell::from(s.category_all[c]));
        v.push(Cell::from(per_1k(s.category_narrator[c] as f64, words)));
        v.push(Cell::from(per_1k(s.category_all[c] as f64, words)));
    }
    for a in 0..scheme.axes.len() {
        v.push(Cell::from(s.pole_narrator[a][0]));
        v.push(Cell::from(s.pole_narrator[a][1]));
        v.push(Cell::from(s.lean_narrator(a)));
        v.push(Cell::from(s.pole_all[a][0]));
        v.push(Cell::from(s.pole_all[a][1]));
        v.push(Cell::from(s.lean_all(a)));
    }
    v
}

/// The fixed columns of `articles.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRow {
    pub event: Text,
    pub outlet: Text,
    pub article: Text,
    pub title: Text,
    pub date: Text,
    pub url: Text,
    pub language: crate::lang::Lang,
    pub language_source: LangSource,
    pub path: Text,
}

/// Totals shared by `articles.csv` and `outlets.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub words: u64,
    pub narrator_words: u64,
    pub quoted_words: u64,
    pub scare_quoted_words: u64,
    pub sentences: u64,
    pub hits_narrator: u64,
    pub hits_all: u64,
    pub negated_hits: u64,
    pub hits_narrator_per_1k: Num,
    pub hits_all_per_1k: Num,
    pub coverage: Num,
}

impl Totals {
    pub fn of(s: &Scores) -> Totals {
        let w = s.words as f64;
        Totals {
            words: s.words,
            narrator_words: s.narrator_words,
            quoted_words: s.quoted_words,
            scare_quoted_words: s.scare_quoted_words,
            sentences: s.sentences,
            hits_narrator: s.hits_narrator,
            hits_all: s.hits_all,
            negated_hits: s.negated,
            hits_narrator_per_1k: Num::of(per_1k(s.hits_narrator as f64, w)),
            hits_all_per_1k: Num::of(per_1k(s.hits_all as f64, w)),
            coverage: Num::of(s.coverage()),
        }
    }
}

/// The fixed columns of `outlets.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct OutletRow {
    /// `*` on the row that sums all events of the outlet.
    pub event: Text,
    pub outlet: Text,
    pub articles: u64,
}

/// The marker in `outlets.csv`'s `event` column for an outlet's all-events row.
pub const ALL_EVENTS: &str = "*";

/// Header names of a `#[derive(Serialize)]` row, read off a serialized sample.
fn header_of<T: Serialize>(sample: &T) -> Vec<String> {
    let mut w = csv::WriterBuilder::new().has_headers(true).from_writer(Vec::new());
    if w.serialize(sample).is_err() {
        return Vec::new();
    }
    let data = w.into_inner().unwrap_or_default();
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(data.as_slice());
    r.records().next().and_then(|r| r.ok()).map(|r| r.iter().map(str::to_string).collect()).unwrap_or_default()
}

fn csv_writer(dir: &Path, name: &str, reports: &mut Vec<PathBuf>) -> Result<csv::Writer<BufWriter<File>>> {
    let path = dir.join(name);
    let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
    reports.push(path);
    Ok(csv::WriterBuilder::new().has_headers(false).from_writer(BufWriter::new(file)))
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::io(path, std::io::Error::other(e.to_string()))
}

/// One row of `problems.csv`.
#[derive(Debug, Clone, Serialize)]
struct ProblemRow {
    path: Text,
    line: usize,
    column: usize,
    severity: Severity,
    message: Text,
}

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
    ctx.cues = options.reports.claims().then_some(&options.cues);
    let mut summary = Summary { threads, ..Summary::default() };
    let grouping = if Corpus::may_need_grouping(&options.inputs, &options.read) {
        group_events(options, &pool)?
    } else {
        Grouping::default()
    };
    summary.grouped_stories = grouping.stories.len();
    summary.grouped_articles = grouping.event_of.len();

    let out = &options.out;
    let hits_path = out.join("hits.csv");
    let mut hits_w = if options.reports.framing() {
        let mut w = csv_writer(out, "hits.csv", &mut summary.reports)?;
        let hit_header = [
            "event", "outlet", "article", "sentence", "start", "end", "text", "term", "match", "category", "axis",
            "side", "weight", "voice", "negated", "neutral", "context", "lexicon",
        ];
        w.write_record(hit_header).map_err(csv_err(&hits_path))?;
        Some(w)
    } else {
        None
    };

    let mut articles: Vec<(ArticleRow, Scores)> = Vec::new();
    let mut claims: Vec<ArticleClaims> = Vec::new();
    loop {
        let chunk = corpus.next_chunk(options.chunk.max(1))?;
        if chunk.is_empty() {
            break;
        }
        let fallback = options.read.fallback;
        let results: Vec<std::result::Result<ArticleOutput, Diagnostic>> = pool.install(|| {
            chunk
                .into_par_iter()
                .map_init(Tokenizer::new, |tz, item| {
                    item.load(fallback).map(|mut a| {
                        if a.meta.event.is_none() {
                            let found = grouping.event_of.get(&a.meta.path).cloned();
                            a.meta.event = Some(found.unwrap_or_else(|| UNGROUPED.to_string()));
                        }
                        analyze_article(&a, &ctx, tz)
                    })
                })
                .collect()
        });
        for r in results {
            match r {
                Ok(o) => {
                    if let Some(w) = hits_w.as_mut() {
                        for row in &o.hits {
                            w.serialize(row).map_err(csv_err(&hits_path))?;
                        }
                    }
                    if ctx.cues.is_some() {
                        claims.push(ArticleClaims {
                            event: o.meta.event.clone().unwrap_or_default(),
                            outlet: o.meta.outlet.clone(),
                            article: o.meta.id.clone(),
                            date: o.meta.date.clone(),
                            claims: o.claims,
                        });
                    }
                    summary.hits += o.scores.hits_all;
                    summary.words += o.scores.words;
                    summary.diagnostics.extend(o.notes);
                    let m = o.meta;
                    let row = ArticleRow {
                        event: m.event.clone().unwrap_or_default().into(),
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
                Err(d) => {
                    summary.skipped += 1;
                    summary.diagnostics.push(d);
                }
            }
        }
    }
    if let Some(w) = hits_w.as_mut() {
        w.flush().map_err(|e| Error::io(&hits_path, e))?;
    }
    summary.articles = articles.len();
    summary.ignored = corpus.ignored.clone();

    if options.reports.framing() {
        write_articles(out, &ctx.scheme, &articles, &mut summary)?;
        write_outlets(out, &ctx.scheme, &articles, &mut summary)?;
    } else {
        count_outlets(&articles, &mut summary);
    }
    if ctx.cues.is_some() {
        write_claims(out, claims, &mut summary)?;
    }
    if !grouping.stories.is_empty() {
        let path = out.join("events.csv");
        let mut w = csv::Writer::from_writer(BufWriter::new(File::create(&path).map_err(|e| Error::io(&path, e))?));
        for row in &grouping.stories {
            w.serialize(row).map_err(csv_err(&path))?;
        }
        w.flush().map_err(|e| Error::io(&path, e))?;
        summary.reports.push(path);
    }
    write_problems(out, &mut summary)?;
    Ok(summary)
}

/// The event of an article that has none and could not be grouped.
pub const UNGROUPED: &str = "(ungrouped)";

fn count_outlets(articles: &[(ArticleRow, Scores)], summary: &mut Summary) {
    let outlets: std::collections::BTreeSet<&str> = articles.iter().map(|a| a.0.outlet.0.as_str()).collect();
    let events: std::collections::BTreeSet<&str> = articles.iter().map(|a| a.0.event.0.as_str()).collect();
    summary.outlets = outlets.len();
    summary.events = events.len();
}

fn write_articles(out: &Path, scheme: &Scheme, articles: &[(ArticleRow, Scores)], summary: &mut Summary) -> Result<()> {
    let path = out.join("articles.csv");
    let mut w = csv_writer(out, "articles.csv", &mut summary.reports)?;
    let sample = ArticleRow {
        event: Text::default(),
        outlet: Text::default(),
        article: Text::default(),
        title: Text::default(),
        date: Text::default(),
        url: Text::default(),
        language: crate::lang::Lang::EN,
        language_source: LangSource::Default,
        path: Text::default(),
    };
    let mut header = header_of(&sample);
    header.extend(header_of(&Totals::of(&Scores::zero(scheme))));
    header.extend(score_header(scheme));
    w.write_record(&header).map_err(csv_err(&path))?;
    for (row, scores) in articles {
        w.serialize((row, Totals::of(scores), score_cells(scheme, scores))).map_err(csv_err(&path))?;
    }
    w.flush().map_err(|e| Error::io(&path, e))
}

fn write_outlets(out: &Path, scheme: &Scheme, articles: &[(ArticleRow, Scores)], summary: &mut Summary) -> Result<()> {
    let mut groups: BTreeMap<(String, String), Scores> = BTreeMap::new();
    let mut events: BTreeMap<String, ()> = BTreeMap::new();
    for (row, scores) in articles {
        let outlet = row.outlet.0.clone();
        events.insert(row.event.0.clone(), ());
        for event in [ALL_EVENTS.to_string(), row.event.0.clone()] {
            groups.entry((outlet.clone(), event)).or_insert_with(|| Scores::zero(scheme)).add(scores);
        }
    }
    summary.events = events.len();
    summary.outlets = groups.keys().filter(|(_, e)| e == ALL_EVENTS).count();
    let path = out.join("outlets.csv");
    let mut w = csv_writer(out, "outlets.csv", &mut summary.reports)?;
    let sample = OutletRow { event: Text::default(), outlet: Text::default(), articles: 0 };
    let mut header = header_of(&sample);
    header.extend(header_of(&Totals::of(&Scores::zero(scheme))));
    header.extend(score_header(scheme));
    w.write_record(&header).map_err(csv_err(&path))?;
    for ((outlet, event), s) in &groups {
        let row = OutletRow { event: event.as_str().into(), outlet: outlet.as_str().into(), articles: s.articles };
        w.serialize((row, Totals::of(s), score_cells(scheme, s))).map_err(csv_err(&path))?;
    }
    w.flush().map_err(|e| Error::io(&path, e))
}

fn write_problems(out: &Path, summary: &mut Summary) -> Result<()> {
    let path = out.join("problems.csv");
    let mut w = csv_writer(out, "problems.csv", &mut summary.reports)?;
    w.write_record(["path", "line", "column", "severity", "message"]).map_err(csv_err(&path))?;
    for d in &summary.diagnostics {
        let row = ProblemRow {
            path: d.location.path.display().to_string().into(),
            line: d.location.line,
            column: d.location.column,
            severity: d.severity,
            message: d.message.as_str().into(),
        };
        w.serialize(row).map_err(csv_err(&path))?;
    }
    w.flush().map_err(|e| Error::io(&path, e))
}

/// Events found by automatic grouping, by article path (as in `Meta::path`).
#[derive(Debug, Default)]
struct Grouping {
    event_of: std::collections::HashMap<String, String>,
    stories: Vec<StoryRow>,
}

/// One row of `events.csv`: a story found by automatic grouping.
#[derive(Debug, Clone, Serialize)]
struct StoryRow {
    event: Text,
    articles: usize,
    outlets: usize,
    first_date: Text,
    last_date: Text,
    first_title: Text,
}

/// Reads the corpus once to group articles that have no event into stories.
fn group_events(options: &Options, pool: &rayon::ThreadPool) -> Result<Grouping> {
    let inputs: Vec<PathBuf> = options.inputs.iter().filter(|p| p.as_os_str() != "-").cloned().collect();
    let mut corpus = Corpus::open(&inputs, options.read.clone())?;
    let fallback = options.read.fallback;
    type Found = (crate::article::Meta, Vec<(u64, u32)>);
    let mut found: Vec<Found> = Vec::new();
    loop {
        let chunk = corpus.next_chunk(options.chunk.max(1))?;
        if chunk.is_empty() {
            break;
        }
        let part: Vec<Option<Found>> = pool.install(|| {
            chunk
                .into_par_iter()
                .map_init(Tokenizer::new, |tz, item| {
                    let a = item.load(fallback).ok()?;
                    if a.meta.event.is_some() {
                        return None;
                    }
                    let tokens = tz.tokenize(&a.body, a.meta.language);
                    let mut counts: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
                    let lang = a.meta.language;
                    for t in tokens
                        .tokens
                        .iter()
                        .filter(|t| t.alphabetic && !crate::claims::extract::is_stopword(lang, tokens.base(t)))
                    {
                        let stem = tokens.stem(t);
                        let cut = stem
                            .char_indices()
                            .nth(crate::claims::extract::FEATURE_CHARS)
                            .map_or(stem.len(), |(i, _)| i);
                        *counts.entry(crate::claims::extract::feature_hash(&stem[..cut])).or_default() += 1;
                    }
                    let mut v: Vec<(u64, u32)> = counts.into_iter().collect();
                    v.sort_unstable();
                    Some((a.meta, v))
                })
                .collect()
        });
        found.extend(part.into_iter().flatten());
    }
    let mut grouping = Grouping::default();
    if found.is_empty() {
        return Ok(grouping);
    }
    let features: Vec<Vec<(u64, u32)>> = found.iter().map(|f| f.1.clone()).collect();
    let story = crate::claims::events::group(&features);
    let n = story.iter().max().map_or(0, |m| m + 1);
    let width = n.to_string().len().max(3);
    let name = |s: usize| format!("story-{:0width$}", s + 1);
    let mut rows: Vec<(usize, std::collections::BTreeSet<String>, Vec<String>, String)> =
        vec![(0, Default::default(), Vec::new(), String::new()); n];
    for ((meta, _), &s) in found.iter().zip(&story) {
        grouping.event_of.insert(meta.path.clone(), name(s));
        let r = &mut rows[s];
        if r.0 == 0 {
            r.3 = meta.title.clone();
        }
        r.0 += 1;
        r.1.insert(meta.outlet.clone());
        if !meta.date.is_empty() {
            r.2.push(meta.date.clone());
        }
    }
    grouping.stories = rows
        .into_iter()
        .enumerate()
        .map(|(s, (articles, outlets, mut dates, title))| {
            dates.sort();
            StoryRow {
                event: name(s).into(),
                articles,
                outlets: outlets.len(),
                first_date: dates.first().cloned().unwrap_or_default().into(),
                last_date: dates.last().cloned().unwrap_or_default().into(),
                first_title: title.into(),
            }
        })
        .collect();
    Ok(grouping)
}

fn write_claims(out: &Path, mut per_article: Vec<ArticleClaims>, summary: &mut Summary) -> Result<()> {
    // Stable: corpus order within each event.
    per_article.sort_by(|a, b| a.event.cmp(&b.event));
    let mut writers = Vec::new();
    for name in ["claims.csv", "coverage.csv", "differences.csv", "sources.csv"] {
        writers.push((
            out.join(name),
            csv::WriterBuilder::new()
                .has_headers(true)
                .from_writer(BufWriter::new(File::create(out.join(name)).map_err(|e| Error::io(&out.join(name), e))?)),
        ));
        summary.reports.push(out.join(name));
    }
    let mut start = 0;
    let mut wrote_any = [false; 4];
    while start < per_article.len() {
        let event = per_article[start].event.clone();
        let end = start + per_article[start..].iter().take_while(|a| a.event == event).count();
        let rows: EventRows = event_rows(&event, &per_article[start..end]);
        summary.clusters += rows.clusters;
        for r in &rows.claims {
            writers[0].1.serialize(r).map_err(csv_err(&writers[0].0))?;
        }
        for r in &rows.coverage {
            writers[1].1.serialize(r).map_err(csv_err(&writers[1].0))?;
        }
        for r in &rows.differences {
            writers[2].1.serialize(r).map_err(csv_err(&writers[2].0))?;
        }
        for r in &rows.sources {
            writers[3].1.serialize(r).map_err(csv_err(&writers[3].0))?;
        }
        wrote_any[0] |= !rows.claims.is_empty();
        wrote_any[1] |= !rows.coverage.is_empty();
        wrote_any[2] |= !rows.differences.is_empty();
        wrote_any[3] |= !rows.sources.is_empty();
        start = end;
    }
    // A report with no rows still gets its header, so readers find the columns.
    let headers: [&[&str]; 4] = [
        &[
            "event",
            "cluster",
            "outlet",
            "article",
            "sentence",
            "paragraph",
            "start",
            "end",
            "text",
            "speaker",
            "speaker_key",
            "mention",
            "cue",
            "stance",
            "form",
            "hedges",
            "loaded",
            "numbers",
            "split",
            "also_carries",
            "outlets_carrying",
        ],
        &["event", "cluster", "outlet", "status", "outlets_carrying", "outlets_total", "article", "sentence", "claim"],
        &[
            "event",
            "cluster",
            "outlet_a",
            "article_a",
            "sentence_a",
            "outlet_b",
            "article_b",
            "sentence_b",
            "kind",
            "from",
            "to",
        ],
        &["event", "outlet", "speaker_key", "speaker", "claims", "quoted", "attributed", "stances", "cues"],
    ];
    for ((path, w), (any, header)) in writers.iter_mut().zip(wrote_any.iter().zip(headers)) {
        if !any {
            w.write_record(header).map_err(csv_err(path))?;
        }
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}
