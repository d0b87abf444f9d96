//! Conversion from a `Plan` to `plan.xml`, valid against `schema/plan.xsd`.
//!
//! The document mirrors the canonical JSON: one wrapper element per list, ids and references,
//! codes, years, numbers and source lines as attributes, every text of the plan as element
//! content (so newlines and spaces survive exactly). An absent optional field is an absent
//! element or attribute; a null value is `<value xsi:nil="true"/>`. UTF-8, 2-space indent,
//! byte-deterministic. `read::xml` reads it back into the same `Plan`.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

use super::{OutputFile, WriteError};
use crate::model::{
    Block, Chapter, Domain, Funding, GlossaryEntry, Indicator, Paragraph, Plan, PlanInfo, Project,
    ProjectBox, Section, SourceRef, Standard, Table, Value, format_number,
};
use crate::xml_names::{NAMESPACE, XSI_NAMESPACE, XSI_PREFIX, attr, el};

/// `plan.xml`.
pub fn write(plan: &Plan) -> Result<Vec<OutputFile>, WriteError> {
    Ok(vec![OutputFile {
        path: "plan.xml".to_string(),
        bytes: to_bytes(plan)?,
    }])
}

/// The XML document of a plan, ending with a newline.
pub fn to_bytes(plan: &Plan) -> Result<Vec<u8>, WriteError> {
    let mut x = XmlOut::new();
    x.declaration()?;
    write_plan(&mut x, plan)?;
    Ok(x.finish())
}

type Written = Result<(), WriteError>;

fn write_plan(x: &mut XmlOut, plan: &Plan) -> Written {
    let xsi = format!("xmlns:{XSI_PREFIX}");
    let root = Attrs::new()
        .with("xmlns", NAMESPACE)
        .with_owned(xsi, XSI_NAMESPACE)
        .with(attr::SCHEMA_VERSION, &plan.schema_version);
    x.start(el::PLAN, root)?;
    write_metadata(x, &plan.plan)?;
    x.list(el::DOMAINS, &plan.domains, write_domain)?;
    x.list(el::PREFACE, &plan.preface, write_paragraph)?;
    x.list(el::CHAPTERS, &plan.chapters, write_chapter)?;
    x.list(el::TABLES, &plan.tables, write_table)?;
    x.list(el::INDICATORS, &plan.indicators, write_indicator)?;
    x.list(el::STANDARDS, &plan.standards, write_standard)?;
    x.list(el::BOXES, &plan.boxes, write_box)?;
    x.list(el::PROJECTS, &plan.projects, write_project)?;
    x.list(el::GLOSSARY, &plan.glossary, write_entry)?;
    x.end(el::PLAN)
}

fn write_metadata(x: &mut XmlOut, info: &PlanInfo) -> Written {
    let a = Attrs::new()
        .with(attr::ID, &info.id)
        .opt(attr::BASELINE_YEAR, info.baseline_year)
        .with(attr::LANGUAGE, &info.language)
        .opt(attr::LICENSE, info.license.as_ref());
    x.start(el::METADATA, a)?;
    x.opt_text(el::TITLE, info.title.as_deref())?;
    if let Some(region) = &info.region {
        x.start(
            el::REGION,
            Attrs::new().opt(attr::CODE, region.code.as_ref()),
        )?;
        x.text(el::NAME, &region.name)?;
        x.end(el::REGION)?;
    }
    if let Some(period) = info.period {
        let period = Attrs::new()
            .with(attr::START, period.start)
            .with(attr::END, period.end);
        x.empty(el::PERIOD, period)?;
    }
    let source = Attrs::new()
        .with(attr::FILE, &info.source.file)
        .with(attr::SHA256, &info.source.sha256)
        .with(attr::ENCODING, &info.source.encoding)
        .with(attr::LINES, info.source.lines);
    x.empty(el::SOURCE, source)?;
    x.opt_text(el::PUBLISHER, info.publisher.as_deref())?;
    x.end(el::METADATA)
}

