//! Events without labels: groups articles into stories by the rare words they
//! share. Each article is reduced to its most distinctive features (light
//! stems and numbers weighted by inverse document frequency in the corpus);
//! articles are then taken in corpus order and each joins the most similar
//! story (weighted Jaccard against the story's first article) at or above
//! [`THRESHOLD`], or starts a new one. Candidate stories are found through an
//! inverted index, so the cost stays near-linear in the number of articles.

use std::collections::HashMap;

/// Similarity from which an article joins a story.
pub const THRESHOLD: f64 = 0.12;
/// Features kept per article: its most distinctive ones.
pub const FEATURES_PER_ARTICLE: usize = 40;

/// Groups articles (given as their feature lists with counts) into stories.
/// Returns the story index of every article, stories numbered in order of
/// their first article.
pub fn group(articles: &[Vec<(u64, u32)>]) -> Vec<usize> {
    let n = articles.len() as f64;
    let mut df: HashMap<u64, u32> = HashMap::new();
    for a in articles {
        for (f, _) in a {
            *df.entry(*f).or_default() += 1;
        }
    }
    let idf = |f: &u64| (1.0 + n / *df.get(f).unwrap_or(&1) as f64).ln();
    // Each article's top features by tf-idf, sorted by feature for merging.
    let tops: Vec<Vec<(u64, f64)>> = articles
        .iter()
        .map(|a| {
            let mut v: Vec<(u64, f64)> =
                a.iter().filter(|(f, _)| df[f] > 1).map(|(f, c)| (*f, (1.0 + (*c as f64).ln()) * idf(f))).collect();
            v.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            v.truncate(FEATURES_PER_ARTICLE);
            v.sort_by_key(|x| x.0);
            v
        })
        .collect();
    let sim = |a: &[(u64, f64)], b: &[(u64, f64)]| {
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
    };
    let mut leaders: Vec<usize> = Vec::new();
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut story = Vec::with_capacity(articles.len());
    for (k, top) in tops.iter().enumerate() {
        let mut cands: Vec<usize> = top.iter().filter_map(|(f, _)| postings.get(f)).flatten().copied().collect();
        cands.sort_unstable();
        cands.dedup();
        let best = cands
            .into_iter()
            .map(|s| (sim(top, &tops[leaders[s]]), s))
            .filter(|(v, _)| *v >= THRESHOLD)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        match best {
            Some((_, s)) => story.push(s),
            None => {
                let s = leaders.len();
                leaders.push(k);
                for (f, _) in top {
                    postings.entry(*f).or_default().push(s);
                }
                story.push(s);
            }
        }
    }
    story
}
