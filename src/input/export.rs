//! Exports: CSV (Media Cloud's columns by default, `.tsv` tab-separated) and
//! JSON Lines (news-please keys), read a chunk of rows at a time so that a
//! million-row export never sits in memory at once. Columns (or keys) are
//! found by name, first match wins, or named by the user. Every row that
//! cannot be used becomes a skipped item naming its line.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::article::{self, Defaults, FrontMatter};
use super::csv_reader::{CsvReader, Record};
use super::decode::{Fallback, decode};
use super::{Columns, Item, ReadOptions, Shard};
use crate::error::{Diagnostic, Error, Location, Severity};

pub(super) const TEXT_NAMES: &[&str] = &["text", "maintext", "content", "body", "story_text", "full_text", "article"];
pub(super) const TITLE_NAMES: &[&str] = &["title", "headline"];
pub(super) const OUTLET_NAMES: &[&str] = &["media_name", "outlet", "source_domain", "source", "media", "publisher"];
pub(super) const DATE_NAMES: &[&str] = &["publish_date", "date_publish", "date", "published", "publication_date"];
pub(super) const URL_NAMES: &[&str] = &["url", "link"];
pub(super) const LANGUAGE_NAMES: &[&str] = &["language", "lang"];
pub(super) const ID_NAMES: &[&str] = &["stories_id", "id", "story_id", "article_id"];
pub(super) const EVENT_NAMES: &[&str] = &["event", "story"];

/// The position of each known field in a header.
#[derive(Debug, Clone, Default)]
struct FieldIndex {
    text: Option<usize>,
    title: Option<usize>,
    outlet: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
    language: Option<usize>,
    id: Option<usize>,
    event: Option<usize>,
}

fn find(header: &[String], chosen: &Option<String>, names: &[&str]) -> Result<Option<usize>, String> {
    match chosen {
        Some(c) => header.iter().position(|h| h.eq_ignore_ascii_case(c)).map(Some).ok_or_else(|| c.clone()),
        None => Ok(names.iter().find_map(|n| header.iter().position(|h| h.eq_ignore_ascii_case(n)))),
    }
}

impl FieldIndex {
    fn new(header: &[String], c: &Columns) -> Result<FieldIndex, String> {
        Ok(FieldIndex {
            text: find(header, &c.text, TEXT_NAMES)?,
            title: find(header, &c.title, TITLE_NAMES)?,
            outlet: find(header, &c.outlet, OUTLET_NAMES)?,
            date: find(header, &c.date, DATE_NAMES)?,
            url: find(header, &c.url, URL_NAMES)?,
            language: find(header, &c.language, LANGUAGE_NAMES)?,
            id: find(header, &c.id, ID_NAMES)?,
            event: find(header, &c.event, EVENT_NAMES)?,
        })
    }
}

pub(super) struct CsvSource {
    reader: CsvReader<Box<dyn BufRead + Send>>,
    record: Record,
    fields: FieldIndex,
    /// Fields in the header; a row with another count is skipped.
    width: usize,
    delimiter: u8,
    limit: usize,
    path: PathBuf,
    event: Option<String>,
    fallback: Fallback,
    /// Rows read after the header.
    rows: usize,
    /// The input could not be read any further.
    failed: bool,
}

/// The name of a delimiter in messages.
fn delimiter_name(d: u8) -> String {
    match d {
        b',' => "comma".to_string(),
        b';' => "semicolon".to_string(),
        b'\t' => "tab".to_string(),
        other => format!("{:?}", other as char),
    }
}