fn write_domain(x: &mut XmlOut, d: &Domain) -> Written {
    let a = Attrs::new()
        .with(attr::CODE, &d.code)
        .opt(attr::CHAPTER, d.chapter.as_ref());
    x.start(el::DOMAIN, a)?;
    x.text(el::NAME, &d.name)?;
    for alias in &d.aliases {
        x.text(el::ALIAS, alias)?;
    }
    x.opt_text(el::DEPARTMENT, d.department.as_deref())?;
    x.end(el::DOMAIN)
}

fn write_paragraph(x: &mut XmlOut, p: &Paragraph) -> Written {
    x.start(
        el::PARAGRAPH,
        Attrs::new().with(attr::ID, &p.id).source(&p.source),
    )?;
    x.text(el::TEXT, &p.text)?;
    x.opt_text(el::LEAD, p.lead.as_deref())?;
    x.end(el::PARAGRAPH)
}

fn write_chapter(x: &mut XmlOut, c: &Chapter) -> Written {
    let a = Attrs::new()
        .with(attr::ID, &c.id)
        .with(attr::NUMBER, c.number)
        .opt(attr::DOMAIN, c.domain.as_ref())
        .source(&c.source);
    x.start(el::CHAPTER, a)?;
    x.text(el::TITLE, &c.title)?;
    for block in &c.intro {
        write_block(x, block)?;
    }
    for section in &c.sections {
        write_section(x, section)?;
    }
    x.end(el::CHAPTER)
}

fn write_section(x: &mut XmlOut, s: &Section) -> Written {
    let a = Attrs::new()
        .with(attr::ID, &s.id)
        .with(attr::NUMBER, s.number)
        .source(&s.source);
    x.start(el::SECTION, a)?;
    x.text(el::TITLE, &s.title)?;
    for block in &s.blocks {
        write_block(x, block)?;
    }
    x.end(el::SECTION)
}

fn write_block(x: &mut XmlOut, block: &Block) -> Written {
    match block {
        Block::Paragraph(p) => write_paragraph(x, p),
        Block::Table { table } => x.empty(el::TABLE_REF, Attrs::new().with(attr::REF, table)),
        Block::Box { project_box } => {
            x.empty(el::BOX_REF, Attrs::new().with(attr::REF, project_box))
        }
        Block::Heading(_) => Ok(()),
    }
}

fn write_table(x: &mut XmlOut, t: &Table) -> Written {
    let a = Attrs::new()
        .with(attr::ID, &t.id)
        .with(attr::KIND, t.kind.as_str())
        .opt(attr::CHAPTER, t.chapter.as_ref())
        .opt(attr::SECTION, t.section.as_ref())
        .opt(attr::DOMAIN, t.domain.as_ref())
        .source(&t.source);
    x.start(el::TABLE, a)?;
    x.opt_text(el::TITLE, t.title.as_deref())?;
    for column in &t.columns {
        x.text(el::COLUMN, column)?;
    }
    for note in &t.notes {
        x.text(el::NOTE, note)?;
    }
    x.end(el::TABLE)
}

fn write_indicator(x: &mut XmlOut, i: &Indicator) -> Written {
    let a = Attrs::new()
        .with(attr::ID, &i.id)
        .with(attr::TABLE, &i.table)
        .opt(attr::DOMAIN, i.domain.as_ref())
        .source(&i.source);
    x.start(el::INDICATOR, a)?;
    x.text(el::NAME, &i.name)?;
    x.opt_text(el::UNIT, i.unit.as_deref())?;
    write_value(x, el::BASELINE, &i.baseline)?;
    write_value(x, el::TARGET, &i.target)?;
    x.end(el::INDICATOR)
}

fn write_value(x: &mut XmlOut, name: &'static str, v: &Value) -> Written {
    x.start(name, Attrs::new().with(attr::YEAR, v.year))?;
    x.text(el::TEXT, &v.text)?;
    match v.value {
        Some(n) => x.text(el::VALUE, &number(n)?)?,
        None => {
            let nil = Attrs::new().with_owned(format!("{XSI_PREFIX}:{}", attr::NIL), "true");
            x.empty(el::VALUE, nil)?
        }
    }
    x.opt_text(el::NOTE, v.note.as_deref())?;
    if let Some(components) = &v.components {
        x.list(el::COMPONENTS, components, |x, n| {
            x.text(el::COMPONENT, &number(*n)?)
        })?;
    }
    x.end(name)
}

