//! ferry against the real Docker engine (Debian's dockerd, started once for the suite): images
//! ferry pulls, saves, loads, pushes and copies run in docker, images docker saves and pushes
//! arrive in ferry unchanged, and logins made by either are used by the other — through
//! config.json and through the real `docker-credential-pass` helper.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::ferry::Ferry;
use crate::harness::docker::{RunnableImage, busybox_layer, engine};
use crate::harness::{Mode, Registry};

fn image_id(cfg: &Path, image: &str) -> String {
    engine().ok(cfg, &["image", "inspect", "--format", "{{.Id}}", image]).trim().to_string()
}

fn run_in_docker(cfg: &Path, image: &str) -> String {
    engine().ok(cfg, &["run", "--rm", "--network", "none", image])
}

/// A docker image made by `docker import` of a busybox root with `/msg`, whose command
/// prints it; returns the image name.
fn docker_made_image(cfg: &Path, tag: &str, message: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let tar = dir.path().join("rootfs.tar");
    std::fs::write(&tar, busybox_layer(message)).unwrap();
    engine().ok(cfg, &["import", "--change", r#"CMD ["/bin/cat", "/msg"]"#, tar.to_str().unwrap(), tag]);
    tag.to_string()
}

#[test]
fn an_image_ferry_pulled_and_saved_runs_in_docker_with_the_config_digest_as_its_id() {
    let reg = Registry::start(Mode::Anonymous);
    let image = RunnableImage::new("hello from ferry's pull\n", "amd64", false);
    image.push(&reg, "apps/hello", "v1");
    let ferry = Ferry::new();
    let name = reg.image_ref("apps/hello:v1");
    ferry.run(&["pull", "-q", &name]).ok();
    let archive = ferry.home().join("hello.tar");
    std::fs::create_dir_all(ferry.home()).unwrap();
    ferry.run(&["save", "-q", "-o", archive.to_str().unwrap(), &name]).ok();

    let cfg = ferry.home().join(".docker");
    engine().rmi(&cfg, &name);
    let loaded = engine().ok(&cfg, &["load", "-i", archive.to_str().unwrap()]);
    assert!(loaded.contains(&name), "docker load names the image: {loaded}");
    assert_eq!(run_in_docker(&cfg, &name), "hello from ferry's pull\n");
    assert_eq!(image_id(&cfg, &name), image.config.digest);
    engine().rmi(&cfg, &name);
}

#[test]
fn an_image_docker_saved_loads_into_ferry_pushes_and_docker_pulls_and_runs_it() {
    let reg = Registry::start(Mode::Anonymous);
    let ferry = Ferry::new();
    let cfg = ferry.home().join(".docker");
    let local = docker_made_image(&cfg, "ferry-it/saved:v1", "made by docker import\n");
    let id = image_id(&cfg, &local);
    let archive = ferry.home().join("saved.tar");
    std::fs::create_dir_all(ferry.home()).unwrap();
    engine().ok(&cfg, &["save", "-o", archive.to_str().unwrap(), &local]);

    ferry.run(&["load", "-q", "-i", archive.to_str().unwrap()]).ok();
    let remote = reg.image_ref("docker/saved:v1");
    ferry.run(&["tag", &local, &remote]).ok();
    ferry.run(&["push", "-q", &remote]).ok();

    engine().rmi(&cfg, &local);
    engine().ok(&cfg, &["pull", "-q", &remote]);
    assert_eq!(run_in_docker(&cfg, &remote), "made by docker import\n");
    assert_eq!(image_id(&cfg, &remote), id, "the same image, byte for byte");
    engine().rmi(&cfg, &remote);
}

#[test]
fn an_image_docker_pushed_pulls_into_ferry_with_dockers_digest_and_verifies() {
    let reg = Registry::start(Mode::Anonymous);
    let ferry = Ferry::new();
    let cfg = ferry.home().join(".docker");
    let remote = reg.image_ref("docker/pushed:v1");
    docker_made_image(&cfg, &remote, "pushed by docker\n");
    let pushed = engine().ok(&cfg, &["push", &remote]);
    let digest = pushed
        .split_whitespace()
        .skip_while(|w| *w != "digest:")
        .nth(1)
        .unwrap_or_else(|| panic!("docker push prints the digest: {pushed}"))
        .to_string();

    let pulled = ferry.run(&["pull", &remote]).ok();
    assert_eq!(pulled.stdout.trim(), format!("{remote}@{digest}"));
    ferry.run(&["fsck"]).ok();
    let id = image_id(&cfg, &remote);
    let inspect: Value = serde_json::from_str(&ferry.run(&["inspect", &remote]).ok().stdout).unwrap();
    assert!(inspect.to_string().contains(&id), "the config docker runs is the one ferry stored: {inspect}");
    engine().rmi(&cfg, &remote);
}

#[test]
fn a_multi_platform_index_ferry_copied_serves_each_platform_to_docker_pull() {
    let reg = Registry::start(Mode::Anonymous);
    let amd64 = RunnableImage::new("amd64\n", "amd64", false);
    let arm64 = RunnableImage::new("arm64\n", "arm64", false);
    for img in [&amd64, &arm64] {
        img.push(&reg, "multi/src", &img.manifest_digest());
    }
    let index = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            {"mediaType": amd64.manifest_type, "digest": amd64.manifest_digest(), "size": amd64.manifest.len(),
             "platform": {"os": "linux", "architecture": "amd64"}},
            {"mediaType": arm64.manifest_type, "digest": arm64.manifest_digest(), "size": arm64.manifest.len(),
             "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
        ],
    }))
    .unwrap();
    let index_digest = reg.push_manifest("multi/src", "v1", "application/vnd.oci.image.index.v1+json", &index);

    let ferry = Ferry::new();
    let dst = reg.image_ref("multi/dst:v1");
    ferry.run(&["copy", "-q", &reg.image_ref("multi/src:v1"), &dst]).ok();
    assert_eq!(reg.get_manifest("multi/dst", "v1").map(|(_, b)| crate::harness::sha256_digest(&b)), Some(index_digest));

    let cfg = ferry.home().join(".docker");
    for (platform, image, arch) in [("linux/arm64", &arm64, "arm64"), ("linux/amd64", &amd64, "amd64")] {
        engine().rmi(&cfg, &dst);
        engine().ok(&cfg, &["pull", "-q", "--platform", platform, &dst]);
        assert_eq!(image_id(&cfg, &dst), image.config.digest, "{platform}");
        let got = engine().ok(&cfg, &["image", "inspect", "--format", "{{.Architecture}}", &dst]);
        assert_eq!(got.trim(), arch);
    }
    assert_eq!(run_in_docker(&cfg, &dst), "amd64\n");
    engine().rmi(&cfg, &dst);
}

