//! Keyness: which words each outlet uses more than the others on the same
//! event, by the log-odds ratio with an informative Dirichlet prior (Monroe,
//! Colaresi & Quinn 2008), over word stems in the narrator's voice. Writes
//! `keyness.csv` and `lexicon-suggestions.csv` (the outlet's most distinctive
//! words that no lexicon entry covers, in lexicon format, ready to review).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::outlets::ALL_EVENTS;
use super::{Finish, Report};
use crate::error::Result;
use crate::glob::{GlobSet, glob_words};
use crate::hash::FastMap;
use crate::jobs::analyze::{ArticleOutput, Context, Keyness, Summary, WordCounts};
use crate::lang::Lang;
use crate::lexicon::{Lexicon, MatchKind};
use crate::normal::normalize_words;
use crate::report::{Columns, Num, Output, Row, TableWriter, Value};
use crate::score::stats::log_odds_term;
use crate::text::Tokenizer;

/// Stem id → count. Stems are interned: with a million articles over many
/// events there are hundreds of millions of (group, stem) counts, and a pair
/// of integers is a fraction of the size of a string key.
type Stems = FastMap<u32, u32>;

/// The word counts of one outlet on one event.
#[derive(Debug, Default)]
struct Group {
    stems: Stems,
    /// Articles per language, to label suggestions.
    languages: BTreeMap<Lang, u64>,
}

/// Word counts gathered during the run.
#[derive(Debug, Default)]
pub struct Counts {
    /// event → outlet → counts.
    groups: BTreeMap<String, BTreeMap<String, Group>>,
    /// Stem → id, and id → stem.
    ids: FastMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
    /// Per stem id: written form → count, to show a readable word for each stem.
    forms: Vec<FastMap<Box<str>, u64>>,
}

impl Counts {
    fn id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.ids.insert(stem.into(), id);
        self.stems.push(stem.into());
        self.forms.push(FastMap::default());
        id
    }

    pub fn add(&mut self, event: &str, outlet: &str, lang: Lang, words: &WordCounts) {
        if !self.groups.contains_key(event) {
            self.groups.insert(event.to_string(), BTreeMap::new());
        }
        let outlets = self.groups.get_mut(event).unwrap_or_else(|| unreachable!("inserted above"));
        if !outlets.contains_key(outlet) {
            outlets.insert(outlet.to_string(), Group::default());
        }
        *outlets
            .get_mut(outlet)
            .unwrap_or_else(|| unreachable!("inserted above"))
            .languages
            .entry(lang)
            .or_default() += 1;
        // Intern first, so the group is looked up once, not once per word.
        let mut ids = Vec::with_capacity(words.len());
        for (stem, form, n) in words.iter() {
            let id = self.id(stem);
            let forms = &mut self.forms[id as usize];
            match forms.get_mut(form) {
                Some(c) => *c += n as u64,
                None => {
                    forms.insert(form.into(), n as u64);
                }
            }
            ids.push((id, n));
        }
        let group = self
            .groups
            .get_mut(event)
            .and_then(|o| o.get_mut(outlet))
            .unwrap_or_else(|| unreachable!("inserted above"));
        for (id, n) in ids {
            *group.stems.entry(id).or_default() += n;
        }
    }
}

/// A row of `keyness.csv`. The term and stem are read through [`Vocab`]
/// when the row is written, so a row costs no string of its own.
struct KeyRow {
    event: Arc<str>,
    outlet: Arc<str>,
    stat: Stat,
}

/// One stem's keyness in one outlet (see [`log_odds_term`]).
#[derive(Debug, Clone, Copy)]
struct Stat {
    id: u32,
    count: u64,
    count_rest: u64,
    log_odds: f64,
    variance: f64,
    z: f64,
}

fn key_columns() -> Columns<KeyRow, Vocab> {
    Columns::new()
        .col("event", |r: &KeyRow| Value::text(&r.event))
        .col("outlet", |r| Value::text(&r.outlet))
        .col_with("term", |v: &Vocab, r: &KeyRow| Value::text(&v.form[r.stat.id as usize]))
        .col_with("stem", |v, r| Value::text(&v.stems[r.stat.id as usize]))
        .col("count", |r| Value::Int(r.stat.count))
        .col("count_rest", |r| Value::Int(r.stat.count_rest))
        .col("log_odds", |r| Value::num(r.stat.log_odds))
        .col("variance", |r| Value::num(r.stat.variance))
        .col("z", |r| Value::num(r.stat.z))
        .col_with("in_lexicon", |v, r| Value::Bool(v.covered[r.stat.id as usize]))
}

/// A row of `lexicon-suggestions.csv`: a lexicon row (so it can be pasted
/// into a lexicon) followed by where it came from.
struct SuggestionRow {
    term: String,
    language: Lang,
    note: String,
    event: String,
    outlet: String,
    z: f64,
    count: u64,
}

