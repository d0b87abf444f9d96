//! Conversion from a `Plan` to open data: one CSV file per kind of record and a Frictionless
//! Data Package v2 descriptor (`opendata/*.csv`, `opendata/datapackage.json`).
//!
//! [`resources`] holds one table per CSV file; the same table writes the file and its Table
//! Schema. The files are UTF-8 without BOM, RFC 4180 quoting, `\n` line ends, a header row of
//! ASCII snake_case names; null is an empty cell; lists are joined by [`LIST_SEPARATOR`].
//! Before anything is returned the rows are checked against their own schema (required
//! cells, unique keys, codelists, foreign keys), so a package that would not validate is an
//! error here rather than on the data portal.

mod descriptor;
mod resources;

use std::collections::HashSet;

use super::{OutputFile, WriteError};
use crate::model::{Plan, format_number};

/// Joins the items of a list in one cell. Codes and numbers cannot contain it; a text item
/// that does is an error rather than a silently split value.
pub const LIST_SEPARATOR: &str = ";";

/// The line terminator of every CSV file, declared in each resource's `dialect`.
pub const LINE_TERMINATOR: u8 = b'\n';

/// Folder of the package inside the plan's output folder.
const FOLDER: &str = "opendata";

/// The open-data files of a plan: `opendata/<resource>.csv` in the order of the descriptor,
/// then `opendata/datapackage.json`.
pub fn write(plan: &Plan) -> Result<Vec<OutputFile>, WriteError> {
    let resources = resources::all(plan);
    check(&resources, plan)?;
    let csvs = resources
        .iter()
        .map(Resource::to_csv)
        .collect::<Result<Vec<_>, _>>()?;
    let descriptor = descriptor::render(plan, &resources, &csvs)?;
    let mut files: Vec<OutputFile> = resources
        .iter()
        .zip(csvs)
        .map(|(r, bytes)| OutputFile {
            path: format!("{FOLDER}/{}.csv", r.name),
            bytes,
        })
        .collect();
    files.push(OutputFile {
        path: format!("{FOLDER}/datapackage.json"),
        bytes: descriptor.into_bytes(),
    });
    Ok(files)
}

/// What a column holds: its Table Schema type and the constraints that follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An identifier or a reference to one: a string.
    Id,
    /// Free text in the plan's language.
    Text,
    /// A whole number.
    Integer,
    /// A number, written with [`format_number`].
    Number,
    /// A calendar year.
    Year,
    /// A code of one of the plan's domains (an `enum` of the codes in `domains`).
    DomainCode,
    /// A code from a fixed codelist (an `enum`).
    Code(&'static [&'static str]),
    /// Codes from a fixed codelist joined by [`LIST_SEPARATOR`] (a `pattern`).
    Codes(&'static [&'static str]),
    /// Texts joined by [`LIST_SEPARATOR`] (a `list` of strings).
    TextList,
    /// Numbers joined by [`LIST_SEPARATOR`] (a `list` of numbers).
    NumberList,
}

/// One value taken out of a record, before it is written as text.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    /// No value: an empty cell.
    Null,
    /// A text; an empty text is an empty cell too.
    Text(String),
    /// A whole number.
    Int(i64),
    /// Items to join by [`LIST_SEPARATOR`]; no items is an empty cell.
    List(Vec<String>),
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn opt(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, Cell::text)
    }

    fn opt_int(v: Option<u32>) -> Cell {
        v.map_or(Cell::Null, |v| Cell::Int(v.into()))
    }

    fn number(v: Option<f64>) -> Cell {
        v.map_or(Cell::Null, |v| Cell::Text(format_number(v)))
    }

    fn numbers(v: Option<&[f64]>) -> Cell {
        v.map_or(Cell::Null, |v| {
            Cell::List(v.iter().map(|x| format_number(*x)).collect())
        })
    }

    fn list(items: impl Iterator<Item = String>) -> Cell {
        Cell::List(items.collect())
    }

    /// The cell's text in the file, or why it cannot be written.
    fn render(self) -> Result<String, String> {
        match self {
            Cell::Null => Ok(String::new()),
            Cell::Text(s) => Ok(s),
            Cell::Int(i) => Ok(i.to_string()),
            Cell::List(items) => {
                if let Some(bad) = items
                    .iter()
                    .find(|i| i.is_empty() || i.contains(LIST_SEPARATOR))
                {
                    return Err(format!(
                        "list item \"{bad}\" is empty or contains the list separator \
                         '{LIST_SEPARATOR}'"
                    ));
                }
                Ok(items.join(LIST_SEPARATOR))
            }
        }
    }
}

