//! A 300-page PDF on the platform: uploaded through the client with a thumbnail asked for, the
//! time until it is `ready` (the upload's check, the probe of every `document_*` field and page
//! 1 rendered as the thumbnail) and this process's peak memory (platform, client and runtime).

use std::time::{Duration, Instant};

use tl_assets::api::types::AssetStatus;
use tl_assets::api::{ApiKey, Client, CreateAsset, PollOptions, UploadSource};
use tl_assets::platform::{self, PlatformConfig};

use super::common::{env_usize, rss_mib, runtime};
use super::pdf_gen::{PdfSpec, pdf};

const KEY: &str = "bench-key";

pub fn run() -> anyhow::Result<()> {
    let pages = env_usize("SCALE_PDF_PAGES", 300) as u32;
    let runs = env_usize("SCALE_PDF_RUNS", 5);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("report.pdf");
    let bytes = pdf(&PdfSpec {
        pages,
        text_lines: 60,
        ..PdfSpec::default()
    });
    std::fs::write(&path, &bytes)?;
    let rt = runtime()?;
    rt.block_on(async {
        let mut config = PlatformConfig::new(dir.path().join("platform"), KEY);
        config.processing_delay = Duration::ZERO;
        let running = platform::start(config).await?;
        let client = Client::new(running.base_url(), ApiKey::new(KEY))?;
        let (rss_before, _) = rss_mib();
        println!(
            "\nPDF on the platform: {pages} pages, {:.2} MB, 60 lines of text and a filled box a page",
            bytes.len() as f64 / 1e6
        );
        println!("  {:6}  {:>12}  {:>9}  {:>10}", "run", "uploaded ms", "ready ms", "thumbnail");
        let mut worst = Duration::ZERO;
        for run in 1..=runs {
            let t0 = Instant::now();
            let mut req = CreateAsset::new(UploadSource::File(path.clone()));
            req.enable_thumbnail = true;
            let asset = client.create_asset(&req, None).await?;
            let uploaded = t0.elapsed();
            let poll = PollOptions {
                interval: Duration::from_millis(5),
                timeout: Duration::from_secs(120),
            };
            let done = client.wait_for_asset(&asset.id, poll, |_| {}).await?;
            let ready = t0.elapsed();
            worst = worst.max(ready);
            let thumb = done.thumbnail.map(|t| t.status.to_string()).unwrap_or_default();
            let pages_seen = done
                .technical_metadata
                .as_ref()
                .and_then(|t| t.document.document_page_count);
            if done.status != Some(AssetStatus::Ready) || pages_seen != Some(pages) {
                anyhow::bail!("run {run}: {:?}, pages {pages_seen:?}", done.status);
            }
            println!(
                "  {run:<6}  {:>12.0}  {:>9.0}  {thumb:>10}",
                uploaded.as_secs_f64() * 1000.0,
                ready.as_secs_f64() * 1000.0
            );
        }
        let (rss_after, peak) = rss_mib();
        println!(
            "  slowest upload → ready: {:.0} ms (target ≤ 1000 ms)",
            worst.as_secs_f64() * 1000.0
        );
        println!(
            "  memory: RSS {rss_before:.1} MiB before, {rss_after:.1} MiB after, peak (VmHWM) {peak:.1} MiB (target ≤ 100 MiB)"
        );
        running.shutdown().await;
        Ok(())
    })
}
