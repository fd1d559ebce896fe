//! The real terminal: raw mode, alternate screen, mouse and paste on entry; all of it undone on
//! quit, on an error return (Drop guard), on a panic (hook), and on SIGTERM/SIGHUP (turned into a
//! quit message, after which the guard restores). Restoring twice is harmless.

use std::io::{self, Stdout, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, EventStream,
    KeyEventKind,
};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};
use futures_util::{Stream, StreamExt, stream};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::signal::unix::{SignalKind, signal};
use tracing::{info, warn};

use crate::tui::msg::Msg;

/// True while the terminal is in the app's mode, so restore runs once.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

pub type Tty = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped.
pub struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Enters the app's terminal mode. Keep the guard alive for as long as the app runs.
pub fn init() -> io::Result<(Tty, TerminalGuard)> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = TerminalGuard;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((terminal, guard))
}

/// Leaves the app's terminal mode; errors are ignored since the terminal may already be gone
/// (a dropped SSH session).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal before the default panic report, so the report is readable.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Terminal input and quit signals as one stream of messages. Input is read only once
/// `stdin_free` completes (the graphics answer is being read until then); signals at once.
pub fn events(
    stdin_free: impl Future<Output = ()> + Send + 'static,
) -> io::Result<impl Stream<Item = Msg> + Unpin> {
    let input = stream::once(stdin_free).flat_map(|()| input());
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    let signals = stream::poll_fn(move |cx| {
        if term.poll_recv(cx).is_ready() {
            info!("SIGTERM: quitting");
            return std::task::Poll::Ready(Some(Msg::Quit));
        }
        if hup.poll_recv(cx).is_ready() {
            info!("SIGHUP: quitting");
            return std::task::Poll::Ready(Some(Msg::Quit));
        }
        std::task::Poll::Pending
    });
    Ok(Box::pin(stream::select(input, signals)))
}

/// Key, mouse, resize and paste events from the terminal.
fn input() -> impl Stream<Item = Msg> {
    EventStream::new().filter_map(|ev| async move {
        match ev {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
            Ok(Event::Mouse(m)) => Some(Msg::Mouse(m)),
            Ok(Event::Resize(w, h)) => Some(Msg::Resize(w, h)),
            Ok(Event::Paste(text)) => Some(Msg::Paste(text)),
            Ok(_) => None,
            Err(e) => {
                // Input is gone (the terminal closed): leave cleanly.
                warn!(error = %e, "terminal input failed");
                Some(Msg::Quit)
            }
        }
    })
}
