//! The dictionary readers against the fixtures in `tests/fixtures/dictionaries/`.
//! What each fixture must produce is written out next to it, in
//! `<name>.expected.md`, and for the LIWC parity fixture in
//! `liwc-parity/README.md` and `liwc-parity/expected.csv` (counts from the
//! Python `liwc` 0.5.0 package).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::TempDir;

use framelens::error::{Diagnostic, Severity};
use framelens::lang::Lang;
use framelens::lexicon::{Lexicon, LoadOptions, MatchKind};
use framelens::matching::Matcher;
use framelens::score::{Scheme, Scores};
use framelens::text::Tokenizer;

use MatchKind::{Exact, Glob};

// ---------------------------------------------------------------- helpers

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dictionaries").join(rel)
}

fn load(path: &Path) -> Lexicon {
    Lexicon::load(path, &LoadOptions::default())
}

fn framelens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_framelens")).args(args).output().expect("run framelens")
}

fn describe(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn diags(lex: &Lexicon) -> String {
    lex.diagnostics.iter().map(|d| format!("  {d}\n")).collect()
}

fn errors(lex: &Lexicon) -> Vec<&Diagnostic> {
    lex.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

fn warnings(lex: &Lexicon) -> Vec<&Diagnostic> {
    lex.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect()
}

/// The (term, match, category, weight) of every entry, in lexicon order.
fn entries(lex: &Lexicon) -> Vec<(String, MatchKind, String, f64)> {
    lex.entries.iter().map(|e| (e.term.clone(), e.kind, e.category.clone(), e.weight)).collect()
}

/// Expected entries from a table of (line, term, kind, categories), weight 1
/// each, one entry per category in the order given.
fn expand(table: &[(usize, &str, MatchKind, &[&str])]) -> Vec<(usize, String, MatchKind, String, f64)> {
    let mut out = Vec::new();
    for &(line, term, kind, cats) in table {
        for cat in cats {
            out.push((line, term.to_string(), kind, cat.to_string(), 1.0));
        }
    }
    out
}

/// The (line, term, match, category, weight) of every entry, in lexicon order.
fn entries_with_lines(lex: &Lexicon) -> Vec<(usize, String, MatchKind, String, f64)> {
    lex.entries.iter().map(|e| (e.line, e.term.clone(), e.kind, e.category.clone(), e.weight)).collect()
}

fn per_category(lex: &Lexicon) -> BTreeMap<String, usize> {
    lex.summary().categories
}

/// For each token of `text`: the token as matched and the sorted categories of
/// the entries its hit stands for (empty when no hit covers it).
fn token_categories(lex: &Lexicon, text: &str) -> Vec<(String, Vec<String>)> {
    let matcher = Matcher::new(lex);
    let tokens = Tokenizer::new().tokenize(text, Lang::EN);
    let hits = matcher.find(text, &tokens, Lang::EN);
    let mut out: Vec<(String, Vec<String>)> =
        tokens.tokens.iter().map(|t| (tokens.norm(t).to_string(), Vec::new())).collect();
    for h in &hits {
        let mut cats: Vec<String> = matcher.entries(h).iter().map(|&e| lex.entries[e].category.clone()).collect();
        cats.sort();
        cats.dedup();
        for slot in &mut out[h.first..h.first + h.len] {
            slot.1.clone_from(&cats);
        }
    }
    out
}

// ---------------------------------------------------------------- 1. LIWC parity

#[test]
fn liwc_parity_counts_equal_the_reference() {
    let dir = fixture("liwc-parity");
    let lex = load(&dir.join("dict.dic"));
    assert!(errors(&lex).is_empty(), "dict.dic has errors:\n{}", diags(&lex));

    // expected.csv: document,category,count, one row per cell, zeros included.
    let csv = fs::read_to_string(dir.join("expected.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("document,category,count"));
    let mut expected: BTreeMap<(String, String), u64> = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 3, "expected.csv line {}: {line:?}", i + 2);
        let count = fields[2].parse().unwrap_or_else(|e| panic!("expected.csv line {}: {e}", i + 2));
        let old = expected.insert((fields[0].to_string(), fields[1].to_string()), count);
        assert!(old.is_none(), "expected.csv line {}: repeated cell {line:?}", i + 2);
    }
    let expected_docs: BTreeSet<&str> = expected.keys().map(|(d, _)| d.as_str()).collect();
    let expected_cats: BTreeSet<&str> = expected.keys().map(|(_, c)| c.as_str()).collect();
    assert_eq!(expected.len(), expected_docs.len() * expected_cats.len(), "expected.csv is not a full grid");

    let matcher = Matcher::new(&lex);
    let scheme = Scheme::new(&lex);
    let categories: BTreeSet<&str> = scheme.categories.iter().map(String::as_str).collect();
    assert_eq!(categories, expected_cats, "categories of dict.dic vs expected.csv");
    assert_eq!(scheme.categories.len(), expected_cats.len());

    let mut texts: Vec<PathBuf> = fs::read_dir(dir.join("texts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    let docs: BTreeSet<String> = texts.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(docs.len(), expected_docs.len(), "number of documents");
    assert_eq!(docs.iter().map(String::as_str).collect::<BTreeSet<_>>(), expected_docs, "documents");

    let mut tokenizer = Tokenizer::new();
    let mut failures = Vec::new();
    let mut cells = 0;
    for path in &texts {
        let doc = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(path).unwrap();
        let tokens = tokenizer.tokenize(&text, Lang::EN);
        let hits = matcher.find(&text, &tokens, Lang::EN);
        let topic = framelens::score::Topic::of(&scheme, &tokens, &[]);
        let scores = Scores::of_article(&scheme, &matcher, &lex, &tokens, &hits, &topic);
        // The words each category counted, for the failure message.
        let mut matched: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for h in &hits {
            let written = &text[h.start..h.end];
            let mut cats: Vec<&str> = matcher.entries(h).iter().map(|&e| lex.entries[e].category.as_str()).collect();
            cats.sort();
            cats.dedup();
            for c in cats {
                matched.entry(c).or_default().push(written.to_string());
            }
        }
        for (c, category) in scheme.categories.iter().enumerate() {
            cells += 1;
            let got = scores.category_all[c];
            let want = expected[&(doc.clone(), category.clone())];
            if got != want {
                let words = matched.get(category.as_str()).cloned().unwrap_or_default();
                failures.push(format!(
                    "{doc} / {category}: framelens {got}, liwc 0.5.0 {want}; framelens matched {words:?}"
                ));
            }
        }
    }
    assert_eq!(cells, expected.len(), "cells compared");
    assert!(failures.is_empty(), "{} of {cells} cells differ:\n{}", failures.len(), failures.join("\n"));
}

// ---------------------------------------------------------------- 2. messy.dic

#[test]
fn messy_dic_keeps_the_twelve_good_entries() {
    let lex = load(&fixture("messy.dic"));
    assert!(errors(&lex).is_empty(), "{}", diags(&lex));
    let want = expand(&[
        (9, "calm", Exact, &["posemo"]),
        (10, "hope*", Glob, &["posemo", "certain"]),
        (11, "furious", Exact, &["negemo", "anger"]),
        (13, "kind of", Exact, &["hedge"]),
        (16, "rage*", Glob, &["negemo", "anger"]),
        (18, "worried", Exact, &["negemo"]),
        (19, "very much", Exact, &["certain", "hedge"]),
        (21, "sure*", Glob, &["certain"]),
        (23, "glad", Exact, &["posemo"]),
        (24, "tense", Exact, &["negemo"]),
        (26, "sort of", Exact, &["hedge"]),
        (27, "annoy*", Glob, &["negemo", "anger"]),
    ]);
    assert_eq!(entries_with_lines(&lex), want);
    let mut terms: Vec<&str> = lex.entries.iter().map(|e| e.term.as_str()).collect();
    terms.dedup();
    assert_eq!(
        terms,
        [
            "calm",
            "hope*",
            "furious",
            "kind of",
            "rage*",
            "worried",
            "very much",
            "sure*",
            "glad",
            "tense",
            "sort of",
            "annoy*"
        ]
    );
    let legend: BTreeSet<&str> = lex.entries.iter().map(|e| e.category.as_str()).collect();
    assert_eq!(legend, BTreeSet::from(["anger", "certain", "hedge", "negemo", "posemo"]));
}

#[test]
fn messy_dic_warns_on_the_six_bad_lines_only() {
    let lex = load(&fixture("messy.dic"));
    assert!(errors(&lex).is_empty(), "{}", diags(&lex));
    let warned: Vec<&Diagnostic> = warnings(&lex);
    assert_eq!(warned.len(), lex.diagnostics.len(), "only warnings:\n{}", diags(&lex));
    // (line, words that at least one warning on that line says)
    let want: [(usize, &[&str]); 6] = [
        (14, &["conditional"]),
        (15, &["conditional"]),
        (16, &["99"]),
        (17, &["vague", "category"]),
        (20, &["zeal"]),
        (25, &["maybe", "category"]),
    ];
    let lines: BTreeSet<usize> = warned.iter().map(|d| d.location.line).collect();
    assert_eq!(lines, want.iter().map(|(l, _)| *l).collect(), "warned lines:\n{}", diags(&lex));
    for (line, words) in want {
        let on_line: Vec<&str> =
            warned.iter().filter(|d| d.location.line == line).map(|d| d.message.as_str()).collect();
        for word in words {
            assert!(on_line.iter().any(|m| m.contains(word)), "line {line}: no warning says {word:?}: {on_line:?}");
        }
    }
    // Line 20: the unknown id 77 and/or the entry left with no category.
    let zeal: Vec<&str> = warned.iter().filter(|d| d.location.line == 20).map(|d| d.message.as_str()).collect();
    assert!(zeal.iter().any(|m| m.contains("77") || m.contains("no known category")), "{zeal:?}");
    // Line 16 keeps its entry: the warning is about the id, not a skip.
    assert!(lex.entries.iter().any(|e| e.line == 16));
    // Every warning names the file.
    assert!(warned.iter().all(|d| d.location.path.ends_with("messy.dic")), "{}", diags(&lex));
}

// ---------------------------------------------------------------- 3. LIWC-22 .dicx

#[test]
fn liwc22_dicx_binary() {
    let lex = load(&fixture("liwc22.dicx"));
    assert!(errors(&lex).is_empty(), "{}", diags(&lex));
    let want = expand(&[
        (2, "allegedly", Exact, &["hedge"]),
        (3, "calm*", Glob, &["reassure"]),
        (4, "ceasefire", Exact, &["reassure", "threat"]),
        (5, "escalat*", Glob, &["threat"]),
        (6, "kind of", Exact, &["hedge"]),
        (8, "ours", Exact, &["collective"]),
        (9, "peace talks", Exact, &["reassure", "collective"]),
        (10, "reportedly", Exact, &["hedge"]),
        (11, "shell*", Glob, &["threat"]),
        (12, "together", Exact, &["reassure", "collective"]),
        (13, "us", Exact, &["collective"]),
        (14, "we", Exact, &["collective"]),
        (15, "we're", Exact, &["collective"]),
    ]);
    assert_eq!(entries_with_lines(&lex), want);
    // 10 terms with one category and 3 with two make 16 (term, category) pairs;
    // liwc22.expected.md says 17, a slip in its arithmetic (its table lists 16).
    assert_eq!(lex.entries.len(), 16, "(term, category) pairs");
    let terms: BTreeSet<&str> = lex.entries.iter().map(|e| e.term.as_str()).collect();
    assert_eq!(terms.len(), 13);
    assert_eq!(lex.categories(), ["collective", "hedge", "reassure", "threat"]);

    // The `neutral` row (7) is skipped with a warning, and nothing else warns.
    let warned = warnings(&lex);
    assert_eq!(warned.len(), 1, "{}", diags(&lex));
    assert_eq!(warned[0].location.line, 7, "{}", diags(&lex));
    assert!(warned[0].message.contains("neutral") && warned[0].message.contains("no category"), "{}", diags(&lex));
}

#[test]
fn liwc22_dicx_weighted_keeps_signed_weights() {
    let lex = load(&fixture("liwc22-weighted.dicx"));
    assert!(lex.diagnostics.is_empty(), "{}", diags(&lex));
    let w = |line: usize, term: &str, kind: MatchKind, cat: &str, weight: f64| {
        (line, term.to_string(), kind, cat.to_string(), weight)
    };
    let want = vec![
        w(2, "calm*", Glob, "tone", 0.8),
        w(3, "ceasefire", Exact, "tone", 0.5),
        w(3, "ceasefire", Exact, "threat", 0.25),
        w(4, "escalat*", Glob, "tone", -0.6),
        w(4, "escalat*", Glob, "threat", 1.0),
        w(5, "kind of", Exact, "threat", 0.1),
        w(6, "peace talks", Exact, "tone", 1.5),
        w(7, "shell*", Glob, "tone", -1.0),
        w(7, "shell*", Glob, "threat", 2.0),
        w(8, "ultimatum", Exact, "tone", -0.75),
        w(8, "ultimatum", Exact, "threat", 1.25),
    ];
    assert_eq!(entries_with_lines(&lex), want);
    assert_eq!(lex.categories(), ["threat", "tone"]);
}

// ---------------------------------------------------------------- 4. quanteda YAML

#[test]
fn quanteda_yaml_nested_categories() {
    let lex = load(&fixture("quanteda.yml"));
    assert!(lex.diagnostics.is_empty(), "{}", diags(&lex));
    let want: [(&str, MatchKind, &str); 18] = [
        ("tax*", Glob, "economy/tax"),
        ("levy", Exact, "economy/tax"),
        ("customs duty", Exact, "economy/tax"),
        ("export*", Glob, "economy/trade"),
        ("import*", Glob, "economy/trade"),
        ("tariff*", Glob, "economy/trade"),
        ("airstrike*", Glob, "security/military/air"),
        ("drone*", Glob, "security/military/air"),
        ("troop*", Glob, "security/military/ground"),
        ("armoured vehicle*", Glob, "security/military/ground"),
        ("shell*", Glob, "security/military/ground"),
        ("ceasefire", Exact, "security/diplomacy"),
        ("peace talks", Exact, "security/diplomacy"),
        ("mediat*", Glob, "security/diplomacy"),
        ("defen?e", Glob, "security/diplomacy"),
        ("allegedly", Exact, "hedge"),
        ("reportedly", Exact, "hedge"),
        ("kind of", Exact, "hedge"),
    ];
    let want: Vec<(String, MatchKind, String, f64)> =
        want.iter().map(|(t, k, c)| (t.to_string(), *k, c.to_string(), 1.0)).collect();
    assert_eq!(entries(&lex), want);
    let counts = per_category(&lex);
    let want_counts: BTreeMap<String, usize> = [
        ("economy/tax", 3),
        ("economy/trade", 3),
        ("security/military/air", 2),
        ("security/military/ground", 3),
        ("security/diplomacy", 4),
        ("hedge", 3),
    ]
    .iter()
    .map(|(c, n)| (c.to_string(), *n))
    .collect();
    assert_eq!(counts, want_counts);

    // `?` is one character: defence and defense both match, and `Kind of`
    // was lowercased, so it matches the phrase in any case.
    let got = token_categories(&lex, "Defence and defense. Defene. It was Kind Of odd.");
    let cats = |word: &str| got.iter().find(|(t, _)| t == word).map(|(_, c)| c.clone()).unwrap_or_default();
    assert_eq!(cats("defence"), ["security/diplomacy"]);
    assert_eq!(cats("defense"), ["security/diplomacy"]);
    assert!(cats("defene").is_empty(), "{got:?}");
    assert_eq!(cats("kind"), ["hedge"]);
    assert_eq!(cats("of"), ["hedge"]);
}

// ---------------------------------------------------------------- 5. Lexicoder

#[test]
fn lexicoder_lc3_strips_colours() {
    let lex = load(&fixture("lexicoder.lc3"));
    assert!(lex.diagnostics.is_empty(), "no warnings expected:\n{}", diags(&lex));
    let want = expand(&[
        (2, "escalat*", Glob, &["threat"]),
        (3, "shell*", Glob, &["threat"]),
        (4, "armoured vehicle*", Glob, &["threat"]),
        (5, "point of no return", Exact, &["threat"]),
        (6, "ultimatum", Exact, &["threat"]),
        (8, "calm*", Glob, &["reassurance"]),
        (9, "ceasefire", Exact, &["reassurance"]),
        (10, "peace talk*", Glob, &["reassurance"]),
        (13, "allegedly", Exact, &["hedge"]),
        (14, "reportedly", Exact, &["hedge"]),
        (15, "kind of", Exact, &["hedge"]),
    ]);
    assert_eq!(entries_with_lines(&lex), want);
    let counts: Vec<(String, usize)> = per_category(&lex).into_iter().collect();
    assert_eq!(counts, [("hedge".to_string(), 3), ("reassurance".to_string(), 3), ("threat".to_string(), 5)]);
}

// ---------------------------------------------------------------- 6. convert round trip

const CONVERTIBLE: [&str; 6] =
    ["messy.dic", "liwc22.dicx", "liwc22-weighted.dicx", "quanteda.yml", "lexicoder.lc3", "liwc-parity/dict.dic"];

#[test]
fn convert_round_trips_every_fixture() {
    let tmp = TempDir::new("convert");
    for rel in CONVERTIBLE {
        let input = fixture(rel);
        let output = tmp.join(&format!("{}.csv", rel.replace('/', "_")));
        let run = framelens(&["lexicon", "convert", input.to_str().unwrap(), output.to_str().unwrap()]);
        assert!(run.status.success(), "convert {rel}: {}", describe(&run));

        let direct = load(&input);
        let converted = load(&output);
        assert!(converted.diagnostics.is_empty(), "{rel} converted:\n{}", diags(&converted));
        assert!(!direct.entries.is_empty(), "{rel}: no entries");
        assert_eq!(entries(&converted), entries(&direct), "{rel}: converted entries differ from the original's");

        let check = framelens(&["lexicon", "check", output.to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(0), "check {rel} converted: {}", describe(&check));
    }
}

/// The converted parity dictionary gives the same counts as the original:
/// nothing the reference semantics need is lost in the CSV.
#[test]
fn converted_parity_dictionary_counts_the_same() {
    let tmp = TempDir::new("convert-parity");
    let input = fixture("liwc-parity/dict.dic");
    let output = tmp.join("dict.csv");
    let run = framelens(&["lexicon", "convert", input.to_str().unwrap(), output.to_str().unwrap()]);
    assert!(run.status.success(), "{}", describe(&run));
    let (direct, converted) = (load(&input), load(&output));
    for entry in fs::read_dir(fixture("liwc-parity/texts")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(token_categories(&converted, &text), token_categories(&direct, &text), "{}", path.display());
    }
}

// ---------------------------------------------------------------- 7. shadowed .dic entries

/// `abandon*` takes every word `abandoned` would, as in the reference trie
/// where the shortest wildcard wins, whatever the order of the lines.
const SHADOWED_DIC: &str = "%\n1\tnegemo\n2\tsad\n3\tanger\n%\nabandoned\t2\nabandon*\t1\t3\naband\t2\n";
const SHADOWED_LINE: usize = 6;

#[test]
fn converted_dic_gives_shadowed_words_the_wildcards_categories() {
    let tmp = TempDir::new("shadow");
    let dic = tmp.join("shadow.dic");
    fs::write(&dic, SHADOWED_DIC).unwrap();

    // Loading the .dic: the shadowed entry is dropped with a warning naming its line.
    let lex = load(&dic);
    assert!(errors(&lex).is_empty(), "{}", diags(&lex));
    let warned = warnings(&lex);
    assert_eq!(warned.len(), 1, "{}", diags(&lex));
    assert_eq!(warned[0].location.line, SHADOWED_LINE, "{}", diags(&lex));
    assert!(warned[0].message.contains("abandoned") && warned[0].message.contains("abandon*"), "{}", diags(&lex));
    assert_eq!(
        entries(&lex),
        [
            ("abandon*".to_string(), Glob, "negemo".to_string(), 1.0),
            ("abandon*".to_string(), Glob, "anger".to_string(), 1.0),
            ("aband".to_string(), Exact, "sad".to_string(), 1.0),
        ]
    );

    // Converting: the same warning on stderr, as `file:line: warning: …`.
    let csv = tmp.join("shadow.csv");
    let run = framelens(&["lexicon", "convert", dic.to_str().unwrap(), csv.to_str().unwrap()]);
    assert!(run.status.success(), "{}", describe(&run));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let at = format!("{}:{SHADOWED_LINE}: warning", dic.display());
    assert!(stderr.lines().any(|l| l.starts_with(&at) && l.contains("abandoned")), "{}", describe(&run));

    // Matching with the converted CSV.
    let converted = load(&csv);
    assert!(converted.diagnostics.is_empty(), "{}", diags(&converted));
    let text = "They abandoned the plan. Abandon it. The abandonment hurt. Aband.";
    let got = token_categories(&converted, text);
    let want: Vec<(String, Vec<String>)> = [
        ("they", &[][..]),
        ("abandoned", &["anger", "negemo"][..]),
        ("the", &[]),
        ("plan", &[]),
        ("abandon", &["anger", "negemo"]),
        ("it", &[]),
        ("the", &[]),
        ("abandonment", &["anger", "negemo"]),
        ("hurt", &[]),
        ("aband", &["sad"]),
    ]
    .iter()
    .map(|(t, c)| (t.to_string(), c.iter().map(|s| s.to_string()).collect()))
    .collect();
    assert_eq!(got, want);
    assert_eq!(token_categories(&lex, text), want, "the .dic loaded directly");
}
