//! `framelens merge`: turns partial results ([`super::partial`]) into the
//! reports of the whole corpus, the same bytes one run over all the inputs
//! writes. It checks that the partials belong together (same format,
//! framelens version, record fields, lexicon, cues and settings; every part
//! of each cut corpus present once; no input in two sets of partials) and
//! says which one does not; then it reads them twice: once for the grouping
//! features of articles without an event (stories are found over all parts
//! together, as one run finds them), once to replay every record through
//! the same reports and `run.json` a run ends with. Reports sort their rows,
//! so the order of the partials does not matter.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::Arc;

use flate2::bufread::MultiGzDecoder;

use super::analyze::manifest::Input;
use super::analyze::{self, Context, Finish, Options, Run, Summary, grouped_event};
use super::output::OutputFolder;
use super::partial::{self, End, Header, Record};
use super::pipeline::Workers;
use super::stories::{self, Found};
use crate::claims::Cues;
use crate::error::{Error, Location, Result};
use crate::input::Ignored;
use crate::report::Output;

/// Where a partial is.
#[derive(Debug, Clone)]
pub enum PartialInput {
    /// A `framelens-partial.jsonl` file.
    File(PathBuf),
    /// A partial held in memory (from the Python bindings), with a name for messages.
    Memory {
        /// Shown in messages.
        name: String,
        /// The partial's bytes.
        bytes: Arc<[u8]>,
    },
}

impl PartialInput {
    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            PartialInput::File(p) => p.display().to_string(),
            PartialInput::Memory { name, .. } => name.clone(),
        }
    }

    /// Opens the partial for reading from the start, uncompressed.
    fn open(&self) -> Result<Box<dyn BufRead + Send>> {
        let mut raw: Box<dyn BufRead + Send> = match self {
            PartialInput::File(p) => {
                Box::new(BufReader::with_capacity(1 << 16, std::fs::File::open(p).map_err(|e| Error::io(p, e))?))
            }
            PartialInput::Memory { bytes, .. } => Box::new(std::io::Cursor::new(bytes.clone())),
        };
        let magic = raw.fill_buf().map_err(|e| self.error(0, format!("cannot read: {e}")))?;
        if !magic.starts_with(&[0x1f, 0x8b]) {
            return Err(self.error(
                0,
                "not a framelens partial (not gzip-compressed); give what `framelens analyze --emit partial` wrote",
            ));
        }
        Ok(Box::new(BufReader::with_capacity(1 << 20, MultiGzDecoder::new(raw))))
    }

    fn error(&self, line: usize, message: impl Into<String>) -> Error {
        Error::input(Location::line(self.name(), line), message)
    }
}

/// The partials named on the command line: a folder written by `framelens
/// analyze --emit partial` (its `framelens-partial.jsonl`) or the file itself.
pub fn find_partials(paths: &[PathBuf]) -> Result<Vec<PartialInput>> {
    let mut out = Vec::new();
    for p in paths {
        let file = if p.is_dir() { p.join(partial::FILE) } else { p.clone() };
        if !file.is_file() {
            let what = if p.is_dir() {
                format!("no {} in this folder", partial::FILE)
            } else {
                "no such file or folder".to_string()
            };
            return Err(Error::input(
                Location::file(p),
                format!("{what}; give the folders that `framelens analyze --emit partial --out FOLDER` wrote"),
            ));
        }
        out.push(PartialInput::File(file));
    }
    if out.is_empty() {
        return Err(Error::Config("nothing to merge: give one or more partial folders".into()));
    }
    Ok(out)
}

/// Options of a merge.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// The partials.
    pub partials: Vec<PartialInput>,
    /// Where the reports go.
    pub out: PathBuf,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// The command line, for run.json.
    pub command: Vec<String>,
    /// The time to record in run.json, as `analyze` records it.
    pub time: Option<String>,
    /// Write into a folder that holds files framelens did not write.
    pub force: bool,
}

impl MergeOptions {
    /// Merging `partials` into `out`, with the defaults: every core, no
    /// command line or time recorded, a folder framelens did not write
    /// refused.
    pub fn new(partials: Vec<PartialInput>, out: PathBuf) -> MergeOptions {
        MergeOptions { partials, out, threads: None, command: Vec::new(), time: None, force: false }
    }
}

