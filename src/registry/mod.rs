//! Every byte on the wire: the registry client and the distribution-spec operations ferry
//! uses (`/v2/` ping, manifests, blobs, uploads, tag and catalog listings, `/v1/search`).
//! Never touches the local filesystem (beyond CA files handed to it) and never prints.
//! Errors are [`RegistryError`]s naming the request, with an [`ErrorKind`] to act on.
//!
//! Every request leaves through [`gate`] (credentials bound to their host, capped bodies,
//! typed errors, the `--debug` line); [`client`] drives a registry request (ping, auth,
//! retries) with [`auth`], [`retry`] and `http` (the `reqwest` clients). `reqwest` is used
//! nowhere else in ferry: callers see [`Reply`], [`BlobBody`], [`StreamingBody`] and
//! [`RegistryError`].

pub mod auth;
pub mod challenge;
pub mod client;
pub mod error;
pub mod gate;
mod http;
pub mod list;
mod mirrors;
pub mod proxy;
pub mod pull;
pub mod push;
pub mod resolve;
pub mod retry;
pub mod search;
pub mod tls;

pub use client::{BodyReader, Client, ClientConfig, Request, StreamingBody};
pub use error::{ErrorKind, RegistryError, Unreachable};
pub use gate::Reply;
pub use http::authority;
pub use list::{ListOptions, Listing};
pub use proxy::ProxyRules;
pub use pull::{BlobBody, FetchedManifest, RangeReply};
pub use push::{ManifestHeaders, UploadSession, UploadStart};
pub use resolve::ManifestHead;
pub use search::{SearchOutcome, SearchResult, SearchSource};
