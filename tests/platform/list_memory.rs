//! `GET /assets` over assets with long user metadata (each near the 1 MiB cap): the page is
//! written as it is sent, one asset at a time, instead of being built whole in memory first
//! (50 such assets made one answer of ~45 MB cost ~400 MiB of server memory). Seen from the
//! outside: an asset near the end of the page that changes while the start is being read is
//! answered as it is by then; the answer is the same JSON either way.

use std::collections::BTreeMap;

use crate::platform_support::*;
use futures_util::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// User metadata of about `bytes` bytes of JSON, in values of 4 000 characters (quick to make
/// and check in a debug build; the bench sends many short keys, the costlier shape).
fn long_metadata(tag: usize, bytes: usize) -> Value {
    let mut m = serde_json::Map::new();
    for i in 0..bytes / 4_020 {
        m.insert(format!("k{tag}_{i:04}"), json!(format!("{i:04}").repeat(1_000)));
    }
    Value::Object(m)
}

#[tokio::test]
async fn a_page_of_long_metadata_is_written_as_it_is_sent() {
    let env = Env::start().await;
    let image = png(128, 128);
    let mut metas = BTreeMap::new();
    let mut ids = Vec::new();
    for tag in 0..50 {
        let meta = long_metadata(tag, 880_000);
        let text = meta.to_string();
        assert!(text.len() < 1024 * 1024, "{}", text.len());
        let resp = env
            .upload_bytes(image.clone(), &format!("m{tag}.png"), &[("user_metadata", &text)])
            .await;
        let id = expect(resp, StatusCode::CREATED, "post", "/assets").await["_id"]
            .as_str()
            .expect("id")
            .to_string();
        metas.insert(id.clone(), meta);
        ids.push(id);
    }
    // One short: written the same way as the long ones around it.
    let short = json!({"short": "yes", "n": 1.5});
    let id = env
        .create("sample-image.jpg", &[("user_metadata", &short.to_string())])
        .await;
    metas.insert(id.clone(), short);

    let resp = env.send(Method::GET, "/assets?page_limit=50").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let mut stream = resp.bytes_stream();
    let mut body = Vec::new();
    while body.len() < 1_000_000 {
        body.extend_from_slice(&stream.next().await.expect("more").expect("bytes"));
    }
    // The page ends with the oldest listed asset; ~44 MB are still to come, more than the
    // socket buffers hold, so the server has not read its metadata yet.
    let last = ids[1].clone();
    let changed = json!({"changed": true});
    expect_no_content(
        env.req(Method::PUT, &format!("/assets/{last}/user-metadata"))
            .json(&json!({ "user_metadata": changed }))
            .send()
            .await
            .expect("put"),
    )
    .await;
    metas.insert(last.clone(), changed);
    while let Some(piece) = stream.next().await {
        body.extend_from_slice(&piece.expect("bytes"));
    }
    let page: Value = serde_json::from_slice(&body).expect("the page is JSON");
    check_schema("get", "/assets", StatusCode::OK, &page);
    let data = page["data"].as_array().expect("data");
    assert_eq!(data.len(), 50);
    assert_eq!(page["page_info"]["total_results"], 51);
    assert_eq!(data.last().expect("last")["_id"], last.as_str());
    for a in data {
        let id = a["_id"].as_str().expect("id");
        assert_eq!(&a["user_metadata"], &metas[id], "{id}");
    }
}
