//! One module per subcommand, each with its `Args` and `run`. Only these
//! modules print; the library returns values and diagnostics.

pub mod analyze;
pub mod claims;
pub mod kwic;
pub mod lexicon;
pub mod merge;
mod progress;

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use framelens::choice::Choice;
use framelens::error::{escape_control, shown};
use framelens::input::{Columns, Fallback, Ignored, InputFormat, MAX_ARTICLE_BYTES, ReadOptions};

/// Exit code when the job finished but some inputs were skipped.
pub const EXIT_SKIPPED: u8 = 1;
/// Exit code when the job could not run (bad arguments, missing corpus,
/// lexicon errors).
pub const EXIT_FAILED: u8 = 2;

/// A command-line value parser for the library's named options: lists them
/// (with their help) in `--help` and in errors, parses them by name.
#[derive(Clone)]
pub struct ChoiceParser<T>(PhantomData<T>);

/// The parser for `T`.
pub fn choice<T: Choice>() -> ChoiceParser<T> {
    ChoiceParser(PhantomData)
}

impl<T: Choice + Send + Sync + Clone> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let names = PossibleValuesParser::new(T::CHOICES.iter().map(|c| c.1));
        let name = names.parse_ref(cmd, arg, value)?;
        T::from_name(&name).ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::CHOICES.iter().map(|(_, name, help)| PossibleValue::new(*name).help(*help))))
    }
}

/// Parses `--fallback-encoding`: a WHATWG encoding label or `none`.
fn fallback(label: &str) -> Result<Fallback, String> {
    Fallback::from_label(label).ok_or_else(|| {
        format!(
            "unknown encoding {label:?}; use none, windows-1252 (Western European), windows-1251 or koi8-r \
             (Russian), or another WHATWG label such as iso-8859-2"
        )
    })
}

/// Parses a size: a number of megabytes (`32`), or with a unit (`500KB`,
/// `32MB`, `1GB`).
fn size(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase();
    let (number, unit) = match t.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => (&t[..i], t[i..].trim()),
        None => (t.as_str(), "MB"),
    };
    let scale: u64 = match unit {
        "B" => 1,
        "K" | "KB" => 1 << 10,
        "M" | "MB" => 1 << 20,
        "G" | "GB" => 1 << 30,
        _ => return Err(format!("unknown unit {unit:?}; write a size such as 32MB, 500KB or 1GB")),
    };
    let n: f64 = number.parse().map_err(|_| format!("{text:?} is not a size; write one such as 32MB or 1GB"))?;
    if !(n.is_finite() && n > 0.0) {
        return Err("the size must be more than 0".to_string());
    }
    Ok((n * scale as f64) as u64)
}

/// Parses `--delimiter`: `,`, `;`, `tab` (or `\t`), `|`, or one other character.
fn delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "comma" => Ok(b','),
        "semicolon" => Ok(b';'),
        t if t.len() == 1 && t.is_ascii() && t != "\"" && t != "\n" && t != "\r" => Ok(t.as_bytes()[0]),
        _ => Err(format!("{text:?} is not a separator; use , ; tab or |")),
    }
}

/// Where the reports go (`analyze` and `claims`).
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Where to write the reports (default: `reports` for the bundled
    /// corpus, otherwise a folder beside the first input named after it,
    /// such as `export-reports`). The folder is replaced whole when the run
    /// has finished; a folder framelens did not write is refused.
    #[arg(short, long)]
    pub out: Option<PathBuf>,

    /// Write the reports into an --out folder that holds files framelens did
    /// not write (files with a report's name are replaced, the rest are
    /// kept), or that lies inside an input folder. Inputs are never replaced.
    #[arg(long)]
    pub force: bool,

    /// Record the time of the run and the thread count in run.json (left out
    /// by default, so the same input gives the same run.json; the
    /// SOURCE_DATE_EPOCH environment variable records that time instead).
    #[arg(long)]
    pub record_time: bool,
}

/// How the inputs are read (as for `framelens analyze`).
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// How to read the inputs.
    #[arg(long, value_parser = choice::<InputFormat>(), default_value = "auto")]
    pub input_format: InputFormat,

    /// What to do with articles that are not UTF-8: `none` skips them (each
    /// is listed); an encoding reads them in it: windows-1252 (or latin1) for
    /// Western European archives, windows-1251 or koi8-r for Russian ones.
    #[arg(long, value_parser = fallback, default_value = "none", value_name = "ENCODING")]
    pub fallback_encoding: Fallback,

    /// Export column (or JSON key) holding the article text.
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    /// Export column holding the title.
    #[arg(long, value_name = "NAME")]
    pub title_column: Option<String>,
    /// Export column holding the outlet's name.
    #[arg(long, value_name = "NAME")]
    pub outlet_column: Option<String>,
    /// Export column holding the publication date.
    #[arg(long, value_name = "NAME")]
    pub date_column: Option<String>,
    /// Export column holding the URL.
    #[arg(long, value_name = "NAME")]
    pub url_column: Option<String>,
    /// Export column holding the language code.
    #[arg(long, value_name = "NAME")]
    pub language_column: Option<String>,
    /// Export column holding the article id.
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// Export column holding the event (story) name.
    #[arg(long, value_name = "NAME")]
    pub event_column: Option<String>,

    /// The field separator of CSV exports (default: found from the header:
    /// comma, semicolon or tab). `;` suits CSV saved by spreadsheets set to
    /// many European languages.
    #[arg(long, value_parser = delimiter, value_name = "CHAR")]
    pub delimiter: Option<u8>,

    /// Articles larger than this are skipped and reported (default 32MB;
    /// analysing an article takes about 22 times its size in memory).
    #[arg(long, value_parser = size, value_name = "SIZE")]
    pub max_article_size: Option<u64>,

    /// Also read named pipes, devices and process substitutions such as
    /// `<(zcat export.csv.gz)` (read once; copied to a temporary file when
    /// the corpus is read twice). Without it only folders, regular files and
    /// `-` (standard input) are read: a pipe nobody writes to never ends.
    #[arg(long)]
    pub read_special_files: bool,

    /// Follow symbolic links that lead out of a corpus folder (by default
    /// they are listed and skipped, so a link to /etc/passwd is not read as
    /// an article).
    #[arg(long)]
    pub follow_outside_links: bool,
}

