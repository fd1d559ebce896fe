//! Faults on demand for the end-to-end terminal-safety test: `TL_ASSETS_TEST_PANIC=1` panics
//! shortly after the first frame, `TL_ASSETS_TEST_PANIC=error` returns an error then. Either way
//! the terminal is in the app's mode at that moment, so the test can check it is restored. Only
//! builds with the `test-hooks` feature read the variable; the builds users get never fault.

#[cfg(feature = "test-hooks")]
use std::time::Duration;

use futures_util::Stream;
#[cfg(feature = "test-hooks")]
use futures_util::stream;

use crate::tui::msg::Msg;

/// The environment variable.
#[cfg(feature = "test-hooks")]
const VAR: &str = "TL_ASSETS_TEST_PANIC";
/// How long after start the fault fires: after the first frame, before any user input.
#[cfg(feature = "test-hooks")]
const AFTER: Duration = Duration::from_millis(800);

/// The fault asked for, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "test-hooks"), allow(dead_code))]
pub enum TestFault {
    Panic,
    Error,
}

impl TestFault {
    /// None: faults exist only with the `test-hooks` feature.
    #[cfg(not(feature = "test-hooks"))]
    pub fn from_env() -> Option<Self> {
        None
    }

    /// The fault `TL_ASSETS_TEST_PANIC` asks for.
    #[cfg(feature = "test-hooks")]
    pub fn from_env() -> Option<Self> {
        match std::env::var(VAR).ok()?.as_str() {
            "1" | "panic" => Some(Self::Panic),
            "error" => Some(Self::Error),
            _ => None,
        }
    }
}

/// `events` as they are: faults exist only with the `test-hooks` feature.
#[cfg(not(feature = "test-hooks"))]
pub fn with_fault<S>(events: S, _fault: Option<TestFault>) -> S
where
    S: Stream<Item = Msg> + Unpin,
{
    events
}

/// `events`, plus the fault: a panic raised from inside the event loop, or a quit message after
/// which the caller returns an error.
#[cfg(feature = "test-hooks")]
pub fn with_fault<S>(events: S, fault: Option<TestFault>) -> impl Stream<Item = Msg> + Unpin
where
    S: Stream<Item = Msg> + Unpin,
{
    let injected = stream::once(async move {
        match fault {
            Some(TestFault::Panic) => {
                tokio::time::sleep(AFTER).await;
                panic!("injected test panic ({VAR}=1)");
            }
            Some(TestFault::Error) => {
                tokio::time::sleep(AFTER).await;
                Msg::Quit
            }
            None => std::future::pending().await,
        }
    });
    Box::pin(stream::select(events, injected))
}
