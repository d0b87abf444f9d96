//! Property tests over the parser: no input makes it panic, and a parsed plan always validates.

use proptest::prelude::*;

/// Lines built from the family's layout cues and some noise, so the parser's states are reached.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("第一章 教育服务".to_string()),
        Just("第二章 劳动就业服务".to_string()),
        Just("第一节 基本标准".to_string()),
        Just("前言".to_string()),
        Just("名词解释".to_string()),
        Just("专栏1 重点项目".to_string()),
        Just("\t服务项目".to_string()),
        Just("\t服务对象".to_string()),
        Just("\t支出责任".to_string()),
        Just("\t覆盖水平".to_string()),
        Just("\t同上".to_string()),
        Just("\t备注".to_string()),
        Just("\t".to_string()),
        Just("\t2020年".to_string()),
        Just("\t6.4+18（甲）".to_string()),
        Just("学前教育：甲、“乙“、（丙、丁）、".to_string()),
        Just("“术语”：解释。".to_string()),
        Just("——引领。正文".to_string()),
        "[\\t 　\u{f020}一-龥a-z0-9、：（）“”。/%+.]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_parser_never_panics_and_its_plans_validate(lines in prop::collection::vec(line(), 0..40)) {
        let text = lines.join("\n");
        let input = plandoc::source::from_bytes(
            std::path::Path::new("fuzz.txt"),
            text.as_bytes(),
            None,
            std::path::PathBuf::from("fuzz.toml"),
        );
        let Ok(input) = input else { return Ok(()) };
        let Ok(outline) = plandoc::recognise::outline(&input.text) else { return Ok(()) };
        if let Ok(w) = plandoc::normalise::plan(&input, &outline) {
            let problems = plandoc::validate::problems(&w.output);
            prop_assert!(problems.is_empty(), "{:?}\n{text}", problems);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = plandoc::source::decode(&bytes);
        let _ = plandoc::read::json::read(&bytes);
        let _ = plandoc::source::sidecar::parse(&bytes);
    }
}

/// Plans of the family (`family_support::generate`) with a few lines deleted, duplicated,
/// swapped, cut short or replaced by noise: unlike the random line soup above, many of these
/// still parse, so the "a plan that parses also validates" half is exercised on real-sized plans.
#[test]
fn mutated_family_plans_never_panic_and_validate_when_they_parse() {
    use crate::family_support as fam;
    let noise = [
        "",
        "\t",
        "\t同上",
        "第一节 x",
        "专栏9 x",
        "学前教育：甲、乙",
        "——引。文",
    ];
    let (mut cases, mut parsed) = (0, 0);
    for seed in 0..60 {
        let v = fam::generate(seed);
        let sidecar = plandoc::source::sidecar::parse(v.sidecar.as_bytes()).unwrap();
        let mut rng = fam::Rng::new(seed.wrapping_mul(0x9e37_79b9) + 1);
        let mut lines: Vec<String> = v.text.lines().map(str::to_string).collect();
        for _ in 0..1 + rng.below(2) {
            let i = rng.below(lines.len());
            match rng.below(5) {
                0 => {
                    lines.remove(i);
                }
                1 => lines.insert(i, lines[i].clone()),
                2 => {
                    let j = rng.below(lines.len());
                    lines.swap(i, j);
                }
                3 => {
                    let keep = lines[i].chars().count() / 2;
                    lines[i] = lines[i].chars().take(keep).collect();
                }
                _ => lines[i] = rng.pick(&noise).to_string(),
            }
        }
        let text = lines.join("\n");
        cases += 1;
        let path = std::path::Path::new("mutated.txt");
        let Ok(input) = plandoc::source::from_bytes(
            path,
            text.as_bytes(),
            Some(sidecar),
            "mutated.toml".into(),
        ) else {
            continue;
        };
        let Ok(outline) = plandoc::recognise::outline(&input.text) else {
            continue;
        };
        if let Ok(w) = plandoc::normalise::plan(&input, &outline) {
            parsed += 1;
            let problems = plandoc::validate::problems(&w.output);
            assert!(problems.is_empty(), "seed {seed}: {problems:?}");
        }
    }
    // About a third of these still parse (the parser refuses a table row with a cell too few or
    // too many); if almost none did, the validation half above would check nothing.
    assert!(
        parsed * 4 >= cases,
        "only {parsed} of {cases} mutated plans parsed"
    );
}
