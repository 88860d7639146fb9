//! Partial results: what `framelens analyze --emit partial` writes so that
//! several machines can each analyse a part of a corpus and `framelens
//! merge` can turn the parts into the reports of the whole, byte for byte
//! the reports one run over everything writes. A partial is the stream of
//! per-article results every report receives (each [`ArticleOutput`], each
//! skipped article's diagnostic, each file read with its digest), plus the
//! grouping features of articles without an event (stories can span parts,
//! so they are found at merge time), between a header that says how the
//! results were made and a trailer that says how many records there are.
//!
//! The format is gzip-compressed JSON Lines, one record per line, in
//! `framelens-partial.jsonl.gz` (`zcat … | head -1` shows the header):
//!
//! - line 1, the header: `{"framelens_partial": 1, "framelens": "<version>",
//!   "schema": "<digest>", "part": {"number": 3, "count": 7} | null,
//!   "inputs": [...], "settings": {...}, "lexicon": {...}}`. `schema` is a
//!   digest of the record fields this build writes, so a partial from a build
//!   whose records differ is refused even at the same version; `lexicon`
//!   holds the entries themselves (the merge needs no lexicon files) and
//!   their digest; `settings` holds the cue list's digest and every option
//!   the reports depend on.
//! - then any number of `{"article": {...}}`, `{"story": {"meta": {...},
//!   "features": [[stem hash, count], ...]}}`, `{"skipped": {...}}` and
//!   `{"file": ["path", "sha256"]}` lines, in corpus order;
//! - last, `{"end": {"articles": n, "stories": n, "skipped": n, "files": n,
//!   "ignored": {...}}}`: a partial without it (a run that died) is refused.
//!
//! A hit row is stored without its article's keys (event, outlet, id, path),
//! which the article record holds once.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::OnceLock;

use flate2::Compression;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};

use super::analyze::manifest::Input;
use super::analyze::{ArticleOutput, Context, Finish, Options, Report, Summary, analyze_article};
use crate::choice::Choice;
use crate::claims::Cues;
use crate::digest::sha256_hex;
use crate::error::{Diagnostic, Error, Location, Result, Severity};
use crate::input::{FileDigest, Ignored, Meta};
use crate::lexicon::{Entry, Lexicon, Source};
use crate::report::Output;

/// The file a partial is written to, inside the `--out` folder.
pub const FILE: &str = "framelens-partial.jsonl.gz";

/// The version of the partial format; a merge refuses any other.
pub const FORMAT_VERSION: u32 = 1;

/// The first line of a partial: how its results were made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The partial format's version ([`FORMAT_VERSION`]).
    pub framelens_partial: u32,
    /// The framelens version that wrote it.
    pub framelens: String,
    /// Digest of the record fields ([`schema`]).
    pub schema: String,
    /// Which part of the whole it is (`None`: all of its inputs).
    pub part: Option<Part>,
    /// The inputs of the run (all of them, also for one part).
    pub inputs: Vec<Input>,
    /// Every setting the reports depend on.
    pub settings: Settings,
    /// The lexicon, whole.
    pub lexicon: LexiconState,
}

/// Part `number` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// From 1.
    pub number: usize,
    /// How many parts the inputs were cut into.
    pub count: usize,
}

/// The settings a partial was made with, which every part must share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Which reports (`all`, `framing`, `claims`).
    pub reports: String,
    /// The reports' file format.
    pub format: String,
    /// Where events come from (`folder`, `auto`).
    pub events: String,
    /// The cue list's name, as `run.json` shows it.
    pub cues: String,
    /// The cue list's digest ([`Cues::digest`]).
    pub cues_sha256: String,
    /// Bootstrap replicates.
    pub bootstrap_replicates: usize,
    /// Bootstrap seed.
    pub bootstrap_seed: u64,
    /// Interval level.
    pub bootstrap_level: f64,
    /// Keyness minimum count.
    pub keyness_min_count: u64,
    /// Keyness prior scale.
    pub keyness_prior_scale: f64,
    /// Keyness rows per outlet.
    pub keyness_top: usize,
    /// Lexicon suggestions per outlet.
    pub keyness_suggestions: usize,
    /// Smallest z of a suggestion.
    pub keyness_suggest_z: f64,
    /// Whether `report.html` is written (the partial then keeps each
    /// article's text for it).
    pub page: bool,
    /// Articles the page shows in full per outlet.
    pub page_articles_per_outlet: usize,
    /// Articles the page shows in full in all.
    pub page_articles: usize,
    /// Whether `framelens.xlsx` is written.
    pub workbook: bool,
}

