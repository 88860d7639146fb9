//! `report.html` end to end, through the library as the command line and the
//! browser version call it: what a class sees on the bundled corpus's page,
//! and that hostile article text never becomes markup (see
//! tests/fixtures/page/EXPECTED.md).

use std::path::{Path, PathBuf};

use framelens::jobs::analyze::{Options, PageLimits, Text, run_into, run_texts};
use framelens::jobs::pipeline::Workers;
use framelens::lexicon::{Lexicon, LoadOptions};
use framelens::report::MemOutput;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the analysis of `corpus` in memory and returns every file written.
fn run(corpus: &Path, lexicon: &Lexicon, limits: PageLimits) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut options = Options::new(vec![corpus.to_path_buf()], PathBuf::from("unused"));
    options.page_limits = limits;
    options.manifest = false;
    let mut out = MemOutput::default();
    run_into(&options, lexicon, &Workers::new(Some(2)).unwrap(), &mut out).unwrap();
    out.files()
}

fn page(files: &std::collections::BTreeMap<String, Vec<u8>>) -> String {
    String::from_utf8(files.get("report.html").expect("report.html was not written").clone()).unwrap()
}

/// The text of the section with this id, from its opening tag to the next `<section id=`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<section id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    let end = rest[1..].find("<section id=").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// The article with this outlet, from `<article` to `</article>`.
fn article<'a>(html: &'a str, outlet: &str) -> &'a str {
    html.split("<article class=\"art\"")
        .skip(1)
        .find(|a| a.contains(&format!("<p class=\"art-outlet\">{outlet}</p>")))
        .and_then(|a| a.split("</article>").next())
        .unwrap_or_else(|| panic!("no article of {outlet}"))
}

/// The marks of an article's text: (voice class, side class, text, tip).
fn marks(article: &str) -> Vec<(String, String, String, String)> {
    article
        .split("<mark class=\"hit ")
        .skip(1)
        .filter(|m| m.contains("tabindex=\"0\""))
        .map(|m| {
            let classes: Vec<&str> = m.split('"').next().unwrap_or("").split(' ').collect();
            let tip = m.split("data-tip=\"").nth(1).and_then(|t| t.split('"').next()).unwrap_or("");
            let text = m.split('>').nth(1).and_then(|t| t.split('<').next()).unwrap_or("");
            (classes[0].to_string(), classes[1].to_string(), text.to_string(), tip.to_string())
        })
        .collect()
}

#[test]
fn the_bundled_corpus_page_shows_what_a_class_should_see() {
    let files = run(&root().join("corpus"), &Lexicon::builtin(), PageLimits::default());
    let html = page(&files);
    // The lean chart names every outlet with its narrator lean, as outlets.csv has it.
    let lean = section(&html, "lean");
    for (outlet, value) in [
        ("24Pal News", "\u{2212}2.48 towards azerbaijan"),
        ("Ararat Observer", "+2.64 towards armenia"),
        ("Meridian Wire", "0.00 no lean"),
        ("Volga Herald", "+2.48 towards russia"),
    ] {
        assert!(
            lean.contains(&format!("<span class=\"oname\">{outlet}</span>")),
            "{outlet} missing from the lean chart"
        );
        assert!(lean.contains(value), "{outlet}: {value} missing");
    }
    // The naming measure beside the lean: Artsakh, Stepanakert … for the Ararat Observer.
    assert!(lean.contains("<td class=\"c-name\""), "no naming column");
    assert!(lean.contains("Ararat Observer, naming on armenia-azerbaijan: +1.95 towards armenia"), "Ararat's naming");
    // An outlet off an axis's topic has an empty lean that says why.
    assert!(lean.contains("Ararat Observer, lean of its own words on russia-west: no value; off topic"), "empty lean");
    // Every outlet has one article: the page says what that means.
    assert!(html.contains("Every outlet here has fewer than 5 articles"), "small-sample notice");
    // 24Pal News: its own voice takes a side, with a neutral alternative in each mark's tip.
    let pal = marks(article(&html, "24Pal News"));
    for narrator in [
        "occupation of the latter\u{2019}s lands",
        "illegally occupied",
        "Armenian army attacked civilians",
        "liberated",
    ] {
        let m = pal.iter().find(|m| m.2 == narrator).unwrap_or_else(|| panic!("{narrator} is not marked: {pal:?}"));
        assert_eq!((m.0.as_str(), m.1.as_str()), ("v-n", "s1"), "{narrator}: narrator voice, azerbaijan side");
        assert!(m.3.contains("Neutral alternative: "), "{narrator} has no neutral alternative in its tip");
    }
    // The Ararat Observer quotes Lilit ("Artsakh", a quote) and holds Baku's name at a distance (a scare quote).
    let ararat = marks(article(&html, "Ararat Observer"));
    assert!(ararat.iter().any(|m| m.0 == "v-q" && m.2 == "Artsakh"), "{ararat:?}");
    assert!(ararat.iter().any(|m| m.0 == "v-s" && m.2 == "Zangezur corridor"), "{ararat:?}");
    // Volga Herald keeps "illegal mining" at a distance (what others call it).
    let volga = marks(article(&html, "Volga Herald"));
    assert!(volga.iter().any(|m| m.0 == "v-d" && m.2 == "illegal mining"), "{volga:?}");
    // The claims: a grid with every outlet, and the inserted clause as a difference.
    let claims = section(&html, "claims");
    assert!(claims.contains("<table class=\"grid\">"));
    for outlet in ["24Pal News", "Ararat Observer", "Harbor Daily", "Meridian Wire", "Volga Herald"] {
        assert!(claims.contains(&format!("<th scope=\"col\">{outlet}</th>")), "{outlet} has no grid column");
    }
    let added = claims.split("<section class=\"dkind kd-ins\"").nth(1).expect("no Added differences");
    assert!(added.contains(
        "Meridian Wire <span aria-hidden=\"true\">\u{2192}</span><span class=\"sr\"> to </span> 24Pal News</span> \
         <span class=\"chg\">adds <q class=\"to\">due to the occupation of the latter\u{2019}s lands by Armenia</q>"
    ));
    assert!(added.contains("<ins><span class=\"sr\">[only in the second: </span>due to the occupation"), "inline diff");
    let stance = claims.split("<section class=\"dkind kd-sta\"").nth(1).expect("no stance differences");
    assert!(stance.contains("Harbor Daily"), "Harbor Daily's noted → claimed");
    let numbers = claims.split("<section class=\"dkind kd-num\"").nth(1).expect("no number differences");
    assert!(numbers.contains("3000 peacekeepers"), "2,000 → 3,000 peacekeepers");
    // Sources and distinctive words, and the run stamp.
    assert!(section(&html, "sources").contains("Dmitry Peskov"));
    assert!(section(&html, "keyness").contains("<span class=\"term\">"));
    assert!(html.contains("builtin:south-caucasus.csv"));
    assert!(html.contains("<dt>Articles read</dt><dd><code title=\""));
    // The workbook is written beside it.
    assert_eq!(&files["framelens.xlsx"][..2], b"PK");
}

