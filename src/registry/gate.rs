//! The request gate: `Client::exchange` is the one function every HTTP exchange goes
//! through — the `/v2/` ping, token requests, manifests, blobs, uploads, listings, search,
//! and the redirect from a plain-HTTP registry to HTTPS blob storage. It owns the rules that
//! must hold for every request, so that no operation (or new command) can forget one:
//!
//! - **Credentials go only where they were issued for.** An `Exchange` carrying
//!   `Credentials` names the host they belong to (the registry's API host, or the token
//!   realm that registry named); a URL on any other host is refused before anything is sent.
//!   Redirects to another host are followed without them: the HTTPS clients' redirect policy
//!   drops `Authorization` when the host changes, and the plain-HTTP client's redirect to
//!   `https://` is followed here with no credentials at all.
//! - **Bodies are read into memory only with a cap**: [`Reply::read_capped`] (the caller
//!   names the limit and what the body is) or, for error bodies, [`ERROR_BODY_LIMIT`] bytes
//!   and no more. Big bodies (blobs) stream through [`Reply::chunk`].
//! - **One `--debug` line** per exchange: method, URL, status, time. Never a header.
//! - **A non-success status becomes a typed [`RegistryError`]** carrying the OCI error
//!   envelope and `Retry-After`, unless the caller said it reads that status itself
//!   (`Statuses`: a 401 for its challenge, a token service's answer).

use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER};
use reqwest::{Method, Response};

use super::client::Client;
use super::error::{RegistryError, decode_envelope, parse_retry_after};
use super::http::{authority, same_authority};
use crate::progress::Event;

/// Error bodies are read this far and no further: enough for any OCI error envelope.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Secrets a request carries, and the host (`host[:port]`) they were issued for.
pub(super) struct Credentials {
    /// The `Authorization` value, if the secret travels in that header (it may travel in
    /// the body instead, as a refresh token in an OAuth2 form does).
    pub header: Option<HeaderValue>,
    pub issued_for: String,
}

/// Which statuses the caller is handed back rather than turned into an error.
#[derive(Debug, Clone, Copy)]
pub(super) enum Statuses {
    /// 2xx only.
    Success,
    /// 2xx and these.
    SuccessAnd(&'static [u16]),
    /// Every status: the caller reads errors itself (token services, whose errors say
    /// something about the credentials).
    Any,
}

/// One HTTP request, as the gate sends it.
pub(super) struct Exchange {
    pub method: Method,
    pub url: url::Url,
    pub headers: HeaderMap,
    pub body: Option<reqwest::Body>,
    pub credentials: Option<Credentials>,
    /// Accept any TLS certificate (hosts the user marked insecure).
    pub insecure: bool,
    /// The `host[:port]` whose certs.d material applies, when the registry is named
    /// differently from the URL's authority (`name:443`); else the URL's.
    pub tls_host: Option<String>,
    /// A registry whose certs.d CAs are trusted for this URL too (its token service).
    pub also_trust: Option<String>,
    pub statuses: Statuses,
    /// Follow a plain-HTTP registry's redirect of a `GET`/`HEAD` to `https://` (blob
    /// storage), without credentials. Not for the ping: a registry redirecting `/v2/` to
    /// HTTPS is an HTTPS registry, and the ping must fail over to it.
    pub follow_to_https: bool,
}

impl Exchange {
    pub(super) fn new(method: Method, url: url::Url) -> Exchange {
        Exchange {
            method,
            url,
            headers: HeaderMap::new(),
            body: None,
            credentials: None,
            insecure: false,
            tls_host: None,
            also_trust: None,
            statuses: Statuses::Success,
            follow_to_https: false,
        }
    }
}

/// How long a body may take: a whole small body, or each window of a streamed one.
#[derive(Debug, Clone, Copy)]
struct Pace {
    /// From the response's head until the last byte of a body read whole.
    deadline: Duration,
    /// A streamed body brings at least `min_bytes` in every `window`.
    window: Duration,
    min_bytes: u64,
}

/// A response the gate let through. Its body can only be read with a cap, or streamed.
pub struct Reply {
    response: Response,
    /// The URL the request was sent to (not where redirects ended): what errors name.
    requested: String,
    method: Method,
    /// When the response (its head) arrived: a small body's deadline counts from here.
    received: Instant,
    pace: Pace,
    /// The current window of a streamed body: the time spent waiting for it, and the bytes
    /// it brought.
    waited: Duration,
    window_bytes: u64,
}

impl Reply {
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// Where the response came from, after redirects.
    pub fn url(&self) -> &url::Url {
        self.response.url()
    }

