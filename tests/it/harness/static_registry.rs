//! A read-only registry answering from memory: manifests under any name a test gives
//! (tags, sha256 or sha512 digests) with the Content-Type it chooses, and blobs by digest.
//! For what a real registry will not hold — sha512 names, manifests whose media types are
//! not the four usual strings — and for hostile answers: serving one manifest under
//! another's digest is just `manifest(repo, that_digest, ..)`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha512};

use super::fixtures::{Blob, Image};
use super::proxy::{FakeRequest, FakeResponse, FakeServer};

#[derive(Default)]
struct Content {
    /// "repo/reference" -> (Content-Type, bytes)
    manifests: HashMap<String, (String, Vec<u8>)>,
    /// digest -> bytes (served in every repository)
    blobs: HashMap<String, Vec<u8>>,
    /// What `GET /v2/` answers instead of `200 {}`.
    ping: Option<FakeResponse>,
}

pub struct StaticRegistry {
    content: Arc<Mutex<Content>>,
    server: FakeServer,
}

/// `sha512:<hex>` of a byte slice.
pub fn sha512_digest(bytes: &[u8]) -> String {
    format!("sha512:{}", super::hex(&Sha512::digest(bytes)))
}

/// Answers from `content`.
fn serve(c: Arc<Mutex<Content>>) -> impl Fn(&FakeRequest) -> FakeResponse + Send + Sync + 'static {
    move |req: &FakeRequest| {
        if req.method != "GET" && req.method != "HEAD" {
            return FakeResponse::json(405, &serde_json::json!({"errors": [{"code": "UNSUPPORTED"}]}));
        }
        if req.path == "/v2/" || req.path == "/v2" {
            if let Some(ping) = &c.lock().unwrap().ping {
                return ping.clone();
            }
            return FakeResponse::json(200, &serde_json::json!({}));
        }
        let Some(rest) = req.path.strip_prefix("/v2/") else {
            return not_found("NAME_UNKNOWN");
        };
        let content = c.lock().unwrap();
        if let Some((repo, reference)) = rest.rsplit_once("/manifests/") {
            return match content.manifests.get(&format!("{repo}/{reference}")) {
                Some((media_type, bytes)) => {
                    FakeResponse::new(200).header("content-type", media_type).body(bytes.clone())
                }
                None => not_found("MANIFEST_UNKNOWN"),
            };
        }
        if let Some((_, digest)) = rest.rsplit_once("/blobs/") {
            return match content.blobs.get(digest) {
                Some(bytes) => {
                    FakeResponse::new(200).header("content-type", "application/octet-stream").body(bytes.clone())
                }
                None => not_found("BLOB_UNKNOWN"),
            };
        }
        not_found("NAME_UNKNOWN")
    }
}

fn not_found(code: &str) -> FakeResponse {
    FakeResponse::json(404, &serde_json::json!({"errors": [{"code": code, "message": "unknown", "detail": null}]}))
}

impl StaticRegistry {
    pub fn start() -> StaticRegistry {
        let content: Arc<Mutex<Content>> = Arc::default();
        let server = FakeServer::start(serve(content.clone()));
        StaticRegistry { content, server }
    }

    /// The same over HTTPS (rustls) with this PEM certificate and key.
    pub fn start_tls(cert: &Path, key: &Path) -> StaticRegistry {
        let content: Arc<Mutex<Content>> = Arc::default();
        let server = FakeServer::start_tls(cert, key, serve(content.clone()));
        StaticRegistry { content, server }
    }

    pub fn host(&self) -> String {
        self.server.host()
    }

    /// `HOST:PORT/` + `repo_and_ref`.
    pub fn image_ref(&self, repo_and_ref: &str) -> String {
        format!("{}/{repo_and_ref}", self.host())
    }

    /// Serves `bytes` as `GET /v2/{repo}/manifests/{reference}`.
    pub fn manifest(&self, repo: &str, reference: &str, media_type: &str, bytes: &[u8]) {
        self.content.lock().unwrap().manifests.insert(format!("{repo}/{reference}"), (media_type.into(), bytes.into()));
    }

    pub fn blob(&self, blob: &Blob) {
        self.content.lock().unwrap().blobs.insert(blob.digest.clone(), blob.read_all());
    }

    /// An image's blobs, and its manifest under `tag` and its sha256 digest.
    pub fn image(&self, repo: &str, tag: &str, image: &Image) {
        for b in image.blobs() {
            self.blob(b);
        }
        self.manifest(repo, tag, &image.media_type, &image.manifest_bytes);
        self.manifest(repo, &image.manifest_digest, &image.media_type, &image.manifest_bytes);
    }

    /// Answers `GET /v2/` with `response` (a 404, an HTML page) while serving the API.
    pub fn ping_answer(&self, response: FakeResponse) {
        self.content.lock().unwrap().ping = Some(response);
    }

    pub fn requests(&self) -> Vec<FakeRequest> {
        self.server.requests()
    }
}
