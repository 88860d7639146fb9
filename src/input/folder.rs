//! Corpus folders: `<corpus>/<outlet>/**/<article>.txt`, walked with
//! `walkdir` in sorted order, one article at a time. The folder under the
//! corpus is the outlet; the path below it (without `.txt`) is the article id. Hidden files, files that
//! are not `.txt` and files directly in the corpus folder are counted as
//! ignored; a folder that cannot be read becomes a skipped item; a folder
//! reached a second time through a symbolic link is not walked again, and a
//! link that leads out of the corpus is not followed unless asked.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
pub(super) struct Settings {
    /// The event of its articles when their front matter has none.
    pub event: Option<String>,
    /// Largest article read, in bytes.
    pub limit: u64,
    /// Whether pipes and devices are read.
    pub special: bool,
    /// Whether links that lead out of the corpus are followed.
    pub follow_outside: bool,
}

type Filter = Box<dyn FnMut(&walkdir::DirEntry) -> bool + Send>;

/// The articles under a corpus folder, found as the walk reaches them: the
/// walk holds one folder's sorted names per level, never the whole corpus's
/// list, so a corpus of a million files costs no more memory than a small
/// one. Files come in the walk's order: outlets by name, and within a folder
/// by name, each subfolder where its name sorts. Reports order their rows
/// themselves, so this order only decides which article is read first.
pub(super) struct Walk {
    root: PathBuf,
    settings: Settings,
    walker: walkdir::FilterEntry<walkdir::IntoIter, Filter>,
    /// Links found leading out of the corpus, not yet reported.
    outside: Arc<Mutex<VecDeque<String>>>,
    /// Whether the walk found anything, article or not.
    found: bool,
}

impl Walk {
    /// Starts walking `root`.
    pub(super) fn new(root: &Path, settings: Settings) -> Result<Walk, Error> {
        let canonical_root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        let mut seen_dirs: HashSet<PathBuf> = HashSet::from([canonical_root.clone()]);
        let outside = Arc::new(Mutex::new(VecDeque::new()));
        let (found_outside, follow_outside) = (outside.clone(), settings.follow_outside);
        let filter: Filter = Box::new(move |e: &walkdir::DirEntry| {
            if !(e.file_type().is_dir() || e.path_is_symlink()) {
                return true;
            }
            let Ok(canonical) = std::fs::canonicalize(e.path()) else { return true };
            // A link may point anywhere; what it leads to is read only when it
            // stays inside the corpus (a link to /etc/passwd is not an article),
            // unless the user asked for links to be followed.
            if !follow_outside && !canonical.starts_with(&canonical_root) {
                lock(&found_outside).push_back(e.path().display().to_string());
                return false;
            }
            // Each folder once: a link back to a folder already walked (or to
            // the corpus itself) would list its articles twice.
            !e.file_type().is_dir() || seen_dirs.insert(canonical)
        });
        let walker = walkdir::WalkDir::new(root)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(filter);
        Ok(Walk { root: root.to_path_buf(), settings, walker, outside, found: false })
    }

    /// The corpus folder.
    pub(super) fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the walk found nothing at all (no article, no other file).
    pub(super) fn found_nothing(&self) -> bool {
        !self.found
    }

    /// The next article (or unreadable folder, or link out of the corpus);
    /// files that are not articles are counted in `ignored` on the way.
    pub(super) fn next_item(&mut self, ignored: &mut Ignored) -> Option<Item> {
        loop {
            // Links rejected on the way to an entry (or to the end) come first.
            let pending = lock(&self.outside).pop_front();
            if let Some(shown) = pending {
                self.found = true;
                let d = Diagnostic::new(
                    Location::file(&shown),
                    Severity::Skipped,
                    "a symbolic link that leads out of the corpus folder; not followed (copy what it points to into the corpus if it belongs there, or pass --follow-outside-links)",
                );
                return Some(Item::Bad(d));
            }
            let Some(next) = self.walker.next() else {
                if lock(&self.outside).is_empty() {
                    return None;
                }
                continue;
            };
            let entry = match next {
                Ok(e) => e,
                Err(e) => {
                    if e.loop_ancestor().is_some() {
                        continue;
                    }
                    self.found = true;
                    let root = &self.root;
                    let shown = e.path().map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                    let d = Diagnostic::new(
                        Location::file(&shown),
                        Severity::Skipped,
                        format!(
                            "cannot read this folder ({}); its articles are left out",
                            e.io_error().map_or_else(|| e.to_string(), |io| io.to_string())
                        ),
                    );
                    return Some(Item::Bad(d));
                }
            };
            if let Some(item) = self.take(&entry, ignored) {
                return Some(item);
            }
        }
    }

    /// The article `entry` is, if it is one.
    fn take(&mut self, entry: &walkdir::DirEntry, ignored: &mut Ignored) -> Option<Item> {
        let name = entry.file_name().to_string_lossy();
        if is_hidden(&name) {
            self.found = true;
            note(ignored, entry.path().display().to_string(), "(hidden)");
            if entry.file_type().is_dir() {
                self.walker.skip_current_dir();
            }
            return None;
        }
        if entry.file_type().is_dir() {
            return None;
        }
        self.found = true;
        let shown = entry.path().display().to_string();
        let ext = entry.path().extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        let is_txt = ext.eq_ignore_ascii_case("txt");
        if entry.depth() == 1 {
            // A file directly in the corpus folder has no outlet folder.
            if is_txt {
                ignored.loose_articles.0 += 1;
                if ignored.loose_articles.1.is_empty() {
                    ignored.loose_articles.1 = crate::error::shown(&self.root);
                }
            }
            note(ignored, shown, if is_txt { "txt" } else { &ext });
            return None;
        }
        if !is_txt {
            note(ignored, shown, &ext);
            return None;
        }
        let rel = entry.path().strip_prefix(&self.root).ok()?;
        let mut parts = rel.iter().map(|c| c.to_string_lossy());
        let outlet = parts.next().unwrap_or_default().into_owned();
        let rel: Vec<_> = parts.collect();
        let rel = rel.join("/");
        Some(Item::File {
            display: shown,
            path: entry.path().to_path_buf(),
            outlet,
            id: rel[..rel.len() - 4].to_string(),
            event: self.settings.event.clone(),
            limit: self.settings.limit,
            special: self.settings.special,
        })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(follow_outside: bool) -> Settings {
        Settings { event: None, limit: 1 << 20, special: false, follow_outside }
    }

    fn list(root: &Path, settings: Settings, ignored: &mut Ignored) -> Vec<Item> {
        let mut walk = Walk::new(root, settings).unwrap();
        std::iter::from_fn(|| walk.next_item(ignored)).collect()
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
        let items = list(root, settings(false), &mut ignored);
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
        // Two links out, found on the way to the end of the walk: both reported.
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), d.path().join("o/z1.txt")).unwrap();
        std::os::unix::fs::symlink(outside.path(), d.path().join("o/z2")).unwrap();
        let got = ids(list(d.path(), settings(false), &mut Ignored::default()));
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got.iter().filter(|g| g.starts_with("bad: a symbolic link that leads out")).count(), 3, "{got:?}");
        assert!(got.contains(&"o/ok".to_string()) && got.contains(&"o/same".to_string()), "{got:?}");
        assert!(got.iter().any(|g| g.starts_with("bad: a symbolic link that leads out")), "{got:?}");
        // Asked to, the link is followed.
        let got = ids(list(d.path(), settings(true), &mut Ignored::default()));
        assert_eq!(got, ["o/ok", "o/p", "o/same", "o/z1", "o/z2/secret"]);
    }
}
