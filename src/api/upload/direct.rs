//! `POST /assets`: direct uploads streamed from disk (never whole in memory) and URL uploads.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::Method;
use reqwest::multipart::{Form, Part};

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::{Asset, AssetType, UserMetadata};
use crate::api::wire::{check, decode, send};

/// Direct uploads above this size are refused by the service (video/audio); use multipart.
pub const DIRECT_LIMIT_MEDIA: u64 = 200 * 1000 * 1000;
/// Image uploads above this size are refused whatever the method.
pub const IMAGE_LIMIT: u64 = 32 * 1000 * 1000;
/// Upload timeout: long, since a 200 MB body over a slow link takes a while.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);

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
            enable_hls: false,
            enable_thumbnail: false,
            user_metadata: None,
        }
    }
}

/// What a local file was found to be before sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalMedia {
    pub path: PathBuf,
    pub size: u64,
    pub mime: String,
    pub asset_type: AssetType,
}

/// Checks a local file before upload: exists, is a file, readable, non-empty, sniffed as
/// video/audio/image. The size limits are left to the caller, which decides direct vs multipart.
pub fn inspect_file(path: &Path) -> Result<LocalMedia, ApiError> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ApiError::LocalFile(format!("{shown}: no such file")),
        std::io::ErrorKind::PermissionDenied => ApiError::LocalFile(format!("{shown}: permission denied")),
        _ => ApiError::LocalFile(format!("{shown}: {e}")),
    })?;
    if meta.is_dir() {
        return Err(ApiError::LocalFile(format!(
            "{shown}: is a directory, not a file"
        )));
    }
    if !meta.is_file() {
        return Err(ApiError::LocalFile(format!("{shown}: not a regular file")));
    }
    if meta.len() == 0 {
        return Err(ApiError::LocalFile(format!("{shown}: file is empty")));
    }
    let mut head = [0u8; 8192];
    let n = {
        use std::io::Read;
        let mut f = std::fs::File::open(path)
            .map_err(|e| ApiError::LocalFile(format!("{shown}: cannot read: {e}")))?;
        f.read(&mut head)
            .map_err(|e| ApiError::LocalFile(format!("{shown}: cannot read: {e}")))?
    };
    let kind = infer::get(&head[..n]);
    let mime = kind.map(|k| k.mime_type().to_string());
    let asset_type = mime.as_deref().and_then(AssetType::from_mime);
    match (mime, asset_type) {
        (Some(mime), Some(asset_type)) => Ok(LocalMedia {
            path: path.to_path_buf(),
            size: meta.len(),
            mime,
            asset_type,
        }),
        (Some(mime), None) => Err(ApiError::LocalFile(format!(
            "{shown}: {mime} is not a video, audio or image file"
        ))),
        (None, _) => Err(ApiError::LocalFile(format!(
            "{shown}: not a recognised video, audio or image file"
        ))),
    }
}

/// The size limit of a direct upload for this kind of media.
pub fn direct_limit(asset_type: &AssetType) -> u64 {
    match asset_type {
        AssetType::Image => IMAGE_LIMIT,
        _ => DIRECT_LIMIT_MEDIA,
    }
}

impl Client {
    /// `POST /assets`: creates an asset from a file (streamed, `progress` told of bytes sent) or a
    /// URL. Returns the short asset, usually `processing`; poll it with [`Client::wait_for_asset`].
    ///
    /// Not retried once the body may have reached the server; retried only when the connection
    /// itself failed (the request provably never left).
    pub async fn create_asset(
        &self,
        req: &CreateAsset,
        progress: Option<ProgressFn>,
    ) -> Result<Asset, ApiError> {
        self.retry
            .run_unsent(|| self.create_attempt(req, progress.clone()))
            .await
    }

