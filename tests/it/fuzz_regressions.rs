//! Inputs the fuzzers (`fuzz/`) found or start from, and a large synthetic input that was once
//! slower than linear (its timing is in `benches/pipeline.rs`, not asserted here).
//!
//! Each file in `tests/fixtures/fuzz/` is named `<target>-<short-name>`, and each seed in
//! `fuzz/seeds/<target>/` belongs to its folder's target; every one runs through the same
//! functions as that fuzz target: none may panic, and a source text that parses must validate.

use std::path::{Path, PathBuf};

use crate::common::root;

/// `fuzz/fuzz_targets/source.rs`: decode, recognise, normalise, validate.
fn source(bytes: &[u8]) -> Result<(), String> {
    let input = plandoc::source::from_bytes(
        Path::new("fuzz.txt"),
        bytes,
        None,
        PathBuf::from("fuzz.toml"),
    )
    .map_err(|e| e.to_string())?;
    let outline = plandoc::recognise::outline(&input.text)
        .map_err(|e| format!("{}: {}", e.line, e.message))?;
    let plan = plandoc::normalise::plan(&input, &outline).map_err(|e| e.to_string())?;
    // A parsed plan validates, except that a paragraph may be longer than an Excel cell holds:
    // validation reports that with its line (as the source fuzz target allows).
    let problems = plandoc::validate::problems(&plan.output);
    assert!(
        problems.iter().all(|p| p.code == "text-too-long"),
        "a parsed plan does not validate: {problems:?}"
    );
    Ok(())
}

/// `fuzz/fuzz_targets/docx.rs`: the docx reader, then as `source`.
fn docx(bytes: &[u8]) -> Result<(), String> {
    let docx = crate::docx_support::fuzz_input(bytes);
    let input = plandoc::source::from_bytes(
        Path::new("fuzz.docx"),
        &docx,
        None,
        PathBuf::from("fuzz.toml"),
    )
    .map_err(|e| e.to_string())?;
    assert_eq!(
        input.locators.as_ref().map(Vec::len),
        Some(input.text.matches('\n').count()),
        "one locator per line"
    );
    let outline = plandoc::recognise::outline(&input.text)
        .map_err(|e| format!("{}: {}", e.line, e.message))?;
    let plan = plandoc::normalise::plan(&input, &outline).map_err(|e| e.to_string())?;
    let problems = plandoc::validate::problems(&plan.output);
    assert!(
        problems.iter().all(|p| p.code == "text-too-long"),
        "a parsed plan does not validate: {problems:?}"
    );
    Ok(())
}

/// `fuzz/fuzz_targets/plan_json.rs` and `plan_xml.rs`: what `plandoc validate` runs.
fn document(name: &str, bytes: &[u8]) -> Result<(), String> {
    plandoc::read::load_bytes(Path::new(name), bytes)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `fuzz/fuzz_targets/sidecar.rs`.
fn sidecar(bytes: &[u8]) -> Result<(), String> {
    plandoc::source::sidecar::parse(bytes)
        .map(|_| ())
        .map_err(|e| e.message)
}

/// The fuzz target a file belongs to: its folder's name under `fuzz/seeds/`, or the part of a
/// finding's name before the first `-`.
fn target_of(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    let parent = path.parent().and_then(|p| p.file_name()).unwrap();
    if parent == "fuzz" {
        name.split_once('-')
            .unwrap_or_else(|| panic!("{name}: expected a name <target>-<short-name>"))
            .0
            .to_string()
    } else {
        parent.to_string_lossy().into_owned()
    }
}

/// Files directly in `dir`, sorted, without READMEs.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_fuzz_finding_and_seed_runs_without_panic() {
    let mut files = files_in(&root().join("tests/fixtures/fuzz"));
    for target in ["source", "plan_json", "plan_xml", "sidecar", "docx"] {
        let seeds = files_in(&root().join("fuzz/seeds").join(target));
        assert!(!seeds.is_empty(), "fuzz/seeds/{target}/ is empty");
        files.extend(seeds);
    }
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let outcome = match target_of(&path).as_str() {
            "source" => source(&bytes),
            "plan_json" => document("fuzz.json", &bytes),
            "plan_xml" => document("fuzz.xml", &bytes),
            "sidecar" => sidecar(&bytes),
            "docx" => docx(&bytes),
            other => panic!("{}: no fuzz target {other}", path.display()),
        };
        if let Err(message) = outcome {
            assert!(
                !message.trim().is_empty(),
                "{}: an error without a message",
                path.display()
            );
        }
    }
}

#[test]
fn forty_thousand_one_box_chapters_parse_and_validate() {
    // 40 000 one-line chapters, each with a one-item box. Every box's chapter and every project's
    // box used to be found by a linear search (16 s in release); `benches/pipeline.rs` times it.
    let text: String = (0..40_000).map(|_| "第一章 x\n专栏1 t\n甲\n").collect();
    source(text.as_bytes()).expect("the synthetic source parses");
}
