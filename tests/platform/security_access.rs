//! Who gets in: every `/v1.3` route refuses a missing, empty, wrong, truncated or extended key
//! with 401 `api_key_invalid`; the platform binds loopback unless told otherwise and warns loudly
//! when told otherwise; chunk upload URLs are unguessable, single use and expire.

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Duration;

use crate::platform_support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_tl-assets");

#[tokio::test]
async fn every_api_route_refuses_a_missing_or_wrong_key() {
    let env = Env::start().await;
    let id = env.create("sample-image.jpg", &[]).await;
    let routes: Vec<(Method, String)> = vec![
        (Method::GET, "/assets".into()),
        (Method::POST, "/assets".into()),
        (Method::GET, format!("/assets/{id}")),
        (Method::DELETE, format!("/assets/{id}")),
        (Method::PATCH, format!("/assets/{id}/user-metadata")),
        (Method::PUT, format!("/assets/{id}/user-metadata")),
        (Method::DELETE, format!("/assets/{id}/user-metadata")),
        (Method::GET, format!("/assets/{id}/indexed-assets")),
        (Method::GET, "/assets/multipart-uploads".into()),
        (Method::POST, "/assets/multipart-uploads".into()),
        (
            Method::GET,
            "/assets/multipart-uploads/000000000000000000000000".into(),
        ),
        (Method::POST, "/indexes".into()),
        (Method::GET, "/indexes".into()),
        (Method::PUT, "/indexes/000000000000000000000000".into()),
        (
            Method::GET,
            "/indexes/000000000000000000000000/indexed-assets/000000000000000000000000".into(),
        ),
        (Method::GET, format!("/assets/{id}/entities")),
        (Method::GET, "/entity-collections".into()),
        (Method::POST, "/entity-collections".into()),
        (
            Method::POST,
            "/entity-collections/000000000000000000000000/entities/bulk".into(),
        ),
        (Method::GET, "/no-such-route".into()),
    ];
    let wrong_keys: Vec<Option<String>> = vec![
        None,
        Some(String::new()),
        Some(" ".into()),
        Some("wrong".into()),
        Some(KEY[..KEY.len() - 1].into()),
        Some(format!("{KEY}x")),
        Some(KEY.to_uppercase()),
        Some(format!("{KEY}\t{KEY}")),
        Some("x".repeat(8 * 1024)),
    ];
    for (method, path) in &routes {
        for key in &wrong_keys {
            let mut req = env.http.request(method.clone(), env.url(path));
            if let Some(k) = key {
                req = req.header("x-api-key", k.as_str());
            }
            let resp = req.send().await.expect("send");
            let status = resp.status();
            let body: Value = resp.json().await.unwrap_or(Value::Null);
            assert_eq!(
                (status, body["code"].as_str()),
                (StatusCode::UNAUTHORIZED, Some("api_key_invalid")),
                "{method} {path} with key {key:?} got {body}"
            );
        }
    }
    // The key in another header or the query string is not a key either.
    for req in [
        env.http
            .get(env.url("/assets"))
            .header("authorization", format!("Bearer {KEY}")),
        env.http.get(env.url(&format!("/assets?x-api-key={KEY}"))),
        env.http.get(env.url("/assets")).header("x-api-key-", KEY),
    ] {
        assert_eq!(req.send().await.expect("send").status(), StatusCode::UNAUTHORIZED);
    }
    // Nothing was deleted by the refused calls; the right key works.
    let resp = env.send(Method::GET, &format!("/assets/{id}")).await;
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_platform_binds_loopback_by_default() {
    let config = tl_assets::platform::PlatformConfig::new("/nonexistent".into(), KEY);
    assert!(config.addr.ip().is_loopback(), "{:?}", config.addr);
    assert_eq!(config.addr.ip().to_string(), "127.0.0.1");
    let env = Env::start().await;
    assert!(env.platform().local_addr().ip().is_loopback());

    // `serve` without --addr: loopback too, and no warning.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = tokio::process::Command::new(BIN)
        .args(["serve", "--api-key", KEY])
        .arg("--data-dir")
        .arg(dir.path())
        .env("HOME", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("serve answers in time")
        .expect("read")
        .expect("a line");
    assert!(line.contains("listening on http://127.0.0.1:"), "{line}");
    child.start_kill().expect("kill");
    let out = child.wait_with_output().await.expect("wait");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("WARNING"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn serve_warns_loudly_before_binding_beyond_loopback() {
    // 192.0.2.1 is a documentation address no machine owns: the warning must come first, then
    // the bind fails, so no server ever listens beyond loopback in this test.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::process::Command::new(BIN)
            .args(["serve", "--api-key", KEY, "--addr", "192.0.2.1:0"])
            .arg("--data-dir")
            .arg(dir.path())
            .env("HOME", dir.path())
            .stdin(Stdio::null())
            .output(),
    )
    .await
    .expect("serve ends")
    .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("WARNING"), "{stderr}");
    assert!(stderr.contains("192.0.2.1"), "{stderr}");
    assert!(!stderr.contains(KEY), "{stderr}");
    assert!(!out.status.success(), "the bind cannot succeed: {stderr}");
}

async fn small_session(env: &Env, size: usize) -> Value {
    let resp = env
        .req(Method::POST, "/assets/multipart-uploads")
        .json(&json!({"filename": "a.mp4", "type": "video", "total_size": size}))
        .send()
        .await
        .expect("send");
    expect(resp, StatusCode::CREATED, "post", "/assets/multipart-uploads").await
}

fn urls(created: &Value) -> Vec<String> {
    created["upload_urls"]
        .as_array()
        .expect("urls")
        .iter()
        .map(|u| u["url"].as_str().expect("url").to_string())
        .collect()
}

/// The token of a chunk URL: its last path segment.
fn token(url: &str) -> &str {
    url.split('?')
        .next()
        .unwrap_or(url)
        .rsplit('/')
        .next()
        .unwrap_or("")
}

#[tokio::test]
async fn chunk_urls_are_unguessable_and_single_use() {
    let env = Env::start_with(|c| {
        c.limits.min_chunk_size = 1024;
        c.limits.chunk_size_step = 1024;
        c.limits.initial_upload_urls = 8;
    })
    .await;
    let a = small_session(&env, 8 * 1024).await;
    let b = small_session(&env, 8 * 1024).await;
    let all: Vec<String> = urls(&a).into_iter().chain(urls(&b)).collect();
    assert_eq!(all.len(), 16);
    let mut seen = HashSet::new();
    for url in &all {
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        let t = token(url);
        // 128 random bits, nothing derived from the ids or the index.
        assert_eq!(t.len(), 32, "{url}");
        assert!(t.chars().all(|c| c.is_ascii_hexdigit()), "{url}");
        for id in [&a["upload_id"], &a["asset_id"], &b["upload_id"], &b["asset_id"]] {
            let id = id.as_str().expect("id");
            assert!(!url.contains(id), "{url} names {id}");
        }
        assert!(seen.insert(t.to_string()), "token reused: {url}");
    }
    // Tokens share no long common prefix (not a counter or a timestamp).
    let tokens: Vec<&str> = all.iter().map(|u| token(u)).collect();
    for pair in tokens.windows(2) {
        let common = pair[0]
            .chars()
            .zip(pair[1].chars())
            .take_while(|(x, y)| x == y)
            .count();
        assert!(common < 8, "tokens look sequential: {pair:?}");
    }

    let first = &urls(&a)[0];
    let chunk = vec![1u8; 1024];
    // No API key is needed (the token is the credential), but a guessed token gets nowhere.
    let mut guessed = token(first).to_string();
    let last = guessed.pop().expect("char");
    guessed.push(if last == '0' { '1' } else { '0' });
    let guessed_url = first.replace(token(first), &guessed);
    for url in [
        guessed_url.as_str(),
        &first.replace(token(first), "00000000000000000000000000000000"),
        &first.replace(token(first), "..%2F..%2Fv1.3%2Fassets"),
        &first.replace(token(first), &token(first).to_uppercase()),
    ] {
        let resp = env.http.put(url).body(chunk.clone()).send().await.expect("send");
        assert!(
            resp.status() == StatusCode::FORBIDDEN || resp.status() == StatusCode::NOT_FOUND,
            "{url}: {}",
            resp.status()
        );
    }
    let resp = env
        .http
        .put(first)
        .body(chunk.clone())
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers().get("etag").is_some());
    // Used once: the same URL cannot replace the bytes.
    let resp = env
        .http
        .put(first)
        .body(vec![2u8; 1024])
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let body: Value = resp.json().await.expect("json");
    assert!(
        body["message"].as_str().unwrap_or("").contains("already used"),
        "{body}"
    );
}

#[tokio::test]
async fn chunk_urls_expire() {
    let env = Env::start_with(|c| {
        c.limits.min_chunk_size = 1024;
        c.limits.chunk_size_step = 1024;
        c.limits.chunk_url_ttl = Duration::from_millis(1);
    })
    .await;
    let created = small_session(&env, 2048).await;
    let url = urls(&created)[0].clone();
    // The URL's expiry is in the past once this wait is over (expiry is checked, not timed).
    tokio::time::sleep(Duration::from_millis(50)).await;
    let resp = env
        .http
        .put(&url)
        .body(vec![0u8; 1024])
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let body: Value = resp.json().await.expect("json");
    assert!(
        body["message"].as_str().unwrap_or("").contains("expired"),
        "{body}"
    );
}
