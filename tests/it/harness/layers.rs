//! Hand-made image layers for export tests: tar entries of any kind, names a well-behaved
//! tar writer would refuse (`../x`, `/etc/x`), every compression a registry may serve
//! (gzip, gzip in several members, zstd, none), and an OCI layout holding an image of such
//! layers for `ferry load` to store. Also reads a root filesystem back (a directory or a
//! tar) into one comparable shape.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

use serde_json::json;

use super::sha256_digest;

/// One tar entry, written with its name and link name exactly as given.
#[derive(Clone)]
pub struct Entry {
    pub name: Vec<u8>,
    pub kind: tar::EntryType,
    pub link: Vec<u8>,
    pub data: Vec<u8>,
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub mtime: u64,
}

impl Entry {
    fn new(name: &str, kind: tar::EntryType) -> Entry {
        Entry {
            name: name.as_bytes().to_vec(),
            kind,
            link: Vec::new(),
            data: Vec::new(),
            mode: 0o644,
            uid: 0,
            gid: 0,
            mtime: 1_600_000_000,
        }
    }
    pub fn file(name: &str, data: &[u8]) -> Entry {
        Entry { data: data.to_vec(), ..Entry::new(name, tar::EntryType::Regular) }
    }
    pub fn dir(name: &str) -> Entry {
        Entry { mode: 0o755, ..Entry::new(name, tar::EntryType::Directory) }
    }
    pub fn symlink(name: &str, target: &str) -> Entry {
        Entry { link: target.as_bytes().to_vec(), mode: 0o777, ..Entry::new(name, tar::EntryType::Symlink) }
    }
    pub fn hardlink(name: &str, target: &str) -> Entry {
        Entry { link: target.as_bytes().to_vec(), ..Entry::new(name, tar::EntryType::Link) }
    }
    pub fn fifo(name: &str) -> Entry {
        Entry::new(name, tar::EntryType::Fifo)
    }
    pub fn char_device(name: &str) -> Entry {
        Entry::new(name, tar::EntryType::Char)
    }
    /// `.wh.NAME` in NAME's directory.
    pub fn whiteout(path: &str) -> Entry {
        let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
        let wh = if dir.is_empty() { format!(".wh.{name}") } else { format!("{dir}/.wh.{name}") };
        Entry::file(&wh, b"")
    }
    /// `DIR/.wh..wh..opq`.
    pub fn opaque(dir: &str) -> Entry {
        Entry::file(&format!("{dir}/.wh..wh..opq"), b"")
    }
    pub fn mode(mut self, mode: u32) -> Entry {
        self.mode = mode;
        self
    }
    pub fn owner(mut self, uid: u64, gid: u64) -> Entry {
        self.uid = uid;
        self.gid = gid;
        self
    }
}

/// A layer's uncompressed tar: names (up to 100 bytes) written raw into the header.
pub fn tar_of(entries: &[Entry]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        let mut h = tar::Header::new_gnu();
        {
            let gnu = h.as_gnu_mut().unwrap();
            assert!(e.name.len() <= 100 && e.link.len() <= 100, "names up to 100 bytes");
            gnu.name[..e.name.len()].copy_from_slice(&e.name);
            gnu.linkname[..e.link.len()].copy_from_slice(&e.link);
        }
        h.set_entry_type(e.kind);
        h.set_mode(e.mode);
        h.set_uid(e.uid);
        h.set_gid(e.gid);
        h.set_mtime(e.mtime);
        h.set_size(e.data.len() as u64);
        if e.kind == tar::EntryType::Char {
            h.set_device_major(1).unwrap();
            h.set_device_minor(3).unwrap();
        }
        h.set_cksum();
        b.append(&h, e.data.as_slice()).unwrap();
    }
    b.into_inner().unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packing {
    Gzip,
    /// Three gzip members one after the other (what pigz -i or concatenation makes).
    GzipMembers,
    Zstd,
    None,
}

/// `(media type, compressed bytes)` of a tar.
pub fn pack(tar: &[u8], packing: Packing) -> (&'static str, Vec<u8>) {
    let gzip = |bytes: &[u8]| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    };
    match packing {
        Packing::Gzip => ("application/vnd.oci.image.layer.v1.tar+gzip", gzip(tar)),
        Packing::GzipMembers => {
            let third = tar.len() / 3;
            let mut out = gzip(&tar[..third]);
            out.extend(gzip(&tar[third..2 * third]));
            out.extend(gzip(&tar[2 * third..]));
            ("application/vnd.oci.image.layer.v1.tar+gzip", out)
        }
        Packing::Zstd => ("application/vnd.oci.image.layer.v1.tar+zstd", zstd::encode_all(tar, 3).unwrap()),
        Packing::None => ("application/vnd.oci.image.layer.v1.tar", tar.to_vec()),
    }
}

