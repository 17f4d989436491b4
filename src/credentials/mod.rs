//! Credentials: where the secrets for a registry come from, and the types that carry them.
//!
//! Owns the [`Credential`] type (whose `Debug` never shows the secret), the
//! [`CredentialSource`] trait the registry client asks for a host's credentials, and the
//! [`Credentials`] resolver that combines every source in one documented order: one-shot flags,
//! the `FERRY_USERNAME`/`FERRY_PASSWORD` pair, docker's config.json family
//! ([`docker_config`], with credential helpers in [`helper`]) and ferry's own OS-keyring store
//! ([`keyring`]). ARCHITECTURE.md, "Credentials", gives the order and why.
//!
//! Nothing here prints or opens a network socket: warnings come back as [`Warning`] values for
//! the CLI to show, and the environment is read once into an [`Env`] so that tests can inject
//! HOME, DOCKER_CONFIG, PATH and friends without touching the process environment. (The OS
//! keyring talks to the Secret Service over the local D-Bus session socket; that is the only
//! connection this layer makes, and only when the keyring is used.)

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod docker_config;
pub mod helper;
pub mod keyring;
mod resolver;

pub use resolver::{Credentials, EraseOutcome, Origin, StoreLocation, StoreOutcome, StorePreference};

use crate::atomic_file;
use crate::reference::{DOCKER_HUB, DOCKER_HUB_CREDENTIAL_KEY};

/// A username and a secret for one registry. The secret is a password, a personal access
/// token, or (when `identity_token` is set) an OAuth2 refresh token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub username: String,
    pub secret: Secret,
    pub identity_token: bool,
}

impl Credential {
    pub fn basic(username: &str, password: &str) -> Credential {
        Credential { username: username.to_string(), secret: Secret(password.to_string()), identity_token: false }
    }

    /// An OAuth2 refresh token (docker's `identitytoken`). The username is informational.
    pub fn identity_token(username: &str, token: &str) -> Credential {
        Credential { username: username.to_string(), secret: Secret(token.to_string()), identity_token: true }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("username", &self.username)
            .field("secret", &self.secret)
            .field("identity_token", &self.identity_token)
            .finish()
    }
}

/// A secret string that redacts itself in `Debug` and `Display`. Read it with [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Why credentials could not be read or written. No variant ever carries a secret: messages
/// name the file, the key, the helper binary or the registry instead.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("reading credentials for {registry}: {message}")]
    Read { registry: String, message: String },
    /// A config.json-shaped source is unreadable or malformed. `location` is a path, or
    /// `DOCKER_AUTH_CONFIG` for the environment variable.
    #[error("{location}: {message}")]
    Config { location: String, message: String },
    #[error("writing {path}: {message}")]
    Write { path: PathBuf, message: String },
    /// The credential helper named in a config file is not on PATH.
    #[error("credential helper {program} is not installed (not found on PATH)")]
    HelperNotInstalled { program: String },
    #[error("credential helper {program} {action} failed: {message}")]
    HelperFailed { program: String, action: String, message: String },
    #[error("credential helper {program} {action} did not finish within {seconds} s")]
    HelperTimeout { program: String, action: String, seconds: u64 },
    /// No OS keyring service can be reached (headless machine, no D-Bus session bus, no
    /// Secret Service provider). The CLI falls back to config.json with a one-time warning.
    #[error("the OS keyring is not available: {reason}")]
    KeyringUnavailable { reason: String },
    /// The keyring answered but the operation failed (locked, prompt dismissed, bad data).
    #[error("OS keyring ({store}): {message}")]
    Keyring { store: String, message: String },
    /// `FERRY_USERNAME`/`FERRY_PASSWORD`/`FERRY_REGISTRY` are inconsistent.
    #[error("{0}")]
    Environment(String),
}

impl CredentialError {
    pub(crate) fn config(location: impl fmt::Display, message: impl Into<String>) -> Self {
        CredentialError::Config { location: location.to_string(), message: message.into() }
    }
    pub(crate) fn write(path: &Path, err: impl fmt::Display) -> Self {
        CredentialError::Write { path: path.to_path_buf(), message: err.to_string() }
    }
}

