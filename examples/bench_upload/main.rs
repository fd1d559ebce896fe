//! Upload benchmark (not a test), against one local platform (`tl-assets serve` child):
//!
//! 1. Direct: `tl-assets upload` against `curl -F method=direct -F file=@…` for the same ~190 MB
//!    video, runs alternating (and which goes first alternating too).
//! 2. Multipart: `tl-assets upload --multipart` against the TwelveLabs Python SDK's multipart
//!    helper (`client.multipart_upload.upload_file`, driven by `examples/sdk_multipart_upload.py`)
//!    for the same 1 GiB video, runs alternating; also `--verify-chunks` (every chunk hashed to
//!    check its ETag, which the default skips on loopback).
//!
//! Each part starts with one upload that is not counted (see [`warm_up`]). For each upload: wall time, the client's peak RSS and the bytes it caused to be written to
//! disk (`/usr/bin/time`'s `%O`: the kernel's `write_bytes` in 512-byte units, so temporary
//! copies show up), and the platform's peak RSS (its `VmHWM`, reset before each upload through
//! `/proc/PID/clear_refs`) and bytes written while receiving.
//!
//! Run: `cargo build --release && cargo run --release --example bench_upload [RUNS [MULTIPART_RUNS]]`
//! (defaults 3 and 3). Needs `curl` and `/usr/bin/time` (Debian package `time`); the multipart
//! comparison needs a Python with the SDK, `SDK_PYTHON` (default `python3`), e.g.
//! `python3 -m venv /tmp/tlvenv && /tmp/tlvenv/bin/pip install twelvelabs` and
//! `SDK_PYTHON=/tmp/tlvenv/bin/python`; without it that part is skipped. `TL_ASSETS_BIN` picks
//! the binary. The test files are the sample video followed by an MP4 `free` box of random bytes:
//! a valid MP4 of the wanted size that the platform's probe accepts (players skip `free` boxes).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::Result;
use measure::{Run, Server};
use serve_child::binary;

mod measure;
#[path = "../common/serve_child.rs"]
mod serve_child;

const KEY: &str = "tlk_bench_key";
const DIRECT_SIZE: u64 = 190 * 1000 * 1000;
const MULTIPART_SIZE: u64 = 1024 * 1024 * 1024;
const MB: f64 = 1e6;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    let runs: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(3);
    let multipart_runs: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(3);
    let bin = binary()?;
    let work = tempfile::tempdir()?;
    let server = Server::start(&bin, &work.path().join("platform"), KEY, &[])?;
    let cli_dir = work.path().join("cli").display().to_string();
    let ours = |file: &Path, multipart: bool| {
        let mut cmd = Command::new(&bin);
        cmd.args([
            "--base-url",
            &server.base,
            "--api-key",
            KEY,
            "--data-dir",
            &cli_dir,
            "upload",
        ])
        .arg(file)
        .args(["--no-wait", "--json"]);
        if multipart {
            cmd.arg("--multipart");
        }
        cmd
    };
    println!(
        "binary {}  platform {} (pid {})",
        bin.display(),
        server.base,
        server.pid()
    );

    let direct = work.path().join("direct.mp4");
    padded_video(&direct, DIRECT_SIZE)?;
    println!(
        "\ndirect: file {} bytes, {runs} runs each, alternating",
        file_len(&direct)
    );
    warm_up(&server, &mut ours(&direct, false))?;
    let mut mine = Vec::new();
    let mut curl = Vec::new();
    let form = format!("file=@{}", direct.display());
    let header = format!("x-api-key: {KEY}");
    let url = format!("{}/assets", server.base);
    let curl_cmd = || {
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "--fail-with-body", "-o", "/dev/null", "-H", &header])
            .args(["-F", "method=direct", "-F", &form, &url]);
        cmd
    };
    for run in 1..=runs {
        // Who goes first alternates, so what one upload leaves behind (the platform still
        // syncing or probing it) does not always fall on the same side.
        let (a, b) = if run % 2 == 1 {
            let a = server.measure(&mut ours(&direct, false))?;
            (a, server.measure(&mut curl_cmd())?)
        } else {
            let b = server.measure(&mut curl_cmd())?;
            (server.measure(&mut ours(&direct, false))?, b)
        };
        println!("run {run}: tl-assets {a}\n       curl      {b}");
        mine.push(a);
        curl.push(b);
    }
    let (m, c) = (Run::median(&mine), Run::median(&curl));
    println!(
        "median direct: tl-assets {:.3} s / peak RSS {:.1} MiB   curl {:.3} s / {:.1} MiB   \
         time ratio {:.3} (median of run pairs {:.3})   platform peak RSS while receiving {:.1} MiB (max {:.1})",
        m.secs,
        m.rss_mib,
        c.secs,
        c.rss_mib,
        m.secs / c.secs,
        median_ratio(&mine, &curl),
        Run::median_of(mine.iter().chain(&curl), |r| r.server_rss_mib),
        mine.iter()
            .chain(&curl)
            .map(|r| r.server_rss_mib)
            .fold(0.0, f64::max),
    );
    std::fs::remove_file(&direct)?;

    let big = work.path().join("big.mp4");
    padded_video(&big, MULTIPART_SIZE)?;
    let python = std::env::var("SDK_PYTHON").unwrap_or_else(|_| "python3".into());
    let sdk_version = Command::new(&python)
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('twelvelabs'))",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sdk_multipart_upload.py");
    println!(
        "\nmultipart: file {} bytes, {multipart_runs} runs each{}",
        file_len(&big),
        match &sdk_version {
            Some(v) => format!(", alternating with the TwelveLabs Python SDK {v} ({python})"),
            None => format!(
                "; the TwelveLabs Python SDK is not importable by {python}: set SDK_PYTHON to \
                 a Python with `pip install twelvelabs` to compare"
            ),
        }
    );
    warm_up(&server, &mut ours(&big, true))?;
    server.delete_all()?;
    let mut mine = Vec::new();
    let mut verified = Vec::new();
    let mut sdk = Vec::new();
    for run in 1..=multipart_runs {
        let a = server.measure(&mut ours(&big, true))?;
        println!("run {run}: tl-assets {a}");
        mine.push(a);
        // The same with every chunk hashed to check its ETag (skipped by default on loopback).
        let v = server.measure(ours(&big, true).arg("--verify-chunks"))?;
        println!("       verified  {v}");
        verified.push(v);
        if sdk_version.is_some() {
            let b = server.measure(
                Command::new(&python)
                    .arg(&script)
                    .arg(&big)
                    .env("TWELVELABS_BASE_URL", &server.base)
                    .env("API_KEY", KEY),
            )?;
            println!("       SDK       {b}");
            sdk.push(b);
        }
        // Each upload leaves a 1 GiB blob; drop them so the runs do not fill the disk.
        server.delete_all()?;
    }
    let (m, v) = (Run::median(&mine), Run::median(&verified));
    println!("{}", multipart_line("tl-assets", &m));
    println!("{} (--verify-chunks)", multipart_line("verified ", &v));
    if !sdk.is_empty() {
        let s = Run::median(&sdk);
        println!(
            "{}\ntl-assets is {:.2}x as fast as the SDK helper (median of run pairs {:.2}x; \
             {:.2}x with --verify-chunks)",
            multipart_line("SDK      ", &s),
            s.secs / m.secs,
            median_ratio(&sdk, &mine),
            s.secs / v.secs,
        );
    }
    println!(
        "platform while receiving multipart: peak RSS median {:.1} MiB (max {:.1}), wrote median {:.1} MB",
        Run::median_of(mine.iter().chain(&verified).chain(&sdk), |r| r.server_rss_mib),
        mine.iter()
            .chain(&verified)
            .chain(&sdk)
            .map(|r| r.server_rss_mib)
            .fold(0.0, f64::max),
        Run::median_of(mine.iter().chain(&verified).chain(&sdk), |r| {
            r.server_written as f64 / MB
        }),
    );
    Ok(())
}

