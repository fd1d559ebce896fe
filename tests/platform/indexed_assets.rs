//! Indexed assets on the local platform over loopback: simulated indexing through every state,
//! reading, changing and removing one, and what creating one needs. Each JSON answer is
//! checked against the published schemas.

use crate::platform_support::{Env, expect, expect_error, expect_no_content};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const IA: &str = "/indexes/{index-id}/indexed-assets";
const IA_ONE: &str = "/indexes/{index-id}/indexed-assets/{indexed-asset-id}";

/// Polls the indexed asset to a final state; returns every state seen, in order.
async fn follow(env: &Env, index: &str, ia: &str) -> (Vec<String>, Value) {
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..600 {
        let resp = env
            .send(Method::GET, &format!("/indexes/{index}/indexed-assets/{ia}"))
            .await;
        let got = expect(resp, StatusCode::OK, "get", IA_ONE).await;
        let status = got["status"].as_str().expect("status").to_string();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if status == "ready" || status == "failed" {
            return (seen, got);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("indexed asset {ia} never finished: {seen:?}");
}

#[tokio::test]
async fn an_indexed_asset_goes_through_its_states_and_can_be_read_changed_and_removed() {
    let env = Env::start_with(|c| c.processing_delay = std::time::Duration::from_millis(400)).await;
    let index = env.new_index("harbor").await;
    let video = env.ready_asset("sample-video.mp4").await;
    let ia_path = format!("/indexes/{index}/indexed-assets");
    let body = json!({"asset_id": video, "enable_video_stream": true, "user_metadata": {"take": 3}});
    let created = expect(
        env.send_json(Method::POST, &ia_path, &body).await,
        StatusCode::ACCEPTED,
        "post",
        IA,
    )
    .await;
    assert_eq!(created["asset_id"], video.as_str());
    let ia = created["_id"].as_str().expect("_id").to_string();

    let (seen, done) = follow(&env, &index, &ia).await;
    let order = ["pending", "queued", "validating", "indexing", "ready"];
    let ranks: Vec<usize> = seen
        .iter()
        .map(|s| {
            order
                .iter()
                .position(|o| o == s)
                .unwrap_or_else(|| panic!("state {s}"))
        })
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] < w[1]),
        "states out of order: {seen:?}"
    );
    assert_eq!(done["user_metadata"], json!({"take": 3}));
    assert_eq!(done["system_metadata"]["filename"], "sample-video.mp4");
    assert!(
        done["indexed_at"].is_string() && done["hls"]["status"].is_string(),
        "{done}"
    );

    // The index counts it; the asset lists it.
    let got = expect(
        env.send(Method::GET, &format!("/indexes/{index}")).await,
        StatusCode::OK,
        "get",
        "/indexes/{index-id}",
    )
    .await;
    assert_eq!(got["video_count"], 1);
    let by_asset = env
        .send(Method::GET, &format!("/assets/{video}/indexed-assets"))
        .await;
    let by_asset = expect(
        by_asset,
        StatusCode::OK,
        "get",
        "/assets/{asset_id}/indexed-assets",
    )
    .await;
    assert_eq!(by_asset["data"][0]["_id"], ia.as_str());

    // Filters: status (repeated or comma-separated), filename, paging.
    let list = async |q: String| env.send(Method::GET, &format!("{ia_path}{q}")).await;
    for (q, n) in [
        ("?status=ready".to_string(), 1),
        ("?status=pending&status=failed".into(), 0),
        ("?status=failed,ready".into(), 1),
        ("?filename=VIDEO".into(), 1),
        ("?filename=nothing-like-it".into(), 0),
        ("?page=4294967296".into(), 0),
    ] {
        let page = expect(list(q.clone()).await, StatusCode::OK, "get", IA).await;
        assert_eq!(page["data"].as_array().map(Vec::len), Some(n), "{q}: {page}");
    }
    for q in ["?status=done", "?page_limit=0", "?sort_by=size"] {
        expect_error(
            list(q.into()).await,
            StatusCode::BAD_REQUEST,
            "parameter_invalid",
            "get",
            IA,
        )
        .await;
    }

    // PATCH merges (null removes); bad metadata is refused.
    let one = format!("{ia_path}/{ia}");
    let patch = json!({"user_metadata": {"take": null, "scene": "pier"}});
    expect_no_content(env.send_json(Method::PATCH, &one, &patch).await).await;
    let got = expect(env.send(Method::GET, &one).await, StatusCode::OK, "get", IA_ONE).await;
    assert_eq!(got["user_metadata"], json!({"scene": "pier"}));
    let resp = env
        .send_json(Method::PATCH, &one, &json!({"user_metadata": {"deep": {"x": 1}}}))
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "patch",
        IA_ONE,
    )
    .await;

    // Unknown ids, then DELETE.
    let nobody = format!("{ia_path}/000000000000000000000000");
    env.expect_not_found(Method::GET, &nobody, None, IA_ONE).await;
    env.expect_not_found(Method::PATCH, &nobody, Some(&patch), IA_ONE)
        .await;
    let wrong_index = format!("/indexes/000000000000000000000000/indexed-assets/{ia}");
    env.expect_not_found(Method::GET, &wrong_index, None, IA_ONE)
        .await;
    expect_no_content(env.send(Method::DELETE, &one).await).await;
    env.expect_not_found(Method::GET, &one, None, IA_ONE).await;
    env.expect_not_found(Method::DELETE, &one, None, IA_ONE).await;
    env.stop().await;
}

