//! Every byte on local disk: an OCI image layout (image-spec `image-layout.md`) that skopeo,
//! umoci and other tools can read, plus ferry's working areas.
//!
//! ```text
//! ROOT/oci-layout, index.json          refs: org.opencontainers.image.ref.name = full reference
//! ROOT/blobs/sha256/<hex>               immutable; named only after size + digest were checked
//! ROOT/blobs/sha512/<hex>               the same, for manifests named by sha512 (made on first use)
//! ROOT/ingest/<hex>.partial / .lock     downloads in progress, resumable across runs (a lock
//!                                       file lives while its blob is being written)
//! ROOT/ingest/<hex>.ranges              the complete ranges of a partial fetched in ranges
//!                                       (`ranges`)
//! ROOT/tmp/                             same filesystem, so renames are atomic (also layers
//!                                       being compressed, exports being staged); each temp
//!                                       file or directory is locked by the process writing
//!                                       it, and one whose lock is free (its writer died) is
//!                                       removed when the store is next opened
//! ROOT/lock                             shared while adding, exclusive while deleting
//! ```
//!
//! Durability policy: a blob is fsynced before its rename; the renames are made durable by
//! one directory fsync before the next reference update; `index.json` is replaced by
//! write-fsync-rename (`atomic_file`, its temp file in `tmp/`). A crash at any instant leaves
//! either the old or the new state (a blob whose rename was lost is still a complete
//! partial, verified again when it is resumed).
//! Big blobs are written with direct I/O, past the page cache (see `blobs`).
//! The store's own files are read through `local_file` (regular files only, size-capped):
//! another tool may have written the layout.
//! Never opens a socket, never prints.

mod blobs;
mod fsck;
mod locks;
mod ranges;
mod refs;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use blobs::{BLOCK_SIZE, Block, Ingest, Packer, Sealed};
pub use fsck::{FsckReport, Leftover, Problem, ProblemKind, RepairReport};
pub use ranges::RangeWriter;
pub use refs::{GcReport, RefEntry};

use crate::atomic_file::{AtomicFile, MODE_PUBLIC, sync_dir};
use crate::digest::Digest;
use crate::local_file;
use crate::walk::WalkError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("blob {digest}: {message}")]
    Verify { digest: Digest, message: String },
    #[error("{path} is not a ferry store: {message}")]
    Layout { path: PathBuf, message: String },
    #[error("no image {name:?} in the local store")]
    NotFound { name: String },
    #[error("blob {0} is not in the local store")]
    MissingBlob(Digest),
    #[error("{what}: {message}")]
    Archive { what: String, message: String },
    /// Content of an archive or layout being loaded does not match the digest or `diff_id`
    /// that names it: the archive is damaged (nothing of it was stored under that name).
    #[error("{what}: {message}")]
    ArchiveCorrupt { what: String, message: String },
    #[error(
        "{} blobs cannot be stored: ferry verifies manifests named by sha512 but stores only sha256 configs and layers",
        .0.algorithm()
    )]
    UnsupportedBlob(Digest),
    #[error(transparent)]
    Walk(#[from] WalkError),
    #[error("what {name} uses cannot be told, so nothing was deleted (remove it with `ferry rmi`)")]
    Unwalkable {
        name: String,
        #[source]
        source: WalkError,
    },
}

/// The digest algorithms whose blobs the store may hold (those [`Digest::parse`] admits).
const BLOB_ALGORITHMS: [&str; 2] = ["sha256", "sha512"];
/// The most of `oci-layout` read (it is one short JSON object).
const MAX_LAYOUT_FILE: u64 = 64 << 10;
/// The most of `index.json` read: ample for hundreds of thousands of references.
const MAX_INDEX_JSON: u64 = 64 << 20;
/// The most of a blob [`Store::read_blob`] reads whole (manifests and configs).
const MAX_SMALL_BLOB: u64 = 64 << 20;

pub(crate) fn io_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io { action, path: path.to_path_buf(), source }
}