impl InputArgs {
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: self.input_format,
            fallback: self.fallback_encoding,
            columns: Columns {
                text: self.text_column.clone(),
                title: self.title_column.clone(),
                outlet: self.outlet_column.clone(),
                date: self.date_column.clone(),
                url: self.url_column.clone(),
                language: self.language_column.clone(),
                id: self.id_column.clone(),
                event: self.event_column.clone(),
            },
            delimiter: self.delimiter,
            max_article_bytes: self.max_article_size.unwrap_or(MAX_ARTICLE_BYTES),
            special_files: self.read_special_files,
            follow_outside_links: self.follow_outside_links,
            ..ReadOptions::default()
        }
    }
}

/// Loads a cue list given with `--cues`; any bad row stops the run.
pub fn load_cues(path: &std::path::Path) -> anyhow::Result<framelens::claims::Cues> {
    let (cues, diags) = framelens::claims::Cues::load(path);
    if !diags.is_empty() {
        for d in &diags {
            eprintln!("{d}");
        }
        anyhow::bail!("the cue list has {} error(s); fix them and run again", diags.len());
    }
    Ok(cues)
}

/// Loads the lexicons given with `--lexicon` and prints their problems.
/// Errors stop the run; warnings are counted.
pub fn load_lexicon(
    specs: &[String],
    options: &framelens::lexicon::LoadOptions,
) -> anyhow::Result<framelens::lexicon::Lexicon> {
    use framelens::error::Severity;
    let lex = framelens::lexicon::Lexicon::from_specs(specs, options);
    let errors: Vec<_> = lex.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        anyhow::bail!("the lexicon has {} error(s); fix them (see above) and run again", errors.len());
    }
    let warnings = lex.diagnostics.len();
    if warnings > 0 {
        eprintln!("framelens: the lexicon has {warnings} warning(s); `framelens lexicon check` lists them");
    }
    Ok(lex)
}

/// The corpus used when none is given: the bundled one.
pub const DEFAULT_CORPUS: &str = "corpus";

/// Where the reports go: `--out` when given; `reports` for the bundled
/// corpus; otherwise a folder beside the first input, named after it
/// (`export.csv` → `export-reports`), which is said on standard error.
pub fn output_folder(out: Option<&Path>, inputs: &[PathBuf], quiet: bool) -> PathBuf {
    if let Some(out) = out {
        return out.to_path_buf();
    }
    if inputs.len() == 1 && inputs[0] == Path::new(DEFAULT_CORPUS) {
        return PathBuf::from("reports");
    }
    let first = inputs.first().map_or_else(|| PathBuf::from("-"), PathBuf::clone);
    let dir = if first.as_os_str() == "-" {
        PathBuf::from("stdin-reports")
    } else {
        let name = if first.is_dir() {
            framelens::input::folder_name(&first)
        } else {
            first.file_stem().map_or_else(|| "framelens".to_string(), |s| s.to_string_lossy().into_owned())
        };
        // Beside the input, never inside an input folder (for `.`, beside
        // the current folder).
        let parent = match (first.file_name(), first.parent()) {
            (Some(_), Some(p)) => p.to_path_buf(),
            _ => std::fs::canonicalize(&first).ok().and_then(|p| p.parent().map(Path::to_path_buf)).unwrap_or_default(),
        };
        parent.join(format!("{name}-reports"))
    };
    if !quiet {
        eprintln!("framelens: writing the reports into {} (choose another folder with --out)", shown(&dir));
    }
    dir
}

/// A note when `--threads` asks for more threads than are useful (the
/// library caps them at a multiple of the cores).
pub fn threads_note(threads: Option<usize>) -> Option<String> {
    use framelens::jobs::pipeline::MAX_THREADS_PER_CORE;
    let asked = threads?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = cores * MAX_THREADS_PER_CORE;
    (asked > most).then(|| {
        format!(
            "framelens: --threads {asked} is more than {MAX_THREADS_PER_CORE} per core; using {most} threads on {cores} core(s)"
        )
    })
}

/// The time to record in run.json: now with `--record-time`, or the time
/// `SOURCE_DATE_EPOCH` gives (reproducible builds set it); none otherwise.
pub fn run_time(record: bool) -> anyhow::Result<Option<String>> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        return framelens::jobs::analyze::from_epoch(&epoch)
            .map(Some)
            .ok_or_else(|| anyhow::anyhow!("SOURCE_DATE_EPOCH={epoch:?} is not a number of seconds since 1970"));
    }
    Ok(record.then(framelens::jobs::analyze::utc_now))
}

/// Says how many files of the corpus were not articles, with a few names.
pub fn print_ignored(ignored: &Ignored) {
    if ignored.count > 0 {
        eprintln!(
            "framelens: ignored {} file(s) that are not articles (not .txt, or not in an outlet folder): {}{}",
            ignored.count,
            escape_control(&ignored.examples.join(", ")),
            if ignored.count > ignored.examples.len() { ", …" } else { "" }
        );
    }
}

/// `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_table() {
        for (n, s) in [(0, "0"), (999, "999"), (1000, "1,000"), (1234567, "1,234,567")] {
            assert_eq!(super::thousands(n), s);
        }
    }
}
