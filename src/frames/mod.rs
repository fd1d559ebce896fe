//! Frames and sound out of a media stream, for the preview: finding `ffmpeg` and its version
//! ([`ffmpeg`]), one still frame at a time off an HLS URL or a file ([`extract`]), loudness
//! across a span ([`waveform`]), the segment that holds a moment ([`segments`]), and the bounded
//! disk cache that keeps frames across runs ([`cache`]). Knows nothing of screens: the terminal app drives it from its runtime.

pub mod cache;
pub mod extract;
pub mod ffmpeg;
pub mod segments;
pub mod waveform;

pub use cache::{FrameCache, FrameKey};
pub use extract::{FrameError, FrameRequest};
pub use ffmpeg::Ffmpeg;
