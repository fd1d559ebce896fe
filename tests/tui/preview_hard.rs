//! The preview's hard cases against real HLS made by the real ffmpeg and served on loopback:
//! a stream whose second half is gone (404), a segment that never answers, an audio-only
//! rendition opened as a storyboard, damaged segments, and a ten-hour video. Each ends in a line
//! where the picture would be (never a hang) and leaves no ffmpeg running after `Esc`.

use std::path::Path;
use std::time::Duration;

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_image::picker::Picker;
use serde_json::json;
use tl_assets::api::types::Asset;
use tl_assets::api::{ApiKey, Client};
use tl_assets::terminal_env::ImageProtocol;
use tl_assets::tui::{Msg, PreviewSetup, Runtime, Slot};

use crate::preview_platform::{children_down_to, ffmpeg_children, ready, settled};
use crate::support::hls_server::{DirServer, Segments, ffmpeg_or_skip, make_vod};
use crate::support::tui_harness::Harness;
use crate::tui_support::*;

/// An app at 120x40 drawing halfblocks whose list holds one video of `duration` seconds with
/// its HLS at `manifest`, previewing through `setup` (no platform: only the stream is real).
fn app_on(manifest: &str, duration: f64, setup: PreviewSetup) -> Harness {
    let mut v = serde_json::to_value(asset(0)).expect("json");
    v["file_type"] = json!("video/mp4");
    v["duration"] = json!(duration);
    v["hls"] = json!({"status": "ready", "manifest_url": manifest});
    let video: Asset = serde_json::from_value(v).expect("asset");
    let mut app = app();
    app.surroundings.image = Some(ImageProtocol::Halfblocks);
    let (request_id, p) = page_request(&app.init());
    app.update(Msg::PageLoaded {
        request_id,
        page: p,
        result: Ok(page(vec![video], 1, 1, 1)),
    });
    // Nothing listens on port 9: the app's own calls fail fast; the preview never uses them.
    let client = Client::new("http://127.0.0.1:9", ApiKey::new("tlk_unused")).expect("client");
    let runtime = Runtime::new(client)
        .with_picker(Some(Picker::halfblocks()))
        .with_preview(setup);
    Harness {
        app,
        runtime,
        terminal: Terminal::new(TestBackend::new(120, 40)).expect("terminal"),
    }
}

fn setup_in(cache: &Path) -> PreviewSetup {
    PreviewSetup::new(None, Some(cache.to_path_buf()), 256)
}

/// The line of each failed slot (empty for a frame).
fn failures(h: &Harness) -> Vec<String> {
    h.app.preview.as_ref().map_or(Vec::new(), |p| {
        p.slots
            .iter()
            .map(|s| match s {
                Slot::Failed(why) => why.clone(),
                _ => String::new(),
            })
            .collect()
    })
}

