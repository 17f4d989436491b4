//! Registry errors: typed, matchable, naming the request that failed.
//!
//! Decodes the OCI distribution error envelope (`{"errors":[{"code","message","detail"}]}`,
//! distribution-spec "Error Codes") and classifies failures as retryable or not. Display
//! forms look like `GET https://host/v2/app/manifests/1.0: MANIFEST_UNKNOWN: manifest unknown`.
//! URLs carried here never contain userinfo or secrets.

use std::time::Duration;

use serde::Deserialize;

use crate::digest::Digest;
use crate::manifest::ManifestError;

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct OciError {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    errors: Vec<OciError>,
}

/// Extracts the OCI error list from a response body; empty when the body is not one.
pub fn decode_envelope(body: &[u8]) -> Vec<OciError> {
    serde_json::from_slice::<Envelope>(body).map(|e| e.errors).unwrap_or_default()
}

/// What kind of failure, for exit codes, hints and retry decisions: the HTTP status and the
/// OCI error code (distribution spec "Error Codes") folded into what a user acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// HTTP 404 (`MANIFEST_UNKNOWN`, `BLOB_UNKNOWN`, `NAME_UNKNOWN`...).
    NotFound,
    /// No or bad credentials (HTTP 401).
    Unauthorized,
    /// Authenticated but not allowed (HTTP 403, `DENIED`, insufficient scope after widening).
    Denied,
    /// HTTP 429 or `TOOMANYREQUESTS`: the registry's rate limit (Docker Hub's pull limit).
    RateLimited,
    /// The registry does not offer the operation (HTTP 405 / 501, `UNSUPPORTED`).
    Unsupported,
    /// A response larger than ferry accepts for what it is.
    TooLarge,
    /// A body that arrived too slowly.
    Slow,
    Other,
}

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("{method} {url}: {}", describe(*status, errors))]
    Status { method: String, url: String, status: u16, errors: Vec<OciError>, retry_after: Option<Duration> },

    #[error("{method} {url}: {}", transport_message(source))]
    Transport {
        method: String,
        url: String,
        #[source]
        source: reqwest::Error,
    },

    /// The first request to a registry could not connect at all: nothing listens there, or
    /// its name does not resolve. Retried once, not for a minute of backoff; a registry
    /// that answered before and drops out later (a restart) is a `Transport` error and gets
    /// every retry.
    #[error("{method} {url}: {}", transport_message(source))]
    NoContact {
        method: String,
        url: String,
        #[source]
        source: reqwest::Error,
    },

    /// The registry wants credentials and none were given.
    #[error("{method} {url}: authentication required by {registry}{}", paren(detail))]
    AuthRequired { registry: String, method: String, url: String, detail: String },

    /// Credentials were given and the registry (or its token service) refused them.
    #[error("{method} {url}: {registry} rejected the credentials for {username:?}{}", paren(detail))]
    CredentialsRejected { registry: String, username: String, method: String, url: String, detail: String },

    /// Authenticated, but not allowed to do this (403, or 401 `insufficient_scope` after
    /// asking for the wider scope).
    #[error("{method} {url}: access denied{}{}", username.as_ref().map(|u| format!(" for {u:?}")).unwrap_or_default(), paren(detail))]
    Denied { registry: String, username: Option<String>, method: String, url: String, detail: String },

    #[error("token request to {realm} failed: {message}")]
    Token { realm: String, status: Option<u16>, message: String },

    #[error(
        "refusing the token service at {realm}: registry {registry} is HTTPS and credentials must not travel over plain HTTP"
    )]
    InsecureRealm { registry: String, realm: String },

    #[error(
        "refusing to send credentials to the token service at {realm}: it is plain HTTP on another host than registry {registry} (a plain-HTTP token service is trusted only on the registry's own host or on loopback)"
    )]
    PlainRealm { registry: String, realm: String },

    /// A body read into memory (manifest, listing page, token response...) is larger than
    /// the cap for `what` it is.
    #[error("{url}: the {what} is larger than the {limit}-byte limit")]
    TooLarge { url: String, what: &'static str, limit: u64 },

    /// A body arrived too slowly: a small one not whole by its deadline, a streamed one
    /// below the minimum rate.
    #[error("{url}: {message}")]
    Slow { url: String, message: String },

    #[error("{what}: content does not match its digest: expected {expected}, got {actual}")]
    DigestMismatch { what: String, expected: Digest, actual: String },

    #[error("{url}: {message}")]
    Protocol { url: String, message: String },

    #[error(transparent)]
    Manifest(#[from] ManifestError),

    /// The registries configuration forbids reading this image (`blocked = true`).
    #[error(transparent)]
    Blocked(#[from] crate::mirrors::Blocked),
}

fn paren(detail: &str) -> String {
    if detail.is_empty() { String::new() } else { format!(" ({detail})") }
}

fn describe(status: u16, errors: &[OciError]) -> String {
    if errors.is_empty() {
        let reason = reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
        format!("HTTP {status} {reason}").trim_end().to_string()
    } else {
        errors
            .iter()
            .map(|e| if e.message.is_empty() { e.code.clone() } else { format!("{}: {}", e.code, e.message) })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// TLS failures (untrusted certificate, wrong host name, a plain-HTTP server) surface as
/// `io::ErrorKind::InvalidData` inside the connect error; they will not heal on retry.
pub fn is_tls_failure(e: &reqwest::Error) -> bool {
    causes(e)
        .iter()
        .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::InvalidData))
}

/// Why a connection could not be made at all, when the cause is plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    /// The host name does not resolve.
    UnknownHost,
    /// Nothing listens on that address and port.
    Refused,
}

/// The causes of a transport error, outermost first, descending into nested io::Errors.
fn causes(e: &reqwest::Error) -> Vec<&(dyn std::error::Error + 'static)> {
    let mut out = Vec::new();
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(c) = cause {
        out.push(c);
        // io::Error::source() skips a wrapped error; get_ref() does not.
        cause = match c.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => c.source(),
        };
    }
    out
}

