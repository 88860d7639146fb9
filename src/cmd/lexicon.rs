//! `framelens lexicon check` and `framelens lexicon convert`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use framelens::error::Severity;
use framelens::lang::Lang;
use framelens::lexicon::{Format, Lexicon, LoadOptions, write_csv};

use super::{EXIT_FAILED, EXIT_SKIPPED};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check lexicon files: errors with file, line and column; duplicate and
    /// shadowed entries as warnings; a summary per category, side and language.
    Check(CheckArgs),
    /// Convert a dictionary (LIWC .dic/.dicx, quanteda YAML, Lexicoder .lc3,
    /// framelens CSV) to framelens CSV.
    Convert(ConvertArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Lexicon files; `builtin` (the default) is the bundled lexicon.
    #[arg(default_value = "builtin")]
    pub files: Vec<String>,
    /// The format of the files, when their extension does not say.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The language of entries whose file does not give one.
    #[arg(long, default_value = "en")]
    pub language: String,
    /// Exit with status 1 when there are warnings.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The dictionary to read.
    pub input: PathBuf,
    /// Where to write framelens CSV (`-` for standard output).
    pub output: PathBuf,
    /// The input's format, when its extension does not say.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The language to give the converted entries.
    #[arg(long, default_value = "en")]
    pub language: String,
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Check(a) => check(a),
        Command::Convert(a) => convert(a),
    }
}

fn options(format: Option<Format>, language: &str) -> anyhow::Result<LoadOptions> {
    let language: Lang = language.parse().map_err(|e| anyhow::anyhow!("--language: {e}"))?;
    Ok(LoadOptions { format, language })
}

fn check(a: CheckArgs) -> anyhow::Result<ExitCode> {
    let lex = Lexicon::from_specs(&a.files, &options(a.format, &a.language)?);
    let mut out = std::io::stdout().lock();
    let mut diags = lex.diagnostics.clone();
    diags.extend(lex.check());
    diags.sort();
    for d in &diags {
        writeln!(out, "{d}")?;
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    let s = lex.summary();
    writeln!(
        out,
        "\n{} entries in {} file(s): {errors} error(s), {warnings} warning(s)",
        s.entries,
        lex.sources.len()
    )?;
    writeln!(out, "\nentries per category:")?;
    for (k, v) in &s.categories {
        writeln!(out, "  {k:<28} {v:>5}")?;
    }
    writeln!(out, "\nentries per side (summed weight):")?;
    for (k, (n, w)) in &s.sides {
        writeln!(out, "  {k:<28} {n:>5}  ({w})")?;
    }
    writeln!(out, "\nentries per language:")?;
    for (k, v) in &s.languages {
        writeln!(out, "  {k:<28} {v:>5}")?;
    }
    Ok(if errors > 0 {
        ExitCode::from(EXIT_FAILED)
    } else if a.strict && warnings > 0 {
        ExitCode::from(EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

fn convert(a: ConvertArgs) -> anyhow::Result<ExitCode> {
    let lex = Lexicon::load(&a.input, &options(a.format, &a.language)?);
    for d in &lex.diagnostics {
        eprintln!("{d}");
    }
    if lex.has_errors() {
        anyhow::bail!("{} was not converted: fix the errors above", a.input.display());
    }
    if a.output.as_os_str() == "-" {
        write_csv(&lex.entries, std::io::stdout().lock())?;
    } else {
        let f = std::fs::File::create(&a.output).with_context(|| format!("cannot create {}", a.output.display()))?;
        write_csv(&lex.entries, std::io::BufWriter::new(f))?;
        eprintln!("framelens: wrote {} entries to {}", lex.entries.len(), a.output.display());
    }
    Ok(ExitCode::SUCCESS)
}
