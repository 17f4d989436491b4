//! Sending an image to a registry, whoever planned it (push from the store, copy from
//! another registry): a [`Plan`] names the blobs, where their bytes come from, which other
//! repositories of the target registry may already hold them, and the manifests to put.
//!
//! Order of work, so that a failure leaves the registry's names as they were: every blob is
//! checked (`HEAD`) first, missing ones are mounted or uploaded `jobs` at a time, largest
//! first, and manifests are put only once every blob is in — children before the index that
//! lists them, the tag last. Uploads stream (bounded memory), monolithic by default,
//! chunked on request or after a 413, and resumable: after a failure the session is asked
//! how far it got and the upload continues from there (distribution spec "Pushing blobs").
//! Never prints; progress goes to the [`Reporter`].

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

use super::pull::TransferError;
use crate::digest::Digest;
use crate::manifest::Descriptor;
use crate::progress::{Event, Reporter};
use crate::reference::{Action, Reference};
use crate::registry::{
    BlobBody, BodyReader, Client, ErrorKind, RegistryError, StreamingBody, UploadSession, UploadStart,
};
use crate::store::{Store, StoreError};

/// Chunk size chosen after a 413 is at most this (proxies with body limits, such as
/// Cloudflare's 100 MB, pass it) ...
const MAX_AUTO_CHUNK: u64 = 64 << 20;
/// ... and at least this: below it, a registry refusing bodies is not a size problem.
const MIN_AUTO_CHUNK: u64 = 256 << 10;
/// Report progress in steps of this many bytes, not per read.
const PROGRESS_STEP: u64 = 256 * 1024;

