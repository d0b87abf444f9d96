//! Reading `plan.xml` (as `write::xml` writes it, valid against `schema/plan.xsd`) back into a
//! `Plan`.
//!
//! Two steps: quick-xml events into a small element tree (namespaces resolved, text unescaped
//! exactly, nesting bounded), then the tree into a `Plan`, element by element in the order the
//! XSD fixes. The reader uses no DTD: a DOCTYPE is refused, so no entity other than the five
//! predefined ones and character references is ever expanded, and nothing external is fetched.
//! Every error names the line it is about.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesDecl, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use super::{ReadError, check_schema_version, line_at};
use crate::model::{
    Block, Chapter, ChapterStyle, Domain, Funding, FundingLevel, GlossaryEntry, Indicator,
    Paragraph, Period, Plan, PlanInfo, Project, ProjectBox, Region, SCHEMA_ID, Section, SourceFile,
    SourceRef, Standard, Table, TableKind, Value,
};
use crate::xml_names::{NAMESPACE, XSI_NAMESPACE, attr, el};

/// Deepest element nesting accepted; plan.xml nests at most 6 levels.
const MAX_DEPTH: usize = 32;

/// Parses a plan.xml, refusing other schema major versions before reading anything else.
pub fn read(bytes: &[u8]) -> Result<Plan, ReadError> {
    let text = decode(bytes)?;
    let root = parse_tree(text)?;
    read_plan(&root)
}

/// The document as UTF-8 text without a BOM.
fn decode(bytes: &[u8]) -> Result<&str, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::whole(
            "plan.xml is UTF-16; plandoc reads plan.xml only as UTF-8",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = line_at(&bytes[..e.valid_up_to()]);
        ReadError::at(
            line,
            format!(
                "not UTF-8 text: invalid byte at offset {}; plandoc reads plan.xml only as UTF-8",
                e.valid_up_to()
            ),
        )
    })
}

// ----------------------------------------------------------------------------- element tree

/// An element of our namespace with its unqualified attributes, children and direct text.
#[derive(Debug)]
struct Element {
    /// Local name.
    name: String,
    /// 1-based line of the start tag.
    line: usize,
    /// Unqualified attributes, in document order, values unescaped.
    attrs: Vec<(String, String)>,
    /// `xsi:nil="true"`.
    nil: bool,
    children: Vec<Element>,
    /// Character data directly inside the element, unescaped, line ends normalised.
    text: String,
}

/// 1-based lines of byte offsets, by a sorted list of newline offsets.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    fn line(&self, offset: u64) -> usize {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

