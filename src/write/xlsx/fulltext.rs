//! 全文: every paragraph in document order with its chapter and section, so a reader can check
//! any value in its context.

use super::grid::{Cell, Column, Grid};
use super::labels;
use crate::model::{Block, Chapter, Paragraph, Plan, Section};

/// The sheet's name.
pub(crate) const NAME: &str = "全文";

/// What the sheet holds, for 说明.
pub(crate) const ABOUT: &str =
    "规划正文的全部段落，按原文顺序，注明所在章节（表格和专栏见其他工作表）。";

/// Label of the preface in the 章 column.
const PREFACE: &str = "前言";

/// A paragraph with the chapter and section it stands in.
pub(crate) struct Placed<'a> {
    /// The chapter, `None` in the preface.
    pub chapter: Option<&'a Chapter>,
    /// The section, `None` in the preface and in chapter intros.
    pub section: Option<&'a Section>,
    /// The paragraph.
    pub paragraph: &'a Paragraph,
}

/// Every paragraph of the plan in document order: preface, then each chapter's intro and
/// sections.
pub(crate) fn paragraphs(plan: &Plan) -> Vec<Placed<'_>> {
    let mut out: Vec<Placed> = plan
        .preface
        .iter()
        .map(|paragraph| Placed {
            chapter: None,
            section: None,
            paragraph,
        })
        .collect();
    for chapter in &plan.chapters {
        out.extend(in_blocks(&chapter.intro).map(|paragraph| Placed {
            chapter: Some(chapter),
            section: None,
            paragraph,
        }));
        for section in &chapter.sections {
            out.extend(in_blocks(&section.blocks).map(|paragraph| Placed {
                chapter: Some(chapter),
                section: Some(section),
                paragraph,
            }));
        }
    }
    out
}

fn in_blocks(blocks: &[Block]) -> impl Iterator<Item = &Paragraph> {
    blocks.iter().filter_map(|b| match b {
        Block::Paragraph(p) => Some(p),
        _ => None,
    })
}

/// The sheet for a plan.
pub(crate) fn grid(plan: &Plan) -> Grid {
    Grid {
        name: NAME,
        columns: vec![
            Column::new("编号", 12.0),
            Column::new("章", 22.0),
            Column::new("节", 22.0),
            Column::new("段落", 90.0),
        ],
        rows: paragraphs(plan).iter().map(row).collect(),
        merges: Vec::new(),
    }
}

fn row(p: &Placed) -> Vec<Cell> {
    vec![
        Cell::text(&p.paragraph.id),
        Cell::text(
            p.chapter
                .map_or_else(|| PREFACE.to_string(), labels::chapter),
        ),
        Cell::text(p.section.map(labels::section).unwrap_or_default()),
        Cell::text(&p.paragraph.text),
    ]
}
