//! A one-shot command: the context it runs in, the service it talks to (starting the embedded
//! platform for it when needed), and Ctrl-C.

use super::embedded::connect;
use super::logging::LOG_FILE;
use super::tui_setup::doctor_environment;
use crate::api::{ApiError, ApiKey};
use crate::cli::{self, CliContext, CliError, Command};
use crate::config::{self, ConfigError, Service, Settings};

/// Runs `command` against the service `settings` choose, then stops the embedded platform.
pub async fn run(command: Command, settings: &Settings) -> Result<(), CliError> {
    let choice = &settings.choice;
    let service = match choice.resolve() {
        // `doctor` is where a missing key is found out: it reports it rather than refusing.
        Err(ConfigError::BaseUrlWithoutKey(base_url)) if matches!(command, Command::Doctor(_)) => {
            Service::Remote {
                base_url,
                key: ApiKey::new(""),
            }
        }
        other => other.map_err(|e| CliError::Usage(e.to_string()))?,
    };
    let ctx = CliContext {
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
            doctor_environment(settings)
        } else {
            Vec::new()
        },
    };
    // A retried call says so at once, not after its last attempt.
    crate::api::on_retry(cli::say_retry);
    let (client, embedded) = cli::interruptible(async {
        connect(service)
            .await
            .map_err(|e| match e.downcast_ref::<ApiError>() {
                // `--base-url 'not a url'` is a usage mistake, not a failure of the service.
                Some(ApiError::InvalidSetting(m)) => CliError::Usage(m.clone()),
                _ => CliError::Other(format!("{e:#}")),
            })
    })
    .await?;
    let result = cli::interruptible(cli::run(command, &client, &ctx)).await;
    if let Some(p) = embedded {
        p.shutdown().await;
    }
    result
}
