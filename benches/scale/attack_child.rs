//! The platform the `attack` part measures, in a child process of its own (this bench binary
//! started again with `SCALE_SERVE_DIR`), so its memory is its own and it can be killed with
//! SIGKILL. It prints `BASE <url>` and serves until killed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};
use tl_assets::platform::{self, PlatformConfig};

pub const KEY: &str = "attack-bench-key";
const DIR_VAR: &str = "SCALE_SERVE_DIR";
const DELAY_VAR: &str = "SCALE_SERVE_DELAY_MS";
const WORKERS_VAR: &str = "SCALE_SERVE_WORKERS";

/// When this process is the child: serves and never returns.
pub fn serve_if_child() -> Option<std::process::ExitCode> {
    let dir = std::env::var_os(DIR_VAR)?;
    let rt = super::common::runtime().ok()?;
    rt.block_on(async move {
        let mut config = PlatformConfig::new(dir.into(), KEY);
        config.processing_delay = Duration::from_millis(super::common::env_usize(DELAY_VAR, 1000) as u64);
        let workers = super::common::env_usize(WORKERS_VAR, 0);
        config.processing_workers = (workers > 0).then_some(workers);
        let running = platform::start(config).await.expect("start");
        println!("BASE {}", running.base_url());
        std::future::pending::<()>().await;
    });
    None
}

/// A platform child on `dir`: processing delay `delay_ms`, `workers` jobs at once (0 = the
/// default), stopping at the test-stall point `stall` if given.
pub struct ServeChild {
    pub child: Child,
    pub base: String,
    pub stderr: Option<BufReader<ChildStderr>>,
}

impl ServeChild {
    pub fn start(dir: &Path, delay_ms: u64, workers: usize, stall: Option<&str>) -> Result<Self> {
        let me = std::env::current_exe()?;
        let mut cmd = Command::new(me);
        cmd.arg("--bench")
            .env(DIR_VAR, dir)
            .env(DELAY_VAR, delay_ms.to_string())
            .env(WORKERS_VAR, workers.to_string())
            .env("SCALE_CHILD", "1")
            .env_remove("TL_ASSETS_TEST_STALL")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(point) = stall {
            cmd.env("TL_ASSETS_TEST_STALL", point);
        }
        let mut child = cmd.spawn()?;
        let mut out = BufReader::new(child.stdout.take().context("stdout")?);
        let mut line = String::new();
        out.read_line(&mut line)?;
        let base = line
            .strip_prefix("BASE ")
            .context("no base URL from the child")?
            .trim()
            .to_string();
        // Keep reading stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let stderr = child.stderr.take().map(BufReader::new);
        Ok(Self { child, base, stderr })
    }

    /// Blocks until the child says it stopped at its stall point.
    pub fn wait_stalled(&mut self) -> Result<()> {
        let err = self.stderr.as_mut().context("no stderr")?;
        let mut line = String::new();
        loop {
            line.clear();
            if err.read_line(&mut line)? == 0 {
                anyhow::bail!("the child ended before its stall point");
            }
            if line.contains("test stall:") {
                return Ok(());
            }
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `(VmRSS, VmHWM)` of the child in MiB.
    pub fn rss_mib(&self) -> (f64, f64) {
        let text = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        let get = |field: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
                / 1024.0
        };
        (get("VmRSS:"), get("VmHWM:"))
    }

    /// Resets the child's peak RSS to its current RSS.
    pub fn reset_peak(&self) {
        let _ = std::fs::write(format!("/proc/{}/clear_refs", self.pid()), "5");
    }

    /// SIGKILL, and wait for it.
    pub fn kill(self) {
        drop(self);
    }
}

impl Drop for ServeChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
