//! Key to screen over a slow link, where users are: a local platform in this process holding
//! `SCALE_KEYS_ASSETS` (default 300) seeded assets, every answer 250 ms late
//! (`slow=1:250ms,seed=5`, rate limit off), and the release binary in tmux at 120x40 with a fresh
//! HOME and no config file (the default `image = "auto"`), pointed at it with `--base-url`.
//! Each run starts the app afresh (page 1 only), presses `j` 120 times at 30 keys/s, then `PgDn`
//! 4 times at 4 keys/s, as the bug report did; `SCALE_KEYS_RUNS` runs (default 10).
//!
//! A key has reached the screen when the pane, read with `capture-pane`, shows a different
//! selected row (the row marked `›`) or a different status bar (spinner glyphs left out: a
//! move waiting for rows says so there). The figure is from `send-keys` returning to that pane;
//! a key whose screen does not change within 2 s counts as 2 s, so a lost key shows.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tl_assets::platform::{self, FaultSpec, PlatformConfig};

use super::common::{Samples, env_usize, print_table, runtime};
use super::startup::{TmuxServer, tmux_installed};

pub const KEY: &str = "bench-key";
const LOST: Duration = Duration::from_secs(2);

pub fn run() -> anyhow::Result<()> {
    if !tmux_installed() {
        println!("\nkeys: tmux is not installed: nothing measured (this part runs only where users do)");
        return Ok(());
    }
    let n = env_usize("SCALE_KEYS_ASSETS", 300);
    let runs = env_usize("SCALE_KEYS_RUNS", 10);
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("platform");
    platform::seed_synthetic(&data, n)?;
    let rt = runtime()?;
    let mut config = PlatformConfig::new(data.clone(), KEY);
    config.processing_delay = Duration::ZERO;
    config.rate_limit = None;
    config.faults = Some("slow=1:250ms,seed=5".parse::<FaultSpec>()?);
    let running = rt.block_on(platform::start(config))?;
    let base = running.base_url().to_string();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home)?;
    let env = [("HOME", home.as_path())];
    let server = TmuxServer::start(&env)?;

    let mut j = Samples::new("j (120 a run, 30 keys/s)");
    let mut pgdn = Samples::new("PgDn (4 a run, 4 keys/s)");
    let mut worst_runs = Vec::new();
    for run in 0..runs {
        let cache = dir.path().join(format!("cache-{run}"));
        let pane = Pane::open(&server, &env, &base, &format!("keys{run}"), &cache, "")?;
        pane.wait_for("the first page", |s| s.contains("loaded 50 of"))?;
        let mut worst = Duration::ZERO;
        for (key, count, every, samples) in [
            ("j", 120, Duration::from_millis(33), &mut j),
            ("PageDown", 4, Duration::from_millis(250), &mut pgdn),
        ] {
            for _ in 0..count {
                let slot = Instant::now() + every;
                let took = pane.key_to_screen(key)?;
                worst = worst.max(took);
                samples.values.push(took);
                std::thread::sleep(slot.saturating_duration_since(Instant::now()));
            }
        }
        worst_runs.push(worst);
        pane.close();
    }
    rt.block_on(running.shutdown());

    println!(
        "\nkeys over a slow link (every answer 250 ms late), {n} assets, tmux 120x40, default config, {runs} runs"
    );
    let lost = j
        .values
        .iter()
        .chain(&pgdn.values)
        .filter(|d| **d >= LOST)
        .count();
    println!("  keys whose screen never changed within 2 s: {lost}");
    let worst: Vec<String> = worst_runs
        .iter()
        .map(|d| format!("{:.0}", d.as_secs_f64() * 1000.0))
        .collect();
    println!("  slowest key of each run, ms: {}", worst.join(" "));
    print_table("Key to screen (send-keys → pane shows it)", &[j, pgdn]);
    Ok(())
}

/// The app in a tmux session of its own.
pub struct Pane<'a> {
    server: &'a TmuxServer,
    env: &'a [(&'a str, &'a Path)],
    session: String,
}

impl<'a> Pane<'a> {
    /// The app as `session` with `cache` as its cache dir (a fresh one starts with no saved
    /// listing) and `extra` flags (e.g. `--config FILE`).
    pub fn open(
        server: &'a TmuxServer,
        env: &'a [(&'a str, &'a Path)],
        base: &str,
        session: &str,
        cache: &Path,
        extra: &str,
    ) -> anyhow::Result<Self> {
        let session = session.to_string();
        let app = format!(
            "exec env XDG_CACHE_HOME='{}' '{}' --api-key {KEY} --base-url '{base}' {extra}",
            cache.display(),
            super::startup::bin().display()
        );
        let status = server
            .command(env)
            .args(["new-session", "-d", "-s", &session, "-x", "120", "-y", "40", &app])
            .status()
            .context("tmux new-session")?;
        if !status.success() {
            bail!("tmux new-session failed: {status}");
        }
        Ok(Self { server, env, session })
    }

    pub fn tmux(&self) -> Command {
        self.server.command(self.env)
    }

    /// Sends `key` to the app (as typed: `send-keys` returns once tmux has it).
    pub fn send(&self, key: &str) -> anyhow::Result<()> {
        let status = self
            .tmux()
            .args(["send-keys", "-t", &self.session, key])
            .status()
            .context("tmux send-keys")?;
        if !status.success() {
            bail!("tmux send-keys failed: {status}");
        }
        Ok(())
    }

    pub fn screen(&self) -> anyhow::Result<String> {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", &self.session])
            .stdout(std::process::Stdio::piped())
            .output()
            .context("tmux capture-pane")?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    pub fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> anyhow::Result<()> {
        let t0 = Instant::now();
        loop {
            if done(&self.screen()?) {
                return Ok(());
            }
            if t0.elapsed() > Duration::from_secs(60) {
                bail!("no {what} within 60 s:\n{}", self.screen()?);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Sends `key` and waits until the selected row or the status bar changes.
    fn key_to_screen(&self, key: &str) -> anyhow::Result<Duration> {
        let before = reaction(&self.screen()?);
        self.send(key)?;
        let t0 = Instant::now();
        while t0.elapsed() < LOST {
            if reaction(&self.screen()?) != before {
                return Ok(t0.elapsed());
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        Ok(LOST)
    }

    pub fn close(self) {
        let _ = self.tmux().args(["kill-session", "-t", &self.session]).status();
    }
}

/// What a moving key changes: the list's selected row (up to the pane's right border) and the
/// status bar, spinner glyphs (braille) left out.
fn reaction(screen: &str) -> (String, String) {
    let selected = screen
        .lines()
        .find_map(|l| l.strip_prefix("│›"))
        .map(|rest| rest.split('│').next().unwrap_or("").to_string())
        .unwrap_or_default();
    let status = screen
        .lines()
        .rev()
        .find(|l| l.contains("tl-assets"))
        .unwrap_or("")
        .chars()
        .filter(|c| !('\u{2800}'..='\u{28FF}').contains(c))
        .collect();
    (selected, status)
}
