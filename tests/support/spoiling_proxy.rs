//! A loopback proxy in front of a real platform that lets one request through to the platform
//! and then spoils its answer: the platform processed it, the client hears a 500 or nothing at
//! all. Every other connection is piped through untouched.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the client hears instead of the platform's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spoil {
    /// `500 Internal Server Error` with an empty body.
    Error500,
    /// The connection is closed without a byte of answer.
    Hangup,
}

/// Starts the proxy in front of `platform_base` (`http://127.0.0.1:PORT/v1.3`); the first
/// request whose request line starts with `target` (e.g. `"POST /v1.3/assets/multipart-uploads "`)
/// reaches the platform and is answered as `spoil` says. Returns the proxy's base URL.
pub async fn start(platform_base: &str, target: &'static str, spoil: Spoil) -> String {
    let rest = platform_base.strip_prefix("http://").expect("http base");
    let (upstream, path) = rest.split_once('/').expect("base path");
    let upstream = upstream.to_string();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let spoiled = Arc::new(AtomicBool::new(false));
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let upstream = upstream.clone();
            let spoiled = spoiled.clone();
            tokio::spawn(async move {
                let _ = serve(client, &upstream, target, spoil, &spoiled).await;
            });
        }
    });
    format!("http://{addr}/{path}")
}

async fn serve(
    mut client: TcpStream,
    upstream: &str,
    target: &str,
    spoil: Spoil,
    spoiled: &AtomicBool,
) -> std::io::Result<()> {
    let mut server = TcpStream::connect(upstream).await?;
    if spoiled.load(Ordering::SeqCst) {
        tokio::io::copy_bidirectional(&mut client, &mut server).await?;
        return Ok(());
    }
    let request = read_message(&mut client).await?;
    if !request.starts_with(target.as_bytes()) || spoiled.swap(true, Ordering::SeqCst) {
        server.write_all(&request).await?;
        tokio::io::copy_bidirectional(&mut client, &mut server).await?;
        return Ok(());
    }
    // The platform gets the whole request and answers in full before the client is lied to.
    server.write_all(&request).await?;
    read_message(&mut server).await?;
    if spoil == Spoil::Error500 {
        client
            .write_all(
                b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            )
            .await?;
    }
    client.shutdown().await
}

/// One HTTP/1.1 message: its head and a `content-length` body (the client and the platform
/// both send one for these calls).
async fn read_message(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(buf)
}
