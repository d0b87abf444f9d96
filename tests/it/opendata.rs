//! The open-data writer: CSV files and `datapackage.json` agree with each other and the plan.

use std::collections::{BTreeMap, HashSet};

use plandoc::Plan;
use plandoc::model::*;
use plandoc::write::opendata;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common;

/// The package's files by name (`domains.csv`, `datapackage.json` …).
fn files(plan: &Plan) -> BTreeMap<String, Vec<u8>> {
    let files = opendata::write(plan).unwrap_or_else(|e| panic!("{e}"));
    files
        .into_iter()
        .map(|f| {
            let name = f
                .path
                .strip_prefix("opendata/")
                .unwrap_or_else(|| panic!("{} is outside opendata/", f.path))
                .to_string();
            (name, f.bytes)
        })
        .collect()
}

fn descriptor(files: &BTreeMap<String, Vec<u8>>) -> Value {
    serde_json::from_slice(&files["datapackage.json"]).expect("datapackage.json is JSON")
}

/// A CSV file read back with the csv crate: header and records.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The rows of one resource as maps from column name to cell.
fn table(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Vec<BTreeMap<String, String>> {
    let (header, rows) = read_csv(&files[&format!("{name}.csv")]);
    rows.into_iter()
        .map(|row| header.iter().cloned().zip(row).collect())
        .collect()
}

fn resources(d: &Value) -> &Vec<Value> {
    d["resources"].as_array().expect("resources")
}

fn sref(line: u32) -> SourceRef {
    SourceRef::line(line)
}

fn para(id: &str, text: &str, line: u32) -> Paragraph {
    Paragraph {
        id: id.into(),
        text: text.into(),
        lead: None,
        source: sref(line),
    }
}

fn value(year: i32, text: &str, value: Option<f64>) -> Value_ {
    Value_ {
        year,
        text: text.into(),
        value,
        note: None,
        components: None,
    }
}

use plandoc::model::{Table as PlanTable, Value as Value_};

/// A text with every character CSV must quote.
const AWKWARD: &str = "甲,乙 \"丙\"\n丁";

/// A small plan by hand: two domains, a category, a ditto, a null value, components, and a
/// value with a comma, a quote and a newline.
fn small_plan() -> Plan {
    let domain = |code: &str, name: &str, dep: &str, ch: &str| Domain {
        code: code.into(),
        name: name.into(),
        aliases: vec![name.into()],
        department: Some(dep.into()),
        chapter: Some(ch.into()),
    };
    let chapter = |n: u32, title: &str, domain: Option<&str>, sections: Vec<Section>| Chapter {
        part: None,
        style: ChapterStyle::Chapter,
        id: format!("ch{n}"),
        number: n,
        title: title.into(),
        domain: domain.map(Into::into),
        intro: vec![Block::Paragraph(para(
            &format!("ch{n}.p1"),
            "导语。",
            n * 10,
        ))],
        sections,
        source: sref(n * 10),
    };
    let ind_table = PlanTable {
        rows: None,
        id: "ch1.s1.t1".into(),
        title: Some("主要发展指标".into()),
        kind: TableKind::Indicators,
        columns: vec![
            "领域".into(),
            "指标".into(),
            "2020年".into(),
            "2025年".into(),
        ],
        notes: vec![],
        chapter: Some("ch1".into()),
        section: Some("ch1.s1".into()),
        domain: None,
        source: sref(5),
    };
    let std_table = PlanTable {
        rows: None,
        id: "ch2.s1.t1".into(),
        title: Some("教育服务基本标准".into()),
        kind: TableKind::Standards,
        columns: vec![
            "服务项目".into(),
            "服务对象".into(),
            "支出责任".into(),
            "覆盖水平".into(),
        ],
        notes: vec![AWKWARD.into()],
        chapter: Some("ch2".into()),
        section: Some("ch2.s1".into()),
        domain: Some("education".into()),
        source: SourceRef::lines(25, 30),
    };
    let section = |id: &str, title: &str, line: u32, blocks: Vec<Block>| Section {
        id: id.into(),
        number: 1,
        title: title.into(),
        blocks,
        source: sref(line),
    };
    let standard = |n: u32, category: Option<&str>, item: &str, ditto: &[&str]| Standard {
        id: format!("ch2.s1.t1.r{n}"),
        table: "ch2.s1.t1".into(),
        domain: Some("education".into()),
        category: category.map(Into::into),
        item: item.into(),
        beneficiaries: "适龄儿童".into(),
        standard: None,
        funding: Funding {
            text: "中央、省、县".into(),
            levels: vec![
                FundingLevel::Central,
                FundingLevel::Provincial,
                FundingLevel::County,
            ],
        },
        coverage: "100%".into(),
        ditto_fields: ditto.iter().map(|s| s.to_string()).collect(),
        source: sref(26 + n),
    };
    Plan {
        schema: SCHEMA_ID.into(),
        parts: vec![],
        schema_version: SCHEMA_VERSION.into(),
        plan: PlanInfo {
            id: "000000-test-2021-2025".into(),
            title: Some("某县“十四五”公共服务规划".into()),
            region: Some(Region {
                name: "某县".into(),
                code: Some("000000".into()),
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
                lines: 60,
            },
            license: None,
            publisher: None,
        },
        domains: vec![
            domain("education", "教育服务", "教育局", "ch2"),
            domain("employment", "劳动就业服务", "人力资源和社会保障局", "ch3"),
        ],
        preface: vec![para("pre.p1", "前言。", 2)],
        chapters: vec![
            chapter(
                1,
                "规划背景",
                None,
                vec![section(
                    "ch1.s1",
                    "主要指标",
                    4,
                    vec![Block::Table {
                        table: "ch1.s1.t1".into(),
                    }],
                )],
            ),
            chapter(
                2,
                "教育服务",
                Some("education"),
                vec![section(
                    "ch2.s1",
                    "基本标准",
                    22,
                    vec![
                        Block::Paragraph(Paragraph {
                            lead: Some("学前教育".into()),
                            ..para("ch2.s1.p1", "——学前教育。=SUM(A1) 不是公式。", 23)
                        }),
                        Block::Table {
                            table: "ch2.s1.t1".into(),
                        },
                        Block::Box {
                            project_box: "box1".into(),
                        },
                    ],
                )],
            ),
            chapter(3, "劳动就业服务", Some("employment"), vec![]),
        ],
        tables: vec![ind_table, std_table],
        indicators: vec![
            Indicator {
                category: None,
                values: vec![],
                change: None,
                attribute: None,
                id: "ch1.s1.t1.r1".into(),
                table: "ch1.s1.t1".into(),
                domain: Some("education".into()),
                name: "毛入园率".into(),
                unit: Some("%".into()),
                baseline: value(2020, "90.3", Some(90.3)),
                target: value(2025, "/", None),
                source: SourceRef::lines(6, 9),
            },
            Indicator {
                category: None,
                values: vec![],
                change: None,
                attribute: None,
                id: "ch1.s1.t1.r2".into(),
                table: "ch1.s1.t1".into(),
                domain: Some("employment".into()),
                name: "参保人数".into(),
                unit: Some("万人".into()),
                baseline: Value_ {
                    note: Some("社保居保机保".into()),
                    components: Some(vec![6.4, 18.0, 1.424]),
                    ..value(2020, "6.4+18+1.424（社保居保机保）", Some(25.824))
                },
                target: Value_ {
                    note: Some(AWKWARD.into()),
                    ..value(2025, AWKWARD, Some(1500.0))
                },
                source: sref(10),
            },
        ],
        standards: vec![
            standard(1, Some("学前教育"), "保育补助", &[]),
            standard(2, Some("学前教育"), AWKWARD, &["funding", "coverage"]),
        ],
        boxes: vec![ProjectBox {
            blocks: vec![],
            id: "box1".into(),
            number: 1,
            title: "“十四五”教育服务重点项目".into(),
            chapter: Some("ch2".into()),
            section: Some("ch2.s1".into()),
            domain: Some("education".into()),
            source: sref(40),
        }],
        projects: vec![
            Project {
                description: None,
                id: "box1.i1".into(),
                project_box: "box1".into(),
                domain: Some("education".into()),
                category: Some("学前教育".into()),
                name: "-机关幼儿园".into(),
                source: sref(41),
            },
            Project {
                description: None,
                id: "box1.i2".into(),
                project_box: "box1".into(),
                domain: Some("education".into()),
                category: None,
                name: "@孙家坝幼儿园".into(),
                source: sref(41),
            },
        ],
        glossary: vec![GlossaryEntry {
            id: "gl1".into(),
            term: "基本公共服务".into(),
            definition: "+由政府主导的服务。".into(),
            source: sref(50),
        }],
    }
}

fn example() -> &'static Plan {
    static PLAN: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
    PLAN.get_or_init(common::example_plan)
}

fn paragraph_count(plan: &Plan) -> usize {
    let in_blocks = |blocks: &[Block]| {
        blocks
            .iter()
            .filter(|b| matches!(b, Block::Paragraph(_)))
            .count()
    };
    plan.preface.len()
        + plan
            .chapters
            .iter()
            .map(|c| {
                in_blocks(&c.intro)
                    + c.sections
                        .iter()
                        .map(|s| in_blocks(&s.blocks))
                        .sum::<usize>()
            })
            .sum::<usize>()
}

fn check_row_counts(plan: &Plan) {
    let f = files(plan);
    let expected = [
        ("domains", plan.domains.len()),
        ("chapters", plan.chapters.len()),
        (
            "sections",
            plan.chapters.iter().map(|c| c.sections.len()).sum(),
        ),
        ("paragraphs", paragraph_count(plan)),
        ("tables", plan.tables.len()),
        ("indicators", plan.indicators.len()),
        ("standards", plan.standards.len()),
        ("boxes", plan.boxes.len()),
        ("projects", plan.projects.len()),
        ("glossary", plan.glossary.len()),
    ];
    for (name, n) in expected {
        assert_eq!(table(&f, name).len(), n, "{name}.csv rows");
    }
    let d = descriptor(&f);
    let names: Vec<&str> = resources(&d)
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, expected.map(|(n, _)| n));
    assert_eq!(
        f.len(),
        expected.len() + 1,
        "one CSV per resource and the descriptor"
    );
}

