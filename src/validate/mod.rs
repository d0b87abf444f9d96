//! Validation of a plan: the JSON Schema generated from the model, then semantic rules that a
//! schema cannot say (ids unique, references resolve, domains known, years inside the period).

pub mod schema;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;
use crate::model::{Block, Plan, TableKind, Value};

/// One thing wrong with a plan document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable kebab-case code, e.g. `year-outside-period`.
    pub code: &'static str,
    /// JSON pointer to the offending value, e.g. `/indicators/3/target/year`.
    pub pointer: String,
    /// What was expected and what was found.
    pub message: String,
    /// 1-based line of the source text the offending record came from, when the plan was
    /// parsed from a source text ([`ensure_valid_source`] fills it in).
    pub line: Option<u32>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} [{}]", self.message, self.code)
    }
}

/// Reads a JSON document into a plan, with every problem: schema problems (with pointers)
/// first; when the schema holds, the semantic rules.
pub fn document(value: serde_json::Value) -> Result<Plan, Vec<Problem>> {
    let problems = schema::problems(&value);
    if !problems.is_empty() {
        return Err(problems);
    }
    let plan = Plan::deserialize(&value).map_err(|e| {
        vec![Problem {
            code: "schema",
            pointer: String::new(),
            message: e.to_string(),
            line: None,
        }]
    })?;
    let problems = problems_of(&plan, &value);
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

/// Every problem of a plan: the schema, then the semantic rules.
pub fn problems(plan: &Plan) -> Vec<Problem> {
    problems_and_value(plan).0
}

/// Every problem of a plan, and the plan as the JSON value they point into.
fn problems_and_value(plan: &Plan) -> (Vec<Problem>, Option<serde_json::Value>) {
    let value = match serde_json::to_value(plan) {
        Ok(v) => v,
        Err(e) => {
            let problem = Problem {
                code: "schema",
                pointer: String::new(),
                message: e.to_string(),
                line: None,
            };
            return (vec![problem], None);
        }
    };
    let problems = schema::problems(&value);
    if !problems.is_empty() {
        return (problems, Some(value));
    }
    (problems_of(plan, &value), Some(value))
}

/// Fails with every problem when the plan read from the document at `path` has any.
pub fn ensure_valid(plan: &Plan, path: &Path) -> Result<(), Error> {
    invalid(path, problems(plan))
}

/// Fails with every problem when the plan parsed from the source text at `path` has any; each
/// problem names the source line of the record it is about.
pub fn ensure_valid_source(plan: &Plan, path: &Path) -> Result<(), Error> {
    let (mut problems, value) = problems_and_value(plan);
    if let Some(value) = &value {
        for p in &mut problems {
            p.line = source_line(value, &p.pointer);
        }
    }
    invalid(path, problems)
}

fn invalid(path: &Path, problems: Vec<Problem>) -> Result<(), Error> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }
}

/// The source line of the innermost record (an object with `source.line`) around a pointer.
fn source_line(value: &serde_json::Value, pointer: &str) -> Option<u32> {
    let mut prefix = pointer;
    loop {
        let line = value
            .pointer(prefix)
            .and_then(|v| v.get("source"))
            .and_then(|s| s.get("line"))
            .and_then(serde_json::Value::as_u64)
            .and_then(|l| u32::try_from(l).ok());
        if line.is_some() {
            return line;
        }
        prefix = &prefix[..prefix.rfind('/')?];
    }
}

/// Collects problems with their pointers.
#[derive(Default)]
struct Report(Vec<Problem>);

impl Report {
    fn add(&mut self, code: &'static str, pointer: String, message: String) {
        self.0.push(Problem {
            code,
            pointer,
            message,
            line: None,
        });
    }
}

/// The semantic rules over a plan that already fits the schema (`value` is the plan as JSON).
fn problems_of(plan: &Plan, value: &serde_json::Value) -> Vec<Problem> {
    let mut r = Report::default();
    texts_fit_every_format(value, &mut r);
    ids_are_unique(plan, &mut r);
    references_resolve(plan, &mut r);
    years_fit_the_period(plan, &mut r);
    values_add_up(plan, &mut r);
    codes_are_well_formed(plan, &mut r);
    r.0
}

/// Longest text an Excel cell holds, in UTF-16 code units (as Excel and rust_xlsxwriter count).
const MAX_TEXT_CHARS: usize = 32_767;

