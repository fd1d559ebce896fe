//! The API key never shows: not in the command line's output (human, `--json`, `doctor`) or its
//! logs at `--debug`, not in error messages for a wrong key, not on the TUI's screen, and not in
//! the logs of `serve` at `--debug`. Each test plants a recognisable key and greps everything
//! the program wrote for it (and for a distinctive slice of it, in case it was cut).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::platform_support::{config, sample};
use futures_util::stream;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::{ApiKey, Client, RetryPolicy};
use tl_assets::tui::{App, Keymap, Msg, Runtime, run_with};
use tokio::io::{AsyncBufReadExt, BufReader};

const SECRET: &str = "tlk_CANARY_7f3e9a1c5b2d4e6f";
const WRONG: &str = "tlk_WRONGCANARY_0a9b8c7d6e";
const BIN: &str = env!("CARGO_BIN_EXE_tl-assets");

/// Fails naming where the key leaked; checks the whole key and a slice of it.
fn assert_clean(what: &str, text: &str) {
    for needle in [SECRET, &SECRET[4..20], WRONG, &WRONG[4..20]] {
        assert!(
            !text.contains(needle),
            "the API key ({needle}) leaked into {what}:\n{text}"
        );
    }
}

/// Runs the binary with a fresh HOME and returns stdout + stderr.
fn run_cli(home: &Path, base: &str, key: &str, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(BIN)
        .args(["--base-url", base, "--debug"])
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("TWELVE_LABS_API_KEY", key)
        .env("TL_ASSETS_LOG", "trace")
        .env_remove("TWELVE_LABS_BASE_URL")
        .stdin(Stdio::null())
        .output()
        .expect("run the binary");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn the_cli_never_prints_the_key_at_debug_in_any_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let platform = tl_assets::platform::start(config(&dir.path().join("platform"), |c| {
        c.api_key = SECRET.into();
    }))
    .await
    .expect("start");
    let base = platform.base_url().to_string();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let video: &'static str = sample("sample-video.mp4")
        .to_str()
        .expect("utf-8 path")
        .to_string()
        .leak();

    let mut everything = String::new();
    let good: Vec<Vec<&str>> = vec![
        vec!["doctor"],
        vec!["doctor", "--json"],
        vec!["list", "--json"],
        vec!["list"],
        vec!["upload", video, "--json"],
        vec!["get", "000000000000000000000000", "--json"],
        vec!["delete", "000000000000000000000000", "--yes"],
        vec!["uploads", "--json"],
    ];
    let base_for = base.clone();
    let home_for = home.clone();
    let outputs = tokio::task::spawn_blocking(move || {
        let mut outs = Vec::new();
        for args in &good {
            outs.push((args.join(" "), run_cli(&home_for, &base_for, SECRET, args)));
        }
        // A wrong key: the 401 message must not echo the key that was sent either.
        for args in [vec!["list"], vec!["doctor", "--json"], vec!["list", "--json"]] {
            let (ok, text) = run_cli(&home_for, &base_for, WRONG, &args);
            // `doctor` reports the 401 and still succeeds; the others fail.
            assert!(!ok || args[0] == "doctor", "a wrong key cannot list: {text}");
            assert!(text.contains("401") || text.contains("api_key_invalid"), "{text}");
            outs.push((format!("{} (wrong key)", args.join(" ")), (ok, text)));
        }
        outs
    })
    .await
    .expect("join");
    for (what, (_ok, text)) in &outputs {
        assert_clean(what, text);
        everything.push_str(text);
    }
    // The commands really talked to the platform (so there was something to leak).
    assert!(everything.contains("\"_id\""), "{everything}");
    assert!(
        everything.contains("api_key"),
        "doctor reports the key's presence: {everything}"
    );
    // Anything the program left in its directories (logs, resume state) is clean too.
    for entry in walk(&home) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert_clean(&entry.display().to_string(), &String::from_utf8_lossy(&bytes));
    }
    platform.shutdown().await;
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn serve_at_debug_never_logs_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("serve.log");
    let mut child = tokio::process::Command::new(BIN)
        .args([
            "--debug",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--processing-delay",
            "0.05",
        ])
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .env("TWELVE_LABS_API_KEY", SECRET)
        .env("TL_ASSETS_LOG", "trace")
        .env("HOME", dir.path())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).expect("log file"))
        .kill_on_drop(true)
        .spawn()
        .expect("spawn serve");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut stdout = String::new();
    let mut base = None;
    while let Ok(Ok(Some(line))) = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await {
        stdout.push_str(&line);
        stdout.push('\n');
        if let Some(rest) = line.split("listening on ").nth(1) {
            base = Some(rest.trim().to_string());
        }
        if line.starts_with("data dir") {
            break;
        }
    }
    let base = base.unwrap_or_else(|| panic!("serve printed no base URL: {stdout}"));
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let http = tl_assets::http_client::builder()
        .no_proxy()
        .build()
        .expect("client");
    for key in [SECRET, WRONG, ""] {
        for path in ["/assets", "/assets/000000000000000000000000", "/nope"] {
            let _ = http
                .get(format!("{base}{path}"))
                .header("x-api-key", key)
                .send()
                .await
                .expect("send");
        }
    }
    let form = reqwest::multipart::Form::new().text("method", "direct").part(
        "file",
        reqwest::multipart::Part::bytes(std::fs::read(sample("sample-image.jpg")).expect("read"))
            .file_name("a.jpg"),
    );
    let resp = http
        .post(format!("{base}/assets"))
        .header("x-api-key", SECRET)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), 201);
    // SIGTERM: a clean shutdown flushes every log line.
    let pid = child.id().expect("pid");
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = tokio::time::timeout(Duration::from_secs(20), child.wait()).await;
    let _ = child.start_kill();
    while let Ok(Ok(Some(line))) = tokio::time::timeout(Duration::from_secs(5), lines.next_line()).await {
        stdout.push_str(&line);
    }
    let logged = std::fs::read_to_string(&log).expect("log");
    assert!(
        logged.contains("DEBUG") || logged.contains("TRACE") || logged.contains("INFO"),
        "{logged}"
    );
    assert_clean("serve's stdout", &stdout);
    assert_clean("serve's log", &logged);
    for entry in walk(&dir.path().join("data")) {
        if entry
            .extension()
            .is_some_and(|e| e == "log" || e == "json" || e == "toml")
        {
            assert_clean(
                &entry.display().to_string(),
                &std::fs::read_to_string(&entry).unwrap_or_default(),
            );
        }
    }
}

