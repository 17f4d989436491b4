//! docker's config.json family: `~/.docker/config.json` (or `$DOCKER_CONFIG/config.json`),
//! podman/skopeo's `REGISTRY_AUTH_FILE`, and the `DOCKER_AUTH_CONFIG` variable, which all share
//! one JSON shape (docker's `docker config-file` reference; podman's containers-auth.json(5)).
//!
//! Owns reading a host's credentials from one such document (`credHelpers[H]` → `credsStore` →
//! `auths`, with docker's key normalisation and podman's namespaced `host/ns/repo` keys), and
//! storing or erasing one registry's entry while keeping every other field of the file as it
//! was. It does not decide which file wins over which (that is the resolver in `mod.rs`), and it
//! never prints: a helper that is configured but not installed comes back as a [`Warning`].
//!
//! Keys are kept in a `serde_json::Map`, which (without serde_json's `preserve_order`) sorts
//! them: a rewritten file keeps every field but not their order. docker itself writes map keys
//! sorted and does not care; enabling `preserve_order` would change JSON key order for all of
//! ferry, manifests included, which is not this module's call to make.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

use super::helper::Helper;
use super::{Credential, CredentialError, Env, Warning, credential_key, normalize_registry};

/// The most of a config.json-shaped file ferry reads: real ones are a few KiB, even with
/// hundreds of logins.
pub const MAX_CONFIG_FILE: u64 = 4 << 20;

/// Fields of an `auths` entry that carry a credential; everything else in an entry (e.g. the
/// legacy `email`) survives a store.
const CREDENTIAL_FIELDS: [&str; 5] = ["auth", "username", "password", "identitytoken", "registrytoken"];

/// docker writes `auth` with standard padding; some tools drop the padding, and docker's own
/// decoder is the only reason to be strict, so accept both.
const AUTH_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Where a config document came from, for messages and for saving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigSource {
    /// The `DOCKER_AUTH_CONFIG` environment variable: read-only, helpers ignored.
    EnvVar,
    File(PathBuf),
}

impl fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigSource::EnvVar => f.write_str("DOCKER_AUTH_CONFIG"),
            ConfigSource::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// How a credential was found in a config document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    /// From the credential helper (`docker-credential-…`) configured for the host.
    Helper { program: String },
    /// Inline in `auths`, under this key.
    Auths { key: String },
}

/// The result of a lookup: maybe a credential, and things to tell the user.
#[derive(Debug, Default)]
pub struct Lookup {
    pub credential: Option<(Credential, Via)>,
    pub warnings: Vec<Warning>,
}

/// How `store` kept the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredVia {
    /// In the credential helper; `auths[key]` became `{}` as docker writes it.
    Helper { program: String },
    /// base64 in the file itself: the CLI warns once, naming the file.
    PlainText,
}

/// What `erase` did, in memory and in helpers; the caller saves the file.
#[derive(Debug, Default)]
pub struct Erased {
    pub removed_keys: Vec<String>,
    /// The helper that was asked to erase, if one is configured and ran.
    pub helper: Option<String>,
    pub warnings: Vec<Warning>,
    /// A helper erase that failed (the file part still happened).
    pub helper_error: Option<CredentialError>,
}

/// One config.json-shaped document, unknown fields and all.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    source: ConfigSource,
    root: Map<String, Value>,
}

/// What an `auths`/`credHelpers` key refers to.
#[derive(Debug, PartialEq, Eq)]
enum KeyScope {
    /// A whole registry: `ghcr.io`, `https://index.docker.io/v1/` (path ignored, as docker does).
    Host(String),
    /// podman's repository-scoped entry: `quay.io/ns` or `quay.io/ns/repo`.
    Namespaced { host: String, path: String },
}

fn key_scope(key: &str) -> KeyScope {
    let has_scheme = super::strip_scheme(key).is_some();
    match key.split_once('/') {
        Some((host, path)) if !has_scheme && !path.is_empty() => {
            KeyScope::Namespaced { host: normalize_registry(host), path: path.trim_end_matches('/').to_string() }
        }
        _ => KeyScope::Host(normalize_registry(key)),
    }
}

