//! ferry's own secure credential store: the OS keyring (the "Credentials" section of ARCHITECTURE.md).
//!
//! The keyring crate's API (`keyring-core`) over each OS's own store: the Secret Service on
//! Linux (GNOME Keyring, KWallet, KeePassXC; D-Bus through `dbus-secret-service`, libdbus
//! vendored and statically linked, so neither building nor running ferry needs libdbus
//! packages), the login Keychain on macOS, the Credential Manager on Windows. Never the
//! kernel's keyutils: it is per session and empty after a reboot. Other platforms report
//! [`CredentialError::KeyringUnavailable`], as a headless Linux does.
//!
//! Everything sits behind [`SecretStore`]; [`for_env`] picks the OS keyring, or a plain JSON
//! file when `FERRY_TEST_KEYRING_FILE` is set, so tests never touch a real keyring. "No keyring
//! here" is detected without waiting (on Linux no session bus means an answer before any D-Bus
//! call) and is its own error variant so the CLI can fall back to config.json.
//!
//! One entry per registry: the keyring crate's service `ferry`, its user the registry host (on
//! Linux an item with attributes `{service: "ferry", username: HOST}`, labelled `ferry: HOST`).
//! The secret is JSON `{username, secret, identity_token}`, so the username is not readable
//! from attributes. Older ferry wrote Secret Service items `{application: "ferry", registry:
//! HOST}`: they are still read, and moved into the new layout the first time they are.
//!
//! Listing (`ferry logout --all`) asks each store's own search for ferry's entries (the
//! keyring crate has no portable listing, but each of its stores here can search), plus the
//! old-attribute items on Linux; nothing is kept beside the entries that could drift from them.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

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

/// ferry's entries in a keyring: the keyring crate's service name; the user is the registry.
const SERVICE: &str = "ferry";

/// Raw secrets by registry host in one keyring layout: the seam between ferry's own logic
/// (parsing, migration, listing) and a real keyring, so that logic is tested with fakes.
trait Entries: Send + Sync {
    fn get(&self, registry: &str) -> Result<Option<Vec<u8>>, CredentialError>;
    /// `Ok(false)` when there was nothing to delete.
    fn delete(&self, registry: &str) -> Result<bool, CredentialError>;
    fn list(&self) -> Result<Vec<String>, CredentialError>;
}

/// The layout ferry writes (an old one is only read and emptied).
trait WritableEntries: Entries {
    fn set(&self, registry: &str, secret: &[u8]) -> Result<(), CredentialError>;
}

/// ferry's entries in one keyring: the current layout, and the one an older ferry wrote,
/// which is read when the current one has nothing and then moved into it, so an upgrade
/// loses no login and the old items do not linger.
struct Layout {
    describe: String,
    current: Box<dyn WritableEntries>,
    legacy: Option<Box<dyn Entries>>,
}

fn serialise(credential: &Credential) -> Vec<u8> {
    serde_json::to_vec(&Stored::from(credential)).expect("strings always serialise")
}

impl Layout {
    fn parse(&self, registry: &str, bytes: &[u8]) -> Result<Credential, CredentialError> {
        // serde_json's message would not quote the secret, but say nothing of the content.
        serde_json::from_slice::<Stored>(bytes).map(Stored::into_credential).map_err(|_| CredentialError::Keyring {
            store: self.describe.clone(),
            message: format!("the entry for {registry} is not one ferry wrote"),
        })
    }
}

impl SecretStore for Layout {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError> {
        let registry = normalize_registry(registry);
        if let Some(bytes) = self.current.get(&registry)? {
            return self.parse(&registry, &bytes).map(Some);
        }
        let Some(legacy) = &self.legacy else { return Ok(None) };
        let Some(bytes) = legacy.get(&registry)? else { return Ok(None) };
        let credential = self.parse(&registry, &bytes)?;
        // The new entry is written before the old one goes, so a failure in between leaves
        // two copies (the new one is read first), never none. A move that fails is tried
        // again on the next read: the credential itself is good either way.
        if self.current.set(&registry, &serialise(&credential)).is_ok() {
            let _ = legacy.delete(&registry);
        }
        Ok(Some(credential))
    }

