//! The processing pool, against a real platform on 127.0.0.1: jobs run side by side, never more
//! than the pool's size.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::platform::{PlatformConfig, start};

const KEY: &str = "pool-test-key";

fn png(side: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(side, side, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Every job waits at a gate for a second one: one job at a time would wait forever. Six
/// assets through a pool of two all end `ready`, and at most two were ever in flight.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_of_two_processes_two_at_once_and_never_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = PlatformConfig::new(dir.path().to_path_buf(), KEY);
    config.processing_delay = Duration::ZERO;
    config.processing_workers = Some(2);
    let platform = start(config).await.unwrap();
    let state = platform.state().clone();
    state
        .process_gate
        .set(Arc::new(tokio::sync::Barrier::new(2)))
        .unwrap();
    let http = crate::http_client::builder().no_proxy().build().unwrap();
    let base = platform.base_url().to_string();
    let mut ids = Vec::new();
    for i in 0..6 {
        let form = reqwest::multipart::Form::new().text("method", "direct").part(
            "file",
            reqwest::multipart::Part::bytes(png(160)).file_name(format!("p{i}.png")),
        );
        let resp = http
            .post(format!("{base}/assets"))
            .header("x-api-key", KEY)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201);
        let v: serde_json::Value = resp.json().await.unwrap();
        ids.push(v["_id"].as_str().unwrap().to_string());
    }
    for id in &ids {
        let mut status = String::new();
        // A bound on polls, not a speed check: one job at a time never gets past the gate.
        for _ in 0..500 {
            let v: serde_json::Value = http
                .get(format!("{base}/assets/{id}"))
                .header("x-api-key", KEY)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            status = v["status"].as_str().unwrap_or_default().to_string();
            if status != "processing" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(status, "ready", "{id}");
    }
    assert_eq!(state.processing_peak.load(Ordering::SeqCst), 2);
    platform.shutdown().await;
}
