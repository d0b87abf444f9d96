//! Tables: a title line, a header row of TAB-led cells, then rows.
//!
//! A TAB-led line starts a cell; a following line without TAB continues it (after at most one
//! blank line). Blank lines group cells into chunks; the header row's width N decides how
//! chunks become rows: a chunk of N cells is a row, chunks that add up to N are one row whose
//! first cell was followed by blank lines, a lone cell before a row is a category, and a
//! 2-cell `备注` chunk is a note. The table ends at the next heading, or at a text line after
//! two or more blank lines.

use super::TextLine;
use super::line::{LineKind, classify};
use crate::normalise::text::compact;

/// Widest table plandoc reads; the family's tables have 4 or 5 columns.
pub const MAX_COLUMNS: usize = 64;

/// One table cell: its wrapped line fragments, uncleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// 1-based line of the cell's TAB line.
    pub line: usize,
    /// 1-based line of the cell's last fragment.
    pub end_line: usize,
    /// The text of each line of the cell, in order (first: the text after the TAB).
    pub fragments: Vec<String>,
    /// The 1-based line of each fragment.
    pub fragment_lines: Vec<usize>,
    /// Whether blank lines came between this cell and the one before it.
    after_blank: bool,
}

/// A row of a table body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A lone cell heading the rows below it (a vertically merged first column).
    Category(Cell),
    /// A data row of exactly as many cells as the header.
    Data(Vec<Cell>),
    /// A `备注 | text` row: a note on the table.
    Note(Vec<Cell>),
}

/// A recognised table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableNode {
    /// The title line, when a text line stood right before the header.
    pub title: Option<TextLine>,
    /// The header row's cells.
    pub header: Vec<Cell>,
    /// Body rows in order.
    pub rows: Vec<Row>,
    /// Last line of the table.
    pub end_line: usize,
    /// Lines of page furniture (page numbers, running headers) skipped inside the table.
    pub skipped: Vec<usize>,
}

impl TableNode {
    /// First line of the table: its title, else its header.
    pub fn line(&self) -> usize {
        self.title
            .as_ref()
            .map_or_else(|| self.header.first().map_or(0, |c| c.line), |t| t.line)
    }

    /// The title's text for messages.
    fn name(&self) -> String {
        self.title
            .as_ref()
            .map_or_else(|| "(untitled)".to_string(), |t| compact(&t.text))
    }
}

/// Lines that started like a table but do not have a table's shape; the reader keeps them as
/// paragraphs and, when they looked like one, warns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotATable {
    /// The cells read, in order: each becomes a paragraph.
    pub cells: Vec<Cell>,
    /// Why the lines are not read as a table; `None` for a lone TAB-indented line, which is just
    /// an indent.
    pub reason: Option<String>,
    /// Lines of page furniture skipped inside it.
    pub skipped: Vec<usize>,
}

/// Reads a table whose header starts at `lines[*at]`; leaves `*at` at the first line after it.
pub fn read(
    lines: &[&str],
    at: &mut usize,
    title: Option<TextLine>,
    noise: &dyn Fn(&str) -> bool,
) -> Result<TableNode, NotATable> {
    let mut skipped = Vec::new();
    let cells = read_cells(lines, at, noise, &mut skipped);
    let chunks = chunk(cells.clone());
    let mut chunks = chunks.into_iter();
    let header = chunks.next().unwrap_or_default();
    let mut node = TableNode {
        end_line: header.last().map_or(0, |c| c.end_line),
        title,
        header,
        rows: Vec::new(),
        skipped: Vec::new(),
    };
    let width = node.header.len();
    if width < 2 {
        let reason = (cells.len() > 2 && cells.iter().skip(1).all(|c| c.fragments.len() == 1))
            .then(|| "its first row has one cell, so it has no header row".to_string());
        return Err(NotATable {
            cells,
            reason,
            skipped,
        });
    }
    if width > MAX_COLUMNS {
        let reason = format!(
            "its header row has {width} cells; plandoc reads tables up to {MAX_COLUMNS} columns"
        );
        return Err(NotATable {
            cells,
            reason: Some(reason),
            skipped,
        });
    }
    let rest: Vec<Vec<Cell>> = chunks.collect();
    match rows(&rest, width) {
        Ok(rows) => node.rows = rows,
        Err((line, found)) => {
            let reason = format!(
                "table \"{}\": the row at line {line} has {found} cells, expected {width}",
                node.name()
            );
            return Err(NotATable {
                cells,
                reason: Some(reason),
                skipped,
            });
        }
    }
    if let Some(last) = rest.last().and_then(|c| c.last()) {
        node.end_line = last.end_line;
    }
    node.skipped = skipped;
    Ok(node)
}

