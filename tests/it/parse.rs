//! The parser on the shipped example and on the same text in other encodings.

use crate::common::{example, example_as, example_plan};
use crate::family_support as fam;
use plandoc::model::Block;

#[test]
fn the_example_has_everything_with_source_lines() {
    let plan = example_plan();
    assert_eq!(plan.chapters.len(), 13);
    assert_eq!(plan.indicators.len(), 24);
    assert_eq!(plan.standards.len(), 73);
    assert_eq!(plan.boxes.len(), 7);
    assert_eq!(plan.projects.len(), 154);
    assert_eq!(plan.glossary.len(), 8);
    assert_eq!(plan.domains.len(), 9);
    assert!(
        plan.indicators
            .iter()
            .all(|i| i.source.line > Some(0) && i.baseline.year == 2020 && i.target.year == 2025)
    );
    // Every indicator has numbers except where the text says `/`.
    for i in &plan.indicators {
        for v in [&i.baseline, &i.target] {
            assert_eq!(v.value.is_none(), v.text == "/", "{} {:?}", i.id, v);
        }
    }
    assert!(
        plan.standards
            .iter()
            .all(|s| s.source.line > Some(0) && !s.item.is_empty())
    );
    assert!(
        plan.projects
            .iter()
            .all(|p| p.source.line > Some(0) && !p.name.is_empty())
    );
    let sections: usize = plan.chapters.iter().map(|c| c.sections.len()).sum();
    assert_eq!(sections, 40);
}

#[test]
fn the_example_reads_tricky_cells_right() {
    let plan = example_plan();
    let by_name = |n: &str| plan.indicators.iter().find(|i| i.name == n).unwrap();
    let pension = by_name("城乡参加基本养老保险覆盖人数");
    assert_eq!(pension.unit.as_deref(), Some("万人"));
    assert_eq!(pension.baseline.value, Some(25.824));
    assert_eq!(pension.baseline.components, Some(vec![6.4, 18.0, 1.424]));
    assert_eq!(pension.baseline.note.as_deref(), Some("社保居保机保"));
    let housing = by_name("农村危房改造数");
    assert_eq!(
        (housing.target.value, housing.target.note.as_deref()),
        (Some(1500.0), Some("累计"))
    );
    assert_eq!(by_name("城镇登记失业率").baseline.value, Some(4.0));
    // Ditto resolved, category kept, 4-column table without `standard`.
    let ditto = plan
        .standards
        .iter()
        .filter(|s| !s.ditto_fields.is_empty())
        .count();
    assert_eq!(ditto, 9);
    let first = plan
        .standards
        .iter()
        .find(|s| s.item == "职工基本养老保险")
        .unwrap();
    assert_eq!(first.category.as_deref(), Some("基本养老保险"));
    assert!(
        plan.standards
            .iter()
            .filter(|s| s.domain.as_deref() == Some("culture-sports"))
            .all(|s| s.standard.is_none())
    );
    // A row whose first cell is followed by blank lines before the rest.
    let s = plan
        .standards
        .iter()
        .find(|s| s.item == "就业服务和管理")
        .unwrap();
    assert_eq!(s.beneficiaries, "有就业需求的劳动年龄人口");
    // The note row.
    assert!(
        plan.tables
            .iter()
            .any(|t| t.notes == ["待遇发放标准随上级政策变化每年浮动，表中数据为现行标准。"])
    );
    // The unbalanced quote and the counted enumeration.
    assert!(
        plan.projects
            .iter()
            .any(|p| p.name == "云雾山森林康养旅游区")
    );
    assert!(
        plan.projects
            .iter()
            .any(|p| p.name.starts_with("旺苍县县、乡镇、村（社区）三级"))
    );
}

#[test]
fn every_block_reference_resolves_and_leads_are_kept() {
    let plan = example_plan();
    let leads = plan
        .chapters
        .iter()
        .flat_map(|c| &c.sections)
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b, Block::Paragraph(p) if p.lead.is_some()))
        .count();
    assert!(leads > 100, "{leads}");
    assert!(plandoc::validate::problems(&plan).is_empty());
}

#[test]
fn the_example_json_is_pinned() {
    let text = plandoc::write::json::to_string(&example_plan()).unwrap();
    insta::assert_snapshot!("example_plan_json", text);
}

/// The same text in another encoding or with other line endings gives the same plan, but for
/// `plan.source`.
fn same_plan_as_example(bytes: &[u8], encoding: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = example_as(dir.path(), "wangcang-public-services-2021-2025", bytes);
    let mut other = plandoc::parse_file(&path).unwrap().output;
    assert_eq!(other.plan.source.encoding, encoding);
    let mut plan = example_plan();
    plan.plan.source.sha256.clear();
    other.plan.source.sha256.clear();
    plan.plan.source.encoding.clear();
    other.plan.source.encoding.clear();
    assert_eq!(plan, other);
}

fn example_text() -> String {
    std::fs::read_to_string(example()).unwrap()
}

// The encoders are the ones that make the `crlf-bom`, `gb18030` and `utf16` fixtures.

#[test]
fn crlf_with_bom_gives_the_same_plan() {
    let bytes = fam::with_utf8_bom(&fam::to_crlf(&example_text()));
    same_plan_as_example(&bytes, "UTF-8");
}

#[test]
fn gb18030_gives_the_same_plan() {
    same_plan_as_example(&fam::to_gb18030(&example_text()), "GB18030");
}

#[test]
fn utf16_gives_the_same_plan() {
    same_plan_as_example(&fam::to_utf16le_bom(&example_text()), "UTF-16LE");
}
