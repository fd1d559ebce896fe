//! The fault soak's harness: the app, its runtime and a test terminal, fed by hand. Every
//! background result goes through [`Harness::deliver`], which checks that a failure became
//! visible; [`Harness::settle`] waits until every spinner has ended. The random user actions
//! are in `actions.rs`.

pub mod actions;

use std::time::Duration;

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::tui::{App, Modal, Msg, Runtime, UploadState};

use crate::tui_support::{code, key};

/// Guards against a hang only; nothing asserts on durations. Virtual time: the clock jumps
/// whenever every task waits on it.
pub const PATIENCE: Duration = Duration::from_secs(180);

/// What the soak saw, for the report.
#[derive(Debug, Default)]
pub struct Figures {
    pub actions: u32,
    pub messages: u64,
    pub failures: u64,
    pub surfaced: u64,
    pub stale: u64,
    pub uploads_started: u32,
    pub uploads_ready: u32,
    pub uploads_failed: u32,
    pub uploads_cancelled: u32,
    pub deletes_confirmed: u32,
    pub force_deletes: u32,
    pub cancels: u32,
}

pub struct Harness {
    pub app: App,
    pub runtime: Runtime,
    pub terminal: Terminal<TestBackend>,
    pub clock: jiff::Timestamp,
    pub figures: Figures,
    /// Cancel the upload just started, once its form has closed.
    pub cancel_next: bool,
}

impl Harness {
    pub fn new(app: App, runtime: Runtime, clock: jiff::Timestamp) -> Self {
        let (w, h) = app.size;
        Self {
            app,
            runtime,
            terminal: Terminal::new(TestBackend::new(w, h)).expect("terminal"),
            clock,
            figures: Figures::default(),
            cancel_next: false,
        }
    }

    fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| tl_assets::tui::view(app, f))
            .expect("draw");
    }

    pub fn press(&mut self, msg: Msg) {
        let effects = self.app.update(msg);
        self.runtime.perform_all(effects);
    }

    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(key(c));
        }
    }

    /// Moves the app's clock on a second, so back-offs and rate-limit waits run out quickly.
    pub fn tick(&mut self) {
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

    /// Delivers whatever has arrived, then waits up to `ms` (of the runtime's clock) for more.
    pub async fn pump(&mut self, ms: u64) {
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
    pub async fn settle(&mut self, what: &str) {
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

/// Says, when the soak fails, which seed it ran and the command that runs it again.
pub struct RerunHint {
    pub seed: u64,
    pub actions: u32,
    pub slow: String,
}

impl Drop for RerunHint {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "\nthe fault soak failed with seed {seed}; run it again with\n  \
                 TL_ASSETS_SOAK_SEED={seed} TL_ASSETS_SOAK_ACTIONS={actions} TL_ASSETS_SOAK_SLOW={slow} \
                 cargo nextest run --features test-hooks --test tui_fault_soak --no-capture\n",
                seed = self.seed,
                actions = self.actions,
                slow = self.slow,
            );
        }
    }
}
