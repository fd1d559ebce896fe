//! The delete flow's results: done, refused because indexed assets use the asset (409), and
//! the list of those indexed assets for the conflict dialog. A result of a delete run goes to the
//! run (`delete/bulk_flow.rs`); these handle the ones no run waits for.
//! The task of one delete (`spawn_delete`) lives here too.

use crate::api::ApiError;
use crate::api::types::{IndexedAssetSummary, Page};

use super::dialog_data::{ConflictDelete, DeleteTarget, References};
use crate::tui::app::App;
use crate::tui::dialogs::Modal;
use crate::tui::effect::Effect;

impl App {
    fn target_of(&self, id: &str) -> DeleteTarget {
        self.list
            .items
            .iter()
            .find(|a| a.id == id)
            .map(DeleteTarget::of)
            .unwrap_or_else(|| DeleteTarget {
                id: id.to_string(),
                name: id.to_string(),
                size: None,
            })
    }

    pub(in crate::tui) fn on_deleted(&mut self, id: &str, force: bool) -> Vec<Effect> {
        if let Some(effects) = self.run_deleted(id, force) {
            return effects;
        }
        let name = self.target_of(id).name;
        self.list.remove(id);
        self.marks.remove(id);
        let how = if force { "force-deleted" } else { "deleted" };
        self.notices.flash = Some(format!("{how} {name}"));
        if matches!(&self.modal, Some(Modal::ConflictDelete(c)) if c.assets.len() == 1 && c.assets[0].target.id == id)
        {
            self.modal = None;
        }
        self.follow_selection()
    }

    pub(in crate::tui) fn on_delete_failed(
        &mut self,
        id: String,
        conflict: bool,
        error: &ApiError,
    ) -> Vec<Effect> {
        if let Some(effects) = self.run_failed(&id, conflict, error) {
            return effects;
        }
        self.list.deleting.remove(&id);
        let target = self.target_of(&id);
        if conflict {
            self.modal = Some(Modal::ConflictDelete(ConflictDelete::loading(vec![target])));
            return vec![Effect::FetchReferences { id }];
        }
        if matches!(error, ApiError::NotFound { .. }) {
            // Already gone on the server: make the list agree.
            self.list.remove(&id);
            self.marks.remove(&id);
            self.notices.flash = Some(format!("{} was already deleted", target.name));
            return Vec::new();
        }
        self.api_error(&format!("deleting {}", target.name), error, None);
        Vec::new()
    }

    pub(in crate::tui) fn on_references(
        &mut self,
        id: &str,
        result: Result<Page<IndexedAssetSummary>, ApiError>,
    ) -> Vec<Effect> {
        let Some(Modal::ConflictDelete(dialog)) = &mut self.modal else {
            return Vec::new();
        };
        let Some(asset) = dialog.assets.iter_mut().find(|a| a.target.id == id) else {
            return Vec::new();
        };
        asset.references = match result {
            Ok(page) => References::Loaded {
                total: page.page_info.total_results.max(page.data.len() as u64),
                items: page.data,
            },
            Err(err) => References::Unknown(format!("{}: {}", err.code(), err.message())),
        };
        Vec::new()
    }
}

/// The task of one delete: the answer comes back as `DeleteDone` or `DeleteFailed`.
pub(in crate::tui) fn spawn_delete(
    client: crate::api::Client,
    tx: tokio::sync::mpsc::UnboundedSender<crate::tui::msg::Msg>,
    id: String,
    force: bool,
) {
    use crate::tui::msg::Msg;
    tokio::spawn(async move {
        let msg = match client.delete_asset(&id, force).await {
            Ok(()) => Msg::DeleteDone { id, force },
            Err(error) => Msg::DeleteFailed {
                conflict: matches!(error, crate::api::ApiError::Conflict { .. }),
                id,
                error,
            },
        };
        let _ = tx.send(msg);
    });
}
