//! `run.json`: what a run read and how, so that a result can be reproduced
//! and checked: framelens version, command line, lexicon files with their
//! SHA-256, corpus file count and digest, bootstrap seed. It holds no clock
//! time unless asked (`time` and `threads` then describe the run), so the
//! same input gives the same bytes and a committed run.json stays unchanged.

use std::io::Write;

use serde::Serialize;

use super::{Options, Summary};
use crate::choice::Choice;
use crate::digest::sha256_file;
use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::report::Output;

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    framelens: &'static str,
    command: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    threads: Option<usize>,
    inputs: Vec<Input>,
    corpus: Corpus,
    lexicons: Vec<LexiconFile<'a>>,
    cues: String,
    events: &'static str,
    grouped_stories: usize,
    bootstrap: Bootstrap,
    keyness: Keyness,
    report_format: &'static str,
    reports: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Input {
    path: String,
    /// SHA-256 of an export file; empty for folders (see `corpus.digest`) and standard input.
    sha256: String,
}

#[derive(Debug, Serialize)]
struct Corpus {
    files: usize,
    /// SHA-256 over one line `path<TAB>sha256` per file read, in corpus order.
    digest: String,
    articles: usize,
    skipped: usize,
    ignored: usize,
}

#[derive(Debug, Serialize)]
struct LexiconFile<'a> {
    name: &'a str,
    format: crate::lexicon::Format,
    sha256: &'a str,
    entries: usize,
}

#[derive(Debug, Serialize)]
struct Bootstrap {
    replicates: usize,
    seed: u64,
    level: f64,
}

#[derive(Debug, Serialize)]
struct Keyness {
    min_count: u64,
    prior_scale: f64,
}

/// The current time in UTC as ISO 8601, from the system clock.
pub fn utc_now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The time `SOURCE_DATE_EPOCH` (seconds since 1970, as reproducible builds
/// set it) stands for, in UTC as ISO 8601; `None` when it is not a number.
pub fn from_epoch(seconds: &str) -> Option<String> {
    let s: i64 = seconds.trim().parse().ok()?;
    let t = jiff::Timestamp::from_second(s).ok()?;
    Some(t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Writes `run.json` into `out`.
pub fn write(
    out: &mut dyn Output,
    options: &Options,
    lexicon: &Lexicon,
    summary: &Summary,
) -> Result<std::path::PathBuf> {
    let mut inputs = Vec::new();
    for p in &options.inputs {
        // A spooled input (standard input, a pipe) is hashed from its copy;
        // one read only once cannot be read again.
        let source = options.read.source(p);
        let sha = if !options.read.rereadable(p) || source.is_dir() {
            String::new()
        } else {
            sha256_file(&source).map_err(|e| Error::io(p, e))?
        };
        inputs.push(Input { path: p.display().to_string(), sha256: sha });
    }
    let mut counts = vec![0usize; lexicon.sources.len()];
    for e in &lexicon.entries {
        counts[e.source] += 1;
    }
    let manifest = Manifest {
        framelens: env!("CARGO_PKG_VERSION"),
        command: &options.command,
        time: options.time.clone(),
        threads: options.time.as_ref().map(|_| summary.threads),
        inputs,
        corpus: Corpus {
            files: summary.files,
            digest: summary.corpus_digest.clone(),
            articles: summary.articles,
            skipped: summary.skipped,
            ignored: summary.ignored.count,
        },
        lexicons: lexicon
            .sources
            .iter()
            .zip(&counts)
            .map(|(s, &n)| LexiconFile { name: &s.name, format: s.format, sha256: &s.sha256, entries: n })
            .collect(),
        cues: options.cues_name.clone(),
        events: options.read.events.name(),
        grouped_stories: summary.grouped_stories,
        bootstrap: Bootstrap {
            replicates: options.bootstrap.replicates,
            seed: options.bootstrap.seed,
            level: options.bootstrap.level,
        },
        keyness: Keyness { min_count: options.keyness.min_count, prior_scale: options.keyness.prior_scale },
        report_format: options.format.extension(),
        reports: summary
            .reports
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect(),
    };
    let path = out.path("run.json");
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| Error::write(&path, std::io::Error::other(e)))?;
    let mut file = out.create("run.json")?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.flush())
        .map_err(|e| Error::write(&path, e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_is_read_as_utc() {
        assert_eq!(from_epoch("0").as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(from_epoch("1700000000").as_deref(), Some("2023-11-14T22:13:20Z"));
        assert_eq!(from_epoch("soon"), None);
    }

    #[test]
    fn utc_now_is_iso_8601() {
        let t = utc_now();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && &t[4..5] == "-" && &t[10..11] == "T", "{t}");
        assert!(t.as_str() > "2024-01-01", "{t}");
    }
}
