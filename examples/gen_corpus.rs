//! Writes plans of the example's family for benchmarks and tests, or rewrites the committed
//! fixtures.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --count 200 --out DIR [--seed N] [--mixed-encodings]
//! cargo run --example gen_corpus -- --fixtures
//! ```
//!
//! `--count` writes DIR/<stem>.txt + DIR/<stem>.toml for N distinct plans; `--mixed-encodings`
//! saves every 5th plan as CRLF + BOM, GB18030 or UTF-16 instead of UTF-8. `--fixtures` rewrites
//! the generated files under tests/fixtures/ (checked by `cargo test --test it family`).

#[path = "../tests/support/family.rs"]
mod family;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus --count N --out DIR [--seed N] [--mixed-encodings]\n       gen_corpus --fixtures";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut count = None;
    let mut out = None;
    let mut seed = 1u64;
    let mut fixtures = false;
    let mut mixed = false;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--count" => {
                count = Some(
                    value("--count")?
                        .parse::<usize>()
                        .map_err(|e| format!("--count: {e}"))?,
                )
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--fixtures" => fixtures = true,
            "--mixed-encodings" => mixed = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if fixtures {
        for (path, bytes) in family::fixtures() {
            let path = family::root().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).map_err(|e| e.to_string())?;
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            println!("wrote {}", path.display());
        }
        return Ok(());
    }
    let (Some(count), Some(out)) = (count, out) else {
        return Err("--count and --out are required".into());
    };
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (i, v) in family::corpus(count, seed).into_iter().enumerate() {
        let text = match (mixed, i % 5) {
            (true, 1) => family::with_utf8_bom(&family::to_crlf(&v.text)),
            (true, 2) => family::to_gb18030(&v.text),
            (true, 3) => family::to_utf16le_bom(&v.text),
            _ => v.text.into_bytes(),
        };
        let write = |ext: &str, bytes: &[u8]| {
            let path = out.join(format!("{}.{ext}", v.stem));
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
        };
        write("txt", &text)?;
        write("toml", v.sidecar.as_bytes())?;
    }
    println!("wrote {count} plans to {}", out.display());
    Ok(())
}