fn parse_tree(text: &str) -> Result<Element, ReadError> {
    let lines = Lines::new(text);
    let mut reader = NsReader::from_str(text);
    reader.config_mut().enable_all_checks(true);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let line = lines.line(reader.buffer_position());
        let event = reader.read_event().map_err(|e| {
            ReadError::at(
                lines.line(reader.error_position()),
                format!("malformed XML: {e}"),
            )
        })?;
        match event {
            Event::Decl(d) => check_declaration(&d, line)?,
            Event::DocType(_) => {
                return Err(ReadError::at(
                    line,
                    "a DOCTYPE is not allowed in plan.xml: plandoc reads no DTD and expands no \
                     entities",
                ));
            }
            Event::Start(e) | Event::Empty(e) if root.is_some() && stack.is_empty() => {
                let name = e.local_name().as_ref().to_string();
                return Err(ReadError::at(
                    line,
                    format!("element <{name}> after the root element; a document has one root"),
                ));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ReadError::at(
                        line,
                        format!("elements nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
                stack.push(open(&reader, &e, line, stack.is_empty().then_some(text))?);
            }
            Event::Empty(e) => {
                let element = open(&reader, &e, line, stack.is_empty().then_some(text))?;
                close(element, &mut stack, &mut root);
            }
            Event::End(_) => {
                // quick-xml has checked that the end tag matches the start tag.
                if let Some(element) = stack.pop() {
                    close(element, &mut stack, &mut root);
                }
            }
            Event::Text(t) => append_text(&mut stack, &t.xml10_content(), line)?,
            Event::CData(c) => append_text(&mut stack, &c.xml10_content(), line)?,
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    let c = r.resolve_char_ref().ok().flatten().filter(|&c| xml_char(c));
                    c.map(String::from).ok_or_else(|| {
                        ReadError::at(line, format!("&{};: not a character XML allows", &*r))
                    })?
                } else {
                    resolve_predefined_entity(&r)
                        .map(String::from)
                        .ok_or_else(|| {
                            ReadError::at(
                                line,
                                format!(
                                    "undefined entity &{};: plan.xml may use only &amp; &lt; \
                                     &gt; &quot; &apos; and character references",
                                    &*r
                                ),
                            )
                        })?
                };
                append_text(&mut stack, &c, line)?;
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(ReadError::at(
            lines.line(text.len() as u64),
            format!(
                "the document ends inside <{}> opened at line {}",
                open.name, open.line
            ),
        ));
    }
    root.ok_or_else(|| ReadError::whole("no root element: expected <plan>"))
}

/// Accepts `<?xml version="1.0" encoding="UTF-8"?>` (encoding optional).
fn check_declaration(d: &BytesDecl<'_>, line: usize) -> Result<(), ReadError> {
    let version = d
        .version()
        .map_err(|e| ReadError::at(line, format!("XML declaration: {e}")))?;
    if version != "1.0" {
        return Err(ReadError::at(
            line,
            format!("XML version \"{version}\"; plan.xml is XML 1.0"),
        ));
    }
    if let Some(encoding) = d.encoding() {
        let encoding =
            encoding.map_err(|e| ReadError::at(line, format!("XML declaration: {e}")))?;
        if !encoding.eq_ignore_ascii_case("utf-8") {
            return Err(ReadError::at(
                line,
                format!("declared encoding \"{encoding}\"; plandoc reads plan.xml only as UTF-8"),
            ));
        }
    }
    Ok(())
}

/// An element from its start tag: our namespace only, attributes unescaped, `xsi:*` settled.
/// `root_of` is the whole document when the element is its root.
fn open(
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    line: usize,
    root_of: Option<&str>,
) -> Result<Element, ReadError> {
    let (ns, local) = reader.resolver().resolve_element(e.name());
    let name = local.as_ref().to_string();
    let mut element = Element {
        name,
        line,
        attrs: Vec::new(),
        nil: false,
        children: Vec::new(),
        text: String::new(),
    };
    for a in e.attributes() {
        let a = a.map_err(|err| ReadError::at(line, format!("malformed XML: {err}")))?;
        if a.key.as_namespace_binding().is_some() {
            continue;
        }
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| {
                ReadError::at(
                    line,
                    format!("attribute {} of <{}>: {err}", a.key.0, element.name),
                )
            })?
            .into_owned();
        check_chars(&value, line)?;
        let (ans, alocal) = reader.resolver().resolve_attribute(a.key);
        let alocal = alocal.as_ref().to_string();
        match ans {
            ResolveResult::Unbound => {
                element.attrs.push((alocal, value));
            }
            ResolveResult::Bound(Namespace(ns)) if ns == XSI_NAMESPACE => match alocal.as_str() {
                attr::NIL => {
                    element.nil = match value.trim() {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        other => {
                            return Err(ReadError::at(
                                line,
                                format!("xsi:nil=\"{other}\": expected true or false"),
                            ));
                        }
                    }
                }
                attr::SCHEMA_LOCATION | attr::NO_NAMESPACE_SCHEMA_LOCATION => {}
                other => {
                    return Err(ReadError::at(
                        line,
                        format!("unknown attribute xsi:{other} on <{}>", element.name),
                    ));
                }
            },
            _ => {
                return Err(ReadError::at(
                    line,
                    format!("unknown attribute {} on <{}>", a.key.0, element.name),
                ));
            }
        }
    }
    if let Some(document) = root_of {
        // The version decides how to read everything else, so it is checked first.
        if element.name != el::PLAN {
            return Err(ReadError::at(
                line,
                format!(
                    "root element <{}>: expected <{}> in namespace {NAMESPACE}",
                    element.name,
                    el::PLAN
                ),
            ));
        }
        let found = element.attr(attr::SCHEMA_VERSION)?;
        if check_schema_version(found, None).is_err() {
            check_schema_version(found, named_source(document).as_deref())
                .map_err(|e| ReadError::at(line, e.message))?;
        }
    }
    match ns {
        ResolveResult::Bound(Namespace(n)) if n == NAMESPACE => Ok(element),
        ResolveResult::Bound(Namespace(n)) => Err(ReadError::at(
            line,
            format!(
                "element <{}> in namespace {n}: expected namespace {NAMESPACE}",
                element.name
            ),
        )),
        ResolveResult::Unknown(prefix) => Err(ReadError::at(
            line,
            format!(
                "element <{prefix}:{}> uses the undeclared prefix \"{prefix}\"",
                element.name
            ),
        )),
        ResolveResult::Unbound => Err(ReadError::at(
            line,
            format!(
                "element <{}> has no namespace: expected namespace {NAMESPACE}",
                element.name
            ),
        )),
    }
}

