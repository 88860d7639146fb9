//! Report tables: the column model every report uses, and writing rows as
//! CSV, JSON or JSON Lines. A row type declares its columns once — each a
//! name with a function that reads the cell from a row — so a table's header
//! and its cells always come from the same place, whether the columns are
//! fixed or depend on the lexicon. In CSV, text cells are neutralised against
//! spreadsheet formula injection and numbers are written with a fixed number
//! of decimals, so reports are byte-identical from run to run; JSON gets the
//! same values as JSON types.
//!
//! A report that reads other reports (the page, the workbook) asks
//! [`Tables`] to keep a copy of their rows as they are written; [`page`] is
//! the HTML page's model and renderer.

pub mod page;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::choice::Choice;
use crate::error::{Error, Result};

/// Prefixes a cell that a spreadsheet would run as a formula (it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) with an apostrophe.
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// A number written with [`DECIMALS`] decimals (and `-0` as `0`), or an empty
/// cell when it is not defined.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Num(pub Option<f64>);

/// Decimals of every non-integer measure in the reports.
pub const DECIMALS: usize = 4;

impl Num {
    /// A defined value; NaN and infinities become an empty cell.
    pub fn of(v: f64) -> Num {
        Num(v.is_finite().then_some(v))
    }

    /// An empty cell.
    pub fn none() -> Num {
        Num(None)
    }
}

/// Writes `v` rounded to [`DECIMALS`] decimals into `buf` (no allocation:
/// reports hold millions of such cells) and returns the text. Rounding is
/// half away from zero on `v × 10⁴`; a value that rounds to zero has no sign.
pub fn fixed(v: f64, buf: &mut [u8; 48]) -> &str {
    let len = match scaled(v) {
        Some(n) => {
            // From the right: four decimals, the point, the whole part, the sign.
            let a = n.unsigned_abs();
            let mut at = digits(a % 10_000, 4, buf, buf.len());
            at -= 1;
            buf[at] = b'.';
            at = digits(a / 10_000, 1, buf, at);
            if n < 0 {
                at -= 1;
                buf[at] = b'-';
            }
            buf.copy_within(at.., 0);
            buf.len() - at
        }
        None => {
            use std::io::Write as _;
            let mut cur = std::io::Cursor::new(&mut buf[..]);
            match write!(cur, "{v:.DECIMALS$}") {
                Ok(()) => cur.position() as usize,
                Err(_) => 0,
            }
        }
    };
    std::str::from_utf8(&buf[..len]).unwrap_or("")
}

/// `v × 10⁴` rounded half away from zero, when it is a whole number an
/// `i64` holds exactly (what [`fixed`] writes as digits).
fn scaled(v: f64) -> Option<i64> {
    let scaled = (v * 10_000.0).round();
    (scaled.abs() < 9.0e15).then_some(scaled as i64)
}

/// `v` as [`fixed`] writes it, read back: the number its text stands for,
/// without the text (a whole number of ten-thousandths divided exactly
/// rounds as parsing its decimal text does).
fn rounded(v: f64) -> Option<f64> {
    match scaled(v) {
        Some(n) => Some(n as f64 / 10_000.0),
        None => {
            let mut buf = [0u8; 48];
            fixed(v, &mut buf).parse::<f64>().ok()
        }
    }
}

/// Writes the decimal digits of `n`, at least `min` of them (zeros in
/// front), into `buf` so that they end at `end`; returns where they begin.
fn digits(mut n: u64, min: usize, buf: &mut [u8; 48], end: usize) -> usize {
    let mut at = end;
    while n > 0 || end - at < min {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    at
}

/// Writes `n` in decimal at the start of `buf` and returns the text.
fn decimal(n: u64, buf: &mut [u8; 48]) -> &str {
    let at = digits(n, 1, buf, buf.len());
    buf.copy_within(at.., 0);
    std::str::from_utf8(&buf[..buf.len() - at]).unwrap_or("")
}

/// One cell of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Text (neutralised in CSV).
    Text(Cow<'a, str>),
    /// A count.
    Int(u64),
    /// A measure with [`DECIMALS`] decimals, or empty.
    Num(Num),
    /// A number as given (lexicon weights): the shortest text that reads back
    /// the same (`1.0`, `0.5`).
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl<'a> Value<'a> {
    /// A borrowed text cell.
    pub fn text(s: &'a str) -> Value<'a> {
        Value::Text(Cow::Borrowed(s))
    }

    /// An owned text cell.
    pub fn owned(s: String) -> Value<'static> {
        Value::Text(Cow::Owned(s))
    }

    /// A measure cell (4 decimals; empty when not finite).
    pub fn num(v: f64) -> Value<'static> {
        Value::Num(Num::of(v))
    }

    /// An optional measure cell.
    pub fn opt(v: Option<f64>) -> Value<'static> {
        Value::Num(Num(v.filter(|x| x.is_finite())))
    }

    /// A count cell.
    pub fn int(v: impl Into<u64>) -> Value<'static> {
        Value::Int(v.into())
    }

    fn csv_text<'b>(&'b self, buf: &'b mut [u8; 48]) -> Cow<'b, str> {
        match self {
            Value::Text(s) => safe_cell(s),
            Value::Int(i) => Cow::Borrowed(decimal(*i, buf)),
            Value::Num(Num(Some(v))) => Cow::Borrowed(fixed(*v, buf)),
            Value::Num(Num(None)) => Cow::Borrowed(""),
            Value::Float(f) => Cow::Owned(format!("{f:?}")),
            Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Value::Text(s) => serde_json::Value::String(s.to_string()),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Num(Num(Some(v))) => serde_json::Value::from(rounded(*v).unwrap_or(0.0)),
            Value::Num(Num(None)) => serde_json::Value::Null,
            Value::Float(f) => serde_json::Value::from(*f),
            Value::Bool(b) => serde_json::Value::Bool(*b),
        }
    }
}

