//! The HTTP client: one `Client` per service, cheap to clone, one method per call of the contract.

use std::time::Duration;

use reqwest::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::rate_gate::RateGate;
use super::retry::RetryPolicy;
use super::types::{Asset, IndexedAssetSummary, ListAssetsQuery, Page, UserMetadata, UserMetadataBody};

/// The default base URL of the real service.
pub const DEFAULT_BASE_URL: &str = "https://api.twelvelabs.io/v1.3";

/// The longest `Retry-After` believed; more is a broken or hostile server.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

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

    /// `GET /assets`: one page, newest first, with the query's filters.
    pub async fn list_assets(&self, query: &ListAssetsQuery) -> Result<Page<Asset>, ApiError> {
        let pairs = query.to_pairs();
        self.send_json(|| self.request(Method::GET, "/assets").query(&pairs))
            .await
    }

    /// `GET /assets/{id}`: the asset's details. A 400 here also means "not found or invalid id".
    pub async fn get_asset(&self, id: &str) -> Result<Asset, ApiError> {
        let path = format!("/assets/{}", path_segment(id)?);
        self.retrieve_json(|| self.request(Method::GET, &path)).await
    }

    /// `DELETE /assets/{id}?force=`: a 409 ([`ApiError::Conflict`]) means indexed assets still
    /// reference it; call again with `force` to delete them too. Never retried on 409.
    pub async fn delete_asset(&self, id: &str, force: bool) -> Result<(), ApiError> {
        let path = format!("/assets/{}", path_segment(id)?);
        let force = if force { "true" } else { "false" };
        self.send_empty(|| self.request(Method::DELETE, &path).query(&[("force", force)]))
            .await
    }

    /// `GET /assets/{id}/indexed-assets`: the indexed assets that block a plain delete.
    pub async fn indexed_assets(
        &self,
        id: &str,
        page: u32,
        page_limit: u32,
    ) -> Result<Page<IndexedAssetSummary>, ApiError> {
        let path = format!("/assets/{}/indexed-assets", path_segment(id)?);
        let q = [("page", page.to_string()), ("page_limit", page_limit.to_string())];
        self.send_json(|| self.request(Method::GET, &path).query(&q))
            .await
    }

    /// `PATCH /assets/{id}/user-metadata`: merge. A `null` value deletes that key.
    pub async fn patch_user_metadata(&self, id: &str, changes: &UserMetadata) -> Result<(), ApiError> {
        self.write_metadata(Method::PATCH, id, changes).await
    }

    /// `PUT /assets/{id}/user-metadata`: replace the whole set (`{}` clears it).
    pub async fn put_user_metadata(&self, id: &str, metadata: &UserMetadata) -> Result<(), ApiError> {
        self.write_metadata(Method::PUT, id, metadata).await
    }

    /// `DELETE /assets/{id}/user-metadata`: clear all metadata.
    pub async fn delete_user_metadata(&self, id: &str) -> Result<(), ApiError> {
        let path = format!("/assets/{}/user-metadata", path_segment(id)?);
        self.send_empty(|| self.request(Method::DELETE, &path)).await
    }

    /// PUT replaces, so repeating it is harmless and it is retried like a read; PATCH with a
    /// `null` or a counter-like value is not safe to repeat once the server has seen it.
    async fn write_metadata(&self, method: Method, id: &str, m: &UserMetadata) -> Result<(), ApiError> {
        let path = format!("/assets/{}/user-metadata", path_segment(id)?);
        let body = UserMetadataBody {
            user_metadata: m.clone(),
        };
        let build = || self.request(method.clone(), &path).json(&body);
        if method == Method::PUT {
            return self.send_empty(build).await;
        }
        self.retry
            .run_unsent(|| async { check(send(build().timeout(self.read_timeout)).await?).await })
            .await?;
        Ok(())
    }
}

/// Rejects ids that would change the request path; ids are otherwise opaque.
pub(crate) fn path_segment(id: &str) -> Result<&str, ApiError> {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(ApiError::InvalidInput(format!(
            "invalid id {id:?}: expected letters and digits"
        )));
    }
    Ok(id)
}

/// Sends a request, turning reqwest's failure into a transport error.
pub(crate) async fn send(req: RequestBuilder) -> Result<Response, ApiError> {
    req.send().await.map_err(transport_error)
}

/// Maps a reqwest error to [`ApiError::Transport`], noting whether the request left at all.
pub(crate) fn transport_error(e: reqwest::Error) -> ApiError {
    let not_sent = e.is_connect();
    let mut message = e.to_string();
    let mut innermost = None;
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message = format!("{message}: {s}");
        innermost = Some(s.to_string());
        source = s.source();
    }
    // A refused or unresolvable connection says so first, with the address it tried.
    if not_sent {
        let target = e.url().map_or_else(
            || "the service".to_string(),
            |u| match (u.host_str(), u.port_or_known_default()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_string(),
                (None, _) => u.to_string(),
            },
        );
        message = match innermost {
            Some(cause) => format!("could not connect to {target}: {cause}"),
            None => format!("could not connect to {target}"),
        };
    }
    ApiError::Transport { message, not_sent }
}

