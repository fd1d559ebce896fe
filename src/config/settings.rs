//! Merging the sources of settings: flags > environment > profile > defaults. Flags and the
//! environment arrive together (clap reads both); the config file and its chosen profile fill
//! what they left open.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::ServiceChoice;
use super::file::{ConfigFile, ConfigFileError, ThemeColors, semantic_error};
pub(crate) use super::key_command::run_key_command;
#[cfg(test)]
use super::key_command::run_key_command_within;
use crate::terminal_env::{ClipboardMode, EnvMap, ImageMode};

/// What flags and the environment said (before the config file is consulted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlagInputs {
    pub choice: ServiceChoice,
    /// `--profile` or `TL_ASSETS_PROFILE`.
    pub profile: Option<String>,
    pub read_only: bool,
}

/// Where the API key came from, for the About screen (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `--api-key` or `TWELVE_LABS_API_KEY`.
    FlagOrEnv,
    /// The environment variable a profile names.
    ProfileEnv(String),
    /// A profile's command.
    ProfileCommand,
    None,
}

/// Everything the commands and the TUI need, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub choice: ServiceChoice,
    pub key_source: KeySource,
    /// The profile in use, if any.
    pub profile: Option<String>,
    pub read_only: bool,
    pub image: ImageMode,
    pub clipboard: ClipboardMode,
    /// `None`: the client's default.
    pub poll_interval: Option<Duration>,
    pub upload_concurrency: u32,
    /// Check every multipart chunk's ETag (else only where the transport does not protect it).
    pub verify_chunks: bool,
    /// How often the TUI reads page 1 again while idle; `None`: never (`refresh_secs = 0`).
    pub refresh: Option<Duration>,
    /// How old a saved listing the TUI still shows at start; `None`: no start cache
    /// (`start_cache_max_age_secs = 0`).
    pub start_cache_max_age: Option<Duration>,
    /// Rows the TUI reads ahead of the selection while idle; 0: off.
    pub read_ahead: usize,
    pub theme: ThemeColors,
    /// The user's keymap overrides as TOML text, for `Keymap::from_toml_with_overrides`.
    pub keymap_overrides: Option<String>,
    /// The config file that was read, if one was.
    pub config_file: Option<PathBuf>,
    /// The preview's storyboard at most (columns, rows).
    pub preview_grid: (u16, u16),
    /// Megabytes of preview frames kept on disk.
    pub preview_cache_mb: u64,
    /// The ffmpeg the config names; `None`: the first on PATH.
    pub ffmpeg: Option<PathBuf>,
}

/// Seconds between the TUI's re-reads of page 1 when the config does not say.
pub const DEFAULT_REFRESH_SECS: u64 = 30;

/// How old (seconds) a saved listing may be to be shown at start when the config does not say.
pub const DEFAULT_START_CACHE_MAX_AGE_SECS: u64 = 7 * 86_400;

/// Rows the TUI reads ahead when the config does not say.
pub const DEFAULT_READ_AHEAD: usize = 5;

/// Uploads sent at once when the config does not say.
pub const DEFAULT_UPLOAD_CONCURRENCY: u32 = 2;

