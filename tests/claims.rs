//! End-to-end tests of the claim comparison: each runs the real binary as
//! `framelens claims <corpus> --out <temp dir> -q` and reads claims.csv,
//! coverage.csv, differences.csv and sources.csv by column name. The fixture
//! corpora are in tests/fixtures/claims/<case>/, each with an `EXPECTED.md`
//! that says in plain words what the reports should hold; the last tests run
//! on the bundled teaching corpus (corpus/, see corpus/README.md).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Row, TempDir, body, read_csv};

// ---------------------------------------------------------------- helpers

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(case: &str) -> PathBuf {
    root().join("tests/fixtures/claims").join(case)
}

fn bundled_corpus() -> PathBuf {
    root().join("corpus")
}

/// The claim reports of one run.
struct Reports {
    _dir: TempDir,
    out: PathBuf,
    claims: Vec<Row>,
    coverage: Vec<Row>,
    differences: Vec<Row>,
    sources: Vec<Row>,
}

impl Reports {
    fn bytes(&self, name: &str) -> Vec<u8> {
        let path = self.out.join(name);
        fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The claims.csv row of `outlet` whose text starts with `start` (exactly one).
    fn claim(&self, outlet: &str, start: &str) -> &Row {
        let found: Vec<&Row> =
            self.claims.iter().filter(|c| c.get("outlet") == outlet && c.get("text").starts_with(start)).collect();
        assert_eq!(found.len(), 1, "{outlet}: claims starting with {start:?}: {found:#?}");
        found[0]
    }

    /// The claims.csv rows of a cluster.
    fn members(&self, cluster: &str) -> Vec<&Row> {
        self.claims.iter().filter(|c| c.get("cluster") == cluster).collect()
    }

    /// The coverage status of every outlet for a cluster.
    fn coverage_of(&self, cluster: &str) -> BTreeMap<String, String> {
        self.coverage
            .iter()
            .filter(|r| r.get("cluster") == cluster)
            .map(|r| (r.get("outlet").to_string(), r.get("status").to_string()))
            .collect()
    }

    fn clusters(&self) -> BTreeSet<&str> {
        self.claims.iter().map(|c| c.get("cluster")).collect()
    }

    /// (outlet_a, outlet_b, kind, from, to) of every difference row.
    fn difference_tuples(&self) -> Vec<(String, String, String, String, String)> {
        let mut v: Vec<_> = self
            .differences
            .iter()
            .map(|d| {
                (
                    d.get("outlet_a").to_string(),
                    d.get("outlet_b").to_string(),
                    d.get("kind").to_string(),
                    d.get("from").to_string(),
                    d.get("to").to_string(),
                )
            })
            .collect();
        v.sort();
        v
    }
}

/// `framelens claims <inputs…> --out <temp dir> -q <extra…>`.
fn claims(name: &str, inputs: &[PathBuf], extra: &[&str]) -> Reports {
    run("claims", name, inputs, extra)
}

fn run(command: &str, name: &str, inputs: &[PathBuf], extra: &[&str]) -> Reports {
    let dir = TempDir::new(name);
    let out = dir.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .arg(command)
        .args(inputs)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .args(extra)
        .output()
        .expect("cannot run the framelens binary");
    assert_eq!(
        output.status.code(),
        Some(0),
        "framelens {command} {inputs:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Reports {
        claims: read_csv(&out.join("claims.csv")),
        coverage: read_csv(&out.join("coverage.csv")),
        differences: read_csv(&out.join("differences.csv")),
        sources: read_csv(&out.join("sources.csv")),
        out,
        _dir: dir,
    }
}

/// The article files of a corpus folder by article id (`<outlet>/<id>.txt`).
fn article_files(corpus: &Path) -> HashMap<String, PathBuf> {
    let mut files = HashMap::new();
    for outlet in fs::read_dir(corpus).unwrap() {
        let outlet = outlet.unwrap().path();
        if !outlet.is_dir() {
            continue;
        }
        for file in fs::read_dir(&outlet).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                assert!(files.insert(id.clone(), path).is_none(), "article id {id} twice in {}", corpus.display());
            }
        }
    }
    files
}

