//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped example plan's source text.
pub fn example() -> PathBuf {
    root().join("source/wangcang-public-services-2021-2025.txt")
}

/// The example parsed into a plan (panics with the error if it does not parse).
pub fn example_plan() -> plandoc::Plan {
    match plandoc::parse_file(&example()) {
        Ok(w) => w.output,
        Err(e) => panic!("{e}"),
    }
}

/// Runs the plandoc binary with arguments in a folder.
pub fn plandoc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("plandoc runs")
}

/// The process's stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies the example's text (transformed) and sidecar into `dir` under `stem`.
pub fn example_as(dir: &Path, stem: &str, bytes: &[u8]) -> PathBuf {
    let txt = dir.join(format!("{stem}.txt"));
    std::fs::write(&txt, bytes).unwrap();
    std::fs::copy(
        example().with_extension("toml"),
        dir.join(format!("{stem}.toml")),
    )
    .unwrap();
    txt
}
