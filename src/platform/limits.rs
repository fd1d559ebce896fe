//! Every limit of docs/contract.md §9 and §14 as a setting, with the documented defaults, so tests can
//! lower a limit instead of building huge files.

use std::time::Duration;

const MB: u64 = 1000 * 1000;
const MIB: u64 = 1024 * 1024;

/// Upload, media and pagination limits of the local platform.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest video or audio file accepted by `POST /assets` with `method=direct` (200 MB).
    pub direct_media_max_bytes: u64,
    /// Largest file fetched for `method=url` (4 GB).
    pub url_media_max_bytes: u64,
    /// Largest image, whatever the upload path (32 MB).
    pub image_max_bytes: u64,
    /// Largest document (PDF, text, Markdown) sent with `method=direct` (200 MB).
    pub document_direct_max_bytes: u64,
    /// Largest document fetched for `method=url` (512 MB).
    pub document_url_max_bytes: u64,
    /// Largest video or audio announced for a multipart session (10 GB).
    pub multipart_media_max_bytes: u64,
    /// Smallest accepted video side, both width and height (360).
    pub video_min_side: u32,
    /// Largest accepted long side of a video (5184).
    pub video_max_long_side: u32,
    /// Largest accepted short side of a video (2160).
    pub video_max_short_side: u32,
    /// Widest accepted aspect ratio, long side over short side, either orientation (2.4).
    pub video_max_aspect_ratio: f64,
    /// Shortest accepted video or audio, in seconds (4).
    pub min_duration_secs: f64,
    /// Longest accepted video or audio, in seconds (4 h).
    pub max_duration_secs: f64,
    /// Smallest accepted image side, both width and height (128).
    pub image_min_side: u32,
    /// Largest `page_limit` (50); above it the call fails with `parameter_invalid`.
    pub max_page_limit: u32,
    /// Longest `filename` in characters (255).
    pub max_filename_chars: usize,
    /// Largest non-file form field or JSON body in bytes (1 MiB).
    pub max_field_bytes: usize,
    /// Smallest multipart chunk size (5 MiB).
    pub min_chunk_size: u64,
    /// Chunk sizes are rounded up to a multiple of this (1 MiB).
    pub chunk_size_step: u64,
    /// Most chunks a session may have before the chunk size grows (10 000).
    pub max_chunks: u64,
    /// Presigned URLs in the create-session answer (10).
    pub initial_upload_urls: u32,
    /// Largest `count` of a presigned-URL request and largest report batch (50).
    pub max_url_batch: u32,
    /// Life of a presigned chunk URL (1 h).
    pub chunk_url_ttl: Duration,
    /// Life of a multipart session (24 h).
    pub session_ttl: Duration,
    /// Longest wait for a URL fetch to answer and stream (10 min).
    pub url_fetch_timeout: Duration,
    /// Longest time a client may take to send a request's headers (30 s); then the connection
    /// is closed, so slow senders cannot hold connections open.
    pub header_read_timeout: Duration,
    /// Longest pause between two pieces of a request body (60 s); then the request fails.
    pub body_idle_timeout: Duration,
    /// Free space the data dir's disk must keep after an upload's bytes (0): an upload that
    /// would leave less is refused with 507 `storage_full` before a byte is written.
    pub min_free_bytes: u64,
    /// Least life of a served-file URL (thumbnail, HLS, original) (1 h); `0` makes URLs that
    /// are born expired, for tests.
    pub file_url_ttl: Duration,
    /// Connections served at once (512). Each holds a file descriptor, an upload a temp file
    /// too: the cap keeps a burst from exhausting the process's descriptors. When all are taken,
    /// a new client makes the oldest connection with no request in flight close.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            direct_media_max_bytes: 200 * MB,
            url_media_max_bytes: 4000 * MB,
            image_max_bytes: 32 * MB,
            document_direct_max_bytes: 200 * MB,
            document_url_max_bytes: 512 * MB,
            multipart_media_max_bytes: 10_000 * MB,
            video_min_side: 360,
            video_max_long_side: 5184,
            video_max_short_side: 2160,
            video_max_aspect_ratio: 2.4,
            min_duration_secs: 4.0,
            max_duration_secs: 4.0 * 3600.0,
            image_min_side: 128,
            max_page_limit: 50,
            max_filename_chars: 255,
            max_field_bytes: MIB as usize,
            min_chunk_size: 5 * MIB,
            chunk_size_step: MIB,
            max_chunks: 10_000,
            initial_upload_urls: 10,
            max_url_batch: 50,
            chunk_url_ttl: Duration::from_secs(3600),
            session_ttl: Duration::from_secs(24 * 3600),
            url_fetch_timeout: Duration::from_secs(600),
            header_read_timeout: Duration::from_secs(30),
            body_idle_timeout: Duration::from_secs(60),
            min_free_bytes: 0,
            file_url_ttl: Duration::from_secs(3600),
            max_connections: 512,
        }
    }
}

impl Limits {
    /// The largest body `POST /assets` may carry: the biggest file plus room for the form fields.
    pub fn create_body_max_bytes(&self) -> u64 {
        self.direct_media_max_bytes.max(self.image_max_bytes) + 4 * self.max_field_bytes as u64
    }

    /// Chunk size for `total_size` bytes (docs/contract.md §15.6): at least the minimum, big enough to
    /// keep the chunk count within `max_chunks`, rounded up to `chunk_size_step`.
    pub fn chunk_size_for(&self, total_size: u64) -> u64 {
        let needed = total_size.div_ceil(self.max_chunks.max(1));
        let raw = needed.max(self.min_chunk_size).max(1);
        let step = self.chunk_size_step.max(1);
        raw.div_ceil(step) * step
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_size_follows_the_project_rule() {
        let l = Limits::default();
        assert_eq!(l.chunk_size_for(1), 5 * MIB);
        assert_eq!(l.chunk_size_for(10_000 * MB), 5 * MIB);
        // 100 GB / 10 000 = 10 MB, rounded up to whole MiB.
        assert_eq!(l.chunk_size_for(100_000 * MB), 10 * MIB);
    }
}
