//! The command line (clap types only; the work is in the library).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Turns a development plan's exported text into schema-checked JSON, Excel, XML and open data.
#[derive(Debug, Parser)]
#[command(name = "plandoc", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// plandoc's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert source texts into out/<stem>/ (plan.json, plan.xml, plan.xlsx, departments/, opendata/).
    Build {
        /// Source texts, Word documents, or folders of them (default: source/: *.txt, *.docx).
        sources: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j', default_value_t = 0)]
        jobs: usize,
        /// Print only errors and the summary.
        #[arg(long, short)]
        quiet: bool,
        /// Treat every warning (a table read as paragraphs, a table without a title, an unknown
        /// domain name …) as an error: such a plan is not built.
        #[arg(long)]
        strict: bool,
        /// Fail at once when another plandoc run is writing into the output folder, instead of
        /// waiting for it.
        #[arg(long)]
        no_wait: bool,
    },
    /// Print the canonical JSON of one source (a .txt, or a Word .docx / .docm).
    Parse {
        /// The source text or Word document.
        source: PathBuf,
        /// Treat every warning as an error (exit 1, nothing printed on stdout).
        #[arg(long)]
        strict: bool,
    },
    /// Check a plan.json or plan.xml against the schema and the semantic rules.
    Validate {
        /// The document (format by extension: .json or .xml).
        document: PathBuf,
    },
    /// Write other formats from a plan.json or plan.xml.
    Export {
        /// The document (format by extension: .json or .xml).
        document: PathBuf,
        /// What to write.
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Fail at once when another plandoc run is writing into the output folder, instead of
        /// waiting for it.
        #[arg(long)]
        no_wait: bool,
    },
    /// Print the JSON Schema of plan.json.
    Schema,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// plan.json
    Json,
    /// plan.xml
    Xml,
    /// plan.xlsx and departments/*.xlsx
    Xlsx,
    /// opendata/*.csv and datapackage.json
    Opendata,
    /// Every format.
    All,
}

impl FormatArg {
    /// The library formats this value means.
    pub fn formats(self) -> Vec<plandoc::write::Format> {
        use plandoc::write::Format;
        match self {
            FormatArg::Json => vec![Format::Json],
            FormatArg::Xml => vec![Format::Xml],
            FormatArg::Xlsx => vec![Format::Xlsx],
            FormatArg::Opendata => vec![Format::Opendata],
            FormatArg::All => Format::ALL.to_vec(),
        }
    }
}
