//! The event loop: feeds terminal events, background results and timers to `App::update`, hands
//! the effects to the [`Runtime`], and draws at a bounded frame rate.

use std::time::Duration;

use futures_util::{Stream, StreamExt};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tracing::warn;

use super::app::App;
use super::msg::Msg;
use super::runtime::Runtime;
use super::terminal::graphics_pick;
use super::view::view;

/// At most one frame per this long, however many messages arrive.
const FRAME: Duration = Duration::from_millis(10);
/// Tick period while something animates.
const TICK: Duration = Duration::from_millis(100);
/// How often relative times are redrawn while nothing else happens.
const MINUTE: Duration = Duration::from_secs(60);

/// The auto-refresh timer's next tick; never, when auto-refresh is off.
async fn next_refresh(timer: &mut Option<tokio::time::Interval>) {
    match timer {
        Some(timer) => {
            timer.tick().await;
        }
        None => std::future::pending().await,
    }
}

/// The event loop: feeds `events` and background results to `app`, runs the effects, and draws
/// at most once per frame when something changed. Ticks only while the app animates. Returns
/// the final state when the app quits or `events` ends.
pub async fn run_with<B, S>(
    mut app: App,
    mut runtime: Runtime,
    events: S,
    terminal: &mut Terminal<B>,
    clock: fn() -> Timestamp,
) -> anyhow::Result<App>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = Msg> + Unpin,
{
    start(&mut app, &mut runtime, clock);
    run_started(app, runtime, events, terminal, clock).await
}

/// Starts what the app asks for first (page 1, the resumable uploads). The terminal app calls it
/// before it sets up the terminal, so the connection (a TLS handshake far away) and the first
/// page are on their way while raw mode, the graphics query and the first frame are done.
pub fn start(app: &mut App, runtime: &mut Runtime, clock: fn() -> Timestamp) {
    app.now = clock();
    let effects = app.init();
    runtime.perform_all(effects);
}

/// [`run_with`] for an app already [`start`]ed.
pub async fn run_started<B, S>(
    mut app: App,
    mut runtime: Runtime,
    mut events: S,
    terminal: &mut Terminal<B>,
    clock: fn() -> Timestamp,
) -> anyhow::Result<App>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = Msg> + Unpin,
{
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    app.now = clock();
    terminal.draw(|f| view(&app, f))?;
    // Tokio's clock, so tests on paused time see the frames paced as they would be.
    let mut last_draw = tokio::time::Instant::now();
    let mut dirty = false;
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut minute = tokio::time::interval_at(tokio::time::Instant::now() + MINUTE, MINUTE);
    minute.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut refresh = app.auto_refresh.every.map(|every| {
        let mut timer = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        timer
    });
    let handle = |app: &mut App, runtime: &mut Runtime, msg: Msg| {
        let effects = app.update(msg);
        runtime.perform_all(effects);
    };
    let mut pending_graphics = runtime.take_pending_graphics();
    loop {
        let wait = FRAME.saturating_sub(last_draw.elapsed());
        tokio::select! {
            ev = events.next() => match ev {
                Some(msg) => handle(&mut app, &mut runtime, msg),
                None => break,
            },
            Some(msg) = runtime.next_msg() => handle(&mut app, &mut runtime, msg),
            _ = ticker.tick(), if app.wants_tick() => handle(&mut app, &mut runtime, Msg::Tick(clock())),
            _ = minute.tick() => handle(&mut app, &mut runtime, Msg::Minute(clock())),
            () = next_refresh(&mut refresh) => handle(&mut app, &mut runtime, Msg::RefreshTick(clock())),
            pick = graphics_pick::arrival(&mut pending_graphics) => {
                pending_graphics = None;
                runtime.set_thumb_graphics(pick.picker);
                let (image, cell_size) = (pick.protocol, pick.cell_size);
                handle(&mut app, &mut runtime, Msg::GraphicsKnown { image, cell_size });
            }
            _ = tokio::time::sleep(wait), if dirty => {}
        }
        dirty = true;
        while let Some(msg) = runtime.try_next_msg() {
            handle(&mut app, &mut runtime, msg);
        }
        if app.should_quit {
            break;
        }
        if last_draw.elapsed() >= FRAME {
            app.now = clock();
            if let Err(e) = terminal.draw(|f| view(&app, f)) {
                warn!(error = %e, "drawing failed; leaving");
                return Err(e.into());
            }
            last_draw = tokio::time::Instant::now();
            dirty = false;
            if runtime.first_frame_probe.as_ref().is_some_and(|p| p.fired(&app)) {
                break;
            }
        }
    }
    Ok(app)
}
