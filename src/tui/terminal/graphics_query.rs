//! The terminal graphics query: the bytes asked, and the answer read back from the terminal.
//!
//! The kitty graphics query and the cell-size report are followed by a Primary Device Attributes
//! request (`ESC [ c`). Every terminal answers that one, and answers in order, so its reply ends
//! the answer: a terminal without kitty graphics is known in one round trip, with no timeout.
//! The attributes also say whether the terminal does sixel (attribute 4). The terminal's name
//! and version (XTVERSION) are asked too: some versions claim graphics they do not draw.

use std::io;
use std::os::fd::BorrowedFd;
use std::time::{Duration, Instant};

/// A one-pixel kitty "query" action: a kitty terminal answers `ESC _ G i=31;OK ESC \`.
const KITTY: &[u8] = b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\";
/// Cell size in pixels: `ESC [ 6 ; height ; width t`.
const CELL_SIZE: &[u8] = b"\x1b[16t";
/// The terminal's name and version: `ESC P > | name(version) ESC \`; terminals without it ignore it.
const VERSION: &[u8] = b"\x1b[>0q";
/// Primary Device Attributes: `ESC [ ? attr ; attr … c`.
const DEVICE_ATTRIBUTES: &[u8] = b"\x1b[c";
/// Unfinished bytes kept at most while waiting for the rest of a reply.
const MAX_PENDING: usize = 4096;

/// The bytes to write; `ask_kitty` false leaves the kitty query out (terminals whose kitty
/// support is known to be broken).
pub fn query(ask_kitty: bool) -> Vec<u8> {
    let mut q = Vec::new();
    if ask_kitty {
        q.extend_from_slice(KITTY);
    }
    q.extend_from_slice(CELL_SIZE);
    q.extend_from_slice(VERSION);
    q.extend_from_slice(DEVICE_ATTRIBUTES);
    q
}

/// What the terminal said before its device attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub kitty: bool,
    pub sixel: bool,
    /// `(width, height)` of one cell in pixels.
    pub cell_size: Option<(u16, u16)>,
    /// The terminal's name and version as it reported them (`kitty(0.26.5)`), printable only.
    pub version: Option<String>,
}

/// Reads replies from a byte stream that may split them anywhere. Anything that is not a reply
/// (a key typed meanwhile, an unrelated report) is skipped.
#[derive(Debug, Default)]
pub struct AnswerParser {
    pending: Vec<u8>,
    answer: Answer,
    done: bool,
}

impl AnswerParser {
    /// Takes more bytes; true once the device attributes arrived (the answer is complete).
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        if self.done {
            return true;
        }
        let mut pending = std::mem::take(&mut self.pending);
        pending.extend_from_slice(bytes);
        let mut at = 0;
        while !self.done {
            match self.next_reply(&pending[at..]) {
                Scan::Used(n) => at += n,
                Scan::Incomplete(skip) => {
                    at += skip;
                    break;
                }
            }
        }
        pending.drain(..at);
        if !self.done && pending.len() <= MAX_PENDING {
            self.pending = pending;
        }
        self.done
    }

    /// The answer so far (complete once [`feed`](Self::feed) returned true).
    pub fn answer(&self) -> &Answer {
        &self.answer
    }

    /// Consumes one reply (or skips what is none) from the front of `bytes`.
    fn next_reply(&mut self, bytes: &[u8]) -> Scan {
        let Some(esc) = bytes.iter().position(|&b| b == 0x1b) else {
            return Scan::Incomplete(bytes.len());
        };
        let seq = &bytes[esc..];
        match seq.get(1) {
            None => Scan::Incomplete(esc),
            Some(b'[') => match csi_end(&seq[2..]) {
                CsiEnd::Final(k) => {
                    self.on_csi(&seq[2..2 + k], seq[2 + k]);
                    Scan::Used(esc + 2 + k + 1)
                }
                CsiEnd::Broken(k) => Scan::Used(esc + 2 + k),
                CsiEnd::Incomplete => Scan::Incomplete(esc),
            },
            // APC, DCS, OSC, PM, SOS: strings ended by ST (`ESC \`) or, for OSC, BEL.
            Some(b'_' | b'P' | b']' | b'^' | b'X') => match string_end(&seq[2..]) {
                Some((k, len)) => {
                    match seq[1] {
                        b'_' => self.on_apc(&seq[2..2 + k]),
                        b'P' => self.on_dcs(&seq[2..2 + k]),
                        _ => {}
                    }
                    Scan::Used(esc + 2 + k + len)
                }
                None => Scan::Incomplete(esc),
            },
            // A lone ESC or Alt+key: not a reply.
            Some(_) => Scan::Used(esc + 1),
        }
    }

    fn on_csi(&mut self, params: &[u8], last: u8) {
        let text = String::from_utf8_lossy(params);
        match last {
            b'c' => {
                if let Some(attrs) = text.strip_prefix('?') {
                    self.answer.sixel |= attrs.split(';').any(|a| a == "4");
                    self.done = true;
                }
            }
            b't' => {
                let fields: Vec<u16> = text.split(';').filter_map(|f| f.parse().ok()).collect();
                if let [6, h, w] = fields[..]
                    && w > 0
                    && h > 0
                {
                    self.answer.cell_size = Some((w, h));
                }
            }
            _ => {}
        }
    }

    fn on_apc(&mut self, body: &[u8]) {
        if body.starts_with(b"Gi=31;OK") {
            self.answer.kitty = true;
        }
    }

    fn on_dcs(&mut self, body: &[u8]) {
        if let Some(version) = body.strip_prefix(b">|") {
            // Kept for a log line and a comparison: printable and short, whatever was sent.
            let text: String = String::from_utf8_lossy(version)
                .chars()
                .filter(|c| !c.is_control())
                .take(64)
                .collect();
            self.answer.version = Some(text);
        }
    }
}

