//! Prints the recognised outline of a source text, for looking at what the recogniser made of
//! a plan: `cargo run --example outline_dump -- source/x.txt`.

use plandoc::recognise::{Item, outline};

fn item(i: &Item) -> String {
    match i {
        Item::Paragraph(p) => format!("p{}", p.line),
        Item::Heading(h) => format!("h{}[{}]{}", h.heading.line, h.level, h.heading.title),
        Item::Table(t) => format!("T{}-{}({} rows)", t.line(), t.end_line, t.rows.len()),
        Item::Box(b) => format!("B{}({} lines)", b.heading.line, b.lines.len()),
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("a source path");
    let input = plandoc::source::load(std::path::Path::new(&path)).expect("loads");
    let o = outline(&input.text).expect("recognises");
    println!("title: {:?}", o.title.as_ref().map(|t| t.line));
    for l in &o.left_out {
        println!(
            "left out {:?} {}: {}",
            l.reason,
            l.line.line,
            l.line.text.chars().take(30).collect::<String>()
        );
    }
    println!(
        "preface: {}",
        o.preface.iter().map(item).collect::<Vec<_>>().join(" ")
    );
    for p in &o.parts {
        println!(
            "PART {} {} [{}]",
            p.heading.number,
            p.heading.title,
            p.intro.iter().map(item).collect::<Vec<_>>().join(" ")
        );
    }
    for c in &o.chapters {
        println!(
            "  CH {} {} part={:?} {:?} intro=[{}]",
            c.heading.number,
            c.heading.title,
            c.part,
            c.style,
            c.intro.iter().map(item).collect::<Vec<_>>().join(" ")
        );
        for s in &c.sections {
            println!(
                "    S {} {} [{}]",
                s.heading.number,
                s.heading.title,
                s.items.iter().map(item).collect::<Vec<_>>().join(" ")
            );
        }
    }
    if let Some(g) = &o.glossary {
        println!("glossary {} entries", g.entries.len());
    }
    for w in &o.warnings {
        println!("WARN {}-{:?}: {}", w.line, w.end_line, w.message);
    }
    for w in &o.kept_as_paragraphs {
        println!("KEPT {}: {}", w.line, w.message);
    }
    println!(
        "parts {} chapters {} sections {}",
        o.parts.len(),
        o.chapters.len(),
        o.chapters.iter().map(|c| c.sections.len()).sum::<usize>()
    );
}