/// The `file` of `<plan><metadata><source>` in a document of any schema version, found
/// without reading the rest: only to name the source in the message that refuses it.
fn named_source(document: &str) -> Option<String> {
    let mut reader = NsReader::from_str(document);
    let mut path: Vec<String> = Vec::new();
    loop {
        let (start, empty) = match reader.read_event().ok()? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                path.pop();
                continue;
            }
            Event::Eof => return None,
            _ => continue,
        };
        let name = start.local_name().as_ref().to_string();
        if path.len() == 2 && name == el::SOURCE && path[1] == el::METADATA {
            let file = start
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == attr::FILE)?;
            let value = file.normalized_value(XmlVersion::Implicit1_0).ok()?;
            return Some(value.into_owned());
        }
        if path.len() >= 2 {
            // Only the root's metadata matters; everything deeper is skipped unread.
            if !empty {
                reader.read_to_end(start.name()).ok()?;
            }
            continue;
        }
        if !empty {
            path.push(name);
        }
    }
}

fn close(element: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

fn append_text(stack: &mut [Element], text: &str, line: usize) -> Result<(), ReadError> {
    check_chars(text, line)?;
    match stack.last_mut() {
        Some(current) => {
            current.text.push_str(text);
            Ok(())
        }
        None if text.chars().all(xml_space) => Ok(()),
        None => Err(ReadError::at(line, "text outside the root element")),
    }
}

/// Refuses characters XML 1.0 does not allow, written raw in the document.
fn check_chars(text: &str, line: usize) -> Result<(), ReadError> {
    match text.chars().find(|&c| !xml_char(c)) {
        Some(c) => Err(ReadError::at(
            line,
            format!(
                "malformed XML: U+{:04X} is not a character XML allows",
                c as u32
            ),
        )),
        None => Ok(()),
    }
}

fn xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

impl Element {
    fn at(&self, message: impl std::fmt::Display) -> ReadError {
        ReadError::at(self.line, format!("<{}>: {message}", self.name))
    }

    fn opt_attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn attr(&self, name: &str) -> Result<&str, ReadError> {
        self.opt_attr(name)
            .ok_or_else(|| self.at(format!("missing required attribute \"{name}\"")))
    }

    fn opt_attr_string(&self, name: &str) -> Option<String> {
        self.opt_attr(name).map(str::to_string)
    }

    fn attr_string(&self, name: &str) -> Result<String, ReadError> {
        self.attr(name).map(str::to_string)
    }

    /// Refuses attributes other than `allowed`, and `xsi:nil` (allowed only on a value).
    fn only_attrs(&self, allowed: &[&str]) -> Result<(), ReadError> {
        if self.nil {
            return Err(self.at("xsi:nil is allowed only on <value>"));
        }
        match self
            .attrs
            .iter()
            .find(|(k, _)| !allowed.contains(&k.as_str()))
        {
            Some((k, _)) => Err(self.at(format!("unknown attribute \"{k}\""))),
            None => Ok(()),
        }
    }

    fn number<T: std::str::FromStr>(&self, name: &str, what: &str) -> Result<T, ReadError> {
        let raw = self.attr(name)?;
        parse_whole(raw)
            .ok_or_else(|| self.at(format!("attribute {name}=\"{raw}\": expected {what}")))
    }

    fn opt_number<T: std::str::FromStr>(
        &self,
        name: &str,
        what: &str,
    ) -> Result<Option<T>, ReadError> {
        match self.opt_attr(name) {
            None => Ok(None),
            Some(_) => self.number(name, what).map(Some),
        }
    }

    /// `line` and `endLine`.
    fn source(&self) -> Result<SourceRef, ReadError> {
        Ok(SourceRef {
            line: self.opt_number(attr::LINE, "a line number")?,
            end_line: self.opt_number(attr::END_LINE, "a line number")?,
            ..SourceRef::default()
        })
    }

    /// The text of an element that holds only text.
    fn text(&self) -> Result<String, ReadError> {
        self.only_attrs(&[])?;
        if let Some(child) = self.children.first() {
            return Err(ReadError::at(
                child.line,
                format!(
                    "unexpected element <{}> in <{}>, which holds only text",
                    child.name, self.name
                ),
            ));
        }
        Ok(self.text.clone())
    }

    /// The children of an element that holds only elements, in order.
    fn children(&self) -> Result<Children<'_>, ReadError> {
        if !self.text.chars().all(xml_space) {
            return Err(self.at("unexpected text: this element holds only elements"));
        }
        Ok(Children {
            parent: self,
            pos: 0,
        })
    }
}

