//! `document.xml`'s body to blocks: paragraphs as displayed, and tables of rows of cells.
//!
//! Runs are joined as Word displays them: text, tabs, breaks, symbols, non-breaking hyphens,
//! the results of fields (never their instructions), hyperlinks' text, tracked changes as if
//! accepted (insertions kept, deletions dropped), hidden text left out. The table of contents,
//! as a field or as a content control, is left out. Footnotes and endnotes are written at their
//! reference as `（注：…）`. Pictures are counted and otherwise left out, with headers and footers.

use std::collections::HashMap;

use super::numbering::Numbering;
use super::styles::Styles;
use super::xml::{Element, Node, on};

/// A block of the body in document order.
#[derive(Debug, Clone)]
pub enum Block {
    /// A body paragraph.
    Para(Para),
    /// A table.
    Table(Table),
}

/// A body paragraph.
#[derive(Debug, Clone)]
pub struct Para {
    /// 1-based among the body's paragraphs (outside tables), TOC paragraphs included.
    pub index: u32,
    /// Its text with its number, split at line breaks.
    pub lines: Vec<String>,
    /// Its heading level (1 = outermost) from its style or outline level.
    pub level: Option<u8>,
}

/// A table: rows of cells.
#[derive(Debug, Clone)]
pub struct Table {
    /// 1-based among the body's tables (nested tables are read into their cell).
    pub index: u32,
    /// Rows in order (deleted rows left out).
    pub rows: Vec<TRow>,
}

/// A table row.
#[derive(Debug, Clone)]
pub struct TRow {
    /// 1-based among the table's rows.
    pub index: u32,
    /// Cells in order.
    pub cells: Vec<TCell>,
}

/// A vertical merge state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    /// Not merged.
    None,
    /// The first cell of a vertical merge.
    Restart,
    /// A cell continuing the merge above.
    Continue,
}

/// A table cell.
#[derive(Debug, Clone)]
pub struct TCell {
    /// 1-based among the row's cells.
    pub index: u32,
    /// First grid column (0-based).
    pub col: u32,
    /// Grid columns spanned.
    pub span: u32,
    /// Vertical merge.
    pub vmerge: VMerge,
    /// Non-blank lines of the cell's paragraphs, each with its 1-based paragraph in the cell.
    pub lines: Vec<(u32, String)>,
}

/// A complex field being read (`w:fldChar` begin … separate … end).
#[derive(Debug, Clone, Default)]
struct Field {
    instruction: String,
    /// Past `separate`: the runs are the field's displayed result.
    in_result: bool,
}

impl Field {
    fn is_toc(&self) -> bool {
        let word = self.instruction.split_whitespace().next().unwrap_or("");
        word.eq_ignore_ascii_case("TOC")
    }
}

/// Reads a body into blocks.
pub struct Walker<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    notes: &'a HashMap<(bool, String), String>,
    fields: Vec<Field>,
    /// The current paragraph met a TOC field (so holds TOC entries).
    met_toc: bool,
    /// Pictures, charts and embedded objects met.
    pub pictures: usize,
    /// What was read in a way the user should know about, with its locator.
    pub warnings: Vec<String>,
    paragraphs: u32,
    tables: u32,
    /// Locator of the cell being read, for warnings.
    place: String,
    /// Bytes of note text and numbers written so far, against `MAX_WRITTEN`.
    pub written: usize,
}

/// Most bytes of note text and automatic numbers written into the text: they are the only
/// text that repeats (a note referenced again and again), so they alone can outgrow the part.
pub const MAX_WRITTEN: usize = 32 * 1024 * 1024;

/// Largest number of open fields tracked; deeper nesting is treated as one more level.
const MAX_FIELDS: usize = 64;

impl<'a> Walker<'a> {
    /// A walker over a document with these styles, numbering and notes
    /// (`(is_endnote, id)` → text).
    pub fn new(
        styles: &'a Styles,
        numbering: Numbering,
        notes: &'a HashMap<(bool, String), String>,
    ) -> Self {
        Walker {
            styles,
            numbering,
            notes,
            fields: Vec::new(),
            met_toc: false,
            pictures: 0,
            warnings: Vec::new(),
            paragraphs: 0,
            tables: 0,
            place: String::new(),
            written: 0,
        }
    }

