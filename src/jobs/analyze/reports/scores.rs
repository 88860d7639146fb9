//! `scores.csv`: every measure of `outlets.csv` as one tidy long table, a
//! row per outlet, event and measure with its value and interval. It is the
//! shape R's tidyverse and pandas work in (filter on `measure`, pivot on
//! `outlet`) and needs no knowledge of the wide table's column names. It is
//! made from the outlets table as written, so the two always agree: each of
//! its rows is copied to a temporary file as it is written (a corpus of
//! many events has tens of thousands of them) and melted at the end.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::sync::{Arc, Mutex};

use super::{Finish, Report};
use crate::error::{Error, Result};
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::report::{Cell, Columns, Output, Row, RowSink, Table, TableStream, TableWriter, Tables, Value};
use crate::spill::{rewound, temp_error, temp_writer};

/// The outlets table's header and rows as they are written: in memory up to
/// about `limit` bytes (a class's corpus, and the browser version, which
/// has no files), beyond it in a temporary file.
#[derive(Default)]
struct Spool {
    limit: usize,
    started: bool,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
    file: Option<BufWriter<File>>,
}

impl Spool {
    fn write(w: &mut BufWriter<File>, cells: &[Cell]) -> Result<()> {
        serde_json::to_writer(&mut *w, cells).map_err(|e| temp_error(std::io::Error::other(e)))?;
        w.write_all(b"\n").map_err(temp_error)
    }
}

/// The stream the outlets table's rows come through.
struct Spooler(Arc<Mutex<Spool>>);

fn lock(spool: &Mutex<Spool>) -> std::sync::MutexGuard<'_, Spool> {
    spool.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl TableStream for Spooler {
    fn start(&mut self, _name: &str, columns: &[String]) -> Result<Box<dyn RowSink>> {
        let mut s = lock(&self.0);
        s.started = true;
        s.columns = columns.to_vec();
        Ok(Box::new(Spooler(self.0.clone())))
    }
}

impl RowSink for Spooler {
    fn row(&mut self, cells: Vec<Cell>) -> Result<()> {
        let mut s = lock(&self.0);
        if let Some(w) = s.file.as_mut() {
            return Spool::write(w, &cells);
        }
        s.rows.push(cells);
        // About 40 bytes a cell, text included.
        if s.rows.len() * s.columns.len().max(1) * 40 > s.limit {
            let mut w = temp_writer()?;
            for row in std::mem::take(&mut s.rows) {
                Spool::write(&mut w, &row)?;
            }
            s.file = Some(w);
        }
        Ok(())
    }

    fn end(self: Box<Self>, _total: u64) -> Result<()> {
        Ok(())
    }
}

/// Takes the outlets table's rows as they are written, and melts them.
pub struct Scores {
    spool: Arc<Mutex<Spool>>,
}

impl Scores {
    /// Asks for every row of the outlets table, as it is written; beyond
    /// about `memory` bytes they wait in a temporary file.
    pub fn new(tables: &Tables, memory: usize) -> Scores {
        let spool = Arc::new(Mutex::new(Spool { limit: memory, ..Spool::default() }));
        tables.stream_table("outlets", Box::new(Spooler(spool.clone())));
        Scores { spool }
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

/// The melted rows of every row of `table`.
#[cfg(test)]
fn rows<'a>(table: &'a Table, melts: &'a [Melt]) -> impl Iterator<Item = ScoreRow> + 'a {
    let at = Places::of(table, melts);
    table.rows.iter().flat_map(move |row| melt(row, melts, &at).collect::<Vec<_>>())
}

/// Where each cell a melt reads is in the outlets table's rows, found once
/// from its header (a large run melts hundreds of thousands of rows).
struct Places {
    event: Option<usize>,
    outlet: Option<usize>,
    interval_note: Option<usize>,
    articles: Option<usize>,
    words: Option<usize>,
    /// Per melt: its value, low and high, and its note.
    measures: Vec<[Option<usize>; 4]>,
}

impl Places {
    fn of(table: &Table, melts: &[Melt]) -> Places {
        let at = |name: &str| table.column(name);
        Places {
            event: at("event"),
            outlet: at("outlet"),
            interval_note: at("interval_note"),
            articles: at("articles"),
            words: at("words"),
            measures: melts
                .iter()
                .map(|m| {
                    [
                        at(&m.column),
                        at(&format!("{}_low", m.column)),
                        at(&format!("{}_high", m.column)),
                        m.note.as_deref().and_then(at),
                    ]
                })
                .collect(),
        }
    }
}

/// The melted rows of one row of the outlets table (`at` says where its cells are).
fn melt<'a>(row: &'a [Cell], melts: &'a [Melt], at: &'a Places) -> impl Iterator<Item = ScoreRow> + 'a {
    let cell = |i: Option<usize>| i.and_then(|i| row.get(i));
    let text = move |i: Option<usize>| cell(i).map(|c| c.text().to_string()).unwrap_or_default();
    let number = move |i: Option<usize>| cell(i).and_then(Cell::number);
    let interval_note = text(at.interval_note);
    melts.iter().zip(&at.measures).map(move |(m, &[value, low, high, note])| {
        let reason = text(note);
        ScoreRow {
            event: text(at.event),
            outlet: text(at.outlet),
            measure: m.measure,
            category: m.category.clone(),
            axis: m.axis.clone(),
            voice: m.voice,
            value: number(value),
            low: number(low),
            high: number(high),
            articles: number(at.articles).map_or(0, |n| n as u64),
            words: number(at.words).map_or(0, |n| n as u64),
            note: if reason.is_empty() { interval_note.clone() } else { reason },
        }
    })
}

impl Report for Scores {
    fn article(&mut self, _a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        Ok(())
    }

    fn reads_tables(&self) -> bool {
        true
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let spool = std::mem::take(&mut *lock(&self.spool));
        // No outlets table, no scores.
        if !spool.started {
            return Ok(());
        }
        let header = Table { name: "outlets".into(), columns: spool.columns, ..Table::default() };
        let mut w = TableWriter::create(out, "scores", at.options.format, ScoreRow::columns())?;
        let scheme = &at.ctx.scheme;
        let axes: Vec<String> = scheme.axes.iter().map(|a| a.name.clone()).collect();
        let melts = melts(&scheme.categories, &axes);
        let at = Places::of(&header, &melts);
        for row in &spool.rows {
            melt(row, &melts, &at).try_for_each(|r| w.row(&r))?;
        }
        if let Some(file) = spool.file {
            for line in BufReader::new(rewound(file)?).lines() {
                let line = line.map_err(temp_error)?;
                let row: Vec<Cell> = serde_json::from_str(&line)
                    .map_err(|e| Error::Internal(format!("the outlets rows kept for scores.csv: {e}")))?;
                melt(&row, &melts, &at).try_for_each(|r| w.row(&r))?;
            }
        }
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
