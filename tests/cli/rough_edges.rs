//! The command line's rough edges a new user and a script run into: what a failed upload says to
//! run next, stderr under `--json`, usage exit codes, retries said at once, batch summaries, one
//! metadata rule and `serve`'s help. Every case runs the real binary against a real platform.

use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

use crate::support::cli::*;
use serde_json::Value;
use tl_assets::platform::{self, PlatformConfig};

/// True once the resume dir was made (a session was saved) and holds nothing again (its state
/// was removed once every chunk was in): the multipart upload completed.
fn completed(resume_dir: &Path) -> bool {
    std::fs::read_dir(resume_dir).is_ok_and(|mut d| d.next().is_none())
}

/// A multipart upload whose server dies after the upload completed (the asset exists, still
/// processing) names the asset and how to follow it, never `to try again` (a second copy); with
/// `--json` every stderr line is JSON and the last, the error, carries the asset id.
#[tokio::test(flavor = "multi_thread")]
async fn a_server_lost_after_the_upload_completed_names_the_asset_not_a_retry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = PlatformConfig::new(dir.path().join("platform"), KEY);
    config.processing_delay = Duration::from_secs(3600);
    let running = platform::start(config).await.expect("platform");
    let base = running.base_url().to_string();
    let video = sample("sample-video.mp4");
    let start = |name: &str, json: bool| {
        let data = dir.path().join(name);
        let mut c = tl();
        c.args(["--base-url", &base, "--api-key", KEY, "--data-dir"])
            .arg(&data)
            .arg("upload")
            .arg(&video)
            .args(["--multipart", "--poll-interval", "0.2", "--timeout", "5"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if json {
            c.arg("--json");
        }
        let resume = tl_assets::config::resume_dir(Some(&data)).expect("resume dir");
        (c.spawn().expect("spawn"), resume)
    };
    let (people, people_resume) = start("people", false);
    let (script, script_resume) = start("script", true);
    // Seen empty twice in a row: not the instant between making the dir and writing its file.
    let mut seen = 0;
    while seen < 2 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        seen = if completed(&people_resume) && completed(&script_resume) {
            seen + 1
        } else {
            0
        };
    }
    running.shutdown().await;
    let wait = |child: std::process::Child| tokio::task::spawn_blocking(move || child.wait_with_output());
    let people: Output = wait(people).await.expect("join").expect("wait");
    let script: Output = wait(script).await.expect("join").expect("wait");

    let text = stderr(&people);
    assert_eq!(code(&people), Some(1), "{text}");
    assert!(!text.contains("to try again"), "{text}");
    let id = text
        .split("asset ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the asset id is named");
    assert!(
        text.contains(&format!("to follow it: tl-assets get {id}")) || text.contains(&format!(" get {id}")),
        "{text}"
    );

    assert_eq!(code(&script), Some(1), "{}", stderr(&script));
    let lines: Vec<Value> = stderr(&script)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}")))
        .collect();
    let last = lines.last().expect("an error line");
    assert!(last["error"]["code"].is_string(), "{last}");
    assert!(last["error"]["asset_id"].is_string(), "{last}");
    assert!(last["error"].get("again").is_none(), "{last}");
}
