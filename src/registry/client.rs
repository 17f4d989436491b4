//! The HTTP side of talking to registries: endpoints, authentication and retries.
//!
//! Owns the `reqwest` clients, the per-host state (scheme chosen by the ping, the last auth
//! challenge, cached bearer tokens per scope set) and the retry loop. Implements the
//! distribution-spec `/v2/` ping, the Docker token spec (GET realm with Basic + `account`,
//! OAuth2 `POST` with a refresh token), Basic auth, and docker's plain-HTTP rule (HTTPS
//! always; plain HTTP only for loopback and hosts the user marked insecure). Reads no files
//! except the CA files handed to it in [`ClientConfig`]; prints nothing (warnings go to the
//! [`Reporter`]).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex as StdMutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, RETRY_AFTER, WWW_AUTHENTICATE};
use reqwest::{Method, Response, StatusCode};
use serde::Deserialize;

use super::challenge::{self, Challenge};
use super::error::{RegistryError, decode_envelope, parse_retry_after};
use super::tls::{self, HostTls};
use crate::credentials::{Credential, CredentialSource, Secret};
use crate::progress::{Event, Reporter};

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
        }
    }
}

/// One request to a registry. `path` is either `/v2/...` (joined to the endpoint the ping
/// chose) or an absolute URL (an upload `Location`, a `Link` header).
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub path: String,
    /// Token scopes, e.g. `repository:library/redis:pull`.
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
}

struct Token {
    value: Secret,
    expires: Instant,
    /// An OAuth2 refresh token, when one was asked for (login) and given.
    refresh: Option<Secret>,
}

#[derive(Default)]
struct AuthState {
    challenge: Option<Challenge>,
    /// Bearer tokens by sorted scope set.
    tokens: HashMap<String, Token>,
}

struct Host {
    /// The name credentials are stored under (`docker.io`, `localhost:5000`).
    registry: String,
    /// Where requests go (`registry-1.docker.io`, `localhost:5000`).
    api_host: String,
    insecure: bool,
    base: tokio::sync::OnceCell<String>,
    credential: OnceLock<Option<Credential>>,
    /// Set once stored credentials were rejected and the fallback to anonymous was taken.
    anonymous: std::sync::atomic::AtomicBool,
    auth: tokio::sync::Mutex<AuthState>,
}

pub struct Client {
    config: ClientConfig,
    credentials: Arc<dyn CredentialSource>,
    reporter: Arc<dyn Reporter>,
    /// HTTP clients by (host, accept invalid certificates); hosts without certs.d material
    /// share the "" entry, so connection pools are shared where they can be.
    http: StdMutex<HashMap<(String, bool), reqwest::Client>>,
    /// certs.d material by host, read once per host.
    host_tls: StdMutex<HashMap<String, Result<HostTls, String>>>,
    hosts: StdMutex<HashMap<String, Arc<Host>>>,
}

fn is_loopback(api_host: &str) -> bool {
    let host = if let Some(rest) = api_host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        api_host.rsplit_once(':').map_or(api_host, |(h, _)| h)
    };
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn scope_key(scopes: &[String]) -> String {
    scopes.iter().collect::<BTreeSet<_>>().into_iter().cloned().collect::<Vec<_>>().join(" ")
}

/// Exponential backoff with ±50% jitter; a server's `Retry-After` wins when it is longer.
fn backoff_delay(base: Duration, attempt: u32, retry_after: Option<Duration>) -> Duration {
    let exp = base.saturating_mul(1 << attempt.saturating_sub(1).min(6));
    let exp = exp.min(Duration::from_secs(20));
    // Jitter without a RNG crate: the low bits of a hashed clock are plenty here.
    use std::hash::{BuildHasher, RandomState};
    let r = RandomState::new().hash_one(SystemTime::now()) % 1000;
    let jittered = exp.mul_f64(0.5 + r as f64 / 1000.0);
    match retry_after {
        Some(ra) => ra.min(Duration::from_secs(120)).max(jittered.min(ra.max(Duration::from_millis(1)))),
        None => jittered,
    }
}

