//! Entity collections, entities and their assets on the local platform over loopback: every
//! route's success and failure, each JSON answer checked against the published schemas. What a
//! deleted asset leaves behind: `asset_references.rs`.

use crate::platform_support;
use crate::platform_support::setup::ids;
use crate::platform_support::{Env, expect, expect_error, expect_no_content};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const COLS: &str = "/entity-collections";
const COL: &str = "/entity-collections/{entity_collection_id}";
const ENTS: &str = "/entity-collections/{entity_collection_id}/entities";
const BULK: &str = "/entity-collections/{entity_collection_id}/entities/bulk";
const ENT: &str = "/entity-collections/{entity_collection_id}/entities/{entity_id}";
const ENT_ASSETS: &str = "/entity-collections/{entity_collection_id}/entities/{entity_id}/assets";
const BY_ASSET: &str = "/assets/{asset_id}/entities";
const NOBODY: &str = "000000000000000000000000";

#[tokio::test]
async fn collections_are_created_listed_changed_and_deleted() {
    let env = Env::start().await;
    let resp = env
        .send_json(
            Method::POST,
            COLS,
            &json!({"name": "people", "description": "who is on screen"}),
        )
        .await;
    let people = expect(resp, StatusCode::CREATED, "post", COLS).await;
    assert_eq!(people["description"], "who is on screen");
    let people = people["_id"].as_str().expect("_id").to_string();
    let boats = env.new_collection("boats").await;
    for (body, code) in [
        (json!({}), "parameter_not_provided"),
        (json!({"name": "a\u{85}b"}), "parameter_invalid"),
        (json!({"name": 3}), "parameter_invalid"),
        (json!({"name": "a", "description": false}), "parameter_invalid"),
    ] {
        let resp = env.send_json(Method::POST, COLS, &body).await;
        expect_error(resp, StatusCode::BAD_REQUEST, code, "post", COLS).await;
    }

    let list = |q: &'static str| env.send(Method::GET, q);
    let all = expect(list("/entity-collections").await, StatusCode::OK, "get", COLS).await;
    assert_eq!(ids(&all), vec![boats.clone(), people.clone()], "newest first");
    let by_name = expect(
        list("/entity-collections?sort_by=name&sort_option=asc").await,
        StatusCode::OK,
        "get",
        COLS,
    )
    .await;
    assert_eq!(ids(&by_name), vec![boats.clone(), people.clone()]);
    let named = expect(
        list("/entity-collections?name=PEO").await,
        StatusCode::OK,
        "get",
        COLS,
    )
    .await;
    assert_eq!(ids(&named), vec![people.clone()]);
    let far = expect(
        list("/entity-collections?page=4294967296").await,
        StatusCode::OK,
        "get",
        COLS,
    )
    .await;
    assert_eq!(far["data"], json!([]));
    expect_error(
        list("/entity-collections?sort_by=size").await,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "get",
        COLS,
    )
    .await;

    let path = format!("{COLS}/{people}");
    let got = expect(env.send(Method::GET, &path).await, StatusCode::OK, "get", COL).await;
    assert_eq!(got["name"], "people");
    let resp = env
        .send_json(Method::PATCH, &path, &json!({"name": "cast"}))
        .await;
    let changed = expect(resp, StatusCode::OK, "patch", COL).await;
    assert_eq!(
        (&changed["name"], &changed["description"]),
        (&json!("cast"), &json!("who is on screen"))
    );
    let resp = env
        .send_json(Method::PATCH, &path, &json!({"name": "a\tb"}))
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "patch", COL).await;

    let nobody = format!("{COLS}/{NOBODY}");
    env.expect_not_found(Method::GET, &nobody, None, COL).await;
    env.expect_not_found(Method::PATCH, &nobody, Some(&json!({"name": "x"})), COL)
        .await;
    env.expect_not_found(Method::DELETE, &nobody, None, COL).await;
    expect_no_content(env.send(Method::DELETE, &path).await).await;
    env.expect_not_found(Method::GET, &path, None, COL).await;
    env.stop().await;
}

