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
                check_schema_version(v).map_err(|e| Error::document(path, e))?;
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

/// Refuses a document written for another major version of the schema.
///
/// Same major, any minor or patch: accepted (fields unknown to this version are then reported
/// by validation, not here).
pub fn check_schema_version(found: &str) -> Result<(), ReadError> {
    let ours = major(SCHEMA_VERSION);
    match major(found) {
        Some(m) if Some(m) == ours => Ok(()),
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

    fn example(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("out/wangcang-public-services-2021-2025")
            .join(name)
    }

    #[test]
    fn load_reads_and_checks_json_and_xml_alike() {
        let from_json = load(&example("plan.json")).unwrap();
        let from_xml = load(&example("plan.xml")).unwrap();
        assert_eq!(from_json, from_xml);
        let bytes = std::fs::read(example("plan.json")).unwrap();
        assert_eq!(load_bytes(Path::new("p.json"), &bytes).unwrap(), from_json);
    }

    #[test]
    fn load_bytes_names_the_document_in_every_error() {
        let e = load_bytes(Path::new("p.txt"), b"{}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.txt: expected a .json or .xml plan document"
        );
        let e = load_bytes(Path::new("p.json"), br#"{"schemaVersion": "2.0.0"}"#).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("p.json: incompatible schema version"),
            "{e}"
        );
        let e = load_bytes(Path::new("p.json"), b"{\n oops").unwrap_err();
        assert!(e.to_string().starts_with("p.json:2: invalid JSON"), "{e}");
        // A semantic problem in plan.xml is reported with its pointer and no source line.
        let xml = std::fs::read_to_string(example("plan.xml")).unwrap();
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
    fn same_major_is_accepted() {
        assert!(check_schema_version("1.0.0").is_ok());
        assert!(check_schema_version("1.4.2").is_ok());
    }

    #[test]
    fn other_major_or_garbage_is_refused() {
        let e = check_schema_version("2.0.0").unwrap_err();
        assert!(e.message.contains("\"2.0.0\""), "{e}");
        assert!(check_schema_version("one").is_err());
        assert!(check_schema_version("1.0").is_err());
    }
}
