//! Looking at remote images without pulling them: resolving a reference to its manifest
//! digest with `HEAD` (distribution spec "Checking if content exists"), and fetching the
//! small, digest-verified blobs (image configs) that describe an image.
//!
//! `HEAD` is what Docker Hub does not count against its pull rate limit, so it is preferred;
//! its `Docker-Content-Digest` header is taken only when it is there, is a digest, agrees with
//! a digest the reference already names, and comes with a manifest media type. Otherwise the
//! manifest is fetched and hashed, as `Docker-Content-Digest` is a hint, not a proof
//! (OCI image-spec `image-index.md`; containerd's platform matching). Never prints; never touches the local store.

use bytes::Bytes;

use super::client::Client;
use super::error::RegistryError;
use super::push::ManifestHeaders;
use crate::digest::Digest;
use crate::manifest;
use crate::reference::{Action, Reference};

/// What a registry says about a manifest, without its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestHead {
    pub digest: Digest,
    pub media_type: String,
    pub size: u64,
    /// Whether the digest was computed from the manifest's bytes (the registry gave no usable
    /// `Docker-Content-Digest`, so the manifest was fetched) rather than read from a header.
    pub fetched: bool,
}

/// Image configs are JSON documents of a few KiB; anything this big is not one.
pub const MAX_CONFIG_SIZE: u64 = 16 * 1024 * 1024;

impl Client {
    /// Resolves `reference` to its manifest's digest, media type and size with a `HEAD`,
    /// falling back to `GET` and hashing when the `HEAD` answer is not enough.
    pub async fn head_manifest(&self, reference: &Reference) -> Result<ManifestHead, RegistryError> {
        // From a mirror when one may serve it ([`super::mirrors`]).
        let what = reference.manifest_reference();
        let head = self
            .read_from_sources(reference, None, |source, retry| {
                let what = what.clone();
                async move { self.manifest_headers_at(&source, &what, Action::Pull, retry).await }
            })
            .await?;
        let agrees = |d: &Digest| reference.digest().is_none_or(|wanted| wanted == d);
        // A 404 (None) falls through to the GET too, which reports it with the registry's
        // own error body.
        if let Some(ManifestHeaders { digest: Some(digest), media_type: Some(media_type), size: Some(size) }) = head
            && agrees(&digest)
            && manifest::is_manifest_media_type(&media_type)
        {
            return Ok(ManifestHead { digest, media_type, size, fetched: false });
        }
        let fetched = self.get_manifest(reference).await?;
        Ok(ManifestHead {
            size: fetched.bytes.len() as u64,
            digest: fetched.digest,
            media_type: fetched.media_type,
            fetched: true,
        })
    }

    /// A small blob (an image config) of `reference`'s repository, read whole and checked
    /// against `digest` before it is returned.
    pub async fn get_small_blob(&self, reference: &Reference, digest: &Digest) -> Result<Bytes, RegistryError> {
        // get_blob retries the request; a config is small enough that a body broken off
        // half-way is simply reported.
        let blob = self.get_blob(reference, digest, 0).await?;
        let bytes = blob.response.read_capped(MAX_CONFIG_SIZE, "image config").await?;
        digest.verify(&bytes).map_err(|e| RegistryError::DigestMismatch {
            what: format!("blob from {}", blob.url),
            expected: e.expected,
            actual: e.actual.to_string(),
        })?;
        Ok(bytes)
    }
}
