//! The storyboard preview on a 10-minute 720p video (testsrc + sine, 30 fps, made by ffmpeg
//! here; `SCALE_PREVIEW_SECONDS` shortens it for a quick look) uploaded twice to a local platform in this process, which makes the HLS with ffmpeg.
//! The app is driven in process (`App::update` and the real `Runtime`, drawn on a 120x40
//! `TestBackend` after every message, halfblock pictures as in tmux), not the release binary in
//! tmux: the binary has no hook that reports when frames reach the screen. Cases, each
//! `SCALE_PREVIEW_RUNS` runs (default 5), the clock started just before `p` is handled:
//! `p` to the first frame drawn and to the whole 3x3 grid, with a cold disk cache (a fresh
//! cache dir), then warm (a second app on the same cache dir; it must start no ffmpeg); `j`/`k`
//! key to screen (update + draw) while frames decode, 30 keys/s, each key a new job; the first
//! frame over a link answering every request 250 ms late (`slow=1:250ms`). CPU time from
//! `/proc/self/stat` (the kernel's getrusage counters: this process, the in-process platform
//! serving the segments included) and its children's (ffmpeg decoders, counted once reaped).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_image::picker::Picker;
use tl_assets::api::{ApiKey, Client, CreateAsset, PollOptions, UploadSource};
use tl_assets::platform::{self, FaultSpec, PlatformConfig};
use tl_assets::terminal_env::ImageProtocol;
use tl_assets::tui::{App, Keymap, Msg, PreviewSetup, Runtime, Slot, view};

use super::common::{Samples, env_usize, print_table, runtime};

use super::keys_link::KEY;
const PATIENCE: Duration = Duration::from_secs(180);