/// Every claims.csv row's `start..end` slices its article's body back to its `text`.
fn assert_offsets_slice_the_body(corpus: &Path, reports: &Reports) {
    let files = article_files(corpus);
    let mut bodies: HashMap<&str, String> = HashMap::new();
    assert!(!reports.claims.is_empty(), "no claims from {}", corpus.display());
    for c in &reports.claims {
        let id = c.get("article");
        let path = files.get(id).unwrap_or_else(|| panic!("article {id} is not in {}", corpus.display()));
        let body = bodies.entry(id).or_insert_with(|| body(path));
        let (s, e) = (c.idx("start"), c.idx("end"));
        assert_eq!(
            body.get(s..e),
            Some(c.get("text")),
            "{}: sentence {} at {s}..{e}",
            path.display(),
            c.get("sentence")
        );
    }
}

/// Each article's sentences are numbered 1, 2, 3 … in claims.csv, in order.
fn assert_sentences_numbered(reports: &Reports) {
    let mut by_article: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for c in &reports.claims {
        by_article.entry(c.get("article")).or_default().push(c.idx("sentence"));
    }
    for (article, mut numbers) in by_article {
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>(), "sentence numbers of {article}");
    }
}

// ---------------------------------------------------------------- reordered

#[test]
fn reordered_paragraphs_align_sentence_by_sentence() {
    let corpus = fixture("reordered");
    let r = claims("reordered", std::slice::from_ref(&corpus), &[]);
    assert_offsets_slice_the_body(&corpus, &r);
    assert_sentences_numbered(&r);
    let outlets = ["Bayside Courier", "Lakeshore Times", "Northgate Wire"];
    let starts = [
        "Dockworkers at the port of Valmora walked off the job",
        "The Valmora Port Workers Union said",
        "Harbour master Tomas Ekdahl told reporters",
        "The port handles about a third",
        "Transport Minister Clara Voss urged",
        "A previous stoppage in 2019",
    ];
    assert_eq!(r.claims.len(), 18);
    assert_eq!(r.clusters().len(), 6, "one cluster per sentence");
    let mut seen = BTreeSet::new();
    for start in starts {
        let cluster = r.claim("Northgate Wire", start).get("cluster");
        assert!(seen.insert(cluster), "{start:?} shares cluster {cluster} with another sentence");
        let members = r.members(cluster);
        let got: Vec<(&str, bool)> =
            members.iter().map(|m| (m.get("outlet"), m.get("text").starts_with(start))).collect();
        assert_eq!(got.len(), 3, "cluster of {start:?}: {got:?}");
        for outlet in outlets {
            assert!(got.contains(&(outlet, true)), "{outlet} is not in the cluster of {start:?}: {got:?}");
        }
        for m in &members {
            assert_eq!(m.get("split"), "false");
            assert_eq!(m.get("outlets_carrying"), "3");
            for col in ["speaker", "speaker_key", "cue", "stance", "form", "numbers"] {
                assert_eq!(m.get(col), members[0].get(col), "{col} of {start:?} differs between outlets");
            }
        }
    }
    // Each outlet's sentence numbers follow its own paragraph order.
    assert_eq!(r.claim("Bayside Courier", starts[4]).get("sentence"), "1");
    assert_eq!(r.claim("Lakeshore Times", starts[2]).get("sentence"), "1");
    assert_eq!(r.claim("Northgate Wire", starts[0]).get("sentence"), "1");

    assert_eq!(r.coverage.len(), 18);
    for c in &r.coverage {
        assert_ne!(c.get("status"), "absent", "{c:?}");
        assert_eq!((c.get("outlets_carrying"), c.get("outlets_total")), ("3", "3"), "{c:?}");
    }
    assert!(r.differences.is_empty(), "identical copies differ: {:#?}", r.differences);
}

