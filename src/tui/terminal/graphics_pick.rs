//! Finding out how the terminal draws pixels and how large a cell is, without holding up the
//! first frame. The query ([`super::graphics_query`]) is written before the first frame and its
//! answer read on a thread while the app already draws; the event reader starts once that
//! thread is done with stdin, and thumbnails start once the protocol is known.
//!
//! Inside tmux nothing is asked through the pane: tmux answers device attributes itself, and a
//! query passed through to the outer terminal may never come back, or come back late and be read
//! as keys. tmux is asked instead which terminal its client is. No answer, or any error, means
//! halfblocks, which always work.

use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use ratatui_image::FontSize;
use ratatui_image::picker::{Picker, ProtocolType};
use tokio::sync::oneshot;

use super::graphics_query::{self, Answer};
use super::kitty_version;
use super::tmux_client;
use crate::terminal_env::{ImageMode, ImageProtocol, choose_image, should_query_terminal};

/// How long a terminal that answers nothing is waited for. Every terminal answers the device
/// attributes at once, so this only matters where nothing answers (some test harnesses, serial
/// lines); the first frame never waits for it, only key input does.
const UNANSWERED_AFTER: Duration = Duration::from_secs(2);
/// End-to-end tests only (the `test-hooks` feature): another wait, in milliseconds, so a test that
/// answers late on a loaded machine is still within it.
#[cfg(feature = "test-hooks")]
const WAIT_VAR: &str = "TL_ASSETS_TEST_QUERY_WAIT_MS";
/// The cell size assumed when nothing tells it (halfblocks only need the ratio).
const GUESSED_CELL: (u16, u16) = (10, 20);

/// What was chosen for drawing pixels: the image library's `Picker` to encode thumbnails with
/// (`None`: thumbnails off), the chosen protocol, and the cell size in pixels when the terminal
/// told it.
#[derive(Debug)]
pub struct GraphicsPick {
    pub picker: Option<Picker>,
    pub protocol: Option<ImageProtocol>,
    pub cell_size: Option<(u16, u16)>,
}

impl GraphicsPick {
    fn off() -> Self {
        Self {
            picker: None,
            protocol: None,
            cell_size: None,
        }
    }
}

/// A detection under way.
pub struct Detecting {
    /// Fires when the reading thread is done with stdin.
    read: oneshot::Receiver<()>,
    /// When the event reader starts regardless.
    until: Instant,
    pick: oneshot::Receiver<GraphicsPick>,
}

impl Detecting {
    /// The moment the event reader may start (the answer was read, or its time is up: where
    /// the terminal cannot be polled the reading thread may still be blocked then), and the
    /// graphics pick to come.
    pub fn split(
        self,
    ) -> (
        impl Future<Output = ()> + Send + 'static,
        oneshot::Receiver<GraphicsPick>,
    ) {
        let (read, until) = (self.read, tokio::time::Instant::from_std(self.until));
        let free = async move {
            let _ = tokio::time::timeout_at(until, read).await;
        };
        (free, self.pick)
    }
}

/// What was asked, before the answer is read.
enum Asked {
    /// Inside tmux: nothing written; tmux is asked about its client afterwards.
    Tmux,
    /// The query went to the terminal.
    Terminal,
    /// Stdin is not a terminal, or writing failed: nothing to wait for.
    Nothing,
}

/// What came back.
enum Heard {
    /// The outer terminal tmux names, if it draws a protocol.
    Tmux(Option<ImageProtocol>),
    /// The terminal's answer; `None`: none in time.
    Terminal(Option<Answer>),
    Nothing,
}

