//! Corpus input: finds the articles of a corpus folder (`<outlet>/<article>.txt`),
//! or reads them from CSV exports (Media Cloud's columns by default) and JSON
//! Lines (news-please keys), in chunks so a million-article export never has
//! to sit in memory at once. The order of articles is the corpus order: sorted
//! paths for folders, row order for exports, inputs in the order given.

pub mod article;
mod csv_reader;
pub mod decode;
mod export;
mod folder;
mod spool;

use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

pub use article::{Article, LangSource, Meta};
pub use decode::Fallback;
pub use spool::Spools;

use crate::choice::Choice;
use crate::digest::sha256_hex;
use crate::error::{Diagnostic, Error, Location};
use export::{CsvSource, JsonlSource};

/// How an input path is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// From the path: a folder, `.csv`/`.tsv`, `.jsonl`/`.ndjson`/`.json`, or `.txt`.
    #[default]
    Auto,
    /// A corpus folder of `<outlet>/<article>.txt` files.
    Folder,
    /// A CSV export with a header row (`.tsv`: tab-separated).
    Csv,
    /// JSON Lines: one article object per line.
    Jsonl,
    /// A single plain-text article.
    Txt,
}

impl Choice for InputFormat {
    const CHOICES: &'static [(Self, &'static str, &'static str)] = &[
        (InputFormat::Auto, "auto", "from the path: a folder, .csv/.tsv, .jsonl/.ndjson/.json, or .txt"),
        (InputFormat::Folder, "folder", "a corpus folder of <outlet>/<article>.txt files"),
        (InputFormat::Csv, "csv", "a CSV export with a header row"),
        (InputFormat::Jsonl, "jsonl", "JSON Lines: one article object per line"),
        (InputFormat::Txt, "txt", "a single plain-text article"),
    ];
}

/// Which columns (CSV) or keys (JSON Lines) hold what. `None` means the
/// first present of the usual names.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// The article text.
    pub text: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The outlet's name.
    pub outlet: Option<String>,
    /// The publication date.
    pub date: Option<String>,
    /// The URL.
    pub url: Option<String>,
    /// The language code.
    pub language: Option<String>,
    /// The article id.
    pub id: Option<String>,
    /// The event (story).
    pub event: Option<String>,
}

/// The column names (CSV) or keys (JSON Lines) each field is looked for
/// under when the user names none: the first present wins.
pub const KNOWN_COLUMNS: [(&str, &[&str]); 8] = [
    ("text", export::TEXT_NAMES),
    ("title", export::TITLE_NAMES),
    ("outlet", export::OUTLET_NAMES),
    ("date", export::DATE_NAMES),
    ("url", export::URL_NAMES),
    ("language", export::LANGUAGE_NAMES),
    ("id", export::ID_NAMES),
    ("event", export::EVENT_NAMES),
];

/// Where an article's event comes from when its metadata does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventSource {
    /// Articles of a corpus folder belong to an event named after the folder;
    /// export rows are grouped into stories automatically.
    #[default]
    Folder,
    /// Every article without an `event` is grouped into stories automatically.
    Auto,
}

impl Choice for EventSource {
    const CHOICES: &'static [(Self, &'static str, &'static str)] = &[
        (
            EventSource::Folder,
            "folder",
            "articles of a corpus folder belong to an event named after it; export rows are grouped automatically",
        ),
        (EventSource::Auto, "auto", "every article without an event is grouped into stories automatically"),
    ];
}

/// One of `count` disjoint parts of a corpus (`number` counts from 1), so
/// that several machines can share one corpus without talking to each
/// other: every article belongs to exactly one part, chosen by a hash of
/// where it is (its file, and its line in an export), never by the order in
/// which it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, from 1.
    pub number: usize,
    /// How many parts.
    pub count: usize,
}

impl Shard {
    /// Part `number` of `count`; refuses a part that does not exist.
    pub fn new(number: usize, count: usize) -> Result<Shard, String> {
        if count == 0 || number == 0 || number > count {
            return Err(format!(
                "shard {number}/{count} does not exist; write K/N with 1 <= K <= N (e.g. 3/7 is the third of seven)"
            ));
        }
        Ok(Shard { number, count })
    }