    fn set(&self, registry: &str, credential: &Credential) -> Result<(), CredentialError> {
        let registry = normalize_registry(registry);
        self.current.set(&registry, &serialise(credential))?;
        // The login itself succeeded: an old entry that cannot be removed now is shadowed by
        // the new one, and `logout` removes both.
        if let Some(legacy) = &self.legacy {
            let _ = legacy.delete(&registry);
        }
        Ok(())
    }

    fn delete(&self, registry: &str) -> Result<bool, CredentialError> {
        let registry = normalize_registry(registry);
        let current = self.current.delete(&registry)?;
        let legacy = match &self.legacy {
            Some(legacy) => legacy.delete(&registry)?,
            None => false,
        };
        Ok(current || legacy)
    }

    fn list(&self) -> Result<Vec<String>, CredentialError> {
        let mut all = self.current.list()?;
        if let Some(legacy) = &self.legacy {
            all.extend(legacy.list()?);
        }
        all.sort();
        all.dedup();
        Ok(all)
    }
}

/// ferry's entries through the keyring crate's API (`keyring-core`), in one of its stores.
struct CoreEntries {
    store: Arc<keyring_core::CredentialStore>,
    describe: String,
    /// The store's search terms for ferry's entries: each store has its own.
    search: Vec<(&'static str, String)>,
    /// Whether entries get a `label` (the Secret Service shows it in its UI; other stores
    /// refuse the modifier).
    labelled: bool,
}

impl CoreEntries {
    fn entry(&self, registry: &str) -> Result<keyring_core::Entry, CredentialError> {
        let label = format!("ferry: {registry}");
        let modifiers = HashMap::from([("label", label.as_str())]);
        self.store.build(SERVICE, registry, self.labelled.then_some(&modifiers)).map_err(|e| self.fail(e))
    }

    fn fail(&self, e: keyring_core::Error) -> CredentialError {
        from_keyring(&self.describe, e)
    }
}

impl Entries for CoreEntries {
    fn get(&self, registry: &str) -> Result<Option<Vec<u8>>, CredentialError> {
        match self.entry(registry)?.get_secret() {
            Ok(bytes) => Ok(Some(bytes)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            // Several items for one registry (a Secret Service has several collections):
            // ferry writes them all alike, so any one is the login.
            Err(keyring_core::Error::Ambiguous(entries)) => match entries.first() {
                Some(entry) => entry.get_secret().map(Some).map_err(|e| self.fail(e)),
                None => Ok(None),
            },
            Err(e) => Err(self.fail(e)),
        }
    }

    fn delete(&self, registry: &str) -> Result<bool, CredentialError> {
        let entries = match self.entry(registry)?.delete_credential() {
            Ok(()) => return Ok(true),
            Err(keyring_core::Error::NoEntry) => return Ok(false),
            Err(keyring_core::Error::Ambiguous(entries)) => entries,
            Err(e) => return Err(self.fail(e)),
        };
        for entry in entries {
            match entry.delete_credential() {
                Ok(()) | Err(keyring_core::Error::NoEntry) => {}
                Err(e) => return Err(self.fail(e)),
            }
        }
        Ok(true)
    }

    fn list(&self) -> Result<Vec<String>, CredentialError> {
        let spec: HashMap<&str, &str> = self.search.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let found = self.store.search(&spec).map_err(|e| self.fail(e))?;
        let mut out: Vec<String> = found
            .iter()
            .filter_map(keyring_core::Entry::get_specifiers)
            // Another program's entry that happens to match the search is not a registry.
            .filter(|(service, user)| service == SERVICE && !user.is_empty() && normalize_registry(user) == *user)
            .map(|(_, user)| user)
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }
}

impl WritableEntries for CoreEntries {
    fn set(&self, registry: &str, secret: &[u8]) -> Result<(), CredentialError> {
        let entries = match self.entry(registry)?.set_secret(secret) {
            Ok(()) => return Ok(()),
            Err(keyring_core::Error::Ambiguous(entries)) => entries,
            Err(e) => return Err(self.fail(e)),
        };
        for entry in entries {
            entry.set_secret(secret).map_err(|e| self.fail(e))?;
        }
        Ok(())
    }
}

/// The keyring crate's error as ferry's: "no keyring here" apart from every other failure,
/// and never a secret in the message (two variants carry the stored bytes).
fn from_keyring(store: &str, e: keyring_core::Error) -> CredentialError {
    use keyring_core::Error as E;
    let message = match e {
        E::PlatformFailure(inner) if platform::is_unavailable(inner.as_ref()) => {
            return CredentialError::KeyringUnavailable { reason: inner.to_string() };
        }
        E::NoDefaultStore => {
            return CredentialError::KeyringUnavailable { reason: "the keyring store could not be opened".into() };
        }
        E::PlatformFailure(inner) => inner.to_string(),
        E::NoStorageAccess(inner) => {
            format!("access refused ({inner}): the keyring is locked, or its unlock prompt was dismissed or timed out")
        }
        E::BadEncoding(_) | E::BadDataFormat(..) => "an entry holds data ferry cannot read".into(),
        E::TooLong(what, limit) => format!("the {what} is longer than this keyring allows ({limit})"),
        E::Invalid(what, why) => format!("invalid {what}: {why}"),
        E::NotSupportedByStore(why) => format!("not supported: {why}"),
        E::NoEntry => "no such entry".into(),
        E::Ambiguous(entries) => format!("{} entries match", entries.len()),
        other => other.to_string(),
    };
    CredentialError::Keyring { store: store.to_string(), message }
}

/// The OS keyring: the keyring crate's store for this OS, opened on first use and kept for
/// the process; "unavailable" is remembered too, so a `copy` between two registries pays
/// for detection once.
pub struct OsKeyring {
    /// Only Linux's keyring needs a session bus.
    bus_possible: bool,
    unavailable: OnceLock<String>,
    layout: OnceLock<Layout>,
}

impl OsKeyring {
    pub fn new(env: &Env) -> OsKeyring {
        OsKeyring { bus_possible: session_bus_possible(env), unavailable: OnceLock::new(), layout: OnceLock::new() }
    }

