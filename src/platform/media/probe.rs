//! Media probing from the bytes: `infer` sniffs the type, symphonia reads audio and video
//! containers (MP4/MOV included), imagesize reads image headers. Blocking; call off the async
//! threads.

use std::io::Read;
use std::path::Path;

use symphonia::core::codecs::CodecParameters;
use symphonia::core::codecs::audio::well_known as audio_ids;
use symphonia::core::codecs::video::well_known as video_ids;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, Track};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

/// What the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaKind {
    Video,
    Audio,
    Image,
    /// A text HLS playlist; `live` when it has no `#EXT-X-ENDLIST`.
    Playlist {
        live: bool,
    },
    /// Anything else.
    Other,
}

pub(crate) use crate::platform::media::probed::Probed;

/// Sniffs the file type from its first bytes.
pub(crate) fn sniff(path: &Path) -> std::io::Result<(MediaKind, String)> {
    let mut head = Vec::with_capacity(8192);
    std::fs::File::open(path)?.take(8192).read_to_end(&mut head)?;
    Ok(sniff_bytes(&head))
}

/// Sniffs a type from the first bytes of a file.
pub(crate) fn sniff_bytes(head: &[u8]) -> (MediaKind, String) {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let trimmed = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &text[i..]);
    if trimmed.starts_with(b"#EXTM3U") {
        // Only the first bytes are at hand here; `probe` re-reads the whole playlist.
        return (
            MediaKind::Playlist { live: true },
            "application/vnd.apple.mpegurl".into(),
        );
    }
    if crate::platform::media::probe_ts::is_ts(head) {
        return (MediaKind::Video, "video/mp2t".into());
    }
    match infer::get(head) {
        Some(t) => {
            let kind = match t.matcher_type() {
                infer::MatcherType::Video => MediaKind::Video,
                infer::MatcherType::Audio => MediaKind::Audio,
                infer::MatcherType::Image => MediaKind::Image,
                _ => MediaKind::Other,
            };
            (kind, t.mime_type().to_string())
        }
        None => (MediaKind::Other, "application/octet-stream".to_string()),
    }
}

/// Probes a file fully: type, size and what the container and stream headers say.
pub(crate) fn probe(path: &Path) -> std::io::Result<(MediaKind, Probed)> {
    let (mut kind, mime) = sniff(path)?;
    let size = std::fs::metadata(path)?.len();
    let mut p = Probed {
        mime,
        size,
        ..Probed::default()
    };
    match kind {
        MediaKind::Video if p.mime == "video/mp2t" => crate::platform::media::probe_ts::probe(path, &mut p),
        MediaKind::Video | MediaKind::Audio => probe_av(path, &mut p),
        MediaKind::Image => probe_image(path, &mut p),
        MediaKind::Playlist { .. } => {
            // Playlists are small text files; a huge one is not a playlist worth reading.
            let mut text = String::new();
            std::fs::File::open(path)?
                .take(4 << 20)
                .read_to_string(&mut text)
                .ok();
            kind = MediaKind::Playlist {
                live: !text.contains("#EXT-X-ENDLIST"),
            };
        }
        MediaKind::Other => {}
    }
    Ok((kind, p))
}

fn probe_image(path: &Path, p: &mut Probed) {
    match imagesize::size(path) {
        Ok(dim) if dim.width == 0 || dim.height == 0 => p.broken = Some("image has no pixels".into()),
        Ok(dim) => {
            p.width = u32::try_from(dim.width).ok();
            p.height = u32::try_from(dim.height).ok();
            p.container = p.mime.strip_prefix("image/").map(str::to_string);
        }
        Err(e) => p.broken = Some(format!("image header unreadable: {e}")),
    }
}

fn probe_av(path: &Path, p: &mut Probed) {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            p.broken = Some(e.to_string());
            return;
        }
    };
    let mss = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    hint.mime_type(&p.mime);
    let probe = symphonia::default::get_probe();
    let mut reader = match probe.probe(&hint, mss, FormatOptions::default(), MetadataOptions::default()) {
        Ok(r) => r,
        Err(e) => {
            p.broken = Some(format!("container unreadable: {e}"));
            return;
        }
    };
    p.container = Some(reader.format_info().short_name.to_string());
    let mut duration: Option<f64> = None;
    for track in reader.tracks() {
        let secs = track_seconds(track);
        match &track.codec_params {
            Some(CodecParameters::Video(v)) => {
                p.video_tracks += 1;
                if p.video_tracks == 1 {
                    p.width = v.width.map(u32::from);
                    p.height = v.height.map(u32::from);
                    p.video_codec = Some(video_codec_name(v.codec));
                }
            }
            Some(CodecParameters::Audio(a)) => {
                p.audio_tracks += 1;
                if p.audio_tracks == 1 {
                    p.audio_codec = Some(audio_codec_name(a.codec));
                    p.sample_rate = a.sample_rate;
                    p.channels = a.channels.as_ref().map(|c| c.count() as u32);
                }
            }
            _ => {}
        }
        if let Some(s) = secs {
            duration = Some(duration.map_or(s, |d: f64| d.max(s)));
        }
    }
    p.duration = duration;
    if p.video_tracks + p.audio_tracks == 0 {
        p.broken = Some("no audio or video stream".into());
        return;
    }
    match read_all_packets(reader.as_mut()) {
        // A fragmented MP4 (HLS fMP4) states only its first fragment's length in its headers;
        // the packets tell the whole.
        Ok(end) => p.duration = later(p.duration, end),
        Err(e) => p.broken = Some(e),
    }
}

