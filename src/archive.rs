//! Image archives and layouts, a source and destination of images beside the registry:
//! loading one into the store, saving stored images to one. `docker save` archives (`manifest.json`, a config
//! file and layer tars, plain or gzip), OCI archives (a tar of an OCI image layout, image-spec
//! `image-layout.md`) and OCI layout directories.
//!
//! Loading verifies everything it stores: blobs named by digest must hash to it, and the layers
//! of a docker archive must hash to the `diff_ids` of their config. A docker archive holds
//! uncompressed layers and no distributable manifest, so loading one writes gzip layers
//! (fixed level, no timestamp or name in the gzip header: the same archive always gives the
//! same digests) and a Docker v2 schema 2 manifest listing them; the config is kept byte for
//! byte, so the image ID stays. Everything else — OCI manifests, indexes, layers — is stored
//! exactly as found. Saving writes what `docker load` and skopeo read: a docker archive with
//! uncompressed layers, or an OCI archive of the stored blobs unchanged. What belongs to an
//! image is what the one walker (`walk`) reaches; only a complete image is named or saved.
//! Uses the store's public operations (and its temp area); never opens a socket, never
//! prints. Its failures are `StoreError::Archive`s naming the archive and the entry.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic_file::{AtomicFile, FileKind, sync_dir};
use crate::digest::{Digest, Sha256Hasher};
use crate::local_file;
use crate::manifest::{self, Descriptor, Manifest, REF_NAME_ANNOTATION};
use crate::platform::Platform;
use crate::reference::Reference;
use crate::store::{Store, StoreError, io_err};
use crate::walk::{Document, Walker};

/// The gzip level of layers written when loading a docker archive: part of what makes their
/// digests stable, so changing it changes every such digest.
pub const LAYER_GZIP_LEVEL: u32 = 6;
/// zstd level for layers `load --compression zstd` writes (zstd's default).
const LAYER_ZSTD_LEVEL: i32 = 3;
/// Plain bytes per gzip member: a layer is compressed as members of this size, all cores
/// at once, and a fixed size keeps the bytes (and so the digest) the same on any machine.
const GZIP_MEMBER: usize = 4 << 20;

/// How `load` compresses the plain layers of a docker archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LayerCompression {
    /// gzip members of [`GZIP_MEMBER`] plain bytes, compressed in parallel: what every
    /// registry and runtime reads (multi-member gzip is plain RFC 1952).
    #[default]
    Gzip,
    /// zstd (`application/vnd.oci.image.layer.v1.tar+zstd`, in an OCI manifest), multi-threaded;
    /// zstd's output does not depend on the number of threads.
    Zstd,
}

impl LayerCompression {
    /// Compresses everything `plain` yields into `out` on `threads` threads (at least one).
    /// The bytes do not depend on `threads`: gzip members are of a fixed size, and zstd's
    /// output does not depend on its workers.
    fn compress(self, plain: &mut impl Read, out: &mut impl Write, threads: usize) -> io::Result<()> {
        let cores = threads.max(1);
        match self {
            LayerCompression::Gzip => {
                let mut wrote = false;
                loop {
                    let mut chunks = Vec::with_capacity(cores);
                    let mut ended = false;
                    while chunks.len() < cores && !ended {
                        let mut chunk = Vec::with_capacity(GZIP_MEMBER);
                        plain.by_ref().take(GZIP_MEMBER as u64).read_to_end(&mut chunk)?;
                        ended = chunk.len() < GZIP_MEMBER;
                        if !chunk.is_empty() || !wrote {
                            chunks.push(chunk);
                            wrote = true;
                        }
                    }
                    for member in parallel(&chunks, |c| gzip_member(c)) {
                        out.write_all(&member?)?;
                    }
                    if ended {
                        return Ok(());
                    }
                }
            }
            LayerCompression::Zstd => {
                let mut zstd = zstd::stream::write::Encoder::new(out, LAYER_ZSTD_LEVEL)?;
                zstd.multithread(u32::try_from(cores).unwrap_or(1))?;
                io::copy(plain, &mut zstd)?;
                zstd.finish()?;
                Ok(())
            }
        }
    }

    fn layer_media_type(self) -> &'static str {
        match self {
            LayerCompression::Gzip => "application/vnd.docker.image.rootfs.diff.tar.gzip",
            LayerCompression::Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
        }
    }
}

/// One gzip member: no timestamp, no name, "unknown" OS, so the same bytes give the same
/// member.
fn gzip_member(plain: &[u8]) -> io::Result<Vec<u8>> {
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::with_capacity(plain.len() / 2), flate2::Compression::new(LAYER_GZIP_LEVEL));
    gz.write_all(plain)?;
    gz.finish()
}
/// containerd's (and docker ≥ 25's) name for an image in an OCI layout.
const CONTAINERD_NAME: &str = "io.containerd.image.name";
/// Small JSON files (index.json, manifest.json, configs, manifests) are read whole, up to this.
const MAX_JSON: u64 = 64 << 20;
const COPY_BUFFER: usize = 1 << 20;

/// What an archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveFormat {
    /// `docker save`: `manifest.json` + config + layer tars.
    Docker,
    /// A tar of an OCI image layout.
    Oci,
    /// An OCI image layout directory (reading only).
    OciDir,
}

/// One image a load stored, under `name`.
#[derive(Debug, Clone)]
pub struct LoadedImage {
    pub name: String,
    pub descriptor: Descriptor,
}

fn archive_err(what: impl std::fmt::Display, message: impl Into<String>) -> StoreError {
    StoreError::Archive { what: what.to_string(), message: message.into() }
}

/// One file of an archive: a reader over its bytes, and its size.
type Opened<'a> = (Box<dyn Read + Send + 'a>, u64);

/// Random access to the files of an archive or directory.
trait Files: Sync {
    /// `path`'s content; `None` when there is no such file.
    fn open(&self, path: &str) -> Result<Option<Opened<'_>>, StoreError>;
    fn describe(&self) -> String;
}

struct DirFiles(PathBuf);

