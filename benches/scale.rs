//! Scale and start-up benchmarks of tl-assets: they print figures, they assert nothing about time.
//!
//! `cargo bench --bench scale` runs every part, each in a fresh child process (so the memory
//! figures of one part are not inflated by another); `cargo bench --bench scale -- list tui`
//! runs only the named parts. Parts: `startup`, `list`, `tui`, `filter`, `ingest`, `bulk`,
//! `sort` (over a slow link), `keys` (key to screen in tmux over a slow link), `attack` (the
//! platform under slow clients, heavy lists, bursts and SIGKILL), `pdf` (a 300-page PDF probed
//! and its first page rendered on the platform), `slowlink` (first frame over a slow link with
//! and without the listing saved at the last close), `preview` (the storyboard of a 10-minute
//! 720p video: first frame and whole grid, cold and warm cache, keys and CPU while decoding, the
//! app in process), `previewtmux` (the same storyboard from the release binary in tmux),
//! `hlslink` (a 5-minute 720p HLS VOD link taken in, beside the same video uploaded directly),
//! `detail` (key to the landed row's detail in tmux over a slow link, with and without read-ahead).
//! Sizes can be lowered for a quick look: `SCALE_ASSETS` (default 100000), `SCALE_ITERS`
//! (requests per list case, default 200), `SCALE_STARTUP_RUNS` (default 15).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

#[path = "scale/attack.rs"]
mod attack;
#[path = "scale/attack_child.rs"]
mod attack_child;
#[path = "scale/bulk.rs"]
mod bulk;
#[path = "scale/common.rs"]
mod common;
#[path = "scale/detail_link.rs"]
mod detail_link;
#[path = "scale/filter.rs"]
mod filter;
#[path = "scale/hls_link.rs"]
mod hls_link;
#[path = "../tests/support/hls_server.rs"]
mod hls_server;
#[path = "scale/ingest.rs"]
mod ingest;
#[path = "scale/keys_link.rs"]
mod keys_link;
#[path = "scale/list.rs"]
mod list;
#[path = "scale/pdf.rs"]
mod pdf;
#[path = "../tests/support/pdf_gen.rs"]
mod pdf_gen;
#[path = "scale/preview.rs"]
mod preview;
#[path = "scale/preview_tmux.rs"]
mod preview_tmux;
#[path = "scale/slow_start.rs"]
mod slow_start;
#[path = "scale/sort_link.rs"]
mod sort_link;
#[path = "scale/startup.rs"]
mod startup;
#[path = "scale/tls_link.rs"]
mod tls_link;
#[path = "scale/tui.rs"]
mod tui;

use std::process::{Command, ExitCode};

const PARTS: [&str; 15] = [
    "startup",
    "list",
    "tui",
    "filter",
    "ingest",
    "bulk",
    "sort",
    "keys",
    "attack",
    "pdf",
    "slowlink",
    "hlslink",
    "preview",
    "previewtmux",
    "detail",
];

fn main() -> ExitCode {
    // The `attack` part's platform child: this binary again, serving until killed.
    if let Some(code) = attack_child::serve_if_child() {
        return code;
    }
    // `cargo bench` passes `--bench`. Without it this binary was started as a test (`cargo test
    // --all-targets`, or a test runner listing tests): a benchmark is not a test, so do nothing.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("scale: a benchmark; run it with `cargo bench --bench scale`");
        return ExitCode::SUCCESS;
    }
    // Flags are not part names.
    let asked: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    if let Some(bad) = asked.iter().find(|a| !PARTS.contains(&a.as_str())) {
        eprintln!("unknown part {bad:?}; parts: {}", PARTS.join(", "));
        return ExitCode::from(2);
    }
    common::print_machine();
    if asked.len() == 1 {
        return match run_part(&asked[0]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{} failed: {e:#}", asked[0]);
                ExitCode::FAILURE
            }
        };
    }
    let parts: Vec<&str> = if asked.is_empty() {
        PARTS.to_vec()
    } else {
        asked.iter().map(String::as_str).collect()
    };
    let Ok(me) = std::env::current_exe() else {
        eprintln!("cannot find this bench's own executable");
        return ExitCode::FAILURE;
    };
    let mut code = ExitCode::SUCCESS;
    for part in parts {
        match Command::new(&me)
            .arg("--bench")
            .arg(part)
            .env("SCALE_CHILD", "1")
            .status()
        {
            Ok(s) if s.success() => {}
            _ => code = ExitCode::FAILURE,
        }
    }
    code
}

fn run_part(part: &str) -> anyhow::Result<()> {
    match part {
        "startup" => startup::run(),
        "list" => list::run(),
        "tui" => tui::run(),
        "filter" => filter::run(),
        "ingest" => ingest::run(),
        "bulk" => bulk::run(),
        "sort" => sort_link::run(),
        "keys" => keys_link::run(),
        "attack" => attack::run(),
        "pdf" => pdf::run(),
        "slowlink" => slow_start::run(),
        "preview" => preview::run(),
        "previewtmux" => preview_tmux::run(),
        "hlslink" => hls_link::run(),
        "detail" => detail_link::run(),
        _ => unreachable!("checked in main"),
    }
}
