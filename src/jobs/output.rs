//! The output folder of a run, written so that nothing is ever lost: the
//! reports are written into a temporary folder beside it and swapped in
//! whole when the run has succeeded, so a run that fails or is killed leaves
//! the previous complete reports in place, and no report is ever half
//! written. A lock file beside the folder keeps two runs from writing into
//! it at once. A folder is replaced as a whole only when framelens wrote it
//! (its `run.json` lists every file in it), so stale reports of an earlier
//! run never survive and files framelens did not write are never deleted:
//! a folder holding other files is refused unless the user forces it, and
//! then only files with a report's name are replaced. An input is never
//! overwritten, and the output folder is never an input folder or inside one
//! unless forced.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, shown};
use crate::report::Output;

/// The file that marks a folder as written by framelens and lists its reports.
pub const MANIFEST: &str = "run.json";

/// Files that operating systems drop into folders; they never make a folder
/// foreign.
const JUNK: &[&str] = &[".DS_Store", "Thumbs.db", "desktop.ini", ".framelens-lock"];

/// How the reports reach the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    /// The folder does not exist: the temporary folder is renamed to it.
    Fresh,
    /// The folder holds only what framelens wrote: it is swapped whole for
    /// the temporary folder.
    Replace,
    /// The folder is empty, or holds other files and the user forced the
    /// run: the reports are moved into it one by one, and the reports an
    /// earlier run listed in its manifest that this run does not write are
    /// removed.
    Into {
        /// Reports of the earlier run.
        earlier: Vec<String>,
    },
}

/// What the caller may want to tell the user about the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prepared {
    /// A new folder.
    New,
    /// The reports of an earlier run, replaced whole.
    Replaces,
    /// Written into an existing folder (empty, or forced).
    Into,
}

/// An output folder being written.
#[derive(Debug)]
pub struct OutputFolder {
    target: PathBuf,
    staging: PathBuf,
    mode: Mode,
    /// Input files, canonical: never replaced by a report.
    inputs: Vec<PathBuf>,
    lock: Option<Lock>,
    committed: bool,
}

impl OutputFolder {
    /// Takes the lock on `out` and prepares a temporary folder for the
    /// reports. `inputs` are the run's corpus inputs and the other files it
    /// reads (lexicons, cues); `force` allows a folder that holds files
    /// framelens did not write, or one inside an input folder.
    pub fn prepare(out: &Path, inputs: &[PathBuf], force: bool) -> Result<OutputFolder> {
        let target = absolute(out)?;
        if target.exists() && !target.is_dir() {
            return Err(Error::write(
                out,
                std::io::Error::other("it is a file, not a folder; give --out the name of a folder"),
            ));
        }
        let (parent, name) = match (target.parent(), target.file_name()) {
            (Some(p), Some(n)) => (p.to_path_buf(), n.to_string_lossy().into_owned()),
            _ => {
                return Err(Error::write(
                    out,
                    std::io::Error::other("cannot replace this folder; give --out a folder below it"),
                ));
            }
        };
        let lock = Lock::take(&parent, &name, &target)?;
        recover(&parent, &name, &target);

        let mut input_files = Vec::new();
        for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
            let Ok(canonical) = fs::canonicalize(input) else { continue };
            if canonical.is_dir() && target.starts_with(&canonical) && !force {
                let where_ = if target == canonical { "is" } else { "is inside" };
                return Err(Error::write(
                    out,
                    std::io::Error::other(format!(
                        "the output folder {where_} the input folder {}, so its reports would be read as part of \
                         the corpus; choose a folder outside it with --out (or pass --force)",
                        shown(input)
                    )),
                ));
            }
            if canonical.starts_with(&target) && !force {
                return Err(Error::write(
                    out,
                    std::io::Error::other(format!(
                        "the input {} is inside the output folder, which a run replaces; choose another folder with \
                         --out",
                        shown(input)
                    )),
                ));
            }
            if canonical.is_file() {
                input_files.push(canonical);
            }
        }

