//! Multipart uploads: the session calls of the contract, the sending of a whole file in chunks,
//! one chunk's trip, the resumable state and the check of each chunk's ETag.

pub(in crate::api) mod chunks;
pub(in crate::api) mod etag_check;
pub(in crate::api) mod send;
pub(in crate::api) mod session_calls;
pub(in crate::api) mod session_record;
pub(in crate::api) mod test_stall;