/// The whole number in an attribute (XML whitespace around it allowed).
fn parse_whole<T: std::str::FromStr>(raw: &str) -> Option<T> {
    let s = raw.trim_matches(xml_space);
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// An `xs:decimal` (`-1.5`, `90`, `.5`; no exponent, no NaN or INF) as an f64.
fn parse_decimal(raw: &str) -> Option<f64> {
    let s = raw.trim_matches(xml_space);
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !digits(int) || !digits(frac) {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A cursor over an element's children that follows the XSD's sequence.
struct Children<'a> {
    parent: &'a Element,
    pos: usize,
}

impl<'a> Children<'a> {
    fn peek(&self) -> Option<&'a Element> {
        self.parent.children.get(self.pos)
    }

    /// The next child, which must be `name`.
    fn one(&mut self, name: &str) -> Result<&'a Element, ReadError> {
        match self.peek() {
            Some(e) if e.name == name => {
                self.pos += 1;
                Ok(e)
            }
            Some(e) => Err(ReadError::at(
                e.line,
                format!(
                    "unexpected element <{}> in <{}>: expected <{name}>",
                    e.name, self.parent.name
                ),
            )),
            None => Err(self.parent.at(format!("missing required element <{name}>"))),
        }
    }

    /// The next child if it is `name`.
    fn opt(&mut self, name: &str) -> Option<&'a Element> {
        let e = self.peek().filter(|e| e.name == name)?;
        self.pos += 1;
        Some(e)
    }

    /// The run of `name` children from here.
    fn many(&mut self, name: &str) -> Vec<&'a Element> {
        let mut out = Vec::new();
        while let Some(e) = self.opt(name) {
            out.push(e);
        }
        out
    }

    fn opt_text(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        self.opt(name).map(Element::text).transpose()
    }

    fn text(&mut self, name: &str) -> Result<String, ReadError> {
        self.one(name)?.text()
    }

    fn texts(&mut self, name: &str) -> Result<Vec<String>, ReadError> {
        self.many(name).into_iter().map(Element::text).collect()
    }

    /// No children left.
    fn done(self) -> Result<(), ReadError> {
        match self.peek() {
            Some(e) => Err(ReadError::at(
                e.line,
                format!("unexpected element <{}> in <{}>", e.name, self.parent.name),
            )),
            None => Ok(()),
        }
    }
}

