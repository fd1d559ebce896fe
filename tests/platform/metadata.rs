//! User metadata rules, list filters, index references and the 409 on delete.

use crate::platform_support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

const META: &str = "/assets/{asset_id}/user-metadata";

async fn meta_of(env: &Env, id: &str) -> serde_json::Value {
    let resp = env.send(Method::GET, &format!("/assets/{id}")).await;
    expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await["user_metadata"].clone()
}

#[tokio::test]
async fn user_metadata_merge_replace_clear() {
    let env = Env::start().await;
    let resp = env
        .upload_sample(
            "sample-image.jpg",
            &[("user_metadata", r#"{"a":"x","take":3,"ok":false}"#)],
        )
        .await;
    let created = expect(resp, StatusCode::CREATED, "post", "/assets").await;
    assert_eq!(
        created["user_metadata"],
        json!({"a": "x", "take": 3, "ok": false})
    );
    let id = created["_id"].as_str().expect("id").to_string();
    let path = format!("/assets/{id}/user-metadata");

    // PATCH: value sets, null deletes, "" ignored, omitted unchanged.
    let body = json!({"user_metadata": {"a": "y", "take": null, "ok": "", "new": 1.5}});
    expect_no_content(
        env.req(Method::PATCH, &path)
            .json(&body)
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(
        meta_of(&env, &id).await,
        json!({"a": "y", "ok": false, "new": 1.5})
    );

    // PUT: replace; "" and null ignored; omitted removed.
    let body = json!({"user_metadata": {"b": true, "c": "", "d": null}});
    expect_no_content(
        env.req(Method::PUT, &path)
            .json(&body)
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(meta_of(&env, &id).await, json!({"b": true}));

    // DELETE clears; the field is then omitted.
    expect_no_content(env.req(Method::DELETE, &path).send().await.expect("send")).await;
    assert_eq!(meta_of(&env, &id).await, serde_json::Value::Null);

    // PUT {} clears too.
    let body = json!({"user_metadata": {"k": "v"}});
    expect_no_content(
        env.req(Method::PUT, &path)
            .json(&body)
            .send()
            .await
            .expect("send"),
    )
    .await;
    let body = json!({"user_metadata": {}});
    expect_no_content(
        env.req(Method::PUT, &path)
            .json(&body)
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(meta_of(&env, &id).await, serde_json::Value::Null);

    // Failures: unknown asset 404, nested value 400, missing key 400, not JSON 400.
    let missing = "/assets/000000000000000000000000/user-metadata";
    let body = json!({"user_metadata": {"a": 1}});
    for m in [Method::PATCH, Method::PUT] {
        let resp = env.send_json(m.clone(), missing, &body).await;
        let verb = m.as_str().to_ascii_lowercase();
        expect_error(resp, StatusCode::NOT_FOUND, "resource_not_exist", &verb, META).await;
    }
    let resp = env.req(Method::DELETE, missing).send().await.expect("send");
    expect_error(resp, StatusCode::NOT_FOUND, "resource_not_exist", "delete", META).await;
    let resp = env
        .send_json(Method::PATCH, &path, &json!({"user_metadata": {"x": [1]}}))
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "patch", META).await;
    let resp = env.send_json(Method::PUT, &path, &json!({"other": 1})).await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_not_provided",
        "put",
        META,
    )
    .await;
    let resp = env
        .req(Method::PATCH, &path)
        .body("{not json")
        .send()
        .await
        .expect("send");
    expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "patch", META).await;
    env.stop().await;
}

#[tokio::test]
async fn list_filters() {
    let env = Env::start().await;
    let video = env
        .create("sample-video.mp4", &[("filename", "Harbor Take.MP4")])
        .await;
    let audio = env.create("sample-audio.mp3", &[]).await;
    let image = env.create("sample-image.jpg", &[]).await;
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|a| a["_id"].as_str().expect("id").to_string())
            .collect()
    };
    let get = |q: String| {
        let env = &env;
        async move {
            let resp = env.send(Method::GET, &format!("/assets?{q}")).await;
            expect(resp, StatusCode::OK, "get", "/assets").await
        }
    };
    assert_eq!(
        ids(&get(format!("asset_ids={video}&asset_ids={image}")).await),
        vec![image.clone(), video.clone()]
    );
    assert_eq!(
        ids(&get("asset_types=audio&asset_types=image".into()).await),
        vec![image.clone(), audio.clone()]
    );
    assert_eq!(ids(&get("asset_types=video".into()).await), vec![video.clone()]);
    assert_eq!(
        ids(&get("filename=harbor%20take".into()).await),
        vec![video.clone()]
    );
    assert_eq!(
        ids(&get("filename=SAMPLE".into()).await),
        vec![image.clone(), audio.clone()]
    );
    assert_eq!(
        ids(&get("filename=%25".into()).await),
        Vec::<String>::new(),
        "% is literal"
    );
    let resp = env.send(Method::GET, "/assets?asset_types=spreadsheet").await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "get",
        "/assets",
    )
    .await;
    env.stop().await;
}

