//! Loudness across a span of an audio (or video) stream: ffmpeg decodes the span to mono 16-bit
//! samples at a low rate, and each of `buckets` equal slices keeps its peak (0.0–1.0). The child
//! is killed when the future is dropped and runs at low priority, as for frames.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::process::Command;

use super::extract::FrameError;
use super::ffmpeg::lower_priority;

/// Samples per second decoded: enough for a strip of a few hundred columns.
const RATE: u32 = 2000;

/// The peaks of `buckets` slices of `[start, end)` seconds of `source`.
pub async fn peaks(
    ffmpeg: &Path,
    source: &str,
    (start, end): (f64, f64),
    buckets: usize,
    timeout: Duration,
) -> Result<Vec<f32>, FrameError> {
    let span = (end - start).max(0.01);
    let mut cmd = Command::new(ffmpeg);
    cmd.args(["-nostdin", "-hide_banner", "-loglevel", "error"]);
    if source.starts_with("http") {
        cmd.args(["-rw_timeout", &timeout.as_micros().to_string()]);
    }
    cmd.args([
        "-ss",
        &format!("{start:.3}"),
        "-t",
        &format!("{span:.3}"),
        "-i",
        source,
    ])
    .args(["-vn", "-ac", "1", "-ar", &RATE.to_string(), "-f", "s16le", "-"])
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .kill_on_drop(true);
    let mut child = cmd.spawn().map_err(|e| FrameError::Start(e.to_string()))?;
    lower_priority(child.id());
    let Some(mut out) = child.stdout.take() else {
        return Err(FrameError::Start("no pipe from ffmpeg".into()));
    };
    let expected = (span * f64::from(RATE)).ceil().max(1.0) as usize;
    let per = expected.div_ceil(buckets.max(1)).max(1);
    let work = async {
        let mut peaks = vec![0f32; buckets.max(1)];
        let mut buf = vec![0u8; 64 * 1024];
        let (mut n, mut carry) = (0usize, None::<u8>);
        loop {
            let got = out.read(&mut buf).await?;
            if got == 0 {
                break;
            }
            let mut bytes = buf[..got].iter().copied();
            loop {
                let lo = match carry.take() {
                    Some(b) => b,
                    None => match bytes.next() {
                        Some(b) => b,
                        None => break,
                    },
                };
                let Some(hi) = bytes.next() else {
                    carry = Some(lo);
                    break;
                };
                let v = f32::from(i16::from_le_bytes([lo, hi])).abs() / 32768.0;
                let slot = (n / per).min(peaks.len() - 1);
                peaks[slot] = peaks[slot].max(v);
                n += 1;
            }
        }
        let status = child.wait().await?;
        Ok::<_, std::io::Error>((peaks, n, status.success()))
    };
    match tokio::time::timeout(timeout + Duration::from_secs(5), work).await {
        Err(_) => Err(FrameError::TimedOut(timeout.as_secs())),
        Ok(Err(e)) => Err(FrameError::Failed(e.to_string())),
        Ok(Ok((_, 0, _))) => Err(FrameError::Failed("the stream has no sound in this span".into())),
        Ok(Ok((peaks, _, _))) => Ok(peaks),
    }
}
