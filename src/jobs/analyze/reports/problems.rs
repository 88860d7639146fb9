//! `problems.csv`: every warning and every skipped article of the run, with
//! the file, line and column, in corpus order.

use super::{Finish, Report};
use crate::error::{Diagnostic, Result};
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::report::{Columns, Output, Row, TableWriter, Value};

impl Row for Diagnostic {
    fn columns() -> Columns<Self> {
        Columns::new()
            .col("path", |d: &Diagnostic| Value::owned(d.location.path.display().to_string()))
            .col("line", |d| Value::Int(d.location.line as u64))
            .col("column", |d| Value::Int(d.location.column as u64))
            .col("severity", |d| Value::owned(d.severity.to_string()))
            .col("message", |d| Value::text(&d.message))
    }
}

/// Writes the run's diagnostics, which the orchestrator gathers.
pub struct Problems;

impl Report for Problems {
    fn article(&mut self, _a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        let mut w = TableWriter::create(out, "problems", at.options.format, Diagnostic::columns())?;
        w.rows(&summary.diagnostics)?;
        summary.reports.push(w.finish()?);
        Ok(())
    }
}