impl Client {
    pub fn new(config: ClientConfig, credentials: Arc<dyn CredentialSource>, reporter: Arc<dyn Reporter>) -> Client {
        Client {
            config,
            credentials,
            reporter,
            http: StdMutex::new(HashMap::new()),
            host_tls: StdMutex::new(HashMap::new()),
            hosts: StdMutex::new(HashMap::new()),
        }
    }

    pub fn reporter(&self) -> &Arc<dyn Reporter> {
        &self.reporter
    }

    fn builder(&self) -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .user_agent(&self.config.user_agent)
            .connect_timeout(self.config.connect_timeout)
            .read_timeout(self.config.read_timeout)
            .pool_max_idle_per_host(32)
            .tcp_nodelay(true)
            // Sized for fast links: the h2 defaults (64 KiB) throttle big blobs.
            .http2_initial_stream_window_size(8 << 20)
            .http2_initial_connection_window_size(32 << 20)
    }

    /// For `http://` URLs only: no CA store is loaded (that costs ~10-100 ms, all of a
    /// local pull's overhead), and no root is trusted, so it can never complete a TLS
    /// handshake. A redirect to `https://` is therefore not followed by it but handed back,
    /// and [`Client::follow_to_https`] takes it from there.
    fn plain_http(&self) -> Result<reqwest::Client, RegistryError> {
        let mut clients = self.http.lock().unwrap();
        let key = (String::from("http://"), false);
        if let Some(c) = clients.get(&key) {
            return Ok(c.clone());
        }
        let client = self
            .builder()
            .tls_certs_only(Vec::new())
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                if attempt.url().scheme() == "https" {
                    attempt.stop()
                } else if attempt.previous().len() >= 10 {
                    attempt.error("too many redirects")
                } else {
                    attempt.follow()
                }
            }))
            .build()
            .map_err(|e| RegistryError::Protocol { url: String::new(), message: format!("setting up HTTP: {e}") })?;
        clients.insert(key, client.clone());
        Ok(client)
    }

    fn build_http(&self, accept_invalid: bool, host_tls: &HostTls) -> Result<reqwest::Client, String> {
        let mut b = self
            .builder()
            // reqwest drops Authorization when a redirect leaves the host or port (blob
            // GETs redirected to S3/CDN carry their own signature).
            .redirect(reqwest::redirect::Policy::limited(10));
        let mut certs = Vec::new();
        for path in self.config.ca_files.iter().chain(&host_tls.ca_files) {
            let pem = std::fs::read(path).map_err(|e| format!("reading CA file {}: {e}", path.display()))?;
            certs.extend(
                reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| format!("CA file {}: {e}", path.display()))?,
            );
        }
        if !certs.is_empty() {
            b = b.tls_certs_merge(certs);
        }
        if let Some((cert, key)) = &host_tls.client_identity {
            let mut pem = std::fs::read(cert).map_err(|e| format!("reading {}: {e}", cert.display()))?;
            pem.push(b'\n');
            pem.extend(std::fs::read(key).map_err(|e| format!("reading {}: {e}", key.display()))?);
            let identity = reqwest::Identity::from_pem(&pem)
                .map_err(|e| format!("client certificate {} / {}: {e}", cert.display(), key.display()))?;
            b = b.identity(identity);
        }
        if accept_invalid {
            b = b.tls_danger_accept_invalid_certs(true);
        }
        b.build().map_err(|e| format!("setting up HTTPS: {e}"))
    }

    /// The HTTP client for `host` (`name[:port]`), with that host's certs.d material.
    pub(super) fn http(&self, host: &str, scheme: &str, insecure: bool) -> Result<reqwest::Client, RegistryError> {
        if scheme == "http" {
            return self.plain_http();
        }
        let setup_error = |message: String| RegistryError::Protocol { url: host.to_string(), message };
        let host_tls = {
            let mut cache = self.host_tls.lock().unwrap();
            match cache.get(host) {
                Some(t) => t.clone(),
                None => {
                    let t = tls::host_tls(&self.config.certs_d, host);
                    cache.insert(host.to_string(), t.clone());
                    t
                }
            }
        }
        .map_err(setup_error)?;
        let key = (if host_tls.is_empty() { String::new() } else { host.to_string() }, insecure);
        let mut clients = self.http.lock().unwrap();
        if let Some(c) = clients.get(&key) {
            return Ok(c.clone());
        }
        let client = self.build_http(insecure, &host_tls).map_err(setup_error)?;
        clients.insert(key, client.clone());
        Ok(client)
    }

    fn debug(&self, what: impl FnOnce() -> String) {
        self.reporter.event(Event::Debug(what()));
    }

    fn host(&self, registry: &str, api_host: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().unwrap();
        hosts
            .entry(api_host.to_string())
            .or_insert_with(|| {
                let insecure = self.config.insecure_all
                    || self.config.insecure_hosts.iter().any(|h| {
                        h == api_host || h == registry || api_host.rsplit_once(':').is_some_and(|(n, _)| n == h)
                    });
                Arc::new(Host {
                    registry: registry.to_string(),
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

    fn credential(&self, host: &Host) -> Result<Option<Credential>, RegistryError> {
        if host.anonymous.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(None);
        }
        if let Some(c) = host.credential.get() {
            return Ok(c.clone());
        }
        let c = self
            .credentials
            .get(&host.registry)
            .map_err(|e| RegistryError::Protocol { url: host.registry.clone(), message: e.to_string() })?;
        Ok(host.credential.get_or_init(|| c).clone())
    }

    /// Sends `req` to the registry `registry` (credential name) at `api_host`, with auth
    /// and retries. Returns only successful (2xx) responses; anything else is an error
    /// carrying the decoded OCI error envelope.
    pub async fn send(&self, registry: &str, api_host: &str, req: Request) -> Result<Response, RegistryError> {
        let host = self.host(registry, api_host);
        self.retrying(|| self.send_once(&host, &req)).await
    }

    /// `ferry login`: proves this client's credentials for the registry. Basic registries
    /// answer an authenticated `GET /v2/`; token registries are asked for a token with the
    /// credentials, and for a refresh token (`offline_token`) to keep instead of the
    /// password, as docker login does. Returns that refresh token when the service gave one.
    pub async fn verify_login(&self, registry: &str, api_host: &str) -> Result<Option<Secret>, RegistryError> {
        let host = self.host(registry, api_host);
        self.retrying(|| async {
            let base = self.base(&host).await?;
            let challenge = host.auth.lock().await.challenge.clone();
            let credential = self.credential(&host)?;
            match (&challenge, &credential) {
                (Some(c), Some(cred)) if c.scheme == "bearer" && !cred.identity_token => {
                    let (realm_url, http, service) = self.token_service(&host, &base, c)?;
                    let resp = self.token_get(&http, &realm_url, service.as_deref(), &[], Some(cred), true).await?;
                    Ok(parse_token_response(realm_url.as_str(), Some(cred), resp).await?.refresh)
                }
                _ => {
                    self.send_once(&host, &Request::new(Method::GET, "/v2/", Vec::new())).await?;
                    Ok(None)
                }
            }
        })
        .await
    }

    /// How long to wait before retry number `attempt` (1-based): this client's backoff with
    /// jitter, or the server's `Retry-After` when longer. For callers that retry work the
    /// client cannot (a stream broken mid-body), so every retry follows one policy.
    pub fn retry_delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        backoff_delay(self.config.backoff, attempt, retry_after)
    }

    /// Whether `err` means "these credentials are wrong" (not "missing", not "denied").
    fn credentials_rejected(err: &RegistryError) -> bool {
        matches!(err, RegistryError::CredentialsRejected { .. } | RegistryError::Token { status: Some(401), .. })
    }

    /// One attempt of [`Client::send`], for callers that retry a larger unit of work
    /// themselves (a request plus reading its body).
    pub async fn send_no_retry(
        &self,
        registry: &str,
        api_host: &str,
        req: &Request,
    ) -> Result<Response, RegistryError> {
        let host = self.host(registry, api_host);
        self.send_once(&host, req).await
    }

    /// Runs `op` until it succeeds, fails for good, or retries run out.
    pub async fn retrying<T, F, Fut>(&self, mut op: F) -> Result<T, RegistryError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, RegistryError>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match op().await {
                Ok(v) => return Ok(v),
                Err(e) if e.is_retryable() && attempt <= self.config.retries => {
                    let delay = backoff_delay(self.config.backoff, attempt, e.retry_after());
                    self.reporter.event(Event::Warning(format!(
                        "{e}; retrying in {:.1}s (attempt {} of {})",
                        delay.as_secs_f64(),
                        attempt + 1,
                        self.config.retries + 1
                    )));
                    tokio::time::sleep(delay).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The endpoint base (`https://host` or `http://host`), pinging once per host.
    async fn base(&self, host: &Host) -> Result<String, RegistryError> {
        // Not retried here: every caller already runs inside a retry loop.
        host.base.get_or_try_init(|| self.ping(host)).await.cloned()
    }

    async fn ping(&self, host: &Host) -> Result<String, RegistryError> {
        if is_loopback(&host.api_host) {
            // Loopback traffic never leaves the machine and the ping carries no credentials,
            // so asking plain HTTP first is safe, and it spares loading the system's CA
            // store (~40 ms) for the common local registry. A TLS registry answers plain
            // HTTP with 400 or a reset: then HTTPS it is, and its errors are the ones shown.
            if let Ok(base) = self.ping_scheme(host, "http").await {
                return Ok(base);
            }
            return self.ping_scheme(host, "https").await;
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
        let url = format!("{base}/v2/");
        let http = self.http(&host.api_host, scheme, host.insecure)?;
        let started = Instant::now();
        let resp = http.get(&url).send().await.map_err(|source| RegistryError::Transport {
            method: "GET".into(),
            url: url.clone(),
            source,
        })?;
        let status = resp.status();
        self.debug(|| format!("GET {url} -> {} ({} ms)", status.as_u16(), started.elapsed().as_millis()));
        if status == StatusCode::UNAUTHORIZED {
            let challenges = challenges_of(&resp);
            host.auth.lock().await.challenge = pick_challenge(challenges);
        } else if !status.is_success() {
            return Err(status_error("GET", &url, resp).await);
        }
        Ok(base)
    }

    async fn send_once(&self, host: &Host, req: &Request) -> Result<Response, RegistryError> {
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

    async fn send_once_as(&self, host: &Host, req: &Request) -> Result<Response, RegistryError> {
        let base = self.base(host).await?;
        let url = if req.path.starts_with("http://") || req.path.starts_with("https://") {
            req.path.clone()
        } else {
            format!("{base}{}", req.path)
        };
        let http =
            self.http(&host.api_host, if url.starts_with("http://") { "http" } else { "https" }, host.insecure)?;
        let mut scopes = req.scopes.clone();
        let mut refreshed = false;
        loop {
            let auth = self.authorization(host, &base, &scopes, refreshed).await?;
            let mut rb = http.request(req.method.clone(), &url).headers(req.headers.clone());
            if let Some(a) = auth {
                rb = rb.header(AUTHORIZATION, a);
            }
            if let Some(body) = &req.body {
                rb = rb.body(body.clone());
            } else if let Some(stream) = &req.stream {
                rb = rb.body(stream.make());
            }
            let started = Instant::now();
            let resp = rb.send().await.map_err(|source| RegistryError::Transport {
                method: req.method.to_string(),
                url: url.clone(),
                source,
            })?;
            let status = resp.status();
            self.debug(|| {
                format!("{} {url} -> {} ({} ms)", req.method, status.as_u16(), started.elapsed().as_millis())
            });
            if status.is_success() {
                return Ok(resp);
            }
            if status.is_redirection()
                && let Some(followed) = self.follow_to_https(req, &resp).await
            {
                return followed;
            }
            if status == StatusCode::UNAUTHORIZED {
                let challenges = challenges_of(&resp);
                let chosen = pick_challenge(challenges);
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
                return Err(auth_error(host, req, &url, credential.as_ref(), insufficient, resp).await);
            }
            if status == StatusCode::FORBIDDEN {
                let credential = self.credential(host)?;
                let detail = describe_body(resp).await;
                return Err(RegistryError::Denied {
                    registry: host.registry.clone(),
                    username: credential.map(|c| c.username),
                    method: req.method.to_string(),
                    url,
                    detail,
                });
            }
            return Err(status_error(req.method.as_str(), &url, resp).await);
        }
    }

    /// The `Authorization` value for these scopes under the host's current challenge.
    async fn authorization(
        &self,
        host: &Host,
        base: &str,
        scopes: &[String],
        force_new: bool,
    ) -> Result<Option<HeaderValue>, RegistryError> {
        let credential = self.credential(host)?;
        let mut state = host.auth.lock().await;
        let Some(challenge) = state.challenge.clone() else {
            return Ok(None);
        };
        match challenge.scheme.as_str() {
            "basic" => Ok(credential.map(|c| basic_header(&c.username, c.secret.expose()))),
            "bearer" => {
                let key = scope_key(scopes);
                if !force_new
                    && let Some(t) = state.tokens.get(&key)
                    && t.expires > Instant::now()
                {
                    return Ok(Some(bearer_header(&t.value)));
                }
                let token = self.fetch_token(host, base, &challenge, scopes, credential.as_ref()).await?;
                let header = bearer_header(&token.value);
                state.tokens.insert(key, token);
                Ok(Some(header))
            }
            _ => Ok(None),
        }
    }

    /// Follows a redirect from a plain-HTTP registry to `https://` (blob storage such as S3
    /// behind a local registry), which the plain client hands back unfollowed. Never with
    /// this registry's credentials: the target is another host with its own signature.
    async fn follow_to_https(&self, req: &Request, resp: &Response) -> Option<Result<Response, RegistryError>> {
        let location = resp.headers().get(reqwest::header::LOCATION)?.to_str().ok()?;
        let next = resp.url().join(location).ok()?;
        if next.scheme() != "https" || !matches!(req.method, Method::GET | Method::HEAD) {
            return None;
        }
        let host = match next.port() {
            Some(p) => format!("{}:{p}", next.host_str().unwrap_or_default()),
            None => next.host_str().unwrap_or_default().to_string(),
        };
        let started = Instant::now();
        let http = match self.http(&host, "https", false) {
            Ok(h) => h,
            Err(e) => return Some(Err(e)),
        };
        let url = next.to_string();
        let sent = http.request(req.method.clone(), next).headers(req.headers.clone()).send().await;
        Some(match sent {
            Err(source) => Err(RegistryError::Transport { method: req.method.to_string(), url, source }),
            Ok(r) => {
                self.debug(|| {
                    format!("{} {url} -> {} ({} ms)", req.method, r.status().as_u16(), started.elapsed().as_millis())
                });
                if r.status().is_success() { Ok(r) } else { Err(status_error(req.method.as_str(), &url, r).await) }
            }
        })
    }

    /// The token service a bearer challenge names, checked (no HTTPS → HTTP downgrade), with
    /// the HTTP client for its host and the `service` to ask for.
    fn token_service(
        &self,
        host: &Host,
        base: &str,
        challenge: &Challenge,
    ) -> Result<(url::Url, reqwest::Client, Option<String>), RegistryError> {
        let realm = challenge.param("realm").unwrap_or_default().to_string();
        let realm_url = url::Url::parse(&realm).map_err(|_| RegistryError::Token {
            realm: realm.clone(),
            status: None,
            message: format!("{} sent a bearer challenge without a usable realm", host.api_host),
        })?;
        if base.starts_with("https://") && realm_url.scheme() != "https" {
            return Err(RegistryError::InsecureRealm { registry: host.api_host.clone(), realm });
        }
        let realm_host = match realm_url.port() {
            Some(p) => format!("{}:{p}", realm_url.host_str().unwrap_or_default()),
            None => realm_url.host_str().unwrap_or_default().to_string(),
        };
        let http = self.http(&realm_host, realm_url.scheme(), host.insecure && realm_host == host.api_host)?;
        Ok((realm_url, http, challenge.param("service").map(str::to_string)))
    }

    async fn fetch_token(
        &self,
        host: &Host,
        base: &str,
        challenge: &Challenge,
        scopes: &[String],
        credential: Option<&Credential>,
    ) -> Result<Token, RegistryError> {
        let (realm_url, http, service) = self.token_service(host, base, challenge)?;
        let realm = realm_url.to_string();
        // No retry loop here: this runs inside the caller's (send's) retry loop.
        {
            let resp = match credential {
                Some(c) if c.identity_token => {
                    let mut form: Vec<(&str, String)> = vec![
                        ("grant_type", "refresh_token".into()),
                        ("refresh_token", c.secret.expose().to_string()),
                        ("client_id", "ferry".into()),
                        ("scope", scopes.join(" ")),
                    ];
                    if let Some(s) = &service {
                        form.push(("service", s.clone()));
                    }
                    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
                    let resp = http
                        .post(realm_url.clone())
                        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body(body)
                        .send()
                        .await
                        .map_err(|e| token_transport(&realm, e))?;
                    if resp.status() == StatusCode::NOT_FOUND {
                        // Older token servers only speak the GET flow.
                        self.token_get(&http, &realm_url, service.as_deref(), scopes, Some(c), false).await?
                    } else {
                        resp
                    }
                }
                other => self.token_get(&http, &realm_url, service.as_deref(), scopes, other, false).await?,
            };
            self.debug(|| {
                format!(
                    "token for {} from {realm} as {} -> {}",
                    scopes.join(" "),
                    credential.map_or("anonymous", |c| c.username.as_str()),
                    resp.status().as_u16()
                )
            });
            parse_token_response(&realm, credential, resp).await
        }
    }

    async fn token_get(
        &self,
        http: &reqwest::Client,
        realm: &url::Url,
        service: Option<&str>,
        scopes: &[String],
        credential: Option<&Credential>,
        offline: bool,
    ) -> Result<Response, RegistryError> {
        let mut u = realm.clone();
        {
            let mut q = u.query_pairs_mut();
            if let Some(s) = service {
                q.append_pair("service", s);
            }
            for s in scopes {
                q.append_pair("scope", s);
            }
            if let Some(c) = credential {
                q.append_pair("account", &c.username);
            }
            if offline {
                q.append_pair("offline_token", "true");
                q.append_pair("client_id", "ferry");
            }
        }
        let mut rb = http.get(u);
        if let Some(c) = credential {
            rb = rb.header(AUTHORIZATION, basic_header(&c.username, c.secret.expose()));
        }
        rb.send().await.map_err(|e| token_transport(realm.as_str(), e))
    }
}

fn token_transport(realm: &str, e: reqwest::Error) -> RegistryError {
    RegistryError::Transport { method: "GET".into(), url: realm.to_string(), source: e }
}

async fn parse_token_response(
    realm: &str,
    credential: Option<&Credential>,
    resp: Response,
) -> Result<Token, RegistryError> {
    #[derive(Deserialize)]
    struct TokenResponse {
        #[serde(default)]
        token: Option<String>,
        #[serde(default)]
        access_token: Option<String>,
        #[serde(default)]
        expires_in: Option<u64>,
        #[serde(default)]
        refresh_token: Option<String>,
    }
    let status = resp.status();
    let body = resp.bytes().await.map_err(|e| token_transport(realm, e))?;
    if !status.is_success() {
        let errors = decode_envelope(&body);
        let mut message = if errors.is_empty() {
            let text = String::from_utf8_lossy(&body);
            let text = text.trim();
            if text.is_empty() || text.len() > 300 {
                format!("HTTP {}", status.as_u16())
            } else {
                format!("HTTP {}: {text}", status.as_u16())
            }
        } else {
            errors.iter().map(|e| format!("{}: {}", e.code, e.message)).collect::<Vec<_>>().join("; ")
        };
        if status == StatusCode::UNAUTHORIZED
            && let Some(c) = credential
        {
            message = format!("credentials for {:?} were rejected: {message}", c.username);
        }
        return Err(RegistryError::Token { realm: realm.to_string(), status: Some(status.as_u16()), message });
    }
    let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| RegistryError::Token {
        realm: realm.to_string(),
        status: Some(status.as_u16()),
        message: format!("unreadable token response: {e}"),
    })?;
    let value = parsed.token.filter(|t| !t.is_empty()).or(parsed.access_token).ok_or_else(|| RegistryError::Token {
        realm: realm.to_string(),
        status: Some(status.as_u16()),
        message: "the response carries no token".into(),
    })?;
    // The token spec: absent means 60 s, and less than 60 s is treated as 60 s. Renew a
    // little early so a request never leaves with a token about to lapse.
    let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(60).max(60));
    Ok(Token {
        value: Secret::new(value),
        expires: Instant::now() + lifetime - Duration::from_secs(10),
        refresh: parsed.refresh_token.filter(|t| !t.is_empty()).map(Secret::new),
    })
}

fn basic_header(user: &str, password: &str) -> HeaderValue {
    let enc = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let mut v = HeaderValue::from_str(&format!("Basic {enc}")).expect("base64 is a valid header value");
    v.set_sensitive(true);
    v
}

fn bearer_header(token: &Secret) -> HeaderValue {
    let mut v = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
        .unwrap_or_else(|_| HeaderValue::from_static("Bearer invalid"));
    v.set_sensitive(true);
    v
}

fn challenges_of(resp: &Response) -> Vec<Challenge> {
    challenge::parse_all(resp.headers().get_all(WWW_AUTHENTICATE).iter().filter_map(|v| v.to_str().ok()))
}

/// Bearer when offered (it carries scopes), else Basic.
fn pick_challenge(challenges: Vec<Challenge>) -> Option<Challenge> {
    let bearer = challenges.iter().find(|c| c.scheme == "bearer").cloned();
    bearer.or_else(|| challenges.into_iter().find(|c| c.scheme == "basic"))
}

async fn describe_body(resp: Response) -> String {
    let body = resp.bytes().await.unwrap_or_default();
    decode_envelope(&body)
        .iter()
        .map(|e| if e.message.is_empty() { e.code.clone() } else { format!("{}: {}", e.code, e.message) })
        .collect::<Vec<_>>()
        .join("; ")
}

async fn auth_error(
    host: &Host,
    req: &Request,
    url: &str,
    credential: Option<&Credential>,
    insufficient: bool,
    resp: Response,
) -> RegistryError {
    let detail = describe_body(resp).await;
    let method = req.method.to_string();
    match credential {
        None => RegistryError::AuthRequired { registry: host.registry.clone(), method, url: url.to_string(), detail },
        Some(c) if insufficient => RegistryError::Denied {
            registry: host.registry.clone(),
            username: Some(c.username.clone()),
            method,
            url: url.to_string(),
            detail,
        },
        Some(c) => RegistryError::CredentialsRejected {
            registry: host.registry.clone(),
            username: c.username.clone(),
            method,
            url: url.to_string(),
            detail,
        },
    }
}

/// Reads a whole (small) body, refusing more than `limit` bytes before reading them:
/// `Ok(None)` when the body is larger. Callers name the oversize error for what it is.
pub(super) async fn read_body_capped(
    mut resp: Response,
    limit: u64,
    url: &str,
) -> Result<Option<Bytes>, RegistryError> {
    if resp.content_length().is_some_and(|l| l > limit) {
        return Ok(None);
    }
    let mut buf = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if buf.len() as u64 + chunk.len() as u64 > limit {
                    return Ok(None);
                }
                buf.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(Some(Bytes::from(buf))),
            Err(source) => return Err(RegistryError::Transport { method: "GET".into(), url: url.to_string(), source }),
        }
    }
}

pub(crate) async fn status_error(method: &str, url: &str, resp: Response) -> RegistryError {
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    // Error bodies are small; cap what we read so a hostile server cannot make us buffer.
    let mut body = Vec::new();
    let mut resp = resp;
    while let Ok(Some(chunk)) = resp.chunk().await {
        body.extend_from_slice(&chunk);
        if body.len() > 64 * 1024 {
            break;
        }
    }
    RegistryError::Status {
        method: method.to_string(),
        url: url.to_string(),
        status,
        errors: decode_envelope(&body),
        retry_after,
    }
}

// ---- Streaming request bodies (uploads, see registry/push.rs) ----

/// A request body streamed from elsewhere (a blob file, another registry's response).
/// Streams cannot be cloned, so the body is made by a factory, called once per send: an
/// auth round trip (401, new token, same request again) asks for a fresh one. A factory
/// that cannot start over returns a body that fails, and the caller resumes the upload.
#[derive(Clone)]
pub struct StreamingBody(Arc<dyn Fn() -> reqwest::Body + Send + Sync>);

impl StreamingBody {
    pub fn new(make: impl Fn() -> reqwest::Body + Send + Sync + 'static) -> StreamingBody {
        StreamingBody(Arc::new(make))
    }

    fn make(&self) -> reqwest::Body {
        (self.0)()
    }
}

impl std::fmt::Debug for StreamingBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamingBody")
    }
}

