//! Source text: bytes to text with line numbers, and the sidecar.

use std::path::Path;

use crate::error::Error;

/// A decoded source text with what is known about its file.
#[derive(Debug, Clone)]
pub struct Input {
    /// The text, `\n` line endings, no BOM.
    pub text: String,
}

/// Reads and decodes a source text and its sidecar.
pub fn load(path: &Path) -> Result<Input, Error> {
    Err(Error::input(path, "not implemented yet"))
}
