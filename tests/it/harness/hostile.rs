//! Bodies a hostile registry or token service sends to make a client allocate until it
//! aborts: [`FakeResponse::endless`](super::FakeResponse::endless) answers with one. The
//! endless body is generated, not buffered, so the server itself stays small, and it stops
//! when the client hangs up or the server is dropped.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Frame;

use super::server::{Body, BoxError};

/// `x` bytes in 64 KiB chunks, forever, with no `Content-Length` (so the client cannot
/// refuse it up front).
struct EndlessBody(Bytes);

impl hyper::body::Body for EndlessBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        Poll::Ready(Some(Ok(Frame::data(self.0.clone()))))
    }
}

pub fn endless_body() -> Body {
    EndlessBody(Bytes::from(vec![b'x'; 64 * 1024])).boxed_unsync()
}
