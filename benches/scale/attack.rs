//! The platform under the attacks of issue #23, each against a child platform process
//! (`attack_child.rs`): memory of eight lists at once over 50 assets with ~870 KB of user
//! metadata each; a normal request's wait among 2 000 connections that send their headers a
//! byte a second; a burst of 1 000 small images to `ready` (pool of one, as before, and the
//! default pool); the time a restart after SIGKILL mid-processing takes to finish the asset.
//! Sizes: `SCALE_ATTACK_LISTS` (8), `SCALE_ATTACK_LORISES` (2000), `SCALE_ATTACK_BURST` (1000).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use super::attack_child::{KEY, ServeChild};
use super::common::{Samples, env_usize, print_table, runtime};

pub fn run() -> Result<()> {
    let rt = runtime()?;
    let work = tempfile::tempdir()?;
    let http = tl_assets::http_client::builder().no_proxy().build()?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("\nPlatform under attack (load average before: {})", load.trim());
    rt.block_on(list_memory(&http, &work.path().join("list")))?;
    rt.block_on(slow_clients(&http, &work.path().join("slow")))?;
    for workers in [1, 0] {
        rt.block_on(burst(
            &http,
            &work.path().join(format!("burst{workers}")),
            workers,
        ))?;
    }
    rt.block_on(restart(&http, &work.path().join("restart")))?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("\n(load average after: {})", load.trim());
    Ok(())
}

fn png(side: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(side, side, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, shade])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

async fn upload(
    http: &reqwest::Client,
    base: &str,
    bytes: Vec<u8>,
    name: String,
    meta: Option<String>,
) -> Result<String> {
    let mut form = reqwest::multipart::Form::new().text("method", "direct");
    if let Some(m) = meta {
        form = form.text("user_metadata", m);
    }
    form = form.part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
    let resp = http
        .post(format!("{base}/assets"))
        .header("x-api-key", KEY)
        .multipart(form)
        .send()
        .await?;
    anyhow::ensure!(resp.status() == 201, "upload answered {}", resp.status());
    let v: Value = resp.json().await?;
    Ok(v["_id"].as_str().context("no id")?.to_string())
}

