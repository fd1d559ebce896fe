//! `delete`: asks first on a terminal; a 409 (referenced) exits 3 and suggests `--force`.

use std::io::{BufRead, IsTerminal};

use super::{CliError, DeleteArgs, output};
use crate::api::{ApiError, Client};

pub async fn run(client: &Client, args: &DeleteArgs) -> Result<(), CliError> {
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::Usage(
                "refusing to delete without confirmation: stdin is not a terminal; pass --yes".into(),
            ));
        }
        let what = if args.force {
            "Force-delete (removing its indexed assets too)"
        } else {
            "Delete"
        };
        output::prompt(format!("{what} asset {}? This cannot be undone. [y/N] ", args.id));
        // Read off the async threads, so Ctrl-C at the question still ends the command.
        let answer = tokio::task::spawn_blocking(|| {
            let mut answer = String::new();
            std::io::stdin().lock().read_line(&mut answer).map(|_| answer)
        })
        .await
        .map_err(|e| CliError::Other(e.to_string()))??;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            output::note("not deleted");
            return Ok(());
        }
    }
    match client.delete_asset(&args.id, args.force).await {
        Ok(()) => {
            output::note(format!("deleted {}", args.id));
            Ok(())
        }
        Err(e @ ApiError::Conflict { .. }) => Err(CliError::Referenced(e)),
        Err(e) => Err(e.into()),
    }
}
