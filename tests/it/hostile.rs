//! Hostile inputs end in exit 1 with a clear message, quickly, and write nothing.

use std::path::Path;

use crate::common::{plandoc, stderr};

fn refused(dir: &Path, args: &[&str], expect: &str) {
    let o = plandoc(dir, args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(expect), "expected {expect:?} in {err}");
    assert!(!dir.join("out").exists() || std::fs::read_dir(dir.join("out")).unwrap().count() == 0);
}

#[test]
fn a_huge_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    f.set_len(40 * 1024 * 1024).unwrap(); // sparse: costs no disk
    refused(
        dir.path(),
        &["build", "huge.txt", "--out", "out"],
        "plandoc reads files up to",
    );
}

#[test]
fn a_line_of_millions_of_characters_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("第一章 x\n{}\n", "字".repeat(3_000_000));
    std::fs::write(dir.path().join("long.txt"), text).unwrap();
    refused(
        dir.path(),
        &["build", "long.txt", "--out", "out"],
        "long.txt:2: line is 3000000 characters long",
    );
}

#[test]
fn a_table_with_thousands_of_columns_is_refused_under_strict() {
    let dir = tempfile::tempdir().unwrap();
    let header: String = (0..5000).map(|i| format!("\t列{i}\n")).collect();
    let text = format!("第一章 x\n\n标题\n{header}\n\t甲\n");
    std::fs::write(dir.path().join("wide.txt"), text).unwrap();
    refused(
        dir.path(),
        &["build", "--strict", "wide.txt", "--out", "out"],
        "plandoc reads tables up to 64 columns",
    );
}

#[test]
fn millions_of_short_lines_are_refused() {
    // 32 MiB of `第一章 x` lines took 32 s and 9 GB before plandoc bounded the line count.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.txt"), "第一章 x\n".repeat(1_000_000)).unwrap();
    refused(
        dir.path(),
        &["build", "many.txt", "--out", "out"],
        "many.txt: text has 1000000 lines; plandoc reads texts up to 200000 lines",
    );
}

#[test]
fn boxes_of_too_many_projects_are_refused() {
    // 32 MiB of `a、a、…` box lines (8 million projects) was killed at 23 GB before the bound.
    let dir = tempfile::tempdir().unwrap();
    let line = vec!["a"; 50_000].join("、");
    let text = format!("第一章 x\n\n专栏1 项目\n{}", format!("{line}\n").repeat(4));
    std::fs::write(dir.path().join("box.txt"), text).unwrap();
    refused(
        dir.path(),
        &["build", "box.txt", "--out", "out"],
        "box.txt:6: more than 100000 projects in the plan's 专栏 boxes",
    );
}

#[test]
fn deeply_nested_json_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{{\"schemaVersion\": \"1.0.0\", \"x\": {}{}}}",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    std::fs::write(dir.path().join("deep.json"), text).unwrap();
    refused(dir.path(), &["validate", "deep.json"], "nested deeper than");
}

#[test]
fn a_hostile_sidecar_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.txt"), "第一章 x\n正文。\n").unwrap();
    std::fs::write(
        dir.path().join("p.toml"),
        "[[domains]]\ncode = \"../../etc\"\nchapter = \"x\"\n",
    )
    .unwrap();
    refused(
        dir.path(),
        &["build", "p.txt", "--out", "out"],
        "p.toml:2: domain code \"../../etc\"",
    );
}

#[test]
fn a_department_named_like_a_path_stays_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = crate::common::root().join("tests/fixtures/bad");
    for ext in ["txt", "toml"] {
        std::fs::copy(
            fixtures.join(format!("hostile_department.{ext}")),
            dir.path().join(format!("h.{ext}")),
        )
        .unwrap();
    }
    let o = plandoc(dir.path(), &["build", "h.txt", "--out", "out/deep"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let departments: Vec<String> = std::fs::read_dir(dir.path().join("out/deep/h/departments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        departments.iter().any(|d| d.contains("etc_x")),
        "{departments:?}"
    );
    assert!(
        departments
            .iter()
            .all(|d| !d.contains('/') && !d.starts_with('.')),
        "{departments:?}"
    );
    // Nothing escaped: the only things in the temp folder are the inputs and out/.
    let mut top: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["h.toml", "h.txt", "out"]);
    assert!(!dir.path().join("out/etc").exists() && !dir.path().join("etc").exists());
}

#[test]
fn a_paragraph_longer_than_an_excel_cell_is_refused_with_its_line() {
    // It used to pass validation and fail later in the xlsx writer, naming no line.
    let dir = tempfile::tempdir().unwrap();
    let text = format!("第一章 x\n\n正文。\n{}\n", "字".repeat(40_000));
    std::fs::write(dir.path().join("long.txt"), text).unwrap();
    refused(
        dir.path(),
        &["build", "long.txt", "--out", "out"],
        "long.txt:4: /chapters/0/intro/1/text: text longer than 32767 characters",
    );
}
