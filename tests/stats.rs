//! Research statistics end to end: keyness finds the word one outlet
//! over-uses, bootstrap intervals behave as the arithmetic says they must,
//! reports come out as JSON too, and run.json records what was read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

type Row = HashMap<String, String>;

fn read_csv(path: &Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records().map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(String::from)).collect()).collect()
}

/// A temporary folder, removed when the returned guard is dropped.
fn tmp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::Builder::new().prefix(&format!("framelens-stats-{name}-")).tempdir().unwrap();
    let d = t.path().to_path_buf();
    (t, d)
}

fn run(args: &[&str], corpus: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .arg("analyze")
        .arg(corpus)
        .args(["-q", "--out"])
        .arg(out)
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "{args:?}");
}

/// Five outlets, six articles each, on one event; "capital-daily" writes
/// "regime" in almost every sentence, the others a neutral "government".
fn regime_corpus(root: &Path) {
    let sentences = [
        "The {gov} announced new measures on Tuesday after talks in the capital.",
        "Officials said the {gov} would review the border agreement next month.",
        "Critics of the {gov} gathered outside parliament to demand elections.",
        "The {gov} has not commented on reports of arrests in the north.",
        "Diplomats expect the {gov} to send a delegation to the summit.",
        "Trade between the two countries fell sharply during the dispute.",
        "Farmers in the valley complained about rising fuel prices.",
    ];
    for (o, outlet) in ["capital-daily", "north-post", "river-news", "east-herald", "coast-times"].iter().enumerate() {
        std::fs::create_dir_all(root.join(outlet)).unwrap();
        for a in 0..6 {
            let gov = if o == 0 { "regime" } else { "government" };
            let mut text = format!("---\nevent: summit\ndate: 2024-03-0{}\n---\n", a + 1);
            // Rotate the sentences so that articles differ in order.
            for k in 0..sentences.len() {
                text.push_str(&sentences[(k + a) % sentences.len()].replace("{gov}", gov));
                text.push('\n');
            }
            std::fs::write(root.join(outlet).join(format!("{a}.txt")), text).unwrap();
        }
    }
}

#[test]
fn keyness_finds_the_over_used_word() {
    let (_guard, dir) = tmp("regime");
    regime_corpus(&dir.join("corpus"));
    run(&[], &dir.join("corpus"), &dir.join("out"));
    let rows = read_csv(&dir.join("out/keyness.csv"));
    let top = |outlet: &str, n: usize| -> Vec<Row> {
        let mut v: Vec<Row> =
            rows.iter().filter(|r| r["outlet"] == outlet && r["event"] == "summit").cloned().collect();
        v.sort_by(|a, b| b["z"].parse::<f64>().unwrap().total_cmp(&a["z"].parse::<f64>().unwrap()));
        v.truncate(n);
        v
    };
    let first = &top("capital-daily", 1)[0];
    assert_eq!(first["term"], "regime", "{first:?}");
    assert!(first["z"].parse::<f64>().unwrap() > 3.0, "{first:?}");
    assert_eq!(first["in_lexicon"], "true", "regime is a bundled label");
    for other in ["north-post", "river-news", "east-herald", "coast-times"] {
        assert!(top(other, 20).iter().all(|r| r["term"] != "regime"), "{other} has regime in its top 20");
    }
}

#[test]
fn intervals_bracket_the_estimate_and_collapse_when_articles_agree() {
    let (_guard, dir) = tmp("intervals");
    regime_corpus(&dir.join("corpus"));
    run(&["--bootstrap", "400"], &dir.join("corpus"), &dir.join("out"));
    let outlets = read_csv(&dir.join("out/outlets.csv"));
    let num = |r: &Row, c: &str| r[c].parse::<f64>().unwrap_or_else(|_| panic!("{c} = {:?}", r[c]));
    for r in &outlets {
        assert_eq!(r["articles"], "6");
        // Six articles but under 1,000 words: flagged, intervals still given.
        assert_eq!(r["small_sample"], "true", "{r:?}");
        assert!(r["interval_note"].contains("rough"), "{r:?}");
        let (lo, v, hi) = (num(r, "hits_all_per_1k_low"), num(r, "hits_all_per_1k"), num(r, "hits_all_per_1k_high"));
        assert!(lo <= v && v <= hi, "{lo} {v} {hi}");
    }
    // Every capital-daily article has the same words and the same hits, so
    // each replicate's rate is that rate: the interval has no width.
    let capital = outlets.iter().find(|r| r["outlet"] == "capital-daily" && r["event"] == "*").unwrap();
    let rate = num(capital, "label_all_per_1k");
    assert!(rate > 0.0);
    assert_eq!(num(capital, "label_all_per_1k_low"), rate);
    assert_eq!(num(capital, "label_all_per_1k_high"), rate);
}

#[test]
fn one_article_gets_no_interval() {
    let (_guard, dir) = tmp("single");
    let c = dir.join("corpus/solo");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("a.txt"), "The so-called regime fell. It was a brutal regime.").unwrap();
    run(&[], &dir.join("corpus"), &dir.join("out"));
    let row = read_csv(&dir.join("out/outlets.csv")).remove(0);
    assert_eq!(row["interval_note"], "one article: no interval");
    assert_eq!(row["hits_all_per_1k_low"], "");
    assert_eq!(row["replicates"], "0");
}

