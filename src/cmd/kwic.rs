//! `framelens kwic`: every occurrence of a pattern with its context.

use std::io::{self, BufWriter, IsTerminal as _, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use framelens::jobs::kwic::{self, KwicRow, Options, Window};
use framelens::lang::Lang;
use framelens::lexicon::MatchKind;
use framelens::report::{ReportFormat, Row, TableWriter};

use super::{EXIT_SKIPPED, InputArgs, choice, thousands};

/// Arguments of `framelens kwic` (the command's description is the doc
/// comment of `Command::Kwic` in `cli.rs`).
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:
  framelens kwic occupation
  framelens kwic 'occup*' corpus --csv > occupation.csv
  framelens kwic 'armenian * attacked' --sentence
  framelens kwic occupation --match stem
  framelens kwic 'оккупац*' --language ru export.csv")]
pub struct Args {
    /// What to look for, written like a lexicon term: a word (`occupation`),
    /// a phrase (`occupied territory`), a glob (`occup*`, `defen?e`,
    /// `armenian * attacked`: `*` is any run of characters, `?` one, and a
    /// lone `*` any one word) or, with --match stem, a word whose stem to
    /// look for. Case, apostrophes, hyphens and a possessive 's do not
    /// matter; a phrase never runs across a sentence end or into a quotation.
    pub pattern: String,

    /// Corpus folders (`<outlet>/<article>.txt`), CSV or JSON Lines exports;
    /// `-` reads an export from standard input.
    #[arg(default_value = "corpus")]
    pub inputs: Vec<PathBuf>,

    /// How the pattern is compared with the text (default: glob when it has
    /// `*` or `?`, exact otherwise).
    #[arg(long = "match", value_parser = choice::<MatchKind>(), value_name = "KIND")]
    pub kind: Option<MatchKind>,

    /// The language the pattern is written in (it sets the stemmer and the
    /// negation words). Only articles in this language are searched; articles
    /// in other languages are not (the summary says how many).
    #[arg(long, default_value = "en", value_name = "CODE")]
    pub language: String,

    /// Words of context on each side of a match (across sentence ends).
    #[arg(short, long, default_value_t = 8, value_name = "N")]
    pub window: usize,

    /// Show the rest of the match's sentence on each side instead of
    /// --window words.
    #[arg(long, conflicts_with = "window")]
    pub sentence: bool,

    /// Write CSV even when standard output is a terminal.
    #[arg(long)]
    pub csv: bool,

    /// Worker threads (default: every core). The output does not depend on it.
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub input: InputArgs,

    /// Print no summary line (articles that could not be read are still
    /// listed).
    #[arg(short, long)]
    pub quiet: bool,
}

impl Args {
    pub fn options(&self) -> anyhow::Result<Options> {
        let mut o = Options::new(self.inputs.clone());
        o.read = self.input.read_options();
        o.language = self.language.parse().map_err(|e| anyhow::anyhow!("--language: {e}"))?;
        o.window = if self.sentence { Window::Sentence } else { Window::Tokens(self.window) };
        o.threads = self.threads;
        Ok(o)
    }
}

/// Unreadable articles listed one per line before the rest are only counted.
const SHOWN: usize = 20;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = args.options()?;
    let lang = options.language;
    let Some(matcher) = kwic::compile(&args.pattern, args.kind, lang) else {
        anyhow::bail!("the pattern {:?} has no words to look for", args.pattern);
    };
    let stdout = io::stdout();
    let mut sink = if !args.csv && stdout.is_terminal() {
        Sink::Table(BufWriter::new(stdout), Layout::for_terminal())
    } else {
        let out: Box<dyn Write + Send> = Box::new(BufWriter::new(stdout));
        Sink::Csv(Box::new(TableWriter::new(out, "standard output".into(), ReportFormat::Csv, KwicRow::columns())?))
    };
    if let Some(note) = super::threads_note(options.threads)
        && !args.quiet
    {
        eprintln!("{note}");
    }
    let summary = kwic::search(&matcher, &options, |rows| sink.write(&rows)).context("search stopped")?;
    sink.finish()?;
    if summary.articles + summary.other_language == 0 && summary.skipped.is_empty() {
        anyhow::bail!(
            "{}: {}",
            args.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" "),
            summary.ignored.nothing_found()
        );
    }

    let s = &summary;
    for d in s.skipped.iter().take(SHOWN) {
        eprintln!("{d}");
    }
    if s.skipped.len() > SHOWN {
        eprintln!("… and {} more", s.skipped.len() - SHOWN);
    }
    if !args.quiet {
        print_summary(s, lang);
    }
    Ok(if s.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_SKIPPED) })
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

