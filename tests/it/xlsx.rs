//! The xlsx writer, read back with calamine: sheets, headers, row counts against the Plan,
//! numbers, merged categories, texts that look like formulas, department workbooks, and
//! byte-for-byte determinism. Snapshots pin every sheet's cells as text.

use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use plandoc::model::*;
use plandoc::write::{OutputFile, xlsx};

type Book = Xlsx<Cursor<Vec<u8>>>;

const SHEETS: [&str; 7] = [
    "说明",
    "主要指标",
    "基本标准",
    "重点项目",
    "重点任务",
    "全文",
    "名词解释",
];

// ---------------------------------------------------------------------------------------------
// Reading workbooks back

fn open(file: &OutputFile) -> Book {
    Xlsx::new(Cursor::new(file.bytes.clone()))
        .unwrap_or_else(|e| panic!("{}: not a readable xlsx: {e}", file.path))
}

fn rows(book: &mut Book, sheet: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(sheet).expect(sheet);
    // Ranges start at the first non-empty cell; every sheet starts at A1 (its header).
    assert_eq!(range.start(), Some((0, 0)), "{sheet} does not start at A1");
    range.rows().map(|r| r.to_vec()).collect()
}

fn header(book: &mut Book, sheet: &str) -> Vec<String> {
    rows(book, sheet)[0].iter().map(text).collect()
}

/// Data rows (under the header).
fn data_rows(book: &mut Book, sheet: &str) -> Vec<Vec<Data>> {
    rows(book, sheet).into_iter().skip(1).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format_number(*f),
        other => format!("{other:?}"),
    }
}

/// The column of a sheet with this header, as texts.
fn column(book: &mut Book, sheet: &str, name: &str) -> Vec<String> {
    let at = header(book, sheet)
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{sheet} has no column {name}"));
    data_rows(book, sheet)
        .iter()
        .map(|r| text(&r[at]))
        .collect()
}

/// Every sheet's cells as text: one block per sheet, one line per row, cells joined by ` | `,
/// numbers marked with `#`, line breaks inside cells shown as `⏎`.
fn dump(file: &OutputFile) -> String {
    let mut book = open(file);
    let mut out = String::new();
    for sheet in book.sheet_names() {
        out.push_str(&dump_sheet(&mut book, &sheet));
    }
    out
}

fn dump_sheet(book: &mut Book, sheet: &str) -> String {
    let mut out = format!("== {sheet}\n");
    for row in rows(book, sheet) {
        let cells: Vec<String> = row
            .iter()
            .map(|d| match d {
                Data::Float(f) => format!("#{}", format_number(*f)),
                d => text(d).replace('\n', "⏎"),
            })
            .collect();
        out.push_str(cells.join(" | ").trim_end());
        out.push('\n');
    }
    out
}

fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a OutputFile {
    files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} among {:?}", paths(files)))
}