impl ConfigFile {
    /// Parses config text. An empty or whitespace-only file counts as `{}` (docker does the
    /// same; a truncated-by-accident file is better reported than silently emptied, but an
    /// empty one is common after `touch`).
    pub fn parse(source: ConfigSource, text: &str) -> Result<ConfigFile, CredentialError> {
        if text.trim().is_empty() {
            return Ok(ConfigFile { source, root: Map::new() });
        }
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(root)) => Ok(ConfigFile { source, root }),
            Ok(_) => Err(CredentialError::config(&source, "is not a JSON object")),
            // serde_json's message is position-only; it never quotes the (secret-bearing) text.
            Err(e) => Err(CredentialError::config(&source, format!("is not valid JSON: {e}"))),
        }
    }

    /// Reads a file; `Ok(None)` when it does not exist. Only a regular file of at most
    /// [`MAX_CONFIG_FILE`] bytes is read: a FIFO or a device at the path is refused, not
    /// waited on or read forever.
    pub fn load(path: &Path) -> Result<Option<ConfigFile>, CredentialError> {
        match crate::local_file::read_to_string(path, MAX_CONFIG_FILE) {
            Ok(text) => ConfigFile::parse(ConfigSource::File(path.to_path_buf()), &text).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(CredentialError::config(path.display(), format!("cannot be read: {e}"))),
        }
    }

    /// Reads a file, or starts an empty one to be created on save.
    pub fn load_or_empty(path: &Path) -> Result<ConfigFile, CredentialError> {
        Ok(ConfigFile::load(path)?
            .unwrap_or(ConfigFile { source: ConfigSource::File(path.to_path_buf()), root: Map::new() }))
    }

    /// `DOCKER_AUTH_CONFIG`, when set.
    pub fn from_env(env: &Env) -> Result<Option<ConfigFile>, CredentialError> {
        env.docker_auth_config.as_ref().map(|text| ConfigFile::parse(ConfigSource::EnvVar, text.expose())).transpose()
    }

    pub fn source(&self) -> &ConfigSource {
        &self.source
    }

    /// The credential helper name configured for `registry`: `credHelpers` (keys matched
    /// like `auths` keys), else `credsStore`. `DOCKER_AUTH_CONFIG` never runs helpers: it is
    /// meant to carry literal credentials into CI.
    pub fn helper_for(&self, registry: &str) -> Result<Option<String>, CredentialError> {
        if self.source == ConfigSource::EnvVar {
            return Ok(None);
        }
        let host = normalize_registry(registry);
        let key = credential_key(&host);
        if let Some(helpers) = self.object("credHelpers")? {
            let found = [key.as_str(), host.as_str()]
                .into_iter()
                .find_map(|k| helpers.get_key_value(k))
                .or_else(|| helpers.iter().find(|(k, _)| key_scope(k) == KeyScope::Host(host.clone())));
            if let Some((k, v)) = found {
                return match v {
                    Value::String(name) if !name.is_empty() => Ok(Some(name.clone())),
                    Value::String(_) => Ok(None),
                    _ => Err(CredentialError::config(&self.source, format!("credHelpers[{k:?}] is not a string"))),
                };
            }
        }
        match self.root.get("credsStore") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(CredentialError::config(&self.source, "credsStore is not a string")),
        }
    }

    /// Credentials for `registry` (and, for namespaced entries, `repository` within it).
    ///
    /// Order, as docker and containers/image do it: the host's credential helper; then
    /// `auths`, most specific first: `host/ns/repo`, `host/ns`, the exact docker key
    /// (`https://index.docker.io/v1/` for Docker Hub, the host otherwise), the bare host, then
    /// any other key that names the same host (`https://host/v1/`, `http://host`). An entry
    /// without a credential (`{}`: "the helper has it") is passed over. A helper that is not
    /// installed falls back to `auths` with a warning; a helper that fails is an error.
    pub fn lookup(&self, registry: &str, repository: Option<&str>, env: &Env) -> Result<Lookup, CredentialError> {
        let host = normalize_registry(registry);
        let mut found = Lookup::default();
        if let Some(name) = self.helper_for(&host)? {
            let helper = Helper::new(&name, env);
            match helper.get(&credential_key(&host)) {
                Ok(Some(c)) => {
                    found.credential = Some((c, Via::Helper { program: helper.program().to_string() }));
                    return Ok(found);
                }
                Ok(None) => {}
                Err(CredentialError::HelperNotInstalled { program }) => {
                    found.warnings.push(Warning::HelperMissing { program, config: self.source.to_string() });
                }
                Err(e) => return Err(e),
            }
        }
        let Some(auths) = self.object("auths")? else { return Ok(found) };
        for key in candidate_keys(auths, &host, repository) {
            if let Some(c) = decode_entry(&self.source, &key, &auths[key.as_str()])? {
                found.credential = Some((c, Via::Auths { key }));
                return Ok(found);
            }
        }
        Ok(found)
    }

    /// Stores `credential` for `registry` as docker would: through the helper configured for
    /// the host (leaving `auths[key] = {}` as docker's marker), else base64 in `auths`.
    /// Changes memory and the helper; call [`ConfigFile::save`] to write the file.
    pub fn store(&mut self, registry: &str, credential: &Credential, env: &Env) -> Result<StoredVia, CredentialError> {
        let host = normalize_registry(registry);
        let key = credential_key(&host);
        let helper = self.helper_for(&host)?;
        let via = match &helper {
            Some(name) => {
                let helper = Helper::new(name, env);
                helper.store(&key, credential)?;
                StoredVia::Helper { program: helper.program().to_string() }
            }
            None => StoredVia::PlainText,
        };
        let auths = self.object_mut("auths")?;
        let entry = auths.entry(key.clone()).or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(entry) = entry else { unreachable!("made an object above") };
        for field in CREDENTIAL_FIELDS {
            entry.remove(field);
        }
        if via == StoredVia::PlainText {
            let password = if credential.identity_token { "" } else { credential.secret.expose() };
            // docker's encodeAuth: nothing when both parts are empty (a bare identity token).
            if !(credential.username.is_empty() && password.is_empty()) {
                let auth = AUTH_BASE64.encode(format!("{}:{password}", credential.username));
                entry.insert("auth".into(), Value::String(auth));
            }
            if credential.identity_token {
                entry.insert("identitytoken".into(), Value::String(credential.secret.expose().to_string()));
            }
        }
        Ok(via)
    }

    /// Removes every `auths` entry for `registry` (docker key, bare host, URL forms, and
    /// podman's namespaced `host/…` entries: "log out of the host" means all of them) and asks
    /// the host's helper to erase its copy. Call [`ConfigFile::save`] afterwards.
    pub fn erase(&mut self, registry: &str, env: &Env) -> Result<Erased, CredentialError> {
        let host = normalize_registry(registry);
        let mut erased = Erased::default();
        let keys: Vec<String> = match self.object("auths")? {
            Some(auths) => auths
                .keys()
                .filter(|k| match key_scope(k) {
                    KeyScope::Host(h) | KeyScope::Namespaced { host: h, .. } => h == host,
                })
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        if let Some(name) = self.helper_for(&host)? {
            let helper = Helper::new(&name, env);
            let mut urls: BTreeSet<String> =
                keys.iter().filter(|k| matches!(key_scope(k), KeyScope::Host(_))).cloned().collect();
            urls.insert(credential_key(&host));
            for url in urls {
                match helper.erase(&url) {
                    Ok(()) => erased.helper = Some(helper.program().to_string()),
                    Err(CredentialError::HelperNotInstalled { program }) => {
                        erased.warnings.push(Warning::HelperMissing { program, config: self.source.to_string() });
                        break;
                    }
                    Err(e) => {
                        erased.helper_error.get_or_insert(e);
                    }
                }
            }
        }
        if !keys.is_empty() {
            let auths = self.object_mut("auths")?;
            for k in &keys {
                auths.remove(k);
            }
        }
        erased.removed_keys = keys;
        Ok(erased)
    }

    /// Registries this document holds logins for (hosts, as ferry names them): its `auths`
    /// entries and what its `credsStore` helper lists. For `ferry logout --all`.
    pub fn registries(&self, env: &Env) -> Result<(BTreeSet<String>, Vec<Warning>), CredentialError> {
        let mut out = BTreeSet::new();
        let mut warnings = Vec::new();
        // `credHelpers` only says which helper serves a host, not that a login exists (docker
        // marks helper-held logins with an `auths` entry, which is listed).
        if let Some(auths) = self.object("auths")? {
            out.extend(auths.keys().map(|k| match key_scope(k) {
                KeyScope::Host(h) | KeyScope::Namespaced { host: h, .. } => h,
            }));
        }
        if self.source != ConfigSource::EnvVar
            && let Some(Value::String(name)) = self.root.get("credsStore")
            && !name.is_empty()
        {
            match Helper::new(name, env).list() {
                Ok(listed) => out.extend(listed.keys().map(|url| normalize_registry(url))),
                Err(CredentialError::HelperNotInstalled { program }) => {
                    warnings.push(Warning::HelperMissing { program, config: self.source.to_string() })
                }
                Err(e) => return Err(e),
            }
        }
        out.remove("");
        Ok((out, warnings))
    }

    /// The document as docker formats it (tab-indented).
    pub fn to_json(&self) -> String {
        let mut buf = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
        serde::Serialize::serialize(&self.root, &mut ser).expect("a JSON map always serialises");
        String::from_utf8(buf).expect("serde_json writes UTF-8")
    }

    /// Writes the document back atomically, mode 0600.
    pub fn save(&self) -> Result<(), CredentialError> {
        match &self.source {
            ConfigSource::File(path) => super::write_private_file(path, self.to_json().as_bytes()),
            ConfigSource::EnvVar => Err(CredentialError::config(&self.source, "is read-only")),
        }
    }

    fn object(&self, field: &str) -> Result<Option<&Map<String, Value>>, CredentialError> {
        match self.root.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(_) => Err(CredentialError::config(&self.source, format!("{field} is not a JSON object"))),
        }
    }

    fn object_mut(&mut self, field: &str) -> Result<&mut Map<String, Value>, CredentialError> {
        let slot = self.root.entry(field.to_string()).or_insert_with(|| Value::Object(Map::new()));
        if slot.is_null() {
            *slot = Value::Object(Map::new());
        }
        match slot {
            Value::Object(m) => Ok(m),
            _ => Err(CredentialError::config(&self.source, format!("{field} is not a JSON object"))),
        }
    }
}

