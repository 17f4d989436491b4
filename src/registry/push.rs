//! Writing to a registry: blob existence checks, upload sessions (cross-repository mount,
//! monolithic `PUT`, chunked `PATCH` with `Content-Range`, session status for resuming),
//! manifest `HEAD` / `PUT` / `DELETE`. Distribution spec "Pushing blobs", "Pushing
//! manifests" and "Deleting manifests". (Tag lists are [`super::list`]'s.)
//!
//! Never touches files: upload bodies arrive as [`StreamingBody`] factories and their
//! owner (transfer) decides what a failed body means. Body-carrying requests are sent
//! exactly once here — resending part of an upload blindly could store wrong bytes — while
//! body-less requests go through the client's retry loop.

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, LOCATION};

use super::client::{Client, Request, StreamingBody};
use super::error::RegistryError;
use super::gate::Reply;
use crate::digest::Digest;
use crate::manifest;
use crate::reference::{Action, Reference};

/// The scopes of a request writing to `r`'s repository.
fn push_scopes(r: &Reference) -> Vec<String> {
    vec![r.repository_name().scope(Action::Push)]
}

const DOCKER_CONTENT_DIGEST: &str = "docker-content-digest";
const OCI_CHUNK_MIN_LENGTH: &str = "oci-chunk-min-length";

/// An open upload session on the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadSession {
    /// Absolute URL of the session: the latest `Location` the registry sent. Distribution
    /// encodes the offset in its `_state` parameter and refuses a stale one, so every
    /// request must use the newest.
    pub location: String,
    /// Bytes the registry holds for this upload.
    pub offset: u64,
    /// `OCI-Chunk-Min-Length`, when the registry sets one.
    pub min_chunk: Option<u64>,
}

/// What `POST /blobs/uploads/` gave.
#[derive(Debug)]
pub enum UploadStart {
    /// The mount succeeded (201): the blob is in the target repository already.
    Mounted,
    /// An upload session (202), also what a mount of a blob the source lacks answers.
    Session(UploadSession),
}

/// What `HEAD /manifests/REF` told, unverified: `Docker-Content-Digest` is a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestHeaders {
    pub digest: Option<Digest>,
    pub media_type: Option<String>,
    pub size: Option<u64>,
}

/// Resolves an upload `Location` (absolute, or relative to the request, as distribution
/// and others variously send it). A registry behind a TLS-terminating proxy may name its
/// own host with `http://`: same host, so keep the scheme we used. A session on another
/// host would receive this registry's credentials, so it is refused.
fn resolve_location(request_url: &url::Url, location: &str) -> Result<String, RegistryError> {
    let bad = |message: String| RegistryError::Protocol { url: request_url.to_string(), message };
    let mut resolved =
        request_url.join(location).map_err(|e| bad(format!("unusable upload Location {location:?}: {e}")))?;
    if resolved.scheme() != request_url.scheme() && resolved.host_str() == request_url.host_str() {
        let _ = resolved.set_scheme(request_url.scheme());
    }
    if resolved.host_str() != request_url.host_str()
        || resolved.port_or_known_default() != request_url.port_or_known_default()
    {
        return Err(bad(format!(
            "the registry moved the upload to another host ({}); ferry does not send credentials there",
            resolved.host_str().unwrap_or("?")
        )));
    }
    Ok(resolved.to_string())
}

/// The session offset a `Range: 0-END` upload header reports (END inclusive; distribution
/// also prefixes nothing, others `bytes=`). Distribution says `0-0` both for an empty
/// session and for one holding a single byte; `known` (what the client believes the
/// registry holds) settles that case.
pub(crate) fn offset_from_range(range: Option<&str>, known: u64) -> Option<u64> {
    let range = range?.trim();
    let range = range.strip_prefix("bytes=").unwrap_or(range);
    let (start, end) = range.split_once('-')?;
    if start.trim() != "0" {
        return None;
    }
    let end: u64 = end.trim().parse().ok()?;
    Some(if end == 0 && known == 1 {
        1
    } else if end == 0 {
        0
    } else {
        end + 1
    })
}

