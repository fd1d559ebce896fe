//! The typed client against the real local platform and against loopback servers that
//! misbehave on purpose: every call, retries, hostile replies, multipart uploads and their
//! resumption. One test binary, so the library and the dev-dependencies are linked once for all
//! of them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

#[path = "../support"]
mod support {
    pub mod fake_multipart;
    pub mod hls_server;
    pub mod indexes;
    pub mod spoiling_proxy;
    pub mod subtitled;
}

mod hostile_replies;
mod indexes;
mod metadata_values;
mod multipart_fake;
mod multipart_platform;
mod platform;
mod retry;
mod roundtrip;
mod session_create;
mod transcription;
mod upload_slots;
