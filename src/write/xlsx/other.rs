//! 其他表格: the tables that are neither indicators nor standards, cell by cell as written: each
//! table's header row, then its rows, under its id, title and chapter.

use super::grid::{Cell, Column, Grid};
use super::labels;
use crate::model::{Plan, Table, TableKind};

/// The sheet's name.
pub(crate) const NAME: &str = "其他表格";

/// What the sheet holds, for 说明.
pub(crate) const ABOUT: &str =
    "主要指标和基本标准以外的表格，按原文逐行照录：先表头（行号为“表头”），再各行。";

/// The label of a table's header row in the 行 column.
const HEADER_ROW: &str = "表头";

/// The tables of kind other, in document order.
fn tables(plan: &Plan) -> impl Iterator<Item = &Table> {
    plan.tables.iter().filter(|t| t.kind == TableKind::Other)
}

/// The rows the sheet has: each table's header and body rows.
pub(crate) fn row_count(plan: &Plan) -> usize {
    tables(plan)
        .map(|t| 1 + t.rows.as_ref().map_or(0, Vec::len))
        .sum()
}

/// The sheet for a plan: as many 列 columns as the widest row has cells (at least one).
pub(crate) fn grid(plan: &Plan) -> Grid {
    let width = tables(plan)
        .flat_map(|t| std::iter::once(&t.columns).chain(t.rows.iter().flatten()))
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut columns = vec![
        Column::new("编号", 12.0),
        Column::new("表名", 30.0),
        Column::new("章", 22.0),
        Column::new("行", 8.0),
    ];
    columns.extend((1..=width).map(|n| Column::new(format!("第{n}列"), 30.0)));
    let mut rows = Vec::new();
    for t in tables(plan) {
        let chapter = t
            .chapter
            .as_deref()
            .and_then(|id| plan.chapter(id))
            .map(labels::chapter)
            .unwrap_or_else(|| "前言".to_string());
        let lead = |row: Cell| {
            vec![
                Cell::text(&t.id),
                Cell::opt_text(t.title.as_deref()),
                Cell::text(chapter.clone()),
                row,
            ]
        };
        let body = t.rows.iter().flatten().enumerate().map(|(i, cells)| {
            let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
            (Cell::whole(n), cells)
        });
        for (label, cells) in std::iter::once((Cell::text(HEADER_ROW), &t.columns)).chain(body) {
            let mut row = lead(label);
            row.extend(cells.iter().map(Cell::text));
            row.resize(columns.len(), Cell::Empty);
            rows.push(row);
        }
    }
    Grid {
        name: NAME,
        columns,
        rows,
        merges: Vec::new(),
    }
}
