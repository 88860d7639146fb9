//! One article through the pipeline: tokens, voice, hits, scores, hit rows,
//! claims and the word counts keyness needs. Pure: the same article and
//! lexicon always give the same output, whichever thread runs it.

use serde::Serialize;

use crate::article::{Article, LangSource, Meta};
use crate::claims::extract::{SentenceTerms, is_stopword};
use crate::claims::{Claim, Cues};
use crate::error::{Diagnostic, Location, Severity};
use crate::lexicon::{Lexicon, MatchKind};
use crate::matcher::Matcher;
use crate::report::{Text, context};
use crate::score::{Scheme, Scores};
use crate::text::{Tokenizer, Tokens, line_col};
use crate::voice::{Closure, Voice};

/// Everything an article needs from the lexicon, shared by all threads.
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    pub matcher: Matcher,
    pub scheme: Scheme,
    /// Cues for claim extraction; `None` skips claims.
    pub cues: Option<&'a Cues>,
    /// Whether to count words for keyness.
    pub keyness: bool,
}

impl<'a> Context<'a> {
    pub fn new(lexicon: &'a Lexicon) -> Context<'a> {
        Context { lexicon, matcher: Matcher::new(lexicon), scheme: Scheme::new(lexicon), cues: None, keyness: false }
    }
}

/// Categories whose hits are listed as hedges in claims; the rest are loaded terms.
pub const HEDGE_CATEGORIES: &[&str] = &["hedge", "distancing"];

/// One row of `hits.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct HitRow {
    pub event: Text,
    pub outlet: Text,
    pub article: Text,
    pub sentence: u32,
    pub start: usize,
    pub end: usize,
    pub text: Text,
    pub term: Text,
    #[serde(rename = "match")]
    pub kind: MatchKind,
    pub category: Text,
    pub axis: Text,
    pub side: Text,
    pub weight: f64,
    pub voice: Voice,
    pub negated: bool,
    pub neutral: Text,
    pub context: Text,
    pub lexicon: Text,
}

/// The narrator's content words of an article, for keyness: each distinct
/// (stem, written form) once, with its count. The strings live back to back
/// in one buffer so an article costs one allocation, not one per word.
#[derive(Debug, Clone, Default)]
pub struct WordCounts {
    buf: String,
    /// (stem start, stem end, form end, count); the form follows its stem.
    items: Vec<(u32, u32, u32, u32)>,
}

impl WordCounts {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// (stem, form, count) for each distinct word.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, u32)> {
        self.items.iter().map(|&(s, m, e, n)| (&self.buf[s as usize..m as usize], &self.buf[m as usize..e as usize], n))
    }
}

/// The result of analysing one article.
#[derive(Debug, Clone)]
pub struct ArticleOutput {
    pub meta: Meta,
    pub scores: Scores,
    pub hits: Vec<HitRow>,
    pub notes: Vec<Diagnostic>,
    pub claims: Vec<Claim>,
    /// Narrator words for keyness (empty unless asked for).
    pub words: WordCounts,
}

/// Longest context kept on each side of a hit, in bytes.
const CONTEXT_BYTES: usize = 160;

