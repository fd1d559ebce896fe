//! An indexed asset as stored (joined with its asset for the system metadata), and its
//! simulated indexing: `pending → queued → validating → indexing` over the processing delay,
//! then `ready`, worked out from the creation time whenever it is read. Media an index cannot
//! hold fails where it is checked, at the end of `validating`, with the stored reason.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::api::types::{AssetError, IndexedAsset, IndexedAssetStatus, IndexedSystemMetadata, UserMetadata};
use crate::platform::error::ErrorAnswer;
use crate::platform::routes::indexes;
use crate::platform::state::Shared;
use crate::platform::store::ids::rfc3339;

pub(crate) const COLUMNS: &str = "ia.id, ia.asset_id, ia.created_ms, ia.outcome, ia.enable_video_stream, ia.user_metadata, \
     COALESCE(ia.updated_ms, ia.created_ms), ia.seq, a.filename, a.duration, a.size, a.technical_metadata, \
     ia.failure";

/// An indexed asset as stored.
pub(crate) struct Stored {
    pub(crate) id: String,
    pub(crate) asset_id: String,
    pub(crate) created_ms: i64,
    pub(crate) outcome: String,
    pub(crate) video_stream: bool,
    /// Raw JSON, parsed only for the rows a page shows (a list may hold thousands).
    pub(crate) user_metadata: Option<String>,
    pub(crate) updated_ms: i64,
    pub(crate) seq: i64,
    pub(crate) filename: Option<String>,
    pub(crate) duration: Option<f64>,
    pub(crate) size: Option<i64>,
    /// The asset's raw technical metadata, parsed like `user_metadata`.
    pub(crate) tech: Option<String>,
    /// Why indexing fails (`outcome` = `failed`), shown once it has.
    pub(crate) failure: Option<String>,
}

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        id: r.get(0)?,
        asset_id: r.get(1)?,
        created_ms: r.get(2)?,
        outcome: r.get(3)?,
        video_stream: r.get(4)?,
        user_metadata: r.get(5)?,
        updated_ms: r.get(6)?,
        seq: r.get(7)?,
        filename: r.get(8)?,
        duration: r.get(9)?,
        size: r.get(10)?,
        tech: r.get(11)?,
        failure: r.get(12)?,
    })
}

/// Where each state ends, in eighths of the processing delay: `pending` and `queued` a quarter
/// each, `validating` brief (an eighth), `indexing` the rest.
const ENDS_IN_EIGHTHS: [(IndexedAssetStatus, i64); 4] = [
    (IndexedAssetStatus::Pending, 2),
    (IndexedAssetStatus::Queued, 4),
    (IndexedAssetStatus::Validating, 5),
    (IndexedAssetStatus::Indexing, 8),
];

/// Where indexing is at `now`: the state, since when, and when it finished (once final). A
/// `failed` outcome ends when validating does.
fn progress(
    outcome: &str,
    created_ms: i64,
    now: i64,
    delay: Duration,
) -> (IndexedAssetStatus, i64, Option<i64>) {
    let delay = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 8);
    let elapsed = now.saturating_sub(created_ms).max(0);
    let at = |eighths: i64| created_ms.saturating_add(delay.saturating_mul(eighths) / 8);
    let failed = outcome == "failed";
    let mut since = created_ms;
    for (status, end) in ENDS_IN_EIGHTHS {
        let done = at(end);
        if created_ms.saturating_add(elapsed) < done {
            return (status, since, None);
        }
        if failed && status == IndexedAssetStatus::Validating {
            return (IndexedAssetStatus::Failed, done, Some(done));
        }
        since = done;
    }
    (IndexedAssetStatus::Ready, since, Some(since))
}

/// The parts of an asset's technical metadata an indexed asset shows.
#[derive(serde::Deserialize)]
struct Picture {
    video_fps: Option<f64>,
    video_width: Option<u32>,
    video_height: Option<u32>,
}

