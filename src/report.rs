//! Report rows and their writing as CSV, JSON or JSON Lines. Rows are
//! `#[derive(Serialize)]` structs; text cells go through [`Text`], which
//! neutralises spreadsheet formula injection in CSV, and numbers are written
//! with a fixed number of decimals so that reports are byte-identical from run
//! to run.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

use crate::error::{Error, Result};

thread_local! {
    /// Set while a row is turned into JSON: text is written as is (formula
    /// neutralising is for spreadsheets) and numbers as numbers.
    static JSON: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn json_mode() -> bool {
    JSON.with(|j| j.get())
}

/// Prefixes a cell that a spreadsheet would run as a formula (it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) with an apostrophe.
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// A text cell, written through [`safe_cell`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Text(pub String);

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if json_mode() { s.serialize_str(&self.0) } else { s.serialize_str(&safe_cell(&self.0)) }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.to_string())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(s)
    }
}

/// A number written with `DECIMALS` decimals (and `-0` as `0`), or an empty
/// cell when it is not defined.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Num(pub Option<f64>);

/// Decimals of every non-integer number in the reports.
pub const DECIMALS: usize = 4;

impl Num {
    pub fn of(v: f64) -> Num {
        Num(v.is_finite().then_some(v))
    }
    pub fn none() -> Num {
        Num(None)
    }
}

/// Writes `v` rounded to [`DECIMALS`] decimals into `buf` (no allocation:
/// reports hold millions of such cells) and returns the text. Rounding is
/// half away from zero on `v × 10⁴`; a value that rounds to zero has no sign.
pub fn fixed(v: f64, buf: &mut [u8; 48]) -> &str {
    use std::io::Write as _;
    let mut cur = std::io::Cursor::new(&mut buf[..]);
    let scaled = (v * 10_000.0).round();
    let ok = if scaled.abs() < 9.0e15 {
        let n = scaled as i64;
        let a = n.unsigned_abs();
        write!(cur, "{}{}.{:04}", if n < 0 { "-" } else { "" }, a / 10_000, a % 10_000)
    } else {
        write!(cur, "{v:.DECIMALS$}")
    };
    let len = if ok.is_ok() { cur.position() as usize } else { 0 };
    std::str::from_utf8(&buf[..len]).unwrap_or("")
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0 {
            Some(v) => {
                let mut buf = [0u8; 48];
                let text = fixed(v, &mut buf);
                if json_mode() { s.serialize_f64(text.parse().unwrap_or(0.0)) } else { s.serialize_str(text) }
            }
            None if json_mode() => s.serialize_none(),
            None => s.serialize_str(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_cell_table() {
        let cases = [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("normal", "normal"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (input, want) in cases {
            assert_eq!(safe_cell(input), want, "{input:?}");
        }
    }

    #[test]
    fn fixed_table() {
        let cases = [
            (0.0, "0.0000"),
            (-0.0, "0.0000"),
            (-0.00004, "0.0000"),
            (1.0 / 3.0, "0.3333"),
            (2.0 / 3.0, "0.6667"),
            (-2.4849066497880004, "-2.4849"),
            (13.580246913580247, "13.5802"),
            (1234567.0, "1234567.0000"),
            (1e20, "100000000000000000000.0000"),
        ];
        for (v, want) in cases {
            let mut buf = [0u8; 48];
            assert_eq!(fixed(v, &mut buf), want, "{v}");
        }
    }

    #[test]
    fn numbers_are_fixed_and_never_negative_zero() {
        #[derive(Serialize)]
        struct Row {
            a: Num,
            b: Num,
            c: Num,
            d: Num,
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(Row { a: Num::of(1.0 / 3.0), b: Num::of(-0.00001), c: Num::none(), d: Num::of(f64::NAN) }).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out, "a,b,c,d\n0.3333,0.0000,,\n");
    }
}

/// A cell of a table whose columns depend on the lexicon: counts are written
/// as integers, measures with [`DECIMALS`] decimals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Int(u64),
    Num(Num),
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Cell::Int(i) => s.serialize_u64(*i),
            Cell::Num(n) => n.serialize(s),
        }
    }
}

impl From<u64> for Cell {
    fn from(v: u64) -> Self {
        Cell::Int(v)
    }
}

impl From<f64> for Cell {
    fn from(v: f64) -> Self {
        Cell::Num(Num::of(v))
    }
}

/// The sentence around a hit, on one line, at most `max` bytes on each side
/// of the hit (cut at word boundaries, marked with `…`).
pub fn context(body: &str, sentence: std::ops::Range<usize>, hit: std::ops::Range<usize>, max: usize) -> String {
    let mut start = sentence.start.max(hit.start.saturating_sub(max));
    let mut end = sentence.end.min(hit.end + max).max(hit.end);
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    while !body.is_char_boundary(end) {
        end += 1;
    }
    // Never cut a word in half: move inward to the nearest space.
    let mid_word = |i: usize| {
        body[..i].chars().next_back().is_some_and(|c| !c.is_whitespace())
            && body[i..].chars().next().is_some_and(|c| !c.is_whitespace())
    };
    if start > sentence.start
        && mid_word(start)
        && let Some(p) = body[start..hit.start].find(' ')
    {
        start += p + 1;
    }
    if end < sentence.end
        && mid_word(end)
        && let Some(p) = body[hit.end..end].rfind(' ')
    {
        end = hit.end + p;
    }
    let start_trimmed = body[start..end].len() - body[start..end].trim_start().len();
    start += start_trimmed;
    end = start + body[start..end].trim_end().len();
    let mut s = String::with_capacity(end - start + 8);
    if start > sentence.start {
        s.push('…');
    }
    s.extend(body[start..end].chars().map(|c| if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c }));
    if end < sentence.end {
        s.push('…');
    }
    s
}

