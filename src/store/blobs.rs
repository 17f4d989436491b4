//! Writing one blob: a partial file keyed by digest, hashed as it grows, verified, synced and
//! renamed into `blobs/` only when size and digest match. The partial survives the process,
//! so the next run resumes it; a per-digest lock file keeps two processes from writing the
//! same partial at once, and is removed when the ingest ends (`locks`).
//!
//! Big blobs are written with direct I/O (`O_DIRECT` on Linux) in aligned blocks: the bytes
//! go from ferry's buffer to the disk without being copied into the page cache, which on a
//! fast network costs as much CPU as hashing them. Where the filesystem refuses direct I/O
//! (tmpfs on older kernels, some network and FUSE filesystems) the same blocks go through
//! the page cache instead; `FERRY_NO_DIRECT_IO=1` asks for that everywhere. Either way the
//! partial is fsynced before its rename.
//!
//! The store owns the hash: it covers exactly the bytes accepted so far ([`Ingest::offset`]),
//! written or still waiting in memory, and nothing else can feed it. A download pipelined
//! across threads takes a [`Packer`] for each attempt ([`Ingest::start_attempt`]): on the
//! network side it copies bytes into blocks and hashes them while they are still in the
//! cache; each full block leaves it as a [`Sealed`] block, the only kind a writer thread can
//! put in the partial ([`Ingest::write_sealed`]); an attempt broken off is cut back to an
//! aligned offset by the packer itself ([`Packer::cut_back`]). A resumed partial goes on from
//! its last aligned offset (at most 4 KiB is fetched again), so direct writes stay aligned.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{Store, StoreError, io_err, locks, ranges};
use crate::digest::{Digest, Sha256Hasher};

/// Size of the blocks a big blob is written in.
pub const BLOCK_SIZE: usize = 1 << 20;
/// Offset, length and address alignment that direct I/O needs (a device's logical block,
/// 512 or 4096 bytes, divides it).
const ALIGN: usize = 4096;
/// Blobs at least this big are written with direct I/O; smaller ones are one write anyway.
const DIRECT_MIN: u64 = BLOCK_SIZE as u64;

/// A buffer of blob bytes whose start is aligned for direct I/O. Only a [`Packer`] fills one
/// (hashing what it copies in), and only as a [`Sealed`] block does it reach the file.
pub struct Block {
    mem: Vec<u8>,
    start: usize,
    len: usize,
}

impl Block {
    /// A block sized for a blob of `size` bytes: [`BLOCK_SIZE`], or less for a small blob.
    pub fn for_blob(size: u64) -> Block {
        let capacity = (size.min(BLOCK_SIZE as u64) as usize).next_multiple_of(ALIGN).max(ALIGN);
        Block::with_capacity(capacity)
    }

    /// A placeholder that holds nothing and allocates nothing.
    pub fn empty() -> Block {
        Block { mem: Vec::new(), start: 0, len: 0 }
    }

    fn with_capacity(capacity: usize) -> Block {
        let spare = if capacity == BLOCK_SIZE { SPARE_BLOCKS.lock().ok().and_then(|mut s| s.pop()) } else { None };
        let mem = spare.unwrap_or_else(|| vec![0u8; capacity + ALIGN]);
        let start = mem.as_ptr().align_offset(ALIGN);
        Block { mem, start, len: 0 }
    }

    fn capacity(&self) -> usize {
        self.mem.len().saturating_sub(ALIGN)
    }

    /// Copies as much of `data` as fits; returns how much that was.
    fn fill(&mut self, data: &[u8]) -> usize {
        let spare = self.spare();
        let n = spare.len().min(data.len());
        spare[..n].copy_from_slice(&data[..n]);
        self.len += n;
        n
    }