// ---------------------------------------------------------------- split

#[test]
fn split_sentence_joins_the_cluster_of_the_whole() {
    let corpus = fixture("split");
    let r = claims("split", std::slice::from_ref(&corpus), &[]);
    assert_offsets_slice_the_body(&corpus, &r);
    assert_sentences_numbered(&r);
    let whole = r.claim("Northgate Wire", "Prime Minister Elena Sarris said");
    let cluster = whole.get("cluster");
    assert_eq!(r.claim("Bayside Courier", "Prime Minister Elena Sarris said").get("cluster"), cluster);
    let first = r.claim("Lakeshore Times", "Prime Minister Elena Sarris said");
    let second = r.claim("Lakeshore Times", "She added that");
    assert_eq!((first.get("cluster"), second.get("cluster")), (cluster, cluster), "both halves with the whole");
    assert_eq!((first.get("split"), second.get("split")), ("false", "true"));
    assert_eq!(second.get("speaker"), "Prime Minister Elena Sarris", "“She” resolves to the full mention");
    assert_eq!((second.get("cue"), second.get("form")), ("added", "indirect"));
    let splits: Vec<&str> = r.claims.iter().filter(|c| c.get("split") == "true").map(|c| c.get("text")).collect();
    assert_eq!(splits.len(), 1, "only the second half is split: {splits:?}");
    assert_eq!(r.clusters().len(), 4);
    assert!(r.claims.iter().all(|c| c.get("outlets_carrying") == "3"));

    for c in &r.coverage {
        assert_ne!(c.get("status"), "absent", "{c:?}");
    }
    assert_eq!(r.coverage_of(cluster).get("Lakeshore Times").map(String::as_str), Some("attributed"));

    for d in &r.differences {
        assert_eq!(d.get("cluster"), cluster, "a difference outside the split claim: {d:?}");
        assert_eq!(d.get("sentence_b"), "2; 3", "{d:?}");
    }
    let s = |a: &str| {
        (a.to_string(), "Lakeshore Times".to_string(), "substituted".into(), "adding".into(), "She added".into())
    };
    assert_eq!(r.difference_tuples(), [s("Bayside Courier"), s("Northgate Wire")]);
}

// ---------------------------------------------------------------- attribution

const ATTRIBUTION: &str = "Harbourview Post";

