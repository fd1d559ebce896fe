//! Durability: a platform process is killed with SIGKILL in the middle of an upload, then started
//! again on the same data dir. The acknowledged asset is there and gets processed; the half-sent
//! one never shows up; the temp file it left is swept.
//!
//! The platform runs in a child process: this same test binary, re-run on the ignored
//! `platform_crash::child_server` test, which starts a platform and prints its base URL.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::platform_support::*;
use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, BufReader};

const DIR_VAR: &str = "TL_PLATFORM_CRASH_DIR";
const DELAY_VAR: &str = "TL_PLATFORM_CRASH_DELAY_MS";

#[tokio::test]
#[ignore = "helper process of crash_during_upload_then_restart"]
async fn child_server() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    let delay: u64 = std::env::var(DELAY_VAR)
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(50);
    let platform = tl_assets::platform::start(config(Path::new(&dir), |c| {
        c.processing_delay = Duration::from_millis(delay);
    }))
    .await
    .expect("start");
    println!("BASE {}", platform.base_url());
    std::future::pending::<()>().await;
}

/// Starts a child platform on `dir`; returns it and its base URL.
async fn spawn_child(dir: &Path, delay_ms: u64) -> (tokio::process::Child, String) {
    let exe = std::env::current_exe().expect("test exe");
    // `--exact` compares whole names, and a test's name here starts with its module's.
    let mut child = tokio::process::Command::new(exe)
        .args([
            "platform_crash::child_server",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(DIR_VAR, dir)
        .env(DELAY_VAR, delay_ms.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn child");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    while let Some(line) = lines.next_line().await.expect("read") {
        if let Some(base) = line.strip_prefix("BASE ") {
            return (child, base.to_string());
        }
    }
    panic!("child exited without a base URL");
}

#[tokio::test]
async fn crash_during_upload_then_restart() {
    let data = tempfile::tempdir().expect("tempdir");
    let http = tl_assets::http_client::builder()
        .no_proxy()
        .build()
        .expect("client");
    // A long delay: the acknowledged asset is still `processing` when the process dies.
    let (mut child, base) = spawn_child(data.path(), 3_600_000).await;

    let form = reqwest::multipart::Form::new().text("method", "direct").part(
        "file",
        reqwest::multipart::Part::bytes(std::fs::read(sample("sample-video.mp4")).expect("read"))
            .file_name("kept.mp4"),
    );
    let resp = http
        .post(format!("{base}/assets"))
        .header("x-api-key", KEY)
        .multipart(form)
        .send()
        .await
        .expect("send");
    let kept = expect(resp, StatusCode::CREATED, "post", "/assets").await["_id"]
        .as_str()
        .expect("id")
        .to_string();

    // Half an upload: the body stream sends part of the file, then stalls.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let stream =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
    let part = reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(stream)).file_name("lost.mp4");
    let form = reqwest::multipart::Form::new()
        .text("method", "direct")
        .part("file", part);
    let pending = tokio::spawn(
        http.post(format!("{base}/assets"))
            .header("x-api-key", KEY)
            .multipart(form)
            .send(),
    );
    tx.send(Ok(vec![7u8; 256 * 1024])).await.expect("feed");
    let tmp = data.path().join("tmp");
    let mut seen = false;
    for _ in 0..400 {
        if entries(&tmp).iter().any(|n| n.ends_with(".part")) {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(seen, "the upload never reached the platform's temp dir");

    child.start_kill().expect("SIGKILL");
    child.wait().await.expect("wait");
    drop(tx);
    assert!(
        pending.await.expect("join").is_err(),
        "the half upload cannot have been acknowledged"
    );
    assert!(!entries(&tmp).is_empty(), "the killed process left its temp file");

    let (child, base) = spawn_child(data.path(), 50).await;
    let resp = http
        .get(format!("{base}/assets"))
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("send");
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    let ids: Vec<&str> = page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|a| a["_id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, vec![kept.as_str()], "only the acknowledged asset exists");
    assert!(
        entries(&tmp).is_empty(),
        "orphan temp files are swept at start: {:?}",
        entries(&tmp)
    );
    assert_eq!(
        entries(&data.path().join("blobs")),
        std::collections::BTreeSet::from([kept.clone()])
    );

    // Its processing resumes in the new process.
    let mut status = String::new();
    for _ in 0..400 {
        let resp = http
            .get(format!("{base}/assets/{kept}"))
            .header("x-api-key", KEY)
            .send()
            .await
            .expect("send");
        let v = expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await;
        status = v["status"].as_str().unwrap_or_default().to_string();
        if status != "processing" {
            assert!(v["duration"].as_f64().is_some(), "{v}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(status, "ready");
    drop(child);
}