    /// Whether the article at `path` (and `line`, 0 for a whole file) is in this part.
    pub fn keeps(&self, path: &str, line: usize) -> bool {
        if self.count <= 1 {
            return true;
        }
        let digest = crate::digest::sha256_hex(format!("{path}\t{line}").as_bytes());
        let h = u64::from_str_radix(&digest[..16], 16).unwrap_or(0);
        (h % self.count as u64) as usize + 1 == self.number
    }

    /// Whether an item is in this part (before it is read).
    fn keeps_item(&self, item: &Item) -> bool {
        match item {
            Item::File { display, .. } => self.keeps(display, 0),
            Item::Article(a) => self.keeps(&a.meta.path, a.meta.line),
            Item::Text { display, .. } => self.keeps(display, 0),
            Item::Bad(d) => self.keeps(&d.location.path.to_string_lossy(), d.location.line),
        }
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `K/N`, e.g. `3/7`.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("shard {s:?} is not K/N; write e.g. 3/7 for the third of seven parts");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.number, self.count)
    }
}

/// An export held in memory rather than in a file (rows handed over by the
/// Python bindings), read as JSON Lines: `name` stands for its path in
/// reports and messages, and its first line is numbered `first_line`, so a
/// slice of a larger dataset keeps the dataset's row numbers.
#[derive(Debug, Clone)]
pub struct MemoryInput {
    /// The name shown as the articles' path.
    pub name: String,
    /// The number of the first line (1 for a whole dataset).
    pub first_line: usize,
    /// The JSON Lines text.
    pub jsonl: std::sync::Arc<[u8]>,
    /// SHA-256 of the file the rows came from, when the caller knows it
    /// (for `run.json`); empty otherwise.
    pub sha256: String,
}

/// Options for reading a corpus.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// How to read each input.
    pub format: InputFormat,
    /// What to do with files that are not UTF-8.
    pub fallback: Fallback,
    /// Which export columns hold what.
    pub columns: Columns,
    /// Where events come from when metadata has none.
    pub events: EventSource,
    /// Read only this part of the corpus (`None`: all of it).
    pub shard: Option<Shard>,
    /// The field separator of CSV exports; `None` finds it from the header
    /// (comma, semicolon or tab).
    pub delimiter: Option<u8>,
    /// Articles (files, export rows, JSON lines) larger than this many bytes
    /// are skipped and reported.
    pub max_article_bytes: u64,
    /// Also read named pipes, devices and sockets (normally only regular
    /// files and folders are read: a pipe nobody writes to never ends, and
    /// `/dev/zero` never stops).
    pub special_files: bool,
    /// Follow symbolic links that lead out of a corpus folder.
    pub follow_outside_links: bool,
    /// Inputs that cannot be read twice (standard input, pipes), copied once
    /// into temporary files.
    pub spools: Spools,
}

/// The default limit on one article's size: 32 MB. Analysing an article
/// takes about 22 times its size in memory (measured: a 50 MB article, 1.1 GB).
pub const MAX_ARTICLE_BYTES: u64 = 32 << 20;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            fallback: Fallback::NONE,
            columns: Columns::default(),
            events: EventSource::Folder,
            shard: None,
            delimiter: None,
            max_article_bytes: MAX_ARTICLE_BYTES,
            special_files: false,
            follow_outside_links: false,
            spools: Spools::default(),
        }
    }
}

impl ReadOptions {
    /// Copies every input that could not be read a second time (standard
    /// input, a pipe) into a temporary file, so that a job that reads the
    /// corpus twice (story grouping, then analysis) reads each input once.
    pub fn spool_unrereadable(&mut self, paths: &[PathBuf]) -> Result<(), Error> {
        for p in paths {
            if !is_rereadable(p) && self.spools.get(p).is_none() {
                self.spools.add(p)?;
            }
        }
        Ok(())
    }

    /// Whether `path` can be read again: a file or folder, or an input
    /// already copied into a temporary file.
    pub fn rereadable(&self, path: &Path) -> bool {
        is_rereadable(path) || self.spools.get(path).is_some()
    }

    /// The file to read for the input given as `path`: its copy when it was
    /// spooled, else itself.
    pub fn source(&self, path: &Path) -> PathBuf {
        self.spools.get(path).map_or_else(|| path.to_path_buf(), Path::to_path_buf)
    }
}

fn is_rereadable(path: &Path) -> bool {
    path.as_os_str() != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file() || m.is_dir())
}