/// Passes a 2xx response through; turns anything else into the matching [`ApiError`].
pub(crate) async fn check(resp: Response) -> Result<Response, ApiError> {
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let retry_after = retry_after(&resp);
    let body = read_limited(resp, 64 * 1024).await.unwrap_or_default();
    Err(ApiError::from_response(status.as_u16(), retry_after, &body))
}

/// Reads and decodes a JSON body (bounded: the contract's bodies are small).
pub(crate) async fn decode<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    let status = resp.status();
    let text = read_limited(resp, 32 * 1024 * 1024).await?;
    serde_json::from_str(&text).map_err(|e| {
        let excerpt: String = text.chars().take(80).collect();
        ApiError::Decode(format!("HTTP {status}: {e} (body starts {excerpt:?})"))
    })
}

/// Reads a body as text, failing rather than growing past `limit` bytes.
async fn read_limited(mut resp: Response, limit: usize) -> Result<String, ApiError> {
    let mut buf = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(transport_error)? {
        if buf.len() + chunk.len() > limit {
            return Err(ApiError::Decode(format!(
                "response body larger than {limit} bytes"
            )));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The server's wait: `retry-after-ms`, else `Retry-After` (delay-seconds, or an HTTP date,
/// then the time left until it); on a 429 without either, the `X-Ratelimit-Reset` epoch.
fn retry_after(resp: &Response) -> Option<Duration> {
    let header = |name| resp.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.trim().parse::<f64>().ok())
        && ms.is_finite()
        && ms >= 0.0
    {
        return Some(
            Duration::try_from_secs_f64(ms / 1000.0).map_or(MAX_RETRY_AFTER, |d| d.min(MAX_RETRY_AFTER)),
        );
    }
    if let Some(v) = header(reqwest::header::RETRY_AFTER.as_str()) {
        return parse_retry_after(v, jiff::Timestamp::now());
    }
    if resp.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return header("x-ratelimit-reset").and_then(|v| parse_reset(v, jiff::Timestamp::now()));
    }
    None
}

/// What a successful answer says of the rate window: requests left, and the time to its reset.
pub(crate) fn rate_window(resp: &Response) -> (Option<u64>, Option<Duration>) {
    let header = |name| resp.headers().get(name).and_then(|v| v.to_str().ok());
    let remaining = header("x-ratelimit-remaining").and_then(|v| v.trim().parse().ok());
    let reset = header("x-ratelimit-reset").and_then(|v| parse_reset(v, jiff::Timestamp::now()));
    (remaining, reset)
}

/// Parses `X-Ratelimit-Reset`, Unix epoch seconds, as the time left from `now` (a past reset
/// means "now").
pub(crate) fn parse_reset(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let epoch: i64 = value.trim().parse().ok()?;
    let left = epoch.saturating_mul(1000).saturating_sub(now.as_millisecond());
    Some(Duration::from_millis(u64::try_from(left).unwrap_or(0)).min(MAX_RETRY_AFTER))
}

/// Parses a `Retry-After` value against `now`; a date in the past means "retry now".
pub(crate) fn parse_retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<f64>() {
        // `try_`: a huge value ("1e300") from a hostile or broken server must not panic.
        return (secs >= 0.0)
            .then(|| Duration::try_from_secs_f64(secs).map_or(MAX_RETRY_AFTER, |d| d.min(MAX_RETRY_AFTER)));
    }
    let at = jiff::fmt::rfc2822::parse(v).ok()?.timestamp();
    let left = at.as_millisecond().saturating_sub(now.as_millisecond());
    Some(Duration::from_millis(u64::try_from(left).unwrap_or(0)).min(MAX_RETRY_AFTER))
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

    #[test]
    fn retry_after_seconds_and_http_dates() {
        let now: jiff::Timestamp = "2026-08-01T09:14:27Z".parse().expect("ts");
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0.5 ", now), Some(Duration::from_millis(500)));
        assert_eq!(
            parse_retry_after("Sat, 01 Aug 2026 09:14:37 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sat, 01 Aug 2026 09:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1e300", now), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("NaN", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn ratelimit_reset_is_an_epoch() {
        let now: jiff::Timestamp = "2026-08-01T09:14:27.250Z".parse().expect("ts");
        let epoch = now.as_second() + 41;
        assert_eq!(
            parse_reset(&epoch.to_string(), now),
            Some(Duration::from_millis(40_750))
        );
        assert_eq!(parse_reset("1000", now), Some(Duration::ZERO));
        assert_eq!(parse_reset("soon", now), None);
    }

    #[test]
    fn ids_cannot_escape_the_path() {
        assert!(path_segment("../etc").is_err());
        assert!(path_segment("a/b").is_err());
        assert!(path_segment("").is_err());
        assert!(path_segment("66b1f0c2a9e4d31b7c0f5a12").is_ok());
    }
}
