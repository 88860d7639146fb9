//! The claim reports of an event: `claims.csv` (one row per sentence),
//! `coverage.csv` (cluster × outlet: asserted, attributed, quoted or absent),
//! `differences.csv` (what changes between versions of a claim) and
//! `sources.csv` (whom each outlet quotes, and how).

use std::collections::{BTreeMap, BTreeSet};

use super::align::centrality;
use super::diff::{Kind, Script, Version, compare_with, conflict};
use super::{Alignment, Claim, Form, Stance, align};
use crate::report::{Columns, Row, Value};
use crate::similarity::Weights;

/// The claims of one article, with where it belongs.
#[derive(Debug, Clone)]
pub struct ArticleClaims {
    /// The article's event.
    pub event: String,
    /// Its outlet.
    pub outlet: String,
    /// Its id.
    pub article: String,
    /// Its file (and line, for an export row): the last keys of its order.
    pub path: String,
    /// The line where it starts in its file.
    pub line: usize,
    /// Publication date as given (ISO 8601 sorts as text); may be empty.
    pub date: String,
    /// One claim per sentence, in text order.
    pub claims: Vec<Claim>,
}

/// Versions compared pairwise when a cluster has at most this many (15
/// pairs); above it each version is compared with the reference version
/// only, which keeps the report linear in the number of articles when a wire
/// story is carried by hundreds of outlets.
pub const PAIRWISE_LIMIT: usize = 6;

#[derive(Debug, Clone)]
pub(crate) struct ClaimRow {
    pub event: String,
    pub cluster: usize,
    pub outlet: String,
    pub article: String,
    pub sentence: u32,
    pub paragraph: u32,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub speaker: String,
    pub speaker_key: String,
    pub mention: String,
    pub speaker_role: String,
    pub cue: String,
    pub stance: String,
    pub form: Form,
    pub hedges: String,
    pub loaded: String,
    pub numbers: String,
    pub split: bool,
    pub also_carries: String,
    pub contradicts: String,
    pub outlets_carrying: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct CoverageRow {
    pub event: String,
    pub cluster: usize,
    pub outlet: String,
    pub status: &'static str,
    pub outlets_carrying: usize,
    pub outlets_total: usize,
    pub article: String,
    pub sentence: String,
    pub claim: String,
}

#[derive(Debug, Clone)]
pub(crate) struct DifferenceRow {
    pub event: String,
    pub cluster: usize,
    pub outlet_a: String,
    pub article_a: String,
    pub sentence_a: String,
    pub outlet_b: String,
    pub article_b: String,
    pub sentence_b: String,
    pub kind: Kind,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone)]
pub(crate) struct SourceRow {
    pub event: String,
    pub outlet: String,
    pub speaker_key: String,
    pub speaker: String,
    pub claims: usize,
    pub quoted: usize,
    pub attributed: usize,
    pub stances: String,
    pub cues: String,
}

impl Row for ClaimRow {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("event", |r: &ClaimRow| Value::text(&r.event))
            .col("cluster", |r| Value::Int(r.cluster as u64))
            .col("outlet", |r| Value::text(&r.outlet))
            .col("article", |r| Value::text(&r.article))
            .col("sentence", |r| Value::int(r.sentence))
            .col("paragraph", |r| Value::int(r.paragraph))
            .col("start", |r| Value::Int(r.start as u64))
            .col("end", |r| Value::Int(r.end as u64))
            .col("text", |r| Value::text(&r.text))
            .col("speaker", |r| Value::text(&r.speaker))
            .col("speaker_key", |r| Value::text(&r.speaker_key))
            .col("mention", |r| Value::text(&r.mention))
            .col("speaker_role", |r| Value::text(&r.speaker_role))
            .col("cue", |r| Value::text(&r.cue))
            .col("stance", |r| Value::text(&r.stance))
            .col("form", |r| Value::text(r.form.as_str()))
            .col("hedges", |r| Value::text(&r.hedges))
            .col("loaded", |r| Value::text(&r.loaded))
            .col("numbers", |r| Value::text(&r.numbers))
            .col("split", |r| Value::Bool(r.split))
            .col("also_carries", |r| Value::text(&r.also_carries))
            .col("contradicts", |r| Value::text(&r.contradicts))
            .col("outlets_carrying", |r| Value::Int(r.outlets_carrying as u64))
    }
}

