//! Parallel ranged download of one big blob: where one TCP connection is capped (a CDN, an
//! object store, a long fat link), several connections each fetching a bounded range
//! (`Range: bytes=a-b`, never open-ended) move the blob in a fraction of the time.
//!
//! - **Adaptive**: one connection first; once the registry has answered a range with 206
//!   and the matching `Content-Range`, connections are added (doubling) while the blob's
//!   total throughput grows, and no more once it does not.
//! - **Within `--jobs`**: an extra connection takes a free half of a `--jobs` slot (its
//!   buffer and the connection's own are about half a big blob's block) for one range at a
//!   time, so blobs waiting for a slot go first.
//! - **Hashed in order, memory bounded**: the range holding the hash frontier streams through
//!   the store's packer as a single-stream download does; ranges ahead of it are written at
//!   their offsets ([`RangeWriter`]) and hashed when the frontier reaches them
//!   ([`Ingest::absorb`], read back from the page cache). One buffer per connection.
//! - **Resumable**: complete ranges are recorded in the partial's sidecar (the store's); a
//!   later run fetches only the missing ones.
//! - **Falls back** to one stream when the first range request is answered with the whole
//!   blob (200: ranges ignored). Redirected requests are followed by the gate, each range
//!   request on its own, without credentials.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::pull::{TransferError, blocking, pour};
use crate::manifest::Descriptor;
use crate::progress::{Event, Reporter};
use crate::reference::Reference;
use crate::registry::{BlobBody, Client, RangeReply, RegistryError};
use crate::store::{Ingest, RangeWriter};

/// The unit of work of one connection: big enough that a request's round trip is a small
/// part of its time on a capped link, small enough that a blob has several.
pub(super) const RANGE_SIZE: u64 = 8 << 20;
/// Blobs at least this big are fetched in ranges.
pub(super) const RANGED_MIN: u64 = 4 * RANGE_SIZE;
/// A connection's buffer for a range ahead of the frontier.
const SIDE_BUFFER: usize = 256 << 10;
/// Bytes per second beyond which no connection is added.
const FAST_ENOUGH: f64 = 100e6;
/// How often the controller looks at the throughput.
const TICK: Duration = Duration::from_millis(25);

/// Where extra connections come from.
pub(super) struct Connections {
    /// The pull's `--jobs` slots.
    pub slots: Arc<Semaphore>,
    /// What a connection takes of them (half a big blob's share).
    pub weight: u32,
    /// At most this many connections per blob.
    pub max: usize,
}

/// One blob being fetched, and what fetching it needs.
pub(super) struct Blob {
    pub client: Arc<Client>,
    pub reference: Reference,
    pub desc: Descriptor,
    pub budget: Arc<Semaphore>,
    pub reporter: Arc<dyn Reporter>,
    pub retries: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Pending,
    Active,
    Done,
}

struct Unit {
    start: u64,
    /// Moves down when an idle connection takes the second half of the unit.
    end: u64,
    /// The first byte of the unit not yet written (ranges ahead of the frontier resume here).
    next: u64,
    /// The first byte not yet received (ahead of `next` by a buffer at most).
    received: u64,
    /// Fetched ahead of the frontier (so it may be split).
    ahead: bool,
    status: Status,
}

struct State {
    units: Vec<Unit>,
    /// None while a worker streams the frontier range into it, or absorbs.
    ingest: Option<Ingest>,
    /// Where the hashed prefix ends (the ingest's offset), known while it is lent out.
    frontier: u64,
    /// Bytes of the prefix known to be in the file (not in memory).
    flushed: u64,
    /// A sidecar says what the partial holds, and must be kept up to date.
    sidecar: bool,
    /// The registry answered a range with 206.
    honoured: bool,
    /// The first request was answered with the whole blob: fetch it in one stream.
    whole: Option<BlobBody>,
    failure: Option<TransferError>,
    attempt: u32,
    /// Time to the first response of the first range: the link's round trip, roughly.
    first_reply: Option<Duration>,
    /// One connection is all this blob gets (it is fast enough alone): the frontier takes
    /// the rest in one request instead of range after range.
    alone: bool,
}

