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
use crate::reference::{Action, Reference};
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

/// What became of one tag in [`copy_tags`].
#[derive(Debug)]
pub enum TagOutcome {
    Copied(Digest),
    /// The destination already had this tag at the source's digest.
    Skipped(Digest),
    Failed(TransferError),
}

/// Copies each of `tags` from `src_repo` to the same tag in `dst_repo`, `tag_jobs` tags at a
/// time. A tag the destination already has at the source's digest is skipped, which makes
/// a rerun pick up where an interrupted one stopped; one tag's failure does not stop the
/// others. Outcomes come back in the order of `tags`.
// Every argument is a separate choice of the caller's.
#[allow(clippy::too_many_arguments)]
pub async fn copy_tags(
    client: &Arc<Client>,
    src_repo: &Reference,
    dst_repo: &Reference,
    tags: Vec<String>,
    platforms: &CopyPlatforms,
    options: &PushOptions,
    tag_jobs: usize,
    reporter: Arc<dyn Reporter>,
) -> Vec<(String, TagOutcome)> {
    let (client, src_repo, dst_repo) = (client.clone(), src_repo.clone(), dst_repo.clone());
    let (platforms, options) = (platforms.clone(), options.clone());
    let done = super::concurrently(tags, tag_jobs, move |tag| {
        let (client, reporter) = (client.clone(), reporter.clone());
        let (src_repo, dst_repo, platforms, options) =
            (src_repo.clone(), dst_repo.clone(), platforms.clone(), options.clone());
        async move {
            let outcome = copy_tag(&client, &src_repo, &dst_repo, &tag, &platforms, &options, reporter).await;
            Ok((tag, outcome))
        }
    })
    .await;
    done.expect("copy_tag reports failures in its outcome")
}

async fn copy_tag(
    client: &Arc<Client>,
    src_repo: &Reference,
    dst_repo: &Reference,
    tag: &str,
    platforms: &CopyPlatforms,
    options: &PushOptions,
    reporter: Arc<dyn Reporter>,
) -> TagOutcome {
    let run = async {
        let src = src_repo
            .with_tag(tag)
            .map_err(|e| RegistryError::Protocol { url: src_repo.to_string(), message: e.to_string() })?;
        let dst = dst_repo
            .with_tag(tag)
            .map_err(|e| RegistryError::Protocol { url: dst_repo.to_string(), message: e.to_string() })?;
        if matches!(platforms, CopyPlatforms::All) {
            // The same digest on both sides: nothing to do (a subset of platforms is a new
            // document, so only a whole copy can be recognised this way).
            let head = client.head_manifest(&src).await?;
            let there = client.manifest_headers(&dst, tag, Action::Pull).await?;
            if there.and_then(|h| h.digest).is_some_and(|d| d == head.digest) {
                return Ok(TagOutcome::Skipped(head.digest));
            }
            let (pushed, _) = copy(client, &src.with_digest(head.digest), &dst, platforms, options, reporter).await?;
            return Ok(TagOutcome::Copied(pushed.digest));
        }
        let (pushed, _) = copy(client, &src, &dst, platforms, options, reporter).await?;
        Ok::<_, TransferError>(TagOutcome::Copied(pushed.digest))
    };
    run.await.unwrap_or_else(TagOutcome::Failed)
}
