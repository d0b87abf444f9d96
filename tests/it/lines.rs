//! No line is lost: every non-blank line of every fixture lands in a record of the plan or in
//! the report's left-out list, and no left-out line is also in a record.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use plandoc::model::{Block, Plan, SourceRef};

use crate::common::root;

fn lines_of(s: &SourceRef, into: &mut BTreeSet<u32>) {
    if let Some(a) = s.line {
        let b = s.end_line.unwrap_or(a);
        into.extend(a..=b);
    }
}

fn blocks(list: &[Block], into: &mut BTreeSet<u32>) {
    for b in list {
        match b {
            Block::Paragraph(p) => lines_of(&p.source, into),
            Block::Heading(h) => lines_of(&h.source, into),
            _ => {}
        }
    }
}

/// The lines the plan's records stand on: leaf records only (a chapter's span covers
/// everything in it, so only its heading line counts). A table is a span: page furniture
/// skipped inside it (`left`) is not part of it.
fn covered(plan: &Plan, left: &BTreeSet<u32>) -> BTreeSet<u32> {
    let mut c = BTreeSet::new();
    for p in &plan.preface {
        lines_of(&p.source, &mut c);
    }
    for p in &plan.parts {
        c.extend(p.source.line);
        blocks(&p.intro, &mut c);
    }
    for ch in &plan.chapters {
        c.extend(ch.source.line);
        blocks(&ch.intro, &mut c);
        for s in &ch.sections {
            c.extend(s.source.line);
            blocks(&s.blocks, &mut c);
        }
    }
    for t in &plan.tables {
        let mut span = BTreeSet::new();
        lines_of(&t.source, &mut span);
        c.extend(span.difference(left));
    }
    for b in &plan.boxes {
        c.extend(b.source.line);
        blocks(&b.blocks, &mut c);
    }
    for p in &plan.projects {
        lines_of(&p.source, &mut c);
    }
    for g in &plan.glossary {
        lines_of(&g.source, &mut c);
    }
    c
}

fn fixtures() -> Vec<PathBuf> {
    let mut all = vec![root().join("source/wangcang-public-services-2021-2025.txt")];
    for dir in [
        "tests/fixtures/layout",
        "tests/fixtures/real",
        "tests/fixtures/variants",
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        all.extend(files);
    }
    all
}

fn check(path: &Path) {
    let parsed = match plandoc::read_source(path) {
        Ok(w) => w.output,
        Err(e) => panic!("{e}"),
    };
    let input = plandoc::source::load(path).unwrap();
    let left: BTreeSet<u32> = parsed
        .report
        .left_out
        .iter()
        .filter_map(|l| l.source.line)
        .collect();
    let covered = covered(&parsed.plan, &left);
    for (i, line) in input.text.split('\n').enumerate() {
        let n = i as u32 + 1;
        if plandoc::normalise::text::clean(line).is_empty() {
            continue;
        }
        assert!(
            covered.contains(&n) || left.contains(&n),
            "{}:{n}: line lost: {line:?}",
            path.display()
        );
        assert!(
            !(covered.contains(&n) && left.contains(&n)),
            "{}:{n}: line both left out and in a record: {line:?}",
            path.display()
        );
    }
}

#[test]
fn every_non_blank_line_of_every_fixture_lands_somewhere() {
    let files = fixtures();
    assert!(files.len() > 20, "{}", files.len());
    for f in files {
        check(&f);
    }
}
