//! Marking and deleting many from the terminal app against the local platform over loopback:
//! `SCALE_BULK_ASSETS` (default 1000) seeded assets loaded through the runtime, all marked with
//! `*`, one `d` confirmed, and the deletes run by the runtime (at most eight in flight) until the
//! summary shows. Every message is handled and then drawn on a 120x40 `TestBackend`, so a frame
//! here is one message's `App::update` plus one `terminal.draw` (the real loop draws at most once
//! per 16 ms, so it does less). Deletes/s is from the confirming Enter to the summary.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::{ApiKey, Client};
use tl_assets::platform::{self, PlatformConfig};
use tl_assets::tui::{App, Keymap, Msg, Runtime, view};

use super::common::{Samples, env_usize, print_table, runtime};

const KEY: &str = "bench-key";
/// A guard against a hang, not a figure.
const PATIENCE: Duration = Duration::from_secs(120);

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn run() -> anyhow::Result<()> {
    let n = env_usize("SCALE_BULK_ASSETS", 1000);
    let dir = tempfile::tempdir()?;
    platform::seed_synthetic(dir.path(), n)?;
    let rt = runtime()?;
    rt.block_on(async {
        let mut config = PlatformConfig::new(dir.path().to_path_buf(), KEY);
        config.processing_delay = Duration::ZERO;
        let running = platform::start(config).await?;
        let client = Client::new(running.base_url(), ApiKey::new(KEY))?;
        let mut app = App::new("local", false, Keymap::defaults(), jiff::Timestamp::now());
        app.size = (120, 40);
        let mut terminal = Terminal::new(TestBackend::new(120, 40))?;
        let mut rt = Runtime::new(client.clone());
        let effects = app.init();
        rt.perform_all(effects);
        // Load every page: End asks for the next one whenever the last arrived.
        while app.list.items.len() < n {
            let msg = tokio::time::timeout(PATIENCE, rt.next_msg())
                .await
                .context("loading pages")?
                .context("runtime closed")?;
            let effects = app.update(msg);
            rt.perform_all(effects);
            let effects = app.update(key(KeyCode::End));
            rt.perform_all(effects);
        }
        app.update(key(KeyCode::Home));
        app.update(Msg::Key(KeyEvent::new(KeyCode::Char('*'), KeyModifiers::SHIFT)));
        if app.marks.len() != n {
            bail!("marked {} of {n}", app.marks.len());
        }
        // The same frames with nothing running: what drawing the marks costs by itself, to
        // tell it from the time lost to the deletes' threads sharing the cores.
        let mut idle = Samples::new(format!("draw, {n} marked, nothing running"));
        for _ in 0..n {
            let t = Instant::now();
            terminal.draw(|f| view(&app, f))?;
            idle.values.push(t.elapsed());
        }
        app.update(key(KeyCode::Char('d')));
        app.update(key(KeyCode::Right));
        let mut frames = Samples::new(format!("frame while deleting ({n} marked, 120x40)"));
        let mut draws = Samples::new("  of which draw");
        let started = Instant::now();
        let effects = app.update(key(KeyCode::Enter));
        rt.perform_all(effects);
        while app.delete_run.is_some() {
            let msg = tokio::time::timeout(PATIENCE, rt.next_msg())
                .await
                .context("waiting for deletes")?
                .context("runtime closed")?;
            let t = Instant::now();
            let effects = app.update(msg);
            rt.perform_all(effects);
            let d = Instant::now();
            terminal.draw(|f| view(&app, f))?;
            draws.values.push(d.elapsed());
            frames.values.push(t.elapsed());
        }
        let secs = started.elapsed().as_secs_f64();
        // A run that fully succeeded says so on the status line; a summary means failures.
        if let Some(modal) = &app.modal {
            bail!("a dialog at the end: {modal:?}");
        }
        let said = app.notices.flash.clone().unwrap_or_default();
        if said != format!("deleted {n} of {n}") {
            bail!("the status line says {said:?}");
        }
        let left = client
            .list_assets(&Default::default())
            .await?
            .page_info
            .total_results;
        if left != 0 {
            bail!("{left} assets still on the server");
        }
        println!(
            "\nbulk: marked and deleted {n} assets in {:.0} ms: {:.0} deletes/s",
            secs * 1000.0,
            n as f64 / secs
        );
        print_table(&format!("TUI deleting {n} marked assets"), &[frames, draws, idle]);
        running.shutdown().await;
        Ok(())
    })
}
