//! Pulling: resolve the reference to a manifest, pick the platform from an index, walk
//! every manifest beneath it (the one walker, [`crate::walk`]), fetch every blob the store
//! lacks — each digest once, largest first, `jobs` at a time — hashing
//! in the stream, resuming partials left by earlier runs, retrying broken streams from the
//! byte they reached. Manifests are stored after their blobs and the reference is set last,
//! so a name only ever points at a complete image.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::digest::Digest;
use crate::manifest::{Descriptor, ImageIndex, Manifest};
use crate::platform::Platform;
use crate::progress::{Event, Reporter};
use crate::reference::Reference;
use crate::registry::{BlobBody, Client, RegistryError};
use crate::store::{BLOCK_SIZE, Block, Ingest, Sealed, Store, StoreError};
use crate::walk::WalkError;

/// Which images of a multi-platform index to pull.
#[derive(Debug, Clone)]
pub enum PlatformChoice {
    One(Platform),
    All,
}

#[derive(Debug, Clone)]
pub struct PullOptions {
    pub platform: PlatformChoice,
    /// Blobs in flight at once.
    pub jobs: usize,
    /// Retries of a broken blob stream (each resumes where the last one stopped).
    pub retries: u32,
    /// Connections one big blob may use at once (bounded ranges, within `jobs`); 1 fetches
    /// every blob in one stream.
    pub max_connections_per_blob: usize,
}

impl PullOptions {
    /// `pull`'s defaults: six blobs at once, up to eight connections for a big one.
    pub const DEFAULT_JOBS: u16 = 6;
    pub const DEFAULT_MAX_CONNECTIONS_PER_BLOB: u16 = 8;

