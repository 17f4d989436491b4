//! A server that answers like `FakeServer` but may also send a body that never ends: the
//! shape of a hostile registry or token service trying to make the client allocate until it
//! aborts. The endless body is generated, not buffered, so the server itself stays small,
//! and it stops when the client hangs up or the server is dropped.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response, StatusCode};

use super::proxy::{FakeRequest, FakeResponse};
use super::server::{self, BackgroundServer, Body, BoxError, Handler};

/// What a hostile handler answers.
pub enum Hostile {
    /// An ordinary, finite response.
    Fake(FakeResponse),
    /// `status` with `headers` and a body of `x` bytes that never ends (no
    /// `Content-Length`, so the client cannot refuse it up front).
    Endless { status: u16, headers: Vec<(String, String)> },
}

impl Hostile {
    pub fn endless(status: u16, headers: &[(&str, &str)]) -> Hostile {
        Hostile::Endless { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }
}

impl From<FakeResponse> for Hostile {
    fn from(r: FakeResponse) -> Hostile {
        Hostile::Fake(r)
    }
}

/// A body of 64 KiB chunks, forever.
struct EndlessBody(Bytes);

impl hyper::body::Body for EndlessBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        Poll::Ready(Some(Ok(Frame::data(self.0.clone()))))
    }
}

pub struct HostileServer {
    requests: Arc<Mutex<Vec<FakeRequest>>>,
    server: BackgroundServer,
}

impl HostileServer {
    pub fn start(handler: impl Fn(&FakeRequest) -> Hostile + Send + Sync + 'static) -> HostileServer {
        let requests: Arc<Mutex<Vec<FakeRequest>>> = Arc::default();
        let log = requests.clone();
        let handler = Arc::new(handler);
        let h: Handler = Arc::new(move |req: Request<Incoming>| {
            let log = log.clone();
            let handler = handler.clone();
            Box::pin(async move {
                let fake = FakeRequest::read(req).await;
                let answer = handler(&fake);
                log.lock().unwrap().push(fake);
                match answer {
                    Hostile::Fake(resp) => {
                        let h: Vec<(&str, &str)> = resp.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                        server::response(resp.status, &h, resp.body)
                    }
                    Hostile::Endless { status, headers } => {
                        let mut b = Response::builder().status(StatusCode::from_u16(status).expect("status"));
                        for (k, v) in &headers {
                            b = b.header(k, v);
                        }
                        let body: Body = EndlessBody(Bytes::from(vec![b'x'; 64 * 1024])).boxed_unsync();
                        b.body(body).expect("response")
                    }
                }
            })
        });
        HostileServer { requests, server: BackgroundServer::start("hostile", h) }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn host(&self) -> String {
        self.server.addr().to_string()
    }

    pub fn requests(&self) -> Vec<FakeRequest> {
        self.requests.lock().unwrap().clone()
    }
}
