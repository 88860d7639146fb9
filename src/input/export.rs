//! Exports: CSV (Media Cloud's columns by default, `.tsv` tab-separated) and
//! JSON Lines (news-please keys), read a chunk of rows at a time so that a
//! million-row export never sits in memory at once. Columns (or keys) are
//! found by name, first match wins, or named by the user. Every row that
//! cannot be used becomes a skipped item naming its line.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::article::{self, Defaults, FrontMatter};
use super::decode::{Fallback, decode};
use super::{Columns, Item, Shard};
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
    reader: csv::Reader<Box<dyn Read + Send>>,
    fields: FieldIndex,
    /// Fields in the header; a row with another count is skipped.
    width: usize,
    path: PathBuf,
    name: String,
    fallback: Fallback,
}

impl CsvSource {
    pub(super) fn new(
        input: Box<dyn Read + Send>,
        path: PathBuf,
        name: String,
        fallback: Fallback,
        columns: &Columns,
    ) -> Result<Self, Error> {
        let tsv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        let mut reader =
            csv::ReaderBuilder::new().flexible(true).delimiter(if tsv { b'\t' } else { b',' }).from_reader(input);
        let header: Vec<String> = reader
            .byte_headers()
            .map_err(|e| Error::input(Location::line(&path, 1), format!("cannot read the CSV header: {e}")))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_string())
            .collect();
        let fields = FieldIndex::new(&header, columns).map_err(|missing| {
            Error::input(
                Location::line(&path, 1),
                format!("no column named {missing:?}; the header has: {}", header.join(", ")),
            )
        })?;
        if fields.text.is_none() {
            return Err(Error::input(
                Location::line(&path, 1),
                format!(
                    "no text column (looked for {}); name it with --text-column. The header has: {}",
                    TEXT_NAMES.join(", "),
                    header.join(", ")
                ),
            ));
        }
        Ok(CsvSource { reader, fields, width: header.len(), path, name, fallback })
    }

    /// Adds rows (of `shard` only) until `out` holds `max` items; true when
    /// the export is exhausted.
    pub(super) fn fill(&mut self, out: &mut Vec<Item>, max: usize, shard: Option<Shard>) -> bool {
        let mut record = csv::ByteRecord::new();
        let shown = self.path.display().to_string();
        let keeps = |line: usize| shard.is_none_or(|s| s.keeps(&shown, line));
        while out.len() < max {
            match self.reader.read_byte_record(&mut record) {
                Ok(false) => return true,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line() as usize);
                    if keeps(line) {
                        out.push(self.item(&record, line));
                    }
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    if keeps(line) {
                        out.push(Item::Bad(Diagnostic::new(
                            Location::line(&self.path, line),
                            Severity::Skipped,
                            format!("malformed CSV row: {e}; check its quoting"),
                        )));
                    }
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        return true;
                    }
                }
            }
        }
        false
    }

    fn item(&self, record: &csv::ByteRecord, line: usize) -> Item {
        let loc = Location::line(&self.path, line);
        // A row with the wrong number of fields cannot be read safely: an
        // unquoted comma in the text would cut it short without a trace.
        if record.len() != self.width {
            return Item::Bad(Diagnostic::new(
                loc,
                Severity::Skipped,
                format!(
                    "row has {} fields but the header has {}; quote fields that contain commas or line breaks",
                    record.len(),
                    self.width
                ),
            ));
        }
        let mut fields: Vec<String> = Vec::with_capacity(record.len());
        let mut notes = Vec::new();
        for (i, f) in record.iter().enumerate() {
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
                            "column {} is not valid UTF-8; re-save the export as UTF-8 or pass --fallback-encoding",
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
        match export_article(fm, body, &self.path, &self.name, line) {
            Item::Article(mut a) => {
                a.notes.extend(notes);
                Item::Article(a)
            }
            other => other,
        }
    }
}

/// Builds an article from an export row: checks the date, fills defaults.
fn export_article(fm: FrontMatter, body: String, path: &Path, name: &str, line: usize) -> Item {
    let loc = Location::line(path, line);
    let mut notes = Vec::new();
    let mut fm = fm;
    if !fm.date.is_empty() && !article::is_iso_date(&fm.date) {
        notes.push(format!("date {:?} is not ISO 8601; kept as written", fm.date));
    }
    if fm.outlet.is_empty() {
        fm.outlet = "(unknown)".to_string();
        notes.push("no outlet given; counted under \"(unknown)\"".to_string());
    }
    // An id that does not depend on where the row is, so that reports do
    // not change when the rows of an export come in another order.
    let id = format!("text-{}", &crate::digest::sha256_hex(format!("{}\n{body}", fm.title).as_bytes())[..12]);
    // Standard input cannot be read twice for automatic grouping, so its rows
    // without an event share one named after it.
    let defaults = Defaults {
        outlet: String::new(),
        id,
        event: (name == "stdin").then(|| name.to_string()),
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
    reader: BufReader<Box<dyn Read + Send>>,
    path: PathBuf,
    name: String,
    line: usize,
}

impl JsonlSource {
    pub(super) fn new(reader: BufReader<Box<dyn Read + Send>>, path: PathBuf, name: String) -> JsonlSource {
        JsonlSource { reader, path, name, line: 0 }
    }

    /// Numbers the first line `first` (a slice of a larger dataset).
    pub(super) fn starting_at(mut self, first: usize) -> JsonlSource {
        self.line = first.saturating_sub(1);
        self
    }

    /// Adds lines (of `shard` only) until `out` holds `max` items; true when
    /// the file is exhausted.
    pub(super) fn fill(&mut self, out: &mut Vec<Item>, max: usize, columns: &Columns, shard: Option<Shard>) -> bool {
        let mut buf = Vec::new();
        let shown = self.path.display().to_string();
        while out.len() < max {
            buf.clear();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return true,
                Ok(_) => {}
                Err(e) => {
                    if shard.is_none_or(|s| s.keeps(&shown, self.line + 1)) {
                        out.push(Item::Bad(Diagnostic::new(
                            Location::line(&self.path, self.line + 1),
                            Severity::Skipped,
                            format!("cannot read: {e}"),
                        )));
                    }
                    return true;
                }
            }
            self.line += 1;
            if shard.is_some_and(|s| !s.keeps(&shown, self.line)) {
                continue;
            }
            let loc = Location::line(&self.path, self.line);
            let text = match std::str::from_utf8(&buf) {
                Ok(t) => t.trim_start_matches('\u{feff}').trim(),
                Err(_) => {
                    out.push(Item::Bad(Diagnostic::new(
                        loc,
                        Severity::Skipped,
                        "not valid UTF-8; re-save the file as UTF-8",
                    )));
                    continue;
                }
            };
            if text.is_empty() {
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
            out.push(match export_article(fm, body, &self.path, &self.name, self.line) {
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
