//! Nothing lost, ever (issue 15): builds and exports killed or failed at every write, sync and
//! rename step leave the old or the new outputs; concurrent runs on one folder; a full disk;
//! file names from odd department names; cases that used to pass silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::{plandoc, root, stderr};

/// The test-only fault hook's variables (see `src/atomic.rs`).
const FAULT: &str = "PLANDOC_TEST_FAULT";
const NO_EXCHANGE: &str = "PLANDOC_TEST_NO_EXCHANGE";

/// A small plan (one chapter, one department) whose paragraph says `text`, as `dir/p.txt`.
fn tiny(dir: &Path, text: &str) -> PathBuf {
    std::fs::write(
        dir.join("p.txt"),
        format!("第一章 教育服务\n\n第一节 总体要求\n\n{text}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("p.toml"),
        "[[domains]]\ncode = \"education\"\nchapter = \"教育服务\"\ndepartment = \"教育局\"\n",
    )
    .unwrap();
    dir.join("p.txt")
}

/// Runs plandoc in `dir` with extra environment variables.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_plandoc"));
    c.args(args).current_dir(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("plandoc runs")
}

/// Every file under `dir` by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn copy_tree(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    for (rel, bytes) in tree(from) {
        let p = to.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    std::fs::create_dir_all(to).unwrap();
}

/// How many fault steps a run passes through.
fn steps(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> usize {
    let mut env = env.to_vec();
    env.push((FAULT, "trace"));
    let o = run(dir, args, &env);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stderr(&o).matches("plandoc test step").count()
}

#[cfg(unix)]
fn was_killed(o: &Output) -> bool {
    use std::os::unix::process::ExitStatusExt;
    o.status.signal() == Some(9)
}

#[cfg(not(unix))]
fn was_killed(o: &Output) -> bool {
    !o.status.success()
}

/// Kills (or fails) a build of a changed plan at each step in turn and checks that
/// `out/p/` is wholly the old or wholly the new outputs, and that the next build leaves the
/// new ones and no leftovers.
fn build_survives_every_step(env: &[(&str, &str)]) {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "旧的正文。");
    let args = ["build", "p.txt", "--out", "out", "-j", "1", "-q"];
    assert!(run(d, &args, env).status.success());
    let pristine = d.join("pristine");
    copy_tree(&d.join("out"), &pristine);
    let old = tree(&d.join("out/p"));
    tiny(d, "新的正文。");
    let n = steps(d, &args, env);
    let new = tree(&d.join("out/p"));
    assert!(old != new);
    assert!(n > 20, "only {n} steps");
    for action in ["kill", "fail"] {
        for k in 1..=n {
            copy_tree(&pristine, &d.join("out"));
            let fault = format!("{action}:{k}");
            let mut with = env.to_vec();
            with.push((FAULT, &fault));
            let o = run(d, &args, &with);
            let err = stderr(&o);
            if action == "kill" {
                assert!(was_killed(&o), "{fault}: {err}");
            } else {
                assert_eq!(o.status.code(), Some(1), "{fault}: {err}");
                assert!(err.contains("the disk is full"), "{fault}: {err}");
            }
            let now = tree(&d.join("out/p"));
            // Between the two renames of the swap other systems use, out/p is absent and its
            // previous outputs wait whole in a .plandoc-old- folder, for the next run to put back.
            let parked = std::fs::read_dir(d.join("out"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with(".plandoc-old-")
                })
                .any(|p| tree(&p.join("p")) == old);
            assert!(
                now == old || now == new || (now.is_empty() && parked),
                "{fault}: out/p is a mix"
            );
            if action == "fail" {
                // A step after the swap (syncing the folder) can fail too: the new outputs
                // are then in place, the run says why, and nothing is left over.
                assert!(
                    now == old || now == new,
                    "{fault}: a failed build lost out/p"
                );
                let left: Vec<String> = names(&d.join("out"))
                    .into_iter()
                    .filter(|n| n != "p")
                    .collect();
                assert!(left.is_empty(), "{fault}: leftovers {left:?}");
            }
            let o = run(d, &args, env);
            assert!(o.status.success(), "{fault}: {}", stderr(&o));
            assert!(
                tree(&d.join("out/p")) == new,
                "{fault}: not the new outputs"
            );
            assert_eq!(
                names(&d.join("out")),
                ["p"],
                "{fault}: leftovers after recovery"
            );
        }
    }
}