impl Files for DirFiles {
    fn open(&self, path: &str) -> Result<Option<Opened<'_>>, StoreError> {
        let p = self.0.join(clean_path(path));
        // Only what lies inside the layout: a member that is a link out of it (to a user's
        // file, say) is refused, even though its digest would be checked.
        let real = match fs::canonicalize(&p) {
            Ok(real) => real,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::Io { action: "opening", path: p, source: e }),
        };
        let root = fs::canonicalize(&self.0).map_err(io_err("opening", &self.0))?;
        if !real.starts_with(&root) {
            return Err(archive_err(
                format!("{}: {path}", self.describe()),
                format!("is a link to {}, outside the layout", real.display()),
            ));
        }
        // A regular file only: `index.json -> /dev/zero` or a FIFO in a layout is refused,
        // and the size of what is read is the size of what was checked.
        match local_file::open(&real) {
            Ok(f) => {
                let len = f.metadata().map_err(io_err("reading", &p))?.len();
                Ok(Some((Box::new(BufReader::with_capacity(COPY_BUFFER, f).take(len)), len)))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::Io { action: "opening", path: p, source: e }),
        }
    }

    fn describe(&self) -> String {
        self.0.display().to_string()
    }
}

/// A tar file indexed once: each regular file's data offset and size, and symlinks (docker
/// links repeated layers to their first copy). Members are read by position from the one
/// open file, by any number of threads; the file may have no name (a spooled pipe).
struct TarFiles {
    file: File,
    what: String,
    files: HashMap<String, (u64, u64)>,
    links: HashMap<String, String>,
}

/// `len` bytes of `file` from `pos`, read by position (the file's own offset is not used,
/// so readers on several threads share one descriptor).
struct ReadAt<'a> {
    file: &'a File,
    pos: u64,
    end: u64,
}

impl Read for ReadAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = (buf.len() as u64).min(self.end - self.pos) as usize;
        if want == 0 {
            return Ok(0);
        }
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, &mut buf[..want], self.pos)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(self.file, &mut buf[..want], self.pos)?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the archive ends inside this file"));
        }
        self.pos += n as u64;
        Ok(n)
    }
}

fn clean_path(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

impl TarFiles {
    fn index(file: File, what: String) -> Result<TarFiles, StoreError> {
        let mut archive = tar::Archive::new(BufReader::new(&file));
        let bad = |e: io::Error| archive_err(&what, format!("not a readable tar archive: {e}"));
        let mut files = HashMap::new();
        let mut links = HashMap::new();
        for entry in archive.entries_with_seek().map_err(bad)? {
            let entry = entry.map_err(bad)?;
            let name = clean_path(&entry.path().map_err(bad)?.to_string_lossy());
            let kind = entry.header().entry_type();
            if kind.is_file() || kind == tar::EntryType::Continuous {
                files.insert(name, (entry.raw_file_position(), entry.size()));
            } else if (kind.is_symlink() || kind.is_hard_link())
                && let Some(target) = entry.link_name().map_err(bad)?
            {
                let target = target.to_string_lossy().to_string();
                // Symlinks are relative to their directory, hard links to the archive root.
                let resolved = match (kind.is_symlink(), name.rsplit_once('/')) {
                    (true, Some((dir, _))) if !target.starts_with('/') => clean_path(&format!("{dir}/{target}")),
                    _ => clean_path(&target),
                };
                links.insert(name, resolved);
            }
        }
        drop(archive);
        Ok(TarFiles { file, what, files, links })
    }

    fn resolve<'a>(&'a self, mut path: &'a str) -> Option<(u64, u64)> {
        for _ in 0..16 {
            if let Some(f) = self.files.get(path) {
                return Some(*f);
            }
            path = self.links.get(path)?;
        }
        None
    }
}

impl Files for TarFiles {
    fn open(&self, path: &str) -> Result<Option<Opened<'_>>, StoreError> {
        let path = clean_path(path);
        let Some((offset, size)) = self.resolve(&path) else {
            return Ok(None);
        };
        let at = ReadAt { file: &self.file, pos: offset, end: offset.saturating_add(size) };
        Ok(Some((Box::new(BufReader::with_capacity(COPY_BUFFER, at)), size)))
    }

    fn describe(&self) -> String {
        self.what.clone()
    }
}

fn read_small(files: &dyn Files, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let Some((r, size)) = files.open(path)? else {
        return Ok(None);
    };
    if size > MAX_JSON {
        return Err(archive_err(format!("{}: {path}", files.describe()), "too large for a metadata file"));
    }
    let mut buf = Vec::with_capacity(size as usize);
    r.take(MAX_JSON)
        .read_to_end(&mut buf)
        .map_err(|e| archive_err(format!("{}: {path}", files.describe()), e.to_string()))?;
    Ok(Some(buf))
}

/// Content whose digest is known only once written (a layer being compressed): written to
/// `tmp/`, hashed on the way, then renamed into `blobs/` under its digest (or, dropped
/// uncommitted, removed).
struct TempBlob {
    path: PathBuf,
    file: Option<BufWriter<AtomicFile>>,
    hasher: Sha256Hasher,
    size: u64,
    /// A layer decompressed on `save` grows as its gzip says: never to a full disk.
    guard: DiskGuard,
}

impl Write for TempBlob {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.as_mut().expect("open until commit").write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        self.guard.wrote(n)?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("open until commit").flush()
    }
}

impl TempBlob {
    fn new(store: &Store) -> Result<TempBlob, StoreError> {
        let file = store.temp_file()?;
        let dir = store.root().join("tmp");
        Ok(TempBlob {
            path: file.path().to_path_buf(),
            file: Some(BufWriter::with_capacity(COPY_BUFFER, file)),
            hasher: Sha256Hasher::new(),
            size: 0,
            guard: DiskGuard::new(&dir, DiskGuard::reserve_for(&dir)),
        })
    }

    fn commit(mut self, store: &Store) -> Result<(Digest, u64), StoreError> {
        let digest = std::mem::take(&mut self.hasher).finish();
        let file = self.file.take().expect("open until commit").into_inner().map_err(|e| StoreError::Io {
            action: "writing",
            path: self.path.clone(),
            source: e.into_error(),
        })?;
        // Already stored (the same layer twice): the copy is dropped, which removes it.
        if !store.has_blob(&digest) {
            let dest = store.blob_path(&digest);
            file.commit(&dest).map_err(io_err("renaming into", &dest))?;
            sync_dir(dest.parent().unwrap_or(store.root()));
        }
        Ok((digest, self.size))
    }
}