fn parse_header(line: &[u8], delimiter: u8) -> Vec<String> {
    let mut reader = CsvReader::new(line, delimiter, 1 << 20);
    let mut rec = Record::default();
    match reader.read(&mut rec) {
        Ok(true) => rec.fields().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

impl CsvSource {
    pub(super) fn new(
        input: Box<dyn BufRead + Send>,
        path: PathBuf,
        event: Option<String>,
        options: &ReadOptions,
    ) -> Result<Self, Error> {
        let columns = &options.columns;
        let tsv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        let limit = usize::try_from(options.max_article_bytes).unwrap_or(usize::MAX);
        // Where a record ends does not depend on the separator, so the
        // header is read first and the separator chosen from it.
        let mut reader: CsvReader<Box<dyn BufRead + Send>> = CsvReader::new(input, b',', limit.min(1 << 20));
        let mut head = Record::default();
        reader
            .read(&mut head)
            .map_err(|e| Error::input(Location::line(&path, 1), format!("cannot read the CSV header: {e}")))?;
        let line = head.raw.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&head.raw).to_vec();
        // Spreadsheets in much of Europe save "CSV" with semicolons: take
        // the separator under which the header names a text column.
        let candidates: Vec<u8> = match options.delimiter {
            Some(d) => vec![d],
            None if tsv => vec![b'\t'],
            None => vec![b',', b';', b'\t'],
        };
        let mut chosen = None;
        for &d in &candidates {
            let header = parse_header(&line, d);
            if let Ok(f) = FieldIndex::new(&header, columns)
                && f.text.is_some()
            {
                chosen = Some((d, header, f));
                break;
            }
        }
        let Some((delimiter, header, fields)) = chosen else {
            let d = candidates[0];
            let header = parse_header(&line, d);
            let how = if options.delimiter.is_some() {
                format!("read with the {} separator you gave", delimiter_name(d))
            } else {
                format!(
                    "tried {} separators",
                    candidates.iter().map(|c| delimiter_name(*c)).collect::<Vec<_>>().join(", ")
                )
            };
            if header.is_empty() || header.iter().all(String::is_empty) {
                return Err(Error::input(
                    Location::line(&path, 1),
                    "the file is empty: a CSV export starts with a header row naming its columns (text, title, \
                     media_name, …)",
                ));
            }
            if let Err(missing) = FieldIndex::new(&header, columns) {
                return Err(Error::input(
                    Location::line(&path, 1),
                    format!("no column named {missing:?} ({how}); the header has: {}", header.join(", ")),
                ));
            }
            return Err(Error::input(
                Location::line(&path, 1),
                format!(
                    "no text column (looked for {}; {how}); name it with --text-column, or give the separator \
                     with --delimiter. The header has: {}",
                    TEXT_NAMES.join(", "),
                    header.join(", ")
                ),
            ));
        };
        reader.set(delimiter, limit);
        Ok(CsvSource {
            reader,
            record: Record::default(),
            fields,
            width: header.len(),
            delimiter,
            limit,
            path,
            event,
            fallback: options.fallback,
            rows: 0,
            failed: false,
        })
    }

    /// Rows read so far (the header not counted).
    pub(super) fn rows(&self) -> usize {
        self.rows
    }

    /// The export's name in messages.
    pub(super) fn shown(&self) -> String {
        crate::error::shown(&self.path)
    }

    /// Adds rows (of `shard` only) until `out` holds `max` items; true when
    /// the export is exhausted. Every row is read and its shape checked
    /// whatever the shard (a broken quote can swallow rows that belong to
    /// other shards, and they are read again), and a row is kept or left to
    /// another shard by the line it starts on.
    pub(super) fn fill(&mut self, out: &mut Vec<Item>, max: usize, shard: Option<Shard>) -> bool {
        let shown = self.path.display().to_string();
        let keeps = |line: usize| shard.is_none_or(|s| s.keeps(&shown, line));
        while out.len() < max {
            if self.failed {
                return true;
            }
            match self.reader.read(&mut self.record) {
                Ok(false) => return true,
                Ok(true) => {}
                Err(e) => {
                    let line = self.reader.line();
                    if keeps(line) {
                        out.push(Item::Bad(Diagnostic::new(
                            Location::line(&self.path, line),
                            Severity::Skipped,
                            format!("cannot read further: {e}; the rows after this line are left out"),
                        )));
                    }
                    self.failed = true;
                    return true;
                }
            }
            self.rows += 1;
            let line = self.record.first_line;
            let checked = self.check_record();
            if !keeps(line) {
                continue;
            }
            if let Some(item) = checked {
                out.push(item);
                continue;
            }
            let item = self.item(line);
            out.push(item);
        }
        false
    }

    /// A problem with the record's shape (size, quoting) that stops it from
    /// being read as it is; rows a broken quote swallowed are queued to be
    /// read again.
    fn check_record(&mut self) -> Option<Item> {
        let rec = &self.record;
        let (first, last) = (rec.first_line, rec.last_line);
        let lines = if first == last { format!("line {first}") } else { format!("lines {first}-{last}") };
        let quote = rec.bad_quote.map(|q| {
            let (l, c) = q.open;
            match q.close {
                Some((cl, cc)) => format!(
                    "the quote at line {l}, column {c} opens a field that a quote at line {cl}, column {cc} closes \
                     in the middle of text"
                ),
                None => format!("the quote at line {l}, column {c} opens a field that is never closed"),
            }
        });
        if rec.oversize {
            let why = quote.map(|q| format!(" ({q})")).unwrap_or_default();
            return Some(Item::Bad(Diagnostic::new(
                Location::line(&self.path, first),
                Severity::Skipped,
                format!(
                    "{lines}: a row of {} is over the size limit of {}{why}; it is skipped: fix the quoting, or \
                     raise the limit with --max-article-size",
                    super::human_size(rec.bytes),
                    super::human_size(self.limit as u64)
                ),
            )));
        }
        let (bad, quote) = match (rec.bad_quote, quote) {
            (Some(b), Some(q)) if first < last => (b, q),
            _ => return None,
        };
        // The rows after the line with the opening quote, as written.
        let after = after_line(&rec.raw, first, bad.open.0);
        if let Some(n) = self.rows_in(after) {
            let item = Item::Bad(Diagnostic::new(
                Location::at(&self.path, bad.open.0, bad.open.1),
                Severity::Skipped,
                format!(
                    "{quote}, so {lines} ran together as one row; the row on line{} {first}{} is skipped and the {n} \
                     row(s) after it are read again; fix the quoting (a quote inside a quoted field is written \
                     twice: \"\")",
                    if bad.open.0 > first { "s" } else { "" },
                    if bad.open.0 > first { format!("-{}", bad.open.0) } else { String::new() },
                ),
            ));
            // The record's raw bytes stop before its line end: give it back.
            let mut again = after.to_vec();
            again.push(b'\n');
            self.reader.push_back(&again, bad.open.0 + 1);
            return Some(item);
        }
        Some(Item::Bad(Diagnostic::new(
            Location::line(&self.path, first),
            Severity::Skipped,
            format!(
                "{lines} were read as one row because {quote}; the row is skipped; fix the quoting (a quote inside \
                 a quoted field is written twice: \"\") and run again"
            ),
        )))
    }

    /// How many rows `bytes` hold when each has the header's width and clean
    /// quoting; `None` when they do not look like rows of this export.
    fn rows_in(&self, bytes: &[u8]) -> Option<usize> {
        let mut reader = CsvReader::new(bytes, self.delimiter, self.limit);
        let mut rec = Record::default();
        let mut n = 0;
        while reader.read(&mut rec).ok()? {
            if rec.len() != self.width || rec.bad_quote.is_some() || rec.oversize {
                return None;
            }
            n += 1;
        }
        (n > 0).then_some(n)
    }

    fn item(&self, line: usize) -> Item {
        let record = &self.record;
        let loc = Location::line(&self.path, line);
        // A row with the wrong number of fields cannot be read safely: an
        // unquoted comma in the text would cut it short without a trace.
        if record.len() != self.width {
            return Item::Bad(Diagnostic::new(
                loc,
                Severity::Skipped,
                format!(
                    "row has {} fields but the header has {}; quote fields that contain {}s or line breaks",
                    record.len(),
                    self.width,
                    delimiter_name(self.delimiter)
                ),
            ));
        }
        let mut fields: Vec<String> = Vec::with_capacity(record.len());
        let mut notes = Vec::new();
        if let Some(q) = record.bad_quote {
            notes.push(format!(
                "line {}: a quote inside the quoted field at column {} is not doubled; the field was read as written",
                q.open.0, q.open.1
            ));
        }
        for (i, f) in record.fields().enumerate() {
            if f.contains(&0) {
                return Item::Bad(Diagnostic::new(
                    loc,
                    Severity::Skipped,
                    format!("column {} holds a NUL byte: the export is damaged or not text; re-export it", i + 1),
                ));
            }
            match decode(f.to_vec(), &self.path, self.fallback) {
                Ok((s, note)) => {
                    notes.extend(note.map(|n| format!("column {}: {n}", i + 1)));
                    fields.push(s);
                }
                Err(_) => {
                    return Item::Bad(Diagnostic::new(
                        loc,
                        Severity::Skipped,
                        format!(
                            "column {} is not valid UTF-8; re-save the export as UTF-8, or pass --fallback-encoding windows-1252 (Western European spreadsheets; windows-1251 for Russian ones)",
                            i + 1
                        ),
                    ));
                }
            }
        }
        let get = |i: Option<usize>| i.and_then(|i| fields.get(i)).map(|s| s.trim().to_string()).unwrap_or_default();
        let fm = FrontMatter {
            title: get(self.fields.title),
            outlet: get(self.fields.outlet),
            date: get(self.fields.date),
            url: get(self.fields.url),
            event: get(self.fields.event),
            language: get(self.fields.language),
            id: get(self.fields.id),
        };
        let body = self.fields.text.and_then(|i| fields.get(i)).cloned().unwrap_or_default();
        match export_article(fm, body, &self.path, self.event.as_deref(), line) {
            Item::Article(mut a) => {
                a.notes.extend(notes);
                Item::Article(a)
            }
            other => other,
        }
    }
}

/// The bytes of `raw` (a record starting at line `first`) after the end of
/// line `line`.
fn after_line(raw: &[u8], first: usize, line: usize) -> &[u8] {
    let mut at = first;
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        i += 1;
        if b == b'\r' || b == b'\n' {
            if b == b'\r' && raw.get(i) == Some(&b'\n') {
                i += 1;
            }
            if at == line {
                return &raw[i..];
            }
            at += 1;
        }
    }
    &raw[raw.len()..]
}

