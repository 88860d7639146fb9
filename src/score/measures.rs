//! The measures reported per article and per outlet — rates per 1,000 words
//! and leans — declared once, with how each is computed from a group's summed
//! counts. The same function gives a group's value and each bootstrap
//! replicate's value, so a point estimate and its interval can never be
//! computed two different ways.

use super::stats::{BootstrapSums, percentile_interval};
use super::{Scheme, Scores, lean, per_1k};

/// Bootstrap settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Replicates; 0 turns intervals off.
    pub replicates: usize,
    /// Seed of the replicates' draws.
    pub seed: u64,
    /// Coverage of the intervals (0.95).
    pub level: f64,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap { replicates: 1000, seed: 1, level: 0.95 }
    }
}

/// Below this many articles an outlet's intervals are flagged as resting on little data.
pub const MIN_ARTICLES: u64 = 5;
/// Below this many words an outlet's intervals are flagged as resting on little data.
pub const MIN_WORDS: u64 = 1000;

/// How a measure is computed from a group's summed counts (indices into the
/// vector of [`Measures::values`]; index 0 holds the words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count per 1,000 words.
    Rate {
        /// Index of the count.
        count: usize,
    },
    /// `ln(a + 0.5) − ln(b + 0.5)` of two summed weights; undefined when no
    /// article of the group is on the axis's topic.
    Lean {
        /// Index of the first pole's weight.
        a: usize,
        /// Index of the second pole's weight.
        b: usize,
        /// Index of the count of articles on the axis's topic.
        topic: usize,
    },
}

/// One measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// Its column name (`hits_narrator_per_1k`, `armenia-azerbaijan_lean_narrator`).
    pub name: String,
    /// How it is computed.
    pub kind: Kind,
}

/// Every measure of a lexicon's scheme, in the order of their columns.
#[derive(Debug, Clone)]
pub struct Measures {
    /// The measures.
    pub list: Vec<Measure>,
    categories: usize,
    axes: usize,
}

/// Position of the first category count in the values vector.
const CATEGORIES_AT: usize = 3;

impl Measures {
    /// The measures of a scheme: the two hit rates, per category a narrator
    /// and an all-voices rate, per axis a narrator and an all-voices lean.
    pub fn new(scheme: &Scheme) -> Measures {
        let (nc, na) = (scheme.categories.len(), scheme.axes.len());
        let mut list = vec![
            Measure { name: "hits_narrator_per_1k".into(), kind: Kind::Rate { count: 1 } },
            Measure { name: "hits_all_per_1k".into(), kind: Kind::Rate { count: 2 } },
        ];
        for (c, name) in scheme.categories.iter().enumerate() {
            list.push(Measure {
                name: format!("{name}_narrator_per_1k"),
                kind: Kind::Rate { count: CATEGORIES_AT + c },
            });
            list.push(Measure {
                name: format!("{name}_all_per_1k"),
                kind: Kind::Rate { count: CATEGORIES_AT + nc + c },
            });
        }
        let poles = CATEGORIES_AT + 2 * nc;
        let topic = poles + 6 * na;
        for (a, axis) in scheme.axes.iter().enumerate() {
            let names = [
                format!("{}_lean_narrator", axis.name),
                format!("{}_lean_all", axis.name),
                format!("{}_naming_narrator", axis.name),
            ];
            for (v, name) in names.into_iter().enumerate() {
                let at = poles + 2 * na * v + 2 * a;
                list.push(Measure { name, kind: Kind::Lean { a: at, b: at + 1, topic: topic + a } });
            }
        }
        Measures { list, categories: nc, axes: na }
    }

    /// The group's counts that the measures are computed from: words, hits
    /// (narrator, all), category counts (narrator, then all), pole weights
    /// (loaded narrator, loaded all, naming narrator; per axis the two
    /// poles), then per axis the articles on its topic.
    pub fn values(&self, s: &Scores) -> Vec<f64> {
        let mut v = Vec::with_capacity(CATEGORIES_AT + 2 * self.categories + 7 * self.axes);
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
        for p in &s.naming_narrator {
            v.extend(p);
        }
        v.extend(s.on_topic.iter().map(|&n| n as f64));
        v
    }

