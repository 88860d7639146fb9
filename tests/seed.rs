//! The bundled example is the real seed article (24Pal News, January 2023).
//! These tests pin what a teacher must see on it with no flags: the
//! narrator's one-sided terms tagged on the Azerbaijani side in the narrator's
//! voice, the politicians' words as quotes, "number one ally" as a scare
//! quote, and nothing quoted counted in the narrator's lean.

use std::path::Path;
use std::process::Command;

use framelens::lang::Lang;
use framelens::text::Tokenizer;
use framelens::text::voice::Voice;

const SEED_IN_CORPUS: &str = "corpus/24pal-news/000_30123fbda8decd7b.txt";
const SHARED_SEED: &str = "../shared/seed/000_30123fbda8decd7b.txt";

fn seed_body() -> String {
    let text = std::fs::read_to_string(SEED_IN_CORPUS).unwrap();
    let (_, body_start, _, _) =
        framelens::input::article::split_front_matter(&text, Path::new(SEED_IN_CORPUS)).unwrap();
    text[body_start..].to_string()
}

/// SHA-256 of the seed article as published in `../shared/seed/`.
const SEED_SHA256: &str = "a410787c4d4aea3dcbebca73199d0e92c22c0f0d66b9f8ddc1810933af0a61fc";

#[test]
fn corpus_copy_of_the_seed_is_byte_identical() {
    // The digest pins the seed whether or not the shared folder is there (a
    // clean clone has no `../shared`); when it is, the files are compared too.
    let body = seed_body();
    assert_eq!(framelens::digest::sha256_hex(body.as_bytes()), SEED_SHA256, "the corpus copy's body must be the seed");
    if let Ok(seed) = std::fs::read_to_string(SHARED_SEED) {
        assert_eq!(body, seed, "the corpus copy's body must equal the seed byte for byte");
    }
}

/// Voice of the words of `needle` (the first occurrence) in the seed.
fn voices(needle: &str) -> Vec<Voice> {
    let body = seed_body();
    let start = body.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the seed"));
    let end = start + needle.len();
    let tokens = Tokenizer::new().tokenize(&body, Lang::EN);
    tokens.tokens.iter().filter(|t| t.start >= start && t.end <= end).map(|t| t.voice).collect()
}

#[test]
fn quotes_and_scare_quotes_in_the_seed() {
    let cases = [
        ("These exercises will not take place", Voice::Quote),
        ("Armenia does not consider it expedient to hold CSTO exercises", Voice::Quote),
        ("Armenia was expecting concrete action from its Russian partners", Voice::Quote),
        ("a fairly new statement", Voice::Quote),
        ("In any case, Armenia is our very close ally", Voice::Quote),
        ("We will continue the dialogue", Voice::Quote),
        ("the reality is not as simple as it seems", Voice::Quote),
        ("number one ally", Voice::ScareQuote),
        ("due to the occupation of the latter’s lands by Armenia", Voice::Narrator),
        ("the Armenian military illegally occupied Karabakh", Voice::Narrator),
    ];
    for (text, want) in cases {
        let got = voices(text);
        assert!(!got.is_empty(), "{text}");
        assert!(got.iter().all(|v| *v == want), "{text:?}: {got:?}, want {want:?}");
    }
}

fn read_csv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records().map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(String::from)).collect()).collect()
}

#[test]
fn narrator_terms_lean_azerbaijani_and_quotes_do_not_count() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status =
        Command::new(env!("CARGO_BIN_EXE_framelens")).args(["analyze", "corpus", "-q", "--out"]).arg(&out).status();
    assert!(status.unwrap().success());
    let hits: Vec<_> = read_csv(&out.join("hits.csv")).into_iter().filter(|h| h["outlet"] == "24Pal News").collect();
    for needle in ["occupation", "illegally occupied", "liberated", "attacked civilians"] {
        let h = hits
            .iter()
            .find(|h| h["text"].contains(needle))
            .unwrap_or_else(|| panic!("no hit on {needle:?} for 24Pal News"));
        assert_eq!(
            (h["voice"].as_str(), h["axis"].as_str(), h["side"].as_str()),
            ("narrator", "armenia-azerbaijan", "azerbaijan"),
            "{needle}: {h:?}"
        );
    }
    // The narrator lean is the log-ratio of the narrator's own, non-negated,
    // weighted hits: recompute it from hits.csv and compare.
    let (mut arm, mut aze) = (0.0, 0.0);
    for h in &hits {
        if h["voice"] == "narrator" && h["negated"] == "false" && h["axis"] == "armenia-azerbaijan" {
            let w: f64 = h["weight"].parse().unwrap();
            if h["side"] == "armenia" { arm += w } else { aze += w }
        }
    }
    let article = read_csv(&out.join("articles.csv")).into_iter().find(|a| a["outlet"] == "24Pal News").unwrap();
    let col = |c: &str| article[c].parse::<f64>().unwrap();
    assert!((col("armenia-azerbaijan_armenia_narrator") - arm).abs() < 1e-9);
    assert!((col("armenia-azerbaijan_azerbaijan_narrator") - aze).abs() < 1e-9);
    let lean = (arm + 0.5f64).ln() - (aze + 0.5f64).ln();
    assert!((col("armenia-azerbaijan_lean_narrator") - lean).abs() < 1e-4);
    assert!(lean < -1.0, "the seed's narrator leans Azerbaijani: {lean}");
    // Quoted hits appear, but only in the all-voices columns.
    let quoted: Vec<_> = hits.iter().filter(|h| h["voice"] != "narrator").collect();
    let narrator_hits = col("hits_narrator") as usize;
    assert_eq!(narrator_hits + quoted.len(), col("hits_all") as usize);
}