/// A column of a CSV file: its Table Schema field and how to take its cell out of a row.
struct Column<R> {
    /// ASCII snake_case name: the header cell and the field's `name`.
    name: &'static str,
    /// Chinese title.
    title: &'static str,
    /// What the column holds, in English.
    description: &'static str,
    kind: Kind,
    /// Whether every row has a value.
    required: bool,
    cell: fn(&R) -> Cell,
}

/// A column whose values must occur in the key column of another resource.
#[derive(Debug, Clone, Copy)]
struct ForeignKey {
    field: &'static str,
    resource: &'static str,
    key: &'static str,
}

/// One CSV file of the package, described column by column.
struct Table<R> {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    columns: Vec<Column<R>>,
    /// The columns that together identify a row; each is required, their values unique.
    primary_key: &'static [&'static str],
    foreign_keys: Vec<ForeignKey>,
}

/// A field of a resource's schema, without the record type.
#[derive(Debug, Clone)]
struct Field {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    kind: Kind,
    required: bool,
}

/// A resource with its rows rendered to text, ready for the CSV writer and the descriptor.
struct Resource {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    fields: Vec<Field>,
    primary_key: &'static [&'static str],
    foreign_keys: Vec<ForeignKey>,
    /// Each row's cells in column order, or the reason a cell cannot be written.
    rows: Vec<Vec<Result<String, String>>>,
}

impl<R> Table<R> {
    /// The resource for these records.
    fn render(self, records: impl Iterator<Item = R>) -> Resource {
        let rows = records
            .map(|r| self.columns.iter().map(|c| (c.cell)(&r).render()).collect())
            .collect();
        Resource {
            name: self.name,
            title: self.title,
            description: self.description,
            fields: self
                .columns
                .iter()
                .map(|c| Field {
                    name: c.name,
                    title: c.title,
                    description: c.description,
                    kind: c.kind,
                    required: c.required || self.primary_key.contains(&c.name),
                })
                .collect(),
            primary_key: self.primary_key,
            foreign_keys: self.foreign_keys,
            rows,
        }
    }
}

impl Resource {
    /// The position of a named column; a key naming no column is a mistake in the resource
    /// tables, reported as an error rather than a panic.
    fn column(&self, name: &str) -> Result<usize, WriteError> {
        self.fields
            .iter()
            .position(|f| f.name == name)
            .ok_or_else(|| {
                WriteError::new("opendata", format!("{}.csv: no column {name}", self.name))
            })
    }

    /// The cell's text; rows were checked before any is read this way.
    fn cell(&self, row: usize, col: usize) -> &str {
        self.rows[row][col].as_deref().unwrap_or("")
    }

    /// The id of a row for messages: its primary key's values, or its position.
    fn row_label(&self, row: usize) -> String {
        let key: Option<Vec<&str>> = self
            .primary_key
            .iter()
            .map(|k| {
                let c = self.column(k).ok()?;
                self.rows[row][c].as_deref().ok().filter(|v| !v.is_empty())
            })
            .collect();
        match key {
            Some(values) if !values.is_empty() => format!("row {}", values.join(",")),
            _ => format!("row {}", row + 1),
        }
    }

    /// The primary key's values of a row.
    fn key_of(&self, row: usize, columns: &[usize]) -> Vec<&str> {
        columns.iter().map(|&c| self.cell(row, c)).collect()
    }

