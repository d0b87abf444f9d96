//! The plan-family generator: each transformation keeps the layout valid, and the committed
//! fixtures are what the generator makes.

use crate::family_support::{self as fam, BlockKind, RowKind, Sidecar, Variant};

fn lines(v: &Variant) -> Vec<String> {
    fam::split(&v.text)
}

fn tab_lines(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with('\t')).count()
}

fn chapter_titles(v: &Variant) -> Vec<(usize, String)> {
    fam::chapters(&lines(v))
        .into_iter()
        .map(|(_, n, t)| (n, t))
        .collect()
}

fn data_rows(v: &Variant) -> Vec<usize> {
    let l = lines(v);
    fam::standards_tables(&l)
        .iter()
        .map(|t| t.data_rows().count())
        .collect()
}

#[test]
fn numerals_round_trip() {
    assert_eq!(fam::numeral(1), "一");
    assert_eq!(fam::numeral(10), "十");
    assert_eq!(fam::numeral(13), "十三");
    assert_eq!(fam::numeral(20), "二十");
    assert_eq!(fam::numeral(99), "九十九");
    for n in 1..100 {
        assert_eq!(fam::parse_numeral(&fam::numeral(n)), Some(n));
    }
}

#[test]
fn recognises_the_example() {
    let ex = fam::example();
    let l = lines(&ex);
    let chapters = chapter_titles(&ex);
    assert_eq!(chapters.len(), 13);
    assert!(chapters.iter().enumerate().all(|(i, (n, _))| *n == i + 1));
    let blocks = fam::blocks(&l);
    assert_eq!(
        blocks.iter().filter(|b| b.kind == BlockKind::Box).count(),
        7
    );
    let ind = fam::indicator_rows(&l);
    assert_eq!(ind.len(), 24);
    let tables = fam::standards_tables(&l);
    assert_eq!(tables.len(), 9);
    assert_eq!(data_rows(&ex).iter().sum::<usize>(), 73);
    assert!(
        tables
            .iter()
            .all(|t| t.rows.iter().all(|r| r.kind != RowKind::Other))
    );
    assert_eq!(tables.iter().filter(|t| t.columns == 4).count(), 1);
    let notes = tables
        .iter()
        .flat_map(|t| &t.rows)
        .filter(|r| r.kind == RowKind::Note)
        .count();
    assert_eq!(notes, 1);
    let sc = Sidecar::parse(&ex.sidecar).unwrap();
    assert_eq!(sc.domains.len(), 9);
    for d in &sc.domains {
        assert!(
            chapters.iter().any(|(_, t)| *t == d.chapter),
            "chapter of {}",
            d.code
        );
        assert!(
            ind.iter().any(|(_, a)| d.aliases.contains(a)),
            "indicator rows of {}",
            d.code
        );
    }
}

#[test]
fn sidecar_round_trips() {
    let sc = Sidecar::parse(&fam::example().sidecar).unwrap();
    assert_eq!(Sidecar::parse(&sc.render()).unwrap(), sc);
}

#[test]
fn rename_region_changes_text_and_sidecar() {
    let v = fam::rename_region(&fam::example(), "青川县", "510822", "qingchuan");
    assert!(
        !v.text.contains("旺苍") && !v.sidecar.contains("旺苍") && !v.sidecar.contains("510821")
    );
    assert!(v.text.contains("青川县"));
    let sc = Sidecar::parse(&v.sidecar).unwrap();
    assert_eq!(sc.id, "510822-public-services-2021-2025");
    assert_eq!(sc.title, "青川县“十四五”公共服务规划");
    assert_eq!(
        (sc.region_name.as_str(), sc.region_code.as_str()),
        ("青川县", "510822")
    );
    assert_eq!(v.stem, "qingchuan");
}

