//! What an asset is part of: the indexes that hold it (with each indexed asset's status) and the
//! entities that name it (with their collection's name), and sending an asset to an index once.
//! The command line (`used-by`, `get`, `index`) and the terminal app read them the same way.

use std::collections::HashMap;

use serde::Serialize;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::{CreateIndexedAssetRequest, Entity, IndexRef, IndexedAssetStatus};

/// One index holding the asset: the indexed asset's id, its index and its status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexUse {
    #[serde(rename = "_id")]
    pub id: String,
    pub index: IndexRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<IndexedAssetStatus>,
}

/// One entity naming the asset, and the name of its collection (for people; not in `--json`).
#[derive(Debug, Clone, PartialEq)]
pub struct EntityUse {
    pub entity: Entity,
    pub collection_name: Option<String>,
}

/// How sending an asset to an index went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// A new indexed asset (its id); indexing has started.
    Created(String),
    /// The asset was in the index already, as this indexed asset: nothing was sent.
    AlreadyThere(String),
}

impl Sent {
    /// The indexed asset's id either way.
    pub fn id(&self) -> &str {
        match self {
            Sent::Created(id) | Sent::AlreadyThere(id) => id,
        }
    }
}

impl Client {
    /// The indexes holding an asset, with each indexed asset's status and its index's name (read
    /// from the index when the reference leaves it out, each index once).
    pub async fn indexes_of(&self, asset_id: &str) -> Result<Vec<IndexUse>, ApiError> {
        let summaries = self.all_indexed_assets_of(asset_id).await?;
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        let mut out = Vec::with_capacity(summaries.len());
        for mut s in summaries {
            if s.index.name.is_none() {
                s.index.name = match names.get(&s.index.id) {
                    Some(n) => n.clone(),
                    None => {
                        // A name is a detail: an index that cannot be read shows by its id.
                        let n = self.get_index(&s.index.id).await.ok().and_then(|i| i.index_name);
                        names.insert(s.index.id.clone(), n.clone());
                        n
                    }
                };
            }
            // The status is a detail too: an indexed asset that cannot be read shows without it.
            let status = self
                .get_indexed_asset(&s.index.id, &s.id)
                .await
                .ok()
                .and_then(|ia| ia.status);
            out.push(IndexUse {
                id: s.id,
                index: s.index,
                status,
            });
        }
        Ok(out)
    }

    /// The entities naming an asset, with their collections' names (each collection read once).
    pub async fn entities_of(&self, asset_id: &str) -> Result<Vec<EntityUse>, ApiError> {
        let entities = self.all_entities_of_asset(asset_id).await?;
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        let mut out = Vec::with_capacity(entities.len());
        for entity in entities {
            let collection_name = match &entity.entity_collection_id {
                None => None,
                Some(cid) => match names.get(cid) {
                    Some(n) => n.clone(),
                    None => {
                        let n = self.get_entity_collection(cid).await.ok().and_then(|c| c.name);
                        names.insert(cid.clone(), n.clone());
                        n
                    }
                },
            };
            out.push(EntityUse {
                entity,
                collection_name,
            });
        }
        Ok(out)
    }

    /// Sends a `ready` asset to an index, unless it is there already: sending it again would
    /// index it twice, so running the same request again changes nothing.
    pub async fn send_to_index(&self, index_id: &str, asset_id: &str) -> Result<Sent, ApiError> {
        let present = self.all_indexed_assets_of(asset_id).await?;
        if let Some(ia) = present.into_iter().find(|ia| ia.index.id == index_id) {
            return Ok(Sent::AlreadyThere(ia.id));
        }
        let body = CreateIndexedAssetRequest {
            asset_id: asset_id.to_string(),
            enable_video_stream: None,
            user_metadata: None,
        };
        let created = self.create_indexed_asset(index_id, &body).await?;
        Ok(Sent::Created(created.id))
    }
}
