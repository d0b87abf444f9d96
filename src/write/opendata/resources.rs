//! The resources of the open-data package: one table per CSV file.
//!
//! Each table lists its columns in file order with the name, Chinese title, description, type
//! and the function that takes the cell out of a record. The same table writes the CSV file and
//! the resource's Table Schema, so the two cannot disagree.

use super::{Cell, Column, ForeignKey, Kind, Table};
use crate::model::{
    Block, Chapter, Domain, GlossaryEntry, Heading, Indicator, Paragraph, Part, Plan, Project,
    ProjectBox, Section, SourceRef, Standard, Table as PlanTable, TableKind,
};

/// Every resource of the package, in the order of `datapackage.json`: referenced resources
/// come before the resources that refer to them.
pub(super) fn all(plan: &Plan) -> Vec<super::Resource> {
    let texts = text_rows(plan);
    vec![
        domains().render(plan.domains.iter()),
        parts().render(plan.parts.iter()),
        chapters().render(plan.chapters.iter()),
        sections().render(section_rows(plan)),
        boxes().render(plan.boxes.iter()),
        paragraphs().render(texts.iter().filter_map(TextRow::paragraph)),
        headings().render(texts.iter().filter_map(TextRow::heading)),
        tables().render(plan.tables.iter()),
        table_cells().render(cell_rows(plan)),
        indicators().render(plan.indicators.iter()),
        standards().render(plan.standards.iter()),
        projects().render(plan.projects.iter()),
        glossary().render(plan.glossary.iter()),
    ]
}

/// The fields of a standards row that a ditto mark (`同上`) can stand in for; the CSV columns
/// of the same names hold them.
pub(super) const DITTO_FIELDS: &[&str] =
    &["item", "beneficiaries", "standard", "funding", "coverage"];

/// The funding level codes, in the codelist's order (a test checks them against the model).
pub(super) const FUNDING_LEVELS: &[&str] =
    &["central", "provincial", "municipal", "county", "local"];

/// Where a paragraph or heading stands.
const PLACES: &[&str] = &["preface", "part", "intro", "section", "box"];

/// How a chapter's heading is written (the model's `ChapterStyle`).
const CHAPTER_STYLES: &[&str] = &["chapter", "item"];

/// An indicator's attribute (the model's `IndicatorAttribute`).
const ATTRIBUTES: &[&str] = &["expected", "binding"];

fn col<R>(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    kind: Kind,
    cell: fn(&R) -> Cell,
) -> Column<R> {
    Column {
        name,
        title,
        description,
        kind,
        required: false,
        cell,
    }
}

/// A column that never holds an empty cell.
fn required<R>(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    kind: Kind,
    cell: fn(&R) -> Cell,
) -> Column<R> {
    Column {
        required: true,
        ..col(name, title, description, kind, cell)
    }
}

/// A row that stands somewhere in the source text.
pub(super) trait Sourced {
    fn source(&self) -> &SourceRef;
}

macro_rules! sourced {
    ($($t:ty => |$r:ident| $e:expr;)*) => {
        $(impl Sourced for $t {
            fn source(&self) -> &SourceRef {
                let $r = self;
                $e
            }
        })*
    };
}

sourced! {
    &Part => |p| &p.source;
    &Chapter => |c| &c.source;
    SectionRow<'_> => |r| &r.section.source;
    Placed<'_, Paragraph> => |r| &r.item.source;
    Placed<'_, Heading> => |r| &r.item.source;
    &PlanTable => |t| &t.source;
    &Indicator => |i| &i.source;
    &Standard => |s| &s.source;
    &ProjectBox => |b| &b.source;
    &Project => |p| &p.source;
    &GlossaryEntry => |g| &g.source;
}

/// The `line` column: where the row starts in the source text.
fn line<R: Sourced>() -> Column<R> {
    col(
        "line",
        "起始行",
        "1-based line in the source text where this starts; empty for a docx source.",
        Kind::Integer,
        |r| Cell::opt_int(r.source().line),
    )
}

