//! HLS test media: ffmpeg makes VOD playlists and segments in a temp directory at test time, and
//! a loopback HTTP server serves that directory (any path under it, else 404), so playlists can
//! be edited or segments removed between the making and the fetching.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Serves a directory on 127.0.0.1 until dropped.
pub struct DirServer {
    pub base: String,
    task: tokio::task::JoinHandle<()>,
    /// The paths asked for, in order.
    asked: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl DirServer {
    pub async fn start(root: PathBuf) -> Self {
        use axum::extract::Path as AxPath;
        use axum::http::StatusCode;
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = asked.clone();
        let app = axum::Router::new().route(
            "/{*path}",
            axum::routing::get(move |AxPath(path): AxPath<String>| {
                let file = root.join(&path);
                log.lock().expect("log").push(path.clone());
                async move {
                    if path.contains("..") {
                        return (StatusCode::NOT_FOUND, Vec::new());
                    }
                    match tokio::fs::read(&file).await {
                        Ok(b) => (StatusCode::OK, b),
                        Err(_) => (StatusCode::NOT_FOUND, b"missing".to_vec()),
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base, task, asked }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }

    /// How many times `path` was asked for.
    pub fn times_asked(&self, path: &str) -> usize {
        self.asked
            .lock()
            .expect("log")
            .iter()
            .filter(|p| *p == path)
            .count()
    }

    /// Every request so far.
    pub fn requests(&self) -> usize {
        self.asked.lock().expect("log").len()
    }
}

impl Drop for DirServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// True when ffmpeg can be run; prints why a test is skipped otherwise. In CI (`CI` set) a
/// missing ffmpeg fails the test instead: `.ci/run` installs it, so a skip there would hide a
/// broken install behind green tests.
pub fn ffmpeg_or_skip(test: &str) -> bool {
    let ok = Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: ffmpeg is not on PATH, and CI must run this test (apt install ffmpeg)"
        );
        println!("skipped {test}: ffmpeg is not on PATH, and the test media is made with it");
    }
    ok
}

/// Segment container of a made playlist.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Segments {
    Ts,
    Fmp4,
}

/// Makes `dir/name.m3u8` (VOD) with `seconds` of `size` test video and a tone, 1-second segments.
pub fn make_vod(dir: &Path, name: &str, size: &str, seconds: u32, kind: Segments) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let mut cmd = Command::new("ffmpeg");
    cmd.current_dir(dir)
        .args(["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("testsrc=size={size}:rate=25:duration={seconds}"))
        .args(["-f", "lavfi", "-i"])
        .arg(format!("sine=duration={seconds}"))
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "25",
            "-c:a",
            "aac",
        ])
        .args(["-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod"]);
    if kind == Segments::Fmp4 {
        cmd.args(["-hls_segment_type", "fmp4", "-hls_fmp4_init_filename"])
            .arg(format!("{name}-init.mp4"));
    }
    cmd.args(["-hls_segment_filename", &format!("{name}-%d.{}", ext(kind))])
        .arg(format!("{name}.m3u8"));
    let out = cmd.output().expect("run ffmpeg");
    assert!(
        out.status.success(),
        "ffmpeg: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn ext(kind: Segments) -> &'static str {
    match kind {
        Segments::Ts => "ts",
        Segments::Fmp4 => "m4s",
    }
}

/// Rewrites a playlist file through `edit`.
pub fn edit_playlist(path: &Path, edit: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).expect("read playlist");
    std::fs::write(path, edit(text)).expect("write playlist");
}

/// The sum of the `#EXTINF` durations of a playlist file.
pub fn extinf_sum(path: &Path) -> f64 {
    std::fs::read_to_string(path)
        .expect("read playlist")
        .lines()
        .filter_map(|l| l.strip_prefix("#EXTINF:"))
        .filter_map(|r| r.split(',').next()?.trim().parse::<f64>().ok())
        .sum()
}
