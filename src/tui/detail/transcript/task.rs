//! The runtime's side of the transcript section: one read of an asset's transcript after the
//! selection has rested on it; a newer read cancels it while it waits.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::api::Client;
use crate::api::types::TranscriptInclude;
use crate::tui::detail::settle::after_settling;
use crate::tui::msg::{Msg, RequestId};

/// The transcript read that a newer one makes useless.
#[derive(Debug, Default)]
pub struct TranscriptTask {
    reading: Option<AbortHandle>,
}

impl TranscriptTask {
    /// Reads `asset_id`'s transcript (every list, so [`crate::api::types::Transcription::lines`]
    /// picks the best there is) once the selection has rested on it for `settle`, and reports it.
    pub fn start(
        &mut self,
        request_id: RequestId,
        asset_id: String,
        settle: Duration,
        client: Client,
        tx: UnboundedSender<Msg>,
    ) {
        if let Some(old) = self.reading.take() {
            old.abort();
        }
        self.reading = Some(after_settling(settle, async move {
            let result = client.get_transcription(&asset_id, &TranscriptInclude::ALL).await;
            let _ = tx.send(Msg::TranscriptLoaded {
                request_id,
                asset_id,
                result,
            });
        }));
    }
}
