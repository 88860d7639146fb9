//! A streaming RFC 4180 record reader for exports that keeps what the
//! general-purpose `csv` crate throws away: where each record starts and
//! ends (lines), where its quoting went wrong, and its raw bytes. A stray
//! quote at the start of a field opens a quoted field that can swallow every
//! row after it; the reader notices the quote that "closes" such a field in
//! the middle of text (or the end of the file inside one), so the caller can
//! report the rows involved and read them again instead of losing them.
//! Records are held to a size limit: past it only their extent is tracked,
//! so one runaway gigabyte field costs no memory.

use std::io::{BufRead, ErrorKind};

/// One record as read.
#[derive(Debug, Default, Clone)]
pub(super) struct Record {
    /// Unescaped bytes of all fields, one after the other.
    data: Vec<u8>,
    /// End of each field in `data`.
    ends: Vec<usize>,
    /// The record's bytes as they are in the file (without its terminator),
    /// while it is within the size limit.
    pub raw: Vec<u8>,
    /// Line where the record starts (1-based).
    pub first_line: usize,
    /// Line where it ends.
    pub last_line: usize,
    /// Bytes of the record in the file.
    pub bytes: u64,
    /// Over the size limit: fields and raw bytes were not kept.
    pub oversize: bool,
    /// Where a quoted field was closed by a quote followed by text, or
    /// where a quoted field opened that the file ended inside: (line, column
    /// of the field's opening quote, line of the faulty close or 0 at the end
    /// of the file).
    pub bad_quote: Option<BadQuote>,
}

/// Quoting that does not follow RFC 4180.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct BadQuote {
    /// Line and column (characters, 1-based) of the opening quote.
    pub open: (usize, usize),
    /// Line and column of the quote that closed the field before text that
    /// should not follow it; `None` when the file ended inside the field.
    pub close: Option<(usize, usize)>,
}

impl Record {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The fields' bytes.
    pub fn fields(&self) -> impl Iterator<Item = &[u8]> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let f = &self.data[start..end];
            start = end;
            f
        })
    }

    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.raw.clear();
        self.bytes = 0;
        self.oversize = false;
        self.bad_quote = None;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    Start,
    /// In an unquoted field.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: an escaped quote follows, or
    /// the field is closed.
    QuoteInQuoted,
}

/// Reads records from `input`, bytes pushed back by [`CsvReader::push_back`]
/// first.
pub(super) struct CsvReader<R> {
    input: R,
    pushed: Vec<u8>,
    pushed_at: usize,
    delimiter: u8,
    /// Line of the next byte.
    line: usize,
    /// Column (characters) of the next byte.
    column: usize,
    limit: usize,
    /// A carriage return was the last byte: a line feed right after it
    /// belongs to the same line end.
    after_cr: bool,
}

impl<R: BufRead> CsvReader<R> {
    /// A reader that splits fields at `delimiter` and keeps records of at
    /// most `limit` bytes.
    pub fn new(input: R, delimiter: u8, limit: usize) -> Self {
        CsvReader { input, pushed: Vec::new(), pushed_at: 0, delimiter, line: 1, column: 1, limit, after_cr: false }
    }

    /// Changes the separator and the size limit for the records to come.
    pub fn set(&mut self, delimiter: u8, limit: usize) {
        self.delimiter = delimiter;
        self.limit = limit;
    }

    /// Reads `bytes` again, as if they started at `line`, before the rest of
    /// the input.
    pub fn push_back(&mut self, bytes: &[u8], line: usize) {
        let mut rest = bytes.to_vec();
        rest.extend_from_slice(&self.pushed[self.pushed_at..]);
        self.pushed = rest;
        self.pushed_at = 0;
        self.line = line;
        self.column = 1;
        self.after_cr = false;
    }