    /// The defaults for `platform`, with `retries` retries of a broken stream.
    pub fn defaults(platform: PlatformChoice, retries: u32) -> PullOptions {
        PullOptions {
            platform,
            jobs: Self::DEFAULT_JOBS.into(),
            retries,
            max_connections_per_blob: Self::DEFAULT_MAX_CONNECTIONS_PER_BLOB.into(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct PullStats {
    pub blobs: usize,
    pub blobs_fetched: usize,
    pub bytes_total: u64,
    pub bytes_fetched: u64,
}

#[derive(Debug)]
pub struct Pulled {
    /// The digest the reference resolved to in the registry (the index when there is one).
    pub digest: Digest,
    /// What the local name now points at (the platform's manifest, or the whole index).
    pub stored: Descriptor,
    pub platform: Option<Platform>,
    pub stats: PullStats,
    /// Whether the local name now points somewhere new (docker's "Downloaded newer image")
    /// rather than where it already did ("Image is up to date").
    pub updated: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{reference} has no image for platform {wanted}; it has: {}", available.join(", "))]
    NoPlatform { reference: String, wanted: String, available: Vec<String> },
    /// A failure while moving one blob, naming it (once: when the cause already names the
    /// blob, as the store's checks do, it is not said again).
    #[error("{}", name_blob(digest, source))]
    Blob {
        digest: Digest,
        #[source]
        source: Box<TransferError>,
    },
    /// The body broke off after the response began: resumable from the byte reached.
    #[error(transparent)]
    Interrupted(RegistryError),
    #[error("{reference} is a multi-platform index whose entries for {} are not in the local store", missing.join(", "))]
    Incomplete { reference: String, missing: Vec<String> },
    #[error("{url}: the body ended after {got} of {size} bytes")]
    Truncated { url: String, got: u64, size: u64 },
    #[error(transparent)]
    Walk(#[from] WalkError),
    #[error("{0}")]
    Internal(String),
}

fn name_blob(digest: &Digest, source: &TransferError) -> String {
    let text = source.to_string();
    if text.contains(&digest.to_string()) { text } else { format!("blob {digest}: {text}") }
}

impl TransferError {
    pub(super) fn is_retryable(&self) -> bool {
        // Request errors were already retried by the client; only a stream that broke
        // mid-body gets another go here, from the byte it reached.
        matches!(self, TransferError::Interrupted(_) | TransferError::Truncated { .. })
    }
}

/// Pulls `reference` into `store` and points the reference's name at it.
pub async fn pull(
    client: &Arc<Client>,
    store: Arc<Store>,
    reference: &Reference,
    options: &PullOptions,
    reporter: Arc<dyn Reporter>,
) -> Result<Pulled, TransferError> {
    let _lock = lock_store_shared(&store, &reporter).await?;
    let top = client.get_manifest(reference).await?;
    let what = reference.to_string();
    let parsed = Manifest::parse(&top.bytes, Some(&top.media_type), &what).map_err(RegistryError::from)?;
    let top_descriptor = Descriptor::new(&top.media_type, top.digest.clone(), top.bytes.len() as u64);

    // What to store: the document the reference names, or its index's entry for a platform.
    let (stored, platform) = match (&parsed, &options.platform) {
        (Manifest::Index(index), PlatformChoice::One(wanted)) => {
            let mut d = select(index, wanted, &reference.familiar())?.clone();
            let chosen = d.platform.clone().unwrap_or_else(|| wanted.clone());
            let mut annotations = d.annotations.take().unwrap_or_default();
            annotations.insert(INDEX_ANNOTATION.to_string(), top.digest.to_string());
            d.annotations = Some(annotations);
            (d, Some(chosen))
        }
        _ => (top_descriptor, None),
    };
    // Every manifest beneath it, any depth: the image is stored whole or not at all.
    let walk = super::walk_registry(client, reference, &stored, &top).await?.complete(&reference.familiar())?;

    let stats = fetch_blobs(client, store.clone(), reference, walk.blobs.clone(), options, reporter.clone()).await?;
    if let (Manifest::Image(m), PlatformChoice::One(wanted)) = (&parsed, &options.platform) {
        // A single-platform image is what it is; say so when it is not what was asked for,
        // as docker does, rather than fail a pull the user may want anyway.
        if let Some(actual) = config_platform(&store, &m.config.digest)
            && !wanted.matches(&actual)
        {
            reporter.event(Event::Warning(format!("{} is a {actual} image, not {wanted}", reference.familiar())));
        }
    }
    let name = reference.to_string();
    let desc = stored.clone();
    let previous = blocking(move || {
        // Manifests after their blobs, children before parents; the name last, once the
        // store's own walk finds the image complete.
        for m in &walk.manifests {
            store.put_blob(&m.descriptor.digest, &m.bytes)?;
        }
        store.set_ref(&name, desc)
    })
    .await??;
    let updated = previous.is_none_or(|p| p.digest != stored.digest);
    Ok(Pulled { digest: top.digest, stored, platform, stats, updated })
}

/// The one platform selector ([`ImageIndex::select_platform`]), its refusal as the
/// transfer error naming `what` and the platforms it has.
// The transfer layer's one error type; its size is paid once, on failure.
#[allow(clippy::result_large_err)]
pub(super) fn select<'a>(
    index: &'a ImageIndex,
    wanted: &Platform,
    what: &str,
) -> Result<&'a Descriptor, TransferError> {
    let i = index.select_platform(wanted).map_err(|available| TransferError::NoPlatform {
        reference: what.to_string(),
        wanted: wanted.to_string(),
        available,
    })?;
    Ok(&index.manifests[i])
}

/// The platform an image config declares, when it declares one.
fn config_platform(store: &Store, config: &Digest) -> Option<Platform> {
    let summary: crate::manifest::ImageConfigSummary = serde_json::from_slice(&store.read_blob(config).ok()?).ok()?;
    Some(Platform {
        os: summary.os?,
        architecture: summary.architecture?,
        variant: summary.variant,
        os_version: None,
        os_features: None,
    })
}

/// Annotation on a stored platform manifest naming the index it was picked from.
pub const INDEX_ANNOTATION: &str = "dev.ferry.index.digest";

/// Takes the store's shared lock (adding content) without blocking the runtime, telling the
/// user when a deleting process (rmi, prune) makes it wait.
pub(super) async fn lock_store_shared(
    store: &Arc<Store>,
    reporter: &Arc<dyn Reporter>,
) -> Result<crate::store::StoreLock, TransferError> {
    let (store, r) = (store.clone(), reporter.clone());
    Ok(blocking(move || {
        store.lock_shared(|| {
            r.event(Event::Warning("waiting for another ferry process that is deleting from the store".into()))
        })
    })
    .await??)
}

pub(super) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, TransferError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| TransferError::Internal(format!("worker thread failed: {e}")))
}

/// A `--jobs` slot holds one big blob, or small ones worth up to a block between them.
const SLOT_UNITS: u32 = 4;
/// Full-size blocks beyond one per big download, for blocks on their way to the disk.
const BLOCKS_IN_WRITING: usize = 4;

/// A block, and for a full-size one its share of the pull's block budget.
struct Buf {
    block: Block,
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl Buf {
    /// A block for the rest of a blob of `size` bytes; a full-size one waits for the budget.
    async fn take(budget: &Arc<tokio::sync::Semaphore>, size: u64) -> Buf {
        let permit = if size >= BLOCK_SIZE as u64 {
            Some(budget.clone().acquire_owned().await.expect("the block budget is never closed"))
        } else {
            None
        };
        Buf { block: Block::for_blob(size), permit }
    }
}

async fn fetch_blobs(
    client: &Arc<Client>,
    store: Arc<Store>,
    reference: &Reference,
    blobs: Vec<Descriptor>,
    options: &PullOptions,
    reporter: Arc<dyn Reporter>,
) -> Result<PullStats, TransferError> {
    let mut seen = HashSet::new();
    let mut unique: Vec<Descriptor> = blobs.into_iter().filter(|d| seen.insert(d.digest.clone())).collect();
    // Largest first: the long poles start early and small blobs fill the gaps.
    unique.sort_by_key(|d| std::cmp::Reverse(d.size));
    let mut stats =
        PullStats { blobs: unique.len(), bytes_total: unique.iter().map(|d| d.size).sum(), ..Default::default() };
    let (present, missing): (Vec<_>, Vec<_>) = unique.into_iter().partition(|d| store.has_blob(&d.digest));
    reporter.event(Event::Plan {
        blobs: stats.blobs,
        total_bytes: stats.bytes_total,
        missing_bytes: missing.iter().map(|d| d.size).sum(),
    });
    for d in &present {
        reporter.event(Event::BlobSkipped { digest: d.digest.clone(), size: d.size });
    }

    let (client, reference, retries) = (client.clone(), reference.clone(), options.retries);
    let max_connections = options.max_connections_per_blob.max(1);
    // Fail fast; the blobs cut short keep what they wrote as resumable partials.
    // `jobs` big blobs at a time; a small blob takes a quarter of a slot per 256 KiB, so up
    // to four times as many run at once (small blobs wait on the registry's per-request work
    // rather than on bandwidth) while their blocks never add up to more than the big ones'.
    let unit = BLOCK_SIZE as u64 / SLOT_UNITS as u64;
    let weight = move |d: &Descriptor| d.size.div_ceil(unit).clamp(1, SLOT_UNITS as u64) as u32;
    let capacity = options.jobs.max(1) * SLOT_UNITS as usize;
    // Memory for big blobs: one block filling per download, and a few on their way to disk.
    let budget = Arc::new(tokio::sync::Semaphore::new(options.jobs.max(1) + BLOCKS_IN_WRITING));
    // The `--jobs` slots, shared with the extra connections of big blobs fetched in ranges.
    let slots = Arc::new(tokio::sync::Semaphore::new(capacity));
    let shared_slots = slots.clone();
    let fetched = super::concurrently_weighted(slots, missing, capacity, weight, move |desc: Descriptor| {
        let (client, store, reference, reporter) = (client.clone(), store.clone(), reference.clone(), reporter.clone());
        let budget = budget.clone();
        let connections =
            super::ranged::Connections { slots: shared_slots.clone(), weight: SLOT_UNITS / 2, max: max_connections };
        async move {
            let digest = desc.digest.clone();
            fetch_blob(&client, store, &reference, &desc, retries, &budget, &connections, reporter)
                .await
                .map_err(|e| TransferError::Blob { digest, source: Box::new(e) })
        }
    })
    .await?;
    // None: another process fetched the blob meanwhile.
    for bytes in fetched.into_iter().flatten() {
        stats.blobs_fetched += 1;
        stats.bytes_fetched += bytes;
    }
    Ok(stats)
}

/// Fetches one blob into the store. Returns the bytes downloaded, or None when the blob
/// turned up in the store meanwhile (another process fetched it).
#[allow(clippy::too_many_arguments)]
async fn fetch_blob(
    client: &Arc<Client>,
    store: Arc<Store>,
    reference: &Reference,
    desc: &Descriptor,
    retries: u32,
    budget: &Arc<tokio::sync::Semaphore>,
    connections: &super::ranged::Connections,
    reporter: Arc<dyn Reporter>,
) -> Result<Option<u64>, TransferError> {
    let digest = desc.digest.clone();
    let open = |store: Arc<Store>, reporter: Arc<dyn Reporter>| {
        let (digest, size) = (digest.clone(), desc.size);
        blocking(move || {
            let d = digest.clone();
            store.begin_ingest(&digest, size, move || reporter.event(Event::BlobWaiting { digest: d }))
        })
    };
    let mut ingest = open(store.clone(), reporter.clone()).await??;
    if store.has_blob(&digest) {
        ingest.discard();
        reporter.event(Event::BlobSkipped { digest, size: desc.size });
        return Ok(None);
    }
    let resumed_from = ingest.offset();
    // Bytes from an earlier run: the hashed prefix, or ranges a sidecar records past it.
    let resumed = resumed_from > 0 || !ingest.completed_ranges().is_empty();
    reporter.event(Event::BlobStarted { digest: digest.clone(), size: desc.size, offset: resumed_from });
    let downloaded = AtomicU64::new(0);
    let mut attempt = 0u32;
    let mut started_over = false;
    // Big blobs in bounded ranges over several connections, until the registry shows it
    // ignores ranges; then (and for small blobs) one stream.
    let mut ranged = connections.max > 1 && desc.size >= super::ranged::RANGED_MIN;
    if !ranged {
        ingest.forget_ranges()?;
    }
    loop {
        if ingest.offset() < desc.size {
            let (back, result) = if ranged {
                let blob = super::ranged::Blob {
                    client: client.clone(),
                    reference: reference.clone(),
                    desc: desc.clone(),
                    budget: budget.clone(),
                    reporter: reporter.clone(),
                    retries,
                };
                let (back, result, honoured) =
                    super::ranged::fetch(&blob, connections, ingest, &mut attempt, &downloaded).await?;
                ranged = honoured;
                (back, result)
            } else {
                stream_into(client, reference, desc, ingest, budget, &reporter, &downloaded).await?
            };
            ingest = back;
            match result {
                Ok(()) => {}
                Err(e) if e.is_retryable() && attempt < retries => {
                    attempt += 1;
                    ingest.flush()?;
                    let delay = client.retry_delay(attempt, None);
                    reporter.event(Event::BlobRetry {
                        digest: digest.clone(),
                        attempt,
                        offset: ingest.offset(),
                        reason: e.to_string(),
                        delay,
                    });
                    tokio::time::sleep(delay).await;
                    continue;
                }
                Err(e) => {
                    let _ = ingest.flush();
                    return Err(e);
                }
            }
        }
        match blocking(move || ingest.commit()).await? {
            Ok(()) => {
                reporter.event(Event::BlobDone { digest });
                return Ok(Some(downloaded.into_inner()));
            }
            Err(e @ StoreError::Verify { .. }) => {
                let reason = if client.refuse_blob_source(&digest) {
                    // A mirror served other bytes: it is not asked for this blob again, and
                    // the download starts over from the next source (a mirror can never
                    // substitute content).
                    "a mirror served bytes that do not match the digest; starting over from the next source"
                } else if resumed && !started_over {
                    // Bytes resumed from an earlier run may be what is wrong: one fresh try.
                    started_over = true;
                    "resumed download did not verify; starting over"
                } else {
                    return Err(e.into());
                };
                ingest = open(store.clone(), reporter.clone()).await??;
                ingest.restart()?;
                reporter.event(Event::BlobRetry {
                    digest: digest.clone(),
                    attempt,
                    offset: 0,
                    reason: reason.into(),
                    delay: Duration::ZERO,
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Report progress in steps of this many bytes, not per network chunk.
const PROGRESS_STEP: u64 = 256 * 1024;
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// One attempt at the rest of a blob. This task takes the body off the network and hands it
/// to the store's packer, which hashes it while it is still in the cache and packs it into
/// aligned blocks; a blocking worker writes
/// each full block to the partial, so the disk never holds up the network or the hashing.
/// Full-size blocks come out of the pull's budget: one filling per download, a few being
/// written. A blob that fits in one block skips the worker. An attempt cut short ends at an
/// aligned offset (the next one starts there, at most 4 KiB earlier). Gives the ingest back
/// with the attempt's outcome; the outer error is for a worker that could not run at all.
async fn stream_into(
    client: &Client,
    reference: &Reference,
    desc: &Descriptor,
    ingest: Ingest,
    budget: &Arc<tokio::sync::Semaphore>,
    reporter: &Arc<dyn Reporter>,
    downloaded: &AtomicU64,
) -> Result<(Ingest, Result<(), TransferError>), TransferError> {
    let offset = ingest.offset();
    let body = match client.get_blob(reference, &desc.digest, offset).await {
        Ok(body) => body,
        Err(e) => return Ok((ingest, Err(e.into()))),
    };
    pour(desc, desc.size, body, ingest, budget, reporter, downloaded, None).await
}

/// Streams `body` (which starts at `body.start`) into the ingest up to byte `end` of the
/// blob: see [`stream_into`]. A body starting elsewhere than the ingest's offset starts the
/// blob over (a server that does not resume). `stop`, when it fires, ends the attempt as
/// an interruption.
#[allow(clippy::too_many_arguments)]
pub(super) async fn pour(
    desc: &Descriptor,
    end: u64,
    body: BlobBody,
    mut ingest: Ingest,
    budget: &Arc<tokio::sync::Semaphore>,
    reporter: &Arc<dyn Reporter>,
    downloaded: &AtomicU64,
    stop: Option<&tokio_util::sync::CancellationToken>,
) -> Result<(Ingest, Result<(), TransferError>), TransferError> {
    if body.start != ingest.offset() {
        if let Err(e) = ingest.restart() {
            return Ok((ingest, Err(e.into())));
        }
        reporter.event(Event::BlobRetry {
            digest: desc.digest.clone(),
            attempt: 0,
            offset: 0,
            reason: "the registry does not resume downloads; starting over".into(),
            delay: Duration::ZERO,
        });
    }
    let url = body.url.clone();
    let mut resp = body.response;
    let mut buf = Buf::take(budget, end - ingest.offset()).await;
    let mut at = ingest.offset();
    let mut packer = ingest.start_attempt();
    let mut writer: Option<BlockWriter> = None;
    let mut idle = Some(ingest);
    let mut unreported = 0u64;
    let mut last_report = std::time::Instant::now();
    let network = 'body: loop {
        let next = match stop {
            Some(stop) => tokio::select! {
                next = resp.chunk() => next,
                () = stop.cancelled() => break Err(TransferError::Internal("stopped".into())),
            },
            None => resp.chunk().await,
        };
        let chunk = match next {
            Ok(Some(c)) => c,
            Ok(None) => break Ok(()),
            Err(e) => break Err(TransferError::Interrupted(e)),
        };
        let mut data = &chunk[..];
        // A range's end: what a server sends past it is not this attempt's (a whole
        // blob's end is the packer's to enforce, as an error).
        let last = end < desc.size && data.len() as u64 >= end - at;
        if last {
            data = &data[..(end - at) as usize];
        }
        let taken = data.len() as u64;
        at += taken;
        while !data.is_empty() {
            let n = match packer.fill(&mut buf.block, data) {
                Ok(n) => n,
                Err(e) => break 'body Err(e.into()),
            };
            data = &data[n..];
            if buf.block.is_full() {
                let w = writer.get_or_insert_with(|| BlockWriter::start(idle.take().expect("idle")));
                let sealed = packer.seal(&mut buf.block);
                let permit = buf.permit.take();
                if !w.write(sealed, permit).await {
                    break 'body Ok(()); // the writer stopped: its error says why
                }
                buf = Buf::take(budget, desc.size).await;
            }
        }
        // What this attempt keeps: bytes past a range's end are not counted as moved.
        downloaded.fetch_add(taken, Ordering::Relaxed);
        unreported += taken;
        // Every PROGRESS_STEP bytes, or PROGRESS_EVERY after the last report: a small blob on
        // a slow link moves on screen instead of sitting at 0 B until it is done.
        if unreported >= PROGRESS_STEP || last_report.elapsed() >= PROGRESS_EVERY {
            reporter.event(Event::BlobProgress { digest: desc.digest.clone(), bytes: unreported });
            unreported = 0;
            last_report = std::time::Instant::now();
        }
        if last {
            break Ok(());
        }
    };
    if unreported > 0 {
        reporter.event(Event::BlobProgress { digest: desc.digest.clone(), bytes: unreported });
    }
    if network.is_err() {
        // End this attempt at an aligned offset, so the next one writes aligned blocks.
        packer.cut_back(&mut buf.block);
    }
    // The last, partly filled block: to the worker when there is one, else written here.
    let last = (!buf.block.is_empty()).then(|| packer.seal(&mut buf.block));
    let (mut ingest, written) = match writer {
        Some(w) => w.finish(last).await?,
        None => {
            let mut ingest = idle.take().expect("idle");
            blocking(move || {
                let r = last.map_or(Ok(()), |sealed| ingest.write_sealed(sealed));
                (ingest, r)
            })
            .await?
        }
    };
    // When a write failed, blocks were hashed that never reached the file, and the ingest
    // keeps no hash: the write's error ends this blob.
    ingest.end_attempt(packer);
    let result = match (written, network) {
        (Err(e), _) => Err(e.into()),
        (Ok(()), Err(e)) => Err(e),
        // The server closed the body early without an error: resumable like a reset.
        (Ok(()), Ok(())) if ingest.offset() < end => {
            Err(TransferError::Truncated { url, got: ingest.offset(), size: end })
        }
        (Ok(()), Ok(())) => Ok(()),
    };
    Ok((ingest, result))
}

/// A blocking worker that owns an ingest for one attempt, writing the sealed blocks it is
/// handed and then letting go of them (their memory and their share of the budget).
struct BlockWriter {
    full: tokio::sync::mpsc::Sender<(Sealed, Option<tokio::sync::OwnedSemaphorePermit>)>,
    worker: tokio::task::JoinHandle<(Ingest, Result<(), StoreError>)>,
}

impl BlockWriter {
    fn start(mut ingest: Ingest) -> BlockWriter {
        let (full, mut full_rx) = tokio::sync::mpsc::channel::<(Sealed, Option<_>)>(1);
        let worker = tokio::task::spawn_blocking(move || {
            while let Some((sealed, _permit)) = full_rx.blocking_recv() {
                if let Err(e) = ingest.write_sealed(sealed) {
                    return (ingest, Err(e));
                }
            }
            (ingest, Ok(()))
        });
        BlockWriter { full, worker }
    }

    /// Hands over a full block; false when the worker has stopped.
    async fn write(&mut self, sealed: Sealed, permit: Option<tokio::sync::OwnedSemaphorePermit>) -> bool {
        self.full.send((sealed, permit)).await.is_ok()
    }

    /// Hands over the last block (if any) and gets the ingest back.
    async fn finish(self, last: Option<Sealed>) -> Result<(Ingest, Result<(), StoreError>), TransferError> {
        if let Some(sealed) = last {
            let _ = self.full.send((sealed, None)).await;
        }
        drop(self.full);
        self.worker.await.map_err(|e| TransferError::Internal(format!("blob writer failed: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_failure_names_the_blob_once() {
        let digest = Digest::sha256_of(b"layer");
        let verify = TransferError::Blob {
            digest: digest.clone(),
            source: Box::new(TransferError::Store(StoreError::Verify {
                digest: digest.clone(),
                message: "content hashes to sha256:00; the download was corrupted and was discarded".into(),
            })),
        };
        assert_eq!(verify.to_string().matches(&digest.to_string()).count(), 1, "{verify}");
        let broken = TransferError::Blob {
            digest: digest.clone(),
            source: Box::new(TransferError::Truncated { url: "u".into(), got: 1, size: 2 }),
        };
        assert_eq!(broken.to_string(), format!("blob {digest}: u: the body ended after 1 of 2 bytes"));
    }
}
