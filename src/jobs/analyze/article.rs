//! One article through the pipeline: tokens, voice, hits, scores, hit rows,
//! claims and the word counts keyness needs. Pure: the same article and
//! lexicon always give the same output, whichever thread runs it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::claims::extract::SentenceTerms;
use crate::claims::{Claim, Cues, Form};
use crate::error::{Diagnostic, Location, Severity};
use crate::hash::FastMap;
use crate::input::{Article, LangSource, Meta};
use crate::jobs::stories::story_features;
use crate::lexicon::Lexicon;
use crate::matching::{Hit, Matcher};
use crate::score::{Counts, Scheme, Scores, Topic};
use crate::stopwords::is_stopword;
use crate::text::snippet::context;
use crate::text::voice::{Closure, Voice};
use crate::text::{Tokenizer, Tokens, line_col};

/// Everything an article needs from the lexicon, shared by all threads.
pub struct Context<'a> {
    /// The lexicon.
    pub lexicon: &'a Lexicon,
    /// The lexicon compiled for matching.
    pub matcher: Matcher,
    /// The lexicon's categories and axes, in report column order.
    pub scheme: Scheme,
    /// Cues for claim extraction; `None` skips claims.
    pub cues: Option<&'a Cues>,
    /// Whether to count words for keyness.
    pub keyness: bool,
    /// Whether to keep the story-grouping features of articles without an
    /// event (for partial results, whose stories are found at merge time).
    pub story_features: bool,
    /// Whether each output keeps the article's text (for the page).
    pub keep_body: bool,
}

impl<'a> Context<'a> {
    /// Compiles the lexicon; claims and keyness are off until set.
    pub fn new(lexicon: &'a Lexicon) -> Context<'a> {
        Context {
            lexicon,
            matcher: Matcher::new(lexicon),
            scheme: Scheme::new(lexicon),
            cues: None,
            keyness: false,
            story_features: false,
            keep_body: false,
        }
    }
}

/// Categories whose hits are listed as hedges in claims; the rest are loaded terms.
pub const HEDGE_CATEGORIES: &[&str] = &["hedge", "doubt", "distancing"];

/// One hit of a lexicon entry, as `hits.csv` lists it: a hit that stands
/// for several entries (one pattern in several categories) is one row per
/// entry. The lexicon entry's own columns are read from the lexicon when the
/// row is written. Serialized without the article's keys (event, outlet,
/// id, path), which are the article's own: a partial stores them once per
/// article and [`ArticleOutput::rekey_hits`] puts them back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HitRow {
    /// The article's event, outlet and id (shared by all its rows).
    #[serde(skip)]
    pub event: Arc<str>,
    /// The outlet.
    #[serde(skip)]
    pub outlet: Arc<str>,
    /// The article id.
    #[serde(skip)]
    pub article: Arc<str>,
    /// The article's file (and, for an export row, its line): the last
    /// keys of the report order.
    #[serde(skip)]
    pub path: Arc<str>,
    /// The line where the article starts in its file.
    pub line: usize,
    /// 1-based sentence number.
    pub sentence: u32,
    /// Byte offsets of the hit in the body.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// `body[start..end]`.
    pub text: String,
    /// Index of the entry in the lexicon.
    pub entry: usize,
    /// The voice of the hit's first word.
    pub voice: Voice,
    /// Whether a negator comes just before it.
    pub negated: bool,
    /// What it counts for in the leans.
    #[serde(deserialize_with = "counts_from")]
    pub counts: Counts,
    /// The sentence around the hit, on one line.
    pub context: String,
}

/// [`Counts`] as serde writes it (its reason for counting for no side is a
/// `&'static str`, which cannot be read back by a derive).
#[derive(Deserialize)]
enum CountsRead {
    Unsided,
    Narrator { axis: usize, pole: usize, naming: bool },
    Quoted { axis: usize, pole: usize, naming: bool },
    Not(String),
}

