//! The native part of the `framelens` Python package (`framelens._native`):
//! a thin layer over the library's jobs. Rows come in as JSON Lines bytes
//! (the Python side turns DataFrames and records into them), settings as a
//! JSON object, lexicon and cue files as (name, bytes); the reports come back
//! as file name → bytes, exactly the files `framelens analyze` writes. The
//! GIL is released while the analysis runs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use framelens::choice::Choice;
use framelens::claims::Cues;
use framelens::error::Severity;
use framelens::input::{Columns, EventSource, Fallback, InputFormat, MemoryInput, ReadOptions, Shard};
use framelens::jobs::analyze::{self, Emit, Keyness, Options, PageLimits, ReportSet, Summary};
use framelens::jobs::merge::{self, MergeOptions, PartialInput};
use framelens::jobs::partial;
use framelens::jobs::pipeline::Workers;
use framelens::lang::Lang;
use framelens::lexicon::{Lexicon, LoadOptions};
use framelens::report::{MemOutput, ReportFormat};
use framelens::score::measures::Bootstrap;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyBytes;
use serde::Deserialize;

/// Settings from Python, as the command line's options are named.
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Settings {
    columns: BTreeMap<String, String>,
    events: String,
    reports: String,
    format: String,
    bootstrap: usize,
    seed: u64,
    keyness_min_count: u64,
    keyness_prior: f64,
    threads: Option<usize>,
    lexicon_language: String,
    input_format: String,
    fallback_encoding: String,
    shard: Option<(usize, usize)>,
    command: Vec<String>,
    source_sha256: String,
    page: bool,
    page_articles: usize,
    workbook: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            columns: BTreeMap::new(),
            events: "folder".into(),
            reports: "all".into(),
            format: "csv".into(),
            bootstrap: 1000,
            seed: 1,
            keyness_min_count: 3,
            keyness_prior: 0.1,
            threads: None,
            lexicon_language: "en".into(),
            input_format: "auto".into(),
            fallback_encoding: "none".into(),
            shard: None,
            command: Vec::new(),
            source_sha256: String::new(),
            page: true,
            page_articles: PageLimits::default().articles_per_outlet,
            workbook: true,
        }
    }
}

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn named<T: Choice>(what: &str, name: &str) -> PyResult<T> {
    T::from_name(name).ok_or_else(|| value_error(format!("unknown {what} {name:?}; use one of {}", T::names())))
}

impl Settings {
    fn parse(json: &str) -> PyResult<Settings> {
        serde_json::from_str(json).map_err(|e| value_error(format!("bad settings: {e}")))
    }

    fn options(&self) -> PyResult<Options> {
        let mut o = Options::new(Vec::new(), PathBuf::from("reports"));
        let column = |k: &str| self.columns.get(k).cloned();
        for k in self.columns.keys() {
            if !["text", "title", "outlet", "date", "url", "language", "id", "event"].contains(&k.as_str()) {
                return Err(value_error(format!("unknown column role {k:?}")));
            }
        }
        let fallback = Fallback::from_label(&self.fallback_encoding)
            .ok_or_else(|| value_error(format!("unknown encoding {:?}", self.fallback_encoding)))?;
        o.read = ReadOptions {
            format: named::<InputFormat>("input format", &self.input_format)?,
            fallback,
            columns: Columns {
                text: column("text"),
                title: column("title"),
                outlet: column("outlet"),
                date: column("date"),
                url: column("url"),
                language: column("language"),
                id: column("id"),
                event: column("event"),
            },
            events: named::<EventSource>("events", &self.events)?,
            ..ReadOptions::default()
        };
        o.reports = named::<ReportSet>("reports", &self.reports)?;
        o.format = named::<ReportFormat>("format", &self.format)?;
        o.threads = self.threads;
        o.bootstrap = Bootstrap { replicates: self.bootstrap, seed: self.seed, ..Bootstrap::default() };
        if !(self.keyness_prior.is_finite() && self.keyness_prior > 0.0) {
            return Err(value_error("keyness_prior must be a positive number"));
        }
        o.keyness =
            Keyness { min_count: self.keyness_min_count, prior_scale: self.keyness_prior, ..Keyness::default() };
        o.command = self.command.clone();
        // The same page and workbook as the command line's, with the same
        // options (--no-page, --page-articles, --no-workbook).
        o.page = self.page;
        let shown = PageLimits::default();
        o.page_limits = PageLimits {
            articles_per_outlet: self.page_articles,
            articles: shown.articles.max(self.page_articles.saturating_mul(6)),
            ..shown
        };
        o.workbook = self.workbook && o.workbook;
        Ok(o)
    }

