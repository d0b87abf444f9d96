//! 全文: every paragraph and heading in document order with its part, chapter, section and
//! prose box, so a reader can check any value in its context.

use super::grid::{Cell, Column, Grid};
use super::labels;
use crate::model::{Block, Chapter, Heading, Paragraph, Plan, ProjectBox, Section};

/// The sheet's name.
pub(crate) const NAME: &str = "全文";

/// What the sheet holds, for 说明.
pub(crate) const ABOUT: &str = "规划正文的全部段落和各级标题，按原文顺序，注明所在篇章节和专栏\
     （表格和列表式专栏见其他工作表）。";

/// Label of the preface in the 章 column.
const PREFACE: &str = "前言";

/// A text of the plan: a paragraph or a numbered heading.
#[derive(Clone, Copy)]
pub(crate) enum Text<'a> {
    /// A paragraph of running text.
    Paragraph(&'a Paragraph),
    /// A numbered heading inside a chapter, section or box.
    Heading(&'a Heading),
}

/// A text with the chapter, section and prose box it stands in.
pub(crate) struct Placed<'a, T = &'a Paragraph> {
    /// The chapter, `None` in the preface.
    pub chapter: Option<&'a Chapter>,
    /// The section, `None` in the preface and in chapter intros.
    pub section: Option<&'a Section>,
    /// The prose box, when the text stands in one.
    pub project_box: Option<&'a ProjectBox>,
    /// The paragraph (or text).
    pub paragraph: T,
}

/// Every paragraph and heading in document order: the preface (and the boxes that stand in
/// it), then each chapter's intro and sections; a prose box's blocks stand where the box is
/// referred to, and a box referred to nowhere comes after its chapter.
pub(crate) fn texts(plan: &Plan) -> Vec<Placed<'_, Text<'_>>> {
    let mut out: Vec<Placed<Text>> = plan
        .preface
        .iter()
        .map(|p| Placed {
            chapter: None,
            section: None,
            project_box: None,
            paragraph: Text::Paragraph(p),
        })
        .collect();
    let referred: Vec<&str> = plan
        .chapters
        .iter()
        .flat_map(|c| {
            c.intro
                .iter()
                .chain(c.sections.iter().flat_map(|s| &s.blocks))
        })
        .filter_map(|b| match b {
            Block::Box { project_box } => Some(project_box.as_str()),
            _ => None,
        })
        .collect();
    let unreferred = |chapter: Option<&str>| -> Vec<&ProjectBox> {
        plan.boxes
            .iter()
            .filter(|b| b.chapter.as_deref() == chapter && !referred.contains(&b.id.as_str()))
            .collect()
    };
    for b in unreferred(None) {
        push(&mut out, plan, &b.blocks, None, None, Some(b));
    }
    for chapter in &plan.chapters {
        // A part's own text stands before its first chapter.
        for part in plan
            .parts
            .iter()
            .filter(|p| p.chapters.first() == Some(&chapter.id))
        {
            push(&mut out, plan, &part.intro, None, None, None);
        }
        push(&mut out, plan, &chapter.intro, Some(chapter), None, None);
        for section in &chapter.sections {
            push(
                &mut out,
                plan,
                &section.blocks,
                Some(chapter),
                Some(section),
                None,
            );
        }
        for b in unreferred(Some(chapter.id.as_str())) {
            push(&mut out, plan, &b.blocks, Some(chapter), None, Some(b));
        }
    }
    for part in plan.parts.iter().filter(|p| p.chapters.is_empty()) {
        push(&mut out, plan, &part.intro, None, None, None);
    }
    out
}

fn push<'a>(
    out: &mut Vec<Placed<'a, Text<'a>>>,
    plan: &'a Plan,
    blocks: &'a [Block],
    chapter: Option<&'a Chapter>,
    section: Option<&'a Section>,
    project_box: Option<&'a ProjectBox>,
) {
    let placed = |paragraph| Placed {
        chapter,
        section,
        project_box,
        paragraph,
    };
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.push(placed(Text::Paragraph(p))),
            Block::Heading(h) => out.push(placed(Text::Heading(h))),
            // A box inside a box is not a shape plans have; its id is enough to stop a loop.
            Block::Box { project_box: id } if project_box.is_none() => {
                if let Some(b) = plan.boxes.iter().find(|b| &b.id == id) {
                    push(out, plan, &b.blocks, chapter, section, Some(b));
                }
            }
            Block::Box { .. } | Block::Table { .. } => {}
        }
    }
}

/// Every paragraph of the plan outside boxes, in document order (what 重点任务 picks from).
pub(crate) fn paragraphs(plan: &Plan) -> Vec<Placed<'_>> {
    texts(plan)
        .into_iter()
        .filter(|t| t.project_box.is_none())
        .filter_map(|t| match t.paragraph {
            Text::Paragraph(paragraph) => Some(Placed {
                chapter: t.chapter,
                section: t.section,
                project_box: None,
                paragraph,
            }),
            Text::Heading(_) => None,
        })
        .collect()
}

/// The sheet for a plan.
pub(crate) fn grid(plan: &Plan) -> Grid {
    Grid {
        name: NAME,
        columns: vec![
            Column::new("编号", 12.0),
            Column::new("篇", 20.0),
            Column::new("章", 22.0),
            Column::new("节", 22.0),
            Column::new("专栏", 22.0),
            Column::new("类型", 10.0),
            Column::new("段落", 90.0),
        ],
        rows: texts(plan).iter().map(|t| row(plan, t)).collect(),
        merges: Vec::new(),
    }
}

fn row(plan: &Plan, t: &Placed<Text>) -> Vec<Cell> {
    let (id, kind, text) = match t.paragraph {
        Text::Paragraph(p) => (&p.id, "段落".to_string(), p.text.clone()),
        // The heading's depth, as a reader says it (二级标题), and its numbering as written.
        Text::Heading(h) => (
            &h.id,
            format!("{}级标题", labels::chinese_number(h.level)),
            format!("{}{}", h.marker, h.title),
        ),
    };
    // A part's own text (`pt2.p1`) stands in the part, before any chapter.
    let own_part = id
        .split('.')
        .next()
        .filter(|p| p.starts_with("pt"))
        .and_then(|pid| plan.parts.iter().find(|p| p.id == pid));
    let part = own_part.or_else(|| {
        t.chapter
            .and_then(|c| c.part.as_deref())
            .and_then(|id| plan.parts.iter().find(|p| p.id == id))
    });
    let chapter = match (t.chapter, own_part) {
        (Some(c), _) => labels::chapter(c),
        (None, Some(_)) => String::new(),
        (None, None) => PREFACE.to_string(),
    };
    vec![
        Cell::text(id),
        Cell::text(part.map(labels::part).unwrap_or_default()),
        Cell::text(chapter),
        Cell::text(t.section.map(labels::section).unwrap_or_default()),
        Cell::text(t.project_box.map(labels::project_box).unwrap_or_default()),
        Cell::text(kind),
        Cell::text(text),
    ]
}
