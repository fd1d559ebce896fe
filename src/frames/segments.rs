//! Where in an HLS stream a moment is, and that moment's segment. ffmpeg given the playlist reads
//! it, then the first segment to learn the streams, then the segment that holds the moment, each
//! over a new connection (TCP and TLS handshakes first): several round trips a frame, seconds
//! when the service is far away. The preview reads the playlist once per job instead, fetches
//! the one segment over its own kept-alive connection, and pipes it to ffmpeg.
//!
//! Mapped: segments listed with their durations, MPEG-TS or fragmented MP4 with its init section
//! (piped before the segment: ffmpeg 5.1 finds no frame at all when it seeks in such a playlist
//! itself). Anything else (encryption, byte ranges, a playlist that cannot be read) maps to
//! nothing, and ffmpeg is given the playlist.

use std::time::Duration;

use reqwest::Url;

use super::FrameError;

/// A playlist larger than this is not read (a 10-hour stream of 2 s segments is under 1 MB).
const MAX_PLAYLIST: usize = 8 * 1024 * 1024;
/// A segment larger than this is left to ffmpeg (a 10 s segment of 4K video is about 30 MB).
const MAX_SEGMENT: usize = 96 * 1024 * 1024;

/// The segments of a media playlist with their start times.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentMap {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq)]
struct Segment {
    url: String,
    /// The init section it needs (fragmented MP4).
    init: Option<String>,
    start: f64,
    duration: f64,
}

/// The segment that holds a moment, and the offset of the moment into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot<'a> {
    pub url: &'a str,
    pub init: Option<&'a str>,
    pub offset: f64,
}

impl SegmentMap {
    /// The segment that holds `at` seconds (the last segment for a time past the end).
    pub fn locate(&self, at: f64) -> Option<Spot<'_>> {
        let i = self
            .segments
            .partition_point(|s| s.start + s.duration <= at)
            .min(self.segments.len().checked_sub(1)?);
        let s = &self.segments[i];
        Some(Spot {
            url: &s.url,
            init: s.init.as_deref(),
            offset: (at - s.start).clamp(0.0, s.duration),
        })
    }
}

