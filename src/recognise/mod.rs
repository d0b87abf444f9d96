//! Layout cues to an outline: parts, chapters, sections, headings, paragraphs, tables, project
//! boxes and the glossary, each with the lines it came from, and the lines that are not content
//! (table of contents, title, datelines, citations, page numbers). Nothing here knows one plan's
//! words: only the generic cue words plans use for their divisions.
//!
//! Reading never fails on layout: what cannot be told is kept as paragraphs and said in
//! [`Outline::warnings`] or [`Outline::kept_as_paragraphs`].

mod line;
mod noise;
mod table;

pub use line::{Heading, HeadingKind, LineKind, MAX_TITLE_CHARS, classify, is_list_line};
pub use noise::LeftOutReason;
pub use table::{Cell, NotATable, Row, TableNode};

use crate::normalise::text::{clean, compact};

/// The recognised outline of a plan's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// The plan's title line, when the text opens with one.
    pub title: Option<TextLine>,
    /// Lines left out of the plan, in order, with the reason.
    pub left_out: Vec<LeftOut>,
    /// The `前言` heading's line, when the text has one.
    pub preface_heading: Option<usize>,
    /// Content before the first part or chapter.
    pub preface: Vec<Item>,
    /// Parts (`第N篇`) in order.
    pub parts: Vec<PartNode>,
    /// Chapters in order.
    pub chapters: Vec<ChapterNode>,
    /// The glossary, when the text has one.
    pub glossary: Option<GlossaryNode>,
    /// What could not be read as it seemed, by line.
    pub warnings: Vec<LineNote>,
    /// Lines that look like headings but were kept as paragraphs, and why.
    pub kept_as_paragraphs: Vec<LineNote>,
}

/// A remark about a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineNote {
    /// 1-based first line.
    pub line: usize,
    /// 1-based last line, when the remark covers several.
    pub end_line: Option<usize>,
    /// The remark.
    pub message: String,
}

/// A line left out of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Why it is not content.
    pub reason: LeftOutReason,
    /// The line.
    pub line: TextLine,
}

/// One line of text with its 1-based line number (the raw text, not yet cleaned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    /// 1-based line number.
    pub line: usize,
    /// The line's text as in the source, TAB and indents removed.
    pub text: String,
}

/// How a plan numbers its top divisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChapterStyle {
    /// `第N章`.
    #[default]
    Chapter,
    /// `一、` in a plan without `第N章`.
    Item,
}

/// A part (`第N篇`) above chapters.
#[derive(Debug, Clone, PartialEq)]
pub struct PartNode {
    /// The part's heading.
    pub heading: Heading,
    /// Content between the part heading and its first chapter.
    pub intro: Vec<Item>,
    /// Last line that belongs to the part.
    pub end_line: usize,
}

/// A chapter with its intro and sections.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterNode {
    /// The `第N章` (or `一、`) heading.
    pub heading: Heading,
    /// Index into [`Outline::parts`] of the part it stands in.
    pub part: Option<usize>,
    /// How the chapter is numbered.
    pub style: ChapterStyle,
    /// Items between the heading and the first section.
    pub intro: Vec<Item>,
    /// Sections in order.
    pub sections: Vec<SectionNode>,
    /// Last line that belongs to the chapter.
    pub end_line: usize,
}

/// A section with its items.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionNode {
    /// The `第N节` heading.
    pub heading: Heading,
    /// Items in order.
    pub items: Vec<Item>,
    /// Last line that belongs to the section.
    pub end_line: usize,
}

/// A heading inside a chapter or section (`一、`, `（一）`, `1.`, `（1）`).
#[derive(Debug, Clone, PartialEq)]
pub struct SubHeading {
    /// The heading line.
    pub heading: Heading,
    /// 1 for the outermost kind of heading the plan uses inside its chapters.
    pub level: u32,
}