#[test]
fn a_build_killed_or_failed_at_any_step_leaves_old_or_new_outputs() {
    build_survives_every_step(&[]);
}

#[test]
fn the_two_rename_swap_survives_every_step_too() {
    // What systems without renameat2(RENAME_EXCHANGE) use: the previous folder is parked in a
    // .plandoc-old- folder, which the next run puts back if the run died between the renames.
    build_survives_every_step(&[(NO_EXCHANGE, "1")]);
}

#[test]
fn a_first_build_killed_at_any_step_leaves_no_half_folder() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    let args = ["build", "p.txt", "--out", "out", "-j", "1", "-q"];
    let n = steps(d, &args, &[]);
    let new = tree(&d.join("out/p"));
    for k in 1..=n {
        std::fs::remove_dir_all(d.join("out")).unwrap();
        let fault = format!("kill:{k}");
        let o = run(d, &args, &[(FAULT, &fault)]);
        assert!(was_killed(&o), "{fault}");
        let now = tree(&d.join("out/p"));
        assert!(
            now.is_empty() || now == new,
            "{fault}: out/p is half written"
        );
    }
}

#[test]
fn an_export_killed_at_any_step_is_old_or_new_once_the_next_run_has_looked() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "旧的正文。");
    assert!(
        run(d, &["build", "p.txt", "--out", "a", "-q"], &[])
            .status
            .success()
    );
    tiny(d, "新的正文。");
    assert!(
        run(d, &["build", "p.txt", "--out", "b", "-q"], &[])
            .status
            .success()
    );
    let export = |plan: &str| ["export", plan, "--format", "all", "--out", "x"].map(String::from);
    let (to_old, to_new) = (export("a/p/plan.json"), export("b/p/plan.json"));
    fn refs(a: &[String; 6]) -> Vec<&str> {
        a.iter().map(String::as_str).collect()
    }
    assert!(run(d, &refs(&to_old), &[]).status.success());
    std::fs::write(d.join("x/notes.txt"), "mine").unwrap();
    let pristine = d.join("pristine");
    copy_tree(&d.join("x"), &pristine);
    let old = tree(&d.join("x"));
    let n = steps(d, &refs(&to_new), &[]);
    let new = tree(&d.join("x"));
    assert!(old != new);
    for action in ["kill", "fail"] {
        for k in 1..=n {
            copy_tree(&pristine, &d.join("x"));
            let fault = format!("{action}:{k}");
            let o = run(d, &refs(&to_new), &[(FAULT, &fault)]);
            if action == "kill" {
                assert!(was_killed(&o), "{fault}: {}", stderr(&o));
            } else {
                assert_eq!(o.status.code(), Some(1), "{fault}: {}", stderr(&o));
            }
            // Past its journal a killed export is finished by the next one; up to it, nothing
            // changed. The next export of the OLD plan must see one or the other, whole.
            // A killed run leaves its lock file (unlocked); the next run removes it.
            let now: BTreeMap<_, _> = tree(&d.join("x"))
                .into_iter()
                .filter(|(k, _)| !k.starts_with(".plandoc-export-") && k != ".plandoc.lock")
                .collect();
            let journal = std::fs::read_dir(d.join("x"))
                .unwrap()
                .any(|e| e.unwrap().path().join("journal").exists());
            assert!(
                now == old || now == new || (journal && action == "kill"),
                "{fault}: x/ is a mix with no journal to finish it"
            );
            if action == "fail" {
                assert!(
                    now == old || now == new,
                    "{fault}: a failed export left a mix"
                );
            }
            let o = run(d, &["validate", "x/plan.json"], &[]);
            let _ = o; // plan.json may be either version here; the next export settles it
            let o = run(d, &refs(&to_new), &[]);
            assert!(o.status.success(), "{fault}: {}", stderr(&o));
            assert!(tree(&d.join("x")) == new, "{fault}: not the new export");
        }
    }
}

