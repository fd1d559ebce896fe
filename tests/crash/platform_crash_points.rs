//! Durability at exact points: a platform process is killed with SIGKILL while joining the
//! chunks of a multipart upload, right after a delete's row is gone but before its files are,
//! and in the middle of a burst of direct uploads and deletes. After a restart on the same data
//! dir: every acknowledged asset is listed and served whole, deleted ones stay deleted, the
//! interrupted join is finished, and no file is left that no row knows.
//!
//! The platform runs in a child process (this test binary, re-run on the ignored
//! `crash_child_server` test); a hidden switch makes it stop at a named point. The child and
//! the checks after a restart: `crash_points/`.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use crate::platform_support::*;
use md5::{Digest, Md5};
use reqwest::StatusCode;
use serde_json::json;

use crate::crash_points::{
    Child, DIR_VAR, check_consistent, delete, http, listed_ids, until_processed, upload,
};

#[tokio::test]
#[ignore = "helper process of the crash tests in this file"]
async fn crash_child_server() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    let platform = tl_assets::platform::start(config(Path::new(&dir), |c| {
        c.processing_delay = Duration::from_millis(50);
        c.limits.min_chunk_size = 8 * 1024;
        c.limits.chunk_size_step = 1024;
    }))
    .await
    .expect("start");
    println!("BASE {}", platform.base_url());
    std::future::pending::<()>().await;
}

#[tokio::test]
async fn a_kill_while_joining_chunks_is_finished_by_the_restart() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut child = Child::start(data.path(), Some("platform_join")).await;
    let base = child.base.clone();
    let bytes = std::fs::read(sample("sample-video.mp4")).expect("read");
    let resp = http()
        .post(format!("{base}/assets/multipart-uploads"))
        .header("x-api-key", KEY)
        .json(&json!({"filename": "joined.mp4", "type": "video", "total_size": bytes.len()}))
        .send()
        .await
        .expect("create");
    let created = expect(resp, StatusCode::CREATED, "post", "/assets/multipart-uploads").await;
    let upload_id = created["upload_id"].as_str().expect("id").to_string();
    let asset_id = created["asset_id"].as_str().expect("asset").to_string();
    let chunk = created["chunk_size"].as_u64().expect("chunk size") as usize;
    let total = created["total_chunks"].as_u64().expect("total") as u32;
    assert!(total >= 4, "{total} chunks");
    let resp = http()
        .post(format!(
            "{base}/assets/multipart-uploads/{upload_id}/presigned-urls"
        ))
        .header("x-api-key", KEY)
        .json(&json!({"start": 1, "count": total}))
        .send()
        .await
        .expect("presign");
    let urls = expect(
        resp,
        StatusCode::OK,
        "post",
        "/assets/multipart-uploads/{upload_id}/presigned-urls",
    )
    .await;
    let mut report = Vec::new();
    for u in urls["upload_urls"].as_array().expect("urls") {
        let i = u["chunk_index"].as_u64().expect("index") as usize;
        let piece = &bytes[(i - 1) * chunk..(i * chunk).min(bytes.len())];
        let resp = http()
            .put(u["url"].as_str().expect("url"))
            .body(piece.to_vec())
            .send()
            .await
            .expect("put");
        assert_eq!(resp.status(), StatusCode::OK);
        report.push(json!({"chunk_index": i, "proof": hex::encode(Md5::digest(piece)),
            "proof_type": "etag", "chunk_size": piece.len()}));
    }
    // The last report starts the join, which the child stops halfway.
    let pending = tokio::spawn(
        http()
            .post(format!("{base}/assets/multipart-uploads/{upload_id}"))
            .header("x-api-key", KEY)
            .json(&json!({ "completed_chunks": report }))
            .send(),
    );
    child.stalled().await;
    child.kill().await;
    assert!(
        pending.await.expect("join").is_err(),
        "the report was never answered"
    );

    let child = Child::start(data.path(), None).await;
    let base = child.base.clone();
    // The restart finishes the join: the session completes and the asset gets processed.
    let asset = until_processed(&base, &asset_id).await;
    assert_eq!(asset["status"], "ready", "{asset}");
    let resp = http()
        .get(format!("{base}/assets/multipart-uploads/{upload_id}"))
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("status");
    let status = expect(
        resp,
        StatusCode::OK,
        "get",
        "/assets/multipart-uploads/{upload_id}",
    )
    .await;
    assert_eq!(status["status"], "completed", "{status}");
    assert_eq!(
        entries(&data.path().join("chunks")),
        BTreeSet::new(),
        "chunk files left"
    );
    check_consistent(data.path(), &base, &BTreeSet::from([asset_id]), &bytes).await;
    child.kill().await;
}

