//! Errors and warnings, with the file and line (or JSON pointer) they are about.
//!
//! Library code returns these as values; `main` prints them once and picks the exit code.

use std::path::{Path, PathBuf};

use crate::validate::Problem;

/// Everything that can go wrong in plandoc, each with the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input does not have the layout or content plandoc expects, at a known line.
    #[error("{}:{line}: {message}", path.display())]
    At {
        /// The input file.
        path: PathBuf,
        /// 1-based line in that file.
        line: usize,
        /// What was expected and what was found.
        message: String,
    },
    /// A Word document does not have the layout or content plandoc expects, at a locator.
    #[error("{}: {place}: {message}", path.display())]
    Located {
        /// The input file.
        path: PathBuf,
        /// Where in the document: `paragraph 4`, `table 3, row 5, cell 2`.
        place: String,
        /// What was expected and what was found.
        message: String,
    },
    /// A whole input file is unusable (empty, binary, undecodable, too large …).
    #[error("{}: {message}", path.display())]
    Input {
        /// The input file.
        path: PathBuf,
        /// What was expected and what was found.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A plan failed validation; every problem is listed.
    #[error("{}: {} problem(s) found:\n{}", path.display(), problems.len(), render_problems(path, problems))]
    Invalid {
        /// The document (or the source it was parsed from).
        path: PathBuf,
        /// Every problem found, in document order.
        problems: Vec<Problem>,
    },
    /// A writer could not produce its output.
    #[error("{}: {source}", path.display())]
    Write {
        /// The plan being written.
        path: PathBuf,
        /// The writer's error.
        #[source]
        source: crate::write::WriteError,
    },
}

/// One problem a line; those with a source line start with `file:line:`.
fn render_problems(path: &Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| match p.line {
            Some(line) => format!("  {}:{line}: {p}", path.display()),
            None => format!("  {p}"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// An error at a line of a file.
    pub fn at(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Error::At {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    /// An error about a whole file.
    pub fn input(path: &Path, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    /// An I/O error on a file.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// An error reading a plan document, tagged with its path.
    pub fn document(path: &Path, e: crate::read::ReadError) -> Self {
        match e.line {
            Some(line) => Error::at(path, line, e.message),
            None => Error::input(path, e.message),
        }
    }
}

/// Something worth telling the user that does not stop the work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file it is about.
    pub path: PathBuf,
    /// 1-based line, when it is about one.
    pub line: Option<usize>,
    /// What was noticed and what plandoc did about it.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// A result together with the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Warned<T> {
    /// The result.
    pub output: T,
    /// Warnings, in the order they were met.
    pub warnings: Vec<Warning>,
}
