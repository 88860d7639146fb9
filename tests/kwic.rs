//! `framelens kwic` on the bundled corpus, run as a user would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn framelens(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("framelens runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// Header and rows of the CSV on standard output.
fn csv_rows(out: &Output) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn occupation_glob_on_the_bundled_corpus() {
    let out = framelens(&["kwic", "occup*", "corpus"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (header, rows) = csv_rows(&out);
    assert_eq!(
        header,
        ["event", "outlet", "article", "sentence", "start", "end", "voice", "negated", "left", "match", "right"]
    );
    assert!(!rows.is_empty());
    for row in &rows {
        assert!(["narrator", "quote", "scare-quote"].contains(&row[6].as_str()), "voice of {row:?}");
        assert!(row[9].to_lowercase().starts_with("occup"), "match of {row:?}");
        assert!(["true", "false"].contains(&row[7].as_str()), "negated of {row:?}");
    }
    assert!(
        rows.iter().any(|r| r[1] == "24Pal News" && r[6] == "narrator" && r[9] == "occupation"),
        "no narrator-voice “occupation” from 24Pal News in {rows:?}"
    );
    // The offsets point at the match in the article body.
    let path = format!("{}/corpus/24pal-news/000_30123fbda8decd7b.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let body = &text[text.find("\n---\n").unwrap() + 5..];
    for r in rows.iter().filter(|r| r[1] == "24Pal News") {
        let (start, end): (usize, usize) = (r[4].parse().unwrap(), r[5].parse().unwrap());
        assert_eq!(body[start..end], r[9], "{r:?}");
    }
    let err = stderr(&out);
    assert!(err.contains("matches in 2 articles (5 searched)"), "{err}");
}

#[test]
fn rows_do_not_depend_on_the_thread_count() {
    let one = framelens(&["kwic", "exercises", "corpus", "-j", "1", "--sentence"], None);
    let four = framelens(&["kwic", "exercises", "corpus", "-j", "4", "--sentence"], None);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert!(one.stdout.len() > 1000);
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn standard_input_other_languages_and_quiet() {
    let jsonl = concat!(
        r#"{"id": "1", "outlet": "A", "language": "en", "text": "The so-called “occupation” was denied."}"#,
        "\n",
        r#"{"id": "2", "outlet": "B", "language": "fr", "text": "Une occupation continue."}"#,
        "\n",
    );
    let out = framelens(&["kwic", "occupation", "-", "--input-format", "jsonl", "-w", "2"], Some(jsonl));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, rows) = csv_rows(&out);
    assert_eq!(rows.len(), 1, "{rows:?}");
    // "so-called" is two words, and “ is three bytes.
    // so-called and the marks both hold the word at a distance: the construction wins.
    let want = ["A", "1", "1", "17", "27", "distanced", "false", "so-called “", "occupation", "” was denied."];
    assert_eq!(rows[0][1..], want);
    let err = stderr(&out);
    assert!(err.contains("1 match in 1 article (1 searched)"), "{err}");
    assert!(err.contains("left out 1 article not in en"), "{err}");

    let fr = framelens(&["kwic", "occupation", "-", "--input-format", "jsonl", "--language", "fr", "-q"], Some(jsonl));
    assert_eq!(fr.status.code(), Some(0));
    assert_eq!(csv_rows(&fr).1.len(), 1);
    assert_eq!(stderr(&fr), "");
}

#[test]
fn no_match_is_success_and_bad_articles_exit_1() {
    let out = framelens(&["kwic", "zeppelin", "corpus", "-q"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1, "just the header");

    let jsonl = "{\"id\": \"1\", \"text\": \"An occupation.\"}\nnot json\n";
    let out = framelens(&["kwic", "occupation", "-", "--input-format", "jsonl"], Some(jsonl));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(csv_rows(&out).1.len(), 1);
    let err = stderr(&out);
    assert!(err.contains("skipped") && err.contains(":2"), "{err}");
}

#[test]
fn bad_patterns_and_arguments_fail() {
    let out = framelens(&["kwic", "…", "corpus"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("has no words"), "{}", stderr(&out));
    let out = framelens(&["kwic", "x", "corpus", "--language", "english"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = framelens(&["kwic", "x", "corpus", "--sentence", "--window", "3"], None);
    assert_eq!(out.status.code(), Some(2), "--sentence and --window conflict");
}