/// Hashes what passes through a reader.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256Hasher,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// A layer's compression, told by its first bytes (media types are not trusted to say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    Gzip,
    Zstd,
    None,
}

pub(crate) fn sniff(head: &[u8]) -> Compression {
    match head {
        [0x1f, 0x8b, ..] => Compression::Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
        _ => Compression::None,
    }
}

/// The tar stream of a layer whose first bytes are `head` (read from `r` already, or
/// replayed by it): gunzipped (every member), zstd-decoded, or `r` itself. The one choice of
/// decoder, for `save` and `export`.
pub(crate) fn decompressed<'a>(head: &[u8], r: impl Read + 'a) -> io::Result<Box<dyn Read + 'a>> {
    Ok(match sniff(head) {
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(r)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(r)?),
        Compression::None => Box::new(r),
    })
}

/// A reader whose first bytes were read ahead, then replayed.
pub(crate) type Replay<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

/// Reads up to `n` bytes without losing them: returns them and a reader that replays them.
pub(crate) fn peek<R: Read>(mut r: R, n: usize) -> io::Result<(Vec<u8>, Replay<R>)> {
    let mut head = vec![0u8; n];
    let mut got = 0;
    while got < n {
        match r.read(&mut head[got..])? {
            0 => break,
            k => got += k,
        }
    }
    head.truncate(got);
    let replay = io::Cursor::new(head.clone()).chain(r);
    Ok((head, replay))
}

#[derive(Deserialize)]
struct DockerEntry {
    #[serde(rename = "Config")]
    config: String,
    #[serde(rename = "RepoTags", default)]
    repo_tags: Option<Vec<String>>,
    #[serde(rename = "Layers", default)]
    layers: Vec<String>,
}

#[derive(Serialize)]
struct DockerEntryOut {
    #[serde(rename = "Config")]
    config: String,
    #[serde(rename = "RepoTags")]
    repo_tags: Vec<String>,
    #[serde(rename = "Layers")]
    layers: Vec<String>,
}

#[derive(Deserialize)]
struct RootFs {
    #[serde(default)]
    diff_ids: Vec<Digest>,
}

#[derive(Deserialize)]
struct ConfigRootFs {
    rootfs: Option<RootFs>,
}

/// The `rootfs.diff_ids` an image config declares (empty when it declares none).
pub(crate) fn diff_ids_of(config: &[u8]) -> Vec<Digest> {
    serde_json::from_slice::<ConfigRootFs>(config).ok().and_then(|c| c.rootfs).map(|r| r.diff_ids).unwrap_or_default()
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LayoutIndex {
    schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Vec<Descriptor>,
}

/// What a load reads that is not a path: standard input, say.
pub fn load_stream(
    store: &Store,
    input: impl Read,
    what: &str,
    format: Option<ArchiveFormat>,
    rename: Option<&Reference>,
    compression: LayerCompression,
) -> Result<Vec<LoadedImage>, StoreError> {
    let spooled = spool(store, input, what, DiskGuard::reserve_for(&store.root().join("tmp")))?;
    load_file(store, spooled, what.to_string(), format, rename, compression)
}

/// Copies `input` into an unnamed temporary file in the store (loading needs random
/// access), decompressing it when it is gzip (`docker save | gzip`). The file has no name,
/// so a killed load leaves nothing behind; and it stops before the store's filesystem has
/// less than `reserve` bytes free, so neither an endless pipe nor a gzip bomb fills the disk.
fn spool(store: &Store, input: impl Read, what: &str, reserve: u64) -> Result<File, StoreError> {
    let dir = store.root().join("tmp");
    let mut file = store.unnamed_temp_file()?;
    let (head, mut whole) = peek(input, 2).map_err(|e| archive_err(what, e.to_string()))?;
    let mut out =
        Guarded { inner: BufWriter::with_capacity(COPY_BUFFER, &mut file), guard: DiskGuard::new(&dir, reserve) };
    let gzip = sniff(&head) == Compression::Gzip;
    let copied = if gzip {
        io::copy(&mut flate2::read::MultiGzDecoder::new(whole), &mut out)
    } else {
        io::copy(&mut whole, &mut out)
    };
    let full = |e: io::Error| match e.get_ref().and_then(|i| i.downcast_ref::<DiskFull>()) {
        Some(full) => archive_err(
            what,
            format!(
                "{} stopped after {} bytes{}: {full}",
                if gzip { "decompressing it" } else { "copying it to the store" },
                full.written,
                if gzip { " (a gzip bomb, or an image too big for this disk)" } else { "" }
            ),
        ),
        None => archive_err(what, e.to_string()),
    };
    copied.map_err(full)?;
    out.inner.flush().map_err(io_err("writing", &dir))?;
    drop(out);
    file.seek(SeekFrom::Start(0)).map_err(io_err("reading", &dir))?;
    Ok(file)
}

/// The free space a temporary file must leave on the store's filesystem.
#[derive(Debug)]
struct DiskFull {
    written: u64,
    reserve: u64,
    dir: PathBuf,
}

impl std::fmt::Display for DiskFull {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "going on would leave less than {} bytes free on the filesystem of {}",
            self.reserve,
            self.dir.display()
        )
    }
}

impl std::error::Error for DiskFull {}

/// Stops a temporary file's growth before its filesystem has less than `reserve` bytes
/// free (checked every [`DiskGuard::EVERY`] bytes, so a file overshoots by at most that).
struct DiskGuard {
    dir: PathBuf,
    reserve: u64,
    written: u64,
    next_check: u64,
}

impl DiskGuard {
    const EVERY: u64 = 8 << 20;

    fn new(dir: &Path, reserve: u64) -> DiskGuard {
        DiskGuard { dir: dir.to_path_buf(), reserve, written: 0, next_check: 0 }
    }

    /// What ferry leaves free by default: 1 GiB, or a twentieth of a smaller filesystem.
    fn reserve_for(dir: &Path) -> u64 {
        disk_space(dir).map_or(0, |(_, total)| (total / 20).min(1 << 30))
    }