/// Builds an article from an export row: checks the date, fills defaults.
fn export_article(fm: FrontMatter, body: String, path: &Path, event: Option<&str>, line: usize) -> Item {
    let loc = Location::line(path, line);
    let mut notes = Vec::new();
    let mut fm = fm;
    if !fm.date.is_empty() && !article::is_iso_date(&fm.date) {
        notes.push(format!(
            "date {:?} is not in the form YYYY-MM-DD (such as 2025-05-14); it is kept as text, so the article has no date for ordering and story grouping: write dates as YYYY-MM-DD",
            fm.date
        ));
    }
    if fm.outlet.is_empty() {
        fm.outlet = "(unknown)".to_string();
        notes.push("no outlet given; counted under \"(unknown)\"".to_string());
    }
    // An id that does not depend on where the row is, so that reports do
    // not change when the rows of an export come in another order.
    let id = format!("text-{}", &crate::digest::sha256_hex(format!("{}\n{body}", fm.title).as_bytes())[..12]);
    // An input that is read only once cannot be grouped into stories, so its
    // rows without an event share the one given.
    let defaults = Defaults {
        outlet: String::new(),
        id,
        event: event.map(str::to_string),
        path: path.display().to_string(),
        line,
    };
    match article::build(fm, body, defaults, loc) {
        Ok(mut a) => {
            a.notes.extend(notes);
            Item::Article(Box::new(a))
        }
        Err(e) => Item::Bad(Diagnostic::skipped(&e)),
    }
}

