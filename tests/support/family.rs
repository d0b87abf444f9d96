//! Makes plans of the shipped example's family by text transformations that keep its layout valid.
//!
//! Plain Rust over std, encoding_rs and toml, so tests, benches and examples can all include it:
//! `#[path = "../tests/support/family.rs"] mod family;`. Everything is deterministic from a seed.
//! The transformations work on lines and re-recognise the layout cues of DESIGN.md ("The source
//! text") after every step: chapter headings, tables (title, TAB-led header, rows separated by
//! blank lines, categories, split rows, `备注` notes) and project boxes.
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Stem of the shipped example in `source/`.
pub const EXAMPLE_STEM: &str = "wangcang-public-services-2021-2025";

/// One plan of the family: a source text and its sidecar, both as UTF-8 text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// File stem: the plan is written as `<stem>.txt` + `<stem>.toml`.
    pub stem: String,
    /// The plan text, `\n` line endings, exactly as it would be saved.
    pub text: String,
    /// The sidecar TOML.
    pub sidecar: String,
}

impl Variant {
    /// Writes `dir/<stem>.txt` and `dir/<stem>.toml` (UTF-8) and returns the text's path.
    pub fn write(&self, dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let txt = dir.join(format!("{}.txt", self.stem));
        std::fs::write(&txt, &self.text)?;
        std::fs::write(dir.join(format!("{}.toml", self.stem)), &self.sidecar)?;
        Ok(txt)
    }
}