#[test]
fn concurrent_builds_on_one_folder_all_succeed_one_at_a_time() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_plandoc"))
                .args(["build", "p.txt", "--out", "out", "-q"])
                .current_dir(d)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(names(&d.join("out")), ["p"]);
    let o = plandoc(d, &["validate", "out/p/plan.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn a_run_holding_the_folder_makes_others_wait_or_fail_with_no_wait() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    assert!(
        plandoc(d, &["build", "p.txt", "--out", "out", "-q"])
            .status
            .success()
    );
    let before = tree(&d.join("out/p"));
    // The first step is the first staged write: the lock is held by then.
    let mut holder = Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(["build", "p.txt", "--out", "out", "-q", "-j", "1"])
        .env(FAULT, "pause:1")
        .current_dir(d)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut buf = [0u8; 64];
    let mut stderr_pipe = holder.stderr.take().unwrap();
    // Wait until it says it paused.
    let _ = std::io::Read::read(&mut stderr_pipe, &mut buf).unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "out", "--no-wait"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "another plandoc run (pid {}) is writing into this folder",
            holder.id()
        )),
        "{err}"
    );
    let o = plandoc(
        d,
        &[
            "export",
            "out/p/plan.json",
            "--format",
            "json",
            "--out",
            "out/p",
            "--no-wait",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "a different folder is not held: {}",
        stderr(&o)
    );
    // A waiting run says so, and goes on once the holder is gone (killed here).
    let waiter = Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(["build", "p.txt", "--out", "out"])
        .current_dir(d)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    holder.kill().unwrap();
    holder.wait().unwrap();
    let o = waiter.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("is writing here; waiting for it to finish"),
        "{err}"
    );
    assert!(
        err.contains("removed 1 folder(s) left by plandoc runs that were stopped"),
        "{err}"
    );
    assert_eq!(names(&d.join("out")), ["p"]);
    let _ = before;
}

#[test]
fn leftovers_of_earlier_versions_are_recovered() {
    // What 130 kills of the previous version left: staging folders and a parked plan folder
    // with the plan itself gone.
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    assert!(
        plandoc(d, &["build", "p.txt", "--out", "out", "-q"])
            .status
            .success()
    );
    let built = tree(&d.join("out/p"));
    std::fs::create_dir_all(d.join("out/.q.old-a1B2c3")).unwrap();
    std::fs::rename(d.join("out/p"), d.join("out/.q.old-a1B2c3/q")).unwrap();
    std::fs::create_dir_all(d.join("out/.q.new-Zz9Yy8/departments")).unwrap();
    std::fs::write(d.join("out/.q.new-Zz9Yy8/plan.json"), "half").unwrap();
    // A failed build still recovers: the source is now broken.
    std::fs::write(d.join("p.txt"), "").unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "out"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("out/q: was missing"), "{err}");
    assert_eq!(names(&d.join("out")), ["q"]);
    assert!(tree(&d.join("out/q")) == built, "not the parked outputs");
}

