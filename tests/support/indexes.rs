//! Making an asset referenced, through the platform's published index routes with plain HTTP,
//! so the tests of the 409 flow (and of the commands that show references) depend on the
//! platform alone, not on the client's own index calls.

use serde_json::{Value, json};

/// A plain client that never goes through a proxy: the platform is on loopback.
fn http() -> reqwest::Client {
    tl_assets::http_client::builder()
        .no_proxy()
        .build()
        .expect("http client")
}

/// Creates an index named `name` and returns its id.
pub async fn create_index(base_url: &str, key: &str, name: &str) -> String {
    let resp = http()
        .post(format!("{base_url}/indexes"))
        .header("x-api-key", key)
        .json(&json!({"index_name": name,
            "models": [{"model_name": "marengo3.0", "model_options": ["visual"]}]}))
        .send()
        .await
        .expect("create index");
    assert_eq!(resp.status(), 201, "create index");
    let body: Value = resp.json().await.expect("index json");
    body["_id"].as_str().expect("index id").to_string()
}

/// Adds `asset_id` to `index` as an indexed asset, which makes a plain delete answer 409.
pub async fn reference(base_url: &str, key: &str, index: &str, asset_id: &str) {
    let resp = http()
        .post(format!("{base_url}/indexes/{index}/indexed-assets"))
        .header("x-api-key", key)
        .json(&json!({ "asset_id": asset_id }))
        .send()
        .await
        .expect("reference");
    assert_eq!(resp.status(), 202, "reference the asset");
}
