//! Helpers shared by the integration tests: temporary folders that outlive a
//! failing test, CSV rows read by column name, and article bodies.
#![allow(dead_code)] // each test crate uses its own subset

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A fresh directory (from `tempfile`), removed when the test passes and
/// kept after a failure so its files can be looked at.
pub struct TempDir(Option<tempfile::TempDir>, pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = tempfile::Builder::new().prefix(&format!("framelens-test-{name}-")).tempdir().unwrap();
        let path = dir.path().to_path_buf();
        TempDir(Some(dir), path)
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.1.join(rel)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::thread::panicking()
            && let Some(dir) = self.0.take()
        {
            eprintln!("files kept in {}", dir.keep().display());
        }
    }
}

/// One CSV row by column name.
#[derive(Debug, Clone)]
pub struct Row(pub HashMap<String, String>);

impl Row {
    pub fn get(&self, column: &str) -> &str {
        self.0.get(column).unwrap_or_else(|| panic!("no column {column:?} in {:?}", self.0.keys()))
    }

    pub fn num(&self, column: &str) -> f64 {
        let v = self.get(column);
        v.parse().unwrap_or_else(|e| panic!("column {column} = {v:?} is not a number: {e}"))
    }

    pub fn int(&self, column: &str) -> u64 {
        let v = self.get(column);
        v.parse().unwrap_or_else(|e| panic!("column {column} = {v:?} is not an integer: {e}"))
    }

    /// An integer column used as an index or offset.
    pub fn idx(&self, column: &str) -> usize {
        self.int(column) as usize
    }
}

/// Every row of a CSV report; each must have as many fields as the header.
pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(rec.len(), header.len(), "{}: a row has the wrong number of fields", path.display());
            Row(header.iter().cloned().zip(rec.iter().map(str::to_string)).collect())
        })
        .collect()
}

/// The body of an article file: what follows the closing `---` of its front
/// matter (or the whole file). Report offsets count bytes from here.
pub fn body(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match text.strip_prefix("---\n").and_then(|rest| rest.find("\n---\n").map(|i| rest[i + 5..].to_string())) {
        Some(b) => b,
        None => text,
    }
}