    /// The blocks of `w:body`.
    pub fn body(&mut self, body: &Element) -> Vec<Block> {
        let mut out = Vec::new();
        self.blocks(body, &mut out);
        out
    }

    fn blocks(&mut self, parent: &Element, out: &mut Vec<Block>) {
        for e in parent.elements() {
            match e.name.as_str() {
                "p" => {
                    self.paragraphs += 1;
                    let index = self.paragraphs;
                    self.place = format!("paragraph {index}");
                    if let Some((lines, level)) = self.paragraph(e) {
                        out.push(Block::Para(Para {
                            index,
                            lines,
                            level,
                        }));
                    }
                }
                "tbl" => {
                    self.tables += 1;
                    let t = self.table(e, self.tables);
                    out.push(Block::Table(t));
                }
                "sdt" => {
                    if !is_toc_control(e)
                        && let Some(content) = e.child("sdtContent")
                    {
                        self.blocks(content, out);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.blocks(e, out),
                "AlternateContent" => {
                    if let Some(choice) = e.elements().next() {
                        self.blocks(choice, out);
                    }
                }
                _ => {}
            }
        }
    }

    /// A paragraph's lines and heading level, or `None` when it is a TOC entry (or deleted).
    fn paragraph(&mut self, p: &Element) -> Option<(Vec<String>, Option<u8>)> {
        let ppr = p.child("pPr");
        let p_style = ppr.and_then(|x| x.val("pStyle"));
        let style = self.styles.effective(p_style);
        let in_toc_before = self.in_toc();
        self.met_toc = in_toc_before;
        let mut text = String::new();
        self.inline(p, &mut text);
        if self.styles.is_toc_entry(style) || self.met_toc && text.trim().is_empty() {
            return None;
        }
        let level = ppr
            .and_then(|x| x.val("outlineLvl"))
            .and_then(|v| v.parse::<u8>().ok())
            .map(|l| (l < 9).then_some(l + 1))
            .unwrap_or_else(|| self.styles.heading_level(style));
        let label = self.number(ppr, style);
        let mut full = label.unwrap_or_default();
        full.push_str(&text);
        if level.is_some() {
            // A heading is one line even when a line break sets its title under its number.
            return Some((vec![join_broken(&full)], level));
        }
        Some((split_lines(&full), level))
    }

    /// The paragraph's automatic number, counting it.
    fn number(&mut self, ppr: Option<&Element>, style: Option<&str>) -> Option<String> {
        let direct = ppr.and_then(|x| x.child("numPr"));
        let (style_num, style_ilvl) = self.styles.numbering(style);
        let num_id = direct
            .and_then(|n| n.val("numId"))
            .map(str::to_string)
            .or(style_num)?;
        if num_id == "0" {
            return None;
        }
        let ilvl = direct
            .and_then(|n| n.val("ilvl"))
            .and_then(|v| v.parse().ok())
            .or(style_ilvl)
            .unwrap_or(0);
        let label = self.numbering.next(&num_id, ilvl)?;
        self.written = self.written.saturating_add(label.len());
        Some(label)
    }

    fn in_toc(&self) -> bool {
        self.fields.iter().any(Field::is_toc)
    }

    /// Whether run text is shown now: not inside a field's instruction, nor inside a TOC.
    fn shown(&self) -> bool {
        self.fields.iter().all(|f| f.in_result && !f.is_toc())
    }

    /// Appends the displayed text of a paragraph's (or run container's) children.
    fn inline(&mut self, parent: &Element, out: &mut String) {
        for e in parent.elements() {
            match e.name.as_str() {
                "r" => self.run(e, out),
                "hyperlink" | "smartTag" | "customXml" | "ins" | "moveTo" | "dir" | "bdo"
                | "sdtContent" => self.inline(e, out),
                "sdt" => {
                    if !is_toc_control(e)
                        && let Some(c) = e.child("sdtContent")
                    {
                        self.inline(c, out);
                    }
                }
                "fldSimple" => {
                    let instr = e.attr("instr").unwrap_or("");
                    let toc = Field {
                        instruction: instr.to_string(),
                        in_result: true,
                    };
                    if toc.is_toc() {
                        self.met_toc = true;
                    } else {
                        self.inline(e, out);
                    }
                }
                "oMath" | "oMathPara" if self.shown() => {
                    for t in e.descendants().into_iter().filter(|d| d.name == "t") {
                        out.push_str(&t.text());
                    }
                }
                "AlternateContent" => {
                    if let Some(choice) = e.elements().next() {
                        self.inline(choice, out);
                    }
                }
                // Deletions, moved-away text, properties, bookmarks, comments: not displayed.
                _ => {}
            }
        }
    }

    fn run(&mut self, r: &Element, out: &mut String) {
        let rpr = r.child("rPr");
        let hidden =
            on(rpr.and_then(|x| x.child("vanish"))) || on(rpr.and_then(|x| x.child("webHidden")));
        self.run_items(r, hidden, out);
    }

    fn run_items(&mut self, r: &Element, hidden: bool, out: &mut String) {
        for e in r.elements() {
            match e.name.as_str() {
                "fldChar" => match e.attr("fldCharType") {
                    Some("begin") if self.fields.len() < MAX_FIELDS => {
                        self.fields.push(Field::default());
                    }
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            f.in_result = true;
                        }
                    }
                    Some("end") => {
                        if let Some(f) = self.fields.pop()
                            && f.is_toc()
                        {
                            self.met_toc = true;
                        }
                    }
                    _ => {}
                },
                "instrText" => {
                    if let Some(f) = self.fields.last_mut()
                        && !f.in_result
                    {
                        if f.instruction.len() < 4096 {
                            f.instruction.push_str(&e.text());
                        }
                        if f.is_toc() {
                            self.met_toc = true;
                        }
                    }
                }
                _ if hidden || !self.shown() => {
                    if matches!(e.name.as_str(), "drawing" | "pict" | "object") {
                        self.picture(e);
                    }
                }
                // A line end inside w:t is white space in Word, not a break.
                "t" => out.extend(
                    e.text()
                        .chars()
                        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
                ),
                "tab" | "ptab" => out.push('\t'),
                "br" | "cr" if !matches!(e.attr("type"), Some("page" | "column")) => {
                    out.push('\n');
                }
                "noBreakHyphen" => out.push('-'),
                "sym" => {
                    if let Some(c) = e
                        .attr("char")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                    {
                        out.push(c);
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    let endnote = e.name == "endnoteReference";
                    let id = e.attr("id").unwrap_or("").to_string();
                    if let Some(text) = self.notes.get(&(endnote, id)) {
                        // A long note referenced many times must not multiply the text.
                        self.written = self.written.saturating_add(text.len());
                        if self.written <= MAX_WRITTEN {
                            out.push_str("（注：");
                            out.push_str(text);
                            out.push('）');
                        }
                    }
                }
                "drawing" | "pict" | "object" => self.picture(e),
                "AlternateContent" => {
                    if let Some(choice) = e.elements().next() {
                        self.run_items(choice, hidden, out);
                    }
                }
                _ => {}
            }
        }
    }

    /// Counts a picture, chart or embedded object; a text box is not one, but its text is
    /// left out, which the user is told.
    fn picture(&mut self, e: &Element) {
        let all = e.descendants();
        if all.iter().any(|d| d.name == "txbxContent") {
            let has_text = all
                .iter()
                .any(|d| d.name == "t" && !d.text().trim().is_empty());
            if has_text {
                self.warnings.push(format!(
                    "{}: a text box; its text is left out (move it into the body to keep it)",
                    self.place
                ));
            }
            return;
        }
        self.pictures += 1;
    }

    fn table(&mut self, tbl: &Element, index: u32) -> Table {
        let mut table = Table {
            index,
            rows: Vec::new(),
        };
        let mut row_no = 0u32;
        for tr in rows_of(tbl) {
            row_no += 1;
            if tr.child("trPr").and_then(|p| p.child("del")).is_some() {
                continue;
            }
            let mut col: u32 = tr
                .child("trPr")
                .and_then(|p| p.val("gridBefore"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
                .min(1000);
            let mut row = TRow {
                index: row_no,
                cells: Vec::new(),
            };
            for (k, tc) in cells_of(tr).into_iter().enumerate() {
                let cell_no = k as u32 + 1;
                self.place = format!("table {index}, row {row_no}, cell {cell_no}");
                let tcpr = tc.child("tcPr");
                let span = tcpr
                    .and_then(|p| p.val("gridSpan"))
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000);
                let vmerge = match tcpr.and_then(|p| p.child("vMerge")) {
                    None => VMerge::None,
                    Some(v) if v.attr("val") == Some("restart") => VMerge::Restart,
                    Some(_) => VMerge::Continue,
                };
                let mut lines = Vec::new();
                let mut para = 0u32;
                self.cell_lines(tc, &mut lines, &mut para, 0);
                row.cells.push(TCell {
                    index: cell_no,
                    col,
                    span,
                    vmerge,
                    lines,
                });
                col = col.saturating_add(span);
            }
            table.rows.push(row);
        }
        table
    }

    /// The lines of a cell's paragraphs; a nested table's cells become more lines.
    fn cell_lines(
        &mut self,
        tc: &Element,
        out: &mut Vec<(u32, String)>,
        para: &mut u32,
        nest: u32,
    ) {
        for e in tc.elements() {
            match e.name.as_str() {
                "p" => {
                    *para += 1;
                    if let Some((lines, _)) = self.paragraph(e) {
                        for l in lines {
                            if !l.trim().is_empty() {
                                out.push((*para, l));
                            }
                        }
                    }
                }
                "tbl" => {
                    if nest == 0 {
                        self.warnings.push(format!(
                            "{}: a table inside the cell; its cells are read as lines of this cell",
                            self.place
                        ));
                    }
                    for tr in rows_of(e) {
                        for inner in cells_of(tr) {
                            self.cell_lines(inner, out, para, nest + 1);
                        }
                    }
                }
                "sdt" => {
                    if let Some(c) = e.child("sdtContent") {
                        self.cell_lines(c, out, para, nest);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.cell_lines(e, out, para, nest),
                _ => {}
            }
        }
    }
}

/// A table's rows, through content controls and custom XML around them.
fn rows_of(tbl: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    collect(tbl, "tr", &mut out);
    out
}

/// A row's cells, through content controls and custom XML around them.
fn cells_of(tr: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    collect(tr, "tc", &mut out);
    out
}

fn collect<'e>(parent: &'e Element, name: &str, out: &mut Vec<&'e Element>) {
    for e in parent.elements() {
        if e.name == name {
            out.push(e);
        } else if matches!(e.name.as_str(), "sdt" | "sdtContent" | "customXml" | "ins") {
            collect(e, name, out);
        }
    }
}

/// Whether a content control holds a table of contents (`w:docPartGallery`).
fn is_toc_control(sdt: &Element) -> bool {
    sdt.child("sdtPr")
        .and_then(|p| p.child("docPartObj"))
        .and_then(|d| d.val("docPartGallery"))
        .is_some_and(|g| g.eq_ignore_ascii_case("Table of Contents"))
}

/// A heading's lines as one: nothing between Chinese characters, a space between others.
fn join_broken(text: &str) -> String {
    let wide = |c: Option<char>| c.is_some_and(|c| c > '\u{2E80}');
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split('\n').map(str::trim).filter(|p| !p.is_empty());
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for p in parts {
        if !(wide(out.chars().next_back()) && wide(p.chars().next())) {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// A paragraph's text split at its line breaks.
fn split_lines(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_string).collect()
}

/// The text of a footnote or endnote: its paragraphs' runs, joined without the reference mark.
pub fn note_text(note: &Element) -> String {
    let mut out = String::new();
    note_walk(note, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn note_walk(e: &Element, out: &mut String) {
    for n in &e.children {
        if let Node::Element(c) = n {
            match c.name.as_str() {
                "del" | "moveFrom" | "instrText" | "rPr" | "pPr" => {}
                "t" => out.push_str(&c.text()),
                "p" => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    note_walk(c, out);
                }
                _ => note_walk(c, out),
            }
        }
    }
}
