//! What a test of indexes or entities needs first, made through the published routes (each
//! answer checked like any other): a ready asset, an index, an entity collection, an asset
//! added to an index, and the ids of a list answer.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Env, expect};

/// The models every test index is made with.
pub fn index_models() -> Value {
    json!([{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}])
}

/// The `_id`s of a list answer's `data`, in order.
pub fn ids(v: &Value) -> Vec<String> {
    v["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|x| x["_id"].as_str().expect("_id").to_string())
        .collect()
}

impl Env {
    /// Uploads a sample and waits until it is `ready`.
    pub async fn ready_asset(&self, sample: &str) -> String {
        let id = self.create(sample, &[]).await;
        assert_eq!(self.wait_final(&id).await["status"], "ready");
        id
    }

    /// Creates an index named `name`.
    pub async fn new_index(&self, name: &str) -> String {
        let body = json!({"index_name": name, "models": index_models()});
        let resp = self.send_json(Method::POST, "/indexes", &body).await;
        created_id(expect(resp, StatusCode::CREATED, "post", "/indexes").await)
    }

    /// Adds `asset_id` to `index` (202), which makes a plain delete of the asset answer 409.
    pub async fn index_asset(&self, index: &str, asset_id: &str) -> String {
        let path = format!("/indexes/{index}/indexed-assets");
        let resp = self
            .send_json(Method::POST, &path, &json!({"asset_id": asset_id}))
            .await;
        created_id(
            expect(
                resp,
                StatusCode::ACCEPTED,
                "post",
                "/indexes/{index-id}/indexed-assets",
            )
            .await,
        )
    }

    /// Creates an entity collection named `name`.
    pub async fn new_collection(&self, name: &str) -> String {
        let path = "/entity-collections";
        let resp = self.send_json(Method::POST, path, &json!({"name": name})).await;
        created_id(expect(resp, StatusCode::CREATED, "post", path).await)
    }
}

fn created_id(body: Value) -> String {
    body["_id"].as_str().expect("_id").to_string()
}