impl Row for SuggestionRow {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("term", |r: &SuggestionRow| Value::text(&r.term))
            .col("match", |_| Value::text(MatchKind::Stem.as_str()))
            .col("category", |_| Value::text("candidate"))
            .col("axis", |_| Value::text(""))
            .col("side", |_| Value::text(""))
            .col("weight", |_| Value::Float(1.0))
            .col("neutral", |_| Value::text(""))
            .col("language", |r| Value::text(r.language.as_str()))
            .col("note", |r| Value::text(&r.note))
            .col("event", |r| Value::text(&r.event))
            .col("outlet", |r| Value::text(&r.outlet))
            .col("z", |r| Value::Num(Num::of(r.z)))
            .col("count", |r| Value::Int(r.count))
    }
}

/// What the lexicon already covers, to keep suggestions new.
struct Covered {
    stems: BTreeSet<String>,
    globs: GlobSet,
}

impl Covered {
    fn new(lexicon: &Lexicon) -> Covered {
        let mut tz = Tokenizer::new();
        let mut stems = BTreeSet::new();
        let mut globs = GlobSet::default();
        // Only one-word entries cover a word on its own; a phrase such as
        // "people's republic" does not make "people" a lexicon word.
        for e in lexicon.entries.iter().filter(|e| !e.is_exception()) {
            if e.kind == MatchKind::Glob {
                let words = glob_words(&e.term);
                if let [w] = words.as_slice() {
                    globs.add(w);
                }
            } else if let [w] = normalize_words(&e.term).as_slice() {
                stems.insert(tz.stem_word(e.language, w.strip_suffix("'s").unwrap_or(w)));
            }
        }
        Covered { stems, globs }
    }

    fn contains(&self, stem: &str, form: &str) -> bool {
        self.stems.contains(stem) || self.globs.matches(form).next().is_some()
    }
}

/// Every stem of the run with its shown form and whether the lexicon
/// covers it, worked out once at the end rather than once per row.
struct Vocab {
    stems: Vec<Box<str>>,
    form: Vec<Box<str>>,
    covered: Vec<bool>,
}

impl Vocab {
    fn new(counts: &Counts, covered: &Covered, workers: &crate::jobs::pipeline::Workers) -> Vocab {
        let ids: Vec<usize> = (0..counts.stems.len()).collect();
        let (form, covered): (Vec<Box<str>>, Vec<bool>) = workers.install(|| {
            ids.par_iter()
                .map(|&id| {
                    let stem = &counts.stems[id];
                    let form: Box<str> = counts.forms[id]
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map_or_else(|| stem.clone(), |(w, _)| w.clone());
                    let c = covered.contains(stem, &form);
                    (form, c)
                })
                .unzip()
        });
        Vocab { stems: counts.stems.clone(), form, covered }
    }
}

/// An outlet's name and its word counts.
type Outlet<'a> = (&'a str, &'a Stems);

/// Gathers the narrator's word counts per outlet and event, then writes
/// `keyness.csv` and `lexicon-suggestions.csv`.
#[derive(Default)]
pub struct KeynessReport {
    counts: Counts,
}

impl Report for KeynessReport {
    fn article(&mut self, a: &ArticleOutput, ctx: &Context) -> Result<()> {
        if ctx.keyness {
            let m = &a.meta;
            self.counts.add(m.event.as_deref().unwrap_or_default(), &m.outlet, m.language, &a.words);
        }
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let (format, settings) = (at.options.format, &at.options.keyness);
        let counts = &self.counts;
        let covered = Covered::new(at.ctx.lexicon);
        let vocab = Vocab::new(counts, &covered, at.workers);
        let by_event: BTreeMap<&str, Vec<Outlet>> = counts
            .groups
            .iter()
            .map(|(event, outlets)| (event.as_str(), outlets.iter().map(|(o, g)| (o.as_str(), &g.stems)).collect()))
            .collect();
        let mut all: BTreeMap<&str, Stems> = BTreeMap::new();
        if by_event.len() > 1 {
            for outlets in counts.groups.values() {
                for (outlet, g) in outlets {
                    let acc = all.entry(outlet.as_str()).or_default();
                    for (k, v) in &g.stems {
                        *acc.entry(*k).or_default() += v;
                    }
                }
            }
        }
        let all_list: Vec<Outlet> = all.iter().map(|(o, m)| (*o, m)).collect();
        let mut kw = TableWriter::create(out, "keyness", format, key_columns())?;
        let mut sw = TableWriter::create(out, "lexicon-suggestions", format, SuggestionRow::columns())?;
        let mut runs: Vec<(&str, &[Outlet])> = by_event.iter().map(|(e, v)| (*e, v.as_slice())).collect();
        if !all_list.is_empty() {
            runs.push((ALL_EVENTS, &all_list));
        }
        // Events are independent: compute a batch of them in parallel, then
        // write it in order (batches keep the rows held in memory small).
        for batch in runs.chunks(64) {
            let computed: Vec<(Vec<KeyRow>, Vec<SuggestionRow>)> = at.workers.install(|| {
                batch.par_iter().map(|(event, outlets)| event_rows(event, outlets, counts, &vocab, settings)).collect()
            });
            for (keys, suggestions) in &computed {
                keys.iter().try_for_each(|k| kw.row_with(&vocab, k))?;
                sw.rows(suggestions)?;
                summary.suggestions += suggestions.len();
            }
        }
        summary.reports.push(kw.finish()?);
        summary.reports.push(sw.finish()?);
        Ok(())
    }
}