fn session_from(resp: &Reply, fallback_location: &str, known: u64) -> Result<UploadSession, RegistryError> {
    let location = match resp.header(LOCATION.as_str()) {
        Some(loc) => resolve_location(resp.url(), loc)?,
        None => fallback_location.to_string(),
    };
    let offset = offset_from_range(resp.header("range"), known).unwrap_or(known);
    let min_chunk = resp.header(OCI_CHUNK_MIN_LENGTH).and_then(|v| v.trim().parse().ok());
    Ok(UploadSession { location, offset, min_chunk })
}

/// Upload session URLs carry long opaque state (distribution's `_state`, a digest): errors
/// name the session by its path, which is what a person can use.
fn without_query(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_string()
}

fn session_error(e: RegistryError) -> RegistryError {
    match e {
        RegistryError::Status { method, url, status, errors, retry_after } => {
            RegistryError::Status { method, url: without_query(&url), status, errors, retry_after }
        }
        RegistryError::Transport { method, url, source } => {
            RegistryError::Transport { method, url: without_query(&url), source: source.without_url() }
        }
        RegistryError::Denied { registry, username, method, url, detail } => {
            RegistryError::Denied { registry, username, method, url: without_query(&url), detail }
        }
        RegistryError::AuthRequired { registry, method, url, detail } => {
            RegistryError::AuthRequired { registry, method, url: without_query(&url), detail }
        }
        RegistryError::CredentialsRejected { registry, username, method, url, detail } => {
            RegistryError::CredentialsRejected { registry, username, method, url: without_query(&url), detail }
        }
        other => other,
    }
}

fn with_digest(location: &str, digest: &Digest) -> String {
    match url::Url::parse(location) {
        Ok(mut u) => {
            u.query_pairs_mut().append_pair("digest", digest.as_str());
            u.to_string()
        }
        Err(_) => {
            let sep = if location.contains('?') { '&' } else { '?' };
            format!("{location}{sep}digest={digest}")
        }
    }
}

