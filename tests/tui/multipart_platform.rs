//! Multipart uploads through the terminal app, headless, against a local platform whose limits
//! are lowered (direct limit 50 kB, 4 KiB chunks) so the 110 kB sample video counts as large:
//! the form sends it in chunks and it ends ready; an upload stopped after a report resumes in a
//! new App + Runtime from the saved session, re-sending no chunk, and the file is byte-identical.
//! Timeouts only keep a broken build from hanging; nothing asserts on durations.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::tui_support::{code, key, now};
use crossterm::event::KeyCode;
use tl_assets::api::types::{AssetStatus, ChunkStatus, UploadSessionStatus};
use tl_assets::api::{ApiKey, Client, PollOptions};
use tl_assets::platform::{FaultSpec, PlatformConfig, RunningPlatform, start};
use tl_assets::resume::ResumeStore;
use tl_assets::tui::{App, Focus, Keymap, Msg, Runtime, UploadState};

const KEY: &str = "tlk_tui_multipart";
const CHUNK: u64 = 4096;
const DIRECT_LIMIT: u64 = 50_000;
/// Only a guard against hanging forever.
const PATIENCE: Duration = Duration::from_secs(60);

fn sample_video() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-video.mp4")
}

/// A platform with lowered limits; `slow` delays every answer (so a test can stop an upload
/// part way).
async fn platform(dir: &Path, slow: Option<Duration>) -> (RunningPlatform, Client) {
    let mut config = PlatformConfig::new(dir.join("data"), KEY);
    config.processing_delay = Duration::from_millis(20);
    config.limits.direct_media_max_bytes = DIRECT_LIMIT;
    config.limits.min_chunk_size = CHUNK;
    config.limits.chunk_size_step = CHUNK;
    config.limits.initial_upload_urls = 2;
    config.faults = slow.map(|delay| FaultSpec {
        slow: 1.0,
        slow_delay: delay,
        ..FaultSpec::default()
    });
    let running = start(config).await.expect("platform starts");
    let client = Client::new(running.base_url(), ApiKey::new(KEY)).expect("client");
    (running, client)
}

/// The app and its runtime, driven by hand: keys in, effects run, results pumped back.
struct Harness {
    app: App,
    runtime: Runtime,
}

impl Harness {
    /// An app that saves sessions in `resume` and has asked for its first page (and for the
    /// saved sessions).
    fn new(client: Client, resume: &Path) -> Self {
        let mut app = App::new("local", false, Keymap::defaults(), now());
        app.size = (120, 40);
        app.upload_settings.direct_media_limit = DIRECT_LIMIT;
        app.upload_settings.resume = true;
        let runtime = Runtime::new(client)
            .with_poll(PollOptions {
                interval: Duration::from_millis(20),
                timeout: PATIENCE,
            })
            .with_resume_store(Some(ResumeStore::new(resume)));
        let mut h = Self { app, runtime };
        let effects = h.app.init();
        h.runtime.perform_all(effects);
        h
    }

    fn press(&mut self, msg: Msg) {
        let effects = self.app.update(msg);
        self.runtime.perform_all(effects);
    }

    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(key(c));
        }
    }

    /// Feeds background results to the app until `done` holds.
    async fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let pump = async {
            while !done(&self.app) {
                let msg = self.runtime.next_msg().await.expect("the channel stays open");
                self.press(msg);
            }
        };
        let finished = tokio::time::timeout(PATIENCE, pump).await.is_ok();
        assert!(
            finished,
            "gave up waiting for {what}; uploads: {:?}",
            self.app.uploads.jobs
        );
    }

    /// Opens the form and submits a file.
    fn upload(&mut self, path: &Path) {
        self.keys("u");
        self.keys(path.to_str().expect("utf-8 path"));
        self.press(code(KeyCode::Enter));
    }

    fn focus_uploads(&mut self) {
        while self.app.focus != Focus::Uploads {
            self.press(code(KeyCode::Tab));
        }
    }
}

fn finished(app: &App) -> bool {
    app.uploads
        .jobs
        .first()
        .is_some_and(|j| !j.state.is_active() && j.state != UploadState::Interrupted)
}

