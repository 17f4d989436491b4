//! A real Docker engine for the suite: Debian's `dockerd` started once per test binary on a
//! private socket, with its data and exec roots in a temp dir of its own, no bridge and no
//! iptables rules (containers run with `--network none`). It stops when the test process
//! exits: a watchdog shell holds the other end of a pipe the process keeps open, and sends
//! dockerd SIGTERM when it closes (dockerd then stops its containerd and unmounts), and
//! removes the engine's directory once dockerd has exited cleanly.
//!
//! dockerd trusts a registry's CA only from `/etc/docker/certs.d/HOST:PORT/ca.crt`;
//! [`Docker::trust`] creates that entry for one test registry's port and removes it on drop.
//! The docker CLI runs with a `DOCKER_CONFIG` the test names, so `docker login` and ferry
//! can share (or not) one config.json per test.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::json;

use super::{Blob, Registry};

const WATCHDOG: &str = r#"exec 3<&0
"$0" --data-root "$1/root" --exec-root "$1/exec" --pidfile "$1/pid" \
  --iptables=false --ip6tables=false --bridge=none -H "unix://$1/sock" 0<&- 3<&- >>"$1/log" 2>&1 &
d=$!
( read _ <&3; kill -TERM $d 2>>"$1/log" ) &
wait $d && rm -rf "$1""#;

pub struct Docker {
    dir: PathBuf,
    // Held open for the process's lifetime: its closing stops dockerd.
    _watchdog: Mutex<Child>,
}

static ENGINE: OnceLock<Docker> = OnceLock::new();

/// The suite's Docker engine, started on first use.
pub fn engine() -> &'static Docker {
    ENGINE.get_or_init(Docker::start)
}