impl Row for CoverageRow {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("event", |r: &CoverageRow| Value::text(&r.event))
            .col("cluster", |r| Value::Int(r.cluster as u64))
            .col("outlet", |r| Value::text(&r.outlet))
            .col("status", |r| Value::text(r.status))
            .col("outlets_carrying", |r| Value::Int(r.outlets_carrying as u64))
            .col("outlets_total", |r| Value::Int(r.outlets_total as u64))
            .col("article", |r| Value::text(&r.article))
            .col("sentence", |r| Value::text(&r.sentence))
            .col("claim", |r| Value::text(&r.claim))
    }
}

impl Row for DifferenceRow {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("event", |r: &DifferenceRow| Value::text(&r.event))
            .col("cluster", |r| Value::Int(r.cluster as u64))
            .col("outlet_a", |r| Value::text(&r.outlet_a))
            .col("article_a", |r| Value::text(&r.article_a))
            .col("sentence_a", |r| Value::text(&r.sentence_a))
            .col("outlet_b", |r| Value::text(&r.outlet_b))
            .col("article_b", |r| Value::text(&r.article_b))
            .col("sentence_b", |r| Value::text(&r.sentence_b))
            .col("kind", |r| Value::text(r.kind.as_str()))
            .col("from", |r| Value::text(&r.from))
            .col("to", |r| Value::text(&r.to))
    }
}

impl Row for SourceRow {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("event", |r: &SourceRow| Value::text(&r.event))
            .col("outlet", |r| Value::text(&r.outlet))
            .col("speaker_key", |r| Value::text(&r.speaker_key))
            .col("speaker", |r| Value::text(&r.speaker))
            .col("claims", |r| Value::Int(r.claims as u64))
            .col("quoted", |r| Value::Int(r.quoted as u64))
            .col("attributed", |r| Value::Int(r.attributed as u64))
            .col("stances", |r| Value::text(&r.stances))
            .col("cues", |r| Value::text(&r.cues))
    }
}

/// What `coverage.csv` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Coverage {
    /// What a reader needs, in a size that grows with the corpus: a story
    /// of at most [`FULL_MATRIX_ARTICLES`] articles (a class's handful)
    /// gets the whole matrix; in a larger one every claim is listed with the
    /// outlets that carry or contradict it (so each outlet's own insertions),
    /// and the outlets that leave out a claim that others carry: any claim
    /// carried by two or more outlets in a story of at most
    /// [`FULL_MATRIX_OUTLETS`] outlets, a claim carried by at least half of
    /// the outlets in a story of more.
    #[default]
    Main,
    /// Every claim × every outlet of its story, `absent` included.
    All,
}

impl crate::choice::Choice for Coverage {
    const CHOICES: &'static [(Self, &'static str, &'static str)] = &[
        (
            Coverage::Main,
            "main",
            "small stories in full; else every claim with the outlets that carry or contradict it, and who leaves out what others carry",
        ),
        (Coverage::All, "all", "every claim × every outlet of its story (absent included)"),
    ];
}

/// Stories of at most this many articles get the whole claim × outlet
/// matrix in `coverage.csv` by default: a class reads who left out what,
/// and the matrix stays within a few times the story's sentences.
pub const FULL_MATRIX_ARTICLES: usize = 12;

/// In larger stories carried by at most this many outlets, `coverage.csv`
/// lists by default who leaves out any claim that two or more outlets carry.
pub const FULL_MATRIX_OUTLETS: usize = 12;

/// How an outlet presents a claim: 0 carried or 1 contradicted, the form,
/// the article and the sentence (the smallest is the strongest).
type Presented<'a> = (u8, Form, &'a str, u32);

/// What the alignment says about one claim, kept until `claims.csv` is
/// written (clusters numbered from 0 within the story).
#[derive(Debug, Clone, Default)]
pub(crate) struct ClaimInfo {
    pub cluster: u32,
    pub carrying: u32,
    pub split: bool,
    pub also: Box<[u32]>,
    pub contradicts: Box<[u32]>,
}

/// The rows of one story (clusters numbered from 0 within the story; the
/// event's numbering is added when they are written) and what `claims.csv`
/// needs of each claim, article by article.
#[derive(Debug, Default)]
pub(crate) struct StoryRows {
    pub coverage: Vec<CoverageRow>,
    pub differences: Vec<DifferenceRow>,
    pub clusters: usize,
    pub info: Vec<Vec<ClaimInfo>>,
}

/// Characters of the claim's first sentence shown in `coverage.csv`.
pub const CLAIM_CHARS: usize = 120;

/// `text` cut to at most `max` characters at a word boundary, with `…`.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// The `coverage.csv` status of an outlet that only denies a claim.
pub const CONTRADICTED: &str = "contradicted";

/// Where a claim of the story comes from: (article index, claim index).
type Ref = (usize, usize);

