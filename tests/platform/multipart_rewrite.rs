//! Chunks written in place into the session's file: a chunk PUT again through a new URL
//! overwrites its range (the ETag to report is the last one), a PUT of a chunk already reported
//! leaves its bytes alone, and the completed file is byte-identical.

use crate::platform_support::*;
use md5::{Digest, Md5};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const SESSIONS: &str = "/assets/multipart-uploads";
const SESSION: &str = "/assets/multipart-uploads/{upload_id}";
const PRESIGN: &str = "/assets/multipart-uploads/{upload_id}/presigned-urls";

/// A fresh URL for chunk `idx`.
async fn url_for(env: &Env, upload_id: &str, idx: usize) -> String {
    let resp = env
        .send_json(
            Method::POST,
            &format!("{SESSIONS}/{upload_id}/presigned-urls"),
            &json!({"start": idx, "count": 1}),
        )
        .await;
    let v = expect(resp, StatusCode::OK, "post", PRESIGN).await;
    v["upload_urls"][0]["url"].as_str().expect("url").to_string()
}

/// PUTs `body` for chunk `idx` through a fresh URL; returns the ETag.
async fn put(env: &Env, upload_id: &str, idx: usize, body: Vec<u8>) -> String {
    let url = url_for(env, upload_id, idx).await;
    let resp = env.http.put(&url).body(body).send().await.expect("put");
    assert_eq!(resp.status(), StatusCode::OK);
    resp.headers()["etag"]
        .to_str()
        .expect("etag")
        .trim_matches('"')
        .to_string()
}

async fn report(env: &Env, upload_id: &str, items: Vec<Value>) -> Value {
    let resp = env
        .send_json(
            Method::POST,
            &format!("{SESSIONS}/{upload_id}"),
            &json!({ "completed_chunks": items }),
        )
        .await;
    expect(resp, StatusCode::OK, "post", SESSION).await
}

#[tokio::test]
async fn rewritten_and_late_chunks_leave_the_right_bytes() {
    let env = Env::start_with(|c| {
        c.limits.min_chunk_size = 16 * 1024;
        c.limits.chunk_size_step = 1024;
    })
    .await;
    let bytes = std::fs::read(sample("sample-video.mp4")).expect("read");
    let body = json!({"filename": "in-place.mp4", "type": "video", "total_size": bytes.len()});
    let resp = env.send_json(Method::POST, SESSIONS, &body).await;
    let created = expect(resp, StatusCode::CREATED, "post", SESSIONS).await;
    let chunk = created["chunk_size"].as_u64().expect("chunk_size") as usize;
    let total = created["total_chunks"].as_u64().expect("total") as usize;
    assert!(total >= 3, "{total} chunks");
    let upload_id = created["upload_id"].as_str().expect("id").to_string();
    let asset_id = created["asset_id"].as_str().expect("asset").to_string();
    let part = |i: usize| bytes[(i - 1) * chunk..(i * chunk).min(bytes.len())].to_vec();
    let item = |i: usize, etag: &str| json!({"chunk_index": i, "proof": etag, "proof_type": "etag", "chunk_size": part(i).len()});

    // Chunk 1 first with wrong bytes, then again with the right ones: the last write wins.
    let wrong = put(&env, &upload_id, 1, vec![7u8; part(1).len()]).await;
    let right = put(&env, &upload_id, 1, part(1)).await;
    assert_ne!(wrong, right);
    assert_eq!(right, hex::encode(Md5::digest(part(1))));
    let resp = env
        .send_json(
            Method::POST,
            &format!("{SESSIONS}/{upload_id}"),
            &json!({ "completed_chunks": [item(1, &wrong)] }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "a stale ETag is refused");
    report(&env, &upload_id, vec![item(1, &right)]).await;

    // A reported chunk is final: a later PUT is answered but does not touch its bytes.
    put(&env, &upload_id, 1, vec![9u8; part(1).len()]).await;

    let mut items = Vec::new();
    for i in 2..=total {
        let etag = put(&env, &upload_id, i, part(i)).await;
        items.push(item(i, &etag));
    }
    let done = report(&env, &upload_id, items).await;
    let url = done["url"].as_str().expect("url once complete").to_string();
    let ready = env.wait_final(&asset_id).await;
    assert_eq!(ready["status"], "ready", "{ready}");
    let got = env
        .http
        .get(&url)
        .send()
        .await
        .expect("get")
        .bytes()
        .await
        .expect("bytes");
    assert!(got.as_ref() == bytes.as_slice(), "uploaded file differs");
    env.stop().await;
}
