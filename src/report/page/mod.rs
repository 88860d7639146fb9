//! The report page: one self-contained HTML file a class can look at. This
//! module holds the page's plain data model and [`render`], which turns it
//! into HTML; the `analyze` job fills the model from a run
//! (`jobs::analyze::reports::html`) and the browser version renders the same.
//!
//! [`render`] turns the plain data model below into ONE self-contained HTML file: the style
//! sheet (`style.css`) and a small script (`script.js`) are embedded with `include_str!`, the
//! charts are inline SVG, fonts are the system's, and a Content-Security-Policy in the page
//! forbids every network load (the script is allowed by its SHA-256 hash only).
//!
//! Every `String` in the model is untrusted. All of them go through [`escape_html`] (or the
//! equivalent [`Esc`] display wrapper) before they reach the output, in text and in
//! double-quoted attributes alike; a URL becomes a link only when it is a plain `http` or
//! `https` URL, anything else is shown as text. Ids and class names are built from indices
//! and fixed words, never from model strings.
//!
//! The renderer sorts nothing: outlets, articles, claims, differences, sources and key terms
//! appear in the order given. It never prints and never panics on bad data: hit offsets are
//! clamped to the body and widened to character boundaries, overlapping hits are listed but
//! not highlighted twice, non-finite numbers are treated as empty measures, and vectors that
//! are shorter than the axes/categories/outlets they go with are padded with "not measured".
//!
//! Only `std` and `sha2` (for the script's hash) are used.

use std::fmt::{self, Display, Write as _};

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

// ───────────────────────────── model ─────────────────────────────

/// A whole report page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// e.g. "framelens report: 5 articles from 5 outlets".
    pub title: String,
    /// Version, digests and counts of the run, shown at the bottom.
    pub stamp: RunStamp,
    /// Plain-language notices shown near the top (off-topic corpus, small samples, skipped files).
    pub notices: Vec<String>,
    /// Axes of the lexicon, e.g. armenia-azerbaijan with poles ["armenia", "azerbaijan"].
    pub axes: Vec<Axis>,
    /// Loaded-language categories in column order (label, loaded, euphemism, ...).
    pub categories: Vec<String>,
    /// One per outlet, in the order they are shown.
    pub outlets: Vec<OutletView>,
    /// The articles, in the order they are shown.
    pub articles: Vec<ArticleView>,
    /// One per event (story); an event groups articles on one story.
    pub events: Vec<EventClaims>,
    /// Who is quoted or cited, per event and outlet.
    pub sources: Vec<SourceView>,
    /// The most distinctive terms per event and outlet.
    pub keyness: Vec<KeyTermView>,
}

/// What produced the page: shown in the footer.
#[derive(Debug, Clone, Default)]
pub struct RunStamp {
    /// framelens version, e.g. "0.4.0".
    pub version: String,
    /// (lexicon file name, sha256 hex)
    pub lexicons: Vec<(String, String)>,
    /// sha256 hex over the corpus files
    pub corpus_digest: String,
    /// Number of articles read.
    pub articles: usize,
    /// Number of outlets.
    pub outlets: usize,
    /// Number of events (stories).
    pub events: usize,
    /// Number of words read.
    pub words: u64,
}

/// One axis of the lexicon.
#[derive(Debug, Clone, Default)]
pub struct Axis {
    /// e.g. "armenia-azerbaijan".
    pub name: String,
    /// The two sides; a positive lean points to `poles[0]`.
    pub poles: [String; 2],
}

/// A value with an optional 95% interval. `value: None` means "empty" (e.g. lean out of scope),
/// with the reason in `note`.
#[derive(Debug, Clone, Default)]
pub struct Measure {
    /// The estimate; `None` (or a non-finite number) means "empty".
    pub value: Option<f64>,
    /// Lower end of the 95% interval, when there is one.
    pub low: Option<f64>,
    /// Upper end of the 95% interval, when there is one.
    pub high: Option<f64>,
    /// Why the measure is empty, or a remark about it.
    pub note: Option<String>,
}

/// One outlet's numbers.
#[derive(Debug, Clone, Default)]
pub struct OutletView {
    /// The outlet's name.
    pub name: String,
    /// Number of its articles.
    pub articles: u64,
    /// Number of words in its articles.
    pub words: u64,
    /// Per axis (same order as Page::axes): the narrator's loaded-language lean,
    /// `ln(a+0.5) - ln(b+0.5)`; positive = towards `poles[0]`.
    pub lean: Vec<Measure>,
    /// Per axis: the naming measure (place names and other names that depart from wire usage), same scale.
    pub naming: Vec<Measure>,
    /// Per category (same order as Page::categories): narrator hits per 1,000 words with interval.
    pub rates: Vec<Measure>,
    /// Plain-words warning when the sample is small, e.g. "only 1 article: no interval".
    pub small_sample: Option<String>,
}

/// Whose words a hit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// The outlet's own words.
    Narrator,
    /// Inside a quotation of someone else.
    Quote,
    /// The outlet puts the term in quotation marks to keep its distance.
    ScareQuote,
    /// The outlet keeps its distance in another way (e.g. "so-called").
    Distanced,
}

/// One loaded term found in an article.
#[derive(Debug, Clone)]
pub struct HitView {
    /// Byte offsets into ArticleView::body (always on char boundaries; hits never overlap).
    /// The renderer does not rely on this: bad offsets are clamped or skipped.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The lexicon entry.
    pub term: String,
    /// Its category (one of Page::categories, or another such as "naming").
    pub category: String,
    /// (axis index into Page::axes, pole index 0/1) when the entry takes a side.
    pub side: Option<(usize, usize)>,
    /// Whose words these are.
    pub voice: Voice,
    /// The term is negated ("not an occupation").
    pub negated: bool,
    /// A neutral alternative to the term.
    pub neutral: String,
    /// The lexicon's note on the term.
    pub note: String,
}

/// One article with its hits.
#[derive(Debug, Clone, Default)]
pub struct ArticleView {
    /// Outlet name.
    pub outlet: String,
    /// Article id (file name or similar).
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication date as given.
    pub date: String,
    /// Where it was published; linked only when http/https.
    pub url: String,
    /// The event (story) it belongs to.
    pub event: String,
    /// The article text; paragraphs separated by "\n\n" (or single "\n" lines).
    pub body: String,
    /// The loaded terms found in `body`.
    pub hits: Vec<HitView>,
}

/// How an outlet carries a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Stated in the outlet's own voice.
    Asserted,
    /// Reported as someone's claim without quotation marks.
    Attributed,
    /// Carried in a quotation.
    Quoted,
    /// Not in the outlet's articles.
    Absent,
}

/// One claim (a cluster of matching sentences) across the outlets of an event.
#[derive(Debug, Clone)]
pub struct ClusterView {
    /// 1-based cluster number as in claims.csv.
    pub id: usize,
    /// The claim's text (reference version), may be long.
    pub text: String,
    /// Per outlet (same order as EventClaims::outlets).
    pub cells: Vec<Status>,
}

/// What kind of difference a [`DiffView`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// b adds something a does not have.
    Inserted,
    /// b leaves out something a has.
    Deleted,
    /// Words swapped for others.
    Substituted,
    /// The verb of saying (or the distance taken) changed.
    Stance,
    /// Same claim, different wording or word order only.
    Form,
    /// Numbers differ.
    Number,
    /// The versions contradict each other.
    Conflict,
    /// A kind this page has no words for (a newer framelens); listed last, as is.
    Other,
}

/// One piece of an inline word diff between version a and version b.
#[derive(Debug, Clone)]
pub enum Piece {
    /// In both versions.
    Same(String),
    /// Only in version a.
    Deleted(String),
    /// Only in version b.
    Inserted(String),
}

/// One difference between two outlets' versions of a claim.
#[derive(Debug, Clone)]
pub struct DiffView {
    /// The cluster (claim) number.
    pub cluster: usize,
    /// Outlet of version a.
    pub outlet_a: String,
    /// Outlet of version b.
    pub outlet_b: String,
    /// What kind of difference.
    pub kind: DiffKind,
    /// What changed (e.g. "noted" / "claimed", "2000 peacekeepers" / "3000 peacekeepers").
    pub from: String,
    /// What it changed to.
    pub to: String,
    /// The sentence of a as an inline diff against b (Same/Deleted/Inserted pieces), when available.
    /// Pieces are joined with a space unless one is already there or punctuation follows.
    pub inline: Vec<Piece>,
}

/// The claims of one event.
#[derive(Debug, Clone, Default)]
pub struct EventClaims {
    /// The event's name.
    pub event: String,
    /// Column order of the grid.
    pub outlets: Vec<String>,
    /// Rows of the grid.
    pub clusters: Vec<ClusterView>,
    /// Differences between outlets' versions.
    pub differences: Vec<DiffView>,
}

/// One speaker cited by one outlet.
#[derive(Debug, Clone, Default)]
pub struct SourceView {
    /// Event name.
    pub event: String,
    /// Outlet name.
    pub outlet: String,
    /// Who is cited.
    pub speaker: String,
    /// Claims carried with this speaker.
    pub claims: usize,
    /// Of which in quotation marks.
    pub quoted: usize,
    /// Of which attributed without quotation marks.
    pub attributed: usize,
    /// e.g. "neutral 3; distancing 1"
    pub stances: String,
}

/// One distinctive term of one outlet.
#[derive(Debug, Clone, Default)]
pub struct KeyTermView {
    /// Event name.
    pub event: String,
    /// Outlet name.
    pub outlet: String,
    /// The term.
    pub term: String,
    /// How often the outlet uses it.
    pub count: u64,
    /// How unusual that is compared with the other outlets (z score).
    pub z: f64,
}

// ───────────────────────────── escaping ─────────────────────────────

/// Escapes a string for HTML text and for double- or single-quoted attribute values:
/// `& < > " '` become character references, and control characters other than tab,
/// newline and carriage return become U+FFFD.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

fn push_escaped(out: &mut String, s: &str) {
    // Writing into a String cannot fail.
    let _ = write_escaped(out, s);
}

/// The one place where the escaping rules live; [`escape_html`] and [`Esc`] both use it.
fn write_escaped<W: fmt::Write + ?Sized>(w: &mut W, s: &str) -> fmt::Result {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\t' | '\n' | '\r' => continue,
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => "\u{fffd}",
            _ => continue,
        };
        w.write_str(&s[start..i])?;
        w.write_str(rep)?;
        start = i + c.len_utf8();
    }
    w.write_str(&s[start..])
}

