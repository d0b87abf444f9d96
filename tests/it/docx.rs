//! Word documents: the example made into .docx two independent ways gives the same Plan as the
//! text; one fixture per feature of the reader; hostile files fail cleanly.

use std::path::{Path, PathBuf};

use crate::common::{plandoc, root, stderr};
use crate::docx_support::{self as make, Docx, p, styled, tbl, tc};

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
            let context = |s: &[&str]| {
                s[first.saturating_sub(8).min(s.len())..(first + 8).min(s.len())].join("\n")
            };
            panic!(
                "{name}: the plan differs from the text's at JSON line {}:\n--- text\n{}\n--- docx\n{}",
                first + 1,
                context(&a),
                context(&b)
            );
        }
        assert_eq!(got.output.plan.source.file, format!("{STEM}.docx"));
        // Every record names its place in the Word document, never a line of the rendering.
        let plan = &got.output;
        assert!(
            plan.chapters
                .iter()
                .all(|c| c.source.line.is_none() && c.source.paragraph.is_some())
        );
        for s in &plan.standards {
            assert!(
                s.source.line.is_none() && s.source.table.is_some() && s.source.row.is_some(),
                "{name}: {:?}",
                s.source
            );
        }
        for i in &plan.indicators {
            assert!(
                i.source.table.is_some() && i.source.row.is_some(),
                "{name}: {:?}",
                i.source
            );
        }
        assert_eq!(
            plan.indicators[0].source.row,
            Some(2),
            "{name}: the first row below the header"
        );
    }
}

// ------------------------------------------------------------------------------- features

/// The rendered text of a document, its pictures and warnings.
fn render(d: &Docx) -> plandoc::source::docx::Rendered {
    plandoc::source::docx::read(&d.bytes()).unwrap_or_else(|e| panic!("{e}"))
}

const HEADING_STYLES: &str = r#"
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="1"><w:name w:val="标题 1"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="My chapter"/><w:basedOn w:val="1"/></w:style>
  <w:style w:type="paragraph" w:styleId="Sec"><w:name w:val="x"/>
    <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>"#;

const NUMBERING: &str = r#"
  <w:abstractNum w:abstractNumId="3">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%2节"/><w:suff w:val="space"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="4">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>
  <w:num w:numId="8"><w:abstractNumId w:val="4"/></w:num>"#;

fn numbered(ilvl: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="8"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

#[test]
fn numbering_renders_as_word_shows_it() {
    let body = [
        styled("Chapter", "规划背景"),
        styled("Sec", "发展基础"),
        numbered(0, "总体要求"),
        numbered(1, "基本原则"),
        numbered(1, "主要目标"),
        numbered(2, "学前教育"),
        numbered(3, "要点"),
        r#"<w:p><w:pPr><w:pStyle w:val="Sec"/></w:pPr><w:r><w:t>规划</w:t><w:br/><w:t>范围</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:pStyle w:val="Chapter"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>名词解释</w:t></w:r></w:p>"#.to_string(),
        styled("Chapter", "总体思路"),
        styled("Sec", "指导思想"),
    ]
    .concat();
    let r = render(&Docx {
        styles: Some(HEADING_STYLES.into()),
        numbering: Some(NUMBERING.into()),
        ..Docx::body(body)
    });
    let lines: Vec<&str> = r.text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines,
        [
            "第一章 规划背景",
            "第一节 发展基础",
            "一、总体要求",
            "（一）基本原则",
            "（二）主要目标",
            "1.学前教育",
            "要点",
            "第二节 规划范围",
            "名词解释",
            "第二章 总体思路",
            "第一节 指导思想",
        ]
    );
    // Headings come after two blank lines, so they end a table or box before them.
    assert!(r.text.contains("\n\n\n第二节 规划范围\n"), "{}", r.text);
}

