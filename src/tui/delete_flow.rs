//! The delete flow's results: done, refused because indexed assets use the asset (409), and
//! the list of those indexed assets for the second dialog.

use crate::api::ApiError;
use crate::api::types::{IndexedAssetSummary, Page};

use super::app::App;
use super::dialogs::{ConflictDelete, Modal, References};
use super::effect::Effect;

impl App {
    fn name_of(&self, id: &str) -> String {
        self.list
            .items
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.filename.clone())
            .unwrap_or_else(|| id.to_string())
    }

    pub(super) fn on_deleted(&mut self, id: &str, force: bool) -> Vec<Effect> {
        let name = self.name_of(id);
        self.list.remove(id);
        let how = if force { "force-deleted" } else { "deleted" };
        self.notices.flash = Some(format!("{how} {name}"));
        if matches!(&self.modal, Some(Modal::ConflictDelete(c)) if c.id == id) {
            self.modal = None;
        }
        self.follow_selection()
    }

    pub(super) fn on_delete_failed(&mut self, id: String, conflict: bool, error: &ApiError) -> Vec<Effect> {
        self.list.deleting.remove(&id);
        let name = self.name_of(&id);
        if conflict {
            self.modal = Some(Modal::ConflictDelete(ConflictDelete {
                id: id.clone(),
                name,
                references: References::Loading,
                choice: Default::default(),
                confirming_force: false,
            }));
            return vec![Effect::FetchReferences { id }];
        }
        if matches!(error, ApiError::NotFound { .. }) {
            // Already gone on the server: make the list agree.
            self.list.remove(&id);
            self.notices.flash = Some(format!("{name} was already deleted"));
            return Vec::new();
        }
        self.api_error(&format!("deleting {name}"), error, None);
        Vec::new()
    }

    pub(super) fn on_references(
        &mut self,
        id: &str,
        result: Result<Page<IndexedAssetSummary>, ApiError>,
    ) -> Vec<Effect> {
        let Some(Modal::ConflictDelete(dialog)) = &mut self.modal else {
            return Vec::new();
        };
        if dialog.id != id {
            return Vec::new();
        }
        dialog.references = match result {
            Ok(page) => References::Loaded {
                total: page.page_info.total_results.max(page.data.len() as u64),
                items: page.data,
            },
            Err(err) => References::Unknown(format!("{}: {}", err.code(), err.message())),
        };
        Vec::new()
    }
}