/// One unit of work: a file still to be read, or an article (or a problem)
/// already taken from an export.
#[derive(Debug)]
pub enum Item {
    /// A file still to be read.
    File {
        /// Where it is.
        path: PathBuf,
        /// Its path as shown to users.
        display: String,
        /// The outlet when its front matter has none.
        outlet: String,
        /// The article id when its front matter has none.
        id: String,
        /// The event when its front matter has none.
        event: Option<String>,
        /// Largest size read, in bytes.
        limit: u64,
        /// Whether it may be something other than a regular file.
        special: bool,
    },
    /// An article already read (from an export).
    Article(Box<Article>),
    /// An article handed over as text, as a file would hold it (front matter
    /// allowed): pasted into the browser version.
    Text {
        /// What to call it in messages (the name of a dropped file, say).
        display: String,
        /// The outlet when its front matter has none.
        outlet: String,
        /// The article id when its front matter has none.
        id: String,
        /// The event when its front matter has none.
        event: Option<String>,
        /// The text.
        text: String,
    },
    /// An input that cannot be used, with why.
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
            Item::File { path, display, outlet, id, event, limit, special } => {
                match read_file(&path, Path::new(&display), FileLimit::article(limit, special)) {
                    Ok(bytes) => {
                        let digest = (display.clone(), sha256_hex(&bytes));
                        let article = article::from_bytes(bytes, &display, &outlet, &id, event.as_deref(), fallback)
                            .map_err(|e| Diagnostic::skipped(&e));
                        (Some(digest), article)
                    }
                    Err(e) => (None, Err(Diagnostic::skipped(&e))),
                }
            }
            Item::Text { display, outlet, id, event, text } => {
                let digest = (display.clone(), sha256_hex(text.as_bytes()));
                let article =
                    article::from_bytes(text.into_bytes(), &display, &outlet, &id, event.as_deref(), fallback)
                        .map_err(|e| Diagnostic::skipped(&e));
                (Some(digest), article)
            }
            Item::Article(a) => (None, Ok(*a)),
            Item::Bad(d) => (None, Err(d)),
        }
    }
}

/// Files that were seen but are not articles (listed in the summary), and
/// what each input held, so that a run that finds no article can say what
/// it found instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignored {
    /// How many.
    pub count: usize,
    /// The first few, for the summary.
    pub examples: Vec<String>,
    /// Ignored files by extension (`docx`, `md`; empty for none).
    pub by_extension: BTreeMap<String, usize>,
    /// `.txt` files lying directly in a corpus folder instead of in an
    /// outlet folder, with the first such folder.
    pub loose_articles: (usize, String),
    /// Inputs that held nothing to read, each with why ("x.csv has a header
    /// but no rows").
    pub empty_inputs: Vec<String>,
}

impl Ignored {
    /// One line saying what the inputs held and what framelens reads, for a
    /// run that found no article at all.
    pub fn nothing_found(&self) -> String {
        let mut found: Vec<String> = self.empty_inputs.clone();
        let (loose, folder) = &self.loose_articles;
        if *loose > 0 {
            found.push(format!(
                "{loose} .txt file(s) directly in {folder}, not in outlet folders: put each outlet's articles in a \
                 folder named after it ({folder}/<outlet>/<article>.txt)"
            ));
        }
        let others: Vec<String> = self
            .by_extension
            .iter()
            .filter(|(ext, _)| ext.as_str() != "txt")
            .map(|(ext, n)| match ext.as_str() {
                "" => format!("{n} file(s) without an extension"),
                "(hidden)" => format!("{n} hidden file(s)"),
                _ => format!("{n} .{ext} file(s)"),
            })
            .collect();
        if !others.is_empty() {
            let advice = if self
                .by_extension
                .keys()
                .any(|e| matches!(e.as_str(), "docx" | "doc" | "odt" | "rtf" | "pdf" | "html" | "htm"))
            {
                "; save the articles as plain text (.txt)"
            } else {
                ""
            };
            found.push(format!("found {}{advice}", others.join(", ")));
        }
        if found.is_empty() {
            found.push("the inputs are empty".to_string());
        }
        format!(
            "no articles to analyse: {}. framelens reads <corpus>/<outlet>/<article>.txt folders and .csv, .tsv or .jsonl exports",
            found.join("; ")
        )
    }
}

/// A reader over all inputs of a run, handing out items in corpus order.
pub struct Corpus {
    inputs: VecDeque<Input>,
    current: Option<Source>,
    options: ReadOptions,
    /// Files seen so far that are not articles.
    pub ignored: Ignored,
}

