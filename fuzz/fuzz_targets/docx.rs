//! Word documents -> the docx reader -> recognise -> normalise -> validate, as `plandoc parse
//! x.docx` runs them.
//!
//! A zip's entries carry CRCs, so mutated zip bytes mostly stop at the zip layer. Inputs that
//! start with `PK` or an OLE signature are read as they are (the zip and OLE paths); any other
//! input is split at `\n--\n` into document body, styles and numbering XML and zipped into a
//! package first, so that mutations reach the XML, styles, numbering and table code.
#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/docx.rs"]
mod docx_support;

fuzz_target!(|bytes: &[u8]| {
    let docx = docx_support::fuzz_input(bytes);
    let Ok(input) = plandoc::source::from_bytes(
        Path::new("fuzz.docx"),
        &docx,
        None,
        PathBuf::from("fuzz.toml"),
    ) else {
        return;
    };
    assert_eq!(
        input.locators.as_ref().map(Vec::len),
        Some(input.text.matches('\n').count()),
        "one locator per line"
    );
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
