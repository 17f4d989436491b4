//! Progress events: how the layers below `cli` tell a user what is happening without
//! printing anything themselves.
//!
//! `transfer` (and anything else long-running) emits [`Event`]s to a [`Reporter`]; `cli`
//! turns them into progress bars on a TTY or periodic one-line summaries in CI logs.
//! Nothing here knows about terminals.

use std::time::Duration;

use crate::digest::Digest;

#[derive(Debug, Clone)]
pub enum Event {
    /// The set of blobs this operation will look at, and how many bytes must actually move.
    Plan { blobs: usize, total_bytes: u64, missing_bytes: u64 },
    /// A blob is already where it needs to be (in the store, or in the target registry).
    BlobSkipped { digest: Digest, size: u64 },
    /// The registry linked a blob from another of its repositories (`from`) instead of
    /// receiving its bytes.
    BlobMounted { digest: Digest, size: u64, from: String },
    /// A blob started moving; `offset` > 0 when an earlier partial transfer is resumed.
    BlobStarted { digest: Digest, size: u64, offset: u64 },
    /// Bytes moved for a blob since the last event (a delta, not a total).
    BlobProgress { digest: Digest, bytes: u64 },
    /// A blob was lost mid-way and will be tried again (from `offset`, which for an upload
    /// is what the registry reports it holds); bytes already counted for it from `offset` on
    /// must be forgotten.
    BlobRetry { digest: Digest, attempt: u32, offset: u64, reason: String, delay: Duration },
    /// The blob is complete and verified.
    BlobDone { digest: Digest },
    /// Another process is fetching the same blob; this one waits for it.
    BlobWaiting { digest: Digest },
    /// A non-fatal condition worth telling the user (retry of a request, fallback taken).
    Warning(String),
    /// What happened on the wire, for `--debug`: method, URL, status, timing. Never a
    /// header value, body or secret.
    Debug(String),
}

pub trait Reporter: Send + Sync {
    fn event(&self, event: Event);
}

/// Discards every event (`-q`, library use, tests).
pub struct Silent;

impl Reporter for Silent {
    fn event(&self, _: Event) {}
}