#[test]
fn tracked_changes_read_as_accepted() {
    let body = r#"<w:p><w:r><w:t>保留</w:t></w:r><w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>"#;
    assert_eq!(render(&Docx::body(body)).text, "保留插入移来\n");
}

#[test]
fn runs_join_as_displayed() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">A </w:t><w:tab/><w:t>B</w:t><w:noBreakHyphen/><w:t>C</w:t><w:sym w:font="Symbol" w:char="F020"/><w:t>D</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:hyperlink r:id="rLink"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:br/><w:t>second line</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" DATE "><w:r><w:t>2021</w:t></w:r></w:fldSimple></w:p>"#;
    let d = Docx {
        rels: vec![r#"<Relationship Id="rLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.invalid/" TargetMode="External"/>"#.into()],
        ..Docx::body(body)
    };
    assert_eq!(render(&d).text, "A \tB-C\u{f020}D链接\nsecond line72021\n");
}

#[test]
fn table_of_contents_field_control_and_styles_are_left_out() {
    let body = [
        p("前言"),
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>第一章 规划背景 1</w:t></w:r></w:p>"#.to_string(),
        p("第二章 总体思路 5"),
        r#"<w:p><w:r><w:t>第三章 实施 9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#.to_string(),
        r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>目录</w:t></w:r></w:p><w:p><w:r><w:t>第一章 规划背景……1</w:t></w:r></w:p></w:sdtContent></w:sdt>"#.to_string(),
        styled("TOC1", "第一章 规划背景 1"),
        r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:sdtContent></w:sdt>"#.to_string(),
    ]
    .concat();
    let r = render(&Docx {
        styles: Some(HEADING_STYLES.into()),
        ..Docx::body(body)
    });
    assert_eq!(r.text, "前言\n正文\n");
    // Locators still count the left-out paragraphs: 正文 is the body's sixth paragraph.
    assert_eq!(r.locators[1].to_string(), "paragraph 6");
}

