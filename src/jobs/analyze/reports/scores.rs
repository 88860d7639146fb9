//! `scores.csv`: every measure of `outlets.csv` as one tidy long table, a
//! row per outlet, event and measure with its value and interval. It is the
//! shape R's tidyverse and pandas work in (filter on `measure`, pivot on
//! `outlet`) and needs no knowledge of the wide table's column names. It is
//! made from the outlets table as written, so the two always agree.

use std::sync::Arc;

use super::{Finish, Report};
use crate::error::Result;
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::report::{Cell, Columns, Output, Row, Table, TableWriter, Tables, Value};

/// Waits for the outlets table and melts it.
pub struct Scores {
    tables: Tables,
}

impl Scores {
    /// Asks for every row of the outlets table.
    pub fn new(tables: &Tables) -> Scores {
        tables.want("outlets", usize::MAX);
        Scores { tables: tables.clone() }
    }
}

/// One measure of one outlet in one event.
pub struct ScoreRow {
    event: String,
    outlet: String,
    measure: &'static str,
    category: String,
    axis: String,
    voice: &'static str,
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    articles: u64,
    words: u64,
    note: String,
}

impl Row for ScoreRow {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("event", |r: &ScoreRow| Value::text(&r.event))
            .col("outlet", |r| Value::text(&r.outlet))
            .col("measure", |r| Value::text(r.measure))
            .col("category", |r| Value::text(&r.category))
            .col("axis", |r| Value::text(&r.axis))
            .col("voice", |r| Value::text(r.voice))
            .col("value", |r| Value::opt(r.value))
            .col("low", |r| Value::opt(r.low))
            .col("high", |r| Value::opt(r.high))
            .col("articles", |r| Value::Int(r.articles))
            .col("words", |r| Value::Int(r.words))
            .col("note", |r| Value::text(&r.note))
    }
}

/// A measure's place in the long table and the wide column it comes from.
struct Melt {
    measure: &'static str,
    category: String,
    axis: String,
    voice: &'static str,
    column: String,
    /// The wide column that says why the value is empty, if the measure has one.
    note: Option<String>,
}

/// Every measure with an interval, in the order of `outlets.csv`'s columns:
/// hit rates, category rates, then per axis the leans and the naming measure.
fn melts(categories: &[String], axes: &[String]) -> Vec<Melt> {
    let mut list = Vec::new();
    for voice in ["narrator", "all"] {
        list.push(Melt {
            measure: "hits_per_1k",
            category: String::new(),
            axis: String::new(),
            voice,
            column: format!("hits_{voice}_per_1k"),
            note: None,
        });
    }
    for cat in categories {
        for voice in ["narrator", "all"] {
            list.push(Melt {
                measure: "rate_per_1k",
                category: cat.clone(),
                axis: String::new(),
                voice,
                column: format!("{cat}_{voice}_per_1k"),
                note: None,
            });
        }
    }
    for name in axes {
        let note = Some(format!("{name}_lean_note"));
        for (measure, voice, column) in [
            ("lean", "narrator", format!("{name}_lean_narrator")),
            ("lean", "all", format!("{name}_lean_all")),
            ("naming", "narrator", format!("{name}_naming_narrator")),
        ] {
            list.push(Melt { measure, category: String::new(), axis: name.clone(), voice, column, note: note.clone() });
        }
    }
    list
}

fn rows<'a>(table: &'a Table, melts: &'a [Melt]) -> impl Iterator<Item = ScoreRow> + 'a {
    let text = |row: &[Cell], name: &str| table.cell(row, name).map(|c| c.text().to_string()).unwrap_or_default();
    let number = |row: &[Cell], name: &str| table.cell(row, name).and_then(Cell::number);
    // Row by row: a corpus of many events has tens of thousands of outlet
    // rows, each melted into dozens.
    table.rows.iter().flat_map(move |row| {
        let interval_note = text(row, "interval_note");
        melts.iter().map(move |m| {
            let reason = m.note.as_deref().map(|n| text(row, n)).unwrap_or_default();
            ScoreRow {
                event: text(row, "event"),
                outlet: text(row, "outlet"),
                measure: m.measure,
                category: m.category.clone(),
                axis: m.axis.clone(),
                voice: m.voice,
                value: number(row, &m.column),
                low: number(row, &format!("{}_low", m.column)),
                high: number(row, &format!("{}_high", m.column)),
                articles: number(row, "articles").map_or(0, |n| n as u64),
                words: number(row, "words").map_or(0, |n| n as u64),
                note: if reason.is_empty() { interval_note.clone() } else { reason },
            }
        })
    })
}

impl Report for Scores {
    fn article(&mut self, _a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let Some(table): Option<Arc<Table>> = self.tables.get("outlets") else { return Ok(()) };
        let mut w = TableWriter::create(out, "scores", at.options.format, ScoreRow::columns())?;
        let scheme = &at.ctx.scheme;
        let axes: Vec<String> = scheme.axes.iter().map(|a| a.name.clone()).collect();
        let melts = melts(&scheme.categories, &axes);
        rows(&table, &melts).try_for_each(|r| w.row(&r))?;
        summary.reports.push(w.finish()?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_wide_measure_becomes_one_row_with_its_interval() {
        let columns: Vec<String> = [
            "event",
            "outlet",
            "articles",
            "words",
            "interval_note",
            "hits_narrator_per_1k",
            "hits_narrator_per_1k_low",
            "hits_narrator_per_1k_high",
            "a-b_lean_narrator",
            "a-b_lean_narrator_low",
            "a-b_lean_narrator_high",
            "a-b_lean_note",
        ]
        .map(String::from)
        .to_vec();
        let cells = vec![
            Cell::Text("*".into()),
            Cell::Text("Wire".into()),
            Cell::Int(3),
            Cell::Int(900),
            Cell::Text(String::new()),
            Cell::Num(Some(12.5)),
            Cell::Num(Some(10.0)),
            Cell::Num(Some(15.0)),
            Cell::Num(None),
            Cell::Num(None),
            Cell::Num(None),
            Cell::Text("off topic".into()),
        ];
        let table = Table { name: "outlets".into(), columns, rows: vec![cells], total: 1 };
        let melts = melts(&["loaded".to_string()], &["a-b".to_string()]);
        let rows: Vec<ScoreRow> = rows(&table, &melts).collect();
        // 2 hit rates, 2 category rates, 3 axis measures.
        assert_eq!(rows.len(), 7);
        let hits = &rows[0];
        assert_eq!(
            (hits.measure, hits.voice, hits.value, hits.low, hits.high),
            ("hits_per_1k", "narrator", Some(12.5), Some(10.0), Some(15.0))
        );
        assert_eq!((hits.articles, hits.words, hits.outlet.as_str()), (3, 900, "Wire"));
        let lean = rows.iter().find(|r| r.measure == "lean" && r.voice == "narrator").unwrap();
        assert_eq!((lean.axis.as_str(), lean.value, lean.note.as_str()), ("a-b", None, "off topic"));
        let rate = rows.iter().find(|r| r.measure == "rate_per_1k").unwrap();
        assert_eq!((rate.category.as_str(), rate.value), ("loaded", None), "a column the table lacks is empty");
    }
}
