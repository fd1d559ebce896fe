//! One test per error code of docs/contract.md §14, each reached with real bytes or a real request.
use crate::platform_support::*;
use reqwest::{Method, StatusCode};

const POST: (&str, &str) = ("post", "/assets");

/// A change to the platform settings for one case.
type Tweak = fn(&mut tl_assets::platform::PlatformConfig);

async fn upload_error(env: &Env, bytes: Vec<u8>, name: &str, code: &str) -> String {
    let resp = env.upload_bytes(bytes, name, &[]).await;
    expect_error(resp, StatusCode::BAD_REQUEST, code, POST.0, POST.1).await
}

async fn url_error(env: &Env, url: &str, code: &str) -> String {
    let resp = env.upload_url(url, &[]).await;
    expect_error(resp, StatusCode::BAD_REQUEST, code, POST.0, POST.1).await
}

fn video() -> Vec<u8> {
    std::fs::read(sample("sample-video.mp4")).expect("read")
}

fn audio() -> Vec<u8> {
    std::fs::read(sample("sample-audio.mp3")).expect("read")
}

#[tokio::test]
async fn content_type_invalid() {
    let env = Env::start().await;
    let resp = env
        .send_json(Method::POST, "/assets", &serde_json::json!({"method": "url"}))
        .await;
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "content_type_invalid",
        POST.0,
        POST.1,
    )
    .await;
    assert_eq!(
        msg,
        "application/json is not supported. Please use multipart/form-data."
    );
    env.stop().await;
}

#[tokio::test]
async fn multipart_boundary_missing() {
    let env = Env::start().await;
    let resp = env
        .req(Method::POST, "/assets")
        .header("content-type", "multipart/form-data")
        .body("--x\r\n")
        .send()
        .await
        .expect("send");
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "multipart_boundary_missing",
        POST.0,
        POST.1,
    )
    .await;
    env.stop().await;
}

#[tokio::test]
async fn invalid_multipart() {
    let env = Env::start().await;
    // No method at all.
    let form = reqwest::multipart::Form::new().text("filename", "x.mp4");
    let resp = env
        .req(Method::POST, "/assets")
        .multipart(form)
        .send()
        .await
        .expect("send");
    let msg = expect_error(resp, StatusCode::BAD_REQUEST, "invalid_multipart", POST.0, POST.1).await;
    assert!(msg.contains("'required' tag"), "{msg}");
    // A method outside the enum.
    let form = reqwest::multipart::Form::new().text("method", "ftp");
    let resp = env
        .req(Method::POST, "/assets")
        .multipart(form)
        .send()
        .await
        .expect("send");
    let msg = expect_error(resp, StatusCode::BAD_REQUEST, "invalid_multipart", POST.0, POST.1).await;
    assert_eq!(
        msg,
        "Key: 'CreateAssetRequest.Method' Error:Field validation for 'Method' failed on the 'oneof' tag"
    );
    // A body that is not multipart at all.
    let resp = env
        .req(Method::POST, "/assets")
        .header("content-type", "multipart/form-data; boundary=XyZ")
        .body("this is not a multipart body")
        .send()
        .await
        .expect("send");
    expect_error(resp, StatusCode::BAD_REQUEST, "invalid_multipart", POST.0, POST.1).await;
    env.stop().await;
}

#[tokio::test]
async fn parameter_not_provided() {
    let env = Env::start().await;
    let form = reqwest::multipart::Form::new().text("method", "direct");
    let resp = env
        .req(Method::POST, "/assets")
        .multipart(form)
        .send()
        .await
        .expect("send");
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_not_provided",
        POST.0,
        POST.1,
    )
    .await;
    assert_eq!(
        msg,
        "file parameter is required but was not provided. file is required when method is direct."
    );
    let form = reqwest::multipart::Form::new().text("method", "url");
    let resp = env
        .req(Method::POST, "/assets")
        .multipart(form)
        .send()
        .await
        .expect("send");
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_not_provided",
        POST.0,
        POST.1,
    )
    .await;
    assert_eq!(
        msg,
        "url parameter is required but was not provided. url is required when method is url."
    );
    env.stop().await;
}