#[test]
fn attribution_speaker_cue_stance_and_form() {
    let corpus = fixture("attribution");
    let r = claims("attribution", std::slice::from_ref(&corpus), &[]);
    assert_offsets_slice_the_body(&corpus, &r);
    assert_sentences_numbered(&r);
    // (start of the sentence, speaker, speaker_key, cue, stance, form); the two
    // organisations' keys are left to attribution_two_organisations_get_two_speaker_keys.
    let want: &[(&str, &str, &str, &str, &str, &str)] = &[
        ("“We will not accept any deal", "Agriculture Minister Pieter Malan", "malan", "said", "neutral", "direct"),
        ("Trade Commissioner Ines Bauer said:", "Trade Commissioner Ines Bauer", "bauer", "said", "neutral", "direct"),
        ("“Talks will resume in Brussels", "Lotte Brandt", "brandt", "said", "neutral", "direct"),
        ("Milk prices have fallen", "the National Farmers’ Federation", "", "according to", "neutral", "indirect"),
        (
            "Opposition leader Marta Kovac told reporters that",
            "Opposition leader Marta Kovac",
            "kovac",
            "told",
            "neutral",
            "indirect",
        ),
        ("The talks had stalled", "Trade Commissioner Ines Bauer", "bauer", "said", "neutral", "indirect"),
        ("Kovac claimed that", "Opposition leader Marta Kovac", "kovac", "claimed", "distancing", "indirect"),
        ("Malan denied that", "Agriculture Minister Pieter Malan", "malan", "denied", "denial", "indirect"),
        (
            "The Dairy Processors’ Federation said",
            "The Dairy Processors’ Federation",
            "",
            "said",
            "neutral",
            "indirect",
        ),
        ("The negotiations began in 2021.", "", "", "", "", "asserted"),
    ];
    for &(start, speaker, key, cue, stance, form) in want {
        let c = r.claim(ATTRIBUTION, start);
        let got = (c.get("speaker"), c.get("cue"), c.get("stance"), c.get("form"));
        assert_eq!(got, (speaker, cue, stance, form), "{start:?}");
        if !key.is_empty() {
            assert_eq!(c.get("speaker_key"), key, "{start:?}");
        }
        if speaker.is_empty() {
            assert_eq!((c.get("speaker_key"), c.get("mention")), ("", ""), "{start:?}");
        } else {
            assert!(!c.get("speaker_key").is_empty(), "{start:?} has a speaker but no key");
        }
    }
    // Surnames are written as such in `mention`, resolved in `speaker`.
    assert_eq!(r.claim(ATTRIBUTION, "The talks had stalled").get("mention"), "Bauer");
    assert_eq!(r.claim(ATTRIBUTION, "Kovac claimed").get("mention"), "Kovac");
    assert_eq!(r.claim(ATTRIBUTION, "Kovac claimed").get("numbers"), "30000 jobs");

    let coverage: BTreeMap<&str, &str> = r.coverage.iter().map(|c| (c.get("sentence"), c.get("status"))).collect();
    for (sentence, status) in
        [("1", "quoted"), ("2", "quoted"), ("3", "quoted"), ("5", "attributed"), ("12", "asserted")]
    {
        assert_eq!(coverage.get(sentence).copied(), Some(status), "coverage of sentence {sentence}");
    }

    for (key, speaker, claims, quoted, attributed, cues) in [
        ("bauer", "Trade Commissioner Ines Bauer", "2", "1", "1", "said 2"),
        ("kovac", "Opposition leader Marta Kovac", "2", "0", "2", "claimed 1; told 1"),
        ("malan", "Agriculture Minister Pieter Malan", "2", "1", "1", "denied 1; said 1"),
        ("brandt", "Lotte Brandt", "1", "1", "0", "said 1"),
    ] {
        let s = source(&r, ATTRIBUTION, key);
        let got = (s.get("speaker"), s.get("claims"), s.get("quoted"), s.get("attributed"), s.get("cues"));
        assert_eq!(got, (speaker, claims, quoted, attributed, cues), "sources.csv row of {key}");
    }
}

fn source<'a>(r: &'a Reports, outlet: &str, key: &str) -> &'a Row {
    let found: Vec<&Row> =
        r.sources.iter().filter(|s| s.get("outlet") == outlet && s.get("speaker_key") == key).collect();
    assert_eq!(found.len(), 1, "sources.csv rows for {outlet} / {key}: {found:#?}");
    found[0]
}

#[test]
fn attribution_according_to_a_lowercase_institution() {
    let r = claims("attribution-according", &[fixture("attribution")], &[]);
    let c = r.claim(ATTRIBUTION, "Dairy exports to the bloc");
    let got = (c.get("speaker"), c.get("cue"), c.get("stance"), c.get("form"));
    assert_eq!(got, ("the national statistics office", "according to", "neutral", "indirect"));
}

#[test]
fn attribution_trailing_said_with_a_common_noun_subject() {
    let r = claims("attribution-commission", &[fixture("attribution")], &[]);
    let c = r.claim(ATTRIBUTION, "A revised offer is expected");
    let got = (c.get("speaker"), c.get("cue"), c.get("stance"), c.get("form"));
    assert_eq!(got, ("the commission", "said", "neutral", "indirect"));
}

