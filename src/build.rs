//! Building plans' outputs into `out/<stem>/`: each plan on its own, atomically, in parallel.
//!
//! A plan's outputs are made one format at a time and written into a temporary folder beside
//! the target, so only one format's files are in memory at once; when all are written, the
//! folder is swapped into place with renames. A failure at any point leaves the previous
//! `out/<stem>/` as it was and no half-written folder behind.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

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

/// Parses one source and writes all its outputs to `out/<stem>/`.
pub fn build_one(source: &Path, out: &Path) -> Result<(String, Vec<Warning>), Error> {
    let warned = crate::parse_file(source)?;
    let stem = stem_of(source);
    replace_dir_with(out, &stem, |staging| {
        for format in Format::ALL {
            let files = write::render(&warned.output, format).map_err(|e| Error::Write {
                path: source.to_path_buf(),
                source: e,
            })?;
            write_into(staging, &files)?;
        }
        Ok(())
    })?;
    Ok((stem, warned.warnings))
}

/// Builds every source, `jobs` at a time (0: one per core), calling `tick` after each plan.
///
/// Fails before building anything when two sources would land in the same `out/<stem>/`.
pub fn build_all(
    sources: &[PathBuf],
    out: &Path,
    jobs: usize,
    tick: &(dyn Fn() + Sync),
) -> Result<Report, Error> {
    let start = Instant::now();
    check_distinct_stems(sources, out)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::input(out, format!("cannot start worker threads: {e}")))?;
    let results: Vec<Result<(String, Vec<Warning>), Error>> = pool.install(|| {
        sources
            .par_iter()
            .map(|s| {
                let r = build_one(s, out);
                tick();
                r
            })
            .collect()
    });
    let mut report = Report::default();
    for r in results {
        match r {
            Ok((stem, warnings)) => {
                report.built.push(stem);
                report.warnings.extend(warnings);
            }
            Err(e) => report.failed.push(e),
        }
    }
    report.elapsed = start.elapsed();
    Ok(report)
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

/// Writes files into a folder that exists (creating subfolders).
fn write_into(dir: &Path, files: &[OutputFile]) -> Result<(), Error> {
    for f in files {
        let path = checked(dir, &f.path)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, &f.bytes).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// Replaces `out/<stem>/` with exactly these files, atomically.
#[cfg(test)]
fn replace_dir(out: &Path, stem: &str, files: &[OutputFile]) -> Result<(), Error> {
    replace_dir_with(out, stem, |staging| write_into(staging, files))
}

/// Replaces `out/<stem>/` with what `fill` writes into an empty staging folder, atomically:
/// if `fill` fails, the staging folder is removed and `out/<stem>/` stays as it was.
fn replace_dir_with(
    out: &Path,
    stem: &str,
    fill: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<(), Error> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let target = checked(out, stem)?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{stem}.new-"))
        .tempdir_in(out)
        .map_err(|e| Error::io(out, e))?;
    fill(staging.path())?;
    if target.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{stem}.old-"))
            .tempdir_in(out)
            .map_err(|e| Error::io(out, e))?;
        let parked = old.path().join(stem);
        std::fs::rename(&target, &parked).map_err(|e| Error::io(&target, e))?;
        if let Err(e) = std::fs::rename(staging.path(), &target) {
            // Put the previous outputs back before reporting.
            let _ = std::fs::rename(&parked, &target);
            return Err(Error::io(&target, e));
        }
        drop(old);
    } else {
        std::fs::rename(staging.path(), &target).map_err(|e| Error::io(&target, e))?;
    }
    // The staging folder was renamed away; forget it without deleting the new outputs.
    let _ = staging.keep();
    Ok(())
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

/// Writes the files of these formats into `dir` (created if needed), for `plandoc export`.
///
/// All or nothing: every file is first written into a staging folder beside the others, every
/// destination is checked, and only then is each top-level file or folder renamed into place
/// (the previous one set aside and restored if a later rename fails). The formats' subfolders
/// (`departments/`, `opendata/`) are replaced whole, so no file of a previous export stays in
/// them; other files in `dir` are left alone. Files get the same permissions as `build`'s.
pub fn write_files(dir: &Path, formats: &[Format], files: &[OutputFile]) -> Result<(), Error> {
    for f in files {
        checked(dir, &f.path)?;
    }
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
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".plandoc-export-")
        .tempdir_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    let new = staging.path().join("new");
    let old = staging.path().join("old");
    for d in [&new, &old] {
        std::fs::create_dir(d).map_err(|e| Error::io(d, e))?;
    }
    write_into(&new, files)?;
    let names: Vec<&str> = names.into_iter().map(|(n, _)| n).collect();
    move_into_place(dir, &new, &old, &names)
    // Dropping `staging` removes the previous files set aside in `old`.
}

/// What moving one name into place has done so far.
#[derive(Default)]
struct Moved {
    /// The previous file or folder was set aside into `old`.
    parked: bool,
    /// The new one was renamed into place.
    placed: bool,
}

/// Renames `new/<name>` to `dir/<name>` for each name, setting any previous `dir/<name>` aside
/// into `old/` first (a name with nothing in `new/` is only removed). When a rename fails, what
/// was done is undone in reverse order, so `dir` holds its previous files again.
fn move_into_place(dir: &Path, new: &Path, old: &Path, names: &[&str]) -> Result<(), Error> {
    let mut done: Vec<(&str, Moved)> = Vec::new();
    for name in names {
        let mut moved = Moved::default();
        let result = move_one(dir, new, old, name, &mut moved);
        done.push((name, moved));
        if let Err(e) = result {
            for (name, moved) in done.into_iter().rev() {
                let dest = dir.join(name);
                if moved.placed {
                    let _ = std::fs::rename(&dest, new.join(name));
                }
                if moved.parked {
                    let _ = std::fs::rename(old.join(name), &dest);
                }
            }
            return Err(e);
        }
    }
    Ok(())
}

fn move_one(
    dir: &Path,
    new: &Path,
    old: &Path,
    name: &str,
    moved: &mut Moved,
) -> Result<(), Error> {
    let dest = dir.join(name);
    if std::fs::symlink_metadata(&dest).is_ok() {
        std::fs::rename(&dest, old.join(name)).map_err(|e| Error::io(&dest, e))?;
        moved.parked = true;
    }
    let src = new.join(name);
    if std::fs::symlink_metadata(&src).is_ok() {
        std::fs::rename(&src, &dest).map_err(|e| Error::io(&dest, e))?;
        moved.placed = true;
    }
    Ok(())
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
        let (dir, new, old) = (
            d.path().join("dir"),
            d.path().join("new"),
            d.path().join("old"),
        );
        write_into(&dir, &[file("a", "old a"), file("b/x", "old b")]).unwrap();
        write_into(&new, &[file("a", "new a"), file("b/x", "new b")]).unwrap();
        // Setting the previous b/ aside fails: its place in old/ is a folder that is not empty.
        write_into(&old, &[file("b/in-the-way", "")]).unwrap();
        assert!(move_into_place(&dir, &new, &old, &["a", "b"]).is_err());
        assert_eq!(std::fs::read_to_string(dir.join("a")).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(dir.join("b/x")).unwrap(), "old b");
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