fn paths(files: &[OutputFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

/// Rows each sheet must have for a plan, counted from the Plan itself.
fn expected_rows(plan: &Plan) -> [(&'static str, usize); 4] {
    [
        ("主要指标", plan.indicators.len()),
        ("基本标准", plan.standards.len()),
        ("重点项目", plan.projects.len()),
        ("名词解释", plan.glossary.len()),
    ]
}

fn in_blocks(blocks: &[Block]) -> impl Iterator<Item = &Paragraph> {
    blocks.iter().filter_map(|b| match b {
        Block::Paragraph(p) => Some(p),
        _ => None,
    })
}

fn paragraphs(plan: &Plan) -> Vec<&Paragraph> {
    let mut out: Vec<&Paragraph> = plan.preface.iter().collect();
    for c in &plan.chapters {
        out.extend(in_blocks(&c.intro));
        for s in &c.sections {
            out.extend(in_blocks(&s.blocks));
        }
    }
    out
}

fn task_count(plan: &Plan) -> usize {
    plan.chapters
        .iter()
        .flat_map(|c| &c.sections)
        .filter(|s| s.title == "重点任务")
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b, Block::Paragraph(p) if p.lead.is_some()))
        .count()
}

/// Checks every workbook of a plan against the plan: sheets, headers, row counts, domains.
fn check_against_plan(plan: &Plan, files: &[OutputFile]) {
    let mut full = open(file(files, "plan.xlsx"));
    check_book(&mut full, plan);
    let departments = plan.departments();
    assert_eq!(files.len(), 1 + departments.len(), "{:?}", paths(files));
    for dep in departments {
        let codes: Vec<&str> = plan
            .domains
            .iter()
            .filter(|d| d.department.as_deref() == Some(dep))
            .map(|d| d.code.as_str())
            .collect();
        let part = plan.subset(&codes);
        let path = format!("departments/{}.xlsx", plandoc::write::safe_file_stem(dep));
        let mut book = open(file(files, &path));
        check_book(&mut book, &part);
        let names: BTreeSet<String> = part.domains.iter().map(|d| d.name.clone()).collect();
        for sheet in ["主要指标", "基本标准"] {
            for name in column(&mut book, sheet, "领域") {
                assert!(
                    names.contains(&name),
                    "{path} {sheet}: {name} is not {dep}'s"
                );
            }
        }
        for sheet in ["重点项目", "重点任务"] {
            for name in column(&mut book, sheet, "领域") {
                assert!(
                    name.is_empty() || names.contains(&name),
                    "{path} {sheet}: {name} is not {dep}'s"
                );
            }
        }
    }
}

fn check_book(book: &mut Book, plan: &Plan) {
    assert_eq!(book.sheet_names(), SHEETS);
    assert_eq!(xlsx::SHEET_NAMES, SHEETS);
    let base = plan
        .plan
        .baseline_year
        .expect("the plan has a baseline year");
    let end = plan.plan.period.expect("the plan has a period").end;
    assert_eq!(header(book, "说明"), ["项目", "内容"]);
    assert_eq!(
        header(book, "主要指标"),
        [
            "编号".to_string(),
            "领域".into(),
            "指标".into(),
            "单位".into(),
            format!("{base}年"),
            format!("{end}年"),
            format!("{base}年原文"),
            format!("{end}年原文"),
            "备注".into(),
            "来源行".into(),
        ]
    );
    assert_eq!(
        header(book, "基本标准"),
        [
            "编号",
            "领域",
            "类别",
            "服务项目",
            "服务对象",
            "保障标准",
            "支出责任",
            "覆盖水平",
            "来源行"
        ]
    );
    assert_eq!(
        header(book, "重点项目"),
        ["编号", "领域", "专栏", "类别", "项目名称"]
    );
    assert_eq!(
        header(book, "重点任务"),
        ["编号", "领域", "章", "节", "任务", "内容"]
    );
    assert_eq!(header(book, "全文"), ["编号", "章", "节", "段落"]);
    assert_eq!(header(book, "名词解释"), ["术语", "释义"]);

    for (sheet, n) in expected_rows(plan) {
        assert_eq!(data_rows(book, sheet).len(), n, "rows of {sheet}");
    }
    assert_eq!(
        data_rows(book, "重点任务").len(),
        task_count(plan),
        "rows of 重点任务"
    );
    let ids: Vec<String> = paragraphs(plan).iter().map(|p| p.id.clone()).collect();
    assert_eq!(
        column(book, "全文", "编号"),
        ids,
        "全文 lists every paragraph in order"
    );
    let indicator_ids: Vec<String> = plan.indicators.iter().map(|i| i.id.clone()).collect();
    assert_eq!(column(book, "主要指标", "编号"), indicator_ids);
    let standard_ids: Vec<String> = plan.standards.iter().map(|s| s.id.clone()).collect();
    assert_eq!(column(book, "基本标准", "编号"), standard_ids);

    // Every value is a number where the plan has one, and empty where it has none (`/`).
    let data = data_rows(book, "主要指标");
    for (row, ind) in data.iter().zip(&plan.indicators) {
        for (cell, value) in [(&row[4], &ind.baseline), (&row[5], &ind.target)] {
            match value.value {
                Some(v) => assert_eq!(cell, &Data::Float(v), "{} {}", ind.id, value.text),
                None => assert_eq!(cell, &Data::Empty, "{} {}", ind.id, value.text),
            }
        }
        assert_eq!(text(&row[6]), ind.baseline.text);
        assert_eq!(text(&row[7]), ind.target.text);
        assert_eq!(
            row[9],
            Data::Float(f64::from(ind.source.line.expect("a text source")))
        );
    }
    check_merges(book, plan);
}

/// Each run of two or more rows of one table under one category is one merged range in 类别,
/// and every row still holds its category (so the autofilter finds them all).
fn check_merges(book: &mut Book, plan: &Plan) {
    let mut expected = Vec::new();
    let mut i = 0;
    while i < plan.standards.len() {
        let s = &plan.standards[i];
        let mut j = i;
        while j + 1 < plan.standards.len()
            && s.category.is_some()
            && plan.standards[j + 1].category == s.category
            && plan.standards[j + 1].table == s.table
        {
            j += 1;
        }
        if j > i {
            // Header is row 0; data row k is sheet row k + 1. 类别 is column C (2).
            expected.push(((i as u32 + 1, 2), (j as u32 + 1, 2)));
        }
        i = j + 1;
    }
    let merged: Vec<((u32, u32), (u32, u32))> = book
        .merge_cells_by_sheet_name("基本标准")
        .unwrap()
        .iter()
        .map(|d| (d.start, d.end))
        .collect();
    assert_eq!(merged, expected, "merged category ranges");
    let categories: Vec<String> = plan
        .standards
        .iter()
        .map(|s| s.category.clone().unwrap_or_default())
        .collect();
    assert_eq!(column(book, "基本标准", "类别"), categories);
}

// ---------------------------------------------------------------------------------------------
// A small hand-built plan with every case the writer must handle

fn at(line: u32) -> SourceRef {
    SourceRef::line(line)
}

fn para(id: &str, text: &str, lead: Option<&str>, line: u32) -> Block {
    Block::Paragraph(Paragraph {
        id: id.into(),
        text: text.into(),
        lead: lead.map(Into::into),
        source: at(line),
    })
}

fn domain(code: &str, name: &str, department: &str, chapter: &str) -> Domain {
    Domain {
        code: code.into(),
        name: name.into(),
        aliases: vec![],
        department: Some(department.into()),
        chapter: Some(chapter.into()),
    }
}

fn value(year: i32, text: &str, v: Option<f64>, note: Option<&str>) -> Value {
    Value {
        year,
        text: text.into(),
        value: v,
        note: note.map(Into::into),
        components: None,
    }
}

fn indicator(
    row: u32,
    domain: &str,
    name: &str,
    unit: Option<&str>,
    base: Value,
    target: Value,
) -> Indicator {
    Indicator {
        category: None,
        values: vec![],
        change: None,
        attribute: None,
        id: format!("ch1.s1.t1.r{row}"),
        table: "ch1.s1.t1".into(),
        domain: Some(domain.into()),
        name: name.into(),
        unit: unit.map(Into::into),
        baseline: base,
        target,
        source: at(10 + row),
    }
}

#[allow(clippy::too_many_arguments)]
fn standard(
    table: &str,
    row: u32,
    domain: &str,
    category: Option<&str>,
    item: &str,
    standard: Option<&str>,
    funding: &str,
    coverage: &str,
    ditto: &[&str],
) -> Standard {
    Standard {
        id: format!("{table}.r{row}"),
        table: table.into(),
        domain: Some(domain.into()),
        category: category.map(Into::into),
        item: item.into(),
        beneficiaries: "全县居民".into(),
        standard: standard.map(Into::into),
        funding: Funding {
            text: funding.into(),
            levels: vec![FundingLevel::Central, FundingLevel::County],
        },
        coverage: coverage.into(),
        ditto_fields: ditto.iter().map(|s| s.to_string()).collect(),
        source: at(100 + row),
    }
}

fn table(
    id: &str,
    chapter: &str,
    kind: TableKind,
    columns: &[&str],
    domain: Option<&str>,
) -> Table {
    Table {
        rows: None,
        id: id.into(),
        title: Some(format!("{id}的表")),
        kind,
        columns: columns.iter().map(|s| s.to_string()).collect(),
        notes: vec![],
        chapter: Some(chapter.into()),
        section: Some(id.rsplit_once('.').unwrap().0.into()),
        domain: domain.map(Into::into),
        source: at(50),
    }
}

fn project(b: &str, i: u32, domain: Option<&str>, category: Option<&str>, name: &str) -> Project {
    Project {
        description: None,
        id: format!("{b}.i{i}"),
        project_box: b.into(),
        domain: domain.map(Into::into),
        category: category.map(Into::into),
        name: name.into(),
        source: at(200 + i),
    }
}

fn chapter(
    n: u32,
    title: &str,
    domain: Option<&str>,
    intro: Vec<Block>,
    sections: Vec<Section>,
) -> Chapter {
    Chapter {
        part: None,
        style: ChapterStyle::Chapter,
        id: format!("ch{n}"),
        number: n,
        title: title.into(),
        domain: domain.map(Into::into),
        intro,
        sections,
        source: at(n * 10),
    }
}

fn section(chapter: u32, n: u32, title: &str, blocks: Vec<Block>) -> Section {
    Section {
        id: format!("ch{chapter}.s{n}"),
        number: n,
        title: title.into(),
        blocks,
        source: at(chapter * 10 + n),
    }
}

fn table_ref(id: &str) -> Block {
    Block::Table { table: id.into() }
}

fn box_ref(id: &str) -> Block {
    Block::Box {
        project_box: id.into(),
    }
}

/// Three domains, two departments (人社局 holds two), categories, a ditto, a `/` value, texts
/// that look like formulas, a 4-column standards table without 保障标准.
fn sample() -> Plan {
    let std5 = ["服务项目", "服务对象", "保障标准", "支出责任", "覆盖水平"];
    let std4 = ["服务项目", "服务对象", "支出责任", "覆盖水平"];
    Plan {
        schema: SCHEMA_ID.to_string(),
        parts: vec![],
        schema_version: SCHEMA_VERSION.into(),
        plan: PlanInfo {
            id: "510821-test-2021-2025".into(),
            title: Some("测试县“十四五”公共服务规划".into()),
            region: Some(Region {
                name: "测试县".into(),
                code: Some("510821".into()),
            }),
            period: Some(Period {
                start: 2021,
                end: 2025,
            }),
            baseline_year: Some(2020),
            language: "zh-CN".into(),
            source: SourceFile {
                file: "test.txt".into(),
                sha256: "ab".repeat(32),
                encoding: "UTF-8".into(),
                lines: 300,
            },
            license: Some("CC-BY-4.0".into()),
            publisher: None,
        },
        domains: vec![
            domain("education", "教育服务", "教育局", "ch2"),
            domain("employment", "劳动就业服务", "人力资源和社会保障局", "ch3"),
            domain(
                "social-insurance",
                "社会保险服务",
                "人力资源和社会保障局",
                "ch4",
            ),
        ],
        preface: vec![Paragraph {
            id: "pre.p1".into(),
            text: "本规划依据有关要求编制。".into(),
            lead: None,
            source: at(1),
        }],
        chapters: vec![
            chapter(
                1,
                "总体思路",
                None,
                vec![para("ch1.p1", "坚持以人民为中心。", None, 5)],
                vec![section(1, 1, "主要目标", vec![table_ref("ch1.s1.t1")])],
            ),
            chapter(
                2,
                "教育服务",
                Some("education"),
                vec![para("ch2.p1", "办好人民满意的教育。", None, 20)],
                vec![
                    section(
                        2,
                        1,
                        "重点任务",
                        vec![
                            para(
                                "ch2.s1.p1",
                                "——学前教育。扩大普惠性资源。",
                                Some("学前教育"),
                                22,
                            ),
                            para(
                                "ch2.s1.p2",
                                "——义务教育。推进均衡发展。\n办好每一所学校。",
                                Some("义务教育"),
                                23,
                            ),
                            para("ch2.s1.p3", "加强教师队伍建设。", None, 24),
                            box_ref("box1"),
                        ],
                    ),
                    section(
                        2,
                        2,
                        "基本标准",
                        vec![
                            para("ch2.s2.p1", "按国家标准执行。", None, 30),
                            table_ref("ch2.s2.t1"),
                        ],
                    ),
                ],
            ),
            chapter(
                3,
                "劳动就业服务",
                Some("employment"),
                vec![],
                vec![
                    section(
                        3,
                        1,
                        "重点任务",
                        vec![para(
                            "ch3.s1.p1",
                            "——=SUM(A1)。@帮扶就业。",
                            Some("=SUM(A1)"),
                            40,
                        )],
                    ),
                    section(3, 2, "基本标准", vec![table_ref("ch3.s2.t1")]),
                ],
            ),
            chapter(
                4,
                "社会保险服务",
                Some("social-insurance"),
                vec![box_ref("box2")],
                vec![
                    section(
                        4,
                        1,
                        "重点任务",
                        vec![para(
                            "ch4.s1.p1",
                            "——全民参保。扩大覆盖面。",
                            Some("全民参保"),
                            60,
                        )],
                    ),
                    section(4, 2, "基本标准", vec![table_ref("ch4.s2.t1")]),
                ],
            ),
            chapter(
                5,
                "实施保障",
                None,
                vec![],
                vec![section(
                    5,
                    1,
                    "强化组织领导",
                    vec![para("ch5.s1.p1", "-加强领导。", None, 80)],
                )],
            ),
        ],
        tables: vec![
            table(
                "ch1.s1.t1",
                "ch1",
                TableKind::Indicators,
                &["领域", "指标", "2020年", "2025年"],
                None,
            ),
            table(
                "ch2.s2.t1",
                "ch2",
                TableKind::Standards,
                &std5,
                Some("education"),
            ),
            table(
                "ch3.s2.t1",
                "ch3",
                TableKind::Standards,
                &std4,
                Some("employment"),
            ),
            table(
                "ch4.s2.t1",
                "ch4",
                TableKind::Standards,
                &std5,
                Some("social-insurance"),
            ),
        ],
        indicators: vec![
            indicator(
                1,
                "education",
                "学前教育毛入园率",
                Some("%"),
                value(2020, "90.3", Some(90.3), None),
                value(2025, "91", Some(91.0), None),
            ),
            indicator(
                2,
                "education",
                "新建学位",
                Some("个"),
                value(2020, "1500（累计）", Some(1500.0), Some("累计")),
                value(2025, "/", None, None),
            ),
            indicator(
                3,
                "employment",
                "城镇新增就业人数",
                Some("人"),
                value(2020, "5200", Some(5200.0), None),
                value(2025, "5300", Some(5300.0), None),
            ),
            indicator(
                4,
                "social-insurance",
                "基金结余比例",
                None,
                value(2020, "0.049", Some(0.049), None),
                value(
                    2025,
                    "6.4+18+1.424（社保居保机保）",
                    Some(25.824),
                    Some("社保居保机保"),
                ),
            ),
        ],
        standards: vec![
            standard(
                "ch2.s2.t1",
                1,
                "education",
                Some("学前教育"),
                "学前教育资助",
                Some("每生每年1000元"),
                "中央和县级财政",
                "100%",
                &[],
            ),
            standard(
                "ch2.s2.t1",
                2,
                "education",
                Some("学前教育"),
                "保教费减免",
                Some("每生每年1000元"),
                "中央和县级财政",
                "100%",
                &["standard", "funding"],
            ),
            standard(
                "ch2.s2.t1",
                3,
                "education",
                Some("义务教育"),
                "免费教科书",
                Some("按实际"),
                "中央财政",
                "100%",
                &[],
            ),
            standard(
                "ch3.s2.t1",
                1,
                "employment",
                None,
                "=SUM(A1)",
                None,
                "中央和县级财政",
                "+86",
                &[],
            ),
            standard(
                "ch3.s2.t1",
                2,
                "employment",
                None,
                "职业介绍",
                None,
                "中央和县级财政",
                "-",
                &["funding"],
            ),
            standard(
                "ch4.s2.t1",
                1,
                "social-insurance",
                Some("义务教育"),
                "养老保险登记",
                Some("免费"),
                "县级财政",
                "100%",
                &[],
            ),
            standard(
                "ch4.s2.t1",
                2,
                "social-insurance",
                Some("义务教育"),
                "养老金发放",
                Some("按月"),
                "县级财政",
                "100%",
                &[],
            ),
            standard(
                "ch4.s2.t1",
                3,
                "social-insurance",
                Some("义务教育"),
                "待遇调整",
                Some("按国家规定"),
                "县级财政",
                "100%",
                &[],
            ),
        ],
        boxes: vec![
            ProjectBox {
                blocks: vec![],
                id: "box1".into(),
                number: 1,
                title: "“十四五”教育服务重点项目".into(),
                chapter: Some("ch2".into()),
                section: Some("ch2.s1".into()),
                domain: Some("education".into()),
                source: at(25),
            },
            ProjectBox {
                blocks: vec![],
                id: "box2".into(),
                number: 2,
                title: "社会保险重点项目".into(),
                chapter: Some("ch4".into()),
                section: None,
                domain: Some("social-insurance".into()),
                source: at(55),
            },
        ],
        projects: vec![
            project(
                "box1",
                1,
                Some("education"),
                Some("学前教育"),
                "第一幼儿园新建项目",
            ),
            project(
                "box1",
                2,
                Some("education"),
                Some("学前教育"),
                "“云雾山幼儿园“改扩建",
            ),
            project(
                "box2",
                1,
                Some("social-insurance"),
                None,
                "@社保经办能力提升工程",
            ),
        ],
        glossary: vec![
            GlossaryEntry {
                id: "gl1".into(),
                term: "基本公共服务".into(),
                definition: "保障全体人民生存和发展基本需要的公共服务。".into(),
                source: at(290),
            },
            GlossaryEntry {
                id: "gl2".into(),
                term: "+1".into(),
                definition: "=1+1".into(),
                source: at(291),
            },
        ],
    }
}

// ---------------------------------------------------------------------------------------------
// Tests on the hand-built plan

#[test]
fn sample_workbooks_match_the_plan() {
    let plan = sample();
    let files = xlsx::write(&plan).unwrap();
    assert_eq!(
        paths(&files),
        [
            "plan.xlsx",
            "departments/教育局.xlsx",
            "departments/人力资源和社会保障局.xlsx"
        ]
    );
    check_against_plan(&plan, &files);
}

#[test]
fn numbers_are_numbers_and_slash_is_empty_beside_its_text() {
    let files = xlsx::write(&sample()).unwrap();
    let mut book = open(file(&files, "plan.xlsx"));
    let rows = data_rows(&mut book, "主要指标");
    assert_eq!(rows[0][4], Data::Float(90.3));
    assert_eq!(rows[0][5], Data::Float(91.0));
    assert_eq!(rows[1][4], Data::Float(1500.0));
    assert_eq!(rows[1][5], Data::Empty);
    assert_eq!(rows[1][7], Data::String("/".into()));
    assert_eq!(rows[1][8], Data::String("2020年：累计".into()));
    assert_eq!(rows[3][4], Data::Float(0.049));
    assert_eq!(rows[3][5], Data::Float(25.824));
}

#[test]
fn formula_looking_texts_stay_strings() {
    let files = xlsx::write(&sample()).unwrap();
    for f in &files {
        let mut book = open(f);
        for sheet in SHEETS {
            let formulas = book.worksheet_formula(sheet).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "{} {sheet} has a formula",
                f.path
            );
        }
    }
    let mut book = open(file(&files, "plan.xlsx"));
    let standards = data_rows(&mut book, "基本标准");
    assert_eq!(standards[3][3], Data::String("=SUM(A1)".into()));
    assert_eq!(standards[3][7], Data::String("+86".into()));
    assert_eq!(standards[3][5], Data::Empty, "no 保障标准 column: empty");
    assert_eq!(standards[4][7], Data::String("-".into()));
    let glossary = data_rows(&mut book, "名词解释");
    assert_eq!(
        glossary[1],
        [Data::String("+1".into()), Data::String("=1+1".into())]
    );
    let tasks = data_rows(&mut book, "重点任务");
    assert_eq!(tasks[2][4], Data::String("=SUM(A1)".into()));
    assert_eq!(tasks[2][5], Data::String("@帮扶就业。".into()));
}