/// The `end_line` column: where the row ends in the source text.
fn end_line<R: Sourced>() -> Column<R> {
    col(
        "end_line",
        "结束行",
        "1-based line in the source text where this ends; empty when it is one line.",
        Kind::Integer,
        |r| Cell::opt_int(r.source().end_line),
    )
}

fn fk(field: &'static str, resource: &'static str, key: &'static str) -> ForeignKey {
    ForeignKey {
        field,
        resource,
        key,
    }
}

fn domain_fk() -> ForeignKey {
    fk("domain", "domains", "code")
}

// ---------------------------------------------------------------------------------------------

fn domains<'a>() -> Table<&'a Domain> {
    Table {
        name: "domains",
        title: "服务领域",
        description: "The service domains of the plan, one row each, with the department \
                      responsible for it.",
        columns: vec![
            required(
                "code",
                "领域代码",
                "Stable machine code of the domain, `[a-z0-9-]+`, e.g. `education`.",
                Kind::DomainCode,
                |d| Cell::text(&d.code),
            ),
            col(
                "name",
                "领域名称",
                "The domain's name: the title of its chapter.",
                Kind::Text,
                |d| Cell::text(&d.name),
            ),
            col(
                "aliases",
                "别名",
                "Other names for the domain used in the indicators table.",
                Kind::TextList,
                |d| Cell::list(d.aliases.iter().cloned()),
            ),
            col(
                "department",
                "责任部门",
                "The department responsible for the domain; empty when not known.",
                Kind::Text,
                |d| Cell::opt(d.department.as_deref()),
            ),
            col(
                "chapter",
                "所在章",
                "Id of the chapter that holds the domain (see chapters); empty when no chapter has it.",
                Kind::Id,
                |d| Cell::opt(d.chapter.as_deref()),
            ),
        ],
        primary_key: &["code"],
        foreign_keys: vec![fk("chapter", "chapters", "id")],
    }
}

fn chapters<'a>() -> Table<&'a Chapter> {
    Table {
        name: "chapters",
        title: "章",
        description: "The chapters (第N章) of the plan, in document order.",
        columns: vec![
            required(
                "id",
                "章标识",
                "Positional id of the chapter, e.g. `ch4`.",
                Kind::Id,
                |c| Cell::text(&c.id),
            ),
            required(
                "number",
                "章序号",
                "The chapter's number as written in its heading (第四章 → 4).",
                Kind::Integer,
                |c| Cell::Int(c.number.into()),
            ),
            col(
                "title",
                "章标题",
                "The chapter's title without its number.",
                Kind::Text,
                |c| Cell::text(&c.title),
            ),
            col(
                "domain",
                "领域代码",
                "Code of the domain the chapter is about; empty when it is not a domain chapter.",
                Kind::DomainCode,
                |c| Cell::opt(c.domain.as_deref()),
            ),
            col(
                "part",
                "所在篇",
                "Id of the part (篇 / 编 / 部分) the chapter stands in (see parts); empty when \
                 the plan has no parts.",
                Kind::Id,
                |c| Cell::opt(c.part.as_deref()),
            ),
            required(
                "style",
                "章标题形式",
                "How the chapter's heading is written: `chapter` (第N章) or `item` (一、 used \
                 as the plan's top division).",
                Kind::Code(CHAPTER_STYLES),
                |c| Cell::text(c.style.as_str()),
            ),
            line(),
            end_line(),
        ],
        primary_key: &["id"],
        foreign_keys: vec![domain_fk(), fk("part", "parts", "id")],
    }
}

fn parts<'a>() -> Table<&'a Part> {
    Table {
        name: "parts",
        title: "篇",
        description: "The parts (第N篇 / 第N编 / 第N部分) that group the chapters, in document \
                      order; empty when the plan has none.",
        columns: vec![
            required(
                "id",
                "篇标识",
                "Positional id of the part, e.g. `pt1`.",
                Kind::Id,
                |p| Cell::text(&p.id),
            ),
            required(
                "number",
                "篇序号",
                "The part's number as written in its heading (第三篇 → 3).",
                Kind::Integer,
                |p| Cell::Int(p.number.into()),
            ),
            col(
                "title",
                "篇标题",
                "The part's title without its number.",
                Kind::Text,
                |p| Cell::text(&p.title),
            ),
            col(
                "chapters",
                "所含章",
                "Ids of the chapters the part holds, in order (see chapters).",
                Kind::TextList,
                |p| Cell::list(p.chapters.iter().cloned()),
            ),
            line(),
            end_line(),
        ],
        primary_key: &["id"],
        foreign_keys: vec![],
    }
}