    pub(super) fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// A header's value, when it is there and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.response.headers().get(name).and_then(|v| v.to_str().ok())
    }

    /// The body's length as the server declared it.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    fn broken(&self, source: reqwest::Error) -> RegistryError {
        RegistryError::Transport { method: self.method.to_string(), url: self.requested.clone(), source }
    }

    /// The next piece of the body; `None` at its end. For bodies too big to hold (blobs).
    /// A body bringing fewer than the minimum bytes in a window of waiting for it (a stall,
    /// or a trickle that never trips the read timeout) ends in [`RegistryError::Slow`]. Only
    /// time spent waiting on the network counts: a caller busy writing to disk is not the
    /// server's slowness.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, RegistryError> {
        loop {
            let left = self.pace.window.saturating_sub(self.waited);
            let began = Instant::now();
            let next = tokio::time::timeout(left, self.response.chunk()).await;
            self.waited += began.elapsed();
            // A chunk that arrives as the window closes counts for that window.
            if let Ok(Ok(Some(chunk))) = &next {
                self.window_bytes += chunk.len() as u64;
            }
            if self.waited >= self.pace.window {
                if self.window_bytes < self.pace.min_bytes {
                    return Err(RegistryError::Slow {
                        url: self.requested.clone(),
                        message: format!(
                            "the body stalled: {} bytes in {:.0} s, less than the {} bytes a download must bring",
                            self.window_bytes,
                            self.pace.window.as_secs_f64(),
                            self.pace.min_bytes
                        ),
                    });
                }
                self.waited = Duration::ZERO;
                self.window_bytes = 0;
            }
            match next {
                Ok(Ok(Some(chunk))) => return Ok(Some(chunk)),
                Ok(Ok(None)) => return Ok(None),
                Ok(Err(source)) => return Err(self.broken(source)),
                Err(_elapsed) => continue,
            }
        }
    }

    /// The whole body, refused (before reading it when the length is declared) when it is
    /// larger than `limit` bytes; `what` names it in that error ("manifest", "tag list").
    /// The body must be complete within the client's small-body deadline, counted from the
    /// response's head.
    pub async fn read_capped(mut self, limit: u64, what: &'static str) -> Result<Bytes, RegistryError> {
        let too_large = |url: &str| RegistryError::TooLarge { url: url.to_string(), what, limit };
        if self.content_length().is_some_and(|l| l > limit) {
            return Err(too_large(&self.requested));
        }
        let deadline = self.received + self.pace.deadline;
        let mut buf = Vec::new();
        loop {
            let chunk = match tokio::time::timeout_at(deadline.into(), self.response.chunk()).await {
                Ok(Ok(Some(chunk))) => chunk,
                Ok(Ok(None)) => break,
                Ok(Err(source)) => return Err(self.broken(source)),
                Err(_elapsed) => {
                    return Err(RegistryError::Slow {
                        url: self.requested.clone(),
                        message: format!(
                            "the {what} did not arrive within {:.0} s ({} bytes came); the server is sending too slowly",
                            self.pace.deadline.as_secs_f64(),
                            buf.len()
                        ),
                    });
                }
            };
            if buf.len() as u64 + chunk.len() as u64 > limit {
                return Err(too_large(&self.requested));
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(buf))
    }

    /// At most [`ERROR_BODY_LIMIT`] bytes of the body, to describe a failure: what does not
    /// fit (or does not arrive by the small-body deadline) is left unread.
    pub(super) async fn error_body(mut self) -> Vec<u8> {
        let deadline = self.received + self.pace.deadline;
        let mut body = Vec::new();
        while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline.into(), self.response.chunk()).await {
            let room = ERROR_BODY_LIMIT - body.len();
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() >= ERROR_BODY_LIMIT {
                break;
            }
        }
        body
    }

    /// The OCI errors in the body, as `CODE: message; ...` (empty when there are none).
    pub(super) async fn error_detail(self) -> String {
        decode_envelope(&self.error_body().await)
            .iter()
            .map(|e| if e.message.is_empty() { e.code.clone() } else { format!("{}: {}", e.code, e.message) })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The typed error for a failed response, naming the request as `method url`.
    pub(super) async fn into_error(self, method: &str) -> RegistryError {
        let status = self.status();
        let retry_after = self.header(RETRY_AFTER.as_str()).and_then(|v| parse_retry_after(v, SystemTime::now()));
        let url = self.requested.clone();
        let errors = decode_envelope(&self.error_body().await);
        RegistryError::Status { method: method.to_string(), url, status, errors, retry_after }
    }
}

