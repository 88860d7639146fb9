//! Articles: the text of one news item with its metadata, read from a plain
//! text file with optional front matter (or handed over by the CSV and JSON
//! Lines readers). Decoding and front-matter problems become errors that name
//! the file, the line and what to do.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::decode::{Fallback, decode};
use crate::error::{Error, Location, Result};
use crate::lang::{self, Lang};

/// Where an article's language came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LangSource {
    /// Front matter or a column of the export.
    Metadata,
    /// Guessed from the text.
    Detected,
    /// Nothing said, detection unsure: the default (`en`).
    Default,
}

impl LangSource {
    /// The name written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            LangSource::Metadata => "metadata",
            LangSource::Detected => "detected",
            LangSource::Default => "default",
        }
    }
}

/// What is known about an article besides its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The article's id within its outlet (file stem, or the export's id).
    pub id: String,
    /// The outlet that published it.
    pub outlet: String,
    /// The story the article belongs to; `None` until events are resolved.
    pub event: Option<String>,
    /// Its headline.
    pub title: String,
    /// Publication date (ISO 8601) as given; may be empty.
    pub date: String,
    /// Where it was published; may be empty.
    pub url: String,
    /// Its language.
    pub language: Lang,
    /// Where the language came from.
    pub language_source: LangSource,
    /// The file it came from, as shown to users (relative to the corpus); for
    /// an export row, the export (`line` says which row).
    pub path: String,
    /// 1-based line of the file where the body starts (CSV/JSONL: the record's line).
    pub line: usize,
}

impl Meta {
    /// The order of articles in every report: by event, outlet, id, then
    /// file and line. It depends on what the articles are, never on the order
    /// in which files, folders or rows were given.
    pub fn order_key(&self) -> (&str, &str, &str, &str, usize) {
        (self.event.as_deref().unwrap_or_default(), &self.outlet, &self.id, &self.path, self.line)
    }
}

/// One article: metadata plus the body, whose byte offsets every report uses.
#[derive(Debug, Clone)]
pub struct Article {
    /// What is known about it.
    pub meta: Meta,
    /// The text, without front matter.
    pub body: String,
    /// Things worth knowing that did not stop the article (e.g. "decoded as UTF-16").
    pub notes: Vec<String>,
}

/// Metadata given in front matter or export columns. Empty means "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// Headline.
    pub title: String,
    /// Outlet.
    pub outlet: String,
    /// Publication date.
    pub date: String,
    /// URL.
    pub url: String,
    /// Event (story).
    pub event: String,
    /// ISO 639-1 language code.
    pub language: String,
    /// Article id.
    pub id: String,
}

/// Keys front matter may use.
pub const FRONT_MATTER_KEYS: &[&str] = &["title", "outlet", "date", "url", "event", "language", "id"];