#[test]
fn row_counts_match_the_plan() {
    check_row_counts(example());
    check_row_counts(&small_plan());
}

fn check_foreign_keys(plan: &Plan) {
    let f = files(plan);
    let d = descriptor(&f);
    let mut checked = 0;
    for r in resources(&d) {
        let name = r["name"].as_str().unwrap();
        let rows = table(&f, name);
        let pk = r["schema"]["primaryKey"][0].as_str().unwrap();
        let keys: HashSet<&String> = rows.iter().map(|row| &row[pk]).collect();
        assert_eq!(keys.len(), rows.len(), "{name}: primary key {pk} is unique");
        for fk in r["schema"]["foreignKeys"].as_array().into_iter().flatten() {
            let field = fk["fields"][0].as_str().unwrap();
            let target = fk["reference"]["resource"].as_str().unwrap();
            let key = fk["reference"]["fields"][0].as_str().unwrap();
            let targets: HashSet<String> = table(&f, target)
                .into_iter()
                .map(|row| row[key].clone())
                .collect();
            for row in &rows {
                let v = &row[field];
                assert!(
                    v.is_empty() || targets.contains(v),
                    "{name}.csv {}: {field} {v:?} is not a {target}.{key}",
                    row[pk]
                );
                checked += usize::from(!v.is_empty());
            }
        }
    }
    assert!(checked > 0, "some foreign keys were checked");
}