#[tokio::test]
async fn parameter_invalid_variants() {
    let env = Env::start().await;
    let form = reqwest::multipart::Form::new().text("method", "multipart");
    let resp = env
        .req(Method::POST, "/assets")
        .multipart(form)
        .send()
        .await
        .expect("send");
    let msg = expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", POST.0, POST.1).await;
    assert!(msg.contains("/assets/multipart-uploads"), "{msg}");

    let msg = upload_error(
        &env,
        b"just some notes\n".to_vec(),
        "notes.dat",
        "parameter_invalid",
    )
    .await;
    assert_eq!(
        msg,
        "file parameter is invalid. Unsupported asset type: application/octet-stream."
    );

    let msg = upload_error(&env, png(100, 100), "tiny.png", "parameter_invalid").await;
    assert_eq!(
        msg,
        "image parameter is invalid. Image dimensions 100x100 are below the minimum 128x128."
    );

    let mut fake = b"\x89PNG\r\n\x1a\n".to_vec();
    fake.extend_from_slice(&[0u8; 64]);
    let msg = upload_error(&env, fake, "fake.png", "parameter_invalid").await;
    assert_eq!(
        msg,
        "image parameter is invalid. Invalid image file. Please check the format and dimensions."
    );

    let resp = env
        .upload_sample("sample-image.jpg", &[("user_metadata", "[1,2]")])
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", POST.0, POST.1).await;
    let resp = env
        .upload_sample("sample-image.jpg", &[("user_metadata", r#"{"nested":{"a":1}}"#)])
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", POST.0, POST.1).await;
    let resp = env
        .upload_sample("sample-image.jpg", &[("enable_hls", "maybe")])
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", POST.0, POST.1).await;
    let long = "x".repeat(256);
    let resp = env
        .upload_sample("sample-image.jpg", &[("filename", &long)])
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", POST.0, POST.1).await;
    // Nothing of the rejected uploads was kept.
    let resp = env.req(Method::GET, "/assets").send().await.expect("send");
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    assert_eq!(page["page_info"]["total_results"], 0);
    env.stop().await;
}

#[tokio::test]
async fn media_url_errors() {
    let files = FileServer::start(vec![
        ("notes.dat", b"plain text, not media".to_vec()),
        ("broken.mp4", truncated_mp4()),
        ("video.mp4", video()),
        (
            "live.m3u8",
            b"#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg0.ts\n".to_vec(),
        ),
    ])
    .await;
    let env = Env::start_with(|c| c.limits.url_media_max_bytes = 1000).await;
    let msg = url_error(&env, &files.url("notes.dat"), "media_url_unsupported_format").await;
    assert!(msg.contains("application/octet-stream"), "{msg}");
    let missing = files.url("nowhere.mp4");
    let msg = url_error(&env, &missing, "media_url_not_accessible").await;
    // A 404 and a refused connection read alike: telling them apart would make the platform a
    // port scanner (url_targets.rs has the rest).
    let refused = "http://127.0.0.1:9/refused.mp4";
    let other = url_error(&env, refused, "media_url_not_accessible").await;
    assert!(msg.contains(&missing) && !msg.contains("404"), "{msg}");
    assert_eq!(msg.replace(&missing, refused), other);
    let msg = url_error(&env, &files.url("video.mp4"), "media_filesize_too_large").await;
    assert!(
        msg.contains("(1000 bytes)") && msg.contains(&format!("({} bytes)", video().len())),
        "{msg}"
    );
    env.stop().await;

    let env = Env::start().await;
    url_error(&env, &files.url("broken.mp4"), "media_url_file_broken").await;
    url_error(&env, &files.url("live.m3u8"), "video_file_live").await;
    // And a good one goes through and becomes ready.
    let resp = env.upload_url(&files.url("video.mp4"), &[]).await;
    let body = expect(resp, StatusCode::CREATED, POST.0, POST.1).await;
    assert_eq!(
        (body["method"].as_str(), body["filename"].as_str()),
        (Some("url"), Some("video.mp4"))
    );
    let ready = env.wait_final(body["_id"].as_str().expect("id")).await;
    assert_eq!(ready["status"], "ready");
    env.stop().await;
}

#[tokio::test]
async fn video_errors() {
    let env = Env::start().await;
    let msg = upload_error(&env, truncated_mp4(), "cut.mp4", "video_file_broken").await;
    assert!(msg.contains("broken"), "{msg}");
    let live = b"#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg0.ts\n".to_vec();
    upload_error(&env, live, "live.m3u8", "video_file_live").await;
    env.stop().await;

    let cases: [(&str, Tweak, &str); 6] = [
        (
            "video_resolution_too_low",
            |c| c.limits.video_min_side = 400,
            "Current resolution is 640x360.",
        ),
        (
            "video_resolution_too_high",
            |c| c.limits.video_max_long_side = 600,
            "Current resolution is 640x360.",
        ),
        (
            "video_resolution_invalid_aspect_ratio",
            |c| c.limits.video_max_aspect_ratio = 1.5,
            "wider than 1.5:1. Current resolution is 640x360.",
        ),
        (
            "video_duration_too_short",
            |c| c.limits.min_duration_secs = 6.0,
            "at least 6 seconds. Current duration is 5",
        ),
        (
            "video_duration_too_long",
            |c| c.limits.max_duration_secs = 4.0,
            "between 4 and 4 seconds. Current duration is 5",
        ),
        (
            "video_filesize_too_large",
            |c| c.limits.direct_media_max_bytes = 1000,
            "The current size is",
        ),
    ];
    for (code, tweak, needle) in cases {
        let env = Env::start_with(tweak).await;
        let msg = upload_error(&env, video(), "v.mp4", code).await;
        assert!(msg.contains(needle), "{code}: {msg}");
        env.stop().await;
    }
    // Over the streaming cap too: the upload is cut off while arriving, and the size is still named.
    let env = Env::start_with(|c| {
        c.limits.direct_media_max_bytes = 1000;
        c.limits.image_max_bytes = 1000;
    })
    .await;
    let msg = upload_error(&env, video(), "v.mp4", "video_filesize_too_large").await;
    assert!(msg.contains(&format!("({} bytes)", video().len())), "{msg}");
    env.stop().await;
}

#[tokio::test]
async fn audio_errors() {
    let env = Env::start().await;
    let msg = upload_error(&env, wav(3.0), "three.wav", "audio_duration_too_short").await;
    assert!(msg.contains("Current duration is 3 seconds"), "{msg}");
    let ok = env.upload_bytes(wav(4.5), "fine.wav", &[]).await;
    expect(ok, StatusCode::CREATED, POST.0, POST.1).await;
    let broken = wav(5.0)[..20].to_vec();
    upload_error(&env, broken, "broken.wav", "audio_file_broken").await;
    let mut ogg = b"OggS\x00\x02".to_vec();
    ogg.extend_from_slice(&[0u8; 64]);
    let msg = upload_error(&env, ogg, "song.ogg", "audio_format_unsupported").await;
    assert_eq!(
        msg,
        "ogg is not supported. Please use one of the following formats: wav, mp3, flac."
    );
    env.stop().await;

    let env = Env::start_with(|c| c.limits.max_duration_secs = 4.0).await;
    upload_error(&env, audio(), "a.mp3", "audio_duration_too_long").await;
    env.stop().await;
    let env = Env::start_with(|c| c.limits.direct_media_max_bytes = 1000).await;
    upload_error(&env, audio(), "a.mp3", "audio_filesize_too_large").await;
    env.stop().await;
}
