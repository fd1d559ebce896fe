//! What the hostile-input tests share: a platform with lowered limits and short timeouts,
//! requests written by hand and sent over a plain socket (so nothing normalises them on the
//! way), the answer read back, and the checks that it is the contract's error and that the
//! platform still serves everyone else.

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{Env, KEY, expect};

/// Lowered limits so the tests stay small and quick.
pub async fn hostile_env() -> Env {
    Env::start_with(|c| {
        c.limits.direct_media_max_bytes = 64 * 1024;
        c.limits.image_max_bytes = 64 * 1024;
        c.limits.max_field_bytes = 4 * 1024;
        c.limits.header_read_timeout = Duration::from_millis(500);
        c.limits.body_idle_timeout = Duration::from_millis(500);
    })
    .await
}

/// The status and JSON body of an HTTP/1.1 answer read off a socket (the request says
/// `Connection: close`). `None` when the connection closed without an answer.
pub async fn raw(addr: SocketAddr, request: &[u8]) -> Option<(u16, Value)> {
    let mut sock = TcpStream::connect(addr).await.expect("connect");
    // The server may answer (and close) before reading everything; a failed write is fine.
    let _ = sock.write_all(request).await;
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), sock.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "the platform kept the connection open");
    parse_answer(&out)
}

pub fn parse_answer(out: &[u8]) -> Option<(u16, Value)> {
    let text = String::from_utf8_lossy(out);
    let status: u16 = text.split(' ').nth(1)?.parse().ok()?;
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
    // Chunked bodies: the JSON is between the size lines.
    let json = body
        .find('{')
        .and_then(|s| body.rfind('}').map(|e| &body[s..=e]))
        .unwrap_or("null");
    Some((status, serde_json::from_str(json).unwrap_or(Value::Null)))
}

pub fn post(path: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST /v1.3{path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: {KEY}\r\ncontent-type: {content_type}\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

pub fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: {KEY}\r\nconnection: close\r\n\r\n")
        .into_bytes()
}

/// Asserts a 4xx with the contract's error body, naming the case.
pub fn assert_contract_error(case: &str, answer: Option<(u16, Value)>, codes: &[&str]) {
    let (status, body) = answer.unwrap_or_else(|| panic!("{case}: closed without an answer"));
    assert!((400..500).contains(&status), "{case}: HTTP {status} {body}");
    let code = body["code"].as_str().unwrap_or_default();
    assert!(
        codes.contains(&code) && body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{case}: HTTP {status} {body}, wanted one of {codes:?}"
    );
}

pub const B: &str = "XyZzy42";

pub fn part(name: &str, value: &str) -> String {
    format!("--{B}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
}

pub async fn still_serving(env: &Env) {
    let resp = env.req(Method::GET, "/assets").send().await.expect("send");
    expect(resp, StatusCode::OK, "get", "/assets").await;
    let resp = env.upload_sample("sample-image.jpg", &[]).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
}
