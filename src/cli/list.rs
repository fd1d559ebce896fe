//! `list`: one page or every page of assets.

use crate::api::Client;
use crate::api::types::{AssetType, ListAssetsQuery};
use crate::cli::{CliError, ListArgs, output, output::render};

pub async fn run(client: &Client, args: &ListArgs) -> Result<(), CliError> {
    let query = ListAssetsQuery {
        page: Some(args.page),
        page_limit: Some(args.page_limit),
        asset_ids: args.ids.clone(),
        asset_types: args.types.iter().map(|t| AssetType::from(t.as_str())).collect(),
        filename: args.filename.clone(),
    };
    let (assets, info) = if args.all {
        let all = client.list_all_assets(&query).await?;
        (all, None)
    } else {
        let page = client.list_assets(&query).await?;
        (page.data, Some(page.page_info))
    };
    let past_end = info
        .as_ref()
        .filter(|i| assets.is_empty() && args.page > i.total_page.max(1))
        .map(|i| {
            format!(
                "page {} is past the end: {} ({} {} in all)",
                args.page,
                match i.total_page {
                    0 | 1 => "there is only page 1".to_string(),
                    n => format!("the last page is {n}"),
                },
                i.total_results,
                assets_noun(i.total_results)
            )
        });
    if args.json {
        render::print_json(&assets)?;
        if let Some(note) = past_end {
            output::note(note);
        }
        return Ok(());
    }
    if let Some(note) = past_end {
        output::note(note);
        return Ok(());
    }
    write!(output::stdout(), "{}", render::table(&assets))?;
    if let Some(info) = info {
        output::note(format!(
            "page {} of {} ({} {} in all)",
            info.page,
            info.total_page.max(1),
            info.total_results,
            assets_noun(info.total_results)
        ));
    }
    Ok(())
}

fn assets_noun(n: u64) -> &'static str {
    if n == 1 { "asset" } else { "assets" }
}