pub struct Store {
    root: PathBuf,
}

/// A directory in the store's `tmp/`, locked while it lives; dropping it removes it.
pub struct TempDir {
    // Declared first, so dropped (removed) while the lock is still held.
    dir: tempfile::TempDir,
    _lock: File,
}

impl TempDir {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Held for the duration of an operation; dropping it releases the lock.
pub struct StoreLock {
    _file: File,
}

impl Store {
    /// Opens the store at `root`, creating an empty layout when the directory is new.
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        for dir in ["blobs/sha256", "ingest", "tmp"] {
            let p = root.join(dir);
            fs::create_dir_all(&p).map_err(io_err("creating", &p))?;
        }
        let store = Store { root: root.to_path_buf() };
        store.remove_stale_files();
        let layout = root.join("oci-layout");
        match local_file::read(&layout, MAX_LAYOUT_FILE) {
            Ok(bytes) => {
                let v: serde_json::Value = serde_json::from_slice(&bytes)
                    .map_err(|e| StoreError::Layout { path: layout.clone(), message: e.to_string() })?;
                if v.get("imageLayoutVersion").and_then(|v| v.as_str()).is_none() {
                    return Err(StoreError::Layout { path: layout, message: "no imageLayoutVersion".into() });
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                store.write_atomic(&layout, br#"{"imageLayoutVersion":"1.0.0"}"#)?;
            }
            Err(e) => {
                return Err(StoreError::Io { action: "reading", path: layout, source: e });
            }
        }
        if !root.join("index.json").exists() {
            let _guard = store.index_lock()?;
            if !root.join("index.json").exists() {
                store.write_atomic(
                    &root.join("index.json"),
                    br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#,
                )?;
            }
        }
        Ok(store)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn lock_file(&self, name: &str) -> Result<File, StoreError> {
        let p = self.root.join(name);
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&p)
            .map_err(io_err("opening lock", &p))
    }

    /// Shared lock for operations that add content: many may run at once, but no deletion
    /// runs beside them. `on_wait` is called once if the lock is busy.
    pub fn lock_shared(&self, on_wait: impl FnOnce()) -> Result<StoreLock, StoreError> {
        let f = self.lock_file("lock")?;
        if f.try_lock_shared().is_err() {
            on_wait();
            f.lock_shared().map_err(io_err("locking", &self.root.join("lock")))?;
        }
        Ok(StoreLock { _file: f })
    }

    /// Exclusive lock for operations that delete content (rmi, prune).
    pub fn lock_exclusive(&self, on_wait: impl FnOnce()) -> Result<StoreLock, StoreError> {
        let f = self.lock_file("lock")?;
        if f.try_lock().is_err() {
            on_wait();
            f.lock().map_err(io_err("locking", &self.root.join("lock")))?;
        }
        Ok(StoreLock { _file: f })
    }

    /// Serialises read-modify-write of index.json between processes.
    fn index_lock(&self) -> Result<StoreLock, StoreError> {
        let f = self.lock_file("index.lock")?;
        f.lock().map_err(io_err("locking", &self.root.join("index.lock")))?;
        Ok(StoreLock { _file: f })
    }

    pub fn blob_path(&self, digest: &Digest) -> PathBuf {
        self.root.join("blobs").join(digest.algorithm()).join(digest.hex())
    }

    pub fn has_blob(&self, digest: &Digest) -> bool {
        self.blob_path(digest).is_file()
    }

    pub fn blob_size(&self, digest: &Digest) -> Option<u64> {
        fs::metadata(self.blob_path(digest)).ok().map(|m| m.len())
    }

    /// Reads a (small) blob whole and checks it still hashes to its name.
    pub fn read_blob(&self, digest: &Digest) -> Result<Vec<u8>, StoreError> {
        let p = self.blob_path(digest);
        let bytes = match local_file::read(&p, MAX_SMALL_BLOB) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(StoreError::MissingBlob(digest.clone()));
            }
            Err(e) => {
                return Err(StoreError::Io { action: "reading", path: p, source: e });
            }
        };
        if let Err(e) = digest.verify(&bytes) {
            return Err(StoreError::Verify {
                digest: digest.clone(),
                message: format!(
                    "{} no longer matches its digest, it hashes to {} (the store is damaged)",
                    p.display(),
                    e.actual
                ),
            });
        }
        Ok(bytes)
    }