fn join<T: AsRef<str>>(v: &[T]) -> String {
    v.iter().map(AsRef::as_ref).collect::<Vec<_>>().join("; ")
}

/// Aligns one story's articles (in report order) and builds its coverage
/// and difference rows.
pub(crate) fn story_rows(event: &str, articles: &[ArticleClaims], mode: Coverage) -> StoryRows {
    let refs: Vec<Ref> =
        articles.iter().enumerate().flat_map(|(a, ac)| (0..ac.claims.len()).map(move |c| (a, c))).collect();
    let claims: Vec<&Claim> = refs.iter().map(|&(a, c)| &articles[a].claims[c]).collect();
    let article_of: Vec<usize> = refs.iter().map(|r| r.0).collect();
    let weights = Weights::new(claims.iter().flat_map(|c| [c.features.as_slice(), c.quoted.as_slice()]));
    let al: Alignment = align(&claims, &article_of, &weights);

    let outlets: Vec<&str> =
        articles.iter().map(|a| a.outlet.as_str()).collect::<BTreeSet<&str>>().into_iter().collect();
    // Each article's outlet as its place in `outlets`.
    let outlet_of: Vec<usize> =
        articles.iter().map(|a| outlets.binary_search(&a.outlet.as_str()).unwrap_or_default()).collect();
    let carrying: Vec<usize> = al
        .clusters
        .iter()
        .map(|c| {
            let mut o: Vec<usize> = c.members.iter().chain(&c.also).map(|&k| outlet_of[article_of[k]]).collect();
            o.sort_unstable();
            o.dedup();
            o.len()
        })
        .collect();
    let mut also_of: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    let mut contradicts_of: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for (cl, c) in al.clusters.iter().enumerate() {
        for &k in &c.also {
            also_of.entry(k).or_default().push(cl as u32);
        }
        for &k in &c.contradicted_by {
            contradicts_of.entry(k).or_default().push(cl as u32);
        }
    }

    let mut rows = StoryRows { clusters: al.clusters.len(), ..StoryRows::default() };
    let mut k = 0;
    for a in articles {
        let mut info = Vec::with_capacity(a.claims.len());
        for _ in &a.claims {
            let cl = al.cluster_of[k];
            info.push(ClaimInfo {
                cluster: cl as u32,
                carrying: carrying[cl] as u32,
                split: al.split[k],
                also: also_of.remove(&k).unwrap_or_default().into(),
                contradicts: contradicts_of.remove(&k).unwrap_or_default().into(),
            });
            k += 1;
        }
        rows.info.push(info);
    }

    for (cl, cluster) in al.clusters.iter().enumerate() {
        let leader = claims[cluster.leader];
        // The cluster's first sentence, cut short: the whole text is in claims.csv,
        // and this column repeats on every outlet's row.
        let summary = shorten(&leader.text.replace(['\n', '\r'], " "), CLAIM_CHARS);
        // Each outlet's strongest presentation of the claim; an outlet that
        // only denies it contradicts it.
        let mut by_outlet: Vec<(usize, Presented)> = Vec::new();
        let carried = cluster.members.iter().chain(&cluster.also).map(|k| (0, k));
        for (rank, &k) in carried.chain(cluster.contradicted_by.iter().map(|k| (1, k))) {
            let a = &articles[article_of[k]];
            let entry = (rank, claims[k].form, a.article.as_str(), claims[k].sentence);
            let o = outlet_of[article_of[k]];
            match by_outlet.iter_mut().find(|e| e.0 == o) {
                Some(e) => e.1 = e.1.min(entry),
                None => by_outlet.push((o, entry)),
            }
        }
        // Leaving out a claim matters in a small story, when others carry
        // it too, or, in a story of many outlets, when most outlets carry
        // it; elsewhere an outlet's own insertion is listed for that outlet alone.
        let absences = mode == Coverage::All
            || articles.len() <= FULL_MATRIX_ARTICLES
            || (carrying[cl] >= 2 && (outlets.len() <= FULL_MATRIX_OUTLETS || 2 * carrying[cl] >= outlets.len()));
        for (o, outlet) in outlets.iter().enumerate() {
            let (status, article, sentence) = match by_outlet.iter().find(|e| e.0 == o).map(|e| e.1) {
                Some((1, _, article, sentence)) => (CONTRADICTED, article.to_string(), sentence.to_string()),
                Some((_, form, article, sentence)) => (form.status(), article.to_string(), sentence.to_string()),
                None if absences => ("absent", String::new(), String::new()),
                None => continue,
            };
            rows.coverage.push(CoverageRow {
                event: event.into(),
                cluster: cl,
                outlet: (*outlet).into(),
                status,
                outlets_carrying: carrying[cl],
                outlets_total: outlets.len(),
                article,
                sentence,
                claim: summary.as_str().into(),
            });
        }
        rows.differences.extend(differences(event, cl, cluster, &claims, &article_of, articles, &weights));
    }
    rows
}

