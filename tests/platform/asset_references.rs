//! A deleted asset leaves no reference behind, in indexes or in entities, on the local platform
//! over loopback (each JSON answer checked against the published schemas).

use crate::platform_support::{Env, expect, expect_error, expect_no_content};
use reqwest::{Method, StatusCode};
use serde_json::json;

const COLS: &str = "/entity-collections";
const ENTS: &str = "/entity-collections/{entity_collection_id}/entities";
const ENT: &str = "/entity-collections/{entity_collection_id}/entities/{entity_id}";

#[tokio::test]
async fn a_deleted_asset_leaves_no_reference_in_indexes_or_entities() {
    let env = Env::start().await;
    let keep = env.ready_asset("sample-image.jpg").await;
    let gone = env.ready_asset("sample-video.mp4").await;
    let only = env.ready_asset("sample-audio.mp3").await;
    let index = env.new_index("harbor").await;
    env.index_asset(&index, &gone).await;
    let ia_path = format!("/indexes/{index}/indexed-assets");
    let col = env.new_collection("people").await;
    let ents = format!("{COLS}/{col}/entities");
    let resp = env
        .send_json(
            Method::POST,
            &ents,
            &json!({"name": "Kim", "asset_ids": [keep, gone]}),
        )
        .await;
    let kim = expect(resp, StatusCode::CREATED, "post", ENTS).await["_id"]
        .as_str()
        .expect("_id")
        .to_string();

    // Entity links alone never block a delete; the link goes with the asset.
    let resp = env
        .send_json(Method::POST, &ents, &json!({"name": "Lee", "asset_ids": [only]}))
        .await;
    let lee = expect(resp, StatusCode::CREATED, "post", ENTS).await["_id"]
        .as_str()
        .expect("_id")
        .to_string();
    expect_no_content(env.send(Method::DELETE, &format!("/assets/{only}")).await).await;
    let got = expect(
        env.send(Method::GET, &format!("{ents}/{lee}")).await,
        StatusCode::OK,
        "get",
        ENT,
    )
    .await;
    assert_eq!(got["asset_ids"], json!([]));

    let resp = env.send(Method::DELETE, &format!("/assets/{gone}")).await;
    expect_error(
        resp,
        StatusCode::CONFLICT,
        "asset_referenced",
        "delete",
        "/assets/{asset_id}",
    )
    .await;
    expect_no_content(
        env.send(Method::DELETE, &format!("/assets/{gone}?force=true"))
            .await,
    )
    .await;
    let listed = expect(
        env.send(Method::GET, &ia_path).await,
        StatusCode::OK,
        "get",
        "/indexes/{index-id}/indexed-assets",
    )
    .await;
    assert_eq!(listed["page_info"]["total_results"], 0);
    let got = expect(
        env.send(Method::GET, &format!("/indexes/{index}")).await,
        StatusCode::OK,
        "get",
        "/indexes/{index-id}",
    )
    .await;
    assert_eq!(got["video_count"], 0);
    let got = expect(
        env.send(Method::GET, &format!("{ents}/{kim}")).await,
        StatusCode::OK,
        "get",
        ENT,
    )
    .await;
    assert_eq!(got["asset_ids"], json!([keep]));
    env.stop().await;
}