/// Merges the partials and writes the reports into `options.out`, the way
/// `analyze` writes them: into a temporary folder swapped in whole when the
/// merge has succeeded. Partials that hold no article at all are an error,
/// as a run that finds none is.
pub fn run(options: &MergeOptions) -> Result<Summary> {
    let workers = Workers::new(options.threads)?;
    let read: Vec<PathBuf> = options
        .partials
        .iter()
        .filter_map(|p| match p {
            PartialInput::File(f) => Some(f.clone()),
            PartialInput::Memory { .. } => None,
        })
        .collect();
    let folder = OutputFolder::prepare(&options.out, &read, options.force)?;
    let mut out = folder.output();
    let mut summary = run_into(options, &workers, &mut out)?;
    summary.output = Some(folder.prepared());
    folder.commit()?;
    Ok(summary)
}

/// What the first pass learns about one partial.
struct Scanned {
    header: Header,
    end: End,
}

/// Reads the header line of a partial.
fn read_header(p: &PartialInput, reader: &mut dyn BufRead) -> Result<Header> {
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| p.error(1, format!("cannot read: {e}")))?;
    let not_partial = || {
        p.error(1, "not a framelens partial (no partial header on its first line); give what `framelens analyze --emit partial` wrote")
    };
    let value: serde_json::Value = serde_json::from_str(&line).map_err(|_| not_partial())?;
    let version = value.get("framelens_partial").and_then(|v| v.as_u64()).ok_or_else(not_partial)?;
    if version != u64::from(partial::FORMAT_VERSION) {
        let made = value.get("framelens").and_then(|v| v.as_str()).unwrap_or("?");
        return Err(p.error(
            1,
            format!(
                "partial format {version} (written by framelens {made}); this framelens {} reads format {}: merge with the framelens that made the partials, or make them again",
                env!("CARGO_PKG_VERSION"),
                partial::FORMAT_VERSION
            ),
        ));
    }
    let header: Header =
        serde_json::from_value(value).map_err(|e| p.error(1, format!("damaged partial header: {e}")))?;
    if header.framelens != env!("CARGO_PKG_VERSION") {
        return Err(p.error(
            1,
            format!(
                "made by framelens {}; this is framelens {}: merge with the version that made the partials, or make them again with this one",
                header.framelens,
                env!("CARGO_PKG_VERSION")
            ),
        ));
    }
    if header.schema != partial::schema() {
        return Err(p.error(
            1,
            format!(
                "made by a framelens {} build whose records have other fields (schema {}, this build {}): merge with the build that made the partials, or make them again",
                header.framelens,
                header.schema,
                partial::schema()
            ),
        ));
    }
    Ok(header)
}

/// Opens a partial and skips its header line (already read and checked).
fn open_records(p: &PartialInput) -> Result<Box<dyn BufRead + Send>> {
    let mut reader = p.open()?;
    let mut header = Vec::new();
    reader.read_until(b'\n', &mut header).map_err(|e| p.error(1, format!("cannot read: {e}")))?;
    Ok(reader)
}