pub(super) struct JsonlSource {
    reader: Box<dyn BufRead + Send>,
    path: PathBuf,
    event: Option<String>,
    line: usize,
    limit: usize,
    /// Lines that held something.
    used: usize,
    failed: bool,
}

/// Reads one line into `buf` (without its line feed), keeping at most
/// `limit` bytes. Returns the line's full length, or `None` at the end.
fn read_line_capped(reader: &mut dyn BufRead, buf: &mut Vec<u8>, limit: usize) -> std::io::Result<Option<u64>> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(any.then_some(total));
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(p) => (&available[..p], p + 1),
            None => (available, available.len()),
        };
        let room = limit.saturating_sub(buf.len()).min(chunk.len());
        buf.extend_from_slice(&chunk[..room]);
        total += chunk.len() as u64;
        let end = done > chunk.len();
        reader.consume(done);
        if end {
            return Ok(Some(total));
        }
    }
}

impl JsonlSource {
    pub(super) fn new(
        reader: Box<dyn BufRead + Send>,
        path: PathBuf,
        event: Option<String>,
        limit: u64,
    ) -> JsonlSource {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        JsonlSource { reader, path, event, line: 0, limit, used: 0, failed: false }
    }

    /// Lines that held something.
    pub(super) fn lines(&self) -> usize {
        self.used
    }

    /// The file's name in messages.
    pub(super) fn shown(&self) -> String {
        crate::error::shown(&self.path)
    }

