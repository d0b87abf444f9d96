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
    assert!(matches!(&o.preface[0], Item::Paragraph(p) if p.text == "序。"));
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
fn a_short_row_makes_the_lines_paragraphs_with_a_warning_naming_them() {
    let o = outline(&format!("{HEAD}\n\t1\n\t2\n\t3\n\n\t4\n\t5\n")).unwrap();
    let intro = &o.chapters[0].intro;
    assert!(intro.iter().all(|i| matches!(i, Item::Paragraph(_))));
    // The title and every cell line are kept, each once.
    let lines: Vec<usize> = intro
        .iter()
        .map(|i| match i {
            Item::Paragraph(p) => p.line,
            _ => 0,
        })
        .collect();
    assert_eq!(lines, [2, 3, 4, 5, 7, 8, 9, 11, 12]);
    let w = &o.warnings[0];
    assert_eq!((w.line, w.end_line), (3, Some(12)));
    assert!(
        w.message.contains("row at line 11 has 2 cells, expected 3"),
        "{}",
        w.message
    );
}

#[test]
fn a_lone_tab_indented_line_is_an_indented_paragraph() {
    let o = outline("第一章 甲\n\t缩进的段落。\n\n\t又一段。\n").unwrap();
    assert_eq!(o.chapters[0].intro.len(), 2);
    assert!(o.warnings.is_empty(), "{:?}", o.warnings);
}

#[test]
fn a_table_without_a_title_line_has_none_and_the_paragraph_stays() {
    let o = outline("第一章 甲\n这是一段正文。\n\ta\n\tb\n\n\t1\n\t2\n").unwrap();
    let intro = &o.chapters[0].intro;
    assert!(matches!(&intro[0], Item::Paragraph(p) if p.line == 2));
    assert!(matches!(&intro[1], Item::Table(t) if t.title.is_none()));
    assert!(o.warnings[0].message.contains("without a title"));
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
fn tables_and_boxes_before_the_first_chapter_stay_in_the_preface() {
    let o = outline("标题\n\ta\n\tb\n").unwrap();
    assert!(matches!(&o.preface[0], Item::Table(_)));
    let o = outline("专栏1 x\n甲\n").unwrap();
    assert!(matches!(&o.preface[0], Item::Box(_)));
    let o = outline("第一节 x\n").unwrap();
    assert!(matches!(&o.preface[0], Item::Paragraph(_)));
    assert_eq!(o.kept_as_paragraphs.len(), 1);
}

fn left_out(o: &Outline) -> Vec<(LeftOutReason, usize)> {
    o.left_out.iter().map(|l| (l.reason, l.line.line)).collect()
}

#[test]
fn front_matter_is_left_out_with_its_reasons() {
    let o = outline(
        "【法宝引证码】 CLI.1.2\n新华社北京3月12日电\n某某省某某发展规划（2021-2023年）\n目录\n第一章 甲\n第二章 乙\n某某省某某发展规划\n第一章 甲\n正文。\n- 2 -\n第二章 乙\n2021年9月2日\n",
    )
    .unwrap();
    use LeftOutReason::*;
    assert_eq!(
        left_out(&o),
        [
            (Citation, 1),
            (Dateline, 2),
            (Title, 3),
            (Contents, 4),
            (Contents, 5),
            (Contents, 6),
            (Title, 7),
            (PageNumber, 10),
            (Dateline, 12)
        ]
    );
    assert_eq!(o.title.as_ref().map(|t| t.line), Some(3));
    assert_eq!(o.chapters.len(), 2);
}

#[test]
fn parts_hold_chapters_and_their_intro() {
    let o =
        outline("第一篇 总论\n篇的引言。\n第一章 甲\n正文。\n第二篇 分论\n第二章 乙\n").unwrap();
    assert_eq!(o.parts.len(), 2);
    assert_eq!(o.parts[0].intro.len(), 1);
    let parts: Vec<Option<usize>> = o.chapters.iter().map(|c| c.part).collect();
    assert_eq!(parts, [Some(0), Some(1)]);
}

#[test]
fn run_in_part_and_chapter_on_one_line() {
    let o = outline("第三篇推进改革开放第十三章深化各项改革\n正文。\n").unwrap();
    assert_eq!(o.parts[0].heading.title, "推进改革开放");
    assert_eq!(o.chapters[0].heading.number, 13);
    assert_eq!(o.chapters[0].part, Some(0));
}

#[test]
fn items_are_chapters_where_there_is_no_chapter_and_headings_get_levels() {
    let o = outline("通知。\n一、总体要求\n（一）指导思想\n正文。\n1﹒推进建设。支持企业。\n二、行动\n一、再来\n").unwrap();
    assert_eq!(o.chapters.len(), 3);
    assert!(o.chapters.iter().all(|c| c.style == ChapterStyle::Item));
    let numbers: Vec<u32> = o.chapters.iter().map(|c| c.heading.number).collect();
    assert_eq!(numbers, [1, 2, 1]);
    let intro = &o.chapters[0].intro;
    assert!(matches!(&intro[0], Item::Heading(h) if h.level == 1 && h.heading.title == "指导思想"));
    assert!(matches!(&intro[2], Item::Heading(h) if h.level == 2 && h.heading.title == "推进建设"));
    assert!(matches!(&intro[3], Item::Paragraph(p) if p.text == "支持企业。" && p.line == 5));
}

#[test]
fn items_inside_chapters_are_headings() {
    let o = outline("第一章 甲\n一、乙\n正文。\n").unwrap();
    assert!(matches!(&o.chapters[0].intro[0], Item::Heading(h) if h.level == 1));
}

#[test]
fn a_prose_box_ends_where_its_indent_changes() {
    let o = outline(
        "第一章 甲\n专栏1 工程\n优化网络基础设施。组织企业改造网络。\n　　（二）下一项行动。\n",
    )
    .unwrap();
    let intro = &o.chapters[0].intro;
    assert!(matches!(&intro[0], Item::Box(b) if b.lines.len() == 1));
    assert!(matches!(&intro[1], Item::Heading(_)));
}

#[test]
fn a_list_box_ends_at_a_prose_line_after_a_blank() {
    let o = outline("第一章 甲\n专栏1 项目\n类：a、b\n\n这是一段很长的正文，说明了很多事情，并且还有很多很多的内容需要说明。然后继续。\n").unwrap();
    let intro = &o.chapters[0].intro;
    assert!(matches!(&intro[0], Item::Box(b) if b.lines.len() == 1));
    assert!(matches!(&intro[1], Item::Paragraph(_)));
}