#[test]
fn drop_domain_removes_chapter_rows_and_domain() {
    let ex = fam::example();
    let v = fam::drop_domain(&ex, "housing");
    let titles = chapter_titles(&v);
    assert_eq!(titles.len(), 12);
    assert!(
        titles.iter().enumerate().all(|(i, (n, _))| *n == i + 1),
        "{titles:?}"
    );
    assert!(!titles.iter().any(|(_, t)| t == "住房保障服务"));
    assert!(v.text.contains("第九章 公共文化体育服务") && v.text.contains("第十二章 实施保障"));
    assert!(!v.text.contains("专栏7") && v.text.contains("\n专栏6 旺苍县“十四五”军人优抚保障服务"));
    let l = lines(&v);
    let ind = fam::indicator_rows(&l);
    assert_eq!(ind.len(), 22);
    assert!(!ind.iter().any(|(_, d)| d == "住房保障"));
    assert_eq!(fam::standards_tables(&l).len(), 8);
    let sc = Sidecar::parse(&v.sidecar).unwrap();
    assert!(!sc.domains.iter().any(|d| d.code == "housing"));
    assert_eq!(sc.domains.len(), 8);
}

#[test]
fn drop_every_domain_leaves_empty_indicators_table() {
    let mut v = fam::example();
    let codes: Vec<String> = Sidecar::parse(&v.sidecar)
        .unwrap()
        .domains
        .into_iter()
        .map(|d| d.code)
        .collect();
    for c in &codes {
        v = fam::drop_domain(&v, c);
    }
    assert_eq!(chapter_titles(&v).len(), 4);
    assert!(fam::indicator_rows(&lines(&v)).is_empty());
    assert!(fam::standards_tables(&lines(&v)).is_empty());
}

#[test]
fn repeat_domain_adds_chapter_rows_and_domain() {
    let ex = fam::example();
    let v = fam::repeat_domain(&ex, "education");
    let titles = chapter_titles(&v);
    assert_eq!(titles.len(), 14);
    assert!(titles.iter().enumerate().all(|(i, (n, _))| *n == i + 1));
    assert_eq!(titles[4].1, "教育服务（续）");
    assert!(
        v.text.contains("\n专栏2 “十四五”教育服务重点项目")
            && v.text.contains("\n专栏8 旺苍县“十四五”军人优抚")
    );
    assert!(!v.text.contains("专栏专栏"));
    let l = lines(&v);
    let ind = fam::indicator_rows(&l);
    assert_eq!(ind.len(), 27);
    assert_eq!(ind.iter().filter(|(_, d)| d == "教育服务（续）").count(), 3);
    assert_eq!(fam::standards_tables(&l).len(), 10);
    let sc = Sidecar::parse(&v.sidecar).unwrap();
    let d = &sc.domains[1];
    assert_eq!(
        (d.code.as_str(), d.chapter.as_str()),
        ("education-2", "教育服务（续）")
    );
    assert_eq!(d.aliases, ["教育服务（续）"]);
    assert!(!ex.sidecar.contains(&d.department));
    // Repeating twice gives another code.
    let w = fam::repeat_domain(&v, "education");
    assert!(
        Sidecar::parse(&w.sidecar)
            .unwrap()
            .domains
            .iter()
            .any(|d| d.code == "education-3")
    );
}

#[test]
fn every_row_removal_keeps_counts_consistent() {
    let ex = fam::example();
    let l = lines(&ex);
    let before = data_rows(&ex);
    let mut tried = 0;
    for (t, table) in fam::standards_tables(&l).iter().enumerate() {
        for (r, row) in table.rows.iter().enumerate() {
            if !fam::removable(&l, table, r) {
                continue;
            }
            tried += 1;
            let v = fam::remove_standard_row(&ex, t, r);
            let mut expected = before.clone();
            expected[t] -= 1;
            assert_eq!(data_rows(&v), expected, "table {t} row {r}");
            assert_eq!(
                tab_lines(&v.text),
                tab_lines(&ex.text) - row.cells.len(),
                "table {t} row {r}"
            );
            let after = &fam::standards_tables(&lines(&v))[t];
            assert!(
                after.rows.iter().all(|r| r.kind != RowKind::Other),
                "table {t} row {r}"
            );
            let cats = |b: &fam::Block| {
                b.rows
                    .iter()
                    .filter(|r| r.kind == RowKind::Category)
                    .count()
            };
            assert_eq!(cats(after), cats(table), "table {t} row {r}");
        }
    }
    assert!(tried > 40, "only {tried} removable rows");
}