#[test]
fn json_and_jsonl_reports_hold_the_same_rows() {
    let (_guard, dir) = tmp("json");
    for (format, sub) in [("csv", "c"), ("json", "j"), ("jsonl", "l")] {
        run(&["--format", format], Path::new("corpus"), &dir.join(sub));
    }
    for report in ["hits", "articles", "outlets", "claims", "coverage"] {
        let csv_rows = read_csv(&dir.join(format!("c/{report}.csv")));
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("j/{report}.json"))).unwrap()).unwrap();
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(dir.join(format!("l/{report}.jsonl")))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(json.as_array().unwrap().len(), csv_rows.len(), "{report}");
        assert_eq!(lines.len(), csv_rows.len(), "{report}");
        assert_eq!(serde_json::Value::Array(lines.clone()), json, "{report}: json and jsonl differ");
        // Same columns, same order.
        let keys: Vec<&String> = lines[0].as_object().unwrap().keys().collect();
        let mut header = csv::Reader::from_path(dir.join(format!("c/{report}.csv"))).unwrap();
        let header: Vec<String> = header.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(keys, header.iter().collect::<Vec<_>>(), "{report}");
    }
    // Numbers are numbers in JSON, text is not neutralised for spreadsheets.
    let first = &serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(dir.join("j/hits.json")).unwrap())
        .unwrap()[0];
    assert!(first["start"].is_u64() && first["weight"].is_number() && first["negated"].is_boolean(), "{first}");
}

#[test]
fn run_manifest_records_inputs_and_settings() {
    let (_guard, dir) = tmp("manifest");
    let lex = dir.join("mine.csv");
    std::fs::write(&lex, "term,match,category\nregime,exact,label\n").unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["analyze", "corpus", "-q", "--seed", "7", "--lexicon"])
        .arg(&lex)
        .arg("--out")
        .arg(dir.join("out"))
        .status()
        .unwrap();
    assert!(status.success());
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/run.json")).unwrap()).unwrap();
    assert_eq!(m["framelens"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["bootstrap"]["seed"], 7);
    assert_eq!(m["corpus"]["files"], 5);
    assert_eq!(m["corpus"]["articles"], 5);
    assert_eq!(m["corpus"]["digest"].as_str().unwrap().len(), 64);
    assert_eq!(m["lexicons"][0]["name"], lex.display().to_string());
    assert_eq!(m["lexicons"][0]["entries"], 1);
    let sha = framelens::digest::sha256_hex(&std::fs::read(&lex).unwrap());
    assert_eq!(m["lexicons"][0]["sha256"], sha);
    assert!(m["command"].as_array().unwrap().iter().any(|a| a == "--seed"));
    // No clock time unless asked (--record-time, SOURCE_DATE_EPOCH): the
    // same input gives the same run.json.
    assert!(m.get("time").is_none() && m.get("threads").is_none(), "{m}");
}

/// With two articles, one replicate in e² ≈ 7 draws neither; such a
/// replicate has no lean and must not pull the interval to 0.
#[test]
fn lean_interval_of_two_articles_stays_on_their_side() {
    let (_guard, dir) = tmp("two");
    let c = dir.join("corpus/ararat");
    std::fs::create_dir_all(&c).unwrap();
    for a in ["a", "b"] {
        std::fs::write(c.join(format!("{a}.txt")), "The blockade of Artsakh goes on in Stepanakert.").unwrap();
    }
    run(&["--bootstrap", "500"], &dir.join("corpus"), &dir.join("out"));
    let row = read_csv(&dir.join("out/outlets.csv")).into_iter().find(|r| r["event"] == "*").unwrap();
    let low: f64 = row["armenia-azerbaijan_lean_narrator_low"].parse().unwrap();
    let lean: f64 = row["armenia-azerbaijan_lean_narrator"].parse().unwrap();
    assert!(lean > 0.0 && low > 0.0, "lean {lean}, low {low}");
}

/// German function words, as a German reader would list them: none may be
/// a key term. (An independent list, so the test does not just repeat the
/// one the code uses.)
const GERMAN_FUNCTION_WORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und", "oder", "aber", "nicht",
    "sich", "auch", "nach", "mit", "von", "für", "auf", "aus", "bei", "zu", "zum", "zur", "im", "in", "an", "am", "es",
    "sie", "er", "wir", "ist", "sind", "war", "waren", "wurde", "wurden", "worden", "hat", "haben", "hatte", "hatten",
    "wird", "werden", "sei", "seit", "mehr", "als", "wie", "so", "dass", "noch", "nur", "schon", "bereits", "sowie",
];

#[test]
fn german_keyness_has_no_stopwords() {
    let (_guard, dir) = tmp("german");
    run(&["--reports", "framing"], Path::new("tests/fixtures/german"), &dir);
    let rows = read_csv(&dir.join("keyness.csv"));
    let outlets: std::collections::BTreeSet<&str> = rows.iter().map(|r| r["outlet"].as_str()).collect();
    assert_eq!(outlets.len(), 2, "both outlets have key terms: {outlets:?}");
    let terms: Vec<&str> = rows.iter().map(|r| r["term"].as_str()).collect();
    assert!(terms.len() >= 8, "{terms:?}");
    let bad: Vec<&&str> = terms.iter().filter(|t| GERMAN_FUNCTION_WORDS.contains(t)).collect();
    assert!(bad.is_empty(), "German stopwords among the key terms: {bad:?} (all: {terms:?})");
}

/// A bootstrap too large for memory is refused up front with what to do,
/// instead of aborting on a failed allocation after reading the corpus.
#[test]
fn huge_bootstrap_is_a_clear_error() {
    let (_guard, dir) = tmp("huge-bootstrap");
    let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(["analyze", "corpus", "-q", "--bootstrap", "100000000000", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--bootstrap 100000000000") && stderr.contains("use at most"), "{stderr}");
    assert!(!dir.join("hits.csv").exists(), "nothing is written");
}
