//! Property tests of the text pipeline through the library API: for arbitrary
//! Unicode text (letters, every kind of quotation mark, hyphens, newlines,
//! punctuation, Cyrillic, emoji and invisible characters) tokenizing and
//! matching never panic, and every offset they hand out slices the text on
//! char boundaries, in order, without overlaps.

use std::ops::Range;
use std::sync::OnceLock;

use framelens::lang::Lang;
use framelens::lexicon::Lexicon;
use framelens::matching::Matcher;
use framelens::text::voice::Voice;
use framelens::text::{Tokenizer, Tokens, paragraphs};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Pieces that exercise the rules of text.rs, voice.rs and matcher.rs.
fn piece() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "regime",
        "Regime",
        "occupied",
        "Armenian",
        "territory",
        "Azerbaijan’s",
        "Azerbaijan's",
        "don't",
        "don’t",
        "isn’t",
        "so-called",
        "eco\u{2011}activists",
        "eco-activists",
        "Artsakh",
        "separatists",
        "оккупация",
        "Нагорный",
        "Карабах",
        "не",
        "ёлка",
        "not",
        "never",
        "U.S.",
        "Mr.",
        "e.g.",
        "’90s",
        "2020",
        "6,500",
        "Արցախ",
        "Qarabağ",
        "naïve",
        "cafe\u{301}",
    ]);
    let spaces =
        prop::sample::select(vec![" ", " ", "  ", "\n", "\n", "\n\n", "\n \n", "\r\n", "\r\n\r\n", "\t", "\u{a0}"]);
    let quotes = prop::sample::select(vec![
        "“", "”", "„", "«", "»", "\"", "'", "’", "‘", "‹", "›", "「", "」", " “", "” ", "\n“",
    ]);
    let hyphens = prop::sample::select(vec!["-", "\u{2010}", "\u{2011}", "–", "—", "\u{2212}", "\u{ad}"]);
    let punct = prop::sample::select(vec![".", ".", ",", "!", "?", ";", ":", "…", "(", ")", "...", ". ", "/", "—"]);
    let odd = prop::sample::select(vec![
        "😀",
        "👍🏽",
        "👨\u{200d}👩\u{200d}👧",
        "🇦🇲",
        "\u{200d}",
        "\u{200b}",
        "\u{301}",
        "\u{feff}",
        "\u{2028}",
        "\u{2029}",
        "\u{85}",
        "\u{b}",
        "\u{c}",
        "\r",
        "\0",
    ]);
    prop_oneof![
        5 => words.prop_map(String::from),
        5 => spaces.prop_map(String::from),
        3 => quotes.prop_map(String::from),
        2 => hyphens.prop_map(String::from),
        3 => punct.prop_map(String::from),
        1 => odd.prop_map(String::from),
        2 => "[a-zA-Zа-яА-ЯёЁ0-9]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Article-like text built from the pieces, or any string at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

fn lang() -> impl Strategy<Value = Lang> {
    prop::sample::select(vec!["en", "ru", "de", "hy", "az"]).prop_map(|c| c.parse::<Lang>().unwrap())
}

fn on_boundaries(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

fn tokenize(text: &str, lang: Lang) -> Tokens {
    Tokenizer::new().tokenize(text, lang)
}

/// The bundled lexicon and its matcher, compiled once for all cases.
fn builtin() -> &'static (Lexicon, Matcher) {
    static BUILTIN: OnceLock<(Lexicon, Matcher)> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let lex = Lexicon::builtin();
        let m = Matcher::new(&lex);
        (lex, m)
    })
}