#[test]
fn every_foreign_key_resolves() {
    check_foreign_keys(example());
    check_foreign_keys(&small_plan());
}

#[test]
fn the_declared_foreign_keys_are_the_expected_ones() {
    let d = descriptor(&files(&small_plan()));
    let mut fks = Vec::new();
    for r in resources(&d) {
        for fk in r["schema"]["foreignKeys"].as_array().into_iter().flatten() {
            fks.push(format!(
                "{}.{} -> {}.{}",
                r["name"].as_str().unwrap(),
                fk["fields"][0].as_str().unwrap(),
                fk["reference"]["resource"].as_str().unwrap(),
                fk["reference"]["fields"][0].as_str().unwrap()
            ));
        }
    }
    for expected in [
        "indicators.domain -> domains.code",
        "standards.domain -> domains.code",
        "projects.domain -> domains.code",
        "boxes.domain -> domains.code",
        "projects.box -> boxes.id",
        "indicators.table -> tables.id",
        "standards.table -> tables.id",
        "paragraphs.section -> sections.id",
    ] {
        assert!(fks.iter().any(|f| f == expected), "{expected} in {fks:#?}");
    }
}

#[test]
fn bytes_and_hashes_match_the_files() {
    for plan in [example(), &small_plan()] {
        let f = files(plan);
        for r in resources(&descriptor(&f)) {
            let path = r["path"].as_str().unwrap();
            let bytes = &f[path];
            assert_eq!(
                r["bytes"].as_u64(),
                Some(bytes.len() as u64),
                "{path} bytes"
            );
            let hex: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(r["hash"].as_str(), Some(format!("sha256:{hex}").as_str()));
        }
    }
}

