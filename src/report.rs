//! The recognition report, `out/<stem>/report.json`: what plandoc made of a source, so a person
//! can check it before anything is published. How many of each kind it found, which lines it
//! left out and why, every warning with its line, and the lines that looked like headings but
//! were kept as paragraphs.

use serde::Serialize;

use crate::error::Warning;
use crate::model::{Block, Plan, SourceRef};
use crate::recognise::Outline;

/// Version of the report's layout (semver; fields are only added within a major version).
pub const REPORT_VERSION: &str = "1.0.0";

/// What was recognised in one source and what was not.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Version of this layout.
    pub report_version: String,
    /// The source file's name.
    pub source: String,
    /// The plan's id.
    pub plan: String,
    /// How many of each kind of thing the plan holds.
    pub counts: Counts,
    /// Lines left out of the plan (table of contents, title, datelines …), in order.
    pub left_out: Vec<LeftOutLine>,
    /// Every warning, in the order met.
    pub warnings: Vec<ReportWarning>,
    /// Lines that look like headings but were kept as paragraphs, and why.
    pub kept_as_paragraphs: Vec<KeptLine>,
}

/// How many of each kind of thing the plan holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Parts (第N篇).
    pub parts: usize,
    /// Chapters.
    pub chapters: usize,
    /// Sections (第N节).
    pub sections: usize,
    /// Numbered headings inside chapters.
    pub headings: usize,
    /// Paragraphs (preface, chapters, sections and prose boxes).
    pub paragraphs: usize,
    /// Tables of every kind.
    pub tables: usize,
    /// Indicator rows.
    pub indicators: usize,
    /// Standard rows.
    pub standards: usize,
    /// Boxes (专栏).
    pub boxes: usize,
    /// Projects listed in boxes.
    pub projects: usize,
    /// Glossary entries.
    pub glossary: usize,
    /// Lines left out.
    pub left_out: usize,
    /// Warnings.
    pub warnings: usize,
    /// Pictures in the source (a docx's images: a table published as a picture is lost).
    pub pictures: usize,
}

/// A line left out of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeftOutLine {
    /// Why: `toc`, `title`, `dateline`, `citation` or `pageNumber`.
    pub reason: String,
    /// The line's text, cleaned.
    pub text: String,
    /// Where it stands.
    pub source: SourceRef,
}

/// A warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportWarning {
    /// What was noticed and what plandoc did about it.
    pub message: String,
    /// Where, when it is about a place in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
}

/// A heading-like line kept as a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptLine {
    /// The line's text, cleaned.
    pub text: String,
    /// Why it was not read as a heading.
    pub reason: String,
    /// Where it stands.
    pub source: SourceRef,
}

/// Makes the report of a plan from its outline and the warnings met.
pub fn make(
    outline: &Outline,
    plan: &Plan,
    warnings: &[Warning],
    lines: &[&str],
    pictures: usize,
) -> Report {
    let text_of = |line: usize| {
        lines
            .get(line.wrapping_sub(1))
            .map(|l| crate::normalise::text::clean(l))
            .unwrap_or_default()
    };
    let left_out: Vec<LeftOutLine> = outline
        .left_out
        .iter()
        .map(|l| LeftOutLine {
            reason: l.reason.as_str().to_string(),
            text: crate::normalise::text::clean(&l.line.text),
            source: SourceRef::line(l.line.line as u32),
        })
        .collect();
    let warnings: Vec<ReportWarning> = warnings
        .iter()
        .map(|w| ReportWarning {
            message: w.message.clone(),
            source: w.line.map(|l| SourceRef::line(l as u32)),
        })
        .collect();
    let kept_as_paragraphs = outline
        .kept_as_paragraphs
        .iter()
        .map(|k| KeptLine {
            text: text_of(k.line),
            reason: k.message.clone(),
            source: SourceRef::line(k.line as u32),
        })
        .collect();
    let mut counts = count(plan);
    counts.left_out = left_out.len();
    counts.warnings = warnings.len();
    counts.pictures = pictures;
    Report {
        report_version: REPORT_VERSION.to_string(),
        source: plan.plan.source.file.clone(),
        plan: plan.plan.id.clone(),
        counts,
        left_out,
        warnings,
        kept_as_paragraphs,
    }
}

/// Counts the records of a plan.
pub fn count(plan: &Plan) -> Counts {
    let mut c = Counts {
        parts: plan.parts.len(),
        chapters: plan.chapters.len(),
        sections: plan.chapters.iter().map(|ch| ch.sections.len()).sum(),
        paragraphs: plan.preface.len(),
        tables: plan.tables.len(),
        indicators: plan.indicators.len(),
        standards: plan.standards.len(),
        boxes: plan.boxes.len(),
        projects: plan.projects.len(),
        glossary: plan.glossary.len(),
        ..Counts::default()
    };
    let mut blocks = |list: &[Block]| {
        for b in list {
            match b {
                Block::Paragraph(_) => c.paragraphs += 1,
                Block::Heading(_) => c.headings += 1,
                _ => {}
            }
        }
    };
    for p in &plan.parts {
        blocks(&p.intro);
    }
    for ch in &plan.chapters {
        blocks(&ch.intro);
        for s in &ch.sections {
            blocks(&s.blocks);
        }
    }
    for b in &plan.boxes {
        blocks(&b.blocks);
    }
    c
}

/// The report as pretty JSON with a trailing newline, like plan.json.
pub fn to_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// The one summary line `plandoc build` prints for a plan.
pub fn summary(report: &Report) -> String {
    let c = &report.counts;
    let mut parts = vec![
        format!("{} chapters", c.chapters),
        format!("{} sections", c.sections),
        format!("{} paragraphs", c.paragraphs),
        format!("{} tables", c.tables),
        format!("{} indicators", c.indicators),
        format!("{} standards", c.standards),
        format!("{} boxes", c.boxes),
        format!("{} projects", c.projects),
    ];
    if c.parts > 0 {
        parts.insert(0, format!("{} parts", c.parts));
    }
    if c.headings > 0 {
        parts.push(format!("{} headings", c.headings));
    }
    parts.push(format!("{} lines left out", c.left_out));
    parts.push(format!("{} warning(s)", c.warnings));
    if c.pictures > 0 {
        parts.push(format!("{} picture(s) not read", c.pictures));
    }
    format!("{}: {}", report.source, parts.join(", "))
}