#[tokio::test]
async fn entities_need_assets_and_keep_at_least_one() {
    let env = Env::start().await;
    let a = env.ready_asset("sample-image.jpg").await;
    let b = env.ready_asset("sample-audio.mp3").await;
    let col = env.new_collection("people").await;
    let ents = format!("{COLS}/{col}/entities");
    // Ids are bound into one query each: a request naming too many is refused up front.
    let many: Vec<String> = (0..1001).map(|i| format!("{i:024}")).collect();
    let resp = env
        .send_json(Method::POST, &ents, &json!({"name": "Kim", "asset_ids": many}))
        .await;
    let msg = expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "post", ENTS).await;
    assert!(msg.contains("at most 1000"), "{msg}");

    for (body, code) in [
        (json!({"name": "Kim"}), "parameter_not_provided"),
        (json!({"name": "Kim", "asset_ids": []}), "parameter_invalid"),
        (json!({"name": "Kim", "asset_ids": [NOBODY]}), "parameter_invalid"),
        (json!({"name": "Kim", "asset_ids": [""]}), "parameter_invalid"),
        (json!({"asset_ids": [a]}), "parameter_not_provided"),
        (
            json!({"name": "Kim", "asset_ids": [a], "metadata": {"n": {"deep": 1}}}),
            "parameter_invalid",
        ),
    ] {
        let resp = env.send_json(Method::POST, &ents, &body).await;
        expect_error(resp, StatusCode::BAD_REQUEST, code, "post", ENTS).await;
    }
    let resp = env
        .send_json(
            Method::POST,
            &format!("{COLS}/{NOBODY}/entities"),
            &json!({"name": "Kim", "asset_ids": [a]}),
        )
        .await;
    expect_error(resp, StatusCode::NOT_FOUND, "resource_not_exist", "post", ENTS).await;

    let body = json!({"name": "Kim", "description": "lead", "metadata": {"team": 4}, "asset_ids": [a, a]});
    let kim = expect(
        env.send_json(Method::POST, &ents, &body).await,
        StatusCode::CREATED,
        "post",
        ENTS,
    )
    .await;
    assert_eq!(
        (&kim["asset_ids"], &kim["entity_collection_id"]),
        (&json!([a]), &json!(col))
    );
    assert!(kim["status"] == "processing" || kim["status"] == "ready", "{kim}");
    let kim = kim["_id"].as_str().expect("_id").to_string();

    // Bulk: the good one is made, the bad one reported by position.
    let resp = env
        .send_json(
            Method::POST,
            &format!("{ents}/bulk"),
            &json!({"entities": [{"name": "Lee", "asset_ids": [b]}, {"name": "Nobody", "asset_ids": [NOBODY]}]}),
        )
        .await;
    let bulk = expect(resp, StatusCode::CREATED, "post", BULK).await;
    assert_eq!(
        (&bulk["success_count"], &bulk["failed_count"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(
        (
            &bulk["errors"][0]["entity_index"],
            &bulk["errors"][0]["entity_name"]
        ),
        (&json!(1), &json!("Nobody"))
    );
    for body in [json!({"entities": "Lee"}), json!({})] {
        let resp = env.send_json(Method::POST, &format!("{ents}/bulk"), &body).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let err: Value = resp.json().await.expect("json");
        platform_support::check_schema("post", BULK, StatusCode::BAD_REQUEST, &err);
    }

    // List, filters, retrieve, patch.
    let list = async |q: &str| env.send(Method::GET, &format!("{ents}{q}")).await;
    let all = expect(list("").await, StatusCode::OK, "get", ENTS).await;
    assert_eq!(all["page_info"]["total_results"], 2);
    let lee = expect(list("?name=lee").await, StatusCode::OK, "get", ENTS).await;
    assert_eq!(lee["data"][0]["name"], "Lee");
    let sorted = expect(
        list("?sort_by=name&sort_option=asc").await,
        StatusCode::OK,
        "get",
        ENTS,
    )
    .await;
    assert_eq!(sorted["data"][0]["name"], "Kim");
    expect(list("?status=ready").await, StatusCode::OK, "get", ENTS).await;
    expect_error(
        list("?status=done").await,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "get",
        ENTS,
    )
    .await;
    let far = expect(list("?page=4294967296").await, StatusCode::OK, "get", ENTS).await;
    assert_eq!(far["data"], json!([]));
    let one = format!("{ents}/{kim}");
    let got = expect(env.send(Method::GET, &one).await, StatusCode::OK, "get", ENT).await;
    assert_eq!(got["metadata"], json!({"team": 4}));
    let resp = env
        .send_json(
            Method::PATCH,
            &one,
            &json!({"name": "Kim Park", "metadata": {"team": 5}}),
        )
        .await;
    let patched = expect(resp, StatusCode::OK, "patch", ENT).await;
    assert_eq!(
        (&patched["name"], &patched["metadata"], &patched["asset_ids"]),
        (&json!("Kim Park"), &json!({"team": 5}), &json!([a]))
    );

    // Assets: add, refuse removing a stranger or the last one, remove one of two.
    let assets = format!("{one}/assets");
    let resp = env
        .send_json(Method::POST, &assets, &json!({"asset_ids": [b]}))
        .await;
    let added = expect(resp, StatusCode::OK, "post", ENT_ASSETS).await;
    assert_eq!(added["asset_ids"], json!([a, b]));
    let resp = env
        .send_json(Method::POST, &assets, &json!({"asset_ids": [NOBODY]}))
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        ENT_ASSETS,
    )
    .await;
    let resp = env
        .send_json(Method::DELETE, &assets, &json!({"asset_ids": [a, b]}))
        .await;
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "delete",
        ENT_ASSETS,
    )
    .await;
    assert!(msg.contains("at least one asset"), "{msg}");
    let resp = env
        .send_json(Method::DELETE, &assets, &json!({"asset_ids": [NOBODY]}))
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "delete",
        ENT_ASSETS,
    )
    .await;
    let resp = env
        .send_json(Method::DELETE, &assets, &json!({"asset_ids": [a]}))
        .await;
    let left = expect(resp, StatusCode::OK, "delete", ENT_ASSETS).await;
    assert_eq!(left["asset_ids"], json!([b]));
    let resp = env
        .send_json(Method::DELETE, &assets, &json!({"asset_ids": [b]}))
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "delete",
        ENT_ASSETS,
    )
    .await;

    // By asset.
    let by_b = expect(
        env.send(Method::GET, &format!("/assets/{b}/entities")).await,
        StatusCode::OK,
        "get",
        BY_ASSET,
    )
    .await;
    assert_eq!(by_b["page_info"]["total_results"], 2);
    let by_a = expect(
        env.send(Method::GET, &format!("/assets/{a}/entities")).await,
        StatusCode::OK,
        "get",
        BY_ASSET,
    )
    .await;
    assert_eq!(by_a["data"], json!([]));
    let resp = env.send(Method::GET, &format!("/assets/{NOBODY}/entities")).await;
    expect_error(resp, StatusCode::NOT_FOUND, "resource_not_exist", "get", BY_ASSET).await;

    // Unknown entity, delete, and a deleted collection takes its entities with it.
    let nobody = format!("{ents}/{NOBODY}");
    env.expect_not_found(Method::GET, &nobody, None, ENT).await;
    env.expect_not_found(Method::PATCH, &nobody, Some(&json!({"name": "x"})), ENT)
        .await;
    env.expect_not_found(Method::DELETE, &nobody, None, ENT).await;
    let resp = env
        .send_json(
            Method::POST,
            &format!("{nobody}/assets"),
            &json!({"asset_ids": [a]}),
        )
        .await;
    expect_error(
        resp,
        StatusCode::NOT_FOUND,
        "resource_not_exist",
        "post",
        ENT_ASSETS,
    )
    .await;
    expect_no_content(env.send(Method::DELETE, &one).await).await;
    env.expect_not_found(Method::GET, &one, None, ENT).await;
    expect_no_content(env.send(Method::DELETE, &format!("{COLS}/{col}")).await).await;
    let by_b = expect(
        env.send(Method::GET, &format!("/assets/{b}/entities")).await,
        StatusCode::OK,
        "get",
        BY_ASSET,
    )
    .await;
    assert_eq!(by_b["data"], json!([]), "the collection's entities went with it");
    env.stop().await;
}
