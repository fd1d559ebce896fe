//! Start-up with the default config (`image = "auto"`) never waits for the terminal's graphics
//! answer. The app runs on its embedded platform in a pseudo-terminal, and this test plays the
//! terminal: it answers the graphics query only after it has seen a frame listing the sample
//! assets, so an app that waits for the answer before drawing never shows one in time. The
//! answer must still count (kitty is used), and keys work afterwards. A terminal that never
//! answers gets its frame too, and keys once the app stops waiting.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use rustix::pty::{OpenptFlags, grantpt, ioctl_tiocgptpeer, openpt, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

const BIN: &str = env!("CARGO_BIN_EXE_tl-assets");
/// Bound of every wait (a loaded machine builds and runs several suites at once).
const PATIENCE: Duration = Duration::from_secs(90);
/// The kitty part of the query, the same in every version of it.
const KITTY_QUERY: &[u8] = b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\";
/// What kitty answers: graphics OK, cells of 10x20 px, then its device attributes.
const KITTY_ANSWER: &[u8] = b"\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;22c";

/// The app on a pseudo-terminal whose other side is this test.
struct Terminal {
    master: File,
    child: Child,
    output: Receiver<Vec<u8>>,
    seen: Vec<u8>,
    root: tempfile::TempDir,
}

impl Terminal {
    /// Starts the app in a fresh HOME with no config file; `env` adds variables.
    fn start(env: &[(&str, &str)]) -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let slave = ioctl_tiocgptpeer(&master, OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("pty peer");
        let size = Winsize {
            ws_row: 40,
            ws_col: 120,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        tcsetwinsize(&slave, size).expect("window size");
        let home = root.path().join("home");
        let state = root.path().join("state");
        std::fs::create_dir_all(&home).expect("home");
        let stdio = || Stdio::from(slave.try_clone().expect("dup pty"));
        // A session of its own: the app's only terminal is this pty, not the one running tests.
        let mut cmd = Command::new("setsid");
        cmd.arg("-w")
            .arg(BIN)
            .arg("--data-dir")
            .arg(root.path().join("data"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_STATE_HOME", &state)
            .env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .stdin(stdio())
            .stdout(stdio())
            .stderr(stdio())
            .spawn()
            .expect("start the app under setsid");
        drop(slave);
        let mut reader = File::from(master.try_clone().expect("dup master"));
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // Ends with an error (EIO) once the app has exited and the pty closed.
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                if tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Self {
            master: File::from(master),
            child,
            output,
            seen: Vec::new(),
            root,
        }
    }

    /// Reads the app's output until `done` holds for all of it so far.
    fn wait_until(&mut self, what: &str, done: impl Fn(&[u8]) -> bool) {
        if !self.wait_for_at_most(PATIENCE, done) {
            panic!(
                "no {what} within {PATIENCE:?}; last output: {:?}",
                String::from_utf8_lossy(&self.seen[self.seen.len().saturating_sub(600)..])
            );
        }
    }

    /// Reads the app's output for up to `limit` until `done` holds; false if it did not.
    fn wait_for_at_most(&mut self, limit: Duration, done: impl Fn(&[u8]) -> bool) -> bool {
        let end = Instant::now() + limit;
        while !done(&self.seen) {
            let left = end.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.seen.extend_from_slice(&bytes),
                Err(_) => return false,
            }
        }
        true
    }

    /// Waits for the query and a frame listing the sample assets, answering nothing.
    fn wait_for_first_frame(&mut self) {
        self.wait_until("graphics query and frame with the sample assets", |out| {
            contains(out, KITTY_QUERY) && contains(&text_of(out), b"sample-video.mp4")
        });
    }

    fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).expect("write to the app");
        self.master.flush().expect("flush");
    }

    /// Waits until the log has a line with every one of `words`; returns that line.
    fn wait_for_log(&self, words: &[&str]) -> String {
        let end = Instant::now() + PATIENCE;
        loop {
            let log = std::fs::read_to_string(log_path(self.root.path())).unwrap_or_default();
            if let Some(line) = log.lines().find(|l| words.iter().all(|w| l.contains(w))) {
                return line.to_string();
            }
            assert!(Instant::now() < end, "no log line with {words:?}; log:\n{log}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Presses `q` and waits for a clean exit.
    fn quit(mut self) {
        self.send(b"q");
        let end = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "the app exited with {status}");
                return;
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                panic!("the app did not quit on q");
            }
            // Keep draining, so the app never blocks writing to a full pty.
            while let Ok(bytes) = self.output.try_recv() {
                self.seen.extend_from_slice(&bytes);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn log_path(root: &Path) -> PathBuf {
    root.join("state/tl-assets/tl-assets.log")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The output with escape sequences removed: the text the frames wrote.
fn text_of(out: &[u8]) -> Vec<u8> {
    let mut text = Vec::with_capacity(out.len());
    let mut i = 0;
    while i < out.len() {
        if out[i] != 0x1b {
            text.push(out[i]);
            i += 1;
            continue;
        }
        i += 1;
        match out.get(i) {
            Some(b'[') => {
                i += 1;
                while i < out.len() && !(0x40..=0x7e).contains(&out[i]) {
                    i += 1;
                }
                i += 1;
            }
            Some(b'_' | b']' | b'P') => {
                while i < out.len() && out[i] != 0x07 && !(out[i] == 0x1b && out.get(i + 1) == Some(&b'\\')) {
                    i += 1;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    text
}

#[test]
fn the_first_frame_comes_before_the_terminal_answers_and_the_answer_still_counts() {
    // A wait far beyond this test's own, so a slow machine cannot make the answer late.
    let mut term = Terminal::start(&[("TL_ASSETS_TEST_QUERY_WAIT_MS", "600000")]);
    term.wait_for_first_frame();
    term.send(KITTY_ANSWER);
    let line = term.wait_for_log(&["image protocol", "protocol=Some(Kitty)"]);
    assert!(line.contains("cell_size=Some((10, 20))"), "{line}");
    // The runtime took the kitty picker: the sample image's thumbnail arrives as kitty graphics.
    let answered_at = term.seen.len();
    term.send(b"j");
    let kitty_image = |out: &[u8]| contains(&out[answered_at..], b"\x1b_G");
    let mut drawn = false;
    for _ in 0..60 {
        drawn = term.wait_for_at_most(Duration::from_secs(1), kitty_image);
        if drawn {
            break;
        }
        // The sample may still be processing: refresh until its thumbnail is there.
        term.send(b"r");
    }
    assert!(drawn, "no kitty graphics after selecting the sample image");
    term.quit();
}

#[test]
fn a_terminal_that_never_answers_gets_its_frame_and_then_keys() {
    let mut term = Terminal::start(&[]);
    term.wait_for_first_frame();
    term.wait_for_log(&["did not answer the graphics query"]);
    let line = term.wait_for_log(&["image protocol"]);
    assert!(line.contains("protocol=Some(Halfblocks)"), "{line}");
    term.quit();
}
