//! All integration tests in one binary (faster to build and link than one per file).

mod cli;
mod common;
mod parse;
mod xlsx;
