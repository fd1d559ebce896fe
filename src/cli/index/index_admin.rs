//! `index create NAME [--model marengo3.0:visual,audio]` and `index delete ID|NAME`: making and
//! removing indexes. Names and models are checked before anything is sent (blank, taken, a model
//! the service no longer takes); a delete asks first on a terminal, naming the index and how many
//! assets are indexed in it (`--yes` skips the question; without a terminal it is required).

use crate::api::indexable::{check_index_name, parse_model_spec};
use crate::api::types::{CreateIndexRequest, Index};
use crate::api::{ApiError, Client};
use crate::cli::index::index_args::{IndexAction, IndexCreateArgs, IndexDeleteArgs};
use crate::cli::index::{index_lookup, indexes};
use crate::cli::{CliError, output, output::render};

/// Runs `index create` or `index delete`; both are writes, refused in read-only mode.
pub async fn run(client: &Client, action: &IndexAction, read_only: bool) -> Result<(), CliError> {
    let what = match action {
        IndexAction::Create(_) => "index create",
        IndexAction::Delete(_) => "index delete",
    };
    if read_only {
        return Err(CliError::Usage(format!("{what} refused: --read-only is set")));
    }
    match action {
        IndexAction::Create(args) => create(client, args).await,
        IndexAction::Delete(args) => delete(client, args).await,
    }
}

async fn create(client: &Client, args: &IndexCreateArgs) -> Result<(), CliError> {
    let name = check_index_name(&args.name).map_err(CliError::Usage)?;
    let model = parse_model_spec(&args.model).map_err(|why| CliError::Usage(format!("--model: {why}")))?;
    // The service refuses a taken name too; asking first says which index holds it.
    let near = client.list_all_indexes(Some(&name)).await?;
    if let Some(same) = near
        .iter()
        .find(|i| i.index_name.as_deref() == Some(name.as_str()))
    {
        return Err(CliError::Usage(format!(
            "an index named {name:?} already exists ({}); choose another name",
            same.id
        )));
    }
    let body = CreateIndexRequest {
        index_name: name.clone(),
        models: vec![model],
        addons: None,
    };
    let id = client.create_index(&body).await?;
    let index = client.get_index(&id).await?;
    if args.json {
        return render::print_json(&index);
    }
    output::note(format!(
        "created index {name:?} ({id}) with {}",
        indexes::models(&index)
    ));
    writeln!(output::stdout(), "{id}")?;
    Ok(())
}

async fn delete(client: &Client, args: &IndexDeleteArgs) -> Result<(), CliError> {
    let index = index_lookup::find(client, &args.index, "index delete").await?;
    if !args.yes && !confirm(&index).await? {
        output::note("not deleted");
        return Ok(());
    }
    match client.delete_index(&index.id).await {
        Ok(()) => {}
        // Gone between the question and the delete: what was asked for holds.
        Err(ApiError::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    if args.json {
        return render::print_json(&index);
    }
    output::note(format!("deleted {}", label(&index)));
    Ok(())
}

/// `index "harbor" (6650…)`, the name printed safe.
fn label(index: &Index) -> String {
    match &index.index_name {
        Some(name) => format!("index {:?} ({})", crate::format::printable(name), index.id),
        None => format!("index {}", index.id),
    }
}

/// The question before a delete: the index, what goes with it, and what stays.
fn question(index: &Index) -> String {
    let held = match index.video_count {
        Some(0) => "it holds no assets".to_string(),
        Some(1) => "the 1 asset indexed in it is removed from it".to_string(),
        Some(n) => format!("the {n} assets indexed in it are removed from it"),
        None => "what is indexed in it is removed from it".to_string(),
    };
    format!(
        "Delete {} ({held}; the assets themselves stay)? This cannot be undone. [y/N] ",
        label(index)
    )
}

/// Asks on the terminal; without one, refuses rather than guessing.
async fn confirm(index: &Index) -> Result<bool, CliError> {
    output::require_terminal("delete an index")?;
    output::ask_yes_no(question(index)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_names_the_index_and_what_it_holds() {
        let index: Index = serde_json::from_value(serde_json::json!({
            "_id": "6650aa", "index_name": "harbor\u{1b}[2J", "video_count": 3
        }))
        .expect("index");
        let q = question(&index);
        assert!(
            q.contains("(6650aa)") && q.contains("the 3 assets indexed in it"),
            "{q}"
        );
        assert!(
            q.contains("assets themselves stay") && q.ends_with("[y/N] "),
            "{q}"
        );
        assert!(!q.contains('\u{1b}'), "control characters are escaped: {q}");
    }
}
