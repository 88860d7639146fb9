//! Numbers, dates and times in a sentence, normalised so that versions of a
//! claim can be compared: "6,500" and "6500" are `6500`; "six-week" is
//! `6 week`; "December 12" and "12 December" are `--12-12` (ISO 8601
//! month-day); "September 27, 2020" is `2020-09-27`; "11:30 a.m." and
//! "11.30am" are `11:30`. A number keeps the word after it as its unit
//! ("2,000 peacekeepers" → `2000 peacekeepers`), the bound written before it
//! ("at least 12", "more than 200") and, for counts of people killed,
//! wounded, missing, detained or displaced, that fact ("three civilians …
//! were killed" and "at least 12 people died" are both `killed`). Vague
//! counts ("dozens were killed") are kept when they count such a fact.
//!
//! [`disagreements`] says which numbers of two versions contradict each
//! other: the same unit or the same fact with values that cannot both be
//! true, dates that name different days. A date given with and without its
//! year, a dateline, or a lower bound the other figure satisfies is not a
//! disagreement.

use std::fmt;

use crate::lang::Lang;

/// How a number is qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum Bound {
    /// As written: "12 people".
    #[default]
    Exact,
    /// "about", "around", "some", "nearly", "an estimated".
    About,
    /// "at least".
    AtLeast,
    /// "more than", "over".
    MoreThan,
    /// "up to", "at most".
    AtMost,
    /// "fewer than", "less than", "under".
    LessThan,
    /// A word for a rough quantity: "dozens", "scores", "hundreds".
    Vague,
}

impl Bound {
    /// The words written before the value in reports ("at least").
    pub fn prefix(self) -> &'static str {
        match self {
            Bound::Exact | Bound::About | Bound::Vague => "",
            Bound::AtLeast => "at least ",
            Bound::MoreThan => "more than ",
            Bound::AtMost => "up to ",
            Bound::LessThan => "fewer than ",
        }
    }

    /// A stable code for storing the bound.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The bound of a [`Bound::code`].
    pub fn from_code(c: u8) -> Bound {
        [Bound::Exact, Bound::About, Bound::AtLeast, Bound::MoreThan, Bound::AtMost, Bound::LessThan, Bound::Vague]
            .get(c as usize)
            .copied()
            .unwrap_or_default()
    }
}

/// A number found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Number {
    /// The normalised value: digits, a decimal, an ISO 8601 date, `HH:MM`,
    /// or the word of a vague quantity ("dozens").
    pub value: String,
    /// The word that follows it (lowercased), `date` for dates, `time` for
    /// times of day, `percent`, a currency sign, or empty.
    pub unit: String,
    /// How the value is qualified.
    pub bound: Bound,
    /// What a count of people counts (`killed`, `wounded`, `missing`,
    /// `detained`, `displaced`), or empty.
    pub fact: String,
}

impl Number {
    fn new(value: String, unit: &str) -> Number {
        Number { value, unit: unit.to_string(), ..Number::default() }
    }

    /// `value unit` with its bound, the form written in reports
    /// ("2000 peacekeepers", "at least 12 people", "dozens killed").
    pub fn display(&self) -> String {
        let unit = match self.unit.as_str() {
            "date" | "time" => "",
            "" if !self.fact.is_empty() => self.fact.as_str(),
            u => u,
        };
        let mut s = String::from(self.bound.prefix());
        if unit.len() == 1 || unit.starts_with(|c: char| !c.is_alphanumeric()) {
            // A currency sign goes before the value.
            s.push_str(unit);
            s.push_str(&self.value);
        } else {
            s.push_str(&self.value);
            if !unit.is_empty() {
                s.push(' ');
                s.push_str(unit);
            }
        }
        s
    }

    /// Whether this is a date or a time of day.
    fn is_when(&self) -> bool {
        self.unit == "date" || self.unit == "time"
    }

