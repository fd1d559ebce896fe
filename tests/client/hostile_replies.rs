//! Hostile replies to the client: a loopback server that misbehaves on purpose (truncated JSON,
//! HTML error pages, wrong types, huge bodies, bodies and headers that never come, absurd
//! `Retry-After`, terminal escapes in messages). Every call ends with a clear error — no panic, no
//! unbounded read, no control characters handed on to a terminal — and a proptest throws random
//! statuses, headers and bodies at the decoding.
//!
//! `PROPTEST_CASES=20000 cargo test --test client hostile_replies` runs the proptest longer.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use proptest::prelude::*;
use tl_assets::api::types::ListAssetsQuery;
use tl_assets::api::{ApiError, ApiKey, Client, RetryPolicy};

/// What the random mode answers; set by the proptest before each call.
#[derive(Clone, Default)]
struct Canned {
    status: u16,
    content_type: Option<String>,
    retry_after: Option<String>,
    body: Vec<u8>,
}

type Slot = Arc<Mutex<Canned>>;

fn json_response(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// A body of `total` bytes of `fill`, streamed in 64 KiB pieces (never held whole).
fn endless(fill: u8, total: usize) -> Body {
    let piece = Bytes::from(vec![fill; 64 * 1024]);
    let n = total / piece.len();
    Body::from_stream(stream::iter(
        (0..n).map(move |_| Ok::<_, Infallible>(piece.clone())),
    ))
}

async fn misbehave(State(slot): State<Slot>, Path((mode, _rest)): Path<(String, String)>) -> Response {
    match mode.as_str() {
        "truncated" => json_response(StatusCode::OK, r#"{"data":[{"_id":"66b1f0c2a9e4d31b7c0f","meth"#),
        "html500" => {
            let mut r = Response::new(Body::from(
                "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
            ));
            *r.status_mut() = StatusCode::BAD_GATEWAY;
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            r
        }
        "html200" => (
            StatusCode::OK,
            "<html><body>Welcome to the captive portal</body></html>",
        )
            .into_response(),
        "wrongtypes" => json_response(
            StatusCode::OK,
            r#"{"_id": 5, "status": ["ready"], "data": "nope", "page_info": {"page": "one"}, "filename": null}"#,
        ),
        "null" => json_response(StatusCode::OK, "null"),
        "empty" => json_response(StatusCode::OK, ""),
        "deep" => json_response(StatusCode::OK, "[".repeat(200_000)),
        "huge" => {
            let mut r = Response::new(endless(b' ', 256 * 1024 * 1024));
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            r
        }
        "hugeerror" => {
            let mut r = Response::new(endless(b'x', 256 * 1024 * 1024));
            *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            r
        }
        "neverending" => {
            let head = stream::once(async { Ok::<_, Infallible>(Bytes::from_static(b"{\"data\":[")) });
            let body = head.chain(stream::pending());
            json_response(StatusCode::OK, Body::from_stream(body))
        }
        "noheaders" => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK.into_response()
        }
        "retryafter" => {
            let mut r = json_response(StatusCode::TOO_MANY_REQUESTS, "");
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1e300"));
            r
        }
        "escapes" => json_response(
            StatusCode::BAD_REQUEST,
            "{\"code\":\"x\\u001b[2J\\u001b[31m\",\"message\":\"gotcha\\u001b]52;c;ZXZpbA==\\u0007\\r\\u001b[1A\\u0000 and more\"}",
        ),
        "bigmessage" => json_response(
            StatusCode::BAD_REQUEST,
            format!(
                r#"{{"code":"parameter_invalid","message":"{}"}}"#,
                "m".repeat(60_000)
            ),
        ),
        "random" => {
            let c = slot.lock().expect("slot").clone();
            let mut r = Response::new(Body::from(c.body));
            *r.status_mut() = StatusCode::from_u16(c.status).unwrap_or(StatusCode::OK);
            if let Some(ct) = c.content_type.and_then(|v| HeaderValue::from_str(&v).ok()) {
                r.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            if let Some(ra) = c.retry_after.and_then(|v| HeaderValue::from_str(&v).ok()) {
                r.headers_mut().insert(header::RETRY_AFTER, ra);
            }
            r
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Starts the misbehaving server on loopback; returns its origin and the random-mode slot.
async fn server() -> (String, Slot) {
    let slot: Slot = Arc::default();
    let app = Router::new()
        .route("/{mode}/{*rest}", axum::routing::any(misbehave))
        .with_state(slot.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), slot)
}

fn client(origin: &str, mode: &str) -> Client {
    // Long enough to read 32 MiB of a huge body in a debug build; short for the stalled ones.
    let timeout = if mode.starts_with("huge") { 20_000 } else { 700 };
    Client::new(&format!("{origin}/{mode}/v1.3"), ApiKey::new("tlk_hostile"))
        .expect("client")
        .with_retry(RetryPolicy::none())
        .with_read_timeout(Duration::from_millis(timeout))
}

/// Every error must read well on a terminal: something to say, no control characters, bounded.
fn assert_clear(what: &str, e: &ApiError) {
    let shown = format!("{e}");
    let msg = e.message();
    for text in [&shown, &msg, &e.code().to_string()] {
        assert!(!text.trim().is_empty(), "{what}: empty error {e:?}");
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{what}: control characters reach the user: {text:?}"
        );
        assert!(text.len() <= 4096, "{what}: {} bytes of error text", text.len());
    }
}

/// The three kinds of call (decoded JSON, GET with a 400→404 mapping, empty 2xx).
async fn all_calls(c: &Client) -> Vec<(&'static str, Result<(), ApiError>)> {
    vec![
        (
            "list",
            c.list_assets(&ListAssetsQuery::default()).await.map(|_| ()),
        ),
        ("get", c.get_asset("66b1f0c2a9e4d31b7c0f0001").await.map(|_| ())),
        ("delete", c.delete_asset("66b1f0c2a9e4d31b7c0f0001", false).await),
    ]
}

#[tokio::test]
async fn each_misbehaviour_ends_in_a_clear_error() {
    let (origin, _slot) = server().await;
    let decoding = [
        "truncated",
        "html200",
        "wrongtypes",
        "null",
        "empty",
        "deep",
        "huge",
        "neverending",
    ];
    let failing = [
        "html500",
        "hugeerror",
        "noheaders",
        "retryafter",
        "escapes",
        "bigmessage",
    ];
    for mode in decoding.iter().chain(failing.iter()) {
        let c = client(&origin, mode);
        let results = tokio::time::timeout(Duration::from_secs(60), all_calls(&c))
            .await
            .unwrap_or_else(|_| panic!("{mode}: the client hung"));
        for (call, result) in results {
            let what = format!("{mode}/{call}");
            match result {
                // A delete needs no body: a 2xx with junk is still a success.
                Ok(()) if call == "delete" && decoding.contains(mode) => {}
                Ok(()) => panic!("{what}: accepted a hostile reply"),
                Err(e) => assert_clear(&what, &e),
            }
        }
    }
    // Specific, useful wording for the common cases.
    let c = client(&origin, "html500");
    let e = c.list_assets(&ListAssetsQuery::default()).await.expect_err("502");
    assert_eq!(e.status(), Some(502));
    assert!(e.message().contains("502"), "{e}");
    assert!(e.is_transient());
    let e = client(&origin, "huge")
        .list_assets(&ListAssetsQuery::default())
        .await
        .expect_err("too big");
    assert!(
        e.message().contains("larger than"),
        "read stops at the limit: {e}"
    );
    let e = client(&origin, "retryafter")
        .list_assets(&ListAssetsQuery::default())
        .await
        .expect_err("429");
    assert!(matches!(e, ApiError::RateLimited { .. }), "{e:?}");
    let e = client(&origin, "neverending")
        .list_assets(&ListAssetsQuery::default())
        .await
        .expect_err("times out");
    assert_eq!(e.code(), "connection_failed", "{e:?}");
    let e = client(&origin, "truncated")
        .list_assets(&ListAssetsQuery::default())
        .await
        .expect_err("truncated");
    assert_eq!(e.code(), "unexpected_response", "{e:?}");
}

/// A raw socket server that sends `reply` to every connection, then closes it.
async fn raw_server(reply: &'static [u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                let _ = sock.write_all(reply).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn broken_http_framing_is_a_transport_error() {
    let replies: [&'static [u8]; 5] = [
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{\"da",
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 7\r\n\r\n{}",
        b"NOT HTTP AT ALL\r\n\r\n",
        b"",
    ];
    for reply in replies {
        let origin = raw_server(reply).await;
        let c = Client::new(&format!("{origin}/v1.3"), ApiKey::new("k"))
            .expect("client")
            .with_retry(RetryPolicy::none())
            .with_read_timeout(Duration::from_secs(2));
        let results = tokio::time::timeout(Duration::from_secs(30), all_calls(&c))
            .await
            .expect("no hang");
        for (call, result) in results {
            // A delete reads only the status line: a 200 there is its whole answer.
            if call == "delete" && reply.starts_with(b"HTTP/1.1 200") && result.is_ok() {
                continue;
            }
            let e = result.expect_err(call);
            assert_clear(&format!("{:?}/{call}", String::from_utf8_lossy(reply)), &e);
        }
    }
}

#[tokio::test]
async fn an_absurd_retry_after_is_capped_not_slept() {
    let (origin, _slot) = server().await;
    let policy = RetryPolicy {
        max_retries: 1,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
    };
    let c = Client::new(&format!("{origin}/retryafter/v1.3"), ApiKey::new("k"))
        .expect("client")
        .with_retry(policy);
    let r = tokio::time::timeout(
        Duration::from_secs(30),
        c.list_assets(&ListAssetsQuery::default()),
    )
    .await
    .expect("the retry waits at most max_delay");
    assert!(matches!(r, Err(ApiError::RateLimited { .. })), "{r:?}");
}

fn runtime() -> &'static (tokio::runtime::Runtime, String, Slot) {
    static RT: OnceLock<(tokio::runtime::Runtime, String, Slot)> = OnceLock::new();
    RT.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let (origin, slot) = rt.block_on(server());
        (rt, origin, slot)
    })
}

/// Bodies that look like the contract's, broken in random ways, plus plain noise.
fn body_strategy() -> impl Strategy<Value = Vec<u8>> {
    let valid_page = r#"{"data":[{"_id":"66b1f0c2a9e4d31b7c0f0001","method":"direct","status":"ready","filename":"a.mp4","created_at":"2026-08-01T09:14:27Z"}],"page_info":{"limit_per_page":10,"page":1,"total_page":1,"total_results":1}}"#;
    let valid_error = r#"{"code":"parameter_invalid","message":"The page parameter is invalid."}"#;
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2048),
        ".{0,512}".prop_map(String::into_bytes),
        (0..valid_page.len()).prop_map(move |n| valid_page.as_bytes()[..n].to_vec()),
        (0..valid_page.len(), any::<u8>()).prop_map(move |(i, b)| {
            let mut v = valid_page.as_bytes().to_vec();
            v[i] = b;
            v
        }),
        (0..valid_error.len(), any::<u8>()).prop_map(move |(i, b)| {
            let mut v = valid_error.as_bytes().to_vec();
            v[i] = b;
            v
        }),
        "\\PC{0,64}".prop_map(|m| format!(r#"{{"code":{m:?},"message":{m:?}}}"#).into_bytes()),
        "[\\x00-\\x1f]{0,64}"
            .prop_map(|m| format!(r#"{{"error":{{"code":"x","message":{m:?}}}}}"#).into_bytes()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_replies_never_panic_and_read_clearly(
        status in prop_oneof![Just(200u16), Just(201), Just(204), Just(400), Just(404), Just(409),
            Just(429), Just(500), Just(503), 100u16..600],
        content_type in proptest::option::of(prop_oneof![Just("application/json".to_string()),
            Just("text/html; charset=utf-8".to_string()), ".{0,40}"]),
        retry_after in proptest::option::of(prop_oneof![Just("1e300".to_string()), Just("-5".to_string()),
            Just("NaN".to_string()), Just("18446744073709551616".to_string()), "[0-9.e+-]{0,24}", ".{0,40}"]),
        body in body_strategy(),
    ) {
        let (rt, origin, slot) = runtime();
        *slot.lock().expect("slot") = Canned { status, content_type, retry_after, body };
        let c = client(origin, "random");
        let results = rt.block_on(async { tokio::time::timeout(Duration::from_secs(30), all_calls(&c)).await });
        let results = results.expect("no hang");
        for (call, result) in results {
            if let Err(e) = result {
                assert_clear(call, &e);
                if (200..300).contains(&status) {
                    prop_assert!(matches!(e, ApiError::Decode(_) | ApiError::Transport { .. }), "{e:?}");
                }
            } else {
                prop_assert!((200..300).contains(&status), "{call}: success on {status}");
            }
        }
    }

    #[test]
    fn error_bodies_decode_without_panic(status in 0u16..1000, body in body_strategy()) {
        let text = String::from_utf8_lossy(&body);
        let e = ApiError::from_response(status, None, &text);
        assert_clear("from_response", &e);
    }
}
