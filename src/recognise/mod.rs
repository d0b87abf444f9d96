//! Layout cues to an outline: headings, paragraphs, tables, project boxes and the glossary,
//! each with the lines it came from. Nothing here knows the plan's words beyond the cue words
//! of the family (`第N章`, `第N节`, `前言`, `专栏N`, `名词解释`, `备注`).

mod line;
mod table;

pub use line::{Heading, HeadingKind, LineKind, classify};
pub use table::{Cell, Row, TableNode};

/// The recognised outline of a plan's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// The `前言` heading's line, when the text has one.
    pub preface_heading: Option<usize>,
    /// Paragraphs before the first chapter.
    pub preface: Vec<TextLine>,
    /// Chapters in order.
    pub chapters: Vec<ChapterNode>,
    /// The glossary, when the text has one.
    pub glossary: Option<GlossaryNode>,
}

/// One line of text with its 1-based line number (the raw text, not yet cleaned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    /// 1-based line number.
    pub line: usize,
    /// The line's text as in the source, TAB and indents removed.
    pub text: String,
}

/// A chapter with its intro and sections.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterNode {
    /// The `第N章` heading.
    pub heading: Heading,
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

/// A piece of content inside a chapter or section.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A paragraph: one line.
    Paragraph(TextLine),
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
    /// Entry lines `term：definition`.
    pub entries: Vec<TextLine>,
}

/// The text does not have the layout of the family, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    /// 1-based line.
    pub line: usize,
    /// What was expected and what was found.
    pub message: String,
}

impl LayoutError {
    /// An error at a line.
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        LayoutError {
            line,
            message: message.into(),
        }
    }
}

/// Where new items go while reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Preface,
    ChapterIntro,
    Section,
    Glossary,
}

/// Recognises the outline of a text (already decoded, `\n` line endings).
pub fn outline(text: &str) -> Result<Outline, LayoutError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut reader = Reader {
        lines: &lines,
        at: 0,
        outline: Outline::default(),
        place: Place::Preface,
    };
    reader.run()?;
    Ok(reader.outline)
}

struct Reader<'a> {
    lines: &'a [&'a str],
    /// Index of the next line to read.
    at: usize,
    outline: Outline,
    place: Place,
}

impl Reader<'_> {
    fn run(&mut self) -> Result<(), LayoutError> {
        while self.at < self.lines.len() {
            let n = self.at + 1;
            let raw = self.lines[self.at];
            match classify(raw) {
                LineKind::Blank => {
                    self.at += 1;
                    continue;
                }
                LineKind::Heading(mut h) => {
                    h.line = n;
                    self.heading(h, n)?
                }
                LineKind::Cell(_) if self.place != Place::Glossary => {
                    let title = self.take_title();
                    let node = table::read(self.lines, &mut self.at, title)?;
                    self.push_item(Item::Table(node), n)?;
                    continue;
                }
                LineKind::Cell(text) | LineKind::Text(text) => {
                    let line = TextLine { line: n, text };
                    if self.place == Place::Glossary {
                        if let Some(g) = self.outline.glossary.as_mut() {
                            g.entries.push(line);
                        }
                    } else {
                        self.push_item(Item::Paragraph(line), n)?;
                    }
                }
            }
            self.at += 1;
        }
        Ok(())
    }

    fn heading(&mut self, h: Heading, n: usize) -> Result<(), LayoutError> {
        match h.kind {
            HeadingKind::Preface => {
                if !self.outline.chapters.is_empty() {
                    return Err(LayoutError::at(
                        n,
                        "found the preface heading 前言 after a chapter; expected it before the first chapter",
                    ));
                }
                self.outline.preface_heading = Some(n);
                self.place = Place::Preface;
            }
            HeadingKind::Chapter => {
                self.outline.chapters.push(ChapterNode {
                    heading: h,
                    intro: Vec::new(),
                    sections: Vec::new(),
                    end_line: n,
                });
                self.place = Place::ChapterIntro;
            }
            HeadingKind::Section => {
                let Some(ch) = self.outline.chapters.last_mut() else {
                    return Err(LayoutError::at(
                        n,
                        format!(
                            "found the section heading \"{}\" before any chapter; expected a 第N章 heading first",
                            h.text
                        ),
                    ));
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
                let node = self.read_box(h)?;
                self.push_item(Item::Box(node), n)?;
            }
            HeadingKind::Glossary => {
                if self.outline.glossary.is_some() {
                    return Err(LayoutError::at(
                        n,
                        "found a second glossary heading 名词解释; expected one",
                    ));
                }
                self.outline.glossary = Some(GlossaryNode {
                    line: n,
                    entries: Vec::new(),
                });
                self.place = Place::Glossary;
            }
        }
        Ok(())
    }

    /// The paragraph just before a table's header row is the table's title.
    fn take_title(&mut self) -> Option<TextLine> {
        let items = match self.place {
            Place::Preface | Place::Glossary => return None,
            Place::ChapterIntro => &mut self.outline.chapters.last_mut()?.intro,
            Place::Section => &mut self.outline.chapters.last_mut()?.sections.last_mut()?.items,
        };
        match items.last() {
            Some(Item::Paragraph(_)) => match items.pop() {
                Some(Item::Paragraph(p)) => Some(p),
                _ => None,
            },
            _ => None,
        }
    }

    /// Reads a box from its heading to the next heading, or to a line after two blank lines.
    fn read_box(&mut self, heading: Heading) -> Result<BoxNode, LayoutError> {
        let mut node = BoxNode {
            end_line: heading.line,
            heading,
            lines: Vec::new(),
        };
        self.at += 1;
        let mut blanks = 0;
        while self.at < self.lines.len() {
            match classify(self.lines[self.at]) {
                LineKind::Blank => blanks += 1,
                LineKind::Heading(_) => break,
                LineKind::Cell(text) | LineKind::Text(text) => {
                    if blanks >= 2 && !node.lines.is_empty() {
                        break;
                    }
                    node.end_line = self.at + 1;
                    node.lines.push(TextLine {
                        line: self.at + 1,
                        text,
                    });
                    blanks = 0;
                }
            }
            self.at += 1;
        }
        // Step back one line: the reader's loop moves on to the line that ended the box.
        self.at -= 1;
        Ok(node)
    }

    fn push_item(&mut self, item: Item, n: usize) -> Result<(), LayoutError> {
        let end = match &item {
            Item::Paragraph(p) => p.line,
            Item::Table(t) => t.end_line,
            Item::Box(b) => b.end_line,
        };
        match self.place {
            Place::Preface => match item {
                Item::Paragraph(p) => self.outline.preface.push(p),
                Item::Table(_) => {
                    return Err(LayoutError::at(
                        n,
                        "found a table before the first chapter; expected tables inside chapters",
                    ));
                }
                Item::Box(_) => {
                    return Err(LayoutError::at(
                        n,
                        "found a project box before the first chapter; expected boxes inside chapters",
                    ));
                }
            },
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
            Place::Glossary => {
                return Err(LayoutError::at(
                    n,
                    "found a table or box inside the glossary; expected `term：definition` lines",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
