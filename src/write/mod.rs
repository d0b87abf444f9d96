//! Writers: each one function over `&Plan` that returns the files it makes.
//!
//! Writers never see the source text. Each returns [`OutputFile`]s with paths relative to the
//! plan's output folder (`out/<stem>/`); the build step writes them all into a temporary folder
//! and renames it into place, so no writer touches the file system.

pub mod json;
pub mod opendata;
pub mod xlsx;
pub mod xml;

use crate::model::Plan;

/// One file a writer makes, not yet on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the plan's output folder, `/`-separated, e.g. `departments/教育局.xlsx`.
    pub path: String,
    /// The file's complete contents.
    pub bytes: Vec<u8>,
}

/// A writer failed to produce its output.
#[derive(Debug, thiserror::Error)]
#[error("{format} writer: {message}")]
pub struct WriteError {
    /// Which writer failed (`json`, `xml`, `xlsx`, `opendata`).
    pub format: &'static str,
    /// What went wrong.
    pub message: String,
}

impl WriteError {
    /// An error of the named writer.
    pub fn new(format: &'static str, message: impl Into<String>) -> Self {
        WriteError {
            format,
            message: message.into(),
        }
    }
}

/// An output format plandoc writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `plan.json`, the canonical document.
    Json,
    /// `plan.xml`, valid against `schema/plan.xsd`.
    Xml,
    /// `plan.xlsx` and `departments/<部门>.xlsx`.
    Xlsx,
    /// `opendata/*.csv` and `opendata/datapackage.json`.
    Opendata,
}

impl Format {
    /// Every format, in the order `build` writes them.
    pub const ALL: [Format; 4] = [Format::Json, Format::Xml, Format::Xlsx, Format::Opendata];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
            Format::Xlsx => "xlsx",
            Format::Opendata => "opendata",
        }
    }
}

/// The files of one format for a plan.
pub fn render(plan: &Plan, format: Format) -> Result<Vec<OutputFile>, WriteError> {
    match format {
        Format::Json => json::write(plan),
        Format::Xml => xml::write(plan),
        Format::Xlsx => xlsx::write(plan),
        Format::Opendata => opendata::write(plan),
    }
}

/// The files of several formats for a plan, in the order given.
pub fn render_all(plan: &Plan, formats: &[Format]) -> Result<Vec<OutputFile>, WriteError> {
    let mut files = Vec::new();
    for f in formats {
        files.extend(render(plan, *f)?);
    }
    Ok(files)
}

/// Characters Windows forbids in file names, plus both path separators.
const FORBIDDEN: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Names Windows reserves whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file-name stem made safe from text that came from data (a department's name, say).
///
/// Path separators, characters Windows forbids, control characters and leading/trailing dots
/// and spaces are replaced or dropped, so the result never leaves its folder; an empty or
/// reserved result becomes `_`-prefixed. At most 80 characters.
pub fn safe_file_stem(name: &str) -> String {
    let mapped: String = name
        .chars()
        .map(|c| {
            if FORBIDDEN.contains(&c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    let trimmed = mapped.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() || trimmed.chars().all(|c| c == '_') {
        return "_".to_string();
    }
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(trimmed)) {
        return format!("_{trimmed}");
    }
    trimmed.to_string()
}

/// Safe, distinct file stems for a list of names: a repeated stem gets `-2`, `-3` … appended.
pub fn unique_file_stems(names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let base = safe_file_stem(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&candidate)) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_cannot_escape_the_folder() {
        assert_eq!(safe_file_stem("../../etc/x"), "_.._etc_x");
        assert_eq!(safe_file_stem(".."), "_");
        assert_eq!(safe_file_stem("a\\b:c"), "a_b_c");
        assert_eq!(safe_file_stem("con"), "_con");
        assert_eq!(safe_file_stem("教育局"), "教育局");
    }

    #[test]
    fn repeated_stems_are_numbered() {
        assert_eq!(
            unique_file_stems(&["a/b", "a\\b", "c"]),
            vec!["a_b", "a_b-2", "c"]
        );
    }
}
