//! One request on the wire and its answer: ids checked before they enter a path, reqwest's
//! failures as transport errors (noting whether the request left), non-2xx statuses as
//! [`ApiError`]s, bounded body reads, and the rate headers (`Retry-After`, `X-Ratelimit-*`).

use std::time::Duration;

use reqwest::{RequestBuilder, Response};
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// The longest `Retry-After` believed; more is a broken or hostile server.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

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

/// What an answer says of the rate window: requests left, the window's size, the time to its
/// reset (each when the header is there).
pub(crate) fn rate_budget(resp: &Response) -> (Option<u64>, Option<u64>, Option<Duration>) {
    let header = |name| resp.headers().get(name).and_then(|v| v.to_str().ok());
    let limit = header("x-ratelimit-limit").and_then(|v| v.trim().parse().ok());
    let (remaining, reset) = rate_window(resp);
    (remaining, limit, reset)
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
