//! Tables to records: the indicators table to `Indicator`s, standards tables to `Standard`s.

use crate::model::{Funding, Indicator, Standard, Table, TableKind, Value};
use crate::recognise::{Cell, Row, TableNode};

use super::cells::{funding_levels, parse_value, split_unit};
use super::text::{clean, compact, join_cell};
use super::{Domains, Fault, short, span};

/// The word that marks a ditto cell.
const DITTO: &str = "同上";

/// Where a table stands: its id and the chapter, section and domain around it.
#[derive(Debug, Clone)]
pub struct Place {
    /// The table's positional id.
    pub id: String,
    /// Chapter id.
    pub chapter: String,
    /// Section id, if inside one.
    pub section: Option<String>,
    /// Domain code of the chapter, if any.
    pub domain: Option<String>,
}

/// Tables and their records, in document order.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// The tables.
    pub tables: Vec<Table>,
    /// Rows of indicators tables.
    pub indicators: Vec<Indicator>,
    /// Rows of standards tables.
    pub standards: Vec<Standard>,
    /// Baseline and target year of the first indicators table.
    years: Option<(i32, i32)>,
}

/// Where an indicators row's domain comes from.
enum RowDomain {
    /// The 领域 column at this position (an empty cell repeats the domain above).
    Column(usize),
    /// No 领域 column: this domain code for every row.
    Fixed(String),
}

/// Warnings met while reading a table: (line, message).
type Notes = Vec<(usize, String)>;

/// A year column header such as `2020年` or `2025`.
fn year_of(header: &str) -> Option<i32> {
    let h = compact(header);
    let h = h.strip_suffix('年').unwrap_or(&h);
    (h.len() == 4 && h.bytes().all(|b| b.is_ascii_digit()))
        .then(|| h.parse().ok())
        .flatten()
}

/// Whether a header row is an indicators table's (it has year columns).
pub fn is_indicator_header(header: &[String]) -> bool {
    header.iter().filter(|h| year_of(h).is_some()).count() >= 2
}

fn cell_text(cell: &Cell) -> String {
    join_cell(&cell.fragments)
}

fn row_span(cells: &[Cell]) -> crate::model::SourceRef {
    let first = cells.first().map_or(0, |c| c.line);
    let last = cells.iter().map(|c| c.end_line).max().unwrap_or(first);
    span(first, last)
}

impl Tables {
    /// Baseline and target year of the first indicators table, if there is one.
    pub fn indicator_years(&self) -> Option<(i32, i32)> {
        self.years
    }

