//! The index calls: indexes, the indexed assets in them, and waiting for indexing to finish.

use reqwest::Method;

use crate::api::calls::pages::collect_pages;
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::poll::PollOptions;
use crate::api::poll_until::poll_until;
use crate::api::types::{
    CreateIndexRequest, CreateIndexedAssetRequest, CreatedId, CreatedIndexedAsset, Index, IndexedAsset,
    IndexedAssetSummary, ListIndexedAssetsQuery, ListIndexesQuery, Page, UserMetadata, UserMetadataBody,
};
use crate::api::wire::path_segment;

impl Client {
    /// `GET /indexes`: one page of indexes.
    pub async fn list_indexes(&self, query: &ListIndexesQuery) -> Result<Page<Index>, ApiError> {
        let pairs = query.to_pairs();
        self.send_json(|| self.request(Method::GET, "/indexes").query(&pairs))
            .await
    }

    /// Every index (matching `index_name`, when given), page after page.
    pub async fn list_all_indexes(&self, index_name: Option<&str>) -> Result<Vec<Index>, ApiError> {
        collect_pages(|page| {
            let query = ListIndexesQuery {
                page: Some(page),
                page_limit: Some(50),
                index_name: index_name.map(str::to_string),
            };
            async move { self.list_indexes(&query).await }
        })
        .await
    }

    /// `GET /indexes/{index-id}`. A 400 here also means "not found or invalid id".
    pub async fn get_index(&self, id: &str) -> Result<Index, ApiError> {
        let path = format!("/indexes/{}", path_segment(id)?);
        self.retrieve_json(|| self.request(Method::GET, &path)).await
    }

    /// `POST /indexes`: creates an index; returns its id. Not retried once sent.
    pub async fn create_index(&self, body: &CreateIndexRequest) -> Result<String, ApiError> {
        let created: CreatedId = self
            .send_json_unsent(|| self.request(Method::POST, "/indexes").json(body))
            .await?;
        Ok(created.id)
    }

    /// `PUT /indexes/{index-id}`: renames the index.
    pub async fn rename_index(&self, id: &str, index_name: &str) -> Result<(), ApiError> {
        let path = format!("/indexes/{}", path_segment(id)?);
        let body = serde_json::json!({ "index_name": index_name });
        self.send_empty(|| self.request(Method::PUT, &path).json(&body))
            .await
    }

    /// `DELETE /indexes/{index-id}`: the index and everything indexed in it.
    pub async fn delete_index(&self, id: &str) -> Result<(), ApiError> {
        let path = format!("/indexes/{}", path_segment(id)?);
        self.send_empty(|| self.request(Method::DELETE, &path)).await
    }

    /// `POST /indexes/{index-id}/indexed-assets`: starts indexing a `ready` asset (202). Not
    /// retried once sent: a repeat would index it twice.
    pub async fn create_indexed_asset(
        &self,
        index_id: &str,
        body: &CreateIndexedAssetRequest,
    ) -> Result<CreatedIndexedAsset, ApiError> {
        let path = format!("/indexes/{}/indexed-assets", path_segment(index_id)?);
        self.send_json_unsent(|| self.request(Method::POST, &path).json(body))
            .await
    }

    /// `GET /indexes/{index-id}/indexed-assets`: one page, with the query's filters.
    pub async fn list_indexed_assets(
        &self,
        index_id: &str,
        query: &ListIndexedAssetsQuery,
    ) -> Result<Page<IndexedAsset>, ApiError> {
        let path = format!("/indexes/{}/indexed-assets", path_segment(index_id)?);
        let pairs = query.to_pairs();
        self.send_json(|| self.request(Method::GET, &path).query(&pairs))
            .await
    }

    /// `GET /indexes/{index-id}/indexed-assets/{indexed-asset-id}`: its status and metadata.
    pub async fn get_indexed_asset(&self, index_id: &str, id: &str) -> Result<IndexedAsset, ApiError> {
        let path = format!(
            "/indexes/{}/indexed-assets/{}",
            path_segment(index_id)?,
            path_segment(id)?
        );
        self.retrieve_json(|| self.request(Method::GET, &path)).await
    }

    /// `PATCH …/indexed-assets/{indexed-asset-id}`: merges user metadata (`null` removes a key).
    /// Not retried once sent, like the asset metadata PATCH.
    pub async fn patch_indexed_asset(
        &self,
        index_id: &str,
        id: &str,
        changes: &UserMetadata,
    ) -> Result<(), ApiError> {
        let path = format!(
            "/indexes/{}/indexed-assets/{}",
            path_segment(index_id)?,
            path_segment(id)?
        );
        let body = UserMetadataBody {
            user_metadata: changes.clone(),
        };
        self.send_empty_unsent(|| self.request(Method::PATCH, &path).json(&body))
            .await
    }

    /// `DELETE …/indexed-assets/{indexed-asset-id}`: removes the asset from the index.
    pub async fn delete_indexed_asset(&self, index_id: &str, id: &str) -> Result<(), ApiError> {
        let path = format!(
            "/indexes/{}/indexed-assets/{}",
            path_segment(index_id)?,
            path_segment(id)?
        );
        self.send_empty(|| self.request(Method::DELETE, &path)).await
    }

    /// Every indexed asset that references the asset (`GET /assets/{id}/indexed-assets`, all
    /// pages).
    pub async fn all_indexed_assets_of(&self, asset_id: &str) -> Result<Vec<IndexedAssetSummary>, ApiError> {
        collect_pages(|page| async move {
            let page = u32::try_from(page).unwrap_or(u32::MAX);
            self.indexed_assets(asset_id, page, 50).await
        })
        .await
    }

    /// Polls an indexed asset until it is `ready` or `failed`, calling `on_update` with each
    /// answer. A `failed` one is returned as `Ok`; the caller decides how to show it.
    pub async fn wait_for_indexed_asset(
        &self,
        index_id: &str,
        id: &str,
        options: PollOptions,
        on_update: impl FnMut(&IndexedAsset),
    ) -> Result<IndexedAsset, ApiError> {
        poll_until(
            options,
            || self.get_indexed_asset(index_id, id),
            |ia| ia.status.as_ref().is_some_and(|s| s.is_final()),
            on_update,
            || {
                format!(
                    "indexed asset {id} still not ready after {}s; it goes on indexing on the service",
                    options.timeout.as_secs()
                )
            },
        )
        .await
    }
}
