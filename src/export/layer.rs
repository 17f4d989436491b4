//! Reading a stored layer as the tar stream it stands for, verified twice: the compressed
//! bytes against the layer's digest as they are read, the decompressed bytes against the
//! config's `diff_id`. Decompression runs on a thread of its own and hands the tar bytes over
//! a bounded channel, so the next layers inflate while the current one is applied (whiteouts
//! need layers applied in order; decompression does not).

use std::io::{self, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use crate::archive::{decompressed, peek};
use crate::digest::{Digest, Sha256Hasher};
use crate::local_file;
use crate::manifest::Descriptor;
use crate::progress::{Event, Reporter};
use crate::store::StoreError;

/// Bytes per message on the channel.
const CHUNK: usize = 1 << 20;
/// Messages a layer may run ahead of its applier: memory held per layer in flight.
const AHEAD: usize = 16;
/// Compressed bytes read between two progress events.
const PROGRESS_EVERY: u64 = 4 << 20;

/// A layer being decompressed on its own thread. Read it as a tar stream; then
/// [`LayerStream::finish`] says whether it was what its digests name.
pub(super) struct LayerStream {
    rx: Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    pos: usize,
    worker: Option<JoinHandle<Result<(), StoreError>>>,
}

impl LayerStream {
    /// Starts decompressing `layer` (stored at `path`), which must hash to `diff_id` once
    /// decompressed.
    pub(super) fn start(
        path: PathBuf,
        layer: Descriptor,
        diff_id: Digest,
        reporter: Arc<dyn Reporter>,
    ) -> Result<LayerStream, StoreError> {
        // Layers are stored under sha256 only (the store refuses others); a diff_id is one.
        for d in [&layer.digest, &diff_id] {
            if !d.is_sha256() {
                return Err(StoreError::UnsupportedBlob(d.clone()));
            }
        }
        let (tx, rx) = sync_channel(AHEAD);
        let worker = std::thread::Builder::new()
            .name(format!("inflate {}", layer.digest.short()))
            .spawn(move || decompress(&path, &layer, &diff_id, &tx, &*reporter))
            .map_err(|e| StoreError::Io {
                action: "starting a thread for",
                path: PathBuf::from("a layer"),
                source: e,
            })?;
        Ok(LayerStream { rx, chunk: Vec::new(), pos: 0, worker: Some(worker) })
    }

    /// Reads what is left (a tar stream ends before its layer does: padding after the
    /// end-of-archive blocks), then the verdict: the layer's digest, size and `diff_id`
    /// checked, or the reason it could not be read.
    pub(super) fn finish(mut self) -> Result<(), StoreError> {
        let drained = io::copy(&mut self, &mut io::sink());
        let verdict = self.verdict();
        verdict?;
        drained.map(|_| ()).map_err(|e| StoreError::Io { action: "reading", path: PathBuf::from("a layer"), source: e })
    }

    /// The worker's result once it has ended (it ends when its input does, or when this
    /// stream is dropped): the reason a read failed, when the applier saw one.
    pub(super) fn verdict(&mut self) -> Result<(), StoreError> {
        // Dropping the receiver first lets a worker blocked on a full channel end.
        let (_, rx) = sync_channel(0);
        drop(std::mem::replace(&mut self.rx, rx));
        match self.worker.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(StoreError::Archive { what: "a layer".into(), message: "its reader panicked".into() }),
            None => Ok(()),
        }
    }
}

impl Read for LayerStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.chunk.len() {
            match self.rx.recv() {
                Ok(chunk) => {
                    self.chunk = chunk;
                    self.pos = 0;
                }
                // The worker ended: at the end of a verified layer, or on an error that
                // `verdict` reports (the tar reader sees a short stream before that).
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.pos);
        buf[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl Drop for LayerStream {
    fn drop(&mut self) {
        let _ = self.verdict();
    }
}

/// Hashes and counts the compressed bytes as they are read, and reports progress.
struct Counted<'a, R> {
    inner: R,
    hasher: Sha256Hasher,
    read: u64,
    unreported: u64,
    digest: &'a Digest,
    reporter: &'a dyn Reporter,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.read += n as u64;
        self.unreported += n as u64;
        if self.unreported >= PROGRESS_EVERY || (n == 0 && self.unreported > 0) {
            self.reporter.event(Event::BlobProgress { digest: self.digest.clone(), bytes: self.unreported });
            self.unreported = 0;
        }
        Ok(n)
    }
}

fn decompress(
    path: &std::path::Path,
    layer: &Descriptor,
    diff_id: &Digest,
    tx: &SyncSender<Vec<u8>>,
    reporter: &dyn Reporter,
) -> Result<(), StoreError> {
    let io = |action: &'static str| move |source| StoreError::Io { action, path: path.to_path_buf(), source };
    let file = match local_file::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(StoreError::MissingBlob(layer.digest.clone())),
        Err(e) => return Err(io("reading")(e)),
    };
    reporter.event(Event::BlobStarted { digest: layer.digest.clone(), size: layer.size, offset: 0 });
    let mut compressed =
        Counted { inner: file, hasher: Sha256Hasher::new(), read: 0, unreported: 0, digest: &layer.digest, reporter };
    let mut plain_hash = Sha256Hasher::new();
    {
        let (head, replay) = peek(BufReader::with_capacity(CHUNK, &mut compressed), 4).map_err(io("reading"))?;
        let mut plain = decompressed(&head, replay).map_err(io("decompressing"))?;
        loop {
            let mut chunk = vec![0u8; CHUNK];
            let mut filled = 0;
            while filled < CHUNK {
                match plain.read(&mut chunk[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        return Err(StoreError::Verify {
                            digest: layer.digest.clone(),
                            message: format!("cannot be decompressed: {e} (the store is damaged)"),
                        });
                    }
                }
            }
            if filled == 0 {
                break;
            }
            chunk.truncate(filled);
            plain_hash.update(&chunk);
            if tx.send(chunk).is_err() {
                // The applier stopped reading (it failed, and says why).
                return Ok(());
            }
        }
    }
    // Whatever follows the compressed stream is part of the blob, and of its digest.
    io::copy(&mut compressed, &mut io::sink()).map_err(io("reading"))?;
    let actual = compressed.hasher.clone().finish();
    if compressed.read != layer.size || actual != layer.digest {
        return Err(StoreError::Verify {
            digest: layer.digest.clone(),
            message: format!(
                "{} holds {} bytes hashing to {actual}, not the {} bytes its manifest names (the store is damaged)",
                path.display(),
                compressed.read,
                layer.size
            ),
        });
    }
    let plain = plain_hash.finish();
    if plain != *diff_id {
        return Err(StoreError::Verify {
            digest: layer.digest.clone(),
            message: format!("decompresses to {plain}, not the diff_id {diff_id} its config lists"),
        });
    }
    Ok(())
}
