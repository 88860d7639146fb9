//! End-to-end tests over small fixture corpora: each runs the real binary as
//! `framelens analyze <corpus> --lexicon <lexicon> --out <temp dir>`, then reads
//! the CSV reports by column name. What each fixture checks is written out in
//! its `EXPECTED.md` (tests/fixtures/{voice,lexicon,bad-input}/).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Row, TempDir, body, read_csv};

// ---------------------------------------------------------------- helpers

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

/// What a run of the binary printed and returned.
struct Run {
    code: i32,
    stderr: String,
    out: PathBuf,
}

impl Run {
    fn csv(&self, name: &str) -> Vec<Row> {
        read_csv(&self.out.join(name))
    }

    fn bytes(&self, name: &str) -> Vec<u8> {
        fs::read(self.out.join(name)).unwrap_or_else(|e| panic!("{}: {e}", self.out.join(name).display()))
    }
}

/// `framelens analyze <corpus> --lexicon <lexicon> --out <out> <extra…>`.
fn analyze(corpus: &Path, lexicon: &Path, out: &Path, extra: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .arg("analyze")
        .arg(corpus)
        .arg("--lexicon")
        .arg(lexicon)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("cannot run the framelens binary");
    Run {
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        out: out.to_path_buf(),
    }
}

fn header(path: &Path) -> Vec<String> {
    csv::Reader::from_path(path).unwrap().headers().unwrap().iter().map(str::to_string).collect()
}

/// The hits of one article in report order, as (text, term, voice, negated).
fn hits_of<'a>(hits: &'a [Row], article: &str) -> Vec<(&'a str, &'a str, &'a str, &'a str)> {
    hits.iter()
        .filter(|h| h.get("article") == article)
        .map(|h| (h.get("text"), h.get("term"), h.get("voice"), h.get("negated")))
        .collect()
}

fn article<'a>(articles: &'a [Row], id: &str) -> &'a Row {
    let mut found = articles.iter().filter(|a| a.get("article") == id);
    let row = found.next().unwrap_or_else(|| panic!("article {id} is not in articles.csv"));
    assert!(found.next().is_none(), "article {id} is in articles.csv twice");
    row
}