/// `Esc`, then no ffmpeg child of this process may still run (it is killed, then reaped).
async fn esc_leaves_nothing(h: &mut Harness) {
    h.press(code(KeyCode::Esc));
    assert!(h.app.preview.is_none());
    assert_eq!(children_down_to(0).await, 0, "no decoder survives Esc");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_gone_half_way_shows_frames_then_a_404_line() {
    if !ffmpeg_or_skip("a_stream_gone_half_way_shows_frames_then_a_404_line") {
        return;
    }
    let media = tempfile::tempdir().expect("dir");
    make_vod(media.path(), "v", "320x180", 10, Segments::Ts);
    // The playlist still lists them; the segments of the second half are gone.
    for i in 5..10 {
        std::fs::remove_file(media.path().join(format!("v-{i}.ts"))).expect("remove");
    }
    let server = DirServer::start(media.path().to_path_buf()).await;
    let cache = tempfile::tempdir().expect("cache");
    let mut h = app_on(&server.url("v.m3u8"), 10.0, setup_in(cache.path()));
    h.keys("p");
    h.until("the storyboard", settled).await;
    let fails = failures(&h);
    let times = h.app.preview.as_ref().expect("open").times();
    for (at, why) in times.iter().zip(&fails) {
        if *at < 4.9 {
            assert!(why.is_empty(), "a frame at {at}: {why}");
        } else {
            assert!(why.contains("gone here (HTTP 404)"), "at {at}: {why:?}");
        }
    }
    // The line wraps inside its slot.
    assert!(h.screen().contains("(HTTP 404)"), "{}", h.screen());
    esc_leaves_nothing(&mut h).await;
}

/// A loopback server that answers playlists from `root` and accepts segment requests without
/// ever answering them.
async fn stalling_server(root: std::path::PathBuf) -> (String, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let task = tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let root = root.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head).to_string();
                let path = head
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .trim_start_matches('/');
                if path.ends_with(".m3u8") && !path.contains("..") {
                    let body = std::fs::read(root.join(path)).unwrap_or_default();
                    let reply = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = sock.write_all(reply.as_bytes()).await;
                    let _ = sock.write_all(&body).await;
                    return;
                }
                // A segment: hold the connection open and say nothing.
                std::future::pending::<()>().await;
                drop(sock);
            });
        }
    });
    (base, task)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_segment_that_never_answers_becomes_one_line_and_stops_the_job() {
    if !ffmpeg_or_skip("a_segment_that_never_answers_becomes_one_line_and_stops_the_job") {
        return;
    }
    let media = tempfile::tempdir().expect("dir");
    make_vod(media.path(), "v", "320x180", 4, Segments::Ts);
    let (base, server) = stalling_server(media.path().to_path_buf()).await;
    let cache = tempfile::tempdir().expect("cache");
    let setup = setup_in(cache.path()).with_timeout(Duration::from_secs(2));
    let mut h = app_on(&format!("{base}/v.m3u8"), 4.0, setup);
    h.keys("p");
    // The app keeps taking keys while the decoder waits.
    h.keys("l");
    assert_eq!(h.app.preview.as_ref().map(|p| p.cursor), Some(1));
    h.until("every slot answered", settled).await;
    let fails = failures(&h);
    assert!(fails[0].contains("the stream did not answer"), "{fails:?}");
    assert!(
        fails[1..].iter().all(|f| f.starts_with("not tried:")),
        "{fails:?}"
    );
    // One wait, not nine; the app reads the segment itself, so no decoder even started.
    assert_eq!(h.runtime.preview_decoders_started(), 0);
    assert!(h.screen().contains("did not answer"), "{}", h.screen());
    esc_leaves_nothing(&mut h).await;
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quitting_while_a_segment_never_answers_leaves_nothing_running() {
    if !ffmpeg_or_skip("quitting_while_a_segment_never_answers_leaves_nothing_running") {
        return;
    }
    let media = tempfile::tempdir().expect("dir");
    make_vod(media.path(), "v", "320x180", 4, Segments::Ts);
    let (base, server) = stalling_server(media.path().to_path_buf()).await;
    let cache = tempfile::tempdir().expect("cache");
    // The default time limit: the wait would be 10 s and more on its own.
    let mut h = app_on(&format!("{base}/v.m3u8"), 4.0, setup_in(cache.path()));
    h.keys("p");
    // The app reads the segment itself (ffmpeg gets its bytes): while it stalls, no decoder runs.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(ffmpeg_children(), 0, "nothing decodes before the segment is in");
    assert!(failures(&h).iter().all(String::is_empty), "still waiting");
    h.press(Msg::Quit);
    assert!(h.app.should_quit);
    // The event loop returns and drops its runtime half; the async runtime lives on.
    drop(h);
    assert_eq!(children_down_to(0).await, 0, "no decoder outlives the app");
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audio_only_rendition_says_it_has_no_video() {
    if !ffmpeg_or_skip("an_audio_only_rendition_says_it_has_no_video") {
        return;
    }
    let media = tempfile::tempdir().expect("dir");
    let out = std::process::Command::new("ffmpeg")
        .current_dir(media.path())
        .args([
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=6",
        ])
        .args([
            "-c:a",
            "aac",
            "-f",
            "hls",
            "-hls_time",
            "1",
            "-hls_playlist_type",
            "vod",
        ])
        .args(["-hls_segment_filename", "a-%d.ts", "a.m3u8"])
        .output()
        .expect("ffmpeg");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let server = DirServer::start(media.path().to_path_buf()).await;
    let cache = tempfile::tempdir().expect("cache");
    let mut h = app_on(&server.url("a.m3u8"), 6.0, setup_in(cache.path()));
    h.keys("p");
    h.until("the storyboard", settled).await;
    let fails = failures(&h);
    assert!(fails[0].contains("no video track"), "{fails:?}");
    assert!(fails.iter().all(|f| f.contains("no video track")), "{fails:?}");
    assert_eq!(
        h.runtime.preview_decoders_started(),
        1,
        "asked once, not once per frame"
    );
    assert!(h.screen().contains("not tried: no"), "{}", h.screen());
    esc_leaves_nothing(&mut h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_segments_say_so_and_the_rest_still_show() {
    if !ffmpeg_or_skip("damaged_segments_say_so_and_the_rest_still_show") {
        return;
    }
    let media = tempfile::tempdir().expect("dir");
    make_vod(media.path(), "v", "320x180", 9, Segments::Ts);
    // The last segment is garbage: nothing after it to fall forward to.
    let garbage: Vec<u8> = (0..150_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(media.path().join("v-8.ts"), &garbage).expect("garbage");
    let server = DirServer::start(media.path().to_path_buf()).await;
    let cache = tempfile::tempdir().expect("cache");
    let mut h = app_on(&server.url("v.m3u8"), 9.0, setup_in(cache.path()));
    h.keys("p");
    h.until("the storyboard", settled).await;
    let fails = failures(&h);
    assert!(fails[..8].iter().all(String::is_empty), "{fails:?}");
    // ffmpeg reads a garbage segment in the middle of a stream without a word: no picture.
    assert!(
        fails[8].contains("no picture at this time (a damaged segment"),
        "{fails:?}"
    );
    assert_eq!(ready(&h.app), 8);
    assert!(h.screen().contains("no picture"), "{}", h.screen());
    esc_leaves_nothing(&mut h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_hour_video_gets_hour_clocks_and_zooms_down_to_seconds() {
    if !ffmpeg_or_skip("a_ten_hour_video_gets_hour_clocks_and_zooms_down_to_seconds") {
        return;
    }
    let media = tempfile::tempdir().expect("dir");
    // Ten real hours at one frame a minute: 600 frames, ten-minute segments.
    let out = std::process::Command::new("ffmpeg")
        .current_dir(media.path())
        .args(["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi"])
        .args(["-i", "testsrc=size=160x90:rate=1/60:duration=36000"])
        .args(["-c:v", "libx264", "-preset", "ultrafast", "-g", "1", "-an"])
        .args(["-f", "hls", "-hls_time", "600", "-hls_playlist_type", "vod"])
        .args(["-hls_segment_filename", "l-%d.ts", "l.m3u8"])
        .output()
        .expect("ffmpeg");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let server = DirServer::start(media.path().to_path_buf()).await;
    let cache = tempfile::tempdir().expect("cache");
    let mut h = app_on(&server.url("l.m3u8"), 36_000.0, setup_in(cache.path()));
    h.keys("p");
    h.until("the storyboard", settled).await;
    assert_eq!(ready(&h.app), 9, "{:?}", failures(&h));
    let screen = h.screen();
    assert!(
        screen.contains("frame 1/9 · 0:33:20 · span 0:00:00–10:00:00"),
        "{screen}"
    );
    assert!(screen.contains("9:26:40"), "the last slot's label: {screen}");
    assert!(screen.contains("0:33:20"), "all labels in one shape: {screen}");
    // The fifth slot, zoomed: 4:26:40–5:33:20, then again down to a slice of seconds.
    h.keys("llll+");
    let p = h.app.preview.as_ref().expect("open");
    assert_eq!(p.span, (16_000.0, 20_000.0));
    assert!(h.screen().contains("span 4:26:40–5:33:20"), "{}", h.screen());
    h.until("the zoomed storyboard", settled).await;
    assert_eq!(ready(&h.app), 9, "{:?}", failures(&h));
    h.keys("+++");
    let p = h.app.preview.as_ref().expect("open");
    assert!(
        (p.span.1 - p.span.0 - 4000.0 / 729.0).abs() < 1e-6,
        "{:?}",
        p.span
    );
    let screen = h.screen();
    assert!(screen.contains("span 4:59:57–5:00:02"), "{screen}");
    assert!(screen.contains("5:00:00.0"), "the labels show tenths: {screen}");
    h.keys("---");
    h.keys("-");
    assert_eq!(h.app.preview.as_ref().map(|p| p.span), Some((0.0, 36_000.0)));
    esc_leaves_nothing(&mut h).await;
}

/// The storyboard of a 9 s VOD of `kind` named `name`, served from a temp dir, once it settled
/// with every frame in; the dirs live as long as the test keeps them.
async fn settled_storyboard(kind: Segments, name: &str) -> (Harness, DirServer, [tempfile::TempDir; 2]) {
    let media = tempfile::tempdir().expect("dir");
    make_vod(media.path(), name, "320x180", 9, kind);
    let server = DirServer::start(media.path().to_path_buf()).await;
    let cache = tempfile::tempdir().expect("cache");
    let mut h = app_on(&server.url(&format!("{name}.m3u8")), 9.0, setup_in(cache.path()));
    h.keys("p");
    h.until("the storyboard", settled).await;
    assert_eq!(ready(&h.app), 9, "{:?}", failures(&h));
    (h, server, [media, cache])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_playlist_is_read_once_and_each_frame_reads_one_segment() {
    if !ffmpeg_or_skip("the_playlist_is_read_once_and_each_frame_reads_one_segment") {
        return;
    }
    let (mut h, server, _dirs) = settled_storyboard(Segments::Ts, "v").await;
    // ffmpeg given the playlist reads it, then the first segment, then the one it needs, for
    // every frame, each over a new connection: seconds a frame when the service is far away.
    assert_eq!(server.times_asked("v.m3u8"), 1);
    assert_eq!(
        server.requests(),
        1 + 9,
        "the playlist once, then one segment a frame"
    );
    esc_leaves_nothing(&mut h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fragmented_mp4_streams_pipe_the_init_section_and_one_segment() {
    if !ffmpeg_or_skip("fragmented_mp4_streams_pipe_the_init_section_and_one_segment") {
        return;
    }
    // ffmpeg given such a playlist seeks to no frame at all; init + segment piped in works.
    let (mut h, server, _dirs) = settled_storyboard(Segments::Fmp4, "f").await;
    assert_eq!(server.times_asked("f.m3u8"), 1);
    assert_eq!(
        server.times_asked("f-init.mp4"),
        1,
        "one init section serves them all"
    );
    assert_eq!(server.requests(), 1 + 1 + 9);
    esc_leaves_nothing(&mut h).await;
}
