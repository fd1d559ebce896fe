//! The binary itself: exit codes (0 ok, 1 API error, 2 usage, 3 referenced) and `--json`
//! shapes, against the embedded local platform (no key, `--data-dir` in a temp dir) or a local
//! platform started by the test (`--base-url` + `--api-key`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod support {
    pub mod fake_multipart;
    pub mod indexes;
}

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use tl_assets::platform::{self, PlatformConfig};

const KEY: &str = "tlk_cli_test_key_0123";

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

/// Runs the binary with `args` and no key in the environment.
fn run(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tl-assets"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("TWELVE_LABS_API_KEY")
        .env_remove("TWELVE_LABS_BASE_URL")
        .env("TL_ASSETS_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("run binary")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn json_out(o: &Output) -> Value {
    assert_eq!(code(o), 0, "stderr: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

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

#[test]
fn doctor_and_completions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = json_out(&run(dir.path(), &["doctor", "--json"]));
    assert_eq!(doc["reachable"], true, "{doc}");
    assert_eq!(doc["api_version"], "1.3");
    assert_eq!(doc["service"], "embedded local platform");
    assert!(
        doc["base_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:"))
    );
    assert!(doc["platform_data_dir"].is_string());
    let human = run(dir.path(), &["doctor"]);
    assert_eq!(code(&human), 0);
    assert!(String::from_utf8_lossy(&human.stdout).contains("X-Api-Version"));

    for shell in ["bash", "zsh", "fish"] {
        let c = run(dir.path(), &["completions", shell]);
        assert_eq!(code(&c), 0, "{shell}");
        assert!(
            String::from_utf8_lossy(&c.stdout).contains("tl-assets"),
            "{shell}"
        );
    }
    assert_eq!(code(&run(dir.path(), &["completions", "tcsh"])), 2);
}

/// Completions read no settings: a broken config file breaks the commands that use it (exit 2
/// naming the file), never the shell's completion script.
#[test]
fn completions_work_with_a_broken_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "image = \"pixels\"\n").expect("write config");
    let with_config = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tl-assets"))
            .arg("--config")
            .arg(&config)
            .args(args)
            .env_remove("TWELVE_LABS_API_KEY")
            .stdin(Stdio::null())
            .output()
            .expect("run binary")
    };
    let listed = with_config(&["--data-dir", &dir.path().display().to_string(), "list"]);
    assert_eq!(code(&listed), 2, "{}", stderr(&listed));
    assert!(stderr(&listed).contains("config.toml"), "{}", stderr(&listed));
    let c = with_config(&["completions", "bash"]);
    assert_eq!(code(&c), 0, "{}", stderr(&c));
    assert!(String::from_utf8_lossy(&c.stdout).contains("tl-assets"));
}

