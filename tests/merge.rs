//! Partial results and `framelens merge` (see tests/fixtures/merge/EXPECTED.md):
//! a corpus cut into 1, 2 and 7 parts, each analysed with `--emit partial
//! --shard K/N` and merged in any order, gives byte for byte the reports of
//! one run (claims, intervals and automatic stories included); partials made
//! over different inputs merge like one run over all of them; and partials
//! that do not belong together are refused with a message naming them. The
//! bundled corpus and the refusals go through the command; the larger
//! corpora through the library in this process (the same jobs, without
//! starting and loading the lexicon for each of their dozens of runs).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use framelens::input::{EventSource, Shard};
use framelens::jobs::analyze::{self, Emit, Options};
use framelens::jobs::merge::{self, MergeOptions, PartialInput};
use framelens::jobs::partial;
use framelens::jobs::pipeline::Workers;
use framelens::lexicon::Lexicon;
use framelens::report::MemOutput;

const BIN: &str = env!("CARGO_BIN_EXE_framelens");
const FIXTURES: &str = "tests/fixtures/merge";

/// Runs framelens; returns the exit code and standard error.
fn framelens(args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Runs framelens and insists on exit code 0 or 1 (done, some skipped).
fn run_ok(args: &[&str]) -> i32 {
    let (code, err) = framelens(args);
    assert!(code == 0 || code == 1, "framelens {args:?} failed ({code}): {err}");
    code
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every report file of `dir`, with run.json's run-specific fields masked.
fn reports(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut bytes = std::fs::read(&path).unwrap();
        if name == "run.json" {
            let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            for field in ["time", "threads", "command"] {
                v[field] = serde_json::Value::Null;
            }
            bytes = serde_json::to_vec_pretty(&v).unwrap();
        }
        out.insert(name, bytes);
    }
    out
}

fn assert_same_reports(single: &Path, merged: &Path, label: &str) {
    let (a, b) = (reports(single), reports(merged));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{label}: different report files");
    for (name, bytes) in &a {
        if bytes != &b[name] {
            let (x, y) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(&b[name]));
            let line = x.lines().zip(y.lines()).position(|(p, q)| p != q).map_or(0, |l| l + 1);
            panic!("{label}: {name} differs from the single run (first different line {line})");
        }
    }
}

/// Analyses `inputs` in `n` parts and merges them (parts given in reverse
/// order, so the merge never sees the corpus order); returns the reports folder.
fn split_and_merge(tmp: &Path, label: &str, inputs: &[&str], extra: &[&str], n: usize) -> PathBuf {
    let mut parts = Vec::new();
    for k in 1..=n {
        let dir = tmp.join(format!("{label}-part-{k}-of-{n}"));
        let shard = format!("{k}/{n}");
        let mut args = vec!["analyze", "-q", "--emit", "partial", "--shard", &shard, "--out", s(&dir)];
        args.extend(inputs);
        args.extend(extra);
        run_ok(&args);
        parts.push(dir);
    }
    let merged = tmp.join(format!("{label}-merged-{n}"));
    let mut args = vec!["merge", "-q", "--out", s(&merged)];
    args.extend(parts.iter().rev().map(|p| s(p)));
    run_ok(&args);
    merged
}

fn single(tmp: &Path, label: &str, inputs: &[&str], extra: &[&str]) -> (PathBuf, i32) {
    let out = tmp.join(format!("{label}-single"));
    let mut args = vec!["analyze", "-q", "--out", s(&out)];
    args.extend(inputs);
    args.extend(extra);
    let code = run_ok(&args);
    (out, code)
}

fn check_splits(tmp: &Path, label: &str, inputs: &[&str], extra: &[&str]) {
    let (one, _) = single(tmp, label, inputs, extra);
    for n in [1, 2, 7] {
        let merged = split_and_merge(tmp, label, inputs, extra, n);
        assert_same_reports(&one, &merged, &format!("{label}, {n} part(s)"));
    }
}

/// The body of a corpus file (after its front matter).
fn body(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    match text.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")) {
        Some((_, body)) => body.to_string(),
        None => text.to_string(),
    }
}

fn txt_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            txt_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

