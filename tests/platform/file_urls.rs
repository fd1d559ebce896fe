//! Served-file URLs are like presigned URLs: each opens its own file only, and expires; a fresh
//! one comes from reading the asset again. Expiry is tested without waiting: a platform whose
//! URLs live 0 s hands out URLs that are already over, and a second platform on the same data
//! dir (same signing key, URLs of a normal life) hands out working ones for the same asset.

use crate::platform_support::{Env, KEY, config, expect, expect_error};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::time::Duration;

async fn thumbnail_url(env: &Env, id: &str) -> String {
    let resp = env.send(Method::GET, &format!("/assets/{id}")).await;
    let asset: Value = expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await;
    asset["thumbnail"]["representative_url"]
        .as_str()
        .unwrap_or_else(|| panic!("no thumbnail URL: {asset}"))
        .to_string()
}

async fn status(env: &Env, url: &str) -> StatusCode {
    env.http.get(url).send().await.expect("get").status()
}

#[tokio::test]
async fn a_thumbnail_url_opens_the_thumbnail_and_nothing_else() {
    let env = Env::start().await;
    let id = env
        .create("sample-image.jpg", &[("enable_thumbnail", "true")])
        .await;
    assert_eq!(env.wait_final(&id).await["thumbnail"]["status"], "ready");
    let thumb = thumbnail_url(&env, &id).await;
    assert_eq!(status(&env, &thumb).await, StatusCode::OK);
    for other in ["original", "original/sample-image.jpg", "hls/index.m3u8"] {
        let url = thumb.replace("thumbnail.jpg", other);
        assert_eq!(status(&env, &url).await, StatusCode::NOT_FOUND, "{url}");
    }
    // The URL names the asset's token only with its signature: a grant with the signature of
    // another scope or no signature at all finds nothing either.
    let (base, rest) = thumb.rsplit_once('/').expect("a path");
    let (origin, grant) = base.rsplit_once('/').expect("a grant");
    let token = grant.split('-').next().expect("token");
    for forged in [
        format!("{origin}/{token}/{rest}"),
        format!("{origin}/{token}-99999999999-00/{rest}"),
    ] {
        assert_eq!(status(&env, &forged).await, StatusCode::NOT_FOUND, "{forged}");
    }
}

#[tokio::test]
async fn an_expired_url_is_refused_and_reading_the_asset_again_gives_a_fresh_one() {
    let env = Env::start_with(|c| c.limits.file_url_ttl = Duration::ZERO).await;
    let id = env
        .create("sample-image.jpg", &[("enable_thumbnail", "true")])
        .await;
    env.wait_final(&id).await;
    let old = thumbnail_url(&env, &id).await;
    let resp = env.http.get(&old).send().await.expect("get");
    let body: Value = resp.json().await.expect("json body");
    assert_eq!(body["code"], "access_denied", "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("expired")),
        "{body}"
    );

    // A second platform on the data dir: the same key, URLs of the default life.
    let second = tl_assets::platform::start(config(env.dir.path(), |_| {}))
        .await
        .expect("start");
    let http = &env.http;
    let resp = http
        .get(format!("{}/assets/{id}", second.base_url()))
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("get");
    let asset: Value = expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await;
    let fresh = asset["thumbnail"]["representative_url"].as_str().expect("url");
    assert_ne!(fresh, old);
    assert_eq!(
        http.get(fresh).send().await.expect("get").status(),
        StatusCode::OK
    );
    second.shutdown().await;
    let resp = env.send(Method::GET, "/assets/000000000000000000000000").await;
    expect_error(
        resp,
        StatusCode::NOT_FOUND,
        "resource_not_exist",
        "get",
        "/assets/{asset_id}",
    )
    .await;
}