#[test]
fn codes_stay_text() {
    let files = xlsx::write(&sample()).unwrap();
    let mut book = open(file(&files, "plan.xlsx"));
    let about = data_rows(&mut book, "说明");
    let code = about
        .iter()
        .find(|r| r[0] == Data::String("行政区划代码".into()))
        .expect("a 行政区划代码 row");
    assert_eq!(code[1], Data::String("510821".into()));
}

#[test]
fn department_workbooks_hold_only_their_domains() {
    let files = xlsx::write(&sample()).unwrap();
    let mut hr = open(file(&files, "departments/人力资源和社会保障局.xlsx"));
    assert_eq!(
        column(&mut hr, "主要指标", "领域"),
        ["劳动就业服务", "社会保险服务"]
    );
    assert_eq!(column(&mut hr, "重点项目", "编号"), ["box2.i1"]);
    assert_eq!(
        column(&mut hr, "重点任务", "编号"),
        ["ch3.s1.p1", "ch4.s1.p1"]
    );
    assert_eq!(
        column(&mut hr, "全文", "编号"),
        ["ch3.s1.p1", "ch4.s1.p1"],
        "no preface, no other chapters"
    );
    assert_eq!(
        column(&mut hr, "名词解释", "术语").len(),
        2,
        "glossary kept whole"
    );
    let mut edu = open(file(&files, "departments/教育局.xlsx"));
    assert_eq!(
        column(&mut edu, "基本标准", "编号"),
        ["ch2.s2.t1.r1", "ch2.s2.t1.r2", "ch2.s2.t1.r3"]
    );
}