/// The sample video followed by a `free` box of random bytes, `size` bytes in all.
fn padded_video(path: &Path, size: u64) -> Result<()> {
    let sample = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-video.mp4"))?;
    let pad = size - sample.len() as u64;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    out.write_all(&sample)?;
    out.write_all(&u32::try_from(pad)?.to_be_bytes())?;
    out.write_all(b"free")?;
    let mut left = pad - 8;
    let mut block = vec![0u8; 1 << 20];
    while left > 0 {
        rand::fill(&mut block[..]);
        let n = left.min(block.len() as u64) as usize;
        out.write_all(&block[..n])?;
        left -= n as u64;
    }
    // On disk before the first run, so that run does not share the machine with its writeback.
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(())
}

/// One upload that is not counted. On this kind of VM the first upload after the test file is
/// made runs up to 2x slower, whoever sends it: the platform's writes land in memory pages the
/// guest has not touched for a while (in the profile, the kernel's copy into the page cache
/// takes 42 % instead of ~3 %). After one upload, deleted blobs leave warm pages behind.
fn warm_up(server: &Server, cmd: &mut Command) -> Result<()> {
    let run = server.measure(cmd)?;
    println!("warm-up (not counted): {run}");
    Ok(())
}

/// One median line of the multipart comparison.
fn multipart_line(who: &str, r: &Run) -> String {
    format!(
        "median multipart 1 GiB: {who} {:.3} s ({:.0} MB/s) / cpu {:.2} s, platform's {:.2} s / peak RSS {:.1} MiB / wrote {:.1} MB",
        r.secs,
        MULTIPART_SIZE as f64 / MB / r.secs,
        r.cpu_secs,
        r.server_cpu_secs,
        r.rss_mib,
        r.written as f64 / MB,
    )
}

/// The median of `a[i] / b[i]` over the runs: each run against the one beside it, steadier than
/// a ratio of medians when the machine's speed drifts during the bench.
fn median_ratio(a: &[Run], b: &[Run]) -> f64 {
    let mut pairs: Vec<f64> = a.iter().zip(b).map(|(a, b)| a.secs / b.secs).collect();
    pairs.sort_by(f64::total_cmp);
    pairs.get(pairs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn file_len(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}