    pub fn is_full(&self) -> bool {
        self.len == self.capacity()
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    /// Drops the bytes past the last `ALIGN` boundary of the block.
    fn truncate_aligned(&mut self) {
        self.len -= self.len % ALIGN;
    }

    pub fn filled(&self) -> &[u8] {
        &self.mem[self.start..self.start + self.len]
    }

    pub(super) fn spare(&mut self) -> &mut [u8] {
        let cap = self.capacity();
        &mut self.mem[self.start + self.len..self.start + cap]
    }

    /// Keeps `filled()[from..]`, moved to the front.
    fn keep_from(&mut self, from: usize) {
        self.mem.copy_within(self.start + from..self.start + self.len, self.start);
        self.len -= from;
    }
}

/// Full-size block memory kept for the next blob: reused, it costs no page faults and does
/// not scatter freed megabytes across the allocator's per-thread arenas.
static SPARE_BLOCKS: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());
const SPARE_MAX: usize = 16;

impl Drop for Block {
    fn drop(&mut self) {
        if self.mem.len() == BLOCK_SIZE + ALIGN
            && let Ok(mut spare) = SPARE_BLOCKS.lock()
            && spare.len() < SPARE_MAX
        {
            spare.push(std::mem::take(&mut self.mem));
        }
    }
}

pub struct Ingest {
    _lock: locks::LockFile,
    pub(super) partial: PathBuf,
    blob: PathBuf,
    pub(super) file: File,
    /// The partial opened with `O_DIRECT` for big blobs, where the filesystem allows it.
    direct: Option<File>,
    /// Bytes past `base` not yet in the file (allocated on first use).
    pub(super) pending: Option<Block>,
    /// Bytes in the file; a multiple of `ALIGN` until the final write.
    pub(super) base: u64,
    digest: Digest,
    pub(super) size: u64,
    /// The complete ranges the sidecar records (`ranges`), merged; empty without one.
    pub(super) recorded: Vec<(u64, u64)>,
    /// Covers exactly the first `offset()` bytes; `None` while an attempt's [`Packer`] holds
    /// it.
    hasher: Option<Sha256Hasher>,
}

impl Ingest {
    pub(super) fn open(
        store: &Store,
        digest: &Digest,
        size: u64,
        on_wait: impl FnOnce(),
    ) -> Result<Ingest, StoreError> {
        if !digest.is_sha256() {
            // The streaming hash is sha256 only (its speed is tuned); refused, never trusted.
            return Err(StoreError::UnsupportedBlob(digest.clone()));
        }
        let dir = store.root.join("ingest");
        let lock_path = dir.join(format!("{}.lock", digest.hex()));
        // Removed when the ingest ends (committed, discarded or dropped), so lock files do
        // not pile up one per blob ever written.
        let lock = locks::acquire(&lock_path, on_wait).map_err(io_err("locking", &lock_path))?;
        let partial = dir.join(format!("{}.partial", digest.hex()));
        let file = OpenOptions::new()
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
        // With a sidecar, it says what the file holds (ranges leave holes); without, the
        // file's length is its prefix.
        let recorded = ranges::load(&ranges::sidecar_path(&partial), size, len);
        let len = recorded.as_deref().map_or(len, ranges::prefix);
        let direct = if size >= DIRECT_MIN { open_direct(&partial) } else { None };
        let mut ingest = Ingest {
            _lock: lock,
            blob: store.blob_path(digest),
            file,
            direct,
            pending: None,
            base: 0,
            digest: digest.clone(),
            size,
            hasher: Some(Sha256Hasher::new()),
            recorded: recorded.unwrap_or_default(),
            partial,
        };
        ingest.rehash(len - len % ALIGN as u64)?;
        Ok(ingest)
    }

    /// Hashes the first `len` bytes an earlier run left (`len` aligned), so the final digest
    /// covers every byte; the download goes on from there.
    fn rehash(&mut self, len: u64) -> Result<(), StoreError> {
        let mut buf = Block::for_blob(len);
        let mut reader = (&self.file).take(len);
        let mut seen = 0u64;
        loop {
            let n = reader.read(buf.spare()).map_err(io_err("reading", &self.partial))?;
            if n == 0 {
                break;
            }
            self.hasher.as_mut().expect("the hash state is lent out").update(&buf.spare()[..n]);
            seen += n as u64;
        }
        if seen < len {
            // Shorter than it was a moment ago: start over rather than guess.
            return self.restart();
        }
        self.base = len;
        Ok(())
    }