    fn layout(&self) -> Result<&Layout, CredentialError> {
        if let Some(reason) = self.unavailable.get() {
            return Err(CredentialError::KeyringUnavailable { reason: reason.clone() });
        }
        if cfg!(target_os = "linux") && !self.bus_possible {
            return self.remember(Err(CredentialError::KeyringUnavailable {
                reason:
                    "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset and $XDG_RUNTIME_DIR/bus does not exist)"
                        .into(),
            }));
        }
        if let Some(layout) = self.layout.get() {
            return Ok(layout);
        }
        let layout = self.remember(platform::layout())?;
        Ok(self.layout.get_or_init(|| layout))
    }

    fn remember<T>(&self, result: Result<T, CredentialError>) -> Result<T, CredentialError> {
        if let Err(CredentialError::KeyringUnavailable { reason }) = &result {
            let _ = self.unavailable.set(reason.clone());
        }
        result
    }
}

impl SecretStore for OsKeyring {
    fn describe(&self) -> String {
        platform::DESCRIBE.into()
    }
    fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError> {
        self.remember(self.layout()?.get(registry))
    }
    fn set(&self, registry: &str, credential: &Credential) -> Result<(), CredentialError> {
        self.remember(self.layout()?.set(registry, credential))
    }
    fn delete(&self, registry: &str) -> Result<bool, CredentialError> {
        self.remember(self.layout()?.delete(registry))
    }
    fn list(&self) -> Result<Vec<String>, CredentialError> {
        self.remember(self.layout()?.list())
    }
}

/// True when a D-Bus session bus could be there: `DBUS_SESSION_BUS_ADDRESS` is set, or the
/// systemd-style `$XDG_RUNTIME_DIR/bus` socket exists. Checked before libdbus is asked, so a
/// headless CI box gets its answer at once and libdbus never tries to autolaunch a bus.
fn session_bus_possible(env: &Env) -> bool {
    env.dbus_session_bus_address.is_some()
        || env.xdg_runtime_dir.as_deref().is_some_and(|d| Path::new(d).join("bus").exists())
}

#[cfg(target_os = "linux")]
mod platform {
    //! The Secret Service, through the keyring crate's dbus-secret-service store, plus what
    //! that store does not do, through `dbus-secret-service` itself (the store's own
    //! dependency): bound the wait for an unlock prompt, and find the items older ferry
    //! wrote under `{application: "ferry", registry: HOST}`.