type Getter<R, C> = Box<dyn for<'a> Fn(&'a C, &'a R) -> Value<'a> + Send + Sync>;

/// One column of a table: its name and how to read its cell from a row (and
/// the table's context `C`, such as the lexicon, shared by every row).
pub struct Column<R, C = ()> {
    /// The header name.
    pub name: String,
    get: Getter<R, C>,
}

/// The columns of a table, in order.
pub struct Columns<R, C = ()> {
    list: Vec<Column<R, C>>,
}

impl<R, C> Default for Columns<R, C> {
    fn default() -> Self {
        Columns { list: Vec::new() }
    }
}

impl<R: 'static, C: 'static> Columns<R, C> {
    /// No columns yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a column read from the row alone (builder style).
    pub fn col(
        mut self,
        name: impl Into<String>,
        get: impl for<'a> Fn(&'a R) -> Value<'a> + Send + Sync + 'static,
    ) -> Self {
        self.push(name, get);
        self
    }

    /// Adds a column read from the context and the row (builder style).
    pub fn col_with(
        mut self,
        name: impl Into<String>,
        get: impl for<'a> Fn(&'a C, &'a R) -> Value<'a> + Send + Sync + 'static,
    ) -> Self {
        self.list.push(Column { name: name.into(), get: Box::new(get) });
        self
    }

    /// Adds a column read from the row alone.
    pub fn push(&mut self, name: impl Into<String>, get: impl for<'a> Fn(&'a R) -> Value<'a> + Send + Sync + 'static) {
        self.list.push(Column { name: name.into(), get: Box::new(move |_, r| get(r)) });
    }
}

impl<R, C> Columns<R, C> {
    /// The header.
    pub fn names(&self) -> Vec<&str> {
        self.list.iter().map(|c| c.name.as_str()).collect()
    }

    /// The cells of one row, in column order.
    pub fn cells<'a>(&'a self, ctx: &'a C, row: &'a R) -> impl Iterator<Item = Value<'a>> + 'a {
        self.list.iter().map(move |c| (c.get)(ctx, row))
    }

    /// The first column name that appears twice, if any.
    pub fn repeated(&self) -> Option<&str> {
        let mut seen = std::collections::HashSet::new();
        self.list.iter().map(|c| c.name.as_str()).find(|n| !seen.insert(*n))
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are no columns.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A row type with fixed columns.
pub trait Row: Sized + 'static {
    /// The table's columns.
    fn columns() -> Columns<Self>;
}

/// The file format of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// RFC 4180 CSV, UTF-8, one file per report (`hits.csv`).
    #[default]
    Csv,
    /// One JSON array of objects per report (`hits.json`).
    Json,
    /// JSON Lines: one object per line (`hits.jsonl`).
    Jsonl,
}

impl Choice for ReportFormat {
    const CHOICES: &'static [(Self, &'static str, &'static str)] = &[
        (ReportFormat::Csv, "csv", "RFC 4180 CSV, UTF-8, one file per report (hits.csv)"),
        (ReportFormat::Json, "json", "one JSON array of objects per report (hits.json)"),
        (ReportFormat::Jsonl, "jsonl", "JSON Lines: one object per line (hits.jsonl)"),
    ];
}

impl ReportFormat {
    /// The file extension of a report in this format.
    pub fn extension(self) -> &'static str {
        self.name()
    }
}

