//! What the text itself says about the plan when no sidecar does: its period and its region,
//! read from the title line. What cannot be found is `None`, never a made-up value.

use super::text::{compact, numeral};

/// The plan's period from its title: an explicit range (`（2021-2023年）`, `2021—2025年`,
/// `2021至2025年`) or a five-year plan's number (`“十四五”`, `第十四个五年`) → (start, end).
pub fn period_from_title(title: &str) -> Option<(i32, i32)> {
    year_range(title).or_else(|| five_year_plan(title))
}

/// The first `YYYY<dash>YYYY` range in the text, with sensible years.
fn year_range(text: &str) -> Option<(i32, i32)> {
    let chars: Vec<char> = compact(text).chars().map(ascii_digit).collect();
    let year_at = |i: usize| -> Option<i32> {
        let s: String = chars.get(i..i + 4)?.iter().collect();
        let ok = s.bytes().all(|b| b.is_ascii_digit())
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
            && (i == 0 || !chars[i - 1].is_ascii_digit());
        ok.then(|| s.parse().ok()).flatten()
    };
    for i in 0..chars.len() {
        let Some(start) = year_at(i) else { continue };
        let mut j = i + 4;
        if chars.get(j) == Some(&'年') {
            j += 1;
        }
        let dash = chars.get(j).copied();
        if !matches!(
            dash,
            Some('-' | '－' | '—' | '–' | '~' | '～' | '至' | '到')
        ) {
            continue;
        }
        j += 1;
        while chars.get(j) == Some(&'—') {
            j += 1; // `——` written as a double dash
        }
        if let Some(end) = year_at(j) {
            if (1949..=2100).contains(&start) && start <= end && end - start <= 50 {
                return Some((start, end));
            }
        }
    }
    None
}

fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// A national five-year plan's period from its number: the 1st ran 1953–1957, the 2nd 1958–1962,
/// and from the 3rd (1966–1970) they follow one another (the 14th: 2021–2025).
pub fn five_year_plan_period(n: u32) -> Option<(i32, i32)> {
    let start = match n {
        1 => 1953,
        2 => 1958,
        3..=30 => 1966 + 5 * (n as i32 - 3),
        _ => return None,
    };
    Some((start, start + 4))
}

/// `十四五` or `第十四个五年` in the text → the plan's period.
fn five_year_plan(text: &str) -> Option<(i32, i32)> {
    let s = compact(text);
    for marker in ["个五年", "五"] {
        for (at, _) in s.match_indices(marker) {
            let before: String = s[..at]
                .chars()
                .rev()
                .take_while(|c| "一二三四五六七八九十".contains(*c))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            // `十四五` needs the number right before `五`; `个五年` takes `第…个五年`.
            if before.is_empty() || (marker == "五" && !before.starts_with('十')) {
                continue;
            }
            if let Some(p) = numeral(&before).and_then(five_year_plan_period) {
                return Some(p);
            }
        }
    }
    None
}

/// Endings of administrative names (省, 市, 县 …), longest first.
const REGION_ENDINGS: [&str; 10] = [
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "省",
    "市",
    "县",
    "区",
    "州",
    "旗",
];

/// The region the title names first: the run of administrative names it opens with, the most
/// specific last (`四川省广元市旺苍县“十四五”…` → `旺苍县`; `安徽省人民政府…` → `安徽省`). A
/// title that opens with no such name (a national plan) gives none.
pub fn region_from_title(title: &str) -> Option<String> {
    let s = compact(title);
    let s = s.trim_start_matches(['“', '"', '《']);
    let mut rest = s;
    let mut last = None;
    while let Some(name) = admin_name(rest) {
        rest = &rest[name.len()..];
        last = Some(name);
    }
    last.map(str::to_string)
}

/// An administrative name at the start of `s`: 2 to 9 characters before an ending in
/// [`REGION_ENDINGS`], with no punctuation.
fn admin_name(s: &str) -> Option<&str> {
    let mut end = None;
    for (i, (at, c)) in s.char_indices().enumerate() {
        if i >= 10 || !is_han(c) {
            break;
        }
        let Some(ending) = REGION_ENDINGS.iter().find(|e| s[at..].starts_with(*e)) else {
            continue;
        };
        if i >= 2 {
            end = Some(at + ending.len());
            break;
        }
    }
    end.map(|e| &s[..e])
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_from_titles() {
        assert_eq!(
            period_from_title("安徽省工业互联网创新发展行动计划（2021-2023年）"),
            Some((2021, 2023))
        );
        assert_eq!(
            period_from_title("某计划(2021—2023年)的通知"),
            Some((2021, 2023))
        );
        assert_eq!(
            period_from_title("某规划（２０２１－２０２５年）"),
            Some((2021, 2025))
        );
        assert_eq!(
            period_from_title("2021年至2025年某规划"),
            Some((2021, 2025))
        );
        assert_eq!(
            period_from_title("旺苍县“十四五”公共服务规划"),
            Some((2021, 2025))
        );
        assert_eq!(
            period_from_title(
                "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要"
            ),
            Some((2021, 2025))
        );
        assert_eq!(
            period_from_title("国民经济和社会发展第十一个五年规划纲要"),
            Some((2006, 2010))
        );
        assert_eq!(period_from_title("某县十三五规划"), Some((2016, 2020)));
        assert_eq!(period_from_title("2035年远景目标"), None);
        assert_eq!(period_from_title("某某规划"), None);
        assert_eq!(period_from_title("五年行动"), None);
    }

    #[test]
    fn regions_from_titles() {
        assert_eq!(
            region_from_title("旺苍县“十四五”公共服务规划").as_deref(),
            Some("旺苍县")
        );
        assert_eq!(
            region_from_title("安徽省人民政府办公厅关于印发若干政策的通知").as_deref(),
            Some("安徽省")
        );
        assert_eq!(
            region_from_title("四川省广元市旺苍县“十四五”规划").as_deref(),
            Some("旺苍县")
        );
        assert_eq!(
            region_from_title("中华人民共和国国民经济和社会发展第十四个五年规划"),
            None
        );
        assert_eq!(region_from_title("城市更新行动方案"), None);
        assert_eq!(
            region_from_title("关于加快推进粤港澳大湾区建设的意见"),
            None
        );
        assert_eq!(region_from_title("“十四五”规划"), None);
    }
}
