//! `articles.csv` and `outlets.csv`: one row per article, and one per outlet
//! (all events, marked `*`) and per outlet × event. Outlet rows are sums of
//! article rows, with 95% intervals from a bootstrap over the outlet's
//! articles: each replicate weights every article by a Poisson(1) draw fixed
//! by (seed, article, replicate), so partial sums from shards of a corpus add
//! up to the same intervals.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::article::LangSource;
use crate::error::Result;
use crate::lang::Lang;
use crate::report::{Cell, Num, ReportFormat, TableWriter, Text, header_of};
use crate::score::{Scheme, Scores, lean, per_1k};
use crate::stats::{BootstrapSums, article_key, percentile_interval};

use super::Summary;

/// Bootstrap settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Replicates; 0 turns intervals off.
    pub replicates: usize,
    pub seed: u64,
    /// Coverage of the intervals (0.95).
    pub level: f64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap { replicates: 1000, seed: 1, level: 0.95 }
    }
}

/// Below these an outlet's intervals are flagged as resting on little data.
pub const MIN_ARTICLES: u64 = 5;
pub const MIN_WORDS: u64 = 1000;

/// The fixed columns of `articles.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRow {
    pub event: Text,
    pub outlet: Text,
    pub article: Text,
    pub title: Text,
    pub date: Text,
    pub url: Text,
    pub language: Lang,
    pub language_source: LangSource,
    pub path: Text,
}

/// Totals shared by `articles.csv` and `outlets.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub words: u64,
    pub narrator_words: u64,
    pub quoted_words: u64,
    pub scare_quoted_words: u64,
    pub sentences: u64,
    pub hits_narrator: u64,
    pub hits_all: u64,
    pub negated_hits: u64,
    pub hits_narrator_per_1k: Num,
    pub hits_all_per_1k: Num,
    pub coverage: Num,
}

impl Totals {
    pub fn of(s: &Scores) -> Totals {
        let w = s.words as f64;
        Totals {
            words: s.words,
            narrator_words: s.narrator_words,
            quoted_words: s.quoted_words,
            scare_quoted_words: s.scare_quoted_words,
            sentences: s.sentences,
            hits_narrator: s.hits_narrator,
            hits_all: s.hits_all,
            negated_hits: s.negated,
            hits_narrator_per_1k: Num::of(per_1k(s.hits_narrator as f64, w)),
            hits_all_per_1k: Num::of(per_1k(s.hits_all as f64, w)),
            coverage: Num::of(s.coverage()),
        }
    }
}

/// Column names of the lexicon-dependent part of `articles.csv` and, with
/// `intervals`, of `outlets.csv` (each rate and lean followed by `_low` and
/// `_high`). One function for both keeps the two tables named alike.
fn score_header(scheme: &Scheme, intervals: bool) -> Vec<String> {
    let mut h = Vec::new();
    let push = |h: &mut Vec<String>, name: String, with_interval: bool| {
        let bounds = (with_interval && intervals).then(|| [format!("{name}_low"), format!("{name}_high")]);
        h.push(name);
        h.extend(bounds.into_iter().flatten());
    };
    if intervals {
        for name in ["hits_narrator_per_1k", "hits_all_per_1k"] {
            h.push(format!("{name}_low"));
            h.push(format!("{name}_high"));
        }
    }
    for c in &scheme.categories {
        push(&mut h, format!("{c}_narrator"), false);
        push(&mut h, format!("{c}_all"), false);
        push(&mut h, format!("{c}_narrator_per_1k"), true);
        push(&mut h, format!("{c}_all_per_1k"), true);
    }
    for a in &scheme.axes {
        for voice in ["narrator", "all"] {
            push(&mut h, format!("{}_{}_{voice}", a.name, a.poles[0]), false);
            push(&mut h, format!("{}_{}_{voice}", a.name, a.poles[1]), false);
            push(&mut h, format!("{}_lean_{voice}", a.name), true);
        }
    }
    h
}