impl Request {
    /// Sends `body`, `length` bytes long. The length goes in `Content-Length` (registries
    /// and proxies refuse or mishandle chunked transfer encoding on uploads).
    pub fn streaming(mut self, body: StreamingBody, length: u64) -> Request {
        self.headers.insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(length));
        self.stream = Some(body);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for (h, want) in [
            ("localhost:5000", true),
            ("localhost", true),
            ("127.0.0.1:5000", true),
            ("127.1.2.3", true),
            ("[::1]:5000", true),
            ("registry-1.docker.io", false),
            ("10.0.0.1:5000", false),
            ("localhost.example.com", false),
            ("[2001:db8::1]:443", false),
        ] {
            assert_eq!(is_loopback(h), want, "{h}");
        }
    }

    #[test]
    fn scope_keys_ignore_order_and_duplicates() {
        let a = scope_key(&["repository:a:pull".into(), "repository:b:pull".into()]);
        let b = scope_key(&["repository:b:pull".into(), "repository:a:pull".into(), "repository:a:pull".into()]);
        assert_eq!(a, b);
    }

    #[test]
    fn backoff_grows_and_honours_retry_after() {
        let base = Duration::from_millis(400);
        for attempt in 1..=4 {
            let d = backoff_delay(base, attempt, None);
            let nominal = base * (1 << (attempt - 1));
            assert!(d >= nominal / 2 && d <= nominal * 3 / 2, "attempt {attempt}: {d:?}");
        }
        assert_eq!(backoff_delay(base, 1, Some(Duration::from_secs(3))), Duration::from_secs(3));
        assert_eq!(backoff_delay(base, 1, Some(Duration::from_secs(3600))), Duration::from_secs(120));
    }

    #[test]
    fn headers_are_sensitive() {
        assert!(basic_header("u", "p").is_sensitive());
        assert!(bearer_header(&Secret::new("t")).is_sensitive());
    }
}