/// Whether this process can mount a small tmpfs (root on Linux, outside most sandboxes).
#[cfg(target_os = "linux")]
fn small_disk(dir: &Path, kb: usize) -> bool {
    std::fs::create_dir_all(dir).unwrap();
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={kb}k"), "tmpfs"])
        .arg(dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_previous_outputs_intact() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let disk = d.join("disk");
    if !small_disk(&disk, 1024) {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root outside a sandbox)");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(disk.clone());
    tiny(d, "旧的正文。");
    let out = disk.join("out");
    let out = out.to_str().unwrap();
    assert!(
        plandoc(d, &["build", "p.txt", "--out", out, "-q"])
            .status
            .success()
    );
    let old = tree(&disk.join("out/p"));
    // Fill the disk but for a little less than one more copy of the outputs.
    let size: usize = old.values().map(Vec::len).sum();
    let free = {
        let o = Command::new("df")
            .args(["-B1", "--output=avail"])
            .arg(&disk)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse::<usize>()
            .unwrap()
    };
    std::fs::write(
        disk.join("filler"),
        vec![0u8; free.saturating_sub(size / 2)],
    )
    .unwrap();
    tiny(d, "新的正文。");
    let o = plandoc(d, &["build", "p.txt", "--out", out]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the disk is full: free some space and run again"),
        "{err}"
    );
    assert!(
        tree(&disk.join("out/p")) == old,
        "the previous outputs changed"
    );
    assert_eq!(names(&disk.join("out")), ["p"], "no staging folder left");
    std::fs::remove_file(disk.join("filler")).unwrap();
    assert!(
        plandoc(d, &["build", "p.txt", "--out", out, "-q"])
            .status
            .success()
    );
    assert!(tree(&disk.join("out/p")) != old, "not rebuilt");
}

// --- file names --------------------------------------------------------------------------

/// Builds a plan whose domains go to these departments; the names of its workbooks.
fn department_files(departments: &[&str]) -> Vec<String> {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let mut text = String::new();
    let mut toml = String::new();
    for (i, dep) in departments.iter().enumerate() {
        text.push_str(&format!(
            "第{}章 领域{i}\n\n正文。\n\n",
            ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][i]
        ));
        toml.push_str(&format!(
            "[[domains]]\ncode = \"d{i}\"\nchapter = \"领域{i}\"\ndepartment = \"{}\"\n",
            dep.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    std::fs::write(d.join("p.txt"), text).unwrap();
    std::fs::write(d.join("p.toml"), toml).unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "out", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    names(&d.join("out/p/departments"))
}

#[test]
fn department_file_names_are_capped_in_bytes() {
    let files = department_files(&[&"😀".repeat(80)]);
    assert_eq!(files.len(), 1);
    assert!(files[0].len() <= 255, "{} bytes", files[0].len());
    assert!(files[0].ends_with(".xlsx"));
}

#[test]
fn windows_reserved_department_names_are_escaped() {
    let files = department_files(&[
        "nul.txt",
        "NUL.tar.gz",
        "LPT9.xlsx",
        "conin$",
        "com¹",
        "COM0",
    ]);
    assert_eq!(
        files,
        [
            "_COM0.xlsx",
            "_LPT9.xlsx.xlsx",
            "_NUL.tar.gz.xlsx",
            "_com¹.xlsx",
            "_conin$.xlsx",
            "_nul.txt.xlsx"
        ]
    );
}

#[test]
fn department_names_differing_only_in_normalisation_or_case_do_not_collide() {
    let files = department_files(&["caf\u{e9}", "cafe\u{301}", "CAFÉ"]);
    assert_eq!(files, ["CAFÉ-3.xlsx", "café-2.xlsx", "café.xlsx"]);
}

#[test]
fn invisible_and_bidi_characters_are_dropped_from_file_names() {
    let files = department_files(&["教\u{200B}育局", "卫健\u{202E}xslx.exe"]);
    assert_eq!(files, ["卫健xslx.exe.xlsx", "教育局.xlsx"]);
}

#[test]
fn a_blank_department_is_a_sidecar_error_at_its_line() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    std::fs::write(
        d.join("p.toml"),
        "[[domains]]\ncode = \"education\"\nchapter = \"教育服务\"\ndepartment = \"\u{200B} \"\n",
    )
    .unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "out"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("p.toml:4: domain \"education\": department"),
        "{err}"
    );
    assert!(
        !d.join("out").exists(),
        "a failed build leaves no --out folder"
    );
}

#[test]
fn an_export_of_a_plan_with_a_blank_department_warns_and_names_the_fallback() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let json =
        std::fs::read_to_string(root().join("out/wangcang-public-services-2021-2025/plan.json"))
            .unwrap()
            .replace("\"department\": \"教育局\"", "\"department\": \" \"");
    std::fs::write(d.join("plan.json"), json).unwrap();
    let o = plandoc(
        d,
        &["export", "plan.json", "--format", "xlsx", "--out", "x"],
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("warning: plan.json: department \" \" has nothing to make a file name of; its workbook is written as departments/unnamed.xlsx"), "{err}");
    assert!(d.join("x/departments/unnamed.xlsx").exists());
}