impl Settings {
    /// The settings of a run.
    pub fn of(options: &Options) -> Settings {
        let (b, k) = (&options.bootstrap, &options.keyness);
        Settings {
            reports: options.reports.name().to_string(),
            format: options.format.name().to_string(),
            events: options.read.events.name().to_string(),
            cues: options.cues_name.clone(),
            cues_sha256: options.cues.digest(),
            bootstrap_replicates: b.replicates,
            bootstrap_seed: b.seed,
            bootstrap_level: b.level,
            keyness_min_count: k.min_count,
            keyness_prior_scale: k.prior_scale,
            keyness_top: k.top,
            keyness_suggestions: k.suggestions,
            keyness_suggest_z: k.suggest_z,
            page: options.page,
            page_articles_per_outlet: options.page_limits.articles_per_outlet,
            page_articles: options.page_limits.articles,
            workbook: options.workbook,
        }
    }

    /// Sets these settings on `options` (for a merge). Fails on a name
    /// this build does not know.
    pub fn apply(&self, options: &mut Options) -> Result<()> {
        fn named<T: Choice>(what: &str, name: &str) -> Result<T> {
            T::from_name(name).ok_or_else(|| {
                Error::Config(format!("the partials ask for {what} {name:?}, which this framelens does not know"))
            })
        }
        options.reports = named("reports", &self.reports)?;
        options.format = named("report format", &self.format)?;
        options.read.events = named("events", &self.events)?;
        options.cues_name = self.cues.clone();
        options.bootstrap = crate::score::measures::Bootstrap {
            replicates: self.bootstrap_replicates,
            seed: self.bootstrap_seed,
            level: self.bootstrap_level,
        };
        options.keyness = super::analyze::Keyness {
            min_count: self.keyness_min_count,
            prior_scale: self.keyness_prior_scale,
            top: self.keyness_top,
            suggestions: self.keyness_suggestions,
            suggest_z: self.keyness_suggest_z,
        };
        options.page = self.page;
        options.page_limits = super::analyze::PageLimits {
            articles_per_outlet: self.page_articles_per_outlet,
            articles: self.page_articles,
            ..super::analyze::PageLimits::default()
        };
        // A build without the workbook writes none, as its runs do.
        options.workbook = self.workbook && cfg!(feature = "workbook");
        Ok(())
    }
}

/// A lexicon as a partial stores it: its files and entries, each entry's
/// file and line alongside (entries do not serialize them), and a digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LexiconState {
    /// SHA-256 over the files, entries and places.
    pub sha256: String,
    /// The files read.
    pub sources: Vec<Source>,
    /// Every entry.
    pub entries: Vec<Entry>,
    /// (file, line) of each entry.
    pub places: Vec<(usize, usize)>,
}

impl LexiconState {
    /// The state of `lexicon`.
    pub fn of(lexicon: &Lexicon) -> LexiconState {
        let places: Vec<(usize, usize)> = lexicon.entries.iter().map(|e| (e.source, e.line)).collect();
        let mut state = LexiconState {
            sha256: String::new(),
            sources: lexicon.sources.clone(),
            entries: lexicon.entries.clone(),
            places,
        };
        state.sha256 = state.digest();
        state
    }

    fn digest(&self) -> String {
        let text = serde_json::to_string(&(&self.sources, &self.entries, &self.places)).unwrap_or_default();
        sha256_hex(text.as_bytes())
    }

    /// The lexicon back; fails when the digest does not match (a damaged
    /// or edited partial).
    pub fn lexicon(&self) -> std::result::Result<Lexicon, String> {
        if self.digest() != self.sha256 || self.places.len() != self.entries.len() {
            return Err("its lexicon does not match its digest (the file was damaged or edited)".into());
        }
        let entries = self
            .entries
            .iter()
            .zip(&self.places)
            .map(|(e, &(source, line))| Entry { source, line, ..e.clone() })
            .collect();
        Ok(Lexicon { entries, sources: self.sources.clone(), diagnostics: Vec::new() })
    }

