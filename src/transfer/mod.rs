//! The only place registry streams meet store writers: moving images between registries
//! and the local store, with concurrency, once-per-digest work, resume and progress events
//! (reported through [`crate::progress::Reporter`], never printed).

use std::sync::Arc;

use tokio::task::JoinSet;

use crate::manifest::Descriptor;
use crate::reference::Reference;
use crate::registry::{Client, FetchedManifest};
use crate::walk::{Walk, Walker};

mod copy;
mod pull;
mod push;
mod ranged;
mod upload;

pub use copy::{CopyPlatforms, TagOutcome, copy, copy_tags};
pub use pull::{INDEX_ANNOTATION, PlatformChoice, PullOptions, PullStats, Pulled, TransferError, pull};
pub use push::{PushItem, push};
pub use upload::{PushOptions, PushStats, Pushed};

/// Walks the image `root` names in `reference`'s repository with the one walker: each
/// manifest fetched by digest (and so verified, whatever its algorithm) except `have`, which
/// was fetched already. A manifest the registry lacks is an error, like any failed request.
pub(super) async fn walk_registry(
    client: &Client,
    reference: &Reference,
    root: &Descriptor,
    have: &FetchedManifest,
) -> Result<Walk, TransferError> {
    let mut walker = Walker::new(root.clone());
    while let Some(d) = walker.need() {
        if d.digest == have.digest {
            walker.feed(have.bytes.clone());
        } else {
            walker.feed(client.get_manifest_by_digest(reference, &d.digest).await?.bytes);
        }
    }
    Ok(walker.finish())
}

/// Runs `f` over `items`, `limit` at a time; results in input order. The first failure
/// cancels the rest.
pub(super) async fn concurrently<T, R, F, Fut>(items: Vec<T>, limit: usize, f: F) -> Result<Vec<R>, TransferError>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<R, TransferError>> + Send + 'static,
{
    let semaphore = Arc::new(tokio::sync::Semaphore::new(limit.clamp(1, u32::MAX as usize)));
    concurrently_weighted(semaphore, items, limit, |_| 1, f).await
}

/// Like [`concurrently`], but an item takes `weight(item)` of the `capacity` slots (at
/// least 1, at most all of them): many small transfers can run where few large ones do.
/// Items start in input order. The slots are `semaphore`'s (holding `capacity`), which
/// others may take from too: a big blob's extra connections take free slots from it.
pub(super) async fn concurrently_weighted<T, R, W, F, Fut>(
    semaphore: Arc<tokio::sync::Semaphore>,
    items: Vec<T>,
    capacity: usize,
    weight: W,
    f: F,
) -> Result<Vec<R>, TransferError>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> Fut + Send + Sync + 'static,
    W: Fn(&T) -> u32,
    Fut: std::future::Future<Output = Result<R, TransferError>> + Send + 'static,
{
    let capacity = capacity.clamp(1, u32::MAX as usize) as u32;
    let f = Arc::new(f);
    let mut set = JoinSet::new();
    let mut out: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    let mut first_error = None;
    // Slots are taken here, one item after the other, so items start in input order
    // whatever order the runtime first polls tasks in; a failure stops the dispatch and
    // cancels what runs.
    let mut pending = items.into_iter().enumerate();
    let mut next = pending.next();
    loop {
        let w = next.as_ref().map_or(1, |(_, item)| weight(item).clamp(1, capacity));
        tokio::select! {
            biased;
            Some(joined) = set.join_next(), if !set.is_empty() => match joined {
                Ok((i, Ok(r))) => out[i] = Some(r),
                Ok((_, Err(e))) => {
                    if first_error.is_none() {
                        first_error = Some(e);
                        set.abort_all();
                    }
                }
                Err(e) if e.is_cancelled() => {}
                Err(e) => {
                    first_error.get_or_insert(TransferError::Internal(format!("a transfer task failed: {e}")));
                }
            },
            permit = semaphore.clone().acquire_many_owned(w), if next.is_some() && first_error.is_none() => {
                let permit = permit.expect("semaphore is never closed");
                let (i, item) = next.take().expect("an item to start");
                let f = f.clone();
                set.spawn(async move {
                    let _permit = permit;
                    (i, f(item).await)
                });
                next = pending.next();
            }
            else => break,
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(out.into_iter().map(|r| r.expect("every task finished")).collect()),
    }
}
