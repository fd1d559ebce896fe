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

use super::conn_slots::{ConnSlots, body_held};
use super::error::ErrorAnswer;
use super::faults::{Fault, Faults};
use super::router::add_version_header;

/// How long shutdown waits for open requests before cutting them off.
const DRAIN: Duration = Duration::from_secs(10);
/// How long a client may dawdle, and how many may be served at once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timeouts {
    /// Connections served at once (`Limits::max_connections`); when all are taken, the oldest
    /// idle one makes room (`conn_slots`).
    pub max_connections: usize,
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
    let slots = ConnSlots::new(timeouts.max_connections);
    let mut backoff = AcceptBackoff::default();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _peer)) => {
                        backoff.reset();
                        stream
                    }
                    Err(e) => {
                        // EMFILE, ENFILE, ENOBUFS…: accepting again at once would fail the same
                        // way and spin a core. Wait, longer each time, unless asked to stop.
                        let pause = backoff.next_pause();
                        tracing::warn!(error = %e, pause_ms = pause.as_millis() as u64, "accept failed");
                        tokio::select! {
                            () = tokio::time::sleep(pause) => continue,
                            () = stopped(&mut stop_accept) => break,
                        }
                    }
                };
                // Accepted before a slot is free, so a full house can tell its oldest idle
                // connection to make room for this one.
                let slot = tokio::select! {
                    slot = slots.take() => slot,
                    () = stopped(&mut stop_accept) => None,
                };
                let Some(slot) = slot else {
                    break;
                };
                let app = app.clone();
                let faults = faults.clone();
                let mut stop = stop.clone();
                conns.spawn(async move {
                    let conn_state = slot.conn();
                    let marks = conn_state.clone();
                    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                        let busy = marks.request();
                        let answer = handle(app.clone(), faults.clone(), timeouts.body_idle, req);
                        async move { answer.await.map(|resp| resp.map(|b| body_held(b, busy))) }
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
                        // Chosen to make room: dropping the connection closes it.
                        () = conn_state.closing() => {}
                        _ = stopped(&mut stop) => {
                            conn.as_mut().graceful_shutdown();
                            let _ = conn.await;
                        }
                    }
                    drop(slot);
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

/// The pause after a failed accept: 5 ms, doubling up to 1 s while failures go on.
#[derive(Debug, Default)]
struct AcceptBackoff {
    failures: u32,
}

impl AcceptBackoff {
    const FIRST: Duration = Duration::from_millis(5);
    const MAX: Duration = Duration::from_secs(1);

    fn next_pause(&mut self) -> Duration {
        let pause = Self::FIRST
            .saturating_mul(1 << self.failures.min(16))
            .min(Self::MAX);
        self.failures = self.failures.saturating_add(1);
        pause
    }

    fn reset(&mut self) {
        self.failures = 0;
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
    let fault = faults.map_or(Fault::None, |f| f.draw(req.method().as_str(), req.uri().path()));
    let injected = match fault {
        Fault::None => None,
        Fault::Drop => return Err(DroppedByFault),
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            None
        }
        Fault::Error500 => Some(
            ErrorAnswer::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "An internal error occurred (injected fault). Please try again later.",
            )
            .into_response(),
        ),
        Fault::TooManyRequests => {
            let mut resp = ErrorAnswer::new(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_backoff_doubles_caps_and_resets() {
        let mut b = AcceptBackoff::default();
        let pauses: Vec<u128> = (0..12).map(|_| b.next_pause().as_millis()).collect();
        assert_eq!(pauses, [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000, 1000]);
        b.reset();
        assert_eq!(b.next_pause(), Duration::from_millis(5));
    }
}
