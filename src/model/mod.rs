//! The canonical Plan: the one document every writer reads.
//!
//! These types know nothing of text files, layouts or output formats. Their doc comments become
//! the descriptions in `schema/plan.schema.json`; their serde names are the contract keys of
//! DESIGN.md (camelCase).

mod number;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use number::format_number;

/// The version of the canonical JSON schema that this plandoc reads and writes.
pub const SCHEMA_VERSION: &str = "2.0.0";

/// The `$id` of the published JSON Schema for this schema version.
pub const SCHEMA_ID: &str = "https://plandoc.github.io/schema/2.0.0/plan.schema.json";

/// A government development plan in plandoc's canonical form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "plandoc canonical plan", extend("$id" = SCHEMA_ID))]
pub struct Plan {
    /// The published schema this document follows (its `$id`), so any validator finds it.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Semantic version of the schema this document follows (major.minor.patch).
    pub schema_version: String,
    /// What the plan is: identity, region, period and the source it was read from.
    pub plan: PlanInfo,
    /// The service domains the plan covers, each owned by one department.
    pub domains: Vec<Domain>,
    /// Paragraphs of the preface (前言), in document order.
    pub preface: Vec<Paragraph>,
    /// The parts (第N篇 / 第N编 / 第N部分) that group chapters, in document order.
    pub parts: Vec<Part>,
    /// The chapters (章), in document order.
    pub chapters: Vec<Chapter>,
    /// Every table of the plan, in document order.
    pub tables: Vec<Table>,
    /// Rows of the indicators table: targets with baseline and target values.
    pub indicators: Vec<Indicator>,
    /// Rows of the standards tables: service items with their guaranteed standards.
    pub standards: Vec<Standard>,
    /// Project boxes (专栏), in document order.
    pub boxes: Vec<ProjectBox>,
    /// Key projects listed in the boxes, in document order.
    pub projects: Vec<Project>,
    /// Glossary entries (名词解释), in document order.
    pub glossary: Vec<GlossaryEntry>,
}

/// Identity and provenance of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanInfo {
    /// Stable identifier of the plan, e.g. `510821-public-services-2021-2025`.
    pub id: String,
    /// Full title of the plan in its own language, when the sidecar or the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The administrative region the plan is for, when the sidecar or the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// The years the plan covers, when the sidecar or the text gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The year the baseline values describe (usually the year before the period starts), when
    /// known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<i32>,
    /// Language of the plan's text as a BCP 47 tag, e.g. `zh-CN`.
    pub language: String,
    /// The source text this document was read from.
    pub source: SourceFile,
    /// Licence of the published data as an SPDX identifier, when the data office has set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Who publishes the plan, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
}

/// An administrative region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Region {
    /// The region's name, e.g. `旺苍县`.
    pub name: String,
    /// The region's GB/T 2260 administrative division code, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A span of whole years, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Period {
    /// First year of the plan.
    pub start: i32,
    /// Last year of the plan; targets are for this year.
    pub end: i32,
}

/// The source text file a plan was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceFile {
    /// File name of the source text (no directory).
    pub file: String,
    /// SHA-256 of the source file's bytes, lowercase hex.
    pub sha256: String,
    /// Encoding the bytes were decoded from, e.g. `UTF-8`, `GB18030`, `UTF-16LE`.
    pub encoding: String,
    /// Number of lines in the source text.
    pub lines: u32,
}

/// A service domain of the plan and the department responsible for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Domain {
    /// Stable machine code of the domain, `[a-z0-9-]+`, e.g. `education`.
    pub code: String,
    /// The domain's name: the title of its chapter, e.g. `教育服务`.
    pub name: String,
    /// Other names for the domain used in the indicators table.
    pub aliases: Vec<String>,
    /// The department that receives this domain's workbook, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Id of the chapter that holds this domain, e.g. `ch4`; absent when no chapter has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
}

/// Where a thing stands in the source: lines of a text source, or a locator in a docx body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceRef {
    /// 1-based line where the thing starts (text sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based line where the thing ends, when it spans more than one line (text sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    /// 1-based paragraph of the docx body, in body order (docx sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// 1-based table of the docx body, when the thing stands in a table (docx sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<u32>,
    /// 1-based row of that table (docx sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// 1-based cell of that row (docx sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<u32>,
}

/// A part (第N篇 / 第N编 / 第N部分): a group of chapters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Part {
    /// Positional id, e.g. `pt1`.
    pub id: String,
    /// The part's number as written in its heading (第三篇 → 3).
    pub number: u32,
    /// The part's title without its number, e.g. `推进改革开放`.
    pub title: String,
    /// Ids of the chapters the part holds, in order.
    pub chapters: Vec<String>,
    /// Where the part's heading stands in the source.
    pub source: SourceRef,
}