/// The file format of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// RFC 4180 CSV, UTF-8, one file per report (`hits.csv`).
    #[default]
    Csv,
    /// One JSON array of objects per report (`hits.json`).
    Json,
    /// JSON Lines: one object per line (`hits.jsonl`).
    Jsonl,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
            ReportFormat::Jsonl => "jsonl",
        }
    }
}

/// Header names of a `#[derive(Serialize)]` row, read off a serialized sample.
pub fn header_of<T: Serialize>(sample: &T) -> Vec<String> {
    let mut w = csv::WriterBuilder::new().has_headers(true).from_writer(Vec::new());
    if w.serialize(sample).is_err() {
        return Vec::new();
    }
    let data = w.into_inner().unwrap_or_default();
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(data.as_slice());
    r.records().next().and_then(|r| r.ok()).map(|r| r.iter().map(str::to_string).collect()).unwrap_or_default()
}

/// Writes one report table. A row is any `Serialize` value whose fields, in
/// order (nested structs, tuples and sequences flattened), match the header.
pub struct TableWriter {
    path: PathBuf,
    header: Vec<String>,
    sink: Sink,
    rows: usize,
}

enum Sink {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Json { out: BufWriter<File>, lines: bool },
}

fn flatten(v: serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match v {
        serde_json::Value::Object(m) => m.into_iter().for_each(|(_, v)| flatten(v, out)),
        serde_json::Value::Array(a) => a.into_iter().for_each(|v| flatten(v, out)),
        other => out.push(other),
    }
}

impl TableWriter {
    /// Creates `<dir>/<stem>.<ext>` and writes the header (CSV).
    pub fn create(dir: &Path, stem: &str, format: ReportFormat, header: Vec<String>) -> Result<TableWriter> {
        let path = dir.join(format!("{stem}.{}", format.extension()));
        let file = BufWriter::new(File::create(&path).map_err(|e| Error::io(&path, e))?);
        let sink = match format {
            ReportFormat::Csv => {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(file);
                // Column names can come from lexicon categories and axes.
                w.write_record(header.iter().map(|h| safe_cell(h).into_owned())).map_err(|e| csv_error(&path, e))?;
                Sink::Csv(Box::new(w))
            }
            ReportFormat::Json => Sink::Json { out: file, lines: false },
            ReportFormat::Jsonl => Sink::Json { out: file, lines: true },
        };
        Ok(TableWriter { path, header, sink, rows: 0 })
    }