/// First pass over one partial: checks its lines and trailer, and collects
/// the grouping features of its articles without an event.
fn scan(p: &PartialInput, header: Header, stories: &mut Vec<Found>) -> Result<Scanned> {
    let mut reader = open_records(p)?;
    let mut seen = End::default();
    let mut end: Option<End> = None;
    let mut line = String::new();
    let mut number = 1;
    loop {
        line.clear();
        let n = reader.read_line(&mut line).map_err(|e| p.error(number + 1, format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        number += 1;
        if end.is_some() {
            return Err(p.error(number, "lines after the partial's last record; the file was damaged or edited"));
        }
        if line.starts_with(partial::STORY_PREFIX) {
            match serde_json::from_str::<Record>(&line) {
                Ok(Record::Story(s)) => stories.push((s.meta, s.features)),
                _ => return Err(p.error(number, "damaged story record")),
            }
            seen.stories += 1;
        } else if line.starts_with(partial::ARTICLE_PREFIX) {
            seen.articles += 1;
        } else if line.starts_with(partial::SKIPPED_PREFIX) {
            seen.skipped += 1;
        } else if line.starts_with(partial::FILE_PREFIX) {
            seen.files += 1;
        } else if line.starts_with(partial::END_PREFIX) {
            match serde_json::from_str::<Record>(&line) {
                Ok(Record::End(e)) => end = Some(e),
                _ => return Err(p.error(number, "damaged end record")),
            }
        } else {
            return Err(p.error(number, "not a partial record; the file was damaged or edited"));
        }
    }
    let Some(end) = end else {
        return Err(p.error(
            number,
            "the partial ends before its last record: the run that wrote it did not finish (or the copy was cut); make it again",
        ));
    };
    let counts = |e: &End| (e.articles, e.stories, e.skipped, e.files);
    if counts(&end) != counts(&seen) {
        return Err(p.error(
            number,
            format!(
                "the partial holds {} articles, {} stories, {} skipped and {} files but says {}, {}, {} and {}; the file was damaged or edited",
                seen.articles, seen.stories, seen.skipped, seen.files, end.articles, end.stories, end.skipped, end.files
            ),
        ));
    }
    Ok(Scanned { header, end })
}

/// The partials of one set of inputs (all parts of one cut corpus).
struct InputSet {
    inputs: Vec<Input>,
    /// Index of each partial, by part number (0 when not cut).
    parts: BTreeMap<usize, usize>,
    count: usize,
    ignored: IgnoredFrom,
}

/// The ignored files of a set and the partial they were read from.
struct IgnoredFrom {
    ignored: partial::IgnoredState,
    from: usize,
}

/// Checks that the partials can be merged; returns the inputs in order and
/// the files ignored over all of them.
fn check(partials: &[PartialInput], scanned: &[Scanned]) -> Result<(Vec<Input>, Ignored)> {
    let first = &scanned[0].header;
    let name = |i: usize| partials[i].name();
    for (i, s) in scanned.iter().enumerate().skip(1) {
        let h = &s.header;
        if h.lexicon.sha256 != first.lexicon.sha256 {
            return Err(Error::Config(format!(
                "{} was made with another lexicon than {}: {}; make every partial with the same --lexicon",
                name(i),
                name(0),
                h.lexicon.difference(&first.lexicon)
            )));
        }
        if h.settings != first.settings {
            let (a, b) = (serde_json::to_value(&h.settings), serde_json::to_value(&first.settings));
            let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
            let differs: Vec<String> = a
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter(|(k, v)| b.get(k.as_str()) != Some(v))
                        .map(|(k, v)| format!("{k} {v} against {}", b[k]))
                        .collect()
                })
                .unwrap_or_default();
            let what = if differs.iter().any(|d| d.starts_with("cues_sha256")) {
                format!("{} (another cue list)", differs.join(", "))
            } else {
                differs.join(", ")
            };
            return Err(Error::Config(format!(
                "{} was made with other settings than {}: {what}; make every partial with the same options",
                name(i),
                name(0)
            )));
        }
    }
    let mut sets: Vec<InputSet> = Vec::new();
    for (i, s) in scanned.iter().enumerate() {
        let h = &s.header;
        let (number, count) = h.part.map_or((0, 0), |p| (p.number, p.count));
        let set = match sets.iter_mut().position(|set| set.inputs == h.inputs) {
            Some(k) => &mut sets[k],
            None => {
                sets.push(InputSet {
                    inputs: h.inputs.clone(),
                    parts: BTreeMap::new(),
                    count,
                    ignored: IgnoredFrom { ignored: s.end.ignored.clone(), from: i },
                });
                sets.last_mut().unwrap_or_else(|| unreachable!("pushed above"))
            }
        };
        if set.count != count {
            return Err(Error::Config(format!(
                "{} and {} read the same inputs but cut them into {} and {} parts; merge the parts of one cut",
                name(set.parts.values().next().copied().unwrap_or(i)),
                name(i),
                set.count.max(1),
                count.max(1)
            )));
        }
        if let Some(&other) = set.parts.get(&number) {
            let which =
                if number == 0 { "the whole of the same inputs".to_string() } else { format!("part {number}/{count}") };
            return Err(Error::Config(format!(
                "{} and {} are both {which}; give each part once",
                name(other),
                name(i)
            )));
        }
        if s.end.ignored != set.ignored.ignored {
            return Err(Error::Config(format!(
                "{} and {} read the same inputs but found different files in them ({} and {} files that are not articles): the corpus changed between the runs; make the partials again",
                name(set.ignored.from),
                name(i),
                set.ignored.ignored.count,
                s.end.ignored.count
            )));
        }
        set.parts.insert(number, i);
    }
    let mut inputs: Vec<Input> = Vec::new();
    let mut ignored = Ignored::default();
    for set in &sets {
        if set.count > 0 {
            let missing: Vec<String> =
                (1..=set.count).filter(|k| !set.parts.contains_key(k)).map(|k| format!("{k}/{}", set.count)).collect();
            if !missing.is_empty() {
                let paths: Vec<&str> = set.inputs.iter().map(|i| i.path.as_str()).collect();
                return Err(Error::Config(format!(
                    "part {} of the inputs {} missing (have {} of {}); merge every part, or the reports would leave articles out",
                    missing.join(", "),
                    paths.join(", "),
                    set.parts.len(),
                    set.count
                )));
            }
        }
        for input in &set.inputs {
            if inputs.iter().any(|i| i.path == input.path) {
                return Err(Error::Config(format!(
                    "input {} is in two sets of partials (made over different input lists); its articles would count twice",
                    input.path
                )));
            }
            inputs.push(input.clone());
        }
        let part: Ignored = (&set.ignored.ignored).into();
        ignored.count += part.count;
        for e in part.examples {
            if ignored.examples.len() < 5 {
                ignored.examples.push(e);
            }
        }
        for (ext, n) in part.by_extension {
            *ignored.by_extension.entry(ext).or_default() += n;
        }
        if ignored.loose_articles.0 == 0 {
            ignored.loose_articles.1 = part.loose_articles.1;
        }
        ignored.loose_articles.0 += part.loose_articles.0;
        ignored.empty_inputs.extend(part.empty_inputs);
    }
    Ok((inputs, ignored))
}