struct Shared {
    blob: Blob,
    state: Mutex<State>,
    writer: Arc<RangeWriter>,
    /// Sidecar writes, one at a time and in order.
    recording: tokio::sync::Mutex<()>,
    /// Set once a sidecar is on disk: no byte is written past the prefix before it.
    sidecar_written: tokio::sync::OnceCell<()>,
    /// Bytes received by every connection (for the throughput and the stats).
    bytes: AtomicU64,
    stop: CancellationToken,
    slots: Arc<Semaphore>,
    weight: u32,
}

// One per connection at a time, moved at once: the size of the ingest costs nothing.
#[allow(clippy::large_enum_variant)]
enum Job {
    /// The unit holding the frontier: streamed into the ingest from the frontier.
    Frontier(usize, Ingest),
    /// A unit ahead of the frontier, from this byte.
    Ahead(usize, u64),
}

/// Fetches the rest of `ingest`'s blob in ranges. Returns the ingest, the outcome, and
/// whether the registry honours ranges (false: it answered the first range with the whole
/// blob, which was then streamed in; go on in one stream). `attempt` counts the retries of
/// broken ranges against `blob.retries`, with the caller's.
pub(super) async fn fetch(
    blob: &Blob,
    connections: &Connections,
    ingest: Ingest,
    attempt: &mut u32,
    downloaded: &AtomicU64,
) -> Result<(Ingest, Result<(), TransferError>, bool), TransferError> {
    let size = blob.desc.size;
    let writer = match ingest.range_writer() {
        Ok(w) => Arc::new(w),
        Err(e) => return Ok((ingest, Err(e.into()), true)),
    };
    let done = ingest.completed_ranges();
    let at = ingest.offset();
    let units = (0..size.div_ceil(RANGE_SIZE))
        .map(|i| {
            let (start, end) = (i * RANGE_SIZE, ((i + 1) * RANGE_SIZE).min(size));
            let complete = end <= at || done.iter().any(|&(a, b)| a <= start.max(at) && end <= b);
            let status = if complete { Status::Done } else { Status::Pending };
            Unit { start, end, next: start, received: start, ahead: false, status }
        })
        .collect();
    let shared = Arc::new(Shared {
        blob: Blob {
            client: blob.client.clone(),
            reference: blob.reference.clone(),
            desc: blob.desc.clone(),
            budget: blob.budget.clone(),
            reporter: blob.reporter.clone(),
            retries: blob.retries,
        },
        sidecar_written: tokio::sync::OnceCell::new_with(ingest.has_sidecar().then_some(())),
        state: Mutex::new(State {
            units,
            frontier: at,
            flushed: at,
            sidecar: ingest.has_sidecar(),
            ingest: Some(ingest),
            honoured: false,
            whole: None,
            failure: None,
            attempt: *attempt,
            first_reply: None,
            alone: false,
        }),
        writer,
        recording: tokio::sync::Mutex::new(()),
        bytes: AtomicU64::new(0),
        stop: CancellationToken::new(),
        slots: connections.slots.clone(),
        weight: connections.weight,
    });
    // Ranges an earlier run completed right after the prefix join it now.
    let mut outcome = shared.settle().await;
    if outcome.is_ok() {
        outcome = run(&shared, connections.max).await;
    }
    if outcome.is_ok() {
        // The connections are gone: whatever completed last joins the prefix now.
        outcome = shared.settle().await;
    }
    downloaded.fetch_add(shared.bytes.load(Ordering::Relaxed), Ordering::Relaxed);
    let (ingest, whole, failure) = {
        let mut st = shared.state.lock().unwrap();
        *attempt = st.attempt;
        (st.ingest.take(), st.whole.take(), st.failure.take())
    };
    let Some(mut ingest) = ingest else {
        return Err(TransferError::Internal("a range download lost its partial file".into()));
    };
    if let Some(body) = whole {
        // Ranges ignored: the answer is the whole blob. Stream it in, as a single-stream
        // download does (from byte 0: what ranges an earlier run left are dropped).
        if let Err(e) = ingest.forget_ranges() {
            return Ok((ingest, Err(e.into()), false));
        }
        let (ingest, result) =
            pour(&blob.desc, size, body, ingest, &blob.budget, &blob.reporter, downloaded, None).await?;
        return Ok((ingest, result, false));
    }
    let result = match (outcome, failure) {
        (Err(e), _) | (Ok(()), Some(e)) => Err(e),
        (Ok(()), None) if ingest.offset() < size => {
            Err(TransferError::Internal(format!("a range download ended at byte {} of {size}", ingest.offset())))
        }
        (Ok(()), None) => Ok(()),
    };
    Ok((ingest, result, true))
}

