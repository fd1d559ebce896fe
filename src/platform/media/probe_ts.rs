//! Probing MPEG-TS (what most HLS playlists are made of): the pure-Rust demuxers the platform
//! uses do not read TS, so `ffprobe` does, when it is on PATH. Without it a TS file is reported
//! as unreadable, and HLS intake refuses TS playlists up front with a message saying so.

use std::path::Path;
use std::process::Command;

use crate::platform::media::probed::Probed;

/// True when the first bytes carry the TS sync byte every 188 bytes.
pub(crate) fn is_ts(head: &[u8]) -> bool {
    head.len() > 376 && head[0] == 0x47 && head[188] == 0x47 && head[376] == 0x47
}

/// True when `ffprobe` is on PATH.
pub(crate) fn available() -> bool {
    crate::terminal_env::find_on_path("ffprobe").is_some()
}

/// Fills `p` from what ffprobe says of the TS file at `path`.
pub(crate) fn probe(path: &Path, p: &mut Probed) {
    let Some(ffprobe) = crate::terminal_env::find_on_path("ffprobe") else {
        p.broken = Some("MPEG-TS is read with ffprobe, which is not on PATH".into());
        return;
    };
    let out = Command::new(ffprobe)
        .args(["-v", "error", "-of", "json", "-show_entries"])
        .arg("stream=codec_type,codec_name,width,height,sample_rate,channels:format=duration,format_name")
        .arg(path)
        .output();
    let out = match out {
        Ok(o) if o.status.success() => o.stdout,
        Ok(o) => {
            p.broken = Some(format!("ffprobe: {}", String::from_utf8_lossy(&o.stderr).trim()));
            return;
        }
        Err(e) => {
            p.broken = Some(format!("ffprobe did not run: {e}"));
            return;
        }
    };
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap_or_default();
    fill(&json, p);
}

/// Copies ffprobe's JSON answer into `p`.
fn fill(json: &serde_json::Value, p: &mut Probed) {
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let int = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(|x| x.as_u64().or_else(|| x.as_str().and_then(|s| s.parse().ok())))
            .and_then(|n| u32::try_from(n).ok())
    };
    p.container = Some("mpegts".into());
    p.duration = json
        .pointer("/format/duration")
        .and_then(|d| d.as_str())
        .and_then(|d| d.parse::<f64>().ok())
        .filter(|d| d.is_finite() && *d > 0.0);
    for stream in json
        .get("streams")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
    {
        match stream.get("codec_type").and_then(|t| t.as_str()) {
            Some("video") => {
                p.video_tracks += 1;
                if p.video_tracks == 1 {
                    p.width = int(stream, "width");
                    p.height = int(stream, "height");
                    p.video_codec = text(stream, "codec_name");
                }
            }
            Some("audio") => {
                p.audio_tracks += 1;
                if p.audio_tracks == 1 {
                    p.audio_codec = text(stream, "codec_name");
                    p.sample_rate = int(stream, "sample_rate");
                    p.channels = int(stream, "channels");
                }
            }
            _ => {}
        }
    }
    if p.video_tracks + p.audio_tracks == 0 {
        p.broken = Some("no audio or video stream".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ffprobe_json() {
        let json = serde_json::json!({
            "streams": [
                {"codec_type": "video", "codec_name": "h264", "width": 1280, "height": 720},
                {"codec_type": "audio", "codec_name": "aac", "sample_rate": "48000", "channels": 2}
            ],
            "format": {"duration": "12.480000", "format_name": "mpegts"}
        });
        let mut p = Probed::default();
        fill(&json, &mut p);
        assert_eq!(
            (p.width, p.height, p.sample_rate),
            (Some(1280), Some(720), Some(48000))
        );
        assert!(p.duration.is_some_and(|d| (d - 12.48).abs() < 1e-6));
        assert!(p.broken.is_none());
    }

    #[test]
    fn ts_needs_three_sync_bytes() {
        let mut head = vec![0u8; 400];
        assert!(!is_ts(&head));
        for i in [0, 188, 376] {
            head[i] = 0x47;
        }
        assert!(is_ts(&head));
    }
}
