//! A service far away over HTTPS, for the slow-link bench: a proxy in this process that holds
//! every byte for half the round trip in each direction (and one more round trip before the first
//! bytes of a connection, which is what the TCP handshake costs), terminates TLS 1.3 with a
//! certificate made for the run, and passes plain HTTP on to the platform. The app trusts that
//! certificate through `SSL_CERT_FILE`, which the client's certificate store reads on Linux.
//! The certificates are made with the `openssl` command line tool; without it there is no HTTPS
//! case.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, ensure};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// True when `openssl` runs from `PATH`.
pub fn openssl_installed() -> bool {
    std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Makes a CA and a certificate for 127.0.0.1 signed by it in `dir`; returns (CA file, cert
/// file, key file).
pub fn make_certificates(dir: &Path) -> anyhow::Result<(PathBuf, PathBuf, PathBuf)> {
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (ca_key, ca, key, csr, cert, ext) = (
        path("ca.key"),
        path("ca.pem"),
        path("server.key"),
        path("server.csr"),
        path("server.pem"),
        path("server.ext"),
    );
    std::fs::write(&ext, "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")?;
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca_req = vec!["req", "-x509", "-days", "2", "-subj", "/CN=tl-assets bench CA"];
    ca_req.extend(ec);
    ca_req.extend(["-keyout", &ca_key, "-out", &ca]);
    let mut server_req = vec!["req", "-subj", "/CN=127.0.0.1"];
    server_req.extend(ec);
    server_req.extend(["-keyout", &key, "-out", &csr]);
    let sign = vec![
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        &ca,
        "-CAkey",
        &ca_key,
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        &ext,
        "-out",
        &cert,
    ];
    for args in [ca_req, server_req, sign] {
        let out = std::process::Command::new("openssl")
            .args(&args)
            .output()
            .context("run openssl")?;
        ensure!(
            out.status.success(),
            "openssl {} failed: {}",
            args[0],
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok((ca.into(), cert.into(), key.into()))
}

/// Starts the proxy on the current runtime; returns the address to give the app as
/// `https://ADDR`. `rtt` is the round trip it stands for.
pub async fn start(
    platform: SocketAddr,
    cert: &Path,
    key: &Path,
    rtt: Duration,
) -> anyhow::Result<SocketAddr> {
    let certs = CertificateDer::pem_file_iter(cert)?.collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKeyDer::from_pem_file(key)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    // The platform speaks HTTP/1.1 only.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let _ = serve(client, platform, acceptor, rtt).await;
            });
        }
    });
    Ok(addr)
}

/// One connection: the far side of the link (delayed) is TLS, the near side plain HTTP.
async fn serve(
    client: TcpStream,
    platform: SocketAddr,
    acceptor: TlsAcceptor,
    rtt: Duration,
) -> anyhow::Result<()> {
    client.set_nodelay(true)?;
    let (near, far) = tokio::io::duplex(256 * 1024);
    let (client_read, client_write) = client.into_split();
    let (far_read, far_write) = tokio::io::split(far);
    // The TCP handshake's round trip falls on the first bytes the client sends.
    tokio::spawn(delayed(client_read, far_write, rtt / 2, rtt));
    tokio::spawn(delayed(far_read, client_write, rtt / 2, Duration::ZERO));
    let mut tls = acceptor.accept(near).await?;
    let mut upstream = TcpStream::connect(platform).await?;
    upstream.set_nodelay(true)?;
    tokio::io::copy_bidirectional(&mut tls, &mut upstream).await?;
    Ok(())
}

/// Copies `from` to `to`, each chunk `one_way` after it was read (the first `extra` later still),
/// in order; closes `to` when `from` ends.
async fn delayed<R, W>(mut from: R, mut to: W, one_way: Duration, extra: Duration)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (tx, mut rx) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let reader = tokio::spawn(async move {
        let mut buf = vec![0u8; 64 * 1024];
        let mut first = true;
        loop {
            match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let extra = if std::mem::take(&mut first) {
                        extra
                    } else {
                        Duration::ZERO
                    };
                    if tx
                        .send((Instant::now() + one_way + extra, buf[..n].to_vec()))
                        .is_err()
                    {
                        break;
                    }
                }
            }
        }
    });
    while let Some((due, bytes)) = rx.recv().await {
        tokio::time::sleep_until(due).await;
        if to.write_all(&bytes).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
    reader.abort();
}
