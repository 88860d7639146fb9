//! `report.html`: one self-contained page a class can look at (see
//! [`crate::report::page`] for the page itself). It is drawn from two
//! sources: the articles this report keeps as they arrive (their text and
//! hits, a bounded number of them), and the tables the other reports wrote
//! (outlets, coverage, differences, claims, sources, keyness), read back
//! through [`Tables`], so the page shows exactly the numbers of the CSV files.
//! [`page_of`] is the one place where a run's data becomes the page model.
//!
//! A large corpus does not make a large page: [`PageLimits`] bounds what is
//! shown, and the page says in plain words what was left out and where it is.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write as _;

use unicode_segmentation::UnicodeSegmentation;

use super::outlets::ALL_EVENTS;
use super::{Finish, Report};
use crate::error::{Error, Result};
use crate::input::Meta;
use crate::jobs::analyze::{ArticleOutput, Context, HitRow, Summary};
use crate::lexicon::Lexicon;
use crate::report::page::{
    self, ArticleView, Axis, ClusterView, DiffKind, DiffView, EventClaims, HitView, KeyTermView, Measure, OutletView,
    Page, Piece, RunStamp, SourceView, Status,
};
use crate::report::{Cell, Output, Table, Tables};
use crate::score::Scheme;
use crate::score::measures::{MIN_ARTICLES, MIN_WORDS};
use crate::text::voice::Voice;

/// The page's file name.
pub const PAGE_FILE: &str = "report.html";

/// How much of a large corpus the page shows. The defaults show a classroom
/// corpus whole and keep the page of a million articles to a few megabytes;
/// everything left out is in the CSV files, and the page says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    /// Articles shown in full per outlet (its first ones in report order).
    pub articles_per_outlet: usize,
    /// Articles shown in full in all.
    pub articles: usize,
    /// Longest article text shown, in bytes; a longer one is cut at a paragraph.
    pub article_bytes: usize,
    /// Outlets in the lean and rate tables.
    pub outlets: usize,
    /// Stories whose claims are shown.
    pub events: usize,
    /// Claims (rows of the grid) per story.
    pub claims: usize,
    /// Outlets (columns of the grid) per story.
    pub grid_outlets: usize,
    /// Differences listed per story.
    pub differences: usize,
    /// Rows of the sources table per story.
    pub sources: usize,
    /// Distinctive words per outlet and story.
    pub key_terms: usize,
}

impl Default for PageLimits {
    fn default() -> Self {
        PageLimits {
            articles_per_outlet: 10,
            articles: 60,
            article_bytes: 60_000,
            outlets: 60,
            events: 10,
            claims: 150,
            grid_outlets: 12,
            differences: 200,
            sources: 80,
            key_terms: 10,
        }
    }
}

/// Rows of the claim tables kept for the page: enough for the stories it
/// shows in a classroom corpus and in most research ones; a story beyond
/// them shows its grid without inline word diffs.
const CLAIM_ROWS: usize = 50_000;

/// The order of articles in every report (see [`Meta::order_key`]), owned.
type Key = (String, String, String, String, usize);

fn key_of(meta: &Meta) -> Key {
    let (e, o, i, p, l) = meta.order_key();
    (e.to_string(), o.to_string(), i.to_string(), p.to_string(), l)
}

/// The first items in key order, at most `per_group` of each group and
/// `total` in all, chosen while items arrive in any order, holding no more
/// than that many at a time.
#[derive(Debug)]
struct FirstPer<K: Ord + Clone, V> {
    per_group: usize,
    total: usize,
    kept: BTreeMap<K, V>,
    groups: HashMap<String, BTreeSet<K>>,
}

impl<K: Ord + Clone, V> FirstPer<K, V> {
    fn new(per_group: usize, total: usize) -> Self {
        FirstPer { per_group, total, kept: BTreeMap::new(), groups: HashMap::new() }
    }

