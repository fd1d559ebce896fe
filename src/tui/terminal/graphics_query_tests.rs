//! Tests of the graphics query's answer parser and reader.
use std::os::fd::AsFd;

use super::*;

/// Feeds `bytes` in one piece, then again byte by byte; both must agree.
fn parse(bytes: &[u8]) -> (bool, Answer) {
    let mut whole = AnswerParser::default();
    let done = whole.feed(bytes);
    let mut split = AnswerParser::default();
    let mut split_done = false;
    for b in bytes {
        split_done = split.feed(std::slice::from_ref(b));
    }
    assert_eq!(
        (done, whole.answer()),
        (split_done, split.answer()),
        "split reads differ"
    );
    (done, whole.answer().clone())
}

#[test]
fn the_query_ends_with_device_attributes() {
    assert!(query(true).starts_with(KITTY));
    assert!(query(true).ends_with(b"\x1b[16t\x1b[>0q\x1b[c"));
    assert_eq!(query(false), b"\x1b[16t\x1b[>0q\x1b[c");
}

#[test]
fn the_version_report_is_kept_printable() {
    let (done, a) = parse(b"\x1b_Gi=31;OK\x1b\\\x1bP>|kitty(0.26.5)\x1b\\\x1b[?62;c");
    assert!(done && a.kitty);
    assert_eq!(a.version.as_deref(), Some("kitty(0.26.5)"));
    let (_, a) = parse(b"\x1bP>|XTerm(3\x089\x7f0)\x1b\\\x1b[?64;4c");
    assert_eq!(a.version.as_deref(), Some("XTerm(390)"));
    assert!(a.sixel);
}

#[test]
fn kitty_answers_graphics_cell_size_and_attributes() {
    let (done, a) = parse(b"\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;22;52c");
    assert!(done);
    assert_eq!(
        a,
        Answer {
            kitty: true,
            sixel: false,
            cell_size: Some((10, 20)),
            version: None,
        }
    );
}

#[test]
fn a_sixel_terminal_says_attribute_4() {
    // xterm -ti vt340: no kitty reply, no cell size, sixel in the attributes.
    let (done, a) = parse(b"\x1b[?63;1;2;4;6;9;15;22c");
    assert!(done);
    assert!(a.sixel && !a.kitty);
    assert_eq!(a.cell_size, None);
    // "4" must be a whole attribute, not a digit of one.
    assert!(!parse(b"\x1b[?64;14;42c").1.sixel);
}

#[test]
fn tmux_answers_attributes_only() {
    let (done, a) = parse(b"\x1b[?1;2c");
    assert!(done);
    assert_eq!(a, Answer::default());
}

#[test]
fn no_answer_is_not_done() {
    assert_eq!(parse(b""), (false, Answer::default()));
    // A kitty reply alone: the attributes are still to come.
    let (done, a) = parse(b"\x1b_Gi=31;OK\x1b\\");
    assert!(!done && a.kitty);
}

#[test]
fn a_refused_kitty_query_is_no_kitty() {
    let (done, a) = parse(b"\x1b_Gi=31;ENOTSUPPORTED:no\x1b\\\x1b[?62c");
    assert!(done && !a.kitty);
}

#[test]
fn garbage_and_typed_keys_around_replies_are_skipped() {
    let (done, a) =
        parse(b"jk\x1bx\x1b[A\x1b]11;rgb:0/0/0\x07\x1bP>|term\x1b\\\x1b[6;0;9t\x1b[6;x;yt\x1b[\x01\x1b[?4c");
    assert!(done);
    assert_eq!(
        a,
        Answer {
            kitty: false,
            sixel: true,
            cell_size: None,
            version: Some("term".into()),
        }
    );
    let (done, _) = parse(b"\x1b\x1b\x1b[[[\xff\xfe garbage \x1b[?");
    assert!(!done);
}

#[test]
fn bytes_after_the_attributes_are_not_read_as_replies() {
    let mut p = AnswerParser::default();
    assert!(p.feed(b"\x1b[?62c\x1b_Gi=31;OK\x1b\\"));
    assert!(!p.answer().kitty);
    assert!(p.feed(b"\x1b[6;20;10t"));
    assert_eq!(p.answer().cell_size, None);
}

#[test]
fn the_answer_is_read_from_the_terminal() {
    let (reader, mut writer) = std::io::pipe().expect("pipe");
    std::io::Write::write_all(&mut writer, b"\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62c").expect("write");
    let later = Instant::now() + Duration::from_secs(60);
    let answer = read_answer(reader.as_fd(), later).expect("read");
    assert_eq!(
        answer.map(|a| (a.kitty, a.cell_size)),
        Some((true, Some((10, 20))))
    );
}

#[test]
fn nothing_is_read_once_the_deadline_passed() {
    let (mut reader, mut writer) = std::io::pipe().expect("pipe");
    std::io::Write::write_all(&mut writer, b"q").expect("write");
    let answer = read_answer(reader.as_fd(), Instant::now()).expect("read");
    assert_eq!(answer, None);
    // The key is left for the event reader.
    let mut key = [0u8; 1];
    std::io::Read::read_exact(&mut reader, &mut key).expect("still there");
    assert_eq!(&key, b"q");
}

#[test]
fn input_that_ends_is_no_answer() {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(writer);
    let later = Instant::now() + Duration::from_secs(60);
    assert_eq!(read_answer(reader.as_fd(), later).expect("read"), None);
}

#[test]
fn an_endless_unfinished_reply_is_bounded() {
    let mut p = AnswerParser::default();
    let mut junk = b"\x1b_G".to_vec();
    junk.extend(std::iter::repeat_n(b'a', 10_000));
    assert!(!p.feed(&junk));
    assert!(p.pending.len() <= MAX_PENDING);
    assert!(p.feed(b"\x1b[?62c"));
}
