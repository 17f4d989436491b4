//! Putting a file in place so that readers see the old content or the new, never half of
//! one: the one home of ferry's write-fsync-rename, used by the store (index.json, blobs),
//! credentials (config.json, the test keyring) and archives (`save -o`).
//!
//! The temp file is created exclusively (`O_CREAT|O_EXCL`, so a symlink or file planted at
//! its name is never opened) under an unpredictable name, in a directory on the target's
//! filesystem (so the rename is atomic); it is fsynced before the rename, and removed when
//! dropped uncommitted (an interrupted write leaves nothing behind).
//!
//! An output path that is not a regular file is another matter: `save -o` to a FIFO, a
//! device or through a symlink writes to what is there, as `tar -f`, `docker save -o` and
//! shell redirection do, instead of replacing a device node or a pipe with a regular file
//! ([`Output`], [`disposition`]).
//!
//! Knows nothing of images; never prints.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Mode of files anyone may read (before the umask), as `File::create` gives.
pub const MODE_PUBLIC: u32 = 0o666;
/// Mode of files only their owner may read: secrets, from the moment they exist.
pub const MODE_PRIVATE: u32 = 0o600;

/// A file being written that appears at its destination whole, on [`AtomicFile::commit`],
/// or not at all: dropped uncommitted, it is removed (so it also serves as a scratch file).
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// A new, empty file in `dir` (which must be on the destination's filesystem), named
    /// `.NAME.XXXXXXXXXXXX.tmp` with `NAME` from `hint`, created with `mode` (less the umask).
    pub fn new_in(dir: &Path, hint: &str, mode: u32) -> io::Result<AtomicFile> {
        let prefix = format!(".{hint}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp").rand_bytes(12);
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
        #[cfg(not(unix))]
        let _ = mode;
        Ok(AtomicFile { temp: builder.tempfile_in(dir)? })
    }

    /// Where the content is until it is committed.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    pub fn file(&self) -> &File {
        self.temp.as_file()
    }

    /// Syncs the content and renames it over `dest`. The rename itself is durable once
    /// `dest`'s directory is synced ([`sync_dir`]); callers that place many files sync it once.
    pub fn commit(self, dest: &Path) -> io::Result<()> {
        self.temp.as_file().sync_all()?;
        // On failure the temp file comes back inside the error and is removed with it.
        self.temp.persist(dest).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.as_file_mut().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.as_file_mut().flush()
    }
}

/// Makes renames into `dir` durable. Best effort: some filesystems refuse to fsync
/// directories.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The directory a file at `path` lives in (`.` for a bare name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The file `path` names once symlinks are followed, whether or not it exists yet (a
/// dangling link names the file a write creates, as with shell redirection).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // Linux's own limit on links followed in one lookup.
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                // A relative link is relative to the directory holding it; `join` keeps an
                // absolute one as it is.
                p = parent_dir(&p).join(target);
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!("{}: too many levels of symbolic links", path.display())))
}

/// Replaces the file at `path` (through symlinks) with `bytes`: temp file beside the
/// target, fsync, rename, directory fsync.
pub fn write(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let target = resolve(path)?;
    let dir = parent_dir(&target);
    let mut file = AtomicFile::new_in(dir, &file_name(&target), mode)?;
    file.write_all(bytes)?;
    file.commit(&target)?;
    sync_dir(dir);
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into())
}

/// What is at an output path (after symlinks are followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Missing,
    Regular,
    Directory,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
}

impl FileKind {
    pub fn of(file_type: fs::FileType) -> FileKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return FileKind::Fifo;
            } else if file_type.is_char_device() {
                return FileKind::CharDevice;
            } else if file_type.is_block_device() {
                return FileKind::BlockDevice;
            } else if file_type.is_socket() {
                return FileKind::Socket;
            }
        }
        if file_type.is_dir() { FileKind::Directory } else { FileKind::Regular }
    }
}

