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
use crate::spill::{Codec, ExternalSort, Sorted};
use crate::text::Tokenizer;

/// Stem id → count. Stems are interned: with a million articles over many
/// events there are hundreds of millions of (group, stem) counts, and a pair
/// of integers is a fraction of the size of a string key.
type Stems = FastMap<u32, u32>;

/// About the memory one distinct (event, outlet, stem) count takes in a map:
/// the budget in bytes over this is how many are kept before they are
/// written, sorted, to a run on disk. A corpus of many events has far more
/// of them than the vocabulary.
const ENTRY_BYTES: usize = 16;

/// Articles per language in one group, to label its suggestions (nearly
/// always one language).
type Langs = Vec<(Lang, u64)>;

/// The counts of one event in one outlet.
#[derive(Default)]
struct Group {
    stems: Stems,
    langs: Langs,
}

/// Word counts gathered during the run.
pub struct Counts {
    /// event → outlet → counts, since the last spill.
    groups: BTreeMap<String, BTreeMap<String, Group>>,
    /// Distinct counts in `groups`.
    entries: usize,
    limit: usize,
    /// Earlier counts, on disk in runs sorted by event and outlet.
    spilled: ExternalSort<SpilledGroup>,
    /// outlet → counts over every event (the `*` rows), folded in from the
    /// groups when they are spilled or read.
    all: BTreeMap<String, Stems>,
    /// The first event seen, and whether another one was: the all-events
    /// rows are written only for several.
    first_event: Option<String>,
    several: bool,
    /// Stem → id, and id → stem.
    ids: FastMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
    /// Per stem id: written form → count, to show a readable word for each stem.
    forms: Vec<FastMap<Box<str>, u64>>,
}

/// The value under `key`, made when missing (the key is copied only then:
/// nearly every article's event and outlet are there already).
fn slot<'a, V: Default>(map: &'a mut BTreeMap<String, V>, key: &str) -> &'a mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).unwrap_or_else(|| unreachable!("inserted above"))
}

fn add_lang(langs: &mut Langs, lang: Lang, n: u64) {
    match langs.iter_mut().find(|l| l.0 == lang) {
        Some(l) => l.1 += n,
        None => langs.push((lang, n)),
    }
}

fn add_into(acc: &mut Stems, stems: &Stems) {
    for (&k, &v) in stems {
        *acc.entry(k).or_default() += v;
    }
}

impl Counts {
    fn with_limit(limit: usize) -> Counts {
        Counts {
            groups: BTreeMap::new(),
            entries: 0,
            limit,
            spilled: ExternalSort::with_limit(group_codec(), usize::MAX),
            all: BTreeMap::new(),
            first_event: None,
            several: false,
            ids: FastMap::default(),
            stems: Vec::new(),
            forms: Vec::new(),
        }
    }

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

    pub fn add(&mut self, event: &str, outlet: &str, lang: Lang, words: &WordCounts) -> Result<()> {
        match &self.first_event {
            None => self.first_event = Some(event.to_string()),
            Some(first) => self.several |= first != event,
        }
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
        let group = slot(slot(&mut self.groups, event), outlet);
        add_lang(&mut group.langs, lang, 1);
        let before = group.stems.len();
        for (id, n) in ids {
            *group.stems.entry(id).or_default() += n;
        }
        self.entries += group.stems.len() - before;
        if self.entries > self.limit {
            self.spill()?;
        }
        Ok(())
    }

    /// Moves the groups in memory to a run on disk.
    fn spill(&mut self) -> Result<()> {
        for (event, outlets) in std::mem::take(&mut self.groups) {
            for (outlet, group) in outlets {
                add_into(self.all.entry(outlet.clone()).or_default(), &group.stems);
                let mut pairs: Vec<(u32, u32)> = group.stems.into_iter().collect();
                pairs.sort_unstable();
                self.spilled.push((event.clone(), outlet, group.langs, pairs), 0)?;
            }
        }
        self.entries = 0;
        self.spilled.flush()
    }

