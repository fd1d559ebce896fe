//! The config file (`config.toml`): its shape, where it lives, and errors that name the file,
//! the line and the key. No file at all is normal; a file that exists must be valid.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::terminal_env::{ClipboardMode, EnvMap, ImageMode};

/// The whole file. Every field is optional; unknown keys are errors (a typo should not be
/// silently ignored).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used when `--profile` is not given.
    pub default_profile: Option<String>,
    pub image: Option<ImageMode>,
    pub clipboard: Option<ClipboardMode>,
    /// Seconds between two status polls of a processing asset.
    pub poll_interval_secs: Option<f64>,
    /// Uploads sent at the same time.
    pub upload_concurrency: Option<u32>,
    /// Hash every multipart chunk to check its ETag, even over HTTPS or loopback.
    pub verify_chunks: Option<bool>,
    /// Seconds between two re-reads of the list's first page while the TUI is idle; 0: never.
    pub refresh_secs: Option<u64>,
    /// Seconds a saved listing may be old and still be shown at start (marked as cached); 0: the
    /// TUI neither shows nor saves one.
    pub start_cache_max_age_secs: Option<u64>,
    /// Rows the TUI reads ahead of the selection while idle (one behind as well); 0: none.
    pub read_ahead: Option<usize>,
    pub read_only: Option<bool>,
    /// Columns and rows of the preview's storyboard at most, as `"3x3"`.
    pub preview_grid: Option<String>,
    /// Megabytes of preview frames kept on disk; 0: none kept.
    pub preview_cache_mb: Option<u64>,
    /// The ffmpeg program for previews (default: the first on PATH).
    pub ffmpeg: Option<PathBuf>,
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileEntry>,
    #[serde(default)]
    pub theme: ThemeColors,
    /// Key binding overrides, the same shape as the built-in keymap (`[keymap.list]` …).
    pub keymap: Option<toml::Table>,
}

/// One `[profiles.NAME]` table. The API key is never stored here: it comes from an environment
/// variable or from the output of a command (a password manager, a keyring tool).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileEntry {
    pub base_url: Option<String>,
    /// Name of the environment variable holding the key.
    pub api_key_env: Option<String>,
    /// A shell command whose first output line is the key.
    pub api_key_command: Option<String>,
    /// Use the embedded local platform.
    pub local: Option<bool>,
    /// Data directory of the local platform.
    pub data_dir: Option<PathBuf>,
    pub read_only: Option<bool>,
}

/// Colour overrides, by name (`cyan`, `darkgray`, `#ff8800`, `208`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeColors {
    /// Focused borders, titles and keys.
    pub accent: Option<String>,
    /// Unfocused borders and labels.
    pub dim: Option<String>,
}

/// A config file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFileError {
    pub path: PathBuf,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The offending key, when known.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "config file {}", self.path.display())?;
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, ", line {l}, column {c}")?,
            (Some(l), None) => write!(f, ", line {l}")?,
            _ => {}
        }
        if let Some(k) = &self.key {
            write!(f, ", key `{k}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigFileError {}

/// Where the config file is looked for: `--config`, else `TL_ASSETS_CONFIG`, else
/// `config.toml` in the OS config dir. The flag says whether the user named it (then it must
/// exist).
pub fn config_path(flag: Option<&Path>, env: &EnvMap) -> Option<(PathBuf, bool)> {
    // An empty value (`TL_ASSETS_CONFIG=`) means "not set", as for every other variable.
    if let Some(p) = flag.filter(|p| !p.as_os_str().is_empty()) {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = env.get("TL_ASSETS_CONFIG") {
        return Some((PathBuf::from(p), true));
    }
    directories::ProjectDirs::from("io", "tl-assets", "tl-assets")
        .map(|d| (d.config_dir().join("config.toml"), false))
}

/// Reads the file. A missing default file is `Ok(None)`; a missing named file is an error.
pub fn load(path: &Path, named: bool) -> Result<Option<(ConfigFile, String)>, ConfigFileError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text).map(|c| Some((c, text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => Ok(None),
        Err(e) => Err(ConfigFileError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            key: None,
            message: format!("cannot read it: {e}"),
        }),
    }
}

/// Parses the text of a file at `path` (the path is only used in errors).
pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigFileError> {
    toml::from_str::<ConfigFile>(text).map_err(|e| {
        let at = e.span().map(|s| s.start);
        let (line, column) = at.map_or((None, None), |offset| {
            let (l, c) = line_col(text, offset);
            (Some(l), Some(c))
        });
        ConfigFileError {
            path: path.to_path_buf(),
            line,
            column,
            key: at.and_then(|offset| key_at(text, offset)),
            message: e.message().to_string(),
        }
    })
}

/// An error about a key found valid by the parser but wrong in meaning (a missing profile…),
/// located at `key` (inside `table` if given), or at the table when the key is not in the file.
pub fn semantic_error(
    path: &Path,
    text: &str,
    table: Option<&str>,
    key: &str,
    message: String,
) -> ConfigFileError {
    let dotted = match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_string(),
    };
    let at = span_of(text, &dotted).or_else(|| table.and_then(|t| span_of(text, t)));
    let (line, column) = at.map_or((None, None), |offset| {
        let (l, c) = line_col(text, offset);
        (Some(l), Some(c))
    });
    ConfigFileError {
        path: path.to_path_buf(),
        line,
        column,
        key: Some(dotted),
        message,
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
        + 1;
    (line, column)
}

/// Every dotted key of the document with the spans of its key and its value, as the parser saw
/// them (tables included, so `profiles.work` is there as well as `profiles.work.base_url`).
fn spans(text: &str) -> Vec<(String, Range<usize>, Range<usize>)> {
    fn walk(prefix: &str, table: &DeTable<'_>, out: &mut Vec<(String, Range<usize>, Range<usize>)>) {
        for (k, v) in table {
            let dotted = if prefix.is_empty() {
                k.get_ref().to_string()
            } else {
                format!("{prefix}.{}", k.get_ref())
            };
            if let DeValue::Table(inner) = v.get_ref() {
                walk(&dotted, inner, out);
            }
            out.push((dotted, k.span(), v.span()));
        }
    }
    let mut out = Vec::new();
    if let Ok(doc) = DeTable::parse(text) {
        walk("", doc.get_ref(), &mut out);
    }
    out
}

/// The deepest dotted key whose key or value covers byte `offset`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    spans(text)
        .into_iter()
        .filter(|(_, k, v)| k.contains(&offset) || v.contains(&offset) || k.start == offset)
        .max_by_key(|(dotted, ..)| dotted.matches('.').count())
        .map(|(dotted, ..)| dotted)
}

/// Where the key `dotted` starts.
fn span_of(text: &str, dotted: &str) -> Option<usize> {
    spans(text)
        .into_iter()
        .find(|(d, ..)| d == dotted)
        .map(|(_, k, _)| k.start)
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