/// The project's root folder (where `Cargo.toml` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped example, read from `source/`.
pub fn example() -> Variant {
    let dir = root().join("source");
    let read = |ext: &str| {
        let path = dir.join(format!("{EXAMPLE_STEM}.{ext}"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    Variant {
        stem: EXAMPLE_STEM.to_string(),
        text: read("txt"),
        sidecar: read("toml"),
    }
}

// ---------------------------------------------------------------------------------------------
// PRNG

/// xorshift64* seeded through splitmix64, so that nearby seeds give unrelated streams.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Sidecar

/// One `[[domains]]` entry of a sidecar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    pub code: String,
    pub chapter: String,
    pub aliases: Vec<String>,
    pub department: String,
}

/// The sidecar's contents (DESIGN.md, "The sidecar").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sidecar {
    pub id: String,
    pub title: String,
    pub region_name: String,
    pub region_code: String,
    pub start: i64,
    pub end: i64,
    pub baseline_year: i64,
    pub language: String,
    pub license: Option<String>,
    pub publisher: Option<String>,
    pub domains: Vec<Domain>,
}

impl Sidecar {
    pub fn parse(text: &str) -> Result<Sidecar, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let plan = table
            .get("plan")
            .and_then(|p| p.as_table())
            .ok_or("no [plan] table")?;
        let s = |t: &toml::Table, k: &str| -> Result<String, String> {
            t.get(k)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .ok_or(format!("no string `{k}`"))
        };
        let i = |t: &toml::Table, k: &str| -> Result<i64, String> {
            t.get(k)
                .and_then(|v| v.as_integer())
                .ok_or(format!("no integer `{k}`"))
        };
        let sub = |k: &str| -> Result<&toml::Table, String> {
            plan.get(k)
                .and_then(|v| v.as_table())
                .ok_or(format!("no table `plan.{k}`"))
        };
        let region = sub("region")?;
        let period = sub("period")?;
        let mut domains = Vec::new();
        if let Some(list) = table.get("domains").and_then(|d| d.as_array()) {
            for d in list {
                let d = d.as_table().ok_or("a [[domains]] entry is not a table")?;
                let aliases = d
                    .get("aliases")
                    .and_then(|a| a.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                domains.push(Domain {
                    code: s(d, "code")?,
                    chapter: s(d, "chapter")?,
                    aliases,
                    department: s(d, "department")?,
                });
            }
        }
        Ok(Sidecar {
            id: s(plan, "id")?,
            title: s(plan, "title")?,
            region_name: s(region, "name")?,
            region_code: s(region, "code")?,
            start: i(period, "start")?,
            end: i(period, "end")?,
            baseline_year: i(plan, "baseline_year")?,
            language: s(plan, "language")?,
            license: s(plan, "license").ok(),
            publisher: s(plan, "publisher").ok(),
            domains,
        })
    }

    /// TOML in the layout of the shipped sidecar.
    pub fn render(&self) -> String {
        let q = toml_string;
        let mut out = String::from(
            "# What the plan's text does not say (generated by tests/support/family.rs).\n\n",
        );
        out += "[plan]\n";
        out += &format!("id = {}\n", q(&self.id));
        out += &format!("title = {}\n", q(&self.title));
        out += &format!(
            "region = {{ name = {}, code = {} }}\n",
            q(&self.region_name),
            q(&self.region_code)
        );
        out += &format!(
            "period = {{ start = {}, end = {} }}\n",
            self.start, self.end
        );
        out += &format!("baseline_year = {}\n", self.baseline_year);
        out += &format!("language = {}\n", q(&self.language));
        if let Some(l) = &self.license {
            out += &format!("license = {}\n", q(l));
        }
        if let Some(p) = &self.publisher {
            out += &format!("publisher = {}\n", q(p));
        }
        for d in &self.domains {
            out += "\n[[domains]]\n";
            out += &format!("code = {}\n", q(&d.code));
            out += &format!("chapter = {}\n", q(&d.chapter));
            let aliases: Vec<String> = d.aliases.iter().map(|a| q(a)).collect();
            out += &format!("aliases = [{}]\n", aliases.join(", "));
            out += &format!("department = {}\n", q(&d.department));
        }
        out
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            '\n' => out += "\\n",
            '\t' => out += "\\t",
            c if (c as u32) < 0x20 || c == '\u{7f}' => out += &format!("\\u{:04X}", c as u32),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn sidecar_of(v: &Variant) -> Sidecar {
    Sidecar::parse(&v.sidecar).unwrap_or_else(|e| panic!("sidecar of {}: {e}", v.stem))
}

// ---------------------------------------------------------------------------------------------
// Recognising the layout (just enough to transform it safely)

/// Junk that layout cues ignore: spaces, U+3000, U+F020, U+00A0.
fn is_junk(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{F020}' | '\u{A0}' | '\r')
}

/// The line without junk characters anywhere.
pub fn clean(line: &str) -> String {
    line.chars().filter(|&c| !is_junk(c) && c != '\t').collect()
}

fn is_blank(line: &str) -> bool {
    !line.starts_with('\t') && line.chars().all(is_junk)
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Chinese numeral for 1..=99 as headings write it (`十二`, `二十`, `二十一`).
pub fn numeral(n: usize) -> String {
    assert!((1..100).contains(&n), "numeral {n} out of range");
    let (tens, ones) = (n / 10, n % 10);
    let mut s = String::new();
    if tens > 1 {
        s.push(DIGITS[tens]);
    }
    if tens > 0 {
        s.push('十');
    }
    if ones > 0 {
        s.push(DIGITS[ones]);
    }
    s
}

/// Value of a Chinese numeral 1..=99, or None.
pub fn parse_numeral(s: &str) -> Option<usize> {
    (1..100).find(|&n| numeral(n) == s)
}

/// A `第N章 title` / `第N节 title` heading: (kind char, number, title).
fn numbered_heading(line: &str) -> Option<(char, usize, String)> {
    let c = clean(line);
    let rest = c.strip_prefix('第')?;
    let end = rest.find(['章', '节'])?;
    let n = parse_numeral(&rest[..end])?;
    let kind = rest[end..].chars().next()?;
    Some((kind, n, rest[end + kind.len_utf8()..].to_string()))
}

/// Chapter heading: (number, title).
pub fn chapter_heading(line: &str) -> Option<(usize, String)> {
    match numbered_heading(line) {
        Some(('章', n, t)) => Some((n, t)),
        _ => None,
    }
}

pub fn is_heading(line: &str) -> bool {
    if line.starts_with('\t') {
        return false;
    }
    let c = clean(line);
    c == "前言" || c == "名词解释" || numbered_heading(line).is_some()
}

/// A cell: its TAB-led first line and its last content line (continuations included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Table,
    Box,
}

/// What a group of cells after a table's header is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A full row (possibly with its first cell split from the rest by blank lines).
    Data,
    /// A lone cell followed by a full row.
    Category,
    /// The last `备注 | …` row.
    Note,
    /// Anything else (a malformed row).
    Other,
}

/// A row of a table: its cells (indices into `Block::cells`) and its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub cells: std::ops::Range<usize>,
    pub start: usize,
    pub end: usize,
}

/// A table or a project box, with the lines it spans.
#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    /// Line of the title (`专栏N …` for a box).
    pub title: usize,
    pub cells: Vec<Cell>,
    /// Header width (tables only; 0 for boxes).
    pub columns: usize,
    /// Rows after the header (tables only).
    pub rows: Vec<Row>,
}

impl Block {
    /// Last content line.
    pub fn end(&self) -> usize {
        self.cells.last().map_or(self.title, |c| c.end)
    }

    pub fn cell_text(&self, lines: &[String], i: usize) -> String {
        let c = self.cells[i];
        lines[c.start..=c.end].iter().map(|l| clean(l)).collect()
    }

    pub fn is_indicators(&self, lines: &[String]) -> bool {
        self.kind == BlockKind::Table
            && (0..self.columns).any(|i| {
                let t = self.cell_text(lines, i);
                t.len() == 7
                    && t.ends_with('年')
                    && t.get(..4)
                        .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
            })
    }

    pub fn data_rows(&self) -> impl Iterator<Item = (usize, &Row)> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == RowKind::Data)
    }
}