/// Every text of the plan can be written by every writer: only characters XML 1.0 allows
/// (plan.xml), and at most [`MAX_TEXT_CHARS`] long (an Excel cell).
fn texts_fit_every_format(value: &serde_json::Value, r: &mut Report) {
    fn walk(v: &serde_json::Value, path: &mut Vec<String>, r: &mut Report) {
        match v {
            serde_json::Value::String(s) => check_text(s, path, r),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    walk(item, path, r);
                    path.pop();
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    path.push(k.replace('~', "~0").replace('/', "~1"));
                    walk(item, path, r);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    walk(value, &mut Vec::new(), r);
}

fn check_text(s: &str, path: &[String], r: &mut Report) {
    let pointer = || path.iter().map(|p| format!("/{p}")).collect::<String>();
    if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !is_xml_char(*c)) {
        r.add(
            "text-not-xml",
            pointer(),
            format!(
                "character U+{:04X} at position {} is not allowed in XML 1.0",
                u32::from(c),
                i + 1
            ),
        );
    }
    // A UTF-8 text is never longer in UTF-16 code units than in bytes.
    if s.len() > MAX_TEXT_CHARS {
        let len = s.encode_utf16().count();
        if len > MAX_TEXT_CHARS {
            r.add(
                "text-too-long",
                pointer(),
                format!(
                    "text longer than {MAX_TEXT_CHARS} characters ({len}): more than an \
                     Excel cell holds"
                ),
            );
        }
    }
}

/// A character XML 1.0 allows: tab, line feed, carriage return, and U+0020 up, except the
/// non-characters U+FFFE and U+FFFF (Rust chars are never surrogates).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

fn ids_are_unique(plan: &Plan, r: &mut Report) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (id, pointer) in all_ids(plan) {
        if let Some(first) = seen.get(id) {
            r.add(
                "duplicate-id",
                pointer,
                format!("id \"{id}\" is used already at {first}"),
            );
        } else {
            seen.insert(id, pointer);
        }
    }
    let mut codes: HashMap<&str, usize> = HashMap::new();
    for (i, d) in plan.domains.iter().enumerate() {
        if let Some(first) = codes.insert(&d.code, i) {
            r.add(
                "duplicate-id",
                format!("/domains/{i}/code"),
                format!(
                    "domain code \"{}\" is used already at /domains/{first}/code",
                    d.code
                ),
            );
        }
    }
}

/// Every id in the plan with the pointer of its `id` key, in document order.
fn all_ids(plan: &Plan) -> Vec<(&str, String)> {
    let mut ids: Vec<(&str, String)> = Vec::new();
    for (i, p) in plan.preface.iter().enumerate() {
        ids.push((&p.id, format!("/preface/{i}/id")));
    }
    for (ci, c) in plan.chapters.iter().enumerate() {
        ids.push((&c.id, format!("/chapters/{ci}/id")));
        for (bi, b) in c.intro.iter().enumerate() {
            if let Block::Paragraph(p) = b {
                ids.push((&p.id, format!("/chapters/{ci}/intro/{bi}/id")));
            }
        }
        for (si, s) in c.sections.iter().enumerate() {
            ids.push((&s.id, format!("/chapters/{ci}/sections/{si}/id")));
            for (bi, b) in s.blocks.iter().enumerate() {
                if let Block::Paragraph(p) = b {
                    ids.push((
                        &p.id,
                        format!("/chapters/{ci}/sections/{si}/blocks/{bi}/id"),
                    ));
                }
            }
        }
    }
    let lists: [(&str, Vec<&str>); 6] = [
        (
            "tables",
            plan.tables.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            "indicators",
            plan.indicators.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            "standards",
            plan.standards.iter().map(|x| x.id.as_str()).collect(),
        ),
        ("boxes", plan.boxes.iter().map(|x| x.id.as_str()).collect()),
        (
            "projects",
            plan.projects.iter().map(|x| x.id.as_str()).collect(),
        ),
        (
            "glossary",
            plan.glossary.iter().map(|x| x.id.as_str()).collect(),
        ),
    ];
    for (name, list) in lists {
        for (i, id) in list.into_iter().enumerate() {
            ids.push((id, format!("/{name}/{i}/id")));
        }
    }
    ids
}

