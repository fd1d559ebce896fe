//! `used-by ASSET_ID`: the indexes that hold an asset (with each indexed asset's status) and the
//! entities that name it (with their collection). `get` shows the same as two sections.

use std::collections::HashMap;

use serde::Serialize;

use super::{CliError, UsedByArgs, output, render, table};
use crate::api::types::{Entity, IndexRef, IndexedAssetStatus};
use crate::api::{ApiError, Client};

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

/// The indexes holding an asset, with each indexed asset's status.
pub async fn indexes_of(client: &Client, asset_id: &str) -> Result<Vec<IndexUse>, ApiError> {
    let summaries = client.all_indexed_assets_of(asset_id).await?;
    let mut out = Vec::with_capacity(summaries.len());
    for s in summaries {
        // The status is a detail: an index that cannot be read still shows, without it.
        let status = client
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
pub async fn entities_of(client: &Client, asset_id: &str) -> Result<Vec<EntityUse>, ApiError> {
    let entities = client.all_entities_of_asset(asset_id).await?;
    let mut names: HashMap<String, Option<String>> = HashMap::new();
    let mut out = Vec::with_capacity(entities.len());
    for entity in entities {
        let collection_name = match &entity.entity_collection_id {
            None => None,
            Some(cid) => match names.get(cid) {
                Some(n) => n.clone(),
                None => {
                    let n = client.get_entity_collection(cid).await.ok().and_then(|c| c.name);
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

pub async fn run(client: &Client, args: &UsedByArgs) -> Result<(), CliError> {
    let indexes = indexes_of(client, &args.id).await?;
    let entities = entities_of(client, &args.id).await?;
    if args.json {
        #[derive(Serialize)]
        struct Out<'a> {
            indexes: &'a [IndexUse],
            entities: Vec<&'a Entity>,
        }
        return render::print_json(&Out {
            indexes: &indexes,
            entities: entities.iter().map(|e| &e.entity).collect(),
        });
    }
    write!(output::stdout(), "{}", section_text(&Ok(indexes), &Ok(entities)))?;
    Ok(())
}

/// The "Indexes" and "Entities" sections; a part that could not be read says why.
pub fn section_text(
    indexes: &Result<Vec<IndexUse>, ApiError>,
    entities: &Result<Vec<EntityUse>, ApiError>,
) -> String {
    let mut out = String::new();
    section(
        &mut out,
        "Indexes",
        indexes,
        &["NAME", "INDEX", "INDEXED ASSET", "STATUS"],
        |u| {
            vec![
                u.index.name.clone().unwrap_or_else(|| "?".into()),
                u.index.id.clone(),
                u.id.clone(),
                u.status.as_ref().map_or_else(|| "?".into(), ToString::to_string),
            ]
        },
    );
    section(
        &mut out,
        "Entities",
        entities,
        &["NAME", "ENTITY", "COLLECTION"],
        |u| {
            vec![
                u.entity.name.clone().unwrap_or_else(|| "?".into()),
                u.entity.id.clone(),
                u.collection_name.clone().unwrap_or_else(|| "?".into()),
            ]
        },
    );
    out
}

/// One titled section: a table of `part`'s rows, `(none)`, or why it could not be read.
fn section<T>(
    out: &mut String,
    title: &str,
    part: &Result<Vec<T>, ApiError>,
    header: &[&str],
    row: impl Fn(&T) -> Vec<String>,
) {
    out.push_str(title);
    out.push('\n');
    match part {
        Err(e) => out.push_str(&format!("  (could not be read: {}: {})\n", e.code(), e.message())),
        Ok(v) if v.is_empty() => out.push_str("  (none)\n"),
        Ok(v) => {
            let rows: Vec<Vec<String>> = v.iter().map(&row).collect();
            out.push_str(&indent(&table::render(header, &rows)));
        }
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