/// How an output is written, by what is at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// A regular file (or nothing yet): written beside it and renamed over it.
    Replace,
    /// A pipe or a device: opened and written to; replacing it would break whoever reads
    /// it (or, as root, turn `/dev/null` into a regular file).
    WriteThrough,
    /// A directory or a socket: nothing to write to.
    Refuse,
}

pub fn disposition(kind: FileKind) -> Disposition {
    match kind {
        FileKind::Missing | FileKind::Regular => Disposition::Replace,
        FileKind::Fifo | FileKind::CharDevice | FileKind::BlockDevice => Disposition::WriteThrough,
        FileKind::Directory | FileKind::Socket => Disposition::Refuse,
    }
}

/// An output file (`save -o PATH`): a regular file replaced atomically, or a pipe or device
/// written through; a symlink at PATH is followed, never replaced.
pub enum Output {
    Replace { file: AtomicFile, target: PathBuf },
    Through(File),
}

impl Output {
    pub fn create(path: &Path) -> io::Result<Output> {
        let target = resolve(path)?;
        let kind = match fs::metadata(&target) {
            Ok(m) => FileKind::of(m.file_type()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => FileKind::Missing,
            Err(e) => return Err(e),
        };
        match disposition(kind) {
            Disposition::Replace => {
                let file = AtomicFile::new_in(parent_dir(&target), &file_name(&target), MODE_PUBLIC)?;
                Ok(Output::Replace { file, target })
            }
            // No create, no truncate: the pipe or device is there and stays what it is.
            Disposition::WriteThrough => Ok(Output::Through(fs::OpenOptions::new().write(true).open(&target)?)),
            Disposition::Refuse => Err(io::Error::other(format!(
                "{} is a {}, not a file",
                target.display(),
                if kind == FileKind::Directory { "directory" } else { "socket" }
            ))),
        }
    }

    /// Puts a replaced file in place (durably); a pipe or device has nothing left to do.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Output::Replace { file, target } => {
                file.commit(&target)?;
                sync_dir(parent_dir(&target));
                Ok(())
            }
            Output::Through(mut f) => f.flush(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Replace { file, .. } => file.write(buf),
            Output::Through(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Replace { file, .. } => file.flush(),
            Output::Through(f) => f.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_and_devices_are_written_through_and_files_replaced() {
        assert_eq!(disposition(FileKind::CharDevice), Disposition::WriteThrough, "/dev/null stays a device");
        assert_eq!(disposition(FileKind::BlockDevice), Disposition::WriteThrough);
        assert_eq!(disposition(FileKind::Fifo), Disposition::WriteThrough);
        assert_eq!(disposition(FileKind::Regular), Disposition::Replace);
        assert_eq!(disposition(FileKind::Missing), Disposition::Replace);
        assert_eq!(disposition(FileKind::Directory), Disposition::Refuse);
        assert_eq!(disposition(FileKind::Socket), Disposition::Refuse);
    }

    #[test]
    fn write_replaces_whole_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.json");
        fs::write(&p, b"old").unwrap();
        let held = File::open(&p).unwrap();
        write(&p, b"new", MODE_PUBLIC).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        // Renamed over, not rewritten: a reader of the old file still sees all of it.
        assert_eq!(io::read_to_string(held).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temp file left");
    }

    #[cfg(unix)]
    #[test]
    fn write_goes_through_symlinks_even_dangling_ones() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("sub/target", &link).unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        write(&link, b"one", MODE_PUBLIC).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(dir.path().join("sub/target")).unwrap(), b"one");
        write(&link, b"two", MODE_PUBLIC).unwrap();
        assert_eq!(fs::read(dir.path().join("sub/target")).unwrap(), b"two");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_private_from_creation() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = AtomicFile::new_in(dir.path(), "secret", MODE_PRIVATE).unwrap();
        assert_eq!(f.file().metadata().unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn an_uncommitted_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = AtomicFile::new_in(dir.path(), "x", MODE_PUBLIC).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_directory_is_not_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let err = Output::create(dir.path()).err().expect("refused");
        assert!(err.to_string().contains("directory"), "{err}");
    }
}