#[tokio::test]
async fn a_kill_between_a_deletes_row_and_its_files_leaves_no_orphan() {
    let data = tempfile::tempdir().expect("tempdir");
    let bytes = std::fs::read(sample("sample-image.jpg")).expect("read");
    let mut child = Child::start(data.path(), Some("platform_delete")).await;
    let base = child.base.clone();
    let kept = upload(&base, bytes.clone(), "kept.jpg").await.expect("upload");
    let doomed = upload(&base, bytes.clone(), "doomed.jpg").await.expect("upload");
    // Processed first: a job still running for an asset whose row vanished cleans its files up
    // itself, which would race the orphan this test leaves on purpose.
    assert_eq!(until_processed(&base, &doomed).await["status"], "ready");
    assert!(data.path().join("blobs").join(&doomed).exists());
    let pending = tokio::spawn({
        let (base, doomed) = (base.clone(), doomed.clone());
        async move { delete(&base, &doomed).await }
    });
    child.stalled().await;
    child.kill().await;
    assert!(!pending.await.expect("join"), "the delete was never answered");
    // The row is gone; the blob outlived the process.
    assert!(data.path().join("blobs").join(&doomed).exists());

    let child = Child::start(data.path(), None).await;
    let resp = http()
        .get(format!("{}/assets/{doomed}", child.base))
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("get");
    assert_eq!(
        resp.status(),
        StatusCode::NOT_FOUND,
        "a deleted asset stays deleted"
    );
    check_consistent(data.path(), &child.base, &BTreeSet::from([kept]), &bytes).await;
    child.kill().await;
}

#[tokio::test]
async fn a_kill_during_a_burst_of_uploads_and_deletes_loses_nothing_acknowledged() {
    let data = tempfile::tempdir().expect("tempdir");
    let bytes = std::fs::read(sample("sample-image.jpg")).expect("read");
    let child = Child::start(data.path(), None).await;
    let base = child.base.clone();
    let mut old = Vec::new();
    for i in 0..12 {
        old.push(
            upload(&base, bytes.clone(), &format!("old-{i}.jpg"))
                .await
                .expect("upload"),
        );
    }
    // Uploads and deletes in flight together; the process dies once a few have been answered.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(&str, String)>();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..24 {
        let (base, bytes, tx) = (base.clone(), bytes.clone(), tx.clone());
        tasks.spawn(async move {
            if let Ok(id) = upload(&base, bytes, &format!("new-{i}.jpg")).await {
                let _ = tx.send(("created", id));
            }
        });
    }
    for id in old.clone() {
        let (base, tx) = (base.clone(), tx.clone());
        tasks.spawn(async move {
            if delete(&base, &id).await {
                let _ = tx.send(("deleted", id));
            }
        });
    }
    drop(tx);
    let mut acknowledged = Vec::new();
    while let Ok(Some(event)) = tokio::time::timeout(Duration::from_secs(60), rx.recv()).await {
        acknowledged.push(event);
        if acknowledged.len() == 10 {
            break;
        }
    }
    child.kill().await;
    while tasks.join_next().await.is_some() {}
    while let Ok(event) = rx.try_recv() {
        acknowledged.push(event);
    }
    let created: BTreeSet<String> = acknowledged
        .iter()
        .filter(|(k, _)| *k == "created")
        .map(|(_, id)| id.clone())
        .collect();
    let deleted: BTreeSet<String> = acknowledged
        .iter()
        .filter(|(k, _)| *k == "deleted")
        .map(|(_, id)| id.clone())
        .collect();

    let child = Child::start(data.path(), None).await;
    let listed = listed_ids(&child.base).await;
    assert!(
        created.is_subset(&listed),
        "acknowledged uploads lost: {:?}",
        created.difference(&listed)
    );
    assert!(listed.is_disjoint(&deleted), "acknowledged deletes undone");
    // Unacknowledged work may have happened or not, but never by halves.
    check_consistent(data.path(), &child.base, &listed, &bytes).await;
    eprintln!(
        "burst: {} uploads and {} deletes acknowledged before the kill; {} assets after restart",
        created.len(),
        deleted.len(),
        listed.len()
    );
    child.kill().await;
}
