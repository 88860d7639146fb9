//! Jobs: what the commands run over a whole corpus. Each reads the corpus
//! through the same chunked, parallel loop ([`pipeline`]): the analysis with
//! its reports, keyword in context, the lexicon check on a corpus, and the
//! grouping of unlabelled articles into stories. [`output`] is where a job's
//! reports go: written aside and swapped in whole.

pub mod analyze;
pub mod check;
pub mod kwic;
pub mod output;
pub mod pipeline;
pub mod stories;
