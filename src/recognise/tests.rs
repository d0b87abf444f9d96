//! The layout rules on small texts.

use super::*;

fn table_of(text: &str) -> TableNode {
    let outline = outline(text).unwrap();
    let items = &outline.chapters[0].intro;
    items
        .iter()
        .find_map(|i| match i {
            Item::Table(t) => Some(t.clone()),
            _ => None,
        })
        .expect("a table")
}

fn kinds(t: &TableNode) -> Vec<String> {
    t.rows
        .iter()
        .map(|r| match r {
            Row::Category(c) => format!("cat:{}", c.fragments.join("/")),
            Row::Data(cells) => format!("row:{}", cells.len()),
            Row::Note(_) => "note".to_string(),
        })
        .collect()
}

const HEAD: &str = "第一章 甲\n标题\n\ta\n\tb\n\tc\n";

#[test]
fn headings_are_recognised_with_numbers_and_titles() {
    let o = outline(
        " 前\u{f020}言\n序。\n第十二章 军人\n第三节 保障\n专栏7 项目\n\t甲、乙\n名词解释\n“x”：y\n",
    )
    .unwrap();
    assert_eq!(o.preface_heading, Some(1));
    assert_eq!(o.preface[0].text, "序。");
    let ch = &o.chapters[0];
    assert_eq!((ch.heading.number, ch.heading.title.as_str()), (12, "军人"));
    assert_eq!(ch.sections[0].heading.number, 3);
    assert!(
        matches!(&ch.sections[0].items[0], Item::Box(b) if b.heading.number == 7 && b.lines.len() == 1)
    );
    assert_eq!(o.glossary.as_ref().unwrap().entries.len(), 1);
}

#[test]
fn a_long_line_starting_like_a_heading_is_a_paragraph() {
    let o = outline("第一章 甲\n第二章节约用水是本规划的重要内容之一，各部门应当认真贯彻落实。\n")
        .unwrap();
    assert_eq!(o.chapters.len(), 1);
}

#[test]
fn rows_split_by_blank_lines() {
    let t = table_of(&format!("{HEAD}\n\t1\n\t2\n\t3\n\n\t4\n\t5\n\t6\n"));
    assert_eq!(kinds(&t), ["row:3", "row:3"]);
    assert_eq!(t.title.as_ref().unwrap().text, "标题");
}

#[test]
fn a_lone_cell_before_a_row_is_a_category() {
    let t = table_of(&format!("{HEAD}\n\t类\n\n\t1\n\t2\n\t3\n"));
    assert_eq!(kinds(&t), ["cat:类", "row:3"]);
}

#[test]
fn a_first_cell_followed_by_blank_lines_joins_its_row() {
    let t = table_of(&format!("{HEAD}\n\t1\n\n\n\t2\n\t3\n"));
    assert_eq!(kinds(&t), ["row:3"]);
}

#[test]
fn a_category_whose_first_row_is_split() {
    let t = table_of(&format!("{HEAD}\n\t类\n\n\t1\n\n\t2\n\t3\n"));
    assert_eq!(kinds(&t), ["cat:类", "row:3"]);
}

#[test]
fn continuation_lines_after_one_blank_stay_in_the_cell() {
    let t = table_of(&format!("{HEAD}\n\t1\n\n续\n\t2\n\t3\n"));
    let Row::Data(cells) = &t.rows[0] else {
        panic!()
    };
    assert_eq!(cells[0].fragments, ["1", "续"]);
}

#[test]
fn two_blank_lines_then_text_end_the_table() {
    let o = outline(&format!("{HEAD}\n\t1\n\t2\n\t3\n\n\n正文。\n")).unwrap();
    let intro = &o.chapters[0].intro;
    assert!(matches!(&intro[0], Item::Table(_)));
    assert!(matches!(&intro[1], Item::Paragraph(p) if p.text == "正文。"));
}

#[test]
fn rows_without_blank_lines_between_them() {
    let t = table_of(&format!("{HEAD}\n\t1\n\t2\n\t3\n\t4\n\t5\n\t6\n"));
    assert_eq!(kinds(&t), ["row:3", "row:3"]);
}

#[test]
fn a_remark_row_is_a_note() {
    let t = table_of(&format!("{HEAD}\n\t1\n\t2\n\t3\n\n\t备注\n\t说明。\n"));
    assert_eq!(kinds(&t), ["row:3", "note"]);
}

#[test]
fn a_short_row_is_an_error_at_its_line() {
    let e = outline(&format!("{HEAD}\n\t1\n\t2\n\t3\n\n\t4\n\t5\n")).unwrap_err();
    assert_eq!(e.line, 11);
    assert!(
        e.message.contains("row has 2 cells, expected 3"),
        "{}",
        e.message
    );
}

#[test]
fn a_box_ends_at_the_next_heading_and_keeps_it() {
    let o =
        outline("第一章 甲\n第一节 乙\n专栏1 项目\n\t类：a、b\n\nc、d\n\n\n第二节 丙\n正文。\n")
            .unwrap();
    let ch = &o.chapters[0];
    assert_eq!(ch.sections.len(), 2);
    assert!(
        matches!(&ch.sections[0].items[0], Item::Box(b) if b.lines.len() == 2 && b.end_line == 6)
    );
    assert!(matches!(&ch.sections[1].items[0], Item::Paragraph(_)));
}

#[test]
fn tables_and_boxes_before_the_first_chapter_are_errors() {
    assert!(outline("标题\n\ta\n\tb\n").is_err());
    assert!(outline("专栏1 x\n甲\n").is_err());
    assert!(outline("第一节 x\n").is_err());
}
