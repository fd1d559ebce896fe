//! Processes killed with SIGKILL at exact points, then started again: the platform mid-upload,
//! mid-join, mid-delete and mid-processing, and the command line mid-multipart-upload. A binary of its own: its
//! tests start this same binary again as the child that gets killed (an ignored test, picked by
//! its full name), so it holds only what that child needs. The exact points are a hidden switch
//! of the `test-hooks` feature; the tests that need it exist only with it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

#[path = "../support/platform_support/mod.rs"]
mod platform_support;

#[cfg(feature = "test-hooks")]
mod crash_points;

#[cfg(feature = "test-hooks")]
mod client_crash_multipart;
mod platform_crash;
#[cfg(feature = "test-hooks")]
mod platform_crash_lease;
#[cfg(feature = "test-hooks")]
mod platform_crash_points;