    fn lexicon(&self, files: Vec<(String, Option<PyBackedBytes>)>) -> PyResult<Lexicon> {
        let language: Lang = self.lexicon_language.parse().map_err(value_error)?;
        let load = LoadOptions { format: None, language, ..LoadOptions::default() };
        if files.is_empty() {
            return Ok(Lexicon::builtin());
        }
        let mut lexicon = Lexicon::default();
        for (name, bytes) in files {
            match bytes {
                None if name == framelens::lexicon::BUILTIN_NAME => lexicon.merge(Lexicon::builtin()),
                None => lexicon.merge(Lexicon::load(std::path::Path::new(&name), &load)),
                Some(b) => lexicon.merge(Lexicon::from_bytes(&name, b.to_vec(), &load)),
            }
        }
        if lexicon.has_errors() {
            let errors: Vec<String> = lexicon
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .take(20)
                .map(|d| d.to_string())
                .collect();
            return Err(value_error(format!("the lexicon cannot be used:\n{}", errors.join("\n"))));
        }
        Ok(lexicon)
    }
}

fn cues_into(options: &mut Options, cues: Option<(String, PyBackedBytes)>) -> PyResult<()> {
    if let Some((name, bytes)) = cues {
        let text = std::str::from_utf8(&bytes).map_err(|_| value_error(format!("{name}: not UTF-8")))?;
        let (cues, diags) = Cues::parse(&name, text);
        if !diags.is_empty() {
            let lines: Vec<String> = diags.iter().take(20).map(|d| d.to_string()).collect();
            return Err(value_error(format!("the cue list cannot be used:\n{}", lines.join("\n"))));
        }
        options.cues = cues;
        options.cues_name = name;
    }
    Ok(())
}

/// The summary of a run as JSON, for Python.
fn summary_json(s: &Summary) -> String {
    let diagnostics: Vec<serde_json::Value> = s
        .diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "path": d.location.path.to_string_lossy(),
                "line": d.location.line,
                "severity": d.severity.to_string(),
                "message": d.message,
            })
        })
        .collect();
    serde_json::json!({
        "articles": s.articles,
        "skipped": s.skipped,
        "outlets": s.outlets,
        "events": s.events,
        "words": s.words,
        "hits": s.hits,
        "grouped_stories": s.grouped_stories,
        "clusters": s.clusters,
        "threads": s.threads,
        "ignored": s.ignored.count,
        "diagnostics": diagnostics,
    })
    .to_string()
}

type Files = BTreeMap<String, Py<PyBytes>>;

fn files_of(py: Python<'_>, out: &MemOutput) -> Files {
    out.files().into_iter().map(|(name, bytes)| (name, PyBytes::new(py, &bytes).unbind())).collect()
}

fn run_analysis(py: Python<'_>, options: &Options, lexicon: &Lexicon) -> PyResult<(Files, String)> {
    let mut out = MemOutput::default();
    let summary = py
        .detach(|| {
            let workers = Workers::new(options.threads)?;
            analyze::run_into(options, lexicon, &workers, &mut out)
        })
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok((files_of(py, &out), summary_json(&summary)))
}

/// What a run reads: the files given as `paths`, then the rows given as
/// JSON Lines (named `source`, numbered from `first_line`).
fn inputs_into(
    options: &mut Options,
    settings: &Settings,
    jsonl: Option<PyBackedBytes>,
    source: String,
    first_line: usize,
    paths: &[String],
) {
    options.inputs = paths.iter().map(PathBuf::from).collect();
    if let Some(rows) = jsonl {
        options.memory = vec![MemoryInput {
            name: source,
            first_line,
            jsonl: Arc::from(&rows[..]),
            sha256: settings.source_sha256.clone(),
        }];
    }
}

/// Analyses rows given as JSON Lines (`source` names them in the reports,
/// numbered from `first_line`) and, when `paths` is not empty, files like
/// the command line's inputs. Returns (report files, summary JSON).
#[pyfunction]
#[pyo3(name = "analyze", signature = (jsonl, source, first_line, settings, lexicons, cues=None, paths=Vec::new()))]
#[allow(clippy::too_many_arguments)]
fn analyze_rows(
    py: Python<'_>,
    jsonl: Option<PyBackedBytes>,
    source: String,
    first_line: usize,
    settings: &str,
    lexicons: Vec<(String, Option<PyBackedBytes>)>,
    cues: Option<(String, PyBackedBytes)>,
    paths: Vec<String>,
) -> PyResult<(Files, String)> {
    let settings = Settings::parse(settings)?;
    let mut options = settings.options()?;
    inputs_into(&mut options, &settings, jsonl, source, first_line, &paths);
    cues_into(&mut options, cues)?;
    let lexicon = settings.lexicon(lexicons)?;
    run_analysis(py, &options, &lexicon)
}

