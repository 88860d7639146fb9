//! Replays every fuzzing seed and every input the fuzzer found a crash or a
//! hang with (`fuzz/seeds/TARGET/`, `fuzz/regressions/TARGET/`) through the
//! same entry points the fuzzer runs (`framelens::fuzz`), so a fixed crash
//! stays fixed. Hangs are caught by a time limit per input.

use std::path::Path;
use std::time::{Duration, Instant};

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<_> = entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    v.sort();
    v
}

#[test]
fn every_seed_and_every_finding_runs_cleanly_and_quickly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (name, target) in framelens::fuzz::TARGETS {
        let seeds = files(&root.join("seeds").join(name));
        assert!(!seeds.is_empty(), "fuzz/seeds/{name} has no seeds");
        for path in seeds.iter().chain(&files(&root.join("regressions").join(name))) {
            let data = std::fs::read(path).unwrap();
            let started = Instant::now();
            target(&data);
            // Debug builds are slow; a hang of the kind AFL reports runs for
            // seconds even in release.
            assert!(started.elapsed() < Duration::from_secs(20), "{} took {:?}", path.display(), started.elapsed());
        }
    }
}
