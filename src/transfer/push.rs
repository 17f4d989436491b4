//! Pushing from the local store: turns stored references into an upload [`Plan`] (the
//! manifests exactly as stored, so digests survive byte for byte; the blobs they need; the
//! other repositories of the same registry the store has seen those blobs in, to mount
//! from) and runs it. Everything is checked locally — every manifest and blob present, with
//! the sizes the manifests declare — before the first request that writes.

// Planning returns the transfer layer's one error type; its size is paid once, on failure.
#![allow(clippy::result_large_err)]

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use bytes::Bytes;

use super::pull::{PlatformChoice, TransferError, blocking, lock_store_shared};
use super::upload::{BlobSource, ManifestPut, Plan, PushOptions, PushStats, Pushed, execute};
use crate::digest::Digest;
use crate::manifest::{self, Descriptor, Manifest};
use crate::platform::Platform;
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::registry::{Client, RegistryError};
use crate::store::{Store, StoreError};

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

/// A stored manifest, read and verified.
struct Doc {
    bytes: Bytes,
    media_type: String,
    digest: Digest,
    parsed: Manifest,
}

fn read_doc(store: &Store, d: &Descriptor) -> Result<Doc, TransferError> {
    let bytes = store.read_blob(&d.digest)?;
    // The document's own mediaType wins: it is what the registry will check.
    let media_type = manifest::media_type_of(&bytes, Some(&d.media_type));
    let parsed = Manifest::parse(&bytes, Some(&media_type), d.digest.as_str()).map_err(RegistryError::from)?;
    Ok(Doc { bytes: Bytes::from(bytes), media_type, digest: d.digest.clone(), parsed })
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

    pub fn image(&mut self, m: &manifest::ImageManifest) {
        self.blob(&m.config);
        for l in &m.layers {
            self.blob(l);
        }
    }

    /// A manifest put by digest (an index's child).
    pub fn child(&mut self, media_type: &str, bytes: Bytes, digest: &Digest) {
        if self.seen_manifests.insert(digest.clone()) {
            self.manifests.push(ManifestPut {
                reference: digest.to_string(),
                media_type: media_type.to_string(),
                bytes,
                digest: digest.clone(),
                target: None,
            });
        }
    }

    /// The manifest the user named, put under `target`'s tag (or digest).
    pub fn top(
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

/// Adds `doc`'s blobs and, for an index, its children (each before the index) found in the
/// store; children not stored are listed in `missing`.
fn walk(
    store: &Store,
    doc: &Doc,
    out: &mut Collected,
    missing: &mut Vec<String>,
    depth: usize,
) -> Result<(), TransferError> {
    match &doc.parsed {
        Manifest::Image(m) => out.image(m),
        Manifest::Index(index) => {
            if depth > 4 {
                return Err(TransferError::Internal(format!("{}: indexes nested too deep", doc.digest)));
            }
            for child in &index.manifests {
                if !store.has_blob(&child.digest) {
                    missing.push(platform_name(child));
                    continue;
                }
                let c = read_doc(store, child)?;
                walk(store, &c, out, missing, depth + 1)?;
                out.child(&c.media_type, c.bytes.clone(), &c.digest);
            }
        }
    }
    Ok(())
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
        let mut top = read_doc(store, &item.source)?;
        if let (Manifest::Index(index), Some(PlatformChoice::One(wanted))) = (&top.parsed, platform) {
            let i = index.select_platform(wanted).map_err(|available| TransferError::NoPlatform {
                reference: what.clone(),
                wanted: wanted.to_string(),
                available,
            })?;
            let child = &index.manifests[i];
            if !store.has_blob(&child.digest) {
                return Err(TransferError::Incomplete { reference: what, missing: vec![platform_name(child)] });
            }
            top = read_doc(store, child)?;
        }
        let mut missing = Vec::new();
        walk(store, &top, &mut out, &mut missing, 0)?;
        if !missing.is_empty() {
            return Err(TransferError::Incomplete { reference: what, missing });
        }
        out.top(&item.target, &top.media_type, top.bytes.clone(), &top.digest)?;
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
        let mut stack = vec![entry.descriptor];
        let mut seen = HashSet::new();
        while let Some(d) = stack.pop() {
            if !seen.insert(d.digest.clone()) {
                continue;
            }
            if needed.contains(&d.digest) {
                let repos = sources.entry(d.digest.clone()).or_default();
                if !repos.iter().any(|x| x == r.repository()) {
                    repos.push(r.repository().to_string());
                }
            }
            stack.extend(store.children(&d)?);
        }
    }
    Ok(sources)
}