    use std::collections::HashMap;

    use dbus_secret_service::{EncryptionType, Error, SecretService};

    use super::{CoreEntries, Entries, Layout, SERVICE, WritableEntries, from_keyring};
    use crate::credentials::CredentialError;

    pub(super) const DESCRIBE: &str = "Secret Service keyring";
    /// The attribute older ferry tagged its items with, and its value.
    const LEGACY_APPLICATION: (&str, &str) = ("application", "ferry");
    /// How long a keyring unlock prompt may wait for the user.
    const PROMPT_TIMEOUT_SECS: u64 = 60;

    pub(super) fn layout() -> Result<Layout, CredentialError> {
        let store = dbus_secret_service_keyring_store::Store::new().map_err(|e| from_keyring(DESCRIBE, e))?;
        let current = CoreEntries {
            store,
            describe: DESCRIBE.into(),
            search: vec![("service", SERVICE.to_string())],
            labelled: true,
        };
        Ok(Layout { describe: DESCRIBE.into(), current: Box::new(Unlocking(current)), legacy: Some(Box::new(Legacy)) })
    }

    /// The store's item attributes for a registry's entry (`dbus-secret-service-keyring-store`
    /// searches by `service` and `username`).
    fn current_attributes(registry: &str) -> HashMap<&str, &str> {
        HashMap::from([("service", SERVICE), ("username", registry)])
    }

    fn legacy_attributes(registry: &str) -> HashMap<&str, &str> {
        HashMap::from([LEGACY_APPLICATION, ("registry", registry)])
    }

    pub(super) fn is_unavailable(e: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
        e.downcast_ref::<Error>().is_some_and(is_unavailable_dbus)
    }

