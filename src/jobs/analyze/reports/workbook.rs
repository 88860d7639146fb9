//! `framelens.xlsx`: every report of the run as one workbook that opens
//! cleanly in a spreadsheet (text as text, numbers as numbers, no encoding
//! guesswork), one sheet per report, with the header row frozen, filters on,
//! readable column widths, and in the outlet and article sheets the columns a
//! reader looks for first (outlet, lean with its interval, rates) moved to
//! the front. The rows come from the tables the other reports wrote (read
//! through [`Tables`]); a sheet holds at most [`SHEET_ROWS`] rows and says
//! where the rest is. The CSV files stay as they are, for pandas and R.
//!
//! The workbook carries a fixed creation date, so that the same input gives
//! the same bytes.

use std::io::Write as _;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Finish, Report};
use crate::error::{Error, Result};
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::report::{Cell, Output, Table, Tables};

/// The workbook's file name.
pub const WORKBOOK_FILE: &str = "framelens.xlsx";

/// Most data rows of one sheet. Spreadsheets stop at 1,048,576 rows; a
/// sheet a tenth of that still opens in seconds, and the CSV has the rest.
pub const SHEET_ROWS: usize = 100_000;

/// Longest text a spreadsheet cell holds.
const CELL_CHARS: usize = 32_767;

/// Sheets in the order a reader wants them; any other report follows.
const SHEET_ORDER: &[&str] = &[
    "outlets",
    "articles",
    "hits",
    "differences",
    "coverage",
    "claims",
    "sources",
    "keyness",
    "lexicon-suggestions",
    "events",
    "problems",
];

/// Writes `framelens.xlsx` from every table the run wrote.
pub struct WorkbookReport {
    tables: Tables,
}

impl WorkbookReport {
    /// Asks `tables` to keep every table (up to [`SHEET_ROWS`] rows each).
    pub fn new(tables: &Tables) -> WorkbookReport {
        tables.want_every(SHEET_ROWS);
        WorkbookReport { tables: tables.clone() }
    }
}

impl Report for WorkbookReport {
    fn article(&mut self, _a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>, _at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let path = out.path(WORKBOOK_FILE);
        let fail = |e: XlsxError| Error::write(&path, std::io::Error::other(e.to_string()));
        let mut tables = self.tables.all();
        tables.sort_by_key(|t| SHEET_ORDER.iter().position(|n| *n == t.name).unwrap_or(SHEET_ORDER.len()));
        let bytes = workbook(&tables).map_err(fail)?;
        let mut file = out.create(WORKBOOK_FILE)?;
        file.write_all(&bytes).and_then(|()| file.flush()).map_err(|e| Error::write(&path, e))?;
        summary.reports.push(path);
        Ok(())
    }
}

/// The workbook's bytes.
fn workbook(tables: &[std::sync::Arc<Table>]) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed date: the same input gives the same file.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_title("framelens reports").set_creation_datetime(&created));
    let header = Format::new().set_bold().set_border_bottom(FormatBorder::Thin).set_background_color("#E8EEF4");
    let number = Format::new().set_num_format("0.00##");
    let note = Format::new().set_italic();
    for t in tables {
        // Rows go to a temporary file as they are written (strings stay
        // shared): a workbook of a large run's tables would otherwise be
        // built in memory several times over.
        let ws = wb.add_worksheet_with_low_memory()?;
        ws.set_name(sheet_name(&t.name))?;
        sheet(ws, t, &header, &number, &note)?;
    }
    if tables.is_empty() {
        wb.add_worksheet().write_string(0, 0, "This run wrote no tables.")?;
    }
    wb.save_to_buffer()
}

/// The column order of a sheet: who and what first (event, outlet,
/// article), then the narrator's lean on each axis with its interval, then
/// the rates, then the rest as in the CSV.
fn column_order(columns: &[String]) -> Vec<usize> {
    const WHO: &[&str] = &["event", "outlet", "article", "title", "articles", "small_sample", "interval_note"];
    let rank = |c: &str| {
        if WHO.contains(&c) {
            0
        } else if c.contains("_lean_narrator") {
            1
        } else if c.starts_with("hits_narrator_per_1k") {
            2
        } else if c.contains("_narrator_per_1k") {
            3
        } else {
            4
        }
    };
    let mut order: Vec<usize> = (0..columns.len()).collect();
    if columns.iter().any(|c| c.contains("_lean_narrator")) {
        order.sort_by_key(|&i| (rank(&columns[i]), WHO.iter().position(|w| *w == columns[i]), i));
    }
    order
}

/// A name a spreadsheet accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    clean.chars().take(31).collect()
}

/// Text cut to what a cell holds.
fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= CELL_CHARS {
        return s.into();
    }
    let mut t: String = s.chars().take(CELL_CHARS - 1).collect();
    t.push('…');
    t.into()
}