// ----------------------------------------------------------------------------- tree to Plan

fn read_plan(root: &Element) -> Result<Plan, ReadError> {
    root.only_attrs(&[attr::SCHEMA_VERSION])?;
    let mut c = root.children()?;
    let plan = Plan {
        schema: SCHEMA_ID.to_string(),
        schema_version: root.attr_string(attr::SCHEMA_VERSION)?,
        plan: read_metadata(c.one(el::METADATA)?)?,
        domains: read_list(c.one(el::DOMAINS)?, el::DOMAIN, read_domain)?,
        preface: read_list(c.one(el::PREFACE)?, el::PARAGRAPH, read_paragraph)?,
        parts: Vec::new(),
        chapters: read_list(c.one(el::CHAPTERS)?, el::CHAPTER, read_chapter)?,
        tables: read_list(c.one(el::TABLES)?, el::TABLE, read_table)?,
        indicators: read_list(c.one(el::INDICATORS)?, el::INDICATOR, read_indicator)?,
        standards: read_list(c.one(el::STANDARDS)?, el::STANDARD, read_standard)?,
        boxes: read_list(c.one(el::BOXES)?, el::BOX, read_box)?,
        projects: read_list(c.one(el::PROJECTS)?, el::PROJECT, read_project)?,
        glossary: read_list(c.one(el::GLOSSARY)?, el::ENTRY, read_entry)?,
    };
    c.done()?;
    Ok(plan)
}

/// A wrapper element holding only `item` elements.
fn read_list<T>(
    wrapper: &Element,
    item: &str,
    read_item: fn(&Element) -> Result<T, ReadError>,
) -> Result<Vec<T>, ReadError> {
    wrapper.only_attrs(&[])?;
    let mut c = wrapper.children()?;
    let items = c
        .many(item)
        .into_iter()
        .map(read_item)
        .collect::<Result<_, _>>()?;
    c.done()?;
    Ok(items)
}

fn read_metadata(e: &Element) -> Result<PlanInfo, ReadError> {
    e.only_attrs(&[attr::ID, attr::BASELINE_YEAR, attr::LANGUAGE, attr::LICENSE])?;
    let mut c = e.children()?;
    let title = c.opt_text(el::TITLE)?;
    let region = c.opt(el::REGION).map(read_region).transpose()?;
    let period = c.opt(el::PERIOD).map(read_period).transpose()?;
    let source = read_source_file(c.one(el::SOURCE)?)?;
    let publisher = c.opt_text(el::PUBLISHER)?;
    c.done()?;
    Ok(PlanInfo {
        id: e.attr_string(attr::ID)?,
        title,
        region,
        period,
        baseline_year: e.opt_number(attr::BASELINE_YEAR, "a year")?,
        language: e.attr_string(attr::LANGUAGE)?,
        source,
        license: e.opt_attr_string(attr::LICENSE),
        publisher,
    })
}

fn read_region(e: &Element) -> Result<Region, ReadError> {
    e.only_attrs(&[attr::CODE])?;
    let mut c = e.children()?;
    let name = c.text(el::NAME)?;
    c.done()?;
    Ok(Region {
        name,
        code: e.opt_attr_string(attr::CODE),
    })
}

fn read_period(e: &Element) -> Result<Period, ReadError> {
    e.only_attrs(&[attr::START, attr::END])?;
    e.children()?.done()?;
    Ok(Period {
        start: e.number(attr::START, "a year")?,
        end: e.number(attr::END, "a year")?,
    })
}

