//! The client's index and entity calls against the real local platform: each call's typed
//! answer, and the typed errors a script can match on (not found, refused input).

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use tl_assets::api::types::{
    BulkCreateEntitiesRequest, CreateEntityRequest, CreateIndexRequest, CreateIndexedAssetRequest,
    EntityCollectionRequest, EntityStatus, IndexModel, IndexedAssetStatus, ListIndexedAssetsQuery,
    ListIndexesQuery, UpdateEntityRequest,
};
use tl_assets::api::{ApiError, ApiKey, Client, CreateAsset, PollOptions, UploadSource};
use tl_assets::platform::{self, PlatformConfig, RunningPlatform};

const KEY: &str = "tlk_test_key";

fn poll() -> PollOptions {
    PollOptions {
        interval: Duration::from_millis(20),
        timeout: Duration::from_secs(60),
    }
}

async fn start(dir: &Path) -> (RunningPlatform, Client) {
    let mut config = PlatformConfig::new(dir.to_path_buf(), KEY);
    config.processing_delay = Duration::from_millis(60);
    let running = platform::start(config).await.expect("platform starts");
    let client = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");
    (running, client)
}

async fn ready_asset(client: &Client, sample: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(sample);
    let created = client
        .create_asset(&CreateAsset::new(UploadSource::File(file)), None)
        .await
        .expect("create");
    client
        .wait_for_asset(&created.id, poll(), |_| {})
        .await
        .expect("wait")
        .id
}

fn metadata(v: Value) -> serde_json::Map<String, Value> {
    v.as_object().cloned().expect("object")
}

#[tokio::test]
async fn index_calls_create_list_rename_index_patch_and_delete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (running, client) = start(dir.path()).await;
    let video = ready_asset(&client, "sample-video.mp4").await;
    let body = CreateIndexRequest {
        index_name: "harbor".into(),
        models: vec![IndexModel {
            model_name: "marengo3.0".into(),
            model_options: vec!["visual".into()],
        }],
        addons: None,
    };
    let index = client.create_index(&body).await.expect("create index");
    let refused = client
        .create_index(&CreateIndexRequest {
            models: vec![],
            ..body.clone()
        })
        .await
        .expect_err("no models");
    assert_eq!(refused.code(), "parameter_invalid", "{refused}");

    client.rename_index(&index, "harbour").await.expect("rename");
    let got = client.get_index(&index).await.expect("get");
    assert_eq!(
        (got.index_name.as_deref(), got.models.len()),
        (Some("harbour"), 1)
    );
    let named = client
        .list_indexes(&ListIndexesQuery {
            index_name: Some("HARB".into()),
            ..ListIndexesQuery::default()
        })
        .await
        .expect("list");
    assert_eq!(named.data.len(), 1);
    assert!(matches!(
        client.get_index("000000000000000000000000").await,
        Err(ApiError::NotFound { .. })
    ));

    let req = CreateIndexedAssetRequest {
        asset_id: video.clone(),
        enable_video_stream: None,
        user_metadata: Some(metadata(json!({"take": 1}))),
    };
    let created = client
        .create_indexed_asset(&index, &req)
        .await
        .expect("index asset");
    let mut seen = Vec::new();
    let done = client
        .wait_for_indexed_asset(&index, &created.id, poll(), |ia| seen.extend(ia.status.clone()))
        .await
        .expect("wait");
    assert_eq!(done.status, Some(IndexedAssetStatus::Ready), "{seen:?}");
    client
        .patch_indexed_asset(
            &index,
            &created.id,
            &metadata(json!({"take": null, "scene": "pier"})),
        )
        .await
        .expect("patch");
    let got = client.get_indexed_asset(&index, &created.id).await.expect("get");
    assert_eq!(got.user_metadata, Some(metadata(json!({"scene": "pier"}))));
    let ready = client
        .list_indexed_assets(
            &index,
            &ListIndexedAssetsQuery {
                status: vec![IndexedAssetStatus::Ready],
                ..ListIndexedAssetsQuery::default()
            },
        )
        .await
        .expect("list");
    assert_eq!(
        ready.data.first().map(|ia| ia.id.as_str()),
        Some(created.id.as_str())
    );
    let refs = client.all_indexed_assets_of(&video).await.expect("refs");
    assert_eq!(
        refs.first().and_then(|r| r.index.name.as_deref()),
        Some("harbour")
    );

    client
        .delete_indexed_asset(&index, &created.id)
        .await
        .expect("delete ia");
    assert!(matches!(
        client.get_indexed_asset(&index, &created.id).await,
        Err(ApiError::NotFound { .. })
    ));
    client.delete_index(&index).await.expect("delete index");
    assert!(client.list_all_indexes(None).await.expect("list").is_empty());
    running.shutdown().await;
}

