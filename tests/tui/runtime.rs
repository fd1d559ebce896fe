//! The runtime without a terminal: effects become tasks whose results come back as messages, and
//! the event loop runs on a `TestBackend` with scripted input.

use crate::tui_support::*;
use futures_util::stream;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::{ApiKey, Client, RetryPolicy};
use tl_assets::tui::{Effect, Msg, RequestId, Runtime, run_with};

/// A client for a port nothing listens on: every request fails to connect.
fn unreachable_client() -> Client {
    Client::new("http://127.0.0.1:1/v1.3", ApiKey::new("test-key"))
        .expect("client")
        .with_retry(RetryPolicy::none())
}

#[tokio::test]
async fn a_failed_page_fetch_comes_back_as_a_message_and_opens_the_banner() {
    let mut app = app();
    let mut runtime = Runtime::new(unreachable_client());
    runtime.perform_all(app.init());
    let msg = runtime.next_msg().await.expect("a result");
    assert!(matches!(msg, Msg::PageLoaded { result: Err(_), .. }), "{msg:?}");
    app.update(msg);
    assert!(app.connectivity.is_offline(), "lost connection shown as a banner");
}

#[tokio::test]
async fn directory_listing_and_file_check_run_off_the_ui_task() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("clips")).expect("mkdir");
    std::fs::write(dir.path().join("notes.dat"), b"not media").expect("write");
    let mut runtime = Runtime::new(unreachable_client());
    runtime.perform(Effect::ListDir {
        request_id: RequestId(7),
        dir: dir.path().to_path_buf(),
    });
    match runtime.next_msg().await {
        Some(Msg::DirListed {
            request_id: RequestId(7),
            result: Ok(entries),
            ..
        }) => {
            let names: Vec<_> = entries.iter().map(|e| (e.name.as_str(), e.is_dir)).collect();
            assert_eq!(
                names,
                vec![("clips", true), ("notes.dat", false)],
                "directories first"
            );
        }
        other => panic!("{other:?}"),
    }
    runtime.perform(Effect::PlanUpload {
        request_id: RequestId(8),
        inputs: vec![dir.path().join("notes.dat").display().to_string()],
        delay: std::time::Duration::ZERO,
    });
    match runtime.next_msg().await {
        Some(Msg::UploadPlanned {
            request_id: RequestId(8),
            planned,
        }) => {
            assert!(planned.plan.files.is_empty(), "{planned:?}");
            let why = &planned.plan.skipped[0].reason;
            assert!(
                matches!(why, tl_assets::upload_plan::SkipReason::NotMedia(_)),
                "{why:?}"
            );
            assert!(why.to_string().contains("not a recognised"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    let missing = dir.path().join("gone");
    runtime.perform(Effect::ListDir {
        request_id: RequestId(9),
        dir: missing.clone(),
    });
    match runtime.next_msg().await {
        Some(Msg::DirListed {
            request_id: RequestId(9),
            result: Err(e),
            ..
        }) => {
            assert_eq!(e.source.kind(), std::io::ErrorKind::NotFound, "{e:?}");
            assert!(
                e.to_string().starts_with(&format!("{}: ", missing.display())),
                "the form shows the directory and why: {e}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_loop_draws_and_quits_on_q() {
    let app = app();
    let runtime = Runtime::new(unreachable_client());
    let events = stream::iter(vec![key('j'), key('q')]);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let app = run_with(app, runtime, events, &mut terminal, now)
        .await
        .expect("runs");
    assert!(app.should_quit);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Assets"), "{screen}");
    assert!(screen.contains("local"), "{screen}");
}

static START: std::sync::OnceLock<tokio::time::Instant> = std::sync::OnceLock::new();

/// The fixed test time plus the (virtual) time since the test began.
fn virtual_clock() -> jiff::Timestamp {
    let start = *START.get_or_init(tokio::time::Instant::now);
    let since = jiff::SignedDuration::try_from(tokio::time::Instant::now() - start).expect("short");
    now().checked_add(since).expect("time")
}

#[tokio::test(start_paused = true)]
async fn ages_move_each_minute_while_nothing_happens() {
    use futures_util::StreamExt;
    use std::time::Duration;
    START.get_or_init(tokio::time::Instant::now);
    // A server that takes the request and never answers: the page below arrives from the
    // script instead, and nothing animates afterwards.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let client = Client::new(
        &format!("http://{}/v1.3", silent.local_addr().expect("addr")),
        ApiKey::new("k"),
    )
    .expect("client")
    .with_retry(RetryPolicy::none())
    .with_read_timeout(Duration::from_secs(3600));
    let first_page = Msg::PageLoaded {
        request_id: RequestId(1),
        page: 1,
        result: Ok(page(assets(0..3), 1, 1, 3)),
    };
    // Then 100 s of nothing (a minute tick lands in it), and the end.
    let idle = stream::once(tokio::time::sleep(Duration::from_secs(100))).filter_map(|()| async { None });
    let events = Box::pin(stream::iter([first_page]).chain(idle));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    // Auto-refresh ticks (every 30 s) would wake the loop and draw later ages.
    let mut app = app();
    app.auto_refresh.every = None;
    run_with(app, Runtime::new(client), events, &mut terminal, virtual_clock)
        .await
        .expect("runs");
    let screen = terminal.backend().to_string();
    // The newest asset was created a minute before the start: after the idle minute it is two.
    assert!(screen.contains("2m ago"), "{screen}");
    assert!(
        !screen.contains("1m ago"),
        "ages did not move while idle:\n{screen}"
    );
}
