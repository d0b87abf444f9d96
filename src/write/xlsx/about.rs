//! 说明: what the workbook is, where it comes from, and what each sheet holds.

use super::grid::{Cell, Column, Grid};
use super::{Audience, fulltext, generator, glossary, indicators, projects, standards, tasks};
use crate::model::Plan;

/// The sheet's name.
pub(crate) const NAME: &str = "说明";

/// The sheet for a plan (already narrowed to the audience's domains).
pub(crate) fn grid(plan: &Plan, audience: Audience) -> Grid {
    let info = &plan.plan;
    let domains: Vec<&str> = plan.domains.iter().map(|d| d.name.as_str()).collect();
    let mut facts: Vec<(String, String)> = vec![
        ("标题".into(), info.title_text().to_string()),
        (
            "范围".into(),
            match audience {
                Audience::Everyone => "规划全文".to_string(),
                Audience::Department(dep) => format!("{dep}负责的领域"),
            },
        ),
        ("领域".into(), domains.join("、")),
        ("地区".into(), info.region_name().to_string()),
        (
            "行政区划代码".into(),
            info.region_code().unwrap_or_default().to_string(),
        ),
        (
            "规划期".into(),
            info.period
                .map(|p| format!("{}—{}年", p.start, p.end))
                .unwrap_or_default(),
        ),
        (
            "基期年".into(),
            info.baseline_year
                .map(|y| format!("{y}年"))
                .unwrap_or_default(),
        ),
        ("来源文件".into(), info.source.file.clone()),
        ("来源文件SHA-256".into(), info.source.sha256.clone()),
        ("数据模式版本".into(), plan.schema_version.clone()),
        ("生成工具".into(), generator()),
    ];
    if let Some(license) = &info.license {
        facts.push(("许可".into(), license.clone()));
    }
    if let Some(publisher) = &info.publisher {
        facts.push(("发布者".into(), publisher.clone()));
    }
    let sheets = [
        (indicators::NAME, indicators::ABOUT, plan.indicators.len()),
        (standards::NAME, standards::ABOUT, plan.standards.len()),
        (projects::NAME, projects::ABOUT, plan.projects.len()),
        (tasks::NAME, tasks::ABOUT, tasks::tasks(plan).len()),
        (
            fulltext::NAME,
            fulltext::ABOUT,
            fulltext::paragraphs(plan).len(),
        ),
        (glossary::NAME, glossary::ABOUT, plan.glossary.len()),
    ];
    for (name, about, count) in sheets {
        facts.push((
            format!("工作表：{name}"),
            format!("{about}（共 {count} 行）"),
        ));
    }
    Grid {
        name: NAME,
        columns: vec![Column::new("项目", 24.0), Column::new("内容", 90.0)],
        rows: facts
            .into_iter()
            .map(|(k, v)| vec![Cell::Text(k), Cell::Text(v)])
            .collect(),
        merges: Vec::new(),
    }
}
