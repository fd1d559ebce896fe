//! `delete ID...`: asks once on a terminal (naming each asset's file, and the ids that do not
//! exist), then deletes each, a few at once, with
//! a line per id. Exit 3 when any was refused because indexed assets reference it (each named with
//! its indexes; `--force` deletes them), 1 when any other failed; the rest go on either way.

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
    if !args.yes && !confirm(client, &ids, args.force).await? {
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

/// One `[y/N]` question on stderr naming every asset by its file, and saying which ids do not
/// exist (their deletes then fail with a line of their own); false unless the answer is yes.
async fn confirm(client: &Client, ids: &[&str], force: bool) -> Result<bool, CliError> {
    output::require_terminal("delete")?;
    let found: Vec<Found> = stream::iter(ids.iter().copied())
        .map(|id| async move { look_up(client, id).await })
        .buffered(AT_ONCE)
        .collect()
        .await;
    let (question, lines) = question(ids, &found, force);
    for line in lines {
        output::note(line);
    }
    output::ask_yes_no(question).await
}

/// What the question knows of one id before asking.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    /// The asset, by its file name (none stored: `None`).
    Asset(Option<String>),
    /// 404: nothing to delete.
    Missing,
    /// It could not be read (offline, rate limited…): asked about by id alone.
    Unknown,
}

async fn look_up(client: &Client, id: &str) -> Found {
    match client.get_asset(id).await {
        Ok(asset) => Found::Asset(asset.filename),
        Err(ApiError::NotFound { .. }) => Found::Missing,
        Err(_) => Found::Unknown,
    }
}

/// The lines before the question and the question itself: each asset with its file name (names
/// are printed safe: control characters escaped), the ids that do not exist apart.
fn question(ids: &[&str], found: &[Found], force: bool) -> (String, Vec<String>) {
    let what = if force {
        "Force-delete (removing their indexed assets too)"
    } else {
        "Delete"
    };
    let named = |id: &str, f: &Found| match f {
        Found::Asset(Some(name)) => format!("{} ({id})", crate::format::printable(name)),
        _ => id.to_string(),
    };
    let existing: Vec<String> = ids
        .iter()
        .zip(found)
        .filter(|(_, f)| **f != Found::Missing)
        .map(|(id, f)| named(id, f))
        .collect();
    let missing: Vec<&str> = ids
        .iter()
        .zip(found)
        .filter(|(_, f)| **f == Found::Missing)
        .map(|(id, _)| *id)
        .collect();
    let mut lines = Vec::new();
    if !missing.is_empty() {
        lines.push(format!("These ids do not exist: {}", missing.join(", ")));
    }
    let question = match existing.as_slice() {
        [] => "Nothing to delete; go on anyway? [y/N] ".to_string(),
        [one] => format!("{what} asset {one}? This cannot be undone. [y/N] "),
        many => {
            lines.push(format!("{what} these {} assets?", many.len()));
            lines.extend(many.iter().map(|m| format!("  {m}")));
            "This cannot be undone. [y/N] ".to_string()
        }
    };
    (question, lines)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_names_the_files_and_the_ids_that_do_not_exist() {
        let (q, lines) = question(
            &["a1", "b2", "c3"],
            &[
                Found::Asset(Some("clip.mp4".into())),
                Found::Missing,
                Found::Asset(Some("bad\u{1b}[31mname.mp4".into())),
            ],
            false,
        );
        assert_eq!(q, "This cannot be undone. [y/N] ");
        assert_eq!(
            lines,
            vec![
                "These ids do not exist: b2".to_string(),
                "Delete these 2 assets?".to_string(),
                "  clip.mp4 (a1)".to_string(),
                format!("  {} (c3)", crate::format::printable("bad\u{1b}[31mname.mp4")),
            ]
        );
        assert!(!lines[3].contains('\u{1b}'), "control characters are escaped");
        let (q, lines) = question(&["a1"], &[Found::Unknown], true);
        assert!(
            q.starts_with("Force-delete (removing their indexed assets too) asset a1?"),
            "{q}"
        );
        assert!(lines.is_empty());
    }
}
