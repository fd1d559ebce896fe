//! The runtime's side of read-ahead: one task at a time that waits for the user to stay idle a
//! moment, then reads one row's indexes, entities, thumbnail and transcript together (one row at a time: a
//! request after another took 3 × the link's delay, so at 1 key/s over a 250 ms link the next
//! key always came first), skipping while the client's rate gate is closed and answering a 429
//! by closing it. The sections come back as the detail's own answer; the thumbnail goes into the loader's
//! cache. Cancelling aborts the task wherever it is.

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use super::read_ahead::IDLE;
use super::thumb_loader::Prefetch;
use crate::api::types::TranscriptInclude;
use crate::api::{ApiError, Client, RetryPolicy};
use crate::tui::msg::{Msg, RequestId};

/// What to read ahead for one asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadAheadJob {
    pub asset_id: String,
    /// Read its indexes and entities.
    pub part_of: bool,
    /// Fetch its thumbnail: (asset id, URL).
    pub thumbnail: Option<(String, String)>,
    /// Read its transcript (a `ready` video or audio asset).
    pub transcript: bool,
}

/// The read-ahead task, if one runs.
#[derive(Debug, Default)]
pub struct ReadAheadTask {
    running: Option<AbortHandle>,
}

impl ReadAheadTask {
    /// True while a read-ahead task runs.
    pub fn busy(&self) -> bool {
        self.running.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Stops the running read-ahead, if any.
    pub fn cancel(&mut self) {
        if let Some(task) = self.running.take() {
            task.abort();
        }
    }

    /// Starts `job`, stopping the one before.
    pub fn start(
        &mut self,
        request_id: RequestId,
        job: ReadAheadJob,
        client: &Client,
        thumbs: Option<Prefetch>,
        tx: UnboundedSender<Msg>,
    ) {
        self.cancel();
        // Background work never waits a limit out or retries: the user's next request would
        // queue behind it.
        let client = client.clone().with_retry(RetryPolicy::none());
        let task = tokio::spawn(async move {
            tokio::time::sleep(IDLE).await;
            let rate_limited = run(request_id, job, &client, thumbs, &tx).await;
            let _ = tx.send(Msg::ReadAheadDone {
                request_id,
                rate_limited,
            });
        });
        self.running = Some(task.abort_handle());
    }
}

/// Reads `job`, its indexes, entities, thumbnail and transcript at once; true when the rate
/// limit stopped it.
async fn run(
    request_id: RequestId,
    job: ReadAheadJob,
    client: &Client,
    thumbs: Option<Prefetch>,
    tx: &UnboundedSender<Msg>,
) -> bool {
    if client.rate_gate_closed().is_some() {
        return true;
    }
    let sections = async {
        if !job.part_of {
            return false;
        }
        let (indexes, entities) = tokio::join!(
            client.indexes_of(&job.asset_id),
            client.entities_of(&job.asset_id)
        );
        let hit = limited(client, indexes.as_ref().err()).or(limited(client, entities.as_ref().err()));
        if let Some(limited) = hit {
            return limited;
        }
        let _ = tx.send(Msg::PartOfLoaded {
            request_id,
            asset_id: job.asset_id.clone(),
            indexes,
            entities,
        });
        false
    };
    let thumbnail = async {
        if let (Some((id, url)), Some(thumbs)) = (&job.thumbnail, thumbs) {
            thumbs.fetch(id, url).await;
        }
    };
    let transcript = async {
        if !job.transcript {
            return false;
        }
        let result = client
            .get_transcription(&job.asset_id, &TranscriptInclude::ALL)
            .await;
        if let Some(limited) = limited(client, result.as_ref().err()) {
            return limited;
        }
        let _ = tx.send(Msg::TranscriptLoaded {
            request_id,
            asset_id: job.asset_id.clone(),
            result,
        });
        false
    };
    let (sections, (), transcript) = tokio::join!(sections, thumbnail, transcript);
    sections || transcript
}

/// `Some(true)` when `error` is a 429 (the gate is closed for its wait), else `None`.
fn limited(client: &Client, error: Option<&ApiError>) -> Option<bool> {
    match error {
        Some(ApiError::RateLimited { retry_after, .. }) => {
            client.close_rate_gate(retry_after.unwrap_or(std::time::Duration::from_secs(1)));
            Some(true)
        }
        _ => None,
    }
}
