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

/// Uploads the sample image and returns its id.
fn upload_image(served: &Served) -> String {
    let image = sample("sample-image.jpg");
    let out = served.run(&[
        "upload",
        image.to_str().expect("utf-8"),
        "--poll-interval",
        "0.05",
        "--json",
    ]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let asset: Value = serde_json::from_slice(&out.stdout).expect("asset json");
    asset["_id"].as_str().expect("_id").to_string()
}

/// Usage mistakes exit 2, as the README says; `doctor` with a base URL and no key reports the
/// missing key (exit 1) instead of refusing to run.
#[test]
fn usage_mistakes_exit_2_and_doctor_reports_a_missing_key() {
    let served = Served::start();
    for args in [&["get", ""][..], &["get", "../../x"]] {
        let out = served.run(args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stderr(&out));
    }
    let out = tl()
        .args(["--base-url", "not a url", "--api-key", "k", "list"])
        .output()
        .expect("run");
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a url"), "{}", stderr(&out));

    let out = tl()
        .args(["--base-url", &served.base, "doctor"])
        .output()
        .expect("run");
    assert_eq!(code(&out), Some(1), "{}{}", stdout(&out), stderr(&out));
    let report = stdout(&out);
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("API key") && l.ends_with("not set")),
        "{report}"
    );
    assert!(stderr(&out).contains("no API key"), "{}", stderr(&out));
}

/// A refused connection says at once that it is tried again: the first stderr line comes while
/// the command still retries, not with its end.
#[test]
fn a_refused_connection_says_at_once_that_it_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let mut child = tl()
        .args([
            "--base-url",
            &format!("http://{addr}/v1.3"),
            "--api-key",
            "k",
            "list",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    let err = child.stderr.take().expect("stderr");
    std::io::BufRead::read_line(&mut std::io::BufReader::new(err), &mut first).expect("read");
    let running = child.try_wait().expect("try_wait").is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.contains("trying again"), "{first:?}");
    assert!(first.contains(&addr.to_string()), "{first:?}");
    assert!(running, "the first line came only when it ended: {first:?}");
}

/// A base URL where another server answers a bare 404 is said not to look like the API, not
/// blamed on the id.
#[test]
fn a_server_that_is_not_the_api_is_named_as_such() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten().take(8) {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let body = "<html><body>Not Found</body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 404 Not Found\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let out = tl()
        .args([
            "--base-url",
            &format!("http://{addr}/"),
            "--api-key",
            "k",
            "get",
            "66b1f0c2a9e4d31b7c0f5a12",
        ])
        .output()
        .expect("run");
    let text = stderr(&out);
    assert_eq!(code(&out), Some(1), "{text}");
    assert!(text.contains("does not look like the TwelveLabs API"), "{text}");
    assert!(!text.contains("unknown or was deleted"), "{text}");
}

/// A folder of files that are not media: one summary line, exit 1, nothing sent. `--no-wait`
/// says how many were sent, not that they are "not" ready.
#[test]
fn batch_uploads_summarise_in_one_line_and_say_what_was_sent() {
    let served = Served::start();
    let junk = tempfile::tempdir().expect("tempdir");
    for i in 0..40 {
        std::fs::write(junk.path().join(format!("note-{i:02}.dat")), "not media").expect("write");
    }
    let out = served.run(&["upload", junk.path().to_str().expect("utf-8")]);
    let text = stderr(&out);
    assert_eq!(code(&out), Some(1), "{text}");
    assert!(text.lines().count() <= 2, "{text}");
    assert!(
        text.contains("nothing to upload") && text.contains("note-00.dat"),
        "{text}"
    );
    assert!(!text.contains("uploading 0"), "{text}");

    let (image, audio) = (sample("sample-image.jpg"), sample("sample-audio.mp3"));
    let out = served.run(&[
        "upload",
        image.to_str().expect("utf-8"),
        audio.to_str().expect("utf-8"),
        "--no-wait",
    ]);
    let text = stderr(&out);
    assert_eq!(code(&out), Some(0), "{text}");
    assert!(text.contains("2 sent, not waited for"), "{text}");
}

/// `meta --set k=` is refused as the metadata editor refuses `k=`: one rule, nothing changed.
#[test]
fn meta_set_with_an_empty_value_is_refused_and_changes_nothing() {
    let served = Served::start();
    let id = upload_image(&served);
    let out = served.run(&["meta", &id, "--set", "take=3", "--set", "k="]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("empty value"), "{}", stderr(&out));
    let asset: Value = serde_json::from_slice(&served.run(&["get", &id, "--json"]).stdout).expect("json");
    assert!(
        asset["user_metadata"].as_object().is_none_or(|m| m.is_empty()),
        "{asset}"
    );
}

/// `serve --help` lists no option that chooses a service; `--help` shows an unset variable
/// without `=`; `serve` says its rate limit and faults as it starts.
#[test]
fn serve_help_and_banner_say_what_serve_uses() {
    let help = stdout(&tl().args(["serve", "--help"]).output().expect("run"));
    assert!(
        !help.contains("--base-url") && !help.contains("--local "),
        "{help}"
    );
    assert!(help.contains("--rate-limit"), "{help}");
    let help = stdout(&tl().arg("--help").output().expect("run"));
    assert!(help.contains("[env: TWELVE_LABS_BASE_URL]"), "{help}");
    assert!(!help.contains("TWELVE_LABS_BASE_URL=]"), "{help}");

    let dir = tempfile::tempdir().expect("tempdir");
    let mut serve = Background(
        tl().args([
            "serve",
            "--rate-limit",
            "10/s",
            "--faults",
            "500=0.1,seed=7",
            "--data-dir",
        ])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn"),
    );
    let out = serve.0.stdout.take().expect("stdout");
    let mut banner = Vec::new();
    for line in std::io::BufRead::lines(std::io::BufReader::new(out)) {
        let line = line.expect("line");
        let last = line.starts_with("data dir");
        banner.push(line);
        if last {
            break;
        }
    }
    let banner = banner.join("\n");
    assert!(banner.contains("rate limit: 10 per 1s"), "{banner}");
    assert!(
        banner.contains("faults: 500=0.1,") && banner.contains("seed=7"),
        "{banner}"
    );
}