#[tokio::test]
async fn the_tui_screen_never_shows_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let platform = tl_assets::platform::start(config(dir.path(), |c| c.api_key = SECRET.into()))
        .await
        .expect("start");
    let client = Client::new(platform.base_url(), ApiKey::new(SECRET))
        .expect("client")
        .with_retry(RetryPolicy::none());
    let debug = format!("{client:?}");
    assert_clean("the client's Debug", &debug);
    let app = App::new("local", false, Keymap::defaults(), jiff::Timestamp::now());
    let runtime = Runtime::new(client);
    // Open help, close it, move, and quit; the screen is checked after the loop ends.
    let keys: Vec<Msg> = "?\u{1b}jjq".chars().map(char_key).collect();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let events = tokio_stream_from(rx);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let feeder = tokio::spawn(async move {
        for k in keys {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let _ = tx.send(k);
        }
    });
    let app = tokio::time::timeout(
        Duration::from_secs(30),
        run_with(app, runtime, events, &mut terminal, jiff::Timestamp::now),
    )
    .await
    .expect("the loop ends")
    .expect("runs");
    feeder.await.expect("feeder");
    assert!(app.should_quit);
    assert_clean("the screen", &terminal.backend().to_string());
    assert_clean("the app state", &format!("{:?}", app.notices));
    platform.shutdown().await;
}

fn char_key(c: char) -> Msg {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let code = if c == '\u{1b}' {
        KeyCode::Esc
    } else {
        KeyCode::Char(c)
    };
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::UnboundedReceiver<Msg>,
) -> impl futures_util::Stream<Item = Msg> + Unpin {
    Box::pin(stream::poll_fn(move |cx| rx.poll_recv(cx)))
}
