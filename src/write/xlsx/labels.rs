//! How chapters, sections, domains and boxes are named in cells: as a reader of the plan knows
//! them (`第四章 教育服务`, `教育服务`), not by machine code.

use crate::model::{Chapter, ChapterStyle, Part, Plan, ProjectBox, Section};

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A number written in Chinese numerals as in headings: 4 → 四, 10 → 十, 13 → 十三, 20 → 二十.
/// Numbers from 100 up are written in Arabic digits.
pub(crate) fn chinese_number(n: u32) -> String {
    let (tens, ones) = (n / 10, n % 10);
    match (tens, ones) {
        _ if n >= 100 => n.to_string(),
        (0, o) => DIGITS[o as usize].to_string(),
        (t, o) => {
            let mut s = String::new();
            if t > 1 {
                s.push_str(DIGITS[t as usize]);
            }
            s.push('十');
            if o > 0 {
                s.push_str(DIGITS[o as usize]);
            }
            s
        }
    }
}

/// `第四章 教育服务`, or `四、教育服务` for a plan whose top divisions are `一、`.
pub(crate) fn chapter(c: &Chapter) -> String {
    match c.style {
        ChapterStyle::Chapter => format!("第{}章 {}", chinese_number(c.number), c.title),
        ChapterStyle::Item => format!("{}、{}", chinese_number(c.number), c.title),
    }
}

/// `第三篇 推进改革开放`.
pub(crate) fn part(p: &Part) -> String {
    format!("第{}篇 {}", chinese_number(p.number), p.title)
}

/// `第一节 重点任务`.
pub(crate) fn section(s: &Section) -> String {
    format!("第{}节 {}", chinese_number(s.number), s.title)
}

/// `专栏3 “十四五”教育服务重点项目`.
pub(crate) fn project_box(b: &ProjectBox) -> String {
    format!("专栏{} {}", b.number, b.title)
}

/// The domain's Chinese name, or its code when the plan does not list it.
pub(crate) fn domain(plan: &Plan, code: &str) -> String {
    plan.domain(code)
        .map_or_else(|| code.to_string(), |d| d.name.clone())
}

/// The domain's name for an optional code (empty for none).
pub(crate) fn opt_domain(plan: &Plan, code: Option<&str>) -> String {
    code.map(|c| domain(plan, c)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::chinese_number;

    #[test]
    fn numerals_as_in_headings() {
        let got: Vec<String> = [1, 4, 10, 13, 20, 99, 100].map(chinese_number).into();
        assert_eq!(got, ["一", "四", "十", "十三", "二十", "九十九", "100"]);
    }
}
