//! Reading from a registry: manifests (size-capped, digest-verified when the request named
//! a digest) and blob bodies (streamed, resumable with `Range`, or fetched in bounded ranges
//! [`Client::get_blob_range`]). Distribution spec "Pulling manifests" / "Pulling blobs";
//! RFC 9110 §14 for ranges.

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_RANGE, CONTENT_TYPE, RANGE};
use reqwest::{Method, StatusCode};

use super::client::{Client, Request};
use super::error::RegistryError;
use super::gate::Reply;
use crate::digest::Digest;
use crate::manifest::{self, MAX_MANIFEST_SIZE};
use crate::reference::{Action, Reference};

#[derive(Debug, Clone)]
pub struct FetchedManifest {
    /// Exactly as served: these bytes are what the digest covers.
    pub bytes: Bytes,
    pub media_type: String,
    pub digest: Digest,
}

/// A blob response ready to stream (with [`Reply::chunk`]). `start` is where its body
/// begins in the blob: the requested offset when the server honoured the range, else 0.
pub struct BlobBody {
    pub response: Reply,
    pub start: u64,
    /// Total blob size when the server said so.
    pub total: Option<u64>,
    pub url: String,
}

impl BlobBody {
    /// A 200 response: the body is the blob from byte 0.
    fn whole(response: Reply) -> BlobBody {
        let total = response.content_length();
        let url = response.url().to_string();
        BlobBody { response, start: 0, total, url }
    }
}

/// The answer to a bounded range request.
pub enum RangeReply {
    /// Exactly the range asked for.
    Range(BlobBody),
    /// The server ignores ranges: the whole blob, from byte 0.
    Whole(BlobBody),
}

/// Parses `Content-Range: bytes START-END/TOTAL` (TOTAL may be `*`).
pub(crate) fn parse_content_range(v: &str) -> Option<(u64, u64, Option<u64>)> {
    let rest = v.trim().strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let (start, end) = range.split_once('-')?;
    let total = if total.trim() == "*" { None } else { Some(total.trim().parse().ok()?) };
    Some((start.trim().parse().ok()?, end.trim().parse().ok()?, total))
}

impl Client {
    /// GETs the manifest `reference` names (its digest when it has one, else its tag).
    pub async fn get_manifest(&self, reference: &Reference) -> Result<FetchedManifest, RegistryError> {
        self.fetch_manifest(reference, &reference.manifest_reference(), reference.digest()).await
    }

    /// GETs a manifest by digest in `reference`'s repository (index children, configs).
    pub async fn get_manifest_by_digest(
        &self,
        reference: &Reference,
        digest: &Digest,
    ) -> Result<FetchedManifest, RegistryError> {
        self.fetch_manifest(reference, &digest.to_string(), Some(digest)).await
    }

    async fn fetch_manifest(
        &self,
        r: &Reference,
        what: &str,
        expected: Option<&Digest>,
    ) -> Result<FetchedManifest, RegistryError> {
        // From a mirror when one may serve it (a mismatch there falls back to the next source).
        self.read_from_sources(r, None, |source, retry| async move {
            if retry {
                self.retrying(|| self.fetch_manifest_once(&source, what, expected)).await
            } else {
                self.fetch_manifest_once(&source, what, expected).await
            }
        })
        .await
    }

    async fn fetch_manifest_once(
        &self,
        r: &Reference,
        what: &str,
        expected: Option<&Digest>,
    ) -> Result<FetchedManifest, RegistryError> {
        let path = format!("/v2/{}/manifests/{what}", r.repository());
        let req = Request::new(Method::GET, path, vec![r.repository_name().scope(Action::Pull)])
            .header(ACCEPT, manifest::ACCEPT);
        {
            let resp = self.send_no_retry(&r.registry_name(), &req).await?;
            let url = resp.url().to_string();
            let content_type = resp.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
            let bytes = resp.read_capped(MAX_MANIFEST_SIZE, "manifest").await?;
            // Named by digest: the bytes must be that content, whatever the algorithm, and
            // keep that name (an index's sha512 child is stored as the index names it).
            let actual = match expected {
                Some(expected) => {
                    expected.verify(&bytes).map_err(|e| RegistryError::DigestMismatch {
                        what: format!("manifest {what} from {url}"),
                        expected: e.expected,
                        actual: e.actual.to_string(),
                    })?;
                    expected.clone()
                }
                None => Digest::sha256_of(&bytes),
            };
            let media_type = manifest::media_type_of(&bytes, content_type.as_deref());
            Ok(FetchedManifest { bytes, media_type, digest: actual })
        }
    }

