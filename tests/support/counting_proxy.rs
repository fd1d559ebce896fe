//! A loopback proxy in front of a real platform that counts the requests passing through it:
//! each request line seen, and the most requests waiting for an answer at once. Bytes are piped
//! untouched; a request is counted when its request line goes up, and answered when the first
//! bytes of a status line come back on its connection (the client sends one request at a time
//! on a connection).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy saw.
#[derive(Debug, Default)]
pub struct Seen {
    lines: Mutex<Vec<String>>,
    in_flight: AtomicUsize,
    most: AtomicUsize,
}

impl Seen {
    /// The request lines that contain `part` so far.
    pub fn count(&self, part: &str) -> usize {
        self.lines
            .lock()
            .expect("lines")
            .iter()
            .filter(|l| l.contains(part))
            .count()
    }

    /// The most requests in flight at once since the last [`Seen::reset_most`].
    pub fn most_in_flight(&self) -> usize {
        self.most.load(Ordering::SeqCst)
    }

    /// Starts counting the most in flight afresh from the requests in flight now.
    pub fn reset_most(&self) {
        self.most
            .store(self.in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
    }
}

/// Starts the proxy in front of `platform_base` (`http://127.0.0.1:PORT/v1.3`); returns its
/// base URL and what it sees.
pub async fn start(platform_base: &str) -> (String, Arc<Seen>) {
    let rest = platform_base.strip_prefix("http://").expect("http base");
    let (upstream, path) = rest.split_once('/').expect("base path");
    let upstream = upstream.to_string();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Seen::default());
    let counting = seen.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = TcpStream::connect(&upstream).await else {
                continue;
            };
            tokio::spawn(pipe(client, server, counting.clone()));
        }
    });
    (format!("http://{addr}/{path}"), seen)
}

async fn pipe(client: TcpStream, server: TcpStream, seen: Arc<Seen>) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let waiting = Arc::new(AtomicBool::new(false));
    let (up_seen, up_waiting) = (seen.clone(), waiting.clone());
    let up = async move {
        let mut buf = vec![0u8; 64 * 1024];
        while let Ok(n) = cr.read(&mut buf).await {
            if n == 0 {
                break;
            }
            let text = String::from_utf8_lossy(&buf[..n]);
            let first = text.lines().next().unwrap_or("");
            if first.ends_with("HTTP/1.1") && !up_waiting.swap(true, Ordering::SeqCst) {
                up_seen.lines.lock().expect("lines").push(first.to_string());
                let now = up_seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                up_seen.most.fetch_max(now, Ordering::SeqCst);
            }
            if sw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    let down_waiting = waiting.clone();
    let down_seen = seen.clone();
    let down = async move {
        let mut buf = vec![0u8; 64 * 1024];
        while let Ok(n) = sr.read(&mut buf).await {
            if n == 0 {
                break;
            }
            if buf[..n].starts_with(b"HTTP/1.1 ") && down_waiting.swap(false, Ordering::SeqCst) {
                down_seen.in_flight.fetch_sub(1, Ordering::SeqCst);
            }
            if cw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    tokio::join!(up, down);
    // A connection closed while its request waited: that request is over too.
    if waiting.swap(false, Ordering::SeqCst) {
        seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}
