//! The terminal app, Elm style: `App::update(Msg) -> Vec<Effect>`, a runtime that runs effects as
//! tokio tasks, and views that draw the state.
//!
//! Headless use (tests): build an [`App`] and a [`Runtime`], then either drive them by hand
//! (`app.update(msg)` → `runtime.perform_all(effects)` → `runtime.next_msg().await`) or run
//! [`run_with`] on a `TestBackend` with a scripted message stream.

mod app;
mod asset_list;
mod delete_flow;
mod dialogs;
mod effect;
mod format;
mod input;
mod keymap;
mod layout;
mod msg;
mod notices;
mod runtime;
mod terminal;
mod test_faults;
mod upload_flow;
mod upload_form;
mod upload_queue;
mod view;

pub use app::{App, Focus};
pub use asset_list::{AssetList, PAGE_LIMIT, ServerFilter};
pub use dialogs::{Choice, ConfirmDelete, ConflictDelete, Modal, References};
pub use effect::Effect;
pub use keymap::{Action, Context, DEFAULT_KEYMAP, Key, Keymap};
pub use msg::{DirEntry, Msg, RequestId, UploadId};
pub use notices::{Notice, Notices};
pub use runtime::{Runtime, run_with};
pub use upload_form::{Field, UploadForm};
pub use upload_queue::{UploadJob, UploadQueue, UploadState};
pub use view::view;

/// What `main` hands the terminal app.
pub struct TuiOptions {
    pub client: crate::api::Client,
    /// Shown in the status bar: "local" for the embedded platform, else the host name.
    pub service: String,
    pub read_only: bool,
    /// Where tracing logs go (already set up by main); shown in help/about. Nothing may be
    /// printed to stdout/stderr while the TUI runs.
    pub log_file: Option<std::path::PathBuf>,
}

/// Runs the terminal app until the user quits or a signal asks it to. The terminal is restored
/// on every way out.
pub async fn run(options: TuiOptions) -> anyhow::Result<()> {
    let mut app = App::new(
        options.service,
        options.read_only,
        Keymap::defaults(),
        jiff::Timestamp::now(),
    );
    app.log_file = options.log_file;
    let runtime = Runtime::new(options.client);
    let fault = test_faults::TestFault::from_env();
    let events = test_faults::with_fault(terminal::events()?, fault);
    let (mut tty, guard) = terminal::init()?;
    let result = run_with(app, runtime, events, &mut tty, jiff::Timestamp::now).await;
    if fault == Some(test_faults::TestFault::Error) {
        // Returned with the terminal still in the app's mode: the guard must restore it.
        anyhow::bail!("injected test error (TL_ASSETS_TEST_PANIC=error)");
    }
    drop(guard);
    result.map(|_| ())
}
