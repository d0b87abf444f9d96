//! Errors and warnings, with the file and line (or JSON pointer) they are about.
//!
//! Library code returns these as values; `main` prints them once and picks the exit code.

use std::path::{Path, PathBuf};

use crate::validate::Problem;
use crate::validate::schema::MORE_PROBLEMS;

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
    #[error("{}: {}", path.display(), io_in_words(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A plan failed validation; its problems are listed (at most [`PROBLEMS_PER_CODE`] of
    /// each code, then how many more).
    #[error("{}: {} problem(s) found:\n{}", path.display(), problem_count(problems), render_problems(path, problems))]
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
    /// `--strict` was given and reading the plan gave warnings; every one is listed.
    #[error("{}: {count} warning(s), and --strict makes every warning an error:\n{list}", path.display())]
    Strict {
        /// The source.
        path: PathBuf,
        /// How many warnings.
        count: usize,
        /// The warnings, one a line.
        list: String,
    },
}

/// Most problems of one code listed in an error; the rest of that code are counted.
pub const PROBLEMS_PER_CODE: usize = 50;

/// How many problems there are, counting those a [`MORE_PROBLEMS`] entry stands for (its
/// message starts with their number; "or more" when checking stopped early).
fn problem_count(problems: &[Problem]) -> String {
    let mut n = 0usize;
    let mut or_more = false;
    for p in problems {
        if p.code == MORE_PROBLEMS {
            let more = p.message.split(' ').next().and_then(|n| n.parse().ok());
            n += more.unwrap_or(0usize);
            or_more |= p.message.contains(" or more ");
        } else {
            n += 1;
        }
    }
    if or_more {
        format!("{n} or more")
    } else {
        n.to_string()
    }
}

/// One problem a line, at most [`PROBLEMS_PER_CODE`] of each code, then a count of the rest of
/// each; those with a source line start with `file:line:`.
fn render_problems(path: &Path, problems: &[Problem]) -> String {
    let mut shown: Vec<(&str, usize)> = Vec::new();
    let mut lines = Vec::new();
    for p in problems {
        let count = match shown.iter_mut().find(|(c, _)| *c == p.code) {
            Some((_, n)) => n,
            None => {
                shown.push((p.code, 0));
                &mut shown.last_mut().expect("just pushed").1
            }
        };
        *count += 1;
        if *count > PROBLEMS_PER_CODE && p.code != MORE_PROBLEMS {
            continue;
        }
        lines.push(match p.line {
            Some(line) => format!("  {}:{line}: {p}", path.display()),
            None => format!("  {p}"),
        });
    }
    for (code, n) in shown {
        if n > PROBLEMS_PER_CODE && code != MORE_PROBLEMS {
            lines.push(format!(
                "  … and {} more [{code}] problem(s) not listed",
                n - PROBLEMS_PER_CODE
            ));
        }
    }
    lines.join("\n")
}

/// An operating-system error said in words, with what to do about it.
fn io_in_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let advice = match e.kind() {
        K::StorageFull => {
            "the disk is full: free some space and run again (the previous \
                           outputs are kept)"
        }
        K::PermissionDenied => {
            "permission denied: check who owns the folder and its \
                                permissions"
        }
        K::ReadOnlyFilesystem => "the file system is read-only: choose a writable --out",
        K::NotFound => "no such file or folder: check the path",
        K::AlreadyExists => "something of this name is already there: move it away first",
        K::NotADirectory => {
            "a file stands where a folder is needed: move it away or choose \
                             another path"
        }
        K::IsADirectory => "a folder stands where a file is needed: move it away first",
        K::DirectoryNotEmpty => {
            "the folder is not empty: another program may be writing \
                                 into it"
        }
        K::InvalidFilename => "the name is too long or not allowed here",
        K::QuotaExceeded => "the disk quota is used up: free some space and run again",
        K::CrossesDevices => "cannot rename across file systems",
        _ => return e.to_string(),
    };
    format!("{advice} ({e})")
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

impl<T> Warned<T> {
    /// The result, or under `--strict` an error listing every warning when there is any.
    pub fn strict(self, path: &Path) -> Result<Warned<T>, Error> {
        if self.warnings.is_empty() {
            return Ok(self);
        }
        let list: Vec<String> = self.warnings.iter().map(|w| format!("  {w}")).collect();
        Err(Error::Strict {
            path: path.to_path_buf(),
            count: self.warnings.len(),
            list: list.join("\n"),
        })
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
