//! What an upload is asked to do: the source of a new asset's media (a file or a URL), the
//! request to create it, the name it is stored under, and the progress callback.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::api::types::UserMetadata;

/// Called with the total bytes of the file sent so far.
pub type ProgressFn = Arc<dyn Fn(u64) + Send + Sync>;

/// Where the media of a new asset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadSource {
    /// A local file, streamed in the request (`method=direct`).
    File(PathBuf),
    /// A public URL the service fetches itself (`method=url`).
    Url(String),
}

impl UploadSource {
    /// Reads a command-line argument: `http(s)://…` is a URL, anything else a path.
    pub fn parse(arg: &str) -> Self {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            Self::Url(arg.to_string())
        } else {
            Self::File(PathBuf::from(arg))
        }
    }
}

/// Whether a new asset asks for an HLS rendition unless told otherwise: the service's own default
/// on `POST /assets` (docs/contract.md §16). The CLI flags, the TUI upload form and
/// [`CreateAsset::new`] all start from it; the client sends the flag explicitly either way.
pub const DEFAULT_ENABLE_HLS: bool = true;
/// Whether a new asset asks for a thumbnail unless told otherwise (as [`DEFAULT_ENABLE_HLS`]).
pub const DEFAULT_ENABLE_THUMBNAIL: bool = true;

/// A request to create an asset.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateAsset {
    pub source: UploadSource,
    /// Name to store; defaults to the file's or URL's last path segment.
    pub filename: Option<String>,
    pub enable_hls: bool,
    pub enable_thumbnail: bool,
    pub user_metadata: Option<UserMetadata>,
}

impl CreateAsset {
    /// A request with default options for `source`.
    pub fn new(source: UploadSource) -> Self {
        Self {
            source,
            filename: None,
            enable_hls: DEFAULT_ENABLE_HLS,
            enable_thumbnail: DEFAULT_ENABLE_THUMBNAIL,
            user_metadata: None,
        }
    }
}

/// The name the asset is stored under: the one asked for, else the file's or URL's last segment.
pub fn stored_name(req: &CreateAsset) -> String {
    if let Some(name) = req.filename.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        return name.to_string();
    }
    match &req.source {
        UploadSource::File(path) => file_name_of(path),
        UploadSource::Url(url) => url
            .split(['?', '#'])
            .next()
            .and_then(|u| u.trim_end_matches('/').rsplit('/').next())
            .filter(|s| !s.is_empty() && !s.contains(':'))
            .unwrap_or(url)
            .to_string(),
    }
}

/// The last path component, or `upload` when there is none.
pub(crate) fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "upload".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_parsing() {
        assert_eq!(
            UploadSource::parse("https://x/a.mp4"),
            UploadSource::Url("https://x/a.mp4".into())
        );
        assert_eq!(UploadSource::parse("a.mp4"), UploadSource::File("a.mp4".into()));
    }
}
