//! A spill store for claim records: every article's claims are encoded as
//! they arrive and read back one story at a time when the claims are
//! aligned, so a run's memory does not grow with the corpus (the sentences
//! of a 100 MB corpus take several times that as claim records). The
//! records stay in memory up to [`SPILL_BYTES`] — a class's articles, or
//! the browser version, which has no files — and beyond that go to an
//! unnamed temporary file, deleted when the store is dropped, also after an
//! error. The encoding is framelens's own, compact and versionless: the
//! records never outlive the run that wrote them.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

use super::extract::Negation;
use super::numbers::{Bound, Number};
use super::{Claim, Form, Stance};
use crate::error::{Error, Result};
use crate::spill::{temp_error, temp_writer};

/// Encoded claims kept in memory before the store moves them to a temporary file.
pub const SPILL_BYTES: usize = 32 << 20;

/// Where one article's claims are in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spilled {
    offset: u64,
    len: u64,
}

/// Where the records are while they are written.
enum Sink {
    Memory(Vec<u8>),
    File(BufWriter<File>),
}

/// Claims being written.
pub struct ClaimStore {
    sink: Sink,
    pos: u64,
    buf: Vec<u8>,
    limit: usize,
}

impl ClaimStore {
    /// An empty store: in memory until [`SPILL_BYTES`], then in a temporary
    /// file (in `TMPDIR`, or the system's temporary folder).
    pub fn new() -> ClaimStore {
        ClaimStore::with_limit(SPILL_BYTES)
    }

    /// A store that moves to a temporary file beyond `limit` bytes.
    pub fn with_limit(limit: usize) -> ClaimStore {
        ClaimStore { sink: Sink::Memory(Vec::new()), pos: 0, buf: Vec::new(), limit }
    }

    /// Writes one article's claims; returns where they are.
    pub fn put(&mut self, claims: &[Claim]) -> Result<Spilled> {
        self.buf.clear();
        let mut e = Encoder(&mut self.buf);
        e.u64(claims.len() as u64);
        for c in claims {
            e.claim(c);
        }
        if let Sink::Memory(m) = &self.sink
            && m.len() + self.buf.len() > self.limit
        {
            let mut w = temp_writer()?;
            w.write_all(m).map_err(temp_error)?;
            self.sink = Sink::File(w);
        }
        match &mut self.sink {
            Sink::Memory(m) => m.extend_from_slice(&self.buf),
            Sink::File(w) => w.write_all(&self.buf).map_err(temp_error)?,
        }
        let at = Spilled { offset: self.pos, len: self.buf.len() as u64 };
        self.pos += at.len;
        Ok(at)
    }

    /// Whether the records went to a temporary file.
    pub fn spilled(&self) -> bool {
        matches!(self.sink, Sink::File(_))
    }

    /// Ends writing; the claims can then be read from any thread.
    pub fn into_reader(self) -> Result<ClaimReader> {
        Ok(match self.sink {
            Sink::Memory(m) => ClaimReader::Memory(m),
            Sink::File(w) => ClaimReader::File(Mutex::new(w.into_inner().map_err(|e| temp_error(e.into_error()))?)),
        })
    }
}

impl Default for ClaimStore {
    fn default() -> Self {
        ClaimStore::new()
    }
}

/// Claims written by a [`ClaimStore`], read back.
pub enum ClaimReader {
    /// Records kept in memory.
    Memory(Vec<u8>),
    /// Records in a temporary file.
    File(Mutex<File>),
}

impl ClaimReader {
    fn read(&self, at: Spilled) -> Result<Vec<u8>> {
        match self {
            ClaimReader::Memory(m) => {
                let (start, len) = (usize::try_from(at.offset), usize::try_from(at.len));
                let (Ok(start), Ok(len)) = (start, len) else { return Err(corrupt()) };
                m.get(start..start.saturating_add(len)).map(<[u8]>::to_vec).ok_or_else(corrupt)
            }
            ClaimReader::File(file) => {
                let mut buf = vec![0u8; at.len as usize];
                let mut f = file.lock().map_err(|_| Error::Internal("claim store lock poisoned".into()))?;
                f.seek(SeekFrom::Start(at.offset)).map_err(|e| Error::io(&std::env::temp_dir(), e))?;
                f.read_exact(&mut buf).map_err(|e| Error::io(&std::env::temp_dir(), e))?;
                Ok(buf)
            }
        }
    }