/// Where reports are written: a folder, or memory (for the browser version
/// and for tests).
pub trait Output: Send {
    /// Creates (or replaces) the file `name` and returns a writer for it.
    fn create(&mut self, name: &str) -> Result<Box<dyn Write + Send>>;
    /// Where `name` is, for messages and the summary.
    fn path(&self, name: &str) -> PathBuf;
    /// Where tables written here are also kept for other reports, if anywhere.
    fn tables(&self) -> Option<Tables> {
        None
    }
}

/// An output whose tables are also kept in [`Tables`] (as much of each as
/// was asked for), for the reports that read the others.
pub struct Tapped<'a> {
    out: &'a mut dyn Output,
    tables: Tables,
}

impl<'a> Tapped<'a> {
    /// Writes into `out`, keeping tables in `tables`.
    pub fn new(out: &'a mut dyn Output, tables: Tables) -> Tapped<'a> {
        Tapped { out, tables }
    }
}

impl Output for Tapped<'_> {
    fn create(&mut self, name: &str) -> Result<Box<dyn Write + Send>> {
        self.out.create(name)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.out.path(name)
    }
    fn tables(&self) -> Option<Tables> {
        Some(self.tables.clone())
    }
}

/// One cell of a kept table: a [`Value`] that owns its text. Measures are
/// kept rounded as the CSV writes them, so every report shows the same number.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Cell {
    /// Text, as is (not neutralised: it is never written to CSV from here).
    Text(String),
    /// A count.
    Int(u64),
    /// A measure rounded to [`DECIMALS`] decimals, or empty.
    Num(Option<f64>),
    /// A number as given.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl Cell {
    fn of(v: Value) -> Cell {
        match v {
            Value::Text(s) => Cell::Text(s.into_owned()),
            Value::Int(i) => Cell::Int(i),
            Value::Num(Num(Some(x))) => Cell::Num(rounded(x)),
            Value::Num(Num(None)) => Cell::Num(None),
            Value::Float(f) => Cell::Float(f),
            Value::Bool(b) => Cell::Bool(b),
        }
    }

    /// The text of a text cell ("" for other cells).
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(s) => s,
            _ => "",
        }
    }

    /// The number in a numeric cell.
    pub fn number(&self) -> Option<f64> {
        match *self {
            Cell::Int(i) => Some(i as f64),
            Cell::Num(x) => x,
            Cell::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The count in a count cell.
    pub fn count(&self) -> Option<u64> {
        match *self {
            Cell::Int(i) => Some(i),
            _ => None,
        }
    }

    /// The flag in a `true`/`false` cell.
    pub fn flag(&self) -> Option<bool> {
        match *self {
            Cell::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// A report table kept in memory: its columns and its first rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The report's name without extension (`outlets`).
    pub name: String,
    /// The header.
    pub columns: Vec<String>,
    /// The rows kept, in the order written.
    pub rows: Vec<Vec<Cell>>,
    /// Rows written to the report, kept or not.
    pub total: u64,
}

impl Table {
    /// The position of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The cell of `row` in the column `name`, if the table has one.
    pub fn cell<'a>(&self, row: &'a [Cell], name: &str) -> Option<&'a Cell> {
        self.column(name).and_then(|i| row.get(i))
    }
}

/// The tables written in a run, kept for the reports that read other
/// reports. A report asks for a table (and how many of its rows) before the
/// run; only what was asked for is kept, so a run nobody reads from costs
/// nothing. Clones share the same store.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    inner: Arc<Mutex<Store>>,
}

#[derive(Debug, Default)]
struct Store {
    wants: BTreeMap<String, Want>,
    every: usize,
    done: Vec<Arc<Table>>,
    /// Where the first rows of every table go as they are written (the
    /// workbook), instead of being kept, and how many rows of each.
    stream: Option<(Box<dyn TableStream>, usize)>,
    /// Where every row of one table goes as it is written (`scores.csv`
    /// melts the outlets table row by row instead of keeping it).
    table_streams: Vec<(String, Box<dyn TableStream>)>,
}

/// Takes the rows of every table as they are written, so that a report
/// that shows them all (the workbook) needs no copy of them in memory.
pub trait TableStream: Send {
    /// A table begins, with its name (`outlets`) and header: where its rows
    /// go. Tables are written side by side on several threads, each into
    /// its own sink, so a row waits for no other table's.
    fn start(&mut self, name: &str, columns: &[String]) -> Result<Box<dyn RowSink>>;
}