    /// How this lexicon differs from `other`, in words.
    pub fn difference(&self, other: &LexiconState) -> String {
        let names = |s: &LexiconState| s.sources.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join(", ");
        if self.sources.len() != other.sources.len() {
            return format!("files [{}] against [{}]", names(self), names(other));
        }
        for (a, b) in self.sources.iter().zip(&other.sources) {
            if a.name != b.name {
                return format!(
                    "file {:?} against {:?} (reports name the file, so give it the same path everywhere)",
                    a.name, b.name
                );
            }
            if a.sha256 != b.sha256 {
                return format!("{} with SHA-256 {} against {}", a.name, &a.sha256[..12], &b.sha256[..12]);
            }
        }
        format!("the same files ({}) read with other options (e.g. --lexicon-language)", names(self))
    }
}

impl Header {
    /// The header of a partial made by a run with `options`.
    pub fn new(options: &Options, lexicon: &Lexicon, inputs: &[Input]) -> Header {
        Header {
            framelens_partial: FORMAT_VERSION,
            framelens: env!("CARGO_PKG_VERSION").to_string(),
            schema: schema().to_string(),
            part: options.part.map(|s| Part { number: s.number, count: s.count }),
            inputs: inputs.to_vec(),
            settings: Settings::of(options),
            lexicon: LexiconState::of(lexicon),
        }
    }
}

/// The files a partial did not read as articles (counted in `run.json`),
/// and what its inputs held (for the message of a merge that finds no
/// article at all).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredState {
    /// How many.
    pub count: usize,
    /// The first few.
    pub examples: Vec<String>,
    /// Ignored files by extension.
    pub by_extension: std::collections::BTreeMap<String, usize>,
    /// `.txt` files lying directly in a corpus folder, and the first such folder.
    pub loose_articles: (usize, String),
    /// Inputs that held nothing to read, each with why.
    pub empty_inputs: Vec<String>,
}

impl From<&Ignored> for IgnoredState {
    fn from(i: &Ignored) -> Self {
        IgnoredState {
            count: i.count,
            examples: i.examples.clone(),
            by_extension: i.by_extension.clone(),
            loose_articles: i.loose_articles.clone(),
            empty_inputs: i.empty_inputs.clone(),
        }
    }
}

impl From<&IgnoredState> for Ignored {
    fn from(i: &IgnoredState) -> Self {
        Ignored {
            count: i.count,
            examples: i.examples.clone(),
            by_extension: i.by_extension.clone(),
            loose_articles: i.loose_articles.clone(),
            empty_inputs: i.empty_inputs.clone(),
        }
    }
}

/// The last line of a partial.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct End {
    /// Article records.
    pub articles: usize,
    /// Story records.
    pub stories: usize,
    /// Skipped records.
    pub skipped: usize,
    /// File records.
    pub files: usize,
    /// Files that were not articles.
    pub ignored: IgnoredState,
}

/// An article without an event, with its grouping features.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Story {
    /// The article's metadata.
    pub meta: Meta,
    /// Its [`crate::jobs::stories::story_features`].
    pub features: Vec<(u64, u32)>,
}

#[derive(Serialize)]
struct StoryRef<'a> {
    meta: &'a Meta,
    features: &'a [(u64, u32)],
}

