//! Outline + sidecar to the canonical Plan.

use crate::error::{Error, Warned};
use crate::model::Plan;
use crate::recognise::Outline;
use crate::source::Input;

/// Builds the plan.
pub fn plan(_input: &Input, _outline: &Outline) -> Result<Warned<Plan>, Error> {
    Err(Error::input(std::path::Path::new("?"), "not implemented yet"))
}