    /// Reads at most `limit` + 1 bytes of a blob (None when the store lacks it), for a
    /// reader that checks length and digest itself: the walker, reading a document whose
    /// declared size it has already bounded.
    pub(crate) fn read_bounded(&self, digest: &Digest, limit: u64) -> Result<Option<Vec<u8>>, StoreError> {
        let p = self.blob_path(digest);
        let f = match local_file::open(&p) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::Io { action: "reading", path: p, source: e }),
        };
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::Read::take(f, limit.saturating_add(1)), &mut bytes)
            .map_err(io_err("reading", &p))?;
        Ok(Some(bytes))
    }

    /// Stores small content (manifests, configs) after checking it is what `digest` names.
    /// sha256 and sha512 content alike (a manifest an index names by sha512 is stored under
    /// `blobs/sha512/`).
    pub fn put_blob(&self, digest: &Digest, bytes: &[u8]) -> Result<(), StoreError> {
        if self.has_blob(digest) {
            return Ok(());
        }
        if let Err(e) = digest.verify(bytes) {
            return Err(StoreError::Verify {
                digest: digest.clone(),
                message: format!("content hashes to {}", e.actual),
            });
        }
        let dest = self.blob_path(digest);
        if !digest.is_sha256() {
            // Made on first use: an empty blobs/sha512/ would only puzzle other tools.
            let dir = dest.parent().unwrap_or(&self.root);
            fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
        }
        self.place(&dest, bytes)
    }

    /// Writes `bytes` to `dest` via a temp file in the store, fsync, rename, directory fsync.
    fn write_atomic(&self, dest: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        self.place(dest, bytes)?;
        sync_dir(dest.parent().unwrap_or(&self.root));
        Ok(())
    }

    /// Writes `bytes` to `dest` via a temp file in the store, fsync and rename; the rename
    /// is made durable by the caller's directory fsync (for blobs, the next `set_ref`).
    fn place(&self, dest: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        let mut tmp = self.temp_file()?;
        tmp.write_all(bytes).map_err(io_err("writing", tmp.path()))?;
        tmp.commit(dest).map_err(io_err("writing", dest))
    }

    /// A new temp file in `tmp/`: on the store's filesystem, so it can be renamed into
    /// `blobs/`. It is locked while it lives, so that if this process dies the next
    /// [`Store::open`] sees the lock free and removes it (`prune` removes it too).
    pub(crate) fn temp_file(&self) -> Result<AtomicFile, StoreError> {
        locked_temp_file(&self.root.join("tmp"))
    }

    /// A new directory in `tmp/` (an export's staging tree): on the store's filesystem,
    /// locked while it lives so that if this process dies the next [`Store::open`] removes
    /// it; removed when dropped.
    pub fn temp_dir(&self) -> Result<TempDir, StoreError> {
        let tmp = self.root.join("tmp");
        loop {
            let dir = tempfile::Builder::new()
                .prefix("ferry-dir")
                .tempdir_in(&tmp)
                .map_err(io_err("creating a directory in", &tmp))?;
            let lock = File::open(dir.path()).map_err(io_err("opening", dir.path()))?;
            // As for temp files: another process may have taken it for an orphan meanwhile.
            if lock.try_lock().is_ok() && locks::is_linked(&lock, dir.path()) {
                return Ok(TempDir { dir, _lock: lock });
            }
        }
    }

    /// An unnamed file in `tmp/` (an archive spooled from a pipe): the kernel frees it when
    /// the last descriptor closes, so a killed process leaves nothing behind.
    pub(crate) fn unnamed_temp_file(&self) -> Result<File, StoreError> {
        let dir = self.root.join("tmp");
        tempfile::tempfile_in(&dir).map_err(io_err("creating a file in", &dir))
    }

    /// Removes what processes that died left in `tmp/` and `ingest/`: temp files and blob
    /// lock files nobody holds a lock on (partial downloads stay, to be resumed). Best
    /// effort: a store that cannot be tidied is still usable.
    fn remove_stale_files(&self) {
        for (dir, is_stale) in [("tmp", (|_: &str| true) as fn(&str) -> bool), ("ingest", |n| n.ends_with(".lock"))] {
            let Ok(entries) = fs::read_dir(self.root.join(dir)) else { continue };
            for entry in entries.flatten() {
                if is_stale(&entry.file_name().to_string_lossy()) {
                    locks::remove_if_unlocked(&entry.path());
                }
            }
        }
    }

    /// Makes the renames of blobs into `blobs/<algorithm>/` durable: one directory fsync per
    /// algorithm for a whole pull or load instead of one per blob. Runs before every
    /// reference update, so no reference survives a crash that its blobs' names did not.
    fn sync_blob_dirs(&self) {
        for dir in self.blob_dirs() {
            sync_dir(&dir);
        }
    }

    /// The `blobs/<algorithm>/` directories that exist.
    fn blob_dirs(&self) -> impl Iterator<Item = PathBuf> + '_ {
        BLOB_ALGORITHMS.iter().map(|a| self.root.join("blobs").join(a)).filter(|d| d.is_dir())
    }

    /// Begins (or resumes) writing the blob `digest` of `size` bytes. Blocks while another
    /// process is writing the same blob; `on_wait` is called first in that case. After it
    /// returns, check [`Store::has_blob`]: the other process may have finished it.
    pub fn begin_ingest(&self, digest: &Digest, size: u64, on_wait: impl FnOnce()) -> Result<Ingest, StoreError> {
        Ingest::open(self, digest, size, on_wait)
    }
}