#[test]
fn protected_rows_are_not_removable() {
    let ex = fam::example();
    let l = lines(&ex);
    let tables = fam::standards_tables(&l);
    for table in &tables {
        for (r, row) in table.rows.iter().enumerate() {
            let next = table.rows.get(r + 1);
            let only_of_category = r > 0
                && table.rows[r - 1].kind == RowKind::Category
                && next.is_none_or(|n| n.kind != RowKind::Data);
            let before_ditto =
                next.is_some_and(|n| n.cells.clone().any(|c| table.cell_text(&l, c) == "同上"));
            if row.kind != RowKind::Data || only_of_category || before_ditto {
                assert!(!fam::removable(&l, table, r));
            }
        }
    }
}

#[test]
fn every_row_duplication_keeps_counts_consistent() {
    let ex = fam::example();
    let l = lines(&ex);
    let before = data_rows(&ex);
    for (t, table) in fam::standards_tables(&l).iter().enumerate() {
        for (r, row) in table.data_rows() {
            let v = fam::duplicate_standard_row(&ex, t, r);
            let mut expected = before.clone();
            expected[t] += 1;
            assert_eq!(data_rows(&v), expected, "table {t} row {r}");
            assert_eq!(tab_lines(&v.text), tab_lines(&ex.text) + row.cells.len());
            let after = &fam::standards_tables(&lines(&v))[t];
            assert!(
                after.rows.iter().all(|r| r.kind != RowKind::Other),
                "table {t} row {r}"
            );
        }
    }
}

#[test]
fn indicator_values_change_but_keep_their_format() {
    let ex = fam::example();
    let v = fam::change_indicator_values(&ex, &mut fam::Rng::new(7));
    assert_ne!(v.text, ex.text);
    let shape = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect()
    };
    let squash = |s: &str| -> String {
        let mut out = String::new();
        for c in shape(s).chars() {
            if !(c == '9' && out.ends_with('9')) {
                out.push(c);
            }
        }
        out
    };
    let (a, b) = (lines(&ex), lines(&v));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(squash(x), squash(y), "{x} -> {y}");
        if x != y {
            assert!(x.starts_with('\t'), "only table cells change: {x}");
        }
    }
    assert!(v.text.contains("\t/\n"));
    assert!(
        b.iter()
            .any(|l| l.starts_with('\t') && l.ends_with("（累计）"))
    );
    assert!(
        b.iter()
            .any(|l| l.starts_with('\t') && l.ends_with("（社保居保机保）"))
    );
}

#[test]
fn drop_standard_column_leaves_four_columns() {
    let ex = fam::example();
    let v = fam::drop_standard_column(&ex);
    let l = lines(&v);
    let tables = fam::standards_tables(&l);
    assert_eq!(tables.len(), 9);
    assert!(tables.iter().all(|t| t.columns == 4));
    assert!(
        tables
            .iter()
            .all(|t| t.rows.iter().all(|r| r.kind != RowKind::Other))
    );
    assert_eq!(data_rows(&v), data_rows(&ex));
    assert!(!v.text.contains("\t保障标准\n"));
}

#[test]
fn layout_noise_keeps_structure() {
    let ex = fam::example();
    let v = fam::add_layout_noise(&ex, &mut fam::Rng::new(3));
    assert_ne!(v.text, ex.text);
    assert_eq!(chapter_titles(&v), chapter_titles(&ex));
    assert_eq!(data_rows(&v), data_rows(&ex));
    assert_eq!(fam::indicator_rows(&lines(&v)).len(), 24);
}

#[test]
fn generate_is_deterministic_and_valid() {
    for seed in 0..12 {
        let v = fam::generate(seed);
        assert_eq!(v, fam::generate(seed));
        let sc = Sidecar::parse(&v.sidecar).unwrap();
        assert!(!v.text.contains("旺苍"));
        assert!(sc.id.starts_with(&sc.region_code));
        let titles = chapter_titles(&v);
        assert!(titles.iter().enumerate().all(|(i, (n, _))| *n == i + 1));
        let l = lines(&v);
        let ind = fam::indicator_rows(&l);
        let all_aliases: Vec<&String> = sc.domains.iter().flat_map(|d| &d.aliases).collect();
        for d in &sc.domains {
            assert!(
                titles.iter().any(|(_, t)| *t == d.chapter),
                "seed {seed}: chapter {}",
                d.chapter
            );
        }
        for (_, a) in &ind {
            assert!(
                all_aliases.contains(&a),
                "seed {seed}: indicator domain {a}"
            );
        }
        let tables = fam::standards_tables(&l);
        assert!(
            tables
                .iter()
                .all(|t| t.rows.iter().all(|r| r.kind != RowKind::Other)),
            "seed {seed}"
        );
        let boxes: Vec<String> = fam::blocks(&l)
            .iter()
            .filter(|b| b.kind == BlockKind::Box)
            .map(|b| fam::clean(&l[b.title]))
            .collect();
        for (i, b) in boxes.iter().enumerate() {
            assert!(b.starts_with(&format!("专栏{}", i + 1)), "seed {seed}: {b}");
        }
    }
}

