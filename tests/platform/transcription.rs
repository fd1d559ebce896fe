//! `GET /assets/{asset_id}/transcription` over loopback (docs/contract.md §16): a video made
//! with ffmpeg carrying a mov_text subtitle track gets its cues back as `sentences` (never
//! `words` or `utterances`, which subtitles do not give); a file without a track, an image and
//! an unknown asset answer 404 `resource_not_exist`; a bad `include` answers 400. Every body is
//! checked against the `AssetTranscription*` schemas of the fixture.

use crate::hls_server::ffmpeg_or_skip;
use crate::platform_support::*;
use crate::subtitled::{CUES, make_mp4};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tl_assets::api::types::{TranscriptEntry, TranscriptUtterance, Transcription, TranscriptionStatus};

const TEMPLATE: &str = "/assets/{asset_id}/transcription";

/// Uploads `path` and waits for it to be final; returns its id.
async fn upload_ready(env: &Env, path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name")
        .to_string();
    let resp = env
        .upload_bytes(std::fs::read(path).expect("read"), &name, &[])
        .await;
    let created = expect(resp, StatusCode::CREATED, "post", "/assets").await;
    let id = created["_id"].as_str().expect("id").to_string();
    assert_eq!(env.wait_final(&id).await["status"], "ready");
    id
}

async fn transcript(env: &Env, id: &str, query: &str) -> (StatusCode, Value) {
    let resp = env
        .send(Method::GET, &format!("/assets/{id}/transcription{query}"))
        .await;
    let status = resp.status();
    (status, expect(resp, status, "get", TEMPLATE).await)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.011
}

#[tokio::test]
async fn subtitle_cues_come_back_as_sentences_with_their_times() {
    if !ffmpeg_or_skip("subtitle_cues_come_back_as_sentences_with_their_times") {
        return;
    }
    let media = tempfile::tempdir().expect("tempdir");
    let file = make_mp4(media.path(), "harbor.mp4", 6, Some(&CUES));
    let env = Env::start().await;
    let id = upload_ready(&env, &file).await;

    let (status, body) = transcript(&env, &id, "?include=sentences").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ready", "{body}");
    assert!(
        body.get("words").is_none() && body.get("utterances").is_none(),
        "{body}"
    );
    let sentences = body["sentences"].as_array().expect("sentences");
    assert_eq!(sentences.len(), CUES.len(), "{body}");
    for (got, (start, end, text)) in sentences.iter().zip(CUES) {
        assert_eq!(got["value"], text, "{body}");
        assert!(close(got["start"].as_f64().expect("start"), start), "{got}");
        assert!(close(got["end"].as_f64().expect("end"), end), "{got}");
    }

    // Asked for everything, repeated and comma-joined: still only what subtitles give.
    for query in [
        "?include=words&include=utterances&include=sentences",
        "?include=words,sentences,utterances",
    ] {
        let (status, all) = transcript(&env, &id, query).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(all["sentences"], body["sentences"], "{query}");
        assert!(
            all.get("words").is_none() && all.get("utterances").is_none(),
            "{all}"
        );
    }
    // No `include`: words, which a subtitle track does not have, so no list at all.
    let (status, plain) = transcript(&env, &id, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(plain, serde_json::json!({"status": "ready"}));
}

#[tokio::test]
async fn media_without_a_subtitle_track_an_image_and_an_unknown_asset_have_none() {
    if !ffmpeg_or_skip("media_without_a_subtitle_track_an_image_and_an_unknown_asset_have_none") {
        return;
    }
    let media = tempfile::tempdir().expect("tempdir");
    let file = make_mp4(media.path(), "silent.mp4", 5, None);
    let env = Env::start().await;
    let plain = upload_ready(&env, &file).await;
    let image = env.ready_asset("sample-image.jpg").await;
    for id in [plain.as_str(), image.as_str(), "0123456789abcdef01234567"] {
        let (status, body) = transcript(&env, id, "?include=sentences").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{id}: {body}");
        assert_eq!(body["code"], "resource_not_exist", "{body}");
    }
}

#[tokio::test]
async fn an_unknown_include_value_is_a_400_naming_it() {
    let env = Env::start().await;
    let id = env.ready_asset("sample-audio.mp3").await;
    for query in ["?include=speakers", "?include=sentences,speakers", "?include="] {
        let (status, body) = transcript(&env, &id, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(body["code"], "parameter_invalid", "{body}");
    }
    let (_, body) = transcript(&env, &id, "?include=speakers").await;
    assert!(
        body["message"].as_str().expect("message").contains("speakers"),
        "{body}"
    );
}

#[tokio::test]
async fn words_utterances_and_a_failure_fit_the_schema() {
    let env = Env::start().await;
    let id = env.ready_asset("sample-audio.mp3").await;
    let entry = |s: f64, e: f64, v: &str| TranscriptEntry {
        start: s,
        end: e,
        value: v.into(),
    };
    let stored = Transcription {
        words: Some(vec![entry(0.5, 0.9, "Welcome"), entry(0.9, 1.2, "back")]),
        utterances: Some(vec![TranscriptUtterance {
            start: 0.5,
            end: 1.2,
            value: "Welcome back".into(),
            speaker: Some("spk_1".into()),
        }]),
        ..Transcription::with_status(TranscriptionStatus::Ready)
    };
    assert!(
        env.platform()
            .store_transcript_for_tests(&id, &stored)
            .await
            .expect("store")
    );
    let (status, body) = transcript(&env, &id, "?include=words&include=utterances").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["words"][1]["value"], "back", "{body}");
    assert_eq!(body["utterances"][0]["speaker"], "spk_1", "{body}");
    assert!(body.get("sentences").is_none(), "{body}");

    let failed = Transcription {
        error: Some(tl_assets::api::types::TranscriptionError {
            message: "unreadable track".into(),
        }),
        ..Transcription::with_status(TranscriptionStatus::Failed)
    };
    assert!(
        env.platform()
            .store_transcript_for_tests(&id, &failed)
            .await
            .expect("store")
    );
    let (status, body) = transcript(&env, &id, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "failed");
    assert_eq!(body["error"]["message"], "unreadable track");
}

/// The schema itself refuses what the contract rules out, so the checks above can fail.
#[test]
fn the_schema_refuses_an_entry_without_its_times() {
    let bad = serde_json::json!({"status": "ready", "sentences": [{"value": "no times"}]});
    let result = std::panic::catch_unwind(|| check_schema("get", TEMPLATE, StatusCode::OK, &bad));
    assert!(
        result.is_err(),
        "an entry without start and end passed the schema"
    );
    let bad = serde_json::json!({"status": "done"});
    let result = std::panic::catch_unwind(|| check_schema("get", TEMPLATE, StatusCode::OK, &bad));
    assert!(result.is_err(), "an unknown status passed the schema");
}