fn references_resolve(plan: &Plan, r: &mut Report) {
    // Every reference is looked up in a hash index built once: a linear search per reference
    // made this quadratic (a source of 40 000 one-line chapters, each with a one-item 专栏,
    // took 16 s here, and a 32 MiB source hours).
    let chapters: HashSet<&str> = plan.chapters.iter().map(|c| c.id.as_str()).collect();
    let sections: HashSet<&str> = plan
        .chapters
        .iter()
        .flat_map(|c| &c.sections)
        .map(|s| s.id.as_str())
        .collect();
    let tables: HashMap<&str, TableKind> = plan
        .tables
        .iter()
        .map(|t| (t.id.as_str(), t.kind))
        .rev() // the first of two tables with one id wins, as a search in order would find
        .collect();
    let boxes: HashSet<&str> = plan.boxes.iter().map(|b| b.id.as_str()).collect();
    let domains: HashSet<&str> = plan.domains.iter().map(|d| d.code.as_str()).collect();
    let chapter = |id: &str| chapters.contains(id);
    let section = |id: &str| sections.contains(id);
    let table_kind = |id: &str| tables.get(id).copied();
    let project_box = |id: &str| boxes.contains(id);
    let domain = |code: Option<&str>, pointer: String, r: &mut Report| {
        if let Some(code) = code {
            if !domains.contains(code) {
                r.add(
                    "unknown-domain",
                    pointer,
                    format!("domain \"{code}\" is not in /domains"),
                );
            }
        }
    };
    let missing = |what: &str, id: &str, pointer: String, r: &mut Report| {
        r.add(
            "unresolved-ref",
            pointer,
            format!("{what} \"{id}\" does not exist"),
        );
    };
    for (i, d) in plan.domains.iter().enumerate() {
        if let Some(c) = d.chapter.as_deref().filter(|c| !chapter(c)) {
            missing("chapter", c, format!("/domains/{i}/chapter"), r);
        }
    }
    for (ci, c) in plan.chapters.iter().enumerate() {
        domain(c.domain.as_deref(), format!("/chapters/{ci}/domain"), r);
        let blocks = c
            .intro
            .iter()
            .enumerate()
            .map(|(bi, b)| (format!("/chapters/{ci}/intro/{bi}"), b));
        let in_sections = c.sections.iter().enumerate().flat_map(|(si, s)| {
            s.blocks
                .iter()
                .enumerate()
                .map(move |(bi, b)| (format!("/chapters/{ci}/sections/{si}/blocks/{bi}"), b))
        });
        for (pointer, b) in blocks.chain(in_sections) {
            match b {
                Block::Table { table } if table_kind(table).is_none() => {
                    missing("table", table, format!("{pointer}/ref"), r)
                }
                Block::Box { project_box: id } if !project_box(id) => {
                    missing("box", id, format!("{pointer}/ref"), r)
                }
                _ => {}
            }
        }
    }
    for (i, t) in plan.tables.iter().enumerate() {
        if let Some(c) = t.chapter.as_deref().filter(|c| !chapter(c)) {
            missing("chapter", c, format!("/tables/{i}/chapter"), r);
        }
        if let Some(s) = &t.section {
            if !section(s) {
                missing("section", s, format!("/tables/{i}/section"), r);
            }
        }
        domain(t.domain.as_deref(), format!("/tables/{i}/domain"), r);
    }
    let row_table =
        |table: &str, want: TableKind, pointer: String, r: &mut Report| match table_kind(table) {
            None => missing("table", table, pointer, r),
            Some(k) if k != want => r.add(
                "wrong-table-kind",
                pointer,
                format!(
                    "table \"{table}\" holds {}, expected {}",
                    k.as_str(),
                    want.as_str()
                ),
            ),
            _ => {}
        };
    for (i, x) in plan.indicators.iter().enumerate() {
        row_table(
            &x.table,
            TableKind::Indicators,
            format!("/indicators/{i}/table"),
            r,
        );
        domain(x.domain.as_deref(), format!("/indicators/{i}/domain"), r);
    }
    for (i, x) in plan.standards.iter().enumerate() {
        row_table(
            &x.table,
            TableKind::Standards,
            format!("/standards/{i}/table"),
            r,
        );
        domain(x.domain.as_deref(), format!("/standards/{i}/domain"), r);
    }
    for (i, b) in plan.boxes.iter().enumerate() {
        if let Some(c) = b.chapter.as_deref().filter(|c| !chapter(c)) {
            missing("chapter", c, format!("/boxes/{i}/chapter"), r);
        }
        domain(b.domain.as_deref(), format!("/boxes/{i}/domain"), r);
    }
    for (i, p) in plan.projects.iter().enumerate() {
        if !project_box(&p.project_box) {
            missing("box", &p.project_box, format!("/projects/{i}/box"), r);
        }
        domain(p.domain.as_deref(), format!("/projects/{i}/domain"), r);
    }
}

fn years_fit_the_period(plan: &Plan, r: &mut Report) {
    if let Some(p) = plan.plan.period {
        if p.start > p.end {
            r.add(
                "bad-period",
                "/plan/period".into(),
                format!("start {} is after end {}", p.start, p.end),
            );
        }
        if let Some(baseline) = plan.plan.baseline_year.filter(|&b| b > p.start) {
            r.add(
                "year-outside-period",
                "/plan/baselineYear".into(),
                format!(
                    "baseline year {baseline} is after the plan's start year {}",
                    p.start
                ),
            );
        }
    }
    for (i, x) in plan.indicators.iter().enumerate() {
        if let Some(baseline) = plan.plan.baseline_year.filter(|&b| b != x.baseline.year) {
            r.add(
                "year-outside-period",
                format!("/indicators/{i}/baseline/year"),
                format!(
                    "{} is not the plan's baseline year {baseline}",
                    x.baseline.year
                ),
            );
        }
        let Some(p) = plan.plan.period else { continue };
        if x.target.year < p.start || x.target.year > p.end {
            r.add(
                "year-outside-period",
                format!("/indicators/{i}/target/year"),
                format!(
                    "{} is outside the plan's period {}–{}",
                    x.target.year, p.start, p.end
                ),
            );
        }
    }
}

