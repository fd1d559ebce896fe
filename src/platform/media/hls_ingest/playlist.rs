//! Reading an HLS playlist (RFC 8216): a master playlist's variants, or a media playlist's
//! segments, init section, end tag and encryption. Only what intake needs; nothing is fetched here.

/// A playlist as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Playlist {
    /// `#EXT-X-STREAM-INF` entries: the variants to choose from.
    Master(Vec<Variant>),
    Media(MediaPlaylist),
}

/// One variant of a master playlist.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Variant {
    pub bandwidth: u64,
    pub uri: String,
}

/// A media playlist: its segments in order and what applies to them.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct MediaPlaylist {
    pub segments: Vec<Segment>,
    /// The `#EXT-X-MAP` URI (fMP4 playlists), fetched before the segments.
    pub init: Option<String>,
    /// `#EXT-X-ENDLIST` seen: the playlist is finished (VOD).
    pub ended: bool,
    /// An `#EXT-X-KEY` with a method other than `NONE`.
    pub encrypted: bool,
    /// An `#EXT-X-BYTERANGE` (segments that are parts of one file).
    pub byte_ranges: bool,
}

/// One media segment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    pub uri: String,
    pub seconds: f64,
}

impl MediaPlaylist {
    /// The sum of the `#EXTINF` durations.
    pub fn seconds(&self) -> f64 {
        self.segments.iter().map(|s| s.seconds).sum()
    }
}

/// True when `head` begins like a playlist (`#EXTM3U`, after an optional BOM and blanks).
pub(crate) fn is_playlist(head: &[u8]) -> bool {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    text[start..].starts_with(b"#EXTM3U")
}

/// Reads a playlist. Lines that are neither tags this reader knows nor URIs are skipped.
pub(crate) fn parse(text: &str) -> Playlist {
    let mut media = MediaPlaylist::default();
    let mut variants = Vec::new();
    let mut pending_inf: Option<f64> = None;
    let mut pending_variant: Option<u64> = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(rest) = line.strip_prefix("#EXTINF:") {
            let number = rest.split(',').next().unwrap_or("").trim();
            pending_inf = Some(
                number
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s >= 0.0)
                    .unwrap_or(0.0),
            );
        } else if let Some(rest) = line.strip_prefix("#EXT-X-STREAM-INF:") {
            pending_variant = Some(
                attribute(rest, "BANDWIDTH")
                    .and_then(|b| b.parse().ok())
                    .unwrap_or(0),
            );
        } else if let Some(rest) = line.strip_prefix("#EXT-X-MAP:") {
            media.init = attribute(rest, "URI");
        } else if let Some(rest) = line.strip_prefix("#EXT-X-KEY:") {
            let method = attribute(rest, "METHOD").unwrap_or_default();
            media.encrypted |= !method.eq_ignore_ascii_case("NONE");
        } else if line.starts_with("#EXT-X-BYTERANGE") {
            media.byte_ranges = true;
        } else if line == "#EXT-X-ENDLIST" {
            media.ended = true;
        } else if line.starts_with('#') {
            // Comments and tags that do not change what is fetched.
        } else if let Some(bandwidth) = pending_variant.take() {
            variants.push(Variant {
                bandwidth,
                uri: line.to_string(),
            });
        } else if let Some(seconds) = pending_inf.take() {
            media.segments.push(Segment {
                uri: line.to_string(),
                seconds,
            });
        }
    }
    if variants.is_empty() {
        Playlist::Media(media)
    } else {
        Playlist::Master(variants)
    }
}

/// The variant with the highest `BANDWIDTH` (the first of equals).
pub(crate) fn best_variant(variants: &[Variant]) -> Option<&Variant> {
    variants.iter().rev().max_by_key(|v| v.bandwidth)
}

/// The value of `name` in an attribute list (`A=1,B="x,y"`), quotes removed.
fn attribute(list: &str, name: &str) -> Option<String> {
    let mut rest = list;
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=')?;
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"')?;
            let next = quoted[end + 1..].trim_start_matches(',');
            (&quoted[..end], next)
        } else {
            match after.split_once(',') {
                Some((v, n)) => (v, n),
                None => (after, ""),
            }
        };
        if key.trim().eq_ignore_ascii_case(name) {
            return Some(value.trim().to_string());
        }
        rest = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_vod_media_playlist() {
        let text = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\na.ts\n#EXTINF:2.5,title\nsub/b.ts\n#EXT-X-ENDLIST\n";
        let Playlist::Media(m) = parse(text) else {
            panic!("media expected")
        };
        assert!(m.ended && !m.encrypted && m.init.is_none());
        assert_eq!(m.segments.len(), 2);
        assert_eq!(m.segments[1].uri, "sub/b.ts");
        assert!((m.seconds() - 6.5).abs() < 1e-9);
    }

    #[test]
    fn picks_the_highest_bandwidth_and_reads_quoted_attributes() {
        let text = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS=\"avc1.4d401f,mp4a.40.2\"\nlow.m3u8\n#EXT-X-STREAM-INF:CODECS=\"a,b\",BANDWIDTH=2400000\nhigh.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1200000\nmid.m3u8\n";
        let Playlist::Master(v) = parse(text) else {
            panic!("master expected")
        };
        assert_eq!(best_variant(&v).map(|v| v.uri.as_str()), Some("high.m3u8"));
    }

    #[test]
    fn notices_keys_maps_and_missing_end() {
        let text =
            "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:4,\na.m4s\n";
        let Playlist::Media(m) = parse(text) else {
            panic!("media expected")
        };
        assert!(m.encrypted && !m.ended);
        assert_eq!(m.init.as_deref(), Some("init.mp4"));
        let none = "#EXTM3U\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:4,\na.ts\n#EXT-X-ENDLIST\n";
        let Playlist::Media(m) = parse(none) else {
            panic!("media expected")
        };
        assert!(!m.encrypted);
    }

    #[test]
    fn detects_playlists_by_their_first_bytes() {
        assert!(is_playlist(b"\xEF\xBB\xBF\n#EXTM3U\n"));
        assert!(!is_playlist(b"\x00\x00\x00\x18ftypmp42"));
        assert!(!is_playlist(b""));
    }
}
