//! Sorting more rows than memory should hold. A report whose rows come in
//! corpus order but are written in report order (hits, articles) pushes
//! them into an [`ExternalSort`]: up to a memory budget they stay in memory
//! and the sort is an ordinary one; beyond it each full buffer is sorted and
//! written to an unnamed temporary file (a run), and at the end the runs are
//! merged. Memory then stays at the budget however large the corpus, and the
//! result is exactly a stable sort of everything pushed, so reports do not
//! change when a corpus crosses the budget.
//!
//! Records are framed by their length and encoded by the caller (reports use
//! JSON through serde), so this module knows nothing of what it sorts. The
//! files are framelens's own and never outlive the run.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use crate::error::{Error, Result};

/// Memory a report's rows may take before they go to disk.
pub const SORT_BYTES: usize = 32 << 20;

/// About the memory texts take when held in a record: their bytes, and the
/// block the allocator rounds each one up to (for the size a caller gives
/// [`ExternalSort::push`]).
pub fn text_bytes<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    texts.into_iter().map(|t| t.len() + 16).sum()
}

/// How to order, write and read back the records of one sort.
pub struct Codec<T> {
    /// The report order (a stable sort keeps pushes that compare equal in
    /// the order they came).
    pub compare: fn(&T, &T) -> Ordering,
    /// Appends a record's bytes.
    pub encode: fn(&T, &mut Vec<u8>) -> std::result::Result<(), String>,
    /// Reads a record back from its bytes.
    pub decode: fn(&[u8]) -> std::result::Result<T, String>,
}

/// Records being gathered; [`ExternalSort::finish`] gives them sorted.
pub struct ExternalSort<T> {
    codec: Codec<T>,
    buf: Vec<T>,
    bytes: usize,
    limit: usize,
    runs: Vec<File>,
    scratch: Vec<u8>,
}

/// The buffer of a temporary file being written, and of each run being
/// merged: a merge reads up to [`MAX_RUNS`] runs at once, several reports
/// merge at the end of a run side by side, and the buffers of a large
/// corpus's merges would otherwise add tens of MB. Bigger reads gain
/// nothing measurable (the runs were just written and are in the page cache).
const WRITE_BUFFER: usize = 256 << 10;
const READ_BUFFER: usize = 16 << 10;

/// An error with a temporary file, named by the folder it is in.
pub fn temp_error(e: std::io::Error) -> Error {
    Error::write(&std::env::temp_dir(), e)
}

/// A new unnamed temporary file (in `TMPDIR`, or the system's temporary
/// folder), buffered for writing: where the system allows it has no name,
/// so it is gone when the run ends, even after a crash.
pub fn temp_writer() -> Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(WRITE_BUFFER, tempfile::tempfile().map_err(temp_error)?))
}

/// The file written through `w`, flushed and rewound to be read.
pub fn rewound(w: BufWriter<File>) -> Result<File> {
    let mut file = w.into_inner().map_err(|e| temp_error(e.into_error()))?;
    file.seek(SeekFrom::Start(0)).map_err(temp_error)?;
    Ok(file)
}

fn corrupt(why: &str) -> Error {
    Error::Internal(format!("a temporary sort file could not be read back: {why}"))
}

impl<T> ExternalSort<T> {
    /// A sort that moves its records to disk beyond about `limit` bytes.
    pub fn with_limit(codec: Codec<T>, limit: usize) -> ExternalSort<T> {
        ExternalSort { codec, buf: Vec::new(), bytes: 0, limit, runs: Vec::new(), scratch: Vec::new() }
    }

