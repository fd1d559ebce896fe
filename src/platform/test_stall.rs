//! A hidden switch for the platform-crash tests: `TL_ASSETS_TEST_STALL=platform_join` stops a
//! multipart completion for good halfway through joining the chunks, `platform_delete` stops a
//! delete right after its row is gone and before its files are, `platform_process` stops the
//! processing of an asset right after its lease is taken, so a test can SIGKILL the
//! process at that exact point. Prints `test stall: <point>` on stderr. Unset, it does nothing;
//! without the `test-hooks` feature (every build users get) the switch is not compiled in at all.

/// Does nothing: the switch exists only with the `test-hooks` feature.
#[cfg(not(feature = "test-hooks"))]
pub(crate) async fn point(_point: &str) {}

/// Stops forever if `point` is the one asked for.
#[cfg(feature = "test-hooks")]
pub(crate) async fn point(point: &str) {
    if std::env::var("TL_ASSETS_TEST_STALL").is_ok_and(|v| v == point) {
        // The crash tests wait for this line on stderr before they kill the process.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("test stall: {point}");
        }
        std::future::pending::<()>().await;
    }
}
