//! Walking every page of a list.

use super::client::Client;
use super::error::ApiError;
use super::types::{Asset, ListAssetsQuery};

impl Client {
    /// Every asset matching `query`, from `query.page` (default 1) to the last page. Stops at
    /// `total_page` or at the first empty page, whichever comes first, so a server that does not
    /// fill `page_info` still ends.
    pub async fn list_all_assets(&self, query: &ListAssetsQuery) -> Result<Vec<Asset>, ApiError> {
        let mut query = query.clone();
        let mut page = query.page.unwrap_or(1);
        let mut all = Vec::new();
        loop {
            query.page = Some(page);
            let got = self.list_assets(&query).await?;
            let last = got.is_last();
            all.extend(got.data);
            if last {
                return Ok(all);
            }
            page += 1;
        }
    }
}
