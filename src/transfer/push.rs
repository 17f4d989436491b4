//! Pushing from the local store: turns stored references into an upload [`Plan`] (the
//! store's walk of each image, [`Store::walk`]: the manifests exactly as stored, so digests survive byte for byte; the blobs they need; the
//! other repositories of the same registry the store has seen those blobs in, to mount
//! from) and runs it. Everything is checked locally — every manifest and blob present, with
//! the sizes the manifests declare — before the first request that writes.

// Planning returns the transfer layer's one error type; its size is paid once, on failure.
#![allow(clippy::result_large_err)]

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use bytes::Bytes;

use super::pull::{PlatformChoice, TransferError, blocking, lock_store_shared, select};
use super::upload::{BlobSource, ManifestPut, Plan, PushOptions, PushStats, Pushed, execute};
use crate::digest::Digest;
use crate::manifest::{self, Descriptor, Manifest};
use crate::platform::Platform;
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::registry::Client;
use crate::store::{Store, StoreError};
use crate::walk::{Document, Walk};

/// One stored image and the name to push it under.
#[derive(Debug, Clone)]
pub struct PushItem {
    pub source: Descriptor,
    pub target: Reference,
}

/// Pushes `items` (all in one target repository). `platform` picks from a stored index:
/// `None` pushes what is stored as it is (a whole index must then be complete).
pub async fn push(
    client: &Arc<Client>,
    store: Arc<Store>,
    items: Vec<PushItem>,
    platform: Option<PlatformChoice>,
    options: &PushOptions,
    reporter: Arc<dyn Reporter>,
) -> Result<(Vec<Pushed>, PushStats), TransferError> {
    // Shared: rmi/prune wait until the blobs have been read.
    let _lock = lock_store_shared(&store, &reporter).await?;
    let plan = {
        let store = store.clone();
        blocking(move || plan_from_store(&store, &items, platform.as_ref())).await??
    };
    execute(client, plan, options, reporter).await
}

fn platform_name(d: &Descriptor) -> String {
    d.platform.as_ref().map(Platform::to_string).unwrap_or_else(|| d.digest.to_string())
}

/// Accumulates manifests (children first, each once) and blobs (each once).
#[derive(Default)]
pub(super) struct Collected {
    pub manifests: Vec<ManifestPut>,
    pub blobs: Vec<Descriptor>,
    seen_manifests: HashSet<Digest>,
    seen_blobs: HashSet<Digest>,
}

impl Collected {
    pub fn blob(&mut self, d: &Descriptor) {
        if self.seen_blobs.insert(d.digest.clone()) {
            self.blobs.push(d.clone());
        }
    }

    /// A manifest put by digest (an index's child).
    pub fn child(&mut self, doc: &Document) {
        if self.seen_manifests.insert(doc.descriptor.digest.clone()) {
            self.manifests.push(ManifestPut {
                reference: doc.descriptor.digest.to_string(),
                media_type: put_media_type(doc),
                bytes: doc.bytes.clone(),
                digest: doc.descriptor.digest.clone(),
                target: None,
            });
        }
    }

    /// A complete walk's blobs and manifests below its root (children first); returns the
    /// root, for the caller to put as a child or under the target's name.
    pub fn walk(&mut self, walk: Walk) -> Result<Document, TransferError> {
        for b in &walk.blobs {
            self.blob(b);
        }
        let mut manifests = walk.manifests;
        let root = manifests.pop().ok_or_else(|| TransferError::Internal("the walk read no manifest".into()))?;
        for m in &manifests {
            self.child(m);
        }
        Ok(root)
    }

    /// The manifest the user named, put under `target`'s tag (or digest).
    pub fn top(&mut self, target: &Reference, doc: &Document) -> Result<(), TransferError> {
        self.top_bytes(target, &put_media_type(doc), doc.bytes.clone(), &doc.descriptor.digest)
    }

