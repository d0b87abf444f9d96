//! Outline + sidecar to the canonical Plan: clean text, units and values, ditto marks, funding
//! levels, domains and positional ids.

pub mod cells;
mod domains;
pub mod metadata;
mod tables;
pub mod text;

use std::path::Path;

use crate::error::{Error, Warned, Warning};
use crate::model::{
    Block, Chapter, ChapterStyle, GlossaryEntry, Heading, Paragraph, Part, Period, Plan, PlanInfo,
    Project, ProjectBox, Region, SCHEMA_ID, SCHEMA_VERSION, Section, SourceFile, SourceRef,
};
use crate::recognise::{BoxNode, ChapterNode, Item, Outline, TextLine};
use crate::source::Input;

pub use domains::Domains;

/// Most projects plandoc reads from a plan's 专栏 boxes; the example has a few hundred. One
/// line of `、`-separated items can hold 50 000 of them, so the line bound alone does not bound
/// them: a 32 MiB text of `a、a、a…` box lines (8 million projects) ran 70 s and was killed at
/// 23 GB.
pub const MAX_PROJECTS: usize = 100_000;

/// A problem found while normalising, before the path is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// 1-based source line.
    pub line: usize,
    /// What was expected and what was found.
    pub message: String,
}

impl Fault {
    /// A fault at a line.
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Fault {
            line,
            message: message.into(),
        }
    }

    fn tagged(self, path: &Path) -> Error {
        Error::at(path, self.line, self.message)
    }
}

/// Builds the canonical Plan from a recognised outline and the input's sidecar.
pub fn plan(input: &Input, outline: &Outline) -> Result<Warned<Plan>, Error> {
    let mut b = Builder::new(input, outline);
    b.run().map_err(|f| f.tagged(&input.path))?;
    let info = b.plan_info();
    let Builder {
        warnings,
        domains,
        preface,
        parts,
        chapters,
        tables,
        ..
    } = b;
    let plan = Plan {
        schema: SCHEMA_ID.to_string(),
        schema_version: SCHEMA_VERSION.to_string(),
        plan: info,
        domains: domains.list,
        preface,
        parts,
        chapters,
        tables: tables.tables,
        indicators: tables.indicators,
        standards: tables.standards,
        boxes: b.boxes,
        projects: b.projects,
        glossary: b.glossary,
    };
    let warnings = warnings
        .into_iter()
        .map(|(line, message)| Warning {
            path: input.path.clone(),
            line,
            message,
        })
        .collect();
    Ok(Warned {
        output: plan,
        warnings,
    })
}

/// A source span as the model writes it: no `endLine` when it is the same line.
pub fn span(line: usize, end: usize) -> SourceRef {
    let line32 = u32::try_from(line).unwrap_or(u32::MAX);
    let end32 = u32::try_from(end).unwrap_or(u32::MAX);
    SourceRef::lines(line32, end32)
}

/// The lead of a `——lead。…` paragraph: the text between the dash (`——`, `—`, `--`, `- -`,
/// `－－`) and the first `。`.
pub fn lead(text: &str) -> Option<String> {
    let rest = ["——", "- -", "--", "－－", "—"]
        .iter()
        .find_map(|d| text.strip_prefix(d))?;
    let (lead, _) = rest.split_once('。')?;
    let lead = lead.trim();
    (!lead.is_empty()).then(|| lead.to_string())
}

fn heading(id: String, h: &crate::recognise::SubHeading) -> Heading {
    Heading {
        id,
        level: h.level,
        number: h.heading.number,
        marker: h.heading.marker.clone(),
        title: h.heading.title.clone(),
        source: span(h.heading.line, h.heading.line),
    }
}

fn paragraph(id: String, line: &TextLine) -> Option<Paragraph> {
    let text = text::clean(&line.text);
    if text.is_empty() {
        return None;
    }
    Some(Paragraph {
        id,
        lead: lead(&text),
        text,
        source: span(line.line, line.line),
    })
}