    /// Starts a blob download at `offset` (0 for the whole blob). A server that ignores the
    /// range, or answers with a range that does not start at `offset`, yields `start == 0`.
    /// From a mirror when one may serve it ([`super::mirrors`]).
    pub async fn get_blob(&self, r: &Reference, digest: &Digest, offset: u64) -> Result<BlobBody, RegistryError> {
        self.read_from_sources(r, Some(digest), |source, retry| async move {
            self.get_blob_from(&source, digest, offset, retry).await
        })
        .await
    }

    async fn get_blob_from(
        &self,
        r: &Reference,
        digest: &Digest,
        offset: u64,
        retry: bool,
    ) -> Result<BlobBody, RegistryError> {
        let path = format!("/v2/{}/blobs/{digest}", r.repository());
        let scopes = vec![r.repository_name().scope(Action::Pull)];
        let registry = r.registry_name();
        let send = |req: Request| async {
            if retry { self.send(&registry, req).await } else { self.send_no_retry(&registry, &req).await }
        };
        let whole = || send(Request::new(Method::GET, path.clone(), scopes.clone()));
        let mut req = Request::new(Method::GET, path.clone(), scopes.clone());
        if offset > 0 {
            req = req.header(RANGE, &format!("bytes={offset}-"));
        }
        let resp = match send(req).await {
            // The partial we hold is as long as (or longer than) the blob: start over.
            Err(RegistryError::Status { status: 416, .. }) if offset > 0 => whole().await?,
            other => other?,
        };
        if resp.status() == StatusCode::PARTIAL_CONTENT.as_u16() {
            let range = resp.header(CONTENT_RANGE.as_str()).and_then(parse_content_range);
            if let Some((start, _end, total)) = range
                && start == offset
            {
                let url = resp.url().to_string();
                return Ok(BlobBody { response: resp, start, total, url });
            }
            // A range we did not ask for: unusable, fetch it whole.
            drop(resp);
            return Ok(BlobBody::whole(whole().await?));
        }
        Ok(BlobBody::whole(resp))
    }

    /// Asks for the bytes `start..end` of a blob of `size` bytes with a bounded range
    /// (`Range: bytes=start-(end-1)`). [`RangeReply::Range`] only for a 206 whose
    /// `Content-Range` is exactly that range of a blob of that size; a server (or the
    /// storage it redirected to) that ignores ranges gives [`RangeReply::Whole`], the blob
    /// from byte 0. Redirects are followed by the gate, without credentials. From a mirror
    /// when one may serve it, as [`Client::get_blob`] reads.
    pub async fn get_blob_range(
        &self,
        r: &Reference,
        digest: &Digest,
        start: u64,
        end: u64,
        size: u64,
    ) -> Result<RangeReply, RegistryError> {
        self.read_from_sources(r, Some(digest), |source, retry| async move {
            self.get_blob_range_from(&source, digest, start, end, size, retry).await
        })
        .await
    }

    async fn get_blob_range_from(
        &self,
        r: &Reference,
        digest: &Digest,
        start: u64,
        end: u64,
        size: u64,
        retry: bool,
    ) -> Result<RangeReply, RegistryError> {
        let path = format!("/v2/{}/blobs/{digest}", r.repository());
        let req = Request::new(Method::GET, path, vec![r.repository_name().scope(Action::Pull)])
            .header(RANGE, &format!("bytes={start}-{}", end - 1));
        let registry = r.registry_name();
        let resp = if retry { self.send(&registry, req).await? } else { self.send_no_retry(&registry, &req).await? };
        if resp.status() != StatusCode::PARTIAL_CONTENT.as_u16() {
            return Ok(RangeReply::Whole(BlobBody::whole(resp)));
        }
        match resp.header(CONTENT_RANGE.as_str()).and_then(parse_content_range) {
            Some((s, e, total)) if s == start && e + 1 == end && total.is_none_or(|t| t == size) => {
                let url = resp.url().to_string();
                Ok(RangeReply::Range(BlobBody { response: resp, start, total: Some(size), url }))
            }
            // A range we did not ask for: unusable, fetch the blob whole from the same source
            // (one blob's bytes never mix sources).
            _ => {
                drop(resp);
                Ok(RangeReply::Whole(self.get_blob_from(r, digest, 0, retry).await?))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_forms() {
        assert_eq!(parse_content_range("bytes 100-199/200"), Some((100, 199, Some(200))));
        assert_eq!(parse_content_range("bytes 0-0/*"), Some((0, 0, None)));
        assert_eq!(parse_content_range("bytes */200"), None);
        assert_eq!(parse_content_range("items 1-2/3"), None);
        assert_eq!(parse_content_range("bytes x-2/3"), None);
    }
}