#[test]
fn a_one_row_category_is_not_merged_and_runs_stop_at_table_ends() {
    // ch2's 义务教育 (one row) is followed by ch4's 义务教育 (three rows, another table).
    let files = xlsx::write(&sample()).unwrap();
    let mut book = open(file(&files, "plan.xlsx"));
    let merged: Vec<_> = book
        .merge_cells_by_sheet_name("基本标准")
        .unwrap()
        .iter()
        .map(|d| (d.start, d.end))
        .collect();
    assert_eq!(merged, [((1, 2), (2, 2)), ((6, 2), (8, 2))]);
}

#[test]
fn two_writes_give_identical_bytes() {
    let plan = sample();
    assert_eq!(xlsx::write(&plan).unwrap(), xlsx::write(&plan).unwrap());
}

#[test]
fn awkward_department_names_make_safe_distinct_files() {
    let mut plan = sample();
    plan.domains[0].department = Some("../局".into());
    plan.domains[1].department = Some("..\\局".into());
    plan.domains[2].department = Some("a:b?".into());
    let files = xlsx::write(&plan).unwrap();
    assert_eq!(
        paths(&files),
        [
            "plan.xlsx",
            "departments/_局.xlsx",
            "departments/_局-2.xlsx",
            "departments/a_b_.xlsx"
        ]
    );
}