#[test]
fn attribution_two_organisations_get_two_speaker_keys() {
    let r = claims("attribution-keys", &[fixture("attribution")], &[]);
    let farmers = r.claim(ATTRIBUTION, "Milk prices have fallen").get("speaker_key");
    let processors = r.claim(ATTRIBUTION, "The Dairy Processors’ Federation said").get("speaker_key");
    assert_ne!(farmers, processors, "two different organisations share a speaker key");
    let rows: Vec<&Row> = r.sources.iter().filter(|s| [farmers, processors].contains(&s.get("speaker_key"))).collect();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(rows.iter().all(|s| s.get("claims") == "1"), "{rows:#?}");
}

#[test]
fn attribution_pronoun_one_is_not_a_number() {
    let r = claims("attribution-one", &[fixture("attribution")], &[]);
    assert_eq!(r.claim(ATTRIBUTION, "Trade Commissioner Ines Bauer said:").get("numbers"), "");
}

// ---------------------------------------------------------------- pronouns

#[test]
fn pronouns_surnames_and_roles_resolve_to_the_full_mention() {
    let corpus = fixture("pronouns");
    let r = claims("pronouns", std::slice::from_ref(&corpus), &[]);
    assert_offsets_slice_the_body(&corpus, &r);
    assert_sentences_numbered(&r);
    let outlet = "Eastbridge Herald";
    let ruiz = "Foreign Minister Anna Ruiz";
    let by_sentence: BTreeMap<usize, &Row> = r.claims.iter().map(|c| (c.idx("sentence"), c)).collect();
    assert_eq!(by_sentence.len(), 7);
    // (sentence, mention, cue, form) of every Ruiz claim.
    for (n, mention, cue, form) in [
        (1, ruiz, "said", "indirect"),
        (2, "she", "said", "direct"),
        (4, "Ruiz", "added", "indirect"),
        (5, "she", "said", "direct"),
        (6, "the minister", "noted", "indirect"),
    ] {
        let c = by_sentence[&n];
        let got = (c.get("speaker"), c.get("speaker_key"), c.get("mention"), c.get("cue"), c.get("form"));
        assert_eq!(got, (ruiz, "ruiz", mention, cue, form), "sentence {n}: {}", c.get("text"));
    }
    let ortega = by_sentence[&3];
    let got = (ortega.get("speaker"), ortega.get("speaker_key"), ortega.get("cue"), ortega.get("stance"));
    assert_eq!(got, ("Opposition lawmaker Pablo Ortega", "ortega", "criticised", "emphasis"));
    let last = by_sentence[&7];
    assert_eq!((last.get("speaker"), last.get("form")), ("", "asserted"));

    let keys: BTreeSet<&str> = r.sources.iter().map(|s| s.get("speaker_key")).collect();
    assert_eq!(keys, BTreeSet::from(["(narrator)", "ortega", "ruiz"]), "no row keyed by a pronoun or a role");
    let s = source(&r, outlet, "ruiz");
    let got = (s.get("speaker"), s.get("claims"), s.get("quoted"), s.get("attributed"), s.get("cues"));
    assert_eq!(got, (ruiz, "5", "2", "3", "said 3; added 1; noted 1"));
    assert_eq!(s.get("stances"), "neutral 5");
    assert_eq!(source(&r, outlet, "ortega").get("claims"), "1");
    assert_eq!(source(&r, outlet, "(narrator)").get("claims"), "1");
}

// ---------------------------------------------------------------- unrelated