/// Runs the connections: the first at once, more while the throughput grows.
async fn run(shared: &Arc<Shared>, max: usize) -> Result<(), TransferError> {
    let mut workers = JoinSet::new();
    workers.spawn(worker(shared.clone(), None));
    let mut connections = 1usize;
    // The throughput with the current connections, and the window measuring it.
    let mut before: Option<f64> = None;
    let mut window: Option<(Instant, u64)> = None;
    let mut settled_at: Option<Instant> = None;
    let mut growing = true;
    let mut outcome = Ok(());
    loop {
        tokio::select! {
            joined = workers.join_next() => match joined {
                None => break,
                Some(Ok(())) => continue,
                Some(Err(e)) => {
                    shared.stop.cancel();
                    outcome = Err(TransferError::Internal(format!("a range download failed: {e}")));
                    continue;
                }
            },
            () = tokio::time::sleep(TICK) => {}
        }
        if !growing || connections >= max || shared.stop.is_cancelled() {
            continue;
        }
        let (rtt, pending) = {
            let st = shared.state.lock().unwrap();
            if !st.honoured {
                continue;
            }
            (
                st.first_reply.unwrap_or(Duration::from_millis(50)),
                st.units.iter().filter(|u| u.status == Status::Pending).count(),
            )
        };
        // New connections need a round trip or two before their bytes flow; then the window
        // must be long enough to see them.
        let ramp = rtt + Duration::from_millis(20);
        let span = (rtt * 3).clamp(Duration::from_millis(100), Duration::from_secs(1));
        let now = Instant::now();
        if settled_at.is_none_or(|t| now < t) {
            settled_at.get_or_insert(now + ramp);
            continue;
        }
        let bytes = shared.bytes.load(Ordering::Relaxed);
        let Some((t0, b0)) = window else {
            window = Some((now, bytes));
            continue;
        };
        if now - t0 < span {
            continue;
        }
        let rate = (bytes - b0) as f64 / (now - t0).as_secs_f64();
        window = None;
        // Connections pay where each is capped; past this, the disk and the hash are the limit
        // (a loopback or LAN registry), and more connections would only cost memory.
        if rate > FAST_ENOUGH {
            growing = false;
            if connections == 1 {
                // A request per range would only stall the one stream at each range's end.
                shared.state.lock().unwrap().alone = true;
            }
            continue;
        }
        if let Some(prev) = before
            && rate < prev * 1.25
        {
            // The last connections added did not pay: the link, the server or this machine
            // is the limit, not each connection.
            growing = false;
            shared.blob.reporter.event(Event::Debug(format!(
                "{}: staying at {connections} connections ({:.1} MB/s, {:.1} with fewer)",
                shared.blob.desc.digest,
                rate / 1e6,
                before.unwrap_or(0.0) / 1e6
            )));
            continue;
        }
        let mut added = 0;
        let want = connections.min(max - connections).min(pending);
        while added < want {
            match shared.slots.clone().try_acquire_many_owned(shared.weight) {
                Ok(permit) => {
                    workers.spawn(worker(shared.clone(), Some(permit)));
                    added += 1;
                }
                Err(_) => break,
            }
        }
        if added > 0 {
            connections += added;
            shared.blob.reporter.event(Event::Debug(format!(
                "{}: {connections} connections ({:.1} MB/s with {})",
                shared.blob.desc.digest,
                rate / 1e6,
                connections - added
            )));
            before = Some(rate);
            settled_at = Some(now + ramp);
        }
    }
    outcome
}

