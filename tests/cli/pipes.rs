//! The binary in pipes and scripts: a reader that goes away, stored control characters, errors
//! as JSON, read-only servers, colour, Ctrl-C, completions and the messages of common mistakes.
//! Every case runs the real binary against a real local platform.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::cli::*;
use serde_json::Value;
use tl_assets::api::MultipartState;
use tl_assets::resume::ResumeStore;

/// Runs `cmd` with its stdout closed before it writes anything (a reader that went away, as
/// `| head -1` does once it has its line) and returns the exit code and stderr.
fn with_stdout_closed(mut cmd: Command) -> (Option<i32>, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Uploads the sample image (with `extra` options) and returns the asset id.
fn upload_image(served: &Served, extra: &[&str]) -> String {
    let image = sample("sample-image.jpg");
    let mut args = vec![
        "upload",
        image.to_str().expect("utf-8"),
        "--poll-interval",
        "0.05",
        "--json",
    ];
    args.extend_from_slice(extra);
    let out = served.run(&args);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let asset: Value = serde_json::from_slice(&out.stdout).expect("asset json");
    asset["_id"].as_str().expect("_id").to_string()
}

/// A saved resume state of an upload that only this machine knows about.
fn save_resume_state(served: &Served, upload_id: &str, path: &str) {
    let store = ResumeStore::new(tl_assets::config::resume_dir(Some(&served.cli_dir())).expect("dir"));
    store
        .save(&MultipartState {
            upload_id: upload_id.into(),
            asset_id: "66b1f0c2a9e4d31b7c0f5a12".into(),
            base_url: served.base.clone(),
            path: path.into(),
            filename: "clip.mp4".into(),
            size: 10,
            mtime_ns: None,
            chunk_size: 5,
            total_chunks: 2,
            upload_headers: Default::default(),
            expires_at: None,
            stored: Default::default(),
            acknowledged: [1].into(),
        })
        .expect("save state");
}

#[test]
fn every_command_stops_quietly_when_its_reader_goes_away() {
    let served = Served::start();
    let id = upload_image(&served, &["--metadata", r#"{"take":3}"#]);
    save_resume_state(&served, "upl_pipe_1", "/tmp/clip.mp4");
    let image = sample("sample-image.jpg");
    let image = image.to_str().expect("utf-8");
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--all"],
        vec!["list", "--all", "--json"],
        vec!["get", &id],
        vec!["get", &id, "--json"],
        vec!["meta", &id],
        vec!["meta", &id, "--json"],
        vec!["uploads"],
        vec!["uploads", "--json"],
        vec!["doctor"],
        vec!["doctor", "--json"],
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["completions", "fish"],
        vec!["upload", image, "--poll-interval", "0.05"],
        vec!["upload", image, "--poll-interval", "0.05", "--json"],
        vec!["--help"],
        vec!["--version"],
        vec!["list", "--help"],
    ];
    for args in &commands {
        // Each writes to stdout when someone reads it …
        let normal = served.run(args);
        assert_eq!(code(&normal), Some(0), "{args:?}: {}", stderr(&normal));
        assert!(!normal.stdout.is_empty(), "{args:?} prints something");
        // … and stops quietly, successfully, when nobody does.
        let (status, err) = with_stdout_closed(served.command(args));
        assert_eq!(status, Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.to_lowercase().contains("broken pipe"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn stored_control_characters_never_reach_the_terminal() {
    let served = Served::start();
    let id = upload_image(&served, &[]);
    let evil = "\u{1b}[2J\u{1b}]0;owned\u{7}\r\nline";
    let set = format!("note={evil}");
    let out = served.run(&["meta", &id, "--set", &set]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    save_resume_state(&served, "upl_ctrl_1", &format!("/tmp/{evil}.mp4"));
    let refused_name = format!("a{evil}.jpg");
    let image = sample("sample-image.jpg");
    let runs = [
        served.run(&["meta", &id]),
        served.run(&["get", &id]),
        served.run(&["list"]),
        served.run(&["list", "--all"]),
        served.run(&["uploads"]),
        served.run(&[
            "upload",
            image.to_str().expect("utf-8"),
            "--filename",
            &refused_name,
        ]),
        served
            .command(&["doctor"])
            .env("TERM", evil)
            .output()
            .expect("doctor"),
    ];
    for out in &runs {
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{stream} holds a control character: {text:?}"
            );
        }
    }
    // The value is still shown, escaped, on one line.
    let shown = stdout(&runs[0]);
    assert!(
        shown.contains(r"note=\u{1b}[2J\u{1b}]0;owned\u{7}\r\nline"),
        "{shown}"
    );
    assert!(stdout(&runs[6]).contains(r"\u{1b}[2J"), "{}", stdout(&runs[6]));
}

#[test]
fn forgetting_an_unknown_upload_fails_and_read_only_refuses_it() {
    let served = Served::start();
    let unknown = served.run(&["uploads", "--forget", "upl_never_saved"]);
    assert_eq!(code(&unknown), Some(2), "{}", stderr(&unknown));
    assert!(
        stderr(&unknown).contains("nothing to forget") && !stderr(&unknown).contains("forgot"),
        "{}",
        stderr(&unknown)
    );

    save_resume_state(&served, "upl_saved_1", "/tmp/clip.mp4");
    let refused = served.run(&["--read-only", "uploads", "--forget", "upl_saved_1"]);
    assert_eq!(code(&refused), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--read-only"), "{}", stderr(&refused));
    let forgot = served.run(&["uploads", "--forget", "upl_saved_1"]);
    assert_eq!(
        code(&forgot),
        Some(0),
        "the read-only run left it: {}",
        stderr(&forgot)
    );
    assert!(stderr(&forgot).contains("forgot"), "{}", stderr(&forgot));
}

#[test]
fn with_json_errors_are_json_on_stderr_and_exit_codes_stay() {
    let served = Served::start();
    let id = upload_image(&served, &[]);
    let json_error = |args: &[&str], exit: i32, code_name: &str| {
        let out = served.run(args);
        assert_eq!(code(&out), Some(exit), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}: {}", stdout(&out));
        let v: Value = serde_json::from_slice(&out.stderr)
            .unwrap_or_else(|e| panic!("{args:?}: stderr is not JSON ({e}): {}", stderr(&out)));
        assert_eq!(v["error"]["code"], code_name, "{args:?}: {v}");
        assert!(v["error"]["message"].is_string(), "{args:?}: {v}");
        assert!(v["error"].get("hint").is_some(), "{args:?}: {v}");
    };
    json_error(
        &["get", "66b1f0c2a9e4d31b7c0f5a12", "--json"],
        1,
        "resource_not_exist",
    );
    json_error(&["list", "--page", "0", "--json"], 2, "usage_error");
    json_error(
        &["--read-only", "meta", &id, "--set", "a=1", "--json"],
        2,
        "usage_error",
    );
    json_error(&["uploads", "--forget", "upl_nope", "--json"], 2, "usage_error");
    // Without --json, the same error stays text for people.
    let text = served.run(&["get", "66b1f0c2a9e4d31b7c0f5a12"]);
    assert_eq!(code(&text), Some(1));
    assert!(
        stderr(&text).starts_with("error: resource_not_exist: "),
        "{}",
        stderr(&text)
    );
}

/// `serve --read-only` refuses uploads with the read-only error; its logs carry no colour when
/// stderr is not a terminal.
#[test]
fn serve_read_only_refuses_uploads_and_writes_no_colour_to_a_pipe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut serve = Background(
        tl().args(["--api-key", KEY, "--read-only", "--data-dir"])
            .arg(dir.path().join("platform"))
            .args(["serve", "--processing-delay", "0"])
            .env_remove("TL_ASSETS_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve"),
    );
    let mut banner = String::new();
    let mut out = BufReader::new(serve.0.stdout.take().expect("stdout"));
    out.read_line(&mut banner).expect("banner");
    let base = banner.trim().rsplit(' ').next().expect("url").to_string();
    let mut rest = String::new();
    out.read_line(&mut rest).expect("second line");
    // The platform logs at start; read stderr up to that line.
    let mut logs = BufReader::new(serve.0.stderr.take().expect("stderr"));
    let mut log = String::new();
    while !log.contains("listening") {
        let mut line = String::new();
        assert!(logs.read_line(&mut line).expect("log") > 0, "serve ended: {log}");
        log.push_str(&line);
    }
    assert!(!log.contains('\u{1b}'), "no ANSI colour on a pipe: {log:?}");
    assert!(rest.contains("read-only"), "the banner says so: {rest}");

    let client = |args: &[&str]| {
        tl().args(["--base-url", &base, "--api-key", KEY, "--data-dir"])
            .arg(dir.path().join("cli"))
            .args(args)
            .output()
            .expect("client")
    };
    let image = sample("sample-image.jpg");
    let up = client(&["upload", image.to_str().expect("utf-8")]);
    assert_eq!(code(&up), Some(1), "{}", stderr(&up));
    assert!(
        stderr(&up).contains("api_not_allowed") && stderr(&up).contains("read-only"),
        "{}",
        stderr(&up)
    );
    let list = client(&["list", "--json"]);
    assert_eq!(code(&list), Some(0), "reads work: {}", stderr(&list));

    let _ = Command::new("kill").arg(serve.0.id().to_string()).status();
    let status = serve.0.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "SIGTERM stops it cleanly");
}

/// Ctrl-C during a one-shot command exits 130, quietly, as shells report it.
#[test]
fn ctrl_c_ends_a_command_with_130() {
    // A server that accepts and never answers: the command is surely waiting when the signal
    // comes, its handler already in place.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}/v1.3", listener.local_addr().expect("addr"));
    let dir = tempfile::tempdir().expect("tempdir");
    let child = tl()
        .args(["--base-url", &base, "--api-key", "k", "--data-dir"])
        .arg(dir.path())
        .arg("list")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let (_conn, _) = listener.accept().expect("the command connects");
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(130), "{:?} {}", out.status, stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn completions_offer_no_hidden_option() {
    for shell in ["bash", "zsh", "fish"] {
        let out = tl().args(["completions", shell]).output().expect("run");
        assert_eq!(code(&out), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(
            script.contains("page-limit"),
            "{shell}: the visible options are there"
        );
        assert!(!script.contains("bench-first-frame"), "{shell}: no hidden option");
    }
}

#[test]
fn a_url_of_another_scheme_is_refused_as_such() {
    let out = tl()
        .args(["upload", "ftp://example.com/clip.mp4"])
        .output()
        .expect("run");
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("only http:// and https:// URLs"),
        "not taken for a missing file: {}",
        stderr(&out)
    );
}

#[test]
fn a_page_past_the_end_says_so() {
    let served = Served::start();
    upload_image(&served, &[]);
    let past = served.run(&["list", "--page", "99"]);
    assert_eq!(code(&past), Some(0), "{}", stderr(&past));
    assert!(past.stdout.is_empty(), "{}", stdout(&past));
    assert!(
        stderr(&past).contains("page 99 is past the end: there is only page 1"),
        "{}",
        stderr(&past)
    );
    let past = served.run(&["list", "--page", "99", "--json"]);
    assert_eq!(stdout(&past).trim(), "[]");
    assert!(stderr(&past).contains("past the end"), "{}", stderr(&past));
}

#[test]
fn a_refused_connection_says_it_could_not_connect() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let base = format!("http://{addr}/v1.3");
    let out = tl()
        .args(["--base-url", &base, "--api-key", "k", "doctor"])
        .output()
        .expect("run");
    assert_eq!(code(&out), Some(1));
    let wanted = format!("could not connect to {addr}");
    assert!(
        stdout(&out).contains(&wanted) && stderr(&out).contains(&wanted),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

/// An option an environment variable provides is not shown in a usage line as if the user had
/// to type it.
#[test]
fn usage_lines_show_what_was_typed_not_the_environment() {
    let out = tl()
        .arg("upload")
        .env("TWELVE_LABS_API_KEY", "tlk_from_env")
        .env("TL_ASSETS_DATA_DIR", "/tmp/tl-assets-from-env")
        .output()
        .expect("run");
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    let usage = stderr(&out)
        .lines()
        .find(|l| l.starts_with("Usage:"))
        .map(str::to_string)
        .expect("a usage line");
    assert_eq!(usage, "Usage: tl-assets upload <PATH|URL>...");
}
