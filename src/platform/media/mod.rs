//! What the platform does with media: probing the bytes, the media rules, turning a received
//! body into an asset, fetching `method=url` media (and where it may connect, and HLS playlists), and the background processing (derived
//! thumbnails, HLS, and transcripts from embedded subtitle tracks).

pub(super) mod derive;
pub(super) mod document;
pub(super) mod hls_ingest;
pub(super) mod intake;
pub(super) mod probe;
#[cfg(test)]
mod probe_fuzz;
pub(super) mod probe_ts;
pub(super) mod probed;
pub(super) mod processing;
pub(super) mod rules;
pub(super) mod subtitles;
pub(super) mod url_fetch;
pub(super) mod url_get;
pub(super) mod url_guard;
