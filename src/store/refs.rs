//! `index.json`: the layout's list of named references (set only for complete images), the
//! store's drive of the image walker, and garbage collection of blobs that no reference
//! reaches any more. Unknown fields other tools put in index.json are
//! kept as they are.

use std::collections::{BTreeMap, HashSet};
use std::fs;

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, StoreLock, io_err};
use crate::digest::Digest;
use crate::manifest::{Descriptor, REF_NAME_ANNOTATION};
use crate::walk::{Walk, Walker};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IndexJson {
    schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Vec<Descriptor>,
    #[serde(flatten)]
    other: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone)]
pub struct RefEntry {
    /// The full normalised reference (`docker.io/library/redis:latest`).
    pub name: String,
    pub descriptor: Descriptor,
}

#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GcReport {
    pub blobs_removed: usize,
    pub blob_bytes: u64,
    pub partials_removed: usize,
    pub partial_bytes: u64,
}

impl Store {
    fn read_index(&self) -> Result<IndexJson, StoreError> {
        let p = self.root.join("index.json");
        let bytes = crate::local_file::read(&p, super::MAX_INDEX_JSON).map_err(io_err("reading", &p))?;
        serde_json::from_slice(&bytes).map_err(|e| StoreError::Layout { path: p, message: e.to_string() })
    }

    fn update_index<T>(&self, f: impl FnOnce(&mut Vec<Descriptor>) -> T) -> Result<T, StoreError> {
        let _guard: StoreLock = self.index_lock()?;
        let mut index = self.read_index()?;
        let out = f(&mut index.manifests);
        let p = self.root.join("index.json");
        let bytes = serde_json::to_vec_pretty(&index).expect("index.json serialises");
        self.write_atomic(&p, &bytes)?;
        Ok(out)
    }

    /// Every named reference in the store, in index.json order.
    pub fn refs(&self) -> Result<Vec<RefEntry>, StoreError> {
        Ok(self
            .read_index()?
            .manifests
            .into_iter()
            .filter_map(|d| Some(RefEntry { name: d.annotation(REF_NAME_ANNOTATION)?.to_string(), descriptor: d }))
            .collect())
    }

    pub fn resolve_ref(&self, name: &str) -> Result<Option<Descriptor>, StoreError> {
        Ok(self.refs()?.into_iter().find(|r| r.name == name).map(|r| r.descriptor))
    }

    /// Points `name` at `descriptor`, which must name an image complete in the store: every
    /// manifest and blob its walk reaches present (else nothing changes and the error says
    /// what is missing). Returns what the name pointed at before.
    pub fn set_ref(&self, name: &str, mut descriptor: Descriptor) -> Result<Option<Descriptor>, StoreError> {
        self.walk(&descriptor)?.complete(name)?;
        descriptor
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(REF_NAME_ANNOTATION.to_string(), name.to_string());
        self.sync_blob_dirs();
        // Re-pulling an unchanged image should not rewrite (and fsync) index.json.
        let current =
            self.read_index()?.manifests.into_iter().find(|d| d.annotation(REF_NAME_ANNOTATION) == Some(name));
        if current.as_ref() == Some(&descriptor) {
            return Ok(current);
        }
        self.update_index(|manifests| {
            let old = manifests
                .iter()
                .position(|d| d.annotation(REF_NAME_ANNOTATION) == Some(name))
                .map(|i| manifests.remove(i));
            manifests.push(descriptor);
            old
        })
    }

    pub fn remove_ref(&self, name: &str) -> Result<Option<Descriptor>, StoreError> {
        self.update_index(|manifests| {
            manifests.iter().position(|d| d.annotation(REF_NAME_ANNOTATION) == Some(name)).map(|i| manifests.remove(i))
        })
    }

    /// Walks the image `root` names through the store with the one walker
    /// ([`crate::walk`]): every stored document read (size-bounded) and checked, and the
    /// blobs the store lacks listed in `missing_blobs` — except foreign layers (with `urls`),
    /// which registries do not hold either.
    pub fn walk(&self, root: &Descriptor) -> Result<Walk, StoreError> {
        let mut walker = Walker::new(root.clone());
        while let Some(d) = walker.need() {
            match self.read_bounded(&d.digest, d.size)? {
                Some(bytes) => walker.feed(bytes),
                None => walker.absent(),
            }
        }
        let mut walk = walker.finish();
        walk.missing_blobs = walk
            .blobs
            .iter()
            .filter(|b| b.urls.as_ref().is_none_or(|u| u.is_empty()) && !self.has_blob(&b.digest))
            .cloned()
            .collect();
        Ok(walk)
    }

    /// Every blob reachable from an entry of index.json, found by the same walk pull and
    /// load accept images by: what they stored, this keeps. A stored document the walk
    /// refuses (damaged, or written by another tool) hides what it uses, so that is an
    /// error rather than a reason to delete its blobs.
    pub fn reachable(&self) -> Result<HashSet<Digest>, StoreError> {
        let mut keep = HashSet::new();
        for d in self.read_index()?.manifests {
            let walk = self.walk(&d)?;
            if let Some((_, e)) = walk.refused.first() {
                let name = d.annotation(REF_NAME_ANNOTATION).unwrap_or(d.digest.as_str()).to_string();
                return Err(StoreError::Unwalkable { name, source: e.clone() });
            }
            keep.extend(walk.digests().cloned());
            keep.insert(d.digest);
        }
        Ok(keep)
    }

