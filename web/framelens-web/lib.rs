//! framelens in the browser: the library compiled to WebAssembly. Students
//! paste or drop articles into web/index.html; `web/app.js` hands them to
//! [`analyze`] as JSON and shows the page it returns. Everything runs in the
//! browser: nothing is sent anywhere.
//!
//! The module needs no imports and exports three functions and its memory:
//! `framelens_alloc(len)` gives a buffer for the request's UTF-8 bytes,
//! `framelens_analyze(ptr, len)` takes that buffer back, runs [`analyze`] and
//! returns the length of the response, whose bytes start at
//! `framelens_response()` and stay there until the next call. That is all
//! the glue a string-in, string-out interface needs, so there is no
//! wasm-bindgen and no generated JavaScript.

use framelens::error::Severity;
use framelens::jobs::analyze::{Options, Text, run_texts};
use framelens::lexicon::Lexicon;
use framelens::report::MemOutput;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// What the page sends: the story's name and the articles.
#[derive(Debug, Deserialize)]
struct Request {
    #[serde(default)]
    story: String,
    articles: Vec<Article>,
}

#[derive(Debug, Deserialize)]
struct Article {
    #[serde(default)]
    outlet: String,
    #[serde(default)]
    name: String,
    text: String,
}

/// What the page gets back.
#[derive(Debug, Default, Serialize)]
struct Response {
    /// The report page (empty when the run could not be done).
    html: String,
    /// Articles analysed, outlets, words.
    articles: usize,
    outlets: usize,
    words: u64,
    /// Articles left out and warnings, one line each.
    problems: Vec<String>,
    /// Why nothing could be done, if so.
    error: String,
}

/// Stories without a name get this one.
const DEFAULT_STORY: &str = "your articles";

thread_local! {
    /// The last response, kept until the next call so that JavaScript can copy it.
    static RESPONSE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A buffer of `len` bytes for the request; give it back to [`framelens_analyze`].
#[unsafe(no_mangle)]
pub extern "C" fn framelens_alloc(len: usize) -> *mut u8 {
    let mut buf = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len));
    buf.as_mut_ptr()
}

/// Runs [`analyze`] on the request JavaScript wrote into the buffer from
/// [`framelens_alloc`], frees it, and returns the response's length.
///
/// # Safety
///
/// `ptr` must come from `framelens_alloc(len)` with the same `len`, with all
/// `len` bytes written, and must not be used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn framelens_analyze(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: the caller hands back the buffer framelens_alloc(len) made, filled.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let response = analyze(&String::from_utf8_lossy(&bytes));
    RESPONSE.with(|r| {
        *r.borrow_mut() = response.into_bytes();
        r.borrow().len()
    })
}

/// Where the last response's bytes start.
#[unsafe(no_mangle)]
pub extern "C" fn framelens_response() -> *const u8 {
    RESPONSE.with(|r| r.borrow().as_ptr())
}

/// Analyses the articles of `request` (JSON: `{"story": "…", "articles":
/// [{"outlet": "…", "name": "…", "text": "…"}]}`) with the bundled lexicon
/// and returns JSON with the report page (`html`) and what went wrong.
pub fn analyze(request: &str) -> String {
    let response = match serde_json::from_str::<Request>(request) {
        Ok(r) => run(r),
        Err(e) => {
            Response { error: format!("the page sent a request that cannot be read: {e}"), ..Response::default() }
        }
    };
    serde_json::to_string(&response).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

fn run(request: Request) -> Response {
    let lexicon = Lexicon::builtin();
    let mut options = Options::new(Vec::new(), std::path::PathBuf::from("report"));
    // The browser has no clock to stamp run.json with, and no use for the CSV files.
    options.manifest = false;
    options.workbook = false;
    let story = if request.story.trim().is_empty() { DEFAULT_STORY } else { request.story.trim() };
    let texts = request.articles.into_iter().map(|a| Text { outlet: a.outlet, name: a.name, text: a.text }).collect();
    let mut out = MemOutput::default();
    match run_texts(&options, &lexicon, story, texts, &mut out) {
        Ok(summary) => Response {
            html: out
                .files()
                .remove("report.html")
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default(),
            articles: summary.articles,
            outlets: summary.outlets,
            words: summary.words,
            problems: summary
                .diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Note)
                .map(|d| d.to_string())
                .collect(),
            error: String::new(),
        },
        Err(e) => Response { error: e.to_string(), ..Response::default() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_gives_a_page() {
        let out = analyze(
            r#"{"story":"","articles":[{"outlet":"A","text":"The regime said the occupation goes on."},{"outlet":"B","text":"The government said the control goes on."}]}"#,
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["error"], "");
        assert_eq!(v["articles"], 2);
        assert!(v["html"].as_str().unwrap().contains("story: your articles"));
        let bad: serde_json::Value = serde_json::from_str(&analyze("{")).unwrap();
        assert!(bad["error"].as_str().unwrap().contains("cannot be read"));
    }

    #[test]
    fn the_exports_pass_strings_both_ways() {
        let request = r#"{"articles":[{"outlet":"A","text":"The regime said so."}]}"#;
        let ptr = framelens_alloc(request.len());
        // SAFETY: the buffer has room for the request, as JavaScript writes it.
        let len = unsafe {
            std::ptr::copy_nonoverlapping(request.as_ptr(), ptr, request.len());
            framelens_analyze(ptr, request.len())
        };
        // SAFETY: the response stays until the next call.
        let out = unsafe { std::slice::from_raw_parts(framelens_response(), len) };
        let v: serde_json::Value = serde_json::from_slice(out).unwrap();
        assert_eq!(v["articles"], 1);
    }
}
