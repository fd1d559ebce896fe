//! The upload engine, one path for the command line and the terminal app: `driver.rs` runs one
//! upload from plan to final asset. It asks `send_plan.rs` how to send (direct, multipart or
//! URL, from `file_probe.rs`'s look at the file), then either `create_once.rs` (the direct or URL
//! `POST /assets` of `direct.rs`, created exactly once: rate limits waited out, failures retried
//! or reconciled by the rule of `retry.rs`) or `multipart/`. `request.rs` is what is asked,
//! `wait.rs` how a wait is told and bounded. Nothing calls back into the driver: it calls the
//! others, and the pieces all of them share (`request.rs`, `file_probe.rs`, `wait.rs`) import
//! nothing else of the engine.

pub(super) mod create_once;
pub(super) mod direct;
pub(super) mod driver;
pub(super) mod file_probe;
pub(super) mod file_stream;
pub(super) mod multipart;
pub(super) mod request;
pub(super) mod send_plan;
pub(super) mod wait;
