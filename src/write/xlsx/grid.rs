//! A sheet as plain data (header, cells, merged ranges) and the one layout every sheet gets.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError};

use crate::model::format_number;

/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;

/// Fill of the header row.
const HEADER_FILL: u32 = 0xDDEBF7;

/// Narrowest column, in Excel width units (about one Latin character each).
const MIN_WIDTH: f64 = 6.0;

/// One sheet's content, in the order it is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grid {
    /// The sheet's name (at most 31 characters).
    pub name: &'static str,
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The data rows under the header, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// Runs of data rows whose cell in one column is shown merged.
    pub merges: Vec<Merge>,
}

/// A column: its header text and how wide it may grow before its text wraps.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// The header row's text.
    pub header: String,
    /// Widest the column gets, in Excel width units; longer texts wrap.
    pub max_width: f64,
}

impl Column {
    /// A column with this header that grows up to `max_width`.
    pub fn new(header: impl Into<String>, max_width: f64) -> Column {
        Column {
            header: header.into(),
            max_width,
        }
    }
}

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Nothing (written as a formatted blank, so borders stay whole).
    Empty,
    /// A text, always written as a string, never as a formula or a number.
    Text(String),
    /// A number shown with an Excel number format such as `0.0`.
    Number {
        /// The value.
        value: f64,
        /// The Excel number format.
        format: String,
    },
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A text cell, or an empty one for `None`.
    pub fn opt_text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    /// Where a record stands in the source: its first line as a number for a text source, the
    /// docx locator as a text (`table 3, row 5, cell 2`), or nothing.
    pub fn source(s: &crate::model::SourceRef) -> Cell {
        match s.first_line() {
            Some(line) => Cell::whole(line),
            None if s.is_empty() => Cell::Empty,
            None => Cell::Text(s.to_string()),
        }
    }

    /// A whole number, such as a source line.
    pub fn whole(n: u32) -> Cell {
        Cell::Number {
            value: f64::from(n),
            format: "0".to_string(),
        }
    }

    /// A number shown as written in `text` (its decimals), or an empty cell for `None`.
    pub fn number_as_written(value: Option<f64>, text: &str) -> Cell {
        match value {
            Some(value) if value.is_finite() => Cell::Number {
                value,
                format: number_format(value, text),
            },
            _ => Cell::Empty,
        }
    }

    /// The cell as the text a reader sees (numbers in their shortest form).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number { value, .. } => format_number(*value),
        }
    }
}

/// Data rows `first..=last` (0-based, under the header) of column `col` shown as one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Merge {
    /// The column.
    pub col: u16,
    /// First data row of the run.
    pub first: usize,
    /// Last data row of the run (greater than `first`).
    pub last: usize,
}

/// Runs of two or more consecutive rows with the same `Some` key, as merges of column `col`.
pub(crate) fn runs<K: PartialEq>(keys: &[Option<K>], col: u16) -> Vec<Merge> {
    let mut merges = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        let mut end = start;
        while end + 1 < keys.len() && keys[start].is_some() && keys[end + 1] == keys[start] {
            end += 1;
        }
        if end > start {
            merges.push(Merge {
                col,
                first: start,
                last: end,
            });
        }
        start = end + 1;
    }
    merges
}

/// The Excel number format that shows `value` with as many decimals as its text has: `0`,
/// `0.0`, `0.000` …; `General` where the text gives no usable hint and the value is unusual.
pub(crate) fn number_format(value: f64, text: &str) -> String {
    let decimals = written_decimals(value, text).or_else(|| {
        let shortest = format_number(value);
        if shortest.contains(['e', 'E']) {
            None
        } else {
            Some(shortest.split_once('.').map_or(0, |(_, frac)| frac.len()))
        }
    });
    match decimals {
        Some(0) => "0".to_string(),
        Some(d) if d <= 10 => format!("0.{}", "0".repeat(d)),
        _ => "General".to_string(),
    }
}

/// Decimals of `text` when it is just the number `value` (with an optional `%`), e.g. `3.0`.
fn written_decimals(value: f64, text: &str) -> Option<usize> {
    let t = text.trim();
    let t = t.strip_suffix(['%', '％']).unwrap_or(t).trim();
    let parsed: f64 = t.parse().ok()?;
    if parsed != value || t.contains(['e', 'E']) {
        return None;
    }
    Some(t.split_once('.').map_or(0, |(_, frac)| frac.len()))
}

/// Width of a text in Excel width units: CJK and full-width characters count two.
pub(crate) fn display_width(text: &str) -> f64 {
    text.lines()
        .map(|line| line.chars().map(char_width).sum::<f64>())
        .fold(0.0, f64::max)
}

fn char_width(c: char) -> f64 {
    let u = c as u32;
    let wide = (0x1100..=0x115F).contains(&u)
        || (0x2010..=0x2027).contains(&u) // dashes, quotes and ellipsis in CJK fonts
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
        || (0x20000..=0x3FFFD).contains(&u);
    if wide { 2.0 } else { 1.0 }
}

/// Column widths that fit the header and the cells, up to each column's maximum.
pub(crate) fn widths(grid: &Grid) -> Vec<f64> {
    grid.columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let header = display_width(&col.header) + 3.0; // bold, and room for the filter button
            let cells = grid
                .rows
                .iter()
                .filter_map(|row| row.get(i))
                .map(|c| display_width(&c.display()) + 1.0)
                .fold(0.0, f64::max);
            header.max(cells.min(col.max_width)).max(MIN_WIDTH)
        })
        .collect()
}