fn write_standard(x: &mut XmlOut, s: &Standard) -> Written {
    let a = Attrs::new()
        .with(attr::ID, &s.id)
        .with(attr::TABLE, &s.table)
        .opt(attr::DOMAIN, s.domain.as_ref())
        .source(&s.source);
    x.start(el::STANDARD, a)?;
    x.opt_text(el::CATEGORY, s.category.as_deref())?;
    x.text(el::ITEM, &s.item)?;
    x.text(el::BENEFICIARIES, &s.beneficiaries)?;
    x.opt_text(el::STANDARD, s.standard.as_deref())?;
    write_funding(x, &s.funding)?;
    x.text(el::COVERAGE, &s.coverage)?;
    for field in &s.ditto_fields {
        x.text(el::DITTO_FIELD, field)?;
    }
    x.end(el::STANDARD)
}

fn write_funding(x: &mut XmlOut, f: &Funding) -> Written {
    x.start(el::FUNDING, Attrs::new())?;
    x.text(el::TEXT, &f.text)?;
    for level in &f.levels {
        x.text(el::LEVEL, level.code())?;
    }
    x.end(el::FUNDING)
}

fn write_box(x: &mut XmlOut, b: &ProjectBox) -> Written {
    let a = Attrs::new()
        .with(attr::ID, &b.id)
        .with(attr::NUMBER, b.number)
        .opt(attr::CHAPTER, b.chapter.as_ref())
        .opt(attr::SECTION, b.section.as_ref())
        .opt(attr::DOMAIN, b.domain.as_ref())
        .source(&b.source);
    x.start(el::BOX, a)?;
    x.text(el::TITLE, &b.title)?;
    x.end(el::BOX)
}

fn write_project(x: &mut XmlOut, p: &Project) -> Written {
    let a = Attrs::new()
        .with(attr::ID, &p.id)
        .with(attr::BOX, &p.project_box)
        .opt(attr::DOMAIN, p.domain.as_ref())
        .source(&p.source);
    x.start(el::PROJECT, a)?;
    x.opt_text(el::CATEGORY, p.category.as_deref())?;
    x.text(el::NAME, &p.name)?;
    x.end(el::PROJECT)
}

fn write_entry(x: &mut XmlOut, g: &GlossaryEntry) -> Written {
    x.start(
        el::ENTRY,
        Attrs::new().with(attr::ID, &g.id).source(&g.source),
    )?;
    x.text(el::TERM, &g.term)?;
    x.text(el::DEFINITION, &g.definition)?;
    x.end(el::ENTRY)
}

/// A number as `xs:decimal` text (`format_number` never writes an exponent).
fn number(v: f64) -> Result<String, WriteError> {
    if !v.is_finite() {
        return Err(WriteError::new(
            "xml",
            format!("the number {v} cannot be written as an xs:decimal"),
        ));
    }
    Ok(format_number(v))
}

