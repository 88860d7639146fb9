//! Similarity of feature sets and the leader clustering built on it. Story
//! grouping (articles) and claim alignment (sentences) both reduce a text to
//! hashed features (see [`crate::features`]), weigh each feature by how rare
//! it is, and put each text into the cluster whose first member — its leader
//! — it resembles most. [`LeaderIndex`] finds the candidate clusters through
//! an inverted index of the leaders' features, so the cost grows with the
//! number of texts, not with the number of pairs.

use crate::hash::FastMap;

/// Inverse-frequency weights of the features of a collection (an event's
/// sentences): `ln(1 + n / df)`, so shared rare features count most.
pub struct Weights {
    idf: FastMap<u64, f64>,
    /// The weight of a feature found in one text only (useless for finding candidates).
    pub unique: f64,
}

impl Weights {
    /// Weights from the feature lists of every text of the collection.
    pub fn new<'a>(texts: impl Iterator<Item = &'a [u64]>) -> Weights {
        let mut df: FastMap<u64, u32> = FastMap::default();
        let mut n = 0usize;
        for features in texts {
            n += 1;
            for f in features {
                *df.entry(*f).or_default() += 1;
            }
        }
        let n = n as f64;
        let idf = df.into_iter().map(|(f, d)| (f, (1.0 + n / d as f64).ln())).collect();
        Weights { idf, unique: (1.0 + n).ln() }
    }

    /// The weight of a feature (0 for one the collection never had).
    pub fn w(&self, f: &u64) -> f64 {
        self.idf.get(f).copied().unwrap_or(0.0)
    }

    /// A feature list with its weights looked up once, for repeated comparisons.
    pub fn prepare<'a>(&self, features: &'a [u64]) -> Weighed<'a> {
        let w: Vec<f64> = features.iter().map(|f| self.w(f)).collect();
        Weighed { total: w.iter().sum(), features, w }
    }
}

/// A sorted feature list with each feature's weight and their sum.
#[derive(Debug, Clone)]
pub struct Weighed<'a> {
    /// Sorted, without repeats.
    pub features: &'a [u64],
    /// The weight of each feature.
    pub w: Vec<f64>,
    /// The sum of the weights.
    pub total: f64,
}

impl Weighed<'_> {
    /// The summed weights of the features both lists have.
    pub fn shared(&self, o: &Weighed) -> f64 {
        self.shared_count(o).0
    }

    /// The summed weights of the features both lists have, and how many they are.
    pub fn shared_count(&self, o: &Weighed) -> (f64, usize) {
        let (a, b) = (&self.features, &o.features);
        let (mut i, mut j, mut s, mut n) = (0, 0, 0.0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += self.w[i];
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (s, n)
    }

    /// Weighted Jaccard similarity: the summed weights of the shared features
    /// over those of all features of either list.
    pub fn similarity(&self, o: &Weighed) -> f64 {
        let shared = self.shared(o);
        let union = self.total + o.total - shared;
        if union > 0.0 { shared / union } else { 0.0 }
    }

    /// The weighted share of `self` that `whole` contains.
    pub fn containment(&self, whole: &Weighed) -> f64 {
        if self.total > 0.0 { self.shared(whole) / self.total } else { 0.0 }
    }
}

/// Weighted Jaccard similarity of two sorted lists of (feature, weight) where
/// each list weighs its features its own way: Σ min / Σ max.
pub fn minmax_jaccard(a: &[(u64, f64)], b: &[(u64, f64)]) -> f64 {
    let (mut i, mut j, mut shared, mut total) = (0, 0, 0.0, 0.0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            total += a[i].1;
            i += 1;
        } else if i == a.len() || b[j].0 < a[i].0 {
            total += b[j].1;
            j += 1;
        } else {
            shared += a[i].1.min(b[j].1);
            total += a[i].1.max(b[j].1);
            i += 1;
            j += 1;
        }
    }
    if total > 0.0 { shared / total } else { 0.0 }
}

/// An inverted index from features to the clusters whose leader has them.
/// A feature keeps at most [`LeaderIndex::CAP`] clusters (the first ones
/// registered): a feature that many leaders share is too common to find
/// candidates with, and capping it keeps the cost of a lookup bounded even
/// when thousands of near-identical sentences each start a cluster.
#[derive(Debug, Default)]
pub struct LeaderIndex {
    postings: FastMap<u64, Vec<usize>>,
}

