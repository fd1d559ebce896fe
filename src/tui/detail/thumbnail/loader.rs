//! The runtime half of thumbnails: wait a moment (a newer request cancels the wait, which is the
//! debounce while scrolling), fetch the bytes, decode and downscale on a blocking thread, encode
//! for the terminal's protocol, and send the result back. Decoded images are cached by asset id
//! within a memory bound, so coming back to an asset or resizing the pane only re-encodes.
//! Read-ahead reaching a thumbnail the loader is fetching waits for that fetch.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use image::DynamicImage;
use ratatui_image::picker::Picker;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::watch;
use tokio::task::AbortHandle;

use super::disk::ThumbDisk;
use super::{Thumb, ThumbKey, downscale, encode};
use crate::tui::msg::Msg;
use crate::tui::task_error::ThumbError;

/// Wait before fetching, so scrolling past an asset fetches nothing.
pub const DEBOUNCE: Duration = Duration::from_millis(30);
/// Decoded pixels kept at most (RGBA bytes).
const CACHE_BYTES: usize = 64 * 1024 * 1024;
/// The longest one thumbnail fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(30);
/// A thumbnail file larger than this is refused.
const MAX_FILE: usize = 20 * 1024 * 1024;

/// Decoded images by asset id, oldest dropped first past [`CACHE_BYTES`]; and the few that
/// failed when read ahead, each told once to the loader (so landing there shows the failure at
/// once, and coming back later tries again).
#[derive(Default)]
struct ImageCache {
    entries: VecDeque<(String, String, Arc<DynamicImage>)>,
    bytes: usize,
    failed: VecDeque<(String, String, ThumbError)>,
    /// The fetches on their way, by asset id and URL: a second asker waits for the first
    /// instead of fetching again (landing on a row whose thumbnail read-ahead is fetching).
    /// `true` is sent when the fetch ended; a dropped sender means it was cancelled.
    in_flight: HashMap<(String, String), watch::Receiver<bool>>,
}

impl ImageCache {
    fn note_failed(&mut self, id: String, url: String, error: ThumbError) {
        self.failed.retain(|(i, _, _)| *i != id);
        self.failed.push_back((id, url, error));
        while self.failed.len() > 16 {
            self.failed.pop_front();
        }
    }

    fn take_failed(&mut self, id: &str, url: &str) -> Option<ThumbError> {
        let at = self.failed.iter().position(|(i, u, _)| i == id && u == url)?;
        self.failed.remove(at).map(|(_, _, e)| e)
    }

    fn get(&self, id: &str, url: &str) -> Option<Arc<DynamicImage>> {
        self.entries
            .iter()
            .find(|(i, u, _)| i == id && u == url)
            .map(|(_, _, img)| img.clone())
    }

    fn put(&mut self, id: String, url: String, image: Arc<DynamicImage>) {
        self.entries.retain(|(i, _, _)| *i != id);
        self.entries.push_back((id, url, image));
        self.bytes = self.entries.iter().map(|(_, _, i)| size_of(i)).sum();
        while self.bytes > CACHE_BYTES && self.entries.len() > 1 {
            if let Some((_, _, old)) = self.entries.pop_front() {
                self.bytes -= size_of(&old);
            }
        }
    }
}

fn size_of(image: &DynamicImage) -> usize {
    image.width() as usize * image.height() as usize * 4
}

/// Fetches and encodes thumbnails; `None` picker means thumbnails are off.
pub struct ThumbLoader {
    picker: Option<Picker>,
    http: Option<reqwest::Client>,
    cache: Arc<Mutex<ImageCache>>,
    /// The files kept across runs (`None`: none).
    disk: Option<ThumbDisk>,
    pending: Option<AbortHandle>,
}

impl ThumbLoader {
    /// A loader drawing with `picker`'s protocol.
    pub fn new(picker: Option<Picker>) -> Self {
        // No client-wide limit on a request's time: the preview reads segments with this client
        // under limits of its own; thumbnails get theirs per request.
        let http = crate::http_client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .ok();
        Self {
            picker,
            http,
            cache: Arc::default(),
            disk: None,
            pending: None,
        }
    }