    /// One `POST /assets`. An answer saying the window is spent closes the client's rate gate
    /// until its reset, so the next create waits instead of being refused.
    pub(crate) async fn create_attempt(
        &self,
        req: &CreateAsset,
        progress: Option<ProgressFn>,
    ) -> Result<Asset, ApiError> {
        let mut form = Form::new();
        match &req.source {
            UploadSource::File(path) => {
                let media = crate::api::upload::driver::inspect_file_off_thread(path.clone()).await?;
                let limit = direct_limit(&media.asset_type);
                if media.size > limit {
                    return Err(ApiError::LocalFile(format!(
                        "{}: {} is over the direct upload limit of {}; use a multipart upload",
                        path.display(),
                        bytesize::ByteSize(media.size),
                        bytesize::ByteSize(limit)
                    )));
                }
                let name = req.filename.clone().unwrap_or_else(|| file_name_of(path));
                form = form
                    .text("method", "direct")
                    .part("file", file_part(&media, name.clone(), progress).await?);
                form = form.text("filename", name);
            }
            UploadSource::Url(url) => {
                reqwest::Url::parse(url)
                    .map_err(|e| ApiError::InvalidInput(format!("invalid URL {url:?}: {e}")))?;
                form = form.text("method", "url").text("url", url.clone());
                if let Some(name) = &req.filename {
                    form = form.text("filename", name.clone());
                }
            }
        }
        if req.enable_hls {
            form = form.text("enable_hls", "true");
        }
        if req.enable_thumbnail {
            form = form.text("enable_thumbnail", "true");
        }
        if let Some(meta) = &req.user_metadata {
            let json = serde_json::to_string(meta).map_err(|e| ApiError::InvalidInput(e.to_string()))?;
            form = form.text("user_metadata", json);
        }
        let resp = send(
            self.request(Method::POST, "/assets")
                .multipart(form)
                .timeout(UPLOAD_TIMEOUT),
        )
        .await?;
        let (remaining, reset) = crate::api::wire::rate_window(&resp);
        self.gate.note_remaining(remaining, reset);
        decode(check(resp).await?).await
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

/// The file as a streamed multipart part with a known length, reporting bytes read as it goes.
async fn file_part(media: &LocalMedia, name: String, progress: Option<ProgressFn>) -> Result<Part, ApiError> {
    let stream = crate::api::upload::file_stream::read_range(&media.path, 0, media.size)
        .await
        .map_err(|e| ApiError::LocalFile(format!("{}: cannot open: {e}", media.path.display())))?;
    let mut sent = 0u64;
    let stream = stream.map(move |piece| {
        if let (Ok(bytes), Some(report)) = (&piece, &progress) {
            sent += bytes.len() as u64;
            report(sent);
        }
        piece
    });
    let body = reqwest::Body::wrap_stream(stream);
    Part::stream_with_length(body, media.size)
        .file_name(name)
        .mime_str(&media.mime)
        .map_err(|e| ApiError::LocalFile(format!("bad MIME type {}: {e}", media.mime)))
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

    #[test]
    fn inspect_rejects_bad_inputs_clearly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = inspect_file(&dir.path().join("nope.mp4")).expect_err("missing");
        assert!(missing.to_string().contains("no such file"));
        let isdir = inspect_file(dir.path()).expect_err("dir");
        assert!(isdir.to_string().contains("directory"));
        let empty = dir.path().join("empty.mp4");
        std::fs::write(&empty, b"").expect("write");
        assert!(
            inspect_file(&empty)
                .expect_err("empty")
                .to_string()
                .contains("empty")
        );
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, b"hello, this is not media").expect("write");
        assert!(
            inspect_file(&text)
                .expect_err("text")
                .to_string()
                .contains("not a recognised")
        );
    }

    #[test]
    fn inspect_accepts_the_samples() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        let v = inspect_file(&root.join("sample-video.mp4")).expect("video");
        assert_eq!(v.asset_type, AssetType::Video);
        let a = inspect_file(&root.join("sample-audio.mp3")).expect("audio");
        assert_eq!(a.asset_type, AssetType::Audio);
        let i = inspect_file(&root.join("sample-image.jpg")).expect("image");
        assert_eq!(i.asset_type, AssetType::Image);
    }
}