    pub fn row<T: Serialize>(&mut self, row: &T) -> Result<()> {
        match &mut self.sink {
            Sink::Csv(w) => w.serialize(row).map_err(|e| csv_error(&self.path, e))?,
            Sink::Json { out, lines } => {
                JSON.with(|j| j.set(true));
                let value = serde_json::to_value(row);
                JSON.with(|j| j.set(false));
                let mut cells = Vec::with_capacity(self.header.len());
                flatten(value.map_err(|e| Error::io(&self.path, std::io::Error::other(e)))?, &mut cells);
                let object: serde_json::Map<String, serde_json::Value> =
                    self.header.iter().cloned().zip(cells).collect();
                let sep = match (*lines, self.rows) {
                    (true, _) => "",
                    (false, 0) => "[\n",
                    (false, _) => ",\n",
                };
                let text =
                    serde_json::to_string(&object).map_err(|e| Error::io(&self.path, std::io::Error::other(e)))?;
                let end = if *lines { "\n" } else { "" };
                write!(out, "{sep}{text}{end}").map_err(|e| Error::io(&self.path, e))?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Flushes the file and returns its path.
    pub fn finish(self) -> Result<PathBuf> {
        match self.sink {
            Sink::Csv(mut w) => w.flush().map_err(|e| Error::io(&self.path, e))?,
            Sink::Json { mut out, lines } => {
                if !lines {
                    let text = if self.rows == 0 { "[]\n" } else { "\n]\n" };
                    out.write_all(text.as_bytes()).map_err(|e| Error::io(&self.path, e))?;
                }
                out.flush().map_err(|e| Error::io(&self.path, e))?;
            }
        }
        Ok(self.path)
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    Error::io(path, std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod writer_tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: Text,
        n: u64,
        x: Num,
    }

    fn write(format: ReportFormat) -> String {
        let dir = std::env::temp_dir().join(format!("framelens-writer-{}-{format:?}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let header: Vec<String> = ["name", "n", "x", "extra"].map(String::from).to_vec();
        let mut w = TableWriter::create(&dir, "t", format, header).unwrap();
        w.row(&(Row { name: "=cmd".into(), n: 2, x: Num::of(0.5) }, vec![Cell::from(3u64)])).unwrap();
        w.row(&(Row { name: "b".into(), n: 0, x: Num::none() }, vec![Cell::from(1.0 / 3.0)])).unwrap();
        let path = w.finish().unwrap();
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn header_cells_are_neutralised_in_csv() {
        let dir = std::env::temp_dir().join(format!("framelens-writer-head-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let w = TableWriter::create(&dir, "h", ReportFormat::Csv, vec!["=cmd_narrator".into(), "ok".into()]).unwrap();
        let text = std::fs::read_to_string(w.finish().unwrap()).unwrap();
        assert_eq!(text, "'=cmd_narrator,ok\n");
    }

    #[test]
    fn one_row_three_formats() {
        assert_eq!(write(ReportFormat::Csv), "name,n,x,extra\n'=cmd,2,0.5000,3\nb,0,,0.3333\n");
        assert_eq!(
            write(ReportFormat::Jsonl),
            "{\"name\":\"=cmd\",\"n\":2,\"x\":0.5,\"extra\":3}\n{\"name\":\"b\",\"n\":0,\"x\":null,\"extra\":0.3333}\n"
        );
        let json: serde_json::Value = serde_json::from_str(&write(ReportFormat::Json)).unwrap();
        assert_eq!(json[1]["extra"], serde_json::json!(0.3333));
        assert_eq!(json.as_array().unwrap().len(), 2);
    }
}

#[cfg(test)]
mod context_tests {
    use super::*;

    #[test]
    fn context_table() {
        let body = "alpha beta gamma delta epsilon\nzeta";
        let sent = 0..body.len();
        let cases = [
            (12..16, 100, "alpha beta gamma delta epsilon zeta"),
            (11..16, 6, "…beta gamma delta…"),
            (0..5, 3, "alpha…"),
        ];
        for (hit, max, want) in cases {
            assert_eq!(context(body, sent.clone(), hit.clone(), max), want, "{hit:?} {max}");
        }
    }
}
