//! Transcripts from the text subtitle track embedded in an uploaded video or audio file
//! (docs/contract.md §16.1): found with ffprobe, written out by ffmpeg, each cue one `sentences`
//! entry; `utterances` where cues name speakers; never `words` (subtitles carry no word times).
//! Without ffmpeg and ffprobe on PATH no track is read, so such assets have no transcript.

mod cues;
mod extract;

use std::path::Path;

use crate::api::types::{TranscriptEntry, TranscriptUtterance};
use crate::platform::store::rows::transcript_row::StoredTranscript;

use cues::Cue;

/// What reading a file's subtitles found.
#[derive(Debug)]
pub(crate) enum Found {
    /// No text subtitle track (or no ffmpeg/ffprobe to look with).
    Nothing,
    /// A transcript, ready or failed with a message saying why.
    Transcript(StoredTranscript),
}

/// Looks for a text subtitle track in `blob` and reads it.
pub(crate) async fn read(ffmpeg: Option<&Path>, blob: &Path) -> Found {
    let (Some(ffmpeg), Some(ffprobe)) = (ffmpeg, crate::terminal_env::find_on_path("ffprobe")) else {
        return Found::Nothing;
    };
    let Some(json) = extract::probe_streams(&ffprobe, blob).await else {
        return Found::Nothing;
    };
    let Some(track) = extract::pick_track(&json) else {
        return Found::Nothing;
    };
    let what = format!("The {} subtitle track", track.codec);
    let parsed = match extract::extract(ffmpeg, blob, &track).await {
        Err(e) => Err(e),
        Ok(doc) if track.is_ass() => cues::parse_ass(&doc),
        Ok(doc) => cues::parse_webvtt(&doc),
    };
    Found::Transcript(match parsed {
        Err(why) => failed(format!(
            "{what} could not be read ({why}). Upload the file again with a well-formed text subtitle track."
        )),
        Ok(cues) if cues.is_empty() => failed(format!(
            "{what} holds no cue with text. Add timed text to the track, or upload the file without it."
        )),
        Ok(cues) => from_cues(cues),
    })
}

fn failed(message: String) -> StoredTranscript {
    StoredTranscript {
        failed_message: Some(message),
        ..StoredTranscript::default()
    }
}

fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

/// Sentences from every cue, sorted by start; utterances only when some cue names a speaker,
/// consecutive cues of one speaker merged.
fn from_cues(mut cues: Vec<Cue>) -> StoredTranscript {
    cues.sort_by_key(|c| (c.start_ms, c.end_ms));
    let sentences = cues
        .iter()
        .map(|c| TranscriptEntry {
            start: secs(c.start_ms),
            end: secs(c.end_ms),
            value: c.text.clone(),
        })
        .collect();
    let utterances = cues.iter().any(|c| c.speaker.is_some()).then(|| {
        let mut out: Vec<TranscriptUtterance> = Vec::new();
        for c in &cues {
            match out.last_mut() {
                Some(u) if u.speaker == c.speaker => {
                    u.value.push(' ');
                    u.value.push_str(&c.text);
                    u.end = u.end.max(secs(c.end_ms));
                }
                _ => out.push(TranscriptUtterance {
                    start: secs(c.start_ms),
                    end: secs(c.end_ms),
                    value: c.text.clone(),
                    speaker: c.speaker.clone(),
                }),
            }
        }
        out
    });
    StoredTranscript {
        failed_message: None,
        words: None,
        sentences: Some(sentences),
        utterances,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start_ms: u64, end_ms: u64, text: &str, speaker: Option<&str>) -> Cue {
        Cue {
            start_ms,
            end_ms,
            text: text.into(),
            speaker: speaker.map(str::to_string),
        }
    }

    #[test]
    fn consecutive_cues_of_one_speaker_merge_and_sentences_sort() {
        let t = from_cues(vec![
            cue(2000, 2500, "Bob here", Some("Bob")),
            cue(500, 1200, "Hello", Some("Ann")),
            cue(1300, 1900, "Still me", Some("Ann")),
        ]);
        let s = t.sentences.expect("sentences");
        assert_eq!(s[0].value, "Hello");
        assert_eq!(s[0].start, 0.5);
        let u = t.utterances.expect("utterances");
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].value, "Hello Still me");
        assert_eq!((u[0].start, u[0].end), (0.5, 1.9));
        assert_eq!(u[1].speaker.as_deref(), Some("Bob"));
        assert!(t.words.is_none());
    }

    #[test]
    fn no_speakers_no_utterances() {
        let t = from_cues(vec![cue(0, 1000, "a", None)]);
        assert!(t.utterances.is_none());
    }
}