/// Splits optional front matter (between `---` lines at the very top) from the
/// body. Returns the metadata, the byte offset where the body starts, the
/// 1-based line of the body, and warnings (unknown keys).
pub fn split_front_matter(text: &str, path: &Path) -> Result<(FrontMatter, usize, usize, Vec<String>)> {
    let mut fm = FrontMatter::default();
    let mut warnings = Vec::new();
    let first = text.split_inclusive('\n').next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok((fm, 0, 1, warnings));
    }
    let mut offset = first.len();
    // Where each key was set, so that a key given twice is an error rather
    // than a silent choice of the last value.
    let mut given: Vec<(&'static str, usize)> = Vec::new();
    for (i, line) in text[offset..].split_inclusive('\n').enumerate() {
        let lineno = i + 2;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_end() == "---" {
            return Ok((fm, offset, lineno + 1, warnings));
        }
        if content.trim().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = content.split_once(':') else {
            return Err(Error::input(
                Location::line(path, lineno),
                format!(
                    "front matter line {content:?} is not `key: value`; fix it, or close the front matter with a `---` line"
                ),
            ));
        };
        let key = key.trim().to_ascii_lowercase();
        let value = unquote(value.trim()).to_string();
        let (field, slot) = match key.as_str() {
            "title" => ("title", &mut fm.title),
            "outlet" | "source" | "media" => ("outlet", &mut fm.outlet),
            "date" => ("date", &mut fm.date),
            "url" => ("url", &mut fm.url),
            "event" | "story" => ("event", &mut fm.event),
            "language" | "lang" => ("language", &mut fm.language),
            "id" => ("id", &mut fm.id),
            _ => {
                warnings.push(format!(
                    "line {lineno}: unknown front matter key {key:?} ignored (known: {})",
                    FRONT_MATTER_KEYS.join(", ")
                ));
                continue;
            }
        };
        if let Some((_, earlier)) = given.iter().find(|(f, _)| *f == field) {
            return Err(Error::input(
                Location::line(path, lineno),
                format!("the front matter gives the {field} twice (lines {earlier} and {lineno}); keep one"),
            ));
        }
        given.push((field, lineno));
        *slot = value;
        if key == "date" && !fm.date.is_empty() && !is_iso_date(&fm.date) {
            return Err(Error::input(
                Location::line(path, lineno),
                format!("date {:?} is not ISO 8601; write it as YYYY-MM-DD (e.g. 2023-01-10)", fm.date),
            ));
        }
        if (key == "language" || key == "lang")
            && !fm.language.is_empty()
            && let Err(e) = fm.language.parse::<Lang>()
        {
            return Err(Error::input(Location::line(path, lineno), e.to_string()));
        }
    }
    Err(Error::input(
        Location::line(path, 1),
        "front matter opened with `---` is never closed; add a `---` line after the metadata",
    ))
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

/// `YYYY-MM-DD`, a real calendar date (`2023-02-31` is not), optionally
/// followed by a time (after `T` or a space).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 10 || !(b.len() == 10 || matches!(b[10], b'T' | b' ')) {
        return false;
    }
    // jiff accepts more spellings than ISO 8601's basic form; insist on it.
    let shape = b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    shape && s[..10].parse::<jiff::civil::Date>().is_ok()
}

/// How to fill in what the metadata leaves out.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// The outlet when the metadata has none (the corpus folder).
    pub outlet: String,
    /// The id when the metadata has none (the file name, or for an export row a
    /// digest of its title and text).
    pub id: String,
    /// The event when the metadata has none.
    pub event: Option<String>,
    /// The file as shown to users.
    pub path: String,
    /// The line where the body starts.
    pub line: usize,
}

