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

/// Names Windows reserves whatever the extension (`nul.txt`, `NUL.tar.gz` too), compared
/// ignoring case; Windows counts the superscript digits ¹ ² ³ as digits here.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$", "COM0", "COM1", "COM2", "COM3",
    "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// Longest file name ext4, APFS and NTFS all take, in UTF-8 bytes (NTFS counts 255 UTF-16
/// units, which 255 UTF-8 bytes never exceed).
pub const MAX_NAME_BYTES: usize = 255;

/// Longest stem [`safe_file_stem`] makes, in bytes: room is kept for an extension (`.xlsx`)
/// and a `-N` that tells repeated names apart.
pub const MAX_STEM_BYTES: usize = MAX_NAME_BYTES - 24;

/// The stem given to a name with nothing visible in it.
pub const BLANK_STEM: &str = "unnamed";

/// Characters that show nothing: zero-width spaces and joiners, bidirectional controls (which
/// can make `exe.xlsx` display as `xslx.exe`), the BOM, soft hyphens, variation selectors,
/// tags and blank fillers. Dropped from file names.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// A file-name stem made safe from text that came from data (a department's name, say).
///
/// The name is put in Unicode NFC (so `é` and `e` + U+0301 give the same bytes, as macOS
/// would store them), invisible and bidirectional control characters are dropped, path
/// separators, characters Windows forbids and control characters become `_`, leading and
/// trailing dots and spaces go, and the result is cut (at a character boundary) to
/// [`MAX_STEM_BYTES`] bytes. A name Windows reserves (`CON`, `nul.txt`, `LPT¹` …) gets a `_`
/// in front; a name with nothing left becomes [`BLANK_STEM`]. The result never leaves its
/// folder.
pub fn safe_file_stem(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mapped: String = name
        .nfc()
        .filter(|c| !is_invisible(*c))
        .map(|c| {
            if FORBIDDEN.contains(&c) || c.is_control() {
                '_'
            } else if c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let trim = |s: &str| s.trim_matches(|c: char| c == '.' || c == ' ').to_string();
    let mut stem = trim(&mapped);
    if stem.len() > MAX_STEM_BYTES {
        let mut end = MAX_STEM_BYTES;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem = trim(&stem[..end]);
    }
    if stem.is_empty() || stem.chars().all(|c| c == '_') {
        return BLANK_STEM.to_string();
    }
    if is_reserved(&stem) {
        stem.insert(0, '_');
    }
    stem
}

/// Whether a name has nothing visible to make a file name of (`""`, spaces, U+200B …).
pub fn is_blank_name(name: &str) -> bool {
    !name
        .chars()
        .any(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(c))
}

/// Whether Windows reserves a name: its part before the first dot, without trailing spaces,
/// is a device name.
fn is_reserved(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or(name).trim_end();
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(base))
}

/// How file systems that ignore case compare names (stems are NFC already).
fn collision_key(stem: &str) -> String {
    stem.to_lowercase()
}

/// Safe, distinct file stems for a list of names: a stem equal to an earlier one (ignoring
/// case, after NFC) gets `-2`, `-3` … appended.
pub fn unique_file_stems(names: &[&str]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let base = safe_file_stem(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while !taken.insert(collision_key(&candidate)) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        out.push(candidate);
    }
    out
}

/// Warnings about the department workbooks' file names a plan gets: a department with nothing
/// to make a name of gets [`BLANK_STEM`] (a sidecar refuses such a department; a plan.json may
/// still hold one).
pub fn file_name_warnings(plan: &Plan) -> Vec<String> {
    plan.departments()
        .into_iter()
        .filter(|d| safe_file_stem(d) == BLANK_STEM && d.trim() != BLANK_STEM)
        .map(|d| {
            format!(
                "department {d:?} has nothing to make a file name of; its workbook is written as \
                 {}/{BLANK_STEM}.xlsx",
                xlsx::DEPARTMENTS_DIR
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_cannot_escape_the_folder() {
        assert_eq!(safe_file_stem("../../etc/x"), "_.._etc_x");
        assert_eq!(safe_file_stem(".."), BLANK_STEM);
        assert_eq!(safe_file_stem("a\\b:c"), "a_b_c");
        assert_eq!(safe_file_stem("con"), "_con");
        assert_eq!(safe_file_stem("教育局"), "教育局");
    }

    #[test]
    fn names_are_capped_in_bytes_not_characters() {
        let stem = safe_file_stem(&"😀".repeat(80));
        assert!(stem.len() <= MAX_STEM_BYTES, "{}", stem.len());
        assert_eq!(stem, "😀".repeat(MAX_STEM_BYTES / 4));
        assert!(format!("{stem}-99.xlsx").len() <= MAX_NAME_BYTES);
        let cjk = safe_file_stem(&"局".repeat(200));
        assert_eq!(cjk.len(), MAX_STEM_BYTES / 3 * 3);
    }

    #[test]
    fn windows_reserved_names_are_escaped_with_any_extension() {
        for name in [
            "nul.txt",
            "NUL.tar.gz",
            "LPT9.xlsx",
            "conin$",
            "CONOUT$",
            "com¹",
            "COM0",
            "aux ",
            "Prn .x",
            "lpt³",
        ] {
            assert!(safe_file_stem(name).starts_with('_'), "{name}");
        }
        for name in ["nullable", "com10", "console", "教育局.nul"] {
            assert!(!safe_file_stem(name).starts_with('_'), "{name}");
        }
    }

    #[test]
    fn names_are_nfc_and_invisible_characters_are_dropped() {
        assert_eq!(safe_file_stem("cafe\u{301}"), "café");
        assert_eq!(safe_file_stem("caf\u{e9}"), "café");
        // A CJK compatibility ideograph is the unified one in NFC.
        assert_eq!(safe_file_stem("\u{F900}"), "\u{8C48}");
        assert_eq!(safe_file_stem("教\u{200B}育\u{202E}局\u{FEFF}"), "教育局");
        assert_eq!(safe_file_stem("教育局\u{3000}"), "教育局");
    }

    #[test]
    fn blank_names_get_a_clear_fallback() {
        for name in ["", "   ", "\u{200B}", "\u{3000}", "\u{202E}\u{200D}"] {
            assert_eq!(safe_file_stem(name), BLANK_STEM, "{name:?}");
            assert!(is_blank_name(name), "{name:?}");
        }
        assert_eq!(safe_file_stem("._."), BLANK_STEM);
        assert!(!is_blank_name("局"));
    }

    #[test]
    fn collisions_ignore_case_and_normalisation() {
        assert_eq!(
            unique_file_stems(&["Café", "cafe\u{301}", "CAFÉ", "Straße"]),
            vec!["Café", "café-2", "CAFÉ-3", "Straße"]
        );
    }

    #[test]
    fn repeated_stems_are_numbered() {
        assert_eq!(
            unique_file_stems(&["a/b", "a\\b", "c"]),
            vec!["a_b", "a_b-2", "c"]
        );
    }
}