/// Reads a [`Counts`] back; each distinct reason is kept once for the whole
/// process (there are a handful).
fn counts_from<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Counts, D::Error> {
    static REASONS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    Ok(match CountsRead::deserialize(d)? {
        CountsRead::Unsided => Counts::Unsided,
        CountsRead::Narrator { axis, pole, naming } => Counts::Narrator { axis, pole, naming },
        CountsRead::Quoted { axis, pole, naming } => Counts::Quoted { axis, pole, naming },
        CountsRead::Not(reason) => {
            let mut known = match REASONS.lock() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            let kept = match known.iter().find(|r| **r == reason) {
                Some(r) => *r,
                None if known.len() >= 64 => {
                    return Err(serde::de::Error::custom("too many distinct reasons in hit rows; the file is damaged"));
                }
                None => {
                    let r: &'static str = Box::leak(reason.into_boxed_str());
                    known.push(r);
                    r
                }
            };
            Counts::Not(kept)
        }
    })
}

/// The narrator's content words of an article, for keyness: each distinct
/// (stem, written form) once, with its count. The strings live back to back
/// in one buffer so an article costs one allocation, not one per word.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WordCounts {
    buf: String,
    /// (stem start, stem end, form end, count); the form follows its stem.
    items: Vec<(u32, u32, u32, u32)>,
}

impl WordCounts {
    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds a distinct word: its stem, its written form and how often it came.
    pub fn push(&mut self, stem: &str, form: &str, n: u32) {
        let s = self.buf.len() as u32;
        self.buf.push_str(stem);
        let m = self.buf.len() as u32;
        self.buf.push_str(form);
        self.items.push((s, m, self.buf.len() as u32, n));
    }

    /// (stem, form, count) for each distinct word.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, u32)> {
        self.items.iter().map(|&(s, m, e, n)| (&self.buf[s as usize..m as usize], &self.buf[m as usize..e as usize], n))
    }
}

/// The result of analysing one article: what every report receives, and
/// what a partial result stores per article (`jobs::partial`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleOutput {
    /// The article's metadata (with its event resolved).
    pub meta: Meta,
    /// Its counts.
    pub scores: Scores,
    /// Its hits, one row per hit and entry.
    pub hits: Vec<HitRow>,
    /// Warnings about it.
    pub notes: Vec<Diagnostic>,
    /// One claim per sentence (empty unless claims are on).
    pub claims: Vec<Claim>,
    /// Narrator words for keyness (empty unless asked for).
    pub words: WordCounts,
    /// The article's story-grouping features (stem hash, count), kept only
    /// when a partial result is written and the article has no event: the
    /// stories are then found when the partials are merged. A partial stores
    /// them on a line of their own.
    #[serde(skip)]
    pub story: Option<Vec<(u64, u32)>>,
    /// The article's text, when the context asks to keep it (for the page;
    /// a partial stores it only then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl ArticleOutput {
    /// Gives every hit row the article's current keys (after its event was
    /// set, or after it was read back from a partial, which stores the keys
    /// once per article).
    pub fn rekey_hits(&mut self) {
        let m = &self.meta;
        let (event, outlet, id, path): (Arc<str>, Arc<str>, Arc<str>, Arc<str>) = (
            m.event.as_deref().unwrap_or_default().into(),
            m.outlet.as_str().into(),
            m.id.as_str().into(),
            m.path.as_str().into(),
        );
        for h in &mut self.hits {
            h.event = event.clone();
            h.outlet = outlet.clone();
            h.article = id.clone();
            h.path = path.clone();
            h.line = m.line;
        }
    }
}

/// Longest context kept on each side of a hit, in bytes.
const CONTEXT_BYTES: usize = 160;

