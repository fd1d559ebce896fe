//! `indexes`: every index with its models, how many assets it holds and when it was made.

use crate::api::Client;
use crate::api::types::Index;
use crate::cli::{CliError, IndexesArgs, output, output::render, output::table};
use crate::format;

pub async fn run(client: &Client, args: &IndexesArgs) -> Result<(), CliError> {
    let all = client.list_all_indexes(None).await?;
    if args.json {
        return render::print_json(&all);
    }
    if all.is_empty() {
        output::note("no indexes");
        return Ok(());
    }
    write!(output::stdout(), "{}", listing(&all))?;
    Ok(())
}

/// `model (option, option)` for each model, comma-separated.
pub(super) fn models(index: &Index) -> String {
    index
        .models
        .iter()
        .map(|m| {
            if m.model_options.is_empty() {
                m.model_name.clone()
            } else {
                format!("{} ({})", m.model_name, m.model_options.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The table of indexes, name last (names are free text).
fn listing(all: &[Index]) -> String {
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|i| {
            vec![
                i.id.clone(),
                i.video_count.map(|n| n.to_string()).unwrap_or_default(),
                i.created_at
                    .as_deref()
                    .map(format::short_time)
                    .unwrap_or_default(),
                models(i),
                i.index_name.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table::render(&["ID", "ASSETS", "CREATED", "MODELS", "NAME"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::IndexModel;

    #[test]
    fn a_row_names_the_models_and_their_options() {
        let index = Index {
            id: "6650aa".into(),
            index_name: Some("harbor".into()),
            models: vec![IndexModel {
                model_name: "marengo3.0".into(),
                model_options: vec!["visual".into(), "audio".into()],
            }],
            addons: None,
            video_count: Some(2),
            total_duration: None,
            created_at: Some("2026-08-01T09:14:27Z".into()),
            updated_at: None,
            expires_at: None,
        };
        let t = listing(&[index]);
        let row = t.lines().nth(1).expect("row");
        assert!(
            row.contains("marengo3.0 (visual, audio)") && row.ends_with("harbor"),
            "{row}"
        );
        assert!(row.contains("2026-08-01 09:14"), "{row}");
    }
}
