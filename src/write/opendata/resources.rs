//! The resources of the open-data package: one table per CSV file.
//!
//! Each table lists its columns in file order with the name, Chinese title, description, type
//! and the function that takes the cell out of a record. The same table writes the CSV file and
//! the resource's Table Schema, so the two cannot disagree.

use super::{Cell, Column, ForeignKey, Kind, Table};
use crate::model::{
    Block, Chapter, Domain, GlossaryEntry, Indicator, Paragraph, Plan, Project, ProjectBox,
    Section, SourceRef, Standard, Table as PlanTable,
};

/// Every resource of the package, in the order of `datapackage.json`: referenced resources
/// come before the resources that refer to them.
pub(super) fn all(plan: &Plan) -> Vec<super::Resource> {
    vec![
        domains().render(plan.domains.iter()),
        chapters().render(plan.chapters.iter()),
        sections().render(section_rows(plan)),
        paragraphs().render(paragraph_rows(plan)),
        tables().render(plan.tables.iter()),
        indicators().render(plan.indicators.iter()),
        standards().render(plan.standards.iter()),
        boxes().render(plan.boxes.iter()),
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

/// Where a paragraph stands.
const PARTS: &[&str] = &["preface", "intro", "section"];

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
    &Chapter => |c| &c.source;
    SectionRow<'_> => |r| &r.section.source;
    ParagraphRow<'_> => |r| &r.paragraph.source;
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
        primary_key: "code",
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
            line(),
            end_line(),
        ],
        primary_key: "id",
        foreign_keys: vec![domain_fk()],
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
        primary_key: "id",
        foreign_keys: vec![fk("chapter", "chapters", "id")],
    }
}

/// A paragraph with where it stands: the preface, a chapter's intro or a section.
pub(super) struct ParagraphRow<'a> {
    part: &'static str,
    chapter: Option<&'a Chapter>,
    section: Option<&'a Section>,
    paragraph: &'a Paragraph,
}

fn paragraph_rows(plan: &Plan) -> impl Iterator<Item = ParagraphRow<'_>> {
    let preface = plan.preface.iter().map(|paragraph| ParagraphRow {
        part: "preface",
        chapter: None,
        section: None,
        paragraph,
    });
    let chapters = plan.chapters.iter().flat_map(|chapter| {
        let intro = block_paragraphs(&chapter.intro).map(move |paragraph| ParagraphRow {
            part: "intro",
            chapter: Some(chapter),
            section: None,
            paragraph,
        });
        let sections = chapter.sections.iter().flat_map(move |section| {
            block_paragraphs(&section.blocks).map(move |paragraph| ParagraphRow {
                part: "section",
                chapter: Some(chapter),
                section: Some(section),
                paragraph,
            })
        });
        intro.chain(sections)
    });
    preface.chain(chapters)
}

fn block_paragraphs(blocks: &[Block]) -> impl Iterator<Item = &Paragraph> {
    blocks.iter().filter_map(|b| match b {
        Block::Paragraph(p) => Some(p),
        _ => None,
    })
}

fn paragraphs<'a>() -> Table<ParagraphRow<'a>> {
    Table {
        name: "paragraphs",
        title: "正文段落",
        description: "Every paragraph of running text, in document order: the preface (前言), \
                      each chapter's text before its first section, and the sections.",
        columns: vec![
            required(
                "id",
                "段落标识",
                "Positional id of the paragraph, e.g. `pre.p1`, `ch4.p1`, `ch4.s2.p3`.",
                Kind::Id,
                |r| Cell::text(&r.paragraph.id),
            ),
            required(
                "part",
                "所在部分",
                "Where the paragraph stands: `preface` (前言), `intro` (a chapter's text before \
                 its first section) or `section`.",
                Kind::Code(PARTS),
                |r| Cell::text(r.part),
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
                "domain",
                "领域代码",
                "Code of the domain of the chapter; empty outside domain chapters.",
                Kind::DomainCode,
                |r| Cell::opt(r.chapter.and_then(|c| c.domain.as_deref())),
            ),
            col(
                "lead",
                "引导语",
                "The lead phrase of a `——lead。` paragraph, without the dashes and the full \
                 stop; empty when the paragraph has none.",
                Kind::Text,
                |r| Cell::opt(r.paragraph.lead.as_deref()),
            ),
            col(
                "text",
                "段落全文",
                "The cleaned text of the whole paragraph, lead phrase included.",
                Kind::Text,
                |r| Cell::text(&r.paragraph.text),
            ),
            line(),
            end_line(),
        ],
        primary_key: "id",
        foreign_keys: vec![
            fk("chapter", "chapters", "id"),
            fk("section", "sections", "id"),
            domain_fk(),
        ],
    }
}

fn tables<'a>() -> Table<&'a PlanTable> {
    Table {
        name: "tables",
        title: "表格",
        description: "The tables of the plan, in document order; their rows are in indicators \
                      and standards.",
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
                "What the table holds: `indicators` (主要发展指标) or `standards` (基本公共服务标准).",
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
        primary_key: "id",
        foreign_keys: vec![
            fk("chapter", "chapters", "id"),
            fk("section", "sections", "id"),
            domain_fk(),
        ],
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
            line(),
            end_line(),
        ],
        primary_key: "id",
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
        primary_key: "id",
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
        primary_key: "id",
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
            line(),
            end_line(),
        ],
        primary_key: "id",
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
        primary_key: "id",
        foreign_keys: vec![],
    }
}
