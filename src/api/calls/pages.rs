//! Walking every page of a list, as a whole (`list_all_assets`) or as a stream of pages.

use futures_util::Stream;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::types::{Asset, ListAssetsQuery, Page};

impl Client {
    /// Every asset matching `query`, from `query.page` (default 1) to the last page. Stops at
    /// `total_page` or at the first empty page, whichever comes first, so a server that does not
    /// fill `page_info` still ends.
    pub async fn list_all_assets(&self, query: &ListAssetsQuery) -> Result<Vec<Asset>, ApiError> {
        use futures_util::TryStreamExt;
        let pages: Vec<Page<Asset>> = self.asset_pages(query.clone()).try_collect().await?;
        Ok(pages.into_iter().flat_map(|p| p.data).collect())
    }

    /// The pages of `query` one by one, from `query.page` (default 1), fetched as the stream is
    /// polled. Ends after the page that reaches `total_page` or comes back empty (an empty
    /// first page is still yielded, so callers see its `page_info`), or after the first error.
    pub fn asset_pages(
        &self,
        query: ListAssetsQuery,
    ) -> impl Stream<Item = Result<Page<Asset>, ApiError>> + Send + '_ {
        let first = query.page.unwrap_or(1);
        futures_util::stream::unfold(Some((query, first)), move |next| async move {
            let (mut query, page) = next?;
            query.page = Some(page);
            match self.list_assets(&query).await {
                Ok(got) => {
                    let more = (!got.is_last()).then(|| (query, page + 1));
                    Some((Ok(got), more))
                }
                Err(e) => Some((Err(e), None)),
            }
        })
    }
}

/// Every item of a paged list, fetching page 1, 2, … with `fetch` until `total_page` or the
/// first empty page (so a server that does not fill `page_info` still ends).
pub(crate) async fn collect_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, ApiError>
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>, ApiError>>,
{
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        let got = fetch(page).await?;
        let last = got.is_last();
        all.extend(got.data);
        if last {
            return Ok(all);
        }
        page += 1;
    }
}
