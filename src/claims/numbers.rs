//! Numbers and dates in a sentence, normalised so that versions of a claim
//! can be compared: "6,500" and "6500" are `6500`; "six-week" is `6 week`;
//! "December 12" and "12 December" are `--12-12` (ISO 8601 month-day);
//! "September 27, 2020" is `2020-09-27`. A number keeps the word after it as
//! its unit ("2,000 peacekeepers" → `2000 peacekeepers`), which is what two
//! disagreeing versions are matched on.

use crate::lang::Lang;

/// A number found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Number {
    /// The normalised value: digits, a decimal, or an ISO 8601 date.
    pub value: String,
    /// The word that follows it (lowercased), `date` for dates, or empty.
    pub unit: String,
}

impl Number {
    /// `value unit`, the form written in reports.
    pub fn display(&self) -> String {
        if self.unit.is_empty() || self.unit == "date" {
            self.value.clone()
        } else {
            format!("{} {}", self.value, self.unit)
        }
    }
}

fn month(word: &str, lang: Lang) -> Option<u32> {
    let w = word.trim_end_matches('.');
    let en = [
        ["january", "jan"],
        ["february", "feb"],
        ["march", "mar"],
        ["april", "apr"],
        ["may", "may"],
        ["june", "jun"],
        ["july", "jul"],
        ["august", "aug"],
        ["september", "sep"],
        ["october", "oct"],
        ["november", "nov"],
        ["december", "dec"],
    ];
    let ru = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    if lang == Lang::RU {
        return ru.iter().position(|m| *m == w).map(|i| i as u32 + 1);
    }
    if w == "sept" {
        return Some(9);
    }
    en.iter().position(|[full, short]| *full == w || *short == w).map(|i| i as u32 + 1)
}

fn number_word(word: &str) -> Option<u64> {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(i) = SMALL.iter().position(|w| *w == word) {
        return Some(i as u64);
    }
    TENS.iter().position(|w| *w == word).map(|i| (i as u64 + 2) * 10)
}

fn multiplier(word: &str) -> Option<u64> {
    match word {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        "billion" => Some(1_000_000_000),
        _ => None,
    }
}

/// Digits with thousands separators or a decimal point, as a plain number.
fn numeric(word: &str) -> Option<String> {
    if !word.starts_with(|c: char| c.is_ascii_digit())
        || !word.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let groups: Vec<&str> = word.split(',').collect();
    let thousands = groups.len() > 1
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 || g.starts_with(|c: char| c.is_ascii_digit()) && g.len() > 3 && g.contains('.'));
    let plain = if thousands { word.replace(',', "") } else { word.replace(',', ".") };
    Some(plain.trim_end_matches('.').to_string())
}

fn is_unit_word(w: &str) -> bool {
    const SKIP: &[&str] = &[
        "of", "in", "on", "at", "the", "a", "an", "and", "or", "to", "for", "by", "with", "from", "as", "than", "when",
        "that", "which", "who", "was", "were", "is", "are", "has", "have", "had", "after", "before", "since", "until",
        "more", "less", "about", "some", "around", "over", "under", "up", "but", "it", "its", "their", "his", "her",
        "в", "и", "на", "с", "по", "из", "к", "о", "от", "до", "году", "года", "г", "we", "you", "they", "he", "she",
        "i", "them", "us", "our", "will", "would", "can", "could",
    ];
    w.chars().any(char::is_alphabetic) && !SKIP.contains(&w)
}