/// Runs a key command; returns its first output line or why it failed.
pub type KeyCommand<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Merges flags/env, the config file (with its text for error lines) and the chosen profile.
pub fn resolve(
    flags: &FlagInputs,
    file: Option<(&Path, &ConfigFile, &str)>,
    env: &EnvMap,
    run_key_command: KeyCommand<'_>,
) -> Result<Settings, ConfigFileError> {
    let mut s = Settings {
        choice: flags.choice.clone(),
        key_source: KeySource::None,
        profile: None,
        read_only: flags.read_only,
        image: ImageMode::Auto,
        clipboard: ClipboardMode::Auto,
        poll_interval: None,
        upload_concurrency: DEFAULT_UPLOAD_CONCURRENCY,
        verify_chunks: false,
        refresh: Some(Duration::from_secs(DEFAULT_REFRESH_SECS)),
        start_cache_max_age: Some(Duration::from_secs(DEFAULT_START_CACHE_MAX_AGE_SECS)),
        read_ahead: DEFAULT_READ_AHEAD,
        theme: ThemeColors::default(),
        keymap_overrides: None,
        config_file: None,
        preview_grid: (3, 3),
        preview_cache_mb: crate::frames::cache::DEFAULT_MB,
        ffmpeg: None,
    };
    if has_text(&s.choice.api_key) {
        s.key_source = KeySource::FlagOrEnv;
    }
    let Some((path, cfg, text)) = file else {
        if let Some(name) = &flags.profile {
            return Err(ConfigFileError {
                path: PathBuf::from("(none)"),
                line: None,
                column: None,
                key: None,
                message: format!("--profile {name} was given but no config file exists"),
            });
        }
        return Ok(s);
    };
    s.config_file = Some(path.to_path_buf());
    let err = |table: Option<&str>, key: &str, msg: String| semantic_error(path, text, table, key, msg);
    s.read_only |= cfg.read_only.unwrap_or(false);
    s.image = cfg.image.unwrap_or_default();
    s.verify_chunks = cfg.verify_chunks.unwrap_or(false);
    s.clipboard = cfg.clipboard.unwrap_or_default();
    if let Some(secs) = cfg.poll_interval_secs {
        if !(secs.is_finite() && secs > 0.0 && secs <= 3600.0) {
            return Err(err(
                None,
                "poll_interval_secs",
                "must be a number of seconds in (0, 3600]".into(),
            ));
        }
        s.poll_interval = Some(Duration::from_secs_f64(secs));
    }
    if let Some(n) = cfg.upload_concurrency {
        if !(1..=16).contains(&n) {
            return Err(err(None, "upload_concurrency", "must be between 1 and 16".into()));
        }
        s.upload_concurrency = n;
    }
    if let Some(secs) = cfg.refresh_secs {
        if secs > 86_400 {
            return Err(err(
                None,
                "refresh_secs",
                "must be a number of seconds from 0 (off) to 86400".into(),
            ));
        }
        s.refresh = (secs > 0).then(|| Duration::from_secs(secs));
    }
    if let Some(secs) = cfg.start_cache_max_age_secs {
        if secs > 90 * 86_400 {
            return Err(err(
                None,
                "start_cache_max_age_secs",
                "must be a number of seconds from 0 (off) to 7776000 (90 days)".into(),
            ));
        }
        s.start_cache_max_age = (secs > 0).then(|| Duration::from_secs(secs));
    }
    match cfg.read_ahead {
        Some(n) if n > 10 => return Err(err(None, "read_ahead", "must be from 0 (off) to 10 rows".into())),
        Some(n) => s.read_ahead = n,
        None => {}
    }
    if let Some(grid) = &cfg.preview_grid {
        s.preview_grid = parse_grid(grid).ok_or_else(|| {
            err(
                None,
                "preview_grid",
                "must be COLUMNSxROWS, each 1 to 8, e.g. \"3x3\"".into(),
            )
        })?;
    }
    if let Some(mb) = cfg.preview_cache_mb {
        if mb > 1_048_576 {
            return Err(err(
                None,
                "preview_cache_mb",
                "must be from 0 (keep none) to 1048576".into(),
            ));
        }
        s.preview_cache_mb = mb;
    }
    s.ffmpeg = cfg.ffmpeg.clone().filter(|p| !p.as_os_str().is_empty());
    s.theme = cfg.theme.clone();
    for (key, value) in [("accent", &s.theme.accent), ("dim", &s.theme.dim)] {
        if let Some(v) = value
            && v.parse::<ratatui::style::Color>().is_err()
        {
            return Err(err(Some("theme"), key, format!("unknown colour {v:?}")));
        }
    }
    if let Some(table) = &cfg.keymap {
        // Checked against the actions by the TUI when it builds its keymap (config knows no TUI).
        s.keymap_overrides = Some(toml::to_string(table).map_err(|e| err(None, "keymap", e.to_string()))?);
    }
    let (name, named_by_flag) = match (&flags.profile, &cfg.default_profile) {
        (Some(p), _) => (p.clone(), true),
        (None, Some(p)) => (p.clone(), false),
        (None, None) => return Ok(s),
    };
    let Some(profile) = cfg.profiles.get(&name) else {
        let known: Vec<&str> = cfg.profiles.keys().map(String::as_str).collect();
        let msg = format!("no profile named {name:?} (profiles: {})", list_or_none(&known));
        return Err(if named_by_flag {
            ConfigFileError {
                path: path.to_path_buf(),
                line: None,
                column: None,
                key: Some("profiles".into()),
                message: msg,
            }
        } else {
            err(None, "default_profile", msg)
        });
    };
    let table = format!("profiles.{name}");
    s.profile = Some(name.clone());
    s.read_only |= profile.read_only.unwrap_or(false);
    if !s.choice.local && !has_text(&s.choice.base_url) && profile.local == Some(true) {
        s.choice.local = true;
    }
    if s.choice.data_dir.is_none() {
        s.choice.data_dir = profile.data_dir.clone();
    }
    if !has_text(&s.choice.base_url) {
        s.choice.base_url = profile.base_url.clone();
    }
    if !has_text(&s.choice.api_key) && !s.choice.local {
        match (&profile.api_key_env, &profile.api_key_command) {
            (Some(_), Some(_)) => {
                return Err(err(
                    Some(&table),
                    "api_key_command",
                    "give api_key_env or api_key_command, not both".into(),
                ));
            }
            (Some(var), None) => {
                let value = env.get(var).ok_or_else(|| {
                    err(
                        Some(&table),
                        "api_key_env",
                        format!("the environment variable {var} is not set"),
                    )
                })?;
                s.choice.api_key = Some(value.to_string());
                s.key_source = KeySource::ProfileEnv(var.clone());
            }
            (None, Some(cmd)) => {
                let key = run_key_command(cmd).map_err(|e| {
                    err(
                        Some(&table),
                        "api_key_command",
                        format!("the key command failed: {e}"),
                    )
                })?;
                s.choice.api_key = Some(key);
                s.key_source = KeySource::ProfileCommand;
            }
            (None, None) => {}
        }
    }
    Ok(s)
}

