//! Ctrl-C during a one-shot command: the command stops and the process exits 130, as shells
//! report a command stopped by it.

use super::CliError;

/// Runs `command` until it ends or Ctrl-C stops it ([`CliError::Interrupted`]). Dropping the
/// command's future cancels its requests; whatever the caller awaits afterwards (the embedded
/// platform's shutdown) still runs.
pub async fn interruptible<T, F>(command: F) -> Result<T, CliError>
where
    F: std::future::Future<Output = Result<T, CliError>>,
{
    tokio::select! {
        // The handler is in place before the command takes its first step.
        biased;
        Ok(()) = tokio::signal::ctrl_c() => Err(CliError::Interrupted),
        result = command => result,
    }
}
