//! Where `ffmpeg` is (the config's `ffmpeg` path, else the first on `PATH`) and which version it
//! is. Optional everywhere: without it the preview says so in one line.

use std::path::{Path, PathBuf};
use std::process::Stdio;

/// A usable `ffmpeg` program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ffmpeg {
    pub path: PathBuf,
}

impl Ffmpeg {
    /// The configured program when one is named (it must exist: a wrong path is an error, not a
    /// silent fallback), else the first `ffmpeg` on `PATH`.
    pub fn locate(configured: Option<&Path>) -> Result<Self, String> {
        if let Some(p) = configured {
            return if p.is_file() {
                Ok(Self {
                    path: p.to_path_buf(),
                })
            } else {
                Err(format!(
                    "ffmpeg not found at {} (the config's `ffmpeg`); fix the path or remove it to use PATH",
                    p.display()
                ))
            };
        }
        crate::terminal_env::find_in_path("ffmpeg", std::env::var("PATH").ok().as_deref())
            .map(|path| Self { path })
            .ok_or_else(|| "ffmpeg not found on PATH: install ffmpeg to see frames and waveforms".to_string())
    }

    /// The first line of `ffmpeg -version` (`ffmpeg version 6.1.1 …`), if it runs.
    pub fn version(&self) -> Option<String> {
        let out = std::process::Command::new(&self.path)
            .arg("-version")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text.lines().next()?.trim();
        let short: String = line
            .split(" Copyright")
            .next()
            .unwrap_or(line)
            .chars()
            .take(80)
            .collect();
        (!short.is_empty()).then_some(short)
    }
}

/// Lowers a started child's scheduling priority (nice 10), so decoding never competes with the
/// app for the CPU. Best effort: a refusal is logged, the child keeps running.
pub fn lower_priority(child_id: Option<u32>) {
    let Some(pid) = child_id.and_then(|id| rustix::process::Pid::from_raw(id as i32)) else {
        return;
    };
    if let Err(e) = rustix::process::setpriority_process(Some(pid), 10) {
        tracing::debug!(error = %e, "cannot lower the decoder's priority");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_path_that_is_missing_is_an_error_naming_it() {
        let err = Ffmpeg::locate(Some(Path::new("/nonexistent/ffmpeg"))).expect_err("missing");
        assert!(err.contains("/nonexistent/ffmpeg"), "{err}");
    }
}
