//! Stored images as commands name them: finding one by what a user typed (a reference, a
//! digest or a unique prefix of one, or docker's image ID) and describing it (sizes, platforms, creation time).

use anyhow::{Result, bail};
use serde::Serialize;

use crate::digest::Digest;
use crate::manifest::{self, Descriptor, ImageConfigSummary, ImageManifest, Manifest, NoMatchingPlatform};
use crate::platform::Platform;
use crate::reference::Reference;
use crate::store::{RefEntry, Store, StoreError};
use crate::transfer::INDEX_ANNOTATION;

/// One row of `images`: the facts about a stored reference. camelCase, like `inspect` and
/// the OCI documents themselves.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    pub reference: String,
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Digest,
    pub media_type: String,
    pub size: u64,
    pub created: Option<String>,
    pub platforms: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_digest: Option<String>,
    #[serde(skip)]
    pub familiar_repository: String,
    /// docker's image ID: the config's digest, or for a whole stored index its own digest.
    #[serde(skip)]
    pub id: Digest,
}

/// Sum of the sizes of what an entry's image consists of (its manifests as stored, the
/// configs and layers they list, each once: the store's walk), and the config summary /
/// platforms for display.
pub fn describe(store: &Store, entry: &RefEntry) -> Result<ImageInfo> {
    let reference = Reference::parse(&entry.name).ok();
    let d = &entry.descriptor;
    let walk = store.walk(d)?;
    if walk.root().is_none() {
        // The manifest itself is unreadable: say why rather than describe nothing.
        return Err(match walk.refused.into_iter().next() {
            Some((_, e)) => e.into(),
            None => StoreError::MissingBlob(d.digest.clone()).into(),
        });
    }
    let size = walk.manifests.iter().map(|m| m.descriptor.size).chain(walk.blobs.iter().map(|b| b.size)).sum();
    let mut created = None;
    let mut platforms = Vec::new();
    let id = walk.root().map_or_else(|| d.digest.clone(), |root| id_of(d, &root.manifest));
    for m in &walk.manifests {
        let Manifest::Image(m) = &m.manifest else {
            continue;
        };
        let summary: ImageConfigSummary =
            store.read_blob(&m.config.digest).ok().and_then(|c| serde_json::from_slice(&c).ok()).unwrap_or_default();
        if created.is_none() {
            created = summary.created.clone();
        }
        if let (Some(os), Some(arch)) = (summary.os, summary.architecture) {
            platforms.push(
                Platform { os, architecture: arch, variant: summary.variant, os_version: None, os_features: None }
                    .to_string(),
            );
        }
    }
    Ok(ImageInfo {
        reference: entry.name.clone(),
        repository: reference.as_ref().map(|r| r.full_name()).unwrap_or_else(|| entry.name.clone()),
        familiar_repository: reference
            .as_ref()
            .map(|r| {
                let f = r.repository_ref().familiar();
                f.strip_suffix(":latest").map(str::to_string).unwrap_or(f)
            })
            .unwrap_or_else(|| entry.name.clone()),
        tag: reference.as_ref().and_then(|r| r.tag().map(str::to_string)),
        digest: d.digest.clone(),
        media_type: d.media_type.clone(),
        size,
        created,
        platforms,
        index_digest: d.annotation(INDEX_ANNOTATION).map(str::to_string),
        id,
    })
}

/// docker's image ID of a stored image: its config's digest (what `docker load` names the
/// image by), or for a whole index the index's own digest (as docker's containerd store).
pub fn image_id(store: &Store, descriptor: &Descriptor) -> Result<Digest> {
    let bytes = store.read_blob(&descriptor.digest)?;
    Ok(id_of(descriptor, &Manifest::parse(&bytes, Some(&descriptor.media_type), descriptor.digest.as_str())?))
}

/// The image ID rule, for a stored entry and its parsed manifest.
fn id_of(descriptor: &Descriptor, manifest: &Manifest) -> Digest {
    match manifest {
        Manifest::Image(m) => m.config.digest.clone(),
        Manifest::Index(_) => descriptor.digest.clone(),
    }
}