    /// The range of values the number allows, for counts.
    fn range(&self) -> Option<(f64, f64)> {
        if self.bound == Bound::Vague {
            return vague_range(&self.value);
        }
        let v: f64 = self.value.parse().ok()?;
        Some(match self.bound {
            Bound::Exact => (v, v),
            Bound::About => (v * 0.9, v * 1.1),
            Bound::AtLeast => (v, f64::INFINITY),
            Bound::MoreThan => (v + f64::EPSILON.max(v * 1e-9), f64::INFINITY),
            Bound::AtMost => (0.0, v),
            Bound::LessThan => (0.0, v - f64::EPSILON.max(v * 1e-9)),
            Bound::Vague => unreachable!(),
        })
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// Words for rough quantities, with the values they allow.
const VAGUE: &[(&str, f64, f64)] = &[
    ("dozens", 24.0, 199.0),
    ("scores", 40.0, 999.0),
    ("hundreds", 200.0, 1999.0),
    ("thousands", 2000.0, 999_999.0),
    ("десятки", 20.0, 99.0),
    ("сотни", 200.0, 999.0),
    ("тысячи", 2000.0, 999_999.0),
];

fn vague_range(word: &str) -> Option<(f64, f64)> {
    VAGUE.iter().find(|v| v.0 == word).map(|v| (v.1, v.2))
}

/// Words that say what a count of people counts.
const FACTS: &[(&str, &[&str])] = &[
    (
        "killed",
        &[
            "killed",
            "kill",
            "kills",
            "killing",
            "dead",
            "died",
            "die",
            "dies",
            "death",
            "deaths",
            "fatalities",
            "perished",
            "lives",
            "toll",
            "погибли",
            "погиб",
            "погибших",
            "погибло",
            "убиты",
            "убито",
            "убитых",
            "жертв",
        ],
    ),
    (
        "wounded",
        &[
            "wounded",
            "wounding",
            "injured",
            "injuring",
            "injuries",
            "hurt",
            "ранены",
            "ранено",
            "раненых",
            "пострадали",
            "пострадавших",
        ],
    ),
    ("missing", &["missing", "пропали", "пропавших"]),
    ("detained", &["detained", "arrested", "detaining", "arresting", "задержаны", "задержано", "арестованы"]),
    ("displaced", &["displaced", "evacuated", "fled", "refugees", "displacement", "эвакуированы", "беженцев"]),
];

/// The fact a word names ("died" → `killed`, "injured" → `wounded`).
pub fn fact_of(word: &str) -> Option<&'static str> {
    // Looked up for every word of every sentence: a map built once.
    static MAP: std::sync::OnceLock<crate::hash::FastMap<&'static str, &'static str>> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| FACTS.iter().flat_map(|(f, words)| words.iter().map(move |w| (*w, *f))).collect());
    map.get(word).copied()
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

/// Whether a word names a month (in any language framelens knows).
pub fn is_month(word: &str) -> bool {
    month(word, Lang::EN).is_some() || month(word, Lang::RU).is_some()
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

/// Whether a word is a number word or a rough quantity ("some", "dozens").
pub fn is_count_word(word: &str) -> bool {
    number_word(word).is_some() || multiplier(word).is_some() || vague_range(word).is_some() || word == "some"
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
        "of",
        "in",
        "on",
        "at",
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "than",
        "when",
        "that",
        "which",
        "who",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "after",
        "before",
        "since",
        "until",
        "more",
        "less",
        "about",
        "some",
        "around",
        "over",
        "under",
        "up",
        "but",
        "it",
        "its",
        "their",
        "his",
        "her",
        "в",
        "и",
        "на",
        "с",
        "по",
        "из",
        "к",
        "о",
        "от",
        "до",
        "году",
        "года",
        "г",
        "we",
        "you",
        "they",
        "he",
        "she",
        "i",
        "them",
        "us",
        "our",
        "will",
        "would",
        "can",
        "could",
        "other",
        "others",
        "more",
        "further",
        "additional",
        "new",
        "another",
    ];
    w.chars().any(char::is_alphabetic) && !SKIP.contains(&w)
}

/// A time of day in one word ("4am", "11.30am") or in two around a colon
/// ("11:30"; `after` is the text after word `i`), with the meridiem attached
/// or as the next word ("4 p.m."): `HH:MM` in 24 hours, and the words used.
/// "11.30" without a meridiem is a decimal, not a time.
fn time_of_day(words: &[&str], after: &str, i: usize) -> Option<(String, usize)> {
    let w = words[i];
    let meridiem = |m: &str| match m.trim_end_matches('.') {
        "am" | "a.m" => Some(false),
        "pm" | "p.m" => Some(true),
        _ => None,
    };
    let to_24 = |h: u32, m: u32, pm: Option<bool>| -> Option<String> {
        let h = match pm {
            Some(true) if h < 12 => h + 12,
            Some(false) if h == 12 => 0,
            _ => h,
        };
        (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
    };
    let digits_end = w.find(|c: char| !c.is_ascii_digit()).unwrap_or(w.len());
    if digits_end == 0 || digits_end > 2 {
        return None;
    }
    let h: u32 = w[..digits_end].parse().ok()?;
    let rest = &w[digits_end..];
    let two_digits = |s: &str| s.len() >= 2 && s[..2].chars().all(|c| c.is_ascii_digit());
    let (m, tail) = match rest.strip_prefix('.') {
        Some(r) if two_digits(r) => (r[..2].parse().ok()?, &r[2..]),
        _ => (0, rest),
    };
    if !tail.is_empty() {
        // "4am", "11.30am"
        return meridiem(tail).and_then(|pm| Some((to_24(h, m, Some(pm))?, 1)));
    }
    let colon = rest.is_empty()
        && after.trim() == ":"
        && words.get(i + 1).is_some_and(|x| x.len() == 2 && x.chars().all(|c| c.is_ascii_digit()));
    let (m, used) = if colon { (words[i + 1].parse().ok()?, 2) } else { (m, 1) };
    let pm = words.get(i + used).and_then(|x| meridiem(x));
    if colon || pm.is_some() {
        return Some((to_24(h, m, pm)?, used + usize::from(pm.is_some())));
    }
    None
}

/// The bound written right before word `i` ("at least 12").
fn bound_before(words: &[&str], i: usize) -> Bound {
    let w1 = if i >= 1 { words[i - 1] } else { "" };
    let w2 = if i >= 2 { words[i - 2] } else { "" };
    match (w2, w1) {
        ("at", "least") | ("не", "менее") | ("как", "минимум") => Bound::AtLeast,
        ("more", "than") | (_, "over") | (_, "более") | (_, "свыше") => Bound::MoreThan,
        ("up", "to") | ("at", "most") => Bound::AtMost,
        ("fewer", "than") | ("less", "than") | (_, "under") | (_, "менее") => Bound::LessThan,
        (
            _,
            "about" | "around" | "some" | "nearly" | "almost" | "approximately" | "roughly" | "estimated" | "около",
        ) => Bound::About,
        _ => Bound::Exact,
    }
}

/// Finds the numbers in a sequence of normalized words. `gaps[i]` is the
/// text before word `i` as written, and `gaps[words.len()]` the text after
/// the last (a hyphen joins "44-day", a colon "11:30"; `%` or a currency
/// sign is a unit).
pub fn extract(words: &[&str], all_gaps: &[&str], lang: Lang) -> Vec<Number> {
    let gaps = all_gaps;
    // The text between word k and word k + 1.
    let gaps = |k: usize| gaps.get(k + 1).copied().unwrap_or("");
    let mut out: Vec<(Number, usize, usize)> = Vec::new(); // number, first word, word after it
    let mut i = 0;
    let day = |w: &str| w.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    let year = |w: &str| w.parse::<u32>().ok().filter(|y| (1000..=2999).contains(y) && w.len() == 4);
    let joined = |k: usize| {
        let g = gaps(k);
        !g.is_empty() && g.chars().all(crate::normal::is_hyphen)
    };
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
                out.push((Number::new(value, "date"), i, i + used));
                i += used;
                continue;
            }
            if let Some(y) = words.get(i + 1).and_then(|x| year(x)) {
                out.push((Number::new(format!("{y:04}-{m:02}"), "date"), i, i + 2));
                i += 2;
                continue;
            }
        }
        if let Some(d) = day(w)
            && let Some(m) = words.get(i + 1).and_then(|x| month(x, lang))
            && words.get(i + 1).is_some_and(|x| x.len() > 3 || lang == Lang::RU)
        {
            let (value, used) = full_date(m, d);
            out.push((Number::new(value, "date"), i, i + used));
            i += used;
            continue;
        }
        if let Some((value, used)) = time_of_day(words, gaps(i), i) {
            out.push((Number::new(value, "time"), i, i + used));
            i += used;
            continue;
        }
        if let Some((_, _, _)) = VAGUE.iter().find(|v| v.0 == w) {
            let mut n = Number::new(w.to_string(), "");
            n.bound = Bound::Vague;
            out.push((n, i, i + 1));
            i += 1;
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
            let before = if i > 0 { gaps(i - 1) } else { all_gaps.first().copied().unwrap_or("") };
            let currency = before.chars().rev().find(|c| !c.is_whitespace()).filter(|c| "£$€¥₽₺".contains(*c));
            let percent = gaps(next - 1).trim_start().starts_with('%')
                || matches!(words.get(next), Some(&("percent" | "процента" | "процентов")))
                || (words.get(next) == Some(&"per") && words.get(next + 1) == Some(&"cent"));
            let unit = if let Some(c) = currency {
                c.to_string()
            } else if percent {
                "percent".to_string()
            } else {
                match words.get(next) {
                    Some(u) if !is_year && (is_unit_word(u) || joined(next - 1)) && month(u, lang).is_none() => {
                        (*u).to_string()
                    }
                    _ => String::new(),
                }
            };
            let mut n = Number::new(value, &unit);
            n.bound = bound_before(words, i);
            out.push((n, i, next));
        }
        i = next;
    }
    // What each count of people counts: the first fact word in the same
    // clause after it ("three civilians, including two children, were
    // killed"), or right before it ("killing at least 12").
    let counts: Vec<usize> = out.iter().map(|(_, s, _)| *s).collect();
    for k in 0..out.len() {
        let (n, start, end) = &out[k];
        if n.is_when() || n.unit == "percent" || n.unit.chars().count() == 1 {
            continue;
        }
        // A count inside it ("including two children") does not end the clause.
        let next_number = counts[k + 1..]
            .iter()
            .copied()
            .find(|&c| c == 0 || !matches!(words[c - 1], "including" | "among" | "of"))
            .unwrap_or(words.len());
        // A fact verb right before it comes first: "killed four of its
        // troops and wounded six".
        const QUALIFIERS: &[&str] =
            &["at", "least", "more", "than", "about", "around", "some", "nearly", "over", "up", "to"];
        let mut before = *start;
        while before > 0 && QUALIFIERS.contains(&words[before - 1]) {
            before -= 1;
        }
        let mut fact = if before > 0 { fact_of(words[before - 1]) } else { None };
        for (j, word) in words.iter().enumerate().take((*end + 8).min(next_number)).skip(*end) {
            if fact.is_some() {
                break;
            }
            if j > *end && gaps(j - 1).contains([';', ':', '.', '(', ')']) {
                break;
            }
            if let Some(f) = fact_of(word) {
                fact = Some(f);
                break;
            }
        }
        if fact.is_none() {
            fact = (start.saturating_sub(3)..*start).rev().find_map(|j| fact_of(words[j]));
        }
        out[k].0.fact = fact.unwrap_or("").to_string();
    }
    // A vague word is only a figure when it counts something ("dozens were
    // killed"), not in "dozens of protesters".
    out.into_iter().map(|(n, _, _)| n).filter(|n| n.bound != Bound::Vague || !n.fact.is_empty()).collect()
}

