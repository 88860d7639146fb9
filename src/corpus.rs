//! Corpus input: finds the articles of a corpus folder (`<outlet>/<article>.txt`),
//! or reads them from CSV exports (Media Cloud's columns by default) and JSON
//! Lines (news-please keys), in chunks so a million-article export never has
//! to sit in memory at once. The order of articles is the corpus order: sorted
//! paths for folders, row order for exports, inputs in the order given.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::article::{self, Article, Defaults, Fallback, FrontMatter};
use crate::error::{Diagnostic, Error, Location, Severity};

/// How an input path is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputFormat {
    /// From the path: a folder, `.csv`/`.tsv`, `.jsonl`/`.ndjson`/`.json`, or `.txt`.
    #[default]
    Auto,
    Folder,
    Csv,
    Jsonl,
    /// A single plain-text article.
    Txt,
}

/// Which columns (CSV) or keys (JSON Lines) hold what. `None` means the
/// first present of the usual names.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub text: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub id: Option<String>,
    pub event: Option<String>,
}

const TEXT_NAMES: &[&str] = &["text", "maintext", "content", "body", "story_text", "full_text", "article"];
const TITLE_NAMES: &[&str] = &["title", "headline"];
const OUTLET_NAMES: &[&str] = &["media_name", "outlet", "source_domain", "source", "media", "publisher"];
const DATE_NAMES: &[&str] = &["publish_date", "date_publish", "date", "published", "publication_date"];
const URL_NAMES: &[&str] = &["url", "link"];
const LANGUAGE_NAMES: &[&str] = &["language", "lang"];
const ID_NAMES: &[&str] = &["stories_id", "id", "story_id", "article_id"];
const EVENT_NAMES: &[&str] = &["event", "story"];

/// Where an article's event comes from when its metadata does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EventSource {
    /// Articles of a corpus folder belong to an event named after the folder;
    /// export rows are grouped into stories automatically.
    #[default]
    Folder,
    /// Every article without an `event` is grouped into stories automatically.
    Auto,
}

/// Options for reading a corpus.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub format: InputFormat,
    pub fallback: Fallback,
    pub columns: Columns,
    pub events: EventSource,
}

/// One unit of work: a file still to be read, or an article (or a problem)
/// already taken from an export.
#[derive(Debug)]
pub enum Item {
    File { path: PathBuf, display: String, outlet: String, id: String, event: Option<String> },
    Article(Box<Article>),
    Bad(Diagnostic),
}

/// A file of the corpus as read: its path as shown and its SHA-256 (hex).
pub type FileDigest = (String, String);

impl Item {
    /// Reads the article if it is not read yet.
    pub fn load(self, fallback: Fallback) -> Result<Article, Diagnostic> {
        self.load_hashed(fallback).1
    }

    /// Like [`Item::load`], also returning the SHA-256 of the file read (for
    /// the run manifest), whether or not the article could be used.
    pub fn load_hashed(self, fallback: Fallback) -> (Option<FileDigest>, Result<Article, Diagnostic>) {
        match self {
            Item::File { path, display, outlet, id, event } => match std::fs::read(&path) {
                Ok(bytes) => {
                    let digest = (display.clone(), crate::lexicon::sha256_hex(&bytes));
                    let article = article::from_bytes(bytes, &display, &outlet, &id, event.as_deref(), fallback)
                        .map_err(|e| Diagnostic::skipped(&e));
                    (Some(digest), article)
                }
                Err(e) => (None, Err(Diagnostic::skipped(&Error::io(Path::new(&display), e)))),
            },
            Item::Article(a) => (None, Ok(*a)),
            Item::Bad(d) => (None, Err(d)),
        }
    }
}

/// Files that were seen but are not articles (listed in the summary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignored {
    pub count: usize,
    pub examples: Vec<String>,
}

/// A reader over all inputs of a run, handing out items in corpus order.
pub struct Corpus {
    inputs: VecDeque<Input>,
    current: Option<Source>,
    options: ReadOptions,
    pub ignored: Ignored,
    /// Files read so far, for the run manifest: (display path, SHA-256).
    pub files: Vec<(String, String)>,
}

