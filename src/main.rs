//! The `framelens` command: parses arguments, calls the library, prints.

mod alloc;
mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

// A long run allocates and frees billions of small blocks from several
// threads; glibc's allocator keeps more and more of the freed memory
// resident (at 1 GB of input the framing pass rose from 70 to 100 MB while
// its live heap stayed at 50 MB). mimalloc returns it (see `alloc`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        None => cmd::analyze::run(cli.analyze),
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
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .map(std::io::Error::kind)
                    .or_else(|| c.downcast_ref::<framelens::error::Error>().and_then(framelens::error::Error::io_kind))
                    == Some(std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // Messages name files, and a file name may hold a line break
            // or a terminal colour code: print them escaped.
            eprintln!("framelens: error: {}", framelens::error::escape_control(&format!("{err:#}")));
            ExitCode::from(cmd::EXIT_FAILED)
        }
    }
}
