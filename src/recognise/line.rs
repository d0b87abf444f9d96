//! What one line is, by its layout: blank, a heading (with its kind, number and title), a table
//! cell (TAB-led) or text. Cue words are the generic ones plans use for their divisions
//! (`第N篇`, `第N章`, `第N节`, `一、`, `（一）`, `1.`, `（1）`, `前言`, `专栏N`, `名词解释`, `目录`),
//! never one plan's own words.

use crate::normalise::text::{clean, compact, numeral};

/// The kind of a heading line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HeadingKind {
    /// `前言`.
    Preface,
    /// `第N篇`, `第N编` or `第N部分`: a part above chapters.
    Part,
    /// `第N章 title`.
    Chapter,
    /// `第N节 title`.
    Section,
    /// `专栏N title`.
    Box,
    /// `名词解释`.
    Glossary,
    /// `目录`: a table of contents follows.
    Contents,
    /// `一、title`.
    Item,
    /// `（一）title`.
    ParenItem,
    /// `1.title`, `1．`, `1﹒`, `1、`.
    Numbered,
    /// `（1）title`.
    ParenNumbered,
}

impl HeadingKind {
    /// Headings that number a plan's paragraphs-level divisions (`一、`, `（一）`, `1.`, `（1）`),
    /// in their usual order from outer to inner.
    pub const MINOR: [HeadingKind; 4] = [
        HeadingKind::Item,
        HeadingKind::ParenItem,
        HeadingKind::Numbered,
        HeadingKind::ParenNumbered,
    ];

    /// Whether this is one of [`HeadingKind::MINOR`].
    pub fn is_minor(self) -> bool {
        Self::MINOR.contains(&self)
    }
}

/// A heading line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// What kind of heading.
    pub kind: HeadingKind,
    /// 1-based line (set by the reader).
    pub line: usize,
    /// The number written in it (0 for preface, glossary and contents).
    pub number: u32,
    /// The numbering as written, e.g. `第三章`, `（一）`, `1﹒` (empty for unnumbered headings).
    pub marker: String,
    /// The title after the number, cleaned.
    pub title: String,
    /// The whole heading, cleaned (without any run-in text).
    pub text: String,
    /// Text that ran on after the heading on the same line (`（一）总体要求。以……为指导`, or
    /// `第三篇推进改革开放第十三章深化各项改革`): read as a line of its own.
    pub rest: Option<String>,
}

/// What a line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Nothing but spaces.
    Blank,
    /// A heading (its `line` is 0 until the reader sets it).
    Heading(Heading),
    /// A line starting with TAB: a table cell if it stands in a table's shape (text after the
    /// TAB, uncleaned).
    Cell(String),
    /// Any other line (uncleaned, indents kept for the cleaner to drop).
    Text(String),
}

/// Longest heading title; a longer line is a paragraph that happens to start like one.
pub const MAX_TITLE_CHARS: usize = 40;

/// Classifies one line of the source text.
pub fn classify(raw: &str) -> LineKind {
    if let Some(rest) = raw.strip_prefix('\t') {
        return LineKind::Cell(rest.to_string());
    }
    let cleaned = clean(raw);
    if cleaned.is_empty() {
        return LineKind::Blank;
    }
    match heading(&cleaned) {
        Some(h) => LineKind::Heading(h),
        None => LineKind::Text(raw.to_string()),
    }
}

/// The heading a cleaned line is, if any.
pub fn heading(cleaned: &str) -> Option<Heading> {
    let squeezed = compact(cleaned);
    let unnumbered = |kind, title: &str| Heading {
        kind,
        line: 0,
        number: 0,
        marker: String::new(),
        title: title.to_string(),
        text: title.to_string(),
        rest: None,
    };
    match squeezed.as_str() {
        "前言" | "序言" => return Some(unnumbered(HeadingKind::Preface, &squeezed)),
        "名词解释" => return Some(unnumbered(HeadingKind::Glossary, &squeezed)),
        "目录" => return Some(unnumbered(HeadingKind::Contents, &squeezed)),
        _ => {}
    }
    if let Some(h) = box_heading(cleaned) {
        return Some(h);
    }
    if let Some(h) = division(cleaned) {
        return Some(h);
    }
    minor(cleaned)
}

/// `专栏N title`.
fn box_heading(cleaned: &str) -> Option<Heading> {
    let rest = cleaned.strip_prefix("专栏")?;
    if cleaned.chars().count() > MAX_TITLE_CHARS + 8 || cleaned.ends_with(['。', '；']) {
        return None;
    }
    let digits: String = rest.chars().take_while(|c| is_numeral_char(*c)).collect();
    let number = numeral(&digits)?;
    let title = rest[digits.len()..].trim();
    Some(Heading {
        kind: HeadingKind::Box,
        line: 0,
        number,
        marker: format!("专栏{digits}"),
        title: title.to_string(),
        text: cleaned.to_string(),
        rest: None,
    })
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二两三四五六七八九十百千".contains(c)
}

