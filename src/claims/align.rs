//! Alignment: groups the sentences of a story's articles into claim
//! clusters, so that each cluster holds the versions of one claim.
//!
//! Sentences are compared by their features (light stems of content words,
//! numbers, counted facts, runs of quoted words), each weighted by its
//! inverse sentence frequency in the story, so shared rare words count
//! most. The similarity of two sentences is the larger of the weighted
//! Jaccard index of their words and that of their words and quotations
//! together: quoted runs make copies of a quotation alike without drowning
//! the words a paraphrase shares.
//!
//! Articles are taken in report order, in four passes:
//!
//! 1. **Matching.** Each article's sentences are matched with the clusters
//!    of earlier articles at once: a sentence joins a cluster at or above
//!    [`THRESHOLD`], or at or above [`MUTUAL`] when each is the other's
//!    best match (no other sentence of the article fits that cluster better,
//!    no other cluster fits the sentence nearly as well). Pairs are taken
//!    best first, one sentence per article and cluster, except that the next
//!    sentence of the same article joins as the second half of a split when
//!    together they match the cluster better. The rest start clusters.
//!    Each sentence is compared with up to [`REPRESENTATIVES`] versions of a
//!    cluster (its first sentences from different articles), so that a copy
//!    still finds its source when the cluster's first version was edited.
//! 2. **Context.** Copies of one story keep its sentence order. A sentence
//!    left alone whose neighbours (within [`CONTEXT_SPAN`] sentences) were
//!    aligned is compared with the clusters found next to those neighbours
//!    in other articles, and joins the best of them from [`CONTEXT_BOTH`]
//!    when the neighbours on both sides agree, or [`CONTEXT_ONE`] when one
//!    side does. This is how an edited sentence (a clause inserted and words
//!    swapped) or a paraphrase between two aligned ones finds its source.
//! 3. **Merged sentences.** A sentence that contains most of another
//!    cluster's first sentence also carries that cluster (two sentences
//!    merged into one).
//! 4. **Contradictions.** A sentence that negates or denies what a cluster's
//!    versions state ("has not received any letter" / "received the
//!    letter"), and shares enough of their words, is linked to that cluster
//!    as contradicting it.
//!
//! Candidate clusters come from an inverted index of the clusters' first
//! sentences' features, looked up with a sentence's rarest features; each
//! feature lists at most [`LeaderIndex::CAP`] clusters and at most
//! [`CANDIDATES`] clusters are compared per sentence, so the cost grows with
//! the number of sentences, not with the number of pairs, whatever the text.

use super::Claim;
use super::diff::contradiction;
use crate::hash::FastMap;
use crate::similarity::{LeaderIndex, Weighed, Weights};

/// Similarity from which a sentence joins a cluster in any case. Wire copies
/// of one sentence score 0.6-1.0 and a sentence with an inserted clause
/// 0.45-0.8; an own-words account of the same statement scores 0.2-0.7;
/// two different sentences on the same story that share a frame ("Relations
/// between Armenia and Azerbaijan have been tense since …" with different
/// endings, or one side's casualty figures and the other's) reach 0.3.
pub const THRESHOLD: f64 = 0.33;
/// Similarity from which a sentence and a cluster that are each other's
/// best match join (the second best for the sentence is at least
/// [`MUTUAL_MARGIN`] lower).
pub const MUTUAL: f64 = 0.24;
/// How much the best match must beat the second for [`MUTUAL`] to apply.
pub const MUTUAL_MARGIN: f64 = 0.05;
/// Similarity from which a sentence joins a cluster found next to its
/// aligned neighbours on both sides.
pub const CONTEXT_BOTH: f64 = 0.16;
/// The same with an aligned neighbour on one side only.
pub const CONTEXT_ONE: f64 = 0.22;
/// How much lower both are for a sentence that counts the same fact
/// (killed, wounded, …) as the cluster: the tolls of one incident in
/// different words ("Dozens were killed" / "At least 12 people died").
pub const CONTEXT_FACT: f64 = 0.12;
/// How far (in sentences) a neighbour may be in context matching.
pub const CONTEXT_SPAN: usize = 3;
/// How much of a cluster's first sentence (weighted) another article's
/// sentence must contain to be counted as carrying it too (merged sentences).
pub const MERGE_CONTAINMENT: f64 = 0.75;
/// Word similarity from which a sentence that negates what a cluster states
/// is linked to it as contradicting it.
pub const CONFLICT: f64 = 0.15;
/// Content words (or numbers) two sentences must share to be compared at all.
pub const MIN_SHARED: usize = 2;
/// Versions of a cluster a sentence is compared with.
pub const REPRESENTATIVES: usize = 3;
/// Clusters compared with one sentence at most (those sharing the most of
/// its rarest features).
pub const CANDIDATES: usize = 24;
/// How many of a sentence's rarest features are used to find candidates.
const CANDIDATE_FEATURES: usize = 8;
/// Versions of a neighbour's cluster looked at in context matching.
const CONTEXT_VERSIONS: usize = 8;
/// A matched sentence whose similarity to a cluster of another version
/// differs in polarity (one denies what the other states) counts this much less.
const CONFLICT_PENALTY: f64 = 0.85;

