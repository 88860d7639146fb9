//! Corpus folders: `<corpus>/<outlet>/**/<article>.txt`, walked with
//! `walkdir` in sorted order. The folder under the corpus is the outlet; the
//! path below it (without `.txt`) is the article id. Hidden files, files that
//! are not `.txt` and files directly in the corpus folder are counted as
//! ignored; a folder that cannot be read becomes a skipped item; a folder
//! reached a second time through a symbolic link is not walked again, and a
//! link that leads out of the corpus is not followed unless asked.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Ignored, Item};
use crate::error::{Diagnostic, Error, Location, Severity};

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

fn note(ignored: &mut Ignored, shown: String, ext: &str) {
    ignored.count += 1;
    *ignored.by_extension.entry(ext.to_ascii_lowercase()).or_default() += 1;
    if ignored.examples.len() < 5 {
        ignored.examples.push(crate::error::escape_control(&shown).into_owned());
    }
}

/// How to list a corpus folder.
pub(super) struct Settings<'a> {
    /// The event of its articles when their front matter has none.
    pub event: Option<&'a str>,
    /// Largest article read, in bytes.
    pub limit: u64,
    /// Whether pipes and devices are read.
    pub special: bool,
    /// Whether links that lead out of the corpus are followed.
    pub follow_outside: bool,
}

/// Lists the articles under `root` in sorted path order (outlet, then path
/// within the outlet).
pub(super) fn list(root: &Path, settings: &Settings, ignored: &mut Ignored) -> Result<Vec<Item>, Error> {
    let event = settings.event;
    let canonical_root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let mut found: Vec<(String, String, Item)> = Vec::new(); // (outlet, relative path, item)
    let mut seen_dirs: HashSet<PathBuf> = HashSet::from([canonical_root.clone()]);
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(root).min_depth(1).follow_links(true).sort_by_file_name().into_iter();
    let mut walker = walker.filter_entry(|e| {
        if !(e.file_type().is_dir() || e.path_is_symlink()) {
            return true;
        }
        let Ok(canonical) = std::fs::canonicalize(e.path()) else { return true };
        // A link may point anywhere; what it leads to is read only when it
        // stays inside the corpus (a link to /etc/passwd is not an article),
        // unless the user asked for links to be followed.
        if !settings.follow_outside && !canonical.starts_with(&canonical_root) {
            outside.borrow_mut().push(e.path().display().to_string());
            return false;
        }
        // Each folder once: a link back to a folder already walked (or to
        // the corpus itself) would list its articles twice.
        !e.file_type().is_dir() || seen_dirs.insert(canonical)
    });
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if e.loop_ancestor().is_some() {
                    continue;
                }
                let shown = e.path().map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                let d = Diagnostic::new(
                    Location::file(&shown),
                    Severity::Skipped,
                    format!(
                        "cannot read this folder ({}); its articles are left out",
                        e.io_error().map_or_else(|| e.to_string(), |io| io.to_string())
                    ),
                );
                let rel = e.path().and_then(|p| p.strip_prefix(root).ok()).map(|p| p.to_string_lossy().into_owned());
                let rel = rel.unwrap_or_default();
                let outlet = rel.split('/').next().unwrap_or("").to_string();
                found.push((outlet, rel, Item::Bad(d)));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let shown = entry.path().display().to_string();
        let depth = entry.depth();
        let ext = entry.path().extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        if is_hidden(&name) {
            note(ignored, shown, "(hidden)");
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        let is_txt = ext.eq_ignore_ascii_case("txt");
        if depth == 1 {
            // A file directly in the corpus folder has no outlet folder.
            if is_txt {
                ignored.loose_articles.0 += 1;
                if ignored.loose_articles.1.is_empty() {
                    ignored.loose_articles.1 = crate::error::shown(root);
                }
            }
            note(ignored, shown, if is_txt { "txt" } else { &ext });
            continue;
        }
        if !is_txt {
            note(ignored, shown, &ext);
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else { continue };
        let mut parts = rel.iter().map(|c| c.to_string_lossy().into_owned());
        let outlet = parts.next().unwrap_or_default();
        let rel: Vec<String> = parts.collect();
        let rel = rel.join("/");
        let id = rel[..rel.len() - 4].to_string();
        let item = Item::File {
            display: shown,
            path: entry.path().to_path_buf(),
            outlet: outlet.clone(),
            id,
            event: event.map(str::to_string),
            limit: settings.limit,
            special: settings.special,
        };
        found.push((outlet, rel, item));
    }
    drop(walker);
    for shown in outside.into_inner() {
        let d = Diagnostic::new(
            Location::file(&shown),
            Severity::Skipped,
            "a symbolic link that leads out of the corpus folder; not followed (copy what it points to into the corpus if it belongs there, or pass --follow-outside-links)",
        );
        found.push((String::new(), shown, Item::Bad(d)));
    }
    found.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    Ok(found.into_iter().map(|(_, _, item)| item).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(follow_outside: bool) -> Settings<'static> {
        Settings { event: None, limit: 1 << 20, special: false, follow_outside }
    }

    fn ids(items: Vec<Item>) -> Vec<String> {
        items
            .into_iter()
            .map(|i| match i {
                Item::File { outlet, id, .. } => format!("{outlet}/{id}"),
                Item::Bad(d) => format!("bad: {}", d.message),
                Item::Article(_) | Item::Text { .. } => "article".to_string(),
            })
            .collect()
    }

    #[test]
    fn sorted_outlets_nested_ids_and_ignored_files() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        std::fs::create_dir_all(root.join("b/sub")).unwrap();
        std::fs::create_dir_all(root.join("a/.git")).unwrap();
        for (p, t) in [("b/sub/x.txt", "x"), ("b/a.txt", "a"), ("a/2.txt", "2"), ("a/1.txt", "1"), ("a/n.md", "n")] {
            std::fs::write(root.join(p), t).unwrap();
        }
        std::fs::write(root.join("a/.git/c.txt"), "hidden").unwrap();
        std::fs::write(root.join("README.md"), "r").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("b/loop")).unwrap();
        let mut ignored = Ignored::default();
        let items = list(root, &settings(false), &mut ignored).unwrap();
        assert_eq!(ids(items), ["a/1", "a/2", "b/a", "b/sub/x"]);
        // a/.git, a/n.md, README.md
        assert_eq!(ignored.count, 3, "{ignored:?}");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_corpus_are_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "not news").unwrap();
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("o")).unwrap();
        std::fs::write(d.path().join("o/ok.txt"), "news").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), d.path().join("o/p.txt")).unwrap();
        std::os::unix::fs::symlink(d.path().join("o/ok.txt"), d.path().join("o/same.txt")).unwrap();
        let got = ids(list(d.path(), &settings(false), &mut Ignored::default()).unwrap());
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got.contains(&"o/ok".to_string()) && got.contains(&"o/same".to_string()), "{got:?}");
        assert!(got.iter().any(|g| g.starts_with("bad: a symbolic link that leads out")), "{got:?}");
        // Asked to, the link is followed.
        let got = ids(list(d.path(), &settings(true), &mut Ignored::default()).unwrap());
        assert_eq!(got, ["o/ok", "o/p", "o/same"]);
    }
}