    /// Bytes already present (resumed from an earlier run, or written so far).
    pub fn offset(&self) -> u64 {
        self.base + self.pending.as_ref().map_or(0, |p| p.len() as u64)
    }

    pub fn digest(&self) -> &Digest {
        &self.digest
    }

    /// Throws away what the partial holds and starts from byte 0.
    pub fn restart(&mut self) -> Result<(), StoreError> {
        self.file.set_len(0).map_err(io_err("truncating", &self.partial))?;
        let _ = fs::remove_file(ranges::sidecar_path(&self.partial));
        self.recorded.clear();
        self.base = 0;
        self.hasher = Some(Sha256Hasher::new());
        if let Some(p) = &mut self.pending {
            p.clear();
        }
        Ok(())
    }

    pub(super) fn check_room(&self, more: usize) -> Result<(), StoreError> {
        if self.offset() + more as u64 > self.size {
            return Err(too_many_bytes(&self.digest, self.size));
        }
        Ok(())
    }

    pub(super) fn hasher(&mut self) -> &mut Sha256Hasher {
        self.hasher.as_mut().expect("no attempt is under way")
    }

    /// Starts an attempt pipelined across threads: the returned packer hashes and packs
    /// the bytes that follow [`Ingest::offset`]; hand its sealed blocks to
    /// [`Ingest::write_sealed`] (on any thread), then give it back with
    /// [`Ingest::end_attempt`].
    pub fn start_attempt(&mut self) -> Packer {
        let hasher = self.hasher.take().expect("one attempt at a time");
        Packer { sealed: hasher.clone(), hasher, packed: self.offset(), size: self.size, digest: self.digest.clone() }
    }

    /// Ends an attempt. When every block it packed was written, the hash goes on from there;
    /// when a write failed (blocks were hashed that never reached the file) the ingest has
    /// no usable hash left and must be given up, which the write's error already says.
    pub fn end_attempt(&mut self, packer: Packer) {
        if packer.packed == self.offset() {
            self.hasher = Some(packer.hasher);
        }
    }

    /// Appends bytes (copied into a block; written each time the block fills).
    pub fn write(&mut self, data: &[u8]) -> Result<(), StoreError> {
        self.check_room(data.len())?;
        self.hasher().update(data);
        self.append_pending(data)
    }

    /// Appends a block an attempt's packer has hashed. Written without another copy when
    /// nothing is pending (always, for blocks filled to capacity until the last); its
    /// unaligned end waits in `pending`.
    pub fn write_sealed(&mut self, sealed: Sealed) -> Result<(), StoreError> {
        debug_assert!(self.hasher.is_none(), "sealed blocks come from an attempt under way");
        let mut block = sealed.0;
        let block = &mut block;
        self.check_room(block.len())?;
        if self.pending.as_ref().is_some_and(|p| !p.is_empty()) {
            let r = self.append_pending(block.filled());
            block.clear();
            return r;
        }
        let aligned = block.len() - block.len() % ALIGN;
        let r = self.write_at_base(&block.filled()[..aligned]);
        if r.is_ok() && aligned < block.len() {
            let rest = &block.filled()[aligned..];
            let size = self.size;
            self.pending.get_or_insert_with(|| Block::for_blob(size)).fill(rest);
        }
        block.clear();
        r
    }

    fn append_pending(&mut self, mut data: &[u8]) -> Result<(), StoreError> {
        while !data.is_empty() {
            let size = self.size;
            let pending = self.pending.get_or_insert_with(|| Block::for_blob(size));
            let n = pending.fill(data);
            data = &data[n..];
            if pending.is_full() {
                let n = pending.len();
                self.write_pending(n)?;
            }
        }
        Ok(())
    }

