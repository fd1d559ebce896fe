//! Wire types of entity collections and entities (`/entity-collections…`,
//! `/assets/{id}/entities`): named things (people, products …) identified by assets.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

open_enum!(
    /// State of an entity: `processing` while its assets change, then `ready`.
    EntityStatus {
        Processing => "processing",
        Ready => "ready",
    }
);

/// An entity collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityCollection {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// An entity of a collection and the assets that identify it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_collection_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Flat key/value pairs (strings, numbers, booleans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    #[serde(default)]
    pub asset_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EntityStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// Body of `POST /entity-collections` and `PATCH /entity-collections/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityCollectionRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Body of `POST …/entities` and one item of `POST …/entities/bulk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateEntityRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// At least one asset.
    pub asset_ids: Vec<String>,
}

/// Body of `PATCH …/entities/{id}`: only the fields given change; `metadata` replaces the set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateEntityRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// Body of `POST` and `DELETE …/entities/{id}/assets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityAssetsRequest {
    pub asset_ids: Vec<String>,
}

/// Body of `POST …/entities/bulk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkCreateEntitiesRequest {
    pub entities: Vec<CreateEntityRequest>,
}

/// One entity created by a bulk create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkCreatedEntity {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// One entity a bulk create refused, by its position in the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkEntityError {
    pub entity_index: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_name: Option<String>,
    pub error_reason: String,
}

/// Answer of `POST …/entities/bulk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkCreateEntitiesResponse {
    #[serde(default)]
    pub success_count: u32,
    #[serde(default)]
    pub failed_count: u32,
    #[serde(default)]
    pub entities: Vec<BulkCreatedEntity>,
    #[serde(default)]
    pub errors: Vec<BulkEntityError>,
}
