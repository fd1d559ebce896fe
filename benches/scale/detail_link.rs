//! Key to detail over a slow link, with and without read-ahead: a local platform in this process
//! holding `SCALE_DETAIL_ASSETS` (default 300) seeded assets, every answer 250 ms late
//! (`slow=1:250ms`, rate limit off), and the release binary in tmux at 120x40 with a fresh HOME
//! a fresh cache dir (no saved listing) and the default config (read-ahead 5 rows), then the same with a config file saying only
//! `read_ahead = 0`. Each case starts the app afresh and waits for its first page and detail.
//!
//! The figure is from `send-keys` returning to the pane showing the detail of the row the
//! cursor landed on: the selected row changed and the detail pane shows no `loading…` (its
//! Indexes and Entities sections) and no `loading thumbnail…`. The user reads each detail: the
//! next key goes when the detail shows, but no sooner than the pace allows. A detail not shown
//! within 2 s counts as 2 s. Cases: `j` through `SCALE_DETAIL_ROWS` rows (default 200) at
//! 4 keys/s; bursts of `SCALE_DETAIL_BURST` (default 5) `j` at 30 keys/s (measured from each
//! burst's last key) then 1 s to read, through as many rows; `j` at 1 key/s through 40 rows.
//! `SCALE_DETAIL_PACES` (e.g. `burst`) keeps only the paces whose name contains it.

use std::time::{Duration, Instant};

use tl_assets::platform::{self, FaultSpec, PlatformConfig};

use super::common::{Samples, env_usize, runtime};
use super::keys_link::{KEY, Pane};
use super::startup::{TmuxServer, tmux_installed};

const LOST: Duration = Duration::from_secs(2);

/// One way of moving: keys per step, the gap between them, the least time a step takes.
struct Pace {
    name: &'static str,
    keys: usize,
    gap: Duration,
    step: Duration,
    rows: usize,
}

pub fn run() -> anyhow::Result<()> {
    if !tmux_installed() {
        println!("\ndetail: tmux is not installed: nothing measured (this part runs only where users do)");
        return Ok(());
    }
    let n = env_usize("SCALE_DETAIL_ASSETS", 300);
    let rows = env_usize("SCALE_DETAIL_ROWS", 200).min(n.saturating_sub(1));
    let burst = env_usize("SCALE_DETAIL_BURST", 5).max(1);
    let only = std::env::var("SCALE_DETAIL_PACES").unwrap_or_default();
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("platform");
    platform::seed_synthetic(&data, n)?;
    let rt = runtime()?;
    let mut config = PlatformConfig::new(data.clone(), KEY);
    config.processing_delay = Duration::ZERO;
    config.rate_limit = None;
    config.faults = Some("slow=1:250ms".parse::<FaultSpec>()?);
    let running = rt.block_on(platform::start(config))?;
    let base = running.base_url().to_string();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home)?;
    let off = dir.path().join("read-ahead-off.toml");
    std::fs::write(&off, "read_ahead = 0\n")?;
    let env = [("HOME", home.as_path())];
    let server = TmuxServer::start(&env)?;
    let paces = [
        Pace {
            name: "j at 4 keys/s",
            keys: 1,
            gap: Duration::ZERO,
            step: Duration::from_millis(250),
            rows,
        },
        Pace {
            name: "bursts of j at 30 keys/s, 1 s to read",
            keys: burst,
            gap: Duration::from_millis(33),
            step: Duration::from_secs(1),
            rows,
        },
        Pace {
            name: "j at 1 key/s",
            keys: 1,
            gap: Duration::ZERO,
            step: Duration::from_secs(1),
            rows: rows.min(40),
        },
    ];
    let mut table = Vec::new();
    for pace in paces.iter().filter(|p| p.name.contains(only.as_str())) {
        for (label, extra) in [
            ("read_ahead = 5 (default)", String::new()),
            ("read_ahead = 0", format!("--config '{}'", off.display())),
        ] {
            let session = format!("detail{}", table.len());
            let cache = dir.path().join(format!("cache-{session}"));
            let pane = Pane::open(&server, &env, &base, &session, &cache, &extra)?;
            let samples = walk(&pane, pace, format!("{}, {label}", pace.name))?;
            pane.close();
            table.push(samples);
        }
    }
    rt.block_on(running.shutdown());
    println!(
        "\ndetail over a slow link (every answer 250 ms late), {n} assets, tmux 120x40, default config but read_ahead; bursts of {burst}"
    );
    println!("Key to detail (send-keys → pane shows the landed row's detail), ms");
    let width = table.iter().map(|c| c.name.len()).max().unwrap_or(4);
    println!(
        "  {:width$}  {:>5}  {:>7}  {:>7}  {:>7}  {:>5}",
        "case", "n", "p50", "p90", "max", "lost"
    );
    for c in &table {
        let lost = c.values.iter().filter(|d| **d >= LOST).count();
        println!(
            "  {:width$}  {:>5}  {:>7.0}  {:>7.0}  {:>7.0}  {lost:>5}",
            c.name,
            c.values.len(),
            c.quantile_ms(0.5),
            c.quantile_ms(0.9),
            c.quantile_ms(1.0)
        );
    }
    Ok(())
}

/// Moves through `pace.rows` rows as `pace` says; one sample a step.
fn walk(pane: &Pane<'_>, pace: &Pace, name: String) -> anyhow::Result<Samples> {
    pane.wait_for("the first page's detail", |s| {
        s.contains("loaded 50 of") && detail_shown(s)
    })?;
    let mut samples = Samples::new(name);
    let mut moved = 0;
    while moved + pace.keys <= pace.rows {
        let slot = Instant::now() + pace.step;
        let before = selected(&pane.screen()?);
        for i in 0..pace.keys {
            if i > 0 {
                std::thread::sleep(pace.gap);
            }
            pane.send("j")?;
        }
        let t0 = Instant::now();
        let took = loop {
            let screen = pane.screen()?;
            if selected(&screen) != before && detail_shown(&screen) {
                break t0.elapsed();
            }
            if t0.elapsed() >= LOST {
                break LOST;
            }
            std::thread::sleep(Duration::from_micros(500));
        };
        samples.values.push(took);
        moved += pace.keys;
        std::thread::sleep(slot.saturating_duration_since(Instant::now()));
    }
    Ok(samples)
}

/// The list's selected row, up to the pane's border.
fn selected(screen: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.strip_prefix("│›"))
        .map(|rest| rest.split('│').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// The detail pane shows its sections and nothing it still loads.
fn detail_shown(screen: &str) -> bool {
    screen.contains("Indexes") && !screen.contains("loading…") && !screen.contains("loading thumbnail…")
}