    /// Whether an item with this key would be kept now. An item refused now
    /// is never among the first: enough smaller ones are already held.
    fn wants(&self, group: &str, key: &K) -> bool {
        if self.per_group == 0 || self.total == 0 {
            return false;
        }
        let group_full = self.groups.get(group).is_some_and(|g| g.len() >= self.per_group && g.last() < Some(key));
        let all_full = self.kept.len() >= self.total && self.kept.last_key_value().is_some_and(|(k, _)| k < key);
        !group_full && !all_full
    }

    fn offer(&mut self, group: &str, key: K, make: impl FnOnce() -> V) {
        if !self.wants(group, &key) {
            return;
        }
        let g = self.groups.entry(group.to_string()).or_default();
        g.insert(key.clone());
        if g.len() > self.per_group
            && let Some(last) = g.pop_last()
        {
            self.kept.remove(&last);
        }
        self.kept.insert(key, make());
        if self.kept.len() > self.total
            && let Some((last, _)) = self.kept.pop_last()
        {
            for g in self.groups.values_mut() {
                g.remove(&last);
            }
        }
    }
}

/// An article kept for the page.
#[derive(Debug)]
pub(crate) struct Kept {
    meta: Meta,
    /// The text, cut to [`PageLimits::article_bytes`].
    body: String,
    /// Bytes of the text left out.
    cut: usize,
    /// Its hits inside `body`, one row per hit and entry, in text order.
    hits: Vec<HitRow>,
}

/// The text cut to at most `max` bytes at the end of a paragraph (or a
/// space, or a character when there is neither).
fn cut_text(body: &str, max: usize) -> &str {
    if body.len() <= max {
        return body;
    }
    let mut end = max;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let head = &body[..end];
    let at = head.rfind('\n').filter(|&i| i > max / 2).or_else(|| head.rfind(' ').filter(|&i| i > max / 2));
    &body[..at.unwrap_or(end)]
}

/// Writes `report.html`.
pub struct Html {
    limits: PageLimits,
    tables: Tables,
    shown: FirstPer<Key, Kept>,
}

impl Html {
    /// Asks `tables` for what the page reads from the other reports.
    pub fn new(limits: PageLimits, tables: &Tables) -> Html {
        tables.want_where("outlets", "event", ALL_EVENTS, limits.outlets);
        for name in ["coverage", "claims", "differences", "sources"] {
            tables.want(name, CLAIM_ROWS);
        }
        // An outlet's terms in an event come by falling z, so its first
        // rows hold every one the page shows (see `key_term_views`).
        tables.want_first_per("keyness", CLAIM_ROWS, &["event", "outlet"], limits.key_terms);
        Html { limits, tables: tables.clone(), shown: FirstPer::new(limits.articles_per_outlet, limits.articles) }
    }
}

impl Report for Html {
    fn article(&mut self, a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        let Some(body) = &a.body else { return Ok(()) };
        let max = self.limits.article_bytes;
        self.shown.offer(&a.meta.outlet, key_of(&a.meta), || {
            let shown = cut_text(body, max);
            Kept {
                meta: a.meta.clone(),
                body: shown.to_string(),
                cut: body.len() - shown.len(),
                hits: a.hits.iter().filter(|h| h.end <= shown.len()).cloned().collect(),
            }
        });
        Ok(())
    }

    fn reads_tables(&self) -> bool {
        true
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let run = RunData {
            lexicon: at.ctx.lexicon,
            scheme: &at.ctx.scheme,
            summary,
            tables: &self.tables,
            limits: &self.limits,
            articles: self.shown.kept.into_values().collect(),
        };
        let html = page::render(&page_of(&run));
        let path = out.path(PAGE_FILE);
        let mut file = out.create(PAGE_FILE)?;
        file.write_all(html.as_bytes()).and_then(|()| file.flush()).map_err(|e| Error::write(&path, e))?;
        summary.reports.push(path);
        Ok(())
    }
}