struct Input {
    path: PathBuf,
    format: InputFormat,
}

enum Source {
    Files(std::vec::IntoIter<Item>),
    Csv(Box<CsvSource>),
    Jsonl(JsonlSource),
}

impl Corpus {
    /// Checks that every input exists and has a known format.
    /// Whether any input can hold articles without an event (an export, or a
    /// folder when events come from automatic grouping).
    pub fn may_need_grouping(paths: &[PathBuf], options: &ReadOptions) -> bool {
        options.events == EventSource::Auto
            || paths.iter().any(|p| {
                p.as_os_str() != "-"
                    && !p.is_dir()
                    && resolve_format(p, options.format)
                        .is_ok_and(|f| f != InputFormat::Txt && f != InputFormat::Folder)
            })
    }

    pub fn open(paths: &[PathBuf], options: ReadOptions) -> Result<Corpus, Error> {
        let mut inputs = VecDeque::new();
        for path in paths {
            let format = resolve_format(path, options.format)?;
            inputs.push_back(Input { path: path.clone(), format });
        }
        Ok(Corpus { inputs, current: None, options, ignored: Ignored::default(), files: Vec::new() })
    }

    /// The next up to `max` items; empty when the corpus is exhausted.
    pub fn next_chunk(&mut self, max: usize) -> Result<Vec<Item>, Error> {
        let mut out = Vec::with_capacity(max);
        while out.len() < max {
            if self.current.is_none() {
                let Some(input) = self.inputs.pop_front() else { break };
                self.current = Some(self.start(input)?);
            }
            let before = out.len();
            match self.current.as_mut() {
                Some(Source::Files(it)) => out.extend(it.by_ref().take(max - before)),
                Some(Source::Csv(s)) => s.fill(&mut out, max, &self.options.columns),
                Some(Source::Jsonl(s)) => s.fill(&mut out, max, &self.options.columns),
                None => {}
            }
            if out.len() == before {
                self.current = None;
            }
        }
        Ok(out)
    }

    fn start(&mut self, input: Input) -> Result<Source, Error> {
        let path = input.path;
        let stdin = path.as_os_str() == "-";
        let name = if stdin { "stdin".to_string() } else { stem(&path) };
        Ok(match input.format {
            InputFormat::Folder => {
                let event = (self.options.events == EventSource::Folder).then(|| folder_name(&path));
                let items = list_folder(&path, event.as_deref(), &mut self.ignored)?;
                Source::Files(items.into_iter())
            }
            InputFormat::Txt => {
                let outlet = path.parent().map(folder_name).unwrap_or_default();
                let item = Item::File {
                    display: path.display().to_string(),
                    outlet,
                    id: stem(&path),
                    event: (self.options.events == EventSource::Folder).then(|| stem(&path)),
                    path: path.clone(),
                };
                Source::Files(vec![item].into_iter())
            }
            InputFormat::Csv => Source::Csv(Box::new(CsvSource::new(
                open_input(&path)?,
                path.clone(),
                name,
                self.options.fallback,
                &self.options.columns,
            )?)),
            InputFormat::Jsonl => Source::Jsonl(JsonlSource {
                reader: BufReader::new(open_input(&path)?),
                path: path.clone(),
                name,
                line: 0,
            }),
            InputFormat::Auto => unreachable!("resolved in open"),
        })
    }
}

fn open_input(path: &Path) -> Result<Box<dyn Read + Send>, Error> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    File::open(path).map(|f| Box::new(f) as Box<dyn Read + Send>).map_err(|e| Error::io(path, e))
}