/// A layer as stored: its blob, and the diff_id its config lists (normally its tar's digest).
pub struct Layer {
    pub media_type: &'static str,
    pub blob: Vec<u8>,
    pub diff_id: String,
}

impl Layer {
    pub fn new(entries: &[Entry], packing: Packing) -> Layer {
        Layer::from_tar(&tar_of(entries), packing)
    }

    pub fn from_tar(tar: &[u8], packing: Packing) -> Layer {
        let (media_type, blob) = pack(tar, packing);
        Layer { media_type, blob, diff_id: sha256_digest(tar) }
    }
}

/// The config and manifest of one linux/amd64 image of `layers`.
pub fn image_documents(layers: &[Layer]) -> (Vec<u8>, Vec<u8>) {
    let config = serde_json::to_vec(&json!({
        "architecture": "amd64", "os": "linux", "config": {},
        "rootfs": {"type": "layers", "diff_ids": layers.iter().map(|l| l.diff_id.clone()).collect::<Vec<_>>()},
    }))
    .unwrap();
    let manifest = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha256_digest(&config), "size": config.len()},
        "layers": layers.iter().map(|l| json!({"mediaType": l.media_type, "digest": sha256_digest(&l.blob), "size": l.blob.len()})).collect::<Vec<_>>(),
    }))
    .unwrap();
    (config, manifest)
}

/// Writes an OCI layout at `dir` holding one linux/amd64 image of `layers`, tagged `tag`;
/// returns the manifest digest.
pub fn write_layout(dir: &Path, layers: &[Layer], tag: &str) -> String {
    let blobs = dir.join("blobs/sha256");
    std::fs::create_dir_all(&blobs).unwrap();
    let put = |bytes: &[u8]| {
        let d = sha256_digest(bytes);
        std::fs::write(blobs.join(d.trim_start_matches("sha256:")), bytes).unwrap();
        d
    };
    let (config, manifest) = image_documents(layers);
    put(&config);
    for l in layers {
        put(&l.blob);
    }
    let manifest_digest = put(&manifest);
    std::fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    let index = json!({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest, "size": manifest.len(),
        "annotations": {"org.opencontainers.image.ref.name": tag}}]});
    std::fs::write(dir.join("index.json"), serde_json::to_vec(&index).unwrap()).unwrap();
    manifest_digest
}

/// Pushes an image of `layers` to `reg` as `repo:tag`.
pub fn push_layers(reg: &super::Registry, repo: &str, tag: &str, layers: &[Layer]) {
    let (config, manifest) = image_documents(layers);
    reg.push_blob(repo, &super::Blob::from_bytes("application/vnd.oci.image.config.v1+json", config));
    for l in layers {
        reg.push_blob(repo, &super::Blob::from_bytes(l.media_type, l.blob.clone()));
    }
    reg.push_manifest(repo, tag, "application/vnd.oci.image.manifest.v1+json", &manifest);
}

/// One node of a root filesystem, in a shape a directory and a tar both give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Dir,
    File(Vec<u8>),
    Symlink(String),
    Fifo,
    Device,
}

/// What a node is and what it says about itself (owner only when `owners`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub node: Node,
    pub mode: u32,
    pub owner: Option<(u64, u64)>,
}

/// A root filesystem: path → meta, plus the groups of paths that are one file (hardlinks).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tree {
    pub nodes: BTreeMap<String, Meta>,
    pub links: Vec<Vec<String>>,
}

impl Tree {
    pub fn paths(&self) -> Vec<&str> {
        self.nodes.keys().map(String::as_str).collect()
    }
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        match &self.nodes.get(path)?.node {
            Node::File(b) => Some(b),
            _ => None,
        }
    }
}