/// A piece of content inside a chapter or section.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A paragraph: one line.
    Paragraph(TextLine),
    /// A numbered heading.
    Heading(SubHeading),
    /// A table.
    Table(TableNode),
    /// A project box.
    Box(BoxNode),
}

/// A project box: `专栏N title` and its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxNode {
    /// The `专栏N` heading.
    pub heading: Heading,
    /// The box's non-blank lines.
    pub lines: Vec<TextLine>,
    /// Last non-blank line of the box.
    pub end_line: usize,
}

/// The glossary: `名词解释` and its entry lines.
#[derive(Debug, Clone, PartialEq)]
pub struct GlossaryNode {
    /// Line of the `名词解释` heading.
    pub line: usize,
    /// Entry lines `term：definition` (and lines continuing one).
    pub entries: Vec<TextLine>,
}

/// The text cannot be read at all (kept for callers; layout never fails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    /// 1-based line.
    pub line: usize,
    /// What was expected and what was found.
    pub message: String,
}

/// Where new items go while reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Preface,
    PartIntro,
    ChapterIntro,
    Section,
    Glossary,
}

/// Recognises the outline of a text (already decoded, `\n` line endings).
pub fn outline(text: &str) -> Result<Outline, LayoutError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let item_chapters = uses_item_chapters(&lines);
    let mut reader = Reader {
        lines: &lines,
        at: 0,
        outline: Outline::default(),
        place: Place::Preface,
        item_chapters,
        started: false,
        furniture: furniture(&lines),
    };
    reader.run();
    let mut outline = reader.outline;
    assign_levels(&mut outline, item_chapters);
    Ok(outline)
}

/// A plan without any `第N章` whose top divisions are `一、` uses those as chapters.
fn uses_item_chapters(lines: &[&str]) -> bool {
    let mut items = false;
    for raw in lines {
        if let LineKind::Heading(h) = classify(raw) {
            match h.kind {
                HeadingKind::Chapter => return false,
                HeadingKind::Item => items = true,
                _ => {}
            }
        }
    }
    items
}

struct Reader<'a> {
    lines: &'a [&'a str],
    /// Index of the next line to read.
    at: usize,
    outline: Outline,
    place: Place,
    item_chapters: bool,
    /// Whether content (a division or a paragraph) has begun: before it, a title may stand.
    started: bool,
    /// Running headers and footers: short lines repeated on many pages (cleaned, compacted).
    furniture: std::collections::HashSet<String>,
}

/// How often a short line must repeat to be a page's running header or footer.
const FURNITURE_REPEATS: usize = 3;

