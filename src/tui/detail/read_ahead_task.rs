//! The runtime's side of read-ahead: one task per row, several at once (the app bounds how many
//! requests they make). Each waits until the selection has stayed put a moment ([`IDLE`]; a key
//! starts that wait afresh, so a key held down asks for nothing), then reads the row's indexes,
//! entities, thumbnail and transcript together, skipping while the client's rate gate is closed
//! or few requests of the window are left (those are the user's), and answering a 429 by closing
//! the gate. The sections come back as the detail's own answer; the thumbnail goes into the
//! loader's cache. Cancelling aborts a task wherever it is.

use std::collections::HashMap;

use tokio::sync::{mpsc::UnboundedSender, watch};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::read_ahead::{IDLE, ReadAheadJob};
use super::thumbnail::loader::Prefetch;
use crate::api::types::TranscriptInclude;
use crate::api::{ApiError, Client, RetryPolicy};
use crate::tui::msg::{Msg, RequestId};

/// The read-ahead tasks running, by request, and when the selection last moved.
#[derive(Debug)]
pub struct ReadAheadTasks {
    running: HashMap<RequestId, AbortHandle>,
    moved: watch::Sender<Instant>,
}

impl Default for ReadAheadTasks {
    fn default() -> Self {
        Self {
            running: HashMap::new(),
            moved: watch::Sender::new(Instant::now()),
        }
    }
}

impl ReadAheadTasks {
    /// Read-ahead tasks still running.
    pub fn running(&self) -> usize {
        self.running.values().filter(|t| !t.is_finished()).count()
    }

    /// Stops the read-ahead of `request_id`, if it runs.
    pub fn cancel(&mut self, request_id: RequestId) {
        if let Some(task) = self.running.remove(&request_id) {
            task.abort();
        }
    }

    /// The selection moved: the tasks still waiting wait [`IDLE`] from now.
    pub fn moved(&self) {
        self.moved.send_replace(Instant::now());
    }

    /// Starts `job` beside the ones running.
    pub fn start(
        &mut self,
        request_id: RequestId,
        job: ReadAheadJob,
        client: &Client,
        thumbs: Option<Prefetch>,
        tx: UnboundedSender<Msg>,
    ) {
        self.running.retain(|_, t| !t.is_finished());
        // Background work never waits a limit out or retries: the user's next request would
        // queue behind it.
        let client = client.clone().with_retry(RetryPolicy::none());
        let moved = self.moved.subscribe();
        let task = tokio::spawn(async move {
            stay_put(moved).await;
            let rate_limited = run(request_id, job, &client, thumbs, &tx).await;
            let _ = tx.send(Msg::ReadAheadDone {
                request_id,
                rate_limited,
            });
        });
        self.running.insert(request_id, task.abort_handle());
    }
}

/// Returns once [`IDLE`] has passed since the selection last moved.
async fn stay_put(mut moved: watch::Receiver<Instant>) {
    loop {
        let since = *moved.borrow_and_update();
        tokio::select! {
            () = tokio::time::sleep_until(since + IDLE) => return,
            changed = moved.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

/// Reads `job`, its indexes, entities, thumbnail and transcript at once; true when the rate
/// limit stopped it, or few requests of the window are left.
async fn run(
    request_id: RequestId,
    job: ReadAheadJob,
    client: &Client,
    thumbs: Option<Prefetch>,
    tx: &UnboundedSender<Msg>,
) -> bool {
    if client.rate_gate_closed().is_some() || client.rate_budget_low() {
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_wait_starts_afresh_at_every_move() {
        let tasks = ReadAheadTasks::default();
        let start = Instant::now();
        let waiting = tokio::spawn(stay_put(tasks.moved.subscribe()));
        // Five keys 100 ms apart: none leaves the selection put for IDLE.
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            tasks.moved();
        }
        waiting.await.expect("the wait");
        assert_eq!(start.elapsed(), Duration::from_millis(500) + IDLE);
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_begun_long_after_the_last_move_ends_at_once() {
        let tasks = ReadAheadTasks::default();
        tokio::time::sleep(IDLE * 3).await;
        let start = Instant::now();
        stay_put(tasks.moved.subscribe()).await;
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