// --- cases that used to pass silently, and messages that said little --------------------

#[test]
fn an_empty_sidecar_or_one_without_domains_is_warned_of() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    for toml in [
        "",
        "[plan]\nid = \"x\"\ntitle = \"t\"\nregion = { name = \"r\" }\nperiod = { start = 2021, end = 2025 }\nbaseline_year = 2020\n",
    ] {
        std::fs::write(d.join("p.toml"), toml).unwrap();
        let o = plandoc(d, &["build", "p.txt", "--out", "out"]);
        let err = stderr(&o);
        assert!(o.status.success(), "{err}");
        assert!(err.contains("p.toml has no [[domains]]"), "{toml:?}: {err}");
        assert!(err.contains("no department workbooks are written"), "{err}");
    }
}

#[test]
fn a_folder_at_the_sidecar_path_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    std::fs::remove_file(d.join("p.toml")).unwrap();
    std::fs::create_dir(d.join("p.toml")).unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "out"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("p.toml: expected a file, found a folder"),
        "{err}"
    );
}

#[test]
fn a_file_where_a_plan_folder_goes_is_kept_and_refused() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::write(d.join("out/p"), "mine").unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "out"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("out/p: is a file, not a plan's output folder"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(d.join("out/p")).unwrap(), "mine");
}

#[test]
fn an_out_that_is_a_file_is_said_in_words() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    std::fs::write(d.join("o"), "").unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "o"]);
    assert!(
        stderr(&o).contains("o: --out names a file, but plandoc writes a folder there"),
        "{}",
        stderr(&o)
    );
    let plan = root().join("out/wangcang-public-services-2021-2025/plan.json");
    let o = plandoc(
        d,
        &[
            "export",
            plan.to_str().unwrap(),
            "--format",
            "all",
            "--out",
            "o",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("o: --out names a file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_failed_build_creates_no_out_folder() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    std::fs::write(d.join("p.txt"), "").unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "new/out"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!d.join("new").exists());
}

#[test]
fn a_duplicate_key_in_plan_json_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let json =
        std::fs::read_to_string(root().join("out/wangcang-public-services-2021-2025/plan.json"))
            .unwrap();
    let dup = json.replacen(
        "\"schemaVersion\"",
        "\"schemaVersion\": \"9.9.9\",\n  \"schemaVersion\"",
        1,
    );
    std::fs::write(d.join("p.json"), dup).unwrap();
    let o = plandoc(d, &["validate", "p.json"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("p.json:4: /: key \"schemaVersion\" is given twice"),
        "{err}"
    );
}

#[test]
fn a_number_the_model_cannot_hold_is_reported_with_its_pointer() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let json =
        std::fs::read_to_string(root().join("out/wangcang-public-services-2021-2025/plan.json"))
            .unwrap();
    let json = json.replacen("\"baselineYear\": 2020", "\"baselineYear\": 2020.0", 1);
    std::fs::write(d.join("p.json"), json).unwrap();
    let o = plandoc(d, &["validate", "p.json"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "/plan/baselineYear: invalid type: floating point `2020.0`, expected a whole number"
        ),
        "{err}"
    );
}

#[test]
fn a_bad_region_code_is_reported_against_the_sidecar_line() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let src = crate::common::example();
    std::fs::copy(&src, d.join("w.txt")).unwrap();
    let toml = std::fs::read_to_string(src.with_extension("toml"))
        .unwrap()
        .replace("\"510821\"", "\"51082\"");
    std::fs::write(d.join("w.toml"), toml).unwrap();
    let o = plandoc(d, &["build", "w.txt", "--out", "out"]);
    let err = stderr(&o);
    assert!(
        err.contains("w.toml:6: region code \"51082\": expected a 6-digit GB/T 2260 code"),
        "{err}"
    );
}

