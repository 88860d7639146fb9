//! framelens: shows how news outlets frame the same story.
//!
//! The pipeline is a chain of small stages over plain types:
//! [`article::Article`] → [`text::Tokens`] → [`matcher::Hit`]s →
//! [`score::ArticleScores`] → report rows ([`report`]). Every stage keeps byte
//! offsets into the article body as read, and per-article results are
//! independent, so a corpus can be split across threads or machines and the
//! per-outlet tables recomputed from the per-article rows.
//!
//! The library never prints; the `framelens` binary does.

pub mod analyze;
pub mod article;
pub mod claims;
pub mod corpus;
pub mod error;
pub mod hash;
pub mod kwic;
pub mod lang;
pub mod lexicon;
pub mod matcher;
pub mod report;
pub mod score;
pub mod stats;
pub mod text;
pub mod voice;
