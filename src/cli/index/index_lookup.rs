//! Finding the index a user means (`--into INDEX`, `index delete INDEX`): an id, else a name
//! (exact, else in any case). A name two indexes share is refused with their ids, so nothing is
//! sent to (or deleted from) the wrong one.

use crate::api::types::Index;
use crate::api::{ApiError, Client};
use crate::cli::CliError;

/// The index `wanted` names; `given_as` is where the user wrote it (`--into`), for messages.
pub async fn find(client: &Client, wanted: &str, given_as: &str) -> Result<Index, CliError> {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        return Err(CliError::Usage(format!("{given_as} needs an index id or name")));
    }
    if looks_like_id(wanted) {
        match client.get_index(wanted).await {
            Ok(index) => return Ok(index),
            Err(ApiError::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let near = client.list_all_indexes(Some(wanted)).await?;
    pick(wanted, near, given_as)
}

/// Ids are 24 hex digits; anything else can only be a name (and asking the service for it as
/// an id would only earn a 400).
fn looks_like_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The one index of `near` (the service's matches for the name) called `wanted`.
fn pick(wanted: &str, near: Vec<Index>, given_as: &str) -> Result<Index, CliError> {
    let name_of = |i: &Index| i.index_name.clone().unwrap_or_default();
    let exact: Vec<&Index> = near.iter().filter(|i| name_of(i) == wanted).collect();
    let folded: Vec<&Index> = near
        .iter()
        .filter(|i| name_of(i).to_lowercase() == wanted.to_lowercase())
        .collect();
    let matches = if exact.is_empty() { folded } else { exact };
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let mut msg = format!("no index has the id or name {wanted:?}");
            if !near.is_empty() {
                let names: Vec<String> = near.iter().take(5).map(|i| format!("{:?}", name_of(i))).collect();
                msg.push_str(&format!(" (similar: {})", names.join(", ")));
            }
            msg.push_str("; `tl-assets indexes` lists them");
            Err(CliError::Other(msg))
        }
        several => {
            let ids: Vec<String> = several
                .iter()
                .map(|i| format!("{} ({:?})", i.id, name_of(i)))
                .collect();
            Err(CliError::Usage(format!(
                "the name {wanted:?} matches {} indexes: {}; pass the id with {given_as}",
                several.len(),
                ids.join(", ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(id: &str, name: &str) -> Index {
        serde_json::from_value(serde_json::json!({"_id": id, "index_name": name})).expect("index")
    }

    #[test]
    fn exact_names_win_then_any_case_and_ties_ask_for_the_id() {
        let near = vec![index("a", "harbor"), index("b", "Harbor"), index("c", "harbor-2")];
        assert_eq!(pick("harbor", near.clone(), "--into").expect("exact").id, "a");
        let e = pick("HARBOR", near.clone(), "--into").expect_err("two in any case");
        assert!(
            matches!(&e, CliError::Usage(m) if m.contains("matches 2 indexes") && m.contains("a (") && m.contains("b (")),
            "{e}"
        );
        let e = pick("harb", near, "--into").expect_err("no such name");
        assert!(matches!(&e, CliError::Other(m) if m.contains("similar")), "{e}");
        assert!(looks_like_id("66b1f0c2a9e4d31b7c0f5a12") && !looks_like_id("harbor"));
    }
}
