//! 名词解释: the glossary, one term a row.

use super::grid::{Cell, Column, Grid};
use crate::model::Plan;

/// The sheet's name.
pub(crate) const NAME: &str = "名词解释";

/// What the sheet holds, for 说明.
pub(crate) const ABOUT: &str = "规划所附名词解释，每行一个术语。";

/// The sheet for a plan.
pub(crate) fn grid(plan: &Plan) -> Grid {
    Grid {
        name: NAME,
        columns: vec![Column::new("术语", 24.0), Column::new("释义", 90.0)],
        rows: plan
            .glossary
            .iter()
            .map(|g| vec![Cell::text(&g.term), Cell::text(&g.definition)])
            .collect(),
        merges: Vec::new(),
    }
}
