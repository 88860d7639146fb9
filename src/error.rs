//! Typed errors and diagnostics of the library: every problem with an input
//! names the file, the line (and column where it helps) and what to do, so the
//! binary can print it as one line and go on with the next file.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Where in an input a problem was found. `line` and `column` count from 1;
/// 0 means "not known / whole file".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// 1-based line; 0 when not known.
    pub line: usize,
    /// 1-based column in characters; 0 when not known.
    pub column: usize,
}

impl Location {
    /// A whole file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location { path: path.into(), line: 0, column: 0 }
    }

    /// A line of a file.
    pub fn line(path: impl Into<PathBuf>, line: usize) -> Self {
        Location { path: path.into(), line, column: 0 }
    }

    /// A line and column of a file.
    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location { path: path.into(), line, column }
    }
}

/// `s` with its control characters (and the invisible marks that reorder
/// text on a terminal) written as escapes such as `\n` or `\u{1b}`, so that a
/// file name or a cell holding a newline or a colour code can neither forge a
/// line of a log nor repaint a terminal. Printable text, any script, is kept.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    let risky = |c: char| {
        c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    };
    if !s.chars().any(risky) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if risky(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path as shown in messages: lossy UTF-8, control characters escaped.
pub fn shown(path: &Path) -> String {
    escape_control(&path.to_string_lossy()).into_owned()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&shown(&self.path))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// An error that stops one input (an article, a lexicon file), or a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{}: cannot read: {}", shown(.0), .1)]
    Io(PathBuf, std::io::Error),
    /// A report or other output could not be written.
    #[error("{}: cannot write: {}", shown(.0), .1)]
    Write(PathBuf, std::io::Error),
    /// Bad content at a known place; the message says what is wrong and what to do.
    #[error("{location}: {}", escape_control(.message))]
    Input {
        /// Where the problem is.
        location: Location,
        /// What is wrong and what to do.
        message: String,
    },
    /// A setting that cannot work (too many bootstrap replicates, threads that
    /// cannot start); the message names the option and what to do.
    #[error("{}", escape_control(.0))]
    Config(String),
    /// The lexicon cannot be used as a whole (two categories whose report
    /// columns would clash); the message says which entries to change.
    #[error("lexicon: {}", escape_control(.0))]
    Lexicon(String),
    /// The inputs hold no article at all; the message says what they hold
    /// and what framelens reads.
    #[error("{}", escape_control(.0))]
    NoArticles(String),
    /// Something that should not happen (a worker thread panicked).
    #[error("internal error: {0}; please report it")]
    Internal(String),
}

impl Error {
    /// The kind of the input or output error underneath, if there is one (a
    /// closed pipe is told apart this way). The I/O error is part of the
    /// message rather than a source, so that a chain of causes does not
    /// print it twice.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            Error::Io(_, e) | Error::Write(_, e) => Some(e.kind()),
            _ => None,
        }
    }

    /// An error in an input at `location`.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input { location, message: message.into() }
    }

    /// A read error.
    pub fn io(path: &Path, err: std::io::Error) -> Self {
        Error::Io(path.to_path_buf(), err)
    }

    /// A write error.
    pub fn write(path: &Path, err: std::io::Error) -> Self {
        Error::Write(path.to_path_buf(), err)
    }

    /// The file the error is about, if it is about one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::Io(p, _) | Error::Write(p, _) => Some(p),
            Error::Input { location, .. } => Some(&location.path),
            Error::Config(_) | Error::Lexicon(_) | Error::NoArticles(_) | Error::Internal(_) => None,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How serious a diagnostic is. `Skipped` means an input was left out of the
/// results; `Warning` means it was used, with the caveat in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Note,
    /// Used, with a caveat.
    Warning,
    /// Left out of the results.
    Skipped,
    /// The input cannot be used at all (a lexicon with a bad line).
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Skipped => "skipped",
            Severity::Error => "error",
        })
    }
}

/// A problem reported without stopping the run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Where.
    pub location: Location,
    /// How serious.
    pub severity: Severity,
    /// What is wrong and what to do.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic.
    pub fn new(location: Location, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic { location, severity, message: message.into() }
    }

    /// The diagnostic of an input that was skipped because of `err`.
    pub fn skipped(err: &Error) -> Self {
        match err {
            Error::Io(p, e) => Diagnostic::new(Location::file(p), Severity::Skipped, format!("cannot read: {e}")),
            Error::Write(p, e) => Diagnostic::new(Location::file(p), Severity::Skipped, format!("cannot write: {e}")),
            Error::Input { location, message } => Diagnostic::new(location.clone(), Severity::Skipped, message.clone()),
            other => Diagnostic::new(Location::file(""), Severity::Skipped, other.to_string()),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.location, self.severity, escape_control(&self.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_display_omits_unknown_parts() {
        let cases = [
            (Location::file("a.txt"), "a.txt"),
            (Location::line("a.txt", 3), "a.txt:3"),
            (Location::at("a.txt", 3, 7), "a.txt:3:7"),
        ];
        for (loc, want) in cases {
            assert_eq!(loc.to_string(), want);
        }
    }

    #[test]
    fn control_characters_are_escaped_in_messages() {
        let cases = [
            ("plain é ü Ж", "plain é ü Ж"),
            ("a\nb", "a\\nb"),
            ("x\u{1b}[31mred", "x\\u{1b}[31mred"),
            ("tab\there\r", "tab\\there\\r"),
            ("rtl\u{202e}txt", "rtl\\u{202e}txt"),
            ("del\u{7f}", "del\\u{7f}"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_control(input), want, "{input:?}");
        }
        let forged = "o/a\nframelens: 0 problems\u{1b}[0m.txt";
        let d = Diagnostic::new(Location::line(forged, 2), Severity::Skipped, "bad \n line");
        let line = d.to_string();
        assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{line}");
        assert_eq!(line, "o/a\\nframelens: 0 problems\\u{1b}[0m.txt:2: skipped: bad \\n line");
        let e = Error::io(Path::new("a\nb"), std::io::Error::other("x"));
        assert_eq!(e.to_string(), "a\\nb: cannot read: x");
    }

    #[test]
    fn skipped_diagnostic_keeps_location_and_message() {
        let err = Error::input(Location::line("x.csv", 4), "bad weight");
        let d = Diagnostic::skipped(&err);
        assert_eq!(d.to_string(), "x.csv:4: skipped: bad weight");
    }
}
