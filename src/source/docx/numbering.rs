//! `numbering.xml`: automatic numbers rendered as Word shows them (`第一章`, `一、`, `（一）`,
//! `1.`), counted in document order.

use std::collections::HashMap;

use super::styles::Styles;
use super::xml::Element;

/// Levels of a list (`w:ilvl` 0–8).
const LEVELS: usize = 9;

/// Longest `w:lvlText` kept.
const MAX_LEVEL_TEXT: usize = 64;

/// One level of an abstract numbering definition.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
    suffix: Suffix,
    /// `w:lvlRestart`: restart after a use of this (1-based) level or a higher one; 0 never.
    restart: Option<u8>,
    legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: "decimal".to_string(),
            text: String::new(),
            suffix: Suffix::Tab,
            restart: None,
            legal: false,
        }
    }
}

/// What Word puts between the number and the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    Tab,
    Space,
    Nothing,
}

/// A numbering instance (`w:num`): its abstract definition and level overrides.
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// `w:lvlOverride`: start overrides and replaced levels, by level.
    start_overrides: HashMap<usize, u32>,
    levels: HashMap<usize, Level>,
}

/// The numbering definitions of a document and the counters while it is read.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    /// Current values by counter key and level; `None`: not used since its last restart.
    counters: HashMap<String, [Option<u32>; LEVELS]>,
}

impl Numbering {
    /// Reads `numbering.xml` (absent: no paragraph is numbered).
    pub fn parse(root: Option<&Element>, styles: &Styles) -> Numbering {
        let mut n = Numbering::default();
        let Some(root) = root else {
            return n;
        };
        let mut links: Vec<(String, String)> = Vec::new();
        for a in root.elements().filter(|e| e.name == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut levels = vec![Level::default(); LEVELS];
            for l in a.elements().filter(|e| e.name == "lvl") {
                if let Some(i) = l.attr("ilvl").and_then(|v| v.parse::<usize>().ok())
                    && i < LEVELS
                {
                    levels[i] = level(l);
                }
            }
            if let Some(style) = a.val("numStyleLink") {
                links.push((id.to_string(), style.to_string()));
            }
            n.abstracts.insert(id.to_string(), levels);
        }
        for num in root.elements().filter(|e| e.name == "num") {
            let (Some(id), Some(abs)) = (num.attr("numId"), num.val("abstractNumId")) else {
                continue;
            };
            let mut entry = Num {
                abstract_id: abs.to_string(),
                ..Num::default()
            };
            for o in num.elements().filter(|e| e.name == "lvlOverride") {
                let Some(i) = o.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                if i >= LEVELS {
                    continue;
                }
                if let Some(start) = o.val("startOverride").and_then(|v| v.parse().ok()) {
                    entry.start_overrides.insert(i, start);
                }
                if let Some(l) = o.child("lvl") {
                    entry.levels.insert(i, level(l));
                }
            }
            n.nums.insert(id.to_string(), entry);
        }
        // A list style's abstract definition only points at a style whose numbering has the
        // levels (`w:numStyleLink`); take those levels.
        for (abs, style) in links {
            let target = styles
                .num_of(&style)
                .and_then(|num| n.nums.get(num))
                .map(|num| num.abstract_id.clone())
                .filter(|t| *t != abs)
                .and_then(|t| n.abstracts.get(&t).cloned());
            if let Some(levels) = target {
                n.abstracts.insert(abs, levels);
            }
        }
        n
    }

    /// The label of the next paragraph numbered `num_id` at `ilvl`, with Word's suffix turned
    /// into a space (a TAB would read as a table cell), or `None` when it shows no number.
    pub fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let i = usize::from(ilvl).min(LEVELS - 1);
        let lvl = |k: usize| num.levels.get(&k).unwrap_or(&levels[k]);
        let start = |k: usize| {
            num.start_overrides
                .get(&k)
                .copied()
                .unwrap_or_else(|| lvl(k).start)
        };
        // An instance that restarts a list counts on its own; others share their definition's.
        let key = if num.start_overrides.is_empty() && num.levels.is_empty() {
            format!("a{}", num.abstract_id)
        } else {
            format!("n{num_id}")
        };
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        counters[i] = Some(counters[i].map_or_else(|| start(i), |v| v.saturating_add(1)));
        for (d, counter) in counters.iter_mut().enumerate().skip(i + 1) {
            let restart_after = lvl(d).restart.map_or(d, usize::from);
            if restart_after != 0 && i < restart_after {
                *counter = None;
            }
        }
        let current = lvl(i);
        if current.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = current.text.chars().peekable();
        while let Some(c) = chars.next() {
            let level = chars.peek().and_then(|d| d.to_digit(10));
            match level {
                Some(d) if c == '%' && (1..=9).contains(&d) => {
                    chars.next();
                    let k = d as usize - 1;
                    let value = counters[k].unwrap_or_else(|| start(k));
                    let format = if current.legal && k < i {
                        "decimal"
                    } else {
                        lvl(k).format.as_str()
                    };
                    label.push_str(&format_number(value, format));
                }
                _ => label.push(c),
            }
        }
        if label.trim().is_empty() {
            return None;
        }
        let ends_in_mark = label.ends_with(['、', '.', '．', '﹒', '）', ')', '：', ':', '。']);
        match current.suffix {
            Suffix::Space => label.push(' '),
            Suffix::Tab if !ends_in_mark => label.push(' '),
            _ => {}
        }
        Some(label)
    }
}