/// How a chapter's heading is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ChapterStyle {
    /// A `第N章` heading.
    Chapter,
    /// A `一、` heading used as the plan's top division.
    Item,
}

impl ChapterStyle {
    /// The style as written in the JSON (`chapter`, `item`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChapterStyle::Chapter => "chapter",
            ChapterStyle::Item => "item",
        }
    }

    /// The style for its JSON name.
    pub fn from_name(name: &str) -> Option<ChapterStyle> {
        match name {
            "chapter" => Some(ChapterStyle::Chapter),
            "item" => Some(ChapterStyle::Item),
            _ => None,
        }
    }
}

/// A numbered heading inside a chapter, section, preface or box (`一、`, `（一）`, `1.`, `（1）`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Heading {
    /// Positional id in its container, e.g. `ch2.h1`, `ch2.s1.h3`, `pre.h1`, `box3.h1`.
    pub id: String,
    /// Depth of the heading: 1 is the outermost heading inside its container.
    pub level: u32,
    /// The value of the heading's numeral (（三） → 3).
    pub number: u32,
    /// The numbering as written, e.g. `（一）`, `1﹒`.
    pub marker: String,
    /// The heading's title without its numbering.
    pub title: String,
    /// Where the heading stands in the source.
    pub source: SourceRef,
}

/// A paragraph of running text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Paragraph {
    /// Positional id, e.g. `ch4.s1.p3`.
    pub id: String,
    /// The cleaned text of the whole paragraph, lead phrase included.
    pub text: String,
    /// The lead phrase of a `——lead。` paragraph, without the dashes and the full stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Where the paragraph stands in the source.
    pub source: SourceRef,
}

/// A chapter (第N章) of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Chapter {
    /// Positional id, e.g. `ch4`.
    pub id: String,
    /// The chapter's number as written in its heading (第四章 → 4).
    pub number: u32,
    /// The chapter's title without its number, e.g. `教育服务`.
    pub title: String,
    /// Code of the domain this chapter is about, when it is a domain chapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Id of the part the chapter stands in, when the plan has parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// How the chapter's heading is written: `chapter` (第N章) or `item` (一、 as top division).
    pub style: ChapterStyle,
    /// Blocks between the chapter heading and its first section.
    pub intro: Vec<Block>,
    /// The chapter's sections (第N节), in order.
    pub sections: Vec<Section>,
    /// Where the chapter stands in the source.
    pub source: SourceRef,
}

/// A section (第N节) of a chapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Section {
    /// Positional id, e.g. `ch4.s2`.
    pub id: String,
    /// The section's number as written in its heading (第二节 → 2).
    pub number: u32,
    /// The section's title without its number, e.g. `基本标准`.
    pub title: String,
    /// The section's content in document order.
    pub blocks: Vec<Block>,
    /// Where the section stands in the source.
    pub source: SourceRef,
}

/// One piece of a chapter's or section's content, in document order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Block {
    /// A paragraph of running text.
    Paragraph(Paragraph),
    /// A numbered heading inside the container.
    Heading(Heading),
    /// A table, kept in `tables` and referred to here by id.
    Table {
        /// Id of the table in `tables`.
        #[serde(rename = "ref")]
        table: String,
    },
    /// A project box, kept in `boxes` and referred to here by id.
    Box {
        /// Id of the box in `boxes`.
        #[serde(rename = "ref")]
        project_box: String,
    },
}

/// What a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum TableKind {
    /// Main development indicators with baseline and target values.
    Indicators,
    /// Basic public service standards.
    Standards,
    /// Any other table: its cells are kept as written in `rows`.
    Other,
}

impl TableKind {
    /// The kind as written in the JSON (`indicators`, `standards`).
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Indicators => "indicators",
            TableKind::Standards => "standards",
            TableKind::Other => "other",
        }
    }

    /// The kind for its JSON name.
    pub fn from_name(name: &str) -> Option<TableKind> {
        match name {
            "indicators" => Some(TableKind::Indicators),
            "standards" => Some(TableKind::Standards),
            "other" => Some(TableKind::Other),
            _ => None,
        }
    }
}

