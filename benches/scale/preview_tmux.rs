//! The storyboard preview where users open it: the release binary in tmux at 120x40 (half blocks,
//! as tmux gets), fresh HOME, default config, against a local platform in this process holding
//! one 10-minute 720p video whose HLS the platform made (`SCALE_PREVIEW_SECONDS` shortens it).
//! Every run is a new app. The clock starts when `send-keys p` returns and stops when
//! `capture-pane` shows the first frame (a slot's `decoding…` gone) and the whole 3x3 grid (none
//! left); a frame that fails ends the part with the screen. Cases, `SCALE_PREVIEW_RUNS` runs each
//! (default 5): a fresh cache dir (cold), the same cache dir in a new app (warm: from disk), and
//! cold again with the platform answering every request 250 ms late (`slow=1:250ms`).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::bail;
use tl_assets::api::{ApiKey, Client};

use super::common::{Samples, env_usize, print_table, runtime};
use super::keys_link::{KEY, Pane};
use super::preview::{make_video, start_platform, upload};
use super::startup::{TmuxServer, tmux_installed};

const PATIENCE: Duration = Duration::from_secs(60);

pub fn run() -> anyhow::Result<()> {
    if !tmux_installed() || !super::preview::ffmpeg_installed() {
        println!("\npreviewtmux: tmux or ffmpeg is missing: nothing measured");
        return Ok(());
    }
    let runs = env_usize("SCALE_PREVIEW_RUNS", 5);
    let seconds = env_usize("SCALE_PREVIEW_SECONDS", 600);
    let dir = tempfile::tempdir()?;
    let video = dir.path().join("video.mp4");
    make_video(&video, seconds)?;
    let rt = runtime()?;
    let data = dir.path().join("platform");
    let running = rt.block_on(start_platform(&data, None))?;
    let client = Client::new(running.base_url(), ApiKey::new(KEY))?;
    let t = Instant::now();
    rt.block_on(upload(&client, &video))?;
    println!(
        "\npreviewtmux: a {seconds} s 720p30 video uploaded and its HLS made in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home)?;
    let env = [("HOME", home.as_path())];
    let server = TmuxServer::start(&env)?;
    let mut rows = vec![
        Samples::new("cold cache: p → first frame"),
        Samples::new("cold cache: p → 3x3 grid"),
        Samples::new("warm cache: p → first frame"),
        Samples::new("warm cache: p → 3x3 grid"),
    ];
    let base = running.base_url().to_string();
    for run in 0..runs {
        let cache = dir.path().join(format!("cache-{run}"));
        for warm in [false, true] {
            let (first, whole) = open_preview(&server, &env, &base, &format!("p{run}{warm}"), &cache)?;
            let at = if warm { 2 } else { 0 };
            rows[at].values.push(first);
            rows[at + 1].values.push(whole);
        }
    }
    rt.block_on(running.shutdown());
    let running = rt.block_on(start_platform(&data, Some("slow=1:250ms")))?;
    let base = running.base_url().to_string();
    let mut slow = Samples::new("250 ms link, cold cache: p → first frame");
    let mut slow_whole = Samples::new("250 ms link, cold cache: p → 3x3 grid");
    for run in 0..runs {
        let cache = dir.path().join(format!("cache-slow-{run}"));
        let (first, whole) = open_preview(&server, &env, &base, &format!("s{run}"), &cache)?;
        slow.values.push(first);
        slow_whole.values.push(whole);
    }
    rows.extend([slow, slow_whole]);
    rt.block_on(running.shutdown());
    print_table(
        &format!(
            "previewtmux: {seconds} s 720p30 video, release binary in tmux 120x40, default config, {runs} runs per case, send-keys → capture-pane"
        ),
        &rows,
    );
    println!(
        "  load average: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    Ok(())
}

/// A new app over `cache`: waits for its list and detail, sends `p`, and returns the time to the
/// first frame on screen and to the whole grid.
fn open_preview(
    server: &TmuxServer,
    env: &[(&str, &Path)],
    base: &str,
    session: &str,
    cache: &Path,
) -> anyhow::Result<(Duration, Duration)> {
    let pane = Pane::open(server, env, base, session, cache, "")?;
    pane.wait_for("the list and the video's detail", |s| {
        s.contains("loaded 1 of 1") && s.contains("Indexes") && !s.contains("loading")
    })?;
    pane.send("p")?;
    let t0 = Instant::now();
    let mut first = None;
    let whole = loop {
        let screen = pane.screen()?;
        if screen.contains("no frame") || screen.contains("cannot") {
            bail!("a frame failed:\n{screen}");
        }
        let decoding = screen.matches("decoding…").count();
        if screen.contains("frame 1/9") {
            if decoding < 9 && first.is_none() {
                first = Some(t0.elapsed());
            }
            if decoding == 0 {
                break t0.elapsed();
            }
        }
        if t0.elapsed() > PATIENCE {
            bail!("no whole grid within {PATIENCE:?}:\n{screen}");
        }
        std::thread::sleep(Duration::from_micros(500));
    };
    pane.close();
    Ok((first.unwrap_or(whole), whole))
}
