//! Inputs that can be read only once (standard input, a pipe such as
//! `<(zcat export.csv.gz)`), copied into a temporary file the first time, so
//! that a job that reads its corpus twice (story grouping, then analysis)
//! reads the same bytes both times. The copies are removed when the last
//! [`Spools`] handle is dropped.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// Temporary copies of inputs, by the path the input was given as.
#[derive(Debug, Clone, Default)]
pub struct Spools(Vec<(PathBuf, Arc<Spool>)>);

#[derive(Debug)]
struct Spool(PathBuf);

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Spools {
    /// The copy of the input given as `path`, if it was copied.
    pub fn get(&self, path: &Path) -> Option<&Path> {
        self.0.iter().find(|(p, _)| p == path).map(|(_, s)| s.0.as_path())
    }

    /// Copies the input given as `path` (`-` is standard input).
    pub fn add(&mut self, path: &Path) -> Result<()> {
        let copy = spool(path)?;
        self.0.push((path.to_path_buf(), Arc::new(copy)));
        Ok(())
    }
}

fn spool(path: &Path) -> Result<Spool> {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir();
    let file_path = dir.join(format!("framelens-input-{}-{n}", std::process::id()));
    let mut file =
        File::options().write(true).create_new(true).open(&file_path).map_err(|e| Error::write(&file_path, e))?;
    let spool = Spool(file_path.clone());
    let copied = if path.as_os_str() == "-" {
        copy(&mut io::stdin().lock(), &mut file)
    } else {
        let mut input = File::open(path).map_err(|e| Error::io(path, e))?;
        copy(&mut input, &mut file)
    };
    copied.map_err(|e| match e {
        Copy::Read(e) => Error::io(path, e),
        Copy::Write(e) => Error::write(&file_path, e),
    })?;
    Ok(spool)
}

enum Copy {
    Read(io::Error),
    Write(io::Error),
}

fn copy(from: &mut dyn Read, to: &mut File) -> std::result::Result<(), Copy> {
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Copy::Read(e)),
        };
        to.write_all(&buf[..n]).map_err(Copy::Write)?;
    }
    to.flush().map_err(Copy::Write)
}
