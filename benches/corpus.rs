//! End to end: `build::build_all` over 200 generated plans of the example's family, with one
//! and with two worker threads. Every iteration rebuilds all 200 plans into the same output
//! folder (as a re-publication does: each `out/<stem>/` is replaced).
//!
//! Run: `cargo bench --bench corpus` (about 2–3 minutes on 2 cores). The plans are generated
//! once, into a temporary folder, by `tests/support/family.rs` (seed 1, as `gen_corpus`).

#[path = "../tests/support/family.rs"]
mod family;

use std::path::PathBuf;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

const PLANS: usize = 200;

fn corpus(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let src = dir.path().join("source");
    std::fs::create_dir(&src).expect("source folder");
    for v in family::corpus(PLANS, 1) {
        std::fs::write(src.join(format!("{}.txt", v.stem)), &v.text).expect("write text");
        std::fs::write(src.join(format!("{}.toml", v.stem)), &v.sidecar).expect("write toml");
    }
    let sources = plandoc::build::sources(&[src]).expect("sources");
    assert_eq!(sources.len(), PLANS, "the generator makes distinct stems");
    let out: PathBuf = dir.path().join("out");

    let mut group = c.benchmark_group("build 200 plans");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(50))
        .throughput(Throughput::Elements(PLANS as u64));
    for jobs in [1, 2] {
        group.bench_with_input(BenchmarkId::new("jobs", jobs), &jobs, |b, &jobs| {
            b.iter(|| {
                let report = plandoc::build::build_all(&sources, &out, jobs, false, &|| {})
                    .expect("build starts");
                assert_eq!(report.built.len(), PLANS, "{:?}", report.failed.first());
                report
            })
        });
    }
    group.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
