//! The config file (`config.toml`): its shape, where it lives, and errors that name the file,
//! the line and the key. No file at all is normal; a file that exists must be valid.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    pub read_only: Option<bool>,
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
        let (line, column) = e.span().map_or((None, None), |s| {
            let (l, c) = line_col(text, s.start);
            (Some(l), Some(c))
        });
        let key = line
            .and_then(|l| key_on_line(text, l))
            .or_else(|| quoted_field(e.message()));
        ConfigFileError {
            path: path.to_path_buf(),
            line,
            column,
            key,
            message: e.message().to_string(),
        }
    })
}

/// An error about a key found valid by the parser but wrong in meaning (a missing profile…),
/// located by the first line that sets `key` (inside `table` if given).
pub fn semantic_error(
    path: &Path,
    text: &str,
    table: Option<&str>,
    key: &str,
    message: String,
) -> ConfigFileError {
    let line = find_key_line(text, table, key);
    ConfigFileError {
        path: path.to_path_buf(),
        line,
        column: line.map(|_| 1),
        key: Some(match table {
            Some(t) => format!("{t}.{key}"),
            None => key.to_string(),
        }),
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

/// The dotted key set on a line (`image` or `profiles.work.base_url`), from the line itself and
/// the table header above it.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let own = lines.get(line.checked_sub(1)?)?.trim();
    let header = lines[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('['))
        .map(|h| h.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    if own.starts_with('[') {
        return Some(own.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    }
    let key = own.split('=').next()?.trim().trim_matches('"');
    if key.is_empty() || !own.contains('=') {
        return header;
    }
    Some(match header {
        Some(h) => format!("{h}.{key}"),
        None => key.to_string(),
    })
}

/// The name in backquotes of "unknown field `imag`, expected …".
fn quoted_field(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

fn find_key_line(text: &str, table: Option<&str>, key: &str) -> Option<usize> {
    let mut current: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if l.starts_with('[') {
            current = Some(l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
            continue;
        }
        let k = l.split('=').next().map(|k| k.trim().trim_matches('"'));
        if l.contains('=') && k == Some(key) && current.as_deref() == table {
            return Some(i + 1);
        }
    }
    table.and_then(|t| {
        text.lines()
            .position(|l| l.trim() == format!("[{t}]"))
            .map(|i| i + 1)
    })
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
