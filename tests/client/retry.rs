//! Retry behaviour against a loopback server that misbehaves on purpose: idempotent calls get
//! through injected 500/429/503, `Retry-After` sets the wait, and 409 or non-idempotent calls
//! are answered at once. Waits are read from the client's own trace events and slept on virtual
//! time, not a wall clock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tl_assets::api::{ApiError, ApiKey, Client, CreateAsset, RetryPolicy, UploadSource};

/// Requests seen per "METHOD path".
#[derive(Default)]
struct Seen(Mutex<HashMap<String, usize>>);

impl Seen {
    fn hit(&self, key: &str) -> usize {
        let mut m = self.0.lock().expect("lock");
        let n = m.entry(key.to_string()).or_default();
        *n += 1;
        *n
    }
    fn count(&self, key: &str) -> usize {
        self.0.lock().expect("lock").get(key).copied().unwrap_or(0)
    }
}

const ASSET: &str = r#"{"_id":"66b1f0c2a9e4d31b7c0f5a12","status":"ready","filename":"a.mp4"}"#;
const PAGE: &str =
    r#"{"data":[],"page_info":{"limit_per_page":10,"page":1,"total_page":0,"total_results":0}}"#;

async fn misbehave(State(seen): State<Arc<Seen>>, method: Method, uri: Uri) -> Response {
    let key = format!("{method} {}", uri.path());
    let n = seen.hit(&key);
    let json = |status: StatusCode, body: &'static str| {
        let mut h = HeaderMap::new();
        h.insert("content-type", "application/json".parse().expect("header"));
        (status, h, body).into_response()
    };
    match key.as_str() {
        // Two empty-body 500s, then the page.
        "GET /v1.3/assets" if n <= 2 => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        "GET /v1.3/assets" => json(StatusCode::OK, PAGE),
        // Two 429s asking for a 1 s wait, then the asset.
        "GET /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12" if n <= 2 => {
            let mut r = json(
                StatusCode::TOO_MANY_REQUESTS,
                r#"{"code":"too_many_requests","message":"slow down"}"#,
            );
            r.headers_mut()
                .insert("retry-after", "1".parse().expect("header"));
            r
        }
        "GET /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12" => json(StatusCode::OK, ASSET),
        "GET /v1.3/assets/deadbeef" => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        "DELETE /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12" => json(
            StatusCode::CONFLICT,
            r#"{"code":"asset_referenced","message":"referenced by 1 indexed assets"}"#,
        ),
        "PATCH /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12/user-metadata" => {
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        "PUT /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12/user-metadata" if n == 1 => {
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        "PUT /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12/user-metadata" => StatusCode::NO_CONTENT.into_response(),
        "POST /v1.3/assets" => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn start() -> (Client, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let app = Router::new().fallback(misbehave).with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let client = Client::new(&format!("http://{addr}/v1.3"), ApiKey::new("k"))
        .expect("client")
        .with_retry(fast_policy());
    (client, seen)
}

/// Quick backoff so 5xx retries do not slow the test; `Retry-After` still applies in full.
fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_secs(10),
    }
}

/// Collects the client's trace output, to read the waits it chose.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let me = self.clone();
        let sub = tracing_subscriber::fmt()
            .with_env_filter("tl_assets=debug")
            .with_ansi(false)
            .with_writer(move || me.clone())
            .finish();
        tracing::subscriber::set_default(sub)
    }
}

#[tokio::test]
async fn get_succeeds_through_injected_500s() {
    let (client, seen) = start().await;
    let page = client
        .list_assets(&Default::default())
        .await
        .expect("list after retries");
    assert!(page.data.is_empty());
    assert_eq!(seen.count("GET /v1.3/assets"), 3, "two 500s, then success");
}

// On virtual time: the server runs on this runtime, so the clock only jumps while every task
// sleeps, and the two 1 s waits take no real time.
#[tokio::test(start_paused = true)]
async fn retry_after_sets_the_wait_on_429() {
    let captured = Captured::default();
    let _guard = captured.install();
    let (client, seen) = start().await;
    let began = tokio::time::Instant::now();
    let asset = client
        .get_asset("66b1f0c2a9e4d31b7c0f5a12")
        .await
        .expect("asset after 429s");
    assert_eq!(asset.filename.as_deref(), Some("a.mp4"));
    assert_eq!(seen.count("GET /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12"), 3);
    let log = captured.text();
    let waits: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("retrying after transient error"))
        .collect();
    assert_eq!(waits.len(), 2, "{log}");
    // The fast policy would wait about 1 ms; the server's Retry-After of 1 s must win, and be
    // slept, not only chosen.
    assert!(waits.iter().all(|l| l.contains("wait=1s")), "{log}");
    assert!(began.elapsed() >= Duration::from_secs(2), "{:?}", began.elapsed());
}

#[tokio::test]
async fn conflict_is_returned_at_once() {
    let (client, seen) = start().await;
    let err = client
        .delete_asset("66b1f0c2a9e4d31b7c0f5a12", false)
        .await
        .expect_err("409");
    assert!(matches!(err, ApiError::Conflict { .. }), "{err:?}");
    assert_eq!(err.code(), "asset_referenced");
    assert_eq!(seen.count("DELETE /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12"), 1);
}

#[tokio::test]
async fn retries_run_out_with_the_last_error() {
    let (client, seen) = start().await;
    let err = client.get_asset("deadbeef").await.expect_err("503 forever");
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        seen.count("GET /v1.3/assets/deadbeef"),
        4,
        "first try + 3 retries"
    );
}

#[tokio::test]
async fn patch_and_create_are_not_retried_on_5xx_but_put_is() {
    let (client, seen) = start().await;
    let mut m = serde_json::Map::new();
    m.insert("k".into(), 1.into());
    let err = client
        .patch_user_metadata("66b1f0c2a9e4d31b7c0f5a12", &m)
        .await
        .expect_err("500");
    assert_eq!(err.status(), Some(500));
    assert_eq!(
        seen.count("PATCH /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12/user-metadata"),
        1
    );

    client
        .put_user_metadata("66b1f0c2a9e4d31b7c0f5a12", &m)
        .await
        .expect("put after one 503");
    assert_eq!(
        seen.count("PUT /v1.3/assets/66b1f0c2a9e4d31b7c0f5a12/user-metadata"),
        2
    );

    let err = client
        .create_asset(
            &CreateAsset::new(UploadSource::Url("https://example.invalid/a.mp4".into())),
            None,
        )
        .await
        .expect_err("500");
    assert_eq!(err.status(), Some(500));
    assert_eq!(
        seen.count("POST /v1.3/assets"),
        1,
        "the body may have arrived: never repeated"
    );
}

#[tokio::test(start_paused = true)]
async fn create_is_retried_when_the_connection_never_opened() {
    let captured = Captured::default();
    let _guard = captured.install();
    // A port that was just free: nothing listens, so every connect is refused.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port");
    let client = Client::new(&format!("http://{addr}/v1.3"), ApiKey::new("k"))
        .expect("client")
        .with_retry(fast_policy());
    let err = client
        .create_asset(
            &CreateAsset::new(UploadSource::Url("https://example.invalid/a.mp4".into())),
            None,
        )
        .await
        .expect_err("refused");
    assert!(
        matches!(err, ApiError::Transport { not_sent: true, .. }),
        "{err:?}"
    );
    let retries = captured
        .text()
        .lines()
        .filter(|l| l.contains("retrying after transient error"))
        .count();
    assert_eq!(retries, 3);
}
