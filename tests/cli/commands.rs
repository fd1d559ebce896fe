//! The binary itself: exit codes (0 ok, 1 API error, 2 usage, 3 referenced) and `--json`
//! shapes, against the embedded local platform (no key, `--data-dir` in a temp dir) or a local
//! platform started by the test (`--base-url` + `--api-key`). `doctor`, completions and config
//! mistakes: `doctor.rs`.

use std::time::Duration;

use crate::support;
use crate::support::embedded_cli::{code, json_out, run, sample, stderr};
use serde_json::json;
use tl_assets::platform::{self, PlatformConfig};

const KEY: &str = "tlk_cli_test_key_0123";

#[test]
fn embedded_platform_commands_and_json_shapes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();

    // Upload with options; --json prints the asset once ready.
    let meta = r#"{"project":"harbor","take":3}"#;
    let image = sample("sample-image.jpg");
    let up = run(
        d,
        &[
            "upload",
            image.to_str().expect("utf-8"),
            "--thumbnail",
            "--metadata",
            meta,
            "--poll-interval",
            "0.1",
            "--json",
        ],
    );
    let asset = json_out(&up);
    assert_eq!(asset["status"], "ready", "{asset}");
    assert_eq!(asset["user_metadata"], json!({"project": "harbor", "take": 3}));
    let id = asset["_id"].as_str().expect("_id").to_string();

    // list --json: an array of assets; filters narrow it.
    let all = json_out(&run(d, &["list", "--json", "--all"]));
    assert!(
        all.as_array()
            .is_some_and(|a| a.iter().any(|x| x["_id"] == id.as_str()))
    );
    let images = json_out(&run(d, &["list", "--json", "--type", "image", "--id", &id]));
    assert_eq!(images.as_array().map(Vec::len), Some(1));
    let none = json_out(&run(
        d,
        &["list", "--json", "--filename", "no-such-name-anywhere"],
    ));
    assert_eq!(none, json!([]));

    // get --json: one asset object.
    let got = json_out(&run(d, &["get", &id, "--json"]));
    assert_eq!(got["_id"], id.as_str());

    // meta: typed --set values, --unset, then --replace and --clear.
    let m = json_out(&run(
        d,
        &[
            "meta", &id, "--set", "n=2", "--set", "ok=true", "--set", "who=kim", "--unset", "take", "--json",
        ],
    ));
    assert_eq!(m, json!({"project": "harbor", "n": 2, "ok": true, "who": "kim"}));
    let m = json_out(&run(
        d,
        &["meta", &id, "--replace", "--set", "only=1.5", "--json"],
    ));
    assert_eq!(m, json!({"only": 1.5}));
    let m = json_out(&run(d, &["meta", &id, "--clear", "--json"]));
    assert_eq!(m, json!({}));

    // A multipart upload through the embedded platform, every chunk's ETag checked against the
    // bytes sent, then no unfinished uploads left.
    let video = sample("sample-video.mp4");
    let mp = json_out(&run(
        d,
        &[
            "upload",
            video.to_str().expect("utf-8"),
            "--multipart",
            "--verify-chunks",
            "--poll-interval",
            "0.1",
            "--json",
        ],
    ));
    assert_eq!(
        (mp["status"].as_str(), mp["method"].as_str()),
        (Some("ready"), Some("multipart")),
        "{mp}"
    );
    assert_eq!(json_out(&run(d, &["uploads", "--json"])), json!([]));

    // Exit 1: API error with code and hint on stderr.
    let missing = run(d, &["get", "66b1f0c2a9e4d31b7c0f5a12"]);
    assert_eq!(code(&missing), 1);
    assert!(stderr(&missing).contains("resource_not_exist") && stderr(&missing).contains("hint:"));

    // Exit 2: usage errors (clap's, ours, read-only, delete without a terminal or --yes).
    assert_eq!(code(&run(d, &["list", "--page", "0"])), 2);
    assert_eq!(
        code(&run(
            d,
            &["upload", image.to_str().expect("utf-8"), "--metadata", "[1]"]
        )),
        2
    );
    assert_eq!(code(&run(d, &["--read-only", "meta", &id, "--set", "a=1"])), 2);
    assert_eq!(code(&run(d, &["delete", &id])), 2);
    assert_eq!(code(&run(d, &["upload", "--resume"])), 2, "nothing to resume");

    // Exit 0: delete with --yes; then the asset is gone (exit 1).
    assert_eq!(code(&run(d, &["delete", &id, "--yes"])), 0);
    assert_eq!(code(&run(d, &["get", &id])), 1);
}