fn read_source_file(e: &Element) -> Result<SourceFile, ReadError> {
    e.only_attrs(&[attr::FILE, attr::SHA256, attr::ENCODING, attr::LINES])?;
    e.children()?.done()?;
    Ok(SourceFile {
        file: e.attr_string(attr::FILE)?,
        sha256: e.attr_string(attr::SHA256)?,
        encoding: e.attr_string(attr::ENCODING)?,
        lines: e.number(attr::LINES, "a line count")?,
    })
}

fn read_domain(e: &Element) -> Result<Domain, ReadError> {
    e.only_attrs(&[attr::CODE, attr::CHAPTER])?;
    let mut c = e.children()?;
    let name = c.text(el::NAME)?;
    let aliases = c.texts(el::ALIAS)?;
    let department = c.opt_text(el::DEPARTMENT)?;
    c.done()?;
    Ok(Domain {
        code: e.attr_string(attr::CODE)?,
        name,
        aliases,
        department,
        chapter: e.opt_attr_string(attr::CHAPTER),
    })
}

fn read_paragraph(e: &Element) -> Result<Paragraph, ReadError> {
    e.only_attrs(&[attr::ID, attr::LINE, attr::END_LINE])?;
    let mut c = e.children()?;
    let text = c.text(el::TEXT)?;
    let lead = c.opt_text(el::LEAD)?;
    c.done()?;
    Ok(Paragraph {
        id: e.attr_string(attr::ID)?,
        text,
        lead,
        source: e.source()?,
    })
}

/// The run of blocks (paragraphs, table and box references) from here.
fn read_blocks(c: &mut Children<'_>) -> Result<Vec<Block>, ReadError> {
    let mut blocks = Vec::new();
    while let Some(e) = c.peek() {
        let block = match e.name.as_str() {
            el::PARAGRAPH => Block::Paragraph(read_paragraph(e)?),
            el::TABLE_REF => Block::Table {
                table: read_ref(e)?,
            },
            el::BOX_REF => Block::Box {
                project_box: read_ref(e)?,
            },
            _ => break,
        };
        blocks.push(block);
        c.pos += 1;
    }
    Ok(blocks)
}

fn read_ref(e: &Element) -> Result<String, ReadError> {
    e.only_attrs(&[attr::REF])?;
    e.children()?.done()?;
    e.attr_string(attr::REF)
}

fn read_chapter(e: &Element) -> Result<Chapter, ReadError> {
    e.only_attrs(&[
        attr::ID,
        attr::NUMBER,
        attr::DOMAIN,
        attr::LINE,
        attr::END_LINE,
    ])?;
    let mut c = e.children()?;
    let title = c.text(el::TITLE)?;
    let intro = read_blocks(&mut c)?;
    let sections = c
        .many(el::SECTION)
        .into_iter()
        .map(read_section)
        .collect::<Result<_, _>>()?;
    c.done()?;
    Ok(Chapter {
        id: e.attr_string(attr::ID)?,
        number: e.number(attr::NUMBER, "a whole number")?,
        title,
        domain: e.opt_attr_string(attr::DOMAIN),
        part: None,
        style: ChapterStyle::Chapter,
        intro,
        sections,
        source: e.source()?,
    })
}

fn read_section(e: &Element) -> Result<Section, ReadError> {
    e.only_attrs(&[attr::ID, attr::NUMBER, attr::LINE, attr::END_LINE])?;
    let mut c = e.children()?;
    let title = c.text(el::TITLE)?;
    let blocks = read_blocks(&mut c)?;
    c.done()?;
    Ok(Section {
        id: e.attr_string(attr::ID)?,
        number: e.number(attr::NUMBER, "a whole number")?,
        title,
        blocks,
        source: e.source()?,
    })
}