/// Lines parsed at once in the second pass, in parallel.
const BATCH: usize = 512;

/// Merges the partials, writing the reports into `out`.
pub fn run_into(options: &MergeOptions, workers: &Workers, out: &mut dyn Output) -> Result<Summary> {
    let partials = &options.partials;
    if partials.is_empty() {
        return Err(Error::Config("nothing to merge: give one or more partials".into()));
    }
    // Headers first, so a wrong partial is named before anything is read.
    let headers: Vec<Header> = partials.iter().map(|p| read_header(p, &mut p.open()?)).collect::<Result<_>>()?;
    let mut found: Vec<Found> = Vec::new();
    let scanned: Vec<Scanned> =
        partials.iter().zip(headers).map(|(p, h)| scan(p, h, &mut found)).collect::<Result<_>>()?;
    let (inputs, ignored) = check(partials, &scanned)?;
    let total = |f: fn(&End) -> usize| scanned.iter().map(|s| f(&s.end)).sum::<usize>();
    if total(|e| e.articles) == 0 && total(|e| e.skipped) == 0 {
        let paths: Vec<PathBuf> = inputs.iter().map(|i| PathBuf::from(&i.path)).collect();
        return Err(Error::NoArticles(format!("{}: {}", analyze::inputs_shown(&paths), ignored.nothing_found())));
    }
    let header = &scanned[0].header;
    let lexicon = header.lexicon.lexicon().map_err(|e| partials[0].error(1, e))?;
    let mut run_options = Options::new(inputs.iter().map(|i| PathBuf::from(&i.path)).collect(), options.out.clone());
    header.settings.apply(&mut run_options)?;
    run_options.threads = options.threads;
    run_options.command = options.command.clone();
    run_options.time = options.time.clone();
    let grouping = stories::group_found(found);
    // Reports only read the cues' presence (the claims were extracted in the parts).
    let cues = Cues::default();
    let mut ctx = Context::new(&lexicon);
    ctx.cues = run_options.reports.claims().then_some(&cues);
    ctx.keyness = run_options.reports.framing();
    ctx.keep_body = run_options.page;
    let (mut reports, tables) = analyze::reports_for(&run_options, &ctx)?;
    let mut run = Run::new(workers, &grouping, &ctx);
    run.summary.ignored = ignored;
    for p in partials {
        let mut reader = open_records(p)?;
        let mut number = 1;
        loop {
            let mut lines = Vec::with_capacity(BATCH);
            for _ in 0..BATCH {
                let mut line = String::new();
                let n = reader.read_line(&mut line).map_err(|e| p.error(number + 1, format!("cannot read: {e}")))?;
                if n == 0 {
                    break;
                }
                number += 1;
                if !line.starts_with(partial::STORY_PREFIX) && !line.starts_with(partial::END_PREFIX) {
                    lines.push((number, line));
                }
            }
            if lines.is_empty() {
                break;
            }
            let records = workers.map(lines, |_, (number, line)| {
                serde_json::from_str::<Record>(&line).map_err(|e| p.error(number, format!("damaged record: {e}")))
            });
            for record in records {
                match record? {
                    Record::Article(mut a) => {
                        if a.meta.event.is_none() {
                            a.meta.event = Some(grouped_event(&grouping, &a.meta.path, a.meta.line));
                        }
                        a.rekey_hits();
                        run.take(None, Ok(*a), &mut reports, &ctx)?;
                    }
                    Record::Skipped(d) => run.take(None, Err(d), &mut reports, &ctx)?,
                    Record::File(f) => run.take_file(f, &mut reports)?,
                    Record::Story(_) | Record::End(_) => {}
                }
            }
        }
    }
    let at = Finish { options: &run_options, ctx: &ctx, workers, grouping: &grouping };
    run.finish(reports, &at, &inputs, out, &tables, true)
}
