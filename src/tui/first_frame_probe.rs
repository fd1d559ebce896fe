//! The start-up benchmark's hook: the time from launch to the first frame that shows assets.

use std::path::PathBuf;
use std::time::Instant;

use tracing::warn;

use super::app::App;

/// Start-up benchmark hook: once a frame showing assets is drawn, the elapsed time since
/// `started` is written to `file` (`first_frame_ms=…`) and the app quits. A file, not stderr,
/// since nothing may be printed while the terminal is in use.
#[derive(Debug, Clone)]
pub struct FirstFrameProbe {
    pub started: Instant,
    pub file: PathBuf,
}

impl FirstFrameProbe {
    /// True (after writing the report) when `app` shows assets.
    pub(super) fn fired(&self, app: &App) -> bool {
        if app.list.visible.is_empty() {
            return false;
        }
        let ms = self.started.elapsed().as_secs_f64() * 1000.0;
        if let Err(e) = std::fs::write(&self.file, format!("first_frame_ms={ms:.3}\n")) {
            warn!(error = %e, "cannot write the first-frame report");
        }
        true
    }
}