/// Checks every structural promise of [`Tokens`]; returns the first broken one.
fn check_tokens(text: &str, t: &Tokens) -> Result<(), TestCaseError> {
    // Paragraphs: in order, non-empty, trimmed, no blank line inside.
    for (i, p) in t.paragraphs.iter().enumerate() {
        prop_assert!(on_boundaries(text, p), "paragraph {i} {p:?} not on char boundaries");
        prop_assert!(p.start < p.end, "paragraph {i} is empty: {p:?}");
        if i > 0 {
            prop_assert!(t.paragraphs[i - 1].end < p.start, "paragraphs {} and {i} overlap", i - 1);
        }
    }

    // Sentences: in order, non-overlapping, inside their paragraph, their
    // token ranges contiguous and together covering every token.
    let mut next_token = 0;
    for (i, s) in t.sentences.iter().enumerate() {
        let r = s.start..s.end;
        prop_assert!(on_boundaries(text, &r), "sentence {i} {r:?} not on char boundaries");
        prop_assert!(s.start < s.end, "sentence {i} is empty");
        if i > 0 {
            prop_assert!(t.sentences[i - 1].end <= s.start, "sentences {} and {i} overlap", i - 1);
        }
        let p = t.paragraphs.get(s.paragraph as usize);
        prop_assert!(
            p.is_some_and(|p| p.start <= s.start && s.end <= p.end),
            "sentence {i} {r:?} is not inside its paragraph {p:?}"
        );
        prop_assert_eq!(s.tokens.start, next_token, "sentence {} token range is not contiguous", i);
        prop_assert!(!s.tokens.is_empty(), "sentence {i} has no tokens");
        next_token = s.tokens.end;
    }
    prop_assert_eq!(next_token, t.tokens.len(), "the sentences do not cover all tokens");

    // Tokens: on char boundaries, a word with an alphanumeric character, in
    // order, not overlapping, inside their sentence, with a consistent voice.
    for (i, k) in t.tokens.iter().enumerate() {
        let r = k.start..k.end;
        prop_assert!(on_boundaries(text, &r), "token {i} {r:?} not on char boundaries");
        let word = &text[r.clone()];
        prop_assert!(!word.is_empty(), "token {i} is empty");
        prop_assert!(word.chars().any(char::is_alphanumeric), "token {i} {word:?} has no alphanumeric character");
        if i > 0 {
            prop_assert!(t.tokens[i - 1].end <= k.start, "tokens {} and {i} overlap or are out of order", i - 1);
        }
        let s = &t.sentences[k.sentence as usize];
        prop_assert!(s.start <= k.start && k.end <= s.end, "token {i} {word:?} lies outside its sentence");
        prop_assert!(s.tokens.contains(&i), "token {i} is not in its sentence's token range");
        // A distancing construction ("so-called …") may hold the narrator's
        // words or a scare quote at a distance, never a real quotation.
        if k.quote == u32::MAX {
            prop_assert!(
                matches!(k.voice, Voice::Narrator | Voice::Distanced),
                "token {i} {word:?} has no quotation but is {:?}",
                k.voice
            );
        } else {
            let q = &t.quotes[k.quote as usize];
            prop_assert!(q.inner.start <= k.start, "token {i} {word:?} starts before its quotation {q:?}");
            let distanced = k.voice == Voice::Distanced && q.voice == Voice::ScareQuote;
            prop_assert!(k.voice == q.voice || distanced, "token {i} {word:?} is {:?} in a {:?}", k.voice, q.voice);
        }
        // The derived forms never panic and are never longer than possible.
        let (norm, base) = (t.norm(k), t.base(k));
        prop_assert!(norm.starts_with(base), "base {base:?} is not a prefix of norm {norm:?}");
        let _ = t.stem(k);
    }
    Ok(())
}

/// 512 cases (`PROPTEST_CASES` overrides), and no regression file in the
/// source tree: a failure is reported with its minimal input instead.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Mostly ASCII text with the characters the word rules care about (letters,
/// digits, `_ . ' : , ;`, spaces and newlines), now and then a piece from
/// [`piece`]: where the ASCII fast path and its fallback meet.
fn ascii_heavy() -> impl Strategy<Value = String> {
    let ascii = prop::sample::select(vec![
        "a", "Z", "q", "0", "7", "_", ".", "'", ":", ",", ";", " ", " ", " ", "  ", "\n", "\r\n", "\t", "-", "\"", "!",
        "(", "`", "$", "ab", "US", "1990",
    ]);
    prop::collection::vec(prop_oneof![8 => ascii.prop_map(String::from), 1 => piece()], 0..120).prop_map(|v| v.concat())
}