/// One connection: takes the lowest pending unit, fetches it, again, until none is left.
/// An extra connection (with a `--jobs` slot) gives the slot back after each unit, and
/// goes on only when it can take a free one again.
async fn worker(shared: Arc<Shared>, mut permit: Option<OwnedSemaphorePermit>) {
    let extra = permit.is_some();
    loop {
        if shared.stop.is_cancelled() {
            return;
        }
        if extra && permit.is_none() {
            match shared.slots.clone().try_acquire_many_owned(shared.weight) {
                Ok(p) => permit = Some(p),
                Err(_) => return,
            }
        }
        let Some(job) = shared.pick() else { return };
        let (unit, outcome) = match job {
            Job::Frontier(i, ingest) => (i, shared.frontier(i, ingest).await),
            Job::Ahead(i, from) => (i, shared.ahead(i, from).await),
        };
        let failed = match outcome {
            Ok(()) => shared.completed().await.err(),
            Err(e) => Some(e),
        };
        if let Some(e) = failed {
            let retry = {
                let mut st = shared.state.lock().unwrap();
                if st.units[unit].status == Status::Active {
                    st.units[unit].status = Status::Pending;
                }
                if shared.stop.is_cancelled() {
                    return;
                }
                if e.is_retryable() && st.attempt < shared.blob.retries {
                    st.attempt += 1;
                    let offset = st.units[unit].next.max(st.frontier);
                    Some((st.attempt, offset))
                } else {
                    st.failure.get_or_insert(e);
                    shared.stop.cancel();
                    return;
                }
            };
            if let Some((attempt, offset)) = retry {
                let delay = shared.blob.client.retry_delay(attempt, None);
                shared.blob.reporter.event(Event::BlobRetry {
                    digest: shared.blob.desc.digest.clone(),
                    attempt,
                    offset,
                    reason: e.to_string(),
                    delay,
                });
                tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    () = shared.stop.cancelled() => return,
                }
            }
        }
        if extra {
            permit = None;
        }
    }
}

/// Below this, a unit's rest is not worth a connection of its own (a request costs a
/// round trip).
const SPLIT_MIN: u64 = 1 << 20;

/// With no unit left to start, an idle connection takes the second half of the largest rest
/// of a unit being fetched ahead of the frontier: the last units finish together instead of
/// one after the other.
fn split(st: &mut State) -> Option<Job> {
    let (i, rest) = st
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.status == Status::Active && u.ahead)
        .map(|(i, u)| (i, u.end - u.received))
        .max_by_key(|&(_, rest)| rest)?;
    if rest < 2 * SPLIT_MIN {
        return None;
    }
    let unit = &mut st.units[i];
    let mid = (unit.received + rest / 2).next_multiple_of(64 << 10);
    if mid >= unit.end {
        return None;
    }
    let end = std::mem::replace(&mut unit.end, mid);
    st.units.push(Unit { start: mid, end, next: mid, received: mid, ahead: true, status: Status::Active });
    Some(Job::Ahead(st.units.len() - 1, mid))
}

impl Shared {
    /// The next unit to fetch, marked active: the lowest pending one.
    fn pick(&self) -> Option<Job> {
        let mut guard = self.state.lock().unwrap();
        let st = &mut *guard;
        if st.whole.is_some() {
            return None;
        }
        let pending = (0..st.units.len()).filter(|&i| st.units[i].status == Status::Pending);
        let Some(i) = pending.min_by_key(|&i| st.units[i].start) else {
            return split(st);
        };
        let frontier = st.frontier;
        let unit = &mut st.units[i];
        unit.status = Status::Active;
        let holds_frontier = unit.start <= frontier && frontier < unit.end;
        let from = unit.next.max(frontier);
        if holds_frontier && let Some(ingest) = st.ingest.take() {
            unit.ahead = false;
            if st.alone {
                // The pending units that follow join this one (and are left empty).
                let mut end = st.units[i].end;
                while let Some(j) =
                    st.units.iter().position(|u| u.start == end && u.end > u.start && u.status == Status::Pending)
                {
                    end = st.units[j].end;
                    st.units[j].end = st.units[j].start;
                    st.units[j].status = Status::Done;
                }
                st.units[i].end = end;
            }
            return Some(Job::Frontier(i, ingest));
        }
        unit.ahead = true;
        unit.received = from;
        Some(Job::Ahead(i, from))
    }

