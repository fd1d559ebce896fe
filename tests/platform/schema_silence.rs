//! Where the published schema and its prose are silent, the platform accepts, no stricter and no
//! looser than the schema: names without a minimum length may be empty, an array without a
//! minimum may be empty; a value outside an enum (even an empty one) and `null` for a field
//! declared `string` are refused. The control-character rule holds for every name alike.

use crate::platform_support::{Env, expect, expect_error};
use reqwest::{Method, StatusCode};
use serde_json::json;

const COLS: &str = "/entity-collections";
const COL: &str = "/entity-collections/{entity_collection_id}";
const ENTS: &str = "/entity-collections/{entity_collection_id}/entities";
const BULK: &str = "/entity-collections/{entity_collection_id}/entities/bulk";
const ENT: &str = "/entity-collections/{entity_collection_id}/entities/{entity_id}";

#[tokio::test]
async fn empty_names_and_an_empty_bulk_are_accepted_as_the_schema_allows() {
    let env = Env::start().await;
    let resp = env.send_json(Method::POST, COLS, &json!({"name": ""})).await;
    let col = expect(resp, StatusCode::CREATED, "post", COLS).await;
    assert_eq!(col["name"], "");
    let cid = col["_id"].as_str().expect("_id").to_string();
    let path = format!("{COLS}/{cid}");
    let resp = env.send_json(Method::PATCH, &path, &json!({"name": "x"})).await;
    expect(resp, StatusCode::OK, "patch", COL).await;
    let resp = env.send_json(Method::PATCH, &path, &json!({"name": ""})).await;
    assert_eq!(expect(resp, StatusCode::OK, "patch", COL).await["name"], "");

    let asset = env.ready_asset("sample-audio.mp3").await;
    let ents = format!("{path}/entities");
    let body = json!({"name": "", "asset_ids": [asset]});
    let resp = env.send_json(Method::POST, &ents, &body).await;
    let ent = expect(resp, StatusCode::CREATED, "post", ENTS).await;
    assert_eq!(ent["name"], "");
    let eid = ent["_id"].as_str().expect("_id").to_string();
    let resp = env
        .send_json(Method::PATCH, &format!("{ents}/{eid}"), &json!({"name": ""}))
        .await;
    expect(resp, StatusCode::OK, "patch", ENT).await;

    let resp = env
        .send_json(Method::POST, &format!("{ents}/bulk"), &json!({"entities": []}))
        .await;
    let bulk = expect(resp, StatusCode::CREATED, "post", BULK).await;
    assert_eq!(
        (&bulk["success_count"], &bulk["failed_count"]),
        (&json!(0), &json!(0))
    );
    let list = expect(env.send(Method::GET, &ents).await, StatusCode::OK, "get", ENTS).await;
    assert_eq!(
        list["page_info"]["total_results"], 1,
        "the empty bulk made nothing"
    );
}

#[tokio::test]
async fn an_empty_sort_by_and_a_null_name_are_refused_as_the_schema_refuses_them() {
    let env = Env::start().await;
    let cid = env.new_collection("people").await;
    for q in ["?sort_by=", "?sort_by=%20", "?sort_by=size"] {
        let resp = env.send(Method::GET, &format!("{COLS}{q}")).await;
        let msg = expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "get", COLS).await;
        assert!(msg.contains("sort_by"), "{q}: {msg}");
        let resp = env.send(Method::GET, &format!("{COLS}/{cid}/entities{q}")).await;
        expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "get", ENTS).await;
    }
    let path = format!("{COLS}/{cid}");
    for body in [
        json!({"name": null}),
        json!({"description": null}),
        json!({"name": "a\u{85}b"}),
    ] {
        let resp = env.send_json(Method::PATCH, &path, &body).await;
        expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "patch", COL).await;
    }
    let resp = env.send_json(Method::POST, COLS, &json!({"name": null})).await;
    expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "post", COLS).await;
    let kept = expect(env.send(Method::GET, &path).await, StatusCode::OK, "get", COL).await;
    assert_eq!(kept["name"], "people", "a refused PATCH changed nothing");
}