    fn wrote(&mut self, n: usize) -> io::Result<()> {
        self.written += n as u64;
        if self.written >= self.next_check {
            self.next_check = self.written + Self::EVERY;
            if let Some((free, _)) = disk_space(&self.dir)
                && free < self.reserve.saturating_add(Self::EVERY)
            {
                let full = DiskFull { written: self.written, reserve: self.reserve, dir: self.dir.clone() };
                return Err(io::Error::new(io::ErrorKind::StorageFull, full));
            }
        }
        Ok(())
    }
}

/// Free and total bytes of the filesystem holding `dir` (for an unprivileged user).
#[cfg(target_os = "linux")]
fn disk_space(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a statvfs the call fills in.
    if unsafe { libc::statvfs(path.as_ptr(), &mut st) } != 0 {
        return None;
    }
    let unit = st.f_frsize as u64;
    Some((st.f_bavail as u64 * unit, st.f_blocks as u64 * unit))
}

#[cfg(not(target_os = "linux"))]
fn disk_space(_: &Path) -> Option<(u64, u64)> {
    None
}

/// A writer whose growth a [`DiskGuard`] bounds.
struct Guarded<W> {
    inner: W,
    guard: DiskGuard,
}

impl<W: Write> Write for Guarded<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.guard.wrote(n)?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Loads every image of the archive or layout at `input`, naming them as the archive
/// does, or `rename` (for an archive of one image). `format` is detected when `None`.
/// `input` is a directory (an OCI layout), a regular file, or a pipe (`<(docker save …)`,
/// spooled like standard input); anything else is refused.
pub fn load(
    store: &Store,
    input: &Path,
    format: Option<ArchiveFormat>,
    rename: Option<&Reference>,
    compression: LayerCompression,
) -> Result<Vec<LoadedImage>, StoreError> {
    let meta = fs::metadata(input).map_err(io_err("reading", input))?;
    let what = input.display().to_string();
    if meta.is_dir() {
        if format.is_some_and(|f| f != ArchiveFormat::OciDir && f != ArchiveFormat::Oci) {
            return Err(archive_err(input.display(), "a directory can only be an OCI image layout"));
        }
        let files = DirFiles(input.to_path_buf());
        let loaded = load_layout(store, &files)?;
        return name_loaded(store, &files, loaded, rename);
    }
    if FileKind::of(meta.file_type()) == FileKind::Fifo {
        let pipe = File::open(input).map_err(io_err("opening", input))?;
        return load_stream(store, pipe, &what, format, rename, compression);
    }
    let file = local_file::open(input).map_err(io_err("opening", input))?;
    load_file(store, file, what, format, rename, compression)
}

/// Loads the archive `file` (a regular file, positioned anywhere), named `what` in messages.
fn load_file(
    store: &Store,
    mut file: File,
    what: String,
    format: Option<ArchiveFormat>,
    rename: Option<&Reference>,
    compression: LayerCompression,
) -> Result<Vec<LoadedImage>, StoreError> {
    file.seek(SeekFrom::Start(0)).map_err(|e| archive_err(&what, e.to_string()))?;
    let (head, _) = peek(&mut file, 4).map_err(|e| archive_err(&what, e.to_string()))?;
    if sniff(&head) == Compression::Gzip {
        file.seek(SeekFrom::Start(0)).map_err(|e| archive_err(&what, e.to_string()))?;
        let reserve = DiskGuard::reserve_for(&store.root().join("tmp"));
        let spooled = spool(store, BufReader::with_capacity(COPY_BUFFER, file), &what, reserve)?;
        return load_file(store, spooled, what, format, rename, compression);
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| archive_err(&what, e.to_string()))?;
    let tar = TarFiles::index(file, what)?;
    let detected = match format {
        Some(f) => f,
        // docker ≥ 25 writes both: the OCI side keeps every digest as it was.
        None if tar.resolve("index.json").is_some() && tar.resolve("oci-layout").is_some() => ArchiveFormat::Oci,
        None if tar.resolve("manifest.json").is_some() => ArchiveFormat::Docker,
        None => {
            return Err(archive_err(
                tar.describe(),
                "neither a docker archive (no manifest.json) nor an OCI archive (no index.json)",
            ));
        }
    };
    let loaded = match detected {
        ArchiveFormat::Docker => load_docker(store, &tar, compression)?,
        ArchiveFormat::Oci | ArchiveFormat::OciDir => load_layout(store, &tar)?,
    };
    name_loaded(store, &tar, loaded, rename)
}

/// Names what a load stored: as the archive does, or `rename`; every image needs a name.
fn name_loaded(
    store: &Store,
    files: &dyn Files,
    mut loaded: Vec<(Option<String>, Descriptor)>,
    rename: Option<&Reference>,
) -> Result<Vec<LoadedImage>, StoreError> {
    if let Some(name) = rename {
        let images: HashSet<&Digest> = loaded.iter().map(|(_, d)| &d.digest).collect();
        if images.len() != 1 {
            return Err(archive_err(
                files.describe(),
                format!("holds {} images; a single name cannot be given to all of them", images.len()),
            ));
        }
        let descriptor = loaded[0].1.clone();
        loaded = vec![(Some(name.to_string()), descriptor)];
    }
    let unnamed: Vec<String> = loaded.iter().filter(|(n, _)| n.is_none()).map(|(_, d)| d.digest.to_string()).collect();
    if !unnamed.is_empty() {
        return Err(archive_err(
            files.describe(),
            format!("no usable name for {} (give one with --tag)", unnamed.join(", ")),
        ));
    }
    let mut out = Vec::new();
    for (name, mut descriptor) in loaded {
        let name = name.expect("checked above");
        if let Some(a) = descriptor.annotations.as_mut() {
            a.remove(CONTAINERD_NAME);
            a.remove(REF_NAME_ANNOTATION);
        }
        store.set_ref(&name, descriptor.clone())?;
        out.push(LoadedImage { name, descriptor });
    }
    Ok(out)
}