    /// D-Bus errors that mean "nobody provides a Secret Service here".
    fn is_unavailable_dbus(e: &Error) -> bool {
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

    fn fail(e: Error) -> CredentialError {
        if is_unavailable_dbus(&e) {
            return CredentialError::KeyringUnavailable { reason: e.to_string() };
        }
        let message = match e {
            Error::Prompt => "the keyring is locked and the unlock prompt was dismissed or timed out".into(),
            Error::Locked => "the keyring is locked".into(),
            other => other.to_string(),
        };
        CredentialError::Keyring { store: DESCRIBE.into(), message }
    }

    /// A connection whose unlock prompts wait at most [`PROMPT_TIMEOUT_SECS`]: a prompt on a
    /// screen nobody watches must not hang ferry. (Each call connects: logins are rare, and
    /// the connection is not `Sync`.)
    fn connect() -> Result<SecretService, CredentialError> {
        SecretService::connect_with_max_prompt_timeout(EncryptionType::Dh, PROMPT_TIMEOUT_SECS).map_err(fail)
    }

    /// Unlocks the items matching `attributes`, if any is locked. Only then: a keyring is
    /// never unlocked (prompted for) when ferry has nothing behind its lock.
    fn unlock_items(attributes: HashMap<&str, &str>) -> Result<(), CredentialError> {
        let ss = connect()?;
        let found = ss.search_items(attributes).map_err(fail)?;
        if !found.locked.is_empty() {
            ss.unlock_all(&found.locked.iter().collect::<Vec<_>>()).map_err(fail)?;
        }
        Ok(())
    }

    /// ferry's entries through the keyring crate's store, each call preceded by unlocking
    /// what it touches on ferry's own bounded connection: the store's connection would wait
    /// for an unlock prompt without end (it offers no bound), and finds the items already
    /// unlocked this way.
    struct Unlocking(CoreEntries);

    impl Entries for Unlocking {
        fn get(&self, registry: &str) -> Result<Option<Vec<u8>>, CredentialError> {
            unlock_items(current_attributes(registry))?;
            self.0.get(registry)
        }
        fn delete(&self, registry: &str) -> Result<bool, CredentialError> {
            unlock_items(current_attributes(registry))?;
            self.0.delete(registry)
        }
        fn list(&self) -> Result<Vec<String>, CredentialError> {
            unlock_items(HashMap::from([("service", SERVICE)]))?;
            self.0.list()
        }
    }

    impl WritableEntries for Unlocking {
        fn set(&self, registry: &str, secret: &[u8]) -> Result<(), CredentialError> {
            let ss = connect()?;
            // A new item goes into the default collection, which must be open for it.
            ss.get_default_collection().and_then(|c| c.ensure_unlocked()).map_err(fail)?;
            unlock_items(current_attributes(registry))?;
            self.0.set(registry, secret)
        }
    }

    /// The items older ferry wrote: `{application: "ferry", registry: HOST}`, the same JSON
    /// secret. Only read (and emptied, as [`Layout`] moves them).
    struct Legacy;

    impl Entries for Legacy {
        fn get(&self, registry: &str) -> Result<Option<Vec<u8>>, CredentialError> {
            let ss = connect()?;
            let found = ss.search_items(legacy_attributes(registry)).map_err(fail)?;
            let item = match (found.unlocked.into_iter().next(), found.locked.into_iter().next()) {
                (Some(item), _) => item,
                (None, Some(item)) => {
                    item.unlock().map_err(fail)?;
                    item
                }
                (None, None) => return Ok(None),
            };
            item.get_secret().map(Some).map_err(fail)
        }

        fn delete(&self, registry: &str) -> Result<bool, CredentialError> {
            let ss = connect()?;
            let found = ss.search_items(legacy_attributes(registry)).map_err(fail)?;
            let mut existed = false;
            for item in found.unlocked.iter().chain(found.locked.iter()) {
                item.delete().map_err(fail)?;
                existed = true;
            }
            Ok(existed)
        }

        fn list(&self) -> Result<Vec<String>, CredentialError> {
            let ss = connect()?;
            let found = ss.search_items(HashMap::from([LEGACY_APPLICATION])).map_err(fail)?;
            let mut out = Vec::new();
            for item in found.unlocked.iter().chain(found.locked.iter()) {
                if let Some(r) = item.get_attributes().map_err(fail)?.remove("registry") {
                    out.push(r);
                }
            }
            Ok(out)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn no_secret_service_on_the_bus_is_unavailable() {
            let e = keyring_core::Error::PlatformFailure(Box::new(Error::Unavailable));
            let err = from_keyring(DESCRIBE, e);
            assert!(matches!(err, CredentialError::KeyringUnavailable { .. }), "{err:?}");
            let e = keyring_core::Error::PlatformFailure(Box::new(Error::Parse));
            assert!(matches!(from_keyring(DESCRIBE, e), CredentialError::Keyring { .. }));
        }
    }
}

#[cfg(target_os = "macos")]
mod platform {
    //! The login Keychain (generic passwords: service `ferry`, account the registry).

    use super::{CoreEntries, Layout, SERVICE, from_keyring};
    use crate::credentials::CredentialError;

    pub(super) const DESCRIBE: &str = "macOS Keychain";

    pub(super) fn layout() -> Result<Layout, CredentialError> {
        let store = apple_native_keyring_store::keychain::Store::new().map_err(|e| from_keyring(DESCRIBE, e))?;
        let current = CoreEntries {
            store,
            describe: DESCRIBE.into(),
            search: vec![("service", SERVICE.to_string())],
            labelled: false,
        };
        Ok(Layout { describe: DESCRIBE.into(), current: Box::new(current), legacy: None })
    }

    pub(super) fn is_unavailable(_: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
        false
    }
}

#[cfg(windows)]
mod platform {
    //! The Credential Manager (generic credentials named `HOST.ferry`, the store's default
    //! `{user}.{service}`).

    use super::{CoreEntries, Layout, SERVICE, from_keyring};
    use crate::credentials::CredentialError;

    pub(super) const DESCRIBE: &str = "Windows Credential Manager";

    pub(super) fn layout() -> Result<Layout, CredentialError> {
        let store = windows_native_keyring_store::Store::new().map_err(|e| from_keyring(DESCRIBE, e))?;
        // The store searches credential names (`HOST.ferry`) by regular expression.
        let current = CoreEntries {
            store,
            describe: DESCRIBE.into(),
            search: vec![("pattern", format!(r"\.{SERVICE}$"))],
            labelled: false,
        };
        Ok(Layout { describe: DESCRIBE.into(), current: Box::new(current), legacy: None })
    }

    pub(super) fn is_unavailable(_: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
        false
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
mod platform {
    use super::Layout;
    use crate::credentials::CredentialError;

    pub(super) const DESCRIBE: &str = "OS keyring";

    pub(super) fn layout() -> Result<Layout, CredentialError> {
        Err(CredentialError::KeyringUnavailable { reason: "ferry has no keyring backend for this platform".into() })
    }

    pub(super) fn is_unavailable(_: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
        false
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

    // Linux only: elsewhere the OS keyring is the user's real Keychain or Credential Manager.
    #[cfg(target_os = "linux")]
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

    /// In-memory entries for the layout tests; `fail_set` makes every write fail.
    #[derive(Default)]
    struct Fake {
        entries: std::sync::Mutex<BTreeMap<String, Vec<u8>>>,
        fail_set: bool,
    }

    impl Fake {
        fn with(registry: &str, credential: &Credential) -> Fake {
            let fake = Fake::default();
            fake.entries.lock().unwrap().insert(registry.into(), serialise(credential));
            fake
        }
        fn has(&self, registry: &str) -> bool {
            self.entries.lock().unwrap().contains_key(registry)
        }
    }

    impl Entries for Arc<Fake> {
        fn get(&self, registry: &str) -> Result<Option<Vec<u8>>, CredentialError> {
            Ok(self.entries.lock().unwrap().get(registry).cloned())
        }
        fn delete(&self, registry: &str) -> Result<bool, CredentialError> {
            Ok(self.entries.lock().unwrap().remove(registry).is_some())
        }
        fn list(&self) -> Result<Vec<String>, CredentialError> {
            Ok(self.entries.lock().unwrap().keys().cloned().collect())
        }
    }

    impl WritableEntries for Arc<Fake> {
        fn set(&self, registry: &str, secret: &[u8]) -> Result<(), CredentialError> {
            if self.fail_set {
                return Err(CredentialError::Keyring { store: "fake".into(), message: "locked".into() });
            }
            self.entries.lock().unwrap().insert(registry.into(), secret.to_vec());
            Ok(())
        }
    }

    fn layout(current: &Arc<Fake>, legacy: &Arc<Fake>) -> Layout {
        Layout {
            describe: "fake keyring".into(),
            current: Box::new(current.clone()),
            legacy: Some(Box::new(legacy.clone())),
        }
    }

    #[test]
    fn an_old_entry_is_read_and_moved_into_the_new_layout() {
        let old = Credential::basic("alice", "from-old-ferry");
        let (current, legacy) = (Arc::new(Fake::default()), Arc::new(Fake::with("ghcr.io", &old)));
        let store = layout(&current, &legacy);
        assert_eq!(store.list().unwrap(), ["ghcr.io"], "old entries are listed before they move");
        assert_eq!(store.get("https://GHCR.io").unwrap(), Some(old.clone()));
        assert!(current.has("ghcr.io") && !legacy.has("ghcr.io"), "moved: written new, old deleted");
        assert_eq!(store.get("ghcr.io").unwrap(), Some(old));
        assert_eq!(store.list().unwrap(), ["ghcr.io"]);
    }

    #[test]
    fn an_old_entry_that_cannot_be_moved_is_still_read_and_kept() {
        let old = Credential::identity_token("", "refresh");
        let current = Arc::new(Fake { fail_set: true, ..Fake::default() });
        let legacy = Arc::new(Fake::with("docker.io", &old));
        let store = layout(&current, &legacy);
        assert_eq!(store.get("index.docker.io").unwrap(), Some(old));
        assert!(legacy.has("docker.io"), "never deleted before the new copy is written");
    }

    #[test]
    fn the_new_entry_wins_and_login_and_logout_clear_old_ones() {
        let (current, legacy) = (
            Arc::new(Fake::with("ghcr.io", &Credential::basic("new", "p"))),
            Arc::new(Fake::with("ghcr.io", &Credential::basic("old", "p"))),
        );
        let store = layout(&current, &legacy);
        assert_eq!(store.get("ghcr.io").unwrap().unwrap().username, "new");
        legacy.entries.lock().unwrap().insert("quay.io".into(), serialise(&Credential::basic("old", "p")));
        store.set("quay.io", &Credential::basic("newer", "p")).unwrap();
        assert!(!legacy.has("quay.io"), "a login removes the old entry it replaces");
        assert_eq!(store.get("quay.io").unwrap().unwrap().username, "newer");
        assert!(store.delete("ghcr.io").unwrap());
        assert!(!current.has("ghcr.io") && !legacy.has("ghcr.io"), "logout removes both");
        assert!(!store.delete("ghcr.io").unwrap());
        assert_eq!(store.list().unwrap(), ["quay.io"]);
    }

    #[test]
    fn an_entry_ferry_did_not_write_is_an_error_without_its_content() {
        let current = Arc::new(Fake::default());
        current.entries.lock().unwrap().insert("ghcr.io".into(), b"hunter2".to_vec());
        let store = layout(&current, &Arc::new(Fake::default()));
        let err = store.get("ghcr.io").unwrap_err().to_string();
        assert!(err.contains("ghcr.io") && err.contains("not one ferry wrote") && !err.contains("hunter2"), "{err}");
    }

    /// ferry's entries through the keyring crate's API, against its in-memory mock store.
    fn core_entries() -> (Arc<keyring_core::mock::Store>, CoreEntries) {
        let mock = keyring_core::mock::Store::new().unwrap();
        let entries = CoreEntries {
            store: mock.clone(),
            describe: "mock keyring".into(),
            search: vec![("service", SERVICE.into())],
            labelled: false,
        };
        (mock, entries)
    }

    #[test]
    fn keyring_crate_entries_round_trip_and_list_only_ferrys() {
        use keyring_core::api::CredentialStoreApi;
        let (mock, entries) = core_entries();
        assert_eq!(entries.get("ghcr.io").unwrap(), None);
        assert!(!entries.delete("ghcr.io").unwrap());
        entries.set("ghcr.io", b"one").unwrap();
        entries.set("ghcr.io", b"two").unwrap();
        entries.set("localhost:5000", b"three").unwrap();
        // Another program's entries, in the same store: not ferry's registries.
        mock.build("ferry-other", "x.example", None).unwrap().set_secret(b"x").unwrap();
        mock.build(SERVICE, "Not A Host/x", None).unwrap().set_secret(b"x").unwrap();
        assert_eq!(entries.get("ghcr.io").unwrap().as_deref(), Some(&b"two"[..]));
        assert_eq!(entries.list().unwrap(), ["ghcr.io", "localhost:5000"]);
        assert!(entries.delete("ghcr.io").unwrap());
        assert_eq!(entries.get("ghcr.io").unwrap(), None);
    }

    #[test]
    fn keyring_crate_errors_become_ferrys_without_the_secret() {
        use keyring_core::api::CredentialStoreApi;
        let (mock, entries) = core_entries();
        entries.set("ghcr.io", b"hunter2").unwrap();
        let inject = |e: keyring_core::Error| {
            let entry = mock.build(SERVICE, "ghcr.io", None).unwrap();
            entry.as_any().downcast_ref::<keyring_core::mock::Cred>().unwrap().set_error(e);
        };
        inject(keyring_core::Error::BadDataFormat(b"hunter2".to_vec(), "bad".into()));
        let err = entries.get("ghcr.io").unwrap_err();
        assert!(matches!(err, CredentialError::Keyring { .. }) && !err.to_string().contains("hunter2"), "{err}");
        inject(keyring_core::Error::NoStorageAccess("denied".into()));
        let err = entries.get("ghcr.io").unwrap_err().to_string();
        assert!(err.contains("mock keyring") && err.contains("locked") && err.contains("denied"), "{err}");
        inject(keyring_core::Error::TooLong("secret".into(), 2560));
        let err = entries.set("ghcr.io", &[b'x'; 4000]).unwrap_err().to_string();
        assert!(err.contains("longer than this keyring allows (2560)"), "{err}");
        inject(keyring_core::Error::NoDefaultStore);
        assert!(matches!(entries.delete("ghcr.io"), Err(CredentialError::KeyringUnavailable { .. })));
        // Errors are one-shot in the mock: the entry itself is untouched.
        assert_eq!(entries.get("ghcr.io").unwrap().as_deref(), Some(&b"hunter2"[..]));
    }
}