fn resolve_format(path: &Path, format: InputFormat) -> Result<InputFormat, Error> {
    if path.as_os_str() == "-" {
        return match format {
            InputFormat::Csv | InputFormat::Jsonl => Ok(format),
            _ => Err(Error::input(Location::file("-"), "reading standard input needs --input-format csv or jsonl")),
        };
    }
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::input(
            Location::file(path),
            format!(
                "corpus not found ({e}); give a folder of <outlet>/<article>.txt files, or a .csv or .jsonl export"
            ),
        )
    })?;
    if format != InputFormat::Auto {
        return Ok(format);
    }
    if meta.is_dir() {
        return Ok(InputFormat::Folder);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "tsv" => Ok(InputFormat::Csv),
        "jsonl" | "ndjson" | "json" => Ok(InputFormat::Jsonl),
        "txt" | "text" | "md" => Ok(InputFormat::Txt),
        _ => Err(Error::input(
            Location::file(path),
            "cannot tell what this file is from its extension; pass --input-format (csv, jsonl, txt)",
        )),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The name of a folder, even when given as `.` or `corpus/`.
pub fn folder_name(path: &Path) -> String {
    let named = path.file_name().map(|s| s.to_string_lossy().into_owned());
    named
        .or_else(|| {
            std::fs::canonicalize(path).ok().and_then(|p| p.file_name().map(|s| s.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "corpus".to_string())
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Lists `<root>/<outlet>/**/<article>.txt` in sorted path order. Hidden
/// files and files that are not articles are counted in `ignored`; a folder
/// that cannot be read becomes a skipped item; a folder reached again through
/// a symbolic link is not walked twice.
pub fn list_folder(root: &Path, event: Option<&str>, ignored: &mut Ignored) -> Result<Vec<Item>, Error> {
    let note = |ignored: &mut Ignored, shown: String| {
        ignored.count += 1;
        if ignored.examples.len() < 5 {
            ignored.examples.push(shown);
        }
    };
    let mut found: Vec<(String, String, Item)> = Vec::new(); // (outlet, relative path, item)
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    seen.extend(std::fs::canonicalize(root).ok());
    for (name, path, is_dir) in sorted_entries(root)? {
        if is_hidden(&name) || !is_dir {
            note(ignored, root.join(&name).display().to_string());
            continue;
        }
        let mut stack = vec![(path, String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            if !std::fs::canonicalize(&dir).map(|c| seen.insert(c)).unwrap_or(true) {
                continue; // a link back to a folder already walked
            }
            let entries = match sorted_entries(&dir) {
                Ok(e) => e,
                Err(e) => {
                    let shown = root.join(&name).join(&prefix);
                    let d = Diagnostic::new(
                        Location::file(&shown),
                        Severity::Skipped,
                        format!("cannot read this folder ({e}); its articles are left out"),
                    );
                    found.push((name.clone(), prefix.clone(), Item::Bad(d)));
                    continue;
                }
            };
            for (n, p, d) in entries {
                let rel = format!("{prefix}{n}");
                let shown = root.join(&name).join(&rel).display().to_string();
                if is_hidden(&n) {
                    note(ignored, shown);
                } else if d {
                    stack.push((p, format!("{rel}/")));
                } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
                    let id = rel[..rel.len() - 4].to_string();
                    let item = Item::File {
                        display: shown,
                        path: p,
                        outlet: name.clone(),
                        id,
                        event: event.map(str::to_string),
                    };
                    found.push((name.clone(), rel, item));
                } else {
                    note(ignored, shown);
                }
            }
        }
    }
    found.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    Ok(found.into_iter().map(|(_, _, item)| item).collect())
}

fn sorted_entries(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, Error> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut v = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let is_dir = std::fs::metadata(&path).map(|m| m.is_dir()).unwrap_or(false);
        v.push((entry.file_name().to_string_lossy().into_owned(), path, is_dir));
    }
    v.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(v)
}

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

struct CsvSource {
    reader: csv::Reader<Box<dyn Read + Send>>,
    fields: FieldIndex,
    /// Fields in the header; a row with another count is skipped.
    width: usize,
    path: PathBuf,
    name: String,
    fallback: Fallback,
    row: usize,
}

impl CsvSource {
    fn new(
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
        Ok(CsvSource { reader, fields, width: header.len(), path, name, fallback, row: 0 })
    }

    fn fill(&mut self, out: &mut Vec<Item>, max: usize, _columns: &Columns) {
        let mut record = csv::ByteRecord::new();
        while out.len() < max {
            match self.reader.read_byte_record(&mut record) {
                Ok(false) => return,
                Ok(true) => {
                    self.row += 1;
                    let line = record.position().map_or(0, |p| p.line() as usize);
                    out.push(self.item(&record, line));
                }
                Err(e) => {
                    self.row += 1;
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    out.push(Item::Bad(Diagnostic::new(
                        Location::line(&self.path, line),
                        Severity::Skipped,
                        format!("malformed CSV row: {e}; check its quoting"),
                    )));
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        return;
                    }
                }
            }
        }
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
            match article::decode(f.to_vec(), &self.path, self.fallback) {
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
        match export_article(fm, body, &self.path, &self.name, self.row, line) {
            Item::Article(mut a) => {
                a.notes.extend(notes);
                Item::Article(a)
            }
            other => other,
        }
    }
}

/// Builds an article from an export row: checks the date, fills defaults.
fn export_article(fm: FrontMatter, body: String, path: &Path, name: &str, row: usize, line: usize) -> Item {
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
    // Standard input cannot be read twice for automatic grouping, so its rows
    // without an event share one named after it.
    let defaults = Defaults {
        outlet: String::new(),
        id: format!("row-{row}"),
        event: (name == "stdin").then(|| name.to_string()),
        path: format!("{}:{line}", path.display()),
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

struct JsonlSource {
    reader: BufReader<Box<dyn Read + Send>>,
    path: PathBuf,
    name: String,
    line: usize,
}

impl JsonlSource {
    fn fill(&mut self, out: &mut Vec<Item>, max: usize, columns: &Columns) {
        let mut buf = Vec::new();
        while out.len() < max {
            buf.clear();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) => {
                    out.push(Item::Bad(Diagnostic::new(
                        Location::line(&self.path, self.line + 1),
                        Severity::Skipped,
                        format!("cannot read: {e}"),
                    )));
                    return;
                }
            }
            self.line += 1;
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
            out.push(match export_article(fm, body, &self.path, &self.name, self.line, self.line) {
                Item::Article(mut a) => {
                    a.notes.append(&mut odd);
                    Item::Article(a)
                }
                other => other,
            });
        }
    }
}

fn json_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(c: &mut Corpus) -> Vec<Result<Article, Diagnostic>> {
        let mut all = Vec::new();
        loop {
            let chunk = c.next_chunk(2).unwrap();
            if chunk.is_empty() {
                break;
            }
            all.extend(chunk.into_iter().map(|i| i.load(Fallback::None)));
        }
        all
    }

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("framelens-corpus-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn folder_layout_in_sorted_order() {
        let d = tmp("folder");
        std::fs::create_dir_all(d.join("b-outlet/sub")).unwrap();
        std::fs::create_dir_all(d.join("a-outlet")).unwrap();
        std::fs::write(d.join("a-outlet/2.txt"), "Two.").unwrap();
        std::fs::write(d.join("a-outlet/1.txt"), "---\noutlet: Named\n---\nOne.").unwrap();
        std::fs::write(d.join("b-outlet/sub/x.txt"), "Ex.").unwrap();
        std::fs::write(d.join("b-outlet/notes.md"), "no").unwrap();
        std::fs::write(d.join("b-outlet/.hidden.txt"), "no").unwrap();
        std::fs::write(d.join("b-outlet/a.txt"), "Before sub/x in path order.").unwrap();
        std::fs::write(d.join("README.md"), "no").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&d, d.join("b-outlet/loop")).unwrap();
        let mut c = Corpus::open(std::slice::from_ref(&d), ReadOptions::default()).unwrap();
        let got: Vec<(String, String, Option<String>)> = collect(&mut c)
            .into_iter()
            .map(|a| {
                let a = a.unwrap();
                (a.meta.outlet, a.meta.id, a.meta.event)
            })
            .collect();
        let ev = Some(folder_name(&d));
        assert_eq!(
            got,
            [
                ("Named".into(), "1".into(), ev.clone()),
                ("a-outlet".into(), "2".into(), ev.clone()),
                ("b-outlet".into(), "a".into(), ev.clone()),
                ("b-outlet".into(), "sub/x".into(), ev)
            ]
        );
        // notes.md, .hidden.txt, README.md; the link back to the corpus is not walked.
        assert_eq!(c.ignored.count, 3, "{:?}", c.ignored);
    }

    #[test]
    fn missing_corpus_is_a_clear_error() {
        let err = Corpus::open(&[PathBuf::from("/no/such/corpus")], ReadOptions::default()).err().unwrap().to_string();
        assert!(err.contains("corpus not found") && err.contains("/no/such/corpus"), "{err}");
    }

    #[test]
    fn csv_export_with_media_cloud_columns() {
        let d = tmp("csv");
        let p = d.join("export.csv");
        std::fs::write(
            &p,
            "stories_id,publish_date,title,url,media_name,language,text\n\
             11,2023-01-10 08:00:00,T1,http://a,Outlet A,en,\"First, text.\"\n\
             12,2023-01-10,T2,http://b,Outlet B,en,\n\
             13,10/01/2023,T3,http://c,,ru,Второй текст здесь.\n",
        )
        .unwrap();
        let mut c = Corpus::open(&[p], ReadOptions::default()).unwrap();
        let got = collect(&mut c);
        assert_eq!(got.len(), 3);
        let a = got[0].as_ref().unwrap();
        assert_eq!((a.meta.id.as_str(), a.meta.outlet.as_str(), a.body.as_str()), ("11", "Outlet A", "First, text."));
        let bad = got[1].as_ref().unwrap_err();
        assert_eq!(bad.location.line, 3);
        assert!(bad.message.contains("empty article"), "{bad}");
        let c3 = got[2].as_ref().unwrap();
        assert_eq!(c3.meta.outlet, "(unknown)");
        assert_eq!(c3.notes.len(), 2, "{:?}", c3.notes);
    }

    #[test]
    fn csv_rows_with_the_wrong_field_count_are_skipped_not_cut() {
        let d = tmp("csvwidth");
        let p = d.join("x.csv");
        std::fs::write(
            &p,
            "id,media_name,text\n1,A,Troops entered the town, residents said\n2,B,\"Quoted, fine.\"\n3,C\n",
        )
        .unwrap();
        let mut c = Corpus::open(&[p], ReadOptions::default()).unwrap();
        let got = collect(&mut c);
        assert_eq!(got.len(), 3);
        let first = got[0].as_ref().unwrap_err();
        assert!(first.message.contains("4 fields but the header has 3"), "{first}");
        assert_eq!(got[1].as_ref().unwrap().body, "Quoted, fine.");
        assert!(got[2].as_ref().unwrap_err().message.contains("2 fields"));
    }

    #[test]
    fn jsonl_byte_order_mark_and_odd_values() {
        let d = tmp("jsonlbom");
        let p = d.join("x.jsonl");
        std::fs::write(&p, "\u{feff}{\"text\":\"Body.\",\"outlet\":\"A\",\"title\":[1,2]}\n").unwrap();
        let mut c = Corpus::open(&[p], ReadOptions::default()).unwrap();
        let got = collect(&mut c);
        let a = got[0].as_ref().unwrap();
        assert_eq!(a.body, "Body.");
        assert!(a.notes.iter().any(|n| n.contains("\"title\" is not text")), "{:?}", a.notes);
    }

    #[test]
    fn csv_without_text_column_names_the_header() {
        let d = tmp("csvbad");
        let p = d.join("x.csv");
        std::fs::write(&p, "title,url\nA,b\n").unwrap();
        let err = Corpus::open(&[p], ReadOptions::default()).unwrap().next_chunk(5).err().unwrap().to_string();
        assert!(err.contains("--text-column") && err.contains("title, url"), "{err}");
    }

    #[test]
    fn jsonl_news_please_keys_and_bad_lines() {
        let d = tmp("jsonl");
        let p = d.join("x.jsonl");
        std::fs::write(
            &p,
            "{\"title\":\"T\",\"maintext\":\"Body one.\",\"source_domain\":\"a.com\",\"date_publish\":\"2023-01-10 09:00:00\",\"language\":\"en\"}\n\
             not json\n\
             \n\
             {\"title\":\"No text\"}\n",
        )
        .unwrap();
        let mut c = Corpus::open(&[p], ReadOptions::default()).unwrap();
        let got = collect(&mut c);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().meta.outlet, "a.com");
        assert_eq!(got[1].as_ref().unwrap_err().location.line, 2);
        assert_eq!(got[2].as_ref().unwrap_err().location.line, 4);
    }
}