/// Where the registry client gets credentials for a registry host (`docker.io`,
/// `localhost:5000`). `Ok(None)` means "no credentials: go anonymous".
pub trait CredentialSource: Send + Sync {
    fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError>;
}

/// No credentials anywhere: every request is anonymous.
pub struct Anonymous;

impl CredentialSource for Anonymous {
    fn get(&self, _: &str) -> Result<Option<Credential>, CredentialError> {
        Ok(None)
    }
}

/// Credentials given on the command line for this one invocation: used for the named
/// registry only (never sent to another host), never written anywhere.
#[derive(Clone)]
pub struct OneShot {
    pub registry: String,
    pub credential: Credential,
}

impl CredentialSource for OneShot {
    fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError> {
        Ok((registry == self.registry).then(|| self.credential.clone()))
    }
}

/// Something the CLI should tell the user once (on stderr), returned instead of printed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Warning {
    /// A config file names a credential helper that is not installed; reads fell back to the
    /// file's `auths` entries.
    HelperMissing { program: String, config: String },
    /// `ferry login` wanted the OS keyring but none is running; the login went to a file.
    KeyringUnavailable { reason: String },
    /// A secret was written in plain text (base64 is not encryption) to this file.
    PlainTextStorage { path: PathBuf },
    /// `ferry logout` removed what it could, but this source still provides credentials.
    StillProvided { registry: String, origin: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::HelperMissing { program, config } => write!(
                f,
                "{config} names the credential helper {program}, which is not installed; \
                 using the credentials stored in the file itself"
            ),
            Warning::KeyringUnavailable { reason } => {
                write!(f, "the OS keyring is not available ({reason})")
            }
            Warning::PlainTextStorage { path } => write!(
                f,
                "your password is stored unencrypted in {}; configure a credential helper \
                 or an OS keyring to avoid this",
                path.display()
            ),
            Warning::StillProvided { registry, origin } => {
                write!(f, "credentials for {registry} are still provided by {origin}")
            }
        }
    }
}

/// How long a credential helper may run before ferry gives up on it (a helper waiting on a
/// GUI unlock prompt nobody sees would otherwise hang every pull).
pub const DEFAULT_HELPER_TIMEOUT: Duration = Duration::from_secs(30);

/// The parts of the process environment this layer reads, captured once. Tests build one by
/// hand (temp HOME, PATH with a fake helper) so they never mutate the process environment and
/// can run in parallel. Empty variables count as unset, as docker treats them.
#[derive(Clone)]
pub struct Env {
    pub home: Option<PathBuf>,
    /// `DOCKER_CONFIG`: the directory holding config.json.
    pub docker_config: Option<PathBuf>,
    /// `DOCKER_AUTH_CONFIG`: config.json text; read-only; may hold secrets, hence [`Secret`].
    pub docker_auth_config: Option<Secret>,
    /// `REGISTRY_AUTH_FILE`: podman/skopeo's auth.json.
    pub registry_auth_file: Option<PathBuf>,
    /// `PATH` used to find and run `docker-credential-*` helpers.
    pub path: Option<OsString>,
    pub ferry_username: Option<String>,
    pub ferry_password: Option<Secret>,
    /// `FERRY_REGISTRY`: comma-separated registries the FERRY_USERNAME/PASSWORD pair is for.
    pub ferry_registry: Option<String>,
    /// `FERRY_TEST_KEYRING_FILE`: replaces the OS keyring with a JSON file (tests only).
    pub test_keyring_file: Option<PathBuf>,
    pub dbus_session_bus_address: Option<OsString>,
    pub xdg_runtime_dir: Option<PathBuf>,
    /// `XDG_CONFIG_HOME` (podman's `auth.json` lives under it; default `~/.config`).
    pub xdg_config_home: Option<PathBuf>,
    pub helper_timeout: Duration,
}

