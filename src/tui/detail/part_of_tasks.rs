//! The runtime's side of what an asset is part of: the tasks that read an asset's indexes and
//! entities (and its transcript, `transcript/task.rs`), load the indexes for the picker, create an index (the picker's `n` form), send
//! assets to an index and follow the new indexed assets. Each sends its result back as a message; none blocks the UI task.

use futures_util::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;
use tokio::time::Instant;

use super::settle::{Settle, after_settling};

use crate::api::{Client, PollOptions};

use crate::tui::effect::Effect;
use crate::tui::msg::Msg;

/// Sends to an index in flight at once.
pub const SENDS_AT_ONCE: usize = 4;

/// The part-of task that a newer request makes useless.
#[derive(Debug, Default)]
pub struct PartOfTasks {
    /// How long the selection must rest on an asset before its sections are read, so running
    /// through the list reads only where it stops.
    settle: Settle,
    reading: Option<AbortHandle>,
    transcript: super::transcript::task::TranscriptTask,
}

impl PartOfTasks {
    /// Starts the task for one of the part-of effects (others are ignored).
    pub fn perform(&mut self, effect: Effect, client: Client, tx: UnboundedSender<Msg>, poll: PollOptions) {
        match effect {
            Effect::FetchPartOf { request_id, asset_id } => {
                // Only the newest request's answer is awaited; the older one's would be dropped.
                if let Some(old) = self.reading.take() {
                    old.abort();
                }
                let settle = self.settle.wait(&asset_id, Instant::now());
                self.reading = Some(after_settling(settle, async move {
                    // Read independently: a service that refuses one still shows the other.
                    let (indexes, entities) =
                        tokio::join!(client.indexes_of(&asset_id), client.entities_of(&asset_id));
                    let _ = tx.send(Msg::PartOfLoaded {
                        request_id,
                        asset_id,
                        indexes,
                        entities,
                    });
                }));
            }
            Effect::FetchTranscript { request_id, asset_id } => {
                let settle = self.settle.wait(&asset_id, Instant::now());
                self.transcript.start(request_id, asset_id, settle, client, tx);
            }
            Effect::LoadIndexes { request_id } => {
                tokio::spawn(async move {
                    let result = client.list_all_indexes(None).await;
                    let _ = tx.send(Msg::IndexesLoaded { request_id, result });
                });
            }
            Effect::CreateIndex { request_id, body } => {
                tokio::spawn(async move {
                    let result = match client.create_index(&body).await {
                        Ok(id) => client.get_index(&id).await,
                        Err(e) => Err(e),
                    };
                    let _ = tx.send(Msg::IndexCreated { request_id, result });
                });
            }
            Effect::AddToIndex {
                request_id,
                index,
                asset_ids,
            } => {
                tokio::spawn(async move {
                    let results = futures_util::stream::iter(asset_ids)
                        .map(|asset_id| {
                            let (client, index_id) = (&client, &index.id);
                            async move {
                                let result = client.send_to_index(index_id, &asset_id).await;
                                (asset_id, result)
                            }
                        })
                        .buffered(SENDS_AT_ONCE)
                        .collect()
                        .await;
                    let _ = tx.send(Msg::AddedToIndex {
                        request_id,
                        index,
                        results,
                    });
                });
            }
            Effect::WatchIndexedAsset {
                asset_id,
                index,
                indexed_asset_id,
            } => {
                tokio::spawn(async move {
                    let mut last = None;
                    let report = |result| Msg::IndexedAssetPolled {
                        asset_id: asset_id.clone(),
                        index: index.clone(),
                        indexed_asset_id: indexed_asset_id.clone(),
                        result,
                    };
                    let waited = client
                        .wait_for_indexed_asset(&index.id, &indexed_asset_id, poll, |ia| {
                            // Only a change is news; the answers between say the same.
                            if ia.status != last {
                                last = ia.status.clone();
                                let _ = tx.send(report(Ok(Box::new(ia.clone()))));
                            }
                        })
                        .await;
                    if let Err(e) = waited {
                        let _ = tx.send(report(Err(e)));
                    }
                });
            }
            _ => {}
        }
    }
}
