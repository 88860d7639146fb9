//! The reports of a generated corpus (many outlets and events, articles
//! recombined from the bundled corpus's paragraphs) are byte-identical
//! whatever the thread count: the speed-ups (per-thread caches, keyness over
//! interned ids, the ASCII word path, claims extracted only when needed)
//! must not make a report depend on which thread saw which article first,
//! nor may sorting on disk (`--sort-memory`) change a byte.
//! `benches/identical.sh` compares the same corpus, and a 100 MB one,
//! against an older binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The paragraphs of every article of the bundled corpus, in file order.
fn paragraphs() -> Vec<String> {
    let mut files: Vec<PathBuf> = Vec::new();
    for outlet in std::fs::read_dir("corpus").unwrap() {
        let outlet = outlet.unwrap().path();
        if outlet.is_dir() {
            for f in std::fs::read_dir(&outlet).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|e| e == "txt") {
                    files.push(f);
                }
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let (_, body, _, _) = framelens::input::article::split_front_matter(&text, f).unwrap();
        out.extend(text[body..].split('\n').map(str::trim).filter(|p| p.len() > 40).map(str::to_string));
    }
    out
}

/// Writes 8 outlets × 12 events of articles of 4 to 9 paragraphs each,
/// chosen by a fixed linear congruential generator.
fn generate(dir: &Path) -> usize {
    let paras = paragraphs();
    assert!(paras.len() > 100, "only {} paragraphs in corpus/", paras.len());
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    let mut articles = 0;
    for o in 0..8 {
        let outlet = dir.join(format!("outlet-{o}"));
        std::fs::create_dir_all(&outlet).unwrap();
        for e in 0..12 {
            // Some outlets skip some events; some cover one twice.
            let copies = [1, 1, 1, 0, 2][next(5)];
            for c in 0..copies {
                let n = 4 + next(6);
                let body: Vec<&str> = (0..n).map(|_| paras[next(paras.len())].as_str()).collect();
                let text = format!(
                    "---\ntitle: Story {e} by outlet {o}\noutlet: Outlet {o}\nevent: event-{e:02}\nlanguage: en\n---\n{}\n",
                    body.join("\n")
                );
                std::fs::write(outlet.join(format!("2024-01-{:02}_story-{e}-{c}.txt", e + 1)), text).unwrap();
                articles += 1;
            }
        }
    }
    articles
}

fn analyze(corpus: &Path, out: &Path, extra: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .arg("analyze")
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .args(["-q", "--bootstrap", "200"])
        .args(extra)
        .status()
        .unwrap();
    assert!(status.success(), "framelens analyze {extra:?} failed: {status}");
}

fn masked(path: &Path) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for field in ["time", "threads", "command"] {
        v[field] = serde_json::Value::Null;
    }
    v
}

#[test]
fn generated_corpus_reports_do_not_depend_on_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let articles = generate(&corpus);
    assert!(articles > 60, "{articles} articles generated");
    // A sort budget of 1 KB sends the hits, the articles, the articles'
    // counts per outlet, the outlet rows and the keyness counts through
    // temporary files (many runs, merged as they pile up). With more than
    // one thread the reports finish side by side, the workbook's sheets too.
    let runs = [
        ("j1", vec!["-j", "1"]),
        ("j2", vec!["-j", "2"]),
        ("j5", vec!["-j", "5"]),
        ("spilled", vec!["-j", "2", "--sort-memory", "1KB"]),
    ];
    for (name, extra) in &runs {
        analyze(&corpus, &tmp.path().join(name), extra);
    }
    let one = tmp.path().join("j1");
    let mut names: Vec<String> =
        std::fs::read_dir(&one).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for must in ["hits.csv", "articles.csv", "outlets.csv", "keyness.csv", "claims.csv", "framelens.xlsx"] {
        assert!(names.iter().any(|n| n == must), "{must} not written: {names:?}");
    }
    let keyness = std::fs::read_to_string(one.join("keyness.csv")).unwrap();
    assert!(keyness.lines().count() > 100, "keyness.csv has only {} lines", keyness.lines().count());
    for (name, _) in &runs[1..] {
        let other = tmp.path().join(name);
        for file in &names {
            if file == "run.json" {
                assert_eq!(masked(&one.join(file)), masked(&other.join(file)), "run.json differs in {name}");
            } else {
                let (a, b) = (std::fs::read(one.join(file)).unwrap(), std::fs::read(other.join(file)).unwrap());
                assert!(a == b, "{file} differs between -j 1 and {name}");
            }
        }
    }
}