/// One line of a partial after the header, for writing.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum RecordRef<'a> {
    Article(&'a ArticleOutput),
    Story(StoryRef<'a>),
    Skipped(&'a Diagnostic),
    File(&'a FileDigest),
    End(&'a End),
}

/// One line of a partial after the header, as read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Record {
    /// An analysed article.
    Article(Box<ArticleOutput>),
    /// An article without an event, for grouping.
    Story(Story),
    /// An article that was skipped.
    Skipped(Diagnostic),
    /// A file read.
    File(FileDigest),
    /// The trailer.
    End(End),
}

/// The key a line of each kind starts with (serde_json writes no spaces).
pub(crate) const STORY_PREFIX: &str = "{\"story\":";
/// The trailer's first characters.
pub(crate) const END_PREFIX: &str = "{\"end\":";
/// An article line's first characters.
pub(crate) const ARTICLE_PREFIX: &str = "{\"article\":";
/// A skipped line's first characters.
pub(crate) const SKIPPED_PREFIX: &str = "{\"skipped\":";
/// A file line's first characters.
pub(crate) const FILE_PREFIX: &str = "{\"file\":";

/// Writes the partial: the report a run has when it emits a partial.
struct PartialSink {
    w: GzEncoder<Box<dyn Write + Send>>,
    path: std::path::PathBuf,
    end: End,
    buf: Vec<u8>,
}

/// Opens `framelens-partial.jsonl` in `out`, writes the header and returns
/// the sink that writes every record after it.
pub(crate) fn sink(
    options: &Options,
    ctx: &Context,
    inputs: &[Input],
    out: &mut dyn Output,
) -> Result<Box<dyn Report>> {
    let header = Header::new(options, ctx.lexicon, inputs);
    let mut sink = PartialSink {
        w: GzEncoder::new(out.create(FILE)?, Compression::new(3)),
        path: out.path(FILE),
        end: End::default(),
        buf: Vec::new(),
    };
    sink.put(&header)?;
    Ok(Box::new(sink))
}

impl PartialSink {
    fn put<T: Serialize>(&mut self, value: &T) -> Result<()> {
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, value).map_err(|e| Error::write(&self.path, std::io::Error::other(e)))?;
        self.buf.push(b'\n');
        self.w.write_all(&self.buf).map_err(|e| Error::write(&self.path, e))
    }
}

impl Report for PartialSink {
    fn article(&mut self, a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        if let Some(features) = &a.story {
            self.put(&RecordRef::Story(StoryRef { meta: &a.meta, features }))?;
            self.end.stories += 1;
        }
        self.put(&RecordRef::Article(a))?;
        self.end.articles += 1;
        Ok(())
    }

    fn skipped(&mut self, d: &Diagnostic) -> Result<()> {
        // JSON has no room for a path that is not UTF-8; the report shows
        // it the same lossy way.
        let mut d = d.clone();
        d.location.path = d.location.path.to_string_lossy().into_owned().into();
        self.put(&RecordRef::Skipped(&d))?;
        self.end.skipped += 1;
        Ok(())
    }

    fn file(&mut self, f: &FileDigest) -> Result<()> {
        self.put(&RecordRef::File(f))?;
        self.end.files += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>, _at: &Finish, _out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        self.end.ignored = (&summary.ignored).into();
        let end = std::mem::take(&mut self.end);
        self.put(&RecordRef::End(&end))?;
        let PartialSink { w, path, .. } = *self;
        w.finish().and_then(|mut inner| inner.flush()).map_err(|e| Error::write(&path, e))?;
        summary.reports.push(path);
        Ok(())
    }
}

/// A digest of the fields of every kind of record this build writes (found
/// by writing one of each, an article with hits, claims, numbers, notes and
/// word counts), so that a build whose records differ refuses the partial
/// instead of misreading it.
pub fn schema() -> &'static str {
    static SCHEMA: OnceLock<String> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let lexicon = sample_lexicon();
        let mut values = Vec::new();
        if let Some(a) = sample(&lexicon) {
            let features = a.story.clone().unwrap_or_default();
            values.push(serde_json::to_value(RecordRef::Article(&a)));
            values.push(serde_json::to_value(RecordRef::Story(StoryRef { meta: &a.meta, features: &features })));
        }
        let d = Diagnostic::new(Location::at("x", 1, 1), Severity::Skipped, "x");
        values.push(serde_json::to_value(RecordRef::Skipped(&d)));
        values.push(serde_json::to_value(RecordRef::File(&("x".into(), "y".into()))));
        let end = End {
            ignored: IgnoredState { count: 1, examples: vec!["x".into()], ..IgnoredState::default() },
            ..End::default()
        };
        values.push(serde_json::to_value(RecordRef::End(&end)));
        let mut keys = BTreeSet::new();
        for v in values.into_iter().flatten() {
            shape(&v, "", &mut keys);
        }
        let all: Vec<String> = keys.into_iter().collect();
        sha256_hex(all.join("\n").as_bytes())[..16].to_string()
    })
}

/// A lexicon of two entries, one with a side, for the sample article (the
/// bundled one would take longer to compile than the sample to analyse).
fn sample_lexicon() -> Lexicon {
    let csv = "term,match,category,axis,side,weight,neutral,language\n\
               regime,stem,label,,,1,government,en\n\
               occupation,stem,loaded,armenia-azerbaijan,azerbaijan,1,control,en\n";
    Lexicon::parse("sample.csv", csv, &crate::lexicon::LoadOptions::default())
}

