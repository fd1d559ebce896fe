//! Multipart uploads against the local platform (chunk size lowered through its limits): the
//! session calls one by one, and an upload of 3+ chunks interrupted after some are acknowledged,
//! then resumed from the saved state. The platform's session status shows the chunks done
//! before the interruption untouched, and the assembled file is byte-identical.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tl_assets::api::types::{AssetStatus, ChunkStatus, UploadSessionStatus};
use tl_assets::api::{
    ApiKey, Client, CreateAsset, MultipartOptions, MultipartState, PollOptions, UploadSource,
};
use tl_assets::cli::ResumeStore;
use tl_assets::platform::{self, PlatformConfig, RunningPlatform};

const KEY: &str = "tlk_multipart_test";
const CHUNK: u64 = 16 * 1024;

async fn start(dir: &Path) -> (RunningPlatform, Client) {
    let mut config = PlatformConfig::new(dir.join("platform"), KEY);
    config.processing_delay = Duration::from_millis(50);
    config.limits.min_chunk_size = CHUNK;
    config.limits.chunk_size_step = CHUNK;
    // Fewer first URLs than chunks, so the client must ask for more.
    config.limits.initial_upload_urls = 2;
    let running = platform::start(config).await.expect("platform");
    let client = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");
    (running, client)
}

fn sample_video() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-video.mp4")
}

/// Chunk index → (status, uploaded_at) from the platform.
async fn chunk_table(client: &Client, upload_id: &str) -> BTreeMap<u32, (ChunkStatus, Option<String>)> {
    let status = client.upload_status_all(upload_id).await.expect("status");
    status
        .uploaded_chunks
        .into_iter()
        .map(|c| (c.index, (c.status, c.uploaded_at)))
        .collect()
}

#[tokio::test]
async fn interrupted_multipart_upload_resumes_and_is_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (running, client) = start(dir.path()).await;
    let original = std::fs::read(sample_video()).expect("sample");
    let store = ResumeStore::new(dir.path().join("resume"));

    let enough = Arc::new(tokio::sync::Notify::new());
    let signal = enough.clone();
    let save = store.saver();
    let options = MultipartOptions {
        concurrency: 2,
        report_batch: 1,
        on_state: Some(Arc::new(move |s: &MultipartState| {
            save(s);
            if s.acknowledged.len() >= 3 {
                signal.notify_one();
            }
        })),
        ..MultipartOptions::default()
    };
    let request = CreateAsset::new(UploadSource::File(sample_video()));
    tokio::select! {
        r = client.upload_multipart(&request, &options) => panic!("finished before the interruption: {r:?}"),
        _ = enough.notified() => {}
    }
    let before = store.list().pop().expect("saved state");
    assert!(before.total_chunks >= 4, "chunks: {}", before.total_chunks);
    assert!(!before.is_complete());

    let listed = client.list_all_incomplete_uploads().await.expect("incomplete");
    assert!(listed.iter().any(|u| u.upload_id == before.upload_id));
    let table_before = chunk_table(&client, &before.upload_id).await;
    let done_before: Vec<u32> = table_before
        .iter()
        .filter(|(_, (s, _))| *s == ChunkStatus::Completed)
        .map(|(i, _)| *i)
        .collect();
    assert!(done_before.len() >= 3, "{table_before:?}");

    // Resume from disk; count the chunks this run PUTs through the state it reports.
    let sent_again = Arc::new(std::sync::Mutex::new(Vec::<u32>::new()));
    let seen = sent_again.clone();
    let known = before.acknowledged.clone();
    let save = store.saver();
    let options = MultipartOptions {
        on_state: Some(Arc::new(move |s: &MultipartState| {
            save(s);
            let mut v = seen.lock().expect("lock");
            v.extend(s.stored.keys().filter(|i| known.contains(i)));
        })),
        ..MultipartOptions::default()
    };
    let state = store.load(&before.upload_id).expect("load");
    let done = client.resume_multipart(state, &options).await.expect("resume");
    assert_eq!(done.duplicate_chunks, 0, "no acknowledged chunk reported twice");
    assert!(
        sent_again.lock().expect("lock").is_empty(),
        "no acknowledged chunk sent twice"
    );

    let status = client.upload_status_all(&before.upload_id).await.expect("status");
    assert_eq!(status.status, UploadSessionStatus::Completed);
    let table_after = chunk_table(&client, &before.upload_id).await;
    for index in &done_before {
        assert_eq!(
            table_after[index], table_before[index],
            "chunk {index}, done before the interruption, was not touched again"
        );
    }

    let url = done.url.expect("the last report carries the file URL");
    let http = tl_assets::http_client::builder().build().expect("client");
    let bytes = http
        .get(&url)
        .send()
        .await
        .expect("download")
        .bytes()
        .await
        .expect("bytes");
    assert!(
        bytes.as_ref() == original.as_slice(),
        "the assembled file is byte-identical"
    );

    let asset = client
        .wait_for_asset(
            &done.asset_id,
            PollOptions {
                interval: Duration::from_millis(50),
                timeout: Duration::from_secs(60),
            },
            |_| {},
        )
        .await
        .expect("processed");
    assert_eq!(asset.status, Some(AssetStatus::Ready), "{asset:?}");
    assert_eq!(asset.size, Some(original.len() as u64));
    running.shutdown().await;
}