    /// Writes the first `n` pending bytes (`n` aligned, or all of them at the end).
    pub(super) fn write_pending(&mut self, n: usize) -> Result<(), StoreError> {
        let mut pending = self.pending.take().expect("bytes are pending");
        let r = self.write_at_base(&pending.filled()[..n]);
        if r.is_ok() {
            pending.keep_from(n);
        }
        self.pending = Some(pending);
        r
    }

    /// Writes `data` at `base`, with direct I/O when it is aligned and the filesystem takes
    /// it, and moves `base` past it.
    fn write_at_base(&mut self, data: &[u8]) -> Result<(), StoreError> {
        if data.is_empty() {
            return Ok(());
        }
        let mut done = false;
        if let Some(direct) = &self.direct
            && data.len().is_multiple_of(ALIGN)
            && self.base.is_multiple_of(ALIGN as u64)
        {
            match pwrite_all(direct, data, self.base) {
                Ok(()) => done = true,
                // The filesystem refused this direct write: use the page cache from now on.
                Err(e) if e.kind() == io::ErrorKind::InvalidInput => self.direct = None,
                Err(e) => return Err(StoreError::Io { action: "writing", path: self.partial.clone(), source: e }),
            }
        }
        if !done {
            pwrite_all(&self.file, data, self.base).map_err(io_err("writing", &self.partial))?;
        }
        self.base += data.len() as u64;
        Ok(())
    }

    /// Puts every byte accepted into the partial file, so a later run can resume from them
    /// (from the last aligned offset). The bytes past that offset also stay in memory, so
    /// this run can go on from [`Ingest::offset`].
    pub fn flush(&mut self) -> Result<(), StoreError> {
        let Some(len) = self.pending.as_ref().map(Block::len) else {
            return Ok(());
        };
        self.write_pending(len - len % ALIGN)?;
        if let Some(p) = &self.pending
            && !p.is_empty()
        {
            pwrite_all(&self.file, p.filled(), self.base).map_err(io_err("writing", &self.partial))?;
        }
        Ok(())
    }

    /// Verifies size and digest, syncs, and moves the blob into place (the rename is made
    /// durable by [`Store::set_ref`]'s directory fsync). On a mismatch the
    /// partial is deleted (its bytes are wrong, resuming from them would fail again).
    pub fn commit(mut self) -> Result<(), StoreError> {
        if let Some(len) = self.pending.as_ref().map(Block::len) {
            self.write_pending(len)?;
        }
        if self.base != self.size {
            return Err(StoreError::Verify {
                digest: self.digest.clone(),
                message: format!("got {} bytes, the manifest declares {}", self.base, self.size),
            });
        }
        let actual = self.hasher.take().expect("no attempt is under way").finish();
        let _ = fs::remove_file(ranges::sidecar_path(&self.partial));
        if actual != self.digest {
            let _ = fs::remove_file(&self.partial);
            return Err(StoreError::Verify {
                digest: self.digest.clone(),
                message: format!("content hashes to {actual}; its bytes were discarded"),
            });
        }
        self.file.sync_all().map_err(io_err("syncing", &self.partial))?;
        // Durable with the directory fsync that precedes the next reference update.
        fs::rename(&self.partial, &self.blob).map_err(io_err("renaming into", &self.blob))?;
        Ok(())
    }

    /// Gives up on this blob, deleting its partial.
    pub fn discard(self) {
        let _ = fs::remove_file(ranges::sidecar_path(&self.partial));
        let _ = fs::remove_file(&self.partial);
    }
}

/// The hashing side of one download attempt (see the module note): copies bytes into blocks,
/// hashing them as it goes, and seals full blocks for the writer. It remembers the hash at
/// the end of the last sealed block, so an attempt broken off mid-block can be cut back to
/// an aligned offset without hashing anything twice.
pub struct Packer {
    /// Covers every byte packed so far.
    hasher: Sha256Hasher,
    /// Covers the bytes in sealed blocks.
    sealed: Sha256Hasher,
    /// Bytes accepted by the ingest, counting what this packer packed.
    packed: u64,
    size: u64,
    digest: Digest,
}

