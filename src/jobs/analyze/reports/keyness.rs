//! Keyness: which words each outlet uses more than the others on the same
//! event, by the log-odds ratio with an informative Dirichlet prior (Monroe,
//! Colaresi & Quinn 2008), over word stems in the narrator's voice. Writes
//! `keyness.csv` and `lexicon-suggestions.csv` (the outlet's most distinctive
//! words that no lexicon entry covers, in lexicon format, ready to review).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use super::outlets::ALL_EVENTS;
use super::{Finish, Report};
use crate::error::Result;
use crate::glob::{glob_match, glob_words};
use crate::hash::FastMap;
use crate::jobs::analyze::{ArticleOutput, Context, Keyness, Summary, WordCounts};
use crate::lang::Lang;
use crate::lexicon::{Lexicon, MatchKind};
use crate::normal::normalize_words;
use crate::report::{Columns, Num, Output, Row, TableWriter, Value};
use crate::score::stats::{KeyTerm, log_odds_dirichlet};
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

    fn form(&self, stem: &str) -> String {
        self.ids
            .get(stem)
            .and_then(|&id| self.forms[id as usize].iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))))
            .map_or_else(|| stem.to_string(), |(w, _)| w.to_string())
    }

    /// Counts by stem string, for the statistics.
    fn by_stem(&self, stems: &Stems) -> HashMap<String, u64> {
        stems.iter().map(|(&id, &n)| (self.stems[id as usize].to_string(), u64::from(n))).collect()
    }
}

struct KeyRow {
    event: String,
    outlet: String,
    term: String,
    stem: String,
    count: u64,
    count_rest: u64,
    log_odds: f64,
    variance: f64,
    z: f64,
    in_lexicon: bool,
}

impl Row for KeyRow {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("event", |r: &KeyRow| Value::text(&r.event))
            .col("outlet", |r| Value::text(&r.outlet))
            .col("term", |r| Value::text(&r.term))
            .col("stem", |r| Value::text(&r.stem))
            .col("count", |r| Value::Int(r.count))
            .col("count_rest", |r| Value::Int(r.count_rest))
            .col("log_odds", |r| Value::num(r.log_odds))
            .col("variance", |r| Value::num(r.variance))
            .col("z", |r| Value::num(r.z))
            .col("in_lexicon", |r| Value::Bool(r.in_lexicon))
    }
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
    globs: Vec<String>,
}

impl Covered {
    fn new(lexicon: &Lexicon) -> Covered {
        let mut tz = Tokenizer::new();
        let mut stems = BTreeSet::new();
        let mut globs = Vec::new();
        // Only one-word entries cover a word on its own; a phrase such as
        // "people's republic" does not make "people" a lexicon word.
        for e in lexicon.entries.iter().filter(|e| !e.is_exception()) {
            if e.kind == MatchKind::Glob {
                let words = glob_words(&e.term);
                if let [w] = words.as_slice() {
                    globs.push(w.clone());
                }
            } else if let [w] = normalize_words(&e.term).as_slice() {
                stems.insert(tz.stem_word(e.language, w.strip_suffix("'s").unwrap_or(w)));
            }
        }
        Covered { stems, globs }
    }

    fn contains(&self, stem: &str, form: &str) -> bool {
        self.stems.contains(stem) || self.globs.iter().any(|g| glob_match(g, form))
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
        let mut kw = TableWriter::create(out, "keyness", format, KeyRow::columns())?;
        let mut sw = TableWriter::create(out, "lexicon-suggestions", format, SuggestionRow::columns())?;
        let mut runs: Vec<(&str, &[Outlet])> = by_event.iter().map(|(e, v)| (*e, v.as_slice())).collect();
        if !all_list.is_empty() {
            runs.push((ALL_EVENTS, &all_list));
        }
        // Events are independent: compute a batch of them in parallel, then
        // write it in order (batches keep the rows held in memory small).
        for batch in runs.chunks(64) {
            let computed: Vec<(Vec<KeyRow>, Vec<SuggestionRow>)> = at.workers.install(|| {
                batch
                    .par_iter()
                    .map(|(event, outlets)| event_rows(event, outlets, counts, &covered, settings))
                    .collect()
            });
            for (keys, suggestions) in &computed {
                kw.rows(keys)?;
                sw.rows(suggestions)?;
                summary.suggestions += suggestions.len();
            }
        }
        summary.reports.push(kw.finish()?);
        summary.reports.push(sw.finish()?);
        Ok(())
    }
}

/// The keyness and suggestion rows of one event (or of all events, `*`).
fn event_rows(
    event: &str,
    outlets: &[Outlet],
    counts: &Counts,
    covered: &Covered,
    settings: &Keyness,
) -> (Vec<KeyRow>, Vec<SuggestionRow>) {
    let (mut keys, mut suggestions) = (Vec::new(), Vec::new());
    if outlets.len() < 2 {
        return (keys, suggestions);
    }
    let groups: Vec<HashMap<String, u64>> = outlets.iter().map(|(_, m)| counts.by_stem(m)).collect();
    let terms = log_odds_dirichlet(&groups, settings.prior_scale, settings.min_count);
    // The terms come grouped by outlet, in outlet order.
    let mut by_group: Vec<&[KeyTerm]> = vec![&[]; outlets.len()];
    for chunk in terms.chunk_by(|a, b| a.group == b.group) {
        by_group[chunk[0].group] = chunk;
    }
    for (g, (outlet, _)) in outlets.iter().enumerate() {
        let mine = by_group[g];
        let n = mine.len();
        let keep: Vec<_> = if n <= 2 * settings.top {
            mine.iter().collect()
        } else {
            mine[..settings.top].iter().chain(&mine[n - settings.top..]).collect()
        };
        for t in keep {
            let form = counts.form(&t.term);
            keys.push(KeyRow {
                event: event.to_string(),
                outlet: outlet.to_string(),
                in_lexicon: covered.contains(&t.term, &form),
                term: form,
                stem: t.term.clone(),
                count: t.count,
                count_rest: t.count_rest,
                log_odds: t.log_odds,
                variance: t.variance,
                z: t.z,
            });
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
        for t in mine {
            if suggested >= settings.suggestions || t.z < settings.suggest_z {
                break;
            }
            let form = counts.form(&t.term);
            if covered.contains(&t.term, &form) || form.chars().count() < 3 {
                continue;
            }
            suggested += 1;
            suggestions.push(SuggestionRow {
                note: format!(
                    "suggested: {outlet} uses it more than the other outlets on {event} ({} times, z = {:.2}); \
                     decide whether it frames, set category, axis, side and a neutral alternative",
                    t.count, t.z
                ),
                term: form,
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