/// Demuxes every packet, so a truncated or corrupt stream is noticed at upload rather than
/// later; returns the end time of the last packet, in seconds, when the timestamps tell it.
fn read_all_packets(reader: &mut dyn FormatReader) -> Result<Option<f64>, String> {
    let bases: Vec<(u32, symphonia::core::units::TimeBase)> = reader
        .tracks()
        .iter()
        .filter_map(|t| Some((t.id, t.time_base?)))
        .collect();
    let mut end: Option<f64> = None;
    loop {
        match reader.next_packet() {
            Ok(Some(packet)) => {
                let base = bases
                    .iter()
                    .find(|(id, _)| *id == packet.track_id)
                    .map(|(_, b)| b);
                let secs = base
                    .and_then(|b| b.calc_time(packet.pts.saturating_add(packet.dur)))
                    .map(|t| t.as_secs_f64())
                    .filter(|s| s.is_finite());
                end = later(end, secs);
            }
            Ok(None) => return Ok(end),
            Err(symphonia::core::errors::Error::ResetRequired) => return Ok(end),
            Err(e) => return Err(format!("stream unreadable: {e}")),
        }
    }
}

/// The later of two optional times.
fn later(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

fn track_seconds(track: &Track) -> Option<f64> {
    let tb = track.time_base?;
    let dur = track.duration?;
    tb.calc_duration(dur).map(|t| t.as_secs_f64())
}

fn video_codec_name(id: symphonia::core::codecs::video::VideoCodecId) -> String {
    let known = [
        (video_ids::CODEC_ID_H264, "h264"),
        (video_ids::CODEC_ID_HEVC, "hevc"),
        (video_ids::CODEC_ID_VP8, "vp8"),
        (video_ids::CODEC_ID_VP9, "vp9"),
        (video_ids::CODEC_ID_AV1, "av1"),
        (video_ids::CODEC_ID_MPEG4, "mpeg4"),
    ];
    known
        .iter()
        .find(|(k, _)| *k == id)
        .map_or_else(|| id.to_string(), |(_, n)| n.to_string())
}

fn audio_codec_name(id: symphonia::core::codecs::audio::AudioCodecId) -> String {
    let known = [
        (audio_ids::CODEC_ID_AAC, "aac"),
        (audio_ids::CODEC_ID_MP3, "mp3"),
        (audio_ids::CODEC_ID_FLAC, "flac"),
        (audio_ids::CODEC_ID_PCM_S16LE, "pcm_s16le"),
        (audio_ids::CODEC_ID_OPUS, "opus"),
        (audio_ids::CODEC_ID_VORBIS, "vorbis"),
        (audio_ids::CODEC_ID_ALAC, "alac"),
    ];
    known
        .iter()
        .find(|(k, _)| *k == id)
        .map_or_else(|| id.to_string(), |(_, n)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
    }

    #[test]
    fn probes_the_sample_video() {
        let (kind, p) = probe(&sample("sample-video.mp4")).expect("probe");
        assert_eq!(kind, MediaKind::Video);
        assert_eq!(p.mime, "video/mp4");
        assert_eq!((p.width, p.height), (Some(640), Some(360)));
        let d = p.duration.expect("duration");
        assert!((4.5..5.5).contains(&d), "{d}");
        assert_eq!(p.broken, None);
        assert_eq!(p.video_codec.as_deref(), Some("h264"));
    }

    #[test]
    fn probes_the_sample_audio_and_image() {
        let (kind, p) = probe(&sample("sample-audio.mp3")).expect("probe");
        assert_eq!(kind, MediaKind::Audio);
        assert!(
            p.duration.is_some_and(|d| (4.5..5.5).contains(&d)),
            "{:?}",
            p.duration
        );
        let (kind, p) = probe(&sample("sample-image.jpg")).expect("probe");
        assert_eq!(kind, MediaKind::Image);
        assert_eq!((p.width, p.height), (Some(320), Some(240)));
    }

    #[test]
    fn truncated_video_is_broken() {
        let bytes = std::fs::read(sample("sample-video.mp4")).expect("read");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cut.mp4");
        std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("write");
        let (kind, p) = probe(&path).expect("probe");
        assert_eq!(kind, MediaKind::Video);
        assert!(p.broken.is_some(), "{p:?}");
    }
}
