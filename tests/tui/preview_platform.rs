//! The preview against a real local platform that made the sample video's HLS with the real
//! ffmpeg: the storyboard fills, zoom starts a narrower job, a second app on the same disk cache
//! starts no ffmpeg, `Esc` leaves no ffmpeg child running, and a missing ffmpeg is one line.

use std::path::Path;
use std::time::Duration;

use ratatui_image::picker::Picker;
use tl_assets::api::{CreateAsset, UploadSource};
use tl_assets::terminal_env::ImageProtocol;
use tl_assets::tui::{App, PreviewSetup, Slot};

use crate::support::hls_server::ffmpeg_or_skip;
use crate::support::tui_harness::{Harness, Platform, sample};
use crate::tui_support::*;

/// The platform with the sample video uploaded with HLS, ready.
pub(crate) async fn platform_with_video() -> (Platform, String) {
    let platform = Platform::start().await;
    let mut req = CreateAsset::new(UploadSource::File(sample("sample-video.mp4")));
    req.enable_hls = true;
    let id = platform.client.create_asset(&req, None).await.expect("upload").id;
    platform.wait_ready(&id).await;
    (platform, id)
}

/// An app at 120x40 drawing halfblocks, previewing through `setup`, with its first page in.
pub(crate) async fn app_with(platform: &Platform, setup: PreviewSetup) -> Harness {
    let mut h = Harness::sized(platform.client.clone(), (120, 40), |r| {
        r.with_picker(Some(Picker::halfblocks())).with_preview(setup)
    });
    h.app.surroundings.image = Some(ImageProtocol::Halfblocks);
    h.until("the first page", |a| a.list.pages_loaded > 0 && Harness::idle(a))
        .await;
    h
}

pub(crate) fn setup(cache: &Path) -> PreviewSetup {
    PreviewSetup::new(None, Some(cache.to_path_buf()), 256)
}

pub(crate) fn settled(app: &App) -> bool {
    app.preview
        .as_ref()
        .is_some_and(|p| !p.slots.is_empty() && p.slots.iter().all(|s| !matches!(s, Slot::Waiting)))
}

pub(crate) fn ready(app: &App) -> usize {
    app.preview.as_ref().map_or(0, |p| {
        p.slots.iter().filter(|s| matches!(s, Slot::Ready(_))).count()
    })
}

/// ffmpeg children of this test process that still run (zombies are gone already).
pub(crate) fn ffmpeg_children() -> usize {
    let me = std::process::id().to_string();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return 0;
    };
    procs
        .flatten()
        .filter_map(|p| std::fs::read_to_string(p.path().join("stat")).ok())
        .filter(|stat| {
            let Some(after) = stat.rsplit_once(") ") else {
                return false;
            };
            let fields: Vec<&str> = after.1.split_whitespace().collect();
            stat.contains("(ffmpeg)") && fields.get(1) == Some(&me.as_str()) && fields[0] != "Z"
        })
        .count()
}

/// Waits (2 s at most) until at most `most` ffmpeg children still run; how many do.
pub(crate) async fn children_down_to(most: usize) -> usize {
    let mut left = ffmpeg_children();
    for _ in 0..100 {
        if left <= most {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        left = ffmpeg_children();
    }
    left
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storyboard_fills_zooms_and_a_second_run_reads_the_cache() {
    if !ffmpeg_or_skip("storyboard_fills_zooms_and_a_second_run_reads_the_cache") {
        return;
    }
    let (platform, id) = platform_with_video().await;
    let cache = tempfile::tempdir().expect("cache dir");
    let mut h = app_with(&platform, setup(cache.path())).await;
    h.keys("p");
    assert_eq!(
        h.app.preview.as_ref().map(|p| p.asset_id.as_str()),
        Some(id.as_str())
    );
    h.until("the storyboard", settled).await;
    assert_eq!(ready(&h.app), 9, "{}", h.screen());
    assert_eq!(h.runtime.preview_decoders_started(), 9);
    let screen = h.screen();
    assert!(screen.contains("frame 1/9 · 0:00.2 · span 0:00–0:05"), "{screen}");
    // Right, then zoom into the second slice: a new job over a ninth of the span.
    h.keys("l");
    h.keys("+");
    let span = h.app.preview.as_ref().map(|p| p.span).expect("open");
    assert!((span.1 - span.0 - 5.0 / 9.0).abs() < 0.01, "{span:?}");
    h.until("the zoomed storyboard", settled).await;
    assert_eq!(ready(&h.app), 9, "{}", h.screen());
    assert!(h.screen().contains("span 0:00–0:01"), "{}", h.screen());
    h.keys("-");
    let p = h.app.preview.as_ref().expect("open");
    assert_eq!(p.span, (0.0, p.duration), "back to the whole duration");
    drop(h);

    // Another run on the same cache: the whole grid without one ffmpeg.
    let mut again = app_with(&platform, setup(cache.path())).await;
    again.keys("p");
    again.until("the cached storyboard", settled).await;
    assert_eq!(ready(&again.app), 9);
    assert_eq!(
        again.runtime.preview_decoders_started(),
        0,
        "every frame came from the cache"
    );
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_mid_decode_leaves_no_ffmpeg_running() {
    if !ffmpeg_or_skip("esc_mid_decode_leaves_no_ffmpeg_running") {
        return;
    }
    let (platform, _) = platform_with_video().await;
    let cache = tempfile::tempdir().expect("cache dir");
    let mut h = app_with(&platform, setup(cache.path())).await;
    h.keys("p");
    h.until("the first frame", |a| ready(a) >= 1).await;
    h.press(code(crossterm::event::KeyCode::Esc));
    assert!(h.app.preview.is_none());
    assert_eq!(children_down_to(0).await, 0, "no decoder survives Esc");
    assert!(
        h.runtime.preview_decoders_started() < 9,
        "the job was stopped before its end"
    );
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_ffmpeg_the_preview_says_so_and_shows_the_thumbnail() {
    let (platform, _) = platform_with_video().await;
    let cache = tempfile::tempdir().expect("cache dir");
    let missing = PreviewSetup::new(
        Some(Path::new("/nonexistent/ffmpeg")),
        Some(cache.path().to_path_buf()),
        256,
    );
    let why = missing.ffmpeg.clone().expect_err("missing");
    let mut h = app_with(&platform, missing).await;
    h.app.preview_settings.ffmpeg_missing = Some(why);
    h.keys("p");
    h.draw();
    let screen = h.screen();
    assert!(
        screen.contains("ffmpeg not found at /nonexistent/ffmpeg"),
        "{screen}"
    );
    assert!(screen.contains("thumbnail"), "{screen}");
    assert_eq!(h.runtime.preview_decoders_started(), 0);
    platform.stop().await;
}
