//! Claims: every sentence of every article as a claim record (who it is
//! attributed to, with which reporting verb, asserted or quoted, which loaded
//! terms and numbers it carries), claims aligned across the articles of an
//! event, and what differs between the versions of one claim.

pub mod align;
pub mod diff;
pub mod extract;
pub mod numbers;
pub mod report;
pub mod speakers;
pub mod store;

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

pub use crate::cues::{Cues, Stance};
pub use align::{Alignment, Cluster, align};
pub use extract::{Claim, Negation, extract};

/// How a sentence presents its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// The narrator states it as fact.
    Asserted,
    /// Reported speech attributed to a speaker.
    Indirect,
    /// Mostly a direct quotation.
    Direct,
}

impl Form {
    /// The name written in `claims.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Asserted => "asserted",
            Form::Indirect => "indirect",
            Form::Direct => "direct",
        }
    }

    /// The `coverage.csv` status of an outlet carrying a claim in this form.
    pub fn status(self) -> &'static str {
        match self {
            Form::Asserted => "asserted",
            Form::Indirect => "attributed",
            Form::Direct => "quoted",
        }
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Form {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One claim per sentence of an English `text`, with no lexicon terms (for tests).
#[cfg(test)]
pub(crate) fn claims_of(text: &str) -> Vec<Claim> {
    let tokens = crate::text::Tokenizer::new().tokenize(text, crate::lang::Lang::EN);
    let terms = vec![(Vec::new(), Vec::new()); tokens.sentences.len()];
    extract(text, &tokens, &terms, &Cues::builtin(), crate::lang::Lang::EN)
}