/// Stores a blob the archive names by digest, verifying it.
fn ingest_from(store: &Store, files: &dyn Files, digest: &Digest, size: u64) -> Result<bool, StoreError> {
    if store.has_blob(digest) {
        return Ok(true);
    }
    let path = format!("blobs/{}/{}", digest.algorithm(), digest.hex());
    let Some((mut r, actual)) = files.open(&path)? else {
        return Ok(false);
    };
    if actual != size {
        return Err(archive_err(
            format!("{}: {path}", files.describe()),
            format!("is {actual} bytes, its descriptor says {size}"),
        ));
    }
    let mut ingest = store.begin_ingest(digest, size, || {})?;
    if store.has_blob(digest) {
        ingest.discard();
        return Ok(true);
    }
    ingest.restart()?;
    let what = format!("{}: {path}", files.describe());
    // Bytes that do not hash to their name are the archive's fault, not a registry's.
    let corrupt = |e: StoreError| match e {
        StoreError::Verify { message, .. } => StoreError::ArchiveCorrupt { what: what.clone(), message },
        e => e,
    };
    let mut buf = vec![0u8; COPY_BUFFER];
    loop {
        let n = r.read(&mut buf).map_err(|e| archive_err(&what, e.to_string()))?;
        if n == 0 {
            break;
        }
        ingest.write(&buf[..n]).map_err(corrupt)?;
    }
    ingest.commit().map_err(corrupt)?;
    Ok(true)
}

fn load_layout(store: &Store, files: &dyn Files) -> Result<Vec<(Option<String>, Descriptor)>, StoreError> {
    let what = files.describe();
    let Some(index) = read_small(files, "index.json")? else {
        return Err(archive_err(&what, "no index.json: not an OCI image layout"));
    };
    let index: LayoutIndex =
        serde_json::from_slice(&index).map_err(|e| archive_err(format!("{what}: index.json"), e.to_string()))?;
    let mut loaded = Vec::new();
    for top in index.manifests {
        // The one walk: every document the graph reaches, read from the archive and
        // checked; then every blob it lists, streamed in and verified.
        let mut walker = Walker::new(top.clone());
        while let Some(d) = walker.need() {
            match layout_document(store, files, &d)? {
                Some(bytes) => walker.feed(bytes),
                None => walker.absent(),
            }
        }
        let walk = walker.finish();
        for m in &walk.manifests {
            store.put_blob(&m.descriptor.digest, &m.bytes)?;
        }
        for b in &walk.blobs {
            ingest_from(store, files, &b.digest, b.size)?;
        }
        // Only a complete image gets a name; say now what the layout lacks.
        store.walk(&top)?.complete(&format!("{what}: {}", top.digest))?;
        loaded.push((layout_name(&top), top));
    }
    Ok(loaded)
}

/// A manifest of a layout, read from the layout (at most a byte more than declared, the
/// walker checks the rest), else from the store; `None` when neither has it.
fn layout_document(store: &Store, files: &dyn Files, d: &Descriptor) -> Result<Option<Vec<u8>>, StoreError> {
    let path = format!("blobs/{}/{}", d.digest.algorithm(), d.digest.hex());
    let Some((r, _)) = files.open(&path)? else {
        return store.read_bounded(&d.digest, d.size);
    };
    let mut bytes = Vec::new();
    r.take(d.size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| archive_err(format!("{}: {path}", files.describe()), e.to_string()))?;
    Ok(Some(bytes))
}

fn load_docker(
    store: &Store,
    files: &dyn Files,
    compression: LayerCompression,
) -> Result<Vec<(Option<String>, Descriptor)>, StoreError> {
    let what = files.describe();
    let Some(bytes) = read_small(files, "manifest.json")? else {
        return Err(archive_err(&what, "no manifest.json: not a docker archive"));
    };
    let entries: Vec<DockerEntry> =
        serde_json::from_slice(&bytes).map_err(|e| archive_err(format!("{what}: manifest.json"), e.to_string()))?;
    // Layers shared between images are compressed once.
    let mut done: HashMap<String, Descriptor> = HashMap::new();
    let mut loaded = Vec::new();
    for entry in entries {
        let config = read_small(files, &entry.config)?
            .ok_or_else(|| archive_err(&what, format!("manifest.json names {}, which is missing", entry.config)))?;
        let config_digest = Digest::sha256_of(&config);
        let diff_ids = diff_ids_of(&config);
        if diff_ids.len() != entry.layers.len() {
            return Err(archive_err(
                format!("{what}: {}", entry.config),
                format!("the config lists {} layers, manifest.json {}", diff_ids.len(), entry.layers.len()),
            ));
        }
        store.put_blob(&config_digest, &config)?;
        let todo: Vec<(usize, &String)> =
            entry.layers.iter().enumerate().filter(|(_, p)| !done.contains_key(*p)).collect();
        // Layers at once, each compressing on its share of the cores: one budget of threads
        // (and of 4 MiB members in memory) for the two levels, never cores x cores.
        let threads = cores().div_ceil(cores().min(todo.len()).max(1));
        let results =
            parallel(&todo, |&(i, path)| docker_layer(store, files, path, &diff_ids[i], compression, threads));
        for ((_, path), result) in todo.iter().zip(results) {
            done.insert((*path).clone(), result?);
        }
        let layers: Vec<Descriptor> = entry.layers.iter().map(|p| done[p].clone()).collect();
        // A docker manifest has no zstd layer type: an image with one is written as OCI.
        let oci = layers.iter().any(|l| l.media_type.starts_with("application/vnd.oci."));
        let (manifest_type, config_type) = if oci {
            (manifest::OCI_MANIFEST, manifest::OCI_CONFIG)
        } else {
            (manifest::DOCKER_MANIFEST, manifest::DOCKER_CONFIG)
        };
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Out<'a> {
            schema_version: u32,
            media_type: &'a str,
            config: Descriptor,
            layers: Vec<Descriptor>,
        }
        let manifest_bytes = serde_json::to_vec_pretty(&Out {
            schema_version: 2,
            media_type: manifest_type,
            config: Descriptor::new(config_type, config_digest, config.len() as u64),
            layers,
        })
        .expect("serialises");
        let manifest_digest = Digest::sha256_of(&manifest_bytes);
        store.put_blob(&manifest_digest, &manifest_bytes)?;
        let descriptor = Descriptor::new(manifest_type, manifest_digest, manifest_bytes.len() as u64);
        let tags: Vec<String> = entry
            .repo_tags
            .unwrap_or_default()
            .iter()
            .filter_map(|t| Reference::parse(t).ok())
            .map(|r| r.to_string())
            .collect();
        if tags.is_empty() {
            loaded.push((None, descriptor.clone()));
        }
        for t in tags {
            loaded.push((Some(t), descriptor.clone()));
        }
    }
    Ok(loaded)
}