/// `第N篇` / `第N编` / `第N部分` / `第N章` / `第N节` and the title after it.
fn division(cleaned: &str) -> Option<Heading> {
    let rest = cleaned.strip_prefix('第')?;
    let num: String = rest
        .chars()
        .take_while(|c| is_numeral_char(*c) || *c == ' ')
        .collect();
    let number = numeral(num.trim())?;
    let after = &rest[num.len()..];
    let (kind, word) = [
        (HeadingKind::Part, "篇"),
        (HeadingKind::Part, "编"),
        (HeadingKind::Part, "部分"),
        (HeadingKind::Chapter, "章"),
        (HeadingKind::Section, "节"),
    ]
    .into_iter()
    .find(|(_, w)| after.starts_with(w))?;
    let marker = format!("第{}{word}", num.trim());
    let mut title = after[word.len()..].trim().to_string();
    let mut rest = None;
    // A part or chapter heading with the next division run into it on the same line.
    if let Some(at) = run_in_division(&title, kind) {
        rest = Some(title[at..].to_string());
        title = title[..at].trim().to_string();
    }
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS || ends_sentence(&title) {
        return None;
    }
    let text = format!("{marker} {title}");
    Some(Heading {
        kind,
        line: 0,
        number,
        marker,
        title,
        text,
        rest,
    })
}

/// Where, in a part's or chapter's title, a lower division's heading starts, if one ran in.
fn run_in_division(title: &str, kind: HeadingKind) -> Option<usize> {
    let lower: &[&str] = match kind {
        HeadingKind::Part => &["章", "节"],
        HeadingKind::Chapter => &["节"],
        _ => return None,
    };
    title.match_indices('第').find_map(|(at, _)| {
        let h = division(&title[at..])?;
        let word = h.marker.chars().last()?.to_string();
        (at > 0 && lower.contains(&word.as_str())).then_some(at)
    })
}

/// `一、` `（一）` `1.` `（1）` headings, with run-in text split off.
fn minor(cleaned: &str) -> Option<Heading> {
    let (kind, number, marker, after) = minor_marker(cleaned)?;
    let after = after.trim_start();
    if after.is_empty() {
        return None;
    }
    // The title runs to the first `。` (a run-in heading) or to the end of the line.
    let (title, rest) = match after.find('。') {
        Some(at) => (&after[..at], after[at + '。'.len_utf8()..].trim()),
        None => (after, ""),
    };
    let title = title.trim().trim_end_matches(['：', ':']);
    if title.is_empty()
        || title.chars().count() > MAX_TITLE_CHARS
        || title.contains(['，', ',', '；', ';', '：', ':', '？', '！'])
    {
        return None;
    }
    Some(Heading {
        kind,
        line: 0,
        number,
        text: format!("{marker}{title}"),
        marker,
        title: title.to_string(),
        rest: (!rest.is_empty()).then(|| rest.to_string()),
    })
}

/// The numbering at the start of a line: kind, value, marker as written, text after it.
fn minor_marker(cleaned: &str) -> Option<(HeadingKind, u32, String, &str)> {
    let open = cleaned.starts_with(['（', '(']);
    if open {
        let inner_start = cleaned.chars().next()?.len_utf8();
        let close = cleaned.find(['）', ')'])?;
        let inner = &cleaned[inner_start..close];
        let number = numeral(inner.trim())?;
        let digits = inner
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        let kind = if digits {
            HeadingKind::ParenNumbered
        } else {
            HeadingKind::ParenItem
        };
        let close_len = cleaned[close..].chars().next()?.len_utf8();
        let marker = cleaned[..close + close_len].to_string();
        return Some((kind, number, marker, &cleaned[close + close_len..]));
    }
    let num: String = cleaned
        .chars()
        .take_while(|c| is_numeral_char(*c))
        .collect();
    if num.is_empty() {
        return None;
    }
    let after = &cleaned[num.len()..];
    let sep = after.chars().next()?;
    let digits = num
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let kind = match sep {
        '、' if !digits => HeadingKind::Item,
        '、' | '.' | '．' | '﹒' if digits => HeadingKind::Numbered,
        _ => return None,
    };
    let rest = &after[sep.len_utf8()..];
    // `1.5%` is a number, not a heading.
    if rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return None;
    }
    let number = numeral(&num)?;
    Some((kind, number, format!("{num}{sep}"), rest))
}

/// Whether a title ends like a sentence (so the line is a paragraph).
fn ends_sentence(title: &str) -> bool {
    title.ends_with(['。', '；', '，', ';', ','])
}

/// Why a cleaned line that is not a heading looks like one, if it does (for the report).
pub fn heading_like(cleaned: &str) -> Option<&'static str> {
    if heading(cleaned).is_some() {
        return None;
    }
    if minor_marker(cleaned).is_some_and(|(_, _, _, after)| !after.trim().is_empty()) {
        return Some("numbered like a heading (一、 （一） 1. （1）) but reads as a sentence");
    }
    let rest = cleaned.strip_prefix('第')?;
    let num: String = rest.chars().take_while(|c| is_numeral_char(*c)).collect();
    let after = &rest[num.len()..];
    (numeral(&num).is_some()
        && ["篇", "编", "部分", "章", "节"]
            .iter()
            .any(|w| after.starts_with(w)))
    .then_some("starts like a 第N章 heading but is too long or ends like a sentence")
}

