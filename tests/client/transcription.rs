//! `Client::get_transcription` against the real local platform: the cues of a mov_text track
//! made by ffmpeg come back typed and in order, `lines()` reads them, lists not asked for stay
//! away, and "no transcript" is an `ApiError::NotFound` that `is_no_transcript` recognises
//! (while an id refused before sending is not).

use std::path::Path;
use std::time::Duration;

use crate::support::hls_server::ffmpeg_or_skip;
use crate::support::subtitled::{CUES, make_mp4};
use tl_assets::api::types::{AssetStatus, TranscriptInclude, TranscriptionStatus};
use tl_assets::api::{ApiError, ApiKey, Client, CreateAsset, PollOptions, UploadSource, is_no_transcript};
use tl_assets::platform::{self, PlatformConfig, RunningPlatform};

const KEY: &str = "tlk_test_key";

async fn start(dir: &Path) -> (RunningPlatform, Client) {
    let mut config = PlatformConfig::new(dir.to_path_buf(), KEY);
    config.processing_delay = Duration::from_millis(50);
    let running = platform::start(config).await.expect("platform starts");
    let client = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");
    (running, client)
}

async fn upload_ready(client: &Client, file: &Path) -> String {
    let req = CreateAsset::new(UploadSource::File(file.to_path_buf()));
    let created = client.create_asset(&req, None).await.expect("create");
    let poll = PollOptions {
        interval: Duration::from_millis(50),
        timeout: Duration::from_secs(60),
    };
    let a = client
        .wait_for_asset(&created.id, poll, |_| {})
        .await
        .expect("wait");
    assert_eq!(a.status, Some(AssetStatus::Ready));
    a.id
}

#[tokio::test]
async fn the_sentences_of_a_subtitle_track_and_no_transcript_told_apart() {
    if !ffmpeg_or_skip("the_sentences_of_a_subtitle_track_and_no_transcript_told_apart") {
        return;
    }
    let media = tempfile::tempdir().expect("tempdir");
    let with = make_mp4(media.path(), "harbor.mp4", 6, Some(&CUES));
    let without = make_mp4(media.path(), "silent.mp4", 5, None);
    let dir = tempfile::tempdir().expect("tempdir");
    let (_running, client) = start(dir.path()).await;
    let id = upload_ready(&client, &with).await;

    let t = client
        .get_transcription(&id, &[TranscriptInclude::Sentences, TranscriptInclude::Sentences])
        .await
        .expect("transcript");
    assert_eq!(t.status, TranscriptionStatus::Ready);
    assert!(t.words.is_none() && t.utterances.is_none(), "{t:?}");
    let lines = t.lines();
    let texts: Vec<&str> = lines.iter().map(|l| l.value.as_str()).collect();
    assert_eq!(texts, CUES.map(|c| c.2).to_vec());
    assert!((lines[1].start - CUES[1].0).abs() < 0.011, "{lines:?}");
    assert_eq!(t.line_at(4.5).map(|l| l.value), Some(CUES[2].2.to_string()));

    // Nothing asked for: the service's default (words), which subtitles do not give.
    let t = client.get_transcription(&id, &[]).await.expect("transcript");
    assert!(t.lines().is_empty(), "{t:?}");

    let plain = upload_ready(&client, &without).await;
    let e = client
        .get_transcription(&plain, &TranscriptInclude::ALL)
        .await
        .expect_err("no track, no transcript");
    assert!(
        matches!(&e, ApiError::NotFound { code, .. } if code == "resource_not_exist"),
        "{e:?}"
    );
    assert!(is_no_transcript(&e));
    // Still there: only the transcript is missing.
    assert!(client.get_asset(&plain).await.is_ok());

    let e = client
        .get_transcription("no such id!", &[])
        .await
        .expect_err("refused before sending");
    assert!(
        matches!(e, ApiError::InvalidInput(_)) && !is_no_transcript(&e),
        "{e:?}"
    );
}

#[test]
fn include_values_read_and_print_as_on_the_wire() {
    for i in TranscriptInclude::ALL {
        assert_eq!(i.as_str().parse::<TranscriptInclude>(), Ok(i));
    }
    assert!("speakers".parse::<TranscriptInclude>().is_err());
}
