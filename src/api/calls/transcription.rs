//! `GET /assets/{id}/transcription` (docs/contract.md §16): the transcript of a video or audio
//! asset, in the lists asked for. A 404 ([`ApiError::NotFound`]) means "no transcript (now)":
//! the asset may still exist, so a caller that needs to know reads the asset too.

use reqwest::Method;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::{TranscriptInclude, Transcription};
use crate::api::wire::path_segment;

impl Client {
    /// The transcript of asset `id`, with the lists in `include` (each sent as its own
    /// `include` key, as the SDKs do; none sent when empty, which the service reads as `words`).
    /// Retried like every read. A 400 stays [`ApiError::Http`] (an `include` value the service
    /// refuses), unlike a retrieve's: only a 404 is [`ApiError::NotFound`].
    pub async fn get_transcription(
        &self,
        id: &str,
        include: &[TranscriptInclude],
    ) -> Result<Transcription, ApiError> {
        let path = format!("/assets/{}/transcription", path_segment(id)?);
        let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(include.len());
        for i in include {
            if !pairs.iter().any(|(_, v)| *v == i.as_str()) {
                pairs.push(("include", i.as_str()));
            }
        }
        self.send_json(|| self.request(Method::GET, &path).query(&pairs))
            .await
    }
}

/// True when `e` is the service saying the asset has no transcript, or does not exist: the
/// 404 of [`Client::get_transcription`] (`resource_not_exist`). Other errors (the connection,
/// a refused `include`, a 5xx) are not.
pub fn is_no_transcript(e: &ApiError) -> bool {
    matches!(e, ApiError::NotFound { status: 404, .. })
}
