//! Real plans written by other offices (`tests/fixtures/real/`, byte copies of
//! `shared/real/`): they build with exit 0 and their structure is the one their layout shows.

use std::collections::BTreeSet;

use plandoc::model::{Block, ChapterStyle, Plan};

use crate::common::{plandoc, root, stderr};

fn real(name: &str) -> plandoc::Parsed {
    let path = root().join("tests/fixtures/real").join(name);
    match plandoc::read_source(&path) {
        Ok(w) => w.output,
        Err(e) => panic!("{e}"),
    }
}

fn headings(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading(_)))
        .count()
}

/// Parts, chapters and sections as an indented list, for a snapshot that pins the structure.
fn structure(plan: &Plan) -> String {
    let mut out = String::new();
    let mut part = None;
    for ch in &plan.chapters {
        if ch.part != part {
            part = ch.part.clone();
            if let Some(p) = plan.parts.iter().find(|p| Some(&p.id) == part.as_ref()) {
                out.push_str(&format!("{} 第{}篇 {}\n", p.id, p.number, p.title));
            }
        }
        out.push_str(&format!("  {} {} {}\n", ch.id, ch.number, ch.title));
        for s in &ch.sections {
            out.push_str(&format!("    {} {} {}\n", s.id, s.number, s.title));
        }
        for b in ch
            .intro
            .iter()
            .chain(ch.sections.iter().flat_map(|s| &s.blocks))
        {
            if let Block::Heading(h) = b {
                out.push_str(&format!(
                    "    {}{} [{}] {}\n",
                    "  ".repeat(h.level as usize),
                    h.marker,
                    h.id,
                    h.title
                ));
            }
        }
    }
    out
}

#[test]
fn the_14th_outline_has_its_parts_chapters_and_sections_and_no_copy_of_its_contents() {
    let parsed = real("cn-14th-fyp-outline-2021.txt");
    let plan = &parsed.plan;
    assert_eq!(plan.parts.len(), 19);
    assert_eq!(plan.chapters.len(), 65);
    let numbers: Vec<u32> = plan.chapters.iter().map(|c| c.number).collect();
    assert_eq!(
        numbers,
        (1..=65).collect::<Vec<u32>>(),
        "numbers 1–65, once each"
    );
    let sections: usize = plan.chapters.iter().map(|c| c.sections.len()).sum();
    assert_eq!(sections, 192);
    assert!(
        plan.chapters
            .iter()
            .all(|c| c.style == ChapterStyle::Chapter && c.part.is_some())
    );
    let in_parts: usize = plan.parts.iter().map(|p| p.chapters.len()).sum();
    assert_eq!(in_parts, 65, "every chapter in one part");
    assert_eq!(
        plan.plan.title.as_deref(),
        Some("中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要")
    );
    let period = plan.plan.period.as_ref().expect("period from the title");
    assert_eq!((period.start, period.end), (2021, 2025));
    assert!(plan.plan.baseline_year.is_none(), "nothing says it");
    // The 目录 is left out: its 84 entry lines and its heading, with the dateline and titles.
    let r = &parsed.report;
    let toc = r.left_out.iter().filter(|l| l.reason == "toc").count();
    assert_eq!(toc, 85);
    assert!(
        r.left_out
            .iter()
            .any(|l| l.reason == "dateline" && l.text == "新华社北京3月12日电")
    );
    assert_eq!(r.left_out.iter().filter(|l| l.reason == "title").count(), 1);
    // The paragraph after the 目录 opens with the title but goes on as a sentence: content.
    assert_eq!(plan.preface.len(), 1);
    assert!(
        plan.preface[0]
            .text
            .starts_with("中华人民共和国国民经济和社会发展第十四个五年（2021－2025年）规划")
    );
    // Part intros are kept.
    assert!(
        plan.parts[0]
            .intro
            .iter()
            .any(|b| matches!(b, Block::Paragraph(_)))
    );
    insta::assert_snapshot!("cn_14th_structure", structure(plan));
    insta::assert_json_snapshot!("cn_14th_report", parsed.report);
}

#[test]
fn the_anhui_plan_has_its_item_divisions_headings_and_prose_boxes() {
    let parsed = real("anhui-industrial-internet-plan-2021-2023.txt");
    let plan = &parsed.plan;
    assert!(plan.parts.is_empty());
    let numbers: Vec<u32> = plan.chapters.iter().map(|c| c.number).collect();
    assert_eq!(
        numbers,
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4],
        "8 in the first document, 4 in the second"
    );
    assert!(plan.chapters.iter().all(|c| c.style == ChapterStyle::Item));
    let ids: BTreeSet<&str> = plan.chapters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 12, "ids stay positional and unique");
    // The second document's divisions hold its （一） headings.
    let total: usize = plan.chapters[8..].iter().map(|c| headings(&c.intro)).sum();
    assert!(total >= 15, "{total}");
    assert_eq!(plan.boxes.len(), 12);
    assert!(plan.projects.is_empty(), "no projects made of prose");
    assert!(
        plan.boxes.iter().all(|b| !b.blocks.is_empty()),
        "each box keeps its prose"
    );
    let period = plan.plan.period.as_ref().expect("period from the title");
    assert_eq!((period.start, period.end), (2021, 2023));
    assert_eq!(
        plan.plan.region.as_ref().map(|r| r.name.as_str()),
        Some("安徽省")
    );
    let r = &parsed.report;
    let reasons: Vec<&str> = r.left_out.iter().map(|l| l.reason.as_str()).collect();
    assert_eq!(
        reasons,
        ["citation", "citation", "title", "title", "dateline"]
    );
    insta::assert_snapshot!("anhui_structure", structure(plan));
    insta::assert_json_snapshot!("anhui_report", parsed.report);
}

#[test]
fn both_real_plans_build_with_exit_0_and_write_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/real");
    let o = plandoc(
        dir.path(),
        &["build", src.to_str().unwrap(), "--out", "out"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("cn-14th-fyp-outline-2021.txt: 19 parts, 65 chapters, 192 sections"),
        "{err}"
    );
    for stem in [
        "cn-14th-fyp-outline-2021",
        "anhui-industrial-internet-plan-2021-2023",
    ] {
        let report = dir.path().join("out").join(stem).join("report.json");
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
        assert_eq!(v["reportVersion"], "1.0.0");
        let out = plandoc(dir.path(), &["validate", &format!("out/{stem}/plan.json")]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        // XML -> Plan -> JSON gives plan.json back byte for byte (parts with their intro,
        // headings, prose boxes).
        let xml = format!("out/{stem}/plan.xml");
        let o = plandoc(
            dir.path(),
            &["export", &xml, "--format", "json", "--out", "rt"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let a = std::fs::read(dir.path().join(format!("out/{stem}/plan.json"))).unwrap();
        let b = std::fs::read(dir.path().join("rt/plan.json")).unwrap();
        assert!(a == b, "{stem}: XML round trip differs");
    }
    // A part's own text reaches the open data too.
    let csv = std::fs::read_to_string(
        dir.path()
            .join("out/cn-14th-fyp-outline-2021/opendata/paragraphs.csv"),
    )
    .unwrap();
    assert!(
        csv.lines().any(|l| l.starts_with("pt1.p1,part,")),
        "part intro in paragraphs.csv"
    );
}
