//! One module per subcommand, each with its `Args` and `run`. Only these
//! modules print; the library returns values and diagnostics.

pub mod analyze;
pub mod kwic;
pub mod lexicon;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

/// Exit code when the job finished but some inputs were skipped.
pub const EXIT_SKIPPED: u8 = 1;
/// Exit code when the job could not run (bad arguments, missing corpus,
/// lexicon errors).
pub const EXIT_FAILED: u8 = 2;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => match Cli::parse_from(["framelens", "analyze"]).command {
            Some(Command::Analyze(args)) => analyze::run(*args),
            _ => unreachable!("`framelens analyze` parses as the analyze command"),
        },
        Some(Command::Analyze(args)) => analyze::run(*args),
        Some(Command::Lexicon(cmd)) => lexicon::run(cmd),
        Some(Command::Kwic(args)) => kwic::run(*args),
    }
}

/// Loads the lexicons given with `--lexicon` and prints their problems.
/// Errors stop the run; warnings are counted.
pub fn load_lexicon(
    specs: &[String],
    options: &framelens::lexicon::LoadOptions,
) -> anyhow::Result<framelens::lexicon::Lexicon> {
    use framelens::error::Severity;
    let lex = framelens::lexicon::Lexicon::from_specs(specs, options);
    let errors: Vec<_> = lex.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{e}");
        }
        anyhow::bail!("the lexicon has {} error(s); fix them (see above) and run again", errors.len());
    }
    let warnings = lex.diagnostics.len();
    if warnings > 0 {
        eprintln!("framelens: the lexicon has {warnings} warning(s); `framelens lexicon check` lists them");
    }
    Ok(lex)
}

/// `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_table() {
        for (n, s) in [(0, "0"), (999, "999"), (1000, "1,000"), (1234567, "1,234,567")] {
            assert_eq!(super::thousands(n), s);
        }
    }
}
