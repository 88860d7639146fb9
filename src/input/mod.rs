//! Corpus input: finds the articles of a corpus folder (`<outlet>/<article>.txt`),
//! or reads them from CSV exports (Media Cloud's columns by default) and JSON
//! Lines (news-please keys), in chunks so a million-article export never has
//! to sit in memory at once. The order of articles is the corpus order: sorted
//! paths for folders, row order for exports, inputs in the order given.

pub mod article;
pub mod decode;
mod export;
mod folder;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

pub use article::{Article, LangSource, Meta};
pub use decode::Fallback;

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
#[derive(Debug, Clone, Default)]
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
    },
    /// An article already read (from an export).
    Article(Box<Article>),
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
            Item::File { path, display, outlet, id, event } => match std::fs::read(&path) {
                Ok(bytes) => {
                    let digest = (display.clone(), sha256_hex(&bytes));
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
    /// How many.
    pub count: usize,
    /// The first few, for the summary.
    pub examples: Vec<String>,
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
    Csv(Box<CsvSource>),
    Jsonl(JsonlSource),
}

impl Corpus {
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

    /// Opens the inputs: checks that every one exists and has a known format.
    pub fn open(paths: &[PathBuf], options: ReadOptions) -> Result<Corpus, Error> {
        let mut inputs = VecDeque::new();
        for path in paths {
            let format = resolve_format(path, options.format)?;
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
                Some(Source::Files(it)) => {
                    // Only items of this shard count towards the chunk.
                    while out.len() < max {
                        let Some(item) = it.next() else {
                            exhausted = true;
                            break;
                        };
                        if shard.is_none_or(|s| s.keeps_item(&item)) {
                            out.push(item);
                        }
                    }
                }
                Some(Source::Csv(s)) => exhausted = s.fill(&mut out, max, shard),
                Some(Source::Jsonl(s)) => exhausted = s.fill(&mut out, max, &self.options.columns, shard),
                None => {}
            }
            if exhausted {
                self.current = None;
            }
        }
        Ok(out)
    }

    fn start(&mut self, input: Input) -> Result<Source, Error> {
        if let Some(m) = input.memory {
            let reader: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(m.jsonl));
            let source = JsonlSource::new(BufReader::new(reader), input.path, m.name).starting_at(m.first_line);
            return Ok(Source::Jsonl(source));
        }
        let path = input.path;
        let stdin = path.as_os_str() == "-";
        let name = if stdin { "stdin".to_string() } else { stem(&path) };
        Ok(match input.format {
            InputFormat::Folder => {
                let event = (self.options.events == EventSource::Folder).then(|| folder_name(&path));
                let items = folder::list(&path, event.as_deref(), &mut self.ignored)?;
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
            InputFormat::Jsonl => {
                Source::Jsonl(JsonlSource::new(BufReader::new(open_input(&path)?), path.clone(), name))
            }
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