    /// Numbers the first line `first` (a slice of a larger dataset).
    pub(super) fn starting_at(mut self, first: usize) -> JsonlSource {
        self.line = first.saturating_sub(1);
        self
    }

    /// Adds lines (of `shard` only) until `out` holds `max` items; true when
    /// the file is exhausted. Each line is read and measured whatever the
    /// shard; only the lines of this shard are parsed.
    pub(super) fn fill(&mut self, out: &mut Vec<Item>, max: usize, columns: &Columns, shard: Option<Shard>) -> bool {
        let mut buf = Vec::new();
        let shown = self.path.display().to_string();
        let keeps = |line: usize| shard.is_none_or(|s| s.keeps(&shown, line));
        while out.len() < max {
            if self.failed {
                return true;
            }
            let length = match read_line_capped(&mut self.reader, &mut buf, self.limit) {
                Ok(None) => return true,
                Ok(Some(n)) => n,
                Err(e) => {
                    if keeps(self.line + 1) {
                        out.push(Item::Bad(Diagnostic::new(
                            Location::line(&self.path, self.line + 1),
                            Severity::Skipped,
                            format!("cannot read further: {e}; the lines after this one are left out"),
                        )));
                    }
                    self.failed = true;
                    return true;
                }
            };
            self.line += 1;
            let kept = keeps(self.line);
            let loc = Location::line(&self.path, self.line);
            if length > self.limit as u64 {
                self.used += 1;
                if !kept {
                    continue;
                }
                out.push(Item::Bad(Diagnostic::new(
                    loc,
                    Severity::Skipped,
                    format!(
                        "a line of {} is over the size limit of {}; it is skipped (raise the limit with \
                         --max-article-size)",
                        super::human_size(length),
                        super::human_size(self.limit as u64)
                    ),
                )));
                continue;
            }
            let text = match std::str::from_utf8(&buf) {
                Ok(t) => t.trim_start_matches('\u{feff}').trim(),
                Err(_) => {
                    if kept {
                        out.push(Item::Bad(Diagnostic::new(
                            loc,
                            Severity::Skipped,
                            "not valid UTF-8; re-save the file as UTF-8",
                        )));
                    }
                    continue;
                }
            };
            if text.is_empty() {
                continue;
            }
            self.used += 1;
            if !kept {
                continue;
            }
            let value: serde_json::Value = match serde_json::from_str(text) {
                Ok(v) => v,
                Err(e) => {
                    out.push(Item::Bad(Diagnostic::new(loc, Severity::Skipped, format!("not a JSON object: {e}"))));
                    continue;
                }
            };
            let Some(obj) = value.as_object() else {
                out.push(Item::Bad(Diagnostic::new(loc, Severity::Skipped, "a JSON Lines article must be an object")));
                continue;
            };
            let mut odd: Vec<String> = Vec::new();
            let mut get = |chosen: &Option<String>, names: &[&str]| -> String {
                let key = match chosen {
                    Some(c) => Some(c.as_str()),
                    None => names.iter().copied().find(|n| obj.contains_key(*n)),
                };
                let Some(key) = key else { return String::new() };
                match obj.get(key) {
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(v) => json_text(v).unwrap_or_else(|| {
                        odd.push(format!("key {key:?} is not text or a number; ignored"));
                        String::new()
                    }),
                }
            };
            let body = get(&columns.text, TEXT_NAMES);
            if body.trim().is_empty() {
                out.push(Item::Bad(Diagnostic::new(
                    loc,
                    Severity::Skipped,
                    format!(
                        "no text (looked for {}); name the key with --text-column",
                        columns.text.as_deref().map_or(TEXT_NAMES.join(", "), str::to_string)
                    ),
                )));
                continue;
            }
            let fm = FrontMatter {
                title: get(&columns.title, TITLE_NAMES),
                outlet: get(&columns.outlet, OUTLET_NAMES),
                date: get(&columns.date, DATE_NAMES),
                url: get(&columns.url, URL_NAMES),
                event: get(&columns.event, EVENT_NAMES),
                language: get(&columns.language, LANGUAGE_NAMES),
                id: get(&columns.id, ID_NAMES),
            };
            out.push(match export_article(fm, body, &self.path, self.event.as_deref(), self.line) {
                Item::Article(mut a) => {
                    a.notes.append(&mut odd);
                    Item::Article(a)
                }
                other => other,
            });
        }
        false
    }
}

fn json_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
