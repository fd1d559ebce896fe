//! The transcript through the whole terminal app against a real local platform on 127.0.0.1:
//! a video made by ffmpeg with a mov_text track shows its cues in the detail, `/` finds one,
//! `Enter` opens the preview at its time with the cue under the grid; a video without a track
//! says "no transcript". Timeouts only keep a broken build from hanging.

use crate::support::hls_server::ffmpeg_or_skip;
use crate::support::subtitled::{CUES, make_mp4};
use crate::support::tui_harness::{Harness, Platform};
use crate::tui_support::code;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::{CreateAsset, UploadSource};
use tl_assets::tui::{Msg, TranscriptShown};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cues_of_a_subtitle_track_show_search_and_open_the_preview() {
    if !ffmpeg_or_skip("the_cues_of_a_subtitle_track_show_search_and_open_the_preview") {
        return;
    }
    let media = tempfile::tempdir().expect("tempdir");
    let platform = Platform::start().await;
    let mut ids = Vec::new();
    // The plain one first, so the subtitled one is newest and selected.
    for file in [
        make_mp4(media.path(), "silent.mp4", 5, None),
        make_mp4(media.path(), "harbor.mp4", 6, Some(&CUES)),
    ] {
        let req = CreateAsset::new(UploadSource::File(file));
        let id = platform.client.create_asset(&req, None).await.expect("upload").id;
        platform.wait_ready(&id).await;
        ids.push(id);
    }
    let (plain, subtitled) = (ids[0].clone(), ids[1].clone());

    let mut h = Harness::new(platform.client.clone());
    h.terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    h.press(Msg::Resize(120, 40));
    h.until("the transcript", |a| a.transcripts.get(&subtitled).is_some())
        .await;
    // The detail focused and scrolled to its end, where the transcript is.
    h.press(code(KeyCode::Enter));
    h.keys("G");
    let screen = h.screen();
    assert!(screen.contains("ready · 3 lines"), "{screen}");
    assert!(screen.contains(" 0:00  Welcome back to the harbor."), "{screen}");
    assert!(screen.contains(" 0:04  Boats leave at dawn."), "{screen}");

    h.keys("/tide");
    h.press(code(KeyCode::Enter));
    assert_eq!(h.app.transcripts.search.current, Some(1));
    h.press(code(KeyCode::Enter));
    let p = h.app.preview.as_ref().expect("the preview is open");
    assert_eq!(p.captions.len(), CUES.len());
    // The cursor's frame is one said during the line (2.0 to 3.4 s of 6), next to its start.
    let at = p.cursor_time();
    assert!((CUES[1].0..CUES[1].1).contains(&at), "cursor at {at}");
    h.draw();
    assert!(h.screen().contains("The tide turns at noon."), "{}", h.screen());

    // Esc closes the preview, h back to the list, j to the video without a track.
    h.press(code(KeyCode::Esc));
    h.keys("hj");
    h.until("the second transcript", |a| a.transcripts.get(&plain).is_some())
        .await;
    assert_eq!(h.app.transcripts.get(&plain), Some(&TranscriptShown::Missing));
    assert!(h.screen().contains("no transcript"), "{}", h.screen());
    platform.stop().await;
}
