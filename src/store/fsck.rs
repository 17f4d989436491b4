//! Checking the store against its own rules, and repairing what can be repaired without the
//! network (`ferry fsck`):
//!
//! - the layout files: `oci-layout` names a version, `index.json` parses as every command
//!   reads it;
//! - every reference's image is complete: walked with the one walker ([`Store::walk`]), so
//!   "complete" means here what it means to pull, push and garbage collection;
//! - every file in `blobs/<algorithm>/` is a regular file whose content hashes to its name
//!   (streamed through the hash, so memory stays bounded whatever the blob's size);
//! - what interrupted operations left in `ingest/` and `tmp/` (not damage: a partial download
//!   resumes on the next pull, and `prune` removes the rest).
//!
//! Repair deletes only what no longer is what its name says (damaged blobs) and leftovers,
//! under the exclusive lock; it never guesses content. A reference whose image lost a blob
//! stays, incomplete, until the next pull (or load) of it fetches what is missing.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Store, StoreError, StoreLock, io_err};
use crate::digest::Digest;

/// What is wrong with one thing in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// `oci-layout` or `index.json` is missing or does not parse.
    Layout,
    /// A blob whose content no longer hashes to its name (or that is not a regular file).
    DamagedBlob,
    /// A file in `blobs/` that is not named by a digest.
    StrayFile,
    /// A reference whose image lacks manifests or blobs.
    IncompleteImage,
    /// A reference whose image cannot be walked: a stored document is damaged or refused,
    /// or one of its blobs is damaged.
    DamagedImage,
}

/// One problem: what kind, the blob, reference or file it concerns, and what is wrong.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub subject: String,
    pub message: String,
}

/// A file an interrupted operation left in `ingest/` or `tmp/`.
#[derive(Debug, Clone, Serialize)]
pub struct Leftover {
    /// Relative to the store's root (`ingest/<hex>.partial`).
    pub path: String,
    pub bytes: u64,
}

/// What [`Store::fsck`] checked and found.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FsckReport {
    pub blobs_checked: usize,
    pub blob_bytes: u64,
    pub references_checked: usize,
    /// Blobs no reference reaches (`ferry prune` deletes them); not a problem.
    pub unreferenced_blobs: usize,
    pub problems: Vec<Problem>,
    pub leftovers: Vec<Leftover>,
}

impl FsckReport {
    /// No problems (leftovers and unreferenced blobs are not problems).
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The references whose images lack something a pull (or load) would fetch.
    pub fn incomplete_references(&self) -> Vec<&str> {
        self.problems.iter().filter(|p| p.kind == ProblemKind::IncompleteImage).map(|p| p.subject.as_str()).collect()
    }

    /// Some problem is one [`Store::repair`] removes or rewrites.
    pub fn repairable(&self) -> bool {
        self.problems.iter().any(|p| matches!(p.kind, ProblemKind::DamagedBlob | ProblemKind::Layout))
            || !self.leftovers.is_empty()
    }

    fn problem(&mut self, kind: ProblemKind, subject: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem { kind, subject: subject.into(), message: message.into() });
    }
}

/// What [`Store::repair`] did.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairReport {
    pub blobs_removed: Vec<String>,
    pub leftovers_removed: usize,
    pub leftover_bytes: u64,
    pub layout_rewritten: bool,
    /// Where the `index.json` that did not parse was kept, when it was replaced by an empty one.
    pub index_kept_at: Option<PathBuf>,
}

impl RepairReport {
    pub fn is_empty(&self) -> bool {
        self.blobs_removed.is_empty()
            && self.leftovers_removed == 0
            && !self.layout_rewritten
            && self.index_kept_at.is_none()
    }
}

const EMPTY_INDEX: &[u8] =
    br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#;
const LAYOUT: &[u8] = br#"{"imageLayoutVersion":"1.0.0"}"#;

