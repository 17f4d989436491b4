//! Copying between registries without the local store: the source image is walked (the one
//! walker, [`crate::walk`]), its manifests fetched by digest and put back byte for byte (so
//! digests survive), blobs stream from the source's response straight
//! into the target's upload, and within one registry they are mounted instead. Picking a
//! subset of an index's platforms is the one case that writes a new document: an index
//! listing only those entries (its digest is then new, and is what gets printed).

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use serde::Serialize;

use super::pull::{TransferError, select};
use super::push::Collected;
use super::upload::{BlobSource, Plan, PushOptions, PushStats, Pushed, execute};
use crate::digest::Digest;
use crate::manifest::{self, Descriptor, Manifest};
use crate::platform::Platform;
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::registry::{Client, RegistryError};

/// Which part of a multi-platform source to copy.
#[derive(Debug, Clone)]
pub enum CopyPlatforms {
    /// The whole index, unchanged.
    All,
    /// These platforms: one gives that platform's manifest, several a new index.
    Only(Vec<Platform>),
}

/// Copies `src` to `dst`.
pub async fn copy(
    client: &Arc<Client>,
    src: &Reference,
    dst: &Reference,
    platforms: &CopyPlatforms,
    options: &PushOptions,
    reporter: Arc<dyn Reporter>,
) -> Result<(Pushed, PushStats), TransferError> {
    let top = client.get_manifest(src).await?;
    let parsed = Manifest::parse(&top.bytes, Some(&top.media_type), &src.to_string()).map_err(RegistryError::from)?;
    let top_descriptor = Descriptor::new(&top.media_type, top.digest.clone(), top.bytes.len() as u64);
    let what = src.familiar();
    let mut out = Collected::default();
    match (&parsed, platforms) {
        (Manifest::Index(index), CopyPlatforms::Only(wanted)) => {
            let mut chosen: Vec<Descriptor> = Vec::new();
            for w in wanted {
                let c = select(index, w, &what)?;
                if !chosen.iter().any(|x| x.digest == c.digest) {
                    chosen.push(c.clone());
                }
            }
            let mut roots = Vec::new();
            for c in &chosen {
                let walk = super::walk_registry(client, src, c, &top).await?.complete(&what)?;
                roots.push(out.walk(walk)?);
            }
            if let [only] = &roots[..] {
                out.top(dst, only)?;
            } else {
                for r in &roots {
                    out.child(r);
                }
                let bytes = subset_index(&top.media_type, chosen);
                let digest = Digest::sha256_of(&bytes);
                out.top_bytes(dst, &top.media_type, bytes, &digest)?;
            }
        }
        _ => {
            let walk = super::walk_registry(client, src, &top_descriptor, &top).await?.complete(&what)?;
            let root = out.walk(walk)?;
            out.top(dst, &root)?;
        }
    }
    let mut mount_from = HashMap::new();
    if src.registry() == dst.registry() && src.repository() != dst.repository() {
        for b in &out.blobs {
            mount_from.insert(b.digest.clone(), vec![src.repository().to_string()]);
        }
    }
    let blobs = out.blobs.into_iter().filter(|d| d.urls.as_ref().is_none_or(|u| u.is_empty())).collect();
    let plan = Plan {
        target: dst.repository_ref(),
        blobs,
        source: BlobSource::Registry(src.clone()),
        mount_from,
        manifests: out.manifests,
    };
    let (mut pushed, stats) = execute(client, plan, options, reporter).await?;
    Ok((pushed.pop().expect("one top manifest"), stats))
}

/// A new index of the same kind listing only `entries`.
fn subset_index(media_type: &str, entries: Vec<Descriptor>) -> Bytes {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Index<'a> {
        schema_version: u32,
        media_type: &'a str,
        manifests: Vec<Descriptor>,
    }
    let media_type = if manifest::is_index_media_type(media_type) { media_type } else { manifest::OCI_INDEX };
    Bytes::from(serde_json::to_vec(&Index { schema_version: 2, media_type, manifests: entries }).expect("serialises"))
}
