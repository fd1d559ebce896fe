//! Thumbnails, HLS and ranged file serving; the rate limit on `POST /assets`; fault injection.

use crate::platform_support::*;
use reqwest::{Method, StatusCode};

fn ffmpeg_on_path() -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("ffmpeg").is_file()))
}

#[tokio::test]
async fn thumbnails_and_hls() {
    let env = Env::start().await;
    let image = env
        .create(
            "sample-image.jpg",
            &[("enable_thumbnail", "true"), ("enable_hls", "true")],
        )
        .await;
    let resp = env.send(Method::GET, &format!("/assets/{image}")).await;
    let pending = expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await;
    if pending["status"] == "processing" {
        assert_eq!(pending["thumbnail"]["status"], "pending", "{pending}");
        assert!(pending["thumbnail"].get("representative_url").is_none());
    }
    let ready = env.wait_final(&image).await;
    assert_eq!(ready["thumbnail"]["status"], "ready", "{ready}");
    assert!(ready.get("hls").is_none(), "images ignore the HLS flag: {ready}");
    let url = ready["thumbnail"]["representative_url"].as_str().expect("url");
    let resp = env.http.get(url).send().await.expect("get");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    let thumb = resp.bytes().await.expect("bytes");
    let decoded = image::load_from_memory(&thumb).expect("a real JPEG");
    assert_eq!(
        (decoded.width(), decoded.height()),
        (320, 240),
        "small images are not enlarged"
    );
    let resp = env
        .http
        .get(url)
        .header("range", "bytes=-10")
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::PARTIAL_CONTENT);
    assert!(resp.bytes().await.expect("bytes").as_ref() == &thumb[thumb.len() - 10..]);
    let resp = env
        .http
        .get(url)
        .header("range", format!("bytes={}-", thumb.len()))
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    // Served files need the token, not a key; a made-up token finds nothing, nor does traversal.
    let origin = env.base.trim_end_matches("/v1.3");
    let resp = env
        .http
        .get(format!("{origin}/_files/{}/thumbnail.jpg", "a".repeat(32)))
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let traversal = url.replace("thumbnail.jpg", "..%2F..%2Fplatform.sqlite3");
    assert_eq!(
        env.http.get(traversal).send().await.expect("get").status(),
        StatusCode::NOT_FOUND
    );

    let video = env
        .create(
            "sample-video.mp4",
            &[("enable_thumbnail", "true"), ("enable_hls", "true")],
        )
        .await;
    let ready = env.wait_final(&video).await;
    assert_eq!(ready["status"], "ready");
    if ffmpeg_on_path() {
        assert_eq!(ready["thumbnail"]["status"], "ready", "{ready}");
        assert_eq!(ready["hls"]["status"], "ready", "{ready}");
        let manifest_url = ready["hls"]["manifest_url"].as_str().expect("manifest");
        let manifest = env
            .http
            .get(manifest_url)
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text");
        assert!(manifest.contains("#EXT-X-ENDLIST"), "{manifest}");
        let segment = manifest.lines().find(|l| l.ends_with(".ts")).expect("a segment");
        let seg_url = manifest_url.replace("index.m3u8", segment);
        let resp = env.http.get(seg_url).send().await.expect("get");
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers()["content-type"], "video/mp2t");
    } else {
        assert_eq!(ready["thumbnail"]["status"], "error", "{ready}");
        assert_eq!(ready["hls"]["status"], "error", "{ready}");
    }
    env.stop().await;
}

#[tokio::test]
async fn rate_limit_on_create() {
    let env = Env::start_with(|c| c.rate_limit = Some("2/min".parse().expect("limit"))).await;
    for used in 1..=2 {
        let resp = env.upload_sample("sample-image.jpg", &[]).await;
        let h = resp.headers().clone();
        expect(resp, StatusCode::CREATED, "post", "/assets").await;
        assert_eq!(h["x-ratelimit-limit"], "2");
        assert_eq!(h["x-ratelimit-used"], used.to_string().as_str());
        assert_eq!(h["x-ratelimit-remaining"], (2 - used).to_string().as_str());
        assert!(
            h["x-ratelimit-reset"]
                .to_str()
                .expect("reset")
                .parse::<i64>()
                .is_ok()
        );
    }
    let resp = env.upload_sample("sample-image.jpg", &[]).await;
    let h = resp.headers().clone();
    let msg = expect_error(
        resp,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests",
        "post",
        "/assets",
    )
    .await;
    assert!(msg.contains("2 requests per 60 seconds"), "{msg}");
    let retry: u64 = h["retry-after"]
        .to_str()
        .expect("retry")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(h["x-ratelimit-remaining"], "0");
    // Other routes are not limited.
    let resp = env.req(Method::GET, "/assets").send().await.expect("send");
    expect(resp, StatusCode::OK, "get", "/assets").await;
    env.stop().await;
}

#[tokio::test]
async fn faults_at_roughly_the_asked_rates() {
    let spec = "500=0.2,429=0.1,drop=0.1,slow=0.1:5ms,seed=42";
    let env = Env::start_with(|c| c.faults = Some(spec.parse().expect("spec"))).await;
    let n = 400;
    let (mut ok, mut e500, mut e429, mut dropped) = (0, 0, 0, 0);
    for _ in 0..n {
        match env.req(Method::GET, "/assets").send().await {
            Err(_) => dropped += 1,
            Ok(resp) => match resp.status() {
                StatusCode::OK => {
                    expect(resp, StatusCode::OK, "get", "/assets").await;
                    ok += 1;
                }
                StatusCode::INTERNAL_SERVER_ERROR => {
                    expect_error(
                        resp,
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal_error",
                        "get",
                        "/assets",
                    )
                    .await;
                    e500 += 1;
                }
                StatusCode::TOO_MANY_REQUESTS => {
                    assert_eq!(resp.headers()["retry-after"], "1");
                    expect_error(
                        resp,
                        StatusCode::TOO_MANY_REQUESTS,
                        "too_many_requests",
                        "get",
                        "/assets",
                    )
                    .await;
                    e429 += 1;
                }
                other => panic!("unexpected status {other}"),
            },
        }
    }
    let rate = |k: i32| f64::from(k) / f64::from(n);
    assert!((0.14..0.26).contains(&rate(e500)), "500s: {e500}/{n}");
    assert!((0.05..0.15).contains(&rate(e429)), "429s: {e429}/{n}");
    assert!((0.05..0.15).contains(&rate(dropped)), "drops: {dropped}/{n}");
    assert_eq!(ok + e500 + e429 + dropped, n);
    env.stop().await;
}