impl Default for Env {
    /// An empty environment: no files, no helpers, no keyring bus.
    fn default() -> Env {
        Env {
            home: None,
            docker_config: None,
            docker_auth_config: None,
            registry_auth_file: None,
            path: None,
            ferry_username: None,
            ferry_password: None,
            ferry_registry: None,
            test_keyring_file: None,
            dbus_session_bus_address: None,
            xdg_runtime_dir: None,
            xdg_config_home: None,
            helper_timeout: DEFAULT_HELPER_TIMEOUT,
        }
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env")
            .field("home", &self.home)
            .field("docker_config", &self.docker_config)
            .field("docker_auth_config", &self.docker_auth_config)
            .field("registry_auth_file", &self.registry_auth_file)
            .field("ferry_username", &self.ferry_username)
            .field("ferry_password", &self.ferry_password)
            .field("ferry_registry", &self.ferry_registry)
            .field("test_keyring_file", &self.test_keyring_file)
            .finish_non_exhaustive()
    }
}

impl Env {
    /// Reads the process environment (the CLI's entry point does this once).
    pub fn from_process() -> Env {
        let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        let string = |k: &str| var(k).and_then(|v| v.into_string().ok());
        Env {
            home: dirs::home_dir(),
            docker_config: var("DOCKER_CONFIG").map(PathBuf::from),
            docker_auth_config: string("DOCKER_AUTH_CONFIG").map(Secret),
            registry_auth_file: var("REGISTRY_AUTH_FILE").map(PathBuf::from),
            path: var("PATH"),
            ferry_username: string("FERRY_USERNAME"),
            ferry_password: string("FERRY_PASSWORD").map(Secret),
            ferry_registry: string("FERRY_REGISTRY"),
            test_keyring_file: var("FERRY_TEST_KEYRING_FILE").map(PathBuf::from),
            dbus_session_bus_address: var("DBUS_SESSION_BUS_ADDRESS"),
            xdg_runtime_dir: var("XDG_RUNTIME_DIR").map(PathBuf::from),
            xdg_config_home: var("XDG_CONFIG_HOME").map(PathBuf::from),
            helper_timeout: DEFAULT_HELPER_TIMEOUT,
        }
    }

    /// docker's config.json: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
    pub fn docker_config_file(&self) -> Option<PathBuf> {
        match (&self.docker_config, &self.home) {
            (Some(dir), _) => Some(dir.join("config.json")),
            (None, Some(home)) => Some(home.join(".docker").join("config.json")),
            (None, None) => None,
        }
    }

    /// podman's and skopeo's own logins when `REGISTRY_AUTH_FILE` is not set, in their lookup
    /// order (containers-auth.json(5)): `$XDG_RUNTIME_DIR/containers/auth.json`, then
    /// `$XDG_CONFIG_HOME/containers/auth.json` (default `~/.config/containers/auth.json`).
    pub fn podman_auth_files(&self) -> Vec<PathBuf> {
        if self.registry_auth_file.is_some() {
            return Vec::new();
        }
        let config_home = self.xdg_config_home.clone().or_else(|| self.home.as_ref().map(|h| h.join(".config")));
        [self.xdg_runtime_dir.clone(), config_home]
            .into_iter()
            .flatten()
            .map(|dir| dir.join("containers").join("auth.json"))
            .collect()
    }

    /// The file `ferry login` writes when it does not use the OS keyring: REGISTRY_AUTH_FILE
    /// when set (as skopeo/podman do, and because it is read before docker's file, so a
    /// login written elsewhere could be shadowed by it), else docker's config.json.
    pub fn login_file(&self) -> Option<PathBuf> {
        self.registry_auth_file.clone().or_else(|| self.docker_config_file())
    }
}

/// Docker Hub's names as they appear in credential keys; all mean `docker.io`.
const DOCKER_HUB_ALIASES: [&str; 3] = ["docker.io", "index.docker.io", "registry-1.docker.io"];