fn print_summary(s: &kwic::Summary, lang: Lang) {
    eprintln!(
        "framelens: {} in {} ({} searched)",
        plural(s.matches, "match", "matches"),
        plural(s.matched_articles as u64, "article", "articles"),
        thousands(s.articles as u64)
    );
    if s.other_language > 0 {
        eprintln!(
            "framelens: left out {} not in {lang} (the pattern's --language)",
            plural(s.other_language as u64, "article", "articles")
        );
    }
    super::print_ignored(&s.ignored);
    if !s.skipped.is_empty() {
        eprintln!("framelens: skipped {} (listed above)", plural(s.skipped.len() as u64, "article", "articles"));
    }
}

/// Where the rows go: CSV, or an aligned table for a person at a terminal.
enum Sink {
    Csv(Box<TableWriter<KwicRow>>),
    Table(BufWriter<io::Stdout>, Layout),
}

impl Sink {
    fn write(&mut self, rows: &[KwicRow]) -> framelens::error::Result<()> {
        match self {
            Sink::Csv(w) => {
                w.rows(rows)?;
                // Rows reach a pipe chunk by chunk, not only at the end.
                w.flush()
            }
            Sink::Table(w, layout) => {
                let stdout = std::path::Path::new("standard output");
                for row in rows {
                    writeln!(w, "{}", layout.line(row)).map_err(|e| framelens::error::Error::write(stdout, e))?;
                }
                w.flush().map_err(|e| framelens::error::Error::write(stdout, e))
            }
        }
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Csv(w) => {
                w.finish()?;
            }
            Sink::Table(mut w, _) => w.flush()?,
        }
        Ok(())
    }
}

/// Column widths of the table, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    /// The left context, right-aligned.
    left: usize,
    /// The match and the right context.
    right: usize,
    /// The outlet/article column (the last one).
    source: usize,
}

/// Terminal width assumed when `COLUMNS` does not say.
const DEFAULT_COLUMNS: usize = 100;
/// Width of the voice column: "scare-quote negated".
const VOICE_WIDTH: usize = 19;
/// Columns between the others: left|match, right|voice, voice|source.
const GAPS: usize = 1 + 2 + 2;
/// Right context shown after even a very long match (the line gets longer).
const MIN_RIGHT: usize = 12;
const BOLD_REVERSE: &str = "\x1b[1;7m";
const RESET: &str = "\x1b[0m";

impl Layout {
    fn for_terminal() -> Layout {
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()).unwrap_or(DEFAULT_COLUMNS);
        Layout::for_width(columns)
    }

    /// Fits a line into `columns` characters: a fifth (at least 20) for the
    /// outlet/article, the rest of what the voice leaves to the context.
    fn for_width(columns: usize) -> Layout {
        let source = (columns / 5).max(20);
        let context = columns.saturating_sub(source + VOICE_WIDTH + GAPS).max(40);
        Layout { left: context / 2, right: context - context / 2, source }
    }

    /// One table line: the left context right-aligned so that every match
    /// starts in the same column, the match highlighted, the right context,
    /// then the voice and outlet/article. Context is separated from the match
    /// by a space only where the text has whitespace.
    fn line(&self, row: &KwicRow) -> String {
        let matched = printable(&row.text);
        let sep = |gap: bool| if gap { " " } else { "" };
        let left = format!("{}{}", printable(&row.left), sep(row.left_gap));
        let right = format!("{}{}", sep(row.right_gap), printable(&row.right));
        let room = self.right.saturating_sub(matched.chars().count()).max(MIN_RIGHT);
        let voice = if row.negated { format!("{} negated", row.voice) } else { row.voice.to_string() };
        let source = format!("{}/{}", printable(&row.outlet), printable(&row.article));
        format!(
            "{}{BOLD_REVERSE}{matched}{RESET}{}  {voice:<VOICE_WIDTH$}  {}",
            fit_left(&left, self.left + 1),
            fit_right(&right, room),
            fit_right(&source, self.source).trim_end(),
        )
    }
}

/// Text safe to show on a terminal: control characters (escape sequences
/// included) and bidirectional overrides become spaces.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') { ' ' } else { c })
        .collect()
}

/// `s` right-aligned in `width` characters; when too long, its end, after `…`.
fn fit_left(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return format!("{}{s}", " ".repeat(width - n));
    }
    if width == 0 {
        return String::new();
    }
    let tail: String = s.chars().skip(n - (width - 1)).collect();
    format!("…{tail}")
}

