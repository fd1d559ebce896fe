//! `doctor`: what this command line sees, for bug reports and first-run trouble. Never prints
//! the key, only whether one is set.

use std::path::PathBuf;

use serde::Serialize;

use crate::api::Client;
use crate::cli::{CliContext, CliError, output, output::render};
use crate::format;

/// The report (also its `--json` shape).
#[derive(Debug, Serialize)]
struct Report {
    base_url: String,
    service: &'static str,
    api_key: &'static str,
    reachable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latency_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform_data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resume_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ffmpeg: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    log_file: Option<PathBuf>,
    /// Terminal, config and settings facts.
    environment: std::collections::BTreeMap<String, String>,
}

pub async fn run(client: &Client, ctx: &CliContext, json: bool) -> Result<(), CliError> {
    let probe = client.probe().await;
    let mut report = Report {
        base_url: client.base_url().to_string(),
        service: if ctx.local {
            "embedded local platform"
        } else {
            "remote"
        },
        api_key: match (ctx.local, ctx.key_set) {
            (true, _) => "generated for this run (local platform)",
            (false, true) => "set",
            (false, false) => "not set",
        },
        reachable: false,
        http_status: None,
        latency_ms: None,
        api_version: None,
        error: None,
        platform_data_dir: ctx.data_dir.clone().filter(|_| ctx.local),
        resume_dir: ctx.resume_dir.clone(),
        ffmpeg: crate::terminal_env::find_in_path("ffmpeg", std::env::var("PATH").ok().as_deref()),
        log_file: ctx.log_file.clone(),
        environment: ctx.environment.iter().cloned().collect(),
    };
    match &probe {
        Ok(p) => {
            report.reachable = true;
            report.http_status = Some(p.status);
            report.latency_ms = Some((p.latency.as_secs_f64() * 1e5).round() / 100.0);
            report.api_version = p.api_version.clone();
        }
        Err(e) => report.error = Some(format!("{}: {}", e.code(), e.message())),
    }
    if json {
        render::print_json(&report)?;
    } else {
        print_human(&report, &ctx.environment)?;
    }
    match probe {
        Err(e) => Err(e.into()),
        Ok(_) if !ctx.local && !ctx.key_set => Err(CliError::Other(format!(
            "no API key is set for {}: set TWELVE_LABS_API_KEY or --api-key",
            client.base_url()
        ))),
        Ok(_) => Ok(()),
    }
}

/// The report for people; `environment` in its own order (the JSON map sorts it).
fn print_human(r: &Report, environment: &[(String, String)]) -> Result<(), CliError> {
    let shown = |p: &Option<PathBuf>| match p {
        Some(p) => p.display().to_string(),
        None => "(none)".into(),
    };
    let reach = match (r.reachable, r.http_status, r.latency_ms) {
        (true, Some(s), Some(ms)) => format!("yes (HTTP {s}, {ms:.1} ms)"),
        _ => format!("no ({})", r.error.as_deref().unwrap_or("unknown")),
    };
    let lines = [
        ("base URL", r.base_url.clone()),
        ("service", r.service.to_string()),
        ("API key", r.api_key.to_string()),
        ("reachable", reach),
        (
            "X-Api-Version",
            r.api_version.clone().unwrap_or_else(|| "(not sent)".into()),
        ),
        ("platform data dir", shown(&r.platform_data_dir)),
        ("resume dir", shown(&r.resume_dir)),
        (
            "ffmpeg",
            r.ffmpeg
                .as_ref()
                .map_or("not found on PATH".into(), |p| p.display().to_string()),
        ),
        ("log file", shown(&r.log_file)),
    ];
    let mut out = output::stdout();
    // Server headers, environment variables and paths are shown, never obeyed.
    for (k, v) in lines {
        writeln!(out, "{k:<18} {}", format::printable(&v))?;
    }
    for (k, v) in environment {
        writeln!(out, "{:<18} {}", format::printable(k), format::printable(v))?;
    }
    Ok(())
}