/// Display wrapper that writes its string escaped (same rules as [`escape_html`]).
pub struct Esc<'a>(pub &'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(f, self.0)
    }
}

/// The URL, trimmed, when it is a plain http(s) URL that may become a link.
fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower: String = u.chars().take(8).flat_map(char::to_lowercase).collect();
    let ok_scheme = lower.starts_with("http://") || lower.starts_with("https://");
    let ok_chars = !u.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok_scheme && ok_chars && u.len() > 8 { Some(u) } else { None }
}

/// At most `max` characters of `s`, with "…" when cut (char-safe).
fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

// ───────────────────────────── numbers ─────────────────────────────

/// A measure reduced to what can be drawn: a finite value and, maybe, a finite ordered interval.
#[derive(Clone, Copy)]
struct Est {
    v: f64,
    ci: Option<(f64, f64)>,
}

fn est(m: Option<&Measure>) -> Option<Est> {
    let m = m?;
    let v = m.value.filter(|x| x.is_finite())?;
    let ci = match (m.low.filter(|x| x.is_finite()), m.high.filter(|x| x.is_finite())) {
        (Some(a), Some(b)) => Some(if a <= b { (a, b) } else { (b, a) }),
        _ => None,
    };
    Some(Est { v, ci })
}

fn note_of(m: Option<&Measure>) -> Option<&str> {
    m.and_then(|m| m.note.as_deref()).map(str::trim).filter(|s| !s.is_empty())
}

/// "+1.23", "−0.40" (true minus sign), "0.00".
fn signed(v: f64, decimals: usize) -> String {
    let r = format!("{:.*}", decimals, v.abs());
    if r.chars().all(|c| c == '0' || c == '.') {
        r
    } else if v > 0.0 {
        format!("+{r}")
    } else {
        format!("\u{2212}{r}")
    }
}

/// A tick label: signed, without trailing zeros.
fn tick(v: f64) -> String {
    let s = signed(v, 2);
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

fn fixed(v: f64, decimals: usize) -> String {
    if v.is_finite() { format!("{:.*}", decimals, v) } else { "–".to_string() }
}

/// 12345 → "12,345".
fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// The smallest "nice" bound ≥ m whose half is also a readable tick (1, 2, 3, 4, 5, 6, 8, 10 × 10^k).
fn nice_bound(m: f64) -> f64 {
    if !m.is_finite() || m <= 1.0 {
        return 1.0;
    }
    let exp = m.log10().floor();
    let base = 10f64.powf(exp);
    for step in [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * base >= m - 1e-9 {
            return step * base;
        }
    }
    10.0 * base
}

// ───────────────────────────── labels ─────────────────────────────

fn voice_short(v: Voice) -> &'static str {
    match v {
        Voice::Narrator => "narrator",
        Voice::Quote => "quote",
        Voice::ScareQuote => "scare quotes",
        Voice::Distanced => "distanced",
    }
}

fn voice_long(v: Voice) -> &'static str {
    match v {
        Voice::Narrator => "narrator (the outlet's own words)",
        Voice::Quote => "quoted (someone else's words)",
        Voice::ScareQuote => "scare quotes (the outlet puts the word in quotation marks to keep its distance)",
        Voice::Distanced => "distanced (the outlet keeps its distance, e.g. \u{201c}so-called\u{201d})",
    }
}

fn voice_class(v: Voice) -> &'static str {
    match v {
        Voice::Narrator => "v-n",
        Voice::Quote => "v-q",
        Voice::ScareQuote => "v-s",
        Voice::Distanced => "v-d",
    }
}

fn status_parts(s: Status) -> (&'static str, &'static str, &'static str) {
    // (class, symbol, word)
    match s {
        Status::Asserted => ("st-as", "\u{25cf}", "asserts"),
        Status::Attributed => ("st-at", "\u{25d1}", "attributes"),
        Status::Quoted => ("st-qu", "\u{201c}", "quotes"),
        Status::Absent => ("st-ab", "\u{25cb}", "absent"),
    }
}

const KINDS: [(DiffKind, &str, &str, &str); 8] = [
    (DiffKind::Inserted, "kd-ins", "Added", "Details that the second outlet adds."),
    (DiffKind::Deleted, "kd-del", "Left out", "Details that the second outlet leaves out."),
    (DiffKind::Substituted, "kd-sub", "Words swapped", "The same spot, said with other words."),
    (
        DiffKind::Stance,
        "kd-sta",
        "Distance taken",
        "The verb of saying changes, e.g. \u{201c}said\u{201d} becomes \u{201c}claimed\u{201d}.",
    ),
    (DiffKind::Number, "kd-num", "Numbers differ", "The outlets give different numbers."),
    (DiffKind::Conflict, "kd-con", "Contradictions", "The versions cannot both be true."),
    (DiffKind::Form, "kd-frm", "Wording only", "Same content, different form or word order."),
    (DiffKind::Other, "kd-oth", "Other differences", "Differences of another kind; differences.csv names each."),
];

// ───────────────────────────── hits and paragraphs ─────────────────────────────

/// Widens [s, e) to char boundaries inside the body; None when empty or out of range.
fn norm_range(body: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let len = body.len();
    let (mut s, mut e) = (s.min(len), e.min(len));
    if s >= e {
        return None;
    }
    while s > 0 && !body.is_char_boundary(s) {
        s -= 1;
    }
    while e < len && !body.is_char_boundary(e) {
        e += 1;
    }
    if s < e { Some((s, e)) } else { None }
}

/// How each hit of an article will be shown.
struct HitPlan {
    /// Hit indices in text order (unplaceable ones last, in given order): the hit table's rows.
    rows: Vec<usize>,
    /// Per hit: its row number (1-based).
    row_of: Vec<usize>,
    /// Per hit: the normalized range, when valid.
    range: Vec<Option<(usize, usize)>>,
    /// Per hit: highlighted in the text (valid and not overlapping an earlier one).
    placed: Vec<bool>,
    /// Placed hits as (start, end, hit index), sorted, non-overlapping.
    marks: Vec<(usize, usize, usize)>,
}

fn plan_hits(body: &str, hits: &[HitView]) -> HitPlan {
    let range: Vec<Option<(usize, usize)>> = hits.iter().map(|h| norm_range(body, h.start, h.end)).collect();
    let mut order: Vec<usize> = (0..hits.len()).collect();
    // Valid ones by start (longer first on ties), then invalid ones in the given order.
    order.sort_by_key(|&i| match range[i] {
        Some((s, e)) => (0u8, s, usize::MAX - e, i),
        None => (1u8, 0, 0, i),
    });
    let mut placed = vec![false; hits.len()];
    let mut marks = Vec::new();
    let mut last_end = 0usize;
    for &i in &order {
        if let Some((s, e)) = range[i]
            && s >= last_end
        {
            placed[i] = true;
            marks.push((s, e, i));
            last_end = e;
        }
    }
    let mut row_of = vec![0usize; hits.len()];
    for (k, &i) in order.iter().enumerate() {
        row_of[i] = k + 1;
    }
    HitPlan { rows: order, row_of, range, placed, marks }
}

/// Paragraph byte ranges. With blank lines in the body, blank lines separate paragraphs
/// (single newlines inside a paragraph are plain line wrapping); without any, each line is one.
fn paragraphs(body: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut pos = 0usize;
    for line in body.split('\n') {
        lines.push((pos, pos + line.len(), line.trim().is_empty()));
        pos += line.len() + 1;
    }
    let has_blank = {
        let first = lines.iter().position(|l| !l.2);
        let last = lines.iter().rposition(|l| !l.2);
        match (first, last) {
            (Some(a), Some(b)) => lines[a..=b].iter().any(|l| l.2),
            _ => false,
        }
    };
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for &(s, e, blank) in &lines {
        if blank {
            if let Some(p) = cur.take() {
                out.push(p);
            }
        } else if has_blank {
            cur = Some(match cur {
                Some((ps, _)) => (ps, e),
                None => (s, e),
            });
        } else {
            out.push((s, e));
        }
    }
    if let Some(p) = cur {
        out.push(p);
    }
    out
}

// ───────────────────────────── the renderer ─────────────────────────────

/// Renders the whole report page as one self-contained HTML document.
pub fn render(page: &Page) -> String {
    let cap = 48 * 1024 + page.articles.iter().map(|a| a.body.len() * 2 + a.hits.len() * 900).sum::<usize>();
    let mut out = String::with_capacity(cap);
    let ctx = Ctx::new(page);
    // Writing into a String cannot fail; fmt::Write only makes the Result part of the signature.
    let _ = ctx.document(&mut out);
    out
}

struct Ctx<'a> {
    p: &'a Page,
    /// Per axis: short codes of the two poles, e.g. ["Ar", "Az"].
    codes: Vec<[String; 2]>,
    /// Per axis: the half-width of the symmetric chart scale.
    scales: Vec<f64>,
    /// Upper end of the rate bars.
    rate_max: f64,
}

type R = fmt::Result;

/// Half-width of the plotting area of the charts, in SVG units (the middle is at x = 200).
const CHART_HALF: f64 = 170.0;

impl<'a> Ctx<'a> {
    fn new(p: &'a Page) -> Self {
        let codes = pole_codes(&p.axes);
        let scales = (0..p.axes.len())
            .map(|i| {
                let mut m = 0f64;
                for o in &p.outlets {
                    for e in [est(o.lean.get(i)), est(o.naming.get(i))].into_iter().flatten() {
                        m = m.max(e.v.abs());
                        if let Some((a, b)) = e.ci {
                            m = m.max(a.abs()).max(b.abs());
                        }
                    }
                }
                nice_bound(m)
            })
            .collect();
        let mut rate_max = 0f64;
        for o in &p.outlets {
            for e in o.rates.iter().filter_map(|m| est(Some(m))) {
                rate_max = rate_max.max(e.v).max(e.ci.map_or(0.0, |c| c.1));
            }
        }
        if rate_max <= 0.0 {
            rate_max = 1.0;
        }
        Ctx { p, codes, scales, rate_max }
    }

    fn pole(&self, axis: usize, pole: usize) -> Option<(&'a Axis, &'a str, &str)> {
        let a = self.p.axes.get(axis)?;
        let name = a.poles.get(pole)?;
        let code = self.codes.get(axis).and_then(|c| c.get(pole))?;
        Some((a, name.as_str(), code.as_str()))
    }

