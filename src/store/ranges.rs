//! Ranged partials: a big blob fetched over several connections at once has its ranges
//! written at their offsets in the partial, ahead of the hashed prefix, and a sidecar
//! (`ingest/<hex>.ranges`, replaced atomically) records which ranges are complete, so a
//! later run fetches only the missing ones. The hash still runs in order: the prefix grows
//! by the ranges that join it, read back from the file ([`Ingest::absorb`]), so memory stays
//! bounded whatever the number of connections.
//!
//! Without a sidecar the partial is what it always was: its length is the prefix. With one,
//! the sidecar alone says what the file holds (its length says nothing: ranges leave holes).
//! The sidecar is written before the first byte lands beyond the prefix and after every
//! range that completes; it is not synced ahead of the data (a power cut may leave it
//! claiming bytes the disk lost — the digest check at commit catches that, and the blob
//! starts over).

use std::fs::File;
use std::path::{Path, PathBuf};

use super::blobs::{Ingest, pwrite_all};
use super::{StoreError, io_err};

/// What a sidecar may weigh: a few lines per range, bounded by the ranges a blob has.
const SIDECAR_LIMIT: u64 = 1 << 20;
const MAGIC: &str = "ferry-ranges 1";

/// The sidecar next to a partial.
pub(super) fn sidecar_path(partial: &Path) -> PathBuf {
    partial.with_extension("ranges")
}

/// The complete ranges a sidecar records for a blob of `size` bytes whose partial is
/// `file_len` long, sorted and merged; `None` when there is no sidecar. A sidecar that does
/// not parse, or names bytes the file cannot hold, records nothing (`Some(empty)`): the
/// download starts over rather than trust it.
pub(super) fn load(path: &Path, size: u64, file_len: u64) -> Option<Vec<(u64, u64)>> {
    let bytes = match crate::local_file::read(path, SIDECAR_LIMIT) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(_) => return Some(Vec::new()),
    };
    Some(parse(&bytes, size, file_len).unwrap_or_default())
}

fn parse(bytes: &[u8], size: u64, file_len: u64) -> Option<Vec<(u64, u64)>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    if lines.next()? != format!("{MAGIC} {size}") {
        return None;
    }
    let mut ranges = Vec::new();
    for line in lines {
        let (a, b) = line.split_once(' ')?;
        let (a, b): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
        if a >= b || b > size || b > file_len {
            return None;
        }
        ranges.push((a, b));
    }
    Some(merge(ranges))
}