/// One claim cluster: indices into the story's claims.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cluster {
    /// The first sentence, the one others are compared with first.
    pub leader: usize,
    /// Every sentence in the cluster, in report order.
    pub members: Vec<usize>,
    /// Sentences whose own cluster is another one but which also carry this
    /// claim (they merge it with theirs).
    pub also: Vec<usize>,
    /// Sentences that negate or deny this claim.
    pub contradicted_by: Vec<usize>,
}

/// The result of aligning one story.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The clusters, numbered from 0 in the order of their first sentence.
    pub clusters: Vec<Cluster>,
    /// The cluster of every claim.
    pub cluster_of: Vec<usize>,
    /// Claims that joined their cluster as the second half of a split sentence.
    pub split: Vec<bool>,
}

fn union(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut u: Vec<u64> = a.iter().chain(b).copied().collect();
    u.sort_unstable();
    u.dedup();
    u
}

/// Every claim's features with their weights, for repeated comparisons.
struct Prepared<'a> {
    words: Vec<Weighed<'a>>,
    quoted: Vec<Weighed<'a>>,
    weights: &'a Weights,
    /// Each claim's rarest features, looked up once.
    rarest: Vec<Vec<u64>>,
}

impl<'a> Prepared<'a> {
    fn new(claims: &[&'a Claim], weights: &'a Weights) -> Prepared<'a> {
        let mut p = Prepared {
            words: claims.iter().map(|c| weights.prepare(&c.features)).collect(),
            quoted: claims.iter().map(|c| weights.prepare(&c.quoted)).collect(),
            weights,
            rarest: Vec::new(),
        };
        p.rarest = (0..claims.len()).map(|k| p.find_rarest(k)).collect();
        p
    }

    /// Similarity of two claims: the larger of the weighted Jaccard index of
    /// their words and that of their words and quotations together.
    fn sim(&self, a: usize, b: usize) -> f64 {
        let (wa, wb) = (&self.words[a], &self.words[b]);
        let (sw, n) = wa.shared_count(wb);
        // One word in common is no evidence ("What does Aliyev want?" / "Stop Aliyev!").
        if n < MIN_SHARED {
            return 0.0;
        }
        let words = if wa.total + wb.total - sw > 0.0 { sw / (wa.total + wb.total - sw) } else { 0.0 };
        let (qa, qb) = (&self.quoted[a], &self.quoted[b]);
        if qa.total == 0.0 && qb.total == 0.0 {
            return words;
        }
        let sq = qa.shared(qb);
        let all = wa.total + wb.total + qa.total + qb.total - sw - sq;
        words.max(if all > 0.0 { (sw + sq) / all } else { 0.0 })
    }

    /// The words' weighted Jaccard index alone.
    fn word_sim(&self, a: usize, b: usize) -> f64 {
        self.words[a].similarity(&self.words[b])
    }

    /// A claim's rarest features that another sentence also has.
    fn find_rarest(&self, k: usize) -> Vec<u64> {
        let unique = self.weights.unique;
        let mut rarest: Vec<(f64, u64)> = [&self.words[k], &self.quoted[k]]
            .into_iter()
            .flat_map(|p| p.features.iter().zip(&p.w))
            .filter(|(_, w)| **w < unique)
            .map(|(f, w)| (*w, *f))
            .collect();
        rarest.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        rarest.truncate(CANDIDATE_FEATURES);
        rarest.into_iter().map(|(_, f)| f).collect()
    }
}

