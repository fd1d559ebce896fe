//! The HTTP/1.1 accept loop. It is hand-rolled rather than `axum::serve` so that fault injection
//! can close a connection without answering (a service error makes hyper drop the connection),
//! and so shutdown can wait for in-flight requests.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, StatusCode};
use axum::response::IntoResponse;
use futures_util::StreamExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::Service;

use super::error::ApiError;
use super::faults::{Fault, Faults};
use super::router::add_version_header;

/// How long shutdown waits for open requests before cutting them off.
const DRAIN: Duration = Duration::from_secs(10);

/// How long a client may dawdle.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timeouts {
    /// To send the request line and headers.
    pub header_read: Duration,
    /// Between two pieces of the body.
    pub body_idle: Duration,
}

/// A connection closed on purpose by fault injection.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by fault injection")]
struct DroppedByFault;

/// Serves `app` on `listener` until `stop` turns true, then drains.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    faults: Option<Arc<Faults>>,
    timeouts: Timeouts,
    stop: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    let mut stop_accept = stop.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                let app = app.clone();
                let faults = faults.clone();
                let mut stop = stop.clone();
                conns.spawn(async move {
                    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                        handle(app.clone(), faults.clone(), timeouts.body_idle, req)
                    });
                    // The timer makes the header timeout work: without it hyper waits forever
                    // on a client that sends its headers a byte at a time.
                    let conn = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(timeouts.header_read)
                        .serve_connection(TokioIo::new(stream), service)
                        .with_upgrades();
                    tokio::pin!(conn);
                    tokio::select! {
                        _ = conn.as_mut() => {}
                        _ = stopped(&mut stop) => {
                            conn.as_mut().graceful_shutdown();
                            let _ = conn.await;
                        }
                    }
                });
            }
            _ = stopped(&mut stop_accept) => break,
        }
        // Reap finished connections so the set does not grow without bound.
        while conns.try_join_next().is_some() {}
    }
    drop(listener);
    let drained = tokio::time::timeout(DRAIN, async { while conns.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        conns.abort_all();
    }
}

/// Resolves once `rx` says stop (or its sender is gone).
async fn stopped(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|s| *s).await;
}

async fn handle(
    mut app: Router,
    faults: Option<Arc<Faults>>,
    body_idle: Duration,
    req: hyper::Request<Incoming>,
) -> Result<axum::response::Response, DroppedByFault> {
    let fault = faults.map_or(Fault::None, |f| f.draw());
    let injected = match fault {
        Fault::None => None,
        Fault::Drop => return Err(DroppedByFault),
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            None
        }
        Fault::Error500 => Some(
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "An internal error occurred (injected fault). Please try again later.",
            )
            .into_response(),
        ),
        Fault::TooManyRequests => {
            let mut resp = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "You have exceeded the rate limit (injected fault). Please try again later after 1 second.",
            )
            .into_response();
            resp.headers_mut()
                .insert("retry-after", HeaderValue::from_static("1"));
            Some(resp)
        }
    };
    if let Some(resp) = injected {
        return Ok(add_version_header(resp).await);
    }
    let result: Result<_, Infallible> = app
        .call(req.map(|b| with_idle_timeout(Body::new(b), body_idle)))
        .await;
    match result {
        Ok(resp) => Ok(resp),
        Err(never) => match never {},
    }
}

/// The body as a stream that fails once no piece has arrived for `idle`, so a client trickling
/// a body (or stopping halfway) cannot hold a request, its temp file and its task forever.
fn with_idle_timeout(body: Body, idle: Duration) -> Body {
    let stream = futures_util::stream::unfold(Some(body.into_data_stream()), move |state| async move {
        let mut stream = state?;
        match tokio::time::timeout(idle, stream.next()).await {
            Ok(Some(item)) => Some((item.map_err(axum::BoxError::from), Some(stream))),
            Ok(None) => None,
            Err(_) => Some((
                Err(axum::BoxError::from(format!(
                    "no request body data for {} s",
                    idle.as_secs_f64()
                ))),
                None,
            )),
        }
    });
    Body::from_stream(stream)
}
