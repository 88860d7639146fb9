//! Turning the bytes of a file into text. UTF-8 (with or without a
//! byte-order mark) is read as is; UTF-16 with a byte-order mark is decoded
//! and noted; anything else is an error that names the line, the column and
//! the byte, unless the user chose a fallback encoding (windows-1252 for
//! Western European archives, windows-1251 or KOI8-R for Russian-language
//! ones, or any other WHATWG encoding label). Decoding is `encoding_rs`'s.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::{Error, Location, Result};

/// What to do with a file that is not UTF-8: skip it (`None`), or read it in
/// the given encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fallback(pub Option<&'static Encoding>);

impl Fallback {
    /// No fallback: files that are not UTF-8 are skipped.
    pub const NONE: Fallback = Fallback(None);

    /// The encoding named by a WHATWG label (`windows-1252`, `latin1`,
    /// `windows-1251`, `koi8-r`, `cp1252`, …), or `none`.
    pub fn from_label(label: &str) -> Option<Fallback> {
        let l = label.trim();
        if l.eq_ignore_ascii_case("none") {
            return Some(Fallback::NONE);
        }
        // The common spelling without a hyphen, as people type it.
        let l = match l.to_ascii_lowercase().as_str() {
            "windows1252" => "windows-1252".to_string(),
            "windows1251" => "windows-1251".to_string(),
            "koi8r" => "koi8-r".to_string(),
            other => other.to_string(),
        };
        Encoding::for_label(l.as_bytes()).filter(|e| *e != UTF_8).map(|e| Fallback(Some(e)))
    }

    /// The encoding's name for messages, or `none`.
    pub fn name(self) -> &'static str {
        self.0.map_or("none", Encoding::name)
    }
}

/// How many bytes at the start of a file are searched for a NUL byte, the
/// sign of a binary file.
const BINARY_PROBE: usize = 8192;

/// Decodes `bytes` (the content of `path`). Returns the text and a note when
/// it was not plain UTF-8.
pub fn decode(bytes: Vec<u8>, path: &Path, fallback: Fallback) -> Result<(String, Option<String>)> {
    if let Some((enc, bom)) = Encoding::for_bom(&bytes)
        && (enc == UTF_16LE || enc == UTF_16BE)
    {
        let name = enc.name();
        return match enc.decode_without_bom_handling_and_without_replacement(&bytes[bom..]) {
            Some(s) => Ok((s.into_owned(), Some(format!("decoded as {name} (it starts with a byte-order mark)")))),
            None => Err(Error::input(
                Location::file(path),
                format!("starts with a {name} byte-order mark but is not valid {name}; re-save it as UTF-8"),
            )),
        };
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    if let Some(pos) = body.iter().take(BINARY_PROBE).position(|&b| b == 0) {
        return Err(Error::input(
            Location::file(path),
            format!(
                "looks like a binary file (NUL byte at offset {pos}); save the article as plain UTF-8 text, \
                 or move the file out of the corpus"
            ),
        ));
    }
    let err = match std::str::from_utf8(body) {
        Ok(_) => {
            let start = bytes.len() - body.len();
            let mut bytes = bytes;
            bytes.drain(..start);
            // Checked just above: the bytes are UTF-8.
            return Ok((String::from_utf8(bytes).unwrap_or_default(), None));
        }
        Err(e) => e,
    };
    let at = err.valid_up_to();
    let line = body[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    // Columns count characters, as everywhere else in the reports.
    let line_start = body[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&body[line_start..at]).chars().count() + 1;
    let byte = body[at];
    let Some(enc) = fallback.0 else {
        return Err(Error::input(
            Location::at(path, line, column),
            format!(
                "not valid UTF-8 (byte 0x{byte:02X} at offset {at}); re-save the file as UTF-8, \
                 or rerun with --fallback-encoding windows-1252 (Western European), windows-1251 or koi8-r \
                 (Russian) to read such files"
            ),
        ));
    };
    let (text, _, _) = enc.decode(body);
    Ok((
        text.into_owned(),
        Some(format!("not UTF-8 (byte 0x{byte:02X} at line {line}); read as {} as asked", enc.name())),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("x.txt")
    }

    #[test]
    fn decode_table() {
        let (s, note) = decode(b"\xEF\xBB\xBFhi".to_vec(), p(), Fallback::NONE).unwrap();
        assert_eq!((s.as_str(), note), ("hi", None));

        let utf16: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0].to_vec();
        let (s, note) = decode(utf16, p(), Fallback::NONE).unwrap();
        assert_eq!(s, "hi");
        assert!(note.unwrap().contains("UTF-16LE"));
        let odd: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i'].to_vec();
        assert!(decode(odd, p(), Fallback::NONE).unwrap_err().to_string().contains("not valid UTF-16LE"));

        let err = decode(b"ok\ncaf\xE9".to_vec(), p(), Fallback::NONE).unwrap_err().to_string();
        assert!(err.starts_with("x.txt:2:4") && err.contains("0xE9") && err.contains("--fallback-encoding"), "{err}");

        let cp1252 = Fallback::from_label("windows-1252").unwrap();
        let (s, note) = decode(b"\x93caf\xE9\x94".to_vec(), p(), cp1252).unwrap();
        assert_eq!(s, "“café”");
        assert!(note.unwrap().contains("windows-1252"));

        let err = decode(b"a\0b".to_vec(), p(), Fallback::NONE).unwrap_err().to_string();
        assert!(err.contains("binary"), "{err}");
    }

    #[test]
    fn russian_archive_encodings() {
        // "Мир" in windows-1251 and in KOI8-R.
        let cases = [
            ("windows-1251", &b"\xcc\xe8\xf0"[..]),
            ("koi8-r", &b"\xed\xc9\xd2"[..]),
            ("cp1251", &b"\xcc\xe8\xf0"[..]),
        ];
        for (label, bytes) in cases {
            let fb = Fallback::from_label(label).unwrap_or_else(|| panic!("{label}"));
            let (s, note) = decode(bytes.to_vec(), p(), fb).unwrap();
            assert_eq!(s, "Мир", "{label}");
            assert!(note.is_some());
        }
    }

    #[test]
    fn labels() {
        for (label, name) in [
            ("windows-1252", "windows-1252"),
            ("windows1252", "windows-1252"),
            ("latin1", "windows-1252"),
            ("cp1252", "windows-1252"),
            ("koi8r", "KOI8-R"),
            ("none", "none"),
        ] {
            assert_eq!(Fallback::from_label(label).map(Fallback::name), Some(name), "{label}");
        }
        assert_eq!(Fallback::from_label("utf-8"), None);
        assert_eq!(Fallback::from_label("klingon"), None);
    }
}