#[test]
fn corpus_stems_and_ids_are_distinct() {
    let plans = fam::corpus(30, 42);
    assert_eq!(plans.len(), 30);
    let stems: std::collections::HashSet<_> = plans.iter().map(|v| v.stem.clone()).collect();
    let ids: std::collections::HashSet<_> = plans
        .iter()
        .map(|v| Sidecar::parse(&v.sidecar).unwrap().id)
        .collect();
    assert_eq!((stems.len(), ids.len()), (30, 30));
    assert_eq!(plans, fam::corpus(30, 42));
}

#[test]
fn encoders_round_trip() {
    let text = fam::example().text;
    let crlf = fam::to_crlf(&text);
    assert_eq!(crlf.replace("\r\n", "\n"), text);
    let bom = fam::with_utf8_bom(&text);
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
    let gb_bytes = fam::to_gb18030(&text);
    let (gb, _, err) = encoding_rs::GB18030.decode(&gb_bytes);
    assert!(!err);
    assert_eq!(gb, text);
    let u16 = fam::to_utf16le_bom(&text);
    let (back, enc, err) = encoding_rs::UTF_16LE.decode(&u16);
    assert!(!err);
    assert_eq!(enc, encoding_rs::UTF_16LE);
    assert_eq!(back, text);
}

/// The generated fixtures under tests/fixtures/ are what the generator makes now.
#[test]
fn committed_fixtures_are_up_to_date() {
    let mut stale = Vec::new();
    for (path, bytes) in fam::fixtures() {
        match std::fs::read(fam::root().join(&path)) {
            Ok(committed) if committed == bytes => {}
            _ => stale.push(path),
        }
    }
    assert!(
        stale.is_empty(),
        "stale fixtures {stale:?}; run: cargo run --example gen_corpus -- --fixtures"
    );
}

#[test]
fn other_county_has_the_promised_shape() {
    let v = fam::other_county();
    let l = lines(&v);
    let sc = Sidecar::parse(&v.sidecar).unwrap();
    assert_eq!(sc.region_name, "剑阁县");
    assert!(!v.text.contains("旺苍"));
    assert_eq!(sc.domains.len(), 3);
    let titles = chapter_titles(&v);
    assert!(titles.iter().enumerate().all(|(i, (n, _))| *n == i + 1));
    for d in &sc.domains {
        assert!(
            titles.iter().any(|(_, t)| *t == d.chapter),
            "chapter {}",
            d.chapter
        );
    }
    let ind = fam::indicator_rows(&l);
    assert_eq!(ind.len(), 6);
    for (_, a) in &ind {
        assert!(sc.domains.iter().any(|d| d.aliases.contains(a)), "{a}");
    }
    let tables = fam::standards_tables(&l);
    assert_eq!(tables.iter().map(|t| t.columns).collect::<Vec<_>>(), [5, 4]);
    assert!(
        tables
            .iter()
            .all(|t| t.rows.iter().all(|r| r.kind != RowKind::Other))
    );
    let five = &tables[0];
    assert!(five.rows.iter().any(|r| r.kind == RowKind::Category));
    assert!((0..five.cells.len()).any(|c| five.cell_text(&l, c) == "同上"));
    assert!(!(0..tables[1].columns).any(|c| tables[1].cell_text(&l, c).contains("标准")));
    assert_eq!(
        fam::blocks(&l)
            .iter()
            .filter(|b| b.kind == BlockKind::Box)
            .count(),
        1
    );
    let glossary = v.text.split("名词解释").nth(1).unwrap();
    assert_eq!(glossary.lines().filter(|l| l.starts_with('“')).count(), 2);
    assert!(v.text.contains('\u{3000}') && v.text.contains('\u{F020}') && v.text.contains(" \n"));
}