/// Stores one docker-archive layer compressed (a layer already gzip is kept as it is), checking its uncompressed digest is `diff_id`.
fn docker_layer(
    store: &Store,
    files: &dyn Files,
    path: &str,
    diff_id: &Digest,
    compression: LayerCompression,
    threads: usize,
) -> Result<Descriptor, StoreError> {
    let what = format!("{}: {path}", files.describe());
    let mut media_type = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    let (r, _) = files.open(path)?.ok_or_else(|| archive_err(&what, "missing from the archive"))?;
    let read_err = |e: io::Error| archive_err(&what, e.to_string());
    let (head, r) = peek(r, 4).map_err(read_err)?;
    let mut out = TempBlob::new(store)?;
    let diff = match sniff(&head) {
        // Already compressed (some tools write that): kept as is.
        Compression::Gzip => {
            let mut plain = HashingReader {
                inner: flate2::read::MultiGzDecoder::new(TeeReader { inner: r, out: &mut out }),
                hasher: Sha256Hasher::new(),
            };
            io::copy(&mut plain, &mut io::sink()).map_err(read_err)?;
            // Whatever follows the last gzip member still belongs to the blob.
            let mut rest = plain.inner.into_inner();
            io::copy(&mut rest, &mut io::sink()).map_err(read_err)?;
            plain.hasher.finish()
        }
        Compression::Zstd => {
            return Err(archive_err(&what, "zstd-compressed layers are not supported in docker archives"));
        }
        Compression::None => {
            let mut plain = HashingReader { inner: r, hasher: Sha256Hasher::new() };
            compression.compress(&mut plain, &mut out, threads).map_err(read_err)?;
            media_type = compression.layer_media_type();
            plain.hasher.finish()
        }
    };
    if diff != *diff_id {
        return Err(StoreError::ArchiveCorrupt {
            what,
            message: format!("the layer hashes to {diff}, not the diff_id {diff_id} its config lists"),
        });
    }
    let (digest, size) = out.commit(store)?;
    Ok(Descriptor::new(media_type, digest, size))
}

/// Writes `images` (name, stored descriptor) as an archive to `out`. A docker archive
/// holds one platform per image: `platform` picks it from an index.
pub fn save(
    store: &Store,
    images: &[(Reference, Descriptor)],
    format: ArchiveFormat,
    platform: &Platform,
    out: &mut dyn Write,
) -> Result<(), StoreError> {
    let mut tar = tar::Builder::new(out);
    tar.mode(tar::HeaderMode::Deterministic);
    match format {
        ArchiveFormat::Docker => save_docker(store, images, platform, &mut tar)?,
        ArchiveFormat::Oci | ArchiveFormat::OciDir => save_oci(store, images, &mut tar)?,
    }
    tar.into_inner()
        .map_err(|e| archive_err("the archive", e.to_string()))?
        .flush()
        .map_err(|e| archive_err("the archive", e.to_string()))?;
    Ok(())
}

