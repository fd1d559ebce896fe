//! `transcript ID`: the transcript of a video or audio asset (docs/contract.md §16) as text
//! lines for people (`[0:01.2 → 0:03.4] line`, control characters shown escaped), as SRT or
//! WebVTT cues written from its lines (sentences first), or as the API's JSON. A 404 with the
//! asset still there is "no transcript", told apart from an unknown asset by reading the asset.

use crate::api::types::{TranscriptInclude, TranscriptUtterance, Transcription, TranscriptionStatus};
use crate::api::{ApiError, Client, is_no_transcript};
use crate::cli::{CliError, TranscriptArgs, TranscriptFormat, output, output::render};
use crate::format::printable;

/// What a 404 says when the asset exists, for the local platform and for the service.
const NONE_LOCAL: &str = "this asset has no transcript (the local platform reads one only from a subtitle track embedded in the file)";
const NONE_SERVICE: &str = "this asset has no transcript (the service has none for it now)";

pub async fn run(client: &Client, args: &TranscriptArgs) -> Result<(), CliError> {
    let include: Vec<TranscriptInclude> = args.include.iter().filter_map(|s| s.parse().ok()).collect();
    let t = match client.get_transcription(&args.id, &include).await {
        Ok(t) => t,
        Err(e) if is_no_transcript(&e) => return Err(no_transcript(client, &args.id, e).await),
        Err(e) => return Err(e.into()),
    };
    let format = if args.json {
        TranscriptFormat::Json
    } else {
        args.format
    };
    if format == TranscriptFormat::Json {
        return render::print_json(&t);
    }
    match &t.status {
        TranscriptionStatus::Ready => {}
        TranscriptionStatus::Failed => {
            let why = t.error.as_ref().map_or("no reason given", |e| e.message.as_str());
            return Err(CliError::Other(format!("the transcript failed: {why}")));
        }
        other => {
            output::note(format!(
                "the transcript is not ready yet ({other}): run the command again later"
            ));
            return Ok(());
        }
    }
    let lines = t.lines();
    if lines.is_empty() {
        output::note(empty_note(&t));
        return Ok(());
    }
    let text = match format {
        TranscriptFormat::Srt => srt(&lines),
        TranscriptFormat::Vtt => vtt(&lines),
        _ => text(&lines),
    };
    output::stdout().write_all(text.as_bytes())
}

/// The 404's meaning: the asset's own error when it is gone too, else "no transcript".
async fn no_transcript(client: &Client, id: &str, e: ApiError) -> CliError {
    match client.get_asset(id).await {
        Ok(_) if client.is_loopback() => CliError::NoTranscript(NONE_LOCAL.into()),
        Ok(_) => CliError::NoTranscript(NONE_SERVICE.into()),
        Err(gone @ ApiError::NotFound { .. }) => gone.into(),
        // The asset could not be read to tell: the transcript's answer stands.
        Err(_) => e.into(),
    }
}

fn empty_note(t: &Transcription) -> &'static str {
    if t.words.is_none() && t.sentences.is_none() && t.utterances.is_none() {
        "the transcript has none of the lists asked for: try --include words,sentences,utterances"
    } else {
        "the transcript is empty"
    }
}

/// `m:ss.d` (or `h:mm:ss.d` from an hour on), tenths rounded down.
pub fn clock(secs: f64) -> String {
    crate::format::media_clock(secs, true, false)
}

/// `HH:MM:SS<sep>mmm`, the cue time of SRT (`,`) and WebVTT (`.`).
pub fn cue_time(secs: f64, sep: char) -> String {
    let ms = (secs.max(0.0) * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// One line per line said, escaped so a cue cannot drive the terminal.
fn text(lines: &[TranscriptUtterance]) -> String {
    lines
        .iter()
        .map(|l| {
            let said = l.value.split_whitespace().collect::<Vec<_>>().join(" ");
            let speaker = l
                .speaker
                .as_deref()
                .map(|s| format!("{}: ", printable(s)))
                .unwrap_or_default();
            format!(
                "[{} → {}] {speaker}{}\n",
                clock(l.start),
                clock(l.end),
                printable(&said)
            )
        })
        .collect()
}

/// Cue text that keeps a cue one cue: no blank lines, no `-->`, no control characters but
/// line breaks.
fn cue_text(value: &str) -> String {
    value
        .lines()
        .map(|l| {
            l.chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
                .replace("-->", "->")
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// SubRip: numbered cues, `00:00:01,200 --> 00:00:03,400`.
pub fn srt(lines: &[TranscriptUtterance]) -> String {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "{}\n{} --> {}\n{}\n\n",
                i + 1,
                cue_time(l.start, ','),
                cue_time(l.end.max(l.start), ','),
                cue_text(&l.value)
            )
        })
        .collect()
}

/// WebVTT: the `WEBVTT` header, then `00:00:01.200 --> 00:00:03.400` cues.
pub fn vtt(lines: &[TranscriptUtterance]) -> String {
    let mut out = String::from("WEBVTT\n\n");
    for l in lines {
        out.push_str(&format!(
            "{} --> {}\n{}\n\n",
            cue_time(l.start, '.'),
            cue_time(l.end.max(l.start), '.'),
            cue_text(&l.value)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(start: f64, end: f64, value: &str) -> TranscriptUtterance {
        TranscriptUtterance {
            start,
            end,
            value: value.into(),
            speaker: None,
        }
    }

    #[test]
    fn times_in_each_format() {
        assert_eq!(clock(1.25), "0:01.2");
        assert_eq!(clock(3723.4), "1:02:03.4");
        assert_eq!(cue_time(1.2, ','), "00:00:01,200");
        assert_eq!(cue_time(3723.0456, '.'), "01:02:03.046");
    }

    #[test]
    fn srt_and_vtt_cues() {
        let lines = [line(1.2, 3.4, "One"), line(4.0, 5.5, "Two\n\nlines --> here")];
        assert_eq!(
            srt(&lines),
            "1\n00:00:01,200 --> 00:00:03,400\nOne\n\n2\n00:00:04,000 --> 00:00:05,500\nTwo\nlines -> here\n\n"
        );
        assert!(vtt(&lines).starts_with("WEBVTT\n\n00:00:01.200 --> 00:00:03.400\nOne\n\n"));
        assert_eq!(
            text(&[line(1.2, 3.4, "a\u{1b}[2J b")]),
            "[0:01.2 → 0:03.4] a\\u{1b}[2J b\n"
        );
    }
}