/// Splits the text into lines; `join` puts it back byte for byte.
pub fn split(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_string).collect()
}

pub fn join(lines: &[String]) -> String {
    lines.join("\n")
}

/// Every table and box, in document order.
pub fn blocks(lines: &[String]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with('\t') {
            i += 1;
            continue;
        }
        let mut t = i;
        while t > 0 && is_blank(&lines[t - 1]) && i - t < 1 {
            t -= 1;
        }
        let title = t.saturating_sub(1);
        let kind = if clean(&lines[title]).starts_with("专栏") {
            BlockKind::Box
        } else {
            BlockKind::Table
        };
        let mut cells: Vec<Cell> = Vec::new();
        let mut blanks = 0;
        let mut j = i;
        while j < lines.len() {
            let line = &lines[j];
            if line.starts_with('\t') {
                cells.push(Cell { start: j, end: j });
                blanks = 0;
            } else if is_blank(line) {
                blanks += 1;
            } else if blanks >= 2 || is_heading(line) {
                break;
            } else {
                cells.last_mut().expect("a cell").end = j;
                blanks = 0;
            }
            j += 1;
        }
        let mut block = Block {
            kind,
            title,
            cells,
            columns: 0,
            rows: Vec::new(),
        };
        if kind == BlockKind::Table {
            classify_rows(&mut block, lines);
        }
        i = block.end() + 1;
        out.push(block);
    }
    out
}

/// Groups cells into rows: a blank line between two cells ends a group.
fn classify_rows(block: &mut Block, lines: &[String]) {
    let cells = &block.cells;
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut from = 0;
    for k in 1..=cells.len() {
        if k == cells.len() || cells[k].start > cells[k - 1].end + 1 {
            groups.push(from..k);
            from = k;
        }
    }
    let Some(header) = groups.first() else { return };
    let n = header.len();
    block.columns = n;
    let mut g = 1;
    while g < groups.len() {
        let cur = groups[g].clone();
        let next_len = groups.get(g + 1).map_or(0, |r| r.len());
        let (kind, range) = if cur.len() == n {
            (RowKind::Data, cur)
        } else if cur.len() == 1 && next_len == n {
            (RowKind::Category, cur)
        } else if cur.len() == 1 && n > 2 && next_len == n - 1 {
            g += 1;
            (RowKind::Data, cur.start..groups[g].end)
        } else if cur.len() == 2 && block.cell_text(lines, cur.start) == "备注" {
            (RowKind::Note, cur)
        } else {
            (RowKind::Other, cur)
        };
        let start = cells[range.start].start;
        let end = cells[range.end - 1].end;
        block.rows.push(Row {
            kind,
            cells: range,
            start,
            end,
        });
        g += 1;
    }
}

/// Lines of the chapter headings: (line, number, title).
pub fn chapters(lines: &[String]) -> Vec<(usize, usize, String)> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| chapter_heading(l).map(|(n, t)| (i, n, t)))
        .collect()
}

/// Line range `[heading, next chapter heading or 名词解释 or end)` of the chapter titled `title`.
fn chapter_span(lines: &[String], title: &str) -> Option<(usize, usize)> {
    let start = chapters(lines).into_iter().find(|(_, _, t)| t == title)?.0;
    let end = (start + 1..lines.len())
        .find(|&i| chapter_heading(&lines[i]).is_some() || clean(&lines[i]) == "名词解释")
        .unwrap_or(lines.len());
    Some((start, end))
}

/// Rewrites the numeral of a `第N章` line, keeping everything around it.
fn set_chapter_number(line: &str, n: usize) -> String {
    let open = line.find('第').expect("第");
    let close = line[open..].find('章').expect("章") + open;
    format!("{}第{}{}", &line[..open], numeral(n), &line[close..])
}

