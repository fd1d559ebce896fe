//! A loopback proxy in front of a real platform that counts the requests passing through it:
//! each request line seen, and the most requests waiting for an answer at once. Bytes are piped
//! untouched unless a [`Rewrite`] says otherwise (the rate-limit answers the local platform gives
//! only to creates); a request is counted when its request line goes up, and answered when the
//! first bytes of a status line come back on its connection (the client sends one request at a
//! time on a connection).

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
    rewrite: Mutex<Option<Rewrite>>,
}

/// A change to the answers of the requests whose line contains `part`: another status line
/// (e.g. `HTTP/1.1 429 Too Many Requests`), and header lines added (`Name: value`).
#[derive(Debug, Clone)]
pub struct Rewrite {
    pub part: String,
    pub status: Option<String>,
    pub headers: Vec<String>,
}

impl Rewrite {
    /// The answer's first bytes as rewritten, when `request_line` is one to rewrite and the
    /// bytes hold the whole status line.
    fn apply(&self, request_line: &str, bytes: &[u8]) -> Option<Vec<u8>> {
        if !request_line.contains(&self.part) {
            return None;
        }
        let end = bytes.windows(2).position(|w| w == b"\r\n")?;
        let status = self.status.as_deref().map_or(&bytes[..end], str::as_bytes);
        let mut out = status.to_vec();
        for header in &self.headers {
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(header.as_bytes());
        }
        out.extend_from_slice(&bytes[end..]);
        Some(out)
    }
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

    /// Rewrites the answers `rewrite` names from now on (`None`: none).
    pub fn rewrite(&self, rewrite: Option<Rewrite>) {
        *self.rewrite.lock().expect("rewrite") = rewrite;
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
    // The request line waiting for its answer on this connection.
    let asked = Arc::new(Mutex::new(String::new()));
    let up_asked = asked.clone();
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
                *up_asked.lock().expect("asked") = first.to_string();
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
            let mut rewritten = None;
            if buf[..n].starts_with(b"HTTP/1.1 ") && down_waiting.swap(false, Ordering::SeqCst) {
                down_seen.in_flight.fetch_sub(1, Ordering::SeqCst);
                let rule = down_seen.rewrite.lock().expect("rewrite").clone();
                let line = asked.lock().expect("asked").clone();
                rewritten = rule.and_then(|r| r.apply(&line, &buf[..n]));
            }
            let bytes = rewritten.as_deref().unwrap_or(&buf[..n]);
            if cw.write_all(bytes).await.is_err() {
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
