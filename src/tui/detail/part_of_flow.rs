//! The app's side of the detail pane's "Indexes" and "Entities" sections: asking for them when
//! another asset shows (unless they are kept), again on `r`, and keeping what comes back, with
//! the indexed assets still on their way followed to `ready`. The answers nobody waits for
//! (another asset shows, or a newer request was made) are dropped.

use tracing::debug;

use crate::api::types::{IndexRef, IndexedAssetStatus};
use crate::api::{ApiError, EntityUse, IndexUse};

use super::part_of::Sections;
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::msg::RequestId;
use crate::tui::task_error::SectionError;

impl App {
    /// Asks for the shown asset's sections when another asset shows and they are not kept (or
    /// were kept with an error, which showing the asset again retries).
    pub(in crate::tui) fn sync_part_of(&mut self) -> Vec<Effect> {
        let shown = self.list.selected_asset().map(|a| a.id.as_str());
        if shown == self.part_of.wanted.as_deref() {
            return Vec::new();
        }
        let shown = shown.map(str::to_string);
        self.part_of.wanted = shown.clone();
        // The answer of a read still on its way is dropped (and its task aborted by the next
        // read), so the asset it was for is read again when it shows again: a `r` whose
        // selection moved away and back while its pages loaded (the row is not on page 1, or a
        // delete moved it) must not leave the sections it was to refresh.
        self.part_of.abandon_pending();
        match shown {
            // Being read ahead: that answer comes sooner than a read of its own would.
            Some(id) if self.part_of.needs_read(&id) => match self.read_ahead.reading(&id, |j| j.part_of) {
                Some(request_id) => {
                    self.part_of.pending = Some((id, request_id));
                    Vec::new()
                }
                None => self.fetch_part_of(id),
            },
            _ => Vec::new(),
        }
    }

    /// `r`: reads the shown asset's sections again; the kept ones show until the answer.
    pub(in crate::tui) fn refresh_part_of(&mut self) -> Vec<Effect> {
        match self.part_of.wanted.clone() {
            Some(id) => self.fetch_part_of(id),
            None => Vec::new(),
        }
    }

    fn fetch_part_of(&mut self, asset_id: String) -> Vec<Effect> {
        let request_id = self.request_id();
        self.part_of.pending = Some((asset_id.clone(), request_id));
        vec![Effect::FetchPartOf { request_id, asset_id }]
    }

    pub(in crate::tui) fn on_part_of(
        &mut self,
        request_id: RequestId,
        asset_id: String,
        indexes: Result<Vec<IndexUse>, ApiError>,
        entities: Result<Vec<EntityUse>, ApiError>,
    ) -> Vec<Effect> {
        if self.part_of.pending.as_ref() != Some(&(asset_id.clone(), request_id)) {
            // Read ahead for a row not shown: kept for when it shows when both sections came and
            // nothing in them is still on its way (that one is read, and followed, when shown).
            if self.read_ahead.is_reading(&asset_id, request_id)
                && let (Ok(indexes), Ok(entities)) = (indexes, entities)
                && indexes
                    .iter()
                    .all(|u| u.status.as_ref().is_some_and(IndexedAssetStatus::is_final))
            {
                let (indexes, entities) = (Ok(indexes), Ok(entities));
                self.part_of.insert(asset_id, Sections { indexes, entities });
                return Vec::new();
            }
            debug!(%request_id, %asset_id, "dropping indexes and entities nobody waits for");
            return Vec::new();
        }
        self.part_of.pending = None;
        // Shown in the sections; only a lost connection is the app's business as well.
        let lost = [indexes.as_ref().err(), entities.as_ref().err()]
            .into_iter()
            .flatten()
            .find_map(|e| match e {
                ApiError::Transport { message, .. } => Some(message.clone()),
                _ => None,
            });
        if let Some(message) = lost {
            self.connectivity.lost(self.now, message, None);
        }
        // Rows still on their way to `ready` move on the screen as they get there.
        let effects = indexes
            .iter()
            .flatten()
            .filter(|u| !u.status.as_ref().is_some_and(IndexedAssetStatus::is_final))
            .filter_map(|u| self.watch(&asset_id, &u.index, &u.id))
            .collect();
        let sections = Sections {
            indexes: indexes.map_err(|e| SectionError::from(&e)),
            entities: entities.map_err(|e| SectionError::from(&e)),
        };
        self.part_of.insert(asset_id, sections);
        effects
    }

    /// Follows an indexed asset until it is final, unless a task already does.
    pub(in crate::tui) fn watch(
        &mut self,
        asset_id: &str,
        index: &IndexRef,
        indexed_asset_id: &str,
    ) -> Option<Effect> {
        self.part_of
            .watching
            .insert(indexed_asset_id.to_string())
            .then(|| Effect::WatchIndexedAsset {
                asset_id: asset_id.to_string(),
                index: index.clone(),
                indexed_asset_id: indexed_asset_id.to_string(),
            })
    }
}
