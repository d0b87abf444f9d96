//! The command line: exit codes, messages that name file and line, nothing half-written.

use std::path::Path;

use crate::common::{example, plandoc, root, stderr};

/// A minimal plan of the family with one standards table, for error variants.
const SMALL: &str = "第一章 教育服务\n\n第一节 基本标准\n\n某县教育服务基本标准\n\tserviceA\n\t服务对象\n\t保障标准\n\t支出责任\n\t覆盖水平\n\n\t甲\n\t乙\n\t丙\n\t中央\n\t全覆盖\n";

fn run_on(text: &[u8], args_before: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.txt"), text).unwrap();
    let mut args: Vec<&str> = args_before.to_vec();
    args.push("p.txt");
    (plandoc(dir.path(), &args), dir)
}

fn assert_fails_cleanly(text: &[u8], expect: &str) {
    let (o, dir) = run_on(text, &["build", "--out", "out"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("p.txt"), "names the file: {err}");
    assert!(err.contains(expect), "expected {expect:?} in {err}");
    assert!(!err.contains("panicked"), "{err}");
    let left: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .map(|r| r.count())
        .into_iter()
        .collect();
    assert!(left.is_empty() || left == [0], "nothing written: {left:?}");
}

#[test]
fn the_small_plan_parses() {
    let (o, _d) = run_on(SMALL.replace("serviceA", "服务项目").as_bytes(), &["parse"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let plan: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(plan["standards"].as_array().unwrap().len(), 1);
    assert!(stderr(&o).contains("warning: "), "no sidecar warns");
}

#[test]
fn empty_binary_and_nul_inputs_fail_with_the_file_named() {
    assert_fails_cleanly(b"", "empty");
    assert_fails_cleanly(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", "p.txt:");
    assert_fails_cleanly("第一章 x\n正文\0\n".as_bytes(), "p.txt:2: found a NUL byte");
    assert_fails_cleanly(b"abc\xff\xff\xff", "neither UTF-8 nor GB18030");
    assert_fails_cleanly(b"\xff\xfe\x00\xd8", "not valid UTF-16LE");
}

#[test]
fn a_row_with_too_few_cells_names_the_line() {
    let text = SMALL
        .replace("serviceA", "服务项目")
        .replace("\t丙\n\t中央\n\t全覆盖\n", "");
    assert_fails_cleanly(
        text.as_bytes(),
        "p.txt:12: table \"某县教育服务基本标准\": row has 2 cells, expected 5",
    );
}

#[test]
fn a_table_cut_off_mid_row_fails() {
    let text = SMALL
        .replace("serviceA", "服务项目")
        .replace("\t中央\n\t全覆盖\n", "");
    assert_fails_cleanly(text.as_bytes(), "row has 3 cells, expected 5");
}

#[test]
fn an_unknown_column_names_the_header_line() {
    assert_fails_cleanly(
        SMALL.as_bytes(),
        "p.txt:6: standards table \"某县教育服务基本标准\": column \"serviceA\"",
    );
}

#[test]
fn text_without_chapters_fails() {
    assert_fails_cleanly("只是一段话。\n".as_bytes(), "found no chapter heading");
}

#[test]
fn usage_errors_exit_2() {
    let o = plandoc(&root(), &["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = plandoc(
        &root(),
        &["export", "x.json", "--format", "pdf", "--out", "o"],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(root().join("schema/plan.schema.json")).unwrap();
    assert!(
        committed == plandoc::validate::schema::text(),
        "schema/plan.schema.json is out of date. Run: cargo run -- schema > schema/plan.schema.json"
    );
}

fn write_json(dir: &Path, name: &str, v: &serde_json::Value) -> String {
    std::fs::write(dir.join(name), serde_json::to_string_pretty(v).unwrap()).unwrap();
    name.to_string()
}

fn example_json() -> serde_json::Value {
    let o = plandoc(&root(), &["parse", example().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn validate_accepts_the_example_and_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = example_json();
    let good = write_json(dir.path(), "good.json", &v);
    let o = plandoc(dir.path(), &["validate", &good]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    v["indicators"][3]["target"]["year"] = 2030.into();
    v["standards"][1]["id"] = v["standards"][0]["id"].clone();
    v["projects"][0]["box"] = "box99".into();
    let bad = write_json(dir.path(), "bad.json", &v);
    let o = plandoc(dir.path(), &["validate", &bad]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("bad.json: 3 problem(s)"), "{err}");
    assert!(err.contains("/indicators/3/target/year: 2030 is outside the plan's period 2021–2025 [year-outside-period]"), "{err}");
    assert!(err.contains("[duplicate-id]"), "{err}");
    assert!(
        err.contains("/projects/0/box: box \"box99\" does not exist [unresolved-ref]"),
        "{err}"
    );
}

#[test]
fn validate_reports_schema_problems_with_pointers() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = example_json();
    v["standards"][0]["funding"]["levels"][0] = "galactic".into();
    let bad = write_json(dir.path(), "bad.json", &v);
    let o = plandoc(dir.path(), &["validate", &bad]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("/standards/0/funding/levels/0"), "{err}");
}

#[test]
fn validate_refuses_another_major_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = example_json();
    v["schemaVersion"] = "3.0.0".into();
    let bad = write_json(dir.path(), "v3.json", &v);
    let o = plandoc(dir.path(), &["validate", &bad]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains(
            "v3.json: incompatible schema version: the document has schemaVersion \"3.0.0\""
        ),
        "{err}"
    );
}

#[test]
fn validate_and_export_refuse_a_schema_1_document_saying_how_to_rebuild_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = example_json();
    v["schemaVersion"] = "1.0.0".into();
    let old = write_json(dir.path(), "v1.json", &v);
    for args in [
        vec!["validate", old.as_str()],
        vec!["export", old.as_str(), "--format", "json", "--out", "o"],
    ] {
        let o = plandoc(dir.path(), &args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(
                "v1.json: schemaVersion 1.0.0 is not supported by this plandoc (schema 2.0.0); \
                 rebuild it from its source: plandoc build wangcang-public-services-2021-2025.txt"
            ),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn malformed_json_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.json"),
        "{\n  \"schemaVersion\": \"1.0.0\",\n  oops\n}",
    )
    .unwrap();
    let o = plandoc(dir.path(), &["validate", "x.json"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("x.json:3: invalid JSON"), "{err}");
}

/// Every file below a folder with its bytes, by relative path.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn two_builds_are_byte_identical_and_match_the_committed_out() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        let o = plandoc(
            &root(),
            &["build", "--quiet", "--out", d.path().to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert!(ta.len() >= 20, "{} files", ta.len());
    assert!(ta == tb, "two builds differ");
    assert!(
        ta == tree(&root().join("out")),
        "out/ is not what a build makes now. Run: cargo run --release -- build, and commit out/"
    );
}

/// The committed plan.json of the example.
fn example_plan_json() -> std::path::PathBuf {
    root().join("out/wangcang-public-services-2021-2025/plan.json")
}

fn export(dir: &Path, format: &str) -> std::process::Output {
    let plan = example_plan_json();
    plandoc(
        dir,
        &[
            "export",
            plan.to_str().unwrap(),
            "--format",
            format,
            "--out",
            "x",
        ],
    )
}

/// Names in a folder, sorted, hidden ones included.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn export_writes_files_with_the_permissions_build_gives() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = export(d, "all");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // What std::fs::write and create_dir give under this process's umask, as build writes.
    std::fs::write(d.join("reference"), "").unwrap();
    std::fs::create_dir(d.join("reference-dir")).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let (file, folder) = (mode(&d.join("reference")), mode(&d.join("reference-dir")));
    for f in [
        "plan.json",
        "plan.xml",
        "plan.xlsx",
        "departments/教育局.xlsx",
        "opendata/datapackage.json",
    ] {
        assert_eq!(mode(&d.join("x").join(f)), file, "{f}");
    }
    for f in ["departments", "opendata"] {
        assert_eq!(mode(&d.join("x").join(f)), folder, "{f}");
    }
}

#[test]
fn export_replaces_the_generated_folders_whole() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let x = d.join("x");
    // A previous export, with a department and a CSV this plan no longer has, and a file of
    // the user's own.
    for f in ["departments/旧部门.xlsx", "opendata/old.csv", "notes.txt"] {
        std::fs::create_dir_all(x.join(f).parent().unwrap()).unwrap();
        std::fs::write(x.join(f), "previous").unwrap();
    }
    let o = export(d, "all");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let built = root().join("out/wangcang-public-services-2021-2025");
    assert_eq!(
        names(&x.join("departments")),
        names(&built.join("departments"))
    );
    assert_eq!(names(&x.join("opendata")), names(&built.join("opendata")));
    assert_eq!(
        names(&x),
        [
            "departments",
            "notes.txt",
            "opendata",
            "plan.json",
            "plan.xlsx",
            "plan.xml"
        ],
        "the user's file stays; no staging folder left"
    );
    // Exporting one format replaces only that format's folder.
    std::fs::write(x.join("departments/旧部门.xlsx"), "previous").unwrap();
    std::fs::write(x.join("opendata/old.csv"), "previous").unwrap();
    let o = export(d, "opendata");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!x.join("opendata/old.csv").exists());
    assert!(x.join("departments/旧部门.xlsx").exists());
}

#[test]
fn an_export_that_cannot_complete_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let x = d.join("x");
    std::fs::create_dir(&x).unwrap();
    std::fs::write(x.join("plan.json"), "previous").unwrap();
    // A file where the open-data folder goes.
    std::fs::write(x.join("opendata"), "not a folder").unwrap();
    let o = export(d, "all");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("x/opendata: is not a folder, but the export writes a folder"),
        "{err}"
    );
    assert_eq!(
        names(&x),
        ["opendata", "plan.json"],
        "nothing added or left behind"
    );
    assert_eq!(std::fs::read(x.join("plan.json")).unwrap(), b"previous");
}

#[test]
fn texts_no_writer_can_write_are_refused_with_pointers() {
    // These validated, and export then failed in the XML or xlsx writer with no pointer.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut v = example_json();
    v["chapters"][2]["sections"][0]["blocks"][0]["text"] = "正文\u{1}。".into();
    v["indicators"][0]["name"] = "指标\u{fffe}".into();
    v["glossary"][0]["definition"] = "解释".repeat(20_000).into();
    let bad = write_json(d, "bad.json", &v);
    for args in [
        vec!["validate", &bad],
        vec!["export", &bad, "--format", "all", "--out", "x"],
    ] {
        let o = plandoc(d, &args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("bad.json: 3 problem(s)"), "{err}");
        for expect in [
            "  /chapters/2/sections/0/blocks/0/text: character U+0001 at position 3 is not allowed in XML 1.0 [text-not-xml]",
            "  /indicators/0/name: character U+FFFE at position 3 is not allowed in XML 1.0 [text-not-xml]",
            "  /glossary/0/definition: text longer than 32767 characters (40000)",
        ] {
            assert!(err.contains(expect), "expected {expect:?} in {err}");
        }
    }
    assert!(!d.join("x").exists(), "export wrote nothing");
}