#[test]
fn a_large_corpus_gives_a_bounded_page_that_says_what_it_left_out() {
    let limits = PageLimits {
        articles_per_outlet: 1,
        articles: 3,
        outlets: 2,
        claims: 5,
        differences: 2,
        ..PageLimits::default()
    };
    let html = page(&run(&root().join("corpus"), &Lexicon::builtin(), limits));
    assert_eq!(html.matches("<article class=\"art\"").count(), 3, "at most 3 articles");
    assert!(html.contains("This page shows 3 of 5 articles in full"), "articles notice");
    assert!(html.contains("the first 2 of 5 outlets"), "outlets notice");
    assert!(html.contains("Each story shows its first 5 claims and up to 2 differences"), "claims notice");
    // Neither of the two outlets shown uses a word of the russia-west axis: one axis, two outlets.
    assert_eq!(section(&html, "lean").matches("<span class=\"oname\">").count(), 2);
    assert!(!section(&html, "lean").contains("<span class=\"t1\">west</span>"));
    assert_eq!(section(&html, "claims").matches("<tr id=\"ev-0-c").count(), 5);
    // The articles shown are the first in report order (24Pal News, Ararat Observer, Harbor Daily).
    let first = html.find("<p class=\"art-outlet\">24Pal News</p>").unwrap();
    let third = html.find("<p class=\"art-outlet\">Harbor Daily</p>").unwrap();
    assert!(first < third);
    assert!(!html.contains("<p class=\"art-outlet\">Volga Herald</p>"));
    // Distinctive words only for the outlets the page shows.
    let keyness = section(&html, "keyness");
    assert!(keyness.contains("<th scope=\"row\">Ararat Observer</th>"));
    assert!(!keyness.contains("Volga Herald"), "an outlet left out of the tables has no key terms");
}

const PAYLOADS: &[&str] = &[
    "<script>alert(",
    "<img src=x onerror=",
    "<svg onload=",
    "</style><b>",
    "</textarea><script>",
    "href=\"javascript:",
];

