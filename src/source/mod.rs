//! Source text: bytes to text with line numbers, and the sidecar beside it.
//!
//! Everything after this module assumes `\n` line endings, no BOM and valid Unicode: encodings
//! (UTF-8 with or without BOM, UTF-16 with BOM, GB18030) and CR/CRLF are settled here. Word
//! documents (`.docx`, `.docm`) are rendered into the same layout by [`docx`], with a locator
//! for each line.

mod decode;
pub mod docx;
pub mod sidecar;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use decode::{DecodeError, Decoded, decode};
pub use sidecar::Sidecar;

use crate::error::Error;

/// Largest source text plandoc reads; a plan is a few MB.
pub const MAX_SOURCE_BYTES: u64 = 32 * 1024 * 1024;

/// Longest line plandoc reads, in characters; a Word paragraph is a few thousand.
pub const MAX_LINE_CHARS: usize = 200_000;

/// Most lines plandoc reads; the example has 1 236 in 152 KB, so a plan of a few MB has tens of
/// thousands. Without this bound a 32 MiB text of short heading lines (`第一章 x`, 2.8 million
/// of them) took 32 s and 9 GB to parse; at this bound the worst text costs about 2 s.
pub const MAX_LINES: usize = 200_000;

/// A decoded source text with what is known about its file.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path the text was read from, as given.
    pub path: PathBuf,
    /// The file name without directory.
    pub file_name: String,
    /// The file name without extension; names the output folder.
    pub stem: String,
    /// The text: `\n` line endings, no BOM.
    pub text: String,
    /// The encoding the bytes were decoded from, e.g. `UTF-8`.
    pub encoding: &'static str,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Number of lines in the text.
    pub lines: u32,
    /// The sidecar `<stem>.toml` beside the text, when there is one.
    pub sidecar: Option<Sidecar>,
    /// Where the sidecar was looked for.
    pub sidecar_path: PathBuf,
    /// For a Word document: where each line of `text` comes from (index = line − 1).
    pub locators: Option<Vec<docx::Locator>>,
    /// Pictures, charts and embedded objects a Word document holds (left out of `text`).
    pub pictures: usize,
    /// Warnings met while reading the source (a Word document's nested tables, uneven rows …).
    pub warnings: Vec<crate::error::Warning>,
}

/// Whether a path names a Word document plandoc reads (`.docx`, `.docm`), or a legacy `.doc`
/// it refuses with advice.
pub fn is_word(path: &Path) -> bool {
    path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
        ["docx", "docm", "doc"]
            .iter()
            .any(|w| x.eq_ignore_ascii_case(w))
    })
}

impl Input {
    /// An error at a 1-based line of `text`: `file:line:` for a text, `file: table 3, row 5:`
    /// for a Word document.
    pub fn error_at(&self, line: usize, message: impl Into<String>) -> Error {
        match self.locator(line) {
            Some(at) => Error::Located {
                path: self.path.clone(),
                place: at.to_string(),
                message: message.into(),
            },
            None => Error::at(&self.path, line, message),
        }
    }

    /// The locator of a 1-based line of a Word document's text.
    pub fn locator(&self, line: usize) -> Option<docx::Locator> {
        let locators = self.locators.as_ref()?;
        locators
            .get(line.checked_sub(1)?)
            .or(locators.last())
            .copied()
    }

    /// An error met after reading, with a line of `text` turned into its locator for a Word
    /// document.
    pub fn relocate_error(&self, e: Error) -> Error {
        match e {
            Error::At { line, message, .. } if self.locators.is_some() => {
                self.error_at(line, message)
            }
            Error::Invalid { path, mut problems } if self.locators.is_some() => {
                for p in &mut problems {
                    if let Some(at) = p.line.take().and_then(|l| self.locator(l as usize)) {
                        p.message = format!("{at}: {}", p.message);
                    }
                }
                Error::Invalid { path, problems }
            }
            e => e,
        }
    }

    /// A warning about a line of `text`, said with its locator for a Word document.
    pub fn relocate_warning(&self, w: crate::error::Warning) -> crate::error::Warning {
        match (w.line, self.locator(w.line.unwrap_or(0))) {
            (Some(_), Some(at)) => crate::error::Warning {
                line: None,
                message: format!("{at}: {}", w.message),
                ..w
            },
            _ => w,
        }
    }
}

