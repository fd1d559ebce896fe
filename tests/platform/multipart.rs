//! Multipart upload sessions through the raw calls: chunks PUT in shuffled order, a duplicate
//! report, completion, and the file read back byte-identical.

use crate::platform_support::*;
use md5::{Digest, Md5};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const SESSIONS: &str = "/assets/multipart-uploads";
const SESSION: &str = "/assets/multipart-uploads/{upload_id}";
const PRESIGN: &str = "/assets/multipart-uploads/{upload_id}/presigned-urls";

async fn small_chunk_env() -> Env {
    Env::start_with(|c| {
        c.limits.min_chunk_size = 16 * 1024;
        c.limits.chunk_size_step = 1024;
        c.limits.initial_upload_urls = 3;
    })
    .await
}

#[tokio::test]
async fn shuffled_chunks_duplicate_report_and_byte_identical_result() {
    let env = small_chunk_env().await;
    let bytes = std::fs::read(sample("sample-video.mp4")).expect("read");
    let body = json!({"filename": "harbor.mp4", "type": "video", "total_size": bytes.len(),
        "enable_thumbnail": true, "user_metadata": {"take": 2}});
    let resp = env.send_json(Method::POST, SESSIONS, &body).await;
    let created = expect(resp, StatusCode::CREATED, "post", SESSIONS).await;
    let chunk_size = created["chunk_size"].as_u64().expect("chunk_size") as usize;
    let total = created["total_chunks"].as_u64().expect("total") as usize;
    assert_eq!(chunk_size, 16 * 1024);
    assert_eq!(total, bytes.len().div_ceil(chunk_size));
    assert_eq!(
        created["upload_urls"].as_array().expect("urls").len(),
        3,
        "first URLs only"
    );
    let upload_id = created["upload_id"].as_str().expect("id").to_string();
    let asset_id = created["asset_id"].as_str().expect("asset").to_string();

    // The reserved asset answers `processing` and is not listed yet.
    let resp = env.send(Method::GET, &format!("/assets/{asset_id}")).await;
    let reserved = expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await;
    assert_eq!(
        (reserved["status"].as_str(), reserved["method"].as_str()),
        (Some("processing"), Some("multipart"))
    );
    let resp = env.req(Method::GET, "/assets").send().await.expect("send");
    assert_eq!(
        expect(resp, StatusCode::OK, "get", "/assets").await["page_info"]["total_results"],
        0
    );

    // The rest of the URLs, clipped to the session.
    let mut urls: Vec<(usize, String)> = created["upload_urls"]
        .as_array()
        .expect("urls")
        .iter()
        .map(|u| {
            (
                u["chunk_index"].as_u64().expect("i") as usize,
                u["url"].as_str().expect("url").to_string(),
            )
        })
        .collect();
    let resp = env
        .send_json(
            Method::POST,
            &format!("{SESSIONS}/{upload_id}/presigned-urls"),
            &json!({"start": 4, "count": 50}),
        )
        .await;
    let more = expect(resp, StatusCode::OK, "post", PRESIGN).await;
    assert_eq!(more["start_index"], 4);
    assert_eq!(more["count"].as_u64(), Some((total - 3) as u64));
    for u in more["upload_urls"].as_array().expect("urls") {
        urls.push((
            u["chunk_index"].as_u64().expect("i") as usize,
            u["url"].as_str().expect("url").to_string(),
        ));
    }
    urls.sort();
    assert_eq!(
        urls.iter().map(|u| u.0).collect::<Vec<_>>(),
        (1..=total).collect::<Vec<_>>()
    );

    // PUT every chunk, shuffled, without an API key; the ETag is the chunk's hex MD5.
    let mut order: Vec<usize> = (1..=total).collect();
    order.reverse();
    order.swap(0, total / 2);
    let mut etags = vec![String::new(); total + 1];
    for &idx in &order {
        let part = &bytes[(idx - 1) * chunk_size..(idx * chunk_size).min(bytes.len())];
        let resp = env
            .http
            .put(&urls[idx - 1].1)
            .body(part.to_vec())
            .send()
            .await
            .expect("put");
        assert_eq!(resp.status(), StatusCode::OK);
        let etag = resp.headers()["etag"]
            .to_str()
            .expect("etag")
            .trim_matches('"')
            .to_string();
        assert_eq!(etag, hex::encode(Md5::digest(part)));
        etags[idx] = etag;
    }
    // A URL is single use.
    let resp = env
        .http
        .put(&urls[0].1)
        .body(vec![1u8; 10])
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    let item = |idx: usize| {
        let size = (idx * chunk_size).min(bytes.len()) - (idx - 1) * chunk_size;
        json!({"chunk_index": idx, "proof": etags[idx], "proof_type": "etag", "chunk_size": size})
    };
    let report_path = format!("{SESSIONS}/{upload_id}");
    // A wrong proof refuses the batch.
    let mut wrong = item(1);
    wrong["proof"] = json!("00000000000000000000000000000000");
    let resp = env
        .send_json(Method::POST, &report_path, &json!({"completed_chunks": [wrong]}))
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        SESSION,
    )
    .await;

    // First batch with a duplicate inside.
    let first: Vec<Value> = vec![item(order[0]), item(order[1]), item(order[0])];
    let resp = env
        .send_json(Method::POST, &report_path, &json!({"completed_chunks": first}))
        .await;
    let r = expect(resp, StatusCode::OK, "post", SESSION).await;
    assert_eq!(
        (r["processed_chunks"].as_u64(), r["duplicate_chunks"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(r["total_completed"], 2);
    assert!(r.get("url").is_none(), "{r}");

    // Status lists every chunk, pending ones too, paginated.
    let resp = env
        .send(Method::GET, &format!("{report_path}?page_limit=5&page=2"))
        .await;
    let st = expect(resp, StatusCode::OK, "get", SESSION).await;
    assert_eq!(st["status"], "active");
    assert_eq!(
        (st["chunks_completed"].as_u64(), st["chunks_pending"].as_u64()),
        (Some(2), Some(total as u64 - 2))
    );
    assert_eq!(st["uploaded_chunks"].as_array().expect("chunks").len(), total - 5);
    assert_eq!(st["page_info"]["total_results"].as_u64(), Some(total as u64));
    let resp = env.req(Method::GET, SESSIONS).send().await.expect("send");
    let incomplete = expect(resp, StatusCode::OK, "get", SESSIONS).await;
    assert_eq!(incomplete["data"][0]["upload_id"], upload_id.as_str());

    // The rest, plus one already reported.
    let rest: Vec<Value> = order[2..]
        .iter()
        .map(|&i| item(i))
        .chain([item(order[1])])
        .collect();
    let resp = env
        .send_json(Method::POST, &report_path, &json!({"completed_chunks": rest}))
        .await;
    let r = expect(resp, StatusCode::OK, "post", SESSION).await;
    assert_eq!(
        (r["processed_chunks"].as_u64(), r["duplicate_chunks"].as_u64()),
        (Some(total as u64 - 2), Some(1))
    );
    assert_eq!(r["total_completed"].as_u64(), Some(total as u64));
    let url = r["url"].as_str().expect("url once complete").to_string();

    let resp = env.req(Method::GET, &report_path).send().await.expect("send");
    assert_eq!(
        expect(resp, StatusCode::OK, "get", SESSION).await["status"],
        "completed"
    );
    let resp = env.req(Method::GET, SESSIONS).send().await.expect("send");
    assert_eq!(
        expect(resp, StatusCode::OK, "get", SESSIONS).await["data"],
        json!([])
    );

    // The asset is processed like any other, and the file is byte-identical.
    let ready = env.wait_final(&asset_id).await;
    assert_eq!(ready["status"], "ready", "{ready}");
    assert_eq!(ready["size"].as_u64(), Some(bytes.len() as u64));
    assert_eq!(ready["user_metadata"], json!({"take": 2}));
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
    let resp = env
        .http
        .get(&url)
        .header("range", "bytes=100-199")
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        resp.headers()["content-range"],
        format!("bytes 100-199/{}", bytes.len()).as_str()
    );
    assert!(resp.bytes().await.expect("bytes").as_ref() == &bytes[100..200]);
    env.stop().await;
}

#[tokio::test]
async fn session_errors() {
    let env = small_chunk_env().await;
    let resp = env
        .send_json(
            Method::POST,
            SESSIONS,
            &json!({"type": "video", "total_size": 10}),
        )
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_not_provided",
        "post",
        SESSIONS,
    )
    .await;
    let body = json!({"filename": "a.doc", "type": "document", "total_size": 10});
    let resp = env.send_json(Method::POST, SESSIONS, &body).await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        SESSIONS,
    )
    .await;
    let body = json!({"filename": "big.mp4", "type": "video", "total_size": 20_000_000_000u64});
    let resp = env.send_json(Method::POST, SESSIONS, &body).await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "video_filesize_too_large",
        "post",
        SESSIONS,
    )
    .await;

    let missing = format!("{SESSIONS}/000000000000000000000000");
    let resp = env.req(Method::GET, &missing).send().await.expect("send");
    expect_error(resp, StatusCode::NOT_FOUND, "resource_not_exist", "get", SESSION).await;
    let resp = env
        .send_json(Method::POST, &missing, &json!({"completed_chunks": []}))
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        SESSION,
    )
    .await;
    let resp = env
        .send_json(
            Method::POST,
            &format!("{missing}/presigned-urls"),
            &json!({"start": 1, "count": 1}),
        )
        .await;
    expect_error(resp, StatusCode::NOT_FOUND, "resource_not_exist", "post", PRESIGN).await;

    let body = json!({"filename": "a.wav", "type": "audio", "total_size": 40_000});
    let resp = env.send_json(Method::POST, SESSIONS, &body).await;
    let created = expect(resp, StatusCode::CREATED, "post", SESSIONS).await;
    let id = created["upload_id"].as_str().expect("id");
    let resp = env
        .send_json(
            Method::POST,
            &format!("{SESSIONS}/{id}/presigned-urls"),
            &json!({"start": 1, "count": 51}),
        )
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        PRESIGN,
    )
    .await;
    let resp = env
        .send_json(
            Method::POST,
            &format!("{SESSIONS}/{id}/presigned-urls"),
            &json!({"start": 99, "count": 1}),
        )
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        PRESIGN,
    )
    .await;
    // Reporting a chunk that never arrived is refused.
    let item = json!({"chunk_index": 1, "proof": "abc", "proof_type": "etag", "chunk_size": 16384});
    let resp = env
        .send_json(
            Method::POST,
            &format!("{SESSIONS}/{id}"),
            &json!({"completed_chunks": [item]}),
        )
        .await;
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        SESSION,
    )
    .await;
    assert!(msg.contains("not been uploaded"), "{msg}");
    // Too many bytes for a chunk, and unknown tokens.
    let url = created["upload_urls"][0]["url"].as_str().expect("url");
    let resp = env
        .http
        .put(url)
        .body(vec![0u8; 16 * 1024 + 1])
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let forged = format!(
        "{}/_uploads/{}",
        env.base.trim_end_matches("/v1.3"),
        "0".repeat(32)
    );
    let resp = env
        .http
        .put(&forged)
        .body(vec![0u8; 4])
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    env.stop().await;
}