/// Reads a directory tree (never following a symlink).
pub fn read_dir_tree(root: &Path, owners: bool) -> Tree {
    let mut tree = Tree::default();
    let mut inodes: BTreeMap<(u64, u64), Vec<String>> = BTreeMap::new();
    fn walk(root: &Path, rel: &str, owners: bool, tree: &mut Tree, inodes: &mut BTreeMap<(u64, u64), Vec<String>>) {
        let dir = if rel.is_empty() { root.to_path_buf() } else { root.join(rel) };
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            let full = root.join(&path);
            let m = std::fs::symlink_metadata(&full).unwrap();
            let ft = m.file_type();
            let node = if ft.is_dir() {
                Node::Dir
            } else if ft.is_symlink() {
                Node::Symlink(std::fs::read_link(&full).unwrap().to_string_lossy().into_owned())
            } else if ft.is_fifo() {
                Node::Fifo
            } else if ft.is_char_device() || ft.is_block_device() {
                Node::Device
            } else {
                if m.nlink() > 1 {
                    inodes.entry((m.dev(), m.ino())).or_default().push(path.clone());
                }
                Node::File(std::fs::read(&full).unwrap())
            };
            let mode = if ft.is_symlink() { 0o777 } else { m.mode() & 0o7777 };
            let owner = owners.then(|| (u64::from(m.uid()), u64::from(m.gid())));
            tree.nodes.insert(path.clone(), Meta { node: node.clone(), mode, owner });
            if node == Node::Dir {
                walk(root, &path, owners, tree, inodes);
            }
        }
    }
    walk(root, "", owners, &mut tree, &mut inodes);
    tree.links = inodes
        .into_values()
        .map(|mut v| {
            v.sort();
            v
        })
        .collect();
    tree.links.sort();
    tree
}

/// Reads a tar of a root filesystem (`docker export`'s or ferry's), leaving out `skip`.
pub fn read_tar_tree(tar: &[u8], owners: bool, skip: &[&str]) -> Tree {
    let mut tree = Tree::default();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut archive = tar::Archive::new(tar);
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path =
            String::from_utf8_lossy(&entry.path_bytes()).trim_end_matches('/').trim_start_matches("./").to_string();
        if path.is_empty() || path == "." || skip.contains(&path.as_str()) {
            continue;
        }
        let h = entry.header().clone();
        let kind = h.entry_type();
        let node = match kind {
            tar::EntryType::Directory => Node::Dir,
            tar::EntryType::Symlink => {
                Node::Symlink(String::from_utf8_lossy(&entry.link_name_bytes().unwrap()).into_owned())
            }
            tar::EntryType::Fifo => Node::Fifo,
            tar::EntryType::Char | tar::EntryType::Block => Node::Device,
            tar::EntryType::Link => {
                let target =
                    String::from_utf8_lossy(&entry.link_name_bytes().unwrap()).trim_start_matches("./").to_string();
                let first = tree.nodes.get(&target).cloned().expect("hardlink to an earlier entry");
                groups.entry(target).or_default().push(path.clone());
                tree.nodes.insert(path, first);
                continue;
            }
            _ => {
                let mut data = Vec::new();
                entry.read_to_end(&mut data).unwrap();
                Node::File(data)
            }
        };
        let mode = if kind == tar::EntryType::Symlink { 0o777 } else { h.mode().unwrap() & 0o7777 };
        let owner = owners.then(|| (h.uid().unwrap(), h.gid().unwrap()));
        tree.nodes.insert(path, Meta { node, mode, owner });
    }
    tree.links = groups
        .into_iter()
        .map(|(first, mut rest)| {
            rest.push(first);
            rest.sort();
            rest
        })
        .collect();
    tree.links.sort();
    tree
}

/// Writes a `docker save` archive at `path`: one linux/amd64 image tagged `tag` whose
/// (uncompressed) layers are `tars`.
pub fn write_docker_archive(path: &Path, tars: &[Vec<u8>], tag: &str) {
    let diff_ids: Vec<String> = tars.iter().map(|t| sha256_digest(t)).collect();
    let config = serde_json::to_vec(&json!({
        "architecture": "amd64", "os": "linux", "config": {},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
    }))
    .unwrap();
    let config_name = format!("{}.json", sha256_digest(&config).trim_start_matches("sha256:"));
    let layer_names: Vec<String> =
        diff_ids.iter().map(|d| format!("{}/layer.tar", d.trim_start_matches("sha256:"))).collect();
    let manifest =
        serde_json::to_vec(&json!([{"Config": config_name, "RepoTags": [tag], "Layers": layer_names}])).unwrap();
    let mut b = tar::Builder::new(std::fs::File::create(path).unwrap());
    let mut add = |name: &str, bytes: &[u8]| {
        let mut h = tar::Header::new_gnu();
        h.set_mode(0o644);
        h.set_size(bytes.len() as u64);
        b.append_data(&mut h, name, bytes).unwrap();
    };
    add("manifest.json", &manifest);
    add(&config_name, &config);
    for (name, tar) in layer_names.iter().zip(tars) {
        add(name, tar);
    }
    b.finish().unwrap();
}

/// A compressible, seeded file body of `size` bytes (words, not random bytes).
pub fn text(seed: u64, size: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let words = ["layer ", "export ", "whiteout ", "ferry ", "gzip ", "zstd ", "root\n", "file "];
    let mut out = Vec::with_capacity(size + 16);
    while out.len() < size {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(words[(x % 8) as usize].as_bytes());
    }
    out.truncate(size);
    out
}
