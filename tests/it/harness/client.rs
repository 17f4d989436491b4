//! The harness's own minimal registry client, used to seed fixtures and to
//! read back what ferry wrote, independently of ferry. Monolithic blob
//! uploads (POST then PUT ?digest=), manifest PUT with the exact bytes and
//! media type, and auth for all three modes (Basic as alice, or a bearer
//! token minted in-process so seeding does not show up in the token
//! server's request log).

use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use reqwest::{Method, StatusCode};

use super::fixtures::{Blob, BlobData};
use super::token::TokenState;

pub(crate) enum Auth {
    None,
    Basic(String),
    Token(Arc<TokenState>),
}

pub(crate) struct Client {
    http: reqwest::Client,
    base: String,
    auth: Auth,
}

pub const MANIFEST_ACCEPT: &str = "application/vnd.oci.image.manifest.v1+json, \
    application/vnd.oci.image.index.v1+json, \
    application/vnd.docker.distribution.manifest.v2+json, \
    application/vnd.docker.distribution.manifest.list.v2+json, \
    application/vnd.docker.distribution.manifest.v1+prettyjws";

pub(crate) fn http_client(ca_file: Option<&Path>) -> reqwest::Client {
    let mut b = reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none());
    if let Some(ca) = ca_file {
        let pem = std::fs::read(ca).expect("read CA file");
        b = b.tls_certs_only([reqwest::Certificate::from_pem(&pem).expect("CA PEM")]);
    }
    b.build().expect("reqwest client")
}

impl Client {
    pub(crate) fn new(base: String, ca_file: Option<&Path>, auth: Auth) -> Client {
        Client { http: http_client(ca_file), base, auth }
    }