/// A table of the plan; its rows are the `indicators` or `standards` that name it, or, for
/// kind `other`, its own `rows`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Table {
    /// Positional id, e.g. `ch4.s2.t1`.
    pub id: String,
    /// The table's title line, e.g. `旺苍县“十四五”公共教育服务基本标准`; absent when the table
    /// has no title line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the table holds.
    pub kind: TableKind,
    /// The header row's cell texts, cleaned.
    pub columns: Vec<String>,
    /// Notes under the table (a last `备注` row).
    pub notes: Vec<String>,
    /// Id of the chapter the table stands in; absent when it stands in the preface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
    /// Id of the section the table stands in, when inside a section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Code of the domain of the chapter the table stands in, when it is a domain chapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Each row's cell texts, cleaned, as written (kind `other` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Vec<String>>>,
    /// Where the table stands in the source, title to last row.
    pub source: SourceRef,
}

/// One value of an indicator for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Value {
    /// The year the value is for.
    pub year: i32,
    /// The cell's cleaned original text, e.g. `1500（累计）`.
    pub text: String,
    /// The number in the indicator's unit, or null where the text gives none (`/`).
    #[serde(with = "number::optional")]
    #[schemars(with = "Option<f64>")]
    pub value: Option<f64>,
    /// A qualifier written beside the number, e.g. `累计`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The addends where the text is a sum such as `6.4+18+1.424`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "number::optional_list"
    )]
    #[schemars(with = "Option<Vec<f64>>")]
    pub components: Option<Vec<f64>>,
}

/// A row of the indicators table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Indicator {
    /// Positional id: the table id and row number, e.g. `ch2.s3.t1.r4`.
    pub id: String,
    /// Id of the table the row belongs to.
    pub table: String,
    /// Code of the domain the indicator belongs to, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The category the row stands under (a 类别 column or category row), when the table has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The indicator's name without its unit.
    pub name: String,
    /// The unit split off the name, e.g. `%`, `人`, `元/人`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The value in the baseline year.
    pub baseline: Value,
    /// The value targeted for the plan's end year.
    pub target: Value,
    /// Values of year columns other than the baseline and the target, in column order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Value>,
    /// The change column's text as written (年均 / 累计), when the table has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// Whether the target is expected (预期性) or binding (约束性), where the table says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<IndicatorAttribute>,
    /// Where the row stands in the source.
    pub source: SourceRef,
}

/// The nature of an indicator's target (the 属性 column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum IndicatorAttribute {
    /// 预期性: a target the plan expects to reach.
    Expected,
    /// 约束性: a target the plan binds itself to.
    Binding,
}

impl IndicatorAttribute {
    /// The attribute as written in the JSON (`expected`, `binding`).
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorAttribute::Expected => "expected",
            IndicatorAttribute::Binding => "binding",
        }
    }

    /// The attribute's Chinese name (`预期性`, `约束性`).
    pub fn name_zh(self) -> &'static str {
        match self {
            IndicatorAttribute::Expected => "预期性",
            IndicatorAttribute::Binding => "约束性",
        }
    }

    /// The attribute for its JSON name.
    pub fn from_name(name: &str) -> Option<IndicatorAttribute> {
        match name {
            "expected" => Some(IndicatorAttribute::Expected),
            "binding" => Some(IndicatorAttribute::Binding),
            _ => None,
        }
    }
}

/// A level of government that carries a funding duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum FundingLevel {
    /// The central government (中央).
    Central,
    /// The provincial government (省).
    Provincial,
    /// The municipal government (市).
    Municipal,
    /// The county government (县).
    County,
    /// Local government, unspecified (地方).
    Local,
}

impl FundingLevel {
    /// Every level, in the codelist's order.
    pub const ALL: [FundingLevel; 5] = [
        FundingLevel::Central,
        FundingLevel::Provincial,
        FundingLevel::Municipal,
        FundingLevel::County,
        FundingLevel::Local,
    ];

    /// The code as written in the JSON, e.g. `central`.
    pub fn code(self) -> &'static str {
        match self {
            FundingLevel::Central => "central",
            FundingLevel::Provincial => "provincial",
            FundingLevel::Municipal => "municipal",
            FundingLevel::County => "county",
            FundingLevel::Local => "local",
        }
    }

    /// The level's Chinese name, e.g. `中央`.
    pub fn name_zh(self) -> &'static str {
        match self {
            FundingLevel::Central => "中央",
            FundingLevel::Provincial => "省",
            FundingLevel::Municipal => "市",
            FundingLevel::County => "县",
            FundingLevel::Local => "地方",
        }
    }

    /// The level for a code, e.g. `county`.
    pub fn from_code(code: &str) -> Option<FundingLevel> {
        FundingLevel::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// Who pays for a service: the cell text and the levels of government it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Funding {
    /// The cell's cleaned text.
    pub text: String,
    /// Levels of government named in the text, in order of first mention.
    pub levels: Vec<FundingLevel>,
}

