//! False alarms on neutral news: the bundled lexicons over the Wikinews
//! development corpus (171 articles from 2019, neutral reporting by policy;
//! CC BY 2.5, kept outside the product in `../shared/data/wikinews/`).
//!
//! The corpus is not part of the repository, so this test is `#[ignore]`d in
//! a plain `cargo test`. `.ci/run` runs it with `--ignored` when the corpus is
//! there and says SKIPPED when it is not; run by hand without the corpus it
//! fails and says where it looked, rather than pass on no data. Set
//! `FRAMELENS_WIKINEWS` to the CSV file to use another copy.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{Row, TempDir, read_csv};

/// Categories of loaded language (not hedges, distancing or names).
const LOADED: &[&str] = &["loaded", "label", "dysphemism", "euphemism", "intensifier", "appeal", "doubt"];

/// The ceiling on narrator-voice loaded-language hits per 1,000 words that
/// neutral copy may reach; the README's "How far to trust the numbers"
/// gives the measured rate.
const MAX_LOADED_PER_1K: f64 = 1.0;

fn corpus() -> PathBuf {
    let path = std::env::var_os("FRAMELENS_WIKINEWS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/wikinews/wikinews_2019.csv"));
    assert!(
        path.is_file(),
        "the Wikinews development corpus is not at {} (set FRAMELENS_WIKINEWS to its wikinews_2019.csv)",
        path.display()
    );
    path
}

#[test]
#[ignore = "needs ../shared/data/wikinews (run by .ci/run when present)"]
fn neutral_news_takes_no_side_and_rarely_uses_loaded_words() {
    let tmp = TempDir::new("wikinews");
    let out = tmp.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .arg("analyze")
        .arg(corpus())
        .arg("--out")
        .arg(&out)
        .args(["--reports", "framing", "-q"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    // The export has no outlet column: a warning per row, never a skip.
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let articles = read_csv(&out.join("articles.csv"));
    assert_eq!(articles.len(), 171, "every Wikinews article is analysed");

    // No sided lean of ln 2 or more, in loaded language or in naming.
    let ln2 = 2f64.ln();
    let columns: Vec<String> = articles[0]
        .0
        .keys()
        .filter(|c| c.ends_with("_lean_narrator") || c.ends_with("_naming_narrator"))
        .cloned()
        .collect();
    assert!(columns.len() >= 4, "lean and naming columns for both bundled axes: {columns:?}");
    let sided: Vec<(&str, &String, f64)> = articles
        .iter()
        .flat_map(|a| columns.iter().map(move |c| (a, c)))
        .filter(|(a, c)| !a.get(c).is_empty())
        .map(|(a, c)| (a.get("title"), c, a.num(c)))
        .filter(|(_, _, v)| v.abs() >= ln2)
        .collect();
    assert!(sided.is_empty(), "neutral articles with a lean of ln 2 or more: {sided:?}");

    // Loaded words in the narrator's voice stay rare.
    let words: u64 = articles.iter().map(|a| a.int("words")).sum();
    let loaded: u64 = articles.iter().map(|a| LOADED.iter().map(|c| count(a, c)).sum::<u64>()).sum();
    let rate = loaded as f64 * 1000.0 / words as f64;
    assert!(rate < MAX_LOADED_PER_1K, "{loaded} narrator loaded-language hits in {words} words: {rate:.3} per 1,000");
}

/// An article's narrator hits of a category (every category of the
/// lexicon has its column, hits or not).
fn count(a: &Row, category: &str) -> u64 {
    a.int(&format!("{category}_narrator"))
}
