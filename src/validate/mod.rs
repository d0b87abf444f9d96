//! Validation of a plan: the JSON Schema generated from the model, then semantic rules.

use std::path::Path;

use crate::error::Error;
use crate::model::Plan;

/// One thing wrong with a plan document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable kebab-case code, e.g. `year-outside-period`.
    pub code: &'static str,
    /// JSON pointer to the offending value, e.g. `/indicators/3/target/year`.
    pub pointer: String,
    /// What was expected and what was found.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} [{}]", self.message, self.code)
    }
}

/// Every problem of a plan.
pub fn problems(_plan: &Plan) -> Vec<Problem> {
    Vec::new()
}

/// Fails with every problem when the plan has any.
pub fn ensure_valid(plan: &Plan, path: &Path) -> Result<(), Error> {
    let problems = problems(plan);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }
}