/// The image manifest a stored entry stands for: itself, or from a whole stored index the
/// entry for `wanted` (the store's copy; a platform not stored is an error naming those
/// that are). Returns its descriptor and its parsed form.
pub fn image_manifest(store: &Store, entry: &RefEntry, wanted: &Platform) -> Result<(Descriptor, ImageManifest)> {
    let d = &entry.descriptor;
    match Manifest::parse(&store.read_blob(&d.digest)?, Some(&d.media_type), &entry.name)? {
        Manifest::Image(m) => Ok((d.clone(), m)),
        Manifest::Index(index) => {
            let familiar = Reference::parse(&entry.name).map(|r| r.familiar()).unwrap_or_else(|_| entry.name.clone());
            let i = index.select_platform(wanted).map_err(|available| NoMatchingPlatform {
                reference: familiar.clone(),
                wanted: wanted.to_string(),
                available,
            })?;
            let child = &index.manifests[i];
            match Manifest::parse(&store.read_blob(&child.digest)?, Some(&child.media_type), &familiar)? {
                Manifest::Image(m) => Ok((child.clone(), m)),
                Manifest::Index(_) => bail!("{familiar}: the {wanted} entry is itself an index"),
            }
        }
    }
}

/// Finds a stored image by reference, by digest, or by a unique digest-hex prefix.
pub fn lookup(store: &Store, what: &str) -> Result<RefEntry> {
    let refs = store.refs()?;
    if let Ok(r) = Reference::parse(what) {
        let name = r.to_string();
        if let Some(e) = refs.iter().find(|e| e.name == name) {
            return Ok(e.clone());
        }
    }
    let hex = what.strip_prefix("sha256:").unwrap_or(what);
    if hex.len() >= 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        let matches: Vec<&RefEntry> = refs.iter().filter(|e| e.descriptor.digest.hex().starts_with(hex)).collect();
        let distinct: std::collections::HashSet<&Digest> = matches.iter().map(|e| &e.descriptor.digest).collect();
        match distinct.len() {
            1 => return Ok(matches[0].clone()),
            0 => {}
            _ => bail!("{what} matches several images; give more of the digest"),
        }
        // docker's image IDs (`ferry images -q`): the config digest, or a prefix of it.
        let mut by_id = Vec::new();
        for e in &refs {
            if image_id(store, &e.descriptor).is_ok_and(|id| id.hex().starts_with(hex)) {
                by_id.push(e);
            }
        }
        let distinct: std::collections::HashSet<&Digest> = by_id.iter().map(|e| &e.descriptor.digest).collect();
        match distinct.len() {
            1 => return Ok(by_id[0].clone()),
            0 => {}
            _ => bail!("{what} matches several images; give more of the digest"),
        }
    }
    Err(StoreError::NotFound { name: what.to_string() }.into())
}

/// The stored image `what` names: a reference or digest (prefix) of a stored reference, or
/// `REPO@DIGEST` of any manifest the store holds (an index entry, say).
pub fn find_local(store: &Store, what: &str) -> Result<Descriptor> {
    match lookup(store, what) {
        Ok(entry) => Ok(entry.descriptor),
        Err(e) => {
            if let Ok(r) = Reference::parse(what)
                && let Some(d) = r.digest()
                && store.has_blob(d)
            {
                let bytes = store.read_blob(d)?;
                // A manifest or index is what parses as one, whatever its media type says.
                if Manifest::parse(&bytes, None, what).is_ok() {
                    let media_type = manifest::media_type_of(&bytes, None);
                    return Ok(Descriptor::new(&media_type, d.clone(), bytes.len() as u64));
                }
            }
            Err(e)
        }
    }
}

/// A stored image and the name to give it in an archive.
pub fn find_named(store: &Store, what: &str) -> Result<(Reference, Descriptor)> {
    if let Ok(entry) = lookup(store, what)
        && let Ok(name) = Reference::parse(&entry.name)
    {
        return Ok((name, entry.descriptor));
    }
    let descriptor = find_local(store, what)?;
    Ok((Reference::parse(what)?, descriptor))
}
