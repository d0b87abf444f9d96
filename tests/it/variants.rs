//! The parser on other plans of the family (tests/fixtures/variants) and on bad inputs
//! (tests/fixtures/bad): one snapshot per fixture.

use std::path::Path;

use crate::common::{example_plan, plandoc, root, stderr};

/// Variants that are the example in another encoding or line ending: the same plan.
const SAME_AS_EXAMPLE: [&str; 3] = ["crlf-bom", "gb18030", "utf16"];

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_variant_parses_into_a_valid_plan() {
    insta::glob!("../fixtures/variants", "*.txt", |path| {
        let warned = plandoc::parse_file(path).unwrap_or_else(|e| panic!("{e}"));
        let plan = warned.output;
        assert!(plandoc::validate::problems(&plan).is_empty());
        if SAME_AS_EXAMPLE.contains(&stem(path).as_str()) {
            let mut expected = example_plan();
            expected.plan.source = plan.plan.source.clone();
            assert_eq!(plan, expected, "{}", path.display());
            return;
        }
        let json = plandoc::write::json::to_string(&plan).unwrap();
        insta::assert_snapshot!(json);
    });
}

#[test]
fn the_variants_have_what_their_readme_says() {
    let parse = |s: &str| {
        plandoc::parse_file(&root().join(format!("tests/fixtures/variants/{s}.txt"))).unwrap()
    };
    let fewer = parse("chapter-fewer").output;
    assert_eq!(
        (
            fewer.chapters.len(),
            fewer.indicators.len(),
            fewer.domains.len()
        ),
        (12, 22, 8)
    );
    assert!(fewer.domain("housing").is_none());
    let extra = parse("extra-chapter").output;
    assert_eq!((extra.chapters.len(), extra.indicators.len()), (14, 27));
    assert!(
        extra
            .indicators
            .iter()
            .any(|i| i.domain.as_deref() == Some("education-2"))
    );
    let four = parse("four-column").output;
    assert!(
        four.tables
            .iter()
            .filter(|t| t.kind == plandoc::model::TableKind::Standards)
            .all(|t| t.columns.len() == 4)
    );
    assert!(four.standards.iter().all(|s| s.standard.is_none()));
    let bare = parse("no-sidecar");
    assert_eq!(
        bare.output
            .domains
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>(),
        ["d1", "d2", "d3"]
    );
    assert!(
        bare.warnings
            .iter()
            .any(|w| w.message.contains("no sidecar"))
    );
    let other = parse("other-county").output;
    assert_eq!(other.plan.region_code(), Some("510823"));
}

#[test]
fn every_bad_input_fails_with_a_message_naming_the_file() {
    insta::glob!("../fixtures/bad", "err_*.txt", |path| {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let o = plandoc(&root(), &["parse", &rel]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(o.stdout.is_empty());
        assert!(err.contains("tests/fixtures/bad/err_"), "{err}");
        insta::assert_snapshot!(format!("exit: {:?}\n{err}", o.status.code()));
    });
}

#[test]
fn a_hostile_department_name_parses() {
    let path = root().join("tests/fixtures/bad/hostile_department.txt");
    let plan = plandoc::parse_file(&path).unwrap().output;
    assert!(plan.departments().iter().any(|d| d.contains("..")));
}
