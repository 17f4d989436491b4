//! Background HTTP/1.1 server plumbing shared by the token server, the proxy
//! and `FakeServer`: a hyper server bound to 127.0.0.1 on an OS-chosen port,
//! running on its own thread with its own tokio runtime so that synchronous
//! tests can own it like any other value. Dropping the handle stops the accept
//! loop and tears the runtime down, which aborts in-flight connections too.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::{mpsc, oneshot};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// Response body type of every harness server.
pub type Body = UnsyncBoxBody<Bytes, BoxError>;
pub type HandlerFuture = Pin<Box<dyn Future<Output = Response<Body>> + Send>>;
pub type Handler = Arc<dyn Fn(Request<Incoming>) -> HandlerFuture + Send + Sync>;

pub struct BackgroundServer {
    addr: SocketAddr,
    tls: bool,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl BackgroundServer {
    pub fn start(name: &str, handler: Handler) -> BackgroundServer {
        BackgroundServer::start_with(name, handler, None)
    }

    /// Serves HTTPS with this PEM certificate chain and key ([`super::tls_server`]).
    pub fn start_tls(name: &str, handler: Handler, cert: &std::path::Path, key: &std::path::Path) -> BackgroundServer {
        BackgroundServer::start_with(name, handler, Some(super::tls_server::acceptor(cert, key)))
    }

    fn start_with(name: &str, handler: Handler, tls: Option<tokio_rustls::TlsAcceptor>) -> BackgroundServer {
        // Binding before the thread starts means the port is known (and taken)
        // by the time `start` returns: no free-port race for our own servers.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("set_nonblocking");
        let addr = listener.local_addr().expect("local_addr");
        let (tx, mut rx) = oneshot::channel::<()>();
        let tls_on = tls.is_some();
        let thread = std::thread::Builder::new()
            .name(format!("harness-{name}"))
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).expect("from_std");
                    loop {
                        tokio::select! {
                            _ = &mut rx => break,
                            accepted = listener.accept() => {
                                let Ok((stream, _)) = accepted else { continue };
                                let _ = stream.set_nodelay(true);
                                let handler = handler.clone();
                                let tls = tls.clone();
                                tokio::spawn(async move {
                                    let svc = hyper::service::service_fn(move |req| {
                                        let fut = handler(req);
                                        async move {
                                            let resp = fut.await;
                                            // hyper closes the connection, answering nothing,
                                            // when the service fails.
                                            if resp.extensions().get::<AbortConnection>().is_some() {
                                                return Err(AbortConnection);
                                            }
                                            Ok::<_, AbortConnection>(resp)
                                        }
                                    });
                                    let http = hyper::server::conn::http1::Builder::new();
                                    match tls {
                                        None => {
                                            let _ = http.serve_connection(TokioIo::new(stream), svc).await;
                                        }
                                        Some(acceptor) => {
                                            let Ok(stream) = acceptor.accept(stream).await else { return };
                                            let _ = http.serve_connection(TokioIo::new(stream), svc).await;
                                        }
                                    }
                                });
                            }
                        }
                    }
                });
                // Connection tasks may still be parked on keep-alive sockets or
                // throttled bodies; they must not outlive the handle.
                rt.shutdown_timeout(Duration::from_millis(500));
            })
            .expect("spawn server thread");
        BackgroundServer { addr, tls: tls_on, shutdown: Some(tx), thread: Some(thread) }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Marks a handler's response as "drop the connection instead": the client gets no
/// response at all, as when a connection breaks mid-request.
#[derive(Debug, Clone, Copy)]
pub struct AbortConnection;

impl std::fmt::Display for AbortConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the test harness")
    }
}

impl std::error::Error for AbortConnection {}

/// A response that makes the server drop the connection without answering.
pub fn abort_connection() -> Response<Body> {
    let mut r = Response::new(empty());
    r.extensions_mut().insert(AbortConnection);
    r
}

pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).map_err(|never| match never {}).boxed_unsync()
}

pub fn empty() -> Body {
    Empty::<Bytes>::new().map_err(|never| match never {}).boxed_unsync()
}

pub fn response(status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Response<Body> {
    let mut b = Response::builder().status(StatusCode::from_u16(status).expect("status code"));
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(full(body)).expect("response")
}

pub fn json_response(status: u16, value: &serde_json::Value) -> Response<Body> {
    response(status, &[("content-type", "application/json")], serde_json::to_vec(value).unwrap())
}

/// Buffers a whole request body; only for small bodies (token forms, fakes).
pub async fn read_body(body: Incoming) -> Bytes {
    match body.collect().await {
        Ok(c) => c.to_bytes(),
        Err(_) => Bytes::new(),
    }
}

/// A body fed from a bounded channel. Bounded so a slow reader applies
/// backpressure all the way to the upstream socket instead of us buffering a
/// whole blob; an `Err` item aborts the connection mid-body.
pub struct ChannelBody {
    rx: mpsc::Receiver<Result<Bytes, BoxError>>,
    size: Option<u64>,
}

impl ChannelBody {
    pub fn new(size: Option<u64>) -> (mpsc::Sender<Result<Bytes, BoxError>>, ChannelBody) {
        let (tx, rx) = mpsc::channel(4);
        (tx, ChannelBody { rx, size })
    }
}

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(Ok(b))) => Poll::Ready(Some(Ok(Frame::data(b)))),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self.size {
            Some(n) => SizeHint::with_exact(n),
            None => SizeHint::default(),
        }
    }
}
