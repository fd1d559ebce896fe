//! Entry point: parse the command line, pick the service (real or embedded local platform), and
//! run the TUI, a one-shot command, or the platform as a server.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Parser;
use tl_assets::api::{ApiKey, Client};
use tl_assets::cli::{self, Cli, Command, ServeArgs};
use tl_assets::config::{self, FlagInputs, Service, ServiceChoice, settings};
use tl_assets::platform::{self, PlatformConfig, RunningPlatform};
use tl_assets::terminal_env::{self, EnvMap};
use tl_assets::{samples, tui};

/// Name of the TUI's log file in the log directory.
const LOG_FILE: &str = "tl-assets.log";

/// Processing delay of the embedded platform: short, so a fresh user sees `ready` quickly.
const EMBEDDED_PROCESSING_DELAY: Duration = Duration::from_millis(500);

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli, started)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli, started: std::time::Instant) -> Result<ExitCode> {
    let flags = FlagInputs {
        choice: ServiceChoice {
            api_key: cli.api_key.clone(),
            base_url: cli.base_url.clone(),
            local: cli.local,
            data_dir: cli.data_dir.clone(),
        },
        profile: cli.profile.clone(),
        read_only: cli.read_only,
    };
    // Loading may run the profile's key command: on a blocking thread, not the runtime's.
    let loaded = {
        let (flags, config) = (flags.clone(), cli.config.clone());
        tokio::task::spawn_blocking(move || {
            settings::load(&flags, config.as_deref(), &EnvMap::from_process())
        })
        .await?
    };
    let settings = match loaded {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let choice = settings.choice.clone();
    match cli.command {
        Some(Command::Serve(args)) => {
            init_stderr_logging(cli.debug, "info");
            serve(&choice, &args).await
        }
        Some(Command::Completions(args)) => {
            cli::print_completions(args.shell);
            Ok(ExitCode::SUCCESS)
        }
        Some(command) => {
            init_stderr_logging(cli.debug, "warn");
            let service = match choice.resolve() {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let ctx = cli::CliContext {
                read_only: settings.read_only,
                local: matches!(service, Service::Local { .. }),
                key_set: choice.api_key.as_deref().is_some_and(|k| !k.trim().is_empty()),
                data_dir: match &service {
                    Service::Local { data_dir } => Some(data_dir.clone()),
                    Service::Remote { .. } => None,
                },
                resume_dir: config::resume_dir(choice.data_dir.as_deref()),
                verify_chunks: settings.verify_chunks,
                log_file: config::log_dir().map(|d| d.join(LOG_FILE)),
                environment: if matches!(command, Command::Doctor(_)) {
                    doctor_environment(&settings)
                } else {
                    Vec::new()
                },
            };
            let (client, embedded) = connect(service).await?;
            let result = cli::run(command, &client, &ctx).await;
            if let Some(p) = embedded {
                p.shutdown().await;
            }
            Ok(match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{}", e.report());
                    e.exit_code()
                }
            })
        }
        None => {
            let log_file = init_file_logging(cli.debug);
            let service = choice.resolve()?;
            let mut label = match &service {
                Service::Local { .. } => "local".to_string(),
                Service::Remote { base_url, .. } => config::service_label(base_url),
            };
            if let Some(profile) = &settings.profile {
                label = format!("{profile} · {label}");
            }
            let keymap = match ui_keymap(&settings) {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let (client, embedded) = connect(service).await?;
            let options = tui::TuiOptions {
                client,
                service: label,
                read_only: settings.read_only,
                log_file,
                first_frame_probe: cli
                    .bench_first_frame
                    .map(|file| tui::FirstFrameProbe { started, file }),
                keymap,
                image: settings.image,
                clipboard: settings.clipboard,
                poll_interval: settings.poll_interval,
                colours: ui_colours(&settings),
                about: about_facts(&settings),
                resume_dir: config::resume_dir(choice.data_dir.as_deref()),
                upload_concurrency: settings.upload_concurrency as usize,
                verify_chunks: settings.verify_chunks,
            };
            let result = tui::run(options).await;
            if let Some(p) = embedded {
                p.shutdown().await;
            }
            result.map(|()| ExitCode::SUCCESS)
        }
    }
}

/// The TUI's key table: the defaults with the config file's `[keymap]` merged on top. A mistake
/// is reported like any other of the config file: file, line and key.
fn ui_keymap(settings: &config::Settings) -> Result<tui::Keymap, String> {
    tui::Keymap::from_toml_with_overrides(tui::DEFAULT_KEYMAP, settings.keymap_overrides.as_deref()).map_err(
        |e| match &settings.config_file {
            Some(path) => keymap_error_in(path, &e).to_string(),
            None => e.to_string(),
        },
    )
}

/// Where in the config file a keymap mistake is: the action's line, else its section's header.
fn keymap_error_in(path: &std::path::Path, e: &tui::KeymapError) -> config::ConfigFileError {
    // The file was read moments ago to build the settings; unreadable now, the line is unknown.
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let section = e.section.as_deref().map(|s| format!("keymap.{s}"));
    let (table, key) = match (&section, &e.action) {
        (Some(t), Some(a)) => (Some(t.as_str()), a.as_str()),
        (Some(t), None) => (Some(t.as_str()), ""),
        (None, _) => (None, "keymap"),
    };
    let mut error = config::file::semantic_error(path, &text, table, key, e.message.clone());
    if key.is_empty() {
        error.key = section;
    }
    error
}

/// The theme colours of the config file (checked when it was read), if any is set.
fn ui_colours(settings: &config::Settings) -> Option<(ratatui::style::Color, ratatui::style::Color)> {
    use ratatui::style::Color;
    let t = &settings.theme;
    if t.accent.is_none() && t.dim.is_none() {
        return None;
    }
    let parse =
        |v: &Option<String>, default: Color| v.as_deref().and_then(|c| c.parse().ok()).unwrap_or(default);
    Some((parse(&t.accent, Color::Cyan), parse(&t.dim, Color::DarkGray)))
}

/// The About facts main knows: config, profile, service, key presence (never the key), ffmpeg.
fn about_facts(settings: &config::Settings) -> Vec<(String, String)> {
    let mut facts: Vec<(String, String)> = settings
        .describe()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let ffmpeg = if terminal_env::on_path("ffmpeg") {
        "found"
    } else {
        "not found (no video thumbnails)"
    };
    facts.push(("ffmpeg".to_string(), ffmpeg.to_string()));
    facts
}

/// What `doctor` reports beyond the service: the terminal as the UI would see it (the same facts
/// as its About section) and the settings, minus what `doctor` prints itself.
fn doctor_environment(settings: &config::Settings) -> Vec<(String, String)> {
    use std::io::IsTerminal;
    let query = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let mut facts = tui::describe_surroundings(settings.image, settings.clipboard, query);
    facts.extend(
        about_facts(settings)
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "base URL" | "API key" | "ffmpeg" | "local data dir")),
    );
    facts
}