#[tokio::test]
async fn indexing_needs_a_ready_asset_and_a_well_formed_body() {
    let env = Env::start().await;
    let index = env.new_index("harbor").await;
    let ia_path = format!("/indexes/{index}/indexed-assets");
    // A reserved multipart asset stays `processing` until its bytes arrive.
    let resp = env
        .send_json(
            Method::POST,
            "/assets/multipart-uploads",
            &json!({"filename": "later.mp4", "type": "video", "total_size": 10}),
        )
        .await;
    let reserved = expect(resp, StatusCode::CREATED, "post", "/assets/multipart-uploads").await["asset_id"]
        .as_str()
        .expect("asset_id")
        .to_string();
    let resp = env
        .send_json(Method::POST, &ia_path, &json!({"asset_id": reserved}))
        .await;
    let msg = expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "post", IA).await;
    assert!(msg.contains("not ready") && msg.contains("processing"), "{msg}");

    let video = env.ready_asset("sample-video.mp4").await;
    for (body, code) in [
        (json!({}), "parameter_not_provided"),
        (json!({"asset_id": 5}), "parameter_invalid"),
        (
            json!({"asset_id": video, "enable_video_stream": "yes"}),
            "parameter_invalid",
        ),
        (
            json!({"asset_id": video, "user_metadata": {"a": [1]}}),
            "parameter_invalid",
        ),
        (
            json!({"asset_id": video, "user_metadata": "take=1"}),
            "parameter_invalid",
        ),
    ] {
        let resp = env.send_json(Method::POST, &ia_path, &body).await;
        expect_error(resp, StatusCode::BAD_REQUEST, code, "post", IA).await;
    }
    let resp = env
        .send_json(
            Method::POST,
            &ia_path,
            &json!({"asset_id": "000000000000000000000000"}),
        )
        .await;
    expect_error(resp, StatusCode::NOT_FOUND, "resource_not_exist", "post", IA).await;
    let resp = env
        .send_json(
            Method::POST,
            "/indexes/000000000000000000000000/indexed-assets",
            &json!({"asset_id": video}),
        )
        .await;
    expect_error(resp, StatusCode::NOT_FOUND, "resource_not_exist", "post", IA).await;
    let listed = expect(env.send(Method::GET, &ia_path).await, StatusCode::OK, "get", IA).await;
    assert_eq!(
        listed["page_info"]["total_results"], 0,
        "no refused request left a row"
    );

    // An image cannot be indexed: accepted, then `failed`.
    let image = env.ready_asset("sample-image.jpg").await;
    let resp = env
        .send_json(Method::POST, &ia_path, &json!({"asset_id": image}))
        .await;
    let ia = expect(resp, StatusCode::ACCEPTED, "post", IA).await["_id"]
        .as_str()
        .expect("_id")
        .to_string();
    let (_, done) = follow(&env, &index, &ia).await;
    assert_eq!(done["status"], "failed");
    assert!(
        done["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("image")),
        "{done}"
    );
    env.stop().await;
}