    fn document(&self, o: &mut String) -> R {
        let p = self.p;
        o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writeln!(
            o,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
             script-src 'sha256-{}'; img-src 'none'; base-uri 'none'; form-action 'none'\">",
            base64(&sha256(SCRIPT.as_bytes()))
        )?;
        o.push_str(
            "<meta name=\"color-scheme\" content=\"light\">\n<meta name=\"referrer\" content=\"no-referrer\">\n",
        );
        writeln!(o, "<meta name=\"generator\" content=\"framelens {}\">", Esc(&p.stamp.version))?;
        let title = if p.title.trim().is_empty() { "framelens report" } else { p.title.as_str() };
        write!(o, "<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n", Esc(title), STYLE)?;
        o.push_str("<a class=\"skip\" href=\"#main\">Skip to the report</a>\n");
        self.header(o, title)?;
        self.nav(o)?;
        o.push_str("<main id=\"main\">\n");
        self.lean_section(o)?;
        self.rates_section(o)?;
        self.claims_section(o)?;
        self.key_section(o)?;
        self.articles_section(o)?;
        self.sources_section(o)?;
        self.keyness_section(o)?;
        o.push_str("</main>\n");
        self.footer(o)?;
        write!(o, "<script>{}</script>\n</body>\n</html>\n", SCRIPT)
    }

    // ── header, contents, footer ──

    fn header(&self, o: &mut String, title: &str) -> R {
        let p = self.p;
        let s = &p.stamp;
        write!(o, "<header class=\"top\">\n<h1>{}</h1>\n", Esc(title))?;
        writeln!(
            o,
            "<p class=\"sub\">{} · {} · {} · {}</p>",
            plural(s.articles as u64, "article", "articles"),
            plural(s.outlets as u64, "outlet", "outlets"),
            plural(s.events as u64, "story", "stories"),
            plural(s.words, "word", "words")
        )?;
        let notices: Vec<&String> = p.notices.iter().filter(|n| !n.trim().is_empty()).collect();
        if !notices.is_empty() {
            o.push_str("<section class=\"notices\" aria-label=\"Notices\">\n<ul>\n");
            for n in notices {
                writeln!(o, "<li><span class=\"ico\" aria-hidden=\"true\">!</span> {}</li>", Esc(n))?;
            }
            o.push_str("</ul>\n</section>\n");
        }
        // How to read: concrete with the first axis when there is one.
        let (p0, p1) = match p.axes.first() {
            Some(a) => (a.poles[0].as_str(), a.poles[1].as_str()),
            None => ("the first side", "the second side"),
        };
        o.push_str("<section class=\"howto\" aria-labelledby=\"howto-h\">\n<h2 id=\"howto-h\">How to read this page</h2>\n<div class=\"cards\">\n");
        writeln!(
            o,
            "<div class=\"card c-lean\"><h3>Which way does it lean?</h3><p>Each dot is one outlet. \
             Left of the middle line: its own words lean towards <b>{p0}</b> (a <b>+</b> number). \
             Right: towards <b>{p1}</b> (<b>\u{2212}</b>).</p></div>",
            p0 = Esc(p0),
            p1 = Esc(p1)
        )?;
        o.push_str(
            "<div class=\"card c-sure\"><h3>How sure is it?</h3><p>The bar around a dot is the 95% interval. \
             <b>If it crosses the middle line, we cannot tell which way the outlet leans.</b> \
             <span class=\"nw\"><span class=\"warn-i\" aria-hidden=\"true\">!</span> = small sample.</span></p></div>\n",
        );
        o.push_str(
            "<div class=\"card c-voice\"><h3>Whose words?</h3><p>Only the outlet\u{2019}s <b>own voice</b> \
             counts for the lean. Words in <i>quotations</i> belong to the person quoted: they are marked, \
             but more lightly.</p></div>\n",
        );
        o.push_str(
            "<div class=\"card c-limits\"><h3>What it does not say</h3><p>framelens counts framing words. \
             <b>It does not check facts or say who is right.</b> Read the marked articles and judge for yourselves.</p></div>\n",
        );
        o.push_str("</div>\n</section>\n</header>\n");
        Ok(())
    }

    fn nav(&self, o: &mut String) -> R {
        let p = self.p;
        o.push_str("<nav class=\"toc\" aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">Contents</h2>\n<ol>\n");
        o.push_str("<li><a href=\"#lean\">Lean</a></li>\n");
        o.push_str("<li><a href=\"#rates\">Loaded words</a></li>\n");
        o.push_str("<li><a href=\"#claims\">Claims</a>");
        if p.events.len() > 1 {
            o.push_str("<ol>");
            for (i, e) in p.events.iter().enumerate() {
                write!(o, "<li><a href=\"#ev-{i}\">{}</a></li>", Esc(&shorten(&e.event, 60)))?;
            }
            o.push_str("</ol>");
        }
        o.push_str("</li>\n<li><a href=\"#key\">Key to the marks</a></li>\n");
        writeln!(o, "<li><a href=\"#articles\">Articles ({})</a></li>", p.articles.len())?;
        o.push_str("<li><a href=\"#sources\">Sources</a></li>\n");
        o.push_str("<li><a href=\"#keyness\">Stand-out words</a></li>\n");
        o.push_str("<li><a href=\"#run\">About this run</a></li>\n</ol>\n</nav>\n");
        Ok(())
    }

    fn footer(&self, o: &mut String) -> R {
        let s = &self.p.stamp;
        o.push_str("<footer class=\"stamp\" id=\"run\">\n<h2>About this run</h2>\n<dl>\n");
        let version = if s.version.trim().is_empty() { "unknown" } else { s.version.as_str() };
        writeln!(o, "<div><dt>framelens</dt><dd>version {}</dd></div>", Esc(version))?;
        o.push_str("<div><dt>Word lists</dt><dd>");
        if s.lexicons.is_empty() {
            o.push_str("none recorded");
        }
        for (i, (name, digest)) in s.lexicons.iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            write!(o, "{} ", Esc(name))?;
            digest_code(o, digest)?;
        }
        o.push_str("</dd></div>\n<div><dt>Articles read</dt><dd>");
        if s.corpus_digest.trim().is_empty() {
            o.push_str("no digest");
        } else {
            digest_code(o, &s.corpus_digest)?;
        }
        o.push_str("</dd></div>\n");
        write!(
            o,
            "<div><dt>Counted</dt><dd>{} · {} · {} · {}</dd></div>\n</dl>\n",
            plural(s.articles as u64, "article", "articles"),
            plural(s.outlets as u64, "outlet", "outlets"),
            plural(s.events as u64, "story", "stories"),
            plural(s.words, "word", "words")
        )?;
        o.push_str(
            "<p class=\"fine\">framelens measures framing words; it does not say who is right. \
             The codes are SHA-256 digests (first 12 characters): the same codes mean the same word lists and articles.</p>\n\
             </footer>\n",
        );
        Ok(())
    }

    // ── lean ──

    fn lean_section(&self, o: &mut String) -> R {
        let p = self.p;
        o.push_str(
            "<section id=\"lean\" aria-labelledby=\"lean-h\">\n<h2 id=\"lean-h\">Which way do the words lean?</h2>\n",
        );
        // The naming column is drawn only when some outlet has a naming measure
        // (or a note on why it has none): a column of "not measured" helps no one.
        let naming =
            p.outlets.iter().any(|ov| ov.naming.iter().any(|m| est(Some(m)).is_some() || note_of(Some(m)).is_some()));
        if naming {
            o.push_str(
                "<p class=\"intro\">One row per outlet. <b>Lean</b>: its own loaded words. \
                 <b>Naming</b>, beside it: the names it uses for places and people, unlike wire copy.</p>\n",
            );
        } else {
            o.push_str("<p class=\"intro\">One row per outlet. <b>Lean</b>: the side its own loaded words take.</p>\n");
        }
        if p.outlets.is_empty() {
            o.push_str("<p class=\"none\">No outlet in this run.</p>\n</section>\n");
            return Ok(());
        }
        if p.axes.is_empty() {
            o.push_str(
                "<p class=\"none\">No lean to show: the lexicon has no sided words for a topic these articles are \
                 about. The loaded words below still count; a lexicon for this topic gives a lean (see \
                 docs/lexicon-format.md in framelens).</p>\n</section>\n",
            );
            return Ok(());
        }
        for (ai, axis) in p.axes.iter().enumerate() {
            write!(
                o,
                "<section class=\"axis\" aria-labelledby=\"ax-{ai}-h\">\n<h3 id=\"ax-{ai}-h\"><span class=\"t0\">{}</span> <span class=\"vs\">or</span> <span class=\"t1\">{}</span></h3>\n",
                Esc(&axis.poles[0]),
                Esc(&axis.poles[1])
            )?;
            write!(
                o,
                "<table class=\"lean\">\n<caption class=\"sr\">Axis \u{201c}{}\u{201d}: a dot left of the middle line leans towards {}, right of it towards {}.</caption>\n\
                 <thead><tr><th scope=\"col\" class=\"c-out\">Outlet</th><th scope=\"col\" class=\"c-lean\"><span class=\"hl\">Lean of its own words</span>",
                Esc(&axis.name),
                Esc(&axis.poles[0]),
                Esc(&axis.poles[1])
            )?;
            self.scale_svg(o, ai)?;
            if naming {
                o.push_str("</th><th scope=\"col\" class=\"c-name\"><span class=\"hl\">Naming</span>");
                self.scale_svg(o, ai)?;
            }
            o.push_str("</th></tr></thead>\n<tbody>\n");
            for ov in &p.outlets {
                o.push_str("<tr><th scope=\"row\" class=\"c-out\">");
                self.outlet_cell(o, ov)?;
                o.push_str("</th>\n<td class=\"c-lean\" data-label=\"Lean of its own words\">");
                self.measure_chart(o, ov, ai, false)?;
                if naming {
                    o.push_str("</td>\n<td class=\"c-name\" data-label=\"Naming\">");
                    self.measure_chart(o, ov, ai, true)?;
                }
                o.push_str("</td></tr>\n");
            }
            o.push_str("</tbody>\n</table>\n</section>\n");
        }
        o.push_str("</section>\n");
        Ok(())
    }