#[test]
fn hostile_text_never_becomes_markup() {
    let fixture = root().join("tests/fixtures/page");
    let lexicon = Lexicon::load(&fixture.join("lexicon.csv"), &LoadOptions::default());
    assert!(
        lexicon.diagnostics.iter().all(|d| d.severity != framelens::error::Severity::Error),
        "{:?}",
        lexicon.diagnostics
    );
    let html = page(&run(&fixture.join("hostile"), &lexicon, PageLimits::default()));
    let lower = html.to_lowercase();
    for p in PAYLOADS {
        assert!(!lower.contains(p), "unescaped payload {p:?} in the page");
    }
    assert_eq!(lower.matches("<script").count(), 1, "only the page's own script");
    assert_eq!(lower.matches("</script").count(), 1);
    assert_eq!(lower.matches("<style").count(), 1, "only the page's own style sheet");
    assert_eq!(lower.matches("</style").count(), 1);
    for tag in ["<img", "<b>bold", "<textarea"] {
        assert!(!lower.contains(tag), "{tag} in the page");
    }
    for (i, _) in html.match_indices("href=\"") {
        let target = &html[i + 6..];
        assert!(
            target.starts_with('#') || target.starts_with("https://") || target.starts_with("http://"),
            "a link to {}",
            &target[..target.len().min(30)]
        );
    }
    assert!(html.contains("href=\"https://example.org/wire?id=1\""), "the wire's https URL is a link");
    // Every field is still shown, escaped: the test cannot pass by dropping it.
    for shown in [
        "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; drills &lt;/style&gt;&lt;b&gt;bold&lt;/b&gt;",
        "&quot;&gt;&lt;img src=x onerror=alert(&#39;outlet&#39;)&gt;",
        "javascript:alert(&#39;url&#39;)",
        "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt; of &lt;/style&gt; common sense",
        "&lt;img src=x onerror=alert(&#39;body&#39;)&gt; javascript:alert(&#39;body&#39;)",
        "Onerror=alert",
        "&lt;script&gt;alert(&#39;category&#39;)&lt;/script&gt;",
        "&lt;/style&gt;&lt;script&gt;alert(&#39;neutral&#39;)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(&#39;note&#39;)&gt; javascript:alert(&#39;note&#39;)",
        "&lt;/textarea&gt;&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;",
    ] {
        assert!(html.contains(shown), "{shown:?} is not on the page");
    }
    assert!(section(&html, "sources").contains("Onerror=alert"), "the speaker is in the sources table");
}

/// The browser version pastes articles as text: the bundled corpus pasted
/// file by file gives the same findings as the folder.
#[test]
fn pasted_articles_give_the_same_reports_as_the_folder() {
    let corpus = root().join("corpus");
    let from_folder = run(&corpus, &Lexicon::builtin(), PageLimits::default());
    let mut texts = Vec::new();
    for outlet in std::fs::read_dir(&corpus).unwrap() {
        let outlet = outlet.unwrap().path();
        if !outlet.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&outlet).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            texts.push(Text { outlet: String::new(), name, text: std::fs::read_to_string(&file).unwrap() });
        }
    }
    assert_eq!(texts.len(), 5);
    texts.reverse();
    let mut options = Options::new(Vec::new(), PathBuf::from("unused"));
    options.manifest = false;
    options.workbook = false;
    let mut out = MemOutput::default();
    let summary = run_texts(&options, &Lexicon::builtin(), "pasted", texts, &mut out).unwrap();
    assert_eq!((summary.articles, summary.outlets, summary.events, summary.files), (5, 5, 1, 5));
    let pasted = out.files();
    for name in ["hits.csv", "outlets.csv", "coverage.csv", "differences.csv", "sources.csv", "keyness.csv"] {
        assert!(pasted[name] == from_folder[name], "{name} differs between pasted and folder");
    }
    assert!(!pasted.contains_key("framelens.xlsx") && !pasted.contains_key("run.json"));
    // The page differs only where the files' names and digests are shown.
    let (a, b) = (page(&pasted), page(&from_folder));
    assert_eq!(section(&a, "lean"), section(&b, "lean"));
    assert_eq!(section(&a, "claims"), section(&b, "claims"));
}

/// Pasted text without front matter takes the outlet typed beside it; one
/// without text is reported and the rest goes on.
#[test]
fn pasted_text_without_front_matter() {
    let texts = vec![
        Text {
            outlet: "Class Paper".into(),
            name: String::new(),
            text: "The regime said the occupation goes on.".into(),
        },
        Text { outlet: "Other Paper".into(), name: "empty.txt".into(), text: "  \n".into() },
    ];
    let mut options = Options::new(Vec::new(), PathBuf::from("unused"));
    options.manifest = false;
    let mut out = MemOutput::default();
    let summary = run_texts(&options, &Lexicon::builtin(), "our story", texts, &mut out).unwrap();
    assert_eq!((summary.articles, summary.skipped), (1, 1));
    assert!(summary.diagnostics.iter().any(|d| d.message.contains("empty article")), "{:?}", summary.diagnostics);
    let html = page(&out.files());
    assert!(html.contains("<p class=\"art-outlet\">Class Paper</p>"));
    assert!(html.contains("story: our story"));
    assert!(html.contains("1 article could not be read and is left out"));
}
