//! `meta`: shows an asset's user metadata, or changes it (merge with `--set`/`--unset`,
//! replace with `--replace`, remove all with `--clear`), then shows the result. Several ids get
//! the same change, each in turn.

use serde_json::Value;

use crate::api::Client;
use crate::api::types::UserMetadata;
use crate::cli::{CliError, MetaArgs, output, output::render};
use crate::format;

pub async fn run(client: &Client, args: &MetaArgs, read_only: bool) -> Result<(), CliError> {
    let writes = args.clear || args.replace || !args.set.is_empty() || !args.unset.is_empty();
    if writes && read_only {
        return Err(CliError::Usage(
            "metadata change refused: --read-only is set".into(),
        ));
    }
    // A bad --set fails before any asset is changed.
    let change = if args.replace {
        Some(changes(&args.set, &[])?)
    } else if writes && !args.clear {
        Some(changes(&args.set, &args.unset)?)
    } else {
        None
    };
    if let [id] = args.ids.as_slice() {
        let metadata = apply(client, args, id, change.as_ref()).await?;
        return show(id, &metadata, args.json, writes);
    }
    // Several ids: each gets the change; one that fails gets its line and the rest go on.
    let mut results = Vec::new();
    let mut failed = 0usize;
    for id in &args.ids {
        match apply(client, args, id, change.as_ref()).await {
            Ok(metadata) => results.push((id, metadata)),
            Err(e) => {
                output::note(format!("failed {id}: {}: {}", e.code(), e.message()));
                failed += 1;
            }
        }
    }
    if args.json {
        let all: Vec<Value> = results
            .iter()
            .map(|(id, m)| serde_json::json!({ "asset_id": id, "user_metadata": m }))
            .collect();
        render::print_json(&all)?;
    } else {
        for (id, metadata) in &results {
            writeln!(output::stdout(), "{}:", format::printable(id))?;
            show(id, metadata, false, writes)?;
        }
    }
    if failed > 0 {
        return Err(CliError::Other(format!(
            "{failed} of {} assets not changed",
            args.ids.len()
        )));
    }
    Ok(())
}

/// Applies the change (if any) to one asset and returns its metadata after it.
async fn apply(
    client: &Client,
    args: &MetaArgs,
    id: &str,
    change: Option<&UserMetadata>,
) -> Result<UserMetadata, crate::api::ApiError> {
    if args.clear {
        client.delete_user_metadata(id).await?;
    } else if let Some(change) = change {
        if args.replace {
            client.put_user_metadata(id, change).await?;
        } else {
            client.patch_user_metadata(id, change).await?;
        }
    }
    let asset = client.get_asset(id).await?;
    Ok(asset.user_metadata.unwrap_or_default())
}

/// Prints one asset's metadata: `key=value` lines, or the JSON object.
fn show(id: &str, metadata: &UserMetadata, json: bool, writes: bool) -> Result<(), CliError> {
    if json {
        return render::print_json(metadata);
    }
    if metadata.is_empty() && !writes {
        output::note(format!("asset {id} has no user metadata"));
    }
    let mut out = output::stdout();
    for (k, v) in metadata {
        // Written in the grammar `--set` reads (`"007"` stays quoted, lists as `[a, b]`), so a
        // line pasted back stores the same value. Stored text is shown, never obeyed: one
        // `key=value` line per key, whatever it holds.
        let shown = crate::api::value_text(v);
        writeln!(out, "{}={}", format::printable(k), format::printable(&shown))?;
    }
    Ok(())
}

/// The change set: `--set k=v` pairs in the one metadata grammar (typed values, `[a, b]` lists,
/// quotes force text, integers past a double kept as typed), `--unset k` as `null`.
fn changes(set: &[String], unset: &[String]) -> Result<UserMetadata, CliError> {
    let mut m = UserMetadata::new();
    for pair in set {
        let (k, v) = crate::api::metadata_pair(pair).map_err(|e| CliError::Usage(format!("--set {e}")))?;
        m.insert(k, v);
    }
    for k in unset {
        if m.contains_key(k) {
            return Err(CliError::Usage(format!("{k:?} is both set and unset")));
        }
        m.insert(k.clone(), Value::Null);
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_unset_build_a_patch() {
        let m = changes(&["take=3".into(), "note=a=b".into()], &["old".into()]).expect("ok");
        assert_eq!(m["take"], Value::from(3));
        assert_eq!(m["note"], Value::from("a=b"));
        let quoted = changes(&["id=\"007\"".into()], &[]).expect("ok");
        assert_eq!(
            quoted["id"],
            Value::from("007"),
            "the grammar of --metadata and the form"
        );
        assert_eq!(m["old"], Value::Null);
        assert!(changes(&["novalue".into()], &[]).is_err());
        assert!(changes(&["k=1".into()], &["k".into()]).is_err());
    }
}
