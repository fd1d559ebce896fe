//! One still frame out of a stream: `ffmpeg -ss T -i SOURCE -frames:v 1` to PNG on stdout. With
//! an HLS playlist ffmpeg reads only the segment that holds `T`. The child runs at low priority,
//! is killed when the future is dropped (a cancelled preview leaves nothing running) and is given
//! a time limit ([`READ_TIMEOUT`] by default), so a stalled segment becomes an error, never a
//! hang. ffmpeg logs at warning level (a missing segment is only a warning to it) and all of its
//! stderr is drained, the tail kept, so a chatty decoder never blocks on a full pipe.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;

use super::ffmpeg::lower_priority;

/// A PNG larger than this is refused (a frame is at most a pane's pixels).
const MAX_PNG: usize = 16 * 1024 * 1024;
/// The tail of stderr kept to explain a failure.
const MAX_STDERR: usize = 16 * 1024;
/// How long one frame may take, whatever the stream does: then ffmpeg is killed and the frame
/// is an error. ffmpeg's own `-rw_timeout` is half of it, as its HLS reader tries the next
/// segment (each with the full read timeout) when one does not answer.
pub const READ_TIMEOUT: Duration = Duration::from_secs(20);

/// Which frame, from where, at which pixel size at most.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameRequest {
    /// An HLS playlist URL or a file path.
    pub source: String,
    /// Seconds from the start.
    pub at: f64,
    pub width: u32,
    pub height: u32,
    /// One HLS segment's bytes (its init section first, for fragmented MP4), read by the caller
    /// and piped to ffmpeg instead of `source`; `at` is then the offset into the segment. ffmpeg
    /// cannot seek inside a lone segment by time (it gives no frame), so it decodes from the
    /// segment's start and drops the frames before `at`, which is what it does inside the
    /// segment when it is given the playlist.
    pub segment: Option<Vec<u8>>,
}

/// Why there is no frame; each says in a few words what happened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("cannot start ffmpeg: {0}")]
    Start(String),
    #[error("no frame: {0}")]
    Failed(String),
    #[error("no frame after {0} s (the stream did not answer)")]
    TimedOut(u64),
    #[error("no frame: the stream has no video track")]
    NoVideo,
}

impl FrameError {
    /// True when every other frame of the same stream would fail the same way (a stream that
    /// does not answer, or has no video at all): the caller need not start ffmpeg again.
    pub fn repeats(&self) -> bool {
        matches!(self, Self::TimedOut(_) | Self::NoVideo | Self::Start(_))
    }
}

/// The arguments for `req` (network sources get ffmpeg's own read timeout, half of `timeout`).
pub fn args(req: &FrameRequest, timeout: Duration) -> Vec<String> {
    let mut a: Vec<String> = ["-hide_banner", "-loglevel", "warning"]
        .map(String::from)
        .to_vec();
    if req.segment.is_none() {
        a.insert(0, "-nostdin".into());
    }
    let seek = ["-ss".to_string(), format!("{:.3}", req.at.max(0.0))];
    if req.segment.is_some() {
        a.extend(["-i".into(), "pipe:0".into()]);
        a.extend(seek);
    } else {
        if req.source.starts_with("http://") || req.source.starts_with("https://") {
            a.extend(["-rw_timeout".into(), (timeout / 2).as_micros().to_string()]);
        }
        a.extend(seek);
        a.extend(["-i".into(), req.source.clone()]);
    }
    a.extend([
        "-an".into(),
        "-frames:v".into(),
        "1".into(),
        "-vf".into(),
        format!(
            "scale={}:{}:force_original_aspect_ratio=decrease",
            req.width.max(2),
            req.height.max(2)
        ),
        "-f".into(),
        "image2pipe".into(),
        "-c:v".into(),
        "png".into(),
        "-".into(),
    ]);
    a
}

/// Runs ffmpeg for one frame and returns its PNG bytes.
pub async fn extract(ffmpeg: &Path, req: &FrameRequest, timeout: Duration) -> Result<Vec<u8>, FrameError> {
    let mut child = Command::new(ffmpeg)
        .args(args(req, timeout))
        .stdin(if req.segment.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| FrameError::Start(e.to_string()))?;
    lower_priority(child.id());
    let (Some(mut out), Some(err)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(FrameError::Start("no pipes to ffmpeg".into()));
    };
    let stdin = child.stdin.take();
    let work = async {
        let mut png = Vec::new();
        let mut stderr = Vec::new();
        let read_out = async { (&mut out).take(MAX_PNG as u64 + 1).read_to_end(&mut png).await };
        let read_err = drain_tail(err, &mut stderr);
        // ffmpeg stops reading once it has its frame: a write cut short by that is no error.
        let write_in = async {
            if let (Some(mut stdin), Some(bytes)) = (stdin, req.segment.as_deref()) {
                let _ = stdin.write_all(bytes).await;
            }
        };
        let (r1, (), ()) = tokio::join!(read_out, read_err, write_in);
        let status = child.wait().await;
        (r1, status, png, stderr)
    };
    let secs = timeout.as_secs().max(1);
    let Ok((read, status, png, stderr)) = tokio::time::timeout(timeout, work).await else {
        return Err(FrameError::TimedOut(secs));
    };
    read.map_err(|e| FrameError::Failed(e.to_string()))?;
    let ok = status.as_ref().is_ok_and(|s| s.success());
    if ok && !png.is_empty() && png.len() <= MAX_PNG {
        return Ok(png);
    }
    Err(classify(
        &String::from_utf8_lossy(&stderr),
        png.len() > MAX_PNG,
        secs,
    ))
}

