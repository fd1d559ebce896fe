//! The embedded local platform: started on a free loopback port for as long as the process runs,
//! over the data dir, and seeded with the sample media on first use.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::api::{ApiKey, Client};
use crate::config::Service;
use crate::platform::{self, PlatformConfig, RunningPlatform};
use crate::samples;

/// Processing delay of the embedded platform: short, so a fresh user sees `ready` quickly.
const EMBEDDED_PROCESSING_DELAY: Duration = Duration::from_millis(500);

/// A client for the chosen service; for the local platform, also the running platform to stop.
pub async fn connect(service: Service) -> Result<(Client, Option<RunningPlatform>)> {
    match service {
        Service::Remote { base_url, key } => Ok((Client::new(&base_url, key)?, None)),
        Service::Local { data_dir } => {
            let key = random_key();
            let mut config = PlatformConfig::new(data_dir.clone(), key.clone());
            config.processing_delay = EMBEDDED_PROCESSING_DELAY;
            let running = platform::start(config)
                .await
                .with_context(|| format!("starting the local platform in {}", data_dir.display()))?;
            seed(&running, &data_dir).await;
            let client = Client::new(running.base_url(), ApiKey::new(key))?;
            Ok((client, Some(running)))
        }
    }
}

/// Seeds the sample media the first time a data dir is used; a failure only costs the samples.
pub async fn seed(running: &RunningPlatform, data_dir: &Path) {
    let dir = data_dir.join("samples");
    if let Err(e) = samples::write_to(&dir) {
        tracing::warn!("cannot write sample media to {}: {e}", dir.display());
        return;
    }
    match platform::seed_samples_once(running, &dir).await {
        Ok(0) => {}
        Ok(n) => tracing::info!("seeded {n} sample assets"),
        Err(e) => tracing::warn!("cannot seed sample media: {e}"),
    }
}

/// A fresh random key for an embedded platform that only this process talks to.
pub fn random_key() -> String {
    let bytes: [u8; 16] = rand::random();
    format!("tlk_local_{}", hex::encode(bytes))
}