/// Against a platform started here: doctor never prints the key, and a referenced asset's
/// delete exits 3 until --force.
#[tokio::test(flavor = "multi_thread")]
async fn remote_service_doctor_and_referenced_delete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = PlatformConfig::new(dir.path().join("platform"), KEY);
    config.processing_delay = Duration::from_millis(50);
    let running = platform::start(config).await.expect("platform");
    let base = running.base_url().to_string();
    let cli_dir = dir.path().join("cli");
    let remote = move |args: &[&str]| {
        let mut full = vec!["--base-url", base.as_str(), "--api-key", KEY];
        full.extend_from_slice(args);
        run(&cli_dir, &full)
    };
    let remote = std::sync::Arc::new(remote);
    let call = |args: Vec<String>| {
        let r = remote.clone();
        tokio::task::spawn_blocking(move || r(&args.iter().map(String::as_str).collect::<Vec<_>>()))
    };

    let doc = call(vec!["doctor".into(), "--json".into()]).await.expect("join");
    assert!(
        !String::from_utf8_lossy(&doc.stdout).contains(KEY),
        "the key is never printed"
    );
    assert!(
        !String::from_utf8_lossy(&doc.stderr).contains(KEY),
        "the key is never printed"
    );
    let doc = json_out(&doc);
    assert_eq!(
        (doc["service"].as_str(), doc["api_key"].as_str()),
        (Some("remote"), Some("set"))
    );

    let video = sample("sample-video.mp4").display().to_string();
    let up = call(vec![
        "upload".into(),
        video,
        "--json".into(),
        "--poll-interval".into(),
        "0.1".into(),
    ])
    .await
    .expect("join");
    let id = json_out(&up)["_id"].as_str().expect("_id").to_string();

    let index_id = support::indexes::create_index(running.base_url(), KEY, "refs").await;
    support::indexes::reference(running.base_url(), KEY, &index_id, &id).await;

    let refused = call(vec!["delete".into(), id.clone(), "--yes".into()])
        .await
        .expect("join");
    assert_eq!(code(&refused), 3, "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--force"));
    let forced = call(vec![
        "delete".into(),
        id.clone(),
        "--yes".into(),
        "--force".into(),
    ])
    .await
    .expect("join");
    assert_eq!(code(&forced), 0, "{}", stderr(&forced));

    let wrong = run(
        &dir.path().join("cli"),
        &["--base-url", running.base_url(), "--api-key", "wrong", "list"],
    );
    assert_eq!(code(&wrong), 1);
    assert!(stderr(&wrong).contains("api_key_invalid"), "{}", stderr(&wrong));
    running.shutdown().await;
}

/// `delete A B C`: a line per id, the refused one named with its index and exit 3, the others
/// gone; `--force` then deletes it, and an id that does not exist among several gets its line
/// and exit 1 while the rest go on. `meta A B --set` changes both.
#[tokio::test(flavor = "multi_thread")]
async fn delete_and_meta_take_several_ids() {
    use tl_assets::api::{ApiKey, Client, CreateAsset, UploadSource};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = PlatformConfig::new(dir.path().join("platform"), KEY);
    config.processing_delay = Duration::from_millis(20);
    let running = platform::start(config).await.expect("platform");
    let client = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");
    let mut ids = Vec::new();
    for name in ["a.jpg", "b.jpg", "c.jpg"] {
        let mut req = CreateAsset::new(UploadSource::File(sample("sample-image.jpg")));
        req.filename = Some(name.to_string());
        // No derived files: the asset is ready at once, so it can be referenced right away.
        (req.enable_hls, req.enable_thumbnail) = (false, false);
        ids.push(client.create_asset(&req, None).await.expect("upload").id);
    }
    let index = support::indexes::create_index(running.base_url(), KEY, "harbor-footage").await;
    support::indexes::reference(running.base_url(), KEY, &index, &ids[1]).await;
    let base = running.base_url().to_string();
    let cli_dir = dir.path().join("cli");
    let call = |args: Vec<String>| {
        let (base, cli_dir) = (base.clone(), cli_dir.clone());
        tokio::task::spawn_blocking(move || {
            let mut full = vec!["--base-url", base.as_str(), "--api-key", KEY];
            full.extend(args.iter().map(String::as_str));
            run(&cli_dir, &full)
        })
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();

    let meta = call(s(&["meta", &ids[0], &ids[2], "--set", "take=3", "--json"]))
        .await
        .expect("join");
    let both = json_out(&meta);
    assert_eq!(both.as_array().map(Vec::len), Some(2), "{both}");
    assert_eq!(both[1]["user_metadata"]["take"], json!(3), "{both}");

    let refused = call(s(&["delete", &ids[0], &ids[1], &ids[2], "--yes"]))
        .await
        .expect("join");
    let err = stderr(&refused);
    assert_eq!(code(&refused), 3, "{err}");
    assert!(err.contains(&format!("deleted {}", ids[0])), "{err}");
    assert!(err.contains(&format!("deleted {}", ids[2])), "{err}");
    assert!(
        err.contains(&format!(
            "not deleted {}: used by indexed assets in harbor-footage",
            ids[1]
        )),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    for (id, there) in [(&ids[0], false), (&ids[1], true), (&ids[2], false)] {
        assert_eq!(client.get_asset(id).await.is_ok(), there, "{id}");
    }

    let missing = "66b1f0c2a9e4d31b7c0f5a12";
    let forced = call(s(&["delete", missing, &ids[1], "--yes", "--force"]))
        .await
        .expect("join");
    let err = stderr(&forced);
    assert_eq!(code(&forced), 1, "{err}");
    assert!(
        err.contains(&format!("failed {missing}: resource_not_exist")),
        "{err}"
    );
    assert!(err.contains(&format!("force-deleted {}", ids[1])), "{err}");
    assert!(client.get_asset(&ids[1]).await.is_err(), "the rest went on");
    running.shutdown().await;
}

#[test]
fn delete_two_with_yes_removes_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let image = sample("sample-image.jpg");
    let mut ids = Vec::new();
    for _ in 0..2 {
        let up = json_out(&run(
            d,
            &["upload", image.to_str().expect("utf-8"), "--json", "--no-wait"],
        ));
        ids.push(up["_id"].as_str().expect("_id").to_string());
    }
    let out = run(d, &["delete", &ids[0], &ids[1], "--yes"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for id in &ids {
        assert!(
            stderr(&out).contains(&format!("deleted {id}")),
            "{}",
            stderr(&out)
        );
        assert_eq!(code(&run(d, &["get", id])), 1, "{id} is gone");
    }
    assert_eq!(
        code(&run(d, &["delete", &ids[0], &ids[1]])),
        2,
        "no terminal, no --yes"
    );
}
