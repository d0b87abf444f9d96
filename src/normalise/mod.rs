//! Outline + sidecar to the canonical Plan: clean text, units and values, ditto marks, funding
//! levels, domains and positional ids.

pub mod cells;
mod domains;
mod tables;
pub mod text;

use std::path::Path;

use crate::error::{Error, Warned, Warning};
use crate::model::{
    Block, Chapter, ChapterStyle, GlossaryEntry, Paragraph, Period, Plan, PlanInfo, Project,
    ProjectBox, Region, SCHEMA_ID, SCHEMA_VERSION, Section, SourceFile, SourceRef,
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
        parts: Vec::new(),
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

/// The lead of a `——lead。…` paragraph: the text between the dashes and the first `。`.
pub fn lead(text: &str) -> Option<String> {
    let rest = text
        .strip_prefix("——")
        .or_else(|| text.strip_prefix("--"))
        .or_else(|| text.strip_prefix("－－"))?;
    let (lead, _) = rest.split_once('。')?;
    let lead = lead.trim();
    (!lead.is_empty()).then(|| lead.to_string())
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
        if self.outline.chapters.is_empty() {
            return Err(Fault::at(
                self.outline.preface.first().map_or(1, |p| p.line),
                "found no chapter heading (第一章 …); expected a plan divided into chapters",
            ));
        }
        let (domains, warnings) = Domains::resolve(self.input, self.outline);
        self.domains = domains;
        for (line, w) in warnings {
            self.warn(line, w);
        }
        for (k, line) in self.outline.preface.iter().enumerate() {
            if let Some(p) = paragraph(format!("pre.p{}", k + 1), line) {
                self.preface.push(p);
            }
        }
        for (ci, node) in self.outline.chapters.iter().enumerate() {
            let chapter = self.chapter(ci + 1, node)?;
            self.chapters.push(chapter);
        }
        self.glossary()?;
        Ok(())
    }

    fn chapter(&mut self, ordinal: usize, node: &ChapterNode) -> Result<Chapter, Fault> {
        let id = format!("ch{ordinal}");
        let domain = self.domains.of_chapter(ordinal - 1).map(str::to_string);
        let intro = self.blocks(&id, &id, None, domain.as_deref(), &node.intro)?;
        let mut sections = Vec::new();
        for (si, s) in node.sections.iter().enumerate() {
            let sid = format!("{id}.s{}", si + 1);
            let blocks = self.blocks(&sid, &id, Some(&sid), domain.as_deref(), &s.items)?;
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
            part: None,
            style: ChapterStyle::Chapter,
            intro,
            sections,
            source: span(node.heading.line, node.end_line),
        })
    }

    /// The blocks of one container (chapter intro or section), with ids under `prefix`.
    fn blocks(
        &mut self,
        prefix: &str,
        chapter: &str,
        section: Option<&str>,
        domain: Option<&str>,
        items: &[Item],
    ) -> Result<Vec<Block>, Fault> {
        let mut blocks = Vec::new();
        let (mut np, mut nt) = (0, 0);
        for item in items {
            match item {
                Item::Paragraph(line) => {
                    if let Some(p) = paragraph(format!("{prefix}.p{}", np + 1), line) {
                        np += 1;
                        blocks.push(Block::Paragraph(p));
                    }
                }
                Item::Table(node) => {
                    nt += 1;
                    let place = tables::Place {
                        id: format!("{prefix}.t{nt}"),
                        chapter: chapter.to_string(),
                        section: section.map(str::to_string),
                        domain: domain.map(str::to_string),
                    };
                    let id = place.id.clone();
                    let warnings = self.tables.add(node, place, &self.domains)?;
                    for (line, w) in warnings {
                        self.warn(Some(line), w);
                    }
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

    fn project_box(
        &mut self,
        node: &BoxNode,
        chapter: &str,
        section: Option<&str>,
        domain: Option<&str>,
    ) -> Result<String, Fault> {
        let id = format!("box{}", self.boxes.len() + 1);
        let mut k = 0;
        for line in &node.lines {
            let cleaned = text::clean(&line.text);
            let (category, list) = cells::split_category(&cleaned);
            for name in cells::split_items(list) {
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
                    description: None,
                    source: span(line.line, line.line),
                });
            }
        }
        if k == 0 {
            self.warn(
                Some(node.heading.line),
                format!("project box \"{}\" lists no project", node.heading.text),
            );
        }
        self.boxes.push(ProjectBox {
            id: id.clone(),
            number: node.heading.number,
            title: node.heading.title.clone(),
            chapter: Some(chapter.to_string()),
            section: section.map(str::to_string),
            domain: domain.map(str::to_string),
            blocks: Vec::new(),
            source: span(node.heading.line, node.end_line),
        });
        Ok(id)
    }

    fn glossary(&mut self) -> Result<(), Fault> {
        let Some(g) = &self.outline.glossary else {
            return Ok(());
        };
        for line in &g.entries {
            let cleaned = text::clean(&line.text);
            let Some((term, definition)) = cells::split_glossary(&cleaned) else {
                return Err(Fault::at(
                    line.line,
                    format!(
                        "glossary: expected `term：definition`, found \"{}\"",
                        short(&cleaned)
                    ),
                ));
            };
            self.glossary.push(GlossaryEntry {
                id: format!("gl{}", self.glossary.len() + 1),
                term,
                definition,
                source: span(line.line, line.line),
            });
        }
        Ok(())
    }

    /// What the plan is: from the sidecar where it says, else derived from the text.
    fn plan_info(&mut self) -> PlanInfo {
        let input = self.input;
        let meta = input
            .sidecar
            .as_ref()
            .and_then(|s| s.plan.clone())
            .unwrap_or_default();
        let years = self.tables.indicator_years();
        let period = match (meta.period, years) {
            (Some(p), _) => Period {
                start: p.start,
                end: p.end,
            },
            (None, Some((base, end))) => Period {
                start: (base + 1).min(end),
                end,
            },
            (None, None) => {
                self.warn(None, "no period in the sidecar and no indicators table to take it from; period left as 0–0");
                Period { start: 0, end: 0 }
            }
        };
        let baseline_year = meta
            .baseline_year
            .or(years.map(|y| y.0))
            .unwrap_or(period.start - 1);
        let region = match meta.region {
            Some(r) => Region {
                name: r.name,
                code: r.code,
            },
            None => {
                let name = self
                    .region_from_titles()
                    .unwrap_or_else(|| input.stem.clone());
                self.warn(
                    None,
                    format!("no region in the sidecar; took \"{name}\" from the text"),
                );
                Region { name, code: None }
            }
        };
        if input.sidecar.is_none() {
            self.warn(
                None,
                format!(
                    "no sidecar {}; derived id, title, period and domains {} from the text",
                    input.sidecar_path.display(),
                    self.domains.codes().join(", ")
                ),
            );
        }
        PlanInfo {
            id: meta.id.unwrap_or_else(|| input.stem.clone()),
            title: Some(meta.title.unwrap_or_else(|| input.stem.clone())),
            region: Some(region),
            period: Some(period),
            baseline_year: Some(baseline_year),
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
            if (2..=8).contains(&n) && head.ends_with(['县', '市', '区', '旗']) {
                return Some(head);
            }
        }
        None
    }
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