/// Sorted, with overlapping and touching ranges joined.
pub(crate) fn merge(mut ranges: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    ranges.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Where the bytes from 0 stop being covered by `ranges` (merged).
pub(super) fn prefix(ranges: &[(u64, u64)]) -> u64 {
    ranges.first().filter(|r| r.0 == 0).map_or(0, |r| r.1)
}

/// Writes ranges of one blob at their offsets, through the page cache (the ranges are read
/// back for hashing while they are still there), and records the complete ones in the
/// sidecar. Shared by the connections of one download; never touches the hashed prefix
/// (the caller gives it offsets past the ingest's).
pub struct RangeWriter {
    file: File,
    partial: PathBuf,
    size: u64,
}

impl RangeWriter {
    pub fn write_at(&self, offset: u64, data: &[u8]) -> Result<(), StoreError> {
        if offset + data.len() as u64 > self.size {
            return Err(StoreError::Io {
                action: "writing",
                path: self.partial.clone(),
                source: std::io::Error::other("a range past the blob's end"),
            });
        }
        pwrite_all(&self.file, data, offset).map_err(io_err("writing", &self.partial))
    }

    /// Records `complete` as what the partial holds (the prefix in the file among them),
    /// replacing the sidecar atomically. Call it before the first range is written past the
    /// prefix, and again as ranges complete.
    pub fn record(&self, complete: &[(u64, u64)]) -> Result<(), StoreError> {
        let mut text = format!("{MAGIC} {}\n", self.size);
        for (a, b) in merge(complete.to_vec()) {
            text.push_str(&format!("{a} {b}\n"));
        }
        let path = sidecar_path(&self.partial);
        // The temp file goes to tmp/ (same filesystem), whose orphans the store removes.
        let root = self.partial.parent().and_then(Path::parent).unwrap_or(Path::new("."));
        let f = super::locked_temp_file(&root.join("tmp"))?;
        (|| -> std::io::Result<()> {
            use std::io::Write;
            f.file().write_all(text.as_bytes())?;
            f.commit(&path)
        })()
        .map_err(io_err("writing", &path))
    }
}

impl Ingest {
    /// The ranges an earlier run completed beyond [`Ingest::offset`], as the sidecar
    /// recorded them (merged, sorted); empty without a sidecar.
    pub fn completed_ranges(&self) -> Vec<(u64, u64)> {
        let at = self.offset();
        self.recorded.iter().filter(|r| r.1 > at).map(|&(a, b)| (a.max(at), b)).collect()
    }

    /// Whether a sidecar says what the partial holds (see the module note).
    pub fn has_sidecar(&self) -> bool {
        sidecar_path(&self.partial).exists()
    }

    /// A writer for ranges beyond the prefix. The sidecar must say what the file holds
    /// before a byte lands there: call [`RangeWriter::record`] first.
    pub fn range_writer(&self) -> Result<RangeWriter, StoreError> {
        let file = self.file.try_clone().map_err(io_err("opening", &self.partial))?;
        Ok(RangeWriter { file, partial: self.partial.clone(), size: self.size })
    }

    /// Hashes the `len` bytes at [`Ingest::offset`] that a [`RangeWriter`] already put in
    /// the file, reading them back, and moves the offset past them. The offset must be
    /// aligned (ranges start at aligned offsets), and no attempt may be under way.
    pub fn absorb(&mut self, len: u64) -> Result<(), StoreError> {
        use std::io::{Read, Seek, SeekFrom};
        if let Some(n) = self.pending.as_ref().map(|p| p.len()) {
            self.write_pending(n)?;
        }
        self.check_room(len as usize)?;
        let mut buf = super::Block::for_blob(len);
        let mut file = self.file.try_clone().map_err(io_err("reading", &self.partial))?;
        file.seek(SeekFrom::Start(self.base)).map_err(io_err("reading", &self.partial))?;
        let mut reader = file.take(len);
        let mut seen = 0u64;
        loop {
            let n = reader.read(buf.spare()).map_err(io_err("reading", &self.partial))?;
            if n == 0 {
                break;
            }
            self.hasher().update(&buf.spare()[..n]);
            seen += n as u64;
        }
        if seen < len {
            return Err(StoreError::Io {
                action: "reading",
                path: self.partial.clone(),
                source: std::io::ErrorKind::UnexpectedEof.into(),
            });
        }
        self.base += len;
        Ok(())
    }

    /// Back to a plain partial (its length is its prefix) for a download that goes on in
    /// one stream: the sidecar goes, and the bytes past the prefix with it.
    pub fn forget_ranges(&mut self) -> Result<(), StoreError> {
        let path = sidecar_path(&self.partial);
        if self.recorded.is_empty() && !path.exists() {
            return Ok(());
        }
        self.flush()?;
        self.file.set_len(self.offset()).map_err(io_err("truncating", &self.partial))?;
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_err("removing", &path)(e)),
            _ => {}
        }
        self.recorded.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecars_parse_strictly() {
        let ok = format!("{MAGIC} 100\n0 10\n20 30\n10 15\n");
        assert_eq!(parse(ok.as_bytes(), 100, 100), Some(vec![(0, 15), (20, 30)]));
        assert_eq!(parse(ok.as_bytes(), 99, 100), None, "another size");
        assert_eq!(parse(ok.as_bytes(), 100, 25), None, "past the file's end");
        assert_eq!(parse(format!("{MAGIC} 100\n5 5\n").as_bytes(), 100, 100), None);
        assert_eq!(parse(b"junk", 100, 100), None);
        assert_eq!(prefix(&[(0, 15), (20, 30)]), 15);
        assert_eq!(prefix(&[(5, 15)]), 0);
    }
}