/// Text made of the characters sentence rules care about, in and out of
/// the set the fast path takes: terminators, quotation marks and brackets,
/// continuations, spaces and line breaks, letters of both cases and
/// digits, and now and then a character only the general segmenter knows.
fn sentence_heavy() -> impl Strategy<Value = String> {
    let known = prop::sample::select(vec![
        "a", "q", "Z", "M", "é", "É", "ß", "7", "12", ".", ".", "...", "!", "?", ",", ";", ":", "-", "–", "—", "…",
        "\"", "'", "(", ")", "[", "}", "«", "»", "‘", "’", "“", "”", " ", " ", "  ", "\u{a0}", "\t", "\n", "\r",
        "\r\n", "$", "%", "&", "/", "U.S.", "Mr.", "etc.", "the", "He",
    ]);
    let unknown = prop::sample::select(vec![
        "\u{301}", "\u{200b}", "\u{2029}", "\u{85}", "。", "Я", "ё", "\u{ad}", "¿", "¡", "×", "µ", "ª", "\u{2024}",
    ]);
    prop::collection::vec(prop_oneof![12 => known.prop_map(String::from), 1 => unknown.prop_map(String::from)], 0..60)
        .prop_map(|v| v.concat())
}

/// The sentence starts of the segmentation with its fast path.
fn fast_sentences(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    framelens::text::sentences::sentence_starts(text, &mut out);
    out
}

/// The word segmentation with its ASCII fast path, as offsets and words.
fn fast_words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    framelens::text::words::for_each_word(text, |o, w| out.push((o, w)));
    out
}

