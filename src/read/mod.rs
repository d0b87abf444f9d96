//! Readers of plan documents: `plan.json` and `plan.xml` back into a `Plan`.
//!
//! (The plan's source text is read by `source`, `recognise` and `normalise`; these readers take
//! documents that plandoc or another system already wrote.)

pub mod json;
pub mod xml;

use std::path::Path;

use crate::error::Error;
use crate::model::{Plan, SCHEMA_VERSION};
use crate::validate;

/// Largest plan document file plandoc reads (a plan is a few MB); checked before reading.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// A plan document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", match line { Some(l) => format!("{l}: "), None => String::new() })]
pub struct ReadError {
    /// 1-based line of the document where the problem is, when known.
    pub line: Option<usize>,
    /// What was expected and what was found.
    pub message: String,
}

impl ReadError {
    /// An error at a line of the document.
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        ReadError {
            line: Some(line),
            message: message.into(),
        }
    }

    /// An error about the document as a whole.
    pub fn whole(message: impl Into<String>) -> Self {
        ReadError {
            line: None,
            message: message.into(),
        }
    }
}

/// The kind of a plan document, by its file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// `plan.json`.
    Json,
    /// `plan.xml`.
    Xml,
}

impl DocumentKind {
    /// The kind for a path's extension (`.json`, `.xml`), case-insensitive.
    pub fn from_path(path: &Path) -> Option<DocumentKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(DocumentKind::Json),
            "xml" => Some(DocumentKind::Xml),
            _ => None,
        }
    }
}

/// Reads a plan.json or plan.xml (by extension) into a valid `Plan`: the file is refused
/// before reading when larger than [`MAX_DOCUMENT_BYTES`], then [`load_bytes`] reads and checks
/// it. This is what `plandoc validate` and `plandoc export` run.
pub fn load(path: &Path) -> Result<Plan, Error> {
    kind_of(path)?;
    let bytes = crate::source::read_bounded(path, MAX_DOCUMENT_BYTES)?;
    load_bytes(path, &bytes)
}

/// Reads the bytes of a plan.json or plan.xml into a valid `Plan`. `path` gives the kind (by
/// its extension) and names the document in errors.
///
/// The schema version is checked first (another major's document fails as such, not as a list
/// of schema problems), then the JSON Schema and the semantic rules, each once.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Plan, Error> {
    match kind_of(path)? {
        DocumentKind::Json => {
            let value = json::value(bytes).map_err(|e| Error::document(path, e))?;
            if let Some(v) = value.get("schemaVersion").and_then(|v| v.as_str()) {
                check_schema_version(v, json::source_file(&value))
                    .map_err(|e| Error::document(path, e))?;
            }
            validate::document(value).map_err(|problems| Error::Invalid {
                path: path.to_path_buf(),
                problems,
            })
        }
        DocumentKind::Xml => {
            let plan = xml::read(bytes).map_err(|e| Error::document(path, e))?;
            validate::ensure_valid(&plan, path)?;
            Ok(plan)
        }
    }
}

fn kind_of(path: &Path) -> Result<DocumentKind, Error> {
    DocumentKind::from_path(path)
        .ok_or_else(|| Error::input(path, "expected a .json or .xml plan document"))
}

