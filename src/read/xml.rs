//! Reading `plan.xml` back into a `Plan` (not written yet: see the open issue).

use super::ReadError;
use crate::model::Plan;

/// Parses a plan.xml.
pub fn read(_bytes: &[u8]) -> Result<Plan, ReadError> {
    Err(ReadError::whole("reading XML is not implemented yet"))
}
