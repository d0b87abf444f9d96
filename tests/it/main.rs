//! All integration tests in one binary (faster to build and link than one per file).

mod batch;
mod cli;
mod common;
mod docx;
mod family;
mod fuzz;
mod fuzz_regressions;
mod hostile;
mod layout;
mod lines;
mod opendata;
mod parse;
mod real;
mod robust;
mod variants;
mod xlsx;
mod xml;

#[path = "../support/family.rs"]
mod family_support;

#[path = "../support/docx.rs"]
mod docx_support;
