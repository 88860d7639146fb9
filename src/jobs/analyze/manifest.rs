//! `run.json`: what a run read and how, so that a result can be reproduced
//! and checked: framelens version, command line, lexicon files with their
//! SHA-256, corpus file count and digest, threads, bootstrap seed, and the
//! time. Everything but `time` and `threads` is the same for the same input.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::{Options, Summary};
use crate::choice::Choice;
use crate::digest::{Running, sha256_file};
use crate::error::{Error, Result};
use crate::input::FileDigest;
use crate::lexicon::Lexicon;
use crate::report::Output;

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    framelens: &'static str,
    command: &'a [String],
    time: String,
    threads: usize,
    inputs: &'a [Input],
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

/// An input of the run as `run.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// As given.
    pub path: String,
    /// SHA-256 of an export file; empty for folders (see `corpus.digest`),
    /// standard input and exports held in memory.
    pub sha256: String,
}

/// The run's inputs with the digest of each export file.
pub fn inputs(options: &Options) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for p in &options.inputs {
        let sha = if p.as_os_str() == "-" || p.is_dir() {
            String::new()
        } else {
            sha256_file(p).map_err(|e| Error::io(p, e))?
        };
        inputs.push(Input { path: p.display().to_string(), sha256: sha });
    }
    inputs.extend(options.memory.iter().map(|m| Input { path: m.name.clone(), sha256: m.sha256.clone() }));
    Ok(inputs)
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

/// Writes `run.json` into `out`.
pub fn write(
    out: &mut dyn Output,
    options: &Options,
    lexicon: &Lexicon,
    inputs: &[Input],
    files: &[FileDigest],
    summary: &Summary,
) -> Result<std::path::PathBuf> {
    let mut h = Running::default();
    for (path, sha) in files {
        h.line(&format!("{path}\t{sha}"));
    }
    let digest = h.finish();
    let mut counts = vec![0usize; lexicon.sources.len()];
    for e in &lexicon.entries {
        counts[e.source] += 1;
    }
    let manifest = Manifest {
        framelens: env!("CARGO_PKG_VERSION"),
        command: &options.command,
        time: utc_now(),
        threads: summary.threads,
        inputs,
        corpus: Corpus {
            files: files.len(),
            digest,
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
    fn utc_now_is_iso_8601() {
        let t = utc_now();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && &t[4..5] == "-" && &t[10..11] == "T", "{t}");
        assert!(t.as_str() > "2024-01-01", "{t}");
    }
}
