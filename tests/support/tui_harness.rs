//! The whole terminal app, headless, against a real local platform on 127.0.0.1:0: a platform
//! in a temp dir, and the app with its runtime driven by hand (keys in, effects run as runtime
//! tasks that call the platform over HTTP, results pumped back), each frame drawn on a
//! `TestBackend`. Timeouts only keep a broken build from hanging; nothing asserts on durations.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::{ApiKey, Client, CreateAsset, PollOptions, UploadSource};
use tl_assets::platform::{PlatformConfig, RunningPlatform, start};
use tl_assets::tui::{App, Keymap, Msg, Runtime};

use crate::tui_support::{key, now};

pub const KEY: &str = "tlk_tui_integration";
/// Only a guard against hanging forever; the platform answers in milliseconds.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

/// A platform in a temp dir with a short processing delay, and a client for it.
pub struct Platform {
    pub running: RunningPlatform,
    pub client: Client,
    _dir: tempfile::TempDir,
}

impl Platform {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Like [`Platform::start`], with the config changed by `tweak` first (a rate limit…).
    pub async fn start_with(tweak: impl FnOnce(&mut PlatformConfig)) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = PlatformConfig::new(dir.path().join("data"), KEY);
        config.processing_delay = Duration::from_millis(20);
        tweak(&mut config);
        let running = start(config).await.expect("platform starts");
        let client = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");
        Self {
            running,
            client,
            _dir: dir,
        }
    }

    /// Uploads the sample image under `name`, one after the other, so the server's order
    /// (newest first) is the reverse of the calls.
    pub async fn upload_image(&self, name: &str) -> String {
        let mut req = CreateAsset::new(UploadSource::File(sample("sample-image.jpg")));
        req.filename = Some(name.to_string());
        self.client.create_asset(&req, None).await.expect("upload").id
    }

    pub async fn wait_ready(&self, id: &str) {
        let poll = PollOptions {
            interval: Duration::from_millis(20),
            timeout: PATIENCE,
        };
        self.client.wait_for_asset(id, poll, |_| {}).await.expect("ready");
    }

    /// Creates an index and references `asset_id` from it, through the indexes routes.
    pub async fn reference_from_new_index(&self, index_name: &str, asset_id: &str) {
        let base = self.running.base_url();
        let index = super::indexes::create_index(base, KEY, index_name).await;
        super::indexes::reference(base, KEY, &index, asset_id).await;
    }

    pub async fn stop(self) {
        self.running.shutdown().await;
    }
}

/// The app and its runtime, driven by hand: keys in, effects run, results pumped back.
pub struct Harness {
    pub app: App,
    pub runtime: Runtime,
    pub terminal: Terminal<TestBackend>,
}

impl Harness {
    /// An 80x24 app that has asked for its first page.
    pub fn new(client: Client) -> Self {
        Self::sized(client, (80, 24), |r| r)
    }

    /// An app of `size` whose runtime `tweak` changed (a picker, the preview's ffmpeg…), that
    /// has asked for its first page.
    pub fn sized(client: Client, size: (u16, u16), tweak: impl FnOnce(Runtime) -> Runtime) -> Self {
        let mut app = App::new("local", false, Keymap::defaults(), now());
        app.size = size;
        let runtime = tweak(Runtime::new(client).with_poll(PollOptions {
            interval: Duration::from_millis(20),
            timeout: PATIENCE,
        }));
        let mut h = Self {
            app,
            runtime,
            terminal: Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal"),
        };
        let effects = h.app.init();
        h.runtime.perform_all(effects);
        h.draw();
        h
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| tl_assets::tui::view(app, f))
            .expect("draw");
    }

    pub fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }

    pub fn press(&mut self, msg: Msg) {
        let effects = self.app.update(msg);
        self.runtime.perform_all(effects);
        self.draw();
    }

    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(key(c));
        }
    }

    /// Feeds background results to the app until `done` holds.
    pub async fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let pump = async {
            while !done(&self.app) {
                let msg = self
                    .runtime
                    .next_msg()
                    .await
                    .expect("the runtime's channel stays open");
                let effects = self.app.update(msg);
                self.runtime.perform_all(effects);
            }
        };
        let finished = tokio::time::timeout(PATIENCE, pump).await.is_ok();
        self.draw();
        assert!(
            finished,
            "gave up waiting for {what}\nstate: pages_loaded={} items={} selected={} modal={:?}\n{}",
            self.app.list.pages_loaded,
            self.app.list.items.len(),
            self.app.list.selected,
            self.app.modal,
            self.screen()
        );
    }

    pub fn idle(app: &App) -> bool {
        app.list.pending.is_none()
    }
}