/// Chunk index → (status, uploaded_at), from the platform.
async fn chunk_table(client: &Client, upload_id: &str) -> BTreeMap<u32, (ChunkStatus, Option<String>)> {
    let status = client.upload_status_all(upload_id).await.expect("status");
    status
        .uploaded_chunks
        .into_iter()
        .map(|c| (c.index, (c.status, c.uploaded_at)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_file_goes_through_the_form_as_multipart_and_ends_ready() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (running, client) = platform(dir.path(), None).await;
    let resume = dir.path().join("resumable-uploads");
    let mut h = Harness::new(client.clone(), &resume);
    h.until("the first page", |a| a.list.pending.is_none()).await;

    h.upload(&sample_video());
    h.until("the upload to finish", finished).await;
    let job = &h.app.uploads.jobs[0];
    let UploadState::Ready { asset_id } = &job.state else {
        panic!("expected ready, got {:?}", job.state);
    };
    assert!(job.multipart, "over the lowered direct limit: multipart");
    let size = std::fs::metadata(sample_video()).expect("sample").len();
    let chunks = size.div_ceil(CHUNK) as u32;
    assert_eq!(job.chunks(), Some((chunks, chunks)), "every chunk held");
    let session = job.session.as_ref().expect("the session was told to the app");
    let status = client
        .upload_status_all(&session.upload_id)
        .await
        .expect("status");
    assert_eq!(status.status, UploadSessionStatus::Completed);
    let server = client.get_asset(asset_id).await.expect("on the server");
    assert_eq!(server.status, Some(AssetStatus::Ready));
    assert_eq!(server.size, Some(size));
    assert_eq!(h.app.list.items[0].id, *asset_id, "the new asset is at the top");
    assert!(
        ResumeStore::new(&resume).list().is_empty(),
        "a finished upload leaves no resume state"
    );
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_stopped_after_a_report_resumes_in_a_new_app_with_r() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Slow answers, so the upload is surely still sending when it is stopped.
    let (running, client) = platform(dir.path(), Some(Duration::from_millis(20))).await;
    let resume = dir.path().join("resumable-uploads");
    let original = std::fs::read(sample_video()).expect("sample");
    let total = original.len().div_ceil(CHUNK as usize) as u32;
    assert!(total > 20, "enough chunks for a report before the end: {total}");

    let mut h = Harness::new(client.clone(), &resume);
    h.until("the first page", |a| a.list.pending.is_none()).await;
    h.upload(&sample_video());
    // Reports go in batches of 10 chunks; an 11th held chunk means the first batch was
    // acknowledged.
    h.until("a report", |a| {
        a.uploads
            .jobs
            .first()
            .and_then(|j| j.chunks())
            .is_some_and(|(done, _)| done > 10)
    })
    .await;
    h.focus_uploads();
    h.press(key('x'));
    assert_eq!(h.app.uploads.jobs[0].state, UploadState::Interrupted);
    let upload_id = h.app.uploads.jobs[0]
        .session
        .as_ref()
        .expect("session")
        .upload_id
        .clone();
    drop(h); // the runtime stops its tasks
    let saved = ResumeStore::new(&resume).load(&upload_id).expect("state saved");
    assert!(
        !saved.is_complete() && saved.acknowledged.len() >= 10,
        "{saved:?}"
    );
    let before = chunk_table(&client, &upload_id).await;
    let done_before: Vec<u32> = before
        .iter()
        .filter(|(_, (s, _))| *s == ChunkStatus::Completed)
        .map(|(i, _)| *i)
        .collect();
    assert!(done_before.len() >= 10, "{before:?}");

    // A new app and runtime: the saved session becomes a row, and R finishes it.
    let mut h = Harness::new(client.clone(), &resume);
    h.until("the interrupted row", |a| {
        a.uploads.jobs.iter().any(|j| j.state == UploadState::Interrupted)
    })
    .await;
    let row = &h.app.uploads.jobs[0];
    assert_eq!(row.label, "sample-video.mp4");
    assert_eq!(
        row.session.as_ref().map(|s| s.upload_id.as_str()),
        Some(upload_id.as_str())
    );
    h.focus_uploads();
    h.press(key('R'));
    assert!(h.app.uploads.jobs[0].state.is_active(), "R starts it");
    h.until("the resumed upload to finish", finished).await;
    let job = &h.app.uploads.jobs[0];
    let UploadState::Ready { asset_id } = &job.state else {
        panic!("expected ready, got {:?}", job.state);
    };
    assert_eq!(*asset_id, saved.asset_id, "the same asset, not a new upload");
    assert_eq!(job.chunks(), Some((total, total)));

    let after = chunk_table(&client, &upload_id).await;
    for index in &done_before {
        assert_eq!(
            after[index], before[index],
            "chunk {index}, acknowledged before the stop, was not sent again"
        );
    }
    let stored = std::fs::read(dir.path().join("data/blobs").join(asset_id)).expect("the platform's file");
    assert!(stored == original, "the assembled file is byte-identical");
    assert!(
        ResumeStore::new(&resume).list().is_empty(),
        "resume state removed"
    );
    running.shutdown().await;
}
