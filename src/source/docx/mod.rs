//! Word documents (`.docx`, `.docm`) rendered in the text family's layout, with a locator for
//! every line, so that the one text recogniser reads both kinds of source.
//!
//! The rendering (DESIGN.md, "The source text"):
//!
//! - each body paragraph is one line (a line break inside it starts another line), its
//!   automatic number first (`第一章 `, `一、`, `（一）`, `1.`), as Word shows it; an empty
//!   paragraph is a blank line; a heading (by its style's outline level, following `basedOn`,
//!   or its style's name `heading N` / `标题 N`) comes after two blank lines, which end any
//!   table or box before it;
//! - a table is its rows, each cell a TAB-led line with the cell's further paragraphs and line
//!   breaks as continuation lines (no TAB), one blank line after each row and one more after
//!   the table; the paragraph before it is its title, as in the text;
//! - `gridSpan` repeats nothing: a spanned cell is one cell;
//! - a vertical merge in the first column whose header spans it and the next column is a
//!   category: written once, as a lone cell line and a blank line before its first row, and
//!   left out of the rows. Merged first cells under a header of their own are written as empty
//!   cells (the family's "same as above"); merged cells in other columns repeat their text;
//! - a table of one column (a frame around a box) is written as plain lines;
//! - nested tables are read into their cell's lines, with a warning;
//! - footnotes and endnotes are written at their reference as `（注：…）`, so a note stays
//!   with the sentence, name or value it annotates.
//!
//! Headers, footers and pictures are left out; pictures (also charts and embedded objects) are
//! counted, since a table published as a picture is data lost. Macros are never run, external
//! relationships never fetched.

mod body;
mod numbering;
mod package;
mod relocate;
mod styles;
mod xml;

use std::collections::HashMap;

use super::MAX_LINES;

pub use package::{MAX_PART_BYTES, MAX_RATIO, MAX_TOTAL_BYTES};
pub use relocate::{place, relocate};

use body::{Block, TCell, Table, VMerge, Walker};

/// Where a line of the rendered text comes from in the Word document (1-based, body order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Locator {
    /// Outside tables: the paragraph among the body's paragraphs. Inside a table: the
    /// paragraph among its cell's (0 for the blank lines between rows).
    pub paragraph: u32,
    /// The table among the body's tables, for a line of a table.
    pub table: Option<u32>,
    /// The row among the table's rows.
    pub row: Option<u32>,
    /// The cell among the row's cells.
    pub cell: Option<u32>,
}

impl std::fmt::Display for Locator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.table {
            Some(t) => {
                write!(f, "table {t}")?;
                if let Some(r) = self.row {
                    write!(f, ", row {r}")?;
                }
                if let Some(c) = self.cell {
                    write!(f, ", cell {c}")?;
                }
                Ok(())
            }
            None => write!(f, "paragraph {}", self.paragraph),
        }
    }
}

/// A Word document rendered as source text.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The text, `\n` after every line.
    pub text: String,
    /// One locator per line of `text` (index = line − 1).
    pub locators: Vec<Locator>,
    /// Pictures, charts and embedded objects in the body, left out of the text.
    pub pictures: usize,
    /// What the reader did that the user should know about, each starting with its locator.
    pub warnings: Vec<String>,
}

/// Reads a .docx package into text in the family's layout. The error says what is wrong for
/// a person who has the file (the caller adds the file name).
pub fn read(bytes: &[u8]) -> Result<Rendered, String> {
    let mut pkg = package::open(bytes)?;
    let main = pkg.main_part()?;
    let rels = pkg.relationships(&main)?;
    let part = |kind: &str| {
        rels.iter()
            .find(|(k, _)| k == kind)
            .map(|(_, target)| target.clone())
    };
    let mut load = |kind: &str| match part(kind) {
        Some(name) => pkg.xml(&name),
        None => Ok(None),
    };
    let styles_xml = load("styles")?;
    let numbering_xml = load("numbering")?;
    let footnotes_xml = load("footnotes")?;
    let endnotes_xml = load("endnotes")?;
    let doc = pkg
        .xml(&main)?
        .ok_or_else(|| format!("the package has no {main}"))?;
    if doc.name != "document" {
        return Err(format!(
            "{main} holds <{}>, not a WordprocessingML <w:document>",
            doc.name
        ));
    }
    let body = doc
        .child("body")
        .ok_or_else(|| format!("{main} has no <w:body>: the document is empty"))?;

    let styles = styles::Styles::parse(styles_xml.as_ref());
    let numbering = numbering::Numbering::parse(numbering_xml.as_ref(), &styles);
    let mut notes = HashMap::new();
    for (endnote, root) in [(false, &footnotes_xml), (true, &endnotes_xml)] {
        let Some(root) = root else { continue };
        for n in root
            .elements()
            .filter(|e| e.name == "footnote" || e.name == "endnote")
        {
            // Separators and continuation notices are layout, not notes.
            if n.attr("type").is_some_and(|t| t != "normal") {
                continue;
            }
            if let Some(id) = n.attr("id") {
                let text = body::note_text(n);
                if !text.is_empty() {
                    notes.insert((endnote, id.to_string()), text);
                }
            }
        }
    }
    let mut walker = Walker::new(&styles, numbering, &notes);
    let blocks = walker.body(body);
    let mut out = Writer::default();
    for block in &blocks {
        match block {
            Block::Para(p) => {
                let at = Locator {
                    paragraph: p.index,
                    table: None,
                    row: None,
                    cell: None,
                };
                // A heading ends the table or box before it: in the family's text it comes
                // after two blank lines.
                if p.level.is_some() && !out.locators.is_empty() {
                    out.blank(at);
                    out.blank(at);
                }
                for line in &p.lines {
                    out.line(untabbed(line), at);
                }
            }
            Block::Table(t) => render_table(t, &mut out),
        }
    }
    if walker.written > body::MAX_WRITTEN || out.overflow {
        return Err(format!(
            "the document renders to more than {MAX_TEXT_BYTES} bytes or {MAX_LINES} lines of \
             text (notes or merged cells repeated without end?); plandoc reads plans up to that"
        ));
    }
    let mut warnings = walker.warnings;
    warnings.append(&mut out.warnings);
    Ok(Rendered {
        text: out.text,
        locators: out.locators,
        pictures: walker.pictures,
        warnings,
    })
}

