//! The typed client of the TwelveLabs Assets API: HTTP and JSON only.
//!
//! It knows nothing of screens or storage. [`types`] holds the wire structs (shared with the local
//! platform), [`Client`] one method per call, [`ApiError`] the one error type.
//!
//! At this level: the client, reading answers (`wire.rs`), errors and their hints, the retry
//! rule (`retry.rs`, [`recovery`]), the shared rate gate and polling. `calls/` holds the calls,
//! one file per resource. `upload/` is the upload engine: what is sent (`request.rs`), the look
//! at a local file (`file_probe.rs`), the decision direct/multipart/URL (`send_plan.rs`), the
//! direct and URL `POST /assets` (`direct.rs`), creating exactly once (`create_once.rs`), the waits
//! (`wait.rs`), multipart sessions (`multipart/`), and the driver running one upload to its end
//! (`driver.rs`). `indexable.rs` is what an index can hold and what a new index may be made of.
//! Everything public is re-exported here, so callers name `api::X`.

mod calls;
mod client;
mod error;
pub mod hints;
pub mod indexable;
mod jitter;
mod loopback;
mod metadata;
mod poll;
mod poll_until;
mod rate_gate;
mod retry;
pub mod types;
mod upload;
mod wire;

pub use calls::assets::file_url_expired;
pub use calls::part_of::{EntityUse, IndexUse, Sent};
pub use calls::reachability::Probe;
pub use calls::transcription::is_no_transcript;
pub use client::{ApiKey, Client, DEFAULT_BASE_URL};
pub use error::ApiError;
#[cfg(feature = "test-hooks")]
pub use jitter::seed_jitter;
pub use loopback::is_loopback_url;
pub use metadata::{
    MAX_SAFE_INTEGER, MetaValue, PairProblem, check_pair, metadata_pair, parse_user_metadata, parse_value,
    value_text,
};
pub use poll::PollOptions;
pub use retry::{MAX_RATE_WAIT, Recovery, RetryNotice, RetryPolicy, on_retry, recovery};
pub use upload::driver::{NoHooks, UploadHooks, UploadJob, UploadOptions};
pub use upload::file_probe::{LocalMedia, inspect_file, inspect_file_off_thread};
pub use upload::multipart::etag_check::EtagCheck;
pub use upload::multipart::send::{MultipartOptions, MultipartOutcome, SavedFn, StateFn};
pub use upload::multipart::session_calls::MAX_BATCH;
pub use upload::multipart::session_record::MultipartState;
pub use upload::request::{
    CreateAsset, DEFAULT_ENABLE_HLS, DEFAULT_ENABLE_THUMBNAIL, ProgressFn, UploadSource, stored_name,
};
pub use upload::send_plan::{
    DIRECT_LIMIT_MEDIA, IMAGE_LIMIT, SendPlan, UploadKind, choose_kind, direct_limit, plan_upload,
};
pub use upload::wait::{Wait, WaitFn, WaitReason};