/// Short, non-sentence, non-heading lines outside tables that repeat on page after page (a
/// running header naming the plan, a footer naming the office) — furniture, not content.
fn furniture(lines: &[&str]) -> std::collections::HashSet<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for raw in lines {
        if let LineKind::Text(t) = classify(raw) {
            let c = clean(&t);
            let n = c.chars().count();
            if (4..=40).contains(&n) && !c.contains(['。', '；', '，', '：', ':', '、']) {
                *counts.entry(compact(&c)).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= FURNITURE_REPEATS)
        .map(|(k, _)| k)
        .collect()
}

/// Whether a raw line is page furniture: a page number, or a repeated running header/footer.
fn is_furniture(furniture: &std::collections::HashSet<String>, raw: &str) -> bool {
    let c = clean(raw);
    noise::is_page_number(&c) || furniture.contains(&compact(&c))
}

impl Reader<'_> {
    fn run(&mut self) {
        while self.at < self.lines.len() {
            let n = self.at + 1;
            let raw = self.lines[self.at];
            match classify(raw) {
                LineKind::Cell(_) if self.place != Place::Glossary => {
                    self.table(n);
                    continue;
                }
                kind => self.line(kind, raw, n),
            }
            self.at += 1;
        }
    }

    /// Reads one line (or the run-in rest of one) that is not the start of a table.
    fn line(&mut self, kind: LineKind, raw: &str, n: usize) {
        match kind {
            LineKind::Blank => {}
            LineKind::Heading(mut h) => {
                h.line = n;
                let rest = h.rest.take();
                self.heading(h, raw, n);
                if let Some(rest) = rest {
                    let kind = match classify(&rest) {
                        LineKind::Cell(t) => LineKind::Text(t),
                        k => k,
                    };
                    self.line(kind, &rest, n);
                }
            }
            LineKind::Cell(text) | LineKind::Text(text) => self.text(TextLine { line: n, text }),
        }
    }

    fn text(&mut self, line: TextLine) {
        let cleaned = clean(&line.text);
        if let Some(reason) = self.noise(&cleaned) {
            if reason == LeftOutReason::Title && self.outline.title.is_none() {
                self.outline.title = Some(line.clone());
            }
            self.outline.left_out.push(LeftOut { reason, line });
            return;
        }
        if self.place == Place::Glossary {
            if let Some(g) = self.outline.glossary.as_mut() {
                g.entries.push(line);
            }
            return;
        }
        if let Some(reason) = line::heading_like(&cleaned) {
            self.keep(line.line, reason);
        }
        self.started = true;
        self.push_item(Item::Paragraph(line));
    }

    /// Why a content line is not content, if it is not.
    fn noise(&mut self, cleaned: &str) -> Option<LeftOutReason> {
        if noise::is_page_number(cleaned) || self.furniture.contains(&compact(cleaned)) {
            return Some(LeftOutReason::PageNumber);
        }
        if noise::is_dateline(cleaned) {
            return Some(LeftOutReason::Dateline);
        }
        if noise::is_citation(cleaned) {
            return Some(LeftOutReason::Citation);
        }
        if self.outline.chapters.is_empty() && self.outline.parts.is_empty() {
            match &self.outline.title {
                None if !self.started && noise::is_title_like(cleaned) => {
                    return Some(LeftOutReason::Title);
                }
                Some(t) if !self.started && noise::repeats_title(&t.text, cleaned) => {
                    return Some(LeftOutReason::Title);
                }
                _ => {}
            }
        }
        None
    }

    fn keep(&mut self, line: usize, message: impl Into<String>) {
        self.outline.kept_as_paragraphs.push(LineNote {
            line,
            end_line: None,
            message: message.into(),
        });
    }

    fn warn(&mut self, line: usize, end_line: Option<usize>, message: impl Into<String>) {
        self.outline.warnings.push(LineNote {
            line,
            end_line: end_line.filter(|e| *e > line),
            message: message.into(),
        });
    }

    fn heading(&mut self, h: Heading, raw: &str, n: usize) {
        if self.place == Place::Glossary && h.kind != HeadingKind::Contents {
            // Inside the glossary everything up to the end is entries (a term may look like
            // a heading); only a second 名词解释 is worth a word.
            if h.kind == HeadingKind::Glossary {
                self.warn(
                    n,
                    None,
                    "a second glossary heading 名词解释; read as an entry line",
                );
            }
            self.text(TextLine {
                line: n,
                text: raw.to_string(),
            });
            return;
        }
        match h.kind {
            HeadingKind::Contents => self.contents(n),
            HeadingKind::Preface => {
                if self.outline.chapters.is_empty() && self.outline.preface_heading.is_none() {
                    self.outline.preface_heading = Some(n);
                    self.left_out_heading(n, raw);
                    self.place = Place::Preface;
                    self.started = true;
                } else {
                    self.keep(
                        n,
                        "前言 after the plan's content began: kept as a paragraph",
                    );
                    self.paragraph(n, raw);
                }
            }
            HeadingKind::Part => {
                self.outline.parts.push(PartNode {
                    heading: h,
                    intro: Vec::new(),
                    end_line: n,
                });
                self.place = Place::PartIntro;
                self.started = true;
            }
            HeadingKind::Chapter => self.chapter(h, ChapterStyle::Chapter),
            HeadingKind::Item if self.item_chapters => self.chapter(h, ChapterStyle::Item),
            HeadingKind::Section => {
                let Some(ch) = self.outline.chapters.last_mut() else {
                    self.keep(
                        n,
                        "a 第N节 section heading before any chapter: kept as a paragraph",
                    );
                    self.paragraph(n, raw);
                    return;
                };
                ch.sections.push(SectionNode {
                    heading: h,
                    items: Vec::new(),
                    end_line: n,
                });
                ch.end_line = n;
                self.place = Place::Section;
            }
            HeadingKind::Box => {
                let node = self.read_box(h);
                self.started = true;
                self.push_item(Item::Box(node));
            }
            HeadingKind::Glossary => {
                self.left_out_heading(n, raw);
                self.outline.glossary = Some(GlossaryNode {
                    line: n,
                    entries: Vec::new(),
                });
                self.place = Place::Glossary;
            }
            HeadingKind::Item
            | HeadingKind::ParenItem
            | HeadingKind::Numbered
            | HeadingKind::ParenNumbered => {
                self.started = true;
                self.push_item(Item::Heading(SubHeading {
                    heading: h,
                    level: 0,
                }));
            }
        }
    }

    fn left_out_heading(&mut self, n: usize, raw: &str) {
        self.outline.left_out.push(LeftOut {
            reason: LeftOutReason::Heading,
            line: TextLine {
                line: n,
                text: raw.to_string(),
            },
        });
    }

    fn paragraph(&mut self, n: usize, raw: &str) {
        self.started = true;
        self.push_item(Item::Paragraph(TextLine {
            line: n,
            text: raw.to_string(),
        }));
    }

    fn chapter(&mut self, h: Heading, style: ChapterStyle) {
        self.note_restart(&h);
        let part = self.outline.parts.len().checked_sub(1);
        self.outline.chapters.push(ChapterNode {
            end_line: h.line,
            heading: h,
            part,
            style,
            intro: Vec::new(),
            sections: Vec::new(),
        });
        self.place = Place::ChapterIntro;
        self.started = true;
    }

    /// Numbering that starts again from one usually means a second document in the same text,
    /// and a title-like line just before it is that document's title: worth a word in the report.
    fn note_restart(&mut self, h: &Heading) {
        let Some(prev) = self.outline.chapters.last() else {
            return;
        };
        if h.number > prev.heading.number || h.number != 1 {
            return;
        }
        let items = prev.sections.last().map_or(&prev.intro, |s| &s.items);
        // The new document's title, then perhaps a line or two of its preamble.
        let title = items.iter().rev().take(3).find_map(|i| match i {
            Item::Paragraph(p) if noise::is_caption_like(&clean(&p.text)) => Some(p.line),
            _ => None,
        });
        if let Some(line) = title {
            self.keep(
                line,
                "reads like a title before the numbering starts again (a second document?); kept as a paragraph of the chapter before",
            );
        }
    }

    /// Reads a table of contents after its `目录` heading: heading-shaped lines (with or without
    /// page numbers) up to the first line that is not one, or up to the first heading that
    /// comes again (the body has begun).
    fn contents(&mut self, n: usize) {
        self.outline.left_out.push(LeftOut {
            reason: LeftOutReason::Contents,
            line: TextLine {
                line: n,
                text: self.lines[n - 1].to_string(),
            },
        });
        let mut first: Option<String> = None;
        let mut next = n;
        while next < self.lines.len() {
            let raw = self.lines[next];
            let cleaned = clean(raw);
            if cleaned.is_empty() {
                next += 1;
                continue;
            }
            let entry = line::strip_page_reference(&cleaned);
            let Some(h) = line::heading(entry) else {
                break;
            };
            if h.kind == HeadingKind::Contents {
                break;
            }
            let key = compact(&h.text);
            match &first {
                Some(f) if *f == key => break,
                None => first = Some(key),
                _ => {}
            }
            self.outline.left_out.push(LeftOut {
                reason: LeftOutReason::Contents,
                line: TextLine {
                    line: next + 1,
                    text: raw.to_string(),
                },
            });
            next += 1;
        }
        // The reader's loop moves on to the line after `at`.
        self.at = next - 1;
    }

    /// A TAB-led line: a table when the lines have a table's shape, else paragraphs.
    fn table(&mut self, n: usize) {
        let title = self.take_title(n);
        let given = title.clone();
        let furniture = &self.furniture;
        let read = table::read(self.lines, &mut self.at, title, &|raw| {
            is_furniture(furniture, raw)
        });
        let skipped = match &read {
            Ok(node) => node.skipped.clone(),
            Err(not) => not.skipped.clone(),
        };
        for n in skipped {
            self.outline.left_out.push(LeftOut {
                reason: LeftOutReason::PageNumber,
                line: TextLine {
                    line: n,
                    text: self.lines[n - 1].to_string(),
                },
            });
        }
        match read {
            Ok(node) => {
                if node.title.is_none() {
                    self.warn(
                        n,
                        None,
                        "a table without a title line (the line before its header row is not a title): it has no title",
                    );
                }
                self.started = true;
                self.push_item(Item::Table(node));
            }
            Err(not) => {
                if let Some(title) = given {
                    self.push_item(Item::Paragraph(title));
                }
                self.untable(not);
            }
        }
    }

    /// Lines that started like a table but are not one: each line a paragraph.
    fn untable(&mut self, not: NotATable) {
        let first = not.cells.first().map_or(self.at, |c| c.line);
        let last = not.cells.last().map_or(first, |c| c.end_line);
        if let Some(reason) = &not.reason {
            self.warn(
                first,
                Some(last),
                format!(
                    "these lines start like a table but are not one ({reason}); kept as paragraphs"
                ),
            );
        }
        // Straight to paragraphs: a TAB-led `12` is a cell's text, not a page number.
        for cell in not.cells {
            for (text, line) in cell.fragments.into_iter().zip(cell.fragment_lines) {
                if self.place == Place::Glossary {
                    self.text(TextLine { line, text });
                } else {
                    self.started = true;
                    self.push_item(Item::Paragraph(TextLine { line, text }));
                }
            }
        }
    }

    /// The paragraph just before a table's header row is its title when it reads like one and
    /// stands at most one blank line above.
    fn take_title(&mut self, header_line: usize) -> Option<TextLine> {
        let items = self.items_mut()?;
        let Some(Item::Paragraph(p)) = items.last() else {
            return None;
        };
        let cleaned = clean(&p.text);
        if p.line + 2 < header_line || !noise::is_caption_like(&cleaned) {
            return None;
        }
        match items.pop() {
            Some(Item::Paragraph(p)) => Some(p),
            _ => None,
        }
    }

    fn items_mut(&mut self) -> Option<&mut Vec<Item>> {
        match self.place {
            Place::Glossary => None,
            Place::Preface => Some(&mut self.outline.preface),
            Place::PartIntro => Some(&mut self.outline.parts.last_mut()?.intro),
            Place::ChapterIntro => Some(&mut self.outline.chapters.last_mut()?.intro),
            Place::Section => {
                Some(&mut self.outline.chapters.last_mut()?.sections.last_mut()?.items)
            }
        }
    }

    /// Reads a box from its heading to where its shape ends: the next division, a line after
    /// two blank lines, a numbered heading after a blank line, a change of indent, or (for a
    /// list box) a prose line after a blank line.
    fn read_box(&mut self, heading: Heading) -> BoxNode {
        let mut node = BoxNode {
            end_line: heading.line,
            heading,
            lines: Vec::new(),
        };
        self.at += 1;
        let mut blanks = 0;
        let mut indent: Option<bool> = None;
        let mut list = true;
        while self.at < self.lines.len() {
            let raw = self.lines[self.at];
            let kind = classify(raw);
            let minor = matches!(&kind, LineKind::Heading(h) if h.kind.is_minor());
            match kind {
                LineKind::Blank => {
                    blanks += 1;
                    self.at += 1;
                    continue;
                }
                LineKind::Heading(h) if !h.kind.is_minor() => break,
                _ => {}
            }
            let text = raw.strip_prefix('\t').unwrap_or(raw);
            let cleaned = clean(text);
            let indented = text.starts_with([' ', '\u{3000}']);
            if !node.lines.is_empty() {
                let first_minor = node
                    .lines
                    .first()
                    .is_some_and(|l| line::heading(&clean(&l.text)).is_some());
                if blanks >= 2
                    || indent.is_some_and(|i| i != indented)
                    || (minor && blanks > 0 && !first_minor)
                    || (list && blanks > 0 && !line::is_list_line(&cleaned))
                {
                    break;
                }
            }
            if is_furniture(&self.furniture, text) {
                self.outline.left_out.push(LeftOut {
                    reason: LeftOutReason::PageNumber,
                    line: TextLine {
                        line: self.at + 1,
                        text: text.to_string(),
                    },
                });
            } else {
                indent.get_or_insert(indented);
                list &= line::is_list_line(&cleaned);
                node.end_line = self.at + 1;
                node.lines.push(TextLine {
                    line: self.at + 1,
                    text: text.to_string(),
                });
            }
            blanks = 0;
            self.at += 1;
        }
        // Step back one line: the reader's loop moves on to the line that ended the box.
        self.at -= 1;
        node
    }

    fn push_item(&mut self, item: Item) {
        let end = match &item {
            Item::Paragraph(p) => p.line,
            Item::Heading(h) => h.heading.line,
            Item::Table(t) => t.end_line,
            Item::Box(b) => b.end_line,
        };
        match self.place {
            Place::Preface => self.outline.preface.push(item),
            Place::PartIntro => {
                if let Some(p) = self.outline.parts.last_mut() {
                    p.intro.push(item);
                    p.end_line = end;
                }
            }
            Place::ChapterIntro => {
                if let Some(ch) = self.outline.chapters.last_mut() {
                    ch.intro.push(item);
                    ch.end_line = end;
                }
            }
            Place::Section => {
                if let Some(ch) = self.outline.chapters.last_mut() {
                    ch.end_line = end;
                    if let Some(s) = ch.sections.last_mut() {
                        s.items.push(item);
                        s.end_line = end;
                    }
                }
            }
            Place::Glossary => {}
        }
        if let Some(part) = self
            .outline
            .chapters
            .last()
            .and_then(|c| c.part)
            .filter(|_| matches!(self.place, Place::ChapterIntro | Place::Section))
        {
            if let Some(p) = self.outline.parts.get_mut(part) {
                p.end_line = end;
            }
        }
    }
}

