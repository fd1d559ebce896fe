//! Fault soak: the whole terminal app, headless, against a local platform that injects 500s,
//! 429s, slow answers and dropped connections, driven by a seeded random sequence of user
//! actions (browse, page, filter, open the detail, upload, delete, force delete, cancel).
//! Afterwards: every spinner has ended, every failure that reached the app was shown, every
//! upload ended ready or failed, and after a refresh the app lists exactly what the platform has.
//!
//! CI runs a short version. Longer: `TL_ASSETS_SOAK_ACTIONS=5000 TL_ASSETS_SOAK_SLOW=1s
//! TL_ASSETS_SOAK_SEED=7 cargo test --release --test tui_fault_soak -- --nocapture`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod tui_support;
mod support {
    pub mod indexes;
}

use std::path::{Path, PathBuf};
use std::time::Duration;

use crossterm::event::KeyCode;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::{ApiKey, Client, CreateAsset, PollOptions, RetryPolicy, UploadSource};
use tl_assets::platform::{FaultSpec, PlatformConfig, start};
use tl_assets::tui::{App, ConflictStep, Focus, Keymap, Modal, Msg, Runtime, ServerFilter, UploadState};
use tui_support::{code, ctrl, key};

const KEY: &str = "tlk_soak";
/// Guards against a hang only; nothing asserts on durations.
const PATIENCE: Duration = Duration::from_secs(180);

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

/// What the soak saw, for the report.
#[derive(Debug, Default)]
struct Figures {
    actions: u32,
    messages: u64,
    failures: u64,
    surfaced: u64,
    stale: u64,
    uploads_started: u32,
    uploads_ready: u32,
    uploads_failed: u32,
    uploads_cancelled: u32,
    deletes_confirmed: u32,
    force_deletes: u32,
    cancels: u32,
}

struct Harness {
    app: App,
    runtime: Runtime,
    terminal: Terminal<TestBackend>,
    clock: jiff::Timestamp,
    figures: Figures,
    /// Cancel the upload just started, once its form has closed.
    cancel_next: bool,
}

