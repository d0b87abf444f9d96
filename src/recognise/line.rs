//! What one line is, by its layout: blank, a heading, a table cell (TAB-led) or text.

use crate::normalise::text::{clean, compact, numeral};

/// The kind of a heading line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingKind {
    /// `前言`.
    Preface,
    /// `第N章 title`.
    Chapter,
    /// `第N节 title`.
    Section,
    /// `专栏N title`.
    Box,
    /// `名词解释`.
    Glossary,
}

/// A heading line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// What kind of heading.
    pub kind: HeadingKind,
    /// 1-based line (set by the reader).
    pub line: usize,
    /// The number written in it (0 for preface and glossary).
    pub number: u32,
    /// The title after the number, cleaned.
    pub title: String,
    /// The whole heading, cleaned.
    pub text: String,
}

/// What a line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Nothing but spaces.
    Blank,
    /// A heading (its `line` is 0 until the reader sets it).
    Heading(Heading),
    /// A line starting with TAB: a new table cell (text after the TAB, uncleaned).
    Cell(String),
    /// Any other line (uncleaned, indents kept for the cleaner to drop).
    Text(String),
}

/// Longest heading title; a longer line is a paragraph that happens to start like one.
const MAX_TITLE_CHARS: usize = 40;

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

fn heading(cleaned: &str) -> Option<Heading> {
    let squeezed = compact(cleaned);
    let make = |kind, number, title: &str| Heading {
        kind,
        line: 0,
        number,
        title: title.trim().to_string(),
        text: cleaned.to_string(),
    };
    match squeezed.as_str() {
        "前言" => return Some(make(HeadingKind::Preface, 0, "前言")),
        "名词解释" => return Some(make(HeadingKind::Glossary, 0, "名词解释")),
        _ => {}
    }
    if cleaned.chars().count() > MAX_TITLE_CHARS + 8 || cleaned.ends_with(['。', '；']) {
        return None;
    }
    if let Some(rest) = cleaned.strip_prefix("专栏") {
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
            .collect();
        let number = numeral(&digits)?;
        return Some(make(HeadingKind::Box, number, &rest[digits.len()..]));
    }
    let rest = cleaned.strip_prefix('第')?;
    let (num, after) = rest.split_at(rest.find(['章', '节'])?);
    let number = numeral(num.trim())?;
    let kind = if after.starts_with('章') {
        HeadingKind::Chapter
    } else {
        HeadingKind::Section
    };
    let title = &after['章'.len_utf8()..];
    if title.trim().is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return None;
    }
    Some(make(kind, number, title))
}
