//! `tl-assets upload` against a local platform that limits and misbehaves: uploads that meet a
//! rate limit wait for its reset, uploads that meet 500s, 429s and dropped connections retry
//! or reconcile, and every one ends `ready` with exactly one asset each (nothing duplicated,
//! nothing lost). A non-terminal stderr gets plain progress lines and the wait messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use tl_assets::api::types::ListAssetsQuery;
use tl_assets::api::{ApiKey, Client};
use tl_assets::platform::{self, PlatformConfig, RunningPlatform};

const KEY: &str = "tlk_cli_limits_key_0123";

/// `n` copies of the sample video under distinct names, as in a folder of clips.
fn folder(dir: &Path, n: usize) -> Vec<PathBuf> {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-video.mp4");
    (0..n)
        .map(|i| {
            let p = dir.join(format!("clip-{i:02}.mp4"));
            std::fs::copy(&sample, &p).expect("copy sample");
            p
        })
        .collect()
}

async fn platform(data: &Path, tweak: impl FnOnce(&mut PlatformConfig)) -> RunningPlatform {
    let mut config = PlatformConfig::new(data.to_path_buf(), KEY);
    config.processing_delay = Duration::from_millis(50);
    tweak(&mut config);
    platform::start(config).await.expect("platform")
}

fn upload(base: &str, home: &Path, file: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tl-assets"));
    cmd.args(["--base-url", base, "--api-key", KEY, "--data-dir"])
        .arg(home)
        .arg("upload")
        .arg(file)
        .args(["--json", "--poll-interval", "0.05", "--timeout", "120"])
        .env_remove("TWELVE_LABS_API_KEY")
        .env_remove("TWELVE_LABS_BASE_URL")
        .env("TL_ASSETS_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn check_ready(out: &Output, file: &Path) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{}: {stderr}", file.display());
    let asset: serde_json::Value = serde_json::from_slice(&out.stdout).expect("asset JSON");
    assert_eq!(asset["status"], "ready", "{asset}");
    asset["filename"].as_str().expect("filename").to_string()
}

/// Every asset of the platform, by name (sorted).
async fn names_on(base: &str) -> Vec<String> {
    let client = Client::new(base, ApiKey::new(KEY)).expect("client");
    let page = client
        .list_assets(&ListAssetsQuery {
            page_limit: Some(50),
            ..Default::default()
        })
        .await
        .expect("list");
    let mut names: Vec<String> = page.data.into_iter().filter_map(|a| a.filename).collect();
    names.sort();
    names
}

fn expected(files: &[PathBuf]) -> Vec<String> {
    let mut v: Vec<String> = files
        .iter()
        .map(|f| f.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twelve_uploads_at_once_wait_for_the_rate_limit_and_all_end_ready() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = folder(dir.path(), 12);
    let running = platform(&dir.path().join("data"), |c| {
        c.rate_limit = Some("3/2s".parse().expect("limit"));
    })
    .await;
    let base = running.base_url().to_string();
    let home = dir.path().join("home");
    let children: Vec<_> = files
        .iter()
        .map(|f| upload(&base, &home, f).spawn().expect("spawn"))
        .collect();
    let outputs = tokio::task::spawn_blocking(move || {
        children
            .into_iter()
            .map(|c| c.wait_with_output().expect("wait"))
            .collect::<Vec<_>>()
    })
    .await
    .expect("join");
    let mut waited = 0;
    for (out, file) in outputs.iter().zip(&files) {
        check_ready(out, file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("rate limited: waiting ") && stderr.contains("(until ") {
            waited += 1;
        }
        assert!(!stderr.contains("error"), "a wait is not an error: {stderr}");
    }
    assert!(
        waited >= 9,
        "12 uploads into a 3-per-window limit: most wait ({waited} did)"
    );
    assert_eq!(
        names_on(&base).await,
        expected(&files),
        "exactly one asset per file"
    );
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twelve_uploads_through_errors_and_drops_all_end_ready_without_duplicates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = folder(dir.path(), 12);
    let data = dir.path().join("data");
    let running = platform(&data, |c| {
        c.faults = Some("500=0.15,429=0.15,drop=0.05".parse().expect("faults"));
    })
    .await;
    let base = running.base_url().to_string();
    let home = dir.path().join("home");
    for file in &files {
        let mut cmd = upload(&base, &home, file);
        let out = tokio::task::spawn_blocking(move || cmd.output().expect("run"))
            .await
            .expect("join");
        check_ready(&out, file);
    }
    let counts = running.fault_counts().expect("faults on");
    running.shutdown().await;
    // The same data without faults: exactly the twelve, none twice.
    let clean = platform(&data, |_| {}).await;
    assert_eq!(
        names_on(clean.base_url()).await,
        expected(&files),
        "faults seen: {counts:?}"
    );
    clean.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pipe_gets_plain_progress_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = folder(dir.path(), 1);
    let running = platform(&dir.path().join("data"), |_| {}).await;
    let mut cmd = upload(running.base_url(), &dir.path().join("home"), &files[0]);
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("run"))
        .await
        .expect("join");
    check_ready(&out, &files[0]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // With --json every stderr line is a JSON object; progress comes as notes.
    let notes: Vec<String> = stderr
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}"))
        })
        .filter_map(|v| v["note"].as_str().map(str::to_string))
        .collect();
    let progress: Vec<&String> = notes
        .iter()
        .filter(|l| l.starts_with("uploading clip-00.mp4: "))
        .collect();
    assert!(
        progress.last().is_some_and(|l| l.contains("100.0%")),
        "plain progress ends at 100 %: {stderr}"
    );
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\r'),
        "no terminal codes: {stderr:?}"
    );
    running.shutdown().await;
}
