//! The sidecar `<stem>.toml`: what the plan's text does not say (ids, region code, domains).

use std::path::Path;

use serde::Deserialize;

use crate::error::Error;

/// Largest sidecar plandoc reads; a sidecar is a few KB.
pub const MAX_SIDECAR_BYTES: u64 = 1024 * 1024;

/// The parsed sidecar.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    /// What the plan is; absent: derived from the text.
    pub plan: Option<PlanMeta>,
    /// The plan's service domains, in chapter order.
    #[serde(default)]
    pub domains: Vec<DomainMeta>,
}

/// The `[plan]` table. When the table is there, `id`, `title`, `region`, `period` and
/// `baseline_year` must be too: a clerk who writes the table means to set them, and a missing
/// one is a slip better reported than papered over. Without the table, all are derived.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    /// Stable plan id.
    pub id: Option<String>,
    /// Full title.
    pub title: Option<String>,
    /// Region name and code.
    pub region: Option<RegionMeta>,
    /// Years covered.
    pub period: Option<PeriodMeta>,
    /// Year of the baseline values.
    pub baseline_year: Option<i32>,
    /// BCP 47 language tag.
    pub language: Option<String>,
    /// SPDX licence id of the published data.
    pub license: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
}

/// `region = { name, code }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionMeta {
    /// Region name.
    pub name: String,
    /// GB/T 2260 code.
    pub code: Option<String>,
}

/// `period = { start, end }`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodMeta {
    /// First year.
    pub start: i32,
    /// Last year.
    pub end: i32,
}

/// One `[[domains]]` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainMeta {
    /// Machine code, `[a-z0-9-]+`.
    pub code: String,
    /// Title of the chapter holding the domain.
    pub chapter: String,
    /// Names for the domain in the indicators table.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Department that receives the domain's workbook.
    pub department: Option<String>,
}

/// A sidecar problem, before the path is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidecarError {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What was expected and what was found.
    pub message: String,
}

impl SidecarError {
    /// The error with the sidecar's path.
    pub fn tagged(self, path: &Path) -> Error {
        match self.line {
            Some(line) => Error::at(path, line, self.message),
            None => Error::input(path, self.message),
        }
    }
}

/// Parses and checks a sidecar's bytes.
pub fn parse(bytes: &[u8]) -> Result<Sidecar, SidecarError> {
    if bytes.is_empty() {
        // An empty sidecar says nothing; the plan then warns of what it lacks.
        return Ok(Sidecar::default());
    }
    // Decoded like the source text (UTF-8, UTF-16 with BOM, GB18030), so every error has a line.
    let decoded = super::decode(bytes).map_err(|e| SidecarError {
        line: e.line,
        message: format!("sidecar: {}", e.message),
    })?;
    let text = decoded.text.as_str();
    let sidecar: Sidecar = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let quoted = line
            .and_then(|l| text.lines().nth(l - 1))
            .map(|l| format!(" (in `{}`)", shorten(l.trim(), 80)))
            .unwrap_or_default();
        SidecarError {
            line,
            message: format!("invalid sidecar: {}{quoted}", e.message()),
        }
    })?;
    check(&sidecar, text)?;
    Ok(sidecar)
}

/// At most `n` characters of a line, for quoting it in a message.
fn shorten(line: &str, n: usize) -> String {
    match line.char_indices().nth(n) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The line where `needle` first occurs, for pointing at a value that failed a check.
fn line_mentioning(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|at| line_of(text, at))
}