#[test]
fn unrelated_article_forms_clusters_of_its_own() {
    let corpus = fixture("unrelated");
    let r = claims("unrelated", std::slice::from_ref(&corpus), &[]);
    assert_offsets_slice_the_body(&corpus, &r);
    assert_sentences_numbered(&r);
    let odd = "Pinecrest Gazette";
    let bridge = ["Bayside Courier", "Lakeshore Times", "Northgate Wire"];
    let odd_clusters: BTreeSet<&str> =
        r.claims.iter().filter(|c| c.get("outlet") == odd).map(|c| c.get("cluster")).collect();
    assert_eq!(odd_clusters.len(), 4, "one cluster per sentence of the orchestra article");
    assert_eq!(r.clusters().len(), 8);
    for c in &r.claims {
        let alone = odd_clusters.contains(c.get("cluster"));
        if c.get("outlet") == odd {
            assert_eq!(r.members(c.get("cluster")).len(), 1, "{c:?}");
            assert_eq!(c.get("outlets_carrying"), "1", "{c:?}");
        } else {
            assert!(!alone, "a bridge sentence is in an orchestra cluster: {c:?}");
            assert_eq!(c.get("outlets_carrying"), "3", "{c:?}");
        }
    }
    assert_eq!(r.coverage.len(), 8 * 4);
    for c in &r.coverage {
        assert_eq!(c.get("outlets_total"), "4", "{c:?}");
        let orchestra = odd_clusters.contains(c.get("cluster"));
        let carried = if orchestra { c.get("outlet") == odd } else { bridge.contains(&c.get("outlet")) };
        assert_eq!(c.get("status") != "absent", carried, "{c:?}");
    }
    assert!(r.differences.is_empty(), "{:#?}", r.differences);
}

// ---------------------------------------------------------------- edits