fn read_table(e: &Element) -> Result<Table, ReadError> {
    e.only_attrs(&[
        attr::ID,
        attr::KIND,
        attr::CHAPTER,
        attr::SECTION,
        attr::DOMAIN,
        attr::LINE,
        attr::END_LINE,
    ])?;
    let raw = e.attr(attr::KIND)?;
    let kind = TableKind::from_name(raw).ok_or_else(|| {
        e.at(format!(
            "kind=\"{raw}\": expected indicators, standards or other"
        ))
    })?;
    let mut c = e.children()?;
    let title = c.opt_text(el::TITLE)?;
    let columns = c.texts(el::COLUMN)?;
    let notes = c.texts(el::NOTE)?;
    c.done()?;
    Ok(Table {
        id: e.attr_string(attr::ID)?,
        title,
        kind,
        columns,
        notes,
        chapter: e.opt_attr_string(attr::CHAPTER),
        section: e.opt_attr_string(attr::SECTION),
        domain: e.opt_attr_string(attr::DOMAIN),
        rows: None,
        source: e.source()?,
    })
}

fn read_indicator(e: &Element) -> Result<Indicator, ReadError> {
    e.only_attrs(&[
        attr::ID,
        attr::TABLE,
        attr::DOMAIN,
        attr::LINE,
        attr::END_LINE,
    ])?;
    let mut c = e.children()?;
    let name = c.text(el::NAME)?;
    let unit = c.opt_text(el::UNIT)?;
    let baseline = read_value(c.one(el::BASELINE)?)?;
    let target = read_value(c.one(el::TARGET)?)?;
    c.done()?;
    Ok(Indicator {
        id: e.attr_string(attr::ID)?,
        table: e.attr_string(attr::TABLE)?,
        domain: e.opt_attr_string(attr::DOMAIN),
        category: None,
        name,
        unit,
        baseline,
        target,
        values: Vec::new(),
        change: None,
        attribute: None,
        source: e.source()?,
    })
}

fn read_value(e: &Element) -> Result<Value, ReadError> {
    e.only_attrs(&[attr::YEAR])?;
    let mut c = e.children()?;
    let text = c.text(el::TEXT)?;
    let value = read_number_or_nil(c.one(el::VALUE)?)?;
    let note = c.opt_text(el::NOTE)?;
    let components = match c.opt(el::COMPONENTS) {
        None => None,
        Some(list) => Some(read_list(list, el::COMPONENT, read_number)?),
    };
    c.done()?;
    Ok(Value {
        year: e.number(attr::YEAR, "a year")?,
        text,
        value,
        note,
        components,
    })
}

/// `<value>25.824</value>`, or `<value xsi:nil="true"/>` for null.
fn read_number_or_nil(e: &Element) -> Result<Option<f64>, ReadError> {
    if !e.nil {
        return read_number(e).map(Some);
    }
    if !e.attrs.is_empty() || !e.children.is_empty() || !e.text.is_empty() {
        return Err(e.at("a value with xsi:nil=\"true\" must be empty and have no attributes"));
    }
    Ok(None)
}

fn read_number(e: &Element) -> Result<f64, ReadError> {
    let text = e.text()?;
    parse_decimal(&text).ok_or_else(|| {
        e.at(format!(
            "\"{}\" is not a decimal number (like 25.824 or -3)",
            text.escape_debug()
        ))
    })
}

fn read_standard(e: &Element) -> Result<Standard, ReadError> {
    e.only_attrs(&[
        attr::ID,
        attr::TABLE,
        attr::DOMAIN,
        attr::LINE,
        attr::END_LINE,
    ])?;
    let mut c = e.children()?;
    let category = c.opt_text(el::CATEGORY)?;
    let item = c.text(el::ITEM)?;
    let beneficiaries = c.text(el::BENEFICIARIES)?;
    let standard = c.opt_text(el::STANDARD)?;
    let funding = read_funding(c.one(el::FUNDING)?)?;
    let coverage = c.text(el::COVERAGE)?;
    let ditto_fields = c.texts(el::DITTO_FIELD)?;
    c.done()?;
    Ok(Standard {
        id: e.attr_string(attr::ID)?,
        table: e.attr_string(attr::TABLE)?,
        domain: e.opt_attr_string(attr::DOMAIN),
        category,
        item,
        beneficiaries,
        standard,
        funding,
        coverage,
        ditto_fields,
        source: e.source()?,
    })
}