impl Store {
    /// The store at `root`, for checking: unlike [`Store::open`], nothing is created or
    /// rewritten (a missing `oci-layout` or `index.json` is what fsck must report, not
    /// quietly replace). A directory with none of a store's files is refused.
    pub fn open_for_check(root: &Path) -> Result<Store, StoreError> {
        if !["blobs", "index.json", "oci-layout"].iter().any(|f| root.join(f).exists()) {
            return Err(StoreError::Layout {
                path: root.to_path_buf(),
                message: "it has no oci-layout, index.json or blobs/".into(),
            });
        }
        Ok(Store { root: root.to_path_buf() })
    }

    /// Checks the whole store; see the module note. The caller holds the store's lock
    /// (shared is enough: nothing is deleted while it is held, so what is checked stays).
    pub fn fsck(&self, _lock: &StoreLock) -> Result<FsckReport, StoreError> {
        let mut report = FsckReport::default();
        self.check_layout_file(&mut report);
        let (stored, damaged) = self.check_blobs(&mut report)?;
        let reachable = self.check_references(&mut report, &damaged)?;
        report.unreferenced_blobs = stored.iter().filter(|d| !reachable.contains(*d) && !damaged.contains(*d)).count();
        report.leftovers = self.leftovers()?;
        Ok(report)
    }