/// A block whose every byte its attempt's [`Packer`] hashed: the only kind of block that
/// reaches a partial file.
pub struct Sealed(Block);

impl Packer {
    /// Copies as much of `data` as fits in `block`, hashing it; returns how much that was.
    /// Refuses bytes past the size the descriptor declares.
    pub fn fill(&mut self, block: &mut Block, data: &[u8]) -> Result<usize, StoreError> {
        let n = block.fill(data);
        if self.packed + n as u64 > self.size {
            block.len -= n;
            return Err(too_many_bytes(&self.digest, self.size));
        }
        self.hasher.update(&data[..n]);
        self.packed += n as u64;
        Ok(n)
    }

    /// Hands `block` over for writing, taking its place with an empty one.
    pub fn seal(&mut self, block: &mut Block) -> Sealed {
        self.sealed = self.hasher.clone();
        Sealed(std::mem::replace(block, Block::empty()))
    }

    /// For an attempt broken off: keeps `block`'s bytes only up to its last aligned offset
    /// (the next attempt starts there, so direct writes stay aligned), and the hash with them.
    pub fn cut_back(&mut self, block: &mut Block) {
        let dropped = block.len() % ALIGN;
        block.truncate_aligned();
        self.packed -= dropped as u64;
        self.hasher = self.sealed.clone();
        self.hasher.update(block.filled());
    }
}

fn too_many_bytes(digest: &Digest, size: u64) -> StoreError {
    StoreError::Verify {
        digest: digest.clone(),
        message: format!("the registry sent more than the {size} bytes the manifest declares"),
    }
}

#[cfg(target_os = "linux")]
fn open_direct(path: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    if std::env::var_os("FERRY_NO_DIRECT_IO").is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    OpenOptions::new().write(true).custom_flags(libc::O_DIRECT).open(path).ok()
}

#[cfg(not(target_os = "linux"))]
fn open_direct(_: &Path) -> Option<File> {
    None
}

#[cfg(unix)]
pub(super) fn pwrite_all(file: &File, data: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, data, offset)
}