    async fn request(&self, start: u64, end: u64) -> Result<RangeReply, TransferError> {
        let b = &self.blob;
        let asked = Instant::now();
        let reply = b.client.get_blob_range(&b.reference, &b.desc.digest, start, end, b.desc.size).await?;
        let mut st = self.state.lock().unwrap();
        match reply {
            RangeReply::Range(body) => {
                st.honoured = true;
                st.first_reply.get_or_insert(asked.elapsed());
                Ok(RangeReply::Range(body))
            }
            // Ranges were honoured before: a server that changes its mind mid-blob is not
            // one to trust with the rest.
            RangeReply::Whole(body) if st.honoured => Err(TransferError::Registry(RegistryError::Protocol {
                url: body.url,
                message: "answered a range request with the whole blob, after honouring ranges".into(),
            })),
            RangeReply::Whole(body) => Ok(RangeReply::Whole(body)),
        }
    }

    /// Streams the unit holding the frontier into the ingest (hashed as it arrives, as a
    /// single stream is), from the frontier to the unit's end.
    async fn frontier(&self, i: usize, mut ingest: Ingest) -> Result<(), TransferError> {
        let (start, end) = (ingest.offset(), self.state.lock().unwrap().units[i].end);
        let body = match self.request(start, end).await {
            Ok(RangeReply::Range(body)) => body,
            Ok(RangeReply::Whole(body)) => {
                let mut st = self.state.lock().unwrap();
                st.ingest = Some(ingest);
                st.units[i].status = Status::Pending;
                st.whole = Some(body);
                return Ok(());
            }
            Err(e) => {
                self.state.lock().unwrap().ingest = Some(ingest);
                return Err(e);
            }
        };
        let b = &self.blob;
        let (back, result) =
            match pour(&b.desc, end, body, ingest, &b.budget, &b.reporter, &self.bytes, Some(&self.stop)).await {
                Ok(r) => r,
                Err(e) => return Err(e), // the writer thread died with the ingest
            };
        ingest = back;
        // What the sidecar will say of the prefix must be in the file.
        let sidecar = self.state.lock().unwrap().sidecar;
        let (ingest, flushed) = if sidecar || result.is_err() {
            blocking(move || {
                let r = ingest.flush();
                (ingest, r)
            })
            .await?
        } else {
            (ingest, Ok(()))
        };
        let mut st = self.state.lock().unwrap();
        st.frontier = ingest.offset();
        if sidecar && flushed.is_ok() {
            st.flushed = st.frontier;
        }
        if result.is_ok() && flushed.is_ok() && ingest.offset() == end {
            st.units[i].status = Status::Done;
        }
        st.ingest = Some(ingest);
        result.and(flushed.map_err(TransferError::from))
    }