/// A new temp file in `dir` (a store's `tmp/`), locked while it lives (see
/// [`Store::temp_file`]).
pub(super) fn locked_temp_file(dir: &Path) -> Result<AtomicFile, StoreError> {
    loop {
        let file = AtomicFile::new_in(dir, "ferry", MODE_PUBLIC).map_err(io_err("creating a file in", dir))?;
        // Between its creation and this lock, another process's `remove_stale_files` may
        // have taken the file for an orphan and unlinked it: then make another.
        if file.file().try_lock().is_ok() && locks::is_linked(file.file(), file.path()) {
            return Ok(file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_a_valid_empty_layout_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let layout: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.path().join("oci-layout")).unwrap()).unwrap();
        assert_eq!(layout["imageLayoutVersion"], "1.0.0");
        assert!(s.refs().unwrap().is_empty());
        drop(s);
        Store::open(dir.path()).unwrap();
    }

    #[test]
    fn blobs_of_either_algorithm_are_verified_when_put_and_read() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        for d in [Digest::sha256_of(b"hello"), Digest::sha512_of(b"hello")] {
            assert!(s.put_blob(&d, b"hellO").is_err());
            assert!(!s.has_blob(&d));
            s.put_blob(&d, b"hello").unwrap();
            assert!(dir.path().join("blobs").join(d.algorithm()).join(d.hex()).is_file());
            assert_eq!(s.read_blob(&d).unwrap(), b"hello");
            fs::write(s.blob_path(&d), b"hellO").unwrap();
            assert!(s.read_blob(&d).unwrap_err().to_string().contains("no longer matches"), "{d}");
        }
    }

    #[test]
    fn rejects_a_directory_that_is_not_a_layout() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("oci-layout"), b"{}").unwrap();
        assert!(matches!(Store::open(dir.path()), Err(StoreError::Layout { .. })));
    }
}
