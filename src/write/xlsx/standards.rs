//! 基本标准: one row per service standard; each category cell merged over its rows.

use super::grid::{self, Cell, Column, Grid};
use super::labels;
use crate::model::{Plan, Standard};

/// The sheet's name.
pub(crate) const NAME: &str = "基本标准";

/// What the sheet holds, for 说明.
pub(crate) const ABOUT: &str =
    "每行一个基本公共服务项目及其标准；类别单元格按原表合并，“同上”已替换为上一行的内容。";

/// Column of 类别.
const CATEGORY_COL: u16 = 2;

/// The sheet for a plan.
pub(crate) fn grid(plan: &Plan) -> Grid {
    // A run of rows merges only inside one table.
    let keys: Vec<Option<(&str, &str)>> = plan
        .standards
        .iter()
        .map(|s| s.category.as_deref().map(|c| (s.table.as_str(), c)))
        .collect();
    Grid {
        name: NAME,
        columns: vec![
            Column::new("编号", 16.0),
            Column::new("领域", 20.0),
            Column::new("类别", 16.0),
            Column::new("服务项目", 20.0),
            Column::new("服务对象", 22.0),
            Column::new("保障标准", 32.0),
            Column::new("支出责任", 22.0),
            Column::new("覆盖水平", 18.0),
            Column::new("来源行", 8.0),
        ],
        rows: plan.standards.iter().map(|s| row(plan, s)).collect(),
        merges: grid::runs(&keys, CATEGORY_COL),
    }
}

fn row(plan: &Plan, s: &Standard) -> Vec<Cell> {
    vec![
        Cell::text(&s.id),
        Cell::text(labels::opt_domain(plan, s.domain.as_deref())),
        Cell::opt_text(s.category.as_deref()),
        Cell::text(&s.item),
        Cell::text(&s.beneficiaries),
        Cell::opt_text(s.standard.as_deref()),
        Cell::text(&s.funding.text),
        Cell::text(&s.coverage),
        Cell::source(&s.source),
    ]
}