/// Normalises a registry name or a config key to ferry's registry name: drops an
/// `http(s)://` scheme and any path (docker's `ConvertToHostname`), lowercases (host names
/// are case-insensitive), and maps Docker Hub's aliases to `docker.io`.
pub fn normalize_registry(name: &str) -> String {
    let stripped = strip_scheme(name).unwrap_or(name);
    let host = stripped.split('/').next().unwrap_or("").to_ascii_lowercase();
    if DOCKER_HUB_ALIASES.contains(&host.as_str()) { DOCKER_HUB.to_string() } else { host }
}

/// The key docker stores a registry's credentials under (config.json `auths`, helpers):
/// `https://index.docker.io/v1/` for Docker Hub, the bare host otherwise.
pub fn credential_key(registry: &str) -> String {
    let registry = normalize_registry(registry);
    if registry == DOCKER_HUB { DOCKER_HUB_CREDENTIAL_KEY.to_string() } else { registry }
}

pub(crate) fn strip_scheme(s: &str) -> Option<&str> {
    ["https://", "http://"]
        .iter()
        .find_map(|p| s.get(..p.len()).filter(|head| head.eq_ignore_ascii_case(p)).map(|_| &s[p.len()..]))
}

/// Writes `bytes` to `path` so that readers see the old or the new file, never half of one
/// (`atomic_file`), mode 0600 from creation, so the secret is never world-readable even
/// briefly. A missing directory is created with mode 0700. A symlinked target is written
/// through, as docker does, so dotfile managers that link config.json keep working.
pub(crate) fn write_private_file(path: &Path, bytes: &[u8]) -> Result<(), CredentialError> {
    let target = atomic_file::resolve(path).map_err(|e| CredentialError::write(path, e))?;
    let dir = atomic_file::parent_dir(&target);
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(|e| CredentialError::write(dir, e))?;
    }
    atomic_file::write(&target, bytes, atomic_file::MODE_PRIVATE).map_err(|e| CredentialError::write(&target, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let c = Credential::basic("alice", "hunter2");
        let shown = format!("{c:?} {}", c.secret);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("alice"));
        let env = Env {
            docker_auth_config: Some(Secret::new("{\"auths\":\"hunter2\"}")),
            ferry_password: Some(Secret::new("hunter2")),
            ..Env::default()
        };
        assert!(!format!("{env:?}").contains("hunter2"));
    }

    #[test]
    fn one_shot_credentials_stay_with_their_registry() {
        let src = OneShot { registry: "r.example:5000".into(), credential: Credential::basic("u", "p") };
        assert!(src.get("r.example:5000").unwrap().is_some());
        assert!(src.get("other.example").unwrap().is_none());
    }

    #[test]
    fn registry_names_normalise_like_docker_keys() {
        let cases = [
            ("docker.io", "docker.io", "https://index.docker.io/v1/"),
            ("https://index.docker.io/v1/", "docker.io", "https://index.docker.io/v1/"),
            ("index.docker.io", "docker.io", "https://index.docker.io/v1/"),
            ("registry-1.docker.io", "docker.io", "https://index.docker.io/v1/"),
            ("http://localhost:5000", "localhost:5000", "localhost:5000"),
            ("https://ghcr.io/v2/", "ghcr.io", "ghcr.io"),
            ("HTTPS://GHCR.IO", "ghcr.io", "ghcr.io"),
            ("[::1]:5000", "[::1]:5000", "[::1]:5000"),
            ("quay.io/ns/repo", "quay.io", "quay.io"),
        ];
        for (input, registry, key) in cases {
            assert_eq!(normalize_registry(input), registry, "{input}");
            assert_eq!(credential_key(input), key, "{input}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_0600_in_a_0700_dir_and_replaced_atomically() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("new-dir").join("config.json");
        write_private_file(&path, b"one").unwrap();
        write_private_file(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n != "config.json")
            .collect();
        assert!(leftovers.is_empty(), "temp files left behind: {leftovers:?}");
    }

    #[cfg(unix)]
    #[test]
    fn writing_through_a_symlink_keeps_the_link() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real.json");
        std::fs::write(&real, b"old").unwrap();
        let link = tmp.path().join("config.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_private_file(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }
}
