//! The committed `reports/` folder is exactly what the README's first command
//! (`cargo run --release`, i.e. `framelens analyze corpus --out reports`)
//! writes from the bundled corpus. This test regenerates it and compares
//! every file byte for byte; in `run.json` only the fields that describe the
//! run rather than the input (`time`, `threads`, `command`) may differ.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn masked_manifest(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for field in ["time", "threads", "command"] {
        v[field] = serde_json::Value::Null;
    }
    v
}

#[test]
fn committed_reports_are_what_the_main_command_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let out: PathBuf = tmp.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(["analyze", "corpus", "--out"])
        .arg(&out)
        .arg("-q")
        .status()
        .unwrap();
    assert!(status.success(), "framelens analyze failed: {status}");
    let committed = Path::new("reports");
    let fix = "run `cargo run --release`, check the changes in reports/ by eye, and commit them";
    assert_eq!(files(committed), files(&out), "the set of report files differs; {fix}");
    for name in files(committed) {
        let (a, b) = (committed.join(&name), out.join(&name));
        if name == "run.json" {
            assert_eq!(masked_manifest(&a), masked_manifest(&b), "{name} differs; {fix}");
            continue;
        }
        let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        if x != y {
            let (xs, ys) = (String::from_utf8_lossy(&x), String::from_utf8_lossy(&y));
            let line = xs.lines().zip(ys.lines()).position(|(p, q)| p != q).map_or(0, |l| l + 1);
            panic!("reports/{name} differs from a fresh run (first different line {line}); {fix}");
        }
    }
}

/// Running twice on the same input gives the same bytes, whatever the thread count.
#[test]
fn two_runs_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().to_path_buf();
    for (dir, threads) in [("a", "1"), ("b", "3")] {
        let status = Command::new(env!("CARGO_BIN_EXE_framelens"))
            .args(["analyze", "corpus", "-q", "-j", threads, "--out"])
            .arg(base.join(dir))
            .status()
            .unwrap();
        assert!(status.success());
    }
    for name in files(&base.join("a")) {
        if name == "run.json" {
            assert_eq!(masked_manifest(&base.join("a").join(&name)), masked_manifest(&base.join("b").join(&name)));
        } else {
            assert!(
                std::fs::read(base.join("a").join(&name)).unwrap()
                    == std::fs::read(base.join("b").join(&name)).unwrap(),
                "{name} differs between -j 1 and -j 3"
            );
        }
    }
}
