//! The runtime's side of the transcript section: one read of an asset's transcript after the
//! selection has rested on it, aborted when a newer read starts.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::api::Client;
use crate::api::types::TranscriptInclude;
use crate::tui::msg::{Msg, RequestId};

/// How long the selection must rest on an asset before its transcript is read (as for its
/// indexes and entities), so running through the list reads only where it stops.
pub const SETTLE: Duration = Duration::from_millis(120);

/// The transcript read that a newer one makes useless.
#[derive(Debug, Default)]
pub struct TranscriptTask {
    reading: Option<AbortHandle>,
}

impl TranscriptTask {
    /// Reads `asset_id`'s transcript (every list, so [`crate::api::types::Transcription::lines`]
    /// picks the best there is) and reports it.
    pub fn start(
        &mut self,
        request_id: RequestId,
        asset_id: String,
        client: Client,
        tx: UnboundedSender<Msg>,
    ) {
        if let Some(old) = self.reading.take() {
            old.abort();
        }
        let task = tokio::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            let result = client.get_transcription(&asset_id, &TranscriptInclude::ALL).await;
            let _ = tx.send(Msg::TranscriptLoaded {
                request_id,
                asset_id,
                result,
            });
        });
        self.reading = Some(task.abort_handle());
    }
}
