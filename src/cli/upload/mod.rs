//! `upload` (one file, one URL, `--resume`, or many paths at once), `uploads` (the unfinished
//! multipart uploads), the progress shown on stderr while sending, and what a failed upload
//! says to run next.

pub(super) mod many;
pub(super) mod next_step;
pub(super) mod progress;
pub(super) mod single;
pub(super) mod uploads;
