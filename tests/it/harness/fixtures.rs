//! Deterministic image fixtures: layers are real tar archives holding one
//! file of xorshift bytes from a fixed seed (incompressible, so compressed
//! sizes are predictable), optionally gzipped at a fixed level; config and
//! manifest JSON are built with sorted keys. The same spec therefore always
//! yields the same digests. Large layers are never held in memory: they are
//! generated (in parallel) into a file cache under cargo's target tmp dir and
//! reused by later tests and runs.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use serde_json::json;
use sha2::{Digest, Sha256};

pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const OCI_LAYER_GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
pub const OCI_LAYER_TAR: &str = "application/vnd.oci.image.layer.v1.tar";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const DOCKER_MANIFEST_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
pub const DOCKER_LAYER_GZIP: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
pub const DOCKER_LAYER_TAR: &str = "application/vnd.docker.image.rootfs.diff.tar";

/// Layers above this total size go to a temp file unless `on_disk` says otherwise.
const ON_DISK_THRESHOLD: u64 = 16 << 20;
const CREATED: &str = "2024-01-01T00:00:00Z";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Oci,
    DockerV2S2,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    None,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    pub variant: Option<String>,
}

impl Platform {
    pub fn new(os: &str, architecture: &str, variant: Option<&str>) -> Platform {
        Platform { os: os.into(), architecture: architecture.into(), variant: variant.map(Into::into) }
    }
    pub fn linux_amd64() -> Platform {
        Platform::new("linux", "amd64", None)
    }
    pub fn linux_arm64_v8() -> Platform {
        Platform::new("linux", "arm64", Some("v8"))
    }
    fn to_json(&self) -> serde_json::Value {
        let mut v = json!({"os": self.os, "architecture": self.architecture});
        if let Some(var) = &self.variant {
            v["variant"] = json!(var);
        }
        v
    }
}

#[derive(Clone, Debug)]
pub enum BlobData {
    Memory(Bytes),
    File(PathBuf),
}

/// A content-addressed blob: config, layer, or any bytes a test wants pushed.
#[derive(Clone, Debug)]
pub struct Blob {
    pub digest: String,
    pub size: u64,
    pub media_type: String,
    pub data: BlobData,
}

impl Blob {
    pub fn from_bytes(media_type: &str, bytes: impl Into<Bytes>) -> Blob {
        let bytes: Bytes = bytes.into();
        Blob {
            digest: super::sha256_digest(&bytes),
            size: bytes.len() as u64,
            media_type: media_type.into(),
            data: BlobData::Memory(bytes),
        }
    }

    /// Whole content; for file-backed blobs this reads the file, so keep it
    /// to small ones.
    pub fn read_all(&self) -> Vec<u8> {
        match &self.data {
            BlobData::Memory(b) => b.to_vec(),
            BlobData::File(p) => std::fs::read(p).unwrap(),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match &self.data {
            BlobData::File(p) => Some(p),
            BlobData::Memory(_) => None,
        }
    }

    pub fn descriptor(&self) -> serde_json::Value {
        json!({"mediaType": self.media_type, "digest": self.digest, "size": self.size})
    }

    /// Lowercase hex without the `sha256:` prefix (the OCI layout file name).
    pub fn hex(&self) -> &str {
        self.digest.trim_start_matches("sha256:")
    }
}

/// Recipe for an image. `ImageSpec::new(seed)` has one 4 KiB gzip layer,
/// OCI format, linux/amd64.
#[derive(Clone, Debug)]
pub struct ImageSpec {
    pub seed: u64,
    pub layer_sizes: Vec<u64>,
    pub compression: Compression,
    pub format: Format,
    pub platform: Platform,
    pub on_disk: Option<bool>,
}

impl ImageSpec {
    pub fn new(seed: u64) -> ImageSpec {
        ImageSpec {
            seed,
            layer_sizes: vec![4096],
            compression: Compression::Gzip,
            format: Format::Oci,
            platform: Platform::linux_amd64(),
            on_disk: None,
        }
    }
    /// Uncompressed payload size of each layer's single file (the tar is a
    /// little larger).
    pub fn layers(mut self, sizes: &[u64]) -> Self {
        self.layer_sizes = sizes.to_vec();
        self
    }
    pub fn compression(mut self, c: Compression) -> Self {
        self.compression = c;
        self
    }
    pub fn format(mut self, f: Format) -> Self {
        self.format = f;
        self
    }
    pub fn platform(mut self, p: Platform) -> Self {
        self.platform = p;
        self
    }
    /// Force layers into temp files (true) or memory (false).
    pub fn on_disk(mut self, yes: bool) -> Self {
        self.on_disk = Some(yes);
        self
    }

