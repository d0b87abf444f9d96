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