/// Everything the page is drawn from.
pub(crate) struct RunData<'a> {
    /// The lexicon (terms, neutral alternatives, notes, file digests).
    pub lexicon: &'a Lexicon,
    /// Its categories and axes, as the tables name them.
    pub scheme: &'a Scheme,
    /// What the run did.
    pub summary: &'a Summary,
    /// The tables the other reports wrote.
    pub tables: &'a Tables,
    /// How much to show.
    pub limits: &'a PageLimits,
    /// The articles to show, in report order.
    pub articles: Vec<Kept>,
}

/// 12345 → "12,345".
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// A measure and its interval from the columns `name`, `name_low`, `name_high`.
fn measure(t: &Table, row: &[Cell], name: &str) -> Measure {
    let num = |n: &str| t.cell(row, n).and_then(Cell::number);
    Measure { value: num(name), low: num(&format!("{name}_low")), high: num(&format!("{name}_high")), note: None }
}

/// The run's data as the page's model. Every measure the page shows comes
/// from here: a new measure (the naming measure, an empty lean with its
/// reason) is wired in by filling its field below from its columns.
pub(crate) fn page_of(run: &RunData) -> Page {
    let s = run.summary;
    let limits = run.limits;
    let mut notices = Vec::new();
    if s.skipped > 0 {
        notices.push(format!(
            "{} could not be read and {} left out; problems.csv says why.",
            plural(s.skipped as u64, "article", "articles"),
            if s.skipped == 1 { "is" } else { "are" }
        ));
    }

    // Outlets, from their all-events rows of outlets.csv.
    let outlets_table = run.tables.get("outlets");
    let outlet_rows: Vec<&Vec<Cell>> = outlets_table
        .as_deref()
        .map(|t| t.rows.iter().filter(|r| t.cell(r, "event").map(Cell::text) == Some(ALL_EVENTS)).collect())
        .unwrap_or_default();
    let outlet_rows = &outlet_rows[..outlet_rows.len().min(limits.outlets)];
    let any_positive = |names: &[String]| {
        outlets_table.as_deref().is_some_and(|t| {
            outlet_rows
                .iter()
                .any(|r| names.iter().any(|n| t.cell(r, n).and_then(Cell::number).is_some_and(|v| v > 0.0)))
        })
    };
    // Axes and categories no outlet uses would only add empty charts; an
    // axis a shown (negated) hit takes a side on is kept all the same.
    let sided: BTreeSet<usize> =
        run.articles.iter().flat_map(|a| &a.hits).filter_map(|h| run.scheme.pole_of(h.entry)).map(|(a, _)| a).collect();
    let axes: Vec<usize> = (0..run.scheme.axes.len())
        .filter(|&a| {
            let axis = &run.scheme.axes[a];
            let sums: Vec<String> = axis
                .poles
                .iter()
                .flat_map(|p| [format!("{}_{p}_all", axis.name), format!("{}_naming_{p}", axis.name)])
                .collect();
            sided.contains(&a) || any_positive(&sums)
        })
        .collect();
    let categories: Vec<usize> = (0..run.scheme.categories.len())
        .filter(|&c| any_positive(&[format!("{}_all", run.scheme.categories[c])]))
        .collect();
    let mut outlets = Vec::new();
    let mut small = 0;
    if let Some(t) = outlets_table.as_deref() {
        for r in outlet_rows {
            let text = |n: &str| t.cell(r, n).map_or("", Cell::text).to_string();
            let count = |n: &str| t.cell(r, n).and_then(Cell::count).unwrap_or(0);
            let is_small = t.cell(r, "small_sample").and_then(Cell::flag).unwrap_or(false);
            small += usize::from(is_small);
            // An axis whose topic none of the outlet's articles is on has no
            // lean or naming measure: the note says why.
            let on_axis = |a: usize, what: &str| {
                let name = &run.scheme.axes[a].name;
                let mut m = measure(t, r, &format!("{name}_{what}_narrator"));
                if m.value.is_none() {
                    m.note = Some(text(&format!("{name}_lean_note"))).filter(|n| !n.is_empty());
                }
                m
            };
            outlets.push(OutletView {
                name: text("outlet"),
                articles: count("articles"),
                words: count("words"),
                lean: axes.iter().map(|&a| on_axis(a, "lean")).collect(),
                naming: axes.iter().map(|&a| on_axis(a, "naming")).collect(),
                rates: categories
                    .iter()
                    .map(|&c| measure(t, r, &format!("{}_narrator_per_1k", run.scheme.categories[c])))
                    .collect(),
                small_sample: is_small.then(|| text("interval_note")).filter(|n| !n.is_empty()),
            });
        }
        if small > 0 && small == outlets.len() {
            notices.push(format!(
                "Every outlet here has fewer than {MIN_ARTICLES} articles or {} words: treat each lean as a starting \
                 point for discussion, not a verdict.",
                grouped(MIN_WORDS)
            ));
        } else if small > 0 {
            notices.push(format!(
                "{} of {} outlets have little data (marked !): their intervals are rough or missing.",
                small,
                outlets.len()
            ));
        }
        if s.outlets > outlets.len() {
            notices.push(format!(
                "The lean and loaded-word tables show the first {} of {} outlets (by name); outlets.csv has them all.",
                outlets.len(),
                s.outlets
            ));
        }
    }

    // Axes with topic words that no article is on: their leans are empty.
    let off: Vec<&str> = s
        .topics
        .iter()
        .filter(|(a, n)| *n == 0 && axes.iter().any(|&i| run.scheme.axes[i].name == *a))
        .map(|(a, _)| a.as_str())
        .collect();
    if !off.is_empty() && s.articles > 0 {
        notices.push(format!(
            "None of these articles is about {}, so {} left empty; the loaded words are still \
             marked and counted.",
            off.join(" or "),
            if off.len() == 1 { "its lean is" } else { "their leans are" }
        ));
    }

    // Articles, with their hits.
    let axis_index: HashMap<usize, usize> = axes.iter().enumerate().map(|(i, &a)| (a, i)).collect();
    let mut articles = Vec::new();
    for a in &run.articles {
        let mut body = a.body.clone();
        if a.cut > 0 {
            body.push_str(&format!(
                "\n[…] The rest of this article ({}) is left out of this page; its marked words are in hits.csv.",
                plural(a.cut as u64, "byte", "bytes")
            ));
        }
        articles.push(ArticleView {
            outlet: a.meta.outlet.clone(),
            id: a.meta.id.clone(),
            title: a.meta.title.clone(),
            date: a.meta.date.clone(),
            url: a.meta.url.clone(),
            event: a.meta.event.clone().unwrap_or_default(),
            body,
            hits: hit_views(&a.hits, run.lexicon, run.scheme, &axis_index),
        });
    }
    if s.articles > articles.len() {
        notices.push(format!(
            "This page shows {} of {} in full (the first {} of each outlet, {} at most, in report order); \
             articles.csv has every article's numbers and hits.csv every marked word.",
            articles.len(),
            plural(s.articles as u64, "article", "articles"),
            limits.articles_per_outlet,
            limits.articles
        ));
    }

    let events = claim_views(run, &mut notices);
    let shown_events: BTreeSet<&str> = events.iter().map(|e| e.event.as_str()).collect();
    let sources = source_views(run, &shown_events);
    // Distinctive words of the outlets the page shows (all of them, unless there are too many).
    let shown_outlets: BTreeSet<&str> = outlets.iter().map(|o| o.name.as_str()).collect();
    let keyness = key_term_views(run, &shown_events, (s.outlets > outlets.len()).then_some(&shown_outlets));

    Page {
        title: format!(
            "framelens report: {} from {}",
            plural(s.articles as u64, "article", "articles"),
            plural(s.outlets as u64, "outlet", "outlets")
        ),
        stamp: RunStamp {
            version: env!("CARGO_PKG_VERSION").to_string(),
            lexicons: run.lexicon.sources.iter().map(|l| (l.name.clone(), l.sha256.clone())).collect(),
            corpus_digest: s.corpus_digest.clone(),
            articles: s.articles,
            outlets: s.outlets,
            events: s.events,
            words: s.words,
        },
        notices,
        axes: axes
            .iter()
            .map(|&a| Axis { name: run.scheme.axes[a].name.clone(), poles: run.scheme.axes[a].poles.clone() })
            .collect(),
        categories: categories.iter().map(|&c| run.scheme.categories[c].clone()).collect(),
        outlets,
        articles,
        events,
        sources,
        keyness,
    }
}

