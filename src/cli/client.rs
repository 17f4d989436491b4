//! Registry clients from the command line: the network options every registry command
//! takes, TLS settings from the environment, and the credentials a user has (one-shot
//! flags, the environment, stored logins).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::Args;

use super::reporter;
use crate::credentials::{Credential, Credentials, OneShot, Origin, normalize_registry};
use crate::mirrors::Mirrors;
use crate::progress::{Event, Reporter};
use crate::reference::{DOCKER_HUB, DOCKER_HUB_API_HOST, Reference};
use crate::registry::{Client, ClientConfig, ProxyRules};

/// Options shared by every command that talks to a registry.
#[derive(Args, Debug, Clone)]
pub struct NetArgs {
    /// Allow plain HTTP and unverified TLS for this registry (loopback registries may
    /// always fall back to plain HTTP)
    #[arg(long)]
    pub insecure: bool,

    /// Username for this command only (never stored); the password is read from stdin
    #[arg(short, long, requires = "password_stdin", value_name = "USER")]
    pub username: Option<String>,

    /// Read the password or token for --username from standard input
    #[arg(long, requires = "username")]
    pub password_stdin: bool,

    /// Retries for failed requests and broken downloads
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub retries: u32,
}

/// The transport settings every registry client shares: insecure hosts, extra CAs from
/// `SSL_CERT_FILE`, and the certs.d roots.
pub fn client_config(insecure: bool, registry: &str, api_host: &str) -> ClientConfig {
    let mut config = ClientConfig::default();
    if insecure {
        config.insecure_hosts.push(registry.to_string());
        config.insecure_hosts.push(api_host.to_string());
    }
    if let Some(path) = std::env::var_os("SSL_CERT_FILE") {
        config.ca_files.push(PathBuf::from(path));
    }
    config.certs_d = certs_d_roots();
    config.proxies = ProxyRules::from_vars(|name| std::env::var(name).ok());
    // Undocumented knobs for tests (a trickling server must fail in seconds, not minutes).
    if let Some(d) = seconds_from_env("FERRY_SMALL_BODY_DEADLINE") {
        config.small_body_deadline = d;
    }
    if let Some(d) = seconds_from_env("FERRY_BLOB_RATE_WINDOW") {
        config.blob_rate_window = d;
    }
    config
}

/// The registries configuration (registries.conf, daemon.json): its insecure hosts (plain
/// HTTP, unverified TLS) go into `config` as --insecure would put them, for every client,
/// and its mirrors are returned for the clients that read through them.
pub fn with_configured_registries(config: &mut ClientConfig, reporter: &dyn Reporter) -> Result<Arc<Mirrors>> {
    let configured = super::registries::load(reporter)?;
    config.insecure_hosts.extend(configured.insecure_hosts());
    Ok(configured)
}

fn seconds_from_env(name: &str) -> Option<std::time::Duration> {
    let secs: f64 = std::env::var(name).ok()?.trim().parse().ok()?;
    (secs.is_finite() && secs > 0.0).then(|| std::time::Duration::from_secs_f64(secs))
}

/// Builds a registry client for `reference`'s registry from the network options, with the
/// credentials the user has: one-shot flags, the environment, stored logins.
pub fn client_for(net: &NetArgs, reference: &Reference, reporter: Arc<reporter::CliReporter>) -> Result<Arc<Client>> {
    client_for_pair(net, reference, None, reporter)
}

/// Like [`client_for`], for commands that read from one registry and write to another
/// (`copy`): stored credentials are looked up for both, `--insecure` covers both, and the
/// one-shot `--username` credentials belong to `reference` (the destination).
pub fn client_for_pair(
    net: &NetArgs,
    reference: &Reference,
    other: Option<&Reference>,
    reporter: Arc<reporter::CliReporter>,
) -> Result<Arc<Client>> {
    build_client(net, reference, other, reporter, true)
}

/// A client whose reads, too, go to the registry itself and never to a mirror: for
/// `delete`, which must resolve a tag where it deletes (a mirror's answer may be stale).
pub fn client_at_registry(
    net: &NetArgs,
    reference: &Reference,
    reporter: Arc<reporter::CliReporter>,
) -> Result<Arc<Client>> {
    build_client(net, reference, None, reporter, false)
}

fn build_client(
    net: &NetArgs,
    reference: &Reference,
    other: Option<&Reference>,
    reporter: Arc<reporter::CliReporter>,
    mirrors: bool,
) -> Result<Arc<Client>> {
    let mut config = client_config(net.insecure, reference.registry(), reference.api_host());
    if let Some(o) = other.filter(|_| net.insecure) {
        config.insecure_hosts.push(o.registry().to_string());
        config.insecure_hosts.push(o.api_host().to_string());
    }
    config.retries = net.retries;
    let configured = with_configured_registries(&mut config, reporter.as_ref())?;
    if mirrors {
        config.mirrors = configured;
    }
    let mut credentials = Credentials::new(super::context::credentials_env())
        .for_repository(reference.registry(), reference.repository());
    if let Some(o) = other {
        credentials = credentials.for_repository(o.registry(), o.repository());
    }
    if let Some(user) = &net.username {
        let password = read_password_stdin()?;
        credentials = credentials.with_one_shot(OneShot {
            registry: reference.registry().to_string(),
            credential: Credential::basic(user, &password),
        });
    }
    let resolved = credentials
        .resolve(reference.registry(), Some(reference.repository()))
        .with_context(|| format!("looking up credentials for {}", reference.registry()))?;
    if let Some((credential, origin)) = &resolved {
        reporter.event(Event::Debug(format!(
            "credentials for {} as {:?} from {origin}",
            reference.registry(),
            credential.username
        )));
        // A stale stored login must not block a public pull; explicit input is never
        // second-guessed.
        config.anonymous_fallback =
            matches!(origin, Origin::Keyring { .. } | Origin::Helper { .. } | Origin::File { .. });
    }
    for w in credentials.take_warnings() {
        reporter.event(Event::Warning(w.to_string()));
    }
    Ok(Arc::new(Client::new(config, Arc::new(credentials), reporter)))
}

/// Where docker and podman keep per-registry TLS material, most specific to the user first.
fn certs_d_roots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Some(config) = dirs::config_dir() {
        roots.push(config.join("containers/certs.d"));
    }
    if let Some(home) = dirs::home_dir() {
        roots.push(home.join(".docker/certs.d"));
    }
    roots.push(PathBuf::from("/etc/containers/certs.d"));
    roots.push(PathBuf::from("/etc/docker/certs.d"));
    roots
}

pub fn read_password_stdin() -> Result<String> {
    let mut s = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading the password from standard input")?;
    let password = s.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        anyhow::bail!("--password-stdin: standard input was empty");
    }
    Ok(password)
}

/// The registry's name for credentials and the host its API answers on.
pub fn registry_hosts(server: Option<&str>) -> (String, String) {
    let registry = normalize_registry(server.unwrap_or(DOCKER_HUB));
    let api_host = if registry == DOCKER_HUB { DOCKER_HUB_API_HOST.to_string() } else { registry.clone() };
    (registry, api_host)
}
