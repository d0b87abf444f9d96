//! The plan.xml vocabulary: every element and attribute name, in one place.
//!
//! The writer (`write::xml`) and the reader (`read::xml`) use these constants and nothing else,
//! and `schema/plan.xsd` declares the same names. Names mirror the canonical JSON keys
//! (camelCase); a list becomes a wrapper element (`chapters`) holding one element per item
//! (`chapter`), or repeated elements where the list has no other siblings to mix with (`alias`).

/// The namespace of every plandoc plan.xml element; its last part is the schema's major version.
pub const NAMESPACE: &str = "urn:plandoc:xml:plan:2";

/// The XML Schema instance namespace, for `xsi:nil` on a null value.
pub const XSI_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The prefix the writer binds to [`XSI_NAMESPACE`].
pub const XSI_PREFIX: &str = "xsi";

/// Every element name, so a test can check that `schema/plan.xsd` declares the same ones.
pub const ELEMENTS: &[&str] = &[
    el::PLAN,
    el::METADATA,
    el::REGION,
    el::PERIOD,
    el::SOURCE,
    el::PUBLISHER,
    el::DOMAINS,
    el::DOMAIN,
    el::ALIAS,
    el::DEPARTMENT,
    el::PREFACE,
    el::CHAPTERS,
    el::CHAPTER,
    el::SECTION,
    el::PARAGRAPH,
    el::TABLE_REF,
    el::BOX_REF,
    el::LEAD,
    el::TABLES,
    el::TABLE,
    el::COLUMN,
    el::NOTE,
    el::INDICATORS,
    el::INDICATOR,
    el::UNIT,
    el::BASELINE,
    el::TARGET,
    el::VALUE,
    el::COMPONENTS,
    el::COMPONENT,
    el::STANDARDS,
    el::STANDARD,
    el::CATEGORY,
    el::ITEM,
    el::BENEFICIARIES,
    el::FUNDING,
    el::LEVEL,
    el::COVERAGE,
    el::DITTO_FIELD,
    el::BOXES,
    el::BOX,
    el::PROJECTS,
    el::PROJECT,
    el::GLOSSARY,
    el::ENTRY,
    el::TERM,
    el::DEFINITION,
    el::TITLE,
    el::NAME,
    el::TEXT,
];

/// Every unqualified attribute name, so a test can check `schema/plan.xsd` against them.
pub const ATTRIBUTES: &[&str] = &[
    attr::SCHEMA_VERSION,
    attr::ID,
    attr::NUMBER,
    attr::CODE,
    attr::DOMAIN,
    attr::CHAPTER,
    attr::SECTION,
    attr::TABLE,
    attr::BOX,
    attr::REF,
    attr::KIND,
    attr::YEAR,
    attr::LINE,
    attr::END_LINE,
    attr::START,
    attr::END,
    attr::BASELINE_YEAR,
    attr::LANGUAGE,
    attr::LICENSE,
    attr::FILE,
    attr::SHA256,
    attr::ENCODING,
    attr::LINES,
];

/// Element names (local names in [`NAMESPACE`]).
pub mod el {
    /// The root.
    pub const PLAN: &str = "plan";
    /// Identity and provenance of the plan (JSON `plan`).
    pub const METADATA: &str = "metadata";
    /// The administrative region.
    pub const REGION: &str = "region";
    /// The years the plan covers.
    pub const PERIOD: &str = "period";
    /// The source text file.
    pub const SOURCE: &str = "source";
    /// Who publishes the plan.
    pub const PUBLISHER: &str = "publisher";

    /// The list of domains.
    pub const DOMAINS: &str = "domains";
    /// One domain.
    pub const DOMAIN: &str = "domain";
    /// Another name of a domain.
    pub const ALIAS: &str = "alias";
    /// The department responsible for a domain.
    pub const DEPARTMENT: &str = "department";

    /// The preface's paragraphs.
    pub const PREFACE: &str = "preface";
    /// The list of chapters.
    pub const CHAPTERS: &str = "chapters";
    /// One chapter.
    pub const CHAPTER: &str = "chapter";
    /// One section of a chapter.
    pub const SECTION: &str = "section";
    /// A paragraph block.
    pub const PARAGRAPH: &str = "paragraph";
    /// A table block: a reference to a table in `tables`.
    pub const TABLE_REF: &str = "tableRef";
    /// A box block: a reference to a box in `boxes`.
    pub const BOX_REF: &str = "boxRef";
    /// The lead phrase of a paragraph.
    pub const LEAD: &str = "lead";

    /// The list of tables.
    pub const TABLES: &str = "tables";
    /// One table.
    pub const TABLE: &str = "table";
    /// One header cell text of a table.
    pub const COLUMN: &str = "column";
    /// A note under a table, or the qualifier of a value.
    pub const NOTE: &str = "note";

