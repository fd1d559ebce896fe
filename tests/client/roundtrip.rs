//! The first slice end to end through the typed client: a sample of each media type uploaded to an
//! in-process local platform on loopback, listed newest first with correct `page_info`, retrieved
//! `ready` with size and duration, deleted, and then not found.

use std::path::PathBuf;
use std::time::Duration;

use tl_assets::api::types::{AssetStatus, AssetType, ListAssetsQuery};
use tl_assets::api::{ApiError, ApiKey, Client, CreateAsset, PollOptions, UploadSource};
use tl_assets::platform::{self, PlatformConfig};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

#[tokio::test]
async fn each_sample_round_trips_through_the_client() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = PlatformConfig::new(dir.path().join("data"), "tlk_roundtrip");
    config.processing_delay = Duration::from_millis(50);
    let running = platform::start(config).await.expect("platform starts");
    let client = Client::new(running.base_url(), ApiKey::new("tlk_roundtrip")).expect("client");
    let poll = PollOptions {
        interval: Duration::from_millis(50),
        timeout: Duration::from_secs(60),
    };

    let samples = [
        ("sample-video.mp4", AssetType::Video, true),
        ("sample-audio.mp3", AssetType::Audio, true),
        ("sample-image.jpg", AssetType::Image, false),
    ];
    let mut ids = Vec::new();
    for (name, kind, has_duration) in samples {
        let created = client
            .create_asset(&CreateAsset::new(UploadSource::File(sample(name))), None)
            .await
            .unwrap_or_else(|e| panic!("upload {name}: {e}"));
        assert_eq!(created.filename.as_deref(), Some(name));
        let ready = client
            .wait_for_asset(&created.id, poll, |_| {})
            .await
            .expect("poll");
        assert_eq!(
            ready.status,
            Some(AssetStatus::Ready),
            "{name}: {:?}",
            ready.error
        );
        assert_eq!(ready.asset_type(), Some(kind));
        let on_disk = std::fs::metadata(sample(name)).expect("stat").len();
        assert_eq!(ready.size, Some(on_disk), "{name} size");
        match ready.duration {
            Some(d) if has_duration => assert!((4.5..5.5).contains(&d), "{name} duration {d}"),
            None if !has_duration => {}
            other => panic!("{name}: unexpected duration {other:?}"),
        }
        ids.push(created.id);
    }

    let page = client
        .list_assets(&ListAssetsQuery {
            page_limit: Some(2),
            ..Default::default()
        })
        .await
        .expect("list");
    let listed: Vec<&str> = page.data.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(listed, vec![ids[2].as_str(), ids[1].as_str()], "newest first");
    assert_eq!((page.page_info.page, page.page_info.total_page), (1, 2));
    assert_eq!(
        (page.page_info.limit_per_page, page.page_info.total_results),
        (2, 3)
    );

    client.delete_asset(&ids[0], false).await.expect("delete");
    match client.get_asset(&ids[0]).await {
        Err(ApiError::NotFound {
            status: 404, code, ..
        }) => assert_eq!(code, "resource_not_exist"),
        other => panic!("expected 404 after delete, got {other:?}"),
    }
    let all = client
        .list_all_assets(&ListAssetsQuery::default())
        .await
        .expect("list all");
    assert_eq!(all.len(), 2);
    running.shutdown().await;
}

/// A file named with a control character: the `file` part's header carries the name
/// percent-encoded (RFC 7578 §2), so the platform reads the form and answers about the name
/// itself (`parameter_invalid`, naming the character) instead of `invalid_multipart`. A name
/// with a quote and a backslash keeps them.
#[tokio::test]
async fn a_control_character_in_a_file_name_reaches_the_platform_as_a_named_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = PlatformConfig::new(dir.path().join("data"), "tlk_names");
    config.processing_delay = Duration::from_millis(50);
    let running = platform::start(config).await.expect("platform starts");
    let client = Client::new(running.base_url(), ApiKey::new("tlk_names")).expect("client");
    let escape = dir.path().join("a\u{1b}[31mb.jpg");
    std::fs::copy(sample("sample-image.jpg"), &escape).expect("copy");
    let err = client
        .create_asset(&CreateAsset::new(UploadSource::File(escape)), None)
        .await
        .expect_err("a control character in the name is refused");
    assert_eq!(err.code(), "parameter_invalid", "{err}");
    assert!(err.message().contains("U+001B"), "{err}");

    let quoted = dir.path().join("say \"hi\" \\ now.jpg");
    std::fs::copy(sample("sample-image.jpg"), &quoted).expect("copy");
    let created = client
        .create_asset(&CreateAsset::new(UploadSource::File(quoted)), None)
        .await
        .expect("a quote and a backslash are fine");
    assert_eq!(created.filename.as_deref(), Some("say \"hi\" \\ now.jpg"));
    running.shutdown().await;
}
