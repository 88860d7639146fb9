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
use std::sync::{Arc, Mutex};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Finish, Report};
use crate::error::{Error, Result};
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::report::{Cell, Output, RowSink, TableStream, Tables};
use crate::spill::{rewound, temp_writer};

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
    sheets: Arc<Mutex<Sheets>>,
}

impl WorkbookReport {
    /// Asks `tables` to send it the first [`SHEET_ROWS`] rows of every
    /// table as they are written: each goes straight into its sheet (in
    /// rust_xlsxwriter's low-memory mode, to a temporary file), so no table
    /// is kept for the workbook.
    pub fn new(tables: &Tables) -> WorkbookReport {
        let sheets = Arc::new(Mutex::new(Sheets::new()));
        tables.stream_every(Box::new(Shared(sheets.clone())), SHEET_ROWS);
        WorkbookReport { tables: tables.clone(), sheets }
    }
}

/// The sheets as the tables' stream sees them.
struct Shared(Arc<Mutex<Sheets>>);

fn lock(m: &Mutex<Sheets>) -> std::sync::MutexGuard<'_, Sheets> {
    match m.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

impl TableStream for Shared {
    fn start(&mut self, name: &str, columns: &[String]) -> Result<Box<dyn RowSink>> {
        let sheet = lock(&self.0).begin(name, columns).map_err(|e| xlsx_error(name, e))?;
        Ok(Box::new(SheetRows { sheets: self.0.clone(), sheet }))
    }
}

/// One table's rows on their way into its sheet, which is written on the
/// thread that writes the table and given back to the workbook at its end.
struct SheetRows {
    sheets: Arc<Mutex<Sheets>>,
    sheet: Sheet,
}

impl RowSink for SheetRows {
    fn row(&mut self, cells: Vec<Cell>) -> Result<()> {
        self.sheet.row(cells).map_err(|e| xlsx_error(&self.sheet.name, e))
    }
    fn end(mut self: Box<Self>, total: u64) -> Result<()> {
        self.sheet.end(total).map_err(|e| xlsx_error(&self.sheet.name, e))?;
        lock(&self.sheets).done(self.sheet);
        Ok(())
    }
}

fn xlsx_error(name: &str, e: XlsxError) -> Error {
    Error::write(std::path::Path::new(WORKBOOK_FILE), std::io::Error::other(format!("sheet {name}: {e}")))
}

impl Report for WorkbookReport {
    fn article(&mut self, _a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        Ok(())
    }

    fn reads_tables(&self) -> bool {
        true
    }

    fn finish(self: Box<Self>, _at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let path = out.path(WORKBOOK_FILE);
        let fail = |e: XlsxError| Error::write(&path, std::io::Error::other(e.to_string()));
        self.tables.end_stream();
        // Assembled in a temporary file, not in memory: a large run's
        // workbook is tens of MB.
        let mut temp = temp_writer()?;
        lock(&self.sheets).save(&mut temp).map_err(fail)?;
        let mut file = out.create(WORKBOOK_FILE)?;
        std::io::copy(&mut rewound(temp)?, &mut file).and_then(|_| file.flush()).map_err(|e| Error::write(&path, e))?;
        summary.reports.push(path);
        Ok(())
    }
}

/// One sheet being written.
struct Sheet {
    name: String,
    /// Its place among the sheets begun.
    index: usize,
    ws: Worksheet,
    columns: Vec<String>,
    order: Vec<usize>,
    widths: Vec<usize>,
    rows: u32,
    number: Format,
    note: Format,
}

impl Sheet {
    fn row(&mut self, mut row: Vec<Cell>) -> std::result::Result<(), XlsxError> {
        if self.rows as usize >= SHEET_ROWS {
            return Ok(());
        }
        let ws = &mut self.ws;
        let r = self.rows + 1;
        // Widths from the header and the first rows: enough to read, never a wall.
        let measure = self.rows < 200;
        for (c, &i) in self.order.iter().enumerate() {
            if measure {
                let w = match row.get(i) {
                    Some(Cell::Text(s)) => s.chars().count(),
                    Some(Cell::Num(Some(_)) | Cell::Float(_)) => 8,
                    Some(Cell::Int(n)) => n.to_string().len(),
                    Some(Cell::Bool(_)) => 5,
                    _ => 0,
                };
                self.widths[c] = self.widths[c].max(w);
            }
            let c = c as u16;
            match row.get_mut(i) {
                Some(Cell::Text(s)) if !s.is_empty() => {
                    ws.write_string(r, c, cell_text(std::mem::take(s)))?;
                }
                Some(Cell::Int(n)) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                Some(Cell::Num(Some(x))) => {
                    ws.write_number_with_format(r, c, *x, &self.number)?;
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
        self.rows += 1;
        Ok(())
    }

    fn end(&mut self, total: u64) -> std::result::Result<(), XlsxError> {
        let ws = &mut self.ws;
        let rows = self.rows;
        let last_col = self.order.len().saturating_sub(1) as u16;
        if !self.order.is_empty() {
            ws.autofilter(0, 0, rows, last_col)?;
        }
        let cols = &self.columns;
        let frozen_cols = if cols.len() > 2 && cols[0] == "event" && cols[1] == "outlet" { 2 } else { 0 };
        ws.set_freeze_panes(1, frozen_cols)?;
        for (c, w) in self.widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).clamp(6, 48) as f64 + 2.0)?;
        }
        if u64::from(rows) < total {
            let more = total - u64::from(rows);
            let name = &self.name;
            ws.write_string_with_format(
                rows + 2,
                0,
                format!("… and {more} more rows: the whole table is in {name}.csv (or .json)."),
                &self.note,
            )?;
        }
        Ok(())
    }
}