/// A section with the chapter it stands in.
pub(super) struct SectionRow<'a> {
    chapter: &'a Chapter,
    section: &'a Section,
}

fn section_rows(plan: &Plan) -> impl Iterator<Item = SectionRow<'_>> {
    plan.chapters.iter().flat_map(|chapter| {
        chapter
            .sections
            .iter()
            .map(move |section| SectionRow { chapter, section })
    })
}

fn sections<'a>() -> Table<SectionRow<'a>> {
    Table {
        name: "sections",
        title: "节",
        description: "The sections (第N节) of the chapters, in document order.",
        columns: vec![
            required(
                "id",
                "节标识",
                "Positional id of the section, e.g. `ch4.s2`.",
                Kind::Id,
                |r| Cell::text(&r.section.id),
            ),
            required(
                "chapter",
                "所在章",
                "Id of the chapter the section belongs to (see chapters).",
                Kind::Id,
                |r| Cell::text(&r.chapter.id),
            ),
            required(
                "number",
                "节序号",
                "The section's number as written in its heading (第二节 → 2).",
                Kind::Integer,
                |r| Cell::Int(r.section.number.into()),
            ),
            col(
                "title",
                "节标题",
                "The section's title without its number.",
                Kind::Text,
                |r| Cell::text(&r.section.title),
            ),
            line(),
            end_line(),
        ],
        primary_key: &["id"],
        foreign_keys: vec![fk("chapter", "chapters", "id")],
    }
}

/// A paragraph or heading with where it stands: the preface, a chapter's intro, a section, or
/// a prose box (and the chapter and section the box stands in).
pub(super) struct Placed<'a, T> {
    place: &'static str,
    chapter: Option<&'a Chapter>,
    section: Option<&'a Section>,
    project_box: Option<&'a ProjectBox>,
    item: &'a T,
}

/// One text block of the plan in document order, with its place.
pub(super) enum TextRow<'a> {
    /// A paragraph.
    Paragraph(Placed<'a, Paragraph>),
    /// A heading.
    Heading(Placed<'a, Heading>),
}

impl<'a> TextRow<'a> {
    fn paragraph(&self) -> Option<Placed<'a, Paragraph>> {
        match self {
            TextRow::Paragraph(p) => Some(*p),
            TextRow::Heading(_) => None,
        }
    }

    fn heading(&self) -> Option<Placed<'a, Heading>> {
        match self {
            TextRow::Heading(h) => Some(*h),
            TextRow::Paragraph(_) => None,
        }
    }
}

impl<T> Clone for Placed<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Placed<'_, T> {}

/// Every paragraph and heading in document order: the preface, then each chapter's intro and
/// sections; a prose box's blocks come in the order of the boxes (their place says which).
fn text_rows(plan: &Plan) -> Vec<TextRow<'_>> {
    fn push<'a>(
        out: &mut Vec<TextRow<'a>>,
        blocks: &'a [Block],
        place: &'static str,
        chapter: Option<&'a Chapter>,
        section: Option<&'a Section>,
        project_box: Option<&'a ProjectBox>,
    ) {
        for b in blocks {
            match b {
                Block::Paragraph(item) => out.push(TextRow::Paragraph(Placed {
                    place,
                    chapter,
                    section,
                    project_box,
                    item,
                })),
                Block::Heading(item) => out.push(TextRow::Heading(Placed {
                    place,
                    chapter,
                    section,
                    project_box,
                    item,
                })),
                Block::Table { .. } | Block::Box { .. } => {}
            }
        }
    }
    let mut out = Vec::new();
    for item in &plan.preface {
        out.push(TextRow::Paragraph(Placed {
            place: "preface",
            chapter: None,
            section: None,
            project_box: None,
            item,
        }));
    }
    for chapter in &plan.chapters {
        // A part's own text stands before its first chapter (its id says which part).
        for part in plan
            .parts
            .iter()
            .filter(|p| p.chapters.first() == Some(&chapter.id))
        {
            push(&mut out, &part.intro, "part", None, None, None);
        }
        push(&mut out, &chapter.intro, "intro", Some(chapter), None, None);
        for section in &chapter.sections {
            let (c, s) = (Some(chapter), Some(section));
            push(&mut out, &section.blocks, "section", c, s, None);
        }
    }
    for part in plan.parts.iter().filter(|p| p.chapters.is_empty()) {
        push(&mut out, &part.intro, "part", None, None, None);
    }
    for b in &plan.boxes {
        let chapter = b.chapter.as_deref().and_then(|id| plan.chapter(id));
        let section = b
            .section
            .as_deref()
            .and_then(|id| chapter.and_then(|c| c.sections.iter().find(|s| s.id == id)));
        push(&mut out, &b.blocks, "box", chapter, section, Some(b));
    }
    out
}

