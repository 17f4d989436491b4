//! The [`Credentials`] resolver: one [`CredentialSource`] over every place a registry secret can
//! live, in a fixed, documented order, plus the `ferry login` / `ferry logout` writes
//! (ARCHITECTURE.md, "Credentials").
//!
//! Lookup order for registry H (first hit wins):
//! 1. one-shot flags (`--username` + `--password-stdin`), for their registry only;
//! 2. `FERRY_USERNAME` + `FERRY_PASSWORD` (CI), for every registry, or only those listed in
//!    `FERRY_REGISTRY` (comma-separated) when it is set;
//! 3. `DOCKER_AUTH_CONFIG` (config.json text; `auths` only, read-only);
//! 4. ferry's OS-keyring entry (what `ferry login` stores by default);
//! 5. `REGISTRY_AUTH_FILE` (podman/skopeo auth.json, namespaced keys honoured), or when it is
//!    unset podman's own `$XDG_RUNTIME_DIR/containers/auth.json` and
//!    `~/.config/containers/auth.json`;
//! 6. docker's config.json (`credHelpers[H]` → `credsStore` → `auths`).
//!
//! Explicit input (1–3) beats stored logins. Among stored logins, "my latest `ferry login`
//! wins": the keyring comes before the files, and a login that lands in a file removes
//! ferry's keyring entry for that host so an older keyring login cannot shadow it. Logins go
//! to the file the lookup reads first (REGISTRY_AUTH_FILE when set, as skopeo does). A later
//! `docker login` does not override an existing ferry keyring login; `ferry logout` does.
//!
//! Never prints: warnings collect inside the resolver ([`Credentials::take_warnings`]) or come
//! back in the outcome of a write.

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;

use super::docker_config::{ConfigFile, StoredVia, Via};
use super::keyring::{self, SecretStore};
use super::{Credential, CredentialError, CredentialSource, Env, OneShot, Warning, normalize_registry};

/// Where `ferry login` should keep the secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorePreference {
    /// docker's choice when config.json names a helper for the host; else the OS keyring; else
    /// plain text in the config file, with a warning.
    Auto,
    /// The OS keyring, or an error when there is none.
    Keyring,
    /// The config file, exactly as `docker login` would (its helper if one is configured).
    DockerConfig,
}

/// Where a resolved credential came from (for `--debug` output and "logged in via" messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Flags,
    Environment,
    DockerAuthConfig,
    Keyring { store: String },
    Helper { program: String, config: String },
    File { path: String, key: String },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flags => f.write_str("the command-line flags"),
            Origin::Environment => f.write_str("FERRY_USERNAME/FERRY_PASSWORD"),
            Origin::DockerAuthConfig => f.write_str("DOCKER_AUTH_CONFIG"),
            Origin::Keyring { store } => write!(f, "the {store}"),
            Origin::Helper { program, config } => write!(f, "{program} (configured in {config})"),
            Origin::File { path, key } => write!(f, "{path} (auths[{key:?}])"),
        }
    }
}

/// Where `store_login` put the credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreLocation {
    Keyring { store: String },
    Helper { program: String, config: PathBuf },
    File { path: PathBuf },
}

#[derive(Debug)]
pub struct StoreOutcome {
    pub location: StoreLocation,
    /// The secret sits base64-encoded in `location`'s file: warn once, naming it.
    pub plain_text: bool,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Default)]
