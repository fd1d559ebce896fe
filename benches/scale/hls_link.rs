//! An HLS VOD link taken in by the platform beside the same video uploaded directly: a
//! `SCALE_HLS_SECONDS` (default 300) 720p video made by ffmpeg at bench time (test pattern and a
//! tone, H.264 + AAC in MP4), the same streams copied into a VOD playlist of 6-second TS segments
//! served from loopback. The platform runs in a child process of its own (so its peak memory is
//! its own) with no processing delay, making its thumbnail and HLS rendition as it does for every
//! video. For each of `SCALE_HLS_RUNS` (default 3) rounds, taking turns: the time from the create
//! request to `ready`, and the platform's peak RSS (reset before each upload).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use tl_assets::api::types::AssetStatus;
use tl_assets::api::{ApiKey, Client, CreateAsset, PollOptions, UploadSource};

use super::attack_child::{KEY, ServeChild};
use super::common::{env_usize, runtime};
use super::hls_server::DirServer;

pub fn run() -> Result<()> {
    if Command::new("ffmpeg").arg("-version").output().is_err() {
        println!("\nhlslink: ffmpeg is not on PATH: nothing measured (it makes the media)");
        return Ok(());
    }
    let seconds = env_usize("SCALE_HLS_SECONDS", 300);
    let runs = env_usize("SCALE_HLS_RUNS", 3);
    let dir = tempfile::tempdir()?;
    let media = dir.path().join("media");
    std::fs::create_dir_all(&media)?;
    let t0 = Instant::now();
    make_media(&media, seconds)?;
    let clip = media.join("clip.mp4");
    let segments: u64 = std::fs::read_dir(&media)?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".ts"))
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum();
    println!(
        "\nHLS VOD link vs direct upload: {seconds} s of 1280x720 at 30 fps, H.264 + AAC; \
         MP4 {:.1} MB, playlist of 6 s TS segments {:.1} MB (made in {:.0} s); {runs} runs each, taking turns",
        std::fs::metadata(&clip)?.len() as f64 / 1e6,
        segments as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    let rt = runtime()?;
    rt.block_on(async {
        let server = DirServer::start(media.clone()).await;
        let platform = ServeChild::start(&dir.path().join("platform"), 0, 0, None)?;
        let client = Client::new(&platform.base, ApiKey::new(KEY))?;
        println!(
            "  {:6}  {:>14}  {:>15}  {:>22}",
            "run", "case", "create→ready s", "platform peak RSS MiB"
        );
        for run in 1..=runs {
            for (case, source) in [
                ("direct", UploadSource::File(clip.clone())),
                ("HLS link", UploadSource::Url(server.url("clip.m3u8"))),
            ] {
                platform.reset_peak();
                let took = take_in(&client, source).await?;
                let (_, peak) = platform.rss_mib();
                println!(
                    "  {run:<6}  {case:>14}  {:>15.2}  {peak:>22.1}",
                    took.as_secs_f64()
                );
            }
        }
        Ok(())
    })
}

/// Uploads `source` (thumbnail and HLS asked for, as by default) and waits until it is `ready`.
async fn take_in(client: &Client, source: UploadSource) -> Result<Duration> {
    let t0 = Instant::now();
    let asset = client.create_asset(&CreateAsset::new(source), None).await?;
    let poll = PollOptions {
        interval: Duration::from_millis(20),
        timeout: Duration::from_secs(600),
    };
    let done = client.wait_for_asset(&asset.id, poll, |_| {}).await?;
    if done.status != Some(AssetStatus::Ready) {
        bail!("{} ended {:?}", asset.id, done.status);
    }
    Ok(t0.elapsed())
}

/// `dir/clip.mp4`, then its streams copied into `dir/clip.m3u8` with 6-second segments.
fn make_media(dir: &Path, seconds: usize) -> Result<()> {
    let encode = [
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        &format!("testsrc=size=1280x720:rate=30:duration={seconds}"),
        "-f",
        "lavfi",
        "-i",
        &format!("sine=frequency=440:duration={seconds}"),
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-g",
        "60",
        "-c:a",
        "aac",
        "clip.mp4",
    ];
    let segment = [
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-i",
        "clip.mp4",
        "-c",
        "copy",
        "-f",
        "hls",
        "-hls_time",
        "6",
        "-hls_playlist_type",
        "vod",
        "-hls_segment_filename",
        "clip-%d.ts",
        "clip.m3u8",
    ];
    for args in [&encode[..], &segment[..]] {
        let out = Command::new("ffmpeg")
            .current_dir(dir)
            .args(args)
            .output()
            .context("run ffmpeg")?;
        if !out.status.success() {
            bail!("ffmpeg: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    Ok(())
}