#[test]
fn footnotes_are_kept_with_what_they_annotate() {
    let body = r#"<w:p><w:r><w:t>基本公共服务</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t>。</w:t></w:r></w:p>"#;
    let d = Docx {
        footnotes: Some(r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 指政府保障的服务</w:t></w:r></w:p></w:footnote>"#.into()),
        ..Docx::body(body)
    };
    assert_eq!(render(&d).text, "基本公共服务（注：指政府保障的服务）。\n");
}

/// A 3-column table: header, one data row, a row whose middle cell spans two columns.
#[test]
fn a_spanned_cell_is_one_cell_and_an_uneven_row_is_warned() {
    let t = tbl(&[
        vec![tc("", &["甲"]), tc("", &["乙"]), tc("", &["丙"])],
        vec![tc("", &["1"]), tc("", &["2"]), tc("", &["3"])],
        vec![tc("", &["4"]), tc(r#"<w:gridSpan w:val="2"/>"#, &["5"])],
    ]);
    let r = render(&Docx::body(format!("{}{t}", p("表题"))));
    assert_eq!(
        r.text,
        "表题\n\t甲\n\t乙\n\t丙\n\n\t1\n\t2\n\t3\n\n\t4\n\t5\n\n\n"
    );
    assert_eq!(
        r.warnings,
        ["table 1, row 3: 2 cells, the header row has 3"]
    );
    assert_eq!(r.locators[10].to_string(), "table 1, row 3, cell 2");
}

#[test]
fn a_merged_first_column_under_a_spanning_header_is_a_category() {
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let cont = "<w:vMerge/>";
    let t = tbl(&[
        vec![
            tc(r#"<w:gridSpan w:val="2"/>"#, &["服务项目"]),
            tc("", &["对象"]),
            tc("", &["支出"]),
        ],
        vec![
            tc(restart, &["基本养老保险"]),
            tc("", &["职工"]),
            tc("", &["职工"]),
            tc(restart, &["中央"]),
        ],
        vec![
            tc(cont, &[]),
            tc("", &["居民"]),
            tc("", &["居民"]),
            tc(cont, &[]),
        ],
    ]);
    let r = render(&Docx::body(t));
    assert_eq!(
        r.text,
        "\t服务项目\n\t对象\n\t支出\n\n\t基本养老保险\n\n\t职工\n\t职工\n\t中央\n\n\t居民\n\t居民\n\t中央\n\n\n"
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn a_merged_first_column_with_its_own_header_repeats_as_empty_cells() {
    let t = tbl(&[
        vec![tc("", &["领域"]), tc("", &["指标"])],
        vec![
            tc(r#"<w:vMerge w:val="restart"/>"#, &["教育"]),
            tc("", &["入园率"]),
        ],
        vec![tc("<w:vMerge/>", &[]), tc("", &["巩固率"])],
    ]);
    assert_eq!(
        render(&Docx::body(t)).text,
        "\t领域\n\t指标\n\n\t教育\n\t入园率\n\n\t\n\t巩固率\n\n\n"
    );
}

#[test]
fn line_breaks_and_paragraphs_in_a_cell_are_continuation_lines() {
    let cell = r#"<w:tc><w:p><w:r><w:t>保障标准：</w:t><w:br/><w:t>每人每年</w:t></w:r></w:p><w:p/><w:p><w:r><w:tab/><w:t>措施：落实</w:t></w:r></w:p></w:tc>"#;
    let t = tbl(&[
        vec![tc("", &["项目"]), tc("", &["标准"])],
        vec![tc("", &["助学"]), cell.to_string()],
    ]);
    let r = render(&Docx::body(t));
    assert_eq!(
        r.text,
        "\t项目\n\t标准\n\n\t助学\n\t保障标准：\n每人每年\n措施：落实\n\n\n"
    );
    let at: Vec<String> = r.locators[4..7]
        .iter()
        .map(|l| format!("{l} p{}", l.paragraph))
        .collect();
    assert_eq!(
        at,
        [
            "table 1, row 2, cell 2 p1",
            "table 1, row 2, cell 2 p1",
            "table 1, row 2, cell 2 p3"
        ]
    );
}

#[test]
fn a_nested_table_is_flattened_with_a_warning() {
    let inner = tbl(&[vec![tc("", &["内一"]), tc("", &["内二"])]]);
    let outer = tbl(&[
        vec![tc("", &["甲"]), tc("", &["乙"])],
        vec![tc("", &["1"]), format!("<w:tc>{}{inner}</w:tc>", p("外"))],
    ]);
    let r = render(&Docx::body(outer));
    assert_eq!(r.text, "\t甲\n\t乙\n\n\t1\n\t外\n内一\n内二\n\n\n");
    assert_eq!(
        r.warnings,
        [
            "table 1, row 2, cell 2: a table inside the cell; its cells are read as lines of this cell"
        ]
    );
}

#[test]
fn a_picture_where_a_table_was_is_counted() {
    let picture = r#"<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="rImg"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#;
    let r = render(&Docx::body(format!(
        "{}{picture}{}",
        p("主要指标"),
        p("正文")
    )));
    assert_eq!(r.pictures, 1);
    assert_eq!(r.text, "主要指标\n\n正文\n");
}

#[test]
fn a_table_error_names_its_docx_locator() {
    let d = Docx::body(
        [
            p("第一章 总则"),
            p("表题"),
            tbl(&[
                vec![tc("", &["甲"]), tc("", &["乙"]), tc("", &["丙"])],
                vec![
                    tc("", &["1"]),
                    tc("", &["2"]),
                    tc("", &["3"]),
                    tc("", &["4"]),
                    tc("", &["5"]),
                ],
            ]),
        ]
        .concat(),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.docx");
    std::fs::write(&path, d.bytes()).unwrap();
    // Schema 2: a table that cannot be read is kept as paragraphs with a warning naming its
    // docx locator (an error only under --strict).
    let w = plandoc::parse_file(&path).expect("a warning, not an error");
    assert!(w.output.tables.is_empty());
    assert!(
        w.warnings.iter().any(|x| x
            .message
            .starts_with("table 1, row 1, cell 1: these lines start like a table")),
        "{:?}",
        w.warnings
    );
    let e = w.strict(&path).expect_err("--strict makes it an error");
    assert!(
        e.to_string()
            .contains("table 1, row 2: 5 cells, the header row has 3"),
        "{e}"
    );
}

// ------------------------------------------------------------------------------- hostile files

/// Runs `plandoc parse` on bytes saved as `name`; expects exit 1 quickly, with a message that
/// names the file and says `expect`.
fn refused(name: &str, bytes: &[u8], expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let started = std::time::Instant::now();
    let out = plandoc(dir.path(), &["parse", name]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{name}: {err}");
    assert!(err.contains(name) && err.contains(expect), "{name}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    // Generous: this is about a bomb not being inflated, not about speed.
    assert!(
        started.elapsed().as_secs() < 30,
        "{name} took {:?}",
        started.elapsed()
    );
}

fn ole(extra: &[u8]) -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(512, 0);
    b.extend_from_slice(extra);
    b.resize(4096, 0);
    b
}

#[test]
fn not_a_zip_is_refused() {
    refused(
        "plan.docx",
        "第一章 规划背景\n".as_bytes(),
        "expected a zip package",
    );
    refused("empty.docx", b"", "empty");
    refused(
        "cut.docx",
        &Docx::body(p("x")).bytes()[..100],
        "not a readable zip package",
    );
}

#[test]
fn legacy_doc_and_password_protected_files_say_save_as_docx() {
    refused("old.doc", &ole(b""), "save it as .docx");
    refused("old.docx", &ole(b""), "legacy Word .doc");
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    refused("locked.docx", &ole(&name), "password-protected");
}

#[test]
fn a_zip_bomb_is_refused_without_inflating_it() {
    // 64 MiB of zeros deflate to about 64 KB: over both the part bound and the ratio bound.
    refused(
        "bomb.docx",
        &std::fs::read(fixture("bad/bomb.docx")).unwrap(),
        "zip bomb",
    );
    // A part just over 1 MiB that inflates a thousand times.
    let mut d = Docx::body(p("x"));
    let zeros = vec![b' '; 2 << 20];
    let mut entries = vec![(
        "word/document.xml".to_string(),
        [
            b"<w:document><w:body>".as_slice(),
            &zeros,
            b"</w:body></w:document>",
        ]
        .concat(),
    )];
    entries.push(("_rels/.rels".to_string(), br#"<Relationships><Relationship Type="x/officeDocument" Target="word/document.xml"/></Relationships>"#.to_vec()));
    d.extra.clear();
    refused(
        "ratio.docx",
        &make::zip(&entries, true),
        "more than 200 times",
    );
}

#[test]
fn missing_parts_and_other_packages_are_refused() {
    let xlsx = make::zip(
        &[("xl/workbook.xml".to_string(), b"<workbook/>".to_vec())],
        false,
    );
    refused("book.docx", &xlsx, "an Excel workbook");
    let no_body = make::zip(
        &[(
            "word/document.xml".to_string(),
            b"<w:document xmlns:w=\"x\"/>".to_vec(),
        )],
        false,
    );
    refused("nobody.docx", &no_body, "no <w:body>");
    let not_xml = make::zip(
        &[(
            "word/document.xml".to_string(),
            b"<w:document><w:body>".to_vec(),
        )],
        false,
    );
    refused("broken.docx", &not_xml, "word/document.xml");
}

#[test]
fn huge_and_deep_xml_is_refused() {
    let deep = "<w:tbl><w:tr><w:tc>".repeat(100) + &"</w:tc></w:tr></w:tbl>".repeat(100);
    refused("deep.docx", &Docx::body(deep).bytes(), "nested deeper than");
    let dtd = make::zip(
        &[("word/document.xml".to_string(), br#"<!DOCTYPE w:document [<!ENTITY a "aaaa">]><w:document><w:body>&a;</w:body></w:document>"#.to_vec())],
        false,
    );
    refused("dtd.docx", &dtd, "DOCTYPE");
}

#[test]
fn docm_is_read_and_its_macros_and_external_links_are_never_touched() {
    let mut d = Docx::body([p("前言"), p("正文"), p("第一章 总则"), p("内容")].concat());
    d.extra.push(("word/vbaProject.bin".into(), ole(b"")));
    d.rels.push(r#"<Relationship Id="rT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://example.invalid/t.dotm" TargetMode="External"/>"#.into());
    d.rels.push(r#"<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="http://example.invalid/styles.xml" TargetMode="External"/>"#.into());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.docm"), d.bytes()).unwrap();
    let out = plandoc(dir.path(), &["parse", "m.docm"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["preface"][0]["text"], "正文");
}

#[test]
fn the_default_build_picks_up_docx_sources() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    std::fs::create_dir(&source).unwrap();
    std::fs::copy(fixture(RENDITIONS[0]), source.join(format!("{STEM}.docx"))).unwrap();
    std::fs::copy(
        root().join(format!("source/{STEM}.toml")),
        source.join(format!("{STEM}.toml")),
    )
    .unwrap();
    std::fs::write(source.join(format!("~${STEM}.docx")), b"Word's lock file").unwrap();
    let out = plandoc(dir.path(), &["build", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join(format!("out/{STEM}/plan.json")).is_file());
}

// ------------------------------------------------------------------------------- mutations

/// The python-docx rendition's parts, unzipped.
fn parts_of(docx: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

#[test]
fn mutated_documents_never_panic() {
    // Structured mutations of the example's XML parts (cargo-fuzz does more; this runs in every
    // `cargo test`): cut, duplicate, drop or swap a slice of one part, then zip it again.
    let base = parts_of(&std::fs::read(fixture(RENDITIONS[0])).unwrap());
    let mut rng = crate::family_support::Rng::new(12);
    for round in 0..60 {
        let mut parts = base.clone();
        let k = parts
            .iter()
            .position(|(n, _)| {
                n == ["word/document.xml", "word/styles.xml", "word/numbering.xml"][round % 3]
            })
            .unwrap();
        let bytes = &mut parts[k].1;
        let a = rng.below(bytes.len());
        let b = (a + rng.below(4000)).min(bytes.len());
        match rng.below(4) {
            0 => bytes.truncate(a),
            1 => {
                let slice = bytes[a..b].to_vec();
                bytes.splice(a..a, slice);
            }
            2 => {
                bytes.drain(a..b);
            }
            _ => {
                let c = rng.below(bytes.len());
                bytes.swap(a, c);
            }
        }
        let docx = make::zip(&parts, false);
        let _ = plandoc::source::from_bytes(Path::new("m.docx"), &docx, None, "m.toml".into()).map(
            |input| {
                assert_eq!(
                    input.locators.as_ref().map(Vec::len),
                    Some(input.text.matches('\n').count())
                );
                plandoc::recognise::outline(&input.text)
            },
        );
    }
}

#[test]
fn a_note_referenced_without_end_is_refused() {
    let note = "注".repeat(1 << 20);
    let refs = r#"<w:r><w:footnoteReference w:id="1"/></w:r>"#.repeat(20);
    let d = Docx {
        footnotes: Some(format!(
            r#"<w:footnote w:id="1"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote>"#
        )),
        ..Docx::body(format!("<w:p>{refs}</w:p>"))
    };
    let e = plandoc::source::docx::read(&d.bytes()).unwrap_err();
    assert!(e.contains("renders to more than"), "{e}");
}
