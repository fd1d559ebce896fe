//! `meta`: shows an asset's user metadata, or changes it (merge with `--set`/`--unset`,
//! replace with `--replace`, remove all with `--clear`), then shows the result.

use std::io::Write;

use serde_json::Value;

use super::{CliError, MetaArgs, render};
use crate::api::Client;
use crate::api::types::UserMetadata;

pub async fn run(client: &Client, args: &MetaArgs, read_only: bool) -> Result<(), CliError> {
    let writes = args.clear || args.replace || !args.set.is_empty() || !args.unset.is_empty();
    if writes && read_only {
        return Err(CliError::Usage(
            "metadata change refused: --read-only is set".into(),
        ));
    }
    if args.clear {
        client.delete_user_metadata(&args.id).await?;
    } else if args.replace {
        client
            .put_user_metadata(&args.id, &changes(&args.set, &[])?)
            .await?;
    } else if writes {
        client
            .patch_user_metadata(&args.id, &changes(&args.set, &args.unset)?)
            .await?;
    }
    let asset = client.get_asset(&args.id).await?;
    let metadata = asset.user_metadata.unwrap_or_default();
    if args.json {
        return render::print_json(&metadata);
    }
    let mut out = std::io::stdout().lock();
    if metadata.is_empty() && !writes {
        eprintln!("asset {} has no user metadata", args.id);
    }
    for (k, v) in &metadata {
        let shown = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        writeln!(out, "{k}={shown}")?;
    }
    Ok(())
}

/// The change set: `--set k=v` pairs in the one metadata grammar (typed values, quotes force
/// text), `--unset k` as `null`.
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