    /// Every event's counts in order: straight from memory when nothing was
    /// spilled, else read back from the runs. With `all`, the counts in
    /// memory are also added to the all-events totals (spilled ones were
    /// added when they were spilled).
    fn events(&mut self, all: bool) -> Result<Events> {
        if self.spilled.runs() == 0 {
            if all {
                for outlets in self.groups.values() {
                    for (outlet, group) in outlets {
                        add_into(self.all.entry(outlet.clone()).or_default(), &group.stems);
                    }
                }
            }
            return Ok(Events::Memory(std::mem::take(&mut self.groups).into_iter()));
        }
        if !self.groups.is_empty() {
            self.spill()?;
        }
        let spilled = std::mem::replace(&mut self.spilled, ExternalSort::with_limit(group_codec(), 0));
        Ok(Events::Runs(spilled.finish()?.peekable()))
    }
}

/// One group as a run holds it: event, outlet, articles per language,
/// (stem id, count) by id.
type SpilledGroup = (String, String, Langs, Vec<(u32, u32)>);

/// Groups in order of event and outlet, written compactly: the two names
/// with their lengths, the languages with their counts, the number of
/// pairs, then the pairs.
fn group_codec() -> Codec<SpilledGroup> {
    fn text(text: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    Codec {
        compare: |a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)),
        encode: |(event, outlet, langs, pairs), out| {
            text(event, out);
            text(outlet, out);
            out.extend_from_slice(&(langs.len() as u32).to_le_bytes());
            for (lang, n) in langs {
                text(lang.as_str(), out);
                out.extend_from_slice(&n.to_le_bytes());
            }
            out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
            for (id, n) in pairs {
                out.extend_from_slice(&id.to_le_bytes());
                out.extend_from_slice(&n.to_le_bytes());
            }
            Ok(())
        },
        decode: |bytes| {
            let mut b = Bytes(bytes);
            let event = b.text()?;
            let outlet = b.text()?;
            let mut langs = Langs::new();
            for _ in 0..b.u32()? {
                let lang = b.text()?.parse::<Lang>().map_err(|_| "a keyness run holds an unknown language")?;
                langs.push((lang, b.u64()?));
            }
            let n = b.u32()? as usize;
            let mut pairs = Vec::with_capacity(n);
            for _ in 0..n {
                pairs.push((b.u32()?, b.u32()?));
            }
            Ok((event, outlet, langs, pairs))
        },
    }
}

/// A spilled group's bytes, read from the front.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> std::result::Result<&'a [u8], String> {
        if self.0.len() < n {
            return Err("a keyness run was cut short".into());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self) -> std::result::Result<u32, String> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> std::result::Result<u64, String> {
        self.take(8).map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    }

    fn text(&mut self) -> std::result::Result<String, String> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).map(str::to_string).map_err(|e| e.to_string())
    }
}

/// One event's word counts per outlet.
type Event = (String, BTreeMap<String, Group>);

/// The events in order with their counts: straight from memory when nothing
/// was spilled, else from the runs (a group spilled more than once comes
/// back more than once, and its counts are added up).
enum Events {
    Memory(std::collections::btree_map::IntoIter<String, BTreeMap<String, Group>>),
    Runs(std::iter::Peekable<Sorted<SpilledGroup>>),
}

