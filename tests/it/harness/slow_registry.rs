//! A registry that sends slowly: one image served from memory, with the manifest and/or the
//! blobs trickled a few bytes at a time, each piece well within any read timeout, so only a
//! whole-body deadline or a minimum rate can stop the client. Everything stops when the
//! handle drops (the server's runtime, and with it every trickle, is torn down).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;

use super::fixtures::Image;
use super::server::{self, BackgroundServer, ChannelBody, Handler};

/// `bytes` bytes every `every`.
#[derive(Clone, Copy, Debug)]
pub struct Trickle {
    pub bytes: usize,
    pub every: Duration,
}

pub struct SlowRegistry {
    server: BackgroundServer,
}

impl SlowRegistry {
    /// Serves `image` as `repo:tag`; the manifest and the blobs at full speed unless a
    /// trickle is given for them.
    pub fn start(
        repo: &str,
        tag: &str,
        image: &Image,
        manifest: Option<Trickle>,
        blobs: Option<Trickle>,
    ) -> SlowRegistry {
        let blob_bytes: Arc<HashMap<String, Vec<u8>>> =
            Arc::new(image.blobs().map(|b| (b.digest.clone(), b.read_all())).collect());
        let manifest_bytes = Bytes::from(image.manifest_bytes.clone());
        let media_type = image.media_type.clone();
        let manifest_paths =
            [format!("/v2/{repo}/manifests/{tag}"), format!("/v2/{repo}/manifests/{}", image.manifest_digest)];
        let blob_prefix = format!("/v2/{repo}/blobs/");
        let handler: Handler = Arc::new(move |req| {
            let path = req.uri().path().to_string();
            let head = req.method() == hyper::Method::HEAD;
            let (blob_bytes, manifest_bytes, media_type) =
                (blob_bytes.clone(), manifest_bytes.clone(), media_type.clone());
            let manifest_hit = manifest_paths.contains(&path);
            let blob = path.strip_prefix(&blob_prefix).map(str::to_string);
            Box::pin(async move {
                if path == "/v2/" {
                    return server::json_response(200, &serde_json::json!({}));
                }
                let (body, content_type, trickle) = if manifest_hit {
                    (manifest_bytes, media_type, manifest)
                } else if let Some(bytes) = blob.and_then(|d| blob_bytes.get(&d).cloned()) {
                    (Bytes::from(bytes), "application/octet-stream".to_string(), blobs)
                } else {
                    return server::json_response(404, &serde_json::json!({"errors": [{"code": "NOT_FOUND"}]}));
                };
                let len = body.len().to_string();
                let headers = [("content-type", content_type.as_str()), ("content-length", len.as_str())];
                let mut resp = server::response(200, &headers, Bytes::new());
                if head {
                    return resp;
                }
                *resp.body_mut() = match trickle {
                    None => server::full(body),
                    Some(t) => trickled(body, t),
                };
                resp
            })
        });
        SlowRegistry { server: BackgroundServer::start("slow-registry", handler) }
    }

    /// `127.0.0.1:PORT`
    pub fn host(&self) -> String {
        self.server.addr().to_string()
    }

    pub fn image_ref(&self, repo_and_ref: &str) -> String {
        format!("{}/{repo_and_ref}", self.host())
    }
}

fn trickled(mut body: Bytes, t: Trickle) -> server::Body {
    let (tx, channel) = ChannelBody::new(Some(body.len() as u64));
    tokio::spawn(async move {
        while !body.is_empty() {
            let piece = body.split_to(t.bytes.min(body.len()));
            if tx.send(Ok(piece)).await.is_err() {
                return; // the client hung up
            }
            tokio::time::sleep(t.every).await;
        }
    });
    channel.boxed_unsync()
}
