//! The registry client: configuration, per-host state (the scheme the `/v2/` ping chose, the
//! last auth challenge, cached tokens) and [`Client::send`], which turns a [`Request`] to a
//! registry into gate exchanges: ping once, attach the host's credentials, answer a 401
//! once with what its challenge taught (a token, a wider scope), retry what is worth it.
//!
//! Implements the distribution-spec `/v2/` ping and docker's plain-HTTP rule (HTTPS always;
//! plain HTTP only for loopback and hosts the user marked insecure). The HTTP clients are
//! `http`'s, authentication is [`super::auth`]'s, the retry policy
//! [`super::retry`]'s, and every request leaves through [`super::gate`]. Reads no files
//! except the CA files handed to it in [`ClientConfig`]; prints nothing (warnings go to the
//! [`Reporter`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex as StdMutex, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use tokio::io::AsyncRead;

use super::auth::{self, AuthState};
use super::error::RegistryError;
use super::gate::{Exchange, Reply, Statuses};
use super::http::{HttpClients, is_loopback};
use super::mirrors::Endpoints;
use super::proxy::ProxyRules;
use crate::credentials::{Credential, CredentialSource};
use crate::mirrors::Mirrors;
use crate::progress::{Event, Reporter};
use crate::reference::Registry;

#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Hosts (`host` or `host:port`) where plain HTTP and unverified TLS are allowed.
    pub insecure_hosts: Vec<String>,
    /// Allow plain HTTP / unverified TLS for every host (`--insecure`).
    pub insecure_all: bool,
    /// When stored credentials are rejected on a pull-only request, warn and go on
    /// anonymously (a public image still pulls with a stale login), as docker does. Never
    /// for credentials given explicitly, and never for pushes.
    pub anonymous_fallback: bool,
    /// Extra PEM CA bundles to trust besides the system roots (e.g. `SSL_CERT_FILE`).
    pub ca_files: Vec<PathBuf>,
    /// `certs.d` roots searched for per-registry CAs and client certificates.
    pub certs_d: Vec<PathBuf>,
    pub user_agent: String,
    /// Retries after the first attempt for retryable failures.
    pub retries: u32,
    /// First backoff delay; doubles each retry, with jitter.
    pub backoff: Duration,
    /// No byte for this long means the connection stalled (not a whole-request timeout:
    /// big blobs legitimately take minutes).
    pub read_timeout: Duration,
    pub connect_timeout: Duration,
    /// The longest a small body read whole (a manifest, a token, a listing page) may take
    /// from the request until its last byte: a server trickling one byte at a time never
    /// trips `read_timeout`.
    pub small_body_deadline: Duration,
    /// A blob body must bring at least `blob_min_bytes` in every window this long, or the
    /// stream counts as stalled (and is resumed, like a broken one).
    pub blob_rate_window: Duration,
    pub blob_min_bytes: u64,
    /// `HTTP(S)_PROXY` / `NO_PROXY`, as read from the environment (none by default).
    pub proxies: ProxyRules,
    /// Mirrors and registry locations for reads (registries.conf, daemon.json); see
    /// [`super::mirrors`].
    pub mirrors: Arc<Mirrors>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            insecure_hosts: Vec::new(),
            insecure_all: false,
            anonymous_fallback: false,
            ca_files: Vec::new(),
            certs_d: Vec::new(),
            user_agent: concat!("ferry/", env!("CARGO_PKG_VERSION")).to_string(),
            retries: 4,
            backoff: Duration::from_millis(400),
            read_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(15),
            small_body_deadline: Duration::from_secs(60),
            blob_rate_window: Duration::from_secs(30),
            blob_min_bytes: 32 * 1024,
            proxies: ProxyRules::default(),
            mirrors: Arc::default(),
        }
    }
}

/// One request to a registry. `path` is either `/v2/...` (joined to the endpoint the ping
/// chose) or an absolute URL on the registry's own host (an upload `Location`).
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub path: String,
    /// Token scopes, e.g. `repository:library/redis:pull` ([`crate::reference::Repository::scope`]).
    pub scopes: Vec<String>,
    pub headers: HeaderMap,
    pub body: Option<Bytes>,
    /// A streamed body (uploads); used when `body` is `None`.
    pub stream: Option<StreamingBody>,
}

impl Request {
    pub fn new(method: Method, path: impl Into<String>, scopes: Vec<String>) -> Request {
        Request { method, path: path.into(), scopes, headers: HeaderMap::new(), body: None, stream: None }
    }

    pub fn header(mut self, name: reqwest::header::HeaderName, value: &str) -> Request {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.insert(name, v);
        }
        self
    }

    /// Sends `body`, `length` bytes long. The length goes in `Content-Length` (registries
    /// and proxies refuse or mishandle chunked transfer encoding on uploads).
    pub fn streaming(mut self, body: StreamingBody, length: u64) -> Request {
        self.headers.insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(length));
        self.stream = Some(body);
        self
    }
}

/// What a streamed request body reads from.
pub type BodyReader = Pin<Box<dyn AsyncRead + Send>>;