/// Reads `from` to its end, keeping only the last [`MAX_STDERR`] bytes in `tail`.
async fn drain_tail(mut from: impl tokio::io::AsyncRead + Unpin, tail: &mut Vec<u8>) {
    let mut buf = [0u8; 4096];
    while let Ok(n) = from.read(&mut buf).await {
        if n == 0 {
            break;
        }
        tail.extend_from_slice(&buf[..n]);
        if tail.len() > MAX_STDERR {
            let cut = tail.len() - MAX_STDERR;
            tail.drain(..cut);
        }
    }
}

/// The error out of ffmpeg's stderr.
fn classify(stderr: &str, too_large: bool, secs: u64) -> FrameError {
    let lower = stderr.to_ascii_lowercase();
    if too_large {
        return FrameError::Failed(explain(stderr, true));
    }
    if lower.contains("does not contain any stream") || lower.contains("matches no streams") {
        return FrameError::NoVideo;
    }
    // ffmpeg's own read timeout (`-rw_timeout`) gave up on the stream.
    if lower.contains("timed out") || lower.contains("timeout") {
        return FrameError::TimedOut(secs);
    }
    FrameError::Failed(explain(stderr, too_large))
}

/// The reason out of ffmpeg's stderr, in one short line.
fn explain(stderr: &str, too_large: bool) -> String {
    if too_large {
        return "the frame is too large".into();
    }
    let lower = stderr.to_ascii_lowercase();
    if lower.contains("404") || lower.contains("not found") {
        return "the stream is gone here (HTTP 404): the asset may have been deleted".into();
    }
    if lower.contains("403") || lower.contains("401") {
        return "the stream refused access (its URL may have expired)".into();
    }
    if lower.contains("timed out") || lower.contains("timeout") {
        return "a segment did not arrive in time".into();
    }
    if lower.contains("does not contain any stream") || lower.contains("matches no streams") {
        return "the stream has no video track".into();
    }
    if lower.contains("invalid data") || lower.contains("could not detect ts packet size") {
        return "the stream is damaged here (ffmpeg cannot read its segment)".into();
    }
    // ffmpeg's own line when nothing came out, and its progress noise, say nothing more.
    let last = stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("Output file is empty"))
        .unwrap_or("");
    if last.is_empty() {
        "ffmpeg found no picture at this time (a damaged segment, or past the end)".into()
    } else {
        crate::format::printable(last).chars().take(120).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_sources_get_a_read_timeout_and_files_do_not() {
        let mut req = FrameRequest {
            source: "http://x/index.m3u8".into(),
            at: 12.5,
            width: 320,
            height: 180,
            segment: None,
        };
        let a = args(&req, Duration::from_secs(10));
        assert!(a.windows(2).any(|w| w[0] == "-rw_timeout" && w[1] == "5000000"));
        assert!(
            a.windows(4)
                .any(|w| w == ["-ss", "12.500", "-i", "http://x/index.m3u8"])
        );
        req.source = "/tmp/a.mp4".into();
        assert!(!args(&req, Duration::from_secs(10)).contains(&"-rw_timeout".to_string()));
        // A lone segment piped in: the seek goes after the input, so frames before it are
        // decoded and dropped; stdin is the input, so no -nostdin.
        req.segment = Some(b"segment".to_vec());
        let a = args(&req, Duration::from_secs(10));
        assert!(a.windows(4).any(|w| w == ["-i", "pipe:0", "-ss", "12.500"]));
        assert!(!a.contains(&"-nostdin".to_string()) && !a.contains(&"-rw_timeout".to_string()));
    }

    #[test]
    fn ffmpeg_errors_become_short_reasons() {
        assert!(explain("Server returned 404 Not Found", false).contains("gone"));
        assert!(explain("Connection timed out", false).contains("in time"));
        assert!(explain("Output file #0 does not contain any stream", false).contains("no video"));
        assert!(explain("", false).contains("no picture"));
        assert!(explain("Output file is empty, nothing was encoded", false).contains("no picture"));
        assert!(explain("[mpegts] Could not detect TS packet size", false).contains("damaged"));
        assert_eq!(
            classify("Output file #0 does not contain any stream", false, 9),
            FrameError::NoVideo
        );
        assert_eq!(
            classify("Connection timed out", false, 9),
            FrameError::TimedOut(9)
        );
        assert!(FrameError::NoVideo.repeats() && !FrameError::Failed("x".into()).repeats());
    }
}
