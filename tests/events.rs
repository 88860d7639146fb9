//! Events without labels: articles that carry no event are grouped into
//! stories by the rare words they share, and the summary says so.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use common::{TempDir, read_csv};

const BRIDGE: &[&str] = &[
    "The Harlow river bridge was closed on Monday after engineers found cracks in two of its steel girders.",
    "Commuters faced long detours around the closed Harlow bridge as engineers inspected the cracked girders.",
    "City engineers said the Harlow bridge would stay closed until the damaged girders are replaced.",
];
const CONCERT: &[&str] = &[
    "The national orchestra opened its winter season with a sold-out concert of Sibelius symphonies.",
    "A sold-out audience heard the orchestra play two Sibelius symphonies at the season's opening concert.",
    "Critics praised the orchestra's Sibelius concert that opened the winter season on Saturday.",
];

fn export(dir: &TempDir) -> std::path::PathBuf {
    let path = dir.join("export.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(["stories_id", "media_name", "publish_date", "title", "text"]).unwrap();
    // Interleave the two stories so grouping cannot rely on row order.
    for (i, (b, c)) in BRIDGE.iter().zip(CONCERT).enumerate() {
        w.write_record([&format!("b{i}"), &format!("outlet {i}"), "2024-02-01", "Bridge", b]).unwrap();
        w.write_record([&format!("c{i}"), &format!("outlet {i}"), "2024-02-03", "Concert", c]).unwrap();
    }
    w.flush().unwrap();
    path
}

#[test]
fn export_rows_without_events_are_grouped_into_stories() {
    let dir = TempDir::new("events");
    let input = export(&dir);
    let out = dir.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_framelens")).arg("analyze").arg(&input).arg("--out").arg(&out).output();
    let o = o.unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("grouped automatically into 2 stories"), "{stderr}");
    let stories = read_csv(&out.join("events.csv"));
    assert_eq!(stories.len(), 2);
    assert!(stories.iter().all(|s| s.get("articles") == "3"), "{stories:?}");
    let mut by_event: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in read_csv(&out.join("articles.csv")) {
        by_event.entry(a.get("event").to_string()).or_default().insert(a.get("title").to_string());
    }
    let titles: Vec<BTreeSet<String>> = by_event.into_values().collect();
    assert_eq!(titles.len(), 2);
    assert!(titles.iter().all(|t| t.len() == 1), "each story holds one title: {titles:?}");
    // Claims are aligned within a story only: no cluster mixes the two.
    for c in read_csv(&out.join("claims.csv")) {
        assert!(c.get("event").starts_with("story-"), "{c:?}");
    }
}

/// The bundled corpus (one story, its events removed) mixed with the two
/// stories above: three stories come out, the bundled articles together.
#[test]
fn bundled_corpus_stays_one_story_among_others() {
    let dir = TempDir::new("mixed");
    let corpus = dir.join("mixed");
    for entry in std::fs::read_dir("corpus").unwrap() {
        let outlet = entry.unwrap().path();
        if !outlet.is_dir() {
            continue;
        }
        let name = outlet.file_name().unwrap().to_owned();
        std::fs::create_dir_all(corpus.join(&name)).unwrap();
        for f in std::fs::read_dir(&outlet).unwrap() {
            let f = f.unwrap().path();
            let text = std::fs::read_to_string(&f).unwrap();
            let kept: String = text.split_inclusive('\n').filter(|l| !l.starts_with("event:")).collect();
            std::fs::write(corpus.join(&name).join(f.file_name().unwrap()), kept).unwrap();
        }
    }
    for (i, (b, c)) in BRIDGE.iter().zip(CONCERT).enumerate() {
        std::fs::create_dir_all(corpus.join(format!("city-{i}"))).unwrap();
        std::fs::write(corpus.join(format!("city-{i}/bridge.txt")), b).unwrap();
        std::fs::write(corpus.join(format!("city-{i}/concert.txt")), c).unwrap();
    }
    let out = dir.join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .arg("analyze")
        .arg(&corpus)
        .args(["-q", "--events", "auto", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mut stories: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in read_csv(&out.join("articles.csv")) {
        let kind = match a.get("article") {
            "bridge" | "concert" => a.get("article").to_string(),
            _ => "csto".to_string(),
        };
        stories.entry(a.get("event").to_string()).or_default().insert(kind);
    }
    let mut kinds: Vec<Vec<String>> = stories.into_values().map(|k| k.into_iter().collect()).collect();
    kinds.sort();
    assert_eq!(kinds, [vec!["bridge".to_string()], vec!["concert".to_string()], vec!["csto".to_string()]]);
}

#[test]
fn folder_events_come_from_the_folder_unless_auto() {
    let dir = TempDir::new("folder-events");
    let corpus = dir.join("city-news");
    for (i, (b, c)) in BRIDGE.iter().zip(CONCERT).enumerate() {
        std::fs::create_dir_all(corpus.join(format!("outlet-{i}"))).unwrap();
        std::fs::write(corpus.join(format!("outlet-{i}/bridge.txt")), b).unwrap();
        std::fs::write(corpus.join(format!("outlet-{i}/concert.txt")), c).unwrap();
    }
    let run = |args: &[&str], out: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_framelens"))
            .arg("analyze")
            .arg(&corpus)
            .args(["-q", "--out"])
            .arg(dir.join(out))
            .args(args)
            .status()
            .unwrap();
        assert!(status.success());
        read_csv(&dir.join(out).join("articles.csv"))
    };
    let folder = run(&[], "folder");
    assert!(folder.iter().all(|a| a.get("event") == "city-news"));
    assert!(!dir.join("folder/events.csv").exists());
    let auto = run(&["--events", "auto"], "auto");
    let events: BTreeSet<&str> = auto.iter().map(|a| a.get("event")).collect();
    assert_eq!(events.len(), 2, "{events:?}");
    for a in &auto {
        let same: Vec<&str> =
            auto.iter().filter(|b| b.get("event") == a.get("event")).map(|b| b.get("article")).collect();
        assert!(same.iter().all(|id| *id == a.get("article")), "{same:?}");
    }
}