#[tokio::test]
async fn referenced_asset_needs_force() {
    let env = Env::start().await;
    let id = env.create("sample-image.jpg", &[]).await;
    env.wait_final(&id).await;
    let index = env.new_index("harbor").await;
    let resp = env
        .send_json(Method::POST, "/indexes", &json!({"index_name": "harbor"}))
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_not_provided",
        "post",
        "/indexes",
    )
    .await;
    let resp = env.req(Method::GET, "/indexes").send().await.expect("send");
    let listed = expect(resp, StatusCode::OK, "get", "/indexes").await;
    assert_eq!(listed["data"][0]["index_name"], "harbor");

    let ia_path = format!("/indexes/{index}/indexed-assets");
    let mut refs = Vec::new();
    for _ in 0..2 {
        let resp = env
            .send_json(Method::POST, &ia_path, &json!({"asset_id": id}))
            .await;
        let body = expect(
            resp,
            StatusCode::ACCEPTED,
            "post",
            "/indexes/{index-id}/indexed-assets",
        )
        .await;
        assert_eq!(body["asset_id"], id.as_str());
        refs.push(body["_id"].as_str().expect("id").to_string());
    }
    let resp = env
        .send_json(
            Method::POST,
            &ia_path,
            &json!({"asset_id": "000000000000000000000000"}),
        )
        .await;
    expect_error(
        resp,
        StatusCode::NOT_FOUND,
        "resource_not_exist",
        "post",
        "/indexes/{index-id}/indexed-assets",
    )
    .await;
    let resp = env.req(Method::GET, &ia_path).send().await.expect("send");
    let listed = expect(resp, StatusCode::OK, "get", "/indexes/{index-id}/indexed-assets").await;
    assert_eq!(listed["page_info"]["total_results"], 2);

    let resp = env
        .send(Method::GET, &format!("/assets/{id}/indexed-assets"))
        .await;
    let by_asset = expect(resp, StatusCode::OK, "get", "/assets/{asset_id}/indexed-assets").await;
    assert_eq!(by_asset["data"].as_array().expect("data").len(), 2);
    assert_eq!(
        by_asset["data"][0]["index"],
        json!({"_id": index, "name": "harbor"})
    );
    let resp = env
        .send(Method::GET, "/assets/000000000000000000000000/indexed-assets")
        .await;
    expect_error(
        resp,
        StatusCode::NOT_FOUND,
        "resource_not_exist",
        "get",
        "/assets/{asset_id}/indexed-assets",
    )
    .await;

    // Without force: 409 naming the count. Removing one reference still leaves one.
    let resp = env.send(Method::DELETE, &format!("/assets/{id}")).await;
    let msg = expect_error(
        resp,
        StatusCode::CONFLICT,
        "asset_referenced",
        "delete",
        "/assets/{asset_id}",
    )
    .await;
    assert!(
        msg.contains("referenced by 2 indexed assets") && msg.contains("force=true"),
        "{msg}"
    );
    let resp = env.send(Method::DELETE, &format!("{ia_path}/{}", refs[0])).await;
    expect_no_content(resp).await;
    let resp = env
        .send(Method::DELETE, &format!("/assets/{id}?force=false"))
        .await;
    let msg = expect_error(
        resp,
        StatusCode::CONFLICT,
        "asset_referenced",
        "delete",
        "/assets/{asset_id}",
    )
    .await;
    assert!(msg.contains("referenced by 1 indexed asset."), "{msg}");
    let resp = env
        .send(Method::DELETE, &format!("/assets/{id}?force=maybe"))
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "delete",
        "/assets/{asset_id}",
    )
    .await;

    // With force: the asset and its references go.
    let resp = env
        .send(Method::DELETE, &format!("/assets/{id}?force=true"))
        .await;
    expect_no_content(resp).await;
    let resp = env.req(Method::GET, &ia_path).send().await.expect("send");
    let listed = expect(resp, StatusCode::OK, "get", "/indexes/{index-id}/indexed-assets").await;
    assert_eq!(listed["page_info"]["total_results"], 0);
    let resp = env.send(Method::DELETE, &format!("/assets/{id}")).await;
    expect_error(
        resp,
        StatusCode::NOT_FOUND,
        "resource_not_exist",
        "delete",
        "/assets/{asset_id}",
    )
    .await;

    let resp = env.send(Method::DELETE, &format!("/indexes/{index}")).await;
    expect_no_content(resp).await;
    let resp = env.send(Method::GET, &format!("/indexes/{index}")).await;
    expect_error(
        resp,
        StatusCode::NOT_FOUND,
        "resource_not_exist",
        "get",
        "/indexes/{index-id}",
    )
    .await;
    env.stop().await;
}

#[test]
fn schema_check_rejects_a_wrong_body() {
    let bad = json!({"data": [{"_id": 5, "status": "ready"}], "page_info": {"page": "one"}});
    let caught = std::panic::catch_unwind(|| check_schema("get", "/assets", StatusCode::OK, &bad));
    assert!(caught.is_err(), "the schema check must be able to fail");
    let good = json!({"data": [], "page_info": {"limit_per_page": 10, "page": 1, "total_page": 0, "total_results": 0}});
    check_schema("get", "/assets", StatusCode::OK, &good);
}
