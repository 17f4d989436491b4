//! The `reqwest` clients behind the gate: one per TLS setup, shared where they can be so
//! connection pools are too. Owns TLS trust (system roots, extra CA files, a host's certs.d
//! CAs and client certificate, `--insecure`), timeouts, HTTP/2 windows, redirect policies and
//! proxies (as [`super::proxy`] decides: never for loopback). Only [`super::gate`] sends with
//! these clients. Reads no files except the CA and certificate files it is handed.

use std::collections::HashMap;
use std::sync::Mutex;

use super::client::ClientConfig;
use super::error::RegistryError;
use super::tls::{self, HostTls};

pub(super) struct HttpClients {
    config: ClientConfig,
    /// Clients by (host, accept invalid certificates); hosts without certs.d material share
    /// the "" entry, so connection pools are shared where they can be.
    clients: Mutex<HashMap<(String, bool), reqwest::Client>>,
    /// certs.d material by host, read once per host.
    host_tls: Mutex<HashMap<String, Result<HostTls, String>>>,
}

impl HttpClients {
    pub(super) fn new(config: ClientConfig) -> HttpClients {
        HttpClients { config, clients: Mutex::new(HashMap::new()), host_tls: Mutex::new(HashMap::new()) }
    }

    fn builder(&self) -> reqwest::ClientBuilder {
        // reqwest's own reading of the proxy variables proxies loopback registries too;
        // `ProxyRules` never does (as docker and Go do not).
        let mut b = reqwest::Client::builder().no_proxy();
        if !self.config.proxies.is_empty() {
            let rules = self.config.proxies.clone();
            b = b.proxy(reqwest::Proxy::custom(move |url| rules.proxy_for(url)));
        }
        b.user_agent(&self.config.user_agent)
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
    /// and the gate follows it, without credentials.
    fn plain_http(&self) -> Result<reqwest::Client, RegistryError> {
        let mut clients = self.clients.lock().unwrap();
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

    fn build_https(&self, accept_invalid: bool, host_tls: &HostTls) -> Result<reqwest::Client, String> {
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

    /// certs.d material for `host`, read once.
    fn host_tls(&self, host: &str) -> Result<HostTls, RegistryError> {
        let mut cache = self.host_tls.lock().unwrap();
        let t = cache.entry(host.to_string()).or_insert_with(|| tls::host_tls(&self.config.certs_d, host)).clone();
        t.map_err(|message| RegistryError::Protocol { url: host.to_string(), message })
    }

    /// The client for `scheme://host` (`host` is `name[:port]`), with that host's certs.d
    /// material; `insecure` accepts any certificate. `also_trust` names a registry whose
    /// certs.d CAs are trusted too: a token service the registry named is trusted with the
    /// registry's TLS configuration, as docker does.
    pub(super) fn client(
        &self,
        host: &str,
        scheme: &str,
        insecure: bool,
        also_trust: Option<&str>,
    ) -> Result<reqwest::Client, RegistryError> {
        if scheme == "http" {
            return self.plain_http();
        }
        let mut host_tls = self.host_tls(host)?;
        let mut key_host = host.to_string();
        if let Some(other) = also_trust.filter(|o| *o != host) {
            let extra = self.host_tls(other)?.ca_files;
            if !extra.is_empty() {
                host_tls.ca_files.extend(extra);
                key_host = format!("{host} {other}");
            }
        }
        let setup_error = |message: String| RegistryError::Protocol { url: host.to_string(), message };
        let key = (if host_tls.is_empty() { String::new() } else { key_host }, insecure);
        let mut clients = self.clients.lock().unwrap();
        if let Some(c) = clients.get(&key) {
            return Ok(c.clone());
        }
        let client = self.build_https(insecure, &host_tls).map_err(setup_error)?;
        clients.insert(key, client.clone());
        Ok(client)
    }
}

/// `host[:port]` of a URL as it would be written in a reference (the port only when the URL
/// names one), the key for TLS material and for where credentials may go.
pub fn authority(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    }
}

/// Whether `url` is served by `authority` (`host[:port]`, as in [`authority`]): same host,
/// case-insensitively, and the same port, a missing one meaning the scheme's default.
pub(super) fn same_authority(url: &url::Url, authority: &str) -> bool {
    let (host, port) = split_authority(authority);
    let default_port = match url.scheme() {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    };
    url.host_str().is_some_and(|h| h.eq_ignore_ascii_case(host)) && port.or(default_port) == url.port_or_known_default()
}

fn split_authority(authority: &str) -> (&str, Option<u16>) {
    // `[v6]:port`, `[v6]`, `name:port`, `name`.
    let (host, rest) = match authority.find(']') {
        Some(end) => authority.split_at(end + 1),
        None => authority.split_at(authority.rfind(':').unwrap_or(authority.len())),
    };
    (host, rest.strip_prefix(':').and_then(|p| p.parse().ok()))
}

/// Loopback hosts (`localhost`, `127.0.0.0/8`, `::1`): where plain HTTP is tried first.
pub(super) fn is_loopback(api_host: &str) -> bool {
    let host = if let Some(rest) = api_host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        api_host.rsplit_once(':').map_or(api_host, |(h, _)| h)
    };
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
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
    fn authorities_match_hosts_and_ports() {
        let u = |s: &str| url::Url::parse(s).unwrap();
        for (url, authority, want) in [
            ("https://r.example/v2/", "r.example", true),
            ("https://R.Example/v2/", "r.example", true),
            ("https://r.example/v2/", "r.example:443", true),
            ("https://r.example:5000/v2/", "r.example:5000", true),
            ("http://127.0.0.1:5000/v2/", "127.0.0.1:5000", true),
            ("http://[::1]:5000/v2/", "[::1]:5000", true),
            ("https://r.example:5000/v2/", "r.example", false),
            ("http://127.0.0.1:5001/v2/", "127.0.0.1:5000", false),
            ("https://elsewhere.example/v2/", "r.example", false),
            ("https://r.example.evil/v2/", "r.example", false),
            ("http://[::1]:5001/v2/", "[::1]:5000", false),
        ] {
            assert_eq!(same_authority(&u(url), authority), want, "{url} vs {authority}");
        }
        assert_eq!(authority(&u("http://[::1]:5000/v2/")), "[::1]:5000");
        assert_eq!(authority(&u("https://r.example/v2/")), "r.example");
    }
}
