//! Upload benchmark (not a test): time and peak RSS of `tl-assets upload` against
//! `curl -F method=direct -F file=@…` for the same ~190 MB video to the same local platform
//! (`tl-assets serve` child), runs alternating, then one 1 GiB multipart upload.
//!
//! Run: `cargo build --release && cargo run --release --example bench_upload [RUNS]`.
//! Needs `curl` and `/usr/bin/time` (Debian package `time`). The test files are the sample video
//! followed by an MP4 `free` box of random bytes: a valid MP4 of the wanted size that the
//! platform's probe accepts (players skip `free` boxes).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

const KEY: &str = "tlk_bench_key";
const DIRECT_SIZE: u64 = 190 * 1000 * 1000;
const MULTIPART_SIZE: u64 = 1024 * 1024 * 1024;

fn main() -> Result<()> {
    let runs: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(3);
    let bin = binary()?;
    let work = tempfile::tempdir()?;
    let direct = work.path().join("direct.mp4");
    let big = work.path().join("big.mp4");
    padded_video(&direct, DIRECT_SIZE)?;
    let (mut server, base) = serve(&bin, &work.path().join("platform"))?;
    println!("binary {}  platform {base}", bin.display());
    println!(
        "direct file {} bytes, {runs} runs each, alternating\n",
        file_len(&direct)
    );

    let mut ours = Vec::new();
    let mut curl = Vec::new();
    for run in 1..=runs {
        let a = measure(Command::new(&bin).args([
            "--base-url",
            &base,
            "--api-key",
            KEY,
            "--data-dir",
            &work.path().join("cli").display().to_string(),
            "upload",
            &direct.display().to_string(),
            "--no-wait",
            "--json",
        ]))?;
        let b = measure(Command::new("curl").args([
            "-sS",
            "--fail-with-body",
            "-o",
            "/dev/null",
            "-H",
            &format!("x-api-key: {KEY}"),
            "-F",
            "method=direct",
            "-F",
            &format!("file=@{}", direct.display()),
            &format!("{base}/assets"),
        ]))?;
        println!(
            "run {run}: tl-assets {:7.3} s {:6.1} MiB   curl {:7.3} s {:6.1} MiB",
            a.0, a.1, b.0, b.1
        );
        ours.push(a);
        curl.push(b);
    }
    let (mo, mc) = (median(&ours), median(&curl));
    println!(
        "\nmedian direct: tl-assets {:.3} s / peak RSS {:.1} MiB   curl {:.3} s / {:.1} MiB   time ratio {:.3}",
        mo.0,
        mo.1,
        mc.0,
        mc.1,
        mo.0 / mc.0
    );

    std::fs::remove_file(&direct)?;
    padded_video(&big, MULTIPART_SIZE)?;
    let m = measure(Command::new(&bin).args([
        "--base-url",
        &base,
        "--api-key",
        KEY,
        "--data-dir",
        &work.path().join("cli").display().to_string(),
        "upload",
        &big.display().to_string(),
        "--multipart",
        "--no-wait",
        "--json",
    ]))?;
    println!(
        "multipart 1 GiB: tl-assets {:.3} s ({:.0} MB/s) / peak RSS {:.1} MiB",
        m.0,
        MULTIPART_SIZE as f64 / 1e6 / m.0,
        m.1
    );
    let _ = server.kill();
    let _ = server.wait();
    Ok(())
}

/// The release binary beside this example (`target/release/examples/..`), or `TL_ASSETS_BIN`.
fn binary() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("TL_ASSETS_BIN") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("tl-assets"))
        .context("no binary directory")?;
    if !bin.exists() {
        bail!("{} not found: run `cargo build --release` first", bin.display());
    }
    Ok(bin)
}

/// `tl-assets serve` on loopback; returns the child and its base URL (first stdout line).
fn serve(bin: &Path, data_dir: &Path) -> Result<(Child, String)> {
    let mut child = Command::new(bin)
        .args(["--api-key", KEY, "--data-dir"])
        .arg(data_dir)
        .args(["serve", "--processing-delay", "0"])
        .env_remove("TWELVE_LABS_BASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .context("no base URL on the first line")?
        .to_string();
    Ok((child, base))
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
    out.flush()?;
    Ok(())
}

/// Wall time (s) and peak RSS (MiB) of a command, from `/usr/bin/time -f "%e %M"`.
fn measure(cmd: &mut Command) -> Result<(f64, f64)> {
    let report = tempfile::NamedTempFile::new()?;
    let mut timed = Command::new("/usr/bin/time");
    timed
        .args(["-f", "%e %M", "-o"])
        .arg(report.path())
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let out = timed.output()?;
    if !out.status.success() {
        bail!(
            "{:?} failed: {}",
            cmd.get_program(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = std::fs::read_to_string(report.path())?;
    let mut parts = text.split_whitespace();
    let secs: f64 = parts.next().context("no time")?.parse()?;
    let kib: f64 = parts.next().context("no rss")?.parse()?;
    Ok((secs, kib / 1024.0))
}

fn median(v: &[(f64, f64)]) -> (f64, f64) {
    let mut t: Vec<f64> = v.iter().map(|x| x.0).collect();
    let mut r: Vec<f64> = v.iter().map(|x| x.1).collect();
    t.sort_by(f64::total_cmp);
    r.sort_by(f64::total_cmp);
    (t[t.len() / 2], r[r.len() / 2])
}

fn file_len(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}