/// The state of an alignment under way.
struct Aligner<'a, 'c> {
    claims: &'a [&'c Claim],
    article: &'a [usize],
    /// The range of claims of each article.
    spans: Vec<std::ops::Range<usize>>,
    p: Prepared<'c>,
    clusters: Vec<Cluster>,
    /// Up to [`REPRESENTATIVES`] members of each cluster, from different articles.
    reps: Vec<Vec<usize>>,
    cluster_of: Vec<usize>,
    split: Vec<bool>,
    index: LeaderIndex,
    /// (cluster, article) → its member there.
    member_of: FastMap<(usize, usize), usize>,
}

impl<'a, 'c> Aligner<'a, 'c> {
    /// Similarity of claim `k` to cluster `c`: its best over the cluster's
    /// representatives, less when it contradicts them.
    fn sim_to(&self, k: usize, c: usize) -> f64 {
        let mut best = 0.0f64;
        for &r in &self.reps[c] {
            let mut s = self.p.sim(k, r);
            if s > best && self.contradicts(k, r) {
                s *= CONFLICT_PENALTY;
            }
            best = best.max(s);
        }
        best
    }

    fn contradicts(&self, a: usize, b: usize) -> bool {
        let (ca, cb) = ([self.claims[a]], [self.claims[b]]);
        (!ca[0].negations.is_empty() || !cb[0].negations.is_empty())
            && (contradiction(&ca, &cb).is_some() || contradiction(&cb, &ca).is_some())
    }

    /// Whether claim `k` counts the same fact (killed, wounded, …) as a
    /// version of cluster `c`: two tolls of one incident, whatever their words.
    fn same_fact(&self, k: usize, c: usize) -> bool {
        let facts = |m: usize| self.claims[m].numbers.iter().filter(|n| !n.fact.is_empty()).map(|n| n.fact.as_str());
        facts(k).any(|f| self.reps[c].iter().any(|&r| facts(r).any(|g| g == f)))
    }

    fn candidates(&self, k: usize) -> Vec<usize> {
        self.index.best(self.p.rarest[k].iter().copied(), CANDIDATES)
    }

    fn start_cluster(&mut self, k: usize) {
        let id = self.clusters.len();
        self.clusters.push(Cluster { leader: k, members: vec![k], ..Cluster::default() });
        self.reps.push(vec![k]);
        self.cluster_of[k] = id;
        self.member_of.insert((id, self.article[k]), k);
        let c = self.claims[k];
        self.index.add(id, c.features.iter().chain(&c.quoted).copied());
    }

    fn join(&mut self, k: usize, c: usize, split: bool) {
        self.clusters[c].members.push(k);
        self.cluster_of[k] = c;
        self.split[k] = split;
        let a = self.article[k];
        if let std::collections::hash_map::Entry::Vacant(e) = self.member_of.entry((c, a)) {
            e.insert(k);
            if self.reps[c].len() < REPRESENTATIVES {
                self.reps[c].push(k);
            }
        }
    }

