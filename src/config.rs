//! Where settings come from: flags and environment (`TWELVE_LABS_API_KEY`,
//! `TWELVE_LABS_BASE_URL`), the config file with its profiles ([`file`](mod@file), [`settings`]), and the
//! directories for local platform data and logs.

use std::path::PathBuf;

use crate::api::{ApiKey, DEFAULT_BASE_URL};

pub mod file;
mod key_command;
pub mod settings;

pub use file::{ConfigFile, ConfigFileError};
pub use settings::{FlagInputs, KeySource, Settings};

/// Which service the commands and the TUI talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Service {
    /// The real service (or any server of the contract) at `base_url`, with a key.
    Remote { base_url: String, key: ApiKey },
    /// The embedded local platform, started in-process on loopback over `data_dir`.
    Local { data_dir: PathBuf },
}

/// What the user asked for on the command line and in the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceChoice {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    pub local: bool,
    pub data_dir: Option<PathBuf>,
}

/// Why a service could not be chosen.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error(
        "--base-url {0} was given without an API key: set TWELVE_LABS_API_KEY or --api-key \
         (or drop --base-url to use the local platform)"
    )]
    BaseUrlWithoutKey(String),
    #[error("no data directory could be found for the local platform: pass --data-dir")]
    NoDataDir,
}

impl ServiceChoice {
    /// Picks the service: `--local` wins; a key means the remote service (default base URL
    /// unless given); no key and no base URL means the local platform, so a fresh machine works.
    pub fn resolve(&self) -> Result<Service, ConfigError> {
        let key = self.api_key.as_deref().map(str::trim).filter(|k| !k.is_empty());
        let base = self.base_url.as_deref().map(str::trim).filter(|b| !b.is_empty());
        if self.local {
            return self.local_service();
        }
        match (key, base) {
            (Some(key), base) => Ok(Service::Remote {
                base_url: base.unwrap_or(DEFAULT_BASE_URL).to_string(),
                key: ApiKey::new(key),
            }),
            (None, Some(base)) => Err(ConfigError::BaseUrlWithoutKey(base.to_string())),
            (None, None) => self.local_service(),
        }
    }

    fn local_service(&self) -> Result<Service, ConfigError> {
        let data_dir = match &self.data_dir {
            Some(d) => d.clone(),
            None => default_data_dir().ok_or(ConfigError::NoDataDir)?,
        };
        Ok(Service::Local { data_dir })
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("io", "tl-assets", "tl-assets")
}

/// The default data directory of the local platform (e.g. `~/.local/share/tl-assets/platform`).
pub fn default_data_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().join("platform"))
}

/// Where resume state of multipart uploads is kept: beside the local platform's data when
/// `--data-dir` is given, else in the user's data directory (for the real service too).
pub fn resume_dir(data_dir: Option<&std::path::Path>) -> Option<PathBuf> {
    match data_dir {
        Some(d) => Some(d.join("resumable-uploads")),
        None => project_dirs().map(|d| d.data_dir().join("resumable-uploads")),
    }
}

/// Where the TUI keeps what it may lose (the listing shown at start), e.g.
/// `~/.cache/tl-assets` (`XDG_CACHE_HOME` respected).
pub fn cache_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.cache_dir().to_path_buf())
}

/// Where log files go (e.g. `~/.local/state/tl-assets`), falling back to the data directory.
pub fn log_dir() -> Option<PathBuf> {
    let dirs = project_dirs()?;
    Some(dirs.state_dir().unwrap_or_else(|| dirs.data_dir()).to_path_buf())
}

/// The host shown in the status bar for a base URL (`api.twelvelabs.io`).
pub fn service_label(base_url: &str) -> String {
    reqwest::Url::parse(base_url)
        .ok()
        .and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
        })
        .unwrap_or_else(|| base_url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(key: Option<&str>, base: Option<&str>, local: bool) -> ServiceChoice {
        ServiceChoice {
            api_key: key.map(String::from),
            base_url: base.map(String::from),
            local,
            data_dir: Some(PathBuf::from("/tmp/tl")),
        }
    }

    #[test]
    fn no_key_means_local() {
        assert_eq!(
            choice(None, None, false).resolve(),
            Ok(Service::Local {
                data_dir: "/tmp/tl".into()
            })
        );
        assert_eq!(
            choice(Some("  "), None, false).resolve(),
            Ok(Service::Local {
                data_dir: "/tmp/tl".into()
            })
        );
    }

    #[test]
    fn key_means_remote_with_default_url() {
        match choice(Some("k"), None, false).resolve() {
            Ok(Service::Remote { base_url, .. }) => assert_eq!(base_url, DEFAULT_BASE_URL),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn local_flag_wins_over_key() {
        assert!(matches!(
            choice(Some("k"), Some("http://x"), true).resolve(),
            Ok(Service::Local { .. })
        ));
    }

    #[test]
    fn base_url_without_key_is_an_error() {
        assert!(matches!(
            choice(None, Some("http://127.0.0.1:9/v1.3"), false).resolve(),
            Err(ConfigError::BaseUrlWithoutKey(_))
        ));
    }

    #[test]
    fn labels() {
        assert_eq!(
            service_label("https://api.twelvelabs.io/v1.3"),
            "api.twelvelabs.io"
        );
        assert_eq!(service_label("http://127.0.0.1:8080/v1.3"), "127.0.0.1:8080");
    }
}