fn level(l: &Element) -> Level {
    let mut out = Level::default();
    if let Some(v) = l.val("start").and_then(|v| v.parse().ok()) {
        out.start = v;
    }
    if let Some(v) = l.val("numFmt") {
        out.format = v.to_string();
    }
    if let Some(v) = l.val("lvlText") {
        // Word allows 255 characters; a number is a few.
        out.text = v.chars().take(MAX_LEVEL_TEXT).collect();
    }
    out.suffix = match l.val("suff") {
        Some("space") => Suffix::Space,
        Some("nothing") => Suffix::Nothing,
        _ => Suffix::Tab,
    };
    out.restart = l.val("lvlRestart").and_then(|v| v.parse().ok());
    out.legal = super::xml::on(l.child("isLgl"));
    out
}

/// A number in one of Word's `w:numFmt` formats; unknown formats fall back to decimal.
pub fn format_number(n: u32, format: &str) -> String {
    match format {
        "none" => String::new(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap_or(c))
            .collect(),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "chineseLegalSimplified" => chinese(n)
            .chars()
            .map(|c| match "〇一二三四五六七八九十百千".find(c) {
                Some(i) => "零壹贰叁肆伍陆柒捌玖拾佰仟"[i..]
                    .chars()
                    .next()
                    .unwrap_or(c),
                None => c,
            })
            .collect(),
        "ideographTraditional" => cycle(n, "甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle"
            if (1..=20).contains(&n) =>
        {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32(0x2488 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        _ => n.to_string(),
    }
}

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Chinese counting as Word writes it: 一 … 十, 十一, 二十, 一百零一, 一千二百; larger
/// numbers in digits.
fn chinese(n: u32) -> String {
    if n == 0 {
        return "〇".to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let units = ["", "十", "百", "千"];
    let digits: Vec<u32> = (0..4).map(|k| n / 10u32.pow(k) % 10).collect();
    let top = (0..4).rev().find(|&k| digits[k] != 0).unwrap_or(0);
    let mut out = String::new();
    let mut zero = false;
    for k in (0..=top).rev() {
        let d = digits[k] as usize;
        if d == 0 {
            zero = true;
            continue;
        }
        if zero && !out.is_empty() {
            out.push('〇');
        }
        zero = false;
        // 十一, not 一十一, when ten is the highest unit.
        if !(k == 1 && d == 1 && k == top) {
            out.push(DIGITS[d]);
        }
        out.push_str(units[k]);
    }
    out
}

fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return "0".to_string();
    }
    // Word repeats the letter: 27 → AA, 28 → BB.
    let letter = char::from(base + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1).min(50) as usize).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn cycle(n: u32, set: &str) -> String {
    let chars: Vec<char> = set.chars().collect();
    if n == 0 || n as usize > chars.len() {
        return n.to_string();
    }
    chars[n as usize - 1].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::docx::xml::parse;

    #[test]
    fn chinese_counting_as_word_writes_it() {
        let got: Vec<String> = [1, 10, 11, 13, 20, 21, 99, 100, 101, 110, 1200]
            .iter()
            .map(|&n| chinese(n))
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "十",
                "十一",
                "十三",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百〇一",
                "一百一十",
                "一千二百"
            ]
        );
        assert_eq!(format_number(3, "decimalFullWidth"), "３");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
    }

    #[test]
    fn levels_count_restart_and_render() {
        let root = parse(
            r#"<numbering>
              <abstractNum abstractNumId="0">
                <lvl ilvl="0"><start val="1"/><numFmt val="chineseCounting"/><lvlText val="第%1章"/><suff val="space"/></lvl>
                <lvl ilvl="1"><start val="1"/><numFmt val="chineseCounting"/><lvlText val="第%2节"/></lvl>
                <lvl ilvl="2"><start val="1"/><numFmt val="chineseCounting"/><lvlText val="（%3）"/><suff val="nothing"/></lvl>
              </abstractNum>
              <num numId="1"><abstractNumId val="0"/></num>
            </numbering>"#
                .as_bytes(),
        )
        .unwrap();
        let mut n = Numbering::parse(Some(&root), &Styles::default());
        assert_eq!(n.next("1", 0).as_deref(), Some("第一章 "));
        assert_eq!(n.next("1", 1).as_deref(), Some("第一节 "));
        assert_eq!(n.next("1", 2).as_deref(), Some("（一）"));
        assert_eq!(n.next("1", 2).as_deref(), Some("（二）"));
        assert_eq!(n.next("1", 1).as_deref(), Some("第二节 "));
        assert_eq!(n.next("1", 2).as_deref(), Some("（一）"));
        assert_eq!(n.next("1", 0).as_deref(), Some("第二章 "));
        assert_eq!(n.next("1", 1).as_deref(), Some("第一节 "));
        assert_eq!(n.next("9", 0), None);
    }
}