impl Docker {
    fn start() -> Docker {
        let dockerd = ["/usr/sbin/dockerd", "/usr/bin/dockerd"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("dockerd is not installed (Debian's docker.io; scripts/test installs it)");
        // A short path: containerd's sockets live under the exec root, and a unix socket's
        // path is limited to 108 bytes.
        let dir = tempfile::Builder::new().prefix("ferry-dk-").tempdir_in("/tmp").unwrap().keep();
        let log = std::fs::File::create(dir.join("log")).unwrap();
        let child = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg(dockerd)
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start dockerd");
        // The CLI runs with a PATH holding only itself: docker picks `pass` or
        // `secretservice` as its default credential store when their helpers are on PATH,
        // and a test that wants one says so (`PATH` in its own environment).
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let cli = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|d| d.join("docker"))
            .find(|p| p.is_file())
            .expect("the docker CLI is not on PATH");
        std::os::unix::fs::symlink(cli, bin.join("docker")).unwrap();
        let docker = Docker { dir, _watchdog: Mutex::new(child) };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let probe = docker.cmd(&docker.dir).args(["version", "--format", "{{.Server.Version}}"]).output();
            if matches!(&probe, Ok(o) if o.status.success()) {
                break;
            }
            if docker._watchdog.lock().unwrap().try_wait().ok().flatten().is_some() || Instant::now() > deadline {
                panic!(
                    "dockerd did not start (it needs root):\n{}",
                    std::fs::read_to_string(docker.dir.join("log")).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        docker
    }

    /// The engine's API socket, as `DOCKER_HOST` takes it.
    pub fn host(&self) -> String {
        format!("unix://{}", self.dir.join("sock").display())
    }

    /// The docker CLI bound to this engine, with `config_dir` as its `DOCKER_CONFIG`, and no
    /// credential helper on its `PATH` (so logins go to config.json unless a test puts one
    /// there).
    pub fn cmd(&self, config_dir: &Path) -> Command {
        let mut c = Command::new(self.dir.join("bin/docker"));
        c.env("DOCKER_HOST", self.host())
            .env("PATH", self.dir.join("bin"))
            .env("DOCKER_CONFIG", config_dir)
            .env("DOCKER_BUILDKIT", "0")
            .env_remove("DOCKER_CONTEXT")
            .env_remove("DOCKER_TLS_VERIFY")
            .env_remove("DOCKER_CERT_PATH")
            .stdin(Stdio::null());
        for v in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
            c.env_remove(v);
        }
        c
    }

    /// Runs the docker CLI; panics with its output unless it succeeds. Returns stdout.
    #[track_caller]
    pub fn ok(&self, config_dir: &Path, args: &[&str]) -> String {
        succeeded(args, self.cmd(config_dir).args(args).output().expect("docker runs"))
    }

    /// Runs the docker CLI with `input` on stdin; panics unless it succeeds.
    #[track_caller]
    pub fn ok_with_stdin(&self, config_dir: &Path, args: &[&str], input: &[u8]) -> String {
        let mut child = self
            .cmd(config_dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("docker runs");
        child.stdin.take().unwrap().write_all(input).unwrap();
        succeeded(args, child.wait_with_output().unwrap())
    }

    /// Makes dockerd trust `reg`'s test CA (a TLS registry) until the guard drops.
    pub fn trust(&self, reg: &Registry) -> TrustedCa {
        let ca = reg.ca_file().expect("a TLS registry");
        let dir = PathBuf::from("/etc/docker/certs.d").join(reg.host());
        std::fs::create_dir_all(&dir).expect("create /etc/docker/certs.d/HOST:PORT (needs root)");
        std::fs::copy(ca, dir.join("ca.crt")).unwrap();
        TrustedCa { dir }
    }

    /// Imports a runnable busybox image (see [`busybox_rootfs`]) as `tag`.
    pub fn import_busybox(&self, config_dir: &Path, tag: &str) {
        let dir = tempfile::tempdir().unwrap();
        let tar = dir.path().join("rootfs.tar");
        std::fs::write(&tar, busybox_layer("")).unwrap();
        self.ok(config_dir, &["import", tar.to_str().unwrap(), tag]);
    }

    /// Removes an image from the engine, ignoring one that is not there.
    pub fn rmi(&self, config_dir: &Path, image: &str) {
        let _ = self.cmd(config_dir).args(["rmi", "-f", image]).output();
    }
}

/// A docker run's stdout; panics with all of its output unless it succeeded.
#[track_caller]
fn succeeded(args: &[&str], out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "docker {args:?} failed ({}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `/etc/docker/certs.d/HOST:PORT/`, created for one test registry; removed on drop.
pub struct TrustedCa {
    dir: PathBuf,
}

impl Drop for TrustedCa {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writes a minimal runnable root filesystem into `dir`: Debian's static busybox as
/// `/bin/busybox` with `sh`, `cat`, `ls` and `echo` linked to it.
pub fn busybox_rootfs(dir: &Path) {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(busybox(), bin.join("busybox")).unwrap();
    for applet in ["sh", "cat", "ls", "echo"] {
        std::os::unix::fs::symlink("busybox", bin.join(applet)).unwrap();
    }
}

fn busybox() -> &'static Path {
    let p = Path::new("/bin/busybox");
    assert!(p.exists(), "/bin/busybox is missing (Debian's busybox-static; scripts/test installs it)");
    p
}

/// An uncompressed layer: the busybox root filesystem, plus `/msg` holding `message` when it
/// is not empty. Deterministic (fixed mtimes and owners).
pub fn busybox_layer(message: &str) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut dir = tar::Header::new_gnu();
    dir.set_entry_type(tar::EntryType::Directory);
    dir.set_mode(0o755);
    dir.set_mtime(0);
    dir.set_size(0);
    b.append_data(&mut dir, "bin/", std::io::empty()).unwrap();
    let bytes = std::fs::read(busybox()).unwrap();
    let mut h = tar::Header::new_gnu();
    h.set_mode(0o755);
    h.set_mtime(0);
    h.set_size(bytes.len() as u64);
    b.append_data(&mut h, "bin/busybox", &bytes[..]).unwrap();
    for applet in ["sh", "cat", "ls", "echo"] {
        let mut l = tar::Header::new_gnu();
        l.set_entry_type(tar::EntryType::Symlink);
        l.set_mode(0o777);
        l.set_mtime(0);
        l.set_size(0);
        b.append_link(&mut l, format!("bin/{applet}"), "busybox").unwrap();
    }
    if !message.is_empty() {
        let mut m = tar::Header::new_gnu();
        m.set_mode(0o644);
        m.set_mtime(0);
        m.set_size(message.len() as u64);
        b.append_data(&mut m, "msg", message.as_bytes()).unwrap();
    }
    b.into_inner().unwrap()
}

/// A runnable image whose default command prints `message`, as its blobs: the gzip layer,
/// the config and the manifest (OCI media types unless `docker_types`).
pub struct RunnableImage {
    pub layer: Blob,
    pub config: Blob,
    pub manifest: Vec<u8>,
    pub manifest_type: &'static str,
}

impl RunnableImage {
    pub fn new(message: &str, architecture: &str, docker_types: bool) -> RunnableImage {
        let tar = busybox_layer(message);
        let diff_id = super::sha256_digest(&tar);
        let mut gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::fast());
        gz.write_all(&tar).unwrap();
        let (layer_type, config_type, manifest_type) = if docker_types {
            (
                "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "application/vnd.docker.container.image.v1+json",
                "application/vnd.docker.distribution.manifest.v2+json",
            )
        } else {
            (
                "application/vnd.oci.image.layer.v1.tar+gzip",
                "application/vnd.oci.image.config.v1+json",
                "application/vnd.oci.image.manifest.v1+json",
            )
        };
        let layer = Blob::from_bytes(layer_type, gz.finish().unwrap());
        let config = json!({
            "architecture": architecture,
            "os": "linux",
            "created": "2026-01-02T03:04:05Z",
            "config": {"Cmd": ["/bin/cat", "/msg"], "Env": ["PATH=/bin"]},
            "rootfs": {"type": "layers", "diff_ids": [diff_id]},
            "history": [{"created": "2026-01-02T03:04:05Z", "created_by": "ferry test fixture"}],
        });
        let config = Blob::from_bytes(config_type, serde_json::to_vec(&config).unwrap());
        let manifest = serde_json::to_vec(&json!({
            "schemaVersion": 2,
            "mediaType": manifest_type,
            "config": config.descriptor(),
            "layers": [layer.descriptor()],
        }))
        .unwrap();
        RunnableImage { layer, config, manifest, manifest_type }
    }

    /// Pushes the image to `reg` as `repo:tag`; returns the manifest digest.
    pub fn push(&self, reg: &Registry, repo: &str, tag: &str) -> String {
        reg.push_blob(repo, &self.layer);
        reg.push_blob(repo, &self.config);
        reg.push_manifest(repo, tag, self.manifest_type, &self.manifest)
    }

    pub fn manifest_digest(&self) -> String {
        super::sha256_digest(&self.manifest)
    }
}