/// The analysis of a sample article with hits, claims, numbers, notes,
/// word counts and grouping features.
fn sample(lexicon: &Lexicon) -> Option<ArticleOutput> {
    let cues = Cues::builtin();
    let mut ctx = Context::new(lexicon);
    ctx.cues = Some(&cues);
    ctx.keyness = true;
    ctx.story_features = true;
    ctx.keep_body = true;
    let fm = crate::input::article::FrontMatter { language: "en".into(), ..Default::default() };
    let defaults = crate::input::article::Defaults {
        outlet: "sample".into(),
        id: "sample".into(),
        event: None,
        path: "sample.txt".into(),
        line: 1,
    };
    let body = "Officials said 2,000 troops left the zone on 12 December. \"The occupation is over,\" the regime said.\n\n\"Unclosed";
    let article = crate::input::article::build(fm, body.into(), defaults, Location::file("sample.txt")).ok()?;
    Some(analyze_article(&article, &ctx, &mut crate::text::Tokenizer::new()))
}

/// Every key path in `v` (`article.hits[].voice`).
fn shape(v: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                out.insert(path.clone());
                shape(child, &path, out);
            }
        }
        serde_json::Value::Array(items) => {
            for child in items {
                shape(child, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_covers_every_kind_of_record_and_is_stable() {
        let s = schema();
        assert_eq!(s.len(), 16);
        assert_eq!(s, schema());
        // The sample article must exercise the parts whose fields matter.
        let lexicon = sample_lexicon();
        let out = sample(&lexicon).unwrap();
        assert!(out.story.as_ref().is_some_and(|f| !f.is_empty()));
        let mut keys = BTreeSet::new();
        shape(&serde_json::to_value(RecordRef::Article(&out)).unwrap(), "", &mut keys);
        for k in [
            "article.hits[].voice",
            "article.claims[].numbers[].unit",
            "article.notes[].location.path",
            "article.words.items",
            "article.scores.pole_all",
            "article.meta.language_source",
            "article.body",
        ] {
            assert!(keys.contains(k), "{k} missing from {keys:?}");
        }
        // Hit rows leave their article's keys to the article.
        assert!(!keys.contains("article.hits[].outlet"), "{keys:?}");
    }

    #[test]
    fn an_article_reads_back_as_written() {
        let lexicon = sample_lexicon();
        let mut a = sample(&lexicon).unwrap();
        a.meta.event = Some("e".into());
        a.rekey_hits();
        assert!(!a.hits.is_empty() && !a.claims.is_empty() && !a.notes.is_empty() && !a.words.is_empty());
        let line = serde_json::to_string(&RecordRef::Article(&a)).unwrap();
        assert!(line.starts_with(ARTICLE_PREFIX), "{line}");
        let Record::Article(mut back) = serde_json::from_str::<Record>(&line).unwrap() else {
            panic!("not an article")
        };
        back.rekey_hits();
        assert_eq!(serde_json::to_string(&RecordRef::Article(&back)).unwrap(), line);
        assert_eq!(back.scores, a.scores);
        assert_eq!(back.claims, a.claims);
        assert_eq!(back.meta, a.meta);
        let keys = |h: &crate::jobs::analyze::HitRow| (h.event.to_string(), h.outlet.to_string(), h.path.to_string());
        assert_eq!(back.hits.iter().map(keys).collect::<Vec<_>>(), a.hits.iter().map(keys).collect::<Vec<_>>());
        let counts = |v: &ArticleOutput| v.hits.iter().map(|h| format!("{:?}", h.counts)).collect::<Vec<_>>();
        assert_eq!(counts(&back), counts(&a));
    }

    #[test]
    fn lexicon_state_round_trips_and_names_the_difference() {
        let lexicon = Lexicon::builtin();
        let state = LexiconState::of(&lexicon);
        let text = serde_json::to_string(&state).unwrap();
        let back: LexiconState = serde_json::from_str(&text).unwrap();
        let again = back.lexicon().unwrap();
        assert_eq!(again.entries, lexicon.entries);
        assert!(again.entries.iter().zip(&lexicon.entries).all(|(a, b)| (a.source, a.line) == (b.source, b.line)));
        let mut other = lexicon.clone();
        other.sources[1].sha256 = "0123456789abcdef".repeat(4);
        let diff = LexiconState::of(&other).difference(&state);
        assert!(diff.contains("builtin:south-caucasus.csv") && diff.contains("0123456789ab"), "{diff}");
        let mut renamed = lexicon.clone();
        renamed.sources[0].name = "general.csv".into();
        assert!(LexiconState::of(&renamed).difference(&state).contains("same path"));
        let mut damaged = back;
        damaged.entries[0].weight = 9.0;
        assert!(damaged.lexicon().is_err());
    }
}