/// One view per hit: the rows of a hit that stands for several entries
/// (one pattern in several categories) become one mark with every category.
fn hit_views(rows: &[HitRow], lexicon: &Lexicon, scheme: &Scheme, axis_index: &HashMap<usize, usize>) -> Vec<HitView> {
    let mut out: Vec<HitView> = Vec::new();
    for group in rows.chunk_by(|a, b| (a.start, a.end, a.voice) == (b.start, b.end, b.voice)) {
        let h = &group[0];
        let entries: Vec<&crate::lexicon::Entry> = group.iter().map(|r| &lexicon.entries[r.entry]).collect();
        let mut categories: Vec<&str> = Vec::new();
        for e in &entries {
            if !categories.contains(&e.category.as_str()) {
                categories.push(&e.category);
            }
        }
        let first = |f: fn(&crate::lexicon::Entry) -> &str| {
            entries.iter().map(|e| f(e)).find(|s| !s.is_empty()).unwrap_or("").to_string()
        };
        out.push(HitView {
            start: h.start,
            end: h.end,
            term: entries[0].term.clone(),
            category: categories.join(", "),
            side: group
                .iter()
                .find_map(|r| scheme.pole_of(r.entry))
                .and_then(|(a, p)| axis_index.get(&a).map(|&i| (i, p))),
            voice: match h.voice {
                Voice::Narrator => page::Voice::Narrator,
                Voice::Quote => page::Voice::Quote,
                Voice::ScareQuote => page::Voice::ScareQuote,
                Voice::Distanced => page::Voice::Distanced,
            },
            negated: h.negated,
            neutral: first(|e| &e.neutral),
            note: first(|e| &e.note),
        });
    }
    out
}