struct Input {
    path: PathBuf,
    format: InputFormat,
    /// The export itself, when it is held in memory.
    memory: Option<MemoryInput>,
}

enum Source {
    Files(std::vec::IntoIter<Item>),
    Folder(Box<folder::Walk>),
    Csv(Box<CsvSource>),
    Jsonl(JsonlSource),
}

impl Corpus {
    /// Whether any input can hold articles without an event (an export, or a
    /// folder when events come from automatic grouping).
    pub fn may_need_grouping(paths: &[PathBuf], options: &ReadOptions) -> bool {
        options.events == EventSource::Auto
            || paths.iter().any(|p| {
                !p.is_dir()
                    && resolve_format(p, options).is_ok_and(|f| f != InputFormat::Txt && f != InputFormat::Folder)
            })
    }

    /// A corpus of items already at hand (articles pasted into the browser
    /// version), in the order given; nothing is read from disk.
    pub fn from_items(items: Vec<Item>) -> Corpus {
        Corpus {
            inputs: VecDeque::new(),
            current: Some(Source::Files(items.into_iter())),
            options: ReadOptions::default(),
            ignored: Ignored::default(),
        }
    }

    /// Opens the inputs: checks that every one exists, is a folder or a
    /// regular file (or standard input, or a pipe when
    /// [`ReadOptions::special_files`] allows it), is given once, and has a
    /// known format.
    pub fn open(paths: &[PathBuf], options: ReadOptions) -> Result<Corpus, Error> {
        let mut inputs = VecDeque::new();
        let mut seen: Vec<(PathBuf, &PathBuf)> = Vec::new();
        for path in paths {
            let format = resolve_format(path, &options)?;
            let key = if path.as_os_str() == "-" {
                PathBuf::from("-")
            } else {
                std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())
            };
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let what = if path.as_os_str() == "-" {
                    "standard input (-) is given twice; it can be read only once: give it once".to_string()
                } else {
                    format!("given twice (also as {}); give each input once", crate::error::shown(first))
                };
                return Err(Error::input(Location::file(path), what));
            }
            seen.push((key, path));
            inputs.push_back(Input { path: path.clone(), format, memory: None });
        }
        Ok(Corpus { inputs, current: None, options, ignored: Ignored::default() })
    }

    /// Adds exports held in memory after the inputs opened so far.
    pub fn with_memory(mut self, exports: &[MemoryInput]) -> Corpus {
        for m in exports {
            let input = Input { path: PathBuf::from(&m.name), format: InputFormat::Jsonl, memory: Some(m.clone()) };
            self.inputs.push_back(input);
        }
        self
    }

    /// The next up to `max` items; empty when the corpus is exhausted.
    pub fn next_chunk(&mut self, max: usize) -> Result<Vec<Item>, Error> {
        let mut out = Vec::with_capacity(max);
        while out.len() < max {
            if self.current.is_none() {
                let Some(input) = self.inputs.pop_front() else { break };
                self.current = Some(self.start(input)?);
            }
            let shard = self.options.shard;
            let mut exhausted = false;
            match self.current.as_mut() {
                Some(Source::Files(it)) => exhausted = fill_items(&mut out, max, shard, || it.next()),
                Some(Source::Folder(walk)) => {
                    exhausted = fill_items(&mut out, max, shard, || walk.next_item(&mut self.ignored))
                }
                Some(Source::Csv(s)) => exhausted = s.fill(&mut out, max, shard),
                Some(Source::Jsonl(s)) => exhausted = s.fill(&mut out, max, &self.options.columns, shard),
                None => {}
            }
            if exhausted {
                match self.current.take() {
                    Some(Source::Csv(s)) if s.rows() == 0 => {
                        self.note_empty(format!("{} has a header but no rows", s.shown()))
                    }
                    Some(Source::Jsonl(s)) if s.lines() == 0 => self.note_empty(format!("{} is empty", s.shown())),
                    Some(Source::Folder(walk)) if walk.found_nothing() => {
                        self.note_empty(format!("the folder {} is empty", crate::error::shown(walk.root())))
                    }
                    _ => {}
                }
            }
        }
        Ok(out)
    }

    fn start(&mut self, input: Input) -> Result<Source, Error> {
        if let Some(m) = input.memory {
            let reader: Box<dyn std::io::BufRead + Send> = Box::new(std::io::Cursor::new(m.jsonl));
            let source =
                JsonlSource::new(reader, input.path, None, self.options.max_article_bytes).starting_at(m.first_line);
            return Ok(Source::Jsonl(source));
        }
        let path = input.path;
        let spooled = self.options.spools.get(&path).map(Path::to_path_buf);
        // Rows of an input that is read once only cannot be grouped into
        // stories; those without an event share one named after it.
        let event = (path.as_os_str() == "-" && spooled.is_none()).then(|| "stdin".to_string());
        let read_from = spooled.unwrap_or_else(|| path.clone());
        let o = &self.options;
        Ok(match input.format {
            InputFormat::Folder => {
                let settings = folder::Settings {
                    event: (o.events == EventSource::Folder).then(|| folder_name(&path)),
                    limit: o.max_article_bytes,
                    special: o.special_files,
                    follow_outside: o.follow_outside_links,
                };
                Source::Folder(Box::new(folder::Walk::new(&path, settings)?))
            }
            InputFormat::Txt => {
                let outlet = path.parent().map(folder_name).unwrap_or_default();
                let item = Item::File {
                    display: path.display().to_string(),
                    outlet,
                    id: stem(&path),
                    event: (o.events == EventSource::Folder).then(|| stem(&path)),
                    path: read_from,
                    limit: o.max_article_bytes,
                    special: o.special_files,
                };
                Source::Files(vec![item].into_iter())
            }
            InputFormat::Csv => Source::Csv(Box::new(CsvSource::new(
                Box::new(BufReader::with_capacity(1 << 16, open_input(&read_from)?)),
                path.clone(),
                event,
                o,
            )?)),
            InputFormat::Jsonl => Source::Jsonl(JsonlSource::new(
                Box::new(BufReader::with_capacity(1 << 16, open_input(&read_from)?)),
                path.clone(),
                event,
                o.max_article_bytes,
            )),
            InputFormat::Auto => unreachable!("resolved in open"),
        })
    }

    /// Notes an input that turned out to hold nothing to read.
    fn note_empty(&mut self, what: String) {
        self.ignored.empty_inputs.push(what);
    }
}