/// True when `ffmpeg` runs from `PATH`.
pub fn ffmpeg_installed() -> bool {
    std::process::Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn run() -> anyhow::Result<()> {
    if !ffmpeg_installed() {
        println!("\npreview: ffmpeg is not on PATH: nothing measured");
        return Ok(());
    }
    let runs = env_usize("SCALE_PREVIEW_RUNS", 5);
    let dir = tempfile::tempdir()?;
    let seconds = env_usize("SCALE_PREVIEW_SECONDS", 600);
    let video = dir.path().join("video.mp4");
    let t = Instant::now();
    make_video(&video, seconds)?;
    println!(
        "\npreview: made a {seconds} s 720p30 video in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let rt = runtime()?;
    let mut rows = Vec::new();
    let (mut cpu_app, mut cpu_ff) = (Vec::new(), Vec::new());
    let data = dir.path().join("platform");
    let running = rt.block_on(start_platform(&data, None))?;
    let client = Client::new(running.base_url(), ApiKey::new(KEY))?;
    rt.block_on(upload(&client, &video))?;
    rt.block_on(upload(&client, &video))?;
    let (mut first, mut whole) = (
        Samples::new("cold cache: p → first frame"),
        Samples::new("cold cache: p → 3x3 grid"),
    );
    let (mut wfirst, mut wwhole) = (
        Samples::new("warm cache: p → first frame"),
        Samples::new("warm cache: p → 3x3 grid"),
    );
    let mut warm_ffmpeg = 0;
    for run in 0..runs {
        let cache = dir.path().join(format!("cache-{run}"));
        let (cpu0, child0) = cpu_ms();
        let (f, w, _) = rt.block_on(open_preview(&client, &cache))?;
        let (cpu1, child1) = cpu_ms();
        cpu_app.push(cpu1 - cpu0);
        cpu_ff.push(child1 - child0);
        first.values.push(f);
        whole.values.push(w);
        let (f, w, started) = rt.block_on(open_preview(&client, &cache))?;
        wfirst.values.push(f);
        wwhole.values.push(w);
        warm_ffmpeg += started;
    }
    rows.extend([first, whole, wfirst, wwhole]);
    let keys = rt.block_on(keys_while_decoding(&client, &dir.path().join("cache-keys")))?;
    rows.push(keys);
    rt.block_on(running.shutdown());
    // The same platform data behind a link that answers every request 250 ms late.
    let running = rt.block_on(start_platform(&data, Some("slow=1:250ms")))?;
    let slow_client = Client::new(running.base_url(), ApiKey::new(KEY))?;
    let mut slow = Samples::new("250 ms link, cold cache: p → first frame");
    for run in 0..runs {
        let cache = dir.path().join(format!("cache-slow-{run}"));
        slow.values
            .push(rt.block_on(open_preview(&slow_client, &cache))?.0);
    }
    rows.push(slow);
    rt.block_on(running.shutdown());
    print_table(
        &format!(
            "preview: {seconds} s 720p30 video, HLS by the platform, in-process app 120x40 halfblocks, {runs} runs per case"
        ),
        &rows,
    );
    let avg = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "  CPU per cold 3x3 grid: app process {:.0} ms (platform serving included), ffmpeg children {:.0} ms",
        avg(&cpu_app),
        avg(&cpu_ff)
    );
    println!("  ffmpeg processes started by the warm runs: {warm_ffmpeg}");
    println!(
        "  load average: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    ensure!(warm_ffmpeg == 0, "a warm run started ffmpeg");
    Ok(())
}

pub fn make_video(out: &Path, seconds: usize) -> anyhow::Result<()> {
    let status = std::process::Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi"])
        .arg("-i")
        .arg(format!("testsrc=size=1280x720:rate=30:duration={seconds}"))
        .args(["-f", "lavfi", "-i"])
        .arg(format!("sine=duration={seconds}"))
        .args(["-c:v", "libx264", "-preset", "ultrafast"])
        .args(["-g", "60", "-pix_fmt", "yuv420p", "-c:a", "aac"])
        .arg(out)
        .status()
        .context("run ffmpeg")?;
    ensure!(status.success(), "ffmpeg could not make the video");
    Ok(())
}

pub async fn start_platform(data: &Path, faults: Option<&str>) -> anyhow::Result<platform::RunningPlatform> {
    let mut config = PlatformConfig::new(data.to_path_buf(), KEY);
    config.processing_delay = Duration::ZERO;
    config.rate_limit = None;
    config.faults = faults.map(str::parse::<FaultSpec>).transpose()?;
    Ok(platform::start(config).await?)
}

pub async fn upload(client: &Client, video: &Path) -> anyhow::Result<()> {
    let mut req = CreateAsset::new(UploadSource::File(video.to_path_buf()));
    req.enable_hls = true;
    let id = client.create_asset(&req, None).await?.id;
    let poll = PollOptions {
        interval: Duration::from_millis(50),
        timeout: PATIENCE,
    };
    client.wait_for_asset(&id, poll, |_| {}).await?;
    Ok(())
}

/// The app and its runtime half, drawn on a 120x40 test terminal.
struct Driven {
    app: App,
    runtime: Runtime,
    terminal: Terminal<TestBackend>,
}

impl Driven {
    async fn new(client: &Client, cache: PathBuf) -> anyhow::Result<Self> {
        let mut app = App::new("local", false, Keymap::defaults(), jiff::Timestamp::now());
        app.size = (120, 40);
        app.surroundings.image = Some(ImageProtocol::Halfblocks);
        let runtime = Runtime::new(client.clone())
            .with_picker(Some(Picker::halfblocks()))
            .with_preview(PreviewSetup::new(None, Some(cache), 256));
        let mut d = Self {
            app,
            runtime,
            terminal: Terminal::new(TestBackend::new(120, 40))?,
        };
        let effects = d.app.init();
        d.runtime.perform_all(effects);
        d.until(|a| a.list.pages_loaded > 0 && a.list.pending.is_none())
            .await?;
        Ok(d)
    }

    fn handle(&mut self, msg: Msg) -> anyhow::Result<()> {
        let effects = self.app.update(msg);
        self.runtime.perform_all(effects);
        let app = &self.app;
        self.terminal.draw(|f| view(app, f))?;
        Ok(())
    }

    fn key(&mut self, c: char) -> anyhow::Result<()> {
        let ev = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        self.handle(Msg::Key(ev))
    }

    /// Handles messages (drawing after each) until `done`.
    async fn until(&mut self, done: impl Fn(&App) -> bool) -> anyhow::Result<()> {
        let deadline = Instant::now() + PATIENCE;
        while !done(&self.app) {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = tokio::time::timeout(left, self.runtime.next_msg())
                .await
                .context("gave up waiting")?
                .context("runtime closed")?;
            self.handle(msg)?;
        }
        Ok(())
    }
}

fn slots_ready(app: &App) -> (usize, usize) {
    app.preview.as_ref().map_or((0, 0), |p| {
        let ready = p.slots.iter().filter(|s| matches!(s, Slot::Ready(_))).count();
        let done = p.slots.iter().filter(|s| !matches!(s, Slot::Waiting)).count();
        (ready, done)
    })
}

/// `p` on the first asset: (to the first frame drawn, to the whole grid, ffmpeg started).
async fn open_preview(client: &Client, cache: &Path) -> anyhow::Result<(Duration, Duration, usize)> {
    let mut d = Driven::new(client, cache.to_path_buf()).await?;
    let t0 = Instant::now();
    d.key('p')?;
    d.until(|a| slots_ready(a).0 >= 1).await?;
    let first = t0.elapsed();
    d.until(|a| slots_ready(a).1 == 9).await?;
    let whole = t0.elapsed();
    ensure!(
        slots_ready(&d.app).0 == 9,
        "frames failed:\n{}",
        d.terminal.backend()
    );
    Ok((first, whole, d.runtime.preview_decoders_started()))
}

/// `j`/`k` at 30 keys/s for 10 s with the preview open, each key a new job for the other video.
async fn keys_while_decoding(client: &Client, cache: &Path) -> anyhow::Result<Samples> {
    let mut d = Driven::new(client, cache.to_path_buf()).await?;
    d.key('p')?;
    let mut samples = Samples::new("j/k while frames decode: key → screen");
    for i in 0..300 {
        let t0 = Instant::now();
        d.key(if i % 2 == 0 { 'j' } else { 'k' })?;
        samples.values.push(t0.elapsed());
        // Frames arriving meanwhile are handled and drawn, as the event loop would.
        let next = t0 + Duration::from_millis(33);
        while let Ok(Some(msg)) = tokio::time::timeout_at(next.into(), d.runtime.next_msg()).await {
            d.handle(msg)?;
        }
    }
    Ok(samples)
}

/// CPU milliseconds of this process (user + system, all threads) and of its reaped children.
fn cpu_ms() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(") ").map_or("", |s| s.1);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    // Fields 14–17 of stat (utime, stime, cutime, cstime), in clock ticks; 100 a second on Linux.
    let tick = 1000.0 / 100.0;
    let get = |i: usize| f.get(i - 3).copied().unwrap_or(0.0);
    ((get(14) + get(15)) * tick, (get(16) + get(17)) * tick)
}