/// Numbers chapters 1, 2, … and boxes `专栏1`, `专栏2`, … in document order.
pub fn renumber(lines: &mut [String]) {
    let mut chapter = 0;
    let mut boxes = 0;
    for line in lines.iter_mut() {
        if chapter_heading(line).is_some() {
            chapter += 1;
            *line = set_chapter_number(line, chapter);
        } else if let Some(pos) = line.find("专栏") {
            if !line[..pos].chars().all(is_junk) {
                continue;
            }
            let digits = line[pos + "专栏".len()..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits > 0 {
                boxes += 1;
                let after = pos + "专栏".len() + digits;
                *line = format!("{}专栏{}{}", &line[..pos], boxes, &line[after..]);
            }
        }
    }
}

/// The indicators table, if any.
pub fn indicators_table(lines: &[String]) -> Option<Block> {
    blocks(lines).into_iter().find(|b| b.is_indicators(lines))
}

/// Standards tables: every table but the indicators table, in document order.
pub fn standards_tables(lines: &[String]) -> Vec<Block> {
    blocks(lines)
        .into_iter()
        .filter(|b| b.kind == BlockKind::Table && !b.is_indicators(lines))
        .collect()
}

/// Rows of the indicators table with the domain name each belongs to (empty cell = above).
pub fn indicator_rows(lines: &[String]) -> Vec<(Row, String)> {
    let Some(table) = indicators_table(lines) else {
        return Vec::new();
    };
    let mut domain = String::new();
    let mut out = Vec::new();
    for (_, row) in table.data_rows() {
        let first = table.cell_text(lines, row.cells.start);
        if !first.is_empty() {
            domain = first;
        }
        out.push((row.clone(), domain.clone()));
    }
    out
}

/// Removes a row's lines with the blank lines that separate it from its neighbour.
fn remove_row_lines(lines: &mut Vec<String>, table: &Block, row: usize) {
    let r = &table.rows[row];
    let (from, to) = match table.rows.get(row + 1) {
        Some(next) => (r.start, next.start),
        None => {
            let prev_end = if row == 0 {
                table.cells[table.columns - 1].end
            } else {
                table.rows[row - 1].end
            };
            (prev_end + 1, r.end + 1)
        }
    };
    lines.drain(from..to);
}

// ---------------------------------------------------------------------------------------------
// Transformations

/// Another region: replaces the sidecar's region name (and its short form without 县/区/市) in
/// text and sidecar, and the region code in the sidecar's plan id and region.
pub fn rename_region(v: &Variant, name: &str, code: &str, stem: &str) -> Variant {
    let mut sc = sidecar_of(v);
    let old_name = sc.region_name.clone();
    let old_short = short_name(&old_name);
    let new_short = short_name(name);
    let swap = |s: &str| s.replace(&old_name, name).replace(old_short, new_short);
    sc.id = sc.id.replace(&sc.region_code, code);
    sc.title = swap(&sc.title);
    sc.region_name = name.to_string();
    sc.region_code = code.to_string();
    for d in &mut sc.domains {
        d.chapter = swap(&d.chapter);
        d.aliases = d.aliases.iter().map(|a| swap(a)).collect();
    }
    Variant {
        stem: stem.to_string(),
        text: swap(&v.text),
        sidecar: sc.render(),
    }
}

fn short_name(name: &str) -> &str {
    name.strip_suffix(['县', '区', '市'])
        .filter(|s| s.chars().count() >= 2)
        .unwrap_or(name)
}

/// Drops the chapter of domain `code`, its indicator rows and its sidecar entry; renumbers
/// later chapters and boxes. Panics when the domain or its chapter is unknown.
pub fn drop_domain(v: &Variant, code: &str) -> Variant {
    let mut sc = sidecar_of(v);
    let pos = sc
        .domains
        .iter()
        .position(|d| d.code == code)
        .unwrap_or_else(|| panic!("no domain {code}"));
    let domain = sc.domains.remove(pos);
    let mut lines = split(&v.text);
    let (from, to) = chapter_span(&lines, &domain.chapter)
        .unwrap_or_else(|| panic!("no chapter {}", domain.chapter));
    lines.drain(from..to);
    renumber(&mut lines);
    // Indicator rows of the domain, bottom up so positions stay valid.
    while let Some(table) = indicators_table(&lines) {
        let rows = indicator_rows(&lines);
        let Some(k) = rows.iter().rposition(|(_, d)| domain.aliases.contains(d)) else {
            break;
        };
        let row = table
            .rows
            .iter()
            .position(|r| *r == rows[k].0)
            .expect("row");
        remove_row_lines(&mut lines, &table, row);
    }
    Variant {
        stem: v.stem.clone(),
        text: join(&lines),
        sidecar: sc.render(),
    }
}

/// Departments for repeated domains, used in order when not already taken.
const SPARE_DEPARTMENTS: [&str; 8] = [
    "发展和改革局",
    "财政局",
    "医疗保障局",
    "乡村振兴局",
    "司法局",
    "应急管理局",
    "农业农村局",
    "经济信息化和科技局",
];

/// Repeats the chapter of domain `code` right after it as `title（续）`, with its indicator rows
/// under the alias `alias（续）`, and a new sidecar domain `code-2` (or -3, …) with a spare
/// department. Renumbers chapters and boxes.
pub fn repeat_domain(v: &Variant, code: &str) -> Variant {
    let mut sc = sidecar_of(v);
    let src = sc
        .domains
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no domain {code}"))
        .clone();
    let mut lines = split(&v.text);
    let (from, to) =
        chapter_span(&lines, &src.chapter).unwrap_or_else(|| panic!("no chapter {}", src.chapter));
    let title = format!("{}（续）", src.chapter);
    let mut copy: Vec<String> = lines[from..to].to_vec();
    let head = &copy[0];
    let at = head.rfind(&src.chapter).expect("title in heading");
    copy[0] = format!(
        "{}{}{}",
        &head[..at],
        title,
        &head[at + src.chapter.len()..]
    );
    lines.splice(to..to, copy);
    renumber(&mut lines);

    let alias = format!("{}（续）", src.aliases.first().unwrap_or(&src.chapter));
    let rows = indicator_rows(&lines);
    if let Some(last) = rows.iter().rposition(|(_, d)| src.aliases.contains(d)) {
        let mut added: Vec<String> = Vec::new();
        let mut first = true;
        for (row, _) in rows.iter().filter(|(_, d)| src.aliases.contains(d)) {
            added.push(String::new());
            for (k, line) in lines[row.start..=row.end].iter().enumerate() {
                if k == 0 {
                    added.push(if first {
                        format!("\t{alias}")
                    } else {
                        "\t".to_string()
                    });
                    first = false;
                } else {
                    added.push(line.clone());
                }
            }
        }
        let at = rows[last].0.end + 1;
        lines.splice(at..at, added);
    }

    let mut n = 2;
    while sc.domains.iter().any(|d| d.code == format!("{code}-{n}")) {
        n += 1;
    }
    let taken: HashSet<&str> = sc.domains.iter().map(|d| d.department.as_str()).collect();
    let department = SPARE_DEPARTMENTS
        .iter()
        .find(|d| !taken.contains(**d))
        .map_or_else(|| format!("{}（续）", src.department), |d| d.to_string());
    let pos = sc
        .domains
        .iter()
        .position(|d| d.code == code)
        .expect("domain");
    sc.domains.insert(
        pos + 1,
        Domain {
            code: format!("{code}-{n}"),
            chapter: title,
            aliases: vec![alias],
            department,
        },
    );
    Variant {
        stem: v.stem.clone(),
        text: join(&lines),
        sidecar: sc.render(),
    }
}

/// Whether data row `row` of a standards table can go without breaking the table: not the only
/// row of its category, not followed by a ditto row, and the table keeps two data rows.
pub fn removable(lines: &[String], table: &Block, row: usize) -> bool {
    let rows = &table.rows;
    if rows[row].kind != RowKind::Data || table.data_rows().count() <= 2 {
        return false;
    }
    let after_category = row > 0 && rows[row - 1].kind == RowKind::Category;
    let next = rows.get(row + 1);
    let next_is_data = next.is_some_and(|n| n.kind == RowKind::Data);
    if after_category && !next_is_data {
        return false;
    }
    if let Some(next) = next.filter(|n| n.kind == RowKind::Data) {
        let split_next =
            table.cells[next.cells.start].end + 1 < table.cells[next.cells.start + 1].start;
        if after_category && split_next {
            return false;
        }
        if next
            .cells
            .clone()
            .any(|c| table.cell_text(lines, c) == "同上")
        {
            return false;
        }
    }
    true
}

/// Removes data row `row` (index into `Block::rows`) of standards table `table` (index into
/// `standards_tables`). Panics when the row is not `removable`.
pub fn remove_standard_row(v: &Variant, table: usize, row: usize) -> Variant {
    let mut lines = split(&v.text);
    let t = &standards_tables(&lines)[table];
    assert!(
        removable(&lines, t, row),
        "row {row} of table {table} is not removable"
    );
    let t = t.clone();
    remove_row_lines(&mut lines, &t, row);
    Variant {
        text: join(&lines),
        ..v.clone()
    }
}

/// Repeats data row `row` of standards table `table` right after it.
pub fn duplicate_standard_row(v: &Variant, table: usize, row: usize) -> Variant {
    let mut lines = split(&v.text);
    let t = &standards_tables(&lines)[table];
    let r = &t.rows[row];
    assert_eq!(
        r.kind,
        RowKind::Data,
        "row {row} of table {table} is not a data row"
    );
    let mut copy = vec![String::new()];
    copy.extend_from_slice(&lines[r.start..=r.end]);
    let at = r.end + 1;
    lines.splice(at..at, copy);
    Variant {
        text: join(&lines),
        ..v.clone()
    }
}

/// Removes and duplicates a few random standards rows.
pub fn shuffle_rows(v: &Variant, rng: &mut Rng, removals: usize, duplicates: usize) -> Variant {
    let mut v = v.clone();
    for _ in 0..removals {
        let lines = split(&v.text);
        let candidates: Vec<(usize, usize)> = standards_tables(&lines)
            .iter()
            .enumerate()
            .flat_map(|(t, b)| {
                (0..b.rows.len())
                    .filter(|&r| removable(&lines, b, r))
                    .map(move |r| (t, r))
                    .collect::<Vec<_>>()
            })
            .collect();
        if candidates.is_empty() {
            break;
        }
        let (t, r) = *rng.pick(&candidates);
        v = remove_standard_row(&v, t, r);
    }
    for _ in 0..duplicates {
        let lines = split(&v.text);
        let candidates: Vec<(usize, usize)> = standards_tables(&lines)
            .iter()
            .enumerate()
            .flat_map(|(t, b)| b.data_rows().map(move |(r, _)| (t, r)).collect::<Vec<_>>())
            .collect();
        if candidates.is_empty() {
            break;
        }
        let (t, r) = *rng.pick(&candidates);
        v = duplicate_standard_row(&v, t, r);
    }
    v
}

/// Changes every number in the indicators table's baseline and target cells by -20 % … +25 %,
/// keeping each number's decimals and everything around it (`4%`, `1500（累计）`, `a+b+c（…）`,
/// `/`); percentages stay at most 100.
pub fn change_indicator_values(v: &Variant, rng: &mut Rng) -> Variant {
    let mut lines = split(&v.text);
    let Some(table) = indicators_table(&lines) else {
        return v.clone();
    };
    for (_, row) in table.data_rows() {
        let name = table.cell_text(&lines, row.cells.start + 1);
        for c in row.cells.clone().skip(2) {
            let cell = table.cells[c];
            for line in &mut lines[cell.start..=cell.end] {
                let percent = name.contains('%') || line.contains('%');
                *line = perturb_numbers(line, rng, percent);
            }
        }
    }
    Variant {
        text: join(&lines),
        ..v.clone()
    }
}

fn perturb_numbers(s: &str, rng: &mut Rng, percent: bool) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            let ch = s[i..].chars().next().expect("char");
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let mut decimals = 0;
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
                decimals += 1;
            }
        }
        let old: f64 = s[start..i].parse().expect("number");
        let step = 10f64.powi(-(decimals as i32));
        let mut new = old * (80 + rng.below(46)) as f64 / 100.0;
        if percent {
            new = new.min(100.0);
        }
        if old > 0.0 && new < step {
            new = step;
        }
        out += &format!("{new:.decimals$}");
    }
    out
}

