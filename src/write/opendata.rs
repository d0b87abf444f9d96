//! Conversion from a `Plan` to opendata (not written yet: see the open issue).

use super::{OutputFile, WriteError};
use crate::model::Plan;

/// The opendata files of a plan.
pub fn write(_plan: &Plan) -> Result<Vec<OutputFile>, WriteError> {
    Err(WriteError::new("opendata", "not implemented yet"))
}