/// `auths` keys that apply to `host` (and `repository`), best first.
fn candidate_keys(auths: &Map<String, Value>, host: &str, repository: Option<&str>) -> Vec<String> {
    let exact = credential_key(host);
    // Most specific namespace first: for `a/b/c`, rank 0 is `a/b/c`, 1 is `a/b`, 2 is `a`.
    let prefixes: Vec<&str> = match repository {
        Some(repo) => {
            let repo = repo.trim_matches('/');
            let mut v: Vec<&str> = repo.match_indices('/').map(|(i, _)| &repo[..i]).collect();
            v.push(repo);
            v.reverse();
            v
        }
        None => Vec::new(),
    };
    let n = prefixes.len();
    let mut ranked: Vec<(usize, &String)> = auths
        .keys()
        .filter_map(|k| {
            let rank = match key_scope(k) {
                KeyScope::Namespaced { host: h, path } if h == host => prefixes.iter().position(|p| *p == path)?,
                KeyScope::Host(h) if h == host => {
                    if *k == exact {
                        n
                    } else if *k == host {
                        n + 1
                    } else {
                        n + 2
                    }
                }
                _ => return None,
            };
            Some((rank, k))
        })
        .collect();
    // Stable sort: equal ranks keep the map's (sorted) order, so the choice is deterministic.
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, k)| k.clone()).collect()
}

