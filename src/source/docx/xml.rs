//! A small element tree of one XML part: local names, unescaped attributes and text, bounded.
//!
//! WordprocessingML is read by local names (`w:p` → `p`): the prefixes vary between writers
//! and strict OOXML changes the namespace URIs, while the local names are the same. No DTD is
//! read and no entity is expanded beyond the five predefined ones and character references.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Deepest nesting accepted; Word's deepest (nested tables in content controls) is a few dozen.
pub const MAX_DEPTH: usize = 256;

/// Most elements in one part; the example's document has about 60 000.
pub const MAX_ELEMENTS: usize = 2_000_000;

/// An element: local name, attributes by local name, children in order.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Local name (`p` for `w:p`).
    pub name: String,
    /// Attributes by local name, values unescaped, in document order.
    pub attrs: Vec<(String, String)>,
    /// Child elements and text, in document order.
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Character data (whitespace-only text between elements is dropped).
    Text(String),
}

impl Element {
    /// An attribute's value by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element of a name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The `val` attribute of the first child element of a name.
    pub fn val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|e| e.attr("val"))
    }

    /// The element's direct text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                out.push_str(t);
            }
        }
        out
    }

    /// Every descendant element, depth first, the element itself included.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            out.push(e);
            let at = stack.len();
            stack.extend(e.elements());
            stack[at..].reverse();
        }
        out
    }
}

/// Whether an on/off property (`w:b`, `w:vanish` …) is on: present, and not `0`/`false`/`off`.
pub fn on(e: Option<&Element>) -> bool {
    e.is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off")))
}

/// Parses one part. Accepts UTF-8 with or without BOM, and UTF-16 with BOM.
pub fn parse(bytes: &[u8]) -> Result<Element, String> {
    let owned;
    let text: &str = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            std::str::from_utf8(&bytes[bom..]).map_err(|e| not_utf8(&e))?
        } else {
            let (decoded, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
            if had_errors {
                return Err(format!("malformed {} text", enc.name()));
            }
            owned = decoded.into_owned();
            owned.as_str()
        }
    } else {
        std::str::from_utf8(bytes).map_err(|e| not_utf8(&e))?
    };
    parse_str(text)
}

fn not_utf8(e: &std::str::Utf8Error) -> String {
    format!(
        "not UTF-8 XML: invalid byte at offset {}; Word writes its parts in UTF-8",
        e.valid_up_to()
    )
}

fn parse_str(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::DocType(_) => {
                return Err(
                    "a DOCTYPE in the part; Word writes none, and plandoc expands no entities"
                        .to_string(),
                );
            }
            Event::Start(_) | Event::Empty(_) if root.is_some() && stack.is_empty() => {
                return Err("content after the root element".to_string());
            }
            Event::Start(e) => {
                count += 1;
                check_count(count)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(format!(
                        "elements nested deeper than {MAX_DEPTH} levels; a Word document nests a \
                         few dozen"
                    ));
                }
                stack.push(open(&e)?);
            }
            Event::Empty(e) => {
                count += 1;
                check_count(count)?;
                let element = open(&e)?;
                close(element, &mut stack, &mut root);
            }
            Event::End(_) => {
                if let Some(element) = stack.pop() {
                    close(element, &mut stack, &mut root);
                }
            }
            Event::Text(t) => {
                let t = t.xml10_content();
                check_chars(&t)?;
                push_text(&mut stack, &t);
            }
            Event::CData(c) => {
                let c = c.xml10_content();
                check_chars(&c)?;
                push_text(&mut stack, &c);
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    resolve_predefined_entity(&r).map(String::from)
                };
                let c = c.ok_or_else(|| format!("undefined entity &{};", &*r))?;
                check_chars(&c)?;
                push_text(&mut stack, &c);
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("the part ends inside <{}>", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}

/// Refuses characters XML 1.0 does not allow (C0 controls but TAB, LF, CR; U+FFFE, U+FFFF).
fn check_chars(text: &str) -> Result<(), String> {
    match text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    }) {
        Some(c) => Err(format!(
            "the character U+{:04X} in the text; XML 1.0 does not allow it",
            u32::from(c)
        )),
        None => Ok(()),
    }
}

fn check_count(count: usize) -> Result<(), String> {
    if count > MAX_ELEMENTS {
        return Err(format!(
            "more than {MAX_ELEMENTS} elements in one part; plandoc reads parts up to that"
        ));
    }
    Ok(())
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_string()
}

fn open(e: &BytesStart<'_>) -> Result<Element, String> {
    let mut element = Element {
        name: local(e.name().as_ref()),
        attrs: Vec::new(),
        children: Vec::new(),
    };
    for a in e.attributes() {
        let a = a.map_err(|err| format!("malformed attribute in <{}>: {err}", element.name))?;
        if a.key.as_namespace_binding().is_some() {
            continue;
        }
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| format!("attribute of <{}>: {err}", element.name))?
            .into_owned();
        element.attrs.push((local(a.key.as_ref()), value));
    }
    Ok(element)
}

fn close(element: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => *root = Some(element),
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    let Some(parent) = stack.last_mut() else {
        return;
    };
    // Whitespace between elements is layout, except inside the elements that hold text.
    let keeps = matches!(parent.name.as_str(), "t" | "instrText" | "delText");
    if !keeps && text.chars().all(char::is_whitespace) {
        return;
    }
    if let Some(Node::Text(last)) = parent.children.last_mut() {
        last.push_str(text);
    } else {
        parent.children.push(Node::Text(text.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names_attributes_and_entities() {
        let e = parse(
            br#"<?xml version="1.0"?><w:document xmlns:w="x"><w:p w:rsid="1"><w:t xml:space="preserve"> a &amp; &#x4e00;</w:t></w:p></w:document>"#,
        )
        .unwrap();
        assert_eq!(e.name, "document");
        let p = e.child("p").unwrap();
        assert_eq!(p.attr("rsid"), Some("1"));
        assert_eq!(p.child("t").unwrap().text(), " a & 一");
    }

    #[test]
    fn deep_nesting_and_doctype_are_refused() {
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(parse(deep.as_bytes()).unwrap_err().contains("deeper"));
        let dtd = br#"<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>"#;
        assert!(parse(dtd).unwrap_err().contains("DOCTYPE"));
    }

    #[test]
    fn utf16_parts_are_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<a>文</a>".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(parse(&bytes).unwrap().text(), "文");
    }
}