    fn to_csv(&self) -> Result<Vec<u8>, WriteError> {
        let err = |e: csv::Error| WriteError::new("opendata", format!("{}.csv: {e}", self.name));
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(LINE_TERMINATOR))
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(Vec::new());
        w.write_record(self.fields.iter().map(|f| f.name))
            .map_err(err)?;
        for row in 0..self.rows.len() {
            w.write_record((0..self.fields.len()).map(|c| self.cell(row, c)))
                .map_err(err)?;
        }
        w.into_inner()
            .map_err(|e| WriteError::new("opendata", format!("{}.csv: {e}", self.name)))
    }
}

/// Checks every row against its resource's schema; the first problem is the error.
fn check(resources: &[Resource], plan: &Plan) -> Result<(), WriteError> {
    let fail = |r: &Resource, row: usize, field: &str, msg: String| {
        WriteError::new(
            "opendata",
            format!("{}.csv: {}: {field}: {msg}", r.name, r.row_label(row)),
        )
    };
    let domain_codes: Vec<&str> = plan.domains.iter().map(|d| d.code.as_str()).collect();
    for r in resources {
        for (row, cells) in r.rows.iter().enumerate() {
            for (field, cell) in r.fields.iter().zip(cells) {
                let text = cell
                    .as_deref()
                    .map_err(|m| fail(r, row, field.name, m.clone()))?;
                if text.is_empty() {
                    if field.required {
                        return Err(fail(r, row, field.name, "required but empty".into()));
                    }
                    continue;
                }
                let codelist: &[&str] = match field.kind {
                    Kind::Code(codes) | Kind::Codes(codes) => codes,
                    Kind::DomainCode => &domain_codes,
                    _ => continue,
                };
                let mut items = text.split(LIST_SEPARATOR);
                let bad = match field.kind {
                    Kind::Codes(_) => items.find(|i| !codelist.contains(i)),
                    _ => Some(text).filter(|t| !codelist.contains(t)),
                };
                if let Some(bad) = bad {
                    return Err(fail(
                        r,
                        row,
                        field.name,
                        format!("\"{bad}\" is not one of {codelist:?}"),
                    ));
                }
            }
        }
        let key = r
            .primary_key
            .iter()
            .map(|k| r.column(k))
            .collect::<Result<Vec<_>, _>>()?;
        let mut seen = HashSet::new();
        for row in 0..r.rows.len() {
            if !seen.insert(r.key_of(row, &key)) {
                let names = r.primary_key.join(",");
                return Err(fail(r, row, &names, "the key occurs twice".into()));
            }
        }
    }
    for r in resources {
        for fk in &r.foreign_keys {
            let target = resources
                .iter()
                .find(|t| t.name == fk.resource)
                .ok_or_else(|| {
                    WriteError::new(
                        "opendata",
                        format!(
                            "{}.csv: foreign key to unknown resource {}",
                            r.name, fk.resource
                        ),
                    )
                })?;
            let key = target.column(fk.key)?;
            let keys: HashSet<&str> = (0..target.rows.len())
                .map(|row| target.cell(row, key))
                .collect();
            let col = r.column(fk.field)?;
            for row in 0..r.rows.len() {
                let v = r.cell(row, col);
                if !v.is_empty() && !keys.contains(v) {
                    return Err(fail(
                        r,
                        row,
                        fk.field,
                        format!(
                            "\"{v}\" is not a {}.{} in {}.csv",
                            fk.resource, fk.key, fk.resource
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FundingLevel;

    #[test]
    fn funding_codelist_matches_the_model() {
        let codes: Vec<&str> = FundingLevel::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(codes, resources::FUNDING_LEVELS);
    }

    #[test]
    fn a_list_item_with_the_separator_is_refused() {
        let cell = Cell::List(vec!["a;b".into()]);
        assert!(cell.render().unwrap_err().contains("separator"));
        assert_eq!(
            Cell::List(vec!["a".into(), "b".into()]).render().unwrap(),
            "a;b"
        );
        assert_eq!(Cell::List(vec![]).render().unwrap(), "");
    }
}