#[test]
fn bad_fixtures_are_bad_in_the_promised_way() {
    let dir = fam::bad_dir();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    assert!(read("err_empty.txt").is_empty());
    let binary = read("err_binary.txt");
    assert!(binary.starts_with(b"\x89PNG\r\n\x1a\n") && std::str::from_utf8(&binary).is_err());
    let nul = read("err_nul.txt");
    assert_eq!(nul.iter().filter(|&&b| b == 0).count(), 1);
    let undecodable = read("err_undecodable.txt");
    assert!(std::str::from_utf8(&undecodable).is_err());
    let gb = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&undecodable);
    assert!(gb.is_none());
    assert!(encoding_rs::Encoding::for_bom(&undecodable).is_none());

    let truncated = String::from_utf8(read("err_truncated_table.txt")).unwrap();
    let l = fam::split(&truncated);
    let table = fam::standards_tables(&l).pop().unwrap();
    let last = table.rows.last().unwrap();
    assert_eq!((table.columns, last.cells.len()), (5, 3));
    assert_eq!(last.end + 2, l.len(), "the file ends inside the row");

    let wrong = String::from_utf8(read("err_wrong_columns.txt")).unwrap();
    let l = fam::split(&wrong);
    let table = &fam::standards_tables(&l)[0];
    let odd: Vec<_> = table
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Other)
        .collect();
    assert_eq!(odd.len(), 1);
    assert_eq!(odd[0].cells.len(), 2);
    assert_ne!(table.cell_text(&l, odd[0].cells.start), "备注");

    let sidecar = |name: &str| String::from_utf8(read(name)).unwrap();
    assert!(toml::from_str::<toml::Table>(&sidecar("err_bad_sidecar.toml")).is_err());
    let missing = sidecar("err_sidecar_missing_keys.toml");
    assert!(toml::from_str::<toml::Table>(&missing).is_ok());
    assert!(Sidecar::parse(&missing).is_err());
    let hostile = Sidecar::parse(&sidecar("hostile_department.toml")).unwrap();
    assert!(
        hostile
            .domains
            .iter()
            .any(|d| d.department == "../../etc/x")
    );
    for name in [
        "err_bad_sidecar.txt",
        "err_sidecar_missing_keys.txt",
        "hostile_department.txt",
    ] {
        assert_eq!(read(name), fam::other_county().text.into_bytes(), "{name}");
    }
}

#[test]
fn generated_fixtures_have_their_shape() {
    let dir = fam::variants_dir();
    let text = |stem: &str| std::fs::read_to_string(dir.join(format!("{stem}.txt"))).unwrap();
    let variant = |stem: &str| Variant {
        stem: stem.into(),
        text: text(stem),
        sidecar: std::fs::read_to_string(dir.join(format!("{stem}.toml"))).unwrap(),
    };
    assert_eq!(chapter_titles(&variant("chapter-fewer")).len(), 12);
    assert_eq!(chapter_titles(&variant("extra-chapter")).len(), 14);
    let four = variant("four-column");
    let l = lines(&four);
    let tables = fam::standards_tables(&l);
    assert!(tables.len() >= 2 && tables.iter().all(|t| t.columns == 4));
    assert_eq!(Sidecar::parse(&four.sidecar).unwrap().domains.len(), 3);
    assert!(!dir.join("no-sidecar.toml").exists());
    assert_eq!(
        fam::standards_tables(&fam::split(&text("no-sidecar"))).len(),
        3
    );
}

#[test]
fn variant_write_puts_text_and_sidecar_side_by_side() {
    let dir = std::env::temp_dir().join(format!("plandoc-family-{}", std::process::id()));
    let v = fam::generate(5);
    let txt = v.write(&dir).unwrap();
    assert_eq!(std::fs::read_to_string(&txt).unwrap(), v.text);
    assert_eq!(
        std::fs::read_to_string(txt.with_extension("toml")).unwrap(),
        v.sidecar
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
