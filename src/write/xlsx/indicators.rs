//! 主要指标: one row per indicator, baseline and target as Excel numbers beside their texts.

use super::grid::{Cell, Column, Grid};
use super::labels;
use crate::model::{Indicator, Plan, Value};

/// The sheet's name.
pub(crate) const NAME: &str = "主要指标";

/// What the sheet holds, for 说明.
pub(crate) const ABOUT: &str =
    "每行一个主要发展指标：基期值和目标值为数值（可计算），原文照录；“/”表示无数值。";

/// The sheet for a plan.
pub(crate) fn grid(plan: &Plan) -> Grid {
    // Without the plan's years the columns say what they hold; each value keeps its own year.
    let base = plan
        .plan
        .baseline_year
        .map_or_else(|| "基期".to_string(), |y| format!("{y}年"));
    let end = plan
        .plan
        .period
        .map_or_else(|| "目标".to_string(), |p| format!("{}年", p.end));
    Grid {
        name: NAME,
        columns: vec![
            Column::new("编号", 16.0),
            Column::new("领域", 20.0),
            Column::new("指标", 30.0),
            Column::new("单位", 10.0),
            Column::new(base.clone(), 12.0),
            Column::new(end.clone(), 12.0),
            Column::new(format!("{base}原文"), 16.0),
            Column::new(format!("{end}原文"), 16.0),
            Column::new("备注", 16.0),
            Column::new("来源行", 8.0),
        ],
        rows: plan.indicators.iter().map(|i| row(plan, i)).collect(),
        merges: Vec::new(),
    }
}

fn row(plan: &Plan, i: &Indicator) -> Vec<Cell> {
    vec![
        Cell::text(&i.id),
        Cell::text(labels::opt_domain(plan, i.domain.as_deref())),
        Cell::text(&i.name),
        Cell::opt_text(i.unit.as_deref()),
        Cell::number_as_written(i.baseline.value, &i.baseline.text),
        Cell::number_as_written(i.target.value, &i.target.text),
        Cell::text(&i.baseline.text),
        Cell::text(&i.target.text),
        Cell::text(notes(&[&i.baseline, &i.target])),
        Cell::source(&i.source),
    ]
}

/// `2020年：累计；2025年：累计` from the values' notes.
fn notes(values: &[&Value]) -> String {
    values
        .iter()
        .filter_map(|v| v.note.as_ref().map(|n| format!("{}年：{n}", v.year)))
        .collect::<Vec<_>>()
        .join("；")
}
