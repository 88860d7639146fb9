//! Differences between two versions of one claim: one that denies what the
//! other states, a word-level diff (words inserted, deleted, or substituted,
//! with the substituted pairs listed), a changed reporting verb stance, a
//! changed form (asserted vs attributed), and numbers that disagree.
//! Datelines are left out of the comparison.

use std::fmt;

use serde::{Serialize, Serializer};
use unicode_segmentation::UnicodeSegmentation;

use super::{Claim, Form};

/// What kind of difference a row of `differences.csv` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Words the second version adds.
    Inserted,
    /// Words the second version leaves out.
    Deleted,
    /// Words the second version replaces (`from` → `to`).
    Substituted,
    /// The reporting verb's stance changed (noted → claimed).
    Stance,
    /// Asserted, attributed or quoted changed.
    Form,
    /// The same unit, or the same count (killed, wounded), with values
    /// that cannot both be true.
    Number,
    /// One version denies or negates what the other states ("received" /
    /// "has not received").
    Conflict,
}

impl Kind {
    /// The name written in `differences.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Inserted => "inserted",
            Kind::Deleted => "deleted",
            Kind::Substituted => "substituted",
            Kind::Stance => "stance",
            Kind::Form => "form",
            Kind::Number => "number",
            Kind::Conflict => "conflict",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One difference from version `a` to version `b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What kind of difference.
    pub kind: Kind,
    /// The words (or value) of the first version.
    pub from: String,
    /// The words (or value) of the second version.
    pub to: String,
}

/// A version of a claim: one sentence, or the sentences of one article that
/// together carry it (a split sentence), joined; with its words split once
/// for all the comparisons it takes part in.
pub struct Version<'a> {
    /// Its sentences, in text order.
    pub claims: Vec<&'a Claim>,
    text: String,
    /// Each word's byte range in `text` and its matching form.
    words: Vec<(usize, usize, String)>,
    norms: Vec<String>,
}

impl<'a> Version<'a> {
    /// The version made of these sentences (in text order).
    pub fn new(claims: Vec<&'a Claim>) -> Version<'a> {
        let text = claims.iter().map(|c| content(c)).collect::<Vec<_>>().join(" ");
        let words = words(&text);
        let norms = words.iter().map(|w| w.2.clone()).collect();
        Version { claims, text, words, norms }
    }

    fn cue(&self) -> Option<&Claim> {
        self.claims.iter().copied().find(|c| c.stance.is_some())
    }

    fn form(&self) -> Form {
        // The most committed form among the parts: asserted, then indirect, then direct.
        self.claims.iter().map(|c| c.form).min().unwrap_or(Form::Asserted)
    }
}

/// The edit script between two versions (see [`runs`]), computed once and
/// read both for how alike they are and for what differs.
pub struct Script(Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>);

impl Script {
    /// The script from `a` to `b`.
    pub fn new(a: &Version, b: &Version) -> Script {
        Script(runs(&a.norms, &b.norms))
    }

    /// The script from `b` to `a`.
    pub fn reversed(&self) -> Script {
        Script(self.0.iter().map(|(x, y)| (y.clone(), x.clone())).collect())
    }

    /// How alike the two versions are: twice the words they share over all
    /// their words (1 for identical, 0 for nothing in common).
    pub fn similarity(&self, a: &Version, b: &Version) -> f64 {
        if a.norms.is_empty() && b.norms.is_empty() {
            return 1.0;
        }
        let common = self.0.iter().fold(a.norms.len(), |n, (ra, _)| n - ra.len());
        2.0 * common as f64 / (a.norms.len() + b.norms.len()) as f64
    }
}

/// A claim's text without its dateline.
fn content(c: &Claim) -> &str {
    c.text.get(c.lead..).unwrap_or(&c.text)
}

/// Words with their byte ranges and matching forms.
fn words(text: &str) -> Vec<(usize, usize, String)> {
    text.unicode_word_indices()
        .map(|(i, w)| {
            let mut n = String::new();
            crate::normal::push_norm(&mut n, w);
            (i, i + w.len(), n)
        })
        .collect()
}

/// Where `deny` negates what `affirm` states: a negation in `deny` whose
/// negated words `affirm` has (as many as the negation needs), when
/// `affirm` negates nothing. Returns the word of `affirm` and the negating
/// phrase of `deny` ("received", "has not received").
pub fn contradiction(affirm: &[&Claim], deny: &[&Claim]) -> Option<(String, String)> {
    // Two negative versions ("neither account could be verified" / "neither
    // could be checked") say the same thing in other words.
    if affirm.iter().any(|c| !c.negations.is_empty()) {
        return None;
    }
    let has = |f: &u64| affirm.iter().any(|c| c.features.binary_search(f).is_ok());
    for n in deny.iter().flat_map(|c| &c.negations) {
        let hits: Vec<usize> = (0..n.targets.len()).filter(|&i| has(&n.targets[i])).collect();
        if n.need == 0 || hits.len() < n.need as usize {
            continue;
        }
        // The last word negated is the verb of "denied reports that forces withdrew".
        let target = &n.words[hits[hits.len() - 1]];
        let said = affirm
            .iter()
            .flat_map(|c| content(c).unicode_words())
            .find(|w| {
                let w = w.to_lowercase();
                let common = w.chars().zip(target.chars()).take_while(|(a, b)| a == b).count();
                let shorter = w.chars().count().min(target.chars().count());
                common >= 4.min(shorter) || (common >= 3 && common + 1 >= shorter)
            })
            .unwrap_or(target.as_str());
        return Some((said.to_string(), n.phrase.clone()));
    }
    None
}

/// The conflict between two versions, as (from `a`, from `b`), when one
/// negates what the other states.
pub fn conflict(a: &[&Claim], b: &[&Claim]) -> Option<(String, String)> {
    contradiction(a, b).or_else(|| contradiction(b, a).map(|(said, denied)| (denied, said)))
}

/// The edit script between two word lists as runs: (a range, b range) that
/// differ, between stretches both share. The diff is `similar`'s Myers,
/// whose cost caps keep it near-linear even on very long "sentences" (a
/// quotation left open over a whole article).
fn runs(a: &[String], b: &[String]) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, a, b) {
        if let similar::DiffOp::Equal { .. } = op {
            out.extend(open.take());
            continue;
        }
        let (ra, rb) = (op.old_range(), op.new_range());
        match &mut open {
            Some((oa, ob)) => {
                oa.end = ra.end;
                ob.end = rb.end;
            }
            None => open = Some((ra, rb)),
        }
    }
    out.extend(open);
    out
}

fn span(text: &str, w: &[(usize, usize, String)], r: &std::ops::Range<usize>) -> String {
    if r.is_empty() { String::new() } else { text[w[r.start].0..w[r.end - 1].1].to_string() }
}

/// Everything that differs from version `a` to version `b`.
pub fn compare(a: &Version, b: &Version) -> Vec<Difference> {
    compare_with(a, b, &Script::new(a, b))
}

/// Everything that differs from version `a` to version `b`, given their edit script.
pub fn compare_with(a: &Version, b: &Version, script: &Script) -> Vec<Difference> {
    let mut out = Vec::new();
    if let Some((from, to)) = conflict(&a.claims, &b.claims) {
        out.push(Difference { kind: Kind::Conflict, from, to });
    }
    for (ra, rb) in &script.0 {
        let (from, to) = (span(&a.text, &a.words, ra), span(&b.text, &b.words, rb));
        let kind = match (ra.is_empty(), rb.is_empty()) {
            (true, false) => Kind::Inserted,
            (false, true) => Kind::Deleted,
            _ => Kind::Substituted,
        };
        out.push(Difference { kind, from, to });
    }
    match (a.cue(), b.cue()) {
        (Some(x), Some(y)) if x.stance != y.stance => {
            let show = |c: &Claim| format!("{} ({})", c.cue, c.stance.map_or("", |s| s.as_str()));
            out.push(Difference { kind: Kind::Stance, from: show(x), to: show(y) });
        }
        _ => {}
    }
    if a.form() != b.form() {
        out.push(Difference { kind: Kind::Form, from: a.form().to_string(), to: b.form().to_string() });
    }
    let na: Vec<_> = a.claims.iter().flat_map(|c| c.numbers.iter().cloned()).collect();
    let nb: Vec<_> = b.claims.iter().flat_map(|c| c.numbers.iter().cloned()).collect();
    for (x, y) in super::numbers::disagreements(&na, &nb) {
        out.push(Difference { kind: Kind::Number, from: x.display(), to: y.display() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(text: &str) -> Claim {
        crate::claims::claims_of(text).remove(0)
    }

    fn diff(a: &str, b: &str) -> Vec<(String, String, String)> {
        let (ca, cb) = (claim(a), claim(b));
        compare(&Version::new(vec![&ca]), &Version::new(vec![&cb]))
            .into_iter()
            .map(|d| (d.kind.to_string(), d.from, d.to))
            .collect()
    }

    #[test]
    fn very_long_versions_are_diffed_whole() {
        let filler = "word ".repeat(3000);
        let (a, b) = (format!("{filler}about 2,000 troops."), format!("{filler}about 3,000 troops and more."));
        let got = diff(&a, &b);
        let t = |k: &str, f: &str, to: &str| (k.to_string(), f.to_string(), to.to_string());
        assert_eq!(
            got,
            [
                t("substituted", "2,000", "3,000"),
                t("inserted", "", "and more"),
                t("number", "2000 troops", "3000 troops")
            ]
        );
    }

    #[test]
    fn word_diff_table() {
        let t = |k: &str, f: &str, to: &str| (k.to_string(), f.to_string(), to.to_string());
        let cases = vec![
            (
                "The region has suffered for decades due to hostilities between Armenia and Azerbaijan.",
                "The region has suffered for decades due to hostilities between Armenia and Azerbaijan due to the occupation of the latter’s lands by Armenia.",
                vec![t("inserted", "", "due to the occupation of the latter’s lands by Armenia")],
            ),
            (
                "Pashinyan noted that Armenia had turned to the CSTO.",
                "Pashinyan claimed that Armenia had turned to the CSTO.",
                vec![t("substituted", "noted", "claimed"), t("stance", "noted (neutral)", "claimed (distancing)")],
            ),
            (
                "Moscow deployed about 2,000 peacekeepers.",
                "Moscow deployed about 3,000 peacekeepers.",
                vec![t("substituted", "2,000", "3,000"), t("number", "2000 peacekeepers", "3000 peacekeepers")],
            ),
            (
                "Blocked by activists, he said.",
                "Blocked by activists.",
                vec![t("deleted", "he said", ""), t("form", "indirect", "asserted")],
            ),
            ("Same words here.", "Same words here.", vec![]),
        ];
        for (a, b, want) in cases {
            assert_eq!(diff(a, b), want, "{a} → {b}");
        }
    }
}