    /// Like [`Collected::top`], for a document ferry wrote itself.
    pub fn top_bytes(
        &mut self,
        target: &Reference,
        media_type: &str,
        bytes: Bytes,
        digest: &Digest,
    ) -> Result<(), TransferError> {
        if let Some(want) = target.digest()
            && want != digest
        {
            return Err(TransferError::Internal(format!(
                "{} names digest {want}, but the image to push is {digest}",
                target.familiar()
            )));
        }
        self.manifests.push(ManifestPut {
            reference: target.tag().map(str::to_string).unwrap_or_else(|| digest.to_string()),
            media_type: media_type.to_string(),
            bytes,
            digest: digest.clone(),
            target: Some(target.clone()),
        });
        Ok(())
    }
}

/// The Content-Type to put a manifest with: the document's own mediaType wins, as it is
/// what the registry will check.
fn put_media_type(doc: &Document) -> String {
    manifest::media_type_of(&doc.bytes, Some(&doc.descriptor.media_type))
}

/// The stored image `root` names, walked and complete: a missing index entry is
/// [`TransferError::Incomplete`] (push one platform, or pull them all), anything else
/// missing or refused an error of its own.
fn complete_in_store(store: &Store, root: &Descriptor, what: &str) -> Result<Walk, TransferError> {
    let walk = store.walk(root)?;
    if walk.refused.is_empty() && !walk.missing.is_empty() {
        return Err(TransferError::Incomplete {
            reference: what.to_string(),
            missing: walk.missing.iter().map(platform_name).collect(),
        });
    }
    if let Some(blob) = walk.missing_blobs.first() {
        return Err(StoreError::MissingBlob(blob.digest.clone()).into());
    }
    Ok(walk.complete(what)?)
}

fn plan_from_store(
    store: &Arc<Store>,
    items: &[PushItem],
    platform: Option<&PlatformChoice>,
) -> Result<Plan, TransferError> {
    let Some(first) = items.first() else {
        return Err(TransferError::Internal("nothing to push".into()));
    };
    let target = first.target.repository_ref();
    let mut out = Collected::default();
    for item in items {
        let what = item.target.familiar();
        let mut root = item.source.clone();
        if let Some(PlatformChoice::One(wanted)) = platform
            && let Some(Document { manifest: Manifest::Index(index), .. }) = store.walk(&item.source)?.root()
        {
            // Pick from a stored index: only the chosen entry needs to be complete.
            root = select(index, wanted, &what)?.clone();
        }
        let walk = complete_in_store(store, &root, &what)?;
        let root = out.walk(walk)?;
        out.top(&item.target, &root)?;
    }
    let mut blobs = Vec::new();
    for d in out.blobs {
        match store.blob_size(&d.digest) {
            Some(size) if size == d.size => blobs.push(d),
            Some(size) => {
                return Err(StoreError::Verify {
                    digest: d.digest.clone(),
                    message: format!("the stored blob is {size} bytes, its manifest says {}", d.size),
                }
                .into());
            }
            // Foreign layers (Windows base layers) are fetched from their URLs by whoever
            // pulls them; registries do not hold them.
            None if d.urls.as_ref().is_some_and(|u| !u.is_empty()) => {}
            None => return Err(StoreError::MissingBlob(d.digest.clone()).into()),
        }
    }
    let needed: HashSet<Digest> = blobs.iter().map(|d| d.digest.clone()).collect();
    let mount_from = mount_sources(store, &target, &needed)?;
    Ok(Plan { target, blobs, source: BlobSource::Store(store.clone()), mount_from, manifests: out.manifests })
}

/// For each needed blob, the other repositories of the target's registry whose stored
/// images use it: a pull from there (or a push there) put it in that repository.
fn mount_sources(
    store: &Store,
    target: &Reference,
    needed: &HashSet<Digest>,
) -> Result<HashMap<Digest, Vec<String>>, StoreError> {
    let mut sources: HashMap<Digest, Vec<String>> = HashMap::new();
    for entry in store.refs()? {
        let Ok(r) = Reference::parse(&entry.name) else {
            continue;
        };
        if r.registry() != target.registry() || r.repository() == target.repository() {
            continue;
        }
        for digest in store.walk(&entry.descriptor)?.digests() {
            if needed.contains(digest) {
                let repos = sources.entry(digest.clone()).or_default();
                if !repos.iter().any(|x| x == r.repository()) {
                    repos.push(r.repository().to_string());
                }
            }
        }
    }
    Ok(sources)
}
