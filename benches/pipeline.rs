//! Each stage of the pipeline on the shipped example, and every writer; and parsing a large
//! synthetic text that was once quadratic (`tests/it/fuzz_regressions.rs` checks it parses).
//!
//! Run: `cargo bench --bench pipeline`. Compare ratios within one run; this machine is noisy.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use plandoc::write::{self, Format};

const EXAMPLE: &str = "source/wangcang-public-services-2021-2025.txt";
const EXAMPLE_DOCX: &str = "tests/fixtures/docx/wangcang-python-docx.docx";

fn stages(c: &mut Criterion) {
    let path = Path::new(EXAMPLE);
    let bytes = std::fs::read(path).expect("example source");
    let input = plandoc::source::load(path).expect("example loads");
    let outline = plandoc::recognise::outline(&input.text).expect("example recognises");
    let plan = plandoc::parse_file(path).expect("example parses").output;

    c.bench_function("decode", |b| {
        b.iter(|| plandoc::source::decode(black_box(&bytes)))
    });
    c.bench_function("recognise", |b| {
        b.iter(|| plandoc::recognise::outline(black_box(&input.text)))
    });
    c.bench_function("normalise", |b| {
        b.iter(|| plandoc::normalise::plan(black_box(&input), black_box(&outline)))
    });
    c.bench_function("validate", |b| {
        b.iter(|| plandoc::validate::problems(black_box(&plan)))
    });
    c.bench_function("parse_file (all of the above, from disk)", |b| {
        b.iter(|| plandoc::parse_file(black_box(path)))
    });
    // The same plan as a Word document (tests/fixtures/docx, made by tools/docx).
    let docx_path = Path::new(EXAMPLE_DOCX);
    let docx = std::fs::read(docx_path).expect("example docx");
    c.bench_function(
        "read docx (unzip, XML, styles, numbering, tables → text)",
        |b| b.iter(|| plandoc::source::docx::read(black_box(&docx))),
    );
    let docx_input = plandoc::source::load(docx_path).expect("example docx loads");
    c.bench_function("recognise + normalise the docx rendering", |b| {
        b.iter(|| {
            let outline = plandoc::recognise::outline(&docx_input.text).expect("recognises");
            plandoc::normalise::plan(black_box(&docx_input), &outline)
        })
    });
    for f in Format::ALL {
        c.bench_function(&format!("write {}", f.name()), |b| {
            b.iter(|| write::render(black_box(&plan), f))
        });
    }
}

/// Parsing cost per KB of plans of other layouts beside the example's: criterion reports each
/// as bytes per second, so the ratio is read off one run.
fn per_kb(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse per KB");
    for path in [
        EXAMPLE,
        "tests/fixtures/real/cn-14th-fyp-outline-2021.txt",
        "tests/fixtures/real/anhui-industrial-internet-plan-2021-2023.txt",
    ] {
        let path = Path::new(path);
        let bytes = std::fs::metadata(path).expect("fixture").len();
        g.throughput(criterion::Throughput::Bytes(bytes));
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        g.bench_function(name, |b| b.iter(|| plandoc::read_source(black_box(path))));
    }
    g.finish();
}

/// 40 000 one-line chapters with a one-item box each: once 16 s, when every box's chapter and
/// every project's box was found by a linear search.
fn many_boxes(c: &mut Criterion) {
    let text: String = (0..40_000).map(|_| "第一章 x\n专栏1 t\n甲\n").collect();
    let path = Path::new("many-boxes.txt");
    c.bench_function("parse 40k one-box chapters", |b| {
        b.iter(|| {
            let input = plandoc::source::from_bytes(path, text.as_bytes(), None, "x.toml".into())
                .expect("decodes");
            let outline = plandoc::recognise::outline(&input.text).expect("recognises");
            let plan = plandoc::normalise::plan(&input, &outline).expect("normalises");
            plandoc::validate::problems(&plan.output)
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = stages, per_kb
}
criterion_group! {
    name = large;
    config = Criterion::default().sample_size(10);
    targets = many_boxes
}
criterion_main!(benches, large);