/// A row of a standards table: one service item and its guaranteed standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Standard {
    /// Positional id: the table id and row number, e.g. `ch4.s2.t1.r3`.
    pub id: String,
    /// Id of the table the row belongs to.
    pub table: String,
    /// Code of the domain the row belongs to, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The category the row stands under (a merged first column), when the table has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The service item (服务项目).
    pub item: String,
    /// Who the service is for (服务对象).
    pub beneficiaries: String,
    /// The guaranteed standard (保障标准), absent where the table has no such column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    /// Who pays (支出责任).
    pub funding: Funding,
    /// The coverage level (覆盖水平).
    pub coverage: String,
    /// Fields whose cell said `同上` (ditto) and took the text of the row above.
    pub ditto_fields: Vec<String>,
    /// Where the row stands in the source.
    pub source: SourceRef,
}

/// A project box (专栏): a framed list of key projects, or framed prose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectBox {
    /// Positional id, e.g. `box1`.
    pub id: String,
    /// The box's number as written (专栏3 → 3).
    pub number: u32,
    /// The box's title, e.g. `“十四五”教育服务重点项目`.
    pub title: String,
    /// Id of the chapter the box stands in; absent when it stands in the preface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
    /// Id of the section the box stands in, when inside a section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Code of the domain of the chapter, when it is a domain chapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The paragraphs and headings of a prose box, in order; empty for a list box.
    pub blocks: Vec<Block>,
    /// Where the box stands in the source.
    pub source: SourceRef,
}

/// A key project named in a box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Project {
    /// Positional id: the box id and item number, e.g. `box1.i5`.
    pub id: String,
    /// Id of the box that lists the project.
    #[serde(rename = "box")]
    pub project_box: String,
    /// Code of the box's domain, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The category the box lists the project under (`类别：…`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The project's name.
    pub name: String,
    /// What the project is (the 内容 of a `名称→内容` line), when the box says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the project's line stands in the source.
    pub source: SourceRef,
}

/// A term explained in the glossary (名词解释).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GlossaryEntry {
    /// Positional id, e.g. `gl3`.
    pub id: String,
    /// The term, without wrapping quotes.
    pub term: String,
    /// The explanation.
    pub definition: String,
    /// Where the entry stands in the source.
    pub source: SourceRef,
}

impl PlanInfo {
    /// The plan's title, or an empty text when neither the sidecar nor the text gives one.
    pub fn title_text(&self) -> &str {
        self.title.as_deref().unwrap_or_default()
    }

    /// The region's name, or an empty text when the plan does not say.
    pub fn region_name(&self) -> &str {
        self.region.as_ref().map_or("", |r| r.name.as_str())
    }

    /// The region's code, when known.
    pub fn region_code(&self) -> Option<&str> {
        self.region.as_ref().and_then(|r| r.code.as_deref())
    }
}

impl SourceRef {
    /// A text source's single line.
    pub fn line(line: u32) -> SourceRef {
        SourceRef {
            line: Some(line),
            ..SourceRef::default()
        }
    }

    /// A text source's lines `start..=end`; `endLine` is set only when `end > start`.
    pub fn lines(start: u32, end: u32) -> SourceRef {
        SourceRef {
            line: Some(start),
            end_line: (end > start).then_some(end),
            ..SourceRef::default()
        }
    }

    /// The text line where the thing starts, when the source is a text.
    pub fn first_line(&self) -> Option<u32> {
        self.line
    }

    /// The text line where the thing ends (its start when it is one line).
    pub fn last_line(&self) -> Option<u32> {
        self.end_line.or(self.line)
    }

    /// Whether the reference says nothing at all.
    pub fn is_empty(&self) -> bool {
        *self == SourceRef::default()
    }
}

impl std::fmt::Display for SourceRef {
    /// `line 12`, `lines 12–15`, `paragraph 4`, `table 3, row 5, cell 2`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            return match self.end_line {
                Some(end) if end > line => write!(f, "lines {line}–{end}"),
                _ => write!(f, "line {line}"),
            };
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(t) = self.table {
            parts.push(format!("table {t}"));
            if let Some(r) = self.row {
                parts.push(format!("row {r}"));
            }
            if let Some(c) = self.cell {
                parts.push(format!("cell {c}"));
            }
        } else if let Some(p) = self.paragraph {
            parts.push(format!("paragraph {p}"));
        }
        if parts.is_empty() {
            return write!(f, "unknown place");
        }
        write!(f, "{}", parts.join(", "))
    }
}