impl Harness {
    fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| tl_assets::tui::view(app, f))
            .expect("draw");
    }

    fn press(&mut self, msg: Msg) {
        let effects = self.app.update(msg);
        self.runtime.perform_all(effects);
    }

    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(key(c));
        }
    }

    /// Moves the app's clock on a second, so back-offs and rate-limit waits run out quickly.
    fn tick(&mut self) {
        self.clock = self
            .clock
            .checked_add(jiff::SignedDuration::from_secs(1))
            .expect("time");
        self.press(Msg::Tick(self.clock));
    }

    /// Hands one background result to the app, checking that a failure becomes visible.
    fn deliver(&mut self, msg: Msg) {
        self.figures.messages += 1;
        let failure = is_failure(&msg);
        let stale = failure && self.is_stale(&msg);
        if failure && !stale {
            // Clear shown errors so the check sees this failure's own message.
            self.app.notices.errors.clear();
        }
        let what = if failure {
            format!("{msg:?}")
        } else {
            String::new()
        };
        let upload = match &msg {
            Msg::UploadFinished { upload, .. } => Some(*upload),
            _ => None,
        };
        self.press(msg);
        if !failure {
            return;
        }
        self.figures.failures += 1;
        if stale {
            self.figures.stale += 1;
            return;
        }
        let n = &self.app.notices;
        let shown = !n.errors.is_empty()
            || self.app.connectivity.is_offline()
            || n.flash.is_some()
            || matches!(&self.app.modal, Some(Modal::ConflictDelete(_)))
            || upload.is_some_and(|u| {
                self.app
                    .uploads
                    .jobs
                    .iter()
                    .any(|j| j.id == u && matches!(j.state, UploadState::Failed { .. }))
            });
        assert!(shown, "a failure left no trace on screen: {what}");
        self.figures.surfaced += 1;
    }

    /// A result nobody waits for any more is dropped on purpose.
    fn is_stale(&self, msg: &Msg) -> bool {
        match msg {
            Msg::PageLoaded { request_id, .. } => {
                self.app.list.pending.is_none_or(|p| p.request_id != *request_id)
            }
            Msg::DetailLoaded { request_id, .. } => self.app.detail_request != Some(*request_id),
            Msg::UploadFinished { upload, .. } => !self
                .app
                .uploads
                .jobs
                .iter()
                .any(|j| j.id == *upload && j.state.is_active()),
            Msg::IndexedAssetsLoaded { id, .. } => {
                !matches!(&self.app.modal, Some(Modal::ConflictDelete(c)) if c.assets.iter().any(|a| &a.target.id == id))
            }
            Msg::UploadPlanned { .. } | Msg::ExistingFound { .. } | Msg::DirListed { .. } => true,
            _ => false,
        }
    }

    /// Delivers whatever has arrived, then waits up to `ms` for more.
    async fn pump(&mut self, ms: u64) {
        while let Some(msg) = self.runtime.try_next_msg() {
            self.deliver(msg);
        }
        let deadline = tokio::time::Instant::now() + Duration::from_millis(ms);
        while let Ok(Some(msg)) = tokio::time::timeout_at(deadline, self.runtime.next_msg()).await {
            self.deliver(msg);
        }
        self.draw();
    }

    fn settled(&self) -> bool {
        let a = &self.app;
        !a.uploads.any_active()
            && a.list.pending.is_none()
            && a.list.deleting.is_empty()
            && a.detail_request.is_none()
            && a.modal.is_none()
            && a.connectivity.retry_page().is_none()
            && !a.wants_tick()
    }

    /// Closes dialogs and lets every piece of work finish: every spinner must end.
    async fn settle(&mut self, what: &str) {
        let done = tokio::time::timeout(PATIENCE, async {
            while !self.settled() {
                if self.app.modal.is_some() || self.app.filter_input.is_some() {
                    self.press(code(KeyCode::Esc));
                }
                self.pump(20).await;
                self.tick();
            }
        })
        .await;
        assert!(
            done.is_ok(),
            "{what}: work still pending after {PATIENCE:?}: uploads active={} pending={:?} deleting={:?} \
             detail={:?} modal={:?} retry_page={:?} offline={:?}\n{}",
            self.app.uploads.any_active(),
            self.app.list.pending,
            self.app.list.deleting,
            self.app.detail_request,
            self.app.modal,
            self.app.connectivity.retry_page(),
            self.app.connectivity.offline(),
            self.terminal.backend()
        );
    }

    /// Cancels a running upload (the newest) from the uploads pane, moving to it with j/k.
    fn cancel_upload(&mut self) {
        let Some(target) = self.app.uploads.jobs.iter().rposition(|j| j.state.is_active()) else {
            return;
        };
        for _ in 0..3 {
            if self.app.focus == Focus::Uploads {
                break;
            }
            self.press(code(KeyCode::Tab));
        }
        if self.app.focus != Focus::Uploads {
            return;
        }
        while self.app.uploads.selected < target {
            self.keys("j");
        }
        while self.app.uploads.selected > target {
            self.keys("k");
        }
        self.keys("x");
        if matches!(self.app.uploads.jobs[target].state, UploadState::Cancelled { .. }) {
            self.figures.cancels += 1;
        }
        self.keys("h");
    }

    /// Empties the text input that has the keyboard (prompts open with the current value).
    fn clear_input(&mut self) {
        for _ in 0..40 {
            self.press(code(KeyCode::Backspace));
        }
    }

    /// One random user action.
    fn act(&mut self, rng: &mut StdRng, upload_files: &[PathBuf]) {
        self.figures.actions += 1;
        if std::mem::take(&mut self.cancel_next) && self.app.modal.is_none() {
            self.cancel_upload();
            return;
        }
        // An open dialog is answered first, the way a user would.
        match &self.app.modal {
            Some(Modal::ConfirmDelete(_)) => {
                if rng.random_bool(0.7) {
                    self.press(code(KeyCode::Right));
                    self.press(code(KeyCode::Enter));
                    self.figures.deletes_confirmed += 1;
                } else {
                    self.press(code(KeyCode::Esc));
                }
                return;
            }
            Some(Modal::ConflictDelete(c)) => {
                let (loading, confirming) = (c.is_loading(), c.step == ConflictStep::ConfirmForce);
                if loading && rng.random_bool(0.5) {
                    return;
                }
                if confirming || rng.random_bool(0.6) {
                    self.press(code(KeyCode::Right));
                    self.press(code(KeyCode::Enter));
                    if confirming {
                        self.figures.force_deletes += 1;
                    }
                } else {
                    self.press(code(KeyCode::Esc));
                }
                return;
            }
            Some(_) => {
                self.press(code(KeyCode::Esc));
                return;
            }
            None => {}
        }
        if self.app.filter_input.is_some() {
            self.keys("ip");
            self.press(code(if rng.random_bool(0.5) {
                KeyCode::Enter
            } else {
                KeyCode::Esc
            }));
            return;
        }
        if self.app.focus != Focus::List && rng.random_bool(0.5) {
            self.press(code(KeyCode::Esc));
            self.press(key('h'));
        }
        match rng.random_range(0..100) {
            0..=24 => {
                let k = ["j", "k", "jjj", "kk", "g"][rng.random_range(0..5)];
                self.keys(k);
            }
            25..=34 => self.press(match rng.random_range(0..4) {
                0 => code(KeyCode::PageDown),
                1 => code(KeyCode::PageUp),
                2 => ctrl('d'),
                _ => ctrl('u'),
            }),
            35..=41 => self.keys("G"),
            42..=47 => {
                // A type filter; usually cycled back to none, so the list is not empty for long.
                self.keys("t");
                while self.app.list.server_filter.asset_type.is_some() && rng.random_bool(0.7) {
                    self.keys("t");
                }
            }
            48..=51 => {
                self.keys("/");
                self.clear_input();
                self.keys(["clip", "a", "zz", ""][rng.random_range(0..4)]);
                self.press(code(if rng.random_bool(0.5) {
                    KeyCode::Enter
                } else {
                    KeyCode::Esc
                }));
            }
            52..=54 => {
                self.keys("F");
                self.clear_input();
                self.keys(["clip-1", "sample", "", ""][rng.random_range(0..4)]);
                self.press(code(KeyCode::Enter));
            }
            55..=64 => {
                self.press(code(KeyCode::Enter));
                self.keys(["j", "k", "G", ""][rng.random_range(0..4)]);
            }
            65..=69 => self.keys("r"),
            70..=79 => {
                self.keys("u");
                if matches!(self.app.modal, Some(Modal::UploadForm(_))) {
                    let file = &upload_files[rng.random_range(0..upload_files.len())];
                    self.keys(file.to_str().expect("utf-8 path"));
                    self.press(code(KeyCode::Enter));
                    self.figures.uploads_started += 1;
                    if rng.random_bool(0.3) {
                        self.cancel_upload();
                    }
                }
            }
            80..=87 => self.keys("d"),
            88..=92 => self.cancel_upload(),
            93..=95 => self.press(code(KeyCode::Esc)),
            _ => {
                self.keys("?");
                self.press(code(KeyCode::Esc));
            }
        }
    }
}