struct Builder<'a> {
    input: &'a Input,
    outline: &'a Outline,
    warnings: Vec<(Option<usize>, String)>,
    domains: Domains,
    preface: Vec<Paragraph>,
    parts: Vec<Part>,
    chapters: Vec<Chapter>,
    tables: tables::Tables,
    boxes: Vec<ProjectBox>,
    projects: Vec<Project>,
    glossary: Vec<GlossaryEntry>,
}

impl<'a> Builder<'a> {
    fn new(input: &'a Input, outline: &'a Outline) -> Self {
        Builder {
            input,
            outline,
            warnings: Vec::new(),
            domains: Domains::default(),
            preface: Vec::new(),
            parts: Vec::new(),
            chapters: Vec::new(),
            tables: tables::Tables::default(),
            boxes: Vec::new(),
            projects: Vec::new(),
            glossary: Vec::new(),
        }
    }

    fn warn(&mut self, line: Option<usize>, message: impl Into<String>) {
        self.warnings.push((line, message.into()));
    }

    fn run(&mut self) -> Result<(), Fault> {
        for w in &self.outline.warnings {
            let lines = match w.end_line {
                Some(end) => format!(" (lines {}–{end})", w.line),
                None => String::new(),
            };
            self.warn(Some(w.line), format!("{}{lines}", w.message));
        }
        if self.outline.chapters.is_empty() {
            self.warn(
                None,
                "found no chapter heading (第一章 …, or 一、 in a plan without 第N章); the whole text is kept as the preface",
            );
        }
        let (domains, warnings) = Domains::resolve(self.input, self.outline);
        self.domains = domains;
        for (line, w) in warnings {
            self.warn(line, w);
        }
        self.preface()?;
        for (pi, node) in self.outline.parts.iter().enumerate() {
            let id = format!("pt{}", pi + 1);
            let intro = self.blocks(&id, None, None, None, &node.intro)?;
            let chapters: Vec<String> = self
                .outline
                .chapters
                .iter()
                .enumerate()
                .filter(|(_, c)| c.part == Some(pi))
                .map(|(ci, _)| format!("ch{}", ci + 1))
                .collect();
            let end = self
                .outline
                .chapters
                .iter()
                .filter(|c| c.part == Some(pi))
                .map(|c| c.end_line)
                .max()
                .unwrap_or(node.end_line)
                .max(node.end_line);
            self.parts.push(Part {
                id,
                number: node.heading.number,
                title: node.heading.title.clone(),
                chapters,
                intro,
                source: span(node.heading.line, end),
            });
        }
        for (ci, node) in self.outline.chapters.iter().enumerate() {
            let chapter = self.chapter(ci + 1, node)?;
            self.chapters.push(chapter);
        }
        self.glossary();
        Ok(())
    }

    /// The preface holds paragraphs only: a numbered heading there is kept as a paragraph of
    /// its whole line; tables and boxes there stand in no chapter.
    fn preface(&mut self) -> Result<(), Fault> {
        let (mut np, mut nt) = (0, 0);
        for item in &self.outline.preface {
            match item {
                Item::Paragraph(line) => {
                    if let Some(p) = paragraph(format!("pre.p{}", np + 1), line) {
                        np += 1;
                        self.preface.push(p);
                    }
                }
                Item::Heading(h) => {
                    let line = TextLine {
                        line: h.heading.line,
                        text: h.heading.text.clone(),
                    };
                    if let Some(p) = paragraph(format!("pre.p{}", np + 1), &line) {
                        np += 1;
                        self.preface.push(p);
                    }
                }
                Item::Table(node) => {
                    nt += 1;
                    self.table(format!("pre.t{nt}"), node, None, None, None)?;
                }
                Item::Box(node) => {
                    self.project_box(node, None, None, None)?;
                }
            }
        }
        Ok(())
    }

