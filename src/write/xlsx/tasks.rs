//! 重点任务: the lead paragraphs (`——lead。…`) of the sections titled 重点任务, one task a row.

use super::fulltext::{self, Placed};
use super::grid::{Cell, Column, Grid};
use super::labels;
use crate::model::Plan;

/// The sheet's name.
pub(crate) const NAME: &str = "重点任务";

/// What the sheet holds, for 说明.
pub(crate) const ABOUT: &str = "各章“重点任务”一节中以“——”引出的任务：任务名称及其内容，每行一项。";

/// Title of the sections whose lead paragraphs are tasks.
const TASKS_SECTION: &str = "重点任务";

/// The task paragraphs: those with a lead, in sections titled 重点任务.
pub(crate) fn tasks(plan: &Plan) -> Vec<Placed<'_>> {
    fulltext::paragraphs(plan)
        .into_iter()
        .filter(|p| {
            p.paragraph.lead.is_some() && p.section.is_some_and(|s| s.title.trim() == TASKS_SECTION)
        })
        .collect()
}

/// The sheet for a plan.
pub(crate) fn grid(plan: &Plan) -> Grid {
    Grid {
        name: NAME,
        columns: vec![
            Column::new("编号", 12.0),
            Column::new("领域", 20.0),
            Column::new("章", 18.0),
            Column::new("节", 16.0),
            Column::new("任务", 24.0),
            Column::new("内容", 60.0),
        ],
        rows: tasks(plan).iter().map(|p| row(plan, p)).collect(),
        merges: Vec::new(),
    }
}

fn row(plan: &Plan, p: &Placed) -> Vec<Cell> {
    let chapter = p.chapter;
    vec![
        Cell::text(&p.paragraph.id),
        Cell::text(labels::opt_domain(
            plan,
            chapter.and_then(|c| c.domain.as_deref()),
        )),
        Cell::text(chapter.map(labels::chapter).unwrap_or_default()),
        Cell::text(p.section.map(labels::section).unwrap_or_default()),
        Cell::opt_text(p.paragraph.lead.as_deref()),
        Cell::text(p.paragraph.body()),
    ]
}