fn save_oci(
    store: &Store,
    images: &[(Reference, Descriptor)],
    tar: &mut tar::Builder<&mut dyn Write>,
) -> Result<(), StoreError> {
    let mut index = LayoutIndex { schema_version: 2, media_type: Some(manifest::OCI_INDEX.into()), manifests: vec![] };
    let mut blobs: Vec<Descriptor> = Vec::new();
    let mut seen = HashSet::new();
    for (name, d) in images {
        let mut top = d.clone();
        let mut annotations = BTreeMap::new();
        annotations.insert(REF_NAME_ANNOTATION.to_string(), name.to_string());
        annotations.insert(CONTAINERD_NAME.to_string(), name.to_string());
        top.annotations = Some(annotations);
        index.manifests.push(top);
        // The whole image or nothing: a partial archive would load as a broken image.
        let walk = store.walk(d)?.complete(&name.familiar())?;
        let present = walk.blobs.into_iter().filter(|b| store.has_blob(&b.digest));
        for b in walk.manifests.into_iter().map(|m| m.descriptor).chain(present) {
            if seen.insert(b.digest.clone()) {
                blobs.push(b);
            }
        }
    }
    append(tar, "oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#)?;
    append(tar, "index.json", &serde_json::to_vec(&index).expect("serialises"))?;
    for d in blobs {
        let path = store.blob_path(&d.digest);
        let f = local_file::open(&path).map_err(io_err("reading", &path))?;
        let size = f.metadata().map_err(io_err("reading", &path))?.len();
        append_reader(tar, &format!("blobs/{}/{}", d.digest.algorithm(), d.digest.hex()), size, f)?;
    }
    Ok(())
}

fn save_docker(
    store: &Store,
    images: &[(Reference, Descriptor)],
    platform: &Platform,
    tar: &mut tar::Builder<&mut dyn Write>,
) -> Result<(), StoreError> {
    // One manifest.json entry per image, listing every name it is saved under.
    let mut entries: Vec<(Digest, DockerEntryOut)> = Vec::new();
    let mut written: HashSet<String> = HashSet::new();
    for (name, d) in images {
        let image = platform_manifest(store, d, platform, name)?;
        let walk = store.walk(&image)?.complete(&name.familiar())?;
        let Some(Document { manifest: Manifest::Image(m), .. }) = walk.root() else {
            return Err(archive_err(name, "not an image manifest"));
        };
        let tag = name.tag().map(|_| name.without_digest().familiar());
        if let Some((_, e)) = entries.iter_mut().find(|(digest, _)| *digest == image.digest) {
            e.repo_tags.extend(tag);
            continue;
        }
        let config = store.read_blob(&m.config.digest)?;
        let diff_ids = diff_ids_of(&config);
        if diff_ids.len() != m.layers.len() {
            return Err(archive_err(name, "its config's rootfs.diff_ids do not match its layers"));
        }
        let config_path = format!("{}.json", m.config.digest.hex());
        if written.insert(config_path.clone()) {
            append(tar, &config_path, &config)?;
        }
        let mut layers = Vec::new();
        for (layer, diff_id) in m.layers.iter().zip(&diff_ids) {
            let path = format!("{}.tar", diff_id.hex());
            if written.insert(path.clone()) {
                write_plain_layer(store, tar, layer, diff_id, &path)?;
            }
            layers.push(path);
        }
        entries.push((
            image.digest.clone(),
            DockerEntryOut { config: config_path, repo_tags: tag.into_iter().collect(), layers },
        ));
    }
    let manifest_json: Vec<&DockerEntryOut> = entries.iter().map(|(_, e)| e).collect();
    append(tar, "manifest.json", &serde_json::to_vec(&manifest_json).expect("serialises"))?;
    Ok(())
}

/// The image manifest for `platform` when `d` is an index (picked among the entries
/// the store holds), else `d`.
pub(crate) fn platform_manifest(
    store: &Store,
    d: &Descriptor,
    platform: &Platform,
    name: &Reference,
) -> Result<Descriptor, StoreError> {
    let walk = store.walk(d)?;
    let Some(Document { manifest: Manifest::Index(index), .. }) = walk.root() else {
        return Ok(d.clone());
    };
    let mut stored = index.clone();
    stored.manifests.retain(|c| store.has_blob(&c.digest));
    match stored.select_platform(platform) {
        Ok(i) => Ok(stored.manifests[i].clone()),
        Err(available) => Err(archive_err(
            name.familiar(),
            format!(
                "no stored image for {platform} (stored: {}); a docker archive holds one platform per image",
                available.join(", ")
            ),
        )),
    }
}

/// Appends `layer` uncompressed at `path`, checking it against `diff_id`. A compressed
/// layer is decompressed to a temporary file first: a tar entry's size comes first.
fn write_plain_layer(
    store: &Store,
    tar: &mut tar::Builder<&mut dyn Write>,
    layer: &Descriptor,
    diff_id: &Digest,
    path: &str,
) -> Result<(), StoreError> {
    let blob = store.blob_path(&layer.digest);
    let f = match local_file::open(&blob) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(StoreError::MissingBlob(layer.digest.clone())),
        Err(e) => return Err(StoreError::Io { action: "reading", path: blob, source: e }),
    };
    let (head, r) = peek(Box::new(BufReader::with_capacity(COPY_BUFFER, f)), 4).map_err(io_err("reading", &blob))?;
    let (tmp, size) = match sniff(&head) {
        Compression::None => {
            if layer.digest != *diff_id {
                return Err(StoreError::Verify {
                    digest: layer.digest.clone(),
                    message: format!("an uncompressed layer must be its own diff_id ({diff_id})"),
                });
            }
            drop(r);
            let f = local_file::open(&blob).map_err(io_err("reading", &blob))?;
            return append_reader(tar, path, layer.size, f);
        }
        Compression::Gzip | Compression::Zstd => {
            let mut out = TempBlob::new(store)?;
            let inner = decompressed(&head, r).map_err(io_err("decompressing", &blob))?;
            let mut plain = HashingReader { inner, hasher: Sha256Hasher::new() };
            io::copy(&mut plain, &mut out).map_err(io_err("decompressing", &blob))?;
            out.flush().map_err(io_err("writing", &out.path))?;
            let actual = plain.hasher.finish();
            if actual != *diff_id {
                return Err(StoreError::Verify {
                    digest: layer.digest.clone(),
                    message: format!("decompresses to {actual}, not the diff_id {diff_id} its config lists"),
                });
            }
            let size = out.size;
            (out, size)
        }
    };
    let f = File::open(&tmp.path).map_err(io_err("reading", &tmp.path))?;
    append_reader(tar, path, size, f)
}

/// Copies what it reads into `out` as well.
struct TeeReader<'a, R> {
    inner: R,
    out: &'a mut TempBlob,
}

impl<R: Read> Read for TeeReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out.write_all(&buf[..n])?;
        Ok(n)
    }
}

/// The name an OCI layout gives an image: containerd's full-name annotation, else `ref.name`
/// when it is a full reference (ferry's own layouts); a bare tag (skopeo's `oci:DIR:TAG`)
/// names no repository.
fn layout_name(d: &Descriptor) -> Option<String> {
    if let Some(n) = d.annotation(CONTAINERD_NAME)
        && let Ok(r) = Reference::parse(n)
    {
        return Some(r.to_string());
    }
    let n = d.annotation(REF_NAME_ANNOTATION)?;
    if !(n.contains('/') || n.contains(':') || n.contains('@')) {
        return None;
    }
    Reference::parse(n).ok().map(|r| r.to_string())
}

fn header(size: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_size(size);
    h.set_mode(0o644);
    h.set_mtime(0);
    h.set_uid(0);
    h.set_gid(0);
    h.set_entry_type(tar::EntryType::Regular);
    h
}

fn append(tar: &mut tar::Builder<&mut dyn Write>, path: &str, bytes: &[u8]) -> Result<(), StoreError> {
    append_reader(tar, path, bytes.len() as u64, bytes)
}

fn append_reader(
    tar: &mut tar::Builder<&mut dyn Write>,
    path: &str,
    size: u64,
    r: impl Read,
) -> Result<(), StoreError> {
    let mut h = header(size);
    tar.append_data(&mut h, path, r.take(size)).map_err(|e| archive_err(format!("writing {path}"), e.to_string()))
}