    fn chapter(&mut self, ordinal: usize, node: &ChapterNode) -> Result<Chapter, Fault> {
        let id = format!("ch{ordinal}");
        let domain = self.domains.of_chapter(ordinal - 1).map(str::to_string);
        let intro = self.blocks(&id, Some(&id), None, domain.as_deref(), &node.intro)?;
        let mut sections = Vec::new();
        for (si, s) in node.sections.iter().enumerate() {
            let sid = format!("{id}.s{}", si + 1);
            let blocks = self.blocks(&sid, Some(&id), Some(&sid), domain.as_deref(), &s.items)?;
            sections.push(Section {
                id: sid,
                number: s.heading.number,
                title: s.heading.title.clone(),
                blocks,
                source: span(s.heading.line, s.end_line),
            });
        }
        Ok(Chapter {
            id,
            number: node.heading.number,
            title: node.heading.title.clone(),
            domain,
            part: node.part.map(|p| format!("pt{}", p + 1)),
            style: match node.style {
                crate::recognise::ChapterStyle::Chapter => ChapterStyle::Chapter,
                crate::recognise::ChapterStyle::Item => ChapterStyle::Item,
            },
            intro,
            sections,
            source: span(node.heading.line, node.end_line),
        })
    }

    /// The blocks of one container (part or chapter intro, or section), with ids under `prefix`.
    fn blocks(
        &mut self,
        prefix: &str,
        chapter: Option<&str>,
        section: Option<&str>,
        domain: Option<&str>,
        items: &[Item],
    ) -> Result<Vec<Block>, Fault> {
        let mut blocks = Vec::new();
        let (mut np, mut nt, mut nh) = (0, 0, 0);
        for item in items {
            match item {
                Item::Heading(h) => {
                    nh += 1;
                    blocks.push(Block::Heading(heading(format!("{prefix}.h{nh}"), h)));
                }
                Item::Paragraph(line) => {
                    if let Some(p) = paragraph(format!("{prefix}.p{}", np + 1), line) {
                        np += 1;
                        blocks.push(Block::Paragraph(p));
                    }
                }
                Item::Table(node) => {
                    nt += 1;
                    let id = format!("{prefix}.t{nt}");
                    self.table(id.clone(), node, chapter, section, domain)?;
                    blocks.push(Block::Table { table: id });
                }
                Item::Box(node) => {
                    let id = self.project_box(node, chapter, section, domain)?;
                    blocks.push(Block::Box { project_box: id });
                }
            }
        }
        Ok(blocks)
    }

    fn table(
        &mut self,
        id: String,
        node: &crate::recognise::TableNode,
        chapter: Option<&str>,
        section: Option<&str>,
        domain: Option<&str>,
    ) -> Result<(), Fault> {
        let place = tables::Place {
            id,
            chapter: chapter.map(str::to_string),
            section: section.map(str::to_string),
            domain: domain.map(str::to_string),
        };
        let warnings = self.tables.add(node, place, &self.domains)?;
        for (line, w) in warnings {
            self.warn(Some(line), w);
        }
        Ok(())
    }

    /// A box: a list box (`类别：A、B`, one item a line, `名称→内容`) gives projects; a box of
    /// prose gives paragraphs in the box, never projects made of sentences.
    fn project_box(
        &mut self,
        node: &BoxNode,
        chapter: Option<&str>,
        section: Option<&str>,
        domain: Option<&str>,
    ) -> Result<String, Fault> {
        let id = format!("box{}", self.boxes.len() + 1);
        let cleaned: Vec<String> = node.lines.iter().map(|l| text::clean(&l.text)).collect();
        let list = cleaned.iter().all(|c| crate::recognise::is_list_line(c));
        let mut blocks = Vec::new();
        let mut k = 0;
        for (line, cleaned) in node.lines.iter().zip(&cleaned) {
            if !list {
                if let Some(p) = paragraph(format!("{id}.p{}", blocks.len() + 1), line) {
                    blocks.push(Block::Paragraph(p));
                }
                continue;
            }
            let items: Vec<(Option<&str>, String, Option<String>)> = match cleaned.split_once('→')
            {
                Some((name, description)) => vec![(
                    None,
                    name.trim().to_string(),
                    Some(description.trim().to_string()).filter(|d| !d.is_empty()),
                )],
                None => {
                    let (category, rest) = cells::split_category(cleaned);
                    cells::split_items(rest)
                        .into_iter()
                        .map(|n| (category, n, None))
                        .collect()
                }
            };
            for (category, name, description) in items {
                if self.projects.len() >= MAX_PROJECTS {
                    return Err(Fault::at(
                        line.line,
                        format!(
                            "more than {MAX_PROJECTS} projects in the plan's 专栏 boxes; plandoc reads up to {MAX_PROJECTS}"
                        ),
                    ));
                }
                k += 1;
                self.projects.push(Project {
                    id: format!("{id}.i{k}"),
                    project_box: id.clone(),
                    domain: domain.map(str::to_string),
                    category: category.map(str::to_string),
                    name,
                    description,
                    source: span(line.line, line.line),
                });
            }
        }
        if k == 0 && blocks.is_empty() {
            self.warn(
                Some(node.heading.line),
                format!("box \"{}\" is empty", node.heading.text),
            );
        }
        self.boxes.push(ProjectBox {
            id: id.clone(),
            number: node.heading.number,
            title: node.heading.title.clone(),
            chapter: chapter.map(str::to_string),
            section: section.map(str::to_string),
            domain: domain.map(str::to_string),
            blocks,
            source: span(node.heading.line, node.end_line),
        });
        Ok(id)
    }

