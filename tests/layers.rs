//! The library's modules are layered: each may use only the modules below it
//! (`LAYERS`, lowest first), never one above or beside it, so there are no
//! import cycles and low-level code never reaches up into jobs or reports.
//! The binary is layered the same way (`main` → `cli` → `cmd`). This test
//! reads every source file and fails on any reference that points up.

use std::path::{Path, PathBuf};

/// The library's top-level modules, lowest layer first.
const LAYERS: &[&str] = &[
    "error",
    "hash",
    "digest",
    "choice",
    "normal",
    "glob",
    "lang",
    "stopwords",
    "cues",
    "features",
    "similarity",
    "spill",
    "report",
    "input",
    "text",
    "lexicon",
    "matching",
    "score",
    "claims",
    "jobs",
    "fuzz",
];

/// The binary's modules, lowest first.
const BIN_LAYERS: &[&str] = &["alloc", "cmd", "cli", "main"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/jobs/analyze/mod.rs` → `jobs`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// Every `crate::NAME` in the code (comments and string literals skipped).
fn crate_refs(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            let after = &rest[at + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            // `framelens::crate::` never occurs; `$crate::` is a macro path.
            if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$')) && !name.is_empty() {
                out.push((i + 1, name));
            }
            rest = after;
        }
    }
    out
}

/// `use crate::{a, b}` and `crate::{a::x, b}` groups name several modules.
fn grouped_refs(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find("crate::{") {
            let inner = &line[at + "crate::{".len()..];
            for part in inner.split([',', '}']) {
                let name: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.push((i + 1, name));
                }
            }
        }
    }
    out
}

fn rank(layers: &[&str], name: &str) -> Option<usize> {
    layers.iter().position(|l| *l == name)
}

#[test]
fn library_modules_only_use_lower_layers() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files.sort();
    let mut checked = 0;
    let mut problems = Vec::new();
    for path in &files {
        let module = module_of(path);
        if BIN_LAYERS.contains(&module.as_str()) || module == "lib" {
            continue;
        }
        let own = rank(LAYERS, &module)
            .unwrap_or_else(|| panic!("{}: module {module} is not in LAYERS; add it at its layer", path.display()));
        let text = std::fs::read_to_string(path).unwrap();
        for (line, name) in crate_refs(&text).into_iter().chain(grouped_refs(&text)) {
            checked += 1;
            if name == module {
                continue;
            }
            match rank(LAYERS, &name) {
                Some(r) if r < own => {}
                Some(_) => problems.push(format!("{}:{line}: {module} uses {name}, a layer above it", path.display())),
                None => problems.push(format!("{}:{line}: unknown module crate::{name}", path.display())),
            }
        }
    }
    assert!(checked > 100, "only {checked} references found: is the parser broken?");
    assert!(problems.is_empty(), "imports that point up:\n{}", problems.join("\n"));
}

#[test]
fn every_library_module_has_a_layer() {
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    let mut declared: Vec<&str> =
        lib.lines().filter_map(|l| l.strip_prefix("pub mod ").and_then(|r| r.strip_suffix(';'))).collect();
    let mut layers = LAYERS.to_vec();
    declared.sort_unstable();
    layers.sort_unstable();
    assert_eq!(declared, layers, "src/lib.rs and LAYERS name the same modules");
}

#[test]
fn binary_modules_only_use_lower_layers() {
    let mut files = vec![PathBuf::from("src/main.rs"), PathBuf::from("src/cli.rs")];
    rust_files(Path::new("src/cmd"), &mut files);
    let mut problems = Vec::new();
    for path in &files {
        let module = module_of(path);
        let own = rank(BIN_LAYERS, &module).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        for (line, name) in crate_refs(&text).into_iter().chain(grouped_refs(&text)) {
            if name != module && rank(BIN_LAYERS, &name).is_none_or(|r| r >= own) {
                problems.push(format!("{}:{line}: {module} uses {name}", path.display()));
            }
        }
        // The library never depends on the binary, and the binary's command
        // modules never reach into the parser.
        if module == "cmd" && (text.contains("use crate::cli") || text.contains("crate::main")) {
            problems.push(format!("{}: cmd uses cli", path.display()));
        }
    }
    assert!(problems.is_empty(), "imports that point up:\n{}", problems.join("\n"));
}

#[test]
fn the_parser_finds_references() {
    let text = "use crate::error::Result;\n// crate::jobs in a comment\nlet x = crate::hash::FastMap::default();\nuse crate::{lang, text::Tokens};";
    let refs: Vec<String> = crate_refs(text).into_iter().chain(grouped_refs(text)).map(|r| r.1).collect();
    assert_eq!(refs, ["error", "hash", "lang", "text"]);
}