/// The `claims.csv` rows of one article, given what the alignment found
/// (`first_cluster` is the event's number of the story's first cluster).
pub(crate) fn claim_rows(event: &str, a: &ArticleClaims, info: &[ClaimInfo], first_cluster: usize) -> Vec<ClaimRow> {
    let number = |c: u32| (c as usize + first_cluster).to_string();
    a.claims
        .iter()
        .zip(info)
        .map(|(c, i)| ClaimRow {
            event: event.into(),
            cluster: i.cluster as usize + first_cluster,
            outlet: a.outlet.as_str().into(),
            article: a.article.as_str().into(),
            sentence: c.sentence,
            paragraph: c.paragraph,
            start: c.start,
            end: c.end,
            text: c.text.replace(['\n', '\r'], " "),
            speaker: c.speaker.as_str().into(),
            speaker_key: c.speaker_key.as_str().into(),
            mention: c.mention.as_str().into(),
            speaker_role: c.speaker_role.as_str().into(),
            cue: c.cue.as_str().into(),
            stance: c.stance.map_or("", Stance::as_str).into(),
            form: c.form,
            hedges: join(&c.hedges),
            loaded: join(&c.loaded),
            numbers: join(&c.numbers.iter().map(|n| n.display()).collect::<Vec<_>>()),
            split: i.split,
            also_carries: join(&i.also.iter().map(|&c| number(c)).collect::<Vec<_>>()),
            contradicts: join(&i.contradicts.iter().map(|&c| number(c)).collect::<Vec<_>>()),
            outlets_carrying: i.carrying as usize,
        })
        .collect()
}

fn differences(
    event: &str,
    cl: usize,
    cluster: &super::Cluster,
    claims: &[&Claim],
    article_of: &[usize],
    articles: &[ArticleClaims],
    weights: &Weights,
) -> Vec<DifferenceRow> {
    // One version per article: its sentences in this cluster, in text order.
    let mut versions: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &k in cluster.members.iter().chain(&cluster.also) {
        versions.entry(article_of[k]).or_default().push(k);
    }
    let mut list: Vec<(usize, Vec<usize>)> = versions.into_iter().collect();
    for (_, ks) in &mut list {
        ks.sort_unstable();
    }
    // A sentence that denies the claim is a version of its own, compared
    // with the others for the contradiction only.
    let carrying = list.len();
    list.extend(cluster.contradicted_by.iter().map(|&k| (article_of[k], vec![k])));
    if list.len() < 2 {
        return Vec::new();
    }
    // Order versions from the most central (closest to all others) down, so
    // that "inserted" means added relative to the version most outlets share;
    // among equally central versions the earliest published comes first, as
    // the likely source, then corpus order.
    let versions: Vec<Version> =
        list.iter().map(|(_, ks)| Version::new(ks.iter().map(|&k| claims[k]).collect())).collect();
    // Each pair of a small cluster is diffed once, for how central each
    // version is and then for what differs.
    let mut scripts: BTreeMap<(usize, usize), Script> = BTreeMap::new();
    let cent: Vec<f64> = if list.len() <= PAIRWISE_LIMIT {
        for i in 0..versions.len() {
            for j in i + 1..versions.len() {
                scripts.insert((i, j), Script::new(&versions[i], &versions[j]));
            }
        }
        (0..versions.len())
            .map(|i| {
                let sum: f64 = (0..versions.len())
                    .filter(|&j| j != i)
                    .map(|j| scripts[&(i.min(j), i.max(j))].similarity(&versions[i.min(j)], &versions[i.max(j)]))
                    .sum();
                sum / (versions.len() - 1) as f64
            })
            .collect()
    } else {
        let firsts: Vec<usize> = list.iter().map(|(_, ks)| ks[0]).collect();
        centrality(weights, claims, &firsts)
    };
    let date = |x: usize| {
        let d = &articles[list[x].0].date;
        (d.is_empty(), d.clone())
    };
    // Denials come after the versions that carry the claim.
    let cent: Vec<f64> = cent.iter().enumerate().map(|(i, c)| if i >= carrying { c - 2.0 } else { *c }).collect();
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_by(|&x, &y| cent[y].total_cmp(&cent[x]).then(date(x).cmp(&date(y))).then(list[x].0.cmp(&list[y].0)));
    let pairs: Vec<(usize, usize)> = if list.len() <= PAIRWISE_LIMIT {
        (0..order.len()).flat_map(|i| ((i + 1)..order.len()).map(move |j| (i, j))).collect()
    } else {
        (1..order.len()).map(|j| (0, j)).collect()
    };
    let mut out = Vec::new();
    for (i, j) in pairs {
        let (va, vb) = (&list[order[i]], &list[order[j]]);
        let (aa, ab) = (&articles[va.0], &articles[vb.0]);
        if aa.outlet == ab.outlet {
            continue;
        }
        let sentences = |ks: &[usize]| join(&ks.iter().map(|&k| claims[k].sentence.to_string()).collect::<Vec<_>>());
        let denial = order[i] >= carrying || order[j] >= carrying;
        if denial && (order[i] >= carrying) == (order[j] >= carrying) {
            continue;
        }
        let (x, y) = (&versions[order[i]], &versions[order[j]]);
        let found = if denial {
            conflict(&x.claims, &y.claims)
                .map(|(from, to)| super::diff::Difference { kind: Kind::Conflict, from, to })
                .into_iter()
                .collect()
        } else {
            match (scripts.get(&(order[i], order[j])), scripts.get(&(order[j], order[i]))) {
                (Some(s), _) => compare_with(x, y, s),
                (None, Some(s)) => compare_with(x, y, &s.reversed()),
                (None, None) => compare_with(x, y, &Script::new(x, y)),
            }
        };
        for d in found {
            out.push(DifferenceRow {
                event: event.into(),
                cluster: cl,
                outlet_a: aa.outlet.as_str().into(),
                article_a: aa.article.as_str().into(),
                sentence_a: sentences(&va.1),
                outlet_b: ab.outlet.as_str().into(),
                article_b: ab.article.as_str().into(),
                sentence_b: sentences(&vb.1),
                kind: d.kind,
                from: d.from,
                to: d.to,
            });
        }
    }
    out
}

