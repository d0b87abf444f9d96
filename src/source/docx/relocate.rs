//! A plan parsed from a Word document's rendered text gets locators instead of line numbers.

use crate::model::{Block, Plan, SourceRef};

use super::Locator;

/// Rewrites every record's `source` from lines of the rendered text into the Word document's
/// locator: `paragraph` outside tables; `table`, with `row` when the record stands in one row,
/// and `cell` when in one cell. `locators[i]` is the locator of line `i + 1`.
pub fn relocate(plan: &mut Plan, locators: &[Locator]) {
    each_source(plan, &mut |s| *s = place(s, locators));
}

/// The locator of a line range: where it starts, as narrow as the whole range allows.
pub fn place(s: &SourceRef, locators: &[Locator]) -> SourceRef {
    let Some(start) = s.line else {
        return *s;
    };
    let at = |line: u32| {
        (line as usize)
            .checked_sub(1)
            .and_then(|i| locators.get(i))
            .or(locators.last())
            .copied()
    };
    let Some(a) = at(start) else {
        return *s;
    };
    let b = at(s.end_line.unwrap_or(start)).unwrap_or(a);
    match a.table {
        None => SourceRef {
            paragraph: Some(a.paragraph),
            ..SourceRef::default()
        },
        Some(t) => {
            let same_row = b.table == a.table && b.row == a.row;
            let same_cell = same_row && b.cell == a.cell;
            SourceRef {
                table: Some(t),
                row: a.row.filter(|_| same_row),
                cell: a.cell.filter(|_| same_cell),
                ..SourceRef::default()
            }
        }
    }
}

/// Calls `f` on every `source` of a plan's records.
fn each_source(plan: &mut Plan, f: &mut dyn FnMut(&mut SourceRef)) {
    for p in &mut plan.preface {
        f(&mut p.source);
    }
    for p in &mut plan.parts {
        f(&mut p.source);
    }
    for c in &mut plan.chapters {
        f(&mut c.source);
        blocks(&mut c.intro, f);
        for s in &mut c.sections {
            f(&mut s.source);
            blocks(&mut s.blocks, f);
        }
    }
    for t in &mut plan.tables {
        f(&mut t.source);
    }
    for i in &mut plan.indicators {
        f(&mut i.source);
    }
    for s in &mut plan.standards {
        f(&mut s.source);
    }
    for b in &mut plan.boxes {
        f(&mut b.source);
        blocks(&mut b.blocks, f);
    }
    for p in &mut plan.projects {
        f(&mut p.source);
    }
    for g in &mut plan.glossary {
        f(&mut g.source);
    }
}

fn blocks(blocks: &mut [Block], f: &mut dyn FnMut(&mut SourceRef)) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => f(&mut p.source),
            Block::Heading(h) => f(&mut h.source),
            Block::Table { .. } | Block::Box { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(t: u32, r: u32, c: u32) -> Locator {
        Locator {
            paragraph: 1,
            table: Some(t),
            row: Some(r),
            cell: Some(c),
        }
    }

    #[test]
    fn a_range_gets_the_narrowest_locator_that_holds_it() {
        let para = Locator {
            paragraph: 4,
            table: None,
            row: None,
            cell: None,
        };
        let l = [
            para,
            cell(2, 1, 1),
            cell(2, 1, 2),
            cell(2, 3, 1),
            cell(2, 3, 1),
        ];
        assert_eq!(place(&SourceRef::line(1), &l).to_string(), "paragraph 4");
        assert_eq!(
            place(&SourceRef::lines(1, 5), &l).to_string(),
            "paragraph 4"
        );
        assert_eq!(
            place(&SourceRef::lines(2, 3), &l).to_string(),
            "table 2, row 1"
        );
        assert_eq!(
            place(&SourceRef::lines(4, 5), &l).to_string(),
            "table 2, row 3, cell 1"
        );
        assert_eq!(place(&SourceRef::lines(2, 5), &l).to_string(), "table 2");
        assert_eq!(place(&SourceRef::line(2), &l).paragraph, None);
    }
}
