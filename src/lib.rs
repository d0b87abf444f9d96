//! plandoc turns a government development plan, exported from Word as plain text, into one
//! canonical JSON document checked against a published JSON Schema, and from that document
//! alone writes Excel, XML and open data.
//!
//! # Steps
//!
//! 1. [`source`]: bytes to text with 1-based line numbers (BOM, UTF-16, GB18030, CRLF are
//!    settled here and nowhere else), and the optional sidecar `<stem>.toml`.
//! 2. [`recognise`]: layout cues to an outline (headings, paragraphs, tables, project boxes,
//!    glossary), each piece with its lines.
//! 3. [`normalise`]: outline + sidecar to the canonical [`model::Plan`] (clean text, units and
//!    numbers, ditto marks, funding levels, domains, positional ids).
//! 4. [`validate`]: JSON Schema and semantic rules over a plan.
//! 5. [`write`]: one function per output format over `&Plan`; [`build`] puts the files in
//!    place atomically.
//!
//! [`read`] takes plan.json / plan.xml documents back into a `Plan`.

mod atomic;
pub mod build;
pub mod error;
pub mod model;
pub mod normalise;
pub mod read;
pub mod recognise;
pub mod report;
pub mod source;
pub mod validate;
pub mod write;
pub mod xml_names;

pub use error::{Error, Warned, Warning};
pub use model::Plan;

use std::path::Path;

/// A plan read from its source, with the report of what was recognised.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The canonical plan.
    pub plan: Plan,
    /// What was recognised and what was not.
    pub report: report::Report,
}

/// Reads a source text (and its sidecar beside it, if any) into a validated `Plan`.
pub fn parse_file(path: &Path) -> Result<Warned<Plan>, Error> {
    let warned = read_source(path)?;
    Ok(Warned {
        output: warned.output.plan,
        warnings: warned.warnings,
    })
}

/// Reads a source into a validated `Plan` and its recognition report.
pub fn read_source(path: &Path) -> Result<Warned<Parsed>, Error> {
    let input = source::load(path)?;
    let outline = recognise::outline(&input.text).map_err(|e| input.error_at(e.line, e.message))?;
    let mut warned = normalise::plan(&input, &outline).map_err(|e| input.relocate_error(e))?;
    validate::ensure_valid_source(&warned.output, path).map_err(|e| input.relocate_error(e))?;
    let lines: Vec<&str> = input.text.split('\n').collect();
    // The report is made before relocating: its lines are those of the text the docx renders to.
    let report = report::make(
        &outline,
        &warned.output,
        &warned.warnings,
        &lines,
        input.pictures,
    );
    if let Some(locators) = &input.locators {
        source::docx::relocate(&mut warned.output, locators);
    }
    let later = std::mem::take(&mut warned.warnings);
    warned.warnings = input.warnings.clone();
    warned
        .warnings
        .extend(later.into_iter().map(|w| input.relocate_warning(w)));
    Ok(Warned {
        output: Parsed {
            plan: warned.output,
            report,
        },
        warnings: warned.warnings,
    })
}
