//! `framelens lexicon check` and `framelens lexicon convert`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use framelens::error::Severity;
use framelens::lang::Lang;
use framelens::lexicon::{Format, Lexicon, LoadOptions, write_csv};

use super::{EXIT_FAILED, EXIT_SKIPPED, choice};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check lexicon files: errors with file, line and column; duplicate and
    /// shadowed entries as warnings; a summary per category, side and language.
    #[command(after_help = "Examples:
  framelens lexicon check                    the bundled lexicon
  framelens lexicon check my-topic.csv --strict
  framelens lexicon check my-topic.csv --corpus my-articles   dead entries, wide globs, coverage")]
    Check(Box<CheckArgs>),
    /// Convert a dictionary (LIWC .dic/.dicx, quanteda YAML, Lexicoder .lc3,
    /// framelens CSV) to framelens CSV.
    #[command(after_help = "Examples:
  framelens lexicon convert LIWC2015.dic liwc.csv
  framelens lexicon convert laver-garry.yml laver-garry.csv
  framelens lexicon convert policy.lc3 policy.csv --language de")]
    Convert(ConvertArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Lexicon files; `builtin` (the default) is the bundled lexicon.
    #[arg(default_value = "builtin")]
    pub files: Vec<String>,
    /// The format of the files, when their extension does not say.
    #[arg(long, value_parser = choice::<Format>())]
    pub format: Option<Format>,
    /// The language of entries whose file does not give one.
    #[arg(long, default_value = "en")]
    pub language: String,
    /// Exit with status 1 when there are warnings.
    #[arg(long)]
    pub strict: bool,
    /// Also run the lexicon over this corpus and report dead entries, globs
    /// that reach too many words, entries found mostly in quotations, the most
    /// frequent unmatched words and each category's coverage.
    #[arg(long, value_name = "CORPUS")]
    pub corpus: Vec<PathBuf>,
    /// With --corpus: list globs that match more than this many different words.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub glob_limit: usize,
    /// With --corpus: how many unmatched words to list.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub unmatched: usize,
    #[command(flatten)]
    pub input: super::InputArgs,
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The dictionary to read.
    pub input: PathBuf,
    /// Where to write framelens CSV (`-` for standard output).
    pub output: PathBuf,
    /// The input's format, when its extension does not say.
    #[arg(long, value_parser = choice::<Format>())]
    pub format: Option<Format>,
    /// The language to give the converted entries.
    #[arg(long, default_value = "en")]
    pub language: String,
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Check(a) => check(*a),
        Command::Convert(a) => convert(a),
    }
}

fn options(format: Option<Format>, language: &str) -> anyhow::Result<LoadOptions> {
    let language: Lang = language.parse().map_err(|e| anyhow::anyhow!("--language: {e}"))?;
    Ok(LoadOptions { format, language, format_option: "--format" })
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
    let mut skipped = 0;
    if !a.corpus.is_empty() && errors == 0 {
        skipped = corpus_report(&mut out, &lex, &a)?;
    }
    Ok(if errors > 0 {
        ExitCode::from(EXIT_FAILED)
    } else if skipped > 0 || (a.strict && warnings > 0) {
        ExitCode::from(EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes the corpus part of the check; returns how many articles were skipped.
fn corpus_report(out: &mut impl Write, lex: &Lexicon, a: &CheckArgs) -> anyhow::Result<usize> {
    use framelens::jobs::check::check_corpus;
    let read = a.input.read_options();
    let check = check_corpus(lex, &a.corpus, read)?;
    for d in &check.skipped {
        eprintln!("{d}");
    }
    if check.articles == 0 && check.skipped.is_empty() {
        anyhow::bail!(
            "--corpus {}: no articles to check the lexicon on; give a folder of <outlet>/<article>.txt files or a \
             .csv, .tsv or .jsonl export",
            a.corpus.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ")
        );
    }
    let name = |i: usize| {
        let e = &lex.entries[i];
        format!("{:?} ({}, {}) at {}", e.term, e.kind, e.category, lex.location(e))
    };
    writeln!(out, "\non the corpus ({} articles, {} words):", check.articles, check.words)?;
    let dead = check.dead();
    writeln!(out, "\nentries that never matched: {} of {}", dead.len(), lex.entries.len())?;
    for &i in &dead {
        writeln!(out, "  {}", name(i))?;
    }
    let wide = check.wide_globs(a.glob_limit);
    writeln!(out, "\nglobs matching more than {} different words: {}", a.glob_limit, wide.len())?;
    for (i, words) in wide {
        let list: Vec<String> = words.iter().map(|(w, n)| format!("{w} {n}")).collect();
        writeln!(out, "  {}: {}", name(i), list.join(", "))?;
    }
    let quoted = check.mostly_quoted(2);
    writeln!(out, "\nentries matched mostly inside quotations: {}", quoted.len())?;
    for (i, q, n) in quoted {
        writeln!(out, "  {}: {q} of {n} matches quoted", name(i))?;
    }
    writeln!(out, "\nmost frequent words no entry matched:")?;
    let top: Vec<String> = check.top_unmatched(a.unmatched).iter().map(|(w, n)| format!("{w} {n}")).collect();
    writeln!(out, "  {}", top.join(", "))?;
    writeln!(out, "\ncoverage per category (share of all words):")?;
    for (c, n) in &check.category_tokens {
        let share = if check.words > 0 { 100.0 * *n as f64 / check.words as f64 } else { 0.0 };
        writeln!(out, "  {c:<28} {n:>7} words  {share:>6.2}%")?;
    }
    Ok(check.skipped.len())
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
        let shown = framelens::error::shown(&a.output);
        if let (Ok(i), Ok(o)) = (std::fs::canonicalize(&a.input), std::fs::canonicalize(&a.output))
            && i == o
        {
            anyhow::bail!("{shown}: cannot write: it is the dictionary being converted; give another output file");
        }
        // Written aside and renamed into place, so an interrupted
        // conversion never leaves half a lexicon.
        let mut part = a.output.clone().into_os_string();
        part.push(".framelens-part");
        let part = PathBuf::from(part);
        let f = std::fs::File::create(&part).with_context(|| format!("{shown}: cannot write"))?;
        let mut w = std::io::BufWriter::new(f);
        let written = write_csv(&lex.entries, &mut w).map_err(anyhow::Error::from).and_then(|()| Ok(w.flush()?));
        if let Err(e) = written.and_then(|()| Ok(std::fs::rename(&part, &a.output)?)) {
            let _ = std::fs::remove_file(&part);
            return Err(e.context(format!("{shown}: cannot write")));
        }
        eprintln!("framelens: wrote {} entries to {}", lex.entries.len(), framelens::error::shown(&a.output));
    }
    Ok(ExitCode::SUCCESS)
}
