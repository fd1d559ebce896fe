//! Waiting for a new asset to finish processing (`ready` or `failed`).

use std::time::Duration;

use tokio::time::Instant;

use super::client::Client;
use super::error::ApiError;
use super::types::{Asset, AssetStatus};

/// How to poll an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollOptions {
    /// Time between two retrieves.
    pub interval: Duration,
    /// Give up after this long with an error (the asset keeps processing server-side).
    pub timeout: Duration,
}

impl PollOptions {
    /// The default for a client: 5 s against the real service (as the service advises), 250 ms
    /// against a local platform on loopback; 30 minutes overall.
    pub fn for_client(client: &Client) -> Self {
        let interval = if client.is_loopback() {
            Duration::from_millis(250)
        } else {
            Duration::from_secs(5)
        };
        Self {
            interval,
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

impl Client {
    /// Polls `GET /assets/{id}` until the asset is `ready` or `failed`, calling `on_update` with
    /// each answer. A `failed` asset is returned as `Ok` (its `error.message` says why), so the
    /// caller decides how to show it. A status call is idempotent: a transient failure that
    /// outlasts the retrieve's own retries is only a missed poll, and polling goes on until the
    /// timeout.
    pub async fn wait_for_asset(
        &self,
        id: &str,
        options: PollOptions,
        mut on_update: impl FnMut(&Asset),
    ) -> Result<Asset, ApiError> {
        let started = Instant::now();
        loop {
            match self.get_asset(id).await {
                Ok(asset) => {
                    on_update(&asset);
                    if asset.status.as_ref().is_some_and(AssetStatus::is_final) {
                        return Ok(asset);
                    }
                }
                Err(e) if e.is_transient() && started.elapsed() < options.timeout => {
                    tracing::debug!(code = e.code(), "poll failed; polling on");
                }
                Err(e) => return Err(e),
            }
            if started.elapsed() >= options.timeout {
                return Err(ApiError::TimedOut(format!(
                    "asset {id} still processing after {}s; check later with `tl-assets get {id}`",
                    options.timeout.as_secs()
                )));
            }
            tokio::time::sleep(options.interval).await;
        }
    }
}
