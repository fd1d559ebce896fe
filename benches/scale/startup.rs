//! Start-up: the release binary, no API key, over a data dir holding 1 000 assets, run in a real
//! pty (`script`) with `--bench-first-frame`, which quits after the first frame that shows assets
//! and writes the time since `main` started. The bench also times from spawning `script` until
//! that report exists (adds exec, the pty and `script` itself). Thumbnails are off (a config file
//! with `image = "off"`): nothing in the pty answers the terminal graphics query, which would add
//! its 2 s timeout to every run, where a real terminal answers in one round trip.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tl_assets::platform;

use super::common::{Samples, env_usize, print_table};

/// The binary cargo built with this bench; `SCALE_BIN` picks another (e.g. a copy, when several
/// checkouts share one target dir and overwrite `target/release/tl-assets`).
fn bin() -> std::path::PathBuf {
    std::env::var_os("SCALE_BIN").map_or_else(|| env!("CARGO_BIN_EXE_tl-assets").into(), Into::into)
}

pub fn run() -> anyhow::Result<()> {
    let n = env_usize("SCALE_STARTUP_ASSETS", 1000);
    let runs = env_usize("SCALE_STARTUP_RUNS", 15);
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("platform");
    platform::seed_synthetic(&data, n)?;
    let mut inside = Samples::new("main → first asset frame");
    let mut outside = Samples::new("spawn → report written");
    let (first_inside, first_outside) = once(dir.path(), &data, 0)?;
    for run in 1..=runs {
        let (a, b) = once(dir.path(), &data, run)?;
        inside.values.push(a);
        outside.values.push(b);
    }
    println!(
        "\nstartup: first run (imports the sample media once): {:.1} ms in-process, {:.1} ms from spawn",
        first_inside.as_secs_f64() * 1000.0,
        first_outside.as_secs_f64() * 1000.0
    );
    print_table(
        &format!("Start-up to the first frame with assets, {n} assets, real pty 120x40, {runs} runs"),
        &[inside, outside],
    );
    Ok(())
}

/// One run: `(in-process time, time from spawn until the report file exists)`.
fn once(root: &Path, data: &Path, run: usize) -> anyhow::Result<(Duration, Duration)> {
    let report = root.join(format!("first-frame-{run}.txt"));
    let home = root.join("home");
    std::fs::create_dir_all(&home)?;
    let config = root.join("config.toml");
    std::fs::write(&config, "image = \"off\"\n")?;
    let inner = format!(
        "stty rows 40 cols 120; exec '{}' --bench-first-frame '{}'",
        bin().display(),
        report.display()
    );
    let t0 = Instant::now();
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &inner, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("TERM", "xterm-256color")
        .env("TL_ASSETS_DATA_DIR", data)
        .env("TL_ASSETS_CONFIG", &config)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("running `script` (util-linux)")?;
    let mut outside = None;
    while outside.is_none() {
        if report.exists() {
            outside = Some(t0.elapsed());
        } else if let Some(status) = child.try_wait()? {
            bail!("the app exited ({status}) without a first-frame report");
        } else if t0.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            bail!("no first frame with assets within 60 s");
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("the app exited with {status}");
    }
    let text = std::fs::read_to_string(&report)?;
    let ms: f64 = text
        .trim()
        .strip_prefix("first_frame_ms=")
        .and_then(|v| v.parse().ok())
        .context("bad first-frame report")?;
    Ok((Duration::from_secs_f64(ms / 1000.0), outside.unwrap_or_default()))
}
