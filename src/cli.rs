//! Command-line arguments. The doc comments are the `--help` text.

use clap::{Parser, Subcommand};

use crate::cmd;

/// Shows how news outlets frame the same story: loaded terms in each outlet's
/// own voice, lean per axis, and the claims each outlet carries or leaves out.
///
/// With no command, runs `framelens analyze` on ./corpus with the bundled
/// lexicon and writes ./reports.
#[derive(Debug, Parser)]
#[command(name = "framelens", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a corpus and write the reports (the default command).
    Analyze(Box<cmd::analyze::Args>),
    /// Compare claims across outlets: who said what, asserted or attributed,
    /// in which words, and what each outlet leaves out.
    Claims(Box<cmd::claims::Args>),
    /// Check a lexicon, or convert a dictionary to framelens CSV.
    #[command(subcommand)]
    Lexicon(cmd::lexicon::Command),
    /// Show every occurrence of a word, phrase or pattern in context, with its voice and outlet.
    ///
    /// Matching is the main analysis's, so a pattern finds exactly what the
    /// same lexicon entry would. On a terminal the matches are shown as a
    /// table; otherwise (or with --csv) they are written, in corpus order, as
    /// CSV with the columns
    /// `event,outlet,article,sentence,start,end,voice,negated,left,match,right`.
    /// A summary goes to standard error. Exit status: 0 (also when nothing
    /// matches), 1 when some articles could not be read, 2 when the search
    /// could not run.
    Kwic(Box<cmd::kwic::Args>),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn fallback_encoding_is_spelled_as_the_messages_say() {
        for value in ["windows-1252", "windows1252", "latin1"] {
            assert!(Cli::try_parse_from(["framelens", "analyze", "--fallback-encoding", value]).is_ok(), "{value}");
        }
    }

    #[test]
    fn no_command_means_analyze_defaults() {
        let cli = Cli::try_parse_from(["framelens"]).unwrap();
        assert!(cli.command.is_none());
        let Command::Analyze(args) = Cli::try_parse_from(["framelens", "analyze"]).unwrap().command.unwrap() else {
            panic!("not analyze")
        };
        assert_eq!(args.inputs, [std::path::PathBuf::from("corpus")]);
        assert_eq!(args.out, None, "the output folder follows from the inputs");
    }
}