/// Reads and decodes a source text and its sidecar.
pub fn load(path: &Path) -> Result<Input, Error> {
    let bytes = read_bounded(path, MAX_SOURCE_BYTES)?;
    let sidecar_path = path.with_extension("toml");
    // Anything at the sidecar's path is read as one, so a folder there is an error, not "none".
    let sidecar = if std::fs::symlink_metadata(&sidecar_path).is_ok() {
        let raw = read_bounded(&sidecar_path, sidecar::MAX_SIDECAR_BYTES)?;
        Some(sidecar::parse(&raw).map_err(|e| e.tagged(&sidecar_path))?)
    } else {
        None
    };
    from_bytes(path, &bytes, sidecar, sidecar_path)
}

/// Builds an `Input` from bytes already in memory (the sidecar, if any, already parsed); a
/// `.docx`/`.docm` path is read as a Word document.
pub fn from_bytes(
    path: &Path,
    bytes: &[u8],
    sidecar: Option<Sidecar>,
    sidecar_path: PathBuf,
) -> Result<Input, Error> {
    if is_word(path) {
        return from_docx(path, bytes, sidecar, sidecar_path);
    }
    let decoded = decode(bytes).map_err(|e| match e.line {
        Some(line) => Error::at(path, line, e.message),
        None => Error::input(path, e.message),
    })?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Input {
        path: path.to_path_buf(),
        file_name,
        stem,
        text: decoded.text,
        encoding: decoded.encoding,
        sha256: sha256_hex(bytes),
        lines: decoded.lines,
        sidecar,
        sidecar_path,
        locators: None,
        pictures: 0,
        warnings: Vec::new(),
    })
}

/// A Word document rendered as text in the family's layout, each line with its locator.
fn from_docx(
    path: &Path,
    bytes: &[u8],
    sidecar: Option<Sidecar>,
    sidecar_path: PathBuf,
) -> Result<Input, Error> {
    let rendered = docx::read(bytes).map_err(|m| Error::input(path, m))?;
    let lines = rendered.locators.len();
    if lines > MAX_LINES {
        return Err(Error::input(
            path,
            format!("the document renders to {lines} lines; plandoc reads up to {MAX_LINES}"),
        ));
    }
    if let Some((i, _)) = rendered
        .text
        .split('\n')
        .enumerate()
        .find(|(_, l)| l.chars().count() > MAX_LINE_CHARS)
    {
        let at = rendered
            .locators
            .get(i)
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(Error::input(
            path,
            format!(
                "{at}: longer than {MAX_LINE_CHARS} characters; plandoc reads paragraphs up to that"
            ),
        ));
    }
    let name = |p: Option<&std::ffi::OsStr>| p.map(|n| n.to_string_lossy().into_owned());
    let warnings = rendered
        .warnings
        .into_iter()
        .map(|message| crate::error::Warning {
            path: path.to_path_buf(),
            line: None,
            message,
        })
        .collect();
    Ok(Input {
        path: path.to_path_buf(),
        file_name: name(path.file_name()).unwrap_or_default(),
        stem: name(path.file_stem()).unwrap_or_default(),
        text: rendered.text,
        encoding: "UTF-8",
        sha256: sha256_hex(bytes),
        lines: u32::try_from(lines).unwrap_or(u32::MAX),
        sidecar,
        sidecar_path,
        locators: Some(rendered.locators),
        pictures: rendered.pictures,
        warnings,
    })
}

/// Reads a whole file, refusing one larger than `limit` bytes before reading it.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        let found = if meta.is_dir() {
            "a folder"
        } else {
            "something else"
        };
        return Err(Error::input(
            path,
            format!("expected a file, found {found}"),
        ));
    }
    if meta.len() > limit {
        return Err(Error::input(
            path,
            format!(
                "file is {} bytes; plandoc reads files up to {limit} bytes",
                meta.len()
            ),
        ));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// SHA-256 of bytes as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_is_the_known_value() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