/// A generated Media Cloud-style corpus without events: every fixture
/// article as carried by three invented outlets, two of them rewording it
/// (a sentence left out, a reporting verb changed, a number changed), some
/// rows without an id, and one row without text. Written as JSON Lines and
/// as CSV; returns both paths.
fn generated_exports(dir: &Path) -> (PathBuf, PathBuf) {
    let mut files = Vec::new();
    txt_files(Path::new(FIXTURES), &mut files);
    // Every other article keeps the test quick; all three events stay in.
    let files: Vec<PathBuf> = files.into_iter().step_by(2).collect();
    let outlets = ["Lakeview Wire", "Northgate Post", "Delta Courier"];
    let mut rows: Vec<serde_json::Value> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let text = body(f);
        let title = f.file_stem().unwrap().to_string_lossy().replace('_', " ");
        for (k, outlet) in outlets.iter().enumerate() {
            let version = match k {
                0 => text.clone(),
                1 => {
                    let paras: Vec<&str> = text.split("\n\n").collect();
                    let keep: Vec<&str> = paras.iter().enumerate().filter(|(j, _)| *j != 1).map(|(_, p)| *p).collect();
                    keep.join("\n\n").replace(" said", " claimed")
                }
                _ => text.replace('4', "5").replace("officials", "the authorities"),
            };
            let mut row = serde_json::json!({
                "title": title,
                "media_name": outlet,
                "publish_date": format!("2024-0{}-1{} 08:00:00", 1 + i % 9, k),
                "url": format!("https://example.org/{i}/{k}"),
                "text": version,
            });
            if (i + k) % 3 != 0 {
                row["stories_id"] = serde_json::json!(1000 + i * 10 + k);
            }
            rows.push(row);
        }
    }
    rows.insert(7, serde_json::json!({"title": "Empty", "media_name": "Delta Courier", "text": "  "}));
    let jsonl = dir.join("generated.jsonl");
    let mut w = std::fs::File::create(&jsonl).unwrap();
    for r in &rows {
        writeln!(w, "{}", serde_json::to_string(r).unwrap()).unwrap();
    }
    let csv_path = dir.join("generated.csv");
    let mut w = csv::Writer::from_path(&csv_path).unwrap();
    let cols = ["stories_id", "publish_date", "title", "url", "media_name", "text"];
    w.write_record(cols).unwrap();
    for r in &rows {
        let cell = |c: &str| match &r[c] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            v => v.to_string(),
        };
        w.write_record(cols.iter().map(|c| cell(c))).unwrap();
    }
    w.flush().unwrap();
    (jsonl, csv_path)
}

#[test]
fn bundled_corpus_in_1_2_and_7_parts_merges_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    check_splits(tmp.path(), "bundled", &["corpus"], &[]);
}

/// The lexicon every in-process run shares (loading and checking it once).
fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::builtin)
}

/// One run in this process: the report files (run.json masked), or the
/// partial's bytes when `part` is given, with the number of skipped articles.
fn run_here(inputs: &[&Path], tune: &dyn Fn(&mut Options), part: Option<Shard>) -> (BTreeMap<String, Vec<u8>>, usize) {
    let mut options = Options::new(inputs.iter().map(|p| p.to_path_buf()).collect(), PathBuf::from("reports"));
    tune(&mut options);
    if let Some(shard) = part {
        options.emit = Emit::Partial;
        options.read.shard = Some(shard);
        options.part = Some(shard);
    }
    let workers = Workers::new(Some(2)).unwrap();
    let mut out = MemOutput::default();
    let summary = analyze::run_into(&options, lexicon(), &workers, &mut out).unwrap();
    (out.files(), summary.skipped)
}

fn masked_files(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|(name, bytes)| {
            if name != "run.json" {
                return (name, bytes);
            }
            let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            for field in ["time", "threads", "command"] {
                v[field] = serde_json::Value::Null;
            }
            (name, serde_json::to_vec_pretty(&v).unwrap())
        })
        .collect()
}

fn assert_same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, label: &str) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{label}: different report files");
    for (name, bytes) in a {
        if bytes != &b[name] {
            let (x, y) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(&b[name]));
            let line = x.lines().zip(y.lines()).position(|(p, q)| p != q).map_or(0, |l| l + 1);
            panic!("{label}: {name} differs from the single run (first different line {line})");
        }
    }
}

