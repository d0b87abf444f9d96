//! One small fixture per layout cue (`tests/fixtures/layout/`), read end to end.

use plandoc::model::{Block, ChapterStyle, IndicatorAttribute, TableKind};

use crate::common::root;

fn read(name: &str) -> plandoc::Warned<plandoc::Parsed> {
    let path = root().join("tests/fixtures/layout").join(name);
    match plandoc::read_source(&path) {
        Ok(w) => w,
        Err(e) => panic!("{e}"),
    }
}

fn reasons(p: &plandoc::Parsed) -> Vec<(&str, u32)> {
    p.report
        .left_out
        .iter()
        .map(|l| (l.reason.as_str(), l.source.line.unwrap_or(0)))
        .collect()
}

#[test]
fn parts_and_a_table_of_contents() {
    let p = read("parts-and-contents.txt").output;
    assert_eq!(p.plan.parts.len(), 2);
    assert_eq!(p.plan.chapters.len(), 3, "the 目录 is not read as chapters");
    assert_eq!(p.plan.parts[0].chapters, ["ch1", "ch2"]);
    assert_eq!(p.plan.parts[1].chapters, ["ch3"]);
    assert_eq!(p.plan.chapters[2].part.as_deref(), Some("pt2"));
    assert!(
        matches!(&p.plan.parts[0].intro[0], Block::Paragraph(x) if x.text == "本篇说明总的要求。")
    );
    let toc = reasons(&p).iter().filter(|(r, _)| *r == "toc").count();
    assert_eq!(toc, 6);
    let period = p.plan.plan.period.unwrap();
    assert_eq!((period.start, period.end), (2021, 2025));
}

#[test]
fn item_divisions_two_documents_headings_and_run_in_text() {
    let p = read("item-chapters-two-documents.txt").output;
    let ch = &p.plan.chapters;
    assert_eq!(
        ch.iter().map(|c| c.number).collect::<Vec<_>>(),
        [1, 2, 3, 1, 2]
    );
    assert!(ch.iter().all(|c| c.style == ChapterStyle::Item));
    let Block::Heading(h) = &ch[0].intro[0] else {
        panic!("{:?}", ch[0].intro[0])
    };
    assert_eq!(
        (h.level, h.number, h.marker.as_str(), h.title.as_str()),
        (1, 1, "（一）", "指导思想")
    );
    assert_eq!(h.id, "ch1.h1");
    // `1﹒推进外网建设。支持…` is a level-2 heading and a paragraph on the same line.
    let intro = &ch[1].intro;
    let at = intro
        .iter()
        .position(|b| matches!(b, Block::Heading(h) if h.title == "推进外网建设"))
        .unwrap();
    assert!(matches!(&intro[at], Block::Heading(h) if h.level == 2 && h.marker == "1﹒"));
    assert!(matches!(&intro[at + 1], Block::Paragraph(x) if x.text == "支持企业加强网络建设。"));
    // A `--` lead.
    let leads: Vec<&str> = ch[0]
        .intro
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(x) => x.lead.as_deref(),
            _ => None,
        })
        .collect();
    assert_eq!(leads, ["基础设施更加完善"]);
    // The title-like line before the restart is kept and reported.
    assert!(
        p.report
            .kept_as_paragraphs
            .iter()
            .any(|k| k.text == "另一个文件")
    );
    assert_eq!(
        p.plan.plan.region.as_ref().map(|r| r.name.as_str()),
        Some("湖东省")
    );
    let period = p.plan.plan.period.unwrap();
    assert_eq!((period.start, period.end), (2021, 2023));
}

#[test]
fn front_matter_and_page_numbers_are_left_out() {
    let p = read("front-matter-and-page-numbers.txt").output;
    assert_eq!(
        reasons(&p),
        [
            ("citation", 1),
            ("citation", 2),
            ("dateline", 3),
            ("title", 5),
            ("pageNumber", 11),
            ("pageNumber", 15),
            ("pageNumber", 19)
        ]
    );
    assert_eq!(p.plan.plan.title.as_deref(), Some("江北市某某专项规划"));
    assert!(
        p.plan.plan.period.is_none(),
        "the title names no period: none is invented"
    );
    assert!(p.plan.plan.baseline_year.is_none());
    assert_eq!(
        p.plan.plan.region.as_ref().map(|r| r.name.as_str()),
        Some("江北市")
    );
}

#[test]
fn run_in_divisions_are_split() {
    let p = read("run-in-divisions.txt").output;
    assert_eq!(p.plan.parts.len(), 2);
    let titles: Vec<&str> = p.plan.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["总体思路", "发展目标", "推进改革"]);
    assert_eq!(p.plan.chapters[1].sections[0].title, "主要指标");
}

#[test]
fn numerals_in_every_form() {
    let p = read("numerals.txt").output;
    let n: Vec<u32> = p.plan.chapters.iter().map(|c| c.number).collect();
    assert_eq!(n, [1, 20, 13, 100, 105]);
}

#[test]
fn a_tab_indent_outside_a_table_is_an_indent() {
    let w = read("tab-indent.txt");
    assert!(w.output.plan.tables.is_empty());
    assert_eq!(w.output.plan.chapters[0].intro.len(), 2);
    assert!(
        w.warnings.iter().all(|x| !x.message.contains("not one")),
        "{:?}",
        w.warnings
    );
}