/// Read size for streamed request bodies.
const BODY_BUFFER: usize = 256 * 1024;

/// A request body streamed from elsewhere (a blob file, another registry's response).
/// Streams cannot be cloned, so the body is made by a factory, called once per send: an
/// auth round trip (401, new token, same request again) asks for a fresh one. A factory
/// that cannot start over returns a reader that fails, and the caller resumes the upload.
#[derive(Clone)]
pub struct StreamingBody(Arc<dyn Fn() -> BodyReader + Send + Sync>);

impl StreamingBody {
    pub fn new(make: impl Fn() -> BodyReader + Send + Sync + 'static) -> StreamingBody {
        StreamingBody(Arc::new(make))
    }

    fn make(&self) -> reqwest::Body {
        reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::with_capacity((self.0)(), BODY_BUFFER))
    }
}

impl std::fmt::Debug for StreamingBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamingBody")
    }
}

/// Whether a plain-HTTP ping's failure shows a TLS port rather than a plain registry's trouble.
fn speaks_tls(e: &RegistryError) -> bool {
    matches!(e, RegistryError::Status { status: 400, .. }) || e.is_not_http()
}

/// What the client knows about one registry host.
pub(super) struct Host {
    /// The name credentials are stored under (`docker.io`, `localhost:5000`).
    pub registry: String,
    /// Where requests go (`registry-1.docker.io`, `localhost:5000`).
    pub api_host: String,
    pub insecure: bool,
    base: tokio::sync::OnceCell<String>,
    pub credential: OnceLock<Option<Credential>>,
    /// Set once stored credentials were rejected and the fallback to anonymous was taken.
    pub anonymous: std::sync::atomic::AtomicBool,
    pub auth: tokio::sync::Mutex<AuthState>,
}

pub struct Client {
    pub(super) config: ClientConfig,
    pub(super) credentials: Arc<dyn CredentialSource>,
    pub(super) reporter: Arc<dyn Reporter>,
    pub(super) http: HttpClients,
    hosts: StdMutex<HashMap<String, Arc<Host>>>,
    pub(super) endpoints: Endpoints,
}

impl Client {
    pub fn new(config: ClientConfig, credentials: Arc<dyn CredentialSource>, reporter: Arc<dyn Reporter>) -> Client {
        Client {
            http: HttpClients::new(config.clone()),
            config,
            credentials,
            reporter,
            hosts: StdMutex::new(HashMap::new()),
            endpoints: Endpoints::default(),
        }
    }

    pub fn reporter(&self) -> &Arc<dyn Reporter> {
        &self.reporter
    }

    pub(super) fn host(&self, registry: &Registry) -> Arc<Host> {
        let (name, api_host) = (registry.name(), registry.api_host());
        let mut hosts = self.hosts.lock().unwrap();
        hosts
            .entry(api_host.to_string())
            .or_insert_with(|| {
                let insecure = self.is_insecure(name, api_host);
                Arc::new(Host {
                    registry: name.to_string(),
                    api_host: api_host.to_string(),
                    insecure,
                    base: tokio::sync::OnceCell::new(),
                    credential: OnceLock::new(),
                    anonymous: std::sync::atomic::AtomicBool::new(false),
                    auth: tokio::sync::Mutex::new(AuthState::default()),
                })
            })
            .clone()
    }

    /// Whether the user allowed plain HTTP and unverified TLS for this host.
    pub(super) fn is_insecure(&self, name: &str, api_host: &str) -> bool {
        self.config.insecure_all
            || self
                .config
                .insecure_hosts
                .iter()
                .any(|h| h == api_host || h == name || api_host.rsplit_once(':').is_some_and(|(n, _)| n == h))
    }

    /// Sends `req` to `registry`, with auth and retries. Returns only successful (2xx)
    /// responses; anything else is an error carrying the decoded OCI error envelope.
    pub async fn send(&self, registry: &Registry, req: Request) -> Result<Reply, RegistryError> {
        let host = self.host(registry);
        self.retrying(|| self.send_once(&host, &req)).await
    }

    /// One attempt of [`Client::send`], for callers that retry a larger unit of work
    /// themselves (a request plus reading its body).
    pub async fn send_no_retry(&self, registry: &Registry, req: &Request) -> Result<Reply, RegistryError> {
        let host = self.host(registry);
        self.send_once(&host, req).await
    }

    /// The endpoint base (`https://host` or `http://host`), pinging once per host.
    pub(super) async fn base(&self, host: &Host) -> Result<String, RegistryError> {
        // Not retried here: every caller already runs inside a retry loop.
        host.base
            .get_or_try_init(|| async { self.ping(host).await.map_err(RegistryError::first_contact) })
            .await
            .cloned()
    }

