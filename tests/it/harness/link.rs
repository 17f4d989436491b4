//! A link emulator: a TCP proxy on 127.0.0.1 that makes loopback look like a WAN path to a
//! CDN. Each way, bytes arrive `delay` after they were sent; downstream (server to client)
//! each connection is capped at `per_conn_rate` bytes per second — per connection, not in
//! total, as CDNs and object stores cap streams. Kernel netem is not available on these
//! machines; this runs in userspace on its own runtime, and is fast enough (hundreds of
//! MB/s uncapped) not to be what a benchmark measures.
//!
//! Used by the integration tests (`Link::start`) and, included by path, by the
//! `linkemu` example that `scripts/bench` runs as a standalone process. Self-contained for
//! that reason: it imports nothing from the rest of the harness.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// What the link does to each connection.
#[derive(Clone, Copy, Debug, Default)]
pub struct LinkSpec {
    /// One-way delay, applied each way.
    pub delay: Duration,
    /// Downstream (server to client) cap of each connection, bytes per second; None: none.
    pub per_conn_rate: Option<u64>,
    /// Upstream (client to server) cap of each connection, bytes per second; None: none.
    pub up_rate: Option<u64>,
}

/// Counters of what crossed the link.
#[derive(Default, Debug)]
pub struct LinkStats {
    pub connections: AtomicU64,
    /// Server to client.
    pub bytes_down: AtomicU64,
    /// Client to server.
    pub bytes_up: AtomicU64,
}

/// A running link; stops when dropped.
pub struct Link {
    addr: SocketAddr,
    stats: Arc<LinkStats>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Link {
    /// Listens on 127.0.0.1 (a free port) and forwards each connection to `upstream`.
    pub fn start(upstream: SocketAddr, spec: LinkSpec) -> Link {
        Link::start_on("127.0.0.1:0".parse().unwrap(), upstream, spec).expect("bind 127.0.0.1")
    }

    /// Like [`Link::start`], on a given address.
    pub fn start_on(listen: SocketAddr, upstream: SocketAddr, spec: LinkSpec) -> std::io::Result<Link> {
        let listener = std::net::TcpListener::bind(listen)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let stats = Arc::new(LinkStats::default());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let s = stats.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("link runtime");
            rt.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("listener");
                tokio::select! {
                    () = serve(listener, upstream, spec, s) => {}
                    _ = stopped => {}
                }
            });
            rt.shutdown_background();
        });
        Ok(Link { addr, stats, stop: Some(stop), thread: Some(thread) })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `127.0.0.1:PORT`, for image references.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn connections(&self) -> u64 {
        self.stats.connections.load(Ordering::Relaxed)
    }

    pub fn bytes_down(&self) -> u64 {
        self.stats.bytes_down.load(Ordering::Relaxed)
    }

    pub fn bytes_up(&self) -> u64 {
        self.stats.bytes_up.load(Ordering::Relaxed)
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn serve(listener: TcpListener, upstream: SocketAddr, spec: LinkSpec, stats: Arc<LinkStats>) {
    loop {
        let Ok((client, _)) = listener.accept().await else { continue };
        stats.connections.fetch_add(1, Ordering::Relaxed);
        let stats = stats.clone();
        tokio::spawn(async move {
            // The connection to the server is made a round trip later, as a SYN crossing the
            // link would be: connecting costs what it costs on a real path.
            tokio::time::sleep(spec.delay * 2).await;
            let Ok(server) = TcpStream::connect(upstream).await else { return };
            let _ = client.set_nodelay(true);
            let _ = server.set_nodelay(true);
            let (cr, cw) = client.into_split();
            let (sr, sw) = server.into_split();
            let down = pipe(sr, cw, spec.delay, spec.per_conn_rate, &stats.bytes_down);
            let up = pipe(cr, sw, spec.delay, spec.up_rate, &stats.bytes_up);
            tokio::join!(down, up);
        });
    }
}

/// Chunks read on one side, each stamped with the time it may be written on the other.
type Stamped = (Instant, Vec<u8>);

/// Reads are this big at most: at 8 MB/s, 16 KiB is 2 ms of link time, so pacing is smooth.
const PACED_CHUNK: usize = 16 << 10;
const FAST_CHUNK: usize = 256 << 10;
/// Bytes in flight on the link per direction (the path's buffer).
const IN_FLIGHT: usize = 8 << 20;

/// Copies `from` to `to`: each chunk serialised at `rate` (when capped) and delivered
/// `delay` later; EOF is passed on as a half close.
async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    delay: Duration,
    rate: Option<u64>,
    counter: &AtomicU64,
) {
    if delay.is_zero() && rate.is_none() {
        // Loopback speed: a plain copy, counted.
        let mut buf = vec![0u8; FAST_CHUNK];
        loop {
            match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    // Counted before it is written, so a reader that has every byte sees
                    // them all counted.
                    counter.fetch_add(n as u64, Ordering::Relaxed);
                    if to.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown().await;
        return;
    }
    let chunk = if rate.is_some() { PACED_CHUNK } else { FAST_CHUNK };
    let (tx, mut rx) = mpsc::channel::<Stamped>((IN_FLIGHT / chunk).max(4));
    let reader = async move {
        // When the link is free again to serialise the next chunk.
        let mut free_at = Instant::now();
        loop {
            let mut buf = vec![0u8; chunk];
            let n = match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            buf.truncate(n);
            let now = Instant::now();
            let sent = match rate {
                Some(r) => {
                    free_at = free_at.max(now) + Duration::from_secs_f64(n as f64 / r as f64);
                    free_at
                }
                None => now,
            };
            if tx.send((sent + delay, buf)).await.is_err() {
                break;
            }
            if let Some(r) = rate {
                // Do not read ahead of the link by more than its buffer: the sender feels
                // the cap as a real path's sender does.
                let ahead = free_at.saturating_duration_since(Instant::now());
                let budget = Duration::from_secs_f64(IN_FLIGHT as f64 / r as f64);
                if ahead > budget {
                    tokio::time::sleep(ahead - budget).await;
                }
            }
        }
    };
    let writer = async move {
        while let Some((at, buf)) = rx.recv().await {
            tokio::time::sleep_until(at).await;
            counter.fetch_add(buf.len() as u64, Ordering::Relaxed);
            if to.write_all(&buf).await.is_err() {
                return;
            }
        }
        let _ = to.shutdown().await;
    };
    tokio::join!(reader, writer);
}
