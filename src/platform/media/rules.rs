//! The media rules of docs/contract.md §14: turns what probing found into the matching 400 error,
//! each message template filled in.

use crate::api::types::AssetType;
use crate::platform::error::ErrorAnswer;
use crate::platform::limits::Limits;
use crate::platform::media::probe::{MediaKind, Probed};

/// How the bytes arrived; some codes differ between a direct file and a fetched URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Direct,
    Url,
    Multipart,
}

/// Audio containers accepted, as `(mime, name)`.
const AUDIO_FORMATS: [(&str, &str); 5] = [
    ("audio/mpeg", "mp3"),
    ("audio/x-wav", "wav"),
    ("audio/wav", "wav"),
    ("audio/x-flac", "flac"),
    ("audio/flac", "flac"),
];

/// Checks probed media against the limits; on success returns the asset type.
pub(crate) fn check(
    kind: MediaKind,
    p: &Probed,
    origin: Origin,
    l: &Limits,
) -> Result<AssetType, ErrorAnswer> {
    match kind {
        MediaKind::Playlist { live: true } => Err(ErrorAnswer::bad_request(
            "video_file_live",
            "The video is a live stream. Live streams are not supported; please provide a finished recording.",
        )),
        MediaKind::Playlist { live: false } | MediaKind::Other => Err(unsupported(origin, &p.mime)),
        MediaKind::Image => check_image(p, origin, l).map(|()| AssetType::Image),
        MediaKind::Audio => check_audio(p, origin, l).map(|()| AssetType::Audio),
        MediaKind::Video if p.broken.is_none() && p.video_tracks == 0 => {
            // A video container with sound only (e.g. an .m4a) is audio in an unsupported format.
            check_audio(p, origin, l).map(|()| AssetType::Audio)
        }
        MediaKind::Video => check_video(p, origin, l).map(|()| AssetType::Video),
    }
}

fn unsupported(origin: Origin, mime: &str) -> ErrorAnswer {
    match origin {
        Origin::Url => ErrorAnswer::bad_request(
            "media_url_unsupported_format",
            format!(
                "The media at the URL has an unsupported format: {mime}. Please provide a valid asset file."
            ),
        ),
        _ => ErrorAnswer::bad_request(
            "parameter_invalid",
            format!("file parameter is invalid. Unsupported asset type: {mime}."),
        ),
    }
}

fn broken(origin: Origin, code: &'static str, what: &str) -> ErrorAnswer {
    match origin {
        Origin::Url => ErrorAnswer::bad_request(
            "media_url_file_broken",
            "The file at the URL is broken and cannot be decoded. Please check the file and try again.",
        ),
        _ => ErrorAnswer::bad_request(
            code,
            format!("The {what} file is broken and cannot be decoded. Please check the file and try again."),
        ),
    }
}

/// The size error for a file over `max` bytes.
pub(crate) fn too_large(kind: AssetType, origin: Origin, max: u64, current: u64) -> ErrorAnswer {
    let (code, what) = match (origin, &kind) {
        (Origin::Url, _) => ("media_filesize_too_large", "file at the URL"),
        (_, AssetType::Audio) => ("audio_filesize_too_large", "audio file"),
        (_, AssetType::Image) => ("parameter_invalid", "image file"),
        _ => ("video_filesize_too_large", "video file"),
    };
    let prefix = if code == "parameter_invalid" {
        "image parameter is invalid. "
    } else {
        ""
    };
    ErrorAnswer::bad_request(
        code,
        format!(
            "{prefix}The {what} is too large. The maximum size is {}. The current size is {}.",
            bytes(max),
            bytes(current)
        ),
    )
}

fn check_image(p: &Probed, origin: Origin, l: &Limits) -> Result<(), ErrorAnswer> {
    if p.size > l.image_max_bytes {
        return Err(too_large(AssetType::Image, origin, l.image_max_bytes, p.size));
    }
    let (Some(w), Some(h), None) = (p.width, p.height, &p.broken) else {
        return Err(match origin {
            Origin::Url => broken(origin, "parameter_invalid", "image"),
            _ => ErrorAnswer::bad_request(
                "parameter_invalid",
                "image parameter is invalid. Invalid image file. Please check the format and dimensions.",
            ),
        });
    };
    if w < l.image_min_side || h < l.image_min_side {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            format!(
                "image parameter is invalid. Image dimensions {w}x{h} are below the minimum {m}x{m}.",
                m = l.image_min_side
            ),
        ));
    }
    Ok(())
}