fn read_funding(e: &Element) -> Result<Funding, ReadError> {
    e.only_attrs(&[])?;
    let mut c = e.children()?;
    let text = c.text(el::TEXT)?;
    let levels = c
        .many(el::LEVEL)
        .into_iter()
        .map(|l| {
            let code = l.text()?;
            FundingLevel::from_code(&code).ok_or_else(|| {
                l.at(format!(
                    "\"{code}\" is not a funding level; expected one of {}",
                    FundingLevel::ALL.map(FundingLevel::code).join(", ")
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    c.done()?;
    Ok(Funding { text, levels })
}

fn read_box(e: &Element) -> Result<ProjectBox, ReadError> {
    e.only_attrs(&[
        attr::ID,
        attr::NUMBER,
        attr::CHAPTER,
        attr::SECTION,
        attr::DOMAIN,
        attr::LINE,
        attr::END_LINE,
    ])?;
    let mut c = e.children()?;
    let title = c.text(el::TITLE)?;
    c.done()?;
    Ok(ProjectBox {
        id: e.attr_string(attr::ID)?,
        number: e.number(attr::NUMBER, "a whole number")?,
        title,
        chapter: e.opt_attr_string(attr::CHAPTER),
        section: e.opt_attr_string(attr::SECTION),
        domain: e.opt_attr_string(attr::DOMAIN),
        blocks: Vec::new(),
        source: e.source()?,
    })
}

fn read_project(e: &Element) -> Result<Project, ReadError> {
    e.only_attrs(&[
        attr::ID,
        attr::BOX,
        attr::DOMAIN,
        attr::LINE,
        attr::END_LINE,
    ])?;
    let mut c = e.children()?;
    let category = c.opt_text(el::CATEGORY)?;
    let name = c.text(el::NAME)?;
    c.done()?;
    Ok(Project {
        id: e.attr_string(attr::ID)?,
        project_box: e.attr_string(attr::BOX)?,
        domain: e.opt_attr_string(attr::DOMAIN),
        category,
        name,
        description: None,
        source: e.source()?,
    })
}

fn read_entry(e: &Element) -> Result<GlossaryEntry, ReadError> {
    e.only_attrs(&[attr::ID, attr::LINE, attr::END_LINE])?;
    let mut c = e.children()?;
    let term = c.text(el::TERM)?;
    let definition = c.text(el::DEFINITION)?;
    c.done()?;
    Ok(GlossaryEntry {
        id: e.attr_string(attr::ID)?,
        term,
        definition,
        source: e.source()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_xsd_decimals() {
        assert_eq!(parse_decimal("25.824"), Some(25.824));
        assert_eq!(parse_decimal(" -3 "), Some(-3.0));
        assert_eq!(parse_decimal(".5"), Some(0.5));
        assert_eq!(parse_decimal("+7."), Some(7.0));
        for bad in ["", ".", "1e5", "NaN", "inf", "1,5", "--1", "0x10", "1.2.3"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn whole_numbers_have_digits_only() {
        assert_eq!(parse_whole::<u32>("12"), Some(12));
        assert_eq!(parse_whole::<i32>("-2020"), Some(-2020));
        assert_eq!(parse_whole::<u32>("-1"), None);
        assert_eq!(parse_whole::<u32>("1.0"), None);
        assert_eq!(parse_whole::<u32>("99999999999"), None);
    }

    #[test]
    fn lines_count_from_one() {
        let lines = Lines::new("a\nb\nc");
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(2), 2);
        assert_eq!(lines.line(4), 3);
    }
}