    /// Pass 1 for one article.
    fn match_article(&mut self, span: std::ops::Range<usize>) {
        let a = self.article[span.start];
        // (similarity, claim, cluster) of every pair worth considering.
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for k in span.clone() {
            for c in self.candidates(k) {
                let s = self.sim_to(k, c);
                if s >= MUTUAL {
                    pairs.push((s, k, c));
                }
            }
        }
        let mut row_best: FastMap<usize, (f64, f64)> = FastMap::default(); // claim → (best, second)
        let mut col_best: FastMap<usize, f64> = FastMap::default();
        for &(s, k, c) in &pairs {
            let r = row_best.entry(k).or_insert((0.0, 0.0));
            if s > r.0 {
                *r = (s, r.0);
            } else if s > r.1 {
                r.1 = s;
            }
            let b = col_best.entry(c).or_insert(0.0);
            *b = b.max(s);
        }
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut taken: Vec<bool> = vec![false; span.len()];
        for &(s, k, c) in &pairs {
            if taken[k - span.start] || self.member_of.contains_key(&(c, a)) {
                continue;
            }
            if s < THRESHOLD {
                let (best, second) = row_best[&k];
                if s < best || col_best[&c] > s || second > s - MUTUAL_MARGIN {
                    continue;
                }
            }
            taken[k - span.start] = true;
            self.join(k, c, false);
        }
        // The second half of a split sentence: the sentence right after a
        // member, when together they match the cluster's first sentence better.
        for k in span.clone() {
            if taken[k - span.start] || k == span.start || !taken[k - 1 - span.start] || self.split[k - 1] {
                continue;
            }
            let m = k - 1;
            if self.claims[m].paragraph.abs_diff(self.claims[k].paragraph) > 1 {
                continue;
            }
            let c = self.cluster_of[m];
            let leader = self.clusters[c].leader;
            let lw = &self.p.words[leader];
            let before = self.p.words[m].similarity(lw);
            let joined = union(&self.claims[m].features, &self.claims[k].features);
            let together = self.p.weights.prepare(&joined).similarity(lw);
            if together > before + 0.05 && self.p.words[k].containment(lw) >= 0.6 {
                taken[k - span.start] = true;
                self.join(k, c, true);
            }
        }
        for k in span {
            if !self.taken_or_member(k) {
                self.start_cluster(k);
            }
        }
    }

    fn taken_or_member(&self, k: usize) -> bool {
        self.cluster_of[k] != usize::MAX
    }

    /// Whether claim `k` is aligned with another article.
    fn anchored(&self, k: usize) -> bool {
        let c = &self.clusters[self.cluster_of[k]];
        c.members.len() > 1 || !c.also.is_empty()
    }

    /// Pass 2: sentences left alone, matched through their aligned neighbours.
    fn context(&mut self) {
        for span in self.spans.clone() {
            for k in span.clone() {
                if self.anchored(k) {
                    continue;
                }
                let prev = (k.saturating_sub(CONTEXT_SPAN).max(span.start)..k).rev().find(|&j| self.anchored(j));
                let next = (k + 1..(k + 1 + CONTEXT_SPAN).min(span.end)).find(|&j| self.anchored(j));
                // Candidate clusters with the sides (1 before, 2 after) that support them.
                let mut found: Vec<(usize, u8)> = Vec::new();
                for (anchor, side) in [(prev, 1u8), (next, 2u8)] {
                    let Some(anchor) = anchor else { continue };
                    let c = self.cluster_of[anchor];
                    let versions: Vec<usize> = self.clusters[c]
                        .members
                        .iter()
                        .filter(|&&m| self.article[m] != self.article[k])
                        .take(CONTEXT_VERSIONS)
                        .copied()
                        .collect();
                    for m in versions {
                        let y = &self.spans[self.article[m]];
                        for off in 1..=CONTEXT_SPAN {
                            let j = if side == 1 { m + off } else { m.wrapping_sub(off) };
                            if y.contains(&j) {
                                found.push((self.cluster_of[j], side));
                            }
                        }
                    }
                }
                found.sort_unstable();
                let mut best: Option<(f64, usize)> = None;
                for group in found.chunk_by(|x, y| x.0 == y.0) {
                    let c = group[0].0;
                    if c == self.cluster_of[k] || self.member_of.contains_key(&(c, self.article[k])) {
                        continue;
                    }
                    let both = group.iter().any(|g| g.1 == 1) && group.iter().any(|g| g.1 == 2);
                    let s = self.sim_to(k, c);
                    let mut need = if both { CONTEXT_BOTH } else { CONTEXT_ONE };
                    if self.same_fact(k, c) {
                        need -= CONTEXT_FACT;
                    }
                    if s >= need && best.is_none_or(|(bs, bc)| s > bs || (s == bs && c < bc)) {
                        best = Some((s, c));
                    }
                }
                if let Some((_, c)) = best {
                    let old = self.cluster_of[k];
                    self.clusters[old].members.clear();
                    self.member_of.remove(&(old, self.article[k]));
                    self.join(k, c, false);
                }
            }
        }
    }

