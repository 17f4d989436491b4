//! Lock files that remove themselves: a per-blob `ingest/<hex>.lock` exists only while a
//! process writes that blob, and a file in `tmp/` whose lock is free belongs to a process
//! that died. One protocol makes removing a lock file safe beside processes waiting on it:
//!
//! - the holder unlinks the path *while it holds the lock*, then closes it;
//! - whoever acquires a lock then checks that the path still names the file it locked
//!   ([`is_linked`]); if not, the file was unlinked while it waited, and it starts over
//!   with the path as it is now.
//!
//! So at any moment at most one process holds the lock on the file the path names, and a
//! waiter never goes on holding the lock of an unlinked file.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

/// True when `path` still names the file `file` has open.
#[cfg(unix)]
pub(super) fn is_linked(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be unlinked, so a path never loses the file it names.
#[cfg(not(unix))]
pub(super) fn is_linked(_: &File, path: &Path) -> bool {
    path.exists()
}

/// The exclusive lock on the file at `path` (created if missing), held until the returned
/// [`LockFile`] is dropped, which removes the file. `on_wait` is called once, if another
/// process holds it.
pub(super) fn acquire(path: &Path, on_wait: impl FnOnce()) -> io::Result<LockFile> {
    let mut on_wait = Some(on_wait);
    loop {
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(path)?;
        if file.try_lock().is_err() {
            if let Some(f) = on_wait.take() {
                f();
            }
            file.lock()?;
        }
        if is_linked(&file, path) {
            return Ok(LockFile { file, path: path.to_path_buf() });
        }
        // Unlinked by its holder (or as stale) while we waited: lock what the path names now.
    }
}

/// A held lock file; dropping it unlinks the file, then releases the lock.
pub(super) struct LockFile {
    file: File,
    path: std::path::PathBuf,
}

impl Drop for LockFile {
    fn drop(&mut self) {
        // Only on unix can waiters see the unlink (`is_linked`); elsewhere the file stays.
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Removes the file at `path` if no process holds a lock on it (its owner died). A file
/// that is locked, gone, or replaced meanwhile is left alone. A directory (an export's
/// staging tree) is locked and removed the same way, whole.
pub(super) fn remove_if_unlocked(path: &Path) {
    if !cfg!(unix) {
        return;
    }
    let Ok(file) = OpenOptions::new().read(true).open(path) else { return };
    if file.try_lock().is_ok() && is_linked(&file, path) {
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            // std's remove_dir_all unlinks symlinks inside, never follows them.
            let _ = fs::remove_dir_all(path);
        } else {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_lock_file_lives_only_while_held() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.lock");
        let held = acquire(&p, || {}).unwrap();
        assert!(p.exists());
        remove_if_unlocked(&p);
        assert!(p.exists(), "a held lock is not stale");
        drop(held);
        assert!(!p.exists(), "removed by its holder");
        std::fs::write(&p, b"").unwrap(); // left by a process that died
        remove_if_unlocked(&p);
        assert!(!p.exists(), "an orphan is removed");
    }

    #[test]
    fn a_directory_left_in_tmp_is_removed_whole_unless_its_lock_is_held() {
        let dir = tempfile::tempdir().unwrap();
        let staged = dir.path().join("staged");
        std::fs::create_dir_all(staged.join("a/b")).unwrap();
        std::fs::write(staged.join("a/b/f"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.path(), staged.join("a/out")).unwrap();
        let held = File::open(&staged).unwrap();
        held.lock().unwrap();
        remove_if_unlocked(&staged);
        assert!(staged.join("a/b/f").exists(), "a held directory is not stale");
        drop(held);
        remove_if_unlocked(&staged);
        assert!(!staged.exists(), "an orphan is removed whole");
        assert!(dir.path().exists(), "through no symlink");
    }

    /// A waiter blocked on a lock file that its holder then removes goes on to lock the file
    /// the path names afterwards: never two holders at once.
    #[test]
    fn a_waiter_follows_the_path_not_the_unlinked_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.lock");
        let first = acquire(&p, || {}).unwrap();
        let (tx, rx) = mpsc::channel();
        let path = p.clone();
        let waiter = std::thread::spawn(move || {
            let waited = tx.clone();
            let second = acquire(&path, move || waited.send("waiting").unwrap()).unwrap();
            tx.send("acquired").unwrap();
            assert!(is_linked(&second.file, &path), "holds what the path names");
            std::thread::sleep(Duration::from_millis(100));
            drop(second);
        });
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), "waiting");
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err(), "blocked while the first holds it");
        drop(first);
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), "acquired");
        // Meanwhile a third process finds the path held, not stale.
        remove_if_unlocked(&p);
        assert!(p.exists());
        waiter.join().unwrap();
        assert!(!p.exists());
    }
}