#[test]
fn a_table_without_a_title_line_has_no_title_and_keeps_the_paragraph() {
    let w = read("table-untitled.txt");
    let plan = &w.output.plan;
    assert_eq!(plan.tables[0].title, None);
    assert!(
        matches!(&plan.chapters[0].intro[0], Block::Paragraph(x) if x.text.starts_with("这一段"))
    );
    assert_eq!(plan.indicators.len(), 1);
    assert!(
        w.warnings
            .iter()
            .any(|x| x.line == Some(4) && x.message.contains("without a title"))
    );
}

#[test]
fn an_unreadable_table_becomes_paragraphs_with_a_warning_naming_its_lines() {
    let w = read("table-unreadable.txt");
    assert!(w.output.plan.tables.is_empty());
    let msg = w
        .warnings
        .iter()
        .find(|x| x.message.contains("not one"))
        .expect("a warning");
    assert_eq!(msg.line, Some(4));
    assert!(msg.message.contains("lines 4–16"), "{}", msg.message);
}

#[test]
fn a_prose_box_keeps_its_paragraphs_and_makes_no_projects() {
    let p = read("box-prose.txt").output;
    assert_eq!(p.plan.boxes.len(), 1);
    assert_eq!(p.plan.boxes[0].blocks.len(), 2);
    assert!(p.plan.projects.is_empty());
    assert_eq!(
        p.plan.chapters[0].sections[1].blocks.len(),
        1,
        "the next section is not in the box"
    );
}

#[test]
fn a_list_box_gives_projects_with_categories_and_descriptions() {
    let p = read("box-list.txt").output;
    let names: Vec<&str> = p.plan.projects.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "县中学扩建",
            "城区幼儿园新建",
            "县医院改造",
            "乡镇卫生院提升",
            "数字平台"
        ]
    );
    assert_eq!(p.plan.projects[0].category.as_deref(), Some("教育"));
    assert_eq!(
        p.plan.projects[4].description.as_deref(),
        Some("建设全县统一的数据共享平台")
    );
}

#[test]
fn leads_with_every_dash() {
    let p = read("leads.txt").output;
    let leads: Vec<Option<&str>> = p.plan.chapters[0]
        .intro
        .iter()
        .map(|b| match b {
            Block::Paragraph(x) => x.lead.as_deref(),
            _ => None,
        })
        .collect();
    assert_eq!(
        leads,
        [
            Some("学前教育"),
            Some("义务教育"),
            Some("高中教育"),
            Some("职业教育")
        ]
    );
}

#[test]
fn a_box_before_the_first_chapter_stands_in_no_chapter() {
    let p = read("box-before-chapters.txt").output;
    assert_eq!(p.plan.boxes[0].chapter, None);
    assert_eq!(p.plan.projects.len(), 1);
    assert_eq!(p.plan.preface.len(), 1);
}

#[test]
fn a_glossary_definition_continued_on_the_next_line() {
    let p = read("glossary-continuation.txt").output;
    let g = &p.plan.glossary;
    assert_eq!(g.len(), 2);
    assert_eq!(
        g[0].definition,
        "面向大众、收费较低的幼儿园，包括公办园和普惠性民办园。"
    );
    assert_eq!((g[0].source.line, g[0].source.end_line), (Some(7), Some(8)));
}

#[test]
fn an_indicators_table_with_category_change_and_attribute_columns() {
    let p = read("table-indicators-attribute.txt").output;
    let i = &p.plan.indicators;
    assert_eq!(i.len(), 2);
    assert_eq!(i[0].category.as_deref(), Some("经济发展"));
    assert_eq!(
        i[1].category.as_deref(),
        Some("经济发展"),
        "an empty 类别 cell repeats the one above"
    );
    assert_eq!(i[0].unit.as_deref(), Some("%"));
    assert_eq!(i[0].change.as_deref(), Some("[5.5]"));
    assert_eq!(i[0].attribute, Some(IndicatorAttribute::Expected));
    assert_eq!(i[1].attribute, Some(IndicatorAttribute::Binding));
    assert_eq!(i[0].target.value, None, "保持在合理区间 is not a number");
    assert_eq!(i[0].target.text, "保持在合理区间");
}

#[test]
fn an_indicators_table_with_a_unit_column_and_three_years() {
    let p = read("table-indicators-unit-years.txt").output;
    let i = &p.plan.indicators[0];
    assert_eq!(i.unit.as_deref(), Some("万人"));
    assert_eq!((i.baseline.year, i.target.year), (2015, 2025));
    assert_eq!(i.values.iter().map(|v| v.year).collect::<Vec<_>>(), [2020]);
    assert_eq!(i.values[0].value, Some(1186.0));
}

#[test]
fn any_other_table_is_kept_with_its_cells() {
    let p = read("table-other.txt").output;
    let t = &p.plan.tables[0];
    assert_eq!(t.kind, TableKind::Other);
    assert_eq!(t.columns, ["职务", "姓名", "单位"]);
    assert_eq!(
        t.rows.as_ref().unwrap()[1],
        ["副组长", "李四", "省发展改革委"]
    );
}

#[test]
fn page_numbers_and_running_headers_inside_a_table_stay_out_of_its_cells() {
    let p = read("page-furniture.txt").output;
    assert_eq!(
        p.plan.standards.len(),
        2,
        "the table goes on across the page break"
    );
    assert_eq!(p.plan.standards[0].coverage, "全覆盖");
    assert_eq!(p.plan.standards[1].item, "义务教育");
    assert_eq!(
        reasons(&p),
        [
            ("pageNumber", 16),
            ("pageNumber", 18),
            ("pageNumber", 29),
            ("pageNumber", 31),
            ("pageNumber", 35)
        ]
    );
}