/// Removes the `保障标准` column (the header cell containing `标准`) from every 5-column
/// standards table, leaving 4-column tables.
pub fn drop_standard_column(v: &Variant) -> Variant {
    let mut lines = split(&v.text);
    let mut t = 0;
    loop {
        let tables = standards_tables(&lines);
        let Some(table) = tables.get(t) else { break };
        t += 1;
        let Some(col) = (0..table.columns).find(|&i| table.cell_text(&lines, i).contains("标准"))
        else {
            continue;
        };
        if table.columns != 5 || col + 1 >= table.columns {
            continue;
        }
        let mut ranges = vec![(table.cells[col].start, table.cells[col + 1].start)];
        for (_, row) in table.data_rows() {
            let c = row.cells.start + col;
            ranges.push((table.cells[c].start, table.cells[c + 1].start));
        }
        for (from, to) in ranges.into_iter().rev() {
            lines.drain(from..to);
        }
    }
    Variant {
        text: join(&lines),
        ..v.clone()
    }
}

/// Word-export noise outside tables and boxes: U+3000 indents and trailing spaces on some
/// paragraph lines, never on headings, titles or blank lines.
pub fn add_layout_noise(v: &Variant, rng: &mut Rng) -> Variant {
    let mut lines = split(&v.text);
    let mut inside = vec![false; lines.len()];
    for b in blocks(&lines) {
        for flag in &mut inside[b.title..=b.end()] {
            *flag = true;
        }
    }
    for (i, line) in lines.iter_mut().enumerate() {
        if inside[i] || is_blank(line) || is_heading(line) || line.starts_with('\t') {
            continue;
        }
        match rng.below(8) {
            0 => *line = format!("\u{3000}\u{3000}{line}"),
            1 => line.push_str("  "),
            _ => {}
        }
    }
    Variant {
        text: join(&lines),
        ..v.clone()
    }
}