/// The values under [`score_header`]; `iv` holds the intervals when the
/// header has them.
fn score_cells(scheme: &Scheme, s: &Scores, iv: Option<&Intervals>) -> Vec<Cell> {
    let words = s.words as f64;
    let nc = scheme.categories.len();
    let mut v = Vec::new();
    let ci = |v: &mut Vec<Cell>, interval: Option<Option<(f64, f64)>>| match interval {
        Some(Some((lo, hi))) => v.extend([Cell::from(lo), Cell::from(hi)]),
        Some(None) => v.extend([Cell::Num(Num::none()), Cell::Num(Num::none())]),
        None => {}
    };
    if let Some(iv) = iv {
        ci(&mut v, Some(iv.rates[0]));
        ci(&mut v, Some(iv.rates[1]));
    }
    for c in 0..nc {
        v.push(Cell::from(s.category_narrator[c]));
        v.push(Cell::from(s.category_all[c]));
        v.push(Cell::from(per_1k(s.category_narrator[c] as f64, words)));
        ci(&mut v, iv.map(|iv| iv.rates[2 + c]));
        v.push(Cell::from(per_1k(s.category_all[c] as f64, words)));
        ci(&mut v, iv.map(|iv| iv.rates[2 + nc + c]));
    }
    for a in 0..scheme.axes.len() {
        v.push(Cell::from(s.pole_narrator[a][0]));
        v.push(Cell::from(s.pole_narrator[a][1]));
        v.push(Cell::from(s.lean_narrator(a)));
        ci(&mut v, iv.map(|iv| iv.leans[2 * a]));
        v.push(Cell::from(s.pole_all[a][0]));
        v.push(Cell::from(s.pole_all[a][1]));
        v.push(Cell::from(s.lean_all(a)));
        ci(&mut v, iv.map(|iv| iv.leans[2 * a + 1]));
    }
    v
}

pub fn write_articles(
    out: &std::path::Path,
    format: ReportFormat,
    scheme: &Scheme,
    articles: &[(ArticleRow, Scores)],
    summary: &mut Summary,
) -> Result<()> {
    let sample = ArticleRow {
        event: Text::default(),
        outlet: Text::default(),
        article: Text::default(),
        title: Text::default(),
        date: Text::default(),
        url: Text::default(),
        language: Lang::EN,
        language_source: LangSource::Default,
        path: Text::default(),
    };
    let mut header = header_of(&sample);
    header.extend(header_of(&Totals::of(&Scores::zero(scheme))));
    header.extend(score_header(scheme, false));
    let mut w = TableWriter::create(out, "articles", format, header)?;
    for (row, scores) in articles {
        w.row(&(row, Totals::of(scores), score_cells(scheme, scores, None)))?;
    }
    summary.reports.push(w.finish()?);
    Ok(())
}

/// The marker in `outlets.csv`'s `event` column for an outlet's all-events row.
pub const ALL_EVENTS: &str = "*";

/// The fixed columns of `outlets.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct OutletRow {
    /// `*` on the row that sums all events of the outlet.
    pub event: Text,
    pub outlet: Text,
    pub articles: u64,
    /// True when the outlet has fewer than 5 articles or 1,000 words here.
    pub small_sample: bool,
    /// Why intervals are missing or weak; empty when they are fine.
    pub interval_note: Text,
    pub replicates: usize,
}

/// The statistics of one group resampled by the bootstrap, in the order of
/// the per-article value vector built by [`values`].
fn values(scheme: &Scheme, s: &Scores) -> Vec<f64> {
    let mut v = Vec::with_capacity(3 + 2 * scheme.categories.len() + 4 * scheme.axes.len());
    v.push(s.words as f64);
    v.push(s.hits_narrator as f64);
    v.push(s.hits_all as f64);
    v.extend(s.category_narrator.iter().map(|&c| c as f64));
    v.extend(s.category_all.iter().map(|&c| c as f64));
    for p in &s.pole_narrator {
        v.extend(p);
    }
    for p in &s.pole_all {
        v.extend(p);
    }
    v
}

/// Intervals of one group: for each statistic written with an interval.
struct Intervals {
    /// hits_narrator_per_1k, hits_all_per_1k, then per category narrator, all.
    rates: Vec<Option<(f64, f64)>>,
    /// Per axis: narrator, all.
    leans: Vec<Option<(f64, f64)>>,
}

fn intervals(scheme: &Scheme, members: &[(u64, Vec<f64>)], boot: &Bootstrap) -> Intervals {
    let nc = scheme.categories.len();
    let na = scheme.axes.len();
    let n_rates = 2 + 2 * nc;
    let none = || Intervals { rates: vec![None; n_rates], leans: vec![None; 2 * na] };
    if boot.replicates == 0 || members.len() < 2 {
        return none();
    }
    let width = members[0].1.len();
    let mut sums = BootstrapSums::new(boot.replicates, width);
    for (key, v) in members {
        sums.add(boot.seed, *key, v);
    }
    let mut rate_draws = vec![Vec::with_capacity(boot.replicates); n_rates];
    let mut lean_draws = vec![Vec::with_capacity(boot.replicates); 2 * na];
    for r in 0..boot.replicates {
        let s = sums.replicate(r);
        let words = s[0];
        // A replicate that drew no article (every weight 0) has no rate and
        // no lean; counting its lean as 0 would drag intervals to balance.
        if words <= 0.0 {
            continue;
        }
        for (k, draws) in rate_draws.iter_mut().enumerate() {
            draws.push(per_1k(s[1 + k], words));
        }
        let poles = &s[3 + 2 * nc..];
        for a in 0..na {
            lean_draws[2 * a].push(lean(poles[2 * a], poles[2 * a + 1]));
            lean_draws[2 * a + 1].push(lean(poles[2 * na + 2 * a], poles[2 * na + 2 * a + 1]));
        }
    }
    Intervals {
        rates: rate_draws.iter().map(|d| percentile_interval(d, boot.level)).collect(),
        leans: lean_draws.iter().map(|d| percentile_interval(d, boot.level)).collect(),
    }
}

