//! Entry points for coverage-guided fuzzing (the `fuzz/` package runs them
//! under AFL++) and for the regression test that replays every input the
//! fuzzer kept. Each takes arbitrary bytes, runs one parser on them and
//! checks what must hold whatever the input: no panic, byte offsets that
//! slice the text, reading that always ends. A broken promise panics, which
//! the fuzzer records as a crash.

use crate::input::{self, Fallback, InputFormat, ReadOptions};
use crate::lang::Lang;
use crate::lexicon::{Format, Lexicon, LoadOptions};
use crate::matching::Matcher;
use crate::text::Tokenizer;

/// A fuzz target: takes any bytes, panics when a promise is broken.
pub type Target = fn(&[u8]);

/// The fuzz targets by name, as the `fuzz/` package and the regression test
/// call them.
pub const TARGETS: &[(&str, Target)] =
    &[("article", article), ("csv", csv), ("jsonl", jsonl), ("lexicon", lexicon), ("text", text)];

/// A plain-text article with optional front matter, as read from a corpus
/// folder (decoding, front matter, metadata).
pub fn article(data: &[u8]) {
    let fallback = if data.first().is_some_and(|b| b & 1 == 1) {
        Fallback::from_label("windows-1252").unwrap_or(Fallback::NONE)
    } else {
        Fallback::NONE
    };
    if let Ok(a) = input::article::from_bytes(data.to_vec(), "o/a.txt", "o", "a", None, fallback) {
        assert!(!a.body.trim().is_empty(), "an article has text");
        assert!(!a.body.contains('\0'), "no NUL reaches the reports");
        assert!(a.meta.line >= 1);
    }
}

fn export(data: &[u8], format: InputFormat, name: &str) {
    let options = ReadOptions { max_article_bytes: 4096, ..ReadOptions::default() };
    if let Ok(rows) = input::read_export_bytes(data.to_vec(), name, format, &options) {
        for row in rows {
            match row {
                Ok(a) => {
                    assert!(!a.body.contains('\0'));
                    assert!(a.body.len() <= 4096, "an article over the limit was read");
                }
                Err(d) => assert!(d.location.line >= 1 || d.location.line == 0),
            }
        }
    }
}

/// A CSV export (header detection, separators, quoting, rows read again
/// after a broken quote). The first byte picks the file name's extension.
pub fn csv(data: &[u8]) {
    let name = if data.first().is_some_and(|b| b & 1 == 1) { "x.tsv" } else { "x.csv" };
    export(data.get(1..).unwrap_or_default(), InputFormat::Csv, name);
}

/// A JSON Lines export.
pub fn jsonl(data: &[u8]) {
    export(data, InputFormat::Jsonl, "x.jsonl");
}

/// A dictionary in one of the formats framelens reads; the first byte picks
/// the format. A lexicon without errors must also survive its own checks
/// and compile into a matcher.
pub fn lexicon(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let format = [Format::Csv, Format::Dic, Format::Dicx, Format::Yaml, Format::Lc3][pick as usize % 5];
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let lex = Lexicon::parse("fuzz", text, &LoadOptions { format: Some(format), ..LoadOptions::default() });
    if !lex.has_errors() {
        let _ = lex.check();
        let matcher = Matcher::new(&lex);
        let mut tz = Tokenizer::new();
        let sample = "The regime said “liberated” territories were occupied, officials said. Не оккупация.";
        let tokens = tz.tokenize(sample, Lang::EN);
        for h in matcher.find_all(sample, &tokens, Lang::EN) {
            assert!(sample.get(h.start..h.end).is_some(), "a hit slices the text");
        }
    }
}

/// Text through the tokenizer, voice (quotations) and the bundled
/// lexicon's matcher: every token and hit slices the text.
pub fn text(data: &[u8]) {
    thread_local! {
        static MATCHER: Matcher = Matcher::new(&Lexicon::builtin());
    }
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let lang = if pick & 1 == 1 { Lang::RU } else { Lang::EN };
    let mut tz = Tokenizer::new();
    let tokens = tz.tokenize(text, lang);
    for t in &tokens.tokens {
        assert!(text.get(t.start..t.end).is_some(), "a token slices the text");
    }
    MATCHER.with(|m| {
        for h in m.find_all(text, &tokens, lang) {
            assert!(h.start <= h.end && text.get(h.start..h.end).is_some(), "a hit slices the text");
        }
    });
}
