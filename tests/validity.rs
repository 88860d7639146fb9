//! Scores people can trust: with the bundled lexicon, a sided word counts
//! for its side only when it is the outlet's own word on the lexicon's
//! topic. The fixtures (tests/fixtures/validity/, invented text; each folder's
//! EXPECTED.md says what it shows) hold one case per known failure: place
//! names, dual naming, off-topic stories, compounds, surnames, single
//! quotation marks, negated names, distancing, reported speech.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Row, TempDir, read_csv};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validity").join(rel)
}

/// Runs the binary with the bundled lexicon; returns stderr and the output folder.
fn analyze(corpus: &Path, out: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .arg("analyze")
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .args(["--reports", "framing"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

fn hits_of<'a>(hits: &'a [Row], outlet: &str) -> Vec<&'a Row> {
    hits.iter().filter(|h| h.get("outlet") == outlet).collect()
}

/// (text of the hit, counted_in, not_counted) of an outlet's sided hits.
fn sided(hits: &[Row], outlet: &str) -> Vec<(String, String, String)> {
    hits_of(hits, outlet)
        .into_iter()
        .filter(|h| !h.get("side").is_empty())
        .map(|h| (h.get("text").to_string(), h.get("counted_in").to_string(), h.get("not_counted").to_string()))
        .collect()
}

fn has(rows: &[(String, String, String)], text: &str, counted: &str, why: &str) -> bool {
    rows.iter().any(|r| r.0 == text && r.1 == counted && r.2 == why)
}

#[test]
fn each_case_counts_only_the_outlets_own_words() {
    let tmp = TempDir::new("validity-cases");
    analyze(&fixture("cases"), &tmp.join("out"));
    let hits = read_csv(&tmp.join("out/hits.csv"));
    let articles = read_csv(&tmp.join("out/articles.csv"));
    let lean = |outlet: &str, column: &str| {
        let row = articles.iter().find(|a| a.get("outlet") == outlet).unwrap_or_else(|| panic!("{outlet}"));
        row.num(&format!("armenia-azerbaijan_{column}"))
    };

    // Wire copy: dual naming, a name given with "which Armenians call", a
    // claim in reported speech, a distanced "who say they are", and "not
    // only Stepanakert" (a name, never negated): no side at all.
    let wire = sided(&hits, "Wire");
    assert!(has(&wire, "restored its sovereignty", "all voices", "reported speech"), "{wire:?}");
    assert!(has(&wire, "illegal mining", "", "distanced"), "{wire:?}");
    assert!(!wire.iter().any(|r| r.1 == "narrator"), "nothing counts in the wire's own voice: {wire:?}");
    assert_eq!((lean("Wire", "lean_narrator"), lean("Wire", "naming_narrator")), (0.0, 0.0));
    let not_only = hits_of(&hits, "Wire").into_iter().filter(|h| h.get("text") == "Stepanakert").count();
    assert!(not_only >= 1, "Stepanakert after 'not only' is found");
    assert!(hits_of(&hits, "Wire").iter().all(|h| h.get("negated") == "false"), "names are never negated");

    // British single quotation marks are quotations; the outlets’ words is
    // a possessive, not a closing mark.
    let broadsheet = sided(&hits, "Broadsheet");
    assert!(has(&broadsheet, "local anti-terrorist measure", "all voices", "scare quote"), "{broadsheet:?}");
    assert_eq!(lean("Broadsheet", "lean_narrator"), 0.0);

    // A partisan blog: its own loaded words count for its side; the
    // senator surnamed Massacre and the inner word of "anti-terrorist" do not fire.
    let blog = hits_of(&hits, "Blog");
    assert!(blog.iter().any(|h| h.get("text") == "ethnic cleansing of Artsakh" && h.get("counted_in") == "narrator"));
    assert!(!blog.iter().any(|h| h.get("text").eq_ignore_ascii_case("massacre")), "the senator's surname fired");
    assert!(!blog.iter().any(|h| h.get("text").eq_ignore_ascii_case("terrorist")), "anti-terrorist fired terrorist");
    assert!(lean("Blog", "lean_narrator") > 0.69, "the blog leans Armenian");

    // State media: its own loaded words count; the quoted name and the
    // phrase in reported speech do not count in its voice.
    let state = sided(&hits, "State News");
    assert!(has(&state, "Armenian occupation", "narrator", ""), "{state:?}");
    assert!(has(&state, "Republic of Artsakh", "all voices", "quoted"), "{state:?}");
    assert!(lean("State News", "lean_narrator") < -0.69, "state media lean Azerbaijani");
}

#[test]
fn off_topic_articles_take_no_side_and_the_run_says_why() {
    let tmp = TempDir::new("validity-offtopic");
    let stderr = analyze(&fixture("offtopic"), &tmp.join("out"));
    // Only the football final (Qarabağ, exiled from Aghdam) and the Armenian
    // kitchen (Karabakh dishes) touch the conflict; the run says so.
    assert!(stderr.contains("2 of 10 articles are on the topic of armenia-azerbaijan"), "{stderr}");
    assert!(!stderr.contains("on the topic of russia-west"), "{stderr}");

    // A corpus with nothing on the lexicons' topics gets one plain notice.
    let unrelated = tmp.join("unrelated");
    for (outlet, file) in [
        ("northern-evening-post", "2024-10-14_workers-occupy-bearing-plant.txt"),
        ("the-calder-courier", "2024-03-06_students-occupy-library.txt"),
        ("the-albion-herald", "2025-04-16_belsen-liberation-anniversary.txt"),
    ] {
        std::fs::create_dir_all(unrelated.join(outlet)).unwrap();
        std::fs::copy(fixture("offtopic").join(outlet).join(file), unrelated.join(outlet).join(file)).unwrap();
    }
    let notice = analyze(&unrelated, &tmp.join("unrelated-out"));
    assert!(notice.contains("nothing here is on those topics, so the lean columns are empty"), "{notice}");
    let articles = read_csv(&tmp.join("out/articles.csv"));
    assert_eq!(articles.len(), 10);
    for a in &articles {
        for axis in ["armenia-azerbaijan", "russia-west"] {
            let lean = a.get(&format!("{axis}_lean_narrator"));
            let note = a.get(&format!("{axis}_lean_note"));
            // Off topic the lean is empty and says why; the sports and
            // cooking pieces that name Baku or Armenia are on topic but
            // use no sided word.
            assert!(
                (lean.is_empty() && note.starts_with("off topic")) || lean == "0.0000",
                "{} {axis}: lean {lean:?} ({note})",
                a.get("article")
            );
        }
    }
    let hits = read_csv(&tmp.join("out/hits.csv"));
    for h in hits.iter().filter(|h| !h.get("side").is_empty()) {
        assert_ne!(h.get("counted_in"), "narrator", "{} counted for {}", h.get("text"), h.get("side"));
    }
    // "began an occupation of the library" and "the liberation of the camp"
    // are found, and said to be off topic.
    for (article, word) in [("students-occupy-library", "occupation"), ("belsen-liberation", "liberation")] {
        let found: Vec<&Row> =
            hits.iter().filter(|h| h.get("article").contains(article) && h.get("text") == word).collect();
        assert!(!found.is_empty(), "{word} in {article}");
        assert!(found.iter().all(|h| h.get("not_counted") == "off-topic"), "{found:?}");
    }
    // The senator's surname, even at the start of a transcript line, is not a loaded word.
    assert!(!hits.iter().any(|h| h.get("article").contains("senator-massacre") && h.get("text") == "Massacre"));
}
