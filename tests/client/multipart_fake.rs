//! Multipart uploads against a small in-memory server of the multipart calls that counts the
//! PUTs of every chunk: an upload interrupted after some chunks are acknowledged and then resumed
//! from its saved state sends no acknowledged chunk twice and assembles the file byte for byte.

use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::support::fake_multipart;
use tl_assets::api::{
    ApiKey, Client, CreateAsset, EtagCheck, MultipartOptions, MultipartState, RetryPolicy, UploadSource,
};
use tl_assets::cli::ResumeStore;

const CHUNK: u64 = 8 * 1024;

/// The sample video with a tail of varied bytes, so every chunk differs.
fn media_file(dir: &Path) -> std::path::PathBuf {
    let mut bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-video.mp4")).expect("sample");
    bytes.extend((0..50_000u32).map(|i| (i * 7 + i / 251) as u8));
    let path = dir.join("clip.mp4");
    std::fs::write(&path, &bytes).expect("write");
    path
}

#[tokio::test]
async fn interrupted_upload_resumes_without_resending_acknowledged_chunks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = media_file(dir.path());
    let original = std::fs::read(&file).expect("read");
    let (base, fake) = fake_multipart::start(CHUNK).await;
    let client = Client::new(&base, ApiKey::new("k")).expect("client");
    let store = ResumeStore::new(dir.path().join("resume"));

    // First run: stop (drop the future) once at least 4 chunks are acknowledged.
    let enough = Arc::new(tokio::sync::Notify::new());
    let save = store.saver();
    let signal = enough.clone();
    let options = MultipartOptions {
        concurrency: 3,
        report_batch: 2,
        on_state: Some(Arc::new(move |s: &MultipartState| {
            save(s);
            if s.acknowledged.len() >= 4 {
                signal.notify_one();
            }
        })),
        ..MultipartOptions::default()
    };
    let request = CreateAsset::new(UploadSource::File(file.clone()));
    tokio::select! {
        r = client.upload_multipart(&request, &options) => panic!("finished before the interruption: {r:?}"),
        _ = enough.notified() => {}
    }

    let saved = store.list();
    assert_eq!(saved.len(), 1, "one resume file");
    let before = saved[0].clone();
    assert!(
        before.total_chunks >= 10,
        "more than the first 10 URLs: {}",
        before.total_chunks
    );
    assert!(before.acknowledged.len() >= 4 && !before.is_complete());
    let known: Vec<u32> = before
        .acknowledged
        .iter()
        .copied()
        .chain(before.stored.keys().copied())
        .collect();

    // Second run, from the state on disk.
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    let options = MultipartOptions {
        progress: Some(Arc::new(move |b| seen.lock().expect("lock").push(b))),
        on_state: Some(store.saver()),
        ..MultipartOptions::default()
    };
    let state = store.load(&before.upload_id).expect("load");
    let done = client.resume_multipart(state, &options).await.expect("resume");
    assert!(done.state.is_complete());
    assert_eq!(done.duplicate_chunks, 0);
    assert_eq!(done.asset_id, before.asset_id);

    let f = fake.lock().expect("lock");
    let session = &f.sessions[&before.upload_id];
    for index in &known {
        assert_eq!(
            session.puts.get(index),
            Some(&1),
            "chunk {index} was known done but sent again"
        );
    }
    assert_eq!(session.reported.len() as u32, session.total);
    assert_eq!(session.duplicates, 0, "no chunk reported twice");
    assert_eq!(
        session.assembled(),
        original,
        "the assembled file is byte-identical"
    );
    assert_eq!(f.puts_without_length, 0, "every chunk PUT carries Content-Length");
    let progress = progress.lock().expect("lock");
    assert_eq!(progress.last().copied(), Some(original.len() as u64));
    assert!(
        progress.windows(2).all(|w| w[0] <= w[1]),
        "progress never goes back"
    );
}

