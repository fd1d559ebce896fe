//! The index rules of later service releases on the local platform over loopback: new indexes
//! take only `marengo3.0` with `visual`/`audio`; a blank or taken name is refused saying what to
//! change, with nothing stored; indexed assets pass through `validating` (and can be filtered
//! on it); media an index cannot hold fails with the reason in `error.message`.

use crate::platform_support::{Env, expect, expect_error};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

const IA: &str = "/indexes/{index-id}/indexed-assets";
const IA_ONE: &str = "/indexes/{index-id}/indexed-assets/{indexed-asset-id}";

fn models(name: &str, options: Value) -> Value {
    json!([{"model_name": name, "model_options": options}])
}

async fn index_count(env: &Env) -> u64 {
    let list = expect(
        env.send(Method::GET, "/indexes").await,
        StatusCode::OK,
        "get",
        "/indexes",
    )
    .await;
    list["page_info"]["total_results"].as_u64().expect("total")
}

#[tokio::test]
async fn only_the_one_model_and_its_options_make_an_index_and_blank_or_taken_names_are_refused() {
    let env = Env::start().await;
    let bad = [
        (
            json!({"index_name": "a", "models": models("pegasus1.2", json!(["visual"]))}),
            "marengo3.0",
        ),
        (
            json!({"index_name": "a", "models": models("Marengo3.0", json!(["visual"]))}),
            "only accepted model is marengo3.0",
        ),
        (
            json!({"index_name": "a", "models": models("marengo3.0", json!(["text"]))}),
            "visual and/or audio",
        ),
        (
            json!({"index_name": "a", "models": models("marengo3.0", json!(["audio", "audio"]))}),
            "twice",
        ),
        (
            json!({"index_name": "", "models": models("marengo3.0", json!(["visual"]))}),
            "give the index a name",
        ),
        (
            json!({"index_name": "   ", "models": models("marengo3.0", json!(["visual"]))}),
            "only spaces",
        ),
    ];
    for (body, says) in bad {
        let resp = env.send_json(Method::POST, "/indexes", &body).await;
        let msg = expect_error(
            resp,
            StatusCode::BAD_REQUEST,
            "parameter_invalid",
            "post",
            "/indexes",
        )
        .await;
        assert!(msg.contains(says), "{body}: {msg}");
    }
    assert_eq!(index_count(&env).await, 0, "no refused create stored an index");

    let id = env.new_index("harbor").await;
    let body = json!({"index_name": " harbor ", "models": models("marengo3.0", json!(["audio"]))});
    let resp = env.send_json(Method::POST, "/indexes", &body).await;
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "index_name_already_exists",
        "post",
        "/indexes",
    )
    .await;
    assert!(
        msg.contains("harbor") && msg.contains("another unique name"),
        "{msg}"
    );
    let resp = env
        .send_json(
            Method::PUT,
            &format!("/indexes/{id}"),
            &json!({"index_name": " "}),
        )
        .await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "put",
        "/indexes/{index-id}",
    )
    .await;
    let kept = expect(
        env.send(Method::GET, &format!("/indexes/{id}")).await,
        StatusCode::OK,
        "get",
        "/indexes/{index-id}",
    )
    .await;
    assert_eq!(kept["index_name"], "harbor", "a refused rename changed nothing");
    assert_eq!(index_count(&env).await, 1);
    env.stop().await;
}

/// The indexed assets of `index` whose status is one of `statuses`.
async fn listed(env: &Env, index: &str, statuses: &str) -> Vec<Value> {
    let resp = env
        .send(
            Method::GET,
            &format!("/indexes/{index}/indexed-assets?{statuses}"),
        )
        .await;
    let page = expect(resp, StatusCode::OK, "get", IA).await;
    page["data"].as_array().expect("data").clone()
}

#[tokio::test]
async fn indexing_passes_through_validating_which_the_status_filter_finds() {
    // A long delay makes the validating window wide (800 ms) so a loaded machine, where one
    // list can take a few hundred ms, still lands in it.
    let env = Env::start_with(|c| c.processing_delay = Duration::from_millis(6400)).await;
    let index = env.new_index("harbor").await;
    let video = env.ready_asset("sample-video.mp4").await;
    let path = format!("/indexes/{index}/indexed-assets");
    let resp = env
        .send_json(Method::POST, &path, &json!({"asset_id": video}))
        .await;
    let ia = expect(resp, StatusCode::ACCEPTED, "post", IA).await["_id"]
        .as_str()
        .expect("_id")
        .to_string();
    assert!(
        listed(&env, &index, "status=validating").await.is_empty(),
        "not validating yet"
    );
    // Validating spans 3200..4000 ms of the 6400 ms delay.
    let mut found = None;
    for _ in 0..300 {
        let got = listed(&env, &index, "status=ready&status=validating").await;
        if let Some(item) = got.first() {
            found = Some(item.clone());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let item = found.expect("the filter found the indexed asset while it was validating");
    assert_eq!(
        (item["_id"].as_str(), item["status"].as_str()),
        (Some(ia.as_str()), Some("validating"))
    );
    let one = expect(
        env.send(Method::GET, &format!("{path}/{ia}")).await,
        StatusCode::OK,
        "get",
        IA_ONE,
    )
    .await;
    assert!(
        ["validating", "indexing"].contains(&one["status"].as_str().expect("status")),
        "{one}"
    );
    assert!(one.get("error").is_none(), "no error while it goes well: {one}");
    let resp = env.send(Method::GET, &format!("{path}?status=validatin")).await;
    let msg = expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "get", IA).await;
    assert!(msg.contains("validating"), "{msg}");
    env.stop().await;
}

#[tokio::test]
async fn an_image_sent_to_an_index_fails_saying_why() {
    let env = Env::start_with(|c| c.processing_delay = Duration::from_millis(400)).await;
    let index = env.new_index("harbor").await;
    let image = env.ready_asset("sample-image.jpg").await;
    let path = format!("/indexes/{index}/indexed-assets");
    let resp = env
        .send_json(Method::POST, &path, &json!({"asset_id": image}))
        .await;
    let ia = expect(resp, StatusCode::ACCEPTED, "post", IA).await["_id"]
        .as_str()
        .expect("_id")
        .to_string();
    let mut done = Value::Null;
    for _ in 0..100 {
        done = expect(
            env.send(Method::GET, &format!("{path}/{ia}")).await,
            StatusCode::OK,
            "get",
            IA_ONE,
        )
        .await;
        if done["status"] != "pending" && done["status"] != "queued" && done["status"] != "validating" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        done["status"], "failed",
        "it fails once validated, never indexing: {done}"
    );
    let why = done["error"]["message"].as_str().expect("a reason");
    assert!(why.contains("image") && why.contains("video and audio"), "{why}");
    let failed = listed(&env, &index, "status=failed").await;
    assert_eq!(failed[0]["error"]["message"], why, "the list says why too");
    env.stop().await;
}
