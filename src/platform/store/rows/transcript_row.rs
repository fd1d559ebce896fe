//! The stored transcript of an asset: one row per asset that has one (read from a subtitle
//! track at processing time, or stored by a test hook), removed with its asset by a trigger.
//! An asset with no row has no transcript (`GET …/transcription` answers 404 once processed).

use rusqlite::{Connection, OptionalExtension, params};

use crate::api::types::{TranscriptEntry, TranscriptUtterance};

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS transcripts (
    asset_id TEXT PRIMARY KEY,
    failed_message TEXT,
    words TEXT,
    sentences TEXT,
    utterances TEXT
);
CREATE TRIGGER IF NOT EXISTS transcripts_follow_asset AFTER DELETE ON assets BEGIN
    DELETE FROM transcripts WHERE asset_id = OLD.id;
END;
"#;

/// Creates the table and its trigger (any data dir, old or new).
pub(crate) fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)
}

/// A transcript as stored: either the lists it has, or why it failed.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct StoredTranscript {
    pub failed_message: Option<String>,
    pub words: Option<Vec<TranscriptEntry>>,
    pub sentences: Option<Vec<TranscriptEntry>>,
    pub utterances: Option<Vec<TranscriptUtterance>>,
}

fn to_json<T: serde::Serialize>(v: &Option<T>) -> Option<String> {
    v.as_ref().and_then(|v| serde_json::to_string(v).ok())
}

fn from_json<T: serde::de::DeserializeOwned>(s: Option<String>) -> Option<T> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

/// Stores (or replaces) the transcript of `asset_id`, only while that asset exists. Returns
/// whether a row was written.
pub(crate) fn save(conn: &Connection, asset_id: &str, t: &StoredTranscript) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "INSERT OR REPLACE INTO transcripts (asset_id, failed_message, words, sentences, utterances) \
         SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM assets WHERE id = ?1)",
        params![
            asset_id,
            t.failed_message,
            to_json(&t.words),
            to_json(&t.sentences),
            to_json(&t.utterances)
        ],
    )?;
    Ok(n > 0)
}

/// The transcript of `asset_id`, if one is stored.
pub(crate) fn load(conn: &Connection, asset_id: &str) -> rusqlite::Result<Option<StoredTranscript>> {
    conn.query_row(
        "SELECT failed_message, words, sentences, utterances FROM transcripts WHERE asset_id = ?1",
        params![asset_id],
        |r| {
            Ok(StoredTranscript {
                failed_message: r.get(0)?,
                words: from_json(r.get(1)?),
                sentences: from_json(r.get(2)?),
                utterances: from_json(r.get(3)?),
            })
        },
    )
    .optional()
}
