//! Validation of a plan: the JSON Schema generated from the model, then semantic rules that a
//! schema cannot say (ids unique, references resolve, domains known, years inside the period).
//!
//! Rules that a correct plan may break — chapter numbers that repeat or skip — are warnings,
//! not problems: [`warnings`] lists them, and a plan with warnings only is valid.

pub mod schema;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Error, Warning};
use crate::model::{Block, Chapter, Plan, SourceRef, TableKind, Value};

/// The years a plan's period may span: the People's Republic's plans start in 1949 (the first
/// five-year plan is 1953–1957); a year beyond 2100 is a typo, not a plan.
pub const PLAN_YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

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
    // The schema holds, so what fails here is a number the schema takes and the model cannot
    // hold (2021.0 for a year, 5e9 for a line): say where.
    let plan: Plan = serde_path_to_error::deserialize(&value).map_err(|e| {
        vec![Problem {
            code: "schema",
            pointer: pointer_of(e.path()),
            message: in_words(&e.inner().to_string()),
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

/// The JSON pointer of a path serde went down.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.replace('~', "~0").replace('/', "~1")),
            _ => None,
        })
        .map(|s| format!("/{s}"))
        .collect()
}

/// serde's names for integer types, said as the ranges they are.
fn in_words(message: &str) -> String {
    message
        .replace(
            "expected i32",
            "expected a whole number from -2147483648 to 2147483647",
        )
        .replace(
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        )
        .replace(
            "expected u64",
            "expected a whole number from 0 to 18446744073709551615",
        )
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
    parts_hold_their_chapters(plan, &mut r);
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
    /// The ids of paragraphs and headings among blocks, under the blocks' pointer.
    fn block_ids<'a>(blocks: &'a [Block], at: &str, ids: &mut Vec<(&'a str, String)>) {
        for (bi, b) in blocks.iter().enumerate() {
            let id = match b {
                Block::Paragraph(p) => &p.id,
                Block::Heading(h) => &h.id,
                Block::Table { .. } | Block::Box { .. } => continue,
            };
            ids.push((id, format!("{at}/{bi}/id")));
        }
    }
    let mut ids: Vec<(&str, String)> = Vec::new();
    for (i, p) in plan.preface.iter().enumerate() {
        ids.push((&p.id, format!("/preface/{i}/id")));
    }
    for (i, p) in plan.parts.iter().enumerate() {
        ids.push((&p.id, format!("/parts/{i}/id")));
    }
    for (ci, c) in plan.chapters.iter().enumerate() {
        ids.push((&c.id, format!("/chapters/{ci}/id")));
        block_ids(&c.intro, &format!("/chapters/{ci}/intro"), &mut ids);
        for (si, s) in c.sections.iter().enumerate() {
            ids.push((&s.id, format!("/chapters/{ci}/sections/{si}/id")));
            let at = format!("/chapters/{ci}/sections/{si}/blocks");
            block_ids(&s.blocks, &at, &mut ids);
        }
    }
    for (i, b) in plan.boxes.iter().enumerate() {
        block_ids(&b.blocks, &format!("/boxes/{i}/blocks"), &mut ids);
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

/// The blocks of every box, with their pointers.
fn in_boxes(plan: &Plan) -> impl Iterator<Item = (String, &Block)> {
    plan.boxes.iter().enumerate().flat_map(|(i, b)| {
        b.blocks
            .iter()
            .enumerate()
            .map(move |(bi, block)| (format!("/boxes/{i}/blocks/{bi}"), block))
    })
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
    let block_refs = |pointer: &str, b: &Block, r: &mut Report| match b {
        Block::Table { table } if table_kind(table).is_none() => {
            missing("table", table, format!("{pointer}/ref"), r)
        }
        Block::Box { project_box: id } if !project_box(id) => {
            missing("box", id, format!("{pointer}/ref"), r)
        }
        _ => {}
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
            block_refs(&pointer, b, r);
        }
    }
    for (pointer, b) in in_boxes(plan) {
        block_refs(&pointer, b, r);
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

/// Every part's chapters exist, and a chapter names as its part the one part that lists it.
fn parts_hold_their_chapters(plan: &Plan, r: &mut Report) {
    let chapters: HashMap<&str, (usize, &Chapter)> = plan
        .chapters
        .iter()
        .enumerate()
        .rev() // the first of two chapters with one id wins, as elsewhere
        .map(|(i, c)| (c.id.as_str(), (i, c)))
        .collect();
    let parts: HashSet<&str> = plan.parts.iter().map(|p| p.id.as_str()).collect();
    // Which part lists each chapter first.
    let mut listed: HashMap<&str, &str> = HashMap::new();
    for (pi, part) in plan.parts.iter().enumerate() {
        for (k, id) in part.chapters.iter().enumerate() {
            let pointer = format!("/parts/{pi}/chapters/{k}");
            let Some((ci, chapter)) = chapters.get(id.as_str()) else {
                r.add(
                    "unresolved-ref",
                    pointer,
                    format!("chapter \"{id}\" does not exist"),
                );
                continue;
            };
            if let Some(other) = listed.insert(id, &part.id) {
                r.add(
                    "part-mismatch",
                    pointer,
                    format!("chapter \"{id}\" is listed by part \"{other}\" already"),
                );
                continue;
            }
            if chapter.part.as_deref() != Some(part.id.as_str()) {
                let says = chapter
                    .part
                    .as_deref()
                    .map_or_else(|| "no part".to_string(), |p| format!("part \"{p}\""));
                r.add(
                    "part-mismatch",
                    format!("/chapters/{ci}/part"),
                    format!(
                        "chapter \"{id}\" is listed by part \"{}\" but names {says}",
                        part.id
                    ),
                );
            }
        }
    }
    for (ci, c) in plan.chapters.iter().enumerate() {
        let Some(part) = c.part.as_deref() else {
            continue;
        };
        let pointer = format!("/chapters/{ci}/part");
        if !parts.contains(part) {
            r.add(
                "unresolved-ref",
                pointer,
                format!("part \"{part}\" does not exist"),
            );
        } else if !listed.contains_key(c.id.as_str()) {
            r.add(
                "part-mismatch",
                pointer,
                format!(
                    "chapter \"{}\" names part \"{part}\", which does not list it",
                    c.id
                ),
            );
        }
    }
}

fn years_fit_the_period(plan: &Plan, r: &mut Report) {
    if let Some(p) = plan.plan.period {
        for (name, year) in [("start", p.start), ("end", p.end)] {
            if !PLAN_YEARS.contains(&year) {
                r.add(
                    "bad-period",
                    format!("/plan/period/{name}"),
                    format!(
                        "{name} year {year} is outside {}–{}",
                        PLAN_YEARS.start(),
                        PLAN_YEARS.end()
                    ),
                );
            }
        }
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

/// Warnings about a plan: things a correct plan may do but that usually mean a heading was
/// misread. A plan with warnings only is valid. Each warning is a [`Problem`] with its pointer
/// and, where the record has one, its source line.
pub fn warnings(plan: &Plan) -> Vec<Problem> {
    let mut r = Report::default();
    chapter_numbers_run_on(plan, &mut r);
    r.0
}

/// The [`warnings`] of a plan parsed from the source text at `path`, with its source lines.
pub fn source_warnings(plan: &Plan, path: &Path) -> Vec<Warning> {
    warnings(plan)
        .into_iter()
        .map(|p| Warning {
            path: path.to_path_buf(),
            line: p.line.map(|l| l as usize),
            message: format!("{} [{}]", p.message, p.code),
        })
        .collect()
}

/// The [`warnings`] of a plan document (plan.json / plan.xml) at `path`, each with its pointer
/// (the lines in the message are the source text's, not the document's).
pub fn document_warnings(plan: &Plan, path: &Path) -> Vec<Warning> {
    warnings(plan)
        .into_iter()
        .map(|p| Warning {
            path: path.to_path_buf(),
            line: None,
            message: p.to_string(),
        })
        .collect()
}

/// Each chapter's number is the one before plus one, or 1 (a restart: two documents in one
/// notice). Anything else — a repeat, a gap, a step back — names both chapters and their places.
fn chapter_numbers_run_on(plan: &Plan, r: &mut Report) {
    for (i, pair) in plan.chapters.windows(2).enumerate() {
        let (before, after) = (&pair[0], &pair[1]);
        let (a, b) = (before.number, after.number);
        if b == 1 || Some(b) == a.checked_add(1) {
            continue;
        }
        let what = if b == a {
            "repeats the number of".to_string()
        } else if b > a {
            let gap = if b - a == 2 {
                format!("{}", a + 1)
            } else {
                format!("{}–{}", a + 1, b - 1)
            };
            format!("skips {gap} after")
        } else {
            "goes back from".to_string()
        };
        // The heading's line, not the chapter's whole span, is where a reader looks.
        let at = |c: &Chapter| {
            SourceRef {
                end_line: None,
                ..c.source
            }
            .to_string()
        };
        r.0.push(Problem {
            code: "chapter-numbering",
            pointer: format!("/chapters/{}/number", i + 1),
            message: format!(
                "chapter {b} \"{}\" ({}, {}) {what} chapter {a} \"{}\" ({}, {}) without \
                 restarting at 1",
                after.title,
                after.id,
                at(after),
                before.title,
                before.id,
                at(before)
            ),
            line: after.source.first_line(),
        });
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

    use crate::model::{
        ChapterStyle, Heading, Part, Period, PlanInfo, ProjectBox, SCHEMA_ID, SCHEMA_VERSION,
        SourceFile,
    };

    fn chapter(n: u32, line: u32) -> Chapter {
        Chapter {
            id: format!("ch{n}"),
            number: n,
            title: format!("第{n}章"),
            domain: None,
            part: None,
            style: ChapterStyle::Chapter,
            intro: Vec::new(),
            sections: Vec::new(),
            source: SourceRef::line(line),
        }
    }

    fn heading(id: &str, line: u32) -> Block {
        Block::Heading(Heading {
            id: id.into(),
            level: 1,
            number: 1,
            marker: "一、".into(),
            title: "标题".into(),
            source: SourceRef::line(line),
        })
    }

    /// A small valid plan: three chapters numbered 1–3, two in one part.
    fn plan() -> Plan {
        let mut chapters: Vec<Chapter> = (1..=3).map(|n| chapter(n, n * 10)).collect();
        chapters[0].part = Some("pt1".into());
        chapters[1].part = Some("pt1".into());
        chapters[0].intro.push(heading("ch1.h1", 11));
        Plan {
            schema: SCHEMA_ID.into(),
            schema_version: SCHEMA_VERSION.into(),
            plan: PlanInfo {
                id: "p".into(),
                title: None,
                region: None,
                period: Some(Period {
                    start: 2021,
                    end: 2025,
                }),
                baseline_year: Some(2020),
                language: "zh-CN".into(),
                source: SourceFile {
                    file: "p.txt".into(),
                    sha256: "0".repeat(64),
                    encoding: "UTF-8".into(),
                    lines: 40,
                },
                license: None,
                publisher: None,
            },
            domains: Vec::new(),
            preface: Vec::new(),
            parts: vec![Part {
                id: "pt1".into(),
                number: 1,
                title: "上篇".into(),
                chapters: vec!["ch1".into(), "ch2".into()],
                intro: Vec::new(),
                source: SourceRef::line(5),
            }],
            chapters,
            tables: Vec::new(),
            indicators: Vec::new(),
            standards: Vec::new(),
            boxes: Vec::new(),
            projects: Vec::new(),
            glossary: Vec::new(),
        }
    }

    /// The codes and pointers of a plan's problems.
    fn found(plan: &Plan) -> Vec<(&'static str, String)> {
        problems(plan)
            .into_iter()
            .map(|p| (p.code, p.pointer))
            .collect()
    }

    #[test]
    fn the_small_plan_is_valid_without_warnings() {
        assert_eq!(found(&plan()), []);
        assert_eq!(warnings(&plan()), []);
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused() {
        let mut p = plan();
        p.plan.period = Some(Period {
            start: 2025,
            end: 2021,
        });
        p.plan.baseline_year = Some(2020);
        assert_eq!(found(&p), [("bad-period", "/plan/period".to_string())]);
    }

    #[test]
    fn period_years_outside_1949_to_2100_are_refused() {
        let mut p = plan();
        p.plan.period = Some(Period {
            start: 1900,
            end: 2101,
        });
        p.plan.baseline_year = None;
        assert_eq!(
            found(&p),
            [
                ("bad-period", "/plan/period/start".to_string()),
                ("bad-period", "/plan/period/end".to_string()),
            ]
        );
        let text = problems(&p)[1].message.clone();
        assert_eq!(text, "end year 2101 is outside 1949–2100");
        p.plan.period = Some(Period {
            start: 1949,
            end: 2100,
        });
        assert_eq!(found(&p), []);
    }

    #[test]
    fn a_baseline_after_the_start_is_refused_and_absent_metadata_is_fine() {
        let mut p = plan();
        p.plan.baseline_year = Some(2022);
        assert_eq!(
            found(&p),
            [("year-outside-period", "/plan/baselineYear".to_string())]
        );
        p.plan.baseline_year = None;
        p.plan.period = None;
        assert_eq!(found(&p), []);
    }

    #[test]
    fn parts_must_list_chapters_that_exist_and_name_them_back() {
        let mut p = plan();
        p.parts[0].chapters.push("ch9".into());
        assert_eq!(
            found(&p),
            [("unresolved-ref", "/parts/0/chapters/2".to_string())]
        );

        let mut p = plan();
        p.chapters[2].part = Some("pt7".into());
        assert_eq!(
            found(&p),
            [("unresolved-ref", "/chapters/2/part".to_string())]
        );

        // Listed by pt1 but naming no part; naming pt1 but not listed by it.
        let mut p = plan();
        p.chapters[1].part = None;
        p.chapters[2].part = Some("pt1".into());
        assert_eq!(
            found(&p),
            [
                ("part-mismatch", "/chapters/1/part".to_string()),
                ("part-mismatch", "/chapters/2/part".to_string()),
            ]
        );

        // One chapter in two parts.
        let mut p = plan();
        let mut second = p.parts[0].clone();
        second.id = "pt2".into();
        second.chapters = vec!["ch2".into()];
        p.parts.push(second);
        assert_eq!(
            found(&p),
            [("part-mismatch", "/parts/1/chapters/0".to_string())]
        );
    }

    #[test]
    fn part_ids_are_unique() {
        let mut p = plan();
        let mut again = p.parts[0].clone();
        again.chapters.clear();
        p.parts.push(again);
        assert_eq!(found(&p), [("duplicate-id", "/parts/1/id".to_string())]);
    }

    #[test]
    fn heading_ids_are_unique_in_chapters_sections_and_boxes() {
        let mut p = plan();
        p.chapters[1].intro.push(heading("ch1.h1", 21));
        assert_eq!(
            found(&p),
            [("duplicate-id", "/chapters/1/intro/0/id".to_string())]
        );

        let mut p = plan();
        p.boxes.push(ProjectBox {
            id: "box1".into(),
            number: 1,
            title: "专栏".into(),
            chapter: None,
            section: None,
            domain: None,
            blocks: vec![heading("box1.h1", 31), heading("ch1.h1", 32)],
            source: SourceRef::line(30),
        });
        assert_eq!(
            found(&p),
            [("duplicate-id", "/boxes/0/blocks/1/id".to_string())]
        );
    }

    #[test]
    fn references_inside_boxes_resolve() {
        let mut p = plan();
        p.boxes.push(ProjectBox {
            id: "box1".into(),
            number: 1,
            title: "专栏".into(),
            chapter: Some("ch3".into()),
            section: None,
            domain: None,
            blocks: vec![Block::Table {
                table: "ch3.t1".into(),
            }],
            source: SourceRef::line(30),
        });
        assert_eq!(
            found(&p),
            [("unresolved-ref", "/boxes/0/blocks/0/ref".to_string())]
        );
    }

    fn numbered(numbers: &[u32]) -> Plan {
        let mut p = plan();
        p.parts.clear();
        p.chapters = numbers
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let mut c = chapter(n, (i as u32 + 1) * 10);
                c.id = format!("ch{}", i + 1);
                c
            })
            .collect();
        p
    }

    #[test]
    fn chapter_numbers_that_repeat_skip_or_go_back_are_warnings_naming_both_lines() {
        let w = warnings(&numbered(&[1, 2, 2]));
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].message,
            "chapter 2 \"第2章\" (ch3, line 30) repeats the number of chapter 2 \"第2章\" (ch2, \
             line 20) without restarting at 1"
        );
        assert_eq!((w[0].code, w[0].line), ("chapter-numbering", Some(30)));
        assert_eq!(w[0].pointer, "/chapters/2/number");

        let w = warnings(&numbered(&[1, 4]));
        assert!(
            w[0].message.contains("skips 2–3 after chapter 1"),
            "{}",
            w[0].message
        );
        let w = warnings(&numbered(&[1, 3]));
        assert!(w[0].message.contains("skips 2 after"), "{}", w[0].message);
        let w = warnings(&numbered(&[3, 2]));
        assert!(
            w[0].message.contains("goes back from chapter 3"),
            "{}",
            w[0].message
        );
        // Warnings only: the plan is valid.
        assert_eq!(found(&numbered(&[1, 2, 2, 5])), []);
    }

    #[test]
    fn chapter_numbers_that_run_on_or_restart_at_1_are_fine() {
        assert_eq!(warnings(&numbered(&[1, 2, 3, 1, 2])), []);
        assert_eq!(warnings(&numbered(&[4, 5])), []);
        assert_eq!(warnings(&numbered(&[])), []);
    }

    #[test]
    fn warnings_name_the_source_line_or_the_pointer() {
        let p = numbered(&[2, 2]);
        let w = source_warnings(&p, Path::new("s.txt"));
        assert_eq!(w[0].line, Some(20));
        assert!(
            w[0].to_string().starts_with("s.txt:20: chapter 2"),
            "{}",
            w[0]
        );
        let w = document_warnings(&p, Path::new("plan.json"));
        assert_eq!(w[0].line, None);
        assert!(
            w[0].to_string()
                .starts_with("plan.json: /chapters/1/number: chapter 2"),
            "{}",
            w[0]
        );
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