/// The columns that say where a paragraph or heading stands, after its id.
fn place_columns<'a, T>() -> Vec<Column<Placed<'a, T>>> {
    vec![
        required(
            "part",
            "所在部分",
            "Where it stands: `preface` (前言), `part` (a part's text before its first chapter; \
             the id names the part), `intro` (a chapter's text before its first section), \
             `section`, or `box` (a prose box; see box).",
            Kind::Code(PLACES),
            |r| Cell::text(r.place),
        ),
        col(
            "chapter",
            "所在章",
            "Id of the chapter (see chapters); empty in the preface.",
            Kind::Id,
            |r| Cell::opt(r.chapter.map(|c| c.id.as_str())),
        ),
        col(
            "chapter_title",
            "章标题",
            "Title of the chapter; empty in the preface.",
            Kind::Text,
            |r| Cell::opt(r.chapter.map(|c| c.title.as_str())),
        ),
        col(
            "section",
            "所在节",
            "Id of the section (see sections); empty outside sections.",
            Kind::Id,
            |r| Cell::opt(r.section.map(|s| s.id.as_str())),
        ),
        col(
            "section_title",
            "节标题",
            "Title of the section; empty outside sections.",
            Kind::Text,
            |r| Cell::opt(r.section.map(|s| s.title.as_str())),
        ),
        col(
            "box",
            "所在专栏",
            "Id of the prose box it stands in (see boxes); empty outside boxes.",
            Kind::Id,
            |r| Cell::opt(r.project_box.map(|b| b.id.as_str())),
        ),
        col(
            "domain",
            "领域代码",
            "Code of the domain of the chapter; empty outside domain chapters.",
            Kind::DomainCode,
            |r| Cell::opt(r.chapter.and_then(|c| c.domain.as_deref())),
        ),
    ]
}

/// The foreign keys of the place columns.
fn place_keys() -> Vec<ForeignKey> {
    vec![
        fk("chapter", "chapters", "id"),
        fk("section", "sections", "id"),
        fk("box", "boxes", "id"),
        domain_fk(),
    ]
}

fn paragraphs<'a>() -> Table<Placed<'a, Paragraph>> {
    let mut columns = vec![required(
        "id",
        "段落标识",
        "Positional id of the paragraph, e.g. `pre.p1`, `ch4.p1`, `ch4.s2.p3`, `box3.p1`.",
        Kind::Id,
        |r: &Placed<'a, Paragraph>| Cell::text(&r.item.id),
    )];
    columns.extend(place_columns());
    columns.extend([
        col(
            "lead",
            "引导语",
            "The lead phrase of a `——lead。` paragraph, without the dashes and the full \
             stop; empty when the paragraph has none.",
            Kind::Text,
            |r: &Placed<'a, Paragraph>| Cell::opt(r.item.lead.as_deref()),
        ),
        col(
            "text",
            "段落全文",
            "The cleaned text of the whole paragraph, lead phrase included.",
            Kind::Text,
            |r| Cell::text(&r.item.text),
        ),
        line(),
        end_line(),
    ]);
    Table {
        name: "paragraphs",
        title: "正文段落",
        description: "Every paragraph of running text, in document order: the preface (前言), \
                      each chapter's text before its first section, the sections, then the \
                      paragraphs of prose boxes (专栏), box by box.",
        columns,
        primary_key: &["id"],
        foreign_keys: place_keys(),
    }
}

