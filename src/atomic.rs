//! File-system steps that survive a kill or a power cut at any moment: synced writes, an
//! atomic folder exchange, a lock per output folder, and a test-only fault hook.
//!
//! Why each step: a rename is only durable once the folder holding it is synced, and a file
//! renamed into place before its data reached the disk can come back empty after a power cut;
//! so every file and folder is synced before it is renamed, and the parent after.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable of the test-only fault hook.
///
/// `kill:N` kills the process (SIGKILL where there is one) at the Nth write, sync or rename
/// step; `fail:N` makes that step fail as a full disk would; `pause:N` prints the step and
/// sleeps so a test can kill the process itself; `trace` prints every step. Steps are counted
/// across the whole process, so tests use `-j 1`.
pub const FAULT_ENV: &str = "PLANDOC_TEST_FAULT";

/// What the fault hook was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Kill(usize),
    Fail(usize),
    Pause(usize),
    Trace,
}

fn fault_setting() -> Option<Fault> {
    static SETTING: OnceLock<Option<Fault>> = OnceLock::new();
    *SETTING.get_or_init(|| {
        let v = std::env::var(FAULT_ENV).ok()?;
        if v == "trace" {
            return Some(Fault::Trace);
        }
        let (action, n) = v.split_once(':')?;
        let n: usize = n.parse().ok()?;
        match action {
            "kill" => Some(Fault::Kill(n)),
            "fail" => Some(Fault::Fail(n)),
            "pause" => Some(Fault::Pause(n)),
            _ => None,
        }
    })
}

/// A point where a kill or a failure must leave the outputs whole; the hook acts here.
pub(crate) fn step(what: &str, path: &Path) -> std::io::Result<()> {
    let Some(setting) = fault_setting() else {
        return Ok(());
    };
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
    match setting {
        Fault::Trace => eprintln!("plandoc test step {n}: {what} {}", path.display()),
        Fault::Kill(k) if k == n => {
            eprintln!("plandoc test step {n}: killed at {what} {}", path.display());
            kill_self();
        }
        Fault::Fail(k) if k == n => {
            eprintln!("plandoc test step {n}: failing {what} {}", path.display());
            return Err(disk_full());
        }
        Fault::Pause(k) if k == n => {
            eprintln!("plandoc test step {n}: paused at {what} {}", path.display());
            std::thread::sleep(std::time::Duration::from_secs(120));
        }
        _ => {}
    }
    Ok(())
}

fn kill_self() -> ! {
    #[cfg(unix)]
    // SAFETY: kill(2) on our own pid with a constant signal has no memory effects.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    std::process::abort()
}

fn disk_full() -> std::io::Error {
    #[cfg(unix)]
    return std::io::Error::from_raw_os_error(libc::ENOSPC);
    #[cfg(not(unix))]
    return std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left on device");
}

/// Writes a whole file and syncs it to disk before returning.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    step("write", path)?;
    f.write_all(bytes)?;
    step("sync", path)?;
    f.sync_all()
}

/// Syncs a folder, so the names created or renamed in it are on disk.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    step("sync folder", dir)?;
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Syncs a folder and every folder below it (their files are synced as they are written).
pub(crate) fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            sync_tree(&entry.path())?;
        }
    }
    sync_dir(dir)
}

/// Renames, through the fault hook.
pub(crate) fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    step("rename", from)?;
    std::fs::rename(from, to)
}

/// Swaps two existing paths in one atomic step, when the system can: `Ok(false)` means it
/// cannot (not Linux, or a file system without `RENAME_EXCHANGE`) and nothing was changed.
pub(crate) fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    step("exchange", a)?;
    if std::env::var_os(NO_EXCHANGE_ENV).is_some() {
        return Ok(false);
    }
    exchange_impl(a, b)
}

/// Test-only: when set, [`exchange`] reports that the system cannot exchange, so the
/// two-rename swap that other systems use is tested on Linux too.
pub const NO_EXCHANGE_ENV: &str = "PLANDOC_TEST_NO_EXCHANGE";

#[cfg(target_os = "linux")]
fn exchange_impl(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    const RENAME_EXCHANGE: libc::c_uint = 1 << 1;
    let cstr = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "NUL in path"))
    };
    let (ca, cb) = (cstr(a)?, cstr(b)?);
    // SAFETY: both pointers are NUL-terminated strings that outlive the call; renameat2 is
    // called through syscall(2) so it works whatever the C library's version.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange_impl(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// The lock file's name inside an output folder.
pub const LOCK_FILE: &str = ".plandoc.lock";

/// Holds an output folder for one run; dropping it removes the lock file and releases it.
#[derive(Debug)]
pub struct DirLock {
    path: PathBuf,
    // Kept open: the lock lives as long as this descriptor.
    _file: File,
}

/// Why a lock was not taken.
#[derive(Debug)]
pub(crate) enum LockError {
    /// Another run holds it (and we were told not to wait); its pid when it wrote one.
    Busy(Option<u32>),
    /// The lock file could not be made or locked.
    Io(std::io::Error),
}

impl DirLock {
    /// Takes `dir/.plandoc.lock`, waiting (after calling `on_wait` once with the holder's pid)
    /// when `wait`, else failing with [`LockError::Busy`].
    ///
    /// The holder removes the file before it unlocks, so a run that waited may find it has
    /// locked a file no longer in the folder; it then tries again with the new one.
    pub(crate) fn acquire(
        dir: &Path,
        wait: bool,
        on_wait: &dyn Fn(Option<u32>),
    ) -> Result<DirLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let mut told = false;
        loop {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(LockError::Io)?;
            if !try_lock(&file).map_err(LockError::Io)? {
                let holder = std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|s| s.trim().parse().ok());
                if !wait {
                    return Err(LockError::Busy(holder));
                }
                if !told {
                    on_wait(holder);
                    told = true;
                }
                lock(&file).map_err(LockError::Io)?;
            }
            if !same_file(&file, &path) {
                continue;
            }
            let mut file = file;
            let _ = file.set_len(0);
            let _ = writeln!(file, "{}", std::process::id());
            return Ok(DirLock { path, _file: file });
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Removed while still locked, so no later run can lock this file after it is gone.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor we own.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(e)
    }
}

#[cfg(unix)]
fn lock(file: &File) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: flock on a descriptor we own.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

// Elsewhere the lock file only marks the folder as in use: concurrent runs are not kept apart.
#[cfg(not(unix))]
fn try_lock(_file: &File) -> std::io::Result<bool> {
    Ok(true)
}

#[cfg(not(unix))]
fn lock(_file: &File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

/// A folder this run created, removed on drop unless kept.
#[derive(Debug)]
pub(crate) struct Scratch {
    path: PathBuf,
    keep: bool,
}

impl Scratch {
    /// Creates `parent/<prefix><pid>-<n>`, a name no other live run uses.
    pub(crate) fn new(parent: &Path, prefix: &str) -> std::io::Result<Scratch> {
        static N: AtomicUsize = AtomicUsize::new(0);
        loop {
            let n = N.fetch_add(1, Ordering::SeqCst);
            let path = parent.join(format!("{prefix}{}-{n}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(Scratch { path, keep: false }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The folder.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Leaves the folder (it was renamed into place).
    pub(crate) fn keep(mut self) {
        self.keep = true;
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
