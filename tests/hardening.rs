//! Hostile and broken input, end to end: each case runs the real binary and
//! checks the message (file, line, what to do), the exit code, and that the
//! good articles beside the bad ones are all in the reports; then the output
//! folder (never over an input, never half written, one run at a time, stale
//! files gone, foreign folders refused), pipes read once, resource limits,
//! and that every option an error message suggests exists in its
//! subcommand. Fixtures: tests/fixtures/bad-input-{files,exports,empty}/
//! (each EXPECTED.md says what is expected); files git cannot hold (pipes,
//! links, NUL bytes, odd names, large files) are made in a temporary copy.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Row, TempDir, read_csv};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

struct Out {
    code: i32,
    stderr: String,
    stdout: String,
}

/// Runs `framelens ARGS` in `dir`, with `stdin` as its standard input.
fn framelens_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Out {
    let mut child = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run framelens");
    if let Some(bytes) = stdin {
        let mut input = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = input.write_all(&bytes);
        });
    }
    let o = child.wait_with_output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
    }
}

fn framelens(args: &[&str]) -> Out {
    framelens_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, None)
}

/// A path as an argument (kept for the whole test: tests are short).
fn s(p: &Path) -> &'static str {
    Box::leak(p.to_str().unwrap().to_string().into_boxed_str())
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn problem<'a>(problems: &'a [Row], path_end: &str) -> &'a Row {
    problems
        .iter()
        .find(|p| p.get("path").ends_with(path_end))
        .unwrap_or_else(|| panic!("no problem for {path_end} in {problems:#?}"))
}

fn ids(articles: &[Row]) -> BTreeSet<String> {
    articles.iter().map(|a| a.get("article").to_string()).collect()
}

// ---------------------------------------------------------------- bad files