/// A table-of-contents entry without its page reference (`第一章 发展环境……3` → `第一章 发展环境`).
pub fn strip_page_reference(cleaned: &str) -> &str {
    let trimmed = cleaned.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let stripped = trimmed.trim_end_matches(['…', '.', '·', '．', '-', '—', ' ', '\u{3000}']);
    if stripped.len() < cleaned.len() && !stripped.is_empty() && trimmed.len() < cleaned.len() {
        stripped
    } else {
        cleaned
    }
}

/// Whether a cleaned line in a box reads as a list line (`类别：A、B`, `名称→内容`, or a short
/// item), not as prose.
pub fn is_list_line(cleaned: &str) -> bool {
    if cleaned.contains('→') {
        return true;
    }
    if let Some(colon) = cleaned.find(['：', ':']) {
        let label = &cleaned[..colon];
        if label.chars().count() <= 16 && !label.contains(['，', '。', '；']) {
            return true;
        }
    }
    // A list with no category: items joined by `、`, or one short item; no sentence in it.
    let body = cleaned.trim_end_matches(['。', '；', '、']);
    !body.contains(['。', '，', '；']) && (body.contains('、') || body.chars().count() <= 50)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(line: &str) -> Option<(HeadingKind, u32, String, Option<String>)> {
        heading(&clean(line)).map(|h| (h.kind, h.number, h.title, h.rest))
    }

    #[test]
    fn divisions_in_every_numeral_form() {
        use HeadingKind::*;
        assert_eq!(h("第一百章 甲").map(|x| (x.0, x.1)), Some((Chapter, 100)));
        assert_eq!(h("第二〇章 甲").map(|x| (x.0, x.1)), Some((Chapter, 20)));
        assert_eq!(h("第１３章　甲").map(|x| (x.0, x.1)), Some((Chapter, 13)));
        assert_eq!(h("第三篇 甲").map(|x| (x.0, x.1)), Some((Part, 3)));
        assert_eq!(h("第二编 甲").map(|x| (x.0, x.1)), Some((Part, 2)));
        assert_eq!(h("第四部分 甲").map(|x| (x.0, x.1)), Some((Part, 4)));
        assert_eq!(h("第五节 乙").map(|x| (x.0, x.1)), Some((Section, 5)));
        assert_eq!(h("第三章"), None, "a chapter needs a title");
        assert_eq!(h("第三章说的是，这样。"), None);
    }

    #[test]
    fn run_in_divisions_are_split() {
        let (kind, n, title, rest) = h("第三篇推进改革开放第十三章深化各项改革").unwrap();
        assert_eq!(
            (kind, n, title.as_str()),
            (HeadingKind::Part, 3, "推进改革开放")
        );
        assert_eq!(rest.as_deref(), Some("第十三章深化各项改革"));
        let (kind, n, title, rest) = h(rest.as_deref().unwrap()).unwrap();
        assert_eq!(
            (kind, n, title.as_str(), rest),
            (HeadingKind::Chapter, 13, "深化各项改革", None)
        );
    }

    #[test]
    fn minor_headings_and_run_in_text() {
        use HeadingKind::*;
        assert_eq!(
            h("　　一、总体要求"),
            Some((Item, 1, "总体要求".into(), None))
        );
        assert_eq!(
            h("（二）发展目标"),
            Some((ParenItem, 2, "发展目标".into(), None))
        );
        assert_eq!(h("(3)甲乙"), Some((ParenNumbered, 3, "甲乙".into(), None)));
        assert_eq!(
            h("1﹒推进外网建设。支持企业加强网络。"),
            Some((
                Numbered,
                1,
                "推进外网建设".into(),
                Some("支持企业加强网络。".into())
            ))
        );
        assert_eq!(
            h("（一）网络体系强基行动。"),
            Some((ParenItem, 1, "网络体系强基行动".into(), None))
        );
        assert_eq!(h("12．甲"), Some((Numbered, 12, "甲".into(), None)));
        assert_eq!(
            h("3、继续推进居家养老服务。"),
            Some((Numbered, 3, "继续推进居家养老服务".into(), None))
        );
        assert_eq!(h("1.5%的增长"), None);
        assert_eq!(h("6.6万人。"), None);
        assert_eq!(
            h("（1）学前教育：到2025年，毛入园率90%。"),
            None,
            "a sentence, not a title"
        );
        assert_eq!(h("一、"), None);
    }

    #[test]
    fn cue_words() {
        assert_eq!(h(" 前\u{f020}言").map(|x| x.0), Some(HeadingKind::Preface));
        assert_eq!(h("目　录").map(|x| x.0), Some(HeadingKind::Contents));
        assert_eq!(
            h("专栏１２ 项目").map(|x| (x.0, x.1)),
            Some((HeadingKind::Box, 12))
        );
    }
}