    /// The list of indicators.
    pub const INDICATORS: &str = "indicators";
    /// One indicator row.
    pub const INDICATOR: &str = "indicator";
    /// An indicator's unit.
    pub const UNIT: &str = "unit";
    /// The baseline value of an indicator.
    pub const BASELINE: &str = "baseline";
    /// The target value of an indicator.
    pub const TARGET: &str = "target";
    /// The number of a value (`xsi:nil="true"` when null).
    pub const VALUE: &str = "value";
    /// The addends of a value written as a sum.
    pub const COMPONENTS: &str = "components";
    /// One addend.
    pub const COMPONENT: &str = "component";

    /// The list of standards.
    pub const STANDARDS: &str = "standards";
    /// One standards row; inside it, the guaranteed standard's text (JSON `standard`).
    pub const STANDARD: &str = "standard";
    /// The category a row or project stands under.
    pub const CATEGORY: &str = "category";
    /// The service item.
    pub const ITEM: &str = "item";
    /// Who the service is for.
    pub const BENEFICIARIES: &str = "beneficiaries";
    /// Who pays.
    pub const FUNDING: &str = "funding";
    /// One level of government named in the funding text.
    pub const LEVEL: &str = "level";
    /// The coverage level.
    pub const COVERAGE: &str = "coverage";
    /// A field that said `同上` (ditto).
    pub const DITTO_FIELD: &str = "dittoField";

    /// The list of project boxes.
    pub const BOXES: &str = "boxes";
    /// One project box.
    pub const BOX: &str = "box";
    /// The list of projects.
    pub const PROJECTS: &str = "projects";
    /// One project.
    pub const PROJECT: &str = "project";

    /// The glossary.
    pub const GLOSSARY: &str = "glossary";
    /// One glossary entry.
    pub const ENTRY: &str = "entry";
    /// A glossary term.
    pub const TERM: &str = "term";
    /// A glossary definition.
    pub const DEFINITION: &str = "definition";

    /// A title (plan, chapter, section, table, box).
    pub const TITLE: &str = "title";
    /// A name (region, domain, indicator, project).
    pub const NAME: &str = "name";
    /// A text: a paragraph's, a value's original cell text, a funding cell's text.
    pub const TEXT: &str = "text";
}

/// Attribute names (no namespace, except [`NIL`]).
pub mod attr {
    /// `schemaVersion` on the root.
    pub const SCHEMA_VERSION: &str = "schemaVersion";
    /// A record's id.
    pub const ID: &str = "id";
    /// A number as written in a heading (chapter, section, box).
    pub const NUMBER: &str = "number";
    /// A domain code (on a domain: its own; elsewhere: a reference).
    pub const CODE: &str = "code";
    /// Reference to a domain by code.
    pub const DOMAIN: &str = "domain";
    /// Reference to a chapter by id.
    pub const CHAPTER: &str = "chapter";
    /// Reference to a section by id.
    pub const SECTION: &str = "section";
    /// Reference to a table by id.
    pub const TABLE: &str = "table";
    /// Reference to a box by id.
    pub const BOX: &str = "box";
    /// The target of a `tableRef` / `boxRef` block.
    pub const REF: &str = "ref";
    /// A table's kind.
    pub const KIND: &str = "kind";
    /// A value's year.
    pub const YEAR: &str = "year";
    /// 1-based source line where a thing starts.
    pub const LINE: &str = "line";
    /// 1-based source line where a thing ends.
    pub const END_LINE: &str = "endLine";
    /// First year of the period.
    pub const START: &str = "start";
    /// Last year of the period.
    pub const END: &str = "end";
    /// The baseline year.
    pub const BASELINE_YEAR: &str = "baselineYear";
    /// The plan's language (BCP 47).
    pub const LANGUAGE: &str = "language";
    /// The licence (SPDX).
    pub const LICENSE: &str = "license";
    /// The source file's name.
    pub const FILE: &str = "file";
    /// The source file's SHA-256.
    pub const SHA256: &str = "sha256";
    /// The source file's encoding.
    pub const ENCODING: &str = "encoding";
    /// The source file's line count.
    pub const LINES: &str = "lines";
    /// `xsi:nil`, in [`super::XSI_NAMESPACE`].
    pub const NIL: &str = "nil";
    /// `xsi:schemaLocation`, accepted and ignored by the reader.
    pub const SCHEMA_LOCATION: &str = "schemaLocation";
    /// `xsi:noNamespaceSchemaLocation`, accepted and ignored by the reader.
    pub const NO_NAMESPACE_SCHEMA_LOCATION: &str = "noNamespaceSchemaLocation";
}
