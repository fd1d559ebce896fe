//! HLS VOD links as URL uploads (docs/contract.md §16): a fetched body starting with `#EXTM3U`
//! is read as a playlist; a master playlist gives way to its highest-`BANDWIDTH` variant; a live
//! one is refused at once; a VOD's segments are fetched in order through the same address guard
//! and size cap as any URL upload and written one after another into one temp file (fMP4: the
//! `#EXT-X-MAP` init section first), so memory stays at one network chunk whatever the length.
//! Any failure drops the temp file: nothing is half-stored.

mod playlist;

pub(crate) use playlist::is_playlist;

use playlist::{MediaPlaylist, Playlist};

use crate::platform::error::ErrorAnswer;
use crate::platform::media::url_get::{self as url_fetch, Fetched};
use crate::platform::state::Shared;
use crate::platform::store::blobs::TempFile;

/// Most segments one playlist may list. Every segment is one more request made while the
/// `POST /assets` that named the playlist waits; at the 6-second segments RFC 8216's examples and
/// common packagers use, 5,000 segments are over 8 hours, longer than the 4 GB cap holds at
/// 720p bitrates (about 3 Mbit/s gives 4 GB in 3 hours). A longer list is refused before any
/// segment is fetched.
pub(crate) const MAX_SEGMENTS: usize = 5_000;

/// Largest playlist text read (5,000 segment lines are well under 1 MiB).
const MAX_PLAYLIST_BYTES: usize = 4 << 20;

/// Takes in the playlist whose first bytes are `first` (the rest still in `resp`).
pub(crate) async fn ingest(
    state: &Shared,
    url: &str,
    first: bytes::Bytes,
    resp: reqwest::Response,
) -> Result<Fetched, ErrorAnswer> {
    let text = read_text(url, first.to_vec(), resp).await?;
    let (media, base) = match playlist::parse(&text) {
        Playlist::Media(m) => (m, url.to_string()),
        Playlist::Master(variants) => {
            let best = playlist::best_variant(&variants)
                .ok_or_else(|| broken("The master playlist lists no variant."))?;
            let variant_url = resolve(url, &best.uri)?;
            let resp = url_fetch::open(state, &variant_url, url).await?;
            let text = read_text(url, Vec::new(), resp).await?;
            match playlist::parse(&text) {
                Playlist::Media(m) => (m, variant_url),
                Playlist::Master(_) => return Err(broken("The chosen variant is itself a master playlist.")),
            }
        }
    };
    check(&media)?;
    let mut temp = TempFile::create(state.blobs.temp_path()).await?;
    let limit = state.limits.url_media_max_bytes;
    let uris = media.init.iter().chain(media.segments.iter().map(|s| &s.uri));
    for uri in uris {
        let segment_url = resolve(&base, uri)?;
        let mut resp = url_fetch::open(state, &segment_url, url).await?;
        url_fetch::append(&mut resp, &mut temp, limit, url).await?;
    }
    Ok(Fetched {
        temp,
        manifest_seconds: Some(media.seconds()).filter(|s| *s > 0.0),
    })
}

/// What refuses a media playlist before any segment is fetched.
fn check(media: &MediaPlaylist) -> Result<(), ErrorAnswer> {
    if !media.ended {
        return Err(ErrorAnswer::bad_request(
            "video_file_live",
            "The URL points at a live HLS stream (its playlist has no #EXT-X-ENDLIST). Live streams are not supported; please provide the playlist of a finished recording (VOD).",
        ));
    }
    if media.encrypted {
        return Err(broken(
            "Its segments are encrypted (#EXT-X-KEY). Please provide a playlist with unencrypted segments.",
        ));
    }
    if media.byte_ranges {
        return Err(broken(
            "It uses byte-range segments (#EXT-X-BYTERANGE), which are not supported. Please provide a playlist of whole segment files.",
        ));
    }
    if media.segments.is_empty() {
        return Err(broken("The playlist lists no segment."));
    }
    if media.segments.len() > MAX_SEGMENTS {
        return Err(broken(&format!(
            "It lists {} segments; at most {MAX_SEGMENTS} are taken. Please provide a shorter playlist or longer segments.",
            media.segments.len()
        )));
    }
    if media.init.is_none() && !crate::platform::media::probe_ts::available() {
        return Err(ErrorAnswer::bad_request(
            "media_url_unsupported_format",
            "The playlist's segments are MPEG-TS, which this platform reads with ffprobe, and ffprobe is not on its PATH. Install ffmpeg (it includes ffprobe), or provide an fMP4 playlist (#EXT-X-MAP).",
        ));
    }
    Ok(())
}

/// 400 `media_url_file_broken` with the reason.
fn broken(why: &str) -> ErrorAnswer {
    ErrorAnswer::bad_request(
        "media_url_file_broken",
        format!("The HLS playlist at the URL cannot be taken in. {why}"),
    )
}

/// `uri` resolved against the playlist at `base`.
fn resolve(base: &str, uri: &str) -> Result<String, ErrorAnswer> {
    reqwest::Url::parse(base)
        .and_then(|b| b.join(uri))
        .map(String::from)
        .map_err(|_| broken(&format!("A URI in the playlist is invalid: {uri}.")))
}

/// Reads the rest of a playlist body, bounded, as UTF-8.
async fn read_text(url: &str, mut buf: Vec<u8>, mut resp: reqwest::Response) -> Result<String, ErrorAnswer> {
    loop {
        if buf.len() > MAX_PLAYLIST_BYTES {
            return Err(broken(&format!(
                "The playlist is over {} MiB, more than any playlist this platform takes.",
                MAX_PLAYLIST_BYTES >> 20
            )));
        }
        match resp.chunk().await {
            Ok(Some(c)) => buf.extend_from_slice(&c),
            Ok(None) => break,
            Err(e) => return Err(url_fetch::not_accessible(url, e)),
        }
    }
    if !is_playlist(&buf) {
        return Err(broken("A variant playlist is not an HLS playlist."));
    }
    String::from_utf8(buf).map_err(|_| broken("The playlist is not UTF-8 text."))
}
