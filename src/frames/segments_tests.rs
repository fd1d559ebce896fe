//! Tests of the playlist reading that maps a moment to its segment.
use super::*;

fn base() -> Url {
    Url::parse("http://127.0.0.1:9/_files/tok/hls/index.m3u8").expect("url")
}

const MEDIA: &str = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:8\n#EXTINF:8.0,\nsegment000.ts\n#EXTINF:8.0,\nsegment001.ts\n#EXTINF:4.5,\nsegment002.ts\n#EXT-X-ENDLIST\n";

#[test]
fn a_moment_maps_to_its_segment_and_the_offset_inside() {
    let Some(Playlist::Media(map)) = parse(&base(), MEDIA, 200) else {
        panic!("a media playlist");
    };
    let at = |t: f64| {
        let spot = map.locate(t).expect("a segment");
        assert_eq!(spot.init, None);
        (spot.url.rsplit('/').next().unwrap_or("").to_string(), spot.offset)
    };
    let seg = |n: u32, offset: f64| (format!("segment00{n}.ts"), offset);
    assert_eq!(at(0.0), seg(0, 0.0));
    assert_eq!(at(7.5), seg(0, 7.5));
    assert_eq!(at(8.0), seg(1, 0.0));
    assert_eq!(at(19.0), seg(2, 3.0));
    // Past the end (a duration rounded up): the last segment's end, never beyond.
    assert_eq!(at(30.0), seg(2, 4.5));
    assert_eq!(at(-1.0), seg(0, 0.0));
    let first = map.locate(0.0).expect("a segment");
    assert_eq!(first.url, "http://127.0.0.1:9/_files/tok/hls/segment000.ts");
}

#[test]
fn what_ffmpeg_must_read_itself_maps_to_nothing() {
    for extra in [
        "#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"720@0\"\n",
        "#EXT-X-KEY:METHOD=AES-128,URI=\"key\"\n",
        "#EXT-X-BYTERANGE:1000@0\n",
    ] {
        let text = MEDIA.replace("#EXT-X-VERSION:3\n", &format!("#EXT-X-VERSION:3\n{extra}"));
        assert_eq!(parse(&base(), &text, 200), None, "{extra}");
    }
    let clear = MEDIA.replace("#EXT-X-VERSION:3\n", "#EXT-X-VERSION:3\n#EXT-X-KEY:METHOD=NONE\n");
    assert!(matches!(parse(&base(), &clear, 200), Some(Playlist::Media(_))));
    assert_eq!(parse(&base(), "not a playlist", 200), None);
    assert_eq!(
        parse(&base(), "#EXTM3U\n#EXT-X-ENDLIST\n", 200),
        None,
        "no segments"
    );
    assert_eq!(
        parse(&base(), "#EXTM3U\nsegment.ts\n", 200),
        None,
        "a segment with no duration"
    );
    assert_eq!(parse(&base(), "#EXTM3U\n#EXTINF:nan,\nsegment.ts\n", 200), None);
}

#[test]
fn the_smallest_variant_tall_enough_is_read() {
    let master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080\nhd/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nsd/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=320x180\nlow/index.m3u8\n";
    let variant = |want| match parse(&base(), master, want) {
        Some(Playlist::Variants(url)) => url.path().to_string(),
        other => panic!("{other:?}"),
    };
    assert_eq!(variant(200), "/_files/tok/hls/sd/index.m3u8");
    assert_eq!(variant(100), "/_files/tok/hls/low/index.m3u8");
    assert_eq!(
        variant(2000),
        "/_files/tok/hls/hd/index.m3u8",
        "none tall enough: the tallest"
    );
}

#[test]
fn no_segment_for_an_empty_map() {
    assert_eq!(SegmentMap { segments: Vec::new() }.locate(1.0), None);
}

#[test]
fn fragmented_mp4_segments_are_read_with_their_init_section() {
    let text = "#EXTM3U\n#EXT-X-MAP:URI=\"f-init.mp4\"\n#EXTINF:1.0,\nf-0.m4s\n#EXTINF:1.0,\nf-1.m4s\n";
    let Some(Playlist::Media(map)) = parse(&base(), text, 200) else {
        panic!("a media playlist");
    };
    let dir = "http://127.0.0.1:9/_files/tok/hls/";
    let (init, seg) = (format!("{dir}f-init.mp4"), format!("{dir}f-1.m4s"));
    assert_eq!(
        map.locate(1.25),
        Some(Spot {
            url: &seg,
            init: Some(&init),
            offset: 0.25
        })
    );
}