/// A client for the chosen service; for the local platform, also the running platform to stop.
async fn connect(service: Service) -> Result<(Client, Option<RunningPlatform>)> {
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
async fn seed(running: &RunningPlatform, data_dir: &Path) {
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

/// `serve`: runs the platform until Ctrl-C or SIGTERM. First stdout line: the base URL.
async fn serve(choice: &ServiceChoice, args: &ServeArgs) -> Result<ExitCode> {
    let data_dir = match &choice.data_dir {
        Some(d) => d.clone(),
        None => config::default_data_dir().context("no data directory: pass --data-dir")?,
    };
    let (key, generated) = match choice.api_key.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => (k.to_string(), false),
        None => (random_key(), true),
    };
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "WARNING: listening on {} exposes the local platform beyond this machine; \
             anyone who learns the API key can read and delete your assets.",
            args.addr
        );
    }
    if !args.processing_delay.is_finite() || args.processing_delay < 0.0 {
        eprintln!("error: --processing-delay must be a number of seconds ≥ 0");
        return Ok(ExitCode::from(2));
    }
    let mut config = PlatformConfig::new(data_dir.clone(), key.clone());
    config.rate_limit = match args.rate_limit.trim() {
        "off" | "none" | "0" => None,
        spec => match spec.parse() {
            Ok(limit) => Some(limit),
            Err(e) => {
                eprintln!("error: --rate-limit {spec:?}: {e}");
                return Ok(ExitCode::from(2));
            }
        },
    };
    if let Some(spec) = &args.faults {
        match spec.parse() {
            Ok(faults) => config.faults = Some(faults),
            Err(e) => {
                eprintln!("error: --faults {spec:?}: {e}");
                return Ok(ExitCode::from(2));
            }
        }
    }
    config.addr = args.addr;
    config.processing_delay = Duration::from_secs_f64(args.processing_delay);
    let running = platform::start(config)
        .await
        .with_context(|| format!("starting the local platform in {}", data_dir.display()))?;
    // Written without `println!`: a reader that goes away after the first line (a script that
    // only wanted the URL) must not make the server panic on a closed pipe.
    let mut banner = format!("tl-assets local platform listening on {}\n", running.base_url());
    if generated {
        banner.push_str(&format!(
            "x-api-key: {key} (generated for this run; pass --api-key to choose one)\n"
        ));
    }
    banner.push_str(&format!("data dir: {}\n", data_dir.display()));
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        if out
            .write_all(banner.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            tracing::warn!("stdout is closed; serving on {}", running.base_url());
        }
    }
    if args.seed_samples {
        seed(&running, &data_dir).await;
    }
    wait_for_shutdown_signal().await;
    tracing::info!("shutting down");
    running.shutdown().await;
    Ok(ExitCode::SUCCESS)
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

/// A fresh random key for an embedded platform that only this process talks to.
fn random_key() -> String {
    let bytes: [u8; 16] = rand::random();
    format!("tlk_local_{}", hex::encode(bytes))
}

/// Logs of one-shot commands and `serve` go to stderr.
fn init_stderr_logging(debug: bool, default_level: &str) {
    let level = if debug { "debug" } else { default_level };
    let filter = tracing_subscriber::EnvFilter::try_from_env("TL_ASSETS_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("tl_assets={level},symphonia=error,warn"))
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The TUI logs to a file, never to the terminal it draws on. Returns the file's path.
fn init_file_logging(debug: bool) -> Option<PathBuf> {
    let dir = config::log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(LOG_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let level = if debug { "debug" } else { "info" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("TL_ASSETS_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("tl_assets={level},symphonia=error,warn"))
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init()
        .ok()?;
    Some(path)
}