/// Moves items from `next` into `out` until it holds `max` (only items of
/// this shard count towards the chunk); whether `next` ran out.
fn fill_items(out: &mut Vec<Item>, max: usize, shard: Option<Shard>, mut next: impl FnMut() -> Option<Item>) -> bool {
    while out.len() < max {
        let Some(item) = next() else { return true };
        if shard.is_none_or(|s| s.keeps_item(&item)) {
            out.push(item);
        }
    }
    false
}

/// Reads an export held in memory (for tests and fuzzing): each row as an
/// article or as the problem that kept it out. `name` is the export's name
/// in messages; a `.tsv` name reads it tab-separated unless the options
/// give a separator.
pub fn read_export_bytes(
    bytes: Vec<u8>,
    name: &str,
    format: InputFormat,
    options: &ReadOptions,
) -> Result<Vec<Result<Article, Diagnostic>>, Error> {
    let input: Box<dyn std::io::BufRead + Send> = Box::new(std::io::Cursor::new(bytes));
    let path = PathBuf::from(name);
    let mut out = Vec::new();
    match format {
        InputFormat::Jsonl => {
            let mut source = JsonlSource::new(input, path, None, options.max_article_bytes);
            loop {
                let max = out.len() + 256;
                if source.fill(&mut out, max, &options.columns, None) {
                    break;
                }
            }
        }
        _ => {
            let mut source = CsvSource::new(input, path, None, options)?;
            loop {
                let max = out.len() + 256;
                if source.fill(&mut out, max, None) {
                    break;
                }
            }
        }
    }
    Ok(out.into_iter().map(|item| item.load(options.fallback)).collect())
}

fn open_input(path: &Path) -> Result<Box<dyn Read + Send>, Error> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    File::open(path).map(|f| Box::new(f) as Box<dyn Read + Send>).map_err(|e| Error::io(path, e))
}

/// What kind of thing other than a file or folder `meta` describes.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Limits on reading one whole file, with what to tell the user.
#[derive(Debug, Clone, Copy)]
pub struct FileLimit<'a> {
    /// Largest size read, in bytes.
    pub bytes: u64,
    /// What to do about a file over the limit ("raise the limit with …").
    pub too_big: &'a str,
    /// Whether pipes and devices are read too.
    pub special: bool,
    /// What to do to read a pipe or device, if anything can be done.
    pub special_hint: &'a str,
}