/// Reads cells from TAB lines and their continuation lines until the table ends.
///
/// Page furniture (`noise`: page numbers, running headers) inside a table is skipped and its
/// line noted in `skipped`, so a page break never adds `- 12 -` to a cell.
fn read_cells(
    lines: &[&str],
    at: &mut usize,
    noise: &dyn Fn(&str) -> bool,
    skipped: &mut Vec<usize>,
) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    let mut blanks = 0usize;
    let mut gap = false;
    while *at < lines.len() {
        let n = *at + 1;
        let kind = classify(lines[*at]);
        if matches!(kind, LineKind::Text(_)) && !cells.is_empty() && noise(lines[*at]) {
            skipped.push(n);
            gap |= blanks > 0;
            blanks = 0;
            *at += 1;
            continue;
        }
        match kind {
            LineKind::Blank => blanks += 1,
            // `3、…` inside a cell is the cell's text; only a division ends a table.
            LineKind::Heading(h) if !h.kind.is_minor() => break,
            LineKind::Cell(text) => {
                cells.push(Cell {
                    line: n,
                    end_line: n,
                    fragments: vec![text],
                    fragment_lines: vec![n],
                    after_blank: blanks > 0 || gap,
                });
                blanks = 0;
                gap = false;
            }
            LineKind::Text(_) | LineKind::Heading(_) => {
                let text = lines[*at].to_string();
                let Some(cell) = cells.last_mut().filter(|_| blanks <= 1) else {
                    break;
                };
                cell.fragments.push(text);
                cell.fragment_lines.push(n);
                cell.end_line = n;
                blanks = 0;
                gap = false;
            }
        }
        *at += 1;
    }
    // Give trailing blank lines back so the reader sees them before what follows.
    while *at > 0 && blanks > 0 {
        *at -= 1;
        blanks -= 1;
    }
    cells
}

/// Groups cells into chunks separated by blank lines.
fn chunk(cells: Vec<Cell>) -> Vec<Vec<Cell>> {
    let mut chunks: Vec<Vec<Cell>> = Vec::new();
    for cell in cells {
        match chunks.last_mut() {
            Some(last) if !cell.after_blank => last.push(cell),
            _ => chunks.push(vec![cell]),
        }
    }
    chunks
}

fn is_note(chunk: &[Cell]) -> bool {
    chunk.len() == 2
        && chunk[0]
            .fragments
            .first()
            .is_some_and(|f| compact(f).trim_end_matches(['：', ':']) == "备注")
}

/// How many chunks from `i` make exactly one row of `width` cells, if any.
fn row_span(chunks: &[Vec<Cell>], i: usize, width: usize) -> Option<usize> {
    let mut total = 0;
    for (k, c) in chunks[i..].iter().enumerate() {
        total += c.len();
        if total == width {
            return Some(k + 1);
        }
        if total > width {
            return None;
        }
    }
    None
}

/// Turns chunks into rows; on failure, the line and cell count of the offending row.
fn rows(chunks: &[Vec<Cell>], width: usize) -> Result<Vec<Row>, (usize, usize)> {
    let mut rows = Vec::new();
    let mut i = 0;
    while i < chunks.len() {
        let c = &chunks[i];
        if is_note(c) {
            rows.push(Row::Note(c.clone()));
            i += 1;
        } else if c.len() % width == 0 {
            for r in c.chunks(width) {
                rows.push(Row::Data(r.to_vec()));
            }
            i += 1;
        } else if let Some(span) = row_span(chunks, i, width) {
            let cells = chunks[i..i + span].iter().flatten().cloned().collect();
            rows.push(Row::Data(cells));
            i += span;
        } else if c.len() == 1 && i + 1 < chunks.len() {
            rows.push(Row::Category(c[0].clone()));
            i += 1;
        } else {
            let found: usize = c.len();
            return Err((c[0].line, found));
        }
    }
    Ok(rows)
}