/// The speaker key under which the narrator's own assertions are counted.
pub const NARRATOR: &str = "(narrator)";

#[derive(Default)]
struct SourceAcc {
    speakers: BTreeMap<String, usize>,
    claims: usize,
    quoted: usize,
    attributed: usize,
    stances: BTreeMap<&'static str, usize>,
    cues: BTreeMap<String, usize>,
}

/// `sources.csv` of one event, counted article by article.
#[derive(Default)]
pub(crate) struct Sources {
    acc: BTreeMap<(String, String), SourceAcc>,
}

impl Sources {
    /// Counts the claims of one article of the event.
    pub fn add(&mut self, a: &ArticleClaims) {
        for c in &a.claims {
            let key = if c.speaker_key.is_empty() {
                if c.form == Form::Asserted { NARRATOR } else { "(unattributed quote)" }
            } else {
                c.speaker_key.as_str()
            };
            let e = self.acc.entry((a.outlet.clone(), key.to_string())).or_default();
            e.claims += 1;
            match c.form {
                Form::Direct => e.quoted += 1,
                Form::Indirect => e.attributed += 1,
                Form::Asserted => {}
            }
            if !c.speaker.is_empty() {
                *e.speakers.entry(c.speaker.clone()).or_default() += 1;
            }
            if let Some(s) = c.stance {
                *e.stances.entry(s.as_str()).or_default() += 1;
                *e.cues.entry(c.cue.clone()).or_default() += 1;
            }
        }
    }

    /// The rows, by outlet and speaker key.
    pub fn rows(self, event: &str) -> Vec<SourceRow> {
        fn counts<K: AsRef<str> + Ord>(m: &BTreeMap<K, usize>) -> String {
            let mut v: Vec<(&str, usize)> = m.iter().map(|(k, n)| (k.as_ref(), *n)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            v.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join("; ")
        }
        self.acc
            .into_iter()
            .map(|((outlet, key), a)| {
                // The fullest way the outlet names this speaker.
                let speaker = a
                    .speakers
                    .keys()
                    .max_by_key(|s| (s.len(), std::cmp::Reverse(s.as_str())))
                    .cloned()
                    .unwrap_or_default();
                SourceRow {
                    event: event.into(),
                    outlet,
                    speaker_key: key,
                    speaker,
                    claims: a.claims,
                    quoted: a.quoted,
                    attributed: a.attributed,
                    stances: counts(&a.stances),
                    cues: counts(&a.cues),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shorten_cuts_at_a_word() {
        let cases =
            [("short text", 20, "short text"), ("one two three four", 10, "one two…"), ("abcdefghij", 4, "abcd…")];
        for (text, max, want) in cases {
            assert_eq!(super::shorten(text, max), want, "{text}");
        }
    }
}
