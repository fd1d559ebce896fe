//! Start-up: the release binary, no API key, over a data dir holding 1 000 assets, with
//! `--bench-first-frame`, which quits after the first frame that shows assets and writes the time
//! since `main` started. Measured where users run it: inside tmux (its own `-L` socket, a fresh
//! HOME and no config file, so the default `image = "auto"` with its graphics query), next to
//! the same with `image = "off"`; then in a plain pty (`script`) that answers no query at all,
//! both ways. Cases take turns run by run. The bench also times from spawning the client (`tmux
//! new-session -d`, or `script`) until the report exists. Without tmux only the pty cases run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tl_assets::platform;

use super::common::{Samples, env_usize, print_table};

/// The binary cargo built with this bench; `SCALE_BIN` picks another (e.g. a copy, when several
/// checkouts share one target dir and overwrite `target/release/tl-assets`).
pub fn bin() -> PathBuf {
    std::env::var_os("SCALE_BIN").map_or_else(|| env!("CARGO_BIN_EXE_tl-assets").into(), Into::into)
}

/// Where the app runs.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Tmux,
    Pty,
}

struct Case {
    place: Place,
    /// `None`: no config file (the defaults).
    config: Option<PathBuf>,
    inside: Samples,
    outside: Samples,
}

impl Case {
    fn new(place: Place, config: Option<&Path>) -> Self {
        let name = format!(
            "{}, {}",
            match place {
                Place::Tmux => "tmux",
                Place::Pty => "pty answering nothing",
            },
            if config.is_some() {
                "image = off"
            } else {
                "default config"
            }
        );
        Self {
            place,
            config: config.map(Path::to_path_buf),
            inside: Samples::new(format!("{name}: main → first asset frame")),
            outside: Samples::new(format!("{name}: spawn → report written")),
        }
    }
}

/// A tmux server on its own socket, killed when dropped.
pub struct TmuxServer {
    socket: String,
}

impl TmuxServer {
    /// Starts the server with a session that only keeps it alive, so no run pays its start.
    pub fn start(env: &[(&str, &Path)]) -> anyhow::Result<Self> {
        let socket = format!("tl-assets-bench-{}", std::process::id());
        let server = Self { socket };
        let status = server
            .command(env)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "keep",
                "sleep 86400",
            ])
            .status()
            .context("starting tmux")?;
        if !status.success() {
            bail!("tmux new-session failed: {status}");
        }
        Ok(server)
    }

    /// A tmux client of this server, with only `env` (and PATH) in its environment: the server
    /// keeps the first client's environment for every pane.
    pub fn command(&self, env: &[(&str, &Path)]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TERM", "xterm-256color")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            c.env(k, v);
        }
        c
    }
}

impl Drop for TmuxServer {
    fn drop(&mut self) {
        let _ = self.command(&[]).arg("kill-server").status();
    }
}

pub fn tmux_installed() -> bool {
    Command::new("tmux")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub fn run() -> anyhow::Result<()> {
    let n = env_usize("SCALE_STARTUP_ASSETS", 1000);
    let runs = env_usize("SCALE_STARTUP_RUNS", 15);
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("platform");
    platform::seed_synthetic(&data, n)?;
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home)?;
    let off = dir.path().join("image-off.toml");
    std::fs::write(&off, "image = \"off\"\n")?;
    let env = [("HOME", home.as_path()), ("TL_ASSETS_DATA_DIR", data.as_path())];

    let tmux = if tmux_installed() {
        Some(TmuxServer::start(&env)?)
    } else {
        println!("\nstartup: tmux is not installed: the tmux cases (where users run it) are not measured");
        None
    };
    let mut cases = Vec::new();
    if tmux.is_some() {
        cases.push(Case::new(Place::Tmux, None));
        cases.push(Case::new(Place::Tmux, Some(&off)));
    }
    cases.push(Case::new(Place::Pty, None));
    cases.push(Case::new(Place::Pty, Some(&off)));

    let mut first = Vec::new();
    for run in 0..=runs {
        for (i, case) in cases.iter_mut().enumerate() {
            let report = dir.path().join(format!("first-frame-{run}-{i}.txt"));
            let (inside, outside) = match (case.place, &tmux) {
                (Place::Tmux, Some(server)) => in_tmux(server, &env, case.config.as_deref(), &report, run)?,
                _ => in_pty(&env, case.config.as_deref(), &report)?,
            };
            if run == 0 {
                first.push((case.inside.name.clone(), inside, outside));
            } else {
                case.inside.values.push(inside);
                case.outside.values.push(outside);
            }
        }
    }
    println!("\nstartup: first run of each case (the first imports the sample media once), uncounted:");
    for (name, inside, outside) in first {
        println!(
            "  {name}: {:.1} ms, {:.1} ms from spawn",
            inside.as_secs_f64() * 1000.0,
            outside.as_secs_f64() * 1000.0
        );
    }
    let mut rows = Vec::new();
    for case in cases {
        rows.push(case.inside);
        rows.push(case.outside);
    }
    print_table(
        &format!("Start-up to the first frame with assets, {n} assets, 120x40, {runs} runs per case"),
        &rows,
    );
    Ok(())
}

