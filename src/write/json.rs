//! Conversion from a `Plan` to its canonical JSON text (`plan.json`).

use super::{OutputFile, WriteError};
use crate::model::Plan;

/// The canonical JSON text of a plan: 2-space indent, UTF-8, trailing newline.
pub fn to_string(plan: &Plan) -> Result<String, WriteError> {
    let mut text =
        serde_json::to_string_pretty(plan).map_err(|e| WriteError::new("json", e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// `plan.json`.
pub fn write(plan: &Plan) -> Result<Vec<OutputFile>, WriteError> {
    Ok(vec![OutputFile {
        path: "plan.json".to_string(),
        bytes: to_string(plan)?.into_bytes(),
    }])
}