/// The workbook, and its sheets: each begun here, written by its table's
/// writer, and given back when the table is complete.
struct Sheets {
    wb: Workbook,
    /// Every sheet begun, in the order begun: its table's name, and the
    /// sheet once it is complete.
    sheets: Vec<(String, Option<Worksheet>)>,
    header: Format,
    number: Format,
    note: Format,
}

impl Sheets {
    fn new() -> Sheets {
        let mut wb = Workbook::new();
        // Most of a large workbook's time went to compressing its sheets at
        // deflate level 6; level 1 takes a fraction of it for a somewhat
        // larger file.
        wb.set_zip_compression_level(1);
        let header = Format::new().set_bold().set_border_bottom(FormatBorder::Thin).set_background_color("#E8EEF4");
        let number = Format::new().set_num_format("0.00##");
        let note = Format::new().set_italic();
        // Sheets are written side by side as the reports finish; a format's
        // number is fixed here, not by whichever sheet first uses it.
        for f in [&header, &number, &note] {
            wb.register_format(f);
        }
        Sheets { wb, sheets: Vec::new(), header, number, note }
    }

    fn begin(&mut self, name: &str, columns: &[String]) -> std::result::Result<Sheet, XlsxError> {
        // Constant memory: each row goes to a temporary file as it is
        // written (the sheets are written row by row anyway), and text is
        // stored in its cell, not in a table of shared strings that would
        // grow with the run and number strings in the order the sheets,
        // written side by side, first used them.
        let ws = self.wb.add_worksheet_with_constant_memory()?;
        ws.set_name(sheet_name(name))?;
        let order = column_order(columns);
        for (c, &i) in order.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, &columns[i], &self.header)?;
        }
        let widths = order.iter().map(|&i| columns[i].chars().count()).collect();
        let ws = self.wb.worksheets_mut().pop().ok_or(XlsxError::UnknownWorksheetNameOrIndex(name.to_string()))?;
        self.sheets.push((name.to_string(), None));
        Ok(Sheet {
            name: name.to_string(),
            index: self.sheets.len() - 1,
            ws,
            columns: columns.to_vec(),
            order,
            widths,
            rows: 0,
            number: self.number.clone(),
            note: self.note.clone(),
        })
    }

    fn done(&mut self, sheet: Sheet) {
        self.sheets[sheet.index].1 = Some(sheet.ws);
    }

    /// Writes the workbook into `to`: the sheets in the order a reader wants them.
    fn save<W: std::io::Write + std::io::Seek + Send>(&mut self, to: W) -> std::result::Result<(), XlsxError> {
        // A fixed date: the same input gives the same file.
        let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
        self.wb.set_properties(&DocProperties::new().set_title("framelens reports").set_creation_datetime(&created));
        let rank = |name: &str| SHEET_ORDER.iter().position(|n| *n == name).unwrap_or(SHEET_ORDER.len());
        // A sheet whose table never ended (its report failed) is left out.
        let mut ranked: Vec<(usize, Worksheet)> =
            self.sheets.drain(..).filter_map(|(name, ws)| Some((rank(&name), ws?))).collect();
        if ranked.is_empty() {
            self.wb.add_worksheet().write_string(0, 0, "This run wrote no tables.")?;
        }
        // Other reports' sheets follow by name: they may begin in any order.
        ranked.sort_by(|(a, x), (b, y)| (a, x.name()).cmp(&(b, y.name())));
        self.wb.worksheets_mut().extend(ranked.into_iter().map(|(_, ws)| ws));
        self.wb.save_to_writer(to)
    }
}

/// The workbook of some tables, written as the run writes them (for tests).
#[cfg(test)]
fn workbook(tables: &[Arc<crate::report::Table>]) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut s = Sheets::new();
    for t in tables {
        let mut sheet = s.begin(&t.name, &t.columns)?;
        for row in &t.rows {
            sheet.row(row.clone())?;
        }
        sheet.end(t.total)?;
        s.done(sheet);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    s.save(&mut bytes)?;
    Ok(bytes.into_inner())
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
fn cell_text(s: String) -> String {
    if s.len() <= CELL_CHARS {
        return s;
    }
    let mut t: String = s.chars().take(CELL_CHARS - 1).collect();
    t.push('…');
    t
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
        assert_eq!(cell_text(long.clone()).chars().count(), CELL_CHARS);
        assert_eq!(cell_text("short".to_string()), "short");
    }

    #[test]
    fn the_same_tables_give_the_same_bytes() {
        let t = crate::report::Table {
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
        // Text is stored in its cell (inline strings), never as a formula.
        assert!(sheet.contains("and 2 more rows"), "says where the rest is: {sheet}");
        assert!(sheet.contains("<t>=HYPERLINK(\"http://x\")</t>"), "{sheet}");
        let core = read(&mut zip, "docProps/core.xml");
        assert!(core.contains("2000-01-01T00:00:00Z"), "{core}");
    }
}
