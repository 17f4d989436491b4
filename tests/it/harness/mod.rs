//! Integration-test harness for ferry: real registries (Debian's
//! `docker-registry`, CNCF distribution 2.8) started on loopback in three auth
//! modes, a token server, deterministic image fixtures seeded over HTTP, a
//! fault-injecting reverse proxy, fake servers, an OCI-layout checker and a
//! skopeo command builder. Everything is synchronous from the test's point of
//! view; async servers run on their own threads, and every server or process
//! stops when its handle drops.
// Each test file uses a different subset of the API and re-exports.
#![allow(dead_code, unused_imports)]

pub mod client;
pub mod docker;
pub mod fixtures;
pub mod hostile;
#[cfg(unix)]
pub mod layers;
pub mod link;
pub mod oci;
pub mod proxy;
pub mod registry;
pub mod server;
pub mod skopeo;
pub mod slow_registry;
pub mod static_registry;
pub mod tls;
pub mod tls_server;
pub mod token;

use std::future::Future;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use fixtures::{Blob, BlobData, Compression, Format, Image, ImageSpec, Index, Platform};
pub use link::{Link, LinkSpec};
pub use oci::verify_oci_layout;
pub use proxy::{FakeRequest, FakeResponse, FakeServer, Proxy, RecordedRequest, Rule, RuleId};
pub use registry::{Mode, Options, Registry, User};
pub use skopeo::{Skopeo, copy_to_oci, skopeo};
pub use token::{TokenRequest, TokenServer};

/// A port that was free a moment ago on 127.0.0.1. Only for processes that
/// need a port number up front (docker-registry); in-process servers bind
/// port 0 themselves.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().unwrap().port()
}

/// `sha256:<hex>` of a byte slice.
pub fn sha256_digest(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}

/// `sha256:<hex>` of a file, streamed.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("sha256:{}", hex(&h.finalize())))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs a future to completion on a throwaway runtime. Must not be called
/// from inside a tokio runtime (tests are plain `#[test]` fns, so it isn't).
pub fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime").block_on(f)
}
