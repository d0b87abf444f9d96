//! `plandoc build` over a folder of several plans, one of them bad: the others land complete
//! and exactly as when built alone, the bad one is named with its line, its previous outputs
//! stay as they were, and the exit code and summary say that one failed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{plandoc, root, stderr};

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn copy(from: &str, to: &Path) {
    std::fs::copy(root().join("tests/fixtures").join(from), to)
        .unwrap_or_else(|e| panic!("{from}: {e}"));
}

#[test]
fn a_bad_plan_in_a_batch_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let src = d.join("src");
    std::fs::create_dir(&src).unwrap();
    // In name order: good, bad, good.
    copy("variants/other-county.txt", &src.join("a-good.txt"));
    copy("variants/other-county.toml", &src.join("a-good.toml"));
    copy("bad/err_wrong_columns.txt", &src.join("b-bad.txt"));
    copy("variants/other-county.toml", &src.join("b-bad.toml"));
    copy("variants/four-column.txt", &src.join("c-good.txt"));
    copy("variants/four-column.toml", &src.join("c-good.toml"));
    // A previous, good build of the bad plan's stem.
    std::fs::create_dir_all(d.join("out/b-bad")).unwrap();
    std::fs::write(d.join("out/b-bad/plan.json"), "previous\n").unwrap();

    let o = plandoc(d, &["build", "--strict", "src", "--out", "out", "-j", "2"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("b-bad.txt:") && err.contains("the row at line 92 has 2 cells, expected 5"),
        "names the bad file and line: {err}"
    );
    assert!(
        err.contains("built 2 plan(s) into out, 1 failed"),
        "summary: {err}"
    );

    // The bad plan's previous outputs are untouched, and nothing is left half-made.
    assert_eq!(
        tree(&d.join("out/b-bad")),
        BTreeMap::from([("plan.json".to_string(), b"previous\n".to_vec())])
    );
    let mut names: Vec<String> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["a-good", "b-bad", "c-good"],
        "no staging folders left"
    );

    for stem in ["a-good", "c-good"] {
        let batch = tree(&d.join("out").join(stem));
        for f in [
            "plan.json",
            "plan.xml",
            "plan.xlsx",
            "opendata/datapackage.json",
        ] {
            assert!(batch.get(f).is_some_and(|b| !b.is_empty()), "{stem}/{f}");
        }
        assert!(
            batch
                .keys()
                .any(|k| k.starts_with("departments/") && k.ends_with(".xlsx")),
            "{stem}: department workbooks"
        );
        assert!(
            batch
                .keys()
                .any(|k| k.starts_with("opendata/") && k.ends_with(".csv")),
            "{stem}: open data CSV"
        );

        let alone = d.join("alone").join(stem);
        let source = format!("src/{stem}.txt");
        let o = plandoc(d, &["build", &source, "--out", alone.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let alone = tree(&alone.join(stem));
        assert_eq!(
            batch.keys().collect::<Vec<_>>(),
            alone.keys().collect::<Vec<_>>(),
            "{stem}: same files as built alone"
        );
        for (path, bytes) in &batch {
            assert!(
                alone[path] == *bytes,
                "{stem}/{path} differs from built alone"
            );
        }
    }
}

/// Copies a good plan (text and sidecar) to `path` (a `.txt` path under `dir`).
fn good_plan(dir: &Path, path: &str) {
    let txt = dir.join(path);
    std::fs::create_dir_all(txt.parent().unwrap()).unwrap();
    copy("variants/other-county.txt", &txt);
    copy("variants/other-county.toml", &txt.with_extension("toml"));
}

#[test]
fn sources_that_would_share_an_output_folder_are_refused_before_building() {
    // Built at the same time into one out/<stem>/, one would silently replace the other.
    for (a, b) in [
        ("a/x.txt", "b/x.txt"),
        ("x:y.txt", "x_y.txt"),
        ("Plan.txt", "plan.txt"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        good_plan(d, a);
        good_plan(d, b);
        let o = plandoc(d, &["build", a, b, "--out", "out", "-j", "2"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{a} {b}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains(&format!("error: {b}: would be built into out/"))
                && err.contains(&format!("as {a} is")),
            "names both sources: {err}"
        );
        assert!(!d.join("out").exists(), "{a} {b}: nothing written");
    }
}

#[test]
fn a_source_named_twice_is_built_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    good_plan(d, "src/x.txt");
    let o = plandoc(
        d,
        &["build", "src", "src/x.txt", "./src/x.txt", "--out", "out"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("built 1 plan(s) into out, 0 failed"), "{err}");
}