impl Events {
    fn next_event(&mut self) -> Result<Option<Event>> {
        match self {
            Events::Memory(it) => Ok(it.next()),
            Events::Runs(it) => {
                let Some(first) = it.next() else { return Ok(None) };
                let (event, outlet, langs, pairs) = first?;
                let mut outlets: BTreeMap<String, Group> = BTreeMap::new();
                let mut add = |outlet: String, langs: Langs, pairs: Vec<(u32, u32)>| {
                    let group = outlets.entry(outlet).or_default();
                    for (lang, n) in langs {
                        add_lang(&mut group.langs, lang, n);
                    }
                    for (id, n) in pairs {
                        *group.stems.entry(id).or_default() += n;
                    }
                };
                add(outlet, langs, pairs);
                // An error is taken too, and returned.
                while it.peek().is_some_and(|g| g.as_ref().is_err() || g.as_ref().is_ok_and(|g| g.0 == event)) {
                    if let Some(g) = it.next() {
                        let (_, outlet, langs, pairs) = g?;
                        add(outlet, langs, pairs);
                    }
                }
                Ok(Some((event, outlets)))
            }
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
/// An outlet's name, counts and articles per language.
type Outlet<'a> = (&'a str, &'a Stems, &'a [(Lang, u64)]);

/// Gathers the narrator's word counts per outlet and event, then writes
/// `keyness.csv` and `lexicon-suggestions.csv`.
pub struct KeynessReport {
    counts: Counts,
}

impl KeynessReport {
    /// Counts that move to disk beyond about `memory` bytes.
    pub fn new(memory: usize) -> KeynessReport {
        KeynessReport { counts: Counts::with_limit((memory / ENTRY_BYTES).max(1)) }
    }
}

impl Report for KeynessReport {
    fn article(&mut self, a: &ArticleOutput, ctx: &Context) -> Result<()> {
        if ctx.keyness {
            let m = &a.meta;
            self.counts.add(m.event.as_deref().unwrap_or_default(), &m.outlet, m.language, &a.words)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let (format, settings) = (at.options.format, &at.options.keyness);
        let mut counts = self.counts;
        let covered = Covered::new(at.ctx.lexicon);
        let vocab = Vocab::new(&counts, &covered, at.workers);
        let several = counts.several;
        let mut events = counts.events(several)?;
        let all = if several { std::mem::take(&mut counts.all) } else { BTreeMap::new() };
        // The vocabulary has what rows need of the stems and their forms.
        drop(counts);
        let mut kw = TableWriter::create(out, "keyness", format, key_columns())?;
        let mut sw = TableWriter::create(out, "lexicon-suggestions", format, SuggestionRow::columns())?;
        let mut write = |computed: Vec<(Vec<KeyRow>, Vec<SuggestionRow>)>| -> Result<()> {
            for (keys, suggestions) in &computed {
                keys.iter().try_for_each(|k| kw.row_with(&vocab, k))?;
                sw.rows(suggestions)?;
                summary.suggestions += suggestions.len();
            }
            Ok(())
        };
        // Events are independent: compute a batch of them in parallel, then
        // write it in order (batches of a few events per thread keep what is
        // held in memory small).
        let batch_events = 4 * at.workers.threads().max(1);
        loop {
            let mut batch: Vec<Event> = Vec::new();
            while batch.len() < batch_events {
                match events.next_event()? {
                    Some(e) => batch.push(e),
                    None => break,
                }
            }
            if batch.is_empty() {
                break;
            }
            write(at.workers.install(|| {
                batch
                    .par_iter()
                    .map(|(event, outlets)| {
                        let list: Vec<Outlet> =
                            outlets.iter().map(|(o, g)| (o.as_str(), &g.stems, g.langs.as_slice())).collect();
                        event_rows(event, &list, &vocab, settings)
                    })
                    .collect()
            }))?;
        }
        if !all.is_empty() {
            let list: Vec<Outlet> = all.iter().map(|(o, m)| (o.as_str(), m, &[][..])).collect();
            write(vec![event_rows(ALL_EVENTS, &list, &vocab, settings)])?;
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
fn event_rows(event: &str, outlets: &[Outlet], vocab: &Vocab, settings: &Keyness) -> (Vec<KeyRow>, Vec<SuggestionRow>) {
    let (mut keys, mut suggestions) = (Vec::new(), Vec::new());
    if outlets.len() < 2 {
        return (keys, suggestions);
    }
    let mut totals: Vec<(u32, u64)> =
        outlets.iter().flat_map(|(_, m, _)| m.iter().map(|(&id, &n)| (id, u64::from(n)))).collect();
    totals.sort_unstable_by_key(|t| t.0);
    let mut kept: Vec<(u32, u64)> = Vec::with_capacity(totals.len());
    for (id, n) in totals {
        match kept.last_mut() {
            Some(last) if last.0 == id => last.1 += n,
            _ => kept.push((id, n)),
        }
    }
    kept.retain(|&(_, total)| total > 0 && total >= settings.min_count);
    let sizes: Vec<u64> = outlets.iter().map(|(_, m, _)| m.values().map(|&n| u64::from(n)).sum()).collect();
    let corpus: u64 = sizes.iter().sum();
    let stems = &vocab.stems;
    // z descending, then the stem: the order log_odds_dirichlet sorts in
    // (partial_cmp, so 0.0 and -0.0 tie; every z here is finite).
    let order = |a: &Stat, b: &Stat| {
        b.z.partial_cmp(&a.z).unwrap_or(Ordering::Equal).then_with(|| stems[a.id as usize].cmp(&stems[b.id as usize]))
    };
    let event_arc: Arc<str> = event.into();
    let top = settings.top;
    for (g, (outlet, mine_counts, langs)) in outlets.iter().enumerate() {
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
        let lang = langs.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map_or(Lang::EN, |(l, _)| *l);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> WordCounts {
        let mut n: BTreeMap<&str, u32> = BTreeMap::new();
        for word in text.split_whitespace() {
            *n.entry(word).or_default() += 1;
        }
        let mut w = WordCounts::default();
        for (word, count) in n {
            w.push(word, word, count);
        }
        w
    }

    /// Per event, per outlet, (stem, count) by stem and articles per language.
    type Named = Vec<(String, Vec<(String, Vec<(String, u32)>, Langs)>)>;

    /// Every event's counts as the report reads them at the end.
    fn events(limit: usize, articles: &[(&str, &str, &str, &str)]) -> (usize, Named) {
        let mut counts = Counts::with_limit(limit);
        for (event, outlet, lang, text) in articles {
            counts.add(event, outlet, lang.parse().unwrap(), &words(text)).unwrap();
        }
        let spilled = counts.spilled.runs();
        let mut events = counts.events(false).unwrap();
        let mut out = Vec::new();
        while let Some((event, outlets)) = events.next_event().unwrap() {
            let outlets = outlets
                .into_iter()
                .map(|(o, mut group)| {
                    let mut named: Vec<(String, u32)> =
                        group.stems.into_iter().map(|(id, n)| (counts.stems[id as usize].to_string(), n)).collect();
                    named.sort();
                    group.langs.sort();
                    (o, named, group.langs)
                })
                .collect();
            out.push((event, outlets));
        }
        (spilled, out)
    }

    #[test]
    fn counts_spilled_to_disk_read_back_as_kept_in_memory() {
        // Events and outlets out of order, and one group seen in several
        // runs (its counts and languages must be added up, not repeated).
        let articles: Vec<(&str, &str, &str, &str)> = vec![
            ("strike", "B", "en", "union walkout union pay"),
            ("flood", "A", "en", "river rose river homes"),
            ("strike", "A", "en", "walkout pay talks"),
            ("strike", "B", "de", "union pay pay"),
            ("flood", "C", "en", "homes river aid"),
            ("strike", "B", "en", "talks union"),
            ("", "A", "en", "other news"),
        ];
        let (none, memory) = events(usize::MAX, &articles);
        assert_eq!(none, 0);
        for limit in [1, 3, 5] {
            let (spilled, disk) = events(limit, &articles);
            assert!(spilled > 1, "limit {limit}: {spilled} runs");
            assert_eq!(disk, memory, "limit {limit}");
        }
        let strike = memory.iter().find(|(e, _)| e == "strike").unwrap();
        let b = strike.1.iter().find(|(o, _, _)| o == "B").unwrap();
        assert_eq!(b.1, vec![("pay".into(), 3), ("talks".into(), 1), ("union".into(), 4), ("walkout".into(), 1)]);
        assert_eq!(b.2, vec![("de".parse().unwrap(), 1), (Lang::EN, 2)]);
    }
}
