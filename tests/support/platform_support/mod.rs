//! Shared helpers of the platform, crash and security tests: a platform on loopback, a reqwest
//! client, and checking of every JSON answer against the response schemas of the contract.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use tl_assets::platform::{PlatformConfig, RunningPlatform, start};

pub mod raw_http;
pub mod setup;

pub const KEY: &str = "tlk_test_key";

/// A running platform in a temp data dir.
pub struct Env {
    pub platform: Option<RunningPlatform>,
    pub dir: tempfile::TempDir,
    pub http: reqwest::Client,
    pub base: String,
}

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

/// Config with a short processing delay, adjusted by `tweak`.
pub fn config(dir: &Path, tweak: impl FnOnce(&mut PlatformConfig)) -> PlatformConfig {
    let mut c = PlatformConfig::new(dir.to_path_buf(), KEY);
    c.processing_delay = Duration::from_millis(50);
    tweak(&mut c);
    c
}

impl Env {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(tweak: impl FnOnce(&mut PlatformConfig)) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let platform = start(config(dir.path(), tweak)).await.expect("start");
        let base = platform.base_url().to_string();
        let http = tl_assets::http_client::builder()
            .no_proxy()
            .build()
            .expect("client");
        Self {
            platform: Some(platform),
            dir,
            http,
            base,
        }
    }

    pub fn platform(&self) -> &RunningPlatform {
        self.platform.as_ref().expect("running")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn req(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, self.url(path)).header("x-api-key", KEY)
    }

    /// Sends a bodiless request with the key (most route checks need nothing more).
    pub async fn send(&self, method: Method, path: &str) -> Response {
        self.req(method, path).send().await.expect("send")
    }

    /// Sends a request with a JSON body and the key.
    pub async fn send_json(&self, method: Method, path: &str, body: &serde_json::Value) -> Response {
        self.req(method, path).json(body).send().await.expect("send")
    }

    /// `POST /assets` with a file part and extra text fields.
    pub async fn upload_bytes(&self, bytes: Vec<u8>, name: &str, fields: &[(&str, &str)]) -> Response {
        let mut form = reqwest::multipart::Form::new().text("method", "direct");
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
        self.req(Method::POST, "/assets")
            .multipart(form)
            .send()
            .await
            .expect("send")
    }

    pub async fn upload_sample(&self, name: &str, fields: &[(&str, &str)]) -> Response {
        self.upload_bytes(std::fs::read(sample(name)).expect("read sample"), name, fields)
            .await
    }

    /// Uploads and returns the created asset id, checking the 201 body.
    pub async fn create(&self, name: &str, fields: &[(&str, &str)]) -> String {
        let resp = self.upload_sample(name, fields).await;
        let body = expect(resp, StatusCode::CREATED, "post", "/assets").await;
        body["_id"].as_str().expect("_id").to_string()
    }

    /// Polls the asset until it leaves `processing` (bounded number of polls, not a timing check).
    pub async fn wait_final(&self, id: &str) -> Value {
        for _ in 0..600 {
            let resp = self
                .req(Method::GET, &format!("/assets/{id}"))
                .send()
                .await
                .expect("send");
            let v = expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await;
            if v["status"] != "processing" {
                return v;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("asset {id} never left processing");
    }

    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(p) = self.platform.take() {
            p.shutdown().await;
        }
        self.dir
    }
}

fn openapi() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi-assets.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        serde_json::from_str(&text).expect("openapi json")
    })
}

/// Validates `body` against the schema of the `status` answer of `method template` in the
/// contract. Error answers without a declared schema must still be `{code, message}`.
pub fn check_schema(method: &str, template: &str, status: StatusCode, body: &Value) {
    let doc = openapi();
    let op = &doc["paths"][template][method];
    assert!(op.is_object(), "no operation {method} {template} in the contract");
    let schema = &op["responses"][status.as_str()]["content"]["application/json"]["schema"];
    if !status.is_success() {
        assert!(
            body["code"].is_string() && body["message"].is_string(),
            "error body {body}"
        );
    }
    if schema.get("$ref").is_none() {
        return;
    }
    let full = json!({ "$ref": schema["$ref"], "components": doc["components"] });
    let validator = jsonschema::validator_for(&full).expect("compile schema");
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {template} {status}: body {body} fails schema: {errors:?}"
    );
}