/// Whether two numbers of the same kind can both be true.
fn compatible(x: &Number, y: &Number) -> bool {
    if x.unit == "date" && y.unit == "date" {
        // "--09-19" is "2023-09-19" without its year; "2023-09" holds "2023-09-19".
        let (a, b) = (x.value.as_str(), y.value.as_str());
        let md = |v: &str| {
            if v.len() == 10 { Some(v[4..].to_string()) } else { v.strip_prefix("--").map(|r| format!("-{r}")) }
        };
        let ym = |v: &str| (v.len() >= 7 && !v.starts_with('-')).then(|| v[..7].to_string());
        return a == b
            || (md(a).is_some() && md(a) == md(b) && (a.starts_with('-') || b.starts_with('-')))
            || (ym(a).is_some() && ym(a) == ym(b) && (a.len() == 7 || b.len() == 7));
    }
    if x.value == y.value && x.bound == y.bound {
        return true;
    }
    match (x.range(), y.range()) {
        (Some((a0, a1)), Some((b0, b1))) => {
            // Two different lower (or upper) bounds are different figures
            // even though both could hold: report them.
            let both_bounds =
                x.bound != Bound::Exact && x.bound == y.bound && !matches!(x.bound, Bound::About | Bound::Vague);
            !both_bounds && a0 <= b1 && b0 <= a1
        }
        _ => x.value == y.value,
    }
}

