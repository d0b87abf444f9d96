//! Conversion from a `Plan` to xlsx (not written yet: see the open issue).

use super::{OutputFile, WriteError};
use crate::model::Plan;

/// The xlsx files of a plan.
pub fn write(_plan: &Plan) -> Result<Vec<OutputFile>, WriteError> {
    Err(WriteError::new("xlsx", "not implemented yet"))
}
