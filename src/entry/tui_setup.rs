//! The settings the TUI and `doctor` get from the config file: key table, colours, About facts.

use std::path::PathBuf;

use super::embedded::connect;
use crate::cli::CliError;
use crate::config::{self, Service};
use crate::platform::RunningPlatform;
use crate::terminal_env;
use crate::tui;

/// What the TUI starts with, and the embedded platform to stop after it (if one was started).
pub async fn options(
    settings: &config::Settings,
    log_file: Option<PathBuf>,
    first_frame_probe: Option<tui::FirstFrameProbe>,
) -> Result<(tui::TuiOptions, Option<RunningPlatform>), CliError> {
    let service = settings
        .choice
        .resolve()
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let mut label = match &service {
        Service::Local { .. } => "local".to_string(),
        Service::Remote { base_url, .. } => config::service_label(base_url),
    };
    if let Some(profile) = &settings.profile {
        label = format!("{profile} · {label}");
    }
    let keymap = ui_keymap(settings).map_err(CliError::Usage)?;
    let start_cache = start_cache(settings, &service);
    let (client, embedded) = connect(service)
        .await
        .map_err(|e| CliError::Other(format!("{e:#}")))?;
    let options = tui::TuiOptions {
        client,
        service: label,
        read_only: settings.read_only,
        log_file,
        first_frame_probe,
        keymap,
        image: settings.image,
        clipboard: settings.clipboard,
        poll_interval: settings.poll_interval,
        colours: ui_colours(settings),
        about: about_facts(settings),
        resume_dir: config::resume_dir(settings.choice.data_dir.as_deref()),
        upload_concurrency: settings.upload_concurrency as usize,
        verify_chunks: settings.verify_chunks,
        refresh_every: settings.refresh,
        read_ahead: settings.read_ahead,
        start_cache,
        preview: tui::PreviewSetup::new(
            settings.ffmpeg.as_deref(),
            crate::frames::cache::default_dir(),
            settings.preview_cache_mb,
        ),
        preview_grid: settings.preview_grid,
    };
    Ok((options, embedded))
}

/// The start cache for this service and key, in the user's cache dir; none when turned off
/// (`start_cache_max_age_secs = 0`) or when no cache dir is known.
fn start_cache(settings: &config::Settings, service: &Service) -> Option<tui::StartCache> {
    let max_age = settings.start_cache_max_age?;
    let dir = config::cache_dir()?;
    let (id, key) = match service {
        Service::Local { data_dir } => (format!("local:{}", data_dir.display()), None),
        Service::Remote { base_url, key } => (base_url.trim_end_matches('/').to_string(), Some(key.expose())),
    };
    Some(tui::StartCache::new(dir, id, key, max_age))
}

/// The TUI's key table: the defaults with the config file's `[keymap]` merged on top. A mistake
/// is reported like any other of the config file: file, line and key.
pub fn ui_keymap(settings: &config::Settings) -> Result<tui::Keymap, String> {
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
pub fn ui_colours(settings: &config::Settings) -> Option<(ratatui::style::Color, ratatui::style::Color)> {
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
pub fn about_facts(settings: &config::Settings) -> Vec<(String, String)> {
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
pub fn doctor_environment(settings: &config::Settings) -> Vec<(String, String)> {
    use std::io::IsTerminal;
    let query = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let mut facts = tui::describe_surroundings(settings.image, settings.clipboard, query);
    facts.extend(
        about_facts(settings)
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "base URL" | "API key" | "ffmpeg" | "local data dir")),
    );
    facts.push(("preview ffmpeg".to_string(), preview_ffmpeg(settings)));
    facts
}

/// The ffmpeg the preview uses and its version, or why there is none.
fn preview_ffmpeg(settings: &config::Settings) -> String {
    match crate::frames::Ffmpeg::locate(settings.ffmpeg.as_deref()) {
        Ok(ff) => match ff.version() {
            Some(v) => format!("{} ({v})", ff.path.display()),
            None => format!("{} (does not run: `ffmpeg -version` failed)", ff.path.display()),
        },
        Err(e) => e,
    }
}