    /// The line the next record starts on (or the line after the last).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The next byte and whether there is one.
    fn next_byte(&mut self) -> std::io::Result<Option<u8>> {
        if self.pushed_at < self.pushed.len() {
            let b = self.pushed[self.pushed_at];
            self.pushed_at += 1;
            if self.pushed_at == self.pushed.len() {
                self.pushed.clear();
                self.pushed_at = 0;
            }
            return Ok(Some(b));
        }
        loop {
            let buf = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let Some(&b) = buf.first() else { return Ok(None) };
            self.input.consume(1);
            return Ok(Some(b));
        }
    }

    fn peek_byte(&mut self) -> std::io::Result<Option<u8>> {
        if self.pushed_at < self.pushed.len() {
            return Ok(Some(self.pushed[self.pushed_at]));
        }
        loop {
            match self.input.fill_buf() {
                Ok(b) => return Ok(b.first().copied()),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads the next record into `rec`. Blank lines are skipped. Returns
    /// `false` at the end of the input.
    pub fn read(&mut self, rec: &mut Record) -> std::io::Result<bool> {
        rec.clear();
        // Skip blank lines.
        loop {
            match self.peek_byte()? {
                None => return Ok(false),
                Some(b'\n') if self.after_cr => {
                    self.next_byte()?;
                    self.after_cr = false;
                }
                Some(b'\n') | Some(b'\r') => {
                    let b = self.next_byte()?;
                    self.after_cr = b == Some(b'\r');
                    self.line += 1;
                    self.column = 1;
                }
                Some(_) => break,
            }
        }
        self.after_cr = false;
        rec.first_line = self.line;
        let mut state = State::Start;
        let mut field_start = 0;
        let mut open = (0, 0);
        let mut close = (0, 0);
        let mut prev = 0u8;
        loop {
            let Some(b) = self.next_byte()? else {
                if state == State::Quoted && rec.bad_quote.is_none() {
                    rec.bad_quote = Some(BadQuote { open, close: None });
                }
                break;
            };
            let (line, column) = (self.line, self.column);
            if b == b'\r' || (b == b'\n' && prev != b'\r') {
                self.line += 1;
                self.column = 1;
            } else if b != b'\n' && b & 0xC0 != 0x80 {
                self.column += 1;
            }
            prev = b;
            let terminator = (b == b'\n' || b == b'\r') && state != State::Quoted;
            if terminator {
                if b == b'\r' && self.peek_byte()? == Some(b'\n') {
                    self.next_byte()?;
                }
                rec.last_line = line;
                self.finish_field(rec, &mut field_start);
                return Ok(true);
            }
            rec.bytes += 1;
            if !rec.oversize {
                if rec.raw.len() >= self.limit {
                    rec.oversize = true;
                    rec.raw = Vec::new();
                    rec.data = Vec::new();
                } else {
                    rec.raw.push(b);
                }
            }
            let mut keep = true;
            match state {
                State::Start => {
                    if b == b'"' {
                        state = State::Quoted;
                        open = (line, column);
                        keep = false;
                    } else if b == self.delimiter {
                        self.finish_field(rec, &mut field_start);
                        keep = false;
                    } else {
                        state = State::Unquoted;
                    }
                }
                State::Unquoted => {
                    if b == self.delimiter {
                        self.finish_field(rec, &mut field_start);
                        state = State::Start;
                        keep = false;
                    }
                }
                State::Quoted => {
                    if b == b'"' {
                        state = State::QuoteInQuoted;
                        close = (line, column);
                        keep = false;
                    }
                }
                State::QuoteInQuoted => {
                    if b == b'"' {
                        state = State::Quoted;
                    } else if b == self.delimiter {
                        self.finish_field(rec, &mut field_start);
                        state = State::Start;
                        keep = false;
                    } else {
                        // Text right after a closing quote: the quote was
                        // not meant to close the field (or a stray quote
                        // opened it). Read on as the `csv` crate would.
                        if rec.bad_quote.is_none() {
                            rec.bad_quote = Some(BadQuote { open, close: Some(close) });
                        }
                        state = State::Unquoted;
                    }
                }
            }
            if keep && !rec.oversize {
                rec.data.push(b);
            }
        }
        // End of input: the last record had no terminator.
        rec.last_line = self.line;
        self.finish_field(rec, &mut field_start);
        Ok(true)
    }

    fn finish_field(&self, rec: &mut Record, start: &mut usize) {
        let end = if rec.oversize { 0 } else { rec.data.len() };
        rec.ends.push(end);
        *start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, delimiter: u8) -> Vec<(Vec<String>, usize, usize, Option<BadQuote>)> {
        let mut r = CsvReader::new(text.as_bytes(), delimiter, 1 << 20);
        let mut rec = Record::default();
        let mut out = Vec::new();
        while r.read(&mut rec).unwrap() {
            let fields = rec.fields().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            out.push((fields, rec.first_line, rec.last_line, rec.bad_quote));
        }
        out
    }

    #[test]
    fn records_fields_and_lines() {
        let got = all("a,b,c\n1,\"x, y\",\"he said \"\"hi\"\"\"\r\n\n2,\"two\nlines\",z\r3,,\n4", b',');
        let fields: Vec<&Vec<String>> = got.iter().map(|g| &g.0).collect();
        assert_eq!(
            fields,
            [
                &vec!["a".to_string(), "b".into(), "c".into()],
                &vec!["1".into(), "x, y".into(), "he said \"hi\"".into()],
                &vec!["2".into(), "two\nlines".into(), "z".into()],
                &vec!["3".into(), "".into(), "".into()],
                &vec!["4".into()],
            ]
        );
        let lines: Vec<(usize, usize)> = got.iter().map(|g| (g.1, g.2)).collect();
        assert_eq!(lines, [(1, 1), (2, 2), (4, 5), (6, 6), (7, 7)]);
        assert!(got.iter().all(|g| g.3.is_none()));
    }

    #[test]
    fn stray_quotes_are_noticed() {
        // Line 2 opens a quoted field that the quote on line 4 "closes"
        // before text: rows 3 and 4 were swallowed.
        let got = all("id,text\n1,\"Officials said it.\n2,Text two.\n3,\"Three\"\n", b',');
        assert_eq!(got.len(), 2);
        assert_eq!((got[1].1, got[1].2), (2, 4));
        assert_eq!(got[1].3, Some(BadQuote { open: (2, 3), close: Some((4, 3)) }));
        // Never closed: the file ends inside the field.
        let got = all("id,text\n1,\"open\n2,b\n", b',');
        assert_eq!(got[1].3, Some(BadQuote { open: (2, 3), close: None }));
        // A quote inside an unquoted field is text, as in the csv crate.
        let got = all("id,text\n1,he said \"hi\"\n", b',');
        assert_eq!(got[1].0[1], "he said \"hi\"");
        assert!(got[1].3.is_none());
    }

    #[test]
    fn semicolons_and_size_limit() {
        let got = all("id;text\n1;\"a;b\"\n", b';');
        assert_eq!(got[1].0, ["1", "a;b"]);
        let mut r = CsvReader::new(&b"1,short\n2,this one is far too long\n3,ok\n"[..], b',', 10);
        let mut rec = Record::default();
        let mut sizes = Vec::new();
        while r.read(&mut rec).unwrap() {
            sizes.push((rec.first_line, rec.oversize, rec.bytes));
        }
        assert_eq!(sizes, [(1, false, 7), (2, true, 26), (3, false, 4)]);
    }

    #[test]
    fn pushed_back_bytes_come_first() {
        let mut r = CsvReader::new(&b"3,c\n"[..], b',', 1 << 20);
        r.push_back(b"1,a\n2,b\n", 5);
        let mut rec = Record::default();
        let mut got = Vec::new();
        while r.read(&mut rec).unwrap() {
            got.push((rec.first_line, String::from_utf8_lossy(rec.fields().nth(1).unwrap()).into_owned()));
        }
        assert_eq!(got, [(5, "a".to_string()), (6, "b".into()), (7, "c".into())]);
    }
}