    /// Keeps fetched thumbnail files in `disk` and reads them from there first.
    pub fn set_disk(&mut self, disk: Option<ThumbDisk>) {
        self.disk = disk;
    }

    /// The picker thumbnails are drawn with (`None`: off).
    pub fn picker(&self) -> Option<Picker> {
        self.picker.clone()
    }

    /// Draws with `picker` from now on (`None`: thumbnails off); decoded images stay cached.
    pub fn set_picker(&mut self, picker: Option<Picker>) {
        self.picker = picker;
    }

    /// The client files are read with (thumbnails; the preview's playlists and segments, which
    /// on the service come from the same host, so the preview starts on a warm connection).
    pub fn http(&self) -> Option<reqwest::Client> {
        self.http.clone()
    }

    /// A handle for reading thumbnails ahead into this loader's caches (`None`: thumbnails off).
    pub fn prefetcher(&self) -> Option<Prefetch> {
        self.picker.as_ref()?;
        Some(Prefetch {
            http: self.http.clone()?,
            cache: self.cache.clone(),
            disk: self.disk.clone(),
        })
    }

    /// Starts loading `key`, cancelling a load that has not finished.
    pub fn load(&mut self, key: ThumbKey, tx: UnboundedSender<Msg>) {
        if let Some(old) = self.pending.take() {
            old.abort();
        }
        let (Some(picker), Some(http)) = (self.picker.clone(), self.http.clone()) else {
            let _ = tx.send(Msg::ThumbnailLoaded {
                key,
                result: Err(ThumbError::Off),
            });
            return;
        };
        let cache = self.cache.clone();
        let disk = self.disk.clone();
        let task = tokio::spawn(async move {
            tokio::time::sleep(DEBOUNCE).await;
            let result = load_one(&http, &picker, &cache, disk, &key).await;
            let _ = tx.send(Msg::ThumbnailLoaded { key, result });
        });
        self.pending = Some(task.abort_handle());
    }
}

/// What read-ahead needs to put a thumbnail into the loader's caches without drawing it.
#[derive(Clone)]
pub struct Prefetch {
    http: reqwest::Client,
    cache: Arc<Mutex<ImageCache>>,
    disk: Option<ThumbDisk>,
}

impl Prefetch {
    /// Fetches and decodes `url` into the caches unless they hold it; failures are left for
    /// the loader to meet (and show) when the asset is selected.
    pub async fn fetch(&self, id: &str, url: &str) {
        if let Err(e) = obtain_once(&self.cache, &self.http, self.disk.clone(), id, url, true).await
            && let Ok(mut c) = self.cache.lock()
        {
            c.note_failed(id.to_string(), url.to_string(), e);
        }
    }
}

async fn load_one(
    http: &reqwest::Client,
    picker: &Picker,
    cache: &Arc<Mutex<ImageCache>>,
    disk: Option<ThumbDisk>,
    key: &ThumbKey,
) -> Result<Thumb, ThumbError> {
    if let Some(e) = cache
        .lock()
        .ok()
        .and_then(|mut c| c.take_failed(&key.id, &key.url))
    {
        return Err(e);
    }
    let image = obtain_once(cache, http, disk, &key.id, &key.url, false).await?;
    let picker = picker.clone();
    let cells = key.cells;
    tokio::task::spawn_blocking(move || encode(&picker, &image, cells))
        .await
        .map_err(|e| ThumbError::Task(e.to_string()))?
}

