//! `skopeo` as the interop peer: a command builder with hermetic defaults
//! (`--insecure-policy`, a private empty auth file and registries.conf, so
//! the host's containers config never leaks in) and helpers that add the
//! right TLS/credential flags for a harness `Registry`.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Output};

use super::registry::Registry;

pub struct Skopeo {
    global: Vec<OsString>,
    sub: Vec<OsString>,
    positional: Vec<OsString>,
    env_dir: tempfile::TempDir,
}

pub fn skopeo() -> Skopeo {
    Skopeo::new()
}

impl Skopeo {
    pub fn new() -> Skopeo {
        let env_dir = tempfile::Builder::new().prefix("ferry-skopeo-").tempdir().unwrap();
        std::fs::write(env_dir.path().join("auth.json"), "{\"auths\":{}}").unwrap();
        std::fs::write(env_dir.path().join("registries.conf"), "").unwrap();
        std::fs::create_dir_all(env_dir.path().join("tmp")).unwrap();
        Skopeo { global: vec!["--insecure-policy".into()], sub: vec![], positional: vec![], env_dir }
    }

    /// Which platform to pick from an index (skopeo defaults to the host's).
    pub fn override_platform(mut self, os: &str, arch: &str, variant: Option<&str>) -> Self {
        self.global.extend(["--override-os".into(), os.into(), "--override-arch".into(), arch.into()]);
        if let Some(v) = variant {
            self.global.extend(["--override-variant".into(), v.into()]);
        }
        self
    }

    /// `skopeo copy SRC DST`; add flags with the other methods.
    pub fn copy(mut self, src: &str, dst: &str) -> Self {
        self.sub = vec!["copy".into()];
        self.positional = vec![src.into(), dst.into()];
        self
    }

    /// `skopeo inspect [--raw] REF`.
    pub fn inspect(mut self, image: &str) -> Self {
        self.sub = vec!["inspect".into()];
        self.positional = vec![image.into()];
        self
    }

    /// A subcommand flag, e.g. `--all` or `--format=v2s2`.
    pub fn arg(mut self, a: impl Into<OsString>) -> Self {
        self.sub.push(a.into());
        self
    }

    /// Copy every platform of an index instead of the host's.
    pub fn all(self) -> Self {
        self.arg("--all")
    }

    /// TLS and credential flags for reading from `reg` (`--src-*`).
    pub fn src(self, reg: &Registry, creds: Option<(&str, &str)>) -> Self {
        self.registry_flags("src-", reg, creds)
    }

    /// TLS and credential flags for writing to `reg` (`--dest-*`).
    pub fn dest(self, reg: &Registry, creds: Option<(&str, &str)>) -> Self {
        self.registry_flags("dest-", reg, creds)
    }

    /// TLS and credential flags for single-image commands like inspect.
    pub fn on(self, reg: &Registry, creds: Option<(&str, &str)>) -> Self {
        self.registry_flags("", reg, creds)
    }

    fn registry_flags(mut self, prefix: &str, reg: &Registry, creds: Option<(&str, &str)>) -> Self {
        match reg.cert_dir() {
            Some(dir) => {
                self.sub.push(format!("--{prefix}tls-verify=true").into());
                self.sub.push(format!("--{prefix}cert-dir").into());
                self.sub.push(dir.into());
            }
            // Plain-HTTP registry: with verification off skopeo tries HTTPS,
            // then falls back to HTTP.
            None => self.sub.push(format!("--{prefix}tls-verify=false").into()),
        }
        match creds {
            Some((u, p)) => {
                self.sub.push(format!("--{prefix}creds").into());
                self.sub.push(format!("{u}:{p}").into());
            }
            None => self.sub.push(format!("--{prefix}no-creds").into()),
        }
        self
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new("skopeo");
        c.args(&self.global).args(&self.sub).args(&self.positional);
        let d = self.env_dir.path();
        c.env("REGISTRY_AUTH_FILE", d.join("auth.json"))
            .env("CONTAINERS_REGISTRIES_CONF", d.join("registries.conf"))
            .env("TMPDIR", d.join("tmp"))
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("HTTPS_PROXY");
        c
    }

    pub fn output(&self) -> Output {
        self.command().output().expect("run skopeo (is it installed?)")
    }

    /// Runs and returns stdout; panics with stderr if skopeo fails.
    pub fn run(&self) -> String {
        let out = self.output();
        if !out.status.success() {
            panic!(
                "skopeo {:?} failed ({}):\n{}",
                self.command().get_args().collect::<Vec<_>>(),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Default for Skopeo {
    fn default() -> Self {
        Skopeo::new()
    }
}

/// `skopeo copy docker://REG/REPO:TAG oci:DIR:TAG` with the right flags for
/// `reg`; `all` copies every platform of an index.
pub fn copy_to_oci(reg: &Registry, repo_and_tag: &str, creds: Option<(&str, &str)>, dir: &Path, tag: &str, all: bool) {
    let mut s = skopeo()
        .copy(&format!("docker://{}", reg.image_ref(repo_and_tag)), &format!("oci:{}:{tag}", dir.display()))
        .src(reg, creds);
    if all {
        s = s.all();
    }
    s.run();
}