/// `s` left-aligned in `width` characters; when too long, its start, then `…`.
fn fit_right(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return format!("{s}{}", " ".repeat(width - n));
    }
    if width == 0 {
        return String::new();
    }
    let head: String = s.chars().take(width - 1).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use framelens::report::MemOutput;
    use framelens::text::voice::Voice;

    use super::*;

    fn row(left: &str, text: &str, right: &str, voice: Voice, negated: bool) -> KwicRow {
        KwicRow {
            event: "ev".into(),
            outlet: "Out".into(),
            article: "a1".into(),
            sentence: 2,
            start: 10,
            end: 20,
            voice,
            negated,
            left: left.into(),
            text: text.into(),
            right: right.into(),
            left_gap: !left.is_empty(),
            right_gap: !right.is_empty(),
        }
    }

    #[test]
    fn fit_table() {
        let cases = [
            ("abc", 5, "  abc", "abc  "),
            ("abcdef", 4, "…def", "abc…"),
            ("абвгд", 3, "…гд", "аб…"),
            ("abc", 3, "abc", "abc"),
            ("abc", 0, "", ""),
            ("", 2, "  ", "  "),
        ];
        for (s, w, left, right) in cases {
            assert_eq!(fit_left(s, w), left, "{s:?} {w}");
            assert_eq!(fit_right(s, w), right, "{s:?} {w}");
        }
    }

    #[test]
    fn table_lines_align_the_matches() {
        let layout = Layout { left: 10, right: 24, source: 12 };
        let mut rows = [
            row("due to the", "occupation", "of the latter’s lands", Voice::Narrator, false),
            row("short", "occupied", "", Voice::ScareQuote, true),
            row("a much longer left side", "x", "y\u{1b}[31m", Voice::Quote, false),
            row("(a “", "b", "”. c", Voice::ScareQuote, false),
            row("", "word", "after", Voice::Narrator, false),
        ];
        (rows[3].left_gap, rows[3].right_gap) = (false, false);
        rows[4].outlet = "Ararat Observer".into();
        let lines: Vec<String> = rows.iter().map(|r| layout.line(r)).collect();
        let want = [
            "due to the \x1b[1;7moccupation\x1b[0m of the latte…  narrator             Out/a1",
            "     short \x1b[1;7moccupied\x1b[0m                  scare-quote negated  Out/a1",
            "…left side \x1b[1;7mx\x1b[0m y [31m                  quote                Out/a1",
            "       (a “\x1b[1;7mb\x1b[0m”. c                     scare-quote          Out/a1",
            "           \x1b[1;7mword\x1b[0m after                narrator             Ararat Obse…",
        ];
        assert_eq!(lines, want);
        // Every match starts in the same column, and every voice.
        for l in &lines {
            let plain = l.replace(BOLD_REVERSE, "").replace(RESET, "");
            let at = l.find(BOLD_REVERSE).map(|i| l[..i].chars().count());
            assert_eq!(at, Some(11), "{l:?}");
            assert_eq!(plain.chars().skip(11 + 24).take(2).collect::<String>(), "  ", "{plain:?}");
            assert_ne!(plain.chars().nth(11 + 24 + 2), Some(' '), "{plain:?}");
        }
        // A match longer than its column still gets some right context.
        let long = layout.line(&row("a", "a very long match of many words", "and more text here", Voice::Quote, false));
        assert!(long.contains("\x1b[0m and more t…  quote"), "{long:?}");
    }

    #[test]
    fn layout_widths() {
        assert_eq!(Layout::for_width(100), Layout { left: 28, right: 28, source: 20 });
        assert_eq!(Layout::for_width(140), Layout { left: 44, right: 44, source: 28 });
        assert_eq!(Layout::for_width(200), Layout { left: 68, right: 68, source: 40 });
        assert_eq!(Layout::for_width(20), Layout { left: 20, right: 20, source: 20 });
    }

    fn csv_sink(out: &mut MemOutput) -> Sink {
        Sink::Csv(Box::new(TableWriter::create(out, "k", ReportFormat::Csv, KwicRow::columns()).unwrap()))
    }

    fn written(out: &MemOutput) -> String {
        String::from_utf8(out.files()["k.csv"].clone()).unwrap()
    }

    #[test]
    fn csv_sink_writes_header_and_rows() {
        let mut out = MemOutput::default();
        let mut sink = csv_sink(&mut out);
        sink.write(&[row("=a", "b", "c\"d", Voice::Quote, true)]).unwrap();
        sink.finish().unwrap();
        assert_eq!(
            written(&out),
            "event,outlet,article,sentence,start,end,voice,negated,left,match,right\n\
             ev,Out,a1,2,10,20,quote,true,'=a,b,\"c\"\"d\"\n"
        );
    }

    #[test]
    fn empty_sink_is_just_the_header() {
        let mut out = MemOutput::default();
        csv_sink(&mut out).finish().unwrap();
        assert_eq!(written(&out), "event,outlet,article,sentence,start,end,voice,negated,left,match,right\n");
    }

    #[test]
    fn broken_pipe_stays_an_io_error() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
        }
        let err = match TableWriter::new(Box::new(Closed), "stdout".into(), ReportFormat::Csv, KwicRow::columns()) {
            Ok(w) => Sink::Csv(Box::new(w)).write(&[row("a", "b", "c", Voice::Narrator, false)]).unwrap_err(),
            Err(e) => e,
        };
        let err = anyhow::Error::from(err);
        assert!(
            err.chain().any(|c| c
                .downcast_ref::<io::Error>()
                .map(io::Error::kind)
                .or_else(|| c.downcast_ref::<framelens::error::Error>().and_then(framelens::error::Error::io_kind))
                == Some(io::ErrorKind::BrokenPipe)),
            "{err:#}"
        );
    }
}
