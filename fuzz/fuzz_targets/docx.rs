//! Word documents -> the docx reader -> recognise -> normalise -> validate, as `plandoc parse
//! x.docx` runs them.
//!
//! A zip's entries carry CRCs, so mutated zip bytes mostly stop at the zip layer. Inputs that
//! start with `PK` or an OLE signature are read as they are (the zip and OLE paths); any other
//! input is split at `\n--\n` into document body, styles and numbering XML and zipped into a
//! package first, so that mutations reach the XML, styles, numbering and table code.
#![no_main]

use std::io::Write;
use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn package(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut parts = text.splitn(3, "\n--\n");
    let body = parts.next().unwrap_or("");
    let styles = parts.next();
    let numbering = parts.next();
    let mut rels = String::new();
    let mut entries: Vec<(String, String)> = vec![(
        "word/document.xml".into(),
        format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#),
    )];
    for (name, root, inner) in [("styles", "styles", styles), ("numbering", "numbering", numbering)] {
        if let Some(inner) = inner {
            rels.push_str(&format!(
                r#"<Relationship Id="r{name}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{name}" Target="{name}.xml"/>"#
            ));
            entries.push((format!("word/{name}.xml"), format!("<w:{root} {W}>{inner}</w:{root}>")));
        }
    }
    entries.push((
        "word/_rels/document.xml.rels".into(),
        format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#),
    ));
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, text) in entries {
        if w.start_file(name, options).is_err() || w.write_all(text.as_bytes()).is_err() {
            return Vec::new();
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fuzz_target!(|bytes: &[u8]| {
    let owned;
    let docx: &[u8] = if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        bytes
    } else {
        owned = package(bytes);
        &owned
    };
    let Ok(input) = plandoc::source::from_bytes(
        Path::new("fuzz.docx"),
        docx,
        None,
        PathBuf::from("fuzz.toml"),
    ) else {
        return;
    };
    assert_eq!(
        input.locators.as_ref().map(Vec::len),
        Some(input.text.matches('\n').count()),
        "one locator per line"
    );
    let Ok(outline) = plandoc::recognise::outline(&input.text) else {
        return;
    };
    if let Ok(plan) = plandoc::normalise::plan(&input, &outline) {
        let problems = plandoc::validate::problems(&plan.output);
        assert!(
            problems.iter().all(|p| p.code == "text-too-long"),
            "a parsed plan does not validate: {problems:?}"
        );
    }
});
