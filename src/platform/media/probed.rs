//! What probing learnt about a file, filled by the pure-Rust probe and the MPEG-TS probe alike.

/// Everything probing learnt about a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Probed {
    /// The sniffed MIME type (`application/octet-stream` when unknown).
    pub mime: String,
    pub size: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration: Option<f64>,
    pub container: Option<String>,
    pub video_codec: Option<String>,
    pub audio_codec: Option<String>,
    pub sample_rate: Option<u32>,
    pub channels: Option<u32>,
    pub video_tracks: u32,
    pub audio_tracks: u32,
    /// Set when the container or streams could not be read; the text says why (for logs).
    pub broken: Option<String>,
}