    pub fn build(&self) -> Image {
        let total: u64 = self.layer_sizes.iter().sum();
        let on_disk = self.on_disk.unwrap_or(total > ON_DISK_THRESHOLD);
        let layer_type = match (self.format, self.compression) {
            (Format::Oci, Compression::Gzip) => OCI_LAYER_GZIP,
            (Format::Oci, Compression::None) => OCI_LAYER_TAR,
            (Format::DockerV2S2, Compression::Gzip) => DOCKER_LAYER_GZIP,
            (Format::DockerV2S2, Compression::None) => DOCKER_LAYER_TAR,
        };
        let built = parallel_map(self.layer_sizes.len(), total >= PARALLEL_THRESHOLD, |i| {
            self.make_layer(i, self.layer_sizes[i], on_disk)
        });
        let mut layers = Vec::new();
        let mut diff_ids = Vec::new();
        for (diff_id, digest, size, data) in built {
            diff_ids.push(diff_id);
            layers.push(Blob { digest, size, media_type: layer_type.into(), data });
        }
        let mut config = json!({
            "architecture": self.platform.architecture,
            "os": self.platform.os,
            "created": CREATED,
            "config": {},
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
        });
        if let Some(v) = &self.platform.variant {
            config["variant"] = json!(v);
        }
        let (manifest_type, config_type) = match self.format {
            Format::Oci => (OCI_MANIFEST, OCI_CONFIG),
            Format::DockerV2S2 => (DOCKER_MANIFEST, DOCKER_CONFIG),
        };
        let config = Blob::from_bytes(config_type, serde_json::to_vec(&config).unwrap());
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": manifest_type,
            "config": config.descriptor(),
            "layers": layers.iter().map(Blob::descriptor).collect::<Vec<_>>(),
        });
        let manifest_bytes = serde_json::to_vec(&manifest).unwrap();
        Image {
            format: self.format,
            platform: self.platform.clone(),
            media_type: manifest_type.into(),
            manifest_digest: super::sha256_digest(&manifest_bytes),
            manifest_bytes,
            config,
            layers,
            diff_ids,
        }
    }
}

/// A built image. File-backed layers live in the shared fixture cache: treat
/// those files as read-only (copy one before corrupting it).
#[derive(Clone, Debug)]
pub struct Image {
    pub format: Format,
    pub platform: Platform,
    pub media_type: String,
    pub manifest_bytes: Vec<u8>,
    pub manifest_digest: String,
    pub config: Blob,
    pub layers: Vec<Blob>,
    /// sha256 of each uncompressed layer tar, as in the config's rootfs.
    pub diff_ids: Vec<String>,
}

impl Image {
    /// Config first, then layers.
    pub fn blobs(&self) -> impl Iterator<Item = &Blob> {
        std::iter::once(&self.config).chain(self.layers.iter())
    }

    pub fn manifest_blob(&self) -> Blob {
        Blob::from_bytes(&self.media_type, self.manifest_bytes.clone())
    }

    /// Descriptor as it appears in an index, platform included.
    pub fn index_entry(&self) -> serde_json::Value {
        json!({
            "mediaType": self.media_type,
            "digest": self.manifest_digest,
            "size": self.manifest_bytes.len(),
            "platform": self.platform.to_json(),
        })
    }

    pub fn layers_size(&self) -> u64 {
        self.layers.iter().map(|l| l.size).sum()
    }
}

/// An OCI image index or Docker manifest list over several images.
#[derive(Clone, Debug)]
pub struct Index {
    pub format: Format,
    pub media_type: String,
    pub manifest_bytes: Vec<u8>,
    pub manifest_digest: String,
    pub images: Vec<Image>,
}

