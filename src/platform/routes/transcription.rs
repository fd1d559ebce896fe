//! `GET /assets/{asset_id}/transcription` (docs/contract.md §16.1): the transcript read from
//! the asset's text subtitle track, in the lists `include` asks for. Its status follows the
//! asset; 404 for an unknown asset, an image or document, and media with no transcript.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;

use crate::api::types::{AssetStatus, Transcription, TranscriptionError, TranscriptionStatus};
use crate::platform::error::ErrorAnswer;
use crate::platform::request::http_util::query_pairs;
use crate::platform::state::Shared;
use crate::platform::store::rows::transcript_row::{self, StoredTranscript};

/// Which lists the caller asked for.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Include {
    words: bool,
    sentences: bool,
    utterances: bool,
}

/// Every `include` value split on commas and trimmed, as a union; none given → `words`.
fn parse_include(raw: Option<&str>) -> Result<Include, ErrorAnswer> {
    let mut inc = Include::default();
    let mut any = false;
    for (_, value) in query_pairs(raw).iter().filter(|(k, _)| k == "include") {
        for part in value.split(',').map(str::trim) {
            match part {
                "words" => inc.words = true,
                "sentences" => inc.sentences = true,
                "utterances" => inc.utterances = true,
                other => {
                    return Err(ErrorAnswer::bad_request(
                        "parameter_invalid",
                        format!(
                            "The include parameter is invalid: {other:?} is not one of words, sentences, utterances."
                        ),
                    ));
                }
            }
            any = true;
        }
    }
    if !any {
        inc.words = true;
    }
    Ok(inc)
}

fn no_transcript(id: &str, why: &str) -> ErrorAnswer {
    ErrorAnswer::new(
        StatusCode::NOT_FOUND,
        "resource_not_exist",
        format!("Asset {id} has no transcription: {why}."),
    )
}

/// Handles `GET /assets/{asset_id}/transcription`.
pub(crate) async fn retrieve(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Transcription>, ErrorAnswer> {
    let include = parse_include(raw.as_deref())?;
    let row = super::assets::load_or_404(&state, &id).await?;
    let family = row.file_type.as_deref().and_then(|t| t.split('/').next());
    if family.is_some_and(|f| f != "video" && f != "audio") {
        return Err(no_transcript(&id, "only video and audio assets have one"));
    }
    let stored = {
        let id = id.clone();
        state
            .store
            .call(move |c| Ok(transcript_row::load(c, &id)?))
            .await?
    };
    let answer = match (&row.status, stored) {
        // A transcript stored for the asset (a test fixture may store one early) is what it says.
        (_, Some(t)) => answer_stored(t, include),
        (AssetStatus::Processing, None) if !row.blob_ready => {
            Transcription::with_status(TranscriptionStatus::Pending)
        }
        (AssetStatus::Processing, None) => Transcription::with_status(TranscriptionStatus::Processing),
        (AssetStatus::Failed, None) => Transcription {
            error: Some(TranscriptionError {
                message: row
                    .error_message
                    .clone()
                    .unwrap_or_else(|| "The asset could not be processed.".into()),
            }),
            ..Transcription::with_status(TranscriptionStatus::Failed)
        },
        _ => {
            return Err(no_transcript(
                &id,
                "the file has no text subtitle track to read it from (mov_text, SRT, WebVTT or ASS)",
            ));
        }
    };
    Ok(Json(answer))
}

fn answer_stored(t: StoredTranscript, include: Include) -> Transcription {
    if let Some(message) = t.failed_message {
        return Transcription {
            error: Some(TranscriptionError { message }),
            ..Transcription::with_status(TranscriptionStatus::Failed)
        };
    }
    Transcription {
        words: t.words.filter(|_| include.words),
        sentences: t.sentences.filter(|_| include.sentences),
        utterances: t.utterances.filter(|_| include.utterances),
        ..Transcription::with_status(TranscriptionStatus::Ready)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_is_a_union_of_repeated_and_comma_joined_values() {
        let inc = parse_include(Some("include=words,%20utterances&include=sentences")).expect("valid");
        assert_eq!(
            inc,
            Include {
                words: true,
                sentences: true,
                utterances: true
            }
        );
        assert_eq!(
            parse_include(None).expect("default"),
            Include {
                words: true,
                ..Include::default()
            }
        );
        let e = parse_include(Some("include=sentences,speakers")).expect_err("unknown");
        assert_eq!(e.code, "parameter_invalid");
        assert!(e.message.contains("speakers"), "{}", e.message);
        assert!(parse_include(Some("include=")).is_err());
    }
}
