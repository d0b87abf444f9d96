//! Lines that are not the plan's content: datelines, database citation lines, page numbers and
//! footers, and the title line. They are left out of the plan and listed in the report.

use crate::normalise::text::compact;

/// Why a line was left out of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeftOutReason {
    /// A line of the table of contents (目录), or its heading.
    Contents,
    /// The plan's title line, or a repeat of it.
    Title,
    /// A dateline: a news agency's `新华社北京3月12日电` or a date alone on its line.
    Dateline,
    /// A database's citation line (`【法宝引证码】…`, `原文链接：https://…`).
    Citation,
    /// A page number or footer (`307 ·`, `- 12 -`, `第 3 页`).
    PageNumber,
    /// A heading whose meaning the plan's structure carries (`前言` → `preface`, `名词解释` →
    /// `glossary`), so no record holds its line.
    Heading,
}

impl LeftOutReason {
    /// The reason as written in the report (`toc`, `title`, `dateline`, `citation`,
    /// `pageNumber`, `heading`).
    pub fn as_str(self) -> &'static str {
        match self {
            LeftOutReason::Contents => "toc",
            LeftOutReason::Title => "title",
            LeftOutReason::Dateline => "dateline",
            LeftOutReason::Citation => "citation",
            LeftOutReason::PageNumber => "pageNumber",
            LeftOutReason::Heading => "heading",
        }
    }
}

/// Whether a cleaned line is a page number or footer: digits with only decoration around them
/// (`12`, `- 12 -`, `— 12 —`, `307 ·`, `· 307 ·`, `第 3 页`, `第3页 共20页`, `3/20`).
pub fn is_page_number(cleaned: &str) -> bool {
    let s = compact(cleaned);
    if s.is_empty() || s.chars().count() > 16 {
        return false;
    }
    let decoration = |c: char| "-—–－·•．.|/第页共".contains(c);
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    digits > 0 && digits <= 8 && s.chars().all(|c| c.is_ascii_digit() || decoration(c)) && {
        // `2021.` or `3.5` are values, not pages: a page line is digits and decoration only
        // in the forms above, with no decimal point between digits.
        !has_decimal_point(&s)
    }
}

fn has_decimal_point(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], '.' | '．') && w[2].is_ascii_digit())
}

/// Whether a cleaned line is a dateline: a date alone (`2021年9月2日`, `二〇二一年九月二日`), or a
/// news agency's dateline ending in `电` (`新华社北京3月12日电`).
pub fn is_dateline(cleaned: &str) -> bool {
    let s = compact(cleaned);
    let s = s.trim_matches(['（', '）', '(', ')']);
    if s.chars().count() > 24 {
        return false;
    }
    if let Some(body) = s.strip_suffix('电') {
        return body.contains('月') && body.ends_with('日');
    }
    is_date(s)
}

/// `YYYY年M月D日` in ASCII, full-width or Chinese digits, and nothing else.
fn is_date(s: &str) -> bool {
    let digit = |c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二三四五六七八九十".contains(c)
    };
    let mut parts = s.split(['年', '月']);
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Some(d) = d.strip_suffix('日') else {
        return false;
    };
    let count = |p: &str, lo, hi| {
        let n = p.chars().count();
        n >= lo && n <= hi && p.chars().all(digit)
    };
    count(y, 4, 4) && count(m, 1, 3) && count(d, 1, 3)
}

/// Whether a cleaned line is a database citation line: a web address, or a `【label】 code` line
/// (`【法宝引证码】 CLI.12.4638041`).
pub fn is_citation(cleaned: &str) -> bool {
    if cleaned.contains("http://") || cleaned.contains("https://") {
        return true;
    }
    let Some(rest) = cleaned.strip_prefix('【') else {
        return false;
    };
    let Some((label, code)) = rest.split_once('】') else {
        return false;
    };
    let code = code.trim();
    label.chars().count() <= 10
        && !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_/:".contains(c))
}

/// Whether a cleaned line could be a plan's title: a name, not a sentence.
pub fn is_title_like(cleaned: &str) -> bool {
    let n = cleaned.chars().count();
    (4..=120).contains(&n)
        && !cleaned.contains('。')
        && !cleaned.ends_with(['；', '，', '：', ':', ';', ',', '、'])
}

/// Whether a cleaned line could be a table's title line: a short name, not a sentence.
pub fn is_caption_like(cleaned: &str) -> bool {
    let n = cleaned.chars().count();
    (1..=60).contains(&n)
        && !cleaned.contains('。')
        && !cleaned.ends_with(['；', '，', '：', ':', ';', ',', '、'])
}

/// Whether `line` repeats the title (the same name, perhaps with other brackets or a period
/// added): the two share a long common start.
pub fn repeats_title(title: &str, line: &str) -> bool {
    let a: Vec<char> = compact(title).chars().collect();
    let b: Vec<char> = compact(line).chars().collect();
    let (short, long) = (a.len().min(b.len()), a.len().max(b.len()));
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    short >= 4 && short * 10 >= long * 4 && common >= 8.min(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for yes in [
            "12",
            "- 12 -",
            "— 12 —",
            "307 ·",
            "· 307 ·",
            "第 3 页",
            "第3页共20页",
            "3/20",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["2021年", "3.5", "12个", "甲", "", "12345678901234567"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn datelines() {
        for yes in [
            "新华社北京3月12日电",
            "2021年9月2日",
            "二〇二一年九月二日",
            "（2021年9月2日）",
        ] {
            assert!(is_dateline(yes), "{yes}");
        }
        for no in [
            "2021年9月2日召开会议",
            "到2025年",
            "3月12日电视台报道了很多很多的事情和新闻",
        ] {
            assert!(!is_dateline(no), "{no}");
        }
    }

    #[test]
    fn citations() {
        assert!(is_citation("【法宝引证码】 CLI.12.4638041"));
        assert!(is_citation("原文链接：https://www.pkulaw.com/lar/x.html"));
        assert!(!is_citation("【重点】加快发展"));
    }

    #[test]
    fn titles() {
        assert!(is_title_like(
            "中华人民共和国国民经济和社会发展第十四个五年规划"
        ));
        assert!(!is_title_like("各市人民政府，省政府各部门，各直属机构："));
        assert!(repeats_title(
            "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
            "中华人民共和国国民经济和社会发展第十四个五年（2021－2025年）规划和2035年远景目标纲要"
        ));
        assert!(!repeats_title(
            "安徽省人民政府办公厅关于印发",
            "（皖政办秘〔2021〕82号）"
        ));
        assert!(!repeats_title(
            "安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划（2021-2023年）的通知",
            "安徽省人民政府办公厅"
        ));
    }
}