    /// Glossary entries `term：definition`; a line that is not one continues the definition
    /// above it (a definition wrapped onto the next line).
    fn glossary(&mut self) {
        let Some(g) = &self.outline.glossary else {
            return;
        };
        for line in &g.entries {
            let cleaned = text::clean(&line.text);
            match (cells::split_glossary(&cleaned), self.glossary.last_mut()) {
                (Some((term, definition)), _) => self.glossary.push(GlossaryEntry {
                    id: format!("gl{}", self.glossary.len() + 1),
                    term,
                    definition,
                    source: span(line.line, line.line),
                }),
                (None, Some(last)) => {
                    last.definition.push_str(&cleaned);
                    let start = last.source.first_line().unwrap_or(line.line as u32);
                    last.source = SourceRef::lines(start, line.line as u32);
                }
                (None, None) => {
                    self.warnings.push((
                        Some(line.line),
                        format!(
                            "glossary: expected `term：definition`, found \"{}\"; kept as a term without a definition",
                            short(&cleaned)
                        ),
                    ));
                    self.glossary.push(GlossaryEntry {
                        id: format!("gl{}", self.glossary.len() + 1),
                        term: cleaned,
                        definition: String::new(),
                        source: span(line.line, line.line),
                    });
                }
            }
        }
    }

