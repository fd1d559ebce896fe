//! The command line killed with SIGKILL in the middle of a multipart upload, at exact points
//! (a hidden switch makes it stop there): after the first chunk and before any report, mid-way
//! with some chunks acknowledged and some only stored, and after the last chunk's PUT but before
//! its report. `upload --resume` then finishes each upload without sending again any chunk the
//! service already holds, and the asset's bytes equal the file's.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::platform_support::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

const BIN: &str = env!("CARGO_BIN_EXE_tl-assets");

fn command(home: &Path, base: &str) -> tokio::process::Command {
    let mut c = tokio::process::Command::new(BIN);
    c.args(["--base-url", base, "--api-key", KEY, "--debug"])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("NO_COLOR", "1")
        .env("TL_ASSETS_LOG", "tl_assets=debug")
        .env_remove("TL_ASSETS_TEST_STALL")
        .env_remove("TWELVE_LABS_BASE_URL")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    c
}

/// Removes ANSI colour sequences, should the log have them anyway.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Chunk indexes a run's debug log says it sent.
fn chunks_sent(log: &str) -> BTreeSet<u32> {
    plain(log)
        .lines()
        .filter(|l| l.contains("chunk sent"))
        .filter_map(|l| l.split("index=").nth(1)?.split_whitespace().next()?.parse().ok())
        .collect()
}

/// The session's chunks the service has acknowledged.
async fn acknowledged(env: &Env, upload_id: &str) -> (String, BTreeSet<u32>) {
    let resp = env
        .send(
            Method::GET,
            &format!("/assets/multipart-uploads/{upload_id}?page_limit=50"),
        )
        .await;
    let v = expect(
        resp,
        StatusCode::OK,
        "get",
        "/assets/multipart-uploads/{upload_id}",
    )
    .await;
    let done = v["uploaded_chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .filter(|c| c["status"] == "completed")
        .map(|c| c["index"].as_u64().expect("index") as u32)
        .collect();
    (v["status"].as_str().unwrap_or_default().to_string(), done)
}

/// Runs `upload --multipart` until it stops at `point`, then kills it. Returns the saved state.
async fn upload_until(home: &Path, base: &str, file: &Path, point: &str) -> Value {
    let mut child = command(home, base)
        .args(["upload", "--multipart", "--concurrency", "1", "--json"])
        .arg(file)
        .env("TL_ASSETS_TEST_STALL", point)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let mut log = String::new();
    let stalled = tokio::time::timeout(Duration::from_secs(60), async {
        while let Ok(Some(line)) = lines.next_line().await {
            log.push_str(&line);
            log.push('\n');
            if line.contains("test stall:") {
                return true;
            }
        }
        false
    })
    .await;
    assert!(
        matches!(stalled, Ok(true)),
        "{point}: never reached the stall point:\n{log}"
    );
    child.start_kill().expect("SIGKILL");
    child.wait().await.expect("wait");
    let dir = home.join("data").join("tl-assets").join("resumable-uploads");
    let states: Vec<_> = std::fs::read_dir(&dir)
        .expect("resume dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .collect();
    assert_eq!(states.len(), 1, "{point}: one saved state in {}", dir.display());
    serde_json::from_slice(&std::fs::read(states[0].path()).expect("read")).expect("state json")
}

#[tokio::test]
async fn a_killed_multipart_upload_resumes_without_resending_chunks() {
    let env = Env::start_with(|c| {
        c.limits.min_chunk_size = 8 * 1024;
        c.limits.chunk_size_step = 1024;
    })
    .await;
    let file = sample("sample-video.mp4");
    let original = std::fs::read(&file).expect("read");
    let total = original.len().div_ceil(8 * 1024) as u32;
    assert!(
        total > 12,
        "the sample must make more than one report batch: {total} chunks"
    );
    // With one chunk in flight the order is fixed: chunks 1..=10 are reported in the first
    // report, the rest in the second.
    let points = ["after_put:1", "after_put:12", "before_report:2"];
    for point in points {
        let home = tempfile::tempdir().expect("home");
        let state = upload_until(home.path(), &env.base, &file, point).await;
        let upload_id = state["upload_id"].as_str().expect("upload id").to_string();
        let asset_id = state["asset_id"].as_str().expect("asset id").to_string();
        let stored: BTreeSet<u32> = state["stored"]
            .as_object()
            .map(|m| m.keys().map(|k| k.parse().expect("index")).collect())
            .unwrap_or_default();
        let (status, acked) = acknowledged(&env, &upload_id).await;
        assert_eq!(status, "active", "{point}");
        match point {
            "after_put:1" => assert_eq!((acked.len(), stored.len()), (0, 1), "{point}"),
            "after_put:12" => assert_eq!((acked.len(), stored.len()), (10, 2), "{point}"),
            _ => assert_eq!(acked.len() + stored.len(), total as usize, "{point}"),
        }

        let out = tokio::time::timeout(
            Duration::from_secs(120),
            command(home.path(), &env.base)
                .args(["upload", "--resume", &upload_id, "--json"])
                .output(),
        )
        .await
        .expect("resume ends")
        .expect("run");
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{point}: resume failed:\n{log}");
        let asset: Value = serde_json::from_slice(&out.stdout).expect("asset json");
        assert_eq!(asset["_id"].as_str(), Some(asset_id.as_str()), "{point}");
        assert_eq!(asset["status"], "ready", "{point}: {asset}");

        let resent = chunks_sent(&log);
        assert!(
            resent.is_disjoint(&acked),
            "{point}: acknowledged chunks sent again: {resent:?}"
        );
        assert!(
            resent.is_disjoint(&stored),
            "{point}: stored chunks sent again: {resent:?}"
        );
        let all: BTreeSet<u32> = resent.union(&acked).chain(stored.iter()).copied().collect();
        assert_eq!(
            all,
            (1..=total).collect(),
            "{point}: every chunk sent exactly once overall"
        );

        let (status, acked) = acknowledged(&env, &upload_id).await;
        assert_eq!(
            (status.as_str(), acked.len()),
            ("completed", total as usize),
            "{point}"
        );
        let blob = std::fs::read(env.dir.path().join("blobs").join(&asset_id)).expect("blob");
        assert!(
            blob == original,
            "{point}: the asset's bytes differ from the file's"
        );
        eprintln!(
            "{point}: {} acknowledged + {} stored before the kill, {} sent on resume",
            acked.len() - resent.len() - stored.len(),
            stored.len(),
            resent.len()
        );
    }
}