/// `"3x3"` → (3, 3); each side 1 to 8.
pub fn parse_grid(text: &str) -> Option<(u16, u16)> {
    let text = text.trim().to_ascii_lowercase();
    let (c, r) = text.split_once('x')?;
    let (c, r): (u16, u16) = (c.trim().parse().ok()?, r.trim().parse().ok()?);
    ((1..=8).contains(&c) && (1..=8).contains(&r)).then_some((c, r))
}

impl Settings {
    /// Facts for the About screen and `doctor`: config file, profile, service, key presence.
    /// Never the key itself.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let key = match (&self.key_source, self.choice.local) {
            (_, true) => "not used (local platform)".to_string(),
            (KeySource::FlagOrEnv, _) => "set (--api-key or TWELVE_LABS_API_KEY)".to_string(),
            (KeySource::ProfileEnv(var), _) => format!("set (from ${var})"),
            (KeySource::ProfileCommand, _) => "set (from the profile's command)".to_string(),
            (KeySource::None, _) => "not set".to_string(),
        };
        let base_url = match (
            &self.choice.base_url,
            self.choice.local || !has_text(&self.choice.api_key),
        ) {
            (_, true) => "local platform (embedded)".to_string(),
            (Some(u), false) => u.clone(),
            (None, false) => crate::api::DEFAULT_BASE_URL.to_string(),
        };
        let data_dir = self.choice.data_dir.clone().or_else(super::default_data_dir);
        vec![
            (
                "config file",
                self.config_file
                    .as_ref()
                    .map_or("none (defaults)".to_string(), |p| p.display().to_string()),
            ),
            (
                "profile",
                self.profile.clone().unwrap_or_else(|| "none".to_string()),
            ),
            ("base URL", base_url),
            ("API key", key),
            (
                "local data dir",
                data_dir.map_or("unknown".to_string(), |d| d.display().to_string()),
            ),
        ]
    }
}

fn has_text(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

fn list_or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// Finds and reads the config file (see [`super::file::config_path`]) and resolves the settings.
pub fn load(
    flags: &FlagInputs,
    config_flag: Option<&Path>,
    env: &EnvMap,
) -> Result<Settings, ConfigFileError> {
    let located = super::file::config_path(config_flag, env);
    let loaded = match &located {
        Some((path, named)) => super::file::load(path, *named)?,
        None => None,
    };
    match (&loaded, &located, &flags.profile) {
        (None, Some((path, _)), Some(name)) => Err(ConfigFileError {
            path: path.clone(),
            line: None,
            column: None,
            key: None,
            message: format!("--profile {name} was given, but this file does not exist"),
        }),
        (Some((cfg, text)), Some((path, _)), _) => {
            resolve(flags, Some((path, cfg, text)), env, &run_key_command)
        }
        _ => resolve(flags, None, env, &run_key_command),
    }
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