#[test]
fn header_rows_are_the_descriptor_field_names() {
    let f = files(example());
    for r in resources(&descriptor(&f)) {
        let (header, _) = read_csv(&f[r["path"].as_str().unwrap()]);
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, fields, "{}", r["name"]);
        for name in fields {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{name} is ASCII snake_case"
            );
        }
    }
}

#[test]
fn files_are_utf8_without_bom_with_lf_line_ends() {
    let f = files(example());
    for (name, bytes) in &f {
        let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!text.starts_with('\u{feff}'), "{name} has a BOM");
        assert!(!text.contains('\r'), "{name} has CR");
        assert!(text.ends_with('\n'), "{name} ends with a newline");
    }
    for r in resources(&descriptor(&f)) {
        assert_eq!(r["dialect"]["lineTerminator"], "\n");
        assert_eq!(r["encoding"], "utf-8");
    }
}

#[test]
fn comma_quote_and_newline_round_trip() {
    let f = files(&small_plan());
    let standards = table(&f, "standards");
    assert_eq!(standards[1]["item"], AWKWARD);
    assert_eq!(standards[1]["ditto_fields"], "funding;coverage");
    assert_eq!(standards[0]["category"], "学前教育");
    assert_eq!(standards[0]["funding_levels"], "central;provincial;county");
    let indicators = table(&f, "indicators");
    assert_eq!(indicators[0]["target_text"], "/");
    assert_eq!(indicators[0]["target_value"], "", "null is an empty cell");
    assert_eq!(indicators[0]["baseline_value"], "90.3");
    assert_eq!(indicators[1]["baseline_value"], "25.824");
    assert_eq!(indicators[1]["baseline_components"], "6.4;18;1.424");
    assert_eq!(indicators[1]["target_text"], AWKWARD);
    assert_eq!(
        indicators[1]["target_value"], "1500",
        "numbers via format_number"
    );
    assert_eq!(table(&f, "tables")[1]["notes"], AWKWARD);
}

#[test]
fn text_starting_with_formula_characters_is_kept_verbatim() {
    let f = files(&small_plan());
    assert_eq!(table(&f, "projects")[0]["name"], "-机关幼儿园");
    assert_eq!(table(&f, "projects")[1]["name"], "@孙家坝幼儿园");
    assert_eq!(
        table(&f, "glossary")[0]["definition"],
        "+由政府主导的服务。"
    );
    let paragraphs = table(&f, "paragraphs");
    let p = paragraphs.iter().find(|p| p["id"] == "ch2.s1.p1").unwrap();
    assert_eq!(p["text"], "——学前教育。=SUM(A1) 不是公式。");
    assert_eq!(p["lead"], "学前教育");
    assert_eq!(p["chapter_title"], "教育服务");
    assert_eq!(p["section_title"], "基本标准");
}

