//! ferry's own secure credential store: the OS keyring (the "Credentials" section of ARCHITECTURE.md).
//!
//! On Linux that is the Secret Service (GNOME Keyring, KWallet, KeePassXC) over the D-Bus
//! session bus, through the `dbus-secret-service` crate (libdbus vendored and statically
//! linked, so neither building nor running ferry needs libdbus packages). Never the kernel's
//! keyutils: it is per session and empty after a reboot. Other platforms have no keyring
//! backend yet and report [`CredentialError::KeyringUnavailable`], as a headless Linux does.
//!
//! Everything sits behind [`SecretStore`]; [`for_env`] picks the OS keyring, or a plain JSON
//! file when `FERRY_TEST_KEYRING_FILE` is set, so tests never touch a real keyring. "No keyring
//! here" is detected without waiting (no session bus → immediate answer; D-Bus calls time out
//! after 2 s) and is its own error variant so the CLI can fall back to config.json.
//!
//! One item per registry, attributes `{application: "ferry", registry: HOST}`; the secret is
//! JSON `{username, secret, identity_token}` so the username is not readable from attributes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Credential, CredentialError, Env, Secret, normalize_registry};

/// ferry's own keyring of registry credentials.
pub trait SecretStore: Send + Sync {
    /// A short name for messages: "Secret Service keyring", "test keyring file /tmp/k.json".
    fn describe(&self) -> String;
    fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError>;
    fn set(&self, registry: &str, credential: &Credential) -> Result<(), CredentialError>;
    /// Removes the registry's entry; `Ok(false)` when there was none.
    fn delete(&self, registry: &str) -> Result<bool, CredentialError>;
    /// Registries with an entry.
    fn list(&self) -> Result<Vec<String>, CredentialError>;
}

/// The store ferry uses in this environment.
pub fn for_env(env: &Env) -> Box<dyn SecretStore> {
    match &env.test_keyring_file {
        Some(path) => Box::new(FileStore::new(path.clone())),
        None => Box::new(OsKeyring::new(env)),
    }
}

/// What is kept per registry, in either backend.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    username: String,
    secret: String,
    #[serde(default)]
    identity_token: bool,
}

impl Stored {
    fn from(c: &Credential) -> Stored {
        Stored { username: c.username.clone(), secret: c.secret.expose().to_string(), identity_token: c.identity_token }
    }
    fn into_credential(self) -> Credential {
        Credential { username: self.username, secret: Secret::new(self.secret), identity_token: self.identity_token }
    }
}