#[derive(Debug, Clone)]
pub struct PushOptions {
    /// Blobs in flight at once.
    pub jobs: usize,
    /// Retries of a failed upload (each resumes where the registry says it stopped).
    pub retries: u32,
    /// Upload in `PATCH` chunks of this size instead of one `PUT`.
    pub chunk_size: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct PushStats {
    pub blobs: usize,
    pub bytes_total: u64,
    /// Blobs the target repository had already.
    pub present: usize,
    pub mounted: usize,
    pub uploaded: usize,
    /// Bytes sent in request bodies, resent ones included.
    pub bytes_sent: u64,
}

/// A manifest to `PUT`, exactly these bytes.
#[derive(Debug, Clone)]
pub struct ManifestPut {
    /// Tag or digest in the target repository.
    pub reference: String,
    pub media_type: String,
    pub bytes: Bytes,
    pub digest: Digest,
    /// Set for what the user asked to push (the tagged top); children carry `None`.
    pub target: Option<Reference>,
}

/// Where blob bytes come from.
#[derive(Clone)]
pub enum BlobSource {
    Store(Arc<Store>),
    /// Another registry's repository, read as it streams (copy).
    Registry(Reference),
}

/// Everything one push or copy will do, in one target repository.
pub struct Plan {
    pub target: Reference,
    /// Unique blobs (configs and layers) the manifests need.
    pub blobs: Vec<Descriptor>,
    pub source: BlobSource,
    /// Repositories of the target registry that may hold a blob, to mount from.
    pub mount_from: HashMap<Digest, Vec<String>>,
    /// In `PUT` order: children before their index.
    pub manifests: Vec<ManifestPut>,
}

#[derive(Debug, Clone)]
pub struct Pushed {
    pub target: Reference,
    pub digest: Digest,
    /// The manifest's size in bytes (docker's `TAG: digest: … size: N`).
    pub size: u64,
    /// The tag already pointed at this digest: nothing was sent.
    pub up_to_date: bool,
}

/// Runs a plan: checks, mounts and uploads blobs, then puts the manifests.
pub async fn execute(
    client: &Arc<Client>,
    plan: Plan,
    options: &PushOptions,
    reporter: Arc<dyn Reporter>,
) -> Result<(Vec<Pushed>, PushStats), TransferError> {
    let target = plan.target.clone();
    let mut stats = PushStats {
        blobs: plan.blobs.len(),
        bytes_total: plan.blobs.iter().map(|d| d.size).sum(),
        ..Default::default()
    };
    let tops: Vec<&ManifestPut> = plan.manifests.iter().filter(|m| m.target.is_some()).collect();

    // A tag that already names these exact bytes needs nothing (HEAD is free on Docker
    // Hub's rate limit; a re-run of a CI push moves no data).
    let mut current = 0;
    for m in &tops {
        let head = client.manifest_headers(&target, &m.reference, Action::Push);
        if head.await?.is_some_and(|h| h.digest.as_ref() == Some(&m.digest)) {
            current += 1;
        }
    }
    if !tops.is_empty() && current == tops.len() {
        stats.present = stats.blobs;
        let pushed = tops
            .iter()
            .map(|m| Pushed {
                target: m.target.clone().expect("tops"),
                digest: m.digest.clone(),
                size: m.bytes.len() as u64,
                up_to_date: true,
            })
            .collect();
        return Ok((pushed, stats));
    }

    let present = {
        let client = client.clone();
        let target = target.clone();
        super::concurrently(plan.blobs.clone(), options.jobs.max(1) * 2, move |d: Descriptor| {
            let (client, target) = (client.clone(), target.clone());
            async move { Ok(client.blob_exists(&target, &d.digest).await?) }
        })
        .await?
    };
    let mut missing = Vec::new();
    for (d, &here) in plan.blobs.iter().zip(&present) {
        if here {
            stats.present += 1;
        } else {
            missing.push(d.clone());
        }
    }
    reporter.event(Event::Plan {
        blobs: stats.blobs,
        total_bytes: stats.bytes_total,
        missing_bytes: missing.iter().map(|d| d.size).sum(),
    });
    for (d, &here) in plan.blobs.iter().zip(&present) {
        if here {
            reporter.event(Event::BlobSkipped { digest: d.digest.clone(), size: d.size });
        }
    }

    // Largest first: the long poles start early and small blobs fill the gaps.
    missing.sort_by_key(|d| std::cmp::Reverse(d.size));
    let ctx = Arc::new(BlobContext {
        client: client.clone(),
        target: target.clone(),
        source: plan.source.clone(),
        mount_from: plan.mount_from,
        options: options.clone(),
        reporter: reporter.clone(),
        sent: Arc::new(AtomicU64::new(0)),
    });
    let outcomes = {
        let ctx = ctx.clone();
        super::concurrently(missing, options.jobs.max(1), move |d: Descriptor| {
            let ctx = ctx.clone();
            async move {
                let digest = d.digest.clone();
                send_blob(&ctx, &d).await.map_err(|e| TransferError::Blob { digest, source: Box::new(e) })
            }
        })
        .await?
    };
    for o in outcomes {
        match o {
            Sent::Mounted => stats.mounted += 1,
            Sent::Uploaded => stats.uploaded += 1,
        }
    }
    stats.bytes_sent = ctx.sent.load(Ordering::Relaxed);

    let mut pushed = Vec::new();
    for m in &plan.manifests {
        let digest = client.put_manifest(&target, &m.reference, &m.media_type, m.bytes.clone()).await?;
        if let Some(t) = &m.target {
            pushed.push(Pushed { target: t.clone(), digest, size: m.bytes.len() as u64, up_to_date: false });
        }
    }
    Ok((pushed, stats))
}

struct BlobContext {
    client: Arc<Client>,
    target: Reference,
    source: BlobSource,
    mount_from: HashMap<Digest, Vec<String>>,
    options: PushOptions,
    reporter: Arc<dyn Reporter>,
    sent: Arc<AtomicU64>,
}

enum Sent {
    Mounted,
    Uploaded,
}

async fn send_blob(ctx: &Arc<BlobContext>, desc: &Descriptor) -> Result<Sent, TransferError> {
    let mut session = None;
    for from in ctx.mount_from.get(&desc.digest).into_iter().flatten() {
        match ctx.client.start_upload(&ctx.target, Some((&desc.digest, from))).await {
            Ok(UploadStart::Mounted) => {
                ctx.reporter.event(Event::BlobMounted {
                    digest: desc.digest.clone(),
                    size: desc.size,
                    from: from.clone(),
                });
                return Ok(Sent::Mounted);
            }
            // The source did not have it after all (distribution answers a failed mount
            // with an ordinary session): upload into that session.
            Ok(UploadStart::Session(s)) => {
                session = Some(s);
                break;
            }
            // No read access to the source: an upload needs no more than the target.
            Err(e) if matches!(e.kind(), ErrorKind::Denied | ErrorKind::Unauthorized | ErrorKind::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let session = match session {
        Some(s) => s,
        None => fresh_session(ctx).await?,
    };
    upload(ctx, desc, session).await?;
    Ok(Sent::Uploaded)
}

async fn fresh_session(ctx: &BlobContext) -> Result<UploadSession, TransferError> {
    match ctx.client.start_upload(&ctx.target, None).await? {
        UploadStart::Session(s) => Ok(s),
        UploadStart::Mounted => Err(TransferError::Internal(format!(
            "{}: the registry answered an upload request with 201 Created and no session",
            ctx.target.repository_ref()
        ))),
    }
}

/// Uploads one blob into `session`, resuming after failures from what the registry holds.
async fn upload(ctx: &BlobContext, desc: &Descriptor, mut session: UploadSession) -> Result<(), TransferError> {
    let digest = desc.digest.clone();
    ctx.reporter.event(Event::BlobStarted { digest: digest.clone(), size: desc.size, offset: 0 });
    let mut chunk = ctx.options.chunk_size;
    let mut failures = 0u32;
    let mut started_over = false;
    loop {
        let mut last_len = 0;
        let err = match attempt(ctx, desc, &mut session, chunk, &mut last_len).await {
            Ok(()) => {
                ctx.reporter.event(Event::BlobDone { digest });
                return Ok(());
            }
            Err(e) => e,
        };
        let registry_error = match &err {
            TransferError::Registry(e) | TransferError::Interrupted(e) => Some(e),
            _ => None,
        };
        let reason;
        let resumed = failures > 0 && !started_over;
        if registry_error.is_some_and(|e| e.status() == Some(413)) {
            // A body limit (a proxy's, usually): smaller requests get through.
            let next = (last_len / 2).min(MAX_AUTO_CHUNK) / (64 << 10) * (64 << 10);
            if next < MIN_AUTO_CHUNK {
                return Err(err);
            }
            chunk = Some(next);
            reason =
                format!("the registry refused a {last_len}-byte request body (413); sending chunks of {next} bytes");
        } else if registry_error.is_some_and(RegistryError::is_retryable) && failures < ctx.options.retries {
            failures += 1;
            tokio::time::sleep(ctx.client.retry_delay(failures, registry_error.and_then(|e| e.retry_after()))).await;
            reason = with_root_cause(&err);
        } else if registry_error.is_some_and(|e| {
            e.has_code("DIGEST_INVALID") || e.has_code("BLOB_UPLOAD_INVALID") || e.has_code("SIZE_INVALID")
        }) && (resumed || ctx.client.refuse_blob_source(&digest))
        {
            // The session was resumed and the result does not verify: start clean once. Or
            // a mirror served the source's bytes and they were not this blob: start clean,
            // from the next source.
            started_over |= resumed;
            ctx.client.cancel_upload(&ctx.target, &session).await;
            session = fresh_session(ctx).await?;
            ctx.reporter.event(Event::BlobRetry {
                digest: digest.clone(),
                attempt: failures,
                offset: 0,
                reason: format!("{err}; starting a new upload"),
                delay: Duration::ZERO,
            });
            continue;
        } else {
            return Err(err);
        }
        session = resume_point(ctx, desc, session).await?;
        ctx.reporter.event(Event::BlobRetry {
            digest: digest.clone(),
            attempt: failures,
            offset: session.offset,
            reason,
            delay: Duration::ZERO,
        });
    }
}

/// `err`'s message and, when there is one, the innermost cause ("request failed" alone
/// does not say whether the network or the source of the bytes broke).
fn with_root_cause(err: &TransferError) -> String {
    let mut root: &dyn std::error::Error = err;
    while let Some(next) = root.source() {
        root = next;
    }
    let (top, bottom) = (err.to_string(), root.to_string());
    if top.contains(&bottom) { top } else { format!("{top}: {bottom}") }
}

/// Where to continue after a failure: the session's own account of what it holds, or a new
/// session when the registry no longer knows this one (expired or purged; distribution
/// also cancels a session asked about with a stale `_state`).
async fn resume_point(
    ctx: &BlobContext,
    desc: &Descriptor,
    session: UploadSession,
) -> Result<UploadSession, TransferError> {
    match ctx.client.upload_status(&ctx.target, &session).await {
        Ok(s) if s.offset <= desc.size => Ok(s),
        _ => {
            ctx.client.cancel_upload(&ctx.target, &session).await;
            fresh_session(ctx).await
        }
    }
}

/// One pass at the rest of the blob from `session.offset`: a monolithic `PUT` when nothing
/// is there yet and no chunking is asked for, else `PATCH` chunks and a closing `PUT`.
/// `last_len` is the body size of the last request sent (for a 413).
async fn attempt(
    ctx: &BlobContext,
    desc: &Descriptor,
    session: &mut UploadSession,
    chunk: Option<u64>,
    last_len: &mut u64,
) -> Result<(), TransferError> {
    let size = desc.size;
    if chunk.is_none() && session.offset == 0 {
        *last_len = size;
        let body = body(ctx, desc, 0, size).await?;
        ctx.client.finish_upload(&ctx.target, session, &desc.digest, Some((body, size))).await?;
        return Ok(());
    }
    let step = chunk.unwrap_or(size).max(session.min_chunk.unwrap_or(1)).max(1);
    while session.offset < size {
        let len = step.min(size - session.offset);
        *last_len = len;
        let body = body(ctx, desc, session.offset, len).await?;
        let next = ctx.client.upload_chunk(&ctx.target, session, body, len).await?;
        if next.offset <= session.offset || next.offset > size {
            return Err(TransferError::Internal(format!(
                "{}: after a chunk at byte {} the registry reports {} of {size} bytes",
                session.location, session.offset, next.offset
            )));
        }
        *session = next;
    }
    ctx.client.finish_upload(&ctx.target, session, &desc.digest, None).await?;
    Ok(())
}

/// A body for `len` bytes of the blob from `offset`.
async fn body(ctx: &BlobContext, desc: &Descriptor, offset: u64, len: u64) -> Result<StreamingBody, TransferError> {
    let counter = Counter { reporter: ctx.reporter.clone(), digest: desc.digest.clone(), sent: ctx.sent.clone() };
    match &ctx.source {
        BlobSource::Store(store) => {
            let path = store.blob_path(&desc.digest);
            // Opened here too, so a missing file is a clear store error, not a failed request.
            open_at(&path, offset).map_err(|source| StoreError::Io {
                action: "reading",
                path: path.clone(),
                source,
            })?;
            Ok(StreamingBody::new(move || {
                let reader: Box<dyn AsyncRead + Send + Unpin> = match open_at(&path, offset) {
                    Ok(f) => Box::new(tokio::fs::File::from_std(f).take(len)),
                    Err(e) => Box::new(Failing(Some(e))),
                };
                counted_body(reader, counter.clone())
            }))
        }
        BlobSource::Registry(source) => {
            let blob = ctx.client.get_blob(source, &desc.digest, offset).await?;
            let skip = offset - blob.start;
            let (tx, rx) = tokio::sync::mpsc::channel::<io::Result<Bytes>>(8);
            tokio::spawn(pump(blob, skip, len, tx));
            let once = Mutex::new(Some(ChannelReader { rx, current: Bytes::new() }));
            Ok(StreamingBody::new(move || {
                // A response body can be read once; a second send fails and the upload
                // resumes through a fresh GET.
                let reader: Box<dyn AsyncRead + Send + Unpin> = match once.lock().unwrap().take() {
                    Some(r) => Box::new(r),
                    None => Box::new(Failing(Some(io::Error::other("the source stream was already used")))),
                };
                counted_body(reader, counter.clone())
            }))
        }
    }
}

fn open_at(path: &PathBuf, offset: u64) -> io::Result<std::fs::File> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(path)?;
    f.seek(SeekFrom::Start(offset))?;
    Ok(f)
}

/// Moves `len` bytes of a source response (after skipping `skip`) into the channel a
/// request body reads from. Ends early when the request side goes away.
async fn pump(mut blob: BlobBody, mut skip: u64, mut len: u64, tx: tokio::sync::mpsc::Sender<io::Result<Bytes>>) {
    while len > 0 {
        let mut chunk = match blob.response.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => {
                let _ = tx.send(Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the source blob ended early"))).await;
                return;
            }
            Err(e) => {
                let _ = tx.send(Err(io::Error::other(e))).await;
                return;
            }
        };
        if skip > 0 {
            let n = skip.min(chunk.len() as u64);
            let _ = chunk.split_to(n as usize);
            skip -= n;
        }
        if chunk.len() as u64 > len {
            chunk.truncate(len as usize);
        }
        len -= chunk.len() as u64;
        if !chunk.is_empty() && tx.send(Ok(chunk)).await.is_err() {
            return;
        }
    }
}

/// Where read bytes are reported: progress events, and the run's sent-bytes total.
#[derive(Clone)]
struct Counter {
    reporter: Arc<dyn Reporter>,
    digest: Digest,
    sent: Arc<AtomicU64>,
}

fn counted_body(reader: Box<dyn AsyncRead + Send + Unpin>, counter: Counter) -> BodyReader {
    Box::pin(Counting { inner: reader, counter, unreported: 0 })
}

struct Counting {
    inner: Box<dyn AsyncRead + Send + Unpin>,
    counter: Counter,
    unreported: u64,
}

impl Counting {
    fn report(&mut self) {
        if self.unreported > 0 {
            self.counter
                .reporter
                .event(Event::BlobProgress { digest: self.counter.digest.clone(), bytes: self.unreported });
            self.unreported = 0;
        }
    }
}

impl AsyncRead for Counting {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = &polled {
            let n = (buf.filled().len() - before) as u64;
            self.counter.sent.fetch_add(n, Ordering::Relaxed);
            self.unreported += n;
            if n == 0 || self.unreported >= PROGRESS_STEP {
                self.report();
            }
        }
        polled
    }
}

impl Drop for Counting {
    fn drop(&mut self) {
        self.report();
    }
}

/// The receiving end of [`pump`] as a reader.
struct ChannelReader {
    rx: tokio::sync::mpsc::Receiver<io::Result<Bytes>>,
    current: Bytes,
}

impl AsyncRead for ChannelReader {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        loop {
            if !self.current.is_empty() {
                let n = self.current.len().min(buf.remaining());
                let part = self.current.split_to(n);
                buf.put_slice(&part);
                return Poll::Ready(Ok(()));
            }
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(Ok(b))) => self.current = b,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(e)),
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// A reader that fails at once: a body that cannot be made (again).
struct Failing(Option<io::Error>);

impl AsyncRead for Failing {
    fn poll_read(mut self: Pin<&mut Self>, _: &mut Context<'_>, _: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Err(self.0.take().unwrap_or_else(|| io::Error::other("body unavailable"))))
    }
}
