//! Where logs go: stderr for one-shot commands and `serve`, a file for the TUI (which owns the
//! terminal). `TL_ASSETS_LOG` takes a tracing filter in both cases.

use std::path::PathBuf;

use crate::config;
use crate::terminal_env::{self, EnvMap};

/// Name of the TUI's log file in the log directory.
pub const LOG_FILE: &str = "tl-assets.log";

/// A log file over this size is moved to `tl-assets.log.1` (replacing the previous one) when the
/// TUI starts, so logs never grow without bound.
const ROTATE_AT: u64 = 8 << 20;

/// Logs of one-shot commands and `serve` go to stderr, in colour only on a terminal and
/// without `NO_COLOR`.
pub fn init_stderr_logging(debug: bool, default_level: &str, env: &EnvMap) {
    use std::io::IsTerminal;
    let colour = terminal_env::colour_wanted(env, std::io::stderr().is_terminal());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(if debug { "debug" } else { default_level }))
        .with_ansi(colour)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The TUI logs to a file, never to the terminal it draws on. Returns the file's path.
pub fn init_file_logging(debug: bool) -> Option<PathBuf> {
    let dir = config::log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(LOG_FILE);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > ROTATE_AT) {
        // Another instance may be appending; it keeps its handle on the renamed file.
        let _ = std::fs::rename(&path, dir.join(format!("{LOG_FILE}.1")));
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    tracing_subscriber::fmt()
        .with_env_filter(filter(if debug { "debug" } else { "info" }))
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init()
        .ok()?;
    Some(path)
}

/// `TL_ASSETS_LOG` if set and valid, else this crate at `level` (symphonia's chatter muted).
fn filter(level: &str) -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::try_from_env("TL_ASSETS_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("tl_assets={level},symphonia=error,warn"))
    })
}