/// Fails when a lexicon category or axis would make a column name that
/// another column already has (a category named `hits` makes `hits_all`):
/// JSON reports would silently keep only one of them.
pub fn check_columns(scheme: &Scheme) -> Result<()> {
    let articles = {
        let mut h = header_of(&Totals::of(&Scores::zero(scheme)));
        h.extend(score_header(scheme, false));
        h
    };
    let outlets = {
        let mut h = header_of(&Totals::of(&Scores::zero(scheme)));
        h.extend(score_header(scheme, true));
        h
    };
    for header in [articles, outlets] {
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = header.iter().find(|h| !seen.insert(h.as_str())) {
            return Err(crate::error::Error::input(
                crate::error::Location::file("lexicon"),
                format!(
                    "a category or axis name makes the report column {dup:?} twice; rename it in the lexicon \
                     (columns are <category>_narrator, <category>_all, …, <axis>_<side>_narrator, <axis>_lean_narrator, …)"
                ),
            ));
        }
    }
    Ok(())
}

/// A group's totals and its members' keys and bootstrap values.
type Group = (Scores, Vec<(u64, Vec<f64>)>);

pub fn write_outlets(
    out: &std::path::Path,
    format: ReportFormat,
    scheme: &Scheme,
    articles: &[(ArticleRow, Scores)],
    boot: &Bootstrap,
    summary: &mut Summary,
) -> Result<()> {
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    let mut events: BTreeMap<String, ()> = BTreeMap::new();
    for (row, scores) in articles {
        let key = article_key(&[&row.event.0, &row.outlet.0, &row.article.0, &row.path.0]);
        let v = values(scheme, scores);
        events.insert(row.event.0.clone(), ());
        for event in [ALL_EVENTS.to_string(), row.event.0.clone()] {
            let g = groups.entry((row.outlet.0.clone(), event)).or_insert_with(|| (Scores::zero(scheme), Vec::new()));
            g.0.add(scores);
            g.1.push((key, v.clone()));
        }
    }
    summary.events = events.len();
    summary.outlets = groups.keys().filter(|(_, e)| e == ALL_EVENTS).count();
    // With one event the outlet's `*` row repeats its event row; keep both so
    // the table has the same shape whatever the corpus.
    let groups: Vec<((String, String), Group)> = groups.into_iter().collect();
    let computed: Vec<Intervals> =
        groups.par_iter().map(|(_, (_, members))| intervals(scheme, members, boot)).collect();
    let sample = OutletRow {
        event: Text::default(),
        outlet: Text::default(),
        articles: 0,
        small_sample: false,
        interval_note: Text::default(),
        replicates: 0,
    };
    let mut header = header_of(&sample);
    header.extend(header_of(&Totals::of(&Scores::zero(scheme))));
    header.extend(score_header(scheme, true));
    let mut w = TableWriter::create(out, "outlets", format, header)?;
    for (((outlet, event), (s, _)), iv) in groups.iter().zip(&computed) {
        let small = s.articles < MIN_ARTICLES || s.words < MIN_WORDS;
        let note = if boot.replicates == 0 {
            "intervals turned off".to_string()
        } else if s.articles < 2 {
            "one article: no interval".to_string()
        } else if small {
            format!(
                "little data ({} articles, {} words; want {MIN_ARTICLES}+ and {MIN_WORDS}+): intervals are rough",
                s.articles, s.words
            )
        } else {
            String::new()
        };
        if small && event == ALL_EVENTS {
            summary.small_outlets += 1;
        }
        let row = OutletRow {
            event: event.as_str().into(),
            outlet: outlet.as_str().into(),
            articles: s.articles,
            small_sample: small,
            interval_note: note.into(),
            replicates: if s.articles < 2 { 0 } else { boot.replicates },
        };
        w.row(&(row, Totals::of(s), score_cells(scheme, s, Some(iv))))?;
    }
    summary.reports.push(w.finish()?);
    Ok(())
}