fn values_add_up(plan: &Plan, r: &mut Report) {
    let check = |v: &Value, pointer: String, r: &mut Report| {
        if let (Some(parts), Some(total)) = (&v.components, v.value) {
            let sum: f64 = parts.iter().sum();
            if (sum - total).abs() > 1e-9 * total.abs().max(1.0) {
                r.add(
                    "components-sum",
                    pointer.clone(),
                    format!("components add up to {sum}, value is {total}"),
                );
            }
        }
        if v.components.is_some() && v.value.is_none() {
            r.add(
                "components-sum",
                pointer,
                "components given but value is null".into(),
            );
        }
    };
    for (i, x) in plan.indicators.iter().enumerate() {
        check(&x.baseline, format!("/indicators/{i}/baseline/value"), r);
        check(&x.target, format!("/indicators/{i}/target/value"), r);
    }
}

fn codes_are_well_formed(plan: &Plan, r: &mut Report) {
    for (i, d) in plan.domains.iter().enumerate() {
        if !crate::source::sidecar::is_code(&d.code) {
            r.add(
                "bad-code",
                format!("/domains/{i}/code"),
                format!("\"{}\": expected lowercase letters, digits and '-'", d.code),
            );
        }
    }
    if let Some(code) = plan.plan.region.as_ref().and_then(|r| r.code.as_ref()) {
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            r.add(
                "bad-code",
                "/plan/region/code".into(),
                format!("\"{code}\": expected a 6-digit GB/T 2260 code"),
            );
        }
    }
    const FIELDS: [&str; 5] = ["item", "beneficiaries", "standard", "funding", "coverage"];
    for (i, s) in plan.standards.iter().enumerate() {
        for (k, f) in s.ditto_fields.iter().enumerate() {
            if !FIELDS.contains(&f.as_str()) {
                r.add(
                    "bad-code",
                    format!("/standards/{i}/dittoFields/{k}"),
                    format!("\"{f}\" is not a field of a standard"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_problems(s: &str) -> Vec<Problem> {
        let mut r = Report::default();
        texts_fit_every_format(&serde_json::json!({ "a": [{ "text": s }] }), &mut r);
        r.0
    }

    #[test]
    fn texts_must_be_xml_characters() {
        for bad in [
            "a\u{1}b",
            "\u{0}",
            "\u{b}",
            "\u{1f}",
            "x\u{fffe}",
            "\u{ffff}",
        ] {
            let p = text_problems(bad);
            assert_eq!(p.len(), 1, "{bad:?}");
            assert_eq!(
                (p[0].code, p[0].pointer.as_str()),
                ("text-not-xml", "/a/0/text")
            );
        }
        assert!(
            text_problems("a\u{1}b")[0]
                .message
                .contains("U+0001 at position 2")
        );
        for good in ["\t\n\r 正文", "\u{fffd}", "\u{10000}\u{10ffff}", "\u{e000}"] {
            assert!(text_problems(good).is_empty(), "{good:?}");
        }
    }

    #[test]
    fn texts_must_fit_an_excel_cell_counted_as_excel_counts() {
        assert!(text_problems(&"字".repeat(MAX_TEXT_CHARS)).is_empty());
        let p = text_problems(&"a".repeat(MAX_TEXT_CHARS + 1));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "text-too-long");
        // Characters outside the BMP take two UTF-16 units, as Excel counts them.
        assert_eq!(text_problems(&"😀".repeat(20_000))[0].code, "text-too-long");
    }

    #[test]
    fn a_problem_gets_the_line_of_the_innermost_record_with_a_source() {
        let v = serde_json::json!({
            "source": { "lines": 9 },
            "chapters": [{ "source": { "line": 3 }, "intro": [{ "text": "x", "source": { "line": 5 } }] }],
        });
        assert_eq!(source_line(&v, "/chapters/0/intro/0/text"), Some(5));
        assert_eq!(source_line(&v, "/chapters/0/title"), Some(3));
        assert_eq!(source_line(&v, "/chapters/0/source/line"), Some(3));
        assert_eq!(source_line(&v, "/plan/period"), None);
        assert_eq!(source_line(&v, ""), None);
    }
}