fn status(s: &str) -> Status {
    match s {
        "asserted" => Status::Asserted,
        "attributed" => Status::Attributed,
        "quoted" => Status::Quoted,
        _ => Status::Absent,
    }
}

fn diff_kind(s: &str) -> DiffKind {
    match s {
        "inserted" => DiffKind::Inserted,
        "deleted" => DiffKind::Deleted,
        "substituted" => DiffKind::Substituted,
        "stance" => DiffKind::Stance,
        "form" => DiffKind::Form,
        "number" => DiffKind::Number,
        "conflict" => DiffKind::Conflict,
        _ => DiffKind::Other,
    }
}

/// Rows of a table grouped by their `event` column, in order (tables are
/// written in event order).
fn by_event(t: &Table) -> Vec<(&str, Vec<&Vec<Cell>>)> {
    let mut out: Vec<(&str, Vec<&Vec<Cell>>)> = Vec::new();
    for r in &t.rows {
        let e = t.cell(r, "event").map_or("", Cell::text);
        match out.last_mut() {
            Some((last, rows)) if *last == e => rows.push(r),
            _ => out.push((e, vec![r])),
        }
    }
    out
}

/// The claim grid and the differences of each story shown.
fn claim_views(run: &RunData, notices: &mut Vec<String>) -> Vec<EventClaims> {
    let limits = run.limits;
    let Some(coverage) = run.tables.get("coverage") else { return Vec::new() };
    let differences = run.tables.get("differences");
    let claims = run.tables.get("claims");
    let texts = sentence_texts(claims.as_deref());
    let groups = by_event(&coverage);
    let mut cut = (groups.len() > limits.events || coverage.rows.len() as u64 > coverage.total, 0, 0, 0);
    let mut out = Vec::new();
    for (event, rows) in groups.into_iter().take(limits.events) {
        let text = |r: &Vec<Cell>, n: &str| coverage.cell(r, n).map_or("", Cell::text).to_string();
        let num = |r: &Vec<Cell>, n: &str| coverage.cell(r, n).and_then(Cell::count).unwrap_or(0) as usize;
        let mut outlets: Vec<String> = Vec::new();
        for r in &rows {
            let o = text(r, "outlet");
            if !outlets.contains(&o) {
                outlets.push(o);
            }
        }
        if outlets.len() > limits.grid_outlets {
            cut.1 += 1;
            outlets.truncate(limits.grid_outlets);
        }
        let mut clusters: Vec<ClusterView> = Vec::new();
        for r in &rows {
            let id = num(r, "cluster");
            if clusters.last().is_none_or(|c| c.id != id) {
                if clusters.len() == limits.claims {
                    cut.2 += 1;
                    break;
                }
                clusters.push(ClusterView { id, text: text(r, "claim"), cells: vec![Status::Absent; outlets.len()] });
            }
            if let (Some(c), Some(i)) = (clusters.last_mut(), outlets.iter().position(|o| *o == text(r, "outlet"))) {
                c.cells[i] = status(coverage.cell(r, "status").map_or("", Cell::text));
            }
        }
        let shown: BTreeSet<usize> = clusters.iter().map(|c| c.id).collect();
        let mut diffs = Vec::new();
        if let Some(d) = differences.as_deref() {
            let cluster_of = |r: &Vec<Cell>| d.cell(r, "cluster").and_then(Cell::count).unwrap_or(0) as usize;
            let mut rows: Vec<&Vec<Cell>> = d
                .rows
                .iter()
                .filter(|r| d.cell(r, "event").map(Cell::text) == Some(event) && shown.contains(&cluster_of(r)))
                .collect();
            if rows.len() > limits.differences {
                // The few differences of meaning (numbers, conflicts, stance,
                // form) are kept before the many word edits, in report order.
                cut.3 += 1;
                let wording = |r: &&Vec<Cell>| {
                    matches!(
                        diff_kind(d.cell(r, "kind").map_or("", Cell::text)),
                        DiffKind::Inserted | DiffKind::Deleted | DiffKind::Substituted
                    )
                };
                let mut keep: Vec<usize> = (0..rows.len()).filter(|&i| !wording(&rows[i])).collect();
                keep.extend((0..rows.len()).filter(|&i| wording(&rows[i])));
                keep.truncate(limits.differences);
                keep.sort_unstable();
                rows = keep.into_iter().map(|i| rows[i]).collect();
            }
            for r in rows {
                let text = |n: &str| d.cell(r, n).map_or("", Cell::text);
                let cluster = cluster_of(r);
                let version = |side: &str| {
                    let (o, a) = (text(&format!("outlet_{side}")), text(&format!("article_{side}")));
                    let parts: Option<Vec<&str>> = text(&format!("sentence_{side}"))
                        .split("; ")
                        .map(|n| texts.get(&(event, o, a, n.trim().parse().ok()?)).map(|t| t.as_str()))
                        .collect();
                    parts.map(|p| p.join(" "))
                };
                diffs.push(DiffView {
                    cluster,
                    outlet_a: text("outlet_a").to_string(),
                    outlet_b: text("outlet_b").to_string(),
                    kind: diff_kind(text("kind")),
                    from: text("from").to_string(),
                    to: text("to").to_string(),
                    inline: match (version("a"), version("b")) {
                        (Some(a), Some(b)) => inline_diff(&a, &b),
                        _ => Vec::new(),
                    },
                });
            }
        }
        out.push(EventClaims { event: event.to_string(), outlets, clusters, differences: diffs });
    }
    if cut.0 {
        notices.push(format!(
            "The claims of the first {} of {} are shown; coverage.csv and differences.csv have every story.",
            out.len(),
            plural(run.summary.events as u64, "story", "stories")
        ));
    }
    if cut.1 > 0 {
        notices.push(format!(
            "Claim grids show the first {} outlets of each story (by name); coverage.csv has every outlet.",
            limits.grid_outlets
        ));
    }
    if cut.2 > 0 || cut.3 > 0 {
        notices.push(format!(
            "Each story shows its first {} claims and up to {} differences (those of numbers, conflicts, \
             stance and form before word edits); claims.csv, coverage.csv and differences.csv have them all.",
            limits.claims, limits.differences
        ));
    }
    out
}