    /// What the plan is: from the sidecar where it says, else from the text (its title line,
    /// the period and region the title names, the indicators table's years); what neither says
    /// is left out, and the warning says which.
    fn plan_info(&mut self) -> PlanInfo {
        let input = self.input;
        let meta = input
            .sidecar
            .as_ref()
            .and_then(|s| s.plan.clone())
            .unwrap_or_default();
        let text_title = self.outline.title.as_ref().map(|t| text::clean(&t.text));
        let title = meta.title.clone().or_else(|| text_title.clone());
        let years = self.tables.indicator_years();
        let mut from_text = Vec::new();
        let mut missing = Vec::new();
        if meta.title.is_none() {
            match &text_title {
                Some(t) => from_text.push(format!("title \"{}\"", short(t))),
                None => missing.push("title"),
            }
        }
        let period = match meta.period {
            Some(p) => Some(Period {
                start: p.start,
                end: p.end,
            }),
            None => {
                let found = title
                    .as_deref()
                    .and_then(metadata::period_from_title)
                    .or_else(|| years.map(|(base, end)| ((base + 1).min(end), end)));
                match found {
                    Some((start, end)) => from_text.push(format!("period {start}–{end}")),
                    None => missing.push("period"),
                }
                found.map(|(start, end)| Period { start, end })
            }
        };
        let baseline_year = meta.baseline_year.or(years.map(|y| y.0));
        if meta.baseline_year.is_none() {
            match baseline_year {
                Some(y) => from_text.push(format!("baseline year {y}")),
                None => missing.push("baseline year"),
            }
        }
        let region = match meta.region {
            Some(r) => Some(Region {
                name: r.name,
                code: r.code,
            }),
            None => {
                let name = title
                    .as_deref()
                    .and_then(metadata::region_from_title)
                    .or_else(|| self.region_from_titles());
                match &name {
                    Some(n) => from_text.push(format!("region \"{n}\"")),
                    None => missing.push("region"),
                }
                name.map(|name| Region { name, code: None })
            }
        };
        let from_text = if from_text.is_empty() {
            String::new()
        } else {
            format!("; from the text: {}", from_text.join(", "))
        };
        let missing = if missing.is_empty() {
            String::new()
        } else {
            format!("; not found, so left out: {}", missing.join(", "))
        };
        if input.sidecar.is_none() {
            let codes = self.domains.codes();
            let domains = if codes.is_empty() {
                "no domains (no chapter holds a standards table)".to_string()
            } else {
                format!(
                    "domains {} from the chapters holding standards tables",
                    codes.join(", ")
                )
            };
            self.warn(
                None,
                format!(
                    "no sidecar {}: id \"{}\" from the file name, {domains}{from_text}{missing}",
                    file_name(&input.sidecar_path),
                    input.stem
                ),
            );
        } else if !from_text.is_empty() || !missing.is_empty() {
            self.warn(
                None,
                format!(
                    "the sidecar {} does not say everything{from_text}{missing}",
                    file_name(&input.sidecar_path)
                ),
            );
        }
        // Departments are a separate matter from metadata: said whatever else is missing.
        if input.sidecar.as_ref().is_some_and(|s| s.domains.is_empty()) {
            self.warn(
                None,
                format!(
                    "sidecar {} has no [[domains]]: derived domains {} from the chapters, and no \
                     department workbooks are written (add [[domains]] entries with a department)",
                    file_name(&input.sidecar_path),
                    self.domains.codes().join(", ")
                ),
            );
        } else if input
            .sidecar
            .as_ref()
            .is_some_and(|s| s.domains.iter().all(|d| d.department.is_none()))
        {
            self.warn(
                None,
                format!(
                    "sidecar {}: no domain names a department, so no department workbooks are \
                     written",
                    file_name(&input.sidecar_path)
                ),
            );
        }
        PlanInfo {
            id: meta.id.unwrap_or_else(|| input.stem.clone()),
            title,
            region,
            period,
            baseline_year,
            language: meta.language.unwrap_or_else(|| "zh-CN".to_string()),
            source: SourceFile {
                file: input.file_name.clone(),
                sha256: input.sha256.clone(),
                encoding: input.encoding.to_string(),
                lines: input.lines,
            },
            license: meta.license,
            publisher: meta.publisher,
        }
    }

    /// A region name such as `旺苍县` at the start of a table or box title (`旺苍县“十四五”…`).
    fn region_from_titles(&self) -> Option<String> {
        let titles = self
            .tables
            .tables
            .iter()
            .filter_map(|t| t.title.as_deref())
            .chain(self.boxes.iter().map(|b| b.title.as_str()));
        for title in titles {
            let head: String = title.chars().take_while(|c| *c != '“').collect();
            let n = head.chars().count();
            if (3..=8).contains(&n) && head.ends_with(['县', '市', '区', '旗']) {
                return Some(head);
            }
        }
        None
    }
}

/// A path's last part, for messages that already name the source (and must not depend on where
/// the project is checked out).
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// At most 40 characters of a text, for messages.
pub fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_is_the_phrase_before_the_first_full_stop() {
        assert_eq!(
            lead("——学前教育助学服务。根据…").as_deref(),
            Some("学前教育助学服务")
        );
        assert_eq!(lead("——无句号"), None);
        assert_eq!(lead("厘清关系。内容"), None);
    }

    #[test]
    fn spans_omit_a_same_line_end() {
        assert_eq!(span(3, 3).end_line, None);
        assert_eq!(span(3, 5).end_line, Some(5));
    }
}
