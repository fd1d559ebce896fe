//! `upload` (one file, one URL, `--resume`, or many paths at once), `uploads` (the unfinished
//! multipart uploads) and the progress shown on stderr while sending.

pub(super) mod many;
pub(super) mod progress;
pub(super) mod single;
pub(super) mod uploads;
