//! Exhausting input to the platform: bodies larger than a route takes (refused without reading
//! them whole), bodies that stop, and senders that trickle their headers. Each gets the
//! contract's error or its connection closed after a timeout; the platform keeps serving.

use std::time::Duration;

use crate::platform_support::raw_http::*;
use crate::platform_support::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn oversize_bodies_are_refused_without_reading_them_whole() {
    let env = hostile_env().await;
    let http = &env.http;
    // A 64 MiB body on a JSON route whose limit is 4 KiB, streamed: refused as parameter_invalid.
    let stream =
        futures_util::stream::iter((0..1024).map(|_| Ok::<_, std::io::Error>(vec![b' '; 64 * 1024])));
    let resp = http
        .post(env.url("/assets/multipart-uploads"))
        .header("x-api-key", KEY)
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await;
    if let Ok(resp) = resp {
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        assert_eq!(body["code"], "parameter_invalid", "{body}");
    }
    // A chunk PUT longer than its chunk.
    let resp = env
        .send_json(
            Method::POST,
            "/assets/multipart-uploads",
            &serde_json::json!({"filename": "a.mp4", "type": "video", "total_size": 10}),
        )
        .await;
    let created = expect(resp, StatusCode::CREATED, "post", "/assets/multipart-uploads").await;
    let url = created["upload_urls"][0]["url"].as_str().expect("url");
    let resp = http.put(url).body(vec![0u8; 1024 * 1024]).send().await;
    if let Ok(resp) = resp {
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    }
    // A content-length that promises 10 GB and a body that stops: the idle timeout ends it.
    let addr = env.platform().local_addr();
    let req = format!(
        "POST /v1.3/assets HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\ncontent-type: multipart/form-data; boundary={B}\r\n\
         content-length: 10000000000\r\nconnection: close\r\n\r\n{}",
        part("method", "direct")
    );
    assert_contract_error(
        "10 GB promised",
        raw(addr, req.as_bytes()).await,
        &["invalid_multipart"],
    );
    still_serving(&env).await;
}

// On virtual time: the platform runs on this runtime, so its header and body timeouts and the
// senders' pauses all jump ahead whenever every task waits on the clock.
#[tokio::test(start_paused = true)]
async fn slow_senders_are_cut_off() {
    let env = hostile_env().await;
    let addr = env.platform().local_addr();
    // Many connections that send their headers a byte at a time, and never finish.
    let mut lorises = Vec::new();
    for _ in 0..40 {
        lorises.push(tokio::spawn(async move {
            let mut sock = TcpStream::connect(addr).await.expect("connect");
            let head = b"GET /v1.3/assets HTTP/1.1\r\nhost: x\r\nx-slow: ";
            let mut closed = false;
            for (i, b) in head
                .iter()
                .chain(b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter())
                .enumerate()
            {
                if sock.write_all(&[*b]).await.is_err() {
                    closed = true;
                    break;
                }
                if i > head.len() {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
            if !closed {
                // Wait (bounded) for the server to give up on us.
                let mut buf = Vec::new();
                let read = tokio::time::timeout(Duration::from_secs(20), sock.read_to_end(&mut buf)).await;
                closed = read.is_ok();
            }
            closed
        }));
    }
    // Meanwhile the platform answers everyone else.
    still_serving(&env).await;
    for l in lorises {
        assert!(l.await.expect("join"), "a slow header sender kept its connection");
    }
    // A body that stops halfway: the request fails with the contract's error and the
    // connection closes.
    let body = format!(
        "{}--{B}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\r\n",
        part("method", "direct")
    );
    let req = format!(
        "POST /v1.3/assets HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\ncontent-type: multipart/form-data; boundary={B}\r\n\
         content-length: 100000\r\nconnection: close\r\n\r\n{body}"
    );
    assert_contract_error(
        "stalled body",
        raw(addr, req.as_bytes()).await,
        &["invalid_multipart"],
    );
    // The stalled upload's temp file is gone.
    let tmp = env.dir.path().join("tmp");
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .map(|d| d.flatten().collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}
