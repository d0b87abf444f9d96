//! Building plans' outputs into `out/<stem>/`: each plan on its own, atomically, in parallel.
//!
//! A plan's outputs are made one format at a time and written into a temporary folder beside
//! the target, so only one format's files are in memory at once; when all are written, the
//! folder is swapped into place with renames. A failure at any point leaves the previous
//! `out/<stem>/` as it was and no half-written folder behind.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::atomic;
use crate::error::{Error, Warning};
use crate::write::{self, Format, OutputFile};

/// What a build of several plans did.
#[derive(Debug, Default)]
pub struct Report {
    /// Stems of the plans built, in input order.
    pub built: Vec<String>,
    /// The errors of the plans that failed, in input order.
    pub failed: Vec<Error>,
    /// Warnings of every plan, in input order.
    pub warnings: Vec<Warning>,
    /// One line per plan built: what was recognised (see [`crate::report::summary`]).
    pub summaries: Vec<String>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

/// A source a folder's build picks up: `*.txt`, and Word's `*.docx` / `*.docm` except Word's
/// lock files (`~$x.docx`).
fn is_source(p: &Path) -> bool {
    let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
    let locked = p
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"));
    ext == "txt" || !locked && ["docx", "docm"].iter().any(|w| ext.eq_ignore_ascii_case(w))
}

/// The sources named by the arguments: files as given, folders' `*.txt` and `*.docx` sorted by
/// name.
///
/// A file named twice (as `x.txt` and `./x.txt`, or as a file and inside its folder) is kept
/// once, where it first appears.
pub fn sources(args: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let entries = std::fs::read_dir(arg).map_err(|e| Error::io(arg, e))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_source(p))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::input(arg, "folder holds no .txt or .docx source"));
            }
            out.extend(found);
        } else {
            out.push(arg.clone());
        }
    }
    let mut seen = HashSet::new();
    // A path that cannot be resolved (a missing file, say) is kept: building it reports why.
    out.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    Ok(out)
}

/// The name of a source's folder under `out/`: its file stem, made safe.
fn stem_of(source: &Path) -> String {
    write::safe_file_stem(
        &source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
}

/// Refuses sources that would be built into the same `out/<stem>/` (`a/x.txt` and `b/x.txt`,
/// `x:y.txt` and `x_y.txt`, `X.txt` and `x.txt`): built at the same time, one would silently
/// replace the other. Stems are compared ignoring case, as Windows and macOS folders are.
fn check_distinct_stems(sources: &[PathBuf], out: &Path) -> Result<(), Error> {
    let mut seen: HashMap<String, &Path> = HashMap::new();
    for source in sources {
        let stem = stem_of(source);
        if let Some(first) = seen.insert(stem.to_lowercase(), source) {
            return Err(Error::input(
                source,
                format!(
                    "would be built into {}, as {} is (folder names are compared ignoring \
                     case); rename one of the two sources",
                    out.join(&stem).display(),
                    first.display()
                ),
            ));
        }
    }
    Ok(())
}

/// One plan built.
#[derive(Debug)]
pub struct Built {
    /// The source's stem: its folder under `out/`.
    pub stem: String,
    /// Warnings met reading it.
    pub warnings: Vec<Warning>,
    /// What was recognised, in one line.
    pub summary: String,
}

/// How a run waits for an output folder that another run is writing into.
#[derive(Clone, Copy)]
pub enum Waiting<'a> {
    /// Wait for it, calling this once with a message saying so.
    Wait(&'a (dyn Fn(&str) + Sync)),
    /// Fail at once, naming the lock.
    NoWait,
}

/// The most worker threads `build` starts per core: more only contend for the same cores.
pub const JOBS_PER_CORE: usize = 4;

/// How `build_with` runs.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Worker threads (0: one per core); capped at [`JOBS_PER_CORE`] per core and at the
    /// number of sources, with a warning when a larger number was asked for.
    pub jobs: usize,
    /// Under `strict`, a plan with warnings is not built: the warnings are its error.
    pub strict: bool,
    /// What to do when another run holds the output folder.
    pub waiting: Waiting<'a>,
    /// Called after each plan.
    pub tick: &'a (dyn Fn() + Sync),
}