impl Paragraph {
    /// The text after the `——lead。` phrase, or the whole text where there is no lead.
    pub fn body(&self) -> &str {
        let Some(lead) = &self.lead else {
            return &self.text;
        };
        let Some(at) = self.text.find(lead.as_str()) else {
            return &self.text;
        };
        let rest = &self.text[at + lead.len()..];
        rest.strip_prefix('。').unwrap_or(rest).trim_start()
    }
}

impl Plan {
    /// The domain with this code.
    pub fn domain(&self, code: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.code == code)
    }

    /// The chapter with this id.
    pub fn chapter(&self, id: &str) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.id == id)
    }

    /// The departments named by the domains, each once, in order of first mention.
    pub fn departments(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for d in &self.domains {
            if let Some(dep) = d.department.as_deref() {
                if !out.contains(&dep) {
                    out.push(dep);
                }
            }
        }
        out
    }

    /// A copy of the plan holding only the given domains and their chapters.
    ///
    /// Records of other domains, and chapters that belong to no kept domain, are left out;
    /// the glossary is kept whole: its terms explain every chapter.
    pub fn subset(&self, domain_codes: &[&str]) -> Plan {
        let keep = |d: &str| domain_codes.contains(&d);
        let chapters: Vec<Chapter> = self
            .chapters
            .iter()
            .filter(|c| c.domain.as_deref().is_some_and(keep))
            .cloned()
            .collect();
        let chapter_ids: Vec<&str> = chapters.iter().map(|c| c.id.as_str()).collect();
        let indicators: Vec<Indicator> = self
            .indicators
            .iter()
            .filter(|i| i.domain.as_deref().is_some_and(keep))
            .cloned()
            .collect();
        let standards: Vec<Standard> = self
            .standards
            .iter()
            .filter(|s| s.domain.as_deref().is_some_and(keep))
            .cloned()
            .collect();
        let tables = self
            .tables
            .iter()
            .filter(|t| {
                t.chapter
                    .as_deref()
                    .is_some_and(|c| chapter_ids.contains(&c))
                    || indicators.iter().any(|i| i.table == t.id)
                    || standards.iter().any(|s| s.table == t.id)
            })
            .cloned()
            .collect();
        let boxes: Vec<ProjectBox> = self
            .boxes
            .iter()
            .filter(|b| {
                b.chapter
                    .as_deref()
                    .is_some_and(|c| chapter_ids.contains(&c))
            })
            .cloned()
            .collect();
        let projects = self
            .projects
            .iter()
            .filter(|p| boxes.iter().any(|b| b.id == p.project_box))
            .cloned()
            .collect();
        let parts = self
            .parts
            .iter()
            .filter_map(|p| {
                let kept: Vec<String> = p
                    .chapters
                    .iter()
                    .filter(|c| chapter_ids.contains(&c.as_str()))
                    .cloned()
                    .collect();
                (!kept.is_empty()).then(|| Part {
                    chapters: kept,
                    ..p.clone()
                })
            })
            .collect();
        Plan {
            schema: self.schema.clone(),
            schema_version: self.schema_version.clone(),
            plan: self.plan.clone(),
            domains: self
                .domains
                .iter()
                .filter(|d| keep(&d.code))
                .cloned()
                .collect(),
            preface: Vec::new(),
            parts,
            chapters,
            tables,
            indicators,
            standards,
            boxes,
            projects,
            glossary: self.glossary.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_drops_the_lead_and_its_full_stop() {
        let p = Paragraph {
            id: "ch1.p1".into(),
            text: "——学前教育助学服务。根据方案资助。".into(),
            lead: Some("学前教育助学服务".into()),
            source: SourceRef::line(1),
        };
        assert_eq!(p.body(), "根据方案资助。");
    }

    #[test]
    fn source_refs_read_as_places() {
        assert_eq!(SourceRef::line(12).to_string(), "line 12");
        assert_eq!(SourceRef::lines(12, 15).to_string(), "lines 12–15");
        assert_eq!(SourceRef::lines(12, 12), SourceRef::line(12));
        let para = SourceRef {
            paragraph: Some(4),
            ..SourceRef::default()
        };
        assert_eq!(para.to_string(), "paragraph 4");
        let cell = SourceRef {
            paragraph: Some(40),
            table: Some(3),
            row: Some(5),
            cell: Some(2),
            ..SourceRef::default()
        };
        assert_eq!(cell.to_string(), "table 3, row 5, cell 2");
        assert_eq!(cell.first_line(), None);
    }

    #[test]
    fn funding_codes_round_trip() {
        for l in FundingLevel::ALL {
            assert_eq!(FundingLevel::from_code(l.code()), Some(l));
        }
    }
}
