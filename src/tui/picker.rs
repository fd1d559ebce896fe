//! Asking the terminal which graphics protocol it speaks and how large a cell is, once, after
//! entering the alternate screen and before the event stream reads input. The query has its own
//! time limit; no answer, or any error, means halfblocks, which always work.

use ratatui_image::picker::{Picker, ProtocolType};

use crate::terminal_env::{ImageMode, ImageProtocol, choose_image, should_query_terminal};

/// The picker to encode thumbnails with (`None`: thumbnails off), the chosen protocol, and the
/// cell size in pixels when the terminal told it.
pub struct Picked {
    pub picker: Option<Picker>,
    pub protocol: Option<ImageProtocol>,
    pub cell_size: Option<(u16, u16)>,
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

/// The graphics query gives up after 2 s without an answer; this long means it did.
const UNANSWERED_AFTER: std::time::Duration = std::time::Duration::from_millis(1500);

/// When the terminal never answers (a detached tmux session forwards the query to no one), the
/// query's reader thread stays blocked on stdin and would swallow the user's first key. A device
/// status report that the terminal answers itself (tmux does, unwrapped) lets that thread read
/// its answer and end; anything that reaches the event reader instead is discarded here, before
/// the event stream starts.
fn unblock_stale_reader() {
    use std::io::Write;
    let mut out = std::io::stdout();
    if out.write_all(b"\x1b[5n").and_then(|()| out.flush()).is_err() {
        return;
    }
    std::thread::sleep(std::time::Duration::from_millis(60));
    while crossterm::event::poll(std::time::Duration::from_millis(20)).unwrap_or(false) {
        let _ = crossterm::event::read();
    }
    tracing::info!("terminal did not answer the graphics query; unblocked its reader");
}

/// Queries the terminal (unless images are off) and applies the `image` setting.
pub fn pick(mode: ImageMode) -> Picked {
    if !should_query_terminal(mode) {
        return Picked {
            picker: None,
            protocol: None,
            cell_size: None,
        };
    }
    let asked = std::time::Instant::now();
    let answer = Picker::from_query_stdio();
    if asked.elapsed() >= UNANSWERED_AFTER {
        unblock_stale_reader();
    }
    let (mut picker, queried) = match answer {
        Ok(p) => {
            let t = from_type(p.protocol_type());
            (p, Some(t))
        }
        Err(e) => {
            tracing::info!(error = %e, "terminal graphics query failed; using halfblocks");
            (Picker::halfblocks(), None)
        }
    };
    let cell_size = queried.map(|_| {
        let f = picker.font_size();
        (f.width, f.height)
    });
    let protocol = choose_image(mode, queried);
    if let Some(p) = protocol {
        picker.set_protocol_type(to_type(p));
    }
    tracing::info!(
        ?queried,
        ?protocol,
        tmux = picker.tmux_detected(),
        "image protocol"
    );
    Picked {
        picker: protocol.map(|_| picker),
        protocol,
        cell_size,
    }
}
