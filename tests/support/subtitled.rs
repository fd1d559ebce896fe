//! Test media with an embedded text subtitle track, made with ffmpeg at test time: the local
//! platform reads a transcript only from such a track (docs/contract.md §16). Callers check
//! `ffmpeg_or_skip` first.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The cues the subtitled files carry: start and end in seconds, and the text.
pub const CUES: [(f64, f64, &str); 3] = [
    (0.5, 1.8, "Welcome back to the harbor."),
    (2.0, 3.4, "The tide turns at noon."),
    (4.25, 5.75, "Boats leave at dawn."),
];

/// SRT time `00:00:01,200` for `secs`.
fn srt_time(secs: f64) -> String {
    let ms = (secs * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// An SRT document of `cues`.
pub fn srt(cues: &[(f64, f64, &str)]) -> String {
    cues.iter()
        .enumerate()
        .map(|(i, (s, e, t))| format!("{}\n{} --> {}\n{t}\n\n", i + 1, srt_time(*s), srt_time(*e)))
        .collect()
}

/// `dir/name`: `seconds` of 640x360 test video with a tone, and, when `cues` is given, a
/// mov_text subtitle track holding them.
pub fn make_mp4(dir: &Path, name: &str, seconds: u32, cues: Option<&[(f64, f64, &str)]>) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let out = dir.join(name);
    let mut cmd = Command::new("ffmpeg");
    cmd.args(["-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("testsrc=size=640x360:rate=25:duration={seconds}"))
        .args(["-f", "lavfi", "-i"])
        .arg(format!("sine=duration={seconds}"));
    if let Some(cues) = cues {
        let subs = dir.join(format!("{name}.srt"));
        std::fs::write(&subs, srt(cues)).expect("write srt");
        cmd.arg("-i").arg(&subs);
    }
    cmd.args(["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"]);
    if cues.is_some() {
        cmd.args(["-c:s", "mov_text"]);
    }
    cmd.arg(&out);
    let done = cmd.output().expect("run ffmpeg");
    assert!(
        done.status.success(),
        "ffmpeg: {}",
        String::from_utf8_lossy(&done.stderr)
    );
    out
}