impl Index {
    pub fn new(format: Format, images: Vec<Image>) -> Index {
        let media_type = match format {
            Format::Oci => OCI_INDEX,
            Format::DockerV2S2 => DOCKER_MANIFEST_LIST,
        };
        let index = json!({
            "schemaVersion": 2,
            "mediaType": media_type,
            "manifests": images.iter().map(Image::index_entry).collect::<Vec<_>>(),
        });
        let manifest_bytes = serde_json::to_vec(&index).unwrap();
        Index {
            format,
            media_type: media_type.into(),
            manifest_digest: super::sha256_digest(&manifest_bytes),
            manifest_bytes,
            images,
        }
    }

    /// linux/amd64 + linux/arm64/v8, one small layer each, children in the
    /// same format as the index.
    pub fn multi_arch(seed: u64, format: Format) -> Index {
        let images = vec![
            ImageSpec::new(seed).format(format).platform(Platform::linux_amd64()).build(),
            ImageSpec::new(seed + 1).format(format).platform(Platform::linux_arm64_v8()).build(),
        ];
        Index::new(format, images)
    }

    pub fn image_for(&self, architecture: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.platform.architecture == architecture)
    }
}

impl ImageSpec {
    /// (diff_id, digest, stored size, data) of layer `i`.
    fn make_layer(&self, i: usize, size: u64, on_disk: bool) -> (String, String, u64, BlobData) {
        let layer_seed = splitmix64(self.seed ^ splitmix64(i as u64 + 1));
        let name = format!("layer{i}/data-{:016x}.bin", self.seed);
        if !on_disk {
            let (diff_id, digest, len, v) = write_layer(Vec::new(), &name, layer_seed, size, self.compression).unwrap();
            return (diff_id, digest, len, BlobData::Memory(v.into()));
        }
        // Layer bytes depend only on (seed, index, size, compression), so a
        // file generated once can serve every later test and run; in debug
        // builds generating 1 GiB takes minutes.
        let dir = cache_dir();
        let comp = match self.compression {
            Compression::Gzip => "gz",
            Compression::None => "tar",
        };
        let stem = format!("{CACHE_VERSION}-{:016x}-{i}-{size}-{comp}", self.seed);
        let blob_path = dir.join(format!("{stem}.blob"));
        let meta_path = dir.join(format!("{stem}.json"));
        if let Some((diff_id, digest, len)) = read_cache_meta(&meta_path, &blob_path) {
            return (diff_id, digest, len, BlobData::File(blob_path));
        }
        // Unique temp names plus rename keep concurrent tests that build the
        // same layer from ever seeing a half-written file.
        let unique = format!("{}-{:?}", std::process::id(), std::thread::current().id()).replace(['(', ')'], "");
        let tmp = dir.join(format!("{stem}.tmp-{unique}"));
        let f = BufWriter::with_capacity(1 << 20, File::create(&tmp).unwrap());
        let (diff_id, digest, len, f) = write_layer(f, &name, layer_seed, size, self.compression).unwrap();
        f.into_inner().unwrap().flush().unwrap();
        std::fs::rename(&tmp, &blob_path).unwrap();
        let meta = json!({"diff_id": diff_id, "digest": digest, "size": len});
        let tmp_meta = dir.join(format!("{stem}.json-{unique}"));
        std::fs::write(&tmp_meta, serde_json::to_vec(&meta).unwrap()).unwrap();
        std::fs::rename(&tmp_meta, &meta_path).unwrap();
        (diff_id, digest, len, BlobData::File(blob_path))
    }
}

/// Bump when layer generation changes, so stale cache files are not reused.
const CACHE_VERSION: &str = "v1";
/// Below this total, threads cost more than they save.
const PARALLEL_THRESHOLD: u64 = 4 << 20;

/// Where file-backed layers live: cargo's per-target scratch dir for
/// integration tests, so `cargo clean` removes them.
pub fn cache_dir() -> PathBuf {
    let base = option_env!("CARGO_TARGET_TMPDIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let dir = base.join("ferry-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read_cache_meta(meta: &Path, blob: &Path) -> Option<(String, String, u64)> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(meta).ok()?).ok()?;
    let size = v["size"].as_u64()?;
    if std::fs::metadata(blob).ok()?.len() != size {
        return None;
    }
    Some((v["diff_id"].as_str()?.to_string(), v["digest"].as_str()?.to_string(), size))
}