impl FileLimit<'_> {
    /// The limit on one article file.
    pub fn article(bytes: u64, special: bool) -> FileLimit<'static> {
        FileLimit {
            bytes,
            too_big: "split it, or raise the limit with --max-article-size",
            special,
            special_hint: " (or pass --read-special-files to read pipes and devices)",
        }
    }
}

/// Reads a whole file within `limit`. Only regular files are read unless
/// `limit.special` (a pipe that nobody writes to would wait forever, and
/// `/dev/zero` never ends); the size is checked before reading, and again
/// while reading for files whose size is not known in advance. `shown` is
/// the name in messages.
pub fn read_file(path: &Path, shown: &Path, limit: FileLimit) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(shown, e))?;
    if !meta.is_file() && !limit.special {
        let kind = if meta.is_dir() { "a folder" } else { special_kind(&meta) };
        return Err(Error::input(
            Location::file(shown),
            format!("{kind}, not a regular file; framelens reads only regular files{}", limit.special_hint),
        ));
    }
    let too_big = |size: u64| {
        Error::input(
            Location::file(shown),
            format!("{} is over the size limit of {}; {}", human_size(size), human_size(limit.bytes), limit.too_big),
        )
    };
    if meta.is_file() && meta.len() > limit.bytes {
        return Err(too_big(meta.len()));
    }
    let file = File::open(path).map_err(|e| Error::io(shown, e))?;
    let mut bytes = Vec::with_capacity(if meta.is_file() { meta.len() as usize } else { 1 << 16 });
    file.take(limit.bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| Error::io(shown, e))?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// `1.2 GB`, `34 MB`, `512 bytes`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")];
    for (size, unit) in UNITS {
        if bytes >= size {
            let v = bytes as f64 / size as f64;
            return if v < 10.0 { format!("{v:.1} {unit}") } else { format!("{v:.0} {unit}") };
        }
    }
    format!("{bytes} bytes")
}

fn resolve_format(path: &Path, options: &ReadOptions) -> Result<InputFormat, Error> {
    let format = options.format;
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
    if !meta.is_dir() && !meta.is_file() && !options.special_files && !is_stream_path(path) {
        return Err(Error::input(
            Location::file(path),
            format!(
                "{}, not a regular file: framelens reads folders and regular files (a pipe nobody writes to would \
                 wait forever); use - for standard input, or pass --read-special-files to read it once",
                special_kind(&meta)
            ),
        ));
    }
    if format != InputFormat::Auto {
        if meta.is_dir() && format != InputFormat::Folder {
            return Err(Error::input(
                Location::file(path),
                format!("is a folder, but --input-format says {}; leave --input-format out for folders", format.name()),
            ));
        }
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
        _ => Err(Error::input(Location::file(path), unknown_extension(&ext))),
    }
}

/// A stream the shell hands over by name: standard input as `/dev/stdin`,
/// or a process substitution such as `<(zcat export.csv.gz)` (`/dev/fd/63`).
/// Someone always writes to it, so it is read (once) without
/// `--read-special-files`, unlike a named pipe found in the file system.
fn is_stream_path(path: &Path) -> bool {
    let p = path.to_string_lossy();
    p == "/dev/stdin" || p.starts_with("/dev/fd/") || p.starts_with("/proc/self/fd/")
}

