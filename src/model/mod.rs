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
pub const SCHEMA_VERSION: &str = "1.0.0";

/// The `$id` of the published JSON Schema for this schema version.
pub const SCHEMA_ID: &str = "urn:plandoc:schema:plan:1.0.0";

/// A government development plan in plandoc's canonical form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "plandoc canonical plan", extend("$id" = SCHEMA_ID))]
pub struct Plan {
    /// Semantic version of the schema this document follows (major.minor.patch).
    pub schema_version: String,
    /// What the plan is: identity, region, period and the source it was read from.
    pub plan: PlanInfo,
    /// The service domains the plan covers, each owned by one department.
    pub domains: Vec<Domain>,
    /// Paragraphs of the preface (前言), in document order.
    pub preface: Vec<Paragraph>,
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
    /// Full title of the plan in its own language.
    pub title: String,
    /// The administrative region the plan is for.
    pub region: Region,
    /// The years the plan covers.
    pub period: Period,
    /// The year the baseline values describe (usually the year before the period starts).
    pub baseline_year: i32,
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
    /// Id of the chapter that holds this domain, e.g. `ch4`.
    pub chapter: String,
}

/// Where a thing stands in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceRef {
    /// 1-based line where the thing starts.
    pub line: u32,
    /// 1-based line where the thing ends, when it spans more than one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
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
}

impl TableKind {
    /// The kind as written in the JSON (`indicators`, `standards`).
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Indicators => "indicators",
            TableKind::Standards => "standards",
        }
    }
}

/// A table of the plan; its rows are the `indicators` or `standards` that name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Table {
    /// Positional id, e.g. `ch4.s2.t1`.
    pub id: String,
    /// The table's title line, e.g. `旺苍县“十四五”公共教育服务基本标准`.
    pub title: String,
    /// What the table holds.
    pub kind: TableKind,
    /// The header row's cell texts, cleaned.
    pub columns: Vec<String>,
    /// Notes under the table (a last `备注` row).
    pub notes: Vec<String>,
    /// Id of the chapter the table stands in.
    pub chapter: String,
    /// Id of the section the table stands in, when inside a section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Code of the domain of the chapter the table stands in, when it is a domain chapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
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
    /// Code of the domain the indicator belongs to.
    pub domain: String,
    /// The indicator's name without its unit.
    pub name: String,
    /// The unit split off the name, e.g. `%`, `人`, `元/人`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The value in the baseline year.
    pub baseline: Value,
    /// The value targeted for the plan's end year.
    pub target: Value,
    /// Where the row stands in the source.
    pub source: SourceRef,
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
    /// Code of the domain the row belongs to.
    pub domain: String,
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

/// A project box (专栏): a framed list of key projects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectBox {
    /// Positional id, e.g. `box1`.
    pub id: String,
    /// The box's number as written (专栏3 → 3).
    pub number: u32,
    /// The box's title, e.g. `“十四五”教育服务重点项目`.
    pub title: String,
    /// Id of the chapter the box stands in.
    pub chapter: String,
    /// Id of the section the box stands in, when inside a section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Code of the domain of the chapter, when it is a domain chapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
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
            .filter(|i| keep(&i.domain))
            .cloned()
            .collect();
        let standards: Vec<Standard> = self
            .standards
            .iter()
            .filter(|s| keep(&s.domain))
            .cloned()
            .collect();
        let tables = self
            .tables
            .iter()
            .filter(|t| {
                chapter_ids.contains(&t.chapter.as_str())
                    || indicators.iter().any(|i| i.table == t.id)
                    || standards.iter().any(|s| s.table == t.id)
            })
            .cloned()
            .collect();
        let boxes: Vec<ProjectBox> = self
            .boxes
            .iter()
            .filter(|b| chapter_ids.contains(&b.chapter.as_str()))
            .cloned()
            .collect();
        let projects = self
            .projects
            .iter()
            .filter(|p| boxes.iter().any(|b| b.id == p.project_box))
            .cloned()
            .collect();
        Plan {
            schema_version: self.schema_version.clone(),
            plan: self.plan.clone(),
            domains: self
                .domains
                .iter()
                .filter(|d| keep(&d.code))
                .cloned()
                .collect(),
            preface: Vec::new(),
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
            source: SourceRef {
                line: 1,
                end_line: None,
            },
        };
        assert_eq!(p.body(), "根据方案资助。");
    }

    #[test]
    fn funding_codes_round_trip() {
        for l in FundingLevel::ALL {
            assert_eq!(FundingLevel::from_code(l.code()), Some(l));
        }
    }
}
