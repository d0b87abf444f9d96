//! Conversion from a `Plan` to Excel workbooks for people: `plan.xlsx` with the whole plan and
//! `departments/<部门>.xlsx` with each department's domains.
//!
//! Every workbook has the same seven sheets, in this order: 说明, 主要指标, 基本标准, 重点项目,
//! 重点任务, 全文, 名词解释. Each sheet module turns the plan into a `Grid` (header and
//! cells, no formatting); `grid::render` lays every grid out the same way (bold filled header,
//! frozen header row, autofilter, wrapped text, widths that fit Chinese text, A4 landscape
//! printing). Texts are always written as strings, so nothing becomes a formula, and the
//! document properties carry a creation time taken from the plan, so the bytes are the same on
//! every build.

mod about;
mod fulltext;
mod glossary;
mod grid;
mod indicators;
mod labels;
mod projects;
mod standards;
mod tasks;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::{OutputFile, WriteError, unique_file_stems};
use crate::model::Plan;

/// Path of the whole plan's workbook inside the plan's output folder.
pub const PLAN_FILE: &str = "plan.xlsx";

/// Folder of the department workbooks inside the plan's output folder.
pub const DEPARTMENTS_DIR: &str = "departments";

/// The sheet names, in workbook order.
pub const SHEET_NAMES: [&str; 7] = [
    about::NAME,
    indicators::NAME,
    standards::NAME,
    projects::NAME,
    tasks::NAME,
    fulltext::NAME,
    glossary::NAME,
];

/// Who a workbook is for: everyone (the whole plan) or one department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience<'a> {
    /// The whole plan.
    Everyone,
    /// One department; the plan given alongside is already its subset.
    Department(&'a str),
}

/// The xlsx files of a plan: `plan.xlsx`, then one `departments/<部门>.xlsx` per department in
/// order of first mention.
pub fn write(plan: &Plan) -> Result<Vec<OutputFile>, WriteError> {
    let mut files = vec![OutputFile {
        path: PLAN_FILE.to_string(),
        bytes: workbook(plan, Audience::Everyone)?,
    }];
    let departments = plan.departments();
    let stems = unique_file_stems(&departments);
    for (department, stem) in departments.iter().zip(stems) {
        let codes: Vec<&str> = plan
            .domains
            .iter()
            .filter(|d| d.department.as_deref() == Some(*department))
            .map(|d| d.code.as_str())
            .collect();
        let part = plan.subset(&codes);
        files.push(OutputFile {
            path: format!("{DEPARTMENTS_DIR}/{stem}.xlsx"),
            bytes: workbook(&part, Audience::Department(department))?,
        });
    }
    Ok(files)
}

/// One workbook's bytes: every sheet of `plan`, with properties naming the audience.
fn workbook(plan: &Plan, audience: Audience) -> Result<Vec<u8>, WriteError> {
    let sheets = [
        about::grid(plan, audience),
        indicators::grid(plan),
        standards::grid(plan),
        projects::grid(plan),
        tasks::grid(plan),
        fulltext::grid(plan),
        glossary::grid(plan),
    ];
    let mut book = Workbook::new();
    book.set_properties(&properties(plan, audience).map_err(xlsx_error)?);
    for sheet in &sheets {
        let worksheet = grid::render(sheet)
            .map_err(|e| WriteError::new("xlsx", format!("sheet {}: {e}", sheet.name)))?;
        book.push_worksheet(worksheet);
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// Title, subject, author and a creation time that depends only on the plan.
fn properties(plan: &Plan, audience: Audience) -> Result<DocProperties, XlsxError> {
    let info = &plan.plan;
    let title = match audience {
        Audience::Everyone => info.title_text().to_string(),
        Audience::Department(dep) => format!("{}（{dep}）", info.title_text()),
    };
    let author = info
        .publisher
        .clone()
        .unwrap_or_else(|| info.region_name().to_string());
    let subject = match info.period {
        Some(p) => format!("{}（{}—{}年）", info.id, p.start, p.end),
        None => info.id.clone(),
    };
    let keywords: Vec<&str> = plan.domains.iter().map(|d| d.name.as_str()).collect();
    Ok(DocProperties::new()
        .set_title(title)
        .set_subject(subject)
        .set_author(author)
        .set_company(info.region_name())
        .set_keywords(keywords.join("，"))
        .set_comment(format!(
            "由 {} 从 {}（SHA-256 {}）生成",
            generator(),
            info.source.file,
            info.source.sha256
        ))
        .set_creation_datetime(&creation_time(plan)?))
}

/// 1 January of the plan's first year (1980 when the plan gives no period), midnight: fixed
/// for a plan, so builds are reproducible.
fn creation_time(plan: &Plan) -> Result<ExcelDateTime, XlsxError> {
    let start = plan.plan.period.map_or(1980, |p| p.start);
    let year = start.clamp(1900, 9999) as u16;
    ExcelDateTime::from_ymd(year, 1, 1)?.and_hms(0, 0, 0)
}

/// `plandoc <version>`.
fn generator() -> String {
    format!("plandoc {}", env!("CARGO_PKG_VERSION"))
}

fn xlsx_error(e: XlsxError) -> WriteError {
    WriteError::new("xlsx", e.to_string())
}
