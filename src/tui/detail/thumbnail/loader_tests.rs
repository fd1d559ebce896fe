//! Tests of the thumbnail loader: the memory cache, decoding, and read-ahead waiting for the
//! loader's fetch.

use super::*;

#[test]
fn cache_is_bounded_and_keyed_by_id_and_url() {
    let mut c = ImageCache::default();
    let big = Arc::new(DynamicImage::new_rgba8(2048, 2048)); // 16 MiB each
    for i in 0..6 {
        c.put(format!("a{i}"), "u".into(), big.clone());
    }
    assert!(c.bytes <= CACHE_BYTES, "{}", c.bytes);
    assert!(c.get("a0", "u").is_none());
    assert!(c.get("a5", "u").is_some());
    assert!(c.get("a5", "other").is_none());
}

#[test]
fn a_failure_read_ahead_is_told_once() {
    let mut c = ImageCache::default();
    c.note_failed("a".into(), "u".into(), ThumbError::Status(404));
    assert!(
        c.take_failed("a", "other").is_none(),
        "another URL is another thumbnail"
    );
    assert!(matches!(c.take_failed("a", "u"), Some(ThumbError::Status(404))));
    assert!(
        c.take_failed("a", "u").is_none(),
        "told once: a later visit tries again"
    );
}

#[test]
fn decode_downscales_and_rejects_garbage() {
    let img = DynamicImage::new_rgb8(1600, 900);
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    let out = decode(&png).expect("decodes");
    assert_eq!((out.width(), out.height()), (640, 360));
    assert!(decode(b"not an image").is_err());
}

/// A thumbnail server on loopback that answers every request `delay` late with `png`, and
/// counts the requests.
async fn slow_server(png: Vec<u8>, delay: Duration) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/thumb.png", listener.local_addr().expect("addr"));
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (png, counter) = (png.clone(), counter.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    png.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
                let _ = socket.write_all(&png).await;
            });
        }
    });
    (url, asked)
}

fn png() -> Vec<u8> {
    let mut png = Vec::new();
    DynamicImage::new_rgb8(32, 18)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    png
}

fn prefetch() -> Prefetch {
    Prefetch {
        http: crate::http_client::builder().build().expect("client"),
        cache: Arc::default(),
        disk: None,
    }
}

/// The loader's fetch of thumbnail "a" (the row landed on), as a task.
fn landing(ahead: &Prefetch, url: &str) -> tokio::task::JoinHandle<Result<Arc<DynamicImage>, ThumbError>> {
    let (ahead, url) = (ahead.clone(), url.to_string());
    tokio::spawn(async move { obtain_once(&ahead.cache, &ahead.http, None, "a", &url, false).await })
}

/// Read-ahead's fetch of thumbnail "a", as a task.
fn reading(ahead: &Prefetch, url: &str) -> tokio::task::JoinHandle<()> {
    let (ahead, url) = (ahead.clone(), url.to_string());
    tokio::spawn(async move { ahead.fetch("a", &url).await })
}

/// After the fetches: how many requests the server saw, and "a" in the cache with nothing left
/// listed as on its way.
fn settled(ahead: &Prefetch, url: &str, asked: &std::sync::atomic::AtomicUsize) -> usize {
    let cache = ahead.cache.lock().expect("cache");
    assert!(cache.get("a", url).is_some(), "the picture is not in the cache");
    assert!(
        cache.in_flight.is_empty(),
        "a fetch is still listed as on its way"
    );
    asked.load(std::sync::atomic::Ordering::SeqCst)
}

/// Read-ahead reaching a row whose thumbnail the loader is fetching (the row landed on) waits
/// for that fetch: one request, and both have the picture.
#[tokio::test]
async fn read_ahead_waits_for_the_landing_fetch() {
    let (url, asked) = slow_server(png(), Duration::from_millis(300)).await;
    let ahead = prefetch();
    let landing = landing(&ahead, &url);
    tokio::time::sleep(Duration::from_millis(100)).await;
    ahead.fetch("a", &url).await;
    let landed = landing.await.expect("landing");
    assert!(landed.is_ok(), "{landed:?}");
    assert_eq!(settled(&ahead, &url, &asked), 1);
}

/// The landing fetch is cancelled mid-way (the selection moved on): read-ahead, which waited,
/// fetches for itself, and nothing is left listed as on its way.
#[tokio::test]
async fn a_cancelled_fetch_leaves_the_waiter_to_fetch() {
    let (url, asked) = slow_server(png(), Duration::from_millis(300)).await;
    let ahead = prefetch();
    let landing = landing(&ahead, &url);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let reading = reading(&ahead, &url);
    tokio::time::sleep(Duration::from_millis(50)).await;
    landing.abort();
    reading.await.expect("read-ahead");
    assert_eq!(settled(&ahead, &url, &asked), 2);
}

/// The landing does not wait for read-ahead's fetch of its thumbnail: it fetches for itself
/// (waiting made the worst landing two round trips in the detail bench; see `obtain_once`).
#[tokio::test]
async fn the_landing_fetches_beside_read_ahead() {
    let (url, asked) = slow_server(png(), Duration::from_millis(300)).await;
    let ahead = prefetch();
    let reading = reading(&ahead, &url);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let landed = obtain_once(&ahead.cache, &ahead.http, None, "a", &url, false).await;
    reading.await.expect("read-ahead");
    assert!(landed.is_ok(), "{landed:?}");
    assert_eq!(settled(&ahead, &url, &asked), 2);
}
