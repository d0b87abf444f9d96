//! The plandoc command: parses arguments, calls the library, prints errors once, exits 0/1/2.

mod cli;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use plandoc::{Error, build, validate, write};

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Build {
            sources,
            out,
            jobs,
            quiet,
            strict,
            no_wait,
        } => build_command(sources, &out, jobs, quiet, strict, no_wait),
        Command::Parse { source, strict } => {
            let mut warned = plandoc::parse_file(&source)?;
            if strict {
                warned = warned.strict(&source)?;
            }
            print_warnings(&warned.warnings);
            let text = write::json::to_string(&warned.output).map_err(|e| Error::Write {
                path: source.clone(),
                source: e,
            })?;
            print_stdout(&text);
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { document } => {
            let plan = plandoc::read::load(&document)?;
            print_warnings(&validate::document_warnings(&plan, &document));
            eprintln!(
                "{}: valid plan (schema {}), {} chapters, {} indicators, {} standards, {} projects",
                document.display(),
                plan.schema_version,
                plan.chapters.len(),
                plan.indicators.len(),
                plan.standards.len(),
                plan.projects.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            document,
            format,
            out,
            no_wait,
        } => {
            let plan = plandoc::read::load(&document)?;
            for w in write::file_name_warnings(&plan) {
                eprintln!("warning: {}: {w}", document.display());
            }
            let formats = format.formats();
            let files = write::render_all(&plan, &formats).map_err(|e| Error::Write {
                path: document.clone(),
                source: e,
            })?;
            let warnings = build::write_files_with(&out, &formats, &files, waiting(no_wait))?;
            print_warnings(&warnings);
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            print_stdout(&validate::schema::text());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn build_command(
    sources: Vec<PathBuf>,
    out: &Path,
    jobs: usize,
    quiet: bool,
    strict: bool,
    no_wait: bool,
) -> Result<ExitCode, Error> {
    let args = if sources.is_empty() {
        vec![PathBuf::from("source")]
    } else {
        sources
    };
    let sources = build::sources(&args)?;
    let bar = (!quiet && sources.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(sources.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} plans {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let options = build::Options {
        jobs,
        strict,
        waiting: waiting(no_wait),
        tick: &tick,
    };
    let report = build::build_with(&sources, out, &options)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if !quiet {
        print_warnings(&report.warnings);
        for s in &report.summaries {
            eprintln!("{s}");
        }
    }
    for e in &report.failed {
        eprintln!("error: {e}");
    }
    eprintln!(
        "built {} plan(s) into {}, {} failed, {} warning(s), in {:.2?}",
        report.built.len(),
        out.display(),
        report.failed.len(),
        report.warnings.len(),
        report.elapsed
    );
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Waits for another run holding the output folder, saying so on stderr, unless `--no-wait`.
fn waiting(no_wait: bool) -> build::Waiting<'static> {
    if no_wait {
        build::Waiting::NoWait
    } else {
        build::Waiting::Wait(&|message| eprintln!("{message}"))
    }
}

fn print_warnings(warnings: &[plandoc::Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// Prints to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
