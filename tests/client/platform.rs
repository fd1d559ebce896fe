//! Every asset call of the client against the real local platform on 127.0.0.1:0 with a
//! temporary data dir: create (direct and URL, with options), list with filters and as a page
//! stream, retrieve, user metadata (merge, replace, clear), indexed assets and the 409 on delete,
//! typed errors, the reachability probe, and GETs getting through injected faults.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support;
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use tl_assets::api::types::{AssetStatus, AssetType, ListAssetsQuery, UploadMethod};
use tl_assets::api::{ApiError, ApiKey, Client, CreateAsset, PollOptions, RetryPolicy, UploadSource};
use tl_assets::platform::{self, FaultSpec, PlatformConfig, RunningPlatform};

const KEY: &str = "tlk_test_key";

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

async fn start(dir: &Path, faults: Option<FaultSpec>) -> (RunningPlatform, Client) {
    let mut config = PlatformConfig::new(dir.to_path_buf(), KEY);
    config.processing_delay = Duration::from_millis(50);
    config.faults = faults;
    let running = platform::start(config).await.expect("platform starts");
    let client = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");
    (running, client)
}

fn fast_poll() -> PollOptions {
    PollOptions {
        interval: Duration::from_millis(50),
        timeout: Duration::from_secs(60),
    }
}

fn metadata(v: Value) -> serde_json::Map<String, Value> {
    v.as_object().cloned().expect("object")
}

async fn upload_ready(client: &Client, req: &CreateAsset) -> tl_assets::api::types::Asset {
    let created = client.create_asset(req, None).await.expect("create");
    client
        .wait_for_asset(&created.id, fast_poll(), |_| {})
        .await
        .expect("wait")
}

