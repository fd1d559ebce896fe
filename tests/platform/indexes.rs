//! Indexes on the local platform over loopback: every route's success and failure, each JSON
//! answer checked against the published schemas. Indexed assets: `indexed_assets.rs`.

use crate::platform_support;
use crate::platform_support::setup::index_models;
use crate::platform_support::{Env, expect, expect_error, expect_no_content};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn index_bodies_are_checked_so_every_stored_index_reads_back_in_the_published_shape() {
    let env = Env::start().await;
    let bad = [
        (
            json!({"index_name": "a", "models": [{}], "addons": [{}]}),
            "parameter_not_provided",
            "models[0].model_name",
        ),
        (
            json!({"index_name": "a", "models": [{"model_name": "marengo3.0"}]}),
            "parameter_not_provided",
            "models[0].model_options",
        ),
        (
            json!({"index_name": "a", "models": [{"model_name": "m", "model_options": []}]}),
            "parameter_invalid",
            "at least 1",
        ),
        (
            json!({"index_name": "a", "models": [{"model_name": "", "model_options": ["visual"]}]}),
            "parameter_invalid",
            "model_name",
        ),
        (
            json!({"index_name": "a", "models": [{"model_name": "m", "model_options": [3]}]}),
            "parameter_invalid",
            "model_options",
        ),
        (
            json!({"index_name": "a", "models": "marengo"}),
            "parameter_invalid",
            "models",
        ),
        (
            json!({"index_name": "a", "models": []}),
            "parameter_invalid",
            "models",
        ),
        (
            json!({"index_name": "a", "models": index_models(), "addons": [{}]}),
            "parameter_invalid",
            "addons",
        ),
        (
            json!({"index_name": "a", "models": index_models(), "addons": "thumbnail"}),
            "parameter_invalid",
            "addons",
        ),
        (
            json!({"index_name": 7, "models": index_models()}),
            "parameter_invalid",
            "index_name",
        ),
        (
            json!({"index_name": "a\tb", "models": index_models()}),
            "parameter_invalid",
            "control character",
        ),
        (
            json!({"models": index_models()}),
            "parameter_not_provided",
            "index_name",
        ),
        (json!([1, 2]), "parameter_invalid", "JSON object"),
    ];
    for (body, code, says) in bad {
        let resp = env.send_json(Method::POST, "/indexes", &body).await;
        let msg = expect_error(resp, StatusCode::BAD_REQUEST, code, "post", "/indexes").await;
        assert!(msg.contains(says), "{body}: {msg}");
    }
    let resp = env.send(Method::GET, "/indexes").await;
    let listed = expect(resp, StatusCode::OK, "get", "/indexes").await;
    assert_eq!(listed["data"], json!([]), "nothing half-checked was stored");

    let resp = env
        .send_json(
            Method::POST,
            "/indexes",
            &json!({"index_name": "thumbs", "models": index_models(), "addons": ["thumbnail"]}),
        )
        .await;
    let id = expect(resp, StatusCode::CREATED, "post", "/indexes").await["_id"]
        .as_str()
        .expect("id")
        .to_string();
    let resp = env.send(Method::GET, &format!("/indexes/{id}")).await;
    let got = expect(resp, StatusCode::OK, "get", "/indexes/{index-id}").await;
    assert_eq!(
        (&got["models"], &got["addons"], &got["video_count"]),
        (&index_models(), &json!(["thumbnail"]), &json!(0))
    );
    env.stop().await;
}

