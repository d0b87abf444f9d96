//! Readers of plan documents: `plan.json` and `plan.xml` back into a `Plan`.
//!
//! (The plan's source text is read by `source`, `recognise` and `normalise`; these readers take
//! documents that plandoc or another system already wrote.)

pub mod json;
pub mod xml;

use crate::model::{Plan, SCHEMA_VERSION};

/// Largest plan document plandoc reads (a plan is a few MB).
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

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
    pub fn from_path(path: &std::path::Path) -> Option<DocumentKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(DocumentKind::Json),
            "xml" => Some(DocumentKind::Xml),
            _ => None,
        }
    }
}

/// Reads a plan document of the given kind.
pub fn read(kind: DocumentKind, bytes: &[u8]) -> Result<Plan, ReadError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ReadError::whole(format!(
            "document is {} bytes, more than the {} bytes plandoc reads",
            bytes.len(),
            MAX_DOCUMENT_BYTES
        )));
    }
    match kind {
        DocumentKind::Json => json::read(bytes),
        DocumentKind::Xml => xml::read(bytes),
    }
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