    fn outlet_cell(&self, o: &mut String, ov: &OutletView) -> R {
        write!(
            o,
            "<span class=\"oname\">{}</span><span class=\"ometa\">{} · {}</span>",
            Esc(&ov.name),
            plural(ov.articles, "article", "articles"),
            plural(ov.words, "word", "words")
        )?;
        if let Some(w) = ov.small_sample.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
            write!(
                o,
                "<span class=\"small\"><span class=\"warn-i\" aria-hidden=\"true\">!</span> Small sample: {}</span>",
                Esc(w)
            )?;
        }
        Ok(())
    }

    /// x position of a value on a chart of the given half-width scale: positive values
    /// (towards `poles[0]`) to the left, as the labels "← `poles[0]` … `poles[1]` →" say.
    fn chart_x(v: f64, scale: f64) -> f64 {
        200.0 - (v.clamp(-scale, scale) / scale) * CHART_HALF
    }

    /// The scale of an axis (pole names and ticks), drawn once in the table header.
    fn scale_svg(&self, o: &mut String, ai: usize) -> R {
        let Some(axis) = self.p.axes.get(ai) else { return Ok(()) };
        let scale = self.scales.get(ai).copied().unwrap_or(1.0);
        let alt = format!(
            "Scale from {} (towards {}) on the left to {} (towards {}) on the right; 0 in the middle.",
            tick(scale),
            axis.poles[0],
            tick(-scale),
            axis.poles[1]
        );
        write!(
            o,
            "<svg class=\"chart scale\" viewBox=\"0 0 400 40\" role=\"img\" aria-label=\"{}\">\
             <text class=\"pole t0\" x=\"30\" y=\"13\">\u{2190} {}</text><text class=\"pole t1\" x=\"370\" y=\"13\" text-anchor=\"end\">{} \u{2192}</text>",
            Esc(&alt),
            Esc(&shorten(&axis.poles[0], 24)),
            Esc(&shorten(&axis.poles[1], 24))
        )?;
        for t in [1.0, 0.5, 0.0, -0.5, -1.0] {
            let xt = Self::chart_x(t * scale, scale);
            write!(
                o,
                "<text class=\"tk\" x=\"{xt:.1}\" y=\"31\" text-anchor=\"middle\">{}</text><line class=\"{}\" x1=\"{xt:.1}\" y1=\"35\" x2=\"{xt:.1}\" y2=\"40\"/>",
                tick(t * scale),
                if t == 0.0 { "zero" } else { "ax" }
            )?;
        }
        o.push_str("</svg>");
        Ok(())
    }

    /// One row chart (lean or naming) on the axis scale, plus its value in words below it.
    fn measure_chart(&self, o: &mut String, ov: &OutletView, ai: usize, naming: bool) -> R {
        let Some(axis) = self.p.axes.get(ai) else { return Ok(()) };
        let m = if naming { ov.naming.get(ai) } else { ov.lean.get(ai) };
        let e = est(m);
        let (p0, p1) = (axis.poles[0].as_str(), axis.poles[1].as_str());
        let what = if naming { "naming" } else { "lean of its own words" };
        let note = note_of(m);
        // Words for the value: the SVG's text alternative and the line printed below it.
        let (headline, detail) = match e {
            Some(e) => {
                let dir = if e.v > 0.0 {
                    format!("towards {p0}")
                } else if e.v < 0.0 {
                    format!("towards {p1}")
                } else {
                    "no lean".to_string()
                };
                match e.ci {
                    Some((lo, hi)) => {
                        let verdict = if lo > 0.0 {
                            format!("clearly towards {p0}")
                        } else if hi < 0.0 {
                            format!("clearly towards {p1}")
                        } else {
                            "no clear lean".to_string()
                        };
                        (
                            format!("{} {}", signed(e.v, 2), verdict),
                            format!("95%: {} to {}", signed(lo, 2), signed(hi, 2)),
                        )
                    }
                    None => (format!("{} {}", signed(e.v, 2), dir), "no interval".to_string()),
                }
            }
            None => ("no value".to_string(), note.unwrap_or("not measured").to_string()),
        };
        let mut alt = format!("{}, {} on {}: {}; {}", ov.name, what, axis.name, headline, detail);
        if let (Some(n), Some(_)) = (note, e) {
            alt.push_str("; ");
            alt.push_str(n);
        }
        alt.push('.');
        let scale = self.scales.get(ai).copied().unwrap_or(1.0);
        let x = |v: f64| Self::chart_x(v, scale);
        write!(
            o,
            "<svg class=\"chart row{}\" viewBox=\"0 0 400 28\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
            if naming { " naming" } else { "" },
            Esc(&alt),
            Esc(&alt)
        )?;
        match e {
            Some(e) => {
                o.push_str("<rect class=\"h0\" x=\"30\" y=\"2\" width=\"170\" height=\"24\"/><rect class=\"h1\" x=\"200\" y=\"2\" width=\"170\" height=\"24\"/><line class=\"ax\" x1=\"30\" y1=\"14\" x2=\"370\" y2=\"14\"/>");
                for t in [1.0, 0.5, -0.5, -1.0] {
                    let xt = x(t * scale);
                    write!(o, "<line class=\"grid\" x1=\"{xt:.1}\" y1=\"2\" x2=\"{xt:.1}\" y2=\"26\"/>")?;
                }
                o.push_str("<line class=\"zero\" x1=\"200\" y1=\"0\" x2=\"200\" y2=\"28\"/>");
                let c = if e.v > 0.0 {
                    "c0"
                } else if e.v < 0.0 {
                    "c1"
                } else {
                    "cz"
                };
                if let Some((lo, hi)) = e.ci {
                    let (xa, xb) = (x(hi), x(lo));
                    write!(
                        o,
                        "<line class=\"ci {c}\" x1=\"{xa:.1}\" y1=\"14\" x2=\"{xb:.1}\" y2=\"14\"/>\
                         <line class=\"cap {c}\" x1=\"{xa:.1}\" y1=\"7\" x2=\"{xa:.1}\" y2=\"21\"/>\
                         <line class=\"cap {c}\" x1=\"{xb:.1}\" y1=\"7\" x2=\"{xb:.1}\" y2=\"21\"/>"
                    )?;
                }
                let xv = x(e.v);
                if naming {
                    write!(
                        o,
                        "<path class=\"pt nm {c}\" d=\"M{:.1} 6.5 L{:.1} 14 L{:.1} 21.5 L{:.1} 14 Z\"/>",
                        xv,
                        xv + 7.5,
                        xv,
                        xv - 7.5
                    )?;
                } else {
                    write!(o, "<circle class=\"pt {c}\" cx=\"{xv:.1}\" cy=\"14\" r=\"7\"/>")?;
                }
            }
            None => {
                write!(
                    o,
                    "<rect class=\"emptybg\" x=\"30\" y=\"2\" width=\"340\" height=\"24\" rx=\"3\"/>\
                     <text class=\"empty\" x=\"200\" y=\"18.5\" text-anchor=\"middle\">{}</text>",
                    Esc(&shorten(note.unwrap_or("not measured"), 56))
                )?;
            }
        }
        o.push_str("</svg>");
        match e {
            Some(_) => {
                write!(
                    o,
                    "<p class=\"val\" aria-hidden=\"true\"><b>{}</b> <span class=\"ci-t\">{}</span>",
                    Esc(&headline),
                    Esc(&detail)
                )?;
                if let Some(n) = note {
                    write!(o, " <span class=\"mnote\">{}</span>", Esc(n))?;
                }
                o.push_str("</p>");
            }
            // The note is already in the chart; repeat it only when it had to be shortened.
            None if note.is_some_and(|n| n.chars().count() > 56) => {
                write!(o, "<p class=\"val\" aria-hidden=\"true\">{}</p>", Esc(note.unwrap_or("")))?;
            }
            None => {}
        }
        Ok(())
    }

    // ── rates ──

    fn rates_section(&self, o: &mut String) -> R {
        let p = self.p;
        o.push_str(
            "<section id=\"rates\" aria-labelledby=\"rates-h\">\n<h2 id=\"rates-h\">How many loaded words?</h2>\n",
        );
        o.push_str(
            "<p class=\"intro\">Loaded words in the outlet\u{2019}s own voice, <b>per 1,000 words</b>, by kind. \
             The dark bar is the rate; the pale band behind it is the 95% interval. Quotations are not counted here.</p>\n",
        );
        if p.categories.is_empty() || p.outlets.is_empty() {
            o.push_str("<p class=\"none\">No categories or outlets in this run.</p>\n</section>\n");
            return Ok(());
        }
        o.push_str("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Loaded words per 1,000 words\">\n<table class=\"rates\">\n<caption>Narrator\u{2019}s loaded words per 1,000 words, by category</caption>\n<thead><tr><th scope=\"col\">Outlet</th>");
        for c in &p.categories {
            write!(o, "<th scope=\"col\">{}</th>", Esc(c))?;
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for ov in &p.outlets {
            write!(o, "<tr><th scope=\"row\">{}", Esc(&ov.name))?;
            if ov.small_sample.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                o.push_str(" <span class=\"warn-i\" title=\"small sample\" aria-hidden=\"true\">!</span><span class=\"sr\"> (small sample)</span>");
            }
            o.push_str("</th>");
            for (ci, c) in p.categories.iter().enumerate() {
                let m = ov.rates.get(ci);
                match est(m) {
                    Some(e) => {
                        let w = (e.v.max(0.0) / self.rate_max * 100.0).min(100.0);
                        write!(
                            o,
                            "<td data-label=\"{}\"><span class=\"num{}\">{}</span>",
                            Esc(c),
                            if e.v == 0.0 { " zero" } else { "" },
                            fixed(e.v, 1)
                        )?;
                        write!(
                            o,
                            "<span class=\"bar\" aria-hidden=\"true\"><span class=\"fill\" style=\"width:{w:.1}%\"></span>"
                        )?;
                        if let Some((lo, hi)) = e.ci {
                            let a = (lo.max(0.0) / self.rate_max * 100.0).min(100.0);
                            let b = (hi.max(0.0) / self.rate_max * 100.0).min(100.0);
                            write!(
                                o,
                                "<span class=\"rci\" style=\"left:{a:.1}%;width:{:.1}%\"></span>",
                                (b - a).max(0.0)
                            )?;
                            write!(o, "</span><span class=\"cit\">{}\u{2013}{}</span>", fixed(lo, 1), fixed(hi, 1))?;
                        } else {
                            o.push_str("</span>");
                        }
                        if let Some(n) = note_of(m) {
                            write!(o, "<span class=\"mnote\">{}</span>", Esc(n))?;
                        }
                        o.push_str("</td>");
                    }
                    None => {
                        write!(
                            o,
                            "<td class=\"empty\" data-label=\"{}\"><span class=\"num\">\u{2013}</span><span class=\"mnote\">{}</span></td>",
                            Esc(c),
                            Esc(note_of(m).unwrap_or("not measured"))
                        )?;
                    }
                }
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody>\n</table>\n</div>\n</section>\n");
        Ok(())
    }

    // ── claims ──

    fn claims_section(&self, o: &mut String) -> R {
        let p = self.p;
        o.push_str(
            "<section id=\"claims\" aria-labelledby=\"claims-h\">\n<h2 id=\"claims-h\">Claims: who says what?</h2>\n",
        );
        o.push_str(
            "<p class=\"intro\">Each row is one claim found in the articles. Each column shows how an outlet carries it.</p>\n",
        );
        o.push_str("<ul class=\"st-legend\">");
        for (s, expl) in [
            (Status::Asserted, "states it in its own voice, as fact"),
            (Status::Attributed, "says who claims it, without quotation marks"),
            (Status::Quoted, "carries it in a quotation"),
            (Status::Absent, "does not carry it"),
        ] {
            let (cls, sym, word) = status_parts(s);
            write!(
                o,
                "<li><span class=\"st {cls}\"><span class=\"sym\" aria-hidden=\"true\">{sym}</span> {word}</span> {expl}</li>"
            )?;
        }
        o.push_str("</ul>\n");
        if p.events.is_empty() {
            o.push_str("<p class=\"none\">No claims were compared in this run.</p>\n");
        }
        for (ei, ev) in p.events.iter().enumerate() {
            write!(
                o,
                "<section class=\"event\" id=\"ev-{ei}\" aria-labelledby=\"ev-{ei}-h\">\n<h3 id=\"ev-{ei}-h\"><span class=\"kick\">Story</span> {}</h3>\n",
                Esc(&ev.event)
            )?;
            if ev.clusters.is_empty() {
                o.push_str("<p class=\"none\">No claims for this story.</p>\n");
            } else {
                write!(
                    o,
                    "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Claim grid\">\n<table class=\"grid\">\n<caption>Claims about \u{201c}{}\u{201d}, by outlet</caption>\n\
                     <thead><tr><th scope=\"col\" class=\"claim\">Claim</th>",
                    Esc(&ev.event)
                )?;
                for out in &ev.outlets {
                    write!(o, "<th scope=\"col\">{}</th>", Esc(out))?;
                }
                o.push_str("</tr></thead>\n<tbody>\n");
                for cl in &ev.clusters {
                    write!(
                        o,
                        "<tr id=\"ev-{ei}-c{}\"><th scope=\"row\" class=\"claim\"><span class=\"cid\">#{}</span> {}</th>",
                        cl.id,
                        cl.id,
                        Esc(&cl.text)
                    )?;
                    for (i, out) in ev.outlets.iter().enumerate() {
                        write!(o, "<td data-label=\"{}\">", Esc(out))?;
                        match cl.cells.get(i) {
                            Some(&s) => {
                                let (cls, sym, word) = status_parts(s);
                                write!(
                                    o,
                                    "<span class=\"st {cls}\"><span class=\"sym\" aria-hidden=\"true\">{sym}</span> {word}</span></td>"
                                )?;
                            }
                            None => o.push_str("<span class=\"st st-na\">not compared</span></td>"),
                        }
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n</div>\n");
            }
            self.differences(o, ei, ev)?;
            o.push_str("</section>\n");
        }
        o.push_str("</section>\n");
        Ok(())
    }

    fn differences(&self, o: &mut String, ei: usize, ev: &EventClaims) -> R {
        if ev.differences.is_empty() {
            return Ok(());
        }
        write!(
            o,
            "<div class=\"diffs\">\n<p class=\"diff-how\">How the outlets\u{2019} versions differ ({}). Each change is read \
             from the first outlet to the second: <del>struck-through</del> words are only in the first, \
             <ins>underlined</ins> words only in the second.</p>\n",
            ev.differences.len()
        )?;
        for (kind, cls, label, help) in KINDS {
            let items: Vec<&DiffView> = ev.differences.iter().filter(|d| d.kind == kind).collect();
            if items.is_empty() {
                continue;
            }
            write!(
                o,
                "<section class=\"dkind {cls}\" aria-labelledby=\"ev-{ei}-{cls}\">\n<h4 id=\"ev-{ei}-{cls}\">{label} <span class=\"count\">({})</span></h4>\n<p class=\"kind-help\">{help}</p>\n<ol class=\"difflist\">\n",
                items.len()
            )?;
            for d in items {
                write!(
                    o,
                    "<li><p class=\"dhead\"><a class=\"cid\" href=\"#ev-{ei}-c{}\">#{}</a> <span class=\"pair\">{} <span aria-hidden=\"true\">\u{2192}</span><span class=\"sr\"> to </span> {}</span>",
                    d.cluster,
                    d.cluster,
                    Esc(&d.outlet_a),
                    Esc(&d.outlet_b)
                )?;
                let (f, t) = (d.from.trim(), d.to.trim());
                match (f.is_empty(), t.is_empty()) {
                    (true, true) => {}
                    (true, false) => write!(o, " <span class=\"chg\">adds <q class=\"to\">{}</q></span>", Esc(t))?,
                    (false, true) => write!(o, " <span class=\"chg\">drops <q class=\"from\">{}</q></span>", Esc(f))?,
                    (false, false) => write!(
                        o,
                        " <span class=\"chg\"><q class=\"from\">{}</q> <span aria-hidden=\"true\">\u{2192}</span><span class=\"sr\"> becomes </span> <q class=\"to\">{}</q></span>",
                        Esc(f),
                        Esc(t)
                    )?,
                }
                o.push_str("</p>");
                if !d.inline.is_empty() {
                    o.push_str("<p class=\"inline\">");
                    inline_diff(o, &d.inline)?;
                    o.push_str("</p>");
                }
                o.push_str("</li>\n");
            }
            o.push_str("</ol>\n</section>\n");
        }
        o.push_str("</div>\n");
        Ok(())
    }

    // ── key (legend) ──

    /// Sample marks for each pole and style, used in the key section and above each article.
    fn key_items(&self, o: &mut String, compact: bool) -> R {
        for (ai, a) in self.p.axes.iter().enumerate() {
            for pi in 0..2 {
                let code = self.codes.get(ai).map_or("", |c| c[pi].as_str());
                let line = if pi == 0 { "solid underline" } else { "double underline" };
                if compact {
                    write!(
                        o,
                        "<li><mark class=\"hit v-n s{pi} demo\">{}<sup>{}</sup></mark></li>",
                        Esc(&a.poles[pi]),
                        Esc(code)
                    )?;
                } else {
                    writeln!(
                        o,
                        "<li><mark class=\"hit v-n s{pi} demo\">word<sup>{}</sup></mark> takes the side of <b>{}</b> \
                         (axis \u{201c}{}\u{201d}): {}, letter {}</li>",
                        Esc(code),
                        Esc(&a.poles[pi]),
                        Esc(&a.name),
                        line,
                        Esc(code)
                    )?;
                }
            }
        }
        if compact {
            o.push_str(
                "<li><mark class=\"hit v-n su demo\">loaded, no side</mark></li>\
                 <li><mark class=\"hit v-n su demo\">bold</mark> own voice</li>\
                 <li><mark class=\"hit v-q su demo\">italic</mark> quote</li>\
                 <li><mark class=\"hit v-s su demo\">dashed box</mark> scare quotes</li>\
                 <li><mark class=\"hit v-d su demo\">grey box</mark> distanced</li>",
            );
        } else {
            o.push_str(
                "<li><mark class=\"hit v-n su demo\">word</mark> loaded word that takes no side: dotted underline, no letter</li>\n",
            );
        }
        Ok(())
    }

    fn key_section(&self, o: &mut String) -> R {
        o.push_str("<section id=\"key\" aria-labelledby=\"key-h\">\n<h2 id=\"key-h\">Key to the marks</h2>\n<div class=\"keygrid\">\n");
        o.push_str("<div><h3>Which side a word takes</h3><p>Colour <em>and</em> line style, so the marks also work in black and white.</p><ul class=\"key\">\n");
        self.key_items(o, false)?;
        o.push_str("</ul></div>\n");
        o.push_str(
            "<div><h3>Whose words they are</h3><ul class=\"key\">\n\
             <li><mark class=\"hit v-n su demo\">bold on a tint</mark> the outlet\u{2019}s own words (narrator): these count for the lean</li>\n\
             <li><mark class=\"hit v-q su demo\">italic, no tint</mark> inside a quotation: the words of the person quoted</li>\n\
             <li><mark class=\"hit v-s su demo\">italic in a dashed box</mark> scare quotes: the outlet puts the word in quotation marks to keep its distance</li>\n\
             <li><mark class=\"hit v-d su demo\">plain in a grey box</mark> distanced: the outlet keeps its distance another way (\u{201c}so-called\u{201d})</li>\n\
             <li><mark class=\"hit v-n su neg demo\">word<sup>not</sup></mark> the word is negated (\u{201c}not an occupation\u{201d})</li>\n\
             </ul></div>\n",
        );
        o.push_str(
            "<div><h3>In the articles</h3><p>Point at a marked word, or move to it with the <kbd>Tab</kbd> key, to see its kind, \
             side, voice and a neutral alternative. The same facts are in the table under each article, \
             so nothing is lost on paper.</p>\n\
             <h3>In the differences</h3><p><del>struck through</del>: only in the first outlet\u{2019}s version. \
             <ins>underlined</ins>: only in the second.</p></div>\n</div>\n</section>\n",
        );
        Ok(())
    }

    // ── articles ──

    fn articles_section(&self, o: &mut String) -> R {
        let p = self.p;
        o.push_str("<section id=\"articles\" aria-labelledby=\"articles-h\">\n<h2 id=\"articles-h\">The articles, with loaded words marked</h2>\n");
        if p.articles.is_empty() {
            o.push_str("<p class=\"none\">No articles in this run.</p>\n</section>\n");
            return Ok(());
        }
        o.push_str("<ol class=\"art-toc\">\n");
        for (i, a) in p.articles.iter().enumerate() {
            writeln!(
                o,
                "<li><a href=\"#art-{i}\"><span class=\"o\">{}</span> {}</a></li>",
                Esc(&a.outlet),
                Esc(&shorten(&a.title, 110))
            )?;
        }
        o.push_str("</ol>\n");
        let mut key = String::new();
        self.key_items(&mut key, true)?;
        for (i, a) in p.articles.iter().enumerate() {
            self.article(o, i, a, &key)?;
        }
        o.push_str("</section>\n");
        Ok(())
    }

    fn article(&self, o: &mut String, ai: usize, a: &ArticleView, key: &str) -> R {
        let plan = plan_hits(&a.body, &a.hits);
        write!(
            o,
            "<article class=\"art\" id=\"art-{ai}\" aria-labelledby=\"art-{ai}-h\">\n<header class=\"art-head\">\
             <p class=\"art-outlet\">{}</p>\n<h3 id=\"art-{ai}-h\">{}</h3>\n<p class=\"art-meta\">",
            Esc(&a.outlet),
            Esc(if a.title.trim().is_empty() { "(untitled)" } else { &a.title })
        )?;
        let mut parts: Vec<String> = Vec::new();
        if !a.date.trim().is_empty() {
            let d = a.date.trim();
            let iso = d.len() == 10
                && d.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
            parts.push(if iso { format!("<time>{}</time>", Esc(d)) } else { Esc(d).to_string() });
        }
        if !a.event.trim().is_empty() {
            parts.push(format!("story: {}", Esc(a.event.trim())));
        }
        if !a.id.trim().is_empty() {
            parts.push(format!("id <code>{}</code>", Esc(a.id.trim())));
        }
        o.push_str(&parts.join(" · "));
        if !a.url.trim().is_empty() {
            match safe_url(&a.url) {
                Some(u) => {
                    write!(o, "<br><a class=\"url\" href=\"{}\" rel=\"noopener noreferrer\">{}</a>", Esc(u), Esc(u))?
                }
                None => write!(o, "<br><span class=\"url\">{}</span>", Esc(a.url.trim()))?,
            }
        }
        o.push_str("</p>\n</header>\n");

        // Summary of the marks by voice.
        let placed: Vec<&HitView> = plan.marks.iter().filter_map(|&(_, _, i)| a.hits.get(i)).collect();
        let count = |v: Voice| placed.iter().filter(|h| h.voice == v).count();
        let mut sum = Vec::new();
        for (v, one, many) in [
            (Voice::Narrator, "in the outlet\u{2019}s own voice", "in the outlet\u{2019}s own voice"),
            (Voice::Quote, "in a quotation", "in quotations"),
            (Voice::ScareQuote, "in scare quotes", "in scare quotes"),
            (Voice::Distanced, "distanced", "distanced"),
        ] {
            let n = count(v);
            if n > 0 {
                sum.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        }
        writeln!(
            o,
            "<p class=\"art-sum\"><b>{}</b>{}{}</p>",
            plural(placed.len() as u64, "marked word", "marked words"),
            if sum.is_empty() { "" } else { ": " },
            sum.join(", ")
        )?;
        if !a.hits.is_empty() {
            writeln!(o, "<ul class=\"minikey\">{key}</ul>")?;
        }

        // The text, and beside it (below it on narrow screens and paper) the list of marked words.
        o.push_str("<div class=\"art-cols\">\n<div class=\"body\">\n");
        let paras = paragraphs(&a.body);
        if paras.is_empty() {
            o.push_str("<p class=\"none\">(no text)</p>\n");
        }
        let mut mi = 0usize; // first mark that may still intersect the current paragraph
        for (ps, pe) in paras {
            o.push_str("<p>");
            let mut cur = ps;
            while mi < plan.marks.len() && plan.marks[mi].1 <= ps {
                mi += 1;
            }
            let mut k = mi;
            while k < plan.marks.len() && plan.marks[k].0 < pe {
                let (hs, he, hi) = plan.marks[k];
                let (s, e) = (hs.max(ps), he.min(pe));
                if s > cur {
                    push_escaped(o, a.body.get(cur..s).unwrap_or(""));
                }
                if e > s
                    && let Some(h) = a.hits.get(hi)
                {
                    self.mark(o, ai, plan.row_of[hi], h, a.body.get(s..e).unwrap_or(""))?;
                }
                cur = cur.max(e);
                k += 1;
            }
            if pe > cur {
                push_escaped(o, a.body.get(cur..pe).unwrap_or(""));
            }
            o.push_str("</p>\n");
        }
        o.push_str("</div>\n");

        if !a.hits.is_empty() {
            write!(
                o,
                "<div class=\"hits\">\n<details open>\n<summary>Marked words, in text order ({})</summary>\n<ol class=\"hitlist\">\n",
                a.hits.len()
            )?;
            for (k, &hi) in plan.rows.iter().enumerate() {
                let Some(h) = a.hits.get(hi) else { continue };
                let (sc, side_txt) = self.side_text(h.side);
                let text = plan.range[hi].and_then(|(s, e)| a.body.get(s..e));
                let shown = text.unwrap_or(h.term.as_str());
                write!(
                    o,
                    "<li id=\"art-{ai}-h{n}\"><p class=\"l1\"><span class=\"hn\">{n}</span> <mark class=\"hit {} {sc}{} demo\">{}</mark>",
                    voice_class(h.voice),
                    if h.negated { " neg" } else { "" },
                    Esc(shown),
                    n = k + 1
                )?;
                if !h.category.trim().is_empty() {
                    write!(o, " <span class=\"cat\">{}</span>", Esc(h.category.trim()))?;
                }
                if text.is_some_and(|t| !t.trim().eq_ignore_ascii_case(h.term.trim())) && !h.term.trim().is_empty() {
                    write!(o, " <span class=\"entry\">entry: {}</span>", Esc(&h.term))?;
                }
                if !plan.placed[hi] {
                    o.push_str(if text.is_some() {
                        " <span class=\"entry\">(overlaps another mark: not highlighted)</span>"
                    } else {
                        " <span class=\"entry\">(position not found in the text)</span>"
                    });
                }
                write!(
                    o,
                    "</p><p class=\"l2\"><span>Side: {}</span> <span>Voice: {}{}</span>",
                    side_txt,
                    voice_short(h.voice),
                    if h.negated { ", negated" } else { "" }
                )?;
                if !h.neutral.trim().is_empty() {
                    write!(o, " <span>Neutral: <i>{}</i></span>", Esc(h.neutral.trim()))?;
                }
                o.push_str("</p>");
                if !h.note.trim().is_empty() {
                    write!(o, "<p class=\"l3\">{}</p>", Esc(h.note.trim()))?;
                }
                o.push_str("</li>\n");
            }
            o.push_str("</ol>\n</details>\n</div>\n");
        }
        o.push_str("</div>\n</article>\n");
        Ok(())
    }

    /// (class, escaped HTML text) for a hit's side.
    fn side_text(&self, side: Option<(usize, usize)>) -> (&'static str, String) {
        match side.and_then(|(a, p)| self.pole(a, p).map(|x| (p, x))) {
            Some((pi, (axis, name, code))) => (
                if pi == 0 { "s0" } else { "s1" },
                format!(
                    "<span class=\"code c{pi}\" title=\"axis {}\">{}</span> {}",
                    Esc(&axis.name),
                    Esc(code),
                    Esc(name)
                ),
            ),
            None if side.is_some() => ("su", "unknown side".to_string()),
            None => ("su", "none".to_string()),
        }
    }

    fn mark(&self, o: &mut String, ai: usize, row: usize, h: &HitView, text: &str) -> R {
        let side = h.side.and_then(|(a, p)| self.pole(a, p).map(|x| (p, x)));
        let sc = match side {
            Some((0, _)) => "s0",
            Some(_) => "s1",
            None => "su",
        };
        let mut tip = String::new();
        tip.push_str(if h.term.trim().is_empty() { text } else { h.term.trim() });
        if !h.category.trim().is_empty() {
            tip.push_str("\nKind: ");
            tip.push_str(h.category.trim());
        }
        tip.push_str("\nSide: ");
        match side {
            Some((_, (axis, name, code))) => {
                let _ = write!(tip, "{name} ({code}, axis {})", axis.name);
            }
            None => tip.push_str("none (loaded, takes no side)"),
        }
        tip.push_str("\nVoice: ");
        tip.push_str(voice_long(h.voice));
        if h.negated {
            tip.push_str("\nNegated: yes");
        }
        if !h.neutral.trim().is_empty() {
            tip.push_str("\nNeutral alternative: ");
            tip.push_str(h.neutral.trim());
        }
        if !h.note.trim().is_empty() {
            tip.push_str("\nNote: ");
            tip.push_str(h.note.trim());
        }
        write!(
            o,
            "<mark class=\"hit {} {sc}{}\" tabindex=\"0\" data-tip=\"{}\" aria-describedby=\"art-{ai}-h{row}\">",
            voice_class(h.voice),
            if h.negated { " neg" } else { "" },
            Esc(&tip)
        )?;
        push_escaped(o, text);
        let mut sup = String::new();
        if let Some((_, (_, _, code))) = side {
            sup.push_str(code);
        }
        if h.negated {
            if !sup.is_empty() {
                sup.push('\u{00a0}');
            }
            sup.push_str("not");
        }
        if !sup.is_empty() {
            write!(o, "<sup aria-hidden=\"true\">{}</sup>", Esc(&sup))?;
        }
        o.push_str("</mark>");
        Ok(())
    }

    // ── sources and keyness ──

    fn sources_section(&self, o: &mut String) -> R {
        let p = self.p;
        o.push_str(
            "<section id=\"sources\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">Who is quoted?</h2>\n",
        );
        o.push_str(
            "<p class=\"intro\">The people and bodies each outlet lets speak, how many claims it carries from them, \
             and how it introduces them (a neutral \u{201c}said\u{201d}, or a distancing \u{201c}claimed\u{201d}).</p>\n",
        );
        if p.sources.is_empty() {
            o.push_str("<p class=\"none\">No sources recorded in this run.</p>\n</section>\n");
            return Ok(());
        }
        for (ev, rows) in group_by(&p.sources, |s| s.event.as_str()) {
            o.push_str("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Sources\">\n<table class=\"sources\">\n");
            writeln!(o, "<caption>Sources on \u{201c}{}\u{201d}</caption>", Esc(ev))?;
            o.push_str(
                "<thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Speaker</th><th scope=\"col\" class=\"n\">Claims</th>\
                 <th scope=\"col\" class=\"n\">Quoted</th><th scope=\"col\" class=\"n\">Attributed</th><th scope=\"col\">How introduced</th></tr></thead>\n",
            );
            // One row group per run of rows of the same outlet, its name spanning the group.
            let mut i = 0;
            while i < rows.len() {
                let outlet = rows[i].outlet.as_str();
                let run = rows[i..].iter().take_while(|s| s.outlet == outlet).count().max(1);
                o.push_str("<tbody>\n");
                for (k, s) in rows[i..i + run].iter().enumerate() {
                    o.push_str("<tr>");
                    if k == 0 {
                        write!(o, "<th scope=\"rowgroup\" rowspan=\"{run}\" class=\"out\">{}</th>", Esc(outlet))?;
                    }
                    writeln!(
                        o,
                        "<th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                        Esc(&s.speaker),
                        s.claims,
                        s.quoted,
                        s.attributed,
                        Esc(&s.stances)
                    )?;
                }
                i += run;
                o.push_str("</tbody>\n");
            }
            o.push_str("</table>\n</div>\n");
        }
        o.push_str("</section>\n");
        Ok(())
    }

    fn keyness_section(&self, o: &mut String) -> R {
        let p = self.p;
        o.push_str(
            "<section id=\"keyness\" aria-labelledby=\"keyness-h\">\n<h2 id=\"keyness-h\">Words that stand out</h2>\n",
        );
        o.push_str(
            "<p class=\"intro\">Words each outlet uses much more than the other outlets covering the same story. \
             The number is how often it uses the word; <b>z</b> is how unusual that is (above 2 is notable).</p>\n",
        );
        if p.keyness.is_empty() {
            o.push_str("<p class=\"none\">No key terms in this run.</p>\n</section>\n");
            return Ok(());
        }
        for (ev, rows) in group_by(&p.keyness, |k| k.event.as_str()) {
            o.push_str("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Distinctive words\">\n<table class=\"keyness\">\n");
            writeln!(o, "<caption>Distinctive words on \u{201c}{}\u{201d}</caption>", Esc(ev))?;
            o.push_str("<thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Words it uses more than the others</th></tr></thead>\n<tbody>\n");
            for (outlet, terms) in group_by(&rows, |k| k.outlet.as_str()) {
                write!(o, "<tr><th scope=\"row\">{}</th><td><ul class=\"terms\">", Esc(outlet))?;
                for k in terms {
                    write!(
                        o,
                        "<li><span class=\"term\">{}</span> <span class=\"kn\">{}\u{00d7} · z\u{00a0}{}</span></li>",
                        Esc(&k.term),
                        grouped(k.count),
                        fixed(k.z, 1)
                    )?;
                }
                o.push_str("</ul></td></tr>\n");
            }
            o.push_str("</tbody>\n</table>\n</div>\n");
        }
        o.push_str("</section>\n");
        Ok(())
    }
}

/// Groups items by a key in order of first appearance (items need not be contiguous).
fn group_by<'a, T, F>(items: &'a [T], key: F) -> Vec<(&'a str, Vec<&'a T>)>
where
    F: Fn(&'a T) -> &'a str,
{
    let mut groups: Vec<(&'a str, Vec<&'a T>)> = Vec::new();
    for it in items {
        let k = key(it);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, v)) => v.push(it),
            None => groups.push((k, vec![it])),
        }
    }
    groups
}

fn digest_code(o: &mut String, digest: &str) -> R {
    let d = digest.trim();
    write!(o, "<code title=\"{}\">{}</code>", Esc(d), Esc(&shorten_plain(d, 12)))
}

/// First `n` characters, with "…" when cut.
fn shorten_plain(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// Writes the pieces of an inline diff, adding a space between pieces where neither side has one.
fn inline_diff(o: &mut String, pieces: &[Piece]) -> R {
    let mut last: Option<char> = None;
    for piece in pieces {
        let (tag, text) = match piece {
            Piece::Same(t) => ("", t.as_str()),
            Piece::Deleted(t) => ("del", t.as_str()),
            Piece::Inserted(t) => ("ins", t.as_str()),
        };
        if text.is_empty() {
            continue;
        }
        let first = text.chars().next();
        let need_space = match (last, first) {
            (Some(l), Some(f)) => {
                !l.is_whitespace()
                    && !f.is_whitespace()
                    && !",.;:!?)]}\u{201d}\u{2019}%".contains(f)
                    && !"([{\u{201c}\u{2018}".contains(l)
            }
            _ => false,
        };
        if need_space {
            o.push(' ');
        }
        match tag {
            "" => push_escaped(o, text),
            t => {
                let sr = if t == "del" { "only in the first: " } else { "only in the second: " };
                write!(o, "<{t}><span class=\"sr\">[{sr}</span>")?;
                push_escaped(o, text);
                write!(o, "<span class=\"sr\">]</span></{t}>")?;
            }
        }
        last = text.chars().last();
    }
    Ok(())
}

/// Short, unique codes for the poles: the shortest prefix (1–3 letters) that no other pole
/// name shares, capitalised; e.g. armenia/azerbaijan → "Ar"/"Az", russia/west → "R"/"W".
fn pole_codes(axes: &[Axis]) -> Vec<[String; 2]> {
    let names: Vec<Vec<char>> = axes
        .iter()
        .flat_map(|a| a.poles.iter())
        .map(|p| p.trim().chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect())
        .collect();
    let code = |i: usize| -> String {
        let me = &names[i];
        if me.is_empty() {
            return format!("{}{}", i / 2 + 1, if i.is_multiple_of(2) { 'a' } else { 'b' });
        }
        let mut len = 1;
        while len < 3 && len < me.len() {
            let clash = names
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && other != me && other.len() >= len && other[..len] == me[..len]);
            if !clash {
                break;
            }
            len += 1;
        }
        let mut s = String::new();
        for (k, c) in me.iter().take(len).enumerate() {
            if k == 0 {
                s.extend(c.to_uppercase());
            } else {
                s.push(*c);
            }
        }
        s
    };
    (0..axes.len()).map(|a| [code(2 * a), code(2 * a + 1)]).collect()
}

// ───────────────────────────── the CSP script hash ─────────────────────────────

fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).into()
}

fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n =
            (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                out.push(char::from(A[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ───────────────────────────── tests ─────────────────────────────

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(start: usize, end: usize, side: Option<(usize, usize)>, voice: Voice) -> HitView {
        HitView {
            start,
            end,
            term: "term".into(),
            category: "loaded".into(),
            side,
            voice,
            negated: false,
            neutral: "neutral".into(),
            note: "note".into(),
        }
    }

    fn axes() -> Vec<Axis> {
        vec![Axis { name: "armenia-azerbaijan".into(), poles: ["armenia".into(), "azerbaijan".into()] }]
    }

    fn article(body: &str, hits: Vec<HitView>) -> ArticleView {
        ArticleView {
            outlet: "Outlet".into(),
            id: "a1".into(),
            title: "Title".into(),
            date: "2024-03-12".into(),
            url: "https://example.org/a".into(),
            event: "ev".into(),
            body: body.into(),
            hits,
        }
    }

    fn count(hay: &str, needle: &str) -> usize {
        hay.matches(needle).count()
    }

    #[test]
    fn escapes_everything_dangerous() {
        assert_eq!(escape_html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape_html("a\u{0}b\u{7}c\nd"), "a\u{fffd}b\u{fffd}c\nd");
        assert_eq!(format!("{}", Esc("<x y='1'>&\u{1}é")), escape_html("<x y='1'>&\u{1}é"));
        assert_eq!(escape_html("Xankəndi — Şuşa"), "Xankəndi — Şuşa");
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(safe_url(" https://example.org/x "), Some("https://example.org/x"));
        assert_eq!(safe_url("HTTP://EXAMPLE.ORG"), Some("HTTP://EXAMPLE.ORG"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JavaScript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,<b>"), None);
        assert_eq!(safe_url("https://a b"), None);
        assert_eq!(safe_url("//evil.example"), None);
        assert_eq!(safe_url("https://"), None);
    }

    const PAYLOADS: [&str; 4] =
        ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "</style><script>"];

    fn hostile_page() -> Page {
        let bad = PAYLOADS.join(" ");
        let body = format!("{bad}\n\nSecond {bad} paragraph.");
        let hits = vec![
            HitView {
                start: 0,
                end: PAYLOADS[0].len(),
                term: bad.clone(),
                category: bad.clone(),
                side: Some((0, 0)),
                voice: Voice::Narrator,
                negated: true,
                neutral: bad.clone(),
                note: bad.clone(),
            },
            HitView {
                side: Some((0, 1)),
                voice: Voice::ScareQuote,
                ..hit(body.len() - 10, body.len(), None, Voice::Quote)
            },
        ];
        let m = |v: Option<f64>| Measure {
            value: v,
            low: v.map(|x| x - 1.0),
            high: v.map(|x| x + 1.0),
            note: Some(bad.clone()),
        };
        Page {
            title: bad.clone(),
            stamp: RunStamp {
                version: bad.clone(),
                lexicons: vec![(bad.clone(), bad.clone())],
                corpus_digest: bad.clone(),
                articles: 1,
                outlets: 1,
                events: 1,
                words: 10,
            },
            notices: vec![bad.clone()],
            axes: vec![Axis { name: bad.clone(), poles: [bad.clone(), bad.clone()] }],
            categories: vec![bad.clone(), bad.clone()],
            outlets: vec![OutletView {
                name: bad.clone(),
                articles: 1,
                words: 10,
                lean: vec![m(Some(0.5))],
                naming: vec![m(None)],
                rates: vec![m(Some(2.0)), m(None)],
                small_sample: Some(bad.clone()),
            }],
            articles: vec![
                ArticleView {
                    outlet: bad.clone(),
                    id: bad.clone(),
                    title: bad.clone(),
                    date: bad.clone(),
                    url: "javascript:alert(1)".into(),
                    event: bad.clone(),
                    body: body.clone(),
                    hits,
                },
                ArticleView {
                    url: format!("https://example.org/?q={}{}", PAYLOADS[0], PAYLOADS[3]),
                    ..article(&bad, vec![])
                },
                ArticleView { url: bad.clone(), ..article(&bad, vec![]) },
            ],
            events: vec![EventClaims {
                event: bad.clone(),
                outlets: vec![bad.clone(), bad.clone()],
                clusters: vec![ClusterView { id: 1, text: bad.clone(), cells: vec![Status::Asserted, Status::Quoted] }],
                differences: vec![DiffView {
                    cluster: 1,
                    outlet_a: bad.clone(),
                    outlet_b: bad.clone(),
                    kind: DiffKind::Conflict,
                    from: bad.clone(),
                    to: bad.clone(),
                    inline: vec![Piece::Same(bad.clone()), Piece::Deleted(bad.clone()), Piece::Inserted(bad.clone())],
                }],
            }],
            sources: vec![SourceView {
                event: bad.clone(),
                outlet: bad.clone(),
                speaker: bad.clone(),
                claims: 1,
                quoted: 1,
                attributed: 0,
                stances: bad.clone(),
            }],
            keyness: vec![KeyTermView { event: bad.clone(), outlet: bad.clone(), term: bad.clone(), count: 1, z: 2.0 }],
        }
    }

    #[test]
    fn untrusted_strings_never_reach_the_output_unescaped() {
        let html = render(&hostile_page());
        for p in PAYLOADS {
            if p == "javascript:alert(1)" {
                // May appear as text, never as a link target.
                assert!(!html.to_lowercase().contains("href=\"javascript:"), "javascript: link");
                assert!(!html.contains("href=\" javascript"), "javascript: link");
                continue;
            }
            assert!(!html.contains(p), "unescaped payload {p:?}");
        }
        let lower = html.to_lowercase();
        assert_eq!(count(&lower, "<script"), 1, "exactly our own script");
        assert_eq!(count(&lower, "</script"), 1);
        assert_eq!(count(&lower, "<style"), 1);
        assert_eq!(count(&lower, "</style"), 1);
        assert!(!lower.contains("<img"));
        // The https URL with a payload in its query is linked, escaped.
        assert!(html.contains("href=\"https://example.org/?q=&lt;script&gt;"));
        // Every href is ours: fragment or http(s).
        for (i, _) in html.match_indices("href=\"") {
            let rest = &html[i + 6..];
            assert!(
                rest.starts_with('#') || rest.starts_with("http://") || rest.starts_with("https://"),
                "{}",
                &rest[..20]
            );
        }
    }

    #[test]
    fn offsets_inside_multibyte_characters_do_not_panic() {
        let body = "Şuşa and Xankəndi — ağ.\n\nStepanakert ✓ 🙂 end";
        let mut hits = Vec::new();
        for s in 0..body.len() + 3 {
            hits.push(hit(s, s + 2, Some((0, s % 2)), Voice::Narrator));
            hits.push(hit(s + 1, s, None, Voice::Quote)); // reversed
        }
        hits.push(hit(usize::MAX - 1, usize::MAX, None, Voice::Quote));
        let page = Page { axes: axes(), articles: vec![article(body, hits)], ..Page::default() };
        let html = render(&page);
        assert!(html.contains("</html>"));
        // The widened ranges never split a character: the output is valid UTF-8 by construction
        // and every character of the body is still there.
        for c in ["Ş", "ə", "—", "✓", "🙂"] {
            assert!(html.contains(c), "lost {c}");
        }
    }

    #[test]
    fn overlapping_and_unsorted_hits_are_handled() {
        let body = "alpha beta gamma delta epsilon";
        // unsorted, overlapping, duplicated, and out of range
        let hits = vec![
            hit(17, 22, Some((0, 1)), Voice::Quote),  // delta
            hit(0, 5, Some((0, 0)), Voice::Narrator), // alpha
            hit(3, 10, None, Voice::Narrator),        // overlaps alpha
            hit(6, 10, None, Voice::ScareQuote),      // beta
            hit(6, 10, None, Voice::Distanced),       // duplicate of beta
            hit(100, 120, None, Voice::Narrator),     // out of range
        ];
        let page = Page { axes: axes(), articles: vec![article(body, hits)], ..Page::default() };
        let html = render(&page);
        assert_eq!(count(&html, "tabindex=\"0\" data-tip="), 3, "alpha, beta, delta highlighted once each");
        // All six are listed in the table.
        assert_eq!(count(&html, "<li id=\"art-0-h"), 6);
        assert!(html.contains("overlaps another mark"));
        assert!(html.contains("position not found"));
        // Text order in the body.
        let a = html.find(">alpha<").unwrap_or(0);
        let d = html.find(">delta<").unwrap_or(0);
        assert!(a > 0 && d > a);
        // No text lost or duplicated in the paragraph.
        let body_html = &html[html.find("<div class=\"body\">").unwrap_or(0)..];
        assert_eq!(count(body_html, "gamma"), 1);
        assert_eq!(count(body_html, "epsilon"), 1);
    }

    #[test]
    fn paragraphs_are_kept() {
        assert_eq!(paragraphs("a\nb\n\nc"), vec![(0, 3), (5, 6)]);
        assert_eq!(paragraphs("a\nb\nc"), vec![(0, 1), (2, 3), (4, 5)]);
        assert_eq!(paragraphs("\n\n x \n\n"), vec![(2, 5)]);
        assert_eq!(paragraphs("a\r\n\r\nb"), vec![(0, 2), (5, 6)]);
        assert!(paragraphs("").is_empty());
        // a hit across a paragraph break is drawn in both paragraphs
        let body = "one two\n\nthree four";
        let page = Page {
            axes: axes(),
            articles: vec![article(body, vec![hit(4, 14, None, Voice::Narrator)])],
            ..Page::default()
        };
        let html = render(&page);
        assert!(html.contains(">two</mark>"));
        assert!(html.contains(">three</mark>"));
    }

    #[test]
    fn empty_page_renders() {
        let html = render(&Page::default());
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("<main id=\"main\">"));
        assert!(html.contains("How to read this page"));
        assert!(html.ends_with("</html>\n"));
        assert_eq!(count(&html.to_lowercase(), "<script"), 1);
    }

    #[test]
    fn short_or_odd_vectors_and_numbers_do_not_panic() {
        let page = Page {
            axes: axes(),
            categories: vec!["label".into(), "loaded".into()],
            outlets: vec![OutletView {
                name: "X".into(),
                lean: vec![Measure { value: Some(f64::NAN), ..Measure::default() }],
                naming: vec![],
                rates: vec![Measure { value: Some(f64::INFINITY), low: Some(1.0), high: Some(f64::NAN), note: None }],
                ..OutletView::default()
            }],
            events: vec![EventClaims {
                event: "e".into(),
                outlets: vec!["a".into(), "b".into(), "c".into()],
                clusters: vec![ClusterView { id: 1, text: "t".into(), cells: vec![Status::Absent] }],
                differences: vec![],
            }],
            articles: vec![article("x", vec![hit(0, 1, Some((7, 3)), Voice::Narrator)])],
            ..Page::default()
        };
        let html = render(&page);
        assert!(html.contains("not measured"));
        assert!(html.contains("not compared"));
        assert!(html.contains("unknown side"));
    }

    #[test]
    fn lean_chart_follows_the_sign_convention() {
        let m = |v: f64| Measure { value: Some(v), low: Some(v - 0.5), high: Some(v + 0.5), note: None };
        let page = Page {
            axes: axes(),
            outlets: vec![
                OutletView { name: "Pos".into(), lean: vec![m(1.5)], naming: vec![m(0.0)], ..OutletView::default() },
                OutletView { name: "Neg".into(), lean: vec![m(-1.5)], naming: vec![], ..OutletView::default() },
            ],
            ..Page::default()
        };
        let html = render(&page);
        assert!(html.contains("\u{2190} armenia"));
        assert!(html.contains("azerbaijan \u{2192}"));
        assert!(html.contains("+1.50 clearly towards armenia"));
        assert!(html.contains("\u{2212}1.50 clearly towards azerbaijan"));
        assert!(html.contains("0.00 no clear lean"));
        // positive is drawn left of the middle (x < 200), negative right
        assert!(html.contains("<circle class=\"pt c0\" cx=\"72.5\""));
        assert!(html.contains("<circle class=\"pt c1\" cx=\"327.5\""));
        assert!(html.contains("role=\"img\""));
    }

    #[test]
    fn naming_column_only_when_measured() {
        let m = |v: f64| Measure { value: Some(v), ..Measure::default() };
        let without = Page {
            axes: axes(),
            outlets: vec![OutletView { name: "A".into(), lean: vec![m(1.0)], ..OutletView::default() }],
            ..Page::default()
        };
        let html = render(&without);
        assert!(!html.contains("class=\"c-name\""), "no naming column without naming data");
        let mut with = without.clone();
        with.outlets[0].naming = vec![Measure { note: Some("off topic".into()), ..Measure::default() }];
        let html = render(&with);
        assert_eq!(count(&html, "<td class=\"c-name\""), 1);
        assert!(html.contains("off topic"));
    }

    #[test]
    fn unknown_difference_kinds_are_listed() {
        let d = DiffView {
            cluster: 3,
            outlet_a: "A".into(),
            outlet_b: "B".into(),
            kind: DiffKind::Other,
            from: "x".into(),
            to: "y".into(),
            inline: vec![],
        };
        let page = Page {
            events: vec![EventClaims { event: "e".into(), differences: vec![d], ..EventClaims::default() }],
            ..Page::default()
        };
        let html = render(&page);
        assert!(html.contains("Other differences"));
        assert!(html.contains("<q class=\"from\">x</q>"));
    }

    #[test]
    fn pole_codes_are_short_and_unique() {
        let ax = vec![
            Axis { name: "a".into(), poles: ["armenia".into(), "azerbaijan".into()] },
            Axis { name: "b".into(), poles: ["russia".into(), "west".into()] },
            Axis { name: "c".into(), poles: ["".into(), "<>".into()] },
        ];
        let c = pole_codes(&ax);
        assert_eq!(c[0], ["Ar".to_string(), "Az".to_string()]);
        assert_eq!(c[1], ["R".to_string(), "W".to_string()]);
        assert_eq!(c[2], ["3a".to_string(), "3b".to_string()]);
    }

    #[test]
    fn inline_diff_spacing_and_markup() {
        let mut o = String::new();
        let _ = inline_diff(
            &mut o,
            &[
                Piece::Same("the ministry".into()),
                Piece::Deleted("said".into()),
                Piece::Inserted("claimed".into()),
                Piece::Same(", adding".into()),
            ],
        );
        assert!(o.starts_with("the ministry <del>"));
        assert!(o.contains("said<span class=\"sr\">]</span></del> <ins>"));
        assert!(o.ends_with("</ins>, adding"));
    }

    #[test]
    fn sha256_and_base64_match_known_vectors() {
        let hex = |b: [u8; 32]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(hex(sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex(sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        let long = vec![b'a'; 1000];
        assert_eq!(hex(sha256(&long)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(1234567), "1,234,567");
        assert_eq!(signed(-0.001, 2), "0.00");
        assert_eq!(signed(2.4, 2), "+2.40");
        assert_eq!(tick(-1.5), "\u{2212}1.5");
        assert_eq!(tick(2.0), "+2");
        assert_eq!(nice_bound(3.1), 4.0);
        assert_eq!(nice_bound(2.4), 3.0);
        assert_eq!(nice_bound(0.2), 1.0);
        assert_eq!(nice_bound(14.0), 20.0);
    }
}
