//! Finding and extracting a text subtitle track with ffprobe and ffmpeg: which streams are
//! subtitles in a text codec, which one to read (default-flagged, else the first), and its cues
//! written out as WebVTT (or as ASS, which keeps the speaker names).

use std::path::Path;
use std::time::Duration;

use tokio::process::Command;

/// Longest a probe or an extraction may take before the track counts as unreadable.
const TOOL_TIMEOUT: Duration = Duration::from_secs(60);
/// Largest extracted track read, in bytes (a subtitle track is text; this is generous).
const MAX_TRACK_BYTES: usize = 32 << 20;

/// Subtitle codecs that carry text. Bitmap subtitles (PGS, VobSub, DVB) and CEA-608/708
/// captions are not among them.
const TEXT_CODECS: &[&str] = &["mov_text", "subrip", "srt", "webvtt", "ass", "ssa", "text"];

/// The text subtitle stream chosen, by its place among the file's subtitle streams.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Track {
    /// Index among subtitle streams (`-map 0:s:N`).
    pub sub_index: usize,
    pub codec: String,
}

impl Track {
    /// Whether ffmpeg should write it as ASS (keeping `Name`) rather than WebVTT.
    pub fn is_ass(&self) -> bool {
        matches!(self.codec.as_str(), "ass" | "ssa")
    }
}

/// The track to read, from ffprobe's JSON: the default-flagged text track, else the first.
pub(crate) fn pick_track(probe_json: &str) -> Option<Track> {
    let v: serde_json::Value = serde_json::from_str(probe_json).ok()?;
    let streams = v.get("streams")?.as_array()?;
    let text: Vec<(Track, bool)> = streams
        .iter()
        .filter(|s| s.get("codec_type").and_then(|t| t.as_str()) == Some("subtitle"))
        .enumerate()
        .filter_map(|(i, s)| {
            let codec = s.get("codec_name").and_then(|c| c.as_str())?;
            let default = s
                .pointer("/disposition/default")
                .and_then(|d| d.as_i64())
                .is_some_and(|d| d == 1);
            TEXT_CODECS.contains(&codec).then(|| {
                let track = Track {
                    sub_index: i,
                    codec: codec.to_string(),
                };
                (track, default)
            })
        })
        .collect();
    text.iter()
        .find(|(_, d)| *d)
        .or_else(|| text.first())
        .map(|(t, _)| t.clone())
}

/// Asks ffprobe for the streams of `blob`; `None` when it cannot read the file.
pub(crate) async fn probe_streams(ffprobe: &Path, blob: &Path) -> Option<String> {
    let out = Command::new(ffprobe)
        .args(["-v", "error", "-of", "json", "-show_entries"])
        .arg("stream=codec_type,codec_name:stream_disposition=default")
        .arg(blob)
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(TOOL_TIMEOUT, out).await.ok()?.ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The track's cues as a WebVTT or ASS document, or why ffmpeg could not write them.
pub(crate) async fn extract(ffmpeg: &Path, blob: &Path, track: &Track) -> Result<String, String> {
    let mut cmd = Command::new(ffmpeg);
    cmd.args(["-nostdin", "-v", "error", "-i"])
        .arg(blob)
        .args(["-map", &format!("0:s:{}", track.sub_index)]);
    match track.codec.as_str() {
        "ass" | "ssa" => cmd.args(["-c:s", "copy", "-f", "ass"]),
        // WebVTT is copied so its `<v Name>` spans survive; the rest is converted.
        "webvtt" => cmd.args(["-c:s", "copy", "-f", "webvtt"]),
        _ => cmd.args(["-c:s", "webvtt", "-f", "webvtt"]),
    };
    cmd.arg("-").kill_on_drop(true);
    let out = match tokio::time::timeout(TOOL_TIMEOUT, cmd.output()).await {
        Err(_) => return Err("reading the subtitle track took too long".into()),
        Ok(Err(e)) => return Err(format!("ffmpeg could not be run: {e}")),
        Ok(Ok(out)) => out,
    };
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why.lines().last().unwrap_or("no reason given").trim().to_string();
        return Err(format!(
            "ffmpeg could not read the {} subtitle track: {why}",
            track.codec
        ));
    }
    if out.stdout.len() > MAX_TRACK_BYTES {
        return Err(format!(
            "the subtitle track is larger than {} MiB",
            MAX_TRACK_BYTES >> 20
        ));
    }
    String::from_utf8(out.stdout).map_err(|_| "the subtitle track is not UTF-8 text".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_text_track_wins_else_first_and_bitmaps_do_not_count() {
        let json = r#"{"streams":[{"codec_type":"video","codec_name":"h264"},
            {"codec_type":"subtitle","codec_name":"hdmv_pgs_subtitle","disposition":{"default":1}},
            {"codec_type":"subtitle","codec_name":"subrip","disposition":{"default":0}},
            {"codec_type":"subtitle","codec_name":"ass","disposition":{"default":1}}]}"#;
        let t = pick_track(json).expect("a track");
        assert_eq!((t.sub_index, t.codec.as_str()), (2, "ass"));
        let json = r#"{"streams":[{"codec_type":"subtitle","codec_name":"dvd_subtitle"},
            {"codec_type":"subtitle","codec_name":"mov_text"}]}"#;
        assert_eq!(pick_track(json).map(|t| t.sub_index), Some(1));
        assert_eq!(pick_track(r#"{"streams":[{"codec_type":"audio"}]}"#), None);
        assert_eq!(pick_track("not json"), None);
    }
}