/// Attributes of one element, in the order they are written.
struct Attrs(Vec<(Cow<'static, str>, String)>);

impl Attrs {
    fn new() -> Self {
        Attrs(Vec::new())
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.0.push((Cow::Borrowed(name), value.to_string()));
        self
    }

    fn with_owned(mut self, name: String, value: impl ToString) -> Self {
        self.0.push((Cow::Owned(name), value.to_string()));
        self
    }

    fn opt(self, name: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.with(name, v),
            None => self,
        }
    }

    /// `line` and, when the thing spans lines, `endLine`.
    fn source(self, s: &SourceRef) -> Self {
        self.opt(attr::LINE, s.line).opt(attr::END_LINE, s.end_line)
    }
}

/// quick-xml's indenting writer, with escaping that keeps every character of the plan's text.
struct XmlOut {
    w: Writer<Vec<u8>>,
}

impl XmlOut {
    fn new() -> Self {
        XmlOut {
            w: Writer::new_with_indent(Vec::new(), b' ', 2),
        }
    }

    fn finish(self) -> Vec<u8> {
        let mut bytes = self.w.into_inner();
        bytes.push(b'\n');
        bytes
    }

    fn event(&mut self, e: Event<'_>) -> Written {
        self.w
            .write_event(e)
            .map_err(|e| WriteError::new("xml", e.to_string()))
    }

    fn declaration(&mut self) -> Written {
        self.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
    }

    fn tag(name: &str, attrs: Attrs) -> Result<BytesStart<'_>, WriteError> {
        let mut start = BytesStart::new(name);
        for (key, value) in &attrs.0 {
            start.push_attribute(Attribute {
                key: QName(key),
                value: Cow::Owned(escape_attribute(value)?),
            });
        }
        Ok(start)
    }

    fn start(&mut self, name: &str, attrs: Attrs) -> Written {
        let tag = Self::tag(name, attrs)?;
        self.event(Event::Start(tag))
    }

    fn end(&mut self, name: &str) -> Written {
        self.event(Event::End(BytesEnd::new(name)))
    }

    fn empty(&mut self, name: &str, attrs: Attrs) -> Written {
        let tag = Self::tag(name, attrs)?;
        self.event(Event::Empty(tag))
    }

    /// `<name>text</name>`, or `<name/>` for an empty text.
    fn text(&mut self, name: &str, text: &str) -> Written {
        if text.is_empty() {
            return self.empty(name, Attrs::new());
        }
        let escaped = escape_text(text)?;
        self.start(name, Attrs::new())?;
        self.event(Event::Text(BytesText::from_escaped(escaped)))?;
        self.end(name)
    }

    /// `<name>text</name>` where there is a text, nothing where there is none.
    fn opt_text(&mut self, name: &str, text: Option<&str>) -> Written {
        match text {
            Some(t) => self.text(name, t),
            None => Ok(()),
        }
    }

    /// A wrapper element around one element per item; `<name/>` for no items.
    fn list<T>(
        &mut self,
        name: &str,
        items: &[T],
        mut each: impl FnMut(&mut Self, &T) -> Written,
    ) -> Written {
        if items.is_empty() {
            return self.empty(name, Attrs::new());
        }
        self.start(name, Attrs::new())?;
        for item in items {
            each(self, item)?;
        }
        self.end(name)
    }
}

/// Refuses characters XML 1.0 cannot carry at all, even as a character reference.
fn check_chars(text: &str) -> Result<(), WriteError> {
    let bad = text.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    });
    match bad {
        Some(c) => {
            let excerpt: String = text.chars().take(40).collect();
            Err(WriteError::new(
                "xml",
                format!(
                    "text \"{}\" contains U+{:04X}, which XML 1.0 cannot represent",
                    excerpt.escape_debug(),
                    c as u32
                ),
            ))
        }
        None => Ok(()),
    }
}

/// Element content: `&`, `<`, `>` escaped, and `\r` as a reference so parsers keep it.
fn escape_text(text: &str) -> Result<String, WriteError> {
    check_chars(text)?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// A double-quoted attribute value: also `"`, and tab and line ends as references, which
/// attribute-value normalisation would otherwise turn into spaces.
fn escape_attribute(value: &str) -> Result<String, WriteError> {
    check_chars(value)?;
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_line_ends_and_escapes_markup() {
        assert_eq!(
            escape_text("a&b<c>\r\n").unwrap(),
            "a&amp;b&lt;c&gt;&#13;\n"
        );
    }

    #[test]
    fn attributes_keep_whitespace_as_references() {
        assert_eq!(
            escape_attribute("\"x\"\t\n'").unwrap(),
            "&quot;x&quot;&#9;&#10;'"
        );
    }

    #[test]
    fn control_characters_are_refused() {
        let e = escape_text("a\u{1}b").unwrap_err();
        assert!(e.message.contains("U+0001"), "{e}");
    }

    #[test]
    fn numbers_are_decimals() {
        assert_eq!(number(25.824).unwrap(), "25.824");
        assert_eq!(number(1e21).unwrap(), "1000000000000000000000");
        assert_eq!(number(1e-7).unwrap(), "0.0000001");
        assert!(number(f64::NAN).is_err());
        assert!(number(f64::INFINITY).is_err());
    }
}