proptest! {
    #![proptest_config(config())]

    /// The ASCII fast path gives exactly the words of UAX #29.
    #[test]
    fn fast_words_are_unicode_words(text in prop_oneof![text(), ascii_heavy()]) {
        let want: Vec<(usize, &str)> = text.unicode_word_indices().collect();
        prop_assert_eq!(fast_words(&text), want);
    }

    /// The sentence fast path gives exactly the boundaries of UAX #29.
    #[test]
    fn fast_sentences_are_unicode_sentences(text in prop_oneof![3 => sentence_heavy(), 1 => text(), 1 => ascii_heavy()]) {
        let want: Vec<usize> = text.split_sentence_bound_indices().map(|(i, _)| i).collect();
        prop_assert_eq!(fast_sentences(&text), want);
    }

    /// Tokenizing never panics and every offset is sound.
    #[test]
    fn tokens_sentences_and_paragraphs_are_well_formed(text in text(), lang in lang()) {
        let t = tokenize(&text, lang);
        check_tokens(&text, &t)?;
    }

    /// Tokens are the UAX #29 words of each sentence, and they differ from
    /// the UAX #29 words of the whole text only where a sentence boundary cuts
    /// a word (`საქართველო.თბილისი` is one UAX #29 word but two sentences):
    /// splitting into paragraphs and sentences never loses, adds or merges words.
    #[test]
    fn tokens_are_the_uax29_words_of_their_sentences(text in text(), lang in lang()) {
        let t = tokenize(&text, lang);
        let got: Vec<(usize, &str)> = t.tokens.iter().map(|k| (k.start, &text[k.start..k.end])).collect();
        let per_sentence: Vec<(usize, &str)> = t
            .sentences
            .iter()
            .flat_map(|s| text[s.start..s.end].unicode_word_indices().map(move |(o, w)| (s.start + o, w)))
            .collect();
        prop_assert_eq!(&got, &per_sentence);
        // A sentence boundary cuts a word where a sentence starts or ends
        // inside it (a sentence with no words of its own, such as "\u{200d}😀"
        // after "regime.", is not kept, but its start still ends the last one).
        let cuts: Vec<usize> = t.sentences.iter().flat_map(|s| [s.start, s.end]).collect();
        for (start, word) in text.unicode_word_indices() {
            let end = start + word.len();
            let cut = cuts.iter().any(|&c| start < c && c < end);
            if cut {
                // Every token inside the cut word stays inside it.
                let inner: Vec<&str> =
                    got.iter().filter(|(s, w)| start <= *s && *s + w.len() <= end).map(|(_, w)| *w).collect();
                prop_assert!(!inner.is_empty(), "word {word:?} cut by a sentence boundary lost all its tokens");
            } else {
                prop_assert!(got.contains(&(start, word)), "UAX #29 word {word:?} at {start} is not a token: {got:?}");
            }
        }
        for &(s, w) in &got {
            let e = s + w.len();
            prop_assert!(
                text.unicode_word_indices().any(|(ws, ww)| ws <= s && e <= ws + ww.len()),
                "token {w:?} at {s} is not inside any UAX #29 word of the text"
            );
        }
    }

    /// A tokenizer reused across articles (with its stem cache) gives the same
    /// tokens as a fresh one.
    #[test]
    fn reused_tokenizer_gives_the_same_tokens(texts in prop::collection::vec(text(), 1..4), lang in lang()) {
        let mut shared = Tokenizer::new();
        for text in &texts {
            let a = shared.tokenize(text, lang);
            let b = tokenize(text, lang);
            prop_assert_eq!(&a.tokens, &b.tokens);
            for (x, y) in a.tokens.iter().zip(&b.tokens) {
                prop_assert_eq!((a.norm(x), a.base(x), a.stem(x)), (b.norm(y), b.base(y), b.stem(y)));
            }
        }
    }

    /// Paragraphs never contain a blank line, are non-empty and trimmed, and
    /// come in order.
    #[test]
    fn paragraphs_never_contain_a_blank_line(text in text()) {
        let ps = paragraphs(&text);
        for (i, p) in ps.iter().enumerate() {
            prop_assert!(on_boundaries(&text, p), "paragraph {i} {p:?} not on char boundaries");
            let para = &text[p.clone()];
            prop_assert!(!para.is_empty(), "paragraph {i} is empty");
            prop_assert_eq!(para, para.trim(), "paragraph {} is not trimmed", i);
            for line in para.split('\n') {
                prop_assert!(!line.trim().is_empty(), "paragraph {i} {para:?} contains a blank line");
            }
            if i > 0 {
                prop_assert!(ps[i - 1].end < p.start, "paragraphs {} and {i} overlap", i - 1);
            }
        }
        // Nothing but whitespace is left out.
        let mut last = 0;
        for p in &ps {
            prop_assert!(text[last..p.start].trim().is_empty(), "text {:?} before a paragraph is lost", &text[last..p.start]);
            last = p.end;
        }
        prop_assert!(text[last..].trim().is_empty(), "text {:?} after the last paragraph is lost", &text[last..]);
    }

    /// Matching with the bundled lexicon never panics; every hit slices the
    /// text on char boundaries, covers whole tokens of one sentence, and hits
    /// never share a token.
    #[test]
    fn builtin_lexicon_hits_are_well_formed(text in text(), lang in lang()) {
        let (lex, matcher) = builtin();
        let t = tokenize(&text, lang);
        let hits = matcher.find(&text, &t, lang);
        let mut last_token_end = 0;
        for (i, h) in hits.iter().enumerate() {
            let r = h.start..h.end;
            prop_assert!(on_boundaries(&text, &r) && h.start < h.end, "hit {i} {r:?} not on char boundaries");
            prop_assert!(h.len > 0 && h.first + h.len <= t.tokens.len(), "hit {i} token range out of bounds");
            let (first, last) = (&t.tokens[h.first], &t.tokens[h.first + h.len - 1]);
            prop_assert_eq!((h.start, h.end), (first.start, last.end), "hit {} offsets are not its tokens'", i);
            prop_assert!(first.sentence == last.sentence && h.sentence == first.sentence, "hit {i} crosses a sentence end");
            // A hit's voice is its first word's, or a scare quote when part
            // of it is in one ("Armenian “occupied“").
            let tokens = &t.tokens[h.first..h.first + h.len];
            let scare = tokens.iter().any(|k| k.voice == Voice::ScareQuote);
            prop_assert_eq!(h.voice, if scare { Voice::ScareQuote } else { first.voice });
            prop_assert!(h.first >= last_token_end, "hit {i} shares a token with the hit before it");
            last_token_end = h.first + h.len;
            let entries = matcher.entries(h);
            prop_assert!(!entries.is_empty(), "hit {i} stands for no entry");
            for &e in entries {
                prop_assert!(e < lex.entries.len());
                prop_assert!(!lex.entries[e].is_exception(), "hit {i} is an exception entry");
            }
        }
    }
}

