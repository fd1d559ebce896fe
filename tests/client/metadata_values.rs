//! The 1.3.5 metadata values through the client and back, against the real local platform:
//! what the one grammar reads (lists, integers past a double kept as their digits) is what a
//! later `get_asset` returns, each value read into the same `MetaValue`; and a value the
//! platform refuses comes back as a typed `parameter_invalid` naming the key.

use std::path::Path;
use std::time::Duration;

use serde_json::json;
use tl_assets::api::types::UserMetadata;
use tl_assets::api::{ApiKey, Client, CreateAsset, MetaValue, UploadSource, parse_user_metadata};
use tl_assets::platform::{self, PlatformConfig};

const KEY: &str = "tlk_test_key";

#[tokio::test]
async fn typed_values_travel_and_come_back_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = PlatformConfig::new(dir.path().to_path_buf(), KEY);
    config.processing_delay = Duration::from_millis(50);
    let running = platform::start(config).await.expect("platform");
    let client = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-image.jpg");
    let mut req = CreateAsset::new(UploadSource::File(sample));
    req.user_metadata = Some(
        parse_user_metadata("tags=[summer, vlog], big=123456789012345678901, n=9007199254740991")
            .expect("grammar"),
    );
    let created = client.create_asset(&req, None).await.expect("create");
    let sent = req.user_metadata.clone().expect("metadata");
    assert_eq!(created.user_metadata.as_ref(), Some(&sent));

    let change =
        parse_user_metadata("id=9007199254740993, ratio=0.30000000000000004, code=\"007\"").expect("grammar");
    client
        .patch_user_metadata(&created.id, &change)
        .await
        .expect("patch");
    let got = client
        .get_asset(&created.id)
        .await
        .expect("get")
        .user_metadata
        .expect("metadata");
    let typed = |m: &UserMetadata, k: &str| MetaValue::from(&m[k]);
    assert_eq!(
        typed(&got, "tags"),
        MetaValue::StrList(vec!["summer".into(), "vlog".into()])
    );
    assert_eq!(
        typed(&got, "big"),
        MetaValue::String("123456789012345678901".into())
    );
    assert_eq!(typed(&got, "id"), MetaValue::String("9007199254740993".into()));
    assert_eq!(typed(&got, "n"), MetaValue::Int(9_007_199_254_740_991));
    assert_eq!(typed(&got, "ratio"), MetaValue::Float(0.300_000_000_000_000_04));
    assert_eq!(typed(&got, "code"), MetaValue::String("007".into()));

    // A shape the platform refuses: typed error, nothing changed.
    let bad: UserMetadata = json!({"x": [1, 2], "tags": ["kept?"]})
        .as_object()
        .cloned()
        .expect("object");
    let err = client
        .patch_user_metadata(&created.id, &bad)
        .await
        .expect_err("refused");
    assert_eq!(err.code(), "parameter_invalid", "{err}");
    assert!(err.message().contains("key x"), "{err}");
    let after = client
        .get_asset(&created.id)
        .await
        .expect("get")
        .user_metadata
        .expect("metadata");
    assert_eq!(after, got);
    running.shutdown().await;
}