fn parallel_map<T: Send>(n: usize, parallel: bool, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    if !parallel || n < 2 {
        return (0..n).map(f).collect();
    }
    let workers = std::thread::available_parallelism().map_or(2, |p| p.get()).min(n);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    let r = f(i);
                    results.lock().unwrap()[i] = Some(r);
                }
            });
        }
    });
    results.into_inner().unwrap().into_iter().map(|r| r.unwrap()).collect()
}

/// Writes a one-file tar layer to `sink`; returns (diff_id, digest, stored
/// size, sink).
fn write_layer<W: Write>(
    sink: W,
    file_name: &str,
    seed: u64,
    size: u64,
    compression: Compression,
) -> io::Result<(String, String, u64, W)> {
    match compression {
        Compression::Gzip => {
            // Level 1 because the payload is incompressible anyway and
            // multi-hundred-MiB fixtures should not be CPU-bound.
            let gz = flate2::GzBuilder::new().mtime(0).write(HashWriter::new(sink), flate2::Compression::new(1));
            let (diff_id, _, gz) = write_tar(HashWriter::new(gz), file_name, seed, size)?;
            let (digest, len, sink) = gz.finish()?.finish();
            Ok((diff_id, digest, len, sink))
        }
        Compression::None => {
            let (diff_id, len, sink) = write_tar(HashWriter::new(sink), file_name, seed, size)?;
            Ok((diff_id.clone(), diff_id, len, sink))
        }
    }
}

fn write_tar<W: Write>(w: HashWriter<W>, file_name: &str, seed: u64, size: u64) -> io::Result<(String, u64, W)> {
    let mut builder = tar::Builder::new(w);
    let mut header = tar::Header::new_ustar();
    header.set_path(file_name)?;
    header.set_size(size);
    header.set_mode(0o644);
    header.set_uid(0);
    header.set_gid(0);
    header.set_mtime(0);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    builder.append(&header, PrngReader::new(seed, size))?;
    let w = builder.into_inner()?;
    Ok(w.finish())
}

struct HashWriter<W> {
    inner: W,
    hasher: Sha256,
    len: u64,
}

impl<W: Write> HashWriter<W> {
    fn new(inner: W) -> Self {
        HashWriter { inner, hasher: Sha256::new(), len: 0 }
    }
    fn finish(self) -> (String, u64, W) {
        (format!("sha256:{}", super::hex(&self.hasher.finalize())), self.len, self.inner)
    }
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// `size` bytes of xorshift64* output. The byte stream does not depend on
/// how callers size their reads (leftover bytes of a word are kept).
pub struct PrngReader {
    state: u64,
    remaining: u64,
    spare: [u8; 8],
    spare_len: usize,
}

impl PrngReader {
    pub fn new(seed: u64, size: u64) -> PrngReader {
        // xorshift must never be seeded with 0.
        PrngReader { state: splitmix64(seed) | 1, remaining: size, spare: [0; 8], spare_len: 0 }
    }

    fn next_word(&mut self) -> [u8; 8] {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes()
    }
}

impl Read for PrngReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (buf.len() as u64).min(self.remaining) as usize;
        let buf = &mut buf[..n];
        let from_spare = self.spare_len.min(n);
        let start = 8 - self.spare_len;
        buf[..from_spare].copy_from_slice(&self.spare[start..start + from_spare]);
        self.spare_len -= from_spare;
        let mut chunks = buf[from_spare..].chunks_exact_mut(8);
        for c in &mut chunks {
            c.copy_from_slice(&self.next_word());
        }
        let rest = chunks.into_remainder();
        if !rest.is_empty() {
            let w = self.next_word();
            let len = rest.len();
            rest.copy_from_slice(&w[..len]);
            self.spare = w;
            self.spare_len = 8 - len;
        }
        self.remaining -= n as u64;
        Ok(n)
    }
}