/// The bytes at `url` (a segment or an init section), within `timeout`. A 404 or 403 says what
/// ffmpeg's own reading would have said; a timeout repeats for every frame.
pub async fn fetch_segment(
    http: &reqwest::Client,
    url: &str,
    timeout: Duration,
) -> Result<Vec<u8>, FrameError> {
    let get = async {
        let resp = http
            .get(url)
            .send()
            .await
            .map_err(|e| FrameError::Failed(format!("the segment could not be read ({e})")))?;
        let status = resp.status();
        if !status.is_success() {
            return Err(FrameError::Failed(match status.as_u16() {
                404 | 410 => "the stream is gone here (HTTP 404): the asset may have been deleted".into(),
                401 | 403 => "the stream refused access (its URL may have expired)".into(),
                _ => format!("the segment could not be read (HTTP {status})"),
            }));
        }
        let too_large = || FrameError::Failed("the segment is too large to read whole".into());
        if resp.content_length().is_some_and(|n| n > MAX_SEGMENT as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        let mut resp = resp;
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| FrameError::Failed(format!("the segment was cut short ({e})")))?
        {
            if body.len() + chunk.len() > MAX_SEGMENT {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    };
    tokio::time::timeout(timeout, get)
        .await
        .unwrap_or(Err(FrameError::TimedOut(timeout.as_secs().max(1))))
}

/// What a playlist's text is.
#[derive(Debug, PartialEq)]
enum Playlist {
    /// A multivariant playlist: the variant to read.
    Variants(Url),
    Media(SegmentMap),
}

/// Reads the playlist at `url` (following one multivariant level) into a segment map. `Ok(None)`:
/// not a plain playlist, or not readable (ffmpeg will say why); an error only when the stream
/// does not answer, which would repeat for every frame.
pub async fn resolve(
    http: &reqwest::Client,
    url: &str,
    want_height: u32,
    timeout: Duration,
) -> Result<Option<SegmentMap>, FrameError> {
    let Ok(mut at) = Url::parse(url) else {
        return Ok(None);
    };
    for _ in 0..2 {
        let text = match tokio::time::timeout(timeout, fetch(http, &at)).await {
            Err(_) => return Err(FrameError::TimedOut(timeout.as_secs().max(1))),
            Ok(None) => return Ok(None),
            Ok(Some(text)) => text,
        };
        match parse(&at, &text, want_height) {
            Some(Playlist::Media(map)) => return Ok(Some(map)),
            Some(Playlist::Variants(next)) => at = next,
            None => return Ok(None),
        }
    }
    Ok(None)
}

async fn fetch(http: &reqwest::Client, url: &Url) -> Option<String> {
    let resp = http.get(url.clone()).send().await.ok()?;
    if !resp.status().is_success() || resp.content_length().unwrap_or(0) > MAX_PLAYLIST as u64 {
        return None;
    }
    let bytes = resp.bytes().await.ok()?;
    (bytes.len() <= MAX_PLAYLIST).then(|| String::from_utf8_lossy(&bytes).into_owned())
}

/// Parses a playlist fetched from `base`; `None` when it is not one this module maps.
fn parse(base: &Url, text: &str, want_height: u32) -> Option<Playlist> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next()? != "#EXTM3U" {
        return None;
    }
    let mut segments = Vec::new();
    let mut variants: Vec<(u32, Url)> = Vec::new();
    let (mut duration, mut height, mut start) = (None::<f64>, None::<u32>, 0.0);
    // The init section the segments from here on need (fragmented MP4).
    let mut init: Option<String> = None;
    for line in lines {
        if let Some(rest) = line.strip_prefix("#EXTINF:") {
            duration = rest.split(',').next().and_then(|d| d.trim().parse().ok());
        } else if let Some(attrs) = line.strip_prefix("#EXT-X-STREAM-INF:") {
            height = resolution_height(attrs).or(Some(0));
        } else if let Some(attrs) = line.strip_prefix("#EXT-X-MAP:") {
            if attrs.contains("BYTERANGE") {
                return None;
            }
            let uri = attrs.split("URI=\"").nth(1)?.split('"').next()?;
            init = Some(base.join(uri).ok()?.into());
        } else if line.starts_with("#EXT-X-BYTERANGE")
            || (line.starts_with("#EXT-X-KEY") && !line.contains("METHOD=NONE"))
        {
            return None;
        } else if !line.starts_with('#') {
            let url = base.join(line).ok()?;
            if let Some(h) = height.take() {
                variants.push((h, url));
            } else {
                let d = duration.take().filter(|d| d.is_finite() && *d > 0.0)?;
                segments.push(Segment {
                    url: url.into(),
                    init: init.clone(),
                    start,
                    duration: d,
                });
                start += d;
            }
        }
    }
    if !variants.is_empty() {
        return pick_variant(variants, want_height).map(Playlist::Variants);
    }
    (!segments.is_empty()).then_some(Playlist::Media(SegmentMap { segments }))
}

/// `RESOLUTION=1280x720` → 720.
fn resolution_height(attrs: &str) -> Option<u32> {
    let r = attrs.split("RESOLUTION=").nth(1)?;
    r.split([',', ' ']).next()?.split_once('x')?.1.parse().ok()
}

/// The smallest variant at least `want` pixels high (a frame needs no more), else the tallest;
/// variants that say no resolution count as 0 high, so one that says is preferred.
fn pick_variant(mut variants: Vec<(u32, Url)>, want: u32) -> Option<Url> {
    variants.sort_by_key(|(h, _)| *h);
    let at_least = variants.iter().position(|(h, _)| *h >= want);
    let i = at_least.unwrap_or(variants.len().checked_sub(1)?);
    Some(variants.swap_remove(i).1)
}

#[cfg(test)]
#[path = "segments_tests.rs"]
mod tests;
