//! Writing one blob: a partial file keyed by digest, hashed as it grows, verified, synced and
//! renamed into `blobs/` only when size and digest match. The partial survives the process,
//! so the next run resumes it; a per-digest lock file keeps two processes from writing the
//! same partial at once.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::{Store, StoreError, io_err, sync_dir};
use crate::digest::{Digest, Sha256Hasher};

const WRITE_BUFFER: usize = 1 << 20;

pub struct Ingest {
    _lock: File,
    partial: PathBuf,
    blob: PathBuf,
    file: BufWriter<File>,
    digest: Digest,
    size: u64,
    written: u64,
    hasher: Sha256Hasher,
}

impl Ingest {
    pub(super) fn open(
        store: &Store,
        digest: &Digest,
        size: u64,
        on_wait: impl FnOnce(),
    ) -> Result<Ingest, StoreError> {
        if !digest.is_sha256() {
            return Err(StoreError::Verify {
                digest: digest.clone(),
                message: format!("digest algorithm {} is not supported for downloads", digest.algorithm()),
            });
        }
        let dir = store.root.join("ingest");
        let lock_path = dir.join(format!("{}.lock", digest.hex()));
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err("opening", &lock_path))?;
        if lock.try_lock().is_err() {
            on_wait();
            lock.lock().map_err(io_err("locking", &lock_path))?;
        }
        let partial = dir.join(format!("{}.partial", digest.hex()));
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&partial)
            .map_err(io_err("opening", &partial))?;
        let mut len = file.metadata().map_err(io_err("reading", &partial))?.len();
        if len > size {
            file.set_len(0).map_err(io_err("truncating", &partial))?;
            len = 0;
        }
        // Re-hash what an earlier run left, so the final digest covers every byte.
        let mut hasher = Sha256Hasher::new();
        if len > 0 {
            let mut buf = vec![0u8; WRITE_BUFFER];
            let mut reader = (&file).take(len);
            let mut seen = 0u64;
            loop {
                let n = reader.read(&mut buf).map_err(io_err("reading", &partial))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                seen += n as u64;
            }
            len = seen;
        }
        file.seek(SeekFrom::Start(len)).map_err(io_err("seeking", &partial))?;
        Ok(Ingest {
            _lock: lock,
            partial,
            blob: store.blob_path(digest),
            file: BufWriter::with_capacity(WRITE_BUFFER, file),
            digest: digest.clone(),
            size,
            written: len,
            hasher,
        })
    }

    /// Bytes already present (resumed from an earlier run, or written so far).
    pub fn offset(&self) -> u64 {
        self.written
    }

    pub fn digest(&self) -> &Digest {
        &self.digest
    }

    /// Throws away what the partial holds and starts from byte 0.
    pub fn restart(&mut self) -> Result<(), StoreError> {
        self.file.flush().map_err(io_err("writing", &self.partial))?;
        let f = self.file.get_mut();
        f.set_len(0).map_err(io_err("truncating", &self.partial))?;
        f.seek(SeekFrom::Start(0)).map_err(io_err("seeking", &self.partial))?;
        self.written = 0;
        self.hasher = Sha256Hasher::new();
        Ok(())
    }

    pub fn write(&mut self, chunk: &[u8]) -> Result<(), StoreError> {
        if self.written + chunk.len() as u64 > self.size {
            return Err(StoreError::Verify {
                digest: self.digest.clone(),
                message: format!("the registry sent more than the {} bytes the manifest declares", self.size),
            });
        }
        self.hasher.update(chunk);
        self.file.write_all(chunk).map_err(io_err("writing", &self.partial))?;
        self.written += chunk.len() as u64;
        Ok(())
    }

    /// Pushes buffered bytes to the partial file so a later run can resume from them.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        self.file.flush().map_err(io_err("writing", &self.partial))
    }

    /// Verifies size and digest, syncs, and moves the blob into place. On a mismatch the
    /// partial is deleted (its bytes are wrong, resuming from them would fail again).
    pub fn commit(mut self) -> Result<(), StoreError> {
        self.flush()?;
        if self.written != self.size {
            return Err(StoreError::Verify {
                digest: self.digest.clone(),
                message: format!("got {} bytes, the manifest declares {}", self.written, self.size),
            });
        }
        let actual = std::mem::take(&mut self.hasher).finish();
        if actual != self.digest {
            let _ = fs::remove_file(&self.partial);
            return Err(StoreError::Verify {
                digest: self.digest.clone(),
                message: format!("content hashes to {actual}; the download was corrupted and was discarded"),
            });
        }
        self.file.get_ref().sync_all().map_err(io_err("syncing", &self.partial))?;
        fs::rename(&self.partial, &self.blob).map_err(io_err("renaming into", &self.blob))?;
        if let Some(dir) = self.blob.parent() {
            sync_dir(dir);
        }
        Ok(())
    }

    /// Gives up on this blob, deleting its partial.
    pub fn discard(self) {
        let _ = fs::remove_file(&self.partial);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        (dir, s)
    }

    #[test]
    fn resumes_a_partial_left_by_an_earlier_run() {
        let (_d, s) = store();
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7) as u8).collect();
        let digest = Digest::sha256_of(&data);
        let mut ing = s.begin_ingest(&digest, data.len() as u64, || {}).unwrap();
        ing.write(&data[..40_000]).unwrap();
        ing.flush().unwrap();
        drop(ing); // the process "dies"
        let mut ing = s.begin_ingest(&digest, data.len() as u64, || {}).unwrap();
        assert_eq!(ing.offset(), 40_000);
        ing.write(&data[40_000..]).unwrap();
        ing.commit().unwrap();
        assert_eq!(fs::read(s.blob_path(&digest)).unwrap(), data);
        assert!(!s.root().join("ingest").join(format!("{}.partial", digest.hex())).exists());
    }

    #[test]
    fn wrong_bytes_never_get_the_name() {
        let (_d, s) = store();
        let digest = Digest::sha256_of(b"right");
        let mut ing = s.begin_ingest(&digest, 5, || {}).unwrap();
        ing.write(b"wrong").unwrap();
        let err = ing.commit().unwrap_err();
        assert!(err.to_string().contains(&digest.to_string()), "{err}");
        assert!(!s.has_blob(&digest));
        let ing = s.begin_ingest(&digest, 5, || {}).unwrap();
        assert_eq!(ing.offset(), 0, "the corrupt partial was discarded");
    }

    #[test]
    fn refuses_more_bytes_than_declared_and_short_content() {
        let (_d, s) = store();
        let digest = Digest::sha256_of(b"abc");
        let mut ing = s.begin_ingest(&digest, 3, || {}).unwrap();
        assert!(ing.write(b"abcd").is_err());
        ing.write(b"ab").unwrap();
        assert!(ing.commit().is_err());
        assert!(!s.has_blob(&digest));
    }
}