fn headings<'a>() -> Table<Placed<'a, Heading>> {
    let mut columns = vec![required(
        "id",
        "标题标识",
        "Positional id of the heading, e.g. `ch2.h1`, `ch2.s1.h3`, `box3.h1`.",
        Kind::Id,
        |r: &Placed<'a, Heading>| Cell::text(&r.item.id),
    )];
    columns.extend(place_columns());
    columns.extend([
        required(
            "level",
            "层级",
            "Depth of the heading in its chapter, section or box: 1 is the outermost.",
            Kind::Integer,
            |r: &Placed<'a, Heading>| Cell::Int(r.item.level.into()),
        ),
        required(
            "number",
            "序号",
            "The value of the heading's numeral (（三） → 3).",
            Kind::Integer,
            |r| Cell::Int(r.item.number.into()),
        ),
        col(
            "marker",
            "编号原文",
            "The numbering as written, e.g. `（一）`, `1﹒`.",
            Kind::Text,
            |r| Cell::text(&r.item.marker),
        ),
        col(
            "title",
            "标题",
            "The heading's title without its numbering.",
            Kind::Text,
            |r| Cell::text(&r.item.title),
        ),
        line(),
        end_line(),
    ]);
    Table {
        name: "headings",
        title: "标题",
        description: "The numbered headings inside chapters, sections and prose boxes (一、 \
                      （一） 1. （1）), in document order as paragraphs are.",
        columns,
        primary_key: &["id"],
        foreign_keys: place_keys(),
    }
}

fn tables<'a>() -> Table<&'a PlanTable> {
    Table {
        name: "tables",
        title: "表格",
        description: "The tables of the plan, in document order; their rows are in indicators \
                      and standards, or, for tables of kind `other`, cell by cell in \
                      table_cells.",
        columns: vec![
            required(
                "id",
                "表标识",
                "Positional id of the table, e.g. `ch4.s2.t1`.",
                Kind::Id,
                |t| Cell::text(&t.id),
            ),
            col(
                "title",
                "表名",
                "The table's title line; empty when the table has none.",
                Kind::Text,
                |t| Cell::opt(t.title.as_deref()),
            ),
            required(
                "kind",
                "表类型",
                "What the table holds: `indicators` (主要发展指标), `standards` (基本公共服务标准) \
                 or `other` (any other table; its cells are in table_cells).",
                Kind::Code(&["indicators", "standards", "other"]),
                |t| Cell::text(t.kind.as_str()),
            ),
            col(
                "chapter",
                "所在章",
                "Id of the chapter the table stands in (see chapters); empty in the preface.",
                Kind::Id,
                |t| Cell::opt(t.chapter.as_deref()),
            ),
            col(
                "section",
                "所在节",
                "Id of the section the table stands in (see sections); empty outside sections.",
                Kind::Id,
                |t| Cell::opt(t.section.as_deref()),
            ),
            col(
                "domain",
                "领域代码",
                "Code of the domain of the chapter; empty outside domain chapters.",
                Kind::DomainCode,
                |t| Cell::opt(t.domain.as_deref()),
            ),
            col(
                "columns",
                "表头",
                "The header row's cell texts, in order.",
                Kind::TextList,
                |t| Cell::list(t.columns.iter().cloned()),
            ),
            col(
                "notes",
                "备注",
                "Notes under the table (a last 备注 row); empty when there are none.",
                Kind::TextList,
                |t| Cell::list(t.notes.iter().cloned()),
            ),
            line(),
            end_line(),
        ],
        primary_key: &["id"],
        foreign_keys: vec![
            fk("chapter", "chapters", "id"),
            fk("section", "sections", "id"),
            domain_fk(),
        ],
    }
}

/// One cell of a table of kind `other`.
pub(super) struct CellRow<'a> {
    table: &'a PlanTable,
    row: usize,
    column: usize,
    text: &'a str,
}