/// A JSON file standing in for the keyring: `{"registry": {username, secret, identity_token}}`,
/// mode 0600, written atomically. Selected by `FERRY_TEST_KEYRING_FILE`; not for real use (it
/// is exactly as safe as config.json).
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    pub fn new(path: PathBuf) -> FileStore {
        FileStore { path }
    }

    fn read(&self) -> Result<BTreeMap<String, Stored>, CredentialError> {
        let bad = |message: String| CredentialError::Keyring { store: self.describe(), message };
        match crate::local_file::read(&self.path, super::docker_config::MAX_CONFIG_FILE) {
            Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(BTreeMap::new()),
            // serde_json errors give a position, never the file's (secret) content.
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| bad(format!("not a valid keyring file: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(bad(format!("cannot be read: {e}"))),
        }
    }

    fn write(&self, entries: &BTreeMap<String, Stored>) -> Result<(), CredentialError> {
        let json = serde_json::to_vec_pretty(entries).expect("strings always serialise");
        super::write_private_file(&self.path, &json)
    }
}

impl SecretStore for FileStore {
    fn describe(&self) -> String {
        format!("test keyring file {}", self.path.display())
    }

    fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError> {
        Ok(self.read()?.remove(&normalize_registry(registry)).map(Stored::into_credential))
    }

    fn set(&self, registry: &str, credential: &Credential) -> Result<(), CredentialError> {
        let mut entries = self.read()?;
        entries.insert(normalize_registry(registry), Stored::from(credential));
        self.write(&entries)
    }

    fn delete(&self, registry: &str) -> Result<bool, CredentialError> {
        let mut entries = self.read()?;
        let existed = entries.remove(&normalize_registry(registry)).is_some();
        if existed {
            self.write(&entries)?;
        }
        Ok(existed)
    }

    fn list(&self) -> Result<Vec<String>, CredentialError> {
        Ok(self.read()?.into_keys().collect())
    }
}

/// True when a D-Bus session bus could be there: `DBUS_SESSION_BUS_ADDRESS` is set, or the
/// systemd-style `$XDG_RUNTIME_DIR/bus` socket exists. Checked before libdbus is asked, so a
/// headless CI box gets its answer at once and libdbus never tries to autolaunch a bus.
fn session_bus_possible(env: &Env) -> bool {
    env.dbus_session_bus_address.is_some()
        || env.xdg_runtime_dir.as_deref().is_some_and(|d| Path::new(d).join("bus").exists())
}

/// The OS keyring. It holds no connection (the registry client needs `Send + Sync`, and
/// logins are rare): each call connects, and an "unavailable" answer is remembered for the
/// rest of the process so a `copy` between two registries pays for detection once.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub struct OsKeyring {
    bus_possible: bool,
    unavailable: std::sync::OnceLock<String>,
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
impl OsKeyring {
    pub fn new(env: &Env) -> OsKeyring {
        OsKeyring { bus_possible: session_bus_possible(env), unavailable: std::sync::OnceLock::new() }
    }

    fn unavailable(&self, reason: String) -> CredentialError {
        let reason = self.unavailable.get_or_init(|| reason).clone();
        CredentialError::KeyringUnavailable { reason }
    }

    fn precheck(&self) -> Result<(), CredentialError> {
        if let Some(reason) = self.unavailable.get() {
            return Err(CredentialError::KeyringUnavailable { reason: reason.clone() });
        }
        if !self.bus_possible {
            return Err(self.unavailable(
                "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset and $XDG_RUNTIME_DIR/bus does not exist)"
                    .into(),
            ));
        }
        Ok(())
    }
}

#[cfg(target_os = "linux")]
mod secret_service {
    //! The Secret Service backend. Prompts (unlocking a locked collection) are bounded so a
    //! prompt on a screen nobody watches cannot hang ferry.

    use std::collections::HashMap;

    use dbus_secret_service::{EncryptionType, Error, SecretService};

    use super::{OsKeyring, SecretStore, Stored};
    use crate::credentials::{Credential, CredentialError, normalize_registry};

    const APPLICATION: &str = "ferry";
    /// How long a keyring unlock prompt may wait for the user.
    const PROMPT_TIMEOUT_SECS: u64 = 60;

    /// D-Bus errors that mean "nobody provides a Secret Service here".
    fn is_unavailable(e: &Error) -> bool {
        match e {
            Error::Unavailable => true,
            Error::Dbus(d) => matches!(
                d.name().unwrap_or(""),
                "org.freedesktop.DBus.Error.ServiceUnknown"
                    | "org.freedesktop.DBus.Error.NameHasNoOwner"
                    | "org.freedesktop.DBus.Error.NoServer"
                    | "org.freedesktop.DBus.Error.NoReply"
                    | "org.freedesktop.DBus.Error.Timeout"
                    | "org.freedesktop.DBus.Error.TimedOut"
                    | "org.freedesktop.DBus.Error.Disconnected"
                    | "org.freedesktop.DBus.Error.FileNotFound"
                    | "org.freedesktop.DBus.Error.NotSupported"
                    | "org.freedesktop.DBus.Error.Spawn.ServiceNotFound"
                    | "org.freedesktop.DBus.Error.Spawn.ChildExited"
                    | "org.freedesktop.DBus.Error.Spawn.ExecFailed"
            ),
            _ => false,
        }
    }

    impl OsKeyring {
        fn connect(&self) -> Result<SecretService, CredentialError> {
            self.precheck()?;
            SecretService::connect_with_max_prompt_timeout(EncryptionType::Dh, PROMPT_TIMEOUT_SECS)
                .map_err(|e| self.fail(e))
        }

        fn fail(&self, e: Error) -> CredentialError {
            if is_unavailable(&e) {
                return self.unavailable(e.to_string());
            }
            let message = match e {
                Error::Prompt => "the keyring is locked and the unlock prompt was dismissed or timed out".into(),
                Error::Locked => "the keyring is locked".into(),
                other => other.to_string(),
            };
            CredentialError::Keyring { store: self.describe(), message }
        }
    }

    fn attributes(registry: &str) -> HashMap<&str, &str> {
        HashMap::from([("application", APPLICATION), ("registry", registry)])
    }

    impl SecretStore for OsKeyring {
        fn describe(&self) -> String {
            "Secret Service keyring".into()
        }

        fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError> {
            let registry = normalize_registry(registry);
            let ss = self.connect()?;
            let found = ss.search_items(attributes(&registry)).map_err(|e| self.fail(e))?;
            // Only prompt to unlock when ferry actually has an entry behind the lock.
            let item = match (found.unlocked.into_iter().next(), found.locked.into_iter().next()) {
                (Some(item), _) => item,
                (None, Some(item)) => {
                    item.unlock().map_err(|e| self.fail(e))?;
                    item
                }
                (None, None) => return Ok(None),
            };
            let bytes = item.get_secret().map_err(|e| self.fail(e))?;
            let stored: Stored = serde_json::from_slice(&bytes).map_err(|_| CredentialError::Keyring {
                store: self.describe(),
                message: format!("the entry for {registry} is not one ferry wrote"),
            })?;
            Ok(Some(stored.into_credential()))
        }

        fn set(&self, registry: &str, credential: &Credential) -> Result<(), CredentialError> {
            let registry = normalize_registry(registry);
            let ss = self.connect()?;
            let collection = ss.get_default_collection().map_err(|e| self.fail(e))?;
            // Unlock first: creating an item in a locked collection goes through a prompt
            // path whose odd replies the crate reports by printing.
            collection.ensure_unlocked().map_err(|e| self.fail(e))?;
            let secret = serde_json::to_vec(&Stored::from(credential)).expect("strings always serialise");
            collection
                .create_item(
                    &format!("ferry: {registry}"),
                    attributes(&registry),
                    &secret,
                    true, // replace the item with the same attributes
                    "text/plain",
                )
                .map_err(|e| self.fail(e))?;
            Ok(())
        }

        fn delete(&self, registry: &str) -> Result<bool, CredentialError> {
            let registry = normalize_registry(registry);
            let ss = self.connect()?;
            let found = ss.search_items(attributes(&registry)).map_err(|e| self.fail(e))?;
            let mut existed = false;
            for item in found.unlocked.iter().chain(found.locked.iter()) {
                item.delete().map_err(|e| self.fail(e))?;
                existed = true;
            }
            Ok(existed)
        }

        fn list(&self) -> Result<Vec<String>, CredentialError> {
            let ss = self.connect()?;
            let found = ss.search_items(HashMap::from([("application", APPLICATION)])).map_err(|e| self.fail(e))?;
            let mut out = Vec::new();
            for item in found.unlocked.iter().chain(found.locked.iter()) {
                if let Some(r) = item.get_attributes().map_err(|e| self.fail(e))?.remove("registry") {
                    out.push(r);
                }
            }
            out.sort();
            out.dedup();
            Ok(out)
        }
    }
}

#[cfg(not(target_os = "linux"))]
impl SecretStore for OsKeyring {
    fn describe(&self) -> String {
        "OS keyring".into()
    }
    fn get(&self, _: &str) -> Result<Option<Credential>, CredentialError> {
        Err(self.unsupported())
    }
    fn set(&self, _: &str, _: &Credential) -> Result<(), CredentialError> {
        Err(self.unsupported())
    }
    fn delete(&self, _: &str) -> Result<bool, CredentialError> {
        Err(self.unsupported())
    }
    fn list(&self) -> Result<Vec<String>, CredentialError> {
        Err(self.unsupported())
    }
}

#[cfg(not(target_os = "linux"))]
impl OsKeyring {
    fn unsupported(&self) -> CredentialError {
        CredentialError::KeyringUnavailable { reason: "ferry has no keyring backend for this platform yet".into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_round_trips_and_normalises_names() {
        let tmp = tempfile::tempdir().unwrap();
        let store = FileStore::new(tmp.path().join("keyring.json"));
        assert_eq!(store.get("ghcr.io").unwrap(), None);
        assert!(!store.delete("ghcr.io").unwrap());
        store.set("ghcr.io", &Credential::basic("u", "p:w")).unwrap();
        store.set("index.docker.io", &Credential::identity_token("", "tok")).unwrap();
        assert_eq!(store.get("ghcr.io").unwrap(), Some(Credential::basic("u", "p:w")));
        assert_eq!(store.get("docker.io").unwrap(), Some(Credential::identity_token("", "tok")));
        assert_eq!(store.list().unwrap(), ["docker.io", "ghcr.io"]);
        assert!(store.delete("ghcr.io").unwrap());
        assert_eq!(store.list().unwrap(), ["docker.io"]);
    }

    #[cfg(unix)]
    #[test]
    fn file_store_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("keyring.json");
        FileStore::new(path.clone()).set("ghcr.io", &Credential::basic("u", "p")).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn a_corrupt_file_store_is_an_error_without_its_content() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("keyring.json");
        std::fs::write(&path, "{\"ghcr.io\": {\"username\": \"u\", \"secret\": \"hunter2\"").unwrap();
        let err = FileStore::new(path).get("ghcr.io").unwrap_err().to_string();
        assert!(err.contains("keyring.json") && !err.contains("hunter2"), "{err}");
    }

    #[test]
    fn the_env_var_selects_the_file_backend() {
        let env = Env { test_keyring_file: Some("/tmp/k.json".into()), ..Env::default() };
        assert_eq!(for_env(&env).describe(), "test keyring file /tmp/k.json");
    }

    #[test]
    fn no_session_bus_is_reported_at_once_as_unavailable() {
        let tmp = tempfile::tempdir().unwrap();
        let env = Env { xdg_runtime_dir: Some(tmp.path().to_path_buf()), ..Env::default() };
        let store = for_env(&env);
        let started = std::time::Instant::now();
        for _ in 0..2 {
            let err = store.get("ghcr.io").unwrap_err();
            assert!(matches!(err, CredentialError::KeyringUnavailable { .. }), "{err:?}");
            let err = store.set("ghcr.io", &Credential::basic("u", "p")).unwrap_err();
            assert!(matches!(err, CredentialError::KeyringUnavailable { .. }), "{err:?}");
        }
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
    }
}
