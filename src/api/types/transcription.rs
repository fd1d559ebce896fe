//! The wire shape of `GET /assets/{id}/transcription` (docs/contract.md §16.1): a status and the
//! lists the caller asked for, each present only where the transcript has that segmentation.
//! Times are seconds from the start of the media. Shared by the client, the platform and the
//! views that show "the line said at a time".

use serde::{Deserialize, Serialize};

open_enum!(
    /// Where a transcript stands; it follows its asset's processing.
    TranscriptionStatus {
        Pending => "pending",
        Processing => "processing",
        Ready => "ready",
        Failed => "failed",
    }
);

/// One list `GET /assets/{id}/transcription` can be asked for (its `include` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TranscriptInclude {
    Words,
    Sentences,
    Utterances,
}

impl TranscriptInclude {
    /// Every value, in the order the contract lists them.
    pub const ALL: [TranscriptInclude; 3] = [Self::Words, Self::Sentences, Self::Utterances];

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Words => "words",
            Self::Sentences => "sentences",
            Self::Utterances => "utterances",
        }
    }
}

impl std::fmt::Display for TranscriptInclude {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TranscriptInclude {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|i| i.as_str() == s.trim())
            .ok_or_else(|| format!("{s:?} is not one of words, sentences, utterances"))
    }
}

/// One timed piece of text: a word or a sentence-like chunk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptEntry {
    /// Seconds from the start of the media.
    pub start: f64,
    /// Seconds from the start of the media; not before `start`.
    pub end: f64,
    /// The text said.
    pub value: String,
}

/// One speaker turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptUtterance {
    /// Seconds from the start of the media.
    pub start: f64,
    /// Seconds from the start of the media.
    pub end: f64,
    /// The text said in this turn.
    pub value: String,
    /// Who spoke, when the transcript tells speakers apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// Why a transcript failed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TranscriptionError {
    /// What went wrong, in words (not part of the contract's fixed vocabulary).
    #[serde(default)]
    pub message: String,
}

/// The answer of `GET /assets/{id}/transcription`. Absent and empty lists both mean "no entries".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcription {
    /// Where the transcript stands.
    pub status: TranscriptionStatus,
    /// One entry per word, when asked for and available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<TranscriptEntry>>,
    /// One entry per sentence-like chunk, when asked for and available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentences: Option<Vec<TranscriptEntry>>,
    /// One entry per speaker turn, when asked for and available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utterances: Option<Vec<TranscriptUtterance>>,
    /// Why, when `status` is `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<TranscriptionError>,
}

impl Transcription {
    /// A transcript with only a status.
    pub fn with_status(status: TranscriptionStatus) -> Self {
        Self {
            status,
            words: None,
            sentences: None,
            utterances: None,
            error: None,
        }
    }

    /// The lines to show or write, best first: sentences, else utterances, else words grouped
    /// into lines. Sorted by start.
    pub fn lines(&self) -> Vec<TranscriptUtterance> {
        let plain = |v: &Vec<TranscriptEntry>| -> Vec<TranscriptUtterance> {
            v.iter()
                .map(|e| TranscriptUtterance {
                    start: e.start,
                    end: e.end,
                    value: e.value.clone(),
                    speaker: None,
                })
                .collect()
        };
        let mut out = match (&self.sentences, &self.utterances, &self.words) {
            (Some(s), _, _) if !s.is_empty() => plain(s),
            (_, Some(u), _) if !u.is_empty() => u.clone(),
            (_, _, Some(w)) if !w.is_empty() => group_words(w),
            _ => Vec::new(),
        };
        out.sort_by(|a, b| a.start.total_cmp(&b.start));
        out
    }

    /// The line being said at `seconds`, if any.
    pub fn line_at(&self, seconds: f64) -> Option<TranscriptUtterance> {
        self.lines()
            .into_iter()
            .find(|l| l.start <= seconds && seconds < l.end)
    }
}

/// Longest line made of words, in characters, and the pause that ends one.
const WORD_LINE_CHARS: usize = 42;
const WORD_LINE_PAUSE: f64 = 1.0;

/// Words grouped into lines: a new line after a pause or when the line grows long.
fn group_words(words: &[TranscriptEntry]) -> Vec<TranscriptUtterance> {
    let mut sorted: Vec<&TranscriptEntry> = words.iter().collect();
    sorted.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut out: Vec<TranscriptUtterance> = Vec::new();
    for w in sorted {
        let text = w.value.trim();
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(line)
                if w.start - line.end < WORD_LINE_PAUSE
                    && line.value.chars().count() + 1 + text.chars().count() <= WORD_LINE_CHARS =>
            {
                line.value.push(' ');
                line.value.push_str(text);
                line.end = line.end.max(w.end);
            }
            _ => out.push(TranscriptUtterance {
                start: w.start,
                end: w.end,
                value: text.to_string(),
                speaker: None,
            }),
        }
    }
    out
}