/// Parses one source and writes all its outputs to `out/<stem>/`, holding `out/`'s lock
/// (waiting for another run that holds it) and first recovering what dead runs left there.
pub fn build_one(source: &Path, out: &Path, strict: bool) -> Result<Built, Error> {
    let dir = OutDir::new(out, Waiting::Wait(&|_| {}));
    let mut built = build_into(source, &dir, strict).map_err(|e| dir.failure().unwrap_or(e))?;
    let mut recovered = dir.take_warnings();
    recovered.append(&mut built.warnings);
    built.warnings = recovered;
    Ok(built)
}

fn build_into(source: &Path, out: &OutDir, strict: bool) -> Result<Built, Error> {
    let mut warned = crate::read_source(source)?;
    if strict {
        warned = warned.strict(source)?;
    }
    let parsed = &warned.output;
    let stem = stem_of(source);
    out.open()?;
    replace_dir_with(out.path, &stem, |staging| {
        for format in Format::ALL {
            let files = write::render(&parsed.plan, format).map_err(|e| Error::Write {
                path: source.to_path_buf(),
                source: e,
            })?;
            write_into(staging, &files)?;
        }
        let report = write::OutputFile {
            path: "report.json".to_string(),
            bytes: crate::report::to_json(&parsed.report).into_bytes(),
        };
        write_into(staging, &[report])?;
        Ok(())
    })?;
    let summary = crate::report::summary(&parsed.report);
    Ok(Built {
        stem,
        warnings: warned.warnings,
        summary,
    })
}

/// Builds every source, `jobs` at a time (0: one per core), calling `tick` after each plan;
/// waits for another run holding `out/`. See [`build_with`].
pub fn build_all(
    sources: &[PathBuf],
    out: &Path,
    jobs: usize,
    strict: bool,
    tick: &(dyn Fn() + Sync),
) -> Result<Report, Error> {
    build_with(
        sources,
        out,
        &Options {
            jobs,
            strict,
            waiting: Waiting::Wait(&|_| {}),
            tick,
        },
    )
}

/// Builds every source into `out/<stem>/`, in parallel.
///
/// Fails before building anything when two sources would land in the same `out/<stem>/`, or
/// when `out` is not a folder. `out/` is created only when a first plan is ready to be
/// written, so a build in which every plan fails leaves no empty folder behind. The run holds
/// `out/.plandoc.lock` while it writes; leftovers of runs that were killed are recovered or
/// removed first (reported as warnings).
pub fn build_with(sources: &[PathBuf], out: &Path, options: &Options) -> Result<Report, Error> {
    let start = Instant::now();
    check_distinct_stems(sources, out)?;
    check_folder(out, "--out")?;
    let dir = OutDir::new(out, options.waiting);
    if out.exists() {
        // Wait for a run in progress before parsing, and clear dead runs' leftovers even if
        // every plan fails.
        if let Err(e) = dir.open() {
            return Err(dir.failure().unwrap_or(e));
        }
    }
    let mut report = Report::default();
    let jobs = capped_jobs(options.jobs, sources.len(), out, &mut report.warnings);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::input(out, format!("cannot start worker threads: {e}")))?;
    let results: Vec<Result<Built, Error>> = pool.install(|| {
        sources
            .par_iter()
            .map(|s| {
                let r = build_into(s, &dir, options.strict);
                (options.tick)();
                r
            })
            .collect()
    });
    if let Some(e) = dir.failure() {
        return Err(e);
    }
    report.warnings.splice(0..0, dir.take_warnings());
    for r in results {
        match r {
            Ok(built) => {
                report.built.push(built.stem);
                report.warnings.extend(built.warnings);
                report.summaries.push(built.summary);
            }
            Err(e) => report.failed.push(e),
        }
    }
    report.elapsed = start.elapsed();
    Ok(report)
}

/// The number of worker threads to start: what was asked (0: one per core), at most
/// [`JOBS_PER_CORE`] per core and one per source.
fn capped_jobs(asked: usize, sources: usize, out: &Path, warnings: &mut Vec<Warning>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = cores * JOBS_PER_CORE;
    let jobs = if asked == 0 { cores } else { asked };
    if jobs > most {
        warnings.push(Warning {
            path: out.to_path_buf(),
            line: None,
            message: format!(
                "-j {asked} asks for more worker threads than help: using {most} \
                 ({JOBS_PER_CORE} per core on {cores} core(s))"
            ),
        });
    }
    jobs.min(most).min(sources.max(1))
}

