//! HLS VOD links as URL uploads: playlists and segments made by ffmpeg at test time, served from
//! loopback. A VOD (TS or fMP4) is taken in whole and processed like any video; a master
//! playlist gives its highest-bandwidth variant; live, encrypted, too-long playlists and a segment
//! that 404s half-way are refused with the contract's codes and leave nothing stored.

use crate::hls_server::{DirServer, Segments, edit_playlist, extinf_sum, ffmpeg_or_skip, make_vod};
use crate::platform_support::{Env, entries, expect, expect_error};
use reqwest::{Method, StatusCode};

/// Uploads `url`, expects 201, waits for processing and returns the final asset.
async fn take_in(env: &Env, url: &str) -> serde_json::Value {
    let resp = env.upload_url(url, &[]).await;
    let created = expect(resp, StatusCode::CREATED, "post", "/assets").await;
    let id = created["_id"].as_str().expect("_id");
    env.wait_final(id).await
}

/// Asserts that nothing of a refused upload stayed: no temp file, no blob, no asset.
async fn nothing_stored(env: &Env) {
    assert!(
        entries(&env.dir.path().join("tmp")).is_empty(),
        "a temp file stayed"
    );
    assert!(entries(&env.dir.path().join("blobs")).is_empty(), "a blob stayed");
    let list = expect(
        env.send(Method::GET, "/assets").await,
        StatusCode::OK,
        "get",
        "/assets",
    )
    .await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(0), "{list}");
}

/// Serves `text` as `name` from loopback, uploads its URL and expects a 400 with `code`, leaving
/// nothing stored; the error's message.
async fn refused(name: &str, text: &str, code: &str) -> String {
    let media = tempfile::tempdir().expect("tempdir");
    std::fs::write(media.path().join(name), text).expect("write");
    let server = DirServer::start(media.path().to_path_buf()).await;
    let env = Env::start().await;
    let resp = env.upload_url(&server.url(name), &[]).await;
    let message = expect_error(resp, StatusCode::BAD_REQUEST, code, "post", "/assets").await;
    nothing_stored(&env).await;
    message
}

#[tokio::test]
async fn a_ts_vod_is_taken_in_whole_with_its_duration() {
    if !ffmpeg_or_skip("a_ts_vod_is_taken_in_whole_with_its_duration") {
        return;
    }
    let media = tempfile::tempdir().expect("tempdir");
    make_vod(media.path(), "v", "640x360", 4, Segments::Ts);
    let server = DirServer::start(media.path().to_path_buf()).await;
    let env = Env::start().await;
    let asset = take_in(&env, &server.url("v.m3u8")).await;
    assert_eq!(asset["status"], "ready", "{asset}");
    assert_eq!(asset["method"], "url");
    assert_eq!(asset["file_type"], "video/mp2t", "{asset}");
    let duration = asset["duration"].as_f64().expect("duration");
    assert!((duration - 4.0).abs() < 0.5, "{duration}");
    assert_eq!(asset["technical_metadata"]["video_width"], 640, "{asset}");
    let on_disk: u64 = std::fs::read_dir(media.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".ts"))
        .map(|e| e.metadata().expect("meta").len())
        .sum();
    assert_eq!(
        asset["size"].as_u64(),
        Some(on_disk),
        "the segments, byte for byte"
    );
}

#[tokio::test]
async fn an_fmp4_vod_starts_with_its_init_section() {
    if !ffmpeg_or_skip("an_fmp4_vod_starts_with_its_init_section") {
        return;
    }
    let media = tempfile::tempdir().expect("tempdir");
    make_vod(media.path(), "f", "640x360", 5, Segments::Fmp4);
    let server = DirServer::start(media.path().to_path_buf()).await;
    let env = Env::start().await;
    let asset = take_in(&env, &server.url("f.m3u8")).await;
    assert_eq!(asset["status"], "ready", "{asset}");
    assert_eq!(asset["file_type"], "video/mp4", "{asset}");
    let duration = asset["duration"].as_f64().expect("duration");
    let manifest = extinf_sum(&media.path().join("f.m3u8"));
    assert!((duration - manifest).abs() < 0.5, "{duration} vs {manifest}");
}

#[tokio::test]
async fn a_master_playlist_gives_its_highest_bandwidth_variant_whatever_its_name() {
    if !ffmpeg_or_skip("a_master_playlist_gives_its_highest_bandwidth_variant_whatever_its_name") {
        return;
    }
    let media = tempfile::tempdir().expect("tempdir");
    make_vod(&media.path().join("low"), "v", "640x360", 5, Segments::Ts);
    make_vod(&media.path().join("high"), "v", "854x480", 5, Segments::Ts);
    let master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=854x480\nhigh/v.m3u8\n\
                  #EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nlow/v.m3u8\n";
    std::fs::write(media.path().join("stream.txt"), master).expect("write");
    let server = DirServer::start(media.path().to_path_buf()).await;
    let env = Env::start().await;
    let asset = take_in(&env, &server.url("stream.txt")).await;
    assert_eq!(asset["status"], "ready", "{asset}");
    assert_eq!(asset["technical_metadata"]["video_width"], 854, "{asset}");
}

#[tokio::test]
async fn a_live_playlist_is_refused_at_once() {
    // No ffmpeg needed: a live playlist is refused before any segment is fetched.
    let live =
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:2,\na.ts\n#EXTINF:2,\nb.ts\n";
    let message = refused("live.m3u8", live, "video_file_live").await;
    assert!(message.contains("#EXT-X-ENDLIST"), "{message}");
}

#[tokio::test]
async fn encrypted_segments_are_refused() {
    let text = "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k.bin\"\n#EXTINF:2,\na.ts\n#EXT-X-ENDLIST\n";
    let message = refused("enc.m3u8", text, "media_url_file_broken").await;
    assert!(message.contains("encrypted"), "{message}");
}

#[tokio::test]
async fn ten_thousand_segments_are_refused_before_any_is_fetched() {
    let mut text = String::from("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n");
    for i in 0..10_000 {
        text.push_str(&format!("#EXTINF:1.0,\ns{i}.m4s\n"));
    }
    text.push_str("#EXT-X-ENDLIST\n");
    let message = refused("long.m3u8", &text, "media_url_file_broken").await;
    assert!(
        message.contains("10000 segments") && message.contains("5000"),
        "{message}"
    );
}

#[tokio::test]
async fn a_segment_missing_half_way_leaves_nothing_stored() {
    if !ffmpeg_or_skip("a_segment_missing_half_way_leaves_nothing_stored") {
        return;
    }
    let media = tempfile::tempdir().expect("tempdir");
    make_vod(media.path(), "v", "640x360", 4, Segments::Ts);
    std::fs::remove_file(media.path().join("v-2.ts")).expect("remove a segment");
    let server = DirServer::start(media.path().to_path_buf()).await;
    let env = Env::start().await;
    let resp = env.upload_url(&server.url("v.m3u8"), &[]).await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "media_url_not_accessible",
        "post",
        "/assets",
    )
    .await;
    nothing_stored(&env).await;
    // The same playlist with the segment back is taken in: the refusal was the missing segment.
    make_vod(media.path(), "v", "640x360", 4, Segments::Ts);
    edit_playlist(&media.path().join("v.m3u8"), |t| t);
    let asset = take_in(&env, &server.url("v.m3u8")).await;
    assert_eq!(asset["status"], "ready", "{asset}");
}
