//! 重点项目: one row per key project listed in a box (专栏).

use super::grid::{Cell, Column, Grid};
use super::labels;
use crate::model::{Plan, Project};

/// The sheet's name.
pub(crate) const NAME: &str = "重点项目";

/// What the sheet holds, for 说明.
pub(crate) const ABOUT: &str = "每行一个专栏所列的重点项目；项目内容为专栏“名称→内容”中的内容。";

/// The sheet for a plan.
pub(crate) fn grid(plan: &Plan) -> Grid {
    Grid {
        name: NAME,
        columns: vec![
            Column::new("编号", 12.0),
            Column::new("领域", 20.0),
            Column::new("专栏", 28.0),
            Column::new("类别", 20.0),
            Column::new("项目名称", 50.0),
            Column::new("项目内容", 60.0),
        ],
        rows: plan.projects.iter().map(|p| row(plan, p)).collect(),
        merges: Vec::new(),
    }
}

fn row(plan: &Plan, p: &Project) -> Vec<Cell> {
    let project_box = plan.boxes.iter().find(|b| b.id == p.project_box);
    vec![
        Cell::text(&p.id),
        Cell::text(labels::opt_domain(plan, p.domain.as_deref())),
        Cell::text(project_box.map_or_else(|| p.project_box.clone(), labels::project_box)),
        Cell::opt_text(p.category.as_deref()),
        Cell::text(&p.name),
        Cell::opt_text(p.description.as_deref()),
    ]
}
