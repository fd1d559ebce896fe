use super::*;

#[test]
fn webvtt_cues_lose_markup_and_keep_speakers() {
    let doc = "WEBVTT\n\n1\n00:00.500 --> 00:01.200 align:start\n<v Ann><i>Hello</i>\nthere\n\n\
               NOTE a comment\n\n00:01:02.000 --> 00:01:03.250\n<c.yellow>Second</c> &amp; last\n\n\
               00:04.000 --> 00:05.000\n<b> </b>\n";
    let cues = parse_webvtt(doc).expect("parses");
    assert_eq!(cues.len(), 2, "the empty cue is dropped: {cues:?}");
    assert_eq!(cues[0].text, "Hello there");
    assert_eq!(cues[0].speaker.as_deref(), Some("Ann"));
    assert_eq!((cues[0].start_ms, cues[0].end_ms), (500, 1200));
    assert_eq!(cues[1].text, "Second & last");
    assert_eq!(cues[1].start_ms, 62_000);
    assert_eq!(cues[1].speaker, None);
}

#[test]
fn webvtt_with_bad_times_or_no_header_is_refused() {
    assert!(parse_webvtt("00:00.500 --> 00:01.000\nhi\n").is_err());
    let err = parse_webvtt("WEBVTT\n\n00:00.5xx --> 00:01.000\nhi\n").expect_err("bad time");
    assert!(err.contains("timing"), "{err}");
    assert!(parse_webvtt("WEBVTT\n\nid only\nno timing here\n").is_err());
    assert_eq!(parse_webvtt("WEBVTT\n").expect("empty"), vec![]);
}

#[test]
fn ass_dialogue_reads_name_times_and_overrides() {
    let doc = "[Script Info]\nTitle: x\n\n[Events]\n\
               Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\
               Dialogue: 0,0:00:00.50,0:00:01.20,Default,Ann,0,0,0,,{\\i1}Hello{\\i0}\\Nthere, friend\n\
               Comment: 0,0:00:01.00,0:00:01.20,Default,,0,0,0,,not said\n\
               Dialogue: 0,0:00:02.00,0:00:02.50,Default,,0,0,0,,Nobody\n";
    let cues = parse_ass(doc).expect("parses");
    assert_eq!(cues.len(), 2);
    assert_eq!(cues[0].text, "Hello there, friend");
    assert_eq!(cues[0].speaker.as_deref(), Some("Ann"));
    assert_eq!((cues[0].start_ms, cues[0].end_ms), (500, 1200));
    assert_eq!(cues[1].speaker, None);
}

#[test]
fn ass_without_format_or_with_bad_times_is_refused() {
    assert!(parse_ass("[Events]\nDialogue: 0,0:00:00.50,0:00:01.20,D,,0,0,0,,hi\n").is_err());
    let bad = "[Events]\nFormat: Start, End, Text\nDialogue: 0:00:xx.50,0:00:01.20,hi\n";
    assert!(parse_ass(bad).expect_err("bad").contains("start"));
}

#[test]
fn clocks_of_every_flavour() {
    assert_eq!(parse_clock("00:00:01,5"), Some(1500));
    assert_eq!(parse_clock("1:02:03.04"), Some(3_723_040));
    assert_eq!(parse_clock("02:03.004"), Some(123_004));
    assert_eq!(parse_clock("02:61.000"), None);
    assert_eq!(parse_clock("12"), None);
    assert_eq!(parse_clock("00:01.0001"), None);
}

#[test]
fn unclosed_angle_bracket_stays_text() {
    assert_eq!(clean_text("a < b\nc"), "a < b c");
    assert_eq!(clean_text("  <i>x</i>  "), "x");
}
