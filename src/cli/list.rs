//! `list`: one page or every page of assets.

use super::{CliError, ListArgs, render};
use crate::api::Client;
use crate::api::types::{AssetType, ListAssetsQuery};

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
    if args.json {
        return render::print_json(&assets);
    }
    print!("{}", render::table(&assets));
    if let Some(info) = info {
        eprintln!(
            "page {} of {} ({} assets in all)",
            info.page,
            info.total_page.max(1),
            info.total_results
        );
    }
    Ok(())
}
