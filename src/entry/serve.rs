//! `tl-assets serve`: the local platform alone, until Ctrl-C or SIGTERM.

use std::process::ExitCode;

use anyhow::{Context, Result};

use super::embedded::{random_key, seed};
use crate::cli::{self, ServeArgs};
use crate::config::{self, ServiceChoice};
use crate::platform::{self, PlatformConfig};

/// `serve`: runs the platform until Ctrl-C or SIGTERM. First stdout line: the base URL. With
/// `read_only` every write is refused.
pub async fn serve(choice: &ServiceChoice, args: &ServeArgs, read_only: bool) -> Result<ExitCode> {
    let data_dir = match &choice.data_dir {
        Some(d) => d.clone(),
        None => config::default_data_dir().context("no data directory: pass --data-dir")?,
    };
    let (key, generated) = match choice.api_key.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => (k.to_string(), false),
        None => (random_key(), true),
    };
    if !args.addr.ip().is_loopback() {
        cli::output::note(format!(
            "WARNING: listening on {} exposes the local platform beyond this machine; \
             anyone who learns the API key can read and delete your assets.",
            args.addr
        ));
    }
    let mut config = PlatformConfig::new(data_dir.clone(), key.clone());
    config.rate_limit = args.rate_limit.0;
    config.faults = args.faults.clone();
    config.addr = args.addr;
    config.processing_delay = args.processing_delay;
    config.read_only = read_only;
    config.allow_private_urls = args.allow_private_urls.then_some(true);
    let running = platform::start(config)
        .await
        .with_context(|| format!("starting the local platform in {}", data_dir.display()))?;
    let mut banner = format!("tl-assets local platform listening on {}\n", running.base_url());
    if read_only {
        banner.push_str("read-only: every upload, delete and metadata change is refused\n");
    }
    if generated {
        banner.push_str(&format!(
            "x-api-key: {key} (generated for this run; pass --api-key to choose one)\n"
        ));
    }
    banner.push_str(&format!("rate limit: {}\n", rate_limit_text(args)));
    if let Some(faults) = &args.faults {
        banner.push_str(&format!("faults: {faults}\n"));
    }
    banner.push_str(&format!("data dir: {}\n", data_dir.display()));
    // A reader that goes away after the first line (a script that only wanted the URL) must not
    // stop the server.
    if cli::output::stdout().write_all(banner.as_bytes()).is_err() {
        tracing::warn!("stdout is closed; serving on {}", running.base_url());
    }
    if args.seed_samples {
        seed(&running, &data_dir).await;
    }
    wait_for_shutdown_signal().await;
    tracing::info!("shutting down");
    running.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

/// `60 per 60s on POST /assets (per key)`, or `off`.
fn rate_limit_text(args: &ServeArgs) -> String {
    match args.rate_limit.0 {
        Some(limit) => format!(
            "{} per {}s on POST /assets (per key)",
            limit.requests,
            limit.window.as_secs_f64()
        ),
        None => "off".into(),
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn wait_for_shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
