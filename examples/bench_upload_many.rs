//! Upload-many benchmark (not a test): `tl-assets upload DIR` for a folder of small images,
//! against a `tl-assets serve` child on loopback (processing delay 0, waiting for `ready` as the
//! command does by default).
//!
//! 1. `serve --rate-limit off`: files per second, with the default `--jobs 2`, with `--jobs 8`,
//!    and with `--jobs 2 --poll-interval 0.02` (the default checks every 0.25 s on loopback).
//! 2. `serve` with its default limit (60 creates a minute, fixed windows): how long the folder
//!    takes, how many end `ready`, how many errors, and the least time the limit allows.
//!
//! The images are PNGs generated here, each of a different colour (so no two files are the
//! same), `IMAGES` of them (default 200). The machine's load average is printed before and after.
//!
//! Run: `cargo build --release && cargo run --release --example bench_upload_many [IMAGES]`;
//! `--no-limit-only` skips part 2 (it takes minutes); `TL_ASSETS_BIN` picks the binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

#[path = "common/serve_child.rs"]
mod serve_child;
use serve_child::{ServeChild as Server, binary};

const KEY: &str = "tlk_bench_key";
/// The default limit of `serve`: creates per window.
const LIMIT: usize = 60;
const WINDOW: Duration = Duration::from_secs(60);

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let images: usize = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(200);
    let limited = !args.iter().any(|a| a == "--no-limit-only");
    let bin = binary()?;
    let work = tempfile::tempdir()?;
    let folder = work.path().join("shots");
    write_images(&folder, images)?;
    println!("{images} PNG images in one folder, {}", size_of_dir(&folder)?);
    println!("load average before: {}", load_average());

    println!("\n## serve --rate-limit off");
    println!(
        "{:<34} {:>8} {:>8} {:>8} {:>10}",
        "upload options", "seconds", "ready", "errors", "files/s"
    );
    // The default waits 0.25 s between two status checks on loopback; `--jobs` bounds only the
    // sends, so files waiting for `ready` poll beside them.
    let configs: [(usize, &[&str]); 3] = [(2, &[]), (8, &[]), (2, &["--poll-interval", "0.02"])];
    for (i, (jobs, extra)) in configs.into_iter().enumerate() {
        let server = Server::start(
            &bin,
            &work.path().join(format!("off-{i}")),
            KEY,
            &["--rate-limit", "off"],
        )?;
        let run = upload(
            &bin,
            &server,
            &folder,
            &work.path().join(format!("cli-off-{i}")),
            jobs,
            extra,
        )?;
        println!(
            "{:<34} {:>8.2} {:>8} {:>8} {:>10.1}",
            format!("--jobs {jobs} {}", extra.join(" ")),
            run.seconds,
            run.ready,
            run.errors,
            images as f64 / run.seconds
        );
    }

    if limited {
        println!("\n## serve (default limit: {LIMIT} creates a minute, fixed windows)");
        let server = Server::start(&bin, &work.path().join("limited"), KEY, &[])?;
        let run = upload(&bin, &server, &folder, &work.path().join("cli-limited"), 2, &[])?;
        // Every window lets LIMIT creates through: the last file waits for this many resets.
        let resets = images.div_ceil(LIMIT).saturating_sub(1);
        println!(
            "{:.1} s for {images} files: {} ready, {} errors, {} rate-limit waits told on stderr",
            run.seconds, run.ready, run.errors, run.waits
        );
        println!(
            "the limit allows it after {resets} window resets: more than {} s and at most {} s \
             (the first window may be partly used up)",
            (resets.saturating_sub(1)) as u64 * WINDOW.as_secs(),
            resets as u64 * WINDOW.as_secs()
        );
    }
    println!("\nload average after: {}", load_average());
    Ok(())
}

/// `n` PNGs of 128x128 pixels (the least the service takes), each of its own colour.
fn write_images(dir: &Path, n: usize) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for i in 0..n {
        let colour = [
            (i * 37 % 256) as u8,
            (i * 91 % 256) as u8,
            (i / 256 * 53 % 256) as u8,
        ];
        let img = image::RgbImage::from_pixel(128, 128, image::Rgb(colour));
        img.save(dir.join(format!("shot-{i:04}.png")))?;
    }
    Ok(())
}

fn size_of_dir(dir: &Path) -> Result<String> {
    let mut total = 0;
    for e in std::fs::read_dir(dir)? {
        total += e?.metadata()?.len();
    }
    Ok(format!("{total} bytes"))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

struct Run {
    seconds: f64,
    ready: usize,
    errors: usize,
    waits: usize,
}

/// `tl-assets upload FOLDER --json --jobs N`, timed; counts from its JSON array and stderr.
fn upload(
    bin: &Path,
    server: &Server,
    folder: &Path,
    data_dir: &Path,
    jobs: usize,
    extra: &[&str],
) -> Result<Run> {
    let started = Instant::now();
    let out = Command::new(bin)
        .args(["--base-url", &server.base, "--api-key", KEY, "--data-dir"])
        .arg(data_dir)
        .arg("upload")
        .arg(folder)
        .args(["--json", "--jobs", &jobs.to_string()])
        .args(extra)
        .env_remove("TWELVE_LABS_BASE_URL")
        .output()?;
    let seconds = started.elapsed().as_secs_f64();
    let all: serde_json::Value = serde_json::from_slice(&out.stdout)
        .with_context(|| format!("no JSON array: {}", String::from_utf8_lossy(&out.stderr)))?;
    let items = all.as_array().context("an array")?;
    let ready = items.iter().filter(|a| a["status"] == "ready").count();
    let errors = items
        .iter()
        .filter(|a| a.get("error").is_some_and(|e| e.is_string()))
        .count();
    let waits = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains("rate limited"))
        .count();
    if let Some(first) = items.iter().find_map(|a| a.get("error").and_then(|e| e.as_str())) {
        println!("first error: {first}");
    }
    if !out.status.success() && errors == 0 {
        bail!("upload failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(Run {
        seconds,
        ready,
        errors,
        waits,
    })
}
