//! Conversion from a `Plan` to xml (not written yet: see the open issue).

use super::{OutputFile, WriteError};
use crate::model::Plan;

/// The xml files of a plan.
pub fn write(_plan: &Plan) -> Result<Vec<OutputFile>, WriteError> {
    Err(WriteError::new("xml", "not implemented yet"))
}