    fn check_layout_file(&self, report: &mut FsckReport) {
        let p = self.root.join("oci-layout");
        let message = match not_a_regular_file(&p).map_or_else(|| fs::read(&p), Err) {
            Err(e) => format!("cannot be read: {e}"),
            Ok(bytes) => match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Err(e) => format!("is not JSON: {e}"),
                Ok(v) if v.get("imageLayoutVersion").and_then(|v| v.as_str()).is_none() => {
                    "names no imageLayoutVersion".into()
                }
                Ok(_) => return,
            },
        };
        report.problem(ProblemKind::Layout, "oci-layout", message);
    }

    /// Every file in `blobs/<algorithm>/`, with the digest its name is (None when it names
    /// none).
    fn blob_files(&self) -> Result<Vec<(PathBuf, Option<Digest>)>, StoreError> {
        let mut out = Vec::new();
        for dir in self.blob_dirs() {
            let algorithm = dir.file_name().unwrap_or_default().to_string_lossy().to_string();
            for entry in fs::read_dir(&dir).map_err(io_err("listing", &dir))? {
                let entry = entry.map_err(io_err("listing", &dir))?;
                let digest = Digest::parse(&format!("{algorithm}:{}", entry.file_name().to_string_lossy())).ok();
                out.push((entry.path(), digest));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Hashes every blob; returns the digests of the blobs there are, and of those damaged.
    fn check_blobs(&self, report: &mut FsckReport) -> Result<(Vec<Digest>, HashSet<Digest>), StoreError> {
        let (mut stored, mut damaged) = (Vec::new(), HashSet::new());
        for (path, digest) in self.blob_files()? {
            let name = self.relative(&path);
            let Some(digest) = digest else {
                report.problem(
                    ProblemKind::StrayFile,
                    name,
                    "is not named by a digest (not ferry's: remove it by hand)",
                );
                continue;
            };
            report.blobs_checked += 1;
            stored.push(digest.clone());
            let problem = match fs::symlink_metadata(&path) {
                Err(e) => Some(format!("cannot be read: {e}")),
                Ok(m) if !m.file_type().is_file() => Some(format!("{name} is not a regular file")),
                Ok(m) => {
                    report.blob_bytes += m.len();
                    match File::open(&path).and_then(|f| digest.of_same_kind_read(f)) {
                        Err(e) => Some(format!("{name} cannot be read: {e}")),
                        Ok(actual) if actual != digest => Some(format!("its content hashes to {actual}")),
                        Ok(_) => None,
                    }
                }
            };
            if let Some(message) = problem {
                report.problem(ProblemKind::DamagedBlob, digest.to_string(), message);
                damaged.insert(digest);
            }
        }
        Ok((stored, damaged))
    }

    /// Walks every reference's image; returns every digest the walks reached.
    fn check_references(
        &self,
        report: &mut FsckReport,
        damaged: &HashSet<Digest>,
    ) -> Result<HashSet<Digest>, StoreError> {
        let mut reachable = HashSet::new();
        if let Some(e) = not_a_regular_file(&self.root.join("index.json")) {
            report.problem(ProblemKind::Layout, "index.json", format!("cannot be read: {e}"));
            return Ok(reachable);
        }
        let refs = match self.refs() {
            Ok(refs) => refs,
            Err(StoreError::Layout { message, .. }) => {
                report.problem(ProblemKind::Layout, "index.json", format!("does not parse: {message}"));
                return Ok(reachable);
            }
            Err(StoreError::Io { source, .. }) => {
                report.problem(ProblemKind::Layout, "index.json", format!("cannot be read: {source}"));
                return Ok(reachable);
            }
            Err(e) => return Err(e),
        };
        for r in refs {
            report.references_checked += 1;
            let walk = match self.walk(&r.descriptor) {
                Ok(walk) => walk,
                Err(e) => {
                    report.problem(ProblemKind::DamagedImage, &r.name, e.to_string());
                    continue;
                }
            };
            reachable.insert(r.descriptor.digest.clone());
            reachable.extend(walk.digests().cloned());
            let mut damage: Vec<String> =
                walk.refused.iter().map(|(d, e)| format!("manifest {} refused: {e}", d.digest)).collect();
            let mut used_damaged: Vec<String> = walk
                .digests()
                .chain(std::iter::once(&r.descriptor.digest))
                .filter(|d| damaged.contains(d))
                .map(|d| d.to_string())
                .collect();
            used_damaged.sort();
            used_damaged.dedup();
            damage.extend(used_damaged.into_iter().map(|d| format!("uses the damaged blob {d}")));
            if !damage.is_empty() {
                report.problem(ProblemKind::DamagedImage, &r.name, damage.join("; "));
            }
            let missing = walk.missing_names();
            if !missing.is_empty() {
                report.problem(
                    ProblemKind::IncompleteImage,
                    &r.name,
                    format!("{} not in the store", missing.join(", ")),
                );
            }
        }
        Ok(reachable)
    }

    /// What interrupted operations left in `ingest/` and `tmp/`.
    fn leftovers(&self) -> Result<Vec<Leftover>, StoreError> {
        let mut out = Vec::new();
        for dir in ["ingest", "tmp"] {
            let dir = self.root.join(dir);
            let entries = match fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(StoreError::Io { action: "listing", path: dir, source: e }),
            };
            for entry in entries {
                let entry = entry.map_err(io_err("listing", &dir))?;
                let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
                out.push(Leftover { path: self.relative(&entry.path()), bytes });
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// Repairs what `report` found, as far as the store alone can: removes damaged blobs
    /// and every leftover, rewrites a damaged `oci-layout`, and replaces an `index.json`
    /// that does not parse by an empty one (the old one kept beside it, for a human to
    /// recover names from). Needs the exclusive lock: no other ferry may be resuming a
    /// partial or reading a blob being removed. Check again afterwards to see what is left
    /// (references whose images are now incomplete: a pull fetches what they miss).
    pub fn repair(&self, _exclusive: &StoreLock, report: &FsckReport) -> Result<RepairReport, StoreError> {
        let mut done = RepairReport::default();
        for p in &report.problems {
            match p.kind {
                ProblemKind::DamagedBlob => {
                    let digest = Digest::parse(&p.subject).expect("fsck names damaged blobs by digest");
                    let path = self.blob_path(&digest);
                    if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                        continue; // not ferry's doing; it stays reported
                    }
                    match fs::remove_file(&path) {
                        Ok(()) => done.blobs_removed.push(p.subject.clone()),
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => return Err(StoreError::Io { action: "removing", path, source: e }),
                    }
                }
                ProblemKind::Layout if p.subject == "oci-layout" => {
                    self.write_atomic(&self.root.join("oci-layout"), LAYOUT)?;
                    done.layout_rewritten = true;
                }
                ProblemKind::Layout => done.index_kept_at = Some(self.replace_index()?),
                _ => {}
            }
        }
        for leftover in &report.leftovers {
            let path = self.root.join(&leftover.path);
            match fs::remove_file(&path) {
                Ok(()) => {
                    done.leftovers_removed += 1;
                    done.leftover_bytes += leftover.bytes;
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::Io { action: "removing", path, source: e }),
            }
        }
        Ok(done)
    }

    /// Moves an `index.json` that does not parse aside (to the first free
    /// `index.json.damaged[.N]`) and starts an empty one; returns where the old one went.
    fn replace_index(&self) -> Result<PathBuf, StoreError> {
        let index = self.root.join("index.json");
        let _guard = self.index_lock()?;
        let kept = (0..)
            .map(|n| match n {
                0 => self.root.join("index.json.damaged"),
                n => self.root.join(format!("index.json.damaged.{n}")),
            })
            .find(|p| !p.exists())
            .expect("some name is free");
        match fs::rename(&index, &kept) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::Io { action: "moving aside", path: index, source: e }),
        }
        self.write_atomic(&index, EMPTY_INDEX)?;
        Ok(kept)
    }

    fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).display().to_string()
    }
}

