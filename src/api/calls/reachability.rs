//! A reachability check for `doctor`: one request, no retries, timed.

use std::time::{Duration, Instant};

use reqwest::Method;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::wire::send;

/// What one probe of the service saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// HTTP status of `GET /assets?page_limit=1` (401 still proves the server is there).
    pub status: u16,
    /// Time from sending to the response headers.
    pub latency: Duration,
    /// The `X-Api-Version` response header, if any.
    pub api_version: Option<String>,
}

impl Client {
    /// Sends `GET /assets?page_limit=1` once and reports status, latency and API version,
    /// whatever the status. Fails only when no HTTP answer came back.
    pub async fn probe(&self) -> Result<Probe, ApiError> {
        let started = Instant::now();
        let resp = send(
            self.request(Method::GET, "/assets")
                .query(&[("page_limit", "1")])
                .timeout(Duration::from_secs(10)),
        )
        .await?;
        let latency = started.elapsed();
        let api_version = resp
            .headers()
            .get("x-api-version")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        Ok(Probe {
            status: resp.status().as_u16(),
            latency,
            api_version,
        })
    }
}
