//! The zip package of a .docx: which file it is, its parts, read with bounds.
//!
//! A Word file is a zip of XML parts (Open Packaging Conventions). Legacy `.doc` files and
//! password-protected `.docx` files are both OLE compound files instead; a zip bomb is a small
//! entry that inflates without end. Every part is read through a counting reader, so neither
//! the sizes a zip declares nor a lying header can make plandoc allocate more than the bounds.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::xml::{self, Element};

/// Largest part plandoc inflates; a plan's `document.xml` is a few MB.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// Largest inflated size of all parts read together.
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;

/// Highest inflated/compressed ratio accepted for a part over 1 MiB: Word's XML deflates about
/// ten times; a bomb, a thousand times and more.
pub const MAX_RATIO: u64 = 200;

/// Most entries a package may list; Word writes a dozen or two, more with pictures.
pub const MAX_ENTRIES: usize = 10_000;

/// The first bytes of an OLE compound file (legacy `.doc`, or an encrypted `.docx`).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Relationship type of the main document, of styles, numbering and notes (by their last
/// segment: transitional and strict OOXML differ only in the prefix).
const REL_OFFICE_DOCUMENT: &str = "/officeDocument";

/// An opened package: its entries by lower-cased name (OPC part names are case-insensitive).
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    names: HashMap<String, usize>,
    /// Inflated bytes read so far, against `MAX_TOTAL_BYTES`.
    total: u64,
}

/// What is wrong with a package, said for a person who has the file in Word.
pub type PackageError = String;

/// Tells a legacy or encrypted OLE file from a zip, and opens the zip.
pub fn open(bytes: &[u8]) -> Result<Package<'_>, PackageError> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(if is_encrypted_ole(bytes) {
            "a password-protected Word file (an encrypted OLE package); remove the password in \
             Word and save it as .docx"
                .to_string()
        } else {
            "a legacy Word .doc file (OLE compound file), not a .docx; open it in Word or \
             LibreOffice and save it as .docx"
                .to_string()
        });
    }
    if bytes.is_empty() {
        return Err("the file is empty; expected a Word .docx (a zip package)".to_string());
    }
    if !bytes.starts_with(b"PK") {
        return Err(format!(
            "not a Word .docx file: expected a zip package (starting with \"PK\"), found {}; \
             save the document as .docx",
            describe_start(bytes)
        ));
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip package ({e}); save the document as .docx"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!(
            "the zip package lists {} entries; a Word file has a few dozen (plandoc reads up to \
             {MAX_ENTRIES})",
            archive.len()
        ));
    }
    let names = archive
        .file_names_raw()
        .enumerate()
        .map(|(i, raw)| (String::from_utf8_lossy(raw).to_lowercase(), i))
        .collect();
    Ok(Package {
        archive,
        names,
        total: 0,
    })
}