    /// Pass 3: merged sentences.
    fn merged(&mut self) {
        for k in 0..self.claims.len() {
            // A sentence that holds two claims is longer than another version
            // of its own cluster (or has none aligned with it): only those are
            // looked at, the merged version being first or not.
            let own = &self.clusters[self.cluster_of[k]];
            let other = if own.leader == k { own.members.iter().copied().find(|&m| m != k) } else { Some(own.leader) };
            if other.is_some_and(|o| self.p.words[k].total < 1.25 * self.p.words[o].total) {
                continue;
            }
            for c in self.candidates(k) {
                let a = self.article[k];
                if c == self.cluster_of[k]
                    || self.clusters[c].members.is_empty()
                    || self.member_of.contains_key(&(c, a))
                {
                    continue;
                }
                let leader = self.clusters[c].leader;
                let (lw, kw) = (&self.p.words[leader], &self.p.words[k]);
                if lw.containment(kw) >= MERGE_CONTAINMENT && lw.similarity(kw) >= THRESHOLD * 0.75 {
                    self.clusters[c].also.push(k);
                    self.member_of.insert((c, a), k);
                }
            }
        }
    }

    /// Pass 4: sentences that deny what a cluster states.
    fn contradictions(&mut self) {
        for k in 0..self.claims.len() {
            if self.claims[k].negations.is_empty() {
                continue;
            }
            let mut best: Option<(f64, usize)> = None;
            for c in self.candidates(k) {
                let cluster = &self.clusters[c];
                if c == self.cluster_of[k] || cluster.members.is_empty() {
                    continue;
                }
                // The article may carry the claim too (a denial next to the
                // claim it denies), but not as this very sentence.
                if cluster.also.contains(&k) {
                    continue;
                }
                for &r in &self.reps[c] {
                    if self.article[r] == self.article[k] {
                        continue;
                    }
                    let s = self.p.word_sim(k, r);
                    let denies = contradiction(&[self.claims[r]], &[self.claims[k]]).is_some();
                    if denies && s >= CONFLICT && best.is_none_or(|(bs, bc)| s > bs || (s == bs && c < bc)) {
                        best = Some((s, c));
                    }
                }
            }
            if let Some((_, c)) = best {
                self.clusters[c].contradicted_by.push(k);
            }
        }
    }

    /// Drops emptied clusters and numbers the rest by their first sentence.
    fn finish(mut self) -> Alignment {
        let mut order: Vec<usize> =
            (0..self.clusters.len()).filter(|&c| !self.clusters[c].members.is_empty()).collect();
        for c in &mut self.clusters {
            c.members.sort_unstable();
            c.also.sort_unstable();
            c.contradicted_by.sort_unstable();
        }
        order.sort_by_key(|&c| self.clusters[c].members[0]);
        let mut renumber = vec![usize::MAX; self.clusters.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new;
        }
        let mut clusters: Vec<Cluster> = Vec::with_capacity(order.len());
        for &old in &order {
            clusters.push(std::mem::take(&mut self.clusters[old]));
        }
        let cluster_of = self.cluster_of.iter().map(|&c| renumber[c]).collect();
        Alignment { clusters, cluster_of, split: self.split }
    }
}

/// Aligns the claims of one story. `article[k]` is the article of claim `k`
/// (numbered from 0); claims must be in report order (article by article,
/// sentences in order).
pub fn align(claims: &[&Claim], article: &[usize], weights: &Weights) -> Alignment {
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for (k, &a) in article.iter().enumerate() {
        if a >= spans.len() {
            spans.resize(a + 1, k..k);
        }
        spans[a].end = k + 1;
    }
    let mut al = Aligner {
        claims,
        article,
        spans: spans.clone(),
        p: Prepared::new(claims, weights),
        clusters: Vec::new(),
        reps: Vec::new(),
        cluster_of: vec![usize::MAX; claims.len()],
        split: vec![false; claims.len()],
        index: LeaderIndex::default(),
        member_of: FastMap::default(),
    };
    for span in spans {
        al.match_article(span);
    }
    al.context();
    al.context();
    al.merged();
    al.contradictions();
    al.finish()
}