/// Finds the numbers in a sequence of normalized words. `joined[i]` says
/// whether word `i` is attached to word `i+1` by a hyphen ("44-day").
pub fn extract(words: &[&str], joined: &[bool], lang: Lang) -> Vec<Number> {
    let mut out = Vec::new();
    let mut i = 0;
    let day = |w: &str| w.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    let year = |w: &str| w.parse::<u32>().ok().filter(|y| (1000..=2999).contains(y) && w.len() == 4);
    while i < words.len() {
        let w = words[i];
        // Dates first: "December 12[, 2020]", "12 December [2020]", "December 2020".
        // A day and month, with the year when it follows: (date, words used).
        let full_date = |m: u32, d: u32| match words.get(i + 2).and_then(|x| year(x)) {
            Some(y) => (format!("{y:04}-{m:02}-{d:02}"), 3),
            None => (format!("--{m:02}-{d:02}"), 2),
        };
        if let Some(m) = month(w, lang) {
            if let Some(d) = words.get(i + 1).and_then(|x| day(x)) {
                let (value, used) = full_date(m, d);
                out.push(Number { value, unit: "date".into() });
                i += used;
                continue;
            }
            if let Some(y) = words.get(i + 1).and_then(|x| year(x)) {
                out.push(Number { value: format!("{y:04}-{m:02}"), unit: "date".into() });
                i += 2;
                continue;
            }
        }
        if let Some(d) = day(w)
            && let Some(m) = words.get(i + 1).and_then(|x| month(x, lang))
            && words.get(i + 1).is_some_and(|x| x.len() > 3 || lang == Lang::RU)
        {
            let (value, used) = full_date(m, d);
            out.push(Number { value, unit: "date".into() });
            i += used;
            continue;
        }
        let (value, next) = if let Some(v) = numeric(w) {
            // A multiplier word after digits: "1.5 million".
            match words.get(i + 1).and_then(|x| multiplier(x)) {
                Some(mult) => match v.parse::<f64>() {
                    Ok(f) => (Some(format!("{}", (f * mult as f64).round() as u64)), i + 2),
                    Err(_) => (Some(v), i + 1),
                },
                None => (Some(v), i + 1),
            }
        } else if let Some(mut v) = number_word(w).filter(|_| {
            // "one" is mostly a pronoun ("no one", "the best one"): only count
            // it before a multiplier ("one million").
            w != "one" || words.get(i + 1).is_some_and(|x| multiplier(x).is_some())
        }) {
            let mut j = i + 1;
            // "twenty five", "two hundred thousand".
            while let Some(x) = words.get(j) {
                if let Some(n) = number_word(x).filter(|n| *n < 10 && v >= 20 && v % 10 == 0) {
                    v += n;
                } else if let Some(m) = multiplier(x) {
                    // "a billion billion" is not a number worth comparing.
                    let Some(p) = v.checked_mul(m) else { break };
                    v = p;
                } else {
                    break;
                }
                j += 1;
            }
            (Some(v.to_string()), j)
        } else {
            (None, i + 1)
        };
        if let Some(value) = value {
            let is_year = year(w).is_some_and(|y| (1800..=2100).contains(&y));
            let unit = match words.get(next) {
                Some(u)
                    if !is_year
                        && (is_unit_word(u) || joined.get(next - 1).copied().unwrap_or(false))
                        && month(u, lang).is_none() =>
                {
                    (*u).to_string()
                }
                _ => String::new(),
            };
            out.push(Number { value, unit });
        }
        i = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<String> {
        let words: Vec<String> = crate::normal::normalize_words(text);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        // Hyphen joins, recomputed the way the caller does it.
        let mut joined = vec![false; refs.len()];
        let mut pos = 0;
        let lower = text.to_lowercase();
        for (k, w) in refs.iter().enumerate() {
            if let Some(p) = lower[pos..].find(w) {
                pos += p + w.len();
                joined[k] = lower[pos..].starts_with('-');
            }
        }
        extract(&refs, &joined, Lang::EN).iter().map(Number::display).collect()
    }

    #[test]
    fn numbers_table() {
        let cases: &[(&str, &[&str])] = &[
            ("more than 6,500 lives", &["6500 lives"]),
            ("the six-week war", &["6 week"]),
            ("the 44-day war", &["44 day"]),
            ("in 2021", &["2021"]),
            ("blocked since December 12", &["--12-12"]),
            ("since 12 December", &["--12-12"]),
            ("on September 27, 2020, when", &["2020-09-27"]),
            ("in December 2020.", &["2020-12"]),
            ("about 2,000 peacekeepers", &["2000 peacekeepers"]),
            ("3.5 percent", &["3.5 percent"]),
            ("1.5 million people", &["1500000 people"]),
            ("twenty five soldiers", &["25 soldiers"]),
            ("two hundred thousand", &["200000"]),
            ("The May 5 meeting", &["--05-05"]),
            ("no numbers here", &[]),
            ("No one was hurt in the best one we can make", &[]),
            ("one million people", &["1000000 people"]),
            ("nineteen billion billion dollars", &["19000000000 billion"]),
        ];
        for (text, want) in cases {
            assert_eq!(run(text), *want, "{text}");
        }
    }
}
