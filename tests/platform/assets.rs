//! Asset routes over loopback: upload, list, retrieve, delete, auth, paging.

use crate::platform_support::*;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn upload_list_get_delete_each_sample() {
    let env = Env::start().await;
    let mut ids = Vec::new();
    for (name, mime) in [
        ("sample-video.mp4", "video/mp4"),
        ("sample-audio.mp3", "audio/mpeg"),
        ("sample-image.jpg", "image/jpeg"),
    ] {
        let resp = env.upload_sample(name, &[]).await;
        let body = expect(resp, StatusCode::CREATED, "post", "/assets").await;
        assert_eq!(body["status"], "processing");
        assert_eq!(body["method"], "direct");
        assert_eq!(body["filename"], name);
        assert_eq!(body["file_type"], mime);
        assert!(body.get("size").is_none(), "short form has no size: {body}");
        ids.push(body["_id"].as_str().expect("id").to_string());
    }

    // Newest first, with page_info.
    let resp = env.send(Method::GET, "/assets?page_limit=2").await;
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    let got: Vec<&str> = page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|a| a["_id"].as_str().expect("id"))
        .collect();
    assert_eq!(got, vec![ids[2].as_str(), ids[1].as_str()]);
    assert_eq!(
        page["page_info"],
        serde_json::json!({"limit_per_page": 2, "page": 1, "total_page": 2, "total_results": 3})
    );
    let resp = env.send(Method::GET, "/assets?page=2&page_limit=2").await;
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    assert_eq!(page["data"][0]["_id"], ids[0].as_str());

    // Ready with size and duration.
    let video = env.wait_final(&ids[0]).await;
    assert_eq!(video["status"], "ready", "{video}");
    assert_eq!(
        video["size"],
        std::fs::metadata(sample("sample-video.mp4")).expect("meta").len()
    );
    let d = video["duration"].as_f64().expect("duration");
    assert!((4.5..5.5).contains(&d), "{d}");
    assert_eq!(video["technical_metadata"]["video_width"], 640);
    assert_eq!(video["technical_metadata"]["video_height"], 360);
    let audio = env.wait_final(&ids[1]).await;
    assert!(
        audio["duration"]
            .as_f64()
            .is_some_and(|d| (4.5..5.5).contains(&d)),
        "{audio}"
    );
    let image = env.wait_final(&ids[2]).await;
    assert_eq!(image["status"], "ready");
    assert!(
        image.get("duration").is_none(),
        "images have no duration: {image}"
    );
    assert_eq!(image["technical_metadata"]["image_width"], 320);

    // Delete, then 404.
    for id in &ids {
        let resp = env.send(Method::DELETE, &format!("/assets/{id}")).await;
        expect_no_content(resp).await;
        let resp = env.send(Method::GET, &format!("/assets/{id}")).await;
        expect_error(
            resp,
            StatusCode::NOT_FOUND,
            "resource_not_exist",
            "get",
            "/assets/{asset_id}",
        )
        .await;
    }
    let resp = env.req(Method::GET, "/assets").send().await.expect("send");
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    assert_eq!(page["page_info"]["total_results"], 0);
    env.stop().await;
}

#[tokio::test]
async fn api_key_is_required() {
    let env = Env::start().await;
    let resp = env.http.get(env.url("/assets")).send().await.expect("send");
    expect_error(
        resp,
        StatusCode::UNAUTHORIZED,
        "api_key_invalid",
        "get",
        "/assets",
    )
    .await;
    let resp = env
        .http
        .get(env.url("/assets"))
        .header("x-api-key", "tlk_wrong")
        .send()
        .await
        .expect("send");
    expect_error(
        resp,
        StatusCode::UNAUTHORIZED,
        "api_key_invalid",
        "get",
        "/assets",
    )
    .await;
    env.stop().await;
}

#[tokio::test]
async fn paging_rules() {
    let env = Env::start().await;
    env.create("sample-image.jpg", &[]).await;
    let resp = env.send(Method::GET, "/assets?page_limit=51").await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "get",
        "/assets",
    )
    .await;
    let resp = env.req(Method::GET, "/assets?page=0").send().await.expect("send");
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "get",
        "/assets",
    )
    .await;
    let resp = env.req(Method::GET, "/assets?page=7").send().await.expect("send");
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    assert_eq!(page["data"], serde_json::json!([]));
    assert_eq!(page["page_info"]["page"], 7);
    assert_eq!(page["page_info"]["total_page"], 1);
    env.stop().await;
}

#[tokio::test]
async fn state_survives_restart_and_seeding_happens_once() {
    let env = Env::start().await;
    let n = tl_assets::platform::seed_samples_once(env.platform(), &sample(""))
        .await
        .expect("seed");
    assert_eq!(n, 3);
    let resp = env.req(Method::GET, "/assets").send().await.expect("send");
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    let data = page["data"].as_array().expect("data");
    assert_eq!(data.len(), 3);
    assert!(data.iter().all(|a| a["status"] == "ready"), "{page}");
    // The samples that play come with HLS, so the preview works on them from the first start
    // (made with ffmpeg; without it the rendition is `error` and the asset still `ready`).
    let hls_made = if tl_assets::terminal_env::on_path("ffmpeg") {
        "ready"
    } else {
        "error"
    };
    for a in data {
        let plays = a["file_type"].as_str().is_some_and(|t| !t.starts_with("image/"));
        if plays {
            assert_eq!(a["hls"]["status"], hls_made, "{a}");
        } else {
            assert!(a["hls"].is_null(), "an image has no HLS: {a}");
        }
    }
    let first = data[0]["_id"].as_str().expect("id").to_string();
    let resp = env.send(Method::DELETE, &format!("/assets/{first}")).await;
    expect_no_content(resp).await;

    let dir = env.stop().await;
    let platform = tl_assets::platform::start(config(dir.path(), |_| {}))
        .await
        .expect("restart");
    let again = tl_assets::platform::seed_samples_once(&platform, &sample(""))
        .await
        .expect("seed");
    assert_eq!(again, 0, "samples come only once");
    let http = tl_assets::http_client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let resp = http
        .get(format!("{}/assets", platform.base_url()))
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("send");
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    assert_eq!(page["page_info"]["total_results"], 2);
    platform.shutdown().await;
}