impl LeaderIndex {
    /// Most clusters listed under one feature.
    pub const CAP: usize = 64;

    /// Registers the features of cluster `id`'s leader.
    pub fn add(&mut self, id: usize, features: impl IntoIterator<Item = u64>) {
        for f in features {
            let list = self.postings.entry(f).or_default();
            if list.len() < Self::CAP && list.last() != Some(&id) {
                list.push(id);
            }
        }
    }

    /// The clusters whose leader shares one of `features`, sorted, without repeats.
    pub fn candidates(&self, features: impl IntoIterator<Item = u64>) -> Vec<usize> {
        let mut found: Vec<usize> =
            features.into_iter().filter_map(|f| self.postings.get(&f)).flatten().copied().collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// At most `max` clusters sharing the most of `features` with their
    /// leader (ties: the lower id first), sorted by id.
    pub fn best(&self, features: impl IntoIterator<Item = u64>, max: usize) -> Vec<usize> {
        let mut found: Vec<usize> =
            features.into_iter().filter_map(|f| self.postings.get(&f)).flatten().copied().collect();
        found.sort_unstable();
        let mut counted: Vec<(usize, usize)> = found.chunk_by(|a, b| a == b).map(|g| (g.len(), g[0])).collect();
        if counted.len() > max {
            counted.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            counted.truncate(max);
        }
        let mut ids: Vec<usize> = counted.into_iter().map(|(_, id)| id).collect();
        ids.sort_unstable();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_jaccard_by_hand() {
        // Two texts: a shared feature has df 2 and weight ln(1 + 2/2), an
        // unshared one df 1 and weight ln(1 + 2/1).
        let (a, b): (&[u64], &[u64]) = (&[1, 2, 3, 4], &[1, 2, 3, 5, 6]);
        let w = Weights::new([a, b].into_iter());
        let (pa, pb) = (w.prepare(a), w.prepare(b));
        let (shared, alone) = (2f64.ln(), 3f64.ln());
        let want = 3.0 * shared / (3.0 * shared + 3.0 * alone);
        assert!((pa.similarity(&pb) - want).abs() < 1e-12, "{} vs {want}", pa.similarity(&pb));
        assert_eq!(pa.similarity(&pb), pb.similarity(&pa));
        assert_eq!(pa.similarity(&pa), 1.0);
        let c = pa.containment(&pb);
        assert!((c - 3.0 * shared / (3.0 * shared + alone)).abs() < 1e-12, "{c}");
    }

    #[test]
    fn minmax_table() {
        type Weighted<'a> = &'a [(u64, f64)];
        let cases: [(Weighted, Weighted, f64); 4] = [
            (&[(1, 1.0), (2, 1.0)], &[(1, 1.0), (2, 1.0)], 1.0),
            (&[(1, 2.0)], &[(1, 1.0)], 0.5),
            (&[(1, 1.0)], &[(2, 1.0)], 0.0),
            (&[], &[], 0.0),
        ];
        for (a, b, want) in cases {
            assert_eq!(minmax_jaccard(a, b), want, "{a:?} {b:?}");
        }
    }

    #[test]
    fn index_finds_leaders_sharing_a_feature() {
        let mut ix = LeaderIndex::default();
        ix.add(0, [10, 11]);
        ix.add(1, [11, 12]);
        assert_eq!(ix.candidates([11, 99]), [0, 1]);
        assert_eq!(ix.candidates([12]), [1]);
        assert!(ix.candidates([42]).is_empty());
        assert_eq!(ix.best([11, 12], 1), [1], "cluster 1 shares two features, cluster 0 one");
        assert_eq!(ix.best([10, 11, 12], 5), [0, 1]);
    }

    #[test]
    fn index_keeps_a_bounded_list_per_feature() {
        let mut ix = LeaderIndex::default();
        for id in 0..1000 {
            ix.add(id, [7, 1000 + id as u64]);
        }
        assert_eq!(ix.candidates([7]).len(), LeaderIndex::CAP);
        assert_eq!(ix.candidates([7, 1999]).last(), Some(&999), "rare features still find their cluster");
    }
}