/// Asserts the status and the version header, parses the JSON body and checks it against the
/// contract's schema for that answer.
pub async fn expect(resp: Response, status: StatusCode, method: &str, template: &str) -> Value {
    let got = resp.status();
    assert_eq!(
        resp.headers().get("x-api-version").map(|v| v.as_bytes()),
        Some(&b"1.3"[..])
    );
    let text = resp.text().await.expect("body");
    assert_eq!(got, status, "{method} {template}: body {text}");
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    check_schema(method, template, status, &body);
    body
}

/// Asserts a 400 (or other) error with the given code; returns the message.
pub async fn expect_error(
    resp: Response,
    status: StatusCode,
    code: &str,
    method: &str,
    template: &str,
) -> String {
    let body = expect(resp, status, method, template).await;
    assert_eq!(body["code"], code, "{body}");
    body["message"].as_str().expect("message").to_string()
}

/// Asserts an empty 204.
pub async fn expect_no_content(resp: Response) {
    assert_eq!(resp.status(), StatusCode::NO_CONTENT, "{:?}", resp.text().await);
}

/// A mono 16-bit PCM WAV of `secs` seconds (a 440 Hz tone), written by hand.
pub fn wav(secs: f64) -> Vec<u8> {
    let rate = 8000u32;
    let n = (f64::from(rate) * secs) as u32;
    let data_len = n * 2;
    let mut v = Vec::with_capacity(44 + data_len as usize);
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + data_len).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes()); // PCM
    v.extend_from_slice(&1u16.to_le_bytes()); // mono
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&(rate * 2).to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..n {
        let s = ((f64::from(i) * 440.0 * std::f64::consts::TAU / f64::from(rate)).sin() * 8000.0) as i16;
        v.extend_from_slice(&s.to_le_bytes());
    }
    v
}

/// A PNG of the given size.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

/// The sample video cut in half: the container promises samples that are not there.
pub fn truncated_mp4() -> Vec<u8> {
    let bytes = std::fs::read(sample("sample-video.mp4")).expect("read");
    bytes[..bytes.len() / 2].to_vec()
}

/// A tiny file server on loopback for URL uploads: `/name` answers the registered bytes,
/// anything else 404.
pub struct FileServer {
    pub base: String,
    task: tokio::task::JoinHandle<()>,
}

impl FileServer {
    pub async fn start(files: Vec<(&'static str, Vec<u8>)>) -> Self {
        use axum::extract::Path as AxPath;
        let files = std::sync::Arc::new(files.into_iter().collect::<std::collections::HashMap<_, _>>());
        let app = axum::Router::new().route(
            "/{name}",
            axum::routing::get(move |AxPath(name): AxPath<String>| {
                let files = files.clone();
                async move {
                    match files.get(name.as_str()) {
                        Some(b) => (StatusCode::OK, b.clone()),
                        None => (StatusCode::NOT_FOUND, b"missing".to_vec()),
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base, task }
    }

    pub fn url(&self, name: &str) -> String {
        format!("{}/{name}", self.base)
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Env {
    /// Asserts that `method path` (with `body` as JSON, if any) answers 404 `resource_not_exist`,
    /// the error body checked against the schema of `template`.
    pub async fn expect_not_found(&self, method: Method, path: &str, body: Option<&Value>, template: &str) {
        let verb = method.as_str().to_lowercase();
        let resp = match body {
            Some(body) => self.send_json(method, path, body).await,
            None => self.send(method, path).await,
        };
        expect_error(resp, StatusCode::NOT_FOUND, "resource_not_exist", &verb, template).await;
    }

    /// `POST /assets` with `method=url`.
    pub async fn upload_url(&self, url: &str, fields: &[(&str, &str)]) -> Response {
        let mut form = reqwest::multipart::Form::new()
            .text("method", "url")
            .text("url", url.to_string());
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        self.req(Method::POST, "/assets")
            .multipart(form)
            .send()
            .await
            .expect("send")
    }
}

/// The names in `dir` (none when it is missing), to check what a store left on disk.
pub fn entries(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}