        let mut mode = classify(&target, out, force)?;
        if mode == Mode::Replace && lock.as_ref().is_some_and(|l| l.inside) {
            // The folder's parent cannot be written to, so the folder
            // cannot be swapped: move the reports into it instead.
            mode = Mode::Into { earlier: earlier_reports(&target).unwrap_or_default() };
        }
        let staging = match mode {
            Mode::Fresh | Mode::Replace => parent.join(format!(".{name}.framelens-tmp-{}", std::process::id())),
            Mode::Into { .. } => target.join(format!(".framelens-tmp-{}", std::process::id())),
        };
        if staging.exists() {
            let _ = fs::remove_dir_all(&staging);
        }
        fs::create_dir(&staging).map_err(|e| Error::write(&staging, e))?;
        Ok(OutputFolder { target, staging, mode, inputs: input_files, lock, committed: false })
    }

    /// What the folder was before this run.
    pub fn prepared(&self) -> Prepared {
        match self.mode {
            Mode::Fresh => Prepared::New,
            Mode::Replace => Prepared::Replaces,
            Mode::Into { .. } => Prepared::Into,
        }
    }

    /// Where the reports are written until [`OutputFolder::commit`]; file
    /// names in messages are those of the final folder.
    pub fn output(&self) -> StagedOutput {
        StagedOutput { staging: self.staging.clone(), target: self.target.clone() }
    }

    /// Puts the finished reports in place.
    pub fn commit(mut self) -> Result<()> {
        match &self.mode {
            Mode::Fresh => {
                fs::rename(&self.staging, &self.target).map_err(|e| Error::write(&self.target, e))?;
            }
            Mode::Replace => {
                let old = self.target.with_file_name(format!(
                    ".{}.framelens-old-{}",
                    self.target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
                    std::process::id()
                ));
                fs::rename(&self.target, &old).map_err(|e| Error::write(&self.target, e))?;
                if let Err(e) = fs::rename(&self.staging, &self.target) {
                    let _ = fs::rename(&old, &self.target);
                    return Err(Error::write(&self.target, e));
                }
                let _ = fs::remove_dir_all(&old);
            }
            Mode::Into { earlier } => {
                let mut names = Vec::new();
                for entry in fs::read_dir(&self.staging).map_err(|e| Error::write(&self.staging, e))? {
                    let entry = entry.map_err(|e| Error::write(&self.staging, e))?;
                    names.push(entry.file_name());
                }
                // Check every report first: none may land on an input.
                for name in &names {
                    let dest = self.target.join(name);
                    if let Ok(canonical) = fs::canonicalize(&dest)
                        && self.inputs.contains(&canonical)
                    {
                        return Err(Error::write(
                            &dest,
                            std::io::Error::other(
                                "this input would be replaced by a report of the same name; choose another folder \
                                 with --out",
                            ),
                        ));
                    }
                }
                for name in &names {
                    let dest = self.target.join(name);
                    fs::rename(self.staging.join(name), &dest).map_err(|e| Error::write(&dest, e))?;
                }
                for stale in earlier {
                    if names.iter().any(|n| n.to_string_lossy() == stale.as_str()) {
                        continue;
                    }
                    let p = self.target.join(stale);
                    if fs::symlink_metadata(&p).is_ok_and(|m| m.is_file()) && !self.inputs.contains(&p) {
                        let _ = fs::remove_file(&p);
                    }
                }
                let _ = fs::remove_dir_all(&self.staging);
            }
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
        self.lock.take();
    }
}

/// The absolute form of `out`, with links resolved as far as the folder
/// exists (so that two spellings of one folder compare equal); its parent
/// folders are created.
fn absolute(out: &Path) -> Result<PathBuf> {
    if let Ok(p) = fs::canonicalize(out) {
        return Ok(p);
    }
    let abs = std::path::absolute(out).map_err(|e| Error::write(out, e))?;
    let (Some(parent), Some(name)) = (abs.parent(), abs.file_name()) else { return Ok(abs) };
    fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    let parent = fs::canonicalize(parent).map_err(|e| Error::write(parent, e))?;
    Ok(parent.join(name))
}