/// Where the rows of one table go as they are written.
pub trait RowSink: Send {
    /// One row, in the order written (only the table's first rows, as many
    /// as asked for).
    fn row(&mut self, cells: Vec<Cell>) -> Result<()>;
    /// The table is complete: `total` rows were written to it in all.
    fn end(self: Box<Self>, total: u64) -> Result<()>;
}

impl std::fmt::Debug for dyn TableStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TableStream")
    }
}

/// What is kept of one table: its first rows, and the first rows whose
/// column has a given text.
#[derive(Debug, Clone, Default)]
struct Want {
    rows: usize,
    only: Vec<(String, String, usize)>,
    /// Of the first rows, only the first so many of each group of rows
    /// sharing these columns' texts (unless someone wants them all).
    per_group: Option<(Vec<String>, usize)>,
    /// Whether someone wants the first rows whatever their group.
    all_groups: bool,
}

impl Tables {
    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        match self.inner.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Keeps the first `rows` rows of the table `name` (the most anyone asked for).
    pub fn want(&self, name: &str, rows: usize) {
        let mut s = self.store();
        let w = s.wants.entry(name.to_string()).or_default();
        w.rows = w.rows.max(rows);
        w.all_groups = true;
    }

    /// Keeps, of the first `rows` rows of the table `name`, the first
    /// `per_group` of each group of rows with the same texts in `columns`
    /// (an outlet's first terms in each event, say): what a reader of only
    /// those needs, without the rest of the rows.
    pub fn want_first_per(&self, name: &str, rows: usize, columns: &[&str], per_group: usize) {
        let mut s = self.store();
        let w = s.wants.entry(name.to_string()).or_default();
        w.rows = w.rows.max(rows);
        let most = w.per_group.as_ref().map_or(0, |p| p.1).max(per_group);
        w.per_group = Some((columns.iter().map(|c| c.to_string()).collect(), most));
    }

    /// Also keeps the first `rows` rows of the table `name` whose `column`
    /// holds the text `value` (the outlets' all-events rows, say). The table
    /// may hold other rows too, kept for someone else.
    pub fn want_where(&self, name: &str, column: &str, value: &str, rows: usize) {
        let mut s = self.store();
        s.wants.entry(name.to_string()).or_default().only.push((column.to_string(), value.to_string(), rows));
    }

    /// Keeps the first `rows` rows of every table.
    pub fn want_every(&self, rows: usize) {
        let mut s = self.store();
        s.every = s.every.max(rows);
    }

    /// Sends the first `rows` rows of every table written from now on to
    /// `stream` (see [`TableStream`]).
    pub fn stream_every(&self, stream: Box<dyn TableStream>, rows: usize) {
        self.store().stream = Some((stream, rows));
    }

    /// Sends every row of the table `name` to `stream` as it is written.
    pub fn stream_table(&self, name: &str, stream: Box<dyn TableStream>) {
        self.store().table_streams.push((name.to_string(), stream));
    }

    /// The sinks of every stream that takes every row of the table `name`.
    fn start_table_streams(&self, name: &str, columns: &[String]) -> Result<Vec<Box<dyn RowSink>>> {
        let mut store = self.store();
        store.table_streams.iter_mut().filter(|(n, _)| n == name).map(|(_, s)| s.start(name, columns)).collect()
    }

    /// Stops streaming (tables written later are not sent) and drops the stream.
    pub fn end_stream(&self) {
        self.store().stream = None;
    }

    /// The sink of the stream of every table's first rows, and how many
    /// rows it takes, if there is a stream.
    fn start_stream(&self, name: &str, columns: &[String]) -> Result<Option<(Box<dyn RowSink>, usize)>> {
        match &mut self.store().stream {
            Some((s, rows)) if *rows > 0 => Ok(Some((s.start(name, columns)?, *rows))),
            _ => Ok(None),
        }
    }

    /// Whether any table is to be kept.
    pub fn wanted(&self) -> bool {
        let s = self.store();
        s.every > 0
            || s.stream.is_some()
            || !s.table_streams.is_empty()
            || s.wants.values().any(|w| w.rows > 0 || w.only.iter().any(|o| o.2 > 0))
    }

    fn want_of(&self, name: &str) -> Want {
        let s = self.store();
        let mut w = s.wants.get(name).cloned().unwrap_or_default();
        w.rows = w.rows.max(s.every);
        if w.all_groups || s.every > 0 {
            w.per_group = None;
        }
        w
    }

    fn put(&self, table: Table) {
        self.store().done.push(Arc::new(table));
    }

    /// The table `name`, once it is written.
    pub fn get(&self, name: &str) -> Option<Arc<Table>> {
        self.store().done.iter().find(|t| t.name == name).cloned()
    }

