//! Every byte on the wire: the registry client and the distribution-spec operations ferry
//! uses (`/v2/` ping, manifests, blobs, uploads, tag and catalog listings, `/v1/search`). Never touches the local filesystem (beyond CA files
//! handed to it) and never prints. Errors are [`RegistryError`]s naming the request.

pub mod challenge;
pub mod client;
pub mod error;
pub mod list;
pub mod pull;
pub mod push;
pub mod resolve;
pub mod search;
pub mod tls;

pub use client::{Client, ClientConfig, Request, StreamingBody};
pub use error::{ErrorKind, RegistryError};
pub use list::{ListOptions, Listing};
pub use pull::{BlobBody, FetchedManifest};
pub use push::{ManifestHeaders, UploadSession, UploadStart, delete_scope, push_scope};
pub use resolve::ManifestHead;
pub use search::{SearchOutcome, SearchResult, SearchSource};

/// The token scope to read a repository.
pub fn pull_scope(repository: &str) -> String {
    format!("repository:{repository}:pull")
}
