//! `used-by ASSET_ID`: the indexes that hold an asset (with each indexed asset's status) and the
//! entities that name it (with their collection). `get` shows the same as two sections.

use serde::Serialize;

use crate::api::types::Entity;
use crate::api::{ApiError, Client, EntityUse, IndexUse};
use crate::cli::{CliError, UsedByArgs, output, output::render, output::table};

pub async fn run(client: &Client, args: &UsedByArgs) -> Result<(), CliError> {
    let indexes = client.indexes_of(&args.id).await?;
    let entities = client.entities_of(&args.id).await?;
    if args.json {
        #[derive(Serialize)]
        struct Out<'a> {
            indexes: &'a [IndexUse],
            entities: Vec<&'a Entity>,
        }
        return render::print_json(&Out {
            indexes: &indexes,
            entities: entities.iter().map(|e| &e.entity).collect(),
        });
    }
    write!(output::stdout(), "{}", section_text(&Ok(indexes), &Ok(entities)))?;
    Ok(())
}

/// The "Indexes" and "Entities" sections; a part that could not be read says why.
pub fn section_text(
    indexes: &Result<Vec<IndexUse>, ApiError>,
    entities: &Result<Vec<EntityUse>, ApiError>,
) -> String {
    let mut out = String::new();
    section(
        &mut out,
        "Indexes",
        indexes,
        &["NAME", "INDEX", "INDEXED ASSET", "STATUS"],
        |u| {
            vec![
                u.index.name.clone().unwrap_or_else(|| "?".into()),
                u.index.id.clone(),
                u.id.clone(),
                u.status.as_ref().map_or_else(|| "?".into(), ToString::to_string),
            ]
        },
    );
    section(
        &mut out,
        "Entities",
        entities,
        &["NAME", "ENTITY", "COLLECTION"],
        |u| {
            vec![
                u.entity.name.clone().unwrap_or_else(|| "?".into()),
                u.entity.id.clone(),
                u.collection_name.clone().unwrap_or_else(|| "?".into()),
            ]
        },
    );
    out
}

/// One titled section: a table of `part`'s rows, `(none)`, or why it could not be read.
fn section<T>(
    out: &mut String,
    title: &str,
    part: &Result<Vec<T>, ApiError>,
    header: &[&str],
    row: impl Fn(&T) -> Vec<String>,
) {
    out.push_str(title);
    out.push('\n');
    match part {
        Err(e) => out.push_str(&format!("  (could not be read: {}: {})\n", e.code(), e.message())),
        Ok(v) if v.is_empty() => out.push_str("  (none)\n"),
        Ok(v) => {
            let rows: Vec<Vec<String>> = v.iter().map(&row).collect();
            out.push_str(&indent(&table::render(header, &rows)));
        }
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