#[test]
fn an_empty_plan_still_has_every_sheet_and_header() {
    let mut plan = sample();
    plan.indicators.clear();
    plan.standards.clear();
    plan.projects.clear();
    plan.glossary.clear();
    plan.domains.clear();
    let files = xlsx::write(&plan).unwrap();
    assert_eq!(paths(&files), ["plan.xlsx"]);
    let mut book = open(&files[0]);
    assert_eq!(book.sheet_names(), SHEETS);
    assert_eq!(rows(&mut book, "基本标准").len(), 1);
}

#[test]
fn sample_snapshots() {
    let files = xlsx::write(&sample()).unwrap();
    insta::assert_snapshot!("sample_plan", dump(file(&files, "plan.xlsx")));
    insta::assert_snapshot!(
        "sample_department",
        dump(file(&files, "departments/人力资源和社会保障局.xlsx"))
    );
}

// ---------------------------------------------------------------------------------------------
// Tests on the shipped example

fn example() -> Plan {
    crate::common::example_plan()
}

#[test]
fn example_workbooks_match_the_plan() {
    let plan = example();
    let files = xlsx::write(&plan).unwrap();
    assert_eq!(files.len(), 1 + 8, "plan.xlsx and 8 departments");
    check_against_plan(&plan, &files);
}

#[test]
fn the_same_workbooks_come_from_plan_json() {
    let plan = example();
    let json = plandoc::write::json::to_string(&plan).unwrap();
    let read_back = plandoc::read::json::read(json.as_bytes()).unwrap();
    assert_eq!(
        xlsx::write(&plan).unwrap(),
        xlsx::write(&read_back).unwrap()
    );
}

#[test]
fn example_snapshots_every_sheet() {
    let files = xlsx::write(&example()).unwrap();
    let mut book = open(file(&files, "plan.xlsx"));
    for (i, sheet) in SHEETS.iter().enumerate() {
        insta::assert_snapshot!(
            format!("example_plan_{}", i + 1),
            dump_sheet(&mut book, sheet)
        );
    }
    let mut book = open(file(&files, "departments/人力资源和社会保障局.xlsx"));
    insta::assert_snapshot!(
        "example_department_hr_standards",
        dump_sheet(&mut book, "基本标准")
    );
}