    /// Fetches a unit ahead of the frontier from `from` to its end, writing it at its
    /// offsets, one buffer at a time.
    async fn ahead(&self, i: usize, from: u64) -> Result<(), TransferError> {
        // Before a byte lands past the prefix, the sidecar must say what the file holds: every
        // worker waits for the first one's record to be on disk, not only for it to start.
        self.sidecar_written
            .get_or_try_init(|| async {
                self.state.lock().unwrap().sidecar = true;
                self.record().await
            })
            .await?;
        let end = self.state.lock().unwrap().units[i].end;
        if from >= end {
            self.state.lock().unwrap().units[i].status = Status::Done;
            return Ok(());
        }
        let body = match self.request(from, end).await? {
            RangeReply::Range(body) => body,
            RangeReply::Whole(body) => {
                // Only the first request may be answered whole, and it is the frontier's.
                return Err(TransferError::Registry(RegistryError::Protocol {
                    url: body.url,
                    message: "answered a range request with the whole blob".into(),
                }));
            }
        };
        let url = body.url.clone();
        let mut resp = body.response;
        let mut buf = Vec::with_capacity(SIDE_BUFFER.min((end - from) as usize));
        let mut at = from; // the end of what `buf` holds
        let mut end = end; // moves down when another connection takes the rest
        let mut network = Ok(());
        loop {
            let next = tokio::select! {
                next = resp.chunk() => next,
                () = self.stop.cancelled() => { network = Err(TransferError::Internal("stopped".into())); break; }
            };
            let chunk = match next {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    network = Err(TransferError::Interrupted(e));
                    break;
                }
            };
            self.bytes.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            let take = {
                let mut st = self.state.lock().unwrap();
                let unit = &mut st.units[i];
                end = unit.end;
                let take = chunk.len().min(end.saturating_sub(at) as usize);
                unit.received = at + take as u64;
                take
            };
            if buf.len() + take > SIDE_BUFFER && !buf.is_empty() {
                // Written before it would outgrow its buffer: memory stays at one buffer.
                buf = self.write(i, at, buf).await?;
            }
            buf.extend_from_slice(&chunk[..take]);
            at += take as u64;
            if buf.len() >= SIDE_BUFFER || at == end {
                buf = self.write(i, at, buf).await?;
            }
            if at == end {
                break;
            }
        }
        if !buf.is_empty() {
            // Keep what arrived before a break: the retry goes on from there.
            self.write(i, at, buf).await?;
        }
        network?;
        if at < end {
            return Err(TransferError::Truncated { url, got: at, size: end });
        }
        self.state.lock().unwrap().units[i].status = Status::Done;
        Ok(())
    }

    /// Writes `buf`, which ends at `at`, and moves the unit's resume point past it.
    async fn write(&self, i: usize, at: u64, mut buf: Vec<u8>) -> Result<Vec<u8>, TransferError> {
        let writer = self.writer.clone();
        let len = buf.len() as u64;
        let (back, r) = blocking(move || {
            let r = writer.write_at(at - buf.len() as u64, &buf);
            (buf, r)
        })
        .await?;
        r?;
        buf = back;
        buf.clear();
        self.blob.reporter.event(Event::BlobProgress { digest: self.blob.desc.digest.clone(), bytes: len });
        self.state.lock().unwrap().units[i].next = at;
        Ok(buf)
    }

    /// After a unit completes: the frontier absorbs the complete units it reaches, and the
    /// sidecar records what is complete.
    async fn completed(&self) -> Result<(), TransferError> {
        self.settle().await?;
        if self.state.lock().unwrap().sidecar {
            self.record().await?;
        }
        Ok(())
    }

    /// Hashes the complete units the frontier reaches (when no worker holds the ingest; the
    /// one that does settles when it gives it back).
    async fn settle(&self) -> Result<(), TransferError> {
        // Units completed while the ingest was out are absorbed on the next round.
        while self.absorb_reachable().await? {}
        Ok(())
    }

    /// One round of [`Shared::settle`]: true when it absorbed something.
    async fn absorb_reachable(&self) -> Result<bool, TransferError> {
        let (ingest, len) = {
            let mut st = self.state.lock().unwrap();
            let mut to = st.frontier;
            while let Some(u) = st.units.iter().find(|u| u.start <= to && to < u.end)
                && u.status == Status::Done
            {
                to = u.end;
            }
            if to == st.frontier {
                return Ok(false);
            }
            let Some(ingest) = st.ingest.take() else { return Ok(false) };
            (ingest, to - st.frontier)
        };
        let (ingest, r) = blocking(move || {
            let mut ingest = ingest;
            let r = ingest.absorb(len);
            (ingest, r)
        })
        .await?;
        let mut st = self.state.lock().unwrap();
        st.frontier = ingest.offset();
        if r.is_ok() {
            st.flushed = st.frontier;
        }
        st.ingest = Some(ingest);
        r?;
        Ok(true)
    }

    /// Replaces the sidecar with what is complete now.
    async fn record(&self) -> Result<(), TransferError> {
        let _one = self.recording.lock().await;
        let complete: Vec<(u64, u64)> = {
            let st = self.state.lock().unwrap();
            // Units behind the frontier are the prefix, which counts only as far as it is
            // in the file; units ahead are on disk from where their writing began.
            let mut c: Vec<_> = st
                .units
                .iter()
                .filter(|u| u.status == Status::Done && u.end > st.frontier && u.end > u.start)
                .map(|u| (u.start.max(st.frontier), u.end))
                .collect();
            if st.flushed > 0 {
                c.push((0, st.flushed));
            }
            c
        };
        let writer = self.writer.clone();
        Ok(blocking(move || writer.record(&complete)).await??)
    }
}
