//! The preview's hard cases against the real local platform (HLS made by the real ffmpeg): the
//! asset deleted while its preview is open, a resize while frames decode, and a frame cache that
//! cannot be written. Each ends in a line or new frames, never a panic,
//! and leaves no ffmpeg running.

use crossterm::event::KeyCode;
use tl_assets::tui::{Msg, PreviewSetup, Slot};

use crate::preview_platform::{app_with, children_down_to, platform_with_video, ready, settled, setup};
use crate::support::hls_server::ffmpeg_or_skip;
use crate::support::tui_harness::Harness;
use crate::tui_support::*;

fn failures(h: &Harness) -> Vec<String> {
    let p = h.app.preview.as_ref().expect("open");
    p.slots
        .iter()
        .filter_map(|s| match s {
            Slot::Failed(why) => Some(why.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_asset_deleted_while_open_turns_new_frames_into_a_line() {
    if !ffmpeg_or_skip("the_asset_deleted_while_open_turns_new_frames_into_a_line") {
        return;
    }
    let (platform, id) = platform_with_video().await;
    let cache = tempfile::tempdir().expect("cache dir");
    let mut h = app_with(&platform, setup(cache.path())).await;
    h.keys("p");
    h.until("the storyboard", settled).await;
    assert_eq!(ready(&h.app), 9);
    platform.client.delete_asset(&id, true).await.expect("delete");
    // Moving shows what is there; zooming asks the (now gone) stream for new frames.
    h.keys("ll+");
    assert!(h.app.preview.is_some(), "still open on the selection it had");
    h.until("the zoomed storyboard", settled).await;
    // The middle slot's time is the one the cursor was on: that frame is in the disk cache.
    let fails = failures(&h);
    assert_eq!(fails.len(), 8, "{}", h.screen());
    assert_eq!(ready(&h.app), 1);
    assert!(fails.iter().all(|f| f.contains("(HTTP 404)")), "{fails:?}");
    assert!(h.screen().contains("(HTTP 404)"), "{}", h.screen());
    h.keys("l-");
    h.draw();
    h.press(code(KeyCode::Esc));
    assert_eq!(children_down_to(0).await, 0, "no decoder survives Esc");
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resize_mid_decode_stops_the_old_job_and_decodes_for_the_new_size() {
    if !ffmpeg_or_skip("a_resize_mid_decode_stops_the_old_job_and_decodes_for_the_new_size") {
        return;
    }
    let (platform, _) = platform_with_video().await;
    let cache = tempfile::tempdir().expect("cache dir");
    let mut h = app_with(&platform, setup(cache.path())).await;
    h.keys("p");
    h.until("the first frame", |a| ready(a) >= 1).await;
    let (old_job, old_cells) = h.app.preview.as_ref().map(|p| (p.job, p.cells)).expect("open");
    let before = h.runtime.preview_decoders_started();
    h.terminal.backend_mut().resize(150, 45);
    h.press(Msg::Resize(150, 45));
    let p = h.app.preview.as_ref().expect("open");
    assert_ne!(p.job, old_job, "a new job for the new size");
    assert_ne!(p.cells, old_cells);
    // The old job's decoder is killed: at most the new job's one runs.
    assert!(
        children_down_to(1).await <= 1,
        "the old job's ffmpeg was left running"
    );
    h.until("the storyboard at the new size", settled).await;
    let p = h.app.preview.as_ref().expect("open");
    assert_eq!(ready(&h.app), 9, "{}", h.screen());
    for s in &p.slots {
        if let Slot::Ready(t) = s {
            let (w, hgt) = t.size();
            assert!(
                w <= p.cells.0 && hgt <= p.cells.1,
                "{:?} in {:?}",
                t.size(),
                p.cells
            );
        }
    }
    assert!(
        h.runtime.preview_decoders_started() < before + 9 + 9,
        "the old job did not run to its end"
    );
    h.press(code(KeyCode::Esc));
    assert_eq!(children_down_to(0).await, 0);
    platform.stop().await;
}

/// A cache dir that cannot be made: under a regular file. (A `chmod 0o555` dir would do for a
/// user, but these tests may run as root, whom permissions do not stop.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cache_that_cannot_be_written_still_shows_frames_and_says_so_once() {
    if !ffmpeg_or_skip("a_cache_that_cannot_be_written_still_shows_frames_and_says_so_once") {
        return;
    }
    let (platform, _) = platform_with_video().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a dir").expect("file");
    let unwritable = PreviewSetup::new(None, Some(file.join("frames")), 256);
    let mut h = app_with(&platform, unwritable).await;
    for round in 1..=2 {
        h.keys("p");
        h.until("the storyboard", settled).await;
        assert_eq!(ready(&h.app), 9, "{}", h.screen());
        let screen = h.screen();
        assert_eq!(screen.matches("frame cache not writable").count(), 1, "{screen}");
        // Nothing kept: each opening decodes every frame again.
        assert_eq!(h.runtime.preview_decoders_started(), 9 * round);
        h.press(code(KeyCode::Esc));
    }
    assert!(file.is_file(), "the file under the cache path is untouched");
    platform.stop().await;
}
