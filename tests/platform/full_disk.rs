//! A full disk: the platform answers 507 `storage_full` with a message saying the disk is full,
//! stores nothing, and the client gives up at once (one request, no retry, no reconcile)
//! instead of retrying a fault that does not pass. The disk is made "full" by asking the platform
//! to keep more free space than any disk has (`Limits::min_free_bytes`), so the refusal comes
//! from the real free-space check of the real data dir.

use std::sync::Arc;

use crate::platform_support::{Env, FileServer, KEY, entries, expect, expect_error, sample};
use reqwest::{Method, StatusCode};
use serde_json::json;
use tl_assets::api::{ApiKey, Client, CreateAsset, NoHooks, UploadJob, UploadOptions, UploadSource};
use tl_assets::platform::FaultSpec;

async fn full_disk() -> Env {
    Env::start_with(|c| {
        c.limits.min_free_bytes = u64::MAX / 2;
        // No faults: the spec only counts the requests that reach the platform.
        c.faults = Some(FaultSpec::default());
    })
    .await
}

fn says_disk_is_full(message: &str) {
    assert!(message.contains("disk") && message.contains("full"), "{message}");
    assert!(!message.contains("try again later"), "{message}");
}

#[tokio::test]
async fn uploads_to_a_full_disk_get_storage_full_and_store_nothing() {
    let env = full_disk().await;
    let resp = env.upload_sample("sample-image.jpg", &[]).await;
    says_disk_is_full(
        &expect_error(
            resp,
            StatusCode::INSUFFICIENT_STORAGE,
            "storage_full",
            "post",
            "/assets",
        )
        .await,
    );

    let files = FileServer::start(vec![(
        "clip.jpg",
        std::fs::read(sample("sample-image.jpg")).expect("sample"),
    )])
    .await;
    let resp = env.upload_url(&files.url("clip.jpg"), &[]).await;
    says_disk_is_full(
        &expect_error(
            resp,
            StatusCode::INSUFFICIENT_STORAGE,
            "storage_full",
            "post",
            "/assets",
        )
        .await,
    );

    let body = json!({"filename": "big.mp4", "type": "video", "total_size": 50_000_000});
    let resp = env
        .send_json(Method::POST, "/assets/multipart-uploads", &body)
        .await;
    let template = "/assets/multipart-uploads";
    says_disk_is_full(
        &expect_error(
            resp,
            StatusCode::INSUFFICIENT_STORAGE,
            "storage_full",
            "post",
            template,
        )
        .await,
    );

    let list = expect(
        env.send(Method::GET, "/assets").await,
        StatusCode::OK,
        "get",
        "/assets",
    )
    .await;
    assert_eq!(list["page_info"]["total_results"], 0);
    assert!(entries(&env.dir.path().join("tmp")).is_empty());
    assert!(entries(&env.dir.path().join("blobs")).is_empty());
}

#[tokio::test]
async fn the_client_does_not_retry_a_full_disk() {
    let env = full_disk().await;
    let client = Client::new(env.platform().base_url(), ApiKey::new(KEY)).expect("client");
    let options = UploadOptions::for_client(&client);
    let job = UploadJob::New {
        request: CreateAsset::new(UploadSource::File(sample("sample-video.mp4"))),
        plan: None,
    };
    let err = client
        .upload(job, &options, Arc::new(NoHooks))
        .await
        .expect_err("a full disk stores nothing");
    assert_eq!(err.code(), "storage_full", "{err:?}");
    says_disk_is_full(&err.message());
    assert!(!err.is_transient(), "{err:?}");
    let counts = env.platform().fault_counts().expect("counted");
    assert_eq!(
        counts.requests, 1,
        "one POST, no retry and no reconcile: {counts:?}"
    );
}
