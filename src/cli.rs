//! Command-line arguments. The doc comments are the `--help` text.

use clap::{Parser, Subcommand};

use crate::cmd;

/// Shows how news outlets frame the same story: loaded terms in each outlet's
/// own voice, lean per axis, and the claims each outlet carries or leaves out.
///
/// With no command, runs `framelens analyze`: `framelens` alone analyses
/// ./corpus with the bundled lexicon and writes ./reports, and `framelens
/// PATH…` is `framelens analyze PATH…` (a folder named like a command is
/// given as `./claims`). The options below are those of `analyze`.
#[derive(Debug, Parser)]
#[command(
    name = "framelens",
    version,
    propagate_version = true,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:
  framelens                          analyse ./corpus, write ./reports
  framelens my-articles              analyse a folder of <outlet>/<article>.txt
  framelens export.csv --out results analyse a CSV export into ./results
  framelens kwic 'occup*'            every occurrence of a pattern, in context
  framelens lexicon check my.csv     check a lexicon before using it
  framelens help analyze             every option of a command"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `analyze`'s arguments, for `framelens PATH…` without a command.
    #[command(flatten)]
    pub analyze: cmd::analyze::Args,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a corpus and write the reports (the default command).
    #[command(after_help = "Examples:
  framelens analyze                          ./corpus into ./reports (the bundled example)
  framelens analyze my-articles              a folder of <outlet>/<article>.txt into ./my-articles-reports
  framelens analyze export.csv --text-column body --outlet-column media_name --out results
  framelens analyze my-articles --lexicon my-topic.csv --lexicon builtin
  framelens analyze archive.jsonl --reports framing -j 2 -q
  framelens analyze my-articles --format jsonl --no-workbook")]
    Analyze(Box<cmd::analyze::Args>),
    /// Compare claims across outlets: who said what, asserted or attributed,
    /// in which words, and what each outlet leaves out.
    #[command(after_help = "Examples:
  framelens claims                           the bundled example's claims into ./reports
  framelens claims my-articles --out claims-out
  framelens claims export.csv --events auto  group an export's rows into stories first")]
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
    fn a_path_without_a_command_is_analyze() {
        let cli = Cli::try_parse_from(["framelens", "my-articles", "export.csv", "-q", "--out", "x"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.analyze.inputs, [std::path::PathBuf::from("my-articles"), "export.csv".into()]);
        assert_eq!(cli.analyze.out, Some("x".into()));
        // A command name is still a command; a folder of that name is given as ./claims.
        assert!(matches!(Cli::try_parse_from(["framelens", "claims"]).unwrap().command, Some(Command::Claims(_))));
        let cli = Cli::try_parse_from(["framelens", "./claims"]).unwrap();
        assert_eq!(cli.analyze.inputs, [std::path::PathBuf::from("./claims")]);
    }

    #[test]
    fn every_command_help_ends_with_examples() {
        let mut cli = Cli::command();
        cli.build();
        let mut missing = Vec::new();
        let mut walk = vec![cli];
        while let Some(c) = walk.pop() {
            let has_subcommands = c.get_subcommands().any(|s| s.get_name() != "help");
            if !has_subcommands && !c.get_after_help().is_some_and(|h| h.to_string().starts_with("Examples:")) {
                missing.push(c.get_name().to_string());
            }
            walk.extend(c.get_subcommands().filter(|s| s.get_name() != "help").cloned());
        }
        assert!(missing.is_empty(), "--help without examples: {missing:?}");
        let top = Cli::command().get_after_help().map(|h| h.to_string()).unwrap_or_default();
        assert!(top.starts_with("Examples:"), "framelens --help has no examples");
    }

    #[test]
    fn no_command_means_analyze_defaults() {
        let cli = Cli::try_parse_from(["framelens"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.analyze.inputs, [std::path::PathBuf::from("corpus")]);
        let Command::Analyze(args) = Cli::try_parse_from(["framelens", "analyze"]).unwrap().command.unwrap() else {
            panic!("not analyze")
        };
        assert_eq!(args.inputs, [std::path::PathBuf::from("corpus")]);
        assert_eq!(args.out, None, "the output folder follows from the inputs");
    }
}
