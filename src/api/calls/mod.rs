//! The calls of the API, one file per resource: each adds its methods to [`Client`](super::Client).
//! Uploading is apart, in `upload/`.

pub(super) mod assets;
pub(super) mod entities;
pub(super) mod indexes;
pub(super) mod pages;
pub(super) mod part_of;
pub(super) mod reachability;
pub(super) mod transcription;
