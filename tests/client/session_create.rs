//! A multipart session create whose answer is lost after the platform processed it (a 500, or
//! the connection closed without an answer, from a proxy that spoils the platform's reply): the
//! upload is sent again and ends `ready`, one asset is listed, and the session left behind holds
//! no chunk (it only waits to expire). The rule is in `src/api/retry.rs`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::support::spoiling_proxy::{self, Spoil};
use tl_assets::api::types::AssetStatus;
use tl_assets::api::{
    ApiKey, Client, CreateAsset, NoHooks, PollOptions, RetryPolicy, UploadJob, UploadOptions, UploadSource,
};
use tl_assets::platform::{self, PlatformConfig};

const KEY: &str = "tlk_session_create";

async fn upload_through(spoil: Spoil) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = PlatformConfig::new(dir.path().join("platform"), KEY);
    config.processing_delay = Duration::from_millis(20);
    config.limits.min_chunk_size = 16 * 1024;
    config.limits.chunk_size_step = 16 * 1024;
    let running = platform::start(config).await.expect("platform");
    let proxy =
        spoiling_proxy::start(running.base_url(), "POST /v1.3/assets/multipart-uploads ", spoil).await;
    let client = Client::new(&proxy, ApiKey::new(KEY))
        .expect("client")
        .with_retry(RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(10),
        });
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-video.mp4");
    let size = std::fs::metadata(&file).expect("sample").len();
    let mut options = UploadOptions::for_client(&client);
    options.force_multipart = true;
    options.poll = PollOptions {
        interval: Duration::from_millis(20),
        timeout: Duration::from_secs(60),
    };
    let job = UploadJob::New {
        request: CreateAsset::new(UploadSource::File(file)),
        plan: None,
    };
    let asset = client
        .upload(job, &options, Arc::new(NoHooks))
        .await
        .unwrap_or_else(|e| panic!("{spoil:?}: the upload gave up on a lost session answer: {e:?}"));
    assert_eq!(asset.status, Some(AssetStatus::Ready), "{spoil:?}: {asset:?}");

    let direct = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");
    let listed = direct.list_all_assets(&Default::default()).await.expect("list");
    let ids: Vec<&str> = listed.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [asset.id.as_str()], "{spoil:?}: one asset, the uploaded one");
    // The session whose answer was lost is still open, empty, waiting to expire.
    let open = direct.list_all_incomplete_uploads().await.expect("sessions");
    assert_eq!(open.len(), 1, "{spoil:?}: {open:?}");
    assert_eq!(open[0].total_size, size);
    let status = direct
        .upload_status_all(&open[0].upload_id)
        .await
        .expect("status");
    assert_eq!(
        status.chunks_completed, 0,
        "{spoil:?}: the left session got no bytes"
    );
    running.shutdown().await;
}

#[tokio::test]
async fn a_session_create_answered_500_after_it_opened_is_sent_again() {
    upload_through(Spoil::Error500).await;
}

#[tokio::test]
async fn a_session_create_whose_connection_closed_after_it_opened_is_sent_again() {
    upload_through(Spoil::Hangup).await;
}