fn cell_rows(plan: &Plan) -> impl Iterator<Item = CellRow<'_>> {
    plan.tables
        .iter()
        .filter(|t| t.kind == TableKind::Other)
        .flat_map(|table| {
            table
                .rows
                .iter()
                .flatten()
                .enumerate()
                .flat_map(move |(r, cells)| {
                    cells.iter().enumerate().map(move |(c, text)| CellRow {
                        table,
                        row: r + 1,
                        column: c + 1,
                        text,
                    })
                })
        })
}

fn table_cells<'a>() -> Table<CellRow<'a>> {
    Table {
        name: "table_cells",
        title: "其他表格单元格",
        description: "The cells of the tables of kind `other`, as written: one row per cell, \
                      by table, row and column (the header is the table's `columns`).",
        columns: vec![
            required(
                "table_id",
                "所在表",
                "Id of the table (see tables).",
                Kind::Id,
                |c| Cell::text(&c.table.id),
            ),
            required(
                "row",
                "行",
                "1-based row of the table body (the header row not counted).",
                Kind::Integer,
                |c| Cell::Int(c.row as i64),
            ),
            required(
                "column",
                "列",
                "1-based column of the row.",
                Kind::Integer,
                |c| Cell::Int(c.column as i64),
            ),
            col(
                "text",
                "内容",
                "The cell's cleaned text; empty for an empty cell.",
                Kind::Text,
                |c| Cell::text(c.text),
            ),
        ],
        primary_key: &["table_id", "row", "column"],
        foreign_keys: vec![fk("table_id", "tables", "id")],
    }
}

fn indicators<'a>() -> Table<&'a Indicator> {
    Table {
        name: "indicators",
        title: "主要发展指标",
        description: "Rows of the indicators tables: each indicator with its baseline value and \
                      its target for the plan's end year.",
        columns: vec![
            required(
                "id",
                "指标标识",
                "Positional id: the table id and row number, e.g. `ch2.s3.t1.r4`.",
                Kind::Id,
                |i| Cell::text(&i.id),
            ),
            required(
                "table",
                "所在表",
                "Id of the table the row belongs to (see tables).",
                Kind::Id,
                |i| Cell::text(&i.table),
            ),
            col(
                "domain",
                "领域代码",
                "Code of the domain the indicator belongs to (see domains); empty when unknown.",
                Kind::DomainCode,
                |i| Cell::opt(i.domain.as_deref()),
            ),
            col(
                "category",
                "类别",
                "The category the row stands under (a 类别 column or category row); empty when \
                 none.",
                Kind::Text,
                |i| Cell::opt(i.category.as_deref()),
            ),
            col(
                "name",
                "指标名称",
                "The indicator's name without its unit.",
                Kind::Text,
                |i| Cell::text(&i.name),
            ),
            col(
                "unit",
                "单位",
                "The unit split off the name, e.g. `%`, `人`, `元/人`; empty when none. Values \
                 are in this unit (`%`: percentage points).",
                Kind::Text,
                |i| Cell::opt(i.unit.as_deref()),
            ),
            required(
                "baseline_year",
                "基期年份",
                "The year the baseline value describes.",
                Kind::Year,
                |i| Cell::Int(i.baseline.year.into()),
            ),
            col(
                "baseline_text",
                "基期值原文",
                "The baseline cell's cleaned original text, e.g. `1500（累计）`.",
                Kind::Text,
                |i| Cell::text(&i.baseline.text),
            ),
            col(
                "baseline_value",
                "基期值",
                "The baseline as a number in the indicator's unit; empty where the text gives \
                 none (e.g. `/`).",
                Kind::Number,
                |i| Cell::number(i.baseline.value),
            ),
            col(
                "baseline_note",
                "基期值说明",
                "A qualifier written beside the baseline number, e.g. `累计`; empty when none.",
                Kind::Text,
                |i| Cell::opt(i.baseline.note.as_deref()),
            ),
            col(
                "baseline_components",
                "基期值分项",
                "The addends where the baseline text is a sum such as `6.4+18+1.424`; empty \
                 otherwise.",
                Kind::NumberList,
                |i| Cell::numbers(i.baseline.components.as_deref()),
            ),
            required(
                "target_year",
                "目标年份",
                "The year the target is for (the plan's end year).",
                Kind::Year,
                |i| Cell::Int(i.target.year.into()),
            ),
            col(
                "target_text",
                "目标值原文",
                "The target cell's cleaned original text.",
                Kind::Text,
                |i| Cell::text(&i.target.text),
            ),
            col(
                "target_value",
                "目标值",
                "The target as a number in the indicator's unit; empty where the text gives \
                 none.",
                Kind::Number,
                |i| Cell::number(i.target.value),
            ),
            col(
                "target_note",
                "目标值说明",
                "A qualifier written beside the target number; empty when none.",
                Kind::Text,
                |i| Cell::opt(i.target.note.as_deref()),
            ),
            col(
                "target_components",
                "目标值分项",
                "The addends where the target text is a sum; empty otherwise.",
                Kind::NumberList,
                |i| Cell::numbers(i.target.components.as_deref()),
            ),
            col(
                "change",
                "变化",
                "The change column's text as written (年均 / 累计); empty when the table has \
                 none.",
                Kind::Text,
                |i| Cell::opt(i.change.as_deref()),
            ),
            col(
                "attribute",
                "属性",
                "Whether the target is `expected` (预期性) or `binding` (约束性); empty where \
                 the table does not say.",
                Kind::Code(ATTRIBUTES),
                |i| Cell::opt(i.attribute.map(|a| a.as_str())),
            ),
            line(),
            end_line(),
        ],
        primary_key: &["id"],
        foreign_keys: vec![fk("table", "tables", "id"), domain_fk()],
    }
}

