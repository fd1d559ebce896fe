//! Thumbnails kept on disk across runs: a thumbnail fetched once comes back from disk in the
//! next runtime with the platform gone; files are keyed by asset and URL, bounded (least
//! recently used dropped), a file that does not decode is fetched again, and a dir that cannot
//! be written only costs the caching.

use std::time::Duration;

use ratatui_image::picker::Picker;
use tl_assets::tui::{Effect, Msg, Runtime, ThumbDisk};

use tl_assets::api::{CreateAsset, UploadSource};

use crate::support::tui_harness::{PATIENCE, Platform, sample};

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(w, h)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

/// Asks `runtime` for the thumbnail of `id` at `url` and returns whether it loaded.
async fn load(runtime: &mut Runtime, id: &str, url: &str) -> bool {
    runtime.perform_all(vec![Effect::FetchThumbnail {
        id: id.to_string(),
        url: url.to_string(),
        cells: (20, 10),
    }]);
    loop {
        let msg = tokio::time::timeout(PATIENCE, runtime.next_msg())
            .await
            .expect("an answer")
            .expect("open channel");
        if let Msg::ThumbnailLoaded { result, .. } = msg {
            return result.is_ok();
        }
    }
}

/// Uploads the sample image asking for a thumbnail; its id.
async fn upload_with_thumbnail(platform: &Platform) -> String {
    let mut req = CreateAsset::new(UploadSource::File(sample("sample-image.jpg")));
    req.enable_thumbnail = true;
    platform.client.create_asset(&req, None).await.expect("upload").id
}

/// The asset's thumbnail URL once its thumbnail is made.
async fn thumbnail_url(platform: &Platform, id: &str) -> String {
    let t0 = std::time::Instant::now();
    loop {
        let asset = platform.client.get_asset(id).await.expect("asset");
        if let Some(url) = asset.thumbnail.and_then(|t| t.representative_url) {
            return url;
        }
        assert!(t0.elapsed() < PATIENCE, "no thumbnail");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thumbnail_seen_once_comes_from_disk_when_the_service_is_gone() {
    let platform = Platform::start().await;
    let id = upload_with_thumbnail(&platform).await;
    platform.wait_ready(&id).await;
    let url = thumbnail_url(&platform, &id).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let disk = ThumbDisk::new(dir.path().join("thumbnails"));
    let mut first = Runtime::new(platform.client.clone())
        .with_picker(Some(Picker::halfblocks()))
        .with_thumb_disk(Some(disk.clone()));
    assert!(load(&mut first, &id, &url).await, "fetched from the platform");
    let client = platform.client.clone();
    platform.stop().await;

    let mut second = Runtime::new(client.clone())
        .with_picker(Some(Picker::halfblocks()))
        .with_thumb_disk(Some(disk.clone()));
    assert!(
        load(&mut second, &id, &url).await,
        "read from disk, the platform gone"
    );
    let mut without = Runtime::new(client).with_picker(Some(Picker::halfblocks()));
    assert!(
        !load(&mut without, &id, &url).await,
        "without the disk it needs the platform"
    );
}

#[test]
fn files_are_keyed_by_asset_and_url_bounded_and_a_bad_dir_costs_nothing_but_the_cache() {
    let dir = tempfile::tempdir().expect("tempdir");
    let image = png(64, 64);
    let disk = ThumbDisk::bounded(dir.path().join("t"), 3 * image.len() as u64);
    disk.put("a", "https://x/1", &image);
    assert_eq!(disk.get("a", "https://x/1", 1 << 20), Some(image.clone()));
    assert_eq!(
        disk.get("a", "https://x/2", 1 << 20),
        None,
        "another URL is another file"
    );
    assert_eq!(disk.get("b", "https://x/1", 1 << 20), None, "another asset too");
    assert_eq!(
        disk.get("a", "https://x/1", 10),
        None,
        "bigger than the reader takes"
    );
    for i in 0..5 {
        std::thread::sleep(Duration::from_millis(20));
        disk.put(&format!("n{i}"), "u", &image);
    }
    let kept = std::fs::read_dir(dir.path().join("t")).expect("ls").count();
    assert_eq!(kept, 3, "bounded to three files' worth");
    assert!(disk.get("n0", "u", 1 << 20).is_none(), "the oldest went first");
    assert!(disk.get("n4", "u", 1 << 20).is_some());

    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").expect("write");
    let bad = ThumbDisk::new(blocker.join("t"));
    bad.put("a", "u", &image);
    assert!(bad.get("a", "u", 1 << 20).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_does_not_decode_is_dropped_and_fetched_again() {
    let platform = Platform::start().await;
    let id = upload_with_thumbnail(&platform).await;
    platform.wait_ready(&id).await;
    let url = thumbnail_url(&platform, &id).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let disk = ThumbDisk::new(dir.path().to_path_buf());
    std::fs::write(disk.path(&id, &url), b"\x89PNG truncated").expect("write");
    let mut runtime = Runtime::new(platform.client.clone())
        .with_picker(Some(Picker::halfblocks()))
        .with_thumb_disk(Some(disk.clone()));
    assert!(load(&mut runtime, &id, &url).await, "fetched again");
    let kept = std::fs::read(disk.path(&id, &url)).expect("kept");
    assert!(
        image::load_from_memory(&kept).is_ok(),
        "the good bytes replaced the bad"
    );
    platform.stop().await;
}
