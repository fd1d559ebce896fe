//! A hidden switch for the client-crash tests: `TL_ASSETS_TEST_STALL=after_put:3` makes a
//! multipart upload stop for good right after its third chunk `PUT` is stored (and saved), and
//! `before_report:2` just before its second report call, so a test can kill the process at an
//! exact point. It prints `test stall: <point>` on stderr when it stops. Unset, it does nothing;
//! without the `test-hooks` feature (every build users get) the switch is not compiled in at all.

#[cfg(feature = "test-hooks")]
use std::sync::atomic::{AtomicU32, Ordering};

#[cfg(feature = "test-hooks")]
const VAR: &str = "TL_ASSETS_TEST_STALL";

#[cfg(feature = "test-hooks")]
static REPORTS: AtomicU32 = AtomicU32::new(0);

/// Does nothing: the switch exists only with the `test-hooks` feature.
#[cfg(not(feature = "test-hooks"))]
pub(crate) async fn point(_name: &str, _count: u32) {}

/// Stops forever if `name:count` is the point asked for.
#[cfg(feature = "test-hooks")]
pub(crate) async fn point(name: &str, count: u32) {
    let Ok(wanted) = std::env::var(VAR) else { return };
    let (wanted_name, wanted_count) = match wanted.split_once(':') {
        Some((n, c)) => (n, c.trim().parse().unwrap_or(1)),
        None => (wanted.as_str(), 1),
    };
    if wanted_name == name && wanted_count == count {
        // The crash tests wait for this line on stderr before they kill the process.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("test stall: {wanted}");
        }
        std::future::pending::<()>().await;
    }
}

/// Does nothing: the switch exists only with the `test-hooks` feature.
#[cfg(not(feature = "test-hooks"))]
pub(crate) async fn before_report() {}

/// Counts report calls of this process and stops before the one asked for.
#[cfg(feature = "test-hooks")]
pub(crate) async fn before_report() {
    let n = REPORTS.fetch_add(1, Ordering::SeqCst) + 1;
    point("before_report", n).await;
}