#[test]
fn edits_of_a_wire_copy_show_as_differences() {
    let corpus = fixture("edits");
    let r = claims("edits", std::slice::from_ref(&corpus), &[]);
    assert_offsets_slice_the_body(&corpus, &r);
    assert_sentences_numbered(&r);
    let (wire, edited) = ("Northgate Wire", "Bayside Courier");
    let cluster = |start: &str| r.claim(wire, start).get("cluster").to_string();
    let verb = cluster("Energy Minister Karl Lindqvist noted");
    let fire = cluster("The refinery was closed");
    let workers = cluster("The company employs");
    let dropped = cluster("Emergency crews sealed");
    let leak = cluster("The leak posed no risk");

    // Every other wire sentence has its edited copy in its cluster.
    for (start, copy) in [
        ("Energy Minister Karl Lindqvist noted", "Energy Minister Karl Lindqvist claimed"),
        ("The refinery was closed", "The refinery was closed"),
        ("The company employs", "The company employs"),
        ("The leak posed no risk", "The leak posed no risk"),
        ("A gas leak forced", "A gas leak forced"),
        ("Shares in the operator", "Shares in the operator"),
    ] {
        assert_eq!(r.claim(edited, copy).get("cluster"), cluster(start), "{copy:?}");
    }
    assert_eq!(r.clusters().len(), 7);

    let absent: Vec<(&str, &str)> = r
        .coverage
        .iter()
        .filter(|c| c.get("status") == "absent")
        .map(|c| (c.get("cluster"), c.get("outlet")))
        .collect();
    assert_eq!(absent, [(dropped.as_str(), edited)], "only the dropped sentence is absent");
    assert_eq!(r.claim(wire, "Emergency crews sealed").get("outlets_carrying"), "1");
    let leak_cov = r.coverage_of(&leak);
    assert_eq!((leak_cov[wire].as_str(), leak_cov[edited].as_str()), ("asserted", "attributed"));

    let mut got: Vec<(String, String, String, String)> = r
        .differences
        .iter()
        .map(|d| {
            assert_eq!((d.get("outlet_a"), d.get("outlet_b")), (wire, edited), "the earlier copy comes first: {d:?}");
            (
                d.get("cluster").to_string(),
                d.get("kind").to_string(),
                d.get("from").to_string(),
                d.get("to").to_string(),
            )
        })
        .collect();
    got.sort();
    let t = |cl: &str, kind: &str, from: &str, to: &str| {
        (cl.to_string(), kind.to_string(), from.to_string(), to.to_string())
    };
    let mut want = vec![
        t(&verb, "substituted", "noted", "claimed"),
        t(&verb, "stance", "noted (neutral)", "claimed (distancing)"),
        t(&fire, "inserted", "", "that investigators blamed on poor maintenance"),
        t(&workers, "substituted", "2,000", "3,000"),
        t(&workers, "number", "2000 workers", "3000 workers"),
        t(&leak, "inserted", "", "a spokeswoman for Nordvik Energy said"),
        t(&leak, "form", "asserted", "indirect"),
    ];
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn analyze_writes_the_same_claim_reports_as_claims() {
    let corpus = fixture("edits");
    let a = claims("edits-claims", std::slice::from_ref(&corpus), &[]);
    let b = run("analyze", "edits-analyze", std::slice::from_ref(&corpus), &[]);
    for name in ["claims.csv", "coverage.csv", "differences.csv", "sources.csv"] {
        assert!(a.bytes(name) == b.bytes(name), "{name} differs between `claims` and `analyze`");
    }
}

// ---------------------------------------------------------------- bundled corpus

const PAL: &str = "24Pal News";
const MERIDIAN: &str = "Meridian Wire";
const HARBOR: &str = "Harbor Daily";

#[test]
fn corpus_inserted_clause_is_24pal_news_own() {
    let r = claims("corpus-inserted", &[bundled_corpus()], &[]);
    let clause = "due to the occupation of the latter’s lands by Armenia";
    let rows: Vec<&Row> =
        r.differences.iter().filter(|d| d.get("from").contains(clause) || d.get("to").contains(clause)).collect();
    assert!(!rows.is_empty(), "the inserted clause is not in differences.csv");
    for d in &rows {
        let got = (d.get("kind"), d.get("outlet_b"), d.get("from"), d.get("to"));
        assert_eq!(got, ("inserted", PAL, "", clause), "{d:?}");
        assert_ne!(d.get("outlet_a"), PAL);
    }
    assert!(rows.iter().any(|d| d.get("outlet_a") == MERIDIAN), "no Meridian Wire → 24Pal News row: {rows:#?}");
    let p2 = r.claim(PAL, "Pashinyan’s statement came after the leader");
    assert_eq!(p2.get("paragraph"), "2");
    assert!(rows.iter().all(|d| d.get("cluster") == p2.get("cluster") && d.get("sentence_b") == p2.get("sentence")));
}

#[test]
fn corpus_changed_reporting_verbs_are_stance_differences() {
    let r = claims("corpus-stance", &[bundled_corpus()], &[]);
    let stance: Vec<&Row> = r
        .differences
        .iter()
        .filter(|d| d.get("kind") == "stance" && d.get("outlet_a") == MERIDIAN && d.get("outlet_b") == HARBOR)
        .collect();
    let text_of = |outlet: &str, article: &str, sentence: &str| {
        let c = r
            .claims
            .iter()
            .find(|c| c.get("outlet") == outlet && c.get("article") == article && c.get("sentence") == sentence);
        c.unwrap_or_else(|| panic!("no claim {outlet} {article} {sentence}")).get("text").to_string()
    };
    for (from, to, harbor_text) in [
        ("noted (neutral)", "claimed (distancing)", "Pashinyan claimed that Armenia had turned to the CSTO"),
        (
            "said (neutral)",
            "insisted (distancing)",
            "“The sovereignty of Armenia is an absolute value,” the Prime Minister insisted.",
        ),
    ] {
        let found: Vec<&&Row> = stance.iter().filter(|d| d.get("from") == from && d.get("to") == to).collect();
        assert_eq!(found.len(), 1, "{from} → {to} in {stance:#?}");
        let d = found[0];
        assert!(text_of(HARBOR, d.get("article_b"), d.get("sentence_b")).starts_with(harbor_text), "{d:?}");
        let sub = r.differences.iter().any(|s| {
            s.get("cluster") == d.get("cluster")
                && s.get("kind") == "substituted"
                && s.get("outlet_a") == MERIDIAN
                && s.get("outlet_b") == HARBOR
                && s.get("from") == from.split(' ').next().unwrap()
                && s.get("to") == to.split(' ').next().unwrap()
        });
        assert!(sub, "no substituted row beside the stance row {d:?}");
    }
}

#[test]
fn corpus_paragraphs_24pal_news_omits_are_absent() {
    let r = claims("corpus-absent", &[bundled_corpus()], &[]);
    let omitted: Vec<&Row> = r
        .claims
        .iter()
        .filter(|c| c.get("outlet") == MERIDIAN && ["9", "11", "19"].contains(&c.get("paragraph")))
        .collect();
    assert!(omitted.iter().any(|c| c.get("text") == "The corridor is the only road linking Karabakh with Armenia."));
    assert!(omitted.len() >= 4, "{omitted:#?}");
    for c in omitted {
        let coverage = r.coverage_of(c.get("cluster"));
        assert_eq!(coverage.get(PAL).map(String::as_str), Some("absent"), "{}", c.get("text"));
        assert_eq!(coverage.get(MERIDIAN).map(String::as_str), Some(status(c.get("form"))));
        if c.get("paragraph") == "19" {
            // Harbor Daily dropped M19 too (README, edit b).
            assert_eq!(coverage.get(HARBOR).map(String::as_str), Some("absent"), "{}", c.get("text"));
        }
    }
}

/// The coverage status of a claim in this form.
fn status(form: &str) -> &'static str {
    match form {
        "asserted" => "asserted",
        "indirect" => "attributed",
        "direct" => "quoted",
        other => panic!("unknown form {other:?}"),
    }
}