#[tokio::test]
async fn a_checked_chunk_whose_etag_does_not_match_its_bytes_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = media_file(dir.path());
    let (base, fake) = fake_multipart::start(CHUNK).await;
    fake.lock().expect("lock").wrong_etags = true;
    let client = Client::new(&base, ApiKey::new("k"))
        .expect("client")
        .with_retry(RetryPolicy::none());
    let request = CreateAsset::new(UploadSource::File(file));
    let run = |etag_check| {
        let options = MultipartOptions {
            concurrency: 1,
            etag_check,
            ..MultipartOptions::default()
        };
        let (client, request) = (client.clone(), request.clone());
        async move { client.upload_multipart(&request, &options).await }
    };

    let err = run(EtagCheck::Always).await.expect_err("wrong ETag");
    assert!(err.to_string().contains("does not match the bytes read"), "{err}");
    assert!(
        matches!(err, tl_assets::api::ApiError::EtagMismatch { .. }) && !err.is_connection_lost(),
        "a changed chunk is its own error, not a lost connection: {err:?}"
    );
    assert_eq!(err.code(), "etag_mismatch");
    assert_eq!(
        fake.lock().expect("lock").total_puts,
        1,
        "stopped at the first chunk"
    );

    // The fake is on loopback, where the default skips the hash: the chunks go through and the
    // wrong proofs are only refused when reported.
    let err = run(EtagCheck::Auto).await.expect_err("wrong proofs");
    assert_eq!(err.status(), Some(400), "{err}");
    assert!(
        !err.to_string().contains("does not match the bytes read"),
        "{err}"
    );
}

#[tokio::test]
async fn a_changed_file_is_not_resumed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = media_file(dir.path());
    let (base, _fake) = fake_multipart::start(CHUNK).await;
    let client = Client::new(&base, ApiKey::new("k")).expect("client");
    let last = Arc::new(Mutex::new(None));
    let keep = last.clone();
    let stop = Arc::new(tokio::sync::Notify::new());
    let signal = stop.clone();
    let options = MultipartOptions {
        concurrency: 1,
        report_batch: 1,
        on_state: Some(Arc::new(move |s: &MultipartState| {
            *keep.lock().expect("lock") = Some(s.clone());
            if !s.acknowledged.is_empty() {
                signal.notify_one();
            }
        })),
        ..MultipartOptions::default()
    };
    let request = CreateAsset::new(UploadSource::File(file.clone()));
    tokio::select! {
        r = client.upload_multipart(&request, &options) => panic!("finished too early: {r:?}"),
        _ = stop.notified() => {}
    }
    let state = last.lock().expect("lock").clone().expect("state");
    std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"more"))
        .expect("append");
    let err = client
        .resume_multipart(state, &MultipartOptions::default())
        .await
        .expect_err("changed");
    assert!(
        err.to_string().contains("changed since the upload started"),
        "{err}"
    );
}

#[tokio::test]
async fn incomplete_sessions_and_status_pages_are_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = media_file(dir.path());
    let (base, _fake) = fake_multipart::start(CHUNK).await;
    let client = Client::new(&base, ApiKey::new("k")).expect("client");
    let size = std::fs::metadata(&file).expect("meta").len();
    let created = client
        .create_multipart_upload(&tl_assets::api::types::CreateUploadRequest {
            filename: "clip.mp4".into(),
            asset_type: tl_assets::api::types::AssetType::Video,
            total_size: size,
            enable_hls: None,
            enable_thumbnail: None,
            user_metadata: None,
        })
        .await
        .expect("create");
    assert_eq!(created.upload_urls.len(), 10);
    let more = client
        .presigned_urls(&created.upload_id, 11, 5)
        .await
        .expect("presign");
    assert_eq!(more.upload_urls.first().map(|u| u.chunk_index), Some(11));
    let listed = client.list_all_incomplete_uploads().await.expect("list");
    assert!(listed.iter().any(|u| u.upload_id == created.upload_id));
    let status = client
        .upload_status_all(&created.upload_id)
        .await
        .expect("status");
    assert_eq!(
        status.uploaded_chunks.len() as u32,
        created.total_chunks,
        "every page merged"
    );
}
