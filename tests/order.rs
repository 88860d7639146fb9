//! Reports do not depend on the order of the inputs. A property test puts
//! the articles of several claim fixtures (tests/fixtures/claims/strike,
//! wire-rewrites, casualties and denial) into a fresh corpus folder under
//! shuffled file and folder names, and into a JSON Lines export with its rows
//! shuffled, runs `framelens claims` (with `--events folder` and `--events
//! auto`), and checks that every report is byte-identical to the one from the
//! articles in their original order. Article ids are given in the front
//! matter (and the `id` key), so that renaming a file does not rename its
//! article.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::TempDir;
use proptest::prelude::*;

const FIXTURES: &[&str] = &["strike", "wire-rewrites", "casualties", "denial"];
const REPORTS: &[&str] = &["claims.csv", "coverage.csv", "differences.csv", "sources.csv"];

/// One article: its id, front matter lines (without `id`) and body.
#[derive(Debug, Clone)]
struct Article {
    id: String,
    meta: Vec<(String, String)>,
    body: String,
}

fn articles() -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/claims");
    let mut out = Vec::new();
    for case in FIXTURES {
        let mut files: Vec<PathBuf> = walk(&root.join(case));
        files.sort();
        assert!(files.len() >= 3, "fixture {case} has no articles");
        for path in files {
            let text = fs::read_to_string(&path).unwrap();
            let rest = text.strip_prefix("---\n").unwrap_or_else(|| panic!("{}: no front matter", path.display()));
            let (head, body) = rest.split_once("\n---\n").unwrap();
            let meta =
                head.lines().filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_string(), v.to_string())).collect();
            let id = format!("{case}-{}", path.file_stem().unwrap().to_string_lossy());
            out.push(Article { id, meta, body: body.to_string() });
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    out
}

/// Writes the articles as a corpus folder `dir/corpus`, article `i` under
/// the folder and file name `names[i]`.
fn write_folder(dir: &Path, articles: &[Article], names: &[(String, String)]) -> PathBuf {
    let corpus = dir.join("corpus");
    for (a, (folder, file)) in articles.iter().zip(names) {
        let path = corpus.join(folder).join(format!("{file}.txt"));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut text = String::from("---\n");
        text.push_str(&format!("id: {}\n", a.id));
        for (k, v) in &a.meta {
            text.push_str(&format!("{k}: {v}\n"));
        }
        text.push_str("---\n");
        text.push_str(&a.body);
        fs::write(&path, text).unwrap();
    }
    corpus
}

/// Writes the articles, in this order, as `dir/articles.jsonl`.
fn write_jsonl(dir: &Path, articles: &[&Article]) -> PathBuf {
    let path = dir.join("articles.jsonl");
    let mut out = String::new();
    for a in articles {
        let mut row = serde_json::Map::new();
        row.insert("id".into(), a.id.clone().into());
        for (k, v) in &a.meta {
            row.insert(k.clone(), v.clone().into());
        }
        row.insert("text".into(), a.body.clone().into());
        out.push_str(&serde_json::Value::Object(row).to_string());
        out.push('\n');
    }
    fs::write(&path, out).unwrap();
    path
}

/// The claim reports (and events.csv with `--events auto`) of one run.
fn reports(input: &Path, out: &Path, events: &str) -> Files {
    let status = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .arg("claims")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["-q", "--events", events])
        .status()
        .expect("cannot run framelens");
    assert_eq!(status.code(), Some(0), "framelens claims {}", input.display());
    let mut names: Vec<&str> = REPORTS.to_vec();
    if events == "auto" {
        names.push("events.csv");
    }
    names.iter().map(|n| (n.to_string(), fs::read(out.join(n)).unwrap_or_default())).collect()
}

fn assert_same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)], what: &str) -> Result<(), TestCaseError> {
    for ((name, x), (_, y)) in a.iter().zip(b) {
        prop_assert!(!x.is_empty(), "{name} is empty");
        prop_assert!(x == y, "{name} differs when {what}");
    }
    Ok(())
}

fn original_names(articles: &[Article]) -> Vec<(String, String)> {
    articles
        .iter()
        .map(|a| {
            let outlet = a.meta.iter().find(|m| m.0 == "outlet").map_or("x", |m| m.1.as_str());
            (outlet.to_lowercase().replace(' ', "-"), a.id.clone())
        })
        .collect()
}

/// The claim report files of one run: (name, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// The reports of the articles in their original order, computed once.
fn baseline() -> &'static (Vec<Article>, [Files; 3], TempDir) {
    static BASE: std::sync::OnceLock<(Vec<Article>, [Files; 3], TempDir)> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let arts = articles();
        let dir = TempDir::new("order-base");
        let corpus = write_folder(&dir.1, &arts, &original_names(&arts));
        let folder = reports(&corpus, &dir.join("out-folder"), "folder");
        let auto = reports(&corpus, &dir.join("out-auto"), "auto");
        let refs: Vec<&Article> = arts.iter().collect();
        let jsonl = reports(&write_jsonl(&dir.1, &refs), &dir.join("out-jsonl"), "folder");
        (arts, [folder, auto, jsonl], dir)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    /// Shuffled file names, folder names and export rows give the same reports.
    #[test]
    fn claim_reports_do_not_depend_on_input_order(seed in any::<u64>()) {
        let (arts, [folder, auto, jsonl], _) = baseline();
        // A small generator of our own: the permutation follows from the seed.
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let n = arts.len();
        let mut idx: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            idx.swap(i, (next() % (i as u64 + 1)) as usize);
        }
        // Article i goes to a random folder under a random name (the index
        // keeps the names distinct, so no article overwrites another).
        let names: Vec<(String, String)> =
            (0..n).map(|i| (format!("f{}", next() % 5), format!("{:08x}-{i}", next() % (1 << 32)))).collect();
        let dir = TempDir::new("order-shuffled");
        let corpus = write_folder(&dir.1, arts, &names);
        assert_same(folder, &reports(&corpus, &dir.join("out-folder"), "folder"), "files are renamed and moved")?;
        assert_same(auto, &reports(&corpus, &dir.join("out-auto"), "auto"), "files are renamed (--events auto)")?;
        let shuffled: Vec<&Article> = idx.iter().map(|&i| &arts[i]).collect();
        let path = write_jsonl(&dir.1, &shuffled);
        assert_same(jsonl, &reports(&path, &dir.join("out-jsonl"), "folder"), "export rows are shuffled")?;
    }
}

/// With `--events auto` the six strike articles (no `event` in their front
/// matter) are one story, whatever comes first.
#[test]
fn strike_articles_are_one_story() {
    let (_, _, dir) = baseline();
    let events = common::read_csv(&dir.join("out-auto/events.csv"));
    assert_eq!(events.len(), 1, "one story: {events:?}");
    assert_eq!((events[0].get("articles"), events[0].get("outlets")), ("6", "4"));
}
