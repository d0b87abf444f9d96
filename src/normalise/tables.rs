//! Tables to records: the indicators table to `Indicator`s, standards tables to `Standard`s.

use crate::model::{Funding, Indicator, IndicatorAttribute, Standard, Table, TableKind, Value};
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
    /// Chapter id, when the table stands in a chapter (not in the preface).
    pub chapter: Option<String>,
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

/// Warnings met while reading a table: (line, message).
type Notes = Vec<(usize, String)>;

/// A year column header such as `2020年`, `2025` or `2025年目标`.
fn year_of(header: &str) -> Option<i32> {
    let h = compact(header);
    let digits: String = h.chars().take_while(char::is_ascii_digit).collect();
    let rest = &h[digits.len()..];
    let rest = rest.strip_prefix('年').unwrap_or(rest);
    let plain =
        rest.is_empty() || ["目标", "目标值", "预期", "基期", "基数", "现状"].contains(&rest);
    (digits.len() == 4 && plain)
        .then(|| digits.parse().ok())
        .flatten()
}

/// Whether a header row is an indicators table's (it has two year columns or more).
pub fn is_indicator_header(header: &[String]) -> bool {
    header.iter().filter(|h| year_of(h).is_some()).count() >= 2
}

/// What a table holds, by its header row: indicators (two year columns), standards (the
/// standards' column cue words), or anything else.
pub fn kind_of(header: &[String]) -> TableKind {
    if is_indicator_header(header) {
        TableKind::Indicators
    } else if StandardColumns::find(header).is_ok() {
        TableKind::Standards
    } else {
        TableKind::Other
    }
}

fn cell_text(cell: &Cell) -> String {
    join_cell(&cell.fragments)
}

fn row_span(cells: &[Cell]) -> crate::model::SourceRef {
    let first = cells.first().map_or(0, |c| c.line);
    let last = cells.iter().map(|c| c.end_line).max().unwrap_or(first);
    span(first, last)
}

/// Which column of an indicators table holds what.
struct IndicatorColumns {
    domain: Option<usize>,
    category: Option<usize>,
    name: usize,
    unit: Option<usize>,
    change: Option<usize>,
    attribute: Option<usize>,
    /// Year columns: (column, year), in column order.
    years: Vec<(usize, i32)>,
}

impl IndicatorColumns {
    fn find(cols: &[String]) -> IndicatorColumns {
        let years: Vec<(usize, i32)> = cols
            .iter()
            .enumerate()
            .filter_map(|(i, h)| year_of(h).map(|y| (i, y)))
            .collect();
        let is_year = |i: usize| years.iter().any(|(c, _)| *c == i);
        let by = |words: &[&str]| {
            cols.iter()
                .enumerate()
                .position(|(i, h)| !is_year(i) && words.iter().any(|w| compact(h).contains(w)))
        };
        let domain = by(&["领域"]);
        let category = by(&["类别", "分类", "类型"]);
        let attribute = by(&["属性", "性质"]);
        let change = by(&["年均", "累计", "增速", "变化"]);
        let unit = cols
            .iter()
            .position(|h| compact(h) == "单位" || compact(h) == "计量单位");
        let taken = [domain, category, attribute, change, unit];
        let name = by(&["指标", "名称"])
            .filter(|i| !taken.contains(&Some(*i)))
            .or_else(|| (0..cols.len()).find(|i| !is_year(*i) && !taken.contains(&Some(*i))))
            .unwrap_or(0);
        IndicatorColumns {
            domain,
            category,
            name,
            unit,
            change,
            attribute,
            years,
        }
    }
}

