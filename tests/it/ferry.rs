//! Running the real `ferry` binary hermetically: its own store, HOME, config dirs, and no
//! proxy or credential settings leaking in from the machine.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::harness::Registry;

pub struct Ferry {
    dir: tempfile::TempDir,
    ca_file: Option<PathBuf>,
    env: Vec<(String, String)>,
}

/// The result of one run, with stdout/stderr as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "ferry failed:\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn fails_with(self, code: i32) -> Run {
        assert_eq!(self.code, code, "unexpected exit code:\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Ferry {
    pub fn new() -> Ferry {
        Ferry { dir: tempfile::Builder::new().prefix("ferry-it-").tempdir().unwrap(), ca_file: None, env: Vec::new() }
    }

    /// Trusts `reg`'s test CA (through SSL_CERT_FILE, as a user would).
    pub fn trusting(reg: &Registry) -> Ferry {
        let mut f = Ferry::new();
        f.ca_file = reg.ca_file().map(Path::to_path_buf);
        f
    }

    /// Puts `reg`'s test CA in this Ferry's `certs.d` for that registry only (as podman's
    /// `~/.config/containers/certs.d/HOST:PORT/ca.crt`); returns the directory.
    pub fn trust_in_certs_d(&self, reg: &Registry) -> PathBuf {
        let dir = self.home().join(".config/containers/certs.d").join(reg.host());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(reg.ca_file().expect("a TLS registry"), dir.join("ca.crt")).unwrap();
        dir
    }

    /// Sets an environment variable for every run of this Ferry.
    pub fn with_env(mut self, key: &str, value: impl Into<String>) -> Ferry {
        self.env.push((key.to_string(), value.into()));
        self
    }

    /// docker's config.json for this Ferry's HOME.
    pub fn docker_config(&self) -> PathBuf {
        self.home().join(".docker/config.json")
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ferry"));
        c.args(args)
            .env("FERRY_ROOT", self.root())
            .env("HOME", self.home())
            .env("XDG_DATA_HOME", self.home().join(".local/share"))
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("DOCKER_CONFIG", self.home().join(".docker"))
            .env("FERRY_PROGRESS_INTERVAL", "0.2")
            // Mirror settings only from files the test writes, never the machine's /etc.
            .env("CONTAINERS_REGISTRIES_CONF", self.home().join(".config/containers/registries.conf"))
            .env("FERRY_DOCKER_DAEMON_JSON", self.home().join(".config/docker/daemon.json"))
            .stdin(Stdio::null());
        for v in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "no_proxy",
            "SSL_CERT_FILE",
            "SSL_CERT_DIR",
            "REGISTRY_AUTH_FILE",
            "DOCKER_AUTH_CONFIG",
            "FERRY_USERNAME",
            "FERRY_PASSWORD",
            // No real keyring in tests: without a session bus the OS keyring is "unavailable".
            "FERRY_REGISTRY",
            "FERRY_TEST_KEYRING_FILE",
            "DBUS_SESSION_BUS_ADDRESS",
            "XDG_RUNTIME_DIR",
        ] {
            c.env_remove(v);
        }
        if let Some(ca) = &self.ca_file {
            c.env("SSL_CERT_FILE", ca);
        }
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.command(args).output().expect("ferry runs").into()
    }

    /// Runs with `input` on stdin (for --password-stdin).
    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Run {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ferry starts");
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap().into()
    }

    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("ferry starts")
    }

    /// The store's index.json.
    pub fn index(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(self.root().join("index.json")).unwrap()).unwrap()
    }

    /// The descriptor stored under the full reference `name`, if any.
    pub fn stored(&self, name: &str) -> Option<serde_json::Value> {
        self.index()["manifests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["annotations"]["org.opencontainers.image.ref.name"] == name)
            .cloned()
    }

    pub fn has_blob(&self, digest: &str) -> bool {
        self.blob_path(digest).is_file()
    }

    pub fn blob_path(&self, digest: &str) -> PathBuf {
        self.root().join("blobs/sha256").join(digest.trim_start_matches("sha256:"))
    }

    /// Names (hex) of every blob in the store.
    pub fn blob_names(&self) -> std::collections::BTreeSet<String> {
        std::fs::read_dir(self.root().join("blobs/sha256"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// Bytes held in partial downloads.
    pub fn partial_bytes(&self) -> u64 {
        std::fs::read_dir(self.root().join("ingest"))
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
                    .map(|e| e.metadata().unwrap().len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// Makes `cmd`'s writes past `bytes` into any one file fail (EFBIG, "File too large") as a
/// full disk fails them, without touching the machine's disks or devices.
#[cfg(target_os = "linux")]
pub fn limit_file_size(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    unsafe {
        cmd.pre_exec(move || {
            // A write past the limit then fails instead of killing the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}
