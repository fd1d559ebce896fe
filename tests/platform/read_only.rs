//! `serve --read-only`: every write (upload, chunk, report, delete, metadata, index) is refused
//! with 403 `api_not_allowed` before it changes anything; reads answer as usual.

use crate::platform_support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_read_only_platform_refuses_every_write_and_still_serves_reads() {
    // A writable run leaves an asset with metadata and an open multipart session.
    let env = Env::start().await;
    let id = env
        .create("sample-image.jpg", &[("user_metadata", r#"{"take":1}"#)])
        .await;
    env.wait_final(&id).await;
    let body = json!({"filename": "v.mp4", "type": "video", "total_size": 6 * 1024 * 1024});
    let resp = env
        .send_json(Method::POST, "/assets/multipart-uploads", &body)
        .await;
    let session = expect(resp, StatusCode::CREATED, "post", "/assets/multipart-uploads").await;
    let upload_id = session["upload_id"].as_str().expect("upload_id").to_string();
    let chunk_url = session["upload_urls"][0]["url"]
        .as_str()
        .expect("chunk url")
        .to_string();
    let dir = env.stop().await;

    // The same data dir, served read-only.
    let platform = tl_assets::platform::start(config(dir.path(), |c| c.read_only = true))
        .await
        .expect("start");
    let env = Env {
        base: platform.base_url().to_string(),
        platform: Some(platform),
        dir,
        http: tl_assets::http_client::builder()
            .no_proxy()
            .build()
            .expect("client"),
    };

    let refused = |resp: reqwest::Response, what: &'static str| async move {
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{what}");
        let body: serde_json::Value = resp.json().await.expect("json body");
        assert_eq!(body["code"], "api_not_allowed", "{what}: {body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains("read-only"), "{what}: {body}");
    };
    refused(env.upload_sample("sample-image.jpg", &[]).await, "direct upload").await;
    refused(
        env.upload_url("http://127.0.0.1:9/a.mp4", &[]).await,
        "URL upload",
    )
    .await;
    refused(
        env.send_json(Method::POST, "/assets/multipart-uploads", &body)
            .await,
        "multipart session",
    )
    .await;
    let report = json!({"completed_chunks": [{"chunk_index": 1, "proof": "x", "proof_type": "etag", "chunk_size": 1}]});
    refused(
        env.send_json(
            Method::POST,
            &format!("/assets/multipart-uploads/{upload_id}"),
            &report,
        )
        .await,
        "chunk report",
    )
    .await;
    refused(
        env.send_json(
            Method::POST,
            &format!("/assets/multipart-uploads/{upload_id}/presigned-urls"),
            &json!({"start": 1, "count": 1}),
        )
        .await,
        "presigned URLs",
    )
    .await;
    // The chunk URL names the first run's port; the token is what counts.
    let token_path = &chunk_url[chunk_url.find("/_uploads/").expect("chunk path")..];
    let origin = env.base.trim_end_matches("/v1.3");
    let chunk = env
        .http
        .put(format!("{origin}{token_path}"))
        .body(vec![0u8; 1024])
        .send()
        .await
        .expect("put");
    refused(chunk, "chunk PUT").await;
    let meta = format!("/assets/{id}/user-metadata");
    let change = json!({"take": 2});
    refused(
        env.send_json(Method::PATCH, &meta, &change).await,
        "metadata merge",
    )
    .await;
    refused(
        env.send_json(Method::PUT, &meta, &change).await,
        "metadata replace",
    )
    .await;
    refused(env.send(Method::DELETE, &meta).await, "metadata clear").await;
    refused(env.send(Method::DELETE, &format!("/assets/{id}")).await, "delete").await;
    refused(
        env.send_json(Method::POST, "/indexes", &json!({"index_name": "i"}))
            .await,
        "index",
    )
    .await;

    // Nothing changed, and reads work.
    let resp = env.send(Method::GET, &format!("/assets/{id}")).await;
    let asset = expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await;
    assert_eq!(asset["user_metadata"], json!({"take": 1}));
    let resp = env.send(Method::GET, "/assets").await;
    let list = expect(resp, StatusCode::OK, "get", "/assets").await;
    assert_eq!(list["page_info"]["total_results"], 1);
    let resp = env.send(Method::GET, "/assets/multipart-uploads").await;
    assert_eq!(resp.status(), StatusCode::OK);

    // A wrong key is still told about the key first.
    let resp = env
        .http
        .delete(env.url(&format!("/assets/{id}")))
        .header("x-api-key", "wrong")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    env.stop().await;
}