/// The formats a sheet uses.
struct Formats {
    header: Format,
    text: Format,
    merged: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            merged: cell.clone().set_align(FormatAlign::VerticalCenter),
            text: cell,
        }
    }

    fn number(&self, num_format: &str) -> Format {
        Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
            .set_num_format(num_format)
    }
}

/// The worksheet for a grid, laid out for reading on screen and printing.
pub(crate) fn render(grid: &Grid) -> Result<Worksheet, XlsxError> {
    let formats = Formats::new();
    let mut ws = Worksheet::new();
    ws.set_name(grid.name)?;
    let last_col = u16::try_from(grid.columns.len().saturating_sub(1))
        .map_err(|_| XlsxError::RowColumnLimitError)?;
    let last_row = RowNum::try_from(grid.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;

    write_header(&mut ws, grid, &formats)?;
    write_rows(&mut ws, grid, &formats)?;
    write_merges(&mut ws, grid, &formats)?;
    for (col, width) in (0u16..).zip(widths(grid)) {
        ws.set_column_width(col, width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    set_page(&mut ws)?;
    Ok(ws)
}

fn write_header(ws: &mut Worksheet, grid: &Grid, f: &Formats) -> Result<(), XlsxError> {
    for (col, column) in (0u16..).zip(&grid.columns) {
        ws.write_string_with_format(0, col, &column.header, &f.header)?;
    }
    Ok(())
}

fn write_rows(ws: &mut Worksheet, grid: &Grid, f: &Formats) -> Result<(), XlsxError> {
    for (row, cells) in (1 as RowNum..).zip(&grid.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            write_cell(ws, row, col, cell, &f.text, f)?;
        }
    }
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: RowNum,
    col: u16,
    cell: &Cell,
    text_format: &Format,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => ws.write_blank(row, col, text_format)?,
        Cell::Text(s) => ws.write_string_with_format(row, col, s, text_format)?,
        Cell::Number { value, format } => {
            ws.write_number_with_format(row, col, *value, &f.number(format))?
        }
    };
    Ok(())
}

/// Merged runs. Every cell of a run keeps its own text under the merge (Excel shows the first),
/// so filtering on the column still finds every row of the run.
fn write_merges(ws: &mut Worksheet, grid: &Grid, f: &Formats) -> Result<(), XlsxError> {
    for m in &grid.merges {
        let first = RowNum::try_from(m.first + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        let last = RowNum::try_from(m.last + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        let cell_at = |i: usize| grid.rows[i].get(usize::from(m.col)).unwrap_or(&Cell::Empty);
        ws.merge_range(
            first,
            m.col,
            last,
            m.col,
            &cell_at(m.first).display(),
            &f.merged,
        )?;
        for (row, i) in (first + 1..=last).zip(m.first + 1..) {
            write_cell(ws, row, m.col, cell_at(i), &f.merged, f)?;
        }
    }
    Ok(())
}

/// A4 landscape with narrow margins, one page wide, header row on every page, sheet name
/// above and page numbers below.
fn set_page(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_paper_size(PAPER_A4);
    ws.set_landscape();
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_header("&C&A");
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_written_decimals() {
        assert_eq!(number_format(90.3, "90.3"), "0.0");
        assert_eq!(number_format(0.049, "0.049"), "0.000");
        assert_eq!(number_format(5200.0, "5200"), "0");
        assert_eq!(number_format(4.0, "4%"), "0");
        assert_eq!(number_format(3.0, "3.0"), "0.0");
        assert_eq!(number_format(3.9, "3.9％"), "0.0");
    }

    #[test]
    fn numbers_from_other_texts_use_their_shortest_form() {
        assert_eq!(number_format(1500.0, "1500（累计）"), "0");
        assert_eq!(
            number_format(25.824, "6.4+18+1.424（社保居保机保）"),
            "0.000"
        );
        assert_eq!(number_format(1e-20, "x"), "General");
    }

    #[test]
    fn chinese_counts_double() {
        assert_eq!(display_width("abc"), 3.0);
        assert_eq!(display_width("教育服务"), 8.0);
        assert_eq!(display_width("“十四五”"), 10.0);
        assert_eq!(display_width("ab\n教育服务x"), 9.0);
    }

    #[test]
    fn runs_merge_only_repeated_some_keys() {
        let keys = [
            Some("a"),
            Some("a"),
            Some("b"),
            None,
            None,
            Some("c"),
            Some("c"),
            Some("c"),
        ];
        assert_eq!(
            runs(&keys, 2),
            vec![
                Merge {
                    col: 2,
                    first: 0,
                    last: 1
                },
                Merge {
                    col: 2,
                    first: 5,
                    last: 7
                },
            ]
        );
        assert!(runs::<&str>(&[], 0).is_empty());
    }

    #[test]
    fn widths_fit_the_header_and_cap_long_text() {
        let grid = Grid {
            name: "t",
            columns: vec![Column::new("编号", 10.0), Column::new("内容", 20.0)],
            rows: vec![vec![Cell::text("a"), Cell::text("很".repeat(40))]],
            merges: vec![],
        };
        assert_eq!(widths(&grid), vec![7.0, 20.0]);
    }
}