fn sheet(ws: &mut Worksheet, t: &Table, header: &Format, number: &Format, note: &Format) -> Result<(), XlsxError> {
    let order = column_order(&t.columns);
    let rows = t.rows.len().min(SHEET_ROWS);
    // Widths from the header and the first rows: enough to read, never a wall.
    let mut widths: Vec<usize> = order.iter().map(|&i| t.columns[i].chars().count()).collect();
    for (c, &i) in order.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, &t.columns[i], header)?;
        for row in t.rows.iter().take(200) {
            let w = match row.get(i) {
                Some(Cell::Text(s)) => s.chars().count(),
                Some(Cell::Num(Some(_)) | Cell::Float(_)) => 8,
                Some(Cell::Int(n)) => n.to_string().len(),
                Some(Cell::Bool(_)) => 5,
                _ => 0,
            };
            widths[c] = widths[c].max(w);
        }
    }
    for (r, row) in t.rows.iter().take(rows).enumerate() {
        let r = r as u32 + 1;
        for (c, &i) in order.iter().enumerate() {
            let c = c as u16;
            match row.get(i) {
                Some(Cell::Text(s)) if !s.is_empty() => {
                    ws.write_string(r, c, cell_text(s))?;
                }
                Some(Cell::Int(n)) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                Some(Cell::Num(Some(x))) => {
                    ws.write_number_with_format(r, c, *x, number)?;
                }
                Some(Cell::Float(x)) => {
                    ws.write_number(r, c, *x)?;
                }
                Some(Cell::Bool(b)) => {
                    ws.write_boolean(r, c, *b)?;
                }
                _ => {}
            }
        }
    }
    let last_col = order.len().saturating_sub(1) as u16;
    if !order.is_empty() {
        ws.autofilter(0, 0, rows as u32, last_col)?;
    }
    let frozen_cols = if t.columns.len() > 2 && t.columns[0] == "event" && t.columns[1] == "outlet" { 2 } else { 0 };
    ws.set_freeze_panes(1, frozen_cols)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(6, 48) as f64 + 2.0)?;
    }
    if (t.rows.len() as u64) < t.total || rows < t.rows.len() {
        let more = t.total - rows as u64;
        ws.write_string_with_format(
            rows as u32 + 2,
            0,
            format!("… and {more} more rows: the whole table is in {}.csv (or .json).", t.name),
            note,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn key_columns_come_first_in_outlet_sheets() {
        let cols = names(&[
            "event",
            "outlet",
            "articles",
            "words",
            "hits_narrator_per_1k",
            "label_narrator",
            "label_narrator_per_1k",
            "label_narrator_per_1k_low",
            "a-b_a_narrator",
            "a-b_lean_narrator",
            "a-b_lean_narrator_low",
            "a-b_lean_narrator_high",
            "a-b_lean_all",
        ]);
        let got: Vec<&str> = column_order(&cols).into_iter().map(|i| cols[i].as_str()).collect();
        assert_eq!(
            got,
            [
                "event",
                "outlet",
                "articles",
                "a-b_lean_narrator",
                "a-b_lean_narrator_low",
                "a-b_lean_narrator_high",
                "hits_narrator_per_1k",
                "label_narrator_per_1k",
                "label_narrator_per_1k_low",
                "words",
                "label_narrator",
                "a-b_a_narrator",
                "a-b_lean_all",
            ]
        );
        // Sheets without a lean keep the CSV's order.
        let hits = names(&["event", "outlet", "article", "sentence", "term"]);
        assert_eq!(column_order(&hits), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn names_and_cells_fit_a_spreadsheet() {
        assert_eq!(sheet_name("lexicon-suggestions"), "lexicon-suggestions");
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        let long = "é".repeat(40_000);
        assert_eq!(cell_text(&long).chars().count(), CELL_CHARS);
        assert_eq!(cell_text("short"), "short");
    }

    #[test]
    fn the_same_tables_give_the_same_bytes() {
        let t = Table {
            name: "outlets".into(),
            columns: names(&["event", "outlet", "x_lean_narrator", "note"]),
            rows: vec![vec![
                Cell::Text("e".into()),
                Cell::Text("=HYPERLINK(\"http://x\")".into()),
                Cell::Num(Some(-2.4849)),
                Cell::Bool(true),
            ]],
            total: 3,
        };
        let tables = vec![std::sync::Arc::new(t)];
        let a = workbook(&tables).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let b = workbook(&tables).unwrap();
        assert!(a == b, "two writes a second apart differ");
        // Read it back: the sheet, its frozen header, its filter, and text
        // that looks like a formula stored as text.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
        let read = |zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
            s
        };
        let book = read(&mut zip, "xl/workbook.xml");
        assert!(book.contains("name=\"outlets\""), "{book}");
        let sheet = read(&mut zip, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("state=\"frozen\""), "{sheet}");
        assert!(sheet.contains("<autoFilter ref=\"A1:D2\"/>"), "{sheet}");
        assert!(!sheet.contains("<f>"), "no formulas: {sheet}");
        let strings = read(&mut zip, "xl/sharedStrings.xml");
        assert!(strings.contains("and 2 more rows"), "says where the rest is");
        assert!(strings.contains("<t>=HYPERLINK(\"http://x\")</t>"), "{strings}");
        let core = read(&mut zip, "docProps/core.xml");
        assert!(core.contains("2000-01-01T00:00:00Z"), "{core}");
    }
}
