//! Integration tests, compiled into one binary.

mod family;

#[path = "../support/family.rs"]
mod family_support;
