//! Reading through mirrors: every read of an image (manifests by tag or digest, blobs, HEADs,
//! tag lists) asks [`Client::read_from_sources`] to run it against the reference's pull
//! sources ([`crate::mirrors::Mirrors::sources`], from [`super::ClientConfig::mirrors`]):
//! each mirror once, in order, then the registry itself with the usual retries. A mirror's
//! failure of any kind (no connection, a timeout, 5xx, 404, a refusal, bytes that do not
//! match their digest) moves on to the next source, and `-v` says so; a mirror that could
//! not be reached is not asked again in this run, so a dead one costs one connect timeout.
//!
//! Writes (pushes, deletes, logins) never come here: they address the registry itself.
//! Each source is its own [`crate::reference::Registry`], so the gate sends a mirror only the
//! credentials stored for the mirror's host. Which endpoints served a reference is kept
//! for the command's summary ([`Client::served_by`]).

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Mutex;

use super::client::Client;
use super::error::RegistryError;
use super::list::{ListOptions, Listing};
use crate::digest::Digest;
use crate::progress::Event;
use crate::reference::Reference;

/// What this run learnt about mirrors.
#[derive(Default)]
pub(super) struct Endpoints {
    /// Mirror hosts that could not be reached: skipped for the rest of the run.
    dead: Mutex<HashSet<String>>,
    /// For each reference read (its full name), the endpoints that served it, in order.
    served: Mutex<HashMap<String, Vec<String>>>,
    /// The mirror whose body was last handed out for a blob (see [`Client::refuse_blob_source`]).
    blob_from: Mutex<HashMap<Digest, String>>,
    /// Mirrors that served bytes not matching a blob's digest: not asked for it again.
    refused: Mutex<HashSet<(String, Digest)>>,
}

/// Whether a mirror's failure means it is down (not just missing this content): no
/// connection, or none in time.
fn mirror_is_down(e: &RegistryError) -> bool {
    e.is_connect_failure() || matches!(e, RegistryError::Transport { source, .. } if source.is_timeout())
}

impl Client {
    /// Runs the read `op` against `r`'s sources until one succeeds. `op` gets the reference
    /// as that source names it, and whether it may retry (the registry itself: yes; a
    /// mirror: no, the next source is the fallback). `blob` names the blob read, if any.
    pub(super) async fn read_from_sources<T, F, Fut>(
        &self,
        r: &Reference,
        blob: Option<&Digest>,
        op: F,
    ) -> Result<T, RegistryError>
    where
        F: Fn(Reference, bool) -> Fut,
        Fut: Future<Output = Result<T, RegistryError>>,
    {
        let sources = self.config.mirrors.sources(r)?;
        for source in sources {
            let host = source.reference.api_host().to_string();
            if !source.mirror {
                let v = op(source.reference, true).await?;
                self.record_served(r, &host);
                return Ok(v);
            }
            if self.endpoints.dead.lock().unwrap().contains(&host) {
                continue;
            }
            if let Some(d) = blob
                && self.endpoints.refused.lock().unwrap().contains(&(host.clone(), d.clone()))
            {
                continue;
            }
            match op(source.reference, false).await {
                Ok(v) => {
                    self.record_served(r, &host);
                    if let Some(d) = blob {
                        self.endpoints.blob_from.lock().unwrap().insert(d.clone(), host);
                    }
                    return Ok(v);
                }
                Err(e) => {
                    let gone = mirror_is_down(&e);
                    if gone {
                        self.endpoints.dead.lock().unwrap().insert(host.clone());
                    }
                    self.reporter.event(Event::Debug(format!(
                        "mirror {host} failed for {}: {e}; {}trying the next source",
                        r.familiar(),
                        if gone { "not asking it again in this run; " } else { "" }
                    )));
                }
            }
        }
        unreachable!("the sources end with the registry itself")
    }

    /// Every tag of `r`'s repository, from a mirror when one may serve tag reads. (`delete`
    /// lists tags at the registry itself, with [`Client::list_tags`].)
    pub async fn read_tags(&self, r: &Reference, options: &ListOptions) -> Result<Listing, RegistryError> {
        let r = r.repository_ref();
        self.read_from_sources(
            &r,
            None,
            |source, _| async move { self.list_tags(&source.repository_name(), options).await },
        )
        .await
    }

    fn record_served(&self, r: &Reference, host: &str) {
        let mut served = self.endpoints.served.lock().unwrap();
        let list = served.entry(r.full_name()).or_default();
        if !list.iter().any(|h| h == host) {
            list.push(host.to_string());
        }
    }

    /// The endpoints (`host[:port]`) that served reads of `r`'s repository so far, first
    /// use first: the registry's API host, or mirrors.
    pub fn served_by(&self, r: &Reference) -> Vec<String> {
        self.endpoints.served.lock().unwrap().get(&r.full_name()).cloned().unwrap_or_default()
    }

    /// The API host reads of `r` go to when no mirror answers (its configured location);
    /// `None` when `r` is blocked.
    pub fn primary_host(&self, r: &Reference) -> Option<String> {
        let sources = self.config.mirrors.sources(r).ok()?;
        sources.last().map(|s| s.reference.api_host().to_string())
    }

    /// Whether reads of `r` may be answered by a mirror (the summary says which served).
    pub fn has_mirrors(&self, r: &Reference) -> bool {
        self.config.mirrors.sources(r).is_ok_and(|s| s.len() > 1)
    }

    /// The bytes last streamed for `digest` did not match it. When a mirror served them, it
    /// is not asked for this blob again and `true` says a fresh download can fall back to
    /// the next source; `false` when the registry itself served them.
    pub fn refuse_blob_source(&self, digest: &Digest) -> bool {
        let Some(host) = self.endpoints.blob_from.lock().unwrap().remove(digest) else { return false };
        self.reporter.event(Event::Warning(format!(
            "mirror {host} served bytes that do not match {digest}; falling back to the next source"
        )));
        self.endpoints.refused.lock().unwrap().insert((host, digest.clone()))
    }
}