/// Every hit's `start..end` slices the article body back to its `text`.
fn assert_offsets_slice_the_body(corpus: &Path, hits: &[Row]) {
    for h in hits {
        let path = corpus.join(h.get("outlet")).join(format!("{}.txt", h.get("article")));
        let body = body(&path);
        let (s, e) = (h.int("start") as usize, h.int("end") as usize);
        assert_eq!(body.get(s..e), Some(h.get("text")), "{}: offsets {s}..{e}", path.display());
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-4
}

fn lean(a: f64, b: f64) -> f64 {
    (a + 0.5).ln() - (b + 0.5).ln()
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

// ---------------------------------------------------------------- voice

#[test]
fn voice_fixture_marks_quotes_apostrophes_and_scare_quotes() {
    let tmp = TempDir::new("voice");
    let corpus = fixture("voice/corpus");
    let run = analyze(&corpus, &fixture("voice/lexicon.csv"), &tmp.join("out"), &["-q"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let hits = run.csv("hits.csv");
    assert_offsets_slice_the_body(&corpus, &hits);

    type Want<'a> = &'a [(&'a str, &'a str)];
    let voices: &[(&str, Want)] = &[
        // “… ‘regime’ …”: the inner single quotes neither close nor reopen the quote.
        ("nested", &[("regime", "quote"), ("blockade", "quote"), ("regime", "narrator")]),
        // Azerbaijan’s, don’t, ’90s, ’n’, isn't: apostrophes, no quotation at all.
        ("apostrophes", &[("Azerbaijan’s", "narrator"), ("regime", "narrator"), ("blockade", "narrator")]),
        // “ never closed: quoted to the end of its paragraph only.
        ("unbalanced", &[("regime", "narrator"), ("blockade", "quote"), ("regime", "quote"), ("regime", "narrator")]),
        // First paragraph unclosed, the next opens with “: one quotation over both.
        ("multipara", &[("blockade", "quote"), ("regime", "quote"), ("regime", "narrator")]),
        (
            "scare",
            &[
                ("number one ally", "scare-quote"), // its “number one ally”
                ("regime", "scare-quote"),          // the “regime” down
                ("blockade", "quote"),              // “A blockade,” he said.
                ("blockade", "quote"),              // Officials called it a “blockade”: their word
                ("regime", "scare-quote"),          // 4 words: “regime of total fear”
                ("regime", "quote"),                // 5 words: “regime of fear and lies”
                ("regime", "narrator"),             // “Never,” he said of the regime.
            ],
        ),
        // «… „blockade“ …» (nested), then a one-word «regime».
        (
            "guillemets",
            &[("regime", "quote"), ("blockade", "quote"), ("regime", "scare-quote"), ("regime", "narrator")],
        ),
        // "…," he said / a "regime" / 5" of snow (an inch mark, not a quote).
        ("straight", &[("regime", "quote"), ("regime", "scare-quote")]),
        // German „…“ with a German entry.
        ("german", &[("Regime", "quote"), ("Regime", "narrator")]),
    ];
    for (id, want) in voices {
        let got: Vec<(&str, &str)> = hits_of(&hits, id).into_iter().map(|(text, _, voice, _)| (text, voice)).collect();
        assert_eq!(got, *want, "voices of the hits of {id}");
    }
    assert_eq!(hits.len(), voices.iter().map(|(_, w)| w.len()).sum::<usize>(), "unexpected extra hits");

    let articles = run.csv("articles.csv");
    // (article, narrator, quoted, scare-quoted words)
    let counts = [
        ("nested", 8, 8, 0),
        ("apostrophes", 16, 0, 0),
        ("unbalanced", 13, 10, 0),
        ("multipara", 5, 11, 0),
        ("scare", 25, 9, 8),
        ("guillemets", 10, 9, 1),
        ("straight", 8, 4, 1),
        ("german", 6, 7, 0),
    ];
    assert_eq!(articles.len(), counts.len());
    for (id, narrator, quoted, scare) in counts {
        let a = article(&articles, id);
        let got = (a.int("narrator_words"), a.int("quoted_words"), a.int("scare_quoted_words"));
        assert_eq!(got, (narrator, quoted, scare), "{id}: (narrator, quoted, scare-quoted) words");
        assert_eq!(a.int("words"), narrator + quoted + scare, "{id}: words");
    }

    // The unclosed quote is the only warning, and it names its line (in the
    // file, front matter included) and column.
    let problems = run.csv("problems.csv");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert!(Path::new(p.get("path")).ends_with("wire/unbalanced.txt"), "{p:?}");
    assert_eq!((p.get("severity"), p.int("line"), p.int("column")), ("warning", 7, 9), "{p:?}");
    assert!(p.get("message").contains("never closed"), "{p:?}");
}

// ---------------------------------------------------------------- lexicon

#[test]
fn lexicon_fixture_matching_rules() {
    let tmp = TempDir::new("lexicon");
    let corpus = fixture("lexicon/corpus");
    let run = analyze(&corpus, &fixture("lexicon/lexicon.csv"), &tmp.join("out"), &["-q"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let hits = run.csv("hits.csv");
    assert_offsets_slice_the_body(&corpus, &hits);

    type Want<'a> = &'a [(&'a str, &'a str, &'a str, &'a str)];
    let n = "narrator";
    let expect: &[(&str, Want)] = &[
        // The longest of three overlapping entries wins, once; `occupied`
        // inside it is not counted again, `illegally occupied` not at all.
        (
            "overlap",
            &[
                ("occupied Armenian territory", "occupied armenian territory", n, "false"),
                ("occupied", "occupied", n, "false"),
            ],
        ),
        // "so called. Blockade" crosses a sentence end: only `blockade` there.
        (
            "sentence-end",
            &[("Blockade", "blockade", n, "false"), ("so-called blockade", "so-called blockade", n, "false")],
        ),
        // terror* (not counterterrorism), defen?e (not defiance), armenian * attacked civilians.
        (
            "globs",
            &[
                ("Terrorists", "terror*", n, "false"),
                ("terrorism", "terror*", n, "false"),
                ("Defence", "defen?e", n, "false"),
                ("defense", "defen?e", n, "false"),
                ("Armenian forces attacked civilians", "armenian * attacked civilians", n, "false"),
            ],
        ),
        // stem occup: occupations, occupation; not occupiers (stem occupi).
        ("stems", &[("Occupations", "occupation", n, "false"), ("occupation", "occupation", n, "false")]),
        // not (2 before), don't (3 before), Not (3 before): negated; No (4 before)
        // and a `not` ending the previous sentence: not negated.
        (
            "negation",
            &[
                ("regime", "regime", n, "true"),
                ("regime", "regime", n, "true"),
                ("regime", "regime", n, "true"),
                ("regime", "regime", n, "false"),
                ("Regime", "regime", n, "false"),
            ],
        ),
        // eco-activists / eco activists / eco‑activists (U+2011): one entry.
        (
            "hyphens",
            &[
                ("eco-activists", "eco-activists", n, "false"),
                ("eco activists", "eco-activists", n, "false"),
                ("eco\u{2011}activists", "eco-activists", n, "false"),
            ],
        ),
        (
            "possessive",
            &[
                ("Azerbaijan’s", "azerbaijan", n, "false"),
                ("Azerbaijan's", "azerbaijan", n, "false"),
                ("Azerbaijan", "azerbaijan", n, "false"),
            ],
        ),
        // `ceasefire regime` (exception) shields its `regime` and is never reported.
        ("exception", &[("regime", "regime", n, "false")]),
        (
            "lean",
            &[
                ("Artsakh", "artsakh", n, "false"),
                ("liberated", "liberated", n, "false"),
                ("Artsakh", "artsakh", "quote", "false"),
                ("separatists", "separatists", "quote", "false"),
                ("liberated", "liberated", n, "true"),
                ("liberated", "liberated", "quote", "false"),
            ],
        ),
    ];
    for (id, want) in expect {
        assert_eq!(hits_of(&hits, id), *want, "hits of {id}");
    }
    assert_eq!(hits.len(), expect.iter().map(|(_, w)| w.len()).sum::<usize>(), "unexpected extra hits");
    assert!(hits.iter().all(|h| h.get("category") != "exception"), "an exception entry was reported");
    let sentence_end: Vec<&str> =
        hits.iter().filter(|h| h.get("article") == "sentence-end").map(|h| h.get("sentence")).collect();
    assert_eq!(sentence_end, ["2", "3"], "the phrase must only match in the third sentence");

    let articles_path = run.out.join("articles.csv");
    let articles = read_csv(&articles_path);
    let columns = header(&articles_path);
    assert!(!columns.iter().any(|c| c.starts_with("exception")), "exception columns in articles.csv: {columns:?}");
    // Overlaps are never double counted in the category counts either.
    let overlap = article(&articles, "overlap");
    assert_eq!((overlap.int("loaded_all"), overlap.int("hits_all")), (2, 2));
    assert_eq!(article(&articles, "negation").int("negated_hits"), 3);

    // Lean: narrator-voice, non-negated weights per pole, ln(a+0.5) − ln(b+0.5).
    // Loaded language, narrator: liberated (azerbaijan 2); the negated `not
    // liberated` counts nowhere; quoted separatists (0.5) and the
    // “liberated” that officials called it (2) count in `_all` only. Artsakh is a name:
    // the narrator's counts in the naming measure (armenia 1), the quoted one nowhere.
    let ax = "armenia-azerbaijan";
    let lean_row = article(&articles, "lean");
    let got = |c: &str| lean_row.num(&format!("{ax}_{c}"));
    assert!(close(got("armenia_narrator"), 0.0) && close(got("azerbaijan_narrator"), 2.0), "{lean_row:?}");
    assert!(close(got("lean_narrator"), lean(0.0, 2.0)), "lean_narrator {}", got("lean_narrator"));
    assert!(close(got("armenia_all"), 0.0) && close(got("azerbaijan_all"), 4.5), "{lean_row:?}");
    assert!(close(got("lean_all"), lean(0.0, 4.5)), "lean_all {}", got("lean_all"));
    assert!(close(got("naming_armenia"), 1.0) && close(got("naming_azerbaijan"), 0.0), "{lean_row:?}");
    assert!(close(got("naming_narrator"), lean(1.0, 0.0)), "naming_narrator {}", got("naming_narrator"));
    assert_eq!((lean_row.int("hits_narrator"), lean_row.int("hits_all")), (3, 6));

    // Every row of articles.csv and outlets.csv: the lean follows from its poles,
    // and 0 with no hits.
    let outlets = run.csv("outlets.csv");
    for row in articles.iter().chain(&outlets) {
        for voice in ["narrator", "all"] {
            let (a, b) = (row.num(&format!("{ax}_armenia_{voice}")), row.num(&format!("{ax}_azerbaijan_{voice}")));
            assert!(close(row.num(&format!("{ax}_lean_{voice}")), lean(a, b)), "{voice} lean of {row:?}");
        }
    }
    // An outlet's all-events row sums its articles' poles.
    let post = outlets.iter().find(|o| o.get("outlet") == "post" && o.get("event") == "*").expect("post * row");
    let post_articles: Vec<&Row> = articles.iter().filter(|a| a.get("outlet") == "post").collect();
    assert_eq!(post.int("articles"), post_articles.len() as u64);
    for c in ["armenia_narrator", "azerbaijan_narrator", "armenia_all", "azerbaijan_all"] {
        let c = format!("{ax}_{c}");
        let sum: f64 = post_articles.iter().map(|a| a.num(&c)).sum();
        assert!(close(post.num(&c), sum), "{c}: outlet {} vs articles {sum}", post.num(&c));
    }

    assert!(run.csv("problems.csv").is_empty(), "no problems expected");
}

// ---------------------------------------------------------------- bad input

/// The bad-input corpus in a temp dir, with the files that are awkward to keep
/// in git written here: Latin-1 text, a binary file, and a good file that
/// starts with a UTF-8 byte-order mark.
fn bad_input_corpus(tmp: &TempDir) -> PathBuf {
    let corpus = tmp.join("corpus");
    copy_tree(&fixture("bad-input/corpus"), &corpus);
    fs::write(corpus.join("alpha/latin1.txt"), b"---\ntitle: Latin-1\nlanguage: en\n---\nThe caf\xE9 regime.\n")
        .unwrap();
    fs::write(corpus.join("beta/binary.txt"), b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10").unwrap();
    fs::write(corpus.join("beta/good-bom.txt"), "\u{FEFF}---\ntitle: BOM\nlanguage: en\n---\nThe regime spoke.\n")
        .unwrap();
    corpus
}

/// (file, line, column, fragments the message must contain).
const BAD_FILES: &[(&str, u64, u64, &[&str])] = &[
    ("alpha/empty.txt", 1, 0, &["empty article", "add the text or remove the file"]),
    ("alpha/empty-body.txt", 5, 0, &["empty article", "add the text or remove the file"]),
    ("alpha/front-matter-unclosed.txt", 1, 0, &["never closed", "add a `---` line"]),
    ("alpha/latin1.txt", 5, 8, &["not valid UTF-8", "0xE9", "re-save the file as UTF-8", "--fallback-encoding"]),
    ("beta/binary.txt", 0, 0, &["binary", "NUL byte", "plain UTF-8 text", "move the file"]),
    ("beta/front-matter-no-colon.txt", 3, 0, &["\"language en\"", "not `key: value`", "fix it"]),
    ("beta/unknown-language.txt", 3, 0, &["unknown language \"english\"", "ISO 639-1"]),
    ("beta/bad-date.txt", 3, 0, &["\"10/01/2023\"", "ISO 8601", "YYYY-MM-DD"]),
];

const GOOD_FILES: &[(&str, &str)] =
    &[("alpha", "good-1"), ("alpha", "good-2"), ("beta", "good-3"), ("beta", "good-bom")];

#[test]
fn bad_input_is_skipped_and_reported() {
    let tmp = TempDir::new("bad-input");
    let corpus = bad_input_corpus(&tmp);
    // Not -q: the summary on stderr must name every skipped file.
    let run = analyze(&corpus, &fixture("bad-input/lexicon.csv"), &tmp.join("out"), &[]);
    assert_eq!(run.code, 1, "exit code 1: finished but some articles skipped; stderr: {}", run.stderr);

    let articles = run.csv("articles.csv");
    let got: BTreeSet<(&str, &str)> = articles.iter().map(|a| (a.get("outlet"), a.get("article"))).collect();
    assert_eq!(got, GOOD_FILES.iter().copied().collect(), "articles.csv holds exactly the good articles");
    assert_eq!(articles.len(), GOOD_FILES.len());
    assert!(run.csv("hits.csv").iter().all(|h| h.get("article").starts_with("good-")), "hits from a skipped file");

    let problems = run.csv("problems.csv");
    let skipped: Vec<&Row> = problems.iter().filter(|p| p.get("severity") == "skipped").collect();
    assert_eq!(skipped.len(), BAD_FILES.len(), "{problems:#?}");
    for (file, line, column, fragments) in BAD_FILES {
        let rows: Vec<&&Row> = skipped.iter().filter(|p| Path::new(p.get("path")).ends_with(file)).collect();
        assert_eq!(rows.len(), 1, "{file}: one skipped row expected in {problems:#?}");
        let p = rows[0];
        assert_eq!(Path::new(p.get("path")), corpus.join(file), "{file}: path as given on the command line");
        assert_eq!((p.int("line"), p.int("column")), (*line, *column), "{file}: line and column of {p:?}");
        for f in *fragments {
            assert!(p.get("message").contains(f), "{file}: message {:?} lacks {f:?}", p.get("message"));
        }
        let shown = corpus.join(file).display().to_string();
        assert!(
            run.stderr.lines().any(|l| l.starts_with(&shown) && l.contains("skipped")),
            "stderr does not name {shown}:\n{}",
            run.stderr
        );
    }
    assert!(problems.iter().all(|p| p.get("severity") != "skipped" || !p.get("path").contains("good-")));
}

/// Even with `-q`, stderr names every skipped file (the exit code alone
/// would not say which).
#[test]
fn quiet_run_still_names_skipped_files() {
    let tmp = TempDir::new("bad-input-quiet");
    let corpus = bad_input_corpus(&tmp);
    let run = analyze(&corpus, &fixture("bad-input/lexicon.csv"), &tmp.join("out"), &["-q"]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    for (file, ..) in BAD_FILES {
        let shown = corpus.join(file).display().to_string();
        assert!(run.stderr.contains(&shown), "stderr does not name {shown}:\n{}", run.stderr);
    }
}

#[test]
fn fallback_encoding_reads_the_latin1_file() {
    let tmp = TempDir::new("bad-input-latin1");
    let corpus = bad_input_corpus(&tmp);
    let run =
        analyze(&corpus, &fixture("bad-input/lexicon.csv"), &tmp.join("out"), &["-q", "--fallback-encoding", "latin1"]);
    assert_eq!(run.code, 1, "the other bad files are still skipped; stderr: {}", run.stderr);
    let articles = run.csv("articles.csv");
    assert!(articles.iter().any(|a| a.get("article") == "latin1"), "latin1 not read with --fallback-encoding latin1");
    let problems = run.csv("problems.csv");
    let row = problems.iter().find(|p| p.get("path").ends_with("latin1.txt")).expect("a note about latin1.txt");
    assert_eq!(row.get("severity"), "warning", "{row:?}");
    // WHATWG reads the label latin1 as windows-1252, its superset.
    assert!(row.get("message").contains("windows-1252"), "{row:?}");
    assert_eq!(problems.iter().filter(|p| p.get("severity") == "skipped").count(), BAD_FILES.len() - 1);
}

/// problems.csv columns count characters (the unclosed-quote warning uses
/// `text::line_col`), so the UTF-8 error column must too: in "L’été caf\xE9"
/// the bad byte is the 10th character but the 14th byte.
#[test]
fn decode_error_column_counts_characters() {
    let tmp = TempDir::new("latin1-column");
    let corpus = tmp.join("corpus");
    fs::create_dir_all(corpus.join("o")).unwrap();
    fs::write(corpus.join("o/a.txt"), b"L\xE2\x80\x99\xC3\xA9t\xC3\xA9 caf\xE9.\n").unwrap();
    let run = analyze(&corpus, &fixture("bad-input/lexicon.csv"), &tmp.join("out"), &["-q"]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let problems = run.csv("problems.csv");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!((problems[0].int("line"), problems[0].int("column")), (1, 10), "{:?}", problems[0]);
}

#[test]
fn missing_corpus_folder_exits_2_and_names_it() {
    let tmp = TempDir::new("missing");
    let missing = tmp.join("no-such-corpus");
    let out = tmp.join("out");
    let run = analyze(&missing, &fixture("bad-input/lexicon.csv"), &out, &["-q"]);
    assert_eq!(run.code, 2, "stderr: {}", run.stderr);
    assert!(run.stderr.contains(&missing.display().to_string()), "stderr does not name the path:\n{}", run.stderr);
    assert!(run.stderr.contains("not found"), "{}", run.stderr);
    assert!(!out.exists(), "no reports when the corpus is missing");
}

#[test]
fn lexicon_error_exits_2_and_names_file_line_column() {
    let tmp = TempDir::new("bad-lexicon");
    let lexicon = fixture("bad-input/bad-lexicon.csv");
    let out = tmp.join("out");
    let run = analyze(&fixture("bad-input/corpus"), &lexicon, &out, &["-q"]);
    assert_eq!(run.code, 2, "stderr: {}", run.stderr);
    let at = format!("{}:3:6:", lexicon.display());
    assert!(
        run.stderr.lines().any(|l| l.starts_with(&at) && l.contains("not a number")),
        "stderr does not name {at}:\n{}",
        run.stderr
    );
    assert!(!out.exists(), "no reports when the lexicon has errors");
}

// ---------------------------------------------------------------- determinism

/// Runs `corpus` with -j 1 and -j 4 and compares the reports byte for byte.
fn assert_same_with_1_and_4_threads(name: &str, corpus: &Path, lexicon: &Path) {
    let tmp = TempDir::new(name);
    let one = analyze(corpus, lexicon, &tmp.join("j1"), &["-q", "-j", "1"]);
    let four = analyze(corpus, lexicon, &tmp.join("j4"), &["-q", "-j", "4"]);
    assert_eq!(one.code, four.code, "{}\n{}", one.stderr, four.stderr);
    assert!(one.code == 0 || one.code == 1, "{}", one.stderr);
    for report in ["hits.csv", "articles.csv", "outlets.csv", "problems.csv"] {
        let (a, b) = (one.bytes(report), four.bytes(report));
        assert!(a == b, "{name}: {report} differs between -j 1 and -j 4");
        assert!(a.iter().filter(|&&c| c == b'\n').count() > 1 || report == "problems.csv", "{report} is empty");
    }
}

#[test]
fn reports_do_not_depend_on_the_thread_count() {
    assert_same_with_1_and_4_threads("det-voice", &fixture("voice/corpus"), &fixture("voice/lexicon.csv"));

    // More articles than one read chunk (1024), over many outlets, so that
    // chunking and parallel order are both exercised.
    let tmp = TempDir::new("det-corpus");
    let corpus = tmp.join("corpus");
    let mut sources: Vec<PathBuf> = Vec::new();
    for outlet in ["desk", "post"] {
        for e in fs::read_dir(fixture("lexicon/corpus").join(outlet)).unwrap() {
            sources.push(e.unwrap().path());
        }
    }
    sources.sort();
    for i in 0..1100 {
        let src = &sources[i % sources.len()];
        let dir = corpus.join(format!("outlet-{:02}", i % 11));
        fs::create_dir_all(&dir).unwrap();
        fs::copy(src, dir.join(format!("{i:04}-{}", src.file_name().unwrap().to_string_lossy()))).unwrap();
    }
    assert_same_with_1_and_4_threads("det-lexicon", &corpus, &fixture("lexicon/lexicon.csv"));

    // And with skipped files in the mix (problems.csv order).
    let bad = TempDir::new("det-bad");
    let bad_corpus = bad_input_corpus(&bad);
    assert_same_with_1_and_4_threads("det-bad", &bad_corpus, &fixture("bad-input/lexicon.csv"));
}

/// A category whose columns would repeat a fixed column stops the run
/// before anything is written, naming the column.
#[test]
fn category_clashing_with_a_column_is_an_error() {
    let tmp = TempDir::new("clash");
    fs::create_dir_all(tmp.join("c/o")).unwrap();
    fs::write(tmp.join("c/o/a.txt"), "The hits came.").unwrap();
    fs::write(tmp.join("l.csv"), "term,match,category\nhits,exact,hits\n").unwrap();
    let run = analyze(&tmp.join("c"), &tmp.join("l.csv"), &tmp.join("out"), &["-q"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("hits_narrator") && run.stderr.contains("rename"), "{}", run.stderr);
}

/// Two articles that end up with the same event, outlet and id (front matter
/// naming the same outlet from two folders) are both kept, with a warning.
#[test]
fn repeated_article_identity_is_a_warning() {
    let tmp = TempDir::new("same-id");
    for folder in ["a", "b"] {
        fs::create_dir_all(tmp.join(&format!("c/{folder}"))).unwrap();
        fs::write(tmp.join(&format!("c/{folder}/x.txt")), "---\noutlet: Wire\n---\nThe regime fell.").unwrap();
    }
    let run = analyze(&tmp.join("c"), &fixture("lexicon/lexicon.csv"), &tmp.join("out"), &["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read_csv(&tmp.join("out/articles.csv")).len(), 2);
    let problems = read_csv(&tmp.join("out/problems.csv"));
    assert!(problems.iter().any(|p| p.get("message").contains("is used by 2 articles")), "{problems:?}");
}