    async fn ping(&self, host: &Host) -> Result<String, RegistryError> {
        if is_loopback(&host.api_host) {
            // Loopback traffic never leaves the machine and the ping carries no credentials,
            // so asking plain HTTP first is safe, and it spares loading the system's CA
            // store (~40 ms) for the common local registry. An answer that shows a TLS port
            // (Go's and nginx's 400 "HTTP request to an HTTPS server", or bytes that are not
            // HTTP: a TLS alert) means HTTPS. A connection dropped without an answer may be a
            // TLS port that closes silently, or a plain registry's hiccup: HTTPS is tried, and
            // if it fails too, the plain failure is the one retried and reported. Any other
            // answer (a 503, a 429, a refusal) is the plain registry's own.
            return match self.ping_scheme(host, "http").await {
                Err(e) if speaks_tls(&e) => self.ping_scheme(host, "https").await,
                Err(e) if e.is_dropped() => self.ping_scheme(host, "https").await.or(Err(e)),
                other => other,
            };
        }
        let https = self.ping_scheme(host, "https").await;
        match https {
            Err(RegistryError::Transport { .. }) if host.insecure => match self.ping_scheme(host, "http").await {
                Ok(base) => Ok(base),
                // A dead registry refuses both: the HTTPS failure is the story.
                Err(_) => https,
            },
            other => other,
        }
    }

    async fn ping_scheme(&self, host: &Host, scheme: &str) -> Result<String, RegistryError> {
        let base = format!("{scheme}://{}", host.api_host);
        let url = url::Url::parse(&format!("{base}/v2/"))
            .map_err(|e| RegistryError::Protocol { url: base.clone(), message: format!("not a usable host: {e}") })?;
        let mut ex = Exchange::new(Method::GET, url);
        ex.insecure = host.insecure;
        ex.tls_host = Some(host.api_host.clone());
        // 401 carries the challenge. Some registries (and the proxies in front of them)
        // answer `/v2/` itself with 404 yet serve the API: the endpoint is there all the same.
        ex.statuses = Statuses::SuccessAnd(&[401, 404]);
        let reply = self.exchange(ex).await?;
        if reply.status() == 401 {
            host.auth.lock().await.challenge = auth::challenge_of(&reply);
        }
        Ok(base)
    }

    pub(super) async fn send_once(&self, host: &Host, req: &Request) -> Result<Reply, RegistryError> {
        match self.send_once_as(host, req).await {
            Err(e)
                if self.config.anonymous_fallback
                    && Self::credentials_rejected(&e)
                    && !req.scopes.is_empty()
                    && req.scopes.iter().all(|s| s.ends_with(":pull"))
                    && !host.anonymous.swap(true, std::sync::atomic::Ordering::Relaxed) =>
            {
                host.auth.lock().await.tokens.clear();
                self.reporter.event(Event::Warning(format!(
                    "the stored credentials for {} were rejected ({e}); continuing anonymously",
                    host.registry
                )));
                self.send_once_as(host, req).await
            }
            other => other,
        }
    }

    async fn send_once_as(&self, host: &Host, req: &Request) -> Result<Reply, RegistryError> {
        let base = self.base(host).await?;
        let url = if req.path.starts_with("http://") || req.path.starts_with("https://") {
            req.path.clone()
        } else {
            format!("{base}{}", req.path)
        };
        let parsed = url::Url::parse(&url)
            .map_err(|e| RegistryError::Protocol { url: url.clone(), message: format!("not a usable URL: {e}") })?;
        let mut scopes = req.scopes.clone();
        let mut refreshed = false;
        loop {
            let mut ex = Exchange::new(req.method.clone(), parsed.clone());
            ex.headers = req.headers.clone();
            ex.credentials = self.authorization(host, &base, &scopes, refreshed).await?;
            ex.insecure = host.insecure;
            ex.tls_host = Some(host.api_host.clone());
            ex.statuses = Statuses::SuccessAnd(&[401, 403]);
            ex.follow_to_https = true;
            if let Some(body) = &req.body {
                ex.body = Some(body.clone().into());
            } else if let Some(stream) = &req.stream {
                ex.body = Some(stream.make());
            }
            let reply = self.exchange(ex).await?;
            match reply.status() {
                401 => {
                    let chosen = auth::challenge_of(&reply);
                    let insufficient = chosen.as_ref().is_some_and(|c| c.param("error") == Some("insufficient_scope"));
                    if let Some(c) = &chosen
                        && let Some(extra) = c.param("scope")
                    {
                        for s in extra.split(' ') {
                            if !s.is_empty() && !scopes.iter().any(|x| x == s) {
                                scopes.push(s.to_string());
                            }
                        }
                    }
                    let credential = self.credential(host)?;
                    if chosen.is_some() {
                        host.auth.lock().await.challenge = chosen.clone();
                    }
                    // One more try with what the 401 taught us: the challenge itself, a wider
                    // scope, or a fresh token (the old one may have been revoked). Basic auth
                    // without credentials has nothing new to try.
                    let basic_without_credential =
                        chosen.as_ref().is_some_and(|c| c.scheme == "basic") && credential.is_none();
                    if !refreshed && chosen.is_some() && !basic_without_credential {
                        refreshed = true;
                        continue;
                    }
                    return Err(auth::unauthorized(host, req, &url, credential.as_ref(), insufficient, reply).await);
                }
                403 => return Err(auth::forbidden(host, req, &url, self.credential(host)?, reply).await),
                _ => return Ok(reply),
            }
        }
    }
}