#[test]
fn sidecar_errors_in_utf16_and_gb18030_have_lines() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    let text = "[[domains]]\ncode = \"education\"\nchapter = 教育服务\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(d.join("p.toml"), utf16).unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "out"]);
    assert!(
        stderr(&o).contains("p.toml:3: invalid sidecar"),
        "{}",
        stderr(&o)
    );
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    std::fs::write(d.join("p.toml"), &*gb).unwrap();
    let o = plandoc(d, &["build", "p.txt", "--out", "out"]);
    assert!(
        stderr(&o).contains("p.toml:3: invalid sidecar"),
        "{}",
        stderr(&o)
    );
}

// --- resource bounds ---------------------------------------------------------------------

#[test]
fn millions_of_bad_glossary_items_are_refused_at_the_bound() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let text = format!(
        "{{\"schemaVersion\": \"2.0.0\", \"glossary\": [{}{{}}]}}",
        "{},".repeat(3_000_000)
    );
    std::fs::write(d.join("g.json"), text).unwrap();
    let o = plandoc(d, &["validate", "g.json"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/glossary: array of more than 200000 items"),
        "{err}"
    );
    assert!(err.len() < 1000, "{} bytes of messages", err.len());
}

#[test]
fn many_problems_are_listed_fifty_a_code_then_counted() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let text = format!(
        "{{\"schemaVersion\": \"2.0.0\", \"glossary\": [{}{{}}]}}",
        "{},".repeat(20_000)
    );
    std::fs::write(d.join("g.json"), text).unwrap();
    let o = plandoc(d, &["validate", "g.json"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.lines().count() < 100, "{} lines", err.lines().count());
    assert!(err.contains("more [schema] problem(s) not listed"), "{err}");
}

#[test]
fn a_huge_flat_array_is_refused_early() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let text = format!(
        "{{\"schemaVersion\": \"2.0.0\", \"x\": [{}0]}}",
        "0,".repeat(5_000_000)
    );
    std::fs::write(d.join("x.json"), text).unwrap();
    let o = plandoc(d, &["validate", "x.json"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("/x: array of more than 200000 items"), "{err}");
}

#[test]
fn too_many_jobs_are_capped_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    tiny(d, "正文。");
    let o = plandoc(d, &["build", "p.txt", "--out", "out", "-j", "5000"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("-j 5000 asks for more worker threads than help"),
        "{err}"
    );
}

#[test]
fn a_plan_xml_of_hundreds_of_thousands_of_empty_elements_is_refused_early() {
    // 40 MB of `<x/>` took 1.4 GB before the first error.
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plan xmlns=\"urn:plandoc:xml:plan:2\" \
         schemaVersion=\"2.0.0\">{}</plan>\n",
        "<x/>".repeat(300_000)
    );
    std::fs::write(d.join("x.xml"), text).unwrap();
    let o = plandoc(d, &["validate", "x.xml"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("x.xml:2: <plan> (line 2) has more than 200000 child elements"),
        "{err}"
    );
}

#[test]
fn checking_stops_once_enough_problems_are_found() {
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let items = vec!["{}"; 150_000].join(",");
    let text = format!("{{\"schemaVersion\": \"2.0.0\", \"glossary\": [{items}]}}");
    std::fs::write(d.join("g.json"), text).unwrap();
    let o = plandoc(d, &["validate", "g.json"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("or more problem(s) found"), "{err}");
    assert!(err.contains("checking stops once 10000 are found"), "{err}");
}