// ---------------------------------------------------------------------------------------------
// Generated plans

/// (hanzi, pinyin) syllables for county names.
const SYLLABLES: [(&str, &str); 40] = [
    ("青", "qing"),
    ("川", "chuan"),
    ("安", "an"),
    ("平", "ping"),
    ("宁", "ning"),
    ("江", "jiang"),
    ("山", "shan"),
    ("阳", "yang"),
    ("云", "yun"),
    ("溪", "xi"),
    ("梓", "zi"),
    ("潼", "tong"),
    ("剑", "jian"),
    ("阁", "ge"),
    ("昭", "zhao"),
    ("化", "hua"),
    ("南", "nan"),
    ("北", "bei"),
    ("东", "dong"),
    ("兴", "xing"),
    ("隆", "long"),
    ("蓬", "peng"),
    ("营", "ying"),
    ("岳", "yue"),
    ("池", "chi"),
    ("武", "wu"),
    ("胜", "sheng"),
    ("华", "hua"),
    ("康", "kang"),
    ("德", "de"),
    ("盐", "yan"),
    ("亭", "ting"),
    ("丰", "feng"),
    ("都", "du"),
    ("泸", "lu"),
    ("乐", "le"),
    ("威", "wei"),
    ("远", "yuan"),
    ("广", "guang"),
    ("金", "jin"),
];

