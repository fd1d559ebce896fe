//! The HTTP client: one `Client` per service, cheap to clone, and the ways it sends a call
//! (retried as a read, or only when it never left). The calls themselves live by resource in
//! `calls/` (`assets.rs`, `indexes.rs`, `entities.rs` …), the uploads in `upload/` (the direct and
//! URL `POST /assets` in `direct.rs`, the multipart session calls in
//! `multipart/session_calls.rs`); reading an answer is `wire.rs`.

use std::time::Duration;

use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::rate_gate::RateGate;
use super::retry::RetryPolicy;
use super::wire::{check, decode, send};

/// The default base URL of the real service.
pub const DEFAULT_BASE_URL: &str = "https://api.twelvelabs.io/v1.3";

/// Timeout for reads and small writes (list, retrieve, delete, metadata).
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// An API key. Its `Debug` and `Display` never show the key itself.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key, for the `x-api-key` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl std::fmt::Display for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A client of the Assets API at one base URL with one key.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) http: reqwest::Client,
    base_url: String,
    key: ApiKey,
    pub(crate) retry: RetryPolicy,
    read_timeout: Duration,
    /// The create window of this service, shared by every clone.
    pub(crate) gate: std::sync::Arc<RateGate>,
    /// Assets this client created or adopted: never adopted a second time by a reconcile.
    pub(crate) created: std::sync::Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
}

impl Client {
    /// A client for `base_url` (e.g. `https://api.twelvelabs.io/v1.3`) authenticating with `key`.
    pub fn new(base_url: &str, key: ApiKey) -> Result<Self, ApiError> {
        let base_url = base_url.trim_end_matches('/').to_string();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| ApiError::InvalidSetting(format!("invalid base URL {base_url:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ApiError::InvalidSetting(format!(
                "base URL must be http or https: {base_url}"
            )));
        }
        let http = crate::http_client::builder()
            .user_agent(concat!("tl-assets/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| ApiError::ClientBuild(e.to_string()))?;
        Ok(Self {
            http,
            base_url,
            key,
            retry: RetryPolicy::default(),
            read_timeout: READ_TIMEOUT,
            gate: Default::default(),
            created: Default::default(),
        })
    }

    /// The same client with another retry policy (tests use a fast one).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The same client with another timeout per attempt of reads and small writes (default 30 s):
    /// a reply that never ends fails after it.
    pub fn with_read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// How long the service's rate window stays spent, as this client (any clone) last learnt.
    pub fn rate_gate_closed(&self) -> Option<Duration> {
        self.gate.closed_for()
    }

    /// True when the last answer's rate headers left under a tenth of the window (any clone):
    /// background reads stop, keeping those requests for what the user asks for.
    pub fn rate_budget_low(&self) -> bool {
        self.gate.budget_low()
    }

    /// Notes that the service's rate window is spent for `wait` (a 429 heard in the background).
    pub fn close_rate_gate(&self, wait: Duration) {
        self.gate.close_for(wait.min(super::retry::MAX_RATE_WAIT));
    }

    /// True when the base URL points at this machine (a local platform): polling can be faster.
    pub fn is_loopback(&self) -> bool {
        super::is_loopback_url(&self.base_url)
    }

    /// A request to `path` (relative to the base URL) with the key header set.
    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let req = self.http.request(method, format!("{}{}", self.base_url, path));
        // Marked sensitive so no `Debug` of the request or its headers can show the key.
        match reqwest::header::HeaderValue::from_str(self.key.expose()) {
            Ok(mut value) => {
                value.set_sensitive(true);
                req.header("x-api-key", value)
            }
            Err(_) => req.header("x-api-key", self.key.expose()),
        }
    }

    /// Sends an idempotent request (retried on transient failures) and decodes its JSON body.
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T, ApiError> {
        self.send_json_with(self.read_timeout, build).await
    }

    /// [`Client::send_json`] with its own timeout per attempt.
    pub(crate) async fn send_json_with<T: DeserializeOwned>(
        &self,
        timeout: Duration,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T, ApiError> {
        let resp = self
            .retry
            .run(|| async { check(send(build().timeout(timeout)).await?).await })
            .await?;
        let (remaining, limit, reset) = super::wire::rate_budget(&resp);
        self.gate.note_budget(remaining, limit, reset);
        decode(resp).await
    }

    /// Sends a request that is not idempotent (a create): retried only when it provably never
    /// reached the server; decodes its JSON body.
    pub(crate) async fn send_json_unsent<T: DeserializeOwned>(
        &self,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T, ApiError> {
        let resp = self
            .retry
            .run_unsent(|| async { check(send(build().timeout(self.read_timeout)).await?).await })
            .await?;
        decode(resp).await
    }

    /// Sends a request that is not idempotent and whose success has no body we need.
    pub(crate) async fn send_empty_unsent(&self, build: impl Fn() -> RequestBuilder) -> Result<(), ApiError> {
        self.retry
            .run_unsent(|| async { check(send(build().timeout(self.read_timeout)).await?).await })
            .await?;
        Ok(())
    }

    /// [`Client::send_json`] for a retrieve: a 400 there means "not found or invalid id" too.
    pub(crate) async fn retrieve_json<T: DeserializeOwned>(
        &self,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T, ApiError> {
        match self.send_json(build).await {
            Err(ApiError::Http {
                status: 400,
                code,
                message,
                ..
            }) => Err(ApiError::NotFound {
                status: 400,
                code,
                message,
            }),
            other => other,
        }
    }

    /// Sends an idempotent request whose success has no body we need (any 2xx).
    pub(crate) async fn send_empty(&self, build: impl Fn() -> RequestBuilder) -> Result<(), ApiError> {
        self.retry
            .run(|| async { check(send(build().timeout(self.read_timeout)).await?).await })
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_redacted_in_debug() {
        let c = Client::new("http://127.0.0.1:1/v1.3", ApiKey::new("tlk_secret")).expect("client");
        assert!(!format!("{c:?}").contains("tlk_secret"));
        assert!(c.is_loopback());
    }

    #[test]
    fn bad_base_urls_are_rejected() {
        assert!(Client::new("not a url", ApiKey::new("k")).is_err());
        assert!(Client::new("ftp://x/v1.3", ApiKey::new("k")).is_err());
    }
}