fn check(sidecar: &Sidecar, text: &str) -> Result<(), SidecarError> {
    if let Some(plan) = &sidecar.plan {
        let missing: Vec<&str> = [
            ("id", plan.id.is_none()),
            ("title", plan.title.is_none()),
            ("region", plan.region.is_none()),
            ("period", plan.period.is_none()),
            ("baseline_year", plan.baseline_year.is_none()),
        ]
        .into_iter()
        .filter_map(|(k, absent)| absent.then_some(k))
        .collect();
        if !missing.is_empty() {
            return Err(SidecarError {
                line: line_mentioning(text, "[plan]"),
                message: format!(
                    "[plan] lacks {}; expected id, title, region, period and baseline_year (or no [plan] table at all, to derive them from the text)",
                    missing.join(", ")
                ),
            });
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for d in &sidecar.domains {
        let fail = |message: String| SidecarError {
            line: line_mentioning(text, &format!("\"{}\"", d.code)),
            message,
        };
        if !is_code(&d.code) {
            return Err(fail(format!(
                "domain code \"{}\": expected lowercase letters, digits and '-' only",
                d.code
            )));
        }
        if seen.contains(&d.code.as_str()) {
            return Err(fail(format!("domain code \"{}\" is given twice", d.code)));
        }
        seen.push(&d.code);
        if d.chapter.trim().is_empty() {
            return Err(fail(format!("domain \"{}\": chapter is empty", d.code)));
        }
        if let Some(dep) = d
            .department
            .as_deref()
            .filter(|d| crate::write::is_blank_name(d))
        {
            return Err(SidecarError {
                line: line_mentioning(text, &format!("\"{dep}\"")).or(fail(String::new()).line),
                message: format!(
                    "domain \"{}\": department {dep:?} has no visible characters; expected the \
                     name of the department that receives the domain's workbook (or no \
                     department key)",
                    d.code
                ),
            });
        }
    }
    if let Some(code) = sidecar
        .plan
        .as_ref()
        .and_then(|p| p.region.as_ref()?.code.as_ref())
    {
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SidecarError {
                line: line_mentioning(text, &format!("\"{code}\"")),
                message: format!(
                    "region code \"{code}\": expected a 6-digit GB/T 2260 code, e.g. \"510821\""
                ),
            });
        }
    }
    if let Some(p) = sidecar.plan.as_ref().and_then(|p| p.period) {
        if p.start > p.end {
            return Err(SidecarError {
                line: line_mentioning(text, "period"),
                message: format!(
                    "period: start {} is after end {}; expected start <= end",
                    p.start, p.end
                ),
            });
        }
    }
    Ok(())
}

/// Whether a domain code is `[a-z0-9-]+`.
pub fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_sidecar_parses() {
        let text = include_str!("../../source/wangcang-public-services-2021-2025.toml");
        let s = parse(text.as_bytes()).unwrap();
        assert_eq!(s.domains.len(), 9);
        assert_eq!(s.plan.unwrap().baseline_year, Some(2020));
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = parse(b"[plan]\nid = \"x\"\ntitle = \n").unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn bad_codes_and_unknown_keys_are_refused() {
        assert!(parse(b"[[domains]]\ncode = \"Edu\"\nchapter = \"x\"\n").is_err());
        assert!(parse(b"[plan]\ncolour = \"red\"\n").is_err());
    }

    #[test]
    fn sidecars_in_other_encodings_have_lines_in_their_errors() {
        let text = "[plan]\nid = \"x\"\ntitle = \n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(parse(&utf16).unwrap_err().line, Some(3));
        let (gb, _, _) = encoding_rs::GB18030.encode("# 旺苍县\n[plan]\nid = \n");
        assert_eq!(parse(&gb).unwrap_err().line, Some(3));
        let ok = include_str!("../../source/wangcang-public-services-2021-2025.toml");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(ok.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(parse(&utf16).unwrap().domains.len(), 9);
    }

    #[test]
    fn a_type_error_quotes_its_line() {
        let e = parse(b"[[domains]]\ncode = \"a\"\nchapter = 5\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("(in `chapter = 5`)"), "{}", e.message);
    }

    #[test]
    fn an_empty_sidecar_is_an_empty_one() {
        assert_eq!(parse(b"").unwrap(), Sidecar::default());
    }

    #[test]
    fn a_blank_department_and_a_bad_region_code_are_refused_at_their_line() {
        let e = parse(
            "[[domains]]\ncode = \"a\"\nchapter = \"x\"\ndepartment = \" \u{200B}\"\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(4), "{}", e.message);
        assert!(
            e.message.contains("has no visible characters"),
            "{}",
            e.message
        );
        let text = include_str!("../../source/wangcang-public-services-2021-2025.toml")
            .replace("\"510821\"", "\"51082\"");
        let e = parse(text.as_bytes()).unwrap_err();
        let line = text.lines().position(|l| l.contains("\"51082\"")).unwrap() + 1;
        assert_eq!(e.line, Some(line));
        assert!(
            e.message
                .starts_with("region code \"51082\": expected a 6-digit"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_plan_table_must_say_who_and_when() {
        let e = parse(b"[plan]\nid = \"x\"\ntitle = \"t\"\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(
            e.message.contains("lacks region, period, baseline_year"),
            "{}",
            e.message
        );
    }
}
