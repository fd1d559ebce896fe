//! Creating an asset so that it always ends created once: the rule of `retry.rs` applied to
//! `POST /assets`. A rate limit closes the client's shared gate and is waited out; an answer
//! that may mean the server processed the request is reconciled (the asset that attempt
//! created is looked up and adopted) before anything is sent again.

use std::collections::HashSet;
use std::future::Future;

use tokio::time::Instant;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::rate_gate::RateGate;
use crate::api::retry::{Recovery, RetryPolicy, recovery};
use crate::api::types::{Asset, ListAssetsQuery};
use crate::api::upload::request::{CreateAsset, ProgressFn, stored_name};
use crate::api::upload::wait::{WaitFn, back_off, wait_for_gate};

impl Client {
    /// `POST /assets` until it is created once: rate limits waited out (with every other upload
    /// of this client), connect failures retried, and a possibly processed attempt reconciled
    /// first. `size` is the file's, when known, to match a reconciled asset.
    pub(crate) async fn create_recovering(
        &self,
        req: &CreateAsset,
        size: Option<u64>,
        progress: Option<ProgressFn>,
        deadline: Instant,
        on_wait: Option<&WaitFn>,
    ) -> Result<Asset, ApiError> {
        let name = stored_name(req);
        let steps = Steps {
            policy: self.retry,
            gate: &self.gate,
            deadline,
            on_wait,
        };
        let asset = steps
            .create_once(
                || self.create_attempt(req, progress.clone()),
                |began| self.find_created(&name, size, began),
            )
            .await?;
        self.remember_created(&asset.id);
        Ok(asset)
    }

    /// The asset an attempt begun at `began` created, if the service has one: the same stored
    /// name, created no earlier than that second, the same size where both are known, and not
    /// one this client already created or adopted.
    async fn find_created(
        &self,
        name: &str,
        size: Option<u64>,
        began: jiff::Timestamp,
    ) -> Result<Option<Asset>, ApiError> {
        let query = ListAssetsQuery {
            page_limit: Some(50),
            filename: Some(name.to_string()),
            ..Default::default()
        };
        let page = self.list_assets(&query).await?;
        let known = self.created.lock().map(|s| s.clone()).unwrap_or_default();
        Ok(page
            .data
            .into_iter()
            .find(|a| may_have_created(a, name, size, began, &known)))
    }

    fn remember_created(&self, id: &str) {
        if let Ok(mut set) = self.created.lock() {
            set.insert(id.to_string());
        }
    }
}

/// The loop of a create, apart from HTTP so that its rule can be tested on virtual time.
struct Steps<'a> {
    policy: RetryPolicy,
    gate: &'a RateGate,
    deadline: Instant,
    on_wait: Option<&'a WaitFn>,
}

impl Steps<'_> {
    /// Calls `attempt` until it creates the asset; after an answer that may mean it did,
    /// `find(began)` looks for it first (`Some`: adopted, nothing sent again).
    async fn create_once<A, AF, F, FF>(&self, mut attempt: A, mut find: F) -> Result<Asset, ApiError>
    where
        A: FnMut() -> AF,
        AF: Future<Output = Result<Asset, ApiError>>,
        F: FnMut(jiff::Timestamp) -> FF,
        FF: Future<Output = Result<Option<Asset>, ApiError>>,
    {
        let mut retries = 0;
        let mut rate_waits = 0;
        // Set while an attempt that began then may have created the asset.
        let mut unsure: Option<jiff::Timestamp> = None;
        loop {
            if let Some(began) = unsure {
                match find(began).await {
                    Ok(Some(asset)) => {
                        tracing::info!(id = %asset.id, "adopted the asset an interrupted attempt created");
                        return Ok(asset);
                    }
                    Ok(None) => unsure = None,
                    // Never send blind: look again after a backoff, until the deadline.
                    Err(e) if e.is_transient() => {
                        retries += 1;
                        back_off(self.policy.backoff(retries - 1), e, self.deadline, self.on_wait).await?;
                        continue;
                    }
                    Err(e) => return Err(e),
                }
            }
            wait_for_gate(self.gate, self.deadline, self.on_wait).await?;
            let began = jiff::Timestamp::now();
            let error = match attempt().await {
                Ok(asset) => return Ok(asset),
                Err(e) => e,
            };
            match recovery(&error, false) {
                Recovery::WaitForRateLimit(server) => {
                    let wait = self.policy.rate_wait(rate_waits, server);
                    rate_waits += 1;
                    if Instant::now() + wait > self.deadline {
                        return Err(error);
                    }
                    tracing::debug!(?wait, "rate limited: waiting for the reset");
                    self.gate.close_for(wait);
                }
                // An upload is retried until its deadline, not a number of times: a batch left
                // to run must get through a bad minute of the service (back_off gives up once
                // the next wait would pass the deadline).
                r @ (Recovery::Backoff | Recovery::Reconcile) => {
                    if r == Recovery::Reconcile {
                        unsure = Some(began);
                    }
                    retries += 1;
                    let wait = self.policy.delay(retries - 1, &error);
                    back_off(wait, error, self.deadline, self.on_wait).await?;
                }
                _ => return Err(error),
            }
        }
    }
}

/// True when `asset` may be what an attempt begun at `began` created: the same stored `name`,
/// created no earlier than that second, the same size where both are known, and not `known`
/// (created or adopted before by this client).
pub(crate) fn may_have_created(
    asset: &Asset,
    name: &str,
    size: Option<u64>,
    began: jiff::Timestamp,
    known: &HashSet<String>,
) -> bool {
    asset.filename.as_deref() == Some(name)
        && !known.contains(&asset.id)
        && asset
            .created_at
            .as_deref()
            .and_then(|t| t.parse::<jiff::Timestamp>().ok())
            .is_some_and(|t| t.as_second() >= began.as_second())
        && (size.is_none() || asset.size.is_none() || asset.size == size)
}

#[cfg(test)]
#[path = "create_once_tests.rs"]
mod tests;