/// The table of tests/fixtures/bad-input-files/EXPECTED.md.
#[cfg(unix)]
#[test]
fn bad_files_are_reported_and_the_good_ones_all_analysed() {
    let t = TempDir::new("bad-files");
    let corpus = t.join("corpus");
    copy_dir(&fixture("bad-input-files/corpus"), &corpus);
    let wire = corpus.join("wire");
    // A NUL byte after the first 8 KB.
    let mut late = "Officials said the talks went on. ".repeat(300).into_bytes();
    late.extend_from_slice(b"\nThe end\0 of it.\n");
    fs::write(wire.join("nul-late.txt"), late).unwrap();
    // Bigger than --max-article-size 16KB.
    fs::write(wire.join("huge.txt"), "Officials said the talks went on. ".repeat(1000)).unwrap();
    // A named pipe nobody writes to: reading it would wait forever.
    assert!(Command::new("mkfifo").arg(wire.join("pipe.txt")).status().unwrap().success());
    // A link out of the corpus, to a file and to /dev/zero.
    fs::write(t.join("secret.txt"), "root:x:0:0").unwrap();
    std::os::unix::fs::symlink(t.join("secret.txt"), wire.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", wire.join("zero.txt")).unwrap();
    // A name that would forge a log line and colour the terminal.
    fs::write(wire.join("evil\nframelens: all good\u{1b}[31m.txt"), "").unwrap();

    let out = t.join("reports");
    let args = ["analyze", s(&corpus), "--lexicon", s(&fixture("bad-input-files/lexicon.csv")), "--out", s(&out)];
    let r = framelens_in(&t.1, &[&args[..], &["--max-article-size", "16KB"]].concat(), None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let articles = read_csv(&out.join("articles.csv"));
    assert_eq!(
        ids(&articles),
        ["case-1", "case-2", "cafe-composed", "cafe-decomposed", "cr-only", "good-1"].map(String::from).into()
    );
    let cr = articles.iter().find(|a| a.get("article") == "cr-only").unwrap();
    assert_eq!(cr.get("title"), "Old Mac file", "front matter behind CR-only line ends is read");
    let outlets: BTreeSet<&str> = articles.iter().map(|a| a.get("outlet")).collect();
    assert!(outlets.contains("Café Herald") && outlets.len() == 4, "{outlets:?}");

    let problems = read_csv(&out.join("problems.csv"));
    let table: &[(&str, &str, &str, &str)] = &[
        ("duplicate-key.txt", "5", "skipped", "language twice (lines 3 and 5); keep one"),
        ("nul-late.txt", "2", "skipped", "NUL"),
        (
            "huge.txt",
            "0",
            "skipped",
            "33 KB is over the size limit of 16 KB; split it, or raise the limit with --max-article-size",
        ),
        ("pipe.txt", "0", "skipped", "a named pipe, not a regular file"),
        ("passwd.txt", "0", "skipped", "leads out of the corpus folder"),
        ("zero.txt", "0", "skipped", "leads out of the corpus folder"),
        ("case-1.txt", "4", "warning", "only by case"),
    ];
    for (file, line, severity, message) in table {
        let p = problem(&problems, file);
        assert_eq!((p.get("line"), p.get("severity")), (*line, *severity), "{file}: {p:?}");
        assert!(p.get("message").contains(message), "{file}: {}", p.get("message"));
    }
    assert!(problems.iter().all(|p| !p.get("message").contains("root:x")));
    // Every stderr line is one line: the odd name is escaped.
    let evil = r.stderr.lines().find(|l| l.contains("evil")).unwrap_or_else(|| panic!("{}", r.stderr));
    assert!(evil.contains("evil\\nframelens: all good\\u{1b}[31m.txt") && evil.contains("skipped"), "{evil}");
    assert!(!r.stderr.contains('\u{1b}'));
    assert!(!r.stderr.lines().any(|l| l.starts_with("framelens: all good")));

    // Asked to follow links out of the corpus, the file link is read and
    // /dev/zero is still refused: it is not a regular file.
    let out2 = t.join("reports-2");
    let r = framelens_in(&t.1, &[&args[..4], &["--out", s(&out2), "--follow-outside-links"]].concat(), None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(ids(&read_csv(&out2.join("articles.csv"))).contains("passwd"));
    let zero = problem(&read_csv(&out2.join("problems.csv")), "zero.txt").get("message").to_string();
    assert!(zero.contains("a device, not a regular file"), "{zero}");
}

// ---------------------------------------------------------------- exports

/// tests/fixtures/bad-input-exports/EXPECTED.md.
#[test]
fn a_stray_quote_loses_one_row_not_forty_eight() {
    let t = TempDir::new("stray");
    let out = t.join("out");
    let r = framelens(&["analyze", s(&fixture("bad-input-exports/stray-quote.csv")), "-q", "--out", s(&out)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let articles = read_csv(&out.join("articles.csv"));
    assert_eq!(articles.len(), 49, "every row but the broken one");
    let problems = read_csv(&out.join("problems.csv"));
    let skipped: Vec<&Row> = problems.iter().filter(|p| p.get("severity") == "skipped").collect();
    assert_eq!(skipped.len(), 1, "{problems:#?}");
    let p = skipped[0];
    assert_eq!((p.get("line"), p.get("column")), ("4", "21"));
    let m = p.get("message");
    assert!(m.contains("lines 4-41 ran together") && m.contains("the 37 row(s) after it are read again"), "{m}");
    assert!(m.contains("written twice"), "{m}");
    assert!(r.stderr.contains("stray-quote.csv:4:21: skipped"), "{}", r.stderr);
}

#[test]
fn a_quote_never_closed_is_reported_and_the_rows_after_it_read() {
    let t = TempDir::new("unclosed");
    let out = t.join("out");
    let r = framelens(&["analyze", s(&fixture("bad-input-exports/unclosed.csv")), "-q", "--out", s(&out)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let bodies: Vec<String> = read_csv(&out.join("articles.csv")).iter().map(|a| a.get("outlet").to_string()).collect();
    assert_eq!(bodies, ["A", "C"]);
    assert!(r.stderr.contains("never closed"), "{}", r.stderr);
}

#[test]
fn semicolon_csv_from_european_spreadsheets_is_read() {
    let t = TempDir::new("semicolon");
    let out = t.join("out");
    let r = framelens(&["analyze", s(&fixture("bad-input-exports/semicolon.csv")), "-q", "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let articles = read_csv(&out.join("articles.csv"));
    assert_eq!(articles.len(), 5);
    assert!(articles.iter().any(|a| a.get("outlet") == "Outlet 3"));
    // Told the wrong separator, the message says which was used and what to do.
    let r = framelens(&[
        "analyze",
        s(&fixture("bad-input-exports/semicolon.csv")),
        "--delimiter",
        ",",
        "--out",
        s(&t.join("o2")),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("comma separator you gave") && r.stderr.contains("--delimiter"), "{}", r.stderr);
}

#[test]
fn an_oversized_row_is_skipped_and_the_rest_read() {
    let t = TempDir::new("bigrow");
    let csv = t.join("x.csv");
    let big = "word ".repeat(2000);
    fs::write(&csv, format!("id,media_name,text\n1,A,Short one.\n2,B,\"{big}\"\n3,C,Short three.\n")).unwrap();
    let r = framelens(&["analyze", s(&csv), "-q", "--max-article-size", "4KB", "--out", s(&t.join("out"))]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(read_csv(&t.join("out/articles.csv")).len(), 2);
    assert!(
        r.stderr.contains("x.csv:3: skipped: line 3: a row of 9.8 KB is over the size limit of 4.0 KB"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------- empty input

#[test]
fn input_without_articles_is_an_error_that_says_what_was_found() {
    let t = TempDir::new("empty");
    let cases: &[(&str, &[&str])] = &[
        ("bad-input-empty/docx", &["3 .docx file(s)", "save the articles as plain text (.txt)"]),
        ("bad-input-empty/flat", &["2 .txt file(s) directly in", "<outlet>/<article>.txt"]),
        ("bad-input-empty/header-only/export.csv", &["has a header but no rows"]),
        ("bad-input-empty/empty-jsonl/export.jsonl", &["is empty"]),
    ];
    for (input, wanted) in cases {
        for quiet in [false, true] {
            let out = t.join("out");
            let mut args = vec!["analyze", s(&fixture(input)), "--out", s(&out)];
            if quiet {
                args.push("-q");
            }
            let r = framelens(&args);
            assert_eq!(r.code, 2, "{input}: {}", r.stderr);
            for w in *wanted {
                assert!(r.stderr.contains(w), "{input} (quiet {quiet}): {w:?} not in {}", r.stderr);
            }
            assert!(r.stderr.contains("framelens reads"), "{}", r.stderr);
            assert!(!out.exists(), "no reports for a run that found nothing");
        }
    }
}

// ---------------------------------------------------------------- output folder

#[test]
fn reports_are_never_written_over_an_input() {
    let t = TempDir::new("over-input");
    let export = "stories_id,media_name,text\n1,A,Officials said it.\n";
    fs::write(t.join("articles.csv"), export).unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let r = framelens_in(&t.1, &[&["analyze", "articles.csv", "--out", "."][..], extra].concat(), None);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
        assert_eq!(fs::read_to_string(t.join("articles.csv")).unwrap(), export, "the export is intact");
    }
    assert_eq!(fs::read_dir(&t.1).unwrap().count(), 1, "nothing else was left behind");
    // Without --out the reports go beside the export, named after it.
    let r = framelens_in(&t.1, &["analyze", "articles.csv"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("writing the reports into articles-reports"), "{}", r.stderr);
    assert_eq!(read_csv(&t.join("articles-reports/articles.csv")).len(), 1);
}

#[test]
fn a_folder_framelens_did_not_write_is_refused_unless_forced() {
    let t = TempDir::new("foreign");
    let out = t.join("thesis");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("chapter-1.md"), "my only copy").unwrap();
    let r = framelens(&["analyze", "corpus", "-q", "--out", s(&out)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("chapter-1.md") && r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
    let r = framelens(&["analyze", "corpus", "-q", "--force", "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read_to_string(out.join("chapter-1.md")).unwrap(), "my only copy");
    assert!(out.join("hits.csv").exists());
    // The output folder inside the corpus would be read as an outlet next time.
    let corpus = t.join("corpus");
    copy_dir(&fixture("bad-input-files/corpus"), &corpus);
    let r = framelens(&["analyze", s(&corpus), "-q", "--out", s(&corpus.join("reports"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("inside the input folder"), "{}", r.stderr);
}

#[test]
fn a_new_run_replaces_the_folder_whole_and_stale_reports_go() {
    let t = TempDir::new("stale");
    let out = t.join("out");
    let csv = t.join("x.csv");
    fs::write(&csv, "id,media_name,text\n1,A,Officials said the talks went on.\n2,B,The talks went on.\n").unwrap();
    // Export rows are grouped into stories: events.csv is written.
    assert_eq!(framelens(&["analyze", s(&csv), "-q", "--out", s(&out)]).code, 0);
    assert!(out.join("events.csv").exists());
    // A folder corpus has its events: no events.csv this time, and the old one goes.
    let r = framelens(&["analyze", "corpus", "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!out.join("events.csv").exists(), "a stale report survived");
    assert!(r.stderr.contains("replacing the reports of the previous run"), "{}", r.stderr);
    let run: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let listed: BTreeSet<String> =
        run["reports"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let present: BTreeSet<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "run.json")
        .collect();
    assert_eq!(listed, present);
    assert!(run.get("time").is_none(), "no clock time by default");
}

#[test]
fn a_failed_run_leaves_the_previous_reports_in_place() {
    let t = TempDir::new("failed");
    let out = t.join("out");
    assert_eq!(framelens(&["analyze", "corpus", "-q", "--out", s(&out)]).code, 0);
    let before = fs::read(out.join("hits.csv")).unwrap();
    let bad = t.join("bad.csv");
    fs::write(&bad, "term,match,category\nregime,exakt,label\n").unwrap();
    let r = framelens(&["analyze", "corpus", "-q", "--lexicon", s(&bad), "--out", s(&out)]);
    assert_eq!(r.code, 2);
    assert_eq!(fs::read(out.join("hits.csv")).unwrap(), before);
    // A run that stops half way (a report that cannot be written) too.
    let r = framelens(&["analyze", "corpus", "-q", "--bootstrap", "100000000000", "--out", s(&out)]);
    assert_eq!(r.code, 2);
    assert_eq!(fs::read(out.join("hits.csv")).unwrap(), before);
    assert_eq!(fs::read_dir(&t.1).unwrap().count(), 2, "no temporary folder or lock file is left");
}

/// A corpus big enough that a run takes a while.
fn slow_corpus(root: &Path, articles: usize) {
    let text = fs::read_to_string(fixture("../../corpus/meridian-wire/2023-01-10_armenia-csto-drills.txt")).unwrap();
    for i in 0..articles {
        let o = root.join(format!("outlet-{}", i % 7));
        fs::create_dir_all(&o).unwrap();
        fs::write(o.join(format!("a{i}.txt")), &text).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_run_killed_mid_way_leaves_the_previous_complete_reports() {
    let t = TempDir::new("kill");
    let corpus = t.join("corpus");
    slow_corpus(&corpus, 150);
    let out = t.join("out");
    assert_eq!(framelens(&["analyze", "corpus", "-q", "--out", s(&out)]).code, 0);
    let before = fs::read(out.join("articles.csv")).unwrap();
    for delay_ms in [50, 300, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_framelens"))
            .args(["analyze", s(&corpus), "-q", "--out", s(&out)])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = fs::read(out.join("articles.csv")).unwrap();
        // Either the old reports or the new complete ones, never a mix.
        if now != before {
            assert_eq!(read_csv(&out.join("articles.csv")).len(), 150);
            assert!(fs::read_to_string(out.join("run.json")).unwrap().contains("\"articles\": 150"));
        } else {
            assert!(fs::read_to_string(out.join("run.json")).unwrap().contains("\"articles\": 5"));
        }
    }
    // The next run cleans up what the killed ones left.
    assert_eq!(framelens(&["analyze", s(&corpus), "-q", "--out", s(&out)]).code, 0);
    assert_eq!(read_csv(&out.join("articles.csv")).len(), 150);
    let left: Vec<String> =
        fs::read_dir(&t.1).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(left.iter().all(|n| !n.contains("framelens-tmp")), "{left:?}");
}

#[test]
fn two_runs_into_one_folder_at_once_never_mix() {
    let t = TempDir::new("twice");
    let corpus = t.join("corpus");
    slow_corpus(&corpus, 100);
    let out = t.join("out");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_framelens"))
            .args(["analyze", s(&corpus), "-q", "--out", s(&out)])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let outcomes: Vec<(i32, String)> = [a, b]
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).into_owned())
        })
        .collect();
    assert!(outcomes.iter().any(|(c, _)| *c == 0), "{outcomes:?}");
    for (code, err) in &outcomes {
        assert!(*code == 0 || (*code == 2 && err.contains("another framelens run")), "{code}: {err}");
    }
    let articles = read_csv(&out.join("articles.csv"));
    assert_eq!(articles.len(), 100);
}

#[test]
fn out_pointing_at_a_file_says_cannot_write_once() {
    let t = TempDir::new("outfile");
    let f = t.join("notes.csv");
    fs::write(&f, "keep").unwrap();
    let r = framelens(&["analyze", "corpus", "--out", s(&f)]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.matches("cannot").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("cannot write") && r.stderr.contains("not a folder"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&f).unwrap(), "keep");
}

#[test]
fn run_json_records_time_only_when_asked() {
    let t = TempDir::new("time");
    let out = t.join("out");
    let r = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(["analyze", "corpus", "-q", "--out", s(&out)])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(r.status.success());
    let run: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["time"], "2023-11-14T22:13:20Z");
    assert!(run["threads"].as_u64().unwrap() >= 1);
    let r = framelens(&["analyze", "corpus", "-q", "--record-time", "--out", s(&out)]);
    assert_eq!(r.code, 0);
    let run: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert!(run["time"].as_str().unwrap() > "2024", "{run}");
}

// ---------------------------------------------------------------- pipes and limits

#[test]
fn standard_input_is_read_once_and_grouped_like_a_file() {
    let t = TempDir::new("stdin");
    let export = "id,media_name,text\n1,A,Officials said the talks on the border went on.\n2,B,\"The border talks went on, officials said.\"\n";
    let r =
        framelens_in(&t.1, &["analyze", "-", "--input-format", "csv", "-q", "--out", "out"], Some(export.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read_csv(&t.join("out/articles.csv")).len(), 2);
    assert!(t.join("out/events.csv").exists(), "rows were grouped into stories");
    let run = fs::read_to_string(t.join("out/run.json")).unwrap();
    assert!(run.contains(&framelens::digest::sha256_hex(export.as_bytes())), "{run}");
    let r = framelens_in(&t.1, &["analyze", "-", "-", "--input-format", "csv", "--out", "o2"], Some(export.as_bytes()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("standard input (-) is given twice"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn process_substitution_and_dev_stdin_are_read_once() {
    let t = TempDir::new("procsub");
    let export =
        "id,media_name,text\n1,A,Officials said the talks on the border went on.\n2,B,The border talks went on.\n";
    fs::write(t.join("e.csv"), export).unwrap();
    let bin = env!("CARGO_BIN_EXE_framelens");
    for (how, out) in [("<(cat e.csv)", "out1"), ("/dev/stdin < e.csv", "out2"), ("/dev/stdin < <(cat e.csv)", "out3")]
    {
        let script = format!("'{bin}' analyze {how} --input-format csv -q --out {out}");
        let o = Command::new("bash").arg("-c").arg(&script).current_dir(&t.1).output().unwrap();
        assert!(o.status.success(), "{how}: {}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(read_csv(&t.join(out).join("articles.csv")).len(), 2, "{how}");
        assert!(t.join(out).join("events.csv").exists(), "{how}: grouped, then analysed: read once");
    }
}

#[cfg(unix)]
#[test]
fn named_pipes_are_refused_unless_asked_and_then_read_once() {
    let t = TempDir::new("fifo");
    let pipe = t.join("export.csv");
    assert!(Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    let r = framelens(&["analyze", s(&pipe), "--out", s(&t.join("out"))]);
    assert_eq!(r.code, 2, "a pipe nobody writes to must not hang the run");
    assert!(r.stderr.contains("a named pipe, not a regular file") && r.stderr.contains("--read-special-files"));
    let writer = {
        let pipe = pipe.clone();
        std::thread::spawn(move || {
            let mut f = fs::OpenOptions::new().write(true).open(pipe).unwrap();
            f.write_all(b"id,media_name,text\n1,A,Officials said the talks went on.\n2,B,Talks went on.\n").unwrap();
        })
    };
    let r = framelens(&["analyze", s(&pipe), "--read-special-files", "-q", "--out", s(&t.join("out"))]);
    writer.join().unwrap();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read_csv(&t.join("out/articles.csv")).len(), 2, "grouping did not eat the pipe");
}

#[cfg(unix)]
#[test]
fn a_lexicon_that_never_ends_is_refused() {
    let t = TempDir::new("zero-lexicon");
    let link = t.join("lexicon.csv");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let r = framelens(&["analyze", "corpus", "--lexicon", s(&link), "--out", s(&t.join("out"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("a device, not a regular file"), "{}", r.stderr);
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let started = std::time::Instant::now();
    let r = framelens(&["lexicon", "check", s(&fixture("bad-input-files/bomb.yml"))]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("aliases here would expand the dictionary"), "{}", r.stdout);
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn too_many_threads_are_capped_with_a_message() {
    let t = TempDir::new("threads");
    let r = framelens(&["analyze", "corpus", "-j", "100000", "--out", s(&t.join("out"))]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("--threads 100000 is more than 4 per core; using"), "{}", r.stderr);
}

#[test]
fn lexicon_convert_round_trips_formula_like_terms() {
    let t = TempDir::new("convert");
    let lc3 = t.join("d.lc3");
    fs::write(&lc3, "+math\n=cat\n+plus\n-minus\n").unwrap();
    let csv = t.join("d.csv");
    let r = framelens(&["lexicon", "convert", s(&lc3), s(&csv)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(&csv).unwrap();
    assert!(text.contains("\n=cat,") && !text.contains("'="), "{text}");
    let back = t.join("e.csv");
    assert_eq!(framelens(&["lexicon", "convert", s(&csv), s(&back)]).code, 0);
    assert_eq!(fs::read_to_string(&back).unwrap(), text, "a second round trip changes nothing");
    let r = framelens(&["lexicon", "convert", s(&csv), s(&csv)]);
    assert_eq!(r.code, 2);
    assert_eq!(fs::read_to_string(&csv).unwrap(), text, "never converted over its own input");
}

// ---------------------------------------------------------------- advice

/// Every `--option` an error message suggests exists in that subcommand.
#[test]
fn every_option_a_message_suggests_exists_in_its_subcommand() {
    let t = TempDir::new("advice");
    let latin = t.join("corpus/o");
    fs::create_dir_all(&latin).unwrap();
    fs::write(latin.join("a.txt"), b"caf\xe9 said the minister\n").unwrap();
    fs::write(latin.join("b.txt"), "Officials said the talks went on.\n").unwrap();
    fs::write(t.join("doc.docx"), "PK").unwrap();
    fs::write(t.join("data.dat"), "x").unwrap();
    fs::write(t.join("notext.csv"), "title,url\nA,b\n").unwrap();
    fs::write(t.join("big.jsonl"), format!("{{\"text\":\"{}\"}}\n", "w ".repeat(3000))).unwrap();
    let corpus = t.join("corpus");
    let lex_txt = fixture("bad-input-files/lexicon.txt");
    let foreign = t.join("foreign");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("x"), "x").unwrap();
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec!["analyze", "corpus", "--lexicon", s(&lex_txt)], vec!["--lexicon-format"]),
        (vec!["claims", "corpus", "--lexicon", s(&lex_txt)], vec!["--lexicon-format"]),
        (vec!["lexicon", "check", s(&lex_txt)], vec!["--format"]),
        (vec!["lexicon", "convert", s(&lex_txt), s(&t.join("o.csv"))], vec!["--format"]),
        (vec!["analyze", s(&t.join("doc.docx"))], vec![]),
        (vec!["analyze", s(&t.join("data.dat"))], vec!["--input-format"]),
        (vec!["analyze", s(&t.join("notext.csv"))], vec!["--text-column", "--delimiter"]),
        (vec!["kwic", "x", s(&t.join("notext.csv"))], vec!["--text-column", "--delimiter"]),
        (vec!["analyze", s(&corpus)], vec!["--fallback-encoding"]),
        (vec!["kwic", "minister", s(&corpus)], vec!["--fallback-encoding"]),
        (vec!["lexicon", "check", "--corpus", s(&corpus)], vec!["--fallback-encoding"]),
        (vec!["analyze", s(&t.join("big.jsonl")), "--max-article-size", "1KB"], vec!["--max-article-size"]),
        (vec!["analyze", "corpus", "--out", s(&foreign)], vec!["--force"]),
        (vec!["claims", "corpus", "--out", s(&foreign)], vec!["--force"]),
        (vec!["analyze", "-"], vec!["--input-format"]),
    ];
    let option = |text: &str| -> Vec<String> {
        let mut found = Vec::new();
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(at) = text[i..].find("--") {
            let start = i + at + 2;
            let end = start + b[start..].iter().take_while(|c| c.is_ascii_lowercase() || **c == b'-').count();
            if end > start + 1 && (start < 3 || !b[start - 3].is_ascii_alphanumeric()) {
                found.push(format!("--{}", text[start..end].trim_end_matches('-')));
            }
            i = end.max(start);
        }
        found
    };
    for (args, expected) in cases {
        let r = framelens_in(&t.1, &args, None);
        let text = format!("{}{}", r.stderr, r.stdout);
        assert_ne!(r.code, 0, "{args:?} should fail or skip: {text}");
        let sub: Vec<&str> = if args[0] == "lexicon" { args[..2].to_vec() } else { args[..1].to_vec() };
        let help = framelens(&[&sub[..], &["--help"][..]].concat()).stdout;
        for opt in option(&text) {
            assert!(
                help.contains(&opt),
                "{args:?} suggests {opt}, which `framelens {}` does not have: {text}",
                sub.join(" ")
            );
        }
        for want in expected {
            assert!(text.contains(want), "{args:?}: expected advice {want}: {text}");
        }
    }
}
