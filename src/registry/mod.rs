//! Every byte on the wire: the registry client and the distribution-spec operations ferry
//! uses (`/v2/` ping, manifests, blobs, uploads). Never touches the local filesystem (beyond CA files
//! handed to it) and never prints. Errors are [`RegistryError`]s naming the request.

pub mod challenge;
pub mod client;
pub mod error;
pub mod pull;
pub mod push;

pub use client::{Client, ClientConfig, Request, StreamingBody};
pub use error::{ErrorKind, RegistryError};
pub use pull::{BlobBody, FetchedManifest};
pub use push::{ManifestHead, UploadSession, UploadStart, delete_scope, push_scope};

/// The token scope to read a repository.
pub fn pull_scope(repository: &str) -> String {
    format!("repository:{repository}:pull")
}