/// Item 1: 50 assets with ~870 KB of user metadata in short keys; one list, then eight at once.
async fn list_memory(http: &reqwest::Client, dir: &Path) -> Result<()> {
    let lists = env_usize("SCALE_ATTACK_LISTS", 8);
    let server = ServeChild::start(dir, 0, 0, None)?;
    let base = server.base.clone();
    let image = png(128, 1);
    for tag in 0..50 {
        let mut m = serde_json::Map::new();
        let mut i = 0;
        while m.len() * 36 < 870_000 {
            m.insert(format!("k{i:06}"), json!(format!("v{tag}-{i:06}-pad-pad")));
            i += 1;
        }
        let text = Value::Object(m).to_string();
        upload(http, &base, image.clone(), format!("m{tag}.png"), Some(text)).await?;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (start_rss, _) = server.rss_mib();
    println!("\n  GET /assets?page_limit=50 over 50 assets with ~870 KB of user metadata each");
    println!(
        "  {:20}  {:>11}  {:>11}  {:>13}  {:>13}",
        "case", "answer MB", "wall ms", "peak RSS MiB", "RSS after MiB"
    );
    for n in [1, lists] {
        server.reset_peak();
        let t0 = Instant::now();
        let tasks: Vec<_> = (0..n)
            .map(|_| {
                let (http, base) = (http.clone(), base.clone());
                tokio::spawn(async move {
                    let resp = http
                        .get(format!("{base}/assets?page_limit=50"))
                        .header("x-api-key", KEY)
                        .send()
                        .await?;
                    let mut len = 0usize;
                    let mut body = resp.bytes_stream();
                    while let Some(piece) = body.next().await {
                        len += piece?.len();
                    }
                    anyhow::Ok(len)
                })
            })
            .collect();
        let mut bytes = 0;
        for t in tasks {
            bytes = t.await??;
        }
        let wall = t0.elapsed();
        let (_, peak) = server.rss_mib();
        tokio::time::sleep(Duration::from_secs(2)).await;
        let (after, _) = server.rss_mib();
        println!(
            "  {:20}  {:>11.1}  {:>11.0}  {:>13.1}  {:>13.1}",
            format!("{n} at once"),
            bytes as f64 / 1e6,
            wall.as_secs_f64() * 1000.0,
            peak,
            after
        );
    }
    println!("  RSS before the lists: {start_rss:.1} MiB");
    Ok(())
}

/// Item 2: connections that send their headers a byte a second (and connect again when
/// closed), and a normal request's wait meanwhile.
async fn slow_clients(http: &reqwest::Client, dir: &Path) -> Result<()> {
    let lorises = env_usize("SCALE_ATTACK_LORISES", 2000);
    let server = ServeChild::start(dir, 0, 0, None)?;
    let addr: std::net::SocketAddr = server
        .base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .context("addr")?
        .parse()?;
    let stop = Arc::new(AtomicBool::new(false));
    let (open, closed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut tasks = Vec::new();
    for _ in 0..lorises {
        let (stop, open, closed) = (stop.clone(), open.clone(), closed.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let Ok(mut sock) = tokio::net::TcpStream::connect(addr).await else {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                };
                open.fetch_add(1, Ordering::Relaxed);
                let head = b"GET /v1.3/assets HTTP/1.1\r\nhost: x\r\nx-slow: ";
                let mut ok = sock.write_all(head).await.is_ok();
                while ok && !stop.load(Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    ok = sock.write_all(b"a").await.is_ok();
                }
                open.fetch_sub(1, Ordering::Relaxed);
                if !ok {
                    closed.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    // Let them connect and take every slot.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut waits = Samples::new(format!("GET /assets among {lorises} slow senders"));
    for _ in 0..30 {
        let t0 = Instant::now();
        let resp = http
            .get(format!("{}/assets", server.base))
            .header("x-api-key", KEY)
            .header("connection", "close")
            .timeout(Duration::from_secs(60))
            .send()
            .await;
        let ok = matches!(&resp, Ok(r) if r.status() == 200);
        waits.values.push(t0.elapsed());
        if !ok {
            println!("  a normal request failed: {:?}", resp.map(|r| r.status()));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!(
        "\n  slow senders: {} connected at the end, {} closed by the server (each connects again)",
        open.load(Ordering::Relaxed),
        closed.load(Ordering::Relaxed)
    );
    print_table(
        "  normal request, fresh connection each (30 requests, 200 ms apart)",
        &[waits],
    );
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.abort();
    }
    Ok(())
}

/// Item 8: 1 000 small images at once (16 uploaders), rate limit off, processing delay 1 s.
async fn burst(http: &reqwest::Client, dir: &Path, workers: usize) -> Result<()> {
    let n = env_usize("SCALE_ATTACK_BURST", 1000);
    let server = ServeChild::start(dir, 1000, workers, None)?;
    let base = server.base.clone();
    let images: Vec<Vec<u8>> = (0..16).map(|i| png(128, i as u8)).collect();
    let t0 = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let uploaders: Vec<_> = (0..16)
        .map(|u| {
            let (http, base, next, image) = (http.clone(), base.clone(), next.clone(), images[u].clone());
            tokio::spawn(async move {
                let mut ids = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return anyhow::Ok(ids);
                    }
                    ids.push(upload(&http, &base, image.clone(), format!("b{i}.png"), None).await?);
                }
            })
        })
        .collect();
    let mut pending = Vec::new();
    for u in uploaders {
        pending.extend(u.await??);
    }
    let uploaded = t0.elapsed();
    let mut failed = 0;
    while !pending.is_empty() && t0.elapsed() < Duration::from_secs(300) {
        let mut still = Vec::new();
        for chunk in pending.chunks(32) {
            let asks: Vec<_> = chunk
                .iter()
                .map(|id| {
                    let (http, url) = (http.clone(), format!("{base}/assets/{id}"));
                    async move {
                        let v: Value = http
                            .get(url)
                            .header("x-api-key", KEY)
                            .send()
                            .await?
                            .json()
                            .await?;
                        anyhow::Ok(v["status"].as_str().unwrap_or_default().to_string())
                    }
                })
                .collect();
            for (id, status) in chunk.iter().zip(futures_util::future::join_all(asks).await) {
                match status?.as_str() {
                    "processing" => still.push(id.clone()),
                    "ready" => {}
                    _ => failed += 1,
                }
            }
        }
        pending = still;
        if !pending.is_empty() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let all = t0.elapsed();
    let pool = if workers == 0 {
        format!(
            "default pool ({} cores)",
            std::thread::available_parallelism().map_or(0, usize::from)
        )
    } else {
        format!("pool of {workers} (one at a time, as before)")
    };
    println!(
        "\n  burst of {n} 128x128 PNGs, 16 uploaders, delay 1 s, {pool}: uploaded in {:.2} s, all final in {:.2} s \
         ({:.0} assets/s from the first upload); {} not ready, {} failed",
        uploaded.as_secs_f64(),
        all.as_secs_f64(),
        n as f64 / all.as_secs_f64(),
        pending.len(),
        failed
    );
    Ok(())
}

/// Item 3: SIGKILL while an asset is being processed; the restart's time to `ready`.
async fn restart(http: &reqwest::Client, dir: &Path) -> Result<()> {
    let mut server = ServeChild::start(dir, 0, 0, Some("platform_process"))?;
    let id = upload(http, &server.base, png(128, 7), "held.png".into(), None).await?;
    server.wait_stalled()?;
    server.kill();
    let t0 = Instant::now();
    let server = ServeChild::start(dir, 0, 0, None)?;
    let started = t0.elapsed();
    let mut status = String::new();
    while t0.elapsed() < Duration::from_secs(300) {
        let v: Value = http
            .get(format!("{}/assets/{id}", server.base))
            .header("x-api-key", KEY)
            .send()
            .await?
            .json()
            .await?;
        status = v["status"].as_str().unwrap_or_default().to_string();
        if status != "processing" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    println!(
        "\n  restart after SIGKILL mid-processing: serving after {:.0} ms, asset {status} after {:.0} ms",
        started.as_secs_f64() * 1000.0,
        t0.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