/// The shell command the pane or pty runs.
fn app_command(config: Option<&Path>, report: &Path) -> String {
    let config = config.map_or(String::new(), |c| format!("TL_ASSETS_CONFIG='{}' ", c.display()));
    format!(
        "exec env {config}'{}' --bench-first-frame '{}'",
        bin().display(),
        report.display()
    )
}

/// One run in a new detached tmux session: `(in-process time, time from spawn to the report)`.
fn in_tmux(
    server: &TmuxServer,
    env: &[(&str, &Path)],
    config: Option<&Path>,
    report: &Path,
    run: usize,
) -> anyhow::Result<(Duration, Duration)> {
    let session = format!("run{run}-{}", config.is_some());
    let t0 = Instant::now();
    let mut client = server
        .command(env)
        .args(["new-session", "-d", "-s", &session, "-x", "120", "-y", "40"])
        .arg(app_command(config, report))
        .spawn()
        .context("tmux new-session")?;
    let outside = wait_for_report(report, t0, || Ok(()))?;
    client.wait()?;
    Ok((read_report(report)?, outside))
}

/// One run in a pty of `script` (util-linux), which answers no terminal query.
fn in_pty(
    env: &[(&str, &Path)],
    config: Option<&Path>,
    report: &Path,
) -> anyhow::Result<(Duration, Duration)> {
    let inner = format!("stty rows 40 cols 120; {}", app_command(config, report));
    let t0 = Instant::now();
    let mut cmd = Command::new("script");
    cmd.args(["-q", "-e", "-c", &inner, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().context("running `script` (util-linux)")?;
    let outside = wait_for_report(report, t0, || match child.try_wait()? {
        Some(status) => bail!("the app exited ({status}) without a first-frame report"),
        None => Ok(()),
    });
    let outside = match outside {
        Ok(d) => d,
        Err(e) => {
            let _ = child.kill();
            return Err(e);
        }
    };
    let status = child.wait()?;
    if !status.success() {
        bail!("the app exited with {status}");
    }
    Ok((read_report(report)?, outside))
}

/// Polls until `report` exists; `failed` may end the wait with an error.
pub fn wait_for_report(
    report: &Path,
    t0: Instant,
    mut failed: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Duration> {
    loop {
        if report.exists() {
            return Ok(t0.elapsed());
        }
        failed()?;
        if t0.elapsed() > Duration::from_secs(60) {
            bail!("no first frame with assets within 60 s");
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// The in-process time the app wrote. The file may exist a moment before it is written.
pub fn read_report(report: &Path) -> anyhow::Result<Duration> {
    for _ in 0..500 {
        let text = std::fs::read_to_string(report)?;
        if let Some(ms) = text
            .trim()
            .strip_prefix("first_frame_ms=")
            .and_then(|v| v.parse::<f64>().ok())
        {
            return Ok(Duration::from_secs_f64(ms / 1000.0));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    bail!("bad first-frame report in {}", report.display())
}