/// `预期性` / `约束性` → the attribute; anything else is not one.
fn attribute_of(text: &str) -> Option<IndicatorAttribute> {
    let t = compact(text);
    if t.starts_with("预期") {
        Some(IndicatorAttribute::Expected)
    } else if t.starts_with("约束") {
        Some(IndicatorAttribute::Binding)
    } else {
        None
    }
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
        let kind = kind_of(&columns);
        let title = node
            .title
            .as_ref()
            .map(|t| clean(&t.text))
            .filter(|t| !t.is_empty());
        let mut notes = Vec::new();
        let mut table = Table {
            id: place.id.clone(),
            title,
            kind,
            columns,
            notes: Vec::new(),
            chapter: place.chapter.clone(),
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
            TableKind::Indicators => self.indicators(node, &table, domains, &mut notes),
            TableKind::Standards => self.standards(node, &table, &mut notes)?,
            TableKind::Other => table.rows = Some(other_rows(node)),
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
    ) {
        let cols = IndicatorColumns::find(&table.columns);
        let (Some(&(base_col, base_year)), Some(&(target_col, target_year))) =
            (cols.years.first(), cols.years.last())
        else {
            return;
        };
        if self.years.is_none() {
            self.years = Some((base_year, target_year));
        }
        // Without a 领域 column every row is in the domain of the table's chapter, or in the
        // plan's only domain, or in none.
        let fixed_domain = table
            .domain
            .clone()
            .or_else(|| match domains.list.as_slice() {
                [only] => Some(only.code.clone()),
                _ => None,
            });
        let mut domain_name: Option<String> = None;
        let mut category: Option<String> = None;
        let mut unmatched: Vec<String> = Vec::new();
        let mut n = 0;
        for row in &node.rows {
            let cells = match row {
                Row::Data(cells) => cells,
                Row::Category(c) => {
                    category = Some(cell_text(c)).filter(|t| !t.is_empty());
                    continue;
                }
                Row::Note(_) => continue,
            };
            let domain = match cols.domain {
                Some(col) => {
                    let text = cell_text(&cells[col]);
                    if !text.is_empty() {
                        domain_name = Some(text);
                    }
                    match &domain_name {
                        Some(name) => match domains.lookup(name) {
                            Some(d) => Some(d.code.clone()),
                            None => {
                                if !unmatched.contains(name) {
                                    unmatched.push(name.clone());
                                    notes.push((
                                        cells[col].line,
                                        format!(
                                            "table \"{}\": domain \"{name}\" matches no domain (known: {}); its rows are kept without a domain (add the name to a domain's aliases in the sidecar)",
                                            table.title.as_deref().unwrap_or("(untitled)"),
                                            or_none(&domains.known_names())
                                        ),
                                    ));
                                }
                                None
                            }
                        },
                        None => None,
                    }
                }
                None => fixed_domain.clone(),
            };
            if let Some(col) = cols.category {
                let text = cell_text(&cells[col]);
                if !text.is_empty() {
                    category = Some(text);
                }
            }
            n += 1;
            let (name, split) = split_unit(&cell_text(&cells[cols.name]));
            let unit = cols
                .unit
                .map(|c| cell_text(&cells[c]))
                .filter(|u| !u.is_empty())
                .or(split);
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
            // Year columns between the baseline and the target (none when there are two).
            let between = cols.years.get(1..cols.years.len().saturating_sub(1));
            let values = between
                .unwrap_or_default()
                .iter()
                .map(|&(c, y)| value(c, y))
                .collect();
            let attribute = cols.attribute.and_then(|c| {
                let text = cell_text(&cells[c]);
                let a = attribute_of(&text);
                if a.is_none() && !text.is_empty() {
                    notes.push((
                        cells[c].line,
                        format!("indicator \"{name}\": attribute \"{text}\" is neither 预期性 nor 约束性; left out"),
                    ));
                }
                a
            });
            self.indicators.push(Indicator {
                id: format!("{}.r{n}", table.id),
                table: table.id.clone(),
                domain,
                category: category.clone(),
                name,
                unit,
                baseline,
                target,
                values,
                change: cols
                    .change
                    .map(|c| cell_text(&cells[c]))
                    .filter(|t| !t.is_empty()),
                attribute,
                source: row_span(cells),
            });
        }
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
                    table.title.as_deref().unwrap_or("(untitled)")
                ),
            )
        })?;
        let name = table.title.as_deref().unwrap_or("(untitled)");
        if table.domain.is_none() {
            notes.push((
                node.line(),
                format!("standards table \"{name}\" is in a chapter that is no domain; its rows are kept without a domain"),
            ));
        }
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
                match (&above, compact(&text) == DITTO) {
                    (Some(prev), true) => {
                        values[field] = prev[field].clone();
                        ditto.push(FIELDS[field].to_string());
                    }
                    (None, true) => {
                        notes.push((
                            cells[*col].line,
                            format!("table \"{name}\": 同上 (ditto) in the first row, with no row above to repeat; kept as written"),
                        ));
                        values[field] = text;
                    }
                    (_, false) => values[field] = text,
                }
            }
            if values[ITEM].is_empty() {
                notes.push((
                    cells[0].line,
                    format!("table \"{name}\": a row has an empty 服务项目 cell"),
                ));
            }
            n += 1;
            let [item, beneficiaries, standard, funding, coverage] = values.clone();
            self.standards.push(Standard {
                id: format!("{}.r{n}", table.id),
                table: table.id.clone(),
                domain: table.domain.clone(),
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

/// The body rows of a table of another kind, cells cleaned and as written; a category row is
/// a row of one cell.
fn other_rows(node: &TableNode) -> Vec<Vec<String>> {
    node.rows
        .iter()
        .filter_map(|r| match r {
            Row::Data(cells) => Some(cells.iter().map(cell_text).collect()),
            Row::Category(c) => Some(vec![cell_text(c)]),
            Row::Note(_) => None,
        })
        .collect()
}

fn or_none(names: &str) -> &str {
    if names.is_empty() { "none" } else { names }
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
    fn without_a_domain_column_and_no_domain_to_take_rows_have_no_domain() {
        let text = format!(
            "第一章 教育服务\n{STANDARDS}第二章 卫生服务\n{STANDARDS}第三章 指标\n{INDICATORS}"
        );
        let plan = parse(&text).unwrap();
        assert_eq!(plan.indicators.len(), 1);
        assert_eq!(plan.indicators[0].domain, None);
    }

    #[test]
    fn indicator_tables_of_other_shapes() {
        let text = "第一章 目标\n主要指标\n\t类别\n\t指标\n\t单位\n\t2015年\n\t2020年\n\t2025年\n\t年均/累计\n\t属性\n\n\t经济\n\t增长\n\t%\n\t6.9\n\t2.3\n\t5\n\t[5.5]\n\t预期性\n\n\t\n\t耕地\n\t亿亩\n\t18.65\n\t18.65\n\t18.65\n\t—\n\t约束性\n";
        let plan = parse(text).unwrap();
        let i = &plan.indicators;
        assert_eq!(i.len(), 2);
        assert_eq!(
            (i[0].category.as_deref(), i[1].category.as_deref()),
            (Some("经济"), Some("经济"))
        );
        assert_eq!(i[0].unit.as_deref(), Some("%"));
        assert_eq!((i[0].baseline.year, i[0].target.year), (2015, 2025));
        assert_eq!(i[0].values.len(), 1);
        assert_eq!(i[0].values[0].year, 2020);
        assert_eq!(i[0].change.as_deref(), Some("[5.5]"));
        assert_eq!(i[0].attribute, Some(IndicatorAttribute::Expected));
        assert_eq!(i[1].attribute, Some(IndicatorAttribute::Binding));
    }

    #[test]
    fn any_other_table_is_kept_as_written() {
        let text = "第一章 工作组\n名单\n\t职务\n\t姓名\n\n\t组长\n\t张三\n";
        let plan = parse(text).unwrap();
        assert_eq!(plan.tables[0].kind, TableKind::Other);
        assert_eq!(
            plan.tables[0].rows,
            Some(vec![vec!["组长".to_string(), "张三".to_string()]])
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