/// The keyness and suggestion rows of one event (or of all events, `*`):
/// the log-odds of every stem in every outlet against the other outlets
/// (as [`crate::score::stats::log_odds_dirichlet`] computes them, over
/// interned ids), of which only the rows written are put in order: the
/// `top` first and last of each outlet, and the first ones with a z high
/// enough to be suggested.
fn event_rows(
    event: &str,
    outlets: &[Outlet],
    counts: &Counts,
    vocab: &Vocab,
    settings: &Keyness,
) -> (Vec<KeyRow>, Vec<SuggestionRow>) {
    let (mut keys, mut suggestions) = (Vec::new(), Vec::new());
    if outlets.len() < 2 {
        return (keys, suggestions);
    }
    let mut totals: Vec<(u32, u64)> =
        outlets.iter().flat_map(|(_, m)| m.iter().map(|(&id, &n)| (id, u64::from(n)))).collect();
    totals.sort_unstable_by_key(|t| t.0);
    let mut kept: Vec<(u32, u64)> = Vec::with_capacity(totals.len());
    for (id, n) in totals {
        match kept.last_mut() {
            Some(last) if last.0 == id => last.1 += n,
            _ => kept.push((id, n)),
        }
    }
    kept.retain(|&(_, total)| total > 0 && total >= settings.min_count);
    let sizes: Vec<u64> = outlets.iter().map(|(_, m)| m.values().map(|&n| u64::from(n)).sum()).collect();
    let corpus: u64 = sizes.iter().sum();
    let stems = &vocab.stems;
    // z descending, then the stem: the order log_odds_dirichlet sorts in
    // (partial_cmp, so 0.0 and -0.0 tie; every z here is finite).
    let order = |a: &Stat, b: &Stat| {
        b.z.partial_cmp(&a.z).unwrap_or(Ordering::Equal).then_with(|| stems[a.id as usize].cmp(&stems[b.id as usize]))
    };
    let event_arc: Arc<str> = event.into();
    let top = settings.top;
    for (g, (outlet, mine_counts)) in outlets.iter().enumerate() {
        let n_i = sizes[g];
        let mut mine: Vec<Stat> = kept
            .iter()
            .filter_map(|&(id, y_w)| {
                let y_i = mine_counts.get(&id).map_or(0, |&n| u64::from(n));
                let (log_odds, variance, z) = log_odds_term(y_i, y_w, n_i, corpus, settings.prior_scale)?;
                Some(Stat { id, count: y_i, count_rest: y_w - y_i, log_odds, variance, z })
            })
            .collect();
        let outlet_arc: Arc<str> = (*outlet).into();
        let row = |stat: &Stat| KeyRow { event: event_arc.clone(), outlet: outlet_arc.clone(), stat: *stat };
        // The rows a suggestion may come from: a prefix of the order.
        let mut high: Vec<Stat> = if event == ALL_EVENTS {
            Vec::new()
        } else {
            mine.iter().filter(|t| t.z >= settings.suggest_z).copied().collect()
        };
        high.sort_unstable_by(order);
        let n = mine.len();
        if n <= 2 * top {
            mine.sort_unstable_by(order);
            keys.extend(mine.iter().map(row));
        } else if top > 0 {
            // The last `top` in order, then the first `top` among the rest.
            mine.select_nth_unstable_by(n - top, order);
            let (rest, last) = mine.split_at_mut(n - top);
            last.sort_unstable_by(order);
            rest.select_nth_unstable_by(top - 1, order);
            let first = &mut rest[..top];
            first.sort_unstable_by(order);
            keys.extend(first.iter().chain(last.iter()).map(row));
        }
        if event == ALL_EVENTS {
            continue;
        }
        let lang = counts
            .groups
            .get(event)
            .and_then(|o| o.get(*outlet))
            .and_then(|g| g.languages.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(l, _)| *l))
            .unwrap_or(Lang::EN);
        let mut suggested = 0;
        for t in &high {
            if suggested >= settings.suggestions {
                break;
            }
            let form = &vocab.form[t.id as usize];
            if vocab.covered[t.id as usize] || form.chars().count() < 3 {
                continue;
            }
            suggested += 1;
            suggestions.push(SuggestionRow {
                note: format!(
                    "suggested: {outlet} uses it more than the other outlets on {event} ({} times, z = {:.2}); \
                     decide whether it frames, set category, axis, side and a neutral alternative",
                    t.count, t.z
                ),
                term: form.to_string(),
                language: lang,
                event: event.to_string(),
                outlet: outlet.to_string(),
                z: t.z,
                count: t.count,
            });
        }
    }
    (keys, suggestions)
}
