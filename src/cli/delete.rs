//! `delete`: asks first on a terminal; a 409 (referenced) exits 3 and suggests `--force`.

use std::io::{BufRead, IsTerminal, Write};

use super::{CliError, DeleteArgs};
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
        eprint!("{what} asset {}? This cannot be undone. [y/N] ", args.id);
        std::io::stderr().flush()?;
        // The read blocks until the user answers: on a blocking thread, not an async worker.
        let answer = tokio::task::spawn_blocking(|| {
            let mut answer = String::new();
            std::io::stdin().lock().read_line(&mut answer).map(|_| answer)
        })
        .await
        .map_err(std::io::Error::other)??;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            eprintln!("not deleted");
            return Ok(());
        }
    }
    match client.delete_asset(&args.id, args.force).await {
        Ok(()) => {
            eprintln!("deleted {}", args.id);
            Ok(())
        }
        Err(e @ ApiError::Conflict { .. }) => Err(CliError::Referenced(e)),
        Err(e) => Err(e.into()),
    }
}
