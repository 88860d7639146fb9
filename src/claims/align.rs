//! Alignment: groups the sentences of an event's articles into claim
//! clusters. Similarity is a weighted Jaccard over the sentences' features
//! (light stems of content words and numbers), each feature weighted by its
//! inverse sentence frequency in the event, so shared rare words count most.
//!
//! Sentences are taken in corpus order; each joins the most similar existing
//! cluster (compared with the cluster's first sentence) at or above
//! [`THRESHOLD`], or starts a new one. Candidate clusters come from an
//! inverted index of features to clusters, looked up with a sentence's rarest
//! features only, so the cost grows with the number of sentences times a
//! small constant, not with the number of pairs. A cluster holds at most one
//! sentence per article, except when the next sentence of the same article
//! completes it (a sentence split in two); a sentence that contains most of
//! another cluster's first sentence also covers that cluster (two sentences
//! merged into one).

use std::collections::HashMap;

use super::Claim;
use crate::similarity::{LeaderIndex, Weighed, Weights};

/// Weighted Jaccard similarity from which a sentence joins a cluster. Wire
/// copies of one sentence score 0.6-1.0 and a sentence with an inserted
/// clause 0.5-0.8; an own-words account of the same statement scores 0.35-0.7
/// when it shares a quotation, 0.25-0.45 when it does not; two different
/// sentences on the same story that share a frame ("Relations between
/// Armenia and Azerbaijan have been tense since …" with different endings)
/// reach 0.3. The threshold sits just above that, trading a few missed
/// paraphrases for not merging different claims.
pub const THRESHOLD: f64 = 0.33;
/// How much of a cluster's first sentence (weighted) another article's
/// sentence must contain to be counted as carrying it too (merged sentences).
pub const MERGE_CONTAINMENT: f64 = 0.75;
/// How many of a sentence's rarest features are used to find candidates.
const CANDIDATE_FEATURES: usize = 8;

/// One claim cluster: indices into the event's claims.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The first sentence, the one others are compared with.
    pub leader: usize,
    /// Every sentence in the cluster, in corpus order (the leader first).
    pub members: Vec<usize>,
    /// Sentences whose own cluster is another one but which also carry this
    /// claim (they merge it with theirs).
    pub also: Vec<usize>,
}

/// The result of aligning one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The clusters, numbered from 0 in the order they were started.
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

/// The clusters that share one of a sentence's rarest features (only
/// features seen in more than one sentence can lead anywhere), sorted.
fn candidates(c: &Weighed, unique: f64, index: &LeaderIndex) -> Vec<usize> {
    let mut rarest: Vec<(f64, u64)> =
        c.features.iter().zip(&c.w).filter(|(_, w)| **w < unique).map(|(f, w)| (*w, *f)).collect();
    rarest.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    rarest.truncate(CANDIDATE_FEATURES);
    index.candidates(rarest.into_iter().map(|(_, f)| f))
}

/// Aligns the claims of one event. `article[k]` is the article of claim `k`;
/// claims must be in corpus order (article by article, sentences in order).
pub fn align(claims: &[&Claim], article: &[usize], weights: &Weights) -> Alignment {
    let prepared: Vec<Weighed> = claims.iter().map(|c| weights.prepare(&c.features)).collect();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut cluster_of = vec![usize::MAX; claims.len()];
    let mut split = vec![false; claims.len()];
    // feature -> clusters whose leader has it
    let mut leaders = LeaderIndex::default();
    // (cluster, article) -> member claim, to enforce one sentence per article
    let mut member_of: HashMap<(usize, usize), usize> = HashMap::new();

    for k in 0..claims.len() {
        let c = claims[k];
        let candidates = candidates(&prepared[k], weights.unique, &leaders);
        let mut best: Option<(f64, usize, bool)> = None;
        for cl in candidates {
            let leader = &prepared[clusters[cl].leader];
            let (score, is_split) = match member_of.get(&(cl, article[k])) {
                None => (prepared[k].similarity(leader), false),
                Some(&m) => {
                    // Only the sentence right after the article's member can
                    // complete it, and only if together they match better.
                    let adjacent = m + 1 == k && claims[m].paragraph.abs_diff(c.paragraph) <= 1;
                    if !adjacent || split[m] {
                        continue;
                    }
                    let before = prepared[m].similarity(leader);
                    let together = weights.prepare(&union(&claims[m].features, &c.features)).similarity(leader);
                    let part_of_leader = prepared[k].containment(leader);
                    if together > before + 0.05 && part_of_leader >= 0.6 { (together, true) } else { continue }
                }
            };
            if score >= THRESHOLD && best.is_none_or(|(s, id, _)| score > s || (score == s && cl < id)) {
                best = Some((score, cl, is_split));
            }
        }
        match best {
            Some((_, cl, is_split)) => {
                clusters[cl].members.push(k);
                cluster_of[k] = cl;
                split[k] = is_split;
                member_of.entry((cl, article[k])).or_insert(k);
            }
            None => {
                let id = clusters.len();
                clusters.push(Cluster { leader: k, members: vec![k], also: Vec::new() });
                cluster_of[k] = id;
                member_of.insert((id, article[k]), k);
                leaders.add(id, c.features.iter().copied());
            }
        }
    }

    // Merged sentences: a sentence that holds most of another cluster's
    // leader carries that claim too, when its article has no member there.
    for (k, weighed) in prepared.iter().enumerate() {
        let candidates = candidates(weighed, weights.unique, &leaders);
        for cl in candidates {
            if cl == cluster_of[k] || member_of.contains_key(&(cl, article[k])) {
                continue;
            }
            let leader = &prepared[clusters[cl].leader];
            if leader.containment(weighed) >= MERGE_CONTAINMENT && leader.similarity(weighed) >= THRESHOLD * 0.75 {
                clusters[cl].also.push(k);
                member_of.insert((cl, article[k]), k);
            }
        }
    }
    Alignment { clusters, cluster_of, split }
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

    #[test]
    fn one_sentence_per_article_unless_it_completes_a_split() {
        // Article 0 has the whole sentence; article 1 splits it in two and
        // also repeats a near copy later, which must not join the cluster.
        let a0 =
            claims("The minister said the bridge will reopen in March, adding that tolls will be waived for a year.");
        let a1 = claims(
            "The minister said the bridge will reopen in March. She added that tolls will be waived for a year. \
             The minister said the bridge will reopen in March.",
        );
        let all: Vec<&Claim> = a0.iter().chain(&a1).collect();
        let article = [0, 1, 1, 1];
        let w = Weights::new(all.iter().map(|c| c.features.as_slice()));
        let al = align(&all, &article, &w);
        assert_eq!(al.cluster_of[0], al.cluster_of[1], "first half joins");
        assert_eq!(al.cluster_of[0], al.cluster_of[2], "second half joins as a split");
        assert!(al.split[2] && !al.split[1]);
        assert_ne!(al.cluster_of[3], al.cluster_of[0], "a repeat in the same article starts its own cluster");
    }
}