fn standards<'a>() -> Table<&'a Standard> {
    Table {
        name: "standards",
        title: "基本公共服务标准",
        description: "Rows of the standards tables: each service item with who it is for, its \
                      guaranteed standard, who pays and its coverage. Ditto marks (同上) are \
                      resolved to the text above and listed in `ditto_fields`.",
        columns: vec![
            required(
                "id",
                "标准标识",
                "Positional id: the table id and row number, e.g. `ch4.s2.t1.r3`.",
                Kind::Id,
                |s| Cell::text(&s.id),
            ),
            required(
                "table",
                "所在表",
                "Id of the table the row belongs to (see tables).",
                Kind::Id,
                |s| Cell::text(&s.table),
            ),
            col(
                "domain",
                "领域代码",
                "Code of the domain the row belongs to (see domains); empty when unknown.",
                Kind::DomainCode,
                |s| Cell::opt(s.domain.as_deref()),
            ),
            col(
                "category",
                "类别",
                "The category the row stands under (a merged first column); empty when none.",
                Kind::Text,
                |s| Cell::opt(s.category.as_deref()),
            ),
            col(
                "item",
                "服务项目",
                "The service item.",
                Kind::Text,
                |s| Cell::text(&s.item),
            ),
            col(
                "beneficiaries",
                "服务对象",
                "Who the service is for.",
                Kind::Text,
                |s| Cell::text(&s.beneficiaries),
            ),
            col(
                "standard",
                "保障标准",
                "The guaranteed standard; empty where the cell is empty or the table has no \
                 such column (see the table's `columns`).",
                Kind::Text,
                |s| Cell::opt(s.standard.as_deref()),
            ),
            col(
                "funding",
                "支出责任",
                "Who pays: the cell's cleaned text.",
                Kind::Text,
                |s| Cell::text(&s.funding.text),
            ),
            col(
                "funding_levels",
                "支出责任层级",
                "Levels of government named in `funding`, in order of first mention: \
                 `central` 中央, `provincial` 省, `municipal` 市, `county` 县, `local` 地方; \
                 empty when the text names none.",
                Kind::Codes(FUNDING_LEVELS),
                |s| Cell::list(s.funding.levels.iter().map(|l| l.code().to_string())),
            ),
            col(
                "coverage",
                "覆盖水平",
                "The coverage level.",
                Kind::Text,
                |s| Cell::text(&s.coverage),
            ),
            col(
                "ditto_fields",
                "同上字段",
                "Columns of this row whose cell said 同上 (ditto) and took the text of the row \
                 above; empty when none.",
                Kind::Codes(DITTO_FIELDS),
                |s| Cell::list(s.ditto_fields.iter().cloned()),
            ),
            line(),
            end_line(),
        ],
        primary_key: &["id"],
        foreign_keys: vec![fk("table", "tables", "id"), domain_fk()],
    }
}