    /// The alignment features of one article's claims, one sentence after
    /// the other (for grouping articles into stories, without building the
    /// claims).
    pub fn features(&self, at: Spilled) -> Result<Vec<u64>> {
        let buf = self.read(at)?;
        let mut d = Decoder { buf: &buf, at: 0 };
        let n = d.u64()? as usize;
        let mut out = Vec::new();
        for _ in 0..n {
            d.claim_features(&mut out)?;
        }
        Ok(out)
    }

    /// One article's claims.
    pub fn get(&self, at: Spilled) -> Result<Vec<Claim>> {
        let buf = self.read(at)?;
        let mut d = Decoder { buf: &buf, at: 0 };
        let n = d.u64()? as usize;
        let mut out = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            out.push(d.claim()?);
        }
        if d.at != buf.len() {
            return Err(corrupt());
        }
        Ok(out)
    }
}

fn corrupt() -> Error {
    Error::Internal("the temporary claim file does not read back as written".into())
}

struct Encoder<'a>(&'a mut Vec<u8>);

impl Encoder<'_> {
    fn u64(&mut self, v: u64) {
        // LEB128: most values are small.
        let mut v = v;
        loop {
            let b = (v & 0x7F) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }

    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }

    fn hashes(&mut self, v: &[u64]) {
        self.u64(v.len() as u64);
        for h in v {
            self.0.extend_from_slice(&h.to_le_bytes());
        }
    }

    fn claim(&mut self, c: &Claim) {
        self.u64(u64::from(c.sentence));
        self.u64(u64::from(c.paragraph));
        self.u64(c.start as u64);
        self.u64(c.end as u64);
        self.str(&c.text);
        self.str(&c.speaker);
        self.str(&c.speaker_key);
        self.str(&c.mention);
        self.str(&c.speaker_role);
        self.str(&c.cue);
        let stance = c.stance.map_or(0, |s| 1 + Stance::ALL.iter().position(|x| *x == s).unwrap_or(0) as u64);
        self.u64(stance);
        self.u64(match c.form {
            Form::Asserted => 0,
            Form::Indirect => 1,
            Form::Direct => 2,
        });
        self.strs(&c.hedges);
        self.strs(&c.loaded);
        self.u64(c.numbers.len() as u64);
        for n in &c.numbers {
            self.str(&n.value);
            self.str(&n.unit);
            self.u64(u64::from(n.bound.code()));
            self.str(&n.fact);
        }
        self.hashes(&c.features);
        self.hashes(&c.quoted);
        self.u64(c.lead as u64);
        self.u64(c.negations.len() as u64);
        for n in &c.negations {
            self.str(&n.phrase);
            self.hashes(&n.targets);
            self.strs(&n.words);
            self.u64(u64::from(n.need));
        }
    }
}