/// `doctor` reports the terminal as the UI sees it (tmux, SSH, clipboard, images) and the
/// config file, decided from the environment it is given.
#[test]
fn doctor_reports_terminal_and_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "clipboard = \"osc52\"\nimage = \"halfblocks\"\n").expect("config");
    let out = Command::new(env!("CARGO_BIN_EXE_tl-assets"))
        .args(["--data-dir"])
        .arg(dir.path().join("data"))
        .args(["doctor", "--json"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("TERM", "xterm-256color")
        .env("TMUX", "/tmp/tmux-0/default,1,0")
        .env("SSH_TTY", "/dev/pts/3")
        .env("TL_ASSETS_CONFIG", &config)
        .env("TL_ASSETS_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("run binary");
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_out(&out);
    let env = &doc["environment"];
    assert_eq!(env["TERM"], "xterm-256color", "{doc}");
    assert_eq!(env["tmux"], "yes");
    assert_eq!(env["SSH"], "yes");
    assert_eq!(env["images"], "halfblocks (not asked: not a terminal)");
    assert!(
        env["clipboard"]
            .as_str()
            .is_some_and(|c| c.contains("OSC 52") && c.contains("tmux")),
        "{env}"
    );
    assert_eq!(env["config file"], config.display().to_string());
    assert!(env.get("API key").is_none(), "printed once, at the top: {env}");
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

/// `upload --multipart` fails part-way (the server refuses chunk PUTs), leaves a resume file,
/// shows in `uploads`, and `upload --resume` finishes it without resending stored chunks.
#[tokio::test(flavor = "multi_thread")]
async fn multipart_upload_fails_then_resumes_from_the_saved_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, fake) = support::fake_multipart::start(16 * 1024).await;
    fake.lock().expect("lock").fail_puts_after = Some(3);
    let video = sample("sample-video.mp4").display().to_string();
    let cli_dir = dir.path().join("cli");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = ["--base-url", base.as_str(), "--api-key", "k"]
            .map(String::from)
            .to_vec();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let go = |a: Vec<String>| {
        let d = cli_dir.clone();
        tokio::task::spawn_blocking(move || run(&d, &a.iter().map(String::as_str).collect::<Vec<_>>()))
    };

    let first = go(args(&[
        "upload",
        &video,
        "--multipart",
        "--concurrency",
        "1",
        "--no-wait",
    ]))
    .await
    .expect("join");
    assert_eq!(code(&first), 1, "{}", stderr(&first));
    assert!(stderr(&first).contains("--resume"), "{}", stderr(&first));

    let listed = json_out(&go(args(&["uploads", "--json"])).await.expect("join"));
    let rows = listed.as_array().expect("array");
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!(rows[0]["resumable"], true);
    assert_eq!(rows[0]["acknowledged_chunks"], 3, "{listed}");
    let upload_id = rows[0]["upload_id"].as_str().expect("id").to_string();

    fake.lock().expect("lock").fail_puts_after = None;
    let done = go(args(&["upload", "--resume", &upload_id, "--json"]))
        .await
        .expect("join");
    let asset = json_out(&done);
    assert_eq!(asset["status"], "ready");

    {
        let f = fake.lock().expect("lock");
        let session = &f.sessions[&upload_id];
        assert!(
            session.puts.values().all(|n| *n == 1),
            "no chunk sent twice: {:?}",
            session.puts
        );
        assert_eq!(
            session.assembled(),
            std::fs::read(sample("sample-video.mp4")).expect("read")
        );
    }
    let after = json_out(&go(args(&["uploads", "--json"])).await.expect("join"));
    assert_eq!(after, json!([]), "the resume file is removed once done");
}

/// A mistake in the config file's `[keymap]` stops the TUI before it takes the terminal, and is
/// reported like any other config mistake: file, line, key, and what would be valid.
#[test]
fn a_keymap_mistake_names_its_line_and_the_valid_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "image = \"off\"\n\n[keymap.list]\ndown = [\"n\", \"down\"]\nfly = [\"x\"]\n",
    )
    .expect("write");
    let config_arg = config.display().to_string();
    let out = run(dir.path(), &["--config", &config_arg]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("line 5") && err.contains("key `keymap.list.fly`"),
        "{err}"
    );
    assert!(err.contains("unknown action; [list] has down, up"), "{err}");
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

/// A folder of ten media files and a text file: ten ready assets, the text file named as
/// skipped; `--skip-existing` then uploads nothing; `--json` gives one element per file.
#[test]
fn a_folder_uploads_its_media_and_skip_existing_then_sends_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let folder = dir.path().join("clips");
    std::fs::create_dir_all(folder.join("nested")).expect("folders");
    for i in 0..10 {
        let at = if i % 2 == 0 {
            folder.join(format!("still-{i}.jpg"))
        } else {
            folder.join("nested").join(format!("still-{i}.jpg"))
        };
        std::fs::copy(sample("sample-image.jpg"), at).expect("copy");
    }
    std::fs::write(folder.join("notes.txt"), "not media").expect("notes");
    let folder_arg = folder.display().to_string();
    let out = run(
        &data,
        &[
            "upload",
            &folder_arg,
            "--json",
            "--jobs",
            "3",
            "--poll-interval",
            "0.05",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let arr = json_out(&out);
    let items = arr.as_array().expect("array");
    assert_eq!(items.len(), 10, "{arr}");
    assert!(items.iter().all(|a| a["status"] == "ready"), "{arr}");
    let err = stderr(&out);
    assert!(err.contains("notes.txt") && err.contains("not media"), "{err}");
    assert!(err.contains("10 ready"), "{err}");
    let listed = json_out(&run(&data, &["list", "--all", "--json"]));
    let stills = listed
        .as_array()
        .expect("list")
        .iter()
        .filter(|a| a["filename"].as_str().is_some_and(|n| n.starts_with("still-")))
        .count();
    assert_eq!(stills, 10, "{listed}");

    let again = run(&data, &["upload", &folder_arg, "--skip-existing", "--json"]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_eq!(json_out(&again), serde_json::json!([]), "{}", stderr(&again));
    assert!(stderr(&again).contains("already uploaded"), "{}", stderr(&again));
    let listed = json_out(&run(&data, &["list", "--all", "--json"]));
    assert_eq!(
        listed.as_array().expect("list").len(),
        stills + 3,
        "nothing new beyond the 3 samples"
    );

    // A glob that matches nothing is a clear line and exit 0 with nothing sent.
    let none = format!("{}/*.mov", folder.display());
    let nothing = run(&data, &["upload", &none, "x.jpg"]);
    assert!(stderr(&nothing).contains("x.jpg"), "{}", stderr(&nothing));
}