/// Province codes (GB/T 2260 first two digits) used for generated region codes.
const PROVINCES: [u32; 12] = [13, 14, 34, 36, 41, 42, 43, 45, 50, 51, 52, 53];

/// A county name, its pinyin and a 6-digit code.
pub fn region(rng: &mut Rng) -> (String, String, String) {
    let a = rng.below(SYLLABLES.len());
    let mut b = rng.below(SYLLABLES.len() - 1);
    if b >= a {
        b += 1;
    }
    let name = format!("{}{}县", SYLLABLES[a].0, SYLLABLES[b].0);
    let pinyin = format!("{}{}", SYLLABLES[a].1, SYLLABLES[b].1);
    let code = format!(
        "{:02}{:02}{:02}",
        rng.pick(&PROVINCES),
        1 + rng.below(20),
        21 + rng.below(30)
    );
    (name, pinyin, code)
}

/// A plan of the family, deterministic from `seed`: another county and code, zero to two domain
/// chapters dropped, maybe one repeated, standards rows removed and duplicated, indicator values
/// changed, sometimes layout noise or 4-column standards tables.
pub fn generate(seed: u64) -> Variant {
    let mut rng = Rng::new(seed);
    let ex = example();
    let (name, pinyin, code) = loop {
        let r = region(&mut rng);
        if !r.0.contains("旺苍") {
            break r;
        }
    };
    let stem = format!("{pinyin}-public-services-2021-2025");
    let mut v = rename_region(&ex, &name, &code, &stem);
    let codes: Vec<String> = sidecar_of(&v)
        .domains
        .iter()
        .map(|d| d.code.clone())
        .collect();
    let mut dropped = HashSet::new();
    for _ in 0..rng.below(3) {
        let c = rng.pick(&codes).clone();
        if dropped.insert(c.clone()) {
            v = drop_domain(&v, &c);
        }
    }
    if rng.chance(1, 3) {
        let left: Vec<String> = codes
            .iter()
            .filter(|c| !dropped.contains(*c))
            .cloned()
            .collect();
        let code: &String = rng.pick(&left);
        v = repeat_domain(&v, code);
    }
    let (removals, duplicates) = (rng.below(4), rng.below(4));
    v = shuffle_rows(&v, &mut rng, removals, duplicates);
    v = change_indicator_values(&v, &mut rng);
    if rng.chance(1, 2) {
        v = add_layout_noise(&v, &mut rng);
    }
    if rng.chance(1, 5) {
        v = drop_standard_column(&v);
    }
    v
}

/// `n` plans with distinct stems, plan ids and region codes.
pub fn corpus(n: usize, seed: u64) -> Vec<Variant> {
    let mut seeds = Rng::new(seed);
    let mut stems = HashSet::new();
    let mut codes = HashSet::new();
    let mut out = Vec::with_capacity(n);
    let mut misses = 0;
    while out.len() < n {
        let mut v = generate(seeds.next_u64());
        let mut sc = sidecar_of(&v);
        if stems.contains(&v.stem) || codes.contains(&sc.region_code) {
            misses += 1;
            if misses < 50 {
                continue;
            }
            // The name space is used up: keep the plan under a numbered stem and id.
            let k = out.len();
            v.stem = format!("{}-{k}", v.stem);
            sc.id = format!("{}-{k}", sc.id);
            v.sidecar = sc.render();
        }
        misses = 0;
        stems.insert(v.stem.clone());
        codes.insert(sc.region_code.clone());
        out.push(v);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Encodings

/// `\n` → `\r\n`.
pub fn to_crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

pub fn with_utf8_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend_from_slice(text.as_bytes());
    out
}

pub fn to_gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable, "GB18030 encodes all of Unicode");
    bytes.into_owned()
}

pub fn to_utf16le_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Committed fixtures

/// Folder of the fixture variants.
pub fn variants_dir() -> PathBuf {
    root().join("tests/fixtures/variants")
}

pub fn bad_dir() -> PathBuf {
    root().join("tests/fixtures/bad")
}

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The hand-written `other-county` variant.
pub fn other_county() -> Variant {
    let dir = variants_dir();
    Variant {
        stem: "other-county".into(),
        text: read_text(&dir.join("other-county.txt")),
        sidecar: read_text(&dir.join("other-county.toml")),
    }
}

