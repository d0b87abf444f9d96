//! Word documents: the example made into .docx two independent ways gives the same Plan as the
//! text; one fixture per feature of the reader; hostile files fail cleanly.

use std::path::{Path, PathBuf};

use crate::common::{plandoc, root, stderr};
#[allow(unused_imports)]
use crate::docx_support as make;

const STEM: &str = "wangcang-public-services-2021-2025";

/// The example's renditions in `tests/fixtures/docx/`, made by `tools/docx/`.
const RENDITIONS: [&str; 2] = ["wangcang-python-docx.docx", "wangcang-libreoffice.docx"];

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/docx").join(name)
}

/// A plan as JSON without any `source` (plan.source, and every record's lines or locator).
fn without_sources(plan: &plandoc::Plan) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("source");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(plan).expect("a plan serialises");
    strip(&mut v);
    v
}

/// Copies a docx into a fresh folder beside the example's sidecar, under the example's stem.
fn beside_sidecar(docx: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{STEM}.docx"));
    std::fs::copy(docx, &path).unwrap();
    std::fs::copy(
        root().join(format!("source/{STEM}.toml")),
        dir.path().join(format!("{STEM}.toml")),
    )
    .unwrap();
    (dir, path)
}

#[test]
fn both_renditions_of_the_example_give_the_texts_plan() {
    let text = plandoc::parse_file(&root().join(format!("source/{STEM}.txt")))
        .unwrap_or_else(|e| panic!("{e}"));
    let want = without_sources(&text.output);
    for name in RENDITIONS {
        let (_dir, path) = beside_sidecar(&fixture(name));
        if std::env::var_os("PLANDOC_DUMP_DOCX").is_some() {
            let input = plandoc::source::load(&path).unwrap();
            std::fs::write(format!("/tmp/{name}.txt"), &input.text).unwrap();
        }
        let got = plandoc::parse_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got_json = without_sources(&got.output);
        if got_json != want {
            let a = serde_json::to_string_pretty(&want).unwrap();
            let b = serde_json::to_string_pretty(&got_json).unwrap();
            if std::env::var_os("PLANDOC_DUMP_DOCX").is_some() {
                std::fs::write(format!("/tmp/{name}.want.json"), &a).unwrap();
                std::fs::write(format!("/tmp/{name}.got.json"), &b).unwrap();
            }
            let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
            let first = (0..a.len().max(b.len()))
                .find(|&i| a.get(i) != b.get(i))
                .unwrap_or(0);
            let context = |s: &[&str]| s[first.saturating_sub(8).min(s.len())..(first + 8).min(s.len())].join("\n");
            panic!(
                "{name}: the plan differs from the text's at JSON line {}:\n--- text\n{}\n--- docx\n{}",
                first + 1,
                context(&a),
                context(&b)
            );
        }
        assert_eq!(got.output.plan.source.file, format!("{STEM}.docx"));
    }
}