/// The 1-based line of the end of `before` (where the byte after it stands).
fn line_at(before: &[u8]) -> usize {
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// Refuses a document written for another major version of the schema. `source` is the file
/// name of the plan's source text, when the document names it: a 1.x document is told to be
/// rebuilt from it.
///
/// Same major, any minor or patch: accepted (fields unknown to this version are then reported
/// by validation, not here).
pub fn check_schema_version(found: &str, source: Option<&str>) -> Result<(), ReadError> {
    let ours = major(SCHEMA_VERSION);
    match major(found) {
        Some(m) if Some(m) == ours => Ok(()),
        // Schema 1 documents came from source texts plandoc still reads: rebuilding them is the
        // way forward, not a converter.
        Some(1) => Err(ReadError::whole(format!(
            "schemaVersion {found} is not supported by this plandoc (schema {SCHEMA_VERSION}); \
             rebuild it from its source: plandoc build {}",
            source.filter(|s| !s.is_empty()).unwrap_or("<source>")
        ))),
        _ => Err(ReadError::whole(format!(
            "incompatible schema version: the document has schemaVersion \"{found}\" but this \
             plandoc reads {}.x (schema {SCHEMA_VERSION})",
            ours.unwrap_or(0)
        ))),
    }
}

fn major(version: &str) -> Option<u64> {
    let mut parts = version.split('.');
    let m = parts.next()?.parse().ok()?;
    let rest: Vec<&str> = parts.collect();
    (rest.len() == 2 && rest.iter().all(|p| p.parse::<u64>().is_ok())).then_some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example plan, parsed from its source text (not from `out/`, which may predate this
    /// schema), as plan.json and plan.xml bytes.
    fn example() -> (Plan, Vec<u8>, Vec<u8>) {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("source/wangcang-public-services-2021-2025.txt");
        let plan = crate::parse_file(&source).unwrap().output;
        let json = crate::write::json::to_string(&plan).unwrap().into_bytes();
        let xml = crate::write::xml::to_bytes(&plan).unwrap();
        (plan, json, xml)
    }

    #[test]
    fn load_reads_and_checks_json_and_xml_alike() {
        let (plan, json, xml) = example();
        let dir = std::env::temp_dir().join(format!("plandoc-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("plan.json"), &json).unwrap();
        std::fs::write(dir.join("plan.xml"), &xml).unwrap();
        let from_json = load(&dir.join("plan.json")).unwrap();
        let from_xml = load(&dir.join("plan.xml")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(from_json, plan);
        assert_eq!(from_json, from_xml);
        assert_eq!(load_bytes(Path::new("p.json"), &json).unwrap(), from_json);
    }

    #[test]
    fn load_bytes_names_the_document_in_every_error() {
        let e = load_bytes(Path::new("p.txt"), b"{}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.txt: expected a .json or .xml plan document"
        );
        let e = load_bytes(Path::new("p.json"), br#"{"schemaVersion": "3.0.0"}"#).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("p.json: incompatible schema version"),
            "{e}"
        );
        let e = load_bytes(Path::new("p.json"), b"{\n oops").unwrap_err();
        assert!(e.to_string().starts_with("p.json:2: invalid JSON"), "{e}");
        // A semantic problem in plan.xml is reported with its pointer and no source line.
        let (_, _, xml) = example();
        let xml = String::from_utf8(xml).unwrap();
        let bad = xml.replacen("baselineYear=\"2020\"", "baselineYear=\"2024\"", 1);
        assert_ne!(bad, xml);
        let e = load_bytes(Path::new("p.xml"), bad.as_bytes()).unwrap_err();
        assert!(
            e.to_string()
                .contains("\n  /plan/baselineYear: baseline year 2024"),
            "{e}"
        );
    }

    #[test]
    fn a_schema_1_document_is_refused_with_how_to_rebuild_it() {
        let json = br#"{"schemaVersion": "1.0.0", "plan": {"source": {"file": "x.txt"}}}"#;
        let e = load_bytes(Path::new("out/x/plan.json"), json).unwrap_err();
        assert_eq!(
            e.to_string(),
            "out/x/plan.json: schemaVersion 1.0.0 is not supported by this plandoc (schema \
             2.0.0); rebuild it from its source: plandoc build x.txt"
        );
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                   <plan xmlns=\"urn:plandoc:xml:plan:1\" schemaVersion=\"1.0.0\">\n\
                   <metadata id=\"a\"><title>t</title><source file=\"y.txt\" sha256=\"\" \
                   encoding=\"UTF-8\" lines=\"1\"/></metadata>\n\
                   <domains/>\n</plan>\n";
        let e = load_bytes(Path::new("plan.xml"), xml.as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "plan.xml:2: schemaVersion 1.0.0 is not supported by this plandoc (schema 2.0.0); \
             rebuild it from its source: plandoc build y.txt"
        );
        // Without a named source the message still says what to do.
        let e = check_schema_version("1.2.0", None).unwrap_err();
        assert!(e.message.ends_with("plandoc build <source>"), "{e}");
    }

    #[test]
    fn same_major_is_accepted() {
        assert!(check_schema_version("2.0.0", None).is_ok());
        assert!(check_schema_version("2.4.2", None).is_ok());
    }

    #[test]
    fn other_major_or_garbage_is_refused() {
        let e = check_schema_version("3.0.0", None).unwrap_err();
        assert!(e.message.contains("\"3.0.0\""), "{e}");
        assert!(check_schema_version("one", None).is_err());
        assert!(check_schema_version("2.0", None).is_err());
    }
}