/// What to do with a file whose extension is not one framelens reads.
fn unknown_extension(ext: &str) -> String {
    let reads = "framelens reads folders of .txt articles and .csv, .tsv or .jsonl exports";
    match ext {
        "docx" | "doc" | "odt" | "rtf" | "pages" | "wpd" => {
            format!("a word-processor document, which {reads}; save it as plain text (.txt)")
        }
        "pdf" => format!("a PDF, which {reads}; copy its text into a .txt file"),
        "html" | "htm" | "xhtml" | "xml" => format!("a web page, which {reads}; save its text as a .txt file"),
        "xlsx" | "xls" | "ods" | "numbers" => format!("a spreadsheet, which {reads}; save it as CSV (.csv)"),
        "gz" | "zip" | "bz2" | "xz" | "zst" | "7z" | "tar" | "tgz" => {
            format!("a compressed file, which {reads}; unpack it first")
        }
        _ => format!(
            "cannot tell what this file is from its extension ({reads}); if it is one of those, name its format \
             with --input-format csv, jsonl or txt"
        ),
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
            all.extend(chunk.into_iter().map(|i| i.load(Fallback::NONE)));
        }
        all
    }

    /// A temporary folder, removed when the returned guard is dropped.
    fn tmp(name: &str) -> (tempfile::TempDir, PathBuf) {
        let t = tempfile::Builder::new().prefix(&format!("framelens-corpus-{name}-")).tempdir().unwrap();
        let d = t.path().to_path_buf();
        (t, d)
    }

    #[test]
    fn folder_layout_in_sorted_order() {
        let (_guard, d) = tmp("folder");
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
    fn sizes_and_advice_for_files_framelens_does_not_read() {
        for (n, want) in [(512, "512 bytes"), (2048, "2.0 KB"), (34 << 20, "34 MB"), (3 << 30, "3.0 GB")] {
            assert_eq!(human_size(n), want);
        }
        for (ext, want) in [
            ("docx", "save it as plain text (.txt)"),
            ("pdf", "copy its text"),
            ("xlsx", "save it as CSV"),
            ("gz", "unpack it first"),
            ("dat", "--input-format csv, jsonl or txt"),
        ] {
            assert!(unknown_extension(ext).contains(want), "{ext}: {}", unknown_extension(ext));
        }
        // Only a file of unknown content is told about --input-format.
        assert!(!unknown_extension("docx").contains("--input-format"));
    }

    #[test]
    fn an_input_given_twice_is_an_error() {
        let (_guard, d) = tmp("twice");
        let p = d.join("x.csv");
        std::fs::write(&p, "text\nA\n").unwrap();
        let again = d.join(".").join("x.csv");
        let err = Corpus::open(&[p, again], ReadOptions::default()).err().unwrap().to_string();
        assert!(err.contains("given twice"), "{err}");
    }

    #[test]
    fn exports_in_memory_find_their_separator() {
        let cases: &[(&str, &str, usize)] = &[
            ("text,media_name\n\"a, b\",A\n", "x.csv", 1),
            ("text;media_name\n\"a; b\";A\nc;B\n", "x.csv", 2),
            ("text\tmedia_name\na\tA\n", "x.csv", 1),
            ("text\tmedia_name\na\tA\n", "x.tsv", 1),
        ];
        for (text, name, rows) in cases {
            let got = read_export_bytes(text.as_bytes().to_vec(), name, InputFormat::Csv, &ReadOptions::default())
                .unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(got.len(), *rows, "{text:?}");
            assert!(got.iter().all(|a| a.as_ref().is_ok_and(|a| a.meta.outlet != "(unknown)")), "{text:?}: {got:?}");
        }
    }

    #[test]
    fn nothing_found_says_what_was_there() {
        let mut ignored = Ignored::default();
        ignored.by_extension.insert("docx".into(), 3);
        ignored.by_extension.insert("(hidden)".into(), 1);
        let m = ignored.nothing_found();
        assert!(m.contains("found 1 hidden file(s), 3 .docx file(s); save the articles as plain text"), "{m}");
        let empty = Ignored { empty_inputs: vec!["x.csv has a header but no rows".into()], ..Ignored::default() };
        assert!(empty.nothing_found().contains("x.csv has a header but no rows"));
    }

    #[test]
    fn missing_corpus_is_a_clear_error() {
        let err = Corpus::open(&[PathBuf::from("/no/such/corpus")], ReadOptions::default()).err().unwrap().to_string();
        assert!(err.contains("corpus not found") && err.contains("/no/such/corpus"), "{err}");
    }

    #[test]
    fn csv_export_with_media_cloud_columns() {
        let (_guard, d) = tmp("csv");
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
        let (_guard, d) = tmp("csvwidth");
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
        let (_guard, d) = tmp("jsonlbom");
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
        let (_guard, d) = tmp("csvbad");
        let p = d.join("x.csv");
        std::fs::write(&p, "title,url\nA,b\n").unwrap();
        let err = Corpus::open(&[p], ReadOptions::default()).unwrap().next_chunk(5).err().unwrap().to_string();
        assert!(err.contains("--text-column") && err.contains("title, url"), "{err}");
    }

    #[test]
    fn jsonl_news_please_keys_and_bad_lines() {
        let (_guard, d) = tmp("jsonl");
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
