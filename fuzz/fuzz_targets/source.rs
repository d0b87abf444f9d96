//! Source bytes -> decode -> recognise -> normalise -> validate, as `plandoc parse` runs them.
//!
//! Any outcome but a panic, a hang or unbounded memory is fine; a plan that parses must also
//! validate (the parser never hands out a document the schema refuses), except for a text no
//! writer can hold (`text-too-long`: a paragraph longer than an Excel cell), which validation
//! reports with its line.
#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(input) = plandoc::source::from_bytes(
        Path::new("fuzz.txt"),
        bytes,
        None,
        PathBuf::from("fuzz.toml"),
    ) else {
        return;
    };
    let Ok(outline) = plandoc::recognise::outline(&input.text) else {
        return;
    };
    if let Ok(plan) = plandoc::normalise::plan(&input, &outline) {
        let problems = plandoc::validate::problems(&plan.output);
        assert!(
            problems.iter().all(|p| p.code == "text-too-long"),
            "a parsed plan does not validate: {problems:?}"
        );
    }
});