/// The suite's registries with a login: basic auth over TLS (dockerd trusts the test CA
/// through certs.d) and token auth.
fn private_registry(mode: Mode) -> (Registry, Option<crate::harness::docker::TrustedCa>, Ferry) {
    let reg = Registry::start(mode);
    RunnableImage::new("private\n", "amd64", false).push(&reg, "private/app", "v1");
    let trust = reg.ca_file().map(|_| engine().trust(&reg));
    let ferry = Ferry::trusting(&reg);
    (reg, trust, ferry)
}

#[test]
fn a_docker_login_is_used_by_ferry_and_a_ferry_login_by_docker() {
    for mode in [Mode::BasicTls, Mode::Token] {
        // docker login → ferry pull, through config.json's auths.
        let (reg, _trust, ferry) = private_registry(mode);
        let alice = reg.user("alice");
        let cfg = ferry.home().join(".docker");
        std::fs::create_dir_all(&cfg).unwrap();
        let name = reg.image_ref("private/app:v1");
        ferry.run(&["pull", "-q", &name]).fails_with(4);
        engine().ok_with_stdin(
            &cfg,
            &["login", "-u", alice.name, "--password-stdin", &reg.host()],
            alice.password.as_bytes(),
        );
        ferry.run(&["pull", "-q", &name]).ok();

        // ferry login → docker pull, in a fresh config.
        let (reg, _trust, ferry) = private_registry(mode);
        let cfg = ferry.home().join(".docker");
        let name = reg.image_ref("private/app:v1");
        std::fs::create_dir_all(&cfg).unwrap();
        let denied = engine().cmd(&cfg).args(["pull", "-q", &name]).output().unwrap();
        assert!(!denied.status.success(), "{mode:?}: docker needs the login");
        ferry.run_with_stdin(&["login", &reg.host(), "-u", alice.name, "--password-stdin"], alice.password).ok();
        engine().ok(&cfg, &["pull", "-q", &name]);
        assert_eq!(run_in_docker(&cfg, &name), "private\n");
        engine().rmi(&cfg, &name);
    }
}

