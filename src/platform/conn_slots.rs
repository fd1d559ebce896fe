//! The connection slots of the accept loop, and who gives one up when they are all taken.
//!
//! A fixed number of connections are served at once (each holds a file descriptor, an upload a
//! temp file too). Clients that trickle their headers a byte at a time would otherwise hold
//! every slot until their header deadline, and a normal request would wait behind them in the
//! kernel's backlog. So when a new client arrives and every slot is taken, the oldest
//! connection with no request in flight (still sending its headers, or idle between keep-alive
//! requests) is closed to make room. A connection with a request in flight, its body being
//! received or its answer being sent, is never closed this way.

use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, TryAcquireError};

/// While every connection is busy, how often a waiting client looks again for one gone idle.
const RETRY_EVICT: Duration = Duration::from_millis(250);

/// The slots and the open connections, oldest first.
#[derive(Clone)]
pub(crate) struct ConnSlots {
    slots: Arc<Semaphore>,
    open: Arc<Mutex<BTreeMap<u64, Arc<Conn>>>>,
    next_id: Arc<AtomicUsize>,
}

/// One open connection as the slots see it.
#[derive(Default)]
pub(crate) struct Conn {
    /// Requests whose headers arrived and whose answer is not yet sent.
    busy: AtomicUsize,
    /// Chosen to make room; set once.
    evicted: AtomicBool,
    /// Told when the connection must close.
    close: Notify,
}

/// A taken slot: frees it, and forgets the connection, when dropped.
pub(crate) struct Slot {
    id: u64,
    conn: Arc<Conn>,
    open: Arc<Mutex<BTreeMap<u64, Arc<Conn>>>>,
    _permit: OwnedSemaphorePermit,
}

impl ConnSlots {
    pub(crate) fn new(max: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(max.max(1))),
            open: Arc::default(),
            next_id: Arc::default(),
        }
    }

    /// A slot for a connection just accepted: a free one, else one an idle connection is told
    /// to give up (waiting for it to close), else the first to come free.
    pub(crate) async fn take(&self) -> Option<Slot> {
        let permit = match self.slots.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(TryAcquireError::Closed) => return None,
            Err(TryAcquireError::NoPermits) => loop {
                // Asked again while waiting: a connection busy now may be idle soon.
                self.evict_oldest_idle();
                tokio::select! {
                    permit = self.slots.clone().acquire_owned() => break permit.ok()?,
                    () = tokio::time::sleep(RETRY_EVICT) => {}
                }
            },
        };
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) as u64;
        let conn = Arc::new(Conn::default());
        if let Ok(mut open) = self.open.lock() {
            open.insert(id, conn.clone());
        }
        Some(Slot {
            id,
            conn,
            open: self.open.clone(),
            _permit: permit,
        })
    }

    /// Tells the oldest connection with no request in flight to close.
    fn evict_oldest_idle(&self) {
        let Ok(open) = self.open.lock() else {
            return;
        };
        let victim = open.values().find(|c| {
            c.busy.load(Ordering::SeqCst) == 0
                && c.evicted
                    .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
        });
        if let Some(c) = victim {
            tracing::debug!("all connection slots taken: closing the oldest idle connection");
            c.close.notify_one();
        }
    }
}

impl Slot {
    /// The connection, for marking requests and hearing it must close.
    pub(crate) fn conn(&self) -> Arc<Conn> {
        self.conn.clone()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut open) = self.open.lock() {
            open.remove(&self.id);
        }
    }
}

impl Conn {
    /// Resolves when this connection was chosen to make room.
    pub(crate) async fn closing(&self) {
        self.close.notified().await;
    }

    /// Marks a request in flight until the returned guard (moved into the answer's body) drops.
    pub(crate) fn request(self: &Arc<Self>) -> Busy {
        self.busy.fetch_add(1, Ordering::SeqCst);
        Busy(self.clone())
    }
}

/// A request in flight on a connection.
pub(crate) struct Busy(Arc<Conn>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// An answer's body that keeps its request marked in flight until it is sent (or dropped). It
/// passes size and end through, so lengths and headers are as without it.
pub(crate) fn body_held(body: Body, busy: Busy) -> Body {
    Body::new(Held {
        inner: body,
        _busy: busy,
    })
}

struct Held {
    inner: Body,
    _busy: Busy,
}

impl HttpBody for Held {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<hyper::body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}