#[cfg(windows)]
pub(super) fn pwrite_all(file: &File, mut data: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !data.is_empty() {
        let n = file.seek_write(data, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        data = &data[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        (dir, s)
    }

    /// Bytes that differ at every offset, so a block written at the wrong place shows.
    fn pattern(len: usize) -> Vec<u8> {
        (0..len as u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()
    }

    /// Packs a network chunk into `block` as the pull pipeline does: hashed as it goes,
    /// sealed and written each time the block fills.
    fn pack(ing: &mut Ingest, packer: &mut Packer, block: &mut Block, mut chunk: &[u8]) {
        while !chunk.is_empty() {
            let n = packer.fill(block, chunk).unwrap();
            chunk = &chunk[n..];
            if block.is_full() {
                ing.write_sealed(packer.seal(block)).unwrap();
                *block = Block::for_blob(ing.size);
            }
        }
    }

    fn partial_len(s: &Store, digest: &Digest) -> u64 {
        fs::metadata(s.root().join("ingest").join(format!("{}.partial", digest.hex()))).unwrap().len()
    }

    #[test]
    fn resumes_a_partial_left_by_an_earlier_run() {
        let (_d, s) = store();
        let data = pattern(100_000);
        let digest = Digest::sha256_of(&data);
        let mut ing = s.begin_ingest(&digest, data.len() as u64, || {}).unwrap();
        ing.write(&data[..40_000]).unwrap();
        ing.flush().unwrap();
        assert_eq!(partial_len(&s, &digest), 40_000, "everything received is on disk");
        drop(ing); // the process "dies"
        let mut ing = s.begin_ingest(&digest, data.len() as u64, || {}).unwrap();
        // Resumed from the last aligned offset: at most one alignment unit is fetched again.
        let at = ing.offset();
        assert_eq!(at, 40_000 - 40_000 % ALIGN as u64);
        ing.write(&data[at as usize..]).unwrap();
        ing.commit().unwrap();
        assert_eq!(fs::read(s.blob_path(&digest)).unwrap(), data);
        assert!(!s.root().join("ingest").join(format!("{}.partial", digest.hex())).exists());
    }

    /// The pull path: blocks filled from odd-sized network chunks, an interruption with an
    /// unaligned tail in the middle (flush, then go on from `offset()`), a process that
    /// dies and resumes, and the last short block — with direct I/O and without.
    #[test]
    fn blocks_interruptions_and_resumes_give_the_exact_blob() {
        for direct in [true, false] {
            let (_d, s) = store();
            let data = pattern(3 * BLOCK_SIZE + 12_345);
            let digest = Digest::sha256_of(&data);
            let size = data.len() as u64;
            let open = || {
                let mut ing = s.begin_ingest(&digest, size, || {}).unwrap();
                if !direct {
                    ing.direct = None;
                }
                ing
            };
            let feed = |ing: &mut Ingest, from: usize, to: usize| {
                let mut packer = ing.start_attempt();
                let mut block = Block::for_blob(size);
                let mut at = from;
                let mut step = 1usize;
                while at < to {
                    step = (step * 7 + 4093) % 300_000 + 1; // odd chunk sizes, like a socket's
                    let chunk = &data[at..(at + step).min(to)];
                    pack(ing, &mut packer, &mut block, chunk);
                    at += chunk.len();
                }
                ing.write_sealed(packer.seal(&mut block)).unwrap();
                ing.end_attempt(packer);
            };

            let mut ing = open();
            feed(&mut ing, 0, BLOCK_SIZE + 5_000); // broken off mid-block
            ing.flush().unwrap();
            assert_eq!(partial_len(&s, &digest), (BLOCK_SIZE + 5_000) as u64);
            let at = ing.offset() as usize;
            assert_eq!(at, BLOCK_SIZE + 5_000, "this run goes on where it stopped");
            feed(&mut ing, at, 2 * BLOCK_SIZE + 777); // the retry, unaligned, broken off again
            ing.flush().unwrap();
            drop(ing); // and the process dies

            let mut ing = open();
            let at = ing.offset() as usize;
            assert_eq!(at, 2 * BLOCK_SIZE);
            feed(&mut ing, at, data.len());
            assert_eq!(ing.offset(), size);
            ing.commit().unwrap();
            assert_eq!(fs::read(s.blob_path(&digest)).unwrap(), data, "direct I/O: {direct}");
        }
    }

    /// The pull pipeline's protocol: a packer on the network side hashes each chunk and
    /// seals blocks for the writer; an interrupted attempt is cut back to an aligned offset.
    #[test]
    fn packers_and_aligned_cut_backs_give_the_exact_blob() {
        let (_d, s) = store();
        let data = pattern(4 * BLOCK_SIZE + 999);
        let digest = Digest::sha256_of(&data);
        let size = data.len() as u64;
        let mut ing = s.begin_ingest(&digest, size, || {}).unwrap();
        // One attempt over data[from..to], broken off at `to` unless it is the end.
        let attempt = |ing: &mut Ingest, to: usize| {
            let from = ing.offset() as usize;
            let mut packer = ing.start_attempt();
            let mut block = Block::for_blob(size);
            for chunk in data[from..to].chunks(100_003) {
                pack(ing, &mut packer, &mut block, chunk);
            }
            if to < data.len() {
                packer.cut_back(&mut block);
            }
            ing.write_sealed(packer.seal(&mut block)).unwrap();
            ing.end_attempt(packer);
        };
        attempt(&mut ing, BLOCK_SIZE + 6_000);
        assert_eq!(ing.offset(), (BLOCK_SIZE + 4_096) as u64, "cut back to an aligned offset");
        attempt(&mut ing, 3 * BLOCK_SIZE + 10);
        assert_eq!(ing.offset(), 3 * BLOCK_SIZE as u64);
        attempt(&mut ing, data.len());
        ing.commit().unwrap();
        assert_eq!(fs::read(s.blob_path(&digest)).unwrap(), data);
    }

    #[test]
    fn a_partly_filled_block_mid_stream_still_lands_in_place() {
        let (_d, s) = store();
        let data = pattern(2 * BLOCK_SIZE + 100);
        let digest = Digest::sha256_of(&data);
        let mut ing = s.begin_ingest(&digest, data.len() as u64, || {}).unwrap();
        let mut packer = ing.start_attempt();
        for piece in [&data[..1000], &data[1000..BLOCK_SIZE + 1000], &data[BLOCK_SIZE + 1000..]] {
            let mut rest = piece;
            while !rest.is_empty() {
                let mut block = Block::for_blob(data.len() as u64);
                let n = packer.fill(&mut block, rest).unwrap();
                rest = &rest[n..];
                ing.write_sealed(packer.seal(&mut block)).unwrap(); // full or not
            }
        }
        ing.end_attempt(packer);
        ing.commit().unwrap();
        assert_eq!(fs::read(s.blob_path(&digest)).unwrap(), data);
    }

    #[test]
    fn block_memory_is_aligned_and_sized_for_the_blob() {
        let small = Block::for_blob(10);
        assert_eq!(small.capacity(), ALIGN);
        let mid = Block::for_blob(70_000);
        assert_eq!(mid.capacity(), 70_000usize.next_multiple_of(ALIGN));
        let mut big = Block::for_blob(10 * BLOCK_SIZE as u64);
        assert_eq!(big.capacity(), BLOCK_SIZE);
        assert_eq!(big.spare().as_ptr() as usize % ALIGN, 0);
        assert_eq!(big.fill(&vec![1u8; BLOCK_SIZE + 5]), BLOCK_SIZE);
        assert!(big.is_full());
        assert!(Block::empty().is_empty());
    }

    #[test]
    fn no_lock_file_outlives_its_ingest() {
        let (_d, s) = store();
        let digest = Digest::sha256_of(b"abc");
        let lock = s.root().join("ingest").join(format!("{}.lock", digest.hex()));
        let mut ing = s.begin_ingest(&digest, 3, || {}).unwrap();
        assert!(lock.exists(), "held while writing");
        ing.write(b"ab").unwrap();
        ing.flush().unwrap();
        drop(ing); // interrupted: the partial stays for the next run, the lock file goes
        assert!(!lock.exists());
        let mut ing = s.begin_ingest(&digest, 3, || {}).unwrap();
        ing.restart().unwrap();
        ing.write(b"abc").unwrap();
        ing.commit().unwrap();
        assert!(!lock.exists(), "removed after a commit");
        s.begin_ingest(&Digest::sha256_of(b"x"), 1, || {}).unwrap().discard();
        let left: Vec<_> = fs::read_dir(s.root().join("ingest")).unwrap().collect();
        assert!(left.is_empty(), "nothing left in ingest/: {left:?}");
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
    fn a_packer_refuses_more_bytes_than_declared() {
        let (_d, s) = store();
        let digest = Digest::sha256_of(b"abc");
        let mut ing = s.begin_ingest(&digest, 3, || {}).unwrap();
        let mut packer = ing.start_attempt();
        let mut block = Block::for_blob(3);
        assert!(packer.fill(&mut block, b"abcd").is_err());
        assert!(block.is_empty(), "nothing of a refused chunk stays");
        assert_eq!(packer.fill(&mut block, b"abc").unwrap(), 3);
        ing.write_sealed(packer.seal(&mut block)).unwrap();
        ing.end_attempt(packer);
        ing.commit().unwrap();
        assert!(s.has_blob(&digest));
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
