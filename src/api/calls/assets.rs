//! The calls on existing assets: list, get, delete (and what blocks a delete), user metadata.

use reqwest::Method;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::{Asset, IndexedAssetSummary, ListAssetsQuery, Page, UserMetadata, UserMetadataBody};
use crate::api::wire::path_segment;

impl Client {
    /// `GET /assets`: one page, newest first, with the query's filters.
    pub async fn list_assets(&self, query: &ListAssetsQuery) -> Result<Page<Asset>, ApiError> {
        let pairs = query.to_pairs();
        self.send_json(|| self.request(Method::GET, "/assets").query(&pairs))
            .await
    }

    /// `GET /assets/{id}`: the asset's details. A 400 here also means "not found or invalid id".
    pub async fn get_asset(&self, id: &str) -> Result<Asset, ApiError> {
        let path = format!("/assets/{}", path_segment(id)?);
        self.retrieve_json(|| self.request(Method::GET, &path)).await
    }

    /// `DELETE /assets/{id}?force=`: a 409 ([`ApiError::Conflict`]) means indexed assets still
    /// reference it; call again with `force` to delete them too. Never retried on 409.
    pub async fn delete_asset(&self, id: &str, force: bool) -> Result<(), ApiError> {
        let path = format!("/assets/{}", path_segment(id)?);
        let force = if force { "true" } else { "false" };
        self.send_empty(|| self.request(Method::DELETE, &path).query(&[("force", force)]))
            .await
    }

    /// `GET /assets/{id}/indexed-assets`: the indexed assets that block a plain delete.
    pub async fn indexed_assets(
        &self,
        id: &str,
        page: u32,
        page_limit: u32,
    ) -> Result<Page<IndexedAssetSummary>, ApiError> {
        let path = format!("/assets/{}/indexed-assets", path_segment(id)?);
        let q = [("page", page.to_string()), ("page_limit", page_limit.to_string())];
        self.send_json(|| self.request(Method::GET, &path).query(&q))
            .await
    }

    /// `PATCH /assets/{id}/user-metadata`: merge. A `null` value deletes that key.
    pub async fn patch_user_metadata(&self, id: &str, changes: &UserMetadata) -> Result<(), ApiError> {
        self.write_metadata(Method::PATCH, id, changes).await
    }

    /// `PUT /assets/{id}/user-metadata`: replace the whole set (`{}` clears it).
    pub async fn put_user_metadata(&self, id: &str, metadata: &UserMetadata) -> Result<(), ApiError> {
        self.write_metadata(Method::PUT, id, metadata).await
    }

    /// `DELETE /assets/{id}/user-metadata`: clear all metadata.
    pub async fn delete_user_metadata(&self, id: &str) -> Result<(), ApiError> {
        let path = format!("/assets/{}/user-metadata", path_segment(id)?);
        self.send_empty(|| self.request(Method::DELETE, &path)).await
    }

    /// PUT replaces, so repeating it is harmless and it is retried like a read; PATCH with a
    /// `null` or a counter-like value is not safe to repeat once the server has seen it.
    async fn write_metadata(&self, method: Method, id: &str, m: &UserMetadata) -> Result<(), ApiError> {
        let path = format!("/assets/{}/user-metadata", path_segment(id)?);
        let body = UserMetadataBody {
            user_metadata: m.clone(),
        };
        let build = || self.request(method.clone(), &path).json(&body);
        if method == Method::PUT {
            return self.send_empty(build).await;
        }
        self.send_empty_unsent(build).await
    }
}

/// Whether a served file's answer means its URL is no longer good: file URLs are presigned and
/// expire (the service's storage and the local platform answer 403, docs/contract.md §15.10), so
/// the asset is read again ([`Client::get_asset`]) for a fresh URL.
pub fn file_url_expired(status: u16) -> bool {
    status == 403
}
