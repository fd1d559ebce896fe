//! `UploadOptions::send_slots`: uploads sharing one slot send one at a time, and a file waiting
//! for `ready` gives the slot back, so the next file is sent while the first still processes.
//! Against the real local platform on 127.0.0.1, with a processing delay far longer than a send.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tl_assets::api::types::{Asset, AssetStatus};
use tl_assets::api::{
    ApiKey, Client, CreateAsset, PollOptions, UploadHooks, UploadJob, UploadOptions, UploadSource,
};
use tl_assets::platform::{self, PlatformConfig};

const KEY: &str = "tlk_test_key";

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

/// What happened, in order, across the uploads that share it.
#[derive(Default)]
struct Log(Mutex<Vec<String>>);

struct Named {
    name: &'static str,
    log: Arc<Log>,
}

impl UploadHooks for Named {
    fn created(&self, _asset: &Asset) {
        self.log.0.lock().unwrap().push(format!("{} created", self.name));
    }
    fn polled(&self, asset: &Asset) {
        if asset.status == Some(AssetStatus::Ready) {
            self.log.0.lock().unwrap().push(format!("{} ready", self.name));
        }
    }
}

#[tokio::test]
async fn a_file_waiting_for_ready_gives_its_send_slot_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = PlatformConfig::new(dir.path().to_path_buf(), KEY);
    // Sending the 20 kB sample takes milliseconds; processing takes this long.
    config.processing_delay = Duration::from_secs(2);
    let running = platform::start(config).await.expect("platform starts");
    let client = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");

    let mut options = UploadOptions::for_client(&client);
    options.poll = PollOptions {
        interval: Duration::from_millis(50),
        timeout: Duration::from_secs(60),
    };
    options.send_slots = Some(Arc::new(tokio::sync::Semaphore::new(1)));
    let log = Arc::new(Log::default());
    let upload = |name: &'static str| {
        let (client, options, log) = (client.clone(), options.clone(), log.clone());
        async move {
            let request = CreateAsset::new(UploadSource::File(sample("sample-image.jpg")));
            let job = UploadJob::New { request, plan: None };
            client.upload(job, &options, Arc::new(Named { name, log })).await
        }
    };
    let (first, second) = (tokio::spawn(upload("a")), tokio::spawn(upload("b")));
    let (a, b) = (first.await.unwrap().unwrap(), second.await.unwrap().unwrap());
    assert_eq!(a.status, Some(AssetStatus::Ready));
    assert_eq!(b.status, Some(AssetStatus::Ready));
    // Whichever got the slot first, the other was sent while it still processed.
    let events = log.0.lock().unwrap().clone();
    let kinds: Vec<&str> = events.iter().map(|e| e.split(' ').nth(1).unwrap()).collect();
    assert_eq!(kinds, ["created", "created", "ready", "ready"], "{events:?}");
}