/// Builds an article from metadata and body, resolving the language (given,
/// else detected, else English) and checking that there is text at all.
pub fn build(fm: FrontMatter, body: String, defaults: Defaults, location: Location) -> Result<Article> {
    let mut fm = fm;
    let mut body = body;
    // A NUL character is never news: the file is damaged, and it would
    // reach the reports (a binary file is caught earlier, by its first bytes).
    if let Some(at) = body.find('\0') {
        let line = location.line.max(1) + body[..at].matches('\n').count();
        let column = body[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(Error::input(
            Location::at(location.path, line, column),
            "holds a NUL character: the text is damaged; remove the NUL bytes (or re-export the text) and run again",
        ));
    }
    for (name, value) in [("title", &fm.title), ("outlet", &fm.outlet), ("event", &fm.event), ("id", &fm.id)] {
        if value.contains('\0') {
            return Err(Error::input(location, format!("the {name} holds a NUL character; remove it")));
        }
    }
    cr_to_lf(&mut body);
    fm.outlet = normalize_name(&fm.outlet);
    fm.event = normalize_name(&fm.event);
    let defaults = Defaults {
        outlet: normalize_name(&defaults.outlet),
        event: defaults.event.map(|e| normalize_name(&e)),
        ..defaults
    };
    if body.trim().is_empty() {
        return Err(Error::input(
            location,
            "empty article: there is no text to analyse; add the text or remove the file",
        ));
    }
    let (language, language_source) = if fm.language.is_empty() {
        match lang::detect(&body) {
            Some(d) => (d.lang, LangSource::Detected),
            None => (Lang::EN, LangSource::Default),
        }
    } else {
        let l = fm.language.parse::<Lang>().map_err(|e| Error::input(location.clone(), e.to_string()))?;
        (l, LangSource::Metadata)
    };
    let pick = |given: String, default: String| if given.is_empty() { default } else { given };
    let meta = Meta {
        id: pick(fm.id, defaults.id),
        outlet: pick(fm.outlet, defaults.outlet),
        event: if fm.event.is_empty() { defaults.event } else { Some(fm.event) },
        title: fm.title,
        date: fm.date,
        url: fm.url,
        language,
        language_source,
        path: defaults.path,
        line: defaults.line,
    };
    Ok(Article { meta, body, notes: Vec::new() })
}

/// An outlet or event name as one spelling: Unicode NFC (so "é" typed as
/// one character or as "e" and an accent is one name), any kind of space
/// (no-break, thin, …) as a plain space, invisible characters (zero-width
/// space and joiners, byte-order marks, soft hyphens) dropped, runs of
/// spaces as one, no spaces at the ends.
pub fn normalize_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.nfc() {
        match c {
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            c if c.is_whitespace() || c.is_control() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Turns carriage returns that end a line on their own (old Mac files) into
/// line feeds. Both are one byte, so no offset moves.
fn cr_to_lf(text: &mut String) {
    if !text.contains('\r') {
        return;
    }
    let mut bytes = std::mem::take(text).into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // An ASCII byte replaced by another keeps the text valid UTF-8.
    *text = String::from_utf8(bytes).unwrap_or_default();
}

/// Builds an article from the bytes of a file shown to users as `display`.
pub fn from_bytes(
    bytes: Vec<u8>,
    display: &str,
    outlet: &str,
    id: &str,
    event: Option<&str>,
    fallback: Fallback,
) -> Result<Article> {
    let shown = PathBuf::from(display);
    let (mut text, note) = decode(bytes, &shown, fallback)?;
    // Front matter is found line by line, so lines ended by a carriage
    // return alone must be lines too.
    cr_to_lf(&mut text);
    let (fm, body_start, body_line, warnings) = split_front_matter(&text, &shown)?;
    let body = text.split_off(body_start);
    let defaults = Defaults {
        outlet: outlet.to_string(),
        id: id.to_string(),
        event: event.map(str::to_string),
        path: display.to_string(),
        line: body_line,
    };
    let mut article = build(fm, body, defaults, Location::line(shown, body_line))?;
    article.notes.extend(note);
    article.notes.extend(warnings);
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("x.txt")
    }

    #[test]
    fn front_matter_table() {
        let ok = "---\ntitle: \"A: B\"\nlanguage: ru\ndate: 2023-01-10\n---\nBody";
        let (fm, off, line, warn) = split_front_matter(ok, p()).unwrap();
        assert_eq!(fm.title, "A: B");
        assert_eq!(fm.language, "ru");
        assert_eq!(&ok[off..], "Body");
        assert_eq!(line, 6);
        assert!(warn.is_empty());

        let none = "Just text\n---\n";
        let (fm, off, line, _) = split_front_matter(none, p()).unwrap();
        assert_eq!((fm, off, line), (FrontMatter::default(), 0, 1));

        let unknown = "---\nauthor: me\n---\nx";
        let (_, _, _, warn) = split_front_matter(unknown, p()).unwrap();
        assert!(warn[0].contains("line 2") && warn[0].contains("author"), "{warn:?}");

        let bad: &[(&str, &str, usize)] = &[
            ("---\ntitle: x\n", "never closed", 1),
            ("---\ntitle: x\nBody without close", "close the front matter", 3),
            ("---\njust words\n---\n", "not `key: value`", 2),
            ("---\ndate: 10/01/2023\n---\nx", "ISO 8601", 2),
            ("---\nlanguage: en\ntitle: t\nlang: ru\n---\nx", "language twice (lines 2 and 4)", 4),
            ("---\noutlet: A\nsource: B\n---\nx", "outlet twice", 3),
            ("---\nlanguage: english\n---\nx", "unknown language", 2),
        ];
        for (text, msg, line) in bad {
            let err = split_front_matter(text, p()).unwrap_err();
            let s = err.to_string();
            assert!(s.contains(msg), "{text:?}: {s}");
            assert!(s.starts_with(&format!("x.txt:{line}")), "{text:?}: {s}");
        }
    }

    #[test]
    fn carriage_returns_alone_end_lines() {
        let a = from_bytes(
            b"---\rtitle: T\rlanguage: en\r---\rFirst.\r\rSecond.".to_vec(),
            "o/a.txt",
            "o",
            "a",
            None,
            Fallback::NONE,
        )
        .unwrap();
        assert_eq!(a.meta.title, "T");
        assert_eq!(a.body, "First.\n\nSecond.");
        assert_eq!(a.meta.line, 5);
        let crlf =
            from_bytes(b"---\r\ntitle: T\r\n---\r\nBody\r\n".to_vec(), "o/a.txt", "o", "a", None, Fallback::NONE)
                .unwrap();
        assert_eq!(crlf.body, "Body\r\n");
    }

    #[test]
    fn nul_characters_anywhere_are_refused_with_their_place() {
        let mut text = "word ".repeat(3000);
        text.push_str("\nsecond line x\0y");
        let err = from_bytes(text.into_bytes(), "o/a.txt", "o", "a", None, Fallback::NONE).unwrap_err().to_string();
        assert!(err.starts_with("o/a.txt:2:14") && err.contains("NUL"), "{err}");
    }

    #[test]
    fn outlet_names_are_normalised() {
        let d = Defaults { outlet: "o".into(), id: "a".into(), event: None, path: "o/a.txt".into(), line: 1 };
        let fm = FrontMatter { outlet: "Le\u{a0}Monde  Diplomatique\u{200b}".into(), ..FrontMatter::default() };
        let a = build(fm, "Texte.".into(), d.clone(), Location::file("o/a.txt")).unwrap();
        assert_eq!(a.meta.outlet, "Le Monde Diplomatique");
        let fm = FrontMatter { outlet: "Caf\u{65}\u{301}".into(), ..FrontMatter::default() };
        assert_eq!(build(fm, "Text.".into(), d, Location::file("o/a.txt")).unwrap().meta.outlet, "Caf\u{e9}");
    }

    #[test]
    fn iso_dates() {
        for (d, ok) in [
            ("2023-01-10", true),
            ("2023-01-10T08:00:00Z", true),
            ("2023-01-10 08:00", true),
            ("2023-13-10", false),
            ("10/01/2023", false),
            ("2023-1-10", false),
            ("2023-02-31", false),
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2023-01-10x", false),
        ] {
            assert_eq!(is_iso_date(d), ok, "{d}");
        }
    }

    #[test]
    fn build_rejects_empty_and_detects_language() {
        let d = Defaults { outlet: "o".into(), id: "a".into(), event: None, path: "o/a.txt".into(), line: 1 };
        let err = build(FrontMatter::default(), " \n ".into(), d.clone(), Location::file("o/a.txt")).unwrap_err();
        assert!(err.to_string().contains("empty article"));
        let ru = "Премьер-министр Армении Никол Пашинян заявил, что его страна не будет проводить учения.";
        let a = build(FrontMatter::default(), ru.into(), d, Location::file("o/a.txt")).unwrap();
        assert_eq!((a.meta.language, a.meta.language_source), (Lang::RU, LangSource::Detected));
    }
}
