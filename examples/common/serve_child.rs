//! The `tl-assets serve` child the upload benchmarks run against (included by each with
//! `#[path]`): the binary to run, and the child on loopback, processing delay 0, killed on drop.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

/// The release binary beside the running example (`target/release/examples/..`), or
/// `TL_ASSETS_BIN`.
pub fn binary() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("TL_ASSETS_BIN") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("tl-assets"))
        .context("no binary directory")?;
    if !bin.exists() {
        bail!("{} not found: run `cargo build --release` first", bin.display());
    }
    Ok(bin)
}

pub struct ServeChild {
    pub child: Child,
    pub base: String,
}

impl ServeChild {
    /// Starts `bin serve` with `key` and `extra` flags; its base URL is on the first stdout line.
    pub fn start(bin: &Path, data_dir: &Path, key: &str, extra: &[&str]) -> Result<Self> {
        let mut child = Command::new(bin)
            .args(["--api-key", key, "--data-dir"])
            .arg(data_dir)
            .args(["serve", "--processing-delay", "0"])
            .args(extra)
            .env_remove("TWELVE_LABS_BASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        // Keep reading: `serve` prints more lines and dies on a closed stdout.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .context("no base URL on the first line")?
            .to_string();
        Ok(Self { child, base })
    }
}

impl Drop for ServeChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
