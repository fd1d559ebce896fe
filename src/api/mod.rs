//! The typed client of the TwelveLabs Assets API: HTTP and JSON only.
//!
//! It knows nothing of screens or storage. [`types`] holds the wire structs (shared with the local
//! platform), [`Client`] one method per call, [`ApiError`] the one error type.

mod assets;
mod client;
mod entities;
mod error;
mod etag_check;
mod file_stream;
pub mod hints;
mod indexes;
mod jitter;
mod loopback;
mod multipart;
mod multipart_chunks;
mod multipart_state;
mod multipart_upload;
mod pages;
mod part_of;
mod poll;
mod poll_until;
mod probe;
mod rate_gate;
mod retry;
mod test_stall;
pub mod types;
mod upload;
mod upload_driver;
mod upload_metadata;
mod upload_recovery;
mod wire;

pub use client::{ApiKey, Client, DEFAULT_BASE_URL};
pub use error::ApiError;
pub use etag_check::EtagCheck;
#[cfg(feature = "test-hooks")]
pub use jitter::seed_jitter;
pub use loopback::is_loopback_url;
pub use multipart::MAX_BATCH;
pub use multipart_state::MultipartState;
pub use multipart_upload::{MultipartOptions, MultipartOutcome, SavedFn, StateFn};
pub use part_of::{EntityUse, IndexUse, Sent};
pub use poll::PollOptions;
pub use probe::Probe;
pub use retry::{MAX_RATE_WAIT, Recovery, RetryPolicy, recovery};
pub use upload::{
    CreateAsset, DIRECT_LIMIT_MEDIA, IMAGE_LIMIT, LocalMedia, ProgressFn, UploadSource, direct_limit,
    inspect_file, stored_name,
};
pub use upload_driver::{
    NoHooks, UploadHooks, UploadJob, UploadKind, UploadOptions, UploadPlan, choose_kind,
    inspect_file_off_thread, plan_upload,
};
pub use upload_metadata::{metadata_pair, metadata_value, parse_user_metadata};
pub use upload_recovery::{Wait, WaitFn, WaitReason};