    /// Every table kept, in the order they were finished.
    pub fn all(&self) -> Vec<Arc<Table>> {
        self.store().done.clone()
    }
}

/// Reports written into a folder.
#[derive(Debug, Clone)]
pub struct DirOutput {
    dir: PathBuf,
}

impl DirOutput {
    /// Writes into `dir`, which must exist.
    pub fn new(dir: impl Into<PathBuf>) -> DirOutput {
        DirOutput { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Output for DirOutput {
    fn create(&mut self, name: &str) -> Result<Box<dyn Write + Send>> {
        let path = self.dir.join(name);
        let file = File::create(&path).map_err(|e| Error::write(&path, e))?;
        Ok(Box::new(BufWriter::new(file)))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// Reports kept in memory, by file name.
#[derive(Debug, Clone, Default)]
pub struct MemOutput {
    files: std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>>,
}

/// A writer into one file of a [`MemOutput`]; the bytes land when it is dropped.
struct MemFile {
    name: String,
    buf: Vec<u8>,
    files: std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>>,
}

impl Write for MemFile {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for MemFile {
    fn drop(&mut self) {
        let mut files = match self.files.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        files.insert(std::mem::take(&mut self.name), std::mem::take(&mut self.buf));
    }
}

impl MemOutput {
    /// The files written so far, by name.
    pub fn files(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        match self.files.lock() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }
}

impl Output for MemOutput {
    fn create(&mut self, name: &str) -> Result<Box<dyn Write + Send>> {
        Ok(Box::new(MemFile { name: name.to_string(), buf: Vec::new(), files: self.files.clone() }))
    }

    fn path(&self, name: &str) -> PathBuf {
        PathBuf::from(name)
    }
}

/// Writes one report table, row by row.
pub struct TableWriter<R, C = ()> {
    path: PathBuf,
    columns: Columns<R, C>,
    sink: Sink,
    rows: usize,
    tap: Option<Tap>,
}

/// The columns that make a group of rows, the most rows of one group kept,
/// and the rows kept of each group so far.
type PerGroup = (Vec<usize>, usize, HashMap<Vec<String>, usize>);

/// The copy of a table being kept for other reports.
struct Tap {
    tables: Tables,
    table: Table,
    /// The first rows kept whatever they hold (but see `per_group`).
    rows: usize,
    /// Of those, only the first so many of each group.
    per_group: Option<PerGroup>,
    /// (column, text, rows wanted, rows seen with it) of rows kept by what they hold.
    only: Vec<(usize, String, usize, usize)>,
    /// Where the first rows go (the tables' stream), and how many.
    stream: Option<(Box<dyn RowSink>, usize)>,
    /// Where every row also goes (the streams of this table).
    own: Vec<Box<dyn RowSink>>,
}

enum Sink {
    Csv(Box<csv::Writer<Box<dyn Write + Send>>>),
    Json { out: Box<dyn Write + Send>, lines: bool },
}

impl<R> TableWriter<R, ()> {
    /// Writes one row.
    pub fn row(&mut self, row: &R) -> Result<()> {
        self.row_with(&(), row)
    }

    /// Writes every row of an iterator.
    pub fn rows<'r>(&mut self, rows: impl IntoIterator<Item = &'r R>) -> Result<()>
    where
        R: 'r,
    {
        rows.into_iter().try_for_each(|r| self.row(r))
    }
}

impl<R, C> TableWriter<R, C> {
    /// Creates `<stem>.<ext>` in `out` and writes the header (CSV).
    pub fn create(out: &mut dyn Output, stem: &str, format: ReportFormat, columns: Columns<R, C>) -> Result<Self> {
        let name = format!("{stem}.{}", format.extension());
        let path = out.path(&name);
        let file = out.create(&name)?;
        let tap = match out.tables() {
            Some(tables) => {
                let want = tables.want_of(stem);
                let names: Vec<String> = columns.names().into_iter().map(str::to_string).collect();
                let only: Vec<(usize, String, usize, usize)> = want
                    .only
                    .into_iter()
                    .filter_map(|(col, value, rows)| Some((names.iter().position(|n| *n == col)?, value, rows, 0)))
                    .filter(|o| o.2 > 0)
                    .collect();
                let per_group = want.per_group.and_then(|(cols, most)| {
                    let at: Option<Vec<usize>> = cols.iter().map(|c| names.iter().position(|n| n == c)).collect();
                    Some((at?, most, HashMap::new()))
                });
                let stream = tables.start_stream(stem, &names)?;
                let own = tables.start_table_streams(stem, &names)?;
                let table = Table { name: stem.to_string(), columns: names, ..Table::default() };
                (want.rows > 0 || !only.is_empty() || stream.is_some() || !own.is_empty()).then_some(Tap {
                    tables,
                    table,
                    rows: want.rows,
                    per_group,
                    only,
                    stream,
                    own,
                })
            }
            None => None,
        };
        let mut w = Self::new(file, path, format, columns)?;
        w.tap = tap;
        Ok(w)
    }

    /// Writes the table into `file` (named `path` in messages), header first (CSV).
    pub fn new(
        file: Box<dyn Write + Send>,
        path: PathBuf,
        format: ReportFormat,
        columns: Columns<R, C>,
    ) -> Result<Self> {
        let sink = match format {
            ReportFormat::Csv => {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(file);
                // Column names can come from lexicon categories and axes.
                w.write_record(columns.names().iter().map(|h| safe_cell(h).into_owned()))
                    .map_err(|e| csv_error(&path, e))?;
                Sink::Csv(Box::new(w))
            }
            ReportFormat::Json => Sink::Json { out: file, lines: false },
            ReportFormat::Jsonl => Sink::Json { out: file, lines: true },
        };
        Ok(TableWriter { path, columns, sink, rows: 0, tap: None })
    }

    /// Writes one row, reading cells with the table's context `ctx`.
    pub fn row_with(&mut self, ctx: &C, row: &R) -> Result<()> {
        match &mut self.sink {
            Sink::Csv(w) => {
                let mut buf = [0u8; 48];
                for value in self.columns.cells(ctx, row) {
                    w.write_field(value.csv_text(&mut buf).as_bytes()).map_err(|e| csv_error(&self.path, e))?;
                }
                w.write_record(None::<&[u8]>).map_err(|e| csv_error(&self.path, e))?;
            }
            Sink::Json { out, lines } => {
                let object: serde_json::Map<String, serde_json::Value> =
                    self.columns.list.iter().map(|c| (c.name.clone(), (c.get)(ctx, row).json())).collect();
                let sep = match (*lines, self.rows) {
                    (true, _) => "",
                    (false, 0) => "[\n",
                    (false, _) => ",\n",
                };
                let text =
                    serde_json::to_string(&object).map_err(|e| Error::write(&self.path, std::io::Error::other(e)))?;
                let end = if *lines { "\n" } else { "" };
                write!(out, "{sep}{text}{end}").map_err(|e| Error::write(&self.path, e))?;
            }
        }
        self.rows += 1;
        if let Some(tap) = &mut self.tap {
            let mut keep = tap.table.total < tap.rows as u64;
            if let (true, Some((cols, most, kept))) = (keep, &mut tap.per_group) {
                let cells: Vec<Value> = self.columns.cells(ctx, row).collect();
                let group: Vec<String> = cols
                    .iter()
                    .map(|&c| match cells.get(c) {
                        Some(Value::Text(t)) => t.to_string(),
                        _ => String::new(),
                    })
                    .collect();
                let n = kept.entry(group).or_default();
                keep = *n < *most;
                *n += usize::from(keep);
            }
            for (col, value, wanted, seen) in &mut tap.only {
                let matches = self.columns.cells(ctx, row).nth(*col).is_some_and(|v| match v {
                    Value::Text(t) => *t == **value,
                    _ => false,
                });
                if matches {
                    keep |= *seen < *wanted;
                    *seen += 1;
                }
            }
            if let Some((sink, rows)) = &mut tap.stream
                && tap.table.total < *rows as u64
            {
                sink.row(self.columns.cells(ctx, row).map(Cell::of).collect())?;
            }
            for sink in &mut tap.own {
                sink.row(self.columns.cells(ctx, row).map(Cell::of).collect())?;
            }
            tap.table.total += 1;
            if keep {
                tap.table.rows.push(self.columns.cells(ctx, row).map(Cell::of).collect());
            }
        }
        Ok(())
    }

    /// Flushes what was written so far (rows reach a pipe as they come).
    pub fn flush(&mut self) -> Result<()> {
        let done = match &mut self.sink {
            Sink::Csv(w) => w.flush(),
            Sink::Json { out, .. } => out.flush(),
        };
        done.map_err(|e| Error::write(&self.path, e))
    }

    /// Flushes the file and returns where it is.
    pub fn finish(self) -> Result<PathBuf> {
        if let Some(tap) = self.tap {
            let total = tap.table.total;
            for sink in tap.stream.map(|(sink, _)| sink).into_iter().chain(tap.own) {
                sink.end(total)?;
            }
            tap.tables.put(tap.table);
        }
        match self.sink {
            Sink::Csv(mut w) => w.flush().map_err(|e| Error::write(&self.path, e))?,
            Sink::Json { mut out, lines } => {
                if !lines {
                    let text = if self.rows == 0 { "[]\n" } else { "\n]\n" };
                    out.write_all(text.as_bytes()).map_err(|e| Error::write(&self.path, e))?;
                }
                out.flush().map_err(|e| Error::write(&self.path, e))?;
            }
        }
        Ok(self.path)
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    Error::write(path, std::io::Error::other(e.to_string()))
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

    /// The digits written by hand are what formatting writes, and the
    /// number read back without the text is the text's number, on values
    /// around every power of ten, halves included, of either sign.
    #[test]
    fn fixed_and_rounded_agree_with_formatting() {
        let mut values = vec![0.0, -0.0, 0.00005, -0.00005, 0.00015, 4.99995, 9.99995, 8.9e11, 9.1e11, 1e12, 1e16];
        for e in -6..16 {
            let p = 10f64.powi(e);
            for m in [1.0, 1.00005, 0.99995, 1.5, 2.0 / 3.0, 7.123456789, 9.99999] {
                values.extend([p * m, -p * m]);
            }
        }
        for v in values {
            let mut buf = [0u8; 48];
            let text = fixed(v, &mut buf).to_string();
            let scaled = (v * 10_000.0).round();
            let want = if scaled.abs() < 9.0e15 {
                let n = scaled as i64;
                let a = n.unsigned_abs();
                format!("{}{}.{:04}", if n < 0 { "-" } else { "" }, a / 10_000, a % 10_000)
            } else {
                format!("{v:.4}")
            };
            assert_eq!(text, want, "{v}");
            assert_eq!(rounded(v).map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits), "{v}");
        }
    }

    proptest::proptest! {
        /// As above, on any finite value.
        #[test]
        fn fixed_and_rounded_agree_on_any_value(v in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO, small in -1e7f64..1e7) {
            for v in [v, small] {
                let mut buf = [0u8; 48];
                let text = fixed(v, &mut buf).to_string();
                let scaled = (v * 10_000.0).round();
                if scaled.abs() < 9.0e15 {
                    let n = scaled as i64;
                    let a = n.unsigned_abs();
                    proptest::prop_assert_eq!(&text, &format!("{}{}.{:04}", if n < 0 { "-" } else { "" }, a / 10_000, a % 10_000));
                }
                proptest::prop_assert_eq!(rounded(v).map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits));
            }
        }
    }

    #[test]
    fn decimal_table() {
        for n in [0, 7, 10, 99, 100, 12_345, u64::from(u32::MAX), u64::MAX] {
            let mut buf = [0u8; 48];
            assert_eq!(decimal(n, &mut buf), n.to_string());
        }
    }

    struct Row1 {
        name: String,
        n: u64,
        x: Num,
        w: f64,
        flag: bool,
    }

    impl Row for Row1 {
        fn columns() -> Columns<Self> {
            Columns::new()
                .col("name", |r: &Row1| Value::text(&r.name))
                .col("n", |r: &Row1| Value::Int(r.n))
                .col("x", |r: &Row1| Value::Num(r.x))
                .col("w", |r: &Row1| Value::Float(r.w))
                .col("flag", |r: &Row1| Value::Bool(r.flag))
        }
    }

    fn write(format: ReportFormat) -> String {
        let mut out = MemOutput::default();
        let mut w = TableWriter::create(&mut out, "t", format, Row1::columns()).unwrap();
        w.row(&Row1 { name: "=cmd".into(), n: 2, x: Num::of(0.5), w: 1.0, flag: true }).unwrap();
        w.row(&Row1 { name: "b, \"c\"".into(), n: 0, x: Num::of(-0.00001), w: 0.5, flag: false }).unwrap();
        w.row(&Row1 { name: String::new(), n: 1, x: Num::of(f64::NAN), w: 2.0, flag: false }).unwrap();
        w.finish().unwrap();
        let name = format!("t.{}", format.extension());
        String::from_utf8(out.files().remove(&name).unwrap()).unwrap()
    }

    #[test]
    fn one_table_three_formats() {
        assert_eq!(
            write(ReportFormat::Csv),
            "name,n,x,w,flag\n'=cmd,2,0.5000,1.0,true\n\"b, \"\"c\"\"\",0,0.0000,0.5,false\n,1,,2.0,false\n"
        );
        assert_eq!(
            write(ReportFormat::Jsonl).lines().next().unwrap(),
            "{\"name\":\"=cmd\",\"n\":2,\"x\":0.5,\"w\":1.0,\"flag\":true}"
        );
        let json: serde_json::Value = serde_json::from_str(&write(ReportFormat::Json)).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 3);
        assert_eq!(json[2]["x"], serde_json::Value::Null);
        assert_eq!(json[1]["name"], "b, \"c\"");
    }

    #[test]
    fn header_cells_are_neutralised_in_csv() {
        let mut out = MemOutput::default();
        let cols =
            Columns::<Row1>::new().col("=cmd_narrator", |r: &Row1| Value::Int(r.n)).col("ok", |r| Value::Int(r.n));
        TableWriter::create(&mut out, "h", ReportFormat::Csv, cols).unwrap().finish().unwrap();
        assert_eq!(out.files()["h.csv"], b"'=cmd_narrator,ok\n");
    }

    #[test]
    fn tables_keep_what_was_asked_for() {
        let mut mem = MemOutput::default();
        let tables = Tables::default();
        assert!(!tables.wanted());
        tables.want("t", 2);
        tables.want("t", 1);
        assert!(tables.wanted());
        let mut out = Tapped::new(&mut mem, tables.clone());
        let mut w = TableWriter::create(&mut out, "t", ReportFormat::Jsonl, Row1::columns()).unwrap();
        for n in 0..3 {
            w.row(&Row1 { name: format!("=r{n}"), n, x: Num::of(1.0 / 3.0), w: 0.5, flag: n == 1 }).unwrap();
        }
        w.finish().unwrap();
        TableWriter::create(&mut out, "other", ReportFormat::Csv, Row1::columns()).unwrap().finish().unwrap();
        let t = tables.get("t").unwrap();
        assert_eq!(t.columns, ["name", "n", "x", "w", "flag"]);
        assert_eq!((t.rows.len(), t.total), (2, 3), "the most asked for, and the count of all");
        assert_eq!(t.rows[0][0], Cell::Text("=r0".into()), "kept as written, not neutralised");
        assert_eq!(t.cell(&t.rows[1], "x"), Some(&Cell::Num(Some(0.3333))), "rounded as in the CSV");
        assert_eq!(t.cell(&t.rows[1], "flag").and_then(Cell::flag), Some(true));
        assert!(tables.get("other").is_none(), "nobody asked for it");
        // Rows kept for what they hold, beside the first rows kept for someone else.
        let tables = Tables::default();
        tables.want("u", 1);
        tables.want_where("u", "name", "b", 2);
        let mut out = Tapped::new(&mut mem, tables.clone());
        let mut w = TableWriter::create(&mut out, "u", ReportFormat::Csv, Row1::columns()).unwrap();
        for (n, name) in ["a", "b", "a", "b", "b", "b"].iter().enumerate() {
            w.row(&Row1 { name: name.to_string(), n: n as u64, x: Num::none(), w: 1.0, flag: false }).unwrap();
        }
        w.finish().unwrap();
        let u = tables.get("u").unwrap();
        let kept: Vec<u64> = u.rows.iter().filter_map(|r| r[1].count()).collect();
        assert_eq!(kept, [0, 1, 3], "the first row, then the first two named b");
        // The first rows of each group, among the first rows; a reader that
        // wants the first rows whatever their group gets them all.
        let names = ["a", "b", "a", "a", "b", "c", "a", "c"];
        for (plain, want) in [(false, vec![0, 1, 2, 4, 5]), (true, vec![0, 1, 2, 3, 4, 5])] {
            let tables = Tables::default();
            tables.want_first_per("g", 6, &["name"], 2);
            if plain {
                tables.want("g", 1);
            }
            let mut out = Tapped::new(&mut mem, tables.clone());
            let mut w = TableWriter::create(&mut out, "g", ReportFormat::Csv, Row1::columns()).unwrap();
            for (n, name) in names.iter().enumerate() {
                w.row(&Row1 { name: name.to_string(), n: n as u64, x: Num::none(), w: 1.0, flag: false }).unwrap();
            }
            w.finish().unwrap();
            let g = tables.get("g").unwrap();
            let kept: Vec<u64> = g.rows.iter().filter_map(|r| r[1].count()).collect();
            assert_eq!(kept, want, "plain want too: {plain}");
            assert_eq!(g.total, 8);
        }
        // The file itself is written as usual.
        assert_eq!(mem.files()["t.jsonl"].iter().filter(|&&b| b == b'\n').count(), 3);
    }

    #[test]
    fn repeated_column_names_are_found() {
        let cols = Columns::<Row1>::new().col("a", |r: &Row1| Value::Int(r.n)).col("b", |r| Value::Int(r.n));
        assert_eq!(cols.repeated(), None);
        assert_eq!(cols.col("a", |r| Value::Int(r.n)).repeated(), Some("a"));
    }
}
