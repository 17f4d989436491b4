//! A real registry process per test: `docker-registry serve` (distribution
//! 2.8) on 127.0.0.1 with filesystem storage in a temp dir, in one of three
//! auth modes, plus the harness-side operations on it (seeding fixtures,
//! reading back manifests/blobs/tags). The process runs under a tiny `sh`
//! watchdog that kills it when our end of its stdin pipe closes, so it dies
//! with its `Registry` handle and also if the test binary itself is killed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::client::{Auth, Client};
use super::fixtures::{Blob, Image, Index};
use super::tls::TestCa;
use super::token::{ISSUER, SERVICE, TokenServer};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Plain HTTP, no auth.
    Anonymous,
    /// HTTPS with the harness CA, htpasswd Basic auth (alice, bob).
    BasicTls,
    /// Plain HTTP, bearer tokens from the harness token server (alice, reader).
    Token,
}

#[derive(Clone, Debug)]
pub struct Options {
    /// `expires_in` of issued tokens, and the basis of their `exp` claim.
    pub token_expiry_secs: u64,
    /// Token mode: make the registry reject tokens right at `expires_in`
    /// instead of 60 s later (distribution's clock-skew leeway). This
    /// back-dates the JWT `exp` claim by 60 s, so only clients that go by
    /// `expires_in` (as Docker clients do) behave sensibly with it.
    pub token_hard_expiry: bool,
    /// `catalog.maxentries`: the largest `n` _catalog accepts (and its
    /// default page size).
    pub catalog_max_entries: u32,
    /// BasicTls mode without the htpasswd section: an HTTPS server anyone may
    /// read, standing in for blob storage (S3, a CDN) behind a redirect.
    pub tls_without_auth: bool,
    /// Token mode over HTTPS: the registry and its token service each on its own port,
    /// with certificates from one private CA ([`Registry::ca_file`]).
    pub token_tls: bool,
    /// Run as a pull-through cache (distribution's proxy mode) of the registry at this URL.
    pub proxy_remote: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            token_expiry_secs: 300,
            token_hard_expiry: false,
            catalog_max_entries: 1000,
            tls_without_auth: false,
            token_tls: false,
            proxy_remote: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct User {
    pub name: &'static str,
    pub password: &'static str,
}

// Precomputed bcrypt (cost 4) so the harness needs no bcrypt crate; htpasswd
// is the only thing that reads them.
const HTPASSWD: &str = "alice:$2b$04$rzgBfEOOZ4Gqf5UhOAPzgO35Bz.fvE7Q3OupoL4xxC48rYTqRdw4m\n\
bob:$2b$04$0jy6DBx0xeaP.O8vY1clwOao14QY1RrPi3T91F3mzfh.RDuXrlhQy\n";

const ALICE: User = User { name: "alice", password: "alice-secret" };
const BOB: User = User { name: "bob", password: "bob-secret" };
const READER: User = User { name: "reader", password: "reader-secret" };

const WATCHDOG: &str = r#"exec 3<&0
"$0" serve "$1" 0<&- 3<&- >>"$2" 2>&1 &
reg=$!
( read _ <&3; kill -9 $reg 2>>"$2" ) &
wait $reg"#;

struct Process {
    child: Child,
}

impl Drop for Process {
    fn drop(&mut self) {
        // Closing stdin is what tells the watchdog to kill the registry.
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

pub struct Registry {
    // Field order is drop order: process and servers before the temp dir.
    process: Option<Process>,
    token: Option<TokenServer>,
    mode: Mode,
    opts: Options,
    port: u16,
    tls: Option<TestCa>,
    cert_dir: Option<PathBuf>,
    users: Vec<User>,
    config: PathBuf,
    log: PathBuf,
    dir: tempfile::TempDir,
}

impl Registry {
    pub fn start(mode: Mode) -> Registry {
        Registry::start_with(mode, Options::default())
    }

    pub fn start_with(mode: Mode, opts: Options) -> Registry {
        let dir = tempfile::Builder::new().prefix("ferry-registry-").tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("storage")).unwrap();
        let (tls, cert_dir) = if mode == Mode::BasicTls || (mode == Mode::Token && opts.token_tls) {
            let ca = TestCa::generate(&root.join("tls"));
            // skopeo's --cert-dir treats every *.key as a client key needing a
            // matching .cert, so the CA must sit alone in its own directory.
            let cert_dir = root.join("certs.d");
            std::fs::create_dir_all(&cert_dir).unwrap();
            std::fs::copy(&ca.ca_cert, cert_dir.join("ca.crt")).unwrap();
            (Some(ca), Some(cert_dir))
        } else {
            (None, None)
        };
        let token = (mode == Mode::Token).then(|| {
            let cert = tls.as_ref().map(|ca| (ca.server_cert.as_path(), ca.server_key.as_path()));
            TokenServer::start_with(&root.join("token"), opts.token_expiry_secs, opts.token_hard_expiry, cert)
        });
        let users = match mode {
            Mode::Anonymous => vec![],
            Mode::BasicTls => vec![ALICE, BOB],
            Mode::Token => vec![ALICE, READER],
        };
        if mode == Mode::BasicTls {
            std::fs::write(root.join("htpasswd"), HTPASSWD).unwrap();
        }
        let mut reg = Registry {
            process: None,
            token,
            mode,
            opts,
            port: 0,
            tls,
            cert_dir,
            users,
            config: root.join("config.yml"),
            log: root.join("registry.log"),
            dir,
        };
        // The port is chosen before the process binds it, so another process
        // can grab it in between; retry with a fresh one in that case.
        for attempt in 0.. {
            reg.port = super::free_port();
            reg.write_config();
            match reg.spawn_and_wait() {
                Ok(()) => break,
                Err(e) if attempt < 4 && e.contains("address already in use") => continue,
                Err(e) => panic!("docker-registry ({mode:?}) did not start: {e}"),
            }
        }
        reg
    }

    fn write_config(&self) {
        let root = self.dir.path();
        let mut y = String::new();
        y += "version: 0.1\n";
        y += "log:\n  level: error\n  accesslog:\n    disabled: true\n";
        y += &format!(
            "storage:\n  filesystem:\n    rootdirectory: \"{}\"\n  delete:\n    enabled: true\n  \
             maintenance:\n    uploadpurging:\n      enabled: false\n",
            root.join("storage").display()
        );
        // A fixed secret keeps upload _state tokens valid across restart().
        y += &format!("http:\n  addr: 127.0.0.1:{}\n  secret: ferry-harness-http-secret\n", self.port);
        if let Some(ca) = &self.tls {
            y += &format!(
                "  tls:\n    certificate: \"{}\"\n    key: \"{}\"\n",
                ca.server_cert.display(),
                ca.server_key.display()
            );
        }
        y += &format!("catalog:\n  maxentries: {}\n", self.opts.catalog_max_entries);
        if let Some(remote) = &self.opts.proxy_remote {
            y += &format!("proxy:\n  remoteurl: \"{remote}\"\n");
        }
        match self.mode {
            Mode::Anonymous => {}
            Mode::BasicTls if self.opts.tls_without_auth => {}
            Mode::BasicTls => {
                y += &format!(
                    "auth:\n  htpasswd:\n    realm: ferry-registry\n    path: \"{}\"\n",
                    root.join("htpasswd").display()
                );
            }
            Mode::Token => {
                let t = self.token.as_ref().unwrap();
                y += &format!(
                    "auth:\n  token:\n    realm: \"{}\"\n    service: \"{SERVICE}\"\n    issuer: \"{ISSUER}\"\n    \
                     rootcertbundle: \"{}\"\n",
                    t.realm(),
                    t.cert_file().display()
                );
            }
        }
        std::fs::write(&self.config, y).unwrap();
    }

    fn spawn_and_wait(&mut self) -> Result<(), String> {
        self.process = None;
        let mut log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
        writeln!(log, "--- harness: starting on port {} ---", self.port).unwrap();
        let child = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("/usr/bin/docker-registry")
            .arg(&self.config)
            .arg(&self.log)
            .stdin(Stdio::piped())
            // The watchdog's own output goes to the registry's log, not to a device.
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("spawn docker-registry: {e}"))?;
        self.process = Some(Process { child });
        let http = super::client::http_client(self.ca_file());
        let url = format!("{}/v2/", self.url());
        let deadline = Instant::now() + Duration::from_secs(20);
        let ready = super::block_on(async {
            loop {
                let req = http.get(&url).timeout(Duration::from_secs(2)).send();
                if req.await.is_ok() {
                    return Ok(());
                }
                let exited = self.process.as_mut().unwrap().child.try_wait().ok().flatten();
                if let Some(status) = exited {
                    return Err(format!("exited with {status}"));
                }
                if Instant::now() > deadline {
                    return Err("no answer on /v2/ within 20 s".to_string());
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        });
        ready.map_err(|e| {
            self.process = None;
            format!("{e}\n--- registry log ---\n{}", self.log_text())
        })
    }

    /// Kills the registry (storage is kept).
    pub fn stop(&mut self) {
        self.process = None;
    }

    /// Starts it again on the same port with the same storage and config.
    pub fn restart(&mut self) {
        self.stop();
        if let Err(e) = self.spawn_and_wait() {
            panic!("docker-registry did not restart: {e}");
        }
    }

    /// `127.0.0.1:PORT`
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT` (BasicTls).
    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.host())
    }

    /// `127.0.0.1:PORT/REPO:TAG` (or `@digest`), for image references.
    pub fn image_ref(&self, repo_and_ref: &str) -> String {
        format!("{}/{}", self.host(), repo_and_ref)
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// PEM of the test CA (BasicTls only).
    pub fn ca_file(&self) -> Option<&Path> {
        self.tls.as_ref().map(|t| t.ca_cert.as_path())
    }

    /// A directory holding only `ca.crt`, for skopeo's `--cert-dir` and the
    /// like (BasicTls only).
    pub fn cert_dir(&self) -> Option<&Path> {
        self.cert_dir.as_deref()
    }

    /// Known users: BasicTls alice+bob, Token alice+reader, Anonymous none.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// The user with full access (alice), if the mode has users.
    pub fn admin(&self) -> Option<User> {
        self.users.first().copied()
    }

    pub fn user(&self, name: &str) -> User {
        *self.users.iter().find(|u| u.name == name).unwrap_or_else(|| panic!("no user {name} in {:?}", self.mode))
    }

    pub fn token_server(&self) -> Option<&TokenServer> {
        self.token.as_ref()
    }

    /// Requests the token server received (0 outside Token mode).
    pub fn token_requests(&self) -> usize {
        self.token.as_ref().map_or(0, TokenServer::token_requests)
    }

    pub fn storage_dir(&self) -> PathBuf {
        self.dir.path().join("storage")
    }

    pub fn temp_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The registry's captured stdout/stderr so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn client(&self) -> Client {
        let auth = match self.mode {
            Mode::Anonymous => Auth::None,
            Mode::BasicTls => Client::basic(ALICE.name, ALICE.password),
            Mode::Token => Auth::Token(self.token.as_ref().unwrap().state()),
        };
        Client::new(self.url(), self.ca_file(), auth)
    }

    pub fn push_blob(&self, repo: &str, blob: &Blob) {
        let c = self.client();
        super::block_on(c.push_blob(repo, blob)).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Pushes exact manifest bytes with `media_type` as Content-Type; returns
    /// the digest.
    pub fn push_manifest(&self, repo: &str, reference: &str, media_type: &str, bytes: &[u8]) -> String {
        let c = self.client();
        super::block_on(c.push_manifest(repo, reference, media_type, bytes)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Blobs, then the manifest under `tag`; returns the manifest digest.
    pub fn push_image(&self, repo: &str, tag: &str, image: &Image) -> String {
        let c = self.client();
        super::block_on(async {
            for b in image.blobs() {
                c.push_blob(repo, b).await?;
            }
            c.push_manifest(repo, tag, &image.media_type, &image.manifest_bytes).await
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Children by digest, then the index under `tag`; returns the index digest.
    pub fn push_index(&self, repo: &str, tag: &str, index: &Index) -> String {
        let c = self.client();
        super::block_on(async {
            for img in &index.images {
                for b in img.blobs() {
                    c.push_blob(repo, b).await?;
                }
                c.push_manifest(repo, &img.manifest_digest, &img.media_type, &img.manifest_bytes).await?;
            }
            c.push_manifest(repo, tag, &index.media_type, &index.manifest_bytes).await
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// (Content-Type, bytes), or None if the registry says 404.
    pub fn get_manifest(&self, repo: &str, reference: &str) -> Option<(String, Vec<u8>)> {
        let c = self.client();
        super::block_on(c.get_manifest(repo, reference)).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn get_blob(&self, repo: &str, digest: &str) -> Option<Vec<u8>> {
        let c = self.client();
        super::block_on(c.get_blob(repo, digest)).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn blob_exists(&self, repo: &str, digest: &str) -> bool {
        let c = self.client();
        super::block_on(c.blob_exists(repo, digest)).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn tags(&self, repo: &str) -> Vec<String> {
        let c = self.client();
        super::block_on(c.tags(repo)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// All repositories, following `n`-sized pages by `last`.
    pub fn catalog(&self) -> Vec<String> {
        let c = self.client();
        let n = self.opts.catalog_max_entries;
        super::block_on(async {
            let mut out: Vec<String> = Vec::new();
            loop {
                let mut path = format!("/v2/_catalog?n={n}");
                if let Some(last) = out.last() {
                    path += &format!("&last={last}");
                }
                let v = c.get_json(&path, "registry:catalog:*").await?;
                let page: Vec<String> = v["repositories"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|r| r.as_str().map(String::from)).collect())
                    .unwrap_or_default();
                let done = page.len() < n as usize;
                out.extend(page);
                if done {
                    return Ok::<_, String>(out);
                }
            }
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }
}