/// How central each member of a cluster is, in linear time: its weighted
/// Jaccard similarity to the cluster's consensus, the fuzzy set in which each
/// feature belongs to the degree of the share of members that have it. The
/// version most members agree with scores highest. Used to pick the
/// reference version of large clusters.
pub fn centrality(weights: &Weights, claims: &[&Claim], members: &[usize]) -> Vec<f64> {
    if members.len() < 2 {
        return vec![1.0; members.len()];
    }
    let mut share: crate::hash::FastMap<u64, f64> = crate::hash::FastMap::default();
    for &m in members {
        for f in &claims[m].features {
            *share.entry(*f).or_default() += 1.0 / members.len() as f64;
        }
    }
    // The consensus's weight outside a member is its total minus the part the member holds.
    let consensus_total: f64 = share.iter().map(|(f, p)| weights.w(f) * p).sum();
    members
        .iter()
        .map(|&m| {
            let (mut inside, mut own) = (0.0, 0.0);
            for f in &claims[m].features {
                let w = weights.w(f);
                own += w;
                inside += w * share.get(f).copied().unwrap_or(0.0);
            }
            let union = own + consensus_total - inside;
            if union > 0.0 { inside / union } else { 0.0 }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::claims::claims_of as claims;

    fn weights(all: &[&Claim]) -> Weights {
        Weights::new(all.iter().flat_map(|c| [c.features.as_slice(), c.quoted.as_slice()]))
    }

    #[test]
    fn weighted_jaccard_by_hand() {
        let cs = claims("The bridge closed after cracks were found. Engineers found cracks in the bridge girders.");
        let refs: Vec<&Claim> = cs.iter().collect();
        let w = Weights::new(refs.iter().map(|c| c.features.as_slice()));
        let (a, b) = (w.prepare(&cs[0].features), w.prepare(&cs[1].features));
        // Two sentences: a shared feature has df 2 and weight ln(1 + 2/2), an
        // unshared one df 1 and weight ln(1 + 2/1). Shared: bridge, cracks,
        // found; only in the first: closed; only in the second: engineers, girders.
        let (shared, alone) = (2f64.ln(), 3f64.ln());
        let want = 3.0 * shared / (3.0 * shared + 3.0 * alone);
        assert!((a.similarity(&b) - want).abs() < 1e-12, "{} vs {want}", a.similarity(&b));
        assert_eq!(a.similarity(&b), b.similarity(&a));
        assert_eq!(a.similarity(&a), 1.0);
        assert!(a.containment(&b) > 0.0 && a.containment(&b) < 1.0);
    }

    #[test]
    fn majority_version_is_most_central() {
        let versions = [
            "Officials said the bridge will reopen in March after repairs.",
            "Officials said the bridge will reopen in March after repairs.",
            "Officials said the bridge will reopen in March after repairs.",
            "Officials claimed the bridge will reopen in March after costly repairs.",
            "The bridge will reopen in April, officials said.",
        ];
        let cs: Vec<Claim> = versions.iter().flat_map(|v| claims(v)).collect();
        let refs: Vec<&Claim> = cs.iter().collect();
        let w = Weights::new(refs.iter().map(|c| c.features.as_slice()));
        let c = centrality(&w, &refs, &[0, 1, 2, 3, 4]);
        assert!(c[0] == c[1] && c[1] == c[2], "{c:?}");
        assert!(c[0] > c[3] && c[3] > c[4], "{c:?}");
    }

    /// Aligns articles given as texts; returns the cluster of every sentence, article by article.
    fn align_texts(texts: &[&str]) -> (Vec<Vec<usize>>, Alignment) {
        let per: Vec<Vec<Claim>> = texts.iter().map(|t| claims(t)).collect();
        let all: Vec<&Claim> = per.iter().flatten().collect();
        let article: Vec<usize> = per.iter().enumerate().flat_map(|(a, cs)| std::iter::repeat_n(a, cs.len())).collect();
        let al = align(&all, &article, &weights(&all));
        let mut k = 0;
        let out = per
            .iter()
            .map(|cs| {
                let v = al.cluster_of[k..k + cs.len()].to_vec();
                k += cs.len();
                v
            })
            .collect();
        (out, al)
    }

    #[test]
    fn one_sentence_per_article_unless_it_completes_a_split() {
        // Article 0 has the whole sentence; article 1 splits it in two and
        // also repeats a near copy later, which must not join the cluster.
        let (c, al) = align_texts(&[
            "The minister said the bridge will reopen in March, adding that tolls will be waived for a year.",
            "The minister said the bridge will reopen in March. She added that tolls will be waived for a year. \
             The minister said the bridge will reopen in March.",
        ]);
        assert_eq!(c[0][0], c[1][0], "first half joins");
        assert_eq!(c[0][0], c[1][1], "second half joins as a split");
        assert!(al.split[2] && !al.split[1]);
        assert_ne!(c[1][2], c[0][0], "a repeat in the same article starts its own cluster");
    }

    #[test]
    fn a_merged_sentence_carries_both_claims_whichever_article_comes_first() {
        let merged = "The minister said the bridge will reopen in March and that tolls will be waived for a year.";
        // The halves are not next to each other, so they are no split.
        let apart = "The minister said the bridge will reopen in March. Traffic was heavy on the coast road on Monday. \
                     Tolls will be waived for a year, she said.";
        for texts in [[merged, apart], [apart, merged]] {
            let (c, al) = align_texts(&texts);
            let (m, halves) = if texts[0] == merged { (0, 1) } else { (1, 0) };
            let k = if m == 0 { 0 } else { c[0].len() };
            let carried: Vec<usize> = (0..al.clusters.len())
                .filter(|&x| al.clusters[x].members.contains(&k) || al.clusters[x].also.contains(&k))
                .collect();
            let mut want = vec![c[halves][0], c[halves][2]];
            want.sort_unstable();
            assert_eq!(carried, want, "{texts:?}: {al:?}");
        }
    }

    #[test]
    fn an_edited_sentence_between_aligned_neighbours_finds_its_source() {
        let wire = "Heavy rain flooded the old town of Marlow on Sunday. \
                    The river rose two metres in six hours, the water board said. \
                    The region has been dry since the drought ended in 2019. \
                    Schools will stay closed until Wednesday.";
        // The third sentence gets an inserted clause and two swapped words.
        let copy = "Heavy rain flooded the old town of Marlow on Sunday. \
                    The river rose two metres in six hours, the water board said. \
                    The region, long neglected by the capital, has been parched since the drought finished in 2019. \
                    Schools will stay closed until Wednesday.";
        let (c, _) = align_texts(&[wire, copy]);
        assert_eq!(c[0], c[1], "every sentence with its copy");
        let (c, _) = align_texts(&[wire, "Schools will stay closed until Wednesday. The region has been parched."]);
        assert_ne!(c[1][1], c[0][2], "without aligned neighbours on both sides a loose match stays apart");
    }

    #[test]
    fn a_denial_is_linked_to_the_claim_it_denies() {
        // Close enough in words to be one cluster: the difference is a conflict.
        let (c, al) = align_texts(&[
            "The ethics committee received the letter about the harbour contract last month, sources said.",
            "The chair said the ethics committee has not received any letter about the harbour contract.",
        ]);
        assert_eq!(c[0][0], c[1][0], "{al:?}");
        // A denial in other words, next to a copy of the claim: linked as contradicting it.
        let claim = "Azerbaijani troops withdrew from forward positions near the village of Verin Shorzha on Tuesday.";
        let (c, al) = align_texts(&[
            claim,
            claim,
            "The defence ministry has denied reports that Azerbaijani troops withdrew from the village.",
        ]);
        assert_eq!(c[0][0], c[1][0]);
        assert_ne!(c[2][0], c[0][0]);
        assert_eq!(al.clusters[c[0][0]].contradicted_by, [2], "{al:?}");
    }

    #[test]
    fn candidates_stay_bounded_for_near_identical_sentences() {
        // Sentences that share most words but each differ in three: none
        // aligns, and the index never lists more than its cap per feature.
        let texts: Vec<String> = (0..300)
            .map(|i| format!("Officials in district w{i}a reported shortage x{i}b of y{i}c water grain fuel medicine."))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (c, al) = align_texts(&refs);
        assert_eq!(al.clusters.len(), c.len());
    }
}
