//! Copying between registries without the local store: manifests are fetched and put back
//! byte for byte (so digests survive), blobs stream from the source's response straight
//! into the target's upload, and within one registry they are mounted instead. Picking a
//! subset of an index's platforms is the one case that writes a new document: an index
//! listing only those entries (its digest is then new, and is what gets printed).

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use serde::Serialize;

use super::pull::TransferError;
use super::push::Collected;
use super::upload::{BlobSource, Plan, PushOptions, PushStats, Pushed, execute};
use crate::digest::Digest;
use crate::manifest::{self, Descriptor, Manifest};
use crate::platform::Platform;
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::registry::{Client, FetchedManifest, RegistryError};

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
    let mut out = Collected::default();
    match (&parsed, platforms) {
        (Manifest::Image(m), _) => {
            out.image(m);
            out.top(dst, &top.media_type, top.bytes.clone(), &top.digest)?;
        }
        (Manifest::Index(_), CopyPlatforms::All) => {
            walk(client, src, &top, &parsed, &mut out, 0).await?;
            out.top(dst, &top.media_type, top.bytes.clone(), &top.digest)?;
        }
        (Manifest::Index(index), CopyPlatforms::Only(wanted)) => {
            let mut chosen: Vec<Descriptor> = Vec::new();
            for w in wanted {
                let i = index.select_platform(w).map_err(|available| TransferError::NoPlatform {
                    reference: src.familiar(),
                    wanted: w.to_string(),
                    available,
                })?;
                if !chosen.iter().any(|c| c.digest == index.manifests[i].digest) {
                    chosen.push(index.manifests[i].clone());
                }
            }
            let mut children = Vec::new();
            for c in &chosen {
                let fetched = client.get_manifest_by_digest(src, &c.digest).await?;
                let child = Manifest::parse(&fetched.bytes, Some(&c.media_type), c.digest.as_str())
                    .map_err(RegistryError::from)?;
                walk(client, src, &fetched, &child, &mut out, 1).await?;
                children.push(fetched);
            }
            if let [only] = &children[..] {
                out.top(dst, &only.media_type, only.bytes.clone(), &only.digest)?;
            } else {
                for c in &children {
                    out.child(&c.media_type, c.bytes.clone(), &c.digest);
                }
                let bytes = subset_index(&top.media_type, chosen);
                let digest = Digest::sha256_of(&bytes);
                out.top(dst, &top.media_type, bytes, &digest)?;
            }
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

/// Adds `doc`'s blobs and, for an index, its children fetched from `src` (children before
/// their parents, `doc` itself not included).
fn walk<'a>(
    client: &'a Arc<Client>,
    src: &'a Reference,
    doc: &'a FetchedManifest,
    parsed: &'a Manifest,
    out: &'a mut Collected,
    depth: usize,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), TransferError>> + Send + 'a>> {
    Box::pin(async move {
        match parsed {
            Manifest::Image(m) => out.image(m),
            Manifest::Index(index) => {
                if depth > 4 {
                    return Err(TransferError::Internal(format!("{}: indexes nested too deep", doc.digest)));
                }
                for child in &index.manifests {
                    let fetched = client.get_manifest_by_digest(src, &child.digest).await?;
                    let p = Manifest::parse(&fetched.bytes, Some(&child.media_type), child.digest.as_str())
                        .map_err(RegistryError::from)?;
                    walk(client, src, &fetched, &p, out, depth + 1).await?;
                    out.child(&fetched.media_type, fetched.bytes.clone(), &fetched.digest);
                }
            }
        }
        Ok(())
    })
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