/// Analyses one article: tokens, voice, hits, scores and hit rows.
pub fn analyze_article(article: &Article, ctx: &Context, tokenizer: &mut Tokenizer) -> ArticleOutput {
    let lang = article.meta.language;
    let tokens = tokenizer.tokenize(&article.body, lang);
    let hits = ctx.matcher.find(&article.body, &tokens, lang);
    let mut topic = Topic::of(&ctx.scheme, &tokens, &ctx.matcher.scope_words(&article.body, &tokens, lang));
    // Which sentences the outlet attributes to a speaker decides whose words
    // their loaded terms are, so claims are extracted whenever a hit could
    // count in the narrator's lean (claims or not): any sided hit in the
    // narrator's voice on an axis the article is on. Without one, whether a
    // sentence is reported speech changes nothing, and the extraction (the
    // costliest step of an article) is skipped.
    let claims = if ctx.cues.is_some() || needs_reported_speech(ctx, &hits, &topic) {
        let mut terms: Vec<SentenceTerms> = vec![(Vec::new(), Vec::new()); tokens.sentences.len()];
        for h in &hits {
            let written = article.body[h.start..h.end].to_lowercase();
            let entries = ctx.matcher.entries(h);
            let hedge = entries.iter().any(|&e| HEDGE_CATEGORIES.contains(&ctx.lexicon.entries[e].category.as_str()));
            let list = if hedge { &mut terms[h.sentence as usize].0 } else { &mut terms[h.sentence as usize].1 };
            if !list.contains(&written) {
                list.push(written);
            }
        }
        let cues = ctx.cues.unwrap_or_else(|| crate::cues::builtin());
        crate::claims::extract(&article.body, &tokens, &terms, cues, lang)
    } else {
        Vec::new()
    };
    topic.reported = claims.iter().map(|c| c.form == Form::Indirect).collect();
    let scores = Scores::of_article(&ctx.scheme, &ctx.matcher, ctx.lexicon, &tokens, &hits, &topic);
    let meta = &article.meta;
    let (event, outlet, id, path): (Arc<str>, Arc<str>, Arc<str>, Arc<str>) = (
        meta.event.as_deref().unwrap_or_default().into(),
        meta.outlet.as_str().into(),
        meta.id.as_str().into(),
        meta.path.as_str().into(),
    );
    let mut rows = Vec::with_capacity(hits.len());
    for h in &hits {
        let sentence = &tokens.sentences[h.sentence as usize];
        let ctx_text = context(&article.body, sentence.start..sentence.end, h.start..h.end, CONTEXT_BYTES);
        // An exception that shares its words with a normal entry shields
        // nothing and is not a hit of its own.
        for &e in ctx.matcher.entries(h).iter().filter(|&&e| !ctx.lexicon.entries[e].is_exception()) {
            rows.push(HitRow {
                event: event.clone(),
                outlet: outlet.clone(),
                article: id.clone(),
                path: path.clone(),
                line: meta.line,
                sentence: h.sentence + 1,
                start: h.start,
                end: h.end,
                text: article.body[h.start..h.end].to_string(),
                entry: e,
                voice: h.voice,
                negated: h.negated,
                counts: ctx.scheme.counts(e, h, &tokens, &topic),
                context: ctx_text.clone(),
            });
        }
    }
    let notes = article_notes(article, &tokens, ctx);
    let claims = if ctx.cues.is_some() { claims } else { Vec::new() };
    let words = if ctx.keyness { narrator_words(&tokens, lang) } else { WordCounts::default() };
    let story = (ctx.story_features && meta.event.is_none()).then(|| story_features(&tokens, lang));
    let body = ctx.keep_body.then(|| article.body.clone());
    ArticleOutput { meta: meta.clone(), scores, hits: rows, notes, claims, words, story, body }
}

/// Whether some hit's count depends on its sentence being reported speech
/// (see [`crate::score::Scheme::counts`]): a hit in the narrator's voice,
/// neither negated nor a dual name, of an entry that takes a side on an
/// axis the article is on.
fn needs_reported_speech(ctx: &Context, hits: &[Hit], topic: &Topic) -> bool {
    hits.iter()
        .filter(|h| h.voice == Voice::Narrator && !h.negated && !h.dual)
        .any(|h| ctx.matcher.entries(h).iter().any(|&e| ctx.scheme.pole_of(e).is_some_and(|(axis, _)| topic.on[axis])))
}

/// Counts the narrator's content words by stem and written form (lowercase).
/// Stopwords and numbers are left out: keyness is about the outlet's wording.
fn narrator_words(tokens: &Tokens, lang: crate::lang::Lang) -> WordCounts {
    let mut counts: FastMap<(&str, &str), u32> = FastMap::default();
    for t in tokens.tokens.iter().filter(|t| t.voice.is_outlets() && t.alphabetic) {
        let base = tokens.base(t);
        if base.chars().count() < 2 || is_stopword(lang, base) {
            continue;
        }
        *counts.entry((tokens.stem(t), base)).or_default() += 1;
    }
    // The order does not matter: counts are summed, never written in this order.
    let mut out = WordCounts { buf: String::new(), items: Vec::with_capacity(counts.len()) };
    for ((stem, form), n) in counts {
        out.push(stem, form, n);
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
