//! Per-registry TLS material from `certs.d` directories, the layout docker and podman share:
//! `DIR/HOST[:PORT]/*.crt` are extra CAs for that registry, `NAME.cert` + `NAME.key` a client
//! certificate. Reads only the directories handed to it; opens no socket.

use std::path::{Path, PathBuf};

/// What `certs.d` holds for one registry host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostTls {
    pub ca_files: Vec<PathBuf>,
    /// (certificate, private key), PEM.
    pub client_identity: Option<(PathBuf, PathBuf)>,
}

impl HostTls {
    pub fn is_empty(&self) -> bool {
        self.ca_files.is_empty() && self.client_identity.is_none()
    }
}

/// Collects `host`'s material from every root (`/etc/docker/certs.d`, …) in order. A key
/// without its certificate (or the reverse) is an error, as in docker: silently ignoring it
/// would turn a typo into a confusing handshake failure.
pub fn host_tls(roots: &[PathBuf], host: &str) -> Result<HostTls, String> {
    let mut out = HostTls::default();
    for root in roots {
        let dir = root.join(host);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        names.sort();
        for path in &names {
            match path.extension().and_then(|e| e.to_str()) {
                Some("crt") => out.ca_files.push(path.clone()),
                Some("cert") => {
                    let key = path.with_extension("key");
                    if !key.is_file() {
                        return Err(format!("{}: client certificate without its key {}", dir.display(), name(&key)));
                    }
                    if out.client_identity.is_none() {
                        out.client_identity = Some((path.clone(), key));
                    }
                }
                Some("key") => {
                    let cert = path.with_extension("cert");
                    if !cert.is_file() {
                        return Err(format!("{}: client key without its certificate {}", dir.display(), name(&cert)));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(out)
}

fn name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_cas_and_client_pairs_per_host() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(a.path().join("reg:5000")).unwrap();
        std::fs::create_dir_all(b.path().join("reg:5000")).unwrap();
        std::fs::write(a.path().join("reg:5000/ca.crt"), "x").unwrap();
        std::fs::write(b.path().join("reg:5000/other.crt"), "x").unwrap();
        std::fs::write(b.path().join("reg:5000/client.cert"), "x").unwrap();
        std::fs::write(b.path().join("reg:5000/client.key"), "x").unwrap();
        std::fs::write(b.path().join("reg:5000/README"), "x").unwrap();
        let roots = vec![a.path().to_path_buf(), b.path().to_path_buf(), PathBuf::from("/nonexistent")];
        let tls = host_tls(&roots, "reg:5000").unwrap();
        assert_eq!(tls.ca_files.len(), 2);
        assert_eq!(tls.client_identity.as_ref().unwrap().1, b.path().join("reg:5000/client.key"));
        assert!(host_tls(&roots, "reg").unwrap().is_empty(), "the port is part of the directory name");
    }

    #[test]
    fn half_a_client_pair_is_an_error() {
        let a = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(a.path().join("h")).unwrap();
        std::fs::write(a.path().join("h/client.key"), "x").unwrap();
        let err = host_tls(&[a.path().to_path_buf()], "h").unwrap_err();
        assert!(err.contains("client.cert"), "{err}");
    }
}