    /// The value of measure `k` from a values vector (a group's, or a
    /// bootstrap replicate's sums); `None` for a lean off topic.
    pub fn eval(&self, k: usize, v: &[f64]) -> Option<f64> {
        match self.list[k].kind {
            Kind::Rate { count } => Some(per_1k(v[count], v[0])),
            Kind::Lean { a, b, topic } => (v[topic] > 0.0).then(|| lean(v[a], v[b])),
        }
    }

    /// The position of the measure named `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.list.iter().position(|m| m.name == name)
    }

    /// Each measure's bootstrap interval over a group's members, given as
    /// (article key, values). `None` for every measure when intervals are off
    /// or the group has fewer than two members.
    pub fn intervals(&self, members: &[(u64, Vec<f64>)], boot: &Bootstrap) -> Vec<Option<(f64, f64)>> {
        if boot.replicates == 0 || members.len() < 2 {
            return vec![None; self.list.len()];
        }
        let width = members[0].1.len();
        let mut sums = BootstrapSums::new(boot.replicates, width);
        for (key, v) in members {
            sums.add(boot.seed, *key, v);
        }
        let mut draws = vec![Vec::with_capacity(boot.replicates); self.list.len()];
        for r in 0..boot.replicates {
            let s = sums.replicate(r);
            // A replicate that drew no article (every weight 0) has no rate and
            // no lean; counting its lean as 0 would drag intervals to balance.
            if s[0] <= 0.0 {
                continue;
            }
            for (k, d) in draws.iter_mut().enumerate() {
                // A replicate that drew no on-topic article has no lean.
                d.extend(self.eval(k, s));
            }
        }
        draws.iter().map(|d| percentile_interval(d, boot.level)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Lexicon, LoadOptions};

    #[test]
    fn measures_compute_what_their_names_say() {
        let csv = "term,match,category,axis,side\nx,exact,label,a-b,a\ny,exact,loaded,a-b,b\n";
        let lex = Lexicon::parse("t.csv", csv, &LoadOptions::default());
        let scheme = Scheme::new(&lex);
        let m = Measures::new(&scheme);
        let names: Vec<&str> = m.list.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "hits_narrator_per_1k",
                "hits_all_per_1k",
                "label_narrator_per_1k",
                "label_all_per_1k",
                "loaded_narrator_per_1k",
                "loaded_all_per_1k",
                "a-b_lean_narrator",
                "a-b_lean_all",
                "a-b_naming_narrator"
            ]
        );
        let mut s = Scores::zero(&scheme);
        s.words = 500;
        s.hits_narrator = 2;
        s.hits_all = 3;
        s.category_narrator = vec![1, 1];
        s.category_all = vec![2, 1];
        s.pole_narrator = vec![[1.0, 0.0]];
        s.pole_all = vec![[2.0, 1.0]];
        s.naming_narrator = vec![[0.0, 3.0]];
        let v = m.values(&s);
        let off: Vec<Option<f64>> = (0..m.list.len()).map(|k| m.eval(k, &v)).collect();
        assert_eq!(off[6..], [None, None, None], "off topic: no lean");
        s.on_topic = vec![1];
        let v = m.values(&s);
        let got: Vec<Option<f64>> = (0..m.list.len()).map(|k| m.eval(k, &v)).collect();
        assert_eq!(got[..6], [Some(4.0), Some(6.0), Some(2.0), Some(4.0), Some(2.0), Some(2.0)]);
        assert_eq!(got[6], s.lean_narrator(0));
        assert_eq!(got[7], s.lean_all(0));
        assert_eq!(got[8], s.naming_lean(0));
    }
}