/// Refused and unresolvable connections, from a reqwest error's chain.
fn unreachable(e: &reqwest::Error) -> Option<Unreachable> {
    if !e.is_connect() {
        return None;
    }
    let causes = causes(e);
    // hyper-util's connector names a failed resolution "dns error" (its ConnectError is
    // private, so its text is all there is to go by).
    if causes.iter().any(|c| c.to_string() == "dns error") {
        return Some(Unreachable::UnknownHost);
    }
    let refused = causes.iter().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
    });
    refused.then_some(Unreachable::Refused)
}

/// The answer was not HTTP at all (a TLS alert, garbage): what a TLS port sends back to a
/// plain-HTTP request.
fn not_http(e: &reqwest::Error) -> bool {
    causes(e).iter().any(|c| c.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_parse))
}

fn transport_message(e: &reqwest::Error) -> &'static str {
    if is_tls_failure(e) {
        "TLS handshake failed"
    } else if let Some(u) = unreachable(e) {
        match u {
            Unreachable::UnknownHost => "could not connect: the host name does not resolve",
            Unreachable::Refused => "could not connect: connection refused",
        }
    } else if not_http(e) {
        "the answer is not HTTP"
    } else if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "connection lost while reading the response"
    } else {
        "request failed"
    }
}

impl RegistryError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            RegistryError::Status { status: 404, .. } => ErrorKind::NotFound,
            RegistryError::Status { status: 401, .. }
            | RegistryError::AuthRequired { .. }
            | RegistryError::CredentialsRejected { .. } => ErrorKind::Unauthorized,
            RegistryError::Denied { .. } => ErrorKind::Denied,
            RegistryError::Token { status: Some(401), .. } => ErrorKind::Unauthorized,
            RegistryError::Status { status: 403, .. } | RegistryError::Token { status: Some(403), .. } => {
                ErrorKind::Denied
            }
            RegistryError::Status { errors, .. } if errors.iter().any(|e| e.code == "DENIED") => ErrorKind::Denied,
            RegistryError::Status { status: 429, .. } | RegistryError::Token { status: Some(429), .. } => {
                ErrorKind::RateLimited
            }
            RegistryError::Status { errors, .. } if errors.iter().any(|e| e.code == "TOOMANYREQUESTS") => {
                ErrorKind::RateLimited
            }
            RegistryError::Status { status: 405 | 501, .. } => ErrorKind::Unsupported,
            RegistryError::Status { errors, .. } if errors.iter().any(|e| e.code == "UNSUPPORTED") => {
                ErrorKind::Unsupported
            }
            RegistryError::TooLarge { .. } => ErrorKind::TooLarge,
            RegistryError::Slow { .. } => ErrorKind::Slow,
            _ => ErrorKind::Other,
        }
    }

    /// Connection trouble, timeouts, 408, 429 and 5xx gateway/availability errors are worth
    /// another try; everything else would fail the same way again.
    pub fn is_retryable(&self) -> bool {
        match self {
            RegistryError::Status { status, .. } => {
                matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
            }
            RegistryError::Transport { source, .. } => {
                !source.is_builder() && !source.is_redirect() && !is_tls_failure(source)
            }
            RegistryError::NoContact { .. } => true,
            RegistryError::Token { status, .. } => {
                status.is_none_or(|s| matches!(s, 408 | 429 | 500 | 502 | 503 | 504))
            }
            _ => false,
        }
    }

    /// The connection could not be made at all (refused, unreachable, name unknown): the
    /// registry is not there, or not at this scheme.
    pub fn is_connect_failure(&self) -> bool {
        matches!(self, RegistryError::Transport { source, .. } | RegistryError::NoContact { source, .. } if source.is_connect())
    }

    /// Why the connection could not be made, when it is a plain refusal or an unknown name
    /// (they get a hint of their own).
    pub fn unreachable(&self) -> Option<Unreachable> {
        match self {
            RegistryError::Transport { source, .. } | RegistryError::NoContact { source, .. } => unreachable(source),
            _ => None,
        }
    }

    /// This error as the outcome of a first contact with a registry: a refusal or an
    /// unknown name becomes [`RegistryError::NoContact`] (one retry at most).
    pub(super) fn first_contact(self) -> RegistryError {
        match self {
            RegistryError::Transport { method, url, source } if unreachable(&source).is_some() => {
                RegistryError::NoContact { method, url, source }
            }
            other => other,
        }
    }

    /// The TLS handshake failed (an untrusted certificate, a plain-HTTP server).
    pub fn is_tls_failure(&self) -> bool {
        matches!(self, RegistryError::Transport { source, .. } if is_tls_failure(source))
    }

    /// The connection was made and the request sent, then it ended without an answer (a
    /// reset, a close): neither a timeout nor a refusal.
    pub(super) fn is_dropped(&self) -> bool {
        matches!(self, RegistryError::Transport { source, .. }
            if !source.is_timeout() && !source.is_connect() && !is_tls_failure(source) && !not_http(source))
    }

    /// The server answered, but not in HTTP (a TLS port's alert).
    pub(super) fn is_not_http(&self) -> bool {
        matches!(self, RegistryError::Transport { source, .. } if not_http(source))
    }

    /// The most retries this failure is worth, when fewer than the client's setting: a
    /// first contact that was refused or named an unknown host gets one more try (a
    /// registry just starting, a resolver hiccup), not a minute of backoff.
    pub fn retry_limit(&self) -> Option<u32> {
        matches!(self, RegistryError::NoContact { .. }).then_some(1)
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            RegistryError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            RegistryError::Status { status, .. } => Some(*status),
            RegistryError::Token { status, .. } => *status,
            _ => None,
        }
    }

    pub fn has_code(&self, code: &str) -> bool {
        matches!(self, RegistryError::Status { errors, .. } if errors.iter().any(|e| e.code == code))
    }
}