fn check_audio(p: &Probed, origin: Origin, l: &Limits) -> Result<(), ErrorAnswer> {
    if !AUDIO_FORMATS.iter().any(|(mime, _)| *mime == p.mime) {
        let format = p
            .mime
            .rsplit('/')
            .next()
            .unwrap_or(&p.mime)
            .trim_start_matches("x-");
        return Err(ErrorAnswer::bad_request(
            "audio_format_unsupported",
            format!("{format} is not supported. Please use one of the following formats: wav, mp3, flac."),
        ));
    }
    if origin == Origin::Direct && p.size > l.direct_media_max_bytes {
        return Err(too_large(
            AssetType::Audio,
            origin,
            l.direct_media_max_bytes,
            p.size,
        ));
    }
    let Some(d) = p.duration.filter(|_| p.broken.is_none()) else {
        return Err(broken(origin, "audio_file_broken", "audio"));
    };
    check_duration("audio", d, l)
}

fn check_video(p: &Probed, origin: Origin, l: &Limits) -> Result<(), ErrorAnswer> {
    if origin == Origin::Direct && p.size > l.direct_media_max_bytes {
        return Err(too_large(
            AssetType::Video,
            origin,
            l.direct_media_max_bytes,
            p.size,
        ));
    }
    let (None, Some(w), Some(h), Some(d)) = (&p.broken, p.width, p.height, p.duration) else {
        return Err(broken(origin, "video_file_broken", "video"));
    };
    let (long, short) = (w.max(h), w.min(h));
    let range = format!(
        "{m}x{m} and {}x{}",
        l.video_max_long_side,
        l.video_max_short_side,
        m = l.video_min_side
    );
    if short < l.video_min_side {
        return Err(ErrorAnswer::bad_request(
            "video_resolution_too_low",
            format!(
                "The video resolution is too low. The resolution must be between {range}. Current resolution is {w}x{h}."
            ),
        ));
    }
    if long > l.video_max_long_side || short > l.video_max_short_side {
        return Err(ErrorAnswer::bad_request(
            "video_resolution_too_high",
            format!(
                "The video resolution is too high. The resolution must be between {range}. Current resolution is {w}x{h}."
            ),
        ));
    }
    if f64::from(long) / f64::from(short.max(1)) > l.video_max_aspect_ratio {
        return Err(ErrorAnswer::bad_request(
            "video_resolution_invalid_aspect_ratio",
            format!(
                "The video aspect ratio is invalid. The aspect ratio must not be wider than {}:1. Current resolution is {w}x{h}.",
                num(l.video_max_aspect_ratio)
            ),
        ));
    }
    check_duration("video", d, l)
}

fn check_duration(what: &'static str, d: f64, l: &Limits) -> Result<(), ErrorAnswer> {
    let (min, max) = (num(l.min_duration_secs), num(l.max_duration_secs));
    if d < l.min_duration_secs {
        let code = if what == "video" {
            "video_duration_too_short"
        } else {
            "audio_duration_too_short"
        };
        return Err(ErrorAnswer::bad_request(
            code,
            format!(
                "The {what} is too short. The duration must be at least {min} seconds. Current duration is {} seconds.",
                num(d)
            ),
        ));
    }
    if d > l.max_duration_secs {
        let code = if what == "video" {
            "video_duration_too_long"
        } else {
            "audio_duration_too_long"
        };
        return Err(ErrorAnswer::bad_request(
            code,
            format!(
                "The {what} is too long. The duration must be between {min} and {max} seconds. Current duration is {} seconds.",
                num(d)
            ),
        ));
    }
    Ok(())
}

/// A number without trailing zeros (`4`, `4.5`, `5.02`).
fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A byte count as people read it, e.g. `200 MB (200000000 bytes)`.
fn bytes(n: u64) -> String {
    format!("{} ({n} bytes)", bytesize::ByteSize(n).display().si())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_trimmed() {
        assert_eq!(num(4.0), "4");
        assert_eq!(num(4.5), "4.5");
        assert_eq!(num(14400.0), "14400");
    }

    #[test]
    fn a_wide_video_fails_on_aspect_ratio() {
        let p = Probed {
            mime: "video/mp4".into(),
            width: Some(2000),
            height: Some(400),
            duration: Some(10.0),
            video_tracks: 1,
            ..Probed::default()
        };
        let e = check(MediaKind::Video, &p, Origin::Direct, &Limits::default()).unwrap_err();
        assert_eq!(e.code, "video_resolution_invalid_aspect_ratio");
        assert!(e.message.contains("2000x400"), "{}", e.message);
    }
}
