//! The upload engine: what a new asset is made from, the direct and URL `POST /assets`, the
//! multipart sessions (`multipart/`), the recovery of a create, and the driver that runs one
//! upload from plan to final asset.

pub(super) mod direct;
pub(super) mod driver;
pub(super) mod file_probe;
pub(super) mod file_stream;
pub(super) mod metadata;
pub(super) mod multipart;
pub(super) mod recovery;
pub(super) mod request;
pub(super) mod send_plan;
pub(super) mod wait;