impl Client {
    /// `HEAD /v2/NAME/blobs/DIGEST` in the target repository.
    pub async fn blob_exists(&self, r: &Reference, digest: &Digest) -> Result<bool, RegistryError> {
        let req = Request::new(Method::HEAD, format!("/v2/{}/blobs/{digest}", r.repository()), push_scopes(r));
        match self.send(&r.registry_name(), req).await {
            Ok(_) => Ok(true),
            Err(RegistryError::Status { status: 404, .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Opens an upload session in `r`'s repository; with `mount`, first asks the registry
    /// to link the blob from another repository of the same registry instead.
    pub async fn start_upload(
        &self,
        r: &Reference,
        mount: Option<(&Digest, &str)>,
    ) -> Result<UploadStart, RegistryError> {
        let mut path = format!("/v2/{}/blobs/uploads/", r.repository());
        let mut scopes = push_scopes(r);
        if let Some((digest, from)) = mount {
            path = format!(
                "{path}?{}",
                url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("mount", digest.as_str())
                    .append_pair("from", from)
                    .finish()
            );
            scopes.push(r.registry_name().repository(from).scope(Action::Pull));
        }
        let mut req = Request::new(Method::POST, path, scopes);
        req.body = Some(Bytes::new());
        let resp = self.send(&r.registry_name(), req).await?;
        if resp.status() == 201 {
            return Ok(UploadStart::Mounted);
        }
        if resp.header(LOCATION.as_str()).is_none() {
            return Err(RegistryError::Protocol {
                url: resp.url().to_string(),
                message: format!("HTTP {} without a Location for the upload session", resp.status()),
            });
        }
        Ok(UploadStart::Session(session_from(&resp, "", 0)?))
    }

    /// `GET` on the session: how many bytes the registry holds, and the session's newest
    /// `Location`. `known` is what the client believes it holds (see [`offset_from_range`]).
    pub async fn upload_status(&self, r: &Reference, session: &UploadSession) -> Result<UploadSession, RegistryError> {
        let req = Request::new(Method::GET, session.location.clone(), push_scopes(r));
        let resp = self.send(&r.registry_name(), req).await.map_err(session_error)?;
        let mut status = session_from(&resp, &session.location, session.offset)?;
        if resp.header("range").is_none() {
            // No Range: the registry keeps nothing we can build on.
            status.offset = 0;
        }
        status.min_chunk = status.min_chunk.or(session.min_chunk);
        Ok(status)
    }

    /// `PATCH` one chunk (`length` bytes at the session's offset). Sent once: the caller
    /// asks [`Client::upload_status`] what arrived when it fails.
    pub async fn upload_chunk(
        &self,
        r: &Reference,
        session: &UploadSession,
        body: StreamingBody,
        length: u64,
    ) -> Result<UploadSession, RegistryError> {
        let start = session.offset;
        let end = start + length.max(1) - 1;
        let req = Request::new(Method::PATCH, session.location.clone(), push_scopes(r))
            .header(CONTENT_TYPE, "application/octet-stream")
            .header(HeaderName::from_static("content-range"), &format!("{start}-{end}"))
            .streaming(body, length);
        let resp = self.send_no_retry(&r.registry_name(), &req).await.map_err(session_error)?;
        let mut next = session_from(&resp, &session.location, start + length)?;
        next.min_chunk = next.min_chunk.or(session.min_chunk);
        Ok(next)
    }

    /// Closes the session with `PUT ?digest=`, carrying `body` (a monolithic upload, or the
    /// rest of the blob) or nothing (after chunks). Sent once, like chunks. The registry
    /// checks the digest; a `Docker-Content-Digest` that disagrees is an error too.
    pub async fn finish_upload(
        &self,
        r: &Reference,
        session: &UploadSession,
        digest: &Digest,
        body: Option<(StreamingBody, u64)>,
    ) -> Result<(), RegistryError> {
        let mut req = Request::new(Method::PUT, with_digest(&session.location, digest), push_scopes(r))
            .header(CONTENT_TYPE, "application/octet-stream");
        match body {
            Some((b, length)) => req = req.streaming(b, length),
            None => {
                req.body = Some(Bytes::new());
                req = req.header(CONTENT_LENGTH, "0");
            }
        }
        let resp = self.send_no_retry(&r.registry_name(), &req).await.map_err(session_error)?;
        if let Some(d) = resp.header(DOCKER_CONTENT_DIGEST)
            && d != digest.as_str()
        {
            return Err(RegistryError::DigestMismatch {
                what: format!("blob uploaded to {}", without_query(resp.url().as_str())),
                expected: digest.clone(),
                actual: d.to_string(),
            });
        }
        Ok(())
    }

    /// Abandons a session (best effort: registries purge stale sessions anyway).
    pub async fn cancel_upload(&self, r: &Reference, session: &UploadSession) {
        let req = Request::new(Method::DELETE, session.location.clone(), push_scopes(r));
        let _ = self.send_no_retry(&r.registry_name(), &req).await;
    }

    /// `HEAD /v2/NAME/manifests/REF` (a tag or digest); `None` when there is none. With the
    /// full `Accept` list: distribution would otherwise convert a schema 2 manifest to
    /// schema 1 and report that digest.
    pub async fn manifest_headers(
        &self,
        r: &Reference,
        reference: &str,
        action: Action,
    ) -> Result<Option<ManifestHeaders>, RegistryError> {
        // At the registry itself, never a mirror: `delete` and `push` ask what a tag is
        // there. Reads that may use a mirror go through [`Client::head_manifest`].
        self.manifest_headers_at(r, reference, action, true).await
    }

    /// [`Client::manifest_headers`] with (`retry`) or without retries (a mirror's answer).
    pub(super) async fn manifest_headers_at(
        &self,
        r: &Reference,
        reference: &str,
        action: Action,
        retry: bool,
    ) -> Result<Option<ManifestHeaders>, RegistryError> {
        let scopes = vec![r.repository_name().scope(action)];
        let req = Request::new(Method::HEAD, format!("/v2/{}/manifests/{reference}", r.repository()), scopes)
            .header(ACCEPT, manifest::ACCEPT);
        let sent = if retry {
            self.send(&r.registry_name(), req).await
        } else {
            self.send_no_retry(&r.registry_name(), &req).await
        };
        match sent {
            Ok(resp) => Ok(Some(ManifestHeaders {
                digest: resp.header(DOCKER_CONTENT_DIGEST).and_then(|d| Digest::parse(d.trim()).ok()),
                media_type: resp
                    .header(CONTENT_TYPE.as_str())
                    .map(|m| m.split(';').next().unwrap_or(m).trim().to_string()),
                // A HEAD body is empty by definition, so the length is the header's.
                size: resp.header(CONTENT_LENGTH.as_str()).and_then(|l| l.trim().parse().ok()),
            })),
            // From a mirror (no retries), a 404 is its error, so the next source is asked.
            Err(RegistryError::Status { status: 404, .. }) if retry => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `PUT /v2/NAME/manifests/REF` with the exact bytes and `media_type` as `Content-Type`.
    /// Returns the digest; a registry that reports another one changed the bytes, which
    /// ferry treats as a failure (the name would not mean what was pushed).
    pub async fn put_manifest(
        &self,
        r: &Reference,
        reference: &str,
        media_type: &str,
        bytes: Bytes,
    ) -> Result<Digest, RegistryError> {
        let digest = Digest::sha256_of(&bytes);
        let mut req =
            Request::new(Method::PUT, format!("/v2/{}/manifests/{reference}", r.repository()), push_scopes(r))
                .header(CONTENT_TYPE, media_type);
        req.body = Some(bytes);
        let resp = self.send(&r.registry_name(), req).await?;
        if let Some(d) = resp.header(DOCKER_CONTENT_DIGEST)
            && d != digest.as_str()
        {
            return Err(RegistryError::DigestMismatch {
                what: format!("manifest stored at {}", resp.url()),
                expected: digest,
                actual: d.to_string(),
            });
        }
        Ok(digest)
    }

    /// `DELETE /v2/NAME/manifests/DIGEST` (distribution deletes by digest only; every tag
    /// pointing at it goes too).
    pub async fn delete_manifest(&self, r: &Reference, digest: &Digest) -> Result<(), RegistryError> {
        let req = Request::new(
            Method::DELETE,
            format!("/v2/{}/manifests/{digest}", r.repository()),
            vec![r.repository_name().scope(Action::Delete)],
        );
        self.send(&r.registry_name(), req).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_ranges_are_inclusive_and_zero_is_ambiguous() {
        for (range, known, want) in [
            (Some("0-1048575"), 0, Some(1_048_576)),
            (Some("bytes=0-99"), 0, Some(100)),
            (Some("0-0"), 0, Some(0)),
            (Some("0-0"), 1, Some(1)),
            (Some("0-0"), 5, Some(0)),
            (Some("5-9"), 0, None),
            (Some("0--1"), 0, None),
            (None, 7, None),
        ] {
            assert_eq!(offset_from_range(range, known), want, "{range:?} {known}");
        }
    }

    #[test]
    fn locations_resolve_against_the_request() {
        let req = url::Url::parse("https://r.example:5000/v2/app/blobs/uploads/").unwrap();
        assert_eq!(
            resolve_location(&req, "/v2/app/blobs/uploads/u1?_state=x").unwrap(),
            "https://r.example:5000/v2/app/blobs/uploads/u1?_state=x"
        );
        assert_eq!(
            resolve_location(&req, "https://r.example:5000/v2/app/blobs/uploads/u2").unwrap(),
            "https://r.example:5000/v2/app/blobs/uploads/u2"
        );
        assert_eq!(
            resolve_location(&req, "u3?_state=y").unwrap(),
            "https://r.example:5000/v2/app/blobs/uploads/u3?_state=y"
        );
        let plain = url::Url::parse("https://r.example/v2/app/blobs/uploads/").unwrap();
        assert_eq!(
            resolve_location(&plain, "http://r.example/v2/app/blobs/uploads/u4").unwrap(),
            "https://r.example/v2/app/blobs/uploads/u4",
            "a TLS-terminating proxy's http:// Location keeps our scheme"
        );
        assert!(resolve_location(&req, "https://elsewhere.example/upload").is_err());
    }

    #[test]
    fn digest_is_appended_to_the_session_query() {
        let d = Digest::sha256_of(b"x");
        let u = with_digest("http://h/v2/a/blobs/uploads/u?_state=abc", &d);
        assert!(u.starts_with("http://h/v2/a/blobs/uploads/u?_state=abc&digest=sha256%3A"), "{u}");
    }
}
