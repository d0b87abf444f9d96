//! Inputs the fuzzers (`fuzz/`) found, and large synthetic inputs that were slower than linear.
//!
//! Each file in `tests/fixtures/fuzz/` is named `<target>-<short-name>` and runs through the same
//! functions as that fuzz target; none may panic, and a source text that parses must validate.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    let problems = plandoc::validate::problems(&plan.output);
    assert!(
        problems.is_empty(),
        "a parsed plan does not validate: {problems:?}"
    );
    Ok(())
}

/// `fuzz/fuzz_targets/plan_json.rs`.
fn plan_json(bytes: &[u8]) -> Result<(), String> {
    let plan = plandoc::read::json::read(bytes).map_err(|e| e.to_string())?;
    let _ = plandoc::validate::problems(&plan);
    Ok(())
}

/// `fuzz/fuzz_targets/plan_xml.rs`.
fn plan_xml(bytes: &[u8]) -> Result<(), String> {
    let plan = plandoc::read::xml::read(bytes).map_err(|e| e.to_string())?;
    let _ = plandoc::validate::problems(&plan);
    Ok(())
}

/// `fuzz/fuzz_targets/sidecar.rs`.
fn sidecar(bytes: &[u8]) -> Result<(), String> {
    plandoc::source::sidecar::parse(bytes)
        .map(|_| ())
        .map_err(|e| e.message)
}

#[test]
fn every_fuzz_finding_runs_without_panic() {
    let dir = root().join("tests/fixtures/fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let started = Instant::now();
        let outcome = match name.split_once('-').map(|(t, _)| t) {
            Some("source") => source(&bytes),
            Some("plan_json") => plan_json(&bytes),
            Some("plan_xml") => plan_xml(&bytes),
            Some("sidecar") => sidecar(&bytes),
            _ => panic!("{name}: expected a name <target>-<short-name>"),
        };
        if let Err(message) = outcome {
            assert!(
                !message.trim().is_empty(),
                "{name}: an error without a message"
            );
        }
        // Generous for a debug build; each finding ran in milliseconds once fixed.
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name}: took {:?}",
            started.elapsed()
        );
    }
}

/// Runs a source text through the source target's steps and returns how long it took.
fn time_source(text: &str) -> Duration {
    let started = Instant::now();
    source(text.as_bytes()).expect("the synthetic source parses");
    started.elapsed()
}

#[test]
fn references_are_checked_in_linear_time() {
    // 40 000 one-line chapters, each with a one-item box: every box's chapter and every
    // project's box was found by a linear search: 16 s in release, ~45 s in debug; now ~3 s in
    // debug.
    let text: String = (0..40_000).map(|_| "第一章 x\n专栏1 t\n甲\n").collect();
    let took = time_source(&text);
    assert!(took < Duration::from_secs(15), "took {took:?}");
}
