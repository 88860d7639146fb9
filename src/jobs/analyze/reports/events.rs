//! `events.csv`: the stories found by automatic grouping (written only when
//! some articles were grouped).

use super::{Finish, Report};
use crate::error::Result;
use crate::jobs::analyze::{ArticleOutput, Context, Summary};
use crate::jobs::stories::StoryRow;
use crate::report::{Output, Row, TableWriter};

/// Writes the grouping the run started with.
pub struct Events;

impl Report for Events {
    fn article(&mut self, _a: &ArticleOutput, _ctx: &Context) -> Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>, at: &Finish, out: &mut dyn Output, summary: &mut Summary) -> Result<()> {
        if at.grouping.stories.is_empty() {
            return Ok(());
        }
        let mut w = TableWriter::create(out, "events", at.options.format, StoryRow::columns())?;
        w.rows(&at.grouping.stories)?;
        summary.reports.push(w.finish()?);
        Ok(())
    }
}
