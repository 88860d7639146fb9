//! Snippets of an article for reports: the sentence around a hit on one
//! line, cut at word boundaries, and any text with its line breaks folded.

/// The sentence around a hit, on one line, at most `max` bytes on each side
/// of the hit (cut at word boundaries, marked with `…`).
pub fn context(body: &str, sentence: std::ops::Range<usize>, hit: std::ops::Range<usize>, max: usize) -> String {
    let mut start = sentence.start.max(hit.start.saturating_sub(max));
    let mut end = sentence.end.min(hit.end + max).max(hit.end);
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    while !body.is_char_boundary(end) {
        end += 1;
    }
    // Never cut a word in half: move inward to the nearest space.
    let mid_word = |i: usize| {
        body[..i].chars().next_back().is_some_and(|c| !c.is_whitespace())
            && body[i..].chars().next().is_some_and(|c| !c.is_whitespace())
    };
    if start > sentence.start
        && mid_word(start)
        && let Some(p) = body[start..hit.start].find(' ')
    {
        start += p + 1;
    }
    if end < sentence.end
        && mid_word(end)
        && let Some(p) = body[hit.end..end].rfind(' ')
    {
        end = hit.end + p;
    }
    let start_trimmed = body[start..end].len() - body[start..end].trim_start().len();
    start += start_trimmed;
    end = start + body[start..end].trim_end().len();
    let mut s = String::with_capacity(end - start + 8);
    if start > sentence.start {
        s.push('…');
    }
    s.extend(body[start..end].chars().map(|c| if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c }));
    if end < sentence.end {
        s.push('…');
    }
    s
}

/// `s` with each line break (`\r\n`, `\n`, `\r`, U+2028, U+2029) turned into
/// one space.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push(' ');
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_table() {
        let body = "alpha beta gamma delta epsilon\nzeta";
        let sent = 0..body.len();
        let cases = [
            (12..16, 100, "alpha beta gamma delta epsilon zeta"),
            (11..16, 6, "…beta gamma delta…"),
            (0..5, 3, "alpha…"),
        ];
        for (hit, max, want) in cases {
            assert_eq!(context(body, sent.clone(), hit.clone(), max), want, "{hit:?} {max}");
        }
    }
}