/// The text of each sentence of `claims.csv`, by (event, outlet, article, sentence).
fn sentence_texts(claims: Option<&Table>) -> HashMap<(&str, &str, &str, u64), String> {
    let mut out = HashMap::new();
    if let Some(t) = claims {
        for r in &t.rows {
            let text = |n: &str| t.cell(r, n).map_or("", Cell::text);
            let sentence = t.cell(r, "sentence").and_then(Cell::count).unwrap_or(0);
            out.insert((text("event"), text("outlet"), text("article"), sentence), text("text").to_string());
        }
    }
    out
}

/// Version `a` as an inline word diff against version `b`: the words of
/// both compared as written (punctuation apart), the pieces trimmed so that
/// the page puts the spaces back.
fn inline_diff(a: &str, b: &str) -> Vec<Piece> {
    // Each token with the spaces before it, so the text between tokens survives.
    fn tokens(s: &str) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        let mut space = "";
        let mut at = 0;
        for (i, t) in s.split_word_bound_indices() {
            if t.trim().is_empty() {
                space = &s[at.min(i)..i + t.len()];
                continue;
            }
            out.push((space, t));
            space = "";
            at = i + t.len();
        }
        out
    }
    let (ta, tb) = (tokens(a), tokens(b));
    let (wa, wb): (Vec<&str>, Vec<&str>) = (ta.iter().map(|t| t.1).collect(), tb.iter().map(|t| t.1).collect());
    let join = |ts: &[(&str, &str)]| {
        let mut s = String::new();
        for (i, (space, t)) in ts.iter().enumerate() {
            if i > 0 {
                s.push_str(space);
            }
            s.push_str(t);
        }
        s
    };
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &wa, &wb) {
        let (ra, rb) = (op.old_range(), op.new_range());
        match op {
            similar::DiffOp::Equal { .. } => out.push(Piece::Same(join(&ta[ra]))),
            _ => {
                if !ra.is_empty() {
                    out.push(Piece::Deleted(join(&ta[ra])));
                }
                if !rb.is_empty() {
                    out.push(Piece::Inserted(join(&tb[rb])));
                }
            }
        }
    }
    out
}