/// Like [`analyze_rows`], but writes a partial result (part `part` = (k, n) of
/// the whole, or the whole) and returns its bytes with the summary JSON.
#[pyfunction]
#[pyo3(name = "partial", signature = (jsonl, source, first_line, settings, lexicons, cues=None, paths=Vec::new(), part=None))]
#[allow(clippy::too_many_arguments)]
fn partial_rows(
    py: Python<'_>,
    jsonl: Option<PyBackedBytes>,
    source: String,
    first_line: usize,
    settings: &str,
    lexicons: Vec<(String, Option<PyBackedBytes>)>,
    cues: Option<(String, PyBackedBytes)>,
    paths: Vec<String>,
    part: Option<(usize, usize)>,
) -> PyResult<(Py<PyBytes>, String)> {
    let settings = Settings::parse(settings)?;
    let mut options = settings.options()?;
    options.emit = Emit::Partial;
    inputs_into(&mut options, &settings, jsonl, source, first_line, &paths);
    if let Some((k, n)) = settings.shard {
        // Cut the files given as paths, as `--shard K/N` does.
        let shard = Shard::new(k, n).map_err(value_error)?;
        options.read.shard = Some(shard);
        options.part = Some(shard);
    }
    if let Some((k, n)) = part {
        options.part = Some(Shard::new(k, n).map_err(value_error)?);
    }
    cues_into(&mut options, cues)?;
    let lexicon = settings.lexicon(lexicons)?;
    let (mut files, summary) = run_analysis(py, &options, &lexicon)?;
    let bytes = files.remove(partial::FILE).ok_or_else(|| PyRuntimeError::new_err("no partial was written"))?;
    Ok((bytes, summary))
}

/// Merges partials (bytes, each with a name for messages, or paths of
/// partial folders and files). Returns (report files, summary JSON); with
/// `out`, the reports are written into that folder as `framelens merge
/// --out` writes them (swapped in whole; `force` as `--force`), and no file
/// is returned: the reports of a large corpus need not fit in memory.
#[pyfunction]
#[pyo3(name = "merge", signature = (blobs, paths, threads=None, command=Vec::new(), out=None, force=false))]
#[allow(clippy::too_many_arguments)]
fn merge_partials(
    py: Python<'_>,
    blobs: Vec<(String, PyBackedBytes)>,
    paths: Vec<String>,
    threads: Option<usize>,
    command: Vec<String>,
    out: Option<String>,
    force: bool,
) -> PyResult<(Files, String)> {
    let mut partials: Vec<PartialInput> =
        blobs.into_iter().map(|(name, bytes)| PartialInput::Memory { name, bytes: Arc::from(&bytes[..]) }).collect();
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    if !paths.is_empty() {
        partials.extend(merge::find_partials(&paths).map_err(value_error)?);
    }
    let folder = out.map(PathBuf::from);
    let options = MergeOptions {
        threads,
        command,
        force,
        ..MergeOptions::new(partials, folder.clone().unwrap_or_else(|| PathBuf::from("reports")))
    };
    if folder.is_some() {
        let summary = py.detach(|| merge::run(&options)).map_err(|e| PyValueError::new_err(e.to_string()))?;
        return Ok((Files::new(), summary_json(&summary)));
    }
    let mut out = MemOutput::default();
    let summary = py
        .detach(|| {
            let workers = Workers::new(options.threads)?;
            merge::run_into(&options, &workers, &mut out)
        })
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok((files_of(py, &out), summary_json(&summary)))
}

/// The version of the framelens library inside.
#[pyfunction]
fn version() -> &'static str {
    framelens::VERSION
}

/// The column names each field is looked for under: {role: [names]}.
#[pyfunction]
fn known_columns() -> BTreeMap<&'static str, Vec<&'static str>> {
    framelens::input::KNOWN_COLUMNS.iter().map(|(role, names)| (*role, names.to_vec())).collect()
}

/// The file name of a partial inside its folder.
#[pyfunction]
fn partial_file_name() -> &'static str {
    partial::FILE
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze_rows, m)?)?;
    m.add_function(wrap_pyfunction!(partial_rows, m)?)?;
    m.add_function(wrap_pyfunction!(merge_partials, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(partial_file_name, m)?)?;
    m.add_function(wrap_pyfunction!(known_columns, m)?)?;
    Ok(())
}