/// The single run's reports and skipped count, checked against the merge
/// of the same inputs cut into 1, 2 and 7 parts (merged in reverse order).
fn check_splits_here(label: &str, inputs: &[&Path], tune: &dyn Fn(&mut Options)) -> (BTreeMap<String, Vec<u8>>, usize) {
    let (single, skipped) = run_here(inputs, tune, None);
    let single = masked_files(single);
    for n in [1, 2, 7] {
        let mut parts = Vec::new();
        for k in 1..=n {
            let (files, _) = run_here(inputs, tune, Some(Shard::new(k, n).unwrap()));
            let bytes = files.get(partial::FILE).unwrap().clone();
            parts.push(PartialInput::Memory { name: format!("{label} {k}/{n}"), bytes: bytes.into() });
        }
        parts.reverse();
        let options = MergeOptions { threads: Some(2), ..MergeOptions::new(parts, PathBuf::from("reports")) };
        let mut out = MemOutput::default();
        let summary = merge::run_into(&options, &Workers::new(Some(2)).unwrap(), &mut out).unwrap();
        assert_eq!(summary.skipped, skipped, "{label}: skipped articles");
        assert_same_files(&single, &masked_files(out.files()), &format!("{label}, {n} part(s)"));
    }
    (single, skipped)
}

#[test]
fn fixture_folders_merge_byte_for_byte_with_claims_and_intervals() {
    let framing = Path::new(FIXTURES).join("framing");
    let (single, _) = check_splits_here("framing", &[&framing], &|o| o.bootstrap.replicates = 200);
    // Several outlets have intervals, and the claim reports have rows: the
    // test compares more than headers.
    let mut outlets = csv::Reader::from_reader(&single["outlets.csv"][..]);
    let header = outlets.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (replicates, low) = (col("replicates"), col("hits_all_per_1k_low"));
    let with_intervals =
        outlets.records().map(|r| r.unwrap()).filter(|r| &r[replicates] == "200" && !r[low].is_empty()).count();
    assert!(with_intervals > 5, "only {with_intervals} outlets with bootstrap intervals");
    // The page and the workbook are among the files compared.
    assert!(single.contains_key("report.html") && single.contains_key("framelens.xlsx"));
    for report in ["claims.csv", "coverage.csv", "differences.csv", "keyness.csv"] {
        let rows = single[report].iter().filter(|&&b| b == b'\n').count();
        assert!(rows > 10, "{report} has only {rows} lines");
    }
}

#[test]
fn stories_found_across_parts_as_one_run_finds_them() {
    // Folder articles without an event (--events auto) and generated exports
    // without an event column: stories span the parts, so they are found at
    // merge time.
    let strike = Path::new(FIXTURES).join("strike");
    // The workbook is made from the same tables as the CSV files (its
    // equality is checked on the framing corpus and the bundled one); left
    // out here, where it would take most of the time of a debug build.
    let (single, _) = check_splits_here("strike", &[&strike], &|o| {
        o.read.events = EventSource::Auto;
        o.bootstrap.replicates = 100;
        o.workbook = false;
    });
    assert!(single.contains_key("events.csv"));
    let tmp = tempfile::tempdir().unwrap();
    let (jsonl, csv) = generated_exports(tmp.path());
    let (single, skipped) = check_splits_here("generated", &[&jsonl, &csv], &|o| {
        o.bootstrap.replicates = 100;
        o.workbook = false;
    });
    assert!(single.contains_key("report.html") && !single.contains_key("framelens.xlsx"));
    assert_eq!(skipped, 2, "the row without text, in both exports");
    let events = String::from_utf8_lossy(&single["events.csv"]).into_owned();
    assert!(events.lines().count() > 5, "too few stories were found:\n{events}");
    let problems = String::from_utf8_lossy(&single["problems.csv"]).into_owned();
    assert!(problems.contains("generated.jsonl,8,") && problems.contains("generated.csv,"), "{problems}");
}

#[test]
fn partials_of_different_inputs_merge_like_one_run_over_all() {
    let tmp = tempfile::tempdir().unwrap();
    let (jsonl, _) = generated_exports(tmp.path());
    let framing = Path::new(FIXTURES).join("framing");
    let no_workbook = |o: &mut Options| o.workbook = false;
    let (single, _) = run_here(&[&framing, &jsonl], &no_workbook, None);
    let mut parts = Vec::new();
    for (name, input) in [("framing", &framing), ("export", &jsonl)] {
        let mut options = Options::new(vec![input.clone()], PathBuf::from("unused"));
        no_workbook(&mut options);
        options.emit = Emit::Partial;
        let mut out = MemOutput::default();
        analyze::run_into(&options, lexicon(), &Workers::new(Some(2)).unwrap(), &mut out).unwrap();
        let bytes = out.files().remove(partial::FILE).unwrap();
        parts.push(PartialInput::Memory { name: name.into(), bytes: bytes.into() });
    }
    let options = MergeOptions::new(parts, PathBuf::from("reports"));
    let mut out = MemOutput::default();
    merge::run_into(&options, &Workers::new(None).unwrap(), &mut out).unwrap();
    assert_same_files(&masked_files(single), &masked_files(out.files()), "two inputs, one partial each");
}

