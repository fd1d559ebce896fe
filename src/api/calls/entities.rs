//! The entity calls: entity collections, their entities, each entity's assets, and the
//! entities that name an asset.

use reqwest::Method;

use crate::api::calls::pages::collect_pages;
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::{
    BulkCreateEntitiesRequest, BulkCreateEntitiesResponse, CreateEntityRequest, Entity, EntityAssetsRequest,
    EntityCollection, EntityCollectionRequest, Page, UpdateEntityRequest,
};
use crate::api::wire::path_segment;

impl Client {
    /// `GET /entity-collections`: one page (`name` filters by name).
    pub async fn list_entity_collections(
        &self,
        page: u64,
        page_limit: u32,
        name: Option<&str>,
    ) -> Result<Page<EntityCollection>, ApiError> {
        let mut q = vec![("page", page.to_string()), ("page_limit", page_limit.to_string())];
        q.extend(name.map(|n| ("name", n.to_string())));
        self.send_json(|| self.request(Method::GET, "/entity-collections").query(&q))
            .await
    }

    /// `POST /entity-collections`: creates a collection. Not retried once sent.
    pub async fn create_entity_collection(
        &self,
        body: &EntityCollectionRequest,
    ) -> Result<EntityCollection, ApiError> {
        self.send_json_unsent(|| self.request(Method::POST, "/entity-collections").json(body))
            .await
    }

    /// `GET /entity-collections/{id}`. A 400 here also means "not found or invalid id".
    pub async fn get_entity_collection(&self, id: &str) -> Result<EntityCollection, ApiError> {
        let path = format!("/entity-collections/{}", path_segment(id)?);
        self.retrieve_json(|| self.request(Method::GET, &path)).await
    }

    /// `PATCH /entity-collections/{id}`: changes the name or description given.
    pub async fn update_entity_collection(
        &self,
        id: &str,
        body: &EntityCollectionRequest,
    ) -> Result<EntityCollection, ApiError> {
        let path = format!("/entity-collections/{}", path_segment(id)?);
        self.send_json(|| self.request(Method::PATCH, &path).json(body))
            .await
    }

    /// `DELETE /entity-collections/{id}`: the collection and its entities (not their assets).
    pub async fn delete_entity_collection(&self, id: &str) -> Result<(), ApiError> {
        let path = format!("/entity-collections/{}", path_segment(id)?);
        self.send_empty(|| self.request(Method::DELETE, &path)).await
    }

    /// `GET /entity-collections/{id}/entities`: one page of a collection's entities.
    pub async fn list_entities(
        &self,
        collection_id: &str,
        page: u64,
        page_limit: u32,
    ) -> Result<Page<Entity>, ApiError> {
        let path = format!("/entity-collections/{}/entities", path_segment(collection_id)?);
        let q = [("page", page.to_string()), ("page_limit", page_limit.to_string())];
        self.send_json(|| self.request(Method::GET, &path).query(&q))
            .await
    }

    /// `POST /entity-collections/{id}/entities`: creates an entity of at least one asset.
    pub async fn create_entity(
        &self,
        collection_id: &str,
        body: &CreateEntityRequest,
    ) -> Result<Entity, ApiError> {
        let path = format!("/entity-collections/{}/entities", path_segment(collection_id)?);
        self.send_json_unsent(|| self.request(Method::POST, &path).json(body))
            .await
    }

    /// `POST /entity-collections/{id}/entities/bulk`: creates several; refused ones come back in
    /// `errors`.
    pub async fn create_entities_bulk(
        &self,
        collection_id: &str,
        body: &BulkCreateEntitiesRequest,
    ) -> Result<BulkCreateEntitiesResponse, ApiError> {
        let path = format!(
            "/entity-collections/{}/entities/bulk",
            path_segment(collection_id)?
        );
        self.send_json_unsent(|| self.request(Method::POST, &path).json(body))
            .await
    }

    fn entity_path(collection_id: &str, id: &str) -> Result<String, ApiError> {
        Ok(format!(
            "/entity-collections/{}/entities/{}",
            path_segment(collection_id)?,
            path_segment(id)?
        ))
    }

    /// `GET …/entities/{entity_id}`.
    pub async fn get_entity(&self, collection_id: &str, id: &str) -> Result<Entity, ApiError> {
        let path = Self::entity_path(collection_id, id)?;
        self.retrieve_json(|| self.request(Method::GET, &path)).await
    }

    /// `PATCH …/entities/{entity_id}`: name, description, metadata (which replaces the set).
    pub async fn update_entity(
        &self,
        collection_id: &str,
        id: &str,
        body: &UpdateEntityRequest,
    ) -> Result<Entity, ApiError> {
        let path = Self::entity_path(collection_id, id)?;
        self.send_json(|| self.request(Method::PATCH, &path).json(body))
            .await
    }

    /// `DELETE …/entities/{entity_id}`: the entity goes, its assets stay.
    pub async fn delete_entity(&self, collection_id: &str, id: &str) -> Result<(), ApiError> {
        let path = Self::entity_path(collection_id, id)?;
        self.send_empty(|| self.request(Method::DELETE, &path)).await
    }

    /// `POST …/entities/{entity_id}/assets`: links more assets.
    pub async fn add_entity_assets(
        &self,
        collection_id: &str,
        id: &str,
        asset_ids: &[String],
    ) -> Result<Entity, ApiError> {
        self.change_entity_assets(Method::POST, collection_id, id, asset_ids)
            .await
    }

    /// `DELETE …/entities/{entity_id}/assets`: unlinks assets (the last one cannot go).
    pub async fn remove_entity_assets(
        &self,
        collection_id: &str,
        id: &str,
        asset_ids: &[String],
    ) -> Result<Entity, ApiError> {
        self.change_entity_assets(Method::DELETE, collection_id, id, asset_ids)
            .await
    }

    /// Links (`POST`) or unlinks (`DELETE`) assets: one path, one body. A link sent twice
    /// changes nothing, so it is retried like a read; an unlink that went through would be
    /// refused when sent again (those assets are no longer held), so it is repeated only when
    /// it never left.
    async fn change_entity_assets(
        &self,
        method: Method,
        collection_id: &str,
        id: &str,
        asset_ids: &[String],
    ) -> Result<Entity, ApiError> {
        let path = format!("{}/assets", Self::entity_path(collection_id, id)?);
        let body = EntityAssetsRequest {
            asset_ids: asset_ids.to_vec(),
        };
        let build = || self.request(method.clone(), &path).json(&body);
        if method == Method::DELETE {
            return self.send_json_unsent(build).await;
        }
        self.send_json(build).await
    }

    /// `GET /assets/{asset_id}/entities`: one page of the entities that name the asset.
    pub async fn entities_of_asset(
        &self,
        asset_id: &str,
        page: u64,
        page_limit: u32,
    ) -> Result<Page<Entity>, ApiError> {
        let path = format!("/assets/{}/entities", path_segment(asset_id)?);
        let q = [("page", page.to_string()), ("page_limit", page_limit.to_string())];
        self.send_json(|| self.request(Method::GET, &path).query(&q))
            .await
    }

    /// Every entity that names the asset, all pages.
    pub async fn all_entities_of_asset(&self, asset_id: &str) -> Result<Vec<Entity>, ApiError> {
        collect_pages(|page| self.entities_of_asset(asset_id, page, 50)).await
    }
}
