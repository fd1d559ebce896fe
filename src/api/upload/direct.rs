//! `POST /assets`: direct uploads streamed from disk (never whole in memory) and URL uploads.

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::Method;
use reqwest::multipart::{Form, Part};

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::Asset;
use crate::api::upload::file_probe::{LocalMedia, inspect_file_off_thread};
use crate::api::upload::request::{CreateAsset, ProgressFn, UploadSource, file_name_of};
use crate::api::upload::send_plan::direct_limit;
use crate::api::wire::{check, decode, send};

/// Upload timeout: long, since a 200 MB body over a slow link takes a while.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);

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
                let media = inspect_file_off_thread(path.clone()).await?;
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
        // Always both flags, spelled out: services disagree on what an absent flag means.
        form = form
            .text("enable_hls", req.enable_hls.to_string())
            .text("enable_thumbnail", req.enable_thumbnail.to_string());
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
        .file_name(part_file_name(&name))
        .mime_str(&media.mime)
        .map_err(|e| ApiError::LocalFile(format!("bad MIME type {}: {e}", media.mime)))
}

/// The name as the `file` part's `Content-Disposition` carries it. A header holds no control
/// characters, so RFC 7578 §2 (and the HTML form encoding it points to) percent-encodes them
/// there; `"` and `\` are encoded too, or they would end or escape the quoted string. The
/// asset's name travels unencoded in the `filename` field, so this one is only the part's label.
fn part_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_control() || c == '"' || c == '\\' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::part_file_name;

    #[test]
    fn the_part_name_has_no_control_character_or_quote() {
        assert_eq!(part_file_name("a\u{1b}[31mb.mp4"), "a%1B[31mb.mp4");
        assert_eq!(part_file_name("a\"b\\c\r\n.mp4"), "a%22b%5Cc%0D%0A.mp4");
        assert_eq!(part_file_name("\u{85}é.mp4"), "%C2%85é.mp4");
        assert_eq!(part_file_name("plain clip.mp4"), "plain clip.mp4");
    }
}
