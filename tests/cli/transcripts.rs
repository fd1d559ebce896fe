//! `transcript ID` run as a user would, against a real local platform: a video made by ffmpeg
//! with a mov_text track prints its cues as text, SRT, WebVTT and JSON; a file without a track
//! says it has no transcript (and why), an unknown id is the usual not-found; a closed pipe is a
//! quiet exit; a cue's control characters are shown escaped, never sent to the terminal.

use std::process::Stdio;

use crate::support::cli::*;
use crate::support::hls_server::ffmpeg_or_skip;
use crate::support::subtitled::{CUES, make_mp4};
use serde_json::Value;
use tl_assets::api::types::{TranscriptEntry, Transcription, TranscriptionStatus};

/// Uploads `path` through the binary and returns the ready asset's id.
fn upload(served: &Served, path: &std::path::Path) -> String {
    let out = served.run(&[
        "upload",
        path.to_str().expect("utf-8"),
        "--poll-interval",
        "0.05",
        "--json",
    ]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let asset: Value = serde_json::from_slice(&out.stdout).expect("asset json");
    assert_eq!(asset["status"], "ready", "{asset}");
    asset["_id"].as_str().expect("_id").to_string()
}

#[test]
fn a_subtitled_video_prints_as_text_srt_vtt_and_json() {
    if !ffmpeg_or_skip("a_subtitled_video_prints_as_text_srt_vtt_and_json") {
        return;
    }
    let media = tempfile::tempdir().expect("tempdir");
    let served = Served::start();
    let id = upload(&served, &make_mp4(media.path(), "harbor.mp4", 6, Some(&CUES)));

    let out = served.run(&["transcript", &id]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "[0:00.5 → 0:01.8] Welcome back to the harbor.\n\
         [0:02.0 → 0:03.4] The tide turns at noon.\n\
         [0:04.2 → 0:05.7] Boats leave at dawn.\n"
    );

    let out = served.run(&["transcript", &id, "--format", "srt"]);
    assert_eq!(
        stdout(&out),
        "1\n00:00:00,500 --> 00:00:01,800\nWelcome back to the harbor.\n\n\
         2\n00:00:02,000 --> 00:00:03,400\nThe tide turns at noon.\n\n\
         3\n00:00:04,250 --> 00:00:05,750\nBoats leave at dawn.\n\n"
    );
    let out = served.run(&["transcript", &id, "--format", "vtt"]);
    let vtt = stdout(&out);
    assert!(
        vtt.starts_with("WEBVTT\n\n00:00:00.500 --> 00:00:01.800\nWelcome back to the harbor.\n\n"),
        "{vtt}"
    );
    assert!(
        vtt.ends_with("00:00:04.250 --> 00:00:05.750\nBoats leave at dawn.\n\n"),
        "{vtt}"
    );

    for args in [vec!["--json"], vec!["--format", "json"]] {
        let mut all = vec![
            "transcript",
            id.as_str(),
            "--include",
            "words,sentences,utterances",
        ];
        all.extend(args);
        let out = served.run(&all);
        assert_eq!(code(&out), Some(0), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(v["status"], "ready");
        assert_eq!(v["sentences"][2]["value"], CUES[2].2, "{v}");
        assert!(v.get("words").is_none() && v.get("utterances").is_none(), "{v}");
    }

    // A file with no subtitle track: the asset is there, its transcript is not.
    let plain = upload(&served, &make_mp4(media.path(), "silent.mp4", 5, None));
    let out = served.run(&["transcript", &plain]);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains(
            "this asset has no transcript (the local platform reads one only from a subtitle track embedded in the file)"
        ),
        "{}",
        stderr(&out)
    );
    let out = served.run(&["transcript", &plain, "--json"]);
    let err: Value = serde_json::from_str(stderr(&out).trim()).expect("json error");
    assert_eq!(err["error"]["code"], "resource_not_exist", "{err}");
}

#[test]
fn an_unknown_asset_and_a_bad_include_are_the_usual_errors() {
    let served = Served::start();
    let out = served.run(&["transcript", "0123456789abcdef01234567"]);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("resource_not_exist"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("no transcript"), "{}", stderr(&out));
    let out = served.run(&["transcript", "abc", "--include", "speakers"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    let out = served.run(&["transcript", "abc", "--format", "ass"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
}

/// Uploads the sample audio and stores a transcript for it whose cues hold `texts`.
fn audio_with_cues(served: &Served, texts: &[&str]) -> String {
    let id = upload(served, &sample("sample-audio.mp3"));
    let t = Transcription {
        sentences: Some(
            texts
                .iter()
                .enumerate()
                .map(|(i, v)| TranscriptEntry {
                    start: i as f64,
                    end: i as f64 + 0.9,
                    value: (*v).into(),
                })
                .collect(),
        ),
        ..Transcription::with_status(TranscriptionStatus::Ready)
    };
    let stored = served.with_platform(async |p| p.store_transcript_for_tests(&id, &t).await);
    assert!(stored.expect("store"));
    id
}

#[test]
fn control_characters_in_a_cue_are_shown_escaped() {
    let served = Served::start();
    let id = audio_with_cues(&served, &["clear\u{1b}[2J screen", "bell\u{7} ring"]);
    let out = served.run(&["transcript", &id]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
    assert_eq!(
        text,
        "[0:00.0 → 0:00.9] clear\\u{1b}[2J screen\n[0:01.0 → 0:01.9] bell\\u{7} ring\n"
    );
    let out = served.run(&["transcript", &id, "--format", "srt"]);
    assert!(!stdout(&out).contains('\u{1b}'), "{:?}", stdout(&out));
}

#[test]
fn a_reader_that_goes_away_is_a_quiet_exit() {
    let served = Served::start();
    let many: Vec<String> = (0..2000).map(|i| format!("line {i}")).collect();
    let id = audio_with_cues(&served, &many.iter().map(String::as_str).collect::<Vec<_>>());
    for format in ["text", "srt", "json"] {
        let mut child = served
            .command(&["transcript", &id, "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let err = stderr(&out);
        assert_eq!(code(&out), Some(0), "{format}: {err}");
        assert!(
            !err.contains("panicked") && !err.to_lowercase().contains("broken pipe"),
            "{err}"
        );
    }
}