/// Whom each outlet quotes, per story shown.
fn source_views(run: &RunData, events: &BTreeSet<&str>) -> Vec<SourceView> {
    let Some(t) = run.tables.get("sources") else { return Vec::new() };
    let mut out = Vec::new();
    for (event, rows) in by_event(&t).into_iter().filter(|(e, _)| events.contains(e)) {
        for r in rows.into_iter().take(run.limits.sources) {
            let text = |n: &str| t.cell(r, n).map_or("", Cell::text);
            let num = |n: &str| t.cell(r, n).and_then(Cell::count).unwrap_or(0) as usize;
            let speaker = match (text("speaker_key"), text("speaker")) {
                (crate::claims::report::NARRATOR, _) => "(the outlet itself: its own statements)".to_string(),
                (key, "") => key.to_string(),
                (_, name) => name.to_string(),
            };
            out.push(SourceView {
                event: event.to_string(),
                outlet: text("outlet").to_string(),
                speaker,
                claims: num("claims"),
                quoted: num("quoted"),
                attributed: num("attributed"),
                stances: text("stances").to_string(),
            });
        }
    }
    out
}

/// Each outlet's most over-used words, per story shown (of the outlets in
/// `only`, when given).
fn key_term_views(run: &RunData, events: &BTreeSet<&str>, only: Option<&BTreeSet<&str>>) -> Vec<KeyTermView> {
    let Some(t) = run.tables.get("keyness") else { return Vec::new() };
    let mut out = Vec::new();
    let mut per: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &t.rows {
        let text = |n: &str| t.cell(r, n).map_or("", Cell::text);
        let z = t.cell(r, "z").and_then(Cell::number).unwrap_or(0.0);
        if !events.contains(text("event")) || z <= 0.0 || only.is_some_and(|o| !o.contains(text("outlet"))) {
            continue;
        }
        let n = per.entry((text("event").to_string(), text("outlet").to_string())).or_default();
        if *n >= run.limits.key_terms {
            continue;
        }
        *n += 1;
        out.push(KeyTermView {
            event: text("event").to_string(),
            outlet: text("outlet").to_string(),
            term: text("term").to_string(),
            count: t.cell(r, "count").and_then(Cell::count).unwrap_or(0),
            z,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_per_group_whatever_the_order() {
        // (group, key): the first 2 of each group, 5 in all, in key order.
        let items: Vec<(&str, u32)> =
            vec![("b", 7), ("a", 9), ("a", 1), ("c", 2), ("a", 4), ("b", 3), ("c", 8), ("a", 0), ("b", 5), ("c", 6)];
        let mut want: Vec<(&str, u32)> = Vec::new();
        let mut sorted = items.clone();
        sorted.sort_by_key(|x| x.1);
        for it in &sorted {
            if want.iter().filter(|w| w.0 == it.0).count() < 2 && want.len() < 5 {
                want.push(*it);
            }
        }
        // Every rotation and the reverse of the input order give the same choice.
        for shift in 0..items.len() {
            for rev in [false, true] {
                let mut order = items.clone();
                order.rotate_left(shift);
                if rev {
                    order.reverse();
                }
                let mut f = FirstPer::new(2, 5);
                for (g, k) in &order {
                    f.offer(g, *k, || *g);
                }
                let got: Vec<(&str, u32)> = f.kept.iter().map(|(k, g)| (*g, *k)).collect();
                assert_eq!(got, want, "order {order:?}");
            }
        }
        let mut none = FirstPer::new(0, 5);
        none.offer("a", 1, || "a");
        assert!(none.kept.is_empty());
    }

    #[test]
    fn cut_text_ends_at_a_paragraph_or_word() {
        let cases = [
            ("short", 10, "short"),
            ("first para\nsecond para", 15, "first para"),
            ("one two three four", 12, "one two"),
            ("ab\u{e9}cd", 3, "ab"),
            ("abcdefgh", 4, "abcd"),
        ];
        for (text, max, want) in cases {
            assert_eq!(cut_text(text, max), want, "{text:?} {max}");
        }
    }

    fn show(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Same(t) => t.clone(),
                Piece::Deleted(t) => format!("[-{t}-]"),
                Piece::Inserted(t) => format!("{{+{t}+}}"),
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn inline_diff_table() {
        let cases = [
            (
                "Pashinyan noted that Armenia",
                "Pashinyan claimed that Armenia",
                "Pashinyan|[-noted-]|{+claimed+}|that Armenia",
            ),
            (
                "hostilities between Armenia and Azerbaijan.",
                "hostilities between Armenia and Azerbaijan due to the occupation.",
                "hostilities between Armenia and Azerbaijan|{+due to the occupation+}|.",
            ),
            ("about 2,000 peacekeepers", "about 3,000 peacekeepers", "about|[-2,000-]|{+3,000+}|peacekeepers"),
            ("same", "same", "same"),
            ("", "new words", "{+new words+}"),
        ];
        for (a, b, want) in cases {
            assert_eq!(show(&inline_diff(a, b)), want, "{a:?} -> {b:?}");
        }
    }

    #[test]
    fn kinds_and_statuses_map_by_name() {
        assert_eq!(diff_kind("conflict"), DiffKind::Conflict);
        assert_eq!(diff_kind("stance"), DiffKind::Stance);
        assert_eq!(diff_kind("something-new"), DiffKind::Other);
        assert_eq!(status("quoted"), Status::Quoted);
        assert_eq!(status("attributed"), Status::Attributed);
        assert_eq!(status("absent"), Status::Absent);
    }
}