/// Finishes what a run that was killed while swapping folders left behind:
/// puts the previous reports back if the folder is missing, and removes
/// temporary folders. Called with the lock held.
fn recover(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let prefix = format!(".{name}.framelens-");
    let mut leftovers: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    leftovers.sort();
    for p in leftovers {
        let kind = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if kind[prefix.len()..].starts_with("old-") && !target.exists() && fs::rename(&p, target).is_ok() {
            continue;
        }
        let _ = fs::remove_dir_all(&p);
    }
    if target.is_dir()
        && let Ok(entries) = fs::read_dir(target)
    {
        for e in entries.filter_map(|e| e.ok()) {
            if e.file_name().to_string_lossy().starts_with(".framelens-tmp-") {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// The reports an earlier run listed in the folder's manifest; `None` when
/// the folder has no framelens manifest.
fn earlier_reports(dir: &Path) -> Option<Vec<String>> {
    let path = dir.join(MANIFEST);
    let meta = fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 1 << 20 {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(&fs::read(&path).ok()?).ok()?;
    value.get("framelens")?.as_str()?;
    let reports = value.get("reports")?.as_array()?;
    let mut names: Vec<String> = reports.iter().filter_map(|r| r.as_str()).map(str::to_string).collect();
    // Only plain names: a manifest is not trusted to point elsewhere.
    names.retain(|n| !n.is_empty() && !n.contains(['/', '\\']) && n != "." && n != "..");
    names.push(MANIFEST.to_string());
    Some(names)
}

fn classify(target: &Path, out: &Path, force: bool) -> Result<Mode> {
    if !target.exists() {
        return Ok(Mode::Fresh);
    }
    let mut entries: Vec<String> = Vec::new();
    for e in fs::read_dir(target).map_err(|e| Error::write(out, e))? {
        let e = e.map_err(|e| Error::write(out, e))?;
        entries.push(e.file_name().to_string_lossy().into_owned());
    }
    entries.retain(|n| !JUNK.contains(&n.as_str()) && !n.starts_with(".framelens-tmp-"));
    if entries.is_empty() {
        return Ok(Mode::Into { earlier: Vec::new() });
    }
    let earlier = earlier_reports(target);
    let mut foreign: Vec<&String> =
        entries.iter().filter(|n| !earlier.as_ref().is_some_and(|listed| listed.contains(n))).collect();
    if foreign.is_empty() {
        return Ok(Mode::Replace);
    }
    if force {
        return Ok(Mode::Into { earlier: earlier.unwrap_or_default() });
    }
    foreign.sort();
    let more = foreign.len().saturating_sub(3);
    let names: Vec<String> = foreign.iter().take(3).map(|n| crate::error::escape_control(n).into_owned()).collect();
    let what = if earlier.is_some() {
        "a folder of framelens reports that also holds other files"
    } else {
        "a folder framelens did not write"
    };
    Err(Error::write(
        out,
        std::io::Error::other(format!(
            "{what} ({}{}); a run replaces its output folder whole, so give --out a new or empty folder, or pass \
             --force to write the reports into this one (files with a report's name are replaced, the rest are kept)",
            names.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        )),
    ))
}

/// Reports written into the temporary folder, named as in the final one.
#[derive(Debug, Clone)]
pub struct StagedOutput {
    staging: PathBuf,
    target: PathBuf,
}

impl Output for StagedOutput {
    fn create(&mut self, name: &str) -> Result<Box<dyn Write + Send>> {
        let file = File::create(self.staging.join(name)).map_err(|e| Error::write(&self.target.join(name), e))?;
        Ok(Box::new(BufWriter::new(file)))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.target.join(name)
    }
}

/// An exclusive lock on a lock file beside the output folder (or, when the
/// parent folder cannot be written to, inside it). The operating system
/// releases it when the process ends, however it ends; the file is removed
/// when the run is done.
#[derive(Debug)]
struct Lock {
    file: File,
    path: PathBuf,
    /// The lock file is inside the output folder.
    inside: bool,
}

impl Lock {
    fn take(parent: &Path, name: &str, target: &Path) -> Result<Option<Lock>> {
        let beside = parent.join(format!(".{name}.framelens-lock"));
        let (path, inside) = match open_lock(&beside) {
            Ok(_) => (beside, false),
            Err(e) if target.is_dir() && e.kind() == std::io::ErrorKind::PermissionDenied => {
                (target.join(".framelens-lock"), true)
            }
            Err(e) => return Err(Error::write(&beside, e)),
        };
        // A run that ends removes the lock file; one that was waiting for
        // the old file then holds a lock nobody else sees, so the lock
        // counts only while the file at the path is the one locked.
        for _ in 0..20 {
            let file = open_lock(&path).map_err(|e| Error::write(&path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::write(
                        target,
                        std::io::Error::other(
                            "another framelens run is writing into this folder; wait for it to finish, or choose \
                             another folder with --out",
                        ),
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    // File systems without locks (some network shares):
                    // go on without one rather than refuse to run.
                    if e.kind() == std::io::ErrorKind::Unsupported {
                        return Ok(None);
                    }
                    return Err(Error::write(&path, e));
                }
            }
            if same_file(&file, &path) {
                return Ok(Some(Lock { file, path, inside }));
            }
        }
        Err(Error::write(&path, std::io::Error::other("the lock file keeps changing; try again")))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

fn open_lock(path: &Path) -> std::io::Result<File> {
    File::options().read(true).write(true).create(true).truncate(false).open(path)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_run(out: &Path, inputs: &[PathBuf], force: bool, files: &[(&str, &str)]) -> Result<Prepared> {
        let folder = OutputFolder::prepare(out, inputs, force)?;
        let prepared = folder.prepared();
        let mut o = folder.output();
        for (name, text) in files {
            o.create(name)?.write_all(text.as_bytes()).unwrap();
        }
        folder.commit()?;
        Ok(prepared)
    }

    fn manifest(reports: &[&str]) -> String {
        serde_json::json!({"framelens": "0.1.0", "reports": reports}).to_string()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_framelens_folder_is_replaced_whole_and_stale_files_go() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("reports");
        let first = [("a.csv", "1"), ("old.csv", "x"), ("run.json", &manifest(&["a.csv", "old.csv"]) as &str)];
        assert_eq!(write_run(&out, &[], false, &first).unwrap(), Prepared::New);
        let second = [("a.csv", "2"), ("run.json", &manifest(&["a.csv"]) as &str)];
        assert_eq!(write_run(&out, &[], false, &second).unwrap(), Prepared::Replaces);
        assert_eq!(names(&out), ["a.csv", "run.json"]);
        assert_eq!(fs::read_to_string(out.join("a.csv")).unwrap(), "2");
        // Nothing is left beside it: no temporary folder, no lock file.
        assert_eq!(names(d.path()), ["reports"]);
    }

    #[test]
    fn a_folder_framelens_did_not_write_is_refused_unless_forced() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("mine");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("thesis.docx"), "precious").unwrap();
        let err = write_run(&out, &[], false, &[("a.csv", "1")]).unwrap_err().to_string();
        assert!(err.contains("cannot write") && err.contains("thesis.docx") && err.contains("--force"), "{err}");
        assert_eq!(names(&out), ["thesis.docx"]);
        assert_eq!(write_run(&out, &[], true, &[("a.csv", "1")]).unwrap(), Prepared::Into);
        assert_eq!(names(&out), ["a.csv", "thesis.docx"]);
        assert_eq!(fs::read_to_string(out.join("thesis.docx")).unwrap(), "precious");
    }

    #[test]
    fn an_input_is_never_replaced() {
        let d = tempfile::tempdir().unwrap();
        let input = d.path().join("articles.csv");
        fs::write(&input, "stories_id,media_name,text\n1,A,Officials said it.\n").unwrap();
        let inputs = [input.clone()];
        let err = write_run(d.path(), &inputs, false, &[("articles.csv", "report")]).unwrap_err().to_string();
        assert!(err.contains("cannot write"), "{err}");
        let err = write_run(d.path(), &inputs, true, &[("articles.csv", "report")]).unwrap_err().to_string();
        assert!(err.contains("would be replaced"), "{err}");
        assert!(fs::read_to_string(&input).unwrap().starts_with("stories_id"));
        assert_eq!(names(d.path()), ["articles.csv"], "the staging folder is gone");
    }

    #[test]
    fn the_output_is_never_inside_an_input_folder_unless_forced() {
        let d = tempfile::tempdir().unwrap();
        let corpus = d.path().join("corpus");
        fs::create_dir_all(corpus.join("o")).unwrap();
        let err = write_run(&corpus.join("reports"), std::slice::from_ref(&corpus), false, &[("a.csv", "1")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("inside the input folder"), "{err}");
        let err = write_run(&corpus, std::slice::from_ref(&corpus), false, &[("a.csv", "1")]).unwrap_err().to_string();
        assert!(err.contains("is the input folder"), "{err}");
    }

    #[test]
    fn a_failed_run_leaves_the_previous_reports() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("reports");
        write_run(&out, &[], false, &[("a.csv", "1"), ("run.json", &manifest(&["a.csv"]))]).unwrap();
        {
            let folder = OutputFolder::prepare(&out, &[], false).unwrap();
            folder.output().create("a.csv").unwrap().write_all(b"half").unwrap();
            // Dropped without commit: the run failed.
        }
        assert_eq!(fs::read_to_string(out.join("a.csv")).unwrap(), "1");
        assert_eq!(names(d.path()), ["reports"]);
    }

    #[test]
    fn a_second_run_into_the_same_folder_waits_its_turn() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("reports");
        let first = OutputFolder::prepare(&out, &[], false).unwrap();
        let err = OutputFolder::prepare(&out, &[], false).unwrap_err().to_string();
        assert!(err.contains("another framelens run"), "{err}");
        drop(first);
        assert!(OutputFolder::prepare(&out, &[], false).is_ok());
    }

    #[test]
    fn a_run_killed_while_swapping_is_undone() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("reports");
        // As if killed between moving the old folder away and moving the new one in.
        let old = d.path().join(".reports.framelens-old-99");
        fs::create_dir(&old).unwrap();
        fs::write(old.join("run.json"), manifest(&[])).unwrap();
        fs::create_dir(d.path().join(".reports.framelens-tmp-98")).unwrap();
        let folder = OutputFolder::prepare(&out, &[], false).unwrap();
        assert_eq!(folder.prepared(), Prepared::Replaces, "the previous reports are back");
        drop(folder);
        assert_eq!(names(d.path()), ["reports"]);
    }

    #[test]
    fn a_file_is_not_an_output_folder() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("out.csv");
        fs::write(&f, "x").unwrap();
        let err = OutputFolder::prepare(&f, &[], false).unwrap_err().to_string();
        assert!(err.contains("cannot write") && err.contains("not a folder") && !err.contains("cannot read"), "{err}");
        assert_eq!(err.matches("cannot").count(), 1, "{err}");
    }
}