/// One `auths` entry → a credential, or `None` for an entry that holds none (`{}`). Errors
/// name the source and key and never include the entry's content.
fn decode_entry(source: &ConfigSource, key: &str, entry: &Value) -> Result<Option<Credential>, CredentialError> {
    let bad = |what: String| CredentialError::config(source, format!("auths[{key:?}]{what}"));
    let Value::Object(entry) = entry else {
        return Err(bad(" is not a JSON object".into()));
    };
    let field = |name: &str| -> Result<Option<&str>, CredentialError> {
        match entry.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(bad(format!(".{name} is not a string"))),
        }
    };
    let mut username = field("username")?.unwrap_or("").to_string();
    let mut password = field("password")?.unwrap_or("").to_string();
    // docker: a non-empty `auth` overrides the separate fields.
    if let Some(auth) = field("auth")? {
        (username, password) = decode_auth(auth).map_err(|why| bad(format!(".auth {why}")))?;
    }
    if let Some(token) = field("identitytoken")? {
        return Ok(Some(Credential::identity_token(&username, token)));
    }
    Ok((!password.is_empty()).then(|| Credential::basic(&username, &password)))
}

/// base64(`user:password`), split at the first `:` so passwords may contain colons. The
/// reasons returned quote nothing from the value: even one decoded byte may be a secret's.
fn decode_auth(auth: &str) -> Result<(String, String), &'static str> {
    let bytes = AUTH_BASE64.decode(auth.trim()).map_err(|_| "is not valid base64")?;
    let text = String::from_utf8(bytes).map_err(|_| "does not decode to UTF-8 text")?;
    let (user, password) = text.split_once(':').ok_or("does not decode to \"username:password\"")?;
    Ok((user.to_string(), password.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(s)
    }

    fn doc(json: &str) -> ConfigFile {
        ConfigFile::parse(ConfigSource::File("/cfg/config.json".into()), json).unwrap()
    }

    fn user_of(file: &ConfigFile, registry: &str, repository: Option<&str>) -> Option<String> {
        file.lookup(registry, repository, &Env::default())
            .unwrap()
            .credential
            .map(|(c, _)| format!("{}:{}", c.username, c.secret.expose()))
    }

    #[test]
    fn keys_are_normalised_like_docker() {
        // (auths key in the file, registry ferry asks for, expected match)
        let cases = [
            ("https://index.docker.io/v1/", "docker.io", true),
            ("index.docker.io", "docker.io", true),
            ("docker.io", "docker.io", true),
            ("registry-1.docker.io", "docker.io", true),
            ("https://registry-1.docker.io/v2/", "docker.io", true),
            ("http://localhost:5000", "localhost:5000", true),
            ("https://ghcr.io/v1/", "ghcr.io", true),
            ("GHCR.io", "ghcr.io", true),
            ("[::1]:5000", "[::1]:5000", true),
            ("https://[::1]:5000", "[::1]:5000", true),
            ("localhost:5000", "localhost:5001", false),
            ("localhost", "localhost:5000", false),
            ("ghcr.io/org", "ghcr.io", false), // namespaced: only for repositories under it
            ("evil.example/ghcr.io", "ghcr.io", false),
        ];
        for (key, registry, matches) in cases {
            let file = doc(&format!(r#"{{"auths":{{"{key}":{{"auth":"{}"}}}}}}"#, b64("u:p")));
            assert_eq!(user_of(&file, registry, None).is_some(), matches, "{key} vs {registry}");
        }
    }

    #[test]
    fn exact_keys_win_over_legacy_forms() {
        let file = doc(&format!(
            r#"{{"auths":{{
                "http://ghcr.io":{{"auth":"{}"}},
                "https://ghcr.io/v1/":{{"auth":"{}"}},
                "ghcr.io":{{"auth":"{}"}},
                "docker.io":{{"auth":"{}"}},
                "https://index.docker.io/v1/":{{"auth":"{}"}}
            }}}}"#,
            b64("legacy1:p"),
            b64("legacy2:p"),
            b64("exact:p"),
            b64("bare:p"),
            b64("hub:p")
        ));
        assert_eq!(user_of(&file, "ghcr.io", None).unwrap(), "exact:p");
        assert_eq!(user_of(&file, "docker.io", None).unwrap(), "hub:p");
    }

    #[test]
    fn namespaced_keys_go_from_most_specific_to_host() {
        let file = doc(&format!(
            r#"{{"auths":{{
                "quay.io":{{"auth":"{}"}},
                "quay.io/org":{{"auth":"{}"}},
                "quay.io/org/app":{{"auth":"{}"}},
                "docker.io/library/redis":{{"auth":"{}"}}
            }}}}"#,
            b64("host:p"),
            b64("org:p"),
            b64("app:p"),
            b64("redis:p")
        ));
        let cases = [
            ("quay.io", Some("org/app"), Some("app:p")),
            ("quay.io", Some("org/app/sub"), Some("app:p")),
            ("quay.io", Some("org/other"), Some("org:p")),
            ("quay.io", Some("organisation/x"), Some("host:p")),
            ("quay.io", Some("other"), Some("host:p")),
            ("quay.io", None, Some("host:p")),
            ("docker.io", Some("library/redis"), Some("redis:p")),
            ("docker.io", Some("library/nginx"), None),
        ];
        for (registry, repo, want) in cases {
            assert_eq!(user_of(&file, registry, repo).as_deref(), want, "{registry} {repo:?}");
        }
    }

    #[test]
    fn auth_fields_decode_with_docker_rules() {
        // (entry JSON, expected "user:secret" / identity flag, or an error fragment)
        type Want = Result<Option<(&'static str, bool)>, &'static str>;
        let cases: Vec<(String, Want)> = vec![
            (format!(r#"{{"auth":"{}"}}"#, b64("alice:pa:ss:word")), Ok(Some(("alice:pa:ss:word", false)))),
            (format!(r#"{{"auth":"{}"}}"#, b64("alice:")), Ok(None)),
            (format!(r#"{{"auth":"{}"}}"#, b64(":secret")), Ok(Some((":secret", false)))),
            (format!(r#"{{"auth":"{}"}}"#, b64("bob:pw1").trim_end_matches('=')), Ok(Some(("bob:pw1", false)))),
            (format!(r#"{{"auth":" {} "}}"#, b64("bob:pw")), Ok(Some(("bob:pw", false)))),
            (r#"{"username":"carol","password":"pw"}"#.into(), Ok(Some(("carol:pw", false)))),
            (format!(r#"{{"auth":"{}","username":"x","password":"y"}}"#, b64("dave:pw")), Ok(Some(("dave:pw", false)))),
            (r#"{"identitytoken":"tok"}"#.into(), Ok(Some((":tok", true)))),
            (format!(r#"{{"auth":"{}","identitytoken":"tok"}}"#, b64("erin:")), Ok(Some(("erin:tok", true)))),
            (r#"{}"#.into(), Ok(None)),
            (r#"{"auth":""}"#.into(), Ok(None)),
            (r#"{"email":"x@example.com"}"#.into(), Ok(None)),
            (r#"{"auth":"c2VjcmV0!!!"}"#.into(), Err("auths[\"ghcr.io\"].auth is not valid base64")),
            (format!(r#"{{"auth":"{}"}}"#, b64("no-colon-here")), Err("does not decode to \"username:password\"")),
            (r#"{"auth":"/w=="}"#.into(), Err("does not decode to UTF-8")),
            (r#"{"auth":42}"#.into(), Err("auths[\"ghcr.io\"].auth is not a string")),
            (r#""string""#.into(), Err("auths[\"ghcr.io\"] is not a JSON object")),
        ];
        for (entry, want) in cases {
            let file = doc(&format!(r#"{{"auths":{{"ghcr.io":{entry}}}}}"#));
            let got = file.lookup("ghcr.io", None, &Env::default());
            match (got, want) {
                (Ok(l), Ok(w)) => {
                    let got =
                        l.credential.map(|(c, _)| (format!("{}:{}", c.username, c.secret.expose()), c.identity_token));
                    assert_eq!(got, w.map(|(s, t)| (s.to_string(), t)), "{entry}");
                }
                (Err(e), Err(fragment)) => {
                    let msg = e.to_string();
                    assert!(msg.contains(fragment), "{entry}: {msg}");
                    assert!(msg.contains("/cfg/config.json"), "names the file: {msg}");
                    assert!(!msg.contains("c2VjcmV0") && !msg.contains("secret"), "{msg}");
                    assert!(!msg.contains("no-colon-here"), "{msg}");
                }
                (got, want) => panic!("{entry}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn malformed_documents_are_reported_by_source() {
        for (text, fragment) in [
            ("[1]", "is not a JSON object"),
            ("{\"auths\":", "is not valid JSON"),
            (r#"{"auths":[]}"#, "auths is not a JSON object"),
            (r#"{"credsStore":1}"#, "credsStore is not a string"),
            (r#"{"credHelpers":{"ghcr.io":true}}"#, "credHelpers[\"ghcr.io\"] is not a string"),
        ] {
            let err = ConfigFile::parse(ConfigSource::File("/cfg/config.json".into()), text)
                .and_then(|f| f.lookup("ghcr.io", None, &Env::default()).map(|_| ()))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("/cfg/config.json: "), "{err}");
            assert!(err.contains(fragment), "{text}: {err}");
        }
        let err = ConfigFile::parse(ConfigSource::EnvVar, "{\"auths\":{\"x\":1}}")
            .and_then(|f| f.lookup("x", None, &Env::default()).map(|_| ()))
            .unwrap_err();
        assert_eq!(err.to_string(), "DOCKER_AUTH_CONFIG: auths[\"x\"] is not a JSON object");
        assert!(ConfigFile::parse(ConfigSource::EnvVar, "  \n").is_ok());
    }

    #[test]
    fn helper_selection_prefers_cred_helpers_then_creds_store() {
        let file = doc(r#"{"credsStore":"desktop","credHelpers":{
            "gcr.io":"gcloud","https://index.docker.io/v1/":"hub","quay.io":""}}"#);
        let cases = [
            ("gcr.io", Some("gcloud")),
            ("docker.io", Some("hub")),
            ("ghcr.io", Some("desktop")),
            ("quay.io", None), // an empty helper name switches helpers off for that host
        ];
        for (registry, want) in cases {
            assert_eq!(file.helper_for(registry).unwrap().as_deref(), want, "{registry}");
        }
        let env_doc = ConfigFile::parse(ConfigSource::EnvVar, r#"{"credsStore":"desktop"}"#).unwrap();
        assert_eq!(env_doc.helper_for("ghcr.io").unwrap(), None);
    }

    #[test]
    fn store_keeps_unknown_fields_and_writes_docker_shape() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config.json");
        std::fs::write(
            &path,
            r#"{"auths":{"ghcr.io":{"auth":"b2xkOm9sZA==","email":"a@b.c"},"quay.io":{"auth":"eDp5"}},
                "proxies":{"default":{"httpProxy":"http://proxy:3128"}},
                "currentContext":"remote","plugins":{"x":{"y":[1,2,{"z":null}]}}}"#,
        )
        .unwrap();
        let mut file = ConfigFile::load(&path).unwrap().unwrap();
        let via = file.store("ghcr.io", &Credential::basic("new", "pw:1"), &Env::default()).unwrap();
        assert_eq!(via, StoredVia::PlainText);
        file.store("docker.io", &Credential::identity_token("hubuser", "refresh"), &Env::default()).unwrap();
        file.save().unwrap();

        let saved: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(saved["proxies"]["default"]["httpProxy"], "http://proxy:3128");
        assert_eq!(saved["currentContext"], "remote");
        assert_eq!(saved["plugins"]["x"]["y"][2]["z"], Value::Null);
        assert_eq!(saved["auths"]["quay.io"]["auth"], "eDp5");
        assert_eq!(saved["auths"]["ghcr.io"]["email"], "a@b.c");
        assert_eq!(saved["auths"]["ghcr.io"]["auth"], b64("new:pw:1"));
        let hub = &saved["auths"]["https://index.docker.io/v1/"];
        assert_eq!(hub["auth"], b64("hubuser:"));
        assert_eq!(hub["identitytoken"], "refresh");
        assert!(std::fs::read_to_string(&path).unwrap().contains("\n\t\"auths\""), "tab-indented");

        let reread = ConfigFile::load(&path).unwrap().unwrap();
        assert_eq!(user_of(&reread, "ghcr.io", None).unwrap(), "new:pw:1");
    }

    #[cfg(unix)]
    #[test]
    fn saved_files_are_private_even_when_they_were_not() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config.json");
        std::fs::write(&path, "{}").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut file = ConfigFile::load(&path).unwrap().unwrap();
        file.store("ghcr.io", &Credential::basic("u", "p"), &Env::default()).unwrap();
        file.save().unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);

        let fresh = tmp.path().join("sub").join("config.json");
        let mut file = ConfigFile::load_or_empty(&fresh).unwrap();
        file.store("ghcr.io", &Credential::basic("u", "p"), &Env::default()).unwrap();
        file.save().unwrap();
        assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn a_failed_save_leaves_the_old_file_and_no_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        // The target is a non-empty directory: the final rename must fail.
        let path = tmp.path().join("config.json");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("keep"), "x").unwrap();
        let mut file = ConfigFile::load_or_empty(&tmp.path().join("elsewhere.json")).unwrap();
        file.source = ConfigSource::File(path.clone());
        file.store("ghcr.io", &Credential::basic("u", "secret-pw"), &Env::default()).unwrap();
        let err = file.save().unwrap_err().to_string();
        assert!(err.contains("config.json") && !err.contains("secret-pw"), "{err}");
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["config.json"], "temp file cleaned up");
        assert!(path.join("keep").exists());
    }

    #[test]
    fn erase_removes_every_form_of_the_host_and_nothing_else() {
        let mut file = doc(r#"{"auths":{
            "ghcr.io":{"auth":"eDp5"},"https://ghcr.io/v1/":{"auth":"eDp5"},
            "ghcr.io/org":{"auth":"eDp5"},"quay.io":{"auth":"eDp5"}},"other":1}"#);
        let erased = file.erase("ghcr.io", &Env::default()).unwrap();
        assert_eq!(erased.removed_keys, ["ghcr.io", "ghcr.io/org", "https://ghcr.io/v1/"]);
        let auths = file.object("auths").unwrap().unwrap();
        assert_eq!(auths.keys().collect::<Vec<_>>(), ["quay.io"]);
        assert_eq!(file.root["other"], 1);
    }

    #[test]
    fn registries_lists_logged_in_hosts() {
        let file = doc(r#"{"auths":{"https://index.docker.io/v1/":{},"quay.io/org":{},"http://ghcr.io":{}},
            "credHelpers":{"gcr.io":"gcloud"}}"#);
        let (listed, warnings) = file.registries(&Env::default()).unwrap();
        assert_eq!(listed.into_iter().collect::<Vec<_>>(), ["docker.io", "ghcr.io", "quay.io"]);
        assert!(warnings.is_empty());
    }

    #[cfg(unix)]
    mod with_helpers {
        use super::*;
        use crate::credentials::helper::fake;

        #[test]
        fn helper_first_then_auths_and_missing_helper_falls_back() {
            let dir = tempfile::tempdir().unwrap();
            fake::install(dir.path(), "test", fake::STORING_HELPER);
            let env = fake::env_with_path(dir.path());
            let mut file = doc(&format!(
                r#"{{"credsStore":"test","credHelpers":{{"gone.example":"absent"}},
                    "auths":{{"ghcr.io":{{"auth":"{}"}},"gone.example":{{"auth":"{}"}}}}}}"#,
                b64("inline:p"),
                b64("fallback:p")
            ));
            // Nothing in the helper yet: the inline entry is used.
            let l = file.lookup("ghcr.io", None, &env).unwrap();
            assert_eq!(l.credential.unwrap().1, Via::Auths { key: "ghcr.io".into() });

            let via = file.store("ghcr.io", &Credential::basic("helped", "pw"), &env).unwrap();
            assert_eq!(via, StoredVia::Helper { program: "docker-credential-test".into() });
            assert_eq!(file.object("auths").unwrap().unwrap()["ghcr.io"], serde_json::json!({}));
            let (c, via) = file.lookup("ghcr.io", None, &env).unwrap().credential.unwrap();
            assert_eq!(
                (c.username.as_str(), via),
                ("helped", Via::Helper { program: "docker-credential-test".into() })
            );

            let l = file.lookup("gone.example", None, &env).unwrap();
            assert_eq!(l.credential.unwrap().0.username, "fallback");
            assert_eq!(
                l.warnings,
                [Warning::HelperMissing {
                    program: "docker-credential-absent".into(),
                    config: "/cfg/config.json".into()
                }]
            );
            let err = file.store("gone.example", &Credential::basic("u", "p"), &env).unwrap_err();
            assert!(err.to_string().contains("docker-credential-absent"), "{err}");

            let (listed, _) = file.registries(&env).unwrap();
            assert!(listed.contains("ghcr.io") && listed.contains("gone.example"));

            let erased = file.erase("ghcr.io", &env).unwrap();
            assert!(erased.helper_error.is_none());
            assert_eq!(erased.helper.as_deref(), Some("docker-credential-test"));
            assert!(file.lookup("ghcr.io", None, &env).unwrap().credential.is_none());
        }

        #[test]
        fn a_failing_helper_is_an_error_not_anonymous() {
            let dir = tempfile::tempdir().unwrap();
            fake::install(dir.path(), "broken", "#!/bin/sh\necho 'pass: gpg: decryption failed' >&2\nexit 1\n");
            let env = fake::env_with_path(dir.path());
            let file = doc(r#"{"credsStore":"broken","auths":{"ghcr.io":{}}}"#);
            let err = file.lookup("ghcr.io", None, &env).unwrap_err().to_string();
            assert!(err.contains("docker-credential-broken get failed") && err.contains("decryption failed"), "{err}");
        }
    }
}