/// Analyses one article: tokens, voice, hits, scores and hit rows.
pub fn analyze_article(article: &Article, ctx: &Context, tokenizer: &mut Tokenizer) -> ArticleOutput {
    let lang = article.meta.language;
    let tokens = tokenizer.tokenize(&article.body, lang);
    let hits = ctx.matcher.find(&tokens, lang);
    let scores = Scores::of_article(&ctx.scheme, &ctx.matcher, ctx.lexicon, lang, &tokens, &hits);
    let meta = &article.meta;
    let event = meta.event.clone().unwrap_or_default();
    let mut rows = Vec::with_capacity(hits.len());
    for h in &hits {
        let sentence = &tokens.sentences[h.sentence as usize];
        let text = &article.body[h.start..h.end];
        let ctx_text = context(&article.body, sentence.start..sentence.end, h.start..h.end, CONTEXT_BYTES);
        // An exception that shares its words with a normal entry shields
        // nothing and is not a hit of its own.
        for &e in ctx.matcher.entries(lang, h).iter().filter(|&&e| !ctx.lexicon.entries[e].is_exception()) {
            let entry = &ctx.lexicon.entries[e];
            rows.push(HitRow {
                event: event.as_str().into(),
                outlet: meta.outlet.as_str().into(),
                article: meta.id.as_str().into(),
                sentence: h.sentence + 1,
                start: h.start,
                end: h.end,
                text: text.into(),
                term: entry.term.as_str().into(),
                kind: entry.kind,
                category: entry.category.as_str().into(),
                axis: entry.axis.as_str().into(),
                side: entry.side.as_str().into(),
                weight: entry.weight,
                voice: h.voice,
                negated: h.negated,
                neutral: entry.neutral.as_str().into(),
                context: ctx_text.as_str().into(),
                lexicon: ctx.lexicon.location(entry).to_string().into(),
            });
        }
    }
    let notes = article_notes(article, &tokens, ctx);
    let claims = match ctx.cues {
        Some(cues) => {
            let mut terms: Vec<SentenceTerms> = vec![(Vec::new(), Vec::new()); tokens.sentences.len()];
            for h in &hits {
                let written = article.body[h.start..h.end].to_lowercase();
                let entries = ctx.matcher.entries(lang, h);
                let hedge =
                    entries.iter().any(|&e| HEDGE_CATEGORIES.contains(&ctx.lexicon.entries[e].category.as_str()));
                let list = if hedge { &mut terms[h.sentence as usize].0 } else { &mut terms[h.sentence as usize].1 };
                if !list.contains(&written) {
                    list.push(written);
                }
            }
            crate::claims::extract(&article.body, &tokens, &terms, cues, lang)
        }
        None => Vec::new(),
    };
    let words = if ctx.keyness { narrator_words(&tokens, lang) } else { WordCounts::default() };
    ArticleOutput { meta: meta.clone(), scores, hits: rows, notes, claims, words }
}

/// Counts the narrator's content words by stem and written form (lowercase).
/// Stopwords and numbers are left out: keyness is about the outlet's wording.
fn narrator_words(tokens: &Tokens, lang: crate::lang::Lang) -> WordCounts {
    let mut counts: crate::hash::FastMap<(&str, &str), u32> = crate::hash::FastMap::default();
    for t in tokens.tokens.iter().filter(|t| t.voice == Voice::Narrator && t.alphabetic) {
        let base = tokens.base(t);
        if base.chars().count() < 2 || is_stopword(lang, base) {
            continue;
        }
        *counts.entry((tokens.stem(t), base)).or_default() += 1;
    }
    // The order does not matter: counts are summed, never written in this order.
    let mut out = WordCounts { buf: String::new(), items: Vec::with_capacity(counts.len()) };
    for ((stem, form), n) in counts {
        let s = out.buf.len() as u32;
        out.buf.push_str(stem);
        let m = out.buf.len() as u32;
        out.buf.push_str(form);
        out.items.push((s, m, out.buf.len() as u32, n));
    }
    out
}

/// Warnings about an article that was used: notes from reading it, unclosed
/// quotation marks, a language the lexicon has no entries for.
fn article_notes(article: &Article, tokens: &Tokens, ctx: &Context) -> Vec<Diagnostic> {
    let meta = &article.meta;
    let body_line = meta.line.saturating_sub(1);
    let at = |line: usize, col: usize| Location::at(&meta.path, line, col);
    let mut out: Vec<Diagnostic> =
        article.notes.iter().map(|n| Diagnostic::new(at(meta.line, 0), Severity::Warning, n.clone())).collect();
    for q in tokens.quotes.iter().filter(|q| q.closure == Closure::Unclosed) {
        let (l, c) = line_col(&article.body, q.start);
        out.push(Diagnostic::new(
            at(body_line + l, c),
            Severity::Warning,
            "quotation mark never closed: its paragraph counts as quoted; add the closing mark if that is wrong",
        ));
    }
    if !ctx.matcher.has_language(meta.language) {
        let how = match meta.language_source {
            LangSource::Metadata => "given",
            LangSource::Detected => "detected",
            LangSource::Default => "assumed",
        };
        out.push(Diagnostic::new(
            at(meta.line, 0),
            Severity::Warning,
            format!(
                "language {} ({how}) has no lexicon entries, so no terms can be found; add entries with language {} or set the article's language",
                meta.language, meta.language
            ),
        ));
    }
    if meta.language.stemmer().is_none() {
        out.push(Diagnostic::new(
            at(meta.line, 0),
            Severity::Note,
            format!("no Snowball stemmer for language {}: stem entries match whole words only", meta.language),
        ));
    }
    out
}
