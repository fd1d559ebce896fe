//! Where a URL upload may connect: link-local and metadata addresses never (written in the URL,
//! resolved from a name, or met at a redirect), loopback and private ones only while the platform
//! listens on loopback or the operator allows them; and one answer for every URL that cannot be
//! fetched, so the errors map nothing. Every target here is a loopback server that counts its
//! connections, or an address refused before any connection is made.
//!
//! The assertions that old code would have answered by connecting somewhere other than loopback
//! come after one it fails on loopback (`0.0.0.0` reaches this machine).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::platform_support::{Env, expect, expect_error, sample};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the counting server answers on a path.
#[derive(Clone)]
enum Reply {
    Media(Vec<u8>),
    Redirect(String),
    Status(u16),
}

/// A loopback HTTP server that counts the connections it accepts.
struct Target {
    port: u16,
    hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Target {
    async fn start(routes: impl Fn(u16) -> Vec<(&'static str, Reply)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let routes: Arc<HashMap<&'static str, Reply>> = Arc::new(routes(port).into_iter().collect());
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                let routes = routes.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match sock.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&head);
                    let path = text.split(' ').nth(1).unwrap_or("/").to_string();
                    let (status, extra, body) = match routes.get(path.as_str()) {
                        Some(Reply::Media(b)) => (200, String::new(), b.clone()),
                        Some(Reply::Redirect(to)) => (302, format!("location: {to}\r\n"), Vec::new()),
                        Some(Reply::Status(s)) => (*s, String::new(), b"no".to_vec()),
                        None => (404, String::new(), b"missing".to_vec()),
                    };
                    let head = format!(
                        "HTTP/1.1 {status} X\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = sock.write_all(head.as_bytes()).await;
                    let _ = sock.write_all(&body).await;
                });
            }
        });
        Self { port, hits, task }
    }

    fn url(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.port)
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn jpeg() -> Vec<u8> {
    std::fs::read(sample("sample-image.jpg")).expect("sample")
}

/// Asserts the one answer of an unfetchable URL: 400 `media_url_not_accessible` whose message
/// is the template with the URL as given, nothing about why.
async fn refused(env: &Env, url: &str) {
    let resp = env.upload_url(url, &[]).await;
    let msg = expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "media_url_not_accessible",
        "post",
        "/assets",
    )
    .await;
    assert_eq!(
        msg,
        format!(
            "The media at the URL could not be accessed: {url}. Please verify the URL is correct and publicly accessible."
        )
    );
}

async fn accepted(env: &Env, url: &str) {
    expect(
        env.upload_url(url, &[]).await,
        StatusCode::CREATED,
        "post",
        "/assets",
    )
    .await;
}

#[tokio::test]
async fn link_local_and_metadata_targets_are_refused_before_connecting() {
    let env = Env::start().await;
    let target = Target::start(|_| vec![("/clip.jpg", Reply::Media(jpeg()))]).await;
    accepted(&env, &target.url("127.0.0.1", "/clip.jpg")).await;
    assert_eq!(
        target.hits(),
        1,
        "loopback is reachable while the platform listens on loopback"
    );
    for host in ["0.0.0.0", "[::ffff:0.0.0.0]", "[::]"] {
        refused(&env, &target.url(host, "/clip.jpg")).await;
    }
    assert_eq!(target.hits(), 1, "no connection was made");
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/x.jpg",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/",
    ] {
        refused(&env, url).await;
    }
}

#[tokio::test]
async fn redirects_are_checked_at_every_hop() {
    let env = Env::start().await;
    let target = Target::start(|port| {
        vec![
            ("/clip.jpg", Reply::Media(jpeg())),
            ("/fine", Reply::Redirect("/clip.jpg".into())),
            (
                "/zero",
                Reply::Redirect(format!("http://0.0.0.0:{port}/clip.jpg")),
            ),
            ("/hop", Reply::Redirect("/zero".into())),
            (
                "/meta",
                Reply::Redirect("http://169.254.169.254/latest/meta-data/".into()),
            ),
            (
                "/name",
                Reply::Redirect("http://metadata.google.internal/computeMetadata/v1/".into()),
            ),
        ]
    })
    .await;
    accepted(&env, &target.url("127.0.0.1", "/fine")).await;
    assert_eq!(target.hits(), 2, "a redirect to an allowed target is followed");
    refused(&env, &target.url("127.0.0.1", "/hop")).await;
    assert_eq!(
        target.hits(),
        4,
        "/hop and /zero were asked, the refused target never"
    );
    for path in ["/meta", "/name"] {
        refused(&env, &target.url("127.0.0.1", path)).await;
    }
    assert_eq!(target.hits(), 6);
}

#[tokio::test]
async fn private_and_loopback_targets_are_refused_beyond_loopback_unless_allowed() {
    let target = Target::start(|_| vec![("/clip.jpg", Reply::Media(jpeg()))]).await;
    // As when `serve --addr` is beyond loopback without `--allow-private-urls`.
    let env = Env::start_with(|c| c.allow_private_urls = Some(false)).await;
    for host in ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "127.1.2.3"] {
        refused(&env, &target.url(host, "/clip.jpg")).await;
    }
    assert_eq!(target.hits(), 0, "refused after resolving, before connecting");
    let allowed = Env::start_with(|c| c.allow_private_urls = Some(true)).await;
    accepted(&allowed, &target.url("localhost", "/clip.jpg")).await;
    assert_eq!(target.hits(), 1);

    let mut beyond = tl_assets::platform::PlatformConfig::new(env.dir.path().to_path_buf(), "k");
    beyond.addr = "0.0.0.0:0".parse().expect("addr");
    assert!(
        !beyond.private_urls_allowed(),
        "beyond loopback, private targets are refused"
    );
    beyond.allow_private_urls = Some(true);
    assert!(beyond.private_urls_allowed(), "unless the operator allows them");
}

#[tokio::test]
async fn every_unfetchable_url_gets_the_same_answer() {
    let env = Env::start().await;
    let target = Target::start(|_| {
        vec![
            ("/401", Reply::Status(401)),
            ("/403", Reply::Status(403)),
            ("/500", Reply::Status(500)),
        ]
    })
    .await;
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    for url in [
        format!("http://127.0.0.1:{closed}/clip.jpg"),
        target.url("127.0.0.1", "/401"),
        target.url("127.0.0.1", "/403"),
        target.url("127.0.0.1", "/500"),
        target.url("127.0.0.1", "/nothing"),
        "http://no-such-host.invalid/clip.jpg".to_string(),
    ] {
        refused(&env, &url).await;
    }
}
