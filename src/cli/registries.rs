//! Finding and reading the mirror configuration users already have: containers-registries.conf(5)
//! with its `registries.conf.d` drop-ins, and docker's `daemon.json` (`registry-mirrors`).
//! Files are read through `local_file` (regular files, capped); what they mean is
//! [`crate::mirrors`]'s business. README "Mirrors" documents the order.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::{Context as _, Result};

use crate::local_file;
use crate::mirrors::Mirrors;
use crate::progress::{Event, Reporter};
use crate::reference::Reference;
use crate::registry::Client;

/// No configuration file of these kinds is anywhere near this big.
const CONF_LIMIT: u64 = 1024 * 1024;

/// The global `--registries-conf FILE`, set once by `main` (a process-wide setting, like the
/// environment variables it overrides, so that every command's client sees it).
static FLAG: OnceLock<Option<PathBuf>> = OnceLock::new();

pub fn set_flag(path: Option<PathBuf>) {
    let _ = FLAG.set(path);
}

/// The registries.conf to read: `--registries-conf`, else `$CONTAINERS_REGISTRIES_CONF`, else
/// the user's (`$XDG_CONFIG_HOME/containers/registries.conf`) when it exists, else the
/// system's. The bool says the file must exist (the user named it on the command line).
fn main_file(
    flag: Option<&Path>,
    env: Option<PathBuf>,
    config_dir: Option<PathBuf>,
    exists: impl Fn(&Path) -> bool,
) -> (PathBuf, bool) {
    if let Some(f) = flag {
        return (f.to_path_buf(), true);
    }
    if let Some(e) = env.filter(|e| !e.as_os_str().is_empty()) {
        return (e, false);
    }
    if let Some(user) = config_dir.map(|d| d.join("containers/registries.conf"))
        && exists(&user)
    {
        return (user, false);
    }
    (PathBuf::from("/etc/containers/registries.conf"), false)
}

/// docker's daemon.json files: `$FERRY_DOCKER_DAEMON_JSON` (`:`-separated; empty for none),
/// else the system's and rootless docker's.
fn daemon_files() -> Vec<PathBuf> {
    if let Some(v) = std::env::var_os("FERRY_DOCKER_DAEMON_JSON") {
        return std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect();
    }
    let mut out = vec![PathBuf::from("/etc/docker/daemon.json")];
    if let Some(d) = dirs::config_dir() {
        out.push(d.join("docker/daemon.json"));
    }
    out
}

/// Reads `path`; `Ok(None)` when it is not there (and need not be), or when this user may
/// not read it (a root-only /etc/docker/daemon.json): then with a warning, as failing every
/// command over a file another tool owns would be worse.
fn read(path: &Path, required: bool, warnings: &mut Vec<String>) -> Result<Option<String>> {
    match local_file::read_to_string(path, CONF_LIMIT) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && !required => {
            warnings.push(format!("{}: {e}; its mirror settings are not used", path.display()));
            Ok(None)
        }
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Every mirror setting in effect, warnings (unknown keys) sent to `reporter`.
pub fn load(reporter: &dyn Reporter) -> Result<Arc<Mirrors>> {
    let flag = FLAG.get().cloned().flatten();
    let (file, required) = main_file(
        flag.as_deref(),
        std::env::var_os("CONTAINERS_REGISTRIES_CONF").map(PathBuf::from),
        dirs::config_dir(),
        Path::exists,
    );
    let mut mirrors = Mirrors::default();
    let mut warnings = Vec::new();
    let mut files = vec![file.clone()];
    // Drop-ins next to the main file, in name order, each overriding what came before.
    if let Some(dir) = file.parent().map(|p| p.join("registries.conf.d"))
        && let Ok(entries) = std::fs::read_dir(&dir)
    {
        let mut drop_ins: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "conf"))
            .collect();
        drop_ins.sort();
        files.extend(drop_ins);
    }
    for (i, f) in files.iter().enumerate() {
        if let Some(text) = read(f, required && i == 0, &mut warnings)? {
            warnings.extend(mirrors.add_registries_conf(f, &text)?);
        }
    }
    for f in daemon_files() {
        if let Some(text) = read(&f, false, &mut warnings)? {
            warnings.extend(mirrors.add_daemon_json(&f, &text)?);
        }
    }
    for w in warnings {
        reporter.event(Event::Warning(w));
    }
    Ok(Arc::new(mirrors))
}

/// The endpoints that served reads of `reference`, when mirrors are configured for it
/// (empty otherwise, so outputs without mirrors do not change).
pub fn served_by(client: &Client, reference: &Reference) -> Vec<String> {
    if client.has_mirrors(reference) { client.served_by(reference) } else { Vec::new() }
}

/// "Served by …" for a command's status lines, when mirrors are configured for `reference`.
pub fn served_line(client: &Client, reference: &Reference) -> Option<String> {
    let hosts = served_by(client, reference);
    let primary = client.primary_host(reference)?;
    if hosts.is_empty() {
        return None;
    }
    let named: Vec<String> = hosts
        .iter()
        .map(|h| if *h == primary { format!("{h} (the registry itself)") } else { format!("{h} (mirror)") })
        .collect();
    Some(format!("Served by {}", named.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_then_the_variable_then_the_users_file_then_the_systems() {
        let home = Some(PathBuf::from("/h/.config"));
        let user = Path::new("/h/.config/containers/registries.conf");
        let env = || Some(PathBuf::from("/e.conf"));
        assert_eq!(main_file(Some(Path::new("/f.conf")), env(), home.clone(), |_| true), ("/f.conf".into(), true));
        assert_eq!(main_file(None, env(), home.clone(), |_| true), ("/e.conf".into(), false));
        assert_eq!(main_file(None, Some(PathBuf::new()), home.clone(), |p| p == user), (user.into(), false));
        assert_eq!(main_file(None, None, home, |_| false), ("/etc/containers/registries.conf".into(), false));
    }
}