/// Why `path` must not be read as a layout file: a FIFO would block the read forever, a
/// device (`/dev/zero`) never end it. None for a regular file (or a symlink to one) and for
/// a missing one, whose read says so.
fn not_a_regular_file(path: &Path) -> Option<io::Error> {
    match fs::metadata(path) {
        Ok(m) if !m.is_file() => Some(io::Error::other("it is not a regular file")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Descriptor, OCI_CONFIG, OCI_MANIFEST};

    /// A store holding one complete one-layer image named `r/app:1`; returns the store, the
    /// temp dir, and the manifest, config and layer digests.
    fn store_with_image() -> (Store, tempfile::TempDir, [Digest; 3]) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let (config, layer) = (b"{}".to_vec(), vec![7u8; 700_000]);
        let (cd, ld) = (Digest::sha256_of(&config), Digest::sha256_of(&layer));
        let m = format!(
            r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{{"mediaType":"{OCI_CONFIG}","digest":"{cd}","size":2}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{ld}","size":{}}}]}}"#,
            layer.len()
        );
        let md = Digest::sha256_of(m.as_bytes());
        s.put_blob(&cd, &config).unwrap();
        s.put_blob(&ld, &layer).unwrap();
        s.put_blob(&md, m.as_bytes()).unwrap();
        s.set_ref("r/app:1", Descriptor::new(OCI_MANIFEST, md.clone(), m.len() as u64)).unwrap();
        (s, dir, [md, cd, ld])
    }

    fn check(s: &Store) -> FsckReport {
        s.fsck(&s.lock_shared(|| {}).unwrap()).unwrap()
    }

    #[test]
    fn a_sound_store_is_clean() {
        let (s, _dir, _) = store_with_image();
        s.put_blob(&Digest::sha512_of(b"x"), b"x").unwrap();
        let r = check(&s);
        assert!(r.is_clean(), "{r:?}");
        assert_eq!((r.blobs_checked, r.references_checked, r.unreferenced_blobs), (4, 1, 1));
        assert_eq!(r.blob_bytes, 700_000 + 2 + 1 + s.blob_size(&s.refs().unwrap()[0].descriptor.digest).unwrap());
    }

    #[test]
    fn damage_is_named_and_repair_removes_it() {
        let (s, dir, [md, _, ld]) = store_with_image();
        let mut layer = fs::read(s.blob_path(&ld)).unwrap();
        layer[400_000] ^= 1;
        fs::write(s.blob_path(&ld), &layer).unwrap();
        let sha512 = Digest::sha512_of(b"y");
        s.put_blob(&sha512, b"y").unwrap();
        fs::write(s.blob_path(&sha512), b"z").unwrap();
        fs::write(dir.path().join("ingest/abc.partial"), b"part").unwrap();
        fs::write(dir.path().join("blobs/sha256/not-a-digest"), b"").unwrap();

        let r = check(&s);
        let kinds: Vec<(ProblemKind, &str)> = r.problems.iter().map(|p| (p.kind, p.subject.as_str())).collect();
        assert!(kinds.contains(&(ProblemKind::DamagedBlob, ld.as_str())), "{r:?}");
        assert!(kinds.contains(&(ProblemKind::DamagedBlob, sha512.as_str())), "{r:?}");
        assert!(kinds.contains(&(ProblemKind::StrayFile, "blobs/sha256/not-a-digest")), "{r:?}");
        assert!(kinds.contains(&(ProblemKind::DamagedImage, "r/app:1")), "{r:?}");
        assert_eq!(r.leftovers.len(), 1);
        assert_eq!(r.leftovers[0].path, "ingest/abc.partial");

        let lock = s.lock_exclusive(|| {}).unwrap();
        let done = s.repair(&lock, &r).unwrap();
        assert_eq!(done.blobs_removed.len(), 2);
        assert_eq!((done.leftovers_removed, done.leftover_bytes), (1, 4));
        let after = s.fsck(&lock).unwrap();
        let kinds: Vec<(ProblemKind, &str)> = after.problems.iter().map(|p| (p.kind, p.subject.as_str())).collect();
        assert_eq!(
            kinds,
            [(ProblemKind::StrayFile, "blobs/sha256/not-a-digest"), (ProblemKind::IncompleteImage, "r/app:1")]
        );
        assert!(after.problems[1].message.contains(ld.as_str()));
        assert!(s.has_blob(&md) && !s.has_blob(&ld));
    }

    #[test]
    fn a_damaged_index_is_reported_and_replaced_keeping_the_old_one() {
        let (s, dir, _) = store_with_image();
        fs::write(dir.path().join("index.json"), b"{\"schemaVersion\":2,\"manif").unwrap();
        fs::write(dir.path().join("oci-layout"), b"{}").unwrap();
        let r = check(&s);
        let subjects: Vec<&str> = r.problems.iter().map(|p| p.subject.as_str()).collect();
        assert_eq!(subjects, ["oci-layout", "index.json"], "{r:?}");
        assert_eq!(r.unreferenced_blobs, 3, "nothing is reachable without an index");
        let lock = s.lock_exclusive(|| {}).unwrap();
        let done = s.repair(&lock, &r).unwrap();
        assert!(done.layout_rewritten);
        assert_eq!(done.index_kept_at.as_deref(), Some(dir.path().join("index.json.damaged").as_path()));
        assert_eq!(fs::read(dir.path().join("index.json.damaged")).unwrap(), b"{\"schemaVersion\":2,\"manif");
        assert!(s.fsck(&lock).unwrap().is_clean());
        assert!(s.refs().unwrap().is_empty());
    }

    #[test]
    fn layout_files_that_are_not_regular_files_are_reported_without_reading_them() {
        let (s, dir, _) = store_with_image();
        for name in ["index.json", "oci-layout"] {
            fs::remove_file(dir.path().join(name)).unwrap();
            let fifo = std::ffi::CString::new(dir.path().join(name).to_str().unwrap()).unwrap();
            assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        }
        let r = check(&s);
        let problems: Vec<(&str, &str)> = r.problems.iter().map(|p| (p.subject.as_str(), p.message.as_str())).collect();
        assert_eq!(
            problems,
            [
                ("oci-layout", "cannot be read: it is not a regular file"),
                ("index.json", "cannot be read: it is not a regular file")
            ]
        );
        let lock = s.lock_exclusive(|| {}).unwrap();
        let done = s.repair(&lock, &r).unwrap();
        assert!(done.layout_rewritten && done.index_kept_at.is_some());
        assert!(s.fsck(&lock).unwrap().is_clean());
    }

    #[test]
    fn checking_creates_nothing_and_refuses_what_is_not_a_store() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(Store::open_for_check(dir.path()), Err(StoreError::Layout { .. })));
        fs::create_dir(dir.path().join("blobs")).unwrap();
        let s = Store::open_for_check(dir.path()).unwrap();
        let r = check(&s);
        let subjects: Vec<&str> = r.problems.iter().map(|p| p.subject.as_str()).collect();
        assert_eq!(subjects, ["oci-layout", "index.json"], "{r:?}");
        assert!(!dir.path().join("index.json").exists() && !dir.path().join("oci-layout").exists());
    }
}