#[test]
fn two_writes_are_identical() {
    assert_eq!(files(example()), files(example()));
    assert_eq!(files(&small_plan()), files(&small_plan()));
}

#[test]
fn no_licence_is_said_honestly() {
    let d = descriptor(&files(&small_plan()));
    assert!(d.get("licenses").is_none());
    assert!(
        d["description"]
            .as_str()
            .unwrap()
            .contains("No licence has been set")
    );
    let d = descriptor(&files(example()));
    assert_eq!(d["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(
        d["$schema"],
        "https://datapackage.org/profiles/2.0/datapackage.json"
    );
    assert_eq!(d["created"], "2021-01-01T00:00:00+08:00");
}

#[test]
fn a_dangling_reference_is_an_error_not_an_invalid_package() {
    let mut plan = small_plan();
    plan.projects[1].project_box = "box9".into();
    let e = opendata::write(&plan).unwrap_err().to_string();
    assert!(
        e.contains("projects.csv: row box1.i2: box: \"box9\""),
        "{e}"
    );

    let mut plan = small_plan();
    plan.indicators[0].domain = Some("nowhere".into());
    let e = opendata::write(&plan).unwrap_err().to_string();
    assert!(
        e.contains("indicators.csv: row ch1.s1.t1.r1: domain"),
        "{e}"
    );

    let mut plan = small_plan();
    plan.standards[0].ditto_fields = vec!["colour".into()];
    let e = opendata::write(&plan).unwrap_err().to_string();
    assert!(e.contains("ditto_fields: \"colour\""), "{e}");

    let mut plan = small_plan();
    plan.domains[0].aliases = vec!["a;b".into()];
    let e = opendata::write(&plan).unwrap_err().to_string();
    assert!(e.contains("domains.csv: row education: aliases"), "{e}");
}

#[test]
fn descriptor_snapshot() {
    let f = files(&small_plan());
    insta::assert_snapshot!(
        "small_datapackage",
        String::from_utf8(f["datapackage.json"].clone()).unwrap()
    );
    let f = files(example());
    insta::assert_snapshot!(
        "example_datapackage",
        String::from_utf8(f["datapackage.json"].clone()).unwrap()
    );
}

#[test]
fn csv_heads_snapshot() {
    let f = files(example());
    let mut heads = String::new();
    for (name, bytes) in &f {
        if !name.ends_with(".csv") {
            continue;
        }
        // The header and the first three records, not lines: a quoted cell may hold a newline.
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[..]);
        let mut rec = csv::ByteRecord::new();
        for _ in 0..4 {
            if !r.read_byte_record(&mut rec).unwrap() {
                break;
            }
        }
        let end = r.position().byte() as usize;
        heads.push_str(&format!("==> {name} <==\n"));
        heads.push_str(std::str::from_utf8(&bytes[..end]).unwrap());
    }
    insta::assert_snapshot!("example_csv_heads", heads);
}

/// Writes the example's and the small plan's packages where
/// `ci/check_opendata.sh target/tmp/opendata VENV` validates them.
#[test]
fn packages_for_the_validator() {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("opendata");
    for (stem, plan) in [
        ("wangcang-public-services-2021-2025", example().clone()),
        ("small-hand-built", small_plan()),
    ] {
        let dir = root.join(stem).join("opendata");
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in files(&plan) {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any text, control characters included, comes back from the csv reader unchanged.
    #[test]
    fn any_text_round_trips(name in "\\PC*|[,\"\r\n\t =+@-]{0,8}", term in ".*") {
        let mut plan = small_plan();
        plan.projects[0].name = name.clone();
        plan.glossary[0].term = term.clone();
        let f = files(&plan);
        proptest::prop_assert_eq!(&table(&f, "projects")[0]["name"], &name);
        proptest::prop_assert_eq!(&table(&f, "glossary")[0]["term"], &term);
    }
}
