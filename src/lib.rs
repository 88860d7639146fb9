//! framelens: shows how news outlets frame the same story.
//!
//! The pipeline is a chain of small stages over plain types:
//! [`input::Article`] → [`text::Tokens`] → [`matching::Hit`]s →
//! [`score::Scores`] and [`claims::Claim`]s → report rows. Every stage keeps
//! byte offsets into the article body as read, and per-article results are
//! independent, so a corpus can be split across threads or machines and the
//! per-outlet tables recomputed from the per-article results.
//!
//! Modules are layered and only ever use the ones listed before them:
//! leaves (`error`, `hash`, `digest`, `choice`, `normal`, `glob`, `lang`,
//! `stopwords`, `cues`, `features`, `similarity`, `spill`, `report`) → [`input`] → [`text`] →
//! [`lexicon`] → [`matching`] → [`score`] → [`claims`] → [`jobs`], and
//! [`fuzz`] (entry points for the fuzzer) at the top. A test
//! (`tests/layers.rs`) keeps it so.
//!
//! The library never prints; the `framelens` binary does.

#![warn(missing_docs)]

/// The framelens version (recorded in `run.json` and in partial results).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub mod choice;
pub mod claims;
pub mod cues;
pub mod digest;
pub mod error;
pub mod features;
pub mod fuzz;
pub mod glob;
pub mod hash;
pub mod input;
pub mod jobs;
pub mod lang;
pub mod lexicon;
pub mod matching;
pub mod normal;
pub mod report;
pub mod score;
pub mod similarity;
pub mod spill;
pub mod stopwords;
pub mod text;
