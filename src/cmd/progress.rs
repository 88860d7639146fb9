//! The progress line on standard error: the stage, articles read, megabytes
//! and megabytes per second, shown only when standard error is a terminal
//! and the run is not quiet, so logs and pipes stay clean.

use std::io::IsTerminal as _;
use std::time::Duration;

use framelens::jobs::analyze::{Progress, ProgressHook, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A spinner with a message, redrawn a few times a second at most.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar when standard error is a terminal and the run is not quiet.
    pub fn on_terminal(quiet: bool) -> Option<Bar> {
        (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {msg}").unwrap_or(ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(250));
            Bar { bar }
        })
    }

    /// The hook that feeds the bar.
    pub fn hook(&self) -> ProgressHook {
        let bar = self.bar.clone();
        ProgressHook::new(move |p: &Progress| {
            // A message is a formatted string: make one per 64 articles, at
            // each stage change, and not for every article.
            if p.stage == Stage::Analysing && !p.articles.is_multiple_of(64) {
                return;
            }
            bar.set_message(message(p, bar.elapsed().as_secs_f64()));
        })
    }

    /// Clears the line, so the summary that follows starts clean.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

fn message(p: &Progress, seconds: f64) -> String {
    let mb = p.bytes as f64 / 1e6;
    match p.stage {
        Stage::Grouping => "grouping articles into stories".to_string(),
        Stage::Analysing if p.articles == 0 => "reading articles".to_string(),
        Stage::Analysing => {
            format!("analysing: {} articles, {mb:.1} MB, {:.1} MB/s", p.articles, mb / seconds.max(0.001))
        }
        Stage::Writing => format!("writing the reports ({} articles, {mb:.1} MB read)", p.articles),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_the_stage_and_the_amounts() {
        for (stage, articles, bytes, seconds, want) in [
            (Stage::Grouping, 0, 0, 1.0, "grouping articles into stories"),
            (Stage::Analysing, 0, 0, 0.0, "reading articles"),
            (Stage::Analysing, 128, 5_000_000, 2.0, "analysing: 128 articles, 5.0 MB, 2.5 MB/s"),
            (Stage::Writing, 130, 5_100_000, 3.0, "writing the reports (130 articles, 5.1 MB read)"),
        ] {
            assert_eq!(message(&Progress { stage, articles, bytes }, seconds), want);
        }
    }
}
