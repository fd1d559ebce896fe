//! Sorting a library over a slow link: `SCALE_SORT_ASSETS` (default 10000) seeded assets on a
//! local platform whose every answer comes 250 ms late (`--faults slow=1:250ms`), the terminal
//! app driven by its runtime over loopback. After page 1, one `s` sorts by name, which loads
//! the rest in the background; the time is from that key until every asset is in and in name
//! order. Meanwhile a `j`/`k` is pressed every 20 ms to show the keys are answered: each key's
//! `App::update` time, and the longest any message held the UI task, are printed.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tl_assets::api::{ApiKey, Client};
use tl_assets::platform::{self, FaultSpec, PlatformConfig};
use tl_assets::tui::{App, Keymap, Msg, Runtime};

use super::common::{Samples, env_usize, print_table, runtime};

const KEY: &str = "bench-key";
/// A guard against a hang, not a figure.
const PATIENCE: Duration = Duration::from_secs(300);
const KEY_EVERY: Duration = Duration::from_millis(20);

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn run() -> anyhow::Result<()> {
    let n = env_usize("SCALE_SORT_ASSETS", 10_000);
    let dir = tempfile::tempdir()?;
    platform::seed_synthetic(dir.path(), n)?;
    let rt = runtime()?;
    rt.block_on(async {
        let mut config = PlatformConfig::new(dir.path().to_path_buf(), KEY);
        config.processing_delay = Duration::ZERO;
        config.faults = Some("slow=1:250ms".parse::<FaultSpec>()?);
        let running = platform::start(config).await?;
        let client = Client::new(running.base_url(), ApiKey::new(KEY))?;
        let mut app = App::new("local", false, Keymap::defaults(), jiff::Timestamp::now());
        app.size = (120, 40);
        app.auto_refresh.every = None;
        let mut rt = Runtime::new(client);
        let effects = app.init();
        rt.perform_all(effects);
        while app.list.pages_loaded == 0 || app.list.pending.is_some() {
            let msg = tokio::time::timeout(PATIENCE, rt.next_msg())
                .await
                .context("loading page 1")?
                .context("runtime closed")?;
            let effects = app.update(msg);
            rt.perform_all(effects);
        }
        let started = Instant::now();
        let effects = app.update(key('s'));
        rt.perform_all(effects);
        let mut keys = Samples::new("update (j/k while loading)");
        let mut longest = Duration::ZERO;
        let mut ticker = tokio::time::interval(KEY_EVERY);
        let mut down = true;
        while app.to_end.is_some() {
            let msg = tokio::select! {
                msg = rt.next_msg() => msg.context("runtime closed")?,
                _ = ticker.tick() => {
                    down = !down;
                    key(if down { 'j' } else { 'k' })
                }
                () = tokio::time::sleep(PATIENCE) => bail!("the sort's pages did not come"),
            };
            let is_key = matches!(msg, Msg::Key(_));
            let t = Instant::now();
            let effects = app.update(msg);
            let took = t.elapsed();
            rt.perform_all(effects);
            longest = longest.max(took);
            if is_key {
                keys.values.push(took);
            }
        }
        let secs = started.elapsed().as_secs_f64();
        if app.list.items.len() != n {
            bail!("loaded {} of {n}", app.list.items.len());
        }
        let names: Vec<String> = app
            .list
            .visible
            .iter()
            .map(|&i| app.list.items[i].filename.clone().unwrap_or_default().to_lowercase())
            .collect();
        if !names.windows(2).all(|w| w[0] <= w[1]) {
            bail!("not in name order");
        }
        println!(
            "\nsort over a slow link (every answer 250 ms late): {n} assets in name order {secs:.1} s after `s`"
        );
        println!(
            "  {} keys answered meanwhile; the longest App::update of any message: {:.2} ms",
            keys.values.len(),
            longest.as_secs_f64() * 1000.0
        );
        print_table(&format!("TUI sorting {n} assets over a slow link"), &[keys]);
        running.shutdown().await;
        Ok(())
    })
}