    /// Adds a recognised table and its rows.
    pub fn add(
        &mut self,
        node: &TableNode,
        place: Place,
        domains: &Domains,
    ) -> Result<Notes, Fault> {
        let columns: Vec<String> = node.header.iter().map(cell_text).collect();
        let kind = if is_indicator_header(&columns) {
            TableKind::Indicators
        } else {
            TableKind::Standards
        };
        let title = node
            .title
            .as_ref()
            .map(|t| clean(&t.text))
            .unwrap_or_default();
        let mut notes = Vec::new();
        if title.is_empty() {
            notes.push((
                node.line(),
                "table has no title line before its header row".to_string(),
            ));
        }
        let mut table = Table {
            id: place.id.clone(),
            title: Some(title),
            kind,
            columns,
            notes: Vec::new(),
            chapter: Some(place.chapter.clone()),
            section: place.section.clone(),
            domain: place.domain.clone(),
            rows: None,
            source: span(node.line(), node.end_line),
        };
        for row in &node.rows {
            if let Row::Note(cells) = row {
                table.notes.push(
                    cells[1..]
                        .iter()
                        .map(cell_text)
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
        }
        match kind {
            TableKind::Indicators => self.indicators(node, &table, domains, &mut notes)?,
            TableKind::Standards => self.standards(node, &table, &mut notes)?,
            TableKind::Other => {}
        }
        self.tables.push(table);
        Ok(notes)
    }

    fn indicators(
        &mut self,
        node: &TableNode,
        table: &Table,
        domains: &Domains,
        notes: &mut Notes,
    ) -> Result<(), Fault> {
        let cols = &table.columns;
        let header_line = node.header[0].line;
        let years: Vec<(usize, i32)> = cols
            .iter()
            .enumerate()
            .filter_map(|(i, h)| year_of(h).map(|y| (i, y)))
            .collect();
        let (Some(&(base_col, base_year)), Some(&(target_col, target_year))) =
            (years.first(), years.last())
        else {
            return Err(Fault::at(
                header_line,
                "indicators table: expected two year columns",
            ));
        };
        let is_year = |i: usize| years.iter().any(|(c, _)| *c == i);
        let domain_col = cols.iter().position(|h| compact(h).contains("领域"));
        let name_col = cols
            .iter()
            .position(|h| compact(h).contains("指标"))
            .or_else(|| (0..cols.len()).find(|i| Some(*i) != domain_col && !is_year(*i)))
            .ok_or_else(|| {
                Fault::at(
                    header_line,
                    "indicators table: expected a column naming the indicator (指标)",
                )
            })?;
        // Without a 领域 column every row is in the domain of the table's chapter, or in the
        // plan's only domain.
        let row_domain = match domain_col {
            Some(col) => RowDomain::Column(col),
            None => {
                let code = table
                    .domain
                    .clone()
                    .or_else(|| match domains.list.as_slice() {
                        [only] => Some(only.code.clone()),
                        _ => None,
                    });
                RowDomain::Fixed(code.ok_or_else(|| {
                    Fault::at(
                        header_line,
                        format!(
                            "indicators table \"{}\": no 领域 column and the table is not in a domain's chapter; expected a 领域 column naming each row's domain",
                            table.title.as_deref().unwrap_or_default()
                        ),
                    )
                })?)
            }
        };
        if self.years.is_none() {
            self.years = Some((base_year, target_year));
        }
        let mut current: Option<String> = None;
        let mut last: Option<(String, &crate::model::Domain)> = None;
        let mut n = 0;
        for row in &node.rows {
            let cells = match row {
                Row::Data(cells) => cells,
                Row::Category(c) => {
                    current = Some(cell_text(c));
                    continue;
                }
                Row::Note(_) => continue,
            };
            let domain_code = match &row_domain {
                RowDomain::Column(col) => {
                    let col = *col;
                    let domain_text = cell_text(&cells[col]);
                    if !domain_text.is_empty() {
                        current = Some(domain_text);
                    }
                    let Some(domain_name) = current.clone() else {
                        return Err(Fault::at(
                            cells[0].line,
                            format!(
                                "table \"{}\": first row has an empty 领域 cell; expected a domain name",
                                table.title.as_deref().unwrap_or_default()
                            ),
                        ));
                    };
                    // Consecutive rows mostly name the same domain: look it up once for the run.
                    let found = match &last {
                        Some((name, d)) if *name == domain_name => Some(*d),
                        _ => domains.lookup(&domain_name),
                    };
                    let Some(domain) = found else {
                        return Err(Fault::at(
                            cells[col].line,
                            format!(
                                "table \"{}\": domain \"{domain_name}\" matches no domain; expected one of {} (add it to a domain's aliases in the sidecar)",
                                table.title.as_deref().unwrap_or_default(),
                                domains.known_names()
                            ),
                        ));
                    };
                    last = Some((domain_name, domain));
                    domain.code.clone()
                }
                RowDomain::Fixed(code) => code.clone(),
            };
            n += 1;
            let (name, unit) = split_unit(&cell_text(&cells[name_col]));
            let mut value = |col: usize, year: i32| -> Value {
                match parse_value(&cell_text(&cells[col]), year) {
                    Ok(v) => v,
                    Err(v) => {
                        notes.push((
                            cells[col].line,
                            format!("indicator \"{name}\": cannot read a number from \"{}\"; value left null", v.text),
                        ));
                        v
                    }
                }
            };
            let baseline = value(base_col, base_year);
            let target = value(target_col, target_year);
            self.indicators.push(Indicator {
                id: format!("{}.r{n}", table.id),
                table: table.id.clone(),
                domain: Some(domain_code),
                category: None,
                name,
                unit,
                baseline,
                target,
                values: Vec::new(),
                change: None,
                attribute: None,
                source: row_span(cells),
            });
        }
        Ok(())
    }

    fn standards(
        &mut self,
        node: &TableNode,
        table: &Table,
        notes: &mut Notes,
    ) -> Result<(), Fault> {
        let columns = StandardColumns::find(&table.columns).map_err(|m| {
            Fault::at(
                node.header[0].line,
                format!(
                    "standards table \"{}\": {m}",
                    table.title.as_deref().unwrap_or_default()
                ),
            )
        })?;
        let Some(domain) = table.domain.clone() else {
            notes.push((
                node.line(),
                format!("standards table \"{}\" is in a chapter that is no domain; its rows are left out", table.title.as_deref().unwrap_or_default()),
            ));
            return Ok(());
        };
        let mut category: Option<String> = None;
        let mut above: Option<[String; 5]> = None;
        let mut n = 0;
        for row in &node.rows {
            let cells = match row {
                Row::Data(cells) => cells,
                Row::Category(c) => {
                    category = Some(cell_text(c));
                    continue;
                }
                Row::Note(_) => continue,
            };
            let mut values: [String; 5] = Default::default();
            let mut ditto = Vec::new();
            for (field, col) in columns.cols.iter().enumerate() {
                let Some(col) = col else { continue };
                let text = cell_text(&cells[*col]);
                if compact(&text) == DITTO {
                    let Some(prev) = &above else {
                        return Err(Fault::at(
                            cells[*col].line,
                            format!(
                                "table \"{}\": 同上 (ditto) in the first row; expected a row above to repeat",
                                table.title.as_deref().unwrap_or_default()
                            ),
                        ));
                    };
                    values[field] = prev[field].clone();
                    ditto.push(FIELDS[field].to_string());
                } else {
                    values[field] = text;
                }
            }
            if values[ITEM].is_empty() {
                notes.push((
                    cells[0].line,
                    format!(
                        "table \"{}\": a row has an empty 服务项目 cell",
                        table.title.as_deref().unwrap_or_default()
                    ),
                ));
            }
            n += 1;
            let [item, beneficiaries, standard, funding, coverage] = values.clone();
            self.standards.push(Standard {
                id: format!("{}.r{n}", table.id),
                table: table.id.clone(),
                domain: Some(domain.clone()),
                category: category.clone(),
                item,
                beneficiaries,
                standard: columns.cols[STANDARD].map(|_| standard),
                funding: Funding {
                    levels: funding_levels(&funding),
                    text: funding,
                },
                coverage,
                ditto_fields: ditto,
                source: row_span(cells),
            });
            above = Some(values);
        }
        Ok(())
    }
}

/// Field names of a standards row, in the order of `StandardColumns::cols`.
const FIELDS: [&str; 5] = ["item", "beneficiaries", "standard", "funding", "coverage"];
const ITEM: usize = 0;
const STANDARD: usize = 2;

/// Which column holds which field of a standards row.
struct StandardColumns {
    cols: [Option<usize>; 5],
}

impl StandardColumns {
    /// Maps header texts to fields by their cue words (服务项目, 服务对象, 保障标准, 支出责任, 覆盖水平).
    fn find(headers: &[String]) -> Result<StandardColumns, String> {
        let mut cols = [None; 5];
        for (i, h) in headers.iter().enumerate() {
            let h = compact(h);
            let field = if h.contains("项目") {
                0
            } else if h.contains("对象") {
                1
            } else if h.contains("标准") || h.contains("措施") {
                2
            } else if h.contains("责任") || h.contains("支出") {
                3
            } else if h.contains("覆盖") || h.contains("水平") {
                4
            } else {
                return Err(format!(
                    "column \"{}\" is none of 服务项目, 服务对象, 保障标准, 支出责任, 覆盖水平",
                    short(&h)
                ));
            };
            if cols[field].is_some() {
                return Err(format!("two columns mean {}", FIELDS[field]));
            }
            cols[field] = Some(i);
        }
        for (field, name) in [
            (0, "服务项目"),
            (1, "服务对象"),
            (3, "支出责任"),
            (4, "覆盖水平"),
        ] {
            if cols[field].is_none() {
                return Err(format!("expected a {name} column, found none"));
            }
        }
        Ok(StandardColumns { cols })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_headers() {
        assert_eq!(year_of("2020年"), Some(2020));
        assert_eq!(year_of(" 2025 "), Some(2025));
        assert_eq!(year_of("指标"), None);
        assert!(is_indicator_header(&[
            "领域".into(),
            "指标".into(),
            "2020年".into(),
            "2025年".into()
        ]));
    }

    /// Parses a small text without a sidecar (domains: chapters holding a standards table).
    fn parse(text: &str) -> Result<crate::Plan, crate::Error> {
        let path = std::path::Path::new("t.txt");
        let input = crate::source::from_bytes(path, text.as_bytes(), None, "t.toml".into())?;
        let outline = crate::recognise::outline(&input.text)
            .map_err(|e| crate::Error::at(path, e.line, e.message))?;
        crate::normalise::plan(&input, &outline).map(|w| w.output)
    }

    const STANDARDS: &str =
        "标准表\n\t服务项目\n\t服务对象\n\t支出责任\n\t覆盖水平\n\n\t项\n\t人\n\t县\n\t全\n\n\n";
    const INDICATORS: &str = "指标表\n\t指标\n\t2020年\n\t2025年\n\n\t入园率%\n\t90\n\t95\n\n\n";

    fn domains_of_indicators(plan: &crate::Plan) -> Vec<&str> {
        plan.indicators
            .iter()
            .map(|i| i.domain.as_deref().unwrap_or_default())
            .collect()
    }

    #[test]
    fn without_a_domain_column_rows_take_the_chapters_domain() {
        let text = format!(
            "第一章 教育服务\n{STANDARDS}第二章 卫生服务\n{STANDARDS}第一节 指标\n{INDICATORS}"
        );
        let plan = parse(&text).unwrap();
        assert_eq!(domains_of_indicators(&plan), ["d2"]);
        assert_eq!(plan.indicators[0].name, "入园率");
    }

    #[test]
    fn without_a_domain_column_rows_take_the_only_domain() {
        let text = format!("第一章 教育服务\n{STANDARDS}第二章 指标\n{INDICATORS}");
        let plan = parse(&text).unwrap();
        assert_eq!(domains_of_indicators(&plan), ["d1"]);
    }

    #[test]
    fn without_a_domain_column_and_no_domain_to_take_is_an_error_with_the_line() {
        let text = format!(
            "第一章 教育服务\n{STANDARDS}第二章 卫生服务\n{STANDARDS}第三章 指标\n{INDICATORS}"
        );
        let e = parse(&text).unwrap_err().to_string();
        assert!(
            e.starts_with("t.txt:29: indicators table \"指标表\": no 领域 column"),
            "{e}"
        );
    }

    #[test]
    fn standard_columns_by_cue_words() {
        let h: Vec<String> = [
            "服务项目",
            "服务对象",
            "保障标准及措施",
            "支出责任",
            "覆盖水平",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            StandardColumns::find(&h).unwrap().cols,
            [Some(0), Some(1), Some(2), Some(3), Some(4)]
        );
        let four: Vec<String> = ["服务项目", "服务对象", "支出责任", "覆盖水平"]
            .map(String::from)
            .into();
        assert_eq!(StandardColumns::find(&four).unwrap().cols[STANDARD], None);
        let bad: Vec<String> = ["服务项目", "颜色"].map(String::from).into();
        assert!(StandardColumns::find(&bad).is_err());
    }
}
