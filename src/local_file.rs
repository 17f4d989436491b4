//! Reading files ferry did not write, or cannot trust to be what their names say: the one
//! home of "a regular file, at most so big". Archive members and layout files, `index.json`
//! and `oci-layout`, stored documents, `config.json`, `REGISTRY_AUTH_FILE`, the test keyring.
//!
//! A path is followed through symlinks, then opened without blocking (so a FIFO planted at
//! `index.json` cannot hang ferry on `open`), and what was opened is checked: anything but a
//! regular file (a FIFO, `/dev/zero`, a socket, a directory) is refused, since neither its
//! size nor its end can be trusted. A regular file is read to at most its cap, whatever its
//! metadata said a moment before (files grow). The errors are `io::Error`s whose message
//! says what was wrong (the caller names the file), with `ErrorKind::InvalidInput` for a
//! file of the wrong kind and `ErrorKind::FileTooLarge` for one over its cap; a missing
//! file stays `NotFound`, so callers keep telling "absent" from "unreadable".
//!
//! Knows nothing of images or credentials; never prints.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use crate::atomic_file::FileKind;

/// Opens `path` for reading if (after symlinks) it is a regular file; refuses anything else
/// without blocking on it.
pub fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        // Opening a FIFO for reading blocks until a writer comes; non-blocking, it returns at
        // once and the type check below refuses it. For a regular file the flag changes
        // nothing (regular files never block), so it can stay set.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        // Without O_NONBLOCK at hand: look before opening (a race, but not a hang by default).
        regular(FileKind::of(std::fs::metadata(path)?.file_type()))?;
    }
    let file = options.open(path)?;
    regular(FileKind::of(file.metadata()?.file_type()))?;
    Ok(file)
}

/// Reads the regular file at `path` whole; refuses one larger than `limit` bytes.
pub fn read(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open(path)?;
    let declared = file.metadata()?.len();
    if declared > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    // One byte past the cap tells a file that grew since its metadata was read.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// [`read`], as text.
pub fn read_to_string(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read(path, limit)?).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// `Ok` for a regular file; the error names what it is instead.
pub fn regular(kind: FileKind) -> io::Result<()> {
    let what = match kind {
        FileKind::Regular => return Ok(()),
        FileKind::Missing => return Err(io::ErrorKind::NotFound.into()),
        FileKind::Directory => "a directory",
        FileKind::Fifo => "a FIFO (named pipe)",
        FileKind::CharDevice => "a character device",
        FileKind::BlockDevice => "a block device",
        FileKind::Socket => "a socket",
    };
    Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{what}, not a regular file")))
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(io::ErrorKind::FileTooLarge, format!("larger than the {limit} bytes ferry reads from such a file"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read() {
        assert!(regular(FileKind::Regular).is_ok());
        for (kind, word) in [
            (FileKind::CharDevice, "character device"),
            (FileKind::BlockDevice, "block device"),
            (FileKind::Fifo, "FIFO"),
            (FileKind::Socket, "socket"),
            (FileKind::Directory, "directory"),
        ] {
            let err = regular(kind).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{kind:?}");
            assert!(err.to_string().contains(word), "{err}");
        }
        assert_eq!(regular(FileKind::Missing).unwrap_err().kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_file_over_its_cap_is_refused_and_one_under_it_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"0123456789").unwrap();
        assert_eq!(read(&p, 10).unwrap(), b"0123456789");
        assert_eq!(read(&p, 9).unwrap_err().kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(read(&dir.path().join("none"), 9).unwrap_err().kind(), io::ErrorKind::NotFound);
        assert_eq!(read(dir.path(), 9).unwrap_err().kind(), io::ErrorKind::InvalidInput);
    }

    /// A FIFO would block `open` until a writer came; it is refused at once instead.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let probe = link.clone();
        std::thread::spawn(move || tx.send(read(&probe, 100).map_err(|e| e.to_string())).unwrap());
        let got = rx.recv_timeout(std::time::Duration::from_secs(5));
        if got.is_err() {
            // Unblock the reader before failing, so the test process is not left hanging.
            drop(std::fs::OpenOptions::new().write(true).open(&fifo));
        }
        let err = got.expect("refused at once, not blocked").unwrap_err();
        assert!(err.contains("FIFO"), "{err}");
    }
}
