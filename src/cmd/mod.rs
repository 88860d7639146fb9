//! One module per subcommand, each with its `Args` and `run`. Only these
//! modules print; the library returns values and diagnostics.

pub mod analyze;
pub mod claims;
pub mod kwic;
pub mod lexicon;
pub mod merge;

use std::ffi::OsStr;
use std::marker::PhantomData;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use framelens::choice::Choice;
use framelens::input::{Columns, Fallback, Ignored, InputFormat, ReadOptions};

/// Exit code when the job finished but some inputs were skipped.
pub const EXIT_SKIPPED: u8 = 1;
/// Exit code when the job could not run (bad arguments, missing corpus,
/// lexicon errors).
pub const EXIT_FAILED: u8 = 2;

/// A command-line value parser for the library's named options: lists them
/// (with their help) in `--help` and in errors, parses them by name.
#[derive(Clone)]
pub struct ChoiceParser<T>(PhantomData<T>);

/// The parser for `T`.
pub fn choice<T: Choice>() -> ChoiceParser<T> {
    ChoiceParser(PhantomData)
}

impl<T: Choice + Send + Sync + Clone> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let names = PossibleValuesParser::new(T::CHOICES.iter().map(|c| c.1));
        let name = names.parse_ref(cmd, arg, value)?;
        T::from_name(&name).ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::CHOICES.iter().map(|(_, name, help)| PossibleValue::new(*name).help(*help))))
    }
}

/// Parses `--fallback-encoding`: a WHATWG encoding label or `none`.
fn fallback(label: &str) -> Result<Fallback, String> {
    Fallback::from_label(label).ok_or_else(|| {
        format!(
            "unknown encoding {label:?}; use none, windows-1252 (Western European), windows-1251 or koi8-r \
             (Russian), or another WHATWG label such as iso-8859-2"
        )
    })
}

/// How the inputs are read (as for `framelens analyze`).
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// How to read the inputs.
    #[arg(long, value_parser = choice::<InputFormat>(), default_value = "auto")]
    pub input_format: InputFormat,

    /// What to do with articles that are not UTF-8: `none` skips them (each
    /// is listed); an encoding reads them in it: windows-1252 (or latin1) for
    /// Western European archives, windows-1251 or koi8-r for Russian ones.
    #[arg(long, value_parser = fallback, default_value = "none", value_name = "ENCODING")]
    pub fallback_encoding: Fallback,

    /// Export column (or JSON key) holding the article text.
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    /// Export column holding the title.
    #[arg(long, value_name = "NAME")]
    pub title_column: Option<String>,
    /// Export column holding the outlet's name.
    #[arg(long, value_name = "NAME")]
    pub outlet_column: Option<String>,
    /// Export column holding the publication date.
    #[arg(long, value_name = "NAME")]
    pub date_column: Option<String>,
    /// Export column holding the URL.
    #[arg(long, value_name = "NAME")]
    pub url_column: Option<String>,
    /// Export column holding the language code.
    #[arg(long, value_name = "NAME")]
    pub language_column: Option<String>,
    /// Export column holding the article id.
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// Export column holding the event (story) name.
    #[arg(long, value_name = "NAME")]
    pub event_column: Option<String>,
}

impl InputArgs {
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: self.input_format,
            fallback: self.fallback_encoding,
            columns: Columns {
                text: self.text_column.clone(),
                title: self.title_column.clone(),
                outlet: self.outlet_column.clone(),
                date: self.date_column.clone(),
                url: self.url_column.clone(),
                language: self.language_column.clone(),
                id: self.id_column.clone(),
                event: self.event_column.clone(),
            },
            ..ReadOptions::default()
        }
    }
}

/// Loads a cue list given with `--cues`; any bad row stops the run.
pub fn load_cues(path: &std::path::Path) -> anyhow::Result<framelens::claims::Cues> {
    let (cues, diags) = framelens::claims::Cues::load(path);
    if !diags.is_empty() {
        for d in &diags {
            eprintln!("{d}");
        }
        anyhow::bail!("the cue list has {} error(s); fix them and run again", diags.len());
    }
    Ok(cues)
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

/// Says how many files of the corpus were not articles, with a few names.
pub fn print_ignored(ignored: &Ignored) {
    if ignored.count > 0 {
        eprintln!(
            "framelens: ignored {} file(s) that are not articles (not .txt, or not in an outlet folder): {}{}",
            ignored.count,
            ignored.examples.join(", "),
            if ignored.count > ignored.examples.len() { ", …" } else { "" }
        );
    }
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
