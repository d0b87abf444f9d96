//! Makes small .docx files in memory for tests: a body of WordprocessingML and, optionally,
//! styles, numbering and footnotes parts, zipped as Word would (without compression).
//!
//! Plain Rust over std and zip, so the fuzz target can include it too
//! (`#[path = "../../tests/support/docx.rs"] mod docx_support;`).
#![allow(dead_code)]

use std::io::Write;

/// The WordprocessingML namespace declarations used by the parts below.
pub const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

/// The parts of a document to zip.
#[derive(Debug, Clone, Default)]
pub struct Docx {
    /// The inside of `<w:body>`.
    pub body: String,
    /// The inside of `<w:styles>`, when the document has styles.
    pub styles: Option<String>,
    /// The inside of `<w:numbering>`, when it has numbering.
    pub numbering: Option<String>,
    /// The inside of `<w:footnotes>`, when it has footnotes.
    pub footnotes: Option<String>,
    /// More entries, as (name, bytes).
    pub extra: Vec<(String, Vec<u8>)>,
    /// More relationships of the document part, as raw `<Relationship …/>` elements.
    pub rels: Vec<String>,
}

impl Docx {
    /// A document with this body.
    pub fn body(body: impl Into<String>) -> Self {
        Docx {
            body: body.into(),
            ..Docx::default()
        }
    }

    /// The .docx bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let mut rels = String::new();
        let mut types = String::new();
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        let ct = "application/vnd.openxmlformats-officedocument.wordprocessingml";
        let mut add = |name: &str, kind: &str, root: &str, inner: &Option<String>| {
            if let Some(inner) = inner {
                rels.push_str(&format!(
                    r#"<Relationship Id="r{name}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{name}.xml"/>"#
                ));
                types.push_str(&format!(
                    r#"<Override PartName="/word/{name}.xml" ContentType="{ct}.{kind}+xml"/>"#
                ));
                parts.push((
                    format!("word/{name}.xml"),
                    format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NS}>{inner}</w:{root}>"#).into_bytes(),
                ));
            }
        };
        add("styles", "styles", "styles", &self.styles);
        add("numbering", "numbering", "numbering", &self.numbering);
        add("footnotes", "footnotes", "footnotes", &self.footnotes);
        for r in &self.rels {
            rels.push_str(r);
        }
        let mut entries: Vec<(String, Vec<u8>)> = vec![
            (
                "[Content_Types].xml".into(),
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{ct}.document.main+xml"/>{types}</Types>"#).into_bytes(),
            ),
            (
                "_rels/.rels".into(),
                br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_vec(),
            ),
            (
                "word/_rels/document.xml.rels".into(),
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#).into_bytes(),
            ),
            (
                "word/document.xml".into(),
                format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{}</w:body></w:document>"#, self.body).into_bytes(),
            ),
        ];
        entries.extend(parts);
        entries.extend(self.extra.iter().cloned());
        zip(&entries, false)
    }
}

/// A zip of entries, stored or deflated.
pub fn zip(entries: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        if w.start_file(name.as_str(), options).is_err() || w.write_all(bytes).is_err() {
            return Vec::new();
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// A paragraph of plain text.
pub fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A paragraph of a style.
pub fn styled(style: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}

/// A table cell holding paragraphs, with optional `w:tcPr` content.
pub fn tc(props: &str, paragraphs: &[&str]) -> String {
    let body: String = if paragraphs.is_empty() {
        "<w:p/>".to_string()
    } else {
        paragraphs.iter().map(|t| p(t)).collect()
    };
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
}

/// A table of rows of cells (each already `tc(..)`).
pub fn tbl(rows: &[Vec<String>]) -> String {
    let rows: String = rows
        .iter()
        .map(|r| format!("<w:tr>{}</w:tr>", r.concat()))
        .collect();
    format!("<w:tbl><w:tblPr/>{rows}</w:tbl>")
}

/// What the `docx` fuzz target reads: bytes that start like a zip or an OLE file as they are;
/// any other bytes split at `\n--\n` into body, styles and numbering and zipped into a package
/// (a zip's CRCs would stop most mutations of zipped XML at the zip layer).
pub fn fuzz_input(bytes: &[u8]) -> Vec<u8> {
    if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return bytes.to_vec();
    }
    let text = String::from_utf8_lossy(bytes);
    let mut parts = text.splitn(3, "\n--\n");
    Docx {
        body: parts.next().unwrap_or("").to_string(),
        styles: parts.next().map(str::to_string),
        numbering: parts.next().map(str::to_string),
        ..Docx::default()
    }
    .bytes()
}