/// The header (first line) of a partial, and the rest, uncompressed.
fn unpack(partial: &Path) -> (String, String) {
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(partial).unwrap()).read_to_string(&mut text).unwrap();
    let (head, rest) = text.split_once('\n').unwrap();
    (head.to_string(), rest.to_string())
}

fn pack(partial: &Path, text: &str) {
    let mut w = flate2::write::GzEncoder::new(std::fs::File::create(partial).unwrap(), flate2::Compression::fast());
    w.write_all(text.as_bytes()).unwrap();
    w.finish().unwrap();
}

#[test]
fn partials_that_do_not_belong_together_are_refused_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let part = |name: &str, extra: &[&str]| {
        let dir = t.join(name);
        let mut args = vec!["analyze", "-q", "--emit", "partial", "--out", s(&dir), "corpus"];
        args.extend(extra);
        run_ok(&args);
        dir
    };
    let p1 = part("p1", &["--shard", "1/3"]);
    let p2 = part("p2", &["--shard", "2/3"]);
    let p3 = part("p3", &["--shard", "3/3"]);
    let merge = |parts: &[&Path]| {
        let out = t.join("out");
        let mut args = vec!["merge", "-q", "--out", s(&out)];
        args.extend(parts.iter().map(|p| s(p)));
        framelens(&args)
    };
    let refused = |parts: &[&Path], wants: &[&str]| {
        let (code, err) = merge(parts);
        assert_eq!(code, 2, "merge of {parts:?} should fail: {err}");
        for w in wants {
            assert!(err.contains(w), "{w:?} not in: {err}");
        }
    };
    // A part missing, or given twice.
    refused(&[&p1, &p3], &["part 2/3", "missing"]);
    refused(&[&p1, &p2, &p3, &p2], &["p2", "part 2/3", "once"]);
    // Another lexicon: the message names both partials and the file.
    let lex = t.join("small.csv");
    std::fs::write(&lex, "term,match,category\nregime,exact,loaded\n").unwrap();
    let other_lexicon = part("lex2", &["--shard", "2/3", "--lexicon", s(&lex)]);
    refused(&[&p1, &other_lexicon, &p3], &["lex2", "p1", "another lexicon", "small.csv"]);
    // Another seed: the setting is named.
    let other_seed = part("seed2", &["--shard", "2/3", "--seed", "2"]);
    refused(&[&p1, &other_seed, &p3], &["seed2", "other settings", "bootstrap_seed"]);
    // Another version of framelens, and a partial whose run died.
    let file = p2.join("framelens-partial.jsonl.gz");
    let (head, rest) = unpack(&file);
    let old = t.join("old");
    std::fs::create_dir_all(&old).unwrap();
    let version = format!("\"framelens\":\"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(head.contains(&version), "{head}");
    pack(
        &old.join("framelens-partial.jsonl.gz"),
        &format!("{}\n{rest}", head.replace(&version, "\"framelens\":\"0.0.1\"")),
    );
    refused(&[&p1, &old, &p3], &["old", "framelens 0.0.1", env!("CARGO_PKG_VERSION")]);
    let cut = t.join("cut");
    std::fs::create_dir_all(&cut).unwrap();
    let (head, rest) = unpack(&p3.join("framelens-partial.jsonl.gz"));
    let lines: Vec<&str> = rest.lines().collect();
    assert!(lines.len() > 2, "part 3 of the bundled corpus holds no article");
    pack(&cut.join("framelens-partial.jsonl.gz"), &format!("{head}\n{}\n", lines[..lines.len() - 1].join("\n")));
    refused(&[&p1, &p2, &cut], &["cut", "did not finish"]);
    // Not a partial at all.
    refused(&[&p1, Path::new("corpus"), &p3], &["corpus", "framelens-partial.jsonl.gz"]);
    // And the three right ones merge.
    let (code, err) = merge(&[&p3, &p2, &p1]);
    assert_eq!(code, 0, "{err}");
}