/// Most bytes of rendered text: twice the largest source text plandoc reads.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// The rendered text being written.
#[derive(Default)]
struct Writer {
    text: String,
    locators: Vec<Locator>,
    warnings: Vec<String>,
    /// A bound was reached.
    overflow: bool,
}

impl Writer {
    /// Past the bounds nothing more is written (and the document is refused).
    fn full(&mut self) -> bool {
        self.overflow |= self.text.len() > MAX_TEXT_BYTES || self.locators.len() > MAX_LINES;
        self.overflow
    }

    fn line(&mut self, text: &str, at: Locator) {
        if self.full() {
            return;
        }
        self.text.push_str(text);
        self.text.push('\n');
        self.locators.push(at);
    }

    /// A blank line: in a table it stands for its row; elsewhere, for its paragraph.
    fn blank(&mut self, at: Locator) {
        let paragraph = if at.table.is_some() { 0 } else { at.paragraph };
        self.line("", Locator { paragraph, ..at });
    }

    /// A cell: its first line after a TAB, the others as continuation lines.
    fn cell(&mut self, lines: &[(u32, String)], at: Locator) {
        let Some(((p, first), rest)) = lines.split_first() else {
            self.line("\t", Locator { paragraph: 1, ..at });
            return;
        };
        if self.full() {
            return;
        }
        self.text.push('\t');
        self.line(
            untabbed(first),
            Locator {
                paragraph: *p,
                ..at
            },
        );
        for (p, l) in rest {
            self.line(
                untabbed(l),
                Locator {
                    paragraph: *p,
                    ..at
                },
            );
        }
    }
}

/// A line without leading TABs: a TAB at the start of a line would begin a table cell.
fn untabbed(line: &str) -> &str {
    line.trim_start_matches(['\t', ' ', '\u{3000}'])
}

fn cell_at(t: &Table, row: u32, cell: &TCell) -> Locator {
    Locator {
        paragraph: 0,
        table: Some(t.index),
        row: Some(row),
        cell: Some(cell.index),
    }
}

fn render_table(t: &Table, out: &mut Writer) {
    let Some((header, body)) = t.rows.split_first() else {
        return;
    };
    let row_at = |row: u32| Locator {
        paragraph: 0,
        table: Some(t.index),
        row: Some(row),
        cell: None,
    };
    if t.rows.iter().all(|r| r.cells.len() <= 1) {
        // A frame (a box drawn as a one-cell table): its lines are the box's lines.
        for r in &t.rows {
            for c in &r.cells {
                for (p, l) in &c.lines {
                    out.line(
                        untabbed(l),
                        Locator {
                            paragraph: *p,
                            ..cell_at(t, r.index, c)
                        },
                    );
                }
            }
        }
        let end = row_at(t.rows.last().map_or(1, |r| r.index));
        out.blank(end);
        out.blank(end);
        return;
    }
    let category_mode = header
        .cells
        .first()
        .is_some_and(|c| c.col == 0 && c.span >= 2)
        && body.iter().any(is_category_row);
    let width = header.cells.len();
    for c in &header.cells {
        out.cell(&c.lines, cell_at(t, header.index, c));
    }
    out.blank(row_at(header.index));
    // The text of the last cell that started at each grid column, for merges below it.
    let mut above: HashMap<u32, Vec<(u32, String)>> = HashMap::new();
    for r in body {
        let mut cells: &[TCell] = &r.cells;
        if category_mode && is_category_row(r) {
            let first = &r.cells[0];
            if first.vmerge != VMerge::Continue {
                out.cell(&first.lines, cell_at(t, r.index, first));
                out.blank(row_at(r.index));
            }
            cells = &r.cells[1..];
        }
        if cells.len() != width && !is_note(cells) {
            out.warnings.push(format!(
                "table {}, row {}: {} cells, the header row has {width}",
                t.index,
                r.index,
                cells.len()
            ));
        }
        for c in cells {
            let at = cell_at(t, r.index, c);
            match c.vmerge {
                VMerge::Continue if c.col == 0 => out.cell(&[], at),
                VMerge::Continue => {
                    let lines = above.get(&c.col).cloned().unwrap_or_default();
                    out.cell(&lines, at);
                }
                _ => {
                    above.insert(c.col, c.lines.clone());
                    out.cell(&c.lines, at);
                }
            }
        }
        out.blank(row_at(r.index));
    }
    out.blank(row_at(t.rows.last().map_or(1, |r| r.index)));
}

/// A row whose first cell is one grid column wide and is followed by another cell.
fn is_category_row(r: &body::TRow) -> bool {
    r.cells.len() > 1 && r.cells[0].col == 0 && r.cells[0].span == 1 && r.cells[1].col == 1
}

/// A `备注 | …` row, which the text family writes with two cells.
fn is_note(cells: &[TCell]) -> bool {
    cells.len() == 2
        && cells[0].lines.first().is_some_and(|(_, l)| {
            let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            t.trim_end_matches(['：', ':']) == "备注"
        })
}