    /// Deletes blobs nothing references, every partial download and temp file. The caller
    /// holds the exclusive store lock, so no other ferry is adding content meanwhile.
    pub fn gc(&self, _exclusive: &StoreLock, keep_partials: bool) -> Result<GcReport, StoreError> {
        let keep = self.reachable()?;
        let mut report = GcReport::default();
        for blobs in self.blob_dirs() {
            let algorithm = blobs.file_name().unwrap_or_default().to_string_lossy().to_string();
            for entry in fs::read_dir(&blobs).map_err(io_err("listing", &blobs))? {
                let entry = entry.map_err(io_err("listing", &blobs))?;
                let name = entry.file_name().to_string_lossy().to_string();
                let Ok(digest) = Digest::parse(&format!("{algorithm}:{name}")) else {
                    continue;
                };
                if keep.contains(&digest) {
                    continue;
                }
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                fs::remove_file(entry.path()).map_err(io_err("removing", &entry.path()))?;
                report.blobs_removed += 1;
                report.blob_bytes += len;
            }
        }
        if !keep_partials {
            for dir in ["ingest", "tmp"] {
                let dir = self.root.join(dir);
                for entry in fs::read_dir(&dir).map_err(io_err("listing", &dir))? {
                    let entry = entry.map_err(io_err("listing", &dir))?;
                    let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                    if fs::remove_file(entry.path()).is_ok() && !entry.file_name().to_string_lossy().ends_with(".lock")
                    {
                        report.partials_removed += 1;
                        report.partial_bytes += len;
                    }
                }
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{OCI_CONFIG, OCI_MANIFEST};

    /// Stores a one-layer image (all but `skip` of its blobs); returns its descriptor and
    /// the config and layer digests.
    fn put_image(s: &Store, skip: Option<usize>) -> (Descriptor, Digest, Digest) {
        let config = b"{}".to_vec();
        let layer = b"layer".to_vec();
        let (cd, ld) = (Digest::sha256_of(&config), Digest::sha256_of(&layer));
        let m = format!(
            r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{{"mediaType":"{OCI_CONFIG}","digest":"{cd}","size":2}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{ld}","size":5}}]}}"#
        );
        let md = Digest::sha256_of(m.as_bytes());
        for (i, (d, b)) in [(&cd, &config), (&ld, &layer), (&md, &m.as_bytes().to_vec())].into_iter().enumerate() {
            if skip != Some(i) {
                s.put_blob(d, b).unwrap();
            }
        }
        (Descriptor::new(OCI_MANIFEST, md, m.len() as u64), cd, ld)
    }

    #[test]
    fn refs_round_trip_and_gc_keeps_only_reachable_blobs() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let (desc, cd, ld) = put_image(&s, None);
        let stray = Digest::sha256_of(b"stray");
        s.put_blob(&stray, b"stray").unwrap();
        let stray512 = Digest::sha512_of(b"stray");
        s.put_blob(&stray512, b"stray").unwrap();
        assert!(s.set_ref("r/app:1", desc.clone()).unwrap().is_none());
        assert!(s.set_ref("r/app:1", desc.clone()).unwrap().is_some(), "re-tagging replaces");
        s.set_ref("r/app:2", desc).unwrap();
        assert_eq!(s.refs().unwrap().len(), 2);
        let lock = s.lock_exclusive(|| {}).unwrap();
        let report = s.gc(&lock, false).unwrap();
        assert_eq!(report.blobs_removed, 2, "unreferenced blobs of either algorithm");
        assert!(!s.has_blob(&stray) && !s.has_blob(&stray512) && s.has_blob(&ld) && s.has_blob(&cd));
        s.remove_ref("r/app:1").unwrap();
        assert_eq!(s.gc(&lock, false).unwrap().blobs_removed, 0, "app:2 still holds them");
        s.remove_ref("r/app:2").unwrap();
        assert_eq!(s.gc(&lock, false).unwrap().blobs_removed, 3);
    }

    #[test]
    fn a_reference_is_set_only_for_a_complete_image() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let (desc, _, ld) = put_image(&s, Some(1));
        let err = s.set_ref("r/app:1", desc.clone()).unwrap_err().to_string();
        assert!(err.contains("r/app:1") && err.contains(ld.as_str()), "{err}");
        assert!(s.refs().unwrap().is_empty());
        let missing_manifest = Descriptor::new(OCI_MANIFEST, Digest::sha256_of(b"m"), 1);
        assert!(s.set_ref("r/app:1", missing_manifest).is_err());
        s.put_blob(&ld, b"layer").unwrap();
        s.set_ref("r/app:1", desc).unwrap();
    }

    #[test]
    fn gc_deletes_nothing_when_a_stored_manifest_cannot_be_walked() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let (desc, cd, ld) = put_image(&s, None);
        s.set_ref("r/app:1", desc.clone()).unwrap();
        fs::write(s.blob_path(&desc.digest), b"{}").unwrap(); // damaged on disk
        let lock = s.lock_exclusive(|| {}).unwrap();
        let err = s.gc(&lock, false).unwrap_err().to_string();
        assert!(err.contains("r/app:1") && err.contains("nothing was deleted"), "{err}");
        assert!(s.has_blob(&cd) && s.has_blob(&ld));
    }

    #[test]
    fn unknown_index_fields_survive_updates() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        fs::write(dir.path().join("index.json"), br#"{"schemaVersion":2,"manifests":[],"annotations":{"x":"y"}}"#)
            .unwrap();
        let (desc, _, _) = put_image(&s, None);
        s.set_ref("a", desc).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&fs::read(dir.path().join("index.json")).unwrap()).unwrap();
        assert_eq!(v["annotations"]["x"], "y");
    }
}