enum Scan {
    /// This many bytes are done with.
    Used(usize),
    /// A reply starts after this many bytes but is not complete yet.
    Incomplete(usize),
}

enum CsiEnd {
    /// The final byte is at this index.
    Final(usize),
    /// Not a CSI sequence: skip this many bytes.
    Broken(usize),
    Incomplete,
}

/// Where the CSI sequence whose parameters start `bytes` ends.
fn csi_end(bytes: &[u8]) -> CsiEnd {
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            0x20..=0x3f => {}
            0x40..=0x7e => return CsiEnd::Final(i),
            _ => return CsiEnd::Broken(i),
        }
    }
    CsiEnd::Incomplete
}

/// `(length of the body, length of its terminator)` of a control string, if it ended.
fn string_end(bytes: &[u8]) -> Option<(usize, usize)> {
    bytes.iter().enumerate().find_map(|(i, &b)| match b {
        0x07 => Some((i, 1)),
        0x1b if bytes.get(i + 1) == Some(&b'\\') => Some((i, 2)),
        _ => None,
    })
}

/// Reads the answer from `tty` until its device attributes arrive or `deadline` passes (`None`:
/// no complete answer in time). Waits with `poll`, so nothing is read after the answer or the
/// deadline: the event reader gets every later byte. Where a terminal cannot be polled (macOS
/// polls no devices) it reads blocking, since every terminal answers the device attributes; the
/// caller lets the event reader start at the deadline all the same. Needs raw mode.
pub fn read_answer(tty: BorrowedFd<'_>, deadline: Instant) -> io::Result<Option<Answer>> {
    let mut parser = AnswerParser::default();
    let mut buf = [0u8; 1024];
    let mut pollable = true;
    loop {
        if pollable {
            match readable(tty, deadline) {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(e) => {
                    tracing::info!(error = %e, "the terminal cannot be polled; reading its answer blocking");
                    pollable = false;
                }
            }
        } else if Instant::now() >= deadline {
            return Ok(None);
        }
        match rustix::io::read(tty, &mut buf) {
            Ok(0) => return Ok(None),
            Ok(n) if parser.feed(&buf[..n]) => return Ok(Some(parser.answer().clone())),
            Ok(_) | Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

/// Waits until `tty` can be read without blocking (true) or `deadline` passes (false).
fn readable(tty: BorrowedFd<'_>, deadline: Instant) -> io::Result<bool> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(false);
        }
        let timeout = Timespec::try_from(left.max(Duration::from_millis(1))).unwrap_or(Timespec {
            tv_sec: 1,
            tv_nsec: 0,
        });
        let mut fds = [PollFd::new(&tty, PollFlags::IN)];
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) | Err(rustix::io::Errno::INTR) => continue,
            Ok(_) => {}
            Err(e) => return Err(e.into()),
        }
        let revents = fds[0].revents();
        if revents.contains(PollFlags::NVAL) {
            return Err(io::Error::other("poll does not support this terminal"));
        }
        // Readable, or hung up / failed: the read says which.
        return Ok(true);
    }
}

#[cfg(test)]
#[path = "graphics_query_tests.rs"]
mod tests;
