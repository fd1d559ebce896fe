//! `delete ID...`: asks once on a terminal (listing the ids), then deletes each, a few at once, with
//! a line per id. Exit 3 when any was refused because indexed assets reference it (each named with
//! its indexes; `--force` deletes them), 1 when any other failed; the rest go on either way.

use std::io::{BufRead, IsTerminal};

use futures_util::stream::{self, StreamExt};

use super::{CliError, DeleteArgs, output};
use crate::api::{ApiError, Client};

/// Deletes in flight at once.
const AT_ONCE: usize = 8;

/// How the delete of one id ended.
enum Outcome {
    Deleted,
    /// 409: the index names (or ids) that use it, when they could be listed.
    Referenced(ApiError, Result<Vec<String>, ApiError>),
    Failed(ApiError),
}

pub async fn run(client: &Client, args: &DeleteArgs) -> Result<(), CliError> {
    let mut ids: Vec<&str> = Vec::new();
    for id in &args.ids {
        // Given twice, deleted once.
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    if !args.yes && !confirm(&ids, args.force).await? {
        output::note("not deleted");
        return Ok(());
    }
    let outcomes: Vec<(&str, Outcome)> = stream::iter(ids.iter().copied())
        .map(|id| async move { (id, delete_one(client, id, args.force).await) })
        .buffered(AT_ONCE)
        .collect()
        .await;
    let single = outcomes.len() == 1;
    let (mut referenced, mut failed) = (None, 0usize);
    for (id, outcome) in outcomes {
        match outcome {
            Outcome::Deleted if args.force => output::note(format!("force-deleted {id}")),
            Outcome::Deleted => output::note(format!("deleted {id}")),
            Outcome::Referenced(e, indexes) => {
                match indexes {
                    Ok(names) if !names.is_empty() => output::note(format!(
                        "not deleted {id}: used by indexed assets in {}",
                        names.join(", ")
                    )),
                    Ok(_) => output::note(format!("not deleted {id}: used by indexed assets")),
                    Err(why) => output::note(format!(
                        "not deleted {id}: used by indexed assets (could not list them: {})",
                        why.message()
                    )),
                }
                referenced.get_or_insert(e);
            }
            // One id: the error and its hint, as a single delete always printed.
            Outcome::Failed(e) if single => return Err(e.into()),
            Outcome::Failed(e) => {
                output::note(format!("failed {id}: {}: {}", e.code(), e.message()));
                failed += 1;
            }
        }
    }
    if let Some(e) = referenced {
        return Err(CliError::Referenced(e));
    }
    if failed > 0 {
        return Err(CliError::Other(format!(
            "{failed} of {} not deleted",
            args.ids.len()
        )));
    }
    Ok(())
}

/// One `[y/N]` question on stderr naming every id; false unless the answer is yes.
async fn confirm(ids: &[&str], force: bool) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "refusing to delete without confirmation: stdin is not a terminal; pass --yes".into(),
        ));
    }
    let what = if force {
        "Force-delete (removing their indexed assets too)"
    } else {
        "Delete"
    };
    match ids {
        [one] => output::prompt(format!("{what} asset {one}? This cannot be undone. [y/N] ")),
        many => {
            output::note(format!("{what} these {} assets?", many.len()));
            for id in many {
                output::note(format!("  {id}"));
            }
            output::prompt("This cannot be undone. [y/N] ");
        }
    }
    // Read off the async threads, so Ctrl-C at the question still ends the command.
    let answer = tokio::task::spawn_blocking(|| {
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map(|_| answer)
    })
    .await
    .map_err(|e| CliError::Other(e.to_string()))??;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

async fn delete_one(client: &Client, id: &str, force: bool) -> Outcome {
    match client.delete_asset(id, force).await {
        Ok(()) => Outcome::Deleted,
        Err(e @ ApiError::Conflict { .. }) => {
            let indexes = client.indexed_assets(id, 1, 50).await.map(|page| {
                let mut names: Vec<String> = Vec::new();
                for it in page.data {
                    let name = it.index.name.unwrap_or(it.index.id);
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                names
            });
            Outcome::Referenced(e, indexes)
        }
        Err(e) => Outcome::Failed(e),
    }
}
