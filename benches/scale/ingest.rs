//! Platform ingest under load: direct uploads of a ~20 MB WAV through the client, first one
//! alone, then 8 at once; upload throughput and the time until every asset is `ready`.

use std::path::Path;
use std::time::{Duration, Instant};

use tl_assets::api::types::AssetStatus;
use tl_assets::api::{ApiKey, Client, CreateAsset, PollOptions, UploadSource};
use tl_assets::platform::{self, PlatformConfig};

use super::common::{env_usize, runtime};

const KEY: &str = "bench-key";
const MB: f64 = 1_000_000.0;

pub fn run() -> anyhow::Result<()> {
    let concurrent = env_usize("SCALE_INGEST_UPLOADS", 8);
    let size = env_usize("SCALE_INGEST_BYTES", 20_000_000);
    let dir = tempfile::tempdir()?;
    let wav = dir.path().join("load.wav");
    write_wav(&wav, size)?;
    let bytes = std::fs::metadata(&wav)?.len();
    let rt = runtime()?;
    rt.block_on(async {
        let mut config = PlatformConfig::new(dir.path().join("platform"), KEY);
        config.processing_delay = Duration::ZERO;
        let running = platform::start(config).await?;
        let client = Client::new(running.base_url(), ApiKey::new(KEY))?;
        println!(
            "\nPlatform ingest: direct uploads of a {:.1} MB WAV",
            bytes as f64 / MB
        );
        println!(
            "  {:14}  {:>9}  {:>12}  {:>13}  {:>9}",
            "case", "bytes MB", "uploaded ms", "upload MB/s", "ready ms"
        );
        for n in [1, concurrent] {
            let t0 = Instant::now();
            let tasks: Vec<_> = (0..n)
                .map(|i| {
                    let client = client.clone();
                    let wav = wav.clone();
                    tokio::spawn(async move { upload_and_wait(&client, &wav, i).await })
                })
                .collect();
            let mut uploaded = Duration::ZERO;
            let mut ready = Duration::ZERO;
            let mut not_ready = Vec::new();
            for task in tasks {
                let (up, done, status) = task.await??;
                uploaded = uploaded.max(up);
                ready = ready.max(done);
                if status != Some(AssetStatus::Ready) {
                    not_ready.push(format!("{status:?}"));
                }
            }
            let total = bytes as f64 * n as f64;
            println!(
                "  {:14}  {:>9.1}  {:>12.0}  {:>13.1}  {:>9.0}",
                format!("{n} concurrent"),
                total / MB,
                uploaded.as_secs_f64() * 1000.0,
                total / MB / uploaded.as_secs_f64(),
                ready.as_secs_f64() * 1000.0
            );
            let _ = t0;
            if not_ready.is_empty() {
                println!("  {:14}  all {n} ready", "");
            } else {
                println!("  {:14}  NOT READY: {}", "", not_ready.join(", "));
            }
        }
        running.shutdown().await;
        Ok(())
    })
}

/// Uploads one copy and polls it until final: `(upload done, final, status)` since the start.
async fn upload_and_wait(
    client: &Client,
    wav: &Path,
    i: usize,
) -> anyhow::Result<(Duration, Duration, Option<AssetStatus>)> {
    let t0 = Instant::now();
    let mut req = CreateAsset::new(UploadSource::File(wav.to_path_buf()));
    req.filename = Some(format!("load-{i}.wav"));
    let asset = client.create_asset(&req, None).await?;
    let uploaded = t0.elapsed();
    let poll = PollOptions {
        interval: Duration::from_millis(20),
        timeout: Duration::from_secs(600),
    };
    let done = client.wait_for_asset(&asset.id, poll, |_| {}).await?;
    Ok((uploaded, t0.elapsed(), done.status))
}

/// A 16-bit stereo 48 kHz PCM WAV with about `size` bytes of samples (a slow sweep, not silence).
fn write_wav(path: &Path, size: usize) -> std::io::Result<()> {
    let frames = size / 4;
    let data_len = (frames * 4) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&2u16.to_le_bytes()); // channels
    out.extend_from_slice(&48_000u32.to_le_bytes());
    out.extend_from_slice(&(48_000u32 * 4).to_le_bytes()); // byte rate
    out.extend_from_slice(&4u16.to_le_bytes()); // block align
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for f in 0..frames {
        let s = (((f % 480) as i32 - 240) * 100) as i16;
        out.extend_from_slice(&s.to_le_bytes());
        out.extend_from_slice(&s.to_le_bytes());
    }
    std::fs::write(path, out)
}