/// Hand-picked strings the generator might rarely produce.
#[test]
fn edge_cases_are_well_formed() {
    let (_, matcher) = builtin();
    let cases = [
        "",
        " ",
        "\n\n\n",
        "“",
        "”",
        "„“",
        "«»",
        "\"\"\"",
        "’",
        "'s",
        "a\r\n\r\nb",
        "\r\r\n",
        "x\u{2029}y",
        "\u{feff}The regime.",
        "He said “go.”Then.",
        "The U.S.Army left.",
        "It ended.Next it began.",
        "“We stay,\n“and we go,” she said.\n“Unclosed\n\n«Да „нет“",
        "a\n\u{301}b",
        "👨\u{200d}👩\u{200d}👧 occupied\u{200d}Armenian territory",
        "eco\u{ad}-\u{2011}activists",
    ];
    for text in cases {
        for lang in [Lang::EN, Lang::RU] {
            let t = tokenize(text, lang);
            if let Err(e) = check_tokens(text, &t) {
                panic!("{text:?} ({lang}): {e}");
            }
            for h in matcher.find(text, &t, lang) {
                assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end), "{text:?}");
            }
        }
    }
}

/// The fast paths give the words and sentences of UAX #29 on real text:
/// every article of the bundled corpus and of the test fixtures, whole and
/// paragraph by paragraph with line breaks as spaces (as the tokenizer
/// segments them).
#[test]
fn fast_paths_are_uax29_on_real_text() {
    let mut files = 0;
    let mut stack = vec![std::path::PathBuf::from("corpus"), std::path::PathBuf::from("tests/fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt" || e == "md" || e == "csv" || e == "jsonl") {
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                let want: Vec<(usize, &str)> = text.unicode_word_indices().collect();
                assert!(fast_words(&text) == want, "{}: words differ", path.display());
                let flat = text.replace(['\n', '\r'], " ");
                for piece in std::iter::once(text.as_str()).chain(text.split("\n\n")).chain([flat.as_str()]) {
                    let want: Vec<usize> = piece.split_sentence_bound_indices().map(|(i, _)| i).collect();
                    assert!(fast_sentences(piece) == want, "{}: sentences differ in {piece:?}", path.display());
                }
                files += 1;
            }
        }
    }
    assert!(files > 100, "only {files} files read: the corpus or the fixtures are missing");
}

/// Inputs the property tests once found, kept as fixed cases.
#[test]
fn found_cases_stay_fixed() {
    for text in ["regime.\u{200d}😀", "a.\u{200d}b"] {
        let t = tokenize(text, Lang::EN);
        check_tokens(text, &t).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let words: Vec<&str> = t.tokens.iter().map(|k| &text[k.start..k.end]).collect();
        assert!(!words.is_empty() && text.starts_with(words[0]), "{text:?}: {words:?}");
    }
}