/// Numbers heading levels: the kinds of numbered heading the plan uses inside its chapters, in
/// their usual order, are levels 1, 2, …
fn assign_levels(outline: &mut Outline, item_chapters: bool) {
    let mut used = Vec::new();
    visit_headings(outline, &mut |h| {
        if !used.contains(&h.heading.kind) {
            used.push(h.heading.kind);
        }
    });
    let order: Vec<HeadingKind> = HeadingKind::MINOR
        .into_iter()
        .filter(|k| used.contains(k) && !(item_chapters && *k == HeadingKind::Item))
        .collect();
    visit_headings(outline, &mut |h| {
        h.level = order
            .iter()
            .position(|k| *k == h.heading.kind)
            .map_or(1, |p| p as u32 + 1);
    });
}

fn visit_headings(outline: &mut Outline, f: &mut dyn FnMut(&mut SubHeading)) {
    let mut visit = |items: &mut Vec<Item>| {
        for item in items {
            if let Item::Heading(h) = item {
                f(h);
            }
        }
    };
    visit(&mut outline.preface);
    for p in &mut outline.parts {
        visit(&mut p.intro);
    }
    for ch in &mut outline.chapters {
        visit(&mut ch.intro);
        for s in &mut ch.sections {
            visit(&mut s.items);
        }
    }
}

#[cfg(test)]
mod tests;