/// Every generated fixture file: (path relative to the project root, bytes). Rewritten by
/// `cargo run --example gen_corpus -- --fixtures`; `tests/it/family.rs` checks them.
pub fn fixtures() -> Vec<(String, Vec<u8>)> {
    let ex = example();
    let toml = ex.sidecar.clone().into_bytes();
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut variant = |stem: &str, text: Vec<u8>, sidecar: Option<Vec<u8>>| {
        out.push((format!("tests/fixtures/variants/{stem}.txt"), text));
        if let Some(s) = sidecar {
            out.push((format!("tests/fixtures/variants/{stem}.toml"), s));
        }
    };
    variant(
        "crlf-bom",
        with_utf8_bom(&to_crlf(&ex.text)),
        Some(toml.clone()),
    );
    variant("gb18030", to_gb18030(&ex.text), Some(toml.clone()));
    variant("utf16", to_utf16le_bom(&ex.text), Some(toml));
    let fewer = drop_domain(&ex, "housing");
    variant(
        "chapter-fewer",
        fewer.text.into_bytes(),
        Some(fewer.sidecar.into_bytes()),
    );
    let extra = repeat_domain(&ex, "education");
    variant(
        "extra-chapter",
        extra.text.into_bytes(),
        Some(extra.sidecar.into_bytes()),
    );
    let mut small = ex.clone();
    for code in [
        "employment",
        "health",
        "social-services",
        "housing",
        "culture-sports",
        "disability",
    ] {
        small = drop_domain(&small, code);
    }
    let four = drop_standard_column(&rename_region(&small, "苍溪县", "510824", "four-column"));
    variant(
        "four-column",
        four.text.into_bytes(),
        Some(four.sidecar.into_bytes()),
    );
    let mut bare = ex.clone();
    for code in [
        "employment",
        "social-insurance",
        "social-services",
        "housing",
        "disability",
        "veterans",
    ] {
        bare = drop_domain(&bare, code);
    }
    variant("no-sidecar", bare.text.into_bytes(), None);
    out.extend(bad_fixtures());
    out
}

/// The generated `err_*` inputs, made from `other-county.txt`.
pub fn bad_fixtures() -> Vec<(String, Vec<u8>)> {
    let oc = other_county();
    let lines = split(&oc.text);
    let bad = |name: &str, bytes: Vec<u8>| (format!("tests/fixtures/bad/{name}"), bytes);
    let mut out = vec![bad("err_empty.txt", Vec::new())];

    let mut png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa".to_vec();
    png.extend((0u8..=255).map(|b| b.wrapping_mul(37) ^ 0x5a));
    png.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    out.push(bad("err_binary.txt", png));

    let mut nul = lines.clone();
    let p = nul
        .iter()
        .position(|l| clean(l).starts_with("——"))
        .expect("a lead paragraph");
    let at = nul[p]
        .char_indices()
        .nth(6)
        .map_or(nul[p].len(), |(i, _)| i);
    nul[p].insert(at, '\0');
    out.push(bad("err_nul.txt", join(&nul).into_bytes()));

    // Ends inside the 5-column standards table, after the third cell of a data row.
    let table = standards_tables(&lines)
        .into_iter()
        .find(|t| t.columns == 5)
        .expect("5-column table");
    let (_, row) = table.data_rows().nth(1).expect("two rows");
    let cut = table.cells[row.cells.start + 2].end;
    out.push(bad(
        "err_truncated_table.txt",
        (join(&lines[..=cut]) + "\n").into_bytes(),
    ));

    // The same data row (not right after a category) reduced to its first two cells.
    let mut wrong = lines.clone();
    let (_, row) = table.data_rows().nth(1).expect("two rows");
    wrong.drain(table.cells[row.cells.start + 2].start..=row.end);
    out.push(bad("err_wrong_columns.txt", join(&wrong).into_bytes()));

    // 0xFF is invalid in UTF-8 and has no meaning in GB18030; no BOM in front.
    let first = oc.text.find('\n').expect("line") + 1;
    let mut undecodable = oc.text.as_bytes()[..first].to_vec();
    undecodable.extend_from_slice(b"\xff\xfe\xff \xe6\x95\x99\xff\x80\n");
    undecodable.extend_from_slice(&oc.text.as_bytes()[first..]);
    out.push(bad("err_undecodable.txt", undecodable));

    // A valid text whose sidecar is broken: not TOML at all, or TOML without the [plan] keys.
    out.push(bad("err_bad_sidecar.txt", oc.text.clone().into_bytes()));
    let broken =
        oc.sidecar
            .replacen("[plan]", "[plan", 1)
            .replacen("title = \"", "title = \"\"\"", 1);
    out.push(bad("err_bad_sidecar.toml", broken.into_bytes()));
    out.push(bad(
        "err_sidecar_missing_keys.txt",
        oc.text.clone().into_bytes(),
    ));
    let missing: String = oc
        .sidecar
        .lines()
        .filter(|l| {
            !l.starts_with("id =") && !l.starts_with("region =") && !l.starts_with("period =")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    out.push(bad("err_sidecar_missing_keys.toml", missing.into_bytes()));

    // Valid, but a department name that must not become a path outside the output folder.
    out.push(bad("hostile_department.txt", oc.text.clone().into_bytes()));
    let hostile = oc
        .sidecar
        .replacen("department = \"教育局\"", "department = \"../../etc/x\"", 1);
    assert_ne!(hostile, oc.sidecar);
    out.push(bad("hostile_department.toml", hostile.into_bytes()));
    out
}
