//! The `framelens` command: parses arguments, calls the library, prints.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        None => match Cli::parse_from(["framelens", "analyze"]).command {
            Some(Command::Analyze(args)) => cmd::analyze::run(*args),
            _ => unreachable!("`framelens analyze` parses as the analyze command"),
        },
        Some(Command::Analyze(args)) => cmd::analyze::run(*args),
        Some(Command::Claims(args)) => cmd::claims::run(*args),
        Some(Command::Lexicon(command)) => cmd::lexicon::run(command),
        Some(Command::Kwic(args)) => cmd::kwic::run(*args),
        Some(Command::Merge(args)) => cmd::merge::run(*args),
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`framelens kwic … | head`) is not an error.
            if err
                .chain()
                .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("framelens: error: {err:#}");
            ExitCode::from(cmd::EXIT_FAILED)
        }
    }
}
