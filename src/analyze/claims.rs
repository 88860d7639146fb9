//! Writes the claim reports of every event: `claims.csv`, `coverage.csv`,
//! `differences.csv` and `sources.csv` (see [`crate::claims::report`]).

use rayon::prelude::*;

use crate::claims::report::{ArticleClaims, ClaimRow, CoverageRow, DifferenceRow, EventRows, SourceRow, event_rows};
use crate::error::Result;
use crate::report::{ReportFormat, TableWriter};

use super::Summary;

const CLAIMS: &[&str] = &[
    "event",
    "cluster",
    "outlet",
    "article",
    "sentence",
    "paragraph",
    "start",
    "end",
    "text",
    "speaker",
    "speaker_key",
    "mention",
    "cue",
    "stance",
    "form",
    "hedges",
    "loaded",
    "numbers",
    "split",
    "also_carries",
    "outlets_carrying",
];
const COVERAGE: &[&str] =
    &["event", "cluster", "outlet", "status", "outlets_carrying", "outlets_total", "article", "sentence", "claim"];
const DIFFERENCES: &[&str] = &[
    "event",
    "cluster",
    "outlet_a",
    "article_a",
    "sentence_a",
    "outlet_b",
    "article_b",
    "sentence_b",
    "kind",
    "from",
    "to",
];
const SOURCES: &[&str] =
    &["event", "outlet", "speaker_key", "speaker", "claims", "quoted", "attributed", "stances", "cues"];

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Aligns every event (events in parallel, each in corpus order) and writes the rows.
pub fn write(
    out: &std::path::Path,
    format: ReportFormat,
    mut per_article: Vec<ArticleClaims>,
    summary: &mut Summary,
) -> Result<()> {
    // Stable: corpus order within each event.
    per_article.sort_by(|a, b| a.event.cmp(&b.event));
    let mut spans = Vec::new();
    let mut start = 0;
    while start < per_article.len() {
        let event = &per_article[start].event;
        let end = start + per_article[start..].iter().take_while(|a| &a.event == event).count();
        spans.push(start..end);
        start = end;
    }
    let mut claims = TableWriter::create(out, "claims", format, header(CLAIMS))?;
    let mut coverage = TableWriter::create(out, "coverage", format, header(COVERAGE))?;
    let mut differences = TableWriter::create(out, "differences", format, header(DIFFERENCES))?;
    let mut sources = TableWriter::create(out, "sources", format, header(SOURCES))?;
    // A batch of events is aligned in parallel and written before the next,
    // so only one batch's rows are held in memory.
    for batch in spans.chunks(16) {
        let events: Vec<EventRows> =
            batch.par_iter().map(|r| event_rows(&per_article[r.start].event, &per_article[r.clone()])).collect();
        for rows in &events {
            summary.clusters += rows.clusters;
            rows.claims.iter().try_for_each(|r: &ClaimRow| claims.row(r))?;
            rows.coverage.iter().try_for_each(|r: &CoverageRow| coverage.row(r))?;
            rows.differences.iter().try_for_each(|r: &DifferenceRow| differences.row(r))?;
            rows.sources.iter().try_for_each(|r: &SourceRow| sources.row(r))?;
        }
    }
    for w in [claims, coverage, differences, sources] {
        summary.reports.push(w.finish()?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::header_of;

    /// The fixed headers must name the row structs' fields, in order, so that
    /// files with no rows still announce the right columns.
    #[test]
    fn headers_match_row_structs() {
        let claim = ClaimRow {
            event: "".into(),
            cluster: 0,
            outlet: "".into(),
            article: "".into(),
            sentence: 0,
            paragraph: 0,
            start: 0,
            end: 0,
            text: "".into(),
            speaker: "".into(),
            speaker_key: "".into(),
            mention: "".into(),
            cue: "".into(),
            stance: "".into(),
            form: crate::claims::Form::Asserted,
            hedges: "".into(),
            loaded: "".into(),
            numbers: "".into(),
            split: false,
            also_carries: "".into(),
            outlets_carrying: 0,
        };
        assert_eq!(header_of(&claim), header(CLAIMS));
        let cov = CoverageRow {
            event: "".into(),
            cluster: 0,
            outlet: "".into(),
            status: "",
            outlets_carrying: 0,
            outlets_total: 0,
            article: "".into(),
            sentence: "".into(),
            claim: "".into(),
        };
        assert_eq!(header_of(&cov), header(COVERAGE));
        let diff = DifferenceRow {
            event: "".into(),
            cluster: 0,
            outlet_a: "".into(),
            article_a: "".into(),
            sentence_a: "".into(),
            outlet_b: "".into(),
            article_b: "".into(),
            sentence_b: "".into(),
            kind: crate::claims::diff::Kind::Form,
            from: "".into(),
            to: "".into(),
        };
        assert_eq!(header_of(&diff), header(DIFFERENCES));
        let src = SourceRow {
            event: "".into(),
            outlet: "".into(),
            speaker_key: "".into(),
            speaker: "".into(),
            claims: 0,
            quoted: 0,
            attributed: 0,
            stances: "".into(),
            cues: "".into(),
        };
        assert_eq!(header_of(&src), header(SOURCES));
    }
}