/// The image for `id` and `url` from the memory cache, or else obtained and put there. With
/// `wait` (read-ahead), a fetch already on its way (the loader's, for the row landed on) is
/// waited for instead of repeated; if that one is cancelled or fails, the waiter fetches for
/// itself. The loader does not wait for read-ahead's fetch: tried, that made the worst landing
/// in the detail bench two round trips instead of one (the cause was not traced), so it fetches
/// beside it.
async fn obtain_once(
    cache: &Arc<Mutex<ImageCache>>,
    http: &reqwest::Client,
    disk: Option<ThumbDisk>,
    id: &str,
    url: &str,
    wait: bool,
) -> Result<Arc<DynamicImage>, ThumbError> {
    let key = (id.to_string(), url.to_string());
    let mut waited = false;
    loop {
        let lead = {
            let Ok(mut c) = cache.lock() else {
                break;
            };
            if let Some(img) = c.get(id, url) {
                return Ok(img);
            }
            match c.in_flight.get(&key) {
                Some(on_its_way) if wait && !waited => Err(on_its_way.clone()),
                Some(_) => break,
                None => {
                    let (done, on_its_way) = watch::channel(false);
                    c.in_flight.insert(key.clone(), on_its_way);
                    Ok(done)
                }
            }
        };
        match lead {
            Err(mut on_its_way) => {
                // Ends when the fetch is done, or its sender is dropped (cancelled).
                let _ = on_its_way.wait_for(|done| *done).await;
                waited = true;
            }
            Ok(done) => {
                let in_flight = InFlight { cache, key };
                let result = obtain(http, disk, id, url).await.map(Arc::new);
                if let (Ok(img), Ok(mut c)) = (&result, cache.lock()) {
                    c.put(in_flight.key.0.clone(), in_flight.key.1.clone(), img.clone());
                }
                drop(in_flight);
                let _ = done.send(true);
                return result;
            }
        }
    }
    // Beside a fetch on its way (or past a poisoned lock): fetch without sharing.
    let result = obtain(http, disk, id, url).await.map(Arc::new);
    if let (Ok(img), Ok(mut c)) = (&result, cache.lock()) {
        c.put(id.to_string(), url.to_string(), img.clone());
    }
    result
}

/// A fetch on its way, listed in the cache until it ends or is dropped (cancelled).
struct InFlight<'a> {
    cache: &'a Arc<Mutex<ImageCache>>,
    key: (String, String),
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if let Ok(mut c) = self.cache.lock() {
            c.in_flight.remove(&self.key);
        }
    }
}

/// The image for `id` and `url`: the file kept on disk, or else fetched, decoded (on the
/// blocking pool) and kept on disk.
async fn obtain(
    http: &reqwest::Client,
    disk: Option<ThumbDisk>,
    id: &str,
    url: &str,
) -> Result<DynamicImage, ThumbError> {
    if let Some(img) = from_disk(disk.clone(), id, url).await {
        return Ok(img);
    }
    let bytes = fetch(http, url).await?;
    let (id, url) = (id.to_string(), url.to_string());
    tokio::task::spawn_blocking(move || {
        let img = decode(&bytes)?;
        if let Some(disk) = disk {
            disk.put(&id, &url, &bytes);
        }
        Ok(img)
    })
    .await
    .map_err(|e| ThumbError::Task(e.to_string()))?
}

/// The image kept on disk for `id` and `url`, decoded; a file that does not decode is removed.
async fn from_disk(disk: Option<ThumbDisk>, id: &str, url: &str) -> Option<DynamicImage> {
    let disk = disk?;
    let (id, url) = (id.to_string(), url.to_string());
    tokio::task::spawn_blocking(move || {
        let bytes = disk.get(&id, &url, MAX_FILE)?;
        match decode(&bytes) {
            Ok(img) => Some(img),
            Err(_) => {
                disk.forget(&id, &url);
                None
            }
        }
    })
    .await
    .ok()
    .flatten()
}

async fn fetch(http: &reqwest::Client, url: &str) -> Result<Vec<u8>, ThumbError> {
    let resp = http
        .get(url)
        .timeout(FETCH_TIMEOUT)
        .send()
        .await
        .map_err(|e| ThumbError::Fetch(e.without_url().to_string()))?;
    if !resp.status().is_success() {
        return Err(ThumbError::Status(resp.status().as_u16()));
    }
    let mut body = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ThumbError::Fetch(e.without_url().to_string()))?;
        if body.len() + chunk.len() > MAX_FILE {
            return Err(ThumbError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Decodes image bytes (JPEG, PNG, GIF, WebP) and downscales them.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, ThumbError> {
    image::load_from_memory(bytes)
        .map(downscale)
        .map_err(|e| ThumbError::Decode(e.to_string()))
}

#[cfg(test)]
#[path = "loader_tests.rs"]
mod tests;