fn boxes<'a>() -> Table<&'a ProjectBox> {
    Table {
        name: "boxes",
        title: "专栏",
        description: "The project boxes (专栏) of the plan, in document order; their projects \
                      are in projects.",
        columns: vec![
            required(
                "id",
                "专栏标识",
                "Positional id of the box, e.g. `box1`.",
                Kind::Id,
                |b| Cell::text(&b.id),
            ),
            required(
                "number",
                "专栏序号",
                "The box's number as written (专栏3 → 3).",
                Kind::Integer,
                |b| Cell::Int(b.number.into()),
            ),
            col(
                "title",
                "专栏标题",
                "The box's title.",
                Kind::Text,
                |b| Cell::text(&b.title),
            ),
            col(
                "chapter",
                "所在章",
                "Id of the chapter the box stands in (see chapters); empty in the preface.",
                Kind::Id,
                |b| Cell::opt(b.chapter.as_deref()),
            ),
            col(
                "section",
                "所在节",
                "Id of the section the box stands in (see sections); empty outside sections.",
                Kind::Id,
                |b| Cell::opt(b.section.as_deref()),
            ),
            col(
                "domain",
                "领域代码",
                "Code of the domain of the chapter; empty outside domain chapters.",
                Kind::DomainCode,
                |b| Cell::opt(b.domain.as_deref()),
            ),
            line(),
            end_line(),
        ],
        primary_key: &["id"],
        foreign_keys: vec![
            fk("chapter", "chapters", "id"),
            fk("section", "sections", "id"),
            domain_fk(),
        ],
    }
}

fn projects<'a>() -> Table<&'a Project> {
    Table {
        name: "projects",
        title: "重点项目",
        description: "The key projects listed in the project boxes, in document order.",
        columns: vec![
            required(
                "id",
                "项目标识",
                "Positional id: the box id and item number, e.g. `box1.i5`.",
                Kind::Id,
                |p| Cell::text(&p.id),
            ),
            required(
                "box",
                "所属专栏",
                "Id of the box that lists the project (see boxes).",
                Kind::Id,
                |p| Cell::text(&p.project_box),
            ),
            col(
                "domain",
                "领域代码",
                "Code of the box's domain; empty when it has none.",
                Kind::DomainCode,
                |p| Cell::opt(p.domain.as_deref()),
            ),
            col(
                "category",
                "类别",
                "The category the box lists the project under (`类别：…`); empty when none.",
                Kind::Text,
                |p| Cell::opt(p.category.as_deref()),
            ),
            col(
                "name",
                "项目名称",
                "The project's name.",
                Kind::Text,
                |p| Cell::text(&p.name),
            ),
            col(
                "description",
                "项目内容",
                "What the project is (the 内容 of a `名称→内容` line); empty when the box does \
                 not say.",
                Kind::Text,
                |p| Cell::opt(p.description.as_deref()),
            ),
            line(),
            end_line(),
        ],
        primary_key: &["id"],
        foreign_keys: vec![fk("box", "boxes", "id"), domain_fk()],
    }
}

fn glossary<'a>() -> Table<&'a GlossaryEntry> {
    Table {
        name: "glossary",
        title: "名词解释",
        description: "The terms explained in the glossary (名词解释), in document order.",
        columns: vec![
            required(
                "id",
                "词条标识",
                "Positional id of the entry, e.g. `gl3`.",
                Kind::Id,
                |g| Cell::text(&g.id),
            ),
            col(
                "term",
                "名词",
                "The term, without wrapping quotes.",
                Kind::Text,
                |g| Cell::text(&g.term),
            ),
            col(
                "definition",
                "解释",
                "The explanation.",
                Kind::Text,
                |g| Cell::text(&g.definition),
            ),
            line(),
            end_line(),
        ],
        primary_key: &["id"],
        foreign_keys: vec![],
    }
}