/// A throwaway GnuPG home with a key, and a `pass` store initialised with it: what
/// `docker-credential-pass` needs. The gpg-agent it starts is stopped on drop.
struct PassStore {
    dir: tempfile::TempDir,
}

impl PassStore {
    fn new() -> PassStore {
        // Short path: gpg-agent's socket lives in GNUPGHOME.
        let dir = tempfile::Builder::new().prefix("ferry-pass-").tempdir_in("/tmp").unwrap();
        let store = PassStore { dir };
        std::fs::create_dir_all(store.gnupg()).unwrap();
        std::fs::set_permissions(store.gnupg(), std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let key = store
            .command("gpg")
            .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key"])
            .args(["ferry test <ferry-test@localhost>", "default", "default", "never"])
            .output()
            .unwrap();
        assert!(key.status.success(), "gpg key: {}", String::from_utf8_lossy(&key.stderr));
        let init = store.command("pass").args(["init", "ferry-test@localhost"]).output().unwrap();
        assert!(init.status.success(), "pass init: {}", String::from_utf8_lossy(&init.stderr));
        store
    }

    fn gnupg(&self) -> PathBuf {
        self.dir.path().join("g")
    }

    fn password_store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    fn env(&self) -> [(&'static str, String); 2] {
        [
            ("GNUPGHOME", self.gnupg().display().to_string()),
            ("PASSWORD_STORE_DIR", self.password_store().display().to_string()),
        ]
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.envs(self.env());
        c
    }

    /// Everything the store holds, decrypted (for checking what went where).
    fn entries(&self) -> Vec<String> {
        let out = self.command("pass").arg("ls").output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned().lines().map(str::to_string).collect()
    }
}

impl Drop for PassStore {
    fn drop(&mut self) {
        let _ = self.command("gpgconf").args(["--kill", "gpg-agent"]).output();
    }
}

#[test]
fn logins_through_the_real_docker_credential_pass_helper_work_both_ways() {
    for mode in [Mode::BasicTls, Mode::Token] {
        let pass = PassStore::new();
        // docker login → the helper → ferry pull.
        let (reg, _trust, ferry) = private_registry(mode);
        let ferry = pass.env().into_iter().fold(ferry, |f, (k, v)| f.with_env(k, v));
        let alice = reg.user("alice");
        let cfg = ferry.home().join(".docker");
        std::fs::create_dir_all(&cfg).unwrap();
        std::fs::write(cfg.join("config.json"), r#"{"credsStore": "pass"}"#).unwrap();
        let name = reg.image_ref("private/app:v1");
        let mut login = engine().cmd(&cfg);
        login.envs(pass.env()).env("PATH", std::env::var_os("PATH").unwrap()).args([
            "login",
            "-u",
            alice.name,
            "--password-stdin",
            &reg.host(),
        ]);
        let out = pipe(login, alice.password);
        assert!(out.status.success(), "{mode:?}: docker login: {}", String::from_utf8_lossy(&out.stderr));
        let config = std::fs::read_to_string(cfg.join("config.json")).unwrap();
        assert!(
            !config.contains(alice.password) && !config.contains("\"auth\":"),
            "no secret in config.json: {config}"
        );
        assert!(pass.entries().iter().any(|e| e.contains("docker-credential-helpers")), "{:?}", pass.entries());
        ferry.run(&["pull", "-q", &name]).ok();

        // ferry login → the helper → docker pull.
        let (reg, _trust, ferry) = private_registry(mode);
        let ferry = pass.env().into_iter().fold(ferry, |f, (k, v)| f.with_env(k, v));
        let cfg = ferry.home().join(".docker");
        std::fs::create_dir_all(&cfg).unwrap();
        std::fs::write(cfg.join("config.json"), r#"{"credsStore": "pass"}"#).unwrap();
        let name = reg.image_ref("private/app:v1");
        ferry.run_with_stdin(&["login", &reg.host(), "-u", alice.name, "--password-stdin"], alice.password).ok();
        let config = std::fs::read_to_string(cfg.join("config.json")).unwrap();
        assert!(
            !config.contains(alice.password) && !config.contains("\"auth\":"),
            "no secret in config.json: {config}"
        );
        let mut pull = engine().cmd(&cfg);
        pull.envs(pass.env()).env("PATH", std::env::var_os("PATH").unwrap()).args(["pull", "-q", &name]);
        let out = pull.output().unwrap();
        assert!(
            out.status.success(),
            "{mode:?}: docker pull with ferry's login: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        engine().rmi(&cfg, &name);
    }
}

fn pipe(mut cmd: Command, input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}