#[tokio::test]
async fn indexes_list_filter_rename_and_delete() {
    let env = Env::start().await;
    let harbor = env.new_index("harbor").await;
    let dock = env.new_index("Dock side").await;
    let resp = env
        .send_json(
            Method::POST,
            "/indexes",
            &json!({"index_name": "harbor", "models": index_models()}),
        )
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "index_name_already_exists",
        "post",
        "/indexes",
    )
    .await;

    let list = |q: &'static str| env.send(Method::GET, q);
    let page = expect(
        list("/indexes?page_limit=1").await,
        StatusCode::OK,
        "get",
        "/indexes",
    )
    .await;
    assert_eq!(
        (
            page["data"][0]["_id"].as_str(),
            page["page_info"]["total_page"].as_u64()
        ),
        (Some(dock.as_str()), Some(2))
    );
    let asc = expect(
        list("/indexes?sort_option=asc").await,
        StatusCode::OK,
        "get",
        "/indexes",
    )
    .await;
    assert_eq!(asc["data"][0]["_id"], harbor.as_str());
    let named = expect(
        list("/indexes?index_name=DOCK").await,
        StatusCode::OK,
        "get",
        "/indexes",
    )
    .await;
    assert_eq!(named["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(named["data"][0]["index_name"], "Dock side");
    let far = expect(
        list("/indexes?page=4294967296").await,
        StatusCode::OK,
        "get",
        "/indexes",
    )
    .await;
    assert_eq!(
        (far["data"].clone(), far["page_info"]["page"].as_u64()),
        (json!([]), Some(1 << 32))
    );
    let huge = expect(
        list("/indexes?page=99999999999999999999999").await,
        StatusCode::OK,
        "get",
        "/indexes",
    )
    .await;
    assert_eq!(huge["data"], json!([]));
    for q in [
        "/indexes?page_limit=51",
        "/indexes?page=0",
        "/indexes?page=x",
        "/indexes?sort_by=name",
        "/indexes?sort_option=up",
    ] {
        expect_error(
            list(q).await,
            StatusCode::BAD_REQUEST,
            "parameter_invalid",
            "get",
            "/indexes",
        )
        .await;
    }

    let path = format!("/indexes/{harbor}");
    expect_no_content(
        env.send_json(Method::PUT, &path, &json!({"index_name": "harbour"}))
            .await,
    )
    .await;
    let got = expect(
        env.send(Method::GET, &path).await,
        StatusCode::OK,
        "get",
        "/indexes/{index-id}",
    )
    .await;
    assert_eq!(got["index_name"], "harbour");
    let resp = env
        .send_json(Method::PUT, &path, &json!({"index_name": "Dock side"}))
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "index_name_already_exists",
        "put",
        "/indexes/{index-id}",
    )
    .await;
    let resp = env.send_json(Method::PUT, &path, &json!({})).await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_not_provided",
        "put",
        "/indexes/{index-id}",
    )
    .await;

    let nobody = "/indexes/000000000000000000000000";
    env.expect_not_found(Method::GET, nobody, None, "/indexes/{index-id}")
        .await;
    env.expect_not_found(
        Method::PUT,
        nobody,
        Some(&json!({"index_name": "z"})),
        "/indexes/{index-id}",
    )
    .await;
    env.expect_not_found(Method::DELETE, nobody, None, "/indexes/{index-id}")
        .await;
    expect_no_content(env.send(Method::DELETE, &path).await).await;
    env.expect_not_found(Method::GET, &path, None, "/indexes/{index-id}")
        .await;
    env.stop().await;
}

#[tokio::test]
async fn far_pages_are_empty_and_control_characters_in_filenames_are_named() {
    let env = Env::start().await;
    let id = env.ready_asset("sample-image.jpg").await;
    for path in [
        "/assets?page=4294967296".to_string(),
        format!("/assets/{id}/indexed-assets?page=4294967296"),
        format!("/assets/{id}/entities?page=18446744073709551615"),
        "/assets/multipart-uploads?page=4294967297".to_string(),
    ] {
        let resp = env.send(Method::GET, &path).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let body: Value = resp.json().await.expect("json");
        assert_eq!(body["data"], json!([]), "{path}");
    }
    let bytes = std::fs::read(platform_support::sample("sample-image.jpg")).expect("sample");
    let resp = env
        .upload_bytes(bytes, "x.jpg", &[("filename", "take\u{7}one.jpg")])
        .await;
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        "/assets",
    )
    .await;
    assert!(msg.contains("control character U+0007 at position 5"), "{msg}");
    assert!(!msg.contains("1 to 255"), "{msg}");
    let resp = env
        .send_json(
            Method::POST,
            "/assets/multipart-uploads",
            &json!({"filename": "a\nb.mp4", "type": "video", "total_size": 10}),
        )
        .await;
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        "/assets/multipart-uploads",
    )
    .await;
    assert!(msg.contains("U+000A"), "{msg}");
    env.stop().await;
}