impl Client {
    /// Sends one request (see the module notes for what is checked) and returns the
    /// response when its status is one the caller takes, else the typed error. Not retried:
    /// callers run inside [`Client::retrying`] with whatever unit of work is worth repeating.
    pub(super) async fn exchange(&self, ex: Exchange) -> Result<Reply, RegistryError> {
        let Exchange {
            method,
            url,
            headers,
            body,
            credentials,
            insecure,
            tls_host,
            also_trust,
            statuses,
            follow_to_https,
        } = ex;
        let requested = url.to_string();
        let host = authority(&url);
        if let Some(c) = &credentials
            && !same_authority(&url, &c.issued_for)
        {
            return Err(RegistryError::Protocol {
                url: requested,
                message: format!("refusing to send the credentials for {} to another host ({host})", c.issued_for),
            });
        }
        let http =
            self.http.client(tls_host.as_deref().unwrap_or(&host), url.scheme(), insecure, also_trust.as_deref())?;
        let mut rb = http.request(method.clone(), url.clone()).headers(headers.clone());
        if let Some(value) = credentials.and_then(|c| c.header) {
            rb = rb.header(AUTHORIZATION, value);
        }
        if let Some(body) = body {
            rb = rb.body(body);
        }
        let started = Instant::now();
        let response = rb.send().await.map_err(|source| RegistryError::Transport {
            method: method.to_string(),
            url: requested.clone(),
            source,
        })?;
        let status = response.status();
        self.reporter.event(Event::Debug(format!(
            "{method} {requested} -> {} ({} ms)",
            status.as_u16(),
            started.elapsed().as_millis()
        )));
        let taken = status.is_success()
            || match statuses {
                Statuses::Success => false,
                Statuses::SuccessAnd(also) => also.contains(&status.as_u16()),
                Statuses::Any => true,
            };
        let pace = Pace {
            deadline: self.config.small_body_deadline,
            window: self.config.blob_rate_window,
            min_bytes: self.config.blob_min_bytes,
        };
        let reply = Reply {
            response,
            requested,
            method: method.clone(),
            received: Instant::now(),
            pace,
            waited: Duration::ZERO,
            window_bytes: 0,
        };
        if taken {
            return Ok(reply);
        }
        if follow_to_https
            && status.is_redirection()
            && matches!(method, Method::GET | Method::HEAD)
            && let Some(next) = https_redirect(&reply)
        {
            // Only the plain-HTTP client hands a redirect back (to https://: blob storage
            // such as S3 behind a local registry). The target is another host with its own
            // signature: never this registry's credentials.
            let mut follow = Exchange::new(method, next);
            follow.headers = headers;
            return Box::pin(self.exchange(follow)).await;
        }
        Err(reply.into_error(method.as_str()).await)
    }
}

fn https_redirect(reply: &Reply) -> Option<url::Url> {
    let location = reply.header(LOCATION.as_str())?;
    let next = reply.url().join(location).ok()?;
    (next.scheme() == "https").then_some(next)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::credentials::Anonymous;
    use crate::progress::Silent;
    use crate::registry::ClientConfig;

    #[tokio::test]
    async fn credentials_never_leave_for_another_host() {
        let client = Client::new(ClientConfig::default(), Arc::new(Anonymous), Arc::new(Silent));
        // Port 9 (discard) on loopback: if the gate let this through, it would try to connect
        // and fail with a transport error instead.
        let mut ex = Exchange::new(Method::GET, url::Url::parse("http://127.0.0.1:9/v2/app/tags/list").unwrap());
        ex.credentials = Some(Credentials {
            header: Some(HeaderValue::from_static("Basic x")),
            issued_for: "127.0.0.1:5000".into(),
        });
        match client.exchange(ex).await {
            Err(RegistryError::Protocol { message, .. }) => {
                assert!(message.contains("refusing to send the credentials for 127.0.0.1:5000"), "{message}")
            }
            Err(e) => panic!("sent anyway: {e}"),
            Ok(_) => panic!("sent anyway"),
        }
    }
}