#[test]
fn corpus_24pal_news_background_is_its_own_assertion() {
    let r = claims("corpus-background", &[bundled_corpus()], &[]);
    for phrase in ["illegally occupied", "liberated", "attacked civilians"] {
        let found: Vec<&Row> =
            r.claims.iter().filter(|c| c.get("outlet") == PAL && c.get("text").contains(phrase)).collect();
        assert!(!found.is_empty(), "no 24Pal News sentence with {phrase:?}");
        for c in found {
            assert_eq!((c.get("outlets_carrying"), c.get("form")), ("1", "asserted"), "{}", c.get("text"));
            for (outlet, status) in r.coverage_of(c.get("cluster")) {
                assert_eq!(status != "absent", outlet == PAL, "{outlet} {status}: {}", c.get("text"));
            }
        }
    }
}

#[test]
fn corpus_claim_offsets_slice_the_article_bodies() {
    let corpus = bundled_corpus();
    let r = claims("corpus-offsets", std::slice::from_ref(&corpus), &[]);
    assert_offsets_slice_the_body(&corpus, &r);
    assert_sentences_numbered(&r);
    let outlets: BTreeSet<&str> = r.claims.iter().map(|c| c.get("outlet")).collect();
    assert_eq!(outlets.len(), 5, "{outlets:?}");
}

#[test]
fn reports_do_not_depend_on_the_number_of_threads() {
    // The bundled corpus alone (one event), then every fixture beside it (seven
    // events, aligned in parallel).
    let mut many = vec![bundled_corpus()];
    many.extend(["reordered", "split", "attribution", "pronouns", "unrelated", "edits"].map(fixture));
    for (name, inputs) in [("corpus", vec![bundled_corpus()]), ("all", many)] {
        let one = claims(&format!("{name}-j1"), &inputs, &["-j", "1"]);
        let three = claims(&format!("{name}-j3"), &inputs, &["-j", "3"]);
        for file in ["claims.csv", "coverage.csv", "differences.csv", "sources.csv"] {
            assert!(one.bytes(file) == three.bytes(file), "{name}: {file} differs between -j 1 and -j 3");
        }
        if name == "all" {
            let events: BTreeSet<&str> = one.claims.iter().map(|c| c.get("event")).collect();
            assert_eq!(events.len(), 7, "{events:?}");
        }
    }
}
