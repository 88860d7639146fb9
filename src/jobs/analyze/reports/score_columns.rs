//! The score columns shared by `articles.csv` and `outlets.csv`: the totals,
//! then per category its counts and rates, then per axis the summed pole
//! weights and the lean. Outlet rows add a `_low` and `_high` column after
//! every measure that has a bootstrap interval, and lead with the columns
//! people read first (words, each axis's narrator lean and naming measure
//! with their intervals), so that a spreadsheet shows them without
//! scrolling. Both tables are built here, from the lexicon's scheme and the
//! one list of measures, so their columns are named alike.

use std::sync::Arc;

use crate::report::{Columns, Value};
use crate::score::measures::Measures;
use crate::score::{Scheme, Scores};

/// What a row of either table holds for its score columns.
pub trait Scored {
    /// The summed counts.
    fn scores(&self) -> &Scores;
    /// [`Measures::values`] of the counts.
    fn values(&self) -> &[f64];
    /// Each measure's interval, when the table has intervals.
    fn interval(&self, _measure: usize) -> Option<(f64, f64)> {
        None
    }
}

/// The measure's column and, with `intervals`, its bounds.
fn measure_col<R: Scored + 'static>(cols: &mut Columns<R>, m: &Arc<Measures>, k: usize, intervals: bool) {
    let name = &m.list[k].name;
    let mm = m.clone();
    cols.push(name.as_str(), move |r: &R| Value::opt(mm.eval(k, r.values())));
    if intervals {
        bounds(cols, name, k);
    }
}

fn bounds<R: Scored + 'static>(cols: &mut Columns<R>, name: &str, k: usize) {
    cols.push(format!("{name}_low"), move |r: &R| Value::opt(r.interval(k).map(|i| i.0)));
    cols.push(format!("{name}_high"), move |r: &R| Value::opt(r.interval(k).map(|i| i.1)));
}

/// The measures of axis `a`: its narrator lean, all-voices lean and naming
/// measure (the order `Measures::new` declares them in).
fn axis_measures(scheme: &Scheme, a: usize) -> [usize; 3] {
    let first = 2 + 2 * scheme.categories.len() + 3 * a;
    [first, first + 1, first + 2]
}

/// The columns read first, for a table that puts them before the rest
/// ([`append`] with `led` then leaves them out): words, and per axis the
/// narrator lean and the naming measure, each with its interval.
pub fn lead<R: Scored + 'static>(cols: &mut Columns<R>, scheme: &Scheme, measures: &Arc<Measures>) {
    cols.push("words", |r: &R| Value::Int(r.scores().words));
    for a in 0..scheme.axes.len() {
        let [narrator, _, naming] = axis_measures(scheme, a);
        measure_col(cols, measures, narrator, true);
        measure_col(cols, measures, naming, true);
    }
}

/// Appends the totals and the score columns to `cols`; with `intervals`,
/// each measure is followed by its `_low` and `_high` columns (the two hit
/// rates' bounds come right after the totals). With `led`, the columns of
/// [`lead`] are already there and are not repeated.
pub fn append<R: Scored + 'static>(
    cols: &mut Columns<R>,
    scheme: &Scheme,
    measures: &Arc<Measures>,
    intervals: bool,
    led: bool,
) {
    if !led {
        cols.push("words", |r: &R| Value::Int(r.scores().words));
    }
    cols.push("narrator_words", |r: &R| Value::Int(r.scores().narrator_words));
    cols.push("quoted_words", |r: &R| Value::Int(r.scores().quoted_words));
    cols.push("scare_quoted_words", |r: &R| Value::Int(r.scores().scare_quoted_words));
    cols.push("sentences", |r: &R| Value::Int(r.scores().sentences));
    cols.push("hits_narrator", |r: &R| Value::Int(r.scores().hits_narrator));
    cols.push("hits_all", |r: &R| Value::Int(r.scores().hits_all));
    cols.push("negated_hits", |r: &R| Value::Int(r.scores().negated));
    // Measures come in the order Measures::new declares them.
    let mut next = 0..measures.list.len();
    let mut take = || next.next().unwrap_or_else(|| unreachable!("one measure per column group"));
    let (narrator_rate, all_rate) = (take(), take());
    measure_col(cols, measures, narrator_rate, false);
    measure_col(cols, measures, all_rate, false);
    cols.push("coverage", |r: &R| Value::num(r.scores().coverage()));
    if intervals {
        for k in [narrator_rate, all_rate] {
            bounds(cols, &measures.list[k].name, k);
        }
    }
    for (c, cat) in scheme.categories.iter().enumerate() {
        cols.push(format!("{cat}_narrator"), move |r: &R| Value::Int(r.scores().category_narrator[c]));
        cols.push(format!("{cat}_all"), move |r: &R| Value::Int(r.scores().category_all[c]));
        measure_col(cols, measures, take(), intervals);
        measure_col(cols, measures, take(), intervals);
    }
    for (a, axis) in scheme.axes.iter().enumerate() {
        let name = &axis.name;
        if scheme.scoped[a] {
            cols.push(format!("{name}_topic_words"), move |r: &R| Value::Int(r.scores().topic_words[a]));
            cols.push(format!("{name}_on_topic"), move |r: &R| Value::Int(r.scores().on_topic[a]));
            // Why the leans are empty, in words.
            cols.push(format!("{name}_lean_note"), move |r: &R| {
                let s = r.scores();
                if s.on_topic[a] > 0 {
                    Value::text("")
                } else if s.articles == 1 {
                    Value::owned(format!(
                        "off topic: {} topic word(s), too few or too general (see \"Topics\" in docs/lexicon-format.md)",
                        s.topic_words[a]
                    ))
                } else {
                    Value::owned(format!("off topic: none of the {} articles is on the axis's topic", s.articles))
                }
            });
        }
        // Loaded language (narrator, all voices), then names (narrator).
        let [narrator, _, naming] = axis_measures(scheme, a);
        for part in ["narrator", "all", "naming"] {
            for (p, pole) in axis.poles.iter().enumerate() {
                let column =
                    if part == "naming" { format!("{name}_naming_{pole}") } else { format!("{name}_{pole}_{part}") };
                cols.push(column, move |r: &R| {
                    let s = r.scores();
                    Value::num(match part {
                        "narrator" => s.pole_narrator[a][p],
                        "all" => s.pole_all[a][p],
                        _ => s.naming_narrator[a][p],
                    })
                });
            }
            let k = take();
            if !(led && (k == narrator || k == naming)) {
                measure_col(cols, measures, k, intervals);
            }
        }
    }
}