/// `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_decodes_and_displays() {
        let errors = decode_envelope(
            br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}"#,
        );
        let e = RegistryError::Status {
            method: "GET".into(),
            url: "https://r/v2/app/manifests/1.0".into(),
            status: 404,
            errors,
            retry_after: None,
        };
        assert_eq!(e.to_string(), "GET https://r/v2/app/manifests/1.0: MANIFEST_UNKNOWN: manifest unknown");
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert!(!e.is_retryable());
        assert!(e.has_code("MANIFEST_UNKNOWN"));
    }

    #[test]
    fn rate_limits_and_unsupported_operations_have_kinds() {
        let limited = decode_envelope(br#"{"errors":[{"code":"TOOMANYREQUESTS","message":"pull rate limit"}]}"#);
        let e = RegistryError::Status {
            method: "GET".into(),
            url: "u".into(),
            status: 429,
            errors: limited,
            retry_after: None,
        };
        assert_eq!(e.kind(), ErrorKind::RateLimited);
        assert!(e.is_retryable());
        let e = RegistryError::Status {
            method: "DELETE".into(),
            url: "u".into(),
            status: 405,
            errors: vec![],
            retry_after: None,
        };
        assert_eq!(e.kind(), ErrorKind::Unsupported);
    }

    #[test]
    fn non_envelope_bodies_fall_back_to_status() {
        assert!(decode_envelope(b"<html>bad gateway</html>").is_empty());
        let e = RegistryError::Status {
            method: "GET".into(),
            url: "u".into(),
            status: 503,
            errors: vec![],
            retry_after: None,
        };
        assert_eq!(e.to_string(), "GET u: HTTP 503 Service Unavailable");
        assert!(e.is_retryable());
    }

    #[test]
    fn retryable_statuses() {
        for (status, want) in [
            (408, true),
            (429, true),
            (500, true),
            (502, true),
            (503, true),
            (504, true),
            (400, false),
            (401, false),
            (403, false),
            (404, false),
            (501, false),
        ] {
            let e = RegistryError::Status {
                method: "GET".into(),
                url: "u".into(),
                status,
                errors: vec![],
                retry_after: None,
            };
            assert_eq!(e.is_retryable(), want, "{status}");
        }
    }

    fn transport(url: &str, source: reqwest::Error) -> RegistryError {
        RegistryError::Transport { method: "GET".into(), url: url.into(), source }
    }

    #[tokio::test]
    async fn unknown_names_and_refusals_are_told_apart_and_fail_fast() {
        // A resolver that fails at once, as an unknown name does: nothing is looked up.
        struct NoSuchName;
        impl reqwest::dns::Resolve for NoSuchName {
            fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
                Box::pin(async { Err("no such host (test resolver)".into()) })
            }
        }
        let client =
            reqwest::Client::builder().no_proxy().dns_resolver(std::sync::Arc::new(NoSuchName)).build().unwrap();
        let url = "http://registry.invalid/v2/";
        let e = transport(url, client.get(url).send().await.unwrap_err());
        assert_eq!(e.unreachable(), Some(Unreachable::UnknownHost), "{e:?}");
        assert!(e.to_string().contains("does not resolve"), "{e}");
        assert_eq!(e.retry_limit(), None, "a registry that answered before gets every retry");
        let e = e.first_contact();
        assert!(matches!(e, RegistryError::NoContact { .. }) && e.is_retryable());
        assert_eq!(e.retry_limit(), Some(1));
        assert_eq!(e.unreachable(), Some(Unreachable::UnknownHost));

        // Bound and released: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = format!("http://127.0.0.1:{port}/v2/");
        let e = transport(&url, reqwest::Client::new().get(&url).send().await.unwrap_err());
        assert_eq!(e.unreachable(), Some(Unreachable::Refused), "{e:?}");
        assert!(e.to_string().contains("connection refused"), "{e}");
        assert!(!e.is_not_http() && !e.is_tls_failure());
        assert_eq!(e.first_contact().retry_limit(), Some(1));
    }

    #[tokio::test]
    async fn a_tls_alert_is_not_http() {
        // What a TLS port answers a plain-HTTP request with: an alert record.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            use std::io::{Read, Write};
            let (mut conn, _) = listener.accept().unwrap();
            let _ = conn.read(&mut [0u8; 1024]);
            let _ = conn.write_all(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32]);
        });
        let url = format!("http://127.0.0.1:{port}/v2/");
        let e =
            transport(&url, reqwest::Client::builder().no_proxy().build().unwrap().get(&url).send().await.unwrap_err());
        server.join().unwrap();
        assert!(e.is_not_http(), "{e:?}");
        assert_eq!(e.unreachable(), None);
        assert!(e.is_retryable());
        assert!(e.first_contact().retry_limit().is_none());
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(7)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