/// Refuses an output path that exists and is not a folder, before anything is written.
fn check_folder(dir: &Path, what: &str) -> Result<(), Error> {
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => Err(Error::input(
            dir,
            format!(
                "{what} names a file, but plandoc writes a folder there; give another {what} \
                 or move the file away"
            ),
        )),
        _ => Ok(()),
    }
}

/// An output folder, opened (created, locked, recovered) once, when first needed.
struct OutDir<'a> {
    path: &'a Path,
    waiting: Waiting<'a>,
    state: Mutex<OutState>,
}

#[derive(Default)]
enum OutState {
    #[default]
    Closed,
    Open {
        _lock: atomic::DirLock,
        warnings: Vec<Warning>,
    },
    Failed(Option<Error>),
}

impl<'a> OutDir<'a> {
    fn new(path: &'a Path, waiting: Waiting<'a>) -> Self {
        OutDir {
            path,
            waiting,
            state: Mutex::new(OutState::Closed),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, OutState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Creates, locks and recovers the folder the first time; later calls only say whether
    /// that worked.
    fn open(&self) -> Result<(), Error> {
        let mut state = self.state();
        if matches!(*state, OutState::Closed) {
            *state = match open_dir(self.path, self.waiting) {
                Ok((lock, warnings)) => OutState::Open {
                    _lock: lock,
                    warnings,
                },
                Err(e) => OutState::Failed(Some(e)),
            };
        }
        match &*state {
            OutState::Failed(_) => Err(Error::input(
                self.path,
                "not written: the output folder could not be opened",
            )),
            _ => Ok(()),
        }
    }

    /// The error that kept the folder from opening, once.
    fn failure(&self) -> Option<Error> {
        match &mut *self.state() {
            OutState::Failed(e) => e.take(),
            _ => None,
        }
    }

    fn take_warnings(&self) -> Vec<Warning> {
        match &mut *self.state() {
            OutState::Open { warnings, .. } => std::mem::take(warnings),
            _ => Vec::new(),
        }
    }
}

/// Creates `dir`, takes its lock and recovers what dead runs left in it.
fn open_dir(dir: &Path, waiting: Waiting) -> Result<(atomic::DirLock, Vec<Warning>), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let on_wait = |holder: Option<u32>| {
        if let Waiting::Wait(say) = waiting {
            say(&format!(
                "{}: another plandoc run{} is writing here; waiting for it to finish",
                dir.display(),
                holder.map(|p| format!(" (pid {p})")).unwrap_or_default()
            ));
        }
    };
    let lock = atomic::DirLock::acquire(dir, matches!(waiting, Waiting::Wait(_)), &on_wait)
        .map_err(|e| match e {
            atomic::LockError::Busy(holder) => Error::input(
                dir,
                format!(
                    "another plandoc run{} is writing into this folder (it holds {}); run \
                     again when it has finished, or without --no-wait to wait for it",
                    holder.map(|p| format!(" (pid {p})")).unwrap_or_default(),
                    dir.join(atomic::LOCK_FILE).display()
                ),
            ),
            atomic::LockError::Io(e) => Error::io(&dir.join(atomic::LOCK_FILE), e),
        })?;
    let warnings = recover(dir)?;
    Ok((lock, warnings))
}

/// Prefix of a plan's staging folder inside `out/`.
const NEW_PREFIX: &str = ".plandoc-new-";
/// Prefix of the folder a plan's previous outputs are parked in when they cannot be exchanged.
const OLD_PREFIX: &str = ".plandoc-old-";
/// Prefix of an export's staging folder inside the export's folder.
const EXPORT_PREFIX: &str = ".plandoc-export-";
/// The export's journal, inside its staging folder: written when every file is staged.
const JOURNAL: &str = "journal";

/// What a name in an output folder is, if a run of plandoc left it.
#[derive(Debug, PartialEq, Eq)]
enum Leftover {
    /// A staging folder: unfinished, or already swapped and holding the previous outputs.
    New,
    /// Previous outputs parked during a two-rename swap.
    Old,
    /// An export's staging folder.
    Export,
}

fn leftover(name: &str) -> Option<Leftover> {
    if name.starts_with(NEW_PREFIX) {
        return Some(Leftover::New);
    }
    if name.starts_with(OLD_PREFIX) {
        return Some(Leftover::Old);
    }
    if name.starts_with(EXPORT_PREFIX) {
        return Some(Leftover::Export);
    }
    // Earlier versions named them `.<stem>.new-XXXXXX` and `.<stem>.old-XXXXXX`.
    let legacy = |marker: &str| {
        name.starts_with('.')
            && name.rsplit_once(marker).is_some_and(|(_, tail)| {
                tail.len() == 6 && tail.bytes().all(|b| b.is_ascii_alphanumeric())
            })
    };
    if legacy(".new-") {
        Some(Leftover::New)
    } else if legacy(".old-") {
        Some(Leftover::Old)
    } else {
        None
    }
}

/// Recovers what runs that were killed left in `dir` (we hold its lock, so they are dead):
/// a plan folder missing beside the parked copy of its previous outputs is put back, an
/// export whose journal was written is finished, and every other leftover is removed.
fn recover(dir: &Path) -> Result<Vec<Warning>, Error> {
    let mut found: Vec<(Leftover, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if let (true, Some(kind)) = (is_dir, leftover(&entry.file_name().to_string_lossy())) {
            found.push((kind, entry.path()));
        }
    }
    if found.is_empty() {
        return Ok(Vec::new());
    }
    // Parked outputs first, so nothing is removed before what it may be needed for is back.
    found.sort_by_key(|(kind, _)| match kind {
        Leftover::Old => 0,
        Leftover::Export => 1,
        Leftover::New => 2,
    });
    let mut warnings = Vec::new();
    let warn = |path: &Path, message: String| Warning {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    let mut removed = 0usize;
    for (kind, path) in &found {
        match kind {
            Leftover::Old => {
                for restored in restore_missing(path, dir)? {
                    warnings.push(warn(
                        &dir.join(&restored),
                        format!(
                            "was missing: a run was stopped between its renames; restored the \
                             previous outputs from {}",
                            path.display()
                        ),
                    ));
                }
            }
            Leftover::Export => {
                if recover_export(dir, path)? {
                    warnings.push(warn(
                        dir,
                        format!(
                            "an export was stopped while moving its files into place; finished \
                             it from {}",
                            path.display()
                        ),
                    ));
                }
            }
            Leftover::New => {}
        }
        std::fs::remove_dir_all(path).map_err(|e| Error::io(path, e))?;
        removed += 1;
    }
    warnings.push(warn(
        dir,
        format!("removed {removed} folder(s) left by plandoc runs that were stopped"),
    ));
    atomic::sync_dir(dir).map_err(|e| Error::io(dir, e))?;
    Ok(warnings)
}

/// Moves each entry of `parked` back into `dir` where `dir` lacks it; the names moved back.
fn restore_missing(parked: &Path, dir: &Path) -> Result<Vec<String>, Error> {
    let mut restored = Vec::new();
    for entry in std::fs::read_dir(parked).map_err(|e| Error::io(parked, e))? {
        let entry = entry.map_err(|e| Error::io(parked, e))?;
        let dest = dir.join(entry.file_name());
        if std::fs::symlink_metadata(&dest).is_err() {
            atomic::rename(&entry.path(), &dest).map_err(|e| Error::io(&dest, e))?;
            restored.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(restored)
}

/// Checks that a writer's relative path stays inside its folder.
fn checked(dir: &Path, rel: &str) -> Result<PathBuf, Error> {
    let p = Path::new(rel);
    let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        return Err(Error::input(
            dir,
            format!("refusing to write \"{rel}\": output paths must stay inside the plan's folder"),
        ));
    }
    Ok(dir.join(p))
}

/// Writes files into a folder that exists (creating subfolders), each synced to disk.
fn write_into(dir: &Path, files: &[OutputFile]) -> Result<(), Error> {
    for f in files {
        let path = checked(dir, &f.path)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        atomic::write_file(&path, &f.bytes).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// Replaces `out/<stem>/` with exactly these files, atomically.
#[cfg(test)]
fn replace_dir(out: &Path, stem: &str, files: &[OutputFile]) -> Result<(), Error> {
    replace_dir_with(out, stem, |staging| write_into(staging, files))
}

/// Replaces `out/<stem>/` with what `fill` writes into an empty staging folder, atomically.
///
/// If `fill` fails, the staging folder is removed and `out/<stem>/` stays as it was. Once
/// filled, the staging folder and everything in it is synced, then swapped with the previous
/// `out/<stem>/` in one `renameat2(RENAME_EXCHANGE)` where the system has it; elsewhere the
/// previous folder is first parked in a `.plandoc-old-…` folder (which [`recover`] puts back
/// if the run dies before the second rename). A kill at any moment leaves the old or the new
/// outputs in `out/<stem>/`, and at most leftovers the next run clears.
fn replace_dir_with(
    out: &Path,
    stem: &str,
    fill: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<(), Error> {
    let target = checked(out, stem)?;
    let exists = match std::fs::symlink_metadata(&target) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(Error::input(
                &target,
                "is a file, not a plan's output folder, and plandoc build replaces only \
                 folders; move the file away or choose another --out",
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(Error::io(&target, e)),
    };
    let staging = atomic::Scratch::new(out, NEW_PREFIX).map_err(|e| Error::io(out, e))?;
    fill(staging.path())?;
    atomic::sync_tree(staging.path()).map_err(|e| Error::io(staging.path(), e))?;
    let io = |e| Error::io(&target, e);
    if !exists {
        atomic::rename(staging.path(), &target).map_err(io)?;
        staging.keep();
    } else if atomic::exchange(staging.path(), &target).map_err(io)? {
        // The staging folder now holds the previous outputs; dropping it removes them.
        atomic::sync_dir(out).map_err(io)?;
        drop(staging);
    } else {
        let old = atomic::Scratch::new(out, OLD_PREFIX).map_err(|e| Error::io(out, e))?;
        let parked = old.path().join(stem);
        atomic::rename(&target, &parked).map_err(io)?;
        let placed = atomic::sync_dir(out).and_then(|()| atomic::rename(staging.path(), &target));
        if let Err(e) = placed {
            // Put the previous outputs back before reporting; if even that fails, leave them
            // parked for the next run to restore, never removed with the parking folder.
            if std::fs::rename(&parked, &target).is_err() {
                old.keep();
            }
            return Err(io(e));
        }
        staging.keep();
        atomic::sync_dir(out).map_err(io)?;
        drop(old);
    }
    atomic::sync_dir(out).map_err(io)
}

/// The subfolders a format writes into (and owns whole).
fn folders_of(format: Format) -> &'static [&'static str] {
    match format {
        Format::Json | Format::Xml => &[],
        Format::Xlsx => &[write::xlsx::DEPARTMENTS_DIR],
        // write::opendata keeps its folder name private; this is the same name.
        Format::Opendata => &["opendata"],
    }
}

/// Writes the files of these formats into `dir` (created if needed), for `plandoc export`;
/// waits for another run holding `dir`. See [`write_files_with`].
pub fn write_files(dir: &Path, formats: &[Format], files: &[OutputFile]) -> Result<(), Error> {
    write_files_with(dir, formats, files, Waiting::Wait(&|_| {})).map(|_| ())
}

/// Writes the files of these formats into `dir` (created if needed), for `plandoc export`;
/// returns warnings about leftovers of dead runs it recovered.
///
/// All or nothing, whenever the run is killed: every file is first written and synced into a
/// staging folder beside the others and every destination is checked; then a journal listing
/// the names to move is written, and only then is each top-level file or folder renamed into
/// place (the previous one parked in the staging folder). A run killed before the journal
/// leaves `dir` as it was; one killed after it is finished by the next run. The formats'
/// subfolders (`departments/`, `opendata/`) are replaced whole, so no file of a previous
/// export stays in them; other files in `dir` are left alone. Files get the same permissions
/// as `build`'s. The run holds `dir/.plandoc.lock`.
pub fn write_files_with(
    dir: &Path,
    formats: &[Format],
    files: &[OutputFile],
    waiting: Waiting,
) -> Result<Vec<Warning>, Error> {
    for f in files {
        checked(dir, &f.path)?;
    }
    check_folder(dir, "--out")?;
    // Each top-level name the export owns, and whether it is a folder.
    let mut names: Vec<(&str, bool)> = Vec::new();
    for folder in formats.iter().flat_map(|f| folders_of(*f)) {
        if !names.iter().any(|(n, _)| n == folder) {
            names.push((folder, true));
        }
    }
    for f in files {
        let (first, folder) = match f.path.split_once('/') {
            Some((first, _)) => (first, true),
            None => (f.path.as_str(), false),
        };
        match names.iter().find(|(n, _)| *n == first) {
            Some((_, was)) if *was != folder => {
                return Err(Error::input(
                    dir,
                    format!("refusing to write \"{first}\" both as a file and as a folder"),
                ));
            }
            Some(_) => {}
            None => names.push((first, folder)),
        }
    }
    for (name, folder) in &names {
        let dest = dir.join(name);
        match std::fs::symlink_metadata(&dest) {
            Ok(m) if *folder && !m.is_dir() => {
                return Err(Error::input(
                    &dest,
                    "is not a folder, but the export writes a folder of this name; \
                     move it away first",
                ));
            }
            Ok(m) if !*folder && m.is_dir() => {
                return Err(Error::input(
                    &dest,
                    "is a folder, but the export writes a file of this name; move it away first",
                ));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&dest, e)),
        }
    }
    let (_lock, warnings) = open_dir(dir, waiting)?;
    let staging = atomic::Scratch::new(dir, EXPORT_PREFIX).map_err(|e| Error::io(dir, e))?;
    let new = staging.path().join("new");
    let old = staging.path().join("old");
    for d in [&new, &old] {
        std::fs::create_dir(d).map_err(|e| Error::io(d, e))?;
    }
    write_into(&new, files)?;
    let moves: Vec<Move> = names
        .iter()
        .map(|(name, _)| Move {
            name: (*name).to_string(),
            put: std::fs::symlink_metadata(new.join(name)).is_ok(),
        })
        .collect();
    atomic::sync_tree(staging.path()).map_err(|e| Error::io(staging.path(), e))?;
    write_journal(staging.path(), &moves)?;
    if let Err(e) = roll_forward(dir, staging.path(), &moves) {
        roll_back(dir, staging.path(), &moves);
        return Err(e);
    }
    let journal = staging.path().join(JOURNAL);
    std::fs::remove_file(&journal).map_err(|e| Error::io(&journal, e))?;
    atomic::sync_dir(staging.path()).map_err(|e| Error::io(staging.path(), e))?;
    // Dropping `staging` removes the previous files parked in `old`.
    Ok(warnings)
}

/// One top-level name of an export: put the staged one in place, or only remove the old one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Move {
    name: String,
    put: bool,
}

/// Writes the journal (one `put NAME` or `remove NAME` a line, then `end`) and syncs it: from here on,
/// the export is finished by whichever run comes next, even if this one is killed.
fn write_journal(staging: &Path, moves: &[Move]) -> Result<(), Error> {
    let text: String = moves
        .iter()
        .map(|m| format!("{} {}\n", if m.put { "put" } else { "remove" }, m.name))
        .collect();
    // Written whole under another name, then renamed: a journal is there entire or not at all.
    let text = format!("{text}end\n");
    let (partial, path) = (staging.join("journal.partial"), staging.join(JOURNAL));
    atomic::write_file(&partial, text.as_bytes()).map_err(|e| Error::io(&partial, e))?;
    atomic::rename(&partial, &path).map_err(|e| Error::io(&path, e))?;
    atomic::sync_dir(staging).map_err(|e| Error::io(staging, e))
}

fn read_journal(staging: &Path) -> Option<Vec<Move>> {
    let text = std::fs::read_to_string(staging.join(JOURNAL)).ok()?;
    let body = text.strip_suffix("end\n")?;
    body.lines()
        .map(|l| match l.split_once(' ') {
            Some(("put", name)) => Some((name, true)),
            Some(("remove", name)) => Some((name, false)),
            _ => None,
        })
        .map(|m| {
            // A journal naming anything but a plain name is not ours: refuse to act on it.
            let (name, put) = m?;
            let plain = Path::new(name).components().count() == 1
                && matches!(
                    Path::new(name).components().next(),
                    Some(Component::Normal(_))
                );
            plain.then(|| Move {
                name: name.to_string(),
                put,
            })
        })
        .collect()
}

/// Moves each name into place, skipping what is already done, so that running it again
/// after a kill finishes the job: `new/<name>` gone means it was placed; `old/<name>` there
/// means the previous one was already parked.
fn roll_forward(dir: &Path, staging: &Path, moves: &[Move]) -> Result<(), Error> {
    let (new, old) = (staging.join("new"), staging.join("old"));
    for m in moves {
        let (dest, staged, parked) = (dir.join(&m.name), new.join(&m.name), old.join(&m.name));
        let present = |p: &Path| std::fs::symlink_metadata(p).is_ok();
        if m.put && !present(&staged) {
            continue;
        }
        if present(&dest) && !present(&parked) {
            atomic::rename(&dest, &parked).map_err(|e| Error::io(&dest, e))?;
        }
        if m.put {
            atomic::rename(&staged, &dest).map_err(|e| Error::io(&dest, e))?;
        }
    }
    atomic::sync_dir(dir).map_err(|e| Error::io(dir, e))
}

/// Undoes what [`roll_forward`] did, in reverse order, after one of its renames failed; the
/// journal goes last, so a kill here is finished forward by the next run.
fn roll_back(dir: &Path, staging: &Path, moves: &[Move]) {
    let (new, old) = (staging.join("new"), staging.join("old"));
    for m in moves.iter().rev() {
        let (dest, staged, parked) = (dir.join(&m.name), new.join(&m.name), old.join(&m.name));
        let present = |p: &Path| std::fs::symlink_metadata(p).is_ok();
        if m.put && !present(&staged) && present(&dest) {
            let _ = std::fs::rename(&dest, &staged);
        }
        if present(&parked) && !present(&dest) {
            let _ = std::fs::rename(&parked, &dest);
        }
    }
    let _ = atomic::sync_dir(dir);
    let _ = std::fs::remove_file(staging.join(JOURNAL));
}

/// Finishes an export a dead run left: with its journal, forward; without, nothing was
/// moved yet (earlier versions moved without one: what they parked and did not put back is
/// restored). Whether it finished one.
fn recover_export(dir: &Path, staging: &Path) -> Result<bool, Error> {
    match read_journal(staging) {
        Some(moves) => {
            roll_forward(dir, staging, &moves)?;
            Ok(true)
        }
        None => {
            let old = staging.join("old");
            if old.is_dir() {
                restore_missing(&old, dir)?;
            }
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_failing_write_leaves_the_previous_outputs_intact() {
        let out = tempfile::tempdir().unwrap();
        replace_dir(out.path(), "p", &[file("plan.json", "old")]).unwrap();
        // The second file is unsafe: the write fails half-way through the staging folder.
        let bad = [file("plan.json", "new"), file("../escape", "x")];
        assert!(replace_dir(out.path(), "p", &bad).is_err());
        assert_eq!(
            std::fs::read_to_string(out.path().join("p/plan.json")).unwrap(),
            "old"
        );
        assert!(!out.path().join("escape").exists());
        let names: Vec<_> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("p")],
            "no staging folder left behind"
        );
    }

    #[test]
    fn a_format_failing_after_others_were_written_leaves_the_previous_outputs_intact() {
        // build_one writes format after format into the staging folder; a later one failing
        // (a writer error, say) must discard the formats already written.
        let out = tempfile::tempdir().unwrap();
        replace_dir(out.path(), "p", &[file("plan.json", "old")]).unwrap();
        let result = replace_dir_with(out.path(), "p", |staging| {
            write_into(
                staging,
                &[file("plan.json", "new"), file("plan.xml", "new")],
            )?;
            Err(Error::input(staging, "the xlsx writer failed"))
        });
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(out.path().join("p/plan.json")).unwrap(),
            "old"
        );
        assert!(!out.path().join("p/plan.xml").exists());
        assert_eq!(
            std::fs::read_dir(out.path()).unwrap().count(),
            1,
            "no staging folder left behind"
        );
    }

    #[test]
    fn replacing_drops_stale_files() {
        let out = tempfile::tempdir().unwrap();
        replace_dir(out.path(), "p", &[file("a", "1"), file("sub/b", "2")]).unwrap();
        replace_dir(out.path(), "p", &[file("a", "3")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.path().join("p/a")).unwrap(),
            "3"
        );
        assert!(!out.path().join("p/sub").exists());
    }

    #[test]
    fn a_rename_failing_midway_puts_the_previous_files_back() {
        let d = tempfile::tempdir().unwrap();
        let (dir, staging) = (d.path().join("dir"), d.path().join("staging"));
        write_into(&dir, &[file("a", "old a"), file("b/x", "old b")]).unwrap();
        write_into(
            &staging,
            &[file("new/a", "new a"), file("new/b/x", "new b")],
        )
        .unwrap();
        // Parking the previous b/ fails: its place in old/ is a folder that is not empty.
        write_into(&staging, &[file("old/b/in-the-way", "")]).unwrap();
        let moves = [put("a"), put("b")];
        // The parked b/ looks done, so roll forward tries to put the new b/ over the old one.
        assert!(roll_forward(&dir, &staging, &moves).is_err());
        roll_back(&dir, &staging, &moves);
        assert_eq!(std::fs::read_to_string(dir.join("a")).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(dir.join("b/x")).unwrap(), "old b");
    }

    fn put(name: &str) -> Move {
        Move {
            name: name.into(),
            put: true,
        }
    }

    #[test]
    fn rolling_forward_again_after_a_kill_finishes_the_export() {
        let d = tempfile::tempdir().unwrap();
        let (dir, staging) = (d.path().join("dir"), d.path().join("staging"));
        write_into(
            &dir,
            &[file("a", "old a"), file("b", "old b"), file("c/x", "old c")],
        )
        .unwrap();
        write_into(&staging, &[file("new/a", "new a"), file("new/b", "new b")]).unwrap();
        std::fs::create_dir(staging.join("old")).unwrap();
        let moves = [
            put("a"),
            put("b"),
            Move {
                name: "c".into(),
                put: false,
            },
        ];
        write_journal(&staging, &moves).unwrap();
        assert_eq!(read_journal(&staging).as_deref(), Some(&moves[..]));
        // Killed after `a` was placed and the previous `b` parked.
        std::fs::rename(dir.join("a"), staging.join("old/a")).unwrap();
        std::fs::rename(staging.join("new/a"), dir.join("a")).unwrap();
        std::fs::rename(dir.join("b"), staging.join("old/b")).unwrap();
        assert!(recover_export(&dir, &staging).unwrap());
        assert_eq!(std::fs::read_to_string(dir.join("a")).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(dir.join("b")).unwrap(), "new b");
        assert!(!dir.join("c").exists());
    }

    #[test]
    fn a_journal_cut_short_is_not_acted_on() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(JOURNAL), "put plan.json\nput plan.x").unwrap();
        assert_eq!(read_journal(d.path()), None);
        std::fs::write(d.path().join(JOURNAL), "put ../x\nend\n").unwrap();
        assert_eq!(read_journal(d.path()), None);
    }

    #[test]
    fn leftovers_are_told_from_other_names() {
        assert_eq!(leftover(".plandoc-new-12-0"), Some(Leftover::New));
        assert_eq!(leftover(".plandoc-old-12-0"), Some(Leftover::Old));
        assert_eq!(leftover(".plandoc-export-12-0"), Some(Leftover::Export));
        assert_eq!(leftover(".a.b.new-Xy12z9"), Some(Leftover::New));
        assert_eq!(leftover(".a.old-Xy12z9"), Some(Leftover::Old));
        assert_eq!(leftover("a.new-Xy12z9"), None);
        assert_eq!(leftover(".a.new-toolong"), None);
        assert_eq!(leftover("wangcang"), None);
    }

    #[test]
    fn a_killed_two_rename_swap_is_restored() {
        let out = tempfile::tempdir().unwrap();
        let o = out.path();
        // A dead run parked p/ and died before renaming its staging folder into place.
        write_into(o, &[file(".plandoc-old-1-0/p/plan.json", "old")]).unwrap();
        write_into(o, &[file(".plandoc-new-1-1/plan.json", "new")]).unwrap();
        write_into(o, &[file(".q.new-abcdef/plan.json", "legacy")]).unwrap();
        let warnings = recover(o).unwrap();
        assert_eq!(
            std::fs::read_to_string(o.join("p/plan.json")).unwrap(),
            "old"
        );
        let names: Vec<_> = std::fs::read_dir(o)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("p")]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[1].message.contains("removed 3 folder(s)"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_file_where_a_plan_folder_goes_is_not_replaced() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("p"), "mine").unwrap();
        let e = replace_dir(out.path(), "p", &[file("plan.json", "new")]).unwrap_err();
        assert!(
            e.to_string()
                .contains("is a file, not a plan's output folder"),
            "{e}"
        );
        assert_eq!(
            std::fs::read_to_string(out.path().join("p")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn jobs_are_capped_with_a_warning() {
        let mut w = Vec::new();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(
            capped_jobs(5000, 10_000, Path::new("out"), &mut w),
            cores * JOBS_PER_CORE
        );
        assert!(w[0].message.contains("-j 5000"), "{w:?}");
        w.clear();
        assert_eq!(capped_jobs(0, 1, Path::new("out"), &mut w), 1);
        assert!(w.is_empty());
    }

    #[test]
    fn unsafe_paths_are_refused() {
        let d = Path::new("/tmp/x");
        for p in ["", "../a", "/etc/passwd", "a/../../b"] {
            assert!(checked(d, p).is_err(), "{p}");
        }
        assert!(checked(d, "departments/教育局.xlsx").is_ok());
    }
}
