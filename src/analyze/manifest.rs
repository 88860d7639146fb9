//! `run.json`: what a run read and how, so that a result can be reproduced
//! and checked: framelens version, command line, lexicon files with their
//! SHA-256, corpus file count and digest, threads, bootstrap seed, and the
//! time. Everything but `time` and `threads` is the same for the same input.

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::corpus::FileDigest;
use crate::error::{Error, Result};
use crate::lexicon::Lexicon;

use super::{Options, Summary};

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    framelens: &'static str,
    command: &'a [String],
    time: String,
    threads: usize,
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

fn hash_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The current time in UTC as ISO 8601, from the system clock.
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

pub fn write(
    out: &Path,
    options: &Options,
    lexicon: &Lexicon,
    files: &[FileDigest],
    summary: &Summary,
) -> Result<std::path::PathBuf> {
    let mut inputs = Vec::new();
    for p in &options.inputs {
        let sha = if p.as_os_str() == "-" || p.is_dir() { String::new() } else { hash_file(p)? };
        inputs.push(Input { path: p.display().to_string(), sha256: sha });
    }
    let mut h = Sha256::new();
    for (path, sha) in files {
        h.update(format!("{path}\t{sha}\n").as_bytes());
    }
    let digest: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
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
        events: match options.read.events {
            crate::corpus::EventSource::Folder => "folder",
            crate::corpus::EventSource::Auto => "auto",
        },
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
    let path = out.join("run.json");
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
    std::fs::write(&path, text + "\n").map_err(|e| Error::io(&path, e))?;
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