struct Decoder<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Decoder<'_> {
    fn u64(&mut self) -> Result<u64> {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let b = *self.buf.get(self.at).ok_or_else(corrupt)?;
            self.at += 1;
            if shift > 63 {
                return Err(corrupt());
            }
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    fn len(&mut self) -> Result<usize> {
        let n = self.u64()? as usize;
        if n > self.buf.len() - self.at { Err(corrupt()) } else { Ok(n) }
    }

    fn str(&mut self) -> Result<String> {
        let n = self.len()?;
        let s = std::str::from_utf8(&self.buf[self.at..self.at + n]).map_err(|_| corrupt())?.to_string();
        self.at += n;
        Ok(s)
    }

    fn strs(&mut self) -> Result<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }

    fn hashes(&mut self) -> Result<Vec<u64>> {
        let n = self.len()?;
        if n * 8 > self.buf.len() - self.at {
            return Err(corrupt());
        }
        let v = self.buf[self.at..self.at + n * 8]
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
            .collect();
        self.at += n * 8;
        Ok(v)
    }

    fn skip_str(&mut self) -> Result<()> {
        let n = self.len()?;
        self.at += n;
        Ok(())
    }

    fn skip_strs(&mut self) -> Result<()> {
        for _ in 0..self.len()? {
            self.skip_str()?;
        }
        Ok(())
    }

    /// Reads a claim's features into `out`, skipping the rest.
    fn claim_features(&mut self, out: &mut Vec<u64>) -> Result<()> {
        for _ in 0..4 {
            self.u64()?;
        }
        for _ in 0..6 {
            self.skip_str()?;
        }
        self.u64()?;
        self.u64()?;
        self.skip_strs()?;
        self.skip_strs()?;
        for _ in 0..self.len()? {
            self.skip_str()?;
            self.skip_str()?;
            self.u64()?;
            self.skip_str()?;
        }
        out.extend(self.hashes()?);
        self.hashes()?;
        self.u64()?;
        for _ in 0..self.len()? {
            self.skip_str()?;
            self.hashes()?;
            self.skip_strs()?;
            self.u64()?;
        }
        Ok(())
    }

    fn claim(&mut self) -> Result<Claim> {
        let sentence = self.u64()? as u32;
        let paragraph = self.u64()? as u32;
        let start = self.u64()? as usize;
        let end = self.u64()? as usize;
        let text = self.str()?;
        let speaker = self.str()?;
        let speaker_key = self.str()?;
        let mention = self.str()?;
        let speaker_role = self.str()?;
        let cue = self.str()?;
        let stance = match self.u64()? {
            0 => None,
            s => Some(*Stance::ALL.get(s as usize - 1).ok_or_else(corrupt)?),
        };
        let form = match self.u64()? {
            0 => Form::Asserted,
            1 => Form::Indirect,
            2 => Form::Direct,
            _ => return Err(corrupt()),
        };
        let hedges = self.strs()?;
        let loaded = self.strs()?;
        let n = self.len()?;
        let mut numbers = Vec::with_capacity(n);
        for _ in 0..n {
            let value = self.str()?;
            let unit = self.str()?;
            let bound = Bound::from_code(self.u64()? as u8);
            let fact = self.str()?;
            numbers.push(Number { value, unit, bound, fact });
        }
        let features = self.hashes()?;
        let quoted = self.hashes()?;
        let lead = self.u64()? as usize;
        let n = self.len()?;
        let mut negations = Vec::with_capacity(n);
        for _ in 0..n {
            let phrase = self.str()?;
            let targets = self.hashes()?;
            let words = self.strs()?;
            let need = self.u64()? as u8;
            negations.push(Negation { phrase, targets, words, need });
        }
        Ok(Claim {
            sentence,
            paragraph,
            start,
            end,
            text,
            speaker,
            speaker_key,
            mention,
            speaker_role,
            cue,
            stance,
            form,
            hedges,
            loaded,
            numbers,
            features,
            quoted,
            lead,
            negations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_read_back_as_written() {
        let text = "YEREVAN, April 11 (Northbridge) - “We did not fire first,” said Kremlin spokesman Dmitry Peskov. \
                    At least 12 people died on September 19, 2023, the ministry denied. Plain words here.";
        let a = crate::claims::claims_of(text);
        let b = crate::claims::claims_of("Another article with 3,000 peacekeepers.");
        assert!(a[0].lead > 0 && !a[0].negations.is_empty() && !a[1].numbers.is_empty(), "{a:#?}");
        let first = ClaimStore::new().put(&a).unwrap().len as usize;
        // In memory, spilled to a file after the first article, and in a file from the start.
        for (limit, at_first, at_end) in [(usize::MAX, false, false), (first, false, true), (0, true, true)] {
            let mut store = ClaimStore::with_limit(limit);
            let at_a = store.put(&a).unwrap();
            assert_eq!(store.spilled(), at_first, "limit {limit}");
            let (at_b, at_none) = (store.put(&b).unwrap(), store.put(&[]).unwrap());
            assert_eq!(store.spilled(), at_end, "limit {limit}");
            let reader = store.into_reader().unwrap();
            assert_eq!(reader.get(at_b).unwrap(), b);
            let features: Vec<u64> = a.iter().flat_map(|c| c.features.iter().copied()).collect();
            assert_eq!(reader.features(at_a).unwrap(), features);
            assert_eq!(reader.get(at_a).unwrap(), a);
            assert!(reader.get(at_none).unwrap().is_empty());
            // A wrong place is an error, not a panic or made-up claims.
            assert!(reader.get(Spilled { offset: at_a.offset + 1, len: at_a.len }).is_err());
            assert!(reader.get(Spilled { offset: u64::MAX - 1, len: 8 }).is_err());
        }
    }
}
