//! `indexes`, `index` and `used-by`, and the "Indexes"/"Entities" sections of `get`: the binary
//! against a local platform started here, with the index and entity made by the published calls.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::support;
use serde_json::{Value, json};
use tl_assets::platform::{self, PlatformConfig, RunningPlatform};

const KEY: &str = "tlk_cli_index_test_key";

struct Setup {
    running: RunningPlatform,
    base: String,
    cli_dir: PathBuf,
    _dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl Setup {
    async fn start() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = PlatformConfig::new(dir.path().join("platform"), KEY);
        config.processing_delay = Duration::from_millis(300);
        let running = platform::start(config).await.expect("platform");
        let base = running.base_url().to_string();
        let http = tl_assets::http_client::builder()
            .no_proxy()
            .build()
            .expect("client");
        Self {
            running,
            base,
            cli_dir: dir.path().join("cli"),
            _dir: dir,
            http,
        }
    }

    /// Runs the binary against the platform.
    async fn cli(&self, args: &[&str]) -> Output {
        let mut full: Vec<String> = ["--base-url", &self.base, "--api-key", KEY]
            .map(String::from)
            .to_vec();
        full.extend(args.iter().map(|s| s.to_string()));
        let dir = self.cli_dir.clone();
        tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_tl-assets"))
                .arg("--data-dir")
                .arg(&dir)
                .args(&full)
                .env_remove("TWELVE_LABS_API_KEY")
                .env_remove("TWELVE_LABS_BASE_URL")
                .env("TL_ASSETS_LOG", "warn")
                .stdin(Stdio::null())
                .output()
                .expect("run binary")
        })
        .await
        .expect("join")
    }

    /// A published call with a JSON body; returns the JSON answer.
    async fn post(&self, path: &str, body: Value) -> Value {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .header("x-api-key", KEY)
            .json(&body)
            .send()
            .await
            .expect("send");
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        resp.json().await.expect("json")
    }

    async fn upload(&self, sample: &str) -> String {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(sample);
        let out = self
            .cli(&[
                "upload",
                file.to_str().expect("utf-8"),
                "--poll-interval",
                "0.05",
                "--json",
            ])
            .await;
        json_out(&out)["_id"].as_str().expect("_id").to_string()
    }
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_out(o: &Output) -> Value {
    assert_eq!(code(o), 0, "stderr: {}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

#[tokio::test(flavor = "multi_thread")]
async fn index_by_name_waits_to_ready_and_every_view_names_the_index_and_the_entity() {
    let s = Setup::start().await;
    let video = s.upload("sample-video.mp4").await;
    let index = support::indexes::create_index(&s.base, KEY, "harbor").await;
    let col = s.post("/entity-collections", json!({"name": "people"})).await["_id"]
        .as_str()
        .expect("_id")
        .to_string();
    let entity = s
        .post(
            &format!("/entity-collections/{col}/entities"),
            json!({"name": "Kim", "asset_ids": [video]}),
        )
        .await["_id"]
        .as_str()
        .expect("_id")
        .to_string();

    // index ID --into NAME --wait --json ends ready, with progress on stderr.
    let out = s
        .cli(&[
            "index",
            &video,
            "--into",
            "harbor",
            "--wait",
            "--poll-interval",
            "0.05",
            "--json",
        ])
        .await;
    let ia = json_out(&out);
    assert_eq!(
        (&ia["status"], &ia["asset_id"]),
        (&json!("ready"), &json!(video)),
        "{ia}"
    );
    // With --json, stderr holds JSON alone: the progress lines are notes.
    let progress: String = stderr(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}"))
        })
        .filter_map(|v| v["note"].as_str().map(|n| format!("{n}\n")))
        .collect();
    assert!(
        progress.contains("sent to index \"harbor\"") && progress.contains(": ready"),
        "{progress}"
    );
    let ia_id = ia["_id"].as_str().expect("_id").to_string();

    // indexes: the index with its models and one asset.
    let listed = json_out(&s.cli(&["indexes", "--json"]).await);
    assert_eq!(
        (&listed[0]["_id"], &listed[0]["video_count"]),
        (&json!(index), &json!(1)),
        "{listed}"
    );
    let human = s.cli(&["indexes"]).await;
    let text = stdout(&human);
    assert!(
        text.contains(&index) && text.contains("marengo3.0 (visual)") && text.contains("harbor"),
        "{text}"
    );

    // used-by: both, in the API's field names.
    let used = json_out(&s.cli(&["used-by", &video, "--json"]).await);
    assert_eq!(
        used["indexes"],
        json!([{"_id": ia_id, "index": {"_id": index, "name": "harbor"}, "status": "ready"}])
    );
    assert_eq!(
        (&used["entities"][0]["_id"], &used["entities"][0]["name"]),
        (&json!(entity), &json!("Kim"))
    );
    assert_eq!(used["entities"][0]["entity_collection_id"], col.as_str());
    let text = stdout(&s.cli(&["used-by", &video]).await);
    assert!(
        text.contains("harbor") && text.contains(&ia_id) && text.contains("ready"),
        "{text}"
    );
    assert!(text.contains("Kim") && text.contains("people"), "{text}");

    // get: sections for people, the API's own JSON for scripts.
    let got = s.cli(&["get", &video]).await;
    assert_eq!(code(&got), 0, "{}", stderr(&got));
    let text = stdout(&got);
    let (indexes_at, entities_at) = (
        text.find("\nIndexes\n").expect(&text),
        text.find("\nEntities\n").expect(&text),
    );
    assert!(indexes_at < entities_at, "{text}");
    assert!(text[indexes_at..entities_at].contains("harbor"), "{text}");
    assert!(
        text[entities_at..].contains("Kim") && text[entities_at..].contains("people"),
        "{text}"
    );
    let api = json_out(&s.cli(&["get", &video, "--json"]).await);
    assert!(
        api.get("indexes").is_none() && api["_id"] == video.as_str(),
        "{api}"
    );

    // An asset used by nothing says so.
    let image = s.upload("sample-image.jpg").await;
    let text = stdout(&s.cli(&["get", &image]).await);
    assert!(text.contains("Indexes\n  (none)\nEntities\n  (none)"), "{text}");
    s.running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_index_input_is_refused_clearly_and_sends_nothing() {
    let s = Setup::start().await;
    let video = s.upload("sample-video.mp4").await;
    let image = s.upload("sample-image.jpg").await;
    let harbor = support::indexes::create_index(&s.base, KEY, "harbor").await;
    let dock = support::indexes::create_index(&s.base, KEY, "dock").await;
    let dock_upper = support::indexes::create_index(&s.base, KEY, "Dock").await;
    let reserved = s
        .post(
            "/assets/multipart-uploads",
            json!({"filename": "later.mp4", "type": "video", "total_size": 10}),
        )
        .await["asset_id"]
        .as_str()
        .expect("asset_id")
        .to_string();
    let count = |index: String| {
        let s = &s;
        async move {
            let resp = s
                .http
                .get(format!("{}/indexes/{index}/indexed-assets", s.base))
                .header("x-api-key", KEY)
                .send()
                .await
                .expect("send");
            resp.json::<Value>().await.expect("json")["page_info"]["total_results"].clone()
        }
    };

    let out = s.cli(&["index", &video, "--into", "nowhere"]).await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no index has the id or name \"nowhere\""),
        "{}",
        stderr(&out)
    );

    let out = s.cli(&["index", &video, "--into", "DOCK"]).await;
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let msg = stderr(&out);
    assert!(
        msg.contains("matches 2 indexes") && msg.contains(&dock) && msg.contains(&dock_upper),
        "{msg}"
    );
    assert!(msg.contains("pass the id"), "{msg}");

    // One asset not ready: nothing is sent, not even the ready one.
    let out = s.cli(&["index", &video, &reserved, "--into", "harbor"]).await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let msg = stderr(&out);
    assert!(
        msg.contains(&format!("asset {reserved} is not ready yet")) && msg.contains("nothing was sent"),
        "{msg}"
    );
    assert_eq!(count(harbor.clone()).await, 0);

    let out = s.cli(&["--read-only", "index", &video, "--into", "harbor"]).await;
    assert_eq!(code(&out), 2, "{}", stderr(&out));

    // By id, several at once: an array; an image fails indexing, so exit 1 after the JSON.
    let out = s
        .cli(&[
            "index",
            &video,
            &image,
            "--into",
            &harbor,
            "--wait",
            "--poll-interval",
            "0.05",
            "--json",
        ])
        .await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let arr: Value = serde_json::from_slice(&out.stdout).expect("json array");
    let statuses: Vec<&str> = arr
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|x| x["status"].as_str())
        .collect();
    assert_eq!(statuses, ["ready", "failed"], "{arr}");
    // With --json the error is JSON on stderr too, after the progress lines.
    let err = stderr(&out);
    let last: Value = serde_json::from_str(err.lines().last().unwrap_or_default()).expect("JSON error");
    assert_eq!(
        last["error"]["message"],
        format!("indexing failed for 1 of 2 assets in index \"harbor\" ({harbor}): {image}"),
        "{err}"
    );
    assert_eq!(count(harbor.clone()).await, 2);

    // Again: the asset is already there, so it is followed, not indexed twice.
    let again = s.cli(&["index", &video, "--into", &harbor, "--json"]).await;
    let again = json_out(&again);
    assert_eq!(
        (&again["asset_id"], &again["status"]),
        (&json!(video), &json!("ready")),
        "{again}"
    );
    assert_eq!(count(harbor.clone()).await, 2);

    // Without --wait: created and shown as the service has it.
    let out = s.cli(&["index", &video, "--into", "dock"]).await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&video) && stderr(&out).contains(&dock),
        "{}",
        stdout(&out)
    );

    let out = s.cli(&["used-by", "000000000000000000000000"]).await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("resource_not_exist"), "{}", stderr(&out));
    s.running.shutdown().await;
}
