//! Connection slots under slow header senders: when every slot is taken, a new client makes the
//! oldest connection with no request in flight close, so a normal request is answered at once
//! instead of waiting in the backlog until a slow sender's header deadline; a connection whose
//! request is in flight (an upload's body still coming) keeps its slot.

use std::time::Duration;

use crate::platform_support::raw_http::*;
use crate::platform_support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn a_full_house_of_slow_senders_makes_room_for_a_normal_request() {
    // Four slots and a header deadline no test waits for: only making room can answer.
    let env = Env::start_with(|c| {
        c.limits.max_connections = 4;
        c.limits.header_read_timeout = Duration::from_secs(3600);
        c.limits.body_idle_timeout = Duration::from_secs(3600);
    })
    .await;
    let addr = env.platform().local_addr();

    // The oldest connection: an upload whose body is half sent.
    let image = png(160, 160);
    let head = format!(
        "{}--{B}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\
         content-type: image/png\r\n\r\n",
        part("method", "direct")
    );
    let tail = format!("\r\n--{B}--\r\n");
    let body_len = head.len() + image.len() + tail.len();
    let mut upload = TcpStream::connect(addr).await.expect("connect");
    let req = format!(
        "POST /v1.3/assets HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\n\
         content-type: multipart/form-data; boundary={B}\r\ncontent-length: {body_len}\r\n\
         connection: close\r\n\r\n{head}"
    );
    upload.write_all(req.as_bytes()).await.expect("write");
    upload.write_all(&image[..100]).await.expect("write");
    let tmp = env.dir.path().join("tmp");
    for _ in 0..400 {
        if !entries(&tmp).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(!entries(&tmp).is_empty(), "the upload never reached the platform");

    // Three that never finish their headers: every slot is now taken.
    let mut lorises = Vec::new();
    for _ in 0..3 {
        let mut s = TcpStream::connect(addr).await.expect("connect");
        s.write_all(b"GET /v1.3/assets HTTP/1.1\r\nhost: x\r\nx-slow: a")
            .await
            .expect("write");
        lorises.push(s);
    }

    // A normal request is answered (`raw` gives up, failing, after 20 s of silence).
    let answer = raw(
        addr,
        format!("GET /v1.3/assets HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\nconnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await;
    assert_eq!(answer.map(|(status, _)| status), Some(200));

    // The oldest idle connection, the first slow sender, was closed to make room.
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(20), lorises[0].read_to_end(&mut buf)).await;
    assert!(closed.is_ok(), "the oldest slow sender still holds its slot");

    // The upload kept its slot: it finishes and is acknowledged.
    upload.write_all(&image[100..]).await.expect("write");
    upload.write_all(tail.as_bytes()).await.expect("write");
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), upload.read_to_end(&mut out))
        .await
        .expect("the upload was answered")
        .expect("read");
    assert_eq!(
        parse_answer(&out).map(|(status, _)| status),
        Some(201),
        "{}",
        String::from_utf8_lossy(&out)
    );
}