/// Whether an OLE file holds an `EncryptedPackage` stream (its directory names are UTF-16LE).
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// A few words on what a file that is not a zip starts with.
fn describe_start(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_lowercase();
    if head.starts_with(b"{\\rtf") {
        "an RTF document".to_string()
    } else if text.contains("<html") || text.contains("<!doctype html") {
        "an HTML page".to_string()
    } else if text.contains("<?xml") && text.contains("w:worddocument") {
        "a Word 2003 XML document".to_string()
    } else if head.starts_with(b"%PDF") {
        "a PDF".to_string()
    } else if std::str::from_utf8(head).is_ok() {
        "plain text (a .txt source must be named .txt)".to_string()
    } else {
        format!(
            "bytes {}",
            head.iter()
                .take(4)
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    }
}

impl Package<'_> {
    /// Whether the package has a part (name without leading `/`, any case).
    pub fn has(&self, name: &str) -> bool {
        self.names.contains_key(&name.to_lowercase())
    }

    /// The inflated bytes of a part, or `None` when the package has no such part.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let Some(&index) = self.names.get(&name.to_lowercase()) else {
            return Ok(None);
        };
        let mut file = self
            .archive
            .by_index(index)
            .map_err(|e| format!("part {name}: cannot be read from the zip ({e})"))?;
        if file.encrypted() {
            return Err(format!(
                "part {name} is encrypted; remove the password in Word and save it as .docx"
            ));
        }
        let compressed = file.compressed_size();
        let limit = MAX_PART_BYTES.min(MAX_TOTAL_BYTES.saturating_sub(self.total));
        let mut out = Vec::new();
        // The declared size may lie: read at most one byte past the bound, and judge by that.
        let read = (&mut file)
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("part {name}: the zip data is damaged ({e})"))?;
        let read = read as u64;
        if read > limit {
            return Err(format!(
                "part {name} inflates to more than {limit} bytes; plandoc reads parts up to \
                 {MAX_PART_BYTES} bytes and {MAX_TOTAL_BYTES} in all (a zip bomb?)"
            ));
        }
        if read > 1024 * 1024 && read > compressed.saturating_mul(MAX_RATIO) {
            return Err(format!(
                "part {name} inflates {read} bytes from {compressed}, more than {MAX_RATIO} times; \
                 plandoc refuses such a part (a zip bomb?)"
            ));
        }
        self.total += read;
        Ok(Some(out))
    }

    /// A part parsed as XML, or `None` when the package has no such part.
    pub fn xml(&mut self, name: &str) -> Result<Option<Element>, PackageError> {
        match self.read(name)? {
            Some(bytes) => xml::parse(&bytes)
                .map(Some)
                .map_err(|e| format!("part {name}: {e}")),
            None => Ok(None),
        }
    }

    /// The main document part's name: the target of the package's `officeDocument`
    /// relationship, else `word/document.xml`.
    pub fn main_part(&mut self) -> Result<String, PackageError> {
        if let Some(rels) = self.xml("_rels/.rels")? {
            for rel in rels.elements().filter(|e| e.name == "Relationship") {
                let is_main = rel
                    .attr("Type")
                    .is_some_and(|t| t.ends_with(REL_OFFICE_DOCUMENT));
                if is_main && rel.attr("TargetMode") != Some("External") {
                    if let Some(target) = rel.attr("Target") {
                        let name = resolve("", target);
                        if self.has(&name) {
                            return Ok(name);
                        }
                    }
                }
            }
        }
        if self.has("word/document.xml") {
            return Ok("word/document.xml".to_string());
        }
        let what = if self.has("xl/workbook.xml") {
            "an Excel workbook"
        } else if self.has("ppt/presentation.xml") {
            "a PowerPoint presentation"
        } else if self.has("content.xml") {
            "an OpenDocument file (save it as .docx)"
        } else {
            "no word/document.xml"
        };
        Err(format!(
            "not a Word document: the zip package holds {what}; expected a .docx with \
             word/document.xml"
        ))
    }

    /// The internal relationships of a part: relationship type's last segment → part name.
    /// External targets (links, remote templates) are left out: plandoc never fetches them.
    pub fn relationships(&mut self, part: &str) -> Result<Vec<(String, String)>, PackageError> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(rels) = self.xml(&rels_name)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for rel in rels.elements().filter(|e| e.name == "Relationship") {
            if rel
                .attr("TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("External"))
            {
                continue;
            }
            let (Some(kind), Some(target)) = (rel.attr("Type"), rel.attr("Target")) else {
                continue;
            };
            let kind = kind.rsplit('/').next().unwrap_or(kind).to_string();
            out.push((kind, resolve(dir, target)));
        }
        Ok(out)
    }
}

/// A relationship target resolved against the folder of its source part (no leading `/`).
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn targets_resolve_against_their_folder() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word", "/word/numbering.xml"), "word/numbering.xml");
        assert_eq!(resolve("word/sub", "../media/x.png"), "word/media/x.png");
    }
}