fn is_failure(msg: &Msg) -> bool {
    match msg {
        Msg::PageLoaded { result, .. } => result.is_err(),
        Msg::DetailLoaded { result, .. } => result.is_err(),
        Msg::UploadFinished { result, .. } => result.is_err(),
        Msg::DeleteFailed { .. } => true,
        Msg::IndexedAssetsLoaded { result, .. } => result.is_err(),
        Msg::ExistingFound { result, .. } => result.is_err(),
        Msg::DirListed { result, .. } => result.is_err(),
        _ => false,
    }
}

/// A client that rides out the faults, for setting up and for the final check.
fn patient_client(base: &str) -> Client {
    Client::new(base, ApiKey::new(KEY))
        .expect("client")
        .with_retry(RetryPolicy {
            max_retries: 20,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_survives_a_fault_soak_and_agrees_with_the_platform() {
    let actions: u32 = env_or("TL_ASSETS_SOAK_ACTIONS", 500);
    let seed: u64 = env_or("TL_ASSETS_SOAK_SEED", 42);
    let slow: String = env_or("TL_ASSETS_SOAK_SLOW", "50ms".to_string());
    let started = std::time::Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");

    // Seed without faults: 40 images, three of them referenced by an index.
    let mut config = PlatformConfig::new(data.clone(), KEY);
    config.processing_delay = Duration::from_millis(20);
    let clean = start(config.clone()).await.expect("start");
    let setup = patient_client(clean.base_url());
    let index = support::indexes::create_index(clean.base_url(), KEY, "soak").await;
    for i in 0..40 {
        let mut req = CreateAsset::new(UploadSource::File(sample("sample-image.jpg")));
        req.filename = Some(format!("clip-{i:02}.jpg"));
        let id = setup.create_asset(&req, None).await.expect("seed").id;
        if i % 13 == 0 {
            let poll = PollOptions {
                interval: Duration::from_millis(10),
                timeout: PATIENCE,
            };
            setup.wait_for_asset(&id, poll, |_| {}).await.expect("ready");
            support::indexes::reference(clean.base_url(), KEY, &index, &id).await;
        }
    }
    clean.shutdown().await;

    let spec = format!("500=0.05,429=0.03,slow=0.05:{slow},drop=0.02,seed={seed}");
    config.faults = Some(spec.parse::<FaultSpec>().expect("fault spec"));
    let platform = start(config).await.expect("start with faults");
    // The app's client retries once, briefly, so many injected faults reach the app itself.
    let client = Client::new(platform.base_url(), ApiKey::new(KEY))
        .expect("client")
        .with_retry(RetryPolicy {
            max_retries: 1,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
        });
    let runtime = Runtime::new(client).with_poll(PollOptions {
        interval: Duration::from_millis(20),
        timeout: PATIENCE,
    });
    let clock = jiff::Timestamp::now();
    let mut app = App::new("local", false, Keymap::defaults(), clock);
    app.size = (100, 30);
    let mut h = Harness {
        app,
        runtime,
        terminal: Terminal::new(TestBackend::new(100, 30)).expect("terminal"),
        clock,
        figures: Figures::default(),
        cancel_next: false,
    };
    let effects = h.app.init();
    h.runtime.perform_all(effects);

    let upload_files: Vec<PathBuf> = ["sample-image.jpg", "sample-audio.mp3", "sample-video.mp4"]
        .into_iter()
        .map(sample)
        .collect();
    let mut rng = StdRng::seed_from_u64(seed);
    for i in 0..actions {
        h.act(&mut rng, &upload_files);
        let wait = rng.random_range(0..15);
        h.pump(wait).await;
        if i % 5 == 0 {
            h.tick();
        }
    }
    h.settle("after the actions").await;

    // Every upload ended ready, failed (with its message) or cancelled.
    for job in &h.app.uploads.jobs {
        match &job.state {
            UploadState::Ready { .. } => h.figures.uploads_ready += 1,
            UploadState::Failed { notice, .. } => {
                assert!(!notice.message.is_empty(), "{job:?}");
                h.figures.uploads_failed += 1;
            }
            UploadState::Cancelled { .. } => h.figures.uploads_cancelled += 1,
            other => panic!("an upload never ended: {other:?}"),
        }
    }

    // Clear the filters, refresh, load every page: the app must list what the platform has.
    let server = patient_client(platform.base_url());
    let mut agreed = false;
    for _ in 0..20 {
        h.app.list.server_filter = ServerFilter::default();
        h.app.list.set_local_filter("");
        // Paging follows the list's selection, so the list needs the keyboard.
        h.app.focus = Focus::List;
        h.keys("r");
        h.settle("the refresh").await;
        for _ in 0..100 {
            if !h.app.list.has_more {
                break;
            }
            h.keys("G");
            h.settle("loading every page").await;
        }
        let in_app: Vec<String> = h.app.list.items.iter().map(|a| a.id.clone()).collect();
        let on_server: Vec<String> = server
            .list_all_assets(&Default::default())
            .await
            .expect("server listing")
            .into_iter()
            .map(|a| a.id)
            .collect();
        // A failed refresh (an injected fault) leaves the old list: try again.
        if in_app == on_server {
            agreed = true;
            break;
        }
        let missing: Vec<_> = on_server.iter().filter(|id| !in_app.contains(id)).collect();
        let extra: Vec<_> = in_app.iter().filter(|id| !on_server.contains(id)).collect();
        eprintln!("not yet in agreement: missing {missing:?}, extra {extra:?}");
    }
    assert!(agreed, "the app's list never matched the platform's");
    let faults = platform.fault_counts().expect("counting");
    let deleted = 40 + h.figures.uploads_ready + h.figures.uploads_failed + h.figures.uploads_cancelled;
    eprintln!(
        "soak: seed {seed}, slow {slow}: {:?}; platform {:?}; {} assets left of at most {deleted}; {:.1} s",
        h.figures,
        faults,
        h.app.list.items.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(h.figures.actions >= actions);
    assert!(
        faults.error_500 + faults.error_429 + faults.dropped > 0,
        "faults were injected"
    );
    assert!(
        h.figures.surfaced > 0,
        "some failures reached the app and were shown"
    );
    platform.shutdown().await;
}