/// Runs `f` over `items` on up to as many threads as there are cores (compression is CPU
/// bound), results in input order.
/// This machine's cores (1 when it cannot tell).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = cores().min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<Option<R>>> = std::sync::Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    results.lock().unwrap()[i] = Some(r);
                }
            });
        }
    });
    results.into_inner().unwrap().into_iter().map(|r| r.expect("every item ran")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer_tar(content: &[u8]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = header(content.len() as u64);
        b.append_data(&mut h, "file", content).unwrap();
        b.into_inner().unwrap()
    }

    /// A docker archive with one image of two layers, the second stored gzip.
    fn docker_archive(dir: &Path) -> PathBuf {
        let l1 = layer_tar(b"first layer");
        let l2 = layer_tar(b"second layer");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&l2).unwrap();
        let l2gz = gz.finish().unwrap();
        let config = format!(
            r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}","{}","{}"]}}}}"#,
            Digest::sha256_of(&l1),
            Digest::sha256_of(&l2),
            Digest::sha256_of(&l1)
        );
        let manifest = r#"[{"Config":"cfg.json","RepoTags":["example.com/app:v1","app:latest"],"Layers":["a/layer.tar","b/layer.tar","c/layer.tar"]}]"#;
        let path = dir.join("docker.tar");
        let mut b = tar::Builder::new(File::create(&path).unwrap());
        for (name, bytes) in [
            ("cfg.json", config.as_bytes()),
            ("a/layer.tar", &l1[..]),
            ("b/layer.tar", &l2gz[..]),
            ("manifest.json", manifest.as_bytes()),
        ] {
            let mut h = header(bytes.len() as u64);
            b.append_data(&mut h, name, bytes).unwrap();
        }
        // docker links a repeated layer to its first copy.
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_size(0);
        b.append_link(&mut h, "c/layer.tar", "../a/layer.tar").unwrap();
        b.finish().unwrap();
        path
    }

    #[test]
    fn docker_archives_load_with_stable_digests_and_verified_layers() {
        let dir = tempfile::tempdir().unwrap();
        let archive = docker_archive(dir.path());
        let mut digests = Vec::new();
        for _ in 0..2 {
            let root = tempfile::tempdir().unwrap();
            let store = Store::open(root.path()).unwrap();
            let loaded = load(&store, &archive, None, None, LayerCompression::Gzip).unwrap();
            let names: Vec<&str> = loaded.iter().map(|l| l.name.as_str()).collect();
            assert_eq!(names, ["example.com/app:v1", "docker.io/library/app:latest"]);
            let bytes = store.read_blob(&loaded[0].descriptor.digest).unwrap();
            let Manifest::Image(m) = Manifest::parse(&bytes, Some(manifest::DOCKER_MANIFEST), "x").unwrap() else {
                panic!("an image manifest");
            };
            assert_eq!(m.layers.len(), 3);
            assert_eq!(m.layers[0].digest, m.layers[2].digest, "a linked layer is the same layer");
            for l in &m.layers {
                assert!(store.has_blob(&l.digest));
            }
            digests.push(loaded[0].descriptor.digest.clone());
        }
        assert_eq!(digests[0], digests[1], "the same archive always gives the same image");
    }

    #[test]
    fn a_layer_that_does_not_match_its_diff_id_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.tar");
        let config = format!(r#"{{"rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#, Digest::sha256_of(b"other"));
        let manifest = r#"[{"Config":"c.json","RepoTags":["app:v1"],"Layers":["l.tar"]}]"#;
        let mut b = tar::Builder::new(File::create(&path).unwrap());
        for (name, bytes) in [
            ("c.json", config.as_bytes()),
            ("l.tar", b"layer bytes".as_slice()),
            ("manifest.json", manifest.as_bytes()),
        ] {
            let mut h = header(bytes.len() as u64);
            b.append_data(&mut h, name, bytes).unwrap();
        }
        b.finish().unwrap();
        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path()).unwrap();
        let err = load(&store, &path, None, None, LayerCompression::Gzip).unwrap_err();
        assert!(err.to_string().contains("diff_id"), "{err}");
        assert!(matches!(err, StoreError::ArchiveCorrupt { .. }), "the archive's fault, not a registry's: {err:?}");
        assert!(store.refs().unwrap().is_empty());
    }

    #[test]
    fn saved_archives_load_back_with_the_same_digests() {
        let dir = tempfile::tempdir().unwrap();
        let archive = docker_archive(dir.path());
        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path()).unwrap();
        let loaded = load(&store, &archive, None, None, LayerCompression::Gzip).unwrap();
        let name = Reference::parse(&loaded[0].name).unwrap();
        let images = [(name.clone(), loaded[0].descriptor.clone())];
        for format in [ArchiveFormat::Oci, ArchiveFormat::Docker] {
            let out = dir.path().join(format!("{format:?}.tar"));
            save(&store, &images, format, &Platform::host(), &mut File::create(&out).unwrap()).unwrap();
            let other = tempfile::tempdir().unwrap();
            let again = load(&Store::open(other.path()).unwrap(), &out, None, None, LayerCompression::Gzip).unwrap();
            assert_eq!(again[0].name, name.to_string(), "{format:?}");
            assert_eq!(again[0].descriptor.digest, loaded[0].descriptor.digest, "{format:?}");
        }
    }

    /// A gzip bomb (or an endless pipe) on standard input stops before the store's disk
    /// runs short, and leaves nothing behind; ordinary input spools whole.
    #[test]
    fn spooling_stops_before_the_disk_fills() {
        let root = tempfile::tempdir().unwrap();
        let store = Store::open(root.path()).unwrap();
        let tmp = root.path().join("tmp");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..256 {
            gz.write_all(&zeros).unwrap();
        }
        let bomb = gz.finish().unwrap();
        assert!(bomb.len() < 2 << 20, "256 MiB from {} bytes", bomb.len());

        let spooled = spool(&store, &bomb[..], "stdin", 0).unwrap();
        assert_eq!(spooled.metadata().unwrap().len(), 256 << 20, "room enough: all of it");
        drop(spooled);

        // Leave room for 32 MiB only.
        let (free, _) = disk_space(&tmp).expect("statvfs");
        let err = spool(&store, &bomb[..], "stdin", free - (32 << 20)).unwrap_err().to_string();
        assert!(err.contains("stdin") && err.contains("gzip bomb") && err.contains("free"), "{err}");
        assert_eq!(fs::read_dir(&tmp).unwrap().count(), 0, "nothing left in tmp/");
    }

    #[test]
    fn paths_are_cleaned() {
        assert_eq!(clean_path("./blobs//sha256/ab"), "blobs/sha256/ab");
        assert_eq!(clean_path("a/../b/layer.tar"), "b/layer.tar");
        assert_eq!(clean_path("/../../etc/passwd"), "etc/passwd");
    }
}
