//! A one-shot command: the context it runs in, the service it talks to (starting the embedded
//! platform for it when needed), and Ctrl-C.

use super::embedded::connect;
use super::logging::LOG_FILE;
use super::tui_setup::doctor_environment;
use crate::cli::{self, CliContext, CliError, Command};
use crate::config::{self, Service, Settings};

/// Runs `command` against the service `settings` choose, then stops the embedded platform.
pub async fn run(command: Command, settings: &Settings) -> Result<(), CliError> {
    let choice = &settings.choice;
    let service = choice.resolve().map_err(|e| CliError::Usage(e.to_string()))?;
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
    let (client, embedded) = cli::interruptible(async {
        connect(service)
            .await
            .map_err(|e| CliError::Other(format!("{e:#}")))
    })
    .await?;
    let result = cli::interruptible(cli::run(command, &client, &ctx)).await;
    if let Some(p) = embedded {
        p.shutdown().await;
    }
    result
}