pub struct EraseOutcome {
    /// Human descriptions of where something was removed ("Secret Service keyring", a path,
    /// a helper). Empty: there was nothing to remove.
    pub removed_from: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// (registry, repository) of a lookup.
type LookupKey = (String, Option<String>);

/// Every credential source, combined; see the module docs for the order.
pub struct Credentials {
    env: Env,
    one_shot: Option<OneShot>,
    keyring: Box<dyn SecretStore>,
    warnings: Mutex<BTreeSet<Warning>>,
    /// The repository a command works on, per registry, for namespaced auth-file entries
    /// when the caller only names the registry ([`CredentialSource::get`]).
    repositories: Vec<(String, String)>,
    /// Lookups already made: a helper (which may prompt, or be slow) runs once per command.
    resolved: Mutex<std::collections::HashMap<LookupKey, Option<(Credential, Origin)>>>,
}

impl Credentials {
    /// All sources from `env`; the keyring is the OS one unless `FERRY_TEST_KEYRING_FILE` is set.
    pub fn new(env: Env) -> Credentials {
        let keyring = keyring::for_env(&env);
        Credentials {
            env,
            one_shot: None,
            keyring,
            warnings: Mutex::new(BTreeSet::new()),
            repositories: Vec::new(),
            resolved: Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Lookups for `registry` without a repository use `repository` (podman's
    /// `host/ns/repo` auth-file keys).
    pub fn for_repository(mut self, registry: &str, repository: &str) -> Credentials {
        self.repositories.push((normalize_registry(registry), repository.to_string()));
        self
    }

    pub fn with_one_shot(mut self, one_shot: OneShot) -> Credentials {
        self.one_shot = Some(one_shot);
        self
    }

    pub fn with_secret_store(mut self, store: Box<dyn SecretStore>) -> Credentials {
        self.keyring = store;
        self
    }

    /// Warnings gathered by lookups so far (each once), for the CLI to print.
    pub fn take_warnings(&self) -> Vec<Warning> {
        std::mem::take(&mut *self.warnings.lock().unwrap_or_else(|e| e.into_inner())).into_iter().collect()
    }

    fn warn(&self, w: impl IntoIterator<Item = Warning>) {
        self.warnings.lock().unwrap_or_else(|e| e.into_inner()).extend(w);
    }

    /// The credential for `registry` (and `repository` within it, for namespaced auth-file
    /// entries), and where it came from.
    pub fn resolve(
        &self,
        registry: &str,
        repository: Option<&str>,
    ) -> Result<Option<(Credential, Origin)>, CredentialError> {
        let key = (normalize_registry(registry), repository.map(str::to_string));
        if let Some(hit) = self.resolved.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(hit.clone());
        }
        let found = self.resolve_uncached(registry, repository)?;
        self.resolved.lock().unwrap_or_else(|e| e.into_inner()).insert(key, found.clone());
        Ok(found)
    }

    fn resolve_uncached(
        &self,
        registry: &str,
        repository: Option<&str>,
    ) -> Result<Option<(Credential, Origin)>, CredentialError> {
        let host = normalize_registry(registry);
        if let Some(one) = &self.one_shot
            && normalize_registry(&one.registry) == host
        {
            return Ok(Some((one.credential.clone(), Origin::Flags)));
        }
        if let Some(c) = self.env_credential(&host)? {
            return Ok(Some((c, Origin::Environment)));
        }
        if let Some(doc) = ConfigFile::from_env(&self.env)? {
            let found = doc.lookup(&host, repository, &self.env)?;
            self.warn(found.warnings);
            if let Some((c, _)) = found.credential {
                return Ok(Some((c, Origin::DockerAuthConfig)));
            }
        }
        match self.keyring.get(&host) {
            Ok(Some(c)) => return Ok(Some((c, Origin::Keyring { store: self.keyring.describe() }))),
            // No keyring on this machine is normal (CI): the files may still have a login.
            Ok(None) | Err(CredentialError::KeyringUnavailable { .. }) => {}
            Err(e) => return Err(e),
        }
        for path in self.files() {
            let Some(doc) = ConfigFile::load(&path)? else { continue };
            let found = doc.lookup(&host, repository, &self.env)?;
            self.warn(found.warnings);
            if let Some((c, via)) = found.credential {
                let config = path.display().to_string();
                let origin = match via {
                    Via::Helper { program } => Origin::Helper { program, config },
                    Via::Auths { key } => Origin::File { path: config, key },
                };
                return Ok(Some((c, origin)));
            }
        }
        Ok(None)
    }

    /// The credential for `repository` on `registry`: like [`CredentialSource::get`], plus
    /// podman's repository-scoped (`host/ns/repo`) auth-file entries.
    pub fn get_for_repository(&self, registry: &str, repository: &str) -> Result<Option<Credential>, CredentialError> {
        Ok(self.resolve(registry, Some(repository))?.map(|(c, _)| c))
    }

    /// The FERRY_USERNAME/FERRY_PASSWORD pair when it applies to `host`. Half a pair is an
    /// error rather than a silent anonymous pull.
    fn env_credential(&self, host: &str) -> Result<Option<Credential>, CredentialError> {
        let (user, password) = match (&self.env.ferry_username, &self.env.ferry_password) {
            (None, None) => return Ok(None),
            (Some(u), Some(p)) => (u, p),
            (Some(_), None) => {
                return Err(CredentialError::Environment("FERRY_USERNAME is set but FERRY_PASSWORD is not".into()));
            }
            (None, Some(_)) => {
                return Err(CredentialError::Environment("FERRY_PASSWORD is set but FERRY_USERNAME is not".into()));
            }
        };
        if let Some(list) = &self.env.ferry_registry
            && !list.split(',').map(str::trim).filter(|r| !r.is_empty()).any(|r| normalize_registry(r) == host)
        {
            return Ok(None);
        }
        Ok(Some(Credential::basic(user, password.expose())))
    }

    /// The credential files in lookup order: REGISTRY_AUTH_FILE (or, without it, podman's
    /// auth.json files), then docker's config.json.
    fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self.env.registry_auth_file.iter().cloned().collect();
        files.extend(self.env.podman_auth_files());
        if let Some(docker) = self.env.docker_config_file()
            && !files.contains(&docker)
        {
            files.push(docker);
        }
        files
    }

    fn login_file(&self) -> Result<PathBuf, CredentialError> {
        self.env.login_file().ok_or_else(|| CredentialError::Write {
            path: PathBuf::from("~/.docker/config.json"),
            message: "no home directory, DOCKER_CONFIG or REGISTRY_AUTH_FILE to put it in".into(),
        })
    }

    /// `ferry login`: keeps `credential` for `registry` where `preference` says (see
    /// [`StorePreference`]). The secret is never echoed into the outcome or an error.
    pub fn store_login(
        &self,
        registry: &str,
        credential: &Credential,
        preference: StorePreference,
    ) -> Result<StoreOutcome, CredentialError> {
        let host = normalize_registry(registry);
        self.resolved.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let path = self.login_file()?;
        let mut doc = ConfigFile::load_or_empty(&path)?;
        let mut warnings = Vec::new();
        let use_keyring = match preference {
            StorePreference::Keyring => true,
            StorePreference::DockerConfig => false,
            // docker's rule: a helper configured for the host gets the login.
            StorePreference::Auto => doc.helper_for(&host)?.is_none(),
        };
        if use_keyring {
            match self.keyring.set(&host, credential) {
                Ok(()) => {
                    return Ok(StoreOutcome {
                        location: StoreLocation::Keyring { store: self.keyring.describe() },
                        plain_text: false,
                        warnings,
                    });
                }
                Err(CredentialError::KeyringUnavailable { reason }) if preference == StorePreference::Auto => {
                    warnings.push(Warning::KeyringUnavailable { reason });
                }
                // A locked keyring or a dismissed prompt is the user saying no: never
                // quietly write the secret in plain text instead.
                Err(e) => return Err(e),
            }
        }
        let via = doc.store(&host, credential, &self.env)?;
        doc.save()?;
        // The keyring is read before the files: drop ferry's older keyring login for this host
        // so the one just written is the one used.
        match self.keyring.delete(&host) {
            Ok(_) | Err(CredentialError::KeyringUnavailable { .. }) => {}
            Err(e) => warnings.push(Warning::StillProvided {
                registry: host.clone(),
                origin: format!("an older login in the {} that could not be removed: {e}", self.keyring.describe()),
            }),
        }
        let (location, plain_text) = match via {
            StoredVia::Helper { program } => (StoreLocation::Helper { program, config: path }, false),
            StoredVia::PlainText => {
                warnings.push(Warning::PlainTextStorage { path: path.clone() });
                (StoreLocation::File { path }, true)
            }
        };
        Ok(StoreOutcome { location, plain_text, warnings })
    }

    /// `ferry logout`: removes `registry`'s login from ferry's keyring, REGISTRY_AUTH_FILE and
    /// docker's config.json (and their helpers), as `docker logout` removes docker's. Reports
    /// any source that still provides credentials afterwards (the environment, a read-only
    /// DOCKER_AUTH_CONFIG). Everything removable is removed before the first error is returned.
    pub fn erase_login(&self, registry: &str) -> Result<EraseOutcome, CredentialError> {
        let host = normalize_registry(registry);
        self.resolved.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let mut outcome = EraseOutcome::default();
        let mut first_error: Option<CredentialError> = None;
        match self.keyring.delete(&host) {
            Ok(true) => outcome.removed_from.push(self.keyring.describe()),
            Ok(false) | Err(CredentialError::KeyringUnavailable { .. }) => {}
            Err(e) => first_error = Some(e),
        }
        for path in self.files() {
            let Some(mut doc) = ConfigFile::load(&path)? else { continue };
            let erased = doc.erase(&host, &self.env)?;
            if !erased.removed_keys.is_empty() {
                doc.save()?;
                outcome.removed_from.push(path.display().to_string());
            }
            if let Some(program) = erased.helper {
                outcome.removed_from.push(program);
            }
            outcome.warnings.extend(erased.warnings);
            if let Some(e) = erased.helper_error {
                first_error.get_or_insert(e);
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        if let Ok(Some((_, origin))) = self.resolve(&host, None) {
            outcome.warnings.push(Warning::StillProvided { registry: host, origin: origin.to_string() });
        }
        Ok(outcome)
    }

    /// Registries with a stored login (keyring, REGISTRY_AUTH_FILE, config.json and its
    /// `credsStore`), for `ferry logout --all`. Environment-provided credentials are not
    /// logins and are not listed.
    pub fn list(&self) -> Result<Vec<String>, CredentialError> {
        let mut out = BTreeSet::new();
        match self.keyring.list() {
            Ok(names) => out.extend(names),
            Err(CredentialError::KeyringUnavailable { .. }) => {}
            Err(e) => return Err(e),
        }
        for path in self.files() {
            if let Some(doc) = ConfigFile::load(&path)? {
                let (names, warnings) = doc.registries(&self.env)?;
                out.extend(names);
                self.warn(warnings);
            }
        }
        Ok(out.into_iter().collect())
    }
}

impl CredentialSource for Credentials {
    fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError> {
        let host = normalize_registry(registry);
        let repository = self.repositories.iter().find(|(r, _)| *r == host).map(|(_, repo)| repo.as_str());
        Ok(self.resolve(registry, repository)?.map(|(c, _)| c))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use base64::Engine;

    use super::*;
    use crate::credentials::Secret;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(s)
    }

    /// A hermetic environment: temp HOME, file-backed keyring, no PATH.
    fn setup() -> (tempfile::TempDir, Env) {
        let tmp = tempfile::tempdir().unwrap();
        let env = Env {
            home: Some(tmp.path().join("home")),
            test_keyring_file: Some(tmp.path().join("keyring.json")),
            ..Env::default()
        };
        (tmp, env)
    }

    fn write_config(path: &Path, user: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!(r#"{{"auths":{{"ghcr.io":{{"auth":"{}"}}}}}}"#, b64(&format!("{user}:pw"))))
            .unwrap();
    }

    fn who(creds: &Credentials) -> Option<(String, Origin)> {
        creds.resolve("ghcr.io", None).unwrap().map(|(c, o)| (c.username, o))
    }

    #[test]
    fn sources_apply_in_the_documented_order() {
        let (tmp, mut env) = setup();
        let docker = tmp.path().join("home/.docker/config.json");
        let auth_file = tmp.path().join("auth.json");
        write_config(&docker, "docker");
        write_config(&auth_file, "podman");
        keyring::for_env(&env).set("ghcr.io", &Credential::basic("keyring", "pw")).unwrap();
        env.registry_auth_file = Some(auth_file.clone());
        env.docker_auth_config =
            Some(Secret::new(format!(r#"{{"auths":{{"ghcr.io":{{"auth":"{}"}}}}}}"#, b64("envjson:pw"))));
        env.ferry_username = Some("envpair".into());
        env.ferry_password = Some(Secret::new("pw"));
        let one_shot = OneShot { registry: "ghcr.io".into(), credential: Credential::basic("flags", "pw") };

        // Peel the sources off one at a time, top first.
        let creds = Credentials::new(env.clone()).with_one_shot(one_shot);
        assert_eq!(who(&creds).unwrap(), ("flags".into(), Origin::Flags));
        let creds = Credentials::new(env.clone());
        assert_eq!(who(&creds).unwrap(), ("envpair".into(), Origin::Environment));
        env.ferry_username = None;
        env.ferry_password = None;
        let creds = Credentials::new(env.clone());
        assert_eq!(who(&creds).unwrap(), ("envjson".into(), Origin::DockerAuthConfig));
        env.docker_auth_config = None;
        let creds = Credentials::new(env.clone());
        assert_eq!(who(&creds).unwrap().0, "keyring");
        keyring::for_env(&env).delete("ghcr.io").unwrap();
        let creds = Credentials::new(env.clone());
        assert_eq!(creds.get_for_repository("ghcr.io", "org/app").unwrap().unwrap().username, "podman");
        let path = auth_file.display().to_string();
        assert_eq!(who(&creds).unwrap(), ("podman".into(), Origin::File { path, key: "ghcr.io".into() }));
        env.registry_auth_file = None;
        let creds = Credentials::new(env.clone());
        assert_eq!(who(&creds).unwrap().0, "docker");
        std::fs::remove_file(&docker).unwrap();
        assert_eq!(who(&Credentials::new(env)), None);
    }

    #[test]
    fn env_pair_can_be_restricted_to_registries() {
        let (_tmp, env) = setup();
        let env = Env { ferry_username: Some("ci".into()), ferry_password: Some(Secret::new("pw")), ..env };
        let cases = [
            (None, "ghcr.io", true),
            (None, "docker.io", true),
            (Some("ghcr.io"), "ghcr.io", true),
            (Some("ghcr.io"), "quay.io", false),
            (Some(" quay.io , index.docker.io "), "docker.io", true),
            (Some("localhost:5000"), "localhost:5001", false),
        ];
        for (list, registry, applies) in cases {
            let creds = Credentials::new(Env { ferry_registry: list.map(String::from), ..env.clone() });
            assert_eq!(creds.get(registry).unwrap().is_some(), applies, "{list:?} {registry}");
        }
        let half = Credentials::new(Env { ferry_password: None, ..env });
        let err = half.get("ghcr.io").unwrap_err().to_string();
        assert!(err.contains("FERRY_USERNAME is set but FERRY_PASSWORD is not"), "{err}");
    }

    #[test]
    fn the_latest_login_wins() {
        let (tmp, env) = setup();
        let creds = Credentials::new(env.clone());
        // Keyring login, then a config-file login: the file one must be used.
        let out = creds.store_login("ghcr.io", &Credential::basic("first", "pw"), StorePreference::Keyring).unwrap();
        assert!(matches!(out.location, StoreLocation::Keyring { .. }));
        let out =
            creds.store_login("ghcr.io", &Credential::basic("second", "pw"), StorePreference::DockerConfig).unwrap();
        let docker = tmp.path().join("home/.docker/config.json");
        assert_eq!(out.location, StoreLocation::File { path: docker.clone() });
        assert!(out.plain_text);
        assert_eq!(out.warnings, [Warning::PlainTextStorage { path: docker }]);
        assert_eq!(who(&creds).unwrap().0, "second");
        // And back to the keyring.
        creds.store_login("ghcr.io", &Credential::basic("third", "pw"), StorePreference::Auto).unwrap();
        assert_eq!(who(&creds).unwrap().0, "third");
    }

    #[test]
    fn logins_go_to_registry_auth_file_when_it_is_set() {
        let (tmp, env) = setup();
        let auth_file = tmp.path().join("containers/auth.json");
        std::fs::create_dir_all(auth_file.parent().unwrap()).unwrap();
        std::fs::write(&auth_file, format!(r#"{{"auths":{{"ghcr.io":{{"auth":"{}"}}}}}}"#, b64("stale:pw"))).unwrap();
        let creds = Credentials::new(Env { registry_auth_file: Some(auth_file.clone()), ..env });
        let out =
            creds.store_login("ghcr.io", &Credential::basic("fresh", "pw"), StorePreference::DockerConfig).unwrap();
        assert_eq!(out.location, StoreLocation::File { path: auth_file });
        assert_eq!(who(&creds).unwrap().0, "fresh");
        assert!(!tmp.path().join("home/.docker/config.json").exists());
    }

    // Linux only: "no session bus" is how a test gets no OS keyring; elsewhere this would be
    // the user's real Keychain or Credential Manager.
    #[cfg(target_os = "linux")]
    #[test]
    fn auto_falls_back_to_the_file_when_there_is_no_keyring() {
        let (tmp, env) = setup();
        // The OS keyring, in an environment without a session bus.
        let env = Env { test_keyring_file: None, xdg_runtime_dir: Some(tmp.path().into()), ..env };
        let creds = Credentials::new(env);
        let out = creds.store_login("docker.io", &Credential::basic("u", "p"), StorePreference::Auto).unwrap();
        assert!(out.plain_text);
        assert!(matches!(out.warnings[0], Warning::KeyringUnavailable { .. }), "{:?}", out.warnings);
        let saved = std::fs::read_to_string(tmp.path().join("home/.docker/config.json")).unwrap();
        assert!(saved.contains("https://index.docker.io/v1/"), "{saved}");
        assert_eq!(creds.get("docker.io").unwrap(), Some(Credential::basic("u", "p")));
        let err = creds.store_login("docker.io", &Credential::basic("u", "p"), StorePreference::Keyring).unwrap_err();
        assert!(matches!(err, CredentialError::KeyringUnavailable { .. }), "{err:?}");
    }

    #[test]
    fn logout_removes_every_stored_copy_and_names_what_remains() {
        let (tmp, env) = setup();
        let docker = tmp.path().join("home/.docker/config.json");
        write_config(&docker, "docker");
        let env = Env {
            docker_auth_config: Some(Secret::new(format!(
                r#"{{"auths":{{"ghcr.io":{{"auth":"{}"}}}}}}"#,
                b64("ci:pw")
            ))),
            ..env
        };
        let creds = Credentials::new(env.clone());
        creds.store_login("ghcr.io", &Credential::basic("mine", "pw"), StorePreference::Keyring).unwrap();
        assert_eq!(creds.list().unwrap(), ["ghcr.io"]);
        let out = creds.erase_login("ghcr.io").unwrap();
        assert_eq!(out.removed_from.len(), 2, "{:?}", out.removed_from);
        assert_eq!(
            out.warnings,
            [Warning::StillProvided { registry: "ghcr.io".into(), origin: "DOCKER_AUTH_CONFIG".into() }]
        );
        let creds = Credentials::new(Env { docker_auth_config: None, ..env });
        assert_eq!(creds.get("ghcr.io").unwrap(), None);
        assert!(creds.list().unwrap().is_empty());
        assert!(creds.erase_login("ghcr.io").unwrap().removed_from.is_empty());
    }

    #[cfg(unix)]
    mod with_helpers {
        use super::*;
        use crate::credentials::helper::fake;

        #[test]
        fn auto_login_uses_the_configured_helper_like_docker() {
            let (tmp, env) = setup();
            let bin = tmp.path().join("bin");
            std::fs::create_dir(&bin).unwrap();
            fake::install(&bin, "test", fake::STORING_HELPER);
            let env = Env { path: fake::env_with_path(&bin).path, ..env };
            let docker = tmp.path().join("home/.docker/config.json");
            std::fs::create_dir_all(docker.parent().unwrap()).unwrap();
            std::fs::write(&docker, r#"{"credsStore":"test","experimental":"enabled"}"#).unwrap();
            let creds = Credentials::new(env.clone());
            // An older keyring login must not shadow the new helper-stored one.
            keyring::for_env(&env).set("ghcr.io", &Credential::basic("old", "pw")).unwrap();

            let out = creds.store_login("ghcr.io", &Credential::basic("new", "s3cret"), StorePreference::Auto).unwrap();
            assert_eq!(
                out.location,
                StoreLocation::Helper { program: "docker-credential-test".into(), config: docker.clone() }
            );
            assert!(!out.plain_text);
            let saved = std::fs::read_to_string(&docker).unwrap();
            assert!(!saved.contains("s3cret") && saved.contains("\"experimental\""), "{saved}");
            let (c, origin) = creds.resolve("ghcr.io", None).unwrap().unwrap();
            assert_eq!(c.username, "new");
            assert!(matches!(origin, Origin::Helper { .. }), "{origin:?}");
            assert_eq!(creds.list().unwrap(), ["ghcr.io"]);

            let out = creds.erase_login("ghcr.io").unwrap();
            assert!(out.removed_from.contains(&"docker-credential-test".to_string()), "{:?}", out.removed_from);
            assert_eq!(creds.get("ghcr.io").unwrap(), None);
            assert!(creds.take_warnings().is_empty());
        }

        #[test]
        fn missing_helper_warns_once_and_reads_auths() {
            let (tmp, env) = setup();
            let docker = tmp.path().join("home/.docker/config.json");
            std::fs::create_dir_all(docker.parent().unwrap()).unwrap();
            std::fs::write(
                &docker,
                format!(r#"{{"credsStore":"desktop","auths":{{"ghcr.io":{{"auth":"{}"}}}}}}"#, b64("u:p")),
            )
            .unwrap();
            let creds = Credentials::new(Env { path: fake::env_with_path(tmp.path()).path, ..env });
            for _ in 0..3 {
                assert_eq!(creds.get("ghcr.io").unwrap(), Some(Credential::basic("u", "p")));
            }
            let warnings = creds.take_warnings();
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert!(warnings[0].to_string().contains("docker-credential-desktop"));
            assert!(creds.take_warnings().is_empty());
        }
    }
}
