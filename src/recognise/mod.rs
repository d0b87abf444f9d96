//! Layout cues to an outline.

/// The recognised outline.
#[derive(Debug, Clone, Default)]
pub struct Outline {}

/// A layout error at a line.
#[derive(Debug, Clone)]
pub struct LayoutError {
    /// 1-based line.
    pub line: usize,
    /// What was expected and found.
    pub message: String,
}

/// Recognises the outline of a text.
pub fn outline(_text: &str) -> Result<Outline, LayoutError> {
    Ok(Outline {})
}
