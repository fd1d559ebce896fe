//! Derived files: a thumbnail (images resized with `image`, videos through ffmpeg) and an HLS
//! rendition (ffmpeg). Without ffmpeg on PATH the video parts end in `error`; the asset is still
//! `ready`.

use std::path::{Path, PathBuf};

use tokio::process::Command;

use crate::api::types::DerivedStatus;
use crate::platform::media::probe::MediaKind;
use crate::platform::store::rows::asset_row::AssetRow;

use crate::platform::state::Shared;

/// Sub-statuses to store (`ready` or `error`).
pub(crate) struct Derived {
    pub thumbnail: DerivedStatus,
    pub hls: DerivedStatus,
}

/// Longest side of a thumbnail, in pixels.
pub(crate) const THUMB_SIDE: u32 = 480;

/// Makes what `row` asked for from the blob at `blob`.
pub(crate) async fn make(state: &Shared, row: &AssetRow, kind: MediaKind, blob: &Path) -> Derived {
    let mut out = Derived {
        thumbnail: DerivedStatus::Error,
        hls: DerivedStatus::Error,
    };
    let Some(dir) = state.blobs.derived_dir(&row.id) else {
        return out;
    };
    if (row.enable_thumbnail || row.enable_hls) && tokio::fs::create_dir_all(&dir).await.is_err() {
        return out;
    }
    if row.enable_thumbnail {
        let target = dir.join("thumbnail.jpg");
        let ok = match kind {
            MediaKind::Image => {
                let (src, dst) = (blob.to_path_buf(), target.clone());
                tokio::task::spawn_blocking(move || resize_image(&src, &dst))
                    .await
                    .is_ok_and(|r| r.is_ok())
            }
            MediaKind::Video => match &state.ffmpeg {
                Some(ff) => video_thumbnail(ff, blob, &target).await,
                None => false,
            },
            _ => false,
        };
        out.thumbnail = if ok {
            DerivedStatus::Ready
        } else {
            DerivedStatus::Error
        };
    }
    if row.enable_hls {
        let ok = match (&state.ffmpeg, kind) {
            (Some(ff), MediaKind::Video | MediaKind::Audio) => hls(ff, blob, &dir.join("hls")).await,
            _ => false,
        };
        out.hls = if ok {
            DerivedStatus::Ready
        } else {
            DerivedStatus::Error
        };
    }
    out
}

fn resize_image(src: &Path, dst: &Path) -> Result<(), image::ImageError> {
    let img = image::ImageReader::open(src)?.with_guessed_format()?.decode()?;
    // `thumbnail` would also enlarge small images; only shrink.
    let thumb = if img.width() > THUMB_SIDE || img.height() > THUMB_SIDE {
        img.thumbnail(THUMB_SIDE, THUMB_SIDE).to_rgb8()
    } else {
        img.to_rgb8()
    };
    let tmp = tmp_sibling(dst);
    thumb.save_with_format(&tmp, image::ImageFormat::Jpeg)?;
    std::fs::rename(&tmp, dst)?;
    Ok(())
}

pub(crate) fn tmp_sibling(p: &Path) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(".tmp");
    PathBuf::from(s)
}

async fn video_thumbnail(ffmpeg: &Path, blob: &Path, target: &Path) -> bool {
    let tmp = tmp_sibling(target);
    let status = Command::new(ffmpeg)
        .args(["-nostdin", "-loglevel", "error", "-y", "-ss", "1", "-i"])
        .arg(blob)
        .args([
            "-frames:v",
            "1",
            "-vf",
            &format!("scale='min({THUMB_SIDE},iw)':-2"),
            "-f",
            "image2",
            "-c:v",
            "mjpeg",
        ])
        .arg(&tmp)
        .kill_on_drop(true)
        .status()
        .await;
    status.is_ok_and(|s| s.success()) && tokio::fs::rename(&tmp, target).await.is_ok()
}

async fn hls(ffmpeg: &Path, blob: &Path, out_dir: &Path) -> bool {
    if tokio::fs::create_dir_all(out_dir).await.is_err() {
        return false;
    }
    let status = Command::new(ffmpeg)
        .args(["-nostdin", "-loglevel", "error", "-y", "-i"])
        .arg(blob)
        .args([
            "-c:v",
            "copy",
            "-c:a",
            "aac",
            "-f",
            "hls",
            "-hls_time",
            "4",
            "-hls_playlist_type",
            "vod",
        ])
        .arg("-hls_segment_filename")
        .arg(out_dir.join("segment%03d.ts"))
        .arg(out_dir.join("index.m3u8"))
        .kill_on_drop(true)
        .status()
        .await;
    status.is_ok_and(|s| s.success())
}