    pub(crate) fn basic(user: &str, password: &str) -> Auth {
        Auth::Basic(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))))
    }

    fn authorization(&self, scope: &str) -> Option<String> {
        match &self.auth {
            Auth::None => None,
            Auth::Basic(h) => Some(h.clone()),
            Auth::Token(st) => Some(format!("Bearer {}", st.mint_long_lived(Some("alice"), &[scope.to_string()]))),
        }
    }

    fn request(&self, method: Method, url: &str, scope: &str) -> reqwest::RequestBuilder {
        let url = if url.starts_with("http://") || url.starts_with("https://") {
            url.to_string()
        } else {
            format!("{}{}", self.base, url)
        };
        let mut rb = self.http.request(method, url);
        if let Some(h) = self.authorization(scope) {
            rb = rb.header("authorization", h);
        }
        rb
    }

    fn repo_scope(repo: &str) -> String {
        format!("repository:{repo}:pull,push,delete")
    }

    pub(crate) async fn blob_exists(&self, repo: &str, digest: &str) -> Result<bool, String> {
        let resp = self
            .request(Method::HEAD, &format!("/v2/{repo}/blobs/{digest}"), &Self::repo_scope(repo))
            .send()
            .await
            .map_err(|e| format!("HEAD blob {digest}: {e}"))?;
        match resp.status() {
            StatusCode::OK => Ok(true),
            StatusCode::NOT_FOUND => Ok(false),
            s => Err(format!("HEAD blob {digest} in {repo}: unexpected {s}")),
        }
    }

    pub(crate) async fn push_blob(&self, repo: &str, blob: &Blob) -> Result<(), String> {
        if self.blob_exists(repo, &blob.digest).await? {
            return Ok(());
        }
        let scope = Self::repo_scope(repo);
        let resp = self
            .request(Method::POST, &format!("/v2/{repo}/blobs/uploads/"), &scope)
            .header("content-length", "0")
            .send()
            .await
            .map_err(|e| format!("POST upload: {e}"))?;
        if resp.status() != StatusCode::ACCEPTED {
            return Err(format!("POST upload for {repo}: {} {}", resp.status(), resp.text().await.unwrap_or_default()));
        }
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .ok_or("upload response without Location")?
            .to_string();
        let sep = if location.contains('?') { '&' } else { '?' };
        let url = format!("{location}{sep}digest={}", blob.digest);
        let body = match &blob.data {
            BlobData::Memory(b) => reqwest::Body::from(b.clone()),
            BlobData::File(p) => {
                reqwest::Body::from(tokio::fs::File::open(p).await.map_err(|e| format!("open {p:?}: {e}"))?)
            }
        };
        let resp = self
            .request(Method::PUT, &url, &scope)
            .header("content-type", "application/octet-stream")
            .header("content-length", blob.size.to_string())
            .body(body)
            .send()
            .await
            .map_err(|e| format!("PUT blob {}: {e}", blob.digest))?;
        if resp.status() != StatusCode::CREATED {
            return Err(format!(
                "PUT blob {} to {repo}: {} {}",
                blob.digest,
                resp.status(),
                resp.text().await.unwrap_or_default()
            ));
        }
        Ok(())
    }

    pub(crate) async fn push_manifest(
        &self,
        repo: &str,
        reference: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<String, String> {
        let resp = self
            .request(Method::PUT, &format!("/v2/{repo}/manifests/{reference}"), &Self::repo_scope(repo))
            .header("content-type", media_type)
            .body(bytes.to_vec())
            .send()
            .await
            .map_err(|e| format!("PUT manifest: {e}"))?;
        if resp.status() != StatusCode::CREATED {
            return Err(format!(
                "PUT manifest {repo}:{reference}: {} {}",
                resp.status(),
                resp.text().await.unwrap_or_default()
            ));
        }
        let expected = super::sha256_digest(bytes);
        match resp.headers().get("docker-content-digest").and_then(|v| v.to_str().ok()) {
            Some(d) if d != expected => Err(format!("registry says manifest digest {d}, we computed {expected}")),
            _ => Ok(expected),
        }
    }

    /// (Content-Type, body) of a manifest, or None on 404.
    pub(crate) async fn get_manifest(&self, repo: &str, reference: &str) -> Result<Option<(String, Vec<u8>)>, String> {
        let resp = self
            .request(Method::GET, &format!("/v2/{repo}/manifests/{reference}"), &Self::repo_scope(repo))
            .header("accept", MANIFEST_ACCEPT)
            .send()
            .await
            .map_err(|e| format!("GET manifest: {e}"))?;
        match resp.status() {
            StatusCode::OK => {
                let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                let body = resp.bytes().await.map_err(|e| e.to_string())?;
                Ok(Some((ct, body.to_vec())))
            }
            StatusCode::NOT_FOUND => Ok(None),
            s => Err(format!("GET manifest {repo}:{reference}: {s} {}", resp.text().await.unwrap_or_default())),
        }
    }

    pub(crate) async fn get_blob(&self, repo: &str, digest: &str) -> Result<Option<Vec<u8>>, String> {
        let resp = self
            .request(Method::GET, &format!("/v2/{repo}/blobs/{digest}"), &Self::repo_scope(repo))
            .send()
            .await
            .map_err(|e| format!("GET blob: {e}"))?;
        match resp.status() {
            StatusCode::OK => Ok(Some(resp.bytes().await.map_err(|e| e.to_string())?.to_vec())),
            StatusCode::NOT_FOUND => Ok(None),
            s => Err(format!("GET blob {repo}@{digest}: {s}")),
        }
    }

    pub(crate) async fn get_json(&self, path: &str, scope: &str) -> Result<serde_json::Value, String> {
        let resp = self.request(Method::GET, path, scope).send().await.map_err(|e| format!("GET {path}: {e}"))?;
        if !resp.status().is_success() {
            return Err(format!("GET {path}: {} {}", resp.status(), resp.text().await.unwrap_or_default()));
        }
        let body = resp.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| format!("GET {path}: bad JSON: {e}"))
    }

    pub(crate) async fn tags(&self, repo: &str) -> Result<Vec<String>, String> {
        let v = self.get_json(&format!("/v2/{repo}/tags/list"), &Self::repo_scope(repo)).await?;
        Ok(v["tags"]
            .as_array()
            .map(|a| a.iter().filter_map(|t| t.as_str().map(String::from)).collect())
            .unwrap_or_default())
    }
}
