//! The crash tests' child process and what they check after a restart: the child is this test
//! binary re-run on its ignored `platform_crash_points::crash_child_server` test (a platform on the data dir named by
//! [`DIR_VAR`], stopping at a test-stall point when asked), killed with SIGKILL; then the listed
//! assets, their blobs and the store's directories are compared with what was acknowledged.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::platform_support::{KEY, entries, expect};

/// Names the child's data dir; set only in the child.
pub const DIR_VAR: &str = "TL_CRASH_POINTS_DIR";

pub struct Child {
    pub process: tokio::process::Child,
    pub base: String,
    pub stderr: tokio::io::Lines<BufReader<tokio::process::ChildStderr>>,
}

impl Child {
    /// Starts a platform on `dir`, stopping at `stall` if given.
    pub async fn start(dir: &Path, stall: Option<&str>) -> Self {
        let exe = std::env::current_exe().expect("test exe");
        let mut cmd = tokio::process::Command::new(exe);
        // `--exact` compares whole names, and a test's name here starts with its module's.
        cmd.args([
            "platform_crash_points::crash_child_server",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(DIR_VAR, dir)
        .env_remove("TL_ASSETS_TEST_STALL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
        if let Some(point) = stall {
            cmd.env("TL_ASSETS_TEST_STALL", point);
        }
        let mut process = cmd.spawn().expect("spawn child");
        let stderr = BufReader::new(process.stderr.take().expect("stderr")).lines();
        let mut lines = BufReader::new(process.stdout.take().expect("stdout")).lines();
        let base = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.expect("read") {
                if let Some(base) = line.strip_prefix("BASE ") {
                    return base.to_string();
                }
            }
            panic!("child exited without a base URL");
        })
        .await
        .expect("child starts");
        Self {
            process,
            base,
            stderr,
        }
    }

    /// Waits (bounded) until the child says it stopped at its stall point.
    pub async fn stalled(&mut self) {
        let found = tokio::time::timeout(Duration::from_secs(60), async {
            while let Ok(Some(line)) = self.stderr.next_line().await {
                if line.contains("test stall:") {
                    return true;
                }
            }
            false
        })
        .await;
        assert!(
            matches!(found, Ok(true)),
            "the child never reached its stall point"
        );
    }

    pub async fn kill(mut self) {
        self.process.start_kill().expect("SIGKILL");
        self.process.wait().await.expect("wait");
    }
}

pub fn http() -> reqwest::Client {
    tl_assets::http_client::builder()
        .no_proxy()
        .build()
        .expect("client")
}

pub async fn listed_ids(base: &str) -> BTreeSet<String> {
    let resp = http()
        .get(format!("{base}/assets?page_limit=50"))
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("list");
    let page = expect(resp, StatusCode::OK, "get", "/assets").await;
    page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|a| a["_id"].as_str().expect("id").to_string())
        .collect()
}

pub async fn upload(base: &str, bytes: Vec<u8>, name: &str) -> Result<String, String> {
    let form = reqwest::multipart::Form::new().text("method", "direct").part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let resp = http()
        .post(format!("{base}/assets"))
        .header("x-api-key", KEY)
        .multipart(form)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if resp.status() != StatusCode::CREATED {
        return Err(format!("HTTP {}", resp.status()));
    }
    let v: Value = resp.json().await.map_err(|e| e.to_string())?;
    Ok(v["_id"].as_str().expect("id").to_string())
}

pub async fn delete(base: &str, id: &str) -> bool {
    http()
        .delete(format!("{base}/assets/{id}"))
        .header("x-api-key", KEY)
        .send()
        .await
        .is_ok_and(|r| r.status() == StatusCode::NO_CONTENT)
}

/// Reads asset `id` until it leaves `processing` and returns it. Bounded (400 reads 25 ms apart)
/// well under the two-minute processing lease, so a job left with a dead owner shows.
pub async fn until_processed(base: &str, id: &str) -> Value {
    let mut asset = Value::Null;
    for _ in 0..400 {
        let resp = http()
            .get(format!("{base}/assets/{id}"))
            .header("x-api-key", KEY)
            .send()
            .await
            .expect("get");
        asset = expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await;
        if asset["status"] != "processing" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    asset
}

/// After a restart: the listed assets are exactly `expected`, each served whole (its blob equals
/// `bytes`), and the store's directories hold nothing else.
pub async fn check_consistent(dir: &Path, base: &str, expected: &BTreeSet<String>, bytes: &[u8]) {
    let listed = listed_ids(base).await;
    assert_eq!(&listed, expected, "listed assets after the restart");
    for id in &listed {
        let resp = http()
            .get(format!("{base}/assets/{id}"))
            .header("x-api-key", KEY)
            .send()
            .await
            .expect("get");
        assert_eq!(resp.status(), StatusCode::OK, "{id}");
        let blob = std::fs::read(dir.join("blobs").join(id)).expect("blob of a listed asset");
        assert!(
            blob == bytes,
            "{id}: blob is not the uploaded bytes (half-written?)"
        );
    }
    assert_eq!(&entries(&dir.join("blobs")), expected, "blobs no row knows");
    let derived: BTreeSet<String> = entries(&dir.join("derived"));
    assert!(
        derived.is_subset(expected),
        "derived files of deleted assets: {derived:?}"
    );
    assert!(
        entries(&dir.join("tmp")).is_empty(),
        "temp files left: {:?}",
        entries(&dir.join("tmp"))
    );
}