#[tokio::test]
async fn direct_upload_with_options_then_list_filters_get_and_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (running, client) = start(dir.path(), None).await;
    let mut req = CreateAsset::new(UploadSource::File(sample("sample-video.mp4")));
    req.filename = Some("harbor.mp4".into());
    req.enable_thumbnail = true;
    req.enable_hls = true;
    req.user_metadata = Some(metadata(json!({"project": "harbor", "take": 3, "ok": true})));
    let created = client.create_asset(&req, None).await.expect("create");
    assert_eq!(created.method, Some(UploadMethod::Direct));
    assert_eq!(created.filename.as_deref(), Some("harbor.mp4"));
    let asset = client
        .wait_for_asset(&created.id, fast_poll(), |_| {})
        .await
        .expect("wait");
    assert_eq!(asset.status, Some(AssetStatus::Ready), "{asset:?}");
    assert_eq!(
        asset.size,
        Some(std::fs::metadata(sample("sample-video.mp4")).expect("m").len())
    );
    assert!(asset.thumbnail.is_some() && asset.hls.is_some(), "{asset:?}");
    assert_eq!(
        asset.user_metadata.as_ref().map(|m| m["take"].clone()),
        Some(json!(3))
    );

    let image = upload_ready(
        &client,
        &CreateAsset::new(UploadSource::File(sample("sample-image.jpg"))),
    )
    .await;

    let by_type = client
        .list_assets(&ListAssetsQuery {
            asset_types: vec![AssetType::Video],
            ..Default::default()
        })
        .await
        .expect("list");
    assert!(by_type.data.iter().any(|a| a.id == asset.id));
    assert!(by_type.data.iter().all(|a| a.id != image.id));
    let by_name = client
        .list_assets(&ListAssetsQuery {
            filename: Some("HARBOR".into()),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(
        by_name.data.iter().map(|a| &a.id).collect::<Vec<_>>(),
        vec![&asset.id]
    );
    let by_id = client
        .list_assets(&ListAssetsQuery {
            asset_ids: vec![image.id.clone()],
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(by_id.data.len(), 1);

    // Pages of one: the stream yields each page once and stops at the last.
    let pages: Vec<_> = client
        .asset_pages(ListAssetsQuery {
            page_limit: Some(1),
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].data[0].id, image.id, "newest first");
    let all = client
        .list_all_assets(&ListAssetsQuery {
            page_limit: Some(1),
            ..Default::default()
        })
        .await
        .expect("all");
    assert_eq!(all.len(), 2);

    let got = client.get_asset(&asset.id).await.expect("get");
    assert_eq!(got.id, asset.id);
    let probe = client.probe().await.expect("probe");
    assert_eq!(probe.status, 200);
    assert_eq!(probe.api_version.as_deref(), Some("1.3"));
    running.shutdown().await;
}

#[tokio::test]
async fn user_metadata_merge_replace_clear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (running, client) = start(dir.path(), None).await;
    let mut req = CreateAsset::new(UploadSource::File(sample("sample-image.jpg")));
    req.user_metadata = Some(metadata(json!({"a": "x", "b": 1})));
    let asset = upload_ready(&client, &req).await;
    let meta = |c: &Client, id: String| {
        let c = c.clone();
        async move {
            c.get_asset(&id)
                .await
                .expect("get")
                .user_metadata
                .unwrap_or_default()
        }
    };

    client
        .patch_user_metadata(&asset.id, &metadata(json!({"b": null, "c": 2.5, "d": false})))
        .await
        .expect("patch");
    assert_eq!(
        Value::Object(meta(&client, asset.id.clone()).await),
        json!({"a": "x", "c": 2.5, "d": false})
    );

    client
        .put_user_metadata(&asset.id, &metadata(json!({"only": "this"})))
        .await
        .expect("put");
    assert_eq!(
        Value::Object(meta(&client, asset.id.clone()).await),
        json!({"only": "this"})
    );

    client.delete_user_metadata(&asset.id).await.expect("delete");
    assert!(meta(&client, asset.id.clone()).await.is_empty());

    let err = client
        .patch_user_metadata("66b1f0c2a9e4d31b7c0f5a12", &metadata(json!({"k": 1})))
        .await
        .expect_err("unknown asset");
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
    running.shutdown().await;
}

#[tokio::test]
async fn referenced_asset_needs_force_to_delete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (running, client) = start(dir.path(), None).await;
    let asset = upload_ready(
        &client,
        &CreateAsset::new(UploadSource::File(sample("sample-video.mp4"))),
    )
    .await;

    let index_id = support::indexes::create_index(running.base_url(), KEY, "refs").await;
    support::indexes::reference(running.base_url(), KEY, &index_id, &asset.id).await;

    let refs = client
        .indexed_assets(&asset.id, 1, 10)
        .await
        .expect("indexed assets");
    assert_eq!(refs.data.len(), 1);
    assert_eq!(refs.data[0].index.id, index_id);

    let err = client.delete_asset(&asset.id, false).await.expect_err("409");
    assert!(matches!(err, ApiError::Conflict { .. }), "{err:?}");
    assert_eq!(err.code(), "asset_referenced");
    assert_ne!(err.hint(), tl_assets::api::hints::hint_for("", Some(409)));

    client.delete_asset(&asset.id, true).await.expect("force delete");
    let gone = client.get_asset(&asset.id).await.expect_err("gone");
    assert!(matches!(gone, ApiError::NotFound { .. }), "{gone:?}");
    assert_eq!(gone.code(), "resource_not_exist");
    running.shutdown().await;
}

#[tokio::test]
async fn url_upload_and_typed_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (running, client) = start(dir.path(), None).await;

    // A one-file web server for the URL upload.
    let bytes = std::fs::read(sample("sample-image.jpg")).expect("image");
    let app = axum::Router::new().route(
        "/pic.jpg",
        axum::routing::get(move || {
            let b = bytes.clone();
            async move { ([("content-type", "image/jpeg")], b) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let asset = upload_ready(
        &client,
        &CreateAsset::new(UploadSource::Url(format!("http://{addr}/pic.jpg"))),
    )
    .await;
    assert_eq!(asset.method, Some(UploadMethod::Url));
    assert_eq!(asset.status, Some(AssetStatus::Ready), "{asset:?}");

    let wrong_key = Client::new(running.base_url(), ApiKey::new("nope")).expect("client");
    let err = wrong_key.list_assets(&Default::default()).await.expect_err("401");
    assert!(
        matches!(err, ApiError::Unauthorized { status: 401, .. }),
        "{err:?}"
    );

    // A truncated video: the platform refuses it with a code that has its own hint.
    let broken = dir.path().join("broken.mp4");
    let head = std::fs::read(sample("sample-video.mp4")).expect("video");
    std::fs::write(&broken, &head[..4096]).expect("write");
    let err = client
        .create_asset(&CreateAsset::new(UploadSource::File(broken)), None)
        .await
        .expect_err("broken");
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert_ne!(
        err.hint(),
        tl_assets::api::hints::hint_for("", Some(400)),
        "{err:?}"
    );
    running.shutdown().await;
}

#[tokio::test]
async fn gets_survive_injected_faults() {
    let dir = tempfile::tempdir().expect("tempdir");
    let faults = FaultSpec {
        error_500: 0.3,
        seed: Some(7),
        ..FaultSpec::default()
    };
    let (running, client) = start(dir.path(), Some(faults)).await;
    // Without retries, the faults show: some calls fail.
    let bare = client.clone().with_retry(RetryPolicy::none());
    let mut failures = 0;
    for _ in 0..20 {
        if bare.list_assets(&Default::default()).await.is_err() {
            failures += 1;
        }
    }
    assert!(failures > 0, "the fault injection is active");
    let client = client.with_retry(RetryPolicy {
        max_retries: 8,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(20),
    });
    for _ in 0..20 {
        client
            .list_assets(&Default::default())
            .await
            .expect("list through faults");
    }
    running.shutdown().await;
}