#[tokio::test]
async fn entity_calls_collections_entities_bulk_and_assets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (running, client) = start(dir.path()).await;
    let a = ready_asset(&client, "sample-image.jpg").await;
    let b = ready_asset(&client, "sample-audio.mp3").await;
    let col = client
        .create_entity_collection(&EntityCollectionRequest {
            name: Some("people".into()),
            description: None,
        })
        .await
        .expect("collection");
    let renamed = client
        .update_entity_collection(
            &col.id,
            &EntityCollectionRequest {
                name: None,
                description: Some("on screen".into()),
            },
        )
        .await
        .expect("update");
    assert_eq!(
        (renamed.name.as_deref(), renamed.description.as_deref()),
        (Some("people"), Some("on screen"))
    );
    let listed = client
        .list_entity_collections(1, 10, Some("peo"))
        .await
        .expect("list");
    assert_eq!(listed.data.len(), 1);

    let kim = client
        .create_entity(
            &col.id,
            &CreateEntityRequest {
                name: "Kim".into(),
                description: None,
                metadata: None,
                asset_ids: vec![a.clone()],
            },
        )
        .await
        .expect("entity");
    assert_eq!(kim.status, Some(EntityStatus::Processing));
    let empty = client
        .create_entity(
            &col.id,
            &CreateEntityRequest {
                name: "Nobody".into(),
                description: None,
                metadata: None,
                asset_ids: vec![],
            },
        )
        .await
        .expect_err("an entity needs an asset");
    assert_eq!(empty.code(), "parameter_invalid");
    let bulk = client
        .create_entities_bulk(
            &col.id,
            &BulkCreateEntitiesRequest {
                entities: vec![CreateEntityRequest {
                    name: "Lee".into(),
                    description: None,
                    metadata: None,
                    asset_ids: vec![b.clone()],
                }],
            },
        )
        .await
        .expect("bulk");
    assert_eq!((bulk.success_count, bulk.failed_count), (1, 0));

    let with_b = client
        .add_entity_assets(&col.id, &kim.id, std::slice::from_ref(&b))
        .await
        .expect("add");
    assert_eq!(with_b.asset_ids, vec![a.clone(), b.clone()]);
    let last = client
        .remove_entity_assets(&col.id, &kim.id, &[a.clone(), b.clone()])
        .await
        .expect_err("the last asset stays");
    assert!(last.message().contains("at least one asset"), "{last}");
    let only_b = client
        .remove_entity_assets(&col.id, &kim.id, std::slice::from_ref(&a))
        .await
        .expect("remove");
    assert_eq!(only_b.asset_ids, vec![b.clone()]);
    let patched = client
        .update_entity(
            &col.id,
            &kim.id,
            &UpdateEntityRequest {
                name: Some("Kim Park".into()),
                ..UpdateEntityRequest::default()
            },
        )
        .await
        .expect("patch");
    assert_eq!(patched.name.as_deref(), Some("Kim Park"));
    assert_eq!(
        client.get_entity(&col.id, &kim.id).await.expect("get").asset_ids,
        vec![b.clone()]
    );
    let of_b = client.all_entities_of_asset(&b).await.expect("by asset");
    assert_eq!(of_b.len(), 2);
    assert_eq!(
        client
            .list_entities(&col.id, 1, 10)
            .await
            .expect("list")
            .page_info
            .total_results,
        2
    );

    client.delete_entity(&col.id, &kim.id).await.expect("delete");
    assert!(matches!(
        client.get_entity(&col.id, &kim.id).await,
        Err(ApiError::NotFound { .. })
    ));
    client
        .delete_entity_collection(&col.id)
        .await
        .expect("delete collection");
    assert!(matches!(
        client.get_entity_collection(&col.id).await,
        Err(ApiError::NotFound { .. })
    ));
    assert!(
        client
            .all_entities_of_asset(&b)
            .await
            .expect("by asset")
            .is_empty()
    );
    running.shutdown().await;
}