impl Stored {
    pub(crate) fn user_metadata(&self) -> Option<UserMetadata> {
        let text = self.user_metadata.as_deref()?;
        serde_json::from_str::<UserMetadata>(text)
            .ok()
            .filter(|m| !m.is_empty())
    }

    fn picture(&self) -> Option<Picture> {
        serde_json::from_str(self.tech.as_deref()?).ok()
    }

    pub(crate) fn status(&self, delay: Duration, now: i64) -> IndexedAssetStatus {
        progress(&self.outcome, self.created_ms, now, delay).0
    }

    /// The list-item form; `detailed` adds user metadata.
    pub(crate) fn to_wire(&self, delay: Duration, now: i64, detailed: bool) -> IndexedAsset {
        let (status, since, done) = progress(&self.outcome, self.created_ms, now, delay);
        let tech = self.picture();
        let tech = tech.as_ref();
        IndexedAsset {
            id: self.id.clone(),
            asset_id: Some(self.asset_id.clone()),
            status: Some(status.clone()),
            created_at: Some(rfc3339(self.created_ms)),
            updated_at: Some(rfc3339(since.max(self.updated_ms))),
            indexed_at: done.map(rfc3339),
            system_metadata: Some(IndexedSystemMetadata {
                filename: self.filename.clone(),
                duration: self.duration,
                fps: tech.and_then(|t| t.video_fps),
                width: tech.and_then(|t| t.video_width),
                height: tech.and_then(|t| t.video_height),
                size: self.size.map(|s| s.max(0) as u64),
            }),
            user_metadata: detailed.then(|| self.user_metadata()).flatten(),
            hls: None,
            error: (status == IndexedAssetStatus::Failed).then(|| AssetError {
                message: self
                    .failure
                    .clone()
                    .unwrap_or_else(|| "Indexing failed.".to_string()),
            }),
        }
    }
}

pub(crate) fn load(c: &Connection, index_id: &str, id: &str) -> rusqlite::Result<Option<Stored>> {
    c.query_row(
        &format!(
            "SELECT {COLUMNS} FROM indexed_assets ia LEFT JOIN assets a ON a.id = ia.asset_id \
             WHERE ia.id = ?1 AND ia.index_id = ?2"
        ),
        params![id, index_id],
        from_row,
    )
    .optional()
}

pub(crate) async fn load_or_404(state: &Shared, index_id: &str, id: &str) -> Result<Stored, ErrorAnswer> {
    indexes::load_or_404(state, index_id).await?;
    let (index_id, owned) = (index_id.to_string(), id.to_string());
    state
        .store
        .find_or_404(id, "indexed_assets", move |c| load(c, &index_id, &owned))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexing_steps_through_every_state_over_the_delay() {
        let d = Duration::from_millis(800);
        let at = |ms: i64| progress("ready", 1000, 1000 + ms, d).0;
        assert_eq!(at(0), IndexedAssetStatus::Pending);
        assert_eq!(at(200), IndexedAssetStatus::Queued);
        assert_eq!(at(400), IndexedAssetStatus::Validating);
        assert_eq!(at(500), IndexedAssetStatus::Indexing);
        assert_eq!(at(800), IndexedAssetStatus::Ready);
        assert_eq!(progress("ready", 1000, 1800, d).2, Some(1800));
        // Media an index cannot hold fails when validating ends, not at the end of the delay.
        assert_eq!(
            progress("failed", 1000, 1450, d).0,
            IndexedAssetStatus::Validating
        );
        assert_eq!(
            progress("failed", 1000, 1500, d),
            (IndexedAssetStatus::Failed, 1500, Some(1500))
        );
        assert_eq!(progress("ready", 1000, 1000, Duration::ZERO).2, Some(1000));
        // A clock that went back reads as just created, not as a panic.
        assert_eq!(progress("ready", 5000, 1000, d).0, IndexedAssetStatus::Pending);
        // A huge delay does not overflow.
        assert_eq!(
            progress("ready", 0, 10, Duration::MAX).0,
            IndexedAssetStatus::Pending
        );
    }
}