fn inside_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// WezTerm and Konsole claim kitty graphics (and Konsole sixel) but draw them wrongly.
fn graphics_claims_broken() -> bool {
    ["WEZTERM_EXECUTABLE", "KONSOLE_VERSION"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Writes the query (call before drawing, so it cannot land inside a frame).
fn ask() -> Asked {
    if inside_tmux() {
        return Asked::Tmux;
    }
    if !std::io::stdin().is_terminal() {
        return Asked::Nothing;
    }
    let kitty = !graphics_claims_broken();
    let mut out = std::io::stdout();
    match out
        .write_all(&graphics_query::query(kitty))
        .and_then(|()| out.flush())
    {
        Ok(()) => Asked::Terminal,
        Err(e) => {
            tracing::info!(error = %e, "cannot write the graphics query");
            Asked::Nothing
        }
    }
}

#[cfg(not(feature = "test-hooks"))]
fn wait_limit() -> Duration {
    UNANSWERED_AFTER
}

#[cfg(feature = "test-hooks")]
fn wait_limit() -> Duration {
    std::env::var(WAIT_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(UNANSWERED_AFTER, Duration::from_millis)
}

/// Reads the answer to what was asked (blocking, at most until `deadline`).
fn listen(asked: &Asked, deadline: Instant) -> Heard {
    match asked {
        Asked::Tmux => Heard::Tmux(None),
        Asked::Nothing => Heard::Nothing,
        Asked::Terminal => {
            let stdin = std::io::stdin();
            match graphics_query::read_answer(stdin.as_fd(), deadline) {
                Ok(Some(answer)) => Heard::Terminal(Some(answer)),
                Ok(None) => {
                    tracing::info!("terminal did not answer the graphics query; using halfblocks");
                    Heard::Terminal(None)
                }
                Err(e) => {
                    tracing::info!(error = %e, "reading the graphics answer failed; using halfblocks");
                    Heard::Terminal(None)
                }
            }
        }
    }
}

/// The cell size the kernel knows for the terminal (0 where the terminal never said).
fn window_cell_size() -> Option<(u16, u16)> {
    let ws = rustix::termios::tcgetwinsize(std::io::stdout()).ok()?;
    if ws.ws_col == 0 || ws.ws_row == 0 || ws.ws_xpixel == 0 || ws.ws_ypixel == 0 {
        return None;
    }
    Some((ws.ws_xpixel / ws.ws_col, ws.ws_ypixel / ws.ws_row))
}

fn from_type(t: ProtocolType) -> ImageProtocol {
    match t {
        ProtocolType::Halfblocks => ImageProtocol::Halfblocks,
        ProtocolType::Sixel => ImageProtocol::Sixel,
        ProtocolType::Kitty => ImageProtocol::Kitty,
        ProtocolType::Iterm2 => ImageProtocol::Iterm2,
    }
}

fn to_type(p: ImageProtocol) -> ProtocolType {
    match p {
        ImageProtocol::Halfblocks => ProtocolType::Halfblocks,
        ImageProtocol::Sixel => ProtocolType::Sixel,
        ImageProtocol::Kitty => ProtocolType::Kitty,
        ImageProtocol::Iterm2 => ProtocolType::Iterm2,
    }
}

/// The protocol the answer shows, before the `image` setting: kitty over sixel; otherwise what
/// the environment hints (`env_guess`, e.g. iTerm2 from `TERM_PROGRAM`). A kitty too old to
/// draw what the image library sends it counts as no kitty.
fn answered_protocol(heard: &Heard, env_guess: ImageProtocol, broken_claims: bool) -> ImageProtocol {
    match heard {
        Heard::Tmux(Some(p)) => *p,
        Heard::Terminal(Some(a))
            if a.kitty
                && !broken_claims
                && a.version.as_deref().is_none_or(kitty_version::draws_placeholders) =>
        {
            ImageProtocol::Kitty
        }
        Heard::Terminal(Some(a)) if a.sixel && !broken_claims => ImageProtocol::Sixel,
        _ => env_guess,
    }
}

/// Builds the graphics pick from what was heard and applies the `image` setting.
fn decide(mode: ImageMode, heard: Heard) -> GraphicsPick {
    let heard = match heard {
        Heard::Tmux(None) if mode == ImageMode::Auto => Heard::Tmux(tmux_client::protocol()),
        other => other,
    };
    let (answered_cell, version) = match &heard {
        Heard::Terminal(Some(a)) => (a.cell_size, a.version.clone()),
        _ => (None, None),
    };
    let cell_size = answered_cell.or_else(window_cell_size);
    let (w, h) = cell_size.unwrap_or(GUESSED_CELL);
    // The one constructor that takes a known cell size; inside tmux it also turns passthrough on.
    #[allow(deprecated)]
    let mut picker = Picker::from_fontsize(FontSize::new(w, h));
    let env_guess = from_type(picker.protocol_type());
    let mut queried = answered_protocol(&heard, env_guess, graphics_claims_broken());
    if cell_size.is_none() {
        // Pixels cannot be placed without the cell size.
        queried = ImageProtocol::Halfblocks;
    }
    let protocol = choose_image(mode, Some(queried));
    if let Some(p) = protocol {
        picker.set_protocol_type(to_type(p));
    }
    tracing::info!(
        ?queried,
        ?protocol,
        ?cell_size,
        ?version,
        tmux = picker.tmux_detected(),
        "image protocol"
    );
    GraphicsPick {
        picker: protocol.map(|_| picker),
        protocol,
        cell_size,
    }
}

/// Starts finding out (`None`: images are off, nothing is asked). The query is written now;
/// the answer is read on a thread.
pub fn start(mode: ImageMode) -> Option<Detecting> {
    if !should_query_terminal(mode) {
        return None;
    }
    let asked = ask();
    let deadline = Instant::now() + wait_limit();
    let (free_tx, read) = oneshot::channel();
    let (pick_tx, pick) = oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("graphics-query".into())
        .spawn(move || {
            let heard = listen(&asked, deadline);
            let _ = free_tx.send(());
            let _ = pick_tx.send(decide(mode, heard));
        });
    match spawned {
        Ok(_) => Some(Detecting {
            read,
            // A little after the reader's own limit, which it keeps where it can poll.
            until: deadline + Duration::from_millis(100),
            pick,
        }),
        Err(e) => {
            tracing::warn!(error = %e, "cannot start the graphics query thread; thumbnails off");
            None
        }
    }
}

/// The graphics pick once it arrives (thumbnails off if its thread ended without one); never, when
/// none is due.
pub async fn arrival(pending: &mut Option<oneshot::Receiver<GraphicsPick>>) -> GraphicsPick {
    match pending {
        Some(rx) => rx.await.unwrap_or_else(|_| GraphicsPick::off()),
        None => std::future::pending().await,
    }
}

/// Asks and waits for the answer (for `doctor`, outside the app). Raw mode is on while the
/// answer is read, so it is neither echoed nor held back for a line.
pub fn pick(mode: ImageMode) -> GraphicsPick {
    if !should_query_terminal(mode) {
        return GraphicsPick::off();
    }
    let was_raw = crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
    if !was_raw && crossterm::terminal::enable_raw_mode().is_err() {
        return decide(mode, Heard::Nothing);
    }
    let asked = ask();
    let heard = listen(&asked, Instant::now() + wait_limit());
    if !was_raw {
        let _ = crossterm::terminal::disable_raw_mode();
    }
    decide(mode, heard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_become_protocols() {
        let kitty = Answer {
            kitty: true,
            sixel: true,
            cell_size: Some((9, 18)),
            version: Some("kitty(0.35.2)".into()),
        };
        // Says yes to the kitty query, then draws its placeholders as empty boxes.
        let old_kitty = Answer {
            kitty: true,
            cell_size: Some((9, 18)),
            version: Some("kitty(0.26.5)".into()),
            ..Answer::default()
        };
        let sixel = Answer {
            sixel: true,
            ..Answer::default()
        };
        let none = ImageProtocol::Halfblocks;
        let heard = |a: &Answer| Heard::Terminal(Some(a.clone()));
        assert_eq!(
            answered_protocol(&heard(&kitty), none, false),
            ImageProtocol::Kitty
        );
        assert_eq!(answered_protocol(&heard(&old_kitty), none, false), none);
        assert_eq!(
            answered_protocol(&heard(&sixel), none, false),
            ImageProtocol::Sixel
        );
        assert_eq!(
            answered_protocol(&heard(&kitty), ImageProtocol::Iterm2, true),
            ImageProtocol::Iterm2
        );
        assert_eq!(answered_protocol(&heard(&Answer::default()), none, false), none);
        assert_eq!(
            answered_protocol(&Heard::Terminal(None), ImageProtocol::Iterm2, false),
            ImageProtocol::Iterm2
        );
        assert_eq!(
            answered_protocol(&Heard::Tmux(Some(ImageProtocol::Kitty)), none, false),
            ImageProtocol::Kitty
        );
        assert_eq!(answered_protocol(&Heard::Tmux(None), none, false), none);
        assert_eq!(answered_protocol(&Heard::Nothing, none, false), none);
    }
}