/// Numbers of two versions that describe the same thing: the same
/// non-empty unit, or the first count of the same fact in each.
fn comparable(x: &Number, a: &[Number], y: &Number, b: &[Number]) -> bool {
    let first_of_fact = |n: &Number, all: &[Number]| all.iter().find(|m| m.fact == n.fact).is_some_and(|m| m == n);
    if x.is_when() || y.is_when() {
        // Dates and times are compared only when each version has one.
        let one = |all: &[Number], unit: &str| all.iter().filter(|m| m.unit == unit).count() == 1;
        return x.unit == y.unit && one(a, &x.unit) && one(b, &y.unit);
    }
    (!x.unit.is_empty() && x.unit == y.unit)
        || (!x.fact.is_empty() && x.fact == y.fact && first_of_fact(x, a) && first_of_fact(y, b))
}

/// The numbers of `a` and of `b` that contradict each other, as (from `a`,
/// from `b`) pairs: for each number of `a` that agrees with none of the
/// comparable numbers of `b`, every one of those that agrees with no
/// comparable number of `a`.
pub fn disagreements<'a>(a: &'a [Number], b: &'a [Number]) -> Vec<(&'a Number, &'a Number)> {
    let mut out = Vec::new();
    for x in a {
        let same: Vec<&Number> = b.iter().filter(|y| comparable(x, a, y, b)).collect();
        if same.is_empty() || same.iter().any(|y| compatible(x, y)) {
            continue;
        }
        for y in same {
            let agreed = a.iter().any(|z| comparable(z, a, y, b) && compatible(z, y));
            if !agreed && !out.iter().any(|(p, q): &(&Number, &Number)| *p == x && *q == y) {
                out.push((x, y));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Number> {
        let words: Vec<String> = crate::normal::normalize_words(text);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        // The text between words, recomputed the way the caller gives it.
        let lower = text.to_lowercase().replace('’', "'");
        let mut gaps = Vec::new();
        let mut pos = 0;
        for w in &refs {
            let p = lower[pos..].find(w).map_or(pos, |p| pos + p);
            gaps.push(&lower[pos..p]);
            pos = p + w.len();
        }
        gaps.push(&lower[pos..]);
        extract(&refs, &gaps, Lang::EN)
    }

    fn shown(text: &str) -> Vec<String> {
        run(text).iter().map(Number::display).collect()
    }

    #[test]
    fn numbers_table() {
        let cases: &[(&str, &[&str])] = &[
            ("more than 6,500 lives", &["more than 6500 lives"]),
            ("the six-week war", &["6 week"]),
            ("the 44-day war", &["44 day"]),
            ("in 2021", &["2021"]),
            ("blocked since December 12", &["--12-12"]),
            ("since 12 December", &["--12-12"]),
            ("on September 27, 2020, when", &["2020-09-27"]),
            ("in December 2020.", &["2020-12"]),
            ("about 2,000 peacekeepers", &["2000 peacekeepers"]),
            ("3.5 percent", &["3.5 percent"]),
            ("a 4.5 per cent rise", &["4.5 percent"]),
            ("a 4.5% rise", &["4.5 percent"]),
            ("£14 million contract", &["£14000000"]),
            ("1.5 million people", &["1500000 people"]),
            ("twenty five soldiers", &["25 soldiers"]),
            ("two hundred thousand", &["200000"]),
            ("The May 5 meeting", &["--05-05"]),
            ("no numbers here", &[]),
            ("No one was hurt in the best one we can make", &[]),
            ("one million people", &["1000000 people"]),
            ("nineteen billion billion dollars", &["19000000000 billion"]),
            ("at around 11:30 a.m., it said", &["11:30"]),
            ("at about 11.30am", &["11:30"]),
            ("at 11:30.", &["11:30"]),
            ("at 4am on Monday", &["04:00"]),
            ("a ceasefire at 1 p.m. on Wednesday", &["13:00"]),
            ("At least 12 people died", &["at least 12 people"]),
            ("Dozens were killed on Tuesday", &["dozens killed"]),
            ("dozens of protesters blocked the road", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(shown(text), *want, "{text}");
        }
    }

    #[test]
    fn facts_of_counts() {
        let facts =
            |text: &str| -> Vec<(String, String)> { run(text).into_iter().map(|n| (n.display(), n.fact)).collect() };
        let p = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            facts("Three civilians, including two children, were killed when a shell struck"),
            [p("3 civilians", "killed"), p("2 children", "killed")]
        );
        assert_eq!(
            facts("four Armenian servicemen were killed and six wounded"),
            [p("4 armenian", "killed"), p("6 wounded", "wounded")]
        );
        assert_eq!(facts("At least 20 people were injured"), [p("at least 20 people", "wounded")]);
        assert_eq!(facts("Scores more were wounded."), [p("scores wounded", "wounded")]);
        assert_eq!(facts("The attack, killing at least 12, was condemned"), [p("at least 12 killed", "killed")]);
        assert_eq!(
            facts("Azerbaijani fire had killed four of its troops and wounded six others"),
            [p("4 killed", "killed"), p("6 wounded", "wounded")]
        );
        assert_eq!(facts("About 2,000 Russian peacekeepers were deployed"), [p("2000 russian", "")]);
    }

    #[test]
    fn which_numbers_disagree() {
        let pairs = |a: &str, b: &str| -> Vec<(String, String)> {
            let (x, y) = (run(a), run(b));
            disagreements(&x, &y).into_iter().map(|(p, q)| (p.display(), q.display())).collect()
        };
        let p = |a: &str, b: &str| vec![(a.to_string(), b.to_string())];
        let none: Vec<(String, String)> = Vec::new();
        let killed3 = "Three civilians, including two children, were killed on Tuesday";
        let killed12 = "At least 12 people died when shells landed on Tuesday 19 September";
        let dozens = "Dozens were killed on Tuesday";
        assert_eq!(pairs(killed3, killed12), p("3 civilians", "at least 12 people"));
        assert_eq!(pairs(killed3, dozens), p("3 civilians", "dozens killed"));
        assert_eq!(pairs(killed12, dozens), none, "at least 12 can be dozens");
        assert_eq!(
            pairs("about 2,000 peacekeepers", "about 3,000 peacekeepers"),
            p("2000 peacekeepers", "3000 peacekeepers")
        );
        assert_eq!(pairs("about 2,000 peacekeepers", "2,000 peacekeepers"), none);
        assert_eq!(pairs("more than 200 wounded", "more than 200 wounded"), none);
        assert_eq!(pairs("at least 12 people", "at least 20 people"), p("at least 12 people", "at least 20 people"));
        // Dates with and without the year, and the same time written two ways.
        assert_eq!(pairs("on Sept. 19", "On September 19, 2023"), none);
        assert_eq!(pairs("since December 2022", "since December 12, 2022"), none);
        assert_eq!(pairs("on September 19", "on September 20"), p("--09-19", "--09-20"));
        assert_eq!(pairs("around 11:30 a.m.", "about 11.30am"), none);
        // Numbers with no unit and no fact are left to the word diff.
        assert_eq!(pairs("aged 8 and 11", "8 and 11 years old"), none);
    }
}