    /// Adds a record; `size` is about how many bytes it takes in memory.
    pub fn push(&mut self, record: T, size: usize) -> Result<()> {
        self.buf.push(record);
        self.bytes += size + std::mem::size_of::<T>();
        if self.bytes > self.limit {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes the records pushed so far to disk as one run, whatever the
    /// budget: for a caller that aggregates in memory and hands over all it
    /// holds at once when that grows too large.
    pub fn flush(&mut self) -> Result<()> {
        if self.buf.is_empty() { Ok(()) } else { self.spill() }
    }

    /// How many sorted runs went to disk so far.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Sorts the buffer and writes it as one run; when there are
    /// [`MAX_RUNS`], merges them into one, so that open files stay few
    /// however small the budget.
    fn spill(&mut self) -> Result<()> {
        let compare = self.codec.compare;
        self.buf.sort_by(compare);
        let records = std::mem::take(&mut self.buf).into_iter().map(Ok);
        let run = write_run(records, self.codec.encode, &mut self.scratch)?;
        self.runs.push(run);
        self.bytes = 0;
        if self.runs.len() >= MAX_RUNS {
            let merged = merge(std::mem::take(&mut self.runs), compare, self.codec.decode)?;
            let run = write_run(merged, self.codec.encode, &mut self.scratch)?;
            self.runs.push(run);
        }
        Ok(())
    }

    /// Every record pushed, in order.
    pub fn finish(mut self) -> Result<Sorted<T>> {
        let compare = self.codec.compare;
        if self.runs.is_empty() {
            self.buf.sort_by(compare);
            return Ok(Sorted { inner: Inner::Memory(self.buf.into_iter()) });
        }
        self.flush()?;
        merge(self.runs, compare, self.codec.decode)
    }
}

/// Runs merged at once; more are first merged into one.
const MAX_RUNS: usize = 64;

/// Writes records, in the order given, to a new temporary file.
fn write_run<T>(
    records: impl Iterator<Item = Result<T>>,
    encode: fn(&T, &mut Vec<u8>) -> std::result::Result<(), String>,
    scratch: &mut Vec<u8>,
) -> Result<File> {
    let mut w = temp_writer()?;
    for r in records {
        scratch.clear();
        encode(&r?, scratch).map_err(|e| Error::Internal(format!("encoding a row: {e}")))?;
        let len = u32::try_from(scratch.len()).map_err(|_| Error::Internal("a row over 4 GB".into()))?;
        w.write_all(&len.to_le_bytes()).map_err(temp_error)?;
        w.write_all(scratch).map_err(temp_error)?;
    }
    rewound(w)
}

/// The records of sorted runs, merged in order.
fn merge<T>(
    runs: Vec<File>,
    compare: fn(&T, &T) -> Ordering,
    decode: fn(&[u8]) -> std::result::Result<T, String>,
) -> Result<Sorted<T>> {
    let mut readers: Vec<Run> =
        runs.into_iter().map(|f| Run { file: BufReader::with_capacity(READ_BUFFER, f), bytes: Vec::new() }).collect();
    let mut heads = Vec::with_capacity(readers.len());
    for r in &mut readers {
        heads.push(r.next(decode)?);
    }
    Ok(Sorted { inner: Inner::Merge { readers, heads, compare, decode } })
}

/// One run on disk, read back a record at a time.
struct Run {
    file: BufReader<File>,
    bytes: Vec<u8>,
}

impl Run {
    fn next<T>(&mut self, decode: fn(&[u8]) -> std::result::Result<T, String>) -> Result<Option<T>> {
        let mut len = [0u8; 4];
        match self.file.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(temp_error(e)),
        }
        self.bytes.resize(u32::from_le_bytes(len) as usize, 0);
        self.file.read_exact(&mut self.bytes).map_err(|_| corrupt("cut short"))?;
        decode(&self.bytes).map(Some).map_err(|e| corrupt(&e))
    }
}

enum Inner<T> {
    Memory(std::vec::IntoIter<T>),
    Merge {
        readers: Vec<Run>,
        heads: Vec<Option<T>>,
        compare: fn(&T, &T) -> Ordering,
        decode: fn(&[u8]) -> std::result::Result<T, String>,
    },
}

/// The records of an [`ExternalSort`], in order.
pub struct Sorted<T> {
    inner: Inner<T>,
}

impl<T> Iterator for Sorted<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match &mut self.inner {
            Inner::Memory(it) => it.next().map(Ok),
            Inner::Merge { readers, heads, compare, decode } => {
                // The smallest head; on a tie the earlier run, whose records
                // were pushed first: the merge is as stable as the sort.
                let mut best: Option<usize> = None;
                for (i, h) in heads.iter().enumerate() {
                    let Some(h) = h else { continue };
                    if best.is_none_or(|b| {
                        compare(h, heads[b].as_ref().unwrap_or_else(|| unreachable!())) == Ordering::Less
                    }) {
                        best = Some(i);
                    }
                }
                let i = best?;
                let next = match readers[i].next(*decode) {
                    Ok(n) => n,
                    Err(e) => return Some(Err(e)),
                };
                std::mem::replace(&mut heads[i], next).map(Ok)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codec() -> Codec<(u32, String)> {
        Codec {
            compare: |a, b| a.0.cmp(&b.0),
            encode: |r, out| serde_json::to_writer(out, r).map_err(|e| e.to_string()),
            decode: |b| serde_json::from_slice(b).map_err(|e| e.to_string()),
        }
    }

    fn sorted(limit: usize, records: &[(u32, String)]) -> (usize, Vec<(u32, String)>) {
        let mut s = ExternalSort::with_limit(codec(), limit);
        for r in records {
            s.push(r.clone(), r.1.len()).unwrap();
        }
        let runs = s.runs();
        (runs, s.finish().unwrap().map(Result::unwrap).collect())
    }

    #[test]
    fn spilled_or_not_the_order_is_a_stable_sort() {
        // Keys repeat so that stability shows: equal keys keep push order.
        let records: Vec<(u32, String)> = (0..2000u32).map(|i| ((i * 7919) % 97, format!("record {i}"))).collect();
        let mut expected = records.clone();
        expected.sort_by_key(|a| a.0);
        for limit in [usize::MAX, 1 << 20, 4096, 1] {
            let (runs, got) = sorted(limit, &records);
            assert_eq!(got, expected, "limit {limit}");
            if limit == usize::MAX {
                assert_eq!(runs, 0);
            } else if limit <= 4096 {
                assert!(runs > 1, "limit {limit} gave {runs} runs");
            }
            // A budget of one byte spills every record: 2,000 runs, merged
            // as they pile up, so that few files are open at once.
            assert!(runs < MAX_RUNS, "limit {limit} left {runs} runs open");
        }
    }

    #[test]
    fn nothing_pushed_gives_nothing() {
        assert!(sorted(1, &[]).1.is_empty());
        assert!(sorted(usize::MAX, &[]).1.is_empty());
    }

    #[test]
    fn a_damaged_run_is_an_error_not_a_short_report() {
        let mut s =
            ExternalSort::with_limit(Codec::<(u32, String)> { decode: |_| Err("unreadable".into()), ..codec() }, 1);
        s.push((1, "a".into()), 1).unwrap();
        s.push((2, "b".into()), 1).unwrap();
        assert!(s.finish().is_err());
    }
}
